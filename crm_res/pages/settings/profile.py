"""Settings › Profile: names, timezone, city, the assistant's personality with a live preview,
prayer holding, Ramadan mode and the feedback discount."""

from __future__ import annotations

from typing import Any, cast

import reflex as rx

from crm_res.components.ui import section, select_tr
from crm_res.db import session_scope
from crm_res.services.admin import restaurant_settings as admin
from crm_res.state.ui import tr

from .base import SettingsState
from .rows import Profile

PERSONALITY_OPTIONS = [(p, f"pers_{p}") for p in ("formal", "casual", "traditional", "modern")]


class ProfileState(SettingsState):
    profile: Profile = {}
    personality: str = "casual"
    preview_lang: str = "ar-SA"
    prayer: bool = True
    ramadan_mode: bool = True
    discount: bool = False
    digit_style: str = "western"

    @rx.var
    def preview(self) -> str:
        """The assistant's greeting in the chosen personality: updates as the owner picks."""
        name = (
            self.profile.get("name_en") if self.preview_lang == "en" else self.profile.get("name_ar")
        ) or ""
        return admin.personality_preview(
            restaurant_name=name, personality=self.personality, language=self.preview_lang
        )

    def _reload(self) -> None:
        viewer = self._viewer()
        if viewer is None or not self._may_load():
            return
        with session_scope() as session:
            self.profile = cast(Profile, admin.get_profile(session=session, viewer=viewer))
        self.personality = self.profile["personality"]
        self.prayer = self.profile["prayer_time_enabled"]
        self.ramadan_mode = self.profile["ramadan_mode"]
        self.discount = self.profile["discount_enabled"]
        self.digit_style = self.profile.get("digit_style", "western")

    @rx.event
    def load(self) -> None:
        self._reload()

    @rx.event
    def set_personality(self, value: str) -> None:
        self.personality = value

    @rx.event
    def set_preview_lang(self, value: str) -> None:
        self.preview_lang = value

    @rx.event
    def set_prayer(self, value: bool) -> None:
        self.prayer = value

    @rx.event
    def set_ramadan_mode(self, value: bool) -> None:
        self.ramadan_mode = value

    @rx.event
    def set_discount(self, value: bool) -> None:
        self.discount = value

    @rx.event
    def set_digit_style(self, value: str) -> None:
        self.digit_style = value

    @rx.event
    def save_profile(self, form: dict[str, Any]) -> None:
        data = dict(
            form,
            personality=self.personality,
            prayer_time_enabled=self.prayer,
            discount_enabled=self.discount,
            ramadan_mode=self.ramadan_mode,
            digit_style=self.digit_style,
        )
        if self._run(admin.update_profile, data=data):
            self.restaurant_name_ar = ""  # the sidebar re-reads the names (and the digit style)
            self._reload()
            self._viewer()


def _field(label_key: str, name: str, default: Any, **props: Any) -> rx.Component:
    return rx.vstack(
        rx.text(tr(label_key), size="2", weight="medium"),
        rx.input(name=name, default_value=default, width="100%", data_testid=f"f-{name}", **props),
        spacing="1",
        width="100%",
    )


def profile_tab() -> rx.Component:
    s, p = ProfileState, ProfileState.profile
    return rx.vstack(
        section(
            "restaurant_profile",
            rx.form(
                rx.vstack(
                    rx.grid(
                        _field("name_ar", "name_ar", p["name_ar"], dir="rtl"),
                        _field("name_en", "name_en", p["name_en"], dir="ltr"),
                        _field("timezone", "timezone", p["timezone"], dir="ltr"),
                        _field("city", "city", p["city"]),
                        columns=rx.breakpoints(initial="1", md="2"),
                        spacing="3",
                        width="100%",
                    ),
                    rx.text(tr("personality"), size="2", weight="medium"),
                    rx.hstack(
                        select_tr(
                            PERSONALITY_OPTIONS, s.personality, s.set_personality, "personality-select"
                        ),
                        select_tr(
                            [("ar-SA", "lang_ar_sa"), ("ar-EG", "lang_ar_eg"), ("en", "lang_en")],
                            s.preview_lang,
                            s.set_preview_lang,
                            "preview-lang",
                        ),
                        wrap="wrap",
                    ),
                    rx.box(
                        rx.text(tr("preview"), size="1", color_scheme="gray"),
                        rx.text(s.preview, size="3", dir="auto", data_testid="personality-preview"),
                        padding="0.8em",
                        border_radius="12px",
                        background="#d9fdd3",
                        width="100%",
                    ),
                    rx.divider(),
                    rx.text(tr("digit_style"), size="2", weight="medium"),
                    select_tr(
                        [("western", "digits_western"), ("arabic_indic", "digits_arabic_indic")],
                        s.digit_style,
                        s.set_digit_style,
                        "digit-style-select",
                    ),
                    rx.text(tr("digit_style_help"), size="1", color_scheme="gray"),
                    rx.divider(),
                    rx.hstack(
                        rx.switch(checked=s.prayer, on_change=s.set_prayer, data_testid="prayer-toggle"),
                        rx.text(tr("prayer_holding")),
                        align="center",
                    ),
                    rx.text(tr("prayer_help"), size="1", color_scheme="gray"),
                    rx.hstack(
                        rx.switch(
                            checked=s.ramadan_mode,
                            on_change=s.set_ramadan_mode,
                            data_testid="ramadan-mode-toggle",
                        ),
                        rx.text(tr("ramadan_mode")),
                        align="center",
                    ),
                    rx.text(tr("ramadan_mode_help"), size="1", color_scheme="gray"),
                    rx.divider(),
                    rx.hstack(
                        rx.switch(
                            checked=s.discount, on_change=s.set_discount, data_testid="discount-toggle"
                        ),
                        rx.text(tr("discount_enabled")),
                        align="center",
                    ),
                    rx.grid(
                        _field(
                            "discount_percent",
                            "discount_percent",
                            p["discount_percent"],
                            dir="ltr",
                            type="number",
                        ),
                        _field(
                            "discount_valid_days",
                            "discount_valid_days",
                            p["discount_valid_days"],
                            dir="ltr",
                            type="number",
                        ),
                        _field(
                            "feedback_delay_hours",
                            "feedback_delay_hours",
                            p["feedback_delay_hours"],
                            dir="ltr",
                            type="number",
                        ),
                        columns=rx.breakpoints(initial="1", md="3"),
                        spacing="3",
                        width="100%",
                    ),
                    rx.divider(),
                    rx.text(tr("welcome_message"), size="2", weight="medium"),
                    rx.text_area(
                        name="welcome_message",
                        default_value=p["welcome_message"],
                        dir="auto",
                        max_length=1000,
                        rows="2",
                        width="100%",
                        data_testid="f-welcome_message",
                    ),
                    rx.text(tr("welcome_message_help"), size="1", color_scheme="gray"),
                    rx.button(tr("save"), type="submit", data_testid="save-profile"),
                    spacing="3",
                    width="100%",
                ),
                on_submit=s.save_profile,
                reset_on_submit=False,
                width="100%",
            ),
        ),
    )
