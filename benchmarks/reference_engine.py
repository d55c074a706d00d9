"""A straightforward object-per-actor escalation engine: the yardstick for the vectorised one.

Why it exists: the issue asks the vectorised engine to beat "the obvious implementation" by 50
times, and the only honest way to quote that ratio is to write the obvious implementation of
the *same model* and measure both. Here every episode is an ``Episode`` object holding two
``Actor`` objects; a turn is plain Python over scalars (``math``, one ``random.Random``), one
episode and one action at a time. It reproduces, rule for rule, ``brink.engine.turn.play_turn``
(decide → act → perceive → believe → accidents → end), ``brink.engine.resolve`` (strike chance
node, war, loose nukes), ``brink.deciders.logit.LogitDecider`` and the posture tables of
``brink.deciders.scripted.PostureDecider`` (with the shared negotiation and planned-strike
rules). It draws different random numbers, so it agrees with the engine in distribution only —
which ``benchmarks/engine.py`` and ``tests/test_benchmark_smoke.py`` check.

Nothing here imports the engine: only the scenario language (schema, loader, input table).
Doctrine policies (tft, gtft, grit) are not implemented; they raise ``NotImplementedError``.
"""

from __future__ import annotations

import math
import random
from typing import Protocol

import numpy as np

# Only the outcome codes are shared with the engine: the turn logic below is written anew.
from brink.engine.state import (
    ACCIDENT,
    CAPITULATION,
    CAUSE_NAMES,
    COLLAPSE,
    CONVENTIONAL,
    INTENT,
    KIND_NAMES,
    LIMITED,
    MISPERCEPTION,
    NO_CAUSE,
    NO_WAR,
    NUCLEAR,
    OUTCOME_NAMES,
    SETTLEMENT,
    UNRESOLVED,
    WAR,
)
from brink.model.inputs import param_table
from brink.scenario.params import Param
from brink.scenario.schema import STRIKE_RUNG, WAR_RUNG, Policy, Scenario

PRESSURE_TOP = STRIKE_RUNG - 1  # rung 4: the top of coercion short of force
READABLE_TOP = STRIKE_RUNG - 1  # misreadings stay within the ladder short of force
DEAL_BREAKING_RUNG = 3  # a perceived rung at or above this breaks a deal (scripted players)


#: Per-actor inputs copied onto the Actor object (path suffix → default when absent).
_ACTOR_INPUTS: dict[str, float | None] = {
    "traits.ego": None,
    "traits.thin_skin": None,
    "traits.maximalism": None,
    "resolve_prior": None,
    "stakes": None,
    "war_cost": None,
    "audience_cost": None,
    "win_probability": None,
    "retaliation_probability": None,
    "nuclear_use_probability": None,
    "disarm_probability": 0.0,
    "capability_start": 0.0,
    "capability_value": 0.0,
    "approval_start": 0.5,
    "loose_nukes_probability": 0.0,
}


def sample_param(param: Param, rng: random.Random) -> float:
    """One draw of an input, by the inverse CDF of its distribution (scalar math)."""
    if not param.uncertain:
        return param.nominal
    u = rng.random()
    lo, hi = param.low, param.high
    if param.dist == "uniform":
        assert lo is not None and hi is not None
        return lo + (hi - lo) * u
    if param.dist == "loguniform":
        assert lo is not None and hi is not None
        return math.exp(math.log(lo) + (math.log(hi) - math.log(lo)) * u)
    if param.dist == "triangular":
        assert lo is not None and hi is not None and param.mode is not None
        return rng.triangular(lo, hi, param.mode)
    assert param.a is not None and param.b is not None
    return rng.betavariate(param.a, param.b)


def _sigmoid(z: float) -> float:
    return 1.0 / (1.0 + math.exp(-z))


