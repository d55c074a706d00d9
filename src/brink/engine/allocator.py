"""Keep freed array memory in the process instead of handing it back to the kernel each turn.

The engine allocates and frees multi-megabyte temporaries every turn. glibc serves blocks that
large with mmap and returns them on free, so every turn pays page faults to get them back
(measured: ~1/3 of run time was system time). Raising glibc's mmap and trim thresholds keeps
those blocks in the heap and speeds the engine up about 1.5× (benchmarks/engine.py). It only
changes where freed memory waits, never a result. Set BRINK_KEEP_FREED_MEMORY=0 to opt out.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import sys

_M_TRIM_THRESHOLD = -1
_M_MMAP_THRESHOLD = -3
MMAP_THRESHOLD = 32 << 20  # blocks under 32 MiB come from the heap
TRIM_THRESHOLD = 256 << 20  # up to 256 MiB of freed heap is kept before trimming

_applied = False


def keep_freed_memory() -> bool:
    """Apply the thresholds once per process on glibc Linux; return whether they apply."""
    global _applied
    if _applied:
        return True
    if os.environ.get("BRINK_KEEP_FREED_MEMORY", "1") == "0" or not sys.platform.startswith(
        "linux"
    ):
        return False
    name = ctypes.util.find_library("c")
    if not name:
        return False
    try:
        libc = ctypes.CDLL(name)
        mallopt = libc.mallopt
    except (OSError, AttributeError):  # not glibc (e.g. musl): leave the allocator alone
        return False
    mallopt.argtypes = [ctypes.c_int, ctypes.c_int]
    ok = mallopt(_M_MMAP_THRESHOLD, MMAP_THRESHOLD) == 1
    ok = mallopt(_M_TRIM_THRESHOLD, TRIM_THRESHOLD) == 1 and ok
    _applied = ok
    return ok
