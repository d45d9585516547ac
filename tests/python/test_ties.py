"""Declared tie-breaking: the documented generator recomputed in Python,
lotteries at the array level and on a kick-off, interview tiers (shared
places in a ranking), stable improvement cycles, and the same draw from
Python and the CLI."""

from __future__ import annotations

import json
import subprocess

import numpy as np
import pytest

import kobling

MASK = (1 << 64) - 1


def mix(x: int) -> int:
    """SplitMix64's finaliser, as include/kobling/ties.hpp writes it."""
    z = (x + 0x9E3779B97F4A7C15) & MASK
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
    return z ^ (z >> 31)


def number(seed: int, company: int, candidate: int) -> int:
    return mix(mix(mix(seed) ^ ((company + 1) & MASK)) ^ candidate)


@pytest.mark.parametrize("seed", [0, 1, 2026, 2**63, MASK])
@pytest.mark.parametrize("company", [-1, 0, 7])
def test_lottery_numbers_follow_the_documented_formula(seed, company):
    who = np.arange(0, 5000, 7)
    got = kobling.lottery_numbers(seed, who, company=company)
    assert got.dtype == np.uint64
    assert [int(x) for x in got] == [number(seed, company, int(i)) for i in who]


def test_lottery_numbers_errors():
    with pytest.raises(kobling.IndexOutOfRangeError) as e:
        kobling.lottery_numbers(1, [0, -3])
    assert str(e.value) == ("[kobling.array.candidate_index] candidates[1]: candidate index -3 is "
                            "negative")
    with pytest.raises(kobling.IndexOutOfRangeError, match="kobling.array.company_index"):
        kobling.lottery_numbers(1, [0], company=-2)
    with pytest.raises(TypeError):
        kobling.lottery_numbers(-1, [0])  # a seed is unsigned
    with pytest.raises(TypeError):
        kobling.lottery_numbers(1, [0.5])


def test_stable_lottery_picks_the_lowest_numbers_and_records_the_tie():
    prefs = np.zeros((6, 1), dtype=np.int32)
    scores = np.full((6, 1), 0.5)
    for seed in range(5):
        a = kobling.stable_assignment(prefs, scores, [2], tie_break="lottery", seed=seed)
        order = sorted(range(6), key=lambda i: number(seed, -1, i))
        assert sorted(np.flatnonzero(a.company == 0)) == sorted(order[:2])
        assert (a.tie_break, a.seed) == ("lottery", seed)
        assert a.ties == [{"company": 0, "score": 0.5, "won": order[:2], "lost": order[2:]}]
        assert len(kobling.blocking_pairs(prefs, scores, [2], a.company, tie_break="lottery",
                                          seed=seed)) == 0
    by_index = kobling.stable_assignment(prefs, scores, [2])
    assert list(by_index.company) == [0, 0, -1, -1, -1, -1]
    assert by_index.tie_break == "index"
    # Against the index order the lottery's result is blocked by (0, 0) or (1, 0)
    # unless the draw agreed; weakly, nothing blocks.
    a = kobling.stable_assignment(prefs, scores, [2], tie_break="lottery", seed=3)
    assert len(kobling.blocking_pairs(prefs, scores, [2], a.company, weak=True)) == 0


def test_bad_tie_break_names_the_choices():
    with pytest.raises(kobling.InvalidInputError, match="'index', 'lottery' or "
                       "'lottery_per_company', got 'coin'"):
        kobling.stable_assignment([[0]], [[1.0]], [1], tie_break="coin")


def test_improvement_cycles_at_the_array_level():
    # Two candidates each hold the other's first wish; both companies are
    # indifferent between them: the cycle swaps them.
    prefs = np.array([[1, 0], [0, 1]])
    scores = np.ones((2, 2))
    plain = kobling.stable_assignment(prefs, scores, [1, 1])
    assert list(plain.rank) == [0, 0]  # by index, both get their first wish already
    prefs = np.array([[1, 0], [0, 1], [0, 1]])
    scores = np.array([[1.0, 1.0], [1.0, 1.0], [2.0, 0.0]])
    # Candidate 2 beats everyone at company 0; the others tie at company 1.
    better = kobling.stable_assignment(prefs, scores, [1, 1], improve=True)
    assert len(kobling.blocking_pairs(prefs, scores, [1, 1], better.company, weak=True)) == 0
    base = kobling.stable_assignment(prefs, scores, [1, 1])
    assert all(better.rank[i] <= base.rank[i] or base.rank[i] < 0 for i in range(3))


