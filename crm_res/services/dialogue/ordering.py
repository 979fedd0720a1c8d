"""Ordering: collecting → fulfilment → confirming → placed.

The items are summarised with prices and the total at once; pickup/delivery and the branch are
settled before the final summary (pickup from the customer's usual or only branch is assumed and
said so), so the "نعم" that answers "للتأكيد اكتب نعم" places the order.

`OrderingSteps` starts or replaces an order; `OrderAnswer` (order_answer.py), one step above it, routes
an answer given mid-order. It stands on four mixins, each one step lower: `OrderReading` (order_reading.py: how many of what the
message orders), `OrderQuestions` (order_questions.py: the summary, the next question, the yes that
places), `FulfilmentSteps` (order_fulfilment.py: where and when it goes) and `OrderChanges`
(order_changes.py: what a message changes in the draft).
"""

from __future__ import annotations

import re
from dataclasses import replace

from sqlmodel import col, select

from crm_res.assistant import replies
from crm_res.assistant.menu_questions import asks_the_total
from crm_res.assistant.normalize import normalize, number_value
from crm_res.assistant.order_edits import (
    OrderEdit,
    means_a_dish,
    puts_right,
    read_edit,
    same_place,
)
from crm_res.assistant.order_parser import MenuEntry, ParsedOrder, parse_order
from crm_res.assistant.shares import party_size
from crm_res.assistant.wanted_time import wanted_time
from crm_res.models import ConversationType, Order
from crm_res.services.dialogue import data
from crm_res.services.dialogue.catalog_cart import cart_order
from crm_res.services.dialogue.order_changes import (
    _line,
    _names_any,
)
from crm_res.services.dialogue.order_reading import OrderReading, _count_before
from crm_res.services.dialogue.states import (
    MENU,
    ORDERING,
    RESTING,
    Draft,
    Phase,
)


