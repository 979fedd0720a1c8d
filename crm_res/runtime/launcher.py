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


def main() -> int:
    started = time.monotonic()
    settings = get_settings()
    for note in settings.warnings():
        print(f"note: {note}")
    embedded_pg = not settings.database_url
    embedded_redis = not settings.redis_url
    from crm_res.db import database_url, redis_url
    from crm_res.runtime.migrate import upgrade_database
    from crm_res.services.ops.demo import seed_demo

    env = dict(os.environ)
    env["DATABASE_URL"] = database_url()
    env["REDIS_URL"] = redis_url()
    env.setdefault("REFLEX_USE_SYSTEM_BUN", "1")
    print(f"database: {'embedded Postgres under .data/pg' if embedded_pg else 'DATABASE_URL'}")
    print(f"redis:    {'embedded Redis under .data/redis' if embedded_redis else 'REDIS_URL'}")
    print(f"migrated to {upgrade_database()}")
    from crm_res.db import session_scope

    with session_scope() as session:
        demo = seed_demo(session=session)
    port = settings.port
    env["PORT"] = str(port)
    worker = [sys.executable, str(ROOT / "worker.py"), "--log-level", "WARNING"]
    topology = serve.Topology(serve.Ports.around(port), env, extra=[("worker", worker)])

    def ready() -> None:
        took = time.monotonic() - started
        print("\n" + "=" * 64)
        print(f" CRM-RES is running: http://localhost:{port}   (ready in {took:.0f}s)")
        print(f" log in as {demo.owner_email} / {demo.owner_password}")
        print(" webhook: /webhooks/whatsapp   health: /health/live /health/ready")
        print(" Ctrl-C stops everything")
        print("=" * 64 + "\n", flush=True)

    def stopped() -> None:
        from crm_res.embedded import stop_embedded

        if embedded_pg or embedded_redis:
            names = stop_embedded(settings.data_dir)
            print(f"stopped: {', '.join(topology.procs)}{''.join(', ' + s for s in names)}")

    return serve.supervise(topology, ready, stopped)


if __name__ == "__main__":
    sys.exit(main())
