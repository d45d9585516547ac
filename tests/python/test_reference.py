"""Cross-checks against reference libraries on many seeded random instances:
the `matching` package (both stable optima), SciPy's linear_sum_assignment
(with seat columns and one zero-cost "unassigned" column per candidate),
OR-Tools min-cost flow with exact integer lexicographic costs, and networkx
maximum matchings."""

from __future__ import annotations

import numpy as np
import pytest

import kobling
from conftest import matching_hr, random_market, require

SEEDS = range(300)


@pytest.mark.parametrize("optimal", ["resident", "hospital"])
def test_stable_matches_the_matching_package(optimal):
    proposer = "candidates" if optimal == "resident" else "companies"
    differing = 0
    for seed in SEEDS:
        rng = np.random.default_rng(seed)
        n, m, k = int(rng.integers(1, 40)), int(rng.integers(1, 8)), int(rng.integers(1, 5))
        prefs, scores, caps = random_market(rng, n, m, k, ties=seed % 2 == 0)
        ours = kobling.stable_assignment(prefs, scores, caps, proposer=proposer)
        ref = matching_hr(prefs, scores, caps, optimal)
        assert ours.company.tolist() == ref.tolist(), f"seed {seed}"
        flipped = "companies" if proposer == "candidates" else "candidates"
        other = kobling.stable_assignment(prefs, scores, caps, proposer=flipped)
        differing += ours.company.tolist() != other.company.tolist()
        assert ours.placed == other.placed  # rural hospitals theorem
    assert differing > 0  # the two optima really differ on some instances


def _seat_expanded_lsa(utility: np.ndarray, caps: np.ndarray, big: float = 0.0):
    """Maximise sum of (big + utility) over allowed pairs with SciPy: one column
    per seat plus one zero-cost dummy column per candidate."""
    from scipy.optimize import linear_sum_assignment

    n, m = utility.shape
    seats = np.repeat(np.arange(m), caps)
    forbidden = 1e12
    cost = np.full((n, len(seats) + n), forbidden)
    if len(seats):
        block = -(big + utility[:, seats])
        block[~np.isfinite(utility[:, seats])] = forbidden
        cost[:, : len(seats)] = block
    cost[np.arange(n), len(seats) + np.arange(n)] = 0.0
    rows, cols = linear_sum_assignment(cost)
    company = np.full(n, -1)
    real = cols < len(seats)
    company[rows[real]] = seats[cols[real]]
    return company


def test_optimal_assignment_matches_scipy():
    for seed in SEEDS:
        rng = np.random.default_rng(1000 + seed)
        n, m = int(rng.integers(1, 30)), int(rng.integers(1, 8))
        u = rng.normal(0.5, 0.5, size=(n, m))
        u[rng.random((n, m)) < 0.2] = -np.inf
        caps = rng.integers(0, 4, size=m)
        ours = kobling.optimal_assignment(u, caps)
        ref = _seat_expanded_lsa(np.where(np.isfinite(u), u, -np.inf), caps)
        ref_total = sum(u[i, j] for i, j in enumerate(ref) if j >= 0)
        assert ours.objective == pytest.approx(ref_total, abs=1e-9), f"seed {seed}"
        assert kobling.check_optimal_certificate(u, caps, ours)["ok"]


@pytest.mark.parametrize("n,m,max_cap", [(14000, 300, 1), (14000, 300, 2)])
def test_large_full_matrix_matches_scipy(n, m, max_cap):
    """Full matrices of at least 2^22 pairs take the column-generation path
    (auction prices, exact sparse solves, full reduced-cost checks). Scores
    like the benchmark's: a strong candidate is strong everywhere, companies
    differ by a few percent. All utilities are positive and candidates
    outnumber seats, so every seat is filled and SciPy's rectangular
    assignment on seat columns is the same optimum."""
    from scipy.optimize import linear_sum_assignment

    assert n * m >= 2**22
    rng = np.random.default_rng(n)
    strength = rng.random(n)[:, None]
    u = 0.1 + strength + 0.05 * rng.random((n, m))
    caps = rng.integers(1, max_cap + 1, size=m)
    ours = kobling.optimal_assignment(u, caps)
    seats = np.repeat(np.arange(m), caps)
    rows, cols = linear_sum_assignment(u[:, seats], maximize=True)
    ref_total = u[rows, seats[cols]].sum()
    assert ours.placed == len(seats)
    assert ours.objective == pytest.approx(ref_total, rel=1e-12)
    assert kobling.check_optimal_certificate(u, caps, ours)["ok"]


