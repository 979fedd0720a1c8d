"""Accuracy floors of the rule-based assistant on the labelled evaluation sets."""

from __future__ import annotations

import json
from collections import Counter
from decimal import Decimal
from types import ModuleType

import pytest

INTENTS = {
    "feedback", "order", "order_status", "support", "greeting", "thanks",
    "escalation", "opt_out", "opt_in", "other",
}  # fmt: skip


@pytest.fixture(scope="module")
def messages(bench: ModuleType) -> list[dict]:
    """Labelled customer messages."""
    return bench.load_jsonl(bench.MESSAGES_PATH)


@pytest.fixture(scope="module")
def orders(bench: ModuleType) -> list[dict]:
    """Labelled order messages for the demo menu."""
    return bench.load_jsonl(bench.ORDERS_PATH)


def test_message_set_is_large_varied_and_well_formed(messages: list[dict]) -> None:
    """≥220 unique messages, valid labels, every intent and all four dialects present."""
    assert len(messages) >= 220
    assert len({m["text"] for m in messages}) == len(messages)
    assert {m["intent"] for m in messages} == INTENTS
    assert {m["sentiment"] for m in messages} == {"positive", "neutral", "negative"}
    dialects = Counter(m["dialect"] for m in messages)
    assert set(dialects) == {"ar-SA", "ar-EG", "ar-LV", "en"}
    assert min(dialects.values()) >= 30


def test_order_set_is_large_and_uses_the_menu(orders: list[dict], bench: ModuleType) -> None:
    """≥90 unique orders whose expected items all exist on the demo menu."""
    names = {entry.name_en for entry in bench.MENU}
    assert len(orders) >= 90
    assert len({o["text"] for o in orders}) == len(orders)
    for order in orders:
        assert set(order["items"]) <= names
        assert all(isinstance(q, int) and q > 0 for q in order["items"].values())


def test_intent_accuracy_floor(messages: list[dict], bench: ModuleType) -> None:
    """Rule-based intent accuracy is at least 92%."""
    assert bench.intent_scores(messages)["intent"] >= 0.92


def test_sentiment_accuracy_floor(messages: list[dict], bench: ModuleType) -> None:
    """Rule-based sentiment accuracy is at least 88%."""
    assert bench.intent_scores(messages)["sentiment"] >= 0.88


def test_dialect_accuracy_floor(messages: list[dict], bench: ModuleType) -> None:
    """Language/dialect detection is right at least 90% of the time."""
    assert bench.intent_scores(messages)["dialect"] >= 0.90


def test_exact_order_match_floor(orders: list[dict], bench: ModuleType) -> None:
    """At least 92% of order messages parse to exactly the labelled items and quantities."""
    assert bench.order_match_rate(orders) >= 0.92


def test_blind_set_floors(bench: ModuleType):
    """On the blind set (never used for tuning) the rules keep what the dev-set work reached."""
    blind = bench.load_jsonl(bench.BLIND_MESSAGES_PATH)
    scores = bench.intent_scores(blind)
    assert len(blind) == 200
    assert scores["intent"] >= 0.92
    assert scores["sentiment"] >= 0.905
    assert bench.order_match_rate(bench.load_jsonl(bench.BLIND_ORDERS_PATH)) >= 0.92


@pytest.fixture(scope="module")
def dev_messages(bench: ModuleType) -> list[dict]:
    """The second labelled set (eval_dev_messages.jsonl), written apart from the tuning set."""
    return bench.load_jsonl(bench.DEV_MESSAGES_PATH)


@pytest.fixture(scope="module")
def dev_orders(bench: ModuleType) -> list[dict]:
    """The dev set's order messages (eval_dev_orders.jsonl)."""
    return bench.load_jsonl(bench.DEV_ORDERS_PATH)


def test_dev_set_is_large_new_and_well_formed(
    dev_messages: list[dict],
    dev_orders: list[dict],
    messages: list[dict],
    orders: list[dict],
    bench: ModuleType,
) -> None:
    """≥600 messages and ≥150 orders, unique, none copied from the tuning set, valid labels."""
    texts = [m["text"] for m in dev_messages]
    assert len(texts) >= 600 and len(set(texts)) == len(texts)
    assert not set(texts) & {m["text"] for m in messages}
    assert {m["intent"] for m in dev_messages} == INTENTS
    assert {m["sentiment"] for m in dev_messages} == {"positive", "neutral", "negative"}
    assert {m["dialect"] for m in dev_messages} == {"ar-SA", "ar-EG", "ar-LV", "en"}
    assert all(m["topic"] in bench.intent_mod.SupportTopic.__args__ for m in dev_messages if "topic" in m)
    order_texts = [o["text"] for o in dev_orders]
    assert len(order_texts) >= 150 and len(set(order_texts)) == len(order_texts)
    assert not set(order_texts) & {o["text"] for o in orders}
    names = {entry.name_en for entry in bench.MENU}
    for order in dev_orders:
        assert set(order["items"]) <= names
        assert all(isinstance(q, int) and q > 0 for q in order["items"].values())


def test_dev_set_floors(dev_messages: list[dict], dev_orders: list[dict], bench: ModuleType):
    """On the dev set: intent ≥98%, sentiment ≥97.5%, exact orders ≥98% (reached, less a margin)."""
    scores = bench.intent_scores(dev_messages)
    assert scores["intent"] >= 0.98
    assert scores["sentiment"] >= 0.975
    assert scores["topic"] >= 0.97
    assert bench.order_match_rate(dev_orders) >= 0.98


CONSENT_INTENTS = INTENTS | {"opt_out_uncertain"}


def test_consent_dev_set_is_varied_and_well_formed(bench: ModuleType) -> None:
    """The dev-only consent batches: unique texts, known labels, every consent label and every
    dialect present, a numbered batch on each record and a menu that exists on each order."""
    records = bench.menu_messages("dev", bench.CONSENT_STEM)
    texts = [r["text"] for r in records]
    assert len(texts) >= 100 and len(set(texts)) == len(texts)
    assert {r["intent"] for r in records} <= CONSENT_INTENTS
    assert {"opt_out", "opt_out_uncertain", "opt_in"} <= {r["intent"] for r in records}
    assert {r["dialect"] for r in records} == set(bench.DIALECTS)
    assert all(isinstance(r["batch"], int) and r["split"] == "dev" for r in records)
    assert all(bench.load_menu(r["menu"]) for r in records if "menu" in r)


