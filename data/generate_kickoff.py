#!/usr/bin/env python3
"""Generate data/kickoff_trondelag.json: a synthetic kick-off in the spirit of
the Trøndelag model (see data/README.md for what is synthetic and why).

Everything is drawn from one seeded stream that uses only ``random.Random.random``
(whose sequence Python guarantees for a given seed), so the file is reproduced
byte for byte by::

    python3 data/generate_kickoff.py --seed 2024 --out data/kickoff_trondelag.json

No personal data is involved: ids are pseudonyms ("c001"), companies are
fictional, values are random draws shaped by the criteria in the seed documents.
"""

from __future__ import annotations

import argparse
import json
import math
import random
from pathlib import Path

# Trades named in the Trøndelag seed, with STYRK-08 occupation codes.
SECTORS = {
    "welding": ["7212"],  # welders and flame cutters
    "mechanical": ["7233", "7231"],  # industrial / motor vehicle mechanics
    "construction": ["7115", "7112", "7111"],  # carpenters, bricklayers, builders
    "restaurant_food": ["5120", "7512", "9412"],  # cooks, bakers, kitchen helpers
    "process": ["8131", "8141", "8160"],  # chemical, plastics, food process operators
}

# Municipality numbers in Trøndelag (2024), weights ~ population, and the
# approximate coordinates of the administrative centre.
MUNICIPALITIES = [
    ("5001", "Trondheim", 20, (63.4305, 10.3951)),
    ("5035", "Stjørdal", 3, (63.4697, 10.9172)),
    ("5037", "Levanger", 3, (63.7464, 11.2996)),
    ("5038", "Verdal", 2, (63.7930, 11.4817)),
    ("5028", "Melhus", 2, (63.2853, 10.2781)),
    ("5031", "Malvik", 2, (63.4300, 10.6700)),
    ("5006", "Steinkjer", 3, (64.0149, 11.4954)),
    ("5007", "Namsos", 2, (64.4662, 11.4957)),
    ("5059", "Orkland", 2, (63.3000, 9.8500)),
    ("5014", "Frøya", 1, (63.7200, 8.8300)),
    ("5025", "Røros", 1, (62.5747, 11.3845)),
    ("5054", "Indre Fosen", 1, (63.6300, 10.0500)),
]
MUNI_POS = {code: pos for code, _, _, pos in MUNICIPALITIES}

# Certificates and courses that the trades ask for (skill tags).
SKILLS = {
    "welding": (["hot_work"], ["mig_mag", "tig", "hse_card"]),
    "mechanical": ([], ["hydraulics", "hse_card", "forklift"]),
    "construction": (["hse_card"], ["scaffolding", "forklift"]),
    "restaurant_food": (["food_hygiene"], ["allergens"]),
    "process": ([], ["forklift", "hse_card", "food_hygiene"]),
}
ALL_SKILLS = sorted({s for req, des in SKILLS.values() for s in req + des})

COMPANIES = [
    # id, name, sector, capacity, municipality, requirements
    ("k01", "Nidaros Sveis og Montasje AS", "welding", 3, "5001", {"age": {"min": 18}}),
    ("k02", "Fosen Stålbygg AS", "welding", 2, "5054",
     {"age": {"min": 18}, "norwegian": {"min": "A2"}}),
    ("k03", "Verdal Industriservice AS", "welding", 2, "5038", {"age": {"min": 18}}),
    ("k04", "Trøndelag Mekaniske Verksted AS", "mechanical", 3, "5001",
     {"norwegian": {"min": "B1"}}),
    ("k05", "Stjørdal Bil og Maskin AS", "mechanical", 2, "5035", {"driving_licence": True}),
    ("k06", "Innherred Hydraulikk AS", "mechanical", 1, "5037", {}),
    ("k07", "Byggmester Lien AS", "construction", 3, "5001", {"driving_licence": True}),
    ("k08", "Orkla Tre og Bygg AS", "construction", 2, "5059", {}),
    ("k09", "Namdal Murerlag AS", "construction", 2, "5007", {"age": {"min": 18}}),
    ("k10", "Bakklandet Kjøkken AS", "restaurant_food", 2, "5001", {"norwegian": {"min": "B1"}}),
    ("k11", "Røros Mat og Bakeri AS", "restaurant_food", 2, "5025", {}),
    ("k12", "Havbruk Frøya Prosess AS", "process", 2, "5014", {"age": {"min": 18}}),
    ("k13", "Skogn Papir og Fiber AS", "process", 2, "5037",
     {"age": {"min": 18}, "norwegian": {"min": "A2"}}),
    ("k14", "Melhus Næringsmiddel AS", "process", 2, "5028", {"norwegian": {"min": "A2"}}),
    ("k15", "Kantine og Catering Midt AS", "restaurant_food", 2, "5001", {}),
]

CEFR = ["A1", "A2", "B1", "B2", "C1", "C2"]
EDUCATION = ["grunnskole", "vgs_started", "vgs_completed", "trade_certificate", "higher"]

