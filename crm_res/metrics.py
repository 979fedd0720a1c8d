"""Every Prometheus metric the product exposes, defined once (prometheus-client).

Plumbing any layer may import: it imports nothing of ours. An increment is a few hundred
nanoseconds (an mmap write in multiprocess mode), cheap enough for the hot paths; nothing here
touches the database or Redis. What is measured at scrape time (queue depth, the oldest job's
age, restaurants open now) is collected by `crm_res/http/metrics_route.py`.

Multiprocess mode: the launcher (and the Docker entrypoint) set PROMETHEUS_MULTIPROC_DIR for every
process (the webhook's granian workers, the RQ workers, the dashboard) and empty it at start;
`/metrics` adds every process's files together. Without the variable (tests, one process), the
default in-process registry is served.
"""

from __future__ import annotations

import os

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
)
from prometheus_client import REGISTRY as DEFAULT_REGISTRY

MULTIPROC_ENV = "PROMETHEUS_MULTIPROC_DIR"
P = "crm_res_"

# ------------------------------------------------------------------ webhook
WEBHOOK_DELIVERIES = Counter(
    P + "webhook_deliveries_total", "WhatsApp webhook POSTs answered, by HTTP status", ["status"]
)
WEBHOOK_ERRORS = Counter(
    P + "webhook_errors_total", "Webhook POSTs answered 4xx/5xx, by status and reason", ["status", "reason"]
)
WEBHOOK_ACK_SECONDS = Histogram(
    P + "webhook_ack_seconds",
    "Time from a delivery's last byte to its answer (stored and enqueued)",
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0),
)
INBOUND_MESSAGES = Counter(P + "inbound_messages_total", "New customer messages stored by the webhook")

# ------------------------------------------------------------------ jobs
WORKER_YIELD_SECONDS = Counter(
    P + "worker_yield_seconds_total",
    "Seconds workers waited before a job while the ingestion tier was marked busy",
)
JOBS = Counter(
    P + "jobs_total",
    "RQ jobs finished, by queue, function and outcome (ok | failed)",
    ["queue", "func", "outcome"],
)
JOB_SECONDS = Histogram(
    P + "job_seconds",
    "RQ job run time, by queue",
    ["queue"],
    buckets=(0.01, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 15.0, 60.0),
)

# ------------------------------------------------------------------ sends and the outbox
SENDS = Counter(
    P + "sends_total",
    "Outbox sends, by outcome (sent | failed | cancelled | retry | reconcile) "
    "and Meta error code ('' when none)",
    ["outcome", "error_code"],
)
OUTBOX_HELD = Counter(
    P + "outbox_held_total", "Outbox rows held back, by reason (prayer | ramadan | cap | window)", ["reason"]
)
OUTBOX_RELEASED = Counter(
    P + "outbox_released_total", "Held business-initiated rows sent once their hold ended"
)

# ------------------------------------------------------------------ the model gateway
LLM_CALLS = Counter(
    P + "llm_calls_total",
    "Model attempts, by model and outcome (ok | failed | skipped_open)",
    ["model", "outcome"],
)
LLM_SECONDS = Histogram(
    P + "llm_seconds",
    "Model call latency (successful answers), by model",
    ["model"],
    buckets=(0.25, 0.5, 1.0, 2.0, 3.0, 5.0, 8.0, 13.0, 20.0, 30.0),
)
LLM_TOKENS = Counter(
    P + "llm_tokens_total", "Tokens used, by model and kind (prompt | completion)", ["model", "kind"]
)
LLM_COST = Counter(P + "llm_cost_usd_total", "Model spend in US dollars, by model", ["model"])
LLM_FALLBACKS = Counter(
    P + "llm_fallbacks_total",
    "Answers that fell back: to a later model in the chain, "
    "or to the rule-based assistant when every model failed",
    ["to"],
)
# 0 closed, 1 half-open, 2 open; the highest of the live processes (each has its own breakers).
LLM_BREAKER_STATE = Gauge(
    P + "llm_breaker_state",
    "Circuit breaker per model: 0 closed, 1 half-open, 2 open",
    ["model"],
    multiprocess_mode="livemax",
)
BREAKER_VALUES = {"closed": 0, "half-open": 1, "open": 2}

# ------------------------------------------------------------------ the assistant
INTENTS = Counter(
    P + "assistant_intents_total",
    "Customer messages by the intent seen, and by whom (rules | llm)",
    ["intent", "source"],
)
ESCALATIONS = Counter(
    P + "assistant_escalations_total", "Conversations handed to staff, by reason", ["reason"]
)

# ------------------------------------------------------------------ the database pool
DB_POOL_IN_USE = Gauge(
    P + "db_pool_in_use",
    "Database connections checked out, summed over live processes",
    multiprocess_mode="livesum",
)
DB_POOL_OPEN = Gauge(
    P + "db_pool_open", "Database connections open, summed over live processes", multiprocess_mode="livesum"
)


def multiprocess() -> bool:
    return bool(os.environ.get(MULTIPROC_ENV))


def exposition(extra: list | None = None) -> tuple[bytes, str]:
    """The text exposition: every process's metrics (multiprocess mode) or this one's, plus the
    collectors in `extra` (measured now)."""
    if multiprocess():
        from prometheus_client import multiprocess as mp

        registry = CollectorRegistry()
        mp.MultiProcessCollector(registry)
    else:
        registry = CollectorRegistry()
        for collector in list(DEFAULT_REGISTRY._collector_to_names):  # noqa: SLF001 - the default metrics
            registry.register(collector)
    for collector in extra or []:
        registry.register(collector)
    return generate_latest(registry), CONTENT_TYPE_LATEST


def prepare_multiproc_dir(path: str) -> str:
    """Empty (create) the multiprocess directory: files left by an earlier run would add stale
    counts to this run's. The launcher calls this once, before any child starts."""
    from pathlib import Path

    directory = Path(path)
    directory.mkdir(parents=True, exist_ok=True, mode=0o700)
    for stale in directory.glob("*.db"):
        stale.unlink(missing_ok=True)
    return str(directory)


def process_exited(pid: int) -> None:
    """A child process ended: its live gauges stop counting (counters keep their totals)."""
    if multiprocess():
        from prometheus_client import multiprocess as mp

        mp.mark_process_dead(pid)