def test_consent_dev_set_floors(bench: ModuleType) -> None:
    """On the consent batches (dev, reached after their rules, less a margin): intent ≥ 97%, every
    certain opt-out and probable opt-out caught, no false opt-out and no needless question."""
    records = bench.menu_messages("dev", bench.CONSENT_STEM)
    hits = [bench.classify(r) == r["intent"] for r in records]
    assert sum(hits) / len(hits) >= 0.97
    scores = bench.optout_scores(records)
    for label in ("opt-out recall (certain)", "probable opt-out asked"):
        hit, total = scores[label]
        assert hit == total
    assert scores["false opt-out on other messages"][0] == 0
    assert scores["needless opt-out question"][0] == 0


def test_dev_batch_9_is_well_formed(bench: ModuleType) -> None:
    """Dev batch 9: twelve orders per menu, expected items on their menu, totals from its prices,
    and the batch's texts new to every other order set of those menus and to each other."""
    orders = [o for name in bench.BATCH9_MENUS for o in bench.menu_orders(name, "dev9")]
    orders += bench.load_jsonl(bench.MENUS_DIR / "orders_dev9.jsonl")
    messages = bench.load_jsonl(bench.MENUS_DIR / "messages_dev9.jsonl")
    assert len(orders) == 180 and len(messages) == 60
    texts = [r["text"] for r in orders + messages]
    assert len(set(texts)) == len(texts)
    assert {m["intent"] for m in messages} == INTENTS - {"other"} | {"opt_out_uncertain"}
    for r in orders:
        menu = {e.name_en: e for e in bench.load_menu(r["menu"])}
        assert set(r["items"]) <= set(menu)
        assert Decimal(r["total"]) == sum((menu[n].price * q for n, q in r["items"].items()), Decimal(0))
        assert not {r["text"]} & {o["text"] for o in bench.menu_orders(r["menu"], "dev")}


def _check_held_out_round(orders: list[dict], messages: list[dict], bench: ModuleType) -> None:
    """A held-out-only round: every expected name on its menu (items available, `unavailable` off,
    `ambiguous` candidates available), split lines summing to the items, totals from the menu prices,
    every message label and dialect present, and no text repeated within the round."""
    texts = [r["text"] for r in orders + messages]
    assert len(set(texts)) == len(texts)
    assert {m["intent"] for m in messages} == INTENTS - {"other"} | {"opt_out_uncertain"}
    assert {r["dialect"] for r in orders + messages} == set(bench.DIALECTS)
    for r in orders:
        rows = json.loads((bench.MENUS_DIR / f"{r['menu']}.json").read_text(encoding="utf-8"))
        menu = {row["name_en"]: row for row in rows["items"]}
        available = {n for n, row in menu.items() if row.get("available", True)}
        assert set(r["items"]) <= available and all(q > 0 for q in r["items"].values())
        assert set(r.get("unavailable", [])) <= set(menu) - available
        assert all(set(names) <= available for names in r.get("ambiguous", []))
        lines: Counter[str] = Counter()
        for name, quantity in r.get("lines", []):
            lines[name] += quantity
        assert "lines" not in r or dict(lines) == r["items"]
        price = sum((Decimal(menu[n]["price"]) * q for n, q in r["items"].items()), Decimal(0))
        assert Decimal(r["total"]) == price and r["split"] == "heldout"


def test_round_16_held_out_sets_are_well_formed(bench: ModuleType) -> None:
    """Round 16 (held-out only): 20 orders on each older menu and 24 on each new one, every expected
    name on its menu (items available, `unavailable` off), split lines summing to the items, totals
    from the menu prices, 60 messages over every label, and no text repeated within the round.
    The parser is not run here: these records are only scored by the bench."""
    orders = [o for name in bench.ROUND16_MENUS for o in bench.menu_orders(name, "heldout16")]
    messages = bench.menu_messages("heldout", "messages16")
    assert len(orders) == 20 * 11 + 24 * 2 and len(messages) == 60
    _check_held_out_round(orders, messages, bench)


def test_round_17_held_out_sets_are_well_formed(bench: ModuleType) -> None:
    """Round 17 (held-out only): 12 orders on each of the thirteen round-16 menus and 24 on each of
    the two new ones, 48 messages, the same checks as round 16, each file in the period-6 dialect
    rotation, and no text of the round repeating a round-16 text. The parser is not run here."""
    orders = [o for name in bench.ROUND17_MENUS for o in bench.menu_orders(name, "heldout17")]
    messages = bench.menu_messages("heldout", "messages17")
    assert len(orders) == 12 * 13 + 24 * 2 and len(messages) == 48
    assert set(bench.ROUND17_NEW_MENUS) <= set(bench.ROUND17_MENUS) - set(bench.ROUND16_MENUS)
    _check_held_out_round(orders, messages, bench)
    for name in bench.ROUND17_MENUS:
        records = bench.menu_orders(name, "heldout17")
        assert all(r["menu"] == name and r["batch"] == 17 for r in records)
        assert [r["dialect"] for r in records] == [bench.DIALECTS[i % 6] for i in range(len(records))]
    assert [m["dialect"] for m in messages] == [bench.DIALECTS[i % 6] for i in range(48)]
    round16 = [o for name in bench.ROUND16_MENUS for o in bench.menu_orders(name, "heldout16")]
    round16 += bench.menu_messages("heldout", "messages16")
    assert not {r["text"] for r in orders + messages} & {r["text"] for r in round16}


