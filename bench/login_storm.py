"""Login storm: /health/live and webhook latency while 30 clients keep failing to log in.

    python bench/login_storm.py [--seconds 10] [--logins 30] [--url http://localhost:3000]

Without --url it starts `webhook:app` (the webhook, /health and the /auth login routes, as every
deployment layout mounts them) under granian on a fresh database, with one restaurant. With
--url it probes a running app (`make run`); the webhook probe then posts to phone_number_id
"demo" (unsigned: sandbox mode).

Phases, each --seconds long: (1) quiet: a probe client alternates GET /health/live and a webhook
POST (one text message each); (2) storm: the same probes while --logins concurrent clients POST
wrong passwords to /auth/login in a loop, each from its own e-mail address. The per-IP limit is
raised for the started server so that every login costs a real argon2 check (the worst case;
--product-limits keeps the shipped limits, which answer most of the storm without hashing).
Prints p50/p99/max of both probes per phase and the logins answered per second; the goal is a
webhook p99 under 50 ms during the storm.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import time
import uuid
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
import _common as c  # noqa: E402

from tests.fakes import wa_payloads as wa  # noqa: E402


def delivery(pnid: str) -> bytes:
    """A new customer's "مرحبا", as Meta delivers it."""
    wa_id = f"9665{uuid.uuid4().int % 10**8:08d}"
    text = wa.text_message(pnid, wa_id, "مرحبا", wamid=f"wamid.storm.{uuid.uuid4().hex}", name="Bench")
    return wa.encode(wa.delivery(text, waba_id="bench"))


async def probe(url: str, pnid: str, until: float) -> tuple[list[float], list[float], int]:
    import httpx

    health, hook, errors = [], [], 0
    async with httpx.AsyncClient(timeout=30) as client:
        while time.monotonic() < until:
            t0 = time.perf_counter()
            r = await client.get(url + "/health/live")
            health.append(time.perf_counter() - t0)
            errors += r.status_code != 200
            body = delivery(pnid)
            t0 = time.perf_counter()
            r = await client.post(
                url + "/webhooks/whatsapp", content=body, headers={"content-type": "application/json"}
            )
            hook.append(time.perf_counter() - t0)
            errors += r.status_code != 200
            await asyncio.sleep(0.02)
    return health, hook, errors


async def storm(url: str, n: int, until: float) -> int:
    import httpx

    answered = 0

    async def one(i: int) -> None:
        nonlocal answered
        # Each client from its own loopback address and every attempt with a new e-mail address:
        # no per-address or per-account delay spares the server a password check.
        local = f"127.0.0.{i + 2}" if url.startswith("http://127.") else "0.0.0.0"
        transport = httpx.AsyncHTTPTransport(local_address=local)
        async with httpx.AsyncClient(timeout=60, follow_redirects=False, transport=transport) as client:
            k = 0
            while time.monotonic() < until:
                k += 1
                r = await client.post(
                    url + "/auth/login", data={"email": f"storm{i}-{k}@bench.sa", "password": "x"}
                )
                answered += r.status_code == 303

    await asyncio.gather(*(one(i) for i in range(n)))
    return answered


def _storm_process(url: str, n: int, seconds: float, out: Any) -> None:
    out.put(asyncio.run(storm(url, n, time.monotonic() + seconds)))


def phase(url: str, pnid: str, seconds: float, logins: int) -> dict:
    """Probes in this process; the storm's clients in another (their CPU must not delay the
    probes' own event loop and be counted as the server's latency)."""
    import multiprocessing

    answered = multiprocessing.get_context("spawn").Queue()
    stormer = None
    if logins:
        stormer = multiprocessing.get_context("spawn").Process(
            target=_storm_process, args=(url, logins, seconds + 1.0, answered)
        )
        stormer.start()
        time.sleep(1.0)  # the storm is on before the probes start
    health, hook, errors = asyncio.run(probe(url, pnid, time.monotonic() + seconds))
    count = 0
    if stormer is not None:
        count = answered.get(timeout=120)
        stormer.join()
    return {"health": health, "hook": hook, "errors": errors, "logins": count}


def line(name: str, values: list[float]) -> str:
    return (
        f"{name:<14} n={len(values):>4}  p50 {c.percentile(values, 50) * 1000:7.1f} ms  "
        f"p99 {c.percentile(values, 99) * 1000:7.1f} ms  max {max(values) * 1000:7.1f} ms"
    )


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--logins", type=int, default=30)
    parser.add_argument("--url", help="a running app to probe instead of starting webhook:app")
    parser.add_argument("--redis-db", type=int, default=11)
    parser.add_argument("--product-limits", action="store_true", help="keep the shipped login rate limits")
    args = parser.parse_args()

    if args.url:
        url, pnid = args.url.rstrip("/"), "demo"
    else:
        env = c.setup_bench_environment(f"crm_res_bench_storm_{os.getpid()}", redis_db=args.redis_db)
        [pnid] = c.seed_restaurants("storm", 1)
        server_env = dict(os.environ, **env)
        if not args.product_limits:
            server_env.update(LOGIN_RATE_PER_IP="100000/minute", LOGIN_RATE_GLOBAL="100000/minute")
        port = c.free_port()
        c.start_webhook(port, env=server_env)
        url = f"http://127.0.0.1:{port}"
    phase(url, pnid, 1.0, 0)  # warm-up: imports, connections, caches
    quiet = phase(url, pnid, args.seconds, 0)
    loud = phase(url, pnid, args.seconds, args.logins)
    limits = "shipped limits" if args.product_limits or args.url else "limits raised: every login hashes"
    print(
        f"login storm: {args.logins} clients failing to log in ({limits}); {os.cpu_count()} cores, "
        f"load average {os.getloadavg()[0]:.2f}"
    )
    print(" quiet:")
    print("  " + line("/health/live", quiet["health"]))
    print("  " + line("webhook POST", quiet["hook"]))
    print(f" storm: {loud['logins'] / (args.seconds + 1.0):.1f} failed logins answered per second")
    print("  " + line("/health/live", loud["health"]))
    print("  " + line("webhook POST", loud["hook"]))
    errors = quiet["errors"] + loud["errors"]
    p99 = c.percentile(loud["hook"], 99) * 1000
    print(
        f" probe errors: {errors}; goal webhook p99 < 50 ms during the storm:",
        "met" if p99 < 50 else "NOT met",
    )
    return 0 if errors == 0 and p99 < 50 else 1


if __name__ == "__main__":
    sys.exit(main())
