"""The boundedly rational chooser: logit (quantal) response over expected values.

For every action the seat may take, it values the lottery over how the episode could end this
turn given its beliefs — the other side backing down, war, or the standoff going on — with a
one-step look-ahead at the other side's and the third party's response, then picks with logit
noise (McKelvey & Palfrey 1995): P(a) ∝ exp(U(a)/τ), drawn by inverting the softmax CDF at one
of the caller's uniforms, so the draw is reproducible. Equations in docs/model.md, "Logit chooser".

Speed: only the seat's own actions are valued; everything that depends on a rung is tabulated
once per episode for the five pressure levels and then gathered; and arrays are laid out
actions × episodes, so that sums and maxima over actions run along contiguous memory.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from brink.deciders.scripted import apply_negotiation, apply_planned_strike
from brink.engine.compile import CATEGORY_CODE
from brink.scenario.schema import STRIKE_RUNG, Policy

if TYPE_CHECKING:
    from brink.engine.context import Crisis

PRESSURE_TOP = STRIKE_RUNG - 1  # rung 4: the top of coercion short of force
_LEVELS = np.arange(PRESSURE_TOP + 1) / PRESSURE_TOP
_LEVEL_INDEX = np.arange(PRESSURE_TOP + 1)[:, None]
_TERMINAL = np.array([CATEGORY_CODE[c] for c in ("concede", "strike", "war", "nuclear")])


class LogitDecider:
    """Quantal response with one-step look-ahead; hawk/dove live in the scenario's inputs."""

    #: One uniform per episode and turn: the logit draw is made by inverting the softmax CDF.
    noise_width = 1

    def __init__(self, policy: Policy, n_actions: int) -> None:
        self.policy = policy

    def start(self, crisis: Crisis, seat: int) -> None:
        return None

    def observe(self, crisis: Crisis, seat: int, chosen: np.ndarray, seen: np.ndarray) -> None:
        return None

    def utilities(self, crisis: Crisis, seat: int, perceived: np.ndarray) -> np.ndarray:
        """Expected value of each action, shape (n, A); -inf where the action is not allowed."""
        table = crisis.table
        own = np.flatnonzero(table.allowed[seat])
        value = np.full((len(table.ids), crisis.state.n), -np.inf)
        value[own] = _own_action_values(crisis, seat, perceived, own)
        return value.T

    def decide(
        self, crisis: Crisis, seat: int, perceived: np.ndarray, noise: np.ndarray
    ) -> np.ndarray:
        own = np.flatnonzero(crisis.table.allowed[seat])
        value = _own_action_values(crisis, seat, perceived, own)
        temperature = crisis.inputs["decision.temperature"]
        action = own[logit_choice(value, temperature, noise[:, 0])]
        if self.policy.negotiate == "lead":
            action = apply_negotiation(crisis, seat, self.policy, perceived, action)
        return apply_planned_strike(crisis, seat, self.policy, action)


def logit_choice(
    value: np.ndarray, temperature: np.ndarray | float, uniform: np.ndarray
) -> np.ndarray:
    """Row index (action) per column (episode) drawn with P ∝ exp(value/τ).

    ``value`` is (actions, episodes). The draw inverts the CDF at ``uniform``: one uniform per
    episode (Gumbel-max would need one per action) and one exponential per action.
    """
    top = value[0].copy()
    for row in value[1:]:
        np.maximum(top, row, out=top)
    weight = value - top
    weight /= np.maximum(temperature, 1e-12)  # τ → 0 is the best response
    np.exp(weight, out=weight)
    for i in range(1, len(weight)):  # running sum down the (few) actions, in place
        weight[i] += weight[i - 1]
    threshold = uniform * weight[-1]
    chosen = np.zeros(value.shape[1], dtype=np.int64)
    for row in weight[:-1]:
        chosen += row <= threshold
    return chosen


