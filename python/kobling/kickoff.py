"""The kick-off object: candidates, companies and wishes in; scores, placements,
comparisons and reports out (pandas where it helps)."""

from __future__ import annotations

import html
import json
import os
import warnings
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Union

import numpy as np

from . import _core, _frames, _warnings
from .result import KickoffResult

if TYPE_CHECKING:
    import pandas as pd

    from .interviews import InterviewDay

PathLike = Union[str, "os.PathLike[str]"]


def _main_reasons(main: list[dict[str, Any]]) -> str:
    """The features that contribute most, as text: "Motivation +0.250, ..."."""
    return ", ".join(f"{m['label']} +{m['contribution']:.3f}" for m in main)


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
        # The files this kick-off was read from: a saved result never replaces them.
        self._sources: list[str] = []

    # -- construction ---------------------------------------------------------

    @classmethod
    def load(cls, path: PathLike) -> Kickoff:
        """Read a kick-off JSON file.

        Parameters
        ----------
        path : str or os.PathLike
            The file, UTF-8 JSON in the kobling kick-off format.

        Returns
        -------
        Kickoff
            The kick-off, candidates and companies in file order.

        Raises
        ------
        kobling.ParseError
            Unreadable file or invalid content; the message names the JSON path.
        kobling.InvalidInputError
            Content that breaks a model rule (duplicate id, negative capacity,
            more wishes than ``max_preferences``, ...); the message names the file.
        kobling.IndexOutOfRangeError
            A reference to an unknown candidate, company or feature id.
        """
        kickoff = cls(_core.KickoffCore.load(os.fspath(path)))
        kickoff._sources = [os.path.abspath(path)]  # (a later os.chdir changes nothing)
        return kickoff

    @classmethod
    def from_json(cls, source: str | bytes | dict[str, Any] | list[Any]) -> Kickoff:
        """Build from JSON text (str or UTF-8 bytes) or an already parsed document.

        Parameters
        ----------
        source : str, bytes, dict or list
            JSON text, UTF-8 encoded JSON, or the document as parsed by
            :func:`json.loads` (it is serialised again with :func:`json.dumps`).

        Returns
        -------
        Kickoff
            The kick-off, candidates and companies in document order.

        Raises
        ------
        TypeError
            ``source`` is of another type (or a parsed document holds values
            :func:`json.dumps` cannot serialise).
        UnicodeDecodeError
            ``source`` is bytes that are not valid UTF-8 (a ValueError).
        kobling.ParseError
            Invalid JSON or content; the message names the JSON path.
        kobling.InvalidInputError
            Content that breaks a model rule (duplicate id, negative capacity, ...).
        kobling.IndexOutOfRangeError
            A reference to an unknown candidate, company or feature id.
        """
        if isinstance(source, (dict, list)):
            source = json.dumps(source)
        elif isinstance(source, bytes):
            source = source.decode("utf-8")
        if not isinstance(source, str):
            raise TypeError(f"expected JSON text or a parsed JSON document, got "
                            f"{type(source).__name__}")
        return cls(_core.KickoffCore.from_json_text(source))

    @classmethod
    def from_csv(cls, directory: PathLike | None = None, *, features: PathLike | None = None,
                 companies: PathLike | None = None, candidates: PathLike | None = None,
                 bounds: PathLike | None = None, name: str = "",
                 max_preferences: int | None = None, encoding: str | None = None,
                 delimiter: str | None = None, decimal: str | None = None) -> Kickoff:
        """Read a kick-off from CSV files (the layout is documented in data/README.md).

        Files as Excel saves them are read as they are: the encoding (UTF-8,
        else Windows-1252), the separator (',', ';' or tab, from the header
        line) and the decimal mark (',' in ';'-separated files) are detected,
        and a cell's error names what was found. Give ``encoding``,
        ``delimiter`` or ``decimal`` to say it instead.

        Parameters
        ----------
        directory : path, optional
            A folder with ``companies.csv``, ``candidates.csv`` and optionally
            ``features.csv`` and ``bounds.csv`` (cohort bounds).
        features, companies, candidates, bounds : path, optional
            Explicit files instead of (or overriding those in) ``directory``.
        name : str, optional
            The kick-off's name.
        max_preferences : int, optional
            k; default max(3, number of wish_ columns).
        encoding : {"utf-8", "windows-1252"}, optional
            The files' encoding (``"cp1252"`` too); default: detected.
        delimiter : {",", ";", "tab"}, optional
            The separator; default: detected from the header line.
        decimal : {".", ","}, optional
            The decimal mark; default "," in ';'-separated files, else ".".

        Returns
        -------
        Kickoff
            The kick-off, candidates and companies in file row order.

        Raises
        ------
        TypeError
            Neither ``directory`` nor the ``companies`` / ``candidates`` file given.
        kobling.InvalidInputError
            An ``encoding``, ``delimiter`` or ``decimal`` kobling does not know
            (``kobling.csv.bad_format``).
        kobling.ParseError, kobling.InvalidInputError, kobling.IndexOutOfRangeError
            The message names the file, row and column (ParseError also for a
            file that cannot be read).
        """
        base = Path(directory) if directory is not None else None

        def file(given: PathLike | None, default: str) -> Path | None:
            if given is not None:
                return Path(given)
            return base / default if base is not None else None

        paths = {
            "features": file(features, "features.csv"),
            "companies": file(companies, "companies.csv"),
            "candidates": file(candidates, "candidates.csv"),
            "bounds": file(bounds, "bounds.csv"),
        }
        texts: dict[str, tuple[bytes, str]] = {}
        optional = ("features", "bounds")
        for key, path in paths.items():
            if path is None or (key in optional and not path.exists()):
                if key not in optional:
                    raise TypeError(f"give directory= or {key}= (the {key}.csv file)")
                texts[key] = (b"", f"{key}.csv")
                continue
            try:
                # Bytes: kobling checks the encoding itself and names the cell.
                texts[key] = (path.read_bytes(), str(path))
            except OSError as exc:
                raise _core.ParseError(
                    f"[kobling.io.read] {path}: cannot open the file for reading ({exc.strerror})"
                ) from None
        kickoff = cls(_core.KickoffCore.from_csv_text(
            texts["features"][0], texts["companies"][0], texts["candidates"][0],
            texts["features"][1], texts["companies"][1], texts["candidates"][1],
            name, int(max_preferences or 0), bounds=texts["bounds"][0],
            bounds_name=texts["bounds"][1], encoding=encoding or "", delimiter=delimiter or "",
            decimal=decimal or ""))
        kickoff._sources = [os.path.abspath(p) for p in paths.values() if p is not None]
        if base is not None:
            kickoff._sources.append(os.path.abspath(base))
        return kickoff

    @classmethod
    def from_excel(cls, path: PathLike, *, name: str = "",
                   max_preferences: int | None = None) -> Kickoff:
        """Read a kick-off from an Excel workbook (.xlsx) with the sheets
        ``companies`` and ``candidates`` and optionally ``features`` and
        ``bounds``, each laid out as the CSV file of that name
        (data/README.md): a header row, then one row per company, candidate,
        feature or bound. Sheet names may be in any case.

        Cells are read as they are stored (pandas with openpyxl): text stays
        text, so a code typed as text keeps its leading zero ("0301"); numbers,
        booleans (TRUE/FALSE, SANN/USANN) and empty cells (unknown) are what
        they are. Errors name the workbook, the sheet and the sheet's row and
        column, e.g. ``k.xlsx sheet candidates:4:3 (column "motivation")``.

        Parameters
        ----------
        path : path
            The workbook.
        name : str, optional
            The kick-off's name.
        max_preferences : int, optional
            k; default max(3, number of wish_ columns).

        Returns
        -------
        Kickoff

        Raises
        ------
        ImportError
            pandas or openpyxl is not installed (``pip install kobling[excel]``).
        kobling.ParseError
            The file cannot be read or is not a workbook
            (``kobling.io.read``), a required sheet is missing
            (``kobling.excel.sheet``), or a cell cannot be read.
        kobling.InvalidInputError, kobling.IndexOutOfRangeError
            Content that breaks a model rule, an unknown feature or company id.
        """
        import zipfile

        import pandas as pd

        try:
            import openpyxl  # noqa: F401 (pandas reads .xlsx through it)
        except ImportError:
            raise ImportError("Kickoff.from_excel needs openpyxl: pip install openpyxl") from None
        where = Path(path)
        try:
            # Text as stored: no "NA", "None" or "null" read as missing.
            book = pd.read_excel(where, sheet_name=None, header=None, dtype=object,
                                 engine="openpyxl", keep_default_na=False, na_values=[])
        except OSError as exc:
            raise _core.ParseError(
                f"[kobling.io.read] {where}: cannot open the file for reading ({exc.strerror})"
            ) from None
        except (ValueError, KeyError, zipfile.BadZipFile) as exc:
            raise _core.ParseError(
                f"[kobling.io.read] {where}: not an Excel workbook (.xlsx) ({exc})") from None
        sheets = {str(key).strip().lower(): frame for key, frame in book.items()}
        for required in ("companies", "candidates"):
            if required not in sheets:
                names = ", ".join(f'"{key}"' for key in book) or "none"
                raise _core.ParseError(
                    f'[kobling.excel.sheet] {where}: no sheet named "{required}"; the workbook '
                    f"has {names} (companies and candidates are required, features and bounds "
                    "optional)")
        texts = {key: _frames.rows_to_csv(sheets[key]) if key in sheets else ""
                 for key in ("features", "companies", "candidates", "bounds")}
        label = {key: f"{where.name} sheet {key}" for key in texts}
        kickoff = cls(_core.KickoffCore.from_csv_text(
            texts["features"], texts["companies"], texts["candidates"], label["features"],
            label["companies"], label["candidates"], name, int(max_preferences or 0),
            bounds=texts["bounds"], bounds_name=label["bounds"]))
        kickoff._sources = [os.path.abspath(where)]
        return kickoff

    @classmethod
    def from_dataframes(cls, candidates: pd.DataFrame, companies: pd.DataFrame,
                        features: pd.DataFrame | Iterable[Mapping[str, Any]] | None = None, *,
                        bounds: pd.DataFrame | None = None, name: str = "",
                        max_preferences: int | None = None) -> Kickoff:
        """Build a kick-off from pandas DataFrames, one row per candidate and one
        per company, with the columns of the CSV layout (data/README.md).

        Cells may hold Python values: lists or tuples for codes, skills and
        places, booleans, numbers; None/NaN means unknown. In a company's
        ``ranking`` list, an inner list is a shared place (an interview tier:
        ``[["c1", "c2"], "c3"]``). ``features`` is a DataFrame or a list of
        dicts as in the JSON format.

        Errors name the DataFrame, the row position and the column, e.g.
        ``candidates DataFrame, row 3 (column "motivation"): ...``.

        Parameters
        ----------
        candidates : pandas.DataFrame
            One row per candidate, with an ``id`` column (or an index named id)
            and the columns of ``candidates.csv``.
        companies : pandas.DataFrame
            One row per company, with an ``id`` column (or an index named id)
            and the columns of ``companies.csv``.
        features : pandas.DataFrame or iterable of mapping, optional
            The feature definitions (columns of ``features.csv``), or a list of
            dicts as in the JSON format. Default: none.
        bounds : pandas.DataFrame, optional
            Cohort bounds, one per row, with the columns of ``bounds.csv``
            (data/README.md): name, lower, upper, companies or sector,
            candidates or feature with min/max/codes/value, all_or_nothing,
            each_company, penalty.
        name : str, optional
            The kick-off's name.
        max_preferences : int, optional
            k; default max(3, number of wish_ columns).

        Returns
        -------
        Kickoff
            The kick-off, candidates and companies in row order.

        Raises
        ------
        TypeError
            ``candidates`` or ``companies`` is not a DataFrame, or ``features``
            is neither a DataFrame nor an iterable of mappings.
        kobling.InvalidInputError
            No ``id`` column, a list item that cannot be written to the CSV
            layout (contains ';', is empty, or is a lone 'none'), or content
            that breaks a model rule.
        kobling.ParseError, kobling.IndexOutOfRangeError
            A cell that cannot be read, or an unknown feature or company id.

        Warns
        -----
        KoblingWarning
            ``kobling.warn.numeric_codes``: a code column (a categorical or
            skills feature, or a company's ``target.``/``require.`` column of
            one) holds numbers, as ``pandas.read_csv`` makes of "0301".
        """
        frames = {"candidates": candidates, "companies": companies}
        texts = {key: _frames.frame_to_csv(frame, key) for key, frame in frames.items()}
        codes = _frames.code_kinds(features)
        for key, frame in frames.items():
            for column, dtype in _frames.numeric_code_columns(frame, key, codes):
                warnings.warn(_warnings.KoblingWarning(
                    "kobling.warn.numeric_codes", f'{_frames.name(key)} column "{column}"',
                    f"holds numbers ({dtype}), not text: a code such as 0301 has lost its "
                    "leading zero already; read the file with the codes as text "
                    f"(pandas.read_csv(..., dtype={{{column!r}: str}}))"), stacklevel=2)
        if features is None:
            features_text = ""
        elif hasattr(features, "to_dict"):
            features_text = _frames.frame_to_csv(features, "features")
        else:
            features_text = _frames.records_to_csv(list(features))
        bounds_text = "" if bounds is None else _frames.frame_to_csv(bounds, "bounds")
        return cls(_core.KickoffCore.from_csv_text(
            features_text, texts["companies"], texts["candidates"],
            _frames.name("features"), _frames.name("companies"), _frames.name("candidates"),
            name, int(max_preferences or 0), data_rows=True, bounds=bounds_text,
            bounds_name=_frames.name("bounds")))

    def to_json(self) -> str:
        """The kick-off in the input format (round-trips through from_json).

        Returns
        -------
        str
            JSON text (``"kobling": "kickoff/1"``), accepted by :meth:`from_json`.
        """
        return str(self._core.to_json_text())

    # -- data -----------------------------------------------------------------

    @property
    def name(self) -> str:
        """The kick-off's name (empty when none was given)."""
        return str(self._core.name)

    @property
    def tie_break(self) -> str:
        """How ties in companies' preferences are decided by default ("lottery"
        unless the kick-off file's ``tie_break`` says otherwise)."""
        return self._core.tie_break

    @property
    def seed(self) -> int:
        """The kick-off's lottery seed (the file's ``seed``, else 0)."""
        return self._core.seed

    @property
    def max_dense_bytes(self) -> int:
        """Memory limit for the dense score table (bytes, default 4 GiB). Above
        it, the operations that hold every pair raise ResourceLimitError before
        allocating: :meth:`scores`, :meth:`eligibility` and the dense matrices
        of the lower layer (company preferences, acceptable pairs; some plots
        in kobling.plot read them). match(),
        compare(), reports, reasons, shortlists and interview plans score the
        listed pairs only, and top_k() works in blocks: none is limited. Set it
        before the first dense operation."""
        return int(self._core.max_dense_bytes)

    @max_dense_bytes.setter
    def max_dense_bytes(self, value: int) -> None:
        self._core.max_dense_bytes = int(value)

    @property
    def candidate_ids(self) -> list[str]:
        """Candidate ids in row order (a new list on every access)."""
        return list(self._candidate_ids)

    @property
    def company_ids(self) -> list[str]:
        """Company ids in column order (a new list on every access)."""
        return [c["id"] for c in self._companies]

    @property
    def preferences(self) -> np.ndarray:
        """(n, k) company indices, best first, padded with -1 (int32, a copy)."""
        return self._core.preferences

    @property
    def capacities(self) -> np.ndarray:
        """(m,) seats per company (int32, a copy)."""
        return self._core.capacities

    def companies(self) -> pd.DataFrame:
        """Companies with name, sector and capacity, indexed by id.

        Returns
        -------
        pandas.DataFrame
            One row per company in input order, index ``id``, columns ``name``,
            ``sector`` and ``capacity`` (int).
        """
        import pandas as pd

        return pd.DataFrame(self._companies).set_index("id")

    def scores(self) -> pd.DataFrame:
        """Fit scores s(i, j) in [0, 1]: candidates x companies.

        Returns
        -------
        pandas.DataFrame
            Shape (n, m), float64; index ``candidate`` (ids), columns ``company``
            (ids).

        Raises
        ------
        kobling.ResourceLimitError
            The dense score table would exceed :attr:`max_dense_bytes`.
        """
        import pandas as pd

        return pd.DataFrame(self._core.scores,
                            index=pd.Index(self._candidate_ids, name="candidate"),
                            columns=pd.Index(self.company_ids, name="company"))

    def eligibility(self) -> pd.DataFrame:
        """"eligible", "needs_review" or "ineligible" per pair.

        Returns
        -------
        pandas.DataFrame
            Shape (n, m) of str; index ``candidate`` (ids), columns ``company``
            (ids).

        Raises
        ------
        kobling.ResourceLimitError
            The dense score table would exceed :attr:`max_dense_bytes`.
        """
        import pandas as pd

        names = np.array(["eligible", "needs_review", "ineligible"])
        return pd.DataFrame(names[self._core.eligibility],
                            index=pd.Index(self._candidate_ids, name="candidate"),
                            columns=pd.Index(self.company_ids, name="company"))

    def explain(self, candidate: str | int, company: str | int) -> pd.DataFrame:
        """Why candidate i has score s(i, j) at company j.

        Parameters
        ----------
        candidate : str or int
            A candidate id, or a 0-based row index.
        company : str or int
            A company id, or a 0-based column index.

        Returns
        -------
        pandas.DataFrame
            One row per feature: label, value state (present / absent /
            unknown), weight, phi and contribution; the contributions sum to the
            score. ``.attrs`` holds ``score``, ``eligibility`` ("eligible",
            "needs_review", "ineligible"), ``reasons`` (why not: a list of dicts
            with code, feature, text), ``refused`` and ``company_rank``.
            The index is ``feature``; ``.attrs`` also holds the ``candidate``
            and ``company`` ids, and ``company_rank`` is 0-based (None when
            the company did not rank the candidate).

        Raises
        ------
        kobling.IndexOutOfRangeError
            An unknown id, or an index outside [0, n) or [0, m).
        TypeError
            ``candidate`` or ``company`` is neither a str nor an int (nor a
            numpy integer; a bool is neither).
        """
        import pandas as pd

        e = self._core.explain(self._candidate_index(candidate), self._company_index(company))
        frame = pd.DataFrame(e["contributions"]).set_index("feature")
        for key in ("candidate", "company", "score", "eligibility", "reasons", "refused",
                    "company_rank"):
            frame.attrs[key] = e[key]
        return frame

    def explain_dict(self, candidate: str | int, company: str | int) -> dict[str, Any]:
        """:meth:`explain` as plain Python data.

        Parameters
        ----------
        candidate : str or int
            A candidate id, or a 0-based row index.
        company : str or int
            A company id, or a 0-based column index.

        Returns
        -------
        dict
            Keys ``candidate`` and ``company`` (ids), ``score`` (float),
            ``eligibility`` (str), ``contributions`` (list of dicts with
            feature, label, weight, phi, contribution, state), ``reasons``
            (list of dicts with code, feature, text), ``refused`` (bool) and
            ``company_rank`` (0-based int, or None).

        Raises
        ------
        kobling.IndexOutOfRangeError
            An unknown id, or an index outside [0, n) or [0, m).
        TypeError
            ``candidate`` or ``company`` is neither a str nor an int (nor a
            numpy integer; a bool is neither).
        """
        return dict(self._core.explain(self._candidate_index(candidate),
                                       self._company_index(company)))

    def recommend(self, candidate: str | int, k: int = 5) -> pd.DataFrame:
        """The k best eligible companies for a candidate, before wishes are made.

        Parameters
        ----------
        candidate : str or int
            A candidate id, or a 0-based row index.
        k : int, optional
            The number of companies, >= 0 (default 5); fewer when fewer are
            eligible and not refusing the candidate.

        Returns
        -------
        pandas.DataFrame
            Indexed by company id: name, sector, score and ``main_reasons`` (the
            features that contribute most). Empty, with
            ``.attrs["empty_profile"] = True``, when nothing is recorded for the
            candidate: a score of 0 everywhere is not a fit.

        Raises
        ------
        kobling.InvalidInputError
            ``k`` is not an integer >= 0 (a bool is refused too).
        kobling.IndexOutOfRangeError
            An unknown candidate id, or an index outside [0, n).
        TypeError
            ``candidate`` is neither a str nor an int (a bool is neither).
        kobling.ResourceLimitError
            The dense score table would exceed :attr:`max_dense_bytes`.
        """
        import pandas as pd

        if not isinstance(k, (int, np.integer)) or isinstance(k, bool) or k < 0:
            raise _core.InvalidInputError(
                f"[kobling.recommend.bad_k] k: must be an integer >= 0, got {k!r}")
        empty, items = self._core.recommend(self._candidate_index(candidate), int(k))
        rows = [{
            "company": self._companies[it["company"]]["id"],
            "name": self._companies[it["company"]]["name"],
            "sector": self._companies[it["company"]]["sector"],
            "score": it["score"],
            "main_reasons": _main_reasons(it["main"]),
        } for it in items]
        frame = pd.DataFrame(rows, columns=["company", "name", "sector", "score", "main_reasons"])
        frame = frame.set_index("company")
        frame.attrs["empty_profile"] = bool(empty)
        return frame

    def shortlist(self, company: str | int) -> pd.DataFrame:
        """The candidates who listed a company, in its preference order
        (interview ranking, then score), acceptable ones first, with reasons.

        Parameters
        ----------
        company : str or int
            A company id, or a 0-based column index.

        Returns
        -------
        pandas.DataFrame
            Indexed by candidate id, columns ``wish`` (1-based rank of the
            company in the candidate's list), ``interview_rank`` (1-based,
            nullable Int64: <NA> when not ranked), ``score``, ``status``
            ("eligible", "needs_review", "ineligible" or "refused", with
            " (empty profile)" appended when nothing is recorded), ``reasons``
            and ``main_reasons`` (text).

        Raises
        ------
        kobling.IndexOutOfRangeError
            An unknown company id, or an index outside [0, m).
        TypeError
            ``company`` is neither a str nor an int (a bool is neither).
        kobling.ResourceLimitError
            The dense score table would exceed :attr:`max_dense_bytes`.
        """
        import pandas as pd

        rows = []
        for e in self._core.shortlist(self._company_index(company)):
            rows.append({
                "candidate": self._candidate_ids[e["candidate"]],
                "wish": e["wish_rank"] + 1,
                "interview_rank": None if e["company_rank"] is None else e["company_rank"] + 1,
                "score": e["score"],
                "status": ("refused" if e["refused"] else e["eligibility"])
                + (" (empty profile)" if e["empty_profile"] else ""),
                "reasons": "; ".join(r["text"] for r in e["reasons"]),
                "main_reasons": _main_reasons(e["main"]),
            })
        columns = ["candidate", "wish", "interview_rank", "score", "status", "reasons",
                   "main_reasons"]
        frame = pd.DataFrame(rows, columns=columns).set_index("candidate")
        frame["interview_rank"] = frame["interview_rank"].astype("Int64")
        return frame

    def top_k(self, k: int = 5, *, block_rows: int = 1024, threads: int = 0) -> pd.DataFrame:
        """The k best eligible companies of every candidate, computed in blocks
        (no n x m matrix): a long DataFrame with candidate, rank (1 = best),
        company and score.

        Parameters
        ----------
        k : int, optional
            Companies per candidate, >= 0 (default 5; at most m).
        block_rows : int, optional
            Candidates per block, >= 1 (default 1024).
        threads : int, optional
            0 (default): one per hardware thread (at most 8). Results do not
            depend on it.

        Returns
        -------
        pandas.DataFrame
            Columns ``candidate`` (id), ``rank`` (1 = best), ``company`` (id)
            and ``score``, ordered by candidate then rank, with a default
            RangeIndex; a candidate with fewer than k eligible companies has
            fewer rows. Not limited by :attr:`max_dense_bytes`.

        Raises
        ------
        kobling.InvalidInputError
            ``k`` < 0 or ``block_rows`` < 1.
        """
        import pandas as pd

        company, score = self._core.top_k(int(k), int(block_rows), int(threads))
        n, kk = company.shape
        ids = np.array(self.company_ids + [None], dtype=object)
        frame = pd.DataFrame({
            "candidate": np.repeat(np.array(self._candidate_ids, dtype=object), kk),
            "rank": np.tile(np.arange(1, kk + 1), n),
            "company": ids[company.ravel()],
            "score": score.ravel(),
        })
        return frame[frame["company"].notna()].reset_index(drop=True)

    # -- interviews -------------------------------------------------------------

    def plan_interviews(self, *, cap_per_seat: float = 3.0, min_per_candidate: int = 1,
                        start: str = "09:00", end: str = "16:00", slot_minutes: int = 20,
                        travel_minutes: int = 0) -> InterviewDay:
        """Plan the interview day: who interviews whom, and when.

        Who (exact, :func:`kobling.plan_interviews`): each company at most its
        cap (its own ``interviews.cap``, else ``cap_per_seat`` x its seats,
        rounded up); every candidate at least ``min_per_candidate``
        interviews among their wishes wherever possible; then wish rank, then
        fit score. Eligible pairs and pairs that need review are interviewed
        (an interview is where an unrecorded requirement gets checked);
        ineligible and refused pairs are not. When
        (:func:`kobling.schedule_interviews`): slots of ``slot_minutes`` from
        ``start`` to ``end``; nobody in two rooms at once; each company's
        rooms, site and availability windows and each candidate's windows
        (``interviews`` and ``available`` in the kick-off file);
        ``travel_minutes`` between interviews at different sites. Without
        windows the timetable uses the fewest slots possible.

        Parameters
        ----------
        cap_per_seat : float
            Interviews per seat for companies without their own cap.
        min_per_candidate : int
            Interviews every candidate should have where the wishes allow.
        start, end : str
            The day's first slot and its end, "HH:MM".
        slot_minutes : int
            The length of an interview slot.
        travel_minutes : int
            Time a candidate needs between interviews at different sites.

        Returns
        -------
        InterviewDay
            DataFrames (:meth:`InterviewDay.interviews`, timetables, the
            verdict template, uncovered candidates), JSON, files and
            calendar invitations.

        Raises
        ------
        kobling.InvalidInputError
            A slot shorter than a minute or a day without a slot
            (``kobling.interviews.bad_slots``), a negative ``cap_per_seat``,
            minimum or travel time, a time that is not HH:MM.
        """
        from .interviews import InterviewDay

        _warnings.issue(self._core.warnings())
        core = self._core.interview_day(float(cap_per_seat), int(min_per_candidate), str(start),
                                        str(end), int(slot_minutes), int(travel_minutes))
        return InterviewDay(self, core)

    def with_verdicts(self, verdicts: Any) -> Kickoff:
        """The kick-off with the companies' interview verdicts as rankings.

        Parameters
        ----------
        verdicts : pandas.DataFrame, str or os.PathLike
            Columns ``company``, ``candidate`` and ``verdict`` (the filled
            :meth:`InterviewDay.verdict_template`), or the path of that CSV.
            A verdict is a tier number (1 = best; equal numbers share a
            place, a tie the kick-off's lottery decides), "wanted"/"ønsket"
            (tier 1), "maybe"/"kanskje" (tier 2) or "no"/"nei"/"refused"
            (refused); empty leaves the candidate unranked.

        Returns
        -------
        Kickoff
            A new kick-off: each company with verdicts gets them as its
            ranking (replacing the old one) and its refusals (added).

        Raises
        ------
        kobling.ParseError
            A file without the three columns; the message names the row.
        kobling.IndexOutOfRangeError
            An unknown company or candidate id.
        kobling.InvalidInputError
            A verdict that is none of the above, a second verdict on the same
            pair, or a candidate both ranked and refused.
        """
        if isinstance(verdicts, (str, os.PathLike)):
            path = Path(verdicts)
            text, name = path.read_text(encoding="utf-8"), path.name
        else:
            frame = verdicts[["company", "candidate", "verdict"]].astype(str)
            frame = frame.replace({"nan": "", "None": "", "<NA>": ""})
            text, name = frame.to_csv(index=False), "verdicts"
        kickoff = type(self)(self._core.apply_verdicts(text, name))
        kickoff._sources = list(self._sources)
        return kickoff

    def with_weights(self, weights: Any, *, companies: Iterable[str] | None = None,
                     force: bool = False) -> Kickoff:
        """The kick-off with learned weights (kobling/fit.hpp, with_weights).

        Every chosen company weighs the profile's features by its weights and
        nothing else; a pair feature (categorical, skills, location) the
        company has no target for gets 0 there (a KoblingWarning
        ``kobling.warn.weight_dropped``). A company's order of its unranked
        applicants is then the model's order of their predicted outcome;
        interview rankings still come first.

        Parameters
        ----------
        weights : FitResult, str, os.PathLike or mapping
            A fit, a ``weights/1`` file (``kobling fit --out``), or feature ->
            weight (your own; taken as given).
        companies : iterable of str, optional
            Company ids to change (default: all).
        force : bool
            Apply a fit whose validation kept the hand weights (refused
            otherwise: ``kobling.weights.not_validated``).

        Returns
        -------
        Kickoff
            A new kick-off with the learned weights.

        Raises
        ------
        kobling.InvalidInputError
            Not validated without ``force``; coefficients that cannot be
            weights; a profile feature this kick-off declares protected.
        kobling.IndexOutOfRangeError
            A feature or company id the kick-off lacks.
        """
        from .fit import FitResult

        if isinstance(weights, FitResult):
            p = weights._profile
            if not p["usable"]:
                raise _core.InvalidInputError(
                    "[kobling.weights.not_usable] profile: the learned coefficients cannot be "
                    "weights (a negative effect, or none above 0); keep the hand weights")
            features, values = list(p["features"]), list(p["weights"])
            protected, validated = list(p["protected"]), weights.adopt
        elif isinstance(weights, (str, os.PathLike)):
            features, values, protected, validated = _core.load_weights(os.fspath(weights))
        elif isinstance(weights, Mapping) or hasattr(weights, "items"):
            items = dict(weights.items())
            features = [str(k) for k in items]
            values = []
            for k, v in items.items():
                if isinstance(v, bool) or not isinstance(v, (int, float, np.integer, np.floating)):
                    raise TypeError(f"weights[{k!r}]: expected a number, got {type(v).__name__}")
                values.append(float(v))
            protected, validated = [], True
        else:
            raise TypeError("weights: expected a FitResult, a weights/1 file or a mapping "
                            f"feature -> weight, got {type(weights).__name__}")
        core, found = _core.with_weights(self._core, features, values, protected,
                                         bool(validated), list(companies or []), bool(force))
        _warnings.issue([{"id": i, "place": p, "text": t} for i, p, t in found])
        kickoff = type(self)(core)
        kickoff._sources = list(self._sources)
        return kickoff

    def record(self, result: Any, outcomes: pd.DataFrame, *, id: str,  # noqa: A002
               date: str, follow_up: str | None = None,
               reason_codes: Iterable[str] = ()) -> Any:
        """The record step: this kick-off, its final placements and what
        became of the young people, checked and frozen as an
        :class:`kobling.Intake` (kobling/outcomes.hpp).

        Parameters
        ----------
        result : KickoffResult or mapping
            The final placements (a result, or candidate id -> company id).
        outcomes : pandas.DataFrame
            One row per event: ``candidate``, ``company`` (the placement the
            event is about; empty for destinations of unplaced candidates),
            ``status`` (declined, started, completed, dropped_out, in_work,
            in_education, inactive), ``date`` (YYYY-MM-DD) and ``reason`` (a
            reason code, dropouts only). As in ``outcomes.csv``, consecutive
            rows of one candidate form its record, in date order; a row without
            a company (a destination after a dropout) belongs to the record.
        id, date : str
            The intake's id and the kick-off's date.
        follow_up : str, optional
            When outcomes were last looked at; no event may be later.
        reason_codes : iterable of str
            Dropout reasons besides the standard ones.

        Returns
        -------
        Intake

        Raises
        ------
        kobling.IndexOutOfRangeError, kobling.InvalidInputError, kobling.ParseError
            With the place in the intake document ($.outcomes[r].events[e]):
            an unknown candidate, events out of date order, a placement status
            for someone not placed, a bad date or reason, ...
        """
        from .outcomes import record

        return record(self, result, outcomes, id=id, date=date, follow_up=follow_up,
                      reason_codes=reason_codes)

    # -- policies -------------------------------------------------------------

    def match(self, policy: str = "stable", *, proposer: str = "candidates",
              rank_bonus: Any = None, score_weight: float = 1.0,
              tie_break: str | None = None, seed: int | None = None,
              improve: bool = False, price_bounds: bool = False,
              time_limit: float = 60.0, max_placed: bool = False) -> KickoffResult:
        """Assign candidates to companies with one policy.

        Parameters
        ----------
        policy : {"stable", "max_placement", "rank_maximal"}
        proposer : {"candidates", "companies"}
            For ``stable``: which side proposes.
        rank_bonus, score_weight
            For ``max_placement`` (see :func:`kobling.max_placement_assignment`).
        tie_break : {"lottery", "lottery_per_company", "index"}, optional
            How ties are decided: under ``stable`` a company's equal scores
            or shared ranking place, under ``max_placement`` and
            ``rank_maximal`` equally good assignments (the rule's first-drawn
            candidates are placed). None: the kick-off's (:attr:`tie_break`,
            a lottery unless the file says otherwise).
        seed : int, optional
            The lottery's seed, 0 <= seed < 2**64; None: the kick-off's
            (:attr:`seed`). The result records the rule, the seed
            and every tie that decided a seat (:meth:`KickoffResult.ties`).
        improve : bool
            For ``stable``: stable improvement cycles after deferred
            acceptance (weakly stable; no weakly stable assignment is better
            for some candidate and worse for none).
        price_bounds : bool
            With cohort bounds (the kick-off file's ``bounds``; they apply to
            ``max_placement`` and ``rank_maximal``): re-solve without each
            bound and report what it costs (:meth:`KickoffResult.bounds`).
        time_limit : float
            Seconds per objective level of the cohort bounds' MIP (and for
            ``max_placed``).
        max_placed : bool
            For ``stable``: the largest weakly stable matching (companies'
            ties as ties) instead of deferred acceptance with the tie rule,
            exact through a mixed-integer program (kick-off scale).

        Returns
        -------
        KickoffResult
            The assignment with labels; its ``policy`` describes the policy,
            e.g. "stable (candidate-proposing)".

        Raises
        ------
        kobling.InvalidInputError
            An unknown policy, proposer or tie_break; ``proposer="companies"``
            or ``improve`` with a policy other than stable; a ``rank_bonus``
            that is not 1-D, or (for max_placement) a ``rank_bonus`` with
            fewer than k entries or a non-finite entry, or a non-finite
            ``score_weight``.
        TypeError
            A ``policy`` or ``proposer`` that is not a str, a non-numeric
            ``rank_bonus``, or a ``score_weight`` of a type :class:`float` does
            not accept (None, a list, ...).
        """
        _warnings.issue(self._core.warnings())
        result = self._core.match(policy, proposer, rank_bonus, float(score_weight),
                                  tie_break, seed, improve, price_bounds=bool(price_bounds),
                                  time_limit=float(time_limit), max_placed=bool(max_placed))
        return KickoffResult(self, result,
                             self._core.describe(policy, proposer, improve, bool(max_placed)))

    def next_round(self, previous: KickoffResult | PathLike, *, policy: str = "stable",
                   withdrawn: Sequence[str] = (), pinned: Sequence[str] | None = None,
                   pin_all: bool = False, no_worse: bool = False,
                   tie_break: str | None = None, seed: int | None = None,
                   improve: bool = False) -> KickoffResult:
        """A later round on this kick-off.

        Edit late candidates, extra seats and second-round wishes into the
        kick-off; give the last round's result, who withdrew and who is
        pinned. Pinned candidates keep their company, withdrawn ones take no
        seat, and the policy fills the rest: stable by deferred acceptance
        (include/kobling/stable.hpp, "Rounds", states the guarantees);
        max_placement and rank_maximal exactly, moving as few candidates as
        possible after their own levels (RoundOptions in
        include/kobling/assignment.hpp).

        Parameters
        ----------
        previous : KickoffResult or str or os.PathLike
            The last round's result (of this kick-off or an earlier version of
            it: matched by ids), or the path of a result file it saved.
        policy : {"stable", "max_placement", "rank_maximal"}
            The policy of this round.
        withdrawn : sequence of str
            Candidate ids who dropped out or declined their offer.
        pinned : sequence of str, optional
            Candidate ids who signed or started: kept at their previous
            company.
        pin_all : bool
            Pin everyone placed in ``previous`` who did not withdraw.
        no_worse : bool
            Everyone placed in ``previous`` keeps priority at that company, so
            nobody ends worse off even when late candidates or new wishes
            compete for their seat.
        tie_break, seed, improve
            As for :meth:`match` (``improve``: stable only).

        Returns
        -------
        KickoffResult
            Its ``assignment.changes`` and :meth:`KickoffResult.changes` say
            who moved, who was newly placed and who lost a seat.

        Raises
        ------
        kobling.IndexOutOfRangeError
            An id the kick-off does not have (in the lists or in ``previous``).
        kobling.InvalidInputError
            A pinned candidate without a previous company, a pinned pair the
            company refuses or that is no longer on the candidate's list, more
            pins than seats, a candidate both pinned and withdrawn, or, with
            ``no_worse``, incumbents that no longer fit.
        TypeError
            ``previous`` of another type, ``pinned`` given with ``pin_all``.
        """
        if isinstance(previous, KickoffResult):
            text = previous.to_json()
        elif isinstance(previous, (str, os.PathLike)):
            text = Path(previous).read_text(encoding="utf-8")
        else:
            raise TypeError(f"previous: expected a KickoffResult or a result file path, got "
                            f"{type(previous).__name__}")
        if pin_all and pinned is not None:
            raise TypeError("give pinned or pin_all, not both")
        before = self._core.previous_from_result(text)
        gone = [self._candidate_index(c) for c in withdrawn]
        if pin_all:
            out = set(gone)
            keep = [i for i, j in enumerate(before) if j >= 0 and i not in out]
        else:
            keep = [self._candidate_index(c) for c in (pinned or ())]
        _warnings.issue(self._core.warnings())
        result = self._core.match(policy, "candidates", None, 1.0, tie_break, seed, improve,
                                  before, gone, keep, no_worse)
        label = self._core.describe(policy, "candidates", improve) + ", round"
        return KickoffResult(self, result, label)

    def warnings(self) -> pd.DataFrame:
        """The kick-off's silent choices: inputs that are valid but almost
        surely not meant (all-zero weights, a listed company without seats, a
        ranking naming a non-applicant or a candidate the company cannot take,
        a feature nothing uses, a candidate without a possible wish). match(),
        next_round(), compare() and plan_interviews() also issue them with
        :func:`warnings.warn` as :class:`kobling.KoblingWarning` (at most 10 per
        id, then a count).

        Returns
        -------
        pandas.DataFrame
            Columns ``id`` (``kobling.warn.*``, in the error catalogue),
            ``place`` and ``text``; sorted by id.
        """
        import pandas as pd

        return pd.DataFrame(self._core.warnings(), columns=["id", "place", "text"])

    def compare(self) -> pd.DataFrame:
        """Run every policy; one row each: placed, wishes honoured per rank, mean
        score and blocking pairs. ``.attrs["differing"]`` lists the candidates
        whose company differs between policies; :meth:`compare_results` gives
        the results themselves.

        Returns
        -------
        pandas.DataFrame
            Index ``policy`` ("stable", "max_placement", "rank_maximal"),
            columns ``placed``, ``1st wish`` ... (one per rank, k in all),
            ``mean_score`` and ``blocking_pairs``.

        Warns
        -----
        KoblingWarning
            The kick-off's silent choices (:meth:`warnings`).
        """
        import pandas as pd

        _warnings.issue(self._core.warnings())
        rows, differing, _ = self._core.compare()
        table = []
        for row in rows:
            entry: dict[str, Any] = {"policy": row["policy"], "placed": row["placed"]}
            for r, count in enumerate(row["rank_counts"]):
                entry[f"{_core.ordinal_wish(r)} wish"] = count
            entry["mean_score"] = row["mean_score"]
            entry["blocking_pairs"] = row["blocking_pairs"]
            table.append(entry)
        frame = pd.DataFrame(table).set_index("policy")
        frame.attrs["differing"] = [self._candidate_ids[i] for i in differing]
        return frame

    def compare_results(self) -> dict[str, KickoffResult]:
        """The result of every policy, by policy name.

        Returns
        -------
        dict of str to KickoffResult
            Keys "stable" (candidate-proposing), "max_placement" and
            "rank_maximal", in that order.

        Warns
        -----
        KoblingWarning
            The kick-off's silent choices (:meth:`warnings`).
        """
        _warnings.issue(self._core.warnings())
        rows, _, _ = self._core.compare()
        return {row["policy"]: KickoffResult(self, row["result"], row["policy"]) for row in rows}

    def compare_text(self) -> str:
        """The policy comparison as the CLI prints it.

        Returns
        -------
        str
            A plain-text table, one line per policy, then the candidates whose
            company differs between policies.

        Warns
        -----
        KoblingWarning
            The kick-off's silent choices (:meth:`warnings`).
        """
        _warnings.issue(self._core.warnings())
        return str(self._core.compare()[2])

    # -- helpers --------------------------------------------------------------

    def _candidate_index(self, candidate: str | int) -> int:
        return int(self._core.candidate_index(candidate))

    def _company_index(self, company: str | int) -> int:
        return int(self._core.company_index(company))

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
