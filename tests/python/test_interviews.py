"""Interview planning at the array level: the chosen interviews against
OR-Tools min-cost flow with exact integer lexicographic costs, the
certificate, timetables against an independent check written here and the
König bound, a first-come greedy planner for comparison, and the errors."""

from __future__ import annotations

import numpy as np
import pytest

import kobling
from conftest import random_market


def _ortools_interviews(prefs, caps, scores, minimum):
    """The same lexicographic objective, scalarised exactly in int64 (integer
    scores): cover, then interviews, then rank bonus, then score."""
    from ortools.graph.python import min_cost_flow

    n, k = prefs.shape
    m = len(caps)
    longest = max([r + 1 for i in range(n) for r in range(k) if prefs[i, r] >= 0], default=0)
    pairs = [(i, int(prefs[i, r]), r) for i in range(n) for r in range(k)
             if prefs[i, r] >= 0 and np.isfinite(scores[i, prefs[i, r]])]
    e = len(pairs) + 1
    m1 = 10 * e + 1                      # above any score total (scores 0..9)
    m2 = (max(longest, 1) * e + 1) * m1  # above any rank bonus total with the scores
    m3 = (e + 1) * m2                    # above any interview count with the rest
    f = min_cost_flow.SimpleMinCostFlow()
    source, sink = n + m, n + m + 1
    arcs = {}
    for i, j, r in pairs:
        w = m2 + (longest - 1 - r) * m1 + int(scores[i, j])
        arcs[f.add_arc_with_capacity_and_unit_cost(n + j, i, 1, -w)] = (i, j)
    supply = int(sum(caps))
    for j in range(m):
        f.add_arc_with_capacity_and_unit_cost(source, n + j, int(caps[j]), 0)
    f.add_arc_with_capacity_and_unit_cost(source, sink, supply, 0)  # unused interviews
    for i in range(n):
        d = sum(1 for p in pairs if p[0] == i)
        first = min(minimum, d)
        if first > 0:
            f.add_arc_with_capacity_and_unit_cost(i, sink, first, -m3)
        if d > first:
            f.add_arc_with_capacity_and_unit_cost(i, sink, d - first, 0)
    f.set_node_supply(source, supply)
    f.set_node_supply(sink, -supply)
    assert f.solve() == f.OPTIMAL
    return -f.optimal_cost(), (m1, m2, m3)


def test_plan_matches_ortools_and_is_certified():
    uncovered = 0
    for seed in range(300):
        rng = np.random.default_rng(seed)
        n, m, k = int(rng.integers(1, 30)), int(rng.integers(1, 6)), int(rng.integers(1, 4))
        prefs, scores, caps = random_market(rng, n, m, k, max_cap=4, ties=True)
        scores = np.where(np.isfinite(scores), scores * 3, scores)  # integers 0..9
        minimum = int(rng.integers(0, 3))
        plan = kobling.plan_interviews(prefs, caps, scores=scores, min_per_candidate=minimum)
        report = kobling.check_interview_plan(prefs, caps, plan, scores=scores,
                                              min_per_candidate=minimum)
        assert report["ok"], (seed, report["violations"][:3])
        best, (m1, m2, m3) = _ortools_interviews(prefs, caps, scores, minimum)
        cover, interviews, rank, score = plan.objective
        assert int(cover) * m3 + int(interviews) * m2 + int(rank) * m1 + int(score) == best, seed
        counts = np.bincount(plan.pairs[:, 1], minlength=len(caps))
        assert (counts <= caps).all()
        uncovered += len(plan.uncovered)
    assert uncovered > 0


def test_uncovered_candidates_get_a_reason():
    prefs = np.array([[0, -1], [0, -1], [-1, -1], [1, -1]])
    scores = np.array([[0.9, 0.0], [0.1, 0.0], [0.0, 0.0], [0.5, -np.inf]])
    plan = kobling.plan_interviews(prefs, [1, 1], scores=scores)
    assert plan.pairs.tolist() == [[0, 0]]
    assert plan.uncovered == [1, 2, 3]
    assert plan.uncovered_reason == ["caps_taken", "no_acceptable_wish", "no_acceptable_wish"]
    two = kobling.plan_interviews(prefs, [2, 1], scores=scores, min_per_candidate=2)
    assert two.uncovered_reason[:2] == ["too_few_wishes", "too_few_wishes"]


