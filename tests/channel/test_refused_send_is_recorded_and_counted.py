"""A send Meta refuses for good: what the row, its message and the sends metric keep (found by
mutation testing, docs/MUTATION.md: the refusal's title cut to the message's 300 characters, and
the failure counted under its outcome and Meta's code)."""

from __future__ import annotations

from tests.fixtures.channel import q, queue_reply


def _sends(outcome: str, code: str) -> float:
    from crm_res import metrics

    return metrics.SENDS.labels(outcome, code)._value.get()


def test_a_refusal_keeps_its_reason_cut_to_the_message_title_and_counts_as_failed_with_its_code(channel):
    """A 400 with code 131026 and a 400-character title: the row is failed with the reason (cut at
    500), the message with the code and exactly its first 300 characters, nothing is retried, and
    the sends metric counts one failure under outcome "failed" and code "131026"."""
    from crm_res.services.outbox.sending import send_outbox

    title = "Message undeliverable " + "x" * 378
    oid = queue_reply(channel["engine"], channel["restaurant_id"])
    channel["graph"].fail_next(400, code=131026, title=title)
    before = _sends("failed", "131026")
    outcome = send_outbox(engine=channel["engine"], outbox_id=oid)
    assert outcome.status == "failed" and outcome.reason.startswith("Message undeliverable ")
    [(status, error, started)] = q(
        channel["engine"], "SELECT status, last_error, sending_started_at FROM outbox"
    )
    assert status == "failed" and error == outcome.reason and len(error) <= 500 and started is None
    [(message_status, code, message_title)] = q(
        channel["engine"], "SELECT status, error_code, error_title FROM messages"
    )
    assert (message_status, code) == ("failed", 131026)
    assert message_title == outcome.reason[:300] and len(message_title) == 300
    assert _sends("failed", "131026") == before + 1
    assert len(channel["graph"].requests) == 1 and channel["graph"].sent == []
