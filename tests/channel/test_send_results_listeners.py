"""Who hears how an outbox row ended (services/outbox/send_results.py): the listener registered for
the row's purpose, whether the purpose is stored as text or handed over as an enum member (found
by mutation testing, docs/MUTATION.md)."""

from __future__ import annotations

import enum
from types import SimpleNamespace
from typing import Any

import pytest


class _Purpose(enum.Enum):
    checked = "mutation_test_purpose"


@pytest.fixture
def heard(monkeypatch) -> list[tuple[Any, bool]]:  # type: ignore[no-untyped-def]
    from crm_res.services.outbox import send_results

    monkeypatch.setattr(send_results, "_listeners", {})
    calls: list[tuple[Any, bool]] = []

    @send_results.listen("mutation_test_purpose")
    def _listener(*, session: Any, row: Any, sent: bool) -> None:
        calls.append((row, sent))

    return calls


@pytest.mark.parametrize("purpose", ["mutation_test_purpose", _Purpose.checked], ids=["text", "enum"])
def test_the_listener_of_the_rows_purpose_hears_its_fate(heard, purpose):  # type: ignore[no-untyped-def]
    from crm_res.services.outbox.send_results import announce

    row = SimpleNamespace(purpose=purpose)
    announce(session=None, row=row, sent=True)  # type: ignore[arg-type]
    announce(session=None, row=row, sent=False)  # type: ignore[arg-type]
    assert heard == [(row, True), (row, False)]


def test_a_purpose_nobody_listens_to_is_announced_to_nobody(heard):  # type: ignore[no-untyped-def]
    from crm_res.services.outbox.send_results import announce

    announce(session=None, row=SimpleNamespace(purpose="reply"), sent=True)  # type: ignore[arg-type]
    assert heard == []
