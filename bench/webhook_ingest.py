"""Webhook ingestion benchmark: `webhook:app` on its own (granian) against a fresh database.

    python bench/webhook_ingest.py [--seconds 30] [--clients 64] [--server-workers 1] [--e2e]
    python bench/webhook_ingest.py --served [--worker-nice 0,10] [--served-port 27100]   # issue #15's figures

1. Ingest: 64 concurrent keep-alive clients POST realistic, signed deliveries (1–3 events each:
   every inbound message type, sent/delivered/read/failed statuses, many distinct customers
   across several restaurants, ~5% redeliveries of a wamid already posted, some concurrently)
   for --seconds. Prints deliveries/s acknowledged (= persisted: the webhook answers 200 only after
   commit), ack latency p50/p99/max, errors; then checks zero lost (every acknowledged message
   wamid is in `messages`, every acknowledged status in `message_status_events`) and zero
   duplicated (one row and one queued job per wamid).
2. Floor: the bare inserts on the same Postgres: 64 threads, one transaction per delivery
   INSERTing its 1–3 messages (psycopg, no webhook, no Redis); prints the rate and the ratio.
3. --e2e: RQ workers (`python worker.py`, SimpleWorker) with a token and WHATSAPP_GRAPH_URL on a
   FakeGraph process that answers at once; restaurants with a high per-number cap; fresh
   customers write at --e2e-rate (default 400/s, above the 300/s goal, so the figure can show
   it); prints replies/s and webhook POST → reply-at-FakeGraph latency, with where the time went
   (queue wait, processing, send) from the rows' timestamps.
4. --served: the product as `make run` starts it (crm_res/runtime/launcher.py: Caddy, the
   ingestion tier, the dashboard, the workers), on the same database with the demo restaurant:
   a. the same load on its public port: rate, p50/p99, % of the standalone tier (1.), and CPU per
      delivery per process group (front, ingestion tier, dashboard, workers), each with the
      Postgres backends its own connections use (matched by client port), and Redis; the
      workers' CPU per message they finished;
   b. --mixed-rate (300/s) from 32 connections while --dashboard-users (20) simulated users log
      in through the login form, keep the inbox open (live), open conversations and type
      (bench/_dashboard_users.py): delivery p99, and each dashboard action's p50/p99;
   c. replies at normal load (--reply-rate, 20/s): POST → processed by a worker, p50/p99.
   --worker-nice 0,10 serves once per value (the workers' CPU priority) in the same run.
   Set CRM_RES_BENCH_PORTS=27000-27999 to keep every port the bench opens in a range.

The load generator speaks HTTP/1.1 on raw asyncio streams: httpx would cost more CPU than the
server on this 2-core box and measure itself instead of the webhook.
"""

from __future__ import annotations

import argparse
import asyncio
import collections
import json
import os
import random
import subprocess
import sys
import threading
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import _common as c  # noqa: E402

from tests.fakes import wa_payloads as wa  # noqa: E402

APP_SECRET = "bench-app-secret"
BENCH_DB = f"crm_res_bench_{os.getpid()}"  # per run: two runs never share one
REDIS_DB = 10  # the default; --redis-db to change
PATH = "/webhooks/whatsapp"

ARABIC = [
    "السلام عليكم",
    "ابغى اطلب برجر مع بطاطس",
    "كم سعر الشاورما؟",
    "متى تفتحون اليوم",
    "الأكل كان ممتاز",
    "الطلب تأخر كثير",
    "وين أقرب فرع",
    "نعم",
    "شكرا",
    "ابغى اكلم موظف",
    "٢ برجر لحم و ١ بيبسي",
]
ENGLISH = [
    "hi",
    "I want to order a burger and fries",
    "what are your hours?",
    "the food was great",
    "order was late",
    "where is your branch?",
    "yes",
    "thanks",
    "menu please",
]
PROFILE_NAMES = ["نورة", "عبدالله", "Sara", "محمد", None]


# --------------------------------------------------------------------------- a tiny HTTP/1.1 client


