"""One actor of one episode: its inputs, its state, what things are worth to it, its choice.

The valuations (docs/model.md, "Values") and the strategic decider (docs/model.md, "The
strategic decider") are methods of the actor they belong to, reading the other actors through
the episode: ``actor.war_cost(resolute)``, ``actor.level_flow()``, ``actor.utilities()``,
``actor.decide()``. Values are in stakes units, flows per year, weighed over the horizon
H = 1 / discount rate.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from brink.reference.setting import ActionSpec, ActorSpec, Doctrine
from brink.vocabulary import HELD_CATEGORIES, READABLE_TOP, STRIKE_RUNG

if TYPE_CHECKING:
    from brink.reference.episode import Episode

NEG_INF = -math.inf
#: Policies in force until lifted: the commitment staked on them is kept by holding them.
HELD_MEASURES = HELD_CATEGORIES
#: A perceived move at or above this rung defies a public commitment.
DEFIANCE_RUNG = 3
#: A defiance ends when none is seen for this many days.
PAUSE_DAYS = 7.0
#: Approval below which a leader's need for support no longer grows; the approval at which a
#: point of it is worth approval.weight (as brink.model.values).
APPROVAL_FLOOR = 0.1
APPROVAL_REFERENCE = 0.5


class Actor:
    """An actor in an episode: who it is (``spec``), its leader type and private type, its
    state (approval, capability, sanctions, commitment, cohesion, ...), what it believes of
    and saw of each other actor, and this turn's values."""

    def __init__(self, episode: Episode, spec: ActorSpec, doctrine: int, resolute: bool) -> None:
        self.episode = episode
        self.spec = spec
        self.index = spec.index
        self.name = spec.name
        self.side = spec.side
        self.doctrine_index = doctrine
        self.doctrine: Doctrine | None = spec.doctrines[doctrine] if spec.doctrines else None
        self.resolute = resolute
        self._read_inputs()
        # State.
        self.action = -1
        self.previous = -1
        # P(force), P(talks) at its last decision by type (0 irresolute, 1 resolute); this
        # turn's are published once every seat has decided (the moves are simultaneous).
        self.p_force = [0.0, 0.0]
        self.p_talks = [0.0, 0.0]
        self.next_force = [0.0, 0.0]
        self.next_talks = [0.0, 0.0]
        self.commitment = 0.0  # a threat's: kept only by force
        self.measure_commitment = 0.0  # staked on held measures: kept by holding them
        self.called = False  # a threat called by the defiance going on
        self.calm = 0  # turns since it last saw defiance
        self.approval = self.approval_start if self.approval_start is not None else 0.0
        self.capability = self.capability_start if self.capability_start is not None else 0.0
        self.capability_rate = 0.0
        self.nuclear_off = False
        self.strain = 0.0
        self.sanction = 0.0
        self.blockade = 0.0
        self.cohesion = 1.0
        self.offered = False
        self.strike_requested = False
        self.planned_done = False
        self.empty_threats = 0
        self.flow_payoff = 0.0
        self.casualties = 0.0
        self.belief: dict[int, float] = {}  # P(j resolute), by j
        self.perceived: dict[int, int] = {}  # what it saw j do last turn (-1 nothing yet)
        self.misread: dict[int, bool] = {}
        self.forced = -1  # this turn's move from a fixed rule (-1: the decider chooses)
        # This turn's decision: choice probabilities by type (0 irresolute, 1 resolute).
        self.probs: list[list[float] | None] = [None, None]
        self.informative = False
        self.would_force = True
        self.chosen = -1
        # This turn's values (Episode.context).
        self.continuation = 0.0
        self.flow_now = 0.0
        self.retreat = 0.0
        self.abandon = 0.0
        self.settlement = 0.0
        self.approval_worth = 0.0
        self.war_costs = (0.0, 0.0)
        self.capitulation: dict[int, float] = {}

    def _read_inputs(self) -> None:
        """This episode's value of every input of the actor (None: the scenario has none)."""
        values = self.episode.inputs
        prefix = f"actors.{self.name}."

        def get(name: str) -> float | None:
            return values.get(prefix + name)

        def zero(name: str) -> float:
            value = get(name)
            return 0.0 if value is None else value

        self.stakes = zero("stakes")
        self.war_cost_input = zero("war_cost")
        self.strength = zero("strength")
        self.nuclear_use_input = zero("nuclear_use_probability")
        self.disarm_input = zero("disarm_probability")
        self.loose_nukes = get("loose_nukes_probability")
        self.audience = get("audience_cost")
        self.approval_start = get("approval_start")
        self.capability_start = get("capability_start")
        self.capability_value = zero("capability_value")
        self.strain_cost = get("strain_cost")
        self.collapse_hazard = get("collapse_hazard")
        self.pressure_sensitivity = get("pressure_sensitivity")
        self.switch_cost = zero("switch_cost")
        self.exposure = get("exposure")
        self.cohesion_loss = get("cohesion_loss")
        self.ego = zero("traits.ego")
        self.thin_skin = zero("traits.thin_skin")
        self.maximalism = zero("traits.maximalism")
        self.pay_settlement = zero("payoffs.settlement")
        self.pay_unresolved = zero("payoffs.unresolved")
        others = self.episode.setting.compiled.actors
        self.threat = _pairs(values, prefix + "capability_threat.", others)
        self.trade = _pairs(values, prefix + "trade.", others)
        self.pay_collapse = _pairs(values, prefix + "payoffs.collapse.", others)
        self.pay_capitulation = _pairs(values, prefix + "payoffs.capitulation.", others)

    # --- Who is who -------------------------------------------------------------------------
    @property
    def seat(self) -> bool:
        return self.spec.seat

    @property
    def own(self) -> tuple[int, ...]:
        return self.spec.own

    def is_lead(self) -> bool:
        return self.spec.lead

    def adversary_of(self, other: Actor) -> bool:
        """The other actor is on the other side (neither neutral)."""
        return self.side >= 0 and other.side >= 0 and other.side != self.side

    def lead(self) -> Actor:
        """The lead of this actor's side (the actor itself for a lead)."""
        return self.episode.actors[self.episode.setting.lead_of(self.side)]

    def adversary(self) -> Actor | None:
        index = self.spec.adversary
        return self.episode.actors[index] if index >= 0 else None

    def seen(self, other: Actor, truth: bool) -> int:
        """What it saw ``other`` do last turn (-1 nothing yet), or what it really did."""
        return other.previous if truth else self.perceived.get(other.index, -1)

    def seen_rung(self, other: Actor, truth: bool) -> int:
        action = self.seen(other, truth)
        return self.episode.setting.actions[action].rung if action >= 0 else 0

    def type_weight(self, other: Actor) -> float:
        """P(other resolute) as this actor sees it: its belief when the type is private."""
        if other.spec.typed and self.episode.flags.private:
            return self.belief[other.index]
        return 1.0 if other.resolute else 0.0

    # --- What states are worth (per year) ---------------------------------------------------
    def has_capability(self) -> bool:
        return self.capability_start is not None

    def level_flow(self, projected: bool = False, zeroed: int = -1) -> float:
        """Per-year value of the capabilities standing: its own, less others' that it fears.

        ``projected``: others' capability grown at its recent rate over half the horizon.
        ``zeroed``: an actor whose programme is given up (a lead that backs down).
        """
        episode = self.episode
        if not episode.flags.capability:
            return 0.0
        out = 0.0
        if self.has_capability() and self.index != zeroed:
            out += self.capability_value * self.capability
        years = episode.years
        for j, worry in self.threat.items():
            if j == zeroed:
                continue
            other = episode.actors[j]
            level = other.capability
            if projected:
                level = min(level + other.capability_rate * years / 2.0, 1.0)
            out -= worry * level
        return out

    def secondary_pressure(self) -> float:
        """Cost per year of trading with a target others sanction (while it does not)."""
        if self.pressure_sensitivity is None:
            return 0.0
        pressure = 0.0
        for j in self.trade:
            for sender in self.episode.actors:
                if sender.spec.sanction_target == j and sender is not self:
                    pressure = max(pressure, sender.sanction)
        return self.pressure_sensitivity * pressure

    def upkeep(self) -> float:
        """Cost per year of its own sanctions at full level."""
        action = self.spec.sanction
        if action < 0:
            return 0.0
        path = self.episode.setting.actions[action].upkeep
        return self.episode.inputs[path] if path is not None else 0.0

    def crisis_flow(self) -> float:
        """Per-year value of the standoff's own costs (strain, collapse risk, secondary
        pressure, upkeep) and, for an ally, its ties to its lead; they end with the crisis."""
        episode = self.episode
        out = 0.0
        if episode.flags.sanctions:
            out -= (self.strain_cost or 0.0) * self.strain
            for j, value in self.pay_collapse.items():
                other = episode.actors[j]
                if other.collapse_hazard is not None:
                    out += value * other.collapse_hazard * other.strain * other.strain
            out -= self.secondary_pressure() * (1.0 - self.sanction)
            out -= self.upkeep() * self.sanction
        if episode.flags.alliance and self.side >= 0 and not self.is_lead():
            out += episode.g.ally_value * self.cohesion
        return out

    def flow(self) -> float:
        """What one more year of the standoff as it stands is worth to it."""
        return self.level_flow() + self.crisis_flow()

    def capitulation_value(self, lead: Actor) -> float:
        """Value of ``lead`` backing down: its payoff and the capabilities left standing over
        the horizon, the capitulating lead's programme given up."""
        payoff = self.pay_capitulation.get(lead.index, 0.0)
        return payoff + self.episode.years * self.level_flow(zeroed=lead.index)

    def capitulation_of(self, lead: Actor) -> float:
        """This turn's value of ``lead`` backing down (computed once per turn for leads)."""
        cached = self.capitulation.get(lead.index)
        return cached if cached is not None else self.capitulation_value(lead)

    def settlement_value(self) -> float:
        """Value of a settlement now: its payoff, capabilities frozen where they stand."""
        return self.pay_settlement + self.episode.years * self.level_flow()

    def approval_value(self) -> float:
        """What one point of approval is worth to its leader now: approval.weight at 50%
        approval, more the less support it has (a logarithmic utility of approval)."""
        if not (self.episode.flags.approval and self.approval_start is not None):
            return 0.0
        return (
            self.episode.g.approval_weight * APPROVAL_REFERENCE / max(self.approval, APPROVAL_FLOOR)
        )

    def retreat_cost(self, stake: float) -> float:
        """What retreating from a public commitment ``stake`` (its threat's or its held
        measures') costs the leader, in its own eyes: the public's audience_cost · stake,
        valued at approval's current worth and by (1 + ego)."""
        if not (self.episode.flags.knot and self.audience is not None):
            return 0.0
        return self.approval_value() * self.audience * stake * (1.0 + self.ego)

    def war_cost(self, resolute: bool) -> float:
        """Cost of a major war: a resolute type feels a share of it; a lead bears its allies'
        lost cohesion and weighs their exposure."""
        episode = self.episode
        cost = self.war_cost_input
        if resolute and self.spec.typed:
            cost *= episode.g.resolute_war_cost
        if self.side >= 0 and episode.flags.alliance and self.is_lead():
            lost = 0.0
            exposed = 0.0
            allies = 0
            for m in episode.setting.members[self.side]:
                if m != self.index:
                    ally = episode.actors[m]
                    allies += 1
                    lost += 1.0 - ally.cohesion
                    exposed += (ally.exposure or 0.0) * ally.cohesion
            if allies:
                cost *= 1.0 + episode.g.war_cost_factor * lost / allies
                cost *= 1.0 + episode.g.ally_care * exposed
        return cost

    def nuclear_use(self) -> float:
        """P(it uses nuclear weapons in a major war), growing with its capability."""
        if self.nuclear_off:
            return 0.0
        base = self.nuclear_use_input
        if self.episode.flags.capability and self.has_capability():
            start = self.capability_start or 0.0
            if start > 0:
                base *= self.capability / start
        return min(max(base, 0.0), 1.0)

    def disarm_chance(self) -> float:
        """P(a disarming strike destroys all its nuclear weapons): falls as capability grows."""
        if self.nuclear_off:
            return 0.0
        base = self.disarm_input
        if self.episode.flags.capability and self.has_capability():
            start = self.capability_start or 0.0
            room = (1.0 - self.capability) / max(1.0 - start, 1e-9)
            base *= min(max(room, 0.0), 1.0)
        return base

    def war_value(self, resolute: bool, attacker_side: int | None, p_nuclear: float) -> float:
        """Value of a major war (Fearon): P(its side prevails)·stakes − cost, the cost raised
        if the war goes nuclear. A neutral bears only the cost."""
        cost = self.war_costs[1 if resolute else 0]
        cost *= 1.0 - p_nuclear + p_nuclear * self.episode.g.nuclear_multiplier
        if self.side < 0:
            return -cost
        decisive = 1.0 - self.episode.g.ceasefire_share  # a ceasefire decides nothing
        return self.stakes * decisive * self.episode.prevail(self.side, attacker_side) - cost

    def limited_war_value(self, resolute: bool) -> float:
        """Value of a limited war (an exchange of strikes ended by a ceasefire)."""
        return -self.episode.g.limited_share * self.war_costs[1 if resolute else 0]

    def refresh_values(self) -> None:
        """This turn's values, computed once at the start of the turn."""
        years = self.episode.years
        standing = self.crisis_flow()
        self.continuation = years * (self.level_flow(projected=True) + standing)
        self.flow_now = self.level_flow() + standing
        self.retreat = self.retreat_cost(self.commitment)
        self.abandon = self.retreat_cost(self.measure_commitment)
        self.settlement = self.settlement_value()
        self.approval_worth = self.approval_value()
        self.capitulation = {}
        if self.is_lead():
            for lead in self.episode.leads():
                self.capitulation[lead.index] = self.capitulation_value(lead)
        self.war_costs = (self.war_cost(False), self.war_cost(True))

    # --- Doctrine: what it may do ---------------------------------------------------------
    def vetoed(self) -> bool:
        """A consulting lead is refused force by an ally whose consent it needs and who
        answered its last turn with restraint."""
        if self.side < 0 or not self.is_lead() or not self.doctrine or not self.doctrine.consult:
            return False
        actions = self.episode.setting.actions
        for ally in self.episode.actors:
            if ally is self or ally.side != self.side or not ally.spec.consulted:
                continue
            if ally.previous >= 0 and actions[ally.previous].category == "restrain":
                return True
        return False

    def available(self, turn: int) -> dict[int, bool]:
        """Its actions it can take now: cooldowns, fixed enforcement, allies' vetoes."""
        episode = self.episode
        vetoed = self.vetoed()
        out = {}
        for a in self.own:
            action = episode.setting.actions[a]
            since = turn - episode.last_used[self.index][a]
            ok = not (action.cooldown > 0 and since < action.cooldown)
            if self.spec.enforcement != "decide" and action.category in ("sanction", "lift"):
                ok = False
            if vetoed and action.force:
                ok = False
            out[a] = ok
        if not any(out.values()):
            out[self.spec.quiet] = True
        return out

    def doctrine_mask(self, available: dict[int, bool], truth: bool) -> dict[int, bool]:
        """What its doctrine leaves open of the available actions; talks only as its
        willingness to negotiate says (lead, or reciprocate an offer or a deal under way)."""
        assert self.doctrine is not None
        actions = self.episode.setting.actions
        mode = self.doctrine.negotiate
        other = self.adversary()
        offer_seen = False
        if other is not None:
            last = self.seen(other, truth)
            offer_seen = last >= 0 and actions[last].category == "talks"
        talks_ok = mode == "lead" or (
            mode == "reciprocate" and (offer_seen or self.episode.stage > 0)
        )
        out = {}
        for a in self.own:
            ok = available[a] and a in self.doctrine.allowed
            if actions[a].category == "talks" and not talks_ok:
                ok = False
            out[a] = ok
        if not any(out.values()):  # a doctrine never leaves a seat without a move
            return dict(available)
        return out

    # --- The strategic decider ------------------------------------------------------------
    def defiance_seen(self, truth: bool = False) -> bool:
        """It saw an adversary defy it last turn (a move at rung >= DEFIANCE_RUNG)."""
        return any(
            self.adversary_of(other) and self.seen_rung(other, truth) >= DEFIANCE_RUNG
            for other in self.episode.actors
        )

    def defied(self, truth: bool = False) -> bool:
        """It holds a public threat and saw an adversary defy it last turn, in a defiance that
        has not already called one of its threats."""
        if not self.episode.flags.knot or self.commitment <= 0.0 or self.called:
            return False
        return self.defiance_seen(truth)

    def measures_defied(self, truth: bool = False) -> bool:
        """It staked a commitment on the measures it holds and saw an adversary defy them."""
        if not self.episode.flags.knot or self.measure_commitment <= 0.0:
            return False
        return self.defiance_seen(truth)

    def utilities(
        self, open_: dict[int, bool], truth: bool
    ) -> tuple[list[float], list[list[float]]]:
        """U(a) of each of its actions for both types: the part the types share and, by type
        (0 irresolute, 1 resolute), what war's cost adds. Closed actions get -inf."""
        episode = self.episode
        g = episode.g
        actions = episode.setting.actions
        flags = episode.flags
        own = self.own
        common = [0.0] * len(own)
        typed = [[0.0] * len(own), [0.0] * len(own)]
        years = episode.years
        capability_worth = 0.0
        if flags.capability and self.has_capability():
            capability_worth = self.capability_value * years
        toughness = self.approval_worth * g.toughness_gain * episode.turn_years
        retreat = self.retreat
        was_defied = self.defied(truth)
        abandon = self.abandon if self.measures_defied(truth) else 0.0
        provoked = False
        struck = False
        for other in episode.actors:
            if self.adversary_of(other):
                rung = self.seen_rung(other, truth)
                provoked = provoked or 2 <= rung <= READABLE_TOP
                struck = struck or rung >= STRIKE_RUNG
        honour = g.honour * self.thin_skin
        my_attack = self.side if self.side >= 0 else None
        for j, a in enumerate(own):
            action = actions[a]
            going = not action.force and action.category != "concede"
            if self.doctrine is not None and a in self.doctrine.prefer:
                common[j] += episode.inputs[self.doctrine.prefer[a]]
            if action.cost is not None:
                common[j] -= episode.inputs[action.cost]
            if going:
                common[j] += self.continuation
                if was_defied:
                    common[j] -= retreat
            if action.gain is not None and capability_worth > 0.0:
                common[j] += (
                    capability_worth * episode.inputs[action.gain] * (1.0 - self.capability)
                )
            if action.public and 1 <= action.rung <= READABLE_TOP and not action.quiet:
                common[j] += toughness
                if action.rung >= 2 and provoked:
                    common[j] += honour
            if action.category == "strike":
                if struck:
                    common[j] += honour
            elif action.category == "concede":
                common[j] += self.capitulation_of(self) - retreat - self.abandon
            elif action.category == "lift":
                common[j] -= abandon
            if action.category in ("war", "nuclear"):
                p_war = episode.p_nuclear if action.category == "war" else 1.0
                for flag in (0, 1):
                    typed[flag][j] += self.war_value(flag == 1, my_attack, p_war)
            elif action.category == "strike":
                irresolute, resolute = self.strike_values(action)
                typed[0][j] += irresolute
                typed[1][j] += resolute
        if flags.sanctions:
            self._held_terms(common)
        if flags.negotiation:
            self._deal_terms(common, truth)
        if flags.alliance and self.side >= 0 and not self.is_lead():
            self._ally_terms(common, typed)
        rival = self.adversary()
        if rival is not None and rival.seat:
            if self.side >= 0 and self.is_lead():  # allies do not bargain with the other side
                self._coercion_terms(common, typed, rival)
            self._accident_terms(common, typed, rival, truth)
        for j, a in enumerate(own):
            if not open_[a]:
                common[j] = NEG_INF
        return common, typed

    def struck_response(self, lead: Actor, attacker_side: int | None) -> tuple[float, float]:
        """(P(war), P(strike back)) when ``lead``'s side is struck by this actor's side, as
        this actor expects: the lead's 'attacked' red line, else logit over its values of war,
        a limited exchange and containing the blow (which costs it honour)."""
        cache = self.episode.struck_cache
        key = (self.index, lead.index, attacker_side)
        if key not in cache:
            cache[key] = self._struck_response(lead, attacker_side)
        return cache[key]

    def _struck_response(self, lead: Actor, attacker_side: int | None) -> tuple[float, float]:
        episode = self.episode
        tau = max(episode.g.temperature, 1e-6)
        automatic = lead.attacked_red_line(self)
        weight = self.type_weight(lead)
        contain = lead.continuation - episode.g.honour * lead.thin_skin
        p_war = 0.0
        p_limited = 0.0
        for resolute, share in ((False, 1.0 - weight), (True, weight)):
            if share <= 0.0:
                continue
            war = lead.war_value(resolute, attacker_side, episode.p_nuclear)
            limited = lead.limited_war_value(resolute)
            top = max(war, limited, contain)
            ew = math.exp((war - top) / tau)
            el = math.exp((limited - top) / tau)
            ec = math.exp((contain - top) / tau)
            total = ew + el + ec
            p_war += share * ew / total
            p_limited += share * el / total
        return automatic + (1.0 - automatic) * p_war, (1.0 - automatic) * p_limited

    def attacked_red_line(self, observer: Actor) -> float:
        """P(it answers an attack automatically with force) as ``observer`` expects: its own
        doctrine's 'attacked' line, or for another the lines of its leader types weighted as
        its mixture is (which type leads it is not observed)."""
        if self.doctrine is None:
            return 0.0
        if observer is self or len(self.spec.doctrines) <= 1:
            return self._red_line_of(self.doctrine)
        return sum(
            weight * self._red_line_of(doctrine)
            for doctrine, weight in zip(self.spec.doctrines, self.spec.weights, strict=True)
        )

    def _red_line_of(self, doctrine: Doctrine) -> float:
        actions = self.episode.setting.actions
        for line in doctrine.red_lines:
            if line.trigger == "attacked" and actions[line.then].force:
                return self.episode.inputs[line.probability]
        return 0.0

    def expected_force(self, observer: Actor) -> float:
        """P(it used force at its last decision) as ``observer`` expects: by type, weighted
        by the observer's belief about its resolve (itself: its own type)."""
        if observer is self:
            return self.p_force[1 if self.resolute else 0]
        weight = observer.type_weight(self)
        return weight * self.p_force[1] + (1.0 - weight) * self.p_force[0]

    def expected_talks(self, observer: Actor) -> float:
        """P(it offered talks at its last decision) as ``observer`` expects (as above)."""
        if observer is self:
            return self.p_talks[1 if self.resolute else 0]
        weight = observer.type_weight(self)
        return weight * self.p_talks[1] + (1.0 - weight) * self.p_talks[0]

    def strike_values(self, action: ActionSpec) -> tuple[float, float]:
        """Expected value of a limited strike for an irresolute and a resolute striker: the
        target's side answers with war, strikes back or contains it; a disarming strike may
        destroy the target's nuclear force (lower odds of nuclear war, no more threat)."""
        episode = self.episode
        target_index = episode.setting.compiled.table.target[self.index, action.index]
        if target_index < 0:
            return NEG_INF, NEG_INF
        target = episode.actors[int(target_index)]
        lead = target.lead() if target.side >= 0 else target
        disarm = target.disarm_chance() if action.disarming else 0.0
        p_nuclear = (
            episode.nuclear_odds(target.index, disarm) if disarm > 0.0 else episode.p_nuclear
        )
        mine = self.side if self.side >= 0 else None
        contained = self.continuation
        if disarm > 0.0:
            worry = self.threat.get(target.index, 0.0)
            contained += disarm * worry * target.capability * episode.years
        r_war, r_limited = self.struck_response(lead, mine)
        r_contain = 1.0 - r_war - r_limited
        values = []
        for resolute in (False, True):
            values.append(
                r_war * self.war_value(resolute, mine, p_nuclear)
                + r_limited * self.limited_war_value(resolute)
                + r_contain * contained
            )
        return values[0], values[1]

    def strain_if(self, sender: Actor, level: float) -> float:
        """Its steady-state strain if ``sender`` held its sanctions at ``level``."""
        pain = 0.0
        for trader in self.episode.actors:
            share = trader.trade.get(self.index)
            if share is None:
                continue
            held = level if trader is sender else max(trader.sanction, trader.blockade)
            pain += held * share
        return min(pain, 1.0)

    def _held_terms(self, common: list[float]) -> None:
        """Sanctions are a policy held, not a weekly coin: each move is valued by the state it
        leads to — the target's strain (and the collapse some fear), upkeep, secondary
        pressure, the war risk a trading partner's enforcement is thought to remove — less the
        cost of changing policy."""
        episode = self.episode
        actions = episode.setting.actions
        years = episode.years
        level = self.sanction
        cost = self.upkeep()
        secondary = self.secondary_pressure()
        fear = 0.0
        before = 0.0
        target = None
        if self.spec.sanction_target >= 0:
            target = episode.actors[self.spec.sanction_target]
            before = target.strain_if(self, level)
            share = self.trade.get(target.index)
            if share is not None:
                per_turn = min(
                    episode.challenger.expected_force(self) + episode.defender.expected_force(self),
                    1.0,
                )
                per_year = 1.0 - (1.0 - per_turn) ** (365.0 / episode.turn_days)
                fear = self.war_cost_input * per_year * share
        for j, a in enumerate(self.own):
            action = actions[a]
            if action.category == "lift":
                new = 0.0
            elif action.category == "sanction":
                step = action.step if action.step is not None else episode.g.sanction_step
                new = level + step * (1.0 - level)
            else:
                continue
            change = new - level
            if abs(change) > 1e-9:
                common[j] -= self.switch_cost
            common[j] += years * (-cost * change + secondary * change + fear * change)
            fears = target is not None and target.index in self.pay_collapse
            if fears and target is not None and target.collapse_hazard is not None:
                after = target.strain_if(self, new)
                common[j] += (
                    years
                    * self.pay_collapse[target.index]
                    * target.collapse_hazard
                    * (after * after - before * before)
                )

    def _deal_terms(self, common: list[float], truth: bool) -> None:
        """An offer is worth the deal's next stage — a stage's share of what settling is worth
        over carrying on, discounted by maximalism — times the chance the other lead answers;
        breaking a deal in force costs the stages it has reached."""
        episode = self.episode
        actions = episode.setting.actions
        stage = episode.stage
        deal = max(self.settlement - self.continuation, 0.0) / episode.n_stages
        other = self.adversary()
        answer = 0.0
        worth = 0.0
        if self.is_lead() and other is not None:
            last = self.seen(other, truth)
            if last >= 0 and actions[last].category == "talks":
                answer = 1.0
            else:
                answer = other.spec.willing * (0.5 + 0.5 * other.expected_talks(self))
            if stage < episode.n_stages:
                worth = deal * (1.0 - self.maximalism)
            lifts = stage + 1 >= episode.setting.scenario.negotiation.lift_stage
            if episode.flags.sanctions and self.strain_cost is not None and lifts:
                worth += 0.5 * self.strain_cost * self.strain * episode.years
        for j, a in enumerate(self.own):
            if stage > 0 and actions[a].breaks_freeze:
                common[j] -= deal * stage
            if actions[a].category == "talks":
                common[j] += answer * worth

    def _ally_terms(self, common: list[float], typed: list[list[float]]) -> None:
        """An ally values its ties to its lead and fears the war its lead's force would bring:
        restraint (when it must be consulted) is worth the war it averts less a little
        standing; support rebuilds cohesion, and is worth more the tighter the alliance."""
        episode = self.episode
        g = episode.g
        actions = episode.setting.actions
        lead = self.lead()
        years = episode.years
        recover = 1.0 - episode.kept(g.recovery_days)
        force_next = lead.expected_force(self)
        if lead.strike_requested and not lead.planned_done:
            force_next = 1.0
        other = self.adversary()
        war_given_force = 0.0
        if other is not None:
            war_given_force, _ = self.struck_response(other, self.side)
        for j, a in enumerate(self.own):
            category = actions[a].category
            if category == "restrain" and self.spec.consulted:
                averted = force_next * war_given_force
                for flag in (0, 1):
                    war = self.war_value(flag == 1, self.side, episode.p_nuclear)
                    typed[flag][j] += averted * (self.continuation - war)
                common[j] -= g.ally_value * self.cohesion * years * 0.1
            elif category == "support":
                common[j] += (
                    g.ally_value * years * recover * (1.0 - self.cohesion)
                    + g.ally_value * self.cohesion * 0.01
                )

    def _coercion_terms(self, common: list[float], typed: list[list[float]], other: Actor) -> None:
        """One step of look-ahead at the other side's lead (docs/model.md, "Look-ahead"): it
        backs down, attacks or carries on next turn with logit probabilities over its own values
        of the three — carrying on less the pressure this move puts on it (economic, a committed
        threat partly believed, a capability gain that threatens it), plus its urge to answer a
        provocation, less an empty threat's cost if defied."""
        episode = self.episode
        g = episode.g
        actions = episode.setting.actions
        years = episode.years
        tau = max(g.temperature, 1e-6)
        belief_other = other.type_weight(self)  # the other's view of this actor's resolve
        weight = self.type_weight(other)  # this actor's view of the other's resolve
        attacker = other.side if other.side >= 0 else None
        war_o = (
            other.war_value(False, attacker, episode.p_nuclear),
            other.war_value(True, attacker, episode.p_nuclear),
        )
        war_avg = (1.0 - weight) * war_o[0] + weight * war_o[1]
        retreat_o = other.retreat
        concede_o = NEG_INF
        if other.spec.concede >= 0:
            concede_o = other.capitulation_of(other) - retreat_o
        committed_o = episode.flags.knot and other.commitment > 0.0 and not other.called
        honour_o = g.honour * other.thin_skin
        strain_cost = (other.strain_cost or 0.0) * years
        share = self.trade.get(other.index, 0.0)
        credibility = g.threat_credibility * belief_other
        worry = other.threat.get(self.index, 0.0) if episode.flags.capability else 0.0
        threat_gap = max(other.continuation - war_avg, 0.0)
        reference = max(concede_o, war_o[0], war_o[1])
        e_concede = math.exp((concede_o - reference) / tau)
        e_war = (math.exp((war_o[0] - reference) / tau), math.exp((war_o[1] - reference) / tau))
        they_concede = self.capitulation_of(other)
        attacked = (
            self.war_value(False, attacker, episode.p_nuclear),
            self.war_value(True, attacker, episode.p_nuclear),
        )
        for j, a in enumerate(self.own):
            action = actions[a]
            if action.force or action.category == "concede":
                continue
            press = 0.0
            target = episode.setting.compiled.table.target[self.index, a]
            if action.category in ("sanction", "blockade") and target == other.index:
                step = action.step if action.step is not None else g.sanction_step
                press += strain_cost * share * step * (1.0 - self.sanction)
            if episode.flags.knot:  # a threat of force; a held measure presses through strain
                after = self.commitment
                if action.category not in HELD_MEASURES:
                    after += action.commitment * (1.0 + self.ego) / 2.0 * (1.0 - self.commitment)
                press += after * credibility * threat_gap
            if worry > 0.0 and action.gain is not None:
                press += worry * episode.inputs[action.gain] * (1.0 - self.capability) * years
            carry = other.continuation - press
            if action.rung >= 2 and not action.quiet:
                carry += honour_o
            if committed_o and action.rung >= DEFIANCE_RUNG:
                carry -= retreat_o
            # exp of the carry-on value against the largest of the three (no overflow).
            if carry <= reference:
                e_carry = math.exp((carry - reference) / tau)
                scale = 1.0
            else:
                e_carry = 1.0
                scale = math.exp((reference - carry) / tau)
            q_concede = 0.0
            q_force = 0.0
            for flag, share_type in ((0, 1.0 - weight), (1, weight)):
                if share_type <= 0.0:
                    continue
                war_term = e_war[flag] * scale
                concede_term = e_concede * scale
                total = concede_term + war_term + e_carry
                q_concede += share_type * concede_term / total
                q_force += share_type * war_term / total
            common[j] += (
                q_concede * (they_concede - self.continuation) - q_force * self.continuation
            )
            typed[0][j] += q_force * attacked[0]
            typed[1][j] += q_force * attacked[1]

    def _accident_terms(
        self, common: list[float], typed: list[list[float]], other: Actor, truth: bool
    ) -> None:
        """Friction raises the chance of a clash nobody chose (first order in the hazard),
        valued as a limited war (when accidents are on)."""
        episode = self.episode
        if not episode.flags.accidents:
            return
        actions = episode.setting.actions
        last = self.seen(other, truth)
        if last < 0:
            return
        theirs = actions[last].friction
        if theirs <= 0.0:
            return
        exponent = episode.g.hazard_exponent
        rate = episode.g.hazard_top * theirs ** (exponent / 2.0) * episode.turn_years
        limited = (self.limited_war_value(False), self.limited_war_value(True))
        for j, a in enumerate(self.own):
            action = actions[a]
            if action.force or action.category == "concede":
                continue
            hazard = rate * episode.friction_power[a]
            if hazard <= 0.0:
                continue
            common[j] -= hazard * self.continuation
            typed[0][j] += hazard * limited[0]
            typed[1][j] += hazard * limited[1]

    def decide(self, turn: int, uniform: float) -> None:
        """Choose this turn's move (``self.chosen``) by logit over its open actions; keep the
        choice probabilities of both types (observers learn from them) and, when it chose force
        while misreading someone, whether it would have chosen force on the truth."""
        episode = self.episode
        actions = episode.setting.actions
        self.informative = False
        self.would_force = True
        available = self.available(turn)
        if self.forced >= 0:
            self.chosen = self.forced if available.get(self.forced, False) else self.spec.quiet
            category = actions[self.chosen].category
            self.next_force = [1.0 if actions[self.chosen].force else 0.0] * 2
            self.next_talks = [1.0 if category == "talks" else 0.0] * 2
            return
        assert self.doctrine is not None
        tau = max(episode.g.temperature, 1e-12)
        misled = any(self.misread.values())
        mine = 1 if self.resolute else 0
        open_ = self.doctrine_mask(available, truth=False)
        common, typed = self.utilities(open_, truth=False)
        self.probs = [None, None]
        for flag in (0, 1):
            if flag == mine or self.spec.typed:
                self.probs[flag] = logit(common, typed[flag], tau)
        mine_probs = self.probs[mine]
        assert mine_probs is not None
        self.chosen = self.own[inverse_cdf(mine_probs, uniform)]
        for flag in (0, 1):
            probs = self.probs[flag] if self.spec.typed else mine_probs
            assert probs is not None
            self.next_force[flag] = sum(
                p for p, a in zip(probs, self.own, strict=True) if actions[a].force
            )
            self.next_talks[flag] = sum(
                p for p, a in zip(probs, self.own, strict=True) if actions[a].category == "talks"
            )
        if misled and actions[self.chosen].force:
            # The counterfactual: the same decider and noise on the others' true last moves.
            open_truth = self.doctrine_mask(available, truth=True)
            common, typed = self.utilities(open_truth, truth=True)
            truth_pick = self.own[inverse_cdf(logit(common, typed[mine], tau), uniform)]
            self.would_force = actions[truth_pick].force
        self.informative = self.doctrine.kind == "strategic"


def logit(common: list[float], typed: list[float], tau: float) -> list[float]:
    """P(a) ∝ exp(U(a)/τ) (McKelvey & Palfrey 1995); closed actions (-inf) get 0."""
    utility = [c + t for c, t in zip(common, typed, strict=True)]
    top = max(utility)
    weights = [0.0 if u == NEG_INF else math.exp((u - top) / tau) for u in utility]
    total = 0.0
    for w in weights:
        total += w
    return [w / total for w in weights]


def inverse_cdf(probs: list[float], uniform: float) -> int:
    """The position drawn from ``probs`` by inverting its CDF at ``uniform`` (the last
    position with positive probability when rounding leaves the sum below it)."""
    cumulative = 0.0
    last = 0
    for j, p in enumerate(probs):
        if p > 0.0:
            last = j
        cumulative += p
        if uniform < cumulative:
            return j
    return last


def _pairs(values: dict[str, float], prefix: str, others: tuple[str, ...]) -> dict[int, float]:
    """A pairwise input (trade, threat, a payoff) by the index of the other actor."""
    out = {}
    for j, name in enumerate(others):
        value = values.get(prefix + name)
        if value is not None:
            out[j] = value
    return out
