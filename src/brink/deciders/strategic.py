"""The strategic decider: every seat weighs its options by expected value and picks by logit.

One model of choice for principals, allies and third parties alike. For each of its open
actions a seat values the lottery over how the crisis could go from here — the other side's
lead backing down or attacking in response, war, a limited exchange, the standoff going on —
using the valuations of ``brink.model.values``, then picks with logit noise (McKelvey &
Palfrey 1995): P(a) ∝ exp(U(a)/τ), drawn by inverting the softmax CDF at one uniform.

A doctrine (a `strategic` policy) constrains and weights this decider: which actions are open,
a utility bonus on preferred ones, whether it talks first, answers offers or never talks. So
traits, approval, allies and beliefs act under every doctrine. Equations: docs/model.md,
"The strategic decider".
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from brink.deciders.base import Decision
from brink.model import values
from brink.model.crisis import as_array
from brink.vocabulary import CATEGORY_CODE, READABLE_TOP, STRIKE_RUNG

if TYPE_CHECKING:
    from brink.model.crisis import Crisis
    from brink.scenario.schema import Policy

NEVER, RECIPROCATE, LEAD = 0, 1, 2
_NEGOTIATE = {"never": NEVER, "reciprocate": RECIPROCATE, "lead": LEAD}
_C = CATEGORY_CODE
_FORCE = np.array([_C["strike"], _C["war"], _C["nuclear"]])
_QUIET = np.array([_C["talks"], _C["hold"], _C["concede"], _C["lift"], _C["restrain"]])
_HELD = np.array([_C["sanction"], _C["blockade"]])
_TESTS = np.array([_C["missile_test"], _C["nuclear_test"]])
#: Perceived moves at or above this rung defy a seat's public commitment.
DEFIANCE_RUNG = 3


class StrategicDecider:
    """Logit choice over expected values, constrained by each episode's doctrine."""

    noise_width = 1

    def __init__(self, doctrines: dict[int, tuple[str, Policy]]) -> None:
        #: leader-type index (position in the seat's mixture) → (policy name, policy)
        self.doctrines = doctrines

    def start(self, crisis: Crisis, seat: int) -> None:
        """Per-episode doctrine arrays, kept in the seat's memory (sliced with the batch)."""
        c, s, n = crisis.compiled, crisis.state, crisis.n
        own = c.own[seat]
        ids = [c.table.ids[a] for a in own]
        allow = np.zeros((len(own), n), dtype=bool)
        prefer = np.zeros((len(own), n))
        negotiate = np.zeros(n, dtype=np.int8)
        for index, (name, policy) in self.doctrines.items():
            mask = s.policy[seat] == index
            if not mask.any():
                continue
            open_ = np.array(
                [
                    (policy.allow is None or i in policy.allow) and i not in policy.forbid
                    for i in ids
                ]
            )
            allow[:, mask] = open_[:, None]
            for action_id in policy.prefer:
                bonus = crisis.inputs[f"policies.{name}.prefer.{action_id}"]
                row = ids.index(action_id)
                prefer[row, mask] = bonus[mask] if isinstance(bonus, np.ndarray) else bonus
            negotiate[mask] = _NEGOTIATE[policy.negotiate]
        s.memory[seat].update(doctrine_allow=allow, doctrine_prefer=prefer, negotiate=negotiate)

    def observe(self, crisis: Crisis, seat: int, chosen: np.ndarray) -> None:
        return None

    def decide(
        self, crisis: Crisis, seat: int, noise: np.ndarray, open_: np.ndarray
    ) -> Decision:
        c, s = crisis.compiled, crisis.state
        memory = s.memory[seat]
        mask = open_ & memory["doctrine_allow"] & _talks_open(crisis, seat, memory["negotiate"])
        # Keep at least one option open: a doctrine never leaves a seat without a move.
        mask[:, ~mask.any(axis=0)] = open_[:, ~mask.any(axis=0)]
        temperature = crisis.value("decision.temperature")
        own = c.own[seat]
        if c.typed[seat]:
            both = np.stack(
                [utilities(crisis, seat, resolute, mask) for resolute in (False, True)]
            )
            probs = softmax(both, temperature)
            chosen_probs = np.where(s.resolute[seat], probs[1], probs[0])
        else:
            probs = None
            chosen_probs = softmax(
                utilities(crisis, seat, s.resolute[seat], mask)[None], temperature
            )[0]
        pick = inverse_cdf(chosen_probs, noise[:, 0])
        category = c.table.category[own]
        force = np.isin(category, _FORCE)
        talks = category == _C["talks"]
        return Decision(
            action=own[pick],
            probs=probs,
            p_force=chosen_probs[force].sum(axis=0),
            p_talks=chosen_probs[talks].sum(axis=0),
        )


