"""Questions about the restaurant, answered whatever the phase: hours, branches, prices and what is on
the menu, the status or total of an order, a location shared outside an order. A price asked with
nothing ordered offers to add the dish ("تبغى أضيفه لطلبك؟"); mid-order it is only said, and the dish
is remembered (`DialogueState.priced`) so "زيدلي ٣ منو" next is three of it.

`RestaurantQuestions` is the last of the ordering mixins (on `OrderAnswer`, order_answer.py); `Flow`
(flow.py) stands on it and on `FeedbackSteps`.
"""

from __future__ import annotations

from sqlmodel import col, select

from crm_res.assistant import replies
from crm_res.assistant.intent import (
    is_question,
)
from crm_res.assistant.menu_questions import (
    asks_the_total,
    asks_whats_in,
    categories_named,
)
from crm_res.assistant.order_edits import (
    by_price,
    wants_a_change,
)
from crm_res.assistant.order_parser import parse_order
from crm_res.assistant.staff_requests import (
    asks_to_book,
    asks_to_cancel,
    says_it_is_late,
)
from crm_res.models import MenuItem, Order, OrderStatus
from crm_res.services.dialogue import data
from crm_res.services.dialogue.data import nearest_branch
from crm_res.services.dialogue.order_answer import OrderAnswer
from crm_res.services.dialogue.order_questions import ETA_MINUTES
from crm_res.services.dialogue.states import (
    ORDERING,
    Phase,
)

# A placed order the customer may still ask to cancel (staff decide: the kitchen may have started).
_CANCELLABLE = frozenset({OrderStatus.pending, OrderStatus.confirmed, OrderStatus.preparing})


