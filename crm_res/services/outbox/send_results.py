"""Who hears how an outbox row ended (posted, failed or cancelled).

The sender knows no kind of outreach: a module that queues rows of a purpose and must react to
their fate (a feedback request starts awaiting the customer's answer once it is posted) registers
a listener for that purpose here. Listeners run inside the sender's transaction; the sender
commits. Registration happens when the listening module is imported; the processes that send
(worker, tests' worker) import the outreach package through `crm_res.jobs`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from sqlmodel import Session

from crm_res.models import OutboxMessage


class Listener(Protocol):
    def __call__(self, *, session: Session, row: OutboxMessage, sent: bool) -> None: ...


_listeners: dict[str, Listener] = {}


def listen(purpose: str) -> Callable[[Listener], Listener]:
    """Decorator: call the function when a row of `purpose` was posted (`sent`) or ended unsent."""

    def register(fn: Listener) -> Listener:
        _listeners[purpose] = fn
        return fn

    return register


def announce(*, session: Session, row: OutboxMessage, sent: bool) -> None:
    listener = _listeners.get(str(getattr(row.purpose, "value", row.purpose)))
    if listener is not None:
        listener(session=session, row=row, sent=sent)
