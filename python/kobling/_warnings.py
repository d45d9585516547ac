"""Warnings: the silent choices a kick-off would make (kobling/warnings.hpp)."""

from __future__ import annotations

import warnings
from collections.abc import Iterable, Mapping

# Lines per id before the rest are counted (kobling::kWarningLines).
WARNING_LINES = 10


class KoblingWarning(UserWarning):
    """A kick-off input that is valid but almost surely not meant: all-zero
    weights, a listed company without seats, a ranking that names a
    non-applicant or a candidate the company cannot take, a feature nothing
    uses, a candidate without a possible wish. ``id`` is the catalogue id
    (``kobling.warn.*``), ``place`` what it concerns, ``text`` the consequence;
    ``str()`` is ``"[id] place: text"``, as the CLI prints it. Make them errors
    with ``warnings.simplefilter("error", kobling.KoblingWarning)`` (the CLI's
    ``--strict``)."""

    def __init__(self, id: str, place: str, text: str) -> None:  # noqa: A002 (the catalogue's word)
        super().__init__(f"[{id}] {place}: {text}" if place else f"[{id}] {text}")
        self.id = id
        self.place = place
        self.text = text


def issue(found: Iterable[Mapping[str, str]], stacklevel: int = 3) -> None:
    """warnings.warn for each warning, at most WARNING_LINES per id, then one
    that counts the rest."""
    shown: dict[str, int] = {}
    for w in found:
        count = shown.get(w["id"], 0) + 1
        shown[w["id"]] = count
        if count <= WARNING_LINES:
            warnings.warn(KoblingWarning(w["id"], w["place"], w["text"]), stacklevel=stacklevel)
    for id_, count in shown.items():
        if count > WARNING_LINES:
            warnings.warn(KoblingWarning(id_, "", f"and {count - WARNING_LINES} more like it"),
                          stacklevel=stacklevel)
