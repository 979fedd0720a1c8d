"""A message that orders and asks at once: the question answered (or passed on) and the order read
without it. The price of one more dish asked after the order, what a dish holds asked beside it, and
questions asked before it ("فرع العليا فاتح هلق؟ وقديش سعر المندي؟ اذا فاتح بدي مندي لحم…")."""

from __future__ import annotations

from crm_res.assistant import replies
from crm_res.assistant.intent import classify_intent
from crm_res.assistant.menu_questions import price_asked_last, questions_then_order, whats_in_aside
from crm_res.assistant.order_edits import asks_for_food
from crm_res.assistant.order_parser import parse_order
from crm_res.services.dialogue import data
from crm_res.services.dialogue.restaurant_questions import RestaurantQuestions


class AskedBesideTheOrder(RestaurantQuestions):
    """The part of `Flow` that reads a message asking and ordering at once (a mixin)."""

    def _asked_beside_the_order(self) -> bool:
        """True when the message asked and ordered and both were answered; False (nothing said)
        when it is no such message and is read on its own."""
        return self._priced_after_the_order() or self._whats_in_beside_it() or self._asked_then_ordered()

    def _priced_after_the_order(self) -> bool:
        """ "2 kunafa and 1 om ali please, and how much is the arabic coffee?": the price answered,
        the order read without the dish asked about."""
        split = price_asked_last(self.text)
        if split is None:
            return False
        self.text = split[1]
        # priced as mid-order (no "تبغى أضيفه؟" beside the summary): "زيدلي ٢ منها" next takes it
        self._by_topic("prices", order_follows=True)
        self.text = split[0]
        if self._order():
            return True
        self.state.priced = []
        self.text = " ".join(split)
        return False

    def _whats_in_beside_it(self) -> bool:
        """ "عايز ٣ فلافل وحمص، وهو المتبل بيبقى فيه ايه؟": the order read without the dish asked
        about; what it holds is for a person, the order goes on meanwhile."""
        aside = whats_in_aside(self.text)
        if aside is None:
            return False
        whole, self.text = self.text, aside[0]
        if not self._order():
            self.text = whole
            return False
        self._alert_staff("سؤال")
        asked = parse_order(aside[1], data.entries(data.menu(self.session, self.ctx.restaurant.id)))
        keys = list(dict.fromkeys(line.menu_item_key for line in asked.lines))
        if len(keys) == 1:  # "اوكي عيل عطني ثنتين منها" next: two of the dish asked about
            self.state.priced = keys
        self.say(replies.question_passed_on(**self._lang()))
        return True

    def _asked_then_ordered(self) -> bool:
        """ "فرع العليا فاتح هلق؟ وقديش سعر المندي؟ اذا فاتح بدي مندي لحم وتنين حمص…": each question
        answered, then the order after them read; never when a question names a dish the order only
        points back at ("عندكم كبسه دجاج؟ ابي وحده ومعها سلطه")."""
        split = questions_then_order(self.text)
        entries = data.entries(data.menu(self.session, self.ctx.restaurant.id))
        ordered = parse_order(split[1], entries) if split is not None else None
        if split is None or ordered is None or not ordered.lines or not asks_for_food(split[1]):
            return False
        keys = {line.menu_item_key for line in ordered.lines}
        for question in split[0]:
            asked = parse_order(question, entries)
            if (
                asked.unknown
                or asked.unavailable
                or asked.ambiguous
                or {x.menu_item_key for x in asked.lines} - keys
            ):
                return False
        whole = self.text
        for question in split[0]:
            decision = classify_intent(question)
            if decision.intent == "support":
                self.text = question
                self._by_topic(decision.topic, order_follows=True)
        # the dishes of the order part, read with the whole message ("عندكم توصيل؟ …": how it comes)
        self.text = whole
        return self._order(ordered)
