"""Mutation testing of the risky modules with mutmut, one group at a time with that group's tests.

Each group runs in a scratch copy of the tree (.mutation/<group>/, its mutants made afresh) whose
pyproject's [tool.mutmut] names the group's modules and tests; the rest of the settings come from
this repository's [tool.mutmut]. Prints the score per module and every mutant that was not killed,
and adds them to .mutation/report.json (per mutant: a later run's verdict replaces an earlier one, so
batches of a module's functions add up; delete the file to start afresh).

    python tools/mutate.py                  # every group (long: `make mutate`)
    python tools/mutate.py health sessions  # some groups
    python tools/mutate.py --show sessions  # with the diff of each survivor
    python tools/mutate.py ingest_and_processing --only '*store_deliveries__*'  # one batch of functions
    python tools/mutate.py sessions_and_access --only '*sessions.*' --tests tests/security/  # and its tests
    python tools/mutate.py outbox_and_sending --only '*x__claim__mutmut_2[0-4]?'  # a range of its mutants
    python tools/mutate.py sessions_and_access --only '*users.x_authenticate__*' --tests tests/security/ \
        --deselect tests/security/test_login_and_sessions.py::test_webhook_and_health_answer_while_thirty_failed_logins_are_in_flight

Each run uses one test database of its own (CRM_RES_TEST_DB, below). Two runs at once need a Redis
database each (CRM_RES_TEST_REDIS_DB): every test flushes its own, and a flush in another run's test
"kills" that mutant; two runs of one group at once also need a scratch folder each (--folder NAME;
report.json is read again before each write, so their verdicts add up). Stop a run with SIGKILL (its
process may hold RQ's SIGTERM handler), then collect what it measured with --report-only.
"""

from __future__ import annotations

import argparse
import fnmatch
import json
import os
import re
import shutil
import subprocess
import sys
import tomllib
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import libcst as cst

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / ".mutation"
MUTMUT = str(Path(sys.executable).with_name("mutmut"))


@dataclass(frozen=True)
class Group:
    modules: tuple[str, ...]
    tests: tuple[str, ...]
    only: tuple[str, ...] = field(default=())  # mutant name globs (a few functions of a big module)


# Left out of every group: they start many processes or send a thousand messages, take minutes
# each, and a mutant's run would repeat them (their modules have faster tests of their own).
SLOW = (
    "--deselect",
    "tests/channel/test_whatsapp_2026_fuzz.py::test_mutated_2026_deliveries_are_never_a_5xx",
    "--deselect",
    "tests/outreach/test_campaigns.py::test_thousand_recipients_exclude_opted_out_capped_test_and_failed_numbers",
    "--deselect",
    "tests/outreach/test_campaigns.py::test_worker_killed_mid_release_and_redis_restart_send_each_once",
)

# Tests that read the source files rather than run them: in mutmut's copy every function holds all
# its mutants side by side, so they fail before any mutant runs.
READS_SOURCE = (
    "--deselect",
    "tests/ops/test_error_codes.py::test_every_code_raised_has_arabic_and_english_text",
)

