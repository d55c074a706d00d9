"""The paired runs of the inert-input screen (`brink effects`), planned as tasks.

For every numeric input, two arms of the same episodes are simulated with the input set low
and high and everything else identical — the same sampled values of all other inputs and the
same random streams (common random numbers) — so the paired difference of each main outcome
is the input's effect alone. Arms: an uncertain input at its 5th and 95th percentiles; a fixed
one at half and one and a half times its value (kept within [0, 1] for shares).

Each arm is one :class:`~brink.experiments.tasks.Task` (draws ``[0, episodes)``, one
replication, every input's value given), run through :func:`~brink.experiments.execute.
run_each`; an episode's numbers do not depend on its batch, so the arms are those of one big
batch. What comes back is, per input, each main outcome per episode in both arms
(:class:`PairedInput`); the statistics of the screen are analysis (:mod:`brink.analysis.
effects`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from brink.executors.local import Executor
from brink.experiments.execute import run_each
from brink.experiments.tasks import Task
from brink.model.inputs import param_table, sample_inputs
from brink.model.streams import draw_keys
from brink.scenario.params import Param
from brink.scenario.schema import Scenario


@dataclass(frozen=True)
class PairedInput:
    """One input's two arms: its low and high value, and each main outcome per episode."""

    input: str
    low: float
    high: float
    low_outcomes: dict[str, np.ndarray]
    high_outcomes: dict[str, np.ndarray]

    @property
    def episodes(self) -> int:
        return len(next(iter(self.low_outcomes.values())))

    def changed(self) -> np.ndarray:
        """Per episode: some main outcome differs between the arms."""
        changed = np.zeros(self.episodes, dtype=bool)
        for name, low in self.low_outcomes.items():
            changed |= (self.high_outcomes[name] - low) != 0
        return changed


def main_outcomes(columns: dict[str, np.ndarray], scenario: Scenario) -> dict[str, np.ndarray]:
    """The outcomes the screen looks at, per episode."""
    outcome = columns["outcome"]
    return {
        "war": (outcome == "war").astype(float),
        "settlement": (outcome == "settlement").astype(float),
        f"{scenario.challenger} backs down": (columns["capitulator"] == scenario.challenger).astype(
            float
        ),
        f"{scenario.defender} backs down": (columns["capitulator"] == scenario.defender).astype(
            float
        ),
        "collapse": (outcome == "collapse").astype(float),
        "turns": columns["turns"].astype(float),
        "tests": columns["tests"].astype(float),
        "casualties": np.log1p(columns["casualties"]),
        "ally casualties": np.log1p(columns["ally_casualties"]),
        "approval": columns["approval"].astype(float),
        "cohesion": columns["cohesion"].astype(float),
        "third party enforces": (columns["enforced_turns"] > 0).astype(float),
    }


def arms(param: Param) -> tuple[float, float]:
    """The low and high values an input is screened at."""
    if param.uncertain:
        low, high = param.quantile(np.array([0.05, 0.95]))
        return float(low), float(high)
    value = param.nominal
    if value == 0.0:
        return -0.5, 0.5
    low, high = 0.5 * value, 1.5 * value
    if 0.0 <= value <= 1.0:
        high = min(high, 1.0)
    return low, high


