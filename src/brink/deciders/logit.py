"""The boundedly rational chooser: logit (quantal) response over expected values.

For every action the seat may take, it values the lottery over how the episode could end this
turn given its beliefs — the other side backing down, war, or the standoff going on — with a
one-step look-ahead at the other side's and the third party's response, then picks with logit
noise (McKelvey & Palfrey 1995): P(a) ∝ exp(U(a)/τ), drawn by the Gumbel-max trick so the draw is
reproducible from the caller's uniforms. Equations in docs/model.md, "Logit chooser".

Speed: only the seat's own actions are valued, and everything that depends on a rung is
tabulated once per episode for the five pressure levels and then gathered, so the work per
turn is a few passes over an (episodes × own actions) array.
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


class LogitDecider:
    """Quantal response with one-step look-ahead; hawk/dove live in the scenario's inputs."""

    def __init__(self, policy: Policy, n_actions: int) -> None:
        self.policy = policy
        self.noise_width = n_actions

    def start(self, crisis: Crisis, seat: int) -> None:
        return None

    def observe(self, crisis: Crisis, seat: int, chosen: np.ndarray, seen: np.ndarray) -> None:
        return None

    def utilities(self, crisis: Crisis, seat: int, perceived: np.ndarray) -> np.ndarray:
        """Expected value of each action, shape (n, A); -inf where the action is not allowed."""
        table = crisis.table
        own = np.flatnonzero(table.allowed[seat])
        value = np.full((crisis.state.n, len(table.ids)), -np.inf)
        value[:, own] = _own_action_values(crisis, seat, perceived, own)
        return value

    def decide(
        self, crisis: Crisis, seat: int, perceived: np.ndarray, noise: np.ndarray
    ) -> np.ndarray:
        own = np.flatnonzero(crisis.table.allowed[seat])
        value = _own_action_values(crisis, seat, perceived, own)
        gumbel = -np.log(-np.log(np.clip(noise[:, own], 1e-12, 1.0 - 1e-12)))
        temperature = crisis.inputs.col("decision.temperature")
        action = own[np.argmax(value + temperature * gumbel, axis=1)]
        if self.policy.negotiate == "lead":
            action = apply_negotiation(crisis, seat, self.policy, perceived, action)
        return apply_planned_strike(crisis, seat, self.policy, action)


