"""Postgres CPU of the ingestion statements alone: `store_deliveries` in one thread, no HTTP.

    python bench/ingest_statements.py [--deliveries 20000] [--batch 32] [--variant SQL ...]

The webhook bench's database (bench/webhook_ingest.py: restaurants with history) and its
deliveries, stored in group commits of --batch from one connection; prints the CPU of that
connection's Postgres backend and of this process per delivery, read from /proc. One thread and
one backend: steadier than the rates on a shared box. `--variant` runs SQL (e.g. an index change)
after seeding, so a schema idea can be measured before it becomes a migration; `--rounds` repeats
the measurement (the first round also warms the caches).
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import _common as c  # noqa: E402
import webhook_ingest as wi  # noqa: E402

DB = f"crm_res_bench_stmt_{os.getpid()}"


def _cpu(pid: int) -> float:
    """Seconds on a CPU (the scheduler's nanosecond count, not the 10 ms ticks of /proc/PID/stat)."""
    return int(Path(f"/proc/{pid}/schedstat").read_text().split()[0]) / 1e9


def explain(conn, maker, batch: int) -> None:  # type: ignore[no-untyped-def]
    """Planning and execution time of each statement of one batch (EXPLAIN ANALYZE in a
    savepoint before the statement runs for real; the batch is rolled back)."""
    import contextlib

    from crm_res.integrations.whatsapp_inbound import parse_delivery_body
    from crm_res.services.channel import ingest

    class Explaining:
        def __init__(self, pg):  # type: ignore[no-untyped-def]
            self._pg = pg

        def execute(self, query, params=None):  # type: ignore[no-untyped-def]
            self._pg.execute("SAVEPOINT explained")
            rows = self._pg.execute("EXPLAIN (ANALYZE, SUMMARY) " + query, params).fetchall()
            if os.environ.get("EXPLAIN_PLANS"):
                with open(os.environ["EXPLAIN_PLANS"], "a") as out:
                    out.write("\n".join(r[0] for r in rows) + "\n\n")
            self._pg.execute("ROLLBACK TO SAVEPOINT explained")
            times = [
                r[0].strip() for r in rows if r[0].strip().startswith(("Planning Time", "Execution Time"))
            ]
            print(f"  {' '.join(query.split())[:60]!r}: {'; '.join(times)}")
            return self._pg.execute(query, params)

        def pipeline(self):  # type: ignore[no-untyped-def]
            return contextlib.nullcontext()

        def __getattr__(self, name):  # type: ignore[no-untyped-def]
            return getattr(self._pg, name)

    deliveries = []
    for _ in range(batch):
        d = parse_delivery_body(maker.next().body)
        d.verified = True
        deliveries.append(d)
    real = ingest._driver
    ingest._driver = lambda c: Explaining(real(c))  # type: ignore[assignment]
    try:
        with conn.begin() as tx:
            ingest.store_deliveries(conn, deliveries)
            tx.rollback()
    finally:
        ingest._driver = real


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--deliveries", type=int, default=20000, help="per round")
    p.add_argument("--batch", type=int, default=32)
    p.add_argument("--rounds", type=int, default=3)
    p.add_argument("--restaurants", type=int, default=8)
    p.add_argument("--customers", type=int, default=2000)
    p.add_argument("--history", type=int, default=10)
    p.add_argument("--variant", action="append", default=[], help="SQL run after seeding")
    p.add_argument("--explain", action="store_true", help="then EXPLAIN ANALYZE one batch's statements")
    p.add_argument("--schema", default="head", help="the alembic revision to measure (default head)")
    p.add_argument(
        "--names-per-message",
        action="store_true",
        help="the bench before 0190's session: a random profile name per message (the stored one rarely matches)",
    )
    p.add_argument("--redis-db", type=int, default=10)
    args = p.parse_args()

    c.setup_bench_environment(DB, args.redis_db)
    if args.schema != "head":
        from alembic import command
        from crm_res.runtime.migrate import alembic_config

        command.downgrade(alembic_config(), args.schema)
    pnids = c.seed_restaurants("bench", args.restaurants)
    outbound = wi.seed_history(pnids, args.customers, args.history)
    if args.names_per_message:
        c.sql("UPDATE customers SET name = 'عميل ' || right(wa_id, 8)::int")

        def message(self: wi.DeliveryMaker, pnid: str, who: str) -> object:
            return self._message(pnid, who, self.rng.choice(wi.PROFILE_NAMES))

        wi.DeliveryMaker.message = message  # type: ignore[method-assign]
    for statement in args.variant:
        c.sql(statement)
    c.sql("ANALYZE")

    import inspect

    from crm_res.db import get_engine
    from crm_res.integrations.whatsapp_inbound import parse_delivery_body
    from crm_res.services.channel.ingest import store_deliveries

    # The COMMIT in the statements' last round trip, as the batcher does, where this revision can.
    commit = {"commit": True} if "commit" in inspect.signature(store_deliveries).parameters else {}
    maker = wi.DeliveryMaker(pnids, outbound, args.customers, seed=1)
    engine = get_engine()
    with engine.connect() as conn:
        backend = conn.exec_driver_sql("SELECT pg_backend_pid()").scalar_one()
        conn.commit()
        for r in range(args.rounds):
            deliveries = []
            for _ in range(args.deliveries):
                d = parse_delivery_body(maker.next().body)
                d.verified = True
                deliveries.append(d)
            pg0, me0, t0 = _cpu(backend), _cpu(os.getpid()), time.perf_counter()
            messages = 0
            for i in range(0, len(deliveries), args.batch):
                with conn.begin():  # as the webhook's batcher stores them: the COMMIT in the last round trip
                    result = store_deliveries(conn, deliveries[i : i + args.batch], **commit)
                messages += len(result.new_messages)
            pg, me, wall = _cpu(backend) - pg0, _cpu(os.getpid()) - me0, time.perf_counter() - t0
            n = len(deliveries)
            print(
                f"round {r + 1}: {n:,} deliveries ({messages:,} new messages) in {wall:.1f} s: per delivery "
                f"Postgres {pg / n * 1e6:,.0f} µs, this process {me / n * 1e6:,.0f} µs",
                flush=True,
            )
        for name, generic, custom, statement in conn.exec_driver_sql(
            "SELECT name, generic_plans, custom_plans, statement FROM pg_prepared_statements ORDER BY 2 + 3 DESC"
        ).all():
            print(
                f"  prepared {name}: {generic:,} generic plans, {custom:,} custom: {' '.join(statement.split())[:60]!r}"
            )
        conn.rollback()
        if args.explain:
            explain(conn, maker, args.batch)
    time.sleep(1.0)  # the statistics collector's lag
    for table, updates, hot in c.sql(
        "SELECT relname, n_tup_upd, n_tup_hot_upd FROM pg_stat_user_tables "
        "WHERE relname IN ('customers', 'conversations', 'messages') ORDER BY 1"
    ):
        print(f"  {table}: {updates:,} row updates, {hot / max(updates, 1):.0%} of them in place (HOT)")
    print(f"load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
