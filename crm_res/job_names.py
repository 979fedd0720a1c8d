"""The worker's job functions by the dotted name RQ stores for each, written once.

The webhook process queues inbound work by name (jobs/enqueue.py: it must not load the job
modules, which load the assistant and the sending stack), and the failed-work page reads the
names back from RQ's registry (services/ops/failed_work.py: the domain never imports jobs).
tests/ops/test_job_names.py holds each name to the function it names.
"""

from __future__ import annotations

PROCESS_INBOUND = "crm_res.jobs.inbound.process_inbound"
FETCH_MEDIA = "crm_res.jobs.media.fetch_media"
SEND_OUTBOX = "crm_res.jobs.send.send_outbox"
SEND_BULK = "crm_res.jobs.send.send_bulk"
FORWARD_TO_POS = "crm_res.jobs.orders.forward_to_pos"

ALL = (PROCESS_INBOUND, FETCH_MEDIA, SEND_OUTBOX, SEND_BULK, FORWARD_TO_POS)
