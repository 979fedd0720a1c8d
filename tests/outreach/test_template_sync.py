"""Templates synced from Meta's list (GET /{waba_id}/message_templates) through the fake Graph
server: every page read, fields stored, gone ones marked, hand-entered ones left alone."""

from __future__ import annotations

import uuid

import pytest
from sqlmodel import Session, select

from crm_res.integrations.whatsapp import WhatsAppClient
from crm_res.integrations.whatsapp_templates import body_parameters, parse_template
from crm_res.models import Event, MessageTemplate, Role
from crm_res.services.access import Viewer
from crm_res.services.admin import template_sync
from crm_res.services.campaigns import release as engine
from crm_res.services.errors import Forbidden, InvalidInput
from crm_res.services.followups import FollowUp
from tests.fixtures.people import add_user

WABA = "102290129340398"


def _restaurant(s: Session, waba: str | None = WABA):  # type: ignore[no-untyped-def]
    from crm_res.services.admin.restaurants import create_restaurant

    r = create_restaurant(
        session=s,
        name_ar="مطعم القوالب",
        name_en="Template Diner",
        phone_number_id=f"pn-{uuid.uuid4().hex[:8]}",
        settings={"whatsapp_business_account_id": waba} if waba else {},
    )
    s.flush()
    return r


def _viewer(s: Session, r, role: Role = Role.owner) -> Viewer:  # type: ignore[no-untyped-def]

    user = add_user(s, r.id, f"u{uuid.uuid4().hex[:6]}@t.sa", role)
    return Viewer(user_id=user.id, restaurant_id=r.id, role=role)


def test_parameters_read_from_the_body_positional_and_named():
    """{{1}} {{2}} are filled in order by number; named ones in the order they first appear."""
    assert body_parameters("Hi {{2}} and {{1}}, {{1}} again", named=False) == ("1", "2")
    assert body_parameters("أهلاً {{first_name}}، كودك {{ code }}", named=True) == ("first_name", "code")
    t = parse_template(
        {
            "name": "offer",
            "language": "ar",
            "status": "APPROVED",
            "category": "MARKETING",
            "parameter_format": "NAMED",
            "components": [{"type": "HEADER", "text": "{{x}}"}, {"type": "BODY", "text": "يا {{name}}"}],
        }
    )
    assert t is not None and (t.status, t.category, t.parameters, t.parameter_format) == (
        "approved",
        "marketing",
        ("name",),
        "named",
    )
    assert parse_template({"language": "ar"}) is None


def test_client_follows_the_after_cursor_over_every_page(graph):
    """Graph paging: 7 templates at 3 a page are read in three requests, each after the last cursor."""
    for i in range(7):
        graph.add_template(WABA, f"t{i}", body=f"نص {i} {{{{1}}}}")
    with WhatsAppClient(graph.url, "tok") as client:
        found = client.list_message_templates(WABA, page_size=3)
    assert [t["name"] for t in found] == [f"t{i}" for i in range(7)]
    gets = [r for r in graph.requests if r.path.endswith("/message_templates")]
    assert len(gets) == 3 and all(r.headers["authorization"] == "Bearer tok" for r in gets)


