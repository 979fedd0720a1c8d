"""Conversation routing for customers another ingest batch is busy with at the same moment."""

from __future__ import annotations

import uuid

import psycopg

from crm_res.services.channel.json_rows import json_rows


def settle_racing(
    pg: psycopg.Connection,
    racing: dict[uuid.UUID, tuple[uuid.UUID, str]],
    conversation_of: dict[tuple[uuid.UUID, str], uuid.UUID],
) -> None:
    """Customers another batch was busy with a moment ago: use the conversation that is open now
    (fresh statements see what that batch committed), else open one."""
    for _ in range(3):
        found = pg.execute(
            "SELECT customer_id, id FROM conversations WHERE customer_id = ANY(%s) "
            "AND status IN ('active', 'escalated')",
            [sorted(racing)],
        ).fetchall()
        missing = dict(racing)
        for customer_id, conversation_id in found:
            conversation_of[missing.pop(customer_id)] = conversation_id
        if not missing:
            return
        created = pg.execute(
            "INSERT INTO conversations (id, restaurant_id, customer_id, status, type, handled_by, unread_count) "
            "SELECT gen_random_uuid(), r, c, 'active', 'general', 'ai', 0 "
            "FROM json_to_recordset(%s::json) AS v(r uuid, c uuid) "
            "ON CONFLICT (customer_id) WHERE status IN ('active', 'escalated') DO NOTHING RETURNING customer_id, id",
            [json_rows([{"r": str(r), "c": str(c)} for c, (r, _w) in sorted(missing.items())])],
        ).fetchall()
        for customer_id, conversation_id in created:
            conversation_of[missing.pop(customer_id)] = conversation_id
        if not missing:
            return
        racing = missing
    raise RuntimeError(f"no conversation could be opened for {len(racing)} customers")