def _own_action_values(
    crisis: Crisis, seat: int, perceived: np.ndarray, own: np.ndarray
) -> np.ndarray:
    """U(a) for the seat's own actions ``own``: shape (len(own), n)."""
    s, inp, table, scen = crisis.state, crisis.inputs, crisis.table, crisis.scenario
    n = s.n
    # Terminal actions (concede, strike, war, nuclear) are valued as whole lotteries below;
    # the flow arithmetic runs only over the actions after which the crisis goes on.
    ending = np.isin(table.category[own], _TERMINAL)
    going = own[~ending]
    rung = table.rung[going]
    cat = table.category[going]
    level = np.minimum(rung, PRESSURE_TOP)  # 0..4: which pressure level each action is
    levels = _LEVELS[:, None]  # (5, 1)
    seen = np.minimum(perceived, PRESSURE_TOP)
    belief = s.belief[:, seat]

    def per_episode(x: np.ndarray | float) -> np.ndarray:
        return np.broadcast_to(np.asarray(x, dtype=float), (n,))

    # War payoffs (n,) and the strike lottery.
    limited, conventional, nuclear = crisis.war_costs(seat)
    p_nuclear = crisis.nuclear_chance()
    major = (1.0 - p_nuclear) * conventional + p_nuclear * nuclear
    other = 1 - seat
    retaliation = crisis.actor_input(other, "retaliation_probability")
    p_nuclear_after = p_nuclear * (1.0 - crisis.disarm_chance(other))
    after_strike = (1.0 - p_nuclear_after) * conventional + p_nuclear_after * nuclear
    strike = (1.0 - retaliation) * limited + retaliation * after_strike

    # Probability the other side backs down / war starts this turn, by pressure level (5, n).
    # Level 0 (talks, hold, concede) coerces no one, so no action mask is needed.
    p_concede = inp["decision.coercion"] * (1.0 - belief) * levels
    p_war = inp["decision.response_risk"] * belief * levels**2
    if scen.accidents.enabled:
        # The hazard follows the lower of the two sides: this level, or what was seen.
        by_level = _accidental_war_by_level(crisis)
        at_seen = np.take_along_axis(by_level, seen[None, :], axis=0)
        p_war = p_war + np.where(seen >= _LEVEL_INDEX, by_level, at_seen)
    p_war = np.minimum(p_war, 1.0 - p_concede)
    they = crisis.payoff("defender_capitulates" if seat == 0 else "challenger_capitulates", seat)
    we = crisis.payoff("challenger_capitulates" if seat == 0 else "defender_capitulates", seat)
    settled_now = p_concede * they + p_war * major  # (5, n)
    goes_on = 1.0 - p_concede - p_war  # (5, n)
    if seat == 1:
        # The third party's reaction shifts the value of going on, level by level.
        settled_now -= goes_on * _third_party_reaction(crisis, seen)

    # What going on is worth after each action: the status quo plus per-action flows (A, n).
    keep_going = per_episode(crisis.payoff("unresolved", seat))
    if seat == 1 and scen.sanctions.enabled:
        keep_going = keep_going - inp["sanctions.concession_weight"] * s.strain
    flow = np.empty((len(going), n))
    flow[:] = keep_going
    # The knot: backing down from a public step costs audience_cost·(1+ego)·commitment.
    audience = crisis.actor_input(seat, "audience_cost")
    backdown_cost = audience * (1.0 + crisis.actor_input(seat, "traits.ego"))
    backdown_cost = per_episode(backdown_cost) * s.commitment[:, seat]
    prev = s.previous_rung[:, seat]
    was_up = prev >= 2
    for j in np.flatnonzero(rung < PRESSURE_TOP):
        flow[j] -= backdown_cost * (was_up & (prev > rung[j]))
    # Honour: answering a perceived provocation in kind.
    honour = per_episode(inp["decision.honour"] * crisis.actor_input(seat, "traits.thin_skin"))
    coercive = (cat != CATEGORY_CODE["talks"]) & (cat != CATEGORY_CODE["hold"])
    for j in np.flatnonzero(coercive & (rung >= 2) & (rung <= PRESSURE_TOP)):
        flow[j] += honour * ((seen >= 2) & (seen <= rung[j]))
    if scen.capability.enabled and seat == 1:
        worth = crisis.actor_input_or(seat, "capability_value", 0.0)
        for j, index in enumerate(going):
            path = table.gain_paths[index]
            if path is not None:
                flow[j] += worth * inp[path] * (1.0 - s.capability)
    if seat == 0 and scen.approval.enabled:
        tough = np.flatnonzero((rung >= 2) & (rung <= PRESSURE_TOP))
        flow[tough] += inp["approval.weight"] * inp["approval.toughness_gain"]
    if scen.negotiation.enabled and crisis.policies[seat].negotiate != "never":
        # An offer on the table that was seen as such (or a deal in force) is likely answered.
        answered = s.offered[:, 1 - seat] & (perceived == 0)
        reciprocated = np.where(answered | (s.stage > 0), 0.8, 0.2)
        maximalism = crisis.actor_input(seat, "traits.maximalism")
        deal = per_episode(inp["negotiation.deal_value"] * (1.0 - maximalism)) * reciprocated
        if seat == 1 and scen.sanctions.enabled:
            deal = deal + 0.5 * reciprocated * inp["sanctions.concession_weight"] * s.strain
        flow[np.flatnonzero(cat == CATEGORY_CODE["talks"])] += deal
        breaking = np.flatnonzero(table.breaks_freeze[going])
        if len(breaking):
            flow[breaking] -= per_episode(inp["negotiation.deal_value"]) * s.stage

    flow *= goes_on[level]
    flow += settled_now[level]
    value = np.empty((len(own), n))
    value[~ending] = flow
    terminal = {
        CATEGORY_CODE["concede"]: per_episode(we) - backdown_cost,
        CATEGORY_CODE["strike"]: per_episode(strike),
        CATEGORY_CODE["war"]: per_episode(major),
        CATEGORY_CODE["nuclear"]: per_episode(nuclear),
    }
    if seat == 0 and scen.alliance.enabled:
        # Allies who were not consulted can take the strike option away (strike_floor).
        vetoed = s.cohesion < inp["alliance.strike_floor"]
        terminal[CATEGORY_CODE["strike"]] = np.where(
            vetoed, -np.inf, terminal[CATEGORY_CODE["strike"]]
        )
    for j in np.flatnonzero(ending):
        value[j] = terminal[int(table.category[own[j]])]
    return value


