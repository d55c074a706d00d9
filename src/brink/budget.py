"""What a big job will cost, said before it starts; a runaway one refused unless --force.

`brink run korea-2017 --episodes 1000000000000` would otherwise start silently and run for
years. The estimate is deliberately simple:

* time: a quick measured throughput — batches of 400 and 2,000 episodes of each policy
  simulated here, in this process, before the job (about a tenth of a second per policy); the
  difference gives the rate without the per-batch set-up, as in the job's large chunks —
  divided over the workers; measured only when the job could take more than a few seconds at
  the engine's best speed;
* memory (`brink run` keeps every episode in memory): ``MEMORY_PER_EPISODE`` bytes an episode;
* disk (`brink compare` stores every episode): ``DISK_PER_EPISODE`` bytes an episode.

Beyond ``LIMIT_SECONDS``, or more memory or disk than the machine has free, the job is refused
with the estimate; ``--force`` runs it anyway. Past ``NOTE_SECONDS`` the estimate is printed.
"""

from __future__ import annotations

import os
import shutil
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from brink.errors import BrinkInputError
from brink.scenario.schema import Scenario

#: Longest job started without --force (seconds).
LIMIT_SECONDS = 3600.0
#: Jobs estimated to take longer than this print their estimate first (seconds).
NOTE_SECONDS = 30.0
#: Fastest the engine has been measured (episodes per second per worker; `benchmarks/`), used
#: only to skip the measurement for jobs that are surely small.
BEST_EPISODES_PER_SECOND = 200_000
#: `brink run` keeps 23 columns of an episode (129 bytes) and joins the chunks at the end,
#: so about twice that at the peak, plus the summary's sorting.
MEMORY_PER_EPISODE = 320
#: `brink compare` stores an episode in about 24 bytes of Parquet with the default task size
#: (measured; inputs compress well since replications share them); small tasks need more.
DISK_PER_EPISODE = 64
#: Repeated duels: (turn × repetition) cells played per second (measured about 1e8 for a
#: duel and 7e7 in a tournament on one core; this is the slower, to be safe).
DUEL_CELLS_PER_SECOND = 5e7
#: Batch sizes simulated per policy to measure the throughput.
PROBE_EPISODES = (400, 2000)


@dataclass(frozen=True)
class Estimate:
    """What a job will take, and how that was worked out."""

    episodes: int
    seconds: float
    memory: int
    disk: int
    basis: str
    at_least: bool = False  # ``seconds`` is a lower bound (the engine's best rate, unmeasured)


def _bytes(n: float) -> str:
    for unit in ("B", "kB", "MB", "GB", "TB", "PB"):
        if n < 1000 or unit == "PB":
            return f"{n:,.0f} {unit}" if unit == "B" else f"{n:,.1f} {unit}"
        n /= 1000
    return f"{n:.1f} PB"  # pragma: no cover


def duration(seconds: float) -> str:
    """'40 s', '12 min', '3.5 h', '9 days', '31,700 years': as precise as an estimate is."""
    if seconds < 90:
        return f"{seconds:.0f} s"
    if seconds < 5400:
        return f"{seconds / 60:.0f} min"
    if seconds < 2 * 86400:
        return f"{seconds / 3600:.1f} h"
    if seconds < 730 * 86400:
        return f"{seconds / 86400:,.0f} days"
    return f"{seconds / (365.25 * 86400):,.0f} years"


def measured_rate(scenario: Scenario, policies: Sequence[str], opponent: str | None) -> float:
    """Episodes per second of one worker: the marginal rate between a small and a larger
    batch of every policy (so the per-batch set-up does not count)."""
    from brink.experiments.tasks import Task, simulate

    seconds = {}
    for size in PROBE_EPISODES:
        began = time.perf_counter()
        for policy in policies:
            simulate(Task(scenario, policy, opponent, 0, 0, size, columns="engine"))
        seconds[size] = time.perf_counter() - began
    small, large = PROBE_EPISODES
    extra = seconds[large] - seconds[small]
    if extra <= 0:  # timer noise: fall back to the plain rate of the larger batch
        return large * len(policies) / max(seconds[large], 1e-6)
    return (large - small) * len(policies) / extra


