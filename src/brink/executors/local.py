"""Executors: where chunks of episodes run. One small protocol, several engines.

Every executor returns results in task order, so what a run prints never depends on how many
workers computed it or which finished first. Workers return columnar batches (dicts of numpy
arrays), never lists of objects.
"""

from __future__ import annotations

import contextlib
import os
import signal
import threading
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from typing import Any, Protocol


class Executor(Protocol):
    """Run ``fn`` over tasks; yield results in task order."""

    workers: int

    def map(self, fn: Callable[[Any], Any], tasks: Iterable[Any]) -> Iterator[Any]: ...


class InProcessExecutor:
    """Everything in the calling process: for debugging, notebooks and tiny runs."""

    workers = 1

    def map(self, fn: Callable[[Any], Any], tasks: Iterable[Any]) -> Iterator[Any]:
        for task in tasks:
            yield fn(task)


class ProcessPoolExecutorAdapter:
    """A pool of local processes (the default), whose workers die with the driver."""

    def __init__(self, workers: int) -> None:
        self.workers = workers

    def map(self, fn: Callable[[Any], Any], tasks: Iterable[Any]) -> Iterator[Any]:
        from brink.executors import lifeline

        pool = ProcessPoolExecutor(
            max_workers=self.workers, initializer=lifeline.start, initargs=(os.getpid(),)
        )
        try:
            with _sigint_held():  # the workers are forked here
                results = pool.map(fn, tasks)
            yield from results
        except BaseException:
            # Ctrl-C, an error or a consumer that stopped: drop the queued tasks, let the
            # running ones finish writing their parts, and never wait for the rest.
            pool.shutdown(wait=True, cancel_futures=True)
            raise
        pool.shutdown(wait=True)


@contextlib.contextmanager
def _sigint_held() -> Iterator[None]:
    """Hold Ctrl-C back while worker processes are forked, and deliver it afterwards.

    A KeyboardInterrupt raised while Python runs its fork handlers is printed as "Exception
    ignored" and lost, and the run then goes on as if Ctrl-C had never been pressed.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    pressed: list[int] = []
    previous = signal.signal(signal.SIGINT, lambda number, _frame: pressed.append(number))
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)
    if pressed:
        raise KeyboardInterrupt


def available_cores() -> int:
    """Cores this process may run on (its CPU affinity where the OS tells it)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def cap_workers(workers: int | None, kind: str = "process") -> tuple[int | None, str | None]:
    """More local workers than cores only adds memory and switching: cap them, and say so.

    Returns (workers to use, a note for the user or None). A remote Dask cluster is not
    capped (its size is not this machine's).
    """
    if workers is None or workers <= 0 or kind == "dask":
        return workers, None
    cores = available_cores()
    if workers <= cores:
        return workers, None
    return cores, (f"--workers {workers}: capped at {cores}, the cores available on this machine")


EXECUTORS = ("process", "inprocess", "dask", "dask-local")


def check_executor(kind: str, address: str | None, workers: int | None = None) -> None:
    """Reject a bad executor choice before any work (or any run folder) is started."""
    from brink.errors import BrinkParameterError

    if workers is not None and workers < 0:
        raise BrinkParameterError(
            "workers", f"expected 0 (one per core) or a positive number (got {workers})"
        )
    if kind not in EXECUTORS:
        raise BrinkParameterError(
            "executor", f"expected one of {', '.join(EXECUTORS)} (got {kind!r})"
        )
    if kind == "dask" and not address:
        raise BrinkParameterError(
            "address", "the dask executor needs its scheduler's address, e.g. tcp://HOST:8786"
        )
    if kind in ("dask", "dask-local"):
        from brink.executors.dask import _import_distributed

        _import_distributed()


def make_executor(
    workers: int | None, kind: str = "process", address: str | None = None
) -> Executor:
    """Build an executor by name.

    ``process`` (default): a local process pool, ``workers`` processes (0/None = one per
    core; 1 = in this process). ``inprocess``: this process. ``dask``: an existing Dask
    scheduler at ``address``. ``dask-local``: a local Dask cluster of ``workers`` processes.
    """
    check_executor(kind, address, workers)
    if kind in ("dask", "dask-local"):
        from brink.executors.dask import DaskExecutor

        workers, _ = cap_workers(workers, kind)
        return DaskExecutor(address=address if kind == "dask" else None, workers=workers)
    workers, _ = cap_workers(workers, kind)
    count = workers if workers and workers > 0 else available_cores()
    if kind == "inprocess" or count == 1:
        return InProcessExecutor()
    return ProcessPoolExecutorAdapter(count)