class Model:
    """The scenario compiled once into Python lists and flags (shared by all episodes)."""

    def __init__(self, scenario: Scenario, policy: str | None, opponent: str | None) -> None:
        self.scenario = scenario
        names = (
            policy or scenario.default_policy,
            opponent or scenario.defender_actor.default_policy,
        )
        assert names[1] is not None
        self.policies: tuple[Policy, Policy] = (
            scenario.policies[names[0]],
            scenario.policies[names[1]],
        )
        self.seats = (scenario.challenger, scenario.defender)
        actions = scenario.actions
        self.ids = [a.id for a in actions]
        self.rung = [a.rung for a in actions]
        self.category = [a.category for a in actions]
        self.public = [a.public for a in actions]
        self.breaks_freeze = [a.breaks_freeze for a in actions]
        self.gain_path = [
            f"actions.{a.id}.capability_gain" if a.capability_gain is not None else None
            for a in actions
        ]
        self.allowed = [
            [i for i, a in enumerate(actions) if seat in a.actors] for seat in self.seats
        ]
        self.first: list[dict[str, int]] = []
        for seat in (0, 1):
            firsts: dict[str, int] = {}
            for i in self.allowed[seat]:
                firsts.setdefault(self.category[i], i)
            self.first.append(firsts)
        self.params = list(param_table(scenario).items())
        self.horizon = scenario.horizon_turns
        third = scenario.third_party
        self.third_id = third[0] if third else None
        self.third_enforcement = third[1].enforcement if third else "never"
        self.consulting_allies = [
            ally_id
            for ally_id, ally in scenario.allies_of(scenario.challenger)
            if ally.requires_consultation
        ]
        # Fraction of perception noise removed by an enabled channel between the principals.
        self.channel_path: str | None = None
        for name, channel in scenario.channels.items():
            if channel.enabled and set(channel.between) == set(self.seats):
                self.channel_path = f"channels.{name}.noise_reduction"
                break
        self.stages = len(scenario.negotiation.stages)
        self.hold = scenario.negotiation.hold_turns
        self.accident_top = scenario.accidents.top_rung


class Actor:
    """One principal in one episode: its sampled inputs and its part of the state."""

    __slots__ = (
        "action",
        "approval_start",
        "audience_cost",
        "belief",
        "capability_start",
        "capability_value",
        "commitment",
        "disarm_probability",
        "ego",
        "loose_nukes_probability",
        "maximalism",
        "misread",
        "nuclear_use_probability",
        "offered",
        "payoff",
        "perceived",
        "previous_rung",
        "resolute",
        "resolve_prior",
        "retaliation_probability",
        "stakes",
        "thin_skin",
        "war_cost",
        "win_probability",
    )

    def __init__(self, actor_id: str, x: dict[str, float]) -> None:
        for suffix, default in _ACTOR_INPUTS.items():
            path = f"actors.{actor_id}.{suffix}"
            value = x[path] if default is None else x.get(path, default)
            setattr(self, suffix.removeprefix("traits."), value)
        self.payoff = {
            outcome: x[f"payoffs.{outcome}.{actor_id}"]
            for outcome in (
                "settlement",
                "challenger_capitulates",
                "defender_capitulates",
                "collapse",
                "unresolved",
            )
        }
        self.resolute = False
        self.belief = 0.0
        self.commitment = 0.0
        self.action = -1
        self.previous_rung = 0
        self.perceived = 0
        self.misread = False
        self.offered = False


class Chooser(Protocol):
    """A seat's decision rule for one episode at a time."""

    def noise(self, rng: random.Random) -> list[float] | None: ...

    def decide(
        self, ep: Episode, seat: int, perceived: int, noise: list[float] | None, turn: int
    ) -> int: ...


def negotiation_rule(
    m: Model, ep: Episode, seat: int, policy: Policy, perceived: int, action: int
) -> int:
    """``lead``/``reciprocate``: keep talking while a deal holds, answer a seen offer."""
    if policy.negotiate == "never" or not m.scenario.negotiation.enabled:
        return action
    talks = m.first[seat].get("talks", -1)
    if talks < 0:
        return action
    holding = ep.stage > 0 and perceived < DEAL_BREAKING_RUNG
    if holding or (ep.actors[1 - seat].offered and perceived == 0):
        return talks
    return action


