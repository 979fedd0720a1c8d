"""Simulator: chat as a test customer; messages go through the real webhook path."""

from __future__ import annotations

from typing import TypedDict, cast

import reflex as rx
from reflex.vars import ObjectVar

from crm_res.components.ui import error_callout
from crm_res.db import session_scope
from crm_res.layout import template
from crm_res.services.access import Viewer
from crm_res.services.errors import DomainError
from crm_res.state.auth import AuthState
from crm_res.state.errors import error_key
from crm_res.state.ui import tr

DEFAULT_TEST_NUMBER = "966500000001"


class SimulatorMessage(TypedDict):
    """A line of the test chat (services/admin/simulator.py: simulator_thread)."""

    id: int
    direction: str
    body: str
    at: str
    ticks: str


class SimulatorState(AuthState):
    test_number: str = DEFAULT_TEST_NUMBER
    draft: str = ""
    messages: list[SimulatorMessage] = []
    error: str = ""
    watching: bool = False

    @rx.event
    def load(self):
        viewer = self._viewer()
        if viewer is None:
            return
        from crm_res.services.admin.simulator import simulator_thread

        with session_scope() as session:
            self.messages = cast(
                list[SimulatorMessage],
                simulator_thread(session=session, viewer=viewer, wa_id=self.test_number),
            )
        if not self.watching:
            return SimulatorState.watch

    @rx.event(background=True)
    async def watch(self) -> None:
        """Replies arrive from the worker: refresh the phone while the page is open (≤ 10 min)."""
        import asyncio

        async with self:
            if self.watching:
                return
            self.watching = True
            viewer = self._viewer()
        try:
            for _ in range(1200):
                await asyncio.sleep(0.5)
                if viewer is None:
                    return
                async with self:
                    if self.router.page.path != "/simulator":
                        return
                    number = self.test_number
                rows = await asyncio.to_thread(_thread, viewer, number)
                async with self:
                    if rows != self.messages:
                        self.messages = rows
        finally:
            async with self:
                self.watching = False

    @rx.event
    def set_test_number(self, value: str):
        self.test_number = str(value or "").strip()[:32]
        return SimulatorState.load

    @rx.event
    def set_draft(self, value: str) -> None:
        self.draft = value

    @rx.event
    async def send(self, form: dict):
        viewer = self._viewer()
        text = str(form.get("draft") or self.draft or "").strip()
        if viewer is None or not text:
            return
        from crm_res.services.admin.simulator import post_as_customer

        try:
            await post_as_customer(viewer=viewer, wa_id=self.test_number, text=text)
            self.error = ""
        except DomainError as exc:  # not an owner, not a test number, a real customer's number
            self.error = error_key(exc)
        except Exception as exc:  # noqa: BLE001 - shown to the owner, not swallowed
            self.error = str(exc)
        self.draft = ""
        return SimulatorState.load


def _thread(viewer: Viewer, wa_id: str) -> list[SimulatorMessage]:
    from crm_res.services.admin.simulator import simulator_thread

    with session_scope() as session:
        return cast(list[SimulatorMessage], simulator_thread(session=session, viewer=viewer, wa_id=wa_id))


def _bubble(m: ObjectVar[SimulatorMessage]) -> rx.Component:
    mine = m["direction"] == "inbound"  # the simulator's user is the customer
    return rx.box(
        rx.text(m["body"], white_space="pre-wrap", size="2"),
        rx.text(m["at"].to(str)[11:16], " ", m["ticks"], size="1", color_scheme="gray"),
        background=rx.cond(mine, "#d9fdd3", "white"),
        padding="0.45em 0.7em",
        border_radius="10px",
        max_width="80%",
        align_self=rx.cond(mine, "flex-end", "flex-start"),
        box_shadow="0 1px 0.5px rgba(0,0,0,.13)",
        data_testid="sim-bubble",
    )


@template("/simulator", "simulator", on_load=SimulatorState.load)
def simulator_page() -> rx.Component:
    return rx.vstack(
        rx.text(tr("simulator_intro"), color_scheme="gray"),
        rx.hstack(
            rx.text(tr("test_number"), size="2"),
            rx.input(
                value=SimulatorState.test_number,
                on_change=SimulatorState.set_test_number.debounce(500),
                dir="ltr",
                width="12em",
            ),
            align="center",
        ),
        rx.box(
            rx.vstack(
                rx.hstack(
                    rx.icon("circle-user", color="white"),
                    rx.text("WhatsApp", color="white", weight="bold"),
                    background="#075e54",
                    padding="0.7em",
                    width="100%",
                ),
                # column-reverse keeps the newest message in view without scripting the scroll.
                rx.box(
                    rx.vstack(
                        rx.foreach(SimulatorState.messages, _bubble),
                        spacing="2",
                        padding="0.8em",
                        width="100%",
                        align="stretch",
                    ),
                    display="flex",
                    flex_direction="column-reverse",
                    width="100%",
                    height="440px",
                    overflow_y="auto",
                    background="#efeae2",
                ),
                rx.form(
                    rx.hstack(
                        rx.input(
                            name="draft",
                            value=SimulatorState.draft,
                            on_change=SimulatorState.set_draft,
                            placeholder=tr("type_message"),
                            width="100%",
                            data_testid="sim-input",
                        ),
                        rx.button(tr("send"), type="submit", data_testid="sim-send"),
                        width="100%",
                        padding="0.5em",
                    ),
                    on_submit=SimulatorState.send,
                    width="100%",
                ),
                spacing="0",
                width="100%",
            ),
            width=["100%", "380px"],
            border=f"10px solid {rx.color('gray', 12)}",
            border_radius="28px",
            overflow="hidden",
        ),
        error_callout(SimulatorState.error, "sim-error"),
        width="100%",
        spacing="4",
    )
