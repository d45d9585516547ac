"""Scores, explanations, recommendations, top-k, and DataFrame/CSV input."""

from __future__ import annotations

import json

import numpy as np
import pytest

import kobling
from conftest import DATA, require

pd = require("pandas")


@pytest.fixture(scope="module")
def doc():
    return json.loads((DATA / "kickoff_trondelag.json").read_text())


@pytest.fixture(scope="module")
def kickoff(doc):
    return kobling.Kickoff.from_json(doc)


def frames_from_doc(doc):
    """The JSON kick-off as the three DataFrames of the CSV layout."""
    kinds = {f["name"]: f["kind"] for f in doc["features"]}
    cands = []
    for c in doc["candidates"]:
        row = {"id": c["id"]}
        row.update(c.get("features", {}))
        for r, w in enumerate(c.get("preferences", [])):
            row[f"wish_{r + 1}"] = w
        cands.append(row)
    comps = []
    for c in doc["companies"]:
        row = {k: c[k] for k in ("id", "name", "sector", "capacity") if k in c}
        for f, w in c.get("weights", {}).items():
            row[f"weight.{f}"] = w
        for f, t in c.get("targets", {}).items():
            if isinstance(t, dict):
                for part, v in t.items():
                    row[f"target.{f}.{part}"] = v
            else:
                row[f"target.{f}"] = t
        for f, r in c.get("requirements", {}).items():
            if isinstance(r, dict):
                for part, v in r.items():
                    row[f"require.{f}.{part}"] = v
            else:
                row[f"require.{f}"] = r
        for key in ("ranking", "refused"):
            if key in c:
                row[key] = c[key]
        comps.append(row)
    feats = pd.DataFrame(doc["features"])
    assert set(kinds) == set(feats["name"])
    return pd.DataFrame(cands), pd.DataFrame(comps), feats


def test_explain_contributions_sum_to_the_score_for_every_pair(kickoff):
    scores = kickoff.scores()
    for cand in kickoff.candidate_ids:
        for comp in kickoff.company_ids:
            e = kickoff.explain(cand, comp)
            assert e["contribution"].sum() == pytest.approx(scores.loc[cand, comp], abs=1e-12)
            assert e.attrs["score"] == pytest.approx(scores.loc[cand, comp], abs=1e-12)
            eligible = e.attrs["eligibility"] == "eligible"
            assert (not e.attrs["reasons"]) == (eligible and not e.attrs["refused"])


def test_explain_reasons(kickoff):
    e = kickoff.explain("c001", "k01")
    assert e.attrs["eligibility"] == "ineligible"
    assert e.attrs["reasons"] == [{"code": "below_minimum", "feature": "age",
                                   "text": "age 16 is below the required 18"}]
    assert list(e.columns) == ["label", "weight", "phi", "contribution", "state"]


def test_recommend(kickoff):
    rec = kickoff.recommend("c001", 3)
    assert len(rec) == 3 and not rec.attrs["empty_profile"]
    assert rec["score"].is_monotonic_decreasing
    elig = kickoff.eligibility().loc["c001"]
    assert (elig[rec.index] == "eligible").all()
    best = kickoff.scores().loc["c001"][elig == "eligible"].max()
    assert rec["score"].iloc[0] == best
    with pytest.raises(kobling.InvalidInputError, match="must be an integer >= 0"):
        kickoff.recommend("c001", -1)
    # A company without seats is never recommended.
    doc = json.loads(kickoff.to_json())
    best_id = rec.index[0]
    next(c for c in doc["companies"] if c["id"] == best_id)["capacity"] = 0
    assert best_id not in kobling.Kickoff.from_json(doc).recommend("c001", 3).index


def test_empty_profile_is_flagged_not_ranked():
    k = kobling.Kickoff.from_json({
        "features": [{"name": "m", "kind": "numeric", "min": 0, "max": 5}],
        "companies": [{"id": "a", "capacity": 1, "weights": {"m": 1}}],
        "candidates": [{"id": "x"}, {"id": "y", "features": {"m": 0}}]})
    rec = k.recommend("x")
    assert rec.empty and rec.attrs["empty_profile"]
    assert k.scores().loc["x"].tolist() == [0.0]
    assert len(k.recommend("y")) == 1


def test_shortlist(kickoff):
    s = kickoff.shortlist("k09")
    assert len(s) == 14
    ok = s["status"] == "eligible"
    assert ok.iloc[: ok.sum()].all()  # acceptable first
    assert s["interview_rank"].iloc[0] == 1


def test_kickoff_top_k_matches_dense(kickoff):
    top = kickoff.top_k(4, block_rows=7, threads=2)
    scores = kickoff.scores()
    ok = kickoff._core.acceptable_pairs()
    for i, cand in enumerate(kickoff.candidate_ids):
        row = scores.loc[cand].to_numpy()
        allowed = np.flatnonzero(ok[i])
        order = allowed[np.lexsort((allowed, -row[allowed]))][:4]
        got = top[top["candidate"] == cand]
        assert got["company"].tolist() == [kickoff.company_ids[j] for j in order]
        assert got["score"].tolist() == row[order].tolist()


