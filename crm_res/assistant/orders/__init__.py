"""The order parser's parts, one job each (public API: `crm_res.assistant.order_parser`)."""
