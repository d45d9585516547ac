"""Cohort bounds at the array level: max_placement and rank_maximal with
hard, soft and all-or-nothing bounds against SciPy's milp (HiGHS) on the
same model written independently here, the conflict named when hard bounds
cannot hold, the price of a bound, and the errors."""

from __future__ import annotations

import json

import numpy as np
import pytest

import kobling
from conftest import random_market, require


def _milp_max_placement(prefs, caps, scores, bounds, loads=None):
    """Lexicographic (placed - penalties, utility) scalarised exactly: integer
    utilities below `big`. Returns (the best scalar value or None when the
    hard bounds cannot hold, big)."""
    from scipy.optimize import Bounds, LinearConstraint, milp

    n, k = prefs.shape
    pairs = [(i, int(prefs[i, r]), r) for i in range(n) for r in range(k)
             if prefs[i, r] >= 0 and np.isfinite(scores[i, prefs[i, r]])]
    utility = [(k - 1 - r) + int(scores[i, j]) for i, j, r in pairs]
    big = sum(utility) + 1
    # Columns: one per pair, then per bound (shortfall, excess) when soft and
    # "open" when all or nothing.
    cost = [big + u for u in utility]
    integrality, col_hi = [1] * len(pairs), [1.0] * len(pairs)
    layout = []
    for b in bounds:
        cols = {}
        if b.penalty is not None:
            cols["below"], cols["above"] = len(cost), len(cost) + 1
            cost += [-b.penalty * big] * 2
            integrality += [0, 0]
            col_hi += [np.inf, np.inf]
        if b.all_or_nothing:
            cols["open"] = len(cost)
            cost.append(0.0)
            integrality.append(1)
            col_hi.append(1.0)
        layout.append(cols)
    width = len(cost)
    rows, lo, hi = [], [], []
    for i in range(n):
        rows.append([1.0 if p[0] == i else 0.0 for p in pairs] + [0.0] * (width - len(pairs)))
        lo.append(-np.inf)
        hi.append(1.0 if loads is None else float(loads[i]))
    for j, cap in enumerate(caps):
        rows.append([1.0 if p[1] == j else 0.0 for p in pairs] + [0.0] * (width - len(pairs)))
        lo.append(-np.inf)
        hi.append(float(cap))
    for b, cols in zip(bounds, layout):
        members = [1.0 if (not b.candidates or p[0] in b.candidates)
                   and (not b.companies or p[1] in b.companies) else 0.0 for p in pairs]
        upper = b.upper if b.upper is not None else sum(members)
        low = members + [0.0] * (width - len(pairs))
        high = list(low)
        if "below" in cols:
            low[cols["below"]] = 1.0
            high[cols["above"]] = -1.0
        if "open" in cols:
            low[cols["open"]] = -b.lower
            high[cols["open"]] = -upper
            lo += [0.0, -np.inf]
            hi += [np.inf, 0.0]
        else:
            lo += [b.lower, -np.inf]
            hi += [np.inf, upper]
        rows += [low, high]
    res = milp(-np.array(cost, dtype=float),
               constraints=LinearConstraint(np.array(rows), lo, hi),
               integrality=np.array(integrality), bounds=Bounds(np.zeros(width), col_hi))
    if res.status == 2:  # infeasible
        return None, big
    assert res.success, res.message
    return -res.fun, big


def _placeable(prefs, scores):
    """Some listed pair is acceptable (else SciPy gets no columns)."""
    return any(j >= 0 and np.isfinite(scores[i, j]) for i, row in enumerate(prefs) for j in row)


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
        if not _placeable(prefs, scores):
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


def _nested(rng, count):
    """A random laminar family over range(count): splits of splits."""
    out = []

    def split(items, depth):
        if not items:
            return
        if rng.random() < 0.5:
            out.append(list(items))
        if depth < 3 and len(items) > 1:
            cut = int(rng.integers(1, len(items)))
            split(items[:cut], depth + 1)
            split(items[cut:], depth + 1)

    split([int(x) for x in rng.permutation(count)], 0)
    return out


