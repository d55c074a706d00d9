"""The scenario language (schema 2): actors who all decide, actions by their attributes, doctrines.

A scenario file (YAML) declares the actors (each one a *seat* with its own actions, traits,
interests and state), the single action table, channels between pairs of actors, the
mechanisms' inputs, and the named policies (doctrines) each actor can follow. Unknown keys are
rejected so a typo never passes silently; `brink schema` exports this model as JSON Schema.

Structure (docs/scenarios.md): two *sides*, each led by one actor (``challenger`` — whose
policies `brink run` compares — and ``defender``); any actor may belong to a side (``side:``
names its lead) or stand outside as a neutral. ``role`` is a label for reports only: the engine
treats every actor the same way, through the inputs it has.

Global mechanism parameters (perception noise, accident hazard, decision temperature, ...) may
be omitted: the loader fills them from ``globals.yaml``, Brink's shared values for every crisis,
which a calibration file can then replace (docs/backtest.md).
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from brink.scenario.params import Param
from brink.vocabulary import RUNG_NAMES, TOP_RUNG, Category

SCHEMA_VERSION = 2
_ID = re.compile(r"^[A-Za-z][A-Za-z0-9_-]*$")

__all__ = [
    "RUNG_NAMES",
    "SCHEMA_VERSION",
    "TOP_RUNG",
    "Action",
    "Actor",
    "Category",
    "Mixture",
    "Policy",
    "RedLine",
    "Scenario",
]


class Strict(BaseModel):
    """Base for every scenario block: unknown keys are errors, objects are immutable."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class Action(Strict):
    """One row of the action table: the single source of truth for what an action is and does.

    Rung and category say where it sits and what kind of move it is; the attributes say what it
    does. Attributes left out take their category's coding (docs/scenarios.md, "Action
    attributes"); a file that changes a coding says why in ``coding_note``.
    """

    id: str = Field(description="Short id used by policies, e.g. `missile-test`.")
    label: str = Field(description="What the actor does, for narratives: 'tests a missile'.")
    rung: int = Field(ge=0, le=TOP_RUNG, description="Escalation rung 0–7 (see RUNG_NAMES).")
    category: Category
    actors: list[str] = Field(min_length=1, description="Actor ids that may take this action.")
    target: str | None = Field(
        None, description="Actor it acts on (default: the other side's lead)."
    )
    public: bool | None = Field(None, description="Seen by the actor's public (approval).")
    visibility: float | None = Field(None, ge=0, le=1, description="P(other actors see it).")
    alarm: float | None = Field(
        None, ge=0, le=1, description="How readily it is misread as an attack under way (0–1)."
    )
    friction: float | None = Field(
        None, ge=0, le=1, description="Military contact it makes (drives the accident hazard)."
    )
    commitment: float | None = Field(
        None, ge=0, le=1, description="Public commitment it creates (threats, ultimatums)."
    )
    breaks_freeze: bool | None = Field(None, description="Taking it violates a deal in force.")
    disarming: bool = Field(False, description="A strike aimed at the target's nuclear force.")
    step: float | None = Field(
        None, ge=0, le=1, description="Sanctions or blockade: how far one use tightens them."
    )
    cooldown_days: int = Field(
        0, ge=0, description="Days of preparation needed between two uses (readiness)."
    )
    cost: Param | None = Field(None, description="Cost to the actor of one use (stakes units).")
    upkeep: Param | None = Field(
        None, description="Sanctions or blockade: cost per year to the actor while in force."
    )
    capability_gain: Param | None = Field(
        None, description="Tests: share of the remaining gap to full capability closed (0–1)."
    )
    coding_note: str | None = Field(None, description="Why an attribute departs from its category.")

    @model_validator(mode="after")
    def _check(self) -> Action:
        if not _ID.match(self.id):
            raise ValueError(f"action id {self.id!r} must be letters, digits, '-' or '_'")
        if self.category in ("missile_test", "nuclear_test") and self.capability_gain is None:
            raise ValueError(f"test action {self.id!r} needs `capability_gain`")
        return self


class Traits(Strict):
    """Leader traits in [0, 1] that scale mechanisms (docs/model.md, "Leaders").

    Each is optional: an actor that makes no public commitments needs no ego, one that strikes
    no deals no maximalism (a trait left out is 0).
    """

    ego: Param | None = Field(
        None, description="How much public commitments bind the leader's own choices."
    )
    thin_skin: Param | None = Field(
        None, description="Urge to answer a perceived provocation in kind."
    )
    maximalism: Param | None = Field(None, description="Discount on partial deals (freeze, ties).")


