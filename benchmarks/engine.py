"""Benchmark: the vectorised escalation engine against the issue's three targets.

Run ``python benchmarks/engine.py`` (``--quick`` for a smoke run with small sizes). It prints:

1. Single-core throughput of korea-2017 (default matchup maximum-pressure vs kim-calculating):
   ``run_batch`` on a 50,000-episode batch in this process, median of 5 timed runs after a
   warm-up; episode-turns are the turns the episodes actually played (``turns`` summed).
   Target: at least 1,000,000 episode-turns per second.
2. The same for ``reference_engine.py`` (one object per episode and actor, plain Python, same
   model) on a few thousand episodes, the ratio vectorised / reference (target: at least 50),
   and a table checking that both give the same outcome frequencies and means within sampling
   error — the ratio means nothing unless the two compute the same model.
3. One million episodes through ``brink.simulation.run(..., workers=2)`` in a fresh process
   (so earlier phases do not inflate its peak memory). Target: under a minute, peak memory
   under 2 GiB. Memory is measured twice: by sampling the resident set of the whole process tree
   (parent + pool workers, summed, from /proc every 0.1 s: an over-estimate, since pages the
   forked workers share with the parent are counted in each) and by ``getrusage`` (the parent's
   own peak, and the largest worker's peak, ``RUSAGE_CHILDREN``).

The machine's load average is printed before each phase: other processes compete for the two
cores, which lowers every throughput figure here.
"""

from __future__ import annotations

import argparse
import json
import math
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

try:
    from benchmarks.reference_engine import run_reference
except ModuleNotFoundError:  # run as a script: benchmarks/ itself is on sys.path
    from reference_engine import run_reference  # type: ignore[no-redef]

SCENARIO = "korea-2017"
POLICY = "maximum-pressure"
OPPONENT = "kim-calculating"

TARGET_RATE = 1_000_000  # episode-turns per second, one core
TARGET_RATIO = 50  # vectorised / object-per-actor reference
TARGET_SECONDS = 60.0  # one million episodes, two workers
TARGET_BYTES = 2 * 1024**3
MILLION_WORKERS = 2

#: Verdict "agree": every |z| below this and the outcome chi-square p above AGREE_P. With ~15
#: statistics a 4-sigma cut keeps false alarms near 0.1%; rows at |z| >= 3 are flagged anyway.
AGREE_Z, AGREE_P = 4.0, 1e-4

OUTCOMES = ("war", "settlement", "capitulation", "collapse", "unresolved")
#: Per-episode means compared between the engines (besides the outcome frequencies).
MEANS = (
    "tests",
    "turns",
    "strain",
    "enforced_turns",
    "capability",
    "approval",
    "misreadings",
    "cohesion",
)


@dataclass(frozen=True)
class Sizes:
    """How big each phase is; ``--quick`` shrinks everything for a smoke run."""

    batch: int  # episodes per vectorised batch
    runs: int  # timed vectorised runs (median)
    reference_episodes: int  # episodes per reference run
    reference_runs: int  # timed reference runs (median); all pooled for the agreement table
    million: int  # episodes of the multi-worker run


FULL = Sizes(batch=50_000, runs=5, reference_episodes=2_000, reference_runs=3, million=1_000_000)
QUICK = Sizes(batch=5_000, runs=3, reference_episodes=300, reference_runs=2, million=20_000)


def load_average() -> str:
    one, five, fifteen = os.getloadavg()
    cores = os.cpu_count()
    return f"load average {one:.2f} / {five:.2f} / {fifteen:.2f} (1/5/15 min, {cores} cores)"


def verdict(ok: bool) -> str:
    return "MET" if ok else "MISSED"


# --- Throughput ------------------------------------------------------------------------------


@dataclass
class Timing:
    """Median episode-turns per second over repeated runs, and what the runs produced."""

    rates: list[float]
    seconds: list[float]
    cpu_share: list[float]  # process CPU time / wall time: ~1.0 means one busy core
    episode_turns: int
    columns: dict[str, np.ndarray]

    @property
    def median(self) -> float:
        return statistics.median(self.rates)


def time_vectorised(batch: int, runs: int, seed: int = 0) -> Timing:
    """``run_batch`` in this process on one batch, ``runs`` times after a small warm-up."""
    from brink.engine.batch import run_batch
    from brink.scenario.loader import load_scenario

    scenario = load_scenario(SCENARIO)
    draws = np.arange(batch, dtype=np.int64)
    replications = np.zeros_like(draws)
    run_batch(scenario, POLICY, OPPONENT, seed, draws[:1000], replications[:1000])  # warm-up
    rates, seconds, shares = [], [], []
    columns: dict[str, np.ndarray] = {}
    episode_turns = 0
    for _ in range(runs):
        wall, cpu = time.perf_counter(), time.process_time()
        result = run_batch(scenario, POLICY, OPPONENT, seed, draws, replications)
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        columns = result.columns
        episode_turns = int(columns["turns"].sum())
        rates.append(episode_turns / wall)
        seconds.append(wall)
        shares.append(cpu / wall)
    return Timing(rates, seconds, shares, episode_turns, columns)


