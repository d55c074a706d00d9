"""One episode stepped turn by turn, with any seats played from outside (people, bots).

A session is a batch of one driven through the very same compiled turn as the batch engine;
each outside seat's move replaces what its doctrine would have chosen. An episode played with
every seat's own suggestions is therefore the episode `brink run` simulates, and a session
replays exactly from its seed and the moves made (``fork`` starts a new session from any turn).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from brink.engine import kernel
from brink.engine.batch import Matchup, finish, resolve_matchup, start_crisis
from brink.engine.turn import TurnRecord, fixed_rule_moves, play_turn
from brink.errors import BrinkInputError
from brink.model.crisis import Crisis
from brink.model.tables import P
from brink.scenario.schema import Scenario
from brink.vocabulary import RUNG_NAMES

TRAITS = ("ego", "thin_skin", "maximalism")


@dataclass(frozen=True)
class Option:
    """An action a seat may take now."""

    index: int
    id: str
    label: str
    rung: int
    category: str


@dataclass
class Session:
    """A single interactive episode; ``humans`` are the seats whose moves come from outside."""

    scenario: Scenario
    matchup: Matchup
    seed: int = 0
    episode: int = 0
    humans: tuple[str, ...] = ()
    crisis: Crisis = field(init=False)
    history: list[TurnRecord] = field(init=False, default_factory=list)
    moves: list[dict[str, str]] = field(init=False, default_factory=list)

    def __post_init__(self) -> None:
        for actor in self.humans:
            if actor not in self.scenario.seats():
                raise BrinkInputError(
                    f"seat {actor!r} is not an actor that takes actions "
                    f"(seats: {', '.join(self.scenario.seats())})"
                )
        self.crisis = start_crisis(
            self.scenario, self.matchup, self.seed, np.array([self.episode]), np.array([0])
        )

    @classmethod
    def start(
        cls,
        scenario: Scenario,
        policy: str | None = None,
        opponent: str | Mapping[str, float] | None = None,
        *,
        seed: int = 0,
        episode: int = 0,
        humans: tuple[str, ...] = (),
    ) -> Session:
        """A session on the scenario's defaults unless policies are given."""
        return cls(scenario, resolve_matchup(scenario, policy, opponent), seed, episode, humans)

    # What a seat may know --------------------------------------------------------------------
    @property
    def turn(self) -> int:
        """The number of turns played so far."""
        return self.crisis.turn

    @property
    def finished(self) -> bool:
        s = self.crisis.state
        return not bool(s.active[0]) or self.turn >= self.scenario.horizon_turns

    def index(self, actor: str) -> int:
        return self.crisis.compiled.index(actor)

    def options(self, actor: str) -> list[Option]:
        """The actions open to the seat now."""
        c, k = self.crisis.compiled, self.index(actor)
        open_ = np.zeros(len(c.own[k]), dtype=np.bool_)
        kernel.open_actions(
            self.crisis.tables, self.crisis.state.records, self.turn + 1, 0, k, open_
        )
        table = c.table
        from brink.vocabulary import CATEGORIES

        return [
            Option(
                int(a),
                table.ids[a],
                table.labels[a],
                int(table.rung[a]),
                CATEGORIES[table.category[a]],
            )
            for a, ok in zip(c.own[k], open_, strict=True)
            if ok
        ]

    def perceived(self, actor: str) -> dict[str, dict[str, Any]]:
        """What the seat saw each other seat do last turn (never the truth)."""
        c, s, k = self.crisis.compiled, self.crisis.state, self.index(actor)
        out: dict[str, dict[str, Any]] = {}
        for j in c.seats:
            if int(j) == k:
                continue
            seen = int(s.perceived[0, k, j])
            if seen < 0:
                continue
            out[c.actors[j]] = {
                "action": c.table.ids[seen],
                "label": c.table.labels[seen],
                "rung": int(c.table.rung[seen]),
                "rung_name": RUNG_NAMES[int(c.table.rung[seen])],
            }
        return out

    def beliefs(self, actor: str) -> dict[str, float]:
        """The seat's belief that each typed seat is resolute (its own, not the truth)."""
        c, s, k = self.crisis.compiled, self.crisis.state, self.index(actor)
        return {c.actors[j]: float(s.belief[0, k, j]) for j in range(c.k) if j != k and c.typed[j]}

    def suggestion(
        self, actor: str, traits: Mapping[str, float] | None = None
    ) -> tuple[str, dict[str, float]]:
        """What the seat's own doctrine would play now (its decider's choice and standing
        rules) and its decider's probabilities. ``traits`` (ego, thin_skin, maximalism) change
        the leader's traits for this advice only: a hawk and a dove adviser are the same
        decider with other traits."""
        c, k = self.crisis.compiled, self.index(actor)
        x = self.crisis.matrix.x
        if traits:
            x = x.copy()
            for name, value in traits.items():
                if name not in TRAITS:
                    raise BrinkInputError(f"traits: {name!r} is not a trait ({', '.join(TRAITS)})")
                column = self.crisis.tables[0]["p"][k, P[name.upper()]]
                if column >= 0:
                    x["v"][0, column] = float(value)
        records = self.crisis.state.records.copy()
        self.crisis.turn += 1  # the fixed rules choose for the coming turn
        try:
            records["forced"][:, : c.k] = fixed_rule_moves(self.crisis)
        finally:
            self.crisis.turn -= 1
        records["override"] = -1
        moves = np.zeros(c.k, dtype=np.int64)
        probs = np.zeros((c.k, max(len(o) for o in c.own)))
        kernel.suggest(
            self.crisis.tables,
            x,
            records,
            np.zeros_like(self.crisis.work),
            self.crisis.keys,
            self.turn + 1,
            0,
            moves,
            probs,
        )
        table = c.table
        return table.ids[int(moves[k])], {
            table.ids[a]: float(p) for a, p in zip(c.own[k], probs[k], strict=False)
        }

    # Playing -------------------------------------------------------------------------------
    def step(self, moves: Mapping[str, str] | None = None) -> TurnRecord:
        """Play one turn; every human seat must give its move (an action id open to it)."""
        if self.finished:
            raise BrinkInputError("the episode has ended; start a new session or fork this one")
        moves = dict(moves or {})
        missing = [a for a in self.humans if a not in moves]
        if missing:
            raise BrinkInputError(f"moves: no move for {', '.join(missing)}")
        overrides: dict[int, np.ndarray] = {}
        for actor, action_id in moves.items():
            if actor not in self.humans:
                raise BrinkInputError(f"moves: {actor!r} is not a seat played from outside")
            allowed = {o.id: o.index for o in self.options(actor)}
            if action_id not in allowed:
                raise BrinkInputError(
                    f"{actor}: action {action_id!r} is not open now (options: {', '.join(allowed)})"
                )
            overrides[self.index(actor)] = np.array([allowed[action_id]])
        record = play_turn(self.crisis, overrides)
        assert record is not None
        self.history.append(record)
        self.moves.append(moves)
        return record

    def result(self) -> dict[str, Any]:
        """The episode's row (outcome, cause, casualties, yardsticks) once it is over."""
        crisis = self.crisis
        columns = finish(crisis, np.array([self.episode]), np.array([0])).columns
        return {
            name: values[0].item() if hasattr(values[0], "item") else values[0]
            for name, values in columns.items()
        }

    def fork(self, turn: int) -> Session:
        """A new session replaying this one's moves up to ``turn`` (0: the start)."""
        if not 0 <= turn <= len(self.moves):
            raise BrinkInputError(f"turn: expected 0 to {len(self.moves)} (got {turn})")
        other = Session(self.scenario, self.matchup, self.seed, self.episode, self.humans)
        for moves in self.moves[:turn]:
            other.step(moves)
        return other
