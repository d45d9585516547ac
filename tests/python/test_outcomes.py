"""Intakes through the native module: the shared table of bad intakes
(tests/data/bad_intakes.json, also run by tests/cpp/outcomes_test.cpp), the
intake/1 round trip and the labels."""

from __future__ import annotations

import json

import pytest

import kobling
from conftest import DATA, TEST_DATA, apply_patch, require

BASE = json.loads((TEST_DATA / "intake_base.json").read_text())
BAD = json.loads((TEST_DATA / "bad_intakes.json").read_text())


def labels(intake: kobling.Intake, **rule) -> list[str]:
    return intake.labels(**rule)["label"].tolist()


@pytest.mark.parametrize("case", BAD, ids=[c["name"] for c in BAD])
def test_every_bad_intake_has_its_pinned_message(case, tmp_path):
    doc = apply_patch(BASE, case["patch"])
    with pytest.raises((ValueError, IndexError)) as info:
        kobling.Intake.from_json(json.dumps(doc))
    assert str(info.value) == case["message"]
    assert isinstance(info.value, kobling.KoblingError)
    # From a file, the path goes in front of the JSON path.
    path = tmp_path / "intake.json"
    path.write_text(json.dumps(doc))
    with pytest.raises((ValueError, IndexError)) as info:
        kobling.Intake.load(path)
    close = case["message"].index("] ") + 2
    assert str(info.value) == case["message"][:close] + f"{path}: " + case["message"][close:]


def test_error_types():
    doc = apply_patch(BASE, [{"op": "replace", "path": "/outcomes/0/candidate", "value": "c999"}])
    with pytest.raises(kobling.IndexOutOfRangeError):
        kobling.Intake.from_json(json.dumps(doc))
    doc = apply_patch(BASE, [{"op": "replace", "path": "/outcomes/0/events/0/status",
                              "value": "begun"}])
    with pytest.raises(kobling.ParseError):
        kobling.Intake.from_json(json.dumps(doc))


def test_round_trip_and_labels():
    intake = kobling.Intake.load(TEST_DATA / "intake_base.json")
    assert intake.id == "test-2025-spring"
    once = json.loads(intake.to_json())
    assert once["outcomes"] == BASE["outcomes"]
    assert once["placements"] == BASE["placements"]
    assert json.loads(kobling.Intake.from_json(intake.to_json()).to_json()) == once
    # c003 c007 c012 c018 c024 c031 c036 c040 (outcomes_test.cpp explains each)
    assert labels(intake) == ["good", "good", "good", "bad", "excluded", "bad", "censored",
                               "excluded"]
    assert labels(intake, declined_is_bad=True)[4] == "bad"
    assert labels(intake, horizon_days=60)[1:3] == ["bad", "censored"]
    with pytest.raises(kobling.InvalidInputError, match=r"^\[kobling\.fit\.bad_option\] "):
        intake.labels(horizon_days=-1)


def test_schema_accepts_the_base_and_what_kobling_writes():
    jsonschema = require("jsonschema")
    referencing = require("referencing")
    schemas = [json.loads((DATA / "schema" / name).read_text())
               for name in ("kickoff.schema.json", "intake.schema.json")]
    registry = referencing.Registry().with_resources(
        (s["$id"], referencing.Resource.from_contents(s)) for s in schemas)
    jsonschema.Draft202012Validator.check_schema(schemas[1])
    validator = jsonschema.Draft202012Validator(schemas[1], registry=registry)
    validator.validate(BASE)
    validator.validate(json.loads(kobling.Intake.from_json(json.dumps(BASE)).to_json()))
    # What the schema can say on its own: a dropout needs a reason, nothing else has one.
    for patch in ([{"op": "remove", "path": "/outcomes/0/events/1/reason"}],
                  [{"op": "add", "path": "/outcomes/5/events/0/reason", "value": "housing"}],
                  [{"op": "replace", "path": "/outcomes/0/events/0/status", "value": "begun"}],
                  [{"op": "replace", "path": "/kickoff/companies/0/capacity", "value": "2"}]):
        with pytest.raises(jsonschema.ValidationError):
            validator.validate(apply_patch(BASE, patch))
