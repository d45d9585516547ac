#!/usr/bin/env python3
"""kobling against its peers, on the same seeded instances, in one run.

Variants (instances from kobling.synthetic_market: n candidates, m = max(10,
n/10) companies with 1-5 seats, 3 wishes with Zipf popularity, feature scores):

  A   wish lists: most placed, then the largest total of rank bonus + score
      peers: LEMON NetworkSimplex (C++ harness; timed with its graph built and,
             in a second row, the solve alone), OR-Tools SimpleMinCostFlow,
             SciPy linear_sum_assignment in its fastest exact form (the
             capacity-expanded (n, seats) matrix alone: listed pairs cost
             -(M + utility), others 0, no dummy columns; the padded form with
             one dummy column per candidate for reference at small sizes),
             min_weight_full_bipartite_matching (sparse, one dummy column per
             candidate), networkx (small sizes)
  B   full score matrix: the largest total score under capacities
      peers: SciPy linear_sum_assignment on the (seats x candidates) matrix
             alone, its fastest form (exact here: every score is positive and
             seats < candidates), LEMON (with and without its graph build),
             OR-Tools (small sizes)
  C   candidate-proposing deferred acceptance
      peer: the `matching` package's HospitalResident
  R   rank-maximal on A's lists
      peers: LEMON and OR-Tools with exact integer weights (n+1)^(k-1-r)
  T   scoring: the 10 best companies per candidate of n x m x d scores
      peer: numpy (blocked matrix product + argpartition + sort)
  I   interview planning: who interviews whom (caps of 3 interviews per seat, at
      least one per candidate) and when (one room per company)
      peer: a first-come planner as booking tools work (candidates in order
            book their wishes while the company has room; each company
            interviews its bookings in consecutive slots), compared on
            candidates with an interview, clashes and slots used
  N   the kick-off layer at national scale (bench/national.py): 100,000
      candidates, 10,000 companies, every feature kind, three wishes each.
      `kobling run --summary` end to end and Kickoff.load + match against a
      2 s target (the load stated separately), compare() against 5 s, peak
      memory against 2 GiB; Kickoff.top_k(5) against the array-level
      top_k_scores on the same (linear) data, within 1.5x
  F   the weight fit's solver: an L2-penalised logistic regression on N rows x
      14 features in [0, 1] (the per-feature values of placed pairs), exact
      peers: scikit-learn LogisticRegression (newton-cholesky, tol 1e-12;
             its fastest exact solver for L2 at p << N) without bounds, and
             SciPy L-BFGS-B with the analytic gradient with the non-negativity
             box kobling learns weights under; objectives compared. Also
             fit_weights end to end (40 synthetic intakes of the bundled
             kick-off, cross-validation by intake included), alone.
  L   loading a kick-off of 100,000, 200,000 and 1,000,000 candidates from JSON
      and from CSV (bench/load_bench.cpp, C++); asserts that loading is linear
      (twice the candidates: at most 2.5x the time) and that JSON loads within
      3x of the CSV reader

Every optimal solver's objective is compared with kobling's (placed exactly,
utility to the peers' integer scaling); a disagreement fails the run. Runs
alternate kobling and the peer; medians are reported, and the ratio
peer/kobling ("x faster"). A peer that takes more than --timeout seconds or
needs more than --memory-gib is reported as such.

Usage: python bench/compare_peers.py [--sizes 100,550,5000,50000] [--quick]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

import kobling

sys.path.insert(0, str(Path(__file__).resolve().parent))
from peers.formulations import (  # noqa: E402 (bench/ is put on the path above)
    bonus,
    matching_hr,
    networkx_a,
    ortools_lex,
    scipy_lsa_a,
    scipy_lsa_seats_a,
    scipy_mwfbm_a,
    write_instance_a,
    write_instance_b,
    write_instance_r,
)

ROOT = Path(__file__).resolve().parents[1]
LEMON = ROOT / "build" / "bench" / "kobling_lemon_peer"
CPP_BENCH = ROOT / "build" / "bench" / "kobling_bench"
LOAD_BENCH = ROOT / "build" / "bench" / "kobling_load_bench"


# -- instances ---------------------------------------------------------------


def market(n: int, dense: bool):
    mk = kobling.synthetic_market(n, dense_scores=dense, seed=42)
    prefs = mk["preferences"]
    k = prefs.shape[1]
    rows = np.repeat(np.arange(n), k)
    cols = prefs.ravel()
    keep = cols >= 0
    import scipy.sparse as sp

    listed = sp.csr_matrix((mk["entry_scores"].ravel()[keep], (rows[keep], cols[keep])),
                           shape=(n, len(mk["capacities"])))
    mk["listed"] = listed
    return mk


# -- timing ------------------------------------------------------------------


MIN_SAMPLE_SECONDS = 0.5  # short calls are repeated until they fill this much


def timed(fn, repeats: int, budget: float):
    """Median wall time of fn() over at least `repeats` runs, and more for
    short calls (until MIN_SAMPLE_SECONDS are spent, at most 2,000 runs: one
    run of a 50 us call says little on a noisy machine); stops early past
    `budget` seconds."""
    times, out = [], None
    while len(times) < 2000:
        t = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - t)
        spent = sum(times)
        if spent > budget or (len(times) >= repeats and spent >= MIN_SAMPLE_SECONDS):
            break
    return statistics.median(times), out


def alternate(ours, peer, repeats: int, budget: float):
    """Alternates ours() and peer(); returns (median ours, median peer, outputs)."""
    t_ours, t_peer, o_ours, o_peer = [], [], None, None
    for _ in range(repeats):
        t = time.perf_counter()
        o_ours = ours()
        t_ours.append(time.perf_counter() - t)
        t = time.perf_counter()
        o_peer = peer()
        t_peer.append(time.perf_counter() - t)
        if sum(t_peer) > budget:
            break
    return statistics.median(t_ours), statistics.median(t_peer), o_ours, o_peer


# -- peers -------------------------------------------------------------------


def lemon_repeats(n: int, repeats: int) -> int:
    """Runs inside the LEMON harness (its median): more for the short sizes."""
    return max(repeats, 50 if n <= 550 else 20 if n <= 5000 else 0)


ROUNDS = 5  # kobling and a C++ peer (LEMON, kobling_bench) alternate this many times


def rounds_against(ours, cpp_median, repeats: int):
    """kobling (through Python) and a C++ program that times itself, in
    ROUNDS alternating rounds: this VM has slow phases of a few seconds that
    would otherwise fall on one side only. Returns kobling's median over all
    its runs, the median of the program's per-round medians (None if it
    failed: then its error), kobling's last result, and the per-round
    ratios (program / kobling, each round's two medians side by side)."""
    times, medians, ratios, res, err = [], [], [], None, None
    for _ in range(ROUNDS):
        spent, runs, mine = 0.0, 0, []
        while runs < max(1, repeats // ROUNDS) or spent < MIN_SAMPLE_SECONDS / ROUNDS:
            t = time.perf_counter()
            res = ours()
            mine.append(time.perf_counter() - t)
            spent += mine[-1]
            runs += 1
            if runs >= 2000 // ROUNDS:
                break
        times.extend(mine)
        got, err = cpp_median()
        if got is None:
            return statistics.median(times), None, err, res, []
        medians.append(got)
        ratios.append(got / statistics.median(mine))
    return statistics.median(times), statistics.median(medians), None, res, ratios


def spread(ratios) -> str:
    """The per-round ratios as a note: how far the machine's phases moved
    the cell (the table's ratio is of the overall medians)."""
    if len(ratios) < 2:
        return ""
    return f"per round {min(ratios):.1f}-{max(ratios):.1f}x"


def against_lemon(ours, path: Path, n: int, repeats: int, timeout: float):
    """rounds_against() with the LEMON harness; LEMON's own figures (objective,
    placed) come from its last round."""
    last = {}

    def lemon_median():
        lem, err = lemon_run(path, max(1, lemon_repeats(n, repeats) // ROUNDS), timeout)
        if lem is None:
            return None, err
        last.update(lem)
        return lem["median_s"], None

    t_ours, t_lem, err, res, ratios = rounds_against(ours, lemon_median, repeats)
    lem = dict(last, median_s=t_lem, rounds=spread(ratios)) if t_lem is not None else None
    return t_ours, res, lem, err


def lemon_run(path: Path, repeats: int, timeout: float):
    if not LEMON.exists():
        return None, "not built (needs liblemon-dev)"
    try:
        out = subprocess.run([str(LEMON), str(path), str(repeats)], capture_output=True, text=True,
                             timeout=timeout * (repeats + 1))
    except subprocess.TimeoutExpired:
        return None, f"> {timeout:.0f} s"
    if out.returncode != 0:
        return None, "failed: " + out.stderr.strip()[:80]
    return json.loads(out.stdout), None


# -- the table ---------------------------------------------------------------


class Report:
    def __init__(self):
        self.rows = []
        self.failures = []
        self.missed = []

    def add(self, variant, n, peer, t_ours, t_peer, note="", target=None):
        ratio = (t_peer / t_ours) if (t_peer and t_ours) else None
        met = None
        if target is not None and ratio is not None:
            met = ratio >= target
        self.rows.append(dict(variant=variant, n=n, peer=peer, ours=t_ours, theirs=t_peer,
                              ratio=ratio, note=note, target=target, met=met))
        cell = f"{ratio:8.1f}x" if ratio else "       -"
        print(f"{variant:3s} n={n:<6d} {peer:34s} kobling {fmt(t_ours):>9s}  "
              f"peer {fmt(t_peer):>9s}  {cell}  {note}", flush=True)

    def require(self, ok: bool, what: str):
        """A benchmark assertion (not an objective): recorded, and the run fails."""
        if not ok:
            self.missed.append(what)
            print("  BENCHMARK ASSERTION FAILED:", what, flush=True)

    def check(self, ok: bool, what: str):
        if not ok:
            self.failures.append(what)
            print("  OBJECTIVE MISMATCH:", what, flush=True)


def fmt(t):
    if t is None:
        return "-"
    if t < 1e-3:
        return f"{t * 1e6:.0f} us"
    if t < 1:
        return f"{t * 1e3:.2f} ms"
    return f"{t:.2f} s"


# -- variants ----------------------------------------------------------------


def run_a(rep: Report, n: int, args, tmp: Path):
    mk = market(n, dense=False)
    prefs, caps, listed = mk["preferences"], mk["capacities"], mk["listed"]
    k = prefs.shape[1]
    ours = lambda: kobling.max_placement_assignment(prefs, caps, scores=listed)  # noqa: E731
    repeats = args.repeats if n <= 5000 else 3
    path = tmp / f"a{n}.bin"
    write_instance_a(path, mk)
    t_ours, res, lem, err = against_lemon(ours, path, n, repeats, args.timeout)
    target = {550: 10, 5000: 10, 50000: 20}.get(n)
    if lem:
        rep.add("A", n, "LEMON NetworkSimplex (C++)", t_ours, lem["median_s"], lem["rounds"],
                target)
        rep.add("A", n, "LEMON NetworkSimplex, solve alone", t_ours, lem["median_solve_s"],
                "its graph built beforehand, outside the time (kobling's time includes "
                "everything)")
        rep.check(lem["placed"] == res.placed
                  and abs(lem["objective"] - res.objective) <= 1e-5 * n,
                  f"A n={n} LEMON placed {lem['placed']} obj {lem['objective']} "
                  f"vs {res.placed} {res.objective}")
    else:
        rep.add("A", n, "LEMON NetworkSimplex (C++)", t_ours, None, err, target)
    # OR-Tools with exact integer lexicographic costs (micro-units).
    unit = 10**6
    util = np.round((np.array(bonus(k))[None, :] + mk["entry_scores"]) * unit).astype(np.int64)
    big = (n + 1) * (int(util.max(initial=0)) + 1)
    w = np.where(prefs >= 0, big + util, 0)
    t0 = time.perf_counter()
    placed, obj = ortools_lex(prefs, caps, w)
    t_or = time.perf_counter() - t0
    if t_or < args.timeout:
        t_or, _ = timed(lambda: ortools_lex(prefs, caps, w), repeats, args.timeout)
    rep.add("A", n, "OR-Tools SimpleMinCostFlow", t_ours, t_or)
    rep.check(placed == res.placed and abs((obj - placed * big) / unit - res.objective) <= 1e-5 * n,
              f"A n={n} OR-Tools")
    # SciPy: dense seat-expanded LSA (memory-bounded) and sparse MWFBM.
    seats = int(caps.sum())
    need = n * seats * 8 / 2**30
    if need > args.memory_gib:
        rep.add("A", n, "SciPy linear_sum_assignment", t_ours, None,
                f"does not fit: needs {need:.1f} GiB")
    elif n > 5000:
        rep.add("A", n, "SciPy linear_sum_assignment", t_ours, None,
                "skipped above n=5000 (> 20 s)")
    else:
        bigf = float((n + 1) * (k + 2))
        t_sp, (p2, o2) = timed(lambda: scipy_lsa_seats_a(mk, bigf), max(1, repeats // 2),
                               args.timeout)
        rep.add("A", n, "SciPy linear_sum_assignment, seats only", t_ours, t_sp,
                "(n, seats) matrix, no dummy columns: its fastest exact form")
        rep.check(p2 == res.placed and abs(o2 - res.objective) <= 1e-6 * n, f"A n={n} SciPy LSA")
        if n <= 550:  # the padded form, for reference: what the fast form saves
            t_pad, (p5, o5) = timed(lambda: scipy_lsa_a(mk, bigf), max(1, repeats // 2),
                                    args.timeout)
            rep.add("A", n, "SciPy linear_sum_assignment, padded", t_ours, t_pad,
                    f"one dummy column per candidate: {t_pad / t_sp:.1f}x the seats-only form")
            rep.check(p5 == res.placed and abs(o5 - res.objective) <= 1e-6 * n,
                      f"A n={n} SciPy LSA padded")
    if n <= 5000:
        bigf = float((n + 1) * (k + 2))
        t_mw, (p3, o3) = timed(lambda: scipy_mwfbm_a(mk, bigf), max(1, repeats // 2), args.timeout)
        rep.add("A", n, "SciPy min_weight_full_bipartite", t_ours, t_mw)
        rep.check(p3 == res.placed and abs(o3 - res.objective) <= 1e-5 * n, f"A n={n} SciPy MWFBM")
    if n <= 550:
        t_nx, (p4, o4) = timed(lambda: networkx_a(mk, unit), 1, args.timeout)
        rep.add("A", n, "networkx min_cost_flow", t_ours, t_nx)
        rep.check(p4 == res.placed and abs(o4 - res.objective) <= 1e-5 * n, f"A n={n} networkx")
    return mk


def run_r(rep: Report, n: int, mk, args, tmp: Path):
    prefs, caps = mk["preferences"], mk["capacities"]
    k = prefs.shape[1]
    ours = lambda: kobling.rank_maximal_assignment(prefs, caps)  # noqa: E731
    repeats = args.repeats if n <= 5000 else 3
    path = tmp / f"r{n}.bin"
    write_instance_r(path, mk)
    t_ours, res, lem, err = against_lemon(ours, path, n, repeats, args.timeout)
    expected = int(sum(c * (n + 1) ** (k - 1 - r) for r, c in enumerate(res.rank_counts)))
    if lem:
        rep.add("R", n, "LEMON NetworkSimplex (C++)", t_ours, lem["median_s"], lem["rounds"])
        rep.check(int(round(lem["objective"])) == expected, f"R n={n} LEMON signature")
    else:
        rep.add("R", n, "LEMON NetworkSimplex (C++)", t_ours, None, err)
    powers = np.array([(n + 1) ** (k - 1 - r) for r in range(k)], dtype=np.int64)
    w = np.where(prefs >= 0, powers[None, :], 0)
    t_or, (placed, obj) = timed(lambda: ortools_lex(prefs, caps, w), repeats, args.timeout)
    rep.add("R", n, "OR-Tools SimpleMinCostFlow", t_ours, t_or)
    rep.check(obj == expected, f"R n={n} OR-Tools signature")


def run_b(rep: Report, n: int, args, tmp: Path):
    mk = market(n, dense=True)
    S, caps = mk["scores"], mk["capacities"]
    seats = int(caps.sum())
    t0 = time.perf_counter()
    res = kobling.optimal_assignment(S, caps)
    t_first = time.perf_counter() - t0
    repeats = args.repeats if n <= 5000 else 1
    t_ours = (t_first if repeats == 1
              else timed(lambda: kobling.optimal_assignment(S, caps), repeats, 60)[0])
    target = {550: 5, 5000: 6}.get(n)
    need = seats * n * 8 / 2**30
    if need > args.memory_gib:
        rep.add("B", n, "SciPy linear_sum_assignment", t_ours, None,
                f"does not fit: needs {need:.1f} GiB", target)
    else:
        from scipy.optimize import linear_sum_assignment

        cols = np.repeat(np.arange(len(caps)), caps)

        def scipy_b():
            C = -S[:, cols].T  # seats x candidates
            r, c = linear_sum_assignment(C)
            return float(-C[r, c].sum())

        t_sp, obj = timed(scipy_b, max(1, repeats // 2) if n <= 550 else 1, args.timeout * 3)
        rep.add("B", n, "SciPy linear_sum_assignment", t_ours, t_sp, target=target)
        rep.check(abs(obj - res.objective) <= 1e-9 * max(1.0, abs(obj)), f"B n={n} SciPy")
    if n <= 5000:
        path = tmp / f"b{n}.bin"
        write_instance_b(path, mk)
        lem, err = lemon_run(path, max(1, repeats // 2), args.timeout)
        if lem:
            rep.add("B", n, "LEMON NetworkSimplex (C++)", t_ours, lem["median_s"])
            rep.add("B", n, "LEMON NetworkSimplex, solve alone", t_ours, lem["median_solve_s"],
                    "its graph built beforehand, outside the time")
            rep.check(abs(lem["objective"] - res.objective) <= 1e-5 * n, f"B n={n} LEMON")
        else:
            rep.add("B", n, "LEMON NetworkSimplex (C++)", t_ours, None, err)
    if n == 50000:
        rep.add("B", n, "(target: under 3 s within 4 GiB)", t_ours, None,
                f"kobling {'meets' if t_ours < 3 else 'MISSES'} the 3 s target")


def run_c(rep: Report, n: int, args):
    mk = market(n, dense=False)
    prefs, caps, listed = mk["preferences"], mk["capacities"], mk["listed"]
    prefs32 = prefs.astype(np.int32)
    caps32 = caps.astype(np.int32)
    repeats = args.repeats * 4
    t_ours, res = timed(lambda: kobling.stable_assignment(prefs32, listed, caps32), repeats, 30)
    if n <= 5000:
        t0 = time.perf_counter()
        placed = matching_hr(mk)
        t_m = time.perf_counter() - t0
        if t_m < args.timeout and n <= 550:
            t_m, placed = timed(lambda: matching_hr(mk), 3, args.timeout)
        rep.add("C", n, "matching HospitalResident", t_ours, t_m, target=1000 if n == 550 else None)
        rep.check(placed == res.placed, f"C n={n} matching placed {placed} vs {res.placed}")
    else:
        rep.add("C", n, "matching HospitalResident", t_ours, None,
                f"skipped (> {args.timeout:.0f} s)")
    if n == 50000:
        rep.add("C", n, "(target: under 5 ms)", t_ours, None,
                f"kobling {'meets' if t_ours < 5e-3 else 'MISSES'} the 5 ms target")
    return mk


def first_come(prefs, caps):
    """The peer of variant I: bookings in arrival order, then each company's
    calendar filled from the first slot. Returns (covered, clashes, slots)."""
    n = prefs.shape[0]
    held = np.zeros(len(caps), dtype=np.int64)
    taken: dict[tuple[int, int], int] = {}
    covered = clashes = slots = 0
    for i in range(n):
        mine = 0
        for j in prefs[i]:
            if j < 0 or held[j] >= caps[j]:
                continue
            t = int(held[j])
            held[j] += 1
            mine += 1
            slots = max(slots, t + 1)
            clashes += taken.get((i, t), 0)
            taken[(i, t)] = taken.get((i, t), 0) + 1
        covered += mine > 0
    return covered, clashes, slots


def run_i(rep: Report, n: int, args):
    mk = market(n, dense=False)
    prefs, listed = mk["preferences"].astype(np.int32), mk["listed"]
    caps = (3 * mk["capacities"]).astype(np.int32)

    def ours():
        plan = kobling.plan_interviews(prefs, caps, scores=listed)
        return plan, kobling.schedule_interviews(plan.pairs, 1000, rooms=np.ones(len(caps),
                                                                                   dtype=np.int32))

    t_ours, t_peer, (plan, day), (covered, clashes, slots) = alternate(
        ours, lambda: first_come(prefs, caps), args.repeats, 60)
    ours_covered = n - len(plan.uncovered)
    rep.check(kobling.check_interview_plan(prefs, caps, plan, scores=listed)["ok"],
              f"I n={n} the plan's certificate")
    rep.check(ours_covered >= covered, f"I n={n} first-come covers more ({covered})")
    rep.check(day.exact, f"I n={n} the timetable misses its lower bound")
    limit = 0.1 if n <= 400 else 10.0
    met = "meets" if t_ours < limit else "MISSES"
    rep.add("I", n, "first-come planner (Python)", t_ours, t_peer,
            f"covered {ours_covered} vs {covered} of {n}; clashes 0 vs {clashes}; slots "
            f"{day.slots_used} (= lower bound) vs {slots}; kobling {met} its "
            f"{'100 ms' if n <= 400 else '10 s'} target")


def run_overhead(rep: Report, args):
    """Python call overhead at n = 550: the same stable_assignment call from
    Python and from C++ (Google Benchmark, same generator and seed)."""
    if not CPP_BENCH.exists():
        rep.add("O", 550, "Python vs C++ call", None, None, "kobling_bench not built")
        return
    mk = market(550, dense=False)
    prefs = mk["preferences"].astype(np.int32)
    caps = mk["capacities"].astype(np.int32)
    listed = mk["listed"]
    def cpp_median():
        out = subprocess.run([str(CPP_BENCH), "--benchmark_filter=BM_StableCandidates/550$",
                              "--benchmark_repetitions=3", "--benchmark_format=json"],
                             capture_output=True, text=True)
        data = json.loads(out.stdout)
        cpp = [b["real_time"] * 1e-6 for b in data["benchmarks"]
               if b.get("aggregate_name") == "median"]
        return (cpp[0], None) if cpp else (None, "no median from kobling_bench")

    t_py, t_cpp, _, _, _ = rounds_against(lambda: kobling.stable_assignment(prefs, listed, caps),
                                          cpp_median, 2000)
    extra = (t_py - t_cpp) if t_cpp else None
    note = f"overhead {extra * 1e6:.1f} us (target < 20 us)" if extra is not None else ""
    rep.add("O", 550, "Python call vs the same call in C++", t_py, t_cpp, note)
    rep.rows[-1]["overhead_us"] = None if extra is None else extra * 1e6


def laminar_bounds(mk):
    """The nested bounds of kobling_bench's BM_MaxPlacementLaminar: ten trades
    (company j in trade j % 10) each taking at most 90% of its seats, every
    fifth company with three or more applicants a class of at least two (or
    its seats), at least a third of candidates i % 3 == 0 placed and at most
    half of candidates i % 3 == 2."""
    prefs, caps = mk["preferences"], mk["capacities"]
    n, m = prefs.shape[0], len(caps)
    applicants = np.bincount(prefs[prefs >= 0], minlength=m)
    bounds = []
    for t in range(10):
        members = list(range(t, m, 10))
        bounds.append(kobling.Bound(0, int(caps[members].sum()) * 9 // 10, companies=members))
    for j in range(0, m, 5):
        if applicants[j] >= 3 and caps[j] > 0:
            bounds.append(kobling.Bound(min(2, int(caps[j])), companies=[j]))
    young = list(range(0, n, 3))
    last = list(range(2, n, 3))
    bounds.append(kobling.Bound(len(young) // 3, candidates=young))
    bounds.append(kobling.Bound(0, len(last) // 2, candidates=last))
    return bounds


def scipy_lexicographic(mk, bounds):
    """max_placement under `bounds` with SciPy's milp (HiGHS): most
    placements, then (with that many) the largest utility k-1-r + score."""
    import scipy.sparse as sp
    from scipy.optimize import Bounds, LinearConstraint, milp

    prefs, caps, scores = mk["preferences"], mk["capacities"], mk["entry_scores"]
    n, k = prefs.shape
    ii, rr = np.nonzero((prefs >= 0) & np.isfinite(scores))
    jj = prefs[ii, rr]
    utility = (k - 1 - rr) + scores[ii, rr]
    cols = len(ii)
    blocks = [sp.csr_matrix((np.ones(cols), (ii, np.arange(cols))), shape=(n, cols)),
              sp.csr_matrix((np.ones(cols), (jj, np.arange(cols))), shape=(len(caps), cols))]
    lo = [np.full(n, -np.inf), np.full(len(caps), -np.inf)]
    hi = [np.ones(n), caps.astype(float)]
    for b in bounds:
        inside = np.ones(cols, dtype=bool)
        if b.companies:
            inside &= np.isin(jj, b.companies)
        if b.candidates:
            inside &= np.isin(ii, b.candidates)
        blocks.append(sp.csr_matrix(inside.astype(float)[None, :]))
        lo.append(np.array([float(b.lower)]))
        hi.append(np.array([np.inf if b.upper is None else float(b.upper)]))
    rows = sp.vstack(blocks).tocsr()
    low, high = np.concatenate(lo), np.concatenate(hi)
    box = Bounds(np.zeros(cols), np.ones(cols))
    first = milp(-np.ones(cols), constraints=LinearConstraint(rows, low, high),
                 integrality=np.ones(cols), bounds=box)
    placed = round(-first.fun)
    rows2 = sp.vstack([rows, sp.csr_matrix(np.ones((1, cols)))]).tocsr()
    second = milp(-utility, constraints=LinearConstraint(rows2, np.append(low, placed),
                                                         np.append(high, np.inf)),
                  integrality=np.ones(cols), bounds=box)
    return placed, -second.fun


def run_q(rep: Report, n: int, args):
    """Cohort bounds that nest: kobling's flow path against the same problem
    as a MIP, through CBC (kobling's own model, bounds_method="mip") and
    SciPy's milp (HiGHS; kick-off scale only)."""
    mk = market(n, dense=False)
    prefs = mk["preferences"].astype(np.int32)
    caps = mk["capacities"].astype(np.int32)
    bounds = laminar_bounds(mk)

    def solve(method):
        return kobling.max_placement_assignment(prefs, caps, scores=mk["listed"], bounds=bounds,
                                                bounds_method=method)

    t_flow, flow = timed(lambda: solve("flow"), 3 if n <= 1000 else 1, 120)
    t_mip, mip = timed(lambda: solve("mip"), 3 if n <= 1000 else 1, 600)
    same = flow.placed == mip.placed and abs(flow.objective - mip.objective) <= 1e-6 * (
        1 + abs(mip.objective))
    rep.require(same, f"Q {n}: flow and MIP agree")
    rep.add("Q", n, "CBC MIP (same model, kobling's)", t_flow, t_mip,
            f"{len(bounds)} nested bounds; placed {flow.placed}; flow and MIP agree: {same}")
    if n <= 1000:
        t_scipy, (placed, utility) = timed(lambda: scipy_lexicographic(mk, bounds), 3, 120)
        agree = placed == flow.placed and abs(utility - flow.objective) <= 1e-6 * (1 + utility)
        rep.require(agree, f"Q {n}: SciPy milp agrees")
        rep.add("Q", n, "SciPy milp (HiGHS), two levels", t_flow, t_scipy,
                f"placed {placed}, utility agrees: {agree}")


def run_t(rep: Report, n: int, m: int, d: int, args):
    rng = np.random.default_rng(1)
    X = rng.random((n, d))
    W = rng.random((m, d))
    k = 10
    t_ours, (cj, _) = timed(lambda: kobling.top_k_scores(X, W, k), 3, 120)

    def numpy_topk(block=2048):
        out = np.empty((n, k), dtype=np.int64)
        for s in range(0, n, block):
            Sblk = X[s:s + block] @ W.T
            part = np.argpartition(-Sblk, k, axis=1)[:, :k]
            vals = np.take_along_axis(Sblk, part, axis=1)
            order = np.lexsort((part, -vals), axis=1)
            out[s:s + block] = np.take_along_axis(part, order, axis=1)
        return out

    t_np, nj = timed(numpy_topk, 1 if n >= 100000 else 3, args.timeout * 6)
    rep.add("T", n, f"numpy blocked (m={m}, d={d})", t_ours, t_np)
    # Same sets (ties within rounding may order differently between BLAS and kobling).
    agree = np.mean([set(a) == set(b) for a, b in zip(cj[:2000], nj[:2000])])
    rep.check(agree > 0.99, f"T n={n} top-k sets agree {agree:.3f}")


def run_f(rep: Report, n: int, args):
    """The weight fit's solver against scikit-learn and SciPy (variant F)."""
    from scipy.optimize import minimize
    from sklearn.linear_model import LogisticRegression

    rng = np.random.default_rng(5)
    p, lam = 14, 1.0
    X = rng.random((n, p))
    beta = np.r_[rng.uniform(0.5, 2.0, p // 2), rng.uniform(-1.0, 0.5, p - p // 2)]
    y = (rng.random(n) < 1 / (1 + np.exp(-(-1.0 + X @ beta)))).astype(float)

    def objective(params):
        eta = params[0] + X @ params[1:]
        return float(np.sum(np.logaddexp(0, eta) - y * eta) + 0.5 * lam * params[1:] @ params[1:])

    def gradient(params):
        r = 1 / (1 + np.exp(-(params[0] + X @ params[1:]))) - y
        return np.r_[r.sum(), X.T @ r + lam * params[1:]]

    repeats = max(3, args.repeats)
    t_ours, t_sk, ours, sk = alternate(
        lambda: kobling.fit_logistic(X, y, l2=lam),
        lambda: LogisticRegression(C=1 / lam, solver="newton-cholesky", tol=1e-12,
                                   max_iter=1000).fit(X, y), repeats, args.timeout)
    rep.add("F", n, "scikit-learn newton-cholesky (no box)", t_ours, t_sk)
    theirs = objective(np.r_[sk.intercept_, sk.coef_[0]])
    rep.check(abs(ours["objective"] - theirs) <= 1e-7 * max(1.0, theirs),
              f"F n={n} unbounded objective {ours['objective']} vs sklearn {theirs}")
    bounds = [(None, None)] + [(0.0, None)] * p
    t_ours, t_sp, ours, sp = alternate(
        lambda: kobling.fit_logistic(X, y, l2=lam, lower=np.zeros(p)),
        lambda: minimize(objective, np.zeros(p + 1), jac=gradient, method="L-BFGS-B",
                         bounds=bounds, options={"ftol": 1e-15, "gtol": 1e-10, "maxiter": 10000}),
        repeats, args.timeout)
    rep.add("F", n, "SciPy L-BFGS-B (analytic gradient, box)", t_ours, t_sp,
            f"{int(np.sum(ours['coef'] == 0))} of {p} coefficients at the bound")
    rep.check(ours["objective"] <= sp.fun + 1e-7 * max(1.0, sp.fun),
              f"F n={n} bounded objective {ours['objective']} vs L-BFGS-B {sp.fun}")


def run_fit_weights(rep: Report):
    """fit_weights end to end on 40 synthetic intakes of the bundled kick-off."""
    kickoff = kobling.Kickoff.load(ROOT / "data" / "kickoff_trondelag.json")
    intakes = kobling.synthetic_intakes(kickoff, intakes=40, seed=7, strength=6, intercept=-2.5,
                                        true_weights={"interest": 0.4, "motivation": 0.3,
                                                      "driving_licence": 0.3})
    t, fit = timed(lambda: kobling.fit_weights(intakes), 5, 30)
    rows = int(fit.counts()[["good", "bad"]].to_numpy().sum())
    rep.add("F", rows, "fit_weights, 40 intakes (alone)", t, None,
            f"design, fit, 40-fold cross-validation by intake, decision: {fit.decision}")


def run_l(rep: Report):
    """Loading: medians of kobling_load_bench (3 loads each)."""
    if not LOAD_BENCH.exists():
        rep.add("L", 0, "loading", None, None, "kobling_load_bench not built")
        return
    out = subprocess.run([str(LOAD_BENCH), "--benchmark_format=json"], capture_output=True,
                         text=True, check=True)
    median = {}
    for b in json.loads(out.stdout)["benchmarks"]:
        if b.get("aggregate_name") == "median":
            name, n = b["run_name"].split("/")[:2]
            median[(name, int(n))] = b["real_time"] * 1e-3  # ms -> s
    json_t = {n: median[("BM_LoadJson", n)] for n in (100000, 200000, 1000000)}
    csv_t = {n: median[("BM_LoadCsv", n)] for n in (100000, 200000, 1000000)}
    for n, base, limit in ((200000, 100000, 2.5), (1000000, 100000, 12.5)):
        growth = json_t[n] / json_t[base]
        rep.add("L", n, f"JSON, against {base:,} candidates", json_t[n], json_t[base],
                f"{n // base}x the candidates: {growth:.2f}x the time (linear: <= {limit})")
        rep.require(growth <= limit, f"L: JSON at {n} takes {growth:.2f}x the time at {base}")
        csv_growth = csv_t[n] / csv_t[base]
        rep.add("L", n, f"CSV, against {base:,} candidates", csv_t[n], csv_t[base],
                f"{n // base}x the candidates: {csv_growth:.2f}x the time")
    ratio = json_t[1000000] / csv_t[1000000]
    rep.add("L", 1000000, "CSV reader (the same kick-off)", json_t[1000000], csv_t[1000000],
            f"JSON takes {ratio:.2f}x the CSV time (target: within 3x)")
    rep.require(ratio <= 3.0, f"L: JSON takes {ratio:.2f}x the CSV time at 1,000,000")


def run_n(rep: Report):
    """National scale: bench/national.py in its own processes (peak memory)."""
    out = subprocess.run([sys.executable, str(ROOT / "bench" / "national.py")],
                         capture_output=True, text=True, check=True)
    doc = json.loads(out.stdout)
    n = doc["candidates"]
    size = f"{n:,} x {doc['companies']:,}, {doc['file_mib']:.0f} MB JSON"
    load = doc["cli_load"]["seconds"]
    for policy in ("stable", "max_placement", "rank_maximal"):
        run = doc[f"cli_run_{policy}"]
        rep.add("N", n, f"kobling run --summary, {policy}", run["seconds"], None,
                f"{size}; load alone {fmt(load)}; peak {run['peak_mib']:.0f} MiB (target: "
                "< 2 s end to end within 2 GiB)")
        rep.require(run["seconds"] < 2.0 and run["peak_mib"] < 2048,
                    f"N: kobling run {policy} took {run['seconds']:.2f} s, "
                    f"{run['peak_mib']:.0f} MiB")
    py = doc["python"]
    for policy in ("stable", "max_placement", "rank_maximal"):
        total = py["load"] + py[f"match_{policy}"]
        rep.add("N", n, f"Kickoff.load + match('{policy}')", total, None,
                f"load {fmt(py['load'])} + match {fmt(py[f'match_{policy}'])} (scoring the "
                f"listed pairs included); {py[f'placed_{policy}']:,} placed (target: < 2 s)")
        rep.require(total < 2.0, f"N: Kickoff.load + match {policy} took {total:.2f} s")
    rep.add("N", n, "Kickoff.compare()", py["compare"], None,
            f"three policies and blocking pairs; the Python process peaked at "
            f"{py['peak_mib']:.0f} MiB (target: < 5 s)")
    rep.require(py["compare"] < 5.0, f"N: compare() took {py['compare']:.2f} s")
    ratio = py["top_k_kickoff"] / py["top_k_array"]
    rep.add("N", n, "array top_k_scores, same linear data", py["top_k_kickoff"],
            py["top_k_array"], f"Kickoff.top_k(5) takes {ratio:.2f}x the array level (target: "
            f"<= 1.5x); results equal: {py['top_k_equal'] == 1.0}; with every feature kind "
            f"(pair terms per pair) Kickoff.top_k(5) takes {fmt(py['top_k_rich'])}")
    rep.require(ratio <= 1.5, f"N: Kickoff.top_k(5) takes {ratio:.2f}x the array level")
    rep.check(py["top_k_equal"] == 1.0, "N: Kickoff.top_k and top_k_scores differ")


def write_results(rep: Report, path: Path, args, elapsed: float):
    lines = ["# kobling against its peers", "",
             f"Run `python bench/compare_peers.py` on {platform.node()} "
             f"({os.cpu_count()} cores, Python {platform.python_version()}), "
             f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, {elapsed / 60:.1f} min.", "",
             "Times are medians of alternating runs on the same instances (seed 42); "
             "\"x faster\" is peer time / kobling time. Every peer's objective agreed "
             "with kobling's"
             + (" except: " + "; ".join(rep.failures) if rep.failures else "") + ". "
             f"In the A and R rows against LEMON and in the overhead row, kobling and the C++ "
             f"program take {ROUNDS} turns; the LEMON rows' note gives the lowest and highest "
             "ratio within one turn, which shows how much this machine's slow phases moved the "
             "cell.",
             "", "| variant | n | peer | kobling | peer | x faster | target | note |",
             "|---|---:|---|---:|---:|---:|---|---|"]
    for r in rep.rows:
        target = ("" if r["target"] is None
                  else f">= {r['target']}x: " + ("met" if r["met"] else "NOT met"))
        ratio = f"{r['ratio']:.1f}" if r["ratio"] else "-"
        lines.append(f"| {r['variant']} | {r['n']} | {r['peer']} | {fmt(r['ours'])} | "
                     f"{fmt(r['theirs'])} | {ratio} | {target} | {r['note']} |")
    lines += ["", "Variants: A wish lists (max placement, then rank bonus + score); B full score "
              "matrix; C deferred acceptance; R rank-maximal; T top-10 scoring; O Python call "
              "overhead; I interview planning against a first-come planner; L loading from JSON "
              "and CSV; N the kick-off layer at national scale. See the docstring of "
              "compare_peers.py for the peers' formulations."]
    if rep.missed:
        lines += ["", "Benchmark assertions that failed: " + "; ".join(rep.missed) + "."]
    lines += [""]
    path.write_text("\n".join(lines))


def ensure_built() -> None:
    """Builds the C++ benchmark and the LEMON harness in build/ when missing
    (the same tree and options as the README's commands)."""
    if LEMON.exists() and CPP_BENCH.exists() and LOAD_BENCH.exists():
        return
    print("building the benchmarks and kobling_lemon_peer in build/ ...", flush=True)
    subprocess.run(["bash", str(ROOT / "scripts" / "configure")], check=True, cwd=ROOT)
    # (the LEMON harness needs liblemon-dev)
    for target in ("kobling_bench", "kobling_load_bench", "kobling_lemon_peer"):
        subprocess.run(["cmake", "--build", str(ROOT / "build"), "--target", target], cwd=ROOT)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="100,550,5000,50000")
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--timeout", type=float, default=20.0)
    parser.add_argument("--memory-gib", type=float, default=4.0)
    parser.add_argument("--quick", action="store_true", help="sizes 100 and 550 only")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "RESULTS.md")
    args = parser.parse_args()
    sizes = [100, 550] if args.quick else [int(s) for s in args.sizes.split(",")]
    ensure_built()
    start = time.time()
    rep = Report()
    with tempfile.TemporaryDirectory() as tmp:
        tmpdir = Path(tmp)
        for n in sizes:
            mk = run_a(rep, n, args, tmpdir)
            run_r(rep, n, mk, args, tmpdir)
        for n in sizes:
            run_c(rep, n, args)
        for n in sizes:
            run_b(rep, n, args, tmpdir)
        run_overhead(rep, args)
        run_i(rep, 400, args)
        run_q(rep, 400, args)
        run_f(rep, 1000, args)
        run_fit_weights(rep)
        if not args.quick:
            run_f(rep, 100000, args)
            run_i(rep, 50000, args)
            run_q(rep, 50000, args)
            run_l(rep)
            run_n(rep)
            run_t(rep, 20000, 2000, 32, args)
            run_t(rep, 100000, 10000, 32, args)
    elapsed = time.time() - start
    write_results(rep, args.out, args, elapsed)
    print(f"\nwrote {args.out} in {elapsed / 60:.1f} min")
    return 1 if rep.failures or rep.missed else 0


if __name__ == "__main__":
    sys.exit(main())
