"""Every answer the webhook gives a delivery, exactly: the status and JSON body Meta reads, and the
reason a refusal is counted under in the metrics (`_reason`, which webhook.py takes out of the
body before answering). Called as webhook.py calls it, on the channel's real servers."""

from __future__ import annotations

import asyncio

import pytest

from tests.fakes import wa_payloads as wa
from tests.fixtures.channel import PNID, q
from tests.fixtures.raw_deliveries import NOW, body

CUSTOMER = "966501230000"
SIGNED = "signed"  # `_answer`'s signature: the app secret's, as Meta signs


def _answer(raw: bytes, signature: str | None = SIGNED) -> tuple[int, dict]:
    from crm_res.http.delivery_batcher import handle_delivery
    from crm_res.settings import get_settings

    if signature == SIGNED:
        signature = wa.sign(raw, get_settings().whatsapp_app_secret or "")
    return asyncio.run(
        asyncio.wait_for(handle_delivery(raw=raw, signature=signature, request_id="req-1"), 60)
    )


def _text(pnid: str = PNID, who: str = CUSTOMER) -> bytes:
    return wa.encode(wa.delivery(wa.text_message(pnid, who, "hi")))


def _inbound(channel) -> int:  # type: ignore[no-untyped-def]
    return q(channel["engine"], "SELECT count(*) FROM messages")[0][0]


@pytest.mark.parametrize("signature", ["sha256=00", None])
def test_a_wrong_or_missing_signature_is_refused_403_as_signature(channel, signature):
    """A signature that does not match the body, or none: 403 naming the header, counted as
    `signature`, nothing stored."""
    assert _answer(_text(), signature) == (
        403,
        {"error": "invalid or missing X-Hub-Signature-256", "_reason": "signature"},
    )
    assert _inbound(channel) == 0


def test_a_real_number_without_the_app_secret_is_refused_403_as_not_configured(channel, monkeypatch):
    """A real access token and no app secret: every delivery 403 with the configuration error,
    counted as `not_configured`."""
    from crm_res.http.delivery_batcher import NOT_CONFIGURED
    from crm_res.settings import get_settings

    monkeypatch.delenv("WHATSAPP_APP_SECRET")
    get_settings.cache_clear()
    assert _answer(_text(), None) == (403, {"error": NOT_CONFIGURED, "_reason": "not_configured"})
    assert _inbound(channel) == 0


def test_a_body_over_the_limit_is_refused_413_and_one_at_the_limit_is_read(channel):
    """One byte over MAX_BODY_BYTES: 413 as `too_large` (webhook.py stops reading there, this is
    the contract for any caller); a delivery of exactly that size (padded with JSON whitespace)
    is stored."""
    from crm_res.http.delivery_batcher import MAX_BODY_BYTES

    at_limit = _text().ljust(MAX_BODY_BYTES)
    assert _answer(at_limit) == (200, {"status": "ok", "stored": 1})
    assert _answer(at_limit + b" ") == (
        413,
        {"error": f"body larger than {MAX_BODY_BYTES} bytes", "_reason": "too_large"},
    )
    assert _inbound(channel) == 1


def test_a_body_that_is_not_a_delivery_is_refused_400_as_invalid_with_the_parsers_reason(channel):
    """Not JSON, or JSON of another shape: 400 with what the parser found, counted as `invalid`."""
    assert _answer(b"not json") == (
        400,
        {
            "error": "not a WhatsApp webhook delivery",
            "detail": "not a WhatsApp delivery: body is not JSON (Expecting value: line 1 column 1 (char 0))",
            "_reason": "invalid",
        },
    )
    assert _answer(b"[1]") == (
        400,
        {
            "error": "not a WhatsApp webhook delivery",
            "detail": "not a WhatsApp delivery: expected a JSON object, got list",
            "_reason": "invalid",
        },
    )


def test_more_items_than_a_delivery_holds_is_refused_413_messages_and_statuses_together(channel):
    """600 messages and 401 statuses (1,001 items): 413 as `too_many_items`; 600 and 400 (the
    limit) are read (here: all for a number no restaurant has, so all ignored)."""
    from crm_res.http.delivery_batcher import MAX_ITEMS_PER_DELIVERY

    def items(statuses: int) -> bytes:
        messages = [wa.text_message("pn-nobody", f"96650{i:07d}", "hi") for i in range(600)]
        return wa.encode(
            wa.delivery(*messages, *(wa.status("pn-nobody", f"wamid.none{i}") for i in range(statuses)))
        )

    assert _answer(items(401)) == (
        413,
        {
            "error": f"more than {MAX_ITEMS_PER_DELIVERY} messages and statuses in one delivery",
            "_reason": "too_many_items",
        },
    )
    assert _answer(items(400)) == (200, {"status": "ok", "stored": 0, "ignored": 1000})


