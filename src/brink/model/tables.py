"""A scenario compiled into the flat arrays the compiled kernels read.

Every number a kernel needs is either a coding of the scenario (an action's rung, an actor's
side) held here, or an input, read from the per-episode input matrix ``X[e, column]``. This
module fixes which column holds which input: global parameters in named slots (``G.*``),
actor inputs in an actor × slot table (``P.*``), pairwise inputs (trade, threats, payoffs by
another actor) in actor × actor tables. A missing optional input has column -1, and kernels
use the documented default instead.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum
from typing import NamedTuple

import numpy as np

from brink.model.compile import Compiled
from brink.model.inputs import InputValues
from brink.vocabulary import CATEGORY_CODE

NO_COLUMN = -1


GLOBAL_PATHS: tuple[str, ...] = (
        "perception.misperception_rate",
        "perception.escalation_bias",
        "perception.delay_probability",
        "perception.false_alarm_share",
        "beliefs.resolute_war_cost",
        "war.limited_cost_share",
        "war.nuclear_cost_multiplier",
        "war.mean_days",
        "war.ceasefire_share",
        "war.first_strike_bonus",
        "war.casualty_decay",
        "casualties.limited",
        "casualties.conventional",
        "casualties.nuclear",
        "accidents.hazard_top",
        "accidents.exponent",
        "knot.half_life_days",
        "sanctions.strain_half_life_days",
        "sanctions.step",
        "alliance.war_cost_factor",
        "alliance.care",
        "alliance.recovery_days",
        "alliance.value",
        "approval.toughness_gain",
        "approval.weight",
        "approval.reversion_days",
        "negotiation.hold_days",
        "negotiation.deal_value",
        "decision.temperature",
        "decision.discount_rate",
        "decision.honour",
        "decision.threat_credibility",
)
ACTOR_FIELDS: tuple[str, ...] = (
        "resolve_prior",
        "stakes",
        "war_cost",
        "strength",
        "nuclear_use_probability",
        "disarm_probability",
        "loose_nukes_probability",
        "audience_cost",
        "approval_start",
        "capability_start",
        "capability_value",
        "strain_cost",
        "collapse_hazard",
        "pressure_sensitivity",
        "switch_cost",
        "exposure",
        "cohesion_loss",
        "traits.ego",
        "traits.thin_skin",
        "traits.maximalism",
        "payoffs.settlement",
        "payoffs.unresolved",
)


class G(IntEnum):
    """Slots of the global parameters (scenario blocks), in the order of GLOBAL_PATHS."""

    MISPERCEPTION = 0
    ESCALATION_BIAS = 1
    DELAY = 2
    FALSE_ALARM = 3
    RESOLUTE_WAR_COST = 4
    LIMITED_SHARE = 5
    NUCLEAR_MULTIPLIER = 6
    WAR_MEAN_DAYS = 7
    CEASEFIRE_SHARE = 8
    FIRST_STRIKE_BONUS = 9
    CASUALTY_DECAY = 10
    DEATHS_LIMITED = 11
    DEATHS_CONVENTIONAL = 12
    DEATHS_NUCLEAR = 13
    HAZARD_TOP = 14
    HAZARD_EXPONENT = 15
    KNOT_HALF_LIFE = 16
    STRAIN_HALF_LIFE = 17
    SANCTION_STEP = 18
    WAR_COST_FACTOR = 19
    ALLY_CARE = 20
    RECOVERY_DAYS = 21
    ALLY_VALUE = 22
    TOUGHNESS_GAIN = 23
    APPROVAL_WEIGHT = 24
    REVERSION_DAYS = 25
    HOLD_DAYS = 26
    DEAL_VALUE = 27
    TEMPERATURE = 28
    DISCOUNT_RATE = 29
    HONOUR = 30
    THREAT_CREDIBILITY = 31


class P(IntEnum):
    """Slots of an actor's own inputs, in the order of ACTOR_FIELDS."""

    RESOLVE_PRIOR = 0
    STAKES = 1
    WAR_COST = 2
    STRENGTH = 3
    NUCLEAR_USE = 4
    DISARM = 5
    LOOSE_NUKES = 6
    AUDIENCE = 7
    APPROVAL_START = 8
    CAPABILITY_START = 9
    CAPABILITY_VALUE = 10
    STRAIN_COST = 11
    COLLAPSE_HAZARD = 12
    PRESSURE_SENSITIVITY = 13
    SWITCH_COST = 14
    EXPOSURE = 15
    COHESION_LOSS = 16
    EGO = 17
    THIN_SKIN = 18
    MAXIMALISM = 19
    PAY_SETTLEMENT = 20
    PAY_UNRESOLVED = 21


