"""Benchmark: the Model v2 engine against the throughput targets of issues 8 and 11.

Run ``python benchmarks/engine.py`` (``--quick``: tiny sizes for a smoke run, no verdicts).
korea-2017 under its default matchup — the US plays maximum-pressure, North Korea its
calculating/defiant mixture, China, South Korea and Japan their doctrines — with all five
actors deciding through the strategic decider. It prints:

1. The engine on one core: ``run_batch`` on a 20,000-episode batch in this process, median of
   5 timed runs after a warm-up (numba compilation is excluded: it happens in the warm-up or
   comes from the on-disk cache). Episode-turns are the turns the episodes actually played
   (``turns`` summed). Target: at least 1,000,000 episode-turns per second.
2. The object-per-actor reference (``brink.reference``, plain Python, the same model) on a
   few hundred of the same episodes, median of 3 runs; the ratio engine / reference (target:
   at least 100), and whether the two agree: the share of those episodes identical row for row
   (both use the same random numbers), the chi-square p of the outcome tables and the largest
   |z| of outcome probabilities and means — the ratio means nothing unless both compute the
   same model.
3. One million episodes through ``brink.run(..., workers=2)`` in a fresh process, so earlier
   phases do not inflate its memory. Target: under 60 s and under 2 GiB. Memory is the resident
   set of the whole process tree (parent and pool workers, summed, sampled from /proc every
   0.1 s: an over-estimate, since pages the forked workers share with the parent count in
   each), and the parent's and largest worker's peaks from ``getrusage``.

Each phase prints the machine's load average: other processes competing for the cores lower
every throughput figure here. Verdicts are PASS or FAIL against the issues' targets, as
measured, whatever they are.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

SCENARIO = "korea-2017"
POLICY = "maximum-pressure"  # the US's default: the default matchup
SEED = 0

TARGET_RATE = 1_000_000  # episode-turns per second, one core (issue 8)
TARGET_RATIO = 100  # engine / object-per-actor reference (issue 8)
TARGET_SECONDS = 60.0  # one million episodes, two workers
TARGET_BYTES = 2 * 1024**3
MILLION_WORKERS = 2
#: The reference agrees when nearly every episode is identical and the outcome tables pass.
AGREE_IDENTICAL, AGREE_P = 0.95, 0.01


@dataclass(frozen=True)
class Sizes:
    """How big each phase is; ``--quick`` shrinks everything for a smoke run."""

    batch: int  # episodes per engine batch
    runs: int  # timed engine runs (median)
    reference_episodes: int  # episodes per reference run (the first ones of the batch)
    reference_runs: int  # timed reference runs (median)
    million: int  # episodes of the multi-worker run


FULL = Sizes(batch=20_000, runs=5, reference_episodes=300, reference_runs=3, million=1_000_000)
QUICK = Sizes(batch=1_000, runs=2, reference_episodes=20, reference_runs=1, million=4_000)


def load_average() -> str:
    one, five, fifteen = os.getloadavg()
    return f"load average {one:.2f} / {five:.2f} / {fifteen:.2f}, {os.cpu_count()} cores"


def verdict(ok: bool, judged: bool = True) -> str:
    if not judged:
        return "not judged with --quick"
    return "PASS" if ok else "FAIL"


@dataclass
class Timing:
    """Episode-turns per second over repeated runs, and the last run's episode table."""

    rates: list[float]
    seconds: list[float]
    cpu_share: list[float]  # process CPU time / wall time: ~1.0 is one busy core
    episode_turns: int
    columns: dict[str, np.ndarray]

    @property
    def median(self) -> float:
        return statistics.median(self.rates)


def matchup():  # type: ignore[no-untyped-def]
    from brink.engine.batch import resolve_matchup
    from brink.scenario.loader import load_scenario

    scenario = load_scenario(SCENARIO)
    return scenario, resolve_matchup(scenario, POLICY)


