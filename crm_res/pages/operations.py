"""Operations (owners): whether the workers run and what waits for them, then failed jobs and failed
sends of this restaurant, why, and retry/discard."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Sequence
from typing import Any

import reflex as rx
from reflex.vars import ArrayVar, ObjectVar

from crm_res.components.confirm import confirm_dialog
from crm_res.components.ui import error_callout, stat_card
from crm_res.db import session_scope
from crm_res.layout import template
from crm_res.reports.failed_work import job_text, purpose_text, reason_detail, reason_text
from crm_res.services.access import Viewer
from crm_res.services.errors import DomainError
from crm_res.services.local_time import restaurant_tz
from crm_res.services.ops import failed_work as domain
from crm_res.services.ops.backlog import restaurant_backlog
from crm_res.state.auth import AuthState
from crm_res.state.errors import error_key
from crm_res.state.nav import NavState
from crm_res.state.ui import UIState, tr


def _both(name: str, fn: Callable[[str, str], str], value: str) -> dict[str, str]:
    """`name`_ar and `name`_en: flat keys (Reflex state rows are typed dicts of strings)."""
    return {f"{name}_ar": fn(value, "ar"), f"{name}_en": fn(value, "en")}


def _load(viewer: Viewer) -> dict[str, Any]:
    from crm_res.jobs.failed import RQFailedJobs
    from crm_res.jobs.queues import workers_running

    with session_scope() as session:
        work = domain.list_failed_work(session=session, viewer=viewer, jobs=RQFailedJobs())
        backlog = restaurant_backlog(session=session, viewer=viewer)
        tz = restaurant_tz(session, viewer.restaurant_id)
    at = lambda t: t.astimezone(tz).strftime("%Y-%m-%d %H:%M") if t else ""  # noqa: E731
    jobs = [
        {
            "id": j.id,
            "at": at(j.failed_at),
            **_both("what", job_text, j.func),
            **_both("why", reason_text, j.reason),
            **_both("said", reason_detail, j.reason),
        }
        for j in work.jobs
    ]
    sends = [
        {
            "id": str(s.id),
            "at": at(s.created_at),
            "to": s.to_wa_id,
            **_both("what", purpose_text, s.purpose),
            **_both("why", reason_text, s.reason),
            **_both("said", reason_detail, s.reason),
        }
        for s in work.sends
    ]
    status = {
        "workers": workers_running(),
        "unanswered": backlog.unanswered,
        "oldest_unanswered": at(backlog.oldest_unanswered),
        "to_send": backlog.to_send,
        "oldest_to_send": at(backlog.oldest_to_send),
        "held": backlog.held,
        "next_release": at(backlog.next_release),
    }
    return {"jobs": jobs, "sends": sends, "status": status}


def _act(viewer: Viewer, kind: str, action: str, ident: str) -> None:
    """Retry or discard one failed job or send; a retried send is queued after its commit."""
    from crm_res.jobs.enqueue import enqueue_send
    from crm_res.jobs.failed import RQFailedJobs

    outbox_id = None
    with session_scope() as session:
        if kind == "job":
            fn = domain.retry_failed_job if action == "retry" else domain.discard_failed_job
            fn(session=session, viewer=viewer, jobs=RQFailedJobs(), job_id=ident)
        elif action == "retry":
            outbox_id = domain.retry_failed_send(session=session, viewer=viewer, outbox_id=int(ident))
        else:
            domain.discard_failed_send(session=session, viewer=viewer, outbox_id=int(ident))
    if outbox_id:
        enqueue_send(outbox_id)


class OperationsState(AuthState):
    jobs: list[dict[str, str]] = []
    sends: list[dict[str, str]] = []
    workers: int = -1  # not read yet
    unanswered: int = 0
    oldest_unanswered: str = ""
    to_send: int = 0
    oldest_to_send: str = ""
    held: int = 0
    next_release: str = ""
    error: str = ""
    notice: str = ""
    # The action waiting for its confirmation: "job" | "send", "retry" | "discard", the id.
    pending_kind: str = ""
    pending_action: str = ""
    pending_id: str = ""

    @rx.event
    async def load(self) -> None:
        data = await self._read_in_thread(_load)
        if isinstance(data, DomainError):  # not an owner: the domain refuses
            self.jobs, self.sends, self.error = [], [], error_key(data)
        elif data is not None:
            self.jobs, self.sends, self.error = data["jobs"], data["sends"], ""
            for name, value in data["status"].items():
                setattr(self, name, value)

    @rx.event
    def ask(self, kind: str, action: str, ident: str) -> None:
        self.pending_kind, self.pending_action, self.pending_id, self.notice = kind, action, str(ident), ""

    @rx.event
    def dismiss(self, _open: bool = False) -> None:
        self.pending_kind = self.pending_action = self.pending_id = ""

    @rx.event
    async def confirm(self, _form: dict | None = None):
        viewer = self._viewer()
        kind, action, ident = self.pending_kind, self.pending_action, self.pending_id
        self.pending_kind = self.pending_action = self.pending_id = ""
        if viewer is None or not kind:
            return
        try:
            await asyncio.to_thread(_act, viewer, kind, action, ident)
        except (DomainError, ValueError) as exc:
            self.error = error_key(exc)
            return [OperationsState.load, NavState.load_nav]
        self.error, self.notice = "", "ops_retried" if action == "retry" else "ops_discarded"
        return [OperationsState.load, NavState.load_nav]


def _buttons(kind: str, ident: rx.Var) -> rx.Component:
    s = OperationsState
    return rx.hstack(
        rx.button(
            rx.icon("rotate-ccw", size=14),
            tr("ops_retry"),
            size="1",
            on_click=s.ask(kind, "retry", ident),
            data_testid=f"{kind}-retry",
        ),
        rx.button(
            rx.icon("trash-2", size=14),
            tr("ops_discard"),
            size="1",
            variant="soft",
            color_scheme="gray",
            on_click=s.ask(kind, "discard", ident),
            data_testid=f"{kind}-discard",
        ),
        spacing="2",
    )


def _pick(row: ObjectVar[dict[str, str]], key: str) -> rx.Var:
    return rx.cond(UIState.is_en, row[f"{key}_en"], row[f"{key}_ar"])


def _item(row: ObjectVar[dict[str, str]], kind: str, extra: rx.Component) -> rx.Component:
    return rx.card(
        rx.flex(
            rx.vstack(
                rx.hstack(
                    rx.text(_pick(row, "what"), weight="bold"),
                    extra,
                    spacing="2",
                    align="center",
                    wrap="wrap",
                ),
                rx.hstack(
                    rx.icon("circle-alert", size=14, color=rx.color("red", 10)),
                    rx.text(_pick(row, "why"), size="2", data_testid=f"{kind}-reason"),
                    spacing="1",
                    align="center",
                ),
                rx.cond(
                    _pick(row, "said") != "",
                    rx.text(_pick(row, "said"), size="1", color_scheme="gray", dir="auto"),
                ),
                rx.text(row["at"], size="1", color_scheme="gray", dir="ltr"),
                spacing="1",
                min_width="0",
                flex="1",
            ),
            _buttons(kind, row["id"]),
            spacing="3",
            align="center",
            wrap="wrap",
            width="100%",
        ),
        width="100%",
        data_testid=f"failed-{kind}",
    )


def _section(
    title_key: str,
    rows: ArrayVar[Sequence[dict[str, str]]],
    kind: str,
    empty_key: str,
    extra: Callable[[ObjectVar[dict[str, str]]], rx.Component],
) -> rx.Component:
    return rx.vstack(
        rx.hstack(
            rx.heading(tr(title_key), size="4"),
            rx.badge(rows.length(), variant="soft", radius="full"),
            align="center",
            spacing="2",
        ),
        rx.foreach(rows, lambda r: _item(r, kind, extra(r))),
        rx.cond(rows.length() == 0, rx.text(tr(empty_key), color_scheme="gray", size="2")),
        spacing="2",
        width="100%",
        align="stretch",
    )


def _question() -> rx.Var:
    s = OperationsState
    return rx.match(
        s.pending_kind + ":" + s.pending_action,
        ("job:retry", tr("ops_retry_job_q")), ("job:discard", tr("ops_discard_job_q")),
        ("send:retry", tr("ops_retry_send_q")), ("send:discard", tr("ops_discard_send_q")),
        "",
    )  # fmt: skip


def _since(key: str, at: rx.Var[str]) -> rx.Var | str:
    return rx.cond(at != "", tr(key).to(str) + " " + at.to(str), "")


def _running() -> rx.Component:
    """The workers and what waits for them: without a worker nothing is answered or sent, and
    nothing fails either, so the page says so instead of "all is well"."""
    s = OperationsState
    return rx.vstack(
        rx.heading(tr("ops_running"), size="4"),
        rx.cond(
            s.workers == 0,
            rx.callout(
                tr("ops_no_workers"), icon="triangle-alert", color_scheme="red", data_testid="ops-no-workers"
            ),
        ),
        rx.grid(
            stat_card("ops_workers", s.workers.to_string(), "cpu", "ops-workers", period=tr("period_now")),
            *[
                stat_card(key, count.to_string(), icon, test_id, hint=_since(since_key, since))
                for key, count, icon, test_id, since_key, since in (
                    (
                        "ops_unanswered",
                        s.unanswered,
                        "message-circle-question",
                        "ops-unanswered",
                        "ops_oldest",
                        s.oldest_unanswered,
                    ),
                    ("ops_to_send", s.to_send, "send", "ops-to-send", "ops_oldest", s.oldest_to_send),
                    ("ops_held", s.held, "clock", "ops-held", "ops_next_release", s.next_release),
                )
            ],
            columns=rx.breakpoints(initial="1", sm="2", lg="4"),
            spacing="3",
            width="100%",
        ),
        spacing="2",
        width="100%",
        align="stretch",
        data_testid="ops-running",
    )


@template("/operations", "operations", on_load=OperationsState.load)
def operations_page() -> rx.Component:
    s = OperationsState
    return rx.vstack(
        error_callout(s.error, "operations-error"),
        rx.cond(
            s.notice != "",
            rx.callout(
                rx.match(
                    s.notice, ("ops_retried", tr("ops_retried")), ("ops_discarded", tr("ops_discarded")), ""
                ),
                icon="circle-check",
                color_scheme="green",
                data_testid="operations-notice",
            ),
        ),
        rx.cond(s.error == "", _running()),
        rx.text(tr("ops_hint"), size="2", color_scheme="gray"),
        rx.cond(
            (s.jobs.length() == 0) & (s.sends.length() == 0) & (s.error == "") & (s.workers > 0),
            rx.callout(
                tr("ops_nothing_failed"),
                icon="circle-check",
                color_scheme="green",
                data_testid="operations-all-well",
            ),
        ),
        _section("ops_failed_jobs", s.jobs, "job", "ops_no_failed_jobs", lambda r: rx.fragment()),
        _section(
            "ops_failed_sends",
            s.sends,
            "send",
            "ops_no_failed_sends",
            lambda r: rx.text(r["to"], size="2", dir="ltr", color_scheme="gray"),
        ),
        confirm_dialog(
            s.pending_kind != "",
            "ops_confirm",
            _question(),
            s.confirm,
            s.dismiss,
            "ops-confirm",
            reason=False,
        ),
        spacing="4",
        width="100%",
        align="stretch",
    )
