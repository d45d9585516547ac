#!/usr/bin/env python3
"""The kick-off layer at national scale (compare_peers.py variant N).

A seeded national kick-off: n candidates and m companies with every feature
kind the bundled Trøndelag kick-off uses (numeric, ordinal, boolean,
categorical municipality and occupation codes, skills, home coordinates),
company targets on each, requirements at a third of the companies (minimum
age, Norwegian level, a skill) and three wishes per candidate with Zipf
popularity. Measured, each in a fresh process so that its peak memory is its
own (the maximum resident set size from wait4):

  * the CLI: loading alone (`kobling explain FILE c0 k0`), and
    `kobling run FILE --summary` end to end (load, score, match, reasons,
    report) for every policy;
  * Python: Kickoff.load, Kickoff.match per policy (scoring included: the
    first match scores the listed pairs), compare(), top_k(5);
  * top-k on the same data: a kick-off of linear features only (numeric, so
    the array level computes the very same scores), Kickoff.top_k(5) against
    kobling.top_k_scores(features, normalised weights, 5), results equal.

Usage: python bench/national.py [--candidates 100000] [--companies 10000]
       (prints a JSON document; compare_peers.py turns it into rows)
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
CLI = ROOT / "build" / "kobling"

LEVELS = ["A1", "A2", "B1", "B2", "C1", "C2"]
EDUCATION = ["grunnskole", "vgs_started", "vgs_completed", "trade_certificate", "higher"]
SKILLS = [f"s{q}" for q in range(20)]


def write_kickoff(path: Path, n: int, m: int, seed: int = 7) -> None:
    """The national kick-off as JSON (every feature kind)."""
    rng = np.random.default_rng(seed)
    features = [
        {"name": "interest", "kind": "numeric", "min": 0, "max": 5},
        {"name": "motivation", "kind": "numeric", "min": 0, "max": 5},
        {"name": "learning", "kind": "numeric", "min": 0, "max": 5},
        {"name": "education", "kind": "ordinal", "levels": EDUCATION},
        {"name": "norwegian", "kind": "ordinal", "levels": LEVELS},
        {"name": "driving_licence", "kind": "boolean"},
        {"name": "age", "kind": "numeric", "min": 16, "max": 35},
        {"name": "municipality", "kind": "categorical"},
        {"name": "occupation", "kind": "categorical"},
        {"name": "skills", "kind": "skills"},
        {"name": "home", "kind": "location"},
    ]
    municipalities = [f"{3000 + q}" for q in range(356)]
    occupations = [f"{1000 + 37 * q}" for q in range(200)]
    parts = ['{"name": "national benchmark", "max_preferences": 3, "features": ',
             json.dumps(features), ', "companies": [']
    lat = rng.uniform(58.0, 70.0, m)
    lon = rng.uniform(5.0, 25.0, m)
    cap = rng.integers(1, 7, m)
    for j in range(m):
        w = {name: round(float(x), 2) for name, x in zip(
            ["interest", "motivation", "learning", "education", "norwegian", "municipality",
             "occupation", "skills", "home"], rng.uniform(0.2, 3.0, 9))}
        sk = rng.choice(20, 3, replace=False)
        company = {
            "id": f"k{j}", "capacity": int(cap[j]), "weights": w,
            "targets": {
                "municipality": [municipalities[int(rng.integers(356))][:2]],
                "occupation": [occupations[int(rng.integers(200))]],
                "skills": {"required": [SKILLS[sk[0]]], "desired": [SKILLS[sk[1]], SKILLS[sk[2]]]},
                "home": {"at": [round(float(lat[j]), 4), round(float(lon[j]), 4)],
                         "radius_km": int(rng.integers(30, 120))},
            },
        }
        r = rng.random()
        if r < 0.12:
            company["requirements"] = {"age": {"min": 18}}
        elif r < 0.24:
            company["requirements"] = {"norwegian": {"min": "A2"}}
        elif r < 0.30:
            company["requirements"] = {"skills": [SKILLS[sk[0]]]}
        parts.append(("," if j else "") + json.dumps(company, separators=(",", ":")))
    parts.append('], "candidates": [')
    popularity = 1.0 / np.arange(1, m + 1)
    popularity /= popularity.sum()
    order = rng.permutation(m)
    num = rng.uniform(0, 5, (n, 3)).round(1)
    edu = rng.integers(0, 5, n)
    nor = rng.integers(0, 6, n)
    lic = rng.random(n) < 0.5
    age = rng.integers(16, 36, n)
    mun = rng.integers(0, 356, n)
    occ = rng.integers(0, 200, (n, 2))
    nsk = rng.integers(0, 4, n)
    clat = rng.uniform(58.0, 70.0, n).round(4)
    clon = rng.uniform(5.0, 25.0, n).round(4)
    picks = rng.choice(m, (n, 8), p=popularity)
    for i in range(n):
        wishes: list[int] = []
        for x in picks[i]:
            if x not in wishes:
                wishes.append(int(x))
            if len(wishes) == 3:
                break
        skills = [SKILLS[q] for q in rng.choice(20, int(nsk[i]), replace=False)]
        cand = {"id": f"c{i}", "features": {
            "interest": float(num[i, 0]), "motivation": float(num[i, 1]),
            "learning": float(num[i, 2]), "education": EDUCATION[edu[i]],
            "norwegian": LEVELS[nor[i]], "driving_licence": bool(lic[i]), "age": int(age[i]),
            "municipality": municipalities[mun[i]],
            "occupation": [occupations[occ[i, 0]], occupations[occ[i, 1]]], "skills": skills,
            "home": [float(clat[i]), float(clon[i])]},
            "preferences": [f"k{order[w]}" for w in wishes]}
        parts.append(("," if i else "") + json.dumps(cand, separators=(",", ":")))
    parts.append("]}")
    path.write_text("".join(parts))


def write_linear_kickoff(path: Path, n: int, m: int, d: int = 8, seed: int = 11) -> None:
    """A kick-off of d numeric features in [0, 1] (linear: φ is the value)."""
    rng = np.random.default_rng(seed)
    x = rng.random((n, d)).round(3)
    w = rng.uniform(0.1, 1.0, (m, d)).round(3)
    names = [f"f{f}" for f in range(d)]
    parts = ['{"features": ', json.dumps([{"name": f, "kind": "numeric", "min": 0, "max": 1}
                                          for f in names]), ', "companies": [']
    for j in range(m):
        weights = ",".join(f'"{f}":{w[j, q]}' for q, f in enumerate(names))
        parts.append(("," if j else "") + f'{{"id":"k{j}","capacity":2,"weights":{{{weights}}}}}')
    parts.append('], "candidates": [')
    for i in range(n):
        values = ",".join(f'"{f}":{x[i, q]}' for q, f in enumerate(names))
        parts.append(("," if i else "") + f'{{"id":"c{i}","features":{{{values}}},'
                     f'"preferences":["k{i % m}"]}}')
    parts.append("]}")
    path.write_text("".join(parts))


def measured(command: list[str]) -> tuple[float, float, str]:
    """Wall seconds, peak resident MiB and standard output of one process."""
    start = time.perf_counter()
    proc = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    out = proc.stdout.read() if proc.stdout else ""
    err = proc.stderr.read() if proc.stderr else ""
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise RuntimeError(f"{command} exited {proc.returncode}: {err}")
    return wall, usage.ru_maxrss / 1024.0, out


def median_of(command: list[str], repeats: int) -> dict[str, float]:
    runs = [measured(command) for _ in range(repeats)]
    return {"seconds": statistics.median(r[0] for r in runs),
            "peak_mib": max(r[1] for r in runs)}


def worker(path: str, linear: str, rich: bool) -> None:
    """Runs in its own process: the Python layer's timings, as JSON."""
    import resource

    import kobling

    out: dict[str, float] = {}
    t = time.perf_counter()
    k = kobling.Kickoff.load(path)
    out["load"] = time.perf_counter() - t
    for policy in ("stable", "max_placement", "rank_maximal"):
        t = time.perf_counter()
        result = k.match(policy)
        out[f"match_{policy}"] = time.perf_counter() - t
        out[f"placed_{policy}"] = result.placed
    t = time.perf_counter()
    k.compare()
    out["compare"] = time.perf_counter() - t
    if rich:  # (about a minute: once)
        t = time.perf_counter()
        k.top_k(5)
        out["top_k_rich"] = time.perf_counter() - t
    out["peak_mib"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0
    # Top-k on the same data: the linear kick-off against the array level.
    lk = kobling.Kickoff.load(linear)
    data = json.loads(Path(linear).read_text())
    names = [f["name"] for f in data["features"]]
    x = np.array([[c["features"][f] for f in names] for c in data["candidates"]])
    w = np.array([[c["weights"][f] for f in names] for c in data["companies"]])
    w /= w.sum(axis=1, keepdims=True)  # the kick-off normalises each company's weights
    del data
    ours, array = [], []
    for _ in range(3):
        t = time.perf_counter()
        frame = lk.top_k(5)
        ours.append(time.perf_counter() - t)
        t = time.perf_counter()
        companies, _ = kobling.top_k_scores(x, w, 5)
        array.append(time.perf_counter() - t)
    got = frame["company"].to_numpy().reshape(-1, 5)
    want = np.array(lk.company_ids)[companies]
    out["top_k_kickoff"] = statistics.median(ours)
    out["top_k_array"] = statistics.median(array)
    out["top_k_equal"] = float(np.mean(got == want))
    print(json.dumps(out))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--candidates", type=int, default=100000)
    parser.add_argument("--companies", type=int, default=10000)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--worker", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        worker(args.worker[0], args.worker[1], args.worker[2] == "rich")
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "national.json"
        linear = Path(tmp) / "linear.json"
        write_kickoff(path, args.candidates, args.companies)
        write_linear_kickoff(linear, args.candidates, args.companies)
        doc: dict[str, object] = {"candidates": args.candidates, "companies": args.companies,
                                  "file_mib": path.stat().st_size / 2**20}
        doc["cli_load"] = median_of([str(CLI), "explain", str(path), "c0", "k0"], args.repeats)
        for policy in ("stable", "max_placement", "rank_maximal"):
            doc[f"cli_run_{policy}"] = median_of(
                [str(CLI), "run", str(path), "--summary", "--policy", policy], args.repeats)
        doc["cli_compare"] = median_of([str(CLI), "compare", str(path)], 1)
        runs = [json.loads(measured([sys.executable, __file__, "--worker", str(path),
                                     str(linear), "rich" if r == 0 else "-"])[2])
                for r in range(args.repeats)]
        doc["python"] = {key: statistics.median(r[key] for r in runs if key in r)
                         for key in runs[0]}
        doc["python"]["peak_mib"] = max(r["peak_mib"] for r in runs)
    print(json.dumps(doc, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
