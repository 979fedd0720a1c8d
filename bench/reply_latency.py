"""Reply latency: webhook POST → the assistant's reply arriving at a (fake) Graph API.

Runs the real pieces: the webhook under granian, RQ workers (`worker.py`), Postgres and Redis,
with an instant fake LLM (so the figure is the assistant's own overhead, not a model's) and an
instant FakeGraph. Measures rounds of 1 and 50 concurrent conversations; each conversation
sends its next message only after the previous reply arrived.

    python bench/reply_latency.py [--rounds-1 40] [--rounds-50 12] [--workers 2]

Goal (issue 4): p99 ≤ 1 s at 50 concurrent conversations.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import time
import uuid

import httpx
from _common import (
    GraphProcess,
    free_port,
    percentile,
    seed_restaurants,
    setup_bench_environment,
    start_webhook,
    start_workers,
)

from tests.fakes import wa_payloads as wa
from tests.fakes.fake_llm import FakeLLM, decision

DECISION = decision("هلا والله! كيف نقدر نخدمك؟", intent="greeting", sentiment="positive", confidence=0.95)


# With a real token the webhook requires signed deliveries, as Meta signs them.
APP_SECRET = "bench-app-secret"


def delivery(pnid: str, wa_id: str, body: str) -> bytes:
    text = wa.text_message(pnid, wa_id, body, wamid=f"wamid.bench.{uuid.uuid4().hex}", name="Bench")
    return wa.encode(wa.delivery(text, waba_id="bench"))


def replying_stack(env: dict[str, str]) -> tuple[FakeLLM, GraphProcess, dict[str, str]]:
    """The instant fake LLM (entered: the caller exits it), a FakeGraph and the environment for
    the webhook and workers that reply through them."""
    llm = FakeLLM()
    llm.__enter__()
    llm.script("fake/instant", content=DECISION)
    graph = GraphProcess(token="bench-token")
    child_env = {
        **env,
        "WHATSAPP_ACCESS_TOKEN": "bench-token",
        "WHATSAPP_GRAPH_URL": graph.url,
        "WHATSAPP_APP_SECRET": APP_SECRET,
        "LLM_API_KEY": "bench",
        "LLM_BASE_URL": llm.url,
        "LLM_MODELS": "fake/instant",
    }
    return llm, graph, child_env


async def post_greetings(
    client: httpx.AsyncClient, url: str, pnid: str, customers: list[str], r: int
) -> list[httpx.Response]:
    """Round `r`'s greeting from each customer, posted at once, signed as Meta signs."""
    bodies = [delivery(pnid, c, f"السلام عليكم {r}") for c in customers]
    return await asyncio.gather(
        *(
            client.post(
                url,
                content=b,
                headers={"content-type": "application/json", "x-hub-signature-256": wa.sign(b, APP_SECRET)},
            )
            for b in bodies
        )
    )


def stages(posted: dict[str, list[float]], arrived: dict[str, list[float]]) -> str:
    """Where the replies' time went, per stage (p50 / p99 ms), from the rows' own timestamps:
    POST → stored (the webhook's insert), → picked up (a worker claimed it: `processed_at`),
    → posted (the reply's wamid stored: `sent_at`, just after Meta accepted it), → at the Graph
    API (the fake's receive time). The k-th message of a customer pairs with its k-th reply."""
    from _common import sql

    inbound: dict[str, list[tuple[float, float]]] = {}
    for wa_id, created, processed in sql(
        "SELECT c.wa_id, m.created_at, m.processed_at FROM messages m "
        "JOIN conversations v ON v.id = m.conversation_id JOIN customers c ON c.id = v.customer_id "
        "WHERE m.direction = 'inbound' AND c.wa_id = ANY(:w) ORDER BY m.id",
        w=list(posted),
    ):
        inbound.setdefault(wa_id, []).append((created.timestamp(), processed.timestamp()))
    replies: dict[str, list[float]] = {}
    for to, sent in sql(
        "SELECT to_wa_id, sent_at FROM outbox WHERE to_wa_id = ANY(:w) AND sent_at IS NOT NULL ORDER BY id",
        w=list(posted),
    ):
        replies.setdefault(to, []).append(sent.timestamp())
    parts: dict[str, list[float]] = {"stored": [], "picked up": [], "processed+posted": [], "at Graph": []}
    for wa_id, posts in posted.items():
        # the rounds of this phase are the customer's last len(posts) messages and replies
        ins, outs, graph_at = (
            inbound.get(wa_id, [])[-len(posts) :],
            replies.get(wa_id, [])[-len(posts) :],
            arrived[wa_id],
        )
        for t0, (stored, picked), sent, at in zip(posts, ins, outs, graph_at, strict=False):
            parts["stored"].append(stored - t0)
            parts["picked up"].append(picked - stored)
            parts["processed+posted"].append(sent - picked)
            parts["at Graph"].append(at - sent)
    return "; ".join(
        f"{name} p50 {percentile(v, 50) * 1000:.0f} / p99 {percentile(v, 99) * 1000:.0f}"
        for name, v in parts.items()
    )


