"""/api/docs: a readable reference rendered in the browser from /api/v1/openapi.json, from the
app's own files (no CDN: the page and its script are in crm_res/http/api/static)."""

from __future__ import annotations

from pathlib import Path

from starlette.requests import Request
from starlette.responses import FileResponse, RedirectResponse, Response
from starlette.routing import Route

STATIC = Path(__file__).parent / "static"


async def page(request: Request) -> Response:
    return FileResponse(STATIC / "docs.html", media_type="text/html; charset=utf-8")


async def script(request: Request) -> Response:
    return FileResponse(STATIC / "docs.js", media_type="text/javascript; charset=utf-8")


async def to_page(request: Request) -> Response:
    return RedirectResponse("/api/docs", status_code=308)


routes = [
    Route("/api/docs", page, methods=["GET"]),
    Route("/api/docs/", to_page, methods=["GET"]),
    Route("/api/docs/docs.js", script, methods=["GET"]),
]
