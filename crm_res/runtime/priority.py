"""The workers' Postgres backends at the workers' CPU priority.

`worker.py` runs the workers niced (19 by default): a burst's deliveries are acknowledged first.
But the Postgres backend serving a worker's connection is a process of the database server, at
the server's priority: the workers' queries then competed with the ingestion tier's commits at
full priority (measured: the tier's Postgres CPU per delivery rose by half while the workers ran,
docs/CAPACITY.md). When the server runs on this machine as this user (the embedded Postgres of
`make run`) or the worker may renice any process (root), each new connection's backend gets the
worker's niceness too.

The backend's pid comes from the server (`pg_backend_pid()`, psycopg's `info.backend_pid`); it is
reniced only when that pid is, on this machine, the Postgres process serving this very
connection: its process title names our socket's port (`postgres: user db 127.0.0.1(54321)
idle`). A Postgres in another container (Docker) has pids of its own: nothing matches, nothing
is touched. Failure of any kind leaves the backend as it was.
"""

from __future__ import annotations

import logging
import os
import socket
from typing import Any

from sqlalchemy import Engine, event

log = logging.getLogger(__name__)

_LOCAL_HOSTS = {"localhost", "127.0.0.1", "::1", ""}


def _title(pid: int) -> str:
    with open(f"/proc/{pid}/cmdline", "rb") as f:
        return f.read().replace(b"\0", b" ").decode("utf-8", "replace")


def backend_of(dbapi_conn: Any) -> int | None:
    """The pid of the local Postgres process serving `dbapi_conn` (psycopg 3), else None."""
    info = dbapi_conn.info
    host = info.host or ""
    pid = info.backend_pid
    if not pid:
        return None
    try:
        title = _title(pid)
    except OSError:
        return None  # not a process of this machine (or not ours to see)
    if not title.startswith("postgres"):
        return None
    if host.startswith("/"):  # a Unix socket: the title says [local]
        return pid if "[local]" in title else None
    if host not in _LOCAL_HOSTS:
        return None
    family = socket.AF_INET6 if ":" in (info.hostaddr or "") else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM, fileno=os.dup(info.pgconn.socket)) as sock:
        port = sock.getsockname()[1]
    return pid if f"({port})" in title else None


def renice_backend(dbapi_conn: Any, niceness: int) -> bool:
    """Give the connection's backend at least `niceness`; True if it now has it."""
    try:
        pid = backend_of(dbapi_conn)
        if pid is None:
            return False
        if os.getpriority(os.PRIO_PROCESS, pid) < niceness:
            os.setpriority(os.PRIO_PROCESS, pid, niceness)
        return True
    except OSError as exc:  # another user's server and no privilege: leave it
        log.debug("worker: backend not reniced: %s", exc)
        return False


def backends_follow_this_process() -> None:
    """Every database connection this process opens from now on gets a backend as nice as the
    process itself (nothing when it is not niced)."""
    niceness = os.getpriority(os.PRIO_PROCESS, 0)
    if niceness <= 0:
        return
    event.listen(Engine, "connect", lambda dbapi_conn, _record: renice_backend(dbapi_conn, niceness))
