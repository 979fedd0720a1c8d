"""RQ's failed-job registries, as the domain's `FailedJobStore` (services/ops/failed_work.py)."""

from __future__ import annotations

from rq.exceptions import NoSuchJobError
from rq.job import Job
from rq.registry import FailedJobRegistry

from crm_res.db import get_redis
from crm_res.jobs.queues import ALL_QUEUES
from crm_res.services.errors import NotFound
from crm_res.services.ops.failed_work import FailedJob


def _reason(job: Job) -> str:
    text = ""
    try:
        result = job.latest_result()
        text = (result.exc_string if result is not None else "") or ""
    except Exception:  # noqa: BLE001 - an unreadable result still lists the job
        text = ""
    lines = [line for line in text.strip().splitlines() if line.strip()]
    return lines[-1].strip()[:500] if lines else "(no reason recorded)"


class RQFailedJobs:
    """Every queue's failed registry (global: the domain filters by restaurant)."""

    def __init__(self, connection=None) -> None:
        self.connection = connection or get_redis()

    def _registries(self) -> list[FailedJobRegistry]:
        return [FailedJobRegistry(name, connection=self.connection) for name in ALL_QUEUES]

    def failed(self) -> list[FailedJob]:
        found: list[FailedJob] = []
        for registry in self._registries():
            ids = registry.get_job_ids()
            for job in Job.fetch_many(ids, connection=self.connection):
                if job is None:
                    continue
                try:
                    func, args = job.func_name or "?", tuple(job.args or ())
                except Exception:  # noqa: BLE001 - a job whose function moved: still listed
                    func, args = job.description or "?", ()
                found.append(FailedJob(job.id, registry.name, func, args, _reason(job), job.ended_at))
        return found

    def _registry_of(self, job_id: str) -> FailedJobRegistry:
        for registry in self._registries():
            if job_id in registry:
                return registry
        raise NotFound(f"no failed job {job_id}")

    def requeue(self, job_id: str) -> None:
        try:
            self._registry_of(job_id).requeue(job_id)
        except NoSuchJobError:
            raise NotFound(f"no failed job {job_id}") from None

    def discard(self, job_id: str) -> None:
        registry = self._registry_of(job_id)
        try:
            registry.remove(Job.fetch(job_id, connection=self.connection), delete_job=True)
        except NoSuchJobError:
            registry.remove(job_id)
