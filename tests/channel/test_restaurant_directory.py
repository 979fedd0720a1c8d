"""The webhook's phone_number_id → restaurant directory (services/channel/ingest.py
`RestaurantDirectory`) on real Postgres, its clock set by the test: an answer (a restaurant or none)
is kept for `_RESTAURANT_CACHE_TTL` seconds and no longer; a full cache drops its expired entries
first, then its older half. Found by mutation testing (docs/MUTATION.md, session of 2026-12-06 (6)):
the cache could be bypassed, kept forever or emptied and no test noticed (the flood test checks only
its size)."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from sqlalchemy import text


@pytest.fixture
def clock(monkeypatch):  # type: ignore[no-untyped-def]
    """The directory's monotonic clock, in seconds the test sets (`clock.now`)."""
    from crm_res.services.channel import ingest

    at = SimpleNamespace(now=1000.0)
    monkeypatch.setattr(ingest, "time", SimpleNamespace(monotonic=lambda: at.now))
    return at


def _restaurant(pnid: str):  # type: ignore[no-untyped-def]
    from crm_res.db import session_scope
    from crm_res.services.admin.restaurants import create_restaurant

    with session_scope() as s:
        return create_restaurant(
            session=s, name_ar="مطعم الدليل", name_en="Directory Diner", phone_number_id=pnid
        ).id


def _resolve(directory, *pnids: str) -> dict:  # type: ignore[no-untyped-def]
    from crm_res.db import get_engine

    with get_engine().connect() as conn:
        return directory.resolve(conn, set(pnids))


def test_an_answer_is_kept_for_the_ttl_and_asked_again_at_its_end(committed, clock):
    """A known number keeps its restaurant for the TTL though the restaurant was deleted meanwhile,
    and an unknown one stays unknown though a restaurant took it meanwhile; at the TTL itself both
    are asked again."""
    from crm_res.db import session_scope
    from crm_res.services.channel.ingest import _RESTAURANT_CACHE_TTL, RestaurantDirectory

    directory = RestaurantDirectory()
    rid = _restaurant("pn-dir-known")
    assert _resolve(directory, "pn-dir-known", "pn-dir-later") == {"pn-dir-known": rid}
    with session_scope() as s:
        s.execute(text("UPDATE restaurants SET deleted_at = now() WHERE id = :r"), {"r": rid})
    later = _restaurant("pn-dir-later")
    clock.now += _RESTAURANT_CACHE_TTL - 0.5
    assert _resolve(directory, "pn-dir-known", "pn-dir-later") == {"pn-dir-known": rid}
    clock.now += 0.5  # the TTL itself
    assert _resolve(directory, "pn-dir-known", "pn-dir-later") == {"pn-dir-later": later}


def test_a_full_cache_drops_its_expired_entries_first_then_its_older_half(committed, clock, monkeypatch):
    """A cache of 8: six answers, then (past their TTL) two more: exactly its size, nothing
    dropped; then six more: the six expired go, and the rest then fits exactly, so nothing else
    does; then (none expired) two more: the older half goes."""
    from crm_res.services.channel import ingest

    monkeypatch.setattr(ingest, "_RESTAURANT_CACHE_SIZE", 8)
    directory = ingest.RestaurantDirectory()
    _resolve(directory, *(f"pn-a{i}" for i in range(6)))
    clock.now += ingest._RESTAURANT_CACHE_TTL  # the six have expired
    _resolve(directory, "pn-b0", "pn-b1")  # 6 + 2 = 8: fits
    assert len(directory._cache) == 8
    _resolve(directory, *(f"pn-c{i}" for i in range(6)))  # 8 + 6: the six expired go, 2 + 6 fit
    assert set(directory._cache) == {"pn-b0", "pn-b1"} | {f"pn-c{i}" for i in range(6)}
    clock.now += 1
    older = list(directory._cache)[:4]
    _resolve(directory, "pn-d0", "pn-d1")  # 8 + 2, none expired: the older half goes
    assert len(directory._cache) == 6 and not set(older) & set(directory._cache)
    assert {"pn-d0", "pn-d1"} <= set(directory._cache)
