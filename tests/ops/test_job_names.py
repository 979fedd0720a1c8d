"""The jobs named by string (crm_res/job_names.py: the webhook process queues by name, the
failed-work page reads RQ's stored names) name real functions; a renamed or moved job fails here,
and no other module spells a job's name."""

from __future__ import annotations

import importlib
import re
from pathlib import Path

import pytest

from crm_res import job_names

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("name", job_names.ALL)
def test_a_job_named_by_string_is_the_function_of_that_name(name: str) -> None:
    module, _, attr = name.rpartition(".")
    fn = getattr(importlib.import_module(module), attr)
    assert callable(fn) and f"{fn.__module__}.{fn.__qualname__}" == name


def test_no_other_module_spells_a_job_name() -> None:
    spelt = re.compile(r"[\"']crm_res\.jobs\.\w+\.\w+[\"']")
    found = [
        str(path.relative_to(ROOT))
        for path in sorted((ROOT / "crm_res").rglob("*.py"))
        if path.name != "job_names.py" and spelt.search(path.read_text(encoding="utf-8"))
    ]
    assert found == []
