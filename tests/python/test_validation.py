"""The validation core of the weight fit against reference libraries: the AUC
against scikit-learn, DeLong's standard error against a bootstrap, Wilson
intervals and the calibration regression against statsmodels; folds by group
and the errors as Python sees them."""

from __future__ import annotations

import re
import threading
import time
import warnings
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import pytest
from sklearn.metrics import roc_auc_score
from statsmodels.discrete.discrete_model import Logit
from statsmodels.stats.proportion import proportion_confint
from statsmodels.tools import add_constant

import kobling


def random_set(rng: np.random.Generator, n: int, levels: int) -> tuple[np.ndarray, np.ndarray]:
    """Scores on few levels (many ties) that carry some signal about the labels."""
    y = (rng.random(n) < rng.uniform(0.1, 0.9)).astype(float)
    y[:2] = [0.0, 1.0]
    s = np.floor((rng.random(n) + 0.4 * y) * levels)
    return s, y


def test_auc_equals_sklearn_on_random_sets_with_ties() -> None:
    rng = np.random.default_rng(2026)
    for trial in range(100):
        n = int(rng.integers(5, 400))
        s, y = random_set(rng, n, int(rng.integers(2, 30)))
        got = kobling.auc_delong(s, y)
        assert got["auc"] == pytest.approx(roc_auc_score(y, s), abs=1e-12), trial
        assert got["positives"] == int(y.sum())
        assert got["negatives"] == n - int(y.sum())
        lower, upper = got["ci"]
        assert 0.0 <= lower <= got["auc"] <= upper <= 1.0


def test_delong_se_is_near_a_bootstrap_se() -> None:
    rng = np.random.default_rng(7)
    n = 2000
    y = (rng.random(n) < 0.3).astype(float)
    s = rng.normal(size=n) + 0.8 * y
    se = kobling.auc_delong(s, y)["se"]
    boot = []
    for _ in range(1000):
        rows = rng.integers(0, n, n)
        boot.append(roc_auc_score(y[rows], s[rows]))
    assert se == pytest.approx(float(np.std(boot, ddof=1)), rel=0.15)


def test_paired_difference_matches_both_aucs_and_is_tighter_for_correlated_scores() -> None:
    rng = np.random.default_rng(3)
    n = 1500
    y = (rng.random(n) < 0.4).astype(float)
    a = rng.normal(size=n) + 1.0 * y
    b = a + 0.5 * rng.normal(size=n)  # strongly correlated with a
    p = kobling.auc_delong_paired(a, b, y, confidence=0.9)
    assert p["a"]["auc"] == pytest.approx(roc_auc_score(y, a), abs=1e-12)
    assert p["b"]["auc"] == pytest.approx(roc_auc_score(y, b), abs=1e-12)
    d = p["difference"]
    assert d["difference"] == pytest.approx(p["a"]["auc"] - p["b"]["auc"], abs=1e-15)
    # Positive covariance: the paired SE is below the unpaired sqrt(se_a² + se_b²).
    assert d["se"] < 0.7 * np.hypot(p["a"]["se"], p["b"]["se"])
    lower, upper = d["ci"]
    assert lower < d["difference"] < upper