GROUPS: dict[str, Group] = {
    "health": Group(("crm_res/services/ops/health.py",),
                    ("tests/ops/test_readiness_with_a_dead_dependency.py",
                     "tests/channel/test_webhook_verify_and_health.py")),
    "order_totals": Group(("crm_res/assistant/totals.py",),
                          ("tests/assistant/test_order_parser.py", "tests/assistant/test_prompts_and_replies.py",
                           "tests/dialogue/test_stages.py")),
    # What placing writes (placing.py: the order row, number, total, event, notice) and the yes that
    # places it (order_questions.py); the conversation that reads the order (ordering.py) is issue #13's engine.
    "order_placement": Group(("crm_res/services/dialogue/placing.py", "crm_res/services/dialogue/order_questions.py",
                              "crm_res/services/dialogue/data.py"),
                             ("tests/dialogue/test_stages.py", "tests/dialogue/test_what_placing_writes.py"),
                             only=("crm_res.services.dialogue.placing.*",
                                   "crm_res.services.dialogue.order_questions.*_place_order__*",
                                   "crm_res.services.dialogue.order_questions.*_confirmed__*",
                                   "crm_res.services.dialogue.data.*_next_order_number__*")),
    "sessions_and_access": Group(("crm_res/services/accounts/users.py", "crm_res/services/accounts/sessions.py",
                                  "crm_res/services/accounts/login_guard.py", "crm_res/services/access.py"),
                                 ("tests/accounts/", "tests/admin/", "tests/inbox/", "tests/customers/",
                                  "tests/insights/", "tests/security/test_login_and_sessions.py", *READS_SOURCE)),
    # The access and tenancy checks of the Settings writes (the forms' field parsing is left out: long).
    # The permission matrix test lists every function of the module taking a viewer: in mutmut's copy
    # that is each mutant too, so it fails before any mutant runs.
    "settings_writes": Group(("crm_res/services/admin/restaurant_settings.py",),
                             ("tests/admin/", "tests/accounts/", "--deselect", "tests/accounts/test_write_permissions.py::"
                              "test_every_viewer_function_is_classified_and_every_write_declares_its_roles"),
                             only=tuple(f"crm_res.services.admin.restaurant_settings.x_{f}__*" for f in (
                                 "require_owner", "_restaurant", "_own", "_create", "_delete", "set_item_available", "delete_template",
                                 "delete_canned", "_branch_ids", "add_user", "update_user", "_keep_an_owner",
                                 "reset_password", "save_canned"))),
    # With the opening hours' Ramadan table (timing/hours.py: which hours apply, open or not, the next opening).
    "prayer_and_ramadan": Group(("crm_res/services/timing/holding.py", "crm_res/services/outreach/ramadan.py",
                                 "crm_res/services/timing/hours.py"),
                                ("tests/channel/test_prayer_holding.py", "tests/channel/test_prayer_hold_at_send_time.py",
                                 "tests/channel/test_hold_descriptions_warmup_and_pruning.py",
                                 "tests/dialogue/test_opening_hours.py", "tests/outreach/", *SLOW)),
    "outbox_and_sending": Group(("crm_res/services/outbox/outbox.py", "crm_res/services/outbox/sending.py",
                                 "crm_res/services/outbox/bulk_sending.py", "crm_res/services/outbox/send_results.py",
                                 "crm_res/jobs/send.py"),
                                ("tests/channel/", "tests/outreach/test_feedback_requests.py",
                                 "tests/outreach/test_campaign_batches.py", *SLOW)),
    # Ingest's signature check has its tests with the security finding; opt-out/in with the dialogue.
    # The webhook's delivery batcher (verify, parse, group-commit, enqueue, answer) with the store.
    "ingest_and_processing": Group(("crm_res/services/channel/ingest.py", "crm_res/services/dialogue/inbound.py",
                                    "crm_res/jobs/sweep.py", "crm_res/http/delivery_batcher.py"),
                                   ("tests/channel/", "tests/security/test_unsigned_own_token.py",
                                    "tests/security/test_webhook_hardening.py",
                                    "tests/dialogue/test_opt_out_is_recorded.py", "tests/dialogue/test_inbound_outcomes.py",
                                    "tests/outreach/test_campaign_batches.py", *SLOW)),
}  # fmt: skip

# A "timeout" is not a kill: mutmut cuts a mutant's tests at (their call time + timeout_constant) x
# timeout_multiplier of WALL time (and sends SIGXCPU, exit -24), so on a loaded box an equivalent
# mutant whose tests merely ran slowly is cut too. Timeouts are reported apart, each to be judged.
KILLED = {"killed", "caught by type check"}


def _copy_tree(dest: Path) -> None:
    files = subprocess.run(
        ["git", "ls-files", "-co", "--exclude-standard"], cwd=ROOT, check=True, capture_output=True, text=True
    ).stdout.splitlines()
    for rel in files:
        src = ROOT / rel
        if rel.startswith((".web/", "mutants/", ".mutation/")) or not src.is_file():
            continue
        target = dest / rel
        if target.exists() and target.read_bytes() == src.read_bytes():
            continue  # unchanged: mutmut keeps its earlier verdicts
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(src, target)


# mutmut leaves every decorated function unmutated (its trampoline cannot sit under another
# decorator), which left the role-checked Settings writes (`@allowed_roles`) with no mutant at all.
# In the scratch copy their decorator becomes an assignment after the function, the same wrapper.
DECORATORS_MOVED = ("allowed_roles",)