def planned_strike(m: Model, ep: Episode, seat: int, policy: Policy, action: int, turn: int) -> int:
    """Strike on the planned turn unless lost alliance cohesion has taken the option away."""
    if policy.strike_at is None or turn != policy.strike_at:
        return action
    if seat == 0 and m.scenario.alliance.enabled and ep.cohesion < ep.x["alliance.strike_floor"]:
        return action
    return m.first[seat].get("strike", -1)


class PostureChooser:
    """Open with one action, then answer the perceived rung from the policy's table."""

    def __init__(self, m: Model, seat: int) -> None:
        self.m = m
        self.policy = m.policies[seat]
        assert self.policy.opening is not None and self.policy.respond is not None
        self.opening = m.ids.index(self.policy.opening)
        self.respond = [m.ids.index(a) for a in self.policy.respond]

    def noise(self, rng: random.Random) -> list[float] | None:
        return None

    def decide(
        self, ep: Episode, seat: int, perceived: int, noise: list[float] | None, turn: int
    ) -> int:
        action = self.opening if turn <= 1 else self.respond[perceived]
        action = negotiation_rule(self.m, ep, seat, self.policy, perceived, action)
        return planned_strike(self.m, ep, seat, self.policy, action, turn)


class LogitChooser:
    """Logit (quantal) response over one-step expected values, one uniform per decision."""

    def __init__(self, m: Model, seat: int) -> None:
        self.m = m
        self.policy = m.policies[seat]
        self.own = m.allowed[seat]

    def noise(self, rng: random.Random) -> list[float] | None:
        return [rng.random()]

    def decide(
        self, ep: Episode, seat: int, perceived: int, noise: list[float] | None, turn: int
    ) -> int:
        assert noise is not None
        values = self.values(ep, seat, perceived)
        # P(a) ∝ exp(U(a)/τ), drawn by walking the cumulative weights up to u·total.
        temperature = ep.x["decision.temperature"]
        top = max(values)
        weights = [math.exp((v - top) / max(temperature, 1e-12)) for v in values]
        threshold = noise[0] * sum(weights)
        best = self.own[-1]
        cumulative = 0.0
        for action, weight in zip(self.own, weights, strict=True):
            cumulative += weight
            if cumulative > threshold:
                best = action
                break
        if self.policy.negotiate == "lead":
            best = negotiation_rule(self.m, ep, seat, self.policy, perceived, best)
        return planned_strike(self.m, ep, seat, self.policy, best, turn)

    def values(self, ep: Episode, seat: int, perceived: int) -> list[float]:
        """U(a) for each of the seat's own actions (see brink.deciders.logit)."""
        m, x, scen = self.m, ep.x, self.m.scenario
        me, other = ep.actors[seat], ep.actors[1 - seat]
        seen = min(perceived, PRESSURE_TOP)
        belief = me.belief

        limited, conventional, nuclear = ep.war_payoffs(seat)
        p_nuclear = ep.nuclear_chance(False)
        major = (1.0 - p_nuclear) * conventional + p_nuclear * nuclear
        retaliation = other.retaliation_probability
        p_after = p_nuclear * (1.0 - ep.disarm_chance(1 - seat))
        after_strike = (1.0 - p_after) * conventional + p_after * nuclear
        strike = (1.0 - retaliation) * limited + retaliation * after_strike

        if seat == 0:
            they = me.payoff["defender_capitulates"]
            we = me.payoff["challenger_capitulates"]
        else:
            they = me.payoff["challenger_capitulates"]
            we = me.payoff["defender_capitulates"]
        reaction = ep.third_party_reaction(seen) if seat == 1 else None
        coercion, risk = x["decision.coercion"], x["decision.response_risk"]
        settled_now: list[float] = []
        goes_on: list[float] = []
        for level in range(PRESSURE_TOP + 1):
            share = level / PRESSURE_TOP
            p_concede = coercion * (1.0 - belief) * share
            p_war = risk * belief * share**2
            if scen.accidents.enabled:
                top = m.accident_top
                both = min(level, seen, top)
                p_war += (
                    x["accidents.hazard_top"]
                    * (both / top) ** x["accidents.exponent"]
                    * x["accidents.escalation_probability"]
                )
            p_war = min(p_war, 1.0 - p_concede)
            now = p_concede * they + p_war * major
            going = 1.0 - p_concede - p_war
            if reaction is not None:
                now -= going * reaction[level]
            settled_now.append(now)
            goes_on.append(going)

        keep_going = me.payoff["unresolved"]
        if seat == 1 and scen.sanctions.enabled:
            keep_going -= x["sanctions.concession_weight"] * ep.strain
        backdown_cost = me.audience_cost * (1.0 + me.ego) * me.commitment
        prev = me.previous_rung
        honour = x["decision.honour"] * me.thin_skin
        negotiating = scen.negotiation.enabled and self.policy.negotiate != "never"
        if negotiating:
            answered = other.offered and perceived == 0
            reciprocated = 0.8 if (answered or ep.stage > 0) else 0.2
            deal = x["negotiation.deal_value"] * (1.0 - me.maximalism) * reciprocated
            if seat == 1 and scen.sanctions.enabled:
                deal += 0.5 * reciprocated * x["sanctions.concession_weight"] * ep.strain
            freeze_loss = x["negotiation.deal_value"] * ep.stage

        values: list[float] = []
        for action in self.own:
            category = m.category[action]
            if category == "concede":
                values.append(we - backdown_cost)
                continue
            if category == "strike":
                vetoed = (
                    seat == 0 and scen.alliance.enabled and ep.cohesion < x["alliance.strike_floor"]
                )
                values.append(-math.inf if vetoed else strike)
                continue
            if category == "war":
                values.append(major)
                continue
            if category == "nuclear":
                values.append(nuclear)
                continue
            rung = m.rung[action]
            flow = keep_going
            if rung < prev and prev >= 2:
                flow -= backdown_cost
            if (
                seen >= 2
                and seen <= rung <= PRESSURE_TOP
                and category != "talks"
                and category != "hold"
            ):
                flow += honour
            if seat == 1 and scen.capability.enabled and m.gain_path[action] is not None:
                flow += me.capability_value * x[m.gain_path[action]] * (1.0 - ep.capability)
            if seat == 0 and scen.approval.enabled and 2 <= rung <= PRESSURE_TOP:
                flow += x["approval.weight"] * x["approval.toughness_gain"]
            if negotiating:
                if category == "talks":
                    flow += deal
                if m.breaks_freeze[action]:
                    flow -= freeze_loss
            level = min(rung, PRESSURE_TOP)
            values.append(settled_now[level] + goes_on[level] * flow)
        return values


