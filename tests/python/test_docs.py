"""Every public callable documents itself in numpydoc form: a "Parameters"
section when it takes arguments (besides self/cls) and a "Returns" section
unless it returns None.

Covered: the functions in ``kobling.__all__``; the public methods, class- and
static methods of the non-exception classes in ``kobling.__all__`` that are
defined in the kobling package (among them :class:`kobling.KickoffResult`, the
result type of ``Kickoff.match``); the public functions of
``kobling.plot``. Properties need no "Returns" section (a Python property
needs a docstring). Whether a callable takes parameters and returns something
comes from ``inspect.signature`` and the return annotation for Python code,
and from the first docstring line pybind11 writes (``name(arg: type, ...) ->
ret``) for compiled code.
"""

from __future__ import annotations

import inspect
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, Callable

import kobling
import kobling.plot
from conftest import split_top_level

# Public classes that are not in kobling.__all__ but are handed to users.
EXTRA_CLASSES: tuple[type, ...] = ()
# Owners of inherited members that are not kobling's API.
FOREIGN_MODULES = ("builtins", "pybind11_builtins")


def has_section(doc: str | None, title: str) -> bool:
    """True when ``doc`` has a numpydoc section ``title``: the title alone on
    a line, an underline of at least as many dashes, then a non-blank line."""
    if not doc:
        return False
    lines = inspect.cleandoc(doc).splitlines()
    for i in range(len(lines) - 2):
        if (lines[i].strip() == title
                and re.fullmatch(rf"-{{{len(title)},}}", lines[i + 1].strip())
                and lines[i + 2].strip()):
            return True
    return False


def native_signature(name: str, doc: str | None) -> tuple[bool, bool] | None:
    """(takes parameters, returns something) from pybind11's first docstring
    line ``name(arg: type, ...) -> ret``; None when there is no such line."""
    first = (doc or "").strip().splitlines()[0] if (doc or "").strip() else ""
    match = re.fullmatch(rf"{re.escape(name)}\((.*)\)\s*->\s*(.+)", first.strip())
    if not match:
        return None
    params = [part.split(":")[0].split("=")[0].strip()
              for part in split_top_level(match.group(1))]
    params = [p for p in params if p not in ("*", "/", "self", "cls")]
    return bool(params), match.group(2).strip() != "None"


def python_signature(func: Callable[..., Any]) -> tuple[bool, bool]:
    """(takes parameters, returns something) for a Python function: parameters
    other than self/cls; something unless the return annotation is None (a
    missing annotation counts as returning something)."""
    sig = inspect.signature(func)
    params = [p for p in sig.parameters if p not in ("self", "cls")]
    ret = sig.return_annotation
    returns_none = ret is None or ret is type(None) or (isinstance(ret, str) and ret == "None")
    return bool(params), not returns_none


@dataclass
class Entry:
    qualname: str
    doc: str | None
    takes_params: bool
    returns: bool
    python: bool  # Python code (must have a docstring at all)


def describe(qualname: str, name: str, func: Any) -> Entry | None:
    """An Entry, or None when a compiled callable has no signature line."""
    doc = inspect.getdoc(func) if inspect.isfunction(func) else getattr(func, "__doc__", None)
    if inspect.isfunction(func):
        takes, returns = python_signature(func)
        return Entry(qualname, doc, takes, returns, python=True)
    parsed = native_signature(name, doc)
    if parsed is None:
        return None
    return Entry(qualname, doc, *parsed, python=False)


def class_members(cls: type) -> Iterator[tuple[str, Entry | None, str | None]]:
    """(qualified name, entry, problem) per public member of ``cls`` that is
    defined in the kobling package (not inherited from builtins/pybind11)."""
    for name in sorted(dir(cls)):
        if name.startswith("_"):
            continue
        owner = next((k for k in cls.__mro__ if name in vars(k)), None)
        if owner is None or owner is object or owner.__module__ in FOREIGN_MODULES:
            continue
        qualname = f"{cls.__module__}.{cls.__qualname__}.{name}"
        attr = vars(owner)[name]
        if isinstance(attr, property):
            getter = attr.fget
            python = inspect.isfunction(getter)
            doc = getter.__doc__ if python else attr.__doc__
            # Properties: no parameters, no Returns section required.
            yield qualname, Entry(qualname, doc, False, False, python), None
            continue
        if isinstance(attr, (classmethod, staticmethod)):
            attr = attr.__func__
        if not callable(attr):
            continue
        entry = describe(qualname, name, attr)
        if entry is None:
            # A compiled method without a signature line: nothing to check
            # against (only allowed on pybind11 classes).
            if owner.__module__ != "kobling._core":
                yield qualname, None, "no signature to check the docstring against"
            continue
        yield qualname, entry, None


