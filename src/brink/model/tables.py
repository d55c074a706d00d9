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

import numpy as np

from brink.model.compile import Compiled
from brink.model.inputs import InputValues
from brink.model.layout import MAX_ACTORS, MAX_INPUTS, MAX_RED_LINES, SHAPES, record_dtype
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
    "decision.temperature",
    "decision.discount_rate",
    "decision.honour",
    "decision.threat_credibility",
    "fading.calm_days",
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
    TEMPERATURE = 27
    DISCOUNT_RATE = 28
    HONOUR = 29
    THREAT_CREDIBILITY = 30
    CALM_DAYS = 31


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
F_ALLIANCE, F_APPROVAL, F_NEGOTIATION, F_FADING = range(6, 10)
# Policy kinds.
STRATEGIC, TABLE, REACTIVE = range(3)
# Red-line triggers.
TRIGGER_ATTACKED, TRIGGER_ACTION, TRIGGER_CATEGORY = range(3)
NEGOTIATE = {"never": 0, "reciprocate": 1, "lead": 2}
ENFORCEMENT = {"decide": 0, "always": 1, "never": 2}


TABLE_FIELDS: list[tuple[str, type, str]] = [
    ("k", np.int64, ""),
    ("n_actions", np.int64, ""),
    ("turn_days", np.float64, ""),
    ("challenger", np.int64, ""),
    ("defender", np.int64, ""),
    ("n_stages", np.int64, ""),
    ("lift_stage", np.int64, ""),
    ("flags", bool, "F"),
    ("g", np.int64, "G"),  # column of each global parameter
    ("p", np.int64, "KP"),  # column of each actor input
    ("threat", np.int64, "KK"),  # column: cost to i of j's capability
    ("trade", np.int64, "KK"),  # column: i's share of j's trade
    ("pay_collapse", np.int64, "KK"),  # column: value to i of j's collapse
    ("pay_capitulation", np.int64, "KK"),  # column: value to i of j backing down
    ("channel", np.int64, "KK"),  # column of the enabled channel's noise reduction
    # Relations as short lists (what loops run over): entry i holds count[i] actor ids.
    ("members", np.int64, "2K"),  # each side's actors
    ("n_members", np.int64, "2"),
    ("threats", np.int64, "KK"),  # actors whose capability i fears
    ("n_threats", np.int64, "K"),
    ("trades_with", np.int64, "KK"),  # targets whose trade i holds a share of
    ("n_trades_with", np.int64, "K"),
    ("traders", np.int64, "KK"),  # actors holding a share of j's trade
    ("n_traders", np.int64, "K"),
    ("senders", np.int64, "KK"),  # actors whose sanctions hit j
    ("n_senders", np.int64, "K"),
    ("fears_collapse", np.int64, "KK"),  # actors whose collapse i values (and can collapse)
    ("n_fears_collapse", np.int64, "K"),
    ("sanction_action", np.int64, "K"),  # i's sanction action (-1 none)
    # Actors.
    ("is_seat", bool, "K"),
    ("side", np.int64, "K"),
    ("adversary", np.int64, "K"),
    ("typed", bool, "K"),
    ("quiet", np.int64, "K"),
    ("strike_of", np.int64, "K"),
    ("war_of", np.int64, "K"),
    ("concede_of", np.int64, "K"),
    ("sanction_target", np.int64, "K"),
    ("enforcement", np.int64, "K"),
    ("consulted", bool, "K"),
    ("own_start", np.int64, "K"),
    ("own_count", np.int64, "K"),
    ("own", np.int64, "OWN"),
    ("local", np.int64, "AK"),
    ("willing", np.float64, "K"),
    ("n_types", np.int64, "K"),  # leader types in the seat's mixture
    ("type_share", np.float64, "KT"),  # their mixture weights
    # Actions.
    ("rung", np.int64, "A"),
    ("category", np.int64, "A"),
    ("public", bool, "A"),
    ("friction", np.float64, "A"),
    ("alarm", np.float64, "A"),
    ("commitment", np.float64, "A"),
    ("visibility", np.float64, "A"),
    ("breaks_freeze", bool, "A"),
    ("disarming", bool, "A"),
    ("step", np.float64, "A"),  # nan: the global sanctions.step
    ("cooldown", np.int64, "A"),
    ("target", np.int64, "KA"),
    ("cost", np.int64, "A"),
    ("upkeep", np.int64, "A"),
    ("gain", np.int64, "A"),
    ("read_up", np.int64, "KA"),  # read_up[k, a]: k's move a misread one rung up
    ("read_down", np.int64, "KA"),
    # Doctrines, per seat and leader type.
    ("kind", np.int64, "KT"),
    ("allow", bool, "KTA"),
    ("prefer", np.int64, "KTA"),
    ("negotiate", np.int64, "KT"),
    ("opening", np.int64, "KT"),
    ("strike_at", np.int64, "KT"),
    ("consult", bool, "KT"),
    ("red_count", np.int64, "KT"),
    ("red_trigger", np.int64, "KTR"),
    ("red_value", np.int64, "KTR"),
    ("red_then", np.int64, "KTR"),
    ("red_probability", np.int64, "KTR"),
    ("red_public", bool, "KTR"),
]
SHAPES.update(
    {
        "F": (10,),
        "G": (len(GLOBAL_PATHS),),
        "KP": (MAX_ACTORS, len(ACTOR_FIELDS)),
        "2K": (2, MAX_ACTORS),
        "2": (2,),
    }
)
TABLES_DTYPE = record_dtype(TABLE_FIELDS)


