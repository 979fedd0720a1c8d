"""The jobs still queued by name name real functions. `jobs/enqueue.py` cannot import the jobs it
queues (they import it, and the webhook process that enqueues inbound work must not load them),
and the failed-work page reads RQ's stored names; a renamed or moved job function fails here."""

from __future__ import annotations

import importlib

import pytest

from crm_res.jobs import enqueue
from crm_res.services.ops import failed_work

NAMED = [
    enqueue.PROCESS_INBOUND,
    enqueue.SEND_OUTBOX,
    enqueue.SEND_BULK,
    *failed_work._INBOUND,
    *failed_work._SEND,
    *failed_work._ORDER,
]


@pytest.mark.parametrize("name", NAMED)
def test_a_job_named_by_string_is_the_function_of_that_name(name: str) -> None:
    module, _, attr = name.rpartition(".")
    fn = getattr(importlib.import_module(module), attr)
    assert callable(fn) and f"{fn.__module__}.{fn.__qualname__}" == name
