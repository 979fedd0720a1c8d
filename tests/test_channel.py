"""The WhatsApp channel end to end: webhook → Postgres → RQ → outbox → fake Graph API."""

from __future__ import annotations

import json
import threading
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import text
from starlette.testclient import TestClient

from tests.fakes import wa_payloads as wa
from tests.fakes.fake_graph import FakeGraph

PNID = "pn-channel"
CUSTOMER = "966501112233"


@pytest.fixture
def graph():  # type: ignore[no-untyped-def]
    with FakeGraph() as g:
        yield g


@pytest.fixture
def wired(graph, monkeypatch):  # type: ignore[no-untyped-def]
    """The app's sends go to the fake Graph API with a real token; settings and caches fresh."""
    from crm_res.services import assistant_flow, ingest, sending
    from crm_res.settings import get_settings

    monkeypatch.setenv("WHATSAPP_ACCESS_TOKEN", "test-token")
    monkeypatch.setenv("WHATSAPP_GRAPH_URL", graph.url)
    graph.access_token = "test-token"
    get_settings.cache_clear()
    sending._client.cache_clear()
    ingest.directory.clear()
    assistant_flow.clear_cache()
    yield graph
    get_settings.cache_clear()
    sending._client.cache_clear()


@pytest.fixture
def channel(committed, redis_conn, graph, wired):  # type: ignore[no-untyped-def]
    """A restaurant on a fake Graph API with a real token."""
    from crm_res.db import session_scope
    from crm_res.services.restaurants import create_restaurant

    with session_scope() as s:
        r = create_restaurant(session=s, name_ar="مطعم القناة", name_en="Channel Diner", phone_number_id=PNID)
        r.prayer_time_enabled = False  # holding has its own tests; here sends must not depend on the clock
        rid = r.id
    import webhook

    yield {"client": TestClient(webhook.app), "graph": graph, "restaurant_id": rid, "engine": committed}


def post(client, *events, raw: bytes | None = None, headers=None):  # type: ignore[no-untyped-def]
    body = raw if raw is not None else wa.encode(wa.delivery(*events))
    return client.post("/webhooks/whatsapp", content=body, headers={"content-type": "application/json", **(headers or {})})


def run_worker() -> None:
    """Drain the queues with a real RQ worker (burst mode)."""
    from rq import SimpleWorker

    from crm_res.db import get_redis
    from crm_res.jobs.queues import ALL_QUEUES

    SimpleWorker(list(ALL_QUEUES), connection=get_redis()).work(burst=True, logging_level="WARNING")


def q(engine, sql: str, **params):  # type: ignore[no-untyped-def]
    with engine.connect() as conn:
        return conn.execute(text(sql), params).all()


def test_text_message_is_stored_answered_and_tracked(channel):
    """A text is stored before the 200, answered through the outbox, and statuses advance the reply."""
    ev = wa.text_message(PNID, CUSTOMER, "السلام عليكم", name="نورة")
    r = post(channel["client"], ev)
    assert r.status_code == 200
    rows = q(channel["engine"], "SELECT body, type, sender FROM messages WHERE wa_message_id = :w", w=ev.wamid)
    assert rows == [("السلام عليكم", "text", "customer")]
    assert q(channel["engine"], "SELECT name FROM customers WHERE wa_id = :w", w=CUSTOMER) == [("نورة",)]
    run_worker()
    sent = channel["graph"].wait_for(1)
    assert sent[0].to == CUSTOMER and sent[0].type == "text"
    assert sent[0].headers["authorization"] == "Bearer test-token"
    assert sent[0].path.endswith(f"/{PNID}/messages")
    assert sent[0].json["biz_opaque_callback_data"].startswith("outbox:")
    wamid = sent[0].wamid
    assert q(channel["engine"], "SELECT status, wa_message_id FROM outbox") == [("sent", wamid)]
    for st in ("delivered", "read", "delivered"):  # a late "delivered" must not undo "read"
        assert post(channel["client"], wa.status(PNID, wamid, st)).status_code == 200
    assert q(channel["engine"], "SELECT status FROM messages WHERE wa_message_id = :w", w=wamid) == [("read",)]


