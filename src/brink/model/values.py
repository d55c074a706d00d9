"""What outcomes and states are worth to each actor: the model's valuations, written once.

Deciders weigh their options with these functions and the engine books realised payoffs with
them, so a choice and its consequence are valued the same way. Equations: docs/model.md,
"Values". All values are in stakes units; flows are per year and weighed over the decision
horizon H = 1 / discount rate (years).
"""

from __future__ import annotations

import numpy as np

from brink.model.crisis import Crisis, Value, as_array


def _per_turn(crisis: Crisis, key: str, make):  # type: ignore[no-untyped-def]
    """A value that changes every turn, computed once per turn."""
    store = crisis.cache.setdefault("turn", {})
    assert isinstance(store, dict)
    if store.get("_turn") != crisis.turn:
        store.clear()
        store["_turn"] = crisis.turn
    if key not in store:
        store[key] = make()
    return store[key]


# Sides and war ------------------------------------------------------------------------------
def side_strength(crisis: Crisis) -> np.ndarray:
    """(2, n): military weight of each side: members' strength, allies' weighed by cohesion."""

    def make() -> np.ndarray:
        c, s = crisis.compiled, crisis.state
        out = np.zeros((2, s.n))
        for side, members in enumerate(c.members):
            for k in members:
                weight = as_array(crisis.actor(int(k), "strength", 0.0), s.n)
                out[side] += weight * s.cohesion[k]
        return np.maximum(out, 1e-9)

    return _per_turn(crisis, "side_strength", make)


def prevail(crisis: Crisis, side: int, attacker_side: int | None = None) -> np.ndarray:
    """P(side prevails in a major war); the side that attacks gains the first-strike bonus."""
    strength = side_strength(crisis)
    p = strength[side] / (strength[0] + strength[1])
    if attacker_side is not None:
        bonus = crisis.value("war.first_strike_bonus")
        p = p + (bonus if attacker_side == side else -bonus)
    return np.clip(p, 0.0, 1.0)


def nuclear_use(crisis: Crisis, k: int) -> np.ndarray:
    """P(actor k uses nuclear weapons in a major war), growing with its capability."""
    s, n = crisis.state, crisis.n
    base = as_array(crisis.actor(k, "nuclear_use_probability", 0.0), n)
    if crisis.scenario.capability.enabled and crisis.has(k, "capability_start"):
        start = as_array(crisis.actor(k, "capability_start"), n)
        base = base * np.where(start > 0, s.capability[k] / np.maximum(start, 1e-9), 1.0)
    return np.where(s.nuclear_off[k], 0.0, np.clip(base, 0.0, 1.0))


def p_nuclear(crisis: Crisis, spare: int | None = None, spared: Value = 0.0) -> np.ndarray:
    """P(a major war goes nuclear): any nuclear-armed belligerent uses its weapons.

    ``spare``/``spared``: actor ``spare`` is disarmed with probability ``spared`` (a disarming
    strike), which removes its use in that share of cases.
    """

    def make() -> np.ndarray:
        keep = np.ones(crisis.n)
        for k in np.flatnonzero(crisis.compiled.side >= 0):
            keep *= 1.0 - nuclear_use(crisis, int(k))
        return 1.0 - keep

    if spare is None:
        return _per_turn(crisis, "p_nuclear", make)
    keep = np.ones(crisis.n)
    for k in np.flatnonzero(crisis.compiled.side >= 0):
        use = nuclear_use(crisis, int(k))
        if int(k) == spare:
            use = use * (1.0 - np.asarray(spared))
        keep *= 1.0 - use
    return 1.0 - keep


def war_cost(crisis: Crisis, k: int, resolute: Value) -> np.ndarray:
    """Cost of a major war to k: a resolute type feels a share of it; a lead also bears lost
    cohesion and weighs its allies' exposure."""
    c, s, n = crisis.compiled, crisis.state, crisis.n
    cost = as_array(crisis.actor(k, "war_cost"), n)
    if crisis.scenario.beliefs.private_resolve or crisis.compiled.typed[k]:
        share = crisis.value("beliefs.resolute_war_cost")
        cost = cost * np.where(resolute, share, 1.0)
    side = c.side[k]
    if side >= 0 and k == c.lead_of_side(int(side)) and crisis.scenario.alliance.enabled:
        allies = [int(m) for m in c.members[side] if m != k]
        if allies:
            lost = sum(1.0 - s.cohesion[m] for m in allies) / len(allies)
            exposed = sum(
                as_array(crisis.actor(m, "exposure", 0.0), n) * s.cohesion[m] for m in allies
            )
            cost = cost * (1.0 + crisis.value("alliance.war_cost_factor") * lost)
            cost = cost * (1.0 + crisis.value("alliance.care") * exposed)
    return cost


