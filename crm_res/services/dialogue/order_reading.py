"""Reading how many of what an order message asks for: its order part when a story or a heading comes
first, the people it is for ("ابوي مندي، وانا واخوي كل واحد برجر", "احنا خمسة وكل واحد…"), a count of
a shared name split into kinds ("٦ شاورمات، ثنتين لحم والباقي دجاج"), the cheaper of two, and a
sold-out dish's stand-in counted as it was.

`OrderReading` is a mixin of the ordering conversation, between `OrderQuestions` (order_questions.py)
and `OrderingSteps` (ordering.py), which starts the order with what it reads.
"""

from __future__ import annotations

import re
from dataclasses import replace
from decimal import Decimal
from typing import Any

from crm_res.assistant.normalize import counts_in, normalize, number_value
from crm_res.assistant.order_edits import (
    HALF_WORDS,
    by_price,
    offers_a_fallback,
    ordered_part,
    reasons,
    restated_at,
    says_halves,
    the_rest_is,
    without_counting_off,
)
from crm_res.assistant.order_parser import MenuEntry, ParsedOrder, parse_order
from crm_res.assistant.shares import group_size, is_whose, per_person, shares, whose_order
from crm_res.models import MenuItem
from crm_res.services.dialogue import data
from crm_res.services.dialogue.order_changes import _the_rest_at, _told_apart, by_head
from crm_res.services.dialogue.order_questions import OrderQuestions
from crm_res.services.dialogue.states import MAX_QUANTITY, ORDERING