def test_round_18_held_out_sets_are_well_formed(bench: ModuleType) -> None:
    """Round 18 (held-out only): 8 orders on each of the fifteen round-17 menus and 24 on each of
    the two new ones, 40 messages, the same checks as rounds 16 and 17, each file in the period-6
    dialect rotation, and no text of the round repeating a round-16 or round-17 text. The parser is
    not run here."""
    orders = [o for name in bench.ROUND18_MENUS for o in bench.menu_orders(name, "heldout18")]
    messages = bench.menu_messages("heldout", "messages18")
    assert len(orders) == 8 * 15 + 24 * 2 and len(messages) == 40
    assert set(bench.ROUND18_NEW_MENUS) <= set(bench.ROUND18_MENUS) - set(bench.ROUND17_MENUS)
    _check_held_out_round(orders, messages, bench)
    for name in bench.ROUND18_MENUS:
        records = bench.menu_orders(name, "heldout18")
        assert len(records) == (24 if name in bench.ROUND18_NEW_MENUS else 8)
        assert all(r["menu"] == name and r["batch"] == 18 for r in records)
        assert [r["dialect"] for r in records] == [bench.DIALECTS[i % 6] for i in range(len(records))]
    assert [m["dialect"] for m in messages] == [bench.DIALECTS[i % 6] for i in range(40)]
    assert all(m["menu"] in bench.ROUND18_MENUS for m in messages if "menu" in m)
    older = [o for name in bench.ROUND16_MENUS for o in bench.menu_orders(name, "heldout16")]
    older += [o for name in bench.ROUND17_MENUS for o in bench.menu_orders(name, "heldout17")]
    older += bench.menu_messages("heldout", "messages16") + bench.menu_messages("heldout", "messages17")
    assert not {r["text"] for r in orders + messages} & {r["text"] for r in older}


@pytest.mark.parametrize("number", [19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32])
def test_six_order_held_out_rounds_are_well_formed(bench: ModuleType, number: int) -> None:
    """Rounds 19 on (held-out only): 6 orders on each menu of the round before and 24 on each of the
    two new ones, 40 messages, the same checks as rounds 16 to 18, each file in the period-6 dialect
    rotation, and no text of the round repeating a text of any round from 16 on before it. The
    parser is not run here."""
    menus, new = getattr(bench, f"ROUND{number}_MENUS"), getattr(bench, f"ROUND{number}_NEW_MENUS")
    before = getattr(bench, f"ROUND{number - 1}_MENUS")
    split = f"heldout{number}"
    orders = [o for name in menus for o in bench.menu_orders(name, split)]
    messages = bench.menu_messages("heldout", f"messages{number}")
    assert len(orders) == 6 * len(before) + 24 * 2 and len(messages) == 40
    assert len(new) == 2 and set(new) <= set(menus) - set(before)
    _check_held_out_round(orders, messages, bench)
    for name in menus:
        records = bench.menu_orders(name, split)
        assert len(records) == (24 if name in new else 6)
        assert all(r["menu"] == name and r["batch"] == number for r in records)
        assert [r["dialect"] for r in records] == [bench.DIALECTS[i % 6] for i in range(len(records))]
    assert [m["dialect"] for m in messages] == [bench.DIALECTS[i % 6] for i in range(40)]
    assert all(m["menu"] in menus for m in messages if "menu" in m)
    rounds = range(16, number)
    older = [m for n in rounds for m in bench.menu_messages("heldout", f"messages{n}")]
    for n in rounds:
        older += [
            o for name in getattr(bench, f"ROUND{n}_MENUS") for o in bench.menu_orders(name, f"heldout{n}")
        ]
    assert not {r["text"] for r in orders + messages} & {r["text"] for r in older}


@pytest.mark.parametrize("number", [33, 34, 35, 36, 37, 38, 39, 40, 41])
def test_rounds_with_forty_orders_per_new_menu_are_well_formed(bench: ModuleType, number: int) -> None:
    """Rounds 33 on (held-out only, three writers): 6 orders on each menu of the round before and 40 on
    each of three new ones (issue #13's "at least 40 orders" per new menu), 40 messages, the checks of
    the six-order rounds, and no text repeating one of any round from 16 on. The parser is not run."""
    menus, new = getattr(bench, f"ROUND{number}_MENUS"), getattr(bench, f"ROUND{number}_NEW_MENUS")
    before, split = getattr(bench, f"ROUND{number - 1}_MENUS"), f"heldout{number}"
    orders = [o for name in menus for o in bench.menu_orders(name, split)]
    messages = bench.menu_messages("heldout", f"messages{number}")
    assert len(orders) == 6 * len(before) + 40 * 3 and len(messages) == 40
    assert len(new) == 3 and set(new) <= set(menus) - set(before)
    _check_held_out_round(orders, messages, bench)
    for name in menus:
        records = bench.menu_orders(name, split)
        assert len(records) == (40 if name in new else 6)
        assert all(r["menu"] == name and r["batch"] == number for r in records)
        assert [r["dialect"] for r in records] == [bench.DIALECTS[i % 6] for i in range(len(records))]
    assert [m["dialect"] for m in messages] == [bench.DIALECTS[i % 6] for i in range(40)]
    assert all(m["menu"] in menus for m in messages if "menu" in m)
    older = [m for n in range(16, number) for m in bench.menu_messages("heldout", f"messages{n}")]
    for n in range(16, number):
        older += [
            o for name in getattr(bench, f"ROUND{n}_MENUS") for o in bench.menu_orders(name, f"heldout{n}")
        ]
    assert not {r["text"] for r in orders + messages} & {r["text"] for r in older}


def test_old_held_out_parts_read_in_round_16_floors(bench: ModuleType) -> None:
    """The held-out parts read in round 16 (dev now; reached after their rules, less a margin):
    orders ≥ 98% exact, intent of their messages ≥ 95%, every certain and probable opt-out
    caught, no false opt-out."""
    hits = totals = 0
    for name in bench.READ_HELDOUT_MENUS:
        hit, total = bench.menu_order_rate(name, "heldout")
        hits, totals = hits + hit, totals + total
    for stem in bench.READ_HELDOUT_MIXED:
        hit, total = bench.mixed_order_rate(stem, "heldout")
        hits, totals = hits + hit, totals + total
    assert totals >= 160 and hits / totals >= 0.98
    records = [r for stem in bench.READ_HELDOUT_MESSAGES for r in bench.menu_messages("heldout", stem)]
    assert sum(bench.classify(r) == r["intent"] for r in records) / len(records) >= 0.95
    scores = bench.optout_scores(records)
    for label in ("opt-out recall (certain)", "probable opt-out asked"):
        hit, total = scores[label]
        assert hit == total
    assert scores["false opt-out on other messages"][0] == 0


