"""Type stubs for kobling._core (the native module). tests/python/test_stubs.py
checks that every name, parameter, keyword-only marker and default here
matches the compiled module, so the two cannot drift apart."""

from __future__ import annotations

import os
from collections.abc import Sequence
from typing import Any, Literal

import numpy as np
import numpy.typing as npt

__version__: str

ArrayLike = Any  # numpy array, array-like, or scipy.sparse matrix (CSR, CSC, COO, BSR, DOK)
Int32Array = npt.NDArray[np.int32]
Int64Array = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]
UInt64Array = npt.NDArray[np.uint64]

class KoblingError(Exception):
    id: str
    place: str
    reason: str

class InvalidInputError(KoblingError, ValueError): ...
class ParseError(InvalidInputError): ...
class IndexOutOfRangeError(KoblingError, IndexError): ...
class ResourceLimitError(KoblingError, ValueError): ...
class FileError(KoblingError, OSError): ...

class DualCertificate:
    @property
    def levels(self) -> list[str]: ...
    @property
    def candidate(self) -> FloatArray: ...
    @property
    def company(self) -> FloatArray: ...
    def __bool__(self) -> bool: ...

class Bound:
    def __init__(
        self,
        lower: int = 0,
        upper: int | None = None,
        *,
        companies: Sequence[int] | None = None,
        candidates: ArrayLike | None = None,
        all_or_nothing: bool = False,
        penalty: float | None = None,
        name: str = "",
    ) -> None: ...
    @property
    def lower(self) -> int: ...
    @property
    def upper(self) -> int | None: ...
    @property
    def companies(self) -> list[int]: ...
    @property
    def candidates(self) -> list[int]: ...
    @property
    def all_or_nothing(self) -> bool: ...
    @property
    def penalty(self) -> float | None: ...
    @property
    def name(self) -> str: ...

class Assignment:
    @property
    def company(self) -> Int32Array: ...
    @property
    def rank(self) -> Int32Array: ...
    @property
    def placed(self) -> int: ...
    @property
    def objective(self) -> float: ...
    @property
    def rank_counts(self) -> Int64Array: ...
    @property
    def duals(self) -> DualCertificate: ...
    @property
    def tie_break(self) -> str: ...
    @property
    def seed(self) -> int: ...
    @property
    def ties(self) -> list[dict[str, Any]]: ...
    @property
    def changes(self) -> dict[str, list[int]]: ...
    @property
    def bounds(self) -> list[dict[str, Any]]: ...
    @property
    def proven_optimal(self) -> bool: ...
    @property
    def bound_gap(self) -> float: ...
    @property
    def bounds_method(self) -> str: ...
    @property
    def baseline_placed(self) -> int | None: ...
    @property
    def pairs(self) -> Int32Array: ...
    @property
    def load(self) -> Int32Array: ...
    @property
    def n(self) -> int: ...
    def to_frame(
        self,
        candidate_ids: Sequence[Any] | None = None,
        company_ids: Sequence[Any] | None = None,
    ) -> Any: ...
    def _repr_html_(self) -> str: ...

class InterviewPlan:
    @property
    def pairs(self) -> Int32Array: ...
    @property
    def per_candidate(self) -> Int32Array: ...
    @property
    def per_company(self) -> Int32Array: ...
    @property
    def uncovered(self) -> list[int]: ...
    @property
    def uncovered_reason(self) -> list[str]: ...
    @property
    def levels(self) -> list[str]: ...
    @property
    def objective(self) -> list[float]: ...
    @property
    def candidate_potential(self) -> FloatArray: ...
    @property
    def company_potential(self) -> FloatArray: ...
    @property
    def sink_potential(self) -> FloatArray: ...

class InterviewSchedule:
    @property
    def slot(self) -> Int32Array: ...
    @property
    def room(self) -> Int32Array: ...
    @property
    def slots_used(self) -> int: ...
    @property
    def lower_bound(self) -> int: ...
    @property
    def idle_gaps(self) -> int: ...
    @property
    def unscheduled(self) -> int: ...
    @property
    def exact(self) -> bool: ...

