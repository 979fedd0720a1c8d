"""Login session in the dashboard: the HttpOnly session cookie, read from the websocket handshake.

The cookie is set and cleared by HTTP routes (crm_res/http/auth_routes.py); Reflex never holds
the token in its state (nothing to send to the browser in a state delta, nothing to persist).
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from http.cookies import CookieError, SimpleCookie
from typing import Any, TypeVar

import reflex as rx

from crm_res.db import session_scope
from crm_res.models import Restaurant
from crm_res.services.access import Viewer
from crm_res.services.accounts.users import end_session, viewer_from_token
from crm_res.services.errors import DomainError
from crm_res.services.options import options
from crm_res.settings import get_settings
from crm_res.state.ui import UIState

SESSION_COOKIE = "crm_session"
T = TypeVar("T")


def token_from_cookie_header(header: str) -> str:
    """The session token in a Cookie header ("" when there is none)."""
    if not header:
        return ""
    jar = SimpleCookie()
    try:
        jar.load(header)
    except CookieError:
        return ""
    morsel = jar.get(SESSION_COOKIE)
    return morsel.value if morsel else ""


class AuthState(rx.State):
    user_email: str = ""
    user_role: str = ""
    restaurant_name_ar: str = ""
    restaurant_name_en: str = ""
    digit_style: str = "western"  # how digits read in Arabic (services/digits.py, assets/digits.js)
    login_error: str = ""

    async def _reader_lang(self) -> str:
        """The language the reader has the dashboard in ("ar" or "en"), for the files made for them."""
        return "en" if (await self.get_state(UIState)).lang == "en" else "ar"

    def _token(self) -> str:
        """The session token this tab's websocket was opened with (HttpOnly: the page's scripts
        cannot read it; the server reads it from the handshake's Cookie header)."""
        return token_from_cookie_header(self.router.headers.cookie)

    def _viewer(self) -> Viewer | None:
        """The logged-in viewer, refreshed from Redis and the database (ended sessions and
        revoked users drop out)."""
        with session_scope() as session:
            viewer = viewer_from_token(
                session=session, token=self._token(), secret=get_settings().signing_key()
            )
            if viewer is not None:
                self.user_role = viewer.role.value
                if not self.restaurant_name_ar:
                    restaurant = session.get(Restaurant, viewer.restaurant_id)
                    if restaurant:
                        self.restaurant_name_ar = restaurant.name_ar
                        self.restaurant_name_en = restaurant.name_en
                        self.digit_style = options(restaurant).digit_style
            return viewer

    def _as_viewer(self, fn: Callable[..., T], **kwargs: Any) -> T | None:
        """`fn(session=..., viewer=..., **kwargs)` in one session as the signed-in viewer; None
        when nobody is signed in (every page's on_load has sent them to /login)."""
        viewer = self._viewer()
        if viewer is None:
            return None
        with session_scope() as session:
            return fn(session=session, viewer=viewer, **kwargs)

    async def _read_in_thread(self, read: Callable[..., T], *args: Any) -> T | DomainError | None:
        """`read(viewer, *args)` in a worker thread (the event loop serves every other tab): None
        when nobody is signed in; the domain's refusal (an owner-only page seen by a manager) is
        returned, for the page to show its key."""
        viewer = self._viewer()
        if viewer is None:
            return None
        try:
            return await asyncio.to_thread(read, viewer, *args)
        except DomainError as exc:
            return exc

    @rx.var
    def is_owner(self) -> bool:
        return self.user_role == "owner"

    @rx.event
    def require_login(self):
        if self._viewer() is None:
            return rx.redirect("/login")

    @rx.event
    def show_login_error(self) -> None:
        """On the login page: /auth/login sent the browser back with ?failed=1."""
        failed = self.router.url.query_parameters.get("failed")
        self.login_error = "login_failed" if failed else ""

    @rx.event
    def logout(self):
        """Ends the session server-side (the logout button posts to /auth/logout, which also
        clears the cookie; this is the path for a tab whose form could not be used)."""
        end_session(self._token())
        self.user_email = ""
        self.user_role = ""
        self.restaurant_name_ar = self.restaurant_name_en = ""
        return rx.redirect("/login")
