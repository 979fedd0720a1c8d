"""Campaign release: recipients in three cities released against a fake Graph API while customers
keep writing in, on the real pieces (webhook under granian, RQ workers, Postgres, Redis).

    python bench/campaign_release.py [--recipients 50000] [--workers 2] [--cap 80] [--timeout 1800]
                                     [--compare 1000] [--mode batches|rows]

The release job (services/campaigns/release.release_due, what jobs/scheduled.release_campaigns
runs every 10 s) is called from here on the same interval. Prayer buffers are widened, if needed,
so that at least one city (not all) is inside a prayer window when the campaign starts: its
customers must wait. Prints sends/s, the most sends (campaign and replies) in any sliding 1-second
window against the number's cap, campaign sends inside their city's prayer window (must be 0),
duplicates (must be 0), and the reply latency p99 at 50 concurrent conversations without and
with the campaign running (the same conversation pattern as bench/reply_latency.py).

Sends go out as the worker sends them: in batches, one RQ job per batch per restaurant on the
`bulk` queue (jobs/send.send_bulk); `--mode rows` sends the main campaign the old way instead, one
`send_outbox` job per recipient. Before the main run, `--compare N` (default 1,000; 0 skips it)
sends two small campaigns of N recipients each, without prayer holds, once per row and once in
batches, one after the other on the same workers, and prints the CPU per send of each (workers,
Postgres backends of the bench database, the fake Graph server): the cost, not the box's load.
`--recipients 5000` keeps a whole run within a few minutes on a quiet box.
"""

from __future__ import annotations

import argparse
import asyncio
import collections
import os
import sys
import threading
import time
from datetime import UTC, datetime
from typing import Any

import httpx

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from _common import (  # noqa: E402
    CpuMeter,
    GraphProcess,
    free_port,
    max_in_window,
    percentile,
    postgres_backends,
    process_tree,
    seed_restaurants,
    setup_bench_environment,
    sql,
    start_webhook,
    start_workers,
)
from reply_latency import post_greetings, replying_stack  # noqa: E402

CITIES = ("Riyadh", "Jeddah", "Dammam")


def pick_buffer(now: datetime, run: float) -> int:
    """The prayer buffer (minutes, at most the 180 a restaurant may set) for a run of about `run`
    seconds from `now`: some city inside a window now (its customers must wait) and some city
    outside every window for the whole run (the campaign keeps sending: cities leave and enter
    windows minutes apart, and a buffer that only looks at `now` stalled a 50,000 run when the
    last free city entered its window). Best: every held city's window also ends within the run,
    so every recipient is sent; then the largest such buffer (holds happen while it runs)."""
    from datetime import timedelta

    from crm_res.integrations.saudi_cities import find_city
    from crm_res.services.timing.holding import HoldSettings, covering_window

    places = [find_city(c) for c in CITIES]
    moments = [now + timedelta(seconds=t) for t in range(0, int(run) + 60, 30)]
    fallback = None
    for minutes in range(180, 9, -5):
        policy = HoldSettings(before=timedelta(minutes=minutes), after=timedelta(minutes=minutes))
        inside = [[covering_window(t, p, policy) is not None for t in moments] for p in places]
        held_now = [city[0] for city in inside]
        free_throughout = [not any(city) for city in inside]
        if not any(held_now) or not any(free_throughout):
            continue
        ends_in_run = all(
            not city[int(len(moments) * 0.6)] for city, now_in in zip(inside, held_now, strict=True) if now_in
        )
        if ends_in_run:
            return minutes
        fallback = fallback or minutes
    return fallback or 10