@pytest.mark.parametrize("builder", [
    lambda: wa.button_reply(PNID, CUSTOMER, "rate_5", "ممتاز"),
    lambda: wa.list_reply(PNID, CUSTOMER, "burger", "برجر"),
    lambda: wa.button_message(PNID, CUSTOMER, "نعم", "confirm"),
    lambda: wa.location_message(PNID, CUSTOMER, 24.7136, 46.6753),
    lambda: wa.image_message(PNID, CUSTOMER),
    lambda: wa.audio_message(PNID, CUSTOMER),
    lambda: wa.video_message(PNID, CUSTOMER),
    lambda: wa.document_message(PNID, CUSTOMER),
    lambda: wa.sticker_message(PNID, CUSTOMER),
    lambda: wa.contacts_message(PNID, CUSTOMER),
    lambda: wa.reaction_message(PNID, CUSTOMER, "wamid.x", "👍"),
    lambda: wa.order_message(PNID, CUSTOMER),
    lambda: wa.system_message(PNID, CUSTOMER, "966509998877"),
    lambda: wa.unsupported_message(PNID, CUSTOMER),
    lambda: wa.future_message(PNID, CUSTOMER),
])  # fmt: skip
def test_every_message_type_is_stored_intact(channel, builder):
    """Each inbound type is stored with its type-specific fields and Meta's original message."""
    ev = builder()
    assert post(channel["client"], ev).status_code == 200
    [(kind, payload, media_id)] = q(channel["engine"],
        "SELECT type, payload, media_id FROM messages WHERE wa_message_id = :w", w=ev.wamid)  # fmt: skip
    assert payload["raw"] == ev.data
    original = ev.data["type"]
    assert kind == original or (kind == "unknown" and payload["original_type"] == original)
    if original in ("image", "audio", "video", "document", "sticker"):
        assert media_id == ev.data[original]["id"] and payload["mime_type"]
    if original == "location":
        assert payload["latitude"] == pytest.approx(24.7136)
    if original == "interactive":
        assert payload["reply_id"] in ("rate_5", "burger")


def test_signature_is_checked_when_a_secret_is_set(channel, monkeypatch):
    """With WHATSAPP_APP_SECRET set: missing or wrong signature → 403 and nothing stored."""
    from crm_res.settings import get_settings

    monkeypatch.setenv("WHATSAPP_APP_SECRET", "app-secret")
    get_settings.cache_clear()
    ev = wa.text_message(PNID, CUSTOMER, "hi")
    body = wa.encode(wa.delivery(ev))
    assert post(channel["client"], raw=body).status_code == 403
    bad = post(channel["client"], raw=body, headers={"x-hub-signature-256": wa.sign(body, "other")})
    assert bad.status_code == 403 and "error" in bad.json()
    assert q(channel["engine"], "SELECT count(*) FROM messages")[0][0] == 0
    good = post(channel["client"], raw=body, headers={"x-hub-signature-256": wa.sign(body, "app-secret")})
    assert good.status_code == 200
    assert q(channel["engine"], "SELECT count(*) FROM messages")[0][0] == 1


@pytest.mark.parametrize("raw", [b"not json", b"[]", b'{"object": "page", "entry": []}',
                                 b'{"object": "whatsapp_business_account", "entry": [{"changes": [{"field": '
                                 b'"messages", "value": {"messages": [{"id": "x"}]}}]}]}'])  # fmt: skip
def test_bad_shapes_are_400_with_json_error_and_store_nothing(channel, raw):
    """A body that is not a WhatsApp delivery is refused with a reason; nothing is stored."""
    r = post(channel["client"], raw=raw)
    assert r.status_code == 400
    assert r.json()["error"]
    assert q(channel["engine"], "SELECT count(*) FROM messages")[0][0] == 0


def test_unknown_phone_number_id_is_200_and_ignored(channel, caplog):
    """A delivery for a number we do not serve is acknowledged, logged, and not processed."""
    r = post(channel["client"], wa.text_message("pn-nobody", CUSTOMER, "hi"))
    assert r.status_code == 200
    assert q(channel["engine"], "SELECT count(*) FROM messages")[0][0] == 0
    assert "pn-nobody" in caplog.text


