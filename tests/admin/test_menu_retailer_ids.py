"""A menu item's WhatsApp catalog retailer id: set in the editor and the CSV import, one item per id
in a restaurant, and an export that imports back unchanged (so a catalog cart finds its items)."""

from __future__ import annotations

import pytest
from sqlmodel import select

from crm_res.models import MenuItem
from crm_res.services.admin import restaurant_settings as rs
from crm_res.services.admin.menu import export_menu_csv, import_menu_csv
from crm_res.services.csv_problems import CsvLineErrors
from crm_res.services.dialogue.catalog_cart import cart_order
from crm_res.services.errors import Conflict, InvalidInput


def _retailer_ids(s, restaurant_id) -> dict[str, str | None]:  # type: ignore[no-untyped-def]
    return {
        m.name_ar: m.retailer_id
        for m in s.exec(select(MenuItem).where(MenuItem.restaurant_id == restaurant_id))
    }


def _item(s, owner, name_ar, retailer_id, item_id=None) -> str:  # type: ignore[no-untyped-def]
    return rs.save_menu_item(
        session=s,
        viewer=owner,
        item_id=item_id,
        data={
            "name_ar": name_ar,
            "name_en": name_ar + " en",
            "price": "25",
            "category": "mains",
            "available": True,
            "retailer_id": retailer_id,
        },
    )


def test_editor_sets_clears_and_keeps_retailer_ids_unique(world):
    """The editor stores a trimmed retailer id, refuses one another item has (another restaurant may
    use it) or one with spaces, and a blank clears it."""
    s, owner, r = world["session"], world["owner"], world["r"]
    burger = _item(s, owner, "برجر", "  SKU-1 ")
    assert _retailer_ids(s, r.id) == {"برجر": "SKU-1"}
    assert next(m for m in rs.list_menu_admin(session=s, viewer=owner))["retailer_id"] == "SKU-1"
    with pytest.raises(Conflict, match="retailer id SKU-1 already belongs"):
        _item(s, owner, "شاورما", "SKU-1")
    with pytest.raises(InvalidInput) as bad:
        _item(s, owner, "شاورما", "SKU 2")
    assert [p.code for p in bad.value.problems] == ["retailer_id"]
    _item(s, owner, "برجر", "SKU-1", item_id=burger)  # saving an item again with its own id is fine
    stranger = world["stranger"]
    _item(s, stranger, "برجر", "SKU-1")  # ids are per restaurant
    _item(s, owner, "برجر", "", item_id=burger)
    assert _retailer_ids(s, r.id) == {"برجر": None}


def test_csv_import_reads_retailer_ids_and_names_bad_lines(world):
    """The optional retailer_id column is read; a repeat in the file, a malformed id and one kept by
    an item outside the file are line problems, and nothing is imported."""
    s, owner, r = world["session"], world["owner"], world["r"]
    _item(s, owner, "كبسة", "SKU-K")
    head = "name_ar,name_en,price,category,available,retailer_id\n"
    with pytest.raises(CsvLineErrors) as bad:
        import_menu_csv(
            session=s,
            restaurant_id=r.id,
            text=head + "برجر,Burger,25,mains,true,SKU-1\n"
            "شاورما,Shawarma,12,mains,true,SKU-1\nفلافل,Falafel,5,mains,true,has space\n",
        )
    assert [(n, [p.code for p in ps]) for n, ps in bad.value.lines] == [
        (3, ["retailer_id_repeat"]),
        (4, ["retailer_id_invalid"]),
    ]
    with pytest.raises(CsvLineErrors) as taken:
        import_menu_csv(session=s, restaurant_id=r.id, text=head + "برجر,Burger,25,mains,true,SKU-K\n")
    assert [(n, [p.code for p in ps]) for n, ps in taken.value.lines] == [(2, ["retailer_id_taken"])]
    assert _retailer_ids(s, r.id) == {"كبسة": "SKU-K"}
    # Moving an id from one item to another in one file is allowed: both lines are in it.
    import_menu_csv(
        session=s,
        restaurant_id=r.id,
        text=head + "برجر,Burger,25,mains,true,SKU-K\nكبسة,Kabsa,40,mains,true,SKU-K2\n",
    )
    assert _retailer_ids(s, r.id) == {"كبسة": "SKU-K2", "برجر": "SKU-K"}
    # A file without the column leaves the ids as they are.
    import_menu_csv(
        session=s,
        restaurant_id=r.id,
        text="name_ar,name_en,price,category,available\nبرجر,Burger,27,mains,true\n",
    )
    assert _retailer_ids(s, r.id)["برجر"] == "SKU-K"


def test_menu_csv_round_trip_and_a_cart_matches_the_imported_ids(world):
    """Export → import into another restaurant → export gives the same file, and a catalog cart of
    the imported retailer ids becomes lines of those items."""
    s, owner, r, other = world["session"], world["owner"], world["r"], world["other"]
    _item(s, owner, "برجر لحم", "SKU-BURGER")
    rs.save_menu_item(
        session=s,
        viewer=owner,
        item_id=None,
        data={
            "name_ar": "ماء",
            "name_en": "Water, still",
            "price": "1.50",
            "category": "drinks",
            "available": False,
        },
    )
    exported = export_menu_csv(session=s, restaurant_id=r.id)
    assert exported.splitlines()[0] == "name_ar,name_en,price,category,available,retailer_id"
    assert rs.export_menu(session=s, viewer=owner) == exported
    assert import_menu_csv(session=s, restaurant_id=other.id, text=exported) == (2, 0)
    assert export_menu_csv(session=s, restaurant_id=other.id) == exported
    menu = list(s.exec(select(MenuItem).where(MenuItem.restaurant_id == other.id)))
    parsed = cart_order([{"product_retailer_id": "SKU-BURGER", "quantity": "2", "item_price": "25"}], menu)
    assert [(line.name_ar, line.quantity) for line in parsed.lines] == [("برجر لحم", 2)]
    assert parsed.unknown == []
