"""Problems of a CSV import (menu, customers) carry codes and read in Arabic and English."""

from __future__ import annotations

import pytest

from crm_res.i18n import STRINGS, csv_line_texts
from crm_res.services.admin.menu import parse_menu_csv
from crm_res.services.csv_problems import CsvLineErrors
from crm_res.services.customers import customers


def test_csv_import_problems_carry_codes_and_read_in_arabic_and_english(world):
    """Customer and menu CSV problems keep the CLI's English text and render in both languages."""
    bad = "wa_id,name,language,tags,opted_out\n966500000951,a,ar,,no\nabc,X,zz,bad!tag,maybe\n966500000951,B,ar,,\n"
    with pytest.raises(CsvLineErrors) as err:
        customers.import_customers_csv(session=world["session"], viewer=world["owner"], content=bad)
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