TIERED = {
    "kobling": "kickoff/1",
    "name": "tiers",
    "tie_break": "lottery",
    "seed": 11,
    "features": [{"name": "x", "kind": "numeric", "min": 0, "max": 1}],
    "companies": [
        {"id": "k1", "capacity": 2, "weights": {"x": 1},
         "ranking": [["c1", "c2", "c3"], "c4"], "refused": ["c5"]},
        {"id": "k2", "capacity": 3, "weights": {"x": 1}},
    ],
    "candidates": [
        {"id": f"c{i}", "features": {"x": 0.5}, "preferences": ["k1", "k2"]}
        for i in range(1, 6)
    ],
}


def test_tiers_tie_and_the_lottery_decides():
    k = kobling.Kickoff.from_json(TIERED)
    assert (k.tie_break, k.seed) == ("lottery", 11)
    r = k.match()
    frame = r.to_frame()
    at_k1 = sorted(frame.index[frame["company"] == "k1"])
    tier = ["c1", "c2", "c3"]
    expected = sorted(sorted(tier, key=lambda c: number(11, -1, int(c[1:]) - 1))[:2])
    assert at_k1 == expected
    ties = r.ties()
    assert list(ties.columns) == ["company", "candidate", "won", "value", "basis", "lottery",
                                  "order"]
    assert set(ties["basis"]) == {"interview place 1"}
    assert "k1 (interview place 1): won " in r.report()
    assert set(ties["candidate"]) == set(tier)
    assert ties["won"].sum() == 2
    assert all(int(h, 16) == number(11, -1, int(c[1:]) - 1)
               for c, h in zip(ties["candidate"], ties["lottery"]))
    # Another seed can change only who of the tier gets k1.
    for seed in range(12):
        other = k.match(seed=seed).to_frame()
        assert set(other.index[other["company"] == "k1"]) <= set(tier)
        assert other.loc["c5", "company"] == "k2"  # refused at k1 whatever the draw
    # The ranking round-trips through JSON with its shared place.
    again = json.loads(k.to_json())
    assert again["companies"][0]["ranking"] == [["c1", "c2", "c3"], "c4"]
    assert (again["tie_break"], again["seed"]) == ("lottery", 11)


def test_index_rule_and_improve_on_a_kickoff():
    k = kobling.Kickoff.from_json(TIERED)
    r = k.match(tie_break="index")
    assert sorted(r.to_frame().index[r.to_frame()["company"] == "k1"]) == ["c1", "c2"]
    assert r.assignment.tie_break == "index"
    assert "improvement cycles" in k.match(improve=True).policy
    with pytest.raises(kobling.InvalidInputError, match="improve: applies to the stable"):
        k.match("max_placement", improve=True)


def test_csv_ranking_cell_shares_places(tmp_path):
    (tmp_path / "features.csv").write_text("name,kind,min,max\nx,numeric,0,1\n")
    (tmp_path / "companies.csv").write_text(
        "id,capacity,weight.x,ranking\nk1,1,1,c2 = c1; c3\n")
    (tmp_path / "candidates.csv").write_text(
        "id,x,wish_1\nc1,0.5,k1\nc2,0.5,k1\nc3,0.9,k1\n")
    k = kobling.Kickoff.from_csv(tmp_path)
    assert json.loads(k.to_json())["companies"][0]["ranking"] == [["c2", "c1"], "c3"]
    seat = k.match(seed=5).to_frame()
    winner = min(["c1", "c2"], key=lambda c: number(5, -1, int(c[1:]) - 1))
    assert seat.loc[winner, "company"] == "k1"


