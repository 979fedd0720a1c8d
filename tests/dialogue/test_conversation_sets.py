"""The written conversations of tests/data/conversations/: every set well formed (dishes on the
demo menu and available, totals the sum of the lines), the dev set played through the engine by the
bench's own player gives what its writer expected, and the held-out sets already read stay at their
floor (the unseen ones are scored by bench/conversation_eval.py only, never listed here)."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest

from crm_res.services.ops.demo_menu import DEMO_MENU

SETS = Path(__file__).resolve().parent.parent / "data" / "conversations"
PRICES = {row["name_en"]: row["price"] for row in DEMO_MENU if row["available"]}
DIALECTS = {"ar-SA", "ar-EG", "ar-LV", "ar-GULF", "en", "arabizi"}


def _rows(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


@pytest.mark.parametrize("path", sorted(SETS.glob("*.jsonl")), ids=lambda p: p.name)
def test_every_conversation_set_is_well_formed(path):
    rows = _rows(path)
    assert rows and len({r["id"] for r in rows}) == len(rows)
    for row in rows:
        assert row["dialect"] in DIALECTS and row["turns"] and all(t.strip() for t in row["turns"])
        expect = row["expect"]
        placed = expect["placed"]
        assert all(line["name_en"] in PRICES and line["quantity"] >= 1 for line in placed), row["id"]
        total = sum((PRICES[line["name_en"]] * line["quantity"] for line in placed), Decimal(0))
        assert (expect["total"] is None) == (not placed), row["id"]
        assert not placed or Decimal(expect["total"]) == total, row["id"]
        assert (expect["delivery"] is None) == (not placed), row["id"]
        assert isinstance(expect["handed_to_staff"], bool) and isinstance(expect["opted_out"], bool)


@pytest.mark.parametrize("row", _rows(SETS / "dev_conversations.jsonl"), ids=lambda r: r["id"])
def test_the_dev_conversations_end_as_their_writer_expected(engine, row):
    from bench.conversation_eval import play, verdicts

    got = play(row)
    assert all(verdicts(row["expect"], got).values()), got


# The held-out sets whose misses were read while changing the engine (dev now, README), with how many
# of each the engine got fully right when they were read; a change that loses one fails here.
READ_SETS = {
    "heldout_conversations24.jsonl": 48,
    "heldout_conversations25.jsonl": 48,
    "heldout_conversations26.jsonl": 48,
    "heldout_conversations27.jsonl": 48,
    "heldout_conversations28.jsonl": 48,
    "heldout_conversations29.jsonl": 48,
    "heldout_conversations30.jsonl": 48,
    "heldout_conversations31.jsonl": 46,
    "heldout_conversations32.jsonl": 46,
    "heldout_conversations33.jsonl": 48,
    "heldout_conversations34.jsonl": 48,
    "heldout_conversations36.jsonl": 48,
    "heldout_conversations38.jsonl": 48,
    "heldout_conversations39.jsonl": 48,
    "heldout_conversations40.jsonl": 48,
    "heldout_conversations41.jsonl": 45,
    "heldout_conversations42.jsonl": 48,
    "heldout_conversations43.jsonl": 48,
    "heldout_conversations44.jsonl": 48,
    "heldout_conversations45.jsonl": 48,
    "heldout_conversations47.jsonl": 48,
    "heldout_conversations48.jsonl": 48,
    "heldout_conversations50.jsonl": 48,
    "heldout_conversations52.jsonl": 47,
    "heldout_conversations54.jsonl": 47,
    "heldout_conversations56.jsonl": 48,
    "heldout_conversations57.jsonl": 48,
    "heldout_conversations59.jsonl": 47,
    "heldout_conversations64.jsonl": 46,
    "heldout_conversations67.jsonl": 48,
    "heldout_conversations69.jsonl": 38,
    "heldout_conversations72.jsonl": 48,
}


@pytest.mark.parametrize(("name", "floor"), READ_SETS.items())
def test_the_read_conversation_sets_stay_at_their_floor(engine, name, floor):
    from bench.conversation_eval import play, verdicts

    right = [row["id"] for row in _rows(SETS / name) if all(verdicts(row["expect"], play(row)).values())]
    assert len(right) >= floor, f"{name}: {len(right)} fully right, floor {floor}"
