"""The ingestion tier freezes the heap its import built: a full collection would otherwise walk
~200,000 long-lived objects and hold the process's event loop for 0.1-0.2 s, every request in
flight with it (docs/CAPACITY.md, "Run I")."""

from __future__ import annotations

import os
import subprocess
import sys

from crm_res.settings import ROOT


def test_importing_the_ingestion_app_leaves_its_heap_frozen():
    code = "import gc, webhook; print(gc.get_freeze_count(), len(gc.get_objects()))"
    out = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    frozen, tracked = (int(x) for x in out.stdout.split()[-2:])
    assert frozen > 50_000  # the modules, models and schemas the import built
    assert tracked < frozen / 10  # what a collection still walks: only what came after
