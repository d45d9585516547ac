"""Pythonic helpers on the native Assignment: pandas export and notebook display."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from . import _core

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd


def to_frame(
    self: _core.Assignment,
    candidate_ids: Sequence[Any] | None = None,
    company_ids: Sequence[Any] | None = None,
) -> pd.DataFrame:
    """The assignment as a DataFrame, one row per candidate.

    Parameters
    ----------
    candidate_ids, company_ids : sequence, optional
        Labels for rows and for the ``company`` column; default: indices.

    Returns
    -------
    pandas.DataFrame
        Columns ``company`` (label or None), ``company_index`` (-1 = unplaced)
        and ``rank`` (0-based, -1 = none), indexed by candidate.

    Raises
    ------
    ValueError
        ``candidate_ids`` does not have one label per candidate.
    IndexError
        ``company_ids`` has no label for an assigned company index.
    """
    import pandas as pd

    company = self.company
    index = pd.Index(list(candidate_ids) if candidate_ids is not None else range(len(company)),
                     name="candidate")
    labels: list[Any]
    if company_ids is None:
        labels = [int(j) if j >= 0 else None for j in company]
    else:
        labels = [company_ids[j] if j >= 0 else None for j in company]
    return pd.DataFrame(
        {"company": labels, "company_index": company.copy(), "rank": self.rank.copy()}, index=index
    )


def _repr_html_(self: _core.Assignment) -> str:
    n = len(self.company)
    share = f"{100.0 * self.placed / n:.1f}%" if n else "-"
    ranks = "".join(
        f"<tr><td>{_core.ordinal_wish(r)} wish</td><td>{int(c)}</td></tr>"
        for r, c in enumerate(self.rank_counts)
    )
    cert = ", ".join(self.duals.levels) if self.duals else "none (check blocking_pairs)"
    return (
        "<table><caption>kobling Assignment</caption>"
        f"<tr><td>placed</td><td>{self.placed} of {n} ({share})</td></tr>{ranks}"
        f"<tr><td>objective</td><td>{self.objective:.6g}</td></tr>"
        f"<tr><td>certificate</td><td>{cert}</td></tr></table>"
    )


def install() -> None:
    """Attach the helpers to the native class (done once on import)."""
    _core.Assignment.to_frame = to_frame  # type: ignore[method-assign]
    _core.Assignment._repr_html_ = _repr_html_  # type: ignore[method-assign]
