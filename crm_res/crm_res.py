"""The Reflex app: mounts the webhook/health routes and registers the pages. Nothing else."""

from __future__ import annotations

import logging

import reflex as rx

import webhook
from crm_res.pages import (  # noqa: F401 - importing registers the pages
    activity,
    campaigns,
    conversations,
    customers,
    feedback,
    login,
    not_found,
    operations,
    orders,
    overview,
    settings,
    simulator,
)
from crm_res.settings import get_settings
from crm_res.state.live import bind_app

for note in get_settings().warnings():
    logging.getLogger("crm_res").warning(note)

app = rx.App(
    stylesheets=["/app.css", "/inbox.css"],
    head_components=[rx.script(src="/digits.js")],
    html_lang="ar",
    html_custom_attrs={"dir": "rtl"},
    api_transformer=webhook.app,
)
bind_app(app)
