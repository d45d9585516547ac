"""Warnings for the silent choices a kick-off would make: each one triggered
from one change to a clean kick-off, issued by match/compare/plan_interviews
as kobling.KoblingWarning, listed by Kickoff.warnings(), and an error under
simplefilter("error") as under the CLI's --strict."""

from __future__ import annotations

import copy
import json
import subprocess
import warnings

import pytest

import kobling

BASE = {
    "features": [{"name": "motivation", "kind": "numeric", "min": 0, "max": 5},
                 {"name": "norwegian", "kind": "ordinal", "levels": ["A1", "A2", "B1", "B2"]}],
    "companies": [
        {"id": "k1", "capacity": 1, "weights": {"motivation": 1},
         "requirements": {"norwegian": {"min": "B1"}}},
        {"id": "k2", "capacity": 1, "weights": {"motivation": 1}},
        {"id": "k3", "capacity": 1, "weights": {"motivation": 1}}],
    "candidates": [
        {"id": "c1", "features": {"motivation": 3, "norwegian": "B2"},
         "preferences": ["k1", "k2", "k3"]},
        {"id": "c2", "features": {"motivation": 4, "norwegian": "A1"},
         "preferences": ["k2", "k1"]},
        {"id": "c3", "features": {"motivation": 2, "norwegian": "B2"}, "preferences": ["k1"]}],
}


def _zero_weights(d):
    d["companies"][1]["weights"] = {"motivation": 0}


def _no_seats(d):
    d["companies"][2]["capacity"] = 0


def _not_applicant(d):
    d["companies"][1]["ranking"] = ["c3"]


def _unplaceable(d):
    d["companies"][0]["ranking"] = ["c2"]


def _unused(d):
    d["features"].append({"name": "english", "kind": "numeric", "min": 0, "max": 5})
    d["candidates"][0]["features"]["english"] = 3


def _no_eligible_wish(d):
    d["candidates"][2]["features"]["norwegian"] = "A2"


CASES = [
    (_zero_weights, "kobling.warn.zero_weights", 'company "k2"',
     "every weight is 0, so every candidate scores 0 here: its interview ranking, then the tie "
     "rule, decide who gets its 1 seat(s)"),
    (_no_seats, "kobling.warn.no_seats", 'company "k3"',
     "has 0 seats, yet 1 candidate(s) list it; none can be placed there"),
    (_not_applicant, "kobling.warn.ranking_not_applicant", 'company "k2" ranking',
     'candidate "c3" did not list the company; the ranking place has no effect'),
    (_unplaceable, "kobling.warn.ranking_unplaceable", 'company "k1" ranking',
     'candidate "c2" fails a requirement, so cannot be placed there; the ranking place has no '
     "effect"),
    (_unused, "kobling.warn.unused_feature", 'feature "english"',
     "no company weighs, targets or requires it and no bound uses it; its recorded values never "
     "count"),
    (_no_eligible_wish, "kobling.warn.no_eligible_wish", 'candidate "c3"',
     "none of the 1 wish(es) can be a placement (a requirement fails, a review is needed, the "
     "company refused or has no seats); see the reasons"),
]


def test_a_clean_kickoff_has_no_warnings():
    k = kobling.Kickoff.from_json(BASE)
    assert k.warnings().empty
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        k.match()
        k.compare()


@pytest.mark.parametrize(("change", "wid", "place", "text"), CASES,
                         ids=[c[1].rsplit(".", 1)[1] for c in CASES])
def test_each_warning(change, wid, place, text, tmp_path, kobling_cli):
    doc = copy.deepcopy(BASE)
    change(doc)
    k = kobling.Kickoff.from_json(doc)
    assert k.warnings().to_dict("records") == [{"id": wid, "place": place, "text": text}]
    for call in (k.match, lambda: k.match("rank_maximal"), k.compare, k.plan_interviews):
        with pytest.warns(kobling.KoblingWarning) as caught:
            call()
        assert [str(w.message) for w in caught] == [f"[{wid}] {place}: {text}"]
        w = caught[0].message
        assert (w.id, w.place, w.text) == (wid, place, text)
        assert isinstance(w, UserWarning)
    with warnings.catch_warnings():  # strict, as the CLI's --strict
        warnings.simplefilter("error", kobling.KoblingWarning)
        with pytest.raises(kobling.KoblingWarning, match=wid.replace(".", r"\.")):
            k.match()
    # The CLI: one line on stderr; --strict: exit 2, no report.
    path = tmp_path / "k.json"
    path.write_text(json.dumps(doc))
    run = subprocess.run([str(kobling_cli), "run", str(path)], capture_output=True, text=True)
    assert run.returncode == 0
    assert run.stderr == f"kobling: warning: [{wid}] {place}: {text}\n"
    strict = subprocess.run([str(kobling_cli), "run", str(path), "--strict"],
                            capture_output=True, text=True)
    assert strict.returncode == 2
    assert strict.stderr == f"kobling: error: [{wid}] {place}: {text}\n"
    assert strict.stdout == ""


def test_many_of_one_kind_are_counted():
    doc = copy.deepcopy(BASE)
    doc["companies"][0]["capacity"] = 0
    doc["candidates"] = [{"id": f"x{i}", "features": {"motivation": 1}, "preferences": ["k1"]}
                         for i in range(13)]
    k = kobling.Kickoff.from_json(doc)
    assert len(k.warnings()) == 14  # 13 candidates and the company without seats
    with pytest.warns(kobling.KoblingWarning) as caught:
        k.match()
    texts = [str(w.message) for w in caught]
    assert len(texts) == 12
    assert "[kobling.warn.no_eligible_wish] and 3 more like it" in texts  # as the CLI says
