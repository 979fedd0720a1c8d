"""Test doubles for other companies' servers: the WhatsApp Cloud API and its webhooks."""
