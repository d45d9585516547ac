"""python/kobling/_core.pyi must describe the compiled module exactly: the
same public names, and for every function and method the same parameters,
keyword-only markers and defaults as pybind11 reports."""

from __future__ import annotations

import ast
import inspect
import re
from pathlib import Path

import kobling
from conftest import split_top_level
from kobling import _core

STUB = Path(kobling.__file__).with_name("_core.pyi")


def stub_tree():
    return ast.parse(STUB.read_text())


def stub_signature(fn: ast.FunctionDef, method: bool):
    args = fn.args
    params = [(a.arg, "pos") for a in args.posonlyargs + args.args]
    defaults = ([None] * (len(params) - len(args.defaults))
                + [ast.literal_eval(d) for d in args.defaults])
    params = [(name, kind, default) for (name, kind), default in zip(params, defaults)]
    params += [(a.arg, "kw", None if d is None else ast.literal_eval(d))
               for a, d in zip(args.kwonlyargs, args.kw_defaults)]
    if method and params and params[0][0] == "self":
        params = params[1:]
    return params


def native_signature(obj, name: str, method: bool):
    first = (obj.__doc__ or "").strip().splitlines()[0]
    match = re.match(rf"{re.escape(name)}\((.*)\) ->", first)
    assert match, f"no pybind11 signature for {name}: {first!r}"
    params, kind = [], "pos"
    for part in split_top_level(match.group(1)):
        if part == "*":
            kind = "kw"
            continue
        pname = part.split(":")[0].strip()
        default = None
        if "=" in part:
            default = ast.literal_eval(part.rsplit("=", 1)[1].strip())
        params.append((pname, kind, default))
    if method and params and params[0][0] == "self":
        params = params[1:]
    return params


def public(names):
    return {n for n in names if not n.startswith("_") or n in ("__version__",)}


def test_module_names_match():
    tree = stub_tree()
    stub_names = set()
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.ClassDef)):
            stub_names.add(node.name)
        elif isinstance(node, ast.AnnAssign):
            stub_names.add(node.target.id)
    stub_names -= {"ArrayLike", "Int32Array", "Int64Array", "FloatArray"}
    assert public(dir(_core)) == public(stub_names)


def test_function_signatures_match():
    checked = 0
    for node in stub_tree().body:
        if isinstance(node, ast.FunctionDef):
            native = native_signature(getattr(_core, node.name), node.name, method=False)
            assert stub_signature(node, method=False) == native, node.name
            checked += 1
    assert checked >= 12


def test_class_members_match():
    checked = 0
    for node in stub_tree().body:
        if (not isinstance(node, ast.ClassDef)
                or not hasattr(getattr(_core, node.name), "__module__")):
            continue
        cls = getattr(_core, node.name)
        if issubclass(cls, BaseException):
            continue
        stub_members = {n.name: n for n in node.body if isinstance(n, ast.FunctionDef)}
        stub_attributes = {n.target.id for n in node.body if isinstance(n, ast.AnnAssign)}
        native_members = {n for n in vars(cls) if not n.startswith("_") or n == "__bool__"}
        if (cls.__init__.__doc__ or "").startswith("__init__("):  # a real constructor
            native_members.add("__init__")
        native_members |= {n for n in ("to_frame", "_repr_html_") if hasattr(cls, n)}
        stub_names = (set(stub_members) | stub_attributes) - {"__bool__", "_repr_html_"}
        assert stub_names == native_members - {"__bool__", "_repr_html_"}, cls
        for name, fn in stub_members.items():
            member = inspect.getattr_static(cls, name)
            if isinstance(member, property) or name in ("to_frame", "_repr_html_"):
                continue
            target = member.__func__ if isinstance(member, staticmethod) else getattr(cls, name)
            is_static = (isinstance(member, staticmethod)
                         or type(member).__name__ == "builtin_function_or_method")
            native = native_signature(target, name, method=not is_static)
            assert stub_signature(fn, method=True) == native, f"{cls.__name__}.{name}"
            checked += 1
    assert checked >= 15
