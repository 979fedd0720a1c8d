"""Business-initiated sends of one restaurant in batches (campaigns), with every guarantee of the
one-row send job (outbox/sending.py), at a fraction of its cost per send.

One call takes the restaurant's due rows of a purpose (`status = 'pending' AND not_before <= now`)
in chunks of `CHUNK`, oldest slot first, and for each chunk:
1. decides the prayer hold of every row from its customer's branch city (computed once per call
   for all the rows it may take, `places_for_customers`) at THIS moment (the send-time re-check);
2. claims the chunk in ONE statement, pipelined with its COMMIT: rows of a customer who opted out
   since the release are `cancelled`; rows now inside a prayer window (+ buffer) or Ramadan's
   quiet hour get `not_before` moved past it (still `pending`); the rest become `sending` with
   no `sending_started_at` yet (claimed, not on the wire); a row locked by another worker,
   paused (deleted) or cancelled is simply not found;
3. posts the claimed rows one by one, each under the number's caps (`post_claimed`: a slot of the bulk
   window, RELEASE_SHARE of the cap, then of the number's whole window, shared by all workers and
   everything the number sends), with `biz_opaque_callback_data = outbox:<id>`; right before each
   post, after its slot, the row's `sending_started_at` is set and committed (`_ON_THE_WIRE`, a
   compare-and-set: a row taken back meanwhile is not posted); from there its outcome is unknown
   until the wamid is stored;
4. stores the wamids in one round trip (`record_sent`), also if a later post raised.

Between chunks it stops when `should_yield()` says so (the job: a reply is waiting in the queue),
when its time budget is spent, or when nothing is due; a pause or cancel (which only touches
`pending` rows) therefore lets at most the chunk being posted go out.

A worker killed mid-chunk leaves that chunk's rows `sending`, and each row says which case it is:
- never posted (`sending_started_at` NULL: the kill came before its post): the next batch of the
  restaurant (`release_unposted`, at its start, under the restaurant's batch lock, so no live
  sender is between its claim and its posts; the sweeper wakes it) takes it back at once: to
  `pending`, the claim's attempt taken back, or, if its campaign was paused or cancelled
  meanwhile, as pause/cancel would have (deleted and its recipient `pending` again; `cancelled`);
- posted (`sending_started_at` set): the one-row path's unknown outcome (a status webhook
  carrying the callback data marks it sent; after the bulk grace the sweeper's one-row job posts
  it again, logged as `outbox.resent_unconfirmed`). At most the one row being posted waits. A retryable
error releases the row to `pending` at its backoff (this call picks it up when due); a post whose
outcome is unknown is returned for the caller to reconcile, as the one-row job does.
"""

from __future__ import annotations

import functools
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import Engine, text
from sqlmodel import Session

from crm_res import metrics
from crm_res.models import Restaurant
from crm_res.services.outbox.sending import (
    Claimed,
    Posted,
    SendOutcome,
    committed_in_one_round_trip,
    post_claimed,
    record_sent,
)
from crm_res.services.timing.holding import (
    hold_settings,
    is_pre_iftar,
    next_free_moment,
    places_for_customers,
)

CHUNK = 8  # rows claimed at once: what a kill can leave to the grace, and a pause can still let go
SLOT_WAIT = 2.0  # longest wait for a cap slot before the rest of a chunk is released

# The candidates of one call: due rows, oldest slot first (ix_outbox_due).
_DUE = text("""
SELECT id, customer_id, payload FROM outbox
WHERE status = 'pending' AND not_before <= :due AND restaurant_id = :r AND purpose = :purpose
ORDER BY not_before, id LIMIT :n
""")

_NEXT = text("""
SELECT min(not_before) FROM outbox WHERE status = 'pending' AND restaurant_id = :r AND purpose = :purpose
""")

# One chunk: lock what is still pending and due, cancel the opted out, hold the ones now inside a
# prayer window, claim the rest. `v`: the caller's hold decision per id (NULL: free to go) and
# what held it.
_CLAIM = """
WITH v AS (
    SELECT * FROM unnest(%(ids)s::bigint[], %(held)s::timestamptz[], %(reasons)s::text[]) AS v(id, held, reason)
), locked AS (
    SELECT o.id, v.held, v.reason, coalesce(c.opted_out, true) AS refused
    FROM outbox o JOIN v ON v.id = o.id LEFT JOIN customers c ON c.id = o.customer_id
    WHERE o.status = 'pending' AND o.not_before <= %(due)s
    FOR UPDATE OF o SKIP LOCKED
), cancelled AS (
    UPDATE outbox o SET status = 'cancelled', last_error = 'customer opted out', sending_started_at = NULL
    FROM locked l WHERE l.id = o.id AND l.refused RETURNING o.id
), held AS (
    UPDATE outbox o SET not_before = l.held, last_error = 'held for ' || l.reason
    FROM locked l WHERE l.id = o.id AND NOT l.refused AND l.held IS NOT NULL RETURNING o.id
), claimed AS (
    UPDATE outbox o SET status = 'sending', sending_started_at = NULL, attempts = o.attempts + 1
    FROM locked l WHERE l.id = o.id AND NOT l.refused AND l.held IS NULL RETURNING o.id, o.payload, o.purpose
)
SELECT 'cancelled', id, NULL::jsonb, NULL::varchar FROM cancelled
UNION ALL SELECT 'held', id, NULL::jsonb, NULL::varchar FROM held
UNION ALL SELECT 'claimed', id, payload, purpose FROM claimed
"""

