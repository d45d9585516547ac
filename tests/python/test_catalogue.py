"""The error catalogue, the code and the tests stay in step.

``kobling.error_catalogue()`` (the compiled table of src/common/catalogue.cpp)
lists every error and warning id once. This test scans the sources and fails on

* an id the code raises (C++ or Python) that is not catalogued;
* a catalogued id that no code raises;
* an id raised as another type than its entry says;
* an id written so that a scan cannot see it (built at run time, e.g.
  ``std::string("kobling.model.unknown_") + what``: write one complete literal);
* an id named in a comment, docstring or document that is not catalogued;
* a catalogued id that no test (tests/cpp, tests/python, tests/data, tests/fuzz)
  raises, or whose example message no test pins verbatim;
* a duplicate or unsorted entry, an unknown kind, or an example message that
  does not start with ``[<its id>] ``.

What counts as raising: in C++, an id literal in the first argument of a
``kobling::InvalidArgument`` / ``ParseError`` / ``OutOfRange`` /
``ResourceLimit`` or ``py::type_error`` constructor; in Python, an id in the
message of a ``raise`` (or a ``warnings.warn``, kind "warning"). Ids are
``kobling.<group>.<name>`` in lowercase, so ``kobling.Kickoff.load`` and
``kobling._core`` are none.
"""

from __future__ import annotations

import ast
import builtins
import importlib
import io
import json
import re
import tokenize
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

import kobling
from conftest import ROOT

ID = r"kobling\.[a-z]+\.[a-z]+(?:_[a-z]+)*"
# Anything that starts like an id; it must be a whole id (no id is built at run time).
ID_START = re.compile(r"\[?kobling\.[a-z]+\.[a-z_]*\]?|\[kobling\.[^\]\s]*\]?")
MENTION = re.compile(r"kobling\.[a-z]+\.[a-z_]+")
CPP_TYPES = {"InvalidArgument", "ParseError", "OutOfRange", "ResourceLimit", "FileError"}
PYTHON_ONLY_TYPES = {"InvalidInputError", "TypeError", "ValueError"}
KINDS = CPP_TYPES | PYTHON_ONLY_TYPES | {"warning"}
# The Python class each C++ type becomes (kobling/errors.hpp); other kinds are
# Python classes already.
PYTHON_CLASS = {"InvalidArgument": "InvalidInputError", "ParseError": "ParseError",
                "OutOfRange": "IndexOutOfRangeError", "ResourceLimit": "ResourceLimitError",
                "FileError": "FileError"}

CATALOGUE_SOURCE = ROOT / "src" / "common" / "catalogue.cpp"
CPP_SUFFIXES = {".hpp", ".cpp", ".h"}
THIS_FILE = Path(__file__).resolve()


def source_files() -> list[Path]:
    files = [p for top in ("include", "src", "python") for p in (ROOT / top).rglob("*")
             if p.is_file() and p.suffix in CPP_SUFFIXES | {".py", ".pyi"}]
    return sorted(p for p in files if p != CATALOGUE_SOURCE and "__pycache__" not in p.parts)


def document_files() -> list[Path]:
    docs = [ROOT / "README.md", ROOT / "pyproject.toml", *ROOT.glob("*/README.md"),
            *ROOT.glob("data/**/*.md"), *ROOT.glob("bench/*.md"), *ROOT.glob("examples/*")]
    return sorted(p for p in docs if p.is_file())


def files_of_the_tests() -> list[Path]:
    tests = ROOT / "tests"
    files = [*tests.glob("cpp/**/*"), *tests.glob("python/**/*.py"), *tests.glob("data/*.json"),
             *tests.glob("fuzz/*")]
    return sorted(p for p in files if p.is_file() and p.resolve() != THIS_FILE)


# --- reading C++ ---------------------------------------------------------------

CPP_TOKEN = re.compile(r"""
    (?P<comment>//[^\n]*|/\*.*?\*/)
  | (?P<raw>R"(?P<delim>[^()\\\s]{0,16})\((?P<body>.*?)\)(?P=delim)")
  | (?P<string>"(?:[^"\\\n]|\\.)*")
  | (?P<char>(?<![A-Za-z0-9_])'(?:[^'\\\n]|\\.)+')
""", re.DOTALL | re.VERBOSE)
ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "0": "\0"}


@dataclass
class CppText:
    """A C++ file split into string literals (adjacent literals joined),
    comments, and the code with each literal replaced by a placeholder."""
    strings: list[str] = field(default_factory=list)
    comments: list[str] = field(default_factory=list)
    code: str = ""


