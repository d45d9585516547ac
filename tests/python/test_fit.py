"""The weight fit from Python (kobling/fit.hpp, kobling/guardrails.hpp).

The done-criterion "the fit matches the reference implementation's
coefficients": on seeded synthetic intakes, scikit-learn's LogisticRegression
refitted on FitResult.design() gives the same coefficients and intercept
(to 1e-6) on the columns the box leaves free, and the gradient points outward
on the rest. Then the design against Kickoff.explain, the decision, the
evidence frames, applying weights, the group report, the record step and its
errors, the weights/1 schema and the bundled intakes.
"""

from __future__ import annotations

import json
import shutil
import warnings

import numpy as np
import pandas as pd
import pytest

import kobling
from conftest import DATA, TEST_DATA, require

sklearn_linear = require("sklearn.linear_model")

TRONDELAG = DATA / "kickoff_trondelag.json"
INTAKES = DATA / "intakes_trondelag"
# Plausible for the programme: interest and motivation matter most, then
# resilience and a driving licence (getting to a workplace).
TRUE_WEIGHTS = {"interest": 3, "motivation": 3, "resilience": 1, "driving_licence": 2}
META = ["intake", "candidate", "company", "y", "weight", "hand_score"]


@pytest.fixture(scope="module")
def template() -> kobling.Kickoff:
    return kobling.Kickoff.load(TRONDELAG)


@pytest.fixture(scope="module")
def trondelag_intakes(template) -> list[kobling.Intake]:
    return kobling.synthetic_intakes(template, intakes=4, true_weights=TRUE_WEIGHTS, seed=5)


@pytest.fixture(scope="module")
def plain_intakes() -> list[kobling.Intake]:
    """True weights far from the hand ones (every plain company weighs f1..f4 equally)."""
    return kobling.synthetic_intakes(intakes=6, candidates=300,
                                     true_weights={"f1": 5, "f2": 1, "f3": 0, "f4": 0}, seed=2)


@pytest.fixture(scope="module")
def keep_fit(trondelag_intakes) -> kobling.FitResult:
    return kobling.fit_weights(trondelag_intakes)


@pytest.fixture(scope="module")
def adopt_fit(plain_intakes) -> kobling.FitResult:
    return kobling.fit_weights(plain_intakes)


def sklearn_fit(X, y, w, l2):
    return sklearn_linear.LogisticRegression(
        C=1 / l2, solver="newton-cholesky", tol=1e-12, max_iter=1000).fit(X, y, sample_weight=w)


def gradient(X, y, w, l2, intercept, coef):
    """∂/∂β of Σ w [log(1 + e^η) - y η] + (λ/2)‖β‖², η = b + Xβ (independent of kobling)."""
    eta = intercept + X @ coef
    return X.T @ (w / (1 + np.exp(-eta)) - w * y) + l2 * coef


# --- the reference: scikit-learn on the design -------------------------------------


def reference_cases():
    template = kobling.Kickoff.load(TRONDELAG)
    return {
        "plain": (lambda: kobling.synthetic_intakes(
            intakes=3, candidates=250, true_weights={"f1": 3, "f2": 1, "f3": 0, "f4": 2},
            seed=11), {}),
        "plain-balanced-l2": (lambda: kobling.synthetic_intakes(
            intakes=4, candidates=150, intake_shift=0.5, censored=0.1, seed=12),
            {"l2": 0.3, "balance_intakes": True}),
        "trondelag": (lambda: kobling.synthetic_intakes(
            template, intakes=3, true_weights=TRUE_WEIGHTS, seed=13), {}),
        "trondelag-l2": (lambda: kobling.synthetic_intakes(
            template, intakes=5, true_weights=TRUE_WEIGHTS, seed=14), {"l2": 4.0}),
    }


@pytest.mark.parametrize("case", list(reference_cases()))
def test_fit_matches_scikit_learn_on_the_design(case):
    make, options = reference_cases()[case]
    intakes = make()
    fit = kobling.fit_weights(intakes, **options)
    l2 = options.get("l2", 1.0)
    design = fit.design()
    features = list(fit.coefficients.index)
    assert [c for c in design.columns if c not in META] == features
    X = design[features].to_numpy()
    y = design["y"].to_numpy()
    w = design["weight"].to_numpy()
    coef = fit.coefficients.to_numpy()
    assert coef.min() >= 0  # the default box: increasing
    free = coef > 0
    assert free.any()
    ref = sklearn_fit(X[:, free], y, w, l2)
    np.testing.assert_allclose(coef[free], ref.coef_[0], rtol=0, atol=1e-6)
    assert fit.intercept == pytest.approx(ref.intercept_[0], abs=1e-6)
    # The columns at the bound 0: the gradient points outward (lowering them
    # would pay, raising them would not), so the box, not the data, holds them.
    g = gradient(X, y, w, l2, fit.intercept, coef)
    assert np.all(g[~free] >= -1e-7), g[~free]
    ok, violations = kobling.check_logistic_kkt(
        X, y, w, {"intercept": fit.intercept, "coef": coef}, l2=l2, lower=np.zeros(len(coef)))
    assert ok, violations
    # The profile is the coefficients scaled to sum 1.
    assert fit.scale == pytest.approx(coef.sum(), rel=1e-12)
    np.testing.assert_allclose(fit.weights.to_numpy(), coef / coef.sum(), rtol=1e-12)


def test_the_box_binds_in_the_reference_cases():
    """The bound case above is not vacuous: some coefficients sit at 0."""
    at_bound = 0
    for make, options in reference_cases().values():
        at_bound += int((kobling.fit_weights(make(), **options).coefficients == 0).sum())
    assert at_bound >= 3


