"""Housekeeping jobs."""

from __future__ import annotations

from datetime import UTC, datetime

from crm_res.db import get_redis


def heartbeat() -> str:
    """Record that the worker's cron ran; /health/ready can show it."""
    now = datetime.now(UTC).isoformat()
    get_redis().set("crm_res:worker:heartbeat", now, ex=600)
    return now


def scheduled_backup() -> str:
    """A backup when the newest one is CRM_RES_BACKUP_INTERVAL_HOURS old (checked hourly)."""
    from crm_res.db import database_url
    from crm_res.services.ops.backup import scheduled_backup as run
    from crm_res.settings import get_settings

    s = get_settings()
    path = run(
        database_url(),
        s.backup_dir or s.data_dir / "backups",
        interval_hours=s.backup_interval_hours,
        keep=s.backup_keep,
        s3_bucket=s.backup_s3_bucket,
        s3_endpoint=s.backup_s3_endpoint,
        s3_prefix=s.backup_s3_prefix,
    )
    return f"backup written: {path}" if path else "no backup due"


def prune_audit_trail() -> str:
    """Audit entries older than CRM_RES_AUDIT_RETENTION_DAYS are deleted."""
    from crm_res.db import session_scope
    from crm_res.services.ops.audit import prune_events
    from crm_res.settings import get_settings

    with session_scope() as session:
        n = prune_events(session=session, older_than_days=get_settings().audit_retention_days)
    return f"{n} audit entries older than {get_settings().audit_retention_days} days deleted"
