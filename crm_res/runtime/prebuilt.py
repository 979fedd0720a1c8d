"""A warm `make run` serves the frontend it built last time instead of rebuilding it.

`reflex run --env prod` compiles the pages and runs a Vite production build on every start
(about 20 s here) even when nothing changed. The launcher fingerprints what the build depends
on (the app's Python sources, assets, rxconfig, Reflex's version, the public URL and port); when
the fingerprint matches the one written after the last successful build, it starts the backend
the way `reflex run --env prod --single-port` does after its build step (compile skipped, the
compiled frontend mounted on the same port). Any mismatch or failure falls back to the full run.

    python -m crm_res.runtime.prebuilt --port 3000
    python -m crm_res.runtime.prebuilt --port 3001 --backend-only   # events and websocket only
"""

from __future__ import annotations

import argparse
import hashlib
import os

from crm_res.settings import ROOT

FINGERPRINT_FILE = ROOT / ".web" / "crm_res_build.fingerprint"
CLIENT_BUILD = ROOT / ".web" / "build" / "client"


def fingerprint(port: int) -> str:
    """A hash of everything the compiled frontend depends on."""
    from importlib.metadata import version

    digest = hashlib.sha256()
    digest.update(
        f"{version('reflex')}|{port}|{os.environ.get('PUBLIC_URL', '')}|{os.environ.get('CRM_RES_PUBLIC_URL', '')}".encode()
    )
    files = [
        ROOT / "rxconfig.py",
        *sorted((ROOT / "crm_res").rglob("*.py")),
        *sorted((ROOT / "assets").rglob("*")),
    ]
    for path in files:
        if path.is_file():
            digest.update(str(path.relative_to(ROOT)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def _build_marker() -> str:
    """Identifies the build on disk: another `reflex run` (a test on another port) replaces it."""
    env_json = ROOT / ".web" / "env.json"
    env = env_json.read_text() if env_json.is_file() else ""
    return f"{CLIENT_BUILD.stat().st_mtime_ns}|{hashlib.sha256(env.encode()).hexdigest()}"


def is_current(port: int) -> bool:
    """True when the build on disk is the one recorded and the sources have not changed since."""
    if not (CLIENT_BUILD.is_dir() and FINGERPRINT_FILE.is_file()):
        return False
    return FINGERPRINT_FILE.read_text().split() == [fingerprint(port), _build_marker()]


def record(port: int, value: str) -> None:
    """Remember the fingerprint of a build that came up healthy, and which build that was."""
    FINGERPRINT_FILE.parent.mkdir(parents=True, exist_ok=True)
    FINGERPRINT_FILE.write_text(f"{value}\n{_build_marker()}\n")


def serve(port: int, host: str = "0.0.0.0", *, frontend: bool = True) -> None:  # noqa: S104 - see main()
    """Run the backend with the compiled frontend mounted, as Reflex's prod run does post-build
    (`frontend=False`: the backend alone, its websocket and events, e.g. one more dashboard
    process behind a proxy that serves the pages from another; no build needed)."""
    from reflex.constants import Env, LogLevel
    from reflex.environment import environment
    from reflex.utils import exec as rx_exec

    os.chdir(ROOT)
    environment.REFLEX_ENV_MODE.set(Env.PROD)
    environment.REFLEX_SKIP_COMPILE.set(True)
    rx_exec.run_backend_prod(host, port, LogLevel.WARNING, mount_frontend_compiled_app=frontend)


def main() -> None:
    parser = argparse.ArgumentParser(description="serve the last production build (see module doc)")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--host", default="0.0.0.0")  # noqa: S104 - the launcher passes 127.0.0.1 behind its front
    parser.add_argument("--backend-only", action="store_true", help="the backend without the compiled pages")
    args = parser.parse_args()
    serve(args.port, args.host, frontend=not args.backend_only)


if __name__ == "__main__":
    main()