def war_value(
    crisis: Crisis,
    k: int,
    resolute: Value,
    attacker_side: int | None = None,
    nuclear: np.ndarray | None = None,
) -> np.ndarray:
    """Value to k of a major war: Fearon's p·stakes − cost, the cost raised if it goes nuclear."""
    c, n = crisis.compiled, crisis.n
    p_nuc = p_nuclear(crisis) if nuclear is None else nuclear
    multiplier = crisis.value("war.nuclear_cost_multiplier")
    cost = war_cost(crisis, k, resolute) * (1.0 - p_nuc + p_nuc * multiplier)
    side = int(c.side[k])
    if side < 0:
        return -cost
    stakes = as_array(crisis.actor(k, "stakes", 0.0), n)
    return stakes * prevail(crisis, side, attacker_side) - cost


def nuclear_war_value(crisis: Crisis, k: int, resolute: Value) -> np.ndarray:
    """Value to k of a war in which nuclear weapons are used for certain."""
    ones = np.ones(crisis.n)
    return war_value(crisis, k, resolute, None, nuclear=ones)


def limited_war_value(crisis: Crisis, k: int, resolute: Value) -> np.ndarray:
    """Value to k of a limited war (an exchange of strikes ended by a ceasefire)."""
    return -crisis.value("war.limited_cost_share") * war_cost(crisis, k, resolute)


# The standoff going on -----------------------------------------------------------------------
def level_flow(crisis: Crisis, k: int, capability: dict[int, np.ndarray] | None = None) -> np.ndarray:
    """Per-year value to k of the capabilities standing (its own; others' it fears).

    These flows outlive the crisis: an outcome changes them only by changing capability (a
    lead that capitulates gives up its capability programme). ``capability`` overrides
    actors' capability (e.g. projected growth, or zero after capitulation).
    """
    s, n = crisis.state, crisis.n
    out = np.zeros(n)
    if not crisis.scenario.capability.enabled:
        return out
    capability = capability or {}
    if crisis.has(k, "capability_start"):
        own = capability.get(k, s.capability[k])
        out += as_array(crisis.actor(k, "capability_value"), n) * own
    for other, path in _threats(crisis, k):
        out -= crisis.value(path) * np.minimum(capability.get(other, s.capability[other]), 1.0)
    return out


def crisis_flow(crisis: Crisis, k: int) -> np.ndarray:
    """Per-year value to k of the standoff's own costs, which end with the crisis: economic
    strain, the risk of a regime's collapse, secondary pressure, upkeep, alliance ties."""

    def make() -> np.ndarray:
        c, s, scen, n = crisis.compiled, crisis.state, crisis.scenario, crisis.n
        out = np.zeros(n)
        if scen.sanctions.enabled:
            if crisis.has(k, "strain_cost"):
                out -= as_array(crisis.actor(k, "strain_cost"), n) * s.strain[k]
            for j in range(c.k):
                worth = crisis.inputs.get(f"actors.{c.actors[k]}.payoffs.collapse.{c.actors[j]}")
                if worth is not None and crisis.has(j, "collapse_hazard"):
                    out += worth * crisis.actor(j, "collapse_hazard") * s.strain[j] ** 2
            out -= secondary_pressure(crisis, k) * (1.0 - s.sanction[k])
            out -= upkeep(crisis, k) * s.sanction[k]
        if scen.alliance.enabled and _is_ally(crisis, k):
            out += crisis.value("alliance.value") * s.cohesion[k]
        return out

    return _per_turn(crisis, f"crisis_flow{k}", make)


def flow(crisis: Crisis, k: int) -> np.ndarray:
    """What one more year of the standoff as it stands is worth to k (stakes units per year)."""
    return _per_turn(
        crisis, f"flow{k}", lambda: level_flow(crisis, k) + crisis_flow(crisis, k)
    )


def continuation(crisis: Crisis, k: int) -> np.ndarray:
    """W_k: the standoff's value to k over its decision horizon H, with others' capability
    projected to grow at its recent rate (so waiting has a price when it is growing)."""

    def make() -> np.ndarray:
        s, horizon = crisis.state, crisis.horizon_years()
        projected = {
            j: np.minimum(s.capability[j] + s.capability_rate[j] * horizon / 2, 1.0)
            for j in range(crisis.compiled.k)
            if j != k
        }
        return horizon * (level_flow(crisis, k, projected) + crisis_flow(crisis, k))

    return _per_turn(crisis, f"continuation{k}", make)


