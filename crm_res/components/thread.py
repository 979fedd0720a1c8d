"""A conversation's pieces: message bubbles by sender, delivery ticks, the customer side panel."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import reflex as rx
from reflex.vars import ObjectVar

from crm_res.components import message_marks as marks
from crm_res.components.ui import NAME_STYLE, badge, contact_text, shown_name
from crm_res.i18n import CUSTOMER_LANGUAGES, DIALOGUE_PHASES, ORDER_STATUSES
from crm_res.state.rows import ConversationDetail, ThreadItem
from crm_res.state.ui import UIState, tr, tr_value

READ_BLUE = "#34b7f1"
SENDERS = ("customer", "ai", "staff", "system", "note", "campaign")
CUSTOMER_TAGS = ("new", "family", "delivery", "vip", "regular")


def ticks(m: ObjectVar[ThreadItem]) -> rx.Component:
    """Queued 🕓, sent ✓, delivered ✓✓, read blue ✓✓, failed ⚠ with Meta's error title."""
    status = m["status"].to(str)
    return rx.match(
        status,
        ("queued", rx.text("🕓", size="1", title=tr("tick_queued"), data_testid="tick-queued")),
        ("held", rx.text("🕓", size="1", title=tr("tick_held"), data_testid="tick-held")),
        ("sent", rx.text("✓", size="1", color_scheme="gray", title=tr("tick_sent"), data_testid="tick-sent")),
        ("delivered", rx.text("✓✓", size="1", color_scheme="gray", title=tr("tick_delivered"),
                              data_testid="tick-delivered")),
        ("read", rx.text("✓✓", size="1", color=READ_BLUE, weight="bold", title=tr("tick_read"),
                         data_testid="tick-read")),
        ("sandbox", rx.text("✓✓", size="1", color_scheme="gray", title=tr("tick_sandbox"),
                            data_testid="tick-sandbox")),
        ("failed", rx.hstack(rx.text("⚠", size="1", color_scheme="red"),
                             rx.text(m["error"], size="1", color_scheme="red"),
                             spacing="1", data_testid="tick-failed")),
        rx.fragment(),
    )  # fmt: skip


def _media_placeholder(m: ObjectVar[ThreadItem]) -> rx.Component:
    """Media not fetched (yet, or in sandbox mode): its kind, and a document's file name."""
    return rx.hstack(
        rx.icon("paperclip", size=14),
        rx.text(tr_value("media", m["media"], ("image", "audio", "video", "document", "sticker")), size="2"),
        rx.cond(m["filename"] != "", rx.text(m["filename"], size="1", color_scheme="gray", dir="auto")),
        padding="0.4em 0.6em",
        border_radius="8px",
        background=rx.color("gray", 4),
        spacing="2",
        align="center",
        data_testid="media-placeholder",
    )


def _media_preview(m: ObjectVar[ThreadItem]) -> rx.Component:
    """Images inline (click opens the full size), audio and video players, a document link with its
    file name, a small sticker. The file comes from /media/{id}, which checks the viewer."""
    url = m["media_url"].to(str)
    return rx.match(
        m["media"].to(str),
        ("image", rx.link(rx.image(src=url, alt=tr("media_image"), max_width="min(260px, 100%)", max_height="320px",
                                   border_radius="8px", loading="lazy", data_testid="media-image"),
                          href=url, is_external=True)),
        ("sticker", rx.image(src=url, alt=tr("media_sticker"), width="96px", height="96px", loading="lazy",
                             data_testid="media-sticker")),
        ("audio", rx.el.audio(src=url, controls=True, preload="metadata", style={"maxWidth": "100%"},
                              data_testid="media-audio")),
        ("video", rx.el.video(src=url, controls=True, preload="metadata", style={"maxWidth": "min(320px, 100%)",
                              "borderRadius": "8px"}, data_testid="media-video")),
        ("document", rx.link(rx.hstack(rx.icon("file-text", size=16),
                                       rx.text(rx.cond(m["filename"] != "", m["filename"], tr("media_document")),
                                               size="2", dir="auto"),
                                       spacing="2", align="center"),
                             href=url, is_external=True, padding="0.4em 0.6em", border_radius="8px",
                             background=rx.color("gray", 4), data_testid="media-document")),
        _media_placeholder(m),
    )  # fmt: skip