def test_same_seed_same_bytes_from_python_and_the_cli(tmp_path, kobling_cli):
    path = tmp_path / "k.json"
    path.write_text(json.dumps(TIERED))
    for seed in (0, 7, 2**64 - 1):
        out = tmp_path / f"r{seed}.json"
        subprocess.run([str(kobling_cli), "run", str(path), "--seed", str(seed), "--out",
                        str(out)], check=True, capture_output=True)
        r = kobling.Kickoff.load(path).match(seed=seed)
        assert out.read_text() == r.to_json() + "\n"
        doc = json.loads(out.read_text())
        assert doc["tie_break"]["seed"] == seed
        assert doc["tie_break"]["ties"][0]["company"] == "k1"


def test_dataframe_ranking_with_a_shared_place():
    import pandas as pd

    companies = pd.DataFrame([{"id": "k1", "capacity": 1, "weight.x": 1,
                               "ranking": [["c2", "c1"], "c3"]}])
    candidates = pd.DataFrame([{"id": f"c{i}", "x": 0.5, "wish_1": "k1"} for i in (1, 2, 3)])
    features = [{"name": "x", "kind": "numeric", "min": 0, "max": 1}]
    k = kobling.Kickoff.from_dataframes(candidates, companies, features)
    assert json.loads(k.to_json())["companies"][0]["ranking"] == [["c2", "c1"], "c3"]
    companies.at[0, "ranking"] = [[], "c3"]
    with pytest.raises(kobling.InvalidInputError, match="a shared place .* is empty"):
        kobling.Kickoff.from_dataframes(candidates, companies, features)
    companies.at[0, "ranking"] = ["c=2"]
    with pytest.raises(kobling.InvalidInputError, match="contains '='"):
        kobling.Kickoff.from_dataframes(candidates, companies, features)


def test_company_rankings_decide_in_max_placement_and_rank_maximal():
    doc = {
        "kobling": "kickoff/1",
        "features": [{"name": "x", "kind": "numeric", "min": 0, "max": 1}],
        "companies": [{"id": "k1", "capacity": 1, "weights": {"x": 1}, "ranking": ["c2"]},
                      {"id": "k2", "capacity": 1, "weights": {"x": 1}}],
        "candidates": [{"id": "c1", "features": {"x": 0.9}, "preferences": ["k1"]},
                       {"id": "c2", "features": {"x": 0.1}, "preferences": ["k1", "k2"]}],
    }
    for policy in ("max_placement", "rank_maximal"):
        ranked = kobling.Kickoff.from_json(doc).match(policy).to_frame()
        # Placing both needs c2 at k2; with one seat each both are placed either way,
        # so the company's choice can only show when it costs nothing above it.
        assert ranked["company"].notna().all()
    doc["candidates"][1]["preferences"] = ["k1"]
    for policy in ("max_placement", "rank_maximal"):
        ranked = kobling.Kickoff.from_json(doc).match(policy)
        assert ranked.to_frame().loc["c2", "company"] == "k1", policy  # the company's choice
        assert "company" in ranked.assignment.duals.levels
    del doc["companies"][0]["ranking"]
    for policy in ("max_placement", "rank_maximal"):
        plain = kobling.Kickoff.from_json(doc).match(policy).to_frame()
        assert plain.loc["c1", "company"] == "k1", policy  # by score without a ranking


def test_company_priority_at_the_array_level():
    prefs = np.array([[0], [0]])
    scores = np.array([[0.9], [0.1]])
    priority = np.array([[0], [1]])
    a = kobling.max_placement_assignment(prefs, [1], scores=scores, company_priority=priority)
    assert list(a.company) == [-1, 0]
    assert kobling.check_max_placement_certificate(prefs, [1], a, scores=scores,
                                                   company_priority=priority)["ok"]
    assert not kobling.check_max_placement_certificate(
        prefs, [1], kobling.max_placement_assignment(prefs, [1], scores=scores), scores=scores,
        company_priority=priority)["ok"]
    r = kobling.rank_maximal_assignment(prefs, [1], scores=scores, company_priority=priority)
    assert list(r.company) == [-1, 0]
    assert r.duals.levels == ["rank_0", "company", "score"]
    assert kobling.check_rank_maximal_certificate(prefs, [1], r, scores=scores,
                                                  company_priority=priority)["ok"]
    with pytest.raises(kobling.InvalidInputError, match="kobling.array.bad_priority"):
        kobling.max_placement_assignment(prefs, [1], company_priority=[[0.5], [1]])


