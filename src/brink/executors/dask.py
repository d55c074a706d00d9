"""Run tasks on a Dask `distributed` cluster: a laptop's local cluster, SLURM or Kubernetes.

Workers simulate and write their parts themselves (to a folder every worker can reach); only
a few numbers per task travel back. Dask reschedules the tasks of a worker that dies; since a
task's rows depend only on its seed and draws and parts are renamed into place whole, a task
run twice writes the same part twice — never a duplicate row, never a lost one.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import Any

from brink.errors import BrinkInputError

INSTALL_HINT = "Dask is an optional extra: pip install 'brink[dask]'"


def _import_distributed() -> Any:
    try:
        import distributed
    except ImportError:
        raise BrinkInputError(
            f"--executor dask: the 'distributed' package is missing. {INSTALL_HINT}"
        ) from None
    return distributed


class DaskExecutor:
    """Tasks on a Dask cluster: an existing scheduler (``address``) or a local one."""

    def __init__(
        self,
        address: str | None = None,
        workers: int | None = None,
        retries: int = 3,
        connect_timeout: float = 30.0,
    ) -> None:
        distributed = _import_distributed()
        self.retries = retries
        self._cluster = None
        try:
            if address:
                self.client = distributed.Client(address, timeout=connect_timeout)
            else:
                import logging

                self._cluster = distributed.LocalCluster(
                    n_workers=workers or None,
                    threads_per_worker=1,
                    processes=True,
                    dashboard_address=None,
                    # Shutdown chatter (heartbeats to a closing scheduler) is not for users.
                    silence_logs=logging.CRITICAL,
                )
                self.client = distributed.Client(self._cluster)
        except (OSError, TimeoutError) as error:
            raise BrinkInputError(
                f"--address: cannot reach a Dask scheduler at {address!r} ({error})"
            ) from None
        self.workers = len(self.client.scheduler_info().get("workers", {})) or (workers or 1)

    def map(self, fn: Callable[[Any], Any], tasks: Iterable[Any]) -> Iterator[Any]:
        """Submit every task, then yield results in task order as they arrive."""
        futures = self.client.map(fn, list(tasks), pure=False, retries=self.retries)
        try:
            for future in futures:
                yield future.result()
        finally:
            for future in futures:
                future.release()

    def worker_pids(self) -> dict[str, int]:
        """Process ids of the workers (for tests that kill one)."""
        import os

        return self.client.run(os.getpid)

    def close(self) -> None:
        self.client.close()
        if self._cluster is not None:
            self._cluster.close()

    def __enter__(self) -> DaskExecutor:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