def _talks_open(crisis: Crisis, seat: int, negotiate: np.ndarray) -> np.ndarray:
    """Talks are open to a doctrine that leads, to one that reciprocates when an offer was
    seen or a deal is in force, and never to one that does not talk."""
    c, s = crisis.compiled, crisis.state
    own = c.own[seat]
    is_talks = c.table.category[own] == _C["talks"]
    if not is_talks.any():
        return np.ones((len(own), crisis.n), dtype=bool)
    other = c.adversary[seat]
    answered = np.zeros(crisis.n, dtype=bool)
    if other >= 0:
        seen = s.perceived[seat, other]
        answered = (seen >= 0) & (c.table.category[np.maximum(seen, 0)] == _C["talks"])
    ok = (negotiate == LEAD) | ((negotiate == RECIPROCATE) & (answered | (s.stage > 0)))
    out = np.ones((len(own), crisis.n), dtype=bool)
    out[is_talks] = ok
    return out


def softmax(utility: np.ndarray, temperature) -> np.ndarray:  # type: ignore[no-untyped-def]
    """P(a) ∝ exp(U(a)/τ) over axis -2 (actions); -inf utilities get probability 0.

    τ → 0 is the best response (ties split evenly).
    """
    top = utility.max(axis=-2, keepdims=True)
    weight = (utility - top) / np.maximum(temperature, 1e-12)
    np.exp(weight, out=weight)
    weight /= weight.sum(axis=-2, keepdims=True)
    return weight


def inverse_cdf(probs: np.ndarray, uniform: np.ndarray) -> np.ndarray:
    """Row index per column drawn from the column's distribution, by inverting its CDF."""
    cumulative = np.cumsum(probs, axis=0)
    threshold = uniform * cumulative[-1]
    pick = (cumulative[:-1] <= threshold).sum(axis=0)
    return np.minimum(pick, len(probs) - 1)


def utilities(crisis: Crisis, seat: int, resolute, mask: np.ndarray) -> np.ndarray:  # type: ignore[no-untyped-def]
    """U(a) for each of the seat's actions (A_k, n), -inf where ``mask`` is False.

    ``resolute`` is the seat's type (bool or per-episode array): it sets how much war costs it.
    """
    c, s, scen, n = crisis.compiled, crisis.state, crisis.scenario, crisis.n
    table = c.table
    own = c.own[seat]
    category = table.category[own]
    rung = table.rung[own]
    force = np.isin(category, _FORCE)
    quiet = np.isin(category, _QUIET)
    concede = category == _C["concede"]
    going = ~force & ~concede  # actions after which the standoff goes on
    horizon = crisis.horizon_years()
    u = np.zeros((len(own), n))
    u += s.memory[seat]["doctrine_prefer"]

    # The standoff goes on: its value, and what the action changes in it.
    w_self = values.continuation(crisis, seat)
    u[going] += w_self
    for j, a in enumerate(own):
        if table.cost_paths[a] is not None:
            u[j] -= crisis.value(table.cost_paths[a])
    if scen.capability.enabled and crisis.has(seat, "capability_start"):
        worth = as_array(crisis.actor(seat, "capability_value"), n) * horizon
        room = 1.0 - s.capability[seat]
        for j, a in enumerate(own):
            if table.gain_paths[a] is not None:
                u[j] += worth * crisis.value(table.gain_paths[a]) * room
    if scen.sanctions.enabled:
        _held_terms(crisis, seat, own, u)

    # Approval: visible toughness pays; an empty threat costs (the knot).
    public_tough = (
        table.public[own] & (rung >= 1) & (rung <= READABLE_TOP) & ~quiet & ~force
    )
    if scen.approval.enabled and crisis.has(seat, "approval_start"):
        gain = crisis.value("approval.weight") * crisis.value("approval.toughness_gain")
        u[public_tough] += gain * crisis.turn_years
    retreat = values.retreat_cost(crisis, seat)
    defied = _defied(crisis, seat)
    u[going] -= retreat * defied
    u[concede] += _concede_value(crisis, seat) - retreat

    # Honour: answering a perceived provocation in kind.
    provoked, struck = _provocation(crisis, seat)
    honour = crisis.value("decision.honour") * crisis.actor(seat, "traits.thin_skin")
    answers = public_tough & (rung >= 2)
    u[answers] += honour * provoked
    u[category == _C["strike"]] += honour * struck

    # Talks and deals.
    if scen.negotiation.enabled:
        _deal_terms(crisis, seat, own, u)

    # Look-ahead at the other side's lead: does it back down, or attack, after each action?
    other = int(c.adversary[seat])
    if other >= 0:
        _coercion_terms(crisis, seat, other, own, going, resolute, u)
    if scen.accidents.enabled and other >= 0:
        _accident_terms(crisis, seat, other, own, going, resolute, u)

    # Force.
    attacker = int(c.side[seat]) if c.side[seat] >= 0 else None
    for j, a in enumerate(own):
        cat = category[j]
        if cat == _C["war"]:
            u[j] += values.war_value(crisis, seat, resolute, attacker)
        elif cat == _C["nuclear"]:
            u[j] += values.nuclear_war_value(crisis, seat, resolute)
        elif cat == _C["strike"]:
            u[j] += strike_value(crisis, seat, int(a), resolute)
    u[~mask] = -np.inf
    return u


