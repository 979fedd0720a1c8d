"""Role and tenancy matrix over every write of the domain layer.

Every public function of `crm_res.services` that takes a `viewer` is found by introspection and must
be listed here: as a write (with the roles allowed, declared in the domain by `allowed_roles`, and
a call that exercises it) or as a read. A new write without a declared role rule fails this file.
Each write is then called by an owner, a branch manager, branch staff and another restaurant's
owner: the allowed roles succeed, the others get Forbidden, and the other restaurant's owner never
reaches this restaurant's rows (NotFound, or the call works on their own restaurant only).
"""

from __future__ import annotations

import inspect
import re
from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy import func
from sqlmodel import select

from crm_res.models import (
    Campaign,
    CannedResponse,
    Event,
    Feedback,
    MenuItem,
    MessageSender,
    MessageTemplate,
    Role,
    WebhookDelivery,
    WebhookEndpoint,
)
from crm_res.services.accounts.users import viewer_for
from crm_res.services.errors import Forbidden, NotFound
from tests.fixtures.dashboard import make_conversation, make_customer, make_order
from tests.fixtures.domain import domain_functions
from tests.fixtures.people import add_user

ALL = frozenset({Role.owner, Role.manager, Role.staff})
OWNER = frozenset({Role.owner})
OWNER_MANAGER = frozenset({Role.owner, Role.manager})


def _api_keys():  # type: ignore[no-untyped-def]
    from crm_res.services.api import api_keys

    return api_keys


def _settings():  # type: ignore[no-untyped-def]
    from crm_res.services.admin import restaurant_settings

    return restaurant_settings