class Payoffs(Strict):
    """What each way the crisis can end is worth to an actor (stakes units).

    A side's leads weigh settlement and capitulation; other actors need only the outcomes
    their own choices weigh (a trading partner fearing a regime's collapse: ``collapse``).
    """

    settlement: Param | None = None
    capitulation: dict[str, Param] = Field(
        default_factory=dict, description="Value when a side's lead backs down, by that lead."
    )
    collapse: dict[str, Param] = Field(
        default_factory=dict, description="Value when an actor's regime collapses, by its id."
    )
    unresolved: Param | None = Field(
        None, description="Terminal value of a standoff still open at the horizon (default 0)."
    )


class Mixture(Strict):
    """Uncertainty over who decides: a probability for each leader type (policy) of an actor."""

    mixture: dict[str, float] = Field(min_length=1)
    source: str | None = None
    judgement: bool = False
    note: str | None = None

    @model_validator(mode="after")
    def _check(self) -> Mixture:
        if not self.source and not self.judgement:
            raise ValueError("needs `source:` (a citation) or `judgement: true`")
        if any(w < 0 for w in self.mixture.values()):
            raise ValueError("mixture weights must be >= 0")
        total = sum(self.mixture.values())
        if abs(total - 1.0) > 1e-6:
            raise ValueError(f"mixture weights must add up to 1 (they add up to {total:g})")
        return self


class Actor(Strict):
    """A seat in the crisis: its side, interests, private type, public and state.

    Every field but ``name`` and ``role`` is optional: an actor has a mechanism's state only
    when it has that mechanism's inputs (approval with ``approval_start``, capability with
    ``capability_start``, a private type with ``resolve_prior``), so roles need no code paths
    of their own; a side's lead needs ``war_cost``, ``stakes`` and payoffs.
    """

    name: str
    role: Literal["principal", "third_party", "ally"] = Field(
        description="A label for reports; the engine treats every actor alike."
    )
    side: str | None = Field(
        None, description="Id of the actor leading its side (itself for a lead); omit: neutral."
    )
    traits: Traits = Traits()
    resolve_prior: Param | None = Field(
        None, description="Prior that this actor is resolute (private type, seen by no one)."
    )
    stakes: Param | None = Field(None, description="Value of prevailing on the issue.")
    war_cost: Param | None = Field(
        None, description="Cost of a major war to this actor (stakes units; needed by leads)."
    )
    strength: Param | None = Field(
        None, description="Military weight in a war between the sides (relative)."
    )
    nuclear_use_probability: Param | None = Field(
        None, description="P(it uses nuclear weapons in a major war, at its starting capability)."
    )
    disarm_probability: Param | None = Field(
        None, description="P(a disarming strike on it destroys all its nuclear weapons)."
    )
    loose_nukes_probability: Param | None = Field(
        None, description="P(its fissile material goes missing after a major war)."
    )
    audience_cost: Param | None = Field(
        None, description="Approval lost for retreating from a full public commitment (0–1)."
    )
    approval_start: Param | None = Field(None, description="Domestic approval at the start.")
    capability_start: Param | None = Field(
        None, description="Starting capability (0–1) that its tests advance."
    )
    capability_value: Param | None = Field(
        None, description="Value per year of a unit of its own capability (security)."
    )
    capability_threat: dict[str, Param] = Field(
        default_factory=dict,
        description="Cost per year of a unit of another actor's capability, by that actor.",
    )
    trade: dict[str, Param] = Field(
        default_factory=dict,
        description="Share of a target's trade this actor controls (its leverage), by target.",
    )
    strain_cost: Param | None = Field(None, description="Cost per year at full economic strain.")
    collapse_hazard: Param | None = Field(
        None, description="Hazard per year of regime collapse at full economic strain."
    )
    pressure_sensitivity: Param | None = Field(
        None,
        description="Cost per year of trading with a target that another actor sanctions.",
    )
    switch_cost: Param | None = Field(
        None, description="Cost of changing its own sanctions policy (a policy held, not a coin)."
    )
    enforcement: Literal["decide", "always", "never"] = Field(
        "decide", description="`decide` its sanctions, or fix them on (`always`) or off."
    )
    exposure: Param | None = Field(
        None, description="Share of its side's war deaths it suffers (0–1)."
    )
    requires_consultation: bool = Field(
        False, description="Its lead must consult it before using force (it can refuse)."
    )
    cohesion_loss: Param | None = Field(
        None, description="Cohesion with its lead lost per unconsulted use of force."
    )
    payoffs: Payoffs = Payoffs()
    default_policy: str | Mixture | None = Field(
        None, description="The policy it plays unless told otherwise, or a mixture of types."
    )


class Channel(Strict):
    """A line of communication between two actors (hotline, back channel, talks)."""

    between: tuple[str, str]
    enabled: bool = Field(False, description="Whether the channel exists in this scenario.")
    noise_reduction: Param | None = Field(
        None, description="Fraction of misperception the channel removes (needed when enabled)."
    )


