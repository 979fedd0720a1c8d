"""Several processes, one truth: two ingestion processes and three workers on one Postgres and Redis.

Real processes (granian serving `webhook:app`, `worker.py`), a FakeGraph for Meta, deliveries
posted to both app processes at once. A worker is SIGKILLed while replies are going out; what it
held is recovered the product's way (RQ's cleanup of an abandoned job, the sweeper, Meta's status
webhooks), never by the test doing the work itself.
"""

from __future__ import annotations

import signal
import sys
import threading
import time
import uuid
from collections import defaultdict
from datetime import UTC, datetime, timedelta

import httpx
import psutil
import pytest
from sqlalchemy import text

from crm_res.runtime.serve import dashboard_command
from tests.fakes import wa_payloads as wa
from tests.fixtures.channel import PNID, q
from tests.fixtures.people import add_user
from tests.fixtures.processes import free_port, start_ingest, start_process, stop_process

CUSTOMERS = 8  # per round
MESSAGES_EACH = 3
CAP = 10  # the restaurant's per-number sends per second (slots at 90%: 9 per second)
pytestmark = pytest.mark.timeout(240)


def _wait_until(condition, seconds: float) -> bool:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.2)
    return condition()


def _post(port: int, body: bytes) -> int:
    """POST a delivery signed with the app secret the processes share (as Meta signs)."""
    from crm_res.settings import get_settings

    headers = {"content-type": "application/json"}
    if secret := get_settings().whatsapp_app_secret:
        headers["x-hub-signature-256"] = wa.sign(body, secret)
    return httpx.post(
        f"http://127.0.0.1:{port}/webhooks/whatsapp", content=body, headers=headers, timeout=30
    ).status_code


class _Grants(threading.Thread):
    """The per-number cap's own grants, as Redis executes them: a MONITOR connection sees every LPUSH
    the limiter's script (`limits`, moving window) makes onto the number's window, with the grant's
    timestamp, in execution order. Polling the window's list itself (it keeps only the latest
    `slots`) once missed a grant on a loaded CI box (23 seen for 24 posts), which says nothing about
    the cap; MONITOR misses none however late this thread runs, and ends at our own ECHO, so every
    command before it has been read."""

    def __init__(self) -> None:
        from crm_res.db import get_redis
        from crm_res.services.outbox import sending

        super().__init__(daemon=True)
        self.redis = get_redis()
        self.db = int(self.redis.connection_pool.connection_kwargs.get("db", 0))
        self.key = "LIMITS:" + sending._send_rate(CAP).key_for("wa-send", PNID)
        self.end = f"ECHO grants-end-{uuid.uuid4().hex}"
        self.seen: list[float] = []
        self.listening = threading.Event()

    def run(self) -> None:
        with self.redis.monitor() as monitor:
            self.listening.set()
            for command in monitor.listen():
                if command["command"] == self.end:
                    return
                verb, *args = command["command"].split()
                # other tests' Redis databases on the same server use the same number
                if command["db"] == self.db and verb.lower() == "lpush" and args[0] == self.key:
                    self.seen.extend(float(t) for t in args[1:])

    def __enter__(self) -> _Grants:
        self.start()
        assert self.listening.wait(10), "MONITOR did not start"
        return self

    def __exit__(self, *exc: object) -> None:
        self.redis.execute_command(*self.end.split())
        self.join(30)
        assert not self.is_alive(), "MONITOR did not see our own ECHO"


def _outbox_id(received) -> int:  # type: ignore[no-untyped-def]
    return int(received.json["biz_opaque_callback_data"].split(":")[1])


def _settled(engine) -> bool:  # type: ignore[no-untyped-def]
    [(unprocessed, unsent)] = q(
        engine,
        "SELECT (SELECT count(*) FROM messages WHERE direction = 'inbound' AND "
        "processed_at IS NULL), (SELECT count(*) FROM outbox WHERE status IN "
        "('pending', 'sending'))",
    )
    return unprocessed == 0 and unsent == 0


