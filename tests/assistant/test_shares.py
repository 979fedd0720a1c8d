"""Who an order is for, part by part (assistant/shares.py): the people each part names, "each" of the
group, "everyone else" after those who got their own; a part for one person is one."""

from __future__ import annotations

import pytest

from crm_res.assistant.shares import party_size, shares


@pytest.mark.parametrize(
    ("text", "people"),
    [
        ("احنا ٥: ابوي يبي مندي لحم، وانا واختي كل واحد شاورما، وكل واحد عصير", [2, 5]),
        ("انا وجوزي كل واحد كبسة، والبنات الاربعة كل وحدة برجر", [2, 4]),
        ("for the office: my boss wants a kabsa, and each of the 6 guys a shawarma", [6]),
        ("e7na 3 fel sayyara, kol wa7ed yabi burger", [3]),
    ],
)
def test_each_part_counts_the_people_it_names(text, people):
    found = shares(text)
    assert found is not None
    assert [n for _, n in found if n > 1] == people


def test_everyone_else_is_the_party_less_those_served():
    found = shares("tea for grandma and coffee for everyone else", party=6)
    assert found is not None and [n for _, n in found] == [1, 5]


@pytest.mark.parametrize("text", ["ابي ٢ برجر وبيبسي", "two burgers and a pepsi please", "كل واحد منهم حلو"])
def test_a_plain_order_is_for_nobody_in_particular(text):
    assert shares(text) is None


def test_the_party_is_the_group_or_the_people_named():
    assert party_size("احنا ستة بالاستراحة وكل واحد يبي شاورما") == 6
    assert party_size("انا واخوي كل واحد برجر، والعيال الثلاثة كل واحد بطاطس") == 5
    assert party_size("ابي برجر") is None