# name -> (allowed roles, touches a row of restaurant A given by id, call(ctx, viewer))
WRITES: dict[str, tuple[frozenset[Role], bool, Callable[[dict[str, Any], Any], Any]]] = {
    "inbox.conversations.take_over": (ALL, True, lambda c, v: _conv().take_over(**_k(c, v, "conv"))),
    "inbox.conversations.hand_back": (ALL, True, lambda c, v: _conv().hand_back(**_k(c, v, "conv"))),
    "inbox.conversations.resolve": (ALL, True, lambda c, v: _conv().resolve(**_k(c, v, "conv"))),
    "inbox.conversations.set_priority": (
        ALL, True, lambda c, v: _conv().set_priority(**_k(c, v, "conv"), priority="high")),
    "inbox.conversations.snooze": (ALL, True, lambda c, v: _conv().snooze(**_k(c, v, "conv"), option="1h")),
    "inbox.conversations.mark_read": (ALL, True, lambda c, v: _conv().mark_read(**_k(c, v, "conv"))),
    "inbox.conversations.assign": (
        ALL, True, lambda c, v: _conv().assign(**_k(c, v, "conv"), user_id=c["teammate"])),
    "inbox.conversations.add_note": (ALL, True, lambda c, v: _conv().add_note(**_k(c, v, "conv"), body="n")),
    "inbox.conversations.staff_reply": (
        ALL, True, lambda c, v: _conv().staff_reply(**_k(c, v, "conv"), body="hello")),
    "inbox.conversations.send_template": (
        ALL, True, lambda c, v: _conv().send_template(**_k(c, v, "conv"), template_id=c["template"])),
    "customers.orders.set_order_status": (
        ALL, True, lambda c, v: _orders().set_order_status(**_k(c, v, "order"), status="confirmed")),
    "customers.orders.advance_order": (ALL, True, lambda c, v: _orders().advance_order(**_k(c, v, "order"))),
    "customers.orders.cancel_order": (ALL, True, lambda c, v: _orders().cancel_order(**_k(c, v, "order"))),
    "customers.customers.set_tags": (
        ALL, True, lambda c, v: _customers().set_tags(**_k(c, v, "customer"), tags=["x"])),
    "customers.customers.record_customer_visit": (
        OWNER_MANAGER, True, lambda c, v: _customers().record_customer_visit(**_k(c, v, "customer"))),
    "customers.customers.import_customers_csv": (
        OWNER_MANAGER, False, lambda c, v: _customers().import_customers_csv(
            session=c["s"], viewer=v, content="wa_id,name,opted_out\n966501110000,Renamed,yes\n")),
    "insights.analytics.mark_followup_handled": (
        ALL, True, lambda c, v: _analytics().mark_followup_handled(
            session=c["s"], viewer=v, feedback_id=c["feedback"], note="called")),
    "notifications.save_notification_prefs": (
        ALL, False, lambda c, v: _notifications().save_notification_prefs(session=c["s"], viewer=v, wanted={})),
    "notifications.mark_notifications_read": (
        ALL, False, lambda c, v: _notifications().mark_notifications_read(session=c["s"], viewer=v)),
    "admin.restaurant_settings.update_profile": (
        OWNER, False, lambda c, v: _settings().update_profile(
            session=c["s"], viewer=v, data={"name_ar": "اسم", "name_en": "Name"})),
    "admin.restaurant_settings.save_branch": (
        OWNER, True, lambda c, v: _settings().save_branch(
            session=c["s"], viewer=v, branch_id=str(c["branch"]),
            data={"name_ar": "فرع", "name_en": "Branch", "city": "Riyadh"})),
    "admin.restaurant_settings.save_menu_item": (
        OWNER, True, lambda c, v: _settings().save_menu_item(
            session=c["s"], viewer=v, item_id=str(c["item"]),
            data={"name_ar": "شاي", "name_en": "Tea", "price": "5"})),
    "admin.restaurant_settings.set_item_available": (
        OWNER, True, lambda c, v: _settings().set_item_available(
            session=c["s"], viewer=v, item_id=str(c["item"]), available=False)),
    "admin.restaurant_settings.import_menu": (
        OWNER, False, lambda c, v: _settings().import_menu(
            session=c["s"], viewer=v, content="name_ar,name_en,price,category,available\nقهوة,Coffee,9,drinks,yes\n")),
    "admin.restaurant_settings.save_template": (
        OWNER, False, lambda c, v: _settings().save_template(
            session=c["s"], viewer=v, data={"name": "hello_two", "language": "ar", "purpose": "promotion"})),
    "admin.restaurant_settings.delete_template": (
        OWNER, True, lambda c, v: _settings().delete_template(
            session=c["s"], viewer=v, template_id=str(c["template"]))),
    "admin.restaurant_settings.save_canned": (
        OWNER, False, lambda c, v: _settings().save_canned(session=c["s"], viewer=v, title="t2", body="b")),
    "admin.restaurant_settings.delete_canned": (
        OWNER, True, lambda c, v: _settings().delete_canned(session=c["s"], viewer=v, canned_id=str(c["canned"]))),
    "admin.restaurant_settings.add_user": (
        OWNER, True, lambda c, v: _settings().add_user(
            session=c["s"], viewer=v, email="new@matrix.sa", role="staff", branch_ids=[str(c["branch"])])),
    "admin.restaurant_settings.update_user": (
        OWNER, True, lambda c, v: _settings().update_user(
            session=c["s"], viewer=v, user_id=str(c["teammate"]), role="staff", branch_ids=[str(c["branch"])],
            is_active=False)),
    "admin.restaurant_settings.reset_password": (
        OWNER, True, lambda c, v: _settings().reset_password(session=c["s"], viewer=v, user_id=str(c["teammate"]))),
    "admin.simulator.ensure_test_customer": (
        OWNER, False, lambda c, v: _simulator().ensure_test_customer(session=c["s"], viewer=v, wa_id="966500000003")),
    "customers.customer_merge.merge_customers": (
        OWNER_MANAGER, True, lambda c, v: _merge().merge_customers(
            session=c["s"], viewer=v, keep_id=c["customer"], merge_id=_duplicate(c))),
    "customers.customers.upsert_customer": (
        OWNER_MANAGER, False, lambda c, v: _customers().upsert_customer(session=c["s"], viewer=v, wa_id="966500000009")),
    "api.api_keys.create_api_key": (
        OWNER, False, lambda c, v: _api_keys().create_api_key(session=c["s"], viewer=v, name="POS")),
    "api.api_keys.revoke_api_key": (
        OWNER, True, lambda c, v: _api_keys().revoke_api_key(session=c["s"], viewer=v, key_id=c["api_key"])),
    "api.webhook_endpoints.create_webhook_endpoint": (
        OWNER, False, lambda c, v: _hooks().create_webhook_endpoint(
            session=c["s"], viewer=v, url="https://93.184.215.14/hook", events=["order:new"])),
    "api.webhook_endpoints.update_webhook_endpoint": (
        OWNER, True, lambda c, v: _hooks().update_webhook_endpoint(
            session=c["s"], viewer=v, endpoint_id=c["endpoint"], enabled=False)),
    "api.webhook_endpoints.delete_webhook_endpoint": (
        OWNER, True, lambda c, v: _hooks().delete_webhook_endpoint(session=c["s"], viewer=v, endpoint_id=c["endpoint"])),
    "api.webhook_endpoints.rotate_webhook_secret": (
        OWNER, True, lambda c, v: _hooks().rotate_webhook_secret(session=c["s"], viewer=v, endpoint_id=c["endpoint"])),
    "api.webhook_endpoints.redeliver_webhook": (
        OWNER, True, lambda c, v: _hooks().redeliver_webhook(session=c["s"], viewer=v, delivery_id=c["delivery"])),
    "api.webhook_endpoints.send_test_webhook": (
        OWNER, True, lambda c, v: _hooks().send_test_webhook(session=c["s"], viewer=v, endpoint_id=c["endpoint"])),
    "ops.failed_work.retry_failed_send": (
        OWNER, True, lambda c, v: _failed().retry_failed_send(session=c["s"], viewer=v, outbox_id=_failed_row(c))),
    "ops.failed_work.discard_failed_send": (
        OWNER, True, lambda c, v: _failed().discard_failed_send(session=c["s"], viewer=v, outbox_id=_failed_row(c))),
    "ops.failed_work.retry_failed_job": (
        OWNER, True, lambda c, v: _failed().retry_failed_job(session=c["s"], viewer=v, jobs=_one_failed_job(c),
                                                            job_id="send-matrix")),
    "ops.failed_work.discard_failed_job": (
        OWNER, True, lambda c, v: _failed().discard_failed_job(session=c["s"], viewer=v, jobs=_one_failed_job(c),
                                                              job_id="send-matrix")),
    "ops.audit.export_activity": (
        OWNER, False, lambda c, v: _audit_mod().export_activity(session=c["s"], viewer=v)),
    "ops.audit.record_export": (
        ALL, False, lambda c, v: _audit_mod().record_export(session=c["s"], viewer=v, what="customers", rows=1)),
    "campaigns.actions.create_campaign": (
        OWNER_MANAGER, True, lambda c, v: _campaigns().create_campaign(
            session=c["s"], viewer=v, name="n", template_id=c["template"], segment={})),
    "campaigns.actions.schedule_campaign": (
        OWNER_MANAGER, True, lambda c, v: _campaigns().schedule_campaign(**_k(c, v, "campaign"))),
    "campaigns.actions.update_timing": (
        OWNER_MANAGER, True, lambda c, v: _campaigns().update_timing(**_k(c, v, "campaign"), timing={"mode": "now"})),
    "campaigns.actions.pause_campaign": (
        OWNER_MANAGER, True, lambda c, v: _campaigns().pause_campaign(**_k(c, v, "running_campaign"))),
    "campaigns.actions.resume_campaign": (
        OWNER_MANAGER, True, lambda c, v: _campaigns().resume_campaign(**_k(c, v, "paused_campaign"))),
    "campaigns.actions.cancel_campaign": (
        OWNER_MANAGER, True, lambda c, v: _campaigns().cancel_campaign(**_k(c, v, "campaign"))),
    "campaigns.actions.send_test": (
        OWNER_MANAGER, True, lambda c, v: _campaigns().send_test(**_k(c, v, "campaign"), wa_id="966509990000")),
    "campaigns.board.set_campaign_limits": (
        OWNER_MANAGER, False, lambda c, v: _board().set_campaign_limits(session=c["s"], viewer=v, frequency_cap_days=5,
                                                                        attribution_days=3)),
    "admin.template_sync.set_business_account_id": (
        OWNER, False, lambda c, v: _sync().set_business_account_id(session=c["s"], viewer=v, waba_id="12345")),
    "admin.template_sync.request_template_sync": (
        OWNER_MANAGER, False, lambda c, v: _sync().request_template_sync(session=c["s"], viewer=_synced(c, v))),
    # Async: the role is checked when it is called; an allowed caller's coroutine is closed unrun.
    "admin.simulator.post_as_customer": (
        OWNER, False, lambda c, v: _simulator().post_as_customer(viewer=v, wa_id="966500000003", text="hi").close()),
}  # fmt: skip

