"""Merging two records of the same customer into one.

Duplicates happen when one person reaches the restaurant under two addresses: a number typed in a
local form by an import, or a BSUID (number hidden behind a username) and later the number itself.
A merge moves everything of the duplicate onto the kept customer inside the caller's transaction
and deletes the duplicate; the stricter opt-out wins, so a merge never makes a customer reachable
who had asked not to be contacted.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import ColumnElement, Table, delete, or_, update
from sqlmodel import Session, SQLModel, col, select

from crm_res.models import Conversation, ConversationStatus, Customer, Event, Role
from crm_res.models.customer import is_bsuid
from crm_res.services.access import Viewer, allowed_roles
from crm_res.services.errors import Conflict, InvalidInput, NotFound
from crm_res.services.ids import parse_id
from crm_res.services.phone_search import international_number

OPEN = (ConversationStatus.active, ConversationStatus.escalated)


def _customer_tables() -> list[Table]:
    """Every table holding rows of a customer (a foreign key to customers.id), found from the
    models: a table added later is moved too instead of being deleted by ON DELETE CASCADE."""
    tables = []
    for table in SQLModel.metadata.sorted_tables:
        if any(
            fk.column.table.name == "customers" and fk.parent.name == "customer_id"
            for fk in table.foreign_keys
        ):
            tables.append(table)
    return tables


def _locked_pair(session: Session, viewer: Viewer, keep_id: Any, merge_id: Any) -> tuple[Customer, Customer]:
    keep_uuid, merge_uuid = parse_id(keep_id, "customer"), parse_id(merge_id, "customer")
    if keep_uuid == merge_uuid:
        raise InvalidInput("choose two different customers to merge", code="merge_same")
    rows = session.exec(
        select(Customer)
        .where(Customer.restaurant_id == viewer.restaurant_id, col(Customer.id).in_([keep_uuid, merge_uuid]))
        .order_by(col(Customer.id))  # one lock order for every merge: two crossed merges cannot deadlock
        .with_for_update()
    ).all()
    found = {c.id: c for c in rows}
    if keep_uuid not in found or merge_uuid not in found:
        raise NotFound("customer not found")
    return found[keep_uuid], found[merge_uuid]


def _absorb(keep: Customer, gone: Customer) -> None:
    """The kept customer's fields after the merge: the known number over a BSUID, the stricter
    opt-out, the union of tags, the sum of spending, the earliest start and the latest contact."""
    keep.name = keep.name or gone.name
    keep.username = keep.username or gone.username
    keep.parent_user_id = keep.parent_user_id or gone.parent_user_id
    keep.tags = list(dict.fromkeys([*keep.tags, *gone.tags]))
    keep.dietary_restrictions = list(dict.fromkeys([*keep.dietary_restrictions, *gone.dietary_restrictions]))
    keep.lifetime_value = keep.lifetime_value + gone.lifetime_value
    keep.last_interaction = max(filter(None, (keep.last_interaction, gone.last_interaction)), default=None)
    keep.last_inbound_at = max(filter(None, (keep.last_inbound_at, gone.last_inbound_at)), default=None)
    keep.created_at = min(keep.created_at, gone.created_at)
    keep.conversation_context = keep.conversation_context or gone.conversation_context
    keep.is_test = keep.is_test and gone.is_test  # a real customer stays in the real lists
    if gone.opted_out:
        keep.opted_out = True
        keep.opted_out_at = min(filter(None, (keep.opted_out_at, gone.opted_out_at)), default=None)


@allowed_roles(Role.owner, Role.manager, action="merge customers")
def merge_customers(
    *, session: Session, viewer: Viewer, keep_id: uuid.UUID | str, merge_id: uuid.UUID | str
) -> dict[str, Any]:
    """Move the conversations, orders, feedback and every other row of customer `merge_id` onto
    `keep_id`, combine their tags and opt-out state, delete `merge_id` and record it in the audit
    trail. Both must be customers of the viewer's restaurant. Returns what was moved.

    Refused (Conflict) while both have an open conversation: two live threads of one person must be
    resolved to one by a person, not silently."""
    keep, gone = _locked_pair(session, viewer, keep_id, merge_id)
    open_owners = session.exec(
        select(Conversation.customer_id).where(
            col(Conversation.customer_id).in_([keep.id, gone.id]), col(Conversation.status).in_(OPEN)
        )
    ).all()
    if len(set(open_owners)) > 1:
        raise Conflict(
            "both customers have an open conversation: resolve one of them first", code="merge_both_open"
        )
    moved: dict[str, int] = {}
    for table in _customer_tables():
        scope = (table.c.customer_id == gone.id, table.c.restaurant_id == viewer.restaurant_id)
        if table.name == "campaign_recipients":
            # One recipient row per campaign and customer: the kept customer's row stands.
            already = select(table.c.campaign_id).where(table.c.customer_id == keep.id).scalar_subquery()
            session.execute(delete(table).where(*scope, table.c.campaign_id.in_(already)))
        result = session.execute(update(table).where(*scope).values(customer_id=keep.id))
        moved[table.name] = int(getattr(result, "rowcount", 0) or 0)
    gone_wa_id, gone_user_id = gone.wa_id, gone.user_id
    before = {"wa_id": gone_wa_id, "user_id": gone_user_id, "name": gone.name, "opted_out": gone.opted_out}
    _absorb(keep, gone)
    # The number is worth more than a BSUID; the unique (restaurant, wa_id) and BSUID keys are free
    # once the duplicate is gone.
    take_number = is_bsuid(keep.wa_id) and not is_bsuid(gone.wa_id)
    take_bsuid = keep.user_id is None and gone.user_id is not None
    session.delete(gone)
    session.flush()
    if take_number:
        keep.wa_id = gone_wa_id
    if take_bsuid:
        keep.user_id = gone_user_id
    keep.updated_at = datetime.now(UTC)
    session.add(keep)
    session.add(
        Event(
            restaurant_id=viewer.restaurant_id,
            actor_user_id=viewer.user_id,
            actor="user",
            kind="customer.merged",
            subject_type="customer",
            subject_id=str(keep.id),
            data={"merged_id": str(gone.id), "merged": before, "moved": moved},
        )
    )
    session.flush()
    return {"kept": str(keep.id), "merged": str(gone.id), "moved": moved}


def duplicate_candidates(
    *, session: Session, viewer: Viewer, customer_id: uuid.UUID | str
) -> list[dict[str, str]]:
    """Other customers of the restaurant who are probably the same person: the same number in
    another written form, or the customer's BSUID on one record and the number on the other."""
    customer = session.get(Customer, parse_id(customer_id, "customer"))
    if customer is None or customer.restaurant_id != viewer.restaurant_id:
        raise NotFound("customer not found")
    ids = {x for x in (customer.wa_id, customer.user_id) if x}
    match: list[ColumnElement[bool]] = [col(Customer.wa_id).in_(ids), col(Customer.user_id).in_(ids)]
    if customer.parent_user_id:
        match.append(col(Customer.parent_user_id) == customer.parent_user_id)
    number = None if is_bsuid(customer.wa_id) else international_number(customer.wa_id)
    if number:
        match.append(col(Customer.wa_id).endswith(number[-9:]))
    rows = session.exec(
        select(Customer)
        .where(Customer.restaurant_id == viewer.restaurant_id, Customer.id != customer.id, or_(*match))
        .limit(20)
    ).all()
    found = []
    for other in rows:
        same_number = number is not None and international_number(other.wa_id) == number
        same_person = bool(ids & {other.wa_id, other.user_id or ""}) or (
            customer.parent_user_id is not None and other.parent_user_id == customer.parent_user_id
        )
        if same_number or same_person:
            found.append({"id": str(other.id), "name": other.name or "", "wa_id": other.wa_id})
    return found