def _accidental_war_by_level(crisis: Crisis) -> np.ndarray:
    """P(an accident this turn turns into war) when the lower side stands at level 0..4.

    Shape (5, n); constant during a batch, so it is computed once and cached.
    """
    cached = crisis.cache.get("accidental_war_by_level")
    if cached is not None:
        return cached
    inp, top = crisis.inputs, crisis.scenario.accidents.top_rung
    level = np.minimum(np.arange(PRESSURE_TOP + 1), top)[:, None] / top
    hazard = inp["accidents.hazard_top"] * inp["accidents.escalation_probability"]
    table = np.broadcast_to(
        hazard * level ** inp["accidents.exponent"], (PRESSURE_TOP + 1, crisis.state.n)
    ).copy()
    crisis.cache["accidental_war_by_level"] = table
    return table


def _third_party_reaction(crisis: Crisis, seen: np.ndarray) -> np.ndarray:
    """Look-ahead at the third party: provocations make it likelier to enforce sanctions.

    Expected extra strain from acting at each pressure level relative to holding still,
    valued at the target's concession weight: w · share · (P(enforce | level) − P(enforce |
    hold)) while sanctions are on. Shape (5, n).
    """
    scen, s, inp = crisis.scenario, crisis.state, crisis.inputs
    third = scen.third_party
    n = s.n
    if third is None or not scen.sanctions.enabled or third[1].enforcement != "decide":
        return np.zeros((PRESSURE_TOP + 1, n))
    prefix = f"actors.{third[0]}"
    base = (
        inp[f"{prefix}.bias"]
        + inp[f"{prefix}.pressure_response"] * (seen / PRESSURE_TOP)
        - inp[f"{prefix}.collapse_fear"] * s.strain
    )
    # P(enforce) if the tension stood at each level; holding still leaves it where it was seen.
    enforce = base + inp[f"{prefix}.war_fear"] * _LEVELS[:, None]
    np.negative(enforce, out=enforce)
    np.exp(enforce, out=enforce)
    enforce += 1.0
    np.reciprocal(enforce, out=enforce)
    holding = np.take_along_axis(enforce, seen[None, :], axis=0)
    change = np.where(seen < _LEVEL_INDEX, enforce - holding, 0.0)
    weight = inp[f"{prefix}.trade_share"] * inp["sanctions.concession_weight"] * s.sanctions_on
    return weight * change
