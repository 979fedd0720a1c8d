"""Feedback: ratings, sentiment and the follow-up flag."""

from __future__ import annotations

import reflex as rx

from crm_res.components.ui import badge, data_table, pager
from crm_res.layout import template
from crm_res.services.listing import PAGE_SIZE, list_feedback
from crm_res.state.auth import AuthState
from crm_res.state.listing import ListState
from crm_res.state.ui import UIState, tr, tr_value


class FeedbackState(ListState, AuthState):
    def _fetch(self, session, viewer):  # type: ignore[no-untyped-def]
        return list_feedback(session=session, viewer=viewer, page=self.page, page_size=PAGE_SIZE + 1)


def _row(f: rx.Var) -> rx.Component:
    return rx.table.row(
        rx.table.cell(f["customer_name"]),
        rx.table.cell("⭐ ", f["rating"]),
        rx.table.cell(badge(f["sentiment"], tr_value("se", f["sentiment"], ("positive", "neutral", "negative")))),
        rx.table.cell(rx.text(f["comment"], max_width="26em")),
        rx.table.cell(rx.cond(UIState.is_en, f["branch_en"], f["branch_ar"])),
        rx.table.cell(rx.cond(f["followup"].to(bool), rx.badge(tr("needs_followup"), color_scheme="red"), "")),
    )


@template("/feedback", "feedback", on_load=FeedbackState.load)
def feedback_page() -> rx.Component:
    return rx.vstack(
        data_table(["customer", "rating", "sentiment", "comment", "branch", "status"],
                   FeedbackState.rows, _row, "feedback-table"),  # fmt: skip
        pager(FeedbackState.page, FeedbackState.prev_page, FeedbackState.next_page, FeedbackState.has_next),
        width="100%",
        spacing="4",
    )
