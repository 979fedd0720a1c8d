"""Failed work: an owner sees their restaurant's failed jobs and sends, retries one, and it runs once."""

from __future__ import annotations

import pytest

from tests.fakes import wa_payloads as wa
from tests.fixtures.channel import CUSTOMER, PNID, post, q, run_worker
from tests.fixtures.people import add_user


@pytest.fixture
def owner(channel):  # type: ignore[no-untyped-def]
    from crm_res.db import session_scope
    from crm_res.models import Role
    from crm_res.services.access import viewer_for

    with session_scope() as s:
        user = add_user(s, channel["restaurant_id"], "o@ops.sa", Role.owner)
        return viewer_for(user)


def test_a_failed_job_retried_from_the_domain_is_processed_once(channel, owner, monkeypatch):
    """The inbound job fails once (the database call raises); the owner sees it with its reason,
    retries it, and the customer gets exactly one reply; the job is no longer listed."""
    from crm_res.db import session_scope
    from crm_res.jobs import inbound
    from crm_res.jobs.failed import RQFailedJobs
    from crm_res.services.errors import NotFound
    from crm_res.services.ops.failed_work import count_failed_work, list_failed_work, retry_failed_job

    real = inbound.handle_inbound_batch

    def broken(**kwargs):  # type: ignore[no-untyped-def]
        raise RuntimeError("database said no")

    monkeypatch.setattr(inbound, "handle_inbound_batch", broken)
    post(channel["client"], wa.text_message(PNID, CUSTOMER, "السلام عليكم"))
    run_worker()
    assert channel["graph"].sent == []
    store = RQFailedJobs()
    with session_scope() as s:
        work = list_failed_work(session=s, viewer=owner, jobs=store)
        assert count_failed_work(session=s, viewer=owner, jobs=store) == 1
    [job] = work.jobs
    assert job.func == "crm_res.jobs.inbound.process_inbound" and "database said no" in job.reason
    monkeypatch.setattr(inbound, "handle_inbound_batch", real)
    with session_scope() as s:
        retry_failed_job(session=s, viewer=owner, jobs=store, job_id=job.id)
    run_worker()
    run_worker()
    assert len(channel["graph"].sent_to(CUSTOMER)) == 1
    assert store.failed() == []
    with session_scope() as s, pytest.raises(NotFound):
        retry_failed_job(session=s, viewer=owner, jobs=store, job_id=job.id)
    assert q(channel["engine"], "SELECT count(*) FROM events WHERE kind = 'ops.job_retried'") == [(1,)]


def test_another_restaurants_owner_never_sees_the_failed_job(channel, owner, monkeypatch, session):
    """RQ's failed registry is global: an owner of another restaurant lists nothing and cannot retry it."""
    from crm_res.db import session_scope
    from crm_res.jobs import inbound
    from crm_res.jobs.failed import RQFailedJobs
    from crm_res.models import Role
    from crm_res.services.access import viewer_for
    from crm_res.services.admin.restaurants import create_restaurant
    from crm_res.services.errors import NotFound
    from crm_res.services.ops.failed_work import list_failed_work, retry_failed_job

    monkeypatch.setattr(
        inbound, "handle_inbound_batch", lambda **kw: (_ for _ in ()).throw(RuntimeError("x"))
    )
    post(channel["client"], wa.text_message(PNID, CUSTOMER, "hi"))
    run_worker()
    with session_scope() as s:
        other = create_restaurant(session=s, name_ar="آخر", name_en="Other", phone_number_id="pn-other-ops")
        user = add_user(s, other.id, "x@other.sa", Role.owner)
        stranger = viewer_for(user)
    store = RQFailedJobs()
    [job] = store.failed()
    with session_scope() as s:
        assert list_failed_work(session=s, viewer=stranger, jobs=store).jobs == []
        with pytest.raises(NotFound):
            retry_failed_job(session=s, viewer=stranger, jobs=store, job_id=job.id)


def test_a_failed_send_is_listed_and_retried(channel, owner):
    """A send Meta refused is listed with its reason; retrying sends it once (the rules apply again)."""
    from crm_res.db import after_commit, session_scope
    from crm_res.jobs.enqueue import enqueue_send
    from crm_res.jobs.failed import RQFailedJobs
    from crm_res.services.ops.failed_work import list_failed_work, retry_failed_send

    channel["graph"].fail_next(400, code=131026, message="Message undeliverable")
    post(channel["client"], wa.text_message(PNID, CUSTOMER, "السلام عليكم"))
    run_worker()
    with session_scope() as s:
        [failed] = list_failed_work(session=s, viewer=owner, jobs=RQFailedJobs()).sends
    assert "undeliverable" in failed.reason.lower() or "131026" in failed.reason
    with session_scope() as s:
        outbox_id = retry_failed_send(session=s, viewer=owner, outbox_id=failed.id)
        after_commit(s, enqueue_send, outbox_id)
    run_worker()
    assert q(channel["engine"], "SELECT status FROM outbox WHERE id = :i", i=failed.id) == [("sent",)]
    assert len(channel["graph"].sent_to(CUSTOMER)) == 1  # the refused post is not among what Meta accepted