async def run_rounds(
    url: str,
    graph: GraphProcess,
    pnid: str,
    concurrency: int,
    rounds: int,
    trail: tuple[dict[str, list[float]], dict[str, list[float]]] | None = None,
) -> list[float]:
    customers = [f"9665{concurrency:02d}{i:06d}" for i in range(concurrency)]
    latencies: list[float] = []
    seen = graph.count()
    async with httpx.AsyncClient(timeout=10) as client:
        for r in range(rounds):
            started = {c: time.time() for c in customers}
            answers = await post_greetings(client, url, pnid, customers, r)
            assert all(a.status_code == 200 for a in answers), [a.status_code for a in answers]
            deadline = time.time() + 30
            while graph.count() < seen + concurrency:
                if time.time() > deadline:
                    raise RuntimeError(f"only {graph.count() - seen} of {concurrency} replies arrived")
                await asyncio.sleep(0.005)
            replies = graph.sent()[seen : seen + concurrency]
            seen += concurrency
            for at, _pnid, to, _cb, _wamid in replies:
                latencies.append(at - started[to])
                if trail is not None:
                    trail[0].setdefault(to, []).append(started[to])
                    trail[1].setdefault(to, []).append(at)
    return latencies


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rounds-1", type=int, default=40)
    parser.add_argument("--rounds-50", type=int, default=12)
    parser.add_argument("--workers", type=int, default=2, help="worker processes")
    parser.add_argument("--redis-db", type=int, default=8, help="the Redis db to use (flushed)")
    args = parser.parse_args()

    env = setup_bench_environment(f"crm_res_bench_reply_{args.redis_db}", redis_db=args.redis_db)
    llm, graph, child_env = replying_stack(env)
    [pnid] = seed_restaurants("reply", 1, settings={"rate_per_second": 1000})
    port = free_port()
    start_webhook(port, env=child_env)
    start_workers(args.workers, env=child_env)
    url = f"http://127.0.0.1:{port}/webhooks/whatsapp"
    asyncio.run(run_rounds(url, graph, pnid, 1, 3))  # warm-up: imports, connections, caches

    print(
        f"reply latency, webhook POST → reply at the Graph API ({args.workers} worker processes, instant LLM); "
        f"load average {os.getloadavg()[0]:.2f}"
    )
    ok = True
    for concurrency, rounds in ((1, args.rounds_1), (50, args.rounds_50)):
        t0 = time.time()
        trail: tuple[dict[str, list[float]], dict[str, list[float]]] = ({}, {})
        lat = asyncio.run(run_rounds(url, graph, pnid, concurrency, rounds, trail))
        took = time.time() - t0
        p50, p99 = percentile(lat, 50) * 1000, percentile(lat, 99) * 1000
        print(
            f"  {concurrency:>2} concurrent: {len(lat):>4} replies in {took:5.1f} s "
            f"({len(lat) / took:6.1f}/s)  p50 {p50:7.1f} ms  p99 {p99:7.1f} ms  max {max(lat) * 1000:7.1f} ms"
        )
        print(f"      stages (ms): {stages(*trail)}")
        if concurrency == 50 and p99 > 1000:
            ok = False
    llm_calls = len(llm.calls)
    print(f"  LLM calls: {llm_calls} (every reply went through the LLM path)")
    llm.__exit__(None, None, None)
    print("goal p99 ≤ 1000 ms at 50 concurrent:", "met" if ok else "NOT met")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
