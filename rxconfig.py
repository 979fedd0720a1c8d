"""Reflex configuration; product settings live in crm_res/settings.py."""

import os

import reflex as rx
from reflex.plugins.sitemap import SitemapPlugin

port = int(os.environ.get("PORT", "3000"))

config = rx.Config(
    app_name="crm_res",
    frontend_port=port,
    backend_port=port,
    telemetry_enabled=False,
    show_built_with_reflex=False,
    disable_plugins=[SitemapPlugin],
    plugins=[rx.plugins.RadixThemesPlugin(theme=rx.theme(accent_color="teal", radius="large"))],
    api_url=os.environ.get("CRM_RES_PUBLIC_URL", f"http://localhost:{port}"),
    deploy_url=os.environ.get("CRM_RES_PUBLIC_URL", f"http://localhost:{port}"),
)
