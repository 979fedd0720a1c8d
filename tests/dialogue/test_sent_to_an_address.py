"""An order sent "to" an address is a delivery with no delivery word said, and the address starts
where the "to" does; a city asked about before the order picks that city's branch; a polite request
to stop the offers is an opt-out; an Arabizi "someone to talk to me" hands over. Written for the
classes set 45 and 44's conversations showed, not with their sentences."""

from __future__ import annotations

import pytest

from tests.fixtures.shop import Shop


def _placed(shop: Shop) -> tuple[str, str | None, object]:
    (order,) = shop.orders()
    return order.delivery_type.value, order.delivery_address, order.branch_id


@pytest.mark.parametrize(
    ("order", "address"),
    [
        ("عايز ٣ شاورما فراخ وبيبسي على المعادي شارع ٩ عمارة ١٢", "المعادي شارع ٩ عمارة ١٢"),
        ("ابي كبسة دجاج وسلطة الى حي الندى، شارع الامير فيصل، فيلا ٣", "حي الندى، شارع الامير فيصل، فيلا ٣"),
        ("2 falafel and a tea to Al Yasmin, Olive Street, building 4", "Al Yasmin, Olive Street, building 4"),
    ],
)
def test_an_order_sent_to_an_address_is_a_delivery_there(shop, order, address):
    out = shop.say(order)
    assert shop.phase() == "confirming", out
    shop.say("نعم")
    mode, where, _ = _placed(shop)
    assert (mode, where) == ("delivery", address)


def test_on_with_no_address_word_sends_nothing(shop):
    shop.say("ابي برجر دجاج وبيبسي على السريع الله يعافيك")  # "على السريع": quickly, no place
    assert shop.phase() == "fulfilment:branch"


def test_a_pickup_said_beside_where_one_lives_stays_a_pickup(shop):
    shop.say("ابي برجر دجاج استلام من العليا، انا ساكن على حي الملقا قريب")
    shop.say("نعم")
    mode, where, branch = _placed(shop)
    assert (mode, where, branch) == ("pickup", None, shop.olaya.id)


def test_the_city_asked_about_before_the_order_picks_its_branch(shop):
    shop.say("بتوصلون لحي الروضة في جدة؟")
    shop.say("طيب ابي شاورما دجاج ثنتين، الروضة شارع صاري عمارة ٥")
    out = shop.say("توصيل")
    if shop.phase() != "confirming":
        out = shop.say("الروضة شارع صاري عمارة ٥")
    assert shop.phase() == "confirming", out
    shop.say("نعم")
    mode, _, branch = _placed(shop)
    assert (mode, branch) == ("delivery", shop.tahlia.id)


@pytest.mark.parametrize(
    "text",
    [
        "ممكن ما عاد توصلني رسايل العروض؟ صارت كثيرة",
        "لو سمحت ممكن ما ترسلون لي عروض بعد اليوم؟",
        "could you not send me your offers anymore?",
    ],
)
def test_a_polite_request_to_stop_the_offers_opts_out(shop, text):
    shop.say(text)
    assert shop.opted_out()


@pytest.mark.parametrize("text", ["ليش ما ترسلون لي العروض؟", "ممكن ترسلون لي العروض؟"])
def test_asking_for_the_offers_is_no_opt_out(shop, text):
    shop.say(text)
    assert not shop.opted_out()


@pytest.mark.parametrize("text", ["abi a7ad ykalemni law sama7t", "abgha a7ad yetwasal m3ai"])
def test_arabizi_someone_to_talk_to_me_hands_over(shop, text):
    shop.say(text)
    assert shop.with_staff()
