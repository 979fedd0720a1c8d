"""The webhook's cheap paths write and parse exactly what the general ones do."""

from __future__ import annotations

import json
import uuid

from rq import Queue
from rq.job import Job

from crm_res.integrations.whatsapp_inbound import parse_delivery, parse_delivery_body
from crm_res.jobs.enqueue import PROCESS_INBOUND, _inbound_data, _Recorder, enqueue_inbound
from crm_res.jobs.queues import REPLIES, queue
from crm_res.services.ingest import StoredMessage
from tests.fakes import wa_payloads as wa

PNID = "106540352242922"


def test_fast_enqueue_writes_rqs_own_job(redis_conn) -> None:  # type: ignore[no-untyped-def]
    """enqueue_inbound's job hash equals RQ's own enqueue of the same job, bar timestamps."""
    rid, cid = uuid.uuid4(), uuid.uuid4()
    enqueue_inbound([StoredMessage(41, "wamid.a", rid, cid), StoredMessage(1234567, "wamid.b", rid, cid)])
    rec = _Recorder()
    queue(REPLIES).enqueue_many([_inbound_data(41)], pipeline=rec)  # type: ignore[arg-type]
    rq_fields = {k: str(getattr(v, "value", v)) for k, v in rec.commands[2][2]["mapping"].items()}
    stored = {k.decode(): v for k, v in redis_conn.hgetall("rq:job:in-41").items()}
    assert set(stored) == set(rq_fields)
    for key, value in rq_fields.items():
        if key not in ("created_at", "enqueued_at"):
            expected = value.encode() if isinstance(value, str) else value
            assert stored[key] == (expected if key != "data" else rec.commands[2][2]["mapping"]["data"]), key
    assert Queue(REPLIES, connection=redis_conn).job_ids == ["in-41", "in-1234567"]
    job = Job.fetch("in-1234567", connection=redis_conn)
    assert (job.func_name, job.args, job.origin, job.get_status()) == (
        PROCESS_INBOUND,
        (1234567,),
        REPLIES,
        "queued",
    )
    assert (job.timeout, job.result_ttl, job.failure_ttl) == (120, 300, 7 * 86400)
    assert redis_conn.sismember("rq:queues", f"rq:queue:{REPLIES}")


def test_fast_decode_matches_stdlib_decode() -> None:
    """parse_delivery_body (fast JSON decode) gives what parse_delivery of json.loads gives."""
    events = [
        wa.text_message(PNID, "966501234567", "ابغى اطلب برجر", name="نورة"),
        wa.location_message(PNID, "966501234568", 24.7, 46.6),
        wa.contacts_message(PNID, "966501234569"),
        wa.order_message(PNID, "966501234569"),
        wa.image_message(PNID, "966501234569"),
        wa.status(PNID, wa.new_wamid(), "failed", errors=[wa.status_error(131026, "Undeliverable")]),
    ]
    body = wa.encode(wa.delivery(*events))
    assert parse_delivery_body(body) == parse_delivery(json.loads(body))
