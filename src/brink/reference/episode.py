"""One episode of the reference: a crisis stepped turn by turn, one ``Actor`` per actor.

A turn (docs/model.md, "A turn"): every seat decides on what it perceived last turn
(``Episode.decide``), its doctrine's standing rules apply (``Episode.apply_rules``) and force
is attributed to intent or misperception; an accident may strike (``Episode.accident``); the
moves then act — force (``resolve_force``), concessions, capability, sanctions and strain,
commitments and approval, cohesion, negotiation, collapse, the war's course — and the turn's
flows are booked; finally every seat perceives the others' moves and updates its beliefs.

The episode draws every random number from the engine's counter-based streams at the same
(stream, index) as the engine, so an episode meets the same luck in both.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from brink.deciders.doctrines import Doctrine as ReactiveRule
from brink.deciders.doctrines import get_doctrine
from brink.reference.actor import HELD_MEASURES, PAUSE_DAYS, Actor
from brink.reference.setting import RED_LINE_SLOTS, Setting
from brink.reference.streams import uniform_at
from brink.vocabulary import (
    CALM_RUNG,
    READABLE_TOP,
    STREAM_DECIDE,
    STREAM_FORCE,
    STREAM_PERCEIVE,
    STREAM_RED_LINES,
    STREAM_SETUP_MIXTURE,
    STREAM_SETUP_TYPES,
    STREAM_WORLD,
    STREAMS_PER_TURN,
)

#: Capability gains a blockade of the gainer stops (its share of the gain).
BLOCKADE_INTERDICTION = 0.5
#: Days over which others average an actor's recent capability growth.
GROWTH_MEMORY_DAYS = 90.0
#: A perceived rung at or below this reads as cooperation to a reactive doctrine.
COOPERATIVE_MAX_RUNG = 1
# Uniforms of the force stream, per turn.
U_DISARM, U_END, U_END_KIND, U_NUCLEAR, U_WINNER, U_LOOSE = range(6)


@dataclass(frozen=True)
class Globals:
    """The scenario's global parameters in one episode."""

    misperception: float
    escalation_bias: float
    delay: float
    false_alarm: float
    resolute_war_cost: float
    limited_share: float
    nuclear_multiplier: float
    war_mean_days: float
    ceasefire_share: float
    first_strike_bonus: float
    casualty_decay: float
    deaths_limited: float
    deaths_conventional: float
    deaths_nuclear: float
    hazard_top: float
    hazard_exponent: float
    knot_half_life: float
    strain_half_life: float
    sanction_step: float
    war_cost_factor: float
    ally_care: float
    recovery_days: float
    ally_value: float
    toughness_gain: float
    approval_weight: float
    reversion_days: float
    hold_days: float
    temperature: float
    discount_rate: float
    honour: float
    threat_credibility: float
    calm_days: float


GLOBAL_INPUTS: dict[str, str] = {
    "misperception": "perception.misperception_rate",
    "escalation_bias": "perception.escalation_bias",
    "delay": "perception.delay_probability",
    "false_alarm": "perception.false_alarm_share",
    "resolute_war_cost": "beliefs.resolute_war_cost",
    "limited_share": "war.limited_cost_share",
    "nuclear_multiplier": "war.nuclear_cost_multiplier",
    "war_mean_days": "war.mean_days",
    "ceasefire_share": "war.ceasefire_share",
    "first_strike_bonus": "war.first_strike_bonus",
    "casualty_decay": "war.casualty_decay",
    "deaths_limited": "casualties.limited",
    "deaths_conventional": "casualties.conventional",
    "deaths_nuclear": "casualties.nuclear",
    "hazard_top": "accidents.hazard_top",
    "hazard_exponent": "accidents.exponent",
    "knot_half_life": "knot.half_life_days",
    "strain_half_life": "sanctions.strain_half_life_days",
    "sanction_step": "sanctions.step",
    "war_cost_factor": "alliance.war_cost_factor",
    "ally_care": "alliance.care",
    "recovery_days": "alliance.recovery_days",
    "ally_value": "alliance.value",
    "toughness_gain": "approval.toughness_gain",
    "approval_weight": "approval.weight",
    "reversion_days": "approval.reversion_days",
    "hold_days": "negotiation.hold_days",
    "temperature": "decision.temperature",
    "discount_rate": "decision.discount_rate",
    "honour": "decision.honour",
    "threat_credibility": "decision.threat_credibility",
    "calm_days": "fading.calm_days",
}


@dataclass(frozen=True)
class Flags:
    """Which mechanisms the scenario switches on."""

    perception: bool
    private: bool
    accidents: bool
    knot: bool
    sanctions: bool
    capability: bool
    alliance: bool
    approval: bool
    negotiation: bool
    fading: bool


def flags_of(setting: Setting) -> Flags:
    scen = setting.scenario
    return Flags(
        perception=scen.perception.enabled,
        private=scen.beliefs.private_resolve,
        accidents=scen.accidents.enabled,
        knot=scen.knot.enabled,
        sanctions=scen.sanctions.enabled,
        capability=scen.capability.enabled,
        alliance=scen.alliance.enabled,
        approval=scen.approval.enabled,
        negotiation=scen.negotiation.enabled,
        fading=scen.fading.enabled,
    )