def plan_interviews(
    preferences: ArrayLike,
    interview_caps: ArrayLike,
    *,
    allowed: ArrayLike | None = None,
    scores: ArrayLike | None = None,
    min_per_candidate: int = 1,
) -> InterviewPlan: ...
def check_interview_plan(
    preferences: ArrayLike,
    interview_caps: ArrayLike,
    plan: InterviewPlan,
    *,
    allowed: ArrayLike | None = None,
    scores: ArrayLike | None = None,
    min_per_candidate: int = 1,
    tolerance: float = 1e-9,
) -> dict[str, Any]: ...
def schedule_interviews(
    pairs: ArrayLike,
    n_slots: int,
    *,
    rooms: ArrayLike | None = None,
    candidate_available: ArrayLike | None = None,
    company_available: ArrayLike | None = None,
    site: ArrayLike | None = None,
    travel_slots: int = 0,
    time_limit: float = 10.0,
) -> InterviewSchedule: ...
def check_schedule(
    pairs: ArrayLike,
    n_slots: int,
    schedule: InterviewSchedule,
    *,
    rooms: ArrayLike | None = None,
    candidate_available: ArrayLike | None = None,
    company_available: ArrayLike | None = None,
    site: ArrayLike | None = None,
    travel_slots: int = 0,
) -> dict[str, Any]: ...
def stable_assignment(
    preferences: ArrayLike,
    company_scores: ArrayLike,
    capacities: ArrayLike,
    *,
    proposer: str = "candidates",
    tie_break: str = "index",
    seed: int = 0,
    improve: bool = False,
    fixed: ArrayLike | None = None,
    withdrawn: ArrayLike | None = None,
    previous: ArrayLike | None = None,
    no_worse: bool = False,
    max_placed: bool = False,
    time_limit: float = 60.0,
    bounds: Sequence[Bound] | None = None,
) -> Assignment: ...
def max_placement_assignment(
    preferences: ArrayLike,
    capacities: ArrayLike,
    *,
    allowed: ArrayLike | None = None,
    scores: ArrayLike | None = None,
    rank_bonus: Sequence[float] | None = None,
    score_weight: float = 1.0,
    company_priority: ArrayLike | None = None,
    fixed: ArrayLike | None = None,
    withdrawn: ArrayLike | None = None,
    previous: ArrayLike | None = None,
    no_worse: bool = False,
    tie_break: str = "index",
    seed: int = 0,
    bounds: Sequence[Bound] | None = None,
    time_limit: float = 60.0,
    price_bounds: bool = False,
    bounds_method: Literal["auto", "flow", "mip"] = "auto",
    loads: ArrayLike | None = None,
    min_loads: ArrayLike | None = None,
) -> Assignment: ...
def rank_maximal_assignment(
    preferences: ArrayLike,
    capacities: ArrayLike,
    *,
    allowed: ArrayLike | None = None,
    scores: ArrayLike | None = None,
    company_priority: ArrayLike | None = None,
    fixed: ArrayLike | None = None,
    withdrawn: ArrayLike | None = None,
    previous: ArrayLike | None = None,
    no_worse: bool = False,
    tie_break: str = "index",
    seed: int = 0,
    bounds: Sequence[Bound] | None = None,
    time_limit: float = 60.0,
    price_bounds: bool = False,
    bounds_method: Literal["auto", "flow", "mip"] = "auto",
    loads: ArrayLike | None = None,
    min_loads: ArrayLike | None = None,
) -> Assignment: ...
def optimal_assignment(
    utility: ArrayLike,
    capacities: ArrayLike,
    *,
    maximize_cardinality: bool = False,
    allowed: ArrayLike | None = None,
    fixed: ArrayLike | None = None,
    withdrawn: ArrayLike | None = None,
    previous: ArrayLike | None = None,
    no_worse: bool = False,
    bounds: Sequence[Bound] | None = None,
    time_limit: float = 60.0,
    price_bounds: bool = False,
    bounds_method: Literal["auto", "flow", "mip"] = "auto",
    loads: ArrayLike | None = None,
    min_loads: ArrayLike | None = None,
) -> Assignment: ...
def lottery_numbers(seed: int, candidates: ArrayLike, *, company: int = -1) -> UInt64Array: ...
def blocking_pairs(
    preferences: ArrayLike,
    company_scores: ArrayLike,
    capacities: ArrayLike,
    company_of: ArrayLike,
    *,
    tie_break: str = "index",
    seed: int = 0,
    weak: bool = False,
) -> Int32Array: ...
def check_feasibility(
    preferences: ArrayLike,
    capacities: ArrayLike,
    company_of: ArrayLike,
    *,
    allowed: ArrayLike | None = None,
    scores: ArrayLike | None = None,
) -> dict[str, Any]: ...
def max_placement_count(
    preferences: ArrayLike,
    capacities: ArrayLike,
    *,
    allowed: ArrayLike | None = None,
    scores: ArrayLike | None = None,
) -> int: ...
def check_max_placement_certificate(
    preferences: ArrayLike,
    capacities: ArrayLike,
    result: Assignment,
    *,
    allowed: ArrayLike | None = None,
    scores: ArrayLike | None = None,
    rank_bonus: Sequence[float] | None = None,
    score_weight: float = 1.0,
    tolerance: float = 1e-09,
    company_priority: ArrayLike | None = None,
    fixed: ArrayLike | None = None,
    withdrawn: ArrayLike | None = None,
    previous: ArrayLike | None = None,
    no_worse: bool = False,
) -> dict[str, Any]: ...
def check_rank_maximal_certificate(
    preferences: ArrayLike,
    capacities: ArrayLike,
    result: Assignment,
    *,
    allowed: ArrayLike | None = None,
    scores: ArrayLike | None = None,
    tolerance: float = 1e-09,
    company_priority: ArrayLike | None = None,
    fixed: ArrayLike | None = None,
    withdrawn: ArrayLike | None = None,
    previous: ArrayLike | None = None,
    no_worse: bool = False,
) -> dict[str, Any]: ...
def check_optimal_certificate(
    utility: ArrayLike,
    capacities: ArrayLike,
    result: Assignment,
    *,
    maximize_cardinality: bool = False,
    tolerance: float = 1e-09,
    allowed: ArrayLike | None = None,
    fixed: ArrayLike | None = None,
    withdrawn: ArrayLike | None = None,
    previous: ArrayLike | None = None,
    no_worse: bool = False,
) -> dict[str, Any]: ...
def synthetic_market(
    n: int,
    *,
    companies: int = 0,
    wishes: int = 3,
    features: int = 8,
    zipf: float = 1.0,
    refusal: float = 0.0,
    empty_list: float = 0.0,
    dense_scores: bool = True,
    seed: int = 1,
) -> dict[str, Any]: ...
def error_catalogue() -> list[dict[str, str]]: ...
def thread_cache_bytes() -> int: ...
def release_thread_cache() -> int: ...
def write_output_file(path: str, text: str | bytes, inputs: list[str]) -> None: ...
def ordinal_wish(rank: int) -> str: ...
def top_k_scores(
    features: ArrayLike,
    weights: ArrayLike,
    k: int,
    *,
    block_rows: int = 1024,
    threads: int = 0,
) -> tuple[Int32Array, FloatArray]: ...
def grouped_folds(groups: ArrayLike, n_folds: int = 0, seed: int = 0) -> Int32Array: ...
def wilson_interval(
    successes: int, trials: int, confidence: float = 0.95
) -> tuple[float, float]: ...
def auc_delong(
    scores: ArrayLike, labels: ArrayLike, confidence: float = 0.95
) -> dict[str, Any]: ...
def auc_delong_paired(
    a: ArrayLike, b: ArrayLike, labels: ArrayLike, confidence: float = 0.95
) -> dict[str, Any]: ...
def paired_brier(
    p_a: ArrayLike, p_b: ArrayLike, labels: ArrayLike, confidence: float = 0.95
) -> dict[str, Any]: ...
def calibration(p: ArrayLike, labels: ArrayLike, bins: int = 0) -> dict[str, Any]: ...

