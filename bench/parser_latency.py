"""Latency of the order parser alone over the labelled order sets (issue #13).

Run from the repository root:  python bench/parser_latency.py [--rounds N]

Times `parse_order` on every order text of the demo-menu sets and the other menus (dev and
held-out; timing only, nothing about a held-out record is printed), each against its own menu.
Steady state: word and menu caches warm, the per-message `normalize` cache emptied before every
round (as in bench/assistant_eval.py). Prints mean / p50 / p99 in µs; the box is shared, so
compare figures from the same run (`--compare DIR` times another checkout in the same process
order: DIR's parser, then this one, alternating rounds).
"""

from __future__ import annotations

import argparse
import importlib
import json
import statistics
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
MENUS = (
    "coffee",
    "mandi",
    "pizzeria",
    "shawarma",
    "bakery",
    "juice",
    "seafood",
    "burger",
    "mashawi",
    "biryani",
    "sushi",
    "yemeni",
    "steakhouse",
    "healthy",
    "turkish",
    "icecream",
    "asian",
    "kunafa",
)
# Sets whose records each name their menu (rounds 9 and 10: orders on older menus).
MIXED = ("orders9", "orders10")


def _jsonl(path: Path) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def _demo_rows() -> list[dict[str, Any]]:
    """The demo menu's rows (plain data; read once, shared by both checkouts)."""
    sys.path.insert(0, str(ROOT))
    try:
        from crm_res.services.ops.demo_menu import DEMO_MENU
    finally:
        sys.path.remove(str(ROOT))
    return [dict(row) for row in DEMO_MENU]


DEMO_ROWS = _demo_rows()


def workload(parser: Any) -> list[tuple[str, Any]]:
    """(order text, menu entries) pairs for every labelled order."""
    data = ROOT / "tests" / "data"
    demo = parser.menu_entries(DEMO_ROWS)
    pairs = [
        (r["text"], demo)
        for name in ("eval_orders", "eval_dev_orders", "eval_blind_orders")
        for r in _jsonl(data / f"{name}.jsonl")
    ]
    for name in MENUS:
        rows = json.loads((data / "menus" / f"{name}.json").read_text(encoding="utf-8"))["items"]
        menu = parser.menu_entries(rows)
        for split in ("dev", "heldout"):
            pairs += [(r["text"], menu) for r in _jsonl(data / "menus" / f"{name}_orders_{split}.jsonl")]
    menus: dict[str, Any] = {}
    for stem in MIXED:
        for split in ("dev", "heldout"):
            for r in _jsonl(data / "menus" / f"{stem}_{split}.jsonl"):
                if r["menu"] not in menus:
                    rows = json.loads((data / "menus" / f"{r['menu']}.json").read_text(encoding="utf-8"))[
                        "items"
                    ]
                    menus[r["menu"]] = parser.menu_entries(rows)
                pairs.append((r["text"], menus[r["menu"]]))
    return pairs


def one_round(parser: Any, normalize: Any, pairs: list[tuple[str, Any]]) -> tuple[list[float], list[float]]:
    """(wall µs, thread CPU µs) per parse; CPU time leaves out time spent descheduled, which
    on a shared box is most of the noise."""
    normalize.cache_clear()
    wall, cpu = [], []
    for text, menu in pairs:
        start, start_cpu = time.perf_counter_ns(), time.thread_time_ns()
        parser.parse_order(text, menu)
        cpu.append((time.thread_time_ns() - start_cpu) / 1000)
        wall.append((time.perf_counter_ns() - start) / 1000)
    return wall, cpu