def test_round_16_held_out_parts_read_in_round_17_floors(bench: ModuleType) -> None:
    """Round 16's held-out parts read in round 17 (dev now; reached after their rules, less a
    margin): orders ≥ 96% exact, intent of messages16 and the two new menus' orders ≥ 97%, every
    certain and probable opt-out caught, no false opt-out."""
    _assert_read_round_floors(bench, 16, min_orders=260, orders=0.96, intent=0.97)


def test_round_17_held_out_parts_read_in_round_18_floors(bench: ModuleType) -> None:
    """Round 17's held-out parts read in round 18 (dev now; reached after their rules, less a
    margin): orders ≥ 93% exact, intent of messages17 and the two new menus' orders ≥ 94%, every
    certain and probable opt-out caught, no false opt-out."""
    _assert_read_round_floors(bench, 17, min_orders=200, orders=0.93, intent=0.94)


def test_round_18_held_out_parts_read_in_round_19_floors(bench: ModuleType) -> None:
    """Round 18's held-out parts read in round 19 (dev now; reached after their rules, less a
    margin): orders ≥ 95% exact, intent of messages18 and the two new menus' orders ≥ 96%, every
    certain and probable opt-out caught (the two by volume since round 20), no false opt-out."""
    _assert_read_round_floors(bench, 18, min_orders=160, orders=0.95, intent=0.96)


def test_round_19_held_out_parts_read_in_round_20_floors(bench: ModuleType) -> None:
    """Round 19's held-out parts read in round 20 (dev now; reached after their rules, less a
    margin): orders ≥ 95% exact, intent of messages19 and the two new menus' orders ≥ 94%, every
    certain and probable opt-out caught, no false opt-out."""
    _assert_read_round_floors(bench, 19, min_orders=150, orders=0.95, intent=0.94)


def _assert_read_round_floors(
    bench: ModuleType,
    number: int,
    *,
    min_orders: int,
    orders: float,
    intent: float,
    probable_missed: int = 0,
) -> None:
    """A held-out-only round read by a later tuner (dev now): its orders and the intent of its
    messages plus its new menus' orders at their floors, every certain and probable opt-out caught
    (but `probable_missed` probable ones not yet asked about), no false opt-out."""
    split = f"heldout{number}"
    hits = totals = 0
    for name in getattr(bench, f"READ_HELDOUT{number}_MENUS"):
        hit, total = bench.menu_order_rate(name, split)
        hits, totals = hits + hit, totals + total
    assert totals >= min_orders and hits / totals >= orders
    stems = getattr(bench, f"READ_HELDOUT{number}_MESSAGES")
    messages = [r for stem in stems for r in bench.menu_messages("heldout", stem)]
    records = messages + [
        {"text": o["text"], "dialect": o["dialect"], "intent": "order", "menu": name}
        for name in getattr(bench, f"ROUND{number}_NEW_MENUS")
        for o in bench.menu_orders(name, split)
    ]
    assert sum(bench.classify(r) == r["intent"] for r in records) / len(records) >= intent
    scores = bench.optout_scores(messages)
    for label, missed in (("opt-out recall (certain)", 0), ("probable opt-out asked", probable_missed)):
        hit, total = scores[label]
        assert hit >= total - missed
    assert scores["false opt-out on other messages"][0] == 0


def test_round_21_held_out_parts_read_in_round_21_tuning_floors(bench: ModuleType) -> None:
    """Round 21's held-out parts read in round 21's tuning (dev now; reached after its rules, less
    a margin): orders ≥ 89% exact, intent of messages21 and the two new menus' orders ≥ 93%, every
    certain and probable opt-out caught, no false opt-out."""
    _assert_read_round_floors(bench, 21, min_orders=170, orders=0.89, intent=0.93)


def test_round_20_held_out_parts_read_in_round_22_tuning_floors(bench: ModuleType) -> None:
    """Round 20's held-out parts read in round 22's tuning (dev now; reached after its rules, less
    a margin): orders ≥ 89% exact, intent of messages20 and the two new menus' orders ≥ 92%, every
    certain and probable opt-out caught, no false opt-out, every opt-in read."""
    _assert_read_round_floors(bench, 20, min_orders=160, orders=0.89, intent=0.92)
    scores = bench.optout_scores(bench.menu_messages("heldout", "messages20"))
    hit, total = scores["opt-in recall"]
    assert hit == total


def test_round_22_held_out_parts_read_in_round_23_tuning_floors(bench: ModuleType) -> None:
    """Round 22's held-out parts read in round 23's tuning (dev now; reached after its rules, less
    a margin): orders ≥ 94% exact, intent of messages22 and the two new menus' orders ≥ 93%, every
    certain and probable opt-out caught, no false opt-out, every opt-in read."""
    _assert_read_round_floors(bench, 22, min_orders=180, orders=0.94, intent=0.93)
    scores = bench.optout_scores(bench.menu_messages("heldout", "messages22"))
    hit, total = scores["opt-in recall"]
    assert hit == total


def test_round_23_held_out_parts_read_in_round_24_tuning_floors(bench: ModuleType) -> None:
    """Round 23's held-out parts read in round 24's tuning (dev now; reached after its rules, less
    a margin): orders ≥ 97% exact, intent of messages23 and the two new menus' orders ≥ 96%, every
    certain and probable opt-out caught, no false opt-out, every opt-in read."""
    _assert_read_round_floors(bench, 23, min_orders=190, orders=0.97, intent=0.96)
    scores = bench.optout_scores(bench.menu_messages("heldout", "messages23"))
    hit, total = scores["opt-in recall"]
    assert hit == total


