"""The ordering conversation's questions and its end: the summary with prices and total, the next
missing piece asked for (which item, the address, the branch, a time when the branch is closed), the
final "للتأكيد اكتب نعم", and the yes that places the order (or schedules it for the opening).

`OrderQuestions` is a mixin of the ordering conversation (`OrderingSteps` in ordering.py); a question is
asked at most twice in a row (`_ask`), then a person is offered.
"""

from __future__ import annotations

import hashlib
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from crm_res.assistant import replies
from crm_res.models import Branch
from crm_res.services.dialogue import data
from crm_res.services.dialogue.order_fulfilment import FulfilmentSteps
from crm_res.services.dialogue.placing import place_order
from crm_res.services.dialogue.states import Draft, Phase
from crm_res.services.followups import FollowUp
from crm_res.services.timing.hours import is_open, next_opening

ETA_MINUTES = 20


class OrderQuestions(FulfilmentSteps):
    """What the ordering conversation asks, and placing on the yes (a mixin, like `FulfilmentSteps`)."""

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
                from_branch=draft.branch_defaulted,
                when=self._ready_label(draft, self._ready(draft, branch)),
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
        if draft.delivery_type == "delivery" and not draft.address and self.state.known_address:
            draft.address = self.state.known_address  # given before the order ("عالعنوان يلي بعتلكن ياه")
            named = data.named_branch(data.branches(self.session, self.ctx.restaurant.id), draft.address)
            if named is not None and self.ctx.conversation.branch_id is None:
                self.ctx.conversation.branch_id = named.id  # its city's branch
                branch = named
        if draft.delivery_type == "delivery" and not draft.address:
            if show_items:
                self.say(self._summary(draft))
            return self._ask("address", lambda: self.say(replies.ask_address(**self.kw)), Phase.fulfilment)
        if branch is None and draft.delivery_type == "delivery" and self.state.known_address:
            # "بتوصلوا لحي الروضة في جدة؟" and then the order to "الروضة شارع صاري": the city asked about
            branch = data.named_branch(rows, self.state.known_address)
            if branch is not None:
                self.ctx.conversation.branch_id = branch.id
        if branch is None and draft.delivery_type == "delivery":
            # "حي النرجس جنب مسجد التقوى فيلا ١٤": a customer does not know which branch delivers; the
            # one in the restaurant's own city does, and the summary says so (the customer may change it)
            branch = data.home_branch(rows, self.ctx.restaurant.city)
            if branch is not None:
                self.ctx.conversation.branch_id, draft.branch_defaulted = branch.id, True
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

    def _reask(self) -> None:
        """Nothing in the message answers the question: ask it again (`_ask` stops after twice)."""
        if self.state.asked.key == "choice":
            self._ask_choice()
        else:
            self._advance()

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
        when = draft.scheduled_for if scheduled else None
        ready = self._ready(draft, branch)
        if when is not None and ready is not None and ready > when:
            when = ready  # closed now, and asked for later than the opening: then
        order = place_order(self.session, self.ctx, draft, branch, when, ready_at=ready)
        number = order.number
        self.state.clear(Phase.placed)
        if when:
            local = when.astimezone(ZoneInfo(self.ctx.restaurant.timezone))
            today = self.now.astimezone(ZoneInfo(self.ctx.restaurant.timezone)).date()
            self.say(
                replies.order_scheduled(number, replies.opening_time(local, today, **self._lang()), **self.kw)
            )
            return
        self.result.jobs.append((FollowUp.forward_to_pos, (str(order.id),)))
        for body in replies.order_placed(
            number, ETA_MINUTES, ready=self._ready_label(draft, ready), **self.kw
        ):
            self.say(body)