def _limits(rng):
    lower = 0 if rng.random() < 0.85 else int(rng.integers(1, 3))
    return lower, (None if rng.random() < 0.3 else lower + int(rng.integers(0, 3)))


def test_nested_bounds_take_the_flow_and_match_scipy_milp():
    require("scipy")
    flows = infeasible = 0
    for seed in range(150):
        rng = np.random.default_rng(1000 + seed)
        n, m = int(rng.integers(2, 12)), int(rng.integers(1, 5))
        prefs, scores, caps = random_market(rng, n, m, 2, ties=True)
        if not _placeable(prefs, scores):
            continue
        bounds = [kobling.Bound(*_limits(rng), companies=s) for s in _nested(rng, m)]
        bounds += [kobling.Bound(*_limits(rng), candidates=s) for s in _nested(rng, n)]
        if not bounds:
            continue
        best, big = _milp_max_placement(prefs, caps, scores, bounds)
        if best is None:
            for method in ("flow", "mip"):
                with pytest.raises(kobling.InvalidInputError, match="kobling.bounds.infeasible"):
                    kobling.max_placement_assignment(prefs, caps, scores=scores, bounds=bounds,
                                                     bounds_method=method)
            infeasible += 1
            continue
        for method in ("auto", "mip"):
            a = kobling.max_placement_assignment(prefs, caps, scores=scores, bounds=bounds,
                                                 bounds_method=method)
            assert a.bounds_method == ("flow" if method == "auto" else "mip")
            assert a.placed * big + a.objective == pytest.approx(best, abs=1e-6), seed
            for b, o in zip(bounds, a.bounds):
                assert b.lower <= o["count"] and (b.upper is None or o["count"] <= b.upper)
        flows += 1
    assert flows > 50 and infeasible > 5, (flows, infeasible)


def test_bounds_method_is_checked():
    prefs = np.array([[0], [0]])
    caps = np.array([1])
    crossing = [kobling.Bound(0, 1, companies=[0], candidates=[0])]
    with pytest.raises(ValueError, match=r"kobling.array.bad_option\] bounds_method"):
        kobling.max_placement_assignment(prefs, caps, bounds=crossing, bounds_method="simplex")
    with pytest.raises(kobling.InvalidInputError, match="kobling.bounds.unsupported"):
        kobling.rank_maximal_assignment(prefs, caps, bounds=crossing, bounds_method="flow")
    a = kobling.optimal_assignment(np.ones((2, 1)), caps, bounds=crossing)
    assert a.bounds_method == "mip"
    assert kobling.optimal_assignment(np.ones((2, 1)), caps).bounds_method == ""


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


def test_optimal_assignment_with_bounds():
    # Three candidates, one company with two seats: the best two by utility
    # are candidates 0 and 1; "at least one of candidate 2" changes that.
    utility = np.array([[0.9], [0.8], [0.1]])
    free = kobling.optimal_assignment(utility, [2])
    assert sorted(np.flatnonzero(free.company == 0)) == [0, 1]
    a = kobling.optimal_assignment(utility, [2], bounds=[kobling.Bound(1, candidates=[2])],
                                   price_bounds=True)
    assert sorted(np.flatnonzero(a.company == 0)) == [0, 2]
    assert a.objective == pytest.approx(1.0)
    assert a.bounds[0]["price"] == [pytest.approx(0.7)]


def test_bound_errors():
    prefs = np.zeros((2, 1), dtype=np.int32)
    with pytest.raises(kobling.InvalidInputError) as e:
        kobling.max_placement_assignment(prefs, [1], bounds=[kobling.Bound(2, companies=[0],
                                                                           name="two")])
    assert str(e.value) == ("[kobling.bounds.infeasible] bounds: these hard bounds cannot all "
                            "hold together: \"two\" (at least 2; on its own at most 1 "
                            "placement(s) possible in its set: 1 seat(s) at company #0 (1), 2 "
                            "acceptable applicant(s): candidate #0, candidate #1)")
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
                                         previous=[0, -1], loads=[2, 1])
    assert str(e.value) == ("[kobling.bounds.unsupported] loads: loads and a later round "
                            "together are not supported yet")
    with pytest.raises(kobling.InvalidInputError, match="time_limit"):
        kobling.max_placement_assignment(prefs, [1], bounds=[kobling.Bound()], time_limit=0)
    with pytest.raises(TypeError, match="kobling.Bound"):
        kobling.max_placement_assignment(prefs, [1], bounds=[(0, 1)])


