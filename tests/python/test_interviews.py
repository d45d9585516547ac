"""Interview planning at the array level: the chosen interviews against
OR-Tools min-cost flow with exact integer lexicographic costs, the
certificate, timetables against an independent check written here and the
König bound, a first-come greedy planner for comparison, and the errors."""

from __future__ import annotations

import json

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


# -- the kick-off layer ---------------------------------------------------------


def _max_coverage(k: kobling.Kickoff, caps) -> int:
    """Independent of kobling's solver: the most candidates that can have an
    interview (networkx maximum flow; eligible or needs-review pairs)."""
    import json

    import networkx as nx

    doc = json.loads(k.to_json())
    g = nx.DiGraph()
    ids = [c["id"] for c in doc["candidates"]]
    firms = [c["id"] for c in doc["companies"]]
    for i, c in enumerate(doc["candidates"]):
        g.add_edge("s", ("i", i), capacity=1)
        for company in c["preferences"]:
            j = firms.index(company)
            e = k.explain(ids[i], company).attrs
            if e["eligibility"] != "ineligible" and not e["refused"]:
                g.add_edge(("i", i), ("j", j), capacity=1)
    for j, cap in enumerate(caps):
        g.add_edge(("j", j), "t", capacity=int(cap))
    return int(nx.maximum_flow_value(g, "s", "t"))


def test_bundled_kickoff_interview_day(bundled_path, tmp_path):
    k = kobling.Kickoff.load(bundled_path)
    day = k.plan_interviews()
    seats = k.capacities
    assert day.caps == [3 * int(s) for s in seats]
    frame = day.interviews()
    # Exact: as many candidates covered as a maximum flow allows, caps held.
    covered = len(k.candidate_ids) - len(day.plan.uncovered)
    assert covered == _max_coverage(k, day.caps)
    cap_of = dict(zip(k.company_ids, day.caps))
    assert all(count <= cap_of[c] for c, count in frame.groupby("company").size().items())
    assert set(day.uncovered()["reason"]) <= {"caps_taken", "no_acceptable_wish"}
    # With five interviews per seat everyone with an eligible wish is covered.
    wide = k.plan_interviews(cap_per_seat=5)
    assert set(wide.uncovered()["reason"]) == {"no_acceptable_wish"}
    # The timetable: nobody double-booked, the fewest slots.
    s = day.schedule
    assert s.exact and s.slots_used == s.lower_bound
    assert not frame.duplicated(["candidate", "start"]).any()
    assert not frame.duplicated(["company", "start", "room"]).any()
    # Files: written, and the verdicts read back into the final match.
    written = day.write(tmp_path / "day")
    assert sorted(p.name for p in written) == ["candidate_timetable.csv", "company_timetable.csv",
                                               "interviews.json", "verdicts.csv"]
    template = day.verdict_template()
    assert list(template.columns) == ["company", "candidate", "wish", "score", "start", "verdict"]
    assert len(template) == len(frame)
    k14 = template[template["company"] == "k14"].copy()
    k14["verdict"] = ["1", "1", "no"] + ["2"] * (len(k14) - 3)
    decided = k.with_verdicts(k14)
    doc = json.loads(decided.to_json())
    company = next(c for c in doc["companies"] if c["id"] == "k14")
    assert company["ranking"][0] == list(k14["candidate"][:2])  # a shared first place
    assert k14["candidate"].iloc[2] in company["refused"]
    final = decided.match()
    assert final.to_frame().loc[k14["candidate"].iloc[2], "company"] != "k14"
    path = tmp_path / "verdicts.csv"
    k14.to_csv(path, index=False)
    assert json.loads(k.with_verdicts(path).to_json()) == doc
    invitations = day.to_ics(tmp_path / "ics", date="2027-01-14")
    assert len(invitations) == frame["candidate"].nunique()
    from icalendar import Calendar

    first = frame.iloc[0]
    cal = Calendar.from_ical((tmp_path / "ics" / f"{first['candidate']}.ics").read_bytes())
    event = next(e for e in cal.walk("VEVENT") if first["company"] in str(e["summary"]))
    assert event.decoded("dtstart").isoformat() == f"2027-01-14T{first['start']}:00"


def test_windows_rooms_and_sites_from_the_file():
    doc = {
        "kobling": "kickoff/1",
        "features": [{"name": "x", "kind": "numeric", "min": 0, "max": 1}],
        "companies": [
            {"id": "k1", "capacity": 1, "weights": {"x": 1},
             "interviews": {"cap": 3, "rooms": 2, "site": "Steinkjer",
                            "available": ["10:00-11:00"]}},
            {"id": "k2", "capacity": 1, "weights": {"x": 1},
             "interviews": {"site": "Trondheim"}},
        ],
        "candidates": [
            {"id": f"c{i}", "features": {"x": 0.5}, "preferences": ["k1", "k2"],
             "available": ["09:00-12:00"]} for i in (1, 2, 3)
        ],
    }
    k = kobling.Kickoff.from_json(doc)
    assert json.loads(k.to_json())["companies"][0]["interviews"]["available"] == ["10:00-11:00"]
    day = k.plan_interviews(travel_minutes=30)
    frame = day.interviews()
    assert frame.groupby("company").size().to_dict() == {"k1": 3, "k2": 3}
    at_k1 = frame[frame["company"] == "k1"]
    assert set(at_k1["start"]) <= {"10:00", "10:20", "10:40"}
    assert at_k1["room"].max() <= 2
    # A candidate's two interviews are at different sites: 30 minutes apart.
    for _, rows in frame.groupby("candidate"):
        starts = sorted(int(t[:2]) * 60 + int(t[3:]) for t in rows["start"])
        assert starts[1] - starts[0] >= 20 + 30
    timetable = day.candidate_timetable()
    assert set(timetable["site"]) == {"Steinkjer", "Trondheim"}