def timed(run, runs: int) -> Timing:  # type: ignore[no-untyped-def]
    """Time ``run()`` (which returns episode columns) ``runs`` times."""
    rates, seconds, shares = [], [], []
    columns: dict[str, np.ndarray] = {}
    for _ in range(runs):
        wall, cpu = time.perf_counter(), time.process_time()
        columns = run()
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        rates.append(int(columns["turns"].sum()) / wall)
        seconds.append(wall)
        shares.append(cpu / wall)
    return Timing(rates, seconds, shares, int(columns["turns"].sum()), columns)


def time_engine(batch: int, runs: int) -> Timing:
    """``run_batch`` in this process on one batch, after a warm-up that compiles."""
    from brink.engine.batch import run_batch

    scenario, teams = matchup()
    draws = np.arange(batch, dtype=np.int64)
    replications = np.zeros_like(draws)
    run_batch(scenario, teams, SEED, draws[:200], replications[:200])  # warm-up
    return timed(lambda: run_batch(scenario, teams, SEED, draws, replications).columns, runs)


def time_reference(episodes: int, runs: int) -> Timing:
    """``brink.reference.run_episodes`` on the batch's first episodes."""
    from brink.reference import run_episodes

    scenario, teams = matchup()
    draws = np.arange(episodes, dtype=np.int64)
    replications = np.zeros_like(draws)
    return timed(lambda: run_episodes(scenario, teams, SEED, draws, replications), runs)


# --- One million episodes on two workers ----------------------------------------------------


def tree_rss(root: int) -> int:
    """Resident bytes of ``root`` and all its descendants, from /proc (summed)."""
    parents: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as handle:
                stat = handle.read()
        except OSError:
            continue
        fields = stat[stat.rfind(b")") + 2 :].split()
        parents[int(entry)] = int(fields[1])
    tree, frontier = {root}, [root]
    while frontier:
        pid = frontier.pop()
        for child, parent in parents.items():
            if parent == pid and child not in tree:
                tree.add(child)
                frontier.append(child)
    page = os.sysconf("SC_PAGE_SIZE")
    total = 0
    for pid in tree:
        try:
            with open(f"/proc/{pid}/statm") as handle:
                total += int(handle.read().split()[1]) * page
        except OSError:
            continue
    return total


def million_child(episodes: int, workers: int) -> None:
    """Entry point of the fresh process: time ``brink.run`` and print its rusage as JSON."""
    import brink

    began = time.perf_counter()
    result = brink.run(SCENARIO, [POLICY], episodes=episodes, seed=SEED, workers=workers)
    wall = time.perf_counter() - began
    columns = result.columns[POLICY]
    report = {
        "episodes": len(columns["outcome"]),
        "episode_turns": int(columns["turns"].sum()),
        "workers": result.workers,
        "run_seconds": wall,
        "self_maxrss_bytes": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024,
        "children_maxrss_bytes": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024,
    }
    print(json.dumps(report))


def time_million(episodes: int, workers: int = MILLION_WORKERS) -> dict:
    """Run ``million_child`` in a fresh interpreter while sampling its process tree's RSS."""
    command = [
        sys.executable,
        str(Path(__file__).resolve()),
        "--million-child",
        str(episodes),
        "--workers",
        str(workers),
    ]
    began = time.perf_counter()
    child = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
    peak = 0
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.is_set():
            peak = max(peak, tree_rss(child.pid))
            done.wait(0.1)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    out, _ = child.communicate()
    done.set()
    sampler.join()
    if child.returncode != 0:
        raise RuntimeError(f"the million-episode run failed with exit code {child.returncode}")
    report = json.loads(out.strip().splitlines()[-1])
    report["process_seconds"] = time.perf_counter() - began
    report["sampled_peak_bytes"] = peak
    return report


# --- The report -----------------------------------------------------------------------------