def test_two_app_processes_and_three_workers_answer_each_message_once_in_order_under_the_cap(channel):
    """Deliveries to two app processes at once (and redelivered) are stored once and answered once, in order
    per conversation, never above the per-number cap; a worker SIGKILLed mid-batch loses nothing and
    breaks no conversation's order."""
    engine, graph = channel["engine"], channel["graph"]
    with engine.begin() as conn:
        conn.execute(
            text("UPDATE restaurants SET settings = coalesce(settings, '{}'::jsonb) || :s"),
            {"s": f'{{"rate_per_second": {CAP}}}'},
        )
    ports = [free_port(), free_port()]
    apps = [start_ingest(p) for p in ports]
    workers = start_process(
        [sys.executable, "worker.py", "--processes", "3", "--no-cron", "--log-level", "WARNING"]
    )
    try:
        assert _wait_until(lambda: all(_healthy(p) for p in ports), 60), "the app processes did not start"
        assert _wait_until(lambda: len(psutil.Process(workers.pid).children()) == 3, 30)

        # Every delivery goes to both app processes at the same moment (Meta retrying while the first
        # is in flight), each customer's messages one after the other.
        wamids: dict[str, list[str]] = defaultdict(list)

        def customer(i: int) -> None:
            who = f"9665{i:08d}"
            for n in range(MESSAGES_EACH):
                event = wa.text_message(PNID, who, ["السلام عليكم", "كم سعر البرجر؟", "شكرا"][n])
                wamids[who].append(event.wamid)
                body = wa.encode(wa.delivery(event))
                answers: list[int] = []
                both = [
                    threading.Thread(target=lambda p=p, b=body, a=answers: a.append(_post(p, b)))
                    for p in ports
                ]
                for t in both:
                    t.start()
                for t in both:
                    t.join()
                assert answers == [200, 200]

        def round_of(first: int) -> list[threading.Thread]:
            posters = [threading.Thread(target=customer, args=(i,)) for i in range(first, first + CUSTOMERS)]
            for t in posters:
                t.start()
            return posters

        # Round 1: all processes alive. Everything answered once, in order per conversation, under the cap.
        with _Grants() as grants:
            for t in round_of(0):
                t.join(60)
            assert _wait_until(lambda: _settled(engine), 90), "round 1 did not settle"
        _assert_once_in_order_under_cap(engine, graph, wamids, grants.seen, len(graph.requests))

        # Round 2: a worker dies (SIGKILL: no cleanup) while it is processing and sending.
        before, requests_before = len(graph.sent), len(graph.requests)
        with _Grants() as grants:  # this round's
            posters = round_of(CUSTOMERS)
            assert _wait_until(lambda: len(graph.sent) >= before + 3, 60), "no replies went out"
            psutil.Process(workers.pid).children()[0].send_signal(signal.SIGKILL)
            for t in posters:
                t.join(60)
            # The survivors answer what they can; then the product's own recovery, with time moved on:
            # RQ's cleanup of the dead worker's job, Meta's statuses for posts it had accepted, the sweeper.
            _wait_until(lambda: _settled(engine), 60)
            if not _settled(engine):
                _recover(engine, graph, ports[0])
                assert _wait_until(lambda: _settled(engine), 90), q(
                    engine, "SELECT id, status, last_error FROM outbox WHERE status IN ('pending', 'sending')"
                )
        # Nothing lost, nothing twice, and in order: the replies a dead worker held are sent (or
        # confirmed) before the ones its customers' later messages got meanwhile.
        _assert_once_in_order_under_cap(
            engine, graph, wamids, grants.seen, len(graph.requests) - requests_before
        )
    finally:
        for proc in [*apps, workers]:
            stop_process(proc, timeout=0)  # SIGKILL: nothing to wind down