assert len(G) == len(GLOBAL_PATHS) and len(P) == len(ACTOR_FIELDS)

# Mechanism switches, in the order of ``Tables.flags``.
F_PERCEPTION, F_PRIVATE, F_ACCIDENTS, F_KNOT, F_SANCTIONS, F_CAPABILITY = range(6)
F_ALLIANCE, F_APPROVAL, F_NEGOTIATION = range(6, 9)
# Policy kinds.
STRATEGIC, TABLE, REACTIVE = range(3)
# Red-line triggers.
TRIGGER_ATTACKED, TRIGGER_ACTION, TRIGGER_CATEGORY = range(3)
NEGOTIATE = {"never": 0, "reciprocate": 1, "lead": 2}
ENFORCEMENT = {"decide": 0, "always": 1, "never": 2}
MAX_RED_LINES = 8


class Tables(NamedTuple):
    """Static arrays of one scenario under one matchup (what every kernel call reads)."""

    k: int
    n_actions: int
    turn_days: float
    challenger: int
    defender: int
    n_stages: int
    lift_stage: int
    flags: np.ndarray  # (9,) bool
    g: np.ndarray  # (32,) column of each global parameter
    p: np.ndarray  # (K, 22) column of each actor input
    threat: np.ndarray  # (K, K) column: cost to i of j's capability
    trade: np.ndarray  # (K, K) column: i's share of j's trade
    pay_collapse: np.ndarray  # (K, K) column: value to i of j's collapse
    pay_capitulation: np.ndarray  # (K, K) column: value to i of j backing down
    channel: np.ndarray  # (K, K) column of the enabled channel's noise reduction
    # Actors.
    is_seat: np.ndarray  # (K,) bool
    side: np.ndarray  # (K,)
    adversary: np.ndarray  # (K,)
    typed: np.ndarray  # (K,) bool
    quiet: np.ndarray  # (K,)
    strike_of: np.ndarray  # (K,)
    war_of: np.ndarray  # (K,)
    concede_of: np.ndarray  # (K,)
    sanction_target: np.ndarray  # (K,)
    enforcement: np.ndarray  # (K,)
    consulted: np.ndarray  # (K,) bool: requires_consultation
    own_start: np.ndarray  # (K,)
    own_count: np.ndarray  # (K,)
    own: np.ndarray  # flattened own action lists
    local: np.ndarray  # (A, K)
    # Actions.
    rung: np.ndarray
    category: np.ndarray
    public: np.ndarray
    friction: np.ndarray
    alarm: np.ndarray
    commitment: np.ndarray
    visibility: np.ndarray
    breaks_freeze: np.ndarray
    disarming: np.ndarray
    step: np.ndarray  # nan: the global sanctions.step
    cooldown: np.ndarray
    target: np.ndarray  # (K, A)
    cost: np.ndarray  # column per action
    upkeep: np.ndarray
    gain: np.ndarray
    read_up: np.ndarray
    read_down: np.ndarray
    # Doctrines, per seat and leader type.
    kind: np.ndarray  # (K, T)
    allow: np.ndarray  # (K, T, Amax) bool
    prefer: np.ndarray  # (K, T, Amax) column
    negotiate: np.ndarray  # (K, T)
    opening: np.ndarray  # (K, T)
    strike_at: np.ndarray  # (K, T)
    consult: np.ndarray  # (K, T) bool
    willing: np.ndarray  # (K,) share of the seat's types that talk
    red_count: np.ndarray  # (K, T)
    red_trigger: np.ndarray  # (K, T, R) kind
    red_value: np.ndarray  # (K, T, R) action id or category code
    red_then: np.ndarray  # (K, T, R)
    red_probability: np.ndarray  # (K, T, R) column
    red_public: np.ndarray  # (K, T, R) bool


