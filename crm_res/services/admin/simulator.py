"""The sandbox simulator: the owner chats as a test customer through the real webhook path.

Owner-only (checked here), and only as a test customer the simulator created for a reserved test
number: a real customer is never renamed, tagged, opted out nor written for.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import time
import uuid
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import httpx
from sqlalchemy import update
from sqlalchemy.dialects.postgresql import insert
from sqlmodel import Session, col, select

from crm_res.models import Conversation, Customer, Message, Restaurant, Role
from crm_res.models.enums import Language
from crm_res.services.access import Viewer, allowed_roles
from crm_res.services.changes import audit_entry
from crm_res.services.errors import InvalidInput, NotFound
from crm_res.services.lists import normalize_wa_id
from crm_res.settings import get_settings

TEST_NAME = "Simulator"

_TICKS = {
    "sent": "✓",
    "delivered": "✓✓",
    "read": "✓✓ 👁",
    "sandbox": "✓✓",
    "failed": "⚠",
    "queued": "🕓",
    "held": "🕓",
}


def customer_delivery(
    *, phone_number_id: str, wa_id: str, text: str, name: str = TEST_NAME, wamid: str | None = None
) -> dict:
    """A Cloud API webhook delivery carrying one text message from `wa_id`."""
    wamid = wamid or f"wamid.sim.{uuid.uuid4().hex}"
    return {
        "object": "whatsapp_business_account",
        "entry": [
            {
                "id": "sandbox",
                "changes": [
                    {
                        "field": "messages",
                        "value": {
                            "messaging_product": "whatsapp",
                            "metadata": {
                                "display_phone_number": "sandbox",
                                "phone_number_id": phone_number_id,
                            },
                            "contacts": [{"profile": {"name": name}, "wa_id": wa_id}],
                            "messages": [
                                {
                                    "from": wa_id,
                                    "id": wamid,
                                    "timestamp": str(int(time.time())),
                                    "type": "text",
                                    "text": {"body": text},
                                }
                            ],
                        },
                    }
                ],
            }
        ],
    }


# The simulator's test customers are `customers.is_test` (replies recorded as sandbox, never posted
# to the Cloud API, services/outbox/sending.py; kept out of analytics, summaries, follow-ups and
# the customer list) and carry this tag so people can tell them apart.
SIMULATOR_TAG = "simulator"
# Reserved test numbers: 966 50 000 00XX. The simulator creates customers only for these, and only
# ever talks as a customer it created itself (`is_test`): a real customer is never touched.
TEST_NUMBER_PREFIX = "9665000000"


def is_test_number(wa_id: str) -> bool:
    """Whether `wa_id` is one of the reserved test numbers (966 50 000 00XX)."""
    return len(wa_id) == 12 and wa_id.isdigit() and wa_id.startswith(TEST_NUMBER_PREFIX)


def _test_customer(session: Session, viewer: Viewer, wa_id: str) -> Customer | None:
    customer = session.exec(
        select(Customer).where(Customer.restaurant_id == viewer.restaurant_id, Customer.wa_id == wa_id)
    ).first()
    return customer if customer is not None and customer.is_test else None


@allowed_roles(Role.owner, action="use the simulator")
def ensure_test_customer(*, session: Session, viewer: Viewer, wa_id: str) -> Customer:
    """The test customer for `wa_id`, created BEFORE its first message so no reply can go out for
    real. Refused for a number that is not a reserved test number or that belongs to a real customer."""
    wa_id = normalize_wa_id(str(wa_id or ""))
    existing = session.exec(
        select(Customer).where(Customer.restaurant_id == viewer.restaurant_id, Customer.wa_id == wa_id)
    ).first()
    if existing is None and not is_test_number(wa_id):
        raise InvalidInput(
            f"the simulator only uses test numbers ({TEST_NUMBER_PREFIX}00 to {TEST_NUMBER_PREFIX}99)",
            code="sim_test_numbers",
        )
    if existing is None:
        now = datetime.now(UTC)
        session.exec(
            insert(Customer)
            .values(
                id=uuid.uuid4(),
                restaurant_id=viewer.restaurant_id,
                wa_id=wa_id,
                name=TEST_NAME,
                tags=[SIMULATOR_TAG],
                is_test=True,
                language_preference=Language.ar_sa,
                dietary_restrictions=[],
                conversation_context={},
                lifetime_value=Decimal(0),
                opted_out=False,
                created_at=now,
                updated_at=now,
            )
            .on_conflict_do_nothing(constraint="uq_customers_restaurant_wa_id")
        )
        existing = session.exec(
            select(Customer).where(Customer.restaurant_id == viewer.restaurant_id, Customer.wa_id == wa_id)
        ).one()  # a real customer who wrote in at the same moment wins, and is refused below
    if not existing.is_test:
        raise InvalidInput(
            "this number belongs to a real customer: the simulator only talks as test customers",
            code="sim_real_customer",
        )
    return existing


@allowed_roles(Role.owner, action="use the simulator")
async def post_as_customer(*, viewer: Viewer, wa_id: str, text: str) -> str:
    """POST a test customer's message to this app's own webhook (signed when an app secret is set);
    the acting user is recorded on the stored message and in the audit log. Returns the wamid."""
    from crm_res.db import session_scope

    wamid = f"wamid.sim.{uuid.uuid4().hex}"
    with session_scope() as session:
        restaurant = session.get(Restaurant, viewer.restaurant_id)
        if restaurant is None:
            raise NotFound("restaurant not found")
        phone_number_id = restaurant.whatsapp_phone_number_id
        customer = ensure_test_customer(session=session, viewer=viewer, wa_id=wa_id)
        wa_id = customer.wa_id
        session.add(audit_entry(viewer, "simulator.message", "customer", str(customer.id), {"wamid": wamid}))
    settings = get_settings()
    delivery = customer_delivery(phone_number_id=phone_number_id, wa_id=wa_id, text=text, wamid=wamid)
    body = json.dumps(delivery).encode()
    headers = {"content-type": "application/json"}
    if settings.whatsapp_app_secret:
        digest = hmac.new(settings.whatsapp_app_secret.encode(), body, hashlib.sha256).hexdigest()
        headers["x-hub-signature-256"] = f"sha256={digest}"
    async with httpx.AsyncClient(timeout=10) as client:
        response = await client.post(
            f"http://127.0.0.1:{settings.port}/webhooks/whatsapp", content=body, headers=headers
        )
    if response.status_code != 200:
        raise RuntimeError(f"webhook answered {response.status_code}: {response.text[:200]}")
    with session_scope() as session:  # stored before the webhook's 200
        session.exec(
            update(Message)
            .where(col(Message.wa_message_id) == wamid, col(Message.restaurant_id) == viewer.restaurant_id)
            .values(sent_by_user_id=viewer.user_id)
        )
    return wamid


def simulator_thread(
    *, session: Session, viewer: Viewer, wa_id: str, limit: int = 60
) -> list[dict[str, Any]]:
    """A test customer's latest messages with this restaurant, oldest first (nothing for a real
    customer's number, nor for anyone but an owner)."""
    if viewer.role != Role.owner:
        return []
    customer = _test_customer(session, viewer, normalize_wa_id(str(wa_id or "")))
    if customer is None:
        return []
    restaurant_id = viewer.restaurant_id
    restaurant = session.get(Restaurant, restaurant_id)
    zone = ZoneInfo(restaurant.timezone if restaurant else "Asia/Riyadh")  # times as the owner reads them
    rows = session.exec(
        select(Message)
        .join(Conversation, col(Conversation.id) == col(Message.conversation_id))
        .where(
            Conversation.customer_id == customer.id,
            Message.restaurant_id == restaurant_id,
            Message.direction != "internal",
            viewer.branch_filter(col(Conversation.branch_id)),
        )
        .order_by(col(Message.id).desc())
        .limit(limit)
    ).all()
    return [
        {
            "id": m.id,
            "direction": m.direction.value,
            "body": m.body or f"[{m.type}]",
            "at": m.created_at.astimezone(zone).isoformat(),
            "ticks": _TICKS.get(m.status.value, ""),
        }
        for m in reversed(rows)
    ]
