"""Reasons for unplaced candidates and empty seats, near misses and second-
round invitations, in English and Norwegian, from Python and the CLI."""

from __future__ import annotations

import json
import subprocess

import numpy as np
import pytest

import kobling


@pytest.fixture(scope="module")
def result(bundled_path):
    return kobling.Kickoff.load(bundled_path).match()


def test_every_unplaced_candidate_has_a_reason_per_wish(result):
    k = result.kickoff
    reasons = result.reasons()
    frame = result.to_frame()
    unplaced = set(frame.index[frame["company"].isna()])
    assert set(reasons["candidate"]) == unplaced
    wishes = {c["id"]: len(c["preferences"]) for c in json.loads(k.to_json())["candidates"]}
    for candidate, rows in reasons.groupby("candidate"):
        assert list(rows["wish"]) == list(range(1, wishes[candidate] + 1))
    assert set(reasons["code"]) <= {"ineligible", "needs_review", "refused", "full_preferred",
                                    "lost_tie", "no_seats"}
    full = reasons[reasons["code"] == "full_preferred"]
    assert all(text.startswith(f"{company} is full with candidates it prefers")
               for company, text in zip(full["company"], full["text"]))
    # The seats' holders are named and do hold seats there.
    placed = frame["company"].to_dict()
    for company, others in zip(full["company"], full["others"]):
        assert others and all(placed[o] == company for o in others)


def test_k15_near_misses_and_empty_seats(result):
    seats = result.empty_seats()
    assert seats.loc["k15", "free"] == 2
    assert seats.loc["k15", "code"] == "all_ineligible"
    misses = result.near_misses()
    applied = misses[(misses["company"] == "k15") & misses["listed"]]
    assert len(applied) == 7
    assert set(applied["feature"]) == {"skills"}
    assert all("food_hygiene" in t for t in applied["text"])
    assert misses.attrs["listed_only"] is False
    invitations = result.invitations()
    assert len(invitations) > 0
    assert all(set(c) <= {"k05", "k15"} for c in invitations["companies"])


def test_summary_report_is_the_cli_summary(result, bundled_path, kobling_cli):
    summary = result.report(summary=True)
    assert "Why unplaced: 66\n  full_preferred: 156\n" in summary
    assert "c001" not in summary and "c001" in result.report()
    cli = subprocess.run([str(kobling_cli), "run", bundled_path, "--summary"], capture_output=True,
                         text=True, check=True)
    assert cli.stdout == summary


def test_norwegian_texts(result):
    nb = result.reasons(lang="nb")
    en = result.reasons()
    assert list(nb["code"]) == list(en["code"])
    assert (nb["text"] != en["text"]).all()
    assert any("er full med kandidater bedriften foretrekker" in t for t in nb["text"])
    report = result.report(lang="nb")
    assert "Hvorfor uten plass" in report and "Plassert" in report
    with pytest.raises(kobling.InvalidInputError) as e:
        result.report(lang="no")
    assert str(e.value) == ("[kobling.report.bad_lang] lang: must be 'en' (English) or 'nb' "
                            "(Norwegian Bokmål), got 'no'")


def test_every_reason_code_has_english_and_norwegian():
    for entry in kobling._core.KickoffCore.reason_catalogue():
        assert entry["en"] and entry["nb"] and entry["en"] != entry["nb"], entry


def test_objective_reasons_for_max_placement(bundled_path):
    r = kobling.Kickoff.load(bundled_path).match("max_placement")
    reasons = r.reasons()
    assert "objective" in set(reasons["code"])
    assert "full_preferred" not in set(reasons["code"])
    assert any("max_placement" in t for t in reasons["text"])


def test_cli_report_and_json_carry_the_reasons(bundled_path, kobling_cli, tmp_path):
    out = tmp_path / "r.json"
    done = subprocess.run([str(kobling_cli), "run", str(bundled_path), "--lang", "nb", "--out",
                           str(out)], check=True, capture_output=True, text=True)
    assert "Nesten kvalifisert" in done.stdout
    doc = json.loads(out.read_text())
    assert doc["lang"] == "nb"
    assert {"unplaced", "empty_seats", "near_misses", "invitations"} <= set(doc)
    python = kobling.Kickoff.load(bundled_path).match().to_json(lang="nb")
    assert out.read_text() == python + "\n"


def test_invitations_at_scale_search_the_companies_with_the_most_free_seats():
    # 3,000 candidates all wish for k0 (2 seats): 2,998 unplaced x 999 open
    # companies is above the 2,000,000-pair search limit, so invitations come
    # from the 500,000 / 2,998 = 166 companies with the most free seats (all
    # have 2; ties by company order: k1..k166), best fit first.
    rng = np.random.default_rng(5)
    m, n = 1000, 3000
    doc = {
        "features": [{"name": f"f{q}", "kind": "numeric", "min": 0, "max": 1} for q in range(3)],
        "companies": [{"id": f"k{j}", "capacity": 2,
                       "weights": {f"f{q}": float(rng.uniform(0.1, 1.0)) for q in range(3)}}
                      for j in range(m)],
        "candidates": [{"id": f"c{i}", "features": {f"f{q}": float(rng.random()) for q in range(3)},
                        "preferences": ["k0"]} for i in range(n)],
    }
    k = kobling.Kickoff.from_json(json.dumps(doc))
    result = k.match("max_placement")
    invitations = result.invitations()
    assert invitations.attrs["limited"] is True
    assert result.near_misses().attrs["listed_only"] is True
    assert len(invitations) == n - 2
    searched = [f"k{j}" for j in range(1, 167)]
    scores = k.scores()
    for candidate, companies in zip(invitations["candidate"][:200], invitations["companies"][:200]):
        best = scores.loc[candidate, searched].sort_values(ascending=False, kind="stable")
        assert companies == list(best.index[:5])
    assert "(searched among the 166 companies with the most free seats)" in result.report()
