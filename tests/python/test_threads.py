"""The GIL is released while solving and scoring, and concurrent callers get
the same results as sequential ones."""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import scipy.sparse as sp

import kobling


def ticks_during(call) -> tuple[int, float]:
    """Runs call() in this thread while a Python thread counts loop turns;
    returns the turns made during the call and its duration. With the GIL
    held for the whole call the counter cannot move."""
    state = {"run": True, "ticks": 0}

    def ticker():
        while state["run"]:
            state["ticks"] += 1

    t = threading.Thread(target=ticker)
    t.start()
    time.sleep(0.02)  # let the ticker get going
    before = state["ticks"]
    start = time.perf_counter()
    call()
    elapsed = time.perf_counter() - start
    during = state["ticks"] - before
    state["run"] = False
    t.join()
    return during, elapsed


def test_solvers_and_scoring_release_the_gil():
    mk = kobling.synthetic_market(200_000, dense_scores=False, seed=3)
    features = np.random.default_rng(0).random((20_000, 16))
    weights = np.random.default_rng(1).random((2_000, 16))
    n, k = mk["preferences"].shape
    m = len(mk["capacities"])
    rows = np.repeat(np.arange(n), k)
    cols = mk["preferences"].ravel()
    keep = cols >= 0
    # Company scores on the listed pairs only (sparse), for deferred acceptance.
    listed = sp.csr_matrix((mk["entry_scores"].ravel()[keep], (rows[keep], cols[keep])),
                           shape=(n, m))
    utility = np.random.default_rng(2).random((3_000, 1_500))
    prefs, caps = mk["preferences"], mk["capacities"]
    calls = {
        "stable": lambda: [kobling.stable_assignment(mk["preferences"], listed, mk["capacities"])
                           for _ in range(4)],  # one call takes about 30 ms
        "optimal": lambda: kobling.optimal_assignment(utility, np.ones(1_500, dtype=np.int32)),
        "max_placement": lambda: kobling.max_placement_assignment(prefs, caps),
        "rank_maximal": lambda: kobling.rank_maximal_assignment(prefs, caps),
        "top_k_scores": lambda: kobling.top_k_scores(features, weights, 5, threads=1),
    }
    for name, call in calls.items():
        during, elapsed = ticks_during(call)
        assert elapsed > 0.02, f"{name} too short to observe ({elapsed:.3f} s)"
        # A Python loop turns millions of times per second; with the GIL held
        # it could only turn at the 5 ms switch interval before the call.
        assert during > 1000, f"{name}: the GIL was held ({during} ticks in {elapsed:.3f} s)"


def test_eight_concurrent_callers_get_sequential_results():
    markets = [kobling.synthetic_market(3_000, seed=s) for s in range(8)]

    def solve(mk):
        a = kobling.stable_assignment(mk["preferences"], mk["scores"], mk["capacities"])
        prefs, caps, scores = mk["preferences"], mk["capacities"], mk["scores"]
        b = kobling.max_placement_assignment(prefs, caps, scores=scores)
        c = kobling.rank_maximal_assignment(prefs, caps, scores=scores)
        return a.company.copy(), b.company.copy(), b.objective, c.rank_counts.copy()

    expected = [solve(mk) for mk in markets]
    with ThreadPoolExecutor(max_workers=8) as pool:
        for _ in range(3):
            got = list(pool.map(solve, markets))
            for e, g in zip(expected, got):
                assert np.array_equal(e[0], g[0])
                assert np.array_equal(e[1], g[1])
                assert e[2] == g[2]
                assert np.array_equal(e[3], g[3])
