"""Shared fixtures and reference solvers for the Python tests."""

from __future__ import annotations

import json
import warnings
from pathlib import Path

import numpy as np
import pytest

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "data"
TEST_DATA = ROOT / "tests" / "data"


@pytest.fixture(scope="session")
def bundled_path() -> Path:
    return DATA / "kickoff_trondelag.json"


@pytest.fixture(scope="session")
def kobling_cli() -> Path:
    """The command-line program scripts/test builds (or $KOBLING_CLI)."""
    import os

    path = Path(os.environ.get("KOBLING_CLI", ROOT / "build" / "kobling"))
    if not path.is_file():
        pytest.fail(f"no kobling program at {path}: build it (scripts/test does) or set "
                    "KOBLING_CLI")
    return path


@pytest.fixture(scope="session")
def base_doc() -> dict:
    return json.loads((TEST_DATA / "kickoff_base.json").read_text())


def apply_patch(doc, patch):
    """Minimal RFC 6902 (replace/add/remove, "-" appends), enough for tests/data/bad_inputs.json."""
    import copy

    doc = copy.deepcopy(doc)
    for op in patch:
        if op["path"] == "":
            doc = op["value"]
            continue
        parts = [p.replace("~1", "/").replace("~0", "~") for p in op["path"].split("/")[1:]]
        target = doc
        for p in parts[:-1]:
            target = target[int(p)] if isinstance(target, list) else target[p]
        last = parts[-1]
        if isinstance(target, list):
            key = len(target) if last == "-" else int(last)
            if op["op"] == "remove":
                del target[key]
            elif op["op"] == "add":
                target.insert(key, op["value"])
            else:
                target[key] = op["value"]
        elif op["op"] == "remove":
            del target[last]
        else:
            target[last] = op["value"]
    return doc


def random_market(rng: np.random.Generator, n: int, m: int, k: int, *, max_cap: int = 3,
                  refuse: float = 0.15, ties: bool = False):
    """Random wish lists (some short or empty), capacities 0..max_cap, company
    scores (integers when ties=True) with refusals as -inf."""
    prefs = np.full((n, k), -1, dtype=np.int64)
    for i in range(n):
        length = rng.integers(0, min(k, m) + 1)
        prefs[i, :length] = rng.permutation(m)[:length]
    caps = rng.integers(0, max_cap + 1, size=m)
    scores = rng.integers(0, 4, size=(n, m)).astype(float) if ties else rng.random((n, m))
    scores[rng.random((n, m)) < refuse] = -np.inf
    return prefs, scores, caps


def matching_hr(prefs, scores, caps, optimal: str) -> np.ndarray:
    """The `matching` package's HospitalResident solver on the same instance
    (company preference: higher score, then lower index). Returns company_of."""
    from matching.games import HospitalResident

    n, k = prefs.shape
    m = len(caps)
    resident = {}
    applicants = {j: [] for j in range(m)}
    for i in range(n):
        lst = [int(j) for j in prefs[i] if j >= 0 and np.isfinite(scores[i, j]) and caps[j] > 0]
        if lst:
            resident[f"r{i}"] = [f"h{j}" for j in lst]
            for j in lst:
                applicants[j].append(i)
    hospital = {}
    for j, rs in applicants.items():
        if rs:
            rs.sort(key=lambda i: (-scores[i, j], i))
            hospital[f"h{j}"] = [f"r{i}" for i in rs]
    # Drop hospitals nobody applies to from the residents' lists (none: lists
    # were built from applicants) and solve.
    company_of = np.full(n, -1)
    if not resident:
        return company_of
    game = HospitalResident.create_from_dictionaries(
        resident, hospital, {h: int(caps[int(h[1:])]) for h in hospital})
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        solution = game.solve(optimal=optimal)
    for h, rs in solution.items():
        for r in rs:
            company_of[int(r.name[1:])] = int(h.name[1:])
    return company_of


def require(module: str):
    """Imports a test dependency that scripts/bootstrap installs. A missing one
    fails the run (never a silent skip: a skipped test proves nothing)."""
    import importlib

    try:
        return importlib.import_module(module)
    except ImportError as error:
        pytest.fail(f"{module} is missing (scripts/bootstrap installs it): {error}", pytrace=False)


def split_top_level(text: str) -> list[str]:
    """Split at commas outside brackets: ``a: dict[str, int], b`` -> 2 parts."""
    parts, depth, current = [], 0, ""
    for ch in text:
        if ch in "([{":
            depth += 1
        elif ch in ")]}":
            depth -= 1
        if ch == "," and depth == 0:
            parts.append(current.strip())
            current = ""
        else:
            current += ch
    if current.strip():
        parts.append(current.strip())
    return parts
