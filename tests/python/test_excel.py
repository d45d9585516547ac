"""Excel workbooks (Kickoff.from_excel, through pandas and openpyxl) and code
columns that arrive as numbers (from_dataframes warns)."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import kobling
from kobling._frames import frame_to_csv

openpyxl = pytest.importorskip("openpyxl")

DATA = Path(__file__).resolve().parents[2] / "data"


def write_workbook(path, sheets):
    """sheets: name -> CSV text; cells that read as numbers become numbers,
    as someone typing them into Excel gets (codes stay text: they are quoted
    by nothing, so codes with a leading zero are kept as text explicitly)."""
    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, text in sheets.items():
        sheet = book.create_sheet(name)
        for row in csv.reader(io.StringIO(text)):
            sheet.append([_typed(v) for v in row])
    book.save(path)


def _typed(text):
    if text == "":
        return None
    if text in ("true", "false"):
        return text == "true"
    if text.startswith("0") and len(text) > 1 and text.isdigit():
        return text  # a code: text, as a careful user formats it
    try:
        return int(text)
    except ValueError:
        pass
    try:
        return float(text)
    except ValueError:
        return text


def test_the_bundled_kickoff_as_a_workbook(tmp_path):
    import test_scoring

    doc = json.loads((DATA / "kickoff_trondelag.json").read_text())
    cands, comps, feats = test_scoring.frames_from_doc(doc)
    path = tmp_path / "kickoff.xlsx"
    write_workbook(path, {"Features": frame_to_csv(feats, "features"),
                          "Companies": frame_to_csv(comps, "companies"),
                          "Candidates": frame_to_csv(cands, "candidates")})
    from_json = kobling.Kickoff.from_json(doc)
    from_excel = kobling.Kickoff.from_excel(path, name="excel")
    assert from_excel.candidate_ids == from_json.candidate_ids
    assert np.array_equal(from_excel.scores().to_numpy(), from_json.scores().to_numpy())
    for policy in ("stable", "rank_maximal"):
        assert (from_excel.match(policy).to_frame()["company"].equals(
            from_json.match(policy).to_frame()["company"]))


def test_codes_typed_as_text_keep_their_leading_zeros_and_empty_rows_are_skipped(tmp_path):
    path = tmp_path / "k.xlsx"
    write_workbook(path, {
        "features": "name,kind,min,max\nmunicipality,categorical,,\nmotivation,numeric,0,5\n",
        "companies": "id,capacity,weight.municipality,target.municipality\nk1,1,1,03\n",
        "candidates": "id,municipality,wish_1\nc1,0301,k1\n,,\nc2,5001,k1\n"})
    k = kobling.Kickoff.from_excel(path)
    doc = json.loads(k.to_json())
    assert [c["features"]["municipality"] for c in doc["candidates"]] == [["0301"], ["5001"]]
    assert k.scores().loc["c1", "k1"] == 1.0  # "0301" starts with the target "03"
    assert k.scores().loc["c2", "k1"] == 0.0


def test_text_cells_stay_text(tmp_path):
    # "NA" and "None" are codes and names here, not missing values; a line
    # break inside a cell (Alt+Enter) does not shift later rows' numbers.
    path = tmp_path / "k.xlsx"
    book = openpyxl.Workbook()
    book.remove(book.active)
    book.create_sheet("features").append(["name", "kind"])
    book["features"].append(["country", "categorical"])
    book.create_sheet("companies").append(["id", "capacity", "weight.country", "target.country"])
    book["companies"].append(["k1", 1, 1, "NA"])
    sheet = book.create_sheet("candidates")
    sheet.append(["id", "name", "country", "wish_1"])
    sheet.append(["c1", "None", "NA", "k1"])
    sheet.append(["c2", "Kari\nNordmann", "null", "k1"])
    book.save(path)
    k = kobling.Kickoff.from_excel(path)
    doc = json.loads(k.to_json())
    assert [c["features"]["country"] for c in doc["candidates"]] == [["NA"], ["null"]]
    assert [c["name"] for c in doc["candidates"]] == ["None", "Kari Nordmann"]
    assert k.scores().loc["c1", "k1"] == 1.0
    sheet.append(["c3", "x", "NO", "k9"])
    book.save(path)
    with pytest.raises(kobling.IndexOutOfRangeError, match=r"sheet candidates:4:4 "):
        kobling.Kickoff.from_excel(path)


def test_workbook_errors_name_the_sheet_row_and_column(tmp_path, monkeypatch):
    path = tmp_path / "k.xlsx"
    write_workbook(path, {"companies": "id,capacity\nk1,1\n",
                          "candidates": "id,motivation\nc1,2\n,\nc2,seven\n",
                          "features": "name,kind,min,max\nmotivation,numeric,0,5\n"})
    with pytest.raises(kobling.ParseError) as info:
        kobling.Kickoff.from_excel(path)
    assert str(info.value) == (
        '[kobling.csv.cell] k.xlsx sheet candidates:4:2 (column "motivation"): "seven" is not a '
        "number")
    write_workbook(path, {"Firms": "id,capacity\nk1,1\n", "candidates": "id\nc1\n"})
    monkeypatch.chdir(tmp_path)
    with pytest.raises(kobling.ParseError) as info:
        kobling.Kickoff.from_excel("k.xlsx")
    assert str(info.value) == (
        '[kobling.excel.sheet] k.xlsx: no sheet named "companies"; the workbook has "Firms", '
        '"candidates" (companies and candidates are required, features and bounds optional)')
    assert info.value.id == "kobling.excel.sheet"
    not_a_book = tmp_path / "k.csv.xlsx"
    not_a_book.write_text("id,capacity\nk1,1\n")
    with pytest.raises(kobling.ParseError, match=r"^\[kobling\.io\.read\] .*not an Excel workbook"):
        kobling.Kickoff.from_excel(not_a_book)
    with pytest.raises(kobling.ParseError, match="cannot open the file for reading"):
        kobling.Kickoff.from_excel(tmp_path / "missing.xlsx")


def test_numeric_code_columns_in_dataframes_are_warned_about(tmp_path):
    (tmp_path / "candidates.csv").write_text("id,municipality,wish_1\nc1,0301,k1\n")
    cands = pd.read_csv(tmp_path / "candidates.csv")  # 0301 becomes the integer 301
    comps = pd.DataFrame([{"id": "k1", "capacity": 1, "weight.municipality": 1,
                           "target.municipality": 3}])
    feats = [{"name": "municipality", "kind": "categorical"}]
    with pytest.warns(kobling.KoblingWarning) as caught:
        kobling.Kickoff.from_dataframes(cands, comps, feats)
    assert [str(w.message) for w in caught] == [
        '[kobling.warn.numeric_codes] candidates DataFrame column "municipality": holds numbers '
        "(int64), not text: a code such as 0301 has lost its leading zero already; read the file "
        "with the codes as text (pandas.read_csv(..., dtype={'municipality': str}))",
        '[kobling.warn.numeric_codes] companies DataFrame column "target.municipality": holds '
        "numbers (int64), not text: a code such as 0301 has lost its leading zero already; read "
        "the file with the codes as text (pandas.read_csv(..., dtype={'target.municipality': "
        "str}))"]
    import warnings

    with warnings.catch_warnings():  # strict, as the CLI's --strict: an error
        warnings.simplefilter("error", kobling.KoblingWarning)
        with pytest.raises(kobling.KoblingWarning, match=r"^\[kobling\.warn\.numeric_codes\]"):
            kobling.Kickoff.from_dataframes(cands, comps, feats)
    as_text = pd.read_csv(tmp_path / "candidates.csv", dtype={"municipality": str})
    comps["target.municipality"] = "03"
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        k = kobling.Kickoff.from_dataframes(as_text, comps, feats)
    assert k.scores().loc["c1", "k1"] == 1.0
