"""The demo restaurant's menu: one list used by `crm-res demo`, the tests and the evaluation set."""

from __future__ import annotations

from decimal import Decimal
from typing import TypedDict


class MenuRow(TypedDict):
    name_ar: str
    name_en: str
    price: Decimal
    category: str
    available: bool


def _row(name_ar: str, name_en: str, price: str, category: str, available: bool = True) -> MenuRow:
    return MenuRow(
        name_ar=name_ar, name_en=name_en, price=Decimal(price), category=category, available=available
    )


DEMO_MENU: list[MenuRow] = [
    _row("برجر", "Burger", "35", "mains"),
    _row("برجر دجاج", "Chicken Burger", "32", "mains"),
    _row("برجر لحم مزدوج", "Double Beef Burger", "45", "mains"),
    _row("شاورما دجاج", "Chicken Shawarma", "18", "mains"),
    _row("شاورما لحم", "Beef Shawarma", "22", "mains"),
    _row("كبسة دجاج", "Chicken Kabsa", "42", "mains"),
    _row("مندي لحم", "Lamb Mandi", "65", "mains"),
    _row("فلافل", "Falafel", "10", "mains"),
    _row("بطاطس", "Fries", "12", "sides"),
    _row("حمص", "Hummus", "14", "sides"),
    _row("سلطة", "Salad", "16", "sides"),
    _row("متبل", "Moutabal", "14", "sides"),
    _row("بيبسي", "Pepsi", "6", "drinks"),
    _row("عصير برتقال", "Orange Juice", "14", "drinks"),
    _row("ماء", "Water", "3", "drinks"),
    _row("شاي", "Tea", "5", "drinks"),
    _row("قهوة عربية", "Arabic Coffee", "9", "drinks"),
    _row("كنافة", "Kunafa", "24", "desserts"),
    _row("أم علي", "Om Ali", "20", "desserts"),
    _row("آيس كريم", "Ice Cream", "12", "desserts", available=False),
]
