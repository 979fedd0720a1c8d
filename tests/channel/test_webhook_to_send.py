"""The WhatsApp channel end to end: webhook → Postgres → RQ → outbox → fake Graph API."""

from __future__ import annotations

import json
import threading
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import text
from starlette.testclient import TestClient

from tests.fakes import wa_payloads as wa
from tests.fixtures.channel import CUSTOMER, PNID, post, q, queue_reply, run_worker, simulate
from tests.fixtures.people import add_user


def test_text_message_is_stored_answered_and_tracked(channel):
    """A text is stored before the 200, answered through the outbox, and statuses advance the reply."""
    ev = wa.text_message(PNID, CUSTOMER, "السلام عليكم", name="نورة")
    r = post(channel["client"], ev)
    assert r.status_code == 200
    rows = q(
        channel["engine"], "SELECT body, type, sender FROM messages WHERE wa_message_id = :w", w=ev.wamid
    )
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
    assert q(channel["engine"], "SELECT status FROM messages WHERE wa_message_id = :w", w=wamid) == [
        ("read",)
    ]


@pytest.mark.parametrize(
    "builder",
    [
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
    ],
)
def test_every_message_type_is_stored_intact(channel, builder):
    """Each inbound type is stored with its type-specific fields and Meta's original message."""
    ev = builder()
    assert post(channel["client"], ev).status_code == 200
    [(kind, payload, media_id, media_mime)] = q(
        channel["engine"],
        "SELECT type, payload, media_id, media_mime FROM messages WHERE wa_message_id = :w",
        w=ev.wamid,
    )
    assert payload["raw"] == ev.data
    original = ev.data["type"]
    assert kind == original or (kind == "unknown" and payload["original_type"] == original)
    if original in ("image", "audio", "video", "document", "sticker"):
        assert media_id == ev.data[original]["id"] and payload["mime_type"]
        # its own column too: the inbox's media proxy answers with it as the content type
        assert media_mime == ev.data[original]["mime_type"]
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
    assert post(channel["client"], raw=body, headers={"x-hub-signature-256": ""}).status_code == 403
    bad = post(channel["client"], raw=body, headers={"x-hub-signature-256": wa.sign(body, "other")})
    assert bad.status_code == 403 and "error" in bad.json()
    assert q(channel["engine"], "SELECT count(*) FROM messages")[0][0] == 0
    good = post(channel["client"], raw=body, headers={"x-hub-signature-256": wa.sign(body, "app-secret")})
    assert good.status_code == 200
    assert q(channel["engine"], "SELECT count(*) FROM messages")[0][0] == 1


@pytest.mark.parametrize(
    "raw",
    [
        b"not json",
        b"[]",
        b'{"object": "page", "entry": []}',
        b'{"object": "whatsapp_business_account", "entry": [{"changes": [{"field": '
        b'"messages", "value": {"messages": [{"id": "x"}]}}]}]}',
    ],
)
def test_bad_shapes_are_400_with_json_error_and_store_nothing(channel, raw):
    """A body that is not a WhatsApp delivery is refused with a reason; nothing is stored."""
    r = post(channel["client"], raw=raw)
    assert r.status_code == 400
    assert r.json()["error"]
    assert q(channel["engine"], "SELECT count(*) FROM messages")[0][0] == 0


def test_unknown_phone_number_id_is_200_and_ignored(channel, caplog, monkeypatch):
    """A delivery for a number we do not serve is acknowledged, logged, and not processed."""
    from crm_res.http import delivery_batcher

    # A fresh log limiter: a flood of unknown ids in an earlier test may still fill the shared one.
    monkeypatch.setattr(delivery_batcher, "_unknown_logged", delivery_batcher._OncePerInterval())
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
    assert (
        q(channel["engine"], "SELECT count(*) FROM messages WHERE wa_message_id = :w", w=ev.wamid)[0][0] == 1
    )
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


def test_429_and_500_storms_are_retried_with_backoff_and_sent_once(channel):
    """429 (with Retry-After) and 500 answers are retried; the customer gets exactly one message."""
    from crm_res.services.outbox.sending import send_outbox

    oid = queue_reply(channel["engine"], channel["restaurant_id"])
    channel["graph"].fail_next(429, retry_after=2, times=2)
    channel["graph"].fail_next(500, times=2)
    outcomes, at = [], datetime.now(UTC)
    for _ in range(6):  # each try when the previous one said to come back
        outcomes.append(send_outbox(engine=channel["engine"], outbox_id=oid, now=at))
        at += timedelta(seconds=(outcomes[-1].retry_in or 0) + 1)
    first = outcomes[0]
    assert first.status == "retry" and first.retry_in >= 2  # Retry-After honoured
    assert [o.status for o in outcomes] == ["retry", "retry", "retry", "retry", "sent", "skipped"]
    assert len(channel["graph"].sent) == 1
    assert q(channel["engine"], "SELECT status, attempts FROM outbox WHERE id = :i", i=oid) == [("sent", 5)]


def test_permanent_error_fails_the_row_with_the_reason_and_no_retry(channel):
    """Meta's 131026 (undeliverable) marks the row and its message failed, visible to staff."""
    from crm_res.services.outbox.sending import send_outbox

    oid = queue_reply(channel["engine"], channel["restaurant_id"])
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
    from crm_res.services.outbox.sending import send_outbox

    stale = datetime.now(UTC) - timedelta(hours=25)
    oid = queue_reply(channel["engine"], channel["restaurant_id"], purpose="reengage", last_inbound=stale)
    outcome = send_outbox(engine=channel["engine"], outbox_id=oid)
    assert outcome.status == "failed" and "24-hour window" in outcome.reason
    assert channel["graph"].sent == []
    with session_scope() as s:
        s.add(
            MessageTemplate(
                restaurant_id=channel["restaurant_id"],
                name="we_miss_you",
                language="ar",
                purpose="reengage",
                parameters=["customer_name"],
            )
        )
    oid2 = queue_reply(channel["engine"], channel["restaurant_id"], purpose="reengage", last_inbound=stale)
    assert send_outbox(engine=channel["engine"], outbox_id=oid2).status == "sent"
    [sent] = channel["graph"].sent
    assert sent.type == "template" and sent.json["template"]["name"] == "we_miss_you"


