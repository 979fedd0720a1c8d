"""OpenAI-compatible LLM gateway (OpenRouter by default) with a model fallback chain.

Each model of the chain is tried in order; an error, a timeout or an answer that does not
validate against the requested pydantic schema moves on to the next model. Every model has
its own circuit breaker (``pybreaker``), kept per process, so a model that keeps failing is
skipped instantly until its reset timeout has passed. No database access here.
"""

from __future__ import annotations

import json
import re
import threading
import time
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

import openai
import pybreaker
from openai.types.chat import ChatCompletion
from pydantic import BaseModel, Field, ValidationError, field_validator

from crm_res import metrics
from crm_res.vocabulary import FEEDBACK_CATEGORIES, Intent, Sentiment

DEFAULT_TIMEOUT_S = 8.0
BREAKER_FAIL_MAX = 3
BREAKER_RESET_TIMEOUT_S = 60.0

# ---------------------------------------------------------------- structured output

# Intent, Sentiment and FEEDBACK_CATEGORIES: crm_res/vocabulary.py


class OrderItemDecision(BaseModel):
    """One item the customer asked for, named as on the menu."""

    name: str = Field(min_length=1)
    menu_item_id: str | None = None  # when the prompt gave ids; checked against the menu either way
    quantity: int = Field(default=1, ge=1, le=100)
    modifications: list[str] = Field(default_factory=list)


class AssistantDecision(BaseModel):
    """What the LLM decided about one customer message, and the reply to send."""

    intent: Intent
    sentiment: Sentiment
    categories: list[str] = Field(default_factory=list)
    confidence: float = Field(ge=0.0, le=1.0)
    # An empty reply is a failed answer (next model or the rules), never a silent message.
    reply: str = Field(min_length=1)
    order_items: list[OrderItemDecision] = Field(default_factory=list)
    rating: int | None = Field(default=None, ge=1, le=5)
    escalate: bool = False

    @field_validator("categories")
    @classmethod
    def _normalise_categories(cls, value: list[str]) -> list[str]:
        """Lower-case and de-duplicate categories, keeping their order."""
        seen: dict[str, None] = {}
        for item in value:
            key = item.strip().lower()
            if key in FEEDBACK_CATEGORIES:  # unknown labels would not fit the dashboard's filters
                seen.setdefault(key, None)
        return list(seen)

    @field_validator("reply", mode="before")
    @classmethod
    def _strip_reply(cls, value: Any) -> Any:
        """Whitespace alone counts as empty."""
        return value.strip() if isinstance(value, str) else value


# ---------------------------------------------------------------- prices and results


@dataclass(frozen=True)
class ModelPrice:
    """USD per one million tokens, input and output."""

    input_per_m: float
    output_per_m: float


# Editable: list prices of the default chain. Unknown models cost 0 unless the gateway
# reports the cost itself (OpenRouter's ``usage.cost``).
MODEL_PRICES: dict[str, ModelPrice] = {
    "google/gemini-flash-1.5": ModelPrice(0.075, 0.30),
    "anthropic/claude-3-haiku": ModelPrice(0.25, 1.25),
    "meta-llama/llama-3.1-70b-instruct": ModelPrice(0.40, 0.40),
}

SchemaT = TypeVar("SchemaT", bound=BaseModel)


@dataclass(frozen=True)
class LLMResult(Generic[SchemaT]):
    """A validated answer with the model that gave it and what it cost."""

    parsed: SchemaT
    model: str
    prompt_tokens: int
    completion_tokens: int
    cost_usd: float
    latency_ms: int
    failures: dict[str, str] = field(default_factory=dict)


class AllModelsFailed(RuntimeError):
    """Every model of the chain failed; ``reasons`` maps model → why."""

    def __init__(self, reasons: Mapping[str, str]) -> None:
        self.reasons: dict[str, str] = dict(reasons)
        detail = "; ".join(f"{model}: {why}" for model, why in self.reasons.items())
        super().__init__(f"all LLM models failed ({detail or 'no models configured'})")


class ModelFailure(Exception):
    """One model's attempt failed (counted by its circuit breaker)."""


def estimate_cost_usd(
    model: str,
    prompt_tokens: int,
    completion_tokens: int,
    prices: Mapping[str, ModelPrice] | None = None,
) -> float:
    """Cost of one call from the price table; 0 for a model not in it."""
    price = (MODEL_PRICES if prices is None else prices).get(model)
    if price is None:
        return 0.0
    return (prompt_tokens * price.input_per_m + completion_tokens * price.output_per_m) / 1e6