def make_chooser(m: Model, seat: int) -> Chooser:
    kind = m.policies[seat].kind
    if kind == "posture":
        return PostureChooser(m, seat)
    if kind == "logit":
        return LogitChooser(m, seat)
    raise NotImplementedError(f"the reference engine has no {kind} policies")


class Episode:
    """One crisis from start to end: two actors, the shared state, its sampled inputs."""

    def __init__(self, m: Model, rng: random.Random) -> None:
        self.m = m
        x = {path: sample_param(param, rng) for path, param in m.params}
        self.x = x
        self.actors = (Actor(m.seats[0], x), Actor(m.seats[1], x))
        self.active = True
        self.turns = 0
        self.outcome = UNRESOLVED
        self.war_kind = NO_WAR
        self.war_cause = NO_CAUSE
        self.capitulator = -1
        self.initiator = -1
        self.capability = self.actors[1].capability_start
        self.approval = self.actors[0].approval_start
        self.cohesion = 1.0
        self.strain = 0.0
        self.sanctions_on = False
        self.enforced_turns = 0
        self.stage = 0
        self.stage_clock = 0
        self.tests = 0
        self.clashes = 0
        self.misreadings = 0
        self.max_rung = 0
        self.loose_nukes = False
        challenger, defender = self.actors
        for actor in self.actors:
            actor.resolute = rng.random() < actor.resolve_prior
        if m.scenario.beliefs.private_resolve:
            challenger.belief = defender.resolve_prior
            defender.belief = challenger.resolve_prior
        else:
            challenger.belief = float(defender.resolute)
            defender.belief = float(challenger.resolute)

    # --- what the deciders and the force resolution read --------------------------------------
    def war_payoffs(self, seat: int) -> tuple[float, float, float]:
        """Limited, conventional and nuclear war payoffs to ``seat`` (Fearon: p·stakes − cost)."""
        actor, x = self.actors[seat], self.x
        cost = actor.war_cost * (x["beliefs.resolute_war_cost"] if actor.resolute else 1.0)
        if seat == 0 and self.m.scenario.alliance.enabled:
            cost *= 1.0 + x["alliance.war_cost_factor"] * (1.0 - self.cohesion)
        gain = actor.win_probability * actor.stakes
        return (
            -cost * x["war.limited_cost_share"],
            gain - cost,
            gain - cost * x["war.nuclear_cost_multiplier"],
        )

    def nuclear_chance(self, disarmed: bool) -> float:
        challenger, defender = self.actors
        p = defender.nuclear_use_probability
        if self.m.scenario.capability.enabled:
            start = defender.capability_start
            scale = self.capability / max(start, 1e-9) if start > 0 else 1.0
            p = min(max(p * scale, 0.0), 1.0)
        if disarmed:
            p = 0.0
        return 1.0 - (1.0 - p) * (1.0 - challenger.nuclear_use_probability)

    def disarm_chance(self, target: int) -> float:
        base = self.actors[target].disarm_probability
        if target != 1 or not self.m.scenario.capability.enabled:
            return base
        start = self.actors[1].capability_start
        room = min(max((1.0 - self.capability) / max(1.0 - start, 1e-9), 0.0), 1.0)
        return base * room

    def third_party_reaction(self, seen: int) -> list[float]:
        """Extra strain the defender expects from the third party, per pressure level."""
        m, x = self.m, self.x
        if (
            m.third_id is None
            or not m.scenario.sanctions.enabled
            or m.third_enforcement != "decide"
        ):
            return [0.0] * (PRESSURE_TOP + 1)
        prefix = f"actors.{m.third_id}"
        base = (
            x[f"{prefix}.bias"]
            + x[f"{prefix}.pressure_response"] * (seen / PRESSURE_TOP)
            - x[f"{prefix}.collapse_fear"] * self.strain
        )
        war_fear = x[f"{prefix}.war_fear"]
        holding = _sigmoid(base + war_fear * seen / PRESSURE_TOP)
        weight = (
            x[f"{prefix}.trade_share"] * x["sanctions.concession_weight"]
            if self.sanctions_on
            else 0.0
        )
        return [
            weight * (_sigmoid(base + war_fear * max(level, seen) / PRESSURE_TOP) - holding)
            for level in range(PRESSURE_TOP + 1)
        ]

    def clarity(self) -> float:
        path = self.m.channel_path
        return self.x[path] if path is not None else 0.0

    # --- the turn -------------------------------------------------------------------------------
    def play_turn(self, turn: int, choosers: tuple[Chooser, Chooser], rng: random.Random) -> None:
        """decide → act → perceive → believe → accidents → end, for this one episode."""
        m, x, scen = self.m, self.x, self.m.scenario
        challenger, defender = actors = self.actors

        # 1. Decide, each seat on what it perceived last turn.
        chosen = [0, 0]
        by_misreading = [False, False]
        for seat in (0, 1):
            me, other = actors[seat], actors[1 - seat]
            chooser = choosers[seat]
            noise = chooser.noise(rng)
            action = chooser.decide(self, seat, me.perceived, noise, turn)
            alarmed = me.perceived >= STRIKE_RUNG
            if alarmed:
                war = m.first[seat].get("war", -1)
                if rng.random() < me.retaliation_probability and war >= 0:
                    action = war
            if m.rung[action] >= STRIKE_RUNG and me.misread:
                if alarmed:
                    by_misreading[seat] = True
                else:  # what it would have done had it seen the truth, with the same noise
                    would = chooser.decide(self, seat, other.previous_rung, noise, turn)
                    by_misreading[seat] = m.rung[would] < STRIKE_RUNG
            chosen[seat] = action
        a0, a1 = chosen
        r0, r1 = m.rung[a0], m.rung[a1]
        cat0, cat1 = m.category[a0], m.category[a1]

        # 2. Act: force first, then concessions, tests, sanctions, the knot, allies, talks.
        ended = False
        top = max(r0, r1)
        if top >= STRIKE_RUNG:
            initiator = 0 if r0 >= r1 else 1
            cause = MISPERCEPTION if by_misreading[initiator] else INTENT
            self.resolve_force(top, initiator, cause, rng)
            ended = True
        elif cat0 == "concede" or cat1 == "concede":
            self.outcome = CAPITULATION
            self.capitulator = 0 if cat0 == "concede" else 1
            ended = True
        going = not ended

        if going and cat1 == "test":
            self.tests += 1
            if scen.capability.enabled:
                gain = x[m.gain_path[a1]]  # type: ignore[index]
                self.capability += gain * (1.0 - self.capability)

        if going and scen.sanctions.enabled:
            if cat0 == "sanction":
                self.sanctions_on = True
            pain = x["sanctions.sender_share"] if self.sanctions_on else 0.0
            enforced = False
            if m.third_id is not None:
                prefix = f"actors.{m.third_id}"
                if m.third_enforcement == "always":
                    enforced = self.sanctions_on
                elif m.third_enforcement == "decide" and self.sanctions_on:
                    tension = min(top, STRIKE_RUNG - 1) / (STRIKE_RUNG - 1)
                    pressure = min(r0, STRIKE_RUNG - 1) / (STRIKE_RUNG - 1)
                    z = (
                        x[f"{prefix}.bias"]
                        + x[f"{prefix}.pressure_response"] * pressure
                        + x[f"{prefix}.war_fear"] * tension
                        - x[f"{prefix}.collapse_fear"] * self.strain
                    )
                    enforced = rng.random() < _sigmoid(z)
                if enforced:
                    pain += x[f"{prefix}.trade_share"]
            pain = min(pain, 1.0)
            keep = x["sanctions.strain_decay"]
            self.strain = keep * self.strain + (1.0 - keep) * pain
            self.enforced_turns += enforced

        if going and scen.knot.enabled:
            both_pull = r0 >= 1 and r1 >= 1
            for actor, action in zip(actors, chosen, strict=True):
                growth = x["knot.growth"] * (1.0 + actor.ego)
                pulled = both_pull and m.public[action]
                actor.commitment = x["knot.decay"] * actor.commitment + growth * pulled
        if going and scen.approval.enabled:
            prev = challenger.previous_rung
            backing_down = r0 < prev and prev >= 2 and turn > 1
            change = x["approval.toughness_gain"] * (2 <= r0 <= STRIKE_RUNG - 1)
            if backing_down:
                change -= challenger.audience_cost * challenger.commitment
            self.approval = min(max(self.approval + change, 0.0), 1.0)

        # A strike that ends the episode still costs the alliance (active at the turn's start).
        if scen.alliance.enabled and not m.policies[0].consult_allies and r0 >= 2:
            share = 1.0 if r0 >= STRIKE_RUNG else 0.25
            for ally_id in m.consulting_allies:
                loss = x[f"actors.{ally_id}.cohesion_loss"] * share
                self.cohesion = max(self.cohesion - loss, 0.0)

        offering = (cat0 == "talks", cat1 == "talks")
        if not scen.negotiation.enabled:
            challenger.offered, defender.offered = offering
        elif not going:
            challenger.offered = defender.offered = False
        else:
            broken = self.stage > 0 and (
                m.breaks_freeze[a0]
                or m.breaks_freeze[a1]
                or challenger.perceived >= 3
                or defender.perceived >= 3
            )
            if broken:
                self.stage = self.stage_clock = 0
            elif self.stage > 0:
                self.stage_clock += 1
            agreed = (
                (offering[0] or offering[1])
                and (offering[0] or challenger.offered)
                and (offering[1] or defender.offered)
            )
            ready = self.stage == 0 or self.stage_clock >= m.hold
            if not broken and agreed and ready and self.stage < m.stages:
                self.stage += 1
                self.stage_clock = 0
            if scen.sanctions.enabled and self.stage >= min(2, m.stages):
                self.sanctions_on = False
            challenger.offered, defender.offered = offering
            if self.stage == m.stages and self.stage_clock >= m.hold:
                self.outcome = SETTLEMENT
                ended, going = True, False

        if (
            going
            and scen.sanctions.enabled
            and rng.random() < x["sanctions.collapse_hazard"] * self.strain**2
        ):
            self.outcome = COLLAPSE
            ended, going = True, False

        # 3. Perceive and 4. believe.
        self.perceive(turn, chosen, (r0, r1), rng)
        if scen.beliefs.private_resolve:
            self.update_beliefs()

        # 5. Accidents: the threat that leaves something to chance.
        if going and scen.accidents.enabled:
            level = min(r0, r1, m.accident_top) / m.accident_top
            hazard = x["accidents.hazard_top"] * level ** x["accidents.exponent"]
            if rng.random() < hazard:
                if rng.random() < x["accidents.escalation_probability"]:
                    self.accidental_war(rng)
                    ended = True
                else:
                    self.clashes += 1

        # 6. End of turn: bookkeeping.
        self.turns += 1
        self.max_rung = max(self.max_rung, top)
        self.misreadings += challenger.misread + defender.misread
        challenger.action, defender.action = a0, a1
        challenger.previous_rung, defender.previous_rung = r0, r1
        self.active = not ended

    def resolve_force(self, top: int, initiator: int, cause: int, rng: random.Random) -> None:
        """The strike chance node, retaliation, nuclear escalation and loose nukes."""
        target = 1 - initiator
        strike_only = top == STRIKE_RUNG
        disarmed = strike_only and rng.random() < self.disarm_chance(target)
        retaliated = strike_only and rng.random() < self.actors[target].retaliation_probability
        major = top >= WAR_RUNG or retaliated
        goes_nuclear = major and rng.random() < self.nuclear_chance(disarmed)
        if top >= WAR_RUNG + 1 or goes_nuclear:
            kind = NUCLEAR
        else:
            kind = CONVENTIONAL if major else LIMITED
        self.outcome, self.war_kind, self.war_cause = WAR, kind, cause
        self.initiator = initiator
        if major and not disarmed and rng.random() < self.actors[1].loose_nukes_probability:
            self.loose_nukes = True

    def accidental_war(self, rng: random.Random) -> None:
        nuclear = rng.random() < self.nuclear_chance(False)
        self.outcome, self.war_cause, self.initiator = WAR, ACCIDENT, -1
        self.war_kind = NUCLEAR if nuclear else CONVENTIONAL
        if rng.random() < self.actors[1].loose_nukes_probability:
            self.loose_nukes = True

    def perceive(
        self, turn: int, chosen: list[int], rungs: tuple[int, int], rng: random.Random
    ) -> None:
        """Each seat sees the other's action through a noisy, sometimes delayed channel."""
        m, x = self.m, self.x
        if not m.scenario.perception.enabled:
            for seat, actor in enumerate(self.actors):
                actor.perceived, actor.misread = rungs[1 - seat], False
            return
        noise = 1.0 - self.clarity()
        for seat, actor in enumerate(self.actors):
            other = self.actors[1 - seat]
            truth = seen = rungs[1 - seat]
            if rng.random() < x["perception.delay_probability"] * noise and turn > 1:
                seen = other.previous_rung
            if seen <= READABLE_TOP and rng.random() < x["perception.misperception_rate"] * noise:
                step = 1 if rng.random() < x["perception.escalation_bias"] else -1
                seen = min(max(seen + step, 0), READABLE_TOP)
            if (
                3 <= truth <= READABLE_TOP
                and rng.random()
                < x["perception.misperception_rate"] * x["perception.false_alarm_share"] * noise
            ):
                seen = STRIKE_RUNG
            if noise < 1.0 and m.category[chosen[1 - seat]] == "talks":
                seen = truth  # a message over the channel is read as sent
            actor.perceived, actor.misread = seen, seen != truth

    def update_beliefs(self) -> None:
        """Bayes' rule on 'did the other side escalate?', allowing for misreadings."""
        x = self.x
        strength = x["perception.signal_strength"]
        m = (
            x["perception.misperception_rate"] * (1.0 - self.clarity())
            if self.m.scenario.perception.enabled
            else 0.0
        )
        high, low = 0.5 + strength / 2, 0.5 - strength / 2
        high = high * (1 - m) + (1 - high) * m
        low = low * (1 - m) + (1 - low) * m
        for actor in self.actors:
            if actor.perceived >= 2:
                like_resolute, like_irresolute = high, low
            else:
                like_resolute, like_irresolute = 1 - high, 1 - low
            prior = actor.belief
            actor.belief = (
                prior * like_resolute / (prior * like_resolute + (1 - prior) * like_irresolute)
            )


