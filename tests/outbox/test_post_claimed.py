"""What the post hands Meta and what it settles (found by mutation testing, docs/MUTATION.md,
session of 2026-12-06 (3)): the body is the Cloud API message alone, with our callback data; a
reply that carries `template_params` for a template swap (an order status update) posts them to
no one."""

from __future__ import annotations

from sqlalchemy import text

from tests.fixtures.channel import q, queue_reply


def test_a_reply_carrying_template_params_is_posted_without_them_and_with_its_callback_data(channel):
    """An order status update in the 24-hour window is a plain text message whose payload also holds
    `template_params` (for the template it becomes outside the window): the body Meta receives is the
    text message alone, plus `biz_opaque_callback_data = outbox:<id>` (a status webhook echoes it)."""
    from crm_res.services.outbox.sending import send_outbox

    engine = channel["engine"]
    oid = queue_reply(engine, channel["restaurant_id"], body="طلبك جاهز")
    with engine.begin() as conn:
        conn.execute(
            text(
                """UPDATE outbox SET payload = payload || '{"template_params": {"order_number": "1001"}}'"""
                " WHERE id = :id"
            ),
            {"id": oid},
        )
    assert send_outbox(engine=engine, outbox_id=oid).status == "sent"
    [posted] = channel["graph"].sent
    assert posted.json["biz_opaque_callback_data"] == f"outbox:{oid}"
    assert "template_params" not in posted.json
    assert (posted.type, posted.text) == ("text", "طلبك جاهز")
    assert q(engine, "SELECT status, wa_message_id FROM outbox") == [("sent", posted.wamid)]


def _spy_on_the_cap(monkeypatch, answer: bool | None = None) -> list[tuple]:  # type: ignore[no-untyped-def]
    """Record every slot the post asks the cap for; `answer` None: the real cap answers."""
    from crm_res.services.outbox import sending

    asked: list[tuple] = []
    real = sending.wait_for_send_slot

    def wait_for_send_slot(phone_number_id, per_second, max_wait=10.0, *, bulk=False):  # type: ignore[no-untyped-def]
        asked.append((phone_number_id, per_second, max_wait, bulk))
        return real(phone_number_id, per_second, max_wait, bulk=bulk) if answer is None else answer

    monkeypatch.setattr(sending, "wait_for_send_slot", wait_for_send_slot)
    return asked


def test_the_post_asks_the_cap_at_the_restaurants_own_rate_and_in_the_bulk_window_for_business_sends(
    channel, monkeypatch
):
    """Each post takes a slot of its number right before it goes: at the restaurant's own rate when
    it has one (else WHATSAPP_RATE_PER_SECOND), waiting up to 10 s, in the bulk window for a
    business-initiated row; a reply to the owner's simulator chat (sandbox) asks for none."""
    from crm_res.services.outbox.sending import send_outbox
    from crm_res.settings import get_settings
    from tests.fixtures.channel import PNID

    engine, asked = channel["engine"], _spy_on_the_cap(monkeypatch)
    reply = queue_reply(engine, channel["restaurant_id"])
    assert send_outbox(engine=engine, outbox_id=reply).status == "sent"
    assert asked == [(PNID, get_settings().whatsapp_rate_per_second, 10.0, False)]

    with engine.begin() as conn:
        conn.execute(
            text("UPDATE restaurants SET settings = :s WHERE id = :id"),
            {"s": '{"rate_per_second": 7}', "id": channel["restaurant_id"]},
        )
    asked.clear()
    for purpose in ("reply", "feedback_request"):
        oid = queue_reply(engine, channel["restaurant_id"], purpose=purpose)
        assert send_outbox(engine=engine, outbox_id=oid).status == "sent"
    assert asked == [(PNID, 7, 10.0, False), (PNID, 7, 10.0, True)]

    with engine.begin() as conn:
        conn.execute(text("UPDATE customers SET is_test = true"))
    asked.clear()
    simulated = queue_reply(engine, channel["restaurant_id"])
    assert send_outbox(engine=engine, outbox_id=simulated).status == "sent"
    assert asked == []
    assert q(
        engine,
        "SELECT m.status FROM messages m JOIN outbox o ON o.message_id = m.id WHERE o.id = :id",
        id=simulated,
    ) == [("sandbox",)]
    assert len(channel["graph"].sent) == 3


