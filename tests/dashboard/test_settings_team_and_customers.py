"""Dashboard leftovers on the real database: team editing, AI usage, the follow-up queue's period,
keyset paging of long threads and translated CSV import problems."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import pytest
from sqlmodel import select

from crm_res.i18n import STRINGS, csv_line_texts
from crm_res.models import (
    Event,
    Feedback,
    Message,
    MessageDirection,
    MessageSender,
    MessageStatus,
    Role,
    User,
)
from crm_res.services.access import viewer_for
from crm_res.services.accounts.users import authenticate, create_user, open_session_for, viewer_from_token
from crm_res.services.admin import restaurant_settings
from crm_res.services.admin.menu import parse_menu_csv
from crm_res.services.csv_problems import CsvLineErrors
from crm_res.services.customers import customers
from crm_res.services.errors import Conflict, Forbidden
from crm_res.services.inbox import conversations
from crm_res.services.insights import analytics
from tests.fixtures.dashboard import make_conversation, make_customer


@pytest.fixture
def w(world):  # type: ignore[no-untyped-def]  # noqa: F811 - test_dashboard_services' two-restaurant world
    return world


# --------------------------------------------------------------------------- team


def test_owner_gives_a_manager_several_branches_and_changes_roles(w):
    """update_user keeps every branch given (not just one), and role changes stick."""
    s, owner = w["session"], w["owner"]
    uid, _ = restaurant_settings.add_user(
        session=s, viewer=owner, email="mgr@dash.sa", role="manager", branch_ids=[str(w["a"].id)]
    )
    restaurant_settings.update_user(
        session=s,
        viewer=owner,
        user_id=uid,
        role="manager",
        branch_ids=[str(w["a"].id), str(w["b"].id)],
        is_active=True,
    )
    user = s.get(User, uuid.UUID(uid))
    assert user.role == Role.manager and set(user.branch_ids) == {w["a"].id, w["b"].id}
    row = next(u for u in restaurant_settings.list_users_admin(session=s, viewer=owner) if u["id"] == uid)
    assert row["branches_en"] == "Branch A, Branch B" and "فرع ب" in row["branches_ar"]
    restaurant_settings.update_user(
        session=s, viewer=owner, user_id=uid, role="staff", branch_ids=[str(w["b"].id)], is_active=True
    )
    assert user.role == Role.staff and user.branch_ids == [w["b"].id]
    restaurant_settings.update_user(
        session=s, viewer=owner, user_id=uid, role="owner", branch_ids=[], is_active=True
    )
    assert user.role == Role.owner and user.branch_ids == []


def test_deactivate_reactivate_and_reset_password_are_owner_only(w):
    """A deactivated teammate cannot log in, a reactivated one can; a reset password works once
    shown and the old one stops working; staff can do none of it."""
    s, owner, staff = w["session"], w["owner"], w["staff"]
    sid = str(staff.user_id)
    for call in (
        lambda: restaurant_settings.update_user(
            session=s, viewer=staff, user_id=sid, role="staff", branch_ids=[str(w["a"].id)], is_active=False
        ),
        lambda: restaurant_settings.reset_password(session=s, viewer=staff, user_id=sid),
    ):
        with pytest.raises(Forbidden):
            call()
    restaurant_settings.update_user(
        session=s, viewer=owner, user_id=sid, role="staff", branch_ids=[str(w["a"].id)], is_active=False
    )
    assert not s.get(User, staff.user_id).is_active
    restaurant_settings.update_user(
        session=s, viewer=owner, user_id=sid, role="staff", branch_ids=[str(w["a"].id)], is_active=True
    )
    before = open_session_for(s.get(User, staff.user_id), "k")  # a session opened with the old password
    assert viewer_from_token(session=s, token=before, secret="k") is not None
    new = restaurant_settings.reset_password(session=s, viewer=owner, user_id=sid)
    assert len(new) >= 8 and new != "password-1"
    assert viewer_from_token(session=s, token=before, secret="k") is None  # the reset ended it
    after = open_session_for(s.get(User, staff.user_id), "k")
    assert viewer_from_token(session=s, token=after, secret="k").user_id == staff.user_id
    assert authenticate(session=s, email="staff@dash.sa", password=new).id == staff.user_id
    with pytest.raises(Exception, match="wrong email or password"):
        authenticate(session=s, email="staff@dash.sa", password="password-1")
    with pytest.raises(Exception, match="not found"):  # another restaurant's user
        restaurant_settings.reset_password(session=s, viewer=owner, user_id=str(w["stranger"].user_id))


def test_the_last_active_owner_cannot_be_demoted_or_deactivated(w):
    """With a second owner either can be demoted; the change that would leave no active owner is refused."""
    s, owner = w["session"], w["owner"]
    second, _ = create_user(
        session=s, restaurant_id=w["r"].id, email="owner2@dash.sa", role=Role.owner, password="password-2"
    )
    restaurant_settings.update_user(
        session=s, viewer=owner, user_id=str(second.id), role="owner", branch_ids=[], is_active=False
    )
    restaurant_settings.update_user(
        session=s, viewer=owner, user_id=str(second.id), role="owner", branch_ids=[], is_active=True
    )
    # The acting owner was deactivated meanwhile (another tab): demoting the other owner now would leave none.
    me = s.get(User, owner.user_id)
    me.is_active = False
    s.add(me)
    s.flush()
    for role, active in (("manager", True), ("owner", False)):
        with pytest.raises(Conflict, match="at least one active owner"):
            restaurant_settings.update_user(
                session=s,
                viewer=owner,
                user_id=str(second.id),
                role=role,
                branch_ids=[str(w["a"].id)],
                is_active=active,
            )
    assert s.get(User, second.id).role == Role.owner and s.get(User, second.id).is_active


# --------------------------------------------------------------------------- AI usage


def test_llm_usage_sums_calls_tokens_cost_and_fallbacks_for_the_period_and_restaurant(w):
    """Only this restaurant's llm.* events inside the period count; tokens and cost are summed."""
    s, r, other = w["session"], w["r"], w["other"]
    now = datetime.now(UTC)

    def ev(rid, kind, data, at=now):  # type: ignore[no-untyped-def]
        s.add(Event(restaurant_id=rid, actor="ai", kind=kind, data=data, created_at=at))

    ev(r.id, "llm.call", {"prompt_tokens": 1000, "completion_tokens": 200, "cost_usd": 0.0125})
    ev(r.id, "llm.call", {"prompt_tokens": 500, "completion_tokens": 50, "cost_usd": 0.005})
    ev(
        r.id,
        "llm.call",
        {"prompt_tokens": 9999, "completion_tokens": 9999, "cost_usd": 9.0},
        now - timedelta(days=40),
    )
    ev(r.id, "llm.reply_rejected", {"problems": ["price"]})
    ev(r.id, "llm.all_failed", {"reasons": []})
    ev(other.id, "llm.call", {"prompt_tokens": 7, "completion_tokens": 7, "cost_usd": 1.0})
    s.flush()
    usage = analytics.llm_usage(session=s, viewer=w["owner"], days=30)
    assert usage == {
        "calls": 2,
        "tokens_in": 1500,
        "tokens_out": 250,
        "cost_usd": 0.0175,
        "rejected": 1,
        "failed": 1,
    }
    assert analytics.llm_usage(session=s, viewer=w["stranger"], days=30)["calls"] == 1
    assert analytics.llm_usage(session=s, viewer=w["owner"], days=90)["calls"] == 3


