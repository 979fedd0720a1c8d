"""Marks on a thread message (services/inbox/message_marks.py): "edited" with the original a
click or hover away, "deleted", the customer's reaction, a missed call as a line of its own, and
content WhatsApp could not hand over with its reason in words."""

from __future__ import annotations

import reflex as rx
from reflex.vars import ObjectVar

from crm_res.services.inbox.message_marks import WHY
from crm_res.state.rows import ThreadItem
from crm_res.state.ui import tr, tr_value


def edited_badge(m: ObjectVar[ThreadItem]) -> rx.Component:
    """ "Edited": the original text on hover (title) and when opened (a details element, so it
    works on a phone too)."""
    return rx.el.details(
        rx.el.summary(
            rx.badge(tr("msg_edited"), color_scheme="blue", variant="soft", size="1"),
            title=m["original"].to(str),
            style={"cursor": "pointer", "listStyle": "none", "display": "inline"},
        ),
        rx.text(
            tr("msg_original"),
            ": ",
            rx.text(m["original"], as_="span", dir="auto"),
            size="1",
            color_scheme="gray",
            white_space="pre-wrap",
            data_testid="msg-original",
        ),
        data_testid="msg-edited",
    )


def deleted_badge() -> rx.Component:
    return rx.badge(
        tr("msg_deleted"),
        color_scheme="red",
        variant="soft",
        size="1",
        title=tr("msg_deleted_hint"),
        data_testid="msg-deleted",
    )


def badges(m: ObjectVar[ThreadItem]) -> rx.Component:
    return rx.fragment(
        rx.cond(m["edited"].to(bool), edited_badge(m)),
        rx.cond(m["deleted"].to(bool), deleted_badge()),
    )


def reaction(m: ObjectVar[ThreadItem]) -> rx.Component:
    return rx.cond(
        m["reaction"].to(str) != "",
        rx.badge(
            m["reaction"],
            variant="surface",
            radius="full",
            size="1",
            title=tr("reaction_label"),
            data_testid="msg-reaction",
        ),
    )


def unsupported_note(m: ObjectVar[ThreadItem]) -> rx.Component:
    """What staff need to know about content that did not come through: that it exists, and why."""
    return rx.cond(
        m["notice"].to(str) == "unsupported",
        rx.hstack(
            rx.icon("circle-alert", size=14),
            rx.vstack(
                rx.text(tr("unsupported_message"), size="2", weight="medium"),
                rx.text(tr_value("why", m["why"].to(str), WHY), size="1", color_scheme="gray"),
                spacing="0",
            ),
            spacing="2",
            align="start",
            data_testid="msg-unsupported",
            data_why=m["why"].to(str),
        ),
    )


def missed_call_line(m: ObjectVar[ThreadItem]) -> rx.Component:
    """A missed call: a line across the thread, not a bubble."""
    return rx.hstack(
        rx.divider(flex="1"),
        rx.hstack(
            rx.icon("phone-missed", size=14, color=rx.color("red", 10)),
            rx.text(tr("missed_call"), size="1", weight="medium"),
            rx.text(m["at_label"], size="1", color_scheme="gray", dir="ltr"),
            spacing="1",
            align="center",
            title=tr("missed_call_hint"),
        ),
        rx.divider(flex="1"),
        width="100%",
        align="center",
        spacing="2",
        data_testid="missed-call",
    )
