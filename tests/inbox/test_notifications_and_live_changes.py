"""Staff notifications and the live-change hub: who is notified, marking read, and every
open dashboard woken once a change has committed (never before, never for a rollback)."""

from __future__ import annotations

import asyncio
import contextlib
import uuid
from datetime import UTC, datetime

import pytest
from sqlmodel import select

from crm_res.models import (
    Branch,
    Notification,
    Role,
)
from crm_res.services import notifications
from crm_res.services.access import viewer_for
from crm_res.services.admin.restaurants import create_restaurant
from crm_res.services.errors import InvalidInput
from crm_res.services.inbox import conversations
from tests.fixtures.dashboard import make_conversation, make_customer
from tests.fixtures.live import live_subscriber, payloads
from tests.fixtures.people import add_user


def test_notifications_list_and_mark_read(world):
    """The bell lists the user's own notifications, unread first; marking read is per user."""
    s, owner, r = world["session"], world["owner"], world["r"]
    for i in range(3):
        s.add(Notification(restaurant_id=r.id, user_id=owner.user_id, kind="escalation", title=f"n{i}"))
    s.add(Notification(restaurant_id=r.id, user_id=world["staff"].user_id, kind="escalation", title="theirs"))
    s.flush()
    rows = notifications.list_notifications(session=s, viewer=owner)
    assert len(rows) == 3 and all(x["unread"] for x in rows)
    assert notifications.mark_notifications_read(session=s, viewer=owner, ids=[rows[0]["id"]]) == 1
    assert conversations.inbox_counts(session=s, viewer=owner)["notifications"] == 2
    assert notifications.mark_notifications_read(session=s, viewer=owner) == 2
    assert conversations.inbox_counts(session=s, viewer=world["staff"])["notifications"] == 1


async def test_live_hub_wakes_waiters_on_a_published_change(redis_conn):
    """A change published on the live channel wakes the page waiting for that restaurant; others
    stay asleep."""
    from crm_res.services.live import ChangeHub
    from crm_res.services.notifications import live_payload, publish_changes

    hub = ChangeHub()
    rid, other = uuid.uuid4(), uuid.uuid4()
    try:
        v0 = hub.version(rid)
        await asyncio.wait_for(hub.connected.wait(), 10)
        v_other = hub.version(other)
        waiter = asyncio.create_task(hub.wait(rid, hub.version(rid), timeout=10))
        await asyncio.sleep(0.05)
        await asyncio.to_thread(publish_changes, [live_payload(rid, "inbound")])
        version, changed = await waiter
        assert changed and version > v0
        assert hub.last_kind(rid) == "inbound"
        assert await hub.wait(other, v_other, timeout=0.2) == (v_other, False)
    finally:
        await hub.stop()


async def test_live_hub_falls_back_to_polling_without_a_subscription():
    """With Redis unreachable, waits return every second as 'changed' (a cheap poll)."""
    from crm_res.services.live import ChangeHub

    hub = ChangeHub(url="redis://127.0.0.1:1/0")
    try:
        # Nothing is published: only the poll fallback says "changed" before the 30 s are up.
        _, changed = await hub.wait(uuid.uuid4(), 0, timeout=30)
        assert changed and not hub.connected.is_set()
    finally:
        await hub.stop()