def test_opt_out_confirms_then_blocks_business_initiated_messages(channel):
    """STOP/إيقاف opts out with a confirmation; a feedback request is then cancelled, not sent."""
    from crm_res.services.outbox.sending import send_outbox

    post(channel["client"], wa.text_message(PNID, CUSTOMER, "إيقاف"))
    run_worker()
    [confirmation] = channel["graph"].wait_for(1)
    assert confirmation.to == CUSTOMER
    assert q(channel["engine"], "SELECT opted_out FROM customers")[0][0] is True
    oid = queue_reply(channel["engine"], channel["restaurant_id"], purpose="feedback_request")
    assert send_outbox(engine=channel["engine"], outbox_id=oid).status == "cancelled"
    assert len(channel["graph"].sent) == 1
    post(channel["client"], wa.text_message(PNID, CUSTOMER, "START"))
    run_worker()
    assert len(channel["graph"].wait_for(2)) == 2
    assert q(channel["engine"], "SELECT opted_out FROM customers")[0][0] is False


def test_worker_killed_between_post_and_wamid_stored_sends_once(channel, monkeypatch):
    """A crash after Meta accepted the post: the rerun waits, the status webhook links the wamid, no resend."""
    from crm_res.services.outbox import sending

    oid = queue_reply(channel["engine"], channel["restaurant_id"])

    def crash(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise KeyboardInterrupt("worker killed")

    monkeypatch.setattr(sending, "record_sent", crash)
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
    assert q(channel["engine"], "SELECT status FROM messages WHERE wa_message_id = :w", w=accepted.wamid) == [
        ("delivered",)
    ]
    later = datetime.now(UTC) + timedelta(minutes=5)
    assert sending.send_outbox(engine=channel["engine"], outbox_id=oid, now=later).status == "skipped"
    assert len(channel["graph"].sent) == 1


def test_interrupted_send_that_meta_never_saw_is_sent_after_the_grace(channel, monkeypatch):
    """No status ever claims an interrupted row: after the grace period it is sent (exactly) once more."""
    from crm_res.services.outbox import sending

    oid = queue_reply(channel["engine"], channel["restaurant_id"])
    with channel["engine"].begin() as conn:
        conn.execute(text("UPDATE outbox SET status='sending', sending_started_at = now(), attempts = 1"))
    assert sending.send_outbox(engine=channel["engine"], outbox_id=oid).status == "reconcile"
    later = datetime.now(UTC) + sending.unknown_send_grace() + timedelta(seconds=1)
    assert sending.send_outbox(engine=channel["engine"], outbox_id=oid, now=later).status == "sent"
    assert len(channel["graph"].sent) == 1


def test_sweeper_processes_a_message_whose_job_was_lost(channel, monkeypatch):
    """Stored but never enqueued (crash after commit): the periodic sweep processes it."""
    from crm_res.http import delivery_batcher
    from crm_res.jobs import sweep

    monkeypatch.setattr("crm_res.jobs.enqueue.enqueue_inbound", lambda msgs, **kw: None)
    post(channel["client"], wa.text_message(PNID, CUSTOMER, "hello?"))
    monkeypatch.undo()
    run_worker()
    assert channel["graph"].sent == []
    monkeypatch.setattr(sweep, "STALE", timedelta(seconds=-1))
    assert "1 inbound" in sweep.requeue_stale()
    run_worker()
    assert len(channel["graph"].wait_for(1)) == 1
    assert delivery_batcher  # imported for the patch target's module


def test_sweeper_leaves_a_queued_inbound_message_alone(channel, monkeypatch):
    """In a backlog older than the sweep's age, a message whose job still waits is not queued twice."""
    from crm_res.jobs import sweep
    from crm_res.jobs.queues import REPLIES, queue

    post(channel["client"], wa.text_message(PNID, CUSTOMER, "are you open?"))
    monkeypatch.setattr(sweep, "STALE", timedelta(seconds=-1))
    (mid,) = sweep.live_inbound_jobs()
    assert "0 inbound" in sweep.requeue_stale()
    assert queue(REPLIES).get_job_ids() == [f"in-{mid}"]
    queue(REPLIES).empty()  # the job is lost
    assert "1 inbound" in sweep.requeue_stale()
    run_worker()
    assert len(channel["graph"].wait_for(1)) == 1


def test_database_or_redis_down_answers_503_and_stores_nothing_unacknowledged(channel, monkeypatch):
    """With Postgres unreachable the webhook answers 503 (Meta redelivers); with Redis down too."""
    from sqlalchemy import create_engine

    from crm_res import db

    dead = create_engine(
        "postgresql+psycopg://postgres@127.0.0.1:1/none", connect_args={"connect_timeout": 1}
    )
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
    assert (
        q(channel["engine"], "SELECT count(*) FROM messages WHERE wa_message_id = :w", w=ev.wamid)[0][0] == 1
    )
    assert json  # keep the import for payload debugging


def test_webhook_survives_its_kept_connection_dying_between_deliveries(channel, caplog):
    """The webhook keeps its connection between deliveries; a Postgres restart in between costs no 503."""
    import webhook

    with TestClient(webhook.app) as client:  # one event loop: one writer keeping its connection
        assert post(client, wa.text_message(PNID, CUSTOMER, "first")).status_code == 200
        with channel["engine"].connect() as conn:
            killed = conn.execute(
                text(
                    "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                    "WHERE datname = current_database() AND pid <> pg_backend_pid()"
                )
            ).scalar()
        assert killed >= 1
        ev = wa.text_message(PNID, CUSTOMER, "second")
        with caplog.at_level("INFO", logger="crm_res.webhook"):
            assert post(client, ev).status_code == 200
    head, tail = "webhook: kept connection lost (", "); storing on a fresh one"
    lost = [r.getMessage() for r in caplog.records if r.name == "crm_res.webhook"]
    # The operator sees why that delivery took a second connection, with Postgres's own reason.
    assert any(
        m.startswith(head) and m.endswith(tail) and "connection" in m[len(head) : -len(tail)] for m in lost
    ), lost
    assert (
        q(channel["engine"], "SELECT count(*) FROM messages WHERE wa_message_id = :w", w=ev.wamid)[0][0] == 1
    )


def test_webhook_gives_its_connection_back_once_deliveries_stop(channel):
    """The writer keeps its database connection only while deliveries keep coming: a couple of
    seconds after the last one it is back in the pool (for the app's other requests), and the
    next delivery is stored as usual."""
    import time

    import webhook
    from crm_res.db import get_engine

    pool = get_engine().pool
    with TestClient(webhook.app) as client:  # one event loop that stays up: one writer
        assert post(client, wa.text_message(PNID, CUSTOMER, "first")).status_code == 200
        deadline = time.monotonic() + 60
        while pool.checkedout() and time.monotonic() < deadline:
            time.sleep(0.1)
        assert pool.checkedout() == 0
        assert post(client, wa.text_message(PNID, CUSTOMER, "second")).status_code == 200
    assert q(channel["engine"], "SELECT count(*) FROM messages WHERE direction = 'inbound'")[0][0] == 2


def test_media_is_fetched_by_the_worker_and_served_only_to_its_restaurant(channel, monkeypatch, tmp_path):
    """An image's bytes are fetched (GET /{media_id}, then the URL) and served to this restaurant's staff only."""
    from crm_res.db import session_scope
    from crm_res.models import Role
    from crm_res.services.accounts.users import open_session_for
    from crm_res.services.admin.restaurants import create_restaurant
    from crm_res.settings import get_settings

    monkeypatch.setenv("CRM_RES_DATA_DIR", str(tmp_path))
    get_settings.cache_clear()
    ev = wa.image_message(PNID, CUSTOMER)
    media_id = ev.data["image"]["id"]
    channel["graph"].add_media(media_id, b"\x89PNG fake image bytes", "image/png")
    post(channel["client"], ev)
    run_worker()
    [(mid, path)] = q(
        channel["engine"], "SELECT id, media_path FROM messages WHERE wa_message_id = :w", w=ev.wamid
    )
    assert path and (tmp_path / "media" / path).read_bytes() == b"\x89PNG fake image bytes"
    with session_scope() as s:
        user = add_user(s, channel["restaurant_id"], "m@c.sa", Role.staff)
        other = create_restaurant(session=s, name_ar="آخر", name_en="Other", phone_number_id="pn-x")
        stranger = add_user(s, other.id, "x@o.sa", Role.owner, password="password-2")
        mine, theirs = (
            open_session_for(user, get_settings().signing_key()),
            open_session_for(stranger, get_settings().signing_key()),
        )
    client = channel["client"]
    assert client.get(f"/media/{mid}", cookies={"crm_session": mine}).content == b"\x89PNG fake image bytes"
    assert client.get(f"/media/{mid}", cookies={"crm_session": theirs}).status_code == 404
    assert client.get(f"/media/{mid}").status_code == 404


# --------------------------------------------------------------------------- batch failures


def _batch(*deliveries_raw: bytes) -> list[tuple[int, dict]]:
    """Hand several deliveries to the webhook at once, on one event loop: they form one batch."""
    import asyncio

    from crm_res.http.delivery_batcher import handle_delivery
    from crm_res.settings import get_settings

    secret = get_settings().whatsapp_app_secret or ""

    async def all_at_once() -> list[tuple[int, dict]]:
        return await asyncio.gather(
            *(handle_delivery(raw=raw, signature=wa.sign(raw, secret)) for raw in deliveries_raw)
        )

    return asyncio.run(all_at_once())


@pytest.fixture
def failing_messages(channel):  # type: ignore[no-untyped-def]
    """A real Postgres trigger: a message body 'boom' fails its transaction (XX000), 'bad-data'
    with a data exception (22P05), and every insert fails while `fail_all` holds a row. Each try
    of a 'boom' is counted (`test_boom_tries`: a sequence, it survives the rollbacks)."""
    with channel["engine"].begin() as conn:
        conn.execute(text("CREATE TABLE IF NOT EXISTS test_fail_all (x int)"))
        conn.execute(text("CREATE SEQUENCE IF NOT EXISTS test_boom_tries"))
        conn.execute(
            text("""
            CREATE OR REPLACE FUNCTION test_fail_messages() RETURNS trigger AS $$
            BEGIN
                IF NEW.body = 'boom' THEN
                    PERFORM nextval('test_boom_tries');
                END IF;
                IF NEW.body = 'boom' OR EXISTS (SELECT 1 FROM test_fail_all) THEN
                    RAISE EXCEPTION 'test: storage failure' USING ERRCODE = 'XX000';
                ELSIF NEW.body = 'bad-data' THEN
                    RAISE EXCEPTION 'test: bad data' USING ERRCODE = '22P05';
                END IF;
                RETURN NEW;
            END $$ LANGUAGE plpgsql""")
        )
        conn.execute(
            text(
                "CREATE TRIGGER test_fail_messages BEFORE INSERT ON messages "
                "FOR EACH ROW EXECUTE FUNCTION test_fail_messages()"
            )
        )
    yield channel
    with channel["engine"].begin() as conn:
        conn.execute(text("DROP TRIGGER IF EXISTS test_fail_messages ON messages"))
        conn.execute(text("DROP TABLE IF EXISTS test_fail_all"))
        conn.execute(text("DROP SEQUENCE IF EXISTS test_boom_tries"))


def test_database_error_mid_batch_answers_every_request_503_json_and_stores_nothing(
    failing_messages, monkeypatch
):
    """A batch whose transaction fails after its customers were written: every waiter gets a JSON 503, nothing stays."""
    from crm_res.http import delivery_batcher

    batch_sizes: list[int] = []
    real_store = delivery_batcher.store_deliveries
    monkeypatch.setattr(
        delivery_batcher,
        "store_deliveries",
        lambda conn, ds, **kw: batch_sizes.append(len(ds)) or real_store(conn, ds, **kw),
    )
    with failing_messages["engine"].begin() as conn:
        conn.execute(text("INSERT INTO test_fail_all VALUES (1)"))
    bodies = [wa.encode(wa.delivery(wa.text_message(PNID, f"9665000000{i}", f"hi {i}"))) for i in range(3)]
    answers = _batch(*bodies)
    assert batch_sizes[0] == 3  # really one batch
    assert [code for code, _ in answers] == [503, 503, 503]
    assert all(body["retry"] is True and body["error"] for _, body in answers)
    for table in ("customers", "conversations", "messages"):
        assert q(failing_messages["engine"], f"SELECT count(*) FROM {table}")[0][0] == 0, table
    r = post(failing_messages["client"], raw=bodies[0])  # and over HTTP it is a JSON body
    assert (
        r.status_code == 503
        and r.headers["content-type"].startswith("application/json")
        and r.json()["retry"]
    )


def test_one_failing_delivery_does_not_fail_its_batch_neighbours(failing_messages):
    """Deliveries are retried one by one after a batch failure: only the failing ones fail (503, or
    400 naming Postgres's refusal for bad data), and what the others stored adds up (a delivery for
    a number no restaurant has, first in the batch, is still answered as ignored). A failure that
    is no transient conflict is not tried again: once in the batch, once alone."""
    good = [wa.text_message(PNID, f"9665000000{i}", f"fine {i}") for i in range(2)]
    nobody = wa.text_message("pn-nobody", "966500000066", "hi")
    boom = wa.text_message(PNID, "966500000077", "boom")
    bad = wa.text_message(PNID, "966500000088", "bad-data")
    answers = _batch(*(wa.encode(wa.delivery(ev)) for ev in (nobody, good[0], boom, bad, good[1])))
    assert [code for code, _ in answers] == [200, 200, 503, 400, 200]
    assert answers[0][1] == {"status": "ok", "stored": 0, "ignored": 1}
    assert answers[2][1] == {"error": "database unavailable", "retry": True, "_reason": "unavailable"}
    assert answers[3][1] == {  # Meta does not redeliver a 400: it names what Postgres refused
        "error": "the delivery could not be stored",
        "detail": "Postgres refused the delivery: test: bad data",
        "_reason": "rejected",
    }
    assert q(failing_messages["engine"], "SELECT last_value FROM test_boom_tries") == [(2,)]
    stored = {w for (w,) in q(failing_messages["engine"], "SELECT wa_message_id FROM messages")}
    assert stored == {good[0].wamid, good[1].wamid}
    # Nothing partial of the failed ones: not even their customer.
    assert (
        q(
            failing_messages["engine"],
            "SELECT count(*) FROM customers WHERE wa_id IN ('966500000077', '966500000088')",
        )[0][0]
        == 0
    )


def test_a_batch_stored_one_by_one_still_signals_the_dashboard_and_the_pos_of_its_messages(
    failing_messages, loopback
):
    """A batch that failed is stored delivery by delivery: each stored message still reaches the
    restaurant's open dashboards (the live signal) and its outgoing webhook at once (the dispatcher
    queued with its job, not left to the periodic sweep), though the last delivery stored was one
    for a number no restaurant has (nothing to signal, nothing to dispatch)."""
    from crm_res.db import get_redis, session_scope
    from crm_res.jobs.queues import DEFAULT, queue
    from crm_res.jobs.traced_worker import TracedWorker
    from crm_res.models import WebhookEndpoint
    from crm_res.services.api.webhook_endpoints import new_secret
    from tests.fixtures.live import live_subscriber, payloads
    from tests.fixtures.webhooks import Receiver

    rid = failing_messages["restaurant_id"]
    receiver = Receiver()
    try:
        with session_scope() as s:
            s.add(
                WebhookEndpoint(
                    restaurant_id=rid, url=receiver.url, events=["message:new"], secret=new_secret()
                )
            )
        mine = wa.text_message(PNID, "966500000055", "hello")
        boom = wa.text_message(PNID, "966500000077", "boom")
        nobody = wa.text_message("pn-nobody", "966500000066", "hi")
        with live_subscriber() as sub:
            answers = _batch(*(wa.encode(wa.delivery(ev)) for ev in (mine, boom, nobody)))
            assert [code for code, _ in answers] == [200, 503, 200]
            assert payloads(sub) == [f"{rid}:inbound"]
        # Only the outgoing-webhook queue: the customer's message waits, its reply (which would
        # queue the dispatcher too) is never written.
        TracedWorker([queue(DEFAULT)], connection=get_redis()).work(burst=True, logging_level="WARNING")
        events = [json.loads(r["body"]) for r in receiver.ok()]
        assert [e["type"] for e in events] == ["message:new"]
        assert events[0]["data"]["message"]["content"] == "hello"
    finally:
        receiver.close()


def test_transient_conflicts_are_retried_before_anyone_hears_of_them(channel, caplog):
    """A serialization failure (40001) twice in a row: the batch is tried again and stored once, 200."""
    engine = channel["engine"]
    with engine.begin() as conn:
        conn.execute(text("CREATE SEQUENCE IF NOT EXISTS test_conflicts"))  # survives the rollbacks
        conn.execute(
            text("""
            CREATE OR REPLACE FUNCTION test_conflict() RETURNS trigger AS $$
            BEGIN
                IF nextval('test_conflicts') <= 2 THEN
                    RAISE EXCEPTION 'test: could not serialize' USING ERRCODE = '40001';
                END IF;
                RETURN NEW;
            END $$ LANGUAGE plpgsql""")
        )
        conn.execute(
            text(
                "CREATE TRIGGER test_conflict BEFORE INSERT ON messages "
                "FOR EACH ROW EXECUTE FUNCTION test_conflict()"
            )
        )
    try:
        ev = wa.text_message(PNID, CUSTOMER, "hello")
        with caplog.at_level("INFO", logger="crm_res.webhook"):
            assert post(channel["client"], ev).status_code == 200
        assert q(engine, "SELECT count(*) FROM messages WHERE wa_message_id = :w", w=ev.wamid)[0][0] == 1
        retried = [r.getMessage() for r in caplog.records if r.name == "crm_res.webhook"]
        assert retried.count("webhook: 1 deliveries retried after 40001") == 2  # what the operator reads
    finally:
        with engine.begin() as conn:
            conn.execute(text("DROP TRIGGER IF EXISTS test_conflict ON messages"))
            conn.execute(text("DROP SEQUENCE IF EXISTS test_conflicts"))


def test_a_conflict_that_never_clears_costs_three_tries_and_only_its_own_delivery(channel):
    """A delivery whose transaction always hits a serialization failure (40001): its batch is tried
    three times, then each delivery alone (three more tries for that one, no more: Meta waits on
    the answer); its request answers 503 (Meta redelivers), its batch neighbour is stored, 200."""
    engine = channel["engine"]
    with engine.begin() as conn:
        conn.execute(text("CREATE SEQUENCE IF NOT EXISTS test_conflicts"))  # survives the rollbacks
        conn.execute(
            text("""
            CREATE OR REPLACE FUNCTION test_conflict() RETURNS trigger AS $$
            BEGIN
                IF NEW.body = 'conflict' THEN
                    PERFORM nextval('test_conflicts');
                    RAISE EXCEPTION 'test: could not serialize' USING ERRCODE = '40001';
                END IF;
                RETURN NEW;
            END $$ LANGUAGE plpgsql""")
        )
        conn.execute(
            text(
                "CREATE TRIGGER test_conflict BEFORE INSERT ON messages "
                "FOR EACH ROW EXECUTE FUNCTION test_conflict()"
            )
        )
    try:
        fine = wa.text_message(PNID, "966500000031", "fine")
        stuck = wa.text_message(PNID, "966500000032", "conflict")
        answers = _batch(wa.encode(wa.delivery(fine)), wa.encode(wa.delivery(stuck)))
        assert [code for code, _ in answers] == [200, 503]
        assert answers[1][1]["error"] == "database unavailable"
        assert q(engine, "SELECT last_value FROM test_conflicts") == [(6,)]  # 3 as a batch, 3 alone
        assert {w for (w,) in q(engine, "SELECT wa_message_id FROM messages")} == {fine.wamid}
    finally:
        with engine.begin() as conn:
            conn.execute(text("DROP TRIGGER IF EXISTS test_conflict ON messages"))
            conn.execute(text("DROP SEQUENCE IF EXISTS test_conflicts"))


def test_nul_character_in_a_text_is_stored_not_refused(channel):
    """A "\\u0000" in a customer's text (Postgres refuses NUL) is stored with U+FFFD in its place, 200."""
    ev = wa.text_message(PNID, CUSTOMER, "order\u0000 please")
    neighbour = wa.text_message(PNID, "966500000099", "and mine")
    answers = _batch(*(json.dumps(wa.delivery(e)).encode() for e in (ev, neighbour)))
    assert [code for code, _ in answers] == [200, 200]
    [(body, payload)] = q(
        channel["engine"], "SELECT body, payload FROM messages WHERE wa_message_id = :w", w=ev.wamid
    )
    assert body == "order\ufffd please" and payload["raw"]["text"]["body"] == body
    assert q(channel["engine"], "SELECT count(*) FROM messages")[0][0] == 2


def test_delivery_with_only_value_level_errors_is_logged(channel, caplog):
    """Meta's errors about the number itself (no messages, no statuses): 200 and a log line each,
    with its code, the number, its title (else its message) and its details when given."""
    value = {
        "messaging_product": "whatsapp",
        "metadata": {"display_phone_number": "1", "phone_number_id": PNID},
        "errors": [
            {"code": 131000, "title": "Something went wrong", "message": "x"},
            {
                "code": 131042,
                "message": "Business eligibility payment issue",
                "error_data": {"details": "no card"},
            },
            {"code": 131999},  # neither title nor message
        ],
    }
    raw = json.dumps(
        {
            "object": "whatsapp_business_account",
            "entry": [{"id": "1", "changes": [{"field": "messages", "value": value}]}],
        }
    ).encode()
    r = post(channel["client"], raw=raw)
    assert r.status_code == 200
    assert [r.getMessage() for r in caplog.records if "Meta reports error" in r.getMessage()] == [
        f"webhook: Meta reports error 131000 for phone_number_id {PNID!r}: Something went wrong",
        f"webhook: Meta reports error 131042 for phone_number_id {PNID!r}: Business eligibility payment issue (no card)",
        f"webhook: Meta reports error 131999 for phone_number_id {PNID!r}: ",
    ]


# --------------------------------------------------------------------------- retries, the sweeper, the cap


def test_sweeper_does_not_cut_a_retry_after_short(channel):
    """A 429 with Retry-After 120 s: the sweeper leaves the row alone until then, and picks it up after."""
    from crm_res.jobs import sweep
    from crm_res.services.outbox.sending import send_outbox

    oid = queue_reply(channel["engine"], channel["restaurant_id"])
    channel["graph"].fail_next(429, retry_after=120)
    outcome = send_outbox(engine=channel["engine"], outbox_id=oid)
    assert outcome.status == "retry" and outcome.retry_in >= 120
    [(status, wait)] = q(
        channel["engine"], "SELECT status, extract(epoch FROM not_before - now()) FROM outbox"
    )
    assert status == "pending" and 115 < wait <= 122
    for now in (datetime.now(UTC), datetime.now(UTC) + timedelta(seconds=100)):
        assert "0 outbox" in sweep.requeue_stale(now=now)
    run_worker()
    assert len(channel["graph"].requests) == 1  # only the refused post
    with channel["engine"].begin() as conn:  # two minutes later
        conn.execute(text("UPDATE outbox SET not_before = now() - interval '1 minute'"))
    assert "1 outbox" in sweep.requeue_stale()
    run_worker()
    assert len(channel["graph"].wait_for(1)) == 1
    assert q(channel["engine"], "SELECT status, attempts FROM outbox") == [("sent", 2)]


def test_sweeper_leaves_rows_whose_job_is_alive(channel):
    """An overdue row whose send job is still queued is not enqueued a second time."""
    from crm_res.jobs import sweep
    from crm_res.jobs.enqueue import enqueue_send

    oid = queue_reply(channel["engine"], channel["restaurant_id"])
    with channel["engine"].begin() as conn:
        conn.execute(text("UPDATE outbox SET not_before = now() - interval '5 minutes'"))
    enqueue_send(oid)
    assert sweep.live_send_jobs() == {oid}
    assert "0 outbox" in sweep.requeue_stale()
    from crm_res.jobs.queues import OUTBOUND, queue

    queue(OUTBOUND).empty()  # the job is lost
    assert "1 outbox" in sweep.requeue_stale()


def test_waiting_for_the_throughput_cap_is_not_an_attempt(channel, monkeypatch):
    """No slot under the per-number cap: the row goes back to pending, due in a second, attempts unchanged."""
    from crm_res.services.outbox import sending

    oid = queue_reply(channel["engine"], channel["restaurant_id"])
    monkeypatch.setattr(sending, "wait_for_send_slot", lambda *a, **k: False)
    for _ in range(3):
        outcome = sending.send_outbox(engine=channel["engine"], outbox_id=oid)
        assert outcome.status == "retry" and outcome.reason == "throughput cap"
    [(status, attempts, wait)] = q(
        channel["engine"], "SELECT status, attempts, extract(epoch FROM not_before - now()) FROM outbox"
    )
    assert (status, attempts) == ("pending", 0) and 0 < wait <= 1.5
    assert channel["graph"].requests == []


def test_the_cap_is_a_shared_moving_window_per_number(redis_conn):
    """`limits` in the app's Redis: a number's slots run out within a second; another number is unaffected."""
    from crm_res.services.outbox import sending

    sending._limiter.cache_clear()
    allowed = max(1, int(10 * sending.CAP_HEADROOM))
    assert all(sending.wait_for_send_slot("pn-a", 10, max_wait=0) for _ in range(allowed))
    assert sending.wait_for_send_slot("pn-a", 10, max_wait=0) is False
    assert sending.wait_for_send_slot("pn-b", 10, max_wait=0) is True
    assert any(key.startswith(b"LIMITS:") for key in redis_conn.keys())  # in the shared Redis db
    assert sending.wait_for_send_slot("pn-a", 10, max_wait=2) is True  # a slot frees within the second


def test_limits_storage_uri_for_a_unix_socket():
    """A unix:// Redis URL becomes limits' redis+unix:// and reaches the same socket and db."""
    from limits.storage import RedisStorage

    from crm_res.services.outbox.sending import limits_storage_uri

    assert limits_storage_uri("redis://127.0.0.1:6379/3") == "redis://127.0.0.1:6379/3"
    uri = limits_storage_uri("unix:///tmp/crm-res-redis.sock?db=3")
    assert uri == "redis+unix:///tmp/crm-res-redis.sock?db=3"
    kwargs = RedisStorage(uri).storage.connection_pool.connection_kwargs
    assert kwargs["path"] == "/tmp/crm-res-redis.sock" and int(kwargs["db"]) == 3


# --------------------------------------------------------------------------- sends with an unknown outcome


def test_unknown_outcome_waits_the_configured_grace_then_resends_once_and_records_it(
    channel, monkeypatch, caplog
):
    """A reply left "sending" waits the grace (20 s default, configurable) for a status; then one resend, logged and recorded."""
    from crm_res.services.outbox import sending
    from crm_res.settings import get_settings

    oid = queue_reply(channel["engine"], channel["restaurant_id"])
    with channel["engine"].begin() as conn:
        conn.execute(text("UPDATE outbox SET status='sending', sending_started_at = now(), attempts = 1"))
    soon = datetime.now(UTC) + timedelta(seconds=12)
    outcome = sending.send_outbox(engine=channel["engine"], outbox_id=oid, now=soon)
    assert outcome.status == "reconcile" and 6 < outcome.retry_in <= 9
    monkeypatch.setenv("WHATSAPP_UNKNOWN_SEND_GRACE_SECONDS", "60")
    get_settings.cache_clear()
    assert sending.send_outbox(engine=channel["engine"], outbox_id=oid).status == "reconcile"
    later = datetime.now(UTC) + timedelta(seconds=61)
    assert sending.send_outbox(engine=channel["engine"], outbox_id=oid, now=later).status == "sent"
    assert len(channel["graph"].sent) == 1
    assert "sending again" in caplog.text
    [(kind, subject, data)] = q(channel["engine"], "SELECT kind, subject_id, data FROM events")
    assert kind == "outbox.resent_unconfirmed" and subject == str(oid) and data["waited_seconds"] >= 60


def test_sweeper_leaves_an_unconfirmed_send_alone_during_its_grace(channel):
    """A row left "sending" is not re-enqueued by the sweeper before its grace is over."""
    from crm_res.jobs import sweep

    queue_reply(channel["engine"], channel["restaurant_id"])
    with channel["engine"].begin() as conn:
        conn.execute(
            text(
                "UPDATE outbox SET status='sending', sending_started_at = now() - interval '10 seconds', "
                "not_before = now() - interval '5 minutes', attempts = 1"
            )
        )
    assert "0 outbox" in sweep.requeue_stale()
    assert "1 outbox" in sweep.requeue_stale(now=datetime.now(UTC) + timedelta(seconds=11))


_KILLED_SENDER = """
import sys, time
from crm_res.db import get_engine
from crm_res.services.outbox import sending

def stop_before_storing_the_wamid(*args, **kwargs):
    print("posted", flush=True)
    time.sleep(120)  # SIGKILLed here by the test

sending.record_sent = stop_before_storing_the_wamid
sending.send_outbox(engine=get_engine(), outbox_id=int(sys.argv[1]))
print("not killed", flush=True)
"""


def test_sender_process_sigkilled_after_the_post_is_settled_by_the_status_webhook(channel):
    """A real process posts, is SIGKILLed before storing the wamid; the status webhook makes the row sent, no second post."""
    import os
    import signal
    import subprocess
    import sys
    from pathlib import Path

    from crm_res.jobs import sweep
    from crm_res.services.outbox import sending

    oid = queue_reply(channel["engine"], channel["restaurant_id"])
    root = Path(__file__).resolve().parents[2]
    proc = subprocess.Popen(
        [sys.executable, "-c", _KILLED_SENDER, str(oid)],
        cwd=root,
        env=dict(os.environ),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        line = proc.stdout.readline()  # type: ignore[union-attr]
        assert line.strip() == "posted", proc.stderr.read() if proc.stderr else ""  # type: ignore[union-attr]
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=10)
    assert proc.returncode == -signal.SIGKILL
    [accepted] = channel["graph"].sent
    assert accepted.json["biz_opaque_callback_data"] == f"outbox:{oid}"
    assert q(channel["engine"], "SELECT status, wa_message_id FROM outbox") == [("sending", None)]
    # The job's rerun and the sweeper leave it alone while its status may still come.
    assert sending.send_outbox(engine=channel["engine"], outbox_id=oid).status == "reconcile"
    assert "0 outbox" in sweep.requeue_stale(now=datetime.now(UTC) + timedelta(seconds=10))
    status = wa.status(PNID, accepted.wamid, "sent")
    status.data["biz_opaque_callback_data"] = f"outbox:{oid}"
    assert post(channel["client"], status).status_code == 200
    assert q(channel["engine"], "SELECT status, wa_message_id FROM outbox") == [("sent", accepted.wamid)]
    assert q(channel["engine"], "SELECT status FROM messages WHERE wa_message_id = :w", w=accepted.wamid) == [
        ("sent",)
    ]
    much_later = datetime.now(UTC) + timedelta(hours=1)
    assert sending.send_outbox(engine=channel["engine"], outbox_id=oid, now=much_later).status == "skipped"
    assert "0 outbox" in sweep.requeue_stale(now=much_later)
    assert len(channel["graph"].requests) == 1


# --------------------------------------------------------------------------- conversations


def _conversations(engine):  # type: ignore[no-untyped-def]
    return q(engine, "SELECT status::text FROM conversations ORDER BY started_at")


def test_redelivered_old_message_neither_reopens_nor_starts_a_conversation(channel):
    """Meta redelivering a message already stored leaves a resolved conversation resolved, and starts none."""
    engine = channel["engine"]
    ev = wa.text_message(PNID, CUSTOMER, "hello")
    assert post(channel["client"], ev).status_code == 200
    [(seen_at,)] = q(engine, "SELECT last_inbound_at FROM customers")
    for resolved_ago in ("1 hour", "7 hours"):  # within the reopen gap, then beyond it
        with engine.begin() as conn:
            conn.execute(
                text(
                    f"UPDATE conversations SET status = 'resolved', resolved_at = now() - interval '{resolved_ago}'"
                )
            )
        assert post(channel["client"], ev).status_code == 200
        assert _conversations(engine) == [("resolved",)]
    assert q(engine, "SELECT count(*) FROM messages")[0][0] == 1
    assert q(engine, "SELECT last_inbound_at FROM customers") == [(seen_at,)]
    assert post(channel["client"], wa.text_message(PNID, CUSTOMER, "new one")).status_code == 200
    assert _conversations(engine) == [("resolved",), ("active",)]  # a new message still starts one


def test_reopen_gap_is_configurable_per_restaurant_and_by_default(channel, monkeypatch):
    """`settings["reopen_gap_hours"]` (else CONVERSATION_REOPEN_GAP_HOURS, 6 h) decides reopen versus new conversation."""
    from crm_res.services.channel import ingest
    from crm_res.settings import get_settings

    engine = channel["engine"]

    def resolve_and_write(ago: str) -> None:
        with engine.begin() as conn:
            conn.execute(
                text(
                    f"UPDATE conversations SET status = 'resolved', resolved_at = now() - interval '{ago}' "
                    "WHERE status = 'active'"
                )
            )
        ingest.directory.clear()
        assert post(channel["client"], wa.text_message(PNID, CUSTOMER, f"after {ago}")).status_code == 200

    def set_gap(hours: float | None) -> None:
        with engine.begin() as conn:
            conn.execute(
                text(
                    "UPDATE restaurants SET settings = (settings - 'reopen_gap_hours') || CAST(:s AS jsonb)"
                ),
                {"s": json.dumps({} if hours is None else {"reopen_gap_hours": hours})},
            )

    post(channel["client"], wa.text_message(PNID, CUSTOMER, "first"))
    resolve_and_write("2 hours")  # default 6 h: reopened
    assert _conversations(engine) == [("active",)]
    set_gap(1)
    resolve_and_write("2 hours")  # this restaurant: 1 h → a new conversation
    assert _conversations(engine) == [("resolved",), ("active",)]
    set_gap(48)
    resolve_and_write("30 hours")  # 48 h → reopened
    assert _conversations(engine) == [("resolved",), ("active",)]
    set_gap(None)
    monkeypatch.setenv("CONVERSATION_REOPEN_GAP_HOURS", "0.5")
    get_settings.cache_clear()
    resolve_and_write("1 hour")  # the configured default, 30 min → new
    assert _conversations(engine) == [("resolved",), ("resolved",), ("active",)]


# --------------------------------------------------------------------------- simulator


def test_simulator_replies_are_sandbox_even_with_an_access_token(channel, monkeypatch):
    """The owner's simulator chat goes through the real webhook, but its replies are never posted to the Cloud API."""

    from crm_res.db import session_scope
    from crm_res.models import Role
    from crm_res.services.accounts.users import viewer_for
    from crm_res.services.admin import simulator

    with session_scope() as s:
        owner = viewer_for(add_user(s, channel["restaurant_id"], "sim@owner.sa", Role.owner))
    simulate(monkeypatch, owner, "966500000001", "مرحبا")
    monkeypatch.undo()
    run_worker()
    assert channel["graph"].requests == []
    assert q(channel["engine"], "SELECT tags FROM customers") == [(["simulator"],)]
    rows = q(
        channel["engine"],
        "SELECT o.status::text, o.wa_message_id, m.status::text FROM outbox o "
        "JOIN messages m ON m.id = o.message_id",
    )
    assert rows and all(
        s == "sent" and w.startswith("wamid.sandbox.") and ms == "sandbox" for s, w, ms in rows
    )
    thread = simulator.simulator_thread  # the phone shows the reply
    from sqlmodel import Session

    with Session(channel["engine"]) as s:
        shown = thread(session=s, viewer=owner, wa_id="966500000001")
    assert [m["direction"] for m in shown][:2] == ["inbound", "outbound"]
    # Times on the phone are the restaurant's (Asia/Riyadh, UTC+3), not the server's UTC.
    assert all(m["at"].endswith("+03:00") for m in shown)


def test_a_failed_status_finds_its_outbox_row_by_index(channel):
    """Marking the outbox row of a failed send reads the wamid index, not the whole outbox."""
    from crm_res.services.channel.ingest import _APPLY_TO_OUTBOX

    with channel["engine"].connect() as conn:
        conn.exec_driver_sql("SET enable_seqscan = off")  # the table is tiny here; is the index usable?
        sql = _APPLY_TO_OUTBOX.replace("%(w)s", "'[\"wamid.x\"]'")
        plan = "\n".join(r[0] for r in conn.exec_driver_sql("EXPLAIN " + sql))
    assert "ix_outbox_wa_message_id" in plan, plan


def test_stored_deliveries_and_sent_replies_signal_open_dashboards_after_commit(channel, monkeypatch):
    """A stored delivery tells open dashboards in the Redis round trip that queues its processing
    (no extra round trip, nothing in the Postgres transaction); a delivery of statuses only tells
    them too; a reply the worker sent tells them once its wamid is committed."""
    from redis.client import Pipeline

    from tests.fixtures.live import live_subscriber, payloads

    rounds: list[list[str]] = []
    execute = Pipeline.execute

    def recorded(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        rounds.append([str(command[0]).upper() for command, _ in self.command_stack])
        return execute(self, *args, **kwargs)

    rid = channel["restaurant_id"]
    with live_subscriber() as sub:
        monkeypatch.setattr(Pipeline, "execute", recorded)
        assert post(channel["client"], wa.text_message(PNID, CUSTOMER, "مرحبا")).status_code == 200
        monkeypatch.setattr(Pipeline, "execute", execute)
        assert payloads(sub) == [f"{rid}:inbound"]
        [enqueue] = [r for r in rounds if "PUBLISH" in r]
        assert "RPUSH" in enqueue  # the job and the signal in one pipeline
        run_worker()
        [(wamid,)] = q(channel["engine"], "SELECT wa_message_id FROM outbox WHERE status = 'sent'")
        assert f"{rid}:sent" in payloads(sub)
        assert post(channel["client"], wa.status(PNID, wamid, "delivered")).status_code == 200
        assert payloads(sub) == [f"{rid}:inbound"]
