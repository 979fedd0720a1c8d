"""The thread pane: header with the staff actions, messages with the activity log between them, the
"next conversation" step after resolving, and the composer."""

from __future__ import annotations

import reflex as rx
from reflex.vars import ObjectVar

from crm_res.components.campaign_badge import campaign_badge
from crm_res.components.thread import branch_label, customer_panel, phase_badge, thread_item
from crm_res.components.ui import NAME_STYLE, badge, error_callout, shown_name
from crm_res.i18n import CONVERSATION_STATUSES
from crm_res.state.rows import ConversationDetail
from crm_res.state.ui import UIState, tr, tr_value

from .composer import composer
from .inbox import INBOX, PRIORITIES, priority_badge
from .thread_state import ThreadState


def _window(d: ObjectVar[ConversationDetail]) -> rx.Component:
    return rx.cond(
        d["window_seconds"].to(int) > 0,
        rx.badge(
            rx.icon("clock", size=12),
            tr("window_open"),
            " ",
            rx.text(d["window_label"], as_="span", dir="ltr"),
            color_scheme="green",
            variant="soft",
            data_testid="window-countdown",
        ),
        rx.badge(
            rx.icon("clock", size=12),
            tr("window_closed"),
            color_scheme="orange",
            variant="soft",
            data_testid="window-countdown",
        ),
    )


def _assign_select() -> rx.Component:
    s = ThreadState
    return rx.select.root(
        rx.select.trigger(placeholder=tr("assign_to"), width="11em", data_testid="assign-select"),
        rx.select.content(rx.foreach(s.team, lambda u: rx.select.item(u["name"], value=u["id"].to(str)))),
        value=s.detail["assigned_id"].to(str),
        on_change=s.assign,
        size="2",
    )


def _header() -> rx.Component:
    s, d = ThreadState, ThreadState.detail
    staff = d["handled_by"].to(str) == "staff"
    return rx.vstack(
        rx.hstack(
            rx.link(
                rx.cond(UIState.is_en, rx.icon("arrow-left", size=18), rx.icon("arrow-right", size=18)),
                tr("inbox_back"),
                href=INBOX,
                class_name="inbox-back",
                display="flex",
                align_items="center",
                gap="0.25em",
                size="2",
                data_testid="back-to-inbox",
            ),
            rx.heading(
                shown_name(d["customer"].to(dict)["name"].to(str)),
                dir="auto",
                size="4",
                data_testid="thread-customer",
                style=NAME_STYLE,
            ),
            badge(d["status"], tr_value("st", d["status"], CONVERSATION_STATUSES)),
            badge(d["handled_by"], tr_value("hb", d["handled_by"], ("ai", "staff"))),
            phase_badge(d),
            priority_badge(d["priority"]),
            rx.cond(
                d["branch_ar"].to(str) != "",
                rx.badge(branch_label(d), variant="surface", color_scheme="gray"),
            ),
            _window(d),
            campaign_badge(ThreadState.conversation_id),
            wrap="wrap",
            align="center",
            spacing="2",
            data_testid="thread-header",
        ),
        rx.flex(
            # Staff have it but nobody claimed it (an escalation): taking over claims it.
            rx.cond(
                ~staff | (d["assigned_id"].to(str) == ""),
                rx.button(
                    rx.icon("hand", size=16),
                    tr("take_over"),
                    on_click=s.take_over,
                    size="2",
                    data_testid="take-over",
                ),
            ),
            rx.cond(
                staff,
                rx.button(
                    rx.icon("bot", size=16),
                    tr("hand_back"),
                    on_click=s.hand_back,
                    variant="soft",
                    size="2",
                    data_testid="hand-back",
                ),
            ),
            rx.button(
                rx.icon("circle-check", size=16),
                tr("resolve"),
                on_click=s.resolve,
                variant="outline",
                color_scheme="green",
                size="2",
                disabled=d["status"].to(str) == "resolved",
                data_testid="resolve",
            ),
            _assign_select(),
            _priority_select(),
            _snooze_menu(),
            spacing="2",
            wrap="wrap",
            align="center",
        ),
        spacing="2",
        width="100%",
    )


def _priority_select() -> rx.Component:
    s = ThreadState
    return rx.select.root(
        rx.select.trigger(
            rx.hstack(
                rx.icon("flag", size=14),
                rx.text(tr("inbox_priority"), size="2"),
                rx.text(": ", tr_value("pr", s.detail["priority"], PRIORITIES), size="2"),
                spacing="1",
                align="center",
            ),
            data_testid="priority-select",
        ),
        rx.select.content(*[rx.select.item(tr(f"pr_{p}"), value=p) for p in PRIORITIES]),
        value=s.detail["priority"].to(str),
        on_change=s.set_priority,
        size="2",
    )