class InterviewDayCore:
    @property
    def plan(self) -> InterviewPlan: ...
    @property
    def schedule(self) -> InterviewSchedule: ...
    @property
    def caps(self) -> list[int]: ...
    @property
    def n_slots(self) -> int: ...
    @property
    def slot_minutes(self) -> int: ...
    def slot_time(self, slot: int) -> str: ...

class KickoffCore:
    @staticmethod
    def from_json_text(text: str) -> KickoffCore: ...
    @staticmethod
    def load(path: str | os.PathLike[str]) -> KickoffCore: ...
    @staticmethod
    def from_csv_text(
        features: str | bytes,
        companies: str | bytes,
        candidates: str | bytes,
        features_name: str,
        companies_name: str,
        candidates_name: str,
        name: str,
        max_preferences: int,
        data_rows: bool = False,
        bounds: str | bytes = "",
        bounds_name: str = "bounds.csv",
        encoding: str = "",
        delimiter: str = "",
        decimal: str = "",
    ) -> KickoffCore: ...
    def to_json_text(self) -> str: ...
    def interview_day(
        self,
        cap_per_seat: float,
        min_per_candidate: int,
        start: str,
        end: str,
        slot_minutes: int,
        travel_minutes: int,
    ) -> InterviewDayCore: ...
    def interview_files(self, day: InterviewDayCore) -> dict[str, str]: ...
    def apply_verdicts(self, csv: str, name: str) -> KickoffCore: ...
    max_dense_bytes: int
    @property
    def name(self) -> str: ...
    @property
    def max_preferences(self) -> int: ...
    @property
    def candidate_ids(self) -> list[str]: ...
    @property
    def companies(self) -> list[dict[str, Any]]: ...
    @property
    def feature_names(self) -> list[str]: ...
    def candidate_index(self, candidate: str | int | np.integer[Any]) -> int: ...
    def company_index(self, company: str | int | np.integer[Any]) -> int: ...
    @property
    def preferences(self) -> Int32Array: ...
    @property
    def capacities(self) -> Int32Array: ...
    @property
    def scores(self) -> FloatArray: ...
    @property
    def eligibility(self) -> npt.NDArray[np.uint8]: ...
    @property
    def empty_profile(self) -> npt.NDArray[np.bool_]: ...
    def company_preference(self) -> FloatArray: ...
    def acceptable_pairs(self) -> npt.NDArray[np.bool_]: ...
    def match(
        self,
        policy: str = "stable",
        proposer: str = "candidates",
        rank_bonus: Sequence[float] | None = None,
        score_weight: float = 1.0,
        tie_break: str | None = None,
        seed: int | None = None,
        improve: bool = False,
        previous: Sequence[int] | None = None,
        withdrawn: Sequence[int] | None = None,
        pinned: Sequence[int] | None = None,
        no_worse: bool = False,
        price_bounds: bool = False,
        time_limit: float = 60.0,
        max_placed: bool = False,
    ) -> Assignment: ...
    def previous_from_result(self, text: str) -> list[int]: ...
    def describe(
        self, policy: str, proposer: str, improve: bool = False, max_placed: bool = False
    ) -> str: ...
    @property
    def tie_break(self) -> str: ...
    @property
    def seed(self) -> int: ...
    def preference_text(self, company: int, value: float) -> str: ...
    def explain(self, candidate: int, company: int) -> dict[str, Any]: ...
    def report(
        self, result: Assignment, policy: str, lang: str = "en", summary: bool = False
    ) -> str: ...
    def result_json(self, result: Assignment, policy: str, lang: str = "en") -> str: ...
    def placements_csv(self, result: Assignment) -> str: ...
    def placed_scores(self, result: Assignment) -> FloatArray: ...
    def candidate_names(self) -> list[str]: ...
    def handout_files(
        self, result: Assignment, policy: str, lang: str = "en"
    ) -> list[tuple[str, str]]: ...
    @staticmethod
    def reason_catalogue() -> list[dict[str, str]]: ...
    def recommend(self, candidate: int, k: int) -> tuple[bool, list[dict[str, Any]]]: ...
    def shortlist(self, company: int) -> list[dict[str, Any]]: ...
    def top_k(
        self, k: int, block_rows: int = 1024, threads: int = 0
    ) -> tuple[Int32Array, FloatArray]: ...
    def compare(self) -> tuple[list[dict[str, Any]], list[int], str]: ...
    def warnings(self) -> list[dict[str, str]]: ...

