#!/usr/bin/env python3
"""Generate data/intakes_trondelag/: three past intakes of the bundled
Trøndelag kick-off (2024-autumn, 2025-spring, 2025-autumn) whose outcomes
follow known weights, for trying the weight fit (``kobling fit``,
``kobling.fit_weights``).

Each intake copies the criteria of data/kickoff_trondelag.json, draws 95 new
candidates from its candidates' values, matches them by the hand weights
(stable policy) and draws each placement's outcome from
P(good) = σ(intercept + δ_t + strength · Σ_f w*_f φ_f) with the true weights
below (kobling.synthetic_intakes, src/kickoff/synthetic_intakes.cpp). The
C++ generator names its intakes synthetic-1..3 and dates them from 2024-01-15
every 182 days; this script renames each and moves it to its term, shifting
its date, follow-up and every event by the same number of days. Reproduce it
with the kobling package built from this tree::

    python3 data/generate_intakes.py --seed 2025 --out data/intakes_trondelag

The draws are SplitMix64 streams, so the files are the same for a seed on a
given platform (exp may differ by an ulp between C libraries).

No personal data: candidates are resampled pseudonyms ("t1-c7"), outcomes and
dropout reasons are random draws.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
from pathlib import Path

SEED = 2025
# Documented interest and motivation matter most, then a driving licence
# (getting to a workplace outside the city) and resilience when things get
# hard; the rest, hand-weighted by the companies, do not drive outcomes.
TRUE_WEIGHTS = {"interest": 3.0, "motivation": 3.0, "driving_licence": 2.0, "resilience": 1.0}
INTERCEPT = -1.5
STRENGTH = 4.0
INTAKE_SHIFT = 0.3  # standard deviation of a term's own luck (logit scale)
CENSORED = 0.05     # placements still running at the follow-up
TERMS = [("2024-autumn", "2024-09-02", "autumn 2024"),
         ("2025-spring", "2025-02-03", "spring 2025"),
         ("2025-autumn", "2025-09-01", "autumn 2025")]
TEMPLATE = Path(__file__).with_name("kickoff_trondelag.json")


def shift(date: str, days: int) -> str:
    return (dt.date.fromisoformat(date) + dt.timedelta(days=days)).isoformat()


def generate(seed: int) -> dict[str, dict]:
    """The intake/1 documents by file stem."""
    import kobling

    template = kobling.Kickoff.load(TEMPLATE)
    intakes = kobling.synthetic_intakes(template, intakes=len(TERMS), true_weights=TRUE_WEIGHTS,
                                        intercept=INTERCEPT, strength=STRENGTH,
                                        intake_shift=INTAKE_SHIFT, censored=CENSORED, seed=seed)
    out = {}
    for intake, (stem, date, term) in zip(intakes, TERMS):
        doc = json.loads(intake.to_json())
        days = (dt.date.fromisoformat(date) - dt.date.fromisoformat(doc["date"])).days
        doc["id"] = f"trondelag-{stem}"
        doc["date"] = date
        doc["follow_up"] = shift(doc["follow_up"], days)
        doc["kickoff"]["name"] = f"Kick-off Trøndelag, {term} (synthetic)"
        for record in doc["outcomes"]:
            for event in record["events"]:
                event["date"] = shift(event["date"], days)
        out[stem] = {"_": f"Synthetic: data/generate_intakes.py --seed {seed} (see "
                          "data/README.md)", **doc}
    return out


def write(folder: Path, seed: int = SEED, quiet: bool = False) -> None:
    import kobling

    folder.mkdir(parents=True, exist_ok=True)
    docs = generate(seed)
    for stem, doc in docs.items():
        text = json.dumps(doc, indent=1, ensure_ascii=False) + "\n"
        (folder / f"{stem}.json").write_text(text, encoding="utf-8")
        # What kobling itself reads back (ids, date order, follow-up) must hold.
        intake = kobling.Intake.load(folder / f"{stem}.json")
        if not quiet:
            print(f"{folder / (stem + '.json')}: {intake!r}, follow-up {intake.follow_up}")
    if not quiet:
        weights = ", ".join(f"{k} {v:g}" for k, v in TRUE_WEIGHTS.items())
        print(f"seed {seed}; true weights {weights}; intercept {INTERCEPT:g}, strength "
              f"{STRENGTH:g}, intake shift {INTAKE_SHIFT:g}, censored {CENSORED:g}; "
              f"kobling {kobling.__version__}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--out", type=Path,
                        default=Path(__file__).with_name("intakes_trondelag"))
    args = parser.parse_args()
    write(args.out, args.seed)


if __name__ == "__main__":
    main()