def _concede_value(crisis: Crisis, seat: int) -> np.ndarray:
    return values.capitulation_value(crisis, seat, seat)


def _defied(crisis: Crisis, seat: int) -> np.ndarray:
    """The seat holds a public commitment and saw an adversary defy it last turn."""
    c, s = crisis.compiled, crisis.state
    if not crisis.scenario.knot.enabled:
        return np.zeros(crisis.n, dtype=bool)
    seen_high = np.zeros(crisis.n, dtype=bool)
    for j in _adversaries(crisis, seat):
        seen = s.perceived[seat, j]
        seen_high |= (seen >= 0) & (c.table.rung[np.maximum(seen, 0)] >= DEFIANCE_RUNG)
    return seen_high & (s.commitment[seat] > 0)


def _adversaries(crisis: Crisis, seat: int) -> np.ndarray:
    """Actors on the other side (all sided actors, for a neutral: nobody)."""
    c = crisis.compiled
    side = c.side[seat]
    if side < 0:
        return np.zeros(0, dtype=np.int64)
    return c.members[1 - int(side)]


def _provocation(crisis: Crisis, seat: int) -> tuple[np.ndarray, np.ndarray]:
    """(provoked, struck): an adversary was seen to show force or test; to use force."""
    c, s = crisis.compiled, crisis.state
    provoked = np.zeros(crisis.n)
    struck = np.zeros(crisis.n)
    for j in _adversaries(crisis, seat):
        seen = s.perceived[seat, j]
        rung = np.where(seen >= 0, c.table.rung[np.maximum(seen, 0)], 0)
        provoked = np.maximum(provoked, (rung >= 2) & (rung <= READABLE_TOP))
        struck = np.maximum(struck, rung >= STRIKE_RUNG)
    return provoked, struck


def _held_terms(crisis: Crisis, seat: int, own: np.ndarray, u: np.ndarray) -> None:
    """Sanctions are a policy held, not a weekly coin: value the state each action leads to.

    Tightening or lifting changes the target's strain (and with it its collapse risk, which
    some actors fear), one's upkeep and, for an actor trading with a sanctioned target, the
    secondary pressure it bears; changing policy costs ``switch_cost``.
    """
    c, s, n = crisis.compiled, crisis.state, crisis.n
    table = c.table
    category = table.category[own]
    changes = np.flatnonzero(np.isin(category, _HELD) | (category == _C["lift"]))
    if not len(changes):
        return
    target = int(c.sanction_target[seat]) if c.sanction_target[seat] >= 0 else None
    level = s.sanction[seat]
    horizon = crisis.horizon_years()
    switch = as_array(crisis.actor(seat, "switch_cost", 0.0), n)
    upkeep = values.upkeep(crisis, seat)
    secondary = values.secondary_pressure(crisis, seat)
    war_fear = _war_fear(crisis, seat, target)
    for j in changes:
        a = int(own[j])
        if category[j] == _C["lift"]:
            new = np.zeros(n)
        elif category[j] == _C["sanction"]:
            step = table.step_fixed[a] if table.step_path[a] is None else crisis.value("sanctions.step")
            new = level + step * (1.0 - level)
        else:
            continue  # a blockade's value comes through coercion and friction
        change = new - level
        u[j] -= switch * (np.abs(change) > 1e-9)
        u[j] += horizon * (-np.asarray(upkeep) * change + secondary * change + war_fear * change)
        if target is not None:
            u[j] += horizon * _collapse_change(crisis, seat, target, {seat: new})


