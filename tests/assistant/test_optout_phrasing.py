"""Opt-out and opt-in in customers' own words; a probable opt-out is asked about, not guessed."""

from __future__ import annotations

import pytest

from crm_res.assistant.intent import classify_intent, is_opt_in, is_opt_out, is_probable_opt_out


@pytest.mark.parametrize(
    "text",
    [
        "لا عاد ترسلون لي عروض",
        "خلص ما بدي تبعتولي شي بعد اليوم",
        "مش عايز اي عروض تاني",
        "take me off your mailing list",
        "I don't want these messages anymore",
        "khalas wa2fo el rasayel",
        "mabi 3roodh ba3d el youm",
    ],
)
def test_free_phrasing_opt_out_is_recognised(text: str) -> None:
    """Dialect, English and Arabizi requests to stop marketing are opt-outs without a keyword."""
    assert is_opt_out(text)
    assert classify_intent(text).intent == "opt_out"


@pytest.mark.parametrize(
    "text",
    [
        "كثرتوا علينا الرسايل",
        "انتو بتبعتوا رسايل كتير اوي",
        "too many messages from you guys",
        "leh kol shwaya offers",
    ],
)
def test_probable_opt_out_is_a_question_not_a_guess(text: str) -> None:
    """A complaint about the marketing itself is opt_out_uncertain: never an opt-out, never ignored."""
    assert not is_opt_out(text)
    assert is_probable_opt_out(text)
    assert classify_intent(text).intent == "opt_out_uncertain"


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("ابي الغي الطلب", "order_status"),
        ("can you stop the order, I made a mistake", "order_status"),
        ("بدي وقف الطلب، غيرت رأيي", "order_status"),
        ("السواق وقف عند الباب الغلط", "feedback"),
        ("مرحبا", "greeting"),
    ],
)
def test_ordinary_messages_with_stop_words_are_not_opt_outs(text: str, intent: str) -> None:
    """Stopping or cancelling an order, or a driver who stopped, is no opt-out."""
    assert not is_opt_out(text) and not is_probable_opt_out(text)
    assert classify_intent(text).intent == intent


def test_asking_why_offers_do_not_come_is_no_opt_out() -> None:
    """ "ليش ما ترسلون لي العروض؟" asks for offers; a question is not a request to stop."""
    assert not is_opt_out("ليش ما ترسلون لي العروض؟")


@pytest.mark.parametrize(
    "text",
    [
        "رجعوا ارسلوا لي العروض لو سمحتوا",
        "please add me back to your offers list",
        "abi arja3 ashtarek fel 3roodh",
    ],
)
def test_opt_in_in_free_phrasing(text: str) -> None:
    """Asking for the offers again (dialect, English, Arabizi) is an opt-in."""
    assert is_opt_in(text)
    assert classify_intent(text).intent == "opt_in"


def test_not_wanting_to_subscribe_is_no_opt_in() -> None:
    """ "mish 3ayez ashtarek" refuses; it must not subscribe the customer."""
    assert not is_opt_in("mish 3ayez ashtarek")


def test_opt_out_sets_have_full_recall_and_no_false_opt_out() -> None:
    """On the dev messages every opt-out is caught and no other message is taken for one."""
    import importlib.util
    from pathlib import Path

    path = Path(__file__).resolve().parents[2] / "bench" / "assistant_eval.py"
    spec = importlib.util.spec_from_file_location("assistant_eval", path)
    assert spec is not None and spec.loader is not None
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    scores = bench.optout_scores(bench.menu_messages("dev"))
    hit, total = scores["opt-out recall (certain)"]
    assert total >= 10 and hit == total
    assert scores["false opt-out on other messages"][0] == 0


@pytest.mark.parametrize(
    "text",
    [
        "متبعتليش عروض تاني",
        "matb3atlish offers tany",
        "la tarsloon li rasayel",
        "لا تطرشون لي عروض",
        "opt me out please",
    ],
)
def test_negation_wrapped_round_the_verb_and_dialect_send_verbs(text: str) -> None:
    """Egyptian "م…ش" round the verb, Arabizi "ma…sh", Gulf "تطرشون": not sending any more."""
    assert is_opt_out(text)


@pytest.mark.parametrize(
    "text",
    ["can you stop the delivery, I'm not home", "خلاص مش عايز الطلب", "وقف التوصيل لو سمحت"],
)
def test_stopping_a_delivery_or_an_order_is_no_opt_out(text: str) -> None:
    """Stopping the delivery or not wanting the order is about the order, not the messages."""
    assert not is_opt_out(text) and not is_probable_opt_out(text)
    assert classify_intent(text).intent == "order_status"


@pytest.mark.parametrize(
    "text",
    [
        "shelo ra2me mn el 3orood please",
        "khalas shilo ra2me, ma ba3ad bade resayel",
        "please sheelo ra2me mn 3andkon",
    ],
)
def test_arabizi_my_number_ending_in_e_is_my_number(text: str) -> None:
    """Levantine / Egyptian Arabizi writes "my" as a final -e ("ra2me"): removing it is an opt-out."""
    assert classify_intent(text).intent == "opt_out"
