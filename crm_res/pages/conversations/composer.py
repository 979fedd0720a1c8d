"""The reply box: reply or private note, "/" opening the restaurant's quick replies filtered by what
follows it, and the template picker when the 24-hour window is closed."""

from __future__ import annotations

from typing import Any

import reflex as rx
from reflex.vars import NumberVar, ObjectVar

from crm_res.services.admin.restaurant_settings import TEMPLATE_LANGUAGES
from crm_res.state.rows import TemplateParam
from crm_res.state.ui import tr, tr_value

from .thread_state import ThreadState


def _slash_item(c: ObjectVar[dict[str, Any]]) -> rx.Component:
    return rx.el.button(
        rx.vstack(
            rx.text(c["title"], size="2", weight="bold", dir="auto"),
            rx.text(c["body"], size="1", color_scheme="gray", dir="auto", truncate=True, width="100%"),
            spacing="0",
            align="start",
            width="100%",
        ),
        on_click=ThreadState.use_canned(c["body"]),
        type="button",
        style={
            "all": "unset",
            "boxSizing": "border-box",
            "display": "block",
            "width": "100%",
            "cursor": "pointer",
            "padding": "0.4em 0.6em",
            "borderRadius": "6px",
            "textAlign": "start",
        },
        _hover={"background": rx.color("accent", 3)},
        _focus={"background": rx.color("accent", 4), "outline": f"2px solid {rx.color('accent', 8)}"},
        data_testid="slash-item",
    )


def slash_popup() -> rx.Component:
    """Opened by typing "/" in the reply box: the matching quick replies; a click (or ↓ then Enter)
    puts the reply in place of the "/word"; Esc closes it (shortcuts.py)."""
    s = ThreadState
    return rx.cond(
        s.slash_query != "",
        rx.box(
            rx.hstack(
                rx.icon("zap", size=12),
                rx.text(tr("inbox_slash_title"), size="1", weight="bold"),
                spacing="1",
                align="center",
                padding="0.2em 0.4em",
            ),
            rx.foreach(s.slash_matches, _slash_item),
            rx.cond(
                s.slash_matches.length() == 0,
                rx.text(tr("inbox_slash_none"), size="1", color_scheme="gray", padding="0.4em 0.6em"),
            ),
            position="absolute",
            bottom="calc(100% + 4px)",
            inset_inline_start="0",
            width="min(26em, 100%)",
            max_height="16em",
            overflow_y="auto",
            padding="0.3em",
            border_radius="10px",
            background=rx.color("gray", 1),
            border=f"1px solid {rx.color('gray', 6)}",
            box_shadow="0 8px 24px rgba(0,0,0,0.12)",
            z_index="20",
            data_testid="slash-popup",
        ),
    )


def _template_param(p: ObjectVar[TemplateParam], i: NumberVar[int]) -> rx.Component:
    return rx.input(
        value=p["value"],
        placeholder=p["name"],
        on_change=lambda v: ThreadState.set_template_param(i, v),
        dir="auto",
        width=["100%", "14em"],
        data_testid="template-param",
    )


def _template_picker() -> rx.Component:
    """Outside the 24-hour window: one of the restaurant's approved templates, with its parameters."""
    s = ThreadState
    return rx.cond(
        s.templates.length() == 0,
        rx.text(tr("no_templates"), size="2", color_scheme="gray", data_testid="no-templates"),
        rx.vstack(
            rx.flex(
                rx.select.root(
                    rx.select.trigger(
                        placeholder=tr("choose_template"),
                        width=["100%", "16em"],
                        data_testid="template-select",
                    ),
                    rx.select.content(
                        rx.foreach(
                            s.templates,
                            lambda t: rx.select.item(
                                t["name"].to(str)
                                + " ("
                                + tr_value("lang", t["language"], TEMPLATE_LANGUAGES).to(str)
                                + ")",
                                value=t["id"].to(str),
                            ),
                        )
                    ),
                    value=s.template_id,
                    on_change=s.choose_template,
                ),
                rx.foreach(s.template_params, _template_param),
                spacing="2",
                wrap="wrap",
                align="center",
                width="100%",
            ),
            rx.cond(
                s.template_preview != "",
                rx.text(
                    s.template_preview,
                    size="2",
                    dir="auto",
                    padding="0.5em",
                    border_radius="8px",
                    background=rx.color("indigo", 2),
                    data_testid="template-preview",
                ),
            ),
            rx.button(
                rx.icon("send", size=14),
                tr("send_template"),
                on_click=s.send_template,
                disabled=~s.template_ready,
                data_testid="send-template",
            ),
            spacing="2",
            width="100%",
            data_testid="template-picker",
        ),
    )


def composer() -> rx.Component:
    s, d = ThreadState, ThreadState.detail
    closed = (d["window_seconds"].to(int) == 0) & ~s.note_mode
    return rx.vstack(
        rx.hstack(
            rx.segmented_control.root(
                rx.segmented_control.item(tr("reply"), value="reply"),
                rx.segmented_control.item(tr("private_note"), value="note"),
                value=rx.cond(s.note_mode, "note", "reply"),
                on_change=s.set_note_mode,
                size="1",
                data_testid="compose-mode",
            ),
            rx.cond(
                s.canned.length() > 0,
                rx.menu.root(
                    rx.menu.trigger(
                        rx.button(
                            rx.icon("zap", size=14),
                            tr("quick_replies"),
                            variant="soft",
                            size="1",
                            data_testid="quick-replies",
                        )
                    ),
                    rx.menu.content(
                        rx.foreach(
                            s.canned, lambda c: rx.menu.item(c["title"], on_click=s.use_canned(c["body"]))
                        )
                    ),
                ),
            ),
            spacing="2",
            wrap="wrap",
            align="center",
        ),
        rx.cond(
            closed,
            rx.callout(
                tr("window_closed_help"),
                icon="info",
                color_scheme="orange",
                size="1",
                data_testid="window-closed-help",
            ),
        ),
        rx.cond(closed, _template_picker()),
        # Outside the window free text cannot be sent: only the template picker (and private notes) show.
        rx.cond(
            closed,
            rx.fragment(),
            rx.box(
                rx.el.button(on_click=s.close_slash, data_shortcut="close-slash", hidden=True, tab_index=-1),
                rx.hstack(
                    rx.text_area(
                        id="composer",
                        value=s.draft,
                        on_change=s.set_draft,
                        placeholder=rx.cond(s.note_mode, tr("note_placeholder"), tr("inbox_slash_hint")),
                        rows="2",
                        width="100%",
                        dir="auto",
                        data_testid="composer",
                        background=rx.cond(s.note_mode, rx.color("amber", 2), "transparent"),
                    ),
                    slash_popup(),  # after the box: Tab or ↓ reaches the replies first
                    rx.button(
                        rx.cond(s.note_mode, tr("add_note"), tr("send")),
                        on_click=s.send,
                        disabled=s.draft.strip() == "",
                        height="auto",
                        data_testid="send",
                    ),
                    width="100%",
                    align="stretch",
                ),
                position="relative",
                width="100%",
            ),
        ),
        width="100%",
        spacing="2",
    )
