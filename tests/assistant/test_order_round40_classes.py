"""Order classes of round 40's tuning (issue #13): the classes of round 39's held-out parts (dev now).
Each class is checked on a small menu written here, on sentences written for it, never on the
records that showed it."""

from __future__ import annotations

import pytest

from crm_res.assistant.order_parser import menu_entries, parse_order

from .menus import item_counts

#: A morning bakery and café: pies with one filling or two joined by "and", a sausage roll, drinks
#: whose names open with their kind and come in a large cup, iced coffees, a pistachio cake that is
#: off today.
MORNING_CAFE = menu_entries(
    [
        {"name_ar": "فطيرة جبن", "name_en": "Cheese Fatayer", "price": "4", "category": "pies"},
        {
            "name_ar": "فطيرة سبانخ وجبن",
            "name_en": "Spinach and Cheese Fatayer",
            "price": "5",
            "category": "pies",
        },
        {"name_ar": "فطيرة زعتر صغيرة", "name_en": "Small Zaatar Fatayer", "price": "3", "category": "pies"},
        {"name_ar": "فطيرة زعتر كبيرة", "name_en": "Large Zaatar Fatayer", "price": "6", "category": "pies"},
        {"name_ar": "لفافة نقانق", "name_en": "Sausage Roll", "price": "6", "category": "pies"},
        {
            "name_ar": "كيكة بستاشيو",
            "name_en": "Pistachio Cake",
            "price": "12",
            "category": "cakes",
            "available": False,
        },
        {"name_ar": "كيكة فراولة", "name_en": "Strawberry Cake", "price": "11", "category": "cakes"},
        {"name_ar": "كيكة شوكولاتة", "name_en": "Chocolate Cake", "price": "11", "category": "cakes"},
        {"name_ar": "شاي زنجبيل", "name_en": "Ginger Tea", "price": "3", "category": "drinks"},
        {"name_ar": "شاي زنجبيل كبير", "name_en": "Large Ginger Tea", "price": "5", "category": "drinks"},
        {"name_ar": "شاي أخضر", "name_en": "Green Tea", "price": "3", "category": "drinks"},
        {"name_ar": "عصير ليمون", "name_en": "Lemon Juice", "price": "6", "category": "drinks"},
        {"name_ar": "عصير ليمون كبير", "name_en": "Large Lemon Juice", "price": "9", "category": "drinks"},
        {"name_ar": "موكا", "name_en": "Mocha", "price": "13", "category": "coffee"},
        {"name_ar": "موكا مثلج", "name_en": "Iced Mocha", "price": "15", "category": "coffee"},
        {"name_ar": "ماء", "name_en": "Water", "price": "1", "category": "drinks"},
    ]
)


def _parse(text: str):
    return parse_order(text, MORNING_CAFE)


def _exact(text: str, items: dict[str, int]) -> None:
    parsed = _parse(text)
    assert item_counts(parsed) == items
    assert parsed.ambiguous == [] and parsed.unknown == [] and parsed.unavailable == []


@pytest.mark.parametrize(
    ("text", "items"),
    [
        ("عايز لفافة سجق اتنين وموكا", {"Sausage Roll": 2, "Mocha": 1}),
        ("بدي كيكة فريز وماء", {"Strawberry Cake": 1, "Water": 1}),
        ("عايز موكا ساقع اتنين", {"Iced Mocha": 2}),
        ("ابي موكا بارد وفطيرة جبن", {"Iced Mocha": 1, "Cheese Fatayer": 1}),
    ],
)
def test_a_dialect_word_beside_a_word_of_the_name_is_the_menus_word(text, items):
    """The Egyptian sausage ("سجق"), the Levantine strawberry ("فريز") and the cold of any dialect
    ("ساقع", "بارد") said beside a word of a name that writes "نقانق", "فراولة", "مثلج" are that
    name's word."""
    _exact(text, items)


def test_pistachio_said_the_levantine_way_finds_the_dish_that_is_off():
    """ "كيكة فستق" is the menu's "كيكة بستاشيو": asked for while it is off, it is named as off."""
    parsed = _parse("في كيكة فستق اليوم؟ اذا خالصة جيبلي كيكة شوكولاتة")
    assert item_counts(parsed) == {"Chocolate Cake": 1}
    assert [e.name_en for e in parsed.unavailable] == ["Pistachio Cake"]


def test_cold_water_stays_water():
    """A cold word beside a name with no iced form of it ("ماء بارد") stays that name."""
    _exact("ابي ماء بارد ثنين", {"Water": 2})