@pytest.mark.parametrize("case", ["plain", "trondelag"])
def test_free_fit_matches_unconstrained_scikit_learn(case):
    make, _ = reference_cases()[case]
    intakes = make()
    names = [f for f in intakes[0].kickoff.explain(0, 0).index if f != "age"]  # age: protected
    fit = kobling.fit_weights(intakes, monotone={f: "free" for f in names})
    design = fit.design()
    features = list(fit.coefficients.index)
    X = design[features].to_numpy()
    ref = sklearn_fit(X, design["y"].to_numpy(), design["weight"].to_numpy(), 1.0)
    np.testing.assert_allclose(fit.coefficients.to_numpy(), ref.coef_[0], rtol=0, atol=1e-6)
    assert fit.intercept == pytest.approx(ref.intercept_[0], abs=1e-6)
    if fit.coefficients.min() < 0:  # a negative effect cannot be kobling weights
        assert fit.weights.empty and fit.decision == "keep_hand_weights"
        assert any("negative" in w for w in fit.why)


def test_free_fit_has_a_negative_effect_on_the_template(template):
    """The trøndelag case above does exercise negative coefficients."""
    make, _ = reference_cases()["trondelag"]
    names = [f for f in template.explain(0, 0).index if f != "age"]  # age: protected
    fit = kobling.fit_weights(make(), monotone={f: "free" for f in names})
    assert fit.coefficients.min() < 0
    with pytest.raises(kobling.InvalidInputError) as info:
        fit.group_report("driving_licence")
    assert str(info.value) == (
        "[kobling.weights.not_usable] profile: the learned coefficients cannot be weights (a "
        "negative effect, or none above 0); keep the hand weights")
    with pytest.raises(kobling.InvalidInputError, match=r"^\[kobling\.weights\.not_usable\] "):
        template.with_weights(fit, force=True)


def test_decreasing_is_a_box_below_zero(plain_intakes):
    fit = kobling.fit_weights(plain_intakes, monotone={"f1": "decreasing", "f2": "free"})
    assert fit.coefficients["f1"] <= 0
    assert fit.coefficients[["f3", "f4"]].min() >= 0


# --- the design is what the scorer explains ---------------------------------------


@pytest.mark.parametrize("which", ["plain", "trondelag"])
def test_design_equals_explain_per_pair(which, plain_intakes, trondelag_intakes):
    intakes = plain_intakes if which == "plain" else trondelag_intakes
    fit = kobling.fit_weights(intakes)
    design = fit.design()
    features = list(fit.coefficients.index)
    by_id = {i.id: i for i in intakes}
    kickoffs = {i.id: i.kickoff for i in intakes}
    labels = {i.id: i.labels() for i in intakes}
    expected_rows = sum(int((lab["company"].notna() & lab["label"].isin(["good", "bad"])).sum())
                        for lab in labels.values())
    assert len(design) == expected_rows > 0
    for row in design.itertuples(index=False):
        row = row._asdict()
        e = kickoffs[row["intake"]].explain(row["candidate"], row["company"])
        np.testing.assert_array_equal([row[f] for f in features], e.loc[features, "phi"])
        assert row["hand_score"] == pytest.approx(e.attrs["score"], abs=1e-12)
        label = labels[row["intake"]].loc[row["candidate"]]
        assert label["company"] == row["company"]
        assert row["y"] == (1.0 if label["label"] == "good" else 0.0)
        assert row["weight"] == 1.0
    assert set(design["intake"]) == set(by_id)


# --- the decision and its evidence ------------------------------------------------


def test_one_bundled_size_intake_keeps_the_hand_weights(template):
    intakes = kobling.synthetic_intakes(template, intakes=1, true_weights=TRUE_WEIGHTS, seed=3)
    fit = kobling.fit_weights(intakes)
    assert 20 <= len(fit.design()) <= 40  # about the 30 placements of a Trøndelag kick-off
    assert fit.decision == "keep_hand_weights" and not fit.adopt
    assert any("too few to learn" in w for w in fit.why)
    assert any("two or more" in w for w in fit.why)
    assert fit.summary() is None
    assert fit.validation().empty and list(fit.validation().columns) == [
        "held_out", "rows", "auc_learned", "auc_hand", "brier_learned", "brier_hand"]
    assert fit.predictions()["p_learned"].isna().all()
    assert fit.calibration().empty
    assert json.loads(fit.to_json())["validation"] is None
    assert "keep the hand weights" in str(fit)


def test_many_plain_intakes_with_other_true_weights_adopt(adopt_fit, plain_intakes):
    fit = adopt_fit
    assert fit.decision == "adopt" and fit.adopt and fit.why == []
    # f1 carries the signal: it gets the largest weight, well above the hand 1/4.
    assert fit.weights.idxmax() == "f1" and fit.weights["f1"] > 0.5
    assert fit.weights.sum() == pytest.approx(1.0)
    s = fit.summary()
    assert s["auc_gain_ci"]["lower"] > 0 and s["brier_difference"] <= 0
    assert s["auc_learned"] > s["auc_hand"]
    assert "adopt the learned weights" in str(fit)
    assert repr(fit).startswith("FitResult(decision='adopt'")


def test_counts_and_features(adopt_fit, plain_intakes, keep_fit, trondelag_intakes):
    counts = adopt_fit.counts()
    assert list(counts.index) == [i.id for i in plain_intakes]
    assert list(counts.columns) == ["candidates", "placed", "good", "bad", "censored", "excluded"]
    assert (counts["candidates"] == 300).all()
    assert (counts["good"] + counts["bad"]).sum() == len(adopt_fit.design())
    for intake in plain_intakes:
        placed = intake.placements()["company"].notna().sum()
        assert counts.loc[intake.id, "placed"] == placed
    features = adopt_fit.features()
    assert list(features.columns) == ["status", "detail"]
    assert list(features.index) == ["f1", "f2", "f3", "f4"]
    assert (features["status"] == "fitted").all()
    # Declared protected in the kick-off (the bundled age) or named protected:
    # never a column; its fate says why.
    assert keep_fit.features().loc["age", "status"] == "protected"
    assert keep_fit.features().loc["english", "status"] == "fitted"
    fit = kobling.fit_weights(trondelag_intakes, protected=["english"])
    assert fit.features().loc["english", "status"] == "protected"
    assert "english" not in fit.coefficients.index and fit.protected == ["age", "english"]
    assert "age" not in fit.design().columns and "english" not in fit.design().columns
    # Features not asked for.
    fit = kobling.fit_weights(plain_intakes, features=["f1", "f2"])
    assert fit.features()["status"].tolist() == ["fitted", "fitted", "not_chosen", "not_chosen"]


