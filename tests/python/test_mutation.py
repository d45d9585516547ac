"""Inputs written by another thread while a solve runs (the GIL is released):
never a crash or a hang, always a clean error or a result that passes its
check on the unchanged input.

Each scenario runs in a child process, so that a crash shows as a signal and
a hang as a timeout instead of taking the test run with it. The writer thread
only ever writes values that make the input invalid (an index out of range,
NaN, +inf), then puts the old value back: a solve that saw a written value
must raise, and a solve that did not must be right for the original input.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

import pytest

PRELUDE = textwrap.dedent("""
    import sys, threading
    import numpy as np
    import scipy.sparse as sp
    import kobling

    INDEX = [10**9, -7]           # out of range for any index array
    VALUE = [np.nan, np.inf]      # never a score or utility

    def run(seed, arrays, solve, check):
        # A writer scribbles on `arrays` (pairs of an array and the invalid
        # values to write into it) while solve() runs; returns the outcome.
        rng = np.random.default_rng(seed)
        done = threading.Event()
        failed = []
        def writer():
            try:
                scribble()
            except BaseException as e:  # a writer that stopped would make the test weak
                failed.append(repr(e))
        def scribble():
            while not done.is_set():
                a, bad = arrays[rng.integers(len(arrays))]
                flat = a.reshape(-1)
                if flat.size == 0:
                    continue
                e = rng.integers(flat.size)
                old = flat[e]
                flat[e] = bad[rng.integers(len(bad))]
                for _ in range(rng.integers(3000)):  # keep it a while (up to ~0.1 ms)
                    pass
                flat[e] = old
        t = threading.Thread(target=writer)
        t.start()
        try:
            result = solve()
        except kobling.KoblingError as e:
            return "error " + e.id
        finally:
            done.set()
            t.join()
            if failed:
                print("the writer failed:", failed[0])
                sys.exit(4)
        if not check(result):
            print("seed", seed, ": a result that fails its check on the unchanged input")
            sys.exit(3)
        return "ok"