def _own_action_values(
    crisis: Crisis, seat: int, perceived: np.ndarray, own: np.ndarray
) -> np.ndarray:
    """U(a) for the seat's own actions ``own``: shape (n, len(own))."""
    s, inp, table, scen = crisis.state, crisis.inputs, crisis.table, crisis.scenario
    n, col = s.n, inp.col
    rung = table.rung[own]
    cat = table.category[own]
    level = np.minimum(rung, PRESSURE_TOP)  # 0..4: which pressure level each action is
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

    # Probability the other side backs down / war starts this turn, by pressure level (n, 5).
    # Level 0 (talks, hold, concede) coerces no one, so no action mask is needed.
    p_concede = col("decision.coercion") * (1.0 - belief)[:, None] * _LEVELS[None, :]
    p_war = col("decision.response_risk") * belief[:, None] * _LEVELS[None, :] ** 2
    if scen.accidents.enabled:
        top = scen.accidents.top_rung
        both = np.minimum(np.minimum(np.arange(PRESSURE_TOP + 1)[None, :], seen[:, None]), top)
        p_war = p_war + col("accidents.hazard_top") * (both / top) ** col(
            "accidents.exponent"
        ) * col("accidents.escalation_probability")
    p_war = np.minimum(p_war, 1.0 - p_concede)
    they = crisis.payoff("defender_capitulates" if seat == 0 else "challenger_capitulates", seat)
    we = crisis.payoff("challenger_capitulates" if seat == 0 else "defender_capitulates", seat)
    settled_now = p_concede * col_of(they) + p_war * major[:, None]  # (n, 5)
    goes_on = 1.0 - p_concede - p_war  # (n, 5)
    if seat == 1:
        # The third party's reaction shifts the value of going on, level by level.
        settled_now -= goes_on * _third_party_reaction(crisis, seen)

    keep_going = per_episode(crisis.payoff("unresolved", seat)).copy()
    if seat == 1 and scen.sanctions.enabled:
        keep_going -= inp["sanctions.concession_weight"] * s.strain
    flow = np.repeat(keep_going[:, None], len(own), axis=1)

    # The knot: backing down from a public step costs audience_cost·(1+ego)·commitment.
    audience = crisis.actor_input(seat, "audience_cost") * (
        1.0 + crisis.actor_input(seat, "traits.ego")
    )
    backdown_cost = per_episode(audience) * s.commitment[:, seat]
    prev = s.previous_rung[:, seat]
    flow -= backdown_cost[:, None] * ((rung[None, :] < prev[:, None]) & (prev >= 2)[:, None])
    # Honour: answering a perceived provocation in kind.
    honour = per_episode(inp["decision.honour"] * crisis.actor_input(seat, "traits.thin_skin"))
    provoked = (seen[:, None] >= 2) & (rung[None, :] >= seen[:, None]) & (rung <= PRESSURE_TOP)
    coercive = (cat != CATEGORY_CODE["talks"]) & (cat != CATEGORY_CODE["hold"])
    flow += honour[:, None] * (provoked & coercive)
    if scen.capability.enabled and seat == 1:
        worth = crisis.actor_input_or(seat, "capability_value", 0.0)
        for j, index in enumerate(own):
            path = table.gain_paths[index]
            if path is not None:
                flow[:, j] += worth * inp[path] * (1.0 - s.capability)
    if seat == 0 and scen.approval.enabled:
        tough = np.flatnonzero((rung >= 2) & (rung <= PRESSURE_TOP))
        flow[:, tough] += col("approval.weight") * col("approval.toughness_gain")
    if scen.negotiation.enabled and crisis.policies[seat].negotiate != "never":
        talks = np.flatnonzero(cat == CATEGORY_CODE["talks"])
        reciprocated = np.where((perceived == 0) | (s.stage > 0), 0.8, 0.2)
        deal = inp["negotiation.deal_value"] * (1.0 - crisis.actor_input(seat, "traits.maximalism"))
        deal = per_episode(deal) * reciprocated
        if seat == 1 and scen.sanctions.enabled:
            deal = deal + 0.5 * reciprocated * inp["sanctions.concession_weight"] * s.strain
        flow[:, talks] += deal[:, None]
        breaking = np.flatnonzero(table.breaks_freeze[own])
        if len(breaking):
            flow[:, breaking] -= (per_episode(inp["negotiation.deal_value"]) * s.stage)[:, None]
    value = settled_now[:, level] + goes_on[:, level] * flow
    terminal = {
        CATEGORY_CODE["concede"]: per_episode(we) - backdown_cost,
        CATEGORY_CODE["strike"]: per_episode(strike),
        CATEGORY_CODE["war"]: per_episode(major),
        CATEGORY_CODE["nuclear"]: per_episode(nuclear),
    }
    for j, code in enumerate(cat):
        if code in terminal:
            value[:, j] = terminal[code]
    return value


def col_of(x: np.ndarray | float) -> np.ndarray | float:
    """Shape a per-episode array to broadcast over actions."""
    return x[:, None] if isinstance(x, np.ndarray) else x


def _third_party_reaction(crisis: Crisis, seen: np.ndarray) -> np.ndarray:
    """Look-ahead at the third party: provocations make it likelier to enforce sanctions.

    Expected extra strain from acting at each pressure level relative to holding still,
    valued at the target's concession weight: w · share · (P(enforce | level) − P(enforce |
    hold)) while sanctions are on. Shape (n, 5).
    """
    scen, s, inp = crisis.scenario, crisis.state, crisis.inputs
    third = scen.third_party
    n = s.n
    if third is None or not scen.sanctions.enabled or third[1].enforcement != "decide":
        return np.zeros((n, PRESSURE_TOP + 1))
    prefix = f"actors.{third[0]}"
    base = (
        inp.col(f"{prefix}.bias")
        + inp.col(f"{prefix}.pressure_response") * (seen / PRESSURE_TOP)[:, None]
        - inp.col(f"{prefix}.collapse_fear") * s.strain[:, None]
    )
    tension = np.maximum(np.arange(PRESSURE_TOP + 1)[None, :], seen[:, None]) / PRESSURE_TOP
    war_fear = inp.col(f"{prefix}.war_fear")
    enforce = 1.0 / (1.0 + np.exp(-(base + war_fear * tension)))
    holding = 1.0 / (1.0 + np.exp(-(base + war_fear * (seen / PRESSURE_TOP)[:, None])))
    weight = inp[f"{prefix}.trade_share"] * inp["sanctions.concession_weight"] * s.sanctions_on
    return np.broadcast_to(weight, (n,))[:, None] * (enforce - holding)