def _war_fear(crisis: Crisis, seat: int, target: int | None) -> np.ndarray:
    """A trading partner's belief that its enforcement restrains the target: the war risk it
    removes in proportion to its share of the target's trade, valued at its cost of war."""
    c, s, n = crisis.compiled, crisis.state, crisis.n
    if target is None:
        return np.zeros(n)
    share = crisis.inputs.get(f"actors.{c.actors[seat]}.trade.{c.actors[target]}")
    if share is None:
        return np.zeros(n)
    per_turn = np.minimum(s.p_force[c.challenger] + s.p_force[c.defender], 1.0)
    per_year = 1.0 - (1.0 - per_turn) ** crisis.turns_per_year()
    cost = as_array(crisis.actor(seat, "war_cost"), n)
    return cost * per_year * share


def _collapse_change(crisis: Crisis, seat: int, target: int, levels: dict) -> np.ndarray:
    """Change per year in the seat's expected loss from the target's collapse."""
    c, s = crisis.compiled, crisis.state
    worth = crisis.inputs.get(f"actors.{c.actors[seat]}.payoffs.collapse.{c.actors[target]}")
    if worth is None or not crisis.has(target, "collapse_hazard"):
        return np.zeros(crisis.n)
    hazard = crisis.actor(target, "collapse_hazard")
    before = values.strain_after(crisis, target, {})
    after = values.strain_after(crisis, target, levels)
    del s
    return worth * hazard * (after**2 - before**2)


def _deal_terms(crisis: Crisis, seat: int, own: np.ndarray, u: np.ndarray) -> None:
    """Offers are worth the next stage of a deal times the chance the other side answers;
    breaking a deal in force costs what it has reached."""
    c, s, scen, n = crisis.compiled, crisis.state, crisis.scenario, crisis.n
    table = c.table
    category = table.category[own]
    deal_value = crisis.value("negotiation.deal_value")
    if s.stage.any():
        breaking = table.breaks_freeze[own]
        u[breaking] -= deal_value * s.stage
    other = int(c.adversary[seat])
    talks = category == _C["talks"]
    if other < 0 or not talks.any() or seat not in (c.challenger, c.defender):
        return
    seen = s.perceived[seat, other]
    offer_seen = (seen >= 0) & (c.table.category[np.maximum(seen, 0)] == _C["talks"])
    # An offer seen last turn is answered by offering now; otherwise the other must answer
    # next turn: as likely as its types are willing to talk, and it leans to talking.
    willing = crisis.state.memory[other].get("willing", np.ones(n))
    answer = np.where(offer_seen, 1.0, willing * (0.5 + 0.5 * s.p_talks[other]))
    maximalism = crisis.actor(seat, "traits.maximalism")
    worth = deal_value * (1.0 - maximalism) * (s.stage < len(scen.negotiation.stages))
    if scen.sanctions.enabled and crisis.has(seat, "strain_cost"):
        lifts = (s.stage + 1) >= scen.negotiation.lift_stage
        relief = crisis.actor(seat, "strain_cost") * s.strain[seat] * crisis.horizon_years()
        worth = worth + 0.5 * relief * lifts
    u[talks] += answer * worth


