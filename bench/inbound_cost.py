"""Per-message cost of the worker's inbound job, in one process (no RQ, no webhook).

Stores inbound text messages (untimed), then runs `jobs.inbound.process_inbound` on each, one
after the other, and prints CPU ms/job (`time.process_time`, this process only: the Postgres
backend's CPU is not in it), wall ms/job and SQL statements/job, split by phase:

  handle   `services.inbound.handle_inbound_batch` (claim, load, decide, queue the outbox rows)
  commit   the job's commit (session_scope's exit)
  send     `jobs.send.send_in_order` (`send_many`: claim, post, record; the post goes to the SandboxClient,
           or with --graph to a FakeGraph in another process through the real HTTP client)
  rest     enqueueing follow-up jobs, the job's own glue

Paths: `rules` (no LLM key) and `llm` (tests/fakes/fake_llm.py in this process, an instant
model; its HTTP server thread's CPU is counted in this process's CPU time).

SQL statements are counted with SQLAlchemy's `before_cursor_execute`; statements sent on the
raw psycopg connection (the pipelined claim and `record_sent`) are counted separately as "raw".
"commits" are SQLAlchemy commit events: a COMMIT already sent inside a psycopg pipeline still
fires one (without a round trip of its own).

    python bench/inbound_cost.py [--n 300] [--paths rules,llm] [--graph] [--profile out.prof]
"""

from __future__ import annotations

import argparse
import contextlib
import cProfile
import itertools
import os
import pstats
import sys
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from typing import Any

import _common as c

from tests.fakes import wa_payloads as wa
from tests.fakes.fake_llm import decision

TEXTS = ["السلام عليكم", "شكرا", "مرحبا", "وش عندكم في المنيو", "hello", "thanks"]
DECISION = decision("هلا والله! كيف نقدر نخدمك؟", intent="greeting", sentiment="positive", confidence=0.95)
PHASES = ("handle", "commit", "send", "rest")


class Meter:
    """CPU, wall and statements per phase; `phase` is the one running now."""

    def __init__(self) -> None:
        self.phase = "outside"
        self.cpu: dict[str, float] = defaultdict(float)
        self.wall: dict[str, float] = defaultdict(float)
        self.sql: dict[str, int] = defaultdict(int)
        self.raw: dict[str, int] = defaultdict(int)
        self.commits: dict[str, int] = defaultdict(int)
        self._mark = (0.0, 0.0)

    def switch(self, phase: str) -> None:
        cpu, wall = time.process_time(), time.perf_counter()
        if self.phase != "outside":
            self.cpu[self.phase] += cpu - self._mark[0]
            self.wall[self.phase] += wall - self._mark[1]
        self.phase, self._mark = phase, (cpu, wall)

    @contextlib.contextmanager
    def during(self, phase: str) -> Iterator[None]:
        outer = self.phase
        self.switch(phase)
        try:
            yield
        finally:
            self.switch(outer)


def instrument(meter: Meter) -> Callable[[], None]:
    """Count statements and commits per phase; time the job's phases. Returns an undo."""
    from sqlalchemy import event

    from crm_res.db import get_engine
    from crm_res.jobs import inbound as job

    engine = get_engine()

    def on_execute(*_a: Any, **_k: Any) -> None:
        meter.sql[meter.phase] += 1

    def on_commit(*_a: Any) -> None:
        meter.commits[meter.phase] += 1

    event.listen(engine, "before_cursor_execute", on_execute)
    event.listen(engine, "commit", on_commit)

    import psycopg

    real_execute = psycopg.Connection.execute

    def counted_execute(self: Any, *args: Any, **kwargs: Any) -> Any:
        meter.raw[meter.phase] += 1
        return real_execute(self, *args, **kwargs)

    # SQLAlchemy runs its statements on cursors; `Connection.execute` is only the raw-driver path.
    psycopg.Connection.execute = counted_execute  # type: ignore[method-assign]

    real_handle, real_send = job.handle_inbound_batch, job.send_in_order

    def handle(**kwargs: Any) -> Any:
        with meter.during("handle"):
            outcome = real_handle(**kwargs)
        meter.switch("commit")  # session_scope commits after this returns
        return outcome

    def send(sends: Any, **kwargs: Any) -> None:
        meter.switch("send")
        real_send(sends, **kwargs)
        meter.switch("rest")

    job.handle_inbound_batch, job.send_in_order = handle, send

    def undo() -> None:
        event.remove(engine, "before_cursor_execute", on_execute)
        event.remove(engine, "commit", on_commit)
        psycopg.Connection.execute = real_execute  # type: ignore[method-assign]
        job.handle_inbound_batch, job.send_in_order = real_handle, real_send

    return undo


