"""The time a customer wants the order for, read from the words (a clock, a prayer, a delay), and
never from a count, an address or a number of people."""

from __future__ import annotations

import pytest

from crm_res.assistant.wanted_time import WantedTime, wanted_time


@pytest.mark.parametrize(
    ("text", "wanted"),
    [
        ("بمر اخذهم الساعة ٨", WantedTime("clock", hour=8)),
        ("الساعه ٧ ونص الصبح", WantedTime("clock", hour=7, minute=30, part="am")),
        ("هعدي الساعة تسعة وربع بالليل", WantedTime("clock", hour=9, minute=15, part="pm")),
        ("الساعة ٨ الا ربع", WantedTime("clock", hour=7, minute=45)),
        ("pickup at 7:15", WantedTime("clock", hour=7, minute=15)),
        ("I'll grab it at 8pm", WantedTime("clock", hour=8, part="pm")),
        ("el sa3a 9 bel leil", WantedTime("clock", hour=9, part="pm")),
        ("ready by 21:30?", WantedTime("clock", hour=21, minute=30)),
        ("بمر بعد صلاة العصر", WantedTime("prayer", prayer="asr")),
        ("ba3d el maghrib", WantedTime("prayer", prayer="maghrib")),
        ("after isha please", WantedTime("prayer", prayer="isha")),
        ("بعد نص ساعة", WantedTime("after", minutes=30)),
        ("in 40 minutes", WantedTime("after", minutes=40)),
        ("kaman rob3 sa3a", WantedTime("after", minutes=15)),
    ],
)
def test_the_time_said_is_read(text, wanted):
    assert wanted_time(text) == wanted


@pytest.mark.parametrize(
    "text",
    [
        "ابي ٣ برجر وبيبسي ٢",
        "delivery to al hamra street 3, villa 12",
        "for 4 people please",
        "احنا ٥ وكل واحد شاورما",
        "3 shawarma at olaya",
    ],
)
def test_no_time_in_counts_addresses_or_people(text):
    assert wanted_time(text) is None
