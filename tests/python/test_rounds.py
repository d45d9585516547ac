"""Rounds: pinned placements, withdrawals, no_worse and a second round, at the
array level, on a kick-off and from the CLI (the same bytes)."""

from __future__ import annotations

import json
import subprocess

import numpy as np
import pytest

import kobling


def test_array_level_round():
    mk = kobling.synthetic_market(400, seed=3)
    prefs, scores, caps = mk["preferences"], mk["scores"], mk["capacities"]
    first = kobling.stable_assignment(prefs, scores, caps)
    rng = np.random.default_rng(0)
    withdrawn = rng.random(400) < 0.1
    fixed = np.where((rng.random(400) < 0.3) & ~withdrawn, first.company, -1)
    a = kobling.stable_assignment(prefs, scores, caps, fixed=fixed, withdrawn=withdrawn,
                                  previous=first.company)
    assert (a.company[fixed >= 0] == fixed[fixed >= 0]).all()
    assert (a.company[withdrawn] == -1).all()
    stay = ~withdrawn & (first.company >= 0)
    assert (a.rank[stay] <= first.rank[stay]).all() and (a.rank[stay] >= 0).all()
    assert a.changes["lost_seat"] == []
    assert set(a.changes["newly_placed"]) == set(
        np.flatnonzero(~withdrawn & (first.company < 0) & (a.company >= 0)))
    with pytest.raises(TypeError, match="withdrawn: expected a 1-D array of bool"):
        kobling.stable_assignment(prefs, scores, caps, withdrawn=np.zeros(400, dtype=int))
    with pytest.raises(kobling.InvalidInputError, match="kobling.array.pinned_over_capacity"):
        over = np.full(400, -1)
        listing = np.flatnonzero((prefs == 0).any(axis=1))
        over[listing[: caps[0] + 1]] = 0
        kobling.stable_assignment(prefs, scores, caps, fixed=over)


@pytest.fixture()
def second_round(bundled_path, tmp_path):
    k1 = kobling.Kickoff.load(bundled_path)
    r1 = k1.match()
    doc = json.loads(k1.to_json())
    invited = dict(zip(r1.invitations()["candidate"], r1.invitations()["companies"]))
    for c in doc["candidates"]:
        if c["id"] in invited:
            c["preferences"] = invited[c["id"]]
    path = tmp_path / "k2.json"
    path.write_text(json.dumps(doc))
    return k1, r1, kobling.Kickoff.load(path), path


def test_second_round_fills_empty_seats(second_round):
    k1, r1, k2, _ = second_round
    empty_before = set(r1.empty_seats().index)
    r2 = k2.next_round(r1, withdrawn=["c021", "c023"], pin_all=True)
    f1, f2 = r1.to_frame(), r2.to_frame()
    # Pinned: everyone placed who did not withdraw keeps their company.
    for c in f1.index[f1["company"].notna()]:
        if c not in ("c021", "c023"):
            assert f2.loc[c, "company"] == f1.loc[c, "company"]
    assert f2.loc[["c021", "c023"], "company"].isna().all()
    filled = r2.fill()
    assert all(filled.loc[j, "filled"] == filled.loc[j, "capacity"] for j in empty_before)
    changes = r2.changes()
    assert set(changes["change"]) == {"newly_placed"}
    assert r2.placed > r1.placed - 2
    assert "Changes     against the previous round" in r2.report()


def test_round_errors_name_the_ids(second_round):
    _, r1, k2, _ = second_round
    with pytest.raises(kobling.IndexOutOfRangeError, match="c999"):
        k2.next_round(r1, withdrawn=["c999"])
    assert r1.to_frame()["company"].isna()["c001"]  # unplaced in round one
    with pytest.raises(kobling.InvalidInputError) as e:
        k2.next_round(r1, pinned=["c001"])
    assert str(e.value) == ('[kobling.round.pinned_unplaced] pinned candidate "c001": had no '
                            "company in the previous round; only a placement can be pinned")
    placed = r1.to_frame().index[r1.to_frame()["company"].notna()][0]
    with pytest.raises(kobling.InvalidInputError, match="kobling.array.pinned_withdrawn"):
        k2.next_round(r1, pinned=[placed], withdrawn=[placed])
    with pytest.raises(kobling.InvalidInputError, match="kobling.policy.bad_option"):
        k2._core.match("max_placement", "candidates", None, 1.0, "lottery", None, True,
                       [-1] * 95, [], [], False)  # improvement cycles are the stable policy's
    bad = json.loads(r1.to_json())
    bad["candidates"][0]["company"] = "k99"
    with pytest.raises(kobling.IndexOutOfRangeError) as e:
        k2._core.previous_from_result(json.dumps(bad))
    assert str(e.value) == ('[kobling.round.unknown_company] $.candidates[0].company: company '
                            '"k99" of the previous result is not in the kick-off')