def store(pnid: str, wa_id: str, body: str) -> int:
    from crm_res.db import get_engine
    from crm_res.integrations.whatsapp_inbound import parse_delivery
    from crm_res.services.channel.ingest import store_deliveries

    delivery = parse_delivery(wa.delivery(wa.text_message(pnid, wa_id, body)))
    delivery.verified = True  # as the webhook marks a signed one: the path measured in production
    with get_engine().begin() as conn:
        result = store_deliveries(conn, [delivery])
    [stored] = result.new_messages
    return stored.message_id


def run_path(
    path: str, pnid: str, n: int, customers: int, profile: cProfile.Profile | None
) -> dict[str, Any]:
    from crm_res.jobs.inbound import process_inbound

    ids = itertools.cycle([f"96655{hash(path) % 1000:03d}{i:04d}" for i in range(customers)])
    texts = itertools.cycle(TEXTS)
    # Warm-up: imports, connections, the menu cache, compiled statements.
    for _ in range(min(20, n)):
        process_inbound(store(pnid, next(ids), next(texts)))
    meter = Meter()
    undo = instrument(meter)
    actions: dict[str, int] = defaultdict(int)
    try:
        for _ in range(n):
            message_id = store(pnid, next(ids), next(texts))  # untimed ("outside")
            if profile:
                profile.enable()
            meter.switch("rest")
            actions[process_inbound(message_id)] += 1
            meter.switch("outside")
            if profile:
                profile.disable()
    finally:
        undo()
    return {"meter": meter, "actions": dict(actions)}


def report(path: str, n: int, res: dict[str, Any]) -> None:
    m: Meter = res["meter"]
    cpu, wall = sum(m.cpu[p] for p in PHASES), sum(m.wall[p] for p in PHASES)
    sql = sum(m.sql[p] for p in PHASES)
    raw = sum(m.raw[p] for p in PHASES)
    print(f"\n[{path}] {n} jobs, actions {res['actions']}")
    print(
        f"  total   CPU {cpu / n * 1000:6.2f} ms/job   wall {wall / n * 1000:6.2f} ms/job   "
        f"SQL {sql / n:5.1f}/job (+raw {raw / n:.1f})   commits {sum(m.commits[p] for p in PHASES) / n:.2f}/job"
    )
    for p in PHASES:
        print(
            f"  {p:<7} CPU {m.cpu[p] / n * 1000:6.2f} ms/job   wall {m.wall[p] / n * 1000:6.2f} ms/job   "
            f"SQL {m.sql[p] / n:5.1f}/job (+raw {m.raw[p] / n:.1f})   commits {m.commits[p] / n:.2f}/job"
        )


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--n", type=int, default=300, help="jobs per path")
    parser.add_argument("--customers", type=int, default=50)
    parser.add_argument("--paths", default="rules,llm")
    parser.add_argument("--graph", action="store_true", help="post to a FakeGraph through the real client")
    parser.add_argument("--redis-db", type=int, default=3)
    parser.add_argument("--profile", help="write a cProfile of the timed jobs here and print the top")
    args = parser.parse_args()

    env = c.setup_bench_environment(f"crm_res_bench_cost_{args.redis_db}", redis_db=args.redis_db)
    if args.graph:
        graph = c.GraphProcess(token="bench-token")
        os.environ.update({"WHATSAPP_ACCESS_TOKEN": "bench-token", "WHATSAPP_GRAPH_URL": graph.url})
    [pnid] = c.seed_restaurants("cost", 1, settings={"rate_per_second": 1000})
    print(
        f"inbound job cost, one process, {'FakeGraph over HTTP' if args.graph else 'sandbox sends'}; "
        f"load average {os.getloadavg()[0]:.2f}; database {env['DATABASE_URL'].rsplit('/', 1)[1]}"
    )
    profile = cProfile.Profile() if args.profile else None
    for path in args.paths.split(","):
        llm = None
        if path == "llm":
            from tests.fakes.fake_llm import FakeLLM

            llm = FakeLLM().start()
            llm.script("fake/instant", content=DECISION)
            os.environ.update({"LLM_API_KEY": "bench", "LLM_BASE_URL": llm.url, "LLM_MODELS": "fake/instant"})
        else:
            for name in ("LLM_API_KEY", "LLM_BASE_URL", "LLM_MODELS"):
                os.environ.pop(name, None)
        from crm_res.services.dialogue import llm_flow
        from crm_res.settings import get_settings

        get_settings.cache_clear()
        llm_flow.gateway.cache_clear()
        try:
            report(path, args.n, run_path(path, pnid, args.n, args.customers, profile))
        finally:
            if llm is not None:
                llm.stop()
    if profile:
        profile.dump_stats(args.profile)
        print()
        pstats.Stats(profile).sort_stats("cumulative").print_stats(35)
    return 0


if __name__ == "__main__":
    sys.exit(main())
