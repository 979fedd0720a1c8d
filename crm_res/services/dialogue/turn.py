"""What the steps of one turn share: the message and its context, the conversation's state, the
replies being gathered, and the few moves every phase may make.

`Flow` (flow.py) is the one implementation. The phases' steps (`OrderAnswer` in order_answer.py on `OrderingSteps` in ordering.py,
`FeedbackSteps` in feedback.py) are written against this protocol, so they import nothing of the
flow that combines them and the dialogue's modules import each other one way only.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Protocol

from sqlmodel import Session

from crm_res.assistant.intent import IntentResult
from crm_res.models import Branch
from crm_res.services.dialogue.context import InboundContext
from crm_res.services.dialogue.states import DialogueState
from crm_res.services.followups import Requested


@dataclass
class Reply:
    body: str
    buttons: list[tuple[str, str]] = field(default_factory=list)  # (id, title), ≤ 3
    rows: list[tuple[str, str]] = field(default_factory=list)  # list message rows, ≤ 10
    list_button: str = ""


@dataclass
class FlowResult:
    replies: list[Reply] = field(default_factory=list)
    jobs: list[Requested] = field(default_factory=list)  # follow-ups to enqueue after commit
    sends: list[tuple[int, datetime | None]] = field(default_factory=list)  # other outbox rows (alerts)


class Turn(Protocol):
    """One customer message being answered, as the phases' steps see it."""

    session: Session
    ctx: InboundContext
    now: datetime
    text: str  # the message's words ("" for a location)
    reply_id: str  # the tapped button or list row, if any
    location: tuple[float, float] | None
    state: DialogueState
    result: FlowResult
    kw: dict[str, str]  # language and personality, as the replies take them
    english: bool

    def say(self, body: str, **extra: Any) -> None: ...

    def intent(self) -> IntentResult | None: ...

    def _lang(self) -> dict[str, str]: ...

    def _by_intent(self) -> None:
        """Read the message on its own (no phase owns it)."""
        ...

    def _by_topic(self, topic: str | None) -> None:
        """Answer a question about the restaurant (hours, branches, prices, the menu)."""
        ...

    def _give_up(self) -> None: ...

    def _escalate(self, reason: str) -> None: ...

    def _alert_staff(self, what: str) -> None:
        """Ring the staff's bell for this conversation with the customer's words (no hand-over)."""
        ...

    def _current_branch(self, rows: list[Branch]) -> Branch | None:
        """The branch the conversation is about (ordering.py): feedback files under it too."""
        ...
