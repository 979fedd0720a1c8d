"""A fixed sample of mutants in the risky paths, for CI: each is a small deliberate bug (the ones an
outside audit planted, and their neighbours) that the named tests must catch.

The tree is copied to a scratch folder; each mutant is applied there alone, its tests run (fail-fast),
and the file restored. Exit 1 if any mutant survives. `make mutate` runs mutmut over whole modules;
this sample keeps the known-important bugs killed within a couple of minutes.

    python tools/mutation_sample.py            # all
    python tools/mutation_sample.py -k window  # those whose name contains "window"
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Mutant:
    name: str
    path: str
    old: str
    new: str
    tests: tuple[str, ...]


SAMPLE = (
    Mutant("order total ignores the quantity", "crm_res/assistant/totals.py",
           "return Decimal(str(unit_price)) * int(quantity)", "return Decimal(str(unit_price))",
           ("tests/dialogue/test_stages.py::test_quantities_above_one_are_in_the_stored_total_the_event_and_the_staff_alert",)),
    Mutant("stored order total computed apart", "crm_res/services/dialogue/states.py",
           "return order_total(self.lines)", "return sum((line.unit_price for line in self.lines), Decimal(0))",
           ("tests/dialogue/test_stages.py::test_quantities_above_one_are_in_the_stored_total_the_event_and_the_staff_alert",)),
    Mutant("prayer re-check at send time off", "crm_res/services/outbox/sending.py",
           "if (held := recheck_hold(session=session, row=row, now=now)) is not None:",
           "if (held := None) is not None:", ("tests/channel/test_prayer_hold_at_send_time.py",)),
    Mutant("prayer re-check uses the due time, not the sending time", "crm_res/services/timing/holding.py",
           "when = max(now, row.not_before)", "when = row.not_before",
           ("tests/channel/test_prayer_hold_at_send_time.py",)),
    Mutant("deactivated user's session stays valid", "crm_res/services/accounts/users.py",
           "if user is None or not user.is_active:\n        return None", "if user is None:\n        return None",
           ("tests/accounts/test_session_tokens.py",)),
    Mutant("deleted restaurant's session stays valid", "crm_res/services/accounts/users.py",
           "if restaurant is None or restaurant.deleted_at is not None:", "if restaurant is None:",
           ("tests/accounts/test_session_tokens.py",)),
    Mutant("sessions never expire", "crm_res/services/accounts/sessions.py",
           "    if left <= 0:\n        redis().delete(key)", "    if False:\n        redis().delete(key)",
           ("tests/accounts/test_session_tokens.py",)),
    Mutant("a send never gives up", "crm_res/services/outbox/sending.py",
           "if row.attempts >= MAX_ATTEMPTS:", "if False:",
           ("tests/channel/test_send_give_up_and_retry_job.py",)),
    Mutant("the send job does not re-queue its retry", "crm_res/jobs/send.py",
           'elif outcome.status in ("retry", "reconcile") and outcome.retry_in is not None:', "elif False:",
           ("tests/channel/test_send_give_up_and_retry_job.py",)),
    Mutant("the retry is scheduled at a fixed 30 s", "crm_res/jobs/send.py",
           "timedelta(seconds=max(outcome.retry_in, 0.05))", "timedelta(seconds=30)",
           ("tests/channel/test_send_give_up_and_retry_job.py",)),
    Mutant("readiness reports a dead database healthy", "crm_res/services/ops/health.py",
           '# noqa: BLE001 - any failure means "not ready"\n        return {"ok": False',
           '# noqa: BLE001 - any failure means "not ready"\n        return {"ok": True',
           ("tests/ops/test_readiness_with_a_dead_dependency.py",)),
    Mutant("readiness reports a dead Redis healthy", "crm_res/services/ops/health.py",
           '# noqa: BLE001\n        return {"ok": False', '# noqa: BLE001\n        return {"ok": True',
           ("tests/ops/test_readiness_with_a_dead_dependency.py",)),
    Mutant("the fast claim ignores the 24-hour window", "crm_res/services/outbox/sending.py",
           "  AND (o.kind <> ALL(%(free)s) OR c.last_inbound_at > %(window_start)s)\n", "",
           ("tests/channel/test_replies_outside_the_window.py",)),
    Mutant("the full claim ignores the 24-hour window", "crm_res/services/outbox/sending.py",
           "in_window = customer.last_inbound_at is not None and now - customer.last_inbound_at < WINDOW",
           "in_window = True", ("tests/channel/test_replies_outside_the_window.py",)),
    Mutant("_own (every Settings write's row lookup) skips the restaurant check",
           "crm_res/services/admin/restaurant_settings.py",
           "if row is None or row.restaurant_id != viewer.restaurant_id:", "if row is None:",
           ("tests/admin/test_settings_cross_restaurant.py",)),
    Mutant("set_item_available skips the restaurant check", "crm_res/services/admin/restaurant_settings.py",
           "item = _own(session, viewer, MenuItem, item_id, \"menu item\")\n    before",
           "item = session.get(MenuItem, parse_id(item_id, \"menu item\"))\n    before",
           ("tests/admin/test_settings_cross_restaurant.py",)),
    Mutant("delete_template skips the restaurant check", "crm_res/services/admin/restaurant_settings.py",
           "t = _own(session, viewer, MessageTemplate, template_id, \"template\", code=\"template_not_found\")",
           "t = session.get(MessageTemplate, parse_id(template_id, \"template\"))",
           ("tests/admin/test_settings_cross_restaurant.py",)),
    Mutant("delete_canned skips the restaurant check", "crm_res/services/admin/restaurant_settings.py",
           "c = _own(session, viewer, CannedResponse, canned_id, \"quick reply\")",
           "c = session.get(CannedResponse, parse_id(canned_id, \"quick reply\"))",
           ("tests/admin/test_settings_cross_restaurant.py",)),
    Mutant("a hold is described in English to an Arabic viewer", "crm_res/services/timing/holding.py",
           'if language.startswith("ar"):', 'if language.startswith("AR"):',
           ("tests/channel/test_hold_descriptions_warmup_and_pruning.py",)),
    Mutant("pruning forgets the release counters it must keep", "crm_res/services/timing/holding.py",
           "cutoff = (now or datetime.now(UTC)) - keep", "cutoff = (now or datetime.now(UTC)) + keep",
           ("tests/channel/test_hold_descriptions_warmup_and_pruning.py",)),
    Mutant("the warm-up computes tomorrow only", "crm_res/services/timing/holding.py",
           "for offset in (0, 1):", "for offset in (1, 1):",
           ("tests/channel/test_hold_descriptions_warmup_and_pruning.py",)),
    Mutant("the send-time re-check holds a restaurant with holding off", "crm_res/services/timing/holding.py",
           "if restaurant is None or not restaurant.prayer_time_enabled:\n        return None\n    when = max(",
           "if restaurant is None and not restaurant.prayer_time_enabled:\n        return None\n    when = max(",
           ("tests/channel/test_hold_descriptions_warmup_and_pruning.py",)),
    Mutant("the send-time re-check ignores the customer's own branch", "crm_res/services/timing/holding.py",
           "customer = session.get(Customer, row.customer_id) if row.customer_id else None", "customer = None",
           ("tests/channel/test_hold_descriptions_warmup_and_pruning.py",)),
    Mutant("a failed send is counted without its Meta code", "crm_res/services/outbox/sending.py",
           'metrics.SENDS.labels("failed", str(code or "")).inc()', 'metrics.SENDS.labels("failed", "").inc()',
           ("tests/channel/test_refused_send_is_recorded_and_counted.py",)),
    Mutant("the ingest race is not settled", "crm_res/services/channel/ingest.py",
           "    if racing:\n        settle_racing(pg, racing, conversation_of)", "    pass",
           ("tests/channel/test_concurrent_batches_one_new_customer.py",)),
    Mutant("stored order items' totals subtracted", "crm_res/assistant/totals.py",
           'total += line_total(line["price"], line["quantity"])', 'total -= line_total(line["price"], line["quantity"])',
           ("tests/assistant/test_order_parser.py::test_order_total_of_stored_items",)),
    Mutant("the login delay grows linearly, not doubling", "crm_res/services/accounts/login_guard.py",
           "min(2.0 ** (failures - FREE_FAILURES), MAX_DELAY)", "min(2.0 * (failures - FREE_FAILURES), MAX_DELAY)",
           ("tests/security/test_login_and_sessions.py::test_the_delay_is_free_then_doubles_from_one_second_up_to_the_cap",)),
    Mutant("a session is good at its absolute limit itself", "crm_res/services/accounts/sessions.py",
           "if left <= 0:", "if left < 0:",
           ("tests/security/test_session_store_lifetimes.py::test_a_session_lives_to_its_last_second_and_not_past_it",)),
    Mutant("the fast claim posts with the global token, not the restaurant's own", "crm_res/services/outbox/sending.py",
           "Claimed(payload, purpose, phone_number_id, token, settings or {}, bool(is_test))",
           "Claimed(payload, purpose, phone_number_id, None, settings or {}, bool(is_test))",
           ("tests/outbox/test_fast_claim_and_release.py::test_the_fast_claim_hands_the_post_the_restaurants_own_token_and_settings",)),
    Mutant("the fast claim takes rows due two seconds later", "crm_res/services/outbox/sending.py",
           '"due": now + timedelta(seconds=1),', '"due": now + timedelta(seconds=2),',
           ("tests/outbox/test_fast_claim_and_release.py::test_the_fast_claim_takes_a_reply_due_within_the_second_and_leaves_one_due_later",)),
    Mutant("a deferred reply loses an attempt it never made", "crm_res/services/outbox/sending.py",
           "row.attempts = max(row.attempts - 1, 0)", "row.attempts = max(row.attempts - 2, 0)",
           ("tests/outbox/test_fast_claim_and_release.py::test_a_retried_reply_keeps_its_reason_and_the_deferred_one_behind_it_its_attempts",)),
    Mutant("a deactivated user logs in with the right password", "crm_res/services/accounts/users.py",
           "col(User.is_active), col(Restaurant.deleted_at).is_(None)", "col(Restaurant.deleted_at).is_(None)",
           ("tests/accounts/test_authenticate_rules.py::test_a_deactivated_user_and_a_user_of_a_deleted_restaurant_cannot_log_in_with_the_right_password",)),
    Mutant("the post ignores the restaurant's own send rate", "crm_res/services/outbox/sending.py",
           "per_second = options_of(claimed.restaurant_settings).rate_per_second or settings.whatsapp_rate_per_second",
           "per_second = settings.whatsapp_rate_per_second",
           ("tests/outbox/test_post_claimed.py::test_the_post_asks_the_cap_at_the_restaurants_own_rate_and_in_the_bulk_window_for_business_sends",)),
    Mutant("a reply's template parameters are posted to Meta", "crm_res/services/outbox/sending.py",
           '    payload.pop("template_params", None)\n', "",
           ("tests/outbox/test_post_claimed.py::test_a_reply_carrying_template_params_is_posted_without_them_and_with_its_callback_data",)),
    Mutant("a batch's row another worker holds is overtaken by the rest of its sequence", "crm_res/services/outbox/sending.py",
           'if result.status == "sent" or (result.status == "skipped" and result.reason != LOCKED):',
           'if result.status == "sent" or (result.status == "skipped" and result.reason == LOCKED):',
           ("tests/outbox/test_send_many_sequences.py::test_a_row_another_worker_holds_is_not_overtaken_by_the_rest_of_its_sequence",)),
    Mutant("the reply behind an unknown outcome is retried before that row's reconcile", "crm_res/services/outbox/sending.py",
           "                        delay += 1.0\n", "",
           ("tests/outbox/test_send_many_sequences.py::test_the_reply_behind_a_post_with_an_unknown_outcome_waits_a_second_past_its_reconcile",)),
    Mutant("a yes to the schedule after opening leaves a pending order for a past time", "crm_res/services/dialogue/order_questions.py",
           "when = draft.scheduled_for if scheduled else None", "when = draft.scheduled_for",
           ("tests/dialogue/test_stages.py::test_a_yes_to_the_schedule_after_the_branch_opened_places_a_confirmed_order_now",)),
    Mutant("an inbound media message's mime type is not stored", "crm_res/services/channel/ingest.py",
           '"mm": m.mime_type,', '"mm": None,',
           ("tests/channel/test_webhook_to_send.py::test_every_message_type_is_stored_intact",)),
)  # fmt: skip


def _copy_tree(dest: Path) -> None:
    files = subprocess.run(
        ["git", "ls-files", "-co", "--exclude-standard"], cwd=ROOT, check=True, capture_output=True, text=True
    ).stdout.splitlines()
    for rel in files:
        if rel.startswith((".web/", "mutants/")) or not (ROOT / rel).is_file():
            continue
        (dest / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / rel, dest / rel)


def _run_tests(where: Path, tests: tuple[str, ...]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-x", "-p", "no:randomly", *tests],
        cwd=where,
        capture_output=True,
        text=True,
        env=dict(os.environ),
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-k", default="", help="only the mutants whose name contains this")
    args = parser.parse_args()
    sample = [m for m in SAMPLE if args.k in m.name]
    survived: list[str] = []
    with tempfile.TemporaryDirectory(prefix="crm-res-mutation-") as scratch:
        where = Path(scratch)
        _copy_tree(where)
        # The unmutated tests must pass first, or a "killed" means nothing.
        baseline = _run_tests(where, tuple(sorted({t for m in sample for t in m.tests})))
        if baseline.returncode != 0:
            print(baseline.stdout[-3000:], baseline.stderr[-2000:])
            print("mutation sample: the tests fail without any mutant")
            return 1
        for m in sample:
            target = where / m.path
            original = target.read_text()
            if original.count(m.old) != 1:
                print(f"STALE     {m.name}: {m.path} no longer has exactly one {m.old!r}")
                survived.append(m.name)
                continue
            target.write_text(original.replace(m.old, m.new))
            started = time.perf_counter()
            try:
                result = _run_tests(where, m.tests)
            finally:
                target.write_text(original)
            verdict = (
                "killed" if result.returncode == 1 else "SURVIVED" if result.returncode == 0 else "ERROR"
            )
            print(f"{verdict:9} {m.name} ({time.perf_counter() - started:.1f} s)")
            if verdict != "killed":
                survived.append(m.name)
                if verdict == "ERROR":
                    print(result.stdout[-2000:], result.stderr[-2000:])
    killed = len(sample) - len(survived)
    print(f"mutation sample: {killed}/{len(sample)} killed")
    return 1 if survived else 0


if __name__ == "__main__":
    raise SystemExit(main())
