"""The JSON Schema in data/schema/ describes what the loader accepts."""

from __future__ import annotations

import json

import pytest

from conftest import DATA, TEST_DATA, apply_patch, require

jsonschema = require("jsonschema")
SCHEMA = json.loads((DATA / "schema" / "kickoff.schema.json").read_text())


def test_schema_is_valid():
    jsonschema.Draft202012Validator.check_schema(SCHEMA)


def test_bundled_and_base_documents_validate():
    for path in (DATA / "kickoff_trondelag.json", DATA / "selection_oslo.json",
                 TEST_DATA / "kickoff_base.json"):
        jsonschema.validate(json.loads(path.read_text()), SCHEMA)


# Structural errors the schema can express on its own (the rest needs the
# declared features or ids, which only the loader knows).
SCHEMA_DETECTS = {
    "duplicate candidate id": False, "negative capacity": True, "non-integer capacity": True,
    "capacity as string": True, "id of the wrong type": True, "missing id": True,
    "missing capacity": True, "missing candidates": True, "candidates not an array": True,
    "top level not an object": True, "unknown field (typo)": True, "negative weight": True,
    "bad feature kind": True, "max_preferences zero": True, "empty id": True,
    "wrong format tag": True, "preferences not a list": True,
    "preference of the wrong type": True, "unknown top-level field": True,
    "company listed twice": True, "a line break in a candidate id": True,
    "an escape sequence in a company name": True, "a carriage return in the kick-off name": True,
    "a feature name starting with an underscore": True,
    "unknown tie-breaking rule": True, "negative lottery seed": True,
    "an empty shared place in a ranking": True,
}


def test_schema_rejects_structural_errors(base_doc):
    cases = json.loads((TEST_DATA / "bad_inputs.json").read_text())
    checked = 0
    for case in cases:
        if not SCHEMA_DETECTS.get(case["name"], False):
            continue
        doc = apply_patch(base_doc, case["patch"])
        with pytest.raises(jsonschema.ValidationError):
            jsonschema.validate(doc, SCHEMA)
        checked += 1
    assert checked >= 15


def test_bundled_kickoff_is_reproduced_byte_for_byte(tmp_path):
    """data/README.md promises the generator reproduces the bundled file."""
    import subprocess
    import sys

    out = tmp_path / "kickoff.json"
    subprocess.run([sys.executable, str(DATA / "generate_kickoff.py"), "--seed", "2024",
                    "--out", str(out)], check=True)
    assert out.read_bytes() == (DATA / "kickoff_trondelag.json").read_bytes()


def test_selection_example_is_reproduced_byte_for_byte(tmp_path):
    import subprocess
    import sys

    out = tmp_path / "selection.json"
    subprocess.run([sys.executable, str(DATA / "generate_selection.py"), "--seed", "2026",
                    "--out", str(out)], check=True)
    assert out.read_bytes() == (DATA / "selection_oslo.json").read_bytes()
