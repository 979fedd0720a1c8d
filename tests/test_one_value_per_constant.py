"""Each module-level constant of the product is bound once. A second `_AND = …` further down a
module silently replaces the first for every function above it too (it happened twice in the
assistant's word lists). A declaration filled in below (`X: list[str] = []`) or a value refined
from itself (`X = X.execution_options(…)`) is one binding."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1] / "crm_res"


def _bindings(source: str) -> list[tuple[str, int, ast.expr]]:
    """(name, line, value) of each module-level binding of an UPPER_CASE name."""
    out = []
    for node in ast.parse(source).body:
        if isinstance(node, ast.AnnAssign) and node.value is not None and isinstance(node.target, ast.Name):
            pairs = [(node.target.id, node.value)]
        elif isinstance(node, ast.Assign):
            pairs = [(t.id, node.value) for t in node.targets if isinstance(t, ast.Name)]
        else:
            continue
        out += [
            (name, node.lineno, value) for name, value in pairs if name == name.upper() and name.strip("_")
        ]
    return out


def rebound(source: str) -> list[str]:
    """The names bound a second time with a value of their own."""
    first: dict[str, ast.expr] = {}
    found = []
    for name, line, value in _bindings(source):
        if name not in first:
            first[name] = value
            continue
        declared = isinstance(first[name], ast.List | ast.Dict) and not ast.literal_eval(first[name])
        refined = any(isinstance(n, ast.Name) and n.id == name for n in ast.walk(value))
        if not (declared or refined):
            found.append(f"{name} again at line {line}")
    return found


def test_a_second_binding_is_found():
    assert rebound('_AND = frozenset(("and", "w"))\ndef f(): ...\n_AND = word_set("and")\n') == [
        "_AND again at line 3"
    ]
    assert rebound("_X: list[str] = []\n_X = list(range(3))\n_Q = text('')\n_Q = _Q.options()\n") == []


@pytest.mark.parametrize("path", sorted(ROOT.rglob("*.py")), ids=lambda p: str(p.relative_to(ROOT)))
def test_a_constant_is_bound_once(path):
    assert rebound(path.read_text(encoding="utf-8")) == []
