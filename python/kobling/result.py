"""The result of one policy on a kick-off: labels, pandas tables, the CLI's
report and the result JSON."""

from __future__ import annotations

import html
import json
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from . import _core

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

    from .kickoff import Kickoff, PathLike


class KickoffResult:
    """One policy's assignment on a kick-off, with labels.

    Attributes
    ----------
    assignment : kobling.Assignment
        The array-level result (company, rank, placed, objective, duals).
    policy : str
        The policy as described in reports, e.g. "stable (candidate-proposing)".
    """

    def __init__(self, kickoff: Kickoff, assignment: _core.Assignment, policy: str) -> None:
        self.kickoff = kickoff
        self.assignment = assignment
        self.policy = policy

    @property
    def placed(self) -> int:
        """The number of candidates placed."""
        return int(self.assignment.placed)

    @property
    def baseline_placed(self) -> int | None:
        """With ``match(max_placed=True)``: how many deferred acceptance with
        the kick-off's tie rule places (this result places ``placed -
        baseline_placed`` more); None otherwise."""
        return self.assignment.baseline_placed

    def to_frame(self) -> pd.DataFrame:
        """One row per candidate: name, company id and name, wish rank
        (1-based ``wish``; None when unplaced) and the fit score.

        Returns
        -------
        pandas.DataFrame
            Indexed by candidate id, columns ``name`` (the candidate's display
            name, "" when none), ``company`` and ``company_name`` (missing when
            unplaced), ``wish`` (nullable Int64, <NA> when unplaced) and
            ``score`` (float, NaN when unplaced).
        """
        import pandas as pd

        k = self.kickoff
        companies = k._companies
        scores = k._core.placed_scores(self.assignment)  # never the dense table
        names = k._core.candidate_names()
        rows = []
        for i, (j, r) in enumerate(zip(self.assignment.company, self.assignment.rank)):
            placed = j >= 0
            rows.append({
                "candidate": k._candidate_ids[i],
                "name": names[i],
                "company": companies[j]["id"] if placed else None,
                "company_name": companies[j]["name"] if placed else None,
                "wish": int(r) + 1 if placed and r >= 0 else None,
                "score": float(scores[i]),
            })
        frame = pd.DataFrame(rows).set_index("candidate")
        frame["wish"] = frame["wish"].astype("Int64")
        return frame

    def ties(self) -> pd.DataFrame:
        """Every tie that decided seats: one row per tied candidate.

        Under ``stable`` a tie decided seats at a company when it was full,
        its lowest-valued candidates shared a value with candidates who wanted
        a seat there and did not get one; under ``max_placement`` and
        ``rank_maximal`` when an equally good assignment would have given a
        seat there to a candidate who wanted it more. The tie-breaking rule
        chose (``assignment.tie_break`` with ``assignment.seed``). Re-run with
        the same rule and seed to reproduce it; :func:`kobling.lottery_numbers` recomputes the draw.

        Returns
        -------
        pandas.DataFrame
            Columns ``company``, ``candidate`` (ids), ``won`` (bool: holds a
            seat there), ``value`` (the company's shared preference value;
            NaN under max_placement and rank_maximal, where equally good
            assignments tied), ``basis`` (what it is: "interview place 1",
            "fit score 0.613", "equally good assignments"),
            ``lottery`` (the candidate's lottery number as 16 hex digits, lower
            wins; the row index with ``tie_break="index"``) and ``order``
            (0 = first in the tie order). Empty when no tie decided a seat.
        """
        import pandas as pd

        k = self.kickoff
        a = self.assignment
        rows = []
        for tie in a.ties:
            j = tie["company"]
            tied = tie["won"] + tie["lost"]
            per_company = a.tie_break == "lottery_per_company"
            numbers = (_core.lottery_numbers(a.seed, tied, company=j if per_company else -1)
                       if a.tie_break != "index" else tied)
            # The tie order: by number, then index (won first under stable;
            # an optimal policy's winners need not all come first).
            place = {i: q for q, (_, i) in enumerate(sorted(zip((int(x) for x in numbers),
                                                                tied)))}
            tied_objective = tie["score"] is None  # max_placement, rank_maximal
            for q, (i, number) in enumerate(zip(tied, numbers)):
                rows.append({
                    "company": k._companies[j]["id"],
                    "candidate": k._candidate_ids[i],
                    "won": q < len(tie["won"]),
                    "value": float("nan") if tied_objective else float(tie["score"]),
                    "basis": ("equally good assignments" if tied_objective
                              else k._core.preference_text(j, float(tie["score"]))),
                    "lottery": (f"{int(number):016x}" if a.tie_break != "index"
                                else str(int(number))),
                    "order": place[i],
                })
        columns = ["company", "candidate", "won", "value", "basis", "lottery", "order"]
        return pd.DataFrame(rows, columns=columns)

    def pairs(self) -> pd.DataFrame:
        """Every placement when candidates take several seats.

        Returns
        -------
        pandas.DataFrame
            One row per placement when candidates have a ``load`` in the
            kick-off: ``candidate``, ``company`` (ids) and ``wish``
            (1-based). Empty without loads (``to_frame`` then says it all).
        """
        import json

        import pandas as pd

        rows = json.loads(self.to_json()).get("pairs", [])
        return pd.DataFrame(rows, columns=["candidate", "company", "wish"])

    def bounds(self) -> pd.DataFrame:
        """The cohort bounds and how they came out.

        Returns
        -------
        pandas.DataFrame
            One row per bound (a bound with ``each_company`` gives one per
            company): ``name``, ``count`` (placements in its set),
            ``lower``, ``upper`` (None: no limit), ``all_or_nothing``,
            ``hard``, ``shortfall`` and ``excess`` (a soft bound's
            violation) and, when matched with ``price_bounds=True``, one
            ``price.<level>`` column per objective level: what the bound
            costs (the level without it minus with it). Empty without
            bounds.
        """
        import json

        import pandas as pd

        rows = json.loads(self.to_json()).get("bounds", [])
        flat = []
        for row in rows:
            price = row.pop("price", {})
            row.update({f"price.{level}": value for level, value in price.items()})
            flat.append(row)
        columns = ["name", "count", "lower", "upper", "all_or_nothing", "hard", "shortfall",
                   "excess"]
        frame = pd.DataFrame(flat, columns=None if flat else columns)
        return frame[columns + sorted(c for c in frame.columns if c.startswith("price."))]

    def changes(self) -> pd.DataFrame:
        """Against the previous round (:meth:`Kickoff.next_round`): one row
        per candidate who moved, was newly placed or lost a seat.

        Returns
        -------
        pandas.DataFrame
            Columns ``candidate``, ``change`` ("moved", "newly_placed" or
            "lost_seat") and ``company`` (now; None when unplaced). Empty for
            a first round.
        """
        import pandas as pd

        k = self.kickoff
        rows = []
        for change, members in self.assignment.changes.items():
            for i in members:
                j = int(self.assignment.company[i])
                rows.append({"candidate": k._candidate_ids[i], "change": change,
                             "company": k._companies[j]["id"] if j >= 0 else None})
        return pd.DataFrame(rows, columns=["candidate", "change", "company"])

    def fill(self) -> pd.DataFrame:
        """Per company: capacity, filled seats and fill rate.

        Returns
        -------
        pandas.DataFrame
            Indexed by company id, columns ``name``, ``sector``, ``capacity``,
            ``filled`` (int) and ``fill_rate`` (filled / capacity; NaN for a
            company with no seats).
        """

        caps = self.kickoff.capacities
        filled = np.bincount(self.assignment.company[self.assignment.company >= 0],
                             minlength=len(caps))
        frame = self.kickoff.companies()[["name", "sector", "capacity"]].copy()
        frame["filled"] = filled
        with np.errstate(divide="ignore", invalid="ignore"):
            frame["fill_rate"] = np.where(caps > 0, filled / np.maximum(caps, 1), np.nan)
        return frame

    def report(self, lang: str = "en", *, summary: bool = False) -> str:
        """The plain-text report the CLI prints.

        Parameters
        ----------
        lang : {"en", "nb"}
            English or Norwegian Bokmål.
        summary : bool
            The totals only, and the reasons counted by kind, without the
            lists of candidates and companies (the CLI's ``--summary``): for
            runs of thousands.

        Returns
        -------
        str
            The report: placements, wishes honoured, the ties that decided
            seats, fill per company, and the reasons (:meth:`reasons`,
            :meth:`empty_seats`, :meth:`near_misses`, :meth:`invitations`).
        """
        return str(self.kickoff._core.report(self.assignment, self.policy, lang, bool(summary)))

    def to_json(self, lang: str = "en") -> str:
        """The result in kobling's result format (``"kobling": "result/2"``).

        Parameters
        ----------
        lang : {"en", "nb"}
            The language of the reason texts.

        Returns
        -------
        str
            Indented JSON text: ``policy``, ``kickoff``, ``summary``, one entry
            per candidate (id, company, rank; null when unplaced), the
            tie-break record (stable), per company (capacity, filled, roster),
            and the reasons: ``unplaced``, ``empty_seats``, ``near_misses``,
            ``invitations`` (the CLI's ``--out`` writes the same bytes).
        """
        return str(self.kickoff._core.result_json(self.assignment, self.policy, lang))

    def _reasons(self, lang: str) -> dict[str, Any]:
        doc: dict[str, Any] = json.loads(self.to_json(lang))
        return doc

    def reasons(self, lang: str = "en") -> pd.DataFrame:
        """Why each unplaced candidate did not get each wish: one row per
        unplaced candidate and wish (a candidate without wishes has one row
        with code ``no_wishes``).

        Parameters
        ----------
        lang : {"en", "nb"}
            The language of ``text``.

        Returns
        -------
        pandas.DataFrame
            Columns ``candidate``, ``wish`` (1-based; <NA> for no wishes),
            ``company``, ``code`` (no_seats, ineligible, needs_review,
            refused, full_preferred, lost_tie, objective, tied_objective,
            no_wishes),
            ``text``, ``others`` (the candidates who hold the seats, as a
            list) and ``requirements`` (the failed requirements' features).
        """
        import pandas as pd

        catalogue = {(e["kind"], e["code"]): e for e in _core.KickoffCore.reason_catalogue()}
        rows = []
        for u in self._reasons(lang)["unplaced"]:
            if not u["wishes"]:
                rows.append({"candidate": u["id"], "wish": None, "company": None,
                             "code": "no_wishes",
                             "text": catalogue[("candidate", "no_wishes")][lang],
                             "others": [], "requirements": []})
            for w in u["wishes"]:
                rows.append({"candidate": u["id"], "wish": w["wish"], "company": w["company"],
                             "code": w["code"], "text": w["text"], "others": w["others"],
                             "requirements": [r["feature"] for r in w["requirements"]]})
        columns = ["candidate", "wish", "company", "code", "text", "others", "requirements"]
        frame = pd.DataFrame(rows, columns=columns)
        frame["wish"] = frame["wish"].astype("Int64")
        return frame

    def empty_seats(self, lang: str = "en") -> pd.DataFrame:
        """Why seats stayed empty: one row per company with free seats.

        Parameters
        ----------
        lang : {"en", "nb"}
            The language of ``text``.

        Returns
        -------
        pandas.DataFrame
            Indexed by company id; columns ``free``, ``code`` (no_applicants,
            all_ineligible, all_refused, all_placed_higher, mixed), ``text``,
            ``applicants`` (who listed it, apart from those placed there),
            ``ineligible``, ``refused``, ``placed_higher``.
        """
        import pandas as pd

        columns = ["company", "free", "code", "text", "applicants", "ineligible", "refused",
                   "placed_higher"]
        return pd.DataFrame(self._reasons(lang)["empty_seats"], columns=columns).set_index(
            "company")

    def near_misses(self, lang: str = "en") -> pd.DataFrame:
        """Unplaced candidates one requirement short of a company with free
        seats: one row per candidate and company.

        Parameters
        ----------
        lang : {"en", "nb"}
            The language of ``text``.

        Returns
        -------
        pandas.DataFrame
            Columns ``candidate``, ``company``, ``feature`` (the requirement's
            feature), ``code`` (the requirement's reason code), ``text`` and
            ``listed`` (the candidate applied there). ``attrs["listed_only"]``
            is True when the search was limited to listed companies (very
            large kick-offs).
        """
        import pandas as pd

        doc = self._reasons(lang)
        columns = ["candidate", "company", "feature", "code", "text", "listed"]
        frame = pd.DataFrame(doc["near_misses"], columns=columns)
        frame.attrs["listed_only"] = bool(doc["near_misses_listed_only"])
        return frame

    def invitations(self) -> pd.DataFrame:
        """The second round's invitation list: unplaced candidates eligible at
        companies with free seats that they did not list (best fit first, at
        most five).

        Returns
        -------
        pandas.DataFrame
            Columns ``candidate`` and ``companies`` (a list of ids).
            ``attrs["limited"]`` is True when so many candidates are unplaced
            that only the companies with the most free seats were searched.
        """
        import pandas as pd

        doc = self._reasons("en")
        frame = pd.DataFrame(doc["invitations"], columns=["candidate", "companies"])
        frame.attrs["limited"] = bool(doc["invitations_limited"])
        return frame

    def save(self, path: PathLike, lang: str = "en") -> None:
        """Write :meth:`to_json` to a file, safely (the CLI's ``--out`` rules);
        for a name ending in ``.csv``, the placements table instead
        (:meth:`placements_csv`).

        The file is written in full to a new private temporary file next to
        the target and renamed over it, so readers never see half a file and
        concurrent saves all succeed (the last one wins). The target is never
        one of the files the kick-off was read from (compared by identity, so
        another name or a link to it counts), never a directory, device or
        FIFO; a symbolic link is followed to the file it names. A new file is
        created with mode 0600 (results hold personal data); a replaced file
        keeps its mode.

        Parameters
        ----------
        path : str or os.PathLike
            The target file, replaced if it exists; ``"-"`` writes to
            ``sys.stdout``.
        lang : {"en", "nb"}
            The language of the reason texts.

        Raises
        ------
        kobling.InvalidInputError
            ``path`` is an input of the kick-off (``kobling.io.output_is_input``)
            or not a regular file or new path (``kobling.io.not_a_file``).
        kobling.FileError
            The file cannot be written (an OSError naming the path and the
            system's reason); nothing is left behind.
        """
        csv = os.fspath(path).endswith(".csv")
        text = self.placements_csv() if csv else self.to_json(lang) + "\n"
        if os.fspath(path) == "-":
            sys.stdout.write(text)
            return
        _core.write_output_file(os.fspath(path), text, self.kickoff._sources)

    def placements_csv(self) -> str:
        """The placements table, as ``kobling run --out X.csv`` writes it.

        Returns
        -------
        str
            CSV text, one row per candidate: ``candidate``, ``name``,
            ``company``, ``company_name``, ``wish`` (1 = first) and ``score``
            (unplaced: the last four empty).
        """
        return str(self.kickoff._core.placements_csv(self.assignment))

    def save_folder(self, path: PathLike, lang: str = "en") -> list[str]:
        """Write the files to hand out into a folder (created if needed):
        ``result.json``, ``placements.csv``, ``companies/<id>.txt`` (a roster
        per company: its seats, who fills them and by which wish, why seats
        stayed empty) and ``candidates/<id>.txt`` (a letter per candidate: the
        placement, or each wish's reason, naming no other candidate, and the
        companies with free seats that would take them). The CLI's
        ``--folder``. Every file follows :meth:`save`'s rules; everything is
        computed before the first is written.

        Parameters
        ----------
        path : str or os.PathLike
            The folder.
        lang : {"en", "nb"}
            The language of the rosters, letters and reasons.

        Returns
        -------
        list of str
            The files written, relative to the folder.
        """
        files = self.kickoff._core.handout_files(self.assignment, self.policy, lang)
        base = Path(os.fspath(path))
        for name, text in files:
            target = base / name
            try:
                target.parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise _core.FileError(
                    f"[kobling.io.write] {target.parent}: cannot create the folder "
                    f"({exc.strerror})") from None
            _core.write_output_file(os.fspath(target), text, self.kickoff._sources)
        return [name for name, _ in files]

    def to_excel(self, path: PathLike, lang: str = "en") -> None:
        """Write the result as an Excel workbook (pandas with openpyxl), with
        the sheets ``placements`` (as :meth:`placements_csv`), ``companies``
        (:meth:`fill`), ``reasons`` (:meth:`reasons`) and
        ``invitations``; safely, by :meth:`save`'s rules.

        Parameters
        ----------
        path : str or os.PathLike
            The workbook (.xlsx).
        lang : {"en", "nb"}
            The language of the reason texts.
        """
        import io

        import pandas as pd

        placements = pd.read_csv(io.StringIO(self.placements_csv()), dtype=str,
                                 keep_default_na=False)
        placements["wish"] = pd.to_numeric(placements["wish"]).astype("Int64")
        placements["score"] = pd.to_numeric(placements["score"])
        invitations = self.invitations()
        invitations["companies"] = [", ".join(c) for c in invitations["companies"]]
        buffer = io.BytesIO()
        with pd.ExcelWriter(buffer, engine="openpyxl") as book:
            placements.to_excel(book, sheet_name="placements", index=False)
            self.fill().to_excel(book, sheet_name="companies")
            self.reasons(lang).to_excel(book, sheet_name="reasons", index=False)
            invitations.to_excel(book, sheet_name="invitations", index=False)
        _core.write_output_file(os.fspath(path), buffer.getvalue(), self.kickoff._sources)

    def __repr__(self) -> str:
        counts = ", ".join(str(int(c)) for c in self.assignment.rank_counts)
        return (f"KickoffResult(policy={self.policy!r}, placed={self.placed}, "
                f"rank_counts=[{counts}])")

    def _repr_html_(self) -> str:
        n = len(self.assignment.company)
        seats = int(self.kickoff.capacities.sum())
        share = f"{100.0 * self.placed / n:.1f}%" if n else "-"
        ranks = "".join(f"<tr><td>{_core.ordinal_wish(r)} wish honoured</td><td>{int(c)}</td></tr>"
                        for r, c in enumerate(self.assignment.rank_counts))
        fill = self.fill()
        fill_rows = "".join(
            f"<tr><td>{html.escape(str(cid))}</td><td>{html.escape(str(row['name']))}</td>"
            f"<td>{int(row['filled'])}/{int(row['capacity'])}</td></tr>"
            for cid, row in fill.iterrows())
        return (f"<div><table><caption>{html.escape(self.policy)}</caption>"
                f"<tr><td>placed</td><td>{self.placed} of {n} ({share}); "
                f"{self.placed} of {seats} seats</td></tr>{ranks}</table>"
                f"<table><caption>fill per company</caption>{fill_rows}</table></div>")