async def test_live_hub_bumps_every_version_when_its_redis_connection_drops_and_comes_back(redis_conn):
    """Redis drops the hub's subscribed connection (a restart, a failover, CLIENT KILL): once it
    is subscribed again every page reloads (a change published in between reached nobody), and
    changes reach it again."""
    from crm_res.services.live import ChangeHub
    from crm_res.services.notifications import live_payload, publish_changes

    hub = ChangeHub()
    rid = uuid.uuid4()
    try:
        hub.version(rid)
        await asyncio.wait_for(hub.connected.wait(), 10)
        version = hub.version(rid)  # after the first subscription's bump

        def ours() -> list[str]:
            return [c["id"] for c in redis_conn.client_list(_type="pubsub") if c["name"] == hub.client_name]

        [client_id] = await asyncio.to_thread(ours)
        await asyncio.to_thread(redis_conn.client_kill_filter, _id=client_id)
        version, changed = await hub.wait(rid, version, timeout=30)
        assert changed and hub.last_kind(rid) == "reconnect"
        assert (await asyncio.to_thread(ours)) not in ([], [client_id])  # a new connection, subscribed
        await asyncio.wait_for(hub.connected.wait(), 10)
        await asyncio.to_thread(publish_changes, [live_payload(rid, "order")])
        version, changed = await hub.wait(rid, version, timeout=10)
        assert changed and hub.last_kind(rid) == "order"
    finally:
        await hub.stop()


def test_staff_actions_notify_open_dashboards_at_commit(committed, redis_conn):
    """Take over, note, reply, assign, hand back and resolve each publish the live signal once
    committed, never before."""
    from crm_res.db import session_scope
    from crm_res.services.inbox import conversations as actions

    with session_scope() as s:
        r = create_restaurant(session=s, name_ar="م", name_en="Live", phone_number_id="pn-live")
        branch = Branch(restaurant_id=r.id, name_ar="ف", name_en="B", city="Riyadh")
        s.add(branch)
        s.flush()
        owner = add_user(s, r.id, "o@live.sa", Role.owner)
        mate = add_user(s, r.id, "m@live.sa", Role.staff, branch_ids=[branch.id])
        c = make_customer(s, r.id, "966500000801", "Live", last_inbound_at=datetime.now(UTC))
        conv_id = make_conversation(s, r, c, branch).id
        viewer, rid, mate_id = viewer_for(owner), r.id, mate.id
    with live_subscriber() as sub:
        steps = [
            lambda s: actions.take_over(session=s, viewer=viewer, conversation_id=conv_id),
            lambda s: actions.add_note(session=s, viewer=viewer, conversation_id=conv_id, body="note"),
            lambda s: actions.staff_reply(session=s, viewer=viewer, conversation_id=conv_id, body="hello"),
            lambda s: actions.assign(session=s, viewer=viewer, conversation_id=conv_id, user_id=mate_id),
            lambda s: actions.hand_back(session=s, viewer=viewer, conversation_id=conv_id),
            lambda s: actions.resolve(session=s, viewer=viewer, conversation_id=conv_id),
        ]
        for i, step in enumerate(steps):
            with session_scope() as s:
                step(s)
                s.flush()
                assert payloads(sub, timeout=0.05) == [], f"step {i}: notified before commit"
            assert f"{rid}:conversation" in payloads(sub), f"step {i}: no notification after commit"


def test_a_rolled_back_transaction_publishes_nothing_and_a_committed_one_each_change_once(
    committed, redis_conn
):
    """Only committed changes are signalled: a staff action whose transaction rolls back publishes
    nothing; a committed transaction publishes each of its changes once, after the commit."""
    from crm_res.db import session_scope
    from crm_res.services.notifications import signal_change

    rid, other = uuid.uuid4(), uuid.uuid4()
    with live_subscriber() as sub:
        with pytest.raises(RuntimeError), session_scope() as s:
            signal_change(s, rid, "conversation")
            raise RuntimeError("the action failed after signalling")
        with session_scope() as s:  # the same session type again: nothing left over from the first
            signal_change(s, other, "order")
            s.rollback()
        assert payloads(sub) == []
        with session_scope() as s:
            for _ in range(3):
                signal_change(s, rid, "inbound")
            signal_change(s, rid, "reply")
            signal_change(s, other, "order")
        assert sorted(payloads(sub)) == sorted([f"{rid}:inbound", f"{rid}:reply", f"{other}:order"])


