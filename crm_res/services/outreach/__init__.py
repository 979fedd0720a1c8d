"""Business-initiated messages: feedback requests, alerts, summaries, Ramadan, upkeep."""
