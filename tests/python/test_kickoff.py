"""The kick-off object on the bundled data: loading, scoring, matching with
every policy, comparing, explaining and exporting."""

from __future__ import annotations

import json

import numpy as np
import pytest

import kobling
from conftest import require

pd = require("pandas")


@pytest.fixture(scope="module")
def kickoff(bundled_path):
    return kobling.Kickoff.load(bundled_path)


def test_load(kickoff):
    assert len(kickoff.candidate_ids) == 95
    assert len(kickoff.company_ids) == 15
    assert kickoff.preferences.shape == (95, 3)
    assert 25 <= int(kickoff.capacities.sum()) <= 40
    assert "Trøndelag" in kickoff.name
    assert "candidates=95" in repr(kickoff)
    assert "<table>" in kickoff._repr_html_()


def test_round_trip(kickoff):
    again = kobling.Kickoff.from_json(kickoff.to_json())
    assert again.candidate_ids == kickoff.candidate_ids
    assert np.array_equal(again.preferences, kickoff.preferences)
    assert np.allclose(again.scores().to_numpy(), kickoff.scores().to_numpy())


@pytest.mark.parametrize("policy", ["stable", "max_placement", "rank_maximal"])
def test_match_every_policy(kickoff, policy):
    result = kickoff.match(policy)
    a = result.assignment
    assert a.placed == result.placed > 0
    prefs = kickoff.preferences
    caps = kickoff.capacities
    allowed = kickoff._core.acceptable_pairs()
    rep = kobling.check_feasibility(prefs, caps, a.company, allowed=allowed)
    assert rep["ok"], rep["violations"]
    frame = result.to_frame()
    assert len(frame) == 95 and frame["company"].notna().sum() == a.placed
    fill = result.fill()
    assert (fill["filled"] <= fill["capacity"]).all()
    assert "Placed" in result.report()
    out = json.loads(result.to_json())
    assert out["summary"]["placed"] == a.placed
    assert result.policy.split(" ")[0] == policy
    assert result.policy in result._repr_html_()


def test_stable_has_no_blocking_pairs_wrt_company_preferences(kickoff):
    result = kickoff.match("stable")
    pref = kickoff._core.company_preference()
    assert kobling.blocking_pairs(kickoff.preferences, pref, kickoff.capacities,
                                  result.assignment.company).shape == (0, 2)
    company = kickoff.match("stable", proposer="companies").assignment
    assert company.placed == result.placed


def test_compare(kickoff):
    table = kickoff.compare()
    assert list(table.index) == ["stable", "max_placement", "rank_maximal"]
    assert {"placed", "1st wish", "2nd wish", "3rd wish", "mean_score",
            "blocking_pairs"} <= set(table.columns)
    assert table.loc["stable", "blocking_pairs"] == 0
    assert table.loc["max_placement", "placed"] >= table.loc["stable", "placed"]
    assert table.loc["rank_maximal", "1st wish"] >= table.loc["stable", "1st wish"]
    # The candidates whose company differs, recomputed from the results.
    results = kickoff.compare_results()
    companies = np.stack([results[p].assignment.company for p in table.index])
    expected = np.flatnonzero((companies != companies[0]).any(axis=0))
    assert len(expected) > 0
    assert table.attrs["differing"] == [kickoff.candidate_ids[i] for i in expected]
    for p in table.index:
        assert table.loc[p, "placed"] == results[p].assignment.placed
    text = kickoff.compare_text()
    assert "blocking pairs" in text
    assert f"{len(expected)} candidate" in text


def test_explain_dict(kickoff):
    e = kickoff.explain_dict("c001", "k08")
    total = sum(part["contribution"] for part in e["contributions"])
    assert total == pytest.approx(e["score"], abs=1e-12)
    assert e["candidate"] == "c001" and e["company"] == "k08"


def test_explain_errors(kickoff):
    with pytest.raises(kobling.IndexOutOfRangeError, match=r"no candidate has this id"):
        kickoff.explain("nobody", "k01")
    with pytest.raises(IndexError, match=r"company index is not in \[0, 15\)"):
        kickoff.explain(0, 99)
    # The policy name is checked by C++ parse_policy, as for the CLI.
    with pytest.raises(kobling.InvalidInputError) as info:
        kickoff.match("fair")
    assert str(info.value) == ('[kobling.policy.unknown] policy: unknown policy "fair"; '
                               "choose stable, max_placement or rank_maximal")