class RestaurantQuestions(OrderAnswer):
    """The questions half of `Flow` (a mixin: it uses the flow's message, state and replies)."""

    def _order_status(self) -> None:
        if self.state.draft is not None and self.state.phase in ORDERING:
            if wants_a_change(self.text):  # "ابي اغير الطلب": what to change?
                return self.say(replies.ask_what_to_change(**self._lang()))
            self.say(replies.ready_after_confirming(ETA_MINUTES, **self._lang()))  # "كم ياخذ وقت؟"
            return
        order = self.session.exec(
            select(Order)
            .where(Order.customer_id == self.ctx.customer.id)
            .order_by(col(Order.created_at).desc())
        ).first()
        if order is None:
            self.say(replies.no_orders_yet(**self.kw))
            return
        if asks_to_cancel(self.text) and order.status in _CANCELLABLE:
            self.say(replies.cancel_requested(order.number, **self.kw))
            self._escalate("customer asked to cancel a placed order")
            return
        if says_it_is_late(self.text):  # "صار لي ساعة والطلب ما وصل": a person chases it, not a status line
            self.say(replies.late_order(order.number, **self.kw))
            self._escalate("late order")
            return
        self.say(
            replies.order_status_update(
                order.status.value, order.number, delivery_type=order.delivery_type.value, **self.kw
            )
        )

    def _names_a_dish(self, shared: bool = False) -> bool:
        """ "الغي البيبسي" takes a dish off the order; "الغي طلبي" cancels it. `shared`: a name several
        dishes share counts ("bade 3 shawarma mn far3 el 3olaya" orders)."""
        parsed = parse_order(self.text, data.entries(data.menu(self.session, self.ctx.restaurant.id)))
        return bool(parsed.lines or (shared and parsed.ambiguous))

    def _names_food(self) -> bool:
        """Whether the message names a dish, on this menu or not ("عندكم منسف؟")."""
        parsed = parse_order(self.text, data.entries(data.menu(self.session, self.ctx.restaurant.id)))
        return bool(parsed.lines or parsed.ambiguous or parsed.unknown or parsed.unavailable)

    def _answered_the_total(self) -> bool:
        """ "قديش صار المجموع؟": mid-order the summary; once placed, the placed order's total."""
        if not asks_the_total(self.text):
            return False
        draft = self.state.draft
        if draft is not None and self.state.phase in ORDERING:
            self.say(self._summary(draft))
            return True
        if self.state.phase != Phase.placed:
            return False
        order = self.session.exec(
            select(Order)
            .where(Order.conversation_id == self.ctx.conversation.id)
            .order_by(col(Order.created_at).desc(), col(Order.number).desc())
        ).first()
        if order is None:
            return False
        self.say(replies.placed_total(order.number, order.total_amount, **self._lang()))
        return True

    def _location_shared(self) -> None:
        """A location shared outside an order: remember the nearest branch for what comes next."""
        assert self.location is not None
        nearest = nearest_branch(data.branches(self.session, self.ctx.restaurant.id), *self.location)
        if nearest is None:
            self.say(replies.fallback_didnt_understand(**self.kw))
            return
        self.ctx.conversation.branch_id = nearest.id
        self.say(replies.nearest_branch(self._name(nearest), **self._lang()))

    def _by_topic(self, topic: str | None, *, order_follows: bool = False) -> None:
        """A question about the restaurant: hours, branches, prices or what is on the menu
        (`order_follows`: the same message goes on to order, so a price offers nothing)."""
        restaurant_id = self.ctx.restaurant.id
        rows = data.reply_branches(
            data.branches(self.session, restaurant_id), self.english, self.now, self.ctx.restaurant.timezone
        )
        delivery = data.stated_mode(self.text) == "delivery"
        if topic in ("general", "prices") and self._answered_the_total():
            return
        if topic in ("general", "prices") and not asks_to_book(self.text) and self._names_food():
            if delivery:  # "do you deliver in Jeddah? and how much is the burger?": both answered
                self.say(replies.we_deliver(**self.kw))
                topic = "menu"
            elif is_question(self.text):  # "fi 3andkon mansaf w ayran?": the menu answers it
                topic = "menu"
        if topic == "hours":
            self.say(replies.hours_answer(rows, **self.kw))
            there = data.named_branch(data.branches(self.session, restaurant_id), self.text)
            if there is not None:  # "فرع العليا فاتح هلق؟ … وباجي باخدن": that branch, asked of
                self.ctx.conversation.branch_id = there.id
        elif topic in ("location", "branches"):
            self.say(replies.location_answer(rows, **self.kw))
            there = data.named_branch(data.branches(self.session, restaurant_id), self.text)
            if there is not None:  # "3andokom far3 fe el riyadh?" … "estlam mn hnak": that branch
                self.ctx.conversation.branch_id = there.id
        elif topic == "general" and delivery:  # "هل يوجد توصيل؟", "do you deliver?"
            self.say(replies.we_deliver(**self.kw))
        elif topic == "general" and not is_question(self.text) and not asks_to_book(self.text):
            # "وصلتني منكن رسالة عرض عالكنافة": told, not asked; nothing for a person yet
            name = self.ctx.restaurant.name_en if self.english else self.ctx.restaurant.name_ar
            self.say(replies.greeting(name, **self.kw))
        elif topic == "general" or (topic == "prices" and delivery):
            # payment, offers, the delivery fee: what the menu and hours do not say. A person answers
            # it here without taking the chat over, so the customer can go on ordering meanwhile; a
            # table is booked by a person, who takes the chat
            if asks_to_book(self.text) and not (
                self.state.draft is not None and self.state.phase in ORDERING
            ):
                self._escalate("question the assistant cannot answer")
            else:
                self._alert_staff("سؤال")  # the order goes on; a person answers the question
                self.say(replies.question_passed_on(**self._lang()))
        elif asks_whats_in(self.text) and self._names_a_dish():
            # "المتبل شو فيه؟ فيه لبن؟": the menu does not say what a dish holds; a person answers,
            # the order goes on meanwhile
            self._alert_staff("سؤال")
            self.say(replies.question_passed_on(**self._lang()))
        else:
            items = data.menu(self.session, restaurant_id)
            parsed = parse_order(self.text, data.entries(items))
            by_id = {str(m.id): m for m in items}
            # "كم سعر الكنافة؟", "عندكم برجر؟": the dishes named (each of a shared name's items)
            named = categories_named(self.text, (m.category for m in items))
            if named and not parsed.lines:  # "وش عندكم من مشروبات؟": that part of the menu
                shown = [m for m in items if m.category in named]
                self.say(replies.menu_answer([_menu_item(m) for m in shown], **self.kw))
                return
            asked = [line.menu_item_key for line in parsed.lines] + [
                key for mention in parsed.ambiguous for key in mention.candidates
            ]
            if not asked and (end := by_price(self.text)) is not None:  # "وش اغلى طبق عندكم؟"
                shown = [m for m in items if m.available]
                pick = max if end == "max" else min
                asked = [str(pick(shown, key=lambda m: m.price).id)] if shown else []
            # mid-order the order's own question stays the open one: a price, no "add it?"
            offer = self.state.phase not in ORDERING and not order_follows and len(set(asked)) == 1
            price = replies.price_answer if offer else replies.price_only
            for key in dict.fromkeys(asked):
                self.say(price(_menu_item(by_id[key]), **self.kw))
            self._name_back(parsed)  # "عندكم سوشي؟": "ما لقيت بالمنيو: سوشي"; sold out said so
            if offer:  # "تبغى أضيفه لطلبك؟": a yes orders the one item priced (never one of several)
                self.state.offer = asked[:1]
            elif len(set(asked)) == 1:  # mid-order: "زيدلي ٣ منو" next is three of it
                self.state.priced = asked[:1]
            elif self.state.phase not in ORDERING and not order_follows and 1 < len(set(asked)) <= 4:
                self.state.offer = list(dict.fromkeys(asked))  # nothing asked: only "one of each" takes them
            draft = self.state.draft
            if not asked and topic == "prices" and draft is not None and self.state.phase in ORDERING:
                return self.say(self._summary(draft))  # "كم السعر؟" mid-order: what this order costs
            if not asked and not parsed.unknown and not parsed.unavailable:
                self.say(replies.menu_answer([_menu_item(m) for m in items], **self.kw))


def _menu_item(m: MenuItem) -> replies.MenuItem:
    return replies.MenuItem(m.name_ar, m.name_en, m.price, m.category, m.available)