def test_validation_folds_are_by_intake(adopt_fit, plain_intakes):
    v = adopt_fit.validation()
    assert list(v.columns) == ["held_out", "rows", "auc_learned", "auc_hand", "brier_learned",
                               "brier_hand"]
    folds, pooled = v.iloc[:-1], v.iloc[-1]
    assert pooled["held_out"] == "pooled"
    assert len(folds) == len(plain_intakes)  # one fold per intake up to 10
    held = [h.split(", ") for h in folds["held_out"]]
    flat = [i for h in held for i in h]
    assert len(flat) == len(set(flat)) and set(flat) == {i.id for i in plain_intakes}
    assert folds["rows"].sum() == pooled["rows"] == len(adopt_fit.design())
    s = adopt_fit.summary()
    assert pooled["auc_learned"] == s["auc_learned"] and pooled["auc_hand"] == s["auc_hand"]
    assert set(s) >= {"auc_learned", "auc_learned_ci", "auc_hand", "auc_hand_ci", "auc_gain",
                      "auc_gain_ci", "brier_difference", "brier_difference_ci",
                      "calibration_learned", "calibration_hand"}
    # Five folds dealt over six intakes: still whole intakes per fold.
    fit = kobling.fit_weights(plain_intakes, folds=3, seed=7)
    folds = fit.validation().iloc[:-1]
    assert len(folds) == 3
    held = [h.split(", ") for h in folds["held_out"]]
    flat = [i for h in held for i in h]
    assert len(flat) == len(set(flat)) == len(plain_intakes)


def test_predictions_are_out_of_fold(adopt_fit):
    p = adopt_fit.predictions()
    design = adopt_fit.design()
    assert list(p.columns) == ["intake", "candidate", "company", "y", "fold", "p_learned",
                               "p_hand"]
    assert len(p) == len(design)
    assert (p.groupby("intake")["fold"].nunique() == 1).all()  # an intake is in one fold
    assert p["p_learned"].between(0, 1).all() and p["p_hand"].between(0, 1).all()
    # Recompute one fold: the bounded fit on the other intakes' rows predicts
    # the held-out ones (kobling.fit_logistic is cross-checked against sklearn
    # in test_fit_reference.py).
    features = list(adopt_fit.coefficients.index)
    for fold in sorted(p["fold"].unique())[:2]:
        test = (p["fold"] == fold).to_numpy()
        X, y, w = (design[features].to_numpy(), design["y"].to_numpy(),
                   design["weight"].to_numpy())
        train = kobling.fit_logistic(X[~test], y[~test], w[~test], l2=1.0,
                                     lower=np.zeros(len(features)), tolerance=1e-12,
                                     max_iterations=1000)
        expected = 1 / (1 + np.exp(-(train["intercept"] + X[test] @ train["coef"])))
        np.testing.assert_allclose(p.loc[test, "p_learned"], expected, atol=1e-7)
        h = design[["hand_score"]].to_numpy()
        platt = kobling.fit_logistic(h[~test], y[~test], w[~test], l2=1.0, lower=[0.0],
                                     tolerance=1e-12, max_iterations=1000)
        expected = 1 / (1 + np.exp(-(platt["intercept"] + h[test] @ platt["coef"])))
        np.testing.assert_allclose(p.loc[test, "p_hand"], expected, atol=1e-7)


def test_calibration_table(adopt_fit):
    c = adopt_fit.calibration()
    assert list(c.columns) == ["weights", "count", "mean_predicted", "mean_observed", "lower",
                               "upper"]
    assert set(c["weights"]) == {"learned", "hand"}
    rows = len(adopt_fit.design())
    for _, part in c.groupby("weights"):
        assert part["count"].sum() == rows
        assert (part["lower"] <= part["mean_observed"]).all()
        assert (part["mean_observed"] <= part["upper"]).all()
    p = adopt_fit.predictions()
    learned = c[c["weights"] == "learned"]
    assert (learned["count"] * learned["mean_observed"]).sum() == pytest.approx(p["y"].sum())
    assert (learned["count"] * learned["mean_predicted"]).sum() == pytest.approx(
        p["p_learned"].sum())


# --- applying weights ---------------------------------------------------------------


def test_with_weights_refuses_a_kept_fit_without_force(keep_fit, template):
    assert keep_fit.decision == "keep_hand_weights"
    with pytest.raises(kobling.InvalidInputError) as info:
        template.with_weights(keep_fit)
    assert str(info.value) == (
        "[kobling.weights.not_validated] profile: the fit's validation kept the hand weights; "
        "pass force to apply the learned weights anyway")
    forced = template.with_weights(keep_fit, force=True)
    companies = forced.companies()
    weights = keep_fit.weights
    # Every company now weighs the learned profile (scores use its proportions).
    explained = forced.explain(0, 0)
    positive = weights[weights > 0]
    np.testing.assert_allclose(explained.loc[positive.index, "weight"] /
                               explained.loc[positive.index, "weight"].sum(),
                               positive / positive.sum(), rtol=1e-9)
    assert len(companies) == len(template.company_ids)
    forced.match()


