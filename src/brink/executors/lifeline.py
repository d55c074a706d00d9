"""Worker processes die with their driver: no orphaned pool after `kill -9` of a run.

A process pool's workers are children of the driver. When the driver exits normally it shuts
the pool down; when it is killed (SIGKILL, the OOM killer) nobody does, and the workers would
linger for ever, reparented to init, each holding a scenario and its arrays. Two guards, set up
in every worker when it starts:

* on Linux, the parent-death signal (``prctl(PR_SET_PDEATHSIG, SIGKILL)``): the kernel kills
  the worker the moment its parent dies;
* everywhere, a watchdog thread that checks twice a second that the parent is still the
  driver (a worker whose parent died is reparented, so its parent pid changes) and exits.

Workers also ignore SIGINT: Ctrl-C goes to the whole terminal process group, and it is the
driver that decides what it means (keep what is saved, stop the pool, say how to resume).
"""

from __future__ import annotations

import os
import signal
import sys
import threading
import time

PR_SET_PDEATHSIG = 1
#: Seconds between the watchdog's looks at the parent pid.
WATCH_INTERVAL = 0.5


def _set_parent_death_signal() -> bool:
    """Ask Linux to SIGKILL this process when its parent dies; False where unsupported."""
    if not sys.platform.startswith("linux"):
        return False
    import ctypes

    try:
        libc = ctypes.CDLL(None, use_errno=True)
        return libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) == 0
    except (OSError, AttributeError):
        return False


def _watch(parent: int) -> None:
    while True:
        time.sleep(WATCH_INTERVAL)
        if os.getppid() != parent:
            os._exit(1)  # the driver is gone: nobody will read what this worker computes


def start(parent: int) -> None:
    """Worker initializer: tie this worker's life to the driver with pid ``parent``."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _set_parent_death_signal()
    if os.getppid() != parent:  # the driver died before the guard was set
        os._exit(1)
    threading.Thread(target=_watch, args=(parent,), name="brink-lifeline", daemon=True).start()