""")

SCENARIOS = {
    # The probe's crash: a CSR matrix's row pointers written during deferred acceptance.
    "stable, CSR row pointers and values": """
        mk = kobling.synthetic_market(20_000, dense_scores=False, seed=seed)
        prefs, caps = mk["preferences"], mk["capacities"]
        n, k = prefs.shape
        rows = np.repeat(np.arange(n), k); cols = prefs.ravel(); keep = cols >= 0
        scores = sp.csr_matrix((mk["entry_scores"].ravel()[keep], (rows[keep], cols[keep])),
                               shape=(n, len(caps)))
        ref = scores.copy()
        outcome = run(seed, [(scores.indptr, INDEX)] * 4 + [(scores.indices, INDEX),
                                                            (scores.data, VALUE)],
                      lambda: [kobling.stable_assignment(prefs, scores, caps)
                               for _ in range(25)][-1],
                      lambda a: len(kobling.blocking_pairs(prefs, ref, caps, a.company)) == 0)
    """,
    "stable, CSC and COO converted": """
        mk = kobling.synthetic_market(5_000, seed=seed)
        prefs, caps = mk["preferences"], mk["capacities"]
        dense = mk["scores"]
        csc = sp.csc_matrix(dense); coo = sp.coo_matrix(dense)
        outcome = run(seed, [(csc.indptr, INDEX), (csc.indices, INDEX), (csc.data, VALUE),
                             (coo.row, INDEX), (coo.col, INDEX), (coo.data, VALUE)],
                      lambda: (kobling.stable_assignment(prefs, csc, caps),
                               kobling.stable_assignment(prefs, coo, caps)),
                      lambda ab: all(len(kobling.blocking_pairs(prefs, dense, caps, a.company))
                                     == 0 for a in ab))
    """,
    "max placement, wish lists and capacities": """
        mk = kobling.synthetic_market(30_000, dense_scores=False, seed=seed)
        prefs = mk["preferences"].copy(); caps = mk["capacities"].copy()
        ref_p, ref_c = prefs.copy(), caps.copy()
        outcome = run(seed, [(prefs, [10**6, -5]), (caps, [-5])],  # (10**6 is a capacity)
                      lambda: kobling.max_placement_assignment(prefs, caps),
                      lambda a: kobling.check_max_placement_certificate(
                          ref_p, ref_c, a)["ok"])
    """,
    # The probe's hang: +inf written into a dense utility matrix, seat engine
    # and column generation (above 2^22 pairs).
    "optimal, dense utility (seat engine)": """
        rng = np.random.default_rng(seed)
        u = rng.random((3_000, 300)); caps = np.full(300, 5, dtype=np.int32)
        ref = u.copy()
        outcome = run(seed, [(u, VALUE)],
                      lambda: kobling.optimal_assignment(u, caps),
                      lambda a: kobling.check_optimal_certificate(ref, caps, a)["ok"])
    """,
    "optimal, dense utility (column generation)": """
        rng = np.random.default_rng(seed)
        u = rng.random((6_000, 800)); caps = np.full(800, 3, dtype=np.int32)
        ref = u.copy()
        outcome = run(seed, [(u, VALUE)],
                      lambda: kobling.optimal_assignment(u, caps),
                      lambda a: kobling.check_optimal_certificate(ref, caps, a)["ok"])
    """,
    "optimal, sparse utility": """
        rng = np.random.default_rng(seed)
        u = sp.random(20_000, 500, density=0.02, format="csr", random_state=seed)
        caps = np.full(500, 10, dtype=np.int32)
        ref = u.copy()
        outcome = run(seed, [(u.indptr, INDEX), (u.indices, INDEX), (u.data, VALUE)],
                      lambda: kobling.optimal_assignment(u, caps, maximize_cardinality=True),
                      lambda a: kobling.check_optimal_certificate(
                          ref, caps, a, maximize_cardinality=True)["ok"])
    """,
    "rank-maximal, dense scores and mask": """
        mk = kobling.synthetic_market(5_000, seed=seed)
        prefs, caps, scores = mk["preferences"], mk["capacities"], mk["scores"].copy()
        allowed = np.ones(scores.shape, dtype=bool)
        ref = scores.copy()
        outcome = run(seed, [(scores, VALUE)],
                      lambda: kobling.rank_maximal_assignment(prefs, caps, allowed=allowed,
                                                              scores=scores),
                      lambda a: kobling.check_rank_maximal_certificate(
                          prefs, caps, a, allowed=allowed, scores=ref)["ok"])
    """,
}


@pytest.mark.parametrize("name", list(SCENARIOS))
def test_inputs_written_during_a_solve(name):
    # scripts/sanitize runs these again under ASan with more seeds.
    seeds = range(1, 1 + int(os.environ.get("KOBLING_MUTATION_SEEDS", "6")))
    body = "\n".join(
        ["outcomes = []", f"for seed in {list(seeds)}:",
         textwrap.indent(textwrap.dedent(SCENARIOS[name]), "    "),
         "    outcomes.append(outcome)", "print(' | '.join(outcomes))"])
    try:
        done = subprocess.run([sys.executable, "-c", PRELUDE + body], capture_output=True,
                              text=True, timeout=240)
    except subprocess.TimeoutExpired:
        pytest.fail(f"{name}: a solve did not end within 240 s (hang)")
    assert done.returncode == 0, (
        f"{name}: the child ended with {done.returncode} (a negative code is a signal: a crash)"
        f"\nstdout: {done.stdout}\nstderr: {done.stderr[-2000:]}")
    outcomes = done.stdout.strip().split(" | ")
    assert len(outcomes) == len(seeds)
    # Every outcome is a result that passed its check or one of the clean errors.
    for outcome in outcomes:
        assert outcome == "ok" or outcome.split()[1] in {
            "kobling.array.changed", "kobling.array.nan", "kobling.array.infinite",
            "kobling.array.company_index", "kobling.array.negative_capacity",
            "kobling.array.capacity_too_large", "kobling.array.sparse_structure",
            "kobling.array.sparse_duplicate",
        }, outcome