def test_top_k_scores_array_level():
    rng = np.random.default_rng(0)
    x = rng.integers(0, 3, size=(500, 6)).astype(float)  # ties
    w = rng.integers(0, 3, size=(40, 6)).astype(float)
    company, score = kobling.top_k_scores(x, w, 5, block_rows=64, threads=2)
    dense = x @ w.T
    order = np.lexsort((np.tile(np.arange(40), (500, 1)), -dense), axis=1)[:, :5]
    assert np.array_equal(company, order)
    assert np.array_equal(score, np.take_along_axis(dense, order, axis=1))
    same, _ = kobling.top_k_scores(x, w, 5, block_rows=1000, threads=1)
    assert np.array_equal(same, company)
    with pytest.raises(kobling.InvalidInputError,
                       match="has 5 features per company but features has 6"):
        kobling.top_k_scores(x, w[:, :5], 3)


def test_dataframes_give_the_same_kickoff(doc, kickoff):
    cands, comps, feats = frames_from_doc(doc)
    k2 = kobling.Kickoff.from_dataframes(cands, comps, feats, name=doc["name"])
    assert k2.candidate_ids == kickoff.candidate_ids
    assert np.array_equal(k2.preferences, kickoff.preferences)
    assert np.array_equal(k2.scores().to_numpy(), kickoff.scores().to_numpy())
    assert (k2.eligibility() == kickoff.eligibility()).all().all()
    for policy in ("stable", "max_placement", "rank_maximal"):
        a = k2.match(policy).assignment.company
        b = kickoff.match(policy).assignment.company
        assert np.array_equal(a, b)


def test_dataframe_places_come_from_the_cpp_reader():
    """The C++ CSV reader names DataFrame rows by position (data_rows=True),
    also after a cell with a line break, and the header by name."""
    feats = [{"name": "motivation", "kind": "numeric", "min": 0, "max": 5}]
    comps = pd.DataFrame([{"id": "k1", "name": "Sveis\nog bygg", "capacity": 1},
                          {"id": "k2", "name": "Bygg", "capacity": "two"}])
    cands = pd.DataFrame([{"id": "a", "motivation": 1}])
    with pytest.raises(kobling.ParseError) as info:
        kobling.Kickoff.from_dataframes(cands, comps, feats)
    assert str(info.value) == (
        '[kobling.csv.cell] companies DataFrame, row 1 (column "capacity"): "two" is not a number')
    assert info.value.place == 'companies DataFrame, row 1 (column "capacity")'
    typo = pd.DataFrame([{"id": "a", "motivaton": 1}])
    with pytest.raises(kobling.IndexOutOfRangeError) as info:
        kobling.Kickoff.from_dataframes(typo, comps.iloc[:1], feats)
    assert str(info.value) == (
        '[kobling.model.unknown_feature] candidates DataFrame, header (column "motivaton"): '
        'unknown feature "motivaton"; declared features: motivation')
    assert info.value.id == "kobling.model.unknown_feature"


def test_csv_files_give_the_same_kickoff(doc, kickoff, tmp_path):
    cands, comps, feats = frames_from_doc(doc)
    from kobling._frames import frame_to_csv

    for name, frame in (("candidates", cands), ("companies", comps), ("features", feats)):
        (tmp_path / f"{name}.csv").write_text(frame_to_csv(frame, name))
    k2 = kobling.Kickoff.from_csv(tmp_path)
    assert np.array_equal(k2.scores().to_numpy(), kickoff.scores().to_numpy())


def test_dataframe_and_csv_errors_name_row_and_column(tmp_path):
    feats = [{"name": "motivation", "kind": "numeric", "min": 0, "max": 5}]
    comps = pd.DataFrame([{"id": "k1", "capacity": 1}])
    bad = pd.DataFrame([{"id": "a", "motivation": 1}, {"id": "b", "motivation": 7}])
    with pytest.raises(kobling.InvalidInputError) as info:
        kobling.Kickoff.from_dataframes(bad, comps, feats)
    assert str(info.value) == (
        '[kobling.model.bad_value] candidates DataFrame, row 1 (column "motivation"): value 7 '
        'is outside the declared range [0, 5] of feature "motivation"')
    (tmp_path / "companies.csv").write_text("id,capacity\nk1,two\n")
    (tmp_path / "candidates.csv").write_text("id\na\n")
    with pytest.raises(kobling.ParseError) as info:
        kobling.Kickoff.from_csv(tmp_path)
    assert str(info.value) == (
        f'[kobling.csv.cell] {tmp_path / "companies.csv"}:2:2 (column "capacity"): "two" is not '
        'a number')
    with pytest.raises(kobling.ParseError, match="cannot open the file for reading"):
        kobling.Kickoff.from_csv(tmp_path / "missing")
    with pytest.raises(TypeError, match="must be a pandas DataFrame"):
        kobling.Kickoff.from_dataframes([{"id": "a"}], comps)
    skills = [{"name": "skills", "kind": "skills"}]
    odd = pd.DataFrame([{"id": "a", "skills": ["mig;tig"]}])
    with pytest.raises(kobling.InvalidInputError) as info:
        kobling.Kickoff.from_dataframes(odd, comps, skills)
    assert str(info.value) == (
        '[kobling.dataframe.list_item] candidates DataFrame, row 0 (column "skills"): list item '
        "'mig;tig' contains ';', which separates list items in the CSV layout")
    with pytest.raises(kobling.InvalidInputError, match="'none' alone reads as absent"):
        kobling.Kickoff.from_dataframes(pd.DataFrame([{"id": "a", "skills": ["none"]}]), comps,
                                        skills)
