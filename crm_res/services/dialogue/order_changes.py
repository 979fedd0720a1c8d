"""Reading a change to the order being put together: more of a dish, one off, a count, one dish for
another, a kind said alone ("فراخ" of three burgers), some of a line made another kind, several such
changes in one message in order, and what a short name of the order's own dish stands for.

`OrderChanges` is the part of the ordering conversation that edits the draft, the lowest of its mixins
(`FulfilmentSteps`, `OrderQuestions`, `OrderReading` and `OrderingSteps` stand on it: they settle where
it goes, ask and place, read counts, and route the message); the helpers below it compare what a
message names with the draft's lines.
"""

from __future__ import annotations

import re
from dataclasses import replace
from decimal import Decimal
from typing import Any

from crm_res.assistant import replies
from crm_res.assistant.normalize import counts_in, normalize, number_value, word_set
from crm_res.assistant.order_edits import (
    BOTH,
    OrderEdit,
    around_the_change,
    asks_for_food,
    clauses,
    is_talk,
    joined,
    one_more,
    read_edit,
    restated_at,
    says_forgot,
    says_instead,
    says_them,
    some_of_them,
    starts_with_and,
    takes_all,
    the_rest_is,
    without_old_count,
    without_reasons,
)
from crm_res.assistant.order_parser import MenuEntry, ParsedOrder, parse_order
from crm_res.assistant.orders.vocabulary import PLAIN
from crm_res.models import MenuItem
from crm_res.services.dialogue import data
from crm_res.services.dialogue.states import (
    MAX_QUANTITY,
    Asked,
    Draft,
    Line,
    TooManyOfADish,
)
from crm_res.services.dialogue.turn import Turn

# Words the parser may keep as a line's note that only said "more of it" ("add one more burger").
_EDIT_NOTES = frozenset(("add", "more", "also", "another"))


