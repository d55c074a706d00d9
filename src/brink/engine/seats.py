"""A seat: one actor's decision-making over a batch, whoever leads it in each episode.

Each episode draws the seat's leader type from its mixture (a policy per type); the seat asks
its deciders for a choice and applies the doctrine's standing rules: the opening move, a
planned strike (after consulting allies who must consent, when the doctrine consults), and red
lines — commitments that fire automatically with their probability when the seat perceives
their trigger.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from brink.deciders.base import Decider, Decision
from brink.deciders.factory import make_deciders
from brink.model.crisis import Crisis, as_array
from brink.model.streams import uniforms
from brink.scenario.schema import Policy
from brink.vocabulary import CATEGORY_CODE, STREAM_RED_LINES, STREAMS_PER_TURN

_FORCE = np.array([CATEGORY_CODE[c] for c in ("strike", "war", "nuclear")])
MAX_RED_LINES = 8


@dataclass(frozen=True)
class RedLineRule:
    type_index: int
    trigger: str  # "attacked", an action id or a category name
    then: int  # action index
    probability_path: str
    public: bool


@dataclass
class Rules:
    """What the doctrine's standing rules did this turn."""

    action: np.ndarray
    red_line: np.ndarray  # bool: a red line fired
    red_line_misread: np.ndarray  # bool: ... on a trigger that was misread
    empty_red_line: np.ndarray  # bool: a public red line was triggered and not carried out


