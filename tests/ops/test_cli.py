"""`python -m crm_res` as a self-hoster runs it: real processes, real exit codes, the test database."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from tests.conftest import ROOT


def crm(*args: str, check: bool = False) -> subprocess.CompletedProcess:
    result = subprocess.run(
        [sys.executable, "-m", "crm_res", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=dict(os.environ),
        timeout=120,
    )
    if check:
        assert result.returncode == 0, result.stderr
    return result


def test_every_command_has_help():
    """Each command answers --help and exits 0."""
    for args in (
        ["--help"],
        ["db", "upgrade", "--help"],
        ["demo", "--help"],
        ["restaurant", "add", "--help"],
        ["menu", "import", "--help"],
        ["user", "add", "--help"],
        ["feedback-request", "--help"],
        ["visit", "--help"],
        ["backup", "--help"],
        ["restore", "--help"],
        ["branch", "add", "--help"],
        ["campaign", "create", "--help"],
        ["campaign", "send", "--help"],
        ["campaign", "status", "--help"],
        ["campaign", "pause", "--help"],
    ):
        result = crm(*args)
        assert result.returncode == 0, args
        assert "usage:" in result.stdout


def test_demo_is_idempotent_and_prints_json(committed):
    """`demo --json` seeds once; a second run changes nothing and prints the same ids and menu."""
    first = json.loads(crm("demo", "--json", check=True).stdout)
    second = json.loads(crm("demo", "--json", check=True).stdout)
    assert first == second
    assert first["phone_number_id"] == "demo"
    assert set(first["owner"]) == {"email", "password"}
    prices = {m["name_ar"]: m["price"] for m in first["menu"]}
    assert prices["برجر"] == 35 and prices["بطاطس"] == 12
    assert len(first["menu"]) >= 15
    from sqlalchemy import text

    with committed.connect() as conn:
        counts = {
            t: conn.execute(text(f"SELECT count(*) FROM {t}")).scalar()
            for t in ("restaurants", "branches", "conversations", "orders", "feedback", "messages")
        }
        cities = conn.execute(text("SELECT count(DISTINCT city) FROM branches")).scalar()
    assert counts["restaurants"] == 1 and counts["branches"] == 2 and cities == 2
    assert counts["conversations"] >= 50 and counts["orders"] >= 15 and counts["feedback"] >= 15


def test_restaurant_add_and_duplicate_is_a_clear_error(committed):
    """Adding a restaurant works; the same phone_number_id again exits non-zero and says why."""
    ok = crm(
        "restaurant",
        "add",
        "--name-ar",
        "مطعم الاختبار",
        "--name-en",
        "Test Diner",
        "--phone-number-id",
        "pn-cli",
        "--whatsapp-number",
        "+966511111111",
        "--city",
        "Jeddah",
    )
    assert ok.returncode == 0, ok.stderr
    assert "pn-cli" in ok.stdout
    again = crm("restaurant", "add", "--name-ar", "x", "--name-en", "y", "--phone-number-id", "pn-cli")
    assert again.returncode != 0
    assert "already exists" in again.stderr
    bad = crm(
        "restaurant",
        "add",
        "--name-ar",
        "x",
        "--name-en",
        "y",
        "--phone-number-id",
        "pn-2",
        "--timezone",
        "Mars/Olympus",
        "--personality",
        "grumpy",
    )
    assert bad.returncode != 0
    assert "timezone" in bad.stderr and "personality" in bad.stderr


def test_menu_import_all_or_nothing_with_line_numbers(committed, tmp_path):
    """A CSV with bad rows imports nothing and names each bad line; a good one imports all rows."""
    crm("restaurant", "add", "--name-ar", "م", "--name-en", "M", "--phone-number-id", "pn-menu", check=True)
    bad = tmp_path / "bad.csv"
    bad.write_text(
        "name_ar,name_en,price,category,available\n"
        "برجر,Burger,35,mains,true\n"
        "بطاطس,Fries,twelve,sides,true\n"
        ",Nameless,5,sides,maybe\n",
        encoding="utf-8",
    )
    result = crm("menu", "import", str(bad), "--restaurant", "pn-menu")
    assert result.returncode != 0
    assert "line 3" in result.stderr and "line 4" in result.stderr and "nothing was imported" in result.stderr
    from sqlalchemy import text

    with committed.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM menu_items")).scalar() == 0
    good = tmp_path / "good.csv"
    good.write_text(
        "name_ar,name_en,price,category,available\n"
        "برجر,Burger,٣٥,mains,true\nبطاطس,Fries,12.50,sides,false\n",
        encoding="utf-8",
    )
    assert crm("menu", "import", str(good), "--restaurant", "pn-menu").returncode == 0
    with committed.connect() as conn:
        rows = dict(conn.execute(text("SELECT name_en, price FROM menu_items")).all())
    assert {k: float(v) for k, v in rows.items()} == {"Burger": 35.0, "Fries": 12.5}


def test_unknown_restaurant_and_bad_input_exit_non_zero(committed, tmp_path):
    """An unknown --restaurant, a missing file or a bad role is a clear error, never a traceback."""
    csv_file = tmp_path / "m.csv"
    csv_file.write_text("name_ar,name_en,price,category,available\nا,A,1,x,true\n")
    for args, needle in (
        (["menu", "import", str(csv_file), "--restaurant", "nope"], "no restaurant"),
        (["menu", "import", str(tmp_path / "missing.csv"), "--restaurant", "nope"], "no such file"),
        (["user", "add", "--restaurant", "nope", "--email", "a@b.co", "--role", "owner"], "no restaurant"),
        (["user", "add", "--restaurant", "nope", "--email", "a@b.co", "--role", "king"], "invalid choice"),
        (["restore", str(csv_file)], "not a backup"),
    ):
        result = crm(*args)
        assert result.returncode != 0, args
        assert needle in result.stderr, (args, result.stderr)
        assert "Traceback" not in result.stderr


def test_user_add_then_login(committed):
    """`user add` creates a login whose password authenticates; a weak password is refused."""
    crm("restaurant", "add", "--name-ar", "م", "--name-en", "M", "--phone-number-id", "pn-u", check=True)
    weak = crm(
        "user", "add", "--restaurant", "pn-u", "--email", "m@x.sa", "--role", "manager", "--password", "123"
    )
    assert weak.returncode != 0 and "8 characters" in weak.stderr
    crm(
        "user",
        "add",
        "--restaurant",
        "pn-u",
        "--email",
        "M@X.sa",
        "--role",
        "manager",
        "--password",
        "correct horse",
        check=True,
    )
    from sqlmodel import Session

    from crm_res.services.accounts.users import authenticate

    with Session(committed) as s:
        user = authenticate(session=s, email="m@x.sa", password="correct horse")
        assert user.role.value == "manager"


def test_branch_add_and_a_branch_bound_user(committed):
    """`branch add` adds a branch in a known city; `user add --branch` binds a login to it by name;
    an unknown city, a duplicate branch or an unknown branch name exits non-zero and says why."""
    crm("restaurant", "add", "--name-ar", "م", "--name-en", "M", "--phone-number-id", "pn-b", check=True)
    ok = crm(
        "branch",
        "add",
        "--restaurant",
        "pn-b",
        "--name-ar",
        "فرع النخيل",
        "--name-en",
        "Nakheel",
        "--city",
        "الرياض",
        "--lat",
        "24.77",
        "--lng",
        "46.64",
    )
    assert ok.returncode == 0, ok.stderr
    assert "Nakheel" in ok.stdout and "Riyadh" in ok.stdout
    again = crm(
        "branch", "add", "--restaurant", "pn-b", "--name-ar", "ب", "--name-en", "nakheel", "--city", "Riyadh"
    )
    assert again.returncode != 0 and "already has a branch" in again.stderr
    nowhere = crm(
        "branch", "add", "--restaurant", "pn-b", "--name-ar", "ب", "--name-en", "B", "--city", "Atlantis"
    )
    assert nowhere.returncode != 0 and "unknown city" in nowhere.stderr
    crm(
        "user",
        "add",
        "--restaurant",
        "pn-b",
        "--email",
        "s@x.sa",
        "--role",
        "staff",
        "--password",
        "correct horse",
        "--branch",
        "فرع النخيل",
        check=True,
    )
    lost = crm(
        "user", "add", "--restaurant", "pn-b", "--email", "t@x.sa", "--role", "staff", "--branch", "Olaya"
    )
    assert lost.returncode != 0 and "no branch Olaya" in lost.stderr
    from sqlmodel import Session, select

    from crm_res.models import Branch, User

    with Session(committed) as s:
        [branch] = s.exec(select(Branch)).all()
        user = s.exec(select(User).where(User.email == "s@x.sa")).one()
        assert (branch.city, branch.lat, branch.lng) == ("Riyadh", 24.77, 46.64)
        assert user.branch_ids == [branch.id]
        assert s.exec(select(User).where(User.email == "t@x.sa")).first() is None


@pytest.mark.timeout(180)
def test_backup_and_restore_round_trip(committed, tmp_path):
    """A backup taken after the demo restores the same rows after they were deleted."""
    crm("demo", check=True)
    archive = tmp_path / "crm.dump"
    assert crm("backup", str(archive)).returncode == 0
    from sqlalchemy import text

    with committed.begin() as conn:
        before = conn.execute(text("SELECT count(*) FROM messages")).scalar()
        conn.execute(text("DELETE FROM restaurants"))
    committed.dispose()
    result = crm("restore", str(archive))
    assert result.returncode == 0, result.stderr
    with committed.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM messages")).scalar() == before
        assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar()


def test_visit_records_the_visit_and_schedules_its_feedback_request(committed):
    """`visit` prints when the request is due; a second visit that day, a bad branch or number is clear."""
    crm("demo", check=True)
    ok = crm("visit", "--restaurant", "demo", "--to", "+966512340000", "--branch", "olaya branch")
    assert ok.returncode == 0, ok.stderr
    assert ok.stdout.startswith("visit of 966512340000 at Olaya Branch recorded; feedback request due ")
    from sqlalchemy import text

    with committed.connect() as conn:
        row = conn.execute(
            text(
                "SELECT r.source, r.status, r.due_at - r.occurred_at, b.name_en FROM "
                "feedback_requests r JOIN branches b ON b.id = r.branch_id"
            )
        ).one()
    assert (row[0], row[1], row[2].total_seconds(), row[3]) == ("visit", "due", 3 * 3600, "Olaya Branch")
    again = crm("visit", "--restaurant", "demo", "--to", "966512340000")
    assert again.returncode == 0 and "already recorded today" in again.stdout
    bad_branch = crm("visit", "--restaurant", "demo", "--to", "966512340000", "--branch", "Mars")
    assert (
        bad_branch.returncode == 2 and "no branch Mars" in bad_branch.stderr and "Olaya" in bad_branch.stderr
    )
    bad_number = crm("visit", "--restaurant", "demo", "--to", "hello")
    assert bad_number.returncode == 2 and "international form" in bad_number.stderr
    unknown = crm("visit", "--restaurant", "nope", "--to", "966512340000")
    assert unknown.returncode == 2 and "Traceback" not in unknown.stderr


def test_campaign_create_send_status(committed, tmp_path):
    """`campaign create` shows the audience and makes a draft; `send` freezes it; `status` shows the
    results; a bad numbers file is refused with its line number and nothing is created."""
    crm(
        "restaurant",
        "add",
        "--name-ar",
        "مطعم",
        "--name-en",
        "Camp",
        "--phone-number-id",
        "pn-cli-camp",
        "--city",
        "Riyadh",
        check=True,
    )
    crm("user", "add", "--restaurant", "pn-cli-camp", "--email", "o@camp.sa", "--role", "owner", check=True)
    from crm_res.db import session_scope
    from crm_res.models import Customer, MessageTemplate
    from crm_res.services.admin.restaurants import require_restaurant

    with session_scope() as s:
        r = require_restaurant(session=s, phone_number_id="pn-cli-camp")
        s.add(
            MessageTemplate(
                restaurant_id=r.id, name="offer", language="ar", purpose="promotion", parameters=["name"]
            )
        )
        s.add_all([Customer(restaurant_id=r.id, wa_id=f"96650000010{i}", tags=["vip"]) for i in range(3)])
    bad = tmp_path / "bad.csv"
    bad.write_text("966500000201\nabc\n", encoding="utf-8")
    refused = crm(
        "campaign",
        "create",
        "--restaurant",
        "pn-cli-camp",
        "--name",
        "x",
        "--template",
        "offer",
        "--numbers",
        str(bad),
    )
    assert refused.returncode == 2 and "line 2" in refused.stderr
    made = crm(
        "campaign",
        "create",
        "--restaurant",
        "pn-cli-camp",
        "--name",
        "VIP",
        "--template",
        "offer",
        "--tag",
        "vip",
        "--param",
        "name={name}",
        check=True,
    )
    assert "audience: 3" in made.stdout
    cid = made.stdout.split("campaign created (draft): ")[1].split()[0]
    assert (
        "3 recipients"
        in crm("campaign", "send", "--restaurant", "pn-cli-camp", "--id", cid, check=True).stdout
    )
    status = crm("campaign", "status", "--restaurant", "pn-cli-camp", "--id", cid, "--json", check=True)
    res = json.loads(status.stdout)
    assert (res["targeted"], res["status"]) == (3, "scheduled")