class OrderingSteps(OrderReading):
    """The ordering half of `Flow` (a mixin: it uses the flow's message, state and replies)."""

    text: str  # the message's words; a step may narrow them to the part that orders

    # -- starting or replacing an order
    def _order(self, parsed: ParsedOrder | None = None) -> bool:
        """An order message: the draft (re)starts with its items; False when it names none."""
        if parsed is None and self.ctx.message.type == "order":  # a WhatsApp catalog cart: by retailer id
            items = (self.ctx.message.payload or {}).get("product_items") or []
            parsed = cart_order(items, data.menu(self.session, self.ctx.restaurant.id))
        parsed = self._cheaper(parsed or self._parse_message())
        parsed = self._counted(self._count_in_kinds(parsed))
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
        mode = data.stated_mode(_from_the_order_on(self.text, parsed))
        if mode is None and data.sent_to_an_address(self.text):
            mode = "delivery"  # "… ٢ عصير برتقان على الروضة شارع صاري عمارة ٥": where it goes is an address
        if mode is None and previous is not None and not previous.mode_defaulted:
            mode = previous.delivery_type
        mode = mode or self.state.known_mode  # said before the order: "هو بيمر يستلمه من العليا"
        where = self._last_address() if mode in (None, "delivery") and same_place(self.text) else None
        if where:  # "سو طلب ثاني على نفس العنوان": where the last one went
            mode, self.state.known_address = "delivery", where
        draft = Draft(lines=[_line(line) for line in parsed.lines], delivery_type=mode)
        if previous is not None and puts_right(self.text):
            # "لا مو برجر عادي، برجر دجاج قلت لك": a dish the order has, named again with no count,
            # keeps its count
            had = {x.menu_item_id: x.quantity for x in previous.lines}
            for line, read in zip(draft.lines, parsed.lines, strict=True):
                if not read.said_count and line.menu_item_id in had:
                    line.quantity = had[line.menu_item_id]
        if previous is not None and _same_order(previous, draft) and not parsed.ambiguous:
            # the same order again is no new order: the question it waits on counts this as a turn
            self._name_back(parsed)
            self._advance(show_items=True)
            return True
        if previous is not None:  # a corrected order keeps where it goes
            draft.address, draft.location = previous.address, previous.location
        self.state.clear(Phase.collecting)
        draft.party = (
            party_size(self.text)
            or (previous.party if previous is not None else None)
            or self.state.known_party
        )
        said_when = wanted_time(self.text) is not None
        draft.wanted = self.text[:200] if said_when else (previous.wanted if previous is not None else None)
        self.state.draft = draft
        self.ctx.conversation.type = ConversationType.order
        self._note_where(draft)
        if where:
            draft.address = where  # not the words around "نفس العنوان"
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

    def _where_first(self, draft: Draft, text: str, entries: list[MenuEntry]) -> str:
        """ "طيب استلام من فرع التحلية، وغير واحد من الدبل خله برجر دجاج": where it goes, said first
        and apart, is settled; the change after it is read on its own. `text` when it is not so."""
        head, _, rest = text.replace("،", ",").partition(",")
        rest = rest.strip(" ،,")
        rest = rest[1:] if rest.startswith("و") and read_edit(rest[1:]) is not None else rest  # "وغير …"
        if (
            not rest
            or read_edit(rest) is None
            or data.states_an_address(text)
            or parse_order(head, entries).lines
        ):
            return text
        mode = data.stated_mode(head)
        named = data.named_branch(data.branches(self.session, self.ctx.restaurant.id), head)
        if mode is None and named is None:
            return text
        if mode is not None:
            draft.delivery_type, draft.mode_defaulted = mode, False
        if named is not None:
            self.ctx.conversation.branch_id = named.id
        return rest

    def _meant(self, draft: Draft, entries: list[MenuEntry], instead: int) -> bool | None:
        """ "بيبسي قصدي 😂 الفويس يكتب على كيفه، وبمر العليا", "sorry voice typing, I meant moutabal.
        delivery please to …": the dish a word we named back stood for, as many as it was said; the
        rest of the message is read on (where it goes). None when the message says no such thing."""
        sentences = [x for x in re.split(r"(?<=[.!\n،,؟?])\s*", self.text) if x.strip()]
        at = next((k for k, x in enumerate(sentences) if means_a_dish(x)), None)
        if at is None:
            return None
        said = parse_order(sentences[at], entries)
        if not said.lines or said.ambiguous or _names_any(said, draft):
            return None
        counted = any(number_value(t) is not None for t in normalize(sentences[at]).split())
        lines = [*draft.lines, *(_line(x) for x in said.lines)]
        if not counted and len(said.lines) == 1:
            lines[-1] = lines[-1].model_copy(update={"quantity": instead})
        draft.lines, draft.named_back = lines, 0
        rest = " ".join(sentences[:at] + sentences[at + 1 :]).strip()
        mode = data.stated_mode(rest)
        if data.states_an_address(rest) and not data.promises_the_address(rest):
            mode = "delivery"
        if mode is not None:
            draft.delivery_type, draft.mode_defaulted = mode, False
        self.text = rest
        self._note_where(draft)  # the branch ("… وبمر العليا آخذها") or the address the rest says
        self._advance(show_items=True)
        return True

    def _only_the_time(self, entries: list[MenuEntry]) -> bool:
        """The message says when, and nothing else the order step reads (no dish, no change, no way
        it comes, no branch, no address): "الساعة ٨ ونص ان شاء الله", "around 7 pm"."""
        rows = data.branches(self.session, self.ctx.restaurant.id)
        return not (
            parse_order(self.text, entries).lines
            or data.stated_mode(self.text)
            or data.named_branch(rows, self.text)
            or data.states_an_address(self.text)
            or asks_the_total(self.text)
        )

    def _name_back(self, parsed: ParsedOrder) -> None:
        """What cannot be ordered, said back: sold out ("خلصان حالياً") or not on the menu ("ما لقيت
        بالمنيو: سوشي. تبغى أرسل لك المنيو؟"; with nothing else asked, a yes sends the menu)."""
        for e in parsed.unavailable:
            item = replies.MenuItem(e.name_ar, e.name_en, e.price, "", available=False)
            self.say(replies.price_answer(item, **self.kw))
        rows = data.branches(self.session, self.ctx.restaurant.id)
        # "…وبطاطس وحده، العليا": a branch (or its city) said with the order is where, never a dish
        parsed = replace(parsed, unknown=[w for w in parsed.unknown if data.named_branch(rows, w) is None])
        if parsed.unknown:
            self.say(replies.unknown_items(parsed.unknown, **self.kw))
            if self.state.phase in RESTING:
                self.state.offer = [MENU]
        if (parsed.unknown or parsed.unavailable) and self.state.phase not in RESTING and self.state.draft:
            missing = parsed.unknown[0] if parsed.unknown else parsed.unavailable[0].name_ar
            self.state.draft.named_back = _count_before(self.text, missing) or 1

    def _last_order_again(self) -> None:
        """ "ابي نفس طلبي اللي فات", "same as last time": the customer's last order here as a new draft
        (its dishes still on the menu; "بس من غير البيبسي" takes a dish off, "وزيدوا عليه كنافة" adds one);
        with no earlier order, said so and the order asked for."""
        restaurant_id = self.ctx.restaurant.id
        last = self.session.exec(
            select(Order)
            .where(Order.restaurant_id == restaurant_id, Order.customer_id == self.ctx.customer.id)
            .order_by(col(Order.created_at).desc(), col(Order.number).desc())
        ).first()
        if last is None:
            return self.say(replies.no_previous_order(**self._lang()))
        rows = {str(m.id): m for m in data.menu(self.session, restaurant_id)}
        kept = [(rows[key], item) for item in last.items if (key := str(item.get("menu_item_id"))) in rows]
        lines = [
            data.order_line(m, int(item["quantity"]), list(item.get("modifications") or []))
            for m, item in kept
            if m.available
        ]
        # sold out today: said back, never left out in silence
        off = [data.entry(m) for m, _ in kept if not m.available]
        entries, low = data.entries(list(rows.values())), normalize(self.text)
        if (cut := _WITHOUT.search(low)) is not None:  # the dishes after "without" left out
            gone = {line.menu_item_key for line in parse_order(low[cut.end() :], entries).lines}
            lines = [line for line in lines if line.menu_item_key not in gone]
            off = [e for e in off if e.key not in gone]
            low = low[: cut.start()]
        lines += parse_order(low, entries).lines  # and those named before it added
        if off and not lines:
            names_ar, names_en = [e.name_ar for e in off], [e.name_en for e in off]
            return self.say(replies.last_order_sold_out(names_ar, names_en, **self._lang()))
        if lines:
            self._order(ParsedOrder(lines=lines, unavailable=off))

    def _take_offer(self, offer: list[str], quantity: int = 1, *, with_dishes: bool = False) -> None:
        """A yes to what our last reply offered: the menu, or the item added to the order
        ("طيب ابي ٢": two of it); with the dishes the message names too ("2 of those plus a pepsi")."""
        if offer == [MENU]:
            return self._by_topic("menu")
        by_id = {str(m.id): m for m in data.menu(self.session, self.ctx.restaurant.id)}
        also = self._parse_message() if with_dishes else ParsedOrder(lines=[])
        taken = [data.order_line(by_id[key], quantity) for key in offer if key in by_id]
        named = [line for line in also.lines if line.menu_item_key not in offer]
        parsed = replace(also, lines=taken + named)
        if self.state.draft is not None and self.state.phase in ORDERING:
            self._edit(self.state.draft, parsed, OrderEdit("add"))
        else:
            self._order(parsed)


# "… بس من غير البيبسي", "but without the pepsi": a dish of the last order left out of it this time.
_WITHOUT = re.compile(
    r"من غير|بدون|بلا|ما عدا|الا |without|minus|except|no more|bala|bidoon|min gheir|men gher"
)


def _same_order(previous: Draft, draft: Draft) -> bool:
    return previous.lines == draft.lines and draft.delivery_type in (None, previous.delivery_type)


def _from_the_order_on(text: str, parsed: ParsedOrder) -> str:
    """The sentences from the first one that names a dish on ("آه يمكن طلبت من تطبيق التوصيل مش
    منكم. طيب بدي برجر 2": the story's delivery app says nothing of how this order comes)."""
    sentences = [s for s in re.split(r"(?<=[.!؟?\n])\s+", text) if s.strip()]
    if len(sentences) < 2 or not parsed.lines:
        return text
    names = {w for line in parsed.lines for n in (line.name_ar, line.name_en) for w in normalize(n).split()}
    first = next((k for k, s in enumerate(sentences) if set(normalize(s).split()) & names), 0)
    return " ".join(sentences[first:])