def test_cli_lists_and_retries_a_failed_job(channel, monkeypatch, capsys):
    """`crm-res jobs failed` lists the job with its reason; `jobs retry ID` queues it; an unknown id exits 2."""
    from crm_res.cli import main
    from crm_res.jobs import inbound

    monkeypatch.setattr(
        inbound, "handle_inbound_batch", lambda **kw: (_ for _ in ()).throw(RuntimeError("nope"))
    )
    post(channel["client"], wa.text_message(PNID, CUSTOMER, "hi"))
    run_worker()
    assert main(["jobs", "failed"]) == 0
    out = capsys.readouterr().out
    assert "process_inbound" in out and "RuntimeError: nope" in out and "1 failed job" in out
    job_id = out.split()[0]
    assert main(["jobs", "retry", job_id]) == 0
    assert main(["jobs", "retry", "no-such-job"]) == 2
    with pytest.raises(SystemExit) as helped:
        main(["jobs", "--help"])
    assert helped.value.code == 0


def test_a_failed_job_retried_from_the_operations_page_is_processed_once(channel, owner, monkeypatch):
    """The Operations page lists the failed job in words (what it was doing, why, in Arabic and
    English, no exception class); its Retry runs it once more on a real worker: one reply; the
    navigation's count goes from 1 to 0; staff are refused by the domain."""
    from crm_res.db import session_scope
    from crm_res.jobs import inbound
    from crm_res.jobs.failed import RQFailedJobs
    from crm_res.models import Role
    from crm_res.pages.operations import _act, _load
    from crm_res.services.access import viewer_for
    from crm_res.services.errors import Forbidden
    from crm_res.services.ops.failed_work import count_failed_work

    real = inbound.handle_inbound_batch
    monkeypatch.setattr(
        inbound,
        "handle_inbound_batch",
        lambda **kw: (_ for _ in ()).throw(RuntimeError("the kitchen printer is off")),
    )
    post(channel["client"], wa.text_message(PNID, CUSTOMER, "السلام عليكم"))
    run_worker()
    page = _load(owner)
    [job] = page["jobs"]
    assert (job["what_ar"], job["what_en"]) == ("الرد على رسالة عميل", "Answering a customer's message")
    assert job["why_en"] == "An internal error in the program"
    assert job["said_en"] == "The error said: the kitchen printer is off"  # no "RuntimeError"
    with session_scope() as s:
        assert count_failed_work(session=s, viewer=owner, jobs=RQFailedJobs()) == 1
        staff_user = add_user(s, channel["restaurant_id"], "st@ops.sa", Role.staff)
        staff = viewer_for(staff_user)
    with pytest.raises(Forbidden):
        _load(staff)
    with pytest.raises(Forbidden):
        _act(staff, "job", "retry", job["id"])
    monkeypatch.setattr(inbound, "handle_inbound_batch", real)
    _act(owner, "job", "retry", job["id"])
    run_worker()
    run_worker()
    assert len(channel["graph"].sent_to(CUSTOMER)) == 1
    assert _load(owner)["jobs"] == []
    with session_scope() as s:
        assert count_failed_work(session=s, viewer=owner, jobs=RQFailedJobs()) == 0


def test_a_failed_send_retried_and_one_discarded_from_the_operations_page(channel, owner):
    """Meta's refusal is said in words (not its code); Retry queues it after commit and it is sent
    once; Discard takes another off the list for good."""
    from crm_res.pages.operations import _act, _load

    channel["graph"].fail_next(400, code=131026, message="Message undeliverable")
    post(channel["client"], wa.text_message(PNID, CUSTOMER, "السلام عليكم"))
    run_worker()
    [send] = _load(owner)["sends"]
    assert send["why_ar"] == "الرقم غير صالح أو ليس على واتساب"
    assert send["why_en"] == "The number is not valid or not on WhatsApp"
    assert "131026" not in send["said_en"] and "131026" not in send["why_ar"]
    _act(owner, "send", "retry", send["id"])
    run_worker()
    assert q(channel["engine"], "SELECT status FROM outbox WHERE id = :i", i=int(send["id"])) == [("sent",)]
    assert len(channel["graph"].sent_to(CUSTOMER)) == 1
    channel["graph"].fail_next(400, code=131026, message="Message undeliverable")
    post(channel["client"], wa.text_message(PNID, CUSTOMER, "مرحبا", wamid="wamid.ops.2"))
    run_worker()
    [again] = _load(owner)["sends"]
    _act(owner, "send", "discard", again["id"])
    assert _load(owner)["sends"] == []
    assert q(channel["engine"], "SELECT status FROM outbox WHERE id = :i", i=int(again["id"])) == [
        ("cancelled",)
    ]