def _undecorate(path: Path) -> None:
    """Rewrite `@allowed_roles(...)` on a module's functions as `f = allowed_roles(...)(f)` after them."""
    module = cst.parse_module(path.read_text())
    body: list[cst.SimpleStatementLine | cst.BaseCompoundStatement] = []
    for node in module.body:
        calls = [d.decorator for d in node.decorators] if isinstance(node, cst.FunctionDef) else []
        if (
            not isinstance(node, cst.FunctionDef)
            or not calls
            or not all(
                isinstance(c, cst.Call) and isinstance(c.func, cst.Name) and c.func.value in DECORATORS_MOVED
                for c in calls
            )
        ):
            body.append(node)
            continue
        wrapped: cst.BaseExpression = node.name
        for call in reversed(calls):  # the decorator nearest the function applies first
            wrapped = cst.Call(func=call, args=[cst.Arg(wrapped)])
        body.append(node.with_changes(decorators=()))
        body.append(cst.SimpleStatementLine([cst.Assign([cst.AssignTarget(node.name)], wrapped)]))
    path.write_text(module.with_changes(body=body).code)


def _config(group: Group) -> str:
    """The repository's pyproject with [tool.mutmut] narrowed to the group."""
    text = (ROOT / "pyproject.toml").read_text()
    base = tomllib.loads(text)["tool"]["mutmut"]
    base.update(only_mutate=list(group.modules), pytest_add_cli_args_test_selection=list(group.tests))
    text = re.sub(r"(?ms)^\[tool\.mutmut\]\n.*?(?=^\[|\Z)", "", text)
    lines = ["[tool.mutmut]"] + [f"{key} = {json.dumps(value)}" for key, value in base.items()]
    return text.rstrip() + "\n\n" + "\n".join(lines) + "\n"


def run_group(
    name: str, group: Group, max_children: int, show: bool, report_only: bool, folder: str | None = None
) -> dict[str, dict]:
    where = WORK / (folder or name)
    if not report_only:
        where.mkdir(parents=True, exist_ok=True)
        _copy_tree(where)
        for module in group.modules:
            _undecorate(where / module)
        (where / "pyproject.toml").write_text(_config(group))
        # mutmut keeps a survivor's verdict when only the tests changed: start from scratch every time.
        shutil.rmtree(where / "mutants", ignore_errors=True)
        print(f"== {name}: mutmut on {', '.join(group.modules)} with {' '.join(group.tests)}", flush=True)
        # One test database for the whole run, named here. mutmut runs pytest in its own process (the
        # stats and clean runs), then again in each forked child, and every run imports tests/conftest.py
        # afresh: with the default per-pid name the child pointed DATABASE_URL at a new, empty database
        # while the engine it inherited still used the parent's. Code run in the test process saw the
        # migrated tables, a process a test starts (it reads DATABASE_URL) did not: "relation outbox does
        # not exist", so every mutant whose tests start one (the SIGKILLed sender of
        # test_webhook_to_send.py) was "killed", a metric label's rename included (docs/MUTATION.md).
        # With one name the child's conftest recreates and migrates that database, and both agree.
        run = subprocess.run(
            [MUTMUT, "run", "--max-children", str(max_children), *group.only],
            cwd=where,
            # a name given in the environment wins (a helper's own database beside others' runs)
            env={
                **os.environ,
                "CRM_RES_TEST_DB": os.environ.get("CRM_RES_TEST_DB")
                or f"crm_res_mutation_{name}_{os.getpid()}",
            },
            capture_output=True,
            text=True,
        )
        (where / "mutmut-run.log").write_text(run.stdout + run.stderr)
        if run.returncode != 0:
            print(run.stdout[-2000:], run.stderr[-3000:])
            raise SystemExit(f"mutmut failed for {name} (log: {where / 'mutmut-run.log'})")
    listing = subprocess.run(
        [MUTMUT, "results", "--all", "true"], cwd=where, capture_output=True, text=True, check=True
    ).stdout
    per_module: dict[str, dict[str, dict]] = defaultdict(dict)  # module -> mutant -> verdict
    # the globs as mutmut matches them (fnmatch: `*`, `?` and `[...]`, so a range of mutant numbers works)
    only = [re.compile(fnmatch.translate(g)) for g in group.only]
    for line in listing.splitlines():
        mutant, _, status = line.strip().rpartition(": ")
        if not mutant or (only and not any(p.fullmatch(mutant) for p in only)):
            continue
        module = mutant.split(".x")[0].split(".xǁ")[0]
        diff = ""
        if show and status not in KILLED and status != "not checked":
            diff = subprocess.run([MUTMUT, "show", mutant], cwd=where, capture_output=True, text=True).stdout
        per_module[module][mutant] = {"status": status, "diff": diff}
    return per_module


