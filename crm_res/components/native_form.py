"""A `<form>` the browser itself submits (Reflex's own Form always prevents that and sends the
fields over the websocket): for the login and logout POSTs, whose answers set and clear the
HttpOnly session cookie (crm_res/http/auth_routes.py)."""

from __future__ import annotations

from reflex_base.components.component import field
from reflex_base.vars.base import Var
from reflex_components_core.el.elements.base import BaseHTML


class NativeForm(BaseHTML):
    tag = "form"

    action: Var[str] = field(doc="URL the browser posts the form to")
    method: Var[str] = field(doc="HTTP method of the submission")


native_form = NativeForm.create
