"""`backup verify`: a backup restores into a scratch database with the row counts it was taken with."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import UTC, datetime, timedelta

import pytest

from crm_res.settings import ROOT


def crm(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "crm_res", *args], cwd=ROOT, capture_output=True, text=True, timeout=170
    )


@pytest.mark.timeout(180)
def test_verify_passes_on_the_demo_database_and_fails_on_a_truncated_file(committed, tmp_path):
    """The demo's backup verifies (every table's count equals the manifest); cut in half, it fails clearly."""
    assert crm("demo").returncode == 0
    archive = tmp_path / "crm.dump"
    assert crm("backup", str(archive)).returncode == 0
    manifest = json.loads((tmp_path / "crm.dump.manifest.json").read_text())
    assert manifest["tables"]["menu_items"] >= 15 and manifest["revision"]
    ok = crm("backup", "verify", str(archive))
    assert ok.returncode == 0, ok.stderr
    assert "restores:" in ok.stdout and f"{manifest['tables']['menu_items']:>10,}" in ok.stdout
    truncated = tmp_path / "cut.dump"
    data = archive.read_bytes()
    truncated.write_bytes(data[: len(data) // 2])
    bad = crm("backup", "verify", str(truncated))
    assert bad.returncode == 2 and "does not restore" in bad.stderr and "Traceback" not in bad.stderr
    from sqlalchemy import text

    with committed.connect() as conn:  # no scratch database is left behind
        left = conn.execute(
            text("SELECT count(*) FROM pg_database WHERE datname LIKE 'crm_res_verify_%'")
        ).scalar()
    assert left == 0


@pytest.mark.timeout(180)
def test_verify_fails_when_the_counts_differ_from_the_manifest(committed, tmp_path):
    """A manifest that says more rows than the archive holds makes verify fail (a backup that lost rows)."""
    assert crm("demo").returncode == 0
    archive = tmp_path / "crm.dump"
    assert crm("backup", str(archive)).returncode == 0
    path = tmp_path / "crm.dump.manifest.json"
    manifest = json.loads(path.read_text())
    manifest["tables"]["menu_items"] += 1
    path.write_text(json.dumps(manifest))
    bad = crm("backup", "verify", str(archive))
    assert bad.returncode == 2 and "menu_items" in bad.stderr


@pytest.mark.timeout(180)
def test_scheduled_backups_are_due_by_interval_and_pruned_to_keep(committed, tmp_path):
    """A scheduled backup is written when the newest is older than the interval, none before; only `keep` remain."""
    from crm_res.db import database_url
    from crm_res.services.ops.backup import scheduled_backup

    t0 = datetime(2026, 3, 1, 3, 0, tzinfo=UTC)
    url = database_url()
    first = scheduled_backup(url, tmp_path, interval_hours=6, keep=2, now=t0)
    assert first is not None and first.exists() and (tmp_path / (first.name + ".manifest.json")).exists()
    assert scheduled_backup(url, tmp_path, interval_hours=6, keep=2, now=t0 + timedelta(hours=1)) is None
    for hours in (6, 12):
        assert scheduled_backup(url, tmp_path, interval_hours=6, keep=2, now=t0 + timedelta(hours=hours))
    kept = sorted(p.name for p in tmp_path.glob("crm-res-*.dump"))
    assert kept == ["crm-res-20260301T090000Z.dump", "crm-res-20260301T150000Z.dump"]
    assert not list(tmp_path.glob("*.partial"))
