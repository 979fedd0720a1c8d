"""Apply Alembic migrations; safe to call from several processes at once (advisory lock)."""

from __future__ import annotations

from alembic.config import Config
from sqlalchemy import text

from alembic import command
from crm_res.db import get_engine
from crm_res.settings import ROOT

_LOCK_KEY = 0x43524D52  # "CRMR"


def alembic_config() -> Config:
    return Config(str(ROOT / "alembic.ini"))


def upgrade_database(revision: str = "head") -> str:
    """Upgrade to `revision`; returns the revision the database is at afterwards."""
    engine = get_engine()
    with engine.connect() as conn:
        conn.execute(text("SELECT pg_advisory_lock(:k)"), {"k": _LOCK_KEY})
        try:
            cfg = alembic_config()
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, revision)
            conn.commit()
            return current_revision(conn)
        finally:
            conn.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": _LOCK_KEY})
            conn.commit()


def current_revision(conn) -> str:
    row = conn.execute(text("SELECT version_num FROM alembic_version")).first()
    return row[0] if row else "base"
