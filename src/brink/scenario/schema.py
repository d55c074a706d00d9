"""The scenario language: a crisis between two principals, with a third party and allies.

A scenario file (YAML) declares the actors and their traits, the single action table (the
escalation ladder), perception and channels, every mechanism's inputs, the outcome payoffs and
the named policies. Unknown keys are rejected so a typo never passes silently. `brink schema`
exports this model as JSON Schema for editors.

Structure chosen (see docs/scenarios.md): exactly two *principals* (the ``challenger`` whose
policy is under study and the ``defender``), any number of *allies* of a principal, and at most
one *third party* that controls part of one principal's trade (China for North Korea).
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from brink.scenario.params import Param

SCHEMA_VERSION = 1

#: The escalation ladder, bottom to top. Rungs index everything rung-dependent in the engine.
RUNG_NAMES: tuple[str, ...] = (
    "conciliation",
    "rhetoric",
    "show of force",
    "weapons test",
    "sanctions or blockade",
    "limited strike",
    "conventional war",
    "nuclear use",
)
TOP_RUNG = len(RUNG_NAMES) - 1
WAR_RUNG = 6
STRIKE_RUNG = 5

Category = Literal[
    "talks",
    "hold",
    "rhetoric",
    "exercise",
    "test",
    "sanction",
    "strike",
    "war",
    "nuclear",
    "concede",
]
#: Outcomes whose payoffs the scenario states directly; war payoffs follow from war costs.
OUTCOME_KEYS = (
    "settlement",
    "challenger_capitulates",
    "defender_capitulates",
    "collapse",
    "unresolved",
)
_ID = re.compile(r"^[A-Za-z][A-Za-z0-9_-]*$")


class Strict(BaseModel):
    """Base for every scenario block: unknown keys are errors, objects are immutable."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class Action(Strict):
    """One row of the action table: the single source of truth for rung, category and effects."""

    id: str = Field(description="Short id used by policies, e.g. `missile-test`.")
    label: str = Field(description="What the actor does, for narratives: 'tests a missile'.")
    rung: int = Field(ge=0, le=TOP_RUNG, description="Escalation rung 0–7 (see RUNG_NAMES).")
    category: Category
    actors: list[str] = Field(min_length=1, description="Actor ids that may take this action.")
    public: bool = Field(True, description="A public step: it feeds the knot (audience costs).")
    breaks_freeze: bool = Field(False, description="Taking it violates a freeze deal.")
    capability_gain: Param | None = Field(None, description="Capability gained (tests), 0–1.")

    @model_validator(mode="after")
    def _check(self) -> Action:
        if not _ID.match(self.id):
            raise ValueError(f"action id {self.id!r} must be letters, digits, '-' or '_'")
        if self.category == "test" and self.capability_gain is None:
            raise ValueError(f"test action {self.id!r} needs `capability_gain`")
        return self


class Traits(Strict):
    """Leader traits that scale mechanisms (all in [0, 1])."""

    ego: Param = Field(description="Scales how fast public escalation tightens the knot.")
    thin_skin: Param = Field(description="Urge to answer a perceived escalation in kind.")
    maximalism: Param = Field(description="Discount on partial deals (freeze, ties).")


class Principal(Strict):
    """A side of the crisis dyad, with private resolve and a decision-maker."""

    role: Literal["principal"]
    name: str
    traits: Traits
    resolve_prior: Param = Field(description="Prior probability that this side is resolute.")
    stakes: Param = Field(description="Value of prevailing (utility units; 1 by convention).")
    war_cost: Param = Field(description="Cost of a major war to this side, in stakes units.")
    audience_cost: Param = Field(description="Cost of backing down per unit of commitment.")
    win_probability: Param = Field(description="Probability of prevailing in a major war.")
    retaliation_probability: Param = Field(
        description="P(answering a strike on it with conventional war)."
    )
    nuclear_use_probability: Param = Field(
        description="P(using nuclear weapons once a major war is under way)."
    )
    disarm_probability: Param | None = Field(
        None, description="P(a strike on it destroys all its nuclear weapons and launchers)."
    )
    capability_start: Param | None = Field(None, description="Starting capability, 0–1.")
    capability_value: Param | None = Field(None, description="Utility per unit capability gained.")
    approval_start: Param | None = Field(None, description="Domestic approval at the start, 0–1.")
    loose_nukes_probability: Param | None = Field(
        None,
        description="P(fissile material goes missing after a major war in which this side was "
        "not disarmed); read for the defender.",
    )
    default_policy: str | None = Field(None, description="Policy this side plays by default.")


