"""Ordering: collecting → fulfilment → confirming → placed.

The items are summarised with prices and the total at once; pickup/delivery and the branch are
settled before the final summary (pickup from the customer's usual or only branch is assumed and
said so), so the "نعم" that answers "للتأكيد اكتب نعم" places the order.
"""

from __future__ import annotations

import hashlib
from datetime import datetime
from decimal import Decimal
from typing import Any, Literal
from zoneinfo import ZoneInfo

from sqlmodel import col, select

from crm_res.assistant import replies
from crm_res.assistant.intent import is_confirmation
from crm_res.assistant.normalize import normalize, number_value, to_ascii_digits
from crm_res.assistant.order_edits import OrderEdit, chosen_place, confirms, read_edit, starts_with_and
from crm_res.assistant.order_parser import MenuEntry, ParsedOrder, parse_order
from crm_res.models import Branch, ConversationType, DeliveryType, MenuItem, Order, OrderStatus
from crm_res.services.changes import event_entry
from crm_res.services.dialogue import data
from crm_res.services.dialogue.catalog_cart import cart_order
from crm_res.services.dialogue.states import MENU, ORDERING, RESTING, Draft, Line, Phase
from crm_res.services.dialogue.turn import Turn
from crm_res.services.followups import FollowUp
from crm_res.services.notifications import notify_staff
from crm_res.services.timing.hours import is_open, next_opening

ETA_MINUTES = 20
# Intents that answer a question mid-order without dropping the order, and those that leave it.
_QUESTIONS = ("support", "order_status")
_LEAVING = ("greeting", "thanks", "feedback")
_QUESTION_MARK = ("?", "؟")
# Words the parser may keep as a line's note that only said "more of it" ("add one more burger").
_EDIT_NOTES = frozenset(("add", "more", "also", "another"))
_MODE_BUTTONS: dict[str, Literal["pickup", "delivery"]] = {
    "mode_pickup": "pickup",
    "mode_delivery": "delivery",
}