def read_cpp(text: str) -> CppText:
    out = CppText()
    code: list[str] = []
    pos = 0
    joinable = False  # the last token was a string literal
    for m in CPP_TOKEN.finditer(text):
        between, pos = text[pos:m.start()], m.end()
        if m.group("comment"):
            out.comments.append(m.group("comment"))
            code.append(between + " ")
            joinable = False
        elif m.group("char"):
            code.append(between + "'c'")
            joinable = False
        else:
            value = m.group("body") if m.group("raw") else re.sub(
                r"\\(.)", lambda e: ESCAPES.get(e.group(1), e.group(1)), m.group("string")[1:-1])
            if joinable and not between.strip():
                out.strings[-1] += value  # "a" "b" is one literal
            else:
                code.append(f"{between}\x00{len(out.strings)}\x00")
                out.strings.append(value)
            joinable = True
    code.append(text[pos:])
    out.code = "".join(code)
    return out


def first_argument(code: str, open_paren: int) -> str:
    """The text of the first argument of the call whose '(' is at open_paren."""
    depth = 0
    for i in range(open_paren, len(code)):
        ch = code[i]
        if ch in "([{":
            depth += 1
        elif ch in ")]}":
            depth -= 1
            if depth == 0:
                return code[open_paren + 1:i]
        elif ch == "," and depth == 1:
            return code[open_paren + 1:i]
    return code[open_paren + 1:]


CPP_RAISE = re.compile(r"(?<![\w:])(?:kobling::)?"
                       r"(InvalidArgument|ParseError|OutOfRange|ResourceLimit|FileError|Warning)"
                       r"\s*[({]"
                       r"|\bpy::(type_error)\s*\(")


def cpp_raises(cpp: CppText) -> Iterator[tuple[str, str]]:
    """(id, C++ type) for each id literal in a constructor's first argument."""
    for m in CPP_RAISE.finditer(cpp.code):
        kind = "TypeError" if m.group(2) else m.group(1)
        kind = "warning" if kind == "Warning" else kind
        for index in re.findall(r"\x00(\d+)\x00", first_argument(cpp.code, m.end() - 1)):
            for found in re.findall(ID, cpp.strings[int(index)]):
                yield found, kind


# --- reading Python ----------------------------------------------------------------


def docstring_nodes(tree: ast.AST) -> set[int]:
    ids = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant) \
                    and isinstance(body[0].value.value, str):
                ids.add(id(body[0].value))
    return ids


def python_strings(tree: ast.AST) -> tuple[list[str], list[str]]:
    """(code strings, docstrings) of a module."""
    docs = docstring_nodes(tree)
    code: list[str] = []
    doc: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            (doc if id(node) in docs else code).append(node.value)
    return code, doc