def test_optimal_assignment_sparse_equals_dense_with_minus_inf():
    """Unstored sparse entries and dense -inf are the same thing: forbidden
    (not zero). Both inputs, both objectives, against SciPy's optimum."""
    sp = require("scipy.sparse")
    for seed in SEEDS:
        rng = np.random.default_rng(5000 + seed)
        n, m = int(rng.integers(1, 40)), int(rng.integers(1, 10))
        u = rng.normal(0.3, 0.5, size=(n, m))  # some negative utilities
        u[rng.random((n, m)) < 0.5] = -np.inf
        caps = rng.integers(0, 4, size=m)
        rows, cols = np.nonzero(np.isfinite(u))
        sparse = sp.csr_matrix((u[rows, cols], (rows, cols)), shape=(n, m))
        for cardinality in (False, True):
            dense = kobling.optimal_assignment(u, caps, maximize_cardinality=cardinality)
            stored = kobling.optimal_assignment(sparse, caps, maximize_cardinality=cardinality)
            assert stored.placed == dense.placed, f"seed {seed}"
            assert stored.objective == pytest.approx(dense.objective, abs=1e-9), f"seed {seed}"
            for a in (dense, stored):
                placed = a.company >= 0
                assert np.isfinite(u[np.flatnonzero(placed), a.company[placed]]).all()
                assert kobling.check_optimal_certificate(
                    u, caps, a, maximize_cardinality=cardinality)["ok"]
        ref = _seat_expanded_lsa(u, caps)
        ref_total = sum(u[i, j] for i, j in enumerate(ref) if j >= 0)
        assert kobling.optimal_assignment(sparse, caps).objective == pytest.approx(ref_total,
                                                                                   abs=1e-9)


def _ortools_lexicographic(prefs, caps, weights):
    """Exact max-weight b-matching with OR-Tools SimpleMinCostFlow.
    weights[i][r] is an int64 weight of candidate i's r-th wish (None = not
    allowed). A zero-cost arc source -> sink lets flow stay unassigned."""
    from ortools.graph.python import min_cost_flow

    n, k = prefs.shape
    m = len(caps)
    f = min_cost_flow.SimpleMinCostFlow()
    source, sink = n + m, n + m + 1
    arcs = {}
    for i in range(n):
        f.add_arc_with_capacity_and_unit_cost(source, i, 1, 0)
        f.add_arc_with_capacity_and_unit_cost(i, sink, 1, 0)  # stay unplaced
        for r in range(k):
            j = prefs[i, r]
            if j >= 0 and weights[i][r] is not None:
                arcs[f.add_arc_with_capacity_and_unit_cost(i, n + j, 1, -weights[i][r])] = (i, j)
    for j in range(m):
        f.add_arc_with_capacity_and_unit_cost(n + j, sink, int(caps[j]), 0)
    f.set_node_supply(source, n)
    f.set_node_supply(sink, -n)
    assert f.solve() == f.OPTIMAL
    company = np.full(n, -1)
    for a, (i, j) in arcs.items():
        if f.flow(a) > 0:
            company[i] = j
    return company, -f.optimal_cost()


def test_max_placement_matches_ortools_and_networkx():
    import networkx as nx

    for seed in SEEDS:
        rng = np.random.default_rng(2000 + seed)
        n, m, k = int(rng.integers(1, 40)), int(rng.integers(1, 8)), int(rng.integers(1, 5))
        prefs, _, caps = random_market(rng, n, m, k)
        scores = np.round(rng.random((n, m)), 6)  # micro-units: exact as integers
        allowed = rng.random((n, m)) > 0.15
        ours = kobling.max_placement_assignment(prefs, caps, allowed=allowed, scores=scores)
        bonus = [k - 1 - r for r in range(k)]
        unit = 10**6
        util = [[None if prefs[i, r] < 0 or not allowed[i, prefs[i, r]]
                 else bonus[r] * unit + int(round(scores[i, prefs[i, r]] * unit))
                 for r in range(k)] for i in range(n)]
        big = (n + 1) * (max([u for row in util for u in row if u is not None], default=0) + 1)
        lex = [[None if u is None else big + u for u in row] for row in util]
        ref, total = _ortools_lexicographic(prefs, caps, lex)
        placed = int((ref >= 0).sum())
        assert ours.placed == placed, f"seed {seed}"
        assert round(ours.objective * unit) == total - placed * big, f"seed {seed}"
        # networkx: maximum cardinality matching on the seat-expanded graph.
        g = nx.Graph()
        left = [("c", i) for i in range(n)]
        g.add_nodes_from(left)
        for i in range(n):
            for j in prefs[i]:
                if j >= 0 and allowed[i, j]:
                    g.add_edges_from((("c", i), ("s", int(j), s)) for s in range(int(caps[j])))
        size = len(nx.bipartite.hopcroft_karp_matching(g, top_nodes=left)) // 2
        assert ours.placed == size
        assert kobling.check_max_placement_certificate(prefs, caps, ours, allowed=allowed,
                                                       scores=scores)["ok"]