def test_cli_round_is_the_same_bytes(second_round, kobling_cli, tmp_path, bundled_path):
    _, r1, k2, path = second_round
    first = tmp_path / "r1.json"
    r1.save(first)
    out = tmp_path / "r2.json"
    subprocess.run([str(kobling_cli), "round", str(path), "--previous", str(first),
                    "--withdrawn", "c021,c023", "--pin-all", "--out", str(out)], check=True,
                   capture_output=True)
    r2 = k2.next_round(first, withdrawn=["c021", "c023"], pin_all=True)
    assert out.read_text() == r2.to_json() + "\n"
    done = subprocess.run([str(kobling_cli), "round", str(path), "--previous", str(first),
                           "--pinned", "nobody"], capture_output=True, text=True)
    assert done.returncode == 2
    assert done.stderr == ('kobling: error: [kobling.round.unknown_candidate] --pinned: unknown '
                           'candidate id "nobody"\n')


def test_bad_round_inputs_write_nothing(second_round, kobling_cli, tmp_path):
    k1, r1, _, path = second_round
    first = tmp_path / "r1.json"
    r1.save(first)
    placed = r1.to_frame()
    holder = placed.index[placed["company"] == "k07"][0]
    # The company now refuses someone pinned there.
    doc = json.loads(path.read_text())
    k07 = next(c for c in doc["companies"] if c["id"] == "k07")
    k07["refused"] = [holder]
    k07.pop("ranking", None)
    refusing = tmp_path / "k3.json"
    refusing.write_text(json.dumps(doc))
    out = tmp_path / "never.json"
    cases = [
        (["--pinned", holder], refusing,
         f'kobling: error: [kobling.array.pinned_not_acceptable] pinned candidate "{holder}": '
         'company "k07" does not accept the candidate (score -inf); a pinned pair must be a '
         "listed, acceptable pair\n"),
        (["--pinned", "c001"], path,
         'kobling: error: [kobling.round.pinned_unplaced] pinned candidate "c001": had no company '
         "in the previous round; only a placement can be pinned\n"),
        (["--withdrawn", "c404"], path,
         'kobling: error: [kobling.round.unknown_candidate] --withdrawn: unknown candidate id '
         '"c404"\n'),
    ]
    for extra, kickoff_file, message in cases:
        done = subprocess.run([str(kobling_cli), "round", str(kickoff_file), "--previous",
                               str(first), "--out", str(out), *extra],
                              capture_output=True, text=True)
        errors = "".join(line for line in done.stderr.splitlines(keepends=True)
                         if not line.startswith("kobling: warning: "))
        assert (done.returncode, errors) == (2, message)
        assert not out.exists()
    # Pins over capacity: the seats of k07 cut to one, two pinned there.
    k07["refused"] = []
    k07["capacity"] = 1
    refusing.write_text(json.dumps(doc))
    holders = list(placed.index[placed["company"] == "k07"][:2])
    done = subprocess.run([str(kobling_cli), "round", str(refusing), "--previous", str(first),
                           "--out", str(out), "--pinned", ",".join(holders)],
                          capture_output=True, text=True)
    assert done.returncode == 2 and "kobling.array.pinned_over_capacity" in done.stderr
    assert f'pinned candidate "{holders[1]}": company "k07" has 1 seat(s)' in done.stderr
    assert not out.exists()


