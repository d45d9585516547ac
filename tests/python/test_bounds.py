"""Cohort bounds at the array level: max_placement and rank_maximal with
hard, soft and all-or-nothing bounds against SciPy's milp (HiGHS) on the
same model written independently here, the conflict named when hard bounds
cannot hold, the price of a bound, and the errors."""

from __future__ import annotations

import numpy as np
import pytest

import kobling
from conftest import random_market, require


def _milp_max_placement(prefs, caps, scores, bounds):
    """Lexicographic (placed - penalties, utility) scalarised exactly: integer
    utilities below `big`. Returns the best scalar value, or None when the
    hard bounds cannot hold."""
    from scipy.optimize import Bounds, LinearConstraint, milp

    n, k = prefs.shape
    m = len(caps)
    pairs = [(i, int(prefs[i, r]), r) for i in range(n) for r in range(k)
             if prefs[i, r] >= 0 and np.isfinite(scores[i, prefs[i, r]])]
    utility = [(k - 1 - r) + int(scores[i, j]) for i, j, r in pairs]
    big = sum(utility) + 1
    cols = len(pairs)
    rows, lo, hi = [], [], []

    def row(coef):
        rows.append(coef)

    for i in range(n):
        row([1.0 if p[0] == i else 0.0 for p in pairs] + [])
        lo.append(-np.inf)
        hi.append(1.0)
    for j in range(m):
        row([1.0 if p[1] == j else 0.0 for p in pairs])
        lo.append(-np.inf)
        hi.append(float(caps[j]))
    extra_cost, integrality = [], [1] * cols
    extra = 0
    specs = []
    for b in bounds:
        members = [1.0 if (not b.candidates or p[0] in b.candidates)
                   and (not b.companies or p[1] in b.companies) else 0.0 for p in pairs]
        upper = b.upper if b.upper is not None else sum(members)
        specs.append((members, upper, b))
    # Extra columns: per bound (shortfall, excess) when soft, open when all or nothing.
    layout = []
    for members, upper, b in specs:
        cols_b = {}
        if b.penalty is not None:
            cols_b["below"], cols_b["above"] = cols + extra, cols + extra + 1
            extra_cost += [-b.penalty * big, -b.penalty * big]
            integrality += [0, 0]
            extra += 2
        if b.all_or_nothing:
            cols_b["open"] = cols + extra
            extra_cost.append(0.0)
            integrality.append(1)
            extra += 1
        layout.append(cols_b)
    total = cols + extra
    rows = [r + [0.0] * extra for r in rows]
    for (members, upper, b), cols_b in zip(specs, layout):
        low = members + [0.0] * extra
        high = members + [0.0] * extra
        if "below" in cols_b:
            low[cols_b["below"]] = 1.0
            high[cols_b["above"]] = -1.0
        if "open" in cols_b:
            low[cols_b["open"]] = -b.lower
            high[cols_b["open"]] = -upper
            rows += [low, high]
            lo += [0.0, -np.inf]
            hi += [np.inf, 0.0]
        else:
            rows += [low, high]
            lo += [b.lower, -np.inf]
            hi += [np.inf, upper]
    c = np.array([big + u for u in utility] + extra_cost, dtype=float)
    col_hi = np.ones(total)
    for cols_b in layout:
        for key in ("below", "above"):
            if key in cols_b:
                col_hi[cols_b[key]] = np.inf
    res = milp(-c, constraints=LinearConstraint(np.array(rows), lo, hi),
               integrality=np.array(integrality), bounds=Bounds(np.zeros(total), col_hi))
    if res.status == 2:
        return None, big
    assert res.success, res.message
    return -res.fun, big


def _random_bounds(rng, n, m):
    out = []
    for _ in range(int(rng.integers(1, 4))):
        companies = [j for j in range(m) if rng.random() < 0.5]
        candidates = [i for i in range(n) if rng.random() < 0.7]
        lower = int(rng.integers(0, 3))
        upper = None if rng.random() < 0.3 else lower + int(rng.integers(0, 3))
        penalty = None if rng.random() < 0.5 else float(rng.integers(0, 3))
        out.append(kobling.Bound(lower, upper, companies=companies, candidates=candidates,
                                 all_or_nothing=bool(rng.random() < 0.25), penalty=penalty))
    return out


