"""One list of negation words for the intent rules: a statement negated ("it doesn't stop") and a
request negated ("don't send"); only the prohibitive ones ("لا", "la", "no") never make a stop
verb read as "it never stops"."""

from __future__ import annotations

import pytest

from crm_res.assistant import intent
from crm_res.assistant.intent import classify_intent
from crm_res.assistant.normalize import normalize


def test_statement_negations_are_the_negations_less_the_prohibitive_ones() -> None:
    """The two lists are one fact: _NEVER is _NEGATIONS without "لا" / "la" / "no"."""
    assert intent._NEVER == intent._NEGATIONS - intent._PROHIBITIVE
    assert {normalize(w) for w in ("لا", "la", "no")} == intent._PROHIBITIVE
    assert {normalize(w) for w in ("ما", "مش", "msh", "hasnt", "doesnt")} <= intent._NEVER


@pytest.mark.parametrize(
    "text",
    ["رسايلكم ما بتوقف ابدا", "your texts never stop", "الرسايل مش بتسكت خالص"],
)
def test_a_negated_stop_is_a_probable_opt_out(text: str) -> None:
    """ "It never stops": a complaint about the volume, asked about before stopping."""
    assert classify_intent(text).intent in ("opt_out_uncertain", "opt_out")


@pytest.mark.parametrize("text", ["لا توقفوا العروض", "la twa2fo el 3orood", "لا تبطلوا ترسلون العروض"])
def test_a_prohibited_stop_is_no_opt_out(text: str) -> None:
    """ "Don't stop the offers" (a prohibitive "لا" before a second-person verb): the customer
    wants them; no opt-out, no question about one."""
    assert classify_intent(text).intent not in ("opt_out", "opt_out_uncertain")


@pytest.mark.parametrize("text", ["لا، وقفوا الرسايل", "لا وقفوها العروض", "la, wa2fo el 3orood"])
def test_no_then_an_imperative_stop_is_still_an_opt_out(text: str) -> None:
    """ "No — stop the messages": the imperative has no ت; the "لا" answers, it forbids nothing."""
    assert classify_intent(text).intent == "opt_out"
