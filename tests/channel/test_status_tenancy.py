"""Delivery statuses belong to the restaurant whose phone number id they came under."""

from __future__ import annotations

from tests.fakes import wa_payloads as wa
from tests.fixtures.channel import PNID, post, q, queue_reply

OTHER_PNID = "pn-status-other"


def _sent_reply(channel) -> str:  # type: ignore[no-untyped-def]
    """Restaurant C (the channel's) sends a reply; returns its wamid."""
    from crm_res.db import session_scope
    from crm_res.services.admin.restaurants import create_restaurant
    from crm_res.services.outbox.sending import send_outbox

    with session_scope() as s:
        create_restaurant(session=s, name_ar="مطعم ب", name_en="Diner B", phone_number_id=OTHER_PNID)
    oid = queue_reply(channel["engine"], channel["restaurant_id"])
    assert send_outbox(engine=channel["engine"], outbox_id=oid).status == "sent"
    [(wamid,)] = q(channel["engine"], "SELECT wa_message_id FROM outbox WHERE id = :i", i=oid)
    return wamid


def test_a_status_under_another_restaurants_number_leaves_the_message_alone(channel):
    """A 'failed' sent under restaurant B's phone number id does not fail restaurant C's message or outbox row."""
    wamid = _sent_reply(channel)
    forged = wa.status(OTHER_PNID, wamid, "failed", errors=[wa.status_error()])
    assert post(channel["client"], forged).status_code == 200
    assert q(
        channel["engine"], "SELECT status::text, error_code FROM messages WHERE wa_message_id = :w", w=wamid
    ) == [("sent", None)]
    assert q(channel["engine"], "SELECT status::text FROM outbox WHERE wa_message_id = :w", w=wamid) == [
        ("sent",)
    ]


def test_a_forged_status_does_not_block_the_real_one(channel):
    """After B's forged 'read' and 'failed', C's own statuses for the same wamid still apply."""
    wamid = _sent_reply(channel)
    post(channel["client"], wa.status(OTHER_PNID, wamid, "read"))
    post(channel["client"], wa.status(OTHER_PNID, wamid, "failed", errors=[wa.status_error()]))
    assert post(channel["client"], wa.status(PNID, wamid, "delivered")).status_code == 200
    assert q(channel["engine"], "SELECT status::text FROM messages WHERE wa_message_id = :w", w=wamid) == [
        ("delivered",)
    ]
    post(channel["client"], wa.status(PNID, wamid, "failed", errors=[wa.status_error()]))
    assert q(channel["engine"], "SELECT status::text FROM outbox WHERE wa_message_id = :w", w=wamid) == [
        ("failed",)
    ]


def test_an_early_status_is_applied_only_within_its_restaurant(channel):
    """`apply_status_events` (run when a send learns its wamid) ignores events kept for another restaurant."""
    from crm_res.db import get_engine
    from crm_res.services.channel.ingest import apply_status_events

    wamid = _sent_reply(channel)
    post(channel["client"], wa.status(OTHER_PNID, wamid, "failed", errors=[wa.status_error()]))
    with get_engine().begin() as conn:
        apply_status_events(conn, [wamid])
    assert q(channel["engine"], "SELECT status::text FROM messages WHERE wa_message_id = :w", w=wamid) == [
        ("sent",)
    ]


def test_statuses_of_one_delivery_apply_together(channel):
    """One delivery with several statuses of one reply (and one repeated) is kept as events once
    each and leaves the message at the most advanced; a later 'failed' in a delivery of its own
    fails the outbox row with Meta's reason, and a late 'delivered' changes nothing."""
    wamid = _sent_reply(channel)
    burst = [wa.status(PNID, wamid, s) for s in ("delivered", "sent", "read", "delivered")]
    assert post(channel["client"], *burst).status_code == 200
    assert q(
        channel["engine"],
        "SELECT status FROM message_status_events WHERE wa_message_id = :w ORDER BY 1",
        w=wamid,
    ) == [("delivered",), ("read",), ("sent",)]
    [(status, delivered, read)] = q(
        channel["engine"],
        "SELECT status::text, delivered_at IS NOT NULL, read_at IS NOT NULL FROM messages "
        "WHERE wa_message_id = :w",
        w=wamid,
    )
    assert (status, delivered, read) == ("read", True, True)
    failed = wa.status(PNID, wamid, "failed", errors=[wa.status_error(131026, "Message undeliverable")])
    assert post(channel["client"], failed).status_code == 200
    assert post(channel["client"], wa.status(PNID, wamid, "delivered")).status_code == 200
    assert q(
        channel["engine"], "SELECT status::text, last_error FROM outbox WHERE wa_message_id = :w", w=wamid
    ) == [("failed", "Message undeliverable (131026)")]
    assert q(
        channel["engine"], "SELECT status::text, error_code FROM messages WHERE wa_message_id = :w", w=wamid
    ) == [("failed", 131026)]


def test_a_failed_sends_reason_is_metas_error_title_else_its_message(channel):
    """A failed status fails its outbox row with Meta's error title and code when the error has a
    title (not its longer message), and with the message when it has none (found by mutation
    testing, docs/MUTATION.md: the test payloads had title and message equal)."""
    from crm_res.services.outbox.sending import send_outbox

    wamids = []
    for _ in range(2):
        oid = queue_reply(channel["engine"], channel["restaurant_id"])
        assert send_outbox(engine=channel["engine"], outbox_id=oid).status == "sent"
        [(wamid,)] = q(channel["engine"], "SELECT wa_message_id FROM outbox WHERE id = :i", i=oid)
        wamids.append(wamid)
    titled = {"code": 131049, "title": "Not delivered", "message": "Not delivered to keep engagement healthy"}
    untitled = {"code": 131000, "message": "Something went wrong"}
    failed = [
        wa.status(PNID, w, "failed", errors=[e]) for w, e in zip(wamids, (titled, untitled), strict=True)
    ]
    assert post(channel["client"], *failed).status_code == 200
    assert q(channel["engine"], "SELECT wa_message_id, last_error FROM outbox ORDER BY id") == [
        (wamids[0], "Not delivered (131049)"),
        (wamids[1], "Something went wrong (131000)"),
    ]