def test_bounded_max_placement_matches_scipy_milp():
    require("scipy")
    infeasible = 0
    for seed in range(120):
        rng = np.random.default_rng(seed)
        n, m = int(rng.integers(1, 12)), int(rng.integers(1, 4))
        prefs, scores, caps = random_market(rng, n, m, 2, ties=True)
        bounds = _random_bounds(rng, n, m)
        if not any(prefs[i, r] >= 0 and np.isfinite(scores[i, prefs[i, r]])
                   for i in range(n) for r in range(2)):
            continue  # nothing to place: no columns for SciPy
        best, big = _milp_max_placement(prefs, caps, scores, bounds)
        if best is None:
            with pytest.raises(kobling.InvalidInputError, match="kobling.bounds.infeasible"):
                kobling.max_placement_assignment(prefs, caps, scores=scores, bounds=bounds)
            infeasible += 1
            continue
        a = kobling.max_placement_assignment(prefs, caps, scores=scores, bounds=bounds)
        penalty = sum((b.penalty or 0.0) * (o["shortfall"] + o["excess"])
                      for b, o in zip(bounds, a.bounds))
        ours = (a.placed - penalty) * big + a.objective
        assert ours == pytest.approx(best, abs=1e-6), seed
        assert a.proven_optimal
    assert infeasible > 0


def test_a_viable_class_and_its_price():
    # Programme selection (one company, the Oslo case): choose 3 of 6, at
    # least 1 aged 25+ (candidates 4 and 5), by score.
    prefs = np.zeros((6, 1), dtype=np.int32)
    scores = np.array([[0.9], [0.8], [0.7], [0.6], [0.5], [0.4]])
    older = np.array([False, False, False, False, True, True])
    bound = kobling.Bound(1, candidates=older, name="25+ at least 1")
    a = kobling.max_placement_assignment(prefs, [3], scores=scores, bounds=[bound],
                                         price_bounds=True)
    assert sorted(np.flatnonzero(a.company == 0)) == [0, 1, 4]
    assert a.bounds == [{"name": "25+ at least 1", "count": 1, "shortfall": 0, "excess": 0,
                         "price": [0.0, pytest.approx(0.2)]}]
    r = kobling.rank_maximal_assignment(prefs, [3], scores=scores, bounds=[bound])
    assert sorted(np.flatnonzero(r.company == 0)) == [0, 1, 4]


def test_bound_errors():
    prefs = np.zeros((2, 1), dtype=np.int32)
    with pytest.raises(kobling.InvalidInputError) as e:
        kobling.max_placement_assignment(prefs, [1], bounds=[kobling.Bound(2, companies=[0],
                                                                           name="two")])
    assert str(e.value) == ("[kobling.bounds.infeasible] bounds: these hard bounds cannot all "
                            "hold together: \"two\" (at least 2; on its own at most 1 "
                            "placement(s) possible in its set)")
    with pytest.raises(kobling.InvalidInputError, match="lower 3 is above upper 1"):
        kobling.max_placement_assignment(prefs, [1], bounds=[kobling.Bound(3, 1)])
    with pytest.raises(kobling.InvalidInputError) as e:
        kobling.Bound(0, -1)
    assert str(e.value) == "[kobling.bounds.negative] upper: must be >= 0 or None, got -1"
    with pytest.raises(kobling.InvalidInputError, match="kobling.bounds.bad_penalty"):
        kobling.Bound(0, penalty=-2)
    with pytest.raises(kobling.IndexOutOfRangeError, match=r"bounds\[0\].companies\[0\]"):
        kobling.max_placement_assignment(prefs, [1], bounds=[kobling.Bound(companies=[3])])
    with pytest.raises(kobling.InvalidInputError) as e:
        kobling.max_placement_assignment(prefs, [1], bounds=[kobling.Bound()],
                                         previous=[0, -1])
    assert str(e.value) == ("[kobling.bounds.unsupported] bounds: bounds and a later round "
                            "together are not supported yet")
    with pytest.raises(kobling.InvalidInputError, match="time_limit"):
        kobling.max_placement_assignment(prefs, [1], bounds=[kobling.Bound()], time_limit=0)
    with pytest.raises(TypeError, match="kobling.Bound"):
        kobling.max_placement_assignment(prefs, [1], bounds=[(0, 1)])
