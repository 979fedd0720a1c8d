"""Schema, migrations, settings and the embedded servers."""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from sqlalchemy import inspect, text
from sqlalchemy.exc import IntegrityError

from crm_res.models import Customer, Restaurant

TENANT_TABLES = {
    "branches", "users", "menu_items", "customers", "conversations", "messages", "outbox",
    "message_templates", "orders", "feedback", "discount_codes", "events",
}  # fmt: skip


def test_every_restaurant_owned_table_has_restaurant_id(engine):
    """Multi-tenant by construction: each table but restaurants carries a non-null restaurant_id."""
    insp = inspect(engine)
    tables = set(insp.get_table_names()) - {"alembic_version", "restaurants"}
    assert TENANT_TABLES <= tables  # the core tables exist; any later table is checked too
    for table in tables:
        cols = {c["name"]: c for c in insp.get_columns(table)}
        assert "restaurant_id" in cols, table
        assert cols["restaurant_id"]["nullable"] is False, table


def test_seed_enums_exist_with_seed_values(engine):
    """The seed's Postgres enum types exist with exactly the seed's values."""
    with engine.connect() as conn:
        rows = conn.execute(
            text(
                "SELECT t.typname, array_agg(e.enumlabel ORDER BY e.enumsortorder) FROM pg_type t "
                "JOIN pg_enum e ON e.enumtypid = t.oid GROUP BY t.typname"
            )
        ).all()
    enums = {name: list(labels) for name, labels in rows}
    assert enums["order_status"] == ["pending", "confirmed", "preparing", "ready", "delivered", "cancelled"]
    assert enums["language_preference"] == ["ar-SA", "ar-EG", "ar-LV", "en"]
    assert enums["conversation_status"] == ["active", "escalated", "resolved", "abandoned"]
    assert enums["personality_type"] == ["formal", "casual", "traditional", "modern"]
    assert enums["sentiment"] == ["positive", "neutral", "negative"]


def test_customer_unique_per_restaurant_and_wa_id(session):
    """The same WhatsApp id may be a customer of two restaurants, but only once of each."""
    a = Restaurant(name_ar="أ", name_en="A", whatsapp_phone_number_id="pn-a")
    b = Restaurant(name_ar="ب", name_en="B", whatsapp_phone_number_id="pn-b")
    session.add_all([a, b])
    session.flush()
    session.add_all(
        [
            Customer(restaurant_id=a.id, wa_id="966500000001"),
            Customer(restaurant_id=b.id, wa_id="966500000001"),
        ]
    )
    session.flush()
    session.add(Customer(restaurant_id=a.id, wa_id="966500000001"))
    with pytest.raises(IntegrityError):
        session.flush()


def test_wamid_is_stored_once(session):
    """A WhatsApp message id can be stored only once (exactly-once ingestion rests on this)."""
    from crm_res.models import Conversation, Message, MessageDirection, MessageSender

    r = Restaurant(name_ar="أ", name_en="A", whatsapp_phone_number_id="pn-w")
    session.add(r)
    session.flush()
    c = Customer(restaurant_id=r.id, wa_id="966500000002")
    session.add(c)
    session.flush()
    conv = Conversation(restaurant_id=r.id, customer_id=c.id)
    session.add(conv)
    session.flush()
    for _ in range(2):
        session.add(
            Message(
                restaurant_id=r.id,
                conversation_id=conv.id,
                direction=MessageDirection.inbound,
                sender=MessageSender.customer,
                wa_message_id="wamid.same",
            )
        )
    with pytest.raises(IntegrityError):
        session.flush()


def test_migrations_downgrade_and_upgrade_cleanly(engine):
    """Migration 0001 downgrades to nothing (types included) and upgrades again with no drift."""
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext
    from sqlmodel import SQLModel

    from alembic import command
    from crm_res.runtime.migrate import alembic_config

    with engine.connect() as conn:
        cfg = alembic_config()
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "base")
        conn.commit()
        left = conn.execute(
            text("SELECT count(*) FROM pg_type t JOIN pg_enum e ON e.enumtypid=t.oid")
        ).scalar()
        tables = inspect(conn).get_table_names()
        command.upgrade(cfg, "head")
        conn.commit()
        diff = compare_metadata(MigrationContext.configure(conn), SQLModel.metadata)
    assert left == 0
    assert tables == ["alembic_version"]
    assert diff == []


def test_settings_read_env_and_dotenv(tmp_path, monkeypatch):
    """Settings come from the environment and from .env; OPENROUTER_API_KEY also sets the LLM key."""
    from crm_res.settings import Settings

    (tmp_path / ".env").write_text("WHATSAPP_VERIFY_TOKEN=from-dotenv\nLLM_MODELS=a/b, c/d\n")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("OPENROUTER_API_KEY", "k-123")
    monkeypatch.delenv("LLM_API_KEY", raising=False)
    monkeypatch.delenv("WHATSAPP_VERIFY_TOKEN", raising=False)
    s = Settings()
    assert s.whatsapp_verify_token == "from-dotenv"
    assert s.llm_model_chain == ["a/b", "c/d"]
    assert s.llm_api_key == "k-123"
    assert s.whatsapp_graph_url == "https://graph.facebook.com/v21.0"


