"""The webhook POST: verify, parse, group-commit, enqueue, answer.

Concurrent requests are written together: each request hands its parsed delivery to the
process's `DeliveryBatcher` and waits; one writer takes whatever has queued up and stores it in
a single transaction, enqueues the processing jobs (one Redis pipeline), then answers every
waiting request. Nothing is answered 200 before it is committed.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from typing import Any

from redis.exceptions import RedisError
from sqlalchemy.exc import DBAPIError, SQLAlchemyError

from crm_res.integrations.whatsapp_inbound import (
    Delivery,
    InvalidDelivery,
    parse_delivery_body,
    verify_signature,
)
from crm_res.services.ingest import StoredMessage, store_deliveries
from crm_res.settings import get_settings

log = logging.getLogger("crm_res.webhook")
MAX_BATCH = 256


class Unavailable(Exception):
    """Postgres or Redis could not take the delivery: answer 503 so Meta redelivers."""


@dataclass
class _Pending:
    delivery: Delivery
    future: asyncio.Future


class DeliveryBatcher:
    """Group commit for one event loop: one writer, batches of whatever is waiting."""

    def __init__(self) -> None:
        self._queue: asyncio.Queue[_Pending] = asyncio.Queue()
        self._writers: list[asyncio.Task] = []

    async def submit(self, delivery: Delivery) -> None:
        import os
        n = int(os.environ.get("XW", "1"))
        self._writers = [w for w in self._writers if not w.done()]
        while len(self._writers) < n:
            self._writers.append(asyncio.get_running_loop().create_task(self._run()))
        future = asyncio.get_running_loop().create_future()
        await self._queue.put(_Pending(delivery, future))
        await future

    async def _run(self) -> None:
        while True:
            batch = [await self._queue.get()]
            while len(batch) < MAX_BATCH and not self._queue.empty():
                batch.append(self._queue.get_nowait())
            try:
                await asyncio.to_thread(write_and_enqueue, [p.delivery for p in batch])
            except Exception as exc:  # noqa: BLE001 - every waiter learns of the failure
                for p in batch:
                    if not p.future.done():
                        p.future.set_exception(exc)
                continue
            for p in batch:
                if not p.future.done():
                    p.future.set_result(None)


def write_and_enqueue(deliveries: list[Delivery]) -> list[StoredMessage]:
    """Store in one transaction, then (after commit) enqueue processing of the new messages."""
    from crm_res.db import get_engine

    try:
        with get_engine().begin() as conn:
            result = store_deliveries(conn, deliveries)
    except (DBAPIError, SQLAlchemyError, OSError) as exc:
        log.error("webhook: could not store %d deliveries: %s", len(deliveries), exc)
        raise Unavailable("database unavailable") from exc
    for pnid in result.unknown_phone_number_ids:
        log.warning("webhook: delivery for unknown phone_number_id %r ignored", pnid)
    if result.new_messages:
        try:
            from crm_res.jobs.enqueue import enqueue_inbound

            enqueue_inbound(result.new_messages)
        except (RedisError, OSError) as exc:
            # Stored but not queued: the sweeper picks these up; Meta's redelivery is harmless.
            log.error("webhook: stored but could not enqueue %d messages: %s", len(result.new_messages), exc)
            raise Unavailable("queue unavailable") from exc
    return result.new_messages


_batchers: dict[int, DeliveryBatcher] = {}


def _batcher() -> DeliveryBatcher:
    loop_id = id(asyncio.get_running_loop())
    if loop_id not in _batchers:
        _batchers[loop_id] = DeliveryBatcher()
    return _batchers[loop_id]


async def handle_delivery(*, raw: bytes, signature: str | None) -> tuple[int, dict[str, Any]]:
    """Map a webhook POST to (HTTP status, JSON body) per the PRODUCT.md contract."""
    secret = get_settings().whatsapp_app_secret
    if secret and not verify_signature(raw, signature, secret):
        return 403, {"error": "invalid or missing X-Hub-Signature-256"}
    try:
        delivery = parse_delivery_body(raw)
    except InvalidDelivery as exc:
        return 400, {"error": "not a WhatsApp webhook delivery", "detail": str(exc)}
    if not delivery.messages and not delivery.statuses:
        return 200, {"status": "ok", "stored": 0}
    try:
        await _batcher().submit(delivery)
    except Unavailable as exc:
        return 503, {"error": str(exc), "retry": True}
    return 200, {"status": "ok", "stored": len(delivery.messages) + len(delivery.statuses)}