def test_wilson_equals_statsmodels() -> None:
    for trials in (1, 2, 7, 10, 33, 250):
        for successes in sorted({0, 1, trials // 3, trials // 2, trials - 1, trials}):
            for confidence in (0.8, 0.95, 0.99):
                got = kobling.wilson_interval(successes, trials, confidence)
                want = proportion_confint(successes, trials, alpha=1 - confidence,
                                          method="wilson")
                assert got == pytest.approx(want, abs=1e-12), (successes, trials, confidence)
    assert kobling.wilson_interval(0, 0) == (0.0, 1.0)


def test_calibration_slope_and_intercept_equal_statsmodels_logit() -> None:
    rng = np.random.default_rng(11)
    for trial, (n, stretch) in enumerate([(300, 1.0), (2000, 0.6), (5000, 1.7)]):
        t = rng.normal(scale=1.5, size=n)
        y = (rng.random(n) < 1 / (1 + np.exp(-t))).astype(float)
        p = 1 / (1 + np.exp(-(stretch * t + 0.3)))  # miscalibrated on purpose
        got = kobling.calibration(p, y)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            ref = Logit(y, add_constant(np.log(p / (1 - p)))).fit(disp=0, tol=1e-12)
        assert got["slope_defined"], trial
        assert got["intercept"] == pytest.approx(ref.params[0], abs=1e-6), trial
        assert got["slope"] == pytest.approx(ref.params[1], abs=1e-6), trial
        assert got["slope_se"] == pytest.approx(ref.bse[1], rel=1e-5), trial
        assert got["brier"] == pytest.approx(np.mean((p - y) ** 2), abs=1e-14)
        assert got["mean_observed"] == pytest.approx(y.mean(), abs=1e-15)
        bins = got["bins"]
        assert len(bins) == min(max(n // 20, 2), 10)
        assert sum(b["count"] for b in bins) == n
        means = [b["mean_predicted"] for b in bins]
        assert means == sorted(means)


def test_calibration_says_when_the_slope_is_undefined() -> None:
    got = kobling.calibration([0.1, 0.2, 0.8, 0.9], [0, 0, 1, 1], bins=3)
    assert not got["slope_defined"]
    assert np.isnan(got["slope"])
    assert [b["count"] for b in got["bins"]] == [1, 1, 2]


def test_grouped_folds_keep_groups_together() -> None:
    rng = np.random.default_rng(5)
    for trial in range(50):
        groups = rng.integers(0, int(rng.integers(2, 40)), size=int(rng.integers(40, 300)))
        distinct = len(np.unique(groups))
        if distinct < 2:
            continue
        folds = kobling.grouped_folds(groups, seed=trial)
        assert folds.dtype == np.int32
        k = distinct if distinct <= 10 else 5
        assert sorted(set(folds.tolist())) == list(range(k))
        for g in np.unique(groups):
            assert len(set(folds[groups == g].tolist())) == 1
        np.testing.assert_array_equal(kobling.grouped_folds(groups, seed=trial), folds)
    assert kobling.grouped_folds([5, 5, 2, 9]).tolist() == [1, 1, 0, 2]


def test_errors_name_the_argument() -> None:
    with pytest.raises(kobling.InvalidInputError, match=r"^\[kobling\.array\.bad_group\] "
                       r"groups\[2\]: must be >= 0, got -1$") as e:
        kobling.grouped_folds([0, 1, -1, 2])
    assert e.value.id == "kobling.array.bad_group"
    with pytest.raises(kobling.InvalidInputError, match=r"kobling\.fit\.bad_folds"):
        kobling.grouped_folds([0, 1, 1, 2], n_folds=4)
    with pytest.raises(TypeError, match=r"kobling\.python\.dtype"):
        kobling.grouped_folds([0.5, 1.0])
    with pytest.raises(kobling.InvalidInputError, match=r"^\[kobling\.fit\.one_class\] labels: "):
        kobling.auc_delong([0.1, 0.2], [1, 1])
    with pytest.raises(kobling.InvalidInputError,
                       match=r"^\[kobling\.array\.bad_probability\] probabilities\[1\]: "
                       r"must be in \[0, 1\], got 1\.5$"):
        kobling.calibration([0.1, 1.5], [0, 1])
    with pytest.raises(kobling.InvalidInputError, match=r"^\[kobling\.array\.shape\] scores: "):
        kobling.auc_delong([[0.1, 0.2]], [0, 1])


def ticks_during(call: Callable[[], object]) -> int:
    """Loop turns a Python thread makes while call() runs in this one."""
    state = {"run": True, "ticks": 0}

    def ticker() -> None:
        while state["run"]:
            state["ticks"] += 1

    t = threading.Thread(target=ticker)
    t.start()
    time.sleep(0.02)
    before = state["ticks"]
    call()
    during = state["ticks"] - before
    state["run"] = False
    t.join()
    return during


def test_auc_releases_the_gil_and_threads_agree() -> None:
    rng = np.random.default_rng(9)
    n = 300_000
    y = (rng.random(n) < 0.3).astype(float)
    s = rng.normal(size=n) + y
    # A call that holds the GIL (the regex engine backtracking, ~0.1 s) lets
    # the ticker turn only at the switch interval around it.
    held = ticks_during(lambda: re.match(r"(a+)+c", "a" * 22 + "b"))
    released = ticks_during(lambda: kobling.auc_delong(s, y))
    assert released > 3 * max(held, 1000), (released, held)
    alone = kobling.auc_delong(s, y)
    with ThreadPoolExecutor(3) as pool:
        results = list(pool.map(lambda _: kobling.auc_delong(s, y), range(3)))
    assert all(r == alone for r in results)