class OrderReading(OrderQuestions):
    """How many of what the message orders (a mixin: it uses the flow's message and state)."""

    text: str

    def _shared(self, parsed: ParsedOrder, text: str) -> ParsedOrder:
        """Dishes for several people, part by part ("ابوي يبي مندي، امي كبسة، وانا واخوي كل واحد برجر،
        وكل واحد بيبسي"): each part's dishes times the people it is for; unchanged when the parts do not
        name the dishes the whole message does."""
        party = (self.state.draft.party if self.state.draft is not None else None) or self.state.known_party
        split = shares(text, party=party) if parsed.lines else None
        if not split:
            return parsed
        entries = data.entries(data.menu(self.session, self.ctx.restaurant.id))
        said = [(part, people, parse_order(part, entries).lines) for part, people in split]
        merged: dict[str, Any] = {}
        for part, people, lines in said:
            if not lines and (who := whose_order(part)) is not None:
                # "والعيال الثلاثة كل واحد مثل طلبي": what the speaker's (or the wife's) own part orders
                lines = next((own for p, _, own in said if own and is_whose(p, who)), [])
            for line in lines:
                count = line.quantity * people if line.quantity == 1 else line.quantity
                had = merged[line.menu_item_key].quantity if line.menu_item_key in merged else 0
                merged[line.menu_item_key] = replace(line, quantity=min(had + count, MAX_QUANTITY))
        if set(merged) != {line.menu_item_key for line in parsed.lines}:
            return parsed
        return replace(parsed, lines=list(merged.values()))

    def _count_in_kinds(self, parsed: ParsedOrder) -> ParsedOrder:
        """A count of a name several dishes share, split into its kinds in the same message ("ابغى ٦
        شاورمات، ثنتين لحم والباقي دجاج", "4 burgers, half regular half chicken", "٥ برقر، ثلاث دبل
        والباقي دياي"): the kinds at their counts, "the rest" and the halves out of that count."""
        halves = says_halves(self.text)
        if not halves and the_rest_is(self.text) is None:
            return parsed
        by_key = {str(m.id): m for m in data.menu(self.session, self.ctx.restaurant.id)}
        count, family = _the_count_of_a_family(parsed, by_key)
        if count == 1:  # "نحنا ٥ شباب بدنا شاورما، تلاتة لحمة والباقي جاج": one each
            count = group_size(self.text) or self.state.known_party or 1
        if count < 2 or len(family) < 2:
            return parsed
        # the clause that says the kinds ("…، ثنتين لحم والباقي دجاج"), else the whole message
        parts = re.split(r"[،,]", self.text)
        part = next((p for p in parts if says_halves(p) or the_rest_is(p) is not None), self.text)
        worded = self._kind_words(family, part)  # "والباقي عادي": the plain one is "the rest"
        said = parse_order(worded, _told_apart(family)).lines
        keys, counts = [line.menu_item_key for line in said], [line.quantity for line in said]
        if halves and len(keys) == 2:
            counts = [count // 2, count - count // 2]
        elif (at := _the_rest_at(keys, worded, _told_apart(family))) is not None:
            counts[at] = count - sum(n for k, n in enumerate(counts) if k != at)
        else:
            return parsed
        if any(n < 1 for n in counts) or sum(counts) != count:
            return parsed
        ids = {str(m.id) for m in family}
        lines = [data.order_line(by_key[k], n) for k, n in zip(keys, counts, strict=True)]
        return replace(
            parsed,
            lines=lines + [line for line in parsed.lines if line.menu_item_key not in ids],
            ambiguous=[a for a in parsed.ambiguous if not set(a.candidates) & ids],
            unknown=[w for w in parsed.unknown if normalize(w) not in HALF_WORDS],
        )

    def _counted(self, parsed: ParsedOrder) -> ParsedOrder:
        """Counts said around the dishes: "احنا خمسة وكل واحد يبي شاورما وبيبسي" (five of each),
        "2 ice cream, w law mafeesh 5aleehom om ali" (the dish instead of a sold-out one, as many)."""
        shared = self._shared(parsed, self.text)
        if shared is not parsed:
            return shared
        people = per_person(self.text)
        counts = [m.quantity for m in parsed.lines] + [m.quantity for m in parsed.ambiguous]
        if people is not None and counts and all(n == 1 for n in counts):
            # "نحنا خمس اشخاص، بدنا شاورما لكل واحد": five, asked which kind of shawarma too
            return replace(
                parsed,
                lines=[replace(line, quantity=people) for line in parsed.lines],
                ambiguous=[replace(m, quantity=people) for m in parsed.ambiguous],
            )
        if len(parsed.unavailable) == 1 and len(parsed.lines) == 1 and parsed.lines[0].quantity == 1:
            off = parsed.unavailable[0]
            count = _count_before(self.text, off.name_ar) or _count_before(self.text, off.name_en)
            if count and offers_a_fallback(self.text):
                return replace(parsed, lines=[replace(parsed.lines[0], quantity=count)])
        return parsed

    def _cheaper(self, parsed: ParsedOrder) -> ParsedOrder:
        """ "two of whichever is cheaper, kunafa or om ali": only the cheapest (or dearest) of them."""
        which = by_price(self.text)
        if which is None or len(parsed.lines) < 2 or parsed.ambiguous:
            return parsed
        pick = (min if which == "min" else max)(parsed.lines, key=lambda line: line.unit_price)
        counts = counts_in(self.text)
        quantity = counts[0] if len(counts) == 1 and 0 < counts[0] <= 100 else pick.quantity
        line = replace(pick, quantity=quantity)
        return ParsedOrder(lines=[line], unknown=parsed.unknown, unavailable=parsed.unavailable)

    def _parse_message(self) -> ParsedOrder:
        """The message's order: only its order part when a story or a heading comes first
        ("…والمندي كان جامد، فالنهاردة عايز مندي لحم واحد…", "…قررنا: مندي ثنتين…")."""
        entries = data.entries(data.menu(self.session, self.ctx.restaurant.id))
        text = without_counting_off(self.text)
        if self.state.draft is not None and self.state.phase in ORDERING:
            text = _without_total(text, self.state.draft.total())  # "ليش ١٧٢؟": our total said back
        for start, end in reversed(reasons(text)):  # "…عشان ماما بتموت في الكنافة": said again, not more
            rest = text[:start] + text[end:]
            why = parse_order(text[start:end], entries)
            if why.lines and all(
                any(w.menu_item_key == r.menu_item_key for r in parse_order(rest, entries).lines)
                for w in why.lines
            ):
                text = rest
        # (a message that says who gets what, "عيالي ثلاثه يبون كل واحد برقر، وانا ابي مندي", is all order)
        part = ordered_part(text) if not shares(text) else None
        whole = parse_order(text, entries)
        if part:
            parsed = parse_order(part, entries)
            # "عايزين تسع شاورمات: ستة فراخ وتلاتة لحمة": the heading names what the part's words are kinds of
            heading_needed = len(whole.unknown) < len(parsed.unknown) and _in_lines(parsed, whole)
            if (parsed.lines or parsed.ambiguous) and not heading_needed:
                return _restated(parsed, part, entries)
        return _restated(whole, text, entries)


def _without_total(text: str, total: Decimal) -> str:
    """The message without the order's total said back ("ليش ١٧٢؟"): a sum, never a count."""
    if total < 10 or total != total.to_integral_value():
        return text
    words = text.split()
    kept = [w for w in words if number_value(normalize(w).strip(",،.!?؟")) != int(total)]
    return " ".join(kept) if len(kept) < len(words) else text


def _count_before(text: str, words: str) -> int | None:
    """The count said just before `words` in `text` ("٢ مندي فراخ" → 2), or right after them and a
    word more ("بي بي سي ثنين": the voice note's Pepsi, two), if any."""
    target = normalize(words).split()
    said = normalize(text).split()
    # (the "و" glued to the first word is no part of it: "وسفن اب ثلاث")
    glued = [t.startswith("و") and len(t) > 2 and t[1:3] == target[0][:2] for t in said]
    toks = [t[1:] if g else t for t, g in zip(said, glued, strict=True)]
    for i in range(len(toks)):
        if toks[i : i + len(target)] == target:
            after = toks[i + len(target) : i + len(target) + 2]
            if after and (after[0].startswith("و") or number_value(after[0]) is not None):
                after = after[:1]  # "… وبرجر ثلاث": the next dish's count is its own
            # a count after it first, and none before a glued "و" ("كنافة تنتين وايس كريم": the
            # "تنتين" is the kunafa's)
            near = after + ([] if glued[i] else toks[max(i - 1, 0) : i])
            value = next((v for v in map(number_value, near) if v is not None), None)
            return value if value is not None and 0 < value <= 100 else None
    return None


def _restated(parsed: ParsedOrder, text: str, entries: list[MenuEntry]) -> ParsedOrder:
    """An order whose message says a count again ("وبيبسي لكل واحد يعني اربعة", "a pepsi for each of us
    so that's four pepsis"): the count said last is the count, not one more."""
    at = restated_at(text)
    if at is None or not parsed.lines:
        return parsed
    before, after = parse_order(text[:at], entries), parse_order(text[at:], entries)
    counts = counts_in(text[at:])
    said = {line.menu_item_key: line.quantity for line in after.lines}
    if not after.lines and len(counts) == 1 and before.lines:  # "…يعني اربعة": the dish just named
        said = {before.lines[-1].menu_item_key: counts[0]}
    if not said or not all(key in {line.menu_item_key for line in before.lines} for key in said):
        return parsed
    lines = [
        replace(line, quantity=min(said.get(line.menu_item_key, line.quantity), 100)) for line in before.lines
    ]
    return replace(parsed, lines=lines)


def _in_lines(parsed: ParsedOrder, other: ParsedOrder) -> bool:
    """Whether every line of `parsed` is in `other` with its count."""
    have = {line.menu_item_key: line.quantity for line in other.lines}
    return all(have.get(line.menu_item_key) == line.quantity for line in parsed.lines)


def _the_count_of_a_family(parsed: ParsedOrder, by_key: dict[str, MenuItem]) -> tuple[int, list[MenuItem]]:
    """The count said of a name several dishes share, and those dishes: the shared name asked about
    ("٦ شاورمات" of chicken and beef), or the plain dish whose name heads the others ("٥ برقر" of the
    double and the chicken burger); (0, []) when the message has neither."""
    for mention in parsed.ambiguous:
        family = [by_key[k] for k in mention.candidates if k in by_key]
        if any(line.menu_item_key in mention.candidates for line in parsed.lines):
            return mention.quantity, family
    for line in parsed.lines:
        plain = by_key.get(line.menu_item_key)
        if plain is None:
            continue
        head = normalize(plain.name_ar)
        family = [m for m in by_key.values() if m.available and normalize(m.name_ar).split()[:1] == [head]]
        count = sum(x.quantity for x in parsed.lines if x.menu_item_key == line.menu_item_key)
        if len(family) > 1 and count > 1:  # (the parser may have cut "٤ برجر، نصهم …" in two)
            return count, family
    # "بدنا شاورما، تلاتة لحمة والباقي جاج": kinds of one name, no count
    said = [by_key[line.menu_item_key] for line in parsed.lines if line.menu_item_key in by_key]
    kinds = next((family for family in by_head(said).values() if len(family) > 1), [])
    return (1, kinds) if kinds else (0, [])