def test_max_placement_objective_matches_scipy():
    """SciPy with seat columns and one zero-cost dummy column per candidate;
    the cardinality-first objective via a constant added to every real pair
    (exact enough at these sizes: the constant is small)."""
    for seed in range(150):
        rng = np.random.default_rng(5000 + seed)
        n, m, k = int(rng.integers(1, 25)), int(rng.integers(1, 7)), int(rng.integers(1, 5))
        prefs, _, caps = random_market(rng, n, m, k)
        scores = rng.random((n, m))
        ours = kobling.max_placement_assignment(prefs, caps, scores=scores)
        util = np.full((n, m), -np.inf)
        for i in range(n):
            for r, j in enumerate(prefs[i]):
                if j >= 0:
                    util[i, j] = (k - 1 - r) + scores[i, j]
        big = float(k + 1) * (n + 1)
        ref = _seat_expanded_lsa(util, caps, big=big)
        placed = int((ref >= 0).sum())
        total = sum(util[i, j] for i, j in enumerate(ref) if j >= 0)
        assert ours.placed == placed, f"seed {seed}"
        assert ours.objective == pytest.approx(total, abs=1e-9), f"seed {seed}"


def test_rank_maximal_matches_ortools_with_exact_integer_weights():
    for seed in SEEDS:
        rng = np.random.default_rng(3000 + seed)
        n, m, k = int(rng.integers(1, 30)), int(rng.integers(1, 7)), int(rng.integers(1, 5))
        prefs, _, caps = random_market(rng, n, m, k)
        scores = rng.integers(0, 100, size=(n, m)).astype(float)
        ours = kobling.rank_maximal_assignment(prefs, caps, scores=scores)
        # weight(r) = (n+1)^(k-1-r) * S + score, S > total score: exact in int64 here.
        S = 100 * (n + 1)
        lex = [[None if prefs[i, r] < 0
                else (n + 1) ** (k - 1 - r) * S + int(scores[i, prefs[i, r]])
                for r in range(k)] for i in range(n)]
        ref, _ = _ortools_lexicographic(prefs, caps, lex)
        ranks = [list(prefs[i]).index(j) for i, j in enumerate(ref) if j >= 0]
        signature = np.bincount(ranks, minlength=k)
        assert ours.rank_counts.tolist() == signature.tolist(), f"seed {seed}"
        ref_score = sum(scores[i, j] for i, j in enumerate(ref) if j >= 0)
        assert ours.objective == pytest.approx(ref_score), f"seed {seed}"


def test_maximize_cardinality_matches_networkx_max_weight_matching():
    import networkx as nx

    for seed in range(100):
        rng = np.random.default_rng(4000 + seed)
        n, m = int(rng.integers(1, 9)), int(rng.integers(1, 4))
        u = np.round(rng.normal(0.0, 1.0, size=(n, m)), 3)
        u[rng.random((n, m)) < 0.3] = -np.inf
        caps = rng.integers(0, 3, size=m)
        ours = kobling.optimal_assignment(u, caps, maximize_cardinality=True)
        g = nx.Graph()
        for i in range(n):
            for j in range(m):
                if np.isfinite(u[i, j]):
                    for s in range(int(caps[j])):
                        g.add_edge(("c", i), ("s", j, s), weight=float(u[i, j]))
        mate = nx.max_weight_matching(g, maxcardinality=True)
        total = sum(g.edges[a, b]["weight"] for a, b in mate)
        assert ours.placed == len(mate), f"seed {seed}"
        assert ours.objective == pytest.approx(total, abs=1e-9), f"seed {seed}"


@pytest.mark.slow
def test_rank_maximal_signature_at_national_scale():
    """n = 100,000: the exact signature equals OR-Tools' optimum with integer
    weights (n+1)^(k-1-r), which fit in int64 at this size for k = 3."""
    rng = np.random.default_rng(7)
    n, m, k = 100_000, 10_000, 3
    popularity = 1.0 / np.arange(1, m + 1)
    popularity /= popularity.sum()
    draws = rng.choice(m, size=(n, 12), p=popularity)  # then the first k distinct per row
    prefs = np.full((n, k), -1)
    for i, row in enumerate(draws):
        _, first = np.unique(row, return_index=True)
        distinct = row[np.sort(first)][:k]
        prefs[i, : len(distinct)] = distinct
    caps = rng.integers(1, 6, size=m)
    ours = kobling.rank_maximal_assignment(prefs, caps)
    lex = [[(n + 1) ** (k - 1 - r) for r in range(k)] for _ in range(n)]
    ref, _ = _ortools_lexicographic(prefs, caps, lex)
    ranks = (prefs == ref[:, None]).argmax(axis=1)[ref >= 0]
    assert ours.rank_counts.tolist() == np.bincount(ranks, minlength=k).tolist()
    assert kobling.check_rank_maximal_certificate(prefs, caps, ours)["ok"]


