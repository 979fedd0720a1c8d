"""The ingestion tier's own CPU and context switches per delivery, in one process: `webhook:app`
called as ASGI (no HTTP server, no sockets of the load's: what is left is the tier's Python, its
threads and its round trips to Postgres and Redis).

    python bench/tier_inprocess.py [--deliveries 3000] [--modes burst64,rate300] [--redis-db 5]

Each mode posts the same deliveries (bench/webhook_ingest.py's realistic mix, signed) against a
fresh copy of one seeded database: `burstK` keeps K deliveries in flight back to back (batches of
~K), `rateR` starts one every 1/R s (batches of one or two, the loop idle in between: the mixed
case's load). Prints, per delivery: this process's CPU (every thread), its context switches
(every thread, /proc), the Postgres backends' CPU, Redis's CPU, and the ack p50/p99.
Run it from the tree to measure (PYTHONPATH), e.g. a worktree of the base for an A/B pair.
Instructions, repeatable where the CPU time is not: `TIER_CALLGRIND=1 valgrind --tool=callgrind
--instr-atstart=no python bench/tier_inprocess.py --modes burst1,burst64` counts only the
measured load (`burstK` modes: the batches do not depend on the timing).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import _common as c  # noqa: E402
import webhook_ingest as wi  # noqa: E402

PATH = b"/webhooks/whatsapp"


def _switches() -> int:
    total = 0
    for tid in os.listdir("/proc/self/task"):
        try:
            with open(f"/proc/self/task/{tid}/status") as f:
                total += sum(int(line.split()[1]) for line in f if "ctxt_switches" in line)
        except OSError:
            pass
    return total


async def _post(app, posted) -> tuple[int, float]:  # type: ignore[no-untyped-def]
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "POST",
        "scheme": "http",
        "path": PATH.decode(),
        "raw_path": PATH,
        "root_path": "",
        "query_string": b"",
        "headers": [
            (b"content-type", b"application/json"),
            (b"x-hub-signature-256", posted.signature.encode()),
        ],
        "client": ("127.0.0.1", 1),
        "server": ("127.0.0.1", 2),
    }
    sent = False
    status = 0

    async def receive():  # type: ignore[no-untyped-def]
        nonlocal sent
        if sent:
            await asyncio.Event().wait()
        sent = True
        return {"type": "http.request", "body": posted.body, "more_body": False}

    async def send(message):  # type: ignore[no-untyped-def]
        nonlocal status
        if message["type"] == "http.response.start":
            status = message["status"]

    t0 = time.perf_counter()
    await app(scope, receive, send)
    return status, time.perf_counter() - t0


async def _load(app, items: list, mode: str) -> tuple[list[float], dict[int, int]]:  # type: ignore[no-untyped-def]
    latencies: list[float] = []
    statuses: dict[int, int] = {}

    async def one(posted) -> None:  # type: ignore[no-untyped-def]
        status, took = await _post(app, posted)
        statuses[status] = statuses.get(status, 0) + 1
        latencies.append(took)

    if mode.startswith("burst"):
        pending = list(reversed(items))

        async def client() -> None:
            while pending:
                await one(pending.pop())

        await asyncio.gather(*(client() for _ in range(int(mode[5:]))))
    else:
        interval = 1.0 / float(mode[4:])
        start = time.perf_counter()
        tasks = []
        for i, posted in enumerate(items):
            delay = start + i * interval - time.perf_counter()
            if delay > 0:
                await asyncio.sleep(delay)
            tasks.append(asyncio.ensure_future(one(posted)))
        await asyncio.gather(*tasks)
    return latencies, statuses


async def _measure(app, items: list, warmup: int, mode: str, db: str) -> None:  # type: ignore[no-untyped-def]
    await _load(app, items[:warmup], mode)
    meter = c.CpuMeter(postgres=lambda: c.postgres_backends(db), redis=c.redis_server_pid)
    callgrind = os.environ.get("TIER_CALLGRIND") == "1"  # under valgrind --instr-atstart=no: measure
    if callgrind:  # only the load's instructions
        subprocess.run(["callgrind_control", "-i", "on", str(os.getpid())], check=True, capture_output=True)
    cpu0, sw0, t0 = time.process_time(), _switches(), time.perf_counter()
    meter.start()
    latencies, statuses = await _load(app, items[warmup:], mode)
    meter.stop()
    if callgrind:
        subprocess.run(["callgrind_control", "-i", "off", str(os.getpid())], check=True, capture_output=True)
    cpu, sw, wall = time.process_time() - cpu0, _switches() - sw0, time.perf_counter() - t0
    n = len(latencies)
    print(
        f"  {mode}: {n} deliveries in {wall:.1f} s ({n / wall:,.0f}/s), answers {statuses}; per delivery: "
        f"tier CPU {cpu / n * 1e6:,.0f} µs, context switches {sw / n:.1f}, Postgres "
        f"{meter.used['postgres'] / n * 1e6:,.0f} µs, Redis {meter.used['redis'] / n * 1e6:,.0f} µs; "
        f"ack p50 {c.ms(c.percentile(latencies, 50))}, p99 {c.ms(c.percentile(latencies, 99))}"
    )


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--deliveries", type=int, default=3000)
    p.add_argument("--warmup", type=int, default=300)
    p.add_argument("--modes", default="burst64,rate300")
    p.add_argument("--redis-db", type=int, default=5)
    p.add_argument("--customers", type=int, default=2000)
    args = p.parse_args()

    os.environ.setdefault("CRM_RES_LOG_LEVEL", "WARNING")  # as `make run` starts the tier
    seed_db = f"crm_res_tier_seed_{os.getpid()}"
    env = c.setup_bench_environment(seed_db, args.redis_db)
    os.environ["WHATSAPP_APP_SECRET"] = wi.APP_SECRET
    c.reset_caches()
    pnids = c.seed_restaurants("bench", 8)
    outbound = wi.seed_history(pnids, args.customers, 3)
    c.sql("ANALYZE")
    from crm_res.db import get_engine, get_redis

    get_engine().dispose()
    import crm_res

    print(
        f"== tier in-process: the code of {Path(crm_res.__file__).parent.parent}; {wi._environment_note()} =="
    )
    import psycopg

    admin = c._with_path(c._libpq(env["DATABASE_URL"]), "/postgres")
    import webhook

    for mode in args.modes.split(","):
        db = f"crm_res_tier_{os.getpid()}_{mode}"
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{db}" WITH (FORCE)')
            conn.execute(f'CREATE DATABASE "{db}" TEMPLATE "{seed_db}"')
        c.on_exit(lambda db=db: _drop(admin, db))
        os.environ["DATABASE_URL"] = c._with_path(c._libpq(env["DATABASE_URL"]), f"/{db}")
        c.reset_caches()
        get_redis().flushdb()
        maker = wi.DeliveryMaker(pnids, outbound, args.customers, seed=7)
        items = [maker.next() for _ in range(args.warmup + args.deliveries)]

        asyncio.run(_measure(webhook.app, items, args.warmup, mode, db))
        get_engine().dispose()
        _drop(admin, db)
    print(f"== load average at the end: {' '.join(f'{x:.2f}' for x in os.getloadavg())} ==")
    return 0


def _drop(admin: str, db: str) -> None:
    import psycopg

    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{db}" WITH (FORCE)')


if __name__ == "__main__":
    sys.exit(main())
