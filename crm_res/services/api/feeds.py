"""Keyset-paged lists for the REST API: the dashboard's scoping (tenant, branches), machine fields.

Each list is newest first and pages by a cursor: the sort key and id of the last row seen, so a
page costs the same deep in a 100,000-row list as on its first page and rows that arrive between
pages are neither skipped nor repeated. (`offset` stays for the seed's clients; prefer the cursor.)
"""

from __future__ import annotations

import base64
import inspect
import uuid
from datetime import datetime
from functools import lru_cache
from typing import Any, NamedTuple

import psycopg
from sqlalchemy import (
    Float,
    Integer,
    String,
    Text,
    Uuid,
    and_,
    any_,
    bindparam,
    cast,
    or_,
    tuple_,
    type_coerce,
)
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.dialects.postgresql.psycopg import dialect as psycopg_dialect
from sqlmodel import Session, col, select

from crm_res.models import Branch, Conversation, Customer, Feedback, Message, Order
from crm_res.services.access import Viewer
from crm_res.services.errors import InvalidInput, NotFound
from crm_res.services.lists import customer_search, visible_branch
from crm_res.vocabulary import UPDATE_TYPES

MAX_LIMIT = 200


def encode_cursor(at: datetime, row_id: uuid.UUID) -> str:
    return base64.urlsafe_b64encode(f"{at.isoformat()}|{row_id}".encode()).decode().rstrip("=")


def decode_cursor(cursor: str) -> tuple[datetime, uuid.UUID]:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        at, row_id = raw.split("|", 1)
        return datetime.fromisoformat(at), uuid.UUID(row_id)
    except (ValueError, UnicodeDecodeError):
        raise InvalidInput("the cursor is not one this API gave out") from None


def _page(query, key_col, id_col, limit: int, cursor: str | None, offset: int):
    """Newest first by (key, id); returns (rows, next cursor or None)."""
    if not 1 <= limit <= MAX_LIMIT:
        raise InvalidInput(f"limit must be between 1 and {MAX_LIMIT}")
    if cursor:
        at, row_id = decode_cursor(cursor)
        query = query.where(tuple_(key_col, id_col) < tuple_(at, row_id))
    elif offset:
        query = query.offset(offset)
    return query.order_by(col(key_col).desc(), col(id_col).desc()).limit(limit + 1)


def _finish(rows: list[Any], limit: int, key: Any) -> tuple[list[Any], str | None]:
    if len(rows) > limit:
        rows = rows[:limit]
        return rows, encode_cursor(*key(rows[-1]))
    return rows, None


def conversation_feed(
    *,
    session: Session,
    viewer: Viewer,
    status: str | None = None,
    type: str | None = None,
    branch_id: uuid.UUID | None = None,
    updated_since: datetime | None = None,
    limit: int = 20,
    cursor: str | None = None,
    offset: int = 0,
) -> tuple[list[dict[str, Any]], str | None]:
    """Conversations by latest activity, newest first, each with its customer's number."""
    if not 1 <= limit <= MAX_LIMIT:
        raise InvalidInput(f"limit must be between 1 and {MAX_LIMIT}")
    branch = visible_branch(session, viewer, branch_id)
    shape, params = _conversation_query(viewer, status, type, branch, updated_since, limit, cursor, offset)
    # Columns, not entities, through Core with one statement per shape (built once): a page is
    # read, never changed, and the statement's construction would cost more than its execution.
    rows = list(session.connection().execute(_conversation_statement(shape), params).all())
    return _conversation_page(rows, limit)


def conversation_feed_unbranched(
    *,
    connection: psycopg.Connection,
    viewer: Viewer,
    status: str | None = None,
    type: str | None = None,
    updated_since: datetime | None = None,
    limit: int = 20,
    cursor: str | None = None,
    offset: int = 0,
) -> tuple[list[dict[str, Any]], str | None]:
    """`conversation_feed` with no `branch_id` (so no branch to check), the same statement and
    rows read by one psycopg cursor on an autocommit connection: without a Session and SQLAlchemy's
    execution and result layers a page costs ~0.3 ms less CPU (half of it, by itself)."""
    if not 1 <= limit <= MAX_LIMIT:
        raise InvalidInput(f"limit must be between 1 and {MAX_LIMIT}")
    shape, params = _conversation_query(viewer, status, type, None, updated_since, limit, cursor, offset)
    rows = connection.execute(_conversation_sql(shape, params["lim"]), params).fetchall()
    return _conversation_page(rows, limit)


