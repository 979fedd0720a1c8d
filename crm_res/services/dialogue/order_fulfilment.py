"""Where and when an order goes: the branch (the conversation's, the customer's last, the only one, a
named one, the nearest to a shared location), pickup or delivery and the address, and the time the
customer asked for on the branch's clock.

`FulfilmentSteps` is a mixin of the ordering conversation (`OrderingSteps` in ordering.py): it reads the
answers about where the order goes; `OrderQuestions` (order_questions.py) asks for what is missing.
"""

from __future__ import annotations

import re
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlmodel import col, select

from crm_res.assistant import replies
from crm_res.assistant.intent import is_confirmation
from crm_res.assistant.normalize import normalize, to_ascii_digits
from crm_res.assistant.order_edits import OrderEdit, confirms, is_asked
from crm_res.assistant.order_parser import ParsedOrder, parse_order
from crm_res.assistant.wanted_time import wanted_time
from crm_res.models import Branch, DeliveryType, Order
from crm_res.services.dialogue import data
from crm_res.services.dialogue.order_changes import OrderChanges, _adds
from crm_res.services.dialogue.ready_time import ready_at
from crm_res.services.dialogue.states import Draft
from crm_res.services.timing.holding import branch_place, default_place

# Intents that ask something mid-order: answered without dropping the order, never read as an address.
QUESTION_INTENTS = ("support", "order_status")


class FulfilmentSteps(OrderChanges):
    """Where the order goes and when (a mixin: it uses the flow's message, state and replies)."""

    def _ready(self, draft: Draft, branch: Branch | None) -> datetime | None:
        """When the customer wants the order, if they said: a moment on the branch's clock."""
        if not draft.wanted:
            return None
        tz = self.ctx.restaurant.timezone
        place = branch_place(branch, tz) or default_place(
            session=self.session, restaurant=self.ctx.restaurant
        )
        return ready_at(draft.wanted, self.now, tz, place)

    def _ready_label(self, draft: Draft, at: datetime | None) -> str | None:
        """'اليوم الساعة ٨ المسا', 'today at 8 PM'; after a prayer as said: 'اليوم بعد المغرب (الساعة ٥:٢٤)'."""
        if at is None:
            return None
        zone = ZoneInfo(self.ctx.restaurant.timezone)
        local, today = at.astimezone(zone), self.now.astimezone(zone).date()
        said = wanted_time(draft.wanted or "")
        if said is not None and said.kind == "prayer":
            return replies.after_prayer_time(said.prayer, local, today, **self._lang())
        return replies.opening_time(local, today, **self._lang())

    def _note_where(self, draft: Draft) -> None:
        """Where the order goes, when the order message says it: "استلام من فرع العليا", "pickup
        Olaya" (the branch), "توصيل، العنوان الرياض حي الياسمين…" (the address, and its city's branch)."""
        named = data.named_branch(data.branches(self.session, self.ctx.restaurant.id), self.text)
        if named is not None:
            self.ctx.conversation.branch_id = named.id
        if draft.delivery_type == "delivery" and not draft.address and data.states_an_address(self.text):
            draft.address = data.address_of(self.text)

    def _last_address(self) -> str | None:
        """Where the customer's last delivered order went, if any."""
        return self.session.exec(
            select(Order.delivery_address)
            .where(Order.customer_id == self.ctx.customer.id, Order.delivery_type == DeliveryType.delivery)
            .order_by(col(Order.created_at).desc(), col(Order.number).desc())
            .limit(1)
        ).first()

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

    def _chose_branch(self, quiet: bool = False) -> bool:
        rows = data.branches(self.session, self.ctx.restaurant.id)
        chosen = None
        if self.reply_id.startswith("branch:"):
            chosen = next((b for b in rows if str(b.id) == self.reply_id.split(":", 1)[1]), None)
        digits = to_ascii_digits(self.text).strip()
        if chosen is None and not quiet and digits.isdecimal() and 1 <= int(digits) <= len(rows):
            chosen = rows[int(digits) - 1]
        if chosen is None and self.text:
            chosen = data.branch_meant(rows, self.text)
        if chosen is None:
            return False
        self.ctx.conversation.branch_id = chosen.id
        self._advance()
        return True

    def _gave_address(self, draft: Draft, parsed: ParsedOrder | None) -> bool:
        if parsed is not None and parsed.lines and not data.states_an_address(self.text):
            return False  # a new list of items, not an address ("7ay al salamah" is no salad)
        decision = self.intent()
        asked = decision is not None and decision.intent in QUESTION_INTENTS and is_asked(self.text)
        if asked or data.stated_mode(self.text) == "pickup" or len(normalize(self.text)) < 4:
            return False
        if (is_confirmation(self.text) or confirms(self.text)) and not data.states_an_address(self.text):
            return False  # "خلاص اكد": a yes, however it is read, is no address ("تمام ابعتوه على حي…" is)
        if data.promises_the_address(self.text):
            return False  # "lahza ba3tlak el 3enwan": not the address; it is asked for again
        if is_asked(self.text) and not data.states_an_address(self.text) and not _has_digits(self.text):
            return False  # "kam rusoom el tawseel?": a question, however it is read, is no address
        # "حي الياسمين بالرياض، شارع العلا، فيلا ٤٠، وزيد ماي ثنتين": the address, and a dish added
        entries = data.entries(data.menu(self.session, self.ctx.restaurant.id))
        parts = re.split(r"[،,]|\.\s", self.text)
        have = {line.menu_item_id for line in draft.lines}
        # "طيب بدل الايس كريم حطلي كنافتين، وبدي توصيل على جدة…", "make it one kunafa instead then. delivery
        # to …": a part before the address that names dishes the order lacks (none of its words an
        # address's) adds them too
        more = [
            p
            for p in parts
            if (found := parse_order(p, entries).lines)
            and (_adds(p) or (not data.states_an_address(p) and not {x.menu_item_key for x in found} & have))
        ]
        kept = [p for p in parts if p not in more]
        at = next((k for k, p in enumerate(kept) if data.states_an_address(p) or data.stated_mode(p)), 0)
        where = "،".join(kept[at:]) if more else self.text
        # the answer is all address (but its leading words when a dish was said before it)
        draft.address = data.address_of(where, within=bool(more))
        named = data.named_branch(data.branches(self.session, self.ctx.restaurant.id), where)
        if named is not None and self.ctx.conversation.branch_id is None:
            self.ctx.conversation.branch_id = named.id  # "الرياض، حي الملقا…": the Riyadh branch
        if more:
            return self._edit(draft, parse_order(" ".join(more), entries), OrderEdit("add"))
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


def _has_digits(text: str) -> bool:
    """A digit of any script ("٤٠", "40"): a house or street number in an address."""
    return any(c.isdecimal() for c in text)