@pytest.mark.parametrize(
    ("text", "items"),
    [
        ("ابي زنجبيل ثنين وفطيرة جبن", {"Ginger Tea": 2, "Cheese Fatayer": 1}),
        ("2 ginger and one water", {"Ginger Tea": 2, "Water": 1}),
        ("بدي ليمون وموكا", {"Lemon Juice": 1, "Mocha": 1}),
    ],
)
def test_a_drink_said_without_its_kind_word_is_the_plain_cup(text, items):
    """ "زنجبيل", "ginger" beside "شاي زنجبيل" and "شاي زنجبيل كبير": the name less its kind word
    (tea, juice, coffee) is the plain cup when the other name only adds a size."""
    _exact(text, items)


@pytest.mark.parametrize(
    ("text", "items"),
    [
        ("ابي زنجبيل كبير", {"Large Ginger Tea": 1}),
        ("عصير ليمون كبير ثنين", {"Large Lemon Juice": 2}),
    ],
)
def test_the_size_said_is_kept(text, items):
    """A size said with the drink picks that cup."""
    _exact(text, items)


def test_a_dish_word_shared_by_sizes_with_no_kind_word_stays_a_question():
    """ "زعتر" beside "فطيرة زعتر صغيرة" and "فطيرة زعتر كبيرة": no plain one to take, still asked."""
    parsed = _parse("ابي زعتر ثنين")
    assert [sorted(a.candidates) for a in parsed.ambiguous] == [
        ["Large Zaatar Fatayer", "Small Zaatar Fatayer"]
    ]
    assert item_counts(parsed) == {}


def test_the_kind_word_alone_stays_a_question():
    """ "شاي" alone, with two teas and a large cup, still asks among them."""
    parsed = _parse("ابي شاي")
    assert item_counts(parsed) == {}
    assert len(parsed.ambiguous) == 1


@pytest.mark.parametrize(
    ("text", "items"),
    [
        ("abi 3 fatayer jibn w water", {"Cheese Fatayer": 3, "Water": 1}),
        ("fatayer jibn 2", {"Cheese Fatayer": 2}),
    ],
)
def test_an_arabizi_word_a_name_also_writes_with_its_and_is_the_bare_word(text, items):
    """ "jibn" beside "fatayer", on a menu of "فطيرة جبن" and "فطيرة سبانخ وجبن": said without a "w"
    it is the bare "جبن", the cheese pie."""
    _exact(text, items)


def test_the_arabizi_and_form_still_joins_its_name():
    """ "fatayer sabanekh w jibn": the name's own "و" said apart stays the spinach and cheese pie."""
    parsed = _parse("fatayer sabanekh w jibn")
    assert item_counts(parsed) == {"Spinach and Cheese Fatayer": 1}


@pytest.mark.parametrize(
    ("text", "items"),
    [
        ("بدي فطيرة جبن تنتين ولفافة نقانق، وصلولي عالروضة", {"Cheese Fatayer": 2, "Sausage Roll": 1}),
        ("بدي موكا وفطيرة جبن، منوصل عالحمرا", {"Mocha": 1, "Cheese Fatayer": 1}),
        ("abi 2 fatayer jibn w water, 3ala 7ay al yasmeen", {"Cheese Fatayer": 2, "Water": 1}),
        ("ابي عصير ليمون ثنين، للورشة اللي ورا محطة الدريس", {"Lemon Juice": 2}),
        ("ابي موكا ثلاث، قدام المدرسة", {"Mocha": 3}),
    ],
)
def test_where_to_deliver_is_no_food(text, items):
    """ "وصلولي عالروضة", "منوصل عالحمرا", "3ala 7ay al yasmeen", "للورشة اللي ورا محطة …", "قدام المدرسة":
    the place and the words of bringing it there are never a food named back."""
    _exact(text, items)


#: A sandwich counter: several sandwiches under the sandwich word, a box of them, a plate.
SANDWICH_COUNTER = menu_entries(
    [
        {"name_ar": "ساندويتش حلوم", "name_en": "Halloumi Sandwich", "price": "7", "category": "sandwiches"},
        {"name_ar": "ساندويتش تركي", "name_en": "Turkey Sandwich", "price": "8", "category": "sandwiches"},
        {"name_ar": "ساندويتش لبنة", "name_en": "Labneh Sandwich", "price": "5", "category": "sandwiches"},
        {
            "name_ar": "ساندويتش دجاج",
            "name_en": "Chicken Sandwich",
            "price": "9",
            "category": "sandwiches",
            "available": False,
        },
        {
            "name_ar": "بوكس ساندويتشات ٨ حبات",
            "name_en": "Sandwich Box 8 Pieces",
            "price": "50",
            "category": "boxes",
        },
        {"name_ar": "صحن حلوم", "name_en": "Halloumi Plate", "price": "12", "category": "plates"},
        {"name_ar": "عصير تفاح", "name_en": "Apple Juice", "price": "6", "category": "drinks"},
    ]
)


