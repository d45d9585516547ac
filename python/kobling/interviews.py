"""A kick-off's interview day (:meth:`kobling.Kickoff.plan_interviews`): the
plan and its timetable as DataFrames, the files people use, and calendar
invitations."""

from __future__ import annotations

import io
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any, Union

from . import _core

if TYPE_CHECKING:
    import pandas as pd

    from .kickoff import Kickoff

PathLike = Union[str, "os.PathLike[str]"]

_REASON_TEXT = {
    "no_acceptable_wish": "no eligible wish",
    "too_few_wishes": "fewer eligible wishes than the minimum",
    "caps_taken": "every wish's interviews went to candidates the plan ranks higher "
                  "(earlier wishes, better scores)",
}


class InterviewDay:
    """Who interviews whom, and when, on a kick-off.

    Attributes
    ----------
    kickoff : Kickoff
    plan : kobling.InterviewPlan
        The array-level plan (indices; certificate included).
    schedule : kobling.InterviewSchedule
        The array-level timetable (slots, rooms, lower bound).
    caps : list of int
        The interview cap used per company.
    """

    def __init__(self, kickoff: Kickoff, core: Any) -> None:
        self.kickoff = kickoff
        self._core = core
        self.plan = core.plan
        self.schedule = core.schedule
        self.caps: list[int] = list(core.caps)

    def interviews(self) -> pd.DataFrame:
        """One row per interview.

        Returns
        -------
        pandas.DataFrame
            Columns ``candidate``, ``company`` (ids), ``wish`` (1-based),
            ``score``, ``start``, ``end`` ("HH:MM"; None without a slot) and
            ``room`` (1-based), in plan order (by candidate, then wish).
        """
        return self._frame("interviews.json")

    def uncovered(self) -> pd.DataFrame:
        """Candidates below the minimum, with the reason.

        Returns
        -------
        pandas.DataFrame
            Columns ``candidate``, ``reason`` (no_acceptable_wish,
            too_few_wishes, caps_taken) and ``text``.
        """
        import pandas as pd

        ids = self.kickoff._candidate_ids
        rows = [{"candidate": ids[i], "reason": why, "text": _REASON_TEXT[why]}
                for i, why in zip(self.plan.uncovered, self.plan.uncovered_reason)]
        return pd.DataFrame(rows, columns=["candidate", "reason", "text"])

    def company_timetable(self) -> pd.DataFrame:
        """Per company, its interviews in time order.

        Returns
        -------
        pandas.DataFrame
            Columns ``company``, ``start``, ``end``, ``room``, ``candidate``
            (text, as in company_timetable.csv).
        """
        return self._csv("company_timetable.csv")

    def candidate_timetable(self) -> pd.DataFrame:
        """Per candidate, their interviews in time order.

        Returns
        -------
        pandas.DataFrame
            Columns ``candidate``, ``start``, ``end``, ``company``, ``site``
            (text, as in candidate_timetable.csv).
        """
        return self._csv("candidate_timetable.csv")

    def verdict_template(self) -> pd.DataFrame:
        """The form companies fill in after the interviews.

        Returns
        -------
        pandas.DataFrame
            Columns ``company``, ``candidate``, ``wish``, ``score``, ``start``
            and an empty ``verdict`` (see :meth:`kobling.Kickoff.with_verdicts`).
        """
        return self._csv("verdicts.csv")

    def to_json(self) -> str:
        """The day as JSON.

        Returns
        -------
        str
            ``"kobling": "interviews/1"``: the day's clock, the timetable
            against its lower bound, the objective, the caps, every interview
            and the uncovered candidates (the CLI's interviews.json).
        """
        return str(self._files()["interviews.json"])

    def write(self, folder: PathLike) -> list[Path]:
        """Write the day's files, each safely (the rules of
        :meth:`KickoffResult.save`).

        Parameters
        ----------
        folder : str or os.PathLike
            Receives interviews.json, company_timetable.csv,
            candidate_timetable.csv and verdicts.csv; created when missing.

        Returns
        -------
        list of pathlib.Path
            The files written.
        """
        target = Path(folder)
        target.mkdir(parents=True, exist_ok=True)
        written = []
        for name, text in self._files().items():
            path = target / name
            _core.write_output_file(os.fspath(path), text, self.kickoff._sources)
            written.append(path)
        return written

    def to_ics(self, folder: PathLike, date: Any = None) -> list[Path]:
        """One iCalendar file per candidate with their interviews
        (``<candidate>.ics``), through the maintained ``icalendar`` package.

        Parameters
        ----------
        folder : str or os.PathLike
            Created when missing.
        date : datetime.date or str, optional
            The interview day ("2027-01-14"); default today.

        Returns
        -------
        list of pathlib.Path
            The files written, one per candidate with a scheduled interview.
        """
        import datetime as dt

        from icalendar import Calendar, Event

        target = Path(folder)
        target.mkdir(parents=True, exist_ok=True)
        day = (dt.date.today() if date is None
               else date if isinstance(date, dt.date) else dt.date.fromisoformat(str(date)))
        name = self.kickoff.name or "kick-off"
        calendars: dict[str, Any] = {}
        for row in self.interviews().itertuples(index=False):
            if row.start is None:
                continue
            cal = calendars.get(row.candidate)
            if cal is None:
                cal = Calendar()
                cal.add("prodid", "-//kobling//interview day//EN")
                cal.add("version", "2.0")
                calendars[row.candidate] = cal
            event = Event()
            start = dt.datetime.combine(day, dt.time.fromisoformat(row.start))
            end = dt.datetime.combine(day, dt.time.fromisoformat(row.end))
            event.add("summary", f"Interview: {row.company} ({name})")
            event.add("dtstart", start)
            event.add("dtend", end)
            event.add("uid", f"{row.candidate}-{row.company}@kobling")
            event.add("location", f"{row.company}, room {row.room}")
            cal.add_component(event)
        written = []
        for candidate, cal in calendars.items():
            path = target / f"{candidate}.ics"
            _core.write_output_file(os.fspath(path), cal.to_ical().decode("utf-8"),
                                    self.kickoff._sources)
            written.append(path)
        return written

    def __repr__(self) -> str:
        s = self.schedule
        return (f"InterviewDay(interviews={len(self.plan.pairs)}, "
                f"uncovered={len(self.plan.uncovered)}, slots_used={s.slots_used}, "
                f"lower_bound={s.lower_bound})")

    # -- helpers ----------------------------------------------------------------

    def _files(self) -> dict[str, str]:
        return dict(self.kickoff._core.interview_files(self._core))

    def _csv(self, name: str) -> pd.DataFrame:
        import pandas as pd

        return pd.read_csv(io.StringIO(self._files()[name]), dtype=str, keep_default_na=False)

    def _frame(self, name: str) -> pd.DataFrame:
        import json

        import pandas as pd

        doc = json.loads(self._files()[name])
        columns = ["candidate", "company", "wish", "score", "start", "end", "room"]
        frame = pd.DataFrame(doc["interviews"], columns=columns)
        frame["room"] = frame["room"].astype("Int64")
        return frame
