"""What the assistant's tests share."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

import pytest

ASSISTANT_EVAL = Path(__file__).resolve().parents[2] / "bench" / "assistant_eval.py"


@pytest.fixture(scope="module")
def bench() -> ModuleType:
    """The evaluation helpers of bench/assistant_eval.py (one scoring rule for the bench and the
    tests)."""
    spec = importlib.util.spec_from_file_location("assistant_eval", ASSISTANT_EVAL)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module