# -- the kick-off layer ---------------------------------------------------------


def test_programme_selection_with_age_bounds(tmp_path, kobling_cli):
    import json
    import subprocess
    from pathlib import Path

    path = Path(__file__).resolve().parents[2] / "data" / "selection_oslo.json"
    k = kobling.Kickoff.load(path)
    r = k.match("max_placement", price_bounds=True)
    assert r.placed == 30
    frame = r.to_frame()
    doc = json.loads(k.to_json())
    age = {c["id"]: c["features"]["age"] for c in doc["candidates"]}
    chosen = [c for c in frame.index if frame.loc[c, "company"] == "oslo-it"]
    assert sum(age[c] >= 25 for c in chosen) >= 15
    bounds = r.bounds()
    assert list(bounds["name"]) == ["aged 25 or more: at least 15", "under 21: at most 8"]
    assert bounds.loc[0, "count"] == sum(age[c] >= 25 for c in chosen)
    assert bounds.loc[0, "price.utility"] > 0  # the bound costs fit
    # Without the bounds the same policy picks fewer older applicants.
    free = json.loads(k.to_json())
    del free["bounds"]
    unbounded = kobling.Kickoff.from_json(free).match("max_placement").to_frame()
    assert sum(age[c] >= 25 for c in unbounded.index[unbounded["company"].notna()]) < 15
    # The bounds round-trip through JSON, and reach the report and the CLI.
    assert json.loads(kobling.Kickoff.from_json(k.to_json()).to_json())["bounds"] == \
        doc["bounds"]
    assert "Bounds      2 cohort bound(s)" in r.report()
    assert "Grenser" in r.report(lang="nb")
    out = subprocess.run([str(kobling_cli), "run", str(path), "--policy", "max_placement",
                          "--price-bounds"], check=True, capture_output=True, text=True).stdout
    assert "aged 25 or more: at least 15: 15 (at least 15); price: placed 0, utility" in out
    # stable does not take bounds: a clear error, not a silent guess.
    with pytest.raises(kobling.InvalidInputError, match="kobling.bounds.unsupported"):
        k.match()
    assert list(k.compare().index) == ["max_placement", "rank_maximal"]


def test_viable_class_at_each_company_of_a_trade(bundled_path):
    import json

    doc = json.loads(bundled_path.read_text())
    doc["bounds"] = [{"name": "welding class", "sector": "welding", "lower": 3,
                      "all_or_nothing": True, "each_company": True}]
    k = kobling.Kickoff.from_json(doc)
    r = k.match("max_placement", price_bounds=True)
    bounds = r.bounds().set_index("name")
    assert list(bounds.index) == ["welding class (k01)", "welding class (k02)",
                                  "welding class (k03)"]
    frame = r.to_frame()
    for company in ("k01", "k02", "k03"):
        count = int((frame["company"] == company).sum())
        assert count == 0 or count >= 3
    # k02 and k03 have two seats: "3 or none" closes them, at a price.
    assert bounds.loc["welding class (k02)", "count"] == 0
    assert bounds.loc["welding class (k02)", "price.placed"] == 2


