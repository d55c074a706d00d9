"""Benchmark: the same sweep on a local Dask cluster of 1 and of 2 workers.

Target (issue "Scale out"): a sweep of at least 2 million episodes runs at least 1.7 times as
fast on 2 workers as on 1, and per-task overhead stays under 5% of the run. Prints its figures.

    python benchmarks/dask_scaling.py            # 2,000,000 episodes each way
    python benchmarks/dask_scaling.py --quick    # a smoke run
"""

from __future__ import annotations

import argparse
import os
import shutil
import tempfile
import time

from brink.executors.dask import DaskExecutor
from brink.experiments.execute import execute
from brink.experiments.runs import create_run


def sweep(workers: int, samples: int, replications: int, root: str) -> dict[str, float]:
    """Run the sweep on a fresh local cluster and return wall time and task accounting."""
    run = create_run(
        "korea-2017",
        ["maximum-pressure", "freeze-for-freeze"],
        samples=samples,
        replications=replications,
        seed=1,
        out=root,
        name=f"scale-{workers}",
    )
    with DaskExecutor(workers=workers) as dask:
        began = time.perf_counter()
        run = execute(run, executor=dask)
        wall = time.perf_counter() - began
    session = run.manifest["timings"]["sessions"][-1]
    busy = session["simulate_seconds"] + session["store_seconds"]
    return {
        "episodes": session["episodes"],
        "tasks": session["tasks"],
        "wall": wall,
        "busy": busy,
        "overhead": 1.0 - busy / (workers * wall),
        "per_worker": session["per_worker"],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="a small smoke run")
    args = parser.parse_args()
    samples, replications = (40, 250) if args.quick else (1000, 1000)
    root = tempfile.mkdtemp(prefix="brink-dask-bench-")
    try:
        print(f"load average before: {os.getloadavg()}; cores: {os.cpu_count()}")
        one = sweep(1, samples, replications, root)
        two = sweep(2, samples, replications, root)
    finally:
        shutil.rmtree(root, ignore_errors=True)
    for label, r in (("1 worker", one), ("2 workers", two)):
        print(
            f"{label}: {r['episodes']:,} episodes in {r['tasks']} tasks, wall {r['wall']:.1f} s "
            f"({r['episodes'] / r['wall']:,.0f} episodes/s); busy {r['busy']:.1f} s; "
            f"overhead {100 * r['overhead']:.1f}% of workers × wall"
        )
        for worker, v in r["per_worker"].items():
            print(f"    {worker}: {v['episodes']:,} episodes, {v['episodes_per_second']:,.0f}/s")
    speedup = one["wall"] / two["wall"]
    print(
        f"speed-up 2 vs 1 worker: {speedup:.2f}x (target >= 1.7x: "
        f"{'met' if speedup >= 1.7 else 'MISSED'})"
    )
    worst = max(one["overhead"], two["overhead"])
    print(
        f"per-task overhead: {100 * worst:.1f}% at most (target < 5%: "
        f"{'met' if worst < 0.05 else 'MISSED'})"
    )
    print(f"load average after: {os.getloadavg()}")


if __name__ == "__main__":
    main()