def run_reference(
    scenario: Scenario,
    policy: str | None = None,
    opponent: str | None = None,
    episodes: int = 1000,
    seed: int = 0,
) -> dict[str, np.ndarray]:
    """Simulate ``episodes`` episodes one at a time; columns named as the engine names them."""
    m = Model(scenario, policy, opponent)
    rng = random.Random(seed)
    choosers = (make_chooser(m, 0), make_chooser(m, 1))
    rows: list[Episode] = []
    for _ in range(episodes):
        ep = Episode(m, rng)
        for turn in range(1, m.horizon + 1):
            ep.play_turn(turn, choosers, rng)
            if not ep.active:
                break
        rows.append(ep)
    return {
        "outcome": np.array([OUTCOME_NAMES[e.outcome] for e in rows], dtype=object),
        "war_kind": np.array([KIND_NAMES[e.war_kind] for e in rows], dtype=object),
        "war_cause": np.array([CAUSE_NAMES[e.war_cause] for e in rows], dtype=object),
        "turns": np.array([e.turns for e in rows], dtype=np.int32),
        "tests": np.array([e.tests for e in rows], dtype=np.int32),
        "enforced_turns": np.array([e.enforced_turns for e in rows], dtype=np.int32),
        "approval": np.array([e.approval for e in rows]),
        "cohesion": np.array([e.cohesion for e in rows]),
        "capability": np.array([e.capability for e in rows]),
        "strain": np.array([e.strain for e in rows]),
        "stage": np.array([e.stage for e in rows], dtype=np.int8),
        "max_rung": np.array([e.max_rung for e in rows], dtype=np.int8),
        "clashes": np.array([e.clashes for e in rows], dtype=np.int32),
        "misreadings": np.array([e.misreadings for e in rows], dtype=np.int32),
        "loose_nukes": np.array([e.loose_nukes for e in rows], dtype=bool),
    }
