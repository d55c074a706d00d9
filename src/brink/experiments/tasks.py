"""The one task type of every experiment, and the worker that simulates it.

A task is one policy over a block of draws, each draw with its replications: everything a
worker needs and nothing else. Its episodes depend only on (scenario, policy, opponent, seed,
draws, replications, inputs), never on the worker or on which tasks ran before — so results
join in task order to the same numbers on one core or many, and a resumed run recomputes a
missing task to exactly the rows it would have had.

``brink run`` (in memory), ``brink compare``/``resume`` and sensitivity designs (stored), the
backtest's forecasts, the paired arms of ``brink effects`` and the doctrine replays of a
game's debrief all cut their work into these tasks.
"""

from __future__ import annotations

import os
import socket
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import numpy as np

from brink.engine.batch import resolve_matchup, run_batch
from brink.engine.turn import TurnRecord
from brink.model.crisis import Crisis
from brink.scenario.schema import Scenario
from brink.store import parts, schema
from brink.store.timeline import timeline_columns
from brink.vocabulary import STRIKE_RUNG, TOP_RUNG, WAR

#: Which columns a task returns: ``stored`` (every column, inputs named by path: a run
#: folder's parts), ``kept`` (the schema's kept columns: `brink run`), ``engine`` (every
#: column as the engine names them, inputs as ``input:<path>``).
Columns = Literal["stored", "kept", "engine"]


@dataclass(frozen=True)
class Task:
    """One policy over draws [draw_start, draw_stop), each with ``replications`` episodes."""

    scenario: Scenario
    policy: str | None  # the challenger's policy; None: its default (mixture of leader types)
    opponent: str | dict[str, float] | None  # the defender's policy, mixture or default
    seed: int
    draw_start: int
    draw_stop: int
    replications: int = 1
    #: Input values for the task's draws (one entry per draw); None: the engine draws them.
    inputs: dict[str, np.ndarray] | None = None
    shared_streams: bool = False  # common random numbers across draws (sensitivity designs)
    chunk: int = 0  # the task's index within its policy (names its stored part)
    timeline: bool = False  # count the escalation timeline (stored runs)
    columns: Columns = "stored"
    run_path: str = ""  # where a storing worker writes the task's parts
    run_name: str = ""
    #: Policies of other seats (actor → policy), over their defaults: a third party's doctrine
    #: (the screen of its inputs), a human seat's doctrines (a game's debrief).
    others: dict[str, str] | None = None

    @property
    def draws(self) -> int:
        return self.draw_stop - self.draw_start

    @property
    def episodes(self) -> int:
        return self.draws * self.replications


@dataclass
class TaskResult:
    """A task's episode columns, and its timeline counts when asked for."""

    episodes: dict[str, np.ndarray]
    timeline: dict[str, np.ndarray] | None = None


def simulate(task: Task) -> TaskResult:
    """Worker entry point: the task's episode rows (and timeline), as columns."""
    count = task.draws
    draws = np.repeat(np.arange(task.draw_start, task.draw_stop, dtype=np.int64), task.replications)
    replications = np.tile(np.arange(task.replications, dtype=np.int64), count)
    fixed = None
    if task.inputs is not None:
        local = draws - task.draw_start
        fixed = {path: values[local] for path, values in task.inputs.items()}
    horizon = task.scenario.horizon_turns
    counts = np.zeros((horizon, TOP_RUNG + 1), dtype=np.int64)
    level = np.zeros(len(draws), dtype=np.int64)

    def track(crisis: Crisis, record: TurnRecord) -> None:
        s = crisis.state
        acting = crisis.compiled.seats
        rungs = crisis.table.rung[np.maximum(record.action[:, acting], 0)]
        was_active = s.active | record.ended
        now = rungs.max(axis=1)
        war_level = np.clip(STRIKE_RUNG - 1 + s.war_kind, 0, TOP_RUNG)
        ended_level = np.where(s.outcome == WAR, war_level, 0)
        level[:] = np.where(was_active, np.where(record.ended, ended_level, now), level)
        counts[record.turn - 1] = np.bincount(level, minlength=TOP_RUNG + 1)

    result = run_batch(
        task.scenario,
        resolve_matchup(task.scenario, task.policy, task.opponent, task.others),
        task.seed,
        draws,
        replications,
        fixed,
        on_turn=track if task.timeline else None,
        shared_streams=task.shared_streams,
    )
    columns = result.columns
    if task.columns == "kept":
        episodes = schema.kept(columns)
    elif task.columns == "stored":
        episodes = schema.stored(columns)
    else:
        episodes = dict(columns)
    if not task.timeline:
        return TaskResult(episodes)
    last = int(columns["turns"].max()) if len(draws) else 0
    if last < horizon:  # every episode ended early: levels stay as they were
        counts[last:] = counts[last - 1] if last > 0 else 0
    return TaskResult(episodes, timeline_columns(counts))


def simulate_and_store(task: Task) -> dict[str, Any]:
    """Worker entry point of stored runs: simulate a task, write its parts where every
    worker can reach them, and return only a few numbers (never the rows themselves)."""
    began = time.perf_counter()
    result = simulate(task)
    simulated = time.perf_counter()
    assert result.timeline is not None, "a stored task counts its timeline"
    assert task.policy is not None, "a stored run's tasks name their policy"
    rows = parts.write_task(
        Path(task.run_path), task.run_name, task.policy, task.chunk, result.episodes,
        result.timeline,
    )  # fmt: skip
    return {
        "policy": task.policy,
        "chunk": task.chunk,
        "rows": rows,
        "simulate_seconds": simulated - began,
        "store_seconds": time.perf_counter() - simulated,
        "worker": f"{socket.gethostname()}:{os.getpid()}",
    }
