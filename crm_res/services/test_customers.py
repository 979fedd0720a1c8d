"""The simulator's test customers (`customers.is_test`) stay out of what the restaurant counts:
analytics, revenue, summaries, follow-up queues and the customer list."""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, exists
from sqlmodel import col

from crm_res.models import Customer


def real_customer(customer_id_column: Any) -> ColumnElement[bool]:
    """WHERE clause: the row's customer is not a test customer (rows without a customer pass)."""
    return ~exists().where(col(Customer.id) == customer_id_column, col(Customer.is_test))


def real_customer_sql(alias: str) -> str:
    """The same in raw SQL, for a table aliased `alias` with a `customer_id` column."""
    return f"NOT EXISTS (SELECT 1 FROM customers tc WHERE tc.id = {alias}.customer_id AND tc.is_test)"