#: One record of inputs per episode: kernels read ``X[e].v[column]``. A record, not a row of a
#: matrix, because rows of an array are reference-counted views and reading one in every
#: call cost more than the model's arithmetic; a record's field is not.
INPUTS_DTYPE = np.dtype([("v", np.float64, (MAX_INPUTS,))], align=True)


@dataclass
class InputMatrix:
    """The per-episode inputs, with the column of every path."""

    x: np.ndarray  # (n,) records of INPUTS_DTYPE
    columns: dict[str, int]

    def column(self, path: str) -> int:
        return self.columns.get(path, NO_COLUMN)

    @property
    def values(self) -> np.ndarray:
        """(n, columns) view of the inputs."""
        return self.x["v"][:, : len(self.columns)]


def input_matrix(inputs: InputValues, n: int) -> InputMatrix:
    """Stack every input (sampled arrays and fixed floats) into one record per episode."""
    paths = sorted(inputs.paths())
    if len(paths) > MAX_INPUTS:
        raise ValueError(f"a scenario may have at most {MAX_INPUTS} numeric inputs")
    x = np.zeros(n, dtype=INPUTS_DTYPE)
    # Column by column into a dense block, then one row-contiguous copy into the records:
    # writing each column straight into the records touches a cache line per value.
    dense = np.empty((n, len(paths)))
    for column, path in enumerate(paths):
        dense[:, column] = inputs[path]
    x["v"][:, : len(paths)] = dense
    return InputMatrix(x, {path: i for i, path in enumerate(paths)})