def test_kickoff_bound_errors(bundled_path):
    import json

    doc = json.loads(bundled_path.read_text())
    doc["bounds"] = [{"sector": "bakery", "lower": 1}]
    with pytest.raises(kobling.InvalidInputError) as e:
        kobling.Kickoff.from_json(doc)
    assert str(e.value) == ("[kobling.bounds.unknown_group] $.bounds[0].sector: no company has "
                            "sector \"bakery\"")
    doc["bounds"] = [{"candidates": {"feature": "age", "min": 99}, "lower": 1}]
    with pytest.raises(kobling.InvalidInputError, match="no candidate meets the condition"):
        kobling.Kickoff.from_json(doc)
    doc["bounds"] = [{"candidates": {"feature": "colour"}, "lower": 1}]
    with pytest.raises(kobling.IndexOutOfRangeError, match="kobling.model.unknown_feature"):
        kobling.Kickoff.from_json(doc)
    doc["bounds"] = [{"lower": 3, "upper": 1}]
    with pytest.raises(kobling.InvalidInputError, match="kobling.bounds.lower_above_upper"):
        kobling.Kickoff.from_json(doc)
    doc["bounds"] = [{"companies": ["k01"], "sector": "welding"}]
    with pytest.raises(kobling.InvalidInputError, match="companies or sector, not both"):
        kobling.Kickoff.from_json(doc)
    doc["bounds"] = [{"companies": ["k99"]}]
    with pytest.raises(kobling.IndexOutOfRangeError, match="kobling.model.unknown_company"):
        kobling.Kickoff.from_json(doc)
    doc["bounds"] = [{"sector": "welding", "lower": 40, "name": "too many welders"}]
    k = kobling.Kickoff.from_json(doc)
    with pytest.raises(kobling.InvalidInputError, match="\"too many welders\" \\(at least 40; "
                       "on its own at most 7 placement") as e:
        k.match("max_placement")
    # The seats and applicants behind the conflict, by id.
    assert "7 seat(s) at company \"k01\" (3), company \"k02\" (2)" in str(e.value)
    assert "acceptable applicant(s): candidate \"" in str(e.value)


def test_bounds_from_csv_and_dataframes(tmp_path):
    import pandas as pd

    (tmp_path / "companies.csv").write_text(
        "id,capacity,sector,weight.age\nk1,2,it,1\nk2,2,it,1\n")
    (tmp_path / "candidates.csv").write_text(
        "id,age,wish_1,wish_2\n" + "".join(f"c{i},{18 + 3 * i},k1,k2\n" for i in range(6)))
    (tmp_path / "features.csv").write_text("name,kind,min,max\nage,numeric,16,40\n")
    (tmp_path / "bounds.csv").write_text(
        "name,sector,feature,min,lower,each_company\nolder,it,age,28,1,true\n")
    k = kobling.Kickoff.from_csv(tmp_path)
    r = k.match("max_placement")
    bounds = r.bounds()
    assert list(bounds["name"]) == ["older (k1)", "older (k2)"]
    assert (bounds["count"] >= 1).all()
    frames = {
        "candidates": pd.read_csv(tmp_path / "candidates.csv"),
        "companies": pd.read_csv(tmp_path / "companies.csv"),
    }
    same = kobling.Kickoff.from_dataframes(
        frames["candidates"], frames["companies"], pd.read_csv(tmp_path / "features.csv"),
        bounds=pd.read_csv(tmp_path / "bounds.csv"))
    assert json.loads(same.to_json())["bounds"] == json.loads(k.to_json())["bounds"]
    (tmp_path / "bounds.csv").write_text("name,colour\nx,red\n")
    with pytest.raises(kobling.ParseError, match=r"bounds.csv:2:2 \(column \"colour\"\): "
                       "unknown column"):
        kobling.Kickoff.from_csv(tmp_path)


