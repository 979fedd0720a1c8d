"""The conversation list on plain ASGI, in front of the FastAPI app.

A POS or a spreadsheet polls `GET /conversations` with a new `updated_since` each time, so its
pages are rarely cached (issue #18's figure is this route, never cached). FastAPI's middleware
stack, its walk over every route and its dependency solving were 18% of such a request's
instructions in-process, for a route that reads its own key and query. This lane answers that
one route with the same pieces the FastAPI app would run, in the same order: the request id
(errors.RequestIdMiddleware), the app's query check (common.refuse_unknown_query), the route's
endpoint, and on an exception the app's own handler for it (errors.install). Every other request,
and a HEAD to this path, goes to the FastAPI app unchanged.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from types import SimpleNamespace

from fastapi import FastAPI
from starlette.requests import Request
from starlette.responses import Response
from starlette.types import ASGIApp, Receive, Scope, Send

from crm_res.http.api import common, errors


class HotReads:
    """ASGI: `GET <path>` answered here by `endpoints[path]` (the function `app` routes that
    path to: it reads its key and query itself), everything else by `app`."""

    def __init__(self, app: FastAPI, endpoints: dict[str, Callable[[Request], Awaitable[Response]]]) -> None:
        self.app = app
        documented = common.documented_query(app)
        missing = [path for path in endpoints if ("GET", path) not in documented]
        assert not missing, f"the app documents no GET {missing}"
        # scope["route"]: what refuse_unknown_query reads of it, the route's path
        self._routes = {path: (fn, SimpleNamespace(path_format=path)) for path, fn in endpoints.items()}
        self._lane: ASGIApp = errors.RequestIdMiddleware(self._answer)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        hot = (
            self._routes.get(route_path(scope))
            if scope["type"] == "http" and scope["method"] == "GET"
            else None
        )
        if hot is None:
            await self.app(scope, receive, send)
            return
        # What Starlette's app and router put in the scope before a route runs.
        scope["app"], (scope["endpoint"], scope["route"]) = self.app, hot
        await self._lane(scope, receive, send)

    async def _answer(self, scope: Scope, receive: Receive, send: Send) -> None:
        request = Request(scope, receive)
        try:
            await common.refuse_unknown_query(request)
            response = await scope["endpoint"](request)
        except Exception as exc:  # the app's handler for it, as its ExceptionMiddleware finds it
            response = await _handler(self.app, exc)(request, exc)
        await response(scope, receive, send)


def route_path(scope: Scope) -> str:
    """The path as Starlette routes it: under a mount, the part below the mount's root_path."""
    path, root = scope["path"], scope.get("root_path", "")
    return path[len(root) :] if root and path.startswith(root) else path


def _handler(app: FastAPI, exc: Exception):  # noqa: ANN202  # Starlette's handler type
    for cls in type(exc).__mro__:
        if cls in app.exception_handlers:
            return app.exception_handlers[cls]
    raise exc  # errors.install registers Exception itself: not reached
