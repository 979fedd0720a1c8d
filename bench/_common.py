"""Shared plumbing for the benchmarks: a throw-away database and Redis db, child processes
(the webhook under granian, RQ workers, a FakeGraph), and small statistics helpers.

Everything a bench starts is registered here and stopped on exit (normal end, exception,
Ctrl-C or SIGTERM): child processes by their own process group, the benchmark database dropped,
the benchmark Redis db flushed (only that db).
"""

from __future__ import annotations

import atexit
import multiprocessing
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))  # webhook.py, worker.py and tests.fakes live at the root

from tests.fixtures import processes  # noqa: E402  # the process helpers tests use too

PYTHON = sys.executable
DEFAULT_DATABASE_URL = "postgresql://postgres@127.0.0.1:5432/test"
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/0"

_cleanups: list[Callable[[], None]] = []


def on_exit(fn: Callable[[], None]) -> None:
    """Run `fn` when the bench ends, however it ends (last registered, first run)."""
    _cleanups.append(fn)


def _run_cleanups() -> None:
    while _cleanups:
        fn = _cleanups.pop()
        try:
            fn()
        except Exception as exc:  # noqa: BLE001 - keep cleaning up
            print(f"  (cleanup: {exc})", file=sys.stderr)


def _on_signal(signum: int, frame: object) -> None:
    _run_cleanups()
    sys.exit(128 + signum)


atexit.register(_run_cleanups)
signal.signal(signal.SIGTERM, _on_signal)


# --------------------------------------------------------------------------- database and redis


def _libpq(url: str) -> str:
    for prefix in ("postgresql+psycopg://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql://" + url[len(prefix) :]
    return url


def _with_path(url: str, path: str) -> str:
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, path, parts.query, ""))


def redis_with_db(url: str, db: int) -> str:
    if url.startswith("unix://"):
        return f"{url.split('?')[0]}?db={db}"
    return _with_path(url, f"/{db}")


