"""Outgoing webhook events of the changes made in plain SQL: a conversation abandoned by the
housekeeping job, a conversation reopened by the webhook's ingestion, and Meta's marketing opt-out
(`user_preferences`). Each reaches a local receiver once, signed, in order with the rest of its
conversation; ingestion has the worker dispatch at once (no periodic sweep in these tests)."""

from __future__ import annotations

import json
import time
from datetime import UTC, datetime, timedelta

from sqlalchemy import text
from standardwebhooks.webhooks import Webhook

from crm_res.db import session_scope
from crm_res.services.api import webhook_endpoints as hooks
from crm_res.services.api.webhook_events import EVENT_TYPES
from crm_res.services.outreach.housekeeping import abandon_idle_conversations
from tests.fakes import wa_payloads as wa
from tests.fixtures.channel import CUSTOMER, PNID, post, q, run_worker
from tests.fixtures.raw_deliveries import preferences_value
from tests.fixtures.webhooks import Receiver, owner_of


def _endpoint(channel, receiver: Receiver) -> dict:  # type: ignore[no-untyped-def]
    with session_scope() as s:
        return hooks.create_webhook_endpoint(
            session=s, viewer=owner_of(channel["restaurant_id"]), url=receiver.url, events=list(EVENT_TYPES)
        )


def _dispatch_queued() -> bool:
    """Whether a dispatcher run is waiting in RQ (queued by a commit, not by the periodic sweep)."""
    from crm_res.jobs.queues import DEFAULT, queue

    job = queue(DEFAULT).fetch_job("wh-dispatch")
    return job is not None and job.get_status(refresh=True) in ("queued", "scheduled", "deferred")


def _drain(receiver: Receiver, want: int, rounds: int = 20) -> None:
    """Run the worker (only: nothing calls the dispatcher directly) until `want` requests came."""
    for _ in range(rounds):
        run_worker()
        if len(receiver.ok()) >= want:
            return
        time.sleep(0.05)


def _events(receiver: Receiver, secret: str) -> list[dict]:
    verifier = Webhook(secret)
    out = []
    for r in receiver.ok():
        verifier.verify(r["body"], {k.lower(): v for k, v in r["headers"].items()})  # raises if not valid
        out.append({**json.loads(r["body"]), "id": r["headers"]["webhook-id"]})
    return out


def test_ingestion_reopening_a_conversation_emits_its_status_first_and_dispatches_at_once(channel, loopback):  # noqa: F811
    """A resolved conversation the customer writes to again is reopened by the ingestion statement:
    the receiver gets `conversation:status` resolved → active before that `message:new`, each
    once; the dispatcher was queued by the ingestion's commit itself."""
    receiver = Receiver()
    try:
        assert (
            post(channel["client"], wa.text_message(PNID, CUSTOMER, "مرحبا", wamid="wamid.R1")).status_code
            == 200
        )
        with channel["engine"].begin() as conn:
            conn.execute(
                text(
                    "UPDATE conversations SET status = 'resolved', resolved_at = now() - interval '5 minutes'"
                )
            )
        ep = _endpoint(channel, receiver)
        from crm_res.jobs.queues import DEFAULT, queue

        queue(DEFAULT).empty()
        assert (
            post(channel["client"], wa.text_message(PNID, CUSTOMER, "رجعت", wamid="wamid.R2")).status_code
            == 200
        )
        assert _dispatch_queued(), "the ingestion's commit did not queue the dispatcher"
        _drain(receiver, 2)
    finally:
        receiver.close()
    events = _events(receiver, ep["secret"])
    mine = [e for e in events if e["type"] in ("conversation:status", "message:new")][:2]  # then the reply's
    assert [e["type"] for e in mine] == ["conversation:status", "message:new"]
    assert mine[0]["data"]["oldStatus"] == "resolved" and mine[0]["data"]["newStatus"] == "active"
    assert mine[0]["data"]["conversationId"] == mine[1]["data"]["conversationId"]
    assert mine[1]["data"]["message"]["content"] == "رجعت"
    assert len({e["id"] for e in events}) == len(events)
    [(status,)] = q(channel["engine"], "SELECT status::text FROM conversations")
    assert status == "active"


