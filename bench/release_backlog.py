"""Release of a prayer-time backlog: 5,000 held messages leave after the window, under the cap.

    python bench/release_backlog.py [--messages 5000] [--workers 4] [--lead 75]

Everything is real: Postgres, Redis, RQ workers with RQ's scheduler (`python worker.py`), the
outbox, the hold policy (`services/timing/holding.py`) and the send job, posting to a FakeGraph process
(tests/fakes/fake_graph.py). To run on the real clock without waiting for a real prayer, the
restaurant's branch is placed at the longitude whose Dhuhr window ends `--lead` seconds from now
(solar noon moves 4 minutes per degree); feedback requests queued now are inside that window.

1. Queue N business-initiated messages (one per customer, all inside the 24-hour window) through
   `queue_message`: the policy holds each to the window's end and books it a release slot;
   commit, then `enqueue_send` (RQ `enqueue_at`) for each.
2. At the window's end RQ's scheduler releases the jobs; the workers send them.
3. Prints: how long the release took (window end → last message at the Graph API), the peak
   number of messages in any 1-second span (sliding, and per wall-clock second) against the
   number's cap, and checks nothing left early, nothing was lost and nothing was sent twice.
"""

from __future__ import annotations

import argparse
import collections
import math
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import _common as c  # noqa: E402

BENCH_DB = "crm_res_bench_release"
REDIS_DB = 15  # a db nobody else on this box flushes (the run checks a sentinel key)
TOKEN = "bench-token"
PNID = "release-0"


def longitude_for_window_end(target: datetime, lat: float = 24.0) -> tuple[float, datetime]:
    """A longitude whose Dhuhr (or Jumu'ah) window, with the default buffers, ends at `target`
    (a whole minute); returns it and the window's end."""
    from crm_res.integrations.prayer_times import prayer_windows
    from crm_res.integrations.saudi_cities import City

    def window_end(lng: float) -> datetime:
        place = City("bench", "bench", "bench", lat, lng, "Asia/Riyadh")
        day = target.astimezone(place_zone).date()
        ends = [
            w.end
            for d in (-1, 0, 1)
            for w in prayer_windows(place, day + timedelta(days=d))
            if w.name in ("dhuhr", "jumuah")
        ]
        return min(ends, key=lambda e: abs(e - target))

    from zoneinfo import ZoneInfo

    place_zone = ZoneInfo("Asia/Riyadh")
    lng = (12 - (target.hour + target.minute / 60)) * 15
    for step in range(40):
        lng = ((lng + 180) % 360) - 180
        end = window_end(lng)
        miss = (end - target).total_seconds() / 60  # minutes
        if miss == 0:
            return lng, end
        # 4 minutes per degree; once within the adhan's minute rounding, creep.
        lng += miss / 4 if abs(miss) > 1 else math.copysign(0.05 + 0.01 * step, miss)
    raise RuntimeError(f"no longitude found for a window ending at {target}")


def seed(n: int, lat: float, lng: float) -> tuple[str, list[str]]:
    """The restaurant (default cap), its one branch at (lat, lng), and n customers who wrote an hour ago."""
    from crm_res.db import session_scope
    from crm_res.models import Branch
    from crm_res.services.admin.restaurants import create_restaurant

    with session_scope() as s:
        r = create_restaurant(
            session=s, name_ar="مطعم الإطلاق", name_en="Release Diner", phone_number_id=PNID
        )
        s.add(
            Branch(
                restaurant_id=r.id,
                name_ar="فرع القياس",
                name_en="Bench branch",
                city="Bench Point",
                lat=lat,
                lng=lng,
            )
        )
        rid = str(r.id)
    c.sql(
        "INSERT INTO customers (id, restaurant_id, wa_id, name, language_preference, opted_out, last_inbound_at, "
        "created_at, updated_at, dietary_restrictions, tags, lifetime_value, conversation_context) "
        "SELECT gen_random_uuid(), :r, '9665' || lpad(g::text, 8, '0'), 'عميل ' || g, 'ar-SA', false, "
        "now() - interval '1 hour', now(), now(), '{}', '{}', 0, '{}' FROM generate_series(1, :n) g",
        r=rid,
        n=n,
    )
    return rid, [w for (w,) in c.sql("SELECT wa_id FROM customers ORDER BY wa_id")]