# ---------------------------------------------------------------- circuit breakers

_BREAKERS: dict[str, pybreaker.CircuitBreaker] = {}
_BREAKERS_LOCK = threading.Lock()


def breaker_for(
    model: str,
    *,
    fail_max: int = BREAKER_FAIL_MAX,
    reset_timeout_s: float = BREAKER_RESET_TIMEOUT_S,
) -> pybreaker.CircuitBreaker:
    """The process-wide circuit breaker of ``model`` (created on first use)."""
    with _BREAKERS_LOCK:
        breaker = _BREAKERS.get(model)
        if breaker is None:
            breaker = pybreaker.CircuitBreaker(
                fail_max=fail_max,
                reset_timeout=reset_timeout_s,
                name=model,
                throw_new_error_on_trip=False,
                listeners=[_BreakerGauge()],
            )
            _BREAKERS[model] = breaker
            metrics.LLM_BREAKER_STATE.labels(model).set(0)
        return breaker


class _BreakerGauge(pybreaker.CircuitBreakerListener):
    """Keeps `crm_res_llm_breaker_state` in step with the breaker (0 closed, 1 half-open, 2 open)."""

    def state_change(self, cb: pybreaker.CircuitBreaker, old_state: Any, new_state: Any) -> None:
        metrics.LLM_BREAKER_STATE.labels(cb.name).set(metrics.BREAKER_VALUES.get(str(new_state), 0))


def breaker_states() -> dict[str, str]:
    """Current state ('closed', 'open', 'half-open') of every known breaker."""
    with _BREAKERS_LOCK:
        return {model: str(b.current_state) for model, b in _BREAKERS.items()}


def reset_breakers(models: Iterable[str] | None = None) -> None:
    """Forget breaker state (all models, or the given ones); for tests and admin."""
    with _BREAKERS_LOCK:
        if models is None:
            _BREAKERS.clear()
        else:
            for model in models:
                _BREAKERS.pop(model, None)


# ---------------------------------------------------------------- output parsing

_FENCE = re.compile(r"^\s*```[a-zA-Z0-9_-]*\s*\n?(.*?)\n?\s*```\s*$", re.DOTALL)


def strip_code_fences(text: str) -> str:
    """Remove a surrounding ```json … ``` fence, if any."""
    match = _FENCE.match(text)
    return (match.group(1) if match else text).strip()


def parse_json_output(text: str, schema: type[SchemaT]) -> SchemaT:
    """Validate a model's text answer against ``schema``; raise ModelFailure if it is not."""
    body = strip_code_fences(text)
    try:
        data = json.loads(body)
    except json.JSONDecodeError:
        # Some models wrap the object in prose: take the outermost {...} once.
        start, end = body.find("{"), body.rfind("}")
        if start < 0 or end <= start:
            raise ModelFailure(f"invalid JSON: {body[:80]!r}") from None
        try:
            data = json.loads(body[start : end + 1])
        except json.JSONDecodeError as exc:
            raise ModelFailure(f"invalid JSON: {exc.msg}") from None
    if not isinstance(data, dict):
        raise ModelFailure(f"JSON is not an object: {type(data).__name__}")
    try:
        return schema.model_validate(data)
    except ValidationError as exc:
        fields = ", ".join(".".join(str(p) for p in err["loc"]) for err in exc.errors()[:5])
        raise ModelFailure(f"schema mismatch ({fields})") from None


# ---------------------------------------------------------------- the gateway


@dataclass(frozen=True)
class _Attempt(Generic[SchemaT]):
    parsed: SchemaT
    prompt_tokens: int
    completion_tokens: int
    reported_cost: float | None