def _conversation_query(
    viewer: Viewer,
    status: str | None,
    type_: str | None,
    branch: uuid.UUID | None,
    updated_since: datetime | None,
    limit: int,
    cursor: str | None,
    offset: int,
) -> tuple[tuple[bool, ...], dict[str, Any]]:
    """The list's statement shape and bound parameters; the tenant and the viewer's branches are
    always in them."""
    params: dict[str, Any] = {
        "rid": viewer.restaurant_id,
        "status": status,
        "type": type_,
        "branch": branch,
        "since": updated_since,
        "lim": limit + 1,
    }
    if cursor:
        params["at"], params["after"] = decode_cursor(cursor)
    elif offset:
        params["off"] = offset
    scoped = not viewer.sees_all_branches
    if scoped:
        params["branches"] = list(viewer.branch_ids)
    shape = (
        bool(status),
        bool(type_),
        branch is not None,
        updated_since is not None,
        bool(cursor),
        bool(offset) and not cursor,
        scoped,
        scoped and bool(viewer.branch_ids),
    )
    return shape, params


def _conversation_page(rows: Any, limit: int) -> tuple[list[dict[str, Any]], str | None]:
    rows, nxt = _finish(list(rows), limit, lambda r: (r[_AT], r[_ID]))
    return [_conversation_dict(*r) for r in rows], nxt


class _ConversationStatement(NamedTuple):
    statement: Any  # for a Session (conversation_feed)
    sql: str  # psycopg's text of it, its limit LIMIT_SLOT (conversation_feed_unbranched)


_PSYCOPG = psycopg_dialect()
LIMIT_SLOT = "__[POSTCOMPILE_lim]"


def _conversation_sql(shape: tuple[bool, ...], lim: int) -> str:
    """`_conversation_statement(shape)` as psycopg's SQL text, its limit a literal."""
    return _conversation_statements(shape).sql.replace(LIMIT_SLOT, str(int(lim)))


def _conversation_statement(shape: tuple[bool, ...]) -> Any:
    """The list's statement for one combination of filters, with bound parameters."""
    return _conversation_statements(shape).statement


@lru_cache(maxsize=256)  # one entry per combination of the eight filters: all of them fit
def _conversation_statements(shape: tuple[bool, ...]) -> _ConversationStatement:
    """The list's statement for one combination of filters (bound parameters) and its SQL text,
    built once."""
    status, type_, branch, since, cursor, offset, scoped, has_branches = shape
    query = (
        select(*_LIST_COLUMNS, Customer.wa_id, Customer.name)  # type: ignore[call-overload]  # SQLModel's exec() is typed for select() only (text() / 5+ columns)
        .join(Customer, col(Customer.id) == col(Conversation.customer_id))
        .where(Conversation.restaurant_id == bindparam("rid"))
    )
    if scoped:  # the viewer's branches, as Viewer.branch_filter says (rows with no branch stay visible)
        branch_col = col(Conversation.branch_id)
        query = query.where(
            # = ANY(array), one statement text whatever the number of branches (prepared once)
            branch_col.is_(None) | (branch_col == any_(bindparam("branches", type_=ARRAY(Uuid))))
            if has_branches
            else branch_col.is_(None)
        )
    if status:
        query = query.where(Conversation.status == bindparam("status"))
    if type_:
        query = query.where(Conversation.type == bindparam("type"))
    if branch:
        query = query.where(Conversation.branch_id == bindparam("branch"))
    if since:
        query = query.where(
            or_(
                col(Conversation.updated_at) >= bindparam("since"),
                col(Conversation.last_message_at) >= bindparam("since"),
            )
        )
    if cursor:
        query = query.where(
            tuple_(Conversation.last_message_at, Conversation.id)
            < tuple_(bindparam("at"), bindparam("after"))
        )
    elif offset:
        query = query.offset(bindparam("off"))
    # The limit as a literal in the SQL (rendered per execution, and put in the SQL text's
    # LIMIT_SLOT per request; the compiled statement stays cached): psycopg prepares a statement it has run 5 times on a connection, and Postgres then
    # plans it once (generic plan) only if that plan costs no more than a custom one. A `LIMIT $n`
    # makes the generic plan assume a large limit (a parallel scan, 7 ms instead of 0.1), so every
    # execution was planned again (0.24 ms of Postgres CPU, more than running it); with the literal
    # the generic plan is the custom one and planning drops to ~0.01 ms (EXPLAIN ... EXECUTE).
    query = query.order_by(col(Conversation.last_message_at).desc(), col(Conversation.id).desc()).limit(
        bindparam("lim", type_=Integer, literal_execute=True)
    )
    sql = str(query.compile(dialect=_PSYCOPG))
    assert sql.count("__[POSTCOMPILE") == sql.count(LIMIT_SLOT) == 1
    return _ConversationStatement(query, sql)