def test_no_pg_notify_left_in_the_package():
    """The live signal is a Redis PUBLISH after commit: a pg_notify takes Postgres's cluster-wide
    notify lock at commit and holds it through the WAL flush, serialising every such commit."""
    import re
    from pathlib import Path

    import crm_res

    root = Path(crm_res.__file__).parent
    found = [
        str(p.relative_to(root))
        for p in root.rglob("*.py")
        if re.search(
            r"(?i:pg_notify\s*\()|\b(LISTEN|NOTIFY) +(\{|\w+_changes)", p.read_text(encoding="utf-8")
        )
    ]
    assert found == []


async def test_live_watch_reloads_once_at_start_so_a_change_before_it_is_not_missed():
    """The watch loop's first turn is immediate: a change between the page's load and the loop start
    is picked up without waiting for the next signal or the idle timeout."""
    from crm_res.services.live import ChangeHub, watch

    hub = ChangeHub()
    rid = uuid.uuid4()
    try:
        hub.publish(f"{rid}:inbound")  # happened after the page loaded, before the loop read the version
        turns = watch(hub, rid, idle_timeout=30)
        # the first turn comes long before the idle timeout (30 s) would bring one: no stopwatch
        assert await asyncio.wait_for(anext(turns), 5) is True
        nxt = asyncio.ensure_future(anext(turns))
        await asyncio.sleep(0.05)
        assert not nxt.done()  # nothing new: the loop sleeps
        hub.publish(f"{rid}:reply")
        assert await asyncio.wait_for(nxt, 2) is True
    finally:
        await hub.stop()


async def test_live_hub_stops_listening_when_no_page_watches_and_misses_nothing_when_one_returns(
    redis_conn,
):
    """Every published change wakes a subscribed process, so the subscription closes once the last
    page left; the next page reopens it, and a change published while nobody listened still
    reloads that page."""
    from crm_res.services.live import ChangeHub, watch
    from crm_res.services.notifications import live_channel, live_payload

    hub = ChangeHub(idle_stop=0.0)
    rid = uuid.uuid4()
    try:
        async with contextlib.aclosing(watch(hub, rid, idle_timeout=30)) as turns:
            assert await anext(turns) is True
            assert hub.listening
            await asyncio.wait_for(hub.connected.wait(), 10)
        for _ in range(100):  # the idle timer runs on the loop
            if not hub.listening:
                break
            await asyncio.sleep(0.02)
        assert not hub.listening and not hub.connected.is_set()

        # Nobody listens: this change reaches no one (and Redis says so).
        assert await asyncio.to_thread(redis_conn.publish, live_channel(), live_payload(rid, "inbound")) == 0
        async with contextlib.aclosing(watch(hub, rid, idle_timeout=30)) as turns:
            assert await anext(turns) is True  # the first turn always reloads
            assert hub.listening
            # ... and so does the reconnect: versions are bumped once the listener is back
            assert await asyncio.wait_for(anext(turns), 10) is True
            assert hub.last_kind(rid) == "reconnect"
    finally:
        await hub.stop()


