"""Enqueue helpers used after commit. Job ids come from the row they act on, so a second
enqueue of the same work (sweeper, redelivery) is recognised by the job itself."""

from __future__ import annotations

import pickle
import re
import time
import zlib
from collections.abc import Callable, Iterable, Mapping
from datetime import UTC, datetime
from enum import Enum
from functools import cache
from typing import Any, cast

from redis.client import Pipeline
from rq import Queue
from rq.job import Job
from rq.utils import now as rq_now
from rq.utils import utcformat

from crm_res.db import get_redis
from crm_res.job_names import PROCESS_INBOUND, SEND_BULK, SEND_OUTBOX
from crm_res.jobs.queues import BULK, OUTBOUND, REPLIES, queue
from crm_res.logs import get_logger, trace_meta
from crm_res.services.notifications import publish_changes

# Purposes sent in batches per restaurant by SEND_BULK (not one job per row).
BULK_PURPOSES = ("campaign",)
# Job ids, the one place that spells them. The started registry may add ":<execution id>".
# process_inbound: "in-<message id>"; send_outbox: "send-<outbox id>", a retry "send-<outbox id>-<ns>".
log = get_logger("crm_res.jobs")
INBOUND_JOB_ID = re.compile(r"^in-(\d+)(?::|$)")
SEND_JOB_ID = re.compile(r"^send-(\d+)(?:-\d+)?(?::|$)")


def inbound_job_id(message_id: int) -> str:
    return f"in-{message_id}"


def send_job_id(outbox_id: int, *, retry: bool = False) -> str:
    """The send job's id; a retry gets a unique one (the first may still be in the started registry)."""
    return f"send-{outbox_id}-{time.time_ns()}" if retry else f"send-{outbox_id}"


_INBOUND_JOB: dict[str, Any] = {"timeout": 120, "result_ttl": 300, "failure_ttl": 7 * 86400}


def _inbound_data(message_id: int, meta: dict[str, Any] | None = None) -> Any:
    return Queue.prepare_data(
        PROCESS_INBOUND, args=(message_id,), job_id=inbound_job_id(message_id), meta=meta, **_INBOUND_JOB
    )


class _Recorder:
    """Stands in for a Redis pipeline and keeps the commands RQ gives it."""

    def __init__(self) -> None:
        self.commands: list[tuple[str, tuple, dict]] = []

    def __getattr__(self, name: str) -> Callable[..., _Recorder]:
        def record(*args: Any, **kwargs: Any) -> _Recorder:
            self.commands.append((name, args, kwargs))
            return self

        return record


# A job's own fields; the template's others are the same for every process_inbound job.
_PER_JOB_FIELDS = frozenset({"created_at", "enqueued_at", "data", "description", "meta"})


@cache
def _inbound_template() -> tuple[str, str, tuple[Any, ...]] | None:
    """(queues set, queue key, the job hash's shared fields as HSET's flat key, value list) exactly
    as RQ's own enqueue writes a process_inbound job, or None when this RQ version writes something
    else (then RQ's path is used as it is). Flattened once: merging and flattening the whole
    dict per job was a third of the enqueue's CPU."""
    rec = _Recorder()
    queue(REPLIES).enqueue_many([_inbound_data(0)], pipeline=cast(Pipeline, rec))  # records, runs nothing
    match rec.commands:
        case [
            ("sadd", (queues_key, _), {}),
            ("hset", ("rq:job:in-0", "status", status), {}),
            ("hset", ("rq:job:in-0",), {"mapping": dict(mapping)}),
            ("rpush", (queue_key, "in-0"), {}),  # the job id of message 0
        ] if mapping.get("status") == status and {"data", "description", "created_at"} <= set(mapping):
            fields = {k: (v.value if isinstance(v, Enum) else v) for k, v in mapping.items()}
            head = tuple(x for k, v in fields.items() if k not in _PER_JOB_FIELDS for x in (k, v))
            return queues_key, queue_key, head
    return None


def enqueue_inbound(
    messages: Iterable, request_ids: Mapping[str, str] | None = None, changes: Iterable[str] = ()
) -> None:
    """One pipeline for the whole batch of newly stored inbound messages (Iterable[StoredMessage]).

    The webhook's hot path: RQ's Job.create + to_dict per message cost more CPU than the rest of
    the request, so each job's hash is RQ's own (captured once per process by `_inbound_template`)
    with only its id, data, description and timestamps filled in; one RPUSH queues them all.
    `request_ids` (wamid → the webhook request that stored it): carried in each job's meta with
    the wamid and restaurant, so the job's log lines name the request (crm_res/logs.py).
    `changes`: live-signal payloads published in the same pipeline (notifications.publish_changes)."""
    messages = list(messages)
    meta = None
    if request_ids is not None:
        meta = {
            m.message_id: {
                "request_id": request_ids.get(m.wamid),
                "wamid": m.wamid,
                "restaurant_id": str(m.restaurant_id),
            }
            for m in messages
        }
    enqueue_inbound_ids([m.message_id for m in messages], meta=meta, changes=changes)