# The enums as their stored text (the API shows the values): no Enum member made, then undone.
_ENUMS = ("status", "type", "handled_by")
_CONVERSATION_COLUMNS = [
    col(Conversation.id),
    *(type_coerce(getattr(Conversation, name), String).label(name) for name in _ENUMS),
    *(
        getattr(Conversation, name)
        for name in (
            "restaurant_id",
            "branch_id",
            "customer_id",
            "ai_confidence",
            "unread_count",
            "last_message_preview",
            "last_message_at",
            "started_at",
            "resolved_at",
            "updated_at",
        )
    ),
]

# A list page's ids as text and its confidence as a float, made by Postgres: the answer writes
# them so anyway, and a uuid.UUID or Decimal per value cost more CPU than the query (80 ids on a
# 20-row page). The same JSON: orjson writes a UUID as its canonical text, which is Postgres's.
_SENT_AS = {"id": Text, "restaurant_id": Text, "branch_id": Text, "customer_id": Text, "ai_confidence": Float}
_LIST_COLUMNS = [
    cast(c, _SENT_AS[c.key]).label(c.key) if c.key in _SENT_AS else c for c in _CONVERSATION_COLUMNS
]

_ONE_CONVERSATION = (
    select(*_CONVERSATION_COLUMNS, Customer.wa_id, Customer.name)  # type: ignore[call-overload]  # SQLModel's exec() is typed for select() only (text() / 5+ columns)
    .join(Customer, col(Customer.id) == col(Conversation.customer_id))
    .where(Conversation.id == bindparam("cid"), Conversation.restaurant_id == bindparam("rid"))
)
# The dashboard's thread without its display fields: edits, deletes and reactions are marks on
# the message they change, not messages (vocabulary.UPDATE_TYPES).
_THREAD = (
    select(
        Message.id,
        Message.sender,
        Message.direction,
        Message.type,
        Message.body,  # type: ignore[call-overload]  # SQLModel's exec() is typed for select() only (text() / 5+ columns)
        Message.payload["caption"].astext.label("caption"),
        Message.status,
        Message.occurred_at,
    )
    .where(
        Message.conversation_id == bindparam("cid"),
        Message.restaurant_id == bindparam("rid"),
        col(Message.type).not_in(UPDATE_TYPES),
    )
    .order_by(col(Message.id).desc())
    .limit(bindparam("lim"))
)


def _conversation_dict(
    id: uuid.UUID,
    status: str,
    type: str,
    handled_by: str,
    restaurant_id: uuid.UUID,
    branch_id: uuid.UUID | None,
    customer_id: uuid.UUID,
    ai_confidence: Any,
    unread_count: int,
    last_message_preview: str | None,
    last_message_at: datetime,
    started_at: datetime,
    resolved_at: datetime | None,
    updated_at: datetime,
    wa_id: str,
    name: str | None,
) -> dict[str, Any]:
    """A conversation as the API shows it, from the values of a _CONVERSATION_ROW (its parameters,
    in that order: a row is passed as it comes, `*row`, since a Row's look-ups by name cost more
    than the query's execution)."""
    return {
        "id": id,
        "status": status,
        "type": type,
        "handled_by": handled_by,
        "restaurant_id": restaurant_id,
        "branch_id": branch_id,
        "customer_id": customer_id,
        "customer": {"id": customer_id, "wa_id": wa_id, "name": name},
        "ai_confidence": float(ai_confidence) if ai_confidence is not None else None,
        "unread_count": unread_count,
        "last_message_preview": last_message_preview,
        "last_message_at": last_message_at,
        "started_at": started_at,
        "resolved_at": resolved_at,
        "updated_at": updated_at,
    }


# The names of a list row's values, in order: _CONVERSATION_COLUMNS, then the customer's.
_CONVERSATION_ROW = (*(c.key for c in _CONVERSATION_COLUMNS), "wa_id", "name")
assert _CONVERSATION_ROW == tuple(inspect.signature(_conversation_dict).parameters)
_AT, _ID = _CONVERSATION_ROW.index("last_message_at"), _CONVERSATION_ROW.index("id")


