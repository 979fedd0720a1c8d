"""Which template a reply outside the 24-hour window becomes, and what it is filled with (found by
mutation testing, docs/MUTATION.md, session of 2026-12-07 (3): `_template_for` could take another
restaurant's template, one for another purpose or one Meta has not approved, pick the wrong
language, or fill the parameters wrongly, and no test noticed). Checked on what the fake Graph API
received."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import text
from sqlmodel import Session

from tests.fixtures.channel import CUSTOMER, q, queue_reply


def _template(engine, restaurant_id, name: str, *, language: str = "ar", purpose: str = "reply", **fields):  # type: ignore[no-untyped-def]
    from crm_res.models import MessageTemplate

    with Session(engine) as s:
        s.add(
            MessageTemplate(
                restaurant_id=restaurant_id, name=name, language=language, purpose=purpose, **fields
            )
        )
        s.commit()


def _send_late_reply(channel, payload_extra: dict | None = None):  # type: ignore[no-untyped-def]
    """A reply queued 25 h after the customer's last message, sent; (its outcome, what was posted)."""
    import json

    from crm_res.services.outbox.sending import send_outbox

    engine = channel["engine"]
    oid = queue_reply(
        engine, channel["restaurant_id"], body="ردّ", last_inbound=datetime.now(UTC) - timedelta(hours=25)
    )
    if payload_extra:
        with engine.begin() as conn:
            conn.execute(
                text("UPDATE outbox SET payload = payload || CAST(:p AS jsonb) WHERE id = :id"),
                {"p": json.dumps(payload_extra), "id": oid},
            )
    before = len(channel["graph"].sent)
    outcome = send_outbox(engine=engine, outbox_id=oid)
    posted = channel["graph"].sent[before:]
    return outcome, posted


def _template_of(posted) -> tuple[str, str]:  # type: ignore[no-untyped-def]
    [sent] = posted
    assert sent.json["type"] == "template"
    return sent.json["template"]["name"], sent.json["template"]["language"]["code"]


def _body(posted) -> list[str]:  # type: ignore[no-untyped-def]
    [sent] = posted
    [component] = [c for c in sent.json["template"]["components"] if c["type"] == "body"]
    return [p["text"] for p in component["parameters"]]


def test_only_the_restaurants_own_approved_template_for_the_purpose_is_used(channel):
    """Another restaurant's approved reply template, this restaurant's approved template for another
    purpose, and its reply template Meta has not approved (pending, rejected) are no template for
    the reply: it fails for the window, nothing is posted. With an approved one, that one goes."""
    from crm_res.db import session_scope
    from crm_res.services.admin.restaurants import create_restaurant

    engine, rid = channel["engine"], channel["restaurant_id"]
    with session_scope() as s:
        other = create_restaurant(
            session=s, name_ar="مطعم آخر", name_en="Other Diner", phone_number_id="pn-other"
        )
        other_id = other.id
    _template(engine, other_id, "others_reply")
    _template(engine, rid, "our_feedback", purpose="feedback_request")
    _template(engine, rid, "our_pending_reply", status="pending")
    _template(engine, rid, "our_rejected_reply", status="rejected")

    outcome, posted = _send_late_reply(channel)
    assert outcome.status == "failed" and "no approved template for 'reply'" in (outcome.reason or "")
    assert posted == []

    _template(engine, rid, "our_reply")
    outcome, posted = _send_late_reply(channel)
    assert outcome.status == "sent" and _template_of(posted) == ("our_reply", "ar")
    assert posted[0].json["to"] == CUSTOMER


@pytest.mark.parametrize("english_first", [False, True])
@pytest.mark.parametrize("language, expected", [("ar-SA", "ar"), ("ar-EG", "ar"), ("en", "en_US")])
def test_the_template_in_the_customers_language_is_chosen_whatever_the_order(
    channel, english_first, language, expected
):
    """An English-speaking customer gets the English template, an Arabic-speaking one (any Arabic
    variant) the Arabic one, whichever of the two the restaurant added first."""
    engine, rid = channel["engine"], channel["restaurant_id"]
    for code in ("en_US", "ar") if english_first else ("ar", "en_US"):
        _template(engine, rid, "reply_t", language=code)
    queue_reply(engine, rid)  # makes the customer
    with engine.begin() as conn:
        conn.execute(text("DELETE FROM outbox"))
        conn.execute(text("UPDATE customers SET language_preference = :l"), {"l": language})
    outcome, posted = _send_late_reply(channel)
    assert outcome.status == "sent" and _template_of(posted) == ("reply_t", expected)


def test_with_no_template_in_the_customers_language_the_one_there_is_goes(channel):
    """An English-speaking customer, and the restaurant has only the Arabic template: it goes."""
    engine, rid = channel["engine"], channel["restaurant_id"]
    _template(engine, rid, "reply_ar_only", language="ar")
    queue_reply(engine, rid)
    with engine.begin() as conn:
        conn.execute(text("DELETE FROM outbox"))
        conn.execute(text("UPDATE customers SET language_preference = 'en'"))
    outcome, posted = _send_late_reply(channel)
    assert outcome.status == "sent" and _template_of(posted) == ("reply_ar_only", "ar")


def test_the_template_is_filled_from_the_rows_params_and_the_customers_name_else_a_dash(channel):
    """The values come from the row's `template_params` (an order status update carries them), the
    customer's name fills `customer_name` unless the params name it, and a parameter with no value
    (or a nameless customer) is sent as "-", never empty or invented."""
    engine, rid = channel["engine"], channel["restaurant_id"]
    _template(engine, rid, "status_t", parameters=["customer_name", "order_number", "eta"])
    queue_reply(engine, rid)
    with engine.begin() as conn:
        conn.execute(text("DELETE FROM outbox"))
        conn.execute(text("UPDATE customers SET name = 'Maha'"))

    outcome, posted = _send_late_reply(channel, {"template_params": {"order_number": "1001"}})
    assert outcome.status == "sent" and _body(posted) == ["Maha", "1001", "-"]

    outcome, posted = _send_late_reply(
        channel, {"template_params": {"customer_name": "Ms Maha", "eta": "20"}}
    )
    assert outcome.status == "sent" and _body(posted) == ["Ms Maha", "-", "20"]

    with engine.begin() as conn:
        conn.execute(text("UPDATE customers SET name = NULL"))
    outcome, posted = _send_late_reply(channel)
    assert outcome.status == "sent" and _body(posted) == ["-", "-", "-"]
    assert q(engine, "SELECT count(*) FROM outbox WHERE status = 'sent' AND kind = 'template'") == [(3,)]
