"""The RQ worker class every worker process runs: RQ's SimpleWorker, with each job's log lines
bound to its id (and the request, wamid and restaurant its meta carries), and each job counted
by outcome in the metrics."""

from __future__ import annotations

import time

import structlog
from rq import SimpleWorker
from rq.job import Job
from rq.queue import Queue

from crm_res import logs, metrics
from crm_res.jobs import ingest_pressure

log = structlog.get_logger("crm_res.jobs")


def short_name(func_name: str | None) -> str:
    """`crm_res.jobs.inbound.process_inbound` → `inbound.process_inbound` (a bounded label)."""
    return (func_name or "?").removeprefix("crm_res.jobs.")


class TracedWorker(SimpleWorker):
    # Seconds to wait before a job while the ingestion tier is marked busy (worker.py sets it;
    # 0: never wait). crm_res/jobs/ingest_pressure.py.
    yield_to_ingestion: float = 0.0

    def execute_job(self, job: Job, queue: Queue) -> None:
        if self.yield_to_ingestion > 0:
            waited = ingest_pressure.wait_while_busy(self.connection, self.yield_to_ingestion)
            if waited >= ingest_pressure.POLL_SECONDS:
                metrics.WORKER_YIELD_SECONDS.inc(waited)
        super().execute_job(job, queue)

    def perform_job(self, job: Job, queue: Queue, execution) -> bool:
        func = short_name(job.func_name)
        started = time.perf_counter()
        with logs.job_context(job.id, job.meta, queue=queue.name):
            ok = super().perform_job(job, queue, execution)
            took = time.perf_counter() - started
            metrics.JOBS.labels(queue.name, func, "ok" if ok else "failed").inc()
            metrics.JOB_SECONDS.labels(queue.name).observe(took)
            if ok:
                log.info("job.finished", func=func, seconds=round(took, 4), result=_short(job.return_value()))
            else:
                log.warning("job.failed", func=func, seconds=round(took, 4))
        return ok


def _short(value: object, limit: int = 120) -> str | None:
    if value is None:
        return None
    text = str(value)
    return text if len(text) <= limit else text[:limit] + "…"