def test_interview_day_errors_name_the_input(tmp_path, bundled_path):
    doc = {
        "kobling": "kickoff/1",
        "companies": [{"id": "k1", "capacity": 1, "interviews": {"rooms": 0}}],
        "candidates": [],
    }
    with pytest.raises(kobling.InvalidInputError) as e:
        kobling.Kickoff.from_json(doc)
    assert str(e.value) == ("[kobling.model.bad_interviews] $.companies[0].interviews.rooms: a "
                            "company needs at least one interview room, got 0")
    doc["companies"][0]["interviews"] = {"cap": -1}
    with pytest.raises(kobling.InvalidInputError, match=r"interviews.cap: an interview cap must be "
                       ">= 0, got -1"):
        kobling.Kickoff.from_json(doc)
    doc["companies"][0]["interviews"] = {}
    doc["candidates"] = [{"id": "c1", "available": ["09:00-08:00"]}]
    with pytest.raises(kobling.InvalidInputError) as e:
        kobling.Kickoff.from_json(doc)
    assert str(e.value) == ("[kobling.model.bad_window] $.candidates[0].available[0]: the window "
                            "ends at 08:00, not after it starts (09:00)")
    doc["candidates"] = [{"id": "c1", "available": ["9-10"]}]
    with pytest.raises(kobling.InvalidInputError, match="expected a time HH:MM"):
        kobling.Kickoff.from_json(doc)
    k = kobling.Kickoff.load(bundled_path)
    with pytest.raises(kobling.InvalidInputError, match="kobling.interviews.bad_slots"):
        k.plan_interviews(slot_minutes=0)
    with pytest.raises(kobling.InvalidInputError, match="holds no slot"):
        k.plan_interviews(start="12:00", end="11:00")
    with pytest.raises(kobling.InvalidInputError, match="kobling.interviews.negative_cap"):
        k.plan_interviews(cap_per_seat=-1)
    # Verdicts: every error names the file, row and column.
    path = tmp_path / "verdicts.csv"
    path.write_text("company,candidate,wish,score,start,verdict\nk01,c040,3,0.7,09:00,perhaps\n")
    with pytest.raises(kobling.InvalidInputError) as e:
        k.with_verdicts(path)
    assert str(e.value) == (
        "[kobling.verdicts.bad_verdict] verdicts.csv:2:6 (column \"verdict\"): expected a tier "
        "number (1 = best; equal numbers share a place), wanted/ønsket, maybe/kanskje or "
        "no/nei/refused, got \"perhaps\"")
    path.write_text("company,candidate,verdict\nk01,c040,1\nk01,c040,2\n")
    with pytest.raises(kobling.InvalidInputError) as e:
        k.with_verdicts(path)
    assert str(e.value) == ("[kobling.verdicts.duplicate] verdicts.csv:3:2 (column \"candidate\"): "
                            "a second verdict of company \"k01\" on candidate \"c040\"")
    path.write_text("company,candidate\nk01,c040\n")
    with pytest.raises(kobling.ParseError) as e:
        k.with_verdicts(path)
    assert str(e.value) == ("[kobling.verdicts.header] verdicts.csv:1: a verdicts file needs the "
                            "columns company, candidate and verdict")
    path.write_text("company,candidate,verdict\nk99,c040,1\n")
    with pytest.raises(kobling.IndexOutOfRangeError) as e:
        k.with_verdicts(path)
    assert str(e.value) == ("[kobling.verdicts.unknown_id] verdicts.csv:2:1 (column \"company\"): "
                            "unknown company id \"k99\"")


def test_cli_interviews_and_verdicts(bundled_path, kobling_cli, tmp_path):
    import subprocess

    out = tmp_path / "day"
    done = subprocess.run([str(kobling_cli), "interviews", str(bundled_path), "--out", str(out)],
                          check=True, capture_output=True, text=True)
    assert "lower bound" in done.stdout and "Below the minimum" in done.stdout
    python = kobling.Kickoff.load(bundled_path).plan_interviews()
    assert (out / "interviews.json").read_text() == python.to_json()
    verdicts = (out / "verdicts.csv").read_text().splitlines()
    filled = [verdicts[0]] + [line + ("1" if n % 2 else "no") for n, line in
                              enumerate(verdicts[1:])]
    (out / "verdicts.csv").write_text("\n".join(filled) + "\n")
    decided = tmp_path / "k2.json"
    subprocess.run([str(kobling_cli), "verdicts", str(bundled_path), str(out / "verdicts.csv"),
                    "--out", str(decided)], check=True, capture_output=True)
    assert json.loads(decided.read_text())["companies"][0].get("ranking")
    subprocess.run([str(kobling_cli), "run", str(decided)], check=True, capture_output=True)
    # Bad input: a clear error, nothing written.
    empty = tmp_path / "nothing"
    bad = subprocess.run([str(kobling_cli), "interviews", str(bundled_path), "--slot-minutes",
                          "0", "--out", str(empty)], capture_output=True, text=True)
    assert bad.returncode != 0 and "--slot-minutes must be an integer >= 1" in bad.stderr
    bad = subprocess.run([str(kobling_cli), "interviews", str(bundled_path), "--start", "12:00",
                          "--end", "09:00", "--out", str(empty)], capture_output=True, text=True)
    assert bad.returncode != 0 and "kobling.interviews.bad_slots" in bad.stderr
    assert not empty.exists()