class OrderChanges(Turn):
    """The changes a message makes to the draft (a mixin: it uses the flow's message and state)."""

    text: str

    # written by the mixins above this one (order_questions.py, ordering.py): they settle the rest and ask again
    def _advance(self, show_items: bool = False) -> None: ...

    def _name_back(self, parsed: ParsedOrder) -> None: ...

    def _known_from_draft(self, parsed: ParsedOrder, draft: Draft) -> ParsedOrder:
        """ "خلها ٥ شاورما" of an order with beef shawarma: a shared name the order has one item of
        is that item, not a question."""
        by_id = {str(m.id): m for m in data.menu(self.session, self.ctx.restaurant.id)}
        ids = {line.menu_item_id for line in draft.lines}
        shared = (
            set.intersection(*(set(m.candidates) for m in parsed.ambiguous)) if parsed.ambiguous else set()
        )
        if len(parsed.ambiguous) > 1 and len(shared) == 1 and (key := shared.pop()) in by_id:
            # "chicken … shawarmas": two loose names that fit one dish together are that dish
            count = max(m.quantity for m in parsed.ambiguous)
            parsed = ParsedOrder(
                lines=[*parsed.lines, data.order_line(by_id[key], count)],
                unknown=parsed.unknown,
                unavailable=parsed.unavailable,
            )
        for mention in list(parsed.ambiguous):  # "4 burgers …, all chicken": the chicken burger
            fits = [
                (line, key)
                for line in parsed.lines
                for key in mention.candidates
                if key in by_id
                and key != line.menu_item_key
                and _part_of(_line(line), [_item_line(by_id[key])])
            ]
            if len(fits) == 1:
                line, key = fits[0]
                parsed = ParsedOrder(
                    lines=[
                        data.order_line(by_id[key], line.quantity) if x is line else x for x in parsed.lines
                    ],
                    unknown=parsed.unknown,
                    unavailable=parsed.unavailable,
                    ambiguous=[m for m in parsed.ambiguous if m is not mention],
                )
        if takes_all(self.text):  # "4 burgers …, all chicken" read as a burger and a chicken burger: one dish
            pairs = [
                (a, b)
                for a in parsed.lines
                for b in parsed.lines
                if a is not b and b.quantity == 1 and _part_of(_line(a), [_line(b)])
            ]
            if len(pairs) == 1:
                short, full = pairs[0]
                merged = [replace(full, quantity=short.quantity) if x is short else x for x in parsed.lines]
                parsed = replace(parsed, lines=[x for x in merged if x is not full])
        lines, left = list(parsed.lines), []
        counts = counts_in(without_old_count(self.text))  # "خليهم اربعة شاورما مش تلاتة": four
        for mention in parsed.ambiguous:
            known = [key for key in mention.candidates if key in ids and key in by_id]
            if len(known) == 1:  # "خلها ٥ شاورما": the count said, which the shared name may lose
                said = (
                    counts[0] if mention.quantity == 1 and len(counts) == 1 and 0 < counts[0] <= 100 else None
                )
                lines.append(
                    data.order_line(by_id[known[0]], said or mention.quantity, mention.modifications)
                )
            else:
                left.append(mention)
        if len(left) == len(parsed.ambiguous):
            return parsed
        return ParsedOrder(
            lines=lines, unknown=parsed.unknown, unavailable=parsed.unavailable, ambiguous=left
        )

    def _kinds_of(self, draft: Draft, text: str) -> list[Line] | None:
        """Kinds said alone of the one dish the order has several kinds of ("la2 5aleeha 3 la7ma w 2
        frakh" of five beef shawarma; "kollohom frakh": all of them chicken): the order's lines of that
        dish, told again; None when the message says no kind of it."""
        menu = data.menu(self.session, self.ctx.restaurant.id)
        by_id = {str(m.id): m for m in menu}
        heads = {
            normalize(by_id[x.menu_item_id].name_ar).split()[0]
            for x in draft.lines
            if x.menu_item_id in by_id
        }
        families = [
            [m for m in menu if m.available and normalize(m.name_ar).split()[:1] == [head]] for head in heads
        ]
        families = [f for f in families if len(f) > 1]
        if len(families) != 1 or not text:
            return None
        family = families[0]
        setting = [part for part in clauses(text) if (e := read_edit(part)) is not None and e.kind == "set"]
        if len(setting) == 1 and setting[0] != text:
            text = setting[0]  # "…، الصغير بدو جاج كمان، خليهن 2 عادي و2 جاج": the clause that sets them
        said = parse_order(text, _told_apart(family)).lines
        worded = self._kind_words(family, text)  # "خلها كلها دبل", "2 عادي و2 جاج": words the head
        more = parse_order(worded, _told_apart(family)).lines if worded != text else []  # makes a kind of
        if len(more) > len(said):
            rows = data.branches(self.session, self.ctx.restaurant.id)
            if data.stated_mode(text) or data.named_branch(rows, text):
                return None  # "طيب عادي، العليا استلام": where it goes, and "عادي" is "fine"
            text, said = worded, more
        if not said:
            return None
        if (
            not counts_in(text)
            and all(x.modifications for x in said)
            and read_edit(_without_and(text)) is None
        ):
            return None  # "والدجاج بدون ثوم": how that kind is made (a note), not which kind they all are
        ids = {str(m.id) for m in family}
        kept = [x for x in draft.lines if x.menu_item_id not in ids]
        swapped = _some_swapped(draft, said, text, ids)
        if swapped is not None:  # "swap one of the chicken for beef" of three chicken shawarmas
            src, dst, n = swapped
            moved = [x.model_copy() for x in draft.lines if x.menu_item_id in ids]
            for x in moved:
                x.quantity -= n if x.menu_item_id == src else 0
                x.quantity += n if x.menu_item_id == dst else 0
            if all(x.menu_item_id != dst for x in moved):
                moved.append(_line(data.order_line(by_id[dst], n)))
            return [x for x in moved if x.quantity > 0] + kept
        had = sum(x.quantity for x in draft.lines if x.menu_item_id in ids)
        lines = [_line(data.order_line(by_id[line.menu_item_key], line.quantity)) for line in said]
        alone = len(normalize(text).split()) <= 2 and not any(c.isdecimal() for c in text)
        if (
            len(lines) == 1
            and lines[0].quantity == 1
            and had > 1
            and (takes_all(text) or says_them(text) or alone)
        ):
            lines[0].quantity = had  # "kollohom frakh": all of them; "فراخ" said alone after "تلاتة برجر" too
        at = _the_rest_at([x.menu_item_id for x in lines], text, _told_apart(family))
        others = sum(x.quantity for k, x in enumerate(lines) if k != at)
        if at is not None and had > others:
            lines[at].quantity = had - others  # "…والباقي عادي": the kind said after it is what is left
        old = [x for x in draft.lines if x.menu_item_id in ids]
        left = had - sum(x.quantity for x in lines)
        if left > 0 and len(old) == 1 and all(x.menu_item_id != old[0].menu_item_id for x in lines):
            lines.insert(0, old[0].model_copy(update={"quantity": left}))  # "make the extra one beef"
        return lines + kept

    def _kind_words(self, family: list[MenuItem], text: str) -> str:
        """`text` with each word that the family's head turns into one of its kinds ("دبل": "برجر
        دبل" is the double beef burger; "عادي": the plain one) written as that kind's own words."""
        entries = data.entries(data.menu(self.session, self.ctx.restaurant.id))
        head = normalize(family[0].name_ar).split()[0]
        own = {e.key: e.name_ar for e in _told_apart(family)}
        alone = [line.menu_item_key for line in parse_order(head, entries).lines]  # the plain one, if any
        words = []
        for word in text.split():
            bare = normalize(word).strip(",،.!")
            bare = bare[1:] if bare.startswith("و") and len(bare) > 3 else bare
            kind = parse_order(f"{head} {bare}", entries).lines if number_value(bare) is None else []
            key = kind[0].menu_item_key if len(kind) == 1 else None
            # a word the head reads past ("خلها") is no kind; "عادي" is the plain one
            named = key in own and bare != head and ([key] != alone or bare in PLAIN)
            words.append(own[key] if named and key is not None else word)
        return " ".join(words)

    def _variant_of(self, parsed: ParsedOrder, draft: Draft) -> OrderEdit | None:
        """A plain list whose every dish is another kind of one on the order ("chicken for both
        shawarmas" of two beef shawarma and a pepsi): a change of those lines (a swap), the rest kept."""
        if len(draft.lines) < 2 or _names_any(parsed, draft):
            return None
        by_id = {str(m.id): m for m in data.menu(self.session, self.ctx.restaurant.id)}
        said = [_line(line) for line in parsed.lines]
        stand_ins = [_stands_for(draft.lines, s, by_id, by_name_only=True) for s in said]
        if all(stand_ins) and len({id(x) for x in stand_ins}) == len(said):
            return OrderEdit("swap")
        return None

    def _edit_of(self, parsed: ParsedOrder | None) -> OrderEdit | None:
        """What the message changes in the draft: its own words, or a glued "و" before a dish."""
        if not self.text:
            return None
        text = without_reasons(without_old_count(self.text))  # "خليهن اربعة لأنو اجا ابن عمي"
        # "طلعوا اربعة بس، خلها ٤": the one part of the message that says what changes
        edit = read_edit(text) or next((e for part in clauses(text) if (e := read_edit(part))), None)
        rest = starts_with_and(self.text) if edit is None and parsed and parsed.lines else None
        if rest is not None and parsed is not None:
            again = parse_order(rest, data.entries(data.menu(self.session, self.ctx.restaurant.id)))
            if [line.menu_item_key for line in again.lines] == [line.menu_item_key for line in parsed.lines]:
                # "وشيل البيبسي": the "و" glued to a verb of its own ("and take the pepsi off")
                return read_edit(rest) or OrderEdit("add")
        return edit

    def _changes(self, text: str) -> list[tuple[ParsedOrder, OrderEdit, str]]:
        """A message of several changes ("رجعه برجر دجاج، بس شيل البيبسي وحط مي", "go back to beef
        shawarma, but 3 of them"): each part with its change, in order; [] for one change or none."""
        parts = clauses(text) if text else []
        if len(parts) < 2:
            return []
        entries = data.entries(data.menu(self.session, self.ctx.restaurant.id))
        steps: list[tuple[ParsedOrder, OrderEdit, str]] = []
        edits = 0
        for part in parts:
            parsed, edit = parse_order(part, entries), read_edit(part)
            if edit is not None and edit.kind == "add" and not parsed.lines and (more := one_more(part)):
                edit = replace(edit, quantity=more)  # "زيد واحد ثاني": one more of the dish just named
            edits += edit is not None
            if (
                edit is None
                and parsed.lines
                and steps
                and not steps[-1][0].lines
                and steps[-1][1].quantity is None
            ):
                # "رجعها مثل ما كانت، ٢ برجر لحم مزدوج": the dishes of the change said before them
                steps[-1] = (parsed, steps[-1][1], f"{steps[-1][2]} {part}")
                continue
            if edit is not None and not parsed.lines and steps and steps[-1][1].plain:
                # "لا لا ترسلون البيبسي، شيلوه": the dish said before the change
                steps[-1] = (steps[-1][0], edit, f"{steps[-1][2]} {part}")
                continue
            if (
                edit is None
                and parsed.lines
                and says_forgot(part)
                and _counted_later(parts, part, parsed, entries)
            ):
                continue  # "نسيت البطاطس، زود اتنين بطاطس": the dish remembered, then how many of it
            if edit is None and parsed.lines:  # "…، وبطاطس": more; "يعني ثلاث كنافة": the count meant
                edit = OrderEdit("set" if restated_at(part) is not None else "add", plain=True)
            if edit is not None:
                steps.append((parsed, edit, part))
        return steps if edits >= 2 or (edits and len(steps) >= 2) else []

    def _edit(self, draft: Draft, parsed: ParsedOrder, edit: OrderEdit) -> bool:
        return self._edit_steps(draft, [(parsed, edit, self.text)])

    def _edit_steps(self, draft: Draft, steps: list[tuple[ParsedOrder, OrderEdit, str]]) -> bool:
        """More of something, something taken off, a count said again, one dish for another: the
        draft changes, the rest of it stays; then the summary again (and its question)."""
        lines = [line.model_copy() for line in draft.lines]
        last = list(draft.last_changed)
        had = {line.menu_item_id for line in lines}
        for parsed, edit, text in steps:
            # a dish this message took off ("شيل المتبل وحط بداله سلطة"): what "instead of it" means
            gone = {key for key in last if key in had} - {line.menu_item_id for line in lines}
            last = self._apply(lines, parsed, edit, text, last, taken_off=bool(gone)) or last
            self._name_back(parsed)
        if not lines:  # everything taken off: nothing left to order
            self.state.clear()
            self.say(replies.order_cancelled(**self.kw))
            return True
        return self._changed(draft, lines, last)

    def _changed(self, draft: Draft, lines: list[Line], last: list[str]) -> bool:
        """The draft's new lines, then the summary again (and its question)."""
        if lines != draft.lines:  # a changed order answers: the question asked starts its count again
            self.state.asked = Asked(key=self.state.asked.key, times=0)
            draft.before = [line.model_copy() for line in draft.lines]
        draft.lines, draft.last_changed = lines, last
        self._advance(show_items=True)
        return True

    def _apply(
        self,
        lines: list[Line],
        parsed: ParsedOrder,
        edit: OrderEdit,
        text: str,
        last: list[str],
        taken_off: bool = False,
    ) -> list[str]:
        """One change to `lines` (in place); the menu item ids of the lines it changed."""
        if not parsed.lines:  # "خليها ٣", "but 3 of them": the line changed last, or the only one
            target = _counted_line(lines, last) if edit.quantity is not None else []
            for line in target:  # "زيد واحد ثاني": one more of it; "خليها ٣": three
                more = line.quantity if edit.kind == "add" else 0
                line.quantity = min(more + (edit.quantity or 1), MAX_QUANTITY)
            return [line.menu_item_id for line in target]
        said = [_line(line) for line in parsed.lines]
        counted = any(number_value(t) is not None for t in normalize(text).split())
        ids = {line.menu_item_id for line in lines}
        said_count = any(number_value(t) is not None and t not in BOTH for t in normalize(text).split())
        if edit.plain and not said_count and all(s.menu_item_id in ids for s in said):
            return []  # "يعني بدي الاتنين متبل وحمص": what the order already has, said again
        if (
            edit.kind in ("set", "swap")
            and len(said) == 1
            and said[0].menu_item_id in ids
            and takes_all(text)
        ):
            if merged := self._all_made(lines, said[0]):
                return merged  # "make both of them kunafa" of an om ali and a kunafa: two kunafa
        if edit.kind == "set" and len(said) == 2 and self._one_made_another(said, ids, text):
            edit = OrderEdit(
                "swap"
            )  # "المتبل خليها حمص", "make the pepsi a water": that dish becomes the other
        if edit.kind == "swap" or (edit.kind == "set" and not any(s.menu_item_id in ids for s in said)):
            by_id = {str(m.id): m for m in data.menu(self.session, self.ctx.restaurant.id)}
            ordered = [m for key, m in by_id.items() if key in ids]
            named = {line.menu_item_key for line in parse_order(text, data.entries(ordered)).lines}
            # "بدل البرجر…" of a chicken burger: "البرجر" is that line, not another burger
            named_lines = [x for x in lines if x.menu_item_id in named]
            fresh = [s for s in said if s.menu_item_id not in named and not _part_of(s, named_lines)]
            if not fresh:  # "غير البرجر ٢": only dishes already ordered, so their count changes
                edit = OrderEdit("set")
            else:
                if named:  # "بدل العصير خله بيبسي": what the draft had, named, is taken off
                    replaced = [x for x in lines if x.menu_item_id in named]
                elif parsed.unavailable or parsed.unknown:  # "بدال الآيس كريم عطوني أم علي": instead of that
                    replaced = []
                else:  # "ghayerha mandi lahm", "make the shawarmas chicken": the line it stands for
                    # (none when the message took a dish off first: "شيل المتبل وحط بداله سلطة" of a
                    # hummus too puts the salad where the moutabal was, the hummus stays)
                    stand_ins = [] if taken_off else [_stands_for(lines, s, by_id) for s in fresh]
                    replaced = list({id(x): x for x in stand_ins if x is not None}.values())
                    if not replaced and edit.kind == "swap" and not taken_off and len(lines) == 1:
                        replaced = list(lines)  # "شاورما لحم بدال" of a one-dish order: instead of it
                some = some_of_them(text)
                if (
                    len(replaced) == 1
                    and len(fresh) == 1
                    and some is not None
                    and some < replaced[0].quantity
                ):
                    # "switch one of the om alis to a kunafa": that many change, the rest of the line stays
                    replaced[0].quantity -= some
                    fresh[0].quantity = some
                    said, edit = fresh, OrderEdit("add")
                elif len(replaced) == 1 and len(fresh) == 1:  # one for one, in its place in the order
                    if not counted:  # "two beef shawarma" → "make them chicken": two
                        fresh[0].quantity = replaced[0].quantity
                    lines[lines.index(replaced[0])] = fresh[0]
                    return [fresh[0].menu_item_id]
                else:
                    lines[:] = [x for x in lines if all(x is not r for r in replaced)]
                    said, edit = fresh, OrderEdit("add")
        if edit.kind == "remove":  # "شيل واحد من البرقر" of a chicken burger: "البرقر" is that line
            said = [_within(s, lines) for s in said]
        changed: list[str] = []
        for s in said:
            s.modifications = [m for m in s.modifications if m not in _EDIT_NOTES]
            same = [x for x in lines if x.menu_item_id == s.menu_item_id]
            if edit.kind == "remove" and same and counted and s.quantity < same[0].quantity:
                same[0].quantity -= s.quantity  # "remove one tea" of two: one is left
            elif edit.kind == "remove":
                lines[:] = [x for x in lines if x.menu_item_id != s.menu_item_id]
            elif edit.kind == "set" and same:
                same[0].quantity = s.quantity
            elif match := next((x for x in same if x.modifications == s.modifications), None):
                match.quantity = min(match.quantity + s.quantity, 100)
            else:
                lines.append(s)
            changed.append(s.menu_item_id)
        return changed

    def _one_made_another(self, said: list[Line], ids: set[str], text: str) -> bool:
        """ "المتبل خليها حمص", "make the pepsi a water", "خلي البيبسي مي": the first dish, one the order
        has, said before the verb or right after it with no count, then the new one with no "and"
        between ("make it 2 burgers and a pepsi" changes a count and adds)."""
        if not (said[0].menu_item_id in ids and said[1].menu_item_id not in ids):
            return False
        entries = data.entries(data.menu(self.session, self.ctx.restaurant.id))
        head, tail = around_the_change(text)
        named = [line.menu_item_key for line in parse_order(" ".join(head), entries).lines] if head else []
        if named:  # "المتبل خليها حمص" (an "and" alone before the verb names nothing)
            return named == [said[0].menu_item_id]
        for k in range(1, len(tail)):
            first = parse_order(" ".join(tail[:k]), entries).lines
            if [line.menu_item_key for line in first] == [said[0].menu_item_id]:
                counted = any(number_value(normalize(w)) is not None for w in tail[:k])
                return not counted and not joined(tail[k:])
        return False

    def _taken_off(self, parsed: ParsedOrder, edit: OrderEdit, text: str) -> ParsedOrder:
        """ "شيل البرغر العادي، بس الدبل بدي": what a removal takes off is what its own part names,
        not the dish kept in another part of the message."""
        if edit.kind != "remove":
            return parsed
        parts = [c for c in clauses(text) if (e := read_edit(c)) is not None and e.kind == "remove"]
        if not parts or len(parts) == len(clauses(text)):
            return parsed
        entries = data.entries(data.menu(self.session, self.ctx.restaurant.id))
        own = parse_order(" ".join(parts), entries)
        # "skip the ice cream then, he'll share Omar's falafel": the sold-out one, and nothing else
        return own if own.lines or own.unavailable else parsed

    def _in_its_place(self, edit: OrderEdit, text: str, instead: int) -> ParsedOrder | None:
        """ "ok bala ice cream, 3tini om ali wa7de badalon" after we said the ice cream is sold out:
        the removal takes off nothing the order has, and the dishes of the message's other parts are
        added in its place. `instead`: our last reply named a dish the order cannot have."""
        if edit.kind != "remove" or not instead:
            return None
        parts = clauses(text)
        removing = [c for c in parts if (e := read_edit(c)) is not None and e.kind == "remove"]
        others = [c for c in parts if c not in removing]
        if not removing or not others:
            return None
        entries = data.entries(data.menu(self.session, self.ctx.restaurant.id))
        if parse_order(" ".join(removing), entries).lines:
            return None
        put = parse_order(" ".join(others), entries)
        asked = says_instead(text) or asks_for_food(" ".join(others))  # not "he'll share Omar's falafel"
        return put if asked and put.lines and not put.ambiguous else None

    def _other_courses(self, parsed: ParsedOrder, draft: Draft) -> bool:
        """Whether a list names only parts of the menu the order has none of (drinks for an order of
        mains): it completes the order rather than replacing it."""
        by_id = {str(m.id): m for m in data.menu(self.session, self.ctx.restaurant.id)}
        have = {by_id[x.menu_item_id].category for x in draft.lines if x.menu_item_id in by_id}
        said = {by_id[x.menu_item_key].category for x in parsed.lines if x.menu_item_key in by_id}
        return bool(have) and bool(said) and not said & have

    def _made_otherwise(self, draft: Draft, entries: list[MenuEntry]) -> bool:
        """ "بدون بصل في شاورما اللحمة", "وقفو البصل من شاورما اللحمة", "stop el onion fl burgers
        kollaha": how dishes already on the order are made, no count and no other dish: the note
        goes on those lines and the rest stays (it used to be read as the whole new order)."""
        text = _stop_as_without(_without_and(self.text))  # "w el la7ma min gheir basal": "and" the beef one
        if any(n != 1 for n in counts_in(text)):
            return False  # a count says more than how it is made
        edit = read_edit(text)
        if edit is not None and not (edit.kind == "remove" and normalize(text).split()[0] in _WITHOUT_WORDS):
            return False  # "add one more pepsi", "شيل البيبسي": a change of the lines themselves
        parsed = self._known_from_draft(parse_order(text, entries), draft)
        if not all(line.modifications for line in parsed.lines):
            kinds = parse_order(text, self._kinds_in_the_draft(draft))  # "الدجاج بدون ثوم": a kind alone
            parsed = kinds if kinds.lines and all(line.modifications for line in kinds.lines) else parsed
        if not parsed.lines or parsed.ambiguous or parsed.unknown:
            return False
        ordered = {line.menu_item_id for line in draft.lines}
        said = [_within(_line(line), draft.lines) for line in parsed.lines]
        if any(not s.modifications or s.menu_item_id not in ordered for s in said):
            return False
        lines = [line.model_copy(deep=True) for line in draft.lines]
        for s in said:
            for line in lines:
                if line.menu_item_id == s.menu_item_id:
                    notes = [_bare_note(m) for m in s.modifications]
                    line.modifications = [
                        *line.modifications,
                        *(n for n in notes if n not in line.modifications),
                    ]
        return self._changed(draft, lines, [s.menu_item_id for s in said])

    def _kinds_in_the_draft(self, draft: Draft) -> list[MenuEntry]:
        """The draft's dishes named by what tells apart those of them that share a first word
        ("دجاج" / "لحم" of a chicken and a beef shawarma); every other dish by its own name."""
        by_id = {str(m.id): m for m in data.menu(self.session, self.ctx.restaurant.id)}
        items = [by_id[x.menu_item_id] for x in draft.lines if x.menu_item_id in by_id]
        return [e for family in by_head(items).values() for e in _told_apart(family)]

    def _all_made(self, lines: list[Line], said: Line) -> list[str]:
        """ "make both of them kunafa", "خليهم كلهم كنافة": the order's dishes of the kind of the one
        named all become it (their counts added); [] when the order has no other dish of that kind."""
        by_id = {str(m.id): m for m in data.menu(self.session, self.ctx.restaurant.id)}
        kind = by_id[said.menu_item_id].category if said.menu_item_id in by_id else None
        same = [x for x in lines if x.menu_item_id in by_id and by_id[x.menu_item_id].category == kind]
        keep = next((x for x in same if x.menu_item_id == said.menu_item_id), None)
        if keep is None or len(same) < 2:
            return []
        keep.quantity = min(sum(x.quantity for x in same), MAX_QUANTITY)
        lines[:] = [x for x in lines if x is keep or all(x is not y for y in same)]
        return [keep.menu_item_id]


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


