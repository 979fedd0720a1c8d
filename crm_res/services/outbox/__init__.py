"""Every message out: queued as an outbox row (the prayer/Ramadan hold asked), sent under the caps
with retries, its result heard; inbound media fetched with the same Graph client."""