def test_round_24_held_out_parts_read_in_round_25_tuning_floors(bench: ModuleType) -> None:
    """Round 24's held-out parts read in round 25's tuning (dev now; reached after its rules, less
    a margin): orders ≥ 95% exact, intent of messages24 and the two new menus' orders ≥ 90%, every
    certain and probable opt-out caught, no false opt-out, every opt-in read."""
    _assert_read_round_floors(bench, 24, min_orders=200, orders=0.95, intent=0.90)
    scores = bench.optout_scores(bench.menu_messages("heldout", "messages24"))
    hit, total = scores["opt-in recall"]
    assert hit == total


def test_round_25_held_out_parts_read_in_round_26_tuning_floors(bench: ModuleType) -> None:
    """Round 25's held-out parts read in round 26's tuning (dev now; reached after its rules, less
    a margin): orders ≥ 97% exact, intent of messages25 and the two new menus' orders ≥ 93%, every
    certain and probable opt-out caught, no false opt-out, every opt-in read, and the other menus'
    orders read as orders."""
    _assert_read_round_floors(bench, 25, min_orders=220, orders=0.97, intent=0.93)
    scores = bench.optout_scores(bench.menu_messages("heldout", "messages25"))
    hit, total = scores["opt-in recall"]
    assert hit == total
    other = [
        {"text": o["text"], "dialect": o["dialect"], "intent": "order", "menu": name}
        for name in bench.READ_HELDOUT25_MENUS
        if name not in bench.ROUND25_NEW_MENUS
        for o in bench.menu_orders(name, "heldout25")
    ]
    assert sum(bench.classify(r) == "order" for r in other) / len(other) >= 0.98


def test_round_26_held_out_parts_read_in_round_27_tuning_floors(bench: ModuleType) -> None:
    """Round 26's held-out parts read in round 27's tuning (dev now; reached after its rules, less
    a margin): orders ≥ 96% exact, intent of messages26 and the two new menus' orders ≥ 95%, every
    certain and probable opt-out caught, no false opt-out, every opt-in read, and the other menus'
    orders read as orders."""
    _assert_read_round_floors(bench, 26, min_orders=230, orders=0.96, intent=0.95)
    scores = bench.optout_scores(bench.menu_messages("heldout", "messages26"))
    hit, total = scores["opt-in recall"]
    assert hit == total
    other = [
        {"text": o["text"], "dialect": o["dialect"], "intent": "order", "menu": name}
        for name in bench.READ_HELDOUT26_MENUS
        if name not in bench.ROUND26_NEW_MENUS
        for o in bench.menu_orders(name, "heldout26")
    ]
    assert sum(bench.classify(r) == "order" for r in other) / len(other) >= 0.98


def test_round_27_held_out_parts_read_in_round_28_tuning_floors(bench: ModuleType) -> None:
    """Round 27's held-out parts read in round 28's tuning (dev now; reached after its rules, less
    a margin): orders ≥ 96% exact, intent of messages27 and the two new menus' orders ≥ 93%, every
    certain and probable opt-out caught, no false opt-out, every opt-in read, and the other menus'
    orders read as orders."""
    _assert_read_round_floors(bench, 27, min_orders=246, orders=0.96, intent=0.93)
    scores = bench.optout_scores(bench.menu_messages("heldout", "messages27"))
    hit, total = scores["opt-in recall"]
    assert hit == total
    other = [
        {"text": o["text"], "dialect": o["dialect"], "intent": "order", "menu": name}
        for name in bench.READ_HELDOUT27_MENUS
        if name not in bench.ROUND27_NEW_MENUS
        for o in bench.menu_orders(name, "heldout27")
    ]
    assert sum(bench.classify(r) == "order" for r in other) / len(other) >= 0.98


def test_round_28_held_out_parts_read_in_round_29_tuning_floors(bench: ModuleType) -> None:
    """Round 28's held-out parts read in round 29's tuning (dev now; reached after its rules, less
    a margin): orders ≥ 97% exact, intent of messages28 and the two new menus' orders ≥ 95%, every
    certain and probable opt-out caught, no false opt-out, every opt-in read, and the other menus'
    orders read as orders."""
    _assert_read_round_floors(bench, 28, min_orders=258, orders=0.97, intent=0.95)
    scores = bench.optout_scores(bench.menu_messages("heldout", "messages28"))
    hit, total = scores["opt-in recall"]
    assert hit == total
    other = [
        {"text": o["text"], "dialect": o["dialect"], "intent": "order", "menu": name}
        for name in bench.READ_HELDOUT28_MENUS
        if name not in bench.ROUND28_NEW_MENUS
        for o in bench.menu_orders(name, "heldout28")
    ]
    assert sum(bench.classify(r) == "order" for r in other) / len(other) >= 0.98


def test_round_29_held_out_parts_read_in_round_30_tuning_floors(bench: ModuleType) -> None:
    """Round 29's held-out parts read in round 30's tuning (dev now; reached after its rules, less
    a margin): orders ≥ 97% exact, intent of messages29 and the two new menus' orders ≥ 93%, every
    certain and probable opt-out caught, no false opt-out, no needless opt-out question, every
    opt-in read, and the other menus' orders read as orders."""
    _assert_read_round_floors(bench, 29, min_orders=270, orders=0.97, intent=0.93)
    scores = bench.optout_scores(bench.menu_messages("heldout", "messages29"))
    hit, total = scores["opt-in recall"]
    assert hit == total
    assert scores["needless opt-out question"][0] == 0
    other = [
        {"text": o["text"], "dialect": o["dialect"], "intent": "order", "menu": name}
        for name in bench.READ_HELDOUT29_MENUS
        if name not in bench.ROUND29_NEW_MENUS
        for o in bench.menu_orders(name, "heldout29")
    ]
    assert sum(bench.classify(r) == "order" for r in other) / len(other) >= 0.98