def test_largest_weakly_stable_places_at_least_the_lottery():
    for seed in range(60):
        rng = np.random.default_rng(seed)
        n, m = int(rng.integers(2, 25)), int(rng.integers(1, 5))
        prefs, scores, caps = random_market(rng, n, m, 3, ties=True)
        best = kobling.stable_assignment(prefs, scores, caps, max_placed=True,
                                         tie_break="lottery", seed=seed)
        assert best.proven_optimal
        assert len(kobling.blocking_pairs(prefs, scores, caps, best.company, weak=True)) == 0
        lottery = kobling.stable_assignment(prefs, scores, caps, tie_break="lottery", seed=seed)
        assert best.placed >= lottery.placed
        assert best.baseline_placed == lottery.placed
        assert kobling.stable_assignment(prefs, scores, caps).baseline_placed is None
    # A tie lost by the wrong candidate: c0 takes A (index order), c1 has no
    # other wish and B stays empty; the largest weakly stable matching sends
    # c0 to B and places both.
    prefs = np.array([[0, 1], [0, -1]])
    scores = np.array([[1.0, 1.0], [1.0, 1.0]])
    assert kobling.stable_assignment(prefs, scores, [1, 1]).placed == 1
    best = kobling.stable_assignment(prefs, scores, [1, 1], max_placed=True)
    assert best.company.tolist() == [1, 0]
    with pytest.raises(kobling.InvalidInputError, match="kobling.bounds.unsupported"):
        kobling.stable_assignment(prefs, scores, caps, max_placed=True, improve=True)


def test_largest_weakly_stable_on_a_kickoff(kobling_cli, tmp_path):
    import subprocess

    doc = {
        "kobling": "kickoff/1",
        "features": [{"name": "x", "kind": "numeric", "min": 0, "max": 1}],
        "companies": [{"id": "A", "capacity": 1, "weights": {"x": 1}},
                      {"id": "B", "capacity": 1, "weights": {"x": 1}}],
        "candidates": [{"id": "c0", "features": {"x": 0.5}, "preferences": ["A", "B"]},
                       {"id": "c1", "features": {"x": 0.5}, "preferences": ["A"]}],
        "tie_break": "index",
    }
    k = kobling.Kickoff.from_json(doc)
    assert k.match().placed == 1  # c0 wins the tie at A, B stays empty
    best = k.match(max_placed=True)
    assert best.placed == 2 and best.baseline_placed == 1
    assert best.policy == "stable (largest weakly stable)"
    assert best.to_frame()["company"].to_dict() == {"c0": "B", "c1": "A"}
    with pytest.raises(kobling.InvalidInputError, match="max_placed: applies to the stable"):
        k.match("max_placement", max_placed=True)
    path = tmp_path / "k.json"
    path.write_text(json.dumps(doc))
    out = subprocess.run([str(kobling_cli), "run", str(path), "--max-placed"], check=True,
                         capture_output=True, text=True).stdout
    assert "policy: stable (largest weakly stable)" in out and "Placed      2 of 2" in out
    assert "Largest     1 more placed than deferred acceptance with the index tie rule (1)" in out
    assert "Størst      1 flere plassert" in best.report(lang="nb")
    assert json.loads(best.to_json())["deferred_acceptance_placed"] == 1


# -- stable with quotas and reserves -------------------------------------------


def _choice(scores, caps, bounds, j, pool):
    """Company j's choice under its quotas, written independently: reserves
    first, then open seats, in the company's order (score, then index)."""
    mine = [b for b in bounds if b.companies == [j]]
    order = sorted(pool, key=lambda i: (-scores[i, j], i))
    taken: list[int] = []

    def inside(b, i):
        return not b.candidates or i in b.candidates

    def room(i):
        return len(taken) < caps[j] and all(
            b.upper is None or not inside(b, i) or sum(inside(b, t) for t in taken) < b.upper
            for b in mine)

    for b in mine:
        for i in order:
            if sum(inside(b, t) for t in taken) < b.lower and inside(b, i) \
                    and i not in taken and room(i):
                taken.append(i)
    for i in order:
        if i not in taken and room(i):
            taken.append(i)
    return set(taken)


