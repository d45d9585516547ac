#!/usr/bin/env python3
"""Writes examples/kickoff.ipynb from the cells below (run it after editing
them; the tests execute the notebook so it never goes stale)."""

from pathlib import Path

import nbformat as nbf

CELLS = [
    ("md", """# A kick-off with kobling

The bundled `data/kickoff_trondelag.json` is a synthetic Trøndelag-model kick-off:
95 young people, 15 local companies with 32 apprentice seats, three wishes each.
This notebook recommends companies before the wishes, assigns candidates with
every policy, compares the policies, explains a placement, gives every unplaced
young person a reason, records the companies' interview verdicts with ties
decided by a public lottery, handles two dropouts in a second round, exports
the result, and finally learns weights from past intakes' outcomes and uses them
for the next kick-off."""),
    ("code", """%matplotlib inline
from pathlib import Path
import kobling
import kobling.plot as kp

data = Path("..") / "data" / "kickoff_trondelag.json"
kickoff = kobling.Kickoff.load(data)
kickoff"""),
    ("md", "## Before the wishes: recommendations\nThe best eligible companies for a candidate, "
           "with the features that contribute most."),
    ("code", """kickoff.recommend("c001", k=3)"""),
    ("md", "The company view for interviews: who listed a company, in its preference order."),
    ("code", """kickoff.shortlist("k09").head(8)"""),
    ("md", "## Assign with every policy"),
    ("code", """results = kickoff.compare_results()
results["stable"]"""),
    ("code", """kickoff.compare()"""),
    ("code", """kp.policy_comparison(kickoff)"""),
    ("code", """kp.wish_rank_histogram(results)"""),
    ("code", """kp.company_fill(results["max_placement"])"""),
    ("md", "## Explain a placement\nEvery score is the sum of the features' contributions; "
           "the reasons say why a pair is not acceptable."),
    ("code", """placed = results["stable"].to_frame().dropna(subset=["company"]).iloc[0]
explanation = kickoff.explain(placed.name, placed["company"])
print(placed.name, "->", placed["company"], "score", round(explanation.attrs["score"], 4))
explanation"""),
    ("code", """kp.score_heatmap(kickoff, candidates=30)"""),
    ("md", "## Why not? A reason for every unplaced candidate\n"
           "Per unplaced candidate and wish, why the seat went elsewhere; per company with "
           "empty seats, why; and who is one requirement short of a free seat."),
    ("code", """stable = results["stable"]
stable.reasons().head(6)"""),
    ("code", """stable.empty_seats()"""),
    ("code", """misses = stable.near_misses()
misses[misses["listed"]]  # applicants one requirement short (k15: the food-hygiene course)"""),
    ("md", "## The interview day: who interviews whom, and when\n"
           "Each company interviews at most three candidates per seat; as many candidates "
           "as possible get an interview (exactly: the plan carries a certificate), first "
           "wishes before later ones; the timetable uses the fewest slots possible."),
    ("code", """day = kickoff.plan_interviews(cap_per_seat=3, start="09:00", slot_minutes=20)
print(day)
day.uncovered().head()"""),
    ("code", """day.company_timetable().head(8)"""),
    ("md", "## Cohort bounds: a varied age mix, and its price\n"
           "Choosing 30 of 60 applicants for one programme (the Oslo case) with at least 15 "
           "aged 25 or more; `price_bounds` says what the bound costs in fit."),
    ("code", """selection = kobling.Kickoff.load(Path("..") / "data" / "selection_oslo.json")
chosen = selection.match("max_placement", price_bounds=True)
chosen.bounds()"""),
    ("md", "A minimum class size per trade on the Trøndelag kick-off: each welding company "
           "takes at least 3 apprentices or none. Two have only 2 seats: the bound closes "
           "them, and its price is counted in placements."),
    ("code", """import json

doc = json.loads(kickoff.to_json())
doc["bounds"] = [{"name": "welding class", "sector": "welding", "lower": 3,
                  "all_or_nothing": True, "each_company": True}]
classes = kobling.Kickoff.from_json(doc).match("max_placement", price_bounds=True)
classes.bounds()[["name", "count", "price.placed"]]"""),
    ("md", "Bounds on nested sets (a class size, a trade, an age band) are solved by min-cost "
           "flow; others by the integer program. `bounds_method` says which ran. The stable "
           "policy takes quotas and reserves at one company (school choice's type-specific "
           "quotas): at most one candidate under 20 per company, and still no candidate who "
           "wants a company that would take them."),
    ("code", """doc["bounds"] = [{"name": "under 20: at most 1",
                  "candidates": {"feature": "age", "max": 19},
                  "upper": 1, "each_company": True}]
quotas = kobling.Kickoff.from_json(doc)
print(quotas.match("max_placement").assignment.bounds_method)
quotas.match().bounds()[["name", "count"]].head()"""),
    ("md", "Many-to-many (Koding og arbeid): five course evenings need two instructors "
           "each, and three instructors teach three to four evenings (`load`)."),
    ("code", """evenings = [{"id": f"kveld{d}", "capacity": 2, "weights": {"x": 1}}
            for d in range(1, 6)]
instructors = [{"id": f"i{t}", "features": {"x": 0.5}, "load": {"min": 3, "max": 4},
                "preferences": [e["id"] for e in evenings]} for t in range(3)]
course = kobling.Kickoff.from_json({
    "kobling": "kickoff/1", "max_preferences": 5,
    "features": [{"name": "x", "kind": "numeric", "min": 0, "max": 1}],
    "companies": evenings, "candidates": instructors,
    "bounds": [{"name": "two instructors", "lower": 2, "each_company": True}]})
course.match("max_placement").pairs().pivot_table(
    index="candidate", columns="company", aggfunc="size", fill_value=0)"""),
    ("md", "## Interviews: verdicts with ties, decided by a recorded lottery\n"
           "Company k14 interviewed its applicants and put three in its top tier "
           "(\"wanted\") for two seats. The tie is decided by a lottery seeded in public; "
           "the result lists the tie, who won and the lottery numbers, so anyone can "
           "re-run it."),
    ("code", """import json

doc = json.loads(kickoff.to_json())
k14 = next(c for c in doc["companies"] if c["id"] == "k14")
k14["ranking"] = [["c005", "c033", "c047"], ["c015"]]  # wanted (tied), maybe
doc["seed"] = 2026
after_interviews = kobling.Kickoff.from_json(doc)
final = after_interviews.match()
final.ties()"""),
    ("md", "Under `max_placement` the tiers are a company level of the objective, and "
           "equally good assignments are decided by the same lottery: the ties list who "
           "could have had a seat in an equally good assignment (`score` is empty: the "
           "objective tied, not a score)."),
    ("code", """after_interviews.match("max_placement").ties()"""),
    ("md", "## Two dropouts and a second round\n"
           "Two apprentices drop out in the first weeks; everyone else has started and is "
           "pinned. Unplaced candidates who are eligible at companies with free seats are "
           "invited to wish again; the second round fills the seats without moving anyone."),
    ("code", """invitations = final.invitations()
invited = dict(zip(invitations["candidate"], invitations["companies"]))
for c in doc["candidates"]:
    c["preferences"] = invited.get(c["id"], c["preferences"])
second = kobling.Kickoff.from_json(doc).next_round(final, withdrawn=["c031", "c072"],
                                                   pin_all=True)
second.changes()"""),
    ("code", """second.fill()"""),
    ("code", """print(second.report(lang="nb")[:700])  # Norwegian Bokmål for coordinators"""),
    ("md", "## Warnings: the silent choices, said aloud\n"
           "Valid inputs that are almost surely not meant (a ranking naming a candidate who "
           "cannot be placed there, a feature nothing uses, ...). `match()` also issues them "
           "as `kobling.KoblingWarning`."),
    ("code", """kickoff.warnings()"""),
    ("md", "## Export: what is handed out\n"
           "A placements table (wishes counted from 1), a workbook, and a folder with a roster "
           "per company and a letter per candidate, in Norwegian here. A letter gives the "
           "placement, or each wish's reason (naming nobody else) and the companies with free "
           "seats that would take the candidate."),
    ("code", """import tempfile
handed = results["stable"]
print(handed.placements_csv().splitlines()[:3])
with tempfile.TemporaryDirectory() as tmp:
    files = handed.save_folder(Path(tmp) / "handouts", lang="nb")
    print(len(files), "files:", files[:3], "...")
    print((Path(tmp) / "handouts" / "companies" / "k01.txt").read_text())
    print((Path(tmp) / "handouts" / "candidates" / "c001.txt").read_text())
    handed.to_excel(Path(tmp) / "kickoff.xlsx")"""),
    ("md", "## After the intake: learn the weights from outcomes\n"
           "Every score above comes from weights a coordinator typed in. After the programme, "
           "record what happened to each young person (started, completed, dropped out with a "
           "reason, in work or education), keep the intake with the criteria it used, and let "
           "the outcomes say which criteria mattered. First the record step: the kick-off as "
           "it was run, its placements and dated events, checked (an unknown candidate, dates "
           "out of order or a placement status for someone never placed are errors)."),
    ("code", """import pandas as pd
placed = final.to_frame().dropna(subset=["company"]).index[:4]
outcomes = pd.DataFrame([
    (placed[0], final.to_frame().loc[placed[0], "company"], "started", "2026-02-16", None),
    (placed[0], final.to_frame().loc[placed[0], "company"], "completed", "2026-06-19", None),
    (placed[1], final.to_frame().loc[placed[1], "company"], "started", "2026-02-16", None),
    (placed[1], final.to_frame().loc[placed[1], "company"], "dropped_out", "2026-04-02",
     "housing"),
    (placed[1], None, "in_education", "2026-08-18", None),
], columns=["candidate", "company", "status", "date", "reason"])
intake = after_interviews.record(final, outcomes, id="trondelag-2026-spring",
                                 date="2026-02-02", follow_up="2026-09-01")
intake.labels().query("label != 'excluded'")  # excluded: no outcome recorded yet"""),
    ("md", "Three past intakes of this programme (bundled, synthetic: about 30 placements "
           "each) are far too few to learn 14 weights: cross-validation holds out whole "
           "intakes, and the fit says plainly that the hand weights stay."),
    ("code", """past = kobling.load_intakes(Path("..") / "data" / "intakes_trondelag")
fit = kobling.fit_weights(past)
print(fit.decision)
for sentence in fit.why:
    print("-", sentence)"""),
    ("md", "With many intakes whose outcomes follow known weights (interest, motivation and "
           "a driving licence matter; seeded, `kobling.synthetic_intakes`), the learned "
           "weights rank held-out intakes' outcomes clearly better than the hand weights and "
           "are adopted. Age is declared protected: it is never weighted, and the group "
           "report shows what the new weights would do to each age group before they are "
           "adopted."),
    ("code", """many = kobling.synthetic_intakes(kickoff, intakes=40, seed=7, strength=6,
                                 intercept=-2.5, true_weights={"interest": 0.4,
                                 "motivation": 0.3, "driving_licence": 0.3})
fit = kobling.fit_weights(many)
summary = fit.summary()
print(fit.decision, f"AUC {summary['auc_learned']:.3f} vs {summary['auc_hand']:.3f} by hand")
fit.weights.round(3)"""),
    ("code", """kp.fit_validation(fit)"""),
    ("code", """kp.learned_weights(fit, kickoff)"""),
    ("code", """fit.group_report(by="age", bins=[16, 20, 25, 36])"""),
    ("md", "## The next kick-off with the learned weights\n"
           "`with_weights` gives every company the learned weights (interview rankings still "
           "come first); a fit that kept the hand weights is refused unless forced."),
    ("code", """import warnings
learned = kickoff.with_weights(fit)
with warnings.catch_warnings():  # the kick-off's own warnings, shown above
    warnings.simplefilter("ignore", kobling.KoblingWarning)
    next_result = learned.match()
moved = pd.DataFrame({"hand weights": results["stable"].to_frame()["company"],
                      "learned weights": next_result.to_frame()["company"]}).fillna("-")
moved[moved["hand weights"] != moved["learned weights"]].head(8)"""),
]


def main() -> None:
    nb = nbf.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                 "language": "python"}
    for kind, text in CELLS:
        cell = nbf.v4.new_markdown_cell(text) if kind == "md" else nbf.v4.new_code_cell(text)
        nb.cells.append(cell)
    Path(__file__).with_name("kickoff.ipynb").write_text(nbf.writes(nb) + "\n")


if __name__ == "__main__":
    main()
