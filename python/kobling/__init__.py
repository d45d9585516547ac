"""kobling: candidate-employer matchmaking with exact guarantees.

The array-level API (numpy in, numpy out; -1 means "none")::

    stable_assignment(preferences, company_scores, capacities, *, proposer="candidates",
                      tie_break="index", seed=0, improve=False, fixed=None,
                      withdrawn=None, previous=None, no_worse=False)
    max_placement_assignment(preferences, capacities, *, allowed=None, scores=None,
                             rank_bonus=None, score_weight=1.0, company_priority=None)
    rank_maximal_assignment(preferences, capacities, *, allowed=None, scores=None,
                            company_priority=None)
    optimal_assignment(utility, capacities, *, maximize_cardinality=False, allowed=None)
    (max_placement, rank_maximal and optimal also take fixed=, withdrawn=,
     previous=, no_worse=: a later round; max_placement and rank_maximal take
     bounds=[Bound(lower, upper, companies=, candidates=, all_or_nothing=,
     penalty=), ...]: cohort bounds, exact through a MIP)
    blocking_pairs(preferences, company_scores, capacities, company_of, *,
                   tie_break="index", seed=0, weak=False)
    lottery_numbers(seed, candidates, *, company=-1)
    plan_interviews(preferences, interview_caps, *, allowed=None, scores=None,
                    min_per_candidate=1)
    schedule_interviews(pairs, n_slots, *, rooms=None, candidate_available=None,
                        company_available=None, site=None, travel_slots=0)

and the verifiers ``check_feasibility``, ``max_placement_count``,
``check_*_certificate``, ``check_interview_plan`` and ``check_schedule``;
``thread_cache_bytes`` and ``release_thread_cache`` report and free the
per-thread memory kept between solves. Validating a fitted score (rows
judged by group, numpy in, dicts out)::

    grouped_folds(groups, n_folds=0, seed=0)
    auc_delong(scores, labels, confidence=0.95)
    auc_delong_paired(a, b, labels, confidence=0.95)
    paired_brier(p_a, p_b, labels, confidence=0.95)
    calibration(p, labels, bins=0)
    wilson_interval(successes, trials, confidence=0.95)

The kick-off object :class:`Kickoff`
(JSON in, pandas out) is built on them; its policies return a
:class:`KickoffResult`.

Errors: :class:`InvalidInputError` (a ValueError), :class:`ParseError`,
:class:`IndexOutOfRangeError` (an IndexError), :class:`ResourceLimitError`
(a ValueError) and :class:`FileError` (an OSError: a result could not be
written), all subclasses of :class:`KoblingError`, with ``.id``, ``.place``
and ``.reason``; wrong dtypes raise TypeError. ``error_catalogue()``
lists every id with its type, meaning and an example message. Inputs that
are valid but almost surely not meant are :class:`KoblingWarning` warnings
(``Kickoff.warnings()``; ``warnings.simplefilter("error", KoblingWarning)``
makes them errors, as the CLI's ``--strict`` does).
"""

from __future__ import annotations

from . import _core
from ._core import (
    Assignment,
    Bound,
    DualCertificate,
    FileError,
    IndexOutOfRangeError,
    InterviewPlan,
    InterviewSchedule,
    InvalidInputError,
    KoblingError,
    ParseError,
    ResourceLimitError,
    auc_delong,
    auc_delong_paired,
    blocking_pairs,
    calibration,
    check_feasibility,
    check_interview_plan,
    check_logistic_kkt,
    check_max_placement_certificate,
    check_optimal_certificate,
    check_rank_maximal_certificate,
    check_schedule,
    error_catalogue,
    fit_logistic,
    grouped_folds,
    lottery_numbers,
    max_placement_assignment,
    max_placement_count,
    optimal_assignment,
    paired_brier,
    plan_interviews,
    rank_maximal_assignment,
    release_thread_cache,
    schedule_interviews,
    stable_assignment,
    synthetic_market,
    thread_cache_bytes,
    top_k_scores,
    wilson_interval,
)
from ._results import install as _install_result_helpers
from ._warnings import KoblingWarning
from .fit import FitResult, fit_weights, synthetic_intakes
from .interviews import InterviewDay
from .kickoff import Kickoff
from .outcomes import Intake, load_intakes
from .result import KickoffResult

__version__: str = _core.__version__

_install_result_helpers()

__all__ = [
    "Assignment",
    "Bound",
    "DualCertificate",
    "FileError",
    "FitResult",
    "IndexOutOfRangeError",
    "Intake",
    "InterviewDay",
    "InterviewPlan",
    "InterviewSchedule",
    "InvalidInputError",
    "Kickoff",
    "KickoffResult",
    "KoblingError",
    "KoblingWarning",
    "ParseError",
    "ResourceLimitError",
    "__version__",
    "auc_delong",
    "auc_delong_paired",
    "blocking_pairs",
    "calibration",
    "check_feasibility",
    "check_interview_plan",
    "check_logistic_kkt",
    "check_max_placement_certificate",
    "check_optimal_certificate",
    "check_rank_maximal_certificate",
    "check_schedule",
    "error_catalogue",
    "fit_logistic",
    "fit_weights",
    "grouped_folds",
    "load_intakes",
    "lottery_numbers",
    "max_placement_assignment",
    "max_placement_count",
    "optimal_assignment",
    "paired_brier",
    "plan_interviews",
    "rank_maximal_assignment",
    "release_thread_cache",
    "schedule_interviews",
    "stable_assignment",
    "synthetic_intakes",
    "synthetic_market",
    "thread_cache_bytes",
    "top_k_scores",
    "wilson_interval",
]