def test_stable_with_quotas_has_no_blocking_pair_for_the_choices():
    bitten = 0
    for seed in range(200):
        rng = np.random.default_rng(5000 + seed)
        n, m = int(rng.integers(2, 10)), int(rng.integers(1, 4))
        prefs, scores, caps = random_market(rng, n, m, 3, ties=True)
        bounds = []
        for j in range(m):
            young = [i for i in range(n) if rng.random() < 0.5]
            rest = [i for i in range(n) if i not in young]
            bounds.append(kobling.Bound(0, int(rng.integers(0, 2)), companies=[j],
                                        candidates=young))
            if rest and rng.random() < 0.5:
                bounds.append(kobling.Bound(1, None, companies=[j], candidates=rest))
        a = kobling.stable_assignment(prefs, scores, caps, bounds=bounds)
        assert a.bounds_method == "deferred_acceptance"
        company = list(a.company)
        for j in range(m):
            held = {i for i in range(n) if company[i] == j}
            assert _choice(scores, caps, bounds, j, held) == held, seed
            for i in range(n):
                wishes = [c for c in prefs[i] if c >= 0]
                if j not in wishes or not np.isfinite(scores[i, j]):
                    continue
                if company[i] >= 0 and wishes.index(company[i]) <= wishes.index(j):
                    continue
                assert i not in _choice(scores, caps, bounds, j, held | {i}), (seed, i, j)
        plain = kobling.stable_assignment(prefs, scores, caps)
        bitten += list(plain.company) != company
    assert bitten > 20


def test_stable_quotas_on_a_kickoff(bundled_path, kobling_cli, tmp_path):
    import json
    import subprocess

    doc = json.loads(bundled_path.read_text())
    doc["bounds"] = [{"name": "under 20: at most 1", "candidates": {"feature": "age", "max": 19},
                      "upper": 1, "each_company": True}]
    k = kobling.Kickoff.from_json(doc)
    r = k.match()  # stable
    frame = r.to_frame()
    young = {c["id"] for c in doc["candidates"] if c["features"].get("age", 99) < 20}
    per_company = frame[frame.index.isin(young)]["company"].value_counts()
    assert per_company.max() <= 1
    assert set(r.bounds()["count"]) <= {0, 1}
    assert "stable" in list(k.compare().index)
    path = tmp_path / "quotas.json"
    path.write_text(json.dumps(doc))
    out = subprocess.run([str(kobling_cli), "run", str(path)], check=True,
                         capture_output=True, text=True).stdout
    assert "under 20: at most 1" in out
    assert "quotas and reserves in deferred acceptance" in out
    # A class minimum is not a quota: stable refuses it and names the bound.
    doc["bounds"] = [{"name": "welding class", "sector": "welding", "lower": 2,
                      "each_company": True}]
    with pytest.raises(kobling.InvalidInputError,
                       match=r"\"welding class \(k01\)\": stable takes maximum quotas"):
        kobling.Kickoff.from_json(doc).match()


# -- many-to-many: loads ---------------------------------------------------------


def test_loads_match_scipy_milp_by_flow_and_mip():
    require("scipy")
    multi = 0
    for seed in range(80):
        rng = np.random.default_rng(7000 + seed)
        n, m = int(rng.integers(1, 8)), int(rng.integers(1, 5))
        prefs, scores, caps = random_market(rng, n, m, 3, ties=True)
        if not _placeable(prefs, scores):
            continue
        loads = rng.integers(0, 4, n)
        least = np.where(rng.random(n) < 0.3, np.minimum(loads, 1), 0)
        extra = [kobling.Bound(int(least[i]), candidates=[i]) for i in range(n) if least[i] > 0]
        best, big = _milp_max_placement(prefs, caps, scores, extra, loads=loads)
        for method in ("auto", "mip"):
            if best is None:
                with pytest.raises(kobling.InvalidInputError, match="minimum load of candidate"):
                    kobling.max_placement_assignment(prefs, caps, scores=scores, loads=loads,
                                                     min_loads=least, bounds_method=method)
                continue
            a = kobling.max_placement_assignment(prefs, caps, scores=scores, loads=loads,
                                                 min_loads=least, bounds_method=method)
            assert a.placed * big + a.objective == pytest.approx(best, abs=1e-6), seed
            assert a.pairs.shape == (a.placed, 2)
            assert (a.load <= loads).all() and (a.load >= least).all()
            assert np.bincount(a.pairs[:, 0], minlength=n).tolist() == a.load.tolist()
            multi += int((a.load > 1).sum())
    assert multi > 20
    with pytest.raises(ValueError, match="kobling.loads.invalid"):
        kobling.max_placement_assignment(np.zeros((1, 1), dtype=np.int32), [1], loads=[1],
                                         min_loads=[2])