READS = {
    "admin.connection_check.check_llm", "admin.connection_check.check_whatsapp",
    "admin.restaurant_settings.connection_status", "admin.restaurant_settings.get_profile",
    "admin.restaurant_settings.list_branches_admin", "admin.restaurant_settings.list_canned",
    "admin.restaurant_settings.list_menu_admin", "admin.restaurant_settings.list_templates",
    "admin.restaurant_settings.export_menu", "admin.restaurant_settings.whatsapp_manager_url",
    "admin.restaurant_settings.list_users_admin", "admin.restaurant_settings.require_owner",
    "outbox.media.media_file", "admin.simulator.simulator_thread",
    "insights.analytics.analytics_overview", "insights.analytics.feedback_csv",
    "insights.analytics.feedback_export_rows", "customers.customers.customer_export_rows",
    "insights.analytics.followup_queue", "insights.analytics.llm_usage", "insights.analytics.csat",
    "api.api_keys.list_api_keys", "api.feeds.branch_feed", "api.feeds.conversation_feed",
    "api.feeds.conversation_feed_unbranched", "api.feeds.customer_feed", "api.feeds.feedback_feed", "api.feeds.get_order_fields",
    "api.feeds.order_feed", "api.feeds.conversation_detail",
    "campaigns.actions.preview_audience", "campaigns.actions.list_campaigns",
    "campaigns.actions.campaign_results", "campaigns.actions.campaign_recipients",
    "campaigns.actions.export_campaign_csv",
    "campaigns.actions.template_choices", "campaigns.actions.campaign_detail",
    "campaigns.board.campaign_board", "campaigns.board.saved_audience",
    "campaigns.board.campaign_limits", "campaigns.board.my_test_number",
    "campaigns.board.known_tags", "campaigns.board.local_now",
    "campaigns.board.campaign_for_conversation", "campaigns.board.campaign_thread_messages",
    "campaigns.actions.recipient_scope",
    "admin.template_sync.sync_status",
    "lists.list_branch_options", "lists.list_team", "lists.visible_branch",
    "inbox.conversations.conversation_detail", "inbox.conversations.conversation_messages",
    "inbox.conversations.get_conversation", "inbox.conversations.has_older_messages",
    "inbox.conversations.inbox_counts", "inbox.conversations.list_conversations",
    "inbox.conversations.list_templates", "inbox.conversations.thread_page",
    "inbox.conversations.inbox_query", "inbox.inbox.waiting_conversations", "inbox.inbox.next_waiting",
    "inbox.inbox.conversation_activity",
    "api.webhook_endpoints.list_webhook_deliveries", "api.webhook_endpoints.list_webhook_endpoints",
    "customers.customer_merge.duplicate_candidates",
    "customers.segments.apply_filters",
    "customers.customers.all_tags", "customers.customers.count_customers", "customers.customers.customer_profile",
    "customers.customers.customer_timeline", "customers.customers.export_customers_csv",
    "customers.customers.list_customers", "customers.customers.search_customers",
    "insights.feedback.list_feedback", "customers.orders.list_orders", "customers.orders.order_detail",
    "customers.orders.orders_board", "customers.orders.board_totals", "insights.overview.latest_summary_view", "insights.overview.overview_figures",
    "ops.failed_work.list_failed_work", "ops.failed_work.count_failed_work", "ops.audit.list_activity", "ops.audit.activity_actors",
    "ops.backlog.restaurant_backlog",
    "notifications.list_notifications", "notifications.notification_prefs", "notifications.wanted_kinds",
}  # fmt: skip
# What a write looks like in source: a read listed above must show none of it.
_WRITE_MARKS = re.compile(
    r"session\.(add|add_all|delete|merge)\(|(?<![\w.])(insert|update|delete)\(|\b(UPDATE|INSERT|DELETE)\s|_audit\("
)


