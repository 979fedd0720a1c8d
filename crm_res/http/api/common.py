"""What every resource router shares: documented error answers, a domain call in its own
transaction, and sends enqueued after commit."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any, TypeVar

from crm_res.db import session_scope
from crm_res.http.api.schemas import ErrorBody

log = logging.getLogger("crm_res.api")
T = TypeVar("T")

ERRORS: dict[int | str, dict[str, Any]] = {
    status: {"model": ErrorBody, "description": text}
    for status, text in ((400, "Bad request"), (401, "Missing, unknown or revoked API key"),
                         (403, "The key's scopes or role do not allow this"), (404, "Not found (or another restaurant's)"),
                         (409, "Conflict with the row's current state"), (422, "Invalid fields (listed in details.fields)"),
                         (429, "Rate limit of the restaurant's plan reached (see Retry-After)"))
}  # fmt: skip
LIST_LIMIT_DOC = "page size, 1 to 200"


def in_session(fn: Callable[..., T], **kwargs: Any) -> T:
    """One domain call in its own transaction (committed before the answer is sent)."""
    with session_scope() as session:
        return fn(session=session, **kwargs)


def enqueue_after_commit(outbox_id: int, not_before: Any) -> None:
    try:
        from crm_res.jobs.enqueue import enqueue_send

        enqueue_send(outbox_id, not_before)
    except Exception:  # noqa: BLE001 - committed in the outbox; the sweeper sends it
        log.exception("api: could not enqueue outbox %s; the sweeper will send it", outbox_id)
