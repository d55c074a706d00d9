"""Executors: where chunks of episodes run. One small protocol, several engines.

Every executor returns results in task order, so what a run prints never depends on how many
workers computed it or which finished first. Workers return columnar batches (dicts of numpy
arrays), never lists of objects.
"""

from __future__ import annotations

import os
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
    """A pool of local processes (the default)."""

    def __init__(self, workers: int) -> None:
        self.workers = workers

    def map(self, fn: Callable[[Any], Any], tasks: Iterable[Any]) -> Iterator[Any]:
        with ProcessPoolExecutor(max_workers=self.workers) as pool:
            yield from pool.map(fn, tasks)


def make_executor(workers: int | None) -> Executor:
    """``workers`` = 1 runs in process; 0 or None means one per core."""
    count = workers if workers and workers > 0 else (os.cpu_count() or 1)
    if count == 1:
        return InProcessExecutor()
    return ProcessPoolExecutorAdapter(count)
