"""Language and direction: Arabic (RTL) by default, English (LTR) on a toggle."""

from __future__ import annotations

from typing import cast

import reflex as rx

from crm_res.i18n import STRINGS


class UIState(rx.State):
    lang: str = rx.LocalStorage("ar", name="crm_lang", sync=True)

    @rx.var
    def is_en(self) -> bool:
        return self.lang == "en"

    @rx.var
    def dir(self) -> str:
        return "ltr" if self.lang == "en" else "rtl"

    @rx.event
    def toggle_lang(self):
        self.lang = "ar" if self.lang == "en" else "en"
        return _apply_dir(self.lang)

    @rx.event
    def sync_dir(self):
        return _apply_dir(self.lang)


def _apply_dir(lang: str):
    # The <html> element carries dir/lang too, so native controls and scrollbars follow.
    d, code = ("ltr", "en") if lang == "en" else ("rtl", "ar")
    return rx.call_script(f"document.documentElement.dir='{d}';document.documentElement.lang='{code}'")


def tr(key: str) -> rx.Var:
    """A visible string from the translation table, switching with the language toggle."""
    ar, en = STRINGS[key]
    return rx.cond(UIState.lang == "en", en, ar)


def tr_value(prefix: str, value: rx.Var, keys: tuple[str, ...]) -> rx.Var:
    """Translate an enum value held in a Var (e.g. an order status) through the table (a string
    Var: every branch is one)."""
    return cast(rx.Var, rx.match(value, *[(k, tr(f"{prefix}_{k}")) for k in keys], value))