def capitulation_value(crisis: Crisis, k: int, lead: int) -> np.ndarray:
    """Value to k of ``lead`` backing down: its payoff, then the capabilities that stand over
    the horizon — the capitulating lead's programme given up."""

    def make() -> np.ndarray:
        names = crisis.compiled.actors
        payoff = as_array(crisis.payoff(k, f"capitulation.{names[lead]}"), crisis.n)
        after = {lead: np.zeros(crisis.n)}
        return payoff + crisis.horizon_years() * level_flow(crisis, k, after)

    return _per_turn(crisis, f"capitulation{k}:{lead}", make)


def settlement_value(crisis: Crisis, k: int) -> np.ndarray:
    """Value to k of a settlement: its payoff, with capabilities frozen where they stand."""
    payoff = as_array(crisis.payoff(k, "settlement"), crisis.n)
    return payoff + crisis.horizon_years() * level_flow(crisis, k)


def _threats(crisis: Crisis, k: int) -> list[tuple[int, str]]:
    c = crisis.compiled
    actor = crisis.scenario.actors[c.actors[k]]
    return [
        (c.index(other), f"actors.{c.actors[k]}.capability_threat.{other}")
        for other in actor.capability_threat
    ]


def _is_ally(crisis: Crisis, k: int) -> bool:
    c = crisis.compiled
    side = int(c.side[k])
    return side >= 0 and k != c.lead_of_side(side)


def secondary_pressure(crisis: Crisis, k: int) -> np.ndarray:
    """Cost per year to k of trading with a target that others sanction (while k does not)."""
    c, s, n = crisis.compiled, crisis.state, crisis.n
    if not crisis.has(k, "pressure_sensitivity"):
        return np.zeros(n)
    pressure = np.zeros(n)
    for target in crisis.scenario.actors[c.actors[k]].trade:
        j = c.index(target)
        for m in np.flatnonzero(c.sanction_target == j):
            if m != k:
                pressure = np.maximum(pressure, s.sanction[m])
    return as_array(crisis.actor(k, "pressure_sensitivity"), n) * pressure


def upkeep(crisis: Crisis, k: int) -> Value:
    """Cost per year to k of its own sanctions at full level."""
    table = crisis.table
    action = table.first(k, "sanction")
    if action < 0 or table.upkeep_paths[action] is None:
        return 0.0
    return crisis.value(table.upkeep_paths[action])


def retreat_cost(crisis: Crisis, k: int) -> np.ndarray:
    """What retreating from its public commitments costs k's leader, in its own eyes.

    The public takes audience_cost · commitment of approval (Tomz 2007); the leader weighs it
    at approval.weight and, ego-driven, by (1 + ego). Bounded: commitment never exceeds 1.
    """
    s, scen, n = crisis.state, crisis.scenario, crisis.n
    if not (scen.knot.enabled and scen.approval.enabled and crisis.has(k, "audience_cost")):
        return np.zeros(n)
    ego = crisis.actor(k, "traits.ego")
    return (
        crisis.value("approval.weight")
        * crisis.actor(k, "audience_cost")
        * s.commitment[k]
        * (1.0 + ego)
    )


def strain_after(crisis: Crisis, j: int, levels: dict[int, Value]) -> np.ndarray:
    """Steady-state strain of j if the senders in ``levels`` held those sanction levels."""
    c, s, n = crisis.compiled, crisis.state, crisis.n
    pain = np.zeros(n)
    for m in range(c.k):
        share = crisis.inputs.get(f"actors.{c.actors[m]}.trade.{c.actors[j]}")
        if share is None:
            continue
        level = levels.get(m, s.sanction[m])
        pain += np.asarray(level) * share
    return np.minimum(pain, 1.0)


def disarm_chance(crisis: Crisis, j: int) -> np.ndarray:
    """P(a disarming strike destroys all of j's nuclear weapons): falls as capability grows."""
    s, n = crisis.state, crisis.n
    base = as_array(crisis.actor(j, "disarm_probability", 0.0), n)
    if crisis.scenario.capability.enabled and crisis.has(j, "capability_start"):
        start = as_array(crisis.actor(j, "capability_start"), n)
        room = np.clip((1.0 - s.capability[j]) / np.maximum(1.0 - start, 1e-9), 0.0, 1.0)
        base = base * room
    return np.where(s.nuclear_off[j], 0.0, base)
