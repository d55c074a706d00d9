"""Is a run still being computed? The driver's identity in the manifest, and a liveness check.

A manifest says ``running`` from the moment its driver starts until it finishes; a driver
killed with SIGKILL (or a machine that lost power) cannot say otherwise. So the driver records
who it is — host, process id and the process's start time (a pid alone can be reused) — and
readers check that this process is still there before believing ``running``.
"""

from __future__ import annotations

import os
import socket
from pathlib import Path
from typing import Any

RUNNING = "running"
INTERRUPTED = "interrupted"


def _proc_stat(pid: int) -> tuple[str, int] | None:
    """(state letter, start time in clock ticks) from /proc, or None where there is none."""
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    fields = text[text.rindex(")") + 2 :].split()
    return fields[0], int(fields[19])


def driver_record(pid: int | None = None) -> dict[str, Any]:
    """Who is computing the run: this process (or ``pid``) on this host."""
    pid = os.getpid() if pid is None else pid
    stat = _proc_stat(pid)
    return {"host": socket.gethostname(), "pid": pid, "started": stat[1] if stat else None}


def driver_alive(record: dict[str, Any] | None) -> bool | None:
    """True if the recorded driver is alive, False if it is gone, None if this host cannot
    tell (the run is being computed on another machine)."""
    if not isinstance(record, dict) or not isinstance(record.get("pid"), int):
        return False
    if record.get("host") != socket.gethostname():
        return None
    pid = record["pid"]
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        pass  # alive, owned by someone else
    stat = _proc_stat(pid)
    if stat is None:
        return True  # no /proc here: the pid exists, which is all that can be known
    state, started = stat
    if state in ("Z", "X"):  # dead, not yet reaped by its parent
        return False
    return record.get("started") in (None, started)


def effective_status(manifest: dict[str, Any]) -> str:
    """The manifest's status, except that a ``running`` run whose driver is gone is
    ``interrupted`` (and one driven from another host says so)."""
    status = str(manifest.get("status", "unknown"))
    if status != RUNNING:
        return status
    driver = manifest.get("driver")
    alive = driver_alive(driver)
    if alive is None:
        return f"{RUNNING} on {driver.get('host')}"  # type: ignore[union-attr]
    return RUNNING if alive else INTERRUPTED


def is_driven_elsewhere(manifest: dict[str, Any]) -> bool:
    """Another live process on this host is computing this run right now.

    A driver on another host cannot be checked from here; it is not taken to be alive (else a
    run whose remote driver died could never be resumed or removed).
    """
    if manifest.get("status") != RUNNING:
        return False
    driver = manifest.get("driver")
    mine = driver_record()
    if isinstance(driver, dict) and (driver.get("host"), driver.get("pid")) == (
        mine["host"],
        mine["pid"],
    ):
        return False
    return driver_alive(driver) is True
