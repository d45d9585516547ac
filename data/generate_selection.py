#!/usr/bin/env python3
"""Generate data/selection_oslo.json: choosing 30 of 60 applicants for one
programme, in the spirit of the Oslo IT pilot (see data/README.md): a varied
age distribution, "not too heavy on the youngest side", is asked for with
cohort bounds, and documented interest weighs most.

One seeded stream of ``random.Random.random`` draws reproduces the file byte
for byte::

    python3 data/generate_selection.py --seed 2026 --out data/selection_oslo.json

No personal data: ids are pseudonyms ("a01"), values are random draws.
"""

from __future__ import annotations

import argparse
import json
import random
from pathlib import Path


def generate(seed: int) -> dict:
    rng = random.Random(seed)
    applicants = []
    for a in range(1, 61):
        age = 18 + int(rng.random() ** 1.8 * 17)  # more applicants on the young side
        applicants.append({
            "id": f"a{a:02d}",
            "features": {
                "age": age,
                "interest": round(1 + 4 * rng.random(), 1),  # documented interest in IT
                "motivation": round(1 + 4 * rng.random(), 1),
                "norwegian": rng.choice(["B1", "B2", "C1", "C2"]) if rng.random() < 0.95 else None,
            },
            "preferences": ["oslo-it"],
        })
    for c in applicants:
        c["features"] = {k: v for k, v in c["features"].items() if v is not None}
    return {
        "kobling": "kickoff/1",
        "name": "Programme selection, Oslo IT pilot (synthetic)",
        "max_preferences": 1,
        "features": [
            {"name": "age", "kind": "numeric", "min": 16, "max": 40},
            {"name": "interest", "kind": "numeric", "min": 1, "max": 5,
             "label": "documented interest"},
            {"name": "motivation", "kind": "numeric", "min": 1, "max": 5},
            {"name": "norwegian", "kind": "ordinal",
             "levels": ["A1", "A2", "B1", "B2", "C1", "C2"]},
        ],
        "companies": [{
            "id": "oslo-it", "name": "IT pilot", "sector": "it", "capacity": 30,
            "weights": {"interest": 3, "motivation": 2, "norwegian": 1},
            "requirements": {"norwegian": {"min": "B1"}},
        }],
        "candidates": applicants,
        "bounds": [
            {"name": "aged 25 or more: at least 15", "candidates": {"feature": "age", "min": 25},
             "lower": 15},
            {"name": "under 21: at most 8", "candidates": {"feature": "age", "max": 20},
             "upper": 8, "penalty": 1},
        ],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--out", type=Path, default=Path(__file__).with_name("selection_oslo.json"))
    args = parser.parse_args()
    args.out.write_text(json.dumps(generate(args.seed), indent=1, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