def _conv():  # type: ignore[no-untyped-def]
    from crm_res.services.inbox import conversations

    return conversations


def _orders():  # type: ignore[no-untyped-def]
    from crm_res.services.customers import orders

    return orders


def _customers():  # type: ignore[no-untyped-def]
    from crm_res.services.customers import customers

    return customers


def _merge():  # type: ignore[no-untyped-def]
    from crm_res.services.customers import customer_merge

    return customer_merge


def _duplicate(c: dict[str, Any]) -> Any:
    """A second record of restaurant A's customer (the number written the local way)."""
    return make_customer(c["s"], c["restaurant"], "0501110000", "Cust again").id


def _analytics():  # type: ignore[no-untyped-def]
    from crm_res.services.insights import analytics

    return analytics


def _notifications():  # type: ignore[no-untyped-def]
    from crm_res.services import notifications

    return notifications


def _simulator():  # type: ignore[no-untyped-def]
    from crm_res.services.admin import simulator

    return simulator


def _hooks():  # type: ignore[no-untyped-def]
    from crm_res.services.api import webhook_endpoints

    return webhook_endpoints


def _failed():  # type: ignore[no-untyped-def]
    from crm_res.services.ops import failed_work

    return failed_work


def _audit_mod():  # type: ignore[no-untyped-def]
    from crm_res.services.ops import audit

    return audit


