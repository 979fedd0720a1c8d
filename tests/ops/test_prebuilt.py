"""A warm `make run` reuses the last frontend build only while nothing it depends on changed."""

from __future__ import annotations

from pathlib import Path

import pytest

from crm_res.runtime import prebuilt


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "crm_res").mkdir()
    (tmp_path / "crm_res" / "page.py").write_text("TITLE = 'a'\n")
    (tmp_path / "assets").mkdir()
    (tmp_path / "assets" / "app.css").write_text("body {}\n")
    (tmp_path / "rxconfig.py").write_text("config = None\n")
    (tmp_path / ".web" / "build" / "client").mkdir(parents=True)
    (tmp_path / ".web" / "env.json").write_text('{"EVENT": "ws://localhost:3000/_event"}')
    monkeypatch.setattr(prebuilt, "ROOT", tmp_path)
    monkeypatch.setattr(prebuilt, "FINGERPRINT_FILE", tmp_path / ".web" / "crm_res_build.fingerprint")
    monkeypatch.setattr(prebuilt, "CLIENT_BUILD", tmp_path / ".web" / "build" / "client")
    return tmp_path


def test_a_recorded_build_is_current_until_a_source_changes(project: Path) -> None:
    """After a recorded build, the same sources and port reuse it; an edited page does not."""
    assert not prebuilt.is_current(3000)  # never recorded
    prebuilt.record(3000, prebuilt.fingerprint(3000))
    assert prebuilt.is_current(3000)
    assert not prebuilt.is_current(3001)  # the build points at another port
    (project / "crm_res" / "page.py").write_text("TITLE = 'b'\n")
    assert not prebuilt.is_current(3000)


def test_a_build_replaced_by_another_run_is_not_reused(project: Path) -> None:
    """Another `reflex run` (a test on another port) rebuilds .web: the record no longer applies."""
    prebuilt.record(3000, prebuilt.fingerprint(3000))
    (project / ".web" / "env.json").write_text('{"EVENT": "ws://localhost:41234/_event"}')
    assert not prebuilt.is_current(3000)
