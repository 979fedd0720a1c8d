"""The API's cached callers end on the very next request whatever made the change: ORM objects,
Core or bulk statements, plain SQL text, or another process (crm_res/api_key_generation.py)."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import UTC, datetime

import pytest
from sqlalchemy import text, update
from sqlmodel import Session

from crm_res.api_key_generation import statement_touches_auth
from crm_res.models import ApiKey, Branch
from crm_res.services.api.api_keys import hash_key
from tests.fixtures.api import api_get as _get

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


@pytest.mark.parametrize(
    ("sql", "touches"),
    [
        ("UPDATE users SET is_active=%(is_active)s WHERE users.id = %(id_1)s::UUID", True),
        ('UPDATE users SET "role"=%(role)s WHERE users.id = %(id)s', True),
        ("update api_keys set revoked_at = now() where id = :id", True),
        ("UPDATE restaurants SET subscription_tier='growth', updated_at=now() WHERE id = :r", True),
        ("UPDATE branches SET deleted_at=now() FROM restaurants WHERE true", True),
        ("WITH x AS (SELECT 1) UPDATE users SET restaurant_id = :r", True),
        ("INSERT INTO users (id) VALUES (:i) ON CONFLICT (id) DO UPDATE SET is_active = false", True),
        ("DELETE FROM branches WHERE id = :b", True),
        ("TRUNCATE api_keys", True),
        ("UPDATE users SET last_login_at=%(a)s WHERE users.id = %(id)s", False),  # logins change no key
        ("UPDATE api_keys SET last_used_at=now() WHERE id = :k", False),
        ("UPDATE restaurants SET name_ar = :n WHERE id = :r", False),
        ("INSERT INTO api_keys (id, scopes) VALUES (:i, :s)", False),  # a new key ends nothing
        ("SELECT 1 FROM restaurants WHERE id = :r FOR UPDATE", False),
        ("UPDATE customers SET opted_out = true", False),
        ("UPDATE branches_hours SET deleted_at = now()", False),
    ],
)
def test_which_statements_end_a_cached_caller(sql: str, touches: bool) -> None:
    assert statement_touches_auth(sql) is touches


def _key_id(api, name: str):  # type: ignore[no-untyped-def]  # noqa: F811
    with Session(api["engine"]) as s:
        return s.exec(  # type: ignore[call-overload]
            text("SELECT id FROM api_keys WHERE key_hash = :h"), params={"h": hash_key(api["keys"][name])}
        ).scalar_one()


def _warm(api, name: str, path: str = "/me") -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    assert _get(api, name, path).status_code == 200
    assert _get(api, name, path).status_code == 200  # now from this process's cache


def test_a_core_update_revoking_a_key_ends_it_at_once(api) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    _warm(api, "owner")
    with api["engine"].begin() as conn:
        conn.execute(
            update(ApiKey).where(ApiKey.id == _key_id(api, "owner")).values(revoked_at=datetime.now(UTC))
        )
    assert _get(api, "owner", "/me").status_code == 401
    assert _get(api, "read_only", "/conversations").status_code == 200  # another key is untouched


def test_plain_sql_deactivating_the_owner_ends_its_keys_at_once(api) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    _warm(api, "owner")
    _warm(api, "branch_a", "/conversations")
    with Session(api["engine"]) as s:
        s.exec(text("UPDATE users SET is_active = false WHERE id = :u"), params={"u": api["owner"].id})  # type: ignore[call-overload]
        s.commit()
    assert _get(api, "owner", "/me").status_code == 401
    assert _get(api, "branch_a", "/conversations").status_code == 401


def test_a_bulk_branch_deletion_ends_that_branchs_key_at_once(api) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    _warm(api, "branch_a", "/conversations")
    _warm(api, "owner")
    with Session(api["engine"]) as s:
        s.exec(update(Branch).where(Branch.id == api["ids"]["a"]).values(deleted_at=datetime.now(UTC)))  # type: ignore[call-overload]
        s.commit()
    assert _get(api, "branch_a", "/conversations").status_code == 401
    assert _get(api, "owner", "/me").status_code == 200  # the owner's all-branch key still works


def test_a_tier_changed_in_plain_sql_counts_under_the_new_plan_at_once(api, monkeypatch) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    from crm_res.settings import get_settings

    monkeypatch.setattr(get_settings(), "api_rate_starter", "50/hour")
    monkeypatch.setattr(get_settings(), "api_rate_enterprise", "70/hour")
    _warm(api, "owner")
    assert _get(api, "owner", "/me").headers["ratelimit-limit"] == "50"
    with Session(api["engine"]) as s:
        s.exec(  # type: ignore[call-overload]
            text("UPDATE restaurants SET subscription_tier = 'enterprise' WHERE id = :r"),
            params={"r": api["ids"]["r"]},
        )
        s.commit()
    assert _get(api, "owner", "/me").headers["ratelimit-limit"] == "70"


def test_a_revocation_by_another_process_ends_the_key_at_once(api) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    """Another process (here a plain Python with the app's engine, as the CLI or the worker) runs
    an UPDATE through SQLAlchemy: this process's cached caller is refused on its next request."""
    _warm(api, "owner")
    script = (
        "from sqlalchemy import text\n"
        "from crm_res.db import get_engine\n"
        "with get_engine().begin() as c:\n"
        f"    c.execute(text(\"UPDATE api_keys SET revoked_at = now() WHERE id = '{_key_id(api, 'owner')}'\"))\n"
    )
    subprocess.run(
        [sys.executable, "-c", script],
        check=True,
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": ROOT},
        timeout=120,
    )
    assert _get(api, "owner", "/me").status_code == 401