class Perception(Strict):
    """How each actor sees every other's actions (per ordered pair of actors)."""

    enabled: bool = True
    misperception_rate: Param = Field(description="P(an observed action is misread by a rung).")
    escalation_bias: Param = Field(description="P(a misreading is upward, i.e. more hostile).")
    delay_probability: Param = Field(description="P(the observation is last turn's action).")
    false_alarm_share: Param = Field(
        description="P(an action of alarm 1 is read as an attack under way), per misreading."
    )


class Beliefs(Strict):
    """Private resolve: when off, every type is known from the start."""

    private_resolve: bool = True
    resolute_war_cost: Param = Field(
        description="Share of the war cost a resolute type feels (an irresolute type feels all)."
    )


class War(Strict):
    """How force runs its course and what it costs."""

    limited_cost_share: Param = Field(description="Cost of a limited war as a share of war_cost.")
    nuclear_cost_multiplier: Param = Field(description="Cost of nuclear war in war_costs.")
    mean_days: Param = Field(description="Mean length of a major war, in days.")
    ceasefire_share: Param = Field(description="Share of major wars ending in a ceasefire.")
    first_strike_bonus: Param = Field(
        description="Added to the attacker's side's chance of prevailing when it starts the war."
    )
    casualty_decay: Param = Field(description="Weekly deaths in week k+1 over those of week k.")


class Casualties(Strict):
    """Deaths (sampled per episode from sourced ranges)."""

    limited: Param = Field(description="Deaths in one turn of limited strikes.")
    conventional: Param = Field(description="Deaths in the first week of a major war.")
    nuclear: Param = Field(description="Deaths from nuclear use.")


class Accidents(Strict):
    """The threat that leaves something to chance: clashes nobody chose, rising with friction."""

    enabled: bool = True
    hazard_top: Param = Field(description="Clash hazard per year with both sides at friction 1.")
    exponent: Param = Field(description="Convexity of the hazard in the sides' friction.")


class Knot(Strict):
    """Public commitments bind: retreating from them costs approval; they fade when not renewed."""

    enabled: bool = True
    half_life_days: Param = Field(description="Days for an unrenewed commitment to halve.")


class Sanctions(Strict):
    """Economic pressure: each sender's sanctions cut the share of the target's trade it holds."""

    enabled: bool = True
    strain_half_life_days: Param = Field(
        description="Days for economic strain to close half the gap to the current pain."
    )
    step: Param = Field(description="How far one sanctions action tightens them (0–1).")


class Capability(Strict):
    """Tests advance an actor's capability, which shifts bargaining, disarm and nuclear odds."""

    enabled: bool = True


class Alliance(Strict):
    """Cohesion between allies and their lead: it falls with unconsulted force and acts."""

    enabled: bool = True
    war_cost_factor: Param = Field(
        description="Extra war cost to a lead per unit of lost cohesion."
    )
    care: Param = Field(description="Weight a lead gives to its allies' war costs.")
    recovery_days: Param = Field(description="Days for lost cohesion to recover by half.")
    value: Param = Field(description="Value per year to an ally of full cohesion with its lead.")


class Approval(Strict):
    """Domestic approval of every actor that has ``approval_start``."""

    enabled: bool = True
    toughness_gain: Param = Field(description="Approval gained per year of visible toughness.")
    weight: Param = Field(description="Value to a leader of one unit of approval (stakes units).")
    reversion_days: Param = Field(description="Days for approval to return halfway to its start.")


class Negotiation(Strict):
    """Offers between the sides' leads that bind only when reciprocated and hold while kept."""

    enabled: bool = True
    stages: list[str] = Field(["freeze", "ties", "peace"], min_length=1)
    hold_days: Param = Field(description="Days a stage must hold before the next can start.")
    lift_stage: int = Field(
        2, ge=1, description="Stage from which sanctions on the other side are lifted."
    )


class Fading(Strict):
    """A crisis can end without terms and without a loser (ICB: a unilateral step down, or it
    faded) once both sides have kept below shows of force for a while. Off unless switched on:
    the shipped calibration was fitted without it (docs/model.md, "Fading")."""

    enabled: bool = False
    calm_days: Param = Field(
        description="Days with no seat of either side above rhetoric after which a crisis "
        "at peace, with no deal's stage in force, has faded."
    )


class Decision(Strict):
    """The strategic decider's global inputs (docs/model.md, "The strategic decider")."""

    temperature: Param = Field(description="Logit noise in stakes units: 0 = best response.")
    discount_rate: Param = Field(description="Discount rate per year: the decision horizon.")
    honour: Param = Field(description="Value of answering a perceived provocation in kind.")
    threat_credibility: Param = Field(
        description="How much of a committed threat an opponent expects to be carried out."
    )


