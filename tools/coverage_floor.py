"""Line coverage per package, held to a floor that only goes up.

Reads coverage.json (written by `pytest --cov=crm_res --cov-report=json:coverage.json`, as
`make test` does), prints the covered share of each package (a folder of crm_res, its
sub-folders apart: crm_res/services/channel is one, crm_res/services another for its own files), and
fails when a package falls below its figure in tools/coverage_floor.json by more than 1 point
(the slack absorbs a run's timing-dependent branches). `--raise` writes the figures that went up
into the floor file (never down), for committing with the tests that raised them.
"""

from __future__ import annotations

import argparse
import json
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FLOOR = ROOT / "tools" / "coverage_floor.json"
SLACK = 1.0


def per_package(report: dict) -> dict[str, tuple[int, int]]:
    """package → (covered statements, statements)."""
    totals: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for path, data in report["files"].items():
        package = str(Path(path).parent).replace("\\", "/")
        summary = data["summary"]
        totals[package][0] += summary["covered_lines"]
        totals[package][1] += summary["num_statements"]
    return {p: (c, n) for p, (c, n) in totals.items()}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("report", nargs="?", default=str(ROOT / "coverage.json"))
    parser.add_argument(
        "--raise", dest="raise_floor", action="store_true", help="raise the floors to today's"
    )
    args = parser.parse_args()
    figures = {
        p: round(100 * c / n, 1) if n else 100.0
        for p, (c, n) in per_package(json.loads(Path(args.report).read_text())).items()
    }
    floor: dict[str, float] = json.loads(FLOOR.read_text()) if FLOOR.exists() else {}
    below = []
    print(f"{'package':32} {'covered':>8} {'floor':>6}")
    for package, figure in sorted(figures.items()):
        mark = ""
        if package in floor and figure < floor[package] - SLACK:
            below.append(package)
            mark = "  BELOW THE FLOOR"
        print(f"{package:32} {figure:7.1f}% {floor.get(package, '-')!s:>6}{mark}")
    totals = per_package(json.loads(Path(args.report).read_text())).values()
    covered, statements = sum(c for c, _ in totals), sum(n for _, n in totals)
    print(f"{'all of crm_res':32} {100 * covered / statements:7.1f}%")
    for package in sorted(set(floor) - set(figures)):
        print(f"{package:32} (gone: drop it from {FLOOR.name})")
    if args.raise_floor:
        raised = {p: max(f, floor.get(p, 0.0)) for p, f in figures.items()}
        FLOOR.write_text(json.dumps(dict(sorted(raised.items())), indent=2) + "\n")
        print(f"floors written to {FLOOR.relative_to(ROOT)}")
        return 0
    if below:
        print(f"coverage fell below the floor in: {', '.join(below)}")
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