# "وقفو البصل", "stop el onion": a stop verb said of what goes in a dish opens a "without".
_STOP_THE = re.compile(
    r"^\s*(?:وقفو|وقفوا|وقف|اوقفو|اوقفوا|stop|wa2fo|wa2afo|wa2fou)\s+(?:el\s+|al\s+|the\s+)?", re.I
)
# The word a note ends on when the dish comes after it ("بدون البصل من", "no onion in").
_NOTE_TAIL = frozenset(
    normalize(w) for w in "من في فى بال لل على عن in on of for from fl fel fi fil min mn".split()
)


# A note's opening word ("بلا بصل في البرجر": how it is made, not the burger taken off).
_WITHOUT_WORDS = frozenset(normalize(w) for w in "بلا بدون bala bela bdun bidun no without".split())


def _without_and(text: str) -> str:
    """The message without the "and" that opens it ("والدجاج بدون ثوم" → "الدجاج بدون ثوم", "w el …");
    unlike `starts_with_and`, a glued "و" goes only before "ال" ("وقفوا الطماطم" keeps its verb)."""
    words = text.split()
    if len(words) > 1 and normalize(words[0]) in _AND_ALONE:
        return " ".join(words[1:])
    glued = words[0][1:] if words and words[0].startswith("و") and len(words[0]) > 3 else ""
    return " ".join([glued, *words[1:]]) if glued.startswith("ال") else text


