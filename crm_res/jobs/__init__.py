"""Thin RQ jobs: open a session, call the domain, enqueue what it asks for after commit.

Importing the jobs wires the domain's send-result listeners (the outreach modules register theirs
with `services/outbox/send_results.py` on import), so every process that sends hears them.
"""

import crm_res.jobs.webhooks  # noqa: F401, E402 - queues outgoing webhook deliveries after commit
import crm_res.services.outreach.feedback_requests  # noqa: F401 - registers its send-result listener
