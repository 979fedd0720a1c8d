"""A delivery address that names no city is delivered from the branch in the restaurant's own city,
and the summary says which (a customer does not know which branch delivers: asking them left the
order stuck); an address glued to its preposition ("لحي النرجس") or after a yes ("ماشي توصيل، حي…")
is read as the address; a city named in it still picks that city's branch."""

from __future__ import annotations

import pytest

from tests.fixtures.shop import Shop


def _placed_from(shop: Shop) -> tuple[str, object]:
    (order,) = shop.orders()
    return order.delivery_type.value, order.branch_id


@pytest.mark.parametrize(
    "order",
    [
        "ابغى ثنتين شاورما دجاج توصيل لحي الملقا جنب مسجد الراجحي فيلا ٧",
        "2 chicken shawarma delivered to Malqa district near the big mosque, villa 7",
        "bade 2 shawarma djej tawseel 7ay el malqa wara el jame3 villa 7",
    ],
)
def test_a_delivery_with_no_city_comes_from_the_home_branch_and_says_so(shop, order):
    out = shop.say(order)
    assert shop.phase() == "confirming", out
    assert any("العليا" in reply or "Olaya" in reply for reply in out), out
    shop.say("نعم")
    mode, branch = _placed_from(shop)
    assert (mode, branch) == ("delivery", shop.olaya.id)


def test_a_delivery_naming_jeddah_comes_from_the_jeddah_branch(shop):
    shop.say("ابي كبسة دجاج توصيل جدة حي الروضة شارع الامير سلطان عمارة ٤")
    shop.say("نعم")
    mode, branch = _placed_from(shop)
    assert (mode, branch) == ("delivery", shop.tahlia.id)


def test_the_address_answer_after_a_yes_word_and_a_preposition_is_the_address(shop):
    shop.say("ابي كبسة دجاج وعصير برتقال")
    out = shop.say("ماشي توصيل، لحي السلامة جنب صيدلية النهدي، عمارة الريان شقة ٤")
    assert shop.phase() == "confirming", out
    assert any("حي السلامة" in reply and "ماشي" not in reply for reply in out), out


def test_a_pickup_customer_with_two_branches_is_still_asked_which(shop):
    shop.say("ابي كبسة دجاج")
    assert shop.phase() == "fulfilment:branch"