def _coercion_terms(
    crisis: Crisis,
    seat: int,
    other: int,
    own: np.ndarray,
    going: np.ndarray,
    resolute,  # type: ignore[no-untyped-def]
    u: np.ndarray,
) -> None:
    """One step of look-ahead at the other side's lead (docs/model.md, "Look-ahead").

    The other lead j is expected to back down, attack, or carry on next turn with logit
    probabilities over its own values of the three: conceding (its capitulation payoff less
    its retreat cost), starting a war (by its type, weighted by the seat's belief), carrying
    on — the standoff's value to it, less the pressure the seat's action puts on it (economic,
    a committed threat it expects to be carried out in part, a capability gain that threatens
    it), plus its urge to answer a provocation, less an empty threat's cost if it is defied.
    """
    c, s, n = crisis.compiled, crisis.state, crisis.n
    table = c.table
    rows = np.flatnonzero(going)
    if not len(rows):
        return
    actions = own[rows]
    category = table.category[actions]
    rung = table.rung[actions]
    tau = np.maximum(crisis.value("decision.temperature"), 1e-6)
    horizon = crisis.horizon_years()
    w_other = values.continuation(crisis, other)
    belief_j = type_weights(crisis, other, seat)[1]  # the other lead's view of the seat
    war_j = [values.war_value(crisis, other, flag, int(c.side[other])) for flag in (False, True)]
    weights = type_weights(crisis, seat, other)
    war_j_avg = weights[0] * war_j[0] + weights[1] * war_j[1]
    press = np.zeros((len(rows), n))
    # Economic: the strain the action adds, valued over the horizon.
    if crisis.scenario.sanctions.enabled and crisis.has(other, "strain_cost"):
        share = crisis.inputs.get(f"actors.{c.actors[seat]}.trade.{c.actors[other]}", 0.0)
        cost = crisis.actor(other, "strain_cost") * horizon
        for r, a in enumerate(actions):
            if category[r] in _HELD and int(table.target[seat, a]) == other:
                step = table.step_fixed[a] if table.step_path[a] is None else crisis.value(
                    "sanctions.step"
                )
                press[r] += cost * share * step * (1.0 - s.sanction[seat])
    # A committed threat the other expects to be carried out in part if it defies.
    if crisis.scenario.knot.enabled:
        ego = crisis.actor(seat, "traits.ego")
        commit = table.commitment[actions][:, None]
        after = s.commitment[seat] + commit * (1.0 + ego) / 2 * (1.0 - s.commitment[seat])
        credibility = crisis.value("decision.threat_credibility") * belief_j
        press += after * credibility * np.maximum(w_other - war_j_avg, 0.0)
    # A capability gain that threatens the other.
    worry = crisis.inputs.get(f"actors.{c.actors[other]}.capability_threat.{c.actors[seat]}")
    if worry is not None and crisis.scenario.capability.enabled:
        for r, a in enumerate(actions):
            if table.gain_paths[a] is not None:
                press[r] += worry * crisis.value(table.gain_paths[a]) * (
                    1.0 - s.capability[seat]
                ) * horizon
    provocative = (rung >= 2) & ~np.isin(category, _QUIET)
    honour = crisis.value("decision.honour") * crisis.actor(other, "traits.thin_skin")
    carry = w_other - press + honour * provocative[:, None]
    if crisis.scenario.knot.enabled:
        defies = (rung >= DEFIANCE_RUNG)[:, None] & (s.commitment[other] > 0)
        carry = carry - values.retreat_cost(crisis, other) * defies
    concede_j = np.full(n, -np.inf)
    if table.first(other, "concede") >= 0:
        concede_j = _concede_value(crisis, other) - values.retreat_cost(crisis, other)
    top = np.maximum(np.maximum(concede_j, np.maximum(war_j[0], war_j[1])), carry.max(axis=0))
    e_concede = np.exp((concede_j - top) / tau)
    e_carry = np.exp((carry - top) / tau)
    q_concede = np.zeros((len(rows), n))
    q_force = np.zeros((len(rows), n))
    for flag, weight in zip((0, 1), weights, strict=True):
        e_force = np.exp((war_j[flag] - top) / tau)
        total = e_concede + e_force + e_carry
        q_concede += weight * e_concede / total
        q_force += weight * e_force / total
    they_concede = values.capitulation_value(crisis, seat, other)
    attacked = values.war_value(crisis, seat, resolute, int(c.side[other]))
    w_self = values.continuation(crisis, seat)
    u[rows] += q_concede * (they_concede - w_self) + q_force * (attacked - w_self)