# Right before a claimed row's post: from now its outcome is unknown. Only if it is still this
# batch's claim (not taken back by `release_unposted` after this sender's lock expired).
_ON_THE_WIRE = """
UPDATE outbox SET sending_started_at = %(now)s
WHERE id = %(id)s AND status = 'sending' AND sending_started_at IS NULL
"""

# Rows a stopped batch claimed and never posted (module docstring), as their campaign now wants.
_UNPOSTED = text("""
WITH stuck AS (
    SELECT o.id, r.id AS recipient, c.status AS campaign
    FROM outbox o
    LEFT JOIN campaign_recipients r ON r.outbox_id = o.id AND r.restaurant_id = o.restaurant_id
    LEFT JOIN campaigns c ON c.id = r.campaign_id
    WHERE o.restaurant_id = :r AND o.purpose = :purpose AND o.status = 'sending' AND o.sending_started_at IS NULL
    FOR UPDATE OF o
), paused AS (
    DELETE FROM outbox o USING stuck s WHERE o.id = s.id AND s.campaign = 'paused' RETURNING o.id
), paused_recipients AS (
    UPDATE campaign_recipients r SET status = 'pending', outbox_id = NULL, released_at = NULL
    FROM stuck s WHERE r.id = s.recipient AND s.campaign = 'paused'
), cancelled AS (
    UPDATE outbox o SET status = 'cancelled', last_error = 'campaign cancelled', attempts = greatest(o.attempts - 1, 0)
    FROM stuck s WHERE o.id = s.id AND s.campaign = 'cancelled' RETURNING o.id
), cancelled_recipients AS (
    UPDATE campaign_recipients r SET status = 'cancelled' FROM stuck s WHERE r.id = s.recipient AND s.campaign = 'cancelled'
), released AS (
    UPDATE outbox o SET status = 'pending', attempts = greatest(o.attempts - 1, 0),
                        last_error = 'claimed by a batch that stopped before posting it'
    FROM stuck s WHERE o.id = s.id AND s.campaign IS DISTINCT FROM 'paused' AND s.campaign IS DISTINCT FROM 'cancelled'
    RETURNING o.id
)
SELECT (SELECT count(*) FROM released), (SELECT count(*) FROM paused) + (SELECT count(*) FROM cancelled)
""")


@dataclass
class BulkOutcome:
    sent: int = 0
    cancelled: int = 0  # opted out since the release
    held: int = 0  # inside a prayer window at send time: moved past it
    released: int = 0  # back to pending (a retry's backoff, or no cap slot in time)
    recovered: int = 0  # claimed by a stopped batch and never posted: taken back at the start
    unknown: list[tuple[int, SendOutcome]] = field(default_factory=list)  # to reconcile (the caller)
    failed: int = 0
    stopped: str = ""  # "yield" | "budget" | "cap" | "done"
    next_due: datetime | None = None  # the earliest pending row's time when nothing is due now

    def __str__(self) -> str:
        return (
            f"{self.sent} sent, {self.held} held for prayer, {self.cancelled} cancelled (opted out), "
            f"{self.released} released, {self.failed} failed, {len(self.unknown)} unknown, "
            f"{self.recovered} never posted taken back; {self.stopped}"
        )


