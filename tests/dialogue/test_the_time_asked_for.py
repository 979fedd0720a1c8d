"""The time the customer asks for ("بمر اخذهم الساعة ٨", "بعد المغرب", "pickup at 7:15") is said in
the final summary, carried by the order (`scheduled_time`, still confirmed when the branch is open)
and in the placed reply instead of the preparation time; with no time asked for, the seed's
"وقت التحضير: 20 دقيقة" stays."""

from __future__ import annotations

from datetime import timedelta
from zoneinfo import ZoneInfo

from crm_res.integrations.prayer_times import prayer_times_for
from crm_res.models import OrderStatus
from tests.fixtures.shop import NOON, Shop

RIYADH = ZoneInfo("Asia/Riyadh")


def _placed(shop: Shop):
    (order,) = shop.orders()
    return order


def test_a_clock_time_with_the_order_is_in_the_summary_and_on_the_order(shop):
    out = shop.say("ابي ٢ شاورما دجاج، بمر اخذهم الساعة ٨ من العليا")
    assert any("الساعة ٨" in reply for reply in out), out
    out = shop.say("نعم")
    order = _placed(shop)
    local = order.scheduled_time.astimezone(RIYADH)
    assert (local.date(), local.hour, local.minute) == (NOON.astimezone(RIYADH).date(), 20, 0)
    assert order.status == OrderStatus.confirmed
    assert any("جاهز" in reply for reply in out) and not any("وقت التحضير" in reply for reply in out), out


def test_the_time_said_in_its_own_message_keeps_the_order_waiting(shop):
    shop.say("2 falafel and a tea, pickup from Olaya")
    out = shop.say("around 7:30 pm")
    assert shop.phase() == "confirming"
    assert any("7:30" in reply for reply in out), out
    shop.say("yes")
    local = _placed(shop).scheduled_time.astimezone(RIYADH)
    assert (local.hour, local.minute) == (19, 30)


def test_after_a_prayer_is_the_branch_prayer_time(shop):
    shop.say("abi 3 burger mn el olaya")
    shop.say("bamor ba3d el maghrib")
    shop.say("eh")
    maghrib = prayer_times_for("Riyadh", NOON.astimezone(RIYADH).date(), "Asia/Riyadh").maghrib
    assert _placed(shop).scheduled_time == maghrib + timedelta(minutes=20)


def test_a_time_after_a_prayer_is_said_by_the_prayer_with_its_clock(shop):
    out = shop.say("ابي ٣ برجر من العليا، بمر اخذهم بعد العشا")
    isha = prayer_times_for("Riyadh", NOON.astimezone(RIYADH).date(), "Asia/Riyadh").isha
    at = (isha + timedelta(minutes=20)).astimezone(RIYADH)
    clock = f"{at.hour % 12 or 12}:{at.minute:02d}".translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩"))
    assert any(f"اليوم بعد العشاء (الساعة {clock})" in reply for reply in out), out
    assert not any("المسا" in reply or "بالليل" in reply for reply in out), out


def test_no_time_asked_keeps_the_seed_preparation_time(shop):
    shop.say("ابي ٢ شاورما دجاج من العليا")
    out = shop.say("نعم")
    assert _placed(shop).scheduled_time is None
    assert any("وقت التحضير: 20 دقيقة" in reply for reply in out), out


def test_a_time_too_soon_is_as_soon_as_possible(shop):
    shop.say("ابي ٢ شاورما دجاج من العليا بعد ٥ دقايق")
    shop.say("نعم")
    assert _placed(shop).scheduled_time is None


def test_the_hour_said_with_the_branch_is_no_count_and_a_yes_with_the_time_places(shop):
    shop.say("ابي ٣ فلافل وحمص")
    shop.say("بمر آخذهم الساعه 9، من التحلية")
    assert shop.draft_lines() == {"Falafel": 3, "Hummus": 1} and shop.phase() == "confirming"
    shop.say("تمام ثبته وخلوه جاهز الساعه ٩")
    local = _placed(shop).scheduled_time.astimezone(RIYADH)
    assert (local.hour, local.minute) == (21, 0)


def test_after_a_prayer_said_soon_after_it_is_now_not_tomorrow(shop):
    maghrib = prayer_times_for("Riyadh", NOON.astimezone(RIYADH).date(), "Asia/Riyadh").maghrib
    later = maghrib + timedelta(hours=1, minutes=30)
    shop.say("abi 2 falafel mn el olaya", now=later)
    out = shop.say("bamor ba3d el maghrib", now=later + timedelta(minutes=1))
    assert not any("غد" in reply or "tomorrow" in reply for reply in out), out
    shop.say("eh", now=later + timedelta(minutes=2))
    assert _placed(shop).scheduled_time is None