def conversation_fields(c: Any, wa_id: str, name: str | None) -> dict[str, Any]:
    """A conversation (an entity) as the API shows it: as a list row shows it."""
    values = {key: getattr(c, key) for key in _CONVERSATION_ROW[:-2]}
    values.update({key: values[key].value for key in _ENUMS})
    return _conversation_dict(**values, wa_id=wa_id, name=name)


def customer_feed(
    *,
    session: Session,
    viewer: Viewer,
    search: str = "",
    tag: str = "",
    opted_out: bool | None = None,
    updated_since: datetime | None = None,
    limit: int = 20,
    cursor: str | None = None,
    offset: int = 0,
) -> tuple[list[dict[str, Any]], str | None]:
    """The restaurant's customers (not the simulator's test ones), most recently changed first."""
    query = select(Customer).where(Customer.restaurant_id == viewer.restaurant_id, ~col(Customer.is_test))
    if search.strip():
        query = query.where(customer_search(search.strip(), Customer.name, Customer.wa_id))
    if tag:
        query = query.where(col(Customer.tags).contains([tag.strip().lower()]))
    if opted_out is not None:
        query = query.where(Customer.opted_out == opted_out)
    if updated_since is not None:
        query = query.where(Customer.updated_at >= updated_since)
    query = _page(query, Customer.updated_at, Customer.id, limit, cursor, offset)
    rows, nxt = _finish(list(session.exec(query).all()), limit, lambda c: (c.updated_at, c.id))
    return [customer_fields(c) for c in rows], nxt


def customer_fields(c: Customer) -> dict[str, Any]:
    return {
        "id": c.id,
        "wa_id": c.wa_id,
        "bsuid": c.user_id,
        "name": c.name,
        "language": c.language_preference.value,
        "tags": list(c.tags),
        "opted_out": c.opted_out,
        "opted_out_at": c.opted_out_at,
        "lifetime_value": f"{c.lifetime_value:.2f}",
        "last_interaction": c.last_interaction,
        "created_at": c.created_at,
        "updated_at": c.updated_at,
    }


def order_feed(
    *,
    session: Session,
    viewer: Viewer,
    status: str | None = None,
    branch_id: uuid.UUID | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
    updated_since: datetime | None = None,
    limit: int = 20,
    cursor: str | None = None,
    offset: int = 0,
) -> tuple[list[dict[str, Any]], str | None]:
    """Orders of the viewer's branches, newest first; `since`/`until` bound when they were placed."""
    query = (
        select(Order, Customer.wa_id, Customer.name)
        .join(Customer, col(Customer.id) == col(Order.customer_id))
        .where(Order.restaurant_id == viewer.restaurant_id, viewer.branch_filter(col(Order.branch_id)))
    )
    if status:
        query = query.where(Order.status == status)
    if (branch := visible_branch(session, viewer, branch_id)) is not None:
        query = query.where(Order.branch_id == branch)
    if since is not None:
        query = query.where(Order.created_at >= since)
    if until is not None:
        query = query.where(Order.created_at < until)
    if updated_since is not None:
        query = query.where(Order.updated_at >= updated_since)
    query = _page(query, Order.created_at, Order.id, limit, cursor, offset)
    rows, nxt = _finish(list(session.exec(query).all()), limit, lambda r: (r[0].created_at, r[0].id))
    return [order_fields(o, wa_id, name) for o, wa_id, name in rows], nxt


def order_fields(o: Order, wa_id: str, name: str | None) -> dict[str, Any]:
    return {
        "id": o.id,
        "number": o.number,
        "status": o.status.value,
        "branch_id": o.branch_id,
        "customer": {"id": o.customer_id, "wa_id": wa_id, "name": name},
        "conversation_id": o.conversation_id,
        "delivery_type": o.delivery_type.value,
        "total": f"{o.total_amount:.2f}",
        "currency": "SAR",
        "items": [
            {
                "name_ar": i.get("name_ar", ""),
                "name_en": i.get("name_en", ""),
                "quantity": int(i.get("quantity", 1)),
                "price": f"{float(i.get('price', 0)):.2f}",
            }
            for i in o.items
        ],
        "created_at": o.created_at,
        "updated_at": o.updated_at,
        "delivered_at": o.delivered_at,
    }


def get_order_fields(*, session: Session, viewer: Viewer, order_id: uuid.UUID) -> dict[str, Any]:
    order = session.get(Order, order_id)
    if (
        order is None
        or order.restaurant_id != viewer.restaurant_id
        or not viewer.can_see_branch(order.branch_id)
    ):
        raise NotFound("order not found")
    customer = session.get(Customer, order.customer_id)
    assert customer is not None
    return order_fields(order, customer.wa_id, customer.name)