def send_due_bulk(
    *,
    engine: Engine,
    restaurant_id: uuid.UUID,
    purpose: str,
    budget: float = 1.0,
    should_yield: Callable[[], bool] = lambda: False,
    now: Callable[[], datetime] = lambda: datetime.now(UTC),
) -> BulkOutcome:
    """Send the restaurant's due `purpose` rows for about `budget` seconds (module docstring).

    The caller holds the restaurant's batch lock (jobs/send.send_bulk): one sender at a time."""
    out = BulkOutcome()
    out.recovered = release_unposted(engine, restaurant_id, purpose)
    deadline = time.monotonic() + budget
    with Session(engine) as session:
        restaurant = session.get(Restaurant, restaurant_id)
        if restaurant is None:
            out.stopped = "done"
            return out
        policy = hold_settings(restaurant)
        prayer = bool(restaurant.prayer_time_enabled)
        phone_number_id, token = restaurant.whatsapp_phone_number_id, restaurant.whatsapp_access_token
        settings = dict(restaurant.settings or {})
        # Enough candidates for the budget at any cap (a row taken by another worker is skipped).
        limit = max(CHUNK, int(budget * 200))
        rows = session.execute(
            _DUE, {"due": now() + timedelta(seconds=1), "r": restaurant_id, "purpose": purpose, "n": limit}
        ).all()
        places = (
            places_for_customers(
                session=session, restaurant=restaurant, customer_ids=list({r[1] for r in rows})
            )
            if prayer and rows
            else {}
        )
        session.commit()
    if not rows:
        out.stopped = "done"
        out.next_due = _next_due(engine, restaurant_id, purpose)
        return out
    with engine.connect() as conn:
        for start in range(0, len(rows), CHUNK):
            # The first chunk always goes, whatever the clock says: no batch ends empty-handed (a
            # claim slower than the budget on a loaded box would otherwise re-queue forever).
            if start and should_yield():
                out.stopped = "yield"
                return out
            if start and time.monotonic() > deadline:
                out.stopped = "budget"
                return out
            at = now()
            chunk = rows[start : start + CHUNK]
            held: list[datetime | None] = []
            reasons: list[str | None] = []
            for _id, customer_id, payload in chunk:
                free, reason = (at, None)
                if customer_id in places:  # every candidate's, when holding is on (else none)
                    free, reason = next_free_moment(
                        at, places[customer_id], policy, pre_iftar=is_pre_iftar(payload)
                    )
                held.append(free if reason is not None else None)
                reasons.append(reason)
            params = {
                "ids": [r[0] for r in chunk],
                "held": held,
                "reasons": reasons,
                "due": at + timedelta(seconds=1),
            }
            with committed_in_one_round_trip(conn, _CLAIM, params) as cur:
                found = cur.fetchall()
            claimed: list[tuple[int, Claimed]] = []
            for what, outbox_id, payload, row_purpose in found:
                if what == "cancelled":
                    out.cancelled += 1
                    metrics.SENDS.labels("cancelled", "").inc()
                elif what == "held":
                    out.held += 1
                    metrics.OUTBOX_HELD.labels("prayer").inc()
                else:
                    claimed.append(
                        (
                            outbox_id,
                            Claimed(
                                payload, row_purpose, phone_number_id, token, settings, False, None, True
                            ),
                        )
                    )
            claimed.sort()
            if _post_chunk(engine, conn, claimed, out):
                out.stopped = "cap"
                return out
    out.stopped = "budget" if len(rows) >= limit else "done"
    if out.stopped == "done":
        out.next_due = _next_due(engine, restaurant_id, purpose)
    return out


def release_unposted(engine: Engine, restaurant_id: uuid.UUID, purpose: str) -> int:
    """Take back the rows a stopped batch claimed and never posted (module docstring); returns how
    many went back to `pending` (the ones of a paused or cancelled campaign are not counted)."""
    with engine.begin() as conn:
        released, _settled = conn.execute(_UNPOSTED, {"r": restaurant_id, "purpose": purpose}).one()
    if released:
        metrics.OUTBOX_RELEASED.inc(released)
    return int(released)


def _on_the_wire(conn: Any, outbox_id: int) -> bool:
    """Mark the claimed row posted-from-now in one round trip (the UPDATE and its COMMIT); False
    when it is no longer this batch's claim."""
    with committed_in_one_round_trip(conn, _ON_THE_WIRE, {"id": outbox_id, "now": datetime.now(UTC)}) as cur:
        return cur.rowcount == 1


def _post_chunk(engine: Engine, conn: Any, claimed: list[tuple[int, Claimed]], out: BulkOutcome) -> bool:
    """Post a claimed chunk in order; True when the cap gave no slot in time (the rest released)."""
    posted: list[Posted] = []
    try:
        for index, (outbox_id, c) in enumerate(claimed):
            result = post_claimed(
                engine,
                outbox_id,
                c,
                max_wait=SLOT_WAIT,
                before_post=functools.partial(_on_the_wire, conn, outbox_id),
            )
            if isinstance(result, Posted):
                posted.append(result)
                continue
            if result.status == "skipped":  # taken back before its post: another batch has it
                continue
            if result.status == "failed":
                out.failed += 1
            elif result.status == "reconcile":
                out.unknown.append((outbox_id, result))
            else:  # retry: released to pending at its backoff (or a second later, for the cap)
                out.released += 1
                if result.reason == "throughput cap":
                    rest = [i for i, _c in claimed[index + 1 :]]
                    out.released += _unclaim(conn, rest)
                    return True
    finally:
        if posted:  # also when a later post raised: what Meta accepted is stored
            out.sent += len(record_sent(conn, posted))
    return False


def _unclaim(conn: Any, ids: list[int]) -> int:
    """Claimed rows not posted: back to pending at once, the claim's attempt taken back."""
    if not ids:
        return 0
    with conn.begin():
        result = conn.execute(
            text(
                "UPDATE outbox SET status = 'pending', sending_started_at = NULL, attempts = greatest(attempts - 1, 0), "
                "not_before = now() + interval '1 second', last_error = 'throughput cap' "
                "WHERE id = ANY(:ids) AND status = 'sending'"
            ),
            {"ids": ids},
        )
    return int(result.rowcount or 0)


def _next_due(engine: Engine, restaurant_id: uuid.UUID, purpose: str) -> datetime | None:
    with engine.connect() as conn:
        return conn.execute(_NEXT, {"r": restaurant_id, "purpose": purpose}).scalar()
