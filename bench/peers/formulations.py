"""The peers' formulations for bench/compare_peers.py: the binary instances of
the LEMON harness (peers/lemon_peer.cpp), OR-Tools, SciPy, networkx and the
`matching` package, each given its fastest formulation that reaches the same
optimum (compare_peers.py's docstring says which)."""

from __future__ import annotations

import sys
import threading
from pathlib import Path

import numpy as np


def bonus(k: int) -> list[float]:
    """The default rank bonus (k-1, ..., 1, 0)."""
    return [float(k - 1 - r) for r in range(k)]


def write_instance_a(path: Path, mk):
    prefs = mk["preferences"]
    n, k = prefs.shape
    m = len(mk["capacities"])
    with open(path, "wb") as f:
        f.write(b"KOBLING1")
        np.array([n, m, k, 0], dtype=np.int64).tofile(f)
        mk["capacities"].astype(np.int32).tofile(f)
        prefs.astype(np.int32).tofile(f)
        mk["entry_scores"].astype(np.float64).tofile(f)
        np.asarray(bonus(k), dtype=np.float64).tofile(f)


def write_instance_r(path: Path, mk):
    """Variant 2 of the harness: exact int64 weights per entry, (n+1)^(k-1-r)."""
    prefs = mk["preferences"]
    n, k = prefs.shape
    m = len(mk["capacities"])
    w = np.array([(n + 1) ** (k - 1 - r) for r in range(k)], dtype=np.int64)
    with open(path, "wb") as f:
        f.write(b"KOBLING1")
        np.array([n, m, k, 2], dtype=np.int64).tofile(f)
        mk["capacities"].astype(np.int32).tofile(f)
        prefs.astype(np.int32).tofile(f)
        np.tile(w, (n, 1)).tofile(f)


def write_instance_b(path: Path, mk):
    S = mk["scores"]
    n, m = S.shape
    with open(path, "wb") as f:
        f.write(b"KOBLING1")
        np.array([n, m, 0, 1], dtype=np.int64).tofile(f)
        mk["capacities"].astype(np.int32).tofile(f)
        S.astype(np.float64).tofile(f)


def ortools_lex(prefs, caps, weights):
    """OR-Tools SimpleMinCostFlow on the wish-list network; weights (n, k) int64
    (<= 0 or masked = no arc). Returns (placed, objective weight)."""
    from ortools.graph.python import min_cost_flow

    n, k = prefs.shape
    m = len(caps)
    f = min_cost_flow.SimpleMinCostFlow()
    rows = np.repeat(np.arange(n), k)
    cols = prefs.ravel()
    w = weights.ravel()
    keep = cols >= 0
    sink = n + m
    tails = np.concatenate([rows[keep], np.arange(n), n + np.arange(m)])
    heads = np.concatenate([n + cols[keep], np.full(n, sink), np.full(m, sink)])
    capsa = np.concatenate([np.ones(keep.sum(), dtype=np.int64), np.ones(n, dtype=np.int64),
                            caps.astype(np.int64)])
    costs = np.concatenate([-w[keep], np.zeros(n, dtype=np.int64), np.zeros(m, dtype=np.int64)])
    f.add_arcs_with_capacity_and_unit_cost(tails, heads, capsa, costs)
    supplies = np.zeros(n + m + 1, dtype=np.int64)
    supplies[:n] = 1
    supplies[sink] = -n
    f.set_nodes_supplies(np.arange(n + m + 1), supplies)
    assert f.solve() == f.OPTIMAL
    flows = f.flows(np.arange(keep.sum()))
    return int(flows.sum()), -f.optimal_cost()


def seat_expanded_entries(mk, big):
    """(row, seat column, shifted utility) for every listed pair and every seat
    of the listed company, vectorised."""
    prefs, caps = mk["preferences"], mk["capacities"]
    n, k = prefs.shape
    seat_start = np.concatenate([[0], np.cumsum(caps)])
    rows = np.repeat(np.arange(n), k)
    ranks = np.tile(np.arange(k), n)
    comp = prefs.ravel()
    ok = comp >= 0
    rows, ranks, comp = rows[ok], ranks[ok], comp[ok]
    util = np.asarray(bonus(k))[ranks] + mk["entry_scores"].ravel()[ok]
    reps = caps[comp]
    erow = np.repeat(rows, reps)
    eutil = np.repeat(util, reps)
    offsets = np.arange(reps.sum()) - np.repeat(np.cumsum(reps) - reps, reps)
    ecol = np.repeat(seat_start[comp], reps) + offsets
    return erow, ecol, big + eutil, int(seat_start[-1])