def test_adopted_fit_applies_and_matches(adopt_fit, plain_intakes, tmp_path):
    kickoff = plain_intakes[0].kickoff
    learned = kickoff.with_weights(adopt_fit)
    result = learned.match()
    assert result.assignment.company.shape == (len(kickoff.candidate_ids),)
    scores = learned.scores().to_numpy()
    phi = np.stack([kickoff.explain(0, j).loc[["f1", "f2", "f3", "f4"], "phi"].to_numpy()
                    for j in range(len(kickoff.company_ids))])
    w = adopt_fit.weights[["f1", "f2", "f3", "f4"]].to_numpy()
    np.testing.assert_allclose(scores[0], phi @ w, atol=1e-12)
    # Only some companies.
    some = kickoff.with_weights(adopt_fit, companies=[kickoff.company_ids[0]])
    np.testing.assert_allclose(some.scores().to_numpy()[:, 1:], kickoff.scores().to_numpy()[:, 1:])
    # A mapping (taken as given, validated) and a saved weights/1 file give the same kick-off.
    mapping = kickoff.with_weights(dict(adopt_fit.weights))
    np.testing.assert_allclose(mapping.scores().to_numpy(), scores, atol=1e-12)
    path = tmp_path / "weights.json"
    adopt_fit.save(path)
    assert json.loads(path.read_text()) == json.loads(adopt_fit.to_json())
    from_file = kickoff.with_weights(path)
    np.testing.assert_allclose(from_file.scores().to_numpy(), scores, atol=1e-12)
    assert (from_file.match().assignment.company == result.assignment.company).all()
    # A saved kept fit stays refused without force.
    kept = kobling.fit_weights(plain_intakes[:1])
    kept.save(tmp_path / "kept.json")
    with pytest.raises(kobling.InvalidInputError, match=r"^\[kobling\.weights\.not_validated\]"):
        kickoff.with_weights(str(tmp_path / "kept.json"))
    kickoff.with_weights(tmp_path / "kept.json", force=True)
    with pytest.raises(TypeError, match="weights: expected a FitResult"):
        kickoff.with_weights(3)


def test_with_weights_errors(template, base_doc):
    with pytest.raises(kobling.IndexOutOfRangeError) as info:
        template.with_weights({"grit": 1.0, "motivation": 1.0})
    assert str(info.value) == (
        "[kobling.weights.unknown_feature] profile: the kick-off has no feature \"grit\"")
    doc = json.loads(template.to_json())
    for f in doc["features"]:
        if f["name"] == "age":
            f["protected"] = True
    protected = kobling.Kickoff.from_json(doc)
    with pytest.raises(kobling.InvalidInputError) as info:
        protected.with_weights({"motivation": 1.0, "age": 1.0})
    assert str(info.value) == (
        "[kobling.weights.protected] profile: feature \"age\" is protected in this kick-off and "
        "cannot be weighted")
    with pytest.raises(kobling.InvalidInputError, match=r"^\[kobling\.weights\.not_usable\] "):
        template.with_weights({"motivation": 0.0})
    with pytest.raises(kobling.IndexOutOfRangeError, match=r"^\[kobling\.model\.unknown_company\]"):
        template.with_weights({"motivation": 1.0}, companies=["k99"])


def test_weight_dropped_warning_is_pinned(base_doc):
    """kickoff_base.json: k1 targets municipality "50", k2 has no target."""
    kickoff = kobling.Kickoff.from_json(base_doc)
    with pytest.warns(kobling.KoblingWarning) as record:
        kickoff.with_weights({"municipality": 1.0, "motivation": 1.0})
    messages = [str(r.message) for r in record if "weight_dropped" in str(r.message)]
    assert messages == [
        "[kobling.warn.weight_dropped] feature \"municipality\": the learned weight does not "
        "apply at 1 company without a target for it (\"k2\"); they weigh it 0 and their other "
        "weights count for more"]
    assert record[0].message.id == "kobling.warn.weight_dropped"


def test_weight_dropped_from_a_fit(template):
    """Every company of the bundled Trøndelag kick-off targets each pair feature
    (municipality, occupation, skills, home), so nothing drops there; without
    k02's municipality and k05's occupation targets, a learned weight on them
    goes to 0 at those companies, with a warning per feature."""
    with warnings.catch_warnings():
        warnings.simplefilter("error", kobling.KoblingWarning)
        weights = {"interest": 1.0, "municipality": 1.0, "occupation": 1.0}
        template.with_weights(weights)  # no warning: every company has the targets
    doc = json.loads(template.to_json())
    for c in doc["companies"]:  # a pair weight needs a target: drop both
        if c["id"] == "k02":
            del c["targets"]["municipality"], c["weights"]["municipality"]
        if c["id"] == "k05":
            del c["targets"]["occupation"], c["weights"]["occupation"]
    trimmed = kobling.Kickoff.from_json(doc)
    intakes = kobling.synthetic_intakes(trimmed, intakes=3, seed=21,
                                        true_weights={"interest": 1, "municipality": 1,
                                                      "occupation": 1})
    fit = kobling.fit_weights(intakes, features=["interest", "municipality", "occupation"])
    assert (fit.weights[["municipality", "occupation"]] > 0).all()
    with pytest.warns(kobling.KoblingWarning) as record:
        learned = trimmed.with_weights(fit, force=True)
    dropped = sorted(str(r.message) for r in record
                     if r.message.id == "kobling.warn.weight_dropped")
    assert dropped == [
        "[kobling.warn.weight_dropped] feature \"municipality\": the learned weight does not "
        "apply at 1 company without a target for it (\"k02\"); they weigh it 0 and their other "
        "weights count for more",
        "[kobling.warn.weight_dropped] feature \"occupation\": the learned weight does not "
        "apply at 1 company without a target for it (\"k05\"); they weigh it 0 and their other "
        "weights count for more"]
    k02 = learned.explain(0, "k02")
    assert k02.loc["municipality", "weight"] == 0 and k02.loc["occupation", "weight"] > 0


# --- the group report ---------------------------------------------------------------

GROUP_COLUMNS = ["candidates", "placed_recorded", "placed_hand", "placed_learned", "hand_lower",
                 "hand_upper", "learned_lower", "learned_upper", "gained", "lost", "good", "bad",
                 "impact_hand", "impact_learned", "flagged", "small"]


def check_group_frame(frame: pd.DataFrame, total: int) -> None:
    assert list(frame.columns) == GROUP_COLUMNS and frame.index.name == "group"
    assert frame["candidates"].sum() == total
    assert ((frame["placed_learned"] - frame["placed_hand"]) ==
            (frame["gained"] - frame["lost"])).all()
    rate_hand = frame["placed_hand"] / frame["candidates"]
    rate_learned = frame["placed_learned"] / frame["candidates"]
    # The reference: groups of 20 or more with a known value, else all known ones.
    known = ~frame.index.isin(["unknown", "other", "none"])
    large = known & (frame["candidates"] >= 20)
    reference = large if large.any() else known
    np.testing.assert_allclose(frame["impact_hand"], rate_hand / rate_hand[reference].max())
    np.testing.assert_allclose(frame["impact_learned"],
                               rate_learned / rate_learned[reference].max())
    assert ((frame["hand_lower"] <= rate_hand) & (rate_hand <= frame["hand_upper"])).all()
    assert ((frame["learned_lower"] <= rate_learned) &
            (rate_learned <= frame["learned_upper"])).all()
    flagged = ((frame["impact_learned"] < 0.8) & (frame["impact_learned"] < frame["impact_hand"])
               & (frame["placed_learned"] < frame["placed_hand"]))
    assert (frame["flagged"] == flagged).all()
    assert (frame["small"] == (frame["candidates"] < 20)).all()
    assert isinstance(frame.attrs["notes"], list) and isinstance(frame.attrs["text"], str)
    for group in frame.index[frame["flagged"]]:
        assert any(f'group "{group}"' in n and "below 0.8" in n for n in frame.attrs["notes"])


