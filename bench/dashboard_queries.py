"""Dashboard query latency on the large seed (run bench/seed_large.py first).

    python bench/dashboard_queries.py [--db crm_res_large] [--runs 40]

Times what the pages do on each load or live refresh, through the same service functions and a
fresh session per call (as the Reflex handlers do): the inbox's first page (+ navigation badges), the
split-pane inbox (waiting conversations pinned + a page of the rest), a thread's activity log,
a search by name and by number, opening the long conversation (messages + side panel), the orders
board, and the analytics overview for 30 days; for the owner (all branches) and for branch staff.
Prints p50/p95/max in milliseconds; the goal is p95 ≤ 150 ms for each.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from seed_large import OWNER, PNID, STAFF, point_at  # noqa: E402

GOAL_MS = 150.0


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    k = max(0, min(len(ordered) - 1, int(round(p / 100 * len(ordered) + 0.5)) - 1))
    return ordered[k]


def measure(fn: Callable[[], object], runs: int) -> list[float]:
    for _ in range(3):  # warm caches and the connection pool
        fn()
    out = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        out.append((time.perf_counter() - t0) * 1000)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", default="crm_res_large")
    parser.add_argument("--runs", type=int, default=40)
    args = parser.parse_args(argv)
    point_at(args.db)
    from sqlalchemy import text
    from sqlmodel import select

    from crm_res.db import get_engine, session_scope
    from crm_res.models import Restaurant, User
    from crm_res.services.access import viewer_for
    from crm_res.services.customers import orders
    from crm_res.services.inbox import conversations
    from crm_res.services.inbox import inbox as waiting
    from crm_res.services.insights import analytics

    with session_scope() as s:
        r = s.exec(select(Restaurant).where(Restaurant.whatsapp_phone_number_id == PNID)).first()
        if r is None:
            print(f"no restaurant {PNID} in {args.db}: run bench/seed_large.py first", file=sys.stderr)
            return 2
        owner = viewer_for(s.exec(select(User).where(User.email == OWNER[0])).one())
        staff = viewer_for(s.exec(select(User).where(User.email == STAFF[0])).one())
    with get_engine().connect() as conn:
        long_id = conn.execute(
            text(
                "SELECT conversation_id FROM messages WHERE restaurant_id = :r GROUP BY 1 "
                "ORDER BY count(*) DESC LIMIT 1"
            ),
            {"r": r.id},
        ).scalar_one()
        counts = conn.execute(
            text(
                "SELECT (SELECT count(*) FROM conversations), (SELECT count(*) FROM messages), "
                "(SELECT count(*) FROM orders), (SELECT count(*) FROM feedback)"
            )
        ).one()
    print(
        f"database {args.db}: conversations {counts[0]:,} · messages {counts[1]:,} · orders {counts[2]:,} · "
        f"feedback {counts[3]:,}; {args.runs} runs each after 3 warm-ups\n"
    )

    def inbox(viewer):  # type: ignore[no-untyped-def]
        def run() -> None:
            with session_scope() as s:
                rows = conversations.list_conversations(session=s, viewer=viewer, page_size=26)
                conversations.inbox_counts(session=s, viewer=viewer)
                assert len(rows) == 26

        return run

    def split_inbox(viewer):  # type: ignore[no-untyped-def]
        """What the split-pane inbox loads: the waiting (pinned) part, then a page of the rest."""

        def run() -> None:
            with session_scope() as s:
                pinned = waiting.waiting_conversations(session=s, viewer=viewer)
                conversations.list_conversations(
                    session=s,
                    viewer=viewer,
                    page_size=26,
                    snoozed=False,
                    exclude_ids=[p["id"] for p in pinned],
                )

        return run

    def activity() -> None:
        with session_scope() as s:
            waiting.conversation_activity(session=s, viewer=owner, conversation_id=long_id)

    def search(term: str, viewer):  # type: ignore[no-untyped-def]
        def run() -> None:
            with session_scope() as s:
                conversations.list_conversations(session=s, viewer=viewer, search=term, page_size=26)

        return run

    def thread() -> None:
        with session_scope() as s:
            msgs = conversations.conversation_messages(
                session=s, viewer=owner, conversation_id=long_id, limit=51
            )
            conversations.conversation_detail(session=s, viewer=owner, conversation_id=long_id)
            assert len(msgs) == 51

    def board(viewer):  # type: ignore[no-untyped-def]
        def run() -> None:
            with session_scope() as s:
                orders.orders_board(session=s, viewer=viewer)

        return run

    def overview(viewer):  # type: ignore[no-untyped-def]
        def run() -> None:
            with session_scope() as s:
                data = analytics.analytics_overview(session=s, viewer=viewer, days=30)
                assert data["kpis"]["feedback"] > 0

        return run

    cases: list[tuple[str, Callable[[], None]]] = [
        ("inbox first page + badges (owner)", inbox(owner)),
        ("inbox first page + badges (staff)", inbox(staff)),
        ("split inbox: waiting + page (owner)", split_inbox(owner)),
        ("split inbox: waiting + page (staff)", split_inbox(staff)),
        ("thread activity log (long conv.)", activity),
        ("search by name 'نورة'", search("نورة", owner)),
        ("search by number '96650001234'", search("96650001234", owner)),
        ("search, no match 'zzzz'", search("zzzz", owner)),
        ("open long conversation (2,010 msgs)", thread),
        ("orders board (owner)", board(owner)),
        ("orders board (staff)", board(staff)),
        ("analytics overview 30 days (owner)", overview(owner)),
        ("analytics overview 30 days (staff)", overview(staff)),
    ]
    print(f"{'query':<40} {'p50':>8} {'p95':>8} {'max':>8}")
    worst = 0.0
    for label, fn in cases:
        ms = measure(fn, args.runs)
        p95 = percentile(ms, 95)
        worst = max(worst, p95)
        flag = "" if p95 <= GOAL_MS else "  > goal"
        print(f"{label:<40} {statistics.median(ms):7.1f}  {p95:7.1f}  {max(ms):7.1f}{flag}", flush=True)
    print(f"\nworst p95: {worst:.1f} ms (goal ≤ {GOAL_MS:.0f} ms)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
