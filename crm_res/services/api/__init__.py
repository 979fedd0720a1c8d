"""What other software gets: API keys, the REST API's keyset feeds, outgoing webhooks (events, endpoints, delivery)."""
