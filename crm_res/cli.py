"""`python -m crm_res COMMAND` (also `crm-res`): the self-hoster's and the tests' tool.

Every command prints what it did and exits non-zero with a clear message on bad input.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from crm_res.integrations.prayer_times import PRAYERS
from crm_res.services.errors import DomainError

EXIT_BAD_INPUT = 2


def _session():
    from crm_res.db import session_scope

    return session_scope()


def _given(args: argparse.Namespace, *names: str) -> dict[str, Any]:
    """The named options, as keyword arguments of the domain call they feed."""
    return {name: getattr(args, name) for name in names}


def cmd_db_upgrade(args: argparse.Namespace) -> None:
    from crm_res.runtime.migrate import upgrade_database

    print(f"database upgraded; now at revision {upgrade_database()}")


def cmd_demo(args: argparse.Namespace) -> None:
    from crm_res.runtime.migrate import upgrade_database
    from crm_res.services.admin.menu import list_menu
    from crm_res.services.ops.demo import seed_demo

    upgrade_database()
    with _session() as session:
        result = seed_demo(session=session)
        menu = list_menu(session=session, restaurant_id=result.restaurant.id)
        if args.json:
            print(
                json.dumps(
                    {
                        "restaurant_id": str(result.restaurant.id),
                        "phone_number_id": result.restaurant.whatsapp_phone_number_id,
                        "owner": {"email": result.owner_email, "password": result.owner_password},
                        "menu": [
                            {
                                "name_ar": m.name_ar,
                                "name_en": m.name_en,
                                "price": int(m.price) if m.price == int(m.price) else float(m.price),
                            }
                            for m in menu
                        ],
                    },
                    ensure_ascii=False,
                )
            )
            return
        verb = "created" if result.created else "already present, topped up"
        print(f"demo restaurant {verb}: {result.restaurant.name_ar} / {result.restaurant.name_en}")
        print(f"  phone_number_id: {result.restaurant.whatsapp_phone_number_id}")
        print(f"  menu items: {len(menu)}")
        print(f"  owner login: {result.owner_email} / {result.owner_password}")


def cmd_restaurant_add(args: argparse.Namespace) -> None:
    from crm_res.services.admin.restaurants import create_restaurant

    with _session() as session:
        fields = "name_ar name_en phone_number_id whatsapp_number city timezone personality".split()
        r = create_restaurant(session=session, **_given(args, *fields))
        print(f"restaurant added: {r.name_en} (phone_number_id {r.whatsapp_phone_number_id}, id {r.id})")


def cmd_menu_import(args: argparse.Namespace) -> None:
    from crm_res.services.admin.menu import import_menu_csv
    from crm_res.services.admin.restaurants import require_restaurant

    path = Path(args.file)
    if not path.is_file():
        raise DomainError(f"no such file: {path}")
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise DomainError(f"{path} is not UTF-8 text: {exc}") from None
    with _session() as session:
        restaurant = require_restaurant(session=session, phone_number_id=args.restaurant)
        added, updated = import_menu_csv(session=session, restaurant_id=restaurant.id, text=text)
        print(f"menu imported for {restaurant.name_en}: {added} added, {updated} updated")


def cmd_branch_add(args: argparse.Namespace) -> None:
    from crm_res.services.admin.restaurants import require_restaurant
    from crm_res.services.branches import add_branch

    with _session() as session:
        restaurant = require_restaurant(session=session, phone_number_id=args.restaurant)
        branch = add_branch(
            session=session,
            restaurant_id=restaurant.id,
            **_given(args, "name_ar", "name_en", "city", "lat", "lng"),
        )
        print(
            f"branch added: {branch.name_en} / {branch.name_ar} ({branch.city}) for {restaurant.name_en}, "
            f"id {branch.id}"
        )


def cmd_user_add(args: argparse.Namespace) -> None:
    from crm_res.models import Role
    from crm_res.services.accounts.users import create_user
    from crm_res.services.admin.restaurants import require_restaurant
    from crm_res.services.branches import find_branch

    with _session() as session:
        restaurant = require_restaurant(session=session, phone_number_id=args.restaurant)
        branch_ids = [find_branch(session, restaurant.id, name).id for name in args.branch or []]
        user, password = create_user(
            session=session,
            restaurant_id=restaurant.id,
            email=args.email,
            role=Role(args.role),
            password=args.password,
            branch_ids=branch_ids,
        )
        shown = password if args.password is None else "(as given)"
        print(f"user added: {user.email} ({user.role.value}) for {restaurant.name_en}; password {shown}")


def cmd_feedback_request(args: argparse.Namespace) -> None:
    from crm_res.services.admin.restaurants import require_restaurant

    try:
        from crm_res.services.outreach.feedback_requests import queue_feedback_request
    except ImportError:
        raise DomainError("feedback requests are not available in this build") from None
    with _session() as session:
        restaurant = require_restaurant(session=session, phone_number_id=args.restaurant)
        outcome = queue_feedback_request(session=session, restaurant_id=restaurant.id, wa_id=args.to)
        from crm_res.db import after_commit
        from crm_res.jobs.enqueue import enqueue_sends

        after_commit(session, enqueue_sends, outcome.sends)  # a held row waits in RQ's scheduler
    print(outcome)


def cmd_visit(args: argparse.Namespace) -> None:
    from crm_res.services.admin.restaurants import require_restaurant
    from crm_res.services.outreach.feedback_requests import record_visit_for

    with _session() as session:
        restaurant = require_restaurant(session=session, phone_number_id=args.restaurant)
        outcome = record_visit_for(
            session=session, restaurant_id=restaurant.id, wa_id=args.to, branch=args.branch
        )
    print(outcome)  # the periodic feedback scan sends the request when it is due


def cmd_api_key_create(args: argparse.Namespace) -> None:
    import uuid

    from crm_res.models import Restaurant
    from crm_res.services.admin.restaurants import require_restaurant
    from crm_res.services.api.api_keys import create_api_key_for_restaurant

    with _session() as session:
        try:
            restaurant = session.get(Restaurant, uuid.UUID(args.restaurant))
        except ValueError:
            restaurant = None
        if restaurant is None:
            restaurant = require_restaurant(session=session, phone_number_id=args.restaurant)
        new = create_api_key_for_restaurant(
            session=session, restaurant_id=restaurant.id, name=args.name or "", scopes=args.scope
        )
    print(new.key)  # only the key on stdout: `KEY=$(crm-res api-key create …)`


def cmd_backup(args: argparse.Namespace) -> None:
    if args.file == "verify":  # `backup verify FILE` (a plain `backup FILE` stays as it was)
        if not args.verify_file:
            raise DomainError("usage: crm-res backup verify FILE")
        args.file = args.verify_file
        cmd_backup_verify(args)
        return
    if args.verify_file:
        raise DomainError("usage: crm-res backup FILE  |  crm-res backup verify FILE")
    from crm_res.db import database_url
    from crm_res.services.ops.backup import backup

    size = backup(database_url(), Path(args.file))
    print(f"backup written to {args.file} ({size:,} bytes; row counts in {args.file}.manifest.json)")


def cmd_restore(args: argparse.Namespace) -> None:
    from crm_res.db import database_url
    from crm_res.services.ops.backup import restore

    restore(database_url(), Path(args.file))
    print(f"database restored from {args.file}")


def cmd_jobs_failed(args: argparse.Namespace) -> None:
    from crm_res.jobs.failed import RQFailedJobs
    from crm_res.services.ops.failed_work import restaurant_of_job

    jobs = RQFailedJobs().failed()
    with _session() as session:
        rows = [(job, restaurant_of_job(session, job)) for job in jobs]
    if args.json:
        print(
            json.dumps(
                [
                    {
                        "id": j.id,
                        "queue": j.queue,
                        "func": j.func,
                        "args": [str(a) for a in j.args],
                        "reason": j.reason,
                        "failed_at": j.failed_at.isoformat() if j.failed_at else None,
                        "restaurant_id": str(r) if r else None,
                    }
                    for j, r in rows
                ],
                ensure_ascii=False,
            )
        )
        return
    if not rows:
        print("no failed jobs")
        return
    for job, restaurant in rows:
        when = job.failed_at.strftime("%Y-%m-%d %H:%M:%S") if job.failed_at else "?"
        print(
            f"{job.id}  [{job.queue}] {job.func}{job.args!r}  failed {when} UTC"
            f"  restaurant {restaurant or '-'}\n    {job.reason}"
        )
    print(f"{len(rows)} failed job(s); `crm-res jobs retry ID` runs one again")


def cmd_jobs_retry(args: argparse.Namespace) -> None:
    from crm_res.jobs.failed import RQFailedJobs

    RQFailedJobs().requeue(args.id)
    print(f"job {args.id} queued again")


def cmd_jobs_discard(args: argparse.Namespace) -> None:
    from crm_res.jobs.failed import RQFailedJobs

    RQFailedJobs().discard(args.id)
    print(f"job {args.id} discarded")


def cmd_backup_verify(args: argparse.Namespace) -> None:
    from crm_res.db import database_url
    from crm_res.services.ops.backup import verify

    report = verify(database_url(), Path(args.file))
    for table, (expected, restored) in sorted(report.tables.items()):
        print(f"  {table:32} {restored:>10,}" + ("" if expected is None else f"   (manifest {expected:,})"))
    print(
        f"backup {args.file} restores: {len(report.tables)} tables, {report.rows:,} rows, "
        f"migration {report.revision}, in {report.seconds:.1f} s"
    )


def _owner_viewer(session, phone_number_id: str):
    """The CLI acts as the restaurant's first owner (campaign writes are checked like the dashboard's)."""
    from sqlmodel import col, select

    from crm_res.models import Role, User
    from crm_res.services.access import viewer_for
    from crm_res.services.admin.restaurants import require_restaurant

    restaurant = require_restaurant(session=session, phone_number_id=phone_number_id)
    owner = session.exec(
        select(User)
        .where(User.restaurant_id == restaurant.id, User.role == Role.owner, col(User.is_active))
        .order_by(col(User.created_at))
    ).first()
    if owner is None:
        raise DomainError(f"{restaurant.name_en} has no owner login: add one with `user add --role owner`")
    return restaurant, viewer_for(owner)


def _read_text(file: str) -> str:
    path = Path(file)
    if not path.is_file():
        raise DomainError(f"no such file: {path}")
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise DomainError(f"{path} is not UTF-8 text: {exc}") from None


def cmd_campaign_create(args: argparse.Namespace) -> None:
    from sqlmodel import select

    from crm_res.models import MessageTemplate
    from crm_res.services.campaigns import actions as campaigns

    segment = {
        k: v for k, v in _given(args, "tag", "language", "last_visit", "min_ltv", "rating").items() if v
    }
    if args.branch_id:
        segment["branch_id"] = args.branch_id
    if args.prayer:
        timing = {"mode": "prayer", "prayer": args.prayer, "offset_min": args.offset, "date": args.date}
    else:
        timing = {"mode": "at", "at": args.at} if args.at else {"mode": "now"}
    params = {}
    for item in args.param or []:
        name, sep, value = item.partition("=")
        if not sep:
            raise DomainError(f"--param {item!r}: write NAME=VALUE, e.g. name={{name}}")
        params[name.strip()] = value
    numbers = _read_text(args.numbers) if args.numbers else None
    with _session() as session:
        restaurant, viewer = _owner_viewer(session, args.restaurant)
        template = session.exec(
            select(MessageTemplate).where(
                MessageTemplate.restaurant_id == restaurant.id,
                MessageTemplate.name == args.template,
                MessageTemplate.language == args.template_language,
            )
        ).first()
        if template is None:
            raise DomainError(
                f"no template {args.template} ({args.template_language}) for {restaurant.name_en}"
            )
        preview = campaigns.preview_audience(
            session=session,
            viewer=viewer,
            segment=segment if (segment or not numbers) else None,
            numbers_csv=numbers,
        )
        cid = campaigns.create_campaign(
            session=session,
            viewer=viewer,
            name=args.name,
            template_id=template.id,
            template_params=params,
            segment=segment if (segment or not numbers) else None,
            numbers_csv=numbers,
            timing=timing,
            discount_percent=args.discount,
            max_recipients=args.max,
        )
    excluded = ", ".join(f"{n} {k}" for k, n in preview["excluded"].items())
    print(f"campaign created (draft): {cid}")
    print(f"  audience: {preview['count']} ({preview['new_numbers']} new numbers); excluded: {excluded}")
    for row in preview["sample"]:
        print(f"  e.g. {row['wa_id']} {row['name']}")
    print(f"  send it with: campaign send --restaurant {args.restaurant} --id {cid}")


def cmd_campaign_send(args: argparse.Namespace) -> None:
    from crm_res.services.campaigns import actions as campaigns

    with _session() as session:
        _restaurant, viewer = _owner_viewer(session, args.restaurant)
        out = campaigns.schedule_campaign(session=session, viewer=viewer, campaign_id=args.id)
    excluded = ", ".join(f"{n} {k}" for k, n in out["excluded"].items())
    print(
        f"campaign scheduled: {out['recipients']} recipients (excluded: {excluded}); "
        "the worker releases it at its time"
    )


def cmd_campaign_control(args: argparse.Namespace) -> None:
    from crm_res.services.campaigns import actions as campaigns

    action = {
        "pause": campaigns.pause_campaign,
        "resume": campaigns.resume_campaign,
        "cancel": campaigns.cancel_campaign,
    }[args.campaign_command]
    with _session() as session:
        _restaurant, viewer = _owner_viewer(session, args.restaurant)
        result = action(session=session, viewer=viewer, campaign_id=args.id)
    print(f"campaign {args.campaign_command}d: {result}")


def cmd_campaign_status(args: argparse.Namespace) -> None:
    from crm_res.services.campaigns import actions as campaigns

    with _session() as session:
        _restaurant, viewer = _owner_viewer(session, args.restaurant)
        if args.id is None:
            for c in campaigns.list_campaigns(session=session, viewer=viewer):
                print(f"{c['id']}  {c['status']:<10} {c['recipients']:>7}  {c['name']}")
            return
        res = campaigns.campaign_results(session=session, viewer=viewer, campaign_id=args.id)
        if args.csv:
            sys.stdout.write(
                campaigns.export_campaign_csv(session=session, viewer=viewer, campaign_id=args.id)
            )
            return
    if args.json:
        print(json.dumps(res, ensure_ascii=False, indent=2))
        return
    print(f"{res['name']} ({res['status']})")
    for key in (
        "targeted",
        "held_for_prayer",
        "waiting",
        "sent",
        "delivered",
        "read",
        "failed",
        "cancelled",
        "replied",
        "opted_out_after",
        "orders",
        "revenue",
    ):
        print(f"  {key.replace('_', ' ')}: {res[key]}")
    for reason, n in res["failed_reasons"].items():
        print(f"    failed: {n} × {reason}")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="crm-res", description="CRM-RES: WhatsApp-first AI CRM for restaurants."
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def add(name: str, func: Callable, help_: str, parent=sub) -> argparse.ArgumentParser:
        p = parent.add_parser(name, help=help_, description=help_)
        p.set_defaults(func=func)
        return p

    db = sub.add_parser("db", help="database commands", description="database commands")
    db_sub = db.add_subparsers(dest="db_command", required=True, metavar="COMMAND")
    add("upgrade", cmd_db_upgrade, "apply the Alembic migrations", db_sub)

    demo = add("demo", cmd_demo, "seed the demo restaurant (phone_number_id 'demo'); idempotent")
    demo.add_argument("--json", action="store_true", help="print the demo's ids, login and menu as JSON")

    restaurant = sub.add_parser("restaurant", help="restaurant commands", description="restaurant commands")
    r_sub = restaurant.add_subparsers(dest="restaurant_command", required=True, metavar="COMMAND")
    r_add = add("add", cmd_restaurant_add, "add a restaurant", r_sub)
    r_add.add_argument("--name-ar", required=True, help="Arabic name")
    r_add.add_argument("--name-en", required=True, help="English name")
    r_add.add_argument("--phone-number-id", required=True, help="WhatsApp Cloud API phone_number_id")
    r_add.add_argument("--whatsapp-number", help="the business number, e.g. +9665XXXXXXXX")
    r_add.add_argument("--city", help="city of the first branch, e.g. Riyadh")
    r_add.add_argument("--timezone", default="Asia/Riyadh", help="IANA timezone (default Asia/Riyadh)")
    r_add.add_argument(
        "--personality", default="casual", help="formal | casual | traditional | modern (default casual)"
    )

    menu = sub.add_parser("menu", help="menu commands", description="menu commands")
    m_sub = menu.add_subparsers(dest="menu_command", required=True, metavar="COMMAND")
    m_imp = add(
        "import",
        cmd_menu_import,
        "import a menu CSV (name_ar,name_en,price,category,available); all rows or none",
        m_sub,
    )
    m_imp.add_argument("file", help="CSV file, UTF-8")
    m_imp.add_argument("--restaurant", required=True, help="the restaurant's phone_number_id")

    user = sub.add_parser("user", help="dashboard login commands", description="dashboard logins")
    u_sub = user.add_subparsers(dest="user_command", required=True, metavar="COMMAND")
    u_add = add("add", cmd_user_add, "add a dashboard login", u_sub)
    u_add.add_argument("--restaurant", required=True, help="the restaurant's phone_number_id")
    u_add.add_argument("--email", required=True)
    u_add.add_argument("--role", required=True, choices=["owner", "manager", "staff"])
    u_add.add_argument("--password", help="at least 8 characters; generated and printed when omitted")
    u_add.add_argument(
        "--branch",
        action="append",
        metavar="NAME",
        help="bind the login to this branch (Arabic or English name, or id); repeat for several",
    )

    branch = sub.add_parser("branch", help="branch commands", description="branch commands")
    b_sub = branch.add_subparsers(dest="branch_command", required=True, metavar="COMMAND")
    b_add = add("add", cmd_branch_add, "add a branch to a restaurant", b_sub)
    b_add.add_argument("--restaurant", required=True, help="the restaurant's phone_number_id")
    b_add.add_argument("--name-ar", required=True, help="Arabic name")
    b_add.add_argument("--name-en", required=True, help="English name")
    b_add.add_argument(
        "--city", required=True, help="a Saudi city, Arabic or English (its prayer times apply)"
    )
    b_add.add_argument("--lat", type=float, help="latitude (for the nearest branch to a shared location)")
    b_add.add_argument("--lng", type=float, help="longitude")

    fr = add(
        "feedback-request", cmd_feedback_request, "queue a business-initiated feedback request to a customer"
    )
    fr.add_argument("--restaurant", required=True, help="the restaurant's phone_number_id")
    fr.add_argument("--to", required=True, help="the customer's WhatsApp id, e.g. 9665XXXXXXXX")

    v = add(
        "visit",
        cmd_visit,
        "record a customer's dine-in visit; its feedback request goes out feedback_delay_hours later "
        "(prayer windows, opt-out and the 24-hour rule apply)",
    )
    v.add_argument("--restaurant", required=True, help="the restaurant's phone_number_id")
    v.add_argument("--to", required=True, help="the customer's WhatsApp id, e.g. 9665XXXXXXXX")
    v.add_argument("--branch", help="the branch visited: its Arabic or English name (or id)")

    api_key = sub.add_parser("api-key", help="REST API keys", description="REST API keys")
    k_sub = api_key.add_subparsers(dest="api_key_command", required=True, metavar="COMMAND")
    k_add = add(
        "create",
        cmd_api_key_create,
        "create an API key acting for the restaurant's owner; prints only the key (shown once)",
        k_sub,
    )
    k_add.add_argument("--restaurant", required=True, help="the restaurant's id or phone_number_id")
    k_add.add_argument(
        "--scope",
        action="append",
        metavar="S",
        help="e.g. conversations:read (repeatable); all scopes when none given",
    )
    k_add.add_argument("--name", help="a label, e.g. POS")

    b = sub.add_parser(
        "backup",
        help="write a backup, or check that one restores",
        description="`backup FILE` writes a full logical backup (pg_dump custom format); "
        "`backup verify FILE` restores it into a scratch database and compares row counts",
    )
    b.set_defaults(func=cmd_backup)
    b.add_argument("file", help="the backup file to write, or `verify`")
    b.add_argument("verify_file", nargs="?", help=argparse.SUPPRESS)

    jobs = sub.add_parser(
        "jobs", help="background jobs that failed", description="background jobs that failed"
    )
    j_sub = jobs.add_subparsers(dest="jobs_command", required=True, metavar="COMMAND")
    jf = add("failed", cmd_jobs_failed, "list the failed jobs of every queue, with the reason", j_sub)
    jf.add_argument("--json", action="store_true", help="print them as JSON")
    jr = add("retry", cmd_jobs_retry, "put a failed job back on its queue (it runs once more)", j_sub)
    jr.add_argument("id", help="the job id, as `jobs failed` shows it")
    jd = add("discard", cmd_jobs_discard, "forget a failed job (it never runs)", j_sub)
    jd.add_argument("id", help="the job id, as `jobs failed` shows it")

    camp = sub.add_parser("campaign", help="campaign commands", description="campaigns: create, send, status")
    c_sub = camp.add_subparsers(dest="campaign_command", required=True, metavar="COMMAND")
    cc = add(
        "create", cmd_campaign_create, "create a draft campaign and show its audience (count, sample)", c_sub
    )
    cc.add_argument("--restaurant", required=True, help="the restaurant's phone_number_id")
    cc.add_argument("--name", required=True)
    cc.add_argument("--template", required=True, help="an approved template's name")
    cc.add_argument("--template-language", default="ar", help="the template's language (default ar)")
    cc.add_argument(
        "--param",
        action="append",
        metavar="NAME=VALUE",
        help="a template parameter: {name}, {discount_code}, {branch} or text (repeatable)",
    )
    cc.add_argument("--tag", help="segment: customers with this tag")
    cc.add_argument("--language", help="segment: ar-SA | ar-EG | ar-LV | en")
    cc.add_argument("--last-visit", help="segment: 7 | 30 | 90 (within N days) | lapsed")
    cc.add_argument("--min-ltv", help="segment: lifetime value at least this many SAR")
    cc.add_argument("--rating", help="segment: low | high")
    cc.add_argument("--branch-id", help="segment: customers of this branch")
    cc.add_argument("--numbers", help="a CSV of numbers (wa_id column, or one number per line)")
    cc.add_argument("--at", help="send at this local time, e.g. 2026-02-25T16:00 (default: now)")
    cc.add_argument(
        "--prayer",
        choices=PRAYERS,
        help="send relative to this prayer in each customer's branch city",
    )
    cc.add_argument("--offset", type=int, default=-30, help="minutes from the prayer (default -30)")
    cc.add_argument("--date", help="the day for --prayer, e.g. 2026-02-25")
    cc.add_argument("--discount", type=int, help="percent for {discount_code} (default: the restaurant's)")
    cc.add_argument("--max", type=int, help="at most this many recipients")
    cs = add(
        "send",
        cmd_campaign_send,
        "schedule a draft campaign: freeze its audience and send at its time",
        c_sub,
    )
    cs.add_argument("--restaurant", required=True, help="the restaurant's phone_number_id")
    cs.add_argument("--id", required=True, help="the campaign id")
    for verb, what in (
        ("pause", "stop releasing; queued sends wait again"),
        ("resume", "continue a paused campaign"),
        ("cancel", "stop for good: nothing not yet sent is sent"),
    ):
        cp = add(verb, cmd_campaign_control, what, c_sub)
        cp.add_argument("--restaurant", required=True, help="the restaurant's phone_number_id")
        cp.add_argument("--id", required=True, help="the campaign id")
    cst = add("status", cmd_campaign_status, "list campaigns, or one campaign's live results", c_sub)
    cst.add_argument("--restaurant", required=True, help="the restaurant's phone_number_id")
    cst.add_argument("--id", help="the campaign id (omit to list)")
    cst.add_argument("--json", action="store_true", help="print the results as JSON")
    cst.add_argument("--csv", action="store_true", help="print the per-recipient CSV export")

    r = add("restore", cmd_restore, "restore the database from a backup (replaces its contents)")
    r.add_argument("file")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        args.func(args)
    except DomainError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        return 130
    return 0
