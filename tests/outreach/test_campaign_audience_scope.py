"""A manager's campaign reaches only the customers of the branches they manage (the domain decides,
whatever the page offers): the segment, a branch chosen in it, and an uploaded file of numbers.
Owners reach everyone; staff cannot run campaigns; another restaurant sees nothing."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

import pytest
from sqlalchemy import text
from sqlmodel import Session, select

from crm_res.models import (
    Branch,
    CampaignRecipient,
    Customer,
    MessageTemplate,
    OutboxMessage,
    OutboxStatus,
    Role,
)
from crm_res.services.access import Viewer
from crm_res.services.campaigns import actions as dash
from crm_res.services.errors import Forbidden, NotFound
from tests.fixtures.people import add_user


def _world(s: Session):  # type: ignore[no-untyped-def]
    from crm_res.services.admin.restaurants import create_restaurant

    r = create_restaurant(session=s, name_ar="مطعم الفروع", name_en="Branches", phone_number_id="pn-scope")
    north = Branch(restaurant_id=r.id, name_ar="الشمال", name_en="North", city="Riyadh")
    south = Branch(restaurant_id=r.id, name_ar="الجنوب", name_en="South", city="Jeddah")
    tpl = MessageTemplate(
        restaurant_id=r.id, name="offer", language="ar", purpose="promotion", parameters=["name"]
    )
    s.add_all([north, south, tpl])
    s.flush()
    people = {}
    for label, branch, n in (("north", north, 3), ("south", south, 2), ("none", None, 1)):
        people[label] = []
        for i in range(n):
            c = Customer(restaurant_id=r.id, wa_id=f"9665{len(people) * 100 + i:08d}", name=f"{label} {i}")
            s.add(c)
            s.flush()
            people[label].append(c)
            if branch is not None:
                s.execute(
                    text(
                        "INSERT INTO orders (id, restaurant_id, number, customer_id, branch_id, items, total_amount, "
                        "status, delivery_type, created_at, updated_at) VALUES (gen_random_uuid(), :r, :n, :c, :b, '[]', "
                        "10, 'delivered', 'pickup', now(), now())"
                    ),
                    {"r": r.id, "n": len(people) * 100 + i, "c": c.id, "b": branch.id},
                )
    owner = _user(s, r, Role.owner)
    manager = _user(s, r, Role.manager, (north.id,))
    assert manager.branch_ids == (north.id,)
    return r, north, south, tpl, people, owner, manager


def _user(s: Session, r, role: Role, branch_ids=()) -> Viewer:  # type: ignore[no-untyped-def]
    from crm_res.services.accounts.users import viewer_for

    user = add_user(s, r.id, f"u{uuid.uuid4().hex[:8]}@scope.sa", role, branch_ids=list(branch_ids))
    return viewer_for(user)


def test_a_managers_audience_is_their_branches_customers_only(session):
    r, north, south, tpl, people, owner, manager = _world(session)
    assert dash.preview_audience(session=session, viewer=owner, segment={})["count"] == 6
    mine = dash.preview_audience(session=session, viewer=manager, segment={})
    assert mine["count"] == 3 and {x["wa_id"] for x in mine["sample"]} == {c.wa_id for c in people["north"]}
    # A branch they do not manage: refused by the domain, in the preview and when creating.
    with pytest.raises(Forbidden):
        dash.preview_audience(session=session, viewer=manager, segment={"branch_id": str(south.id)})
    with pytest.raises(Forbidden):
        dash.create_campaign(
            session=session,
            viewer=manager,
            name="x",
            template_id=tpl.id,
            segment={"branch_id": str(south.id)},
        )
    assert (
        dash.preview_audience(session=session, viewer=manager, segment={"branch_id": str(north.id)})["count"]
        == 3
    )
    # A file: a south customer, a customer of no branch and a new number are outside their branches.
    csv = "\n".join(
        [people["north"][0].wa_id, people["south"][0].wa_id, people["none"][0].wa_id, "966599999999"]
    )
    from_file = dash.preview_audience(session=session, viewer=manager, numbers_csv=csv)
    assert (from_file["count"], from_file["new_numbers"], from_file["excluded"]["other_branches"]) == (
        1,
        0,
        3,
    )
    assert dash.preview_audience(session=session, viewer=owner, numbers_csv=csv)["count"] == 4
    cid = dash.create_campaign(
        session=session, viewer=manager, name="North only", template_id=tpl.id, segment={}, numbers_csv=csv
    )
    frozen = dash.schedule_campaign(session=session, viewer=manager, campaign_id=cid)
    assert frozen["recipients"] == 3
    reached = set(
        session.exec(select(CampaignRecipient.wa_id).where(CampaignRecipient.campaign_id == cid)).all()
    )
    assert reached == {c.wa_id for c in people["north"]}
    assert session.exec(select(Customer).where(Customer.wa_id == "966599999999")).first() is None


def test_a_manager_without_a_branch_reaches_nobody_and_staff_and_strangers_are_refused(session):
    r, north, _south, tpl, _people, owner, _manager = _world(session)
    nobody = _user(session, r, Role.manager)
    assert dash.preview_audience(session=session, viewer=nobody, segment={})["count"] == 0
    staff = _user(session, r, Role.staff, (north.id,))
    with pytest.raises(Forbidden):
        dash.create_campaign(session=session, viewer=staff, name="x", template_id=tpl.id, segment={})
    cid = dash.create_campaign(session=session, viewer=owner, name="All", template_id=tpl.id, segment={})
    with pytest.raises(Forbidden):
        dash.schedule_campaign(session=session, viewer=staff, campaign_id=cid)
    stranger = Viewer(user_id=uuid.uuid4(), restaurant_id=uuid.uuid4(), role=Role.owner)
    with pytest.raises(NotFound):
        dash.schedule_campaign(session=session, viewer=stranger, campaign_id=cid)


def test_a_managers_results_drill_down_and_export_are_their_branches_recipients_only(session):
    """An owner's campaign to every customer: the owner sees all six recipients; the manager of
    the north branch sees only its three (counts, list, per-recipient drill-down and the CSV), with
    a sent north row and a sent south row counted only where they belong; a manager of no branch
    sees none."""
    from crm_res.services.campaigns import board

    r, north, south, tpl, people, owner, manager = _world(session)
    cid = dash.create_campaign(session=session, viewer=owner, name="All", template_id=tpl.id, segment={})
    assert dash.schedule_campaign(session=session, viewer=owner, campaign_id=cid)["recipients"] == 6
    # One north and one south recipient sent (an outbox row marked sent), the rest still waiting.
    for who in (people["north"][0], people["south"][0]):
        row = OutboxMessage(
            restaurant_id=r.id,
            customer_id=who.id,
            to_wa_id=who.wa_id,
            idempotency_key=f"test:{who.id}",
            kind="template",
            purpose="campaign",
            business_initiated=True,
            status=OutboxStatus.sent,
            attempts=1,
            sent_at=datetime.now(UTC),
        )
        session.add(row)
        session.flush()
        session.execute(
            text(
                "UPDATE campaign_recipients SET status = 'queued', outbox_id = :o "
                "WHERE campaign_id = :cid AND customer_id = :c"
            ),
            {"o": row.id, "cid": cid, "c": who.id},
        )
    north_numbers = {c.wa_id for c in people["north"]}

    everything = dash.campaign_results(session=session, viewer=owner, campaign_id=cid)
    assert (everything["targeted"], everything["sent"], everything["waiting"]) == (6, 2, 4)
    mine = dash.campaign_results(session=session, viewer=manager, campaign_id=cid)
    assert (mine["targeted"], mine["sent"], mine["waiting"]) == (3, 1, 2)

    rows = dash.campaign_recipients(session=session, viewer=manager, campaign_id=cid)
    assert {x["wa_id"] for x in rows} == north_numbers
    assert [
        x["wa_id"]
        for x in dash.campaign_recipients(session=session, viewer=manager, campaign_id=cid, state="sent")
    ] == [people["north"][0].wa_id]
    assert len(dash.campaign_recipients(session=session, viewer=owner, campaign_id=cid)) == 6

    csv_lines = (
        dash.export_campaign_csv(session=session, viewer=manager, campaign_id=cid).strip().splitlines()
    )
    assert len(csv_lines) == 1 + 3
    assert {line.split(",")[0] for line in csv_lines[1:]} == north_numbers
    assert not any(c.wa_id in "\n".join(csv_lines) for c in people["south"] + people["none"])

    [listed] = dash.list_campaigns(session=session, viewer=manager)
    assert listed["recipients"] == 3
    [card] = board.campaign_board(session=session, viewer=manager)
    assert (card["targeted"], card["sent"], card["waiting"]) == (3, 1, 2)
    [owners_card] = board.campaign_board(session=session, viewer=owner)
    assert (owners_card["targeted"], owners_card["sent"]) == (6, 2)

    nobody = _user(session, r, Role.manager)
    assert dash.campaign_results(session=session, viewer=nobody, campaign_id=cid)["targeted"] == 0
    assert dash.campaign_recipients(session=session, viewer=nobody, campaign_id=cid) == []
