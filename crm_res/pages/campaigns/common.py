"""Pieces both Campaigns pages use: the status badge, the "owners and managers only" notice, the
error and notice lines, Meta's failure codes in words, a left-to-right field, the timing inputs."""

from __future__ import annotations

from typing import Any

import reflex as rx

from crm_res.components.ui import select_tr
from crm_res.integrations.prayer_times import PRAYERS
from crm_res.state.campaigns.detail import CampaignDetailState
from crm_res.state.campaigns.form import CampaignFormState
from crm_res.state.ui import UIState, tr

CAMPAIGN_STATUSES = ("draft", "scheduled", "running", "paused", "completed", "cancelled")
STATUS_COLORS = {
    "draft": "gray",
    "scheduled": "blue",
    "running": "green",
    "paused": "amber",
    "completed": "teal",
    "cancelled": "red",
}
# Meta's error codes a campaign meets most, in words (tr keys meta_err_<code>); others show Meta's title.
META_CODES = (
    "131026",
    "131049",
    "131050",
    "131047",
    "131021",
    "131030",
    "131045",
    "131031",
    "131042",
    "131051",
    "131056",
    "130429",
    "132000",
    "132001",
    "132015",
    "132016",
)


def status_badge(value: rx.Var) -> rx.Component:
    return rx.badge(
        rx.match(value, *[(v, tr(f"camp_st_{v}")) for v in CAMPAIGN_STATUSES], value),
        color_scheme=rx.match(value, *list(STATUS_COLORS.items()), "gray"),
        variant="soft",
        data_testid="campaign-status",
    )


def managers_only() -> rx.Component:
    return rx.callout(tr("managers_only"), icon="lock", color_scheme="amber", data_testid="managers-only")


def messages(error: rx.Var, error_en: rx.Var, notice: rx.Var, test_id: str) -> rx.Component:
    return rx.fragment(
        rx.cond(
            error != "",
            rx.callout(
                rx.cond(UIState.is_en, error_en, error),
                icon="triangle-alert",
                color_scheme="red",
                white_space="pre-wrap",
                width="100%",
                data_testid=f"{test_id}-error",
            ),
        ),
        rx.cond(
            notice != "",
            rx.callout(
                rx.match(notice, *[(k, tr(k)) for k in NOTICES], notice),
                icon="circle-check",
                color_scheme="green",
                width="100%",
                data_testid=f"{test_id}-notice",
            ),
        ),
    )


NOTICES = (
    "saved",
    "limits_saved",
    "sync_requested",
    "schedule_saved",
    "test_sent",
    "campaign_send_done",
    "campaign_pause_done",
    "campaign_resume_done",
    "campaign_cancel_done",
)


def meta_reason(code: rx.Var, title: rx.Var) -> rx.Component:
    """Meta's failure reason in words when the code is known, else Meta's own title."""
    return rx.match(code, *[(c, tr(f"meta_err_{c}")) for c in META_CODES], title)


def ltr_field(
    s: type[CampaignFormState] | type[CampaignDetailState], field: str, test_id: str, **props: Any
) -> rx.Component:
    """An input bound to one text field of a Campaigns state through its `set_field`, written left
    to right whatever the page's direction (numbers, dates, times, phone numbers)."""
    return rx.input(
        value=getattr(s, field),
        on_change=lambda v: s.set_field(field, v),
        dir="ltr",
        data_testid=test_id,
        **props,
    )


def timing_inputs(s: type[CampaignFormState] | type[CampaignDetailState], test_prefix: str) -> rx.Component:
    """Now / at a local date and time / relative to each customer's branch prayer."""
    return rx.vstack(
        rx.radio_group.root(
            rx.hstack(
                *[
                    rx.radio_group.item(tr(f"timing_{m}"), value=m, data_testid=f"{test_prefix}-timing-{m}")
                    for m in ("now", "at", "prayer")
                ],
                spacing="4",
                wrap="wrap",
            ),
            value=s.timing_mode,
            on_change=lambda v: s.set_field("timing_mode", v),
            dir=UIState.dir,
        ),
        rx.cond(
            s.timing_mode == "at",
            rx.hstack(
                ltr_field(s, "at_date", f"{test_prefix}-at-date", type="date"),
                ltr_field(s, "at_time", f"{test_prefix}-at-time", type="time"),
                rx.text(tr("restaurant_time"), size="1", color_scheme="gray"),
                align="center",
                wrap="wrap",
            ),
        ),
        rx.cond(
            s.timing_mode == "prayer",
            rx.hstack(
                ltr_field(s, "offset_min", f"{test_prefix}-offset", width="5em", input_mode="numeric"),
                rx.text(tr("minutes"), size="2"),
                select_tr(
                    [("before", "before"), ("after", "after")],
                    s.offset_dir,
                    lambda v: s.set_field("offset_dir", v),
                    f"{test_prefix}-offset-dir",
                    width="7em",
                ),
                select_tr(
                    [(p, f"prayer_{p}") for p in PRAYERS],
                    s.prayer,
                    lambda v: s.set_field("prayer", v),
                    f"{test_prefix}-prayer",
                    width="8em",
                ),
                ltr_field(s, "prayer_date", f"{test_prefix}-prayer-date", type="date"),
                rx.text(tr("prayer_timing_help"), size="1", color_scheme="gray"),
                align="center",
                wrap="wrap",
            ),
        ),
        spacing="2",
        width="100%",
    )
