"""Whole conversations through the real engine (issue #13): each customer message of a written
conversation is stored and answered by `handle_inbound` on a real database, as the worker does,
at a fixed clock (a Sunday noon in Riyadh, both branches open); at the end the orders placed, the
hand-over to staff and the opt-out are compared with what the conversation's writer expected.

    python bench/conversation_eval.py                 # every set: aggregates per dialect
    python bench/conversation_eval.py --errors FILE   # the misses of one set (reading it makes it dev)

Sets live in tests/data/conversations/ (its README says who wrote each and what they did not read).
Prints, per set: conversations fully right, and each expectation on its own (the order placed:
lines, quantities and total; pickup or delivery; handed to staff; opted out); at the end, the wall
time of a turn (p50/p99: the message answered by the engine on the real database).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
import uuid
from collections import defaultdict
from datetime import timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

SETS = ROOT / "tests" / "data" / "conversations"
# Wall time of each turn: the message answered by `handle_inbound` and flushed (real Postgres, in the
# bench's transaction), for the figure printed at the end.
TURN_SECONDS: list[float] = []


def play(conversation: dict[str, Any]) -> dict[str, Any]:
    """Play one conversation in a transaction that is rolled back; what it ended with."""
    from sqlmodel import Session, select

    from crm_res.db import get_engine
    from crm_res.models import Handler, Message, MessageDirection, MessageSender, Order
    from crm_res.services.dialogue import flow
    from crm_res.services.dialogue.inbound import handle_inbound
    from tests.fixtures.shop import NOON, open_shop

    flow.clear_cache()
    conn = get_engine().connect()
    trans = conn.begin()
    session = Session(bind=conn, join_transaction_mode="create_savepoint", expire_on_commit=False)
    try:
        shop = open_shop(session)
        for i, body in enumerate(conversation["turns"]):
            message = Message(
                restaurant_id=shop.restaurant.id,
                conversation_id=shop.conversation.id,
                direction=MessageDirection.inbound,
                sender=MessageSender.customer,
                type="text",
                body=body,
                payload={},
                wa_message_id=f"wamid.conv.{uuid.uuid4().hex}",
            )
            session.add(message)
            session.flush()
            started = time.perf_counter()
            handle_inbound(session=session, message_id=message.id, now=NOON + timedelta(minutes=2 * i))
            session.flush()
            TURN_SECONDS.append(time.perf_counter() - started)
        orders = list(session.exec(select(Order).where(Order.conversation_id == shop.conversation.id)))
        session.refresh(shop.conversation)
        session.refresh(shop.customer)
        lines: dict[str, int] = defaultdict(int)
        for order in orders:
            for item in order.items:
                lines[item["name_en"]] += int(item["quantity"])
        return {
            "placed": dict(lines),
            "total": str(sum((o.total_amount for o in orders), Decimal(0))) if orders else None,
            "delivery": (orders[-1].delivery_type.value == "delivery") if orders else None,
            "handed_to_staff": shop.conversation.handled_by == Handler.staff,
            "opted_out": bool(shop.customer.opted_out),
        }
    finally:
        session.close()
        trans.rollback()
        conn.close()
        flow.clear_cache()


def verdicts(expect: dict[str, Any], got: dict[str, Any]) -> dict[str, bool]:
    want = defaultdict(int)
    for line in expect.get("placed") or []:
        want[line["name_en"]] += int(line["quantity"])
    total = expect.get("total")
    return {
        "order": dict(want) == got["placed"]
        and (total is None or got["total"] is not None and Decimal(total) == Decimal(got["total"])),
        "delivery": expect.get("delivery") is None or expect["delivery"] == got["delivery"],
        "staff": bool(expect.get("handed_to_staff")) == got["handed_to_staff"],
        "opt_out": bool(expect.get("opted_out")) == got["opted_out"],
    }


def score(path: Path, errors: bool) -> None:
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    by_dialect: dict[str, list[bool]] = defaultdict(list)
    parts: dict[str, list[bool]] = defaultdict(list)
    for row in rows:
        got = play(row)
        v = verdicts(row["expect"], got)
        for name, ok in v.items():
            parts[name].append(ok)
        right = all(v.values())
        by_dialect[row.get("dialect", "?")].append(right)
        if errors and not right:
            wrong = ", ".join(k for k, ok in v.items() if not ok)
            print(
                f"  MISS {row['id']} ({wrong}): {row['turns']}\n       expected {row['expect']}\n       got {got}"
            )
    everything = [ok for oks in by_dialect.values() for ok in oks]
    print(
        f" {path.name}: {sum(everything)}/{len(everything)} conversations fully right "
        f"({100 * sum(everything) / max(len(everything), 1):.1f}%)"
    )
    for name, oks in parts.items():
        print(f"    {name:9} {sum(oks)}/{len(oks)}")
    print("    per dialect: " + "  ".join(f"{d} {sum(o)}/{len(o)}" for d, o in sorted(by_dialect.items())))


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--errors", type=Path, help="list the misses of this one set")
    parser.add_argument("--redis-db", type=int, default=2)
    args = parser.parse_args()
    from bench._common import setup_bench_environment  # its exit handlers: the bench's, not a test's

    # its own database name when several play at once (CRM_RES_BENCH_DB)
    setup_bench_environment(
        os.environ.get("CRM_RES_BENCH_DB", "crm_res_bench_conversations"), redis_db=args.redis_db
    )
    files = [args.errors] if args.errors else sorted(SETS.glob("*.jsonl"))
    print("conversations through the engine (a Sunday noon in Riyadh, both branches open)")
    for path in files:
        score(path, errors=bool(args.errors))
    if TURN_SECONDS:
        turns = sorted(TURN_SECONDS)
        p50, p99 = (turns[min(len(turns) - 1, int(q * len(turns)))] * 1000 for q in (0.50, 0.99))
        print(
            f"per turn ({len(turns)} turns, wall): p50 {p50:.1f} ms  p99 {p99:.1f} ms  max {turns[-1] * 1000:.1f} ms"
        )


if __name__ == "__main__":
    main()
