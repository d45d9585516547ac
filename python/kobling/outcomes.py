"""Intakes: a kick-off as it was run, its placements and what became of the
young people afterwards (kobling/outcomes.hpp, the ``intake/1`` format of
data/README.md)."""

from __future__ import annotations

import html
import json
import os
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, Union

import numpy as np

from . import _core

if TYPE_CHECKING:
    import pandas as pd

    from .kickoff import Kickoff
    from .result import KickoffResult

PathLike = Union[str, "os.PathLike[str]"]

EVENT_COLUMNS = ["candidate", "company", "status", "date", "reason"]


def _check_horizon(horizon_days: Any) -> int | None:
    """A horizon in days (or None), checked before it reaches the native code."""
    if horizon_days is None:
        return None
    if isinstance(horizon_days, bool) or not isinstance(horizon_days, (int, np.integer)):
        raise TypeError(f"horizon_days: expected an int (days) or None, got "
                        f"{type(horizon_days).__name__}")
    if horizon_days < 0:
        raise _core.InvalidInputError(f"[kobling.fit.bad_option] horizon_days: must be a number "
                                      f"of days >= 0 after the intake's date, got {horizon_days}")
    if horizon_days > 36600:
        raise _core.InvalidInputError(f"[kobling.fit.bad_option] horizon_days: must be at most "
                                      f"36600 (a hundred years), got {horizon_days}")
    return int(horizon_days)


class Intake:
    """One past kick-off with its placements and outcomes: what a weight fit
    learns from (:func:`kobling.fit_weights`).

    Build one with :meth:`load` (an ``intake/1`` file or a CSV intake folder),
    :meth:`from_json`, or :meth:`kobling.Kickoff.record` after a kick-off.
    Each intake keeps its own kick-off: the criteria and hand weights in force
    then, so criteria may change from one intake to the next.
    """

    def __init__(self, core: _core.IntakeCore) -> None:
        if not isinstance(core, _core.IntakeCore):
            raise TypeError("use Intake.load(path), Intake.from_json(...) or Kickoff.record(...)")
        self._core = core

    @classmethod
    def load(cls, path: PathLike) -> Intake:
        """Read an ``intake/1`` JSON file, or a folder holding the kick-off's
        CSV files with ``placements.csv``, ``outcomes.csv`` and ``intake.csv``.

        Parameters
        ----------
        path : str or os.PathLike

        Returns
        -------
        Intake

        Raises
        ------
        kobling.ParseError, kobling.InvalidInputError, kobling.IndexOutOfRangeError
            The message names the JSON path or file:row:column and the reason
            (an unknown candidate, events out of date order, a placement status
            for someone the placements do not place, ...).
        """
        p = os.fspath(path)
        if os.path.isdir(p):
            return cls(_core.IntakeCore.load_csv(p))
        return cls(_core.IntakeCore.load(p))

    @classmethod
    def from_json(cls, source: str | bytes | Mapping[str, Any]) -> Intake:
        """An intake from an ``intake/1`` document.

        Parameters
        ----------
        source : str, bytes or dict
            JSON text or the parsed document.

        Returns
        -------
        Intake

        Raises
        ------
        kobling.ParseError, kobling.InvalidInputError, kobling.IndexOutOfRangeError
            Naming the JSON path, as :meth:`load`.
        """
        if isinstance(source, Mapping):
            source = json.dumps(source)
        if isinstance(source, bytes):
            source = source.decode("utf-8")
        return cls(_core.IntakeCore.from_json_text(source))

    @property
    def id(self) -> str:
        """The intake's id (unique among intakes fitted together)."""
        return str(self._core.id)

    @property
    def date(self) -> str:
        """The kick-off's date, YYYY-MM-DD."""
        return str(self._core.date)

    @property
    def follow_up(self) -> str | None:
        """When outcomes were last looked at, or None."""
        return self._core.follow_up

    @property
    def policy(self) -> str:
        """The policy the intake was matched with."""
        return str(self._core.policy)

    @property
    def kickoff(self) -> Kickoff:
        """The intake's kick-off, as it was run."""
        from .kickoff import Kickoff

        return Kickoff(self._core.kickoff())

    def placements(self) -> pd.DataFrame:
        """The placements as the intake ended.

        Returns
        -------
        pandas.DataFrame
            Indexed by candidate id: ``company`` (id; missing when unplaced).
        """
        import pandas as pd

        kickoff = self.kickoff
        ids = kickoff.company_ids
        company = [None if j < 0 else ids[j] for j in np.asarray(self._core.company_of)]
        return pd.DataFrame({"company": company},
                            index=pd.Index(kickoff.candidate_ids, name="candidate"))

    def outcomes(self) -> pd.DataFrame:
        """The recorded events.

        Returns
        -------
        pandas.DataFrame
            One row per event: candidate, company (of the placement the
            events are about, or None), status, date, reason (dropouts).
        """
        import pandas as pd

        return pd.DataFrame(self._core.events(), columns=EVENT_COLUMNS)

    def labels(self, *, horizon_days: int | None = None,
               declined_is_bad: bool = False) -> pd.DataFrame:
        """Each candidate's label, as a fit reads it.

        Parameters
        ----------
        horizon_days : int, optional
            Read events up to this many days after the kick-off (default: the
            follow-up).
        declined_is_bad : bool
            Count a declined placement as bad (default: excluded).

        Returns
        -------
        pandas.DataFrame
            Indexed by candidate id: ``company`` and ``label``: "good"
            (completed, or in work or education by the horizon), "bad"
            (dropped out or inactive), "censored" (still running) or
            "excluded" (no record, or declined).
        """
        frame = self.placements()
        frame["label"] = self._core.labels(_check_horizon(horizon_days), bool(declined_is_bad))
        return frame

    def to_json(self) -> str:
        """The ``intake/1`` document.

        Returns
        -------
        str
            JSON text, the kick-off inline.
        """
        return str(self._core.to_json_text())

    def save(self, path: PathLike) -> None:
        """Write the ``intake/1`` document. Outcomes are personal data: the file
        is created readable by its owner only.

        Parameters
        ----------
        path : str or os.PathLike
        """
        _core.write_output_file(os.fspath(path), self.to_json(), [])

    def __repr__(self) -> str:
        counts = self.labels()["label"].value_counts()
        parts = ", ".join(f"{counts.get(k, 0)} {k}" for k in ("good", "bad", "censored"))
        return f"Intake({self.id!r}, {self.date}, {parts})"

    def _repr_html_(self) -> str:
        return f"<pre>{html.escape(repr(self))}</pre>"