def screen_runs(
    scenario: Scenario,
    policy: str | None = None,
    *,
    episodes: int = 2000,
    seed: int = 0,
    paths: Sequence[str] | None = None,
    executor: Executor | None = None,
) -> dict[str, PairedInput]:
    """The paired arms of the scenario's inputs (all of them, or ``paths``), in that order: a
    policy's own inputs with that policy played, the rest with the challenger playing
    ``policy`` (its default when None) against the scenario's default mixtures.

    With no ``policy``, an input that changed nothing may act under another doctrine of the
    challenger (Japan's cohesion loss needs a doctrine that does not consult): those are run
    again under each other doctrine in turn, and the first arms that change something kept.
    """
    table = param_table(scenario)
    chosen = list(paths) if paths is not None else list(table)
    groups: dict[str, list[str]] = {}
    for path in chosen:
        owner = path.split(".")[1] if path.startswith("policies.") else ""
        groups.setdefault(owner, []).append(path)
    results: dict[str, PairedInput] = {}
    for owner, group in groups.items():
        others = {scenario.policies[owner].actor: owner} if owner else None
        for view, members in by_switch(scenario, group):
            runs = paired_runs(view, table, policy, others, episodes, seed, members, executor)
            for pair in runs:
                results[pair.input] = pair
    if policy is None:
        for other in scenario.policies_for(scenario.challenger):
            quiet = [
                p
                for p, pair in results.items()
                if not pair.changed().any() and not p.startswith("policies.")
            ]
            if not quiet:
                break
            for view, members in by_switch(scenario, quiet):
                runs = paired_runs(view, table, other, None, episodes, seed, members, executor)
                for pair in runs:
                    if pair.changed().any():
                        results[pair.input] = pair
    return {path: results[path] for path in chosen}


def by_switch(scenario: Scenario, paths: Sequence[str]) -> list[tuple[Scenario, list[str]]]:
    """Group inputs by the scenario they must be screened in: an input of a switched-off
    channel is screened with the channel switched on (its effect when it exists)."""
    groups: dict[str, list[str]] = {}
    for path in paths:
        parts = path.split(".")
        off = parts[0] == "channels" and not scenario.channels[parts[1]].enabled
        groups.setdefault(parts[1] if off else "", []).append(path)
    out = []
    for channel, members in groups.items():
        view = scenario
        if channel:
            channels = dict(scenario.channels)
            channels[channel] = channels[channel].model_copy(update={"enabled": True})
            view = scenario.model_copy(update={"channels": channels})
        out.append((view, members))
    return out


def paired_tasks(
    scenario: Scenario,
    table: dict[str, Param],
    policy: str | None,
    others: dict[str, str] | None,
    episodes: int,
    seed: int,
    paths: Sequence[str],
) -> list[Task]:
    """Two tasks per input, its low arm then its high arm: the same ``episodes`` draws, every
    other input of ``table`` (the screened scenario's) at the draw's value sampled in
    ``scenario`` (the view it is screened in). The arms share the unchanged inputs' arrays."""
    base = sample_inputs(scenario, draw_keys(seed, np.arange(episodes, dtype=np.int64)))
    sampled = {
        path: np.ascontiguousarray(
            np.broadcast_to(np.asarray(base[path], dtype=float), (episodes,))
        )
        for path in table
    }
    tasks = []
    for path in paths:
        for value in arms(table[path]):
            inputs = {**sampled, path: np.full(episodes, value, dtype=float)}
            tasks.append(
                Task(
                    scenario,
                    policy,
                    None,
                    seed,
                    0,
                    episodes,
                    inputs=inputs,
                    columns="engine",
                    others=others,
                )
            )
    return tasks


def paired_runs(
    scenario: Scenario,
    table: dict[str, Param],
    policy: str | None,
    others: dict[str, str] | None,
    episodes: int,
    seed: int,
    paths: Sequence[str],
    executor: Executor | None = None,
) -> list[PairedInput]:
    """Run both arms of each input in ``paths`` (in ``scenario``, the view it is screened in;
    ``table`` the screened scenario's inputs) and return their main outcomes."""
    tasks = paired_tasks(scenario, table, policy, others, episodes, seed, paths)
    columns = run_each(tasks, executor)
    out = []
    for i, path in enumerate(paths):
        low, high = arms(table[path])
        out.append(
            PairedInput(
                path,
                low,
                high,
                main_outcomes(columns[2 * i], scenario),
                main_outcomes(columns[2 * i + 1], scenario),
            )
        )
    return out