def time_reference(episodes: int, runs: int, seed: int = 1) -> Timing:
    """The object-per-actor reference, one seed per run; columns of all runs pooled."""
    from brink.scenario.loader import load_scenario

    scenario = load_scenario(SCENARIO)
    rates, seconds, shares = [], [], []
    parts: list[dict[str, np.ndarray]] = []
    for run in range(runs):
        wall, cpu = time.perf_counter(), time.process_time()
        part = run_reference(scenario, POLICY, OPPONENT, episodes, seed=seed + run)
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        rates.append(int(part["turns"].sum()) / wall)
        seconds.append(wall)
        shares.append(cpu / wall)
        parts.append(part)
    columns = {key: np.concatenate([p[key] for p in parts]) for key in parts[0]}
    return Timing(rates, seconds, shares, int(columns["turns"].sum()), columns)


# --- Agreement between the two engines -------------------------------------------------------


@dataclass(frozen=True)
class Comparison:
    """One statistic from both engines and the z-score of their difference."""

    name: str
    vectorised: float
    reference: float
    z: float


def _z_proportion(x1: int, n1: int, x2: int, n2: int) -> float:
    pooled = (x1 + x2) / (n1 + n2)
    se = math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2))
    return 0.0 if se == 0 else (x1 / n1 - x2 / n2) / se


def _z_means(a: np.ndarray, b: np.ndarray) -> float:
    se = math.sqrt(a.var(ddof=1) / len(a) + b.var(ddof=1) / len(b))
    diff = float(a.mean() - b.mean())
    if se == 0:
        return 0.0 if abs(diff) < 1e-12 else math.inf
    return diff / se


def compare(vec: dict[str, np.ndarray], ref: dict[str, np.ndarray]) -> list[Comparison]:
    """Outcome frequencies, war causes and per-episode means: vectorised vs reference."""
    n1, n2 = len(vec["outcome"]), len(ref["outcome"])
    rows = []
    for outcome in OUTCOMES:
        x1, x2 = int((vec["outcome"] == outcome).sum()), int((ref["outcome"] == outcome).sum())
        rows.append(Comparison(f"P({outcome})", x1 / n1, x2 / n2, _z_proportion(x1, n1, x2, n2)))
    for cause in ("misperception", "accident"):
        x1 = int((vec["war_cause"] == cause).sum())
        x2 = int((ref["war_cause"] == cause).sum())
        z = _z_proportion(x1, n1, x2, n2)
        rows.append(Comparison(f"P(war by {cause})", x1 / n1, x2 / n2, z))
    for name in MEANS:
        a, b = vec[name].astype(float), ref[name].astype(float)
        rows.append(Comparison(f"mean {name}", float(a.mean()), float(b.mean()), _z_means(a, b)))
    return rows


def outcome_chi_square(vec: dict[str, np.ndarray], ref: dict[str, np.ndarray]) -> float:
    """p-value of a chi-square test that both engines share one outcome distribution."""
    from scipy.stats import chi2_contingency

    table = np.array([[int((cols["outcome"] == o).sum()) for o in OUTCOMES] for cols in (vec, ref)])
    table = table[:, table.sum(axis=0) > 0]
    if table.shape[1] < 2:
        return 1.0
    return float(chi2_contingency(table).pvalue)


def format_comparison(rows: list[Comparison], n_vec: int, n_ref: int, z_max: float) -> str:
    head = f"  {'statistic':<26}{'vectorised':>12}{'reference':>12}{'z':>8}"
    lines = [f"{head}  (n = {n_vec:,} vs {n_ref:,})"]
    for row in rows:
        flag = "ok" if abs(row.z) < z_max else f"|z| >= {z_max:g}"
        lines.append(
            f"  {row.name:<26}{row.vectorised:>12.4f}{row.reference:>12.4f}{row.z:>8.2f}  {flag}"
        )
    return "\n".join(lines)


# --- One million episodes on two workers ----------------------------------------------------


def _tree_rss(root: int) -> int:
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


def million_child(episodes: int, workers: int, seed: int) -> None:
    """Entry point of the fresh process: time ``run`` and report its own rusage as JSON."""
    from brink.simulation import run

    began = time.perf_counter()
    result = run(SCENARIO, [POLICY], episodes=episodes, seed=seed, workers=workers)
    wall = time.perf_counter() - began
    columns = result.columns[POLICY]
    report = {
        "episodes": len(columns["outcome"]),
        "episode_turns": int(columns["turns"].sum()),
        "workers": result.workers,
        "run_seconds": wall,
        "self_maxrss_bytes": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024,
        "children_maxrss_bytes": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024,
        "war": float((columns["outcome"] == "war").mean()),
    }
    print(json.dumps(report))


