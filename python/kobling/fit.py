"""Weights learned from outcomes, validated by intake against the hand weights,
with a group report before they are adopted (kobling/fit.hpp,
kobling/guardrails.hpp)."""

from __future__ import annotations

import html
import os
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any, Union

import numpy as np

from . import _core, _warnings
from .outcomes import Intake, _check_horizon

if TYPE_CHECKING:
    import pandas as pd

    from .kickoff import Kickoff

PathLike = Union[str, "os.PathLike[str]"]


class FitResult:
    """The outcome of :func:`fit_weights`: learned weights, the evidence for
    them, and the decision to adopt them or keep the hand weights.

    Attributes
    ----------
    decision : str
        "adopt" or "keep_hand_weights".
    adopt : bool
        ``decision == "adopt"``.
    why : list of str
        One sentence per unmet condition (empty when adopted), e.g. "30
        placements with known outcomes in 1 intake (11 not good): too few to
        learn 11 weights, ...; the hand weights stay."
    why_nb : list of str
        The same in Norwegian Bokmål.
    """

    def __init__(self, core: _core.FitResultCore, intakes: list[Intake],
                 label: dict[str, Any]) -> None:
        self._core = core
        self._intakes = intakes
        self._label = label
        self._profile: dict[str, Any] = core.profile()
        self.decision: str = str(core.decision)
        self.adopt: bool = self.decision == "adopt"
        self.why: list[str] = list(core.why)
        self.why_nb: list[str] = list(core.why_nb)

    @property
    def weights(self) -> pd.Series:
        """The learned weights by feature (summing to 1); empty when the
        coefficients cannot be weights (a negative effect, or none above 0)."""
        import pandas as pd

        p = self._profile
        values = p["weights"] if p["usable"] else []
        return pd.Series(values, index=pd.Index(p["features"][:len(values)], name="feature"),
                         name="weight", dtype=float)

    @property
    def coefficients(self) -> pd.Series:
        """The logistic coefficients β by feature (logit scale; φ in [0, 1])."""
        import pandas as pd

        p = self._profile
        return pd.Series(p["coefficients"], index=pd.Index(p["features"], name="feature"),
                         name="coefficient", dtype=float)

    @property
    def intercept(self) -> float:
        """β0: P(good) = σ(intercept + scale · score) under the learned weights."""
        return float(self._profile["intercept"])

    @property
    def scale(self) -> float:
        """B = Σ β: the logit difference between a learned score of 0 and of 1."""
        return float(self._profile["scale"])

    @property
    def protected(self) -> list[str]:
        """Features never weighted (declared protected, or named in the fit)."""
        return list(self._profile["protected"])

    def features(self) -> pd.DataFrame:
        """Every feature of the intakes and what became of it.

        Returns
        -------
        pandas.DataFrame
            Indexed by feature: ``status`` (fitted, protected, differs:
            declared differently between intakes, missing, constant: no
            information so weight 0, not_chosen) and ``detail`` (a sentence).
        """
        import pandas as pd

        return pd.DataFrame(self._core.features(),
                            columns=["feature", "status", "detail"]).set_index("feature")

    def counts(self) -> pd.DataFrame:
        """Outcome counts per intake under the label rule.

        Returns
        -------
        pandas.DataFrame
            Indexed by intake id: candidates, placed, good, bad, censored
            (still running), excluded (placed without a usable record).
        """
        import pandas as pd

        return pd.DataFrame(self._core.counts()).set_index("intake")

    def design(self) -> pd.DataFrame:
        """The rows the fit learned from: every placement with a good or bad
        outcome.

        Returns
        -------
        pandas.DataFrame
            intake, candidate, company, one φ column per fitted feature (the
            scorer's per-feature value of the pair, in [0, 1]), ``y`` (1 good),
            ``weight`` (the row weight) and ``hand_score`` (the pair's score
            under its intake's hand weights).
        """
        import pandas as pd

        d = self._core.design()
        frame = pd.DataFrame(d["x"], columns=d["features"])
        ids = [i.id for i in self._intakes]
        kickoffs = [i.kickoff for i in self._intakes]
        frame.insert(0, "intake", [ids[t] for t in d["intake"]])
        frame.insert(1, "candidate", [kickoffs[t].candidate_ids[i]
                                      for t, i in zip(d["intake"], d["candidate"])])
        frame.insert(2, "company", [kickoffs[t].company_ids[j]
                                    for t, j in zip(d["intake"], d["company"])])
        frame["y"] = d["y"]
        frame["weight"] = d["weight"]
        frame["hand_score"] = d["hand_score"]
        return frame

    def summary(self) -> dict[str, Any] | None:
        """Pooled out-of-fold metrics.

        Returns
        -------
        dict or None
            ``auc_learned``, ``auc_hand`` with ``*_ci`` (DeLong 95%),
            ``auc_gain`` and ``auc_gain_ci`` (paired), ``brier_difference`` and
            its interval, ``calibration_learned`` and ``calibration_hand``
            (Brier, log loss, slope, intercept, bins); None with fewer than
            two intakes with outcomes.
        """
        v = self._core.validation()
        if v is None:
            return None
        return {k: v[k] for k in v if k not in ("fold", "p_learned", "p_hand", "folds")}

    def validation(self) -> pd.DataFrame:
        """The cross-validation by intake, fold by fold.

        Returns
        -------
        pandas.DataFrame
            One row per fold (``held_out``: the intakes held out, ``rows``,
            ``auc_learned``, ``auc_hand``, ``brier_learned``, ``brier_hand``)
            and a last row "pooled"; empty with fewer than two intakes.
        """
        import pandas as pd

        v = self._core.validation()
        columns = ["held_out", "rows", "auc_learned", "auc_hand", "brier_learned", "brier_hand"]
        if v is None:
            return pd.DataFrame(columns=columns)
        rows = [dict(f, held_out=", ".join(f["held_out"])) for f in v["folds"]]
        rows.append({"held_out": "pooled", "rows": int(len(v["fold"])),
                     "auc_learned": v["auc_learned"], "auc_hand": v["auc_hand"],
                     "brier_learned": v["calibration_learned"]["brier"],
                     "brier_hand": v["calibration_hand"]["brier"]})
        return pd.DataFrame(rows, columns=columns)

    def predictions(self) -> pd.DataFrame:
        """The out-of-fold predictions.

        Returns
        -------
        pandas.DataFrame
            Per design row: intake, candidate, company, ``y``, ``fold`` and
            the probabilities of a good outcome ``p_learned`` and ``p_hand``
            (NaN with fewer than two intakes).
        """
        v = self._core.validation()
        frame = self.design()[["intake", "candidate", "company", "y"]]
        if v is None:
            return frame.assign(fold=np.nan, p_learned=np.nan, p_hand=np.nan)
        return frame.assign(fold=v["fold"], p_learned=v["p_learned"], p_hand=v["p_hand"])

    def calibration(self) -> pd.DataFrame:
        """The reliability tables of the learned and the hand weights.

        Returns
        -------
        pandas.DataFrame
            One row per equal-count bin and weights ("learned", "hand"):
            count, mean_predicted, mean_observed and its Wilson interval
            (lower, upper); empty with fewer than two intakes.
        """
        import pandas as pd

        v = self._core.validation()
        if v is None:
            return pd.DataFrame()
        frames = []
        for which in ("learned", "hand"):
            bins = pd.DataFrame(v[f"calibration_{which}"]["bins"])
            bins.insert(0, "weights", which)
            frames.append(bins)
        return pd.concat(frames, ignore_index=True)

    def group_report(self, by: str | None = None, *, bins: Iterable[float] | None = None,
                     groups: Mapping[str, str] | pd.Series | None = None,
                     kickoff: Kickoff | None = None, policy: str = "stable",
                     lang: str = "en") -> pd.DataFrame:
        """Placement and outcome rates by group, re-running each intake's match
        (or ``kickoff``'s, a kick-off still to come) with the hand and with the
        learned weights.

        Parameters
        ----------
        by : str, optional
            A feature: boolean, ordinal, categorical (first code) or numeric
            (with ``bins``). Protected features are the usual choice.
        bins : sequence of float, optional
            Increasing edges for a numeric feature: [16, 20, 25, 36] gives
            [16, 20), [20, 25), [25, 36).
        groups : mapping or Series, optional
            Candidate id -> group, instead of ``by`` (labels from outside the
            data).
        kickoff : Kickoff, optional
            Report on this kick-off instead of the intakes.
        policy : str
            The policy for ``kickoff``.
        lang : {"en", "nb"}
            The language of ``.attrs["text"]``.

        Returns
        -------
        pandas.DataFrame
            One row per group: candidates, placed_recorded, placed_hand,
            placed_learned (with Wilson intervals), gained, lost, good, bad,
            impact_hand, impact_learned (rate over the reference: the highest
            rate among groups of 20 or more with a known value), flagged
            (learned ratio below 0.8 and below the hand one, fewer placed), small
            (fewer than 20). ``.attrs["notes"]`` holds the sentences and
            ``.attrs["text"]`` the report as text.
        """
        import pandas as pd

        if not self._profile["usable"]:
            raise _core.InvalidInputError(
                "[kobling.weights.not_usable] profile: the learned coefficients cannot be "
                "weights (a negative effect, or none above 0); keep the hand weights")
        labels = [(str(k), str(v)) for k, v in dict(groups).items()] if groups is not None else []
        if by is None and not labels:
            raise TypeError("group_report: give by=FEATURE or groups={candidate: group}")
        p = self._profile
        edges = [float(b) for b in bins] if bins is not None else []
        if kickoff is None:
            doc = _core.group_report([i._core for i in self._intakes], p["features"],
                                     p["weights"], p["protected"], by or "", edges, labels,
                                     self._label["horizon_days"], self._label["declined_is_bad"],
                                     lang)
        else:
            doc = _core.group_report_kickoff(kickoff._core, p["features"], p["weights"],
                                             p["protected"], by or "", edges, labels, policy,
                                             lang)
        frame = pd.DataFrame(doc["rows"]).set_index("group")
        frame.attrs["notes"] = list(doc["notes"])
        frame.attrs["text"] = str(doc["text"])
        return frame

    def to_json(self) -> str:
        """The ``weights/1`` document (data/schema/weights.schema.json).

        Returns
        -------
        str
            JSON text: what ``kobling fit --out`` writes.
        """
        return str(self._core.to_json_text())

    def save(self, path: PathLike) -> None:
        """Write :meth:`to_json` (safely, as KickoffResult.save does).

        Parameters
        ----------
        path : str or os.PathLike
            The target file, created readable by its owner only.
        """
        _core.write_output_file(os.fspath(path), self.to_json(), [])

    def report(self, lang: str = "en") -> str:
        """The report as text (what ``kobling fit`` prints).

        Parameters
        ----------
        lang : {"en", "nb"}
            English or Norwegian Bokmål.

        Returns
        -------
        str
            Data, features, validation per fold and pooled, the decision and
            why.
        """
        return str(self._core.text(lang))

    def __str__(self) -> str:
        return self.report()

    def __repr__(self) -> str:
        return f"FitResult(decision={self.decision!r}, weights={dict(self.weights.round(3))})"

    def _repr_html_(self) -> str:
        return f"<pre>{html.escape(str(self))}</pre>"