def test_an_empty_delivery_is_answered_at_once_and_each_kind_of_item_alone_is_stored(channel):
    """A delivery with nothing in it is acknowledged (`stored: 0`) without a transaction; one with
    only a status, only a reply from the phone app, or only another field's event is stored and
    counted."""
    assert _answer(body()) == (200, {"status": "ok", "stored": 0})
    echo = {
        "messaging_product": "whatsapp",
        "metadata": {"display_phone_number": "966110000000", "phone_number_id": PNID},
        "message_echoes": [
            {
                "from": "966110000000",
                "to": CUSTOMER,
                "id": "wamid.echo-answers",
                "timestamp": str(NOW),
                "type": "text",
                "text": {"body": "أهلاً"},
            }
        ],
    }
    assert _answer(body(("smb_message_echoes", echo))) == (200, {"status": "ok", "stored": 1})
    assert _answer(body(("account_update", {"event": "VERIFIED_ACCOUNT"}))) == (
        200,
        {"status": "ok", "stored": 1},
    )
    assert _answer(wa.encode(wa.delivery(wa.status(PNID, "wamid.unknown-answers")))) == (
        200,
        {"status": "ok", "stored": 1},
    )
    assert q(channel["engine"], "SELECT wa_message_id FROM messages") == [("wamid.echo-answers",)]


def test_a_delivery_redis_cannot_queue_is_answered_503_as_unavailable(channel, monkeypatch):
    """Stored but not queued (Redis refused): 503 with `retry`, counted as `unavailable`; the row
    stays for the sweeper."""
    from redis.exceptions import ConnectionError as RedisConnectionError

    def refuse(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise RedisConnectionError("redis is down")

    monkeypatch.setattr("crm_res.jobs.enqueue.enqueue_inbound_ids", refuse)
    assert _answer(_text()) == (503, {"error": "queue unavailable", "retry": True, "_reason": "unavailable"})
    assert _inbound(channel) == 1


def test_a_mixed_delivery_counts_what_no_restaurant_has_as_ignored(channel):
    """Two messages and a status for a number no restaurant has, one message for ours: `stored` is
    what was stored, `ignored` the three others."""
    raw = wa.encode(
        wa.delivery(
            wa.text_message(PNID, CUSTOMER, "hi"),
            wa.text_message("pn-nobody", "966500000002", "hi"),
            wa.text_message("pn-nobody", "966500000003", "hi"),
            wa.status("pn-nobody", "wamid.nobodys"),
        )
    )
    assert _answer(raw) == (200, {"status": "ok", "stored": 1, "ignored": 3})
    assert _inbound(channel) == 1


def test_a_delivery_postgres_cannot_take_is_answered_503_as_unavailable_then_the_next_is_stored(
    channel, monkeypatch
):
    """Postgres unreachable when the writer connects (nothing listens on its port): 503 with `retry`
    and "database unavailable", counted as `unavailable`, nothing stored. Once Postgres is back, the
    next delivery on the same writer is stored, 200."""
    from sqlalchemy import create_engine

    from crm_res import db
    from crm_res.http.delivery_batcher import handle_delivery
    from crm_res.settings import get_settings
    from tests.fixtures.processes import free_port

    real_engine = db.get_engine
    unreachable = create_engine(
        f"postgresql+psycopg://postgres@127.0.0.1:{free_port('CRM_RES_TEST_PORTS')}/none"
    )
    monkeypatch.setattr(db, "get_engine", lambda: unreachable)
    secret = get_settings().whatsapp_app_secret or ""
    first, second = _text(who="966501230001"), _text(who="966501230002")

    async def run() -> list[tuple[int, dict]]:
        down = await asyncio.wait_for(handle_delivery(raw=first, signature=wa.sign(first, secret)), 60)
        monkeypatch.setattr(db, "get_engine", real_engine)
        back = await asyncio.wait_for(handle_delivery(raw=second, signature=wa.sign(second, secret)), 60)
        return [down, back]

    assert asyncio.run(run()) == [
        (503, {"error": "database unavailable", "retry": True, "_reason": "unavailable"}),
        (200, {"status": "ok", "stored": 1}),
    ]
    assert q(channel["engine"], "SELECT body FROM messages") == [("hi",)]
    unreachable.dispose()