def _check_timetable(pairs, slot, room, rooms, n_slots, cand_ok=None, comp_ok=None, site=None,
                     travel=0):
    """Independent of the library: nobody double-booked, windows, travel."""
    seen = {}
    for (i, j), t, r in zip(pairs.tolist(), slot.tolist(), room.tolist()):
        if t < 0:
            continue
        assert 0 <= t < n_slots and 0 <= r < rooms[j]
        assert ("room", j, r, t) not in seen
        seen[("room", j, r, t)] = True
        if cand_ok is not None:
            assert cand_ok[i, t] and comp_ok[j, t]
        for (i2, j2), t2 in zip(pairs.tolist(), slot.tolist()):
            if i2 == i and j2 != j and t2 >= 0:
                assert t2 != t
                if site is not None and site[j] != site[j2]:
                    assert abs(t2 - t) > travel


def _greedy_first_come(pairs, rooms, n_slots):
    """What booking tools do: each interview, in order, takes the first slot
    where the candidate and a room are free; clashes are simply not booked."""
    busy_c, busy_r = set(), {}
    slots = []
    for i, j in pairs.tolist():
        for t in range(n_slots):
            if (i, t) not in busy_c and busy_r.get((j, t), 0) < rooms[j]:
                busy_c.add((i, t))
                busy_r[(j, t)] = busy_r.get((j, t), 0) + 1
                slots.append(t)
                break
        else:
            slots.append(-1)
    return np.array(slots)


def test_schedule_reaches_the_bound_and_beats_first_come():
    worse = 0
    for seed in range(200):
        rng = np.random.default_rng(seed)
        n, m = int(rng.integers(2, 60)), int(rng.integers(1, 10))
        prefs, scores, caps = random_market(rng, n, m, 3, max_cap=8)
        plan = kobling.plan_interviews(prefs, caps, scores=np.where(np.isfinite(scores), scores,
                                                                      -np.inf))
        rooms = rng.integers(1, 3, size=m)
        s = kobling.schedule_interviews(plan.pairs, 40, rooms=rooms)
        assert s.exact and s.slots_used == s.lower_bound and s.unscheduled == 0
        _check_timetable(plan.pairs, s.slot, s.room, rooms, 40)
        assert kobling.check_schedule(plan.pairs, 40, s, rooms=rooms)["ok"]
        greedy = _greedy_first_come(plan.pairs, rooms, 40)
        if len(greedy):
            worse += int(greedy.max() + 1 > s.slots_used)
    assert worse > 0  # first-come needs more slots on some instances


def test_schedule_with_windows_and_travel():
    rng = np.random.default_rng(3)
    pairs = np.array([[0, 0], [0, 1], [1, 0], [2, 1], [2, 0]])
    cand = rng.random((3, 6)) < 0.9
    comp = np.ones((2, 6), dtype=bool)
    comp[0, 0] = False
    site = np.array([0, 1])
    s = kobling.schedule_interviews(pairs, 6, candidate_available=cand, company_available=comp,
                                    site=site, travel_slots=1)
    assert kobling.check_schedule(pairs, 6, s, candidate_available=cand, company_available=comp,
                                  site=site, travel_slots=1)["ok"]
    _check_timetable(pairs, s.slot, s.room, [1, 1], 6, cand, comp, site, 1)
    assert s.slots_used >= s.lower_bound
    assert "lower_bound" in repr(s)


def test_interview_errors_name_the_input():
    with pytest.raises(kobling.InvalidInputError, match=r"interview_caps\[1\]: an interview cap "
                       "must be >= 0, got -1"):
        kobling.plan_interviews([[0, 1]], [1, -1])
    with pytest.raises(kobling.InvalidInputError) as e:
        kobling.plan_interviews([[0]], [1], min_per_candidate=-1)
    assert str(e.value) == ("[kobling.interviews.bad_minimum] min_per_candidate: must be >= 0, "
                            "got -1")
    with pytest.raises(kobling.InvalidInputError, match="kobling.interviews.bad_slots"):
        kobling.schedule_interviews([[0, 0]], 0)
    with pytest.raises(kobling.InvalidInputError) as e:
        kobling.schedule_interviews([[0, 0]], 3, rooms=[0])
    assert str(e.value) == ("[kobling.interviews.bad_rooms] rooms[0]: a company needs at least "
                            "one room, got 0")
    with pytest.raises(kobling.InvalidInputError, match="kobling.interviews.duplicate_pair"):
        kobling.schedule_interviews([[0, 0], [0, 0]], 3)
    with pytest.raises(kobling.InvalidInputError, match=r"kobling.array.shape\] pairs"):
        kobling.schedule_interviews([0, 0], 3)
    with pytest.raises(kobling.IndexOutOfRangeError, match="kobling.array.candidate_index"):
        kobling.schedule_interviews([[-1, 0]], 3)
    with pytest.raises(kobling.InvalidInputError, match="kobling.array.shape"):
        kobling.schedule_interviews([[0, 0]], 3, candidate_available=np.ones((1, 2), dtype=bool))
    with pytest.raises(TypeError):
        kobling.schedule_interviews([[0, 0]], 3, candidate_available=np.ones((1, 3)))
