"""A page's send starts only once its transaction committed (state/sends.py, db.after_commit)."""

from __future__ import annotations

import pytest
from sqlmodel import Session

from crm_res.jobs.enqueue import send_job_id
from crm_res.services.admin.restaurants import create_restaurant
from crm_res.services.outbox.outbox import queue_message, text_payload
from crm_res.state.sends import send_after_commit
from tests.fixtures.dashboard import make_customer


def _queue(session: Session, key: str):  # type: ignore[no-untyped-def]
    r = create_restaurant(session=session, name_ar="مطعم", name_en="Diner", phone_number_id=f"pn-{key}")
    c = make_customer(session, r.id, "966500000123", "Sara")
    return queue_message(
        session=session,
        restaurant_id=r.id,
        customer=c,
        idempotency_key=key,
        kind="text",
        payload=text_payload(c.wa_id, "أهلاً"),
        body_preview="أهلاً",
    )


def test_the_send_job_starts_after_the_commit_and_never_after_a_rollback(committed, redis_conn):
    with Session(committed, expire_on_commit=False) as session:
        kept = _queue(session, "after-commit-kept")
        send_after_commit(session, kept)
        assert not redis_conn.exists(f"rq:job:{send_job_id(kept.outbox_id)}")  # not before the commit
        session.commit()
    assert redis_conn.exists(f"rq:job:{send_job_id(kept.outbox_id)}")

    with Session(committed, expire_on_commit=False) as session:
        dropped = _queue(session, "after-commit-dropped")
        send_after_commit(session, dropped)
        session.rollback()
        session.commit()  # a later commit of the same session runs nothing registered before the rollback
    assert not redis_conn.exists(f"rq:job:{send_job_id(dropped.outbox_id)}")


def test_nothing_starts_for_a_row_that_was_already_queued(committed, redis_conn):
    with Session(committed, expire_on_commit=False) as session:
        first = _queue(session, "after-commit-again")
        session.commit()
    with Session(committed, expire_on_commit=False) as session:
        from crm_res.models import Customer

        c = session.query(Customer).one()
        again = queue_message(
            session=session,
            restaurant_id=c.restaurant_id,
            customer=c,
            idempotency_key="after-commit-again",
            kind="text",
            payload=text_payload(c.wa_id, "أهلاً"),
            body_preview="أهلاً",
        )
        assert again.outbox_id == first.outbox_id and not again.created
        send_after_commit(session, again)
        session.commit()
    assert not redis_conn.exists(f"rq:job:{send_job_id(first.outbox_id)}")


@pytest.mark.parametrize("queued", [None])
def test_no_queued_row_no_start(committed, redis_conn, queued):
    with Session(committed) as session:
        send_after_commit(session, queued)
        session.commit()
    assert not redis_conn.keys("rq:job:send-*")
