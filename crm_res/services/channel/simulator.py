"""The sandbox simulator: the owner chats as a test customer through the real webhook path."""

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
from sqlalchemy import text as sql_text
from sqlalchemy.dialects.postgresql import insert
from sqlmodel import Session, col, select

from crm_res.models import Conversation, Customer, Message, Restaurant
from crm_res.models.enums import Language
from crm_res.settings import get_settings

_TICKS = {
    "sent": "✓",
    "delivered": "✓✓",
    "read": "✓✓ 👁",
    "sandbox": "✓✓",
    "failed": "⚠",
    "queued": "🕓",
    "held": "🕓",
}


def customer_delivery(*, phone_number_id: str, wa_id: str, text: str, name: str = "Simulator") -> dict:
    """A Cloud API webhook delivery carrying one text message from `wa_id`."""
    return {
        "object": "whatsapp_business_account",
        "entry": [{
            "id": "sandbox",
            "changes": [{
                "field": "messages",
                "value": {
                    "messaging_product": "whatsapp",
                    "metadata": {"display_phone_number": "sandbox", "phone_number_id": phone_number_id},
                    "contacts": [{"profile": {"name": name}, "wa_id": wa_id}],
                    "messages": [{
                        "from": wa_id, "id": f"wamid.sim.{uuid.uuid4().hex}",
                        "timestamp": str(int(time.time())), "type": "text", "text": {"body": text},
                    }],
                },
            }],
        }],
    }  # fmt: skip


# The simulator's test customers carry this tag: whatever is sent to them is recorded as sandbox,
# never posted to the Cloud API, even when an access token is set (services/sending.py).
SIMULATOR_TAG = "simulator"


def mark_simulator_customer(*, session: Session, restaurant_id: uuid.UUID, wa_id: str) -> None:
    """Create or tag the test customer BEFORE its first message, so no reply can go out for real."""
    now = datetime.now(UTC)
    stmt = insert(Customer).values(
        id=uuid.uuid4(), restaurant_id=restaurant_id, wa_id=wa_id, name="Simulator", tags=[SIMULATOR_TAG],
        language_preference=Language.ar_sa, dietary_restrictions=[], conversation_context={},
        lifetime_value=Decimal(0), opted_out=False, created_at=now, updated_at=now,
    )  # fmt: skip
    stmt = stmt.on_conflict_do_update(
        constraint="uq_customers_restaurant_wa_id",
        set_={
            "tags": sql_text(
                "(SELECT array_agg(DISTINCT t) FROM unnest(customers.tags || excluded.tags) AS t)"
            )
        },
    )
    session.exec(stmt)  # type: ignore[call-overload]


async def post_as_customer(*, restaurant_id: uuid.UUID, wa_id: str, text: str) -> None:
    """POST the delivery to this app's own webhook, signed when an app secret is set."""
    from crm_res.db import session_scope

    with session_scope() as session:
        restaurant = session.get(Restaurant, restaurant_id)
        assert restaurant is not None
        phone_number_id = restaurant.whatsapp_phone_number_id
        mark_simulator_customer(session=session, restaurant_id=restaurant_id, wa_id=wa_id)
    settings = get_settings()
    body = json.dumps(customer_delivery(phone_number_id=phone_number_id, wa_id=wa_id, text=text)).encode()
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


def simulator_thread(
    *, session: Session, restaurant_id: uuid.UUID, wa_id: str, limit: int = 60
) -> list[dict[str, Any]]:
    """The test customer's latest messages with this restaurant, oldest first."""
    customer = session.exec(
        select(Customer).where(Customer.restaurant_id == restaurant_id, Customer.wa_id == wa_id)
    ).first()
    if customer is None:
        return []
    restaurant = session.get(Restaurant, restaurant_id)
    zone = ZoneInfo(restaurant.timezone if restaurant else "Asia/Riyadh")  # times as the owner reads them
    rows = session.exec(
        select(Message)
        .join(Conversation, Conversation.id == Message.conversation_id)
        .where(
            Conversation.customer_id == customer.id,
            Message.restaurant_id == restaurant_id,
            Message.direction != "internal",
        )  # fmt: skip
        .order_by(col(Message.id).desc())
        .limit(limit)
    ).all()
    return [
        {"id": m.id, "direction": m.direction.value, "body": m.body or f"[{m.type}]",
         "at": m.created_at.astimezone(zone).isoformat(), "ticks": _TICKS.get(m.status.value, "")}
        for m in reversed(rows)
    ]  # fmt: skip
