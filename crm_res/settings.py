"""The one Settings object: every variable of the PRODUCT.md table, from the environment and `.env`.

The app, the worker, the webhook and the CLI all import `get_settings()`; nothing else reads
`os.environ` for configuration.
"""

from __future__ import annotations

import logging
import os
import secrets
from functools import lru_cache
from pathlib import Path

from pydantic import AliasChoices, Field
from pydantic_settings import BaseSettings, SettingsConfigDict

log = logging.getLogger(__name__)

ROOT = Path(__file__).resolve().parent.parent

DEFAULT_LLM_MODELS = "google/gemini-flash-1.5,anthropic/claude-3-haiku,meta-llama/llama-3.1-70b-instruct"


class Settings(BaseSettings):
    """Configuration; unset optional values switch the product to its self-contained defaults."""

    model_config = SettingsConfigDict(env_file=".env", extra="ignore", populate_by_name=True)

    database_url: str | None = None
    redis_url: str | None = None
    whatsapp_graph_url: str = "https://graph.facebook.com/v21.0"
    whatsapp_access_token: str | None = None
    whatsapp_app_secret: str | None = None
    whatsapp_verify_token: str | None = None
    llm_base_url: str = "https://openrouter.ai/api/v1"
    llm_api_key: str | None = Field(
        default=None, validation_alias=AliasChoices("LLM_API_KEY", "OPENROUTER_API_KEY")
    )
    llm_models: str = DEFAULT_LLM_MODELS
    secret_key: str | None = None
    port: int = 3000
    data_dir: Path = Field(default=ROOT / ".data", validation_alias="CRM_RES_DATA_DIR")
    # Per phone number throughput cap for outbound sends (Cloud API default tier is 80/s).
    whatsapp_rate_per_second: int = 80
    # A reply whose post has an unknown outcome (the connection dropped or timed out after the
    # request went out, or the worker died) waits this long for a status webhook naming it before
    # it is sent again. Meta's `sent` status comes within seconds when it accepted the message, so
    # a short wait keeps a customer's reply under a minute late and still avoids the duplicate.
    whatsapp_unknown_send_grace_seconds: float = 20.0
    # The same wait for business-initiated messages (campaigns, reminders, feedback requests):
    # a promotion late by minutes is fine, the same promotion twice is not.
    whatsapp_unknown_send_grace_bulk_seconds: float = 600.0
    # A resolved conversation older than this starts a new one when the customer writes again
    # (a restaurant may override it: `Restaurant.settings["reopen_gap_hours"]`).
    conversation_reopen_gap_hours: float = 6.0
    # After a reply from the WhatsApp Business app on the restaurant's phone, the assistant stays
    # paused in that conversation until handed back or this long without another one
    # (`APP_REPLY_PAUSE_MINUTES`; a restaurant may set `settings["app_reply_pause_minutes"]`).
    app_reply_pause_minutes: float = 30.0
    # The dashboard's public origin (CORS, the session cookie's `Secure`, links in messages).
    public_url: str | None = Field(
        default=None, validation_alias=AliasChoices("PUBLIC_URL", "CRM_RES_PUBLIC_URL")
    )
    # Demo data (and its owner login) on a real DATABASE_URL only when asked for: `CRM_RES_DEMO=1`.
    demo: bool = Field(default=False, validation_alias="CRM_RES_DEMO")
    # Login throttles (the `limits` library's notation, counted in Redis): per client address and
    # for the whole app; past them a login is answered at once, without the password check.
    login_rate_per_ip: str = "20/minute"
    login_rate_global: str = "300/minute"
    # REST API requests per restaurant by subscription tier (the `limits` notation, counted in Redis).
    api_rate_starter: str = "1000/hour"
    api_rate_growth: str = "10000/hour"
    api_rate_enterprise: str = "100000/hour"
    # Dashboard sessions: dropped after this long unused, and this long after login whatever.
    session_idle_minutes: int = 12 * 60
    session_absolute_hours: int = 7 * 24
    # Outgoing webhooks: receivers on private, loopback or link-local addresses are refused (SSRF)
    # unless this allows them (a receiver on the same private network, and the tests).
    webhook_allow_private_urls: bool = False
    # Per POST: connecting and the whole answer (a slow receiver must not hold a worker).
    webhook_timeout_seconds: float = 10.0
    # An endpoint is disabled (and the owner notified) after this many failed attempts in a row.
    webhook_disable_after_failures: int = 20
    # --- operating it (docs/OPERATIONS.md) ---
    # /metrics: with a token, `Authorization: Bearer <token>` from anywhere; without, this machine only
    # (unless CRM_RES_METRICS_LOCAL_ONLY=0: then anyone who reaches the port).
    metrics_token: str | None = Field(default=None, validation_alias="METRICS_TOKEN")
    metrics_local_only: bool = Field(default=True, validation_alias="CRM_RES_METRICS_LOCAL_ONLY")
    # The worker's own metrics port (0: off). For Docker, where the worker runs in containers of its
    # own: their metrics files are not the app's, so Prometheus scrapes each worker here (METRICS_TOKEN
    # applies when set). `make run` and one-container setups need nothing: /metrics holds everything.
    worker_metrics_port: int = Field(default=0, validation_alias="CRM_RES_WORKER_METRICS_PORT")
    # Logs: JSON lines (`json`, the default) or a readable console (`console`, what `make run` uses).
    log_format: str = Field(default="json", validation_alias="CRM_RES_LOG_FORMAT")
    log_level: str = Field(default="INFO", validation_alias="CRM_RES_LOG_LEVEL")
    # Message bodies in logs, for debugging only (never at INFO by default: customers' words).
    log_bodies: bool = Field(default=False, validation_alias="CRM_RES_LOG_BODIES")
    sentry_dsn: str | None = Field(default=None, validation_alias="SENTRY_DSN")
    # The audit trail (events) is kept this long; a periodic job deletes older entries.
    audit_retention_days: int = Field(default=400, validation_alias="CRM_RES_AUDIT_RETENTION_DAYS")
    # Scheduled backups: every N hours (0: off) into CRM_RES_BACKUP_DIR (default .data/backups),
    # keeping the newest `keep`; with a bucket set, uploaded to S3-compatible storage too (boto3).
    backup_interval_hours: float = Field(default=24.0, validation_alias="CRM_RES_BACKUP_INTERVAL_HOURS")
    backup_dir: Path | None = Field(default=None, validation_alias="CRM_RES_BACKUP_DIR")
    backup_keep: int = Field(default=7, validation_alias="CRM_RES_BACKUP_KEEP")
    backup_s3_bucket: str | None = Field(default=None, validation_alias="CRM_RES_BACKUP_S3_BUCKET")
    backup_s3_endpoint: str | None = Field(default=None, validation_alias="CRM_RES_BACKUP_S3_ENDPOINT")
    backup_s3_prefix: str = Field(default="crm-res/", validation_alias="CRM_RES_BACKUP_S3_PREFIX")

    @property
    def origin(self) -> str:
        """The public origin (scheme://host[:port]), no trailing slash."""
        return (self.public_url or f"http://localhost:{self.port}").rstrip("/")

    @property
    def https(self) -> bool:
        return self.origin.startswith("https://")

    @property
    def sandbox(self) -> bool:
        """No global access token: sends are recorded, not posted (except for a restaurant with its
        own token: that one is live, and its deliveries must be signed like the global number's)."""
        return not self.whatsapp_access_token

    @property
    def llm_model_chain(self) -> list[str]:
        return [m.strip() for m in self.llm_models.split(",") if m.strip()]

    def signing_key(self) -> str:
        """`SECRET_KEY`, or one generated into the data dir on first run and reused after."""
        if self.secret_key:
            return self.secret_key
        path = self.data_dir / "secret_key"
        if not path.exists():
            private_dir(path.parent)
            try:
                # Created 0600 (never readable by others, not even for a moment); O_EXCL: two
                # processes starting together both end up with the one that was written first.
                fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            except FileExistsError:
                pass
            else:
                with os.fdopen(fd, "w") as f:
                    f.write(secrets.token_urlsafe(48))
        return path.read_text().strip()

    def errors(self) -> list[str]:
        """Configuration the product refuses to run with (the launcher stops, the webhook says 403)."""
        problems = []
        if not self.sandbox and not self.whatsapp_app_secret:
            problems.append(
                "WHATSAPP_ACCESS_TOKEN is set but WHATSAPP_APP_SECRET is not: webhook deliveries could "
                "not be verified, so every POST to /webhooks/whatsapp is refused (403). Set "
                "WHATSAPP_APP_SECRET to the app secret of your Meta app (App settings > Basic)."
            )
        return problems

    def warnings(self) -> list[str]:
        """Human-readable notes about missing configuration, printed at start-up."""
        notes = []
        if not self.whatsapp_app_secret and self.sandbox:
            notes.append(
                "WHATSAPP_APP_SECRET is not set: unsigned webhook deliveries are accepted for sandbox "
                "restaurants only (one with its own access token gets 403 until the secret is set)."
            )
        if not self.whatsapp_verify_token:
            notes.append("WHATSAPP_VERIFY_TOKEN is not set: Meta's webhook verification (GET) answers 403.")
        if self.sandbox:
            notes.append("WHATSAPP_ACCESS_TOKEN is not set: sandbox mode, sends are recorded only.")
        if not self.llm_api_key:
            notes.append("LLM_API_KEY is not set: the built-in rule-based assistant answers.")
        return notes


def private_dir(path: Path) -> Path:
    """`path` created (with its parents) readable by this user only (0700)."""
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    if path.stat().st_mode & 0o077:
        path.chmod(0o700)
    return path


@lru_cache
def get_settings() -> Settings:
    return Settings()