def _exact_best(n, m, caps, value_of, key):
    """Brute force over every feasible assignment, in exact rational
    arithmetic: the largest key(placed, [values]) where value_of(i, j) is a
    Fraction, or None for a pair that is not allowed."""
    from fractions import Fraction
    from itertools import product

    best = None
    for assign in product(range(-1, m), repeat=n):
        count = [0] * m
        values = []
        ok = True
        for i, j in enumerate(assign):
            if j < 0:
                continue
            v = value_of(i, j)
            count[j] += 1
            if v is None or count[j] > caps[j]:
                ok = False
                break
            values.append(v)
        if ok:
            k = key(len(values), values, assign)
            best = k if best is None or k > best else best
    return best if best is not None else key(0, [], (-1,) * n), Fraction


def test_utilities_over_sixteen_orders_of_magnitude_are_solved_exactly():
    """One outlier 1e8..1e16 times the other utilities: every solver's result is
    optimal in exact rational arithmetic (not only to the rounding of the
    outlier), and its certificate passes the strict, per-comparison check."""
    from fractions import Fraction

    rng = np.random.default_rng(21)
    for trial in range(120):
        n, m = int(rng.integers(2, 6)), int(rng.integers(1, 4))
        u = 0.01 + rng.random((n, m))
        u[rng.random((n, m)) < 0.15] = -np.inf
        u[rng.integers(n), rng.integers(m)] = (1 + rng.random()) * 10.0 ** rng.integers(8, 17)
        caps = rng.integers(0, 3, size=m)

        def util(i, j, u=u):
            return Fraction(u[i, j]) if np.isfinite(u[i, j]) else None

        for card in (False, True):
            got = kobling.optimal_assignment(u, caps, maximize_cardinality=card)
            mine = sum((Fraction(u[i, j]) for i, j in enumerate(got.company) if j >= 0),
                       Fraction(0))
            key = (lambda p, vals, a: (p, sum(vals, Fraction(0)))) if card else \
                (lambda p, vals, a: sum(vals, Fraction(0)))
            best, _ = _exact_best(n, m, caps, util, key)
            assert (((got.placed, mine) if card else mine) == best), (trial, card)
            assert kobling.check_optimal_certificate(u, caps, got,
                                                     maximize_cardinality=card)["ok"], trial
        # The wish-list solvers with the same spread in their scores.
        k = min(m, 3)
        prefs = np.array([rng.permutation(m)[:k] for _ in range(n)])
        scores = np.where(np.isfinite(u), u, 0.0)
        mp = kobling.max_placement_assignment(prefs, caps, scores=scores, rank_bonus=[0.0] * k)
        rm = kobling.rank_maximal_assignment(prefs, caps, scores=scores)

        def listed(i, j, scores=scores, prefs=prefs):
            return Fraction(scores[i, j]) if j in prefs[i] else None

        best, _ = _exact_best(n, m, caps, listed,
                              lambda p, vals, a: (p, sum(vals, Fraction(0))))
        mp_total = sum((Fraction(scores[i, j]) for i, j in enumerate(mp.company) if j >= 0),
                       Fraction(0))
        assert (mp.placed, mp_total) == best, trial
        assert kobling.check_max_placement_certificate(prefs, caps, mp, scores=scores,
                                                       rank_bonus=[0.0] * k)["ok"], trial

        def signature(p, vals, a, prefs=prefs, k=k):
            ranks = [0] * k
            for i, j in enumerate(a):
                if j >= 0:
                    ranks[list(prefs[i]).index(j)] += 1
            return (ranks, sum(vals, Fraction(0)))

        best, _ = _exact_best(n, m, caps, listed, signature)
        rm_total = sum((Fraction(scores[i, j]) for i, j in enumerate(rm.company) if j >= 0),
                       Fraction(0))
        assert (rm.rank_counts.tolist(), rm_total) == best, trial
        assert kobling.check_rank_maximal_certificate(prefs, caps, rm, scores=scores)["ok"], trial