def test_group_report_over_the_intakes(keep_fit, trondelag_intakes):
    total = sum(len(i.kickoff.candidate_ids) for i in trondelag_intakes)
    placed = sum(int(i.placements()["company"].notna().sum()) for i in trondelag_intakes)
    frame = keep_fit.group_report("driving_licence")
    check_group_frame(frame, total)
    assert set(frame.index) <= {"yes", "no", "unknown"}
    assert frame["placed_recorded"].sum() == placed
    # Re-run with the hand weights, the same policy and seed: the intakes as they ran.
    assert (frame["placed_hand"] == frame["placed_recorded"]).all()
    labels = pd.concat([i.labels() for i in trondelag_intakes])
    assert frame["good"].sum() == (labels["company"].notna() & (labels["label"] == "good")).sum()
    frame = keep_fit.group_report("age", bins=[16, 20, 25, 36])
    check_group_frame(frame, total)
    assert set(frame.index) == {"[16, 20)", "[20, 25)", "[25, 36)"}
    frame = keep_fit.group_report("education")
    check_group_frame(frame, total)


def test_group_report_by_labels_and_for_a_next_kickoff(keep_fit, trondelag_intakes, template):
    first = trondelag_intakes[0].kickoff.candidate_ids
    groups = {c: ("even" if n % 2 == 0 else "odd") for n, c in enumerate(first)}
    total = sum(len(i.kickoff.candidate_ids) for i in trondelag_intakes)
    frame = keep_fit.group_report(groups=groups)
    check_group_frame(frame, total)
    assert frame.loc["even", "candidates"] + frame.loc["odd", "candidates"] == len(first)
    assert frame.loc["unknown", "candidates"] == total - len(first)
    frame = keep_fit.group_report(groups=pd.Series(groups))
    check_group_frame(frame, total)
    nxt = keep_fit.group_report("driving_licence", kickoff=template)
    check_group_frame(nxt, len(template.candidate_ids))
    assert (nxt["placed_recorded"] == 0).all()
    assert nxt["placed_hand"].sum() == (template.match().assignment.company >= 0).sum()
    assert any("too few to conclude" in n for n in nxt.attrs["notes"]) == nxt["small"].any()


def test_group_report_errors(keep_fit):
    with pytest.raises(kobling.InvalidInputError) as info:
        keep_fit.group_report("age")
    assert str(info.value) == (
        "[kobling.guard.bins_required] bins: numeric feature \"age\" needs increasing bin edges "
        "(at least two), e.g. 16, 20, 25, 36")
    with pytest.raises(kobling.InvalidInputError, match=r"^\[kobling\.guard\.bins_required\]"):
        keep_fit.group_report("age", bins=[25, 20])
    with pytest.raises(kobling.InvalidInputError) as info:
        keep_fit.group_report("home")
    assert str(info.value) == (
        "[kobling.guard.bad_attribute] group by: location feature \"home\" cannot form groups; "
        "use a boolean, ordinal, categorical or numeric feature, or labels")
    with pytest.raises(kobling.IndexOutOfRangeError) as info:
        keep_fit.group_report(groups={"c999": "x"})
    assert str(info.value) == (
        "[kobling.guard.unknown_candidate] groups[0]: no candidate \"c999\" in the kick-offs of "
        "the report")
    with pytest.raises(kobling.IndexOutOfRangeError,
                       match=r"^\[kobling\.weights\.unknown_feature\]"):
        keep_fit.group_report("grit")
    with pytest.raises(TypeError, match="group_report: give by=FEATURE"):
        keep_fit.group_report()


# --- the record step ---------------------------------------------------------------


def outcomes_for(kickoff: kobling.Kickoff, result) -> pd.DataFrame:
    """Events for a matched kick-off: each placed candidate starts two weeks
    after the kick-off, then completes, drops out or declines; some unplaced
    ones find work."""
    company = np.asarray(result.assignment.company)
    rows = []
    for n, (cand, j) in enumerate(zip(kickoff.candidate_ids, company)):
        if j < 0:
            if n % 3 == 0:
                rows.append((cand, None, "in_work", "2025-05-02", None))
            continue
        k = kickoff.company_ids[j]
        if n % 7 == 0:
            rows.append((cand, k, "declined", "2025-02-05", None))
            continue
        rows.append((cand, k, "started", "2025-02-17", None))
        if n % 4 == 0:
            rows.append((cand, k, "dropped_out", "2025-04-02", "housing"))
            rows.append((cand, None, "inactive", "2025-06-01", None))
        elif n % 4 == 1:
            rows.append((cand, k, "completed", "2025-08-20", None))
    return pd.DataFrame(rows, columns=["candidate", "company", "status", "date", "reason"])


@pytest.fixture(scope="module")
def recorded(template):
    result = template.match()
    frame = outcomes_for(template, result)
    intake = template.record(result, frame, id="trondelag-2025-spring", date="2025-02-03",
                             follow_up="2025-09-01")
    return result, frame, intake