def time_million(episodes: int, workers: int = MILLION_WORKERS, seed: int = 0) -> dict:
    """Run ``million_child`` in a fresh interpreter while sampling its process tree's RSS."""
    command = [
        sys.executable,
        str(Path(__file__).resolve()),
        "--million-child",
        str(episodes),
        "--workers",
        str(workers),
        "--seed",
        str(seed),
    ]
    began = time.perf_counter()
    child = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
    peak = 0
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.is_set():
            peak = max(peak, _tree_rss(child.pid))
            done.wait(0.1)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    out, _ = child.communicate()
    done.set()
    sampler.join()
    process_seconds = time.perf_counter() - began
    if child.returncode != 0:
        raise RuntimeError(f"million-episode run failed with exit code {child.returncode}")
    report = json.loads(out.strip().splitlines()[-1])
    report["process_seconds"] = process_seconds
    report["sampled_peak_bytes"] = peak
    return report


# --- The report -----------------------------------------------------------------------------


def _mib(n: float) -> str:
    return f"{n / 1024**2:,.0f} MiB"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small sizes for a smoke run")
    parser.add_argument("--skip-million", action="store_true", help="skip phase 3")
    parser.add_argument("--million-child", type=int, default=0, help=argparse.SUPPRESS)
    parser.add_argument("--workers", type=int, default=MILLION_WORKERS, help=argparse.SUPPRESS)
    parser.add_argument("--seed", type=int, default=0, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.million_child:
        million_child(args.million_child, args.workers, args.seed)
        return 0
    sizes = QUICK if args.quick else FULL
    quick_note = " (--quick: small sizes, verdicts indicative only)" if args.quick else ""
    print(f"Brink engine benchmark{quick_note}")
    print(
        f"  {SCENARIO}: {POLICY} vs {OPPONENT}; Python {platform.python_version()}, "
        f"numpy {np.__version__}, {platform.machine()}"
    )

    print(f"\n1. Vectorised engine, one core ({load_average()})")
    vec = time_vectorised(sizes.batch, sizes.runs)
    print(
        f"  run_batch on {sizes.batch:,} episodes ({vec.episode_turns:,} episode-turns), "
        f"{sizes.runs} runs: "
        + ", ".join(f"{s:.2f} s" for s in vec.seconds)
        + f"; CPU/wall {statistics.median(vec.cpu_share):.2f}"
    )
    print(f"  median {vec.median:,.0f} episode-turns/s")
    print(
        '  target 1: "On one core, korea-2017 must reach at least 1,000,000 episode-turns per '
        f'second" -> {verdict(vec.median >= TARGET_RATE)} '
        f"({vec.median / TARGET_RATE:.0%} of target)"
    )

    print(f"\n2. Object-per-actor reference, same model, one core ({load_average()})")
    ref = time_reference(sizes.reference_episodes, sizes.reference_runs)
    print(
        f"  reference_engine on {sizes.reference_episodes:,} episodes, {sizes.reference_runs} "
        "runs: " + ", ".join(f"{s:.2f} s" for s in ref.seconds)
    )
    print(f"  median {ref.median:,.0f} episode-turns/s")
    ratio = vec.median / ref.median
    print(f"  ratio vectorised / reference: {ratio:.1f}x")
    print(
        f'  target 2: "At least 50 times a straightforward object-per-actor implementation of '
        f'the same turn" -> {verdict(ratio >= TARGET_RATIO)}'
    )
    rows = compare(vec.columns, ref.columns)
    p_value = outcome_chi_square(vec.columns, ref.columns)
    print("  Same model? Outcome frequencies and means, vectorised vs reference:")
    print(format_comparison(rows, len(vec.columns["outcome"]), len(ref.columns["outcome"]), 3.0))
    worst = max(abs(r.z) for r in rows)
    agree = "agree" if worst < AGREE_Z and p_value > AGREE_P else "DISAGREE"
    print(
        f"  chi-square on the outcome table: p = {p_value:.3f}; largest |z| = {worst:.2f} over "
        f"{len(rows)} statistics -> {agree} within sampling error"
    )

    if not args.skip_million:
        print(
            f"\n3. {sizes.million:,} episodes, brink.simulation.run(workers={MILLION_WORKERS}) "
            f"in a fresh process ({load_average()})"
        )
        million = time_million(sizes.million)
        bound = million["self_maxrss_bytes"] + million["workers"] * million["children_maxrss_bytes"]
        print(
            f"  run(): {million['run_seconds']:.1f} s for {million['episodes']:,} episodes "
            f"({million['episode_turns']:,} episode-turns, "
            f"{million['episode_turns'] / million['run_seconds']:,.0f}/s); whole process incl. "
            f"start-up {million['process_seconds']:.1f} s"
        )
        print(
            f"  peak memory: process tree sampled from /proc {_mib(million['sampled_peak_bytes'])} "
            f"(parent + workers, summed); getrusage: parent {_mib(million['self_maxrss_bytes'])}, "
            f"largest worker {_mib(million['children_maxrss_bytes'])}, bound parent + "
            f"{million['workers']} x worker {_mib(bound)}"
        )
        peak = max(million["sampled_peak_bytes"], bound)
        if args.quick:
            print("  target 3: not judged with --quick")
        else:
            ok = million["run_seconds"] < TARGET_SECONDS and peak < TARGET_BYTES
            print(
                '  target 3: "One million episodes of korea-2017 on this 2-core machine in '
                f'under a minute with peak memory under 2 GiB" -> {verdict(ok)}'
            )
    print(f"\nDone ({load_average()}).")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
