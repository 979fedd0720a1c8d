"""The customer's answer mid-order (collecting, fulfilment, confirming): the order step reads the
message for its order part, then offers it to each step in turn, the first that takes it answering
(the same dishes made otherwise, the order as it is, a word on the order, the answer to the question
asked, a question or switch aside, a change to the draft, and last what its intent says).

`OrderAnswer` stands on `OrderingSteps` (ordering.py: starting or replacing an order) and below it the
order mixins that ordering.py names.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Any, Literal

from crm_res.assistant import replies
from crm_res.assistant.intent import is_confirmation
from crm_res.assistant.menu_questions import asks_the_price, asks_the_total
from crm_res.assistant.normalize import counts_in, normalize, number_value, to_ascii_digits, word_set
from crm_res.assistant.order_edits import (
    OrderEdit,
    as_before,
    asks_for_extras,
    asks_for_food,
    asks_how_long,
    by_price,
    chosen_place,
    confirms,
    confirms_among_words,
    confirms_firmly,
    each_count,
    holds_off,
    is_asked,
    keeps_only,
    means_a_dish,
    of_it_named,
    ordered_part,
    puts_right,
    read_edit,
    says_a_note,
    says_halves,
    says_i_mean,
    says_just,
    without_old_count,
    without_the_rest_kept,
)
from crm_res.assistant.order_parser import MenuEntry, OrderLine, ParsedOrder, parse_order
from crm_res.assistant.sentiment import analyze_sentiment
from crm_res.assistant.shares import collector
from crm_res.assistant.wanted_time import wanted_time, without_wanted_time
from crm_res.models import MenuItem
from crm_res.services.dialogue import data
from crm_res.services.dialogue.order_changes import (
    _counted_line,
    _in_draft,
    _line,
    _named_in_full,
    _names_any,
    _the_rest_at,
    _told_apart,
    _within,
)
from crm_res.services.dialogue.order_fulfilment import QUESTION_INTENTS
from crm_res.services.dialogue.order_questions import ETA_MINUTES
from crm_res.services.dialogue.order_reading import _restated, _without_total
from crm_res.services.dialogue.ordering import OrderingSteps
from crm_res.services.dialogue.states import (
    MAX_QUANTITY,
    Draft,
    Line,
    Phase,
)

# Intents that leave the order (a question mid-order, QUESTION_INTENTS, is answered and the order waits).
_LEAVING = ("greeting", "thanks", "feedback")
_MODE_BUTTONS: dict[str, Literal["pickup", "delivery"]] = {
    "mode_pickup": "pickup",
    "mode_delivery": "delivery",
}


@dataclass
class _Answer:
    """A message mid-order as the order step reads it: the draft it answers, the menu, its order words
    (without an old count or our total) and the dishes they name, and how many of a dish we named back
    the last reply said (0 when none)."""

    draft: Draft
    entries: list[MenuEntry]
    text: str
    parsed: ParsedOrder | None
    instead: int


class OrderAnswer(OrderingSteps):
    """The answer half of the ordering conversation (a mixin of `Flow`, as `OrderingSteps` is)."""

    priced: list[str]  # the dish our last reply priced mid-order (set by `Flow.step`)

    # -- the customer's answer in an ordering phase
    def _order_step(self) -> bool:
        """The answer to the order question asked last; False leaves the order to read the message alone.

        The message is read for its order part, then offered to each step in turn, the first that
        takes it answering: the same dishes made otherwise, the order as it is, a word on the order
        that changes no line, the answer to the question asked, a question or switch aside, a change
        to the draft (or a new list), and last what its intent says."""
        draft = self.state.draft
        if draft is None:
            self.state.clear()
            return False
        entries = data.entries(data.menu(self.session, self.ctx.restaurant.id))
        if self.priced and (named := next((e for e in entries if e.key == self.priced[0]), None)):
            of_it = of_it_named(self.text, named.name_en if self.english else named.name_ar)
            if (
                of_it != self.text
                and read_edit(of_it) is None
                and (more := parse_order(of_it, entries)).lines
            ):
                self.text = of_it  # "اوكي عيل عطني ثنتين منها": that many of it, beside the order
                return self._edit(draft, more, OrderEdit("add"))
            self.text = of_it
        if self._collected_by(draft, entries):
            return True
        if self._only_when(draft, entries):
            return True
        text = self._order_words(draft, entries)
        parsed = self._read_order(text, entries)
        # our last reply said a dish is not on the menu (this many): what follows may be instead of it
        said = _Answer(draft, entries, text, parsed, instead=draft.named_back)
        if (done := self._same_dishes_otherwise(said)) is not None:
            return done
        if parsed is not None:
            said.parsed = self._known_from_draft(parsed, draft)
        if (done := self._the_order_as_it_is(said)) is not None:
            return done
        if said.parsed is not None and (said.parsed.lines or said.parsed.ambiguous):
            draft.named_back = 0  # "ولا حبة وحدة؟" names nothing: "بدالهم" next is still instead of it
        for step in (self._a_word_on_it, self._answers_the_question, self._aside, self._a_change):
            if (done := step(said)) is not None:
                return done
        return self._by_its_intent()

    def _collected_by(self, draft: Draft, entries: list[MenuEntry]) -> bool:
        """ "اسمه فهد", "her name's Huda, she'll be there in 40 mins": the name someone else collects
        it under goes on the order for the staff; True when that is all the message says."""
        if self.reply_id or collector(self.text) is None:
            return False
        draft.notes.append(self.text[:300])
        rows = data.branches(self.session, self.ctx.restaurant.id)
        if (
            wanted_time(self.text) is not None
            or parse_order(self.text, entries).lines
            or confirms(self.text)
            or confirms_among_words(self.text)
            or data.stated_mode(self.text)
            or data.named_branch(rows, self.text)
        ):
            return False  # the time, a dish, where it goes or the yes beside it are read on
        self.say(replies.note_taken(**self._lang()))
        self.say(self._summary(draft, with_fulfilment=self.state.phase == Phase.confirming))
        return True

    def _only_when(self, draft: Draft, entries: list[MenuEntry]) -> bool:
        """ "بمر اخذهم الساعة ٨": the time is kept (the summary says it, the order carries it); True when
        it is all the message says."""
        if self.text and wanted_time(self.text) is not None and not self.reply_id:
            draft.wanted = self.text[:200]
            rest = without_wanted_time(self.text)  # "…الساعه 4، من العليا": the 4 is no count
            yes = self.state.phase == Phase.confirming and confirms(rest)  # "تمام اعتمده وجهزوه على الساعه ٤"
            if self._only_the_time(entries) and not yes:
                self._advance(show_items=True)
                return True
            self.text = rest
        return False

    def _order_words(self, draft: Draft, entries: list[MenuEntry]) -> str:
        """The message narrowed to what answers the order (`self.text`), and those words without an old
        count or our total said back (returned): a question before it, a question of the total after
        it, where it goes said first and apart, "the rest as it was"."""
        tail = re.split(r"[?؟]+", self.text)[-1]
        if tail.strip() and tail != self.text and parse_order(tail, entries).lines:
            self.text = tail.strip(" ،,")  # "مفيش مندي فراخ؟ طب خليهم كبسة فراخ": what follows the question
        sentences = [x for x in re.split(r"[.!\n؟?]+", self.text) if x.strip()]
        if len(sentences) > 1 and asks_the_total(sentences[-1]) and parse_order(sentences[0], entries).lines:
            # "وبطاطس ثلاث. كم صار الحساب؟": the summary shows it
            self.text = " ".join(sentences[:-1]).strip()
        self.text = self._where_first(draft, self.text, entries)  # "استلام من التحلية، وغير واحد من…"
        self.text = without_the_rest_kept(self.text)  # "كنسل البطاطس وخل الباقي": the rest is as it was
        text = without_old_count(self.text)  # "خل المندي ٢ مو واحد": the old count is no dish
        text = _without_total(text, draft.total())  # "وش ذا ١٧٢؟ المندي بكم؟": our total, said back
        return text

    def _read_order(self, text: str, entries: list[MenuEntry]) -> ParsedOrder | None:
        """The dishes the words name, shared among the people they are for; None for no words."""
        # "…وبيبسي لكل واحد يعني اربعة": the count said again is the count; "w thalatha minhom yabon
        # fries": for three of them
        parsed = self._shared(_restated(parse_order(text, entries), text, entries), text) if text else None
        part = ordered_part(text) if text else None
        if part and (again := parse_order(part, entries)).lines:  # "5allihom el thnein: kabsa w mandi"
            parsed = self._shared(again, part)
        return parsed

    def _same_dishes_otherwise(self, said: _Answer) -> bool | None:
        """The order's own dishes at other counts or of other kinds: "خليهن اربعة اربعة", "as before",
        "la2 5aleeha 3 la7ma w 2 frakh"."""
        draft, text, parsed = said.draft, said.text, said.parsed
        if parsed is not None and not parsed.lines and len(draft.lines) > 1 and (each := each_count(text)):
            lines = [line.model_copy(update={"quantity": min(each, MAX_QUANTITY)}) for line in draft.lines]
            return self._changed(draft, lines, [line.menu_item_id for line in lines])  # "خليهن اربعة اربعة"
        fixes = without_old_count(self.text) != self.text  # "لا الشاي ٤ مش ٢": a count put right
        if parsed is not None and (counted := _just_new_counts(parsed, draft, text, fixes)) is not None:
            return self._changed(
                draft, counted, [x.menu_item_id for x in counted]
            )  # "actually just 2 kunafa"
        if parsed is not None and not parsed.lines and as_before(text) and draft.before:
            return self._changed(draft, list(draft.before), [])  # "رجعهم مثل ما كانوا اول"
        if (
            parsed is not None
            and not parsed.lines
            and not is_asked(text)  # "اللحمة عندكن حلال؟" asks, it makes nothing beef
            # "ee kitha tamam bel double, e3timed": a firm yes says the kind back, it changes nothing
            and not (self.state.phase == Phase.confirming and confirms_firmly(text))
            and (kinds := self._kinds_of(draft, text)) is not None
        ):
            self._note_where(draft)  # "la2 5aleeha 3 la7ma w 2 frakh", "kollohom frakh": the same dish
            if (more := read_edit(text)) is not None and more.kind == "add":
                kinds = _with_more(draft.lines, kinds)  # "و كمان واحدة لحمة": one beef beside the chicken
            return self._changed(draft, kinds, [line.menu_item_id for line in kinds])
        return None

    def _the_order_as_it_is(self, said: _Answer) -> bool | None:
        """Words that leave the order as it is, or say what a word we named back meant."""
        draft, text, parsed, entries, instead = said.draft, said.text, said.parsed, said.entries, said.instead
        if parsed is not None and _just_what_it_has(parsed, draft, text):
            self._advance(show_items=True)  # "بلا بوظة، بس البرجر" of a chicken burger: the order as it is
            return True
        if instead and (meant := self._meant(draft, entries, instead)) is not None:
            return meant
        ordered = {line.menu_item_id for line in draft.lines}
        if (
            parsed is not None
            and parsed.lines
            and means_a_dish(self.text)
            and all(line.menu_item_key in ordered for line in parsed.lines)
        ):
            self._advance(show_items=True)  # "sorry I meant orange juice" of the juice we read: as it is
            return True
        return None

    def _a_word_on_it(self, said: _Answer) -> bool | None:
        """A word on the order that changes no line: the total asked, a note for the kitchen, how a dish
        is made, a dish we cannot sell named back."""
        draft, entries, parsed = said.draft, said.entries, said.parsed
        # a yes to the summary that says more ("الحساب مظبوط، سجل الاوردر", "دزوه ولا تنسون موضوع الجرس")
        yes = self.state.phase == Phase.confirming and confirms(self.text) and not is_asked(self.text)
        if not self.reply_id and asks_the_total(self.text) and not (parsed and parsed.lines) and not yes:
            # "كم المجموع؟": the summary with its total; the question it waits on stands (asking it
            # again here would count against the customer, who answered nothing yet)
            confirming = self.state.phase == Phase.confirming
            self.say(self._summary(draft, with_fulfilment=confirming))
            if confirming:
                self.say(replies.order_kept_waiting(**self._lang()))
            return True
        noted = says_a_note(self.text) or asks_for_extras(self.text)
        if not self.reply_id and noted and (parsed is None or _asks_of_the_order(parsed, draft)):
            # "المره اللي فاتت البطاطس وصلت بارده، هالمره حاره", "وحطو ملاعق وصحون بلاستيك", "and ketchup":
            # for the kitchen or the bag, kept on the order for the staff; no dish, no review
            draft.notes.append(self.text[:300])
            if yes:
                return None  # the note kept, and the yes places the order
            self.say(replies.note_taken(**self._lang()))
            if self.state.phase == Phase.confirming:
                self.say(replies.order_kept_waiting(**self._lang()))
            else:
                self.say(self._summary(draft))  # the question it waits on stands
            return True
        if not self.reply_id and self._made_otherwise(draft, entries):
            return True  # "بدون بصل في شاورما اللحمة": a note on that line, the order kept
        if (
            parsed is not None
            and not parsed.lines
            and not parsed.ambiguous
            and (
                parsed.unavailable or (parsed.unknown and (asks_for_food(self.text) or read_edit(self.text)))
            )
            and not self.reply_id
            and self.state.asked.key not in ("address", "choice")
            and not data.states_an_address(self.text)
            and not is_asked(self.text)
            and not (
                self.state.phase == Phase.confirming and confirms(self.text)
            )  # "yes confirm that one as well"
        ):
            self._name_back(parsed)  # "oh and 3 ice creams for the kids": sold out, said so
            self._reask()
            return True
        return None

    def _answers_the_question(self, said: _Answer) -> bool | None:
        """The answer to the question of the phase: which item, yes to the summary, the branch, the address."""
        draft, parsed = said.draft, said.parsed
        match self.state.phase:
            case Phase.collecting:
                asking = self.state.asked.key == "choice" and (
                    asks_the_price(self.text) or is_asked(self.text)
                )
                if not asking and self._chose_item(draft):
                    return True
                if asking:
                    self._ask_choice()  # "ايه الفرق بينهم في السعر؟": the list says each one's price
                    return True
            case Phase.confirming:
                named = parsed is not None and bool(parsed.lines or parsed.ambiguous)
                # a firm yes may name the order's own dishes back, with no count and no change ("ايه هذا
                # هو مع الكنافة، اعتمد الطلب"); "ابغى اطلب برجر مع بطاطس" is the order said again
                # ("…الماي ثلاث، دزوه": a count the order already has is said back, not changed)
                have = {line.menu_item_id: line.quantity for line in draft.lines}
                named_anew = parsed is not None and (
                    bool(parsed.ambiguous)
                    or any(
                        (line.menu_item_key not in have and not _said_without(line))
                        or (line.said_count and have.get(line.menu_item_key) != line.quantity)
                        for line in parsed.lines
                    )
                    or (bool(parsed.lines) and read_edit(self.text) is not None)  # "اوكي زود بيبسي": a change
                )
                said_yes = (
                    is_confirmation(self.text)
                    or ((confirms(self.text) or confirms_among_words(self.text)) and not named)
                    or (confirms_firmly(self.text) and not named_anew)
                )
                if self.reply_id in ("confirm_yes", "schedule_yes") or said_yes:
                    self._confirmed(draft)
                    return True
            case Phase.fulfilment if self.state.asked.key == "branch":
                if data.states_an_address(self.text) and not data.promises_the_address(self.text):
                    draft.delivery_type, draft.mode_defaulted = "delivery", False  # delivered there
                    return self._gave_address(draft, None)
                if (
                    data.stated_mode(self.text) == "delivery"
                    and not (parsed and parsed.lines)
                    and not is_asked(self.text)  # "التوصيل عليه رسوم كام؟"
                ):
                    draft.delivery_type, draft.mode_defaulted = "delivery", False  # "توصيل، بس العنوان…
                    self._advance()  # …بعطيك اياه بعد شوي": the address is asked for
                    return True
                if parsed is not None and parsed.lines:  # "خليهم واحد حمص وواحد متبل، والاستلام من التحلية":
                    self._note_where(draft)  # the branch noted, and the change read below
                elif (count := self._edit_of(parsed)) is not None and count.quantity is not None:
                    pass  # "خليهن اربعة لأنو اجا ابن عمي": a count changed, read below; the branch is still asked
                elif draft.delivery_type == "delivery" and data.stated_mode(self.text) == "pickup":
                    pass  # "la 5alas ba5thah bnafsi mn el olaya": collected after all, and from where (below)
                elif self._chose_branch():
                    return True
            case Phase.fulfilment if self.state.asked.key == "address":
                if self._gave_address(draft, parsed):
                    return True
        return None

    def _aside(self, said: _Answer) -> bool | None:
        """Asked or said beside the order: how long, hold on, a question, pickup or delivery, a branch."""
        draft, parsed = said.draft, said.parsed
        if not self.reply_id and asks_how_long(self.text) and not (parsed and parsed.lines):
            # "howa el tawseel byakhod ad eh?", "وقديش بياخد وقت التحضير؟": no choice made, no price
            self.say(replies.ready_after_confirming(ETA_MINUTES, **self._lang()))
            if self.state.phase == Phase.confirming:
                self.say(replies.order_kept_waiting(**self._lang()))
            return True
        if not self.reply_id and holds_off(self.text) and not (parsed and parsed.lines):
            self.say(replies.order_kept_waiting(**self._lang()))  # "hold off, I'll get back to you"
            return True
        if not self.reply_id and self._asked_a_question(parsed):
            return self._answer_and_wait()
        if (
            self.state.phase == Phase.confirming
            and not self.reply_id
            and not (parsed and parsed.lines)
            and data.states_an_address(self.text)
            and not data.promises_the_address(self.text)
        ):
            # "لا عيل غيرت رايي، دزوه لي البيت: جدة حي الحمراء…": delivered there, the summary shown
            # again for the yes
            was = draft.delivery_type, draft.mode_defaulted
            draft.delivery_type, draft.mode_defaulted = "delivery", False
            if self._gave_address(draft, None):
                return True
            draft.delivery_type, draft.mode_defaulted = was
        mode = _MODE_BUTTONS.get(self.reply_id)
        mode = mode or (data.stated_mode(self.text) if not (parsed and parsed.lines) else None)
        if mode is not None:  # "توصيل" / the switch button: the same order, delivered (or picked up)
            draft.delivery_type, draft.mode_defaulted = mode, False
            self._note_where(draft)  # "5aleeha estlam mn far3 el olaya": and from where
            self._advance()
            return True
        if self.state.phase == Phase.confirming and self._chose_branch(quiet=True):
            return True
        return None

    def _a_change(self, said: _Answer) -> bool | None:
        """What the message changes in the draft, one change after another, or the new list it gives."""
        draft, text, parsed, instead = said.draft, said.text, said.parsed, said.instead
        if steps := self._changes(text):  # "رجعه برجر دجاج، بس شيل البيبسي وحط مي": one after another
            return self._edit_steps(draft, steps)
        edit = self._edit_of(parsed)
        if instead and parsed is not None and parsed.lines and not _names_any(parsed, draft):
            if edit is None or edit.kind in ("swap", "set"):  # "an orange juice then", "بيبسي بدالها",
                edit = OrderEdit("add")  # "طب خليهم كبسة فراخ": instead of what is not on the menu
                counted = any(number_value(t) is not None for t in normalize(self.text).split())
                if instead > 1 and not counted and len(parsed.lines) == 1:  # as many as were asked for
                    parsed = ParsedOrder(lines=[replace(parsed.lines[0], quantity=instead)])
        elif instead and parsed is not None and parsed.lines and _in_draft(parsed, draft):
            self._advance(show_items=True)  # "3adi bdoun ice cream, kunafa bas": the order as it is
            return True
        elif edit is None and parsed is not None and parsed.lines and not parsed.ambiguous:
            edit = self._variant_of(parsed, draft)  # "chicken for both shawarmas": that line, not a new list
        if (
            parsed is not None
            and parsed.lines
            and edit is not None
            and (put := self._in_its_place(edit, text, instead))
        ):
            return self._edit(draft, put, OrderEdit("add"))  # "ok bala ice cream, 3tini om ali wa7de badalon"
        if parsed is not None and parsed.lines and edit is not None:
            return self._edit(draft, self._taken_off(parsed, edit, text), edit)
        if (
            parsed is not None
            and parsed.lines
            and not parsed.ambiguous
            and self._other_courses(parsed, draft)
        ):
            return self._edit(draft, parsed, OrderEdit("add"))  # "drinks: orange juice for mom and pepsi…"
        if parsed is not None and parsed.lines and is_asked(self.text) and _asks_of_the_order(parsed, draft):
            # "الكنافة حجمها يكفي ثنين ولا صغيرة؟": asked of it, no new list, no review
            self._by_topic("menu")
            if self.state.phase == Phase.confirming:
                self.say(replies.order_kept_waiting(**self._lang()))
            return True
        if parsed is not None and (parsed.lines or parsed.ambiguous):
            return self._order(parsed)  # a new list replaces the draft (it keeps where it goes)
        if edit is not None and edit.quantity is not None and _counted_line(draft.lines, draft.last_changed):
            return self._edit(draft, ParsedOrder(lines=[]), edit)  # "خليها ٣", "make it 3"
        return None

    def _by_its_intent(self) -> bool:
        """Nothing of the order: a question answered, a real question passed on to staff, a greeting or
        thanks that leaves the order, else the question asked again."""
        decision = self.intent()
        if decision is not None and decision.intent in QUESTION_INTENTS:
            return self._answer_and_wait()
        if decision is not None and decision.intent in ("feedback", "other") and _a_real_question(self.text):
            self._alert_staff("سؤال")  # "الطلب كله بيجهز بنفس الوقت؟": a person answers it, the order waits
            self.say(replies.question_passed_on(**self._lang()))
            if self.state.phase == Phase.confirming:
                self.say(replies.order_kept_waiting(**self._lang()))
            return True
        if decision is not None and decision.intent in _LEAVING and not self._a_word_on_the_order(decision):
            self.state.clear()
            return False
        self._reask()
        return True

    def _a_word_on_the_order(self, decision: Any) -> bool:
        """ "واحد بس دبل والباقي عادي" read as a review: a short message mid-order that is no
        clear review or complaint is about the order; the order waits, its question asked again."""
        if decision.intent != "feedback":
            return False
        return len(self.text.split()) <= 8 and analyze_sentiment(self.text).sentiment != "negative"

    def _answer_and_wait(self) -> bool:
        self._by_intent()  # answered; the order waits where it was
        if self.state.phase == Phase.confirming and not self.state.offer:
            self.say(replies.order_kept_waiting(**self._lang()))
        return True

    def _asked_a_question(self, parsed: ParsedOrder | None) -> bool:
        """A question mid-order ("كم سعر الكنافة؟", "عندكم كنافة؟"): answered, never read as the order."""
        decision = self.intent()
        if decision is None or decision.intent not in QUESTION_INTENTS or read_edit(self.text) is not None:
            return False
        return is_asked(self.text) or decision.topic == "prices"

    def _chose_item(self, draft: Draft) -> bool:
        """Which of the items sharing a name: a tapped row, a number or a place in the list
        ("الثاني"), what tells them apart ("الدجاج", "واحد دجاج وواحد لحم"), or all of them."""
        by_id = {str(m.id): m for m in data.menu(self.session, self.ctx.restaurant.id)}
        candidates = [by_id[k] for k in draft.choices if k in by_id]
        chosen: list[tuple[MenuItem, int]] = []
        quantity = draft.choice_quantity
        if self.reply_id.startswith("item:"):
            key = self.reply_id.split(":", 1)[1]
            chosen = [(m, quantity) for m in candidates if str(m.id) == key]
        digits = to_ascii_digits(self.text).strip()
        place = chosen_place(self.text, len(candidates)) if self.text else None
        if not chosen and digits.isdecimal() and 1 <= int(digits) <= len(candidates):
            chosen = [(candidates[int(digits) - 1], quantity)]
        elif not chosen and place == "all":
            chosen = [(m, max(1, quantity // len(candidates))) for m in candidates]
        elif not chosen and isinstance(place, int):
            chosen = [(candidates[place], quantity)]
        elif not chosen and candidates and (which := by_price(self.text)):  # "خلاص الأرخص"
            chosen = [((min if which == "min" else max)(candidates, key=lambda m: m.price), quantity)]
        if not chosen and self.text:
            lines = parse_order(self.text, _told_apart(candidates)).lines
            said = [(by_id[line.menu_item_key], line.quantity) for line in lines]
            at = _the_rest_at([line.menu_item_key for line in lines], self.text, _told_apart(candidates))
            others = sum(n for k, (_, n) in enumerate(said) if k != at)
            if at is not None and quantity > others:  # "تلاتة جاج والباقي لحمة" of five
                said[at] = (said[at][0], quantity - others)
            # one named with no count of its own takes the count asked about ("٢ شاورما" → "دجاج")
            chosen = [(said[0][0], quantity)] if len(said) == 1 and said[0][1] == 1 else said
            if len(said) == 2 and quantity >= 2 and all(n == 1 for _, n in said) and says_halves(self.text):
                chosen = [
                    (said[0][0], quantity // 2),
                    (said[1][0], quantity - quantity // 2),
                ]  # "نصهم دياي ونصهم لحم"
        if not chosen:
            return False
        if self.text and not self.reply_id:  # "طيب عطني ٢ برجر دجاج وبطاطس": the fries too
            written = normalize(self.text)
            chosen += [
                (by_id[line.menu_item_key], line.quantity)
                for line in parse_order(self.text, data.entries(list(by_id.values()))).lines
                if line.menu_item_key not in draft.choices
                and line.menu_item_key in by_id
                and _named_in_full(by_id[line.menu_item_key], written)  # "بطاطس", "pepsi"; not "دياي"
            ]
        for item, count in chosen:
            draft.lines.append(
                Line(
                    menu_item_id=str(item.id),
                    name_ar=item.name_ar,
                    name_en=item.name_en,
                    quantity=min(count, 100),
                    price=item.price,
                )
            )
        draft.choices, draft.choice_quantity = [], 1
        mode = data.stated_mode(self.text) if self.text else None
        if mode is not None:  # "اوكي خلهم دياي، واستلام من فرع العليا"
            draft.delivery_type, draft.mode_defaulted = mode, False
        self._note_where(draft)
        self._advance(show_items=True)
        return True


def _just_what_it_has(parsed: ParsedOrder, draft: Draft, text: str) -> bool:
    """ "ok no ice cream then, just the burger" of an order with a chicken burger: "just" a dish the
    order has, by a shorter name, with no change said: the order as it is (no plain burger added)."""
    if not parsed.lines or parsed.ambiguous or not keeps_only(text) or read_edit(text) is not None:
        return False
    ids = {line.menu_item_id for line in draft.lines}
    named = [_within(_line(line), draft.lines) for line in parsed.lines]
    shorter = any(line.menu_item_key not in ids for line in parsed.lines)
    return shorter and all(line.menu_item_id in ids for line in named)


def _just_new_counts(parsed: ParsedOrder, draft: Draft, text: str, fixes: bool = False) -> list[Line] | None:
    """ "actually just 2 kunafa", "لا بس ٢ فلافل" of three kunafa and the coffees: the new count of
    some dishes the order has, the rest kept (not a new list of only those); None otherwise."""
    if not parsed.lines or parsed.ambiguous or parsed.unknown:
        return None
    # "لا مو برجر عادي، برجر دجاج قلت لك", "that's wrong, I wanted arabic coffee not tea": the summary
    # put right by naming the order's own dishes again; those said with no count keep theirs
    edit = read_edit(text)  # ("لا شيل السلطة", "لا استنى، ضيفلي …": a change of its own, read by it)
    fixes = fixes or (puts_right(text) and (edit is None or edit.kind in ("set", "swap")))
    if not (says_just(text) or says_i_mean(text) or fixes) or not (counts_in(text) or fixes):
        return None
    have = {x.menu_item_id: x.quantity for x in draft.lines}
    named: dict[str, int] = {}
    for line in parsed.lines:  # ("make it 4 burgers …, all chicken": the count said wins over "chicken")
        key = _within(_line(line), draft.lines).menu_item_id
        if line.said_count or key not in have:
            named[key] = line.quantity
        elif key not in named:
            named[key] = have[key]
    within = named.keys() <= have.keys() if fixes else named.keys() < have.keys()
    # ("لا الشاي ٤ مش ٢" of four teas already: the count stands, the rest too)
    if not within or (not fixes and any(have[k] == n for k, n in named.items())):
        return None
    return [x.model_copy(update={"quantity": named.get(x.menu_item_id, x.quantity)}) for x in draft.lines]


def _asks_of_the_order(parsed: ParsedOrder, draft: Draft) -> bool:
    """A question that names only dishes the order already has ("is the kabsa spicy?", "الكنافة
    حجمها يكفي ثنين؟"), with no change asked for: about them, not a new list."""
    have = {line.menu_item_id for line in draft.lines}
    return not parsed.ambiguous and all(line.menu_item_key in have for line in parsed.lines)


def _a_real_question(text: str) -> bool:
    """A question of a few words ("الطلب كله بيجهز بنفس الوقت؟"), not a bare "؟" or "ها؟"."""
    return is_asked(text) and len(normalize(text).split()) >= 3


def _with_more(had: list[Line], said: list[Line]) -> list[Line]:
    """The draft's lines with the kinds said added to them ("و كمان واحدة لحمة" of a chicken
    shawarma: a beef one beside it), where `said` is what the kinds reading made of the family."""
    out = [line.model_copy() for line in had]
    for line in said:
        if not any(x.menu_item_id == line.menu_item_id for x in had):
            out.append(line.model_copy())
    return out


def _said_without(line: OrderLine) -> bool:
    """ "correct without the hummus": a dish named as left out ("without" and nothing more)."""
    return bool(line.modifications) and all(normalize(m) in _WITHOUT_WORDS for m in line.modifications)


_WITHOUT_WORDS = word_set("without بدون بلا bdoon bidoon bala")
