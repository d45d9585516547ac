"""Matplotlib figures for notebooks. Every function returns a
``matplotlib.figure.Figure`` (nothing is shown or saved), so it works with any
backend and can be saved with ``fig.savefig(...)``.

>>> import kobling, kobling.plot as kp                       # doctest: +SKIP
>>> k = kobling.Kickoff.load("data/kickoff_trondelag.json")   # doctest: +SKIP
>>> kp.policy_comparison(k)                                    # doctest: +SKIP
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

import numpy as np

from . import _core

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.figure import Figure

    from .fit import FitResult
    from .kickoff import Kickoff
    from .result import KickoffResult


def _figure(width: float = 7.0, height: float = 4.0) -> Figure:
    # Figure() without pyplot: no global state, no GUI backend needed.
    from matplotlib.figure import Figure

    return Figure(figsize=(width, height), layout="constrained")


def wish_rank_histogram(results: Mapping[str, KickoffResult]) -> Figure:
    """Grouped bars: how many candidates got their 1st, 2nd, ... wish, and how
    many were not placed, for each policy (``Kickoff.compare_results()``).

    Parameters
    ----------
    results : mapping of str to KickoffResult
        Results by label (one group of bars each, in mapping order), e.g.
        :meth:`Kickoff.compare_results`.

    Returns
    -------
    matplotlib.figure.Figure
        One axes: one bar per wish rank and "not placed" per result, with a
        legend. Not shown or saved.

    Raises
    ------
    ValueError
        ``results`` is empty.
    ImportError
        matplotlib is not installed.
    """
    fig = _figure()
    ax = fig.add_subplot()
    names = list(results)
    if not names:
        raise _core.InvalidInputError("[kobling.plot.empty] results: give at least one result")
    k = max(len(r.assignment.rank_counts) for r in results.values())
    labels = [f"{_core.ordinal_wish(r)} wish" for r in range(k)] + ["not placed"]
    x = np.arange(len(labels))
    width = 0.8 / len(names)
    for p, name in enumerate(names):
        a = results[name].assignment
        counts = list(a.rank_counts) + [0] * (k - len(a.rank_counts)) + [len(a.company) - a.placed]
        ax.bar(x + (p - (len(names) - 1) / 2) * width, counts, width, label=name)
    ax.set_xticks(x, labels)
    ax.set_ylabel("candidates")
    ax.set_title("Wishes honoured by policy")
    ax.legend()
    return fig


def company_fill(result: KickoffResult) -> Figure:
    """Horizontal bars per company: seats and seats filled.

    Parameters
    ----------
    result : KickoffResult
        One policy's result, e.g. ``kickoff.match("stable")``.

    Returns
    -------
    matplotlib.figure.Figure
        One axes, one row per company (``"<id> <name>"``, in input order) with
        its capacity and filled seats; titled with ``result.policy``.

    Raises
    ------
    ImportError
        matplotlib is not installed.
    """
    fill = result.fill()
    fig = _figure(7.0, max(2.5, 0.35 * len(fill) + 1.0))
    ax = fig.add_subplot()
    y = np.arange(len(fill))
    ax.barh(y, fill["capacity"], color="#dddddd", label="seats")
    ax.barh(y, fill["filled"], color="#2a7ab9", label="filled")
    ax.set_yticks(y, [f"{cid} {name}" for cid, name in zip(fill.index, fill["name"])])
    ax.invert_yaxis()
    ax.set_xlabel("seats")
    ax.set_title(f"Company fill: {result.policy}")
    ax.legend(loc="lower right")
    return fig


def score_heatmap(kickoff: Kickoff, candidates: int | None = 40) -> Figure:
    """Fit scores as a heatmap (candidates x companies); pairs that are not
    acceptable (ineligible, needs review, refused) are blank. ``candidates``
    limits the rows shown (None: all).

    Parameters
    ----------
    kickoff : Kickoff
        The kick-off whose :meth:`Kickoff.scores` are shown.
    candidates : int or None, optional
        Show the first this many candidates (default 40); None shows all.

    Returns
    -------
    matplotlib.figure.Figure
        One axes (candidate ids as rows, company ids as columns, colour scale
        0 to 1) and a colour bar.

    Raises
    ------
    kobling.ResourceLimitError
        The dense score table would exceed ``kickoff.max_dense_bytes``.
    ImportError
        matplotlib is not installed.
    """
    scores = kickoff.scores()
    ok = kickoff._core.acceptable_pairs()
    values = np.where(ok, scores.to_numpy(), np.nan)
    rows = scores.index
    if candidates is not None:
        values, rows = values[:candidates], rows[:candidates]
    fig = _figure(8.0, max(3.0, 0.18 * len(rows) + 1.5))
    ax = fig.add_subplot()
    image = ax.imshow(values, aspect="auto", vmin=0.0, vmax=1.0, cmap="viridis",
                      interpolation="nearest")
    ax.set_xticks(np.arange(len(scores.columns)), scores.columns, rotation=90)
    ax.set_yticks(np.arange(len(rows)), rows)
    ax.set_title("Fit scores (blank: not acceptable)")
    fig.colorbar(image, ax=ax, label="score")
    return fig


def policy_comparison(kickoff: Kickoff) -> Figure:
    """Side by side per policy: placed, 1st wishes honoured, and blocking pairs
    (``Kickoff.compare()``).

    Parameters
    ----------
    kickoff : Kickoff
        The kick-off; every policy is run on it.

    Returns
    -------
    matplotlib.figure.Figure
        Three axes (placed, 1st wishes, blocking pairs), one bar per policy.

    Raises
    ------
    kobling.ResourceLimitError
        The dense score table would exceed ``kickoff.max_dense_bytes``.
    ImportError
        matplotlib is not installed.
    """
    table = kickoff.compare()
    fig = _figure(8.0, 3.5)
    metrics = [("placed", "placed"), ("1st wish", "1st wishes"),
               ("blocking_pairs", "blocking pairs")]
    for p, (column, title) in enumerate(metrics):
        ax = fig.add_subplot(1, len(metrics), p + 1)
        ax.bar(table.index, table[column], color=["#2a7ab9", "#e08b2c", "#4c9f50"][: len(table)])
        ax.set_title(title)
        ax.tick_params(axis="x", rotation=30)
    fig.suptitle("Policy comparison")
    return fig


def _roc(p: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """False and true positive rates over every threshold (ties stepped together)."""
    order = np.argsort(-p, kind="stable")
    p, y = p[order], y[order]
    distinct = np.r_[np.flatnonzero(np.diff(p)), len(p) - 1]
    tp = np.cumsum(y)[distinct]
    fp = (distinct + 1) - tp
    positives, negatives = max(y.sum(), 1), max(len(y) - y.sum(), 1)
    return np.r_[0.0, fp / negatives], np.r_[0.0, tp / positives]


def fit_validation(fit: FitResult) -> Figure:
    """The validation of a weight fit (:func:`kobling.fit_weights`): ROC
    curves of the learned and the hand weights on held-out intakes (AUC with
    its 95% interval in the legend) beside the reliability diagram (mean
    predicted against observed rate per bin, with Wilson intervals).

    Parameters
    ----------
    fit : FitResult

    Returns
    -------
    matplotlib.figure.Figure
        Two axes. Not shown or saved.

    Raises
    ------
    kobling.InvalidInputError
        The fit has no validation (fewer than two intakes with outcomes).
    """
    v = fit._core.validation()
    if v is None:
        raise _core.InvalidInputError(
            "[kobling.plot.empty] fit: no validation to draw (cross-validation needs two or "
            "more intakes with known outcomes)")
    y = np.asarray(fit._core.design()["y"])
    fig = _figure(10.0, 4.2)
    roc, rel = fig.subplots(1, 2)
    for which, label in (("learned", "learned weights"), ("hand", "hand weights")):
        fpr, tpr = _roc(np.asarray(v[f"p_{which}"]), y)
        ci = v[f"auc_{which}_ci"]
        roc.plot(fpr, tpr, drawstyle="steps-post",
                 label=f"{label}: AUC {v[f'auc_{which}']:.2f} "
                       f"({ci['lower']:.2f}-{ci['upper']:.2f})")
        bins = v[f"calibration_{which}"]["bins"]
        xs = [b["mean_predicted"] for b in bins]
        ys = [b["mean_observed"] for b in bins]
        err = [[b["mean_observed"] - b["lower"] for b in bins],
               [b["upper"] - b["mean_observed"] for b in bins]]
        rel.errorbar(xs, ys, yerr=err, marker="o", linestyle="none", capsize=3, label=label)
    roc.plot([0, 1], [0, 1], color="grey", linewidth=0.8, linestyle=":")
    roc.set_xlabel("false positive rate (bad outcomes ranked high)")
    roc.set_ylabel("true positive rate")
    roc.set_title("Ranking outcomes on held-out intakes")
    roc.legend(loc="lower right", fontsize="small")
    rel.plot([0, 1], [0, 1], color="grey", linewidth=0.8, linestyle=":")
    rel.set_xlim(0, 1)
    rel.set_ylim(0, 1)
    rel.set_xlabel("predicted probability of a good outcome")
    rel.set_ylabel("observed share good")
    rel.set_title("Calibration (equal-count bins)")
    rel.legend(loc="upper left", fontsize="small")
    return fig


def learned_weights(fit: FitResult, kickoff: Kickoff | None = None) -> Figure:
    """Bars of the learned weights beside the hand weights: the programme's
    average of the companies' normalised weights (by seats), from ``kickoff``
    or else the first intake's kick-off. Features the fit left out (protected,
    constant, declared differently) show no learned bar.

    Parameters
    ----------
    fit : FitResult
    kickoff : Kickoff, optional
        Whose hand weights to show.

    Returns
    -------
    matplotlib.figure.Figure
        One axes. Not shown or saved.
    """
    import json

    k = kickoff if kickoff is not None else fit._intakes[0].kickoff
    doc = json.loads(k.to_json())
    names = [f["name"] for f in doc["features"]]
    hand = np.zeros(len(names))
    seats = 0.0
    for c in doc["companies"]:
        w = np.array([float(c.get("weights", {}).get(n, 0.0)) for n in names])
        if w.sum() > 0:
            hand += c["capacity"] * w / w.sum()
            seats += c["capacity"]
    hand /= max(seats, 1.0)
    learned = fit.weights
    fig = _figure(8.0, 4.0)
    ax = fig.add_subplot()
    x = np.arange(len(names))
    ax.bar(x - 0.2, hand, 0.4, label="hand (seat-weighted mean)")
    ax.bar(x + 0.2, [float(learned.get(n, 0.0)) for n in names], 0.4, label="learned")
    ax.set_xticks(x, names, rotation=45, ha="right")
    ax.set_ylabel("weight (sums to 1)")
    ax.set_title(f"Weights: hand and learned ({fit.decision.replace('_', ' ')})")
    ax.legend()
    return fig
