"""Benchmark: the HTML report of a million-episode run, against the issue's targets.

Run ``python benchmarks/report.py`` (``--quick`` for a smoke run with small sizes, ``--run
NAME --out DIR`` to reuse a stored run instead of making one). It prints:

1. The run: 2 policies × 500 draws × 1,000 replications = 1,000,000 episodes of korea-2017
   (``compare(..., workers=2)``), its wall time, and the storing overhead recorded in the
   manifest (``timings.sessions[].store_seconds``: seconds the workers spent writing Parquet
   parts, summed over tasks and workers). Target: storing under 5 s.
2. A grouped DuckDB query over the stored episodes (outcome × cause counts and mean casualties
   per policy), median of 5 after a warm-up. Target: under 1 s.
3. ``build_report`` on the run, median of 3 timed builds (each a fresh DuckDB connection and a
   full render; the first build also pays for importing plotly), with the time per stage of
   the median build. Target: under 30 s.

The machine's load average is printed: other processes compete for the cores.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

POLICIES = ["maximum-pressure", "freeze-for-freeze"]
TARGET_REPORT_S = 30.0
TARGET_QUERY_S = 1.0
TARGET_STORE_S = 5.0
QUERY = (
    "SELECT policy, outcome, war_cause, count(*) AS episodes, avg(casualties) AS deaths "
    "FROM episodes GROUP BY ALL ORDER BY ALL"
)


def _load() -> str:
    one, five, _ = os.getloadavg()
    return f"load average {one:.2f} (1 min), {five:.2f} (5 min) on {os.cpu_count()} cores"


def _verdict(value: float, target: float) -> str:
    return "OK" if value < target else "MISSED"


def make_run(root: Path, samples: int, replications: int, workers: int) -> tuple[str, float]:
    from brink.experiments.runs import compare

    began = time.perf_counter()
    run = compare(
        "korea-2017",
        POLICIES,
        samples=samples,
        replications=replications,
        seed=2017,
        out=str(root),
        name=f"bench-{samples}x{replications}",
        workers=workers,
    )
    return run.name, time.perf_counter() - began


def time_query(run_name: str, root: Path, repeats: int = 5) -> list[float]:
    from brink.store.query import connect
    from brink.store.runs import open_run

    con = connect(open_run(run_name, str(root)))
    con.execute(QUERY).fetchall()  # warm-up: file metadata into the cache
    times = []
    for _ in range(repeats):
        began = time.perf_counter()
        con.execute(QUERY).fetchall()
        times.append(time.perf_counter() - began)
    con.close()
    return times


def time_report(run_name: str, root: Path, target: Path, repeats: int) -> list[dict[str, float]]:
    from brink.report.build import build_report

    builds = []
    for _ in range(repeats):
        stages: dict[str, float] = {}
        build_report(run_name, target, str(root), timings=stages)
        builds.append(stages)
    return builds


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small sizes for a smoke run")
    parser.add_argument("--run", help="reuse this stored run instead of making one")
    parser.add_argument("--out", help="runs folder (default: a temporary folder)")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--repeats", type=int, default=3, help="timed report builds")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args(argv)

    samples, replications = (20, 50) if args.quick else (500, 1000)
    with tempfile.TemporaryDirectory(prefix="brink-bench-report-") as scratch:
        root = Path(args.out) if args.out else Path(scratch) / "runs"
        print(_load(), file=sys.stderr)
        if args.run:
            run_name, run_seconds = args.run, float("nan")
        else:
            print(
                f"making a run of {len(POLICIES)} × {samples} × {replications} episodes ...",
                file=sys.stderr,
            )
            run_name, run_seconds = make_run(root, samples, replications, args.workers)

        from brink.store.runs import open_run

        run = open_run(run_name, str(root))
        sessions = run.manifest.get("timings", {}).get("sessions", [])
        episodes = sum(s["episodes"] for s in sessions)
        store_seconds = sum(s["store_seconds"] for s in sessions)
        simulate_seconds = sum(s["simulate_seconds"] for s in sessions)

        query_times = time_query(run_name, root)
        builds = time_report(run_name, root, Path(scratch) / "report.html", args.repeats)
        totals = [b["total"] for b in builds]
        median_build = sorted(builds, key=lambda b: b["total"])[len(builds) // 2]
        size = (Path(scratch) / "report.html").stat().st_size
        result: dict[str, Any] = {
            "run": run_name,
            "episodes": episodes,
            "run_wall_seconds": round(run_seconds, 2),
            "simulate_seconds_summed": round(simulate_seconds, 2),
            "store_seconds": round(store_seconds, 3),
            "query_seconds_median": round(statistics.median(query_times), 4),
            "report_seconds_median": round(statistics.median(totals), 3),
            "report_seconds_all": [round(t, 3) for t in totals],
            "report_stages_median_build": {k: round(v, 3) for k, v in median_build.items()},
            "report_bytes": size,
        }
        print(_load(), file=sys.stderr)
    if args.json:
        print(json.dumps(result, indent=2))
        return 0
    print(
        f"run {run_name}: {episodes:,} episodes, wall {run_seconds:.1f} s "
        f"(simulating {simulate_seconds:.1f} s summed over workers)"
    )
    print(
        f"  storing overhead (manifest store_seconds): {store_seconds:.2f} s "
        f"(target < {TARGET_STORE_S:.0f} s: {_verdict(store_seconds, TARGET_STORE_S)})"
    )
    q = statistics.median(query_times)
    print(
        f"  grouped DuckDB query over the episodes: median {q:.3f} s of {len(query_times)} "
        f"(target < {TARGET_QUERY_S:.0f} s: {_verdict(q, TARGET_QUERY_S)})"
    )
    r = statistics.median(totals)
    print(
        f"  build_report: median {r:.2f} s of {len(totals)} "
        f"({', '.join(f'{t:.2f}' for t in totals)} s; "
        f"target < {TARGET_REPORT_S:.0f} s: {_verdict(r, TARGET_REPORT_S)})"
    )
    stages = ", ".join(f"{k} {v:.2f}" for k, v in median_build.items() if k != "total")
    print(f"    stages of the median build (s): {stages}")
    print(f"    report size: {size / 1e6:.1f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