class OrderingSteps(Turn):
    """The ordering half of `Flow` (a mixin: it uses the flow's message, state and replies)."""

    # -- starting or replacing an order
    def _order(self, parsed: ParsedOrder | None = None) -> bool:
        """An order message: the draft (re)starts with its items; False when it names none."""
        if parsed is None and self.ctx.message.type == "order":  # a WhatsApp catalog cart: by retailer id
            items = (self.ctx.message.payload or {}).get("product_items") or []
            parsed = cart_order(items, data.menu(self.session, self.ctx.restaurant.id))
        parsed = parsed or parse_order(
            self.text, data.entries(data.menu(self.session, self.ctx.restaurant.id))
        )
        if not parsed.lines and not parsed.ambiguous:
            if parsed.unavailable or parsed.unknown:
                self._name_back(parsed)
                return True
            return False
        previous = self.state.draft if self.state.phase in (Phase.fulfilment, Phase.confirming) else None
        if self.state.phase == Phase.placed and (edit := read_edit(self.text)) and edit.kind == "add":
            # "ابي اضيف بيبسي للطلب" once the order is placed: a new order beside it, said so
            placed = self.session.exec(
                select(Order.number)
                .where(Order.conversation_id == self.ctx.conversation.id)
                .order_by(col(Order.created_at).desc())
                .limit(1)
            ).first()
            if placed is not None:
                self.say(replies.separate_order(placed, **self._lang()))
        mode = data.stated_mode(self.text)
        if mode is None and previous is not None and not previous.mode_defaulted:
            mode = previous.delivery_type
        draft = Draft(lines=[_line(line) for line in parsed.lines], delivery_type=mode)
        if previous is not None and _same_order(previous, draft) and not parsed.ambiguous:
            # the same order again is no new order: the question it waits on counts this as a turn
            self._name_back(parsed)
            self._advance(show_items=True)
            return True
        if previous is not None:  # a corrected order keeps where it goes
            draft.address, draft.location = previous.address, previous.location
        self.state.clear(Phase.collecting)
        self.state.draft = draft
        self.ctx.conversation.type = ConversationType.order
        self._note_where(draft)
        self._name_back(parsed)
        if parsed.ambiguous:
            mention = parsed.ambiguous[0]
            draft.choices, draft.choice_quantity = list(mention.candidates), mention.quantity
            if draft.lines:
                self.say(self._summary(draft))
            self._ask_choice()
            return True
        self._advance(show_items=True)
        return True

    def _note_where(self, draft: Draft) -> None:
        """Where the order goes, when the order message says it: "استلام من فرع العليا", "pickup
        Olaya" (the branch), "توصيل، العنوان الرياض حي الياسمين…" (the address, and its city's branch)."""
        named = data.named_branch(data.branches(self.session, self.ctx.restaurant.id), self.text)
        if named is not None:
            self.ctx.conversation.branch_id = named.id
        if draft.delivery_type == "delivery" and not draft.address and data.states_an_address(self.text):
            draft.address = self.text[:500]

    def _name_back(self, parsed: ParsedOrder) -> None:
        """What cannot be ordered, said back: sold out ("خلصان حالياً") or not on the menu ("ما لقيت
        بالمنيو: سوشي. تبغى أرسل لك المنيو؟"; with nothing else asked, a yes sends the menu)."""
        for e in parsed.unavailable:
            item = replies.MenuItem(e.name_ar, e.name_en, e.price, "", available=False)
            self.say(replies.price_answer(item, **self.kw))
        if parsed.unknown:
            self.say(replies.unknown_items(parsed.unknown, **self.kw))
            if self.state.phase in RESTING:
                self.state.offer = [MENU]

    def _take_offer(self, offer: list[str], quantity: int = 1) -> None:
        """A yes to what our last reply offered: the menu, or the item added to the order
        ("طيب ابي ٢": two of it)."""
        if offer == [MENU]:
            return self._by_topic("menu")
        by_id = {str(m.id): m for m in data.menu(self.session, self.ctx.restaurant.id)}
        parsed = ParsedOrder(lines=[data.order_line(by_id[key], quantity) for key in offer if key in by_id])
        if self.state.draft is not None and self.state.phase in ORDERING:
            self._edit(self.state.draft, parsed, OrderEdit("add"))
        else:
            self._order(parsed)

    def _summary(self, draft: Draft, with_fulfilment: bool = False) -> str:
        """'طلبك: برجر (35 ريال) + بطاطس (12 ريال) = 47 ريال', and how it reaches the customer."""
        lines = [
            replies.OrderLine(
                name=line.name_en if self.english else line.name_ar,
                quantity=line.quantity,
                unit_price=line.price,
                modifications=tuple(line.modifications),
            )
            for line in draft.lines
        ]
        text = replies.order_summary(lines, **self.kw)
        if with_fulfilment:
            branch = self._current_branch(data.branches(self.session, self.ctx.restaurant.id))
            text += "\n" + replies.fulfilment_line(
                draft.delivery_type or "pickup",
                self._name(branch) if branch else None,
                draft.address,
                defaulted=draft.mode_defaulted,
                **self._lang(),
            )
        return text

    def _advance(self, show_items: bool = False) -> None:
        """Settle the next missing piece (address, branch), then the final summary and the question."""
        draft = self.state.draft
        assert draft is not None
        if draft.delivery_type is None:
            draft.delivery_type, draft.mode_defaulted = "pickup", True
        if not draft.lines:
            self.state.clear()
            self.say(replies.fallback_didnt_understand(**self.kw))
            return
        rows = data.branches(self.session, self.ctx.restaurant.id)
        branch = self._current_branch(rows)
        if draft.delivery_type == "delivery" and not draft.address:
            if show_items:
                self.say(self._summary(draft))
            return self._ask("address", lambda: self.say(replies.ask_address(**self.kw)), Phase.fulfilment)
        if branch is None:
            if not rows:
                self._escalate("no branch configured")
                return
            if show_items:
                self.say(self._summary(draft))
            return self._ask("branch", lambda: self._ask_branch(rows), Phase.fulfilment)
        tz = self.ctx.restaurant.timezone
        if not is_open(branch.operating_hours, self.now, tz, branch.ramadan_hours):
            opens = next_opening(branch.operating_hours, self.now, tz, branch.ramadan_hours)
            if opens is None:
                self.say(replies.closed_no_hours(**self._lang()))
                self.state.clear()
                return
            draft.scheduled_for = opens
            self.say(self._summary(draft, with_fulfilment=True))
            return self._ask("schedule", lambda: self._offer_schedule(branch, opens), Phase.confirming)
        draft.scheduled_for = None
        self.say(self._summary(draft, with_fulfilment=True))
        self._ask(self._confirm_key(), self._ask_confirm, Phase.confirming)

    def _ask(self, key: str, asking: Any, phase: Phase) -> None:
        """Ask `key` unless it was just asked twice in a row (then offer a person instead)."""
        self.state.to(phase)
        if not self.state.ask(key):
            self._give_up()
            return
        asking()

    def _confirm_key(self) -> str:
        """The confirmation question of this exact draft (a changed order is a new question)."""
        draft = self.state.draft
        assert draft is not None
        digest = hashlib.sha1(draft.model_dump_json(include={"lines", "delivery_type", "address"}).encode())
        return f"confirm:{digest.hexdigest()[:10]}:{self.ctx.conversation.branch_id}"

    def _ask_confirm(self) -> None:
        draft = self.state.draft
        assert draft is not None
        lang = self.kw["language"]
        switch = (
            ("mode_pickup", replies.button_label("pickup", language=lang))
            if draft.delivery_type == "delivery"
            else ("mode_delivery", replies.button_label("delivery", language=lang))
        )
        buttons = [
            ("confirm_yes", replies.button_label("confirm_yes", language=lang)),
            switch,
            ("confirm_no", replies.button_label("confirm_no", language=lang)),
        ]
        self.say(replies.ask_confirm(**self.kw), buttons=buttons)

    def _offer_schedule(self, branch: Branch, opens: datetime) -> None:
        tz = self.ctx.restaurant.timezone
        when = replies.opening_time(opens, self.now.astimezone(ZoneInfo(tz)).date(), **self._lang())
        self.say(replies.closed_until(self._name(branch), when, **self.kw))
        lang = self.kw["language"]
        buttons = [
            ("schedule_yes", replies.button_label("schedule", language=lang)),
            ("schedule_no", replies.button_label("cancel", language=lang)),
        ]
        self.say(replies.offer_schedule(**self._lang()), buttons=buttons)

    def _ask_branch(self, rows: list[Branch]) -> None:
        options = [(f"branch:{b.id}", self._name(b)[:24]) for b in rows[:10]]
        body = replies.ask_branch(**self._lang())
        self.say(
            body + "\n" + "\n".join(f"{i + 1}. {title}" for i, (_, title) in enumerate(options)),
            rows=options,
            list_button=replies.button_label("branches", **self._lang()),
        )

    def _ask_choice(self) -> None:
        """A short name several items share: "أي واحد تقصد؟" with the candidates."""
        draft = self.state.draft
        assert draft is not None
        by_id = {str(m.id): m for m in data.menu(self.session, self.ctx.restaurant.id)}
        items = [by_id[k] for k in draft.choices if k in by_id]
        titles = [
            f"{m.name_en if self.english else m.name_ar} ({replies.format_sar(m.price, self.kw['language'])})"
            for m in items
        ]

        def asking() -> None:
            self.say(
                replies.ask_which_item(titles, **self._lang()),
                rows=[(f"item:{m.id}", t[:24]) for m, t in zip(items, titles, strict=True)][:10],
                list_button=replies.button_label("choose", **self._lang()),
            )

        self._ask("choice", asking, Phase.collecting)

    def _name(self, branch: Branch) -> str:
        return branch.name_en if self.english else branch.name_ar

    def _current_branch(self, rows: list[Branch]) -> Branch | None:
        """The conversation's branch, else the customer's last order's, else the only one."""
        wanted = self.ctx.conversation.branch_id
        if wanted is None:
            wanted = self.session.exec(
                select(Order.branch_id)
                .where(Order.customer_id == self.ctx.customer.id)
                .order_by(col(Order.created_at).desc())
                .limit(1)
            ).first()
        if wanted is not None:
            found = next((b for b in rows if b.id == wanted), None)
            if found is not None:
                return found
        return rows[0] if len(rows) == 1 else None

    # -- the customer's answer in an ordering phase
    def _order_step(self) -> bool:
        """The answer to the order question asked last; False leaves the order to read the message alone."""
        draft = self.state.draft
        if draft is None:
            self.state.clear()
            return False
        parsed = (
            parse_order(self.text, data.entries(data.menu(self.session, self.ctx.restaurant.id)))
            if self.text
            else None
        )
        match self.state.phase:
            case Phase.collecting:
                if self._chose_item(draft):
                    return True
            case Phase.confirming:
                said_yes = is_confirmation(self.text) or (
                    confirms(self.text) and not (parsed and (parsed.lines or parsed.ambiguous))
                )
                if self.reply_id in ("confirm_yes", "schedule_yes") or said_yes:
                    self._confirmed(draft)
                    return True
            case Phase.fulfilment if self.state.asked.key == "branch":
                if data.states_an_address(self.text):  # an address for "which branch?": delivered there
                    draft.delivery_type, draft.mode_defaulted = "delivery", False
                    return self._gave_address(draft, None)
                if self._chose_branch():
                    return True
            case Phase.fulfilment if self.state.asked.key == "address":
                if self._gave_address(draft, parsed):
                    return True
        if not self.reply_id and self._asked_a_question(parsed):
            return self._answer_and_wait()
        mode = _MODE_BUTTONS.get(self.reply_id)
        mode = mode or (data.stated_mode(self.text) if not (parsed and parsed.lines) else None)
        if mode is not None:  # "توصيل" / the switch button: the same order, delivered (or picked up)
            draft.delivery_type, draft.mode_defaulted = mode, False
            self._advance()
            return True
        if self.state.phase == Phase.confirming and self._chose_branch(quiet=True):
            return True
        edit = self._edit_of(parsed)
        if parsed is not None and parsed.lines and edit is not None:
            return self._edit(draft, parsed, edit)
        if parsed is not None and (parsed.lines or parsed.ambiguous):
            return self._order(parsed)  # a new list replaces the draft (it keeps where it goes)
        if edit is not None and edit.quantity is not None and len(draft.lines) == 1:
            draft.lines[0].quantity = min(edit.quantity, 100)  # "خليها ٣", "make it 3"
            self._advance(show_items=True)
            return True
        decision = self.intent()
        if decision is not None and decision.intent in _QUESTIONS:
            return self._answer_and_wait()
        if decision is not None and decision.intent in _LEAVING:
            self.state.clear()
            return False
        self._reask()
        return True

    def _answer_and_wait(self) -> bool:
        self._by_intent()  # answered; the order waits where it was
        if self.state.phase == Phase.confirming and not self.state.offer:
            self.say(replies.order_kept_waiting(**self._lang()))
        return True

    def _asked_a_question(self, parsed: ParsedOrder | None) -> bool:
        """A question mid-order ("كم سعر الكنافة؟", "عندكم كنافة؟"): answered, never read as the order."""
        decision = self.intent()
        if decision is None or decision.intent not in _QUESTIONS or read_edit(self.text) is not None:
            return False
        return any(mark in self.text for mark in _QUESTION_MARK) or decision.topic == "prices"

    def _edit_of(self, parsed: ParsedOrder | None) -> OrderEdit | None:
        """What the message changes in the draft: its own words, or a glued "و" before a dish."""
        if not self.text:
            return None
        edit = read_edit(self.text)
        rest = starts_with_and(self.text) if edit is None and parsed and parsed.lines else None
        if rest is not None and parsed is not None:
            again = parse_order(rest, data.entries(data.menu(self.session, self.ctx.restaurant.id)))
            if [line.menu_item_key for line in again.lines] == [line.menu_item_key for line in parsed.lines]:
                # "وشيل البيبسي": the "و" glued to a verb of its own ("and take the pepsi off")
                return read_edit(rest) or OrderEdit("add")
        return edit

    def _edit(self, draft: Draft, parsed: ParsedOrder, edit: OrderEdit) -> bool:
        """More of something, something taken off, or a count said again: the draft changes, the
        rest of it stays; then the summary again (and its question)."""
        lines = [line.model_copy() for line in draft.lines]
        new_lines = parsed.lines
        if edit.kind == "swap":  # "بدل العصير خله بيبسي": what the draft had, named, is taken off
            keys = {line.menu_item_id for line in lines}
            ordered = [m for m in data.menu(self.session, self.ctx.restaurant.id) if str(m.id) in keys]
            named = {line.menu_item_key for line in parse_order(self.text, data.entries(ordered)).lines}
            new_lines = [line for line in parsed.lines if line.menu_item_key not in named]
            if new_lines and named:
                lines = [x for x in lines if x.menu_item_id not in named]
            elif new_lines:  # "شاورما لحم بدال" names nothing it replaces: instead of the whole order
                lines = []
        counted = any(number_value(t) is not None for t in normalize(self.text).split())
        for said in (_line(line) for line in new_lines):
            said.modifications = [m for m in said.modifications if m not in _EDIT_NOTES]
            same = [x for x in lines if x.menu_item_id == said.menu_item_id]
            if edit.kind == "remove" and same and counted and said.quantity < same[0].quantity:
                same[0].quantity -= said.quantity  # "remove one tea" of two: one is left
            elif edit.kind == "remove":
                lines = [x for x in lines if x.menu_item_id != said.menu_item_id]
            elif edit.kind == "set" and same:
                same[0].quantity = said.quantity
            elif match := next((x for x in same if x.modifications == said.modifications), None):
                match.quantity = min(match.quantity + said.quantity, 100)
            else:
                lines.append(said)
        self._name_back(parsed)
        if not lines:  # everything taken off: nothing left to order
            self.state.clear()
            self.say(replies.order_cancelled(**self.kw))
            return True
        draft.lines = lines
        self._advance(show_items=True)
        return True

    def _reask(self) -> None:
        """Nothing in the message answers the question: ask it again (`_ask` stops after twice)."""
        if self.state.asked.key == "choice":
            self._ask_choice()
        else:
            self._advance()

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
        if not chosen and digits.isdigit() and 1 <= int(digits) <= len(candidates):
            chosen = [(candidates[int(digits) - 1], quantity)]
        elif not chosen and place == "all":
            chosen = [(m, max(1, quantity // len(candidates))) for m in candidates]
        elif not chosen and isinstance(place, int):
            chosen = [(candidates[place], quantity)]
        if not chosen and self.text:
            lines = parse_order(self.text, _told_apart(candidates)).lines
            said = [(by_id[line.menu_item_key], line.quantity) for line in lines]
            # one named with no count of its own takes the count asked about ("٢ شاورما" → "دجاج")
            chosen = [(said[0][0], quantity)] if len(said) == 1 and said[0][1] == 1 else said
        if not chosen:
            return False
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
        self._advance(show_items=True)
        return True

    def _chose_branch(self, quiet: bool = False) -> bool:
        rows = data.branches(self.session, self.ctx.restaurant.id)
        chosen = None
        if self.reply_id.startswith("branch:"):
            chosen = next((b for b in rows if str(b.id) == self.reply_id.split(":", 1)[1]), None)
        digits = to_ascii_digits(self.text).strip()
        if chosen is None and not quiet and digits.isdigit() and 1 <= int(digits) <= len(rows):
            chosen = rows[int(digits) - 1]
        if chosen is None and self.text:
            chosen = data.named_branch(rows, self.text)
        if chosen is None:
            return False
        self.ctx.conversation.branch_id = chosen.id
        self._advance()
        return True

    def _gave_address(self, draft: Draft, parsed: ParsedOrder | None) -> bool:
        if parsed is not None and parsed.lines and not data.states_an_address(self.text):
            return False  # a new list of items, not an address ("7ay al salamah" is no salad)
        decision = self.intent()
        asked = decision is not None and decision.intent in _QUESTIONS and "?" in self.text.replace("؟", "?")
        if asked or data.stated_mode(self.text) == "pickup" or len(normalize(self.text)) < 4:
            return False
        draft.address = self.text[:500]
        named = data.named_branch(data.branches(self.session, self.ctx.restaurant.id), self.text)
        if named is not None and self.ctx.conversation.branch_id is None:
            self.ctx.conversation.branch_id = named.id  # "الرياض، حي الملقا…": the Riyadh branch
        self._advance()
        return True

    def _order_location(self) -> bool:
        """A location shared mid-order: the nearest branch, and the delivery address if delivering."""
        assert self.location is not None and self.state.draft is not None
        lat, lng = self.location
        draft = self.state.draft
        payload = self.ctx.message.payload or {}
        place = " - ".join(p for p in (payload.get("location_name"), payload.get("location_address")) if p)
        draft.location = (lat, lng)
        if draft.delivery_type == "delivery":
            draft.address = f"{place} {replies.maps_link(lat, lng)}".strip()
        nearest = data.nearest_branch(data.branches(self.session, self.ctx.restaurant.id), lat, lng)
        if nearest is not None:
            self.ctx.conversation.branch_id = nearest.id
            self.say(replies.nearest_branch(self._name(nearest), **self._lang()))
        self._advance()
        return True

    # -- placing
    def _confirmed(self, draft: Draft) -> None:
        """An explicit yes to the final summary: place it (or schedule it for the opening time)."""
        branch = self._current_branch(data.branches(self.session, self.ctx.restaurant.id))
        if branch is None:  # the branch was removed meanwhile
            return self._advance()
        open_now = is_open(
            branch.operating_hours, self.now, self.ctx.restaurant.timezone, branch.ramadan_hours
        )
        if draft.scheduled_for is None and not open_now:
            return self._advance()  # it closed while the customer was deciding
        self._place_order(draft, branch, scheduled=draft.scheduled_for is not None and not open_now)

    def _place_order(self, draft: Draft, branch: Branch, *, scheduled: bool) -> None:
        lines = [line.as_item() for line in draft.lines]
        total = draft.total()
        number = data.next_order_number(self.session, self.ctx.restaurant.id)
        when = draft.scheduled_for if scheduled else None
        notes = (
            f"عنوان التوصيل: {draft.address}" if draft.delivery_type == "delivery" and draft.address else None
        )
        # A branch that is closed now only gets a scheduled (pending) order, never a "confirmed" one.
        order = Order(
            restaurant_id=self.ctx.restaurant.id,
            number=number,
            conversation_id=self.ctx.conversation.id,
            customer_id=self.ctx.customer.id,
            branch_id=branch.id,
            items=lines,
            total_amount=total,
            status=OrderStatus.pending if when else OrderStatus.confirmed,
            delivery_type=DeliveryType(draft.delivery_type or "pickup"),
            scheduled_time=when,
            special_instructions=notes,
        )
        self.session.add(order)
        self.session.flush()
        self.ctx.conversation.branch_id = branch.id
        self.session.add(
            event_entry(
                self.ctx.restaurant.id,
                "customer",
                "order.placed",
                ("order", order.id),
                number=number,
                total=str(total),
                scheduled=bool(when),
                delivery_type=str(order.delivery_type),
            )
        )
        title = f"طلب مجدول #{number}" if when else f"طلب جديد #{number}"
        notify_staff(
            session=self.session,
            restaurant_id=self.ctx.restaurant.id,
            kind="new_order",
            title=title,
            body=f"{total} SAR",
            link="/orders",
            branch_id=branch.id,
        )
        self.state.clear(Phase.placed)
        if when:
            local = when.astimezone(ZoneInfo(self.ctx.restaurant.timezone))
            today = self.now.astimezone(ZoneInfo(self.ctx.restaurant.timezone)).date()
            self.say(
                replies.order_scheduled(number, replies.opening_time(local, today, **self._lang()), **self.kw)
            )
            return
        self.result.jobs.append((FollowUp.forward_to_pos, (str(order.id),)))
        for body in replies.order_placed(number, ETA_MINUTES, **self.kw):
            self.say(body)


def _told_apart(candidates: list[MenuItem]) -> list[MenuEntry]:
    """The candidates named by what tells them apart: "شاورما دجاج" / "شاورما لحم" read as "دجاج" /
    "لحم" (each keeps its full name too, for one whose name is all shared)."""

    def own_words(name: str, others: list[str]) -> str:
        shared = set.intersection(*(set(normalize(n).split()) for n in others)) if others else set()
        return " ".join(w for w in normalize(name).split() if w not in shared) or name

    names_ar = [m.name_ar for m in candidates]
    names_en = [m.name_en for m in candidates if m.name_en]
    entries = []
    for m in candidates:
        own_ar, own_en = own_words(m.name_ar, names_ar), own_words(m.name_en or "", names_en)
        entries.append(
            MenuEntry(
                key=str(m.id), name_ar=own_ar, name_en=own_en, price=m.price, aliases=(m.name_ar, m.name_en)
            )
        )
    return entries


def _same_order(previous: Draft, draft: Draft) -> bool:
    return previous.lines == draft.lines and draft.delivery_type in (None, previous.delivery_type)


def _line(line: Any) -> Line:
    return Line(
        menu_item_id=line.menu_item_key,
        name_ar=line.name_ar,
        name_en=line.name_en,
        quantity=line.quantity,
        price=Decimal(line.unit_price),
        modifications=list(line.modifications),
    )
