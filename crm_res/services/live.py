"""Live changes for open dashboards: one Redis subscription per process, fanned out per restaurant.

Ingestion, sends, the assistant and staff actions PUBLISH '<restaurant_id>:<what>' on the live
channel (services/notifications.py: `live_channel`, `publish_changes`, `signal_change`) once
their transaction has committed. Each dashboard process keeps ONE subscribed connection (not one
per open page, on redis.asyncio: the event loop never blocks) and wakes the pages of that
restaurant:

    async for changed in watch(get_hub(), restaurant_id, idle_timeout=20):
        ...  # reload what the page shows (always on the first turn, then on changes/timeouts)

When the subscription is down, `wait` degrades to a one-second poll (it returns `changed=True`
every second) until it is back, so a page never silently stops updating. Every (re)subscription
(the first, ours after a lost connection, or redis-py's own resubscribe on reconnect) bumps every
version once Redis confirms it, so nothing published while nobody listened is missed. A silent
connection is PINGed every `HEARTBEAT_SECONDS`; no answer by the next one counts as lost.

The subscription runs only while some page watches: every message costs the process a wake-up
(one per delivery batch under load, measured in docs/CAPACITY.md), so `IDLE_STOP_SECONDS` after
the last watcher left it closes, and the next watcher opens it again.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
from collections import defaultdict
from collections.abc import AsyncGenerator
from typing import Any

from crm_res.services.notifications import live_channel

log = logging.getLogger("crm_res.live")
POLL_FALLBACK_SECONDS = 1.0
IDLE_STOP_SECONDS = 60.0  # a page reload or navigation does not close and reopen the subscription
HEARTBEAT_SECONDS = 15.0


class ChangeHub:
    """Versions per restaurant, bumped by the live channel's messages; awaitable by any number of
    pages. `url`: the Redis to subscribe to (default: the app's)."""

    def __init__(self, url: str | None = None, idle_stop: float = IDLE_STOP_SECONDS) -> None:
        self._url = url
        self.client_name = f"crm_res-live-{os.getpid()}-{id(self):x}"  # in CLIENT LIST
        self._idle_stop = idle_stop
        self._watchers = 0
        self._idle_timer: asyncio.TimerHandle | None = None
        self._versions: dict[str, int] = defaultdict(int)
        self._kinds: dict[str, str] = {}
        self._events: dict[str, asyncio.Event] = {}
        self._task: asyncio.Task | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self.connected = asyncio.Event()
        self.notifications = 0

    # ------------------------------------------------------------------ public

    def version(self, restaurant_id: object) -> int:
        self._ensure_started()
        return self._versions[str(restaurant_id)]

    def last_kind(self, restaurant_id: object) -> str:
        return self._kinds.get(str(restaurant_id), "")

    async def wait(self, restaurant_id: object, since: int, timeout: float) -> tuple[int, bool]:
        """Wait until the restaurant's version passes `since` (or `timeout`); (version, changed)."""
        self._ensure_started()
        rid = str(restaurant_id)
        if self._versions[rid] > since:
            return self._versions[rid], True
        if not self.connected.is_set():
            # Subscription down: behave like a cheap poll so pages keep updating.
            await asyncio.sleep(min(timeout, POLL_FALLBACK_SECONDS))
            return self._versions[rid], True
        event = self._events.setdefault(rid, asyncio.Event())
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(event.wait(), timeout)
        return self._versions[rid], self._versions[rid] > since

    def publish(self, payload: str) -> None:
        """Apply one payload ("<restaurant_id>:<what>", notifications.live_payload); public for tests."""
        rid, _, what = payload.partition(":")
        self.notifications += 1
        self._versions[rid] += 1
        self._kinds[rid] = what
        event = self._events.pop(rid, None)
        if event is not None:
            event.set()

    @property
    def listening(self) -> bool:
        return self._task is not None and not self._task.done()

    def watcher_started(self) -> None:
        self._watchers += 1
        if self._idle_timer is not None:
            self._idle_timer.cancel()
            self._idle_timer = None
        self._ensure_started()

    def watcher_stopped(self) -> None:
        self._watchers -= 1
        if self._watchers == 0 and self._loop is not None and not self._loop.is_closed():
            self._idle_timer = self._loop.call_later(self._idle_stop, self._stop_when_idle)

    def _stop_when_idle(self) -> None:
        self._idle_timer = None
        if self._watchers == 0 and self._task is not None:
            self._task.cancel()
            self._task = None
            self.connected.clear()

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await self._task
            self._task = None

    # ------------------------------------------------------------------ subscription

    def _ensure_started(self) -> None:
        loop = asyncio.get_running_loop()
        if self._task is not None and not self._task.done() and self._loop is loop:
            return
        self._loop = loop
        self.connected = asyncio.Event()
        self._task = loop.create_task(self._listen_forever(), name="crm_res-live-listener")

    def _bump_all(self) -> None:
        for rid in list(self._versions) + list(self._events):
            self.publish(f"{rid}:reconnect")

    async def _listen_forever(self) -> None:
        from redis.asyncio import Redis

        from crm_res.db import redis_url

        delay = 0.5
        while True:
            client = Redis.from_url(
                self._url or redis_url(), socket_connect_timeout=2, client_name=self.client_name
            )
            try:
                async with client.pubsub() as pubsub:
                    db = client.connection_pool.connection_kwargs.get("db")
                    await pubsub.subscribe(live_channel(int(db or 0)))
                    await self._read(pubsub)
            except asyncio.CancelledError:
                raise
            except Exception as exc:  # noqa: BLE001 - resubscribe on any connection problem
                log.warning("live updates: subscription lost (%s); retrying in %.1fs", exc, delay)
                if self.connected.is_set():
                    delay = 0.5  # it was up until now: try again soon
            finally:
                self.connected.clear()
                with contextlib.suppress(Exception):
                    await client.aclose()
            await asyncio.sleep(delay)
            delay = min(delay * 2, 10.0)

    async def _read(self, pubsub: Any) -> None:
        """Apply the channel's messages until the connection fails (raises)."""
        pinged = False
        while True:
            message = await pubsub.get_message(timeout=HEARTBEAT_SECONDS)
            if message is None:  # silence: make sure the connection is still there
                if pinged:
                    raise ConnectionError(f"no answer to PING within {HEARTBEAT_SECONDS:.0f} s")
                await pubsub.ping()
                pinged = True
                continue
            pinged = False
            kind = message["type"]
            if kind == "subscribe":  # confirmed (also after redis-py's own reconnect)
                self.connected.set()
                self._bump_all()  # anything may have changed while we were not subscribed
            elif kind == "message":
                data = message["data"]
                self.publish(data.decode() if isinstance(data, bytes) else str(data))


async def watch(
    hub: ChangeHub, restaurant_id: object, idle_timeout: float, min_interval: float = 0.0
) -> AsyncGenerator[bool, None]:
    """Yield when the page should reload: `True` after a change, `False` after an idle timeout.

    The first turn is immediate and counts as a change: the page's first load ran before this
    loop read the version, and a change committed in between would otherwise wait for the idle
    timeout. `min_interval` spaces reloads out (changes arriving meanwhile join the next one).
    """
    loop = asyncio.get_running_loop()
    hub.watcher_started()
    try:
        version = hub.version(restaurant_id)
        last = loop.time()
        yield True
        while True:
            version, changed = await hub.wait(restaurant_id, version, timeout=idle_timeout)
            pause = min_interval - (loop.time() - last)
            if changed and pause > 0:
                await asyncio.sleep(pause)
                version = hub.version(restaurant_id)  # what arrived meanwhile is included in this reload
            last = loop.time()
            yield changed
    finally:  # the page went away (the generator closed): the subscription may stop when none is left
        hub.watcher_stopped()


_hub: ChangeHub | None = None


def get_hub() -> ChangeHub:
    """This process's hub (created on first use, on the running event loop)."""
    global _hub
    if _hub is None:
        _hub = ChangeHub()
    return _hub