def test_record_round_trip(recorded, template, tmp_path):
    result, frame, intake = recorded
    assert (intake.id, intake.date, intake.follow_up, intake.policy) == (
        "trondelag-2025-spring", "2025-02-03", "2025-09-01", "stable")
    placements = intake.placements()["company"]
    company = np.asarray(result.assignment.company)
    expected = [template.company_ids[j] if j >= 0 else None for j in company]
    # (pandas 3 stores a missing company as NaN in its string column)
    assert [None if pd.isna(c) else c for c in placements] == expected
    events = intake.outcomes()
    assert list(events.columns) == list(frame.columns)
    # Every event names its record's company (a destination after a dropout too).
    expected_events = frame.assign(
        company=frame.groupby("candidate", sort=False)["company"].transform("first"))
    pd.testing.assert_frame_equal(events.fillna("-"), expected_events.fillna("-"),
                                  check_dtype=False)
    text = intake.to_json()
    again = kobling.Intake.from_json(text)
    assert again.to_json() == text
    assert kobling.Intake.from_json(json.loads(text)).to_json() == text
    assert kobling.Intake.from_json(text.encode()).to_json() == text
    path = tmp_path / "spring.json"
    intake.save(path)
    assert kobling.Intake.load(path).to_json() == text
    # A folder of intakes, in name order; a mapping result gives the same placements.
    mapping = {c: k for c, k in zip(template.candidate_ids, expected)}
    other = template.record(mapping, frame, id="trondelag-2025-autumn", date="2025-02-03")
    assert other.placements().equals(intake.placements())
    other.save(tmp_path / "autumn.json")
    loaded = kobling.load_intakes(tmp_path)
    assert [i.id for i in loaded] == ["trondelag-2025-autumn", "trondelag-2025-spring"]
    assert [i.id for i in kobling.load_intakes([path])] == ["trondelag-2025-spring"]
    assert kobling.load_intakes(path)[0].id == "trondelag-2025-spring"
    # Labels follow the events: completed good, dropped out then inactive bad, declined excluded.
    labels = intake.labels().set_index(intake.placements().index)["label"]
    last = frame.groupby("candidate")["status"].last()
    for cand, status in last.items():
        want = {"completed": "good", "inactive": "bad", "declined": "excluded",
                "in_work": "good", "started": "censored"}[status]
        assert labels[cand] == want, cand


def test_record_a_fit_learns_from(recorded, template):
    _, frame, intake = recorded
    fit = kobling.fit_weights([intake])
    assert fit.counts().loc["trondelag-2025-spring", "good"] == (
        frame.groupby("candidate")["status"].last() == "completed").sum()
    assert fit.decision == "keep_hand_weights"


def test_record_errors(recorded, template):
    result, frame, _ = recorded
    with pytest.raises(kobling.InvalidInputError) as info:
        template.record(result, frame.drop(columns=["status"]), id="x", date="2025-02-03")
    assert str(info.value) == (
        "[kobling.dataframe.columns] outcomes DataFrame: missing column(s) status; expected "
        "candidate, company, status, date, reason")
    with pytest.raises(kobling.InvalidInputError,
                       match=r"missing column\(s\) candidate, date; expected"):
        template.record(result, frame[["company", "status"]], id="x", date="2025-02-03")
    unknown = frame.copy()
    unknown.loc[0, "candidate"] = "c999"
    with pytest.raises(kobling.IndexOutOfRangeError, match=r"c999"):
        template.record(result, unknown, id="x", date="2025-02-03")
    # Events out of date order name the record and the event.
    sizes = frame[frame["status"] == "started"].groupby("candidate", sort=False).size()
    cand = next(c for c in frame["candidate"] if frame["candidate"].eq(c).sum() >= 2 and c in sizes)
    rows = frame[frame["candidate"] == cand]
    assert rows["status"].iloc[0] == "started"
    swapped = frame.copy()
    swapped.loc[rows.index[1], "date"] = "2025-02-10"  # before its start on 2025-02-17
    record_index = list(dict.fromkeys(frame["candidate"])).index(cand)
    with pytest.raises(kobling.InvalidInputError) as info:
        template.record(result, swapped, id="x", date="2025-02-03")
    assert str(info.value).startswith(
        f"[kobling.outcome.date_order] $.outcomes[{record_index}].events[1].date: 2025-02-10 is "
        "before the previous event (2025-02-17)")
    # As in outcomes.csv: a candidate's rows are about one placement, and
    # rows of one candidate apart are two records.
    other = next(k for k in template.company_ids if k != frame.loc[rows.index[0], "company"])
    moved = frame.copy()
    moved.loc[rows.index[1], "company"] = other
    with pytest.raises(kobling.InvalidInputError) as info:
        template.record(result, moved, id="x", date="2025-02-03")
    assert str(info.value) == (
        f"[kobling.outcome.wrong_company] outcomes DataFrame, row {rows.index[1]} (column "
        f"\"company\"): company \"{other}\" differs from \"{frame.loc[rows.index[0], 'company']}\" "
        f"at row {rows.index[0]}; a candidate's rows are about one placement")
    apart = pd.concat([frame, frame.loc[[rows.index[-1]]]], ignore_index=True)
    with pytest.raises(kobling.InvalidInputError, match=r"^\[kobling\.outcome\.duplicate\] "):
        template.record(result, apart, id="x", date="2025-02-03")
    with pytest.raises(kobling.InvalidInputError, match=r"\$\.follow_up"):
        template.record(result, frame, id="x", date="2025-02-03", follow_up="2025-01-01")


# --- errors from Python -------------------------------------------------------------


