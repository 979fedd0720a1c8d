"""`make run`: embedded services, migrations, demo data, worker and app on one port.

The app is the topology of crm_res/runtime/serve.py: Caddy on PORT in front of the ingestion tier
(`webhook:app`, granian, its own processes) and the dashboard (Reflex). Ctrl-C stops everything
this launcher started (those, the worker, and the embedded Postgres/Redis when started here).
"""

from __future__ import annotations

import os
import sys
import time

from crm_res.runtime import serve
from crm_res.settings import ROOT, get_settings


def seed_demo_if_wanted(*, embedded_pg: bool):
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
    # One metrics directory for every process started here (multiprocess mode; emptied now: an
    # earlier run's counts must not add to this one's), and log lines a person can read.
    from crm_res.metrics import MULTIPROC_ENV, prepare_multiproc_dir

    env[MULTIPROC_ENV] = prepare_multiproc_dir(env.get(MULTIPROC_ENV) or str(settings.data_dir / "metrics"))
    env.setdefault("CRM_RES_LOG_FORMAT", "console")
    # Warnings and errors only, like the worker below, unless asked (CRM_RES_LOG_LEVEL=INFO): the
    # ingestion tier's one line per stored message would scroll the terminal past anything that
    # matters, and rendering it costs the tier ~50 µs of CPU per message (docs/CAPACITY.md).
    env.setdefault("CRM_RES_LOG_LEVEL", "WARNING")
    print(f"database: {'embedded Postgres under .data/pg' if embedded_pg else 'DATABASE_URL'}")
    print(f"redis:    {'embedded Redis under .data/redis' if embedded_redis else 'REDIS_URL'}")
    print(f"migrated to {upgrade_database()}")
    demo = seed_demo_if_wanted(embedded_pg=embedded_pg)
    unsigned = serve.database_problems()  # said now and again under the banner: not lost in the scroll
    for problem in unsigned:
        print(f"error: {problem}", file=sys.stderr)
    if demo is None:
        print("demo data: not seeded on DATABASE_URL (set CRM_RES_DEMO=1 to seed it)")
    port = settings.port
    env["PORT"] = str(port)
    worker = [sys.executable, str(ROOT / "worker.py"), "--log-level", "WARNING"]
    topology = serve.Topology(serve.Ports.around(port), env, extra=[("worker", worker)])

    def ready() -> None:
        took = time.monotonic() - started
        print("\n" + "=" * 64)
        print(f" CRM-RES is running: http://localhost:{port}   (ready in {took:.0f}s)")
        if demo is not None and demo.created_owner:
            print(f" log in as {demo.owner_email} / {demo.owner_password}   (shown once: note it)")
        elif demo is not None:
            print(f" log in as {demo.owner_email} (password shown when it was created)")
        print(" webhook: /webhooks/whatsapp   health: /health/live /health/ready   metrics: /metrics")
        print(" Ctrl-C stops everything")
        for problem in unsigned:
            print(f" error: {problem}")
        print("=" * 64 + "\n", flush=True)

    def stopped() -> None:
        from crm_res.embedded import stop_embedded

        if embedded_pg or embedded_redis:
            names = stop_embedded(settings.data_dir)
            print(f"stopped: {', '.join(topology.procs)}{''.join(', ' + s for s in names)}")

    return serve.supervise(topology, ready, stopped)


if __name__ == "__main__":
    sys.exit(main())