def feedback_feed(
    *,
    session: Session,
    viewer: Viewer,
    sentiment: str | None = None,
    branch_id: uuid.UUID | None = None,
    followup_only: bool = False,
    since: datetime | None = None,
    until: datetime | None = None,
    limit: int = 20,
    cursor: str | None = None,
    offset: int = 0,
) -> tuple[list[dict[str, Any]], str | None]:
    """Feedback of the viewer's branches, newest first (not the simulator's test customers')."""
    query = (
        select(Feedback, Customer.wa_id)
        .join(Customer, col(Customer.id) == col(Feedback.customer_id))
        .where(
            Feedback.restaurant_id == viewer.restaurant_id,
            viewer.branch_filter(col(Feedback.branch_id)),
            ~col(Customer.is_test),
        )
    )
    if sentiment:
        query = query.where(Feedback.sentiment == sentiment)
    if (branch := visible_branch(session, viewer, branch_id)) is not None:
        query = query.where(Feedback.branch_id == branch)
    if followup_only:
        query = query.where(
            and_(col(Feedback.requires_followup), col(Feedback.followup_handled_at).is_(None))
        )
    if since is not None:
        query = query.where(Feedback.created_at >= since)
    if until is not None:
        query = query.where(Feedback.created_at < until)
    query = _page(query, Feedback.created_at, Feedback.id, limit, cursor, offset)
    rows, nxt = _finish(list(session.exec(query).all()), limit, lambda r: (r[0].created_at, r[0].id))
    return [
        {
            "id": f.id,
            "rating": f.rating,
            "comment": f.comment,
            "sentiment": f.sentiment.value if f.sentiment else None,
            "categories": list(f.categories),
            "branch_id": f.branch_id,
            "customer": {"id": f.customer_id, "wa_id": wa_id},
            "conversation_id": f.conversation_id,
            "order_id": f.order_id,
            "requires_followup": f.requires_followup,
            "followup_handled": f.followup_handled_at is not None,
            "created_at": f.created_at,
        }
        for f, wa_id in rows
    ], nxt


def branch_feed(*, session: Session, viewer: Viewer) -> list[dict[str, Any]]:
    """The branches the viewer may see, with their opening hours."""
    query = select(Branch).where(
        Branch.restaurant_id == viewer.restaurant_id, col(Branch.deleted_at).is_(None)
    )
    if not viewer.sees_all_branches:
        query = query.where(col(Branch.id).in_(viewer.branch_ids))
    return [
        {
            "id": b.id,
            "name_ar": b.name_ar,
            "name_en": b.name_en,
            "city": b.city,
            "street": b.street,
            "lat": b.lat,
            "lng": b.lng,
            "phone": b.phone,
            "is_active": b.is_active,
            "operating_hours": b.operating_hours,
            "ramadan_hours": b.ramadan_hours,
        }
        for b in session.exec(query.order_by(col(Branch.created_at), col(Branch.id))).all()
    ]


# --------------------------------------------------------------------------- one conversation


def conversation_detail(
    *, session: Session, viewer: Viewer, conversation_id: uuid.UUID, limit: int = 50
) -> dict[str, Any]:
    """A conversation as the list shows it, with its newest `limit` messages (oldest first) and
    whether older ones exist: two statements (built once), the dashboard's visibility rules —
    another restaurant's or another branch's conversation is NotFound, never a hint it exists."""
    if not 1 <= limit <= MAX_LIMIT:
        raise InvalidInput(f"limit must be between 1 and {MAX_LIMIT}")
    conn = session.connection()
    row = conn.execute(_ONE_CONVERSATION, {"cid": conversation_id, "rid": viewer.restaurant_id}).first()
    if row is None or not viewer.can_see_branch(row.branch_id):
        raise NotFound("conversation not found")
    messages = conn.execute(
        _THREAD, {"cid": conversation_id, "rid": viewer.restaurant_id, "lim": limit + 1}
    ).all()
    more = len(messages) > limit
    page = sorted(messages[:limit], key=lambda m: (m.occurred_at, m.id))  # in the order Meta reports
    out = _conversation_dict(*row)
    out["messages"] = [
        {
            "id": m.id,
            "sender": m.sender.value,
            "direction": m.direction.value,
            "type": m.type,
            "content": m.body or m.caption or "",
            "status": m.status.value,
            "timestamp": m.occurred_at,
        }
        for m in page
    ]
    out["has_older_messages"] = more
    return out