def seed(pnid: str, recipients: int, buffer: int, *, prayer: bool = True) -> tuple[object, str]:
    from sqlalchemy import text
    from sqlmodel import select

    from crm_res.db import session_scope
    from crm_res.models import Branch, MessageTemplate, Restaurant, Role
    from crm_res.services.access import Viewer
    from crm_res.services.accounts.users import create_user
    from crm_res.services.campaigns import actions as campaigns

    with session_scope() as s:
        r = s.exec(select(Restaurant).where(Restaurant.whatsapp_phone_number_id == pnid)).one()
        r.prayer_time_enabled = prayer
        r.settings = {
            **r.settings,
            "prayer_buffer_before_min": buffer,
            "prayer_buffer_after_min": buffer,
            "ramadan_mode": False,
            "campaign_frequency_cap_days": 0,
        }
        s.add(r)
        branches = [Branch(restaurant_id=r.id, name_ar=c, name_en=c, city=c) for c in CITIES]
        s.add_all(branches)
        tpl = MessageTemplate(
            restaurant_id=r.id, name="offer", language="ar", purpose="promotion", parameters=["name", "code"]
        )
        s.add(tpl)
        owner, _ = create_user(
            session=s,
            restaurant_id=r.id,
            email=f"bench-{pnid}@camp.sa",
            role=Role.owner,
            password="password-1",
        )
        s.flush()
        s.execute(
            text(
                "INSERT INTO customers (id, restaurant_id, wa_id, name, language_preference, tags, dietary_restrictions,"
                " lifetime_value, opted_out, is_test, conversation_context, created_at, updated_at) "
                "SELECT gen_random_uuid(), :r, '9667' || lpad(g::text, 8, '0'), 'عميل ' || g, 'ar-SA', '{}', '{}', 0,"
                " false, false, '{}', now(), now() FROM generate_series(1, :n) g"
            ),
            {"r": r.id, "n": recipients},
        )
        s.execute(
            text(
                "INSERT INTO orders (id, restaurant_id, number, customer_id, branch_id, items, total_amount, status, "
                "delivery_type, created_at, updated_at) SELECT gen_random_uuid(), :r, row_number() OVER (), c.id, "
                "(ARRAY[CAST(:b0 AS uuid), CAST(:b1 AS uuid), CAST(:b2 AS uuid)])[1 + (row_number() OVER ()) % 3], "
                "'[]', 10, 'delivered', 'pickup', now() - interval '30 days', now() - interval '30 days' "
                "FROM customers c WHERE c.restaurant_id = :r"
            ),
            {"r": r.id, "b0": branches[0].id, "b1": branches[1].id, "b2": branches[2].id},
        )
        viewer = Viewer(user_id=owner.id, restaurant_id=r.id, role=Role.owner)
        cid = campaigns.create_campaign(
            session=s,
            viewer=viewer,
            name="bench",
            template_id=tpl.id,
            segment={},
            template_params={"name": "{name}", "code": "{discount_code}"},
        )
        out = campaigns.schedule_campaign(session=s, viewer=viewer, campaign_id=cid)
        print(f"  {out['recipients']:,} recipients frozen")
    return r.id, str(cid)


def release_once(restaurant_id: object | None, mode: str) -> object:
    """What jobs/scheduled.release_campaigns does (batches), or the old per-row send jobs (rows)."""
    from crm_res.db import session_scope
    from crm_res.jobs.enqueue import enqueue_bulk, enqueue_sends
    from crm_res.services.campaigns import release as campaigns

    with session_scope() as s:
        out = campaigns.release_due(session=s, restaurant_id=restaurant_id)  # type: ignore[arg-type]
    if mode == "rows":
        enqueue_sends(out.sends)
    else:
        for rid, at in out.first_slot.items():
            enqueue_bulk(rid, at)
    return out


def release_loop(stop: threading.Event, stats: dict, mode: str = "batches") -> None:
    from sqlalchemy import event

    from crm_res.db import get_engine
    from crm_res.services.campaigns import release as campaigns

    statements = [0]

    def count(*_args: object) -> None:
        statements[0] += 1

    event.listen(get_engine(), "before_cursor_execute", count)  # this thread is the only user here
    while not stop.is_set():
        t0 = time.perf_counter()
        before = statements[0]
        out: Any = release_once(None, mode)
        stats["released"] += out.released
        stats["held"] += out.held
        stats["runs"].append(time.perf_counter() - t0)
        stats["statements"] += statements[0] - before
        stop.wait(campaigns.RELEASE_INTERVAL_SECONDS)


def compare_cpu(n: int, cap: int, graph: GraphProcess, workers_pid: int, db_name: str) -> None:
    """Two campaigns of `n` recipients (no prayer holds), sent per row and then in batches, one
    after the other: CPU per send of the workers, the bench database's Postgres backends and the
    fake Graph server."""
    from sqlalchemy import text

    from crm_res.db import session_scope

    for mode in ("rows", "batches"):
        [pnid] = seed_restaurants(f"cmp-{mode}", 1, settings={"rate_per_second": cap})
        restaurant_id, _cid = seed(pnid, n, 10, prayer=False)
        meter = CpuMeter(
            workers=lambda: process_tree(workers_pid),
            postgres=lambda: postgres_backends(db_name),
            graph=lambda: [graph.pid],
        )
        sent_before = graph.count()
        meter.start()
        t0 = time.perf_counter()
        deadline = time.monotonic() + max(600.0, n / 5)
        while time.monotonic() < deadline:
            release_once(restaurant_id, mode)
            with session_scope() as s:
                done = s.execute(
                    text("SELECT count(*) FROM outbox WHERE restaurant_id = :r AND status = 'sent'"),
                    {"r": restaurant_id},
                ).scalar_one()
            if done >= n:
                break
            time.sleep(1.0)
        wall = time.perf_counter() - t0
        meter.stop()
        sent = graph.count() - sent_before
        print(
            f"  {mode:>7}: {sent:,} sends in {wall:.0f} s ({sent / wall:.1f}/s); "
            f"{meter.report(max(sent, 1), 'send')}; load average {os.getloadavg()[0]:.1f}"
        )