_AND_ALONE = word_set("و w wa and")


def _stop_as_without(text: str) -> str:
    """ "وقفو البصل من شاورما اللحمة" → "بدون البصل من …", "stop el onion fl burgers" → "no onion fl …"."""
    m = _STOP_THE.match(text)
    if m is None:
        return text
    rest = text[m.end() :]
    return ("بدون " if re.match(r"[\u0600-\u06ff]", rest) else "no ") + rest


def _bare_note(note: str) -> str:
    """The note without the preposition that led to its dish ("no onion in" → "no onion")."""
    words = note.split()
    while len(words) > 1 and normalize(words[-1]) in _NOTE_TAIL:
        words.pop()
    return " ".join(words)


def _item_line(m: MenuItem) -> Line:
    return Line(menu_item_id=str(m.id), name_ar=m.name_ar, name_en=m.name_en, quantity=1, price=m.price)


def _counted_line(lines: list[Line], last: list[str]) -> list[Line]:
    """The line a count said alone is for: the one changed last, or the only one."""
    return [x for x in lines if x.menu_item_id in last] or (lines if len(lines) == 1 else [])


def _name_words(line: Line) -> tuple[set[str], set[str]]:
    return set(normalize(line.name_en).split()), set(normalize(line.name_ar).split())


def _part_of(said: Line, lines: list[Line]) -> bool:
    """Whether the dish said is a shorter name of one of `lines` ("برجر" of "برجر دجاج")."""
    en, ar = _name_words(said)
    return any(en <= e or ar <= a for e, a in map(_name_words, lines))