def python_raises(tree: ast.AST) -> Iterator[tuple[str, str]]:
    """(id, Python class or "warning") for each id in a raise or warn message."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Raise) and isinstance(node.exc, ast.Call):
            func = node.exc.func
            kind = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "?")
        elif isinstance(node, ast.Call) and (getattr(node.func, "attr", None) == "warn"
                                             or getattr(node.func, "id", None) == "warn"):
            kind = "warning"
        else:
            continue
        for sub in ast.walk(node):
            if isinstance(sub, ast.Constant) and isinstance(sub.value, str):
                for found in re.findall(ID, sub.value):
                    yield found, kind


def python_comments(text: str) -> list[str]:
    return [t.string for t in tokenize.generate_tokens(io.StringIO(text).readline)
            if t.type == tokenize.COMMENT]


# --- the scan -----------------------------------------------------------------------


@dataclass
class Scan:
    raised: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))  # id -> kinds
    where: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))  # id -> files
    in_code: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    mentioned: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    malformed: list[str] = field(default_factory=list)


def check_whole_ids(strings: list[str], path: Path, scan: Scan) -> None:
    for s in strings:
        for m in ID_START.finditer(s):
            token = m.group(0)
            bare = token.strip("[]")
            if not re.fullmatch(ID, bare) or (token.startswith("[") and not token.endswith("]")):
                scan.malformed.append(f"{path.relative_to(ROOT)}: {s!r}")
            else:
                scan.in_code[bare].add(str(path.relative_to(ROOT)))


def scan_sources() -> Scan:
    scan = Scan()
    for path in source_files():
        text = path.read_text(encoding="utf-8")
        rel = str(path.relative_to(ROOT))
        if path.suffix in CPP_SUFFIXES:
            cpp = read_cpp(text)
            check_whole_ids(cpp.strings, path, scan)
            raises = list(cpp_raises(cpp))
            notes = cpp.comments
        elif path.suffix == ".pyi":
            raises, notes = [], [text]
        else:
            tree = ast.parse(text)
            code, docs = python_strings(tree)
            check_whole_ids(code, path, scan)
            raises = list(python_raises(tree))
            notes = docs + python_comments(text)
        for found, kind in raises:
            scan.raised[found].add(kind)
            scan.where[found].add(rel)
        for note in notes:
            for found in MENTION.findall(note):
                scan.mentioned[found].add(rel)
    for path in document_files():
        for found in MENTION.findall(path.read_text(encoding="utf-8", errors="replace")):
            scan.mentioned[found].add(str(path.relative_to(ROOT)))
    return scan


def is_python_name(dotted: str) -> bool:
    """True when a dotted name is a Python object (kobling.plot.some_function),
    which a document may name without it being an id."""
    parts = dotted.split(".")
    for split in range(len(parts), 0, -1):
        try:
            obj = importlib.import_module(".".join(parts[:split]))
        except ImportError:
            continue
        for attr in parts[split:]:
            if not hasattr(obj, attr):
                return False
            obj = getattr(obj, attr)
        return True
    return False


def read_tests() -> tuple[str, list[str]]:
    """All test text (for ids) and every string a test writes (for examples)."""
    text, strings = [], []
    for path in files_of_the_tests():
        body = path.read_text(encoding="utf-8", errors="replace")
        text.append(body)
        if path.suffix in CPP_SUFFIXES:
            strings += read_cpp(body).strings
        elif path.suffix == ".py":
            strings += python_strings(ast.parse(body))[0]
        elif path.suffix == ".json":
            stack = [json.loads(body)]
            while stack:
                v = stack.pop()
                if isinstance(v, str):
                    strings.append(v)
                elif isinstance(v, list):
                    stack += v
                elif isinstance(v, dict):
                    stack += v.values()
    return "\n".join(text), strings


# --- the tests ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def catalogue() -> list[dict[str, str]]:
    return kobling.error_catalogue()


@pytest.fixture(scope="module")
def scan() -> Scan:
    return scan_sources()


def listing(ids, where: dict[str, set[str]] | None = None) -> str:
    """One id a line, with the files it is in when known."""
    lines = []
    for i in sorted(ids):
        files = sorted((where or {}).get(i, ()))
        lines.append(f"  {i}" + (f"  ({', '.join(files)})" if files else ""))
    return "\n".join(lines)


def test_entries_are_unique_sorted_and_well_formed(catalogue):
    ids = [e["id"] for e in catalogue]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    assert not duplicates, f"catalogued twice:\n{listing(duplicates)}"
    assert ids == sorted(ids), "keep src/common/catalogue.cpp sorted by id"
    for e in catalogue:
        assert set(e) == {"id", "kind", "meaning", "example"}
        assert re.fullmatch(ID, e["id"]), e["id"]
        assert e["kind"] in KINDS, f"{e['id']}: unknown kind {e['kind']!r}; one of {sorted(KINDS)}"
        assert e["meaning"].endswith(".") and "\n" not in e["meaning"], e["id"]
        assert e["example"].startswith(f"[{e['id']}] "), (
            f"{e['id']}: the example must start with \"[{e['id']}] \": {e['example']!r}")


def test_every_raised_id_is_catalogued(catalogue, scan):
    known = {e["id"] for e in catalogue}
    where = {i: scan.where[i] | scan.in_code[i] for i in set(scan.where) | set(scan.in_code)}
    missing = {i for i in where if i not in known and not is_python_name(i)}
    assert not missing, (
        "raised but not in the error catalogue (add an entry to src/common/catalogue.cpp):\n"
        + listing(missing, where))


def test_every_catalogued_id_is_raised(catalogue, scan):
    unused = {e["id"] for e in catalogue} - set(scan.raised)
    assert not unused, f"catalogued but never raised (drop the entry):\n{listing(unused)}"


def test_ids_are_whole_literals(scan):
    malformed = scan.malformed
    assert not malformed, (
        "an id must be one complete literal so that this scan sees it; not built at run "
        "time:\n" + "\n".join(f"  {m}" for m in malformed))


def test_each_id_is_raised_as_its_kind(catalogue, scan):
    kinds = {e["id"]: e["kind"] for e in catalogue}
    wrong = []
    for found, raised_as in sorted(scan.raised.items()):
        if found not in kinds:
            continue
        kind = kinds[found]
        allowed = {kind, PYTHON_CLASS.get(kind, kind)}
        if not raised_as <= allowed:
            wrong.append(f"  {found}: catalogued as {kind}, raised as {sorted(raised_as)}")
    assert not wrong, "raised as another type than its catalogue entry:\n" + "\n".join(wrong)


def test_comments_and_documents_name_only_catalogued_ids(catalogue, scan):
    known = {e["id"] for e in catalogue}
    stray = {m for m in scan.mentioned if m not in known and not is_python_name(m)}
    assert not stray, (
        f"named in a comment or document but not catalogued:\n{listing(stray, scan.mentioned)}")


def test_every_id_is_raised_by_a_test_and_its_example_pinned(catalogue):
    text, strings = read_tests()
    untested = [e["id"] for e in catalogue if e["id"] not in text]
    assert not untested, f"no test raises (pins a message of) these ids:\n{listing(untested)}"
    unpinned = [e["id"] for e in catalogue if not any(e["example"] in s for s in strings)]
    assert not unpinned, (
        "the catalogue's example message is not pinned verbatim by any test (use a message a "
        f"test pins, or pin this one):\n{listing(unpinned)}")


def test_each_kind_is_a_python_class(catalogue):
    for e in catalogue:
        name = PYTHON_CLASS.get(e["kind"], e["kind"])
        assert name == "warning" or hasattr(kobling, name) or hasattr(builtins, name), e