@pytest.mark.parametrize(
    "text",
    ["ابغى ساندويتش وعصير تفاح", "عايز ساندوتش اتنين وعصير تفاح", "one sandwich and an apple juice"],
)
def test_a_lone_sandwich_word_asks_which_sandwich(text):
    """ "ابغى ساندويتش": the sandwich word alone asks among the sandwiches that can be ordered (not
    the box of them, not one that is off); the rest of the order stands."""
    parsed = parse_order(text, SANDWICH_COUNTER)
    assert item_counts(parsed) == {"Apple Juice": 1}
    assert [sorted(a.candidates) for a in parsed.ambiguous] == [
        ["Halloumi Sandwich", "Labneh Sandwich", "Turkey Sandwich"]
    ]


@pytest.mark.parametrize(
    ("text", "items"),
    [
        ("ابي ساندويتش حلوم ثنين", {"Halloumi Sandwich": 2}),
        (
            "بدي سندويشة لبنة وعصير تفاح، وبعدين زيدوا سندويشة تانية متلها",
            {"Labneh Sandwich": 2, "Apple Juice": 1},
        ),
    ],
)
def test_a_sandwich_named_whole_or_named_back_is_that_sandwich(text, items):
    """The sandwich word with its filling is that sandwich; "another sandwich like it" after another
    dish is one more of the sandwich before."""
    parsed = parse_order(text, SANDWICH_COUNTER)
    assert item_counts(parsed) == items
    assert parsed.ambiguous == [] and parsed.unknown == []


#: A bowl bar that sells its add-ons as "Extra …".
BOWL_BAR = menu_entries(
    [
        {"name_ar": "بول تونة", "name_en": "Tuna Bowl", "price": "30", "category": "bowls"},
        {"name_ar": "بول دجاج", "name_en": "Chicken Bowl", "price": "26", "category": "bowls"},
        {"name_ar": "إضافة مانجو", "name_en": "Extra Mango", "price": "4", "category": "extras"},
        {"name_ar": "إضافة تونة", "name_en": "Extra Tuna", "price": "9", "category": "extras"},
        {"name_ar": "ماء", "name_en": "Water", "price": "2", "category": "drinks"},
    ]
)


@pytest.mark.parametrize(
    ("text", "items"),
    [
        ("two tuna bowls with one extra mango and a water", {"Tuna Bowl": 2, "Extra Mango": 1, "Water": 1}),
        ("3 chicken bowl with an extra tuna", {"Chicken Bowl": 3, "Extra Tuna": 1}),
    ],
)
def test_with_one_extra_and_an_add_on_name_orders_one_add_on(text, items):
    """ "with one extra mango", "with an extra tuna" on a menu selling "Extra Mango", "Extra Tuna":
    one add-on ordered, the bowls' count kept whole (no split of one of them)."""
    parsed = parse_order(text, BOWL_BAR)
    assert item_counts(parsed) == items
    assert parsed.ambiguous == [] and parsed.unknown == []


def test_one_of_them_with_extra_stays_a_change_of_one():
    """Guard: "two tuna bowls, one with extra mango" puts the extra on one of them (a split), the
    count said before "with", not after it."""
    parsed = parse_order("two tuna bowls, one with extra mango", BOWL_BAR)
    assert item_counts(parsed).get("Tuna Bowl") == 2


#: A coffee corner selling its coffee by the cup and by the pot.
COFFEE_CORNER = menu_entries(
    [
        {"name_ar": "قهوة تركية فنجان", "name_en": "Turkish Coffee Cup", "price": "6", "category": "coffee"},
        {"name_ar": "قهوة تركية دلة", "name_en": "Turkish Coffee Pot", "price": "30", "category": "coffee"},
        {"name_ar": "ماء", "name_en": "Water", "price": "1", "category": "drinks"},
    ]
)


@pytest.mark.parametrize(
    ("text", "items"),
    [
        ("3 turkish coffee cups and a water", {"Turkish Coffee Cup": 3, "Water": 1}),
        ("turkish coffee 2 pots", {"Turkish Coffee Pot": 2}),
    ],
)
def test_a_four_letter_english_plural_of_a_name_word_is_that_word(text, items):
    """ "cups", "pots": the English plural of a four-letter measure word of a name picks that name,
    as "cup" and the Arabic "فناجين" do."""
    parsed = parse_order(text, COFFEE_CORNER)
    assert item_counts(parsed) == items
    assert parsed.ambiguous == [] and parsed.unknown == []