# --------------------------------------------------------------------------- follow-up queue


def test_followup_queue_is_limited_to_period_and_branch_and_its_count_matches(w):
    """Old or other-branch open follow-ups are neither listed nor counted; the total counts beyond the page."""
    s, r = w["session"], w["r"]
    c = make_customer(s, r.id, "966500000901", "Q")
    now = datetime.now(UTC)
    for branch, days_ago in ((w["a"], 1), (w["a"], 2), (w["a"], 3), (w["a"], 45), (w["b"], 1)):
        s.add(
            Feedback(
                restaurant_id=r.id,
                customer_id=c.id,
                branch_id=branch.id,
                rating=1,
                requires_followup=True,
                created_at=now - timedelta(days=days_ago),
            )
        )
    s.flush()
    q = analytics.followup_queue(session=s, viewer=w["owner"], days=30, branch_id=str(w["a"].id), limit=2)
    assert q["total"] == 3 and len(q["rows"]) == 2
    assert analytics.followup_queue(session=s, viewer=w["owner"], days=30)["total"] == 4
    assert analytics.followup_queue(session=s, viewer=w["owner"], days=90)["total"] == 5
    staff = analytics.followup_queue(session=s, viewer=w["staff"], days=30)
    assert staff["total"] == 3 == len(staff["rows"])


# --------------------------------------------------------------------------- long threads


