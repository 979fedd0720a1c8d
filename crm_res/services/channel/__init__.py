"""The WhatsApp channel in: deliveries stored in one transaction (messages, statuses, echoes, edits)."""