def _media(m: ObjectVar[ThreadItem]) -> rx.Component:
    return rx.cond(
        m["media"] != "",
        rx.cond(m["media_url"] != "", _media_preview(m), _media_placeholder(m)),
    )


def bubble(m: ObjectVar[ThreadItem]) -> rx.Component:
    """A message in the thread; a missed call is a line of its own."""
    return rx.cond(m["notice"].to(str) == "missed_call", marks.missed_call_line(m), _bubble(m))


def _bubble(m: ObjectVar[ThreadItem]) -> rx.Component:
    kind = m["kind"].to(str)
    system = kind == "system"
    note = kind == "note"
    inbound = kind == "customer"
    background = rx.match(
        kind,
        ("customer", rx.color("gray", 3)),
        ("ai", rx.color("teal", 3)),
        ("staff", rx.color("indigo", 3)),
        ("note", rx.color("amber", 3)),
        ("campaign", rx.color("violet", 3)),
        rx.color("gray", 5),
    )
    return rx.box(
        rx.hstack(
            rx.cond(note, rx.icon("lock", size=12)),
            rx.cond(kind == "campaign", rx.icon("megaphone", size=12)),
            rx.text(tr_value("sender", kind, SENDERS), size="1", weight="bold"),
            rx.cond(m["author"] != "", rx.text("· ", m["author"], size="1", color_scheme="gray")),
            marks.badges(m),
            spacing="1",
            align="center",
        ),
        _media(m),
        marks.unsupported_note(m),
        rx.cond(
            m["body"] != "",
            rx.text(
                m["body"],
                white_space="pre-wrap",
                size="2",
                dir="auto",
                text_decoration=rx.cond(m["deleted"].to(bool), "line-through", "none"),
                opacity=rx.cond(m["deleted"].to(bool), "0.6", "1"),
            ),
        ),
        rx.cond(m["map_url"] != "", rx.link(tr("open_map"), href=m["map_url"], is_external=True, size="2")),
        rx.hstack(
            marks.reaction(m),
            rx.text(m["at_label"], size="1", color_scheme="gray", dir="ltr"),
            rx.cond(~inbound & ~note & ~system, ticks(m)),
            spacing="2",
            justify="end",
            align="center",
        ),
        background=background,
        border=rx.cond(note, f"1px dashed {rx.color('amber', 8)}", "none"),
        padding="0.5em 0.8em",
        border_radius="12px",
        max_width=rx.cond(system, "90%", "78%"),
        align_self=rx.cond(system, "center", rx.cond(inbound, "flex-start", "flex-end")),
        data_testid="message-bubble",
        data_kind=kind,
    )


def _kv(label_key: str, value: rx.Var | rx.Component, **props) -> rx.Component:
    return rx.hstack(
        rx.text(tr(label_key), size="2", color_scheme="gray", min_width="7em"),
        rx.text(value, size="2", **props),
        spacing="2",
        align="start",
        width="100%",
    )


