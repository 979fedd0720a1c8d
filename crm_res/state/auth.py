"""Login session: a signed token in a cookie, checked on every page load."""

from __future__ import annotations

import reflex as rx

from crm_res.db import session_scope
from crm_res.models import Restaurant
from crm_res.services.access import Viewer
from crm_res.services.admin.users import (
    SESSION_MAX_AGE,
    LoginFailed,
    authenticate,
    sign_session,
    viewer_from_token,
)
from crm_res.settings import get_settings


class AuthState(rx.State):
    token: str = rx.Cookie("", name="crm_session", max_age=SESSION_MAX_AGE, same_site="strict")
    user_email: str = ""
    user_role: str = ""
    restaurant_name_ar: str = ""
    restaurant_name_en: str = ""
    login_error: str = ""

    def _viewer(self) -> Viewer | None:
        """The logged-in viewer, refreshed from the database (revoked users drop out)."""
        with session_scope() as session:
            viewer = viewer_from_token(session=session, token=self.token, secret=get_settings().signing_key())
            if viewer is not None:
                self.user_role = viewer.role.value
                if not self.restaurant_name_ar:
                    restaurant = session.get(Restaurant, viewer.restaurant_id)
                    if restaurant:
                        self.restaurant_name_ar = restaurant.name_ar
                        self.restaurant_name_en = restaurant.name_en
            return viewer

    @rx.var
    def is_owner(self) -> bool:
        return self.user_role == "owner"

    @rx.event
    def require_login(self):  # type: ignore[no-untyped-def]
        if self._viewer() is None:
            return rx.redirect("/login")

    @rx.event
    def login(self, form: dict):  # type: ignore[no-untyped-def]
        email = (form.get("email") or "").strip()
        password = form.get("password") or ""
        with session_scope() as session:
            try:
                user = authenticate(session=session, email=email, password=password)
            except LoginFailed as exc:
                self.login_error = "login_locked" if exc.retry_after else "login_failed"
                return
            self.token = sign_session(user, get_settings().signing_key())
            self.user_email = user.email
            self.user_role = user.role.value
            self.restaurant_name_ar = ""
        self.login_error = ""
        return rx.redirect("/")

    @rx.event
    def logout(self):  # type: ignore[no-untyped-def]
        self.token = ""
        self.user_email = ""
        self.user_role = ""
        self.restaurant_name_ar = self.restaurant_name_en = ""
        return [rx.remove_cookie("crm_session"), rx.redirect("/login")]
