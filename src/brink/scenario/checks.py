"""Cross-reference checks a field-by-field schema cannot express.

Raised as ``ValueError`` inside pydantic validation so the loader reports them like any other
field error, with the file and, where it can, the line.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from brink.scenario.schema import Scenario

_UNIT_INTERVAL_PARAMS = (
    "resolve_prior",
    "win_probability",
    "retaliation_probability",
    "nuclear_use_probability",
    "disarm_probability",
    "capability_start",
    "approval_start",
)


#: Inputs that are probabilities or shares wherever they appear: they must lie in [0, 1].
_UNIT_INTERVAL_PATHS = (
    "perception.misperception_rate",
    "perception.escalation_bias",
    "perception.delay_probability",
    "perception.false_alarm_share",
    "perception.signal_strength",
    "beliefs.resolute_war_cost",
    "accidents.hazard_top",
    "accidents.escalation_probability",
    "knot.decay",
    "sanctions.sender_share",
    "sanctions.strain_decay",
    "sanctions.collapse_hazard",
    "alliance.strike_floor",
    "approval.toughness_gain",
    "war.limited_cost_share",
)


def _within(param, low: float, high: float) -> bool:  # type: ignore[no-untyped-def]
    lo, hi = param.bounds()
    return low <= lo and hi <= high


def check_scenario(scenario: Scenario) -> None:
    """Raise ValueError naming the first broken reference or out-of-range input."""
    from brink.scenario.schema import Ally, Principal, ThirdParty

    actors = scenario.actors
    for side in ("challenger", "defender"):
        actor_id = getattr(scenario, side)
        if actor_id not in actors or not isinstance(actors[actor_id], Principal):
            raise ValueError(f"{side}: {actor_id!r} must name an actor with `role: principal`")
    if scenario.challenger == scenario.defender:
        raise ValueError("challenger and defender must be different actors")
    principals = [k for k, a in actors.items() if isinstance(a, Principal)]
    if len(principals) != 2:
        raise ValueError(f"actors: exactly two principals expected, found {len(principals)}")
    third = [k for k, a in actors.items() if isinstance(a, ThirdParty)]
    if len(third) > 1:
        raise ValueError("actors: at most one `role: third_party` is supported")
    for actor_id, actor in actors.items():
        if isinstance(actor, ThirdParty) and actor.target not in principals:
            raise ValueError(f"actors.{actor_id}.target: must name a principal")
        if isinstance(actor, Ally) and actor.of not in principals:
            raise ValueError(f"actors.{actor_id}.of: must name a principal")
        if isinstance(actor, Principal):
            for name in _UNIT_INTERVAL_PARAMS:
                param = getattr(actor, name)
                if param is not None and not _within(param, 0.0, 1.0):
                    raise ValueError(f"actors.{actor_id}.{name}: must lie within [0, 1]")
    for path in _UNIT_INTERVAL_PATHS:
        block, name = path.split(".")
        param = getattr(getattr(scenario, block), name)
        if not _within(param, 0.0, 1.0):
            raise ValueError(f"{path}: must lie within [0, 1]")
    for name, channel in scenario.channels.items():
        if not _within(channel.noise_reduction, 0.0, 1.0):
            raise ValueError(f"channels.{name}.noise_reduction: must lie within [0, 1]")
    for actor_id, actor in actors.items():
        if isinstance(actor, ThirdParty) and not _within(actor.trade_share, 0.0, 1.0):
            raise ValueError(f"actors.{actor_id}.trade_share: must lie within [0, 1]")
        if isinstance(actor, Ally) and not _within(actor.exposure, 0.0, 1.0):
            raise ValueError(f"actors.{actor_id}.exposure: must lie within [0, 1]")
    action_ids = [a.id for a in scenario.actions]
    if len(set(action_ids)) != len(action_ids):
        raise ValueError("actions: action ids must be unique")
    for action in scenario.actions:
        for actor_id in action.actors:
            if actor_id not in principals:
                raise ValueError(f"actions.{action.id}.actors: {actor_id!r} is not a principal")
    for name, channel in scenario.channels.items():
        for actor_id in channel.between:
            if actor_id not in actors:
                raise ValueError(f"channels.{name}.between: unknown actor {actor_id!r}")
    for key, table in scenario.payoffs.items():
        from brink.scenario.schema import OUTCOME_KEYS

        if key not in OUTCOME_KEYS:
            raise ValueError(f"payoffs.{key}: unknown outcome; expected one of {OUTCOME_KEYS}")
        for actor_id in principals:
            if actor_id not in table:
                raise ValueError(f"payoffs.{key}: missing payoff for {actor_id!r}")
    for name, policy in scenario.policies.items():
        _check_policy(scenario, name, policy, principals)
    if scenario.default_policy not in scenario.policies:
        raise ValueError(f"default_policy: {scenario.default_policy!r} is not a policy")
    if scenario.policies[scenario.default_policy].actor != scenario.challenger:
        raise ValueError("default_policy: must be a policy of the challenger")
    defender = scenario.defender_actor
    if defender.default_policy is None or defender.default_policy not in scenario.policies:
        raise ValueError(f"actors.{scenario.defender}.default_policy: must name a policy")


def _check_policy(scenario: Scenario, name: str, policy, principals: list[str]) -> None:  # type: ignore[no-untyped-def]
    from brink.scenario.schema import TOP_RUNG

    where = f"policies.{name}"
    if policy.actor not in principals:
        raise ValueError(f"{where}.actor: {policy.actor!r} is not a principal")
    usable = {a.id for a in scenario.actions if policy.actor in a.actors}

    def need(field: str, action_id: str | None) -> None:
        if action_id is None:
            raise ValueError(f"{where}.{field}: required for `kind: {policy.kind}`")
        if action_id not in usable:
            raise ValueError(
                f"{where}.{field}: {action_id!r} is not an action {policy.actor} can take"
            )

    if policy.kind == "posture":
        need("opening", policy.opening)
        if policy.respond is None or len(policy.respond) != TOP_RUNG + 1:
            raise ValueError(f"{where}.respond: expected {TOP_RUNG + 1} action ids, one per rung")
        for rung, action_id in enumerate(policy.respond):
            need(f"respond[{rung}]", action_id)
    elif policy.kind == "doctrine":
        from brink.deciders.doctrines import get_doctrine
        from brink.errors import BrinkInputError

        try:
            get_doctrine(policy.doctrine or "")
        except BrinkInputError as error:
            raise ValueError(f"{where}.doctrine: {error}") from None
        need("cooperate", policy.cooperate)
        need("defect", policy.defect)
    if policy.strike_at is not None and not any(
        a.category == "strike" and policy.actor in a.actors for a in scenario.actions
    ):
        raise ValueError(f"{where}.strike_at: {policy.actor} has no strike action")