def test_abandonment_emits_conversation_status_in_the_same_transaction(channel, loopback):  # noqa: F811
    """Housekeeping's set-based abandonment writes one `conversation:status` active → abandoned per
    conversation and queues the dispatcher after its commit; a rollback takes the events with it."""
    receiver = Receiver()
    try:
        assert (
            post(channel["client"], wa.text_message(PNID, CUSTOMER, "مرحبا", wamid="wamid.A1")).status_code
            == 200
        )
        run_worker()  # the reply, so the conversation is idle and answered
        with channel["engine"].begin() as conn:
            conn.execute(
                text(
                    "UPDATE conversations SET status = 'active', last_message_at = now() - interval '3 days', "
                    "started_at = now() - interval '3 days', handled_by = 'ai'"
                )
            )
        ep = _endpoint(channel, receiver)
        later = datetime.now(UTC) + timedelta(minutes=1)
        with session_scope() as s:  # rolled back: neither the status nor the event stays
            assert (
                abandon_idle_conversations(session=s, now=later, restaurant_id=channel["restaurant_id"]) == 1
            )
            s.rollback()
        assert q(channel["engine"], "SELECT count(*) FROM webhook_deliveries") == [(0,)]
        from crm_res.jobs.queues import DEFAULT, queue

        queue(DEFAULT).empty()
        with session_scope() as s:
            assert (
                abandon_idle_conversations(session=s, now=later, restaurant_id=channel["restaurant_id"]) == 1
            )
        assert _dispatch_queued()
        _drain(receiver, 1)
    finally:
        receiver.close()
    events = [e for e in _events(receiver, ep["secret"]) if e["type"] == "conversation:status"]
    assert len(events) == 1
    assert events[0]["data"]["oldStatus"] == "active" and events[0]["data"]["newStatus"] == "abandoned"


def _opt_out(channel, value: str = "stop"):  # type: ignore[no-untyped-def]
    prefs = preferences_value({"wa_id": CUSTOMER}, value, int(time.time()))
    payload = {
        "object": "whatsapp_business_account",
        "entry": [{"id": "102290129340398", "changes": [{"field": "user_preferences", "value": prefs}]}],
    }
    return post(channel["client"], raw=json.dumps(payload).encode())


def test_meta_opt_out_emits_customer_opted_out_once(channel, loopback):  # noqa: F811
    """`user_preferences` "stop" flips the customer's flag and writes one `customer:opted_out`
    (with the customer and the time); a repeated "stop" writes none; "resume" and "stop" again, one more."""
    receiver = Receiver()
    try:
        assert (
            post(channel["client"], wa.text_message(PNID, CUSTOMER, "مرحبا", wamid="wamid.O1")).status_code
            == 200
        )
        ep = _endpoint(channel, receiver)
        from crm_res.jobs.queues import DEFAULT, queue

        queue(DEFAULT).empty()
        assert _opt_out(channel).status_code == 200
        assert _dispatch_queued()
        assert _opt_out(channel).status_code == 200  # already out: no second event
        _drain(receiver, 1)
        assert _opt_out(channel, "resume").status_code == 200
        assert _opt_out(channel).status_code == 200
        _drain(receiver, 2)
    finally:
        receiver.close()
    out = [e for e in _events(receiver, ep["secret"]) if e["type"] == "customer:opted_out"]
    assert len(out) == 2 and out[0]["id"] != out[1]["id"]
    assert (
        out[0]["data"]["customer"]["whatsappNumber"] == CUSTOMER
        and out[0]["data"]["customer"]["optedOut"] is True
    )
    assert out[0]["data"]["optedOutAt"]
    [(opted,)] = q(channel["engine"], "SELECT opted_out FROM customers")
    assert opted is True