async def rounds(url: str, graph: GraphProcess, pnid: str, concurrency: int, n: int) -> list[float]:
    """`n` rounds of `concurrency` conversations; a reply is matched by its recipient."""
    customers = [f"9665{concurrency:02d}{i:06d}" for i in range(concurrency)]
    latencies: list[float] = []
    async with httpx.AsyncClient(timeout=10) as client:
        for r in range(n):
            seen = graph.count()
            started = {c: time.time() for c in customers}
            answers = await post_greetings(client, url, pnid, customers, r)
            assert all(a.status_code == 200 for a in answers)
            waiting, deadline = set(customers), time.time() + 60
            while waiting and time.time() < deadline:
                await asyncio.sleep(0.05)
                for at, _p, to, _cb, _w in graph.sent()[seen:]:
                    if to in waiting:
                        waiting.discard(to)
                        latencies.append(at - started[to])
            if waiting:
                raise RuntimeError(f"{len(waiting)} replies never arrived")
    return latencies


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--recipients", type=int, default=50_000)
    p.add_argument("--workers", type=int, default=2)
    p.add_argument("--cap", type=int, default=80, help="the number's messages per second")
    p.add_argument("--rounds", type=int, default=6, help="rounds of 50 conversations, before and during")
    p.add_argument("--timeout", type=float, default=1800)
    p.add_argument("--redis-db", type=int, default=7)
    p.add_argument("--compare", type=int, default=1000, help="recipients per CPU comparison run (0: skip)")
    p.add_argument(
        "--mode",
        choices=("batches", "rows"),
        default="batches",
        help="how the main campaign is sent: in batches (the worker's way) or one job per row",
    )
    args = p.parse_args()

    db_name = f"crm_res_bench_campaign_{os.getpid()}"
    env = setup_bench_environment(db_name, redis_db=args.redis_db)
    llm, graph, child_env = replying_stack(env)
    os.environ.update({k: child_env[k] for k in ("WHATSAPP_ACCESS_TOKEN", "WHATSAPP_GRAPH_URL")})
    [pnid] = seed_restaurants("camp", 1, settings={"rate_per_second": args.cap})
    now = datetime.now(UTC)
    # the run: the CPU comparison, the replies without, then the campaign at its share of the cap
    buffer = pick_buffer(
        now, run=args.compare * 2 / (args.cap * 0.7) + 90 + args.recipients / (args.cap * 0.7)
    )
    print(f"== seeding {args.recipients:,} recipients in {', '.join(CITIES)}; prayer buffer {buffer} min ==")
    t0 = time.perf_counter()
    restaurant_id, cid = seed(pnid, args.recipients, buffer)
    print(f"  seeded and scheduled in {time.perf_counter() - t0:.1f} s")
    port = free_port()
    start_webhook(port, env=child_env)
    workers = start_workers(args.workers, env=child_env)
    url = f"http://127.0.0.1:{port}/webhooks/whatsapp"
    if args.compare:
        print(f"== CPU per send, {args.compare:,} recipients each, per row then in batches ==")
        compare_cpu(args.compare, args.cap, graph, workers.pid, db_name)
    asyncio.run(rounds(url, graph, pnid, 1, 3))  # warm-up
    base = asyncio.run(rounds(url, graph, pnid, 50, args.rounds))
    print(
        f"  replies without a campaign: p50 {percentile(base, 50) * 1000:.0f} ms, "
        f"p99 {percentile(base, 99) * 1000:.0f} ms ({len(base)} replies)"
    )

    stop, stats = threading.Event(), {"released": 0, "held": 0, "runs": [], "statements": 0}
    loop = threading.Thread(target=release_loop, args=(stop, stats, args.mode), daemon=True)
    meter = CpuMeter(
        workers=lambda: process_tree(workers.pid),
        postgres=lambda: postgres_backends(db_name),
        graph=lambda: [graph.pid],
    )
    started = time.time()
    meter.start()
    loop.start()
    time.sleep(5)
    during = asyncio.run(rounds(url, graph, pnid, 50, args.rounds))
    print(
        f"  replies during the campaign: p50 {percentile(during, 50) * 1000:.0f} ms, "
        f"p99 {percentile(during, 99) * 1000:.0f} ms ({len(during)} replies)"
    )
    deadline = time.monotonic() + args.timeout
    target = args.recipients
    while time.monotonic() < deadline:
        done = sql(
            "SELECT count(*) FROM outbox WHERE purpose = 'campaign' AND status IN ('sent', 'failed') "
            "AND restaurant_id = :r",
            r=restaurant_id,
        )[0][0]
        pending = sql(
            "SELECT count(*) FROM campaign_recipients WHERE status = 'pending' AND restaurant_id = :r",
            r=restaurant_id,
        )[0][0]
        # Held past the end of the run: due after a prayer window that has not ended yet.
        later = sql(
            "SELECT count(*) FROM campaign_recipients WHERE status = 'pending' AND held_count > 0 "
            "AND due_at > now() + interval '30 seconds' AND restaurant_id = :r",
            r=restaurant_id,
        )[0][0]
        if done >= target or (done + later >= target and pending == later):
            break
        print(
            f"  … {done:,} sent, {pending:,} not yet released ({later:,} held until a prayer window ends)",
            flush=True,
        )
        time.sleep(15)
    stop.set()
    loop.join(30)
    time.sleep(2)
    meter.stop()
    sent = graph.sent()
    finished = time.time()

    from datetime import timedelta

    from crm_res.integrations.saudi_cities import find_city
    from crm_res.services.timing.holding import HoldSettings, covering_window

    policy = HoldSettings(
        before=timedelta(minutes=buffer), after=timedelta(minutes=buffer), ramadan_mode=False
    )
    city_of = {
        f"outbox:{i}": city
        for i, city in sql(
            "SELECT o.id, r.city FROM outbox o JOIN campaign_recipients r ON r.outbox_id = o.id "
            "WHERE r.restaurant_id = :r",
            r=restaurant_id,
        )
    }
    campaign_sends = [(at, cb) for at, _p, _to, cb, _w in sent if cb in city_of]
    per_row = collections.Counter(cb for _at, cb in campaign_sends)
    # Every outbox row of the whole run (the comparison's too) posted at most once.
    every_row = collections.Counter(cb for _at, _p, _to, cb, _w in sent if cb and cb.startswith("outbox:"))
    dupes = sum(n - 1 for n in every_row.values() if n > 1)
    inside = sum(
        1
        for at, cb in campaign_sends
        if covering_window(datetime.fromtimestamp(at, UTC), find_city(city_of[cb]), policy)
    )
    times = [at for at, *_ in sent if at >= started]
    peak = max_in_window(times, 1.0)
    ctimes = sorted(at for at, _cb in campaign_sends)
    rate = (len(ctimes) - 1) / (ctimes[-1] - ctimes[0]) if len(ctimes) > 1 else 0.0
    by_city = collections.Counter(city_of[cb] for _at, cb in campaign_sends)
    held = sql(
        "SELECT city, count(*) FROM campaign_recipients WHERE held_count > 0 AND restaurant_id = :r "
        "GROUP BY city",
        r=restaurant_id,
    )
    print(f"\n== campaign: {len(per_row):,} of {target:,} recipients sent in {finished - started:.0f} s ==")
    print(
        f"  sends/s (campaign, first to last): {rate:.1f}; release job runs: p50 "
        f"{percentile(stats['runs'], 50) * 1000:.0f} ms, max {max(stats['runs']) * 1000:.0f} ms, "
        f"{len(stats['runs'])} runs, {stats['statements']:,} SQL statements for {stats['released']:,} "
        f"releases and {stats['held']:,} holds"
    )
    still = sql(
        "SELECT city, count(*), min(due_at) FROM campaign_recipients WHERE status = 'pending' AND restaurant_id = :r "
        "GROUP BY city",
        r=restaurant_id,
    )
    if still:
        print(
            f"  still held for prayer at the end (not sent, due after their window): "
            f"{ {c: (n, str(d)[11:16] + ' UTC') for c, n, d in still} }"
        )
    print(
        f"  {meter.report(max(len([1 for at, *_ in sent if at >= started]), 1), 'send')} ({args.mode}); "
        f"load average {os.getloadavg()[0]:.1f}"
    )
    print(
        f"  most sends in any 1-second window (campaign + replies): {peak} (cap {args.cap}) → "
        f"{'within' if peak <= args.cap else 'OVER'} the cap"
    )
    print(f"  campaign sends inside their city's prayer window (+{buffer} min): {inside}")
    print(f"  duplicates (any outbox row posted twice, the whole run): {dupes}")
    print(f"  sent per city: {dict(by_city)}; held for prayer per city: {dict(held)}")
    print(
        f"  reply p99 at 50 concurrent: {percentile(base, 99) * 1000:.0f} ms without → "
        f"{percentile(during, 99) * 1000:.0f} ms during the campaign "
        f"(+{(percentile(during, 99) - percentile(base, 99)) * 1000:.0f} ms)"
    )
    llm.__exit__(None, None, None)
    ok = peak <= args.cap and inside == 0 and dupes == 0
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
