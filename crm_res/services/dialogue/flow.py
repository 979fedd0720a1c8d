"""The assistant's next step for a customer message: the state machine's dispatch.

The conversation's typed state (`states.DialogueState`) says which phase it is in; the phase's
steps (`order_answer.py` on `ordering.py`, `feedback.py`) read the message, questions about the
restaurant are answered by `restaurant_questions.py`, and anything they do not own is read on
its own (`_by_intent`). Requests for a person or a refund, anger and cancelling override every phase.
Decisions come from the rule-based understanding in `crm_res.assistant` or, with `LLM_API_KEY`,
from the model's proposal checked by the same machine (`llm_flow.py`). Side effects are rows in
this transaction; jobs are returned for after commit.
"""

from __future__ import annotations

import logging
import re
from datetime import datetime
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from sqlmodel import Session, select

from crm_res import metrics
from crm_res.assistant import replies
from crm_res.assistant.intent import (
    IntentResult,
    answer_to_stop_question,
    classify_intent,
    is_opt_out,
    is_probable_opt_out,
    is_rejection,
)
from crm_res.assistant.menu_questions import (
    asks_the_price,
    categories_named,
)
from crm_res.assistant.normalize import to_ascii_digits
from crm_res.assistant.order_edits import (
    asks_for_food,
    asks_for_the_last_order,
    by_price,
    change_and_rest,
    counts_only,
    drops_it,
    is_asked,
    order_to_come,
    ordered_part,
    read_edit,
    says_instead,
    self_corrections,
    takes_each,
    takes_it,
    takes_offer_beside,
    without_counting_off,
)
from crm_res.assistant.order_parser import parse_order
from crm_res.assistant.ratings import parse_rating, rating_answer
from crm_res.assistant.sentiment import analyze_sentiment, is_strong_anger
from crm_res.assistant.shares import party_size
from crm_res.assistant.small_talk import announces_a_question, asks_how_we_are, is_apology, is_mash
from crm_res.assistant.staff_requests import (
    asks_for_refund,
    asks_to_book,
    asks_to_cancel,
    at_a_loss,
    insists_on_the_placed_order,
    says_the_order_went_wrong,
)
from crm_res.models import Order
from crm_res.models.customer import staff_name
from crm_res.services.dialogue import data
from crm_res.services.dialogue.asked_beside_the_order import AskedBesideTheOrder
from crm_res.services.dialogue.consent import set_opt_out
from crm_res.services.dialogue.context import InboundContext
from crm_res.services.dialogue.data import clear_cache, distance_km, nearest_branch, stated_mode
from crm_res.services.dialogue.escalation import escalate
from crm_res.services.dialogue.feedback import FeedbackSteps
from crm_res.services.dialogue.states import (
    FEEDBACK,
    MENU,
    ORDERING,
    RESTING,
    DialogueState,
    Phase,
    TooManyOfADish,
    load_state,
    read_state,
    store_state,
)
from crm_res.services.dialogue.turn import FlowResult, Reply
from crm_res.services.notifications import notify_staff

__all__ = ["Flow", "FlowResult", "Reply", "clear_cache", "distance_km", "nearest_branch", "stated_mode"]

log = logging.getLogger(__name__)
LOW_CONFIDENCE = 0.45


def _sentences(text: str) -> list[str]:
    return [p.strip() for p in re.split(r"[،,.!؛;؟?\n]", without_counting_off(text)) if p.strip()]


def stops_the_offers(text: str) -> bool:
    """A certain stop to the offers, said alone or as one sentence of a longer message ("قديش سعر
    الكنافة؟ وبالمناسبة ما عاد تبعتولي عروض"): each sentence is read on its own too."""
    return is_opt_out(text) or any(is_opt_out(p) for p in re.split(r"(?<=[.!؟?\n])", text) if p.strip())