class RedLine(Strict):
    """A doctrine's standing commitment: when the seat perceives ``when``, it plays ``then``.

    ``when`` is an action id or category of another actor, or ``attacked`` (force used on the
    seat or its side). With probability ``probability`` the response is automatic; otherwise
    the strategic decider chooses (and a public red line left unenforced is an empty threat).
    """

    when: str
    then: str
    probability: Param
    public: bool = True


class Policy(Strict):
    """A named way for one actor to play.

    ``strategic`` (the default): a doctrine that constrains and weights the strategic decider —
    which actions are open (``allow``/``forbid``), which it leans to (``prefer``), its red
    lines, its willingness to talk (``negotiate``), a planned strike (``strike_at``) and
    whether it consults its allies. ``table``: a fixed response table (open with ``opening``,
    then answer the rung perceived with ``respond[rung]``), for baselines. ``reactive``: a
    reactive doctrine (tft, gtft, grit, ...) playing ``cooperate``/``defect``, for duels.
    """

    actor: str
    description: str
    kind: Literal["strategic", "table", "reactive"] = "strategic"
    allow: list[str] | None = Field(None, description="Actions open (default: all its actions).")
    forbid: list[str] = Field(default_factory=list)
    prefer: dict[str, Param] = Field(
        default_factory=dict, description="Utility added to an action each turn (stakes units)."
    )
    opening: str | None = None
    respond: list[str] | None = Field(
        None, description="Table: action id by perceived rung of the other side (8 entries)."
    )
    negotiate: Literal["never", "reciprocate", "lead"] = "reciprocate"
    red_lines: list[RedLine] = Field(default_factory=list)
    strike_at: int | None = Field(None, ge=1, description="Turn of a planned strike.")
    consult_allies: bool = True
    doctrine: str | None = None
    cooperate: str | None = None
    defect: str | None = None


class Scenario(Strict):
    """A whole crisis scenario, as written in a scenario file (global defaults filled in)."""

    schema_version: Literal[2] = Field(description="Version of this scenario language.")
    id: str
    title: str
    summary: str
    start_date: dt.date
    turn_days: int = Field(ge=1, le=365)
    horizon_turns: int = Field(ge=1, le=10_000)
    challenger: str = Field(description="The lead whose policies are compared.")
    defender: str = Field(description="The lead of the other side.")
    actors: dict[str, Actor]
    channels: dict[str, Channel] = Field(default_factory=dict)
    perception: Perception
    beliefs: Beliefs
    war: War
    casualties: Casualties
    accidents: Accidents
    knot: Knot
    sanctions: Sanctions
    capability: Capability = Capability()
    alliance: Alliance
    approval: Approval
    negotiation: Negotiation
    fading: Fading
    decision: Decision
    actions: list[Action] = Field(min_length=2)
    policies: dict[str, Policy]

    @model_validator(mode="after")
    def _check_references(self) -> Scenario:
        from brink.scenario.checks import check_scenario

        check_scenario(self)
        return self

    # Convenience accessors for the engine, the games and the CLI.
    def side_of(self, actor_id: str) -> str | None:
        """The lead of the actor's side, or None for a neutral."""
        return self.actors[actor_id].side

    def members(self, lead: str) -> list[str]:
        """Actors on the side ``lead`` leads (the lead first)."""
        return [lead] + [k for k, a in self.actors.items() if a.side == lead and k != lead]

    def allies_of(self, lead: str) -> list[str]:
        """The lead's side members other than itself."""
        return self.members(lead)[1:]

    def action(self, action_id: str) -> Action:
        for action in self.actions:
            if action.id == action_id:
                return action
        raise KeyError(action_id)

    def policies_for(self, actor_id: str) -> list[str]:
        return [name for name, p in self.policies.items() if p.actor == actor_id]

    def seats(self) -> list[str]:
        """Actors that take actions (every one of them decides each turn)."""
        acting = {k for a in self.actions for k in a.actors}
        return [k for k in self.actors if k in acting]

    def default_mixture(self, actor_id: str) -> dict[str, float]:
        """The actor's default policy as a mixture {policy: weight} (one policy: weight 1)."""
        chosen = self.actors[actor_id].default_policy
        if chosen is None:
            return {}
        if isinstance(chosen, Mixture):
            return dict(chosen.mixture)
        return {chosen: 1.0}

    @property
    def default_policy(self) -> str:
        """The challenger's default policy (the one `brink run` shows when given none)."""
        mixture = self.default_mixture(self.challenger)
        return max(mixture, key=lambda k: mixture[k])
