"""A domain read or write run for a page off the event loop (the loop also serves every other
tab's events): in a worker thread, in its own session, as the viewer."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any, TypeVar

from crm_res.db import session_scope
from crm_res.services.access import Viewer

T = TypeVar("T")


async def call_in_thread(viewer: Viewer, fn: Callable[..., T], **kwargs: Any) -> T:
    """`fn(session=..., viewer=viewer, **kwargs)` in a worker thread; its errors are the caller's."""

    def call() -> T:
        with session_scope() as session:
            return fn(session=session, viewer=viewer, **kwargs)

    return await asyncio.to_thread(call)