def fit_weights(intakes: Iterable[Intake], *, features: Iterable[str] | None = None,
                protected: Iterable[str] = (), monotone: Mapping[str, str] | None = None,
                l2: float = 1.0, horizon_days: int | None = None, declined_is_bad: bool = False,
                balance_intakes: bool = False, folds: int = 0, seed: int = 0) -> FitResult:
    """Learn feature weights from past intakes' outcomes, validate them by
    intake against the hand weights, and decide (kobling/fit.hpp).

    Parameters
    ----------
    intakes : iterable of Intake
    features : iterable of str, optional
        The features to learn; default: every feature declared identically in
        every intake, less the protected ones.
    protected : iterable of str
        Features never to weigh, besides those the kick-offs declare protected.
    monotone : mapping, optional
        Feature -> "increasing" (default: a non-negative weight), "free" or
        "decreasing".
    l2 : float
        The L2 penalty λ on the coefficients (1: about a standard normal prior).
    horizon_days : int, optional
        Read outcomes this many days after each kick-off (default: at the
        follow-up).
    declined_is_bad : bool
        Count a declined placement as a bad outcome (default: left out).
    balance_intakes : bool
        Weigh rows so that every intake counts equally.
    folds : int
        Cross-validation folds (0: one per intake up to 10 intakes, else 5).
    seed : int
        For dealing intakes to folds.

    Returns
    -------
    FitResult

    Warns
    -----
    KoblingWarning
        ``kobling.warn.censored``: an intake with more than half of its
        placements still running at the horizon (the fit learns from the
        rest only).

    Raises
    ------
    kobling.InvalidInputError
        No intakes, duplicate intake ids, a feature both protected and asked
        for, a feature declared differently in two intakes, no placement with
        a known good and bad outcome.
    kobling.IndexOutOfRangeError
        A feature no intake has.
    """
    horizon_days = _check_horizon(horizon_days)
    for name, value in (("features", features), ("protected", protected)):
        if isinstance(value, (str, bytes)):
            raise TypeError(f"{name}: expected a list of feature names, got a single string "
                            f"{value!r} (write [{value!r}])")
    items = list(intakes)
    for t, item in enumerate(items):
        if not isinstance(item, Intake):
            raise TypeError(f"intakes[{t}]: expected a kobling.Intake, got {type(item).__name__}")
    mono = [(str(k), str(v)) for k, v in (monotone or {}).items()]
    core = _core.fit_weights([i._core for i in items], list(features or []), list(protected),
                             mono, float(l2), horizon_days, bool(declined_is_bad),
                             bool(balance_intakes), int(folds), int(seed))
    _warnings.issue([{"id": i, "place": p, "text": t} for i, p, t in core.warnings()])
    return FitResult(core, items, {"horizon_days": horizon_days,
                                   "declined_is_bad": bool(declined_is_bad)})