class LLMGateway:
    """Calls an OpenAI-compatible chat endpoint with a fallback chain of models."""

    def __init__(
        self,
        base_url: str,
        api_key: str,
        models: Sequence[str],
        timeout_s: float = DEFAULT_TIMEOUT_S,
        *,
        prices: Mapping[str, ModelPrice] | None = None,
        breaker_fail_max: int = BREAKER_FAIL_MAX,
        breaker_reset_timeout_s: float = BREAKER_RESET_TIMEOUT_S,
        temperature: float = 0.2,
        max_tokens: int = 800,
        app_name: str = "CRM-RES",
    ) -> None:
        self.models = [m.strip() for m in models if m.strip()]
        if not self.models:
            raise ValueError("LLMGateway needs at least one model")
        self.base_url = base_url.rstrip("/")
        self.timeout_s = timeout_s
        self.prices = prices
        self.breaker_fail_max = breaker_fail_max
        self.breaker_reset_timeout_s = breaker_reset_timeout_s
        self.temperature = temperature
        self.max_tokens = max_tokens
        # Retries are ours (the next model), not the client's.
        self._client = openai.OpenAI(
            base_url=self.base_url,
            api_key=api_key,
            timeout=timeout_s,
            max_retries=0,
            default_headers={"X-Title": app_name},
        )

    def complete_json(
        self, messages: Sequence[Mapping[str, Any]], schema: type[SchemaT]
    ) -> LLMResult[SchemaT]:
        """Ask the chain for a JSON object that validates as ``schema``.

        Raises AllModelsFailed (with a reason per model) when no model gives one.
        """
        started = time.perf_counter()
        failures: dict[str, str] = {}
        for model in self.models:
            breaker = breaker_for(
                model,
                fail_max=self.breaker_fail_max,
                reset_timeout_s=self.breaker_reset_timeout_s,
            )
            tried = time.perf_counter()
            try:
                attempt = breaker.call(self._attempt, model, messages, schema)
            except pybreaker.CircuitBreakerError:
                failures[model] = "circuit open (skipped)"
                metrics.LLM_CALLS.labels(model, "skipped_open").inc()
                continue
            except ModelFailure as exc:
                failures[model] = str(exc)
                metrics.LLM_CALLS.labels(model, "failed").inc()
                continue
            cost = attempt.reported_cost
            if cost is None:
                cost = estimate_cost_usd(model, attempt.prompt_tokens, attempt.completion_tokens, self.prices)
            metrics.LLM_CALLS.labels(model, "ok").inc()
            metrics.LLM_SECONDS.labels(model).observe(time.perf_counter() - tried)
            metrics.LLM_TOKENS.labels(model, "prompt").inc(attempt.prompt_tokens)
            metrics.LLM_TOKENS.labels(model, "completion").inc(attempt.completion_tokens)
            metrics.LLM_COST.labels(model).inc(cost)
            if failures:
                metrics.LLM_FALLBACKS.labels("next_model").inc()
            return LLMResult(
                parsed=attempt.parsed,
                model=model,
                prompt_tokens=attempt.prompt_tokens,
                completion_tokens=attempt.completion_tokens,
                cost_usd=cost,
                latency_ms=round((time.perf_counter() - started) * 1000),
                failures=failures,
            )
        metrics.LLM_FALLBACKS.labels("rules").inc()
        raise AllModelsFailed(failures)

    def close(self) -> None:
        """Close the underlying HTTP connections."""
        self._client.close()

    def _attempt(
        self, model: str, messages: Sequence[Mapping[str, Any]], schema: type[SchemaT]
    ) -> _Attempt[SchemaT]:
        try:
            # The same request as `chat.completions.create`, posted directly: `create` first walks
            # the whole prompt through the SDK's typed-dict transform (≈ half the call's CPU for a
            # plain JSON body that needs no transforming).
            response = self._client.post(
                "/chat/completions",
                cast_to=ChatCompletion,
                body={
                    "model": model,
                    "messages": list(messages),
                    "response_format": {"type": "json_object"},
                    "temperature": self.temperature,
                    "max_tokens": self.max_tokens,
                },
                options={"timeout": self.timeout_s},
            )
        except openai.APITimeoutError:
            raise ModelFailure(f"timeout after {self.timeout_s:g}s") from None
        except openai.APIStatusError as exc:
            raise ModelFailure(f"HTTP {exc.status_code}: {_short(exc.message)}") from None
        except openai.APIConnectionError as exc:
            raise ModelFailure(f"connection error: {_short(str(exc))}") from None
        except Exception as exc:  # a malformed response body, among others
            raise ModelFailure(f"{type(exc).__name__}: {_short(str(exc))}") from None

        choices = getattr(response, "choices", None)
        if not choices:
            raise ModelFailure("empty response (no choices)")
        content = choices[0].message.content
        if not content:
            raise ModelFailure("empty message content")
        parsed = parse_json_output(content, schema)

        usage = response.usage
        prompt_tokens = int(getattr(usage, "prompt_tokens", 0) or 0)
        completion_tokens = int(getattr(usage, "completion_tokens", 0) or 0)
        extra = (usage.model_extra or {}) if usage is not None else {}
        reported = extra.get("cost")
        reported_cost = float(reported) if isinstance(reported, int | float) else None
        return _Attempt(parsed, prompt_tokens, completion_tokens, reported_cost)


def _short(text: str, limit: int = 160) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
