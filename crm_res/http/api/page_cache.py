"""Serialised read pages (the conversation list, a conversation with its messages) kept in this
process, so a repeated read costs no query.

A page is stored under everything that decides its content — the route, the caller's restaurant,
role, branches and scopes, and the whole normalised query — and tagged with the restaurant's list
versions read (with the rate-limit charge, http/api/limits.py) *before* its query ran. It is
served only while both versions are unchanged: any committed write to what lists show gives them
new values (crm_res/api_key_generation.py says which writes and how), so the next request after a
write reads afresh, in whichever process. A write committed between the version read and the
query only makes the stored page unreachable. TTL_SECONDS bounds what no watcher sees (SQL typed
into psql); MAX_PAGES and MAX_BYTES bound the memory (least recently used pages go first).
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any

from crm_res.services.api.api_keys import ApiPrincipal

TTL_SECONDS = 10.0
MAX_PAGES = 2_000
MAX_BYTES = 64 * 1024 * 1024


@dataclass(frozen=True)
class _Page:
    versions: tuple[Any, Any]
    expires: float
    body: bytes


_pages: OrderedDict[tuple, _Page] = OrderedDict()
_size = [0]
_lock = threading.Lock()


def page_key(route: str, who: ApiPrincipal, query: dict[str, Any]) -> tuple:
    """Everything a page's content depends on (the key's name and use do not change it)."""
    v = who.viewer
    return (
        route,
        who.restaurant_id,
        v.role,
        v.sees_all_branches,
        tuple(sorted(v.branch_ids)),
        tuple(sorted(who.scopes)),
        tuple(sorted(query.items())),
    )


def get(key: tuple, versions: tuple[Any, Any] | None) -> bytes | None:
    if versions is None:
        return None
    with _lock:
        page = _pages.get(key)
        if page is None:
            return None
        if page.versions != versions or page.expires < time.monotonic():
            _drop(key)
            return None
        _pages.move_to_end(key)
        return page.body


def put(key: tuple, versions: tuple[Any, Any] | None, body: bytes) -> None:
    if versions is None or len(body) > MAX_BYTES // 16:
        return
    with _lock:
        _drop(key)
        _pages[key] = _Page(versions, time.monotonic() + TTL_SECONDS, body)
        _size[0] += len(body)
        while len(_pages) > MAX_PAGES or _size[0] > MAX_BYTES:
            _drop(next(iter(_pages)))


def _drop(key: tuple) -> None:
    page = _pages.pop(key, None)
    if page is not None:
        _size[0] -= len(page.body)


def clear() -> None:
    with _lock:
        _pages.clear()
        _size[0] = 0