def load_intakes(paths: PathLike | Iterable[PathLike]) -> list[Intake]:
    """Intakes from files or CSV folders.

    Parameters
    ----------
    paths : path or iterable of paths
        Intake files or CSV intake folders; a folder holding ``*.json`` files
        (and no ``outcomes.csv``) is read as a folder of intakes, in name
        order.

    Returns
    -------
    list of Intake
    """
    if isinstance(paths, (str, os.PathLike)):
        p = Path(paths)
        if p.is_dir() and not (p / "outcomes.csv").exists():
            return [Intake.load(f) for f in sorted(p.glob("*.json"))]
        return [Intake.load(p)]
    return [Intake.load(p) for p in paths]


def record(kickoff: Kickoff, result: KickoffResult | Mapping[str, str | None],
           outcomes: pd.DataFrame, *, id: str, date: str,  # noqa: A002 (the format's word)
           follow_up: str | None = None, reason_codes: Iterable[str] = ()) -> Intake:
    """The record step (:meth:`kobling.Kickoff.record`)."""
    if hasattr(result, "assignment"):
        assigned = np.asarray(result.assignment.company)
        ids = kickoff.company_ids
        placements = [
            {"candidate": c, "company": ids[j]}
            for c, j in zip(kickoff.candidate_ids, assigned) if j >= 0
        ]
        policy = str(result.policy).split(" ")[0]  # type: ignore[union-attr]
    else:
        placements = [{"candidate": c, "company": k} for c, k in dict(result).items()
                      if k is not None]
        policy = "stable"
    missing = [c for c in ("candidate", "status", "date") if c not in outcomes.columns]
    if missing:
        raise _core.InvalidInputError(
            f"[kobling.dataframe.columns] outcomes DataFrame: missing column(s) "
            f"{', '.join(missing)}; expected {', '.join(EVENT_COLUMNS)}")
    # As in outcomes.csv: consecutive rows of one candidate form its record, and
    # a row without a company (a destination after a dropout) belongs to it.
    records: list[dict[str, Any]] = []
    company_row: int | None = None
    for r, row in enumerate(outcomes.to_dict("records")):
        candidate = str(row["candidate"])
        company = row.get("company")
        company = None if company is None or company != company or company == "" else str(company)
        if not records or records[-1]["candidate"] != candidate:
            records.append({"candidate": candidate, "events": []})
            company_row = None
        if company is not None:
            if company_row is None:
                records[-1]["company"] = company
                company_row = r
            elif company != records[-1]["company"]:
                raise _core.InvalidInputError(
                    f"[kobling.outcome.wrong_company] outcomes DataFrame, row {r} (column "
                    f"\"company\"): company \"{company}\" differs from "
                    f"\"{records[-1]['company']}\" at row {company_row}; a candidate's rows are "
                    "about one placement")
        event = {"status": str(row["status"]), "date": str(row["date"])}
        reason = row.get("reason")
        if reason is not None and reason == reason and reason != "":
            event["reason"] = str(reason)
        records[-1]["events"].append(event)
    doc: dict[str, Any] = {
        "kobling": "intake/1", "id": id, "date": date, "policy": policy,
        "kickoff": json.loads(kickoff.to_json()), "placements": placements, "outcomes": records,
    }
    if follow_up is not None:
        doc["follow_up"] = follow_up
    if reason_codes:
        doc["reason_codes"] = list(reason_codes)
    return Intake.from_json(doc)
