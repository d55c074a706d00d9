"""Cross-reference and range checks a field-by-field schema cannot express.

All problems of a file are collected and raised together (one ``ValueError`` whose lines are
``path: message``), so an analyst fixes a file in one pass; the loader turns each line into a
``file:line: field: expected`` message.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from brink.vocabulary import FORCE_CATEGORIES, TOP_RUNG

if TYPE_CHECKING:
    from brink.scenario.params import Param
    from brink.scenario.schema import Policy, Scenario

#: Actor inputs that are probabilities or shares: they must lie in [0, 1].
_UNIT_ACTOR_INPUTS = (
    "resolve_prior",
    "nuclear_use_probability",
    "disarm_probability",
    "loose_nukes_probability",
    "audience_cost",
    "approval_start",
    "capability_start",
    "exposure",
    "cohesion_loss",
)
_UNIT_TRAITS = ("ego", "thin_skin", "maximalism")
#: Global inputs that are probabilities or shares.
_UNIT_PATHS = (
    "perception.misperception_rate",
    "perception.escalation_bias",
    "perception.delay_probability",
    "perception.false_alarm_share",
    "beliefs.resolute_war_cost",
    "war.limited_cost_share",
    "war.ceasefire_share",
    "war.first_strike_bonus",
    "war.casualty_decay",
    "sanctions.step",
)
#: Inputs that must not be negative.
_NONNEGATIVE_ACTOR_INPUTS = (
    "stakes",
    "war_cost",
    "strength",
    "capability_value",
    "strain_cost",
    "collapse_hazard",
    "pressure_sensitivity",
    "switch_cost",
)
_POSITIVE_PATHS = (
    "war.mean_days",
    "knot.half_life_days",
    "sanctions.strain_half_life_days",
    "alliance.recovery_days",
    "approval.reversion_days",
    "negotiation.hold_days",
    "fading.calm_days",
)
_NONNEGATIVE_PATHS = (
    "war.nuclear_cost_multiplier",
    "accidents.hazard_top",
    "accidents.exponent",
    "alliance.war_cost_factor",
    "alliance.care",
    "alliance.value",
    "approval.toughness_gain",
    "approval.weight",
    "decision.temperature",
    "decision.discount_rate",
    "decision.honour",
    "decision.threat_credibility",
)


def _within(param: Param | None, low: float, high: float) -> bool:
    if param is None:
        return True
    lo, hi = param.bounds()
    return low <= lo and hi <= high


class _Problems:
    """Collects ``path: message`` lines."""

    def __init__(self) -> None:
        self.lines: list[str] = []

    def add(self, path: str, message: str) -> None:
        self.lines.append(f"{path}: {message}")

    def unit(self, path: str, param: Param | None) -> None:
        if not _within(param, 0.0, 1.0):
            self.add(path, "must lie within [0, 1]")

    def nonnegative(self, path: str, param: Param | None) -> None:
        if not _within(param, 0.0, float("inf")):
            self.add(path, "must not be negative")

    def positive(self, path: str, param: Param | None) -> None:
        if param is not None and param.bounds()[0] <= 0:
            self.add(path, "must be positive")


def check_scenario(scenario: Scenario) -> None:
    """Raise ValueError listing every broken reference or out-of-range input."""
    problems = _Problems()
    _check_sides(scenario, problems)
    _check_actors(scenario, problems)
    _check_globals(scenario, problems)
    _check_actions(scenario, problems)
    _check_channels(scenario, problems)
    for name, policy in scenario.policies.items():
        _check_policy(scenario, name, policy, problems)
    _check_defaults(scenario, problems)
    if problems.lines:
        raise ValueError("\n".join(problems.lines))


def _check_sides(scenario: Scenario, problems: _Problems) -> None:
    actors = scenario.actors
    for field in ("challenger", "defender"):
        lead = getattr(scenario, field)
        if lead not in actors:
            problems.add(field, f"{lead!r} is not an actor (actors: {', '.join(actors)})")
        elif actors[lead].side != lead:
            problems.add(f"actors.{lead}.side", f"the {field} leads its side: set `side: {lead}`")
    if scenario.challenger == scenario.defender:
        problems.add("defender", "challenger and defender must be different actors")
    leads = {scenario.challenger, scenario.defender}
    for actor_id, actor in actors.items():
        if actor.side is not None and actor.side not in leads:
            problems.add(
                f"actors.{actor_id}.side",
                f"must name a side's lead ({scenario.challenger} or {scenario.defender}) "
                "or be left out for a neutral",
            )


def _check_actors(scenario: Scenario, problems: _Problems) -> None:
    actors = scenario.actors
    leads = (scenario.challenger, scenario.defender)
    for actor_id, actor in actors.items():
        where = f"actors.{actor_id}"
        for name in _UNIT_ACTOR_INPUTS:
            problems.unit(f"{where}.{name}", getattr(actor, name))
        for name in _UNIT_TRAITS:
            problems.unit(f"{where}.traits.{name}", getattr(actor.traits, name))
        if actor_id in leads:
            for name in ("war_cost", "stakes"):
                if getattr(actor, name) is None:
                    problems.add(f"{where}.{name}", "required for a side's lead")
            if actor.payoffs.settlement is None:
                problems.add(f"{where}.payoffs.settlement", "required for a side's lead")
        for name in _NONNEGATIVE_ACTOR_INPUTS:
            problems.nonnegative(f"{where}.{name}", getattr(actor, name))
        for target, share in actor.trade.items():
            if target not in actors or target == actor_id:
                problems.add(f"{where}.trade.{target}", "must name another actor")
            problems.unit(f"{where}.trade.{target}", share)
        for target, cost in actor.capability_threat.items():
            if target not in actors or actors[target].capability_start is None:
                problems.add(
                    f"{where}.capability_threat.{target}",
                    "must name an actor with `capability_start`",
                )
            problems.nonnegative(f"{where}.capability_threat.{target}", cost)
        if actor.capability_start is not None and actor.capability_value is None:
            problems.add(f"{where}.capability_value", "required with `capability_start`")
        if actor.audience_cost is not None and actor.approval_start is None:
            problems.add(
                f"{where}.audience_cost", "needs `approval_start` (audience costs are approval)"
            )
        for lead in actor.payoffs.capitulation:
            if lead not in leads:
                problems.add(
                    f"{where}.payoffs.capitulation.{lead}",
                    f"only a side's lead can back down ({' or '.join(leads)})",
                )
        for lead in leads:
            missing = lead not in actor.payoffs.capitulation and lead in actors
            if actor_id in leads and missing:
                problems.add(f"{where}.payoffs.capitulation", f"missing a value for {lead!r}")
        for collapsing in actor.payoffs.collapse:
            if collapsing not in actors or actors[collapsing].collapse_hazard is None:
                problems.add(
                    f"{where}.payoffs.collapse.{collapsing}",
                    "must name an actor with `collapse_hazard`",
                )
        if actor.collapse_hazard is not None and actor.strain_cost is None:
            problems.add(f"{where}.strain_cost", "required with `collapse_hazard`")
        if actor.side is not None and actor.strength is None:
            problems.add(f"{where}.strength", "required for an actor on a side")
    for lead in leads:
        if lead not in actors:
            continue
        allies = scenario.allies_of(lead)
        low = sum(e.bounds()[0] for k in allies if (e := actors[k].exposure))
        if low > 1.0:
            problems.add(
                f"actors.{allies[0]}.exposure",
                f"the exposures of {lead}'s allies ({', '.join(allies)}) add up to more than 1",
            )


def _check_globals(scenario: Scenario, problems: _Problems) -> None:
    for path in _UNIT_PATHS:
        problems.unit(path, _at(scenario, path))
    for path in _POSITIVE_PATHS:
        problems.positive(path, _at(scenario, path))
    for path in _NONNEGATIVE_PATHS:
        problems.nonnegative(path, _at(scenario, path))


def _at(scenario: Scenario, path: str) -> Param:
    block, name = path.split(".")
    return getattr(getattr(scenario, block), name)


def _check_actions(scenario: Scenario, problems: _Problems) -> None:
    ids = [a.id for a in scenario.actions]
    seen: set[str] = set()
    for index, action in enumerate(scenario.actions):
        where = f"actions.{index}"
        if action.id in seen:
            problems.add(f"{where}.id", f"duplicate action id {action.id!r}")
        seen.add(action.id)
        for actor_id in action.actors:
            if actor_id not in scenario.actors:
                problems.add(f"{where}.actors", f"unknown actor {actor_id!r}")
        if action.target is not None and action.target not in scenario.actors:
            problems.add(f"{where}.target", f"unknown actor {action.target!r}")
        problems.unit(f"actions.{action.id}.capability_gain", action.capability_gain)
        problems.nonnegative(f"actions.{action.id}.cost", action.cost)
        problems.nonnegative(f"actions.{action.id}.upkeep", action.upkeep)
        if action.category in ("concede",):
            for actor_id in action.actors:
                if actor_id not in (scenario.challenger, scenario.defender):
                    problems.add(f"{where}.actors", "only a side's lead can concede the issue")
        if action.disarming and action.category != "strike":
            problems.add(f"{where}.disarming", "only a strike can be disarming")
    for action in scenario.actions:
        if action.category == "restrain":
            for actor_id in action.actors:
                if actor_id in scenario.actors and scenario.actors[actor_id].war_cost is None:
                    problems.add(
                        f"actors.{actor_id}.war_cost",
                        "required for an actor that can urge restraint "
                        "(it weighs the war it averts)",
                    )
    if len(set(ids)) != len(ids):
        return
    for actor_id in scenario.seats():
        own = [a for a in scenario.actions if actor_id in a.actors]
        if not any(a.category not in FORCE_CATEGORIES for a in own):
            problems.add("actions", f"{actor_id} needs at least one action short of force")


def _check_channels(scenario: Scenario, problems: _Problems) -> None:
    for name, channel in scenario.channels.items():
        for actor_id in channel.between:
            if actor_id not in scenario.actors:
                problems.add(f"channels.{name}.between", f"unknown actor {actor_id!r}")
        if channel.between[0] == channel.between[1]:
            problems.add(f"channels.{name}.between", "a channel joins two different actors")
        if channel.enabled and channel.noise_reduction is None:
            problems.add(f"channels.{name}.noise_reduction", "required when the channel is enabled")
        problems.unit(f"channels.{name}.noise_reduction", channel.noise_reduction)


def _check_policy(scenario: Scenario, name: str, policy: Policy, problems: _Problems) -> None:
    where = f"policies.{name}"
    if policy.actor not in scenario.actors:
        problems.add(f"{where}.actor", f"unknown actor {policy.actor!r}")
        return
    usable = {a.id for a in scenario.actions if policy.actor in a.actors}
    categories = {a.category for a in scenario.actions if policy.actor in a.actors}

    def need(field: str, action_id: str | None) -> None:
        if action_id is None:
            problems.add(f"{where}.{field}", f"required for `kind: {policy.kind}`")
        elif action_id not in usable:
            problems.add(
                f"{where}.{field}",
                f"{action_id!r} is not an action {policy.actor} can take "
                f"(its actions: {', '.join(sorted(usable))})",
            )

    for field in ("allow", "forbid"):
        for action_id in getattr(policy, field) or []:
            need(field, action_id)
    for action_id, bonus in policy.prefer.items():
        need("prefer", action_id)
        del bonus
    if policy.opening is not None:
        need("opening", policy.opening)
    for index, line in enumerate(policy.red_lines):
        need(f"red_lines.{index}.then", line.then)
        problems.unit(f"{where}.red_lines.{index}.probability", line.probability)
        known = {a.id for a in scenario.actions} | {a.category for a in scenario.actions}
        if line.when != "attacked" and line.when not in known:
            problems.add(
                f"{where}.red_lines.{index}.when",
                "expected `attacked`, an action id or an action category of another actor",
            )
    if policy.kind == "table":
        need("opening", policy.opening)
        if policy.respond is None or len(policy.respond) != TOP_RUNG + 1:
            problems.add(f"{where}.respond", f"expected {TOP_RUNG + 1} action ids, one per rung")
        else:
            for rung, action_id in enumerate(policy.respond):
                need(f"respond.{rung}", action_id)
    elif policy.kind == "reactive":
        from brink.errors import BrinkInputError
        from brink.scenario.doctrine_spec import parse_doctrine_spec

        try:
            parse_doctrine_spec(policy.doctrine or "")
        except BrinkInputError as error:
            problems.add(f"{where}.doctrine", str(error))
        need("cooperate", policy.cooperate)
        need("defect", policy.defect)
    if policy.strike_at is not None:
        if "strike" not in categories:
            problems.add(f"{where}.strike_at", f"{policy.actor} has no strike action")
        if policy.strike_at > scenario.horizon_turns:
            problems.add(
                f"{where}.strike_at",
                f"turn {policy.strike_at} is beyond the horizon ({scenario.horizon_turns} turns)",
            )


def _check_defaults(scenario: Scenario, problems: _Problems) -> None:
    from brink.scenario.schema import Mixture

    for actor_id in scenario.seats():
        actor = scenario.actors[actor_id]
        where = f"actors.{actor_id}.default_policy"
        if actor.default_policy is None:
            problems.add(where, "every actor that takes actions needs a default policy")
            continue
        names = (
            list(actor.default_policy.mixture)
            if isinstance(actor.default_policy, Mixture)
            else [actor.default_policy]
        )
        for name in names:
            if name not in scenario.policies:
                problems.add(where, f"{name!r} is not a policy")
            elif scenario.policies[name].actor != actor_id:
                problems.add(where, f"{name!r} is a policy of {scenario.policies[name].actor}")
