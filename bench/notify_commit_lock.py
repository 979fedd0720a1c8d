"""Why the live signal left Postgres: commits/s of concurrent small write transactions with and
without a `pg_notify` in each (issue 15; docs/CAPACITY.md).

    python bench/notify_commit_lock.py [--threads 16] [--seconds 8] [--rounds 2]

A transaction that NOTIFYs takes Postgres's one cluster-wide notify lock at commit and holds it
through its WAL flush, so such commits run one at a time (no group commit), across databases.
Each round runs both phases (with, then without), every thread on its own connection committing
one INSERT (+ the pg_notify) per transaction; prints commits/s and the backends' CPU per commit
(from /proc, server on this machine). The database is throw-away (dropped on exit).
"""

from __future__ import annotations

import argparse
import os
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import _common as c  # noqa: E402

DB = f"crm_res_bench_notify_{os.getpid()}"


def _cpu_seconds(pids: list[int]) -> float:
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])
        except OSError:
            pass
    return total / os.sysconf("SC_CLK_TCK")


def _phase(url: str, threads: int, seconds: float, notify: bool) -> tuple[float, float]:
    import psycopg

    conns = [psycopg.connect(url) for _ in range(threads)]
    pids = [conn.info.backend_pid for conn in conns]
    counts = [0] * threads
    stop = time.monotonic() + seconds

    def run(i: int) -> None:
        conn = conns[i]
        while time.monotonic() < stop:
            conn.execute("INSERT INTO t (v) VALUES ('x')")
            if notify:
                conn.execute("SELECT pg_notify('crm_res_bench_lock', 'r:inbound')")
            conn.commit()
            counts[i] += 1

    cpu0 = _cpu_seconds(pids)
    workers = [threading.Thread(target=run, args=(i,)) for i in range(threads)]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    cpu = _cpu_seconds(pids) - cpu0
    for conn in conns:
        conn.close()
    n = max(sum(counts), 1)
    return n / seconds, cpu / n * 1e6


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--threads", type=int, default=16)
    p.add_argument("--seconds", type=float, default=8.0)
    p.add_argument("--rounds", type=int, default=2)
    args = p.parse_args()
    import psycopg

    base = c._libpq(os.environ.get("DATABASE_URL") or c.DEFAULT_DATABASE_URL)
    admin, url = c._with_path(base, "/postgres"), c._with_path(base, f"/{DB}")
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{DB}"')

    def drop() -> None:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{DB}" WITH (FORCE)')

    c.on_exit(drop)
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("CREATE TABLE t (id bigserial PRIMARY KEY, v text)")
    print(f"== {args.threads} threads, one INSERT per transaction, {args.seconds:.0f} s per phase ==")
    for r in range(1, args.rounds + 1):
        for notify in (True, False):
            rate, cpu = _phase(url, args.threads, args.seconds, notify)
            label = "with pg_notify" if notify else "without       "
            print(f"  round {r} {label}: {rate:8,.0f} commits/s, backends' CPU {cpu:5,.0f} µs per commit")
    load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    print(f"== load average at the end: {load} on {os.cpu_count()} cores ==")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