def public_api() -> list[tuple[str, Entry | None, str | None]]:
    items: list[tuple[str, Entry | None, str | None]] = []
    classes: list[type] = []
    for name in kobling.__all__:
        obj = getattr(kobling, name)
        if isinstance(obj, type):
            if issubclass(obj, BaseException) or not obj.__module__.startswith("kobling"):
                continue
            classes.append(obj)
        elif callable(obj):
            qualname = f"kobling.{name}"
            entry = describe(qualname, name, obj)
            items.append((qualname, entry, None if entry else "no signature line in the docstring"))
    for cls in [*classes, *EXTRA_CLASSES]:
        items.extend(class_members(cls))
    for name, obj in sorted(vars(kobling.plot).items()):
        if name.startswith("_") or not inspect.isfunction(obj):
            continue
        if obj.__module__ != kobling.plot.__name__:
            continue
        qualname = f"kobling.plot.{name}"
        items.append((qualname, describe(qualname, name, obj), None))
    return items


def offences(entry: Entry) -> list[str]:
    problems = []
    if entry.python and not (entry.doc or "").strip():
        problems.append("no docstring")
    if entry.takes_params and not has_section(entry.doc, "Parameters"):
        problems.append("takes parameters but has no 'Parameters' section")
    if entry.returns and not has_section(entry.doc, "Returns"):
        problems.append("returns a value but has no 'Returns' section")
    return problems


def test_public_api_docstrings_have_numpydoc_sections():
    offenders = []
    for qualname, entry, problem in public_api():
        if problem:
            offenders.append(f"{qualname}: {problem}")
            continue
        assert entry is not None
        offenders.extend(f"{qualname}: {p}" for p in offences(entry))
    assert not offenders, (
        f"{len(offenders)} public callable(s) lack numpydoc sections:\n  "
        + "\n  ".join(offenders))


def test_the_check_covers_the_api():
    """The walk above finds what it must (it cannot pass by checking nothing)."""
    names = {qualname for qualname, _, _ in public_api()}
    expected = {
        "kobling.stable_assignment",
        "kobling.check_optimal_certificate",
        "kobling.max_placement_count",
        "kobling.thread_cache_bytes",
        "kobling._core.Assignment.to_frame",
        "kobling._core.Assignment.placed",
        "kobling._core.DualCertificate.levels",
        "kobling.kickoff.Kickoff.load",
        "kobling.kickoff.Kickoff.from_dataframes",
        "kobling.kickoff.Kickoff.match",
        "kobling.kickoff.Kickoff.top_k",
        "kobling.kickoff.Kickoff.name",
        "kobling.result.KickoffResult.to_frame",
        "kobling.result.KickoffResult.save",
        "kobling.plot.company_fill",
        "kobling.plot.policy_comparison",
        "kobling.plot.score_heatmap",
        "kobling.plot.wish_rank_histogram",
    }
    assert expected <= names, sorted(expected - names)
    assert not any(".add_note" in n or ".with_traceback" in n for n in names)
    assert not any(n.startswith("kobling.plot._") or "._repr" in n for n in names)


def test_signature_and_section_helpers():
    assert native_signature("f", "f(a: int, *, b: dict[str, int] = {}) -> dict\n\nText.") == (
        True, True)
    assert native_signature("g", "g() -> int") == (False, True)
    assert native_signature("h", "h(self: kobling._core.X) -> None") == (False, False)
    assert native_signature("h", "Not a signature.") is None

    def documented(x: int) -> int:
        """Summary.

        Parameters
        ----------
        x : int
            A number.

        Returns
        -------
        int
            The number.
        """
        return x

    def no_return() -> None:
        """Summary."""

    assert python_signature(documented) == (True, True)
    assert python_signature(no_return) == (False, False)
    assert not offences(Entry("documented", inspect.getdoc(documented), True, True, True))
    assert has_section(documented.__doc__, "Returns")
    assert not has_section("Summary.\n\nReturns\n---\nint\n", "Returns")  # short underline
    assert not has_section("Summary.\n\nReturns: an int.\n", "Returns")
    assert offences(Entry("bare", "Summary.", True, True, True)) == [
        "takes parameters but has no 'Parameters' section",
        "returns a value but has no 'Returns' section",
    ]
