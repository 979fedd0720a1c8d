"""Live pages: a background event per open page that wakes on the live signal (Redis pub/sub)
and reloads rows.

A page state mixes in `LiveMixin` and implements three hooks:
  `_live_inputs()`        inside the state lock: a snapshot of what to load (token, filters) or None
  `_live_fetch(inputs)`   a staticmethod run in a worker thread: the database reads, no state access
  `_live_apply(data)`     inside the state lock: store the result (may return events, e.g. a sound)
The page's one store function (used by its own loads too) calls `_shown_now()`: a fetch the loop
started before another load was shown is older than what is shown, and is dropped (a live update
read before "hand back" must not put the "take over" page back after it).
The page mounts `live_anchor(State)`, whose on_mount starts `live_watch`. The loop ends when the
page unmounts or mounts again (a newer generation), or when the browser disconnects.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
from collections.abc import AsyncIterator
from typing import TYPE_CHECKING, Any

import reflex as rx

from crm_res.db import session_scope
from crm_res.services.access import Viewer
from crm_res.services.accounts.users import viewer_from_token
from crm_res.services.live import get_hub, watch
from crm_res.settings import get_settings

# Wake at least this often without a change, to notice a closed tab and refresh countdowns
# (CRM_RES_LIVE_IDLE_SECONDS; a test sets it long, so only the live signal can wake a page).
IDLE_TIMEOUT = float(os.environ.get("CRM_RES_LIVE_IDLE_SECONDS") or 20.0)
MIN_INTERVAL = 0.25  # at most four reloads a second per page, however busy the restaurant


def viewer_for_token(token: str) -> Viewer | None:
    """The viewer for a session token (for worker threads: touches no Reflex state)."""
    with session_scope() as session:
        return viewer_from_token(session=session, token=token, secret=get_settings().signing_key())


_app: rx.App | None = None


def bind_app(app: rx.App) -> None:
    """The app module hands its App over here (shared state imports nothing of the app)."""
    global _app
    _app = app


def client_connected(client_token: str) -> bool:
    """Whether the browser tab behind `client_token` still has a socket to this backend."""
    namespace = getattr(_app, "event_namespace", None)
    return namespace is None or client_token in namespace.token_to_sid


class LiveMixin(rx.State, mixin=True):
    live_gen: int = 0
    _shown: int = 0  # loads shown so far, whichever path loaded them

    def _shown_now(self) -> None:
        """Called by the page's store function each time it shows loaded data."""
        self._shown += 1

    if TYPE_CHECKING:  # the page's state class also derives from AuthState, which has it

        def _token(self) -> str: ...

    def _live_inputs(self) -> dict[str, Any] | None:
        return {"token": self._token()}

    @staticmethod
    def _live_fetch(inputs: dict[str, Any]) -> Any:
        raise NotImplementedError

    def _live_apply(self, data: Any) -> Any:
        raise NotImplementedError

    @rx.event
    def live_stop(self) -> None:
        self.live_gen += 1

    @rx.event(background=True)
    async def live_watch(self):
        async with self:
            self.live_gen += 1
            gen = self.live_gen
            client = self.router.session.client_token
            token = self._token()
        viewer = await asyncio.to_thread(viewer_for_token, token)
        if viewer is None:
            return
        # aclosing: leaving the loop closes the watch at once, so the hub knows the page is gone
        async with contextlib.aclosing(
            watch(get_hub(), viewer.restaurant_id, IDLE_TIMEOUT, MIN_INTERVAL)
        ) as turns:
            async for events in follow(self, turns, gen, client):
                yield events


async def follow(state: Any, turns: AsyncIterator[bool], gen: int, client: str) -> AsyncIterator[Any]:
    """The live loop of one page: on each turn, read under the state's lock what to load, load it
    outside the lock (in a worker thread) and store it under the lock; yields the events a store
    returns. Ends when the tab disconnects or the page mounted again (a newer `gen`)."""
    async for _changed in turns:
        if not client_connected(client):
            return
        async with state:
            if state.live_gen != gen:
                return
            inputs = state._live_inputs()
            shown = state._shown
        if inputs is None:
            continue
        data = await asyncio.to_thread(state._live_fetch, inputs)
        async with state:
            if state.live_gen != gen:
                return
            if state._shown != shown:
                # An action or a filter showed data it read after this fetch began: that is newer.
                # A change committed since then signals again, so the next turn shows it.
                continue
            events = state._live_apply(data)
        if events:
            yield events


def live_anchor(state: type[LiveMixin]) -> rx.Component:
    """An invisible element that keeps the page's live loop running while it is mounted."""
    return rx.box(display="none", on_mount=state.live_watch, on_unmount=state.live_stop)
