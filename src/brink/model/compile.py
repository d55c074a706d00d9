"""Compile a validated Scenario into the small arrays the engine steps on.

Nothing here runs per turn. Actors become indices (the seats, in file order), the action table
becomes attribute vectors (category codings filled in), and the relations between actors —
sides, adversaries, channels, trade — become index arrays.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from brink.scenario.codings import CODINGS
from brink.scenario.schema import Scenario
from brink.vocabulary import CATEGORY_CODE, FORCE_CATEGORIES, READABLE_TOP

NONE = -1


@dataclass(frozen=True)
class ActionTable:
    """The scenario's single action table as parallel arrays (index = action number)."""

    ids: tuple[str, ...]
    labels: tuple[str, ...]
    rung: np.ndarray
    category: np.ndarray
    public: np.ndarray
    friction: np.ndarray
    alarm: np.ndarray
    commitment: np.ndarray
    visibility: np.ndarray
    breaks_freeze: np.ndarray
    disarming: np.ndarray
    step_path: tuple[str | None, ...]  # input path of the tightening step (None: not held)
    step_fixed: np.ndarray  # the step when coded on the action (nan: use step_path)
    cooldown_turns: np.ndarray
    target: np.ndarray  # (K, A): whom the action acts on when actor k takes it
    cost_paths: tuple[str | None, ...]
    upkeep_paths: tuple[str | None, ...]
    gain_paths: tuple[str | None, ...]
    allowed: np.ndarray  # (K, A) bool

    def index(self, action_id: str) -> int:
        return self.ids.index(action_id)

    def is_category(self, name: str) -> np.ndarray:
        return self.category == CATEGORY_CODE[name]

    def first(self, actor: int, category: str) -> int:
        """The first action of a category available to an actor (NONE when there is none)."""
        hits = np.flatnonzero(self.allowed[actor] & self.is_category(category))
        return int(hits[0]) if len(hits) else NONE


@dataclass(frozen=True)
class Compiled:
    """Everything about a scenario the engine needs, as indices and arrays."""

    scenario: Scenario
    actors: tuple[str, ...]
    table: ActionTable
    challenger: int
    defender: int
    side: np.ndarray  # (K,) 0 challenger's side, 1 defender's, -1 neutral
    adversary: np.ndarray  # (K,) the other side's lead, NONE for neutrals
    own: tuple[np.ndarray, ...]  # each actor's action indices
    local: np.ndarray  # (A, K): position of action a in actor k's own list, NONE if not its
    quiet: np.ndarray  # (K,) the action an unseen move reads as (hold, else its lowest rung)
    read_up: np.ndarray  # (A,) the acting actor's action one rung up (itself at the top)
    read_down: np.ndarray
    strike_of: np.ndarray  # (K,) each actor's first strike action (NONE)
    typed: np.ndarray  # (K,) bool: has a private type (resolve_prior)
    seats: np.ndarray  # indices of the actors that take actions (every one decides)
    sanction_target: np.ndarray  # (K,) whom each actor's sanctions hit (NONE: it has none)
    channel_path: dict[tuple[int, int], str] = field(default_factory=dict)  # enabled channels
    members: tuple[np.ndarray, np.ndarray] = (np.zeros(0, int), np.zeros(0, int))

    @property
    def k(self) -> int:
        return len(self.actors)

    def index(self, actor_id: str) -> int:
        return self.actors.index(actor_id)

    def lead_of_side(self, side: int) -> int:
        return self.challenger if side == 0 else self.defender


def compile_scenario(scenario: Scenario) -> Compiled:
    """Turn the scenario into arrays (see the module docstring)."""
    actors = tuple(scenario.actors)
    k = len(actors)
    at = {name: i for i, name in enumerate(actors)}
    challenger, defender = at[scenario.challenger], at[scenario.defender]
    side = np.full(k, NONE, dtype=np.int64)
    for name, actor in scenario.actors.items():
        if actor.side == scenario.challenger:
            side[at[name]] = 0
        elif actor.side == scenario.defender:
            side[at[name]] = 1
    adversary = np.where(side == 0, defender, np.where(side == 1, challenger, NONE))
    table = _compile_actions(scenario, at, adversary)
    own = tuple(np.flatnonzero(table.allowed[i]) for i in range(k))
    local = np.full((len(table.ids), k), NONE, dtype=np.int64)
    for i, actions in enumerate(own):
        local[actions, i] = np.arange(len(actions))
    quiet = np.array([_quiet_action(table, own[i]) for i in range(k)], dtype=np.int64)
    read_up, read_down = _misreadings(table, own)
    strike_of = np.array([table.first(i, "strike") for i in range(k)], dtype=np.int64)
    typed = np.array([scenario.actors[a].resolve_prior is not None for a in actors])
    sanction_target = np.full(k, NONE, dtype=np.int64)
    for i in range(k):
        held = table.first(i, "sanction")
        if held >= 0:
            sanction_target[i] = table.target[i, held]
    channels: dict[tuple[int, int], str] = {}
    for name, channel in scenario.channels.items():
        if channel.enabled:
            a, b = (at[x] for x in channel.between)
            channels[(a, b)] = channels[(b, a)] = f"channels.{name}.noise_reduction"
    members = (np.flatnonzero(side == 0), np.flatnonzero(side == 1))
    return Compiled(
        scenario=scenario,
        actors=actors,
        table=table,
        challenger=challenger,
        defender=defender,
        side=side,
        adversary=adversary.astype(np.int64),
        own=own,
        local=local,
        quiet=quiet,
        read_up=read_up,
        read_down=read_down,
        strike_of=strike_of,
        typed=typed,
        seats=np.array([i for i in range(k) if len(own[i])], dtype=np.int64),
        sanction_target=sanction_target,
        channel_path=channels,
        members=members,
    )