def scipy_lsa_seats_a(mk, big):
    """SciPy linear_sum_assignment on the seat-expanded (n, seats) matrix
    alone, its fastest exact form: a listed pair costs -(big + utility), every
    other pair 0, so an optimal full assignment of the smaller side maximises
    the number placed, then the utility, and a pair of cost 0 is "not placed"
    (an empty seat or an unplaced candidate). No dummy columns."""
    from scipy.optimize import linear_sum_assignment

    n = mk["preferences"].shape[0]
    erow, ecol, eval_, S = seat_expanded_entries(mk, big)
    cost = np.zeros((n, S))
    cost[erow, ecol] = -eval_
    r, c = linear_sum_assignment(cost)
    real = cost[r, c] < 0
    return int(real.sum()), float(-(cost[r[real], c[real]] + big).sum())


def scipy_lsa_a(mk, big):
    """SciPy linear_sum_assignment, capacity-expanded, with one dummy column
    per candidate (unlisted pairs forbidden by a cost above every real one)."""
    from scipy.optimize import linear_sum_assignment

    n = mk["preferences"].shape[0]
    erow, ecol, eval_, S = seat_expanded_entries(mk, big)
    cost = np.full((n, S + n), 1e18)
    cost[erow, ecol] = -eval_
    cost[np.arange(n), S + np.arange(n)] = 0.0
    r, c = linear_sum_assignment(cost)
    real = c < S
    return int(real.sum()), float(-(cost[r[real], c[real]] + big).sum())


def scipy_mwfbm_a(mk, big):
    """SciPy min_weight_full_bipartite_matching on the sparse seat-expanded
    graph, one dummy column per candidate (costs shifted to stay positive)."""
    import scipy.sparse as sp
    from scipy.sparse.csgraph import min_weight_full_bipartite_matching

    n = mk["preferences"].shape[0]
    erow, ecol, eval_, S = seat_expanded_entries(mk, big)
    rows = np.concatenate([erow, np.arange(n)])
    cols = np.concatenate([ecol, S + np.arange(n)])
    vals = np.concatenate([2 * big - eval_, np.full(n, 2 * big)])
    g = sp.csr_matrix((vals, (rows, cols)), shape=(n, S + n))
    r, c = min_weight_full_bipartite_matching(g)
    real = c < S
    placed = int(real.sum())
    total = float((2 * big - np.asarray(g[r[real], c[real]]).ravel()).sum())
    return placed, total - big * placed


def networkx_a(mk, unit):
    import networkx as nx

    prefs, caps = mk["preferences"], mk["capacities"]
    n, k = prefs.shape
    G = nx.DiGraph()
    G.add_node("s", demand=-n)
    G.add_node("t", demand=n)
    big = (n + 1) * (k + 1) * unit
    for i in range(n):
        G.add_edge("s", ("c", i), capacity=1, weight=0)
        G.add_edge(("c", i), "t", capacity=1, weight=0)
        for r in range(k):
            j = prefs[i, r]
            if j >= 0:
                u = int(round((bonus(k)[r] + mk["entry_scores"][i, r]) * unit))
                G.add_edge(("c", i), ("j", int(j)), capacity=1, weight=-(big + u))
    for j, c in enumerate(caps):
        G.add_edge(("j", j), "t", capacity=int(c), weight=0)
    flow = nx.min_cost_flow(G)
    placed, total = 0, 0
    for i in range(n):
        for node, f in flow[("c", i)].items():
            if f and node != "t":
                placed += 1
                r = list(prefs[i]).index(node[1])
                total += int(round((bonus(k)[r] + mk["entry_scores"][i, r]) * unit))
    return placed, total / unit


def matching_hr(mk):
    """The `matching` package deep-copies its (recursive) game objects, which
    exceeds Python's default recursion limit from n = 5,000 on: run it in a
    thread with a large stack and a raised limit."""
    out = {}

    def run():
        try:
            out["placed"] = _matching_hr(mk)
        except BaseException as error:  # re-raised in the caller
            out["error"] = error

    limit = sys.getrecursionlimit()
    size = threading.stack_size(1 << 30)
    sys.setrecursionlimit(1_000_000)
    try:
        t = threading.Thread(target=run)
        t.start()
        t.join()
    finally:
        sys.setrecursionlimit(limit)
        threading.stack_size(size)
    if "error" in out:
        raise out["error"]
    return out["placed"]


def _matching_hr(mk):
    from matching.games import HospitalResident

    prefs, caps = mk["preferences"], mk["capacities"]
    listed = mk["listed"]
    n = prefs.shape[0]
    residents, hospitals = {}, {}
    applicants = {}
    for i in range(n):
        lst = [int(j) for j in prefs[i] if j >= 0 and caps[j] > 0]
        if lst:
            residents[i] = lst
            for j in lst:
                applicants.setdefault(j, []).append(i)
    for j, lst in applicants.items():
        hospitals[j] = sorted(lst, key=lambda i: (-listed[i, j], i))
    game = HospitalResident.create_from_dictionaries(
        residents, hospitals, {j: int(caps[j]) for j in hospitals})
    sol = game.solve(optimal="resident")
    return sum(len(v) for v in sol.values())
