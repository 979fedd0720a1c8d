"""tools/mypy_reflex.py, the mypy plugin that reads Reflex state the way Reflex types it: a field on
its class is a Var, an `@rx.event` handler an EventCallback of its arguments, a TypedDict row's item
the Var of that key. Checked on a small page: what is right passes, what Reflex would refuse fails."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
from mypy import api

from tests.conftest import ROOT

PAGE = """
from typing import TypedDict

import reflex as rx
from reflex.vars import ObjectVar


class Row(TypedDict):
    id: str
    count: int


class PageState(rx.State):
    rows: list[Row] = []
    error: str = ""
    busy: bool = False

    @rx.event
    def open_row(self, row_id: str) -> None:
        self.error = row_id


def row(r: ObjectVar[Row]) -> rx.Component:
    return rx.button(r["count"] + 1, on_click=PageState.open_row(r["id"]))


def page() -> rx.Component:
    return rx.vstack(
        rx.foreach(PageState.rows, row),
        rx.cond(PageState.rows.length() > 0, rx.text(PageState.error.upper())),
        rx.cond(PageState.busy, rx.spinner()),
    )
"""


@pytest.fixture(scope="module")
def cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One mypy cache for both checks: the second reads Reflex's types from the first."""
    return tmp_path_factory.mktemp("mypy-cache")


def _mypy(tmp_path: Path, cache: Path, source: str) -> list[str]:
    (tmp_path / "page.py").write_text(textwrap.dedent(source))
    (tmp_path / "mypy.ini").write_text(
        f"[mypy]\ncheck_untyped_defs = True\nignore_missing_imports = True\n"
        f"plugins = {ROOT / 'tools' / 'mypy_reflex.py'}\n"
    )
    out, _err, _status = api.run(
        [
            "--config-file",
            str(tmp_path / "mypy.ini"),
            "--cache-dir",
            str(cache),
            "--no-error-summary",
            str(tmp_path / "page.py"),
        ]
    )
    return [line for line in out.splitlines() if ": error:" in line]


def test_a_page_written_as_reflex_means_passes(tmp_path: Path, cache: Path) -> None:
    assert _mypy(tmp_path, cache, PAGE) == []


def test_what_reflex_would_refuse_is_an_error(tmp_path: Path, cache: Path) -> None:
    wrong = (
        PAGE.replace('r["count"] + 1', 'r["cuont"]')  # no such key in the row
        .replace('PageState.open_row(r["id"])', 'PageState.open_row(r["count"])')  # an int for a str
        .replace("PageState.error.upper()", "PageState.error + 1")  # a StringVar is not a number
    )
    errors = _mypy(tmp_path, cache, wrong)
    assert any('"Row" has no key "cuont"' in e for e in errors), errors
    assert any('"__call__" of "EventCallback"' in e for e in errors), errors
    assert any("Unsupported operand types for +" in e for e in errors), errors
    assert len(errors) == 3, errors