def synthetic_intakes(template: Kickoff | None = None, *, intakes: int = 3, candidates: int = 0,
                      true_weights: Mapping[str, float] | None = None, intercept: float = -1.5,
                      strength: float = 4.0, intake_shift: float = 0.0, censored: float = 0.0,
                      policy: str = "stable", seed: int = 1) -> list[Intake]:
    """Seeded past intakes whose outcomes follow known weights
    (kobling/synthetic_intakes.hpp): for tests, planning and the notebook.

    Each intake copies the template's criteria (features, companies, hand
    weights, targets, requirements), resamples candidates column by column
    from the template's, matches them by the hand weights (``policy``), and
    draws each placement's outcome with P(good) = σ(intercept + strength ·
    Σ_f w*_f φ_f). Without a template: 4 numeric features f1..f4, 20
    companies weighing them equally, ``candidates`` (default 200) candidates.

    Parameters
    ----------
    template : Kickoff, optional
        The criteria to copy and the candidates to resample.
    intakes : int
        How many intakes (ids synthetic-1, synthetic-2, ...; kick-offs 182
        days apart from 2024-01-15).
    candidates : int
        Per intake; 0: as many as the template has.
    true_weights : mapping, optional
        Feature -> weight of the true model (normalised); default: equal on
        every unprotected feature.
    intercept, strength : float
        β0 and B of the true model.
    intake_shift : float
        Standard deviation of a per-intake shift of the logit.
    censored : float
        Share of placements still running at the follow-up.
    policy : str
        How each intake is matched (by the hand weights).
    seed : int

    Returns
    -------
    list of Intake
    """
    if template is None:
        core = _core.plain_template(int(candidates or 200), 20, 4, int(seed))
    else:
        core = template._core
    weights = [(str(k), float(v)) for k, v in (true_weights or {}).items()]
    made = _core.synthetic_intakes(core, int(intakes), int(candidates), weights, float(intercept),
                                   float(strength), float(intake_shift), float(censored),
                                   str(policy), int(seed))
    return [Intake(c) for c in made]
