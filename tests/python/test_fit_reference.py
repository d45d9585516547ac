"""kobling.fit_logistic against maintained implementations.

scikit-learn's LogisticRegression (L2, newton-cholesky, sample weights) is the
reference with a penalty; statsmodels' Logit (Newton) without one; SciPy's
L-BFGS-B on the same objective with bounds. The penalty conventions differ:
sklearn minimises C·Σ w·loss + ½‖β‖², kobling Σ w·loss + (λ/2)‖β‖², so C = 1/λ.
"""

from __future__ import annotations

import warnings

import numpy as np
import pytest

import kobling
from conftest import require

sklearn_linear = require("sklearn.linear_model")
sm = require("statsmodels.api")
optimize = require("scipy.optimize")


def problem(seed: int, *, n: int | None = None, p: int | None = None):
    rng = np.random.default_rng(seed)
    n = n or int(rng.integers(20, 400))
    p = p or int(rng.integers(1, 9))
    X = rng.random((n, p))
    beta = rng.normal(0, 2, p)
    eta = -0.5 + X @ beta
    y = (rng.random(n) < 1 / (1 + np.exp(-eta))).astype(float)
    if y.min() == y.max():  # both classes, so an intercept has an optimum
        y[0] = 1 - y[0]
    w = rng.uniform(0.2, 3.0, n) if seed % 2 else None
    return X, y, w


def objective(params, X, y, w, lam):
    b, beta = params[0], params[1:]
    eta = b + X @ beta
    w = np.ones(len(y)) if w is None else w
    return float(np.sum(w * (np.logaddexp(0, eta) - y * eta)) + 0.5 * lam * beta @ beta)


@pytest.mark.parametrize("seed", range(200))
def test_penalised_fit_equals_scikit_learn(seed: int) -> None:
    X, y, w = problem(seed)
    lam = [0.1, 1.0, 10.0][seed % 3]
    ours = kobling.fit_logistic(X, y, w, l2=lam)
    assert ours["status"] == "optimal"
    ref = sklearn_linear.LogisticRegression(
        C=1 / lam, solver="newton-cholesky", tol=1e-12, max_iter=1000
    ).fit(X, y, sample_weight=w)
    scale = max(1.0, float(np.abs(ref.coef_).max()))
    np.testing.assert_allclose(ours["coef"], ref.coef_[0], rtol=0, atol=1e-6 * scale)
    assert ours["intercept"] == pytest.approx(ref.intercept_[0], abs=1e-6 * scale)
    ok, violations = kobling.check_logistic_kkt(X, y, w, ours, l2=lam)
    assert ok, violations


@pytest.mark.parametrize("seed", range(40))
def test_unpenalised_fit_equals_statsmodels(seed: int) -> None:
    X, y, _ = problem(1000 + seed, n=600, p=int(1 + seed % 4))
    ours = kobling.fit_logistic(X, y, l2=0.0)
    if ours["status"] == "separated":  # statsmodels raises on these; nothing to compare
        pytest.fail("the seeded problems are chosen large enough not to separate")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ref = sm.Logit(y, sm.add_constant(X, has_constant="add")).fit(
            method="newton", tol=1e-12, maxiter=200, disp=0
        )
    np.testing.assert_allclose(
        np.r_[ours["intercept"], ours["coef"]], ref.params, rtol=1e-7, atol=1e-7
    )


@pytest.mark.parametrize("seed", range(60))
def test_bounded_fit_is_the_minimum(seed: int) -> None:
    """With a sign box, the fit equals sklearn refitted on the free coefficients
    (the active ones at their bound, 0), its gradient points outward on the
    active ones, and L-BFGS-B finds no lower objective."""
    X, y, w = problem(2000 + seed)
    p = X.shape[1]
    lam = 1.0
    # Flip half the columns so that many true effects are negative: the box is active.
    X[:, ::2] = 1 - X[:, ::2]
    ours = kobling.fit_logistic(X, y, w, l2=lam, lower=np.zeros(p))
    assert ours["status"] == "optimal"
    coef = ours["coef"]
    assert coef.min() >= 0
    active = coef == 0
    assert np.all(ours["gradient"][active] >= -1e-8)
    free = ~active
    if free.any():
        ref = sklearn_linear.LogisticRegression(
            C=1 / lam, solver="newton-cholesky", tol=1e-12, max_iter=1000
        ).fit(X[:, free], y, sample_weight=w)
        np.testing.assert_allclose(coef[free], ref.coef_[0], atol=1e-6)
    start = np.zeros(p + 1)
    res = optimize.minimize(
        objective, start, args=(X, y, w, lam), method="L-BFGS-B",
        bounds=[(None, None)] + [(0, None)] * p, options={"ftol": 1e-15, "gtol": 1e-10},
    )
    assert ours["objective"] <= res.fun + 1e-9
    assert ours["objective"] == pytest.approx(objective(np.r_[ours["intercept"], coef], X, y, w,
                                                        lam), rel=1e-12)


def test_box_binds_on_a_constructed_problem() -> None:
    """The check can fail: the unconstrained optimum has a negative effect, the
    bounded one sits at 0, and the unconstrained fit is refused by the bounded check."""
    X = np.linspace(0, 1, 50)[:, None]
    y = (np.arange(50) % 5 < np.linspace(4, 1, 50)).astype(float)
    free = kobling.fit_logistic(X, y, l2=0.1)
    assert free["coef"][0] < -0.5
    bounded = kobling.fit_logistic(X, y, l2=0.1, lower=[0.0])
    assert bounded["coef"][0] == 0.0 and bounded["gradient"][0] > 0
    ok, violations = kobling.check_logistic_kkt(X, y, None, free, l2=0.1, lower=[0.0])
    assert not ok and violations


def test_bounded_problems_do_bind() -> None:
    """The bounded cross-check above is not vacuous: its problems put many
    coefficients at the bound."""
    active = 0
    for seed in range(60):
        X, y, w = problem(2000 + seed)
        X[:, ::2] = 1 - X[:, ::2]
        fit = kobling.fit_logistic(X, y, w, lower=np.zeros(X.shape[1]))
        active += int(np.sum(fit["coef"] == 0))
    assert active >= 30


def test_errors_name_the_argument() -> None:
    X = np.zeros((3, 2))
    with pytest.raises(ValueError, match=r"\[kobling.array.bad_label\] y\[1\]"):
        kobling.fit_logistic(X, [0, 2, 1])
    with pytest.raises(ValueError, match=r"\[kobling.array.shape\] X"):
        kobling.fit_logistic(np.zeros(3), [0, 1, 1])
    with pytest.raises(ValueError, match=r"\[kobling.array.bad_sample_weight\] sample_weight\[0\]"):
        kobling.fit_logistic(X, [0, 1, 1], [-1.0, 1.0, 1.0])
    with pytest.raises(TypeError, match="y"):
        kobling.fit_logistic(X, None)