def _snooze_menu() -> rx.Component:
    s, d = ThreadState, ThreadState.detail
    snoozed = d["snoozed_label"].to(str) != ""
    return rx.hstack(
        rx.menu.root(
            rx.menu.trigger(
                rx.button(
                    rx.icon("alarm-clock", size=14),
                    tr("inbox_snooze"),
                    variant="soft",
                    color_scheme="gray",
                    size="2",
                    data_testid="snooze",
                )
            ),
            rx.menu.content(
                *[
                    rx.menu.item(tr(f"snooze_{o}"), on_click=s.snooze(o), data_testid=f"snooze-{o}")
                    for o in ("1h", "3h", "tomorrow")
                ],
                rx.cond(
                    snoozed,
                    rx.menu.item(tr("snooze_off"), on_click=s.snooze("off"), data_testid="snooze-off"),
                ),
                dir=UIState.dir,
            ),
        ),
        rx.cond(
            snoozed,
            rx.badge(
                rx.icon("alarm-clock", size=12),
                tr("inbox_snoozed_until"),
                " ",
                rx.text(d["snoozed_label"], as_="span", dir="ltr"),
                color_scheme="gray",
                data_testid="snoozed-until",
            ),
        ),
        spacing="2",
        align="center",
    )


def _next_step() -> rx.Component:
    """After Resolve: go straight to the next conversation waiting for a person (or say none is)."""
    s = ThreadState
    return rx.cond(
        s.resolved_step,
        rx.callout.root(
            rx.callout.icon(rx.icon("circle-check")),
            rx.flex(
                rx.text(
                    tr("inbox_resolved_done"),
                    " ",
                    rx.cond(s.next_id == "", tr("inbox_nobody_waiting"), ""),
                    size="2",
                ),
                rx.spacer(),
                rx.cond(
                    s.next_id != "",
                    rx.button(
                        tr("inbox_next"),
                        rx.cond(
                            UIState.is_en, rx.icon("arrow-right", size=14), rx.icon("arrow-left", size=14)
                        ),
                        on_click=s.go_next,
                        size="2",
                        data_testid="next-conversation",
                    ),
                    rx.link(tr("inbox_back"), href=INBOX, size="2", data_testid="next-none"),
                ),
                align="center",
                gap="0.75em",
                wrap="wrap",
                width="100%",
            ),
            color_scheme="green",
            size="1",
            width="100%",
            data_testid="resolved-step",
        ),
    )


def _messages() -> rx.Component:
    s = ThreadState
    return rx.box(
        rx.vstack(
            rx.cond(
                s.has_older,
                rx.button(
                    tr("load_older"),
                    on_click=s.load_older,
                    variant="ghost",
                    size="1",
                    align_self="center",
                    data_testid="load-older",
                ),
            ),
            rx.foreach(s.items, thread_item),
            spacing="2",
            width="100%",
            align="stretch",
            data_testid="thread",
        ),
        display="flex",
        flex_direction="column-reverse",  # keeps the newest message in view
        class_name="inbox-messages",
        overflow_y="auto",
        padding="0.75em",
        border_radius="12px",
        background=rx.color("gray", 2),
        border=f"1px solid {rx.color('gray', 4)}",
        width="100%",
    )


def thread_pane() -> rx.Component:
    s = ThreadState
    return rx.cond(
        s.conversation_id == "",
        rx.center(
            rx.vstack(
                rx.icon("messages-square", size=40, color=rx.color("gray", 8)),
                rx.text(tr("inbox_choose"), color_scheme="gray"),
                rx.text(tr("inbox_shortcuts_hint"), size="1", color_scheme="gray"),
                align="center",
                spacing="2",
            ),
            height="100%",
            min_height="12em",
            data_testid="thread-empty",
        ),
        rx.cond(
            s.not_found,
            rx.vstack(
                rx.callout(tr("not_found"), color_scheme="red", icon="search-x", data_testid="not-found"),
                rx.link(tr("back"), href=INBOX),
            ),
            rx.vstack(
                _header(),
                error_callout(s.error, "thread-error"),
                _messages(),
                _next_step(),
                composer(),
                spacing="2",
                width="100%",
                height="100%",
                min_width="0",
            ),
        ),
    )


def side_panel() -> rx.Component:
    s = ThreadState
    return rx.cond(
        (s.conversation_id != "") & ~s.not_found,
        rx.card(customer_panel(s.detail), width="100%"),
    )
