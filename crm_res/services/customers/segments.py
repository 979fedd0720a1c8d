"""Customer segments: the filters the customer list offers, which a campaign's audience reuses.

One definition for both (services/customers/customers.py lists and exports a segment;
services/campaigns/actions.py sends to one).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal, InvalidOperation

from sqlalchemy import func, or_
from sqlmodel import col, select

from crm_res.assistant.normalize import to_ascii_digits
from crm_res.models import Customer, Feedback
from crm_res.services.access import Viewer
from crm_res.services.errors import InvalidInput
from crm_res.services.lists import customer_search


@dataclass
class CustomerFilter:
    """A segment: every field narrows the list; empty means "any"."""

    search: str = ""
    tag: str = ""
    language: str = ""  # ar-SA | ar-EG | ar-LV | en
    last_visit: str = ""  # "7" / "30" / "90": within N days; "lapsed": not in 90 days
    min_ltv: str = ""  # SAR
    rating: str = ""  # "low": average rating <= 2.5; "high": >= 4
    opted_out: str = ""  # "yes" | "no"
    test: str = ""  # "" real customers only | "test": the simulator's test customers | "all"


def apply_filters(query, viewer: Viewer, f: CustomerFilter, now: datetime):
    """Narrow a query over customers to the segment (and to the viewer's restaurant)."""
    query = query.where(Customer.restaurant_id == viewer.restaurant_id)
    if f.test != "all":  # the simulator's test customers are listed only when asked for
        query = query.where(Customer.is_test == (f.test == "test"))
    if f.search.strip():
        query = query.where(
            customer_search(f.search.strip(), Customer.name, Customer.wa_id, Customer.username)
        )
    if f.tag:
        query = query.where(col(Customer.tags).contains([f.tag]))
    if f.language:
        query = query.where(Customer.language_preference == f.language)
    if f.last_visit in ("7", "30", "90"):
        query = query.where(col(Customer.last_interaction) >= now - timedelta(days=int(f.last_visit)))
    elif f.last_visit == "lapsed":
        query = query.where(
            or_(
                col(Customer.last_interaction).is_(None),
                col(Customer.last_interaction) < now - timedelta(days=90),
            )
        )
    if f.min_ltv.strip():
        try:
            query = query.where(Customer.lifetime_value >= Decimal(to_ascii_digits(f.min_ltv.strip())))
        except InvalidOperation:
            raise InvalidInput(
                f"minimum lifetime value {f.min_ltv!r} is not a number", code="min_ltv"
            ) from None
    if f.rating in ("low", "high"):
        avg = func.avg(Feedback.rating)
        rated = (
            select(Feedback.customer_id)
            .where(Feedback.restaurant_id == viewer.restaurant_id, col(Feedback.rating).is_not(None))
            .group_by(col(Feedback.customer_id))
            .having(avg <= 2.5 if f.rating == "low" else avg >= 4)
        )
        query = query.where(col(Customer.id).in_(rated))
    if f.opted_out in ("yes", "no"):
        query = query.where(Customer.opted_out == (f.opted_out == "yes"))
    return query