def test_no_slot_in_time_releases_the_row_for_a_second_counted_as_held_for_the_cap(channel, monkeypatch):
    """The cap gives no slot within the wait: the row goes back to pending, due in a second, the
    claim's attempt taken back, "throughput cap" kept as its reason; counted once as held for the
    cap; nothing posted."""
    from crm_res import metrics
    from crm_res.services.outbox.sending import send_outbox

    engine = channel["engine"]
    _spy_on_the_cap(monkeypatch, answer=False)
    oid = queue_reply(engine, channel["restaurant_id"])
    before = metrics.OUTBOX_HELD.labels("cap")._value.get()
    outcome = send_outbox(engine=engine, outbox_id=oid)
    assert (outcome.status, outcome.reason, outcome.retry_in) == ("retry", "throughput cap", 1.0)
    assert q(engine, "SELECT status, attempts, last_error FROM outbox") == [("pending", 0, "throughput cap")]
    assert metrics.OUTBOX_HELD.labels("cap")._value.get() == before + 1
    assert channel["graph"].requests == []


def test_a_claim_taken_back_before_its_post_is_not_posted(channel, monkeypatch):
    """`before_post` (the bulk sender's on-the-wire mark) is asked after the slot (taken within the caller's `max_wait`),
    right before the request: False, the row is not posted ("skipped", taken back before its post) and left as it
    is; True, it is posted."""
    from crm_res.services.outbox.sending import Claimed, Posted, post_claimed
    from tests.fixtures.channel import PNID

    engine = channel["engine"]
    asked = _spy_on_the_cap(monkeypatch)
    oid = queue_reply(engine, channel["restaurant_id"], body="لحظة")
    [(payload,)] = q(engine, "SELECT payload FROM outbox")
    claimed = Claimed(payload, "reply", PNID, None, {}, False)
    order: list[str] = []

    def before_post(answer: bool):  # type: ignore[no-untyped-def]
        def ask() -> bool:
            order.append(f"asked after {len(asked)} slot(s)")
            return answer

        return ask

    outcome = post_claimed(engine, oid, claimed, max_wait=2.0, before_post=before_post(False))
    assert (outcome.status, outcome.reason) == ("skipped", "taken back before its post")
    assert channel["graph"].requests == []
    assert q(engine, "SELECT status, attempts FROM outbox") == [("pending", 0)]
    posted = post_claimed(engine, oid, claimed, max_wait=2.0, before_post=before_post(True))
    assert isinstance(posted, Posted) and posted.outbox_id == oid and posted.sandbox is False
    assert order == ["asked after 1 slot(s)", "asked after 2 slot(s)"]
    assert [wait for _pn, _rate, wait, _bulk in asked] == [2.0, 2.0]  # the caller's wait (bulk: 2 s)
    [sent] = channel["graph"].sent
    assert (sent.text, posted.wamid) == ("لحظة", sent.wamid)


def test_a_refusal_with_neither_title_nor_message_fails_the_row_as_refused(channel):
    """Meta refuses with a bare error (a code, no title, no message): the row fails with the reason
    "refused: …" and the code, not with an empty reason."""
    from crm_res.services.outbox.sending import send_outbox
    from tests.fakes.fake_graph import Canned

    engine = channel["engine"]
    channel["graph"].respond_next(Canned(400, {"error": {"code": 131009, "type": "OAuthException"}}))
    oid = queue_reply(engine, channel["restaurant_id"])
    outcome = send_outbox(engine=engine, outbox_id=oid)
    assert outcome.status == "failed" and (outcome.reason or "").startswith("refused: "), outcome.reason
    [(status, last_error)] = q(engine, "SELECT status, last_error FROM outbox")
    assert status == "failed" and last_error == outcome.reason
    assert q(engine, "SELECT error_code FROM messages") == [(131009,)]