def queue_backlog(restaurant_id: str, now: datetime) -> list[tuple[int, datetime]]:
    """One feedback-style business-initiated message per customer, queued (and held) now."""
    import uuid

    from sqlmodel import select

    from crm_res.db import session_scope
    from crm_res.models import Customer
    from crm_res.services.outbox.outbox import queue_message, text_payload

    rows: list[tuple[int, datetime]] = []
    with session_scope() as s:
        customers = s.exec(select(Customer).where(Customer.restaurant_id == uuid.UUID(restaurant_id))).all()
        for customer in customers:
            body = f"مرحباً {customer.name}! كيف كانت تجربتك معنا اليوم؟"
            q = queue_message(
                session=s,
                restaurant_id=customer.restaurant_id,
                customer=customer,
                idempotency_key=f"bench:{customer.id}",
                kind="text",
                payload=text_payload(customer.wa_id, body),
                body_preview=body,
                purpose="feedback_request",
                not_before=now,
            )
            rows.append((q.outbox_id, q.not_before))
    return rows


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--messages", type=int, default=5000)
    p.add_argument("--workers", type=int, default=4, help="RQ worker processes (default 4)")
    p.add_argument("--lead", type=float, default=75.0, help="seconds until the window ends (default 75)")
    args = p.parse_args()

    logdir = c.ROOT / ".data" / "bench"
    logdir.mkdir(parents=True, exist_ok=True)
    print(f"== setting up: database {BENCH_DB}, Redis db {REDIS_DB} ==")
    env = c.setup_bench_environment(BENCH_DB, REDIS_DB)
    graph = c.GraphProcess(TOKEN)
    child_env = {**env, "WHATSAPP_ACCESS_TOKEN": TOKEN, "WHATSAPP_GRAPH_URL": graph.url}
    import os

    os.environ.update(child_env)
    c.reset_caches()
    from crm_res.services.timing.holding import release_rate
    from crm_res.settings import get_settings

    cap = get_settings().whatsapp_rate_per_second
    target = (datetime.now(UTC) + timedelta(seconds=args.lead + 60)).replace(second=0, microsecond=0)
    lng, window_end = longitude_for_window_end(target)
    restaurant_id, _ = seed(args.messages, 24.0, lng)
    c.sql("ANALYZE")
    workers = c.start_workers(args.workers, env=child_env, log=logdir / "release_workers.log")
    from crm_res.db import get_redis

    get_redis().set("crm_res:bench:release:sentinel", "1")

    t0 = time.perf_counter()
    now = datetime.now(UTC)
    rows = queue_backlog(restaurant_id, now)
    queued_s = time.perf_counter() - t0
    from crm_res.jobs.enqueue import enqueue_send

    t1 = time.perf_counter()
    for outbox_id, not_before in rows:
        enqueue_send(outbox_id, not_before)
    enqueued_s = time.perf_counter() - t1
    from crm_res.db import session_scope
    from crm_res.models import Restaurant

    with session_scope() as s:
        rate = release_rate(s.get(Restaurant, __import__("uuid").UUID(restaurant_id)))  # type: ignore[arg-type]
    not_befores = sorted(nb for _, nb in rows)
    held = sum(1 for nb in not_befores if nb >= window_end)
    print(
        f"window: Dhuhr at longitude {lng:.2f}°, ends {window_end.astimezone(UTC):%H:%M:%S} UTC "
        f"({(window_end - datetime.now(UTC)).total_seconds():.0f} s from now)"
    )
    print(
        f"queued {len(rows):,} rows in {queued_s:.1f} s ({len(rows) / queued_s:,.0f}/s; hold policy + release "
        f"slot + outbox row each), enqueued in {enqueued_s:.1f} s; {held:,} held to the window's end"
    )
    print(
        f"planned release: {not_befores[0].astimezone(UTC):%H:%M:%S.%f} → "
        f"{not_befores[-1].astimezone(UTC):%H:%M:%S.%f} UTC at {rate}/s (cap {cap}/s, "
        f"{c.max_in_window([nb.timestamp() for nb in not_befores])} in the busiest planned second)"
    )
    if datetime.now(UTC) >= window_end:
        print("the window ended before the backlog was queued: raise --lead", file=sys.stderr)
        return 2

    deadline = window_end.timestamp() + args.messages / rate * 3 + 60
    while time.time() < deadline and graph.count() < len(rows):
        if workers.poll() is not None:
            print("the workers exited", file=sys.stderr)
            return 2
        time.sleep(0.5)
    sent = graph.sent()
    if not get_redis().exists("crm_res:bench:release:sentinel"):
        print(
            f"Redis db {REDIS_DB} was flushed by another process during the run: figures are void",
            file=sys.stderr,
        )
        return 2
    times = sorted(at for at, *_ in sent)
    callbacks = [cb for _, _, _, cb, _ in sent]
    end = window_end.timestamp()
    if not times:
        print("nothing was sent", file=sys.stderr)
        return 1
    per_second = collections.Counter(int(t) for t in times)
    sliding = c.max_in_window(times, 1.0)
    statuses = dict(c.sql("SELECT status::text, count(*) FROM outbox GROUP BY status"))
    early = sum(1 for t in times if t < end)
    print(
        f"released {len(times):,} of {len(rows):,}: first {times[0] - end:+.2f} s after the window's end, "
        f"last {times[-1] - end:+.1f} s; release took {times[-1] - times[0]:.1f} s "
        f"({len(times) / max(times[-1] - times[0], 1e-9):.1f} msg/s)"
    )
    print(
        f"peak send rate: {sliding} in any sliding 1 s span, {max(per_second.values())} in one wall-clock "
        f"second (cap {cap}/s; release rate {rate}/s)"
    )
    print(
        f"sent before the window's end: {early}; duplicates: {len(callbacks) - len(set(callbacks))}; "
        f"outbox: {statuses}"
    )
    ok = len(times) == len(rows) and early == 0 and sliding <= cap and len(set(callbacks)) == len(callbacks)
    print("release within the cap, after the window, complete and once each:", "yes" if ok else "NO")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