def test_round_30_held_out_parts_read_in_round_31_tuning_floors(bench: ModuleType) -> None:
    """Round 30's held-out parts read in round 31's tuning (dev now; reached after its rules, less
    a margin): orders ≥ 98% exact, intent of messages30 and the two new menus' orders ≥ 95%, every
    certain and probable opt-out caught, no false opt-out, no needless opt-out question, every
    opt-in read, and the other menus' orders read as orders."""
    _assert_read_round_floors(bench, 30, min_orders=282, orders=0.98, intent=0.95)
    scores = bench.optout_scores(bench.menu_messages("heldout", "messages30"))
    hit, total = scores["opt-in recall"]
    assert hit == total
    assert scores["needless opt-out question"][0] == 0
    other = [
        {"text": o["text"], "dialect": o["dialect"], "intent": "order", "menu": name}
        for name in bench.READ_HELDOUT30_MENUS
        if name not in bench.ROUND30_NEW_MENUS
        for o in bench.menu_orders(name, "heldout30")
    ]
    assert sum(bench.classify(r) == "order" for r in other) / len(other) >= 0.98


def test_round_31_held_out_parts_read_in_round_32_tuning_floors(bench: ModuleType) -> None:
    """Round 31's held-out parts read in round 32's tuning (dev now; reached after its rules, less
    a margin): orders ≥ 97% exact, intent of messages31 and the two new menus' orders ≥ 95%, every
    certain and probable opt-out caught, no false opt-out, no needless opt-out question, every
    opt-in read, and the other menus' orders read as orders."""
    _assert_read_round_floors(bench, 31, min_orders=294, orders=0.97, intent=0.95)
    scores = bench.optout_scores(bench.menu_messages("heldout", "messages31"))
    hit, total = scores["opt-in recall"]
    assert hit == total
    assert scores["needless opt-out question"][0] == 0
    other = [
        {"text": o["text"], "dialect": o["dialect"], "intent": "order", "menu": name}
        for name in bench.READ_HELDOUT31_MENUS
        if name not in bench.ROUND31_NEW_MENUS
        for o in bench.menu_orders(name, "heldout31")
    ]
    assert sum(bench.classify(r) == "order" for r in other) / len(other) >= 0.98


def test_round_41_held_out_parts_read_in_round_42_tuning_floors(bench: ModuleType) -> None:
    """Round 41's held-out parts read in round 42's tuning (dev now; reached after its rules, less
    a margin): orders ≥ 83% exact, items / quantities / total ≥ 92% over all menus and ≥ 90% on
    each new menu of 40 orders (srilankan, karak, nepali), intent of messages41 and the three new
    menus' orders ≥ 95%, every certain opt-out caught and every probable one but one (left by round
    42's tuning), no false opt-out, no needless opt-out question, every opt-in read, and the other
    menus' orders read as orders."""
    _assert_read_round_floors(bench, 41, min_orders=534, orders=0.83, intent=0.95, probable_missed=1)
    right = count = 0
    for name in bench.READ_HELDOUT41_MENUS:
        menu = bench.load_menu(name)
        records = bench.menu_orders(name, "heldout41")
        hits = sum(bench.items_match(r, bench.order_mod.parse_order(r["text"], menu)) for r in records)
        if name in bench.ROUND41_NEW_MENUS:
            assert hits / len(records) >= 0.9, name
        right, count = right + hits, count + len(records)
    assert right / count >= 0.92
    scores = bench.optout_scores(bench.menu_messages("heldout", "messages41"))
    hit, total = scores["opt-in recall"]
    assert hit == total
    assert scores["needless opt-out question"][0] == 0
    other = [
        {"text": o["text"], "dialect": o["dialect"], "intent": "order", "menu": name}
        for name in bench.READ_HELDOUT41_MENUS
        if name not in bench.ROUND41_NEW_MENUS
        for o in bench.menu_orders(name, "heldout41")
    ]
    assert sum(bench.classify(r) == "order" for r in other) / len(other) >= 0.98


def test_round_40_held_out_parts_read_in_round_41_tuning_floors(bench: ModuleType) -> None:
    """Round 40's held-out parts read in round 41's tuning (dev now; reached after its rules, less
    a margin): orders ≥ 89% exact, items / quantities / total ≥ 94% over all menus and ≥ 87.5% on
    each new menu of 40 orders (smokehouse, cakes, haashi), intent of messages40 and the three new
    menus' orders ≥ 95%, every certain and probable opt-out caught, no false opt-out, no needless
    opt-out question, every opt-in read, and the other menus' orders read as orders."""
    _assert_read_round_floors(bench, 40, min_orders=516, orders=0.89, intent=0.95)
    right = count = 0
    for name in bench.READ_HELDOUT40_MENUS:
        menu = bench.load_menu(name)
        records = bench.menu_orders(name, "heldout40")
        hits = sum(bench.items_match(r, bench.order_mod.parse_order(r["text"], menu)) for r in records)
        if name in bench.ROUND40_NEW_MENUS:
            assert hits / len(records) >= 0.875, name
        right, count = right + hits, count + len(records)
    assert right / count >= 0.94
    scores = bench.optout_scores(bench.menu_messages("heldout", "messages40"))
    hit, total = scores["opt-in recall"]
    assert hit == total
    assert scores["needless opt-out question"][0] == 0
    other = [
        {"text": o["text"], "dialect": o["dialect"], "intent": "order", "menu": name}
        for name in bench.READ_HELDOUT40_MENUS
        if name not in bench.ROUND40_NEW_MENUS
        for o in bench.menu_orders(name, "heldout40")
    ]
    assert sum(bench.classify(r) == "order" for r in other) / len(other) >= 0.99