def enqueue_inbound_ids(
    ids: list[int], meta: Mapping[int, dict[str, Any]] | None = None, changes: Iterable[str] = ()
) -> None:
    if not ids:
        publish_changes(changes)
        return
    template = _inbound_template()
    q = queue(REPLIES)
    with get_redis().pipeline() as pipe:
        if template is None:
            q.enqueue_many([_inbound_data(i, (meta or {}).get(i)) for i in ids], pipeline=pipe)
        else:
            queues_key, queue_key, head = template
            stamp = utcformat(rq_now())
            pipe.sadd(queues_key, q.key)
            for i in ids:
                job = [
                    *head,
                    "created_at",
                    stamp,
                    "enqueued_at",
                    stamp,
                    "data",
                    zlib.compress(pickle.dumps((PROCESS_INBOUND, None, (i,), {}), pickle.HIGHEST_PROTOCOL)),
                    "description",
                    f"{PROCESS_INBOUND}({i!r})",
                ]
                if meta and i in meta:  # RQ's default serializer (pickle), as Job.meta reads it
                    job += ("meta", pickle.dumps(meta[i], pickle.HIGHEST_PROTOCOL))
                pipe.execute_command("HSET", Job.key_for(inbound_job_id(i)), *job)
            pipe.rpush(queue_key, *(inbound_job_id(i) for i in ids))
        publish_changes(changes, pipe)
        pipe.execute()


def take_queued_inbound(limit: int, *, besides: int | None = None) -> list[int]:
    """Take up to `limit` process_inbound jobs off the head of the replies queue; their message ids
    (each once, never `besides`: the taker's own message, whose second job goes too).

    A job is ours only if our LREM removed it (a worker's dequeue and another taker race for the
    same id; exactly one wins). Their hashes are deleted: they never run. If this process dies
    before the messages are processed, the messages are still unprocessed and, with no job
    queued, the sweeper queues them again."""
    if limit <= 0:
        return []
    q = queue(REPLIES)
    r = get_redis()
    head = dict.fromkeys(j.decode() for j in cast(list[bytes], r.lrange(q.key, 0, limit * 2 - 1)))
    wanted = [j for j in head if INBOUND_JOB_ID.match(j)][:limit]
    if not wanted:
        return []
    with r.pipeline(transaction=False) as pipe:
        for job_id in wanted:
            pipe.lrem(q.key, 1, job_id)
        removed = pipe.execute()
    taken = [job_id for job_id, n in zip(wanted, removed, strict=True) if n]
    if taken:
        with r.pipeline(transaction=False) as pipe:
            for job_id in taken:
                pipe.hget(Job.key_for(job_id), "meta")
            pipe.delete(*(Job.key_for(job_id) for job_id in taken))
            metas = pipe.execute()[:-1]
        for job_id, raw in zip(taken, metas, strict=True):  # their trail continues in this job
            meta = _load_meta(raw)
            log.info(
                "inbound.taken_into_batch",
                taken_job_id=job_id,
                request_id=meta.get("request_id"),
                wamid=meta.get("wamid"),
                restaurant_id=meta.get("restaurant_id"),
            )
    ids = [int(m.group(1)) for m in map(INBOUND_JOB_ID.match, taken) if m]  # all match: `wanted` did
    return [i for i in ids if i != besides]


def _load_meta(raw: bytes | None) -> dict[str, Any]:
    try:
        meta = pickle.loads(raw) if raw else {}  # noqa: S301 - written by enqueue_inbound_ids, in our Redis
    except Exception:  # noqa: BLE001 - a trace is never worth failing the job
        return {}
    return meta if isinstance(meta, dict) else {}


def enqueue_send(outbox_id: int, not_before: datetime | None = None) -> None:
    """Queue the send job for an outbox row now, or at its not-before time (RQ's scheduler)."""
    q = queue(OUTBOUND)
    kwargs = {
        "job_id": send_job_id(outbox_id),
        "job_timeout": 120,
        "result_ttl": 300,
        "failure_ttl": 7 * 86400,
        "meta": trace_meta() or None,
    }
    if not_before is not None and not_before > datetime.now(UTC):
        q.enqueue_at(not_before, SEND_OUTBOX, outbox_id, **kwargs)
    else:
        q.enqueue(SEND_OUTBOX, outbox_id, **kwargs)


def enqueue_sends(outbox: Iterable[tuple[int, datetime | None]]) -> None:
    for outbox_id, not_before in outbox:
        enqueue_send(outbox_id, not_before)


def _bulk_marker(restaurant_id: Any) -> str:
    return f"crm:bulk-send-queued:{restaurant_id}"


def enqueue_bulk(restaurant_id: Any, at: datetime | None = None) -> bool:
    """Queue the restaurant's batch sender now or at `at` (RQ's scheduler), unless one is already
    queued to run no later. A Redis marker (the run time, expiring a minute after it) keeps the
    queue from filling with copies; a copy that slips through finds the sender's lock taken and
    ends at once. True when a job was queued."""
    now = time.time()
    when = max(at.timestamp(), now) if at is not None else now
    r = get_redis()
    key = _bulk_marker(restaurant_id)
    marked = cast(bytes | None, r.get(key))
    if marked is not None and float(marked) <= when + 0.5:
        return False
    r.set(key, repr(when), ex=int(when - now) + 60)
    kwargs: dict[str, Any] = {
        "job_id": f"bulk-{restaurant_id}-{time.time_ns()}",
        "job_timeout": 300,
        "result_ttl": 60,
        "failure_ttl": 7 * 86400,
        "meta": trace_meta() or None,
    }
    if when > now + 0.5:
        queue(BULK).enqueue_at(datetime.fromtimestamp(when, UTC), SEND_BULK, str(restaurant_id), **kwargs)
    else:
        queue(BULK).enqueue(SEND_BULK, str(restaurant_id), **kwargs)
    return True


def bulk_job_started(restaurant_id: Any) -> None:
    """The batch sender runs: the next `enqueue_bulk` queues again."""
    get_redis().delete(_bulk_marker(restaurant_id))