def _within(said: Line, lines: list[Line]) -> Line:
    """The order's one line a shorter name said stands for ("البرقر" of a chicken burger), with the
    count said; the dish itself when the order has it, or when several lines fit."""
    if any(x.menu_item_id == said.menu_item_id for x in lines):
        return said
    fits = [x for x in lines if _part_of(said, [x])]
    if len(fits) != 1:
        return said
    return fits[0].model_copy(update={"quantity": said.quantity, "modifications": list(said.modifications)})


def _named_in_full(item: MenuItem, written: str) -> bool:
    """Whether a normalised message says the item's whole name, in Arabic or English."""
    return any(name and normalize(name) in written for name in (item.name_ar, item.name_en))


def _stands_for(
    lines: list[Line], said: Line, by_id: dict[str, MenuItem], *, by_name_only: bool = False
) -> Line | None:
    """The line "change it to …" / "رجعه …" means when it names none of the order's dishes: the
    one sharing a word of the dish's name ("the shawarmas" for another shawarma), else the only one
    of its kind on the menu (a main for a main); None when that is not one line."""

    def words(line: Line) -> set[str]:
        return set(normalize(f"{line.name_en} {line.name_ar}").split())

    sharing = [x for x in lines if words(x) & words(said)]
    if len(sharing) > 1:  # "make it chicken shawarma" of a chicken kabsa and a beef shawarma: the head word
        sharing = [
            x for x in sharing if normalize(x.name_ar).split()[:1] == normalize(said.name_ar).split()[:1]
        ]
    if sharing or by_name_only:
        return sharing[0] if len(sharing) == 1 else None
    kind = by_id[said.menu_item_id].category if said.menu_item_id in by_id else None
    same_kind = [x for x in lines if x.menu_item_id in by_id and by_id[x.menu_item_id].category == kind]
    return same_kind[0] if len(same_kind) == 1 else None


