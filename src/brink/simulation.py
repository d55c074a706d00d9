"""Run policies of a scenario over many episodes in memory: the runs behind `brink run`.

The episodes go through the experiments pipeline in memory (``brink.experiments``): cut into
fixed-size tasks (independent of the number of workers), simulated wherever the executor sends
them, joined in task order — so the same scenario, seed and options give the same numbers on
one core or many. Nothing is stored, and nothing is summarised here: ``brink.run`` (the
Python API) and the command hand the episodes to :mod:`brink.analysis.summary`.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np

from brink.engine.batch import mixture_label, resolve_matchup
from brink.errors import BrinkParameterError, check_seed
from brink.executors.local import make_executor
from brink.experiments.execute import run_in_memory
from brink.experiments.plan import CHUNK, memory_tasks
from brink.scenario.loader import LoadedScenario, load
from brink.scenario.schema import Scenario

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["CHUNK", "RunEpisodes", "run"]


@dataclass
class RunEpisodes:
    """Episodes of each policy, with what they are conditional on.

    The runs layer stops at the episodes; their summary with intervals is analysis
    (:class:`brink.analysis.run_result.RunResult`, what ``brink.run`` returns).
    """

    loaded: LoadedScenario
    seed: int
    episodes: int
    opponent: str  # the defender's policy, or its mixture as ``a:0.7,b:0.3``
    columns: dict[str, dict[str, np.ndarray]]
    seconds: float = 0.0
    workers: int = 1
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def scenario(self) -> Scenario:
        return self.loaded.scenario

    @property
    def policies(self) -> list[str]:
        return list(self.columns)

    def episodes_frame(self) -> pd.DataFrame:
        """All episodes of all policies as one pandas DataFrame (a `policy` column added)."""
        import pandas as pd

        frames = []
        for policy, cols in self.columns.items():
            frame = pd.DataFrame(cols)
            frame.insert(0, "policy", policy)
            frames.append(frame)
        return pd.concat(frames, ignore_index=True)


def run(
    scenario: str = "korea-2017",
    policies: Sequence[str] | None = None,
    *,
    episodes: int = 10_000,
    seed: int = 0,
    overrides: Sequence[str] = (),
    workers: int | None = 1,
    opponent: str | dict[str, float] | None = None,
    chunk_size: int = CHUNK,
    keep_inputs: bool = False,
    on_chunk: Callable[[int], None] | None = None,
    size_check: Callable[[Scenario, list[str], str], None] | None = None,
    calibration: str | None = "default",
    on_start: Callable[[], None] | None = None,
) -> RunEpisodes:
    """Simulate ``episodes`` episodes of each policy (the scenario's default when none).

    ``overrides`` are ``path=value`` strings as on the command line. ``workers`` = 1 runs in
    this process; more use a process pool. ``on_chunk`` is called with each finished chunk's
    episode count (for progress bars). ``size_check(scenario, policies, opponent)``, if
    given, may refuse the job once the scenario and policies are known (the CLI's budget).
    ``on_start`` is called once everything is checked, just before the episodes start.
    """
    if episodes < 1:
        raise BrinkParameterError(
            "episodes", f"expected a positive number of episodes (got {episodes})"
        )
    if chunk_size < 1:
        raise BrinkParameterError("chunk_size", f"expected a positive number (got {chunk_size})")
    check_seed(seed)  # now, not once the episodes have started
    # Calibration (docs/backtest.md): the shipped file by default, a file, or "none".
    loaded = load(scenario, tuple(overrides), calibration=calibration)
    scen = loaded.scenario
    names = list(policies) if policies else [scen.default_policy]
    for name in names:
        resolve_matchup(scen, name, opponent)
    mixture = resolve_matchup(scen, names[0], opponent).mixtures[scen.defender]
    against = mixture_label(mixture)
    if size_check is not None:
        size_check(scen, names, against)
    tasks = memory_tasks(
        scen, names, mixture, seed, episodes, chunk_size, "engine" if keep_inputs else "kept"
    )
    executor = make_executor(workers)
    if on_start is not None:
        on_start()
    began = time.perf_counter()
    joined = run_in_memory(tasks, executor, on_chunk)
    columns = {name: joined[name] for name in names}  # memory_tasks keys tasks by policy name
    return RunEpisodes(
        loaded=loaded,
        seed=seed,
        episodes=episodes,
        opponent=against,
        columns=columns,
        seconds=time.perf_counter() - began,
        workers=executor.workers,
        extra={"opponent_mixture": mixture if len(mixture) > 1 else {}},
    )