def ordering_part(session: Session, ctx: InboundContext, text: str) -> str | None:
    """The parts of a message that order, beside a stop to the offers ("awal shay wagfo rasayel el
    3rood, thani shay abi 2 burger dajaj"), or mid-order all its other parts ("نعم اكد. وترى لا
    تطرشون لي عروض"), or that ask for a person ("…وقفوها عني نهائيا. ابي اكلم المدير الحين"); None
    when there is nothing of these."""
    entries = data.entries(data.menu(session, ctx.restaurant.id))
    parts = _sentences(text)
    stops = [i for i, p in enumerate(parts) if is_opt_out(p) or is_probable_opt_out(p)]
    if read_state(ctx.conversation).phase in ORDERING:  # "نعم اكد. وترى لا تطرشون لي عروض، ما ابيها":
        before = parts[: stops[0]] if stops else parts  # what came before the stop answers the order
        return "، ".join(before) if before else None
    parts = [p for i, p in enumerate(parts) if i not in stops]
    ordering = [p for p in parts if parse_order(p, entries).lines]
    if ordering:  # "…، ثاني شي توصيل لحي النرجس شارع …، وثالث شي وقفوا رسايل العروض": and how it comes
        ordering = [p for p in parts if p in ordering or data.stated_mode(p) or data.states_an_address(p)]
    asked = parts[0] if parts and parts[0] in text else None
    if not ordering and asked and text[text.index(asked) + len(asked) :].lstrip()[:1] in ("?", "؟"):
        return asked + "؟"  # "قديش سعر الكنافة؟ وبالمناسبة ما عاد تبعتولي عروض": the question answered too
    if wanting := [p for p in parts if classify_intent(p).intent == "escalation"]:
        return "، ".join(wanting)  # the stop recorded, and a person takes the rest ("…ابي اكلم المدير")
    return "، ".join(ordering) if ordering else None