FEATURES = [
    {"name": "interest", "kind": "numeric", "min": 0, "max": 5,
     "label": "documented interest in the trade"},
    {"name": "motivation", "kind": "numeric", "min": 0, "max": 5, "label": "motivation"},
    {"name": "resilience", "kind": "numeric", "min": 0, "max": 5,
     "label": "resilience when things get hard"},
    {"name": "learning", "kind": "numeric", "min": 0, "max": 5, "label": "ability to learn"},
    {"name": "collaboration", "kind": "numeric", "min": 0, "max": 5, "label": "group skills"},
    {"name": "education", "kind": "ordinal", "levels": EDUCATION, "label": "education level"},
    {"name": "norwegian", "kind": "ordinal", "levels": CEFR, "label": "Norwegian (CEFR)"},
    {"name": "english", "kind": "ordinal", "levels": CEFR, "label": "English (CEFR)"},
    {"name": "driving_licence", "kind": "boolean", "label": "driving licence (B)"},
    # Protected: required (18+ at some companies), never weighted; a weight fit
    # reports placement rates by age instead (kobling/guardrails.hpp).
    {"name": "age", "kind": "numeric", "min": 16, "max": 35, "label": "age", "protected": True},
    {"name": "municipality", "kind": "categorical", "label": "home municipality"},
    {"name": "occupation", "kind": "categorical", "label": "occupations of interest (STYRK-08)"},
    {"name": "skills", "kind": "skills", "label": "certificates and courses"},
    {"name": "home", "kind": "location", "label": "home (coordinates)"},
]


class Stream:
    """Seeded draws built only on random.Random.random (stable across Pythons)."""

    def __init__(self, seed: int) -> None:
        self._r = random.Random(seed)

    def uniform(self, lo: float = 0.0, hi: float = 1.0) -> float:
        return lo + (hi - lo) * self._r.random()

    def below(self, n: int) -> int:
        return min(int(self._r.random() * n), n - 1)

    def weighted(self, weights: list[float]) -> int:
        x = self._r.random() * sum(weights)
        acc = 0.0
        for i, w in enumerate(weights):
            acc += w
            if x < acc:
                return i
        return len(weights) - 1

    def normal(self, mu: float, sigma: float) -> float:
        # Box-Muller from two uniforms.
        u1 = max(self._r.random(), 1e-12)
        u2 = self._r.random()
        return mu + sigma * math.sqrt(-2.0 * math.log(u1)) * math.cos(2.0 * math.pi * u2)


def clamp_level(x: float, lo: int, hi: int) -> int:
    return max(lo, min(hi, int(round(x))))


def make_companies(rng: Stream) -> list[dict]:
    companies = []
    for cid, name, sector, cap, muni, reqs in COMPANIES:
        # What the company values: trade interest and motivation always matter;
        # the rest varies by company, as the Oslo pilot's criteria did.
        weights = {
            "interest": round(rng.uniform(1.5, 3.0), 1),
            "motivation": round(rng.uniform(1.5, 3.0), 1),
            "resilience": round(rng.uniform(0.5, 2.0), 1),
            "learning": round(rng.uniform(0.5, 2.0), 1),
            "collaboration": round(rng.uniform(0.5, 2.0), 1),
            "education": round(rng.uniform(0.0, 1.0), 1),
            "norwegian": round(rng.uniform(0.5, 1.5), 1),
            "municipality": round(rng.uniform(0.5, 1.5), 1),
            "occupation": round(rng.uniform(1.0, 2.0), 1),
        }
        if sector in ("mechanical", "construction"):
            weights["driving_licence"] = round(rng.uniform(0.5, 1.5), 1)
        weights["skills"] = round(rng.uniform(0.5, 1.5), 1)
        weights["home"] = round(rng.uniform(0.5, 1.5), 1)
        required, desired = SKILLS[sector]
        skills_target = {}
        if required:
            skills_target["required"] = required
        skills_target["desired"] = desired
        lat, lon = MUNI_POS[muni]
        reqs = dict(reqs)
        if sector == "restaurant_food" and rng.uniform() < 0.5:
            reqs["skills"] = ["food_hygiene"]  # a must-have course
        if muni in ("5014", "5025"):
            reqs["home"] = {"max_km": 120}  # remote workplaces: daily commute only
        companies.append({
            "id": cid,
            "name": name,
            "sector": sector,
            "capacity": cap,
            "weights": weights,
            # Local applicants score on home municipality and distance; the
            # county prefix "50" would match all of Trøndelag.
            "targets": {
                "municipality": [muni],
                "occupation": SECTORS[sector],
                "skills": skills_target,
                "home": {"at": [lat, lon], "radius_km": round(rng.uniform(30, 80))},
            },
            "requirements": reqs,
        })
    return companies


