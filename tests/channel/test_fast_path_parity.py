"""The webhook's cheap paths write and parse exactly what the general ones do."""

from __future__ import annotations

import copy
import json
import uuid

import pytest
from rq import Queue
from rq.job import Job

from crm_res.integrations.whatsapp_inbound import InvalidDelivery, parse_delivery, parse_delivery_body
from crm_res.job_names import PROCESS_INBOUND
from crm_res.jobs.enqueue import _inbound_data, _Recorder, enqueue_inbound
from crm_res.jobs.queues import REPLIES, queue
from crm_res.services.channel.ingest import StoredMessage
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


def _variants() -> list[dict]:
    """Deliveries of every kind, plus shapes only the models accept (coercions) or refuse."""
    who = "966501234567"
    events = [
        wa.text_message(PNID, who, "hi", name="Sara"),
        wa.text_message(PNID, who, "ok", name=None, reply_to="wamid.prev"),
        wa.text_message(PNID, who, "ad", referral={"source_url": "https://x", "source_type": "ad"}),
        wa.button_reply(PNID, who, "rate_5", "⭐"),
        wa.list_reply(PNID, who, "burger", "برجر"),
        wa.button_message(PNID, who, "نعم", "confirm"),
        wa.location_message(PNID, who, 24.7, 46.6),
        wa.contacts_message(PNID, who),
        wa.reaction_message(PNID, who, "wamid.out", "👍"),
        wa.order_message(PNID, who),
        wa.unsupported_message(PNID, who),
        wa.image_message(PNID, who),
        wa.audio_message(PNID, who),
        wa.status(PNID, "wamid.s1", "read"),
        wa.status(PNID, "wamid.s2", "sent", conversation=False),
        wa.status(PNID, "wamid.s3", "failed", errors=[wa.status_error(131026, "Undeliverable")]),
    ]
    bodies = [wa.delivery(e) for e in events] + [wa.delivery(*events)]
    odd = []
    for path, value in [
        (("messages", 0, "from"), 966501234567),  # a number where a string goes: coerced
        (("messages", 0, "timestamp"), 1749416383),
        (("messages", 0, "timestamp"), "soon"),  # refused
        (("messages", 0, "errors"), [{"code": 131051, "title": "Unsupported"}]),
        (("messages", 0, "errors"), None),
        (("messages", 0, "id"), ""),
        (("metadata", "phone_number_id"), 106540352242922),
        (("metadata", "phone_number_id"), ""),
        (("contacts",), None),
        (("contacts", 0, "profile"), None),
        (("contacts", 0, "wa_id"), 966501234567),
        (("messaging_product",), "sms"),
        (("errors",), [{"code": 131000, "title": "Something went wrong"}]),
        (
            ("statuses",),
            [
                {
                    "id": "wamid.x",
                    "status": "read",
                    "timestamp": "1749416383",
                    "pricing": {"billable": "true"},
                    "conversation": {"id": 5, "origin": None},
                }
            ],
        ),
        (
            ("statuses",),
            [
                {
                    "id": "wamid.x",
                    "status": "read",
                    "timestamp": "1749416383",
                    "conversation": {"expiration_timestamp": "x"},
                }
            ],
        ),
        (
            ("statuses",),
            [{"id": "wamid.x", "status": "read", "timestamp": "1749416383", "pricing": {"billable": 1}}],
        ),
    ]:
        body = wa.delivery(wa.text_message(PNID, who, "hi"))
        target = body["entry"][0]["changes"][0]["value"]
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = value
        odd.append(body)
    envelope = wa.delivery(wa.text_message(PNID, who, "hi"))
    odd += [
        {**envelope, "object": "page"},
        {**envelope, "entry": []},
        {**envelope, "entry": [{"id": 102290129340398, "changes": envelope["entry"][0]["changes"]}]},
        {**envelope, "entry": [{"changes": [{"field": "account_update", "value": {"x": 1}}]}]},
        {**envelope, "entry": [{"changes": [{"field": None, "value": {}}]}]},
    ]
    return bodies + odd


def _outcome(body: dict) -> object:
    try:
        return parse_delivery(copy.deepcopy(body))
    except InvalidDelivery as exc:
        return f"InvalidDelivery: {exc}"


def test_quick_parse_matches_the_models(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """The quick parse path gives the same Delivery (or the same 400 text) as the wire models."""
    variants = _variants()
    quick = [_outcome(b) for b in variants]
    monkeypatch.setattr("crm_res.integrations.whatsapp_inbound.QUICK", False)
    models = [_outcome(b) for b in variants]
    for n, (a, b) in enumerate(zip(quick, models, strict=True)):
        assert a == b, n
    assert sum(isinstance(o, str) for o in models) >= 5  # the refusals were exercised too


def test_fast_json_reads_like_the_stdlib() -> None:
    """_loads decodes exactly as json.loads does, integers beyond 64 bits and odd bodies included."""
    from crm_res.integrations.whatsapp_inbound import _loads

    body = wa.encode(wa.delivery(wa.order_message(PNID, "966501234567")))
    for raw in [
        body,
        b'{"q": 123456789012345678901234567890}',
        b'"\\ud800"',
        b"\xef\xbb\xbf{}",
        b"NaN",
        b'"a\\u0000"',
    ]:
        assert _loads(raw) == json.loads(raw) or raw == b"NaN"
    for bad in [b"{", b"\xff", b"[1,]"]:
        with pytest.raises(ValueError):
            _loads(bad)


def test_json_rows_falls_back_for_what_orjson_refuses() -> None:
    """json_rows writes rows with a huge integer (stdlib path) the same, fragments included."""
    from crm_res.services.channel.json_rows import RawJson, json_rows

    rows = [{"p": RawJson('{"a":"ع"}'), "n": 2**70, "t": "نعم"}]
    assert json.loads(json_rows(rows)) == [{"p": {"a": "ع"}, "n": 2**70, "t": "نعم"}]
    assert json_rows([{"p": RawJson("[1]"), "t": "نعم"}]) == '[{"p":[1],"t":"نعم"}]'