def test_round_39_held_out_parts_read_in_round_40_tuning_floors(bench: ModuleType) -> None:
    """Round 39's held-out parts read in round 40's tuning (dev now; reached after its rules, less
    a margin): orders ≥ 93% exact, items / quantities / total ≥ 96% over all menus and ≥ 95% on
    each new menu of 40 orders (bufiya, poke, donuts), intent of messages39 and the three new
    menus' orders ≥ 98%, every certain and probable opt-out caught, no false opt-out, no needless
    opt-out question, every opt-in read, and the other menus' orders read as orders."""
    _assert_read_round_floors(bench, 39, min_orders=498, orders=0.93, intent=0.98)
    right = count = 0
    for name in bench.READ_HELDOUT39_MENUS:
        menu = bench.load_menu(name)
        records = bench.menu_orders(name, "heldout39")
        hits = sum(bench.items_match(r, bench.order_mod.parse_order(r["text"], menu)) for r in records)
        if name in bench.ROUND39_NEW_MENUS:
            assert hits / len(records) >= 0.95, name
        right, count = right + hits, count + len(records)
    assert right / count >= 0.96
    scores = bench.optout_scores(bench.menu_messages("heldout", "messages39"))
    hit, total = scores["opt-in recall"]
    assert hit == total
    assert scores["needless opt-out question"][0] == 0
    other = [
        {"text": o["text"], "dialect": o["dialect"], "intent": "order", "menu": name}
        for name in bench.READ_HELDOUT39_MENUS
        if name not in bench.ROUND39_NEW_MENUS
        for o in bench.menu_orders(name, "heldout39")
    ]
    assert sum(bench.classify(r) == "order" for r in other) / len(other) >= 0.99


def test_round_38_held_out_parts_read_in_round_39_tuning_floors(bench: ModuleType) -> None:
    """Round 38's held-out parts read in round 39's tuning (dev now; reached after its rules, less
    a margin): orders ≥ 95% exact, items / quantities / total ≥ 97% over all menus and ≥ 95% on
    each new menu of 40 orders (maqluba, pide, rotisserie), intent of messages38 and the three new
    menus' orders ≥ 98%, every certain and probable opt-out caught, no false opt-out, no needless
    opt-out question, every opt-in read, and the other menus' orders read as orders."""
    _assert_read_round_floors(bench, 38, min_orders=480, orders=0.95, intent=0.98)
    right = count = 0
    for name in bench.READ_HELDOUT38_MENUS:
        menu = bench.load_menu(name)
        records = bench.menu_orders(name, "heldout38")
        hits = sum(bench.items_match(r, bench.order_mod.parse_order(r["text"], menu)) for r in records)
        if name in bench.ROUND38_NEW_MENUS:
            assert hits / len(records) >= 0.95, name
        right, count = right + hits, count + len(records)
    assert right / count >= 0.97
    scores = bench.optout_scores(bench.menu_messages("heldout", "messages38"))
    hit, total = scores["opt-in recall"]
    assert hit == total
    assert scores["needless opt-out question"][0] == 0
    other = [
        {"text": o["text"], "dialect": o["dialect"], "intent": "order", "menu": name}
        for name in bench.READ_HELDOUT38_MENUS
        if name not in bench.ROUND38_NEW_MENUS
        for o in bench.menu_orders(name, "heldout38")
    ]
    assert sum(bench.classify(r) == "order" for r in other) / len(other) >= 0.99


def test_round_37_held_out_parts_read_in_round_38_tuning_floors(bench: ModuleType) -> None:
    """Round 37's held-out parts read in round 38's tuning (dev now; reached after its rules, less
    a margin): orders ≥ 92% exact, items / quantities / total ≥ 95% over all menus and ≥ 90% on
    each new menu of 40 orders (subs, crepes, diner), intent of messages37 and the three new menus'
    orders ≥ 96%, every certain and probable opt-out caught, no false opt-out, no needless opt-out
    question, every opt-in read, and the other menus' orders read as orders."""
    _assert_read_round_floors(bench, 37, min_orders=462, orders=0.92, intent=0.96)
    right = count = 0
    for name in bench.READ_HELDOUT37_MENUS:
        menu = bench.load_menu(name)
        records = bench.menu_orders(name, "heldout37")
        hits = sum(bench.items_match(r, bench.order_mod.parse_order(r["text"], menu)) for r in records)
        if name in bench.ROUND37_NEW_MENUS:
            assert hits / len(records) >= 0.90, name
        right, count = right + hits, count + len(records)
    assert right / count >= 0.95
    scores = bench.optout_scores(bench.menu_messages("heldout", "messages37"))
    hit, total = scores["opt-in recall"]
    assert hit == total
    assert scores["needless opt-out question"][0] == 0
    other = [
        {"text": o["text"], "dialect": o["dialect"], "intent": "order", "menu": name}
        for name in bench.READ_HELDOUT37_MENUS
        if name not in bench.ROUND37_NEW_MENUS
        for o in bench.menu_orders(name, "heldout37")
    ]
    assert sum(bench.classify(r) == "order" for r in other) / len(other) >= 0.99


def test_round_36_held_out_parts_read_in_round_37_tuning_floors(bench: ModuleType) -> None:
    """Round 36's held-out parts read in round 37's tuning (dev now; reached after its rules, less
    a margin): orders ≥ 93% exact, items / quantities / total ≥ 95% over all menus and ≥ 95% on
    each new menu of 40 orders (bubbletea, feteer, saj), intent of messages36 and the three new
    menus' orders ≥ 97%, every certain and probable opt-out caught, no false opt-out, no needless
    opt-out question, every opt-in read, and the other menus' orders read as orders."""
    _assert_read_round_floors(bench, 36, min_orders=444, orders=0.93, intent=0.97)
    right = count = 0
    for name in bench.READ_HELDOUT36_MENUS:
        menu = bench.load_menu(name)
        records = bench.menu_orders(name, "heldout36")
        hits = sum(bench.items_match(r, bench.order_mod.parse_order(r["text"], menu)) for r in records)
        if name in bench.ROUND36_NEW_MENUS:
            assert hits / len(records) >= 0.95, name
        right, count = right + hits, count + len(records)
    assert right / count >= 0.95
    scores = bench.optout_scores(bench.menu_messages("heldout", "messages36"))
    hit, total = scores["opt-in recall"]
    assert hit == total
    assert scores["needless opt-out question"][0] == 0
    other = [
        {"text": o["text"], "dialect": o["dialect"], "intent": "order", "menu": name}
        for name in bench.READ_HELDOUT36_MENUS
        if name not in bench.ROUND36_NEW_MENUS
        for o in bench.menu_orders(name, "heldout36")
    ]
    assert sum(bench.classify(r) == "order" for r in other) / len(other) >= 0.99


