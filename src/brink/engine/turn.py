"""One turn for a whole batch: fixed rules choose in Python, the compiled turn does the rest.

The same function steps one episode for a person at a seat (a batch of one, with that seat's
move supplied through ``overrides``), so the game a person plays is the model analysed.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from brink import kernel_cache
from brink.engine import kernel
from brink.model.crisis import Crisis
from brink.model.streams import uniforms
from brink.vocabulary import STREAM_DECIDE, STREAMS_PER_TURN


@dataclass
class TurnRecord:
    """What happened in one turn (arrays over the batch), for narratives, timelines and play."""

    turn: int
    action: np.ndarray  # (n, K) what each seat did (-1 for actors without a seat)
    intended: np.ndarray  # (n, K) what it meant to do (an accident replaces it)
    perceived: np.ndarray  # (n, K, K) what each seat saw of the others
    misread: np.ndarray  # (n, K, K)
    belief: np.ndarray  # (n, K, K) after updating
    accident: np.ndarray  # (n,) an accidental clash began
    red_line: np.ndarray  # (n, K) a red line fired
    war_level: np.ndarray  # (n,) after the turn
    stage: np.ndarray
    ended: np.ndarray  # (n,) ended this turn


def fixed_rule_moves(crisis: Crisis) -> np.ndarray:
    """(n, K): the moves of seats led by a fixed rule this turn (-1 elsewhere)."""
    s, k = crisis.state, crisis.compiled.k
    forced = np.full((crisis.n, k), -1, dtype=np.int64)
    if not crisis.fixed:
        return forced
    noise = uniforms(crisis.keys, crisis.turn * STREAMS_PER_TURN + STREAM_DECIDE, k)
    for seat, rules in crisis.fixed.items():
        for index, decider in rules.items():
            mine = s.policy[:, seat] == index
            if mine.any():
                forced[mine, seat] = decider.decide(crisis, seat, noise[:, seat])[mine]
    return forced


def play_turn(
    crisis: Crisis, overrides: dict[int, np.ndarray] | None = None, record: bool = True
) -> TurnRecord | None:
    """Advance every active episode by one turn and return what happened (``record=False``:
    nothing, and no copies of the state are made — the batch runner's fast path)."""
    kernel_cache.before_engine("play_turn")
    s = crisis.state
    crisis.turn += 1
    n, k = crisis.n, crisis.compiled.k
    s.forced[:] = fixed_rule_moves(crisis)
    s.override[:] = -1
    for seat, move in (overrides or {}).items():
        s.override[:, seat] = np.asarray(move, dtype=np.int64)
    action = np.full((n, k), -1, dtype=np.int64)
    intended = np.full((n, k), -1, dtype=np.int64)
    accident = np.zeros(n, dtype=np.bool_)
    red_line = np.zeros((n, k), dtype=np.bool_)
    ended = np.zeros(n, dtype=np.bool_)
    kernel.play_turn(
        crisis.tables,
        crisis.matrix.x,
        s.records,
        crisis.work,
        crisis.keys,
        crisis.turn,
        action,
        intended,
        accident,
        red_line,
        ended,
    )
    for seat, rules in crisis.fixed.items():
        for decider in rules.values():
            decider.observe(crisis, seat, s.action[:, seat])
    if not record:
        return None
    return TurnRecord(
        turn=crisis.turn,
        action=action,
        intended=intended,
        perceived=s.perceived.copy(),
        misread=s.misread.copy(),
        belief=s.belief.copy(),
        accident=accident,
        red_line=red_line,
        war_level=s.war_level.copy(),
        stage=s.stage.copy(),
        ended=ended,
    )
