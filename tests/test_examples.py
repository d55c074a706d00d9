"""The examples in examples/ run as they are, against the installed package."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_python_api_example_runs(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, str(ROOT / "examples" / "python_api.py"), str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert "api-demo: " in done.stdout and "report: " in done.stdout
    assert (tmp_path / "api-demo.html").stat().st_size > 10_000
    stored = tmp_path / "runs" / "api-demo" / "results"
    assert (stored / "morris").is_dir() and (stored / "discover-war").is_dir()