class Conn:
    """One keep-alive HTTP/1.1 connection (what Meta's delivery fleet looks like to us)."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def post(self, body: bytes, signature: str) -> tuple[int, bytes]:
        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection("127.0.0.1", self.port)
        assert self.reader is not None
        head = (
            f"POST {PATH} HTTP/1.1\r\nHost: 127.0.0.1:{self.port}\r\nContent-Type: application/json\r\n"
            f"X-Hub-Signature-256: {signature}\r\nContent-Length: {len(body)}\r\n\r\n"
        ).encode()
        try:
            self.writer.write(head + body)
            raw = await self.reader.readuntil(b"\r\n\r\n")
            lines = raw.decode("latin-1").split("\r\n")
            status = int(lines[0].split(" ", 2)[1])
            headers = {
                k.strip().lower(): v.strip() for k, _, v in (ln.partition(":") for ln in lines[1:] if ln)
            }
            if "content-length" in headers:
                payload = await self.reader.readexactly(int(headers["content-length"]))
            else:  # chunked
                payload = b""
                while True:
                    size = int((await self.reader.readuntil(b"\r\n")).strip(), 16)
                    chunk = await self.reader.readexactly(size + 2)
                    if size == 0:
                        break
                    payload += chunk[:-2]
            if headers.get("connection", "").lower() == "close":
                await self.close()
            return status, payload
        except BaseException:
            await self.close()
            raise

    async def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
            self.writer = None


# --------------------------------------------------------------------------- realistic deliveries


@dataclass
class Posted:
    body: bytes
    signature: str
    wamids: list[str]  # inbound message ids in it
    statuses: list[tuple[str, str]]  # (wamid, status)
    redelivery: bool = False


class DeliveryMaker:
    """Random but realistic deliveries; remembers recent ones to redeliver them."""

    def __init__(
        self, pnids: list[str], outbound_wamids: list[str], customers_per_restaurant: int, seed: int
    ) -> None:
        self.rng = random.Random(seed)
        self.pnids = pnids
        self.outbound = outbound_wamids
        self.customers = customers_per_restaurant
        self.recent: collections.deque[Posted] = collections.deque(maxlen=500)

    def customer(self, rng: random.Random) -> str:
        return f"9665{rng.randrange(self.customers):08d}"

    def message(self, pnid: str, who: str) -> wa.Event:
        # A customer's WhatsApp profile name is theirs (it seldom changes; some show none): every
        # message of theirs carries the same one, as Meta's do.
        name = PROFILE_NAMES[int(who[-8:]) % len(PROFILE_NAMES)]
        event = self._message(pnid, who, name)
        event.contact = {"profile": {"name": name}, "wa_id": who} if name is not None else None
        return event

    def _message(self, pnid: str, who: str, name: str | None) -> wa.Event:
        rng = self.rng
        kind = rng.choices(
            [
                "text_ar",
                "text_en",
                "button_reply",
                "list_reply",
                "button",
                "location",
                "image",
                "audio",
                "video",
                "document",
                "sticker",
                "contacts",
                "reaction",
                "order",
                "unsupported",
            ],
            weights=[35, 15, 8, 4, 3, 4, 8, 5, 2, 2, 3, 1, 5, 3, 2],
        )[0]
        if kind == "text_ar":
            return wa.text_message(pnid, who, rng.choice(ARABIC), name=name)
        if kind == "text_en":
            return wa.text_message(pnid, who, rng.choice(ENGLISH), name=name)
        if kind == "button_reply":
            return wa.button_reply(pnid, who, f"rate_{rng.randint(1, 5)}", "⭐", name=name)
        if kind == "list_reply":
            return wa.list_reply(pnid, who, "burger", "برجر")
        if kind == "button":
            return wa.button_message(pnid, who, "نعم", "confirm")
        if kind == "location":
            return wa.location_message(pnid, who, 24.7 + rng.random() / 10, 46.6 + rng.random() / 10)
        if kind == "reaction":
            return wa.reaction_message(pnid, who, rng.choice(self.outbound), "👍")
        if kind == "contacts":
            return wa.contacts_message(pnid, who)
        if kind == "order":
            return wa.order_message(pnid, who)
        if kind == "unsupported":
            return wa.unsupported_message(pnid, who)
        return getattr(wa, f"{kind}_message")(pnid, who)

    def status(self, pnid: str) -> wa.Event:
        rng = self.rng
        st = rng.choices(["sent", "delivered", "read", "failed"], weights=[30, 35, 30, 5])[0]
        target = rng.choice(self.outbound) if rng.random() < 0.7 else wa.new_wamid()
        if st == "failed":
            return wa.status(
                pnid, target, "failed", errors=[wa.status_error(131026, "Message undeliverable")]
            )
        return wa.status(pnid, target, st)

    def pregenerate(self, n: int) -> None:
        """Build deliveries ahead, so the load generator only sends (its CPU is the server's too)."""
        self._ready = collections.deque(self._make() for _ in range(n))

    def next(self) -> Posted:
        ready = getattr(self, "_ready", None)
        return ready.popleft() if ready else self._make()

    def _make(self) -> Posted:
        rng = self.rng
        if self.recent and rng.random() < 0.05:
            old = rng.choice(self.recent)  # Meta redelivering (possibly while the first is in flight)
            return Posted(old.body, old.signature, old.wamids, old.statuses, redelivery=True)
        pnid = rng.choice(self.pnids)
        events = []
        for _ in range(rng.choices([1, 2, 3], weights=[50, 30, 20])[0]):
            if rng.random() < 0.7:
                events.append(self.message(pnid, self.customer(rng)))
            else:
                events.append(self.status(pnid))
        body = wa.encode(wa.delivery(*events))
        posted = Posted(
            body,
            wa.sign(body, APP_SECRET),
            [e.wamid for e in events if e.kind == "messages"],
            [(e.wamid, e.data["status"]) for e in events if e.kind == "statuses"],
        )
        self.recent.append(posted)
        return posted


# --------------------------------------------------------------------------- the load


@dataclass
class LoadResult:
    started: float = 0.0
    measured_from: float = 0.0
    measured_to: float = 0.0
    latencies: list[float] = field(default_factory=list)  # acks inside the measured window
    acked: int = 0  # 200s inside the measured window
    acked_total: int = 0
    redeliveries: int = 0
    errors: collections.Counter = field(default_factory=collections.Counter)
    acked_wamids: set[str] = field(default_factory=set)
    acked_statuses: set[tuple[str, str]] = field(default_factory=set)
    post_times: dict[str, float] = field(default_factory=dict)  # e2e: customer → POST time


async def run_load(
    port: int,
    clients: int,
    seconds: float,
    warmup: float,
    make: callable,  # type: ignore[valid-type]
    rate: float | None = None,
    meter: c.CpuMeter | None = None,
) -> LoadResult:
    """`clients` connections posting `make()` deliveries back to back (or at `rate`/s in total)."""
    res = LoadResult()
    loop = asyncio.get_running_loop()
    res.started = loop.time()
    res.measured_from = res.started + warmup
    stop_at = res.measured_from + seconds
    counter = iter(range(10**12))
    wall_offset = time.time() - loop.time()

    async def client() -> None:
        conn = Conn(port)
        while True:
            if rate:
                due = res.started + next(counter) / rate
                now = loop.time()
                if due >= stop_at:
                    break
                if due > now:
                    await asyncio.sleep(due - now)
            elif loop.time() >= stop_at:
                break
            posted = make()
            t0 = loop.time()
            if posted.redelivery:
                res.redeliveries += 1
            if rate and posted.wamids:
                res.post_times[posted.wamids[0]] = t0 + wall_offset
            try:
                status, _ = await conn.post(posted.body, posted.signature)
            except (OSError, asyncio.IncompleteReadError, ValueError) as exc:
                res.errors[type(exc).__name__] += 1
                await asyncio.sleep(0.01)
                continue
            t1 = loop.time()
            if status != 200:
                res.errors[f"HTTP {status}"] += 1
                continue
            res.acked_total += 1
            res.acked_wamids.update(posted.wamids)
            res.acked_statuses.update(posted.statuses)
            if res.measured_from <= t0 and t1 <= stop_at:
                res.acked += 1
                res.latencies.append(t1 - t0)
        await conn.close()

    async def measure() -> None:
        assert meter is not None
        await asyncio.sleep(max(res.measured_from - loop.time(), 0))
        await asyncio.to_thread(meter.start)
        await asyncio.sleep(max(stop_at - loop.time(), 0))
        await asyncio.to_thread(meter.stop)

    await asyncio.gather(*(client() for _ in range(clients)), *([measure()] if meter else []))
    res.measured_to = min(loop.time(), stop_at)
    return res


def print_load(res: LoadResult, seconds: float) -> float:
    rate = res.acked / seconds
    lat = res.latencies
    print(
        f"  deliveries acknowledged (= persisted): {res.acked_total} in all, {res.acked} in the "
        f"{seconds:.0f} s window → {rate:,.0f} deliveries/s; {res.redeliveries} of them redeliveries"
    )
    print(
        f"  ack latency: p50 {c.ms(c.percentile(lat, 50))}, p99 {c.ms(c.percentile(lat, 99))}, "
        f"max {c.ms(max(lat) if lat else float('nan'))}"
    )
    print(f"  errors: {sum(res.errors.values())} {dict(res.errors) if res.errors else ''}")
    return rate


# --------------------------------------------------------------------------- checks


def verify(res: LoadResult, *, jobs_consumed: bool = False) -> bool:
    from rq import Queue

    from crm_res.db import get_redis
    from crm_res.jobs.queues import REPLIES

    stored = {
        w
        for (w,) in c.sql(
            "SELECT wa_message_id FROM messages WHERE direction = 'inbound' "
            "AND wa_message_id NOT LIKE 'wamid.bench-%'"
        )
    }  # not the seeded history
    lost = res.acked_wamids - stored
    dup = c.sql(
        "SELECT count(*) FROM (SELECT wa_message_id FROM messages WHERE wa_message_id IS NOT NULL "
        "GROUP BY wa_message_id HAVING count(*) > 1) d"
    )[0][0]
    events = set(c.sql("SELECT wa_message_id, status FROM message_status_events"))
    lost_statuses = res.acked_statuses - events
    jobs = Queue(REPLIES, connection=get_redis()).count
    ok = not lost and not dup and not lost_statuses and (jobs_consumed or jobs == len(stored))
    print(
        f"  lost: {len(lost)} of {len(res.acked_wamids)} acknowledged message wamids; "
        f"{len(lost_statuses)} of {len(res.acked_statuses)} acknowledged statuses"
    )
    if jobs_consumed:  # the product's workers are taking them as they come
        print(f"  duplicated: {dup} wamids with more than one row; {jobs} processing jobs still queued")
        return ok
    print(
        f"  duplicated: {dup} wamids with more than one row; processing jobs queued {jobs} for "
        f"{len(stored)} stored messages ({'one each' if jobs == len(stored) else 'MISMATCH'})"
    )
    return ok


# --------------------------------------------------------------------------- floor


def seed_history(pnids: list[str], pool: int, messages_per_conversation: int) -> list[str]:
    """A live restaurant's database: 3/4 of the customer pool already known (the rest write for
    the first time during the run), their conversations open (60%), resolved within the last 6 h
    (25%: a new message reopens them) or long ago (15%: a new one starts), message history with
    outbound wamids and their status events; a known customer's name is the WhatsApp profile name
    their messages carry. Returns outbound wamids for the load's statuses."""
    from sqlalchemy import text

    from crm_res.db import get_engine

    known = pool * 3 // 4
    with get_engine().begin() as conn:
        conn.execute(
            text("""
            WITH r AS (SELECT id FROM restaurants WHERE whatsapp_phone_number_id = ANY(:p)),
            cu AS (INSERT INTO customers (id, restaurant_id, wa_id, name, language_preference, opted_out,
                                          last_inbound_at, last_interaction)
                   SELECT gen_random_uuid(), r.id, '9665' || lpad(g::text, 8, '0'), (CAST(:names AS text[]))[g % :k + 1], 'ar-SA', false,
                          now() - interval '1 day', now() - interval '1 day'
                   FROM r, generate_series(0, :n - 1) g RETURNING id, restaurant_id)
            INSERT INTO conversations (id, restaurant_id, customer_id, status, type, handled_by, unread_count,
                                       started_at, last_message_at, resolved_at)
            SELECT gen_random_uuid(), restaurant_id, id, s.status::conversation_status, 'general', 'ai', 0,
                   now() - interval '2 days', now() - s.age, CASE WHEN s.status = 'resolved' THEN now() - s.age END
            FROM (SELECT *, random() AS x FROM cu) c
            CROSS JOIN LATERAL (SELECT CASE WHEN c.x < 0.60 THEN 'active' ELSE 'resolved' END AS status,
                                       CASE WHEN c.x < 0.85 THEN interval '1 hour' ELSE interval '2 days' END AS age) s
        """),
            {"p": pnids, "n": known, "names": PROFILE_NAMES, "k": len(PROFILE_NAMES)},
        )
        conn.execute(
            text("""
            INSERT INTO messages (restaurant_id, conversation_id, direction, sender, type, body, payload,
                                  wa_message_id, status, processed_at, created_at)
            SELECT c.restaurant_id, c.id, d.direction::message_direction, d.sender::message_sender, 'text', d.body,
                   jsonb_build_object('type', 'text', 'text', d.body), d.prefix || c.id || '-' || g, d.status::message_status,
                   now() - interval '2 days', now() - interval '2 days' + g * interval '1 minute'
            FROM conversations c, generate_series(1, :k) g
            CROSS JOIN LATERAL (SELECT CASE WHEN g % 2 = 0 THEN 'outbound' ELSE 'inbound' END AS direction,
                                       CASE WHEN g % 2 = 0 THEN 'ai' ELSE 'customer' END AS sender,
                                       CASE WHEN g % 2 = 0 THEN 'wamid.bench-out-' ELSE 'wamid.bench-in-' END AS prefix,
                                       CASE WHEN g % 2 = 0 THEN 'read' ELSE 'received' END AS status,
                                       CASE WHEN g % 2 = 0 THEN 'أهلاً وسهلاً، كيف نخدمك؟' ELSE 'السلام عليكم' END AS body) d
        """),
            {"k": messages_per_conversation},
        )
        conn.execute(
            text("""
            INSERT INTO message_status_events (restaurant_id, wa_message_id, status, occurred_at)
            SELECT restaurant_id, wa_message_id, s, created_at FROM messages, unnest(ARRAY['sent', 'delivered', 'read']) s
            WHERE direction = 'outbound'
        """)
        )
        rows = conn.execute(
            text(
                "SELECT wa_message_id FROM messages WHERE direction = 'outbound' ORDER BY random() LIMIT 20000"
            )
        ).all()
    return [w for (w,) in rows]


def measure_floor(threads: int, seconds: float) -> float:
    """One transaction per delivery, INSERTing its 1–3 messages: what Postgres alone allows."""
    import psycopg

    url = c._libpq(os.environ["DATABASE_URL"])
    convs = c.sql("SELECT restaurant_id, id FROM conversations LIMIT :n", n=threads)
    payload = json.dumps(
        wa.text_message("p", "966500000000", "ابغى اطلب برجر مع بطاطس").data, ensure_ascii=False
    )
    counts = [0] * threads
    errors = [0]
    start = threading.Barrier(threads + 1)
    stop = threading.Event()

    def work(i: int) -> None:
        rng = random.Random(i)
        rid, cid = convs[i % len(convs)]
        with psycopg.connect(url) as conn:
            start.wait()
            while not stop.is_set():
                n = rng.choices([1, 2, 3], weights=[50, 30, 20])[0]
                rows = [
                    (rid, cid, "text", "ابغى اطلب برجر", payload, "wamid.floor-" + uuid.uuid4().hex)
                    for _ in range(n)
                ]
                try:
                    with conn.cursor() as cur:
                        cur.execute(
                            "INSERT INTO messages (restaurant_id, conversation_id, direction, sender, type, body,"
                            " payload, wa_message_id, status) SELECT r, c, 'inbound', 'customer', t, b, p, w,"
                            " 'received' FROM unnest(%s::uuid[], %s::uuid[], %s::text[], %s::text[], %s::jsonb[],"
                            " %s::text[]) AS v(r, c, t, b, p, w)"
                            " ON CONFLICT (wa_message_id) WHERE wa_message_id IS NOT NULL DO NOTHING",
                            [list(col) for col in zip(*rows, strict=True)],
                        )
                    conn.commit()
                    counts[i] += 1
                except psycopg.Error:
                    conn.rollback()
                    errors[0] += 1

    pool = [threading.Thread(target=work, args=(i,), daemon=True) for i in range(threads)]
    for t in pool:
        t.start()
    start.wait()
    t0 = time.perf_counter()
    time.sleep(seconds)
    done = sum(counts)
    elapsed = time.perf_counter() - t0
    stop.set()
    for t in pool:
        t.join()
    rate = done / elapsed
    print(
        f"  bare INSERT transactions: {done} in {elapsed:.1f} s from {threads} threads → {rate:,.0f} "
        f"deliveries/s ({errors[0]} errors)"
    )
    return rate


# --------------------------------------------------------------------------- served: what `make run` runs


def _free_block(n: int) -> int:
    """A port whose n-1 successors are free too (the launcher's internal ports are PORT+1, PORT+2)."""
    import socket

    for _ in range(50):
        base = c.free_port()
        try:
            for i in range(n):
                with socket.socket() as sock:
                    sock.bind(("127.0.0.1", base + i))
            return base
        except OSError:
            continue
    raise RuntimeError("no block of free ports")


def _tier(root: int, *needles: str) -> callable:  # type: ignore[valid-type]
    """The launcher's processes whose command line holds one of `needles`, with their children
    (RQ's workers retitle themselves `rq:worker:…`; Reflex's backend is a child of `reflex run`)."""
    import psutil

    def pids() -> list[int]:
        found: set[int] = set()
        for pid in c.process_tree(root):
            try:
                if pid != root and any(n in " ".join(psutil.Process(pid).cmdline()) for n in needles):
                    found.update(c.process_tree(pid))
            except psutil.Error:
                pass
        return sorted(found)

    return pids


def start_served(env: dict[str, str], logdir: Path, port: int = 0) -> tuple[subprocess.Popen, int]:
    """`python -m crm_res.runtime.launcher`, as `make run` starts it, on `port` (else a free one;
    the same port again reuses the frontend build: crm_res/runtime/prebuilt.py)."""
    port = port or _free_block(3)
    tools = c.ROOT / ".tools" / "node_modules" / ".bin"
    path = os.pathsep.join(
        p for p in (str(tools), "/work/main/.tools/node_modules/.bin", os.environ.get("PATH", "")) if p
    )
    served_env = {
        **env,
        "PORT": str(port),
        "WHATSAPP_APP_SECRET": APP_SECRET,
        "PATH": path,
        "REFLEX_USE_SYSTEM_BUN": "1",
        "REFLEX_TELEMETRY_ENABLED": "false",
    }
    t0 = time.perf_counter()
    proc = c.spawn([c.PYTHON, "-m", "crm_res.runtime.launcher"], env=served_env, log=logdir / "served.log")
    c.wait_http(f"http://127.0.0.1:{port}/health/live", timeout=600, proc=proc)
    c.wait_http(f"http://127.0.0.1:{port}/", timeout=600, proc=proc)
    print(
        f"  `make run`'s launcher up on port {port} in {time.perf_counter() - t0:.0f} s "
        f"(log: {logdir / 'served.log'})"
    )
    return proc, port


def _backends_of(clients: callable) -> callable:  # type: ignore[valid-type]
    """The Postgres backends (of the bench's database) serving connections opened by `clients()`:
    matched by the client's TCP port, so each tier's database work is counted with it."""
    import psutil

    def pids() -> list[int]:
        owners = set(clients())  # type: ignore[misc]
        ports = {
            conn.laddr.port for conn in psutil.net_connections("tcp") if conn.pid in owners and conn.laddr
        }
        rows = c.sql("SELECT pid, client_port FROM pg_stat_activity WHERE datname = :d", d=BENCH_DB)
        return [pid for pid, port in rows if port in ports]

    return pids


def served_meter(launcher: int) -> c.CpuMeter:
    """CPU per process group of what `make run` runs, and the Postgres backends each one uses."""
    front, ingest = _tier(launcher, "caddy"), _tier(launcher, "webhook:app")
    dashboard, workers = (
        _tier(launcher, "reflex", "crm_res.runtime.prebuilt", "crm_res.crm_res:app"),
        _tier(launcher, "worker.py"),
    )
    return c.CpuMeter(
        front=front,
        ingest=ingest,
        dashboard=dashboard,
        workers=workers,
        pg_for_ingest=_backends_of(ingest),
        pg_for_dashboard=_backends_of(dashboard),
        pg_for_workers=_backends_of(workers),
        redis=c.redis_server_pid,
        load_generator=lambda: [os.getpid()],
    )


def seed_demo_owner() -> None:
    """The demo restaurant with its known owner password (the launcher then finds it and leaves
    it as it is): the simulated dashboard users log in as that owner."""
    from crm_res.db import session_scope
    from crm_res.services.ops.demo import seed_demo

    with session_scope() as session:
        seed_demo(session=session)


def drain_queues() -> int:
    """Drop the processing backlog a burst left (its messages marked processed): the next phase
    measures replies at normal load, not the tail of a burst. Returns the jobs dropped."""
    from rq import Queue

    from crm_res.db import get_redis
    from crm_res.jobs.queues import ALL_QUEUES

    dropped = 0
    for name in ALL_QUEUES:
        queue = Queue(name, connection=get_redis())
        dropped += queue.count
        queue.empty()
    c.sql("UPDATE messages SET processed_at = now() WHERE processed_at IS NULL AND direction = 'inbound'")
    return dropped


def _with_demo(make: callable, every: int) -> callable:  # type: ignore[valid-type]
    """`make`'s deliveries, with every `every`-th one a customer message to the demo restaurant the
    simulated users watch (their open inboxes wake and reload, as a busy restaurant's do)."""
    seq = iter(range(10**12))

    def next_delivery() -> Posted:
        if every and next(seq) % every == 0:
            ev = wa.text_message("demo", f"9668{random.randrange(200):08d}", random.choice(ARABIC))
            body = wa.encode(wa.delivery(ev))
            return Posted(body, wa.sign(body, APP_SECRET), [ev.wamid], [])
        return make()  # type: ignore[no-any-return]

    return next_delivery


def _print_users(load: object) -> None:
    events = [x for v in load.latencies.values() for x in v]  # type: ignore[attr-defined]
    print(
        f"  dashboard: {load.logins} log ins, {load.rounds} rounds (list, open, type ×3), {len(events)} "  # type: ignore[attr-defined]
        f"timed answers, {load.timeouts} unanswered in 10 s, {load.errors} sessions broken "  # type: ignore[attr-defined]
        f"{load.failures[:2] if load.failures else ''}"
    )  # type: ignore[attr-defined]
    for kind, lat in load.latencies.items():  # type: ignore[attr-defined]
        print(
            f"    {kind}: p50 {c.ms(c.percentile(lat, 50))}, p99 {c.ms(c.percentile(lat, 99))} ({len(lat)})"
        )


def reply_latency(port: int, rate: float, seconds: float) -> tuple[float, float, int]:
    """Fresh customers' text messages at `rate`/s (normal load): the time from the POST to the
    worker's processing done (`processed_at`: the reply is decided and queued), p50 and p99."""
    pnid = c.sql(
        "SELECT whatsapp_phone_number_id FROM restaurants WHERE whatsapp_phone_number_id LIKE 'bench%' "
        "ORDER BY 1 LIMIT 1"
    )[0][0]
    seq = iter(range(10**9))

    def make() -> Posted:
        ev = wa.text_message(pnid, f"9669{next(seq):08d}", random.choice(ARABIC))
        body = wa.encode(wa.delivery(ev))
        return Posted(body, wa.sign(body, APP_SECRET), [ev.wamid], [])

    res = _run(run_load(port, 8, seconds, 0.0, make, rate=rate))
    posted = dict(res.post_times)
    deadline = time.time() + 60
    rows: list = []
    while time.time() < deadline:
        rows = c.sql(
            "SELECT wa_message_id, extract(epoch FROM processed_at) FROM messages "
            "WHERE wa_message_id = ANY(:w)",
            w=list(posted),
        )
        if rows and all(t is not None for _, t in rows) and len(rows) == len(posted):
            break
        time.sleep(0.5)
    lat = [float(t) - posted[w] for w, t in rows if t is not None]
    return c.percentile(lat, 50), c.percentile(lat, 99), len(posted) - len(lat)


def print_processed(meter: c.CpuMeter) -> None:
    """The workers' CPU per inbound message they finished processing in the meter's window (a
    reply decided, and queued or sent): their cost per message, whatever the ingestion rate."""
    [(done,)] = c.sql(
        "SELECT count(*) FROM messages WHERE direction = 'inbound' AND processed_at >= "
        "to_timestamp(:a) AND processed_at < to_timestamp(:b)",
        a=meter.wall_from,
        b=meter.wall_to,
    )
    if done:
        print(
            f"  workers finished {done:,} messages ({done / meter.wall:,.0f}/s): CPU per message processed: "
            f"workers {meter.used['workers'] / done * 1e6:,.0f} µs, their Postgres "
            f"{meter.used['pg_for_workers'] / done * 1e6:,.0f} µs"
        )


def run_served(
    args: argparse.Namespace, env: dict[str, str], pnids: list[str], outbound: list[str], logdir: Path
) -> dict[str, float]:
    """The product as `make run` starts it: full load on its public port, then 300/s beside
    simulated dashboard users, then replies at normal load."""
    from _dashboard_users import run_users

    from crm_res.services.ops.demo import DEMO_OWNER_EMAIL, DEMO_OWNER_PASSWORD

    seed_demo_owner()
    proc, port = start_served({**env, "CRM_RES_DEMO": "1"}, logdir, args.served_port)
    figures: dict[str, float] = {}
    maker = DeliveryMaker(pnids, outbound, args.customers, seed=2)
    maker.pregenerate(int(args.expect * (args.seconds + args.warmup)))
    print(
        f"\n== served ingest: {args.clients} clients → the public port (front → ingestion tier; dashboard, "
        f"workers running at niceness {env.get('CRM_RES_WORKER_NICE') or 'default'}), "
        f"{args.warmup:g} s warm-up + {args.seconds:g} s =="
    )
    meter = served_meter(proc.pid)
    res = _run(run_load(port, args.clients, args.seconds, args.warmup, maker.next, meter=meter))
    figures["rate"] = print_load(res, args.seconds)
    figures["p99"] = c.percentile(res.latencies, 99)
    print("  " + meter.report(max(res.acked, 1), "delivery"))
    figures["ok"] = float(verify(res, jobs_consumed=True))
    figures["cpu"] = sum(meter.used.values()) - meter.used.get("load_generator", 0.0)
    figures["cpu_per_delivery"] = figures["cpu"] / max(res.acked, 1)
    print_processed(meter)
    path = ("front", "ingest", "pg_for_ingest", "redis")
    figures["ingest_cpu_per_delivery"] = sum(meter.used.get(k, 0.0) for k in path) / max(res.acked, 1)

    convs = [
        str(i)
        for (i,) in c.sql(
            "SELECT c.id FROM conversations c JOIN users u ON u.restaurant_id = "
            "c.restaurant_id WHERE u.email = :e LIMIT 50",
            e=DEMO_OWNER_EMAIL,
        )
    ]
    seconds = args.mixed_seconds or args.seconds
    dropped = drain_queues()  # this case starts from a quiet app, not from the tail of the burst
    print(
        f"\n== served, mixed: {args.mixed_rate:g} deliveries/s from {args.mixed_clients} clients (1 in "
        f"{args.demo_every} to the restaurant the users watch) while {args.dashboard_users} dashboard users log "
        f"in, keep the inbox open, open conversations and type, {seconds:g} s (the burst's {dropped:,} "
        f"queued jobs dropped first; the workers process what this load brings) =="
    )
    maker.pregenerate(int(args.mixed_rate * (seconds + 5)))
    users: dict[str, object] = {}
    crowd = threading.Thread(
        target=lambda: users.update(
            load=run_users(
                port, args.dashboard_users, seconds + 2, DEMO_OWNER_EMAIL, DEMO_OWNER_PASSWORD, convs
            )
        ),
        daemon=True,
    )
    crowd.start()
    time.sleep(2.0)  # the users are connected and busy before the deliveries are measured
    meter = served_meter(proc.pid)
    mixed = _run(
        run_load(
            port,
            args.mixed_clients,
            seconds,
            0.0,
            _with_demo(maker.next, args.demo_every),
            rate=args.mixed_rate,
            meter=meter,
        )
    )
    crowd.join(seconds + 60)
    print_load(mixed, seconds)
    figures["mixed_p99"] = c.percentile(mixed.latencies, 99)
    print("  " + meter.report(max(mixed.acked, 1), "delivery"))
    print_processed(meter)
    if (load := users.get("load")) is not None:
        _print_users(load)
        figures["dashboard_events"] = float(sum(len(v) for v in load.latencies.values()))  # type: ignore[attr-defined]
    figures["ok"] = float(bool(figures["ok"]) and verify(mixed, jobs_consumed=True))

    dropped = drain_queues()
    print(
        f"\n== served, replies at normal load: {args.reply_rate:g} new customers' messages/s for 10 s "
        f"(the burst's {dropped:,} queued jobs dropped first) =="
    )
    p50, p99, missing = reply_latency(port, args.reply_rate, 10.0)
    figures["reply_p99"] = p99
    print(
        f"  POST → processed by a worker (reply decided and queued): p50 {c.ms(p50)}, p99 {c.ms(p99)}"
        f"{f', {missing} not processed within 60 s' if missing else ''}"
    )
    c.stop_process(proc, timeout=30)
    return figures


# --------------------------------------------------------------------------- end to end


def run_e2e(args: argparse.Namespace, port: int, env: dict[str, str], logdir: Path, webhook_pid: int) -> bool:
    from crm_res.db import get_redis

    get_redis().flushdb()  # the ingest phase's jobs are not this phase's work (workers run --no-cron: no sweeper)
    graph = c.GraphProcess(token="bench-token")
    pnids = c.seed_restaurants("e2e", args.e2e_restaurants, settings={"rate_per_second": 10_000})
    worker_env = {**env, "WHATSAPP_ACCESS_TOKEN": "bench-token", "WHATSAPP_GRAPH_URL": graph.url}
    workers = c.start_workers(args.e2e_workers, env=worker_env, log=logdir / "workers.log")
    time.sleep(2.0)  # workers import and register
    seq = iter(range(10**9))
    rng = random.Random(7)

    def make() -> Posted:
        i = next(seq)
        who = f"9667{i:08d}"  # a fresh customer each time: one inbound, its replies, no confusion
        text = rng.choice(["السلام عليكم", "hi", "متى تفتحون اليوم", "what are your hours?", "وين أقرب فرع"])
        ev = wa.text_message(pnids[i % len(pnids)], who, text)
        body = wa.encode(wa.delivery(ev))
        return Posted(body, wa.sign(body, APP_SECRET), [who], [])

    seconds = args.e2e_seconds or args.seconds
    print(
        f"\n== end to end: {args.e2e_workers} worker processes, {len(pnids)} restaurants, "
        f"offered {args.e2e_rate:g} inbound/s for {seconds:g} s =="
    )
    meter = c.CpuMeter(
        webhook=lambda: c.process_tree(webhook_pid),
        workers=lambda: c.process_tree(workers.pid),
        postgres=lambda: c.postgres_backends(BENCH_DB),
        redis=c.redis_server_pid,
        fake_graph=lambda: [graph.pid],
        load_generator=lambda: [os.getpid()],
    )
    res = _run(run_load(port, args.clients, seconds, 0.0, make, rate=args.e2e_rate, meter=meter))
    load_end = time.time()
    expected = res.acked_total
    # Drain the backlog: wait as long as replies keep arriving (a slow box only takes longer),
    # and give up after 15 s without a single new one.
    seen, last_progress = -1, time.time()
    while time.time() - last_progress < 15:
        n = len({to for _, _, to, _, _ in graph.sent()})
        if n >= expected:
            break
        if n > seen:
            seen, last_progress = n, time.time()
        time.sleep(0.5)
    sent = graph.sent()
    c.stop_process(workers)
    first: dict[str, float] = {}
    for at, _pnid, to, _cb, _w in sent:
        if to not in first or at < first[to]:
            first[to] = at
    lat = [first[w] - t for w, t in res.post_times.items() if w in first]
    t_start = min(res.post_times.values()) if res.post_times else 0.0
    in_window = [at for at, *_ in sent if at <= load_end]
    last = max((at for at, *_ in sent), default=t_start)
    print(
        f"  inbound acknowledged: {expected} ({expected / seconds:,.0f}/s), errors: "
        f"{sum(res.errors.values())} {dict(res.errors) if res.errors else ''}"
    )
    print(
        f"  replies at FakeGraph: {len(sent)} to {len(first)} of {expected} customers; "
        f"{len(in_window) / seconds:,.0f} replies/s while loading, {len(sent) / max(last - t_start, 1e-9):,.0f} "
        f"replies/s first post → last reply"
    )
    print(
        f"  POST → first reply at FakeGraph: p50 {c.ms(c.percentile(lat, 50))}, p99 {c.ms(c.percentile(lat, 99))}, "
        f"max {c.ms(max(lat) if lat else float('nan'))}"
    )
    print("  " + meter.report(max(len(in_window), 1), "reply sent while loading"))
    # Where the time went, from the rows' own timestamps (same clock: one machine).
    rows = c.sql("""
        SELECT cu.wa_id, m.created_at, m.processed_at, o.sent_at
        FROM messages m JOIN conversations cv ON cv.id = m.conversation_id
        JOIN customers cu ON cu.id = cv.customer_id
        JOIN (SELECT DISTINCT ON (conversation_id) conversation_id, sent_at FROM outbox
              WHERE sent_at IS NOT NULL ORDER BY conversation_id, id) o ON o.conversation_id = m.conversation_id
        WHERE m.direction = 'inbound' AND cu.wa_id LIKE '9667%'
    """)
    stored, queued, replied = [], [], []
    for who, created, processed, sent_at in rows:
        if who in res.post_times and processed is not None:
            stored.append(created.timestamp() - res.post_times[who])
            queued.append((processed - created).total_seconds())
            replied.append((sent_at - processed).total_seconds())
    if rows:

        def pp(v: list[float]) -> str:
            return f"{c.ms(c.percentile(v, 50))} / {c.ms(c.percentile(v, 99))}"

        print(
            f"  where the time went (p50 / p99): POST → stored (txn start) {pp(stored)}; stored → job "
            f"started {pp(queued)}; job started → reply sent recorded {pp(replied)}"
        )
    graph.stop()
    return len(first) == expected and not res.errors


# --------------------------------------------------------------------------- main


def _run(coro):  # type: ignore[no-untyped-def]
    """asyncio.run, on uvloop when it is installed (the load generator shares the machine)."""
    try:
        import uvloop

        return uvloop.run(coro)
    except ImportError:
        return asyncio.run(coro)


def _environment_note() -> str:
    import importlib.util

    have = {name: importlib.util.find_spec(name) is not None for name in ("uvloop", "hiredis")}
    return (
        f"uvloop {'installed (granian --loop auto uses it)' if have['uvloop'] else 'not installed'}, "
        f"hiredis {'installed (redis-py uses it)' if have['hiredis'] else 'not installed'}"
    )


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--seconds", type=float, default=30.0, help="measured load time (default 30)")
    p.add_argument("--warmup", type=float, default=3.0, help="unmeasured load before (default 3)")
    p.add_argument(
        "--rate",
        type=float,
        default=0,
        help="the standalone phase at this many deliveries/s in all instead of back to back (0): the "
        "tier's CPU per delivery at a steady load, where batches are small",
    )
    p.add_argument("--clients", type=int, default=64, help="concurrent clients (default 64)")
    p.add_argument(
        "--server-workers",
        type=int,
        default=2,
        help="granian worker processes (default 2: one per core; each has its own group commit)",
    )
    p.add_argument("--granian", default="", help="extra granian options, e.g. '--loop uvloop'")
    p.add_argument("--restaurants", type=int, default=8)
    p.add_argument(
        "--customers", type=int, default=2_000, help="customer pool per restaurant (default 2,000)"
    )
    p.add_argument("--history", type=int, default=10, help="earlier messages per conversation (default 10)")
    p.add_argument(
        "--expect", type=float, default=3000, help="deliveries/s to build ahead for (default 3,000)"
    )
    p.add_argument("--floor-seconds", type=float, default=10.0)
    p.add_argument(
        "--served",
        action="store_true",
        help="also start the product as `make run` does and load its public port (then 300/s beside "
        "dashboard users)",
    )
    p.add_argument(
        "--mixed-rate", type=float, default=300.0, help="--served: deliveries/s beside the users (300)"
    )
    p.add_argument("--mixed-clients", type=int, default=32, help="--served: connections for that load (32)")
    p.add_argument("--mixed-seconds", type=float, default=0, help="--served: its length (default: --seconds)")
    p.add_argument("--dashboard-users", type=int, default=20, help="--served: simulated dashboard users (20)")
    p.add_argument(
        "--worker-nice",
        default="",
        help="--served: the workers' niceness (CRM_RES_WORKER_NICE); a list, e.g. '0,10', serves once "
        "per value in this run (default: the launcher's)",
    )
    p.add_argument(
        "--served-port",
        type=int,
        default=0,
        help="--served: the public port (PORT … PORT+2; default a free block)",
    )
    p.add_argument(
        "--demo-every",
        type=int,
        default=300,
        help="--served: 1 in N mixed deliveries goes to the restaurant the users watch (300: 1/s)",
    )
    p.add_argument(
        "--reply-rate",
        type=float,
        default=20.0,
        help="--served: messages/s for the reply latency at normal load (20)",
    )
    p.add_argument("--e2e", action="store_true", help="also measure inbound → reply through RQ workers")
    p.add_argument(
        "--e2e-workers",
        type=int,
        default=2,
        help="worker processes (default 2, as `python worker.py` and `make run` start)",
    )
    p.add_argument(
        "--e2e-rate",
        type=float,
        default=400.0,
        help="offered inbound messages/s (default 400: above the 300/s goal, so the figure can show it)",
    )
    p.add_argument("--e2e-restaurants", type=int, default=16)
    p.add_argument("--e2e-seconds", type=float, default=0, help="end-to-end load time (default: --seconds)")
    p.add_argument(
        "--keep-logs", action="store_true", help="keep the server/worker logs in .data/bench/webhook_ingest"
    )
    p.add_argument(
        "--redis-db", type=int, default=REDIS_DB, help=f"Redis database to use and flush (default {REDIS_DB})"
    )
    args = p.parse_args()

    logdir = c.ROOT / ".data" / "bench" / "webhook_ingest"
    logdir.mkdir(parents=True, exist_ok=True)
    for f in logdir.glob("*.log"):
        f.unlink()
    print(f"== setting up: database {BENCH_DB}, Redis db {args.redis_db}; {_environment_note()} ==")
    env = c.setup_bench_environment(BENCH_DB, args.redis_db)
    env["WHATSAPP_APP_SECRET"] = APP_SECRET
    pnids = c.seed_restaurants("bench", args.restaurants)
    outbound = seed_history(pnids, args.customers, args.history)
    c.sql("ANALYZE")  # a live database has statistics; a fresh one would plan sequential scans
    counts = c.sql(
        "SELECT (SELECT count(*) FROM customers), (SELECT count(*) FROM conversations), "
        "(SELECT count(*) FROM messages), (SELECT count(*) FROM message_status_events)"
    )[0]
    print(
        f"  {len(pnids)} restaurants with history: {counts[0]:,} customers, {counts[1]:,} conversations, "
        f"{counts[2]:,} messages, {counts[3]:,} status events; customer pool {args.customers:,} per "
        f"restaurant (1/4 of it new)"
    )

    port = c.free_port()
    server = c.start_webhook(
        port, workers=args.server_workers, extra=args.granian.split(), env=env, log=logdir / "webhook.log"
    )
    maker = DeliveryMaker(pnids, outbound, args.customers, seed=1)
    t0 = time.perf_counter()
    maker.pregenerate(int(args.expect * (args.seconds + args.warmup)))
    print(f"  {len(maker._ready):,} deliveries built ahead in {time.perf_counter() - t0:.1f} s")
    print(
        f"\n== ingest: {args.clients} clients → granian webhook:app ({args.server_workers} worker(s)"
        f"{' ' + args.granian if args.granian else ''}), {args.warmup:g} s warm-up + {args.seconds:g} s"
        f"{f', {args.rate:g} deliveries/s offered' if args.rate else ''} =="
    )
    meter = c.CpuMeter(
        webhook=lambda: c.process_tree(server.pid),
        postgres=lambda: c.postgres_backends(BENCH_DB),
        redis=c.redis_server_pid,
        load_generator=lambda: [os.getpid()],
    )
    commits0 = c.commits(BENCH_DB)
    res = _run(
        run_load(
            port, args.clients, args.seconds, args.warmup, maker.next, rate=args.rate or None, meter=meter
        )
    )
    rate = print_load(res, args.seconds)
    time.sleep(1.0)  # the statistics collector's lag
    txns = c.commits(BENCH_DB) - commits0
    print(
        f"  {txns} transactions committed for {res.acked_total} deliveries ({res.acked_total / max(txns, 1):.1f} per "
        f"commit: the group commit at work)"
    )
    print("  " + meter.report(max(res.acked, 1), "delivery"))
    standalone_cpu = (sum(meter.used.values()) - meter.used.get("load_generator", 0.0)) / max(res.acked, 1)
    ok = verify(res)

    print(
        f"\n== floor: bare one-transaction-per-delivery INSERTs, {args.clients} threads, {args.floor_seconds:g} s =="
    )
    c.stop_process(server)
    floor = measure_floor(args.clients, args.floor_seconds)
    print(f"  webhook / floor: {rate / floor:.2f}")

    served: dict[str, dict[str, float]] = {}  # worker niceness → figures
    if args.served:
        from crm_res.db import get_redis

        for nice in [n.strip() for n in args.worker_nice.split(",")] if args.worker_nice else [""]:
            # What ran before is not the served workers' work: marked done, its jobs dropped.
            c.sql("UPDATE messages SET processed_at = now() WHERE processed_at IS NULL")
            get_redis().flushdb()
            served[nice] = run_served(
                args, {**env, "CRM_RES_WORKER_NICE": nice} if nice else env, pnids, outbound, logdir
            )
            ok = ok and bool(served[nice]["ok"])

    if args.e2e:
        server = c.start_webhook(
            port, workers=args.server_workers, extra=args.granian.split(), env=env, log=logdir / "webhook.log"
        )
        ok = run_e2e(args, port, env, logdir, server.pid) and ok
        c.stop_process(server)

    p99 = c.percentile(res.latencies, 99)
    print(
        f"\n== summary: {rate:,.0f} deliveries/s, p99 ack {c.ms(p99)}, floor {floor:,.0f}/s, "
        f"{'no loss, no duplicates' if ok else 'CHECKS FAILED'} (goal ≥ 2,000/s with p99 ≤ 100 ms) =="
    )
    for nice, figures in served.items():
        share = figures["rate"] / rate if rate else float("nan")
        print(
            f"== served (`make run`'s launcher, one public port; workers at niceness {nice or 'default'}): "
            f"{figures['rate']:,.0f} deliveries/s, p99 ack {c.ms(figures['p99'])}, {share:.0%} of the standalone "
            f"tier (goal ≥ 2,000/s, p99 ≤ 100 ms, ≥ 70%); at {args.mixed_rate:g}/s beside {args.dashboard_users} "
            f"dashboard users p99 {c.ms(figures['mixed_p99'])} (goal ≤ 150 ms); replies at {args.reply_rate:g}/s "
            f"processed p99 {c.ms(figures['reply_p99'])} =="
        )
        print(
            f"   CPU per delivery (server side, every process and its Postgres backends): standalone "
            f"{standalone_cpu * 1e6:,.0f} µs, served {figures['cpu_per_delivery'] * 1e6:,.0f} µs, of which the "
            f"ingestion path (front, tier, its Postgres, Redis) {figures['ingest_cpu_per_delivery'] * 1e6:,.0f} µs; "
            f"the rest is the workers processing the burst as it arrives"
        )
    print(
        f"== load average at the end: {' '.join(f'{x:.2f}' for x in os.getloadavg())} on {os.cpu_count()} cores =="
    )
    if not args.keep_logs:
        for f in logdir.glob("*.log"):
            f.unlink()
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