class Episode:
    """A crisis from its first turn to its end: the actors, the standoff between the sides'
    leads (deal stage, force), the yardsticks, and how it ended."""

    def __init__(self, setting: Setting, inputs: dict[str, float], key: int) -> None:
        self.setting = setting
        self.inputs = inputs
        self.key = key
        self.flags = flags_of(setting)
        self.g = Globals(**{name: inputs[path] for name, path in GLOBAL_INPUTS.items()})
        scen = setting.scenario
        self.turn_days = float(scen.turn_days)
        self.turn_years = self.turn_days / 365.0
        self.years = 1.0 / max(self.g.discount_rate, 1e-6)  # the decision horizon H
        self.n_stages = len(scen.negotiation.stages)
        self.turn = 0
        self.active = True
        self.turns = 0
        # How it ended.
        self.outcome = "unresolved"
        self.war_kind = "none"
        self.war_cause = "none"
        self.war_end = ""
        self.capitulator = -1
        self.collapsed = -1
        self.initiator = -1
        self.winner_side = -1
        # The standoff between the leads, and force.
        self.stage = 0
        self.stage_clock = 0
        self.war_level = 0  # 0 peace, 1 a clash under way, 2 major war
        self.clash_side = -1
        self.exchange = False
        self.war_turns = 0
        self.violence = 1
        self.casualties = 0.0
        self.loose_nukes = False
        self.calm_turns = 0  # turns in a row no seat of a side moved above rhetoric
        self.faded = False
        # Yardsticks.
        self.missile_tests = 0
        self.nuclear_tests = 0
        self.enforced_turns = 0
        self.clashes = 0
        self.misreadings = 0
        self.max_rung = 0
        # Per action.
        count = len(setting.actions)
        self.last_used = [[-10_000] * count for _ in self.setting.actors]
        # friction^(exponent/2), computed as the engine does (numpy's vectorised power).
        frictions = np.array([a.friction for a in setting.actions])
        self.friction_power = np.power(frictions, self.g.hazard_exponent / 2.0).tolist()
        self.actors = self._cast()
        self.challenger = self.actors[setting.challenger]
        self.defender = self.actors[setting.defender]
        for observer in self.actors:
            for other in self.actors:
                if other is observer:
                    continue
                observer.perceived[other.index] = -1
                observer.misread[other.index] = False
                if other.spec.typed and self.flags.private:
                    observer.belief[other.index] = inputs[f"actors.{other.name}.resolve_prior"]
                else:
                    observer.belief[other.index] = 1.0 if other.resolute else 0.0
        self.rules: dict[int, FixedRule] = {}
        for actor in self.actors:
            if actor.doctrine is not None and actor.doctrine.kind != "strategic":
                self.rules[actor.index] = FixedRule(actor)
        # This turn's shared values (Episode.context).
        self.prevail_table: dict[tuple[int, int | None], float] = {}
        self.p_nuclear = 0.0
        self.struck_cache: dict[tuple[int, int, int | None], tuple[float, float]] = {}

    def _cast(self) -> list[Actor]:
        """Each actor's leader type (drawn from its mixture) and private type."""
        actors = []
        for spec in self.setting.actors:
            doctrine = 0
            if len(spec.weights) > 1:
                u = uniform_at(self.key, STREAM_SETUP_MIXTURE, spec.index)
                cumulative = 0.0
                for weight in spec.weights[:-1]:
                    cumulative += weight
                    if cumulative <= u:
                        doctrine += 1
            resolute = False
            if spec.typed:
                prior = self.inputs[f"actors.{spec.name}.resolve_prior"]
                resolute = uniform_at(self.key, STREAM_SETUP_TYPES, spec.index) < prior
            actors.append(Actor(self, spec, doctrine, resolute))
        return actors

    # --- Shared helpers ---------------------------------------------------------------------
    def seats(self) -> list[Actor]:
        return [a for a in self.actors if a.seat]

    def leads(self) -> tuple[Actor, Actor]:
        return self.challenger, self.defender

    def kept(self, half_life_days: float) -> float:
        """Share of a gap kept per turn for a half-life in days."""
        return 0.5 ** (self.turn_days / half_life_days)

    def per_turn(self, rate_per_year: float) -> float:
        """Probability per turn of an event with the given hazard per year."""
        return 1.0 - math.exp(-rate_per_year * self.turn_days / 365.0)

    def side_strength(self, side: int) -> float:
        """A side's military weight: its members' strength, allies' weighed by cohesion."""
        total = 0.0
        for m in self.setting.members[side]:
            total += self.actors[m].strength * self.actors[m].cohesion
        return max(total, 1e-9)

    def chance_to_prevail(self, side: int, attacker_side: int | None) -> float:
        """P(side prevails in a major war); an attacking side gains the first-strike bonus."""
        strength = (self.side_strength(0), self.side_strength(1))
        p = strength[side] / (strength[0] + strength[1])
        if attacker_side is not None:
            bonus = self.g.first_strike_bonus
            p += bonus if attacker_side == side else -bonus
        return min(max(p, 0.0), 1.0)

    def prevail(self, side: int, attacker_side: int | None) -> float:
        """This turn's P(side prevails), from the table filled at the start of the turn."""
        return self.prevail_table[(side, attacker_side)]

    def nuclear_odds(self, spare: int = -1, spared: float = 0.0) -> float:
        """P(a major war goes nuclear); actor ``spare`` is disarmed with probability ``spared``."""
        keep = 1.0
        for side in (0, 1):
            for m in self.setting.members[side]:
                use = self.actors[m].nuclear_use()
                if m == spare:
                    use *= 1.0 - spared
                keep *= 1.0 - use
        return 1.0 - keep

    def context(self) -> None:
        """The values a turn needs many times, computed once at its start."""
        for side in (0, 1):
            for attacker in (0, 1, None):
                self.prevail_table[(side, attacker)] = self.chance_to_prevail(side, attacker)
        self.p_nuclear = self.nuclear_odds()
        self.struck_cache = {}
        for actor in self.actors:
            actor.refresh_values()

    def stream(self, purpose: int) -> int:
        return self.turn * STREAMS_PER_TURN + purpose

    # --- A turn -----------------------------------------------------------------------------
    def play(self) -> None:
        """Every turn to the end or the horizon, then what the horizon settles."""
        for _ in range(self.setting.scenario.horizon_turns):
            self.play_turn()
            if not self.active:
                break
        self.at_horizon()

    def play_turn(self) -> None:
        self.turn += 1
        for actor in self.actors:
            actor.forced = -1
        for index, rule in self.rules.items():
            self.actors[index].forced = rule.decide(self.turn)
        moves, causes, empty = self.decide()
        done = self.act(moves, causes, empty)
        self.observe(moves)
        for index, rule in self.rules.items():
            rule.observe(self.actors[index].action)
        if done:
            self.active = False

    def decide(self) -> tuple[dict[int, int], dict[int, str], dict[int, bool]]:
        """Every seat's move this turn, the cause its force would carry, and the public red
        lines it left unenforced."""
        self.context()
        stream = self.stream(STREAM_DECIDE)
        for actor in self.seats():
            actor.decide(self.turn, uniform_at(self.key, stream, actor.index))
        for actor in self.seats():  # published once all have decided: moves are simultaneous
            actor.p_force = list(actor.next_force)
            actor.p_talks = list(actor.next_talks)
        moves: dict[int, int] = {}
        causes: dict[int, str] = {}
        empty: dict[int, bool] = {}
        actions = self.setting.actions
        for actor in self.seats():
            consent = True
            if actor.side >= 0 and actor.is_lead():
                for ally in self.actors:
                    if ally is actor or ally.side != actor.side:
                        continue
                    refuses = actions[ally.chosen].category == "restrain"
                    if ally.spec.consulted and ally.seat and refuses:
                        consent = False
            available = actor.available(self.turn)
            move, fired, fired_misread, left_empty = self.apply_rules(actor, available, consent)
            assert actor.doctrine is not None
            opening = self.turn == 1 and actor.doctrine.opening is not None
            if fired or move != actor.chosen or opening:
                actor.informative = False  # a rule made the move, not the seat's type
            moves[actor.index] = move
            empty[actor.index] = left_empty
            causes[actor.index] = self.cause(actor, move, fired, fired_misread)
        if self.flags.accidents:
            self.accident(moves, causes)
        return moves, causes, empty

    def cause(self, actor: Actor, move: int, fired: bool, fired_misread: bool) -> str:
        """What the seat's force would be blamed on: force on a misread red-line trigger, or
        force its decider chose while misreading someone and would not have chosen on the
        truth (Actor.decide's counterfactual), is misperception; other force is intent."""
        if not self.setting.actions[move].force:
            return "intent"
        if fired_misread:
            return "misperception"
        misled = any(actor.misread.values())
        its_choice = move == actor.chosen and not fired and actor.forced < 0
        if misled and its_choice and not actor.would_force:
            return "misperception"
        return "intent"

    def apply_rules(
        self, actor: Actor, available: dict[int, bool], consent: bool
    ) -> tuple[int, bool, bool, bool]:
        """The doctrine's standing rules on the decider's choice: the opening move, a planned
        strike (put to consulted allies first, dropped if one refuses), red lines. Returns
        (move, a red line fired, it fired on a misreading, a public red line left empty)."""
        doctrine = actor.doctrine
        assert doctrine is not None
        turn = self.turn

        def can(action: int) -> bool:
            return available.get(action, False)

        move = actor.chosen
        if turn == 1 and doctrine.opening is not None and can(doctrine.opening):
            move = doctrine.opening
        due = doctrine.strike_at > 0 and turn >= doctrine.strike_at and not actor.planned_done
        strike = actor.spec.strike
        if due and strike >= 0:
            asks = any(
                ally is not actor and ally.side == actor.side and ally.spec.consulted and ally.seat
                for ally in self.actors
            )
            if doctrine.consult and actor.side >= 0 and asks:  # nobody to ask: no delay
                if not actor.strike_requested:
                    actor.strike_requested = True
                else:
                    if consent and can(strike):
                        move = strike
                    actor.planned_done = True
            else:
                if can(strike):
                    move = strike
                actor.planned_done = True
        fired = False
        misread = False
        empty = False
        stream = self.stream(STREAM_RED_LINES)
        for r, line in enumerate(doctrine.red_lines):
            hit, on_misreading = self.triggered(actor, line.trigger, line.value)
            if not hit or fired:
                continue
            u = uniform_at(self.key, stream, actor.index * RED_LINE_SLOTS + r)
            if u < self.inputs[line.probability] and can(line.then):
                move = line.then
                fired = True
                misread = on_misreading
            elif line.public and move != line.then:
                empty = True
        return move, fired, misread, empty

    def triggered(self, actor: Actor, trigger: str, value: int | str) -> tuple[bool, bool]:
        """(triggered, on a misreading): the actor saw an adversary (a neutral: anyone) do it."""
        actions = self.setting.actions
        hit = False
        misread = False
        for other in self.seats():
            if other is actor:
                continue
            if actor.side >= 0 and (other.side < 0 or other.side == actor.side):
                continue
            seen = actor.perceived[other.index]
            if seen < 0:
                continue
            if trigger == "attacked":
                match = actions[seen].force
            elif trigger == "action":
                match = seen == value
            else:
                match = actions[seen].category == value
            if match:
                hit = True
                misread = misread or actor.misread[other.index]
        return hit, misread

    def accident(self, moves: dict[int, int], causes: dict[int, str]) -> bool:
        """At peace, a clash nobody chose: hazard_top·(f₀·f₁)^(exponent/2) per year, f each
        side's highest friction this turn; the side whose forces fire is drawn in proportion
        to its friction, and its lead's move becomes a strike it did not choose."""
        if self.war_level != 0:
            return False
        actions = self.setting.actions
        friction = [0.0, 0.0]
        for actor in self.seats():
            if actor.side < 0:
                continue
            action = actions[moves[actor.index]]
            if action.force:
                return False
            friction[actor.side] = max(friction[actor.side], action.friction)
        f0, f1 = friction
        if f0 <= 0.0 or f1 <= 0.0:
            return False
        rate = self.g.hazard_top * (f0 * f1) ** (self.g.hazard_exponent / 2.0)
        p = self.per_turn(rate)
        u = uniform_at(self.key, self.stream(STREAM_WORLD), 0)
        if u >= p:
            return False
        side = 0 if u < p * f0 / (f0 + f1) else 1
        lead = self.actors[self.setting.lead_of(side)]
        strike = lead.spec.strike if lead.spec.strike >= 0 else lead.spec.war
        if strike < 0:
            return False
        moves[lead.index] = strike
        causes[lead.index] = "accident"
        lead.informative = False  # nobody chose it
        return True

    def act(self, moves: dict[int, int], causes: dict[int, str], empty: dict[int, bool]) -> bool:
        """What the moves do; returns whether the episode ended. The turn's flows, valued at
        its start, are booked whatever happens."""
        done = self.resolve_force(moves, causes)
        if not done and self.concessions(moves):
            self.politics(moves, empty)  # the retreat costs its approval
            done = True
        if not done:
            self.grow_capability(moves)
            self.move_sanctions(moves)
            self.politics(moves, empty)
            self.cohesion(moves)
            done = self.negotiate(moves)
        if not done and self.war_level < 2:  # a regime at war falls with the war's end
            done = self.collapse()
        if not done:
            done = self.run_war()
        if not done:
            done = self.fade(moves)
        for actor in self.actors:
            actor.flow_payoff += actor.flow_now * self.turn_years
        return done

    # --- Force --------------------------------------------------------------------------------
    def force_uniform(self, index: int) -> float:
        return uniform_at(self.key, self.stream(STREAM_FORCE), index)

    def add_deaths(self, deaths: float) -> None:
        """Deaths of the war, and each exposed actor's share of them."""
        self.casualties += deaths
        for actor in self.actors:
            if actor.exposure is not None:
                actor.casualties += deaths * actor.exposure

    def nuclear_war(self) -> None:
        self.outcome = "war"
        self.war_kind = "nuclear"
        self.war_end = "nuclear"
        self.violence = 4
        self.add_deaths(self.g.deaths_nuclear)

    def resolve_force(self, moves: dict[int, int], causes: dict[int, str]) -> bool:
        """This turn's force: nuclear use ends the crisis; a war move starts a major war; a
        strike opens or continues a clash; a quiet turn ends a clash (as a limited war when
        both sides struck, else contained)."""
        if self.war_level >= 2:
            return False
        actions = self.setting.actions
        first = None
        kinds = set()
        for actor in self.seats():
            category = actions[moves[actor.index]].category
            if category in ("nuclear", "war", "strike"):
                kinds.add(category)
                if first is None:
                    first = actor
        if first is not None and self.initiator < 0 and self.war_level == 0:
            self.initiator = first.index
            self.war_cause = causes[first.index]
        if "nuclear" in kinds:
            self.nuclear_war()
            return True
        if "war" in kinds:
            self.war_level = 2
            self.war_kind = "conventional"
            self.violence = 4
            return False
        if "strike" in kinds:
            self.strikes(moves)
            return False
        if self.war_level == 1:  # a quiet turn ends the clash
            if self.exchange:
                self.outcome = "war"
                self.war_kind = "limited"
                self.war_end = "ceasefire"
                return True
            self.clashes += 1
            self.war_level = 0
            self.clash_side = -1
            self.initiator = -1
            self.war_cause = "none"  # contained: no war to have a cause
        return False

    def strikes(self, moves: dict[int, int]) -> None:
        """Limited strikes: who struck first, whether the other side answered, disarming."""
        actions = self.setting.actions
        table = self.setting.compiled.table
        for actor in self.seats():
            action = actions[moves[actor.index]]
            if action.category != "strike":
                continue
            if self.clash_side < 0:
                self.clash_side = actor.side
            elif self.clash_side != actor.side:  # the other side struck too (also this turn)
                self.exchange = True
            if action.disarming:
                target = int(table.target[actor.index, action.index])
                if target >= 0:
                    victim = self.actors[target]
                    if self.force_uniform(U_DISARM) < victim.disarm_chance():
                        victim.nuclear_off = True
                        if self.flags.capability:
                            victim.capability = 0.0
        self.war_level = 1
        self.violence = max(self.violence, 3 if self.exchange else 2)
        self.add_deaths(self.g.deaths_limited)

    def run_war(self) -> bool:
        """One turn of a major war: deaths that fall week on week, then nuclear use, or an
        end by ceasefire or defeat."""
        if self.war_level != 2:
            return False
        g = self.g
        days = self.turn_days
        weeks = self.war_turns * days / 7.0
        self.add_deaths(g.deaths_conventional * days / 7.0 * g.casualty_decay**weeks)
        self.war_turns += 1
        share = days / g.war_mean_days
        keep = 1.0
        for actor in self.actors:
            if actor.side >= 0:
                keep *= (1.0 - actor.nuclear_use()) ** share
        finished = False
        if self.force_uniform(U_NUCLEAR) < 1.0 - keep:
            self.nuclear_war()
            finished = True
        elif self.force_uniform(U_END) < 1.0 - math.exp(-share):
            self.outcome = "war"
            if self.force_uniform(U_END_KIND) < g.ceasefire_share:
                self.war_end = "ceasefire"
            else:
                self.war_end = "defeat"
                chance = self.chance_to_prevail(0, None)
                self.winner_side = 0 if self.force_uniform(U_WINNER) < chance else 1
            finished = True
        if finished:
            for actor in self.actors:
                if actor.loose_nukes is None or actor.nuclear_off:
                    continue
                if self.force_uniform(U_LOOSE + actor.index) < actor.loose_nukes:
                    self.loose_nukes = True
        return finished

    def at_horizon(self) -> None:
        """A war still under way at the horizon ends as a war, its course cut short."""
        if not self.active:
            return
        if self.war_level == 2:
            self.outcome = "war"
            self.war_end = "horizon"
        elif self.war_level == 1 and self.exchange:
            self.outcome = "war"
            self.war_kind = "limited"
            self.war_end = "horizon"

    # --- What the moves do ------------------------------------------------------------------
    def concessions(self, moves: dict[int, int]) -> bool:
        """A lead that concedes ends the crisis as its capitulation (the challenger first)."""
        if self.war_level >= 2:
            return False
        for lead in self.leads():
            if self.setting.actions[moves[lead.index]].category == "concede":
                self.outcome = "capitulation"
                self.capitulator = lead.index
                return True
        return False

    def grow_capability(self, moves: dict[int, int]) -> None:
        """Tests close a share of the gap to full capability (a blockade stops half of it);
        others watch the recent rate of growth."""
        keep = self.kept(GROWTH_MEMORY_DAYS)
        per_year = 365.0 / self.turn_days
        for actor in self.seats():
            action = self.setting.actions[moves[actor.index]]
            if action.category == "missile_test":
                self.missile_tests += 1
            elif action.category == "nuclear_test":
                self.nuclear_tests += 1
            self.last_used[actor.index][action.index] = self.turn
            gained = 0.0
            if self.flags.capability and actor.has_capability() and action.gain is not None:
                gained = self.inputs[action.gain] * (1.0 - actor.capability)
                gained *= 1.0 - BLOCKADE_INTERDICTION * self.blockaded(actor)
                actor.capability = min(actor.capability + gained, 1.0)
            actor.capability_rate = keep * actor.capability_rate + (1.0 - keep) * gained * per_year

    def blockaded(self, actor: Actor) -> float:
        """The tightest blockade any actor holds on ``actor``."""
        level = 0.0
        table = self.setting.compiled.table
        for other in self.actors:
            for a in other.own:
                hits = int(table.target[other.index, a]) == actor.index
                if self.setting.actions[a].category == "blockade" and hits:
                    level = max(level, other.blockade)
        return level

    def move_sanctions(self, moves: dict[int, int]) -> None:
        """Held sanctions and blockades move with the moves; fixed enforcement follows the
        other senders; strain follows the pain with a lag."""
        if not self.flags.sanctions:
            return
        for actor in self.seats():
            action = self.setting.actions[moves[actor.index]]
            if action.category == "sanction":
                step = action.step if action.step is not None else self.g.sanction_step
                actor.sanction += step * (1.0 - actor.sanction)
            elif action.category == "blockade":
                actor.blockade = 1.0
            elif action.category == "lift":
                actor.sanction = 0.0
                actor.blockade = 0.0
            target_index = actor.spec.sanction_target
            if actor.spec.enforcement != "decide" and target_index >= 0:
                others = any(
                    o is not actor and o.spec.sanction_target == target_index and o.sanction > 0.0
                    for o in self.actors
                )
                actor.sanction = (
                    (1.0 if others else 0.0) if actor.spec.enforcement == "always" else 0.0
                )
        if any(a.side < 0 and a.sanction > 0.0 for a in self.actors):
            self.enforced_turns += 1
        keep = self.kept(self.g.strain_half_life)
        for target in self.actors:
            pain = 0.0
            traded = False
            for trader in self.actors:
                share = trader.trade.get(target.index)
                if share is not None:
                    traded = True
                    pain += max(trader.sanction, trader.blockade) * share
            if traded:
                target.strain = keep * target.strain + (1.0 - keep) * min(pain, 1.0)

    def politics(self, moves: dict[int, int], empty: dict[int, bool]) -> None:
        """Commitments and approval: a public move with commitment c adds c·(1+ego)/2 of the
        room left to its threat's commitment C or, for a held measure, to C_m; an adversary's
        move at rung >= 3 calls C, once per defiance — force carries it out, anything else is
        an empty threat costing audience_cost · C of approval, once — while C_m is kept by
        holding the measures and forfeited (audience_cost · C_m) by lifting them in the face of
        it; conceding costs both; a public red line left empty costs audience_cost in full.
        Approval gains with visible toughness and reverts towards its start."""
        g = self.g
        knot = self.flags.knot
        keep = self.kept(g.knot_half_life) if knot else 0.0
        keep_approval = self.kept(g.reversion_days)
        gain = g.toughness_gain * self.turn_years
        for actor in self.seats():
            action = self.setting.actions[moves[actor.index]]
            loss = 0.0
            if knot:
                conceded = action.category == "concede"
                called = actor.defied()
                retreat = (called and not action.force) or conceded
                audience = actor.audience or 0.0
                if retreat:
                    loss += audience * actor.commitment
                    if actor.commitment > 0.0:
                        actor.empty_threats += 1
                if conceded or (action.category == "lift" and actor.measures_defied()):
                    loss += audience * actor.measure_commitment
                if empty[actor.index]:
                    loss += audience
                    actor.empty_threats += 1
                c_now = 0.0 if (retreat or action.force) else actor.commitment * keep
                holding = actor.sanction > 0.0 or actor.blockade > 0.0
                m_now = actor.measure_commitment * keep if (holding and not conceded) else 0.0
                if action.public:
                    added = action.commitment * (1.0 + actor.ego) / 2.0
                    if action.category not in HELD_MEASURES:
                        c_now += added * (1.0 - c_now)
                    elif holding:
                        m_now += added * (1.0 - m_now)
                actor.commitment = min(c_now, 1.0)
                actor.measure_commitment = min(m_now, 1.0)
                if called:  # not again while this defiance goes on
                    actor.called = True
                if actor.defiance_seen():
                    actor.calm = 0
                else:
                    actor.calm += 1
                    if actor.calm * self.turn_days >= PAUSE_DAYS:
                        actor.called = False
            if self.flags.approval and actor.approval_start is not None:
                start = actor.approval_start
                tough = action.public and 1 <= action.rung <= READABLE_TOP and not action.quiet
                value = actor.approval + (gain if tough and not action.force else 0.0) - loss
                value = start + keep_approval * (value - start)
                actor.approval = min(max(value, 0.0), 1.0)

    def cohesion(self, moves: dict[int, int]) -> None:
        """Allies' cohesion with their lead: lost to force it uses without consulting them (a
        quarter of it for shows of force, or for escalating while the ally counsels
        restraint), regained over time, twice as fast while the ally supports."""
        if not self.flags.alliance:
            return
        actions = self.setting.actions
        recover = 1.0 - self.kept(self.g.recovery_days)
        for side in (0, 1):
            lead = self.actors[self.setting.lead_of(side)]
            if not lead.seat:
                continue
            assert lead.doctrine is not None
            action = actions[moves[lead.index]]
            hit = 0.0
            if not lead.doctrine.consult:
                if action.force:
                    hit = 1.0
                elif action.category in ("exercise", "blockade"):
                    hit = 0.25
            escalates = action.public and action.rung >= 2
            for ally in self.actors:
                if ally is lead or ally.side != side or ally.cohesion_loss is None:
                    continue
                counselled = ally.previous >= 0 and actions[ally.previous].category == "restrain"
                strain = max(hit, 0.25 if (counselled and escalates) else 0.0)
                move = moves.get(ally.index, -1)
                supports = 2.0 if move >= 0 and actions[move].category == "support" else 1.0
                value = ally.cohesion + recover * supports * (1.0 - ally.cohesion)
                ally.cohesion = min(max(value - ally.cohesion_loss * strain, 0.0), 1.0)

    def fade(self, moves: dict[int, int]) -> bool:
        """The crisis fades (ended without terms or a loser) once, at peace and with no deal's
        stage in force, no seat of a side has moved above rhetoric for the calm's days."""
        if not self.flags.fading:
            return False
        actions = self.setting.actions
        calm = self.war_level == 0 and self.stage == 0
        for actor in self.seats():
            if actor.side >= 0 and actions[moves[actor.index]].rung > CALM_RUNG:
                calm = False
        self.calm_turns = self.calm_turns + 1 if calm else 0
        if self.calm_turns < max(1.0, math.ceil(self.g.calm_days / self.turn_days)):
            return False
        self.faded = True
        return True

    def negotiate(self, moves: dict[int, int]) -> bool:
        """Offers between the leads bind only when answered within a turn; a stage holds
        while no one breaks it; the last stage held is a settlement. Returns True if settled."""
        actions = self.setting.actions
        c, d = self.challenger, self.defender
        offer_c = actions[moves[c.index]].category == "talks"
        offer_d = actions[moves[d.index]].category == "talks"
        settled = False
        if self.flags.negotiation:
            hold = max(1.0, math.ceil(self.g.hold_days / self.turn_days))
            breaking = any(
                actor.side >= 0 and actions[moves[actor.index]].breaks_freeze
                for actor in self.seats()
            )
            if self.stage > 0 and breaking:
                self.stage = 0
                self.stage_clock = 0
            else:
                if self.stage > 0:
                    self.stage_clock += 1
                answered_c = offer_c or c.offered
                answered_d = offer_d or d.offered
                agreed = (offer_c or offer_d) and answered_c and answered_d
                ready = self.stage == 0 or self.stage_clock >= hold
                if agreed and ready and self.stage < self.n_stages:
                    self.stage += 1
                    self.stage_clock = 0
                settled = self.stage == self.n_stages and self.stage_clock >= hold
                if settled:
                    self.outcome = "settlement"
                lift = min(self.setting.scenario.negotiation.lift_stage, self.n_stages)
                if self.flags.sanctions and self.stage >= lift:
                    for actor in self.actors:
                        if actor.side >= 0:  # lifted by the deal: nothing is forfeited
                            actor.sanction = 0.0
                            actor.blockade = 0.0
                            actor.measure_commitment = 0.0
        c.offered = offer_c
        d.offered = offer_d
        return settled

    def collapse(self) -> bool:
        """A regime under strain collapses with hazard collapse_hazard · strain² per year."""
        if not self.flags.sanctions:
            return False
        stream = self.stream(STREAM_WORLD)
        for actor in self.actors:
            if actor.collapse_hazard is None:
                continue
            rate = actor.collapse_hazard * actor.strain**2
            if uniform_at(self.key, stream, 1 + actor.index) < self.per_turn(rate):
                self.outcome = "collapse"
                self.collapsed = actor.index
                return True
        return False

    # --- What each seat saw and believes ------------------------------------------------------
    def observe(self, moves: dict[int, int]) -> None:
        """Perception, beliefs, and the episode's counters."""
        self.perceive(moves)
        self.update_beliefs()
        self.turns += 1
        top = 0
        for actor in self.seats():
            top = max(top, self.setting.actions[moves[actor.index]].rung)
            actor.action = moves[actor.index]
            actor.previous = moves[actor.index]
        for actor in self.actors:
            self.misreadings += sum(1 for wrong in actor.misread.values() if wrong)
        self.max_rung = max(self.max_rung, top)

    def clarity(self, observer: Actor, other: Actor) -> float:
        """The noise reduction of an enabled channel between the two (0 without one)."""
        path = observer.spec.channels.get(other.index)
        return self.inputs[path] if path is not None else 0.0

    def perceive(self, moves: dict[int, int]) -> None:
        """Each seat's reading of every other seat's move: last turn's arriving late,
        unseen (read as its quiet move), a rung off (leaning hostile), a false alarm of an
        attack; a channel removes a share of it all and carries offers exactly."""
        actions = self.setting.actions
        g = self.g
        stream = self.stream(STREAM_PERCEIVE)
        pair = 0
        for observer in self.seats():
            for other in self.seats():
                if other is observer:
                    continue
                truth = moves[other.index]
                seen = truth
                if self.flags.perception:
                    base = pair * 4
                    kept = 1.0 - self.clarity(observer, other)
                    late = self.turn > 1 and other.previous >= 0
                    if late and uniform_at(self.key, stream, base + 1) < g.delay * kept:
                        seen = other.previous
                    if uniform_at(self.key, stream, base + 3) >= actions[seen].visibility:
                        seen = other.spec.quiet
                    u = uniform_at(self.key, stream, base)
                    m = g.misperception * kept
                    if u < m and not actions[seen].force:
                        seen = (
                            other.spec.read_up[seen]
                            if u < m * g.escalation_bias
                            else other.spec.read_down[seen]
                        )
                    strike = other.spec.strike
                    if strike >= 0 and not actions[truth].force:
                        alarm = m * g.false_alarm * actions[truth].alarm
                        if uniform_at(self.key, stream, base + 2) < alarm:
                            seen = strike
                    has_channel = other.index in observer.spec.channels
                    if actions[truth].category == "talks" and kept < 1.0 and has_channel:
                        seen = truth
                observer.perceived[other.index] = seen
                observer.misread[other.index] = seen != truth
                pair += 1

    def update_beliefs(self) -> None:
        """Bayes' rule on what each seat saw each typed seat do, with the likelihood of each
        type from that seat's own choice probabilities; the observer allows for noise (its
        misreading plus delay rate, less its channel's share)."""
        if not self.flags.private:
            return
        noise = 0.0
        if self.flags.perception:
            noise = self.g.misperception + self.g.delay
        for actor in self.actors:
            if not (actor.spec.typed and actor.informative):
                continue
            low_probs, high_probs = actor.probs
            assert low_probs is not None and high_probs is not None
            count = len(actor.own)
            position = {a: j for j, a in enumerate(actor.own)}
            for observer in self.seats():
                if observer is actor:
                    continue
                seen = observer.perceived[actor.index]
                if seen < 0 or seen not in position:
                    continue
                row = position[seen]
                eps = noise * (1.0 - self.clarity(observer, actor))
                low = (1.0 - eps) * low_probs[row] + eps / count
                high = (1.0 - eps) * high_probs[row] + eps / count
                prior = observer.belief[actor.index]
                total = prior * high + (1.0 - prior) * low
                if total > 0.0:
                    observer.belief[actor.index] = prior * high / total

    # --- What it was worth ----------------------------------------------------------------------
    def realised_payoffs(self) -> list[float]:
        """Each actor's payoff: how the episode ended, plus the flows it lived through."""
        out = []
        g = self.g
        for actor in self.actors:
            value = actor.pay_unresolved
            if self.outcome == "settlement":
                value = actor.pay_settlement
            elif self.outcome == "capitulation":
                value = actor.pay_capitulation.get(self.capitulator, 0.0)
            elif self.outcome == "collapse":
                value = actor.pay_collapse.get(self.collapsed, 0.0)
            elif self.outcome == "war":
                cost = actor.war_cost(actor.resolute)
                if self.war_kind == "limited":
                    cost *= g.limited_share
                elif self.war_kind == "nuclear":
                    cost *= g.nuclear_multiplier
                won = self.winner_side >= 0 and self.winner_side == actor.side
                value = (actor.stakes if won else 0.0) - cost
            out.append(value + actor.flow_payoff)
        return out