class Flow(AskedBesideTheOrder, FeedbackSteps):
    """One customer message being answered (the `Turn` its phases' steps are written against)."""

    def __init__(self, session: Session, ctx: InboundContext, now: datetime, text: str | None = None) -> None:
        self.session, self.ctx, self.now = session, ctx, now
        payload = ctx.message.payload or {}
        self.location: tuple[float, float] | None = None
        if ctx.message.type == "location" and payload.get("latitude") is not None:
            self.location = (float(payload["latitude"]), float(payload.get("longitude") or 0.0))
        # A location's body is its place name ("Riyadh Park"): never read it as words.
        self.text = "" if ctx.message.type == "location" else (ctx.message.body or "").strip()
        self.text = self.text if text is None else text  # only a part of the message (its order)
        self.reply_id: str = str(payload.get("reply_id") or "")
        self.state: DialogueState = load_state(ctx.conversation, ctx.restaurant, now)
        self.result = FlowResult()
        self.kw = {"language": ctx.language, "personality": ctx.personality}
        self.english = ctx.language == "en"
        self._intent: IntentResult | None = None
        self._interrupt_checked = False  # the LLM path checks before the model, run() must not count twice
        self.priced: list[str] = []  # the dish our last reply priced mid-order (`DialogueState.priced`)

    def say(self, body: str, **extra: Any) -> None:
        self.result.replies.append(Reply(body, **extra))

    def save(self) -> None:
        store_state(self.ctx.conversation, self.state, self.now)
        self.session.add(self.ctx.conversation)

    def intent(self) -> IntentResult | None:
        if self._intent is None and self.text:
            self._intent = classify_intent(self.text)
        return self._intent

    def _lang(self) -> dict[str, str]:
        return {"language": self.kw["language"]}

    # -- entry point
    def run(self) -> FlowResult:
        self.update_language()
        try:
            if not self._interrupt() and not self._played_as_corrected():
                self.step()
        except TooManyOfADish:  # a catering-size count: a person takes it, nothing half-made is kept
            self.result.replies.clear()
            self._escalate("order of more than 100 of one dish")
        self.save()
        return self.result

    def step(self) -> None:
        """The current phase reads the message first; what it does not own is read on its own."""
        phase = self.state.phase
        if phase == Phase.escalated:  # staff handed the conversation back: start fresh
            self.state.clear()
        offer, self.state.offer = self.state.offer, []  # only this message can take it
        self.priced, self.state.priced = self.state.priced, []
        # "اوكي بدي شاورما لحم" names its own dish: an order, not the offer taken
        reads = takes_it if len(offer) == 1 else takes_each  # several priced: only "one of each" takes them
        taken = reads(self.text) if offer and self.text and not self._names_a_dish() else None
        if taken is not None or (offer and self.reply_id == "confirm_yes"):
            return self._take_offer(offer, taken or 1)
        # "2 of those plus 2 orange juices": what was priced, with the dishes the message names
        beside = takes_offer_beside(self.text, several=len(offer) > 1) if offer and self.text else None
        if beside is not None and offer != [MENU] and self._names_a_dish():
            return self._take_offer(offer, beside, with_dishes=True)
        if offer and self.text and is_rejection(self.text):  # "لا شكراً": the offer, not the order
            self.say(replies.no_problem(**self.kw))
            if phase == Phase.confirming:
                self.say(replies.order_kept_waiting(**self._lang()))
            return None
        handled = False
        if self.ctx.message.type == "order":  # a WhatsApp catalog cart starts (or replaces) the order
            handled = self._order()
        elif phase in ORDERING:
            handled = self._order_location() if self.location is not None else self._order_step()
        elif phase in FEEDBACK:
            handled = self._feedback_step()
        elif phase == Phase.confirming_opt_out:
            handled = self._opt_out_step()
        if not handled:
            self._by_intent()

    def _played_as_corrected(self) -> bool:
        """An order that corrects itself ("اتنين شاورما لحمة لا استنى خليهم فراخ… ولا بلاش المتبل خليها
        حمص"): the order, then each correction as the change it says, as if sent one after another;
        only the last part is answered."""
        parts = self_corrections(self.text) if self.text and not self.reply_id else []
        if not parts or self.state.phase not in RESTING or self.state.offer:
            return False
        entries = data.entries(data.menu(self.session, self.ctx.restaurant.id))
        if not parse_order(parts[0], entries).lines or any(read_edit(part) is None for part in parts[1:]):
            return False
        # each correction, then the order going on after it ("…خليهن اربعة، وكمان بطاطا…"); corrections
        # of counts only are the parser's ("برجر دجاج اثنين لا لا خلها ثلاثة"): the message is read whole
        cut = [change_and_rest(part) for part in parts[1:]]
        if all(counts_only(change) for change, _ in cut):
            return False
        whole = self.text
        parts = parts[:1] + [p for pair in cut for p in pair if p]
        for i, part in enumerate(parts):
            said = len(self.result.replies)
            self.text, self._intent = part, None
            self.step()
            if i < len(parts) - 1:
                del self.result.replies[said:]  # what an earlier part would have been told
            if self.state.phase not in ORDERING:
                break
        self.text, self._intent = whole, None
        return True

    def update_language(self) -> None:
        """Store the language/dialect the customer writes in (both the rules and the LLM path)."""
        if self.state.asked.key == "branch" and data.named_branch(
            data.branches(self.session, self.ctx.restaurant.id), self.text
        ):
            return  # a branch's name ("olaya") says nothing of the customer's language
        if self.ctx.note_language(self.text):
            self.session.add(self.ctx.customer)
            self.kw["language"] = self.ctx.language
            self.english = self.ctx.language == "en"

    def _interrupt(self) -> bool:
        """What overrides any phase: a request for a person, anger, cancelling an order (checked once)."""
        if self._interrupt_checked or not self.text:
            return False
        self._interrupt_checked = True
        phase = self.state.phase
        decision = self.intent()
        # An address may contain words like "رقم" and "احد": don't read it as a request for a person.
        address_like = self.state.asked.key == "address" and any(
            ch.isdigit() for ch in to_ascii_digits(self.text)
        )
        if decision is not None and decision.intent == "escalation" and not address_like:
            self._escalate("customer asked for a person")
            return True
        if asks_for_refund(self.text):  # money back is the restaurant's to decide
            self._escalate("customer asked for a refund")
            return True
        # A probable opt-out is asked about before a second unhappy message hands the customer
        # over: whether our messages stop is the customer's to say (an insult still escalates).
        if (
            phase != Phase.confirming_opt_out
            and is_probable_opt_out(self.text)
            and not is_strong_anger(self.text)
            and not (phase in ORDERING and is_rejection(self.text))  # cancelling the order, below
        ):
            self._keep_feedback_in_progress()
            self.state.clear(Phase.confirming_opt_out)
            self.state.ask("opt_out")
            yes, no = (replies.button_label(b, **self._lang()) for b in ("yes", "no"))
            self.say(replies.ask_stop_offers(**self.kw), buttons=[("optout_yes", yes), ("optout_no", no)])
            return True
        declined_offer = bool(self.state.offer) and is_rejection(self.text)  # answered in step()
        # "مفيش فول؟ خلاص بلاش، زود حمص بداله": a no that names a dish changes the order, not cancels it
        rejects = is_rejection(self.text) and not declined_offer and not self._names_a_dish()
        cancels = rejects or self.reply_id in (
            "confirm_no",
            "schedule_no",
        )
        cancels = cancels or (asks_to_cancel(self.text) and not self._names_a_dish())  # "الغي طلبي"
        cancels = cancels or (phase in ORDERING and drops_it(self.text))  # "لا خلص انسى", "forget it"
        # "لا خلاص غالي علي، الغه": an order called off, however unhappy, is cancelled, not handed over
        if phase in ORDERING and cancels and not is_strong_anger(self.text):
            self.state.clear()
            self.state.anger = 0
            self.say(replies.order_cancelled(**self.kw))
            return True
        return self._anger()

    def _opt_out_step(self) -> bool:
        """The answer to "تبغى نوقف رسائل العروض؟": a yes (or "وقفوها") stops them, a no keeps
        them, anything else leaves the question and is read on its own."""
        answer = answer_to_stop_question(self.text) if self.text else None
        if self.reply_id in ("optout_yes", "optout_no"):
            answer = self.reply_id == "optout_yes"
        self.state.clear()
        if answer is None:
            return False
        if not answer:
            self.say(replies.offers_kept(**self.kw))
            return True
        set_opt_out(self.session, self.ctx, self.now, opted_out=True)
        self.say(replies.opted_out_confirmation(**self.kw))
        return True

    def _anger(self) -> bool:
        """Two negative messages in a row, or one insult/threat, hand the customer to a person."""
        # "٣" / "والله ما يستاهل اكثر من ثلاث" answering our rating question is a rating, however sour
        rating_given = parse_rating(self.text) is not None and len(self.text) <= 12
        rating_given = rating_given or (
            self.state.phase == Phase.awaiting_rating and rating_answer(self.text) is not None
        )
        if rating_given:
            return False  # answering our rating question is not a new outburst
        strong = is_strong_anger(self.text)
        if analyze_sentiment(self.text).sentiment == "negative" or strong:
            self.state.anger += 1
        else:
            self.state.anger = 0
            return False
        if not strong and self.state.anger < 2:
            return False
        self._escalate("angry customer" if strong else "repeated anger")
        return True

    def _by_intent(self) -> None:
        """The message on its own (no phase owns it): greeting, order, feedback, question..."""
        decision = self.intent()
        intent = decision.intent if decision else "other"
        confidence = decision.confidence if decision else 0.0
        metrics.INTENTS.labels(intent, "rules").inc()
        self.ctx.conversation.ai_confidence = Decimal(str(round(min(max(confidence, 0), 1), 2)))
        if self.location is not None:
            return self._location_shared()
        if intent not in ("other", "escalation"):
            self.state.misses = 0
        if self.state.phase in RESTING and asks_for_the_last_order(self.text):
            return self._last_order_again()  # "ابي نفس طلبي اللي طلبته الاسبوع الماضي"
        if self.state.phase in RESTING and intent != "order" and data.states_an_address(self.text):
            self.state.known_address = data.address_of(self.text)  # "انا ساكن بحي العقيق…، بتوصلوا؟"
            if data.only_an_address(self.text) and not self._names_a_dish():
                # "قبل اي حاجة اكتبلك عنواني: حي الروضة شارع ١٥…": the dishes come next, delivered there
                self.state.known_mode = "delivery"
                return self.say(replies.address_noted(**self._lang()))
        if self.state.phase in RESTING and order_to_come(self.text) and not self._names_a_dish():
            return self.say(replies.go_ahead(**self._lang()))  # "هبعتلك الطلب دلوقتي": it comes next
        if self.state.phase in RESTING and (party := party_size(self.text)) is not None:
            self.state.known_party = party  # "بدنا ناكل نحنا اربعة، شو بتنصحونا؟": each of the four, next
        if self.state.phase in RESTING and (mode := data.stated_mode(self.text)) and not self._names_a_dish():
            # "بطلب لاخوي وهو بيمر يستلمه من العليا", "ordering for my mom, she'll pick it up from tahlia":
            # how the order to come reaches them, and from which branch
            self.state.known_mode = mode
            named = data.named_branch(data.branches(self.session, self.ctx.restaurant.id), self.text)
            if named is not None:
                self.ctx.conversation.branch_id = named.id
        if intent != "escalation" and self._complains_of_the_placed_order():
            self.say(replies.feedback_ack_negative(**self.kw))  # "جايبين لي كبسة بدال المندي!": no new order
            return self._escalate("problem with a placed order")
        if self.state.phase == Phase.placed and insists_on_the_placed_order(self.text):
            return self._escalate("customer wants to add to a placed order")  # a person changes it
        if (
            (
                intent in ("feedback", "order_status", "other")
                or (intent == "support" and (not is_asked(self.text) or self._orders_after_asking()))
            )
            and (
                asks_for_food(ordered_part(self.text) or self.text)
                # "my colleague wants his own order too: a shawarma…, same branch": asked in the whole
                or asks_for_food(self.text)
                or self._says_how_it_comes()
                or says_instead(self.text)  # "طيب بدل الفتة حمص عادي": the dish in its place
            )
            and self._names_a_dish(shared=True)  # "I have a question" orders nothing
            and self._order()
        ):
            return  # "خسارة 😕 طيب عطني كنافة", a story and then "عايز اتنين شاورما…": ordering
        if intent == "feedback" and is_asked(self.text) and self._names_a_category():
            return self._by_topic("menu")  # "طيب شو في حلو غيره؟": the desserts asked about, no review
        if intent in ("support", "order_status", "other") and self._answered_the_total():
            return  # "كم الحساب؟": the order's total, mid-order or once placed
        if self.state.phase in RESTING and asks_to_cancel(self.text) and not self._names_a_dish():
            return (
                self._order_status()
            )  # "sorry, can you cancel that? my meeting got moved": a person cancels
        if intent in ("support", "other") and is_asked(self.text) and by_price(self.text) is not None:
            return self._by_topic("prices")  # "what's your cheapest dish?": that dish, priced
        if asks_to_book(self.text):  # a table: the staff know what is free (mid-order, the order goes on)
            return self._by_topic("general")
        if intent == "order" and self._asked_beside_the_order():
            return None
        if intent == "order" and asks_the_price(self.text):
            return self._by_topic("prices")  # "ابي اعرف اسعار البرجر": a price, not an order
        match intent:
            case "escalation":
                self._escalate("customer asked for a person")
            case "order":
                if not self._order():  # "ابي اطلب": nothing named yet, so what there is to order
                    self._by_topic("menu")
            case "order_status":
                self._order_status()
            case "feedback" if is_rejection(self.text):  # "لا شكراً" on its own declines, it is no review
                self.say(replies.no_problem(**self.kw))
            case "feedback" if self.state.phase == Phase.done and not self._negative():
                # "بس حبيت تعرفوا 🙏" after rating: a last word, no new review
                self.say(replies.thanks(**self.kw))
            case "feedback":
                self._feedback_start()
            case "support":
                self._by_topic(decision.topic if decision else None)
            case "greeting":
                self._leave_unfinished()
                name = self.ctx.restaurant.name_en if self.english else self.ctx.restaurant.name_ar
                self.say(replies.greeting(name, **self.kw))
            case "thanks":
                self._leave_unfinished()
                self.say(replies.thanks(**self.kw))
            case _ if announces_a_question(self.text):  # "عندي سؤال": the question comes next
                self.say(replies.ask_away(**self.kw))
            case _ if is_apology(self.text):  # "sorry 😅" after a slip: no harm, nothing missed
                self.say(replies.no_problem(**self.kw))
            case _ if asks_how_we_are(self.text):  # "كيف حالكم": a greeting asked as a question
                name = self.ctx.restaurant.name_en if self.english else self.ctx.restaurant.name_ar
                self.say(replies.greeting(name, **self.kw))
            case _:
                if self._order():
                    return
                self._miss(confidence)

    def _leave_unfinished(self) -> None:
        """A greeting or a thank-you ends whatever was half done (the order draft is dropped)."""
        if self.state.phase in ORDERING:
            self.state.clear()

    def _miss(self, confidence: float) -> None:
        """Not understood: say so once; twice in a row hands over to staff (a mash of keys or
        emoji, "ااااا" / "🙈🙈", is no try at saying something: it never counts)."""
        self.state.misses += 0 if is_mash(self.text) else 1
        if self.state.misses >= 2:
            self._escalate("low confidence")
        else:
            self.say(replies.fallback_didnt_understand(**self.kw))

    def _give_up(self) -> None:
        """The same question went unanswered twice: stop asking, offer a person."""
        self._keep_feedback_in_progress()
        self.state.clear()
        self.say(replies.offer_human(**self.kw))

    def _alert_staff(self, what: str) -> None:
        """The bell for this conversation: "تصعيد: سارة" with the customer's words."""
        notify_staff(
            session=self.session,
            restaurant_id=self.ctx.restaurant.id,
            kind="escalation",
            title=f"{what}: {staff_name(self.ctx.customer)}",
            body=self.text[:300],
            link=f"/conversation?id={self.ctx.conversation.id}",
            branch_id=self.ctx.conversation.branch_id,
        )

    def _escalate(self, reason: str) -> None:
        self._keep_feedback_in_progress()
        escalate(session=self.session, conversation=self.ctx.conversation, reason=reason)
        self._alert_staff("تصعيد")
        # Staff take it from here: no half-finished order or rating question is left to resume.
        self.state.clear(Phase.escalated)
        self.say(replies.escalated_to_staff(**self.kw))

    def _negative(self) -> bool:
        return analyze_sentiment(self.text).sentiment == "negative"

    def _complains_of_the_placed_order(self) -> bool:
        """ "وصلت الفرع ويقولون ما فيه طلب باسمي!! 😤", "you forgot my fries": the order placed in this
        chat is missing or wrong; a person sorts it out now (a rating question would be no answer).
        A review of the meal ("الاكل لذيذ بس البطاطس باردة") stays a review."""
        if self.state.phase not in RESTING:
            return False
        if not (at_a_loss(self.text) or says_the_order_went_wrong(self.text)):
            return False
        placed = self.session.exec(
            select(Order.id).where(Order.conversation_id == self.ctx.conversation.id).limit(1)
        ).first()
        return placed is not None

    def _names_a_category(self) -> bool:
        items = data.menu(self.session, self.ctx.restaurant.id)
        return bool(categories_named(self.text, (m.category for m in items)))

    def _orders_after_asking(self) -> bool:
        """ "could I place another order for my colleague? one falafel and one tea": the dishes come
        after the question."""
        tail = re.split(r"[?؟]+", self.text)[-1]
        entries = data.entries(data.menu(self.session, self.ctx.restaurant.id))
        return bool(tail.strip()) and bool(parse_order(tail, entries).lines)

    def _says_how_it_comes(self) -> bool:
        """ "…so one chicken kabsa for me… I'll come by to pick it up": a pickup or a delivery said
        in a message that is no complaint orders what it names, however warm the rest of it is."""
        return (
            self.state.phase not in ORDERING  # mid-order the order's own step reads it
            and stated_mode(self.text) is not None
            and not data.states_an_address(self.text)  # "توصيل لشارع ١٧٢": where to, not what
            and analyze_sentiment(self.text).sentiment != "negative"
        )


def local_now(now: datetime, tz: str) -> datetime:
    return now.astimezone(ZoneInfo(tz))