def test_missing_config_gives_warnings_naming_the_variable(monkeypatch, tmp_path):
    """With nothing configured the product still starts, warning about each missing variable."""
    from crm_res.settings import Settings

    monkeypatch.chdir(tmp_path)
    for name in ("WHATSAPP_APP_SECRET", "WHATSAPP_ACCESS_TOKEN", "WHATSAPP_VERIFY_TOKEN", "LLM_API_KEY"):
        monkeypatch.delenv(name, raising=False)
    text_ = "\n".join(Settings().warnings())
    for name in ("WHATSAPP_APP_SECRET", "WHATSAPP_ACCESS_TOKEN", "WHATSAPP_VERIFY_TOKEN", "LLM_API_KEY"):
        assert name in text_


def test_embedded_servers_start_keep_data_and_are_shared_across_processes():
    """With no URLs set, real embedded Postgres and Redis start, are found by another process, and keep data."""
    data = Path(tempfile.mkdtemp(prefix="crm-emb-"))
    script = (
        "import sys; from pathlib import Path; from crm_res.embedded import postgres_url, redis_url;"
        "import psycopg, redis; d=Path(sys.argv[1]); u=postgres_url(d).replace('+psycopg','');"
        "c=psycopg.connect(u, autocommit=True); c.execute('CREATE TABLE IF NOT EXISTS t(x int)');"
        "c.execute('INSERT INTO t VALUES (1)'); n=c.execute('SELECT count(*) FROM t').fetchone()[0];"
        "r=redis.Redis.from_url(redis_url(d)); k=r.incr('k'); print(n, k)"
    )
    try:
        first = subprocess.run(
            [sys.executable, "-c", script, str(data)], capture_output=True, text=True, check=True
        )
        second = subprocess.run(
            [sys.executable, "-c", script, str(data)], capture_output=True, text=True, check=True
        )
        assert first.stdout.split() == ["1", "1"]
        assert second.stdout.split() == ["2", "2"]
        from crm_res.embedded import stop_embedded

        assert sorted(stop_embedded(data)) == ["postgres", "redis"]
        # After a full stop, a restart finds the data still there (AOF for Redis, pgdata for Postgres).
        third = subprocess.run(
            [sys.executable, "-c", script, str(data)], capture_output=True, text=True, check=True
        )
        assert third.stdout.split() == ["3", "3"]
    finally:
        from crm_res.embedded import stop_embedded

        stop_embedded(data)


def test_after_commit_work_runs_once_after_commit_and_never_after_rollback(engine):
    """Work registered on a session runs after its commit, in order; a rolled-back transaction runs
    nothing, and a released savepoint waits for the outer commit."""
    from sqlalchemy import text
    from sqlmodel import Session

    from crm_res.db import after_commit

    ran: list[str] = []
    with Session(engine) as session:
        session.execute(text("SELECT 1"))
        after_commit(session, ran.append, "first")
        after_commit(session, ran.append, "second")
        assert ran == []
        session.commit()
    assert ran == ["first", "second"]

    with Session(engine) as session:
        session.execute(text("SELECT 1"))
        after_commit(session, ran.append, "rolled back")
        session.rollback()
        session.execute(text("SELECT 1"))
        session.commit()
    assert ran == ["first", "second"]

    with Session(engine) as session:
        with session.begin_nested():
            after_commit(session, ran.append, "inside a savepoint")
        assert ran == ["first", "second"]
        session.commit()
    assert ran == ["first", "second", "inside a savepoint"]


def test_failing_after_commit_work_is_logged_and_the_rest_still_runs(engine, caplog):
    """One failing piece of after-commit work does not stop the next (the commit stands)."""
    from sqlalchemy import text
    from sqlmodel import Session

    from crm_res.db import after_commit

    ran: list[str] = []

    def boom() -> None:
        raise RuntimeError("redis down")

    with Session(engine) as session:
        session.execute(text("SELECT 1"))
        after_commit(session, boom)
        after_commit(session, ran.append, "after the failure")
        session.commit()
    assert ran == ["after the failure"]
    assert "after-commit work boom failed" in caplog.text