class FixedRule:
    """A seat playing a fixed rule: a response table, or a reactive doctrine (tft, gtft,
    grit, ...) playing its cooperative and coercive moves. Neither depends on the seat's type,
    and both read only what it saw the other side's lead do last turn."""

    def __init__(self, actor: Actor) -> None:
        assert actor.doctrine is not None
        self.actor = actor
        policy = actor.doctrine.policy
        index = actor.episode.setting.compiled.table.index
        self.kind = actor.doctrine.kind
        self.reactive: ReactiveRule | None = None
        if self.kind == "table":
            assert policy.opening is not None and policy.respond is not None
            self.opening = index(policy.opening)
            self.respond = [index(a) for a in policy.respond]
        else:
            assert policy.doctrine and policy.cooperate and policy.defect
            self.reactive = get_doctrine(policy.doctrine)
            self.cooperate = index(policy.cooperate)
            self.defect = index(policy.defect)
            self.memory = self.reactive.start(1)

    def seen_rung(self) -> int:
        other = self.actor.adversary()
        if other is None:
            return 0
        seen = self.actor.perceived[other.index]
        return self.actor.episode.setting.actions[seen].rung if seen >= 0 else 0

    def decide(self, turn: int) -> int:
        episode = self.actor.episode
        if self.reactive is None:
            return self.opening if turn <= 1 else self.respond[self.seen_rung()]
        noise = uniform_at(episode.key, episode.stream(STREAM_DECIDE), self.actor.index)
        memory = {name: value.copy() for name, value in self.memory.items()}
        cooperate = bool(self.reactive.intend(memory, turn - 1, np.array([noise]))[0])
        return self.cooperate if cooperate else self.defect

    def observe(self, played: int) -> None:
        if self.reactive is None:
            return
        seen = np.array([self.seen_rung() <= COOPERATIVE_MAX_RUNG])
        cooperated = np.array([played == self.cooperate])
        self.reactive.observe(self.memory, cooperated, cooperated, seen)
