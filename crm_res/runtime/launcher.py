"""`make run`: embedded services, migrations, demo data, worker and app on one port.

Ctrl-C stops everything this launcher started (the app, the worker, and the embedded
Postgres/Redis when they were started here).
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import urllib.request

from crm_res.runtime import prebuilt
from crm_res.settings import ROOT, get_settings


def _wait_for(url: str, timeout: float, proc: subprocess.Popen) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            return False
        try:
            with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 - our own port
                if response.status == 200:
                    return True
        except OSError:
            pass
        time.sleep(0.5)
    return False


def seed_demo_if_wanted(*, embedded_pg: bool):  # type: ignore[no-untyped-def]
    """Demo data only on the embedded database (a try-out) or when asked for (CRM_RES_DEMO=1):
    never an owner login with a known password on a real database. The owner's password is a
    fresh one, shown once, when the owner is created. Returns the DemoResult, or None."""
    import secrets

    from crm_res.db import session_scope
    from crm_res.services.ops.demo import seed_demo

    if not (embedded_pg or get_settings().demo):
        return None
    with session_scope() as session:
        return seed_demo(session=session, owner_password=secrets.token_urlsafe(12))


def main() -> int:
    started = time.monotonic()
    # Everything this launcher and its children write (.data/: the database, Redis, the secret
    # key, customers' media) is readable by this user only.
    os.umask(0o077)
    settings = get_settings()
    for note in settings.warnings():
        print(f"note: {note}")
    problems = settings.errors()
    for problem in problems:
        print(f"error: {problem}", file=sys.stderr)
    if problems:
        return 2
    embedded_pg = not settings.database_url
    embedded_redis = not settings.redis_url
    from crm_res.db import database_url, redis_url
    from crm_res.runtime.migrate import upgrade_database

    env = dict(os.environ)
    env["DATABASE_URL"] = database_url()
    env["REDIS_URL"] = redis_url()
    # Reflex keeps its per-tab state in the same Redis (rxconfig.py), not in .states/ on disk.
    env.setdefault("REFLEX_REDIS_URL", env["REDIS_URL"])
    env.setdefault("REFLEX_USE_SYSTEM_BUN", "1")
    print(f"database: {'embedded Postgres under .data/pg' if embedded_pg else 'DATABASE_URL'}")
    print(f"redis:    {'embedded Redis under .data/redis' if embedded_redis else 'REDIS_URL'}")
    print(f"migrated to {upgrade_database()}")
    demo = seed_demo_if_wanted(embedded_pg=embedded_pg)
    if demo is None:
        print("demo data: not seeded on DATABASE_URL (set CRM_RES_DEMO=1 to seed it)")
    port = settings.port
    env["PORT"] = str(port)
    python = sys.executable
    full_run = [python, "-m", "reflex", "run", "--env", "prod", "--single-port",
                "--frontend-port", str(port), "--backend-port", str(port), "--loglevel", "warning"]  # fmt: skip
    # Nothing the frontend depends on changed since the last build: serve that build (seconds)
    # instead of recompiling and rebuilding it (crm_res/runtime/prebuilt.py).
    fingerprint = prebuilt.fingerprint(port)
    reuse_build = prebuilt.is_current(port)
    app_cmd = [python, "-m", "crm_res.runtime.prebuilt", "--port", str(port)] if reuse_build else full_run
    print(
        "frontend: the last build is current, serving it"
        if reuse_build
        else "frontend: building (once per change)"
    )
    procs = [
        subprocess.Popen([python, str(ROOT / "worker.py"), "--log-level", "WARNING"], cwd=ROOT, env=env),
        subprocess.Popen(app_cmd, cwd=ROOT, env=env),
    ]

    def shutdown(*_: object) -> None:
        for proc in procs:
            if proc.poll() is None:
                proc.send_signal(signal.SIGINT)
        for proc in procs:
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                proc.kill()
        from crm_res.embedded import stop_embedded

        if embedded_pg or embedded_redis:
            stopped = stop_embedded(settings.data_dir)
            print(f"stopped: app, worker{''.join(', ' + s for s in stopped)}")
        sys.exit(0)

    signal.signal(signal.SIGINT, shutdown)
    signal.signal(signal.SIGTERM, shutdown)
    up = _wait_for(f"http://127.0.0.1:{port}/health/live", 600, procs[1])
    if not up and reuse_build:
        print("serving the last build failed; building the frontend instead", file=sys.stderr)
        if procs[1].poll() is None:
            procs[1].kill()
        procs[1] = subprocess.Popen(full_run, cwd=ROOT, env=env)
        reuse_build = False
        up = _wait_for(f"http://127.0.0.1:{port}/health/live", 600, procs[1])
    if up:
        # The first page is served once the frontend build is in place.
        if _wait_for(f"http://127.0.0.1:{port}/", 120, procs[1]) and not reuse_build:
            prebuilt.record(port, fingerprint)
        took = time.monotonic() - started
        print("\n" + "=" * 64)
        print(f" CRM-RES is running: http://localhost:{port}   (ready in {took:.0f}s)")
        if demo is not None and demo.created_owner:
            print(f" log in as {demo.owner_email} / {demo.owner_password}   (shown once: note it)")
        elif demo is not None:
            print(f" log in as {demo.owner_email} (password shown when it was created)")
        print(" webhook: /webhooks/whatsapp   health: /health/live /health/ready")
        print(" Ctrl-C stops everything")
        print("=" * 64 + "\n", flush=True)
    else:
        print("the app did not start; see the output above", file=sys.stderr)
        shutdown()
    while all(p.poll() is None for p in procs):
        time.sleep(1)
    print("a process exited; stopping the rest", file=sys.stderr)
    shutdown()
    return 1


if __name__ == "__main__":
    sys.exit(main())
