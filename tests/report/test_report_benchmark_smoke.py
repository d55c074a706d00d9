"""`benchmarks/report.py --quick` runs end to end and reports every figure it promises.

No timing is asserted (the machine is shared); the full benchmark is run by hand.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_report_benchmark_runs_quick() -> None:
    done = subprocess.run(
        [
            sys.executable,
            str(ROOT / "benchmarks" / "report.py"),
            "--quick",
            "--repeats",
            "1",
            "--json",
        ],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=ROOT,
    )
    assert done.returncode == 0, done.stderr
    figures = json.loads(done.stdout)
    assert figures["episodes"] == 2 * 20 * 50
    for key in ("store_seconds", "query_seconds_median", "report_seconds_median"):
        assert figures[key] >= 0
    stages = figures["report_stages_median_build"]
    assert {"summary", "queries", "drivers", "narratives", "charts", "render"} <= set(stages)
    assert figures["report_bytes"] > 1_000_000