# --- the weight fit's array core (fit.cpp) --------------------------------------

def fit_logistic(
    X: ArrayLike,
    y: ArrayLike,
    sample_weight: ArrayLike | None = None,
    *,
    l2: float = 1.0,
    lower: ArrayLike | None = None,
    upper: ArrayLike | None = None,
    fit_intercept: bool = True,
    tolerance: float = 1e-10,
    max_iterations: int = 200,
) -> dict[str, Any]: ...
def check_logistic_kkt(
    X: ArrayLike,
    y: ArrayLike,
    sample_weight: ArrayLike | None,
    fit: dict[str, Any],
    *,
    l2: float = 1.0,
    lower: ArrayLike | None = None,
    upper: ArrayLike | None = None,
    fit_intercept: bool = True,
    tolerance: float = 1e-7,
) -> tuple[bool, list[str]]: ...

# --- intakes, the weight fit and the group report (fit.cpp) -------------------

class IntakeCore:
    @staticmethod
    def load(path: str) -> IntakeCore: ...
    @staticmethod
    def load_csv(path: str) -> IntakeCore: ...
    @staticmethod
    def from_json_text(text: str) -> IntakeCore: ...
    def to_json_text(self) -> str: ...
    @property
    def id(self) -> str: ...
    @property
    def date(self) -> str: ...
    @property
    def follow_up(self) -> str | None: ...
    @property
    def policy(self) -> str: ...
    def kickoff(self) -> KickoffCore: ...
    @property
    def company_of(self) -> Int32Array: ...
    def events(self) -> list[tuple[str, str | None, str, str, str | None]]: ...
    def labels(
        self, horizon_days: int | None = None, declined_is_bad: bool = False
    ) -> list[str]: ...

