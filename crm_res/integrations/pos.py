"""POS adapters: where confirmed orders are forwarded. The default only records them."""

from __future__ import annotations

import logging
from typing import Any, Protocol

log = logging.getLogger("crm_res.pos")


class POSAdapter(Protocol):
    def submit(self, order: dict[str, Any]) -> str:
        """Send the order to the point of sale; returns the POS's own order id."""
        ...


class LoggingPOS:
    """The default adapter: logs the order and returns a local id."""

    def submit(self, order: dict[str, Any]) -> str:
        log.info("POS order #%s: %s", order["number"], order)
        return f"LOCAL-{order['number']}"


def get_adapter(name: str | None = None) -> POSAdapter:
    return LoggingPOS()