def test_thread_pages_older_messages_by_keyset_for_any_length(w):
    """Paging back 50 at a time reaches the first of 620 messages without gaps or repeats, and a
    refresh from the oldest loaded message returns everything on screen plus what arrived."""
    s, r = w["session"], w["r"]
    conv = make_conversation(s, r, make_customer(s, r.id, "966500000902", "Long"), w["a"])
    start = datetime.now(UTC) - timedelta(days=2)
    s.add_all(
        [
            Message(
                restaurant_id=r.id,
                conversation_id=conv.id,
                sender=MessageSender.customer,
                type="text",
                body=f"m{i}",
                direction=MessageDirection.inbound,
                status=MessageStatus.received,
                created_at=start + timedelta(seconds=i),
            )
            for i in range(620)
        ]
    )
    s.flush()
    kw = {"session": s, "viewer": w["owner"], "conversation_id": conv.id, "limit": 50}
    page = conversations.thread_page(**kw)
    shown = page["messages"]
    assert [m["body"] for m in shown[-2:]] == ["m618", "m619"] and page["has_older"]
    while page["has_older"]:
        page = conversations.thread_page(**kw, before_id=shown[0]["id"])
        shown = page["messages"] + shown
    assert [m["body"] for m in shown] == [f"m{i}" for i in range(620)]
    s.add(
        Message(
            restaurant_id=r.id,
            conversation_id=conv.id,
            sender=MessageSender.customer,
            type="text",
            body="new",
            direction=MessageDirection.inbound,
            status=MessageStatus.received,
        )
    )
    s.flush()
    middle = shown[100]["id"]
    refresh = conversations.thread_page(**kw, from_id=middle)
    assert (
        len(refresh["messages"]) == 521 and refresh["messages"][-1]["body"] == "new" and refresh["has_older"]
    )
    with pytest.raises(Exception, match="not found"):
        conversations.thread_page(**(kw | {"viewer": w["stranger"]}))


# --------------------------------------------------------------------------- CSV import problems


def test_csv_import_problems_carry_codes_and_read_in_arabic_and_english(w):
    """Customer and menu CSV problems keep the CLI's English text and render in both languages."""
    bad = "wa_id,name,language,tags,opted_out\n966500000951,a,ar,,no\nabc,X,zz,bad!tag,maybe\n966500000951,B,ar,,\n"
    with pytest.raises(CsvLineErrors) as err:
        customers.import_customers_csv(session=w["session"], viewer=w["owner"], content=bad)
    exc = err.value
    assert [(n, [p.code for p in ps]) for n, ps in exc.lines] == [
        (3, ["wa_id_invalid", "language_invalid", "tag_invalid", "opted_out_invalid"]),
        (4, ["wa_id_repeat"]),
    ]
    assert exc.problems[0].startswith("line 3: wa_id 'abc' is not a phone number")  # the CLI's English
    assert exc.problems[1] == "line 4: wa_id 966500000951 repeats line 2"
    texts = csv_line_texts(exc.lines)
    assert texts[0]["ar"].startswith("السطر 3: ") and "abc" in texts[0]["ar"] and "maybe" in texts[0]["ar"]
    assert texts[1] == {
        "ar": "السطر 4: الرقم 966500000951 مكرر من السطر 2",
        "en": "line 4: wa_id 966500000951 repeats line 2",
    }
    with pytest.raises(CsvLineErrors) as err:
        parse_menu_csv(
            "name_ar,name_en,price,category,available\n,Burger,abc,mains,perhaps\nشاي,Tea,5,drinks,\n"
            "شاي,Tea,6,drinks,\n"
        )
    menu = csv_line_texts(err.value.lines)
    assert menu[0]["en"] == (
        "line 2: name_ar is empty; price «abc» is not a number of SAR (e.g. 35 or 12.50); "
        "available must be true/false, not «perhaps»"
    )
    assert menu[1]["ar"] == "السطر 4: الصنف «شاي» مكرر من السطر 3"
    from crm_res.services.csv_problems import ENGLISH

    for code in ENGLISH:  # every code the services produce has both languages
        ar, en = STRINGS[f"csv_{code}"]
        assert ar and en and ar != en, code


def test_a_thread_refresh_does_not_mark_messages_of_other_tenants(w):
    """from_id paging is still scoped: another restaurant's viewer gets not found."""
    s, r = w["session"], w["r"]
    conv = make_conversation(
        s, r, make_customer(s, r.id, "966500000903", "T"), w["a"], messages=[(MessageSender.customer, "hi")]
    )
    mid = s.exec(select(Message.id).where(Message.conversation_id == conv.id)).first()
    with pytest.raises(Exception, match="not found"):
        conversations.thread_page(
            session=s,
            viewer=viewer_for(s.get(User, w["stranger"].user_id)),
            conversation_id=conv.id,
            from_id=mid,
        )