def _line(line: Any) -> Line:
    if line.quantity > MAX_QUANTITY:
        raise TooManyOfADish(line.name_en)
    return Line(
        menu_item_id=line.menu_item_key,
        name_ar=line.name_ar,
        name_en=line.name_en,
        quantity=line.quantity,
        price=Decimal(line.unit_price),
        modifications=[m for m in line.modifications if not is_talk(m)],  # "no worries" is no note
    )


def _names_any(parsed: ParsedOrder, draft: Draft) -> bool:
    """Whether the message names a dish the draft already has."""
    return bool({line.menu_item_key for line in parsed.lines} & {line.menu_item_id for line in draft.lines})


def _some_swapped(draft: Draft, said: list[Any], text: str, ids: set[str]) -> tuple[str, str, int] | None:
    """ "swap one of the chicken for beef", "غير واحد من الدبل خله برجر دجاج": (from, to, how many) when
    the message names two kinds of one dish, the first on the order with at least that many."""
    n = some_of_them(text)
    edit = read_edit(text)
    if n is None or edit is None or edit.kind not in ("swap", "set") or len(said) != 2:
        return None
    src, dst = said[0].menu_item_key, said[1].menu_item_key
    have = {x.menu_item_id: x.quantity for x in draft.lines if x.menu_item_id in ids}
    if src == dst or have.get(src, 0) < n:
        return None
    return src, dst, n