def test_ids_and_indices_go_through_the_cpp_maps(kickoff):
    """Ids and indices resolve in C++ (Kickoff::candidate_index / candidate(i));
    the messages are the C++ ones."""
    assert kickoff.explain_dict(np.int64(1), np.int32(2))["candidate"] == kickoff.candidate_ids[1]
    third = kickoff.candidate_ids[3]
    assert kickoff.explain_dict(third, 0)["candidate"] == third
    cases = [
        (lambda: kickoff.explain("nobody", "k01"), kobling.IndexOutOfRangeError,
         '[kobling.model.unknown_candidate] candidate "nobody": no candidate has this id'),
        (lambda: kickoff.shortlist("k99"), kobling.IndexOutOfRangeError,
         '[kobling.model.unknown_company] company "k99": no company has this id'),
        (lambda: kickoff.recommend(95), kobling.IndexOutOfRangeError,
         "[kobling.model.index] candidate 95: candidate index is not in [0, 95)"),
        (lambda: kickoff.explain(-1, 0), kobling.IndexOutOfRangeError,
         "[kobling.model.index] candidate -1: candidate index is not in [0, 95)"),
        (lambda: kickoff.explain(0, 2**40), kobling.IndexOutOfRangeError,
         "[kobling.model.index] company 1099511627776: company index is not in [0, 15)"),
        (lambda: kickoff.explain(True, 0), TypeError,
         "candidate: expected an id (str) or a 0-based index (int), got bool"),
        (lambda: kickoff.shortlist(1.0), TypeError,
         "company: expected an id (str) or a 0-based index (int), got float"),
    ]
    for call, kind, message in cases:
        with pytest.raises(kind) as info:
            call()
        assert str(info.value) == message


def test_ordinals_come_from_cpp():
    words = [kobling._core.ordinal_wish(r) for r in (0, 1, 2, 3, 10, 11, 12, 20, 21, 101, 110)]
    assert words == ["1st", "2nd", "3rd", "4th", "11th", "12th", "13th", "21st", "22nd", "102nd",
                     "111th"]


def test_save(kickoff, tmp_path, capsys):
    path = tmp_path / "result.json"
    kickoff.match().save(path)
    assert json.loads(path.read_text())["kobling"] == "result/2"
    assert path.stat().st_mode & 0o777 == 0o600  # results hold personal data
    path.chmod(0o640)
    kickoff.match("rank_maximal").save(str(path))
    assert path.stat().st_mode & 0o777 == 0o640  # a replaced file keeps its mode
    assert [p.name for p in tmp_path.iterdir()] == ["result.json"]  # no temporary left
    kickoff.match().save("-")
    assert json.loads(capsys.readouterr().out)["kobling"] == "result/2"
    with pytest.raises(kobling.FileError) as info:
        kickoff.match().save(tmp_path / "missing" / "r.json")
    assert isinstance(info.value, OSError)
    assert info.value.id == "kobling.io.write"
    assert info.value.reason.endswith("(No such file or directory)")


def test_save_never_replaces_an_input(tmp_path, bundled_path):
    source = tmp_path / "k.json"
    source.write_bytes(bundled_path.read_bytes())
    link = tmp_path / "link.json"
    link.symlink_to("k.json")
    kickoff = kobling.Kickoff.load(source)
    for target in (source, str(source), tmp_path / "." / "k.json", link):
        with pytest.raises(kobling.InvalidInputError) as info:
            kickoff.match().save(target)
        assert info.value.id == "kobling.io.output_is_input"
    assert source.read_bytes() == bundled_path.read_bytes()
    with pytest.raises(kobling.InvalidInputError) as info:
        kickoff.match().save("/dev/null")
    assert str(info.value) == (
        "[kobling.io.not_a_file] /dev/null: is a character device; the output must be a regular "
        "file or a new path ('-' writes to standard output)")
    # A CSV kick-off: its folder's files, even the absent features.csv.
    folder = tmp_path / "csv"
    folder.mkdir()
    (folder / "companies.csv").write_text("id,capacity\nk1,1\n")
    (folder / "candidates.csv").write_text("id,wish_1\nc1,k1\n")
    csv_kickoff = kobling.Kickoff.from_csv(folder)
    for name in ("companies.csv", "candidates.csv", "features.csv"):
        with pytest.raises(kobling.InvalidInputError, match="output_is_input"):
            csv_kickoff.match().save(folder / name)
    assert not (folder / "features.csv").exists()
    csv_kickoff.match().save(folder / "result.json")
