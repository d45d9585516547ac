"""The files handed out after a match: the placements table (--out X.csv,
KickoffResult.placements_csv), the folder of rosters and letters (--folder,
save_folder) and the Excel workbook (to_excel); candidate names shown, never
scored; wishes counted from 1 everywhere."""

from __future__ import annotations

import copy
import csv
import io
import json
import subprocess

import pytest

import kobling

DOC = {
    "name": "Vår oppstart",
    "features": [{"name": "motivation", "kind": "numeric", "min": 0, "max": 5},
                 {"name": "norwegian", "kind": "ordinal", "levels": ["A1", "A2", "B1", "B2"]}],
    "companies": [
        {"id": "k1", "name": "Bjørk, Bygg & Co", "capacity": 1, "weights": {"motivation": 1},
         "requirements": {"norwegian": {"min": "B1"}}},
        {"id": "k2", "name": "Fjord AS", "capacity": 1, "weights": {"motivation": 1}},
        {"id": "k3", "name": "Tomt AS", "capacity": 2, "weights": {"motivation": 1}}],
    "candidates": [
        {"id": "c1", "name": "Kari Nordmann", "features": {"motivation": 5, "norwegian": "B2"},
         "preferences": ["k1", "k2"]},
        {"id": "c2", "name": "Ola \"Junior\" Hansen", "features": {"motivation": 4,
                                                                  "norwegian": "B2"},
         "preferences": ["k1", "k2"]},
        {"id": "c3", "features": {"motivation": 3, "norwegian": "A1"},
         "preferences": ["k1", "k2"]}],
}


@pytest.fixture(scope="module")
def result():
    return kobling.Kickoff.from_json(DOC).match("rank_maximal")


def test_names_are_shown_never_scored(result):
    unnamed = copy.deepcopy(DOC)
    for c in unnamed["candidates"]:
        c.pop("name", None)
    plain = kobling.Kickoff.from_json(unnamed)
    assert plain.scores().equals(result.kickoff.scores())
    frame = result.to_frame()
    assert list(frame["name"]) == ["Kari Nordmann", 'Ola "Junior" Hansen', ""]
    doc = json.loads(result.to_json())
    assert doc["kobling"] == "result/2"
    assert doc["candidates"][0] == {"id": "c1", "name": "Kari Nordmann", "company": "k1",
                                    "wish": 1}
    assert doc["candidates"][2] == {"id": "c3", "company": None, "wish": None}
    assert json.loads(result.kickoff.to_json())["candidates"][0]["name"] == "Kari Nordmann"


def test_placements_table(result, tmp_path):
    text = result.placements_csv()
    rows = list(csv.DictReader(io.StringIO(text)))
    assert rows[0] == {"candidate": "c1", "name": "Kari Nordmann", "company": "k1",
                       "company_name": "Bjørk, Bygg & Co", "wish": "1", "score": "1.0000"}
    assert rows[1]["name"] == 'Ola "Junior" Hansen' and rows[1]["wish"] == "2"
    assert rows[2] == {"candidate": "c3", "name": "", "company": "", "company_name": "",
                       "wish": "", "score": ""}
    result.save(tmp_path / "placements.csv")
    assert (tmp_path / "placements.csv").read_text() == text
    result.save(tmp_path / "result.json")
    assert json.loads((tmp_path / "result.json").read_text())["kobling"] == "result/2"