class ThirdParty(Strict):
    """An outside power that controls much of one principal's trade (China for North Korea)."""

    role: Literal["third_party"]
    name: str
    target: str = Field(description="Actor id whose trade it controls.")
    trade_share: Param = Field(description="Its share of the target's trade (its leverage).")
    enforcement: Literal["decide", "always", "never"] = Field(
        "decide", description="`decide` each turn, or fix enforcement on/off."
    )
    pressure_response: Param = Field(description="Weight on the sender's pressure (logit units).")
    collapse_fear: Param = Field(description="Weight on fear of the target's collapse.")
    war_fear: Param = Field(description="Weight on fear of war on its border, per rung.")
    bias: Param = Field(description="Baseline reluctance to enforce (logit intercept).")


class Ally(Strict):
    """An ally of a principal: consulted or not, exposed to war or not."""

    role: Literal["ally"]
    name: str
    of: str = Field(description="Actor id of the principal it is allied with.")
    requires_consultation: bool = Field(True, description="Demands consultation before force.")
    exposure: Param = Field(
        description="Share of war casualties it bears (reported as ally_casualties)."
    )
    cohesion_loss: Param = Field(
        description="Cohesion lost per unconsulted strike; a quarter of it per unconsulted "
        "show of force, test or sanction (rung 2-4)."
    )


Actor = Annotated[Principal | ThirdParty | Ally, Field(discriminator="role")]


class Channel(Strict):
    """A line of communication between two actors (hotline, back channel, talks)."""

    between: tuple[str, str]
    enabled: bool = Field(False, description="Whether the channel exists in this scenario.")
    noise_reduction: Param = Field(description="Fraction of misperception the channel removes.")


class Perception(Strict):
    """How each principal sees the other's actions."""

    enabled: bool = True
    misperception_rate: Param = Field(description="P(an observed action is misread by a rung).")
    escalation_bias: Param = Field(description="P(a misreading is upward, i.e. more hostile).")
    delay_probability: Param = Field(description="P(the observation is last turn's action).")
    false_alarm_share: Param = Field(
        description="Share of misreadings of a test or blockade that see an attack under way."
    )
    signal_strength: Param = Field(
        description="How much likelier a resolute type is to escalate (belief updating)."
    )


class Beliefs(Strict):
    """Private resolve: when off, both sides know each other's type from the start."""

    private_resolve: bool = True
    resolute_war_cost: Param = Field(
        description="Share of the war cost a resolute type feels (an irresolute type feels all)."
    )


class War(Strict):
    """How war payoffs follow from each side's war cost (Fearon: p·stakes − cost)."""

    limited_cost_share: Param = Field(description="Cost of a limited war as a share of war_cost.")
    nuclear_cost_multiplier: Param = Field(description="Cost of nuclear war in war_costs.")


class Accidents(Strict):
    """The threat that leaves something to chance: inadvertent war hazard rising with rung."""

    enabled: bool = True
    hazard_top: Param = Field(description="Per-turn accident hazard with both at the top rung.")
    exponent: Param = Field(description="Convexity of the hazard in the rung.")
    top_rung: int = Field(STRIKE_RUNG - 1, ge=1, le=STRIKE_RUNG - 1)
    escalation_probability: Param = Field(
        description="P(an accidental clash grows into conventional war)."
    )


class Knot(Strict):
    """Escalation is sticky: public steps build commitment that makes backing down costly."""

    enabled: bool = True
    growth: Param = Field(description="Commitment added per public step while both pull.")
    decay: Param = Field(description="Fraction of commitment kept each turn.")


class Sanctions(Strict):
    """Economic pressure: sender's own share plus the third party's enforced leverage."""

    enabled: bool = True
    sender_share: Param = Field(description="Share of the target's trade the sender cuts alone.")
    strain_decay: Param = Field(description="Fraction of economic strain kept each turn.")
    collapse_hazard: Param = Field(description="Per-turn collapse hazard at full strain.")
    concession_weight: Param = Field(description="Weight of strain in the target's choices.")


class Capability(Strict):
    """Tests advance the target's capability, which shifts bargaining and disarm odds."""

    enabled: bool = True


class Alliance(Strict):
    """Alliance cohesion: falls when force is used without consulting allies who demand it."""

    enabled: bool = True
    war_cost_factor: Param = Field(description="Extra war cost per unit of lost cohesion.")
    strike_floor: Param = Field(
        description="Below this cohesion, the challenger's strikes are off the table."
    )


