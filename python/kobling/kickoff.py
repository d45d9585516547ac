"""The kick-off object: candidates, companies and wishes in; scores, placements,
comparisons and reports out (pandas where it helps)."""

from __future__ import annotations

import html
import json
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any, Union

import numpy as np

from . import _core

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

PathLike = Union[str, "os.PathLike[str]"]
_POLICIES = ("stable", "max_placement", "rank_maximal")


def _ordinal(rank: int) -> str:
    n = rank + 1
    suffix = "th" if 10 <= n % 100 <= 13 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


class Kickoff:
    """A kick-off (or a regional market) loaded from the kobling JSON format.

    Build one with :meth:`load` (a file), :meth:`from_json` (text or a dict).
    Candidates are rows 0..n-1 and companies columns 0..m-1 in input order;
    ids label them in every DataFrame.

    Examples
    --------
    >>> k = kobling.Kickoff.load("data/kickoff_trondelag.json")   # doctest: +SKIP
    >>> result = k.match("stable")                                  # doctest: +SKIP
    >>> result.to_frame().head()                                    # doctest: +SKIP
    """

    def __init__(self, core: _core.KickoffCore) -> None:
        if not isinstance(core, _core.KickoffCore):
            raise TypeError("use Kickoff.load(path) or Kickoff.from_json(text_or_dict)")
        self._core = core
        self._candidate_ids: list[str] = list(core.candidate_ids)
        self._companies: list[dict[str, Any]] = list(core.companies)

    # -- construction ---------------------------------------------------------

    @classmethod
    def load(cls, path: PathLike) -> "Kickoff":
        """Read a kick-off JSON file.

        Raises
        ------
        kobling.ParseError
            Unreadable file or invalid content; the message names the JSON path.
        """
        return cls(_core.KickoffCore.load(os.fspath(path)))

    @classmethod
    def from_json(cls, source: str | bytes | dict[str, Any] | list[Any]) -> "Kickoff":
        """Build from JSON text (str or UTF-8 bytes) or an already parsed document."""
        if isinstance(source, (dict, list)):
            source = json.dumps(source)
        elif isinstance(source, bytes):
            source = source.decode("utf-8")
        if not isinstance(source, str):
            raise TypeError(f"expected JSON text or a parsed JSON document, got "
                            f"{type(source).__name__}")
        return cls(_core.KickoffCore.from_json_text(source))

    def to_json(self) -> str:
        """The kick-off in the input format (round-trips through from_json)."""
        return str(self._core.to_json_text())

    # -- data -----------------------------------------------------------------

    @property
    def name(self) -> str:
        return str(self._core.name)

    @property
    def candidate_ids(self) -> list[str]:
        return list(self._candidate_ids)

    @property
    def company_ids(self) -> list[str]:
        return [c["id"] for c in self._companies]

    @property
    def preferences(self) -> np.ndarray:
        """(n, k) company indices, best first, padded with -1."""
        return self._core.preferences

    @property
    def capacities(self) -> np.ndarray:
        """(m,) seats per company."""
        return self._core.capacities

    def companies(self) -> "pd.DataFrame":
        """Companies with name, sector and capacity, indexed by id."""
        import pandas as pd

        return pd.DataFrame(self._companies).set_index("id")

    def scores(self) -> "pd.DataFrame":
        """Fit scores s(i, j) in [0, 1]: candidates x companies."""
        import pandas as pd

        return pd.DataFrame(self._core.scores, index=pd.Index(self._candidate_ids, name="candidate"),
                            columns=pd.Index(self.company_ids, name="company"))

    def eligibility(self) -> "pd.DataFrame":
        """"eligible", "needs_review" or "ineligible" per pair."""
        import pandas as pd

        names = np.array(["eligible", "needs_review", "ineligible"])
        return pd.DataFrame(names[self._core.eligibility],
                            index=pd.Index(self._candidate_ids, name="candidate"),
                            columns=pd.Index(self.company_ids, name="company"))

    def explain(self, candidate: str | int, company: str | int) -> dict[str, Any]:
        """Each feature's contribution to s(i, j) (summing to the score) and the
        reasons the pair is ineligible or needs review."""
        return dict(self._core.explain(self._candidate_index(candidate),
                                       self._company_index(company)))

    # -- policies -------------------------------------------------------------

    def match(self, policy: str = "stable", *, proposer: str = "candidates",
              rank_bonus: Any = None, score_weight: float = 1.0) -> "KickoffResult":
        """Assign candidates to companies with one policy.

        Parameters
        ----------
        policy : {"stable", "max_placement", "rank_maximal"}
        proposer : {"candidates", "companies"}
            For ``stable``: which side proposes.
        rank_bonus, score_weight
            For ``max_placement`` (see :func:`kobling.max_placement_assignment`).
        """
        if policy not in _POLICIES:
            raise _core.InvalidInputError(
                f"[kobling.policy.unknown] policy: unknown policy {policy!r}; "
                "choose stable, max_placement or rank_maximal")
        result = self._core.match(policy, proposer, rank_bonus, float(score_weight))
        return KickoffResult(self, result, self._core.describe(policy, proposer))

    def compare(self) -> "pd.DataFrame":
        """Run every policy; one row each: placed, wishes honoured per rank, mean
        score and blocking pairs. ``.attrs["differing"]`` lists the candidates
        whose company differs between policies; :meth:`compare_results` gives
        the results themselves."""
        import pandas as pd

        rows, differing, _ = self._core.compare()
        table = []
        for row in rows:
            entry: dict[str, Any] = {"policy": row["policy"], "placed": row["placed"]}
            for r, count in enumerate(row["rank_counts"]):
                entry[f"{_ordinal(r)} wish"] = count
            entry["mean_score"] = row["mean_score"]
            entry["blocking_pairs"] = row["blocking_pairs"]
            table.append(entry)
        frame = pd.DataFrame(table).set_index("policy")
        frame.attrs["differing"] = [self._candidate_ids[i] for i in differing]
        return frame

    def compare_results(self) -> dict[str, "KickoffResult"]:
        """The result of every policy, by policy name."""
        rows, _, _ = self._core.compare()
        return {row["policy"]: KickoffResult(self, row["result"], row["policy"]) for row in rows}

    def compare_text(self) -> str:
        """The policy comparison as the CLI prints it."""
        return str(self._core.compare()[2])

    # -- helpers --------------------------------------------------------------

    def _candidate_index(self, candidate: str | int) -> int:
        if isinstance(candidate, (int, np.integer)) and not isinstance(candidate, bool):
            if not 0 <= candidate < len(self._candidate_ids):
                raise _core.IndexOutOfRangeError(
                    f"[kobling.model.index] candidate {candidate}: candidate index is not in "
                    f"[0, {len(self._candidate_ids)})")
            return int(candidate)
        try:
            return self._candidate_ids.index(candidate)  # type: ignore[arg-type]
        except ValueError:
            raise _core.IndexOutOfRangeError(
                f"[kobling.model.unknown_candidate] candidate {candidate!r}: no candidate has "
                "this id") from None

    def _company_index(self, company: str | int) -> int:
        ids = self.company_ids
        if isinstance(company, (int, np.integer)) and not isinstance(company, bool):
            if not 0 <= company < len(ids):
                raise _core.IndexOutOfRangeError(
                    f"[kobling.model.index] company {company}: company index is not in "
                    f"[0, {len(ids)})")
            return int(company)
        try:
            return ids.index(company)  # type: ignore[arg-type]
        except ValueError:
            raise _core.IndexOutOfRangeError(
                f"[kobling.model.unknown_company] company {company!r}: no company has this id"
            ) from None

    def __repr__(self) -> str:
        seats = int(self.capacities.sum())
        return (f"Kickoff({self.name!r}, candidates={len(self._candidate_ids)}, "
                f"companies={len(self._companies)}, seats={seats})")

    def _repr_html_(self) -> str:
        seats = int(self.capacities.sum())
        prefs = self.preferences
        listed = int((prefs >= 0).sum())
        return (f"<table><caption>{html.escape(self.name or 'kick-off')}</caption>"
                f"<tr><td>candidates</td><td>{len(self._candidate_ids)}</td></tr>"
                f"<tr><td>companies</td><td>{len(self._companies)}</td></tr>"
                f"<tr><td>seats</td><td>{seats}</td></tr>"
                f"<tr><td>wishes listed</td><td>{listed}</td></tr></table>")


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
        return int(self.assignment.placed)

    def to_frame(self) -> "pd.DataFrame":
        """One row per candidate: company id and name, wish rank (1-based
        ``wish``; None when unplaced) and the fit score."""
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

    def fill(self) -> "pd.DataFrame":
        """Per company: capacity, filled seats and fill rate."""
        import pandas as pd

        caps = self.kickoff.capacities
        filled = np.bincount(self.assignment.company[self.assignment.company >= 0],
                             minlength=len(caps))
        frame = self.kickoff.companies()[["name", "sector", "capacity"]].copy()
        frame["filled"] = filled
        with np.errstate(divide="ignore", invalid="ignore"):
            frame["fill_rate"] = np.where(caps > 0, filled / np.maximum(caps, 1), np.nan)
        return frame

    def report(self) -> str:
        """The plain-text report the CLI prints."""
        return str(self.kickoff._core.report(self.assignment, self.policy))

    def to_json(self) -> str:
        """The result in kobling's result format (``"kobling": "result/1"``)."""
        return str(self.kickoff._core.result_json(self.assignment, self.policy))

    def save(self, path: PathLike) -> None:
        """Write :meth:`to_json` to a file (via a temporary file and rename)."""
        target = Path(path)
        tmp = target.with_name(f".{target.name}.kobling-tmp")
        tmp.write_text(self.to_json() + "\n", encoding="utf-8")
        os.replace(tmp, target)

    def __repr__(self) -> str:
        counts = ", ".join(str(int(c)) for c in self.assignment.rank_counts)
        return (f"KickoffResult(policy={self.policy!r}, placed={self.placed}, "
                f"rank_counts=[{counts}])")

    def _repr_html_(self) -> str:
        n = len(self.assignment.company)
        seats = int(self.kickoff.capacities.sum())
        share = f"{100.0 * self.placed / n:.1f}%" if n else "-"
        ranks = "".join(f"<tr><td>{_ordinal(r)} wish honoured</td><td>{int(c)}</td></tr>"
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
