"""Reflex configuration; product settings live in crm_res/settings.py."""

import os

import reflex as rx
from reflex.plugins.sitemap import SitemapPlugin

port = int(os.environ.get("PORT", "3000"))
# With its state on Redis (below) Reflex would start 2×cores+1 backend processes; the app keeps
# one per container as before (the live pages check that a tab's socket is in this process:
# state/live.py). Scaling out is a deployment choice: set GRANIAN_WORKERS.
os.environ.setdefault("GRANIAN_WORKERS", "1")
# PUBLIC_URL (PRODUCT.md; CRM_RES_PUBLIC_URL is the older name): the one origin the browser uses.
configured_url = os.environ.get("PUBLIC_URL") or os.environ.get("CRM_RES_PUBLIC_URL")
public_url = (configured_url or f"http://localhost:{port}").rstrip("/")
# Unset: a local install, opened as localhost or 127.0.0.1.
origins = [public_url] if configured_url else [public_url, f"http://127.0.0.1:{port}"]

config = rx.Config(
    app_name="crm_res",
    frontend_port=port,
    backend_port=port,
    telemetry_enabled=False,
    show_built_with_reflex=False,
    disable_plugins=[SitemapPlugin],
    plugins=[rx.plugins.RadixThemesPlugin(theme=rx.theme(accent_color="teal", radius="large"))],
    api_url=public_url,
    deploy_url=public_url,
    # Only our own pages may call the backend with the user's cookies (not "*").
    cors_allowed_origins=origins,
    # Reflex's state on the product's Redis, never pickled into .states/ on disk (a unix:// URL,
    # the embedded Redis, works too). REFLEX_REDIS_URL, when set, wins (Reflex reads it itself).
    redis_url=os.environ.get("REFLEX_REDIS_URL") or os.environ.get("REDIS_URL") or None,
)