def _failed_row(c: dict[str, Any]) -> int:
    """A send of restaurant A that Meta refused for good."""
    from crm_res.models import OutboxMessage, OutboxStatus

    row = OutboxMessage(
        restaurant_id=c["restaurant"],
        customer_id=c["customer"],
        to_wa_id="966501110000",
        idempotency_key=f"matrix-{len(c)}-{id(c)}",
        status=OutboxStatus.failed,
        last_error="131026",
    )
    c["s"].add(row)
    c["s"].flush()
    return row.id  # type: ignore[return-value]


class _OneFailedJob:
    """A failed-job store holding one failed send job of restaurant A."""

    def __init__(self, c: dict[str, Any]) -> None:
        from crm_res.services.ops.failed_work import FailedJob

        self.jobs = [
            FailedJob(
                "send-matrix", "outbound", "crm_res.jobs.send.send_outbox", (_failed_row(c),), "boom", None
            )
        ]
        self.requeued: list[str] = []

    def failed(self):  # type: ignore[no-untyped-def]
        return self.jobs

    def requeue(self, job_id: str) -> None:
        self.requeued.append(job_id)

    def discard(self, job_id: str) -> None:
        self.jobs = []


def _one_failed_job(c: dict[str, Any]) -> _OneFailedJob:
    return _OneFailedJob(c)


def _board():  # type: ignore[no-untyped-def]
    from crm_res.services.campaigns import board as campaign_board

    return campaign_board


def _sync():  # type: ignore[no-untyped-def]
    from crm_res.services.admin import template_sync

    return template_sync


def _synced(c, v):  # type: ignore[no-untyped-def]
    """The viewer's restaurant with a token and an account id (what "sync now" needs)."""
    from crm_res.models import Restaurant

    r = c["s"].get(Restaurant, v.restaurant_id)
    r.whatsapp_access_token = "matrix-token"
    r.settings = {**(r.settings or {}), "whatsapp_business_account_id": "12345"}
    c["s"].add(r)
    return v


def _campaigns():  # type: ignore[no-untyped-def]
    from crm_res.services.campaigns import actions as campaigns

    return campaigns


def _k(c: dict[str, Any], viewer: Any, what: str) -> dict[str, Any]:
    key = {"conv": "conversation_id", "order": "order_id", "customer": "customer_id"}.get(what, "campaign_id")
    return {"session": c["s"], "viewer": viewer, key: c[what]}


def _viewer_functions() -> dict[str, Callable[..., Any]]:
    """Every public function of crm_res.services (defined there) that takes a `viewer`."""
    return domain_functions(lambda _name, signature: "viewer" in signature.parameters)


def test_every_viewer_function_is_classified_and_every_write_declares_its_roles():
    """A public domain function taking a viewer is either a listed read or a write whose roles are
    declared in the domain (`allowed_roles`) exactly as this matrix expects."""
    found = _viewer_functions()
    unlisted = sorted(set(found) - set(WRITES) - READS)
    assert not unlisted, f"classify these in tests/accounts/test_write_permissions.py: {unlisted}"
    assert not sorted(set(WRITES) - set(found)), "listed writes that no longer exist"
    for name, (roles, _target, _call) in WRITES.items():
        declared = getattr(found[name], "allowed_roles", None)
        assert declared == roles, f"{name}: declares {declared}, expected {set(roles)}"


@pytest.mark.parametrize("name", sorted(READS))
def test_listed_reads_do_not_write(name):
    """Nothing listed as a read adds, deletes, inserts or updates rows itself."""
    fn = _viewer_functions().get(name)
    if fn is None:
        pytest.skip(f"{name} is gone")
    source = inspect.getsource(inspect.unwrap(fn))
    assert not _WRITE_MARKS.search(source), f"{name} looks like a write: list it in WRITES with its roles"


