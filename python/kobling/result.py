"""The result of one policy on a kick-off: labels, pandas tables, the CLI's
report and the result JSON."""

from __future__ import annotations

import html
import os
import sys
from typing import TYPE_CHECKING

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

    def to_frame(self) -> pd.DataFrame:
        """One row per candidate: company id and name, wish rank (1-based
        ``wish``; None when unplaced) and the fit score.

        Returns
        -------
        pandas.DataFrame
            Indexed by candidate id, columns ``company`` and ``company_name``
            (missing when unplaced), ``wish`` (nullable Int64, <NA> when
            unplaced) and ``score`` (float, NaN when unplaced).
        """
        import pandas as pd

        k = self.kickoff
        companies = k._companies
        scores = k._core.scores
        rows = []
        for i, (j, r) in enumerate(zip(self.assignment.company, self.assignment.rank)):
            placed = j >= 0
            rows.append({
                "candidate": k._candidate_ids[i],
                "company": companies[j]["id"] if placed else None,
                "company_name": companies[j]["name"] if placed else None,
                "wish": int(r) + 1 if placed and r >= 0 else None,
                "score": float(scores[i, j]) if placed else float("nan"),
            })
        frame = pd.DataFrame(rows).set_index("candidate")
        frame["wish"] = frame["wish"].astype("Int64")
        return frame

    def ties(self) -> pd.DataFrame:
        """Every tie that decided seats: one row per tied candidate.

        A tie decided seats at a company when it was full, its lowest-valued
        candidates shared a value with candidates who wanted a seat there and
        did not get one; the tie-breaking rule chose (``assignment.tie_break``
        with ``assignment.seed``). Re-run with the same rule and seed to
        reproduce it; :func:`kobling.lottery_numbers` recomputes the draw.

        Returns
        -------
        pandas.DataFrame
            Columns ``company``, ``candidate`` (ids), ``won`` (bool: holds a
            seat there), ``value`` (the company's shared preference value),
            ``basis`` (what it is: "interview place 1", "fit score 0.613"),
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
            for order, (i, number) in enumerate(zip(tied, numbers)):
                rows.append({
                    "company": k._companies[j]["id"],
                    "candidate": k._candidate_ids[i],
                    "won": order < len(tie["won"]),
                    "value": float(tie["score"]),
                    "basis": k._core.preference_text(j, float(tie["score"])),
                    "lottery": (f"{int(number):016x}" if a.tie_break != "index"
                                else str(int(number))),
                    "order": order,
                })
        columns = ["company", "candidate", "won", "value", "basis", "lottery", "order"]
        return pd.DataFrame(rows, columns=columns)

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

    def report(self) -> str:
        """The plain-text report the CLI prints.

        Returns
        -------
        str
            The report: placements, wishes honoured and fill per company.
        """
        return str(self.kickoff._core.report(self.assignment, self.policy))

    def to_json(self) -> str:
        """The result in kobling's result format (``"kobling": "result/1"``).

        Returns
        -------
        str
            Indented JSON text: ``policy``, ``kickoff``, ``summary``, one entry
            per candidate (id, company, rank; null when unplaced) and per company
            (capacity, filled, roster).
        """
        return str(self.kickoff._core.result_json(self.assignment, self.policy))

    def save(self, path: PathLike) -> None:
        """Write :meth:`to_json` to a file, safely (the CLI's ``--out`` rules).

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

        Raises
        ------
        kobling.InvalidInputError
            ``path`` is an input of the kick-off (``kobling.io.output_is_input``)
            or not a regular file or new path (``kobling.io.not_a_file``).
        kobling.FileError
            The file cannot be written (an OSError naming the path and the
            system's reason); nothing is left behind.
        """
        text = self.to_json() + "\n"
        if os.fspath(path) == "-":
            sys.stdout.write(text)
            return
        _core.write_output_file(os.fspath(path), text, self.kickoff._sources)

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