def test_sync_stores_templates_marks_gone_ones_and_keeps_hand_entered(session, wired):
    """Meta's list is stored (name, language, category, status, parameters); a synced template Meta
    no longer lists is marked deleted; one entered by hand is untouched; an existing one keeps its purpose."""
    graph = wired
    r = _restaurant(session)
    session.add(
        MessageTemplate(restaurant_id=r.id, name="by_hand", language="ar", purpose="feedback_request")
    )
    session.add(
        MessageTemplate(
            restaurant_id=r.id, name="weekend", language="ar", purpose="promotion", status="pending"
        )
    )
    session.flush()
    graph.add_template(WABA, "weekend", "ar", body="أهلاً {{1}}، كود الخصم {{2}}")
    graph.add_template(
        WABA, "iftar", "ar", body="إفطار {{first_name}}", category="MARKETING", parameter_format="NAMED"
    )
    graph.add_template(WABA, "iftar", "en_US", body="Iftar", status="REJECTED", category="UTILITY")
    first = template_sync.sync_restaurant_templates(session=session, restaurant_id=r.id)
    assert first is not None and (first.added, first.updated, first.gone) == (2, 1, 0)
    rows = {
        (t.name, t.language): t
        for t in session.exec(select(MessageTemplate).where(MessageTemplate.restaurant_id == r.id))
    }
    weekend, iftar_ar, iftar_en = rows[("weekend", "ar")], rows[("iftar", "ar")], rows[("iftar", "en_US")]
    assert (weekend.status, weekend.purpose, weekend.parameters, weekend.category) == (
        "approved",
        "promotion",
        ["1", "2"],
        "marketing",
    )
    assert (iftar_ar.parameters, iftar_ar.parameter_format, iftar_ar.purpose) == (
        ["first_name"],
        "named",
        "campaign",
    )
    assert (iftar_en.status, iftar_en.category) == ("rejected", "utility")
    assert rows[("by_hand", "ar")].synced_at is None
    # Meta drops "weekend": marked deleted; the hand-entered one stays approved.
    graph._templates[WABA] = [t for t in graph._templates[WABA] if t["name"] != "weekend"]
    second = template_sync.sync_restaurant_templates(session=session, restaurant_id=r.id)
    assert second is not None and second.gone == 1
    session.flush()
    assert weekend.status == "deleted" and rows[("by_hand", "ar")].status == "approved"
    status = template_sync.sync_status(session=session, viewer=_viewer(session, r))
    assert status["last_ok"] and status["last_counts"]["gone"] == 1 and status["waba_id"] == WABA


def test_a_graph_error_changes_nothing_and_is_shown(session, wired):
    """An unknown account id: Meta's error is recorded for the page; no template changes."""
    r = _restaurant(session, waba="999")
    out = template_sync.sync_restaurant_templates(session=session, restaurant_id=r.id)
    assert out is not None and "does not exist" in out.error
    assert session.exec(select(MessageTemplate).where(MessageTemplate.restaurant_id == r.id)).all() == []
    kinds = [e.kind for e in session.exec(select(Event).where(Event.restaurant_id == r.id))]
    assert "templates.sync_failed" in kinds


def test_sync_now_needs_a_token_and_an_account_id_and_a_manager(session, monkeypatch):
    """ "Sync now" asks for the job only with a token and an account id; staff may not ask."""
    from crm_res.settings import get_settings

    r = _restaurant(session, waba=None)
    owner = _viewer(session, r)
    monkeypatch.delenv("WHATSAPP_ACCESS_TOKEN", raising=False)
    get_settings.cache_clear()
    with pytest.raises(InvalidInput, match="access token"):
        template_sync.request_template_sync(session=session, viewer=owner)
    r.whatsapp_access_token = "own-token"
    session.add(r)
    with pytest.raises(InvalidInput, match="Business Account id"):
        template_sync.request_template_sync(session=session, viewer=owner)
    with pytest.raises(InvalidInput):
        template_sync.set_business_account_id(session=session, viewer=owner, waba_id="abc")
    template_sync.set_business_account_id(session=session, viewer=owner, waba_id=WABA)
    manager = Viewer(user_id=owner.user_id, restaurant_id=r.id, role=Role.manager)
    assert template_sync.request_template_sync(session=session, viewer=manager) == (
        FollowUp.sync_templates,
        (str(r.id),),
    )
    with pytest.raises(Forbidden):
        template_sync.request_template_sync(
            session=session, viewer=Viewer(user_id=owner.user_id, restaurant_id=r.id, role=Role.staff)
        )
    get_settings.cache_clear()


def test_a_named_template_is_sent_with_parameter_names():
    """A synced named-parameter template goes out with `parameter_name` on each body value."""
    t = MessageTemplate(
        restaurant_id=uuid.uuid4(),
        name="iftar",
        language="ar",
        parameters=["first_name", "code"],
        parameter_format="named",
    )
    payload = engine.template_message("966500000001", t, {"first_name": "سارة", "code": "C1"})
    params = payload["template"]["components"][0]["parameters"]
    assert [(p["parameter_name"], p["text"]) for p in params] == [("first_name", "سارة"), ("code", "C1")]
    t.parameter_format = "positional"
    payload = engine.template_message("966500000001", t, {"first_name": "سارة", "code": "C1"})
    assert all("parameter_name" not in p for p in payload["template"]["components"][0]["parameters"])
