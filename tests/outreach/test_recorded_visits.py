"""A visit recorded from the dashboard schedules the customer's feedback request."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlmodel import select

from crm_res.models import Role
from crm_res.services.access import viewer_for
from crm_res.services.customers import customers
from crm_res.services.errors import NotFound
from tests.fixtures.dashboard import make_customer
from tests.fixtures.people import add_user


def test_owner_or_manager_records_a_visit_and_a_feedback_request_is_scheduled(world):
    """Record visit schedules one post-visit feedback request (per day) through
    services.feedback_requests; staff may not, other restaurants cannot see the customer."""
    from crm_res.models import FeedbackRequest
    from crm_res.services.errors import Forbidden

    s, r = world["session"], world["r"]
    c = make_customer(s, r.id, "966500000500", "Visitor")
    manager = add_user(s, r.id, "mv@dash.sa", Role.manager, branch_ids=[world["b"].id])
    due = customers.record_customer_visit(session=s, viewer=world["owner"], customer_id=c.id)
    assert due is not None and timedelta(minutes=30) < due - datetime.now(UTC) < timedelta(hours=25)
    [request] = s.exec(select(FeedbackRequest).where(FeedbackRequest.customer_id == c.id)).all()
    assert request.due_at == due and request.status == "due"
    assert customers.record_customer_visit(session=s, viewer=viewer_for(manager), customer_id=c.id) is None
    with pytest.raises(Forbidden):
        customers.record_customer_visit(session=s, viewer=world["staff"], customer_id=c.id)
    with pytest.raises(NotFound):
        customers.record_customer_visit(session=s, viewer=world["stranger"], customer_id=c.id)
    kinds = [
        x["detail"] for x in customers.customer_timeline(session=s, viewer=world["owner"], customer_id=c.id)
    ]
    assert "customer.visit" in kinds