@pytest.mark.parametrize("policy", ["max_placement", "rank_maximal"])
def test_flow_policy_rounds(second_round, policy, kobling_cli, tmp_path):
    # The same kick-off again (second-round wishes from the stable round's
    # invitations would drop some of this policy's placements from the lists).
    k1 = second_round[0]
    path = tmp_path / "k.json"
    path.write_text(k1.to_json())
    k2 = kobling.Kickoff.load(path)
    r1 = k1.match(policy)
    placed = r1.to_frame()
    holders = list(placed.index[placed["company"].notna()])
    r2 = k2.next_round(r1, policy=policy, withdrawn=holders[:2], pinned=holders[2:6],
                       no_worse=True)
    f2 = r2.to_frame()
    assert f2.loc[holders[:2], "company"].isna().all()
    assert (f2.loc[holders[2:6], "company"] == placed.loc[holders[2:6], "company"]).all()
    wish1, wish2 = placed["wish"], f2["wish"]
    stay = holders[2:]
    assert (wish2[stay] <= wish1[stay]).all()  # no_worse: nobody placed ends worse off
    assert r2.changes().query("change == 'lost_seat'").empty
    levels = r2.assignment.duals.levels
    assert levels[0] == "kept" and "stays" in levels
    # Byte-identical from the CLI.
    first = tmp_path / "r1.json"
    r1.save(first)
    out = tmp_path / "r2.json"
    subprocess.run([str(kobling_cli), "round", str(path), "--policy", policy, "--previous",
                    str(first), "--withdrawn", ",".join(holders[:2]), "--pinned",
                    ",".join(holders[2:6]), "--no-worse", "--out", str(out)], check=True,
                   capture_output=True)
    assert out.read_text() == r2.to_json() + "\n"


def test_flow_round_at_the_array_level():
    mk = kobling.synthetic_market(300, seed=9)
    prefs, scores, caps = mk["preferences"], mk["scores"], mk["capacities"]
    first = kobling.max_placement_assignment(prefs, caps, scores=scores)
    withdrawn = np.zeros(300, dtype=bool)
    withdrawn[np.flatnonzero(first.company >= 0)[:5]] = True
    fixed = np.where((np.arange(300) % 4 == 0) & ~withdrawn, first.company, -1)
    for solve, check in ((kobling.max_placement_assignment,
                          kobling.check_max_placement_certificate),
                         (kobling.rank_maximal_assignment,
                          kobling.check_rank_maximal_certificate)):
        a = solve(prefs, caps, scores=scores, fixed=fixed, withdrawn=withdrawn,
                  previous=first.company, no_worse=True)
        assert (a.company[fixed >= 0] == fixed[fixed >= 0]).all()
        assert (a.company[withdrawn] == -1).all()
        report = check(prefs, caps, a, scores=scores, fixed=fixed, withdrawn=withdrawn,
                       previous=first.company, no_worse=True)
        assert report["ok"], report["violations"][:3]
        # Against the plain certificate check, the round's duals do not certify.
        assert not check(prefs, caps, a, scores=scores)["ok"]


def test_optimal_assignment_round():
    rng = np.random.default_rng(4)
    u = rng.random((60, 8))
    caps = np.full(8, 5, dtype=np.int32)
    first = kobling.optimal_assignment(u, caps)
    caps2 = caps.copy()
    caps2[0] -= 2  # two seats less at company 0: its incumbents cannot all stay...
    with pytest.raises(kobling.InvalidInputError, match="kobling.array.previous_over_capacity"):
        kobling.optimal_assignment(u, caps2, previous=first.company, no_worse=True)
    withdrawn = np.zeros(60, dtype=bool)  # ...unless two of them withdraw
    withdrawn[np.flatnonzero(first.company == 0)[:2]] = True
    withdrawn[np.flatnonzero(first.company == 3)[:2]] = True
    a = kobling.optimal_assignment(u, caps2, withdrawn=withdrawn, previous=first.company,
                                   no_worse=True)
    keep = ~withdrawn & (first.company >= 0)
    rows = np.arange(60)
    got = np.where(a.company >= 0, u[rows, np.maximum(a.company, 0)], -1.0)
    assert (got[keep] >= u[rows[keep], first.company[keep]] - 1e-12).all()
    assert a.duals.levels == ["kept", "placed", "stays", "utility"]
    assert kobling.check_optimal_certificate(u, caps2, a, withdrawn=withdrawn,
                                             previous=first.company, no_worse=True)["ok"]
    assert (a.rank == -1).all() and len(a.rank_counts) == 0


def test_unknown_id_in_the_round_file_writes_nothing(second_round, kobling_cli, tmp_path):
    _, r1, _, path = second_round
    doc = json.loads(r1.to_json())
    doc["candidates"][3]["id"] = "c999"
    first = tmp_path / "r1.json"
    first.write_text(json.dumps(doc))
    out = tmp_path / "never.json"
    done = subprocess.run([str(kobling_cli), "round", str(path), "--previous", str(first),
                           "--out", str(out)], capture_output=True, text=True)
    assert done.returncode == 2
    assert done.stderr == (
        f"kobling: error: [kobling.round.unknown_candidate] {first}: $.candidates[3].id: "
        'candidate "c999" of the previous result is not in the kick-off; keep them in the '
        "file and list them as withdrawn\n")
    assert not out.exists()