def estimate(
    scenario: Scenario,
    policies: Sequence[str],
    opponent: str | None,
    episodes_per_policy: int,
    workers: int,
    *,
    stored: bool,
) -> Estimate:
    """Time, memory and disk of simulating ``episodes_per_policy`` of each policy."""
    episodes = episodes_per_policy * len(policies)
    workers = max(1, workers)
    at_best = episodes / (BEST_EPISODES_PER_SECOND * workers)
    memory = 0 if stored else episodes * MEMORY_PER_EPISODE
    disk = episodes * DISK_PER_EPISODE if stored else 0
    if at_best < NOTE_SECONDS / 10:
        rate = float(BEST_EPISODES_PER_SECOND)
        basis = "a small job"
    elif at_best > LIMIT_SECONDS:
        # Too long even at the best rate: no need to run the engine to say so (on a new
        # version measuring would first compile it, a minute, to refuse the job anyway).
        basis = (
            f"{len(policies)} {'policy' if len(policies) == 1 else 'policies'} × "
            f"{episodes_per_policy:,} episodes at the engine's best {BEST_EPISODES_PER_SECOND:,} "
            f"episodes/s per worker on {workers} worker(s)"
        )
        return Estimate(episodes, at_best, memory, disk, basis, at_least=True)
    else:
        rate = measured_rate(scenario, policies, opponent)
        basis = (
            f"{len(policies)} {'policy' if len(policies) == 1 else 'policies'} × "
            f"{episodes_per_policy:,} episodes at a measured {rate:,.0f} episodes/s per "
            f"worker on {workers} worker(s)"
        )
    return Estimate(episodes, episodes / (rate * workers), memory, disk, basis)


def duel_estimate(turns: int, repetitions: int, matches: int) -> Estimate:
    """Time of ``matches`` duels of ``repetitions`` × ``turns`` (a documented constant)."""
    cells = turns * repetitions * matches
    basis = (
        f"{matches:,} match(es) × {repetitions:,} repetitions × {turns:,} turns at about "
        f"{DUEL_CELLS_PER_SECOND:,.0f} turns/s"
    )
    return Estimate(cells, cells / DUEL_CELLS_PER_SECOND, 0, 0, basis)


def _available_memory() -> int | None:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemAvailable:"):
                return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    try:
        return os.sysconf("SC_AVPHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
    except (ValueError, OSError, AttributeError):
        return None


def _free_disk(folder: Path) -> int | None:
    """Free bytes on the file system that holds ``folder`` (or its nearest existing parent)."""
    here = folder.resolve()
    while not here.exists() and here != here.parent:
        here = here.parent
    try:
        return shutil.disk_usage(here).free
    except OSError:
        return None


def describe(est: Estimate) -> str:
    """'about 3.5 h, 1.2 GB of memory (…basis…)'."""
    parts = [f"{'at least' if est.at_least else 'about'} {duration(est.seconds)}"]
    if est.memory:
        parts.append(f"{_bytes(est.memory)} of memory")
    if est.disk:
        parts.append(f"{_bytes(est.disk)} of disk")
    return f"{', '.join(parts)} ({est.basis})"


def check(est: Estimate, what: str, *, force: bool, runs_folder: Path | None = None) -> str | None:
    """Refuse a job past the limits unless ``force``; return a note to print, or None.

    ``what`` names the option that sets the size (``--episodes 1000000``) for the message.
    """
    problems = []
    if est.seconds > LIMIT_SECONDS:
        problems.append(f"longer than {duration(LIMIT_SECONDS)}")
    memory = _available_memory()
    if est.memory and memory is not None and est.memory > 0.8 * memory:
        problems.append(f"more memory than the {_bytes(memory)} available")
    free = _free_disk(runs_folder) if (est.disk and runs_folder is not None) else None
    if est.disk and free is not None and est.disk > free:
        problems.append(f"more disk than the {_bytes(free)} free in {runs_folder}")
    if problems and not force:
        raise BrinkInputError(
            f"{what}: this job would take {describe(est)}: {' and '.join(problems)}; ask for "
            "less, or pass --force to run it anyway"
        )
    if problems or est.seconds > NOTE_SECONDS:
        return f"{what}: expect {describe(est)}"
    return None