def _accident_terms(
    crisis: Crisis,
    seat: int,
    other: int,
    own: np.ndarray,
    going: np.ndarray,
    resolute,  # type: ignore[no-untyped-def]
    u: np.ndarray,
) -> None:
    """Friction raises the chance of a clash nobody chose, valued as a limited war."""
    c, s = crisis.compiled, crisis.state
    seen = s.perceived[seat, other]
    their = np.where(seen >= 0, c.table.friction[np.maximum(seen, 0)], 0.0)
    friction = c.table.friction[own][:, None]
    exponent = crisis.value("accidents.exponent")
    rate = crisis.value("accidents.hazard_top") * np.power(friction * their, exponent / 2)
    hazard = crisis.per_turn(rate)
    loss = values.limited_war_value(crisis, seat, resolute) - values.continuation(crisis, seat)
    u[going] += (hazard * loss)[going]


def type_weights(crisis: Crisis, observer: int, actor: int) -> tuple:
    """(P(irresolute), P(resolute)) of ``actor`` as ``observer`` sees it: its belief when the
    actor's type is private, the truth otherwise."""
    s = crisis.state
    if crisis.compiled.typed[actor] and crisis.scenario.beliefs.private_resolve:
        b = s.belief[observer, actor]
        return 1.0 - b, b
    resolute = s.resolute[actor].astype(float)
    return 1.0 - resolute, resolute


def strike_value(crisis: Crisis, seat: int, action: int, resolute) -> np.ndarray:  # type: ignore[no-untyped-def]
    """Expected value of a limited strike: the target's side answers with war (its red line or
    its choice), strikes back (a limited war) or contains it; a disarming strike may destroy
    the target's nuclear force, which lowers the odds of nuclear war and removes its threat."""
    c, s, n = crisis.compiled, crisis.state, crisis.n
    target = int(c.table.target[seat, action])
    if target < 0:
        return np.full(n, -np.inf)
    lead = c.lead_of_side(int(c.side[target])) if c.side[target] >= 0 else target
    disarm = values.disarm_chance(crisis, target) if c.table.disarming[action] else np.zeros(n)
    own_side = int(c.side[seat]) if c.side[seat] >= 0 else None
    nuclear = values.p_nuclear(crisis, target, disarm)
    war_mine = values.war_value(crisis, seat, resolute, own_side, nuclear=nuclear)
    limited_mine = values.limited_war_value(crisis, seat, resolute)
    contained_mine = values.continuation(crisis, seat)
    worry = crisis.inputs.get(f"actors.{c.actors[seat]}.capability_threat.{c.actors[target]}")
    if worry is not None:
        contained_mine = contained_mine + disarm * worry * s.capability[target] * (
            crisis.horizon_years()
        )
    r_war, r_limited = struck_response(crisis, lead, own_side)
    r_contain = 1.0 - r_war - r_limited
    return r_war * war_mine + r_limited * limited_mine + r_contain * contained_mine


def struck_response(crisis: Crisis, lead: int, attacker_side: int | None) -> tuple:
    """(P(war), P(strike back)) when ``lead``'s side is struck: its 'attacked' red line, else
    logit over its values of war, a limited exchange and containing the blow."""
    c, s, n = crisis.compiled, crisis.state, crisis.n
    tau = np.maximum(crisis.value("decision.temperature"), 1e-6)
    automatic = crisis.state.memory[lead].get("attacked_war", np.zeros(n))
    p_war = np.zeros(n)
    p_limited = np.zeros(n)
    observer = c.challenger if lead == c.defender else c.defender
    weights = type_weights(crisis, observer, lead)
    honour = crisis.value("decision.honour") * crisis.actor(lead, "traits.thin_skin")
    contain = values.continuation(crisis, lead) - honour
    for flag, weight in zip((False, True), weights, strict=True):
        war = values.war_value(crisis, lead, flag, attacker_side)
        limited = values.limited_war_value(crisis, lead, flag)
        top = np.maximum(np.maximum(war, limited), contain)
        e = [np.exp((x - top) / tau) for x in (war, limited, contain)]
        total = e[0] + e[1] + e[2]
        p_war += weight * e[0] / total
        p_limited += weight * e[1] / total
    p_war = automatic + (1.0 - automatic) * p_war
    p_limited = (1.0 - automatic) * p_limited
    return p_war, p_limited
