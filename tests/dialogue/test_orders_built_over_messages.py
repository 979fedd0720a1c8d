"""Orders built over several messages (issue #13, classes from set 47, written for them): a count
said for each line, a dish added beside the total asked, a yes in unusual words, a switch from
delivery to pickup in Arabizi, a second order said "as a new one", and an addition to a placed
order that refuses a separate one (only a person changes a placed order)."""

from __future__ import annotations

import pytest

from tests.fixtures.shop import Shop


def _confirming(shop: Shop, order: str) -> None:
    shop.say(order)
    assert shop.phase() == "confirming"


@pytest.mark.parametrize("change", ["لا طلعنا ثلاثة، خليهم ثلاثة ثلاثة", "make it 3 each", "٣ من كل واحد"])
def test_a_count_for_each_line_sets_every_line(shop, change):
    _confirming(shop, "ابي ٢ شاورما دجاج و٢ بيبسي استلام من العليا")
    shop.say(change)
    assert shop.draft_lines() == {"Chicken Shawarma": 3, "Pepsi": 3}


def test_a_count_alone_is_still_one_line(shop):
    _confirming(shop, "ابي ٢ شاورما دجاج و٢ بيبسي استلام من العليا")
    shop.say("البيبسي خليه ٣")
    assert shop.draft_lines() == {"Chicken Shawarma": 2, "Pepsi": 3}


def test_a_dish_added_beside_the_total_asked_is_added(shop):
    shop.say("ابي كبسة دجاج ثنتين")
    out = shop.say("وحمص ثنين. كم المجموع الحين؟")
    assert shop.draft_lines() == {"Chicken Kabsa": 2, "Hummus": 2}
    assert any("112" in reply for reply in out), out


@pytest.mark.parametrize("yes", ["cool, send it", "تمام ابعتوه", "send it over please"])
def test_send_it_at_the_summary_places_the_order(shop, yes):
    _confirming(shop, "2 falafel and a tea, pickup from Olaya")
    shop.say(yes)
    assert shop.only_order_lines() == {"Falafel": 2, "Tea": 1}


def test_send_me_the_menu_at_the_summary_places_nothing(shop):
    _confirming(shop, "2 falafel and a tea, pickup from Olaya")
    shop.say("send me the menu")
    assert shop.orders() == []


def test_arabizi_no_delivery_and_a_branch_makes_it_a_pickup(shop):
    shop.say("abgha 2 falafel w shai delivery")
    shop.say("7ay el yasmeen, shari3 12, villa 4")
    shop.say("la 5alas ma abi delivery, ana bamor a5thah mn el olaya")
    shop.say("eh")
    (order,) = shop.orders()
    assert (order.delivery_type.value, order.branch_id) == ("pickup", shop.olaya.id)


def test_a_second_order_said_as_a_new_one_has_its_own_count(shop):
    _confirming(shop, "3 chicken burgers, pickup from Olaya")
    shop.say("yes")
    shop.say("oh and 2 kunafa please, put it through as a new one, same branch")
    shop.say("yes confirm that one as well")
    assert [{i["name_en"]: i["quantity"] for i in o.items} for o in shop.orders()] == [
        {"Chicken Burger": 3},
        {"Kunafa": 2},
    ]


@pytest.mark.parametrize(
    "more",
    [
        "ابي ازيد على نفس الطلب بيبسي ٢، مو طلب ثاني",
        "can you add 2 pepsi to my order? not a separate one, I don't want a new order",
    ],
)
def test_more_on_the_placed_order_refusing_a_new_one_goes_to_a_person(shop, more):
    _confirming(shop, "ابي ٣ برجر دجاج استلام من العليا")
    shop.say("نعم")
    shop.say(more)
    assert shop.with_staff()
    assert len(shop.orders()) == 1
