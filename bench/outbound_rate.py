"""Outbound throughput cap: 2,000 sends for ONE phone number must never beat its per-second cap.

    python bench/outbound_rate.py [--sends 2000] [--workers 4] [--customers 100]

Queues --sends outbox rows (crm_res.services.outbox.outbox.queue_message, then
crm_res.jobs.enqueue.enqueue_send after commit) for one restaurant with the default cap
(WHATSAPP rate 80 messages/s), starts `python worker.py --processes N` (RQ SimpleWorkers, all
sharing the cap through Redis) against a FakeGraph process that answers at once, and prints
sends/s and the most sends FakeGraph received in any sliding 1-second window. Exits non-zero if
that ever exceeds the cap, or if any outbox row was not sent exactly once.
"""

from __future__ import annotations

import argparse
import collections
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import _common as c  # noqa: E402

BENCH_DB = f"crm_res_bench_outbound_{os.getpid()}"  # per run: two runs never share one
REDIS_DB = 10  # the default; --redis-db to change
TOKEN = "bench-token"


def queue_sends(restaurant_pnid: str, sends: int, customers: int) -> list[int]:
    """Outbox rows (and their message rows) committed first, then their send jobs enqueued."""
    from datetime import UTC, datetime

    from sqlmodel import select

    from crm_res.db import session_scope
    from crm_res.jobs.enqueue import enqueue_send
    from crm_res.models import Conversation, Customer, Restaurant
    from crm_res.services.outbox.outbox import queue_message, text_payload

    ids: list[int] = []
    with session_scope() as s:
        restaurant = s.exec(
            select(Restaurant).where(Restaurant.whatsapp_phone_number_id == restaurant_pnid)
        ).one()
        people = []
        for i in range(customers):
            customer = Customer(
                restaurant_id=restaurant.id,
                wa_id=f"9665{i:08d}",
                name=f"عميل {i}",
                last_inbound_at=datetime.now(UTC),
            )  # inside the 24-hour window
            s.add(customer)
            s.flush()
            conversation = Conversation(restaurant_id=restaurant.id, customer_id=customer.id)
            s.add(conversation)
            s.flush()
            people.append((customer, conversation))
        for i in range(sends):
            customer, conversation = people[i % len(people)]
            body = f"طلبك رقم {i} قيد التحضير"
            queued = queue_message(
                session=s,
                restaurant_id=restaurant.id,
                customer=customer,
                idempotency_key=f"bench-out:{i}",
                kind="text",
                payload=text_payload(customer.wa_id, body),
                body_preview=body,
                purpose="reply",
                conversation=conversation,
            )
            ids.append(queued.outbox_id)
    for outbox_id in ids:  # after commit: the send job must find its row
        enqueue_send(outbox_id)
    return ids


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--sends", type=int, default=2000, help="outbox rows to send (default 2,000)")
    p.add_argument("--workers", type=int, default=4, help="worker processes (default 4)")
    p.add_argument("--customers", type=int, default=100, help="recipients the sends are spread over")
    p.add_argument("--timeout", type=float, default=180.0, help="give up draining after this many seconds")
    p.add_argument(
        "--redis-db", type=int, default=REDIS_DB, help=f"Redis database to use and flush (default {REDIS_DB})"
    )
    args = p.parse_args()

    print(f"== setting up: database {BENCH_DB}, Redis db {args.redis_db} ==")
    env = c.setup_bench_environment(BENCH_DB, args.redis_db)
    graph = c.GraphProcess(token=TOKEN)
    [pnid] = c.seed_restaurants("rate", 1)  # default settings: the default cap
    from crm_res.settings import get_settings

    cap = get_settings().whatsapp_rate_per_second
    t0 = time.perf_counter()
    ids = queue_sends(pnid, args.sends, args.customers)
    print(
        f"  {len(ids):,} outbox rows for phone number {pnid!r} (cap {cap}/s) queued and enqueued in "
        f"{time.perf_counter() - t0:.1f} s"
    )

    logdir = c.ROOT / ".data" / "bench" / "outbound_rate"
    logdir.mkdir(parents=True, exist_ok=True)
    (logdir / "workers.log").unlink(missing_ok=True)
    worker_env = {**env, "WHATSAPP_ACCESS_TOKEN": TOKEN, "WHATSAPP_GRAPH_URL": graph.url}
    print(
        f"\n== draining with {args.workers} worker processes (python worker.py --processes {args.workers}) =="
    )
    workers = c.start_workers(args.workers, env=worker_env, log=logdir / "workers.log")
    deadline = time.monotonic() + args.timeout
    while time.monotonic() < deadline and graph.count() < len(ids):
        time.sleep(0.5)
    time.sleep(1.0)  # anything still in flight would show up as a duplicate
    sent = graph.sent()
    c.stop_process(workers)
    graph.stop()

    times = [at for at, *_ in sent]
    peak = c.max_in_window(times, 1.0)
    span = (max(times) - min(times)) if len(times) > 1 else float("nan")
    rate = (len(times) - 1) / span if len(times) > 1 else 0.0
    per_row = collections.Counter(cb for _, _, _, cb, _ in sent)
    wamid_of = {cb: wamid for _, _, _, cb, wamid in sent}
    rows = c.sql("SELECT id, status::text, wa_message_id FROM outbox")
    expected = {f"outbox:{i}" for i in ids}
    missing = expected - set(per_row)
    twice = {cb: n for cb, n in per_row.items() if n > 1}
    strangers = set(per_row) - expected
    wrong_db = [i for i, status, wamid in rows if status != "sent" or wamid != wamid_of.get(f"outbox:{i}")]
    other_numbers = {pn for _, pn, _, _, _ in sent if pn != pnid}

    print(f"  FakeGraph received {len(sent):,} sends in {span:.2f} s → {rate:,.1f} sends/s (cap {cap}/s)")
    print(
        f"  most sends in any sliding 1-second window: {peak} (cap {cap}) → "
        f"{'within the cap' if peak <= cap else 'OVER THE CAP'}"
    )
    print(
        f"  exactly once: {len(ids) - len(missing) - len(twice):,} of {len(ids):,} rows sent once; "
        f"{len(missing)} never sent, {len(twice)} sent more than once, {len(strangers)} unknown callbacks; "
        f"{len(wrong_db)} outbox rows not 'sent' with FakeGraph's wamid"
    )
    ok = peak <= cap and not missing and not twice and not strangers and not wrong_db and not other_numbers
    print(
        f"\n== summary: {rate:,.1f} sends/s, peak {peak} in 1 s (cap {cap}), "
        f"{'every row sent exactly once' if not (missing or twice or wrong_db) else 'EXACTLY-ONCE FAILED'} =="
    )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
