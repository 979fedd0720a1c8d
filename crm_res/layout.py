"""The page template: `@template(route, title_key)` wraps `@rx.page` with the dashboard shell:
navigation with live unread/escalation badges, the notification bell, the language toggle."""

from __future__ import annotations

from collections.abc import Callable

import reflex as rx
from reflex.event import EventType
from reflex.vars import NumberVar, ObjectVar

from crm_res.components.native_form import native_form
from crm_res.state.auth import AuthState
from crm_res.state.live import live_anchor
from crm_res.state.nav import NavState, Notification
from crm_res.state.ui import UIState, tr

NAV = [
    ("/", "overview", "layout-dashboard"),
    ("/conversations", "conversations", "messages-square"),
    ("/orders", "orders", "shopping-bag"),
    ("/feedback", "feedback", "star"),
    ("/customers", "customers", "users"),
    ("/campaigns", "campaigns", "megaphone"),
    ("/settings", "settings", "settings"),
    ("/simulator", "simulator", "smartphone"),
    ("/activity", "activity", "history"),
    ("/operations", "operations", "wrench"),
]
OWNER_ONLY = {
    "/settings",
    "/simulator",
    "/activity",
    "/operations",
}  # also refused by the domain for other roles
MANAGERS_UP = {"/campaigns"}  # owners and managers (staff are refused by the domain)


def _count_badge(value: NumberVar, color: str, test_id: str) -> rx.Component:
    return rx.cond(
        value > 0, rx.badge(value, color_scheme=color, variant="solid", radius="full", data_testid=test_id)
    )


def _nav_badges(key: str) -> rx.Component:
    if key == "conversations":
        return rx.hstack(
            _count_badge(NavState.escalated, "red", "nav-escalated"),
            _count_badge(NavState.unread, "teal", "nav-unread"),
            spacing="1",
        )
    if key == "operations":
        return _count_badge(NavState.failed, "red", "nav-failed")
    return rx.fragment()


def _nav_link(route: str, key: str, icon: str) -> rx.Component:
    active = rx.State.router.page.path == route
    link = rx.link(
        rx.hstack(
            rx.icon(icon, size=18, flex_shrink="0"),
            rx.text(tr(key), size="3", white_space="nowrap"),
            rx.spacer(),
            _nav_badges(key),
            spacing="3",
            align="center",
            width="100%",
        ),
        href=route,
        underline="none",
        padding="0.55em 0.9em",
        border_radius="8px",
        color=rx.cond(active, rx.color("accent", 11), rx.color("gray", 12)),
        background=rx.cond(active, rx.color("accent", 3), "transparent"),
        width="100%",
        data_testid=f"nav-{key}",
    )
    return _for_role(route, link)


def _for_role(route: str, link: rx.Component) -> rx.Component:
    if route in OWNER_ONLY:
        return rx.cond(AuthState.is_owner, link)
    if route in MANAGERS_UP:
        return rx.cond(AuthState.user_role != "staff", link)
    return link


def _notification(n: ObjectVar[Notification]) -> rx.Component:
    return rx.box(
        rx.hstack(
            rx.cond(
                n["unread"].to(bool),
                rx.box(
                    width="8px",
                    height="8px",
                    border_radius="50%",
                    background=rx.color("red", 9),
                    flex_shrink="0",
                ),
            ),
            rx.vstack(
                rx.text(
                    n["title"], size="2", weight=rx.cond(n["unread"].to(bool), "bold", "regular"), dir="auto"
                ),
                rx.cond(
                    n["body"] != "",
                    rx.text(
                        n["body"],
                        size="1",
                        color_scheme="gray",
                        dir="auto",
                        trim="both",
                        truncate=True,
                        max_width="17em",
                    ),
                ),
                rx.text(n["at_label"], size="1", color_scheme="gray", dir="ltr"),
                spacing="0",
                min_width="0",
            ),
            align="start",
            spacing="2",
        ),
        on_click=NavState.open_notification(n["id"], n["link"]),
        cursor="pointer",
        padding="0.5em",
        border_radius="8px",
        _hover={"background": rx.color("gray", 3)},
        width="100%",
        data_testid="notification",
    )


def bell(test_id: str = "bell") -> rx.Component:
    return rx.popover.root(
        rx.popover.trigger(
            rx.button(
                rx.icon("bell", size=18),
                _count_badge(NavState.notification_count, "red", f"{test_id}-count"),
                variant="ghost",
                aria_label=tr("notifications"),
                data_testid=test_id,
            )
        ),
        rx.popover.content(
            rx.vstack(
                rx.hstack(
                    rx.text(tr("notifications"), weight="bold"),
                    rx.spacer(),
                    rx.icon_button(
                        rx.icon("settings-2", size=14),
                        size="1",
                        variant="ghost",
                        on_click=NavState.open_prefs,
                        aria_label=tr("notification_prefs"),
                        title=tr("notification_prefs"),
                        data_testid=f"{test_id}-prefs",
                    ),
                    rx.button(
                        tr("mark_all_read"),
                        size="1",
                        variant="ghost",
                        on_click=NavState.mark_all_read,
                        data_testid="mark-all-read",
                    ),
                    width="100%",
                    align="center",
                ),
                rx.foreach(NavState.notifications, _notification),
                rx.cond(
                    NavState.notifications.length() == 0,
                    rx.text(tr("no_notifications"), size="2", color_scheme="gray"),
                ),
                spacing="1",
                width="20em",
                max_height="60vh",
                overflow_y="auto",
            ),
            dir=UIState.dir,
        ),
    )