def make_candidates(rng: Stream, n: int, companies: list[dict]) -> list[dict]:
    # Popularity skew of real kick-offs: a few companies attract many wishes.
    popularity = [1.0 / (1 + rank) ** 0.9 for rank in range(len(companies))]
    order = list(range(len(companies)))
    for i in range(len(order) - 1, 0, -1):
        j = rng.below(i + 1)
        order[i], order[j] = order[j], order[i]
    appeal = [0.0] * len(companies)
    for rank, c in enumerate(order):
        appeal[c] = popularity[rank]

    sectors = list(SECTORS)
    candidates = []
    for i in range(n):
        age = clamp_level(rng.normal(22.5, 4.5), 16, 35)
        favourite = sectors[rng.below(len(sectors))]
        second = sectors[rng.below(len(sectors))]
        occupations = sorted(set(SECTORS[favourite][:2] + SECTORS[second][:1]))
        muni = MUNICIPALITIES[rng.weighted([w for _, _, w, _ in MUNICIPALITIES])][0]
        born_abroad = rng.uniform() < 0.3
        norwegian = clamp_level(rng.normal(2.2 if born_abroad else 4.6, 1.0), 0, 5)
        values: dict[str, object] = {
            "interest": round(min(5.0, max(0.0, rng.normal(3.0, 1.1))), 1),
            "motivation": round(min(5.0, max(0.0, rng.normal(3.2, 1.0))), 1),
            "resilience": round(min(5.0, max(0.0, rng.normal(2.8, 1.1))), 1),
            "learning": round(min(5.0, max(0.0, rng.normal(3.0, 1.0))), 1),
            "collaboration": round(min(5.0, max(0.0, rng.normal(3.0, 1.0))), 1),
            "education": EDUCATION[clamp_level(rng.normal(1.4, 0.9), 0, 4)],
            "norwegian": CEFR[norwegian],
            "english": CEFR[clamp_level(rng.normal(2.6, 1.1), 0, 5)],
            "driving_licence": age >= 18 and rng.uniform() < 0.45,
            "age": age,
            "municipality": muni,
            "occupation": occupations,
            "skills": sorted({ALL_SKILLS[rng.below(len(ALL_SKILLS))]
                              for _ in range(rng.below(4))}),
            "home": [round(MUNI_POS[muni][0] + rng.normal(0, 0.04), 4),
                     round(MUNI_POS[muni][1] + rng.normal(0, 0.08), 4)],
        }
        # Some profiles are incomplete: unknown values are omitted (never
        # guessed), and a requirement on one makes the pair "needs review".
        if rng.uniform() < 0.06:
            del values["driving_licence"]
        if rng.uniform() < 0.08:
            del values["english"]
        if rng.uniform() < 0.03:
            del values["resilience"]
        if rng.uniform() < 0.05:
            del values["skills"]  # not asked at intake
        # Three wishes, drawn without repetition by appeal x sector affinity.
        weights = []
        for c in companies:
            affinity = 3.0 if c["sector"] == favourite else 1.5 if c["sector"] == second else 0.4
            local = 1.5 if c["targets"]["municipality"][0] == muni else 1.0
            weights.append(appeal[companies.index(c)] * affinity * local)
        wishes: list[str] = []
        while len(wishes) < 3:
            pick = companies[rng.weighted(weights)]["id"]
            if pick not in wishes:
                wishes.append(pick)
        candidates.append({"id": f"c{i + 1:03d}", "features": values, "preferences": wishes})
    return candidates


def add_interviews(rng: Stream, companies: list[dict], candidates: list[dict]) -> None:
    """After interviews some companies rank applicants and a few refuse some."""
    for c in companies:
        applicants = [cand["id"] for cand in candidates if c["id"] in cand["preferences"]]
        if not applicants:
            continue
        u = rng.uniform()
        if u < 0.4:
            shortlist = applicants[:]
            for i in range(len(shortlist) - 1, 0, -1):
                j = rng.below(i + 1)
                shortlist[i], shortlist[j] = shortlist[j], shortlist[i]
            c["ranking"] = shortlist[: min(len(shortlist), c["capacity"] + 2)]
        elif u < 0.55:
            c["refused"] = [applicants[rng.below(len(applicants))]]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seed", type=int, default=2024)
    parser.add_argument("--candidates", type=int, default=95)
    parser.add_argument("--out", type=Path,
                        default=Path(__file__).with_name("kickoff_trondelag.json"))
    args = parser.parse_args()
    rng = Stream(args.seed)
    companies = make_companies(rng)
    candidates = make_candidates(rng, args.candidates, companies)
    add_interviews(rng, companies, candidates)
    doc = {
        "kobling": "kickoff/1",
        "name": "Kick-off Trøndelag (synthetic)",
        "_comment": "Synthetic data made by data/generate_kickoff.py "
                    f"--seed {args.seed}; see data/README.md.",
        "max_preferences": 3,
        "features": FEATURES,
        "companies": companies,
        "candidates": candidates,
    }
    args.out.write_text(json.dumps(doc, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