def mib(n: float) -> str:
    return f"{n / 1024**2:,.0f} MiB"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="tiny sizes for a smoke run")
    parser.add_argument("--skip-million", action="store_true", help="skip phase 3")
    parser.add_argument("--million-child", type=int, default=0, help=argparse.SUPPRESS)
    parser.add_argument("--workers", type=int, default=MILLION_WORKERS, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.million_child:
        million_child(args.million_child, args.workers)
        return 0
    from brink.reference.agreement import compare

    sizes = QUICK if args.quick else FULL
    judged = not args.quick
    print("Brink engine benchmark" + (" (--quick: tiny sizes, no verdicts)" if args.quick else ""))
    _, teams = matchup()
    seats = ", ".join(f"{actor} {teams.label(actor)}" for actor in teams.mixtures)
    print(f"  {SCENARIO}, every actor deciding: {seats}")
    print(f"  Python {platform.python_version()}, numpy {np.__version__}, {platform.machine()}")

    print(f"\n1. Engine, one core ({load_average()})")
    engine = time_engine(sizes.batch, sizes.runs)
    print(
        f"  run_batch on {sizes.batch:,} episodes ({engine.episode_turns:,} episode-turns), "
        f"{sizes.runs} runs after a warm-up: "
        + ", ".join(f"{s:.2f} s" for s in engine.seconds)
        + f"; CPU/wall {statistics.median(engine.cpu_share):.2f}"
    )
    print(f"  engine median: {engine.median:,.0f} episode-turns/s")
    print(
        f"  target 1 (>= {TARGET_RATE:,} episode-turns/s on one core): "
        f"{verdict(engine.median >= TARGET_RATE, judged)} ({engine.median / TARGET_RATE:.1%} of it)"
    )

    print(f"\n2. Object-per-actor reference (brink.reference), one core ({load_average()})")
    reference = time_reference(sizes.reference_episodes, sizes.reference_runs)
    print(
        f"  run_episodes on the first {sizes.reference_episodes:,} episodes "
        f"({reference.episode_turns:,} episode-turns), {sizes.reference_runs} runs: "
        + ", ".join(f"{s:.2f} s" for s in reference.seconds)
    )
    print(f"  reference median: {reference.median:,.0f} episode-turns/s")
    ratio = engine.median / reference.median
    print(f"  ratio engine / reference: {ratio:,.1f}x")
    print(
        f"  target 2 (>= {TARGET_RATIO}x the reference): {verdict(ratio >= TARGET_RATIO, judged)}"
    )
    head = {name: values[: sizes.reference_episodes] for name, values in engine.columns.items()}
    agreement = compare(head, reference.columns)
    print("  Same model? The same episodes in both (same inputs and random numbers):")
    print(agreement.table())
    agree = agreement.identical >= AGREE_IDENTICAL and agreement.chi_square_p > AGREE_P
    print(
        f"  agreement: identical rows {agreement.identical:.1%} (outcome, turns, tests, cause); "
        f"chi-square p = {agreement.chi_square_p:.3f}; max |z| outcomes "
        f"{agreement.max_outcome_z:.2f}, means {agreement.max_mean_z:.2f} -> "
        f"{'agree' if agree else 'DISAGREE'}"
    )

    if not args.skip_million:
        print(
            f"\n3. {sizes.million:,} episodes, brink.run(workers={MILLION_WORKERS}) in a fresh "
            f"process ({load_average()})"
        )
        million = time_million(sizes.million)
        bound = million["self_maxrss_bytes"] + million["workers"] * million["children_maxrss_bytes"]
        peak = max(million["sampled_peak_bytes"], bound)
        print(
            f"  brink.run: {million['run_seconds']:.1f} s for {million['episodes']:,} episodes "
            f"({million['episode_turns']:,} episode-turns, "
            f"{million['episode_turns'] / million['run_seconds']:,.0f}/s); the whole process "
            f"incl. start-up {million['process_seconds']:.1f} s"
        )
        print(
            f"  peak memory: process tree {mib(million['sampled_peak_bytes'])} (sampled, "
            f"parent + workers summed); getrusage: parent {mib(million['self_maxrss_bytes'])}, "
            f"largest worker {mib(million['children_maxrss_bytes'])}"
        )
        print(
            f"  target 3a (1M episodes in < {TARGET_SECONDS:.0f} s): "
            f"{verdict(million['run_seconds'] < TARGET_SECONDS, judged)}"
        )
        print(
            f"  target 3b (peak memory < {mib(TARGET_BYTES)}): "
            f"{verdict(peak < TARGET_BYTES, judged)} ({mib(peak)}: the larger of the sampled "
            f"tree and parent + {million['workers']} x largest worker)"
        )
    print(f"\nDone ({load_average()}).")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
