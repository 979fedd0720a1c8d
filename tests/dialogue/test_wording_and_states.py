"""Customer wording that reads right (hours, branch names, pickup vs delivery) and the state
machine's bookkeeping (expiry, asking at most twice, resolve resets, the thread's badge)."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from types import SimpleNamespace

from crm_res.assistant import replies
from crm_res.services.dialogue.states import DialogueState, Phase, load_state, phase_of, store_state
from crm_res.services.timing.hours import week_hours

DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
SUNDAY_NOON = datetime(2026, 11, 22, 9, 0, tzinfo=UTC)  # 12:00 in Riyadh, a Sunday


def test_hours_answer_names_days_in_arabic_today_first_and_sorted():
    """Different Friday hours: Sunday (today) first, then Monday … Saturday, Arabic names, "open until 1 am"."""
    hours = {d: {"open": "12:00", "close": "01:00"} for d in DAYS}
    hours["fri"] = {"open": "13:30", "close": "00:00"}
    week = tuple(week_hours(hours, None, SUNDAY_NOON, "Asia/Riyadh"))
    text = replies.hours_answer([replies.Branch("فرع العليا", "الرياض", "", week=week)], language="ar-SA")
    lines = text.splitlines()
    assert lines[2].strip() == "اليوم مفتوحين من ١٢ الظهر لين ١ بالليل"
    days = [ln.strip().split(":")[0] for ln in lines[3:]]
    assert days == ["الأحد (اليوم)", "الاثنين", "الثلاثاء", "الأربعاء", "الخميس", "الجمعة", "السبت"]
    assert "fri" not in text and "mon" not in text


def test_hours_answer_in_english_says_every_day_when_alike():
    """The same hours every day collapse to one "Every day" line, in English for an English customer."""
    hours = {d: {"open": "12:00", "close": "01:00"} for d in DAYS}
    week = tuple(week_hours(hours, None, SUNDAY_NOON, "Asia/Riyadh"))
    text = replies.hours_answer([replies.Branch("Olaya Branch", "Riyadh", "", week=week)], language="en")
    assert "Today we are open from 12 PM until 1 AM" in text and "Every day: 12 PM – 1 AM" in text


def test_branch_is_named_once():
    """ "فرع العليا" is never "فرع فرع العليا" in the pickup line or the closed notice."""
    assert replies.fulfilment_line("pickup", "فرع العليا", None) == "استلام من فرع العليا"
    assert replies.fulfilment_line("pickup", "العليا", None) == "استلام من فرع العليا"
    assert "فرع فرع" not in replies.closed_until("فرع العليا", "اليوم الساعة ٤ العصر")
    assert replies.closed_until("Olaya Branch", "today at 4 PM", language="en").startswith("The Olaya branch")


def test_a_pickup_order_is_never_told_it_was_delivered():
    """Status "delivered" of a pickup order says handed over, a delivery order says delivered."""
    pickup = replies.order_status_update("delivered", 7, delivery_type="pickup")
    assert "توصيل" not in pickup and "تسليم" in pickup
    assert "توصيل" in replies.order_status_update("delivered", 7, delivery_type="delivery")
    assert "pickup" in replies.order_status_update("ready", 7, language="en", delivery_type="pickup")


def test_prices_carry_the_currency_in_the_customers_language():
    """The summary says ريال to an Arabic customer and SAR to an English one."""
    line = [replies.OrderLine("Burger", 2, Decimal("35"))]
    assert replies.order_summary(line, language="en").endswith("= 70 SAR")
    assert replies.order_summary(line, language="ar-SA").endswith("= 70 ريال")


def _conversation(context=None):  # type: ignore[no-untyped-def]
    return SimpleNamespace(context=context or {})


def test_a_state_expires_after_the_restaurants_idle_time():
    """A confirming state older than the per-restaurant idle time reads as idle; a fresher one does not."""
    restaurant = SimpleNamespace(settings={"conversation_idle_minutes": 10})
    conv = _conversation()
    state = DialogueState()
    state.to(Phase.awaiting_rating)
    store_state(conv, state, SUNDAY_NOON)
    assert load_state(conv, restaurant, SUNDAY_NOON + timedelta(minutes=9)).phase == Phase.awaiting_rating
    assert load_state(conv, restaurant, SUNDAY_NOON + timedelta(minutes=11)).phase == Phase.idle
    default = SimpleNamespace(settings={})
    assert load_state(conv, default, SUNDAY_NOON + timedelta(minutes=29)).phase == Phase.awaiting_rating


def test_a_question_is_asked_at_most_twice_in_a_row():
    """ask() allows the same key twice, refuses the third time; another question starts a new count."""
    state = DialogueState()
    assert state.ask("rating") and state.ask("rating") and not state.ask("rating")
    assert state.ask("confirm")


def test_a_sent_feedback_request_waits_for_the_comment_and_old_contexts_read_as_idle():
    """The outreach wing's `awaiting: feedback` becomes awaiting_comment; a pre-state-machine context is idle."""
    restaurant = SimpleNamespace(settings={})
    conv = _conversation({"awaiting": "feedback", "feedback_request": "k"})
    assert load_state(conv, restaurant, SUNDAY_NOON).phase == Phase.awaiting_comment
    legacy = _conversation({"stage": "await_rating", "comment": "x"})
    assert load_state(legacy, restaurant, SUNDAY_NOON).phase == Phase.idle
    assert phase_of({"phase": "confirming"}) == "confirming" and phase_of({"phase": "bogus"}) == "idle"


def test_week_hours_marks_closed_days():
    """A day without hours is closed; the week starts today."""
    hours = {"sun": {"open": "12:00", "close": "23:00"}}
    week = week_hours(hours, None, SUNDAY_NOON, "Asia/Riyadh")
    assert week[0] == (date(2026, 11, 22), time(12, 0), time(23, 0)) and week[1][1] is None
