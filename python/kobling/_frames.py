"""DataFrame -> CSV text for :meth:`kobling.Kickoff.from_dataframes`.

The frames are written in the CSV layout of data/README.md and handed to the
C++ CSV reader, which validates them and names rows by their position
("candidates DataFrame, row 3"). Only what the CSV text cannot say is checked
here: list items that would not read back.
"""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Mapping
from typing import Any

import numpy as np

from . import _core


def name(what: str) -> str:
    """How messages name the frame ``what``: "candidates DataFrame" (the C++
    reader adds ", row 3 (column ...)")."""
    return f"{what} DataFrame"


def cell(value: Any) -> str:
    """One value as CSV cell text: '' for unknown (None, NaN, NA), true/false,
    ';'-joined lists ('none' for an empty one), numbers as Python prints them."""
    if value is None:
        return ""
    if isinstance(value, float) and math.isnan(value):
        return ""
    if isinstance(value, (bool, np.bool_)):
        return "true" if value else "false"
    if isinstance(value, (list, tuple, np.ndarray)):
        items = list(value)
        return ";".join(_item(v) for v in items) if items else "none"
    if isinstance(value, (float, np.floating)):
        return repr(float(value))
    if isinstance(value, (int, np.integer)):
        return str(int(value))
    try:
        import pandas as pd

        if value is pd.NA or value is pd.NaT:
            return ""
    except ImportError:  # pragma: no cover
        pass
    return str(value)


def _item(value: Any) -> str:
    """A list item; an item that is itself a list is a shared place of a
    ranking (an interview tier), written "a = b"."""
    if isinstance(value, (list, tuple, np.ndarray)):
        return " = ".join(cell(v) for v in value)
    return cell(value)


def check_list_items(value: Any, what: str, row: int, column: str) -> None:
    """Lists become ';'-joined cells: refuse items that would not read back."""
    if not isinstance(value, (list, tuple, np.ndarray)):
        return
    items = list(value)
    for item in items:
        if isinstance(item, (list, tuple, np.ndarray)) and column == "ranking":
            if not list(item):
                raise _core.InvalidInputError(
                    f'[kobling.dataframe.list_item] {name(what)}, row {row} (column "{column}"): '
                    "a shared place (an inner list) is empty")
            for inner in item:
                check_list_items([inner], what, row, column)
            continue
        text = cell(item)
        problem = None
        if ";" in text:
            problem = "contains ';', which separates list items"
        elif column == "ranking" and "=" in text:
            problem = "contains '=', which joins the candidates of a shared place"
        elif not text.strip():
            problem = "is empty"
        elif text == "none" and len(items) == 1:
            problem = "'none' alone reads as absent"
        if problem:
            raise _core.InvalidInputError(
                f'[kobling.dataframe.list_item] {name(what)}, row {row} (column "{column}"): '
                f"list item {item!r} {problem} in the CSV layout"
            )


def frame_to_csv(frame: Any, what: str) -> str:
    """A DataFrame as CSV text; ``what`` ("candidates", ...) names it in errors.
    Without an ``id`` column the index is used (when it is named id)."""
    if not hasattr(frame, "columns") or not hasattr(frame, "itertuples"):
        raise TypeError(f"{what} must be a pandas DataFrame, got {type(frame).__name__}")
    columns = [str(c) for c in frame.columns]
    if "id" not in columns and what not in ("features", "bounds"):
        frame = frame.reset_index()
        columns = [str(c) for c in frame.columns]
        if "id" not in columns:
            raise _core.InvalidInputError(
                f'[kobling.dataframe.missing] {name(what)}: no "id" column '
                "(or index named id)"
            )
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(columns)
    for r, row in enumerate(frame.itertuples(index=False, name=None)):
        for column, value in zip(columns, row):
            check_list_items(value, what, r, column)
        writer.writerow([cell(v) for v in row])
    return out.getvalue()


def records_to_csv(records: list[Any]) -> str:
    """A list of dicts (features as in the JSON format) as CSV text."""
    columns: list[str] = []
    for r in records:
        if not isinstance(r, Mapping):
            raise TypeError("features must be a DataFrame or a list of dicts")
        for key in r:
            if key not in columns:
                columns.append(key)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(columns)
    for r in records:
        writer.writerow([cell(r.get(c)) for c in columns])
    return out.getvalue()


def rows_to_csv(rows: Any) -> str:
    """A sheet read with header=None (the header is the first row) as CSV
    text, one CSV line per sheet row, so that the reader's row numbers are the
    sheet's (an empty row stays an empty line, which the reader skips)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    width = 0
    lines = []
    for row in rows.itertuples(index=False, name=None):
        # A line break inside a cell (Alt+Enter) would make a CSV record span
        # two lines and shift every later row number: a space instead.
        cells = [" ".join(cell(v).splitlines()) for v in row]
        while cells and cells[-1] == "":
            cells.pop()  # (Excel's trailing empty cells)
        width = max(width, len(cells))
        lines.append(cells)
    for cells in lines:
        writer.writerow(cells + [""] * (width - len(cells)) if cells else [])
    return out.getvalue()


def code_kinds(features: Any) -> dict[str, str]:
    """Feature name -> kind for the features whose values are codes
    (categorical, skills), from a features DataFrame or list of dicts."""
    if features is None:
        return {}
    records = features.to_dict("records") if hasattr(features, "to_dict") else list(features)
    return {str(r.get("name")): str(r.get("kind")) for r in records
            if isinstance(r, Mapping) and r.get("kind") in ("categorical", "skills")}


def numeric_code_columns(frame: Any, what: str, codes: dict[str, str]) -> list[tuple[str, str]]:
    """(column, dtype) of code columns that arrived as numbers: a candidates
    column named after a categorical or skills feature, a companies column
    target.<feature> or require.<feature>."""
    found = []
    for column in getattr(frame, "columns", []):
        key = str(column)
        feature = key if what == "candidates" else (
            key.split(".", 1)[1] if key.startswith(("target.", "require.")) else "")
        dtype = getattr(frame[column], "dtype", None)
        if feature in codes and dtype is not None and dtype.kind in "iuf":
            found.append((key, str(dtype)))
    return found