def _merge(old: dict | None, name: str, verdicts: dict[str, dict]) -> dict:
    """A module's entry with this run's verdicts over the earlier ones (batches of functions add up;
    a mutant this run did not reach keeps an earlier verdict)."""
    merged = dict((old or {}).get("verdicts", {}))
    for mutant, verdict in verdicts.items():
        if verdict["status"] != "not checked" or mutant not in merged:
            merged[mutant] = verdict
    counts = Counter(v["status"] for v in merged.values())
    total = sum(n for status, n in counts.items() if status != "not checked")  # a cut-short run
    killed = sum(n for status, n in counts.items() if status in KILLED)
    return {
        "group": name,
        "total": total,
        "killed": killed,
        "score": round(100 * killed / total, 1) if total else None,
        "counts": dict(counts),
        "not_killed": [{"mutant": m, **v} for m, v in sorted(merged.items()) if v["status"] not in KILLED],
        "verdicts": merged,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("groups", nargs="*", choices=[[], *GROUPS], help="default: every group")
    parser.add_argument(
        "--max-children",
        type=int,
        default=1,
        help="parallel mutants: keep 1, mutmut's forked children share the test DB and Redis db the "
        "parent's conftest chose at import",
    )
    parser.add_argument("--show", action="store_true", help="print the diff of every mutant not killed")
    parser.add_argument(
        "--only",
        action="append",
        default=[],
        metavar="GLOB",
        help="mutant name globs replacing the groups' own `only` (a batch of functions)",
    )
    parser.add_argument(
        "--tests",
        nargs="+",
        default=None,
        metavar="PATH",
        help="test paths replacing the groups' own (a quicker first run for a batch of functions)",
    )
    parser.add_argument(
        "--deselect",
        action="append",
        default=[],
        metavar="NODEID",
        help="a test to leave out of --tests (repeatable), e.g. a slow one in a file that is needed",
    )
    parser.add_argument(
        "--report-only", action="store_true", help="collect the last run's verdicts, run nothing"
    )
    parser.add_argument(
        "--folder",
        default=None,
        metavar="NAME",
        help="the scratch folder under .mutation/ (default: the group's name): two runs of one group "
        "at once, each with its own CRM_RES_TEST_REDIS_DB",
    )
    args = parser.parse_args()
    saved = WORK / "report.json"
    report: dict[str, dict] = {}
    for name in args.groups or list(GROUPS):
        group = GROUPS[name]
        if args.only or args.tests:
            tests = tuple(args.tests) + READS_SOURCE if args.tests else group.tests
            tests += tuple(arg for nodeid in args.deselect for arg in ("--deselect", nodeid))
            group = Group(group.modules, tests, only=tuple(args.only) or group.only)
        measured = run_group(name, group, args.max_children, args.show, args.report_only, args.folder)
        # read again just before writing: another run (--folder) may have added its verdicts meanwhile
        report = json.loads(saved.read_text()) if saved.exists() else {}
        for module, verdicts in measured.items():
            report[module] = _merge(report.get(module), name, verdicts)
        WORK.mkdir(exist_ok=True)
        saved.write_text(json.dumps(report, indent=2, ensure_ascii=False))  # kept after each group
    print(f"\n{'module':55} {'killed':>7} {'tested':>6} {'score':>6} {'timeout':>7} {'not run':>7}")
    for module, r in sorted(report.items()):
        counts = r["counts"]
        print(
            f"{module:55} {r['killed']:7} {r['total']:6} {r['score']!s:>5}% {counts.get('timeout', 0):7}"
            f" {counts.get('not checked', 0):7}"
        )
    for r in report.values():
        for m in r["not_killed"]:
            if m["status"] == "not checked":
                continue
            print(f"  {m['status']:12} {m['mutant']}")
            if m["diff"]:
                print("    " + m["diff"].strip().replace("\n", "\n    "))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