def test_round_35_held_out_parts_read_in_round_36_tuning_floors(bench: ModuleType) -> None:
    """Round 35's held-out parts read in round 36's tuning (dev now; reached after its rules, less
    a margin): orders ≥ 88% exact, items / quantities / total ≥ 95% over all menus and ≥ 90% on
    each new menu of 40 orders (kurdish, hadrami, noodles), intent of messages35 and the three new
    menus' orders ≥ 96%, every certain and probable opt-out caught, no false opt-out, no needless
    opt-out question, every opt-in read, and the other menus' orders read as orders."""
    _assert_read_round_floors(bench, 35, min_orders=426, orders=0.88, intent=0.96)
    right = count = 0
    for name in bench.READ_HELDOUT35_MENUS:
        menu = bench.load_menu(name)
        records = bench.menu_orders(name, "heldout35")
        hits = sum(bench.items_match(r, bench.order_mod.parse_order(r["text"], menu)) for r in records)
        if name in bench.ROUND35_NEW_MENUS:
            assert hits / len(records) >= 0.90, name
        right, count = right + hits, count + len(records)
    assert right / count >= 0.95
    scores = bench.optout_scores(bench.menu_messages("heldout", "messages35"))
    hit, total = scores["opt-in recall"]
    assert hit == total
    assert scores["needless opt-out question"][0] == 0
    other = [
        {"text": o["text"], "dialect": o["dialect"], "intent": "order", "menu": name}
        for name in bench.READ_HELDOUT35_MENUS
        if name not in bench.ROUND35_NEW_MENUS
        for o in bench.menu_orders(name, "heldout35")
    ]
    assert sum(bench.classify(r) == "order" for r in other) / len(other) >= 0.98


def test_round_34_held_out_parts_read_in_round_35_tuning_floors(bench: ModuleType) -> None:
    """Round 34's held-out parts read in round 35's tuning (dev now; reached after its rules, less
    a margin): orders ≥ 88% exact, items / quantities / total ≥ 96% over all menus and ≥ 90% on
    each new menu of 40 orders (nuts, armenian, malaysian), intent of messages34 and the three new
    menus' orders ≥ 98%, every certain and probable opt-out caught, no false opt-out, no needless
    opt-out question, every opt-in read, and the other menus' orders read as orders."""
    _assert_read_round_floors(bench, 34, min_orders=408, orders=0.88, intent=0.98)
    right = count = 0
    for name in bench.READ_HELDOUT34_MENUS:
        menu = bench.load_menu(name)
        records = bench.menu_orders(name, "heldout34")
        hits = sum(bench.items_match(r, bench.order_mod.parse_order(r["text"], menu)) for r in records)
        if name in bench.ROUND34_NEW_MENUS:
            assert hits / len(records) >= 0.90, name
        right, count = right + hits, count + len(records)
    assert right / count >= 0.96
    scores = bench.optout_scores(bench.menu_messages("heldout", "messages34"))
    hit, total = scores["opt-in recall"]
    assert hit == total
    assert scores["needless opt-out question"][0] == 0
    other = [
        {"text": o["text"], "dialect": o["dialect"], "intent": "order", "menu": name}
        for name in bench.READ_HELDOUT34_MENUS
        if name not in bench.ROUND34_NEW_MENUS
        for o in bench.menu_orders(name, "heldout34")
    ]
    assert sum(bench.classify(r) == "order" for r in other) / len(other) >= 0.98


def test_round_33_held_out_parts_read_in_round_34_tuning_floors(bench: ModuleType) -> None:
    """Round 33's held-out parts read in round 34's tuning (dev now; reached after its rules, less
    a margin): orders ≥ 97% exact, items / quantities / total ≥ 98% over all menus and ≥ 95% on
    each new menu of 40 orders (fishchips, dimsum, dates: the shop that sells by weight), intent of
    messages33 and the three new menus' orders ≥ 97%, every certain and probable opt-out caught, no
    false opt-out, no needless opt-out question, every opt-in read, and the other menus' orders
    read as orders."""
    _assert_read_round_floors(bench, 33, min_orders=390, orders=0.97, intent=0.97)
    right = count = 0
    for name in bench.READ_HELDOUT33_MENUS:
        menu = bench.load_menu(name)
        records = bench.menu_orders(name, "heldout33")
        hits = sum(bench.items_match(r, bench.order_mod.parse_order(r["text"], menu)) for r in records)
        if name in bench.ROUND33_NEW_MENUS:
            assert hits / len(records) >= 0.95, name
        right, count = right + hits, count + len(records)
    assert right / count >= 0.98
    scores = bench.optout_scores(bench.menu_messages("heldout", "messages33"))
    hit, total = scores["opt-in recall"]
    assert hit == total
    assert scores["needless opt-out question"][0] == 0
    other = [
        {"text": o["text"], "dialect": o["dialect"], "intent": "order", "menu": name}
        for name in bench.READ_HELDOUT33_MENUS
        if name not in bench.ROUND33_NEW_MENUS
        for o in bench.menu_orders(name, "heldout33")
    ]
    assert sum(bench.classify(r) == "order" for r in other) / len(other) >= 0.98


def test_round_32_held_out_parts_read_in_round_33_tuning_floors(bench: ModuleType) -> None:
    """Round 32's held-out parts read in round 33's tuning (dev now; reached after its rules, less
    a margin): orders ≥ 98% exact, intent of messages32 and the two new menus' orders ≥ 97%, every
    certain and probable opt-out caught, no false opt-out, no needless opt-out question, every
    opt-in read, and the other menus' orders read as orders."""
    _assert_read_round_floors(bench, 32, min_orders=306, orders=0.98, intent=0.97)
    scores = bench.optout_scores(bench.menu_messages("heldout", "messages32"))
    hit, total = scores["opt-in recall"]
    assert hit == total
    assert scores["needless opt-out question"][0] == 0
    other = [
        {"text": o["text"], "dialect": o["dialect"], "intent": "order", "menu": name}
        for name in bench.READ_HELDOUT32_MENUS
        if name not in bench.ROUND32_NEW_MENUS
        for o in bench.menu_orders(name, "heldout32")
    ]
    assert sum(bench.classify(r) == "order" for r in other) / len(other) >= 0.98