def test_folder_of_rosters_and_letters(result, tmp_path, kobling_cli):
    written = result.save_folder(tmp_path / "out", lang="nb")
    assert written == ["result.json", "placements.csv", "companies/k1.txt", "companies/k2.txt",
                       "companies/k3.txt", "candidates/c1.txt", "candidates/c2.txt",
                       "candidates/c3.txt"]
    out = tmp_path / "out"
    assert (out / "companies/k1.txt").read_text() == (
        "Vår oppstart: deltakerliste\n\nBjørk, Bygg & Co (k1)\nPlasser 1, fylt 1\n\n"
        "  Kari Nordmann (c1) - 1. ønske\n")
    assert (out / "candidates/c1.txt").read_text() == (
        "Vår oppstart: ditt resultat\n\nKari Nordmann (c1)\n\n"
        "Du har fått plass hos Bjørk, Bygg & Co (k1), ditt 1. ønske.\n")
    letter = (out / "candidates/c3.txt").read_text()
    assert letter.startswith(
        "Vår oppstart: ditt resultat\n\nc3\n\nDu har ikke fått plass i denne runden.\n"
        "Hvorfor, ønske for ønske:\n  1. ønske: oppfyller ikke kravene hos k1: ")
    assert "2. ønske: plassene hos k2 gikk til andre kandidater" in letter
    assert "Tomt AS (k3)" in letter  # the second round: free seats that would take c3
    for other in ("c1", "c2", "Kari", "Ola"):  # a letter names nobody else
        assert other not in letter
    roster = (out / "companies/k3.txt").read_text()
    assert roster.startswith("Vår oppstart: deltakerliste\n\nTomt AS (k3)\nPlasser 2, fylt 0\n")
    assert "Ledige plasser: " in roster
    # The CLI writes the same files.
    path = tmp_path / "k.json"
    path.write_text(json.dumps(DOC))
    cli_out = tmp_path / "cli"
    run = subprocess.run([str(kobling_cli), "run", str(path), "--policy", "rank_maximal",
                          "--lang", "nb", "--folder", str(cli_out), "--out",
                          str(tmp_path / "p.csv")], capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    for name in written[1:]:
        assert (cli_out / name).read_text() == (out / name).read_text(), name
    assert (tmp_path / "p.csv").read_text() == result.placements_csv()
    # Never over an input: the kick-off file is refused before anything is written.
    again = subprocess.run([str(kobling_cli), "run", str(path), "--out", str(path)],
                           capture_output=True, text=True)
    assert again.returncode == 2 and "[kobling.io.output_is_input]" in again.stderr


def test_ids_are_made_safe_file_names(tmp_path):
    doc = copy.deepcopy(DOC)
    doc["candidates"][0]["id"] = "../c 1"
    doc["candidates"][1]["id"] = "../c_1"
    doc["candidates"][2]["id"] = ".."
    written = kobling.Kickoff.from_json(doc).match().save_folder(tmp_path)
    assert written[-3:] == ["candidates/.._c_1.txt", "candidates/.._c_1-2.txt",
                            "candidates/_...txt"]
    assert sorted(p.name for p in (tmp_path / "candidates").iterdir()) == sorted(
        name.split("/")[1] for name in written[-3:])
    assert not (tmp_path.parent / "c 1.txt").exists()


def test_excel_workbook(result, tmp_path):
    pd = pytest.importorskip("pandas")
    pytest.importorskip("openpyxl")
    result.to_excel(tmp_path / "r.xlsx")
    book = pd.read_excel(tmp_path / "r.xlsx", sheet_name=None)
    assert list(book) == ["placements", "companies", "reasons", "invitations"]
    assert list(book["placements"]["candidate"]) == ["c1", "c2", "c3"]
    assert list(book["placements"]["wish"].fillna(0)) == [1, 2, 0]
    assert book["placements"]["name"][0] == "Kari Nordmann"


def test_a_result_of_format_1_is_still_read_as_a_previous_round(result, tmp_path):
    doc = json.loads(result.to_json())
    doc["kobling"] = "result/1"
    for c in doc["candidates"]:
        wish = c.pop("wish")
        c["rank"] = None if wish is None else wish - 1
    path = tmp_path / "old.json"
    path.write_text(json.dumps(doc))
    again = result.kickoff.next_round(path, pin_all=True, policy="rank_maximal")
    assert list(again.to_frame()["company"].fillna("")) == list(
        result.to_frame()["company"].fillna(""))


def test_json_on_standard_output_with_a_folder_and_ids_differing_in_case(tmp_path, kobling_cli):
    doc = copy.deepcopy(DOC)
    doc["candidates"][1]["id"] = "C1"  # beside "c1": one file on macOS or Windows
    path = tmp_path / "k.json"
    path.write_text(json.dumps(doc))
    run = subprocess.run([str(kobling_cli), "run", str(path), "--out", "-", "--folder",
                          str(tmp_path / "out")], capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    assert json.loads(run.stdout)["kobling"] == "result/2"  # the JSON alone
    assert sorted(p.name for p in (tmp_path / "out" / "candidates").iterdir()) == [
        "C1-2.txt", "c1.txt", "c3.txt"]