def test_optimal_policies_decide_equal_optima_by_the_rule():
    # Six equal candidates want one company's two seats: every pair of them is
    # an optimum, and the rule picks the first two of its order.
    prefs = np.zeros((6, 1), dtype=np.int32)
    for solve in (kobling.max_placement_assignment, kobling.rank_maximal_assignment):
        assert list(solve(prefs, [2]).company) == [0, 0, -1, -1, -1, -1]  # index
        for seed in range(4):
            for rule, company in (("lottery", -1), ("lottery_per_company", 0)):
                a = solve(prefs, [2], tie_break=rule, seed=seed)
                order = sorted(range(6), key=lambda i, s=seed, c=company: number(s, c, i))
                assert sorted(np.flatnonzero(a.company == 0)) == sorted(order[:2])
                assert (a.tie_break, a.seed) == (rule, seed)
                assert a.ties == [{"company": 0, "score": None, "won": order[:2],
                                   "lost": order[2:]}]
    with pytest.raises(kobling.InvalidInputError, match="got 'coin'"):
        kobling.max_placement_assignment(prefs, [2], tie_break="coin")


def test_optimal_policies_same_seed_same_bytes_from_python_and_the_cli(tmp_path, kobling_cli):
    path = tmp_path / "k.json"
    path.write_text(json.dumps(TIERED))
    for policy in ("max_placement", "rank_maximal"):
        for seed in (0, 7):
            out = tmp_path / f"{policy}{seed}.json"
            subprocess.run([str(kobling_cli), "run", str(path), "--policy", policy, "--seed",
                            str(seed), "--out", str(out)], check=True, capture_output=True)
            r = kobling.Kickoff.load(path).match(policy, seed=seed)
            assert out.read_text() == r.to_json() + "\n"
            doc = json.loads(out.read_text())
            assert doc["tie_break"]["rule"] == "lottery"
            assert doc["tie_break"]["seed"] == seed
            # c1-c3 share k1's top tier and its two seats: the draw decides.
            tie = doc["tie_break"]["ties"][0]
            assert (tie["company"], tie["score"]) == ("k1", None)
            assert sorted(tie["won"] + tie["lost"]) == ["c1", "c2", "c3"]


def test_a_lost_tie_under_an_optimal_policy_is_the_reason():
    doc = {
        "kobling": "kickoff/1",
        "seed": 3,
        "features": [{"name": "x", "kind": "numeric", "min": 0, "max": 1}],
        "companies": [{"id": "k1", "capacity": 1, "weights": {"x": 1}}],
        "candidates": [{"id": f"c{i}", "features": {"x": 0.5}, "preferences": ["k1"]}
                       for i in (1, 2, 3)],
    }
    k = kobling.Kickoff.from_json(doc)
    order = sorted(["c1", "c2", "c3"], key=lambda c: number(3, -1, int(c[1:]) - 1))
    for policy in ("max_placement", "rank_maximal"):
        r = k.match(policy)
        assert r.to_frame().loc[order[0], "company"] == "k1"
        reasons = r.reasons().set_index("candidate")
        assert sorted(reasons.index) == sorted(order[1:])
        assert set(reasons["code"]) == {"tied_objective"}
        assert all(others == [order[0]] for others in reasons["others"])
        assert reasons.loc[order[1], "text"] == (
            f"an equally good assignment under {policy} had the candidate at k1; the "
            f"tie-break (lottery, seed 3) chose {order[0]}")
        assert "trekningen (loddtrekning, frø 3)" in r.reasons(lang="nb")["text"].iloc[0]
        report = r.report()
        assert "k1 (equally good assignments): won " + order[0] in report
        ties = r.ties()
        assert list(ties["basis"]) == ["equally good assignments"] * 3
        assert ties["value"].isna().all()
        assert list(ties.sort_values("order")["candidate"]) == order