def _assert_once_in_order_under_cap(engine, graph, wamids, grants: list[float], posts: int) -> None:  # type: ignore[no-untyped-def]
    """Stored once, answered once, each conversation's replies arriving in the order they were
    queued, and never more slots granted in one second than the cap (`grants`, `posts`: this round's)."""
    stored = q(engine, "SELECT wa_message_id, count(*) FROM messages WHERE direction = 'inbound' GROUP BY 1")
    assert sorted(w for w, _ in stored) == sorted(w for ws in wamids.values() for w in ws)
    assert all(n == 1 for _, n in stored)  # each delivery stored once, from two processes at once
    rows = q(engine, "SELECT o.id FROM outbox o ORDER BY o.id")
    assert rows and q(engine, "SELECT DISTINCT status FROM outbox") == [("sent",)]
    sent_ids = [_outbox_id(r) for r in graph.sent]
    assert sorted(sent_ids) == [oid for (oid,) in rows]  # every reply posted and accepted exactly once
    by_customer: dict[str, list[int]] = defaultdict(list)
    for r in sorted(graph.sent, key=lambda r: r.at):
        by_customer[r.to].append(_outbox_id(r))
    assert set(by_customer) == set(wamids)  # every customer answered
    # The cap is checked where it is enforced, on the limiter's own grant times, not on arrivals
    # here (which add each post's own delay on a loaded box). Each post took a slot (a worker
    # killed between its grant and its post took one more). Without the shared cap, 24 replies
    # land in a fraction of a second.
    assert len(grants) >= posts  # none missed
    granted = sorted(grants)
    busiest = max(sum(1 for t in granted if start <= t < start + 1.0) for start in granted)
    assert busiest <= CAP  # the per-number cap held across three workers
    out_of_order = {who: by_customer[who] for who in wamids if by_customer[who] != sorted(by_customer[who])}
    # Once seen as {'966500000002': [11, 19, 13]}: two workers answered one customer's two messages
    # at once; the conversation lock (dialogue/inbound.py) makes the second wait for the first.
    assert not out_of_order, f"replies out of order: {dict(list(out_of_order.items())[:3])}"


def _healthy(port: int) -> bool:
    try:
        return httpx.get(f"http://127.0.0.1:{port}/health/live", timeout=1).status_code == 200
    except httpx.HTTPError:
        return False


def _recover(engine, graph, port: int) -> None:  # type: ignore[no-untyped-def]
    """What happens after a worker died, in the product's order, with the clock moved past each wait."""
    from rq.registry import StartedJobRegistry

    from crm_res.db import get_redis
    from crm_res.jobs import sweep
    from crm_res.jobs.queues import ALL_QUEUES

    # 1. RQ's maintenance notices the dead worker's job once its heartbeat expired (minutes later).
    later = datetime.now(UTC) + timedelta(minutes=30)
    for name in ALL_QUEUES:
        StartedJobRegistry(name, connection=get_redis()).cleanup(int(later.timestamp()))
    # 2. Meta's statuses for what it had accepted (they name the outbox row in their callback data).
    unconfirmed = {oid for (oid,) in q(engine, "SELECT id FROM outbox WHERE status = 'sending'")}
    for received in graph.sent:
        if _outbox_id(received) in unconfirmed:
            event = wa.status(PNID, received.wamid, "sent")
            event.data["biz_opaque_callback_data"] = received.json["biz_opaque_callback_data"]
            assert _post(port, wa.encode(wa.delivery(event))) == 200
    # 3. The sweeper queues what lost its job (messages not processed, replies not sent).
    sweep.requeue_stale(now=datetime.now(UTC) + timedelta(minutes=1))


