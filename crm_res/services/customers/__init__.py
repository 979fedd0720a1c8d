"""Customers and their orders: segments, profiles, import/export, merge, the order board and status changes."""