@dataclass
class InputMatrix:
    """The per-episode inputs as one matrix, with the column of every path."""

    x: np.ndarray  # (n, columns)
    columns: dict[str, int]

    def column(self, path: str) -> int:
        return self.columns.get(path, NO_COLUMN)


def input_matrix(inputs: InputValues, n: int) -> InputMatrix:
    """Stack every input (sampled arrays and fixed floats) into one (n, P) float matrix."""
    paths = sorted(inputs.paths())
    x = np.empty((n, len(paths)))
    for column, path in enumerate(paths):
        x[:, column] = inputs[path]
    return InputMatrix(x, {path: i for i, path in enumerate(paths)})


def build_tables(
    compiled: Compiled, types: tuple[tuple[str, ...], ...], matrix: InputMatrix
) -> Tables:
    """The static arrays for ``compiled`` with each seat playing the given leader types."""
    scen = compiled.scenario
    table = compiled.table
    k, count = compiled.k, len(table.ids)
    names = compiled.actors
    col = matrix.column

    p = np.full((k, len(ACTOR_FIELDS)), NO_COLUMN, dtype=np.int64)
    for i, name in enumerate(names):
        for slot, field in enumerate(ACTOR_FIELDS):
            p[i, slot] = col(f"actors.{name}.{field}")

    def pairwise(field: str) -> np.ndarray:
        out = np.full((k, k), NO_COLUMN, dtype=np.int64)
        for i, a in enumerate(names):
            for j, b in enumerate(names):
                out[i, j] = col(f"actors.{a}.{field}.{b}")
        return out

    channel = np.full((k, k), NO_COLUMN, dtype=np.int64)
    for (i, j), path in compiled.channel_path.items():
        channel[i, j] = col(path)
    own_count = np.array([len(o) for o in compiled.own], dtype=np.int64)
    own_start = np.concatenate([[0], np.cumsum(own_count)[:-1]]).astype(np.int64)
    widest = int(own_count.max()) if k else 0
    most_types = max((len(t) for t in types), default=1) or 1
    kind = np.zeros((k, most_types), dtype=np.int64)
    allow = np.zeros((k, most_types, widest), dtype=np.bool_)
    prefer = np.full((k, most_types, widest), NO_COLUMN, dtype=np.int64)
    negotiate = np.zeros((k, most_types), dtype=np.int64)
    opening = np.full((k, most_types), -1, dtype=np.int64)
    strike_at = np.zeros((k, most_types), dtype=np.int64)
    consult = np.ones((k, most_types), dtype=np.bool_)
    red_count = np.zeros((k, most_types), dtype=np.int64)
    red_shape = (k, most_types, MAX_RED_LINES)
    red_trigger = np.zeros(red_shape, dtype=np.int64)
    red_value = np.zeros(red_shape, dtype=np.int64)
    red_then = np.zeros(red_shape, dtype=np.int64)
    red_probability = np.full(red_shape, NO_COLUMN, dtype=np.int64)
    red_public = np.zeros(red_shape, dtype=np.bool_)
    willing = np.ones(k)
    for i, seat_types in enumerate(types):
        own_ids = [table.ids[a] for a in compiled.own[i]]
        weights = []
        for t, name in enumerate(seat_types):
            policy = scen.policies[name]
            kind[i, t] = {"strategic": STRATEGIC, "table": TABLE, "reactive": REACTIVE}[
                policy.kind
            ]
            for j, action_id in enumerate(own_ids):
                allow[i, t, j] = (
                    policy.allow is None or action_id in policy.allow
                ) and action_id not in policy.forbid
                if action_id in policy.prefer:
                    prefer[i, t, j] = col(f"policies.{name}.prefer.{action_id}")
            negotiate[i, t] = NEGOTIATE[policy.negotiate]
            if policy.opening is not None and policy.kind == "strategic":
                opening[i, t] = table.index(policy.opening)
            strike_at[i, t] = policy.strike_at or 0
            consult[i, t] = policy.consult_allies
            lines = policy.red_lines[:MAX_RED_LINES]
            red_count[i, t] = len(lines)
            for r, line in enumerate(lines):
                if line.when == "attacked":
                    red_trigger[i, t, r] = TRIGGER_ATTACKED
                elif line.when in table.ids:
                    red_trigger[i, t, r] = TRIGGER_ACTION
                    red_value[i, t, r] = table.index(line.when)
                else:
                    red_trigger[i, t, r] = TRIGGER_CATEGORY
                    red_value[i, t, r] = CATEGORY_CODE[line.when]
                red_then[i, t, r] = table.index(line.then)
                red_probability[i, t, r] = col(f"policies.{name}.red_lines.{r}.probability")
                red_public[i, t, r] = line.public
            weights.append(policy.negotiate != "never")
        if weights:
            willing[i] = float(np.mean(weights))

    def first(category: str) -> np.ndarray:
        return np.array([table.first(i, category) for i in range(k)], dtype=np.int64)

    flags = np.array(
        [
            scen.perception.enabled,
            scen.beliefs.private_resolve,
            scen.accidents.enabled,
            scen.knot.enabled,
            scen.sanctions.enabled,
            scen.capability.enabled,
            scen.alliance.enabled,
            scen.approval.enabled,
            scen.negotiation.enabled,
        ],
        dtype=np.bool_,
    )
    path_columns = lambda paths: np.array(  # noqa: E731
        [col(x) if x is not None else NO_COLUMN for x in paths], dtype=np.int64
    )
    return Tables(
        k=k,
        n_actions=count,
        turn_days=float(scen.turn_days),
        challenger=compiled.challenger,
        defender=compiled.defender,
        n_stages=len(scen.negotiation.stages),
        lift_stage=scen.negotiation.lift_stage,
        flags=flags,
        g=np.array([col(path) for path in GLOBAL_PATHS], dtype=np.int64),
        p=p,
        threat=pairwise("capability_threat"),
        trade=pairwise("trade"),
        pay_collapse=pairwise("payoffs.collapse"),
        pay_capitulation=pairwise("payoffs.capitulation"),
        channel=channel,
        is_seat=np.array([len(o) > 0 and len(types[i]) > 0 for i, o in enumerate(compiled.own)]),
        side=compiled.side.astype(np.int64),
        adversary=compiled.adversary.astype(np.int64),
        typed=compiled.typed.astype(np.bool_),
        quiet=compiled.quiet.astype(np.int64),
        strike_of=compiled.strike_of.astype(np.int64),
        war_of=first("war"),
        concede_of=first("concede"),
        sanction_target=compiled.sanction_target.astype(np.int64),
        enforcement=np.array(
            [ENFORCEMENT[scen.actors[a].enforcement] for a in names], dtype=np.int64
        ),
        consulted=np.array([scen.actors[a].requires_consultation for a in names]),
        own_start=own_start,
        own_count=own_count,
        own=np.concatenate([o for o in compiled.own]).astype(np.int64)
        if k
        else np.zeros(0, np.int64),
        local=compiled.local.astype(np.int64),
        rung=table.rung.astype(np.int64),
        category=table.category.astype(np.int64),
        public=table.public.astype(np.bool_),
        friction=table.friction.astype(np.float64),
        alarm=table.alarm.astype(np.float64),
        commitment=table.commitment.astype(np.float64),
        visibility=table.visibility.astype(np.float64),
        breaks_freeze=table.breaks_freeze.astype(np.bool_),
        disarming=table.disarming.astype(np.bool_),
        step=table.step_fixed.astype(np.float64),
        cooldown=table.cooldown_turns.astype(np.int64),
        target=table.target.astype(np.int64),
        cost=path_columns(table.cost_paths),
        upkeep=path_columns(table.upkeep_paths),
        gain=path_columns(table.gain_paths),
        read_up=compiled.read_up.astype(np.int64),
        read_down=compiled.read_down.astype(np.int64),
        kind=kind,
        allow=allow,
        prefer=prefer,
        negotiate=negotiate,
        opening=opening,
        strike_at=strike_at,
        consult=consult,
        willing=willing,
        red_count=red_count,
        red_trigger=red_trigger,
        red_value=red_value,
        red_then=red_then,
        red_probability=red_probability,
        red_public=red_public,
    )