def test_work_on_a_session_that_ran_nothing_is_dropped_by_its_rollback(engine, redis_conn):
    """A session that has run no SQL has no transaction yet; work registered on it still belongs to
    a transaction: its rollback (or close) drops the work, and a later commit does not run it."""
    from sqlalchemy import text
    from sqlmodel import Session

    from crm_res.db import after_commit

    with Session(engine) as session:
        after_commit(session, redis_conn.set, "after-commit:untouched", "ran")
        session.rollback()
        session.execute(text("SELECT 1"))
        session.commit()
        session.commit()  # a second, empty commit finds nothing stale either
    assert not redis_conn.exists("after-commit:untouched")

    with Session(engine) as session:
        session.execute(text("SELECT 1"))
        session.commit()  # the work below is registered after a commit, before any new SQL
        after_commit(session, redis_conn.set, "after-commit:after-a-commit", "ran")
        session.rollback()
        session.commit()
    assert not redis_conn.exists("after-commit:after-a-commit")

    session = Session(engine)
    after_commit(session, redis_conn.set, "after-commit:closed", "ran")
    session.close()  # ended without a commit: the reused session's next commit runs nothing stale
    session.execute(text("SELECT 1"))
    session.commit()
    session.close()
    assert not redis_conn.exists("after-commit:closed")

    with Session(engine) as session:
        after_commit(session, redis_conn.set, "after-commit:kept", "ran")
        session.commit()
    assert redis_conn.get("after-commit:kept") == b"ran"


def test_a_rolled_back_savepoint_drops_its_own_work_and_keeps_the_outer_work(engine, redis_conn):
    from sqlalchemy import text
    from sqlmodel import Session

    from crm_res.db import after_commit

    with Session(engine) as session:
        session.execute(text("SELECT 1"))
        after_commit(session, redis_conn.rpush, "after-commit:order", "outer")
        savepoint = session.begin_nested()
        after_commit(session, redis_conn.rpush, "after-commit:order", "rolled-back savepoint")
        savepoint.rollback()
        with session.begin_nested():
            after_commit(session, redis_conn.rpush, "after-commit:order", "released savepoint")
        assert not redis_conn.exists("after-commit:order")
        session.commit()
    assert redis_conn.lrange("after-commit:order", 0, -1) == [b"outer", b"released savepoint"]

    with Session(engine) as session:
        with session.begin_nested():
            after_commit(session, redis_conn.set, "after-commit:outer-rolled-back", "ran")
        session.rollback()  # the released savepoint's work goes with the outer transaction
        session.commit()
    assert not redis_conn.exists("after-commit:outer-rolled-back")


def test_a_labelled_address_moves_from_the_notes_to_its_column_and_back(engine):
    """0210: the address older orders kept in `special_instructions` ("عنوان التوصيل: …") moves to
    `delivery_address` and leaves the notes; a pickup's notes stay; the downgrade puts it back."""
    from alembic import command
    from crm_res.runtime.migrate import alembic_config

    label = "عنوان التوصيل:"
    with engine.connect() as conn:
        cfg = alembic_config()
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "0200")
        conn.commit()
        from sqlmodel import Session

        from crm_res.models import Branch

        with Session(bind=conn) as orm:  # tables 0210 leaves as they were: written by the models
            r = Restaurant(name_ar="م", name_en="R", whatsapp_phone_number_id="pn-0210")
            orm.add(r)
            orm.flush()
            b, c = (
                Branch(restaurant_id=r.id, name_ar="ف", name_en="B", city="Riyadh"),
                Customer(restaurant_id=r.id, wa_id="9665002"),
            )
            orm.add_all([b, c])
            orm.flush()
            ids = (r.id, b.id, c.id)
            orm.commit()
        for number, kind, notes in (
            (1, "delivery", f"{label} حي الملقا، شارع ٤"),
            (2, "pickup", "الصوص على جنب"),
        ):
            conn.execute(
                text(
                    "INSERT INTO orders (id, restaurant_id, number, customer_id, branch_id, items, total_amount,"
                    " status, delivery_type, special_instructions)"
                    " VALUES (gen_random_uuid(), :r, :n, :c, :b, '[]', 10, 'confirmed', :k, :notes)"
                ),
                {"r": ids[0], "b": ids[1], "c": ids[2], "n": number, "k": kind, "notes": notes},
            )
        conn.commit()
        command.upgrade(cfg, "0210")
        conn.commit()
        after = conn.execute(
            text(
                "SELECT number, delivery_address, special_instructions FROM orders WHERE restaurant_id = :r ORDER BY number"
            ),
            {"r": ids[0]},
        ).all()
        command.downgrade(cfg, "0200")
        conn.commit()
        back = (
            conn.execute(
                text("SELECT special_instructions FROM orders WHERE restaurant_id = :r ORDER BY number"),
                {"r": ids[0]},
            )
            .scalars()
            .all()
        )
        conn.execute(text("DELETE FROM restaurants WHERE id = :r"), {"r": ids[0]})
        command.upgrade(cfg, "head")
        conn.commit()
    assert [tuple(row) for row in after] == [(1, "حي الملقا، شارع ٤", None), (2, None, "الصوص على جنب")]
    assert back == [f"{label} حي الملقا، شارع ٤", "الصوص على جنب"]