PREF_KINDS = ("escalation", "negative_feedback", "new_order", "summary")


def prefs_dialog() -> rx.Component:
    """Which kinds of alert this user wants in the bell; each switch saves at once."""
    return rx.dialog.root(
        rx.dialog.content(
            rx.dialog.title(tr("notification_prefs")),
            rx.vstack(
                *[
                    rx.hstack(
                        rx.switch(
                            checked=NavState.prefs[kind].to(bool),
                            on_change=lambda v, k=kind: NavState.toggle_pref(k, v),
                            data_testid=f"pref-{kind}",
                        ),
                        rx.text(tr(f"pref_{kind}"), size="2"),
                        align="center",
                        spacing="3",
                    )
                    for kind in PREF_KINDS
                ],
                rx.text(tr("prefs_scope_hint"), size="1", color_scheme="gray"),
                rx.dialog.close(
                    rx.button(tr("close"), variant="soft", align_self="end", data_testid="prefs-close")
                ),
                spacing="3",
                width="100%",
            ),
            dir=UIState.dir,
            max_width="26em",
        ),
        open=NavState.prefs_open,
        on_open_change=NavState.set_prefs_open,
    )


def sidebar() -> rx.Component:
    return rx.vstack(
        rx.hstack(
            rx.heading("CRM-RES", size="6", color=rx.color("accent", 11)),
            rx.spacer(),
            bell(),
            width="100%",
            align="center",
        ),
        rx.text(
            rx.cond(UIState.is_en, AuthState.restaurant_name_en, AuthState.restaurant_name_ar),
            size="2",
            color_scheme="gray",
            data_testid="restaurant-name",
        ),
        rx.divider(),
        *[_nav_link(*item) for item in NAV],
        rx.spacer(),
        rx.button(
            rx.icon("languages", size=16),
            tr("language_toggle"),
            on_click=UIState.toggle_lang,
            variant="outline",
            width="100%",
            data_testid="lang-toggle",
        ),
        native_form(  # a plain POST: the server ends the session and clears the HttpOnly cookie
            rx.button(
                rx.icon("log-out", size=16),
                tr("logout"),
                type="submit",
                variant="ghost",
                color_scheme="gray",
                width="100%",
                data_testid="logout",
            ),
            action="/auth/logout",
            method="post",
            width="100%",
        ),
        native_form(
            rx.button(
                tr("logout_everywhere"),
                type="submit",
                variant="ghost",
                color_scheme="gray",
                size="1",
                width="100%",
                data_testid="logout-everywhere",
            ),
            action="/auth/logout-all",
            method="post",
            width="100%",
        ),
        spacing="2",
        padding="1.2em",
        min_width="240px",
        height="100vh",
        position="sticky",
        top="0",
        border_inline_end=f"1px solid {rx.color('gray', 5)}",
        background=rx.color("gray", 2),
        display=["none", "none", "flex"],
    )


def _mobile_link(route: str, key: str, icon: str) -> rx.Component:
    """A phone tab: the icon with its badges beside it (never on it) and a short label under it."""
    active = rx.State.router.page.path == route
    badges = (
        [
            rx.hstack(
                _count_badge(NavState.escalated, "red", "m-nav-escalated"),
                _count_badge(NavState.unread, "teal", "m-nav-unread"),
                spacing="0",
            )
        ]
        if key == "conversations"
        else []
    )
    link = rx.link(
        rx.vstack(
            rx.hstack(
                rx.icon(icon, size=20, flex_shrink="0"),
                *badges,
                spacing="1",
                align="center",
                justify="center",
                height="20px",
            ),
            rx.text(
                tr(f"nav_short_{key}"),
                size="1",
                weight=rx.cond(active, "bold", "regular"),
                white_space="nowrap",
                overflow="hidden",
                text_overflow="ellipsis",
                max_width="100%",
                font_size="11px",
            ),
            spacing="0",
            align="center",
            width="100%",
        ),
        href=route,
        underline="none",
        aria_label=tr(key),
        data_testid=f"m-nav-{key}",
        color=rx.cond(active, rx.color("accent", 11), rx.color("gray", 11)),
        flex="1 1 0",
        min_width="0",
        padding_y="0.35em",
        border_top=rx.cond(active, f"2px solid {rx.color('accent', 9)}", "2px solid transparent"),
    )
    return _for_role(route, link)


# On a phone the tab bar keeps the everyday pages; the owner's and managers' pages sit under
# "more" (ten tabs do not fit 390 px with their labels and badges).
PHONE_MORE = OWNER_ONLY | MANAGERS_UP


