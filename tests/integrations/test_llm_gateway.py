"""LLM gateway against a real local HTTP fake: fallback chain, circuit breakers, cost."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from typing import Any

import pytest
from pydantic import ValidationError

from crm_res.integrations.llm import (
    AllModelsFailed,
    AssistantDecision,
    LLMGateway,
    ModelFailure,
    ModelPrice,
    breaker_states,
    estimate_cost_usd,
    parse_json_output,
    reset_breakers,
    strip_code_fences,
)
from tests.fakes.fake_llm import FakeLLM

DECISION: dict[str, Any] = {
    "intent": "order",
    "sentiment": "neutral",
    "categories": ["Food"],
    "confidence": 0.92,
    "reply": "طلبك: برجر (35 ريال) + بطاطس (12 ريال) = 47 ريال",
    "order_items": [{"name": "برجر", "quantity": 1, "modifications": ["بدون بصل"]}],
    "rating": None,
    "escalate": False,
}
MESSAGES = [
    {"role": "system", "content": "أخرج JSON فقط"},
    {"role": "user", "content": "ابغى اطلب برجر مع بطاطس"},
]
PRICES = {"model-a": ModelPrice(1.0, 2.0), "model-b": ModelPrice(10.0, 20.0)}


@pytest.fixture(autouse=True)
def _fresh_breakers() -> Iterator[None]:
    reset_breakers()
    yield
    reset_breakers()


@pytest.fixture
def fake() -> Iterator[FakeLLM]:
    with FakeLLM() as server:
        yield server


def make_gateway(fake: FakeLLM, models: list[str], **kwargs: Any) -> LLMGateway:
    kwargs.setdefault("timeout_s", 2.0)
    kwargs.setdefault("prices", PRICES)
    return LLMGateway(fake.url, "test-key", models, **kwargs)


def test_first_model_answer_is_parsed_with_tokens_and_cost(fake: FakeLLM) -> None:
    """A valid first answer is returned parsed, with the model, token counts and table cost."""
    fake.script("model-a", content=DECISION, prompt_tokens=1000, completion_tokens=500)
    fake.script("model-b", content=DECISION)
    result = make_gateway(fake, ["model-a", "model-b"]).complete_json(MESSAGES, AssistantDecision)
    assert isinstance(result.parsed, AssistantDecision)
    assert result.parsed.intent == "order"
    assert result.parsed.order_items[0].name == "برجر"
    assert result.parsed.categories == ["food"]
    assert result.model == "model-a"
    assert (result.prompt_tokens, result.completion_tokens) == (1000, 500)
    assert result.cost_usd == pytest.approx((1000 * 1.0 + 500 * 2.0) / 1e6)
    assert result.latency_ms >= 0
    assert result.failures == {}
    assert fake.calls_for("model-b") == 0


def test_request_asks_for_json_object_with_bearer_key(fake: FakeLLM) -> None:
    """The request carries the messages, json_object response format and the API key."""
    fake.script("model-a", content=DECISION)
    make_gateway(fake, ["model-a"]).complete_json(MESSAGES, AssistantDecision)
    (call,) = fake.calls
    assert call.body["response_format"] == {"type": "json_object"}
    assert call.messages == MESSAGES
    assert call.headers["authorization"] == "Bearer test-key"


@pytest.mark.parametrize("status", [500, 429, 503])
def test_http_errors_fall_through_to_next_model(fake: FakeLLM, status: int) -> None:
    """A 5xx or 429 from one model moves on to the next model of the chain."""
    fake.script("model-a", fail=status)
    fake.script("model-b", content=DECISION)
    result = make_gateway(fake, ["model-a", "model-b"]).complete_json(MESSAGES, AssistantDecision)
    assert result.model == "model-b"
    assert f"HTTP {status}" in result.failures["model-a"]
    assert [c.model for c in fake.calls] == ["model-a", "model-b"]


def test_timeout_falls_through_to_next_model(fake: FakeLLM) -> None:
    """A model that hangs past the per-call timeout is abandoned for the next one."""
    fake.script("model-a", hang_s=5.0, content=DECISION)
    fake.script("model-b", content=DECISION)
    gateway = make_gateway(fake, ["model-a", "model-b"], timeout_s=0.3)
    result = gateway.complete_json(MESSAGES, AssistantDecision)
    assert result.model == "model-b"
    assert "timeout" in result.failures["model-a"]


def test_invalid_json_falls_through(fake: FakeLLM) -> None:
    """Text that is not JSON counts as a failure of that model."""
    fake.script("model-a", invalid_json=True)
    fake.script("model-b", content=DECISION)
    result = make_gateway(fake, ["model-a", "model-b"]).complete_json(MESSAGES, AssistantDecision)
    assert result.model == "model-b"
    assert "invalid JSON" in result.failures["model-a"]


def test_schema_invalid_json_falls_through(fake: FakeLLM) -> None:
    """Valid JSON that does not validate against the schema moves on to the next model."""
    fake.script("model-a", content={**DECISION, "intent": "pizza", "confidence": 3})
    fake.script("model-b", content=DECISION)
    result = make_gateway(fake, ["model-a", "model-b"]).complete_json(MESSAGES, AssistantDecision)
    assert result.model == "model-b"
    assert "schema mismatch" in result.failures["model-a"]
    assert "intent" in result.failures["model-a"]


def test_broken_http_body_falls_through(fake: FakeLLM) -> None:
    """A 200 whose HTTP body is not JSON is a failure, not a crash."""
    fake.script("model-a", broken_body=True)
    fake.script("model-b", content=DECISION)
    result = make_gateway(fake, ["model-a", "model-b"]).complete_json(MESSAGES, AssistantDecision)
    assert result.model == "model-b"
    assert "model-a" in result.failures


def test_json_inside_code_fence_is_accepted(fake: FakeLLM) -> None:
    """A ```json fenced answer is unwrapped and validated."""
    fenced = "```json\n" + json.dumps(DECISION, ensure_ascii=False) + "\n```"
    fake.script("model-a", content=fenced)
    result = make_gateway(fake, ["model-a"]).complete_json(MESSAGES, AssistantDecision)
    assert result.model == "model-a"
    assert result.parsed.reply == DECISION["reply"]


def test_all_models_failing_raises_with_reasons(fake: FakeLLM) -> None:
    """When every model fails, AllModelsFailed lists each model with its reason."""
    fake.script("model-a", fail=500)
    fake.script("model-b", hang_s=5.0)
    fake.script("model-c", invalid_json=True)
    gateway = make_gateway(fake, ["model-a", "model-b", "model-c"], timeout_s=0.3)
    with pytest.raises(AllModelsFailed) as info:
        gateway.complete_json(MESSAGES, AssistantDecision)
    reasons = info.value.reasons
    assert list(reasons) == ["model-a", "model-b", "model-c"]
    assert "HTTP 500" in reasons["model-a"]
    assert "timeout" in reasons["model-b"]
    assert "invalid JSON" in reasons["model-c"]
    assert "model-b" in str(info.value)


def test_breaker_opens_and_skips_model_without_calling_it(fake: FakeLLM) -> None:
    """After fail_max failures the model's breaker is open and the model is not called."""
    fake.script("model-a", fail=500)
    fake.script("model-b", content=DECISION)
    gateway = make_gateway(fake, ["model-a", "model-b"], breaker_fail_max=3)
    for _ in range(3):
        assert gateway.complete_json(MESSAGES, AssistantDecision).model == "model-b"
    assert fake.calls_for("model-a") == 3
    assert breaker_states()["model-a"] == "open"

    fake.script("model-a", content=DECISION)  # healthy again, but the breaker is open
    result = gateway.complete_json(MESSAGES, AssistantDecision)
    assert result.model == "model-b"
    assert "circuit open" in result.failures["model-a"]
    assert fake.calls_for("model-a") == 3


def test_breaker_state_is_shared_by_gateways_of_one_process(fake: FakeLLM) -> None:
    """A breaker opened through one gateway instance also skips the model in another."""
    fake.script("model-a", fail=500)
    fake.script("model-b", content=DECISION)
    first = make_gateway(fake, ["model-a", "model-b"], breaker_fail_max=2)
    for _ in range(2):
        first.complete_json(MESSAGES, AssistantDecision)
    second = make_gateway(fake, ["model-a", "model-b"], breaker_fail_max=2)
    second.complete_json(MESSAGES, AssistantDecision)
    assert fake.calls_for("model-a") == 2


def test_open_breaker_retries_model_after_reset_timeout(fake: FakeLLM) -> None:
    """Once the reset timeout has passed, one trial call is let through and closes it."""
    fake.script("model-a", fail=500)
    fake.script("model-b", content=DECISION)
    gateway = make_gateway(fake, ["model-a", "model-b"], breaker_fail_max=1, breaker_reset_timeout_s=0.2)
    gateway.complete_json(MESSAGES, AssistantDecision)
    assert breaker_states()["model-a"] == "open"
    fake.script("model-a", content=DECISION)
    time.sleep(0.3)
    result = gateway.complete_json(MESSAGES, AssistantDecision)
    assert result.model == "model-a"
    assert breaker_states()["model-a"] == "closed"


def test_all_breakers_open_raises_without_any_call(fake: FakeLLM) -> None:
    """With every breaker open, AllModelsFailed is raised and the fake sees no new call."""
    fake.script("model-a", fail=500)
    gateway = make_gateway(fake, ["model-a"], breaker_fail_max=1)
    with pytest.raises(AllModelsFailed):
        gateway.complete_json(MESSAGES, AssistantDecision)
    with pytest.raises(AllModelsFailed) as info:
        gateway.complete_json(MESSAGES, AssistantDecision)
    assert "circuit open" in info.value.reasons["model-a"]
    assert fake.calls_for("model-a") == 1


def test_gateway_reported_cost_wins_over_price_table(fake: FakeLLM) -> None:
    """OpenRouter's usage.cost, when present, is the recorded cost."""
    fake.script("model-a", content=DECISION, cost=0.00123)
    result = make_gateway(fake, ["model-a"]).complete_json(MESSAGES, AssistantDecision)
    assert result.cost_usd == pytest.approx(0.00123)


def test_unknown_model_costs_nothing_from_the_table() -> None:
    """A model missing from the price table is costed at 0, a known one per 1M tokens."""
    assert estimate_cost_usd("nobody/knows", 1000, 1000) == 0.0
    assert estimate_cost_usd("anthropic/claude-3-haiku", 1_000_000, 0) == pytest.approx(0.25)


def test_gateway_needs_at_least_one_model() -> None:
    """An empty model chain is a configuration error."""
    with pytest.raises(ValueError):
        LLMGateway("http://127.0.0.1:9", "k", [" ", ""])


def test_strip_code_fences_variants() -> None:
    """Fences with or without a language tag are removed; bare JSON is untouched."""
    assert strip_code_fences('```json\n{"a": 1}\n```') == '{"a": 1}'
    assert strip_code_fences('```\n{"a": 1}```') == '{"a": 1}'
    assert strip_code_fences('  {"a": 1} ') == '{"a": 1}'


def test_parse_json_output_finds_object_inside_prose() -> None:
    """An object wrapped in a sentence is still found; a JSON list is rejected."""
    text = "Here you go: " + json.dumps(DECISION, ensure_ascii=False) + " hope it helps"
    assert parse_json_output(text, AssistantDecision).intent == "order"
    with pytest.raises(ModelFailure):
        parse_json_output("[1, 2]", AssistantDecision)


def test_decision_schema_bounds() -> None:
    """Confidence stays within 0..1, ratings within 1..5, intents within the known set."""
    with pytest.raises(ValidationError):
        AssistantDecision.model_validate({**DECISION, "confidence": 1.5})
    with pytest.raises(ValidationError):
        AssistantDecision.model_validate({**DECISION, "rating": 6})
    with pytest.raises(ValidationError):
        AssistantDecision.model_validate({**DECISION, "intent": "pizza"})
    minimal = AssistantDecision.model_validate(
        {"intent": "greeting", "sentiment": "positive", "confidence": 1, "reply": "هلا"}
    )
    assert minimal.order_items == [] and minimal.rating is None and minimal.escalate is False


def test_empty_or_blank_reply_is_a_failed_answer() -> None:
    """An empty (or whitespace-only) reply fails validation, so the chain moves on to the next model."""
    for blank in ("", "   "):
        with pytest.raises(ModelFailure):
            parse_json_output(json.dumps({**DECISION, "reply": blank}), AssistantDecision)


def test_feedback_categories_are_the_products_categories() -> None:
    """The LLM's categories are the product's (every one the rules detect, plus ambience); unknown labels are dropped."""
    from crm_res.assistant.sentiment import CATEGORIES
    from crm_res.vocabulary import FEEDBACK_CATEGORIES

    assert set(CATEGORIES) < set(FEEDBACK_CATEGORIES)
    parsed = parse_json_output(
        json.dumps({**DECISION, "categories": ["Staff", "ambiance", "food"]}), AssistantDecision
    )
    assert parsed.categories == ["staff", "food"]
