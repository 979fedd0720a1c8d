"""The worker's own /metrics, for deployments where workers run apart from the app (Docker).

Each container has its own multiprocess directory (emptied when it starts; pids of different
containers would collide in a shared one, and a dead container's gauges would linger there), so
the app's /metrics cannot see a worker container's counters. With CRM_RES_WORKER_METRICS_PORT set,
`worker.py` serves its processes' metrics on that port and Prometheus scrapes every worker
(docs/OPERATIONS.md); the queue gauges stay on the app's /metrics (read from Redis, once).
"""

from __future__ import annotations

import hmac
import threading
from wsgiref.simple_server import WSGIRequestHandler, make_server

from prometheus_client.exposition import ThreadingWSGIServer

from crm_res import metrics
from crm_res.settings import get_settings


class _Quiet(WSGIRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the stdlib's name
        """Scrapes every 15 s would flood the worker's log."""


def _app(environ, start_response):
    token = get_settings().metrics_token
    if token:
        given = environ.get("HTTP_AUTHORIZATION", "")
        if not hmac.compare_digest(given.encode(), f"Bearer {token}".encode()):
            start_response("403 Forbidden", [("Content-Type", "text/plain")])
            return [b"forbidden\n"]
    if environ.get("PATH_INFO", "/") not in ("/metrics", "/"):
        start_response("404 Not Found", [("Content-Type", "text/plain")])
        return [b"not found\n"]
    body, content_type = metrics.exposition()
    start_response("200 OK", [("Content-Type", content_type), ("Content-Length", str(len(body)))])
    return [body]


def serve(port: int, host: str = "0.0.0.0") -> threading.Thread:
    """Serve in a daemon thread of the worker's parent process (it forks its workers first)."""
    server = make_server(host, port, _app, server_class=ThreadingWSGIServer, handler_class=_Quiet)
    thread = threading.Thread(target=server.serve_forever, name="worker-metrics", daemon=True)
    thread.start()
    return thread
