"""The benchmarks keep working: `engine.py`, `engine_profile.py`, `dask_scaling.py` run `--quick`.

No timing is asserted (the machine is shared); what is asserted is that every figure the
benchmark promises is printed — the engine's and the reference's throughput and their ratio,
the agreement of the two on the same episodes, the multi-worker run's time and memory, one
verdict per target — and that the two implementations agree on the episodes it compares.
The agreement itself is tested at size in ``tests/reference``.
"""

from __future__ import annotations

import re

from helpers import run_benchmark


def test_benchmark_script_runs_quick() -> None:
    done = run_benchmark("engine.py", "--quick")
    assert done.returncode == 0, done.stderr
    out = done.stdout
    for expected in (
        "load average",
        "engine median:",
        "reference median:",
        "ratio engine / reference:",
        "target 1",
        "target 2",
        "target 3a",
        "target 3b",
        "P(war)",
        "mean tests",
        "chi-square p",
        "peak memory",
        "brink.run:",
    ):
        assert expected in out, f"missing {expected!r} in:\n{out}"
    share = re.search(r"identical rows ([\d.]+)%", out)
    assert share is not None and float(share.group(1)) >= 95.0, out
    assert "-> agree" in out, out


def test_profile_script_runs_quick() -> None:
    """The profile prints every phase, and its probes leave the episodes as they play."""
    done = run_benchmark("engine_profile.py", "--quick")
    assert done.returncode == 0, done.stdout + done.stderr
    for phase in ("a whole turn", "decide", "act", "observe", "context", "utilities", "choice"):
        assert re.search(rf"{phase}:\s+-?[\d,]+ ns per episode-turn", done.stdout), done.stdout


def test_dask_scaling_benchmark_runs_quick() -> None:
    """``benchmarks/dask_scaling.py --quick`` runs a sweep on 1 and 2 Dask workers."""
    done = run_benchmark("dask_scaling.py", "--quick", timeout=600)
    assert done.returncode == 0, done.stderr
    for expected in ("1 worker: 20,000 episodes", "2 workers: 20,000 episodes", "speed-up"):
        assert expected in done.stdout, f"missing {expected!r} in:\n{done.stdout}"