def _compile_actions(scenario: Scenario, at: dict[str, int], adversary: np.ndarray) -> ActionTable:
    actions = scenario.actions
    k = len(at)

    def coded(action, name):  # type: ignore[no-untyped-def]
        value = getattr(action, name)
        return getattr(CODINGS[action.category], name) if value is None else value

    target = np.full((k, len(actions)), NONE, dtype=np.int64)
    for j, action in enumerate(actions):
        for i in range(k):
            target[i, j] = at[action.target] if action.target else adversary[i]
    held = ("sanction", "blockade")
    step_fixed = np.array(
        [
            (a.step if a.step is not None else (CODINGS[a.category].step or np.nan))
            if a.category in held
            else np.nan
            for a in actions
        ]
    )
    turn_days = scenario.turn_days
    return ActionTable(
        ids=tuple(a.id for a in actions),
        labels=tuple(a.label for a in actions),
        rung=np.array([a.rung for a in actions], dtype=np.int64),
        category=np.array([CATEGORY_CODE[a.category] for a in actions], dtype=np.int64),
        public=np.array([coded(a, "public") for a in actions], dtype=bool),
        friction=np.array([coded(a, "friction") for a in actions], dtype=float),
        alarm=np.array([coded(a, "alarm") for a in actions], dtype=float),
        commitment=np.array([coded(a, "commitment") for a in actions], dtype=float),
        visibility=np.array(
            [1.0 if a.visibility is None else a.visibility for a in actions], dtype=float
        ),
        breaks_freeze=np.array([coded(a, "breaks_freeze") for a in actions], dtype=bool),
        disarming=np.array([a.disarming for a in actions], dtype=bool),
        step_path=tuple(
            "sanctions.step" if (a.category in held and np.isnan(s)) else None
            for a, s in zip(actions, step_fixed, strict=True)
        ),
        step_fixed=step_fixed,
        cooldown_turns=np.array(
            [-(-a.cooldown_days // turn_days) if a.cooldown_days else 0 for a in actions],
            dtype=np.int64,
        ),
        target=target,
        cost_paths=tuple(f"actions.{a.id}.cost" if a.cost else None for a in actions),
        upkeep_paths=tuple(f"actions.{a.id}.upkeep" if a.upkeep else None for a in actions),
        gain_paths=tuple(
            f"actions.{a.id}.capability_gain" if a.capability_gain else None for a in actions
        ),
        allowed=np.array([[name in a.actors for a in actions] for name in at], dtype=bool),
    )


def _quiet_action(table: ActionTable, own: np.ndarray) -> int:
    """What an actor's unseen move looks like: its `hold`, else its lowest-rung action."""
    holds = own[table.category[own] == CATEGORY_CODE["hold"]]
    if len(holds):
        return int(holds[0])
    return int(own[np.argmin(table.rung[own])])


def _misreadings(table: ActionTable, own: tuple[np.ndarray, ...]) -> tuple[np.ndarray, np.ndarray]:
    """For each actor and each of its actions (k, a), the same actor's action one rung up and
    one down (within 0–4): per actor, because actions such as ``hold`` are shared and a
    misreading must stay among the moves the seen actor can make.

    A misreading moves a reading by one rung short of force. Among an actor's actions on the
    rung, the one closest in friction is taken (a sanctions vote misread upward becomes a
    show of force only if the actor has no other rung-4 move).
    """
    count = len(table.ids)
    up = np.tile(np.arange(count), (len(own), 1))
    down = np.tile(np.arange(count), (len(own), 1))
    force = np.isin(table.category, [CATEGORY_CODE[c] for c in FORCE_CATEGORIES])
    for k, actions in enumerate(own):
        for a in actions:
            if force[a]:
                continue
            for step, out in ((1, up), (-1, down)):
                rung = table.rung[a] + step
                if not 0 <= rung <= READABLE_TOP:
                    continue
                near = actions[(table.rung[actions] == rung) & ~force[actions]]
                if len(near):
                    closest = near[np.argmin(np.abs(table.friction[near] - table.friction[a]))]
                    out[k, a] = int(closest)
    return up, down