def test_fit_errors(plain_intakes, trondelag_intakes):
    with pytest.raises(kobling.InvalidInputError) as info:
        kobling.fit_weights([])
    assert str(info.value) == (
        "[kobling.fit.no_intakes] intakes: no intake given; load at least one with outcomes")
    with pytest.raises(TypeError, match=r"^intakes\[1\]: expected a kobling.Intake, got str$"):
        kobling.fit_weights([plain_intakes[0], "2025.json"])
    with pytest.raises(kobling.InvalidInputError) as info:
        kobling.fit_weights([plain_intakes[0], plain_intakes[0]])
    assert str(info.value) == (
        "[kobling.intake.duplicate_id] intakes[1]: intake id \"synthetic-1\" is also intakes[0]; "
        "intake ids must be unique")
    with pytest.raises(kobling.InvalidInputError) as info:
        kobling.fit_weights(trondelag_intakes, protected=["age"], features=["age", "interest"])
    assert str(info.value) == (
        "[kobling.fit.bad_option] features: feature \"age\" is protected and cannot be learned")
    with pytest.raises(kobling.InvalidInputError, match=r"^\[kobling\.fit\.bad_option\] l2"):
        kobling.fit_weights(plain_intakes, l2=-1.0)
    with pytest.raises(kobling.InvalidInputError, match=r"^\[kobling\.fit\.bad_option\] monotone"):
        kobling.fit_weights(plain_intakes, monotone={"f1": "upwards"})
    with pytest.raises(kobling.IndexOutOfRangeError) as info:
        kobling.fit_weights(plain_intakes, features=["grit"])
    assert str(info.value) == (
        "[kobling.weights.unknown_feature] features: no intake has a feature \"grit\"")
    # A feature declared differently in two intakes, asked for by name.
    doc = json.loads(plain_intakes[1].to_json())
    doc["id"] = "other"
    for f in doc["kickoff"]["features"]:
        if f["name"] == "f1":
            f["max"] = 10
    other = kobling.Intake.from_json(doc)
    with pytest.raises(kobling.InvalidInputError) as info:
        kobling.fit_weights([plain_intakes[0], other], features=["f1", "f2"])
    assert str(info.value) == (
        "[kobling.fit.feature_mismatch] features: feature \"f1\" is declared differently in "
        "intakes \"synthetic-1\" and \"other\" (range [0, 1] vs [0, 10])")
    # Not asked for by name, it is left out, and the fate says why.
    fit = kobling.fit_weights([plain_intakes[0], other])
    assert fit.features().loc["f1", "status"] == "differs"
    assert "f1" not in fit.coefficients.index
    # No placement with a known outcome.
    doc = json.loads(plain_intakes[0].to_json())
    doc["outcomes"] = []
    with pytest.raises(kobling.InvalidInputError) as info:
        kobling.fit_weights([kobling.Intake.from_json(doc)])
    assert str(info.value) == (
        "[kobling.fit.no_rows] intakes: 0 placements with a known outcome, 0 good and 0 not: a "
        "fit needs both kinds; record outcomes (started, completed, dropped_out, destinations) "
        "for the placements")


# --- the weights/1 document and its schema -------------------------------------------


def test_weights_document_matches_its_schema(keep_fit, adopt_fit, template, tmp_path):
    jsonschema = require("jsonschema")
    schema = json.loads((DATA / "schema" / "weights.schema.json").read_text())
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema)
    one = kobling.fit_weights(kobling.synthetic_intakes(template, intakes=1, seed=3))
    free = kobling.fit_weights(kobling.synthetic_intakes(template, intakes=2, seed=13),
                               monotone={"interest": "free", "english": "decreasing"},
                               horizon_days=200)
    assert keep_fit.decision == "keep_hand_weights" and adopt_fit.decision == "adopt"
    for fit in (keep_fit, adopt_fit, one, free):
        doc = json.loads(fit.to_json())
        validator.validate(doc)
        assert doc["kobling"] == "weights/1" and doc["decision"] == fit.decision
        assert doc["why"] == fit.why
        assert doc["model"]["coefficients"] == pytest.approx(dict(fit.coefficients))
        assert doc["weights"] == pytest.approx(dict(fit.weights))
    doc = json.loads(free.to_json())
    assert doc["model"]["monotone"] == {"interest": "free", "english": "decreasing"}
    assert doc["model"]["label"] == {"declined_is_bad": False, "horizon_days": 200}
    # What the schema refuses on its own.
    doc = json.loads(adopt_fit.to_json())
    for bad in ({**doc, "decision": "maybe"}, {**doc, "weights": {"f1": -1}},
                {**doc, "kobling": "weights/2"}, {k: v for k, v in doc.items() if k != "model"}):
        with pytest.raises(jsonschema.ValidationError):
            validator.validate(bad)


# --- the bundled intakes -------------------------------------------------------------


def test_bundled_intakes_load_and_keep_the_hand_weights(tmp_path):
    names = ["2024-autumn", "2025-spring", "2025-autumn"]
    assert sorted(p.stem for p in INTAKES.glob("*.json")) == sorted(names)
    intakes = [kobling.Intake.load(INTAKES / f"{n}.json") for n in names]
    assert [i.id for i in intakes] == [f"trondelag-{n}" for n in names]
    dates = [i.date for i in intakes]
    assert dates == sorted(dates)
    for intake in intakes:
        assert intake.follow_up is not None and intake.follow_up > intake.date
        events = intake.outcomes()
        assert events["date"].min() >= intake.date and events["date"].max() <= intake.follow_up
        assert len(intake.kickoff.candidate_ids) == 95
    # The files are intake/1 as the schema describes it.
    jsonschema = require("jsonschema")
    referencing = require("referencing")
    schemas = [json.loads((DATA / "schema" / name).read_text())
               for name in ("kickoff.schema.json", "intake.schema.json")]
    registry = referencing.Registry().with_resources(
        (s["$id"], referencing.Resource.from_contents(s)) for s in schemas)
    validator = jsonschema.Draft202012Validator(schemas[1], registry=registry)
    for n in names:
        validator.validate(json.loads((INTAKES / f"{n}.json").read_text()))
    # load_intakes reads the folder in name order.
    folder = kobling.load_intakes(INTAKES)
    assert [i.id for i in folder] == sorted(i.id for i in intakes)
    fit = kobling.fit_weights(intakes)
    assert fit.decision == "keep_hand_weights"
    assert any("too few to learn" in w for w in fit.why), fit.why
    assert fit.summary() is not None and len(fit.validation()) == 4
    # Copies of the files elsewhere load the same.
    shutil.copytree(INTAKES, tmp_path / "copy")
    assert [i.to_json() for i in kobling.load_intakes(tmp_path / "copy")] == [
        i.to_json() for i in folder]