class FitResultCore:
    def text(self, lang: str = "en") -> str: ...
    def to_json_text(self) -> str: ...
    @property
    def decision(self) -> str: ...
    @property
    def why(self) -> list[str]: ...
    @property
    def why_nb(self) -> list[str]: ...
    def warnings(self) -> list[tuple[str, str, str]]: ...
    def profile(self) -> dict[str, Any]: ...
    def features(self) -> list[tuple[str, str, str]]: ...
    def counts(self) -> list[dict[str, Any]]: ...
    def design(self) -> dict[str, Any]: ...
    def validation(self) -> dict[str, Any] | None: ...

def fit_weights(
    intakes: list[IntakeCore],
    features: list[str],
    protected: list[str],
    monotone: list[tuple[str, str]],
    l2: float,
    horizon_days: int | None,
    declined_is_bad: bool,
    balance_intakes: bool,
    folds: int,
    seed: int,
) -> FitResultCore: ...
def with_weights(
    kickoff: KickoffCore,
    features: list[str],
    weights: list[float],
    protected: list[str],
    validated: bool,
    companies: list[str],
    force: bool,
) -> tuple[KickoffCore, list[tuple[str, str, str]]]: ...
def weights_from_json_text(text: str) -> tuple[list[str], list[float], list[str], bool]: ...
def load_weights(path: str) -> tuple[list[str], list[float], list[str], bool]: ...
def group_report(
    intakes: list[IntakeCore],
    features: list[str],
    weights: list[float],
    protected: list[str],
    feature: str,
    bins: list[float],
    labels: list[tuple[str, str]],
    horizon_days: int | None,
    declined_is_bad: bool,
    lang: str,
) -> dict[str, Any]: ...
def group_report_kickoff(
    kickoff: KickoffCore,
    features: list[str],
    weights: list[float],
    protected: list[str],
    feature: str,
    bins: list[float],
    labels: list[tuple[str, str]],
    policy: str,
    lang: str,
) -> dict[str, Any]: ...
def synthetic_intakes(
    template: KickoffCore,
    intakes: int,
    candidates: int,
    true_weights: list[tuple[str, float]],
    intercept: float,
    strength: float,
    intake_shift: float,
    censored: float,
    policy: str,
    seed: int,
) -> list[IntakeCore]: ...
def plain_template(candidates: int, companies: int, features: int, seed: int) -> KickoffCore: ...