def test_notifications_reach_staff_of_the_branch_and_respect_each_users_preferences(world):
    """Staff now get their branch's alerts (not other branches'); a muted kind is neither created
    by notify_staff nor shown in the bell (even when written elsewhere, like the daily summary)."""
    from crm_res.services.notifications import notification_prefs, notify_staff, save_notification_prefs

    s, r, owner, staff = world["session"], world["r"], world["owner"], world["staff"]
    manager = add_user(s, r.id, "mgr@dash.sa", Role.manager, branch_ids=[world["b"].id])
    mgr = viewer_for(manager)

    def recipients(kind: str, branch) -> set:  # type: ignore[no-untyped-def]
        before = {n.id for n in s.exec(select(Notification)).all()}
        notify_staff(
            session=s, restaurant_id=r.id, kind=kind, title="t", branch_id=branch.id if branch else None
        )
        return {n.user_id for n in s.exec(select(Notification)).all() if n.id not in before}

    assert recipients("escalation", world["a"]) == {owner.user_id, staff.user_id}
    assert recipients("new_order", world["b"]) == {owner.user_id, mgr.user_id}
    assert recipients("escalation", None) == {owner.user_id, staff.user_id, mgr.user_id}

    assert notification_prefs(session=s, viewer=staff) == {
        "escalation": True,
        "negative_feedback": True,
        "new_order": True,
        "summary": True,
    }
    save_notification_prefs(session=s, viewer=staff, wanted={"new_order": False})
    save_notification_prefs(session=s, viewer=owner, wanted={"summary": False, "escalation": False})
    assert notification_prefs(session=s, viewer=staff)["new_order"] is False
    assert recipients("new_order", world["a"]) == {owner.user_id}
    assert recipients("escalation", world["a"]) == {staff.user_id}
    with pytest.raises(InvalidInput):
        save_notification_prefs(session=s, viewer=owner, wanted={"spam": True})

    s.add(Notification(restaurant_id=r.id, user_id=owner.user_id, kind="summary", title="daily"))
    s.flush()
    bell = notifications.list_notifications(session=s, viewer=owner, limit=50)
    assert {n["kind"] for n in bell} == {"new_order"}  # escalations and the summary are muted
    assert conversations.inbox_counts(session=s, viewer=owner)["notifications"] == len(bell)
    save_notification_prefs(session=s, viewer=owner, wanted={"summary": True})
    assert "summary" in {
        n["kind"] for n in notifications.list_notifications(session=s, viewer=owner, limit=50)
    }


class _Page:
    """A page state as the live loop sees it: a lock, what to load, a store that counts loads shown."""

    def __init__(self, fetch):
        self.live_gen, self._shown, self.handled_by = 1, 0, "staff"
        self._lock = asyncio.Lock()
        self._live_fetch = fetch

    async def __aenter__(self):
        await self._lock.acquire()

    async def __aexit__(self, *exc):
        self._lock.release()

    def _live_inputs(self):
        return {}

    def store(self, handled_by):  # the page's one store function, for its own loads and the loop's
        self._shown += 1
        self.handled_by = handled_by

    def _live_apply(self, data):
        self.store(data)
        return [f"shown {data}"]


async def test_a_live_fetch_read_before_an_action_does_not_overwrite_what_the_action_showed():
    """Escalated (staff) is fetched by the live loop; before it is stored, staff hand the conversation
    back and the page shows the assistant: the older fetch is dropped, and the next turn shows news."""
    from crm_res.state.live import follow

    fetching, release = asyncio.Event(), asyncio.Event()
    db = {"handled_by": "staff"}

    def fetch(_inputs):  # runs in a worker thread, like the real database read
        value = db["handled_by"]
        asyncio.run_coroutine_threadsafe(_set(fetching), loop)
        asyncio.run_coroutine_threadsafe(release.wait(), loop).result(5)
        return value

    async def _set(event):
        event.set()

    async def turns():
        yield True
        await asyncio.sleep(0)
        yield True

    loop = asyncio.get_running_loop()
    page = _Page(fetch)
    shown = []
    follower = asyncio.ensure_future(_collect(follow(page, turns(), 1, "tab"), shown))
    await asyncio.wait_for(fetching.wait(), 5)
    async with page:  # "hand back": written, then reloaded and shown while the fetch is in flight
        db["handled_by"] = "ai"
        page.store(db["handled_by"])
    fetching.clear()
    release.set()
    await asyncio.wait_for(follower, 5)
    assert page.handled_by == "ai"
    assert shown == [["shown ai"]]  # the stale "staff" was never stored; the second turn's read was


async def test_the_live_loop_stops_for_a_newer_mount_and_stores_nothing():
    from crm_res.state.live import follow

    async def turns():
        yield True

    page = _Page(lambda _inputs: "staff")
    page.live_gen = 2  # the page mounted again: this loop (generation 1) is stale
    shown = []
    await asyncio.wait_for(_collect(follow(page, turns(), 1, "tab"), shown), 5)
    assert (shown, page._shown) == ([], 0)


async def _collect(events, into):
    async for e in events:
        into.append(e)
