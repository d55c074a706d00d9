"""Options shared by the fault tests: one small compare, and whether mounts can be made."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

POLICIES = ("maximum-pressure", "engagement")
SAMPLES, REPLICATIONS, SEED, PER_TASK = 60, 50, 4, 500  # 2 policies × 6 tasks of 500 episodes


def compare_args(root: Path, name: str, *extra: str) -> list[str]:
    """`brink compare` arguments of the fault runs (10 draws per task, 12 tasks)."""
    args = ["compare", "korea-2017"]
    for policy in POLICIES:
        args += ["-p", policy]
    args += [
        "--samples", str(SAMPLES), "--replications", str(REPLICATIONS), "--seed", str(SEED),
        "--episodes-per-task", str(PER_TASK), "--out", str(root), "--name", name, "--json",
    ]  # fmt: skip
    return args + list(extra)


def can_unshare_mounts() -> str | None:
    """None if this machine lets the tests make private mounts (root, unshare); else why not."""
    if shutil.which("unshare") is None:
        return "the unshare tool is not installed"
    probe = subprocess.run(
        ["unshare", "-m", "--propagation", "private", "sh", "-c", "mount -t tmpfs none /mnt"],
        capture_output=True,
        text=True,
    )
    if probe.returncode != 0:
        return f"private mounts are not allowed here ({probe.stderr.strip() or probe.returncode})"
    return None