class Approval(Strict):
    """Domestic approval as a state variable of the challenger's leader."""

    enabled: bool = True
    toughness_gain: Param = Field(description="Approval gained per turn of visible toughness.")
    weight: Param = Field(description="Weight of approval changes in the leader's choices.")


class Negotiation(Strict):
    """Offers that bind only when reciprocated and hold only while both comply."""

    enabled: bool = True
    stages: list[str] = Field(["freeze", "ties", "peace"], min_length=1)
    hold_turns: int = Field(4, ge=1, description="Turns of compliance before the next stage.")
    deal_value: Param = Field(description="Value of each stage reached, in stakes units.")


class Decision(Strict):
    """The boundedly rational (logit) chooser's inputs."""

    temperature: Param = Field(description="Logit noise: 0 = best response, large = random.")
    coercion: Param = Field(description="How much a rung of pressure moves an irresolute foe.")
    response_risk: Param = Field(description="P(a resolute foe answers top-rung pressure by war).")
    honour: Param = Field(description="Value of answering a perceived provocation in kind.")


class Casualties(Strict):
    """Deaths by kind of war (sampled per episode; log-uniform over sourced ranges)."""

    limited: Param
    conventional: Param
    nuclear: Param


class Scenario(Strict):
    """A whole crisis scenario, as written in a scenario file."""

    schema_version: Literal[1] = Field(description="Version of this scenario language.")
    id: str
    title: str
    summary: str
    start_date: dt.date
    turn_days: int = Field(ge=1)
    horizon_turns: int = Field(ge=1, le=10_000)
    challenger: str
    defender: str
    actors: dict[str, Actor]
    channels: dict[str, Channel] = Field(default_factory=dict)
    perception: Perception
    beliefs: Beliefs
    war: War
    accidents: Accidents
    knot: Knot
    sanctions: Sanctions
    capability: Capability = Capability()
    alliance: Alliance
    approval: Approval
    negotiation: Negotiation
    decision: Decision
    casualties: Casualties
    payoffs: dict[str, dict[str, Param]]
    actions: list[Action] = Field(min_length=2)
    policies: dict[str, Policy]
    default_policy: str

    @model_validator(mode="after")
    def _check_references(self) -> Scenario:
        from brink.scenario.checks import check_scenario

        check_scenario(self)
        return self

    # Convenience accessors used by the engine, the games and the CLI.
    def principal(self, actor_id: str) -> Principal:
        actor = self.actors[actor_id]
        assert isinstance(actor, Principal)
        return actor

    @property
    def challenger_actor(self) -> Principal:
        return self.principal(self.challenger)

    @property
    def defender_actor(self) -> Principal:
        return self.principal(self.defender)

    @property
    def third_party(self) -> tuple[str, ThirdParty] | None:
        for actor_id, actor in self.actors.items():
            if isinstance(actor, ThirdParty):
                return actor_id, actor
        return None

    def allies_of(self, actor_id: str) -> list[tuple[str, Ally]]:
        return [(k, a) for k, a in self.actors.items() if isinstance(a, Ally) and a.of == actor_id]

    def action(self, action_id: str) -> Action:
        for action in self.actions:
            if action.id == action_id:
                return action
        raise KeyError(action_id)

    def policies_for(self, actor_id: str) -> list[str]:
        return [name for name, p in self.policies.items() if p.actor == actor_id]


class Policy(Strict):
    """A named way for one principal to play: a posture table, a doctrine, or the logit chooser.

    ``posture``: play ``opening`` first, then answer the rung you perceived the other side take
    with ``respond[rung]``. ``doctrine``: a reactive doctrine (tft, gtft, grit, ...) mapping
    cooperate/defect to two actions. ``logit``: the boundedly rational chooser. All kinds share
    ``negotiate`` (how to treat offers), ``strike_at`` and ``consult_allies``.
    """

    actor: str
    description: str
    kind: Literal["posture", "doctrine", "logit"]
    opening: str | None = None
    respond: list[str] | None = Field(
        None, description="Action id by perceived rung of the other side (8 entries, rung 0–7)."
    )
    negotiate: Literal["never", "reciprocate", "lead"] = "never"
    strike_at: int | None = Field(None, ge=1, description="Turn of a planned pre-emptive strike.")
    consult_allies: bool = True
    doctrine: str | None = None
    cooperate: str | None = None
    defect: str | None = None


Scenario.model_rebuild()