def test_a_change_stored_by_one_app_process_reaches_a_dashboard_connected_to_the_other(channel):
    """A delivery stored by app process A (the ingestion tier) shows in the open inbox of a dashboard
    user connected to app process B (the Reflex backend): A publishes the change on Redis after its
    commit, B's one subscription hears it and the page's live loop sends the new row over B's
    websocket. No process is told anything by the test; only Redis carries the signal from A to B."""
    import json
    import uuid

    import socketio

    from crm_res.db import session_scope
    from crm_res.models import Role
    from crm_res.pages.conversations.inbox import InboxState
    from crm_res.services.accounts.users import open_session_for
    from crm_res.settings import get_settings

    with session_scope() as s:
        user = add_user(
            s, channel["restaurant_id"], "live@channel.sa", Role.owner, password="password-live-1"
        )
        cookie = open_session_for(user, get_settings().signing_key())
    ingest_port, dashboard_port = free_port(), free_port()
    a = start_ingest(ingest_port)
    # B: the dashboard's backend (Reflex: its events and websocket), as the launcher serves it.
    b = start_process(
        [*dashboard_command(dashboard_port, reuse_build=True), "--backend-only"],
        env={
            "PORT": str(dashboard_port),  # its origin (rxconfig.py)
            "CRM_RES_LIVE_IDLE_SECONDS": "3600",  # a page wakes only on the signal
        },
    )
    client = socketio.Client(reconnection=False)
    deltas: list[str] = []
    client.on(
        "event", lambda update: deltas.append(json.dumps(update, ensure_ascii=False)), namespace="/_event"
    )
    try:
        assert _wait_until(lambda: _healthy(ingest_port), 60), "app process A did not start"
        assert _wait_until(lambda: _pings(dashboard_port), 180), "app process B did not start"
        # A browser tab on B's /conversations: the page loads, and its live anchor starts watching.
        token = str(uuid.uuid4())
        client.connect(
            f"http://127.0.0.1:{dashboard_port}?token={token}",
            headers={"Cookie": f"crm_session={cookie}"},
            namespaces=["/_event"],
            socketio_path="_event",
            transports=["websocket"],
            wait_timeout=20,
        )
        inbox = InboxState.get_full_name()
        client.emit(
            "event",
            {
                "name": f"{inbox}.live_watch",
                "payload": {},
                "token": token,
                "router_data": {"pathname": "/conversations", "asPath": "/conversations"},
            },
            namespace="/_event",
        )
        assert _wait_until(lambda: any(inbox in d for d in deltas), 60), "B never loaded the page"
        # B's hub is subscribed: from now on its pages wake on the signal only (no poll fallback,
        # and the idle reload is an hour away), once the one-second polls from before it are over.
        assert _wait_until(lambda: _subscribed(b.pid), 60), "B has no subscription to the live channel"
        time.sleep(2)

        marker = f"عميل-{uuid.uuid4().hex[:8]}"
        body = wa.encode(
            wa.delivery(wa.text_message(PNID, "966509998877", "مرحبا من العملية الأولى", name=marker))
        )
        seen = len(deltas)
        assert _post(ingest_port, body) == 200  # stored and committed by A
        assert _wait_until(lambda: any(marker in d for d in deltas[seen:]), 60), (
            "the new conversation never reached the page open on B"
        )
        assert not any(marker in d for d in deltas[:seen])
    finally:
        client.disconnect()
        for proc in (a, b):
            stop_process(proc, timeout=0)  # SIGKILL: nothing to wind down


def _pings(port: int) -> bool:
    try:
        return httpx.get(f"http://127.0.0.1:{port}/ping", timeout=1).status_code == 200
    except httpx.HTTPError:
        return False


def _subscribed(root: int) -> bool:
    """Process `root` (or one of its children) holds the subscription to the live channel: the
    dashboard's live hub (services/live.py) names its Redis connection after its pid,
    and the channel (this test run's Redis database) has a subscriber."""
    from crm_res.db import get_redis
    from crm_res.services.notifications import live_channel

    try:
        pids = {root, *(p.pid for p in psutil.Process(root).children(recursive=True))}
    except psutil.Error:
        return False
    redis = get_redis()
    [(_, count)] = redis.pubsub_numsub(live_channel())
    names = {c["name"] for c in redis.client_list(_type="pubsub")}
    return count > 0 and any(n.startswith(f"crm_res-live-{pid}-") for n in names for pid in pids)
