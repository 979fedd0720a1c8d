"""/conversations: the inbox, a thread, and the staff actions (take over, hand back, resolve, write)."""

from __future__ import annotations

import uuid

import psycopg
from fastapi import APIRouter, Depends, Query, Request
from pydantic import BaseModel, Field
from sqlmodel import Session
from starlette.responses import Response

from crm_res.http.api.auth import BEARER_SECURITY, key_from, scope
from crm_res.http.api.common import (
    ERRORS,
    IsoDateTime,
    cached_read_as,
    enqueue_after_commit,
    in_session,
    parse_query,
    query_parameters,
)
from crm_res.http.api.idempotency import write
from crm_res.http.api.schemas import (
    Conversation,
    ConversationDetail,
    ConversationPage,
    ConvStatus,
    ConvType,
    Queued,
    StaffMessage,
)
from crm_res.models import Customer
from crm_res.services.api.api_keys import ApiPrincipal
from crm_res.services.api.feeds import (
    conversation_detail,
    conversation_feed,
    conversation_feed_unbranched,
    conversation_fields,
)
from crm_res.services.inbox import conversations as domain

router = APIRouter(prefix="/conversations", tags=["Conversations"], responses=ERRORS)
READ, WRITE = scope("conversations:read"), scope("conversations:write")


class ListQuery(BaseModel):
    """The list's query parameters (read by `parse_query`, documented by `query_parameters`)."""

    status: ConvStatus | None = None
    type: ConvType | None = None
    branch_id: uuid.UUID | None = None
    updated_since: IsoDateTime | None = None
    limit: int = Field(20, ge=1, le=200)
    offset: int = Field(0, ge=0, le=100_000)
    cursor: str | None = None


@router.get(
    "",
    response_model=ConversationPage,
    operation_id="listConversations",
    openapi_extra={"parameters": query_parameters(ListQuery), **BEARER_SECURITY},
)
async def list_conversations(request: Request) -> Response:
    """Conversations, newest activity first, each with its customer's WhatsApp number."""
    key_from(request)  # a missing key is 401 before the query is looked at, as with a dependency
    q = parse_query(request, ListQuery)

    filters = {name: value for name, value in q.__dict__.items() if name != "branch_id"}

    def page(session: Session, who: ApiPrincipal) -> dict:
        rows, nxt = conversation_feed(session=session, viewer=who.viewer, branch_id=q.branch_id, **filters)
        return {"conversations": rows, "next_cursor": nxt}

    def plain_page(connection: psycopg.Connection, who: ApiPrincipal) -> dict:
        rows, nxt = conversation_feed_unbranched(connection=connection, viewer=who.viewer, **filters)
        return {"conversations": rows, "next_cursor": nxt}

    # With no branch_id there is no branch to check (lists.visible_branch, which needs a Session):
    # the page is one statement, read with no Session at all.
    plain = plain_page if q.branch_id is None else None
    return await cached_read_as(
        request, "conversations:read", "conversations", q.model_dump(), page, plain=plain
    )


@router.get(
    "/{conversation_id}",
    response_model=ConversationDetail,
    operation_id="getConversation",
    openapi_extra=BEARER_SECURITY,
)
async def get_conversation(
    request: Request,
    conversation_id: uuid.UUID,
    messages: int = Query(50, ge=1, le=200, description="newest messages to include"),
) -> Response:
    """A conversation with its newest messages (oldest first)."""

    def detail(session: Session, who: ApiPrincipal) -> dict:
        return conversation_detail(
            session=session, viewer=who.viewer, conversation_id=conversation_id, limit=messages
        )

    query = {"id": conversation_id, "messages": messages}
    return await cached_read_as(request, "conversations:read", "conversation", query, detail)


def _action(fn):
    def run(request: Request, conversation_id: uuid.UUID, who: ApiPrincipal):
        def act() -> dict:
            def both(session: Session) -> dict:
                fn(session=session, viewer=who.viewer, conversation_id=conversation_id)
                return _conv(session, who, conversation_id)

            return in_session(both)

        return write(request, who, {}, act)

    return run


def _conv(session: Session, who: ApiPrincipal, conversation_id: uuid.UUID) -> dict:
    conv = domain.get_conversation(session=session, viewer=who.viewer, conversation_id=conversation_id)
    customer = session.get(Customer, conv.customer_id)
    assert customer is not None
    return conversation_fields(conv, customer.wa_id, customer.name)


_DOC = "Send an `Idempotency-Key` header to make a retry safe."


@router.post("/{conversation_id}/takeover", response_model=Conversation, operation_id="takeOverConversation")
def take_over(request: Request, conversation_id: uuid.UUID, who: ApiPrincipal = Depends(WRITE)):
    """Staff own the conversation: the assistant stops replying in it."""
    return _action(domain.take_over)(request, conversation_id, who)


@router.post("/{conversation_id}/handback", response_model=Conversation, operation_id="handBackConversation")
def hand_back(request: Request, conversation_id: uuid.UUID, who: ApiPrincipal = Depends(WRITE)):
    """Give the conversation back to the assistant (clears an escalation)."""
    return _action(domain.hand_back)(request, conversation_id, who)


@router.post("/{conversation_id}/resolve", response_model=Conversation, operation_id="resolveConversation")
def resolve(request: Request, conversation_id: uuid.UUID, who: ApiPrincipal = Depends(WRITE)):
    """Mark the conversation resolved; the customer's next message starts afresh."""
    return _action(domain.resolve)(request, conversation_id, who)


@router.post(
    "/{conversation_id}/messages", response_model=Queued, status_code=202, operation_id="sendStaffMessage"
)
def send_message(
    request: Request, conversation_id: uuid.UUID, body: StaffMessage, who: ApiPrincipal = Depends(WRITE)
):
    """Write to the customer as staff (takes the conversation over). Queued, then sent by the worker
    (prayer-time holding, opt-out and the 24-hour window apply as for the dashboard)."""

    def act() -> dict:
        queued = in_session(
            domain.staff_reply,
            viewer=who.viewer,
            conversation_id=conversation_id,
            body=body.text,
            client_key=request.headers.get("idempotency-key") or None,
        )
        if queued.created:
            enqueue_after_commit(queued.outbox_id, queued.not_before)
        return {"conversation_id": conversation_id, "outbox_id": queued.outbox_id, "status": "queued"}

    return write(request, who, body.model_dump(), act, status=202)