def test_bundled_intakes_are_what_the_generator_writes(tmp_path):
    import importlib.util

    spec = importlib.util.spec_from_file_location("generate_intakes",
                                                  DATA / "generate_intakes.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    module.write(tmp_path, seed=module.SEED, quiet=True)
    for path in sorted(INTAKES.glob("*.json")):
        assert (tmp_path / path.name).read_text() == path.read_text(), path.name


def test_a_fit_leaves_its_intakes_unchanged():
    intake = kobling.Intake.load(TEST_DATA / "intake_base.json")
    before = intake.to_json()
    fit = kobling.fit_weights([intake])
    assert fit.decision == "keep_hand_weights"
    assert intake.to_json() == before


def test_protected_features_from_dataframes_and_csv(tmp_path):
    """The protected flag in the CSV layout (features.csv column) and DataFrames:
    kept in the kick-off, a weight on it refused, never warned about as unused."""
    import pandas as pd

    features = pd.DataFrame([
        {"name": "motivation", "kind": "numeric", "min": 0, "max": 5},
        {"name": "age", "kind": "numeric", "min": 16, "max": 35, "protected": True},
    ])
    candidates = pd.DataFrame({"id": ["c1", "c2"], "motivation": [3, 4], "age": [17, 24],
                               "wish_1": ["k1", "k1"]})
    companies = pd.DataFrame({"id": ["k1"], "capacity": [1], "weight.motivation": [1.0]})
    kickoff = kobling.Kickoff.from_dataframes(candidates, companies, features)
    doc = json.loads(kickoff.to_json())
    assert [f.get("protected", False) for f in doc["features"]] == [False, True]
    assert "kobling.warn.unused_feature" not in set(kickoff.warnings()["id"])
    # The same through a CSV folder.
    features.to_csv(tmp_path / "features.csv", index=False)
    candidates.to_csv(tmp_path / "candidates.csv", index=False)
    companies.to_csv(tmp_path / "companies.csv", index=False)
    again = kobling.Kickoff.from_csv(tmp_path)
    assert json.loads(again.to_json())["features"] == doc["features"]
    companies["weight.age"] = [1.0]
    with pytest.raises(kobling.InvalidInputError, match=r"\[kobling.model.protected_weight\] "
                       r".*feature \"age\" is protected"):
        kobling.Kickoff.from_dataframes(candidates, companies, features)


def test_a_tiny_group_does_not_set_the_reference(adopt_fit, plain_intakes):
    """Two placed candidates in a group of their own have a placement rate of
    1; the reference is the large group's rate all the same, so the large group
    keeps an impact ratio of 1 and is not flagged because of them."""
    first = plain_intakes[0]
    placed = first.placements()["company"].dropna().index[:2]
    groups = {c: "rest" for i in plain_intakes for c in i.kickoff.candidate_ids}
    groups.update({c: "tiny" for c in placed})
    frame = adopt_fit.group_report(groups=groups)
    assert frame.loc["tiny", "candidates"] == 2 and frame.loc["tiny", "small"]
    assert frame.loc["tiny", "placed_hand"] == 2
    assert frame.loc["rest", "impact_hand"] == 1.0 and frame.loc["rest", "impact_learned"] == 1.0
    assert frame.loc["tiny", "impact_hand"] > 1.0  # above the reference, not the reference
    assert not frame.loc["rest", "flagged"]


def test_bad_options_fail_early_and_clearly(plain_intakes, adopt_fit, tmp_path):
    with pytest.raises(TypeError, match="horizon_days: expected an int"):
        kobling.fit_weights(plain_intakes, horizon_days=30.5)
    with pytest.raises(TypeError, match="horizon_days: expected an int"):
        plain_intakes[0].labels(horizon_days="30")
    with pytest.raises(kobling.InvalidInputError, match=r"horizon_days: must be at most 36600"):
        kobling.fit_weights(plain_intakes, horizon_days=2**40)
    with pytest.raises(TypeError, match="features: expected a list of feature names"):
        kobling.fit_weights(plain_intakes, features="f1")
    with pytest.raises(kobling.InvalidInputError, match=r"\[kobling.fit.bad_folds\] folds: must "
                       r"be 0 .* or at least 2, got 1"):
        kobling.fit_weights(plain_intakes, folds=1)
    with pytest.raises(kobling.InvalidInputError, match=r"\[kobling.fit.bad_folds\] folds: 99 "
                       r"folds asked for, but only \d+ intakes have placements"):
        kobling.fit_weights(plain_intakes, folds=99)
    kickoff = plain_intakes[0].kickoff
    with pytest.raises(TypeError, match=r"weights\['f1'\]: expected a number, got NoneType"):
        kickoff.with_weights({"f1": None})
    with pytest.raises(kobling.ParseError, match=r"\[kobling.io.read\] .*missing.json"):
        kickoff.with_weights(tmp_path / "missing.json")
    doc = json.loads(adopt_fit.to_json())
    doc["protect"] = ["f1"]  # a misspelt key is an error, not a silently dropped list
    (tmp_path / "w.json").write_text(json.dumps(doc))
    with pytest.raises(kobling.ParseError, match=r"\[kobling.json.unknown_field\] .*\$.protect:"):
        kickoff.with_weights(tmp_path / "w.json")


def test_equal_predictions_have_no_calibration_slope():
    c = kobling.calibration(np.full(6, 0.4), [0, 1, 0, 1, 0, 0])
    assert c["slope_defined"] is False and np.isnan(c["slope"]) and np.isnan(c["slope_se"])


def test_an_intake_mostly_still_running_is_warned_about():
    """More than half of an intake's placements censored at the horizon: the
    fit learns from the rest (perhaps the early dropouts) and says so."""
    intakes = kobling.synthetic_intakes(intakes=3, candidates=100, censored=0.6, seed=1)
    with pytest.warns(kobling.KoblingWarning) as caught:
        fit = kobling.fit_weights(intakes)
    messages = [str(w.message) for w in caught]
    assert messages[0] == (
        '[kobling.warn.censored] intake "synthetic-1": 36 of 57 placements are still running at '
        "the horizon and are left out; the fit learns from the rest, which may be the early "
        "dropouts: record later outcomes, or fit after the follow-up")
    counts = fit.counts()
    warned = {m.split('"')[1] for m in messages}
    assert warned == set(counts.index[2 * counts["censored"] > counts["placed"]])
    assert "synthetic-2" not in warned  # exactly half: not more than half