@pytest.fixture
def cheap_hashing(monkeypatch):  # type: ignore[no-untyped-def]
    """Argon2 at its cheapest for the logins this matrix makes (128 cases, five logins each)."""
    from argon2 import PasswordHasher

    from crm_res.services.accounts import users

    monkeypatch.setattr(users, "_hasher", PasswordHasher(time_cost=1, memory_cost=8, parallelism=1))


@pytest.fixture
def ctx(cheap_hashing, world):  # type: ignore[no-untyped-def]
    """Restaurant A's rows in branch A (visible to its manager and staff), and the four actors."""
    s, r, a = world["session"], world["r"], world["a"]
    manager = add_user(s, r.id, "manager@matrix.sa", Role.manager, branch_ids=[a.id])
    teammate = add_user(s, r.id, "mate@matrix.sa", Role.staff, branch_ids=[a.id])
    customer = make_customer(s, r.id, "966501110000", "Cust")
    conv = make_conversation(s, r, customer, a, messages=[(MessageSender.customer, "hi")])
    order = make_order(s, r, customer, a, 1, conv=conv)
    fb = Feedback(
        restaurant_id=r.id, customer_id=customer.id, branch_id=a.id, rating=1, requires_followup=True
    )
    tpl = MessageTemplate(
        restaurant_id=r.id,
        name="hello_one",
        language="ar",
        purpose="promotion",
        body_preview="hello",
        parameters=[],
    )
    canned = CannedResponse(restaurant_id=r.id, title="t1", body="b1")
    item = MenuItem(restaurant_id=r.id, name_ar="قهوة", name_en="Coffee", price=9)
    endpoint = WebhookEndpoint(
        restaurant_id=r.id, url="https://93.184.215.14/hook", events=["order:new"], secret="whsec_" + "A" * 32
    )
    s.add_all([fb, tpl, canned, item, endpoint])
    s.flush()
    from crm_res.services.api.api_keys import create_api_key

    api_key = create_api_key(session=s, viewer=world["owner"], name="matrix").id
    delivery = WebhookDelivery(
        restaurant_id=r.id,
        endpoint_id=endpoint.id,
        event_id="msg_matrix",
        event_type="order:new",
        payload={"type": "order:new"},
    )
    s.add(delivery)
    s.flush()
    campaigns = {
        status: Campaign(
            restaurant_id=r.id, name=status, status=status, template_id=tpl.id, audience={"segment": {}}
        )
        for status in ("draft", "running", "paused")
    }
    s.add_all(campaigns.values())
    s.flush()
    return {
        "api_key": api_key,
        "endpoint": str(endpoint.id),
        "delivery": delivery.id,
        "campaign": campaigns["draft"].id,
        "running_campaign": campaigns["running"].id,
        "paused_campaign": campaigns["paused"].id,
        "s": s,
        "restaurant": r.id,
        "branch": a.id,
        "conv": conv.id,
        "order": order.id,
        "customer": customer.id,
        "feedback": fb.id,
        "template": tpl.id,
        "canned": canned.id,
        "item": item.id,
        "teammate": teammate.id,
        "actors": {
            "owner": world["owner"],
            "manager": viewer_for(manager),
            "staff": world["staff"],
            "other_owner": world["stranger"],
        },
    }


def _events_of(s: Any, restaurant_id: Any) -> int:
    return int(
        s.exec(select(func.count()).select_from(Event).where(Event.restaurant_id == restaurant_id)).one()
    )


@pytest.mark.parametrize("actor", ["owner", "manager", "staff", "other_owner"])
@pytest.mark.parametrize("name", sorted(WRITES))
def test_role_and_tenancy_matrix(ctx, name, actor):
    """Allowed roles succeed; other roles are refused by the domain; another restaurant's owner never
    writes restaurant A's rows."""
    roles, targets_a_row, call = WRITES[name]
    viewer = ctx["actors"][actor]
    s = ctx["s"]
    events_before = _events_of(s, ctx["restaurant"])
    nested = s.begin_nested()
    try:
        if viewer.role not in roles:
            with pytest.raises(Forbidden):
                call(ctx, viewer)
        elif actor == "other_owner" and targets_a_row:
            with pytest.raises(NotFound):
                call(ctx, viewer)
        else:
            call(ctx, viewer)
            s.flush()
            if actor == "other_owner":  # it worked on their own restaurant, not on A
                assert _events_of(s, ctx["restaurant"]) == events_before
    finally:
        nested.rollback()