def customer_panel(detail: ObjectVar[ConversationDetail]) -> rx.Component:
    """Profile, language, tags, lifetime value, opt-out, recent orders and feedback."""
    c = detail["customer"].to(dict)
    return rx.vstack(
        rx.hstack(
            rx.avatar(fallback=c["name"].to(str)[:1], size="4", radius="full"),
            rx.vstack(
                rx.link(
                    rx.heading(shown_name(c["name"], c["contact"]), size="4", style=NAME_STYLE, dir="auto"),
                    href="/customer?id=" + c["id"].to(str),
                    data_testid="panel-customer-link",
                ),
                contact_text(c["contact"], size="2", color_scheme="gray"),
                spacing="0",
            ),
            align="center",
            spacing="3",
        ),
        rx.cond(
            c["opted_out"].to(bool),
            rx.callout(
                tr("opted_out_notice"),
                icon="bell-off",
                color_scheme="red",
                size="1",
                data_testid="panel-opted-out",
            ),
        ),
        _kv("language", tr_value("lang", c["language"].to(str), CUSTOMER_LANGUAGES)),
        _kv("lifetime_value", rx.fragment(c["lifetime_value"].to(str), " ", tr("sar")), dir="ltr"),
        _kv("customer_since", c["since"].to(str), dir="ltr"),
        rx.hstack(
            rx.text(tr("tags"), size="2", color_scheme="gray", min_width="7em"),
            rx.flex(
                rx.foreach(
                    c["tags"].to(list[str]),
                    lambda t: rx.badge(tr_value("tag", t, CUSTOMER_TAGS), variant="outline"),
                ),
                wrap="wrap",
                spacing="1",
            ),
            spacing="2",
        ),
        rx.divider(),
        rx.text(tr("recent_orders"), size="2", weight="bold"),
        rx.foreach(
            detail["orders"].to(list[dict]),
            lambda o: rx.link(
                rx.hstack(
                    rx.text("#", o["number"], size="2", dir="ltr"),
                    badge(o["status"], tr_value("os", o["status"], ORDER_STATUSES)),
                    rx.spacer(),
                    rx.text(o["total"], " ", tr("sar"), size="2"),
                    width="100%",
                ),
                href="/order?id=" + o["id"].to(str),
                underline="none",
                width="100%",
            ),
        ),
        rx.cond(detail["orders"].to(list).length() == 0, rx.text("—", size="2", color_scheme="gray")),
        rx.divider(),
        rx.text(tr("feedback"), size="2", weight="bold"),
        rx.foreach(
            detail["feedback"].to(list[dict]),
            lambda f: rx.vstack(
                rx.hstack(
                    rx.text("⭐ ", f["rating"], size="2"),
                    badge(
                        f["sentiment"], tr_value("se", f["sentiment"], ("positive", "neutral", "negative"))
                    ),
                    rx.text(f["at_label"], size="1", color_scheme="gray", dir="ltr"),
                ),
                rx.text(f["comment"], size="1", color_scheme="gray", dir="auto"),
                spacing="1",
            ),
        ),
        rx.cond(detail["feedback"].to(list).length() == 0, rx.text("—", size="2", color_scheme="gray")),
        spacing="2",
        width="100%",
        align="stretch",
        data_testid="customer-panel",
    )


def branch_label(detail: ObjectVar[Mapping[str, Any]]) -> rx.Var:
    return rx.cond(UIState.is_en, detail["branch_en"], detail["branch_ar"])


def phase_badge(detail: ObjectVar[ConversationDetail]) -> rx.Component:
    """The assistant's current conversation state (collecting, awaiting confirmation, ...)."""
    phase = detail["phase"].to(str)
    return rx.badge(
        tr_value("ph", phase, DIALOGUE_PHASES),
        variant="soft",
        color_scheme="iris",
        data_testid="thread-phase",
        data_phase=phase,
    )


ACTIVITY_EVENTS = ("escalated", "takeover", "handback", "assigned", "resolved", "reopened", "abandoned")
ACTORS = ("ai", "system", "customer")
ACTIVITY_ICONS = {
    "escalated": "siren",
    "takeover": "hand",
    "handback": "bot",
    "assigned": "user-check",
    "resolved": "circle-check",
    "reopened": "rotate-ccw",
}


def activity_line(a: ObjectVar[ThreadItem]) -> rx.Component:
    """A small centred system line in the thread: who did what, and when ("Owner took over · 14:05")."""
    actor = rx.cond(
        a["actor"].to(str) != "",
        a["actor"].to(str),
        rx.cond(
            a["actor_kind"].to(str) == "user",
            tr("actor_teammate"),
            tr_value("actor", a["actor_kind"], ACTORS),
        ),
    )
    return rx.hstack(
        rx.match(
            a["event"].to(str),
            *[(e, rx.icon(i, size=12)) for e, i in ACTIVITY_ICONS.items()],
            rx.icon("clock", size=12),
        ),
        rx.text(
            actor,
            " ",
            tr_value("act", a["event"], ACTIVITY_EVENTS),
            rx.cond(a["target"].to(str) != "", rx.fragment(" ", a["target"].to(str)), rx.fragment()),
            size="1",
        ),
        rx.text("· ", rx.text(a["at_label"], as_="span", dir="ltr"), size="1", color_scheme="gray"),
        spacing="1",
        align="center",
        align_self="center",
        padding="0.15em 0.7em",
        border_radius="999px",
        background=rx.color("gray", 3),
        color=rx.color("gray", 11),
        max_width="95%",
        data_testid="activity-line",
        data_event=a["event"].to(str),
    )


def thread_item(m: ObjectVar[ThreadItem]) -> rx.Component:
    """One entry of a thread: a message bubble, or a line of its activity log."""
    return rx.cond(m["kind"].to(str) == "activity", activity_line(m), bubble(m))