def _in_draft(parsed: ParsedOrder, draft: Draft) -> bool:
    """Whether every dish the message names is already in the order with that count."""
    have = {line.menu_item_id: line.quantity for line in draft.lines}
    return all(
        have.get(line.menu_item_key) in (line.quantity, None) and line.menu_item_key in have
        for line in parsed.lines
    )


def _adds(part: str) -> bool:
    """ "وزيد ماي ثنتين", "and add a pepsi": a part of a message that adds to the order."""
    edit = read_edit(part) or read_edit(starts_with_and(part.strip()) or "")
    return edit is not None and edit.kind == "add"


def _the_rest_at(keys: list[str], text: str, entries: list[MenuEntry]) -> int | None:
    """Which of several kinds said is "the rest" ("ثنتين دجاج والباقي لحم", "two beef and the rest
    chicken"): the one named after the word for it; None when none is, or the message has no such word."""
    rest = the_rest_is(text)
    if rest is None or len(keys) < 2:
        return None
    after = parse_order(rest, entries).lines
    at = [k for k, key in enumerate(keys) if after and key == after[-1].menu_item_key]
    return at[0] if len(at) == 1 else None


def by_head(items: list[MenuItem]) -> dict[str, list[MenuItem]]:
    """The items grouped by the first word of their Arabic name ("شاورما دجاج", "شاورما لحم": one
    family), in the order first seen."""
    heads: dict[str, list[MenuItem]] = {}
    for m in items:
        heads.setdefault(normalize(m.name_ar).split()[0], []).append(m)
    return heads


def _counted_later(parts: list[str], part: str, parsed: ParsedOrder, entries: list[MenuEntry]) -> bool:
    """Whether a later part of the message names every dish of `part` again with a count."""
    later = [line for p in parts[parts.index(part) + 1 :] for line in parse_order(p, entries).lines]
    counted = {line.menu_item_key for line in later if line.said_count}
    return {line.menu_item_key for line in parsed.lines} <= counted