def test_instructors_with_loads_on_a_kickoff(tmp_path, kobling_cli):
    """Koding og arbeid: five course evenings need two instructors each; three
    instructors teach three to four evenings."""
    import subprocess

    evenings = [f"kveld{d}" for d in range(1, 6)]
    doc = {
        "kobling": "kickoff/1",
        "max_preferences": 5,
        "features": [{"name": "x", "kind": "numeric", "min": 0, "max": 1}],
        "companies": [{"id": e, "capacity": 2, "weights": {"x": 1}} for e in evenings],
        "candidates": [{"id": f"instruktør{t}", "features": {"x": 0.5 + 0.1 * t},
                        "preferences": evenings[t:] + evenings[:t],
                        "load": {"min": 3, "max": 4}} for t in range(3)],
        "bounds": [{"name": "two instructors", "lower": 2, "each_company": True}],
    }
    k = kobling.Kickoff.from_json(doc)
    assert json.loads(k.to_json())["candidates"][0]["load"] == {"min": 3, "max": 4}
    r = k.match("max_placement")
    pairs = r.pairs()
    assert len(pairs) == 10
    assert pairs.groupby("company").size().tolist() == [2] * 5
    assert set(pairs.groupby("candidate").size()) <= {3, 4}
    assert "Loads       10 placements; 3 candidate(s) hold more than one seat" in r.report()
    assert "Placed      3 of 3 candidates" in r.report()
    assert "stable" not in list(k.compare().index)
    with pytest.raises(kobling.InvalidInputError, match="stable policy gives each candidate one"):
        k.match()
    path = tmp_path / "kveld.json"
    path.write_text(json.dumps(doc))
    out = subprocess.run([str(kobling_cli), "run", str(path), "--policy", "rank_maximal"],
                         check=True, capture_output=True, text=True).stdout
    assert "10 placements" in out
    doc["candidates"][1]["load"] = {"min": 2}  # max defaults to the minimum
    assert json.loads(kobling.Kickoff.from_json(doc).to_json())["candidates"][1]["load"] == \
        {"min": 2, "max": 2}
    doc["candidates"][1]["load"] = 2**31
    with pytest.raises(kobling.InvalidInputError, match="between 0 and 2\\^30 seats, got"):
        kobling.Kickoff.from_json(doc)
    doc["candidates"][1]["load"] = 1
    doc["candidates"][0]["load"] = {"min": 5, "max": 4}
    with pytest.raises(kobling.InvalidInputError, match=r"kobling.loads.invalid\] \$.candidates"):
        kobling.Kickoff.from_json(doc)


def test_bounds_hold_in_a_later_round_with_pins_and_dropouts():
    """The Oslo selection: three of the chosen drop out, the rest are pinned
    (signed); the second round refills the programme and still has at least
    15 aged 25 or more, the pins counted."""
    from pathlib import Path

    path = Path(__file__).resolve().parents[2] / "data" / "selection_oslo.json"
    k = kobling.Kickoff.load(path)
    first = k.match("max_placement")
    doc = json.loads(k.to_json())
    age = {c["id"]: c["features"]["age"] for c in doc["candidates"]}
    chosen = list(first.to_frame().query("company == 'oslo-it'").index)
    older = [c for c in chosen if age[c] >= 25]
    gone = older[:3]
    second = k.next_round(first, policy="max_placement", withdrawn=gone, pin_all=True)
    frame = second.to_frame()
    now = list(frame.query("company == 'oslo-it'").index)
    assert len(now) == 30 and not set(gone) & set(now)
    assert set(chosen) - set(gone) <= set(now)  # the pins stay
    assert sum(age[c] >= 25 for c in now) >= 15
    row = second.bounds().set_index("name").loc["aged 25 or more: at least 15"]
    assert row["count"] == sum(age[c] >= 25 for c in now)