def test_redelivery_sequential_and_concurrent_is_stored_and_answered_once(channel):
    """However often and however concurrently Meta redelivers a wamid, one row and one reply."""
    ev = wa.text_message(PNID, CUSTOMER, "hello")
    body = wa.encode(wa.delivery(ev))
    for _ in range(3):
        assert post(channel["client"], raw=body).status_code == 200
    codes: list[int] = []
    import webhook

    def hammer() -> None:
        with TestClient(webhook.app) as c:
            for _ in range(5):
                codes.append(post(c, raw=body).status_code)

    threads = [threading.Thread(target=hammer) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert set(codes) == {200}
    assert q(channel["engine"], "SELECT count(*) FROM messages WHERE wa_message_id = :w", w=ev.wamid)[0][0] == 1
    run_worker()
    run_worker()
    assert len(channel["graph"].sent) == 1


def test_one_delivery_with_many_messages_and_statuses(channel):
    """All messages and statuses of one delivery are stored together."""
    events = [wa.text_message(PNID, f"96650000000{i}", f"msg {i}") for i in range(3)]
    events.append(wa.status(PNID, "wamid.unknown-yet", "delivered"))
    assert post(channel["client"], *events).status_code == 200
    assert q(channel["engine"], "SELECT count(*) FROM messages")[0][0] == 3
    assert q(channel["engine"], "SELECT count(*) FROM message_status_events")[0][0] == 1
    assert q(channel["engine"], "SELECT count(DISTINCT conversation_id) FROM messages")[0][0] == 3


def _queue_reply(engine, restaurant_id, body="مرحبا", purpose="reply", last_inbound=None):  # type: ignore[no-untyped-def]
    from sqlmodel import Session, select

    from crm_res.models import Conversation, Customer
    from crm_res.services.outbox import queue_message, text_payload

    with Session(engine, expire_on_commit=False) as s:
        customer = s.exec(select(Customer).where(Customer.wa_id == CUSTOMER)).first()
        if customer is None:
            customer = Customer(restaurant_id=restaurant_id, wa_id=CUSTOMER)
        customer.last_inbound_at = last_inbound if last_inbound is not None else datetime.now(UTC)
        s.add(customer)
        s.flush()
        conv = s.exec(select(Conversation).where(Conversation.customer_id == customer.id)).first()
        if conv is None:
            conv = Conversation(restaurant_id=restaurant_id, customer_id=customer.id)
            s.add(conv)
            s.flush()
        queued = queue_message(session=s, restaurant_id=restaurant_id, customer=customer,
                               idempotency_key=f"t:{datetime.now().timestamp()}", kind="text",
                               payload=text_payload(CUSTOMER, body), body_preview=body, purpose=purpose,
                               conversation=conv)  # fmt: skip
        s.commit()
        return queued.outbox_id


def test_429_and_500_storms_are_retried_with_backoff_and_sent_once(channel):
    """429 (with Retry-After) and 500 answers are retried; the customer gets exactly one message."""
    from crm_res.services.sending import send_outbox

    oid = _queue_reply(channel["engine"], channel["restaurant_id"])
    channel["graph"].fail_next(429, retry_after=2, times=2)
    channel["graph"].fail_next(500, times=2)
    outcomes = [send_outbox(engine=channel["engine"], outbox_id=oid) for _ in range(6)]
    first = outcomes[0]
    assert first.status == "retry" and first.retry_in >= 2  # Retry-After honoured
    assert [o.status for o in outcomes] == ["retry", "retry", "retry", "retry", "sent", "skipped"]
    assert len(channel["graph"].sent) == 1
    assert q(channel["engine"], "SELECT status, attempts FROM outbox WHERE id = :i", i=oid) == [("sent", 5)]


def test_permanent_error_fails_the_row_with_the_reason_and_no_retry(channel):
    """Meta's 131026 (undeliverable) marks the row and its message failed, visible to staff."""
    from crm_res.services.sending import send_outbox

    oid = _queue_reply(channel["engine"], channel["restaurant_id"])
    channel["graph"].fail_next(400, code=131026, title="Message undeliverable")
    outcome = send_outbox(engine=channel["engine"], outbox_id=oid)
    assert outcome.status == "failed"
    assert send_outbox(engine=channel["engine"], outbox_id=oid).status == "skipped"
    [(status, err)] = q(channel["engine"], "SELECT status, last_error FROM outbox WHERE id = :i", i=oid)
    assert status == "failed" and "undeliverable" in err.lower()
    assert q(channel["engine"], "SELECT status, error_code FROM messages")[0] == ("failed", 131026)
    assert len(channel["graph"].requests) == 1


def test_outside_the_24h_window_uses_a_template_or_fails_clearly(channel):
    """Free-form outside 24 h: the configured template goes instead; without one the row fails."""
    from crm_res.db import session_scope
    from crm_res.models import MessageTemplate
    from crm_res.services.sending import send_outbox

    stale = datetime.now(UTC) - timedelta(hours=25)
    oid = _queue_reply(channel["engine"], channel["restaurant_id"], purpose="reengage", last_inbound=stale)
    outcome = send_outbox(engine=channel["engine"], outbox_id=oid)
    assert outcome.status == "failed" and "24-hour window" in outcome.reason
    assert channel["graph"].sent == []
    with session_scope() as s:
        s.add(MessageTemplate(restaurant_id=channel["restaurant_id"], name="we_miss_you", language="ar",
                              purpose="reengage", parameters=["customer_name"]))  # fmt: skip
    oid2 = _queue_reply(channel["engine"], channel["restaurant_id"], purpose="reengage", last_inbound=stale)
    assert send_outbox(engine=channel["engine"], outbox_id=oid2).status == "sent"
    [sent] = channel["graph"].sent
    assert sent.type == "template" and sent.json["template"]["name"] == "we_miss_you"


def test_opt_out_confirms_then_blocks_business_initiated_messages(channel):
    """STOP/إيقاف opts out with a confirmation; a feedback request is then cancelled, not sent."""
    from crm_res.services.sending import send_outbox

    post(channel["client"], wa.text_message(PNID, CUSTOMER, "إيقاف"))
    run_worker()
    [confirmation] = channel["graph"].wait_for(1)
    assert confirmation.to == CUSTOMER
    assert q(channel["engine"], "SELECT opted_out FROM customers")[0][0] is True
    oid = _queue_reply(channel["engine"], channel["restaurant_id"], purpose="feedback_request")
    assert send_outbox(engine=channel["engine"], outbox_id=oid).status == "cancelled"
    assert len(channel["graph"].sent) == 1
    post(channel["client"], wa.text_message(PNID, CUSTOMER, "START"))
    run_worker()
    assert len(channel["graph"].wait_for(2)) == 2
    assert q(channel["engine"], "SELECT opted_out FROM customers")[0][0] is False


def test_worker_killed_between_post_and_wamid_stored_sends_once(channel, monkeypatch):
    """A crash after Meta accepted the post: the rerun waits, the status webhook links the wamid, no resend."""
    from crm_res.services import sending

    oid = _queue_reply(channel["engine"], channel["restaurant_id"])

    def crash(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise KeyboardInterrupt("worker killed")

    monkeypatch.setattr(sending, "_record_sent", crash)
    with pytest.raises(KeyboardInterrupt):
        sending.send_outbox(engine=channel["engine"], outbox_id=oid)
    monkeypatch.undo()
    [accepted] = channel["graph"].sent
    assert q(channel["engine"], "SELECT status, wa_message_id FROM outbox") == [("sending", None)]
    again = sending.send_outbox(engine=channel["engine"], outbox_id=oid)
    assert again.status == "reconcile" and len(channel["graph"].sent) == 1
    status = wa.status(PNID, accepted.wamid, "delivered")
    status.data["biz_opaque_callback_data"] = f"outbox:{oid}"
    assert post(channel["client"], status).status_code == 200
    assert q(channel["engine"], "SELECT status, wa_message_id FROM outbox") == [("sent", accepted.wamid)]
    assert q(channel["engine"], "SELECT status FROM messages WHERE wa_message_id = :w", w=accepted.wamid) == [("delivered",)]
    later = datetime.now(UTC) + timedelta(minutes=5)
    assert sending.send_outbox(engine=channel["engine"], outbox_id=oid, now=later).status == "skipped"
    assert len(channel["graph"].sent) == 1


def test_interrupted_send_that_meta_never_saw_is_sent_after_the_grace(channel, monkeypatch):
    """No status ever claims an interrupted row: after the grace period it is sent (exactly) once more."""
    from crm_res.services import sending

    oid = _queue_reply(channel["engine"], channel["restaurant_id"])
    with channel["engine"].begin() as conn:
        conn.execute(text("UPDATE outbox SET status='sending', sending_started_at = now(), attempts = 1"))
    assert sending.send_outbox(engine=channel["engine"], outbox_id=oid).status == "reconcile"
    later = datetime.now(UTC) + sending.RECONCILE_GRACE + timedelta(seconds=1)
    assert sending.send_outbox(engine=channel["engine"], outbox_id=oid, now=later).status == "sent"
    assert len(channel["graph"].sent) == 1


def test_sweeper_processes_a_message_whose_job_was_lost(channel, monkeypatch):
    """Stored but never enqueued (crash after commit): the periodic sweep processes it."""
    from crm_res.jobs import sweep
    from crm_res.services import ingest_http

    monkeypatch.setattr("crm_res.jobs.enqueue.enqueue_inbound", lambda msgs: None)
    post(channel["client"], wa.text_message(PNID, CUSTOMER, "hello?"))
    monkeypatch.undo()
    run_worker()
    assert channel["graph"].sent == []
    monkeypatch.setattr(sweep, "STALE", timedelta(seconds=-1))
    assert "1 inbound" in sweep.requeue_stale()
    run_worker()
    assert len(channel["graph"].wait_for(1)) == 1
    assert ingest_http  # imported for the patch target's module


def test_database_or_redis_down_answers_503_and_stores_nothing_unacknowledged(channel, monkeypatch):
    """With Postgres unreachable the webhook answers 503 (Meta redelivers); with Redis down too."""
    from sqlalchemy import create_engine

    from crm_res import db

    dead = create_engine("postgresql+psycopg://postgres@127.0.0.1:1/none", connect_args={"connect_timeout": 1})
    monkeypatch.setattr(db, "get_engine", lambda: dead)
    r = post(channel["client"], wa.text_message(PNID, CUSTOMER, "hi"))
    assert r.status_code == 503 and r.json()["retry"] is True
    monkeypatch.undo()
    from redis import Redis

    monkeypatch.setattr("crm_res.jobs.enqueue.get_redis", lambda: Redis(port=1, socket_connect_timeout=0.5))
    from crm_res.jobs import queues

    queues.queue.cache_clear()
    monkeypatch.setattr(queues, "get_redis", lambda: Redis(port=1, socket_connect_timeout=0.5))
    ev = wa.text_message(PNID, CUSTOMER, "hi again")
    assert post(channel["client"], ev).status_code == 503
    monkeypatch.undo()
    queues.queue.cache_clear()
    # It was stored; Meta's redelivery is acknowledged without a second row.
    assert post(channel["client"], ev).status_code == 200
    assert q(channel["engine"], "SELECT count(*) FROM messages WHERE wa_message_id = :w", w=ev.wamid)[0][0] == 1
    assert json  # keep the import for payload debugging


def test_media_is_fetched_by_the_worker_and_served_only_to_its_restaurant(channel, monkeypatch, tmp_path):
    """An image's bytes are fetched (GET /{media_id}, then the URL) and served to this restaurant's staff only."""
    from crm_res.db import session_scope
    from crm_res.models import Role
    from crm_res.services.restaurants import create_restaurant
    from crm_res.services.users import create_user, sign_session
    from crm_res.settings import get_settings

    monkeypatch.setenv("CRM_RES_DATA_DIR", str(tmp_path))
    get_settings.cache_clear()
    ev = wa.image_message(PNID, CUSTOMER)
    media_id = ev.data["image"]["id"]
    channel["graph"].add_media(media_id, b"\x89PNG fake image bytes", "image/png")
    post(channel["client"], ev)
    run_worker()
    [(mid, path)] = q(channel["engine"], "SELECT id, media_path FROM messages WHERE wa_message_id = :w", w=ev.wamid)
    assert path and (tmp_path / "media" / path).read_bytes() == b"\x89PNG fake image bytes"
    with session_scope() as s:
        user, _ = create_user(session=s, restaurant_id=channel["restaurant_id"], email="m@c.sa", role=Role.staff,
                              password="password-1")  # fmt: skip
        other = create_restaurant(session=s, name_ar="آخر", name_en="Other", phone_number_id="pn-x")
        stranger, _ = create_user(session=s, restaurant_id=other.id, email="x@o.sa", role=Role.owner,
                                  password="password-2")  # fmt: skip
        mine, theirs = sign_session(user, get_settings().signing_key()), sign_session(stranger, get_settings().signing_key())
    client = channel["client"]
    assert client.get(f"/media/{mid}", cookies={"crm_session": mine}).content == b"\x89PNG fake image bytes"
    assert client.get(f"/media/{mid}", cookies={"crm_session": theirs}).status_code == 404
    assert client.get(f"/media/{mid}").status_code == 404