def setup_bench_environment(db_name: str, redis_db: int) -> dict[str, str]:
    """Create + migrate a fresh database `db_name` on DATABASE_URL's server and point this process
    (and the children it starts) at it and at Redis db `redis_db`. Dropped/flushed on exit."""
    import psycopg

    base_db = _libpq(os.environ.get("DATABASE_URL") or DEFAULT_DATABASE_URL)
    base_redis = os.environ.get("REDIS_URL") or DEFAULT_REDIS_URL
    admin = _with_path(base_db, "/postgres")
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{db_name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{db_name}"')

    def drop_database() -> None:
        try:
            from crm_res.db import get_engine

            get_engine().dispose()
        except Exception:  # noqa: BLE001
            pass
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{db_name}" WITH (FORCE)')

    on_exit(drop_database)
    env = {
        "DATABASE_URL": _with_path(base_db, f"/{db_name}"),
        "REDIS_URL": redis_with_db(base_redis, redis_db),
    }
    os.environ.update(env)
    # A developer's secrets or LLM key must not change what is measured.
    for name in ("WHATSAPP_ACCESS_TOKEN", "WHATSAPP_APP_SECRET", "LLM_API_KEY", "OPENROUTER_API_KEY"):
        os.environ.pop(name, None)
    reset_caches()

    from redis import Redis

    r = Redis.from_url(env["REDIS_URL"])
    busy = r.scard("rq:workers")
    if busy:
        raise SystemExit(
            f"Redis db {redis_db} has {busy} live RQ workers of someone else: choose another "
            f"with --redis-db (nothing was flushed)"
        )
    r.flushdb()
    on_exit(lambda: Redis.from_url(env["REDIS_URL"]).flushdb())

    from crm_res.runtime.migrate import upgrade_database

    upgrade_database()
    return env


def reset_caches() -> None:
    """Forget cached settings, engines and clients after the environment changed."""
    from crm_res import db
    from crm_res.jobs import queues
    from crm_res.services.channel import ingest
    from crm_res.services.outbox import sending
    from crm_res.settings import get_settings

    get_settings.cache_clear()
    for fn in (db.database_url, db.redis_url, db.get_redis, queues.queue, sending._client, sending._limiter):
        fn.cache_clear()
    try:
        db.get_engine().dispose()
    except Exception:  # noqa: BLE001
        pass
    db.get_engine.cache_clear()
    ingest.directory.clear()


def seed_restaurants(prefix: str, n: int, settings: dict[str, Any] | None = None) -> list[str]:
    """Add `n` restaurants with phone_number_ids `{prefix}-{i}`; returns the ids."""
    from crm_res.db import session_scope
    from crm_res.services.admin.restaurants import create_restaurant

    pnids = [f"{prefix}-{i}" for i in range(n)]
    with session_scope() as s:
        for i, pnid in enumerate(pnids):
            create_restaurant(
                session=s,
                name_ar=f"مطعم الاختبار {i}",
                name_en=f"Bench Diner {i}",
                phone_number_id=pnid,
                settings=dict(settings or {}),
            )
    return pnids


def sql(query: str, **params: Any) -> list[Any]:
    from sqlalchemy import text

    from crm_res.db import get_engine

    with get_engine().begin() as conn:
        result = conn.execute(text(query), params)
        return list(result.all()) if result.returns_rows else []


# --------------------------------------------------------------------------- child processes


def free_port() -> int:
    """A free local port; inside CRM_RES_BENCH_PORTS ("27000-27999") when set, so that benches
    sharing a machine with other people's servers stay in their own range."""
    return processes.free_port("CRM_RES_BENCH_PORTS")


def spawn(
    args: Sequence[str], *, env: dict[str, str] | None = None, log: Path | None = None
) -> subprocess.Popen:
    """Start a child in its own process group; it (and its children) are stopped on exit."""
    return _stopped_on_exit(processes.start_process(args, env=env, log=log, append=True))


def _stopped_on_exit(proc: subprocess.Popen) -> subprocess.Popen:
    on_exit(lambda: stop_process(proc))
    return proc


stop_process = processes.stop_process
wait_http = processes.wait_http


def start_webhook(
    port: int,
    *,
    workers: int = 1,
    extra: Sequence[str] = (),
    env: dict[str, str] | None = None,
    log: Path | None = None,
) -> subprocess.Popen:
    """`webhook:app` on its own under granian (ASGI), as a separate ingestion tier would run it."""
    proc = _stopped_on_exit(
        processes.start_ingest(port, workers=workers, extra=extra, env=env, log=log, append=True)
    )
    wait_http(f"http://127.0.0.1:{port}/health/live", proc=proc)
    return proc


def start_dashboard(
    port: int, *, env: dict[str, str] | None = None, log: Path | None = None
) -> subprocess.Popen:
    """The dashboard from source (`reflex run --env prod`, one port), as the product starts it."""
    return _stopped_on_exit(processes.start_dashboard(port, env=env, log=log, append=True))


def start_workers(
    processes: int, *, env: dict[str, str] | None = None, log: Path | None = None
) -> subprocess.Popen:
    """`python worker.py --processes N --no-cron`: RQ SimpleWorkers on every queue."""
    return spawn([PYTHON, "worker.py", "--processes", str(processes), "--no-cron"], env=env, log=log)


# --------------------------------------------------------------------------- FakeGraph in a process


def _graph_main(conn: Any, token: str) -> None:
    from tests.fakes.fake_graph import FakeGraph

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    with FakeGraph(access_token=token) as graph:
        conn.send(graph.url)
        while True:
            cmd = conn.recv()
            if cmd == "sent":
                conn.send(
                    [
                        (
                            r.at,
                            r.phone_number_id,
                            r.to,
                            (r.json or {}).get("biz_opaque_callback_data"),
                            r.wamid,
                        )
                        for r in graph.sent
                    ]
                )
            elif cmd == "count":
                conn.send(len(graph.sent))
            elif cmd == "requests":
                conn.send(len(graph.requests))
            else:
                conn.send(None)
                return


class GraphProcess:
    """A FakeGraph (tests/fakes/fake_graph.py) in its own process, so its threads do not share a
    GIL with the load generator. `sent()` returns (time, phone_number_id, to, callback, wamid)."""

    def __init__(self, token: str) -> None:
        ctx = multiprocessing.get_context("spawn")
        self._conn, child = ctx.Pipe()
        self._proc = ctx.Process(target=_graph_main, args=(child, token), daemon=True)
        self._proc.start()
        self.url: str = self._conn.recv()
        on_exit(self.stop)

    @property
    def pid(self) -> int:
        return int(self._proc.pid or 0)

    def _ask(self, cmd: str) -> Any:
        self._conn.send(cmd)
        return self._conn.recv()

    def sent(self) -> list[tuple[float, str, str, str | None, str]]:
        return self._ask("sent")

    def count(self) -> int:
        return self._ask("count")

    def requests(self) -> int:
        return self._ask("requests")

    def stop(self) -> None:
        if self._proc.is_alive():
            try:
                self._ask("stop")
            except (OSError, EOFError):
                pass
            self._proc.join(5)
            if self._proc.is_alive():
                self._proc.terminate()


# --------------------------------------------------------------------------- statistics


def percentile(values: Sequence[float], p: float) -> float:
    """Nearest-rank percentile (p in 0..100) of unsorted `values`; nan when empty."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    k = max(0, min(len(ordered) - 1, int(round(p / 100 * len(ordered) + 0.5)) - 1))
    return ordered[k]


def max_in_window(times: Sequence[float], window: float = 1.0) -> int:
    """The most events in any sliding window of `window` seconds (half-open [t, t+window))."""
    ordered = sorted(times)
    best = lo = 0
    for hi, t in enumerate(ordered):
        while ordered[lo] <= t - window:
            lo += 1
        best = max(best, hi - lo + 1)
    return best


class CpuMeter:
    """CPU seconds used by groups of processes between `start()` and `stop()` (psutil).

    Groups are callables returning pids, asked at both ends (backends come and go)."""

    def __init__(self, **groups: Callable[[], list[int]]) -> None:
        self.groups = groups
        self._before: dict[str, dict[int, float]] = {}
        self.used: dict[str, float] = {}
        self._switches_before: dict[str, dict[int, int]] = {}
        self.switches: dict[str, int] = {}  # context switches, every thread of the group's processes
        self.wall = 0.0
        self._t0 = 0.0
        self._machine0: Any = None

    @staticmethod
    def _cpu(pids: list[int]) -> dict[int, float]:
        import psutil

        out = {}
        for pid in pids:
            try:
                t = psutil.Process(pid).cpu_times()
                out[pid] = t.user + t.system
            except psutil.Error:
                pass
        return out

    @staticmethod
    def _switched(pids: list[int]) -> dict[int, int]:
        """Per thread (by tid), its voluntary and involuntary context switches so far (/proc: a
        process's own status counts its main thread only)."""
        out: dict[int, int] = {}
        for pid in pids:
            try:
                tids = os.listdir(f"/proc/{pid}/task")
            except OSError:
                continue
            for tid in tids:
                try:
                    with open(f"/proc/{pid}/task/{tid}/status") as f:
                        out[int(tid)] = sum(int(line.split()[1]) for line in f if "ctxt_switches" in line)
                except (OSError, ValueError, IndexError):
                    pass
        return out

    def start(self) -> None:
        import psutil

        pids = {name: fn() for name, fn in self.groups.items()}
        self._before = {name: self._cpu(p) for name, p in pids.items()}
        self._switches_before = {name: self._switched(p) for name, p in pids.items()}
        self._machine0 = psutil.cpu_times()
        self._t0 = time.perf_counter()
        self.wall_from = time.time()

    def stop(self) -> None:
        import psutil

        self.wall = time.perf_counter() - self._t0
        self.wall_to = time.time()
        for name, fn in self.groups.items():
            pids = fn()
            after = self._cpu(pids)
            before = self._before.get(name, {})
            self.used[name] = sum(v - before.get(pid, 0.0) for pid, v in after.items())
            was = self._switches_before.get(name, {})
            self.switches[name] = sum(n - was.get(tid, 0) for tid, n in self._switched(pids).items())
        m0, m1 = self._machine0, psutil.cpu_times()
        busy = lambda t: t.user + t.nice + t.system + t.irq + t.softirq + t.steal  # noqa: E731
        total = lambda t: busy(t) + t.idle + t.iowait  # noqa: E731
        self.machine_busy = (busy(m1) - busy(m0)) / max(total(m1) - total(m0), 1e-9)

    def report(self, per: int, unit: str) -> str:
        parts = [f"{name} {self.used[name] / per * 1e6:,.0f} µs" for name in self.groups]
        ours = sum(self.used.values()) / self.wall
        others = max(self.machine_busy * (os.cpu_count() or 1) - ours, 0.0)
        switched = [
            f"{name} {n / per:,.1f}" for name, n in self.switches.items() if n and name != "load_generator"
        ]
        return (
            f"CPU per {unit}: {', '.join(parts)}; together {ours:.2f} of {os.cpu_count()} cores "
            f"(other processes on the machine: {others:.2f} cores)"
            + (f"\n  context switches per {unit} (every thread): {', '.join(switched)}" if switched else "")
        )


def process_tree(pid: int) -> list[int]:
    import psutil

    try:
        root = psutil.Process(pid)
        return [pid] + [p.pid for p in root.children(recursive=True)]
    except psutil.Error:
        return []


def postgres_backends(db_name: str) -> list[int]:
    """Server pids of the connections to `db_name` (their CPU is the database's work)."""
    try:
        return [pid for (pid,) in sql("SELECT pid FROM pg_stat_activity WHERE datname = :d", d=db_name)]
    except Exception:  # noqa: BLE001
        return []


def commits(db_name: str) -> int:
    """Transactions committed in `db_name` so far (pg_stat_database; the stats lag by <1 s)."""
    import psycopg

    with psycopg.connect(_libpq(os.environ["DATABASE_URL"]), autocommit=True) as conn:
        conn.execute("SELECT pg_stat_clear_snapshot()")
        row = conn.execute(
            "SELECT xact_commit FROM pg_stat_database WHERE datname = %s", [db_name]
        ).fetchone()
        return int(row[0]) if row else 0


def redis_server_pid() -> list[int]:
    from crm_res.db import get_redis

    try:
        return [int(get_redis().info("server")["process_id"])]
    except Exception:  # noqa: BLE001
        return []


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms"