def _pct(samples: list[float], q: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def report(label: str, samples: list[float]) -> None:
    print(
        f"  {label:<10} mean {statistics.fmean(samples):7.1f} µs   p50 {_pct(samples, 0.5):7.1f} µs   "
        f"p99 {_pct(samples, 0.99):7.1f} µs   ({len(samples)} parses)"
    )


class Pipeline:
    """The full rule-based path of bench/assistant_eval.py (language → intent → sentiment →
    rating → order) on the demo sets' messages and orders, as a `parse_order` stand-in."""

    def __init__(self, parser: Any) -> None:
        self.parser = parser
        modules = ("intent", "language", "sentiment", "ratings")
        self.intent, self.language, self.sentiment, self.ratings = (
            importlib.import_module(f"crm_res.assistant.{m}") for m in modules
        )

    def menu_entries(self, rows: Any) -> Any:
        return self.parser.menu_entries(rows)

    def parse_order(self, text: str, menu: Any) -> None:
        self.language.detect_language(text)
        result = self.intent.classify_intent(text)
        self.sentiment.analyze_sentiment(text)
        self.ratings.parse_rating(text)
        if result.intent == "order":
            self.parser.parse_order(text, menu)


def pipeline_workload(parser: Any) -> list[tuple[str, Any]]:
    """The texts bench/assistant_eval.py times: the tuning set's messages and orders."""
    data = ROOT / "tests" / "data"
    demo = parser.menu_entries(DEMO_ROWS)
    return [
        (r["text"], demo) for name in ("eval_messages", "eval_orders") for r in _jsonl(data / f"{name}.jsonl")
    ]


def _load(root: Path) -> tuple[Any, Any]:
    """The parser and normalize modules of the checkout at `root` (fresh imports)."""
    for name in [
        m for m in sys.modules if m in ("crm_res", "crm_res.assistant") or m.startswith("crm_res.assistant.")
    ]:
        del sys.modules[name]
    sys.path.insert(0, str(root))
    try:
        parser = importlib.import_module("crm_res.assistant.order_parser")
        normalize = importlib.import_module("crm_res.assistant.normalize").normalize
    finally:
        sys.path.remove(str(root))
    assert Path(parser.__file__).is_relative_to(root), parser.__file__
    return parser, normalize


class _Clear:
    """Empties several per-message caches at the start of a round."""

    def __init__(self, *clears: Any) -> None:
        self.clears = clears

    def cache_clear(self) -> None:
        for clear in self.clears:
            clear()


def main() -> None:
    args = argparse.ArgumentParser()
    args.add_argument("--rounds", type=int, default=20)
    args.add_argument("--compare", type=Path, help="another checkout to time in the same run")
    args.add_argument("--pipeline", action="store_true", help="time the full rule-based pipeline instead")
    opts = args.parse_args()
    subjects = [("before", opts.compare)] if opts.compare else []
    subjects.append(("this" if not opts.compare else "after", ROOT))
    loaded = []
    for label, root in subjects:
        parser, normalize = _load(root)
        if opts.pipeline:
            parser = Pipeline(parser)
            per_message = [parser.sentiment._analyse, parser.intent.is_opt_out, parser.intent.is_opt_in]
            per_message.append(getattr(parser.intent, "_view", None))  # the opt-out view, where it exists
            clears = [f.cache_clear for f in per_message if hasattr(f, "cache_clear")]
            normalize = _Clear(normalize.cache_clear, *clears)  # per-message caches
        pairs = pipeline_workload(parser) if opts.pipeline else workload(parser)
        one_round(parser, normalize, pairs)  # warm the word and menu caches
        loaded.append((label, parser, normalize, pairs))
    wall: dict[str, list[float]] = {label: [] for label, *_ in loaded}
    cpu: dict[str, list[float]] = {label: [] for label, *_ in loaded}
    for _ in range(opts.rounds):  # alternate, so both see the same load on a shared box
        for label, parser, normalize, pairs in loaded:
            w, c = one_round(parser, normalize, pairs)
            wall[label] += w
            cpu[label] += c
    what = "full pipeline" if opts.pipeline else "parse_order"
    print(f"{what} latency, steady state, {opts.rounds} rounds over {len(loaded[-1][3])} texts")
    print(" thread CPU time")
    for label, values in cpu.items():
        report(label, values)
    print(" wall time")
    for label, values in wall.items():
        report(label, values)


if __name__ == "__main__":
    main()