class Seat:
    """The deciders and doctrine rules of one actor, over its mixture of leader types."""

    def __init__(self, crisis: Crisis, k: int, types: tuple[str, ...]) -> None:
        scen, table = crisis.scenario, crisis.table
        self.k = k
        self.types = types
        self.policies: list[Policy] = [scen.policies[t] for t in types]
        self.deciders: list[tuple[Decider, list[int]]] = make_deciders(
            types, dict(scen.policies), table
        )
        self.noise_width = max((d.noise_width for d, _ in self.deciders), default=0)
        self.red_lines: list[RedLineRule] = []
        for index, (name, policy) in enumerate(zip(types, self.policies, strict=True)):
            for number, line in enumerate(policy.red_lines[:MAX_RED_LINES]):
                self.red_lines.append(
                    RedLineRule(
                        index,
                        line.when,
                        table.index(line.then),
                        f"policies.{name}.red_lines.{number}.probability",
                        line.public,
                    )
                )

    # Per-episode doctrine settings -------------------------------------------------------
    def start(self, crisis: Crisis) -> None:
        s, n, table = crisis.state, crisis.n, crisis.table
        kind = s.policy[self.k]
        opening = np.full(n, -1, dtype=np.int64)
        strike_at = np.zeros(n, dtype=np.int64)
        consult = np.ones(n, dtype=bool)
        for index, policy in enumerate(self.policies):
            mask = kind == index
            if policy.opening is not None and policy.kind == "strategic":
                opening[mask] = table.index(policy.opening)
            if policy.strike_at is not None:
                strike_at[mask] = policy.strike_at
            consult[mask] = policy.consult_allies
        attacked_war = np.zeros(n)
        for rule in self.red_lines:
            if rule.trigger == "attacked" and table.category[rule.then] in _FORCE:
                p = as_array(crisis.value(rule.probability_path), n)
                attacked_war = np.where(kind == rule.type_index, p, attacked_war)
        willing = np.array([p.negotiate != "never" for p in self.policies], dtype=float)
        weights = crisis.mixture_weights[self.k]
        s.memory[self.k].update(
            willing=np.full(n, float(np.dot(willing, weights)) if len(weights) else 1.0),
            opening=opening,
            strike_at=strike_at,
            consult=consult,
            attacked_war=attacked_war,
            strike_requested=np.zeros(n, dtype=bool),
            planned_done=np.zeros(n, dtype=bool),
        )
        for decider, _ in self.deciders:
            decider.start(crisis, self.k)

    def consults(self, crisis: Crisis) -> np.ndarray:
        return crisis.state.memory[self.k]["consult"]

    # Choosing ---------------------------------------------------------------------------
    def decide(self, crisis: Crisis, noise: np.ndarray, open_: np.ndarray) -> Decision:
        """Each decider chooses for the episodes whose leader type it plays."""
        kind = crisis.state.policy[self.k]
        merged: Decision | None = None
        informative = np.zeros(crisis.n, dtype=bool)
        for decider, indices in self.deciders:
            choice = decider.decide(crisis, self.k, noise[:, : decider.noise_width], open_)
            mine = np.isin(kind, indices)
            if choice.probs is not None:
                informative |= mine
            if merged is None:
                merged = choice
                continue
            merged.action = np.where(mine, choice.action, merged.action)
            merged.p_force = np.where(mine, choice.p_force, merged.p_force)
            merged.p_talks = np.where(mine, choice.p_talks, merged.p_talks)
            if merged.probs is None:
                merged.probs = choice.probs
        assert merged is not None
        if merged.probs is not None and not informative.all():
            # Episodes led by a fixed rule reveal nothing about the type: equal likelihoods.
            merged.probs = np.where(informative, merged.probs, merged.probs[:1])
        return merged

    def observe(self, crisis: Crisis, chosen: np.ndarray) -> None:
        for decider, _ in self.deciders:
            decider.observe(crisis, self.k, chosen)

    def rules(
        self, crisis: Crisis, chosen: np.ndarray, open_: np.ndarray, consulted_ok: np.ndarray
    ) -> Rules:
        """Apply the opening, the planned strike and the red lines to the decider's choice."""
        c, s, n = crisis.compiled, crisis.state, crisis.n
        memory = s.memory[self.k]
        action = chosen.copy()
        is_open = self._open_lookup(crisis, open_)
        if crisis.turn == 1:
            opening = memory["opening"]
            use = (opening >= 0) & is_open(np.maximum(opening, 0))
            action = np.where(use, opening, action)
        action = self._planned_strike(crisis, action, is_open, consulted_ok)
        fired = np.zeros(n, dtype=bool)
        fired_misread = np.zeros(n, dtype=bool)
        empty = np.zeros(n, dtype=bool)
        if self.red_lines:
            stream = crisis.turn * STREAMS_PER_TURN + STREAM_RED_LINES
            draws = uniforms(crisis.keys, stream, c.k * MAX_RED_LINES)
            kind = s.policy[self.k]
            for number, rule in enumerate(self.red_lines):
                triggered, misread = self._triggered(crisis, rule.trigger)
                triggered &= (kind == rule.type_index) & ~fired
                if not triggered.any():
                    continue
                p = crisis.value(rule.probability_path)
                u = draws[:, self.k * MAX_RED_LINES + (number % MAX_RED_LINES)]
                carry_out = triggered & (u < p) & is_open(rule.then)
                action = np.where(carry_out, rule.then, action)
                fired |= carry_out
                fired_misread |= carry_out & misread
                if rule.public:
                    empty |= triggered & ~carry_out & (action != rule.then)
        return Rules(action, fired, fired_misread, empty)

    def _open_lookup(self, crisis: Crisis, open_: np.ndarray):  # type: ignore[no-untyped-def]
        local = crisis.compiled.local[:, self.k]
        columns = np.arange(crisis.n)

        def is_open(action: np.ndarray | int) -> np.ndarray:
            row = local[action]
            ok = np.asarray(row) >= 0
            return ok & open_[np.maximum(row, 0), columns]

        return is_open

    def _planned_strike(self, crisis, action, is_open, consulted_ok):  # type: ignore[no-untyped-def]
        """A planned strike goes ahead from its turn on, once; a doctrine that consults asks
        its allies first (one turn) and drops the plan if one of them refuses."""
        memory = crisis.state.memory[self.k]
        strike = crisis.compiled.strike_of[self.k]
        if strike < 0 or not memory["strike_at"].any():
            return action
        due = (memory["strike_at"] > 0) & (crisis.turn >= memory["strike_at"])
        due &= ~memory["planned_done"]
        consult = memory["consult"]
        requested = memory["strike_requested"]
        # Consulting: ask on the planned turn; the answer is what the allies do this turn.
        ask = due & consult & ~requested
        go = due & (~consult | (requested & consulted_ok))
        refused = due & consult & requested & ~consulted_ok
        go &= is_open(strike)
        action = np.where(go, strike, action)
        memory["strike_requested"] = requested | ask
        memory["planned_done"] = memory["planned_done"] | go | refused
        return action

    def _triggered(self, crisis: Crisis, trigger: str) -> tuple[np.ndarray, np.ndarray]:
        """(triggered, on a misreading): the seat perceived an adversary do ``trigger``."""
        c, s, n = crisis.compiled, crisis.state, crisis.n
        table = c.table
        hit = np.zeros(n, dtype=bool)
        misread = np.zeros(n, dtype=bool)
        for j in _watched(crisis, self.k):
            seen = s.perceived[self.k, j]
            valid = seen >= 0
            seen0 = np.maximum(seen, 0)
            if trigger == "attacked":
                match = np.isin(table.category[seen0], _FORCE)
            elif trigger in table.ids:
                match = seen0 == table.index(trigger)
            else:
                match = table.category[seen0] == CATEGORY_CODE.get(trigger, -1)
            match &= valid
            hit |= match
            misread |= match & s.misread[self.k, j]
        return hit, misread


def _watched(crisis: Crisis, k: int) -> np.ndarray:
    """Whose moves can trigger k's red lines: the other side's actors (for a neutral: all)."""
    c = crisis.compiled
    side = c.side[k]
    if side < 0:
        return np.array([j for j in range(c.k) if j != k], dtype=np.int64)
    return c.members[1 - int(side)]