def build_tables(
    compiled: Compiled,
    types: tuple[tuple[str, ...], ...],
    matrix: InputMatrix,
    weights: tuple[np.ndarray, ...] | None = None,
) -> np.ndarray:
    """The static tables (a one-element record array) for ``compiled`` with each seat playing
    the given leader types (``weights``: their mixture shares, equal when omitted). Kernels
    read ``tables[0]``."""
    scen = compiled.scenario
    table = compiled.table
    k, count = compiled.k, len(table.ids)
    names = compiled.actors
    col = matrix.column
    out = np.zeros(1, dtype=TABLES_DTYPE)
    r = out[0]
    for field in (
        "p",
        "threat",
        "trade",
        "pay_collapse",
        "pay_capitulation",
        "channel",
        "quiet",
        "strike_of",
        "war_of",
        "concede_of",
        "sanction_target",
        "local",
        "target",
        "cost",
        "upkeep",
        "gain",
        "read_up",
        "read_down",
        "prefer",
        "opening",
        "red_probability",
        "side",
        "adversary",
    ):
        r[field] = NO_COLUMN
    r["k"], r["n_actions"], r["turn_days"] = k, count, float(scen.turn_days)
    r["challenger"], r["defender"] = compiled.challenger, compiled.defender
    r["n_stages"], r["lift_stage"] = len(scen.negotiation.stages), scen.negotiation.lift_stage
    r["flags"] = [
        scen.perception.enabled,
        scen.beliefs.private_resolve,
        scen.accidents.enabled,
        scen.knot.enabled,
        scen.sanctions.enabled,
        scen.capability.enabled,
        scen.alliance.enabled,
        scen.approval.enabled,
        scen.negotiation.enabled,
        scen.fading.enabled,
    ]
    r["g"] = [col(path) for path in GLOBAL_PATHS]
    for i, name in enumerate(names):
        for slot, field in enumerate(ACTOR_FIELDS):
            r["p"][i, slot] = col(f"actors.{name}.{field}")
        for j, other in enumerate(names):
            r["threat"][i, j] = col(f"actors.{name}.capability_threat.{other}")
            r["trade"][i, j] = col(f"actors.{name}.trade.{other}")
            r["pay_collapse"][i, j] = col(f"actors.{name}.payoffs.collapse.{other}")
            r["pay_capitulation"][i, j] = col(f"actors.{name}.payoffs.capitulation.{other}")
    for (i, j), path in compiled.channel_path.items():
        r["channel"][i, j] = col(path)
    own_count = np.array([len(o) for o in compiled.own], dtype=np.int64)
    own_start = np.concatenate([[0], np.cumsum(own_count)[:-1]]).astype(np.int64)
    flat = np.concatenate(list(compiled.own)) if k else np.zeros(0, np.int64)
    r["own_count"][:k], r["own_start"][:k], r["own"][: len(flat)] = own_count, own_start, flat
    r["local"][:count, :k] = compiled.local
    r["is_seat"][:k] = [len(o) > 0 and len(types[i]) > 0 for i, o in enumerate(compiled.own)]
    r["side"][:k], r["adversary"][:k] = compiled.side, compiled.adversary
    r["typed"][:k], r["quiet"][:k] = compiled.typed, compiled.quiet
    r["strike_of"][:k] = compiled.strike_of
    r["war_of"][:k] = [table.first(i, "war") for i in range(k)]
    r["concede_of"][:k] = [table.first(i, "concede") for i in range(k)]
    r["sanction_target"][:k] = compiled.sanction_target
    r["enforcement"][:k] = [ENFORCEMENT[scen.actors[a].enforcement] for a in names]
    r["consulted"][:k] = [scen.actors[a].requires_consultation for a in names]
    r["rung"][:count], r["category"][:count] = table.rung, table.category
    r["public"][:count], r["friction"][:count] = table.public, table.friction
    r["alarm"][:count], r["commitment"][:count] = table.alarm, table.commitment
    r["visibility"][:count], r["breaks_freeze"][:count] = table.visibility, table.breaks_freeze
    r["disarming"][:count], r["step"][:count] = table.disarming, table.step_fixed
    r["cooldown"][:count], r["target"][:k, :count] = table.cooldown_turns, table.target
    for field, paths in (
        ("cost", table.cost_paths),
        ("upkeep", table.upkeep_paths),
        ("gain", table.gain_paths),
    ):
        r[field][:count] = [col(x) if x is not None else NO_COLUMN for x in paths]
    r["read_up"][:k, :count], r["read_down"][:k, :count] = compiled.read_up, compiled.read_down
    _relations(r, compiled, k, col)
    r["willing"][:] = 1.0
    r["consult"][:] = True
    for i, seat_types in enumerate(types):
        own_ids = [table.ids[a] for a in compiled.own[i]]
        talkers = []
        for t, name in enumerate(seat_types):
            policy = scen.policies[name]
            r["kind"][i, t] = {"strategic": STRATEGIC, "table": TABLE, "reactive": REACTIVE}[
                policy.kind
            ]
            for j, action_id in enumerate(own_ids):
                r["allow"][i, t, j] = (
                    policy.allow is None or action_id in policy.allow
                ) and action_id not in policy.forbid
                if action_id in policy.prefer:
                    r["prefer"][i, t, j] = col(f"policies.{name}.prefer.{action_id}")
            r["negotiate"][i, t] = NEGOTIATE[policy.negotiate]
            if policy.opening is not None and policy.kind == "strategic":
                r["opening"][i, t] = table.index(policy.opening)
            r["strike_at"][i, t] = policy.strike_at or 0
            r["consult"][i, t] = policy.consult_allies
            lines = policy.red_lines[:MAX_RED_LINES]
            r["red_count"][i, t] = len(lines)
            for n, line in enumerate(lines):
                if line.when == "attacked":
                    r["red_trigger"][i, t, n] = TRIGGER_ATTACKED
                elif line.when in table.ids:
                    r["red_trigger"][i, t, n] = TRIGGER_ACTION
                    r["red_value"][i, t, n] = table.index(line.when)
                else:
                    r["red_trigger"][i, t, n] = TRIGGER_CATEGORY
                    r["red_value"][i, t, n] = CATEGORY_CODE[line.when]
                r["red_then"][i, t, n] = table.index(line.then)
                r["red_probability"][i, t, n] = col(f"policies.{name}.red_lines.{n}.probability")
                r["red_public"][i, t, n] = line.public
            talkers.append(policy.negotiate != "never")
        r["n_types"][i] = len(seat_types)
        if seat_types:
            share_of = (
                np.full(len(seat_types), 1.0 / len(seat_types))
                if weights is None
                else np.asarray(weights[i], dtype=float)
            )
            r["type_share"][i, : len(seat_types)] = share_of
        if talkers:
            # The share of the seat's leader types that would talk, weighted as the mixture
            # is: a type of weight 0 must change nothing.
            share = None if weights is None else np.asarray(weights[i], dtype=float)
            r["willing"][i] = float(np.average(talkers, weights=share))
    out[0] = r
    return out


def _relations(r, compiled: Compiled, k: int, col) -> None:  # type: ignore[no-untyped-def]
    """Fill the relation lists kernels loop over (instead of scanning every pair)."""
    names = compiled.actors

    def fill(field: str, count: str, row: int, items: list[int]) -> None:
        r[field][row, : len(items)] = items
        r[count][row] = len(items)

    for side in range(2):
        fill("members", "n_members", side, [int(m) for m in compiled.members[side]])
    hazard = [col(f"actors.{a}.collapse_hazard") >= 0 for a in names]
    for i in range(k):
        fill("threats", "n_threats", i, [j for j in range(k) if r["threat"][i, j] >= 0])
        fill("trades_with", "n_trades_with", i, [j for j in range(k) if r["trade"][i, j] >= 0])
        fill("traders", "n_traders", i, [m for m in range(k) if r["trade"][m, i] >= 0])
        fill(
            "senders",
            "n_senders",
            i,
            [m for m in range(k) if compiled.sanction_target[m] == i],
        )
        fill(
            "fears_collapse",
            "n_fears_collapse",
            i,
            [j for j in range(k) if r["pay_collapse"][i, j] >= 0 and hazard[j]],
        )
        r["sanction_action"][i] = compiled.table.first(i, "sanction")
