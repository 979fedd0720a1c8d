"""`python worker.py [--processes N]`: RQ workers (with RQ's scheduler) and the cron scheduler.

Workers are RQ's non-forking SimpleWorker: about 2.5 ms per job instead of ~10 ms for a fork,
which matters for reply latency; our jobs are short, idempotent and declare their own timeouts.

They run at a lower CPU priority than the app (`--nice`, default CRM_RES_WORKER_NICE or 19): on a
box they share with the ingestion tier, a burst's deliveries are acknowledged to Meta first and
the replies catch up right after (docs/CAPACITY.md has the measurement). An idle box gives a
niced process all the CPU it asks for, so replies at normal load are as fast as before. The
Postgres backends serving their connections get the same niceness where this process may set it
(the embedded server of `make run`: crm_res/runtime/priority.py).
"""

from __future__ import annotations

import argparse
import logging
import multiprocessing
import os
import signal
import sys

from crm_res.settings import get_settings

# Below the app's processes (0), above nothing: a worker still gets the CPU the app leaves idle.
DEFAULT_NICE = 19  # measured: 10 left the burst at 466/s, 19 at 1,078/s (docs/CAPACITY.md)
# While the ingestion tier is behind, a worker waits up to this long before its next job
# (crm_res/jobs/ingest_pressure.py): niceness alone still let the workers' queries slow ingestion.
DEFAULT_YIELD_SECONDS = 2.0


def run_worker(index: int, log_level: str = "INFO", yield_seconds: float = 0.0) -> None:
    from crm_res import logs
    from crm_res.db import get_redis
    from crm_res.jobs.queues import ALL_QUEUES
    from crm_res.jobs.traced_worker import TracedWorker
    from crm_res.runtime.priority import backends_follow_this_process

    logs.configure(process="worker", level=log_level)
    backends_follow_this_process()
    worker = TracedWorker(list(ALL_QUEUES), connection=get_redis(), name=None)
    worker.yield_to_ingestion = yield_seconds
    # RQ's own `logging_level` would add a plain handler of its own: ours formats its lines.
    worker.work(with_scheduler=True, logging_level=log_level)


def run_cron() -> None:
    from rq.cron import CronScheduler

    from crm_res import logs

    logs.configure(process="cron")
    from crm_res.db import get_redis
    from crm_res.runtime.priority import backends_follow_this_process

    backends_follow_this_process()
    from crm_res.jobs.schedule import register_all

    scheduler = CronScheduler(connection=get_redis())
    register_all(scheduler)
    scheduler.start()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="CRM-RES background worker (RQ)")
    parser.add_argument("--processes", type=int, default=2, help="worker processes (default 2)")
    parser.add_argument("--no-cron", action="store_true", help="do not run the periodic jobs here")
    parser.add_argument(
        "--nice",
        type=int,
        default=int(os.environ.get("CRM_RES_WORKER_NICE") or DEFAULT_NICE),
        help=f"CPU niceness added for the workers and cron (default CRM_RES_WORKER_NICE or {DEFAULT_NICE}; 0: none)",
    )
    parser.add_argument(
        "--yield-to-ingestion",
        type=float,
        default=float(os.environ.get("CRM_RES_WORKER_YIELD_SECONDS") or DEFAULT_YIELD_SECONDS),
        metavar="SECONDS",
        help="wait up to SECONDS before each job while the ingestion tier is behind (default "
        f"CRM_RES_WORKER_YIELD_SECONDS or {DEFAULT_YIELD_SECONDS:g}; 0: workers on a box of their own)",
    )
    parser.add_argument(
        "--log-level",
        default="INFO",
        choices=["DEBUG", "INFO", "WARNING", "ERROR"],
        help="INFO logs every job; `make run` uses WARNING to keep the terminal readable",
    )
    args = parser.parse_args(argv)
    from crm_res import logs

    logs.configure(process="worker", level=args.log_level)
    for note in get_settings().warnings():
        logging.warning(note)
    # Resolve (and if needed start) the embedded servers once, before the children fork.
    from crm_res.db import database_url, redis_url

    database_url()
    redis_url()
    if args.nice > 0:  # inherited by every child below (and their pg_dump, for backups)
        os.nice(args.nice)
    procs = [
        multiprocessing.Process(
            target=run_worker, args=(i, args.log_level, args.yield_to_ingestion), daemon=False
        )
        for i in range(args.processes)
    ]
    if not args.no_cron:
        procs.append(multiprocessing.Process(target=run_cron))
    for p in procs:
        p.start()
    port = get_settings().worker_metrics_port
    if port:  # after the fork: no thread is copied into the children
        from crm_res.runtime import worker_metrics

        worker_metrics.serve(port)

    def stop(signum: int, frame: object) -> None:
        for p in procs:
            if p.is_alive():
                p.terminate()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    from crm_res.metrics import process_exited

    for p in procs:
        p.join()
        if p.pid is not None:
            process_exited(p.pid)
    return 0


if __name__ == "__main__":
    sys.exit(main())
