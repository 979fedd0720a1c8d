"""What the Campaigns page and the inbox badge read from the domain, on real Postgres: the segment
builder's language/dialect/last-order conditions, live counts, failures in words, the limits, the
campaign a conversation answers, and the batched outbox writer's idempotency."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, text
from sqlmodel import Session, select

from crm_res.models import (
    Branch,
    Campaign,
    CampaignRecipient,
    Conversation,
    Customer,
    Language,
    MessageTemplate,
    OutboxMessage,
)
from crm_res.services.access import Viewer
from crm_res.services.campaigns import actions as dash
from crm_res.services.campaigns import board
from crm_res.services.errors import InvalidInput
from crm_res.services.outbox.outbox import BulkSend, queue_bulk
from tests.fixtures.campaigns import an_owner


def _setup(s: Session):  # type: ignore[no-untyped-def]
    from crm_res.services.admin.restaurants import create_restaurant

    r = create_restaurant(
        session=s, name_ar="مطعم", name_en="Diner", phone_number_id=f"pn-{uuid.uuid4().hex[:8]}"
    )
    s.add(Branch(restaurant_id=r.id, name_ar="الفرع", name_en="Branch", city="Riyadh"))
    tpl = MessageTemplate(
        restaurant_id=r.id, name="offer", language="ar", purpose="campaign", parameters=["1"]
    )
    s.add(tpl)
    owner = an_owner(s, r.id)
    s.flush()
    return r, tpl, owner


def _customer(s: Session, r, n: int, lang: Language = Language.ar_sa, **fields) -> Customer:  # type: ignore[no-untyped-def]
    c = Customer(
        restaurant_id=r.id, wa_id=f"96650{n:07d}", name=f"عميل {n}", language_preference=lang, **fields
    )
    s.add(c)
    s.flush()
    return c


def _order(s: Session, r, c: Customer, days_ago: int) -> None:  # type: ignore[no-untyped-def]
    s.execute(
        text(
            "INSERT INTO orders (id, restaurant_id, number, customer_id, branch_id, items, total_amount, status, "
            "delivery_type, created_at, updated_at) SELECT gen_random_uuid(), :r, :n, :c, b.id, '[]', 10, 'delivered', "
            "'pickup', now() - make_interval(days => :d), now() FROM branches b WHERE b.restaurant_id = :r LIMIT 1"
        ),
        {"r": r.id, "n": abs(hash(c.wa_id)) % 100000, "c": c.id, "d": days_ago},
    )


def _count(s: Session, viewer: Viewer, **segment: str) -> int:
    return int(dash.preview_audience(session=s, viewer=viewer, segment=segment)["count"])


def test_segment_language_dialect_and_last_order(session):
    """Arabic means any dialect; a dialect narrows it; "no order in 30 days" keeps the lapsed ones."""
    r, _tpl, viewer = _setup(session)
    saudi, egyptian = _customer(session, r, 1), _customer(session, r, 2, Language.ar_eg)
    english = _customer(session, r, 3, Language.en)
    _order(session, r, saudi, 3)
    _order(session, r, egyptian, 45)
    assert _count(session, viewer) == 3
    assert _count(session, viewer, language="ar") == 2
    assert _count(session, viewer, language="en") == 1
    assert _count(session, viewer, language="ar", dialect="ar-EG") == 1
    assert _count(session, viewer, last_order="7") == 1  # the Saudi customer ordered 3 days ago
    assert (
        _count(session, viewer, last_order="none_30") == 2
    )  # the Egyptian (45 days) and the English (never)
    assert english.id  # used
    with pytest.raises(InvalidInput):
        _count(session, viewer, dialect="ar-XX")
    with pytest.raises(InvalidInput):
        _count(session, viewer, last_order="soon")


def _sent_campaign(  # type: ignore[no-untyped-def]
    s: Session,
    r,
    tpl,
    viewer,
    customers,
    *,
    failed_error: str | None = None,
    name: str = "عرض الجمعة",
    sent_at: datetime | None = None,
):
    """A campaign whose first customer's send went out (an hour ago, or at `sent_at`), and the
    second failed, when asked."""
    campaign = Campaign(
        restaurant_id=r.id,
        name=name,
        status="running",
        template_id=tpl.id,
        audience={"segment": {}},
        timing={"mode": "now"},
    )
    s.add(campaign)
    s.flush()
    now = datetime.now(UTC)
    for i, c in enumerate(customers):
        status = "sent" if i == 0 else ("failed" if failed_error and i == 1 else "pending")
        o = OutboxMessage(
            restaurant_id=r.id,
            customer_id=c.id,
            to_wa_id=c.wa_id,
            idempotency_key=f"k:{campaign.id}:{c.id}",
            status=status,
            purpose="campaign",
            sent_at=(sent_at or now - timedelta(hours=1)) if status == "sent" else None,
            wa_message_id=f"wamid.{campaign.id}.{i}" if status == "sent" else None,
            last_error=failed_error if status == "failed" else None,
        )
        s.add(o)
        s.flush()
        s.add(
            CampaignRecipient(
                campaign_id=campaign.id,
                restaurant_id=r.id,
                customer_id=c.id,
                wa_id=c.wa_id,
                due_at=now,
                status="queued",
                outbox_id=o.id,
                released_at=now,
            )
        )
    s.flush()
    return campaign


def test_board_counts_and_failures_in_words(session):
    """The list's live counts come from the recipients and their sends; a failure's Meta code is
    kept for the page to word it (Meta's title otherwise)."""
    r, tpl, viewer = _setup(session)
    people = [_customer(session, r, n) for n in range(3)]
    campaign = _sent_campaign(
        session, r, tpl, viewer, people, failed_error="refused: Message undeliverable (131026)"
    )
    [row] = board.campaign_board(session=session, viewer=viewer)
    assert (row["id"], row["targeted"], row["sent"], row["failed"]) == (str(campaign.id), 3, 1, 1)
    results = dash.campaign_results(session=session, viewer=viewer, campaign_id=campaign.id)
    assert results["failed_by_reason"] == [
        {"code": "131026", "title": "refused: Message undeliverable (131026)", "count": 1}
    ]
    failed = dash.campaign_recipients(session=session, viewer=viewer, campaign_id=campaign.id, state="failed")
    assert [f["error_code"] for f in failed] == [131026]


def test_the_badge_names_the_campaign_a_conversation_answers(session):
    """A conversation started after the customer got a campaign shows it; another customer's does not."""
    r, tpl, viewer = _setup(session)
    got, other = _customer(session, r, 10), _customer(session, r, 11)
    _sent_campaign(session, r, tpl, viewer, [got])
    answered = Conversation(restaurant_id=r.id, customer_id=got.id)
    unrelated = Conversation(restaurant_id=r.id, customer_id=other.id)
    session.add_all([answered, unrelated])
    session.flush()
    assert (
        board.campaign_for_conversation(session=session, viewer=viewer, conversation_id=answered.id)
        == "عرض الجمعة"
    )
    assert board.campaign_for_conversation(session=session, viewer=viewer, conversation_id=unrelated.id) == ""


def test_an_old_conversation_keeps_the_campaign_it_answered(session):
    """The badge and the thread read one definition: the campaign sends to the customer from the
    attribution window (3 days) before the conversation started up to its last message. A month-old
    conversation names the campaign sent just before it, never one sent to the customer since (the
    latest send within the window before *now* would name that one)."""
    r, tpl, viewer = _setup(session)
    c = _customer(session, r, 12)
    now = datetime.now(UTC)
    _sent_campaign(session, r, tpl, viewer, [c], name="عرض رمضان", sent_at=now - timedelta(days=31))
    _sent_campaign(session, r, tpl, viewer, [c], name="عرض الجمعة", sent_at=now - timedelta(hours=1))
    old = Conversation(
        restaurant_id=r.id,
        customer_id=c.id,
        started_at=now - timedelta(days=30),
        last_message_at=now - timedelta(days=29),
    )
    session.add(old)
    session.flush()
    badge = board.campaign_for_conversation(session=session, viewer=viewer, conversation_id=old.id)
    thread = board.campaign_thread_messages(session=session, viewer=viewer, conversation_id=old.id)
    assert badge == "عرض رمضان"
    assert [m["campaign"] for m in thread] == ["عرض رمضان"]


def test_limits_are_checked_and_kept_per_restaurant(session):
    """The frequency cap (0-365 days) and attribution window (1-60) are saved; other values refused."""
    _r, _tpl, viewer = _setup(session)
    assert board.set_campaign_limits(
        session=session, viewer=viewer, frequency_cap_days="١٤", attribution_days=5
    ) == {"frequency_cap_days": 14, "attribution_days": 5}
    assert board.campaign_limits(session=session, viewer=viewer) == {
        "frequency_cap_days": 14,
        "attribution_days": 5,
    }
    with pytest.raises(InvalidInput):
        board.set_campaign_limits(session=session, viewer=viewer, frequency_cap_days=5, attribution_days=0)


def test_bulk_outbox_rows_are_written_once_per_key(session):
    """The release's batched writer: the same keys twice give the same rows, nothing doubled."""
    r, _tpl, _viewer = _setup(session)
    people = [_customer(session, r, 20 + n) for n in range(3)]
    now = datetime.now(UTC)
    sends = [BulkSend(c.id, c.wa_id, f"campaign:x:{c.wa_id}", {"message": {}}, now) for c in people]
    first = queue_bulk(session=session, restaurant_id=r.id, purpose="campaign", kind="template", sends=sends)
    again = queue_bulk(session=session, restaurant_id=r.id, purpose="campaign", kind="template", sends=sends)
    assert first == again and len(first) == 3
    rows = session.exec(
        select(func.count()).select_from(OutboxMessage).where(OutboxMessage.restaurant_id == r.id)
    ).one()
    assert rows == 3
    assert {
        o.business_initiated
        for o in session.exec(select(OutboxMessage).where(OutboxMessage.restaurant_id == r.id))
    } == {True}


def test_campaign_errors_read_in_arabic_on_the_page(session):
    """The campaign actions' English errors reach the page as Arabic (and English) sentences."""
    from crm_res.state.errors import error_texts

    r, tpl, viewer = _setup(session)
    tpl.status = "pending"
    session.add(tpl)
    cases = [
        (lambda: dash.create_campaign(session=session, viewer=viewer, name="", template_id=tpl.id, segment={}),
         "اكتب اسماً للحملة"),
        (lambda: dash.create_campaign(session=session, viewer=viewer, name="x", template_id=tpl.id, segment={}),
         "غير معتمد"),
        (lambda: board.set_campaign_limits(session=session, viewer=viewer, frequency_cap_days="x", attribution_days=1),
         "عدد الأيام"),
    ]  # fmt: skip
    for call, arabic in cases:
        with pytest.raises(InvalidInput) as err:
            call()
        texts = error_texts(err.value)
        assert arabic in texts["ar"] and texts["en"] and texts["en"] != texts["ar"]