def _more_item(route: str, key: str, icon: str) -> rx.Component:
    item = rx.menu.item(
        rx.hstack(
            rx.icon(icon, size=16),
            rx.text(tr(key)),
            rx.spacer(),
            _count_badge(NavState.failed, "red", "m-more-failed") if key == "operations" else rx.fragment(),
            spacing="2",
            align="center",
            width="100%",
        ),
        on_select=rx.redirect(route),
        data_testid=f"m-nav-{key}",
    )
    return _for_role(route, item)


def _more_menu() -> rx.Component:
    """The phone's last tab: the pages the owner (and managers) open less often, with the failed
    count beside its icon."""
    button = rx.box(
        rx.vstack(
            rx.hstack(
                rx.icon("ellipsis", size=20, flex_shrink="0"),
                rx.cond(AuthState.is_owner, _count_badge(NavState.failed, "red", "m-nav-failed")),
                spacing="1",
                align="center",
                justify="center",
                height="20px",
            ),
            rx.text(tr("nav_short_more"), size="1", white_space="nowrap", font_size="11px"),
            spacing="0",
            align="center",
            width="100%",
        ),
        aria_label=tr("nav_short_more"),
        data_testid="m-nav-more",
        color=rx.color("gray", 11),
        padding_y="0.35em",
        border_top="2px solid transparent",
        cursor="pointer",
        width="100%",
    )
    menu = rx.menu.root(
        rx.menu.trigger(button),
        rx.menu.content(*[_more_item(*item) for item in NAV if item[0] in PHONE_MORE], dir=UIState.dir),
    )
    return rx.cond(AuthState.user_role != "staff", rx.box(menu, flex="1 1 0", min_width="0"))


def mobile_nav() -> rx.Component:
    """Phones: a slim top bar (name, bell, language) and a labelled tab bar at the bottom, in
    reach of the thumb; nothing scrolls sideways."""
    return rx.fragment(
        rx.hstack(
            rx.heading("CRM-RES", size="4", color=rx.color("accent", 11)),
            rx.text(
                rx.cond(UIState.is_en, AuthState.restaurant_name_en, AuthState.restaurant_name_ar),
                size="1",
                color_scheme="gray",
                truncate=True,
                min_width="0",
            ),
            rx.spacer(),
            bell("m-bell"),
            rx.icon_button(
                rx.icon("languages", size=16),
                on_click=UIState.toggle_lang,
                size="1",
                variant="outline",
                aria_label=tr("language_toggle"),
                data_testid="m-lang-toggle",
            ),
            display=["flex", "flex", "none"],
            spacing="2",
            padding="0.4em 0.6em",
            border_bottom=f"1px solid {rx.color('gray', 5)}",
            width="100%",
            align="center",
            position="sticky",
            top="0",
            z_index="10",
            background=rx.color("gray", 1),
        ),
        rx.hstack(
            *[_mobile_link(*item) for item in NAV if item[0] not in PHONE_MORE],
            _more_menu(),
            display=["flex", "flex", "none"],
            spacing="0",
            width="100%",
            align="stretch",
            position="fixed",
            bottom="0",
            inset_inline="0",
            z_index="20",
            background=rx.color("gray", 1),
            border_top=f"1px solid {rx.color('gray', 5)}",
            padding_bottom="env(safe-area-inset-bottom)",
            data_testid="m-tabbar",
        ),
    )


def shell(content: rx.Component, title_key: str) -> rx.Component:
    return rx.box(
        live_anchor(NavState),
        prefs_dialog(),
        rx.hstack(
            sidebar(),
            rx.vstack(
                mobile_nav(),
                rx.heading(tr(title_key), size="7", data_testid="page-title"),
                content,
                spacing="4",
                padding=["0.75em", "1.5em", "2em"],
                # Phones: room under the content for the tab bar.
                padding_bottom=["5em", "5em", "2em"],
                width="100%",
                min_width="0",
                align="stretch",
            ),
            spacing="0",
            align="start",
            width="100%",
        ),
        dir=UIState.dir,
        lang=rx.cond(UIState.is_en, "en", "ar"),
        # Read by assets/digits.js: Arabic-Indic digits in the Arabic UI when the owner chose them.
        data_digits=rx.cond(UIState.is_en, "western", AuthState.digit_style),
        width="100%",
    )


def template(
    route: str, title_key: str, on_load: EventType[()] | list[EventType[()]] | None = None
) -> Callable[[Callable[[], rx.Component]], Callable[[], rx.Component]]:
    """Register a logged-in dashboard page: shell, title, auth check, badges, then the page's own load."""
    loads: list[EventType[()]] = [AuthState.require_login, UIState.sync_dir, NavState.load_nav]
    if on_load is not None:
        loads += on_load if isinstance(on_load, list) else [on_load]

    def decorator(page: Callable[[], rx.Component]) -> Callable[[], rx.Component]:
        @rx.page(route=route, title="CRM-RES", on_load=loads)
        def wrapped() -> rx.Component:
            return shell(page(), title_key)

        wrapped.__name__ = page.__name__
        return wrapped

    return decorator
