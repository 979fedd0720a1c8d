"""Rules the test suite keeps about itself: speed is measured in bench/, never asserted in a test."""

from __future__ import annotations

import re
from pathlib import Path

TESTS = Path(__file__).resolve().parent.parent
# A stopwatch read in a test means a timed assertion (or one about to be written); a fake clock that
# defines perf_counter, and deadlines that bound a wait (time.monotonic() + timeout), are fine.
STOPWATCH = re.compile(r"(?<!def )perf_counter\(|process_time\(|\belapsed\b|\btook\s*[<>]")


def test_no_test_times_itself():
    """No test module reads a stopwatch: speed belongs in bench/ scripts that print p50/p99."""
    offenders = [
        f"{path.relative_to(TESTS.parent)}:{n}: {line.strip()}"
        for path in sorted(TESTS.rglob("*.py"))
        if path.name != Path(__file__).name
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if STOPWATCH.search(line)
    ]
    assert offenders == [], "timed code in tests:\n" + "\n".join(offenders)
