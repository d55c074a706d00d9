"""The scenario as the reference reads it: actions, doctrines and actors as plain objects.

Nothing here changes during an episode. The compiled action table (``brink.model.compile``)
supplies the codings every action carries (rung, category, friction, ...) and each actor's own
actions; everything else — doctrines, red lines, relations between actors, the paths of the
inputs each rule reads — is read here from the scenario itself, without the engine's record
layout, so that a mistake in one is not copied into the other.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from brink.model.compile import Compiled
from brink.scenario.schema import Policy, Scenario
from brink.vocabulary import CATEGORIES, FORCE_CATEGORIES

FORCE = frozenset(FORCE_CATEGORIES)
#: Categories that read as restraint rather than toughness (no approval gain, no provocation).
QUIET = frozenset({"talks", "hold", "concede", "lift", "restrain"})
#: Red lines per doctrine the engine keeps (and the red-line stream reserves slots for).
RED_LINE_SLOTS = 8


@dataclass(frozen=True)
class ActionSpec:
    """One row of the action table, with the input paths of its costs and gains."""

    index: int
    id: str
    rung: int
    category: str
    public: bool
    friction: float
    alarm: float
    commitment: float
    visibility: float
    breaks_freeze: bool
    disarming: bool
    step: float | None  # tightening step when coded on the action; None: sanctions.step
    cooldown: int  # turns between two uses
    cost: str | None  # input paths (None: the action has none)
    upkeep: str | None
    gain: str | None

    @property
    def force(self) -> bool:
        return self.category in FORCE

    @property
    def quiet(self) -> bool:
        return self.category in QUIET


@dataclass(frozen=True)
class RedLine:
    """When the seat perceives ``trigger``/``value``, it plays ``then`` with a probability."""

    trigger: str  # "attacked", "action" (value: an action index) or "category" (a name)
    value: int | str
    then: int
    probability: str  # input path
    public: bool


@dataclass(frozen=True)
class Doctrine:
    """A leader type a seat may play: a strategic doctrine or a fixed rule."""

    name: str
    kind: str  # strategic, table or reactive
    allowed: frozenset[int]  # action indices the doctrine leaves open
    prefer: dict[int, str]  # action index -> input path of its utility bonus
    negotiate: str  # never, reciprocate or lead
    opening: int | None  # strategic doctrines only (a table opens by itself)
    strike_at: int  # turn of a planned strike (0: none)
    consult: bool
    red_lines: tuple[RedLine, ...]
    policy: Policy


@dataclass(frozen=True)
class ActorSpec:
    """Who an actor is and what it can do; its inputs are read per episode by ``Actor``."""

    index: int
    name: str
    side: int  # 0 the challenger's, 1 the defender's, -1 neutral
    lead: bool  # leads its side
    adversary: int  # the other side's lead (-1 for a neutral)
    typed: bool  # has a private type (resolve_prior)
    seat: bool  # takes actions and plays a leader type
    own: tuple[int, ...]  # its actions
    quiet: int  # what an unseen move of it looks like
    # Its move a misread one rung up / down: its own action on that rung, a itself at the top.
    read_up: tuple[int, ...]
    read_down: tuple[int, ...]
    strike: int  # its first strike action (-1 none)
    war: int
    concede: int
    sanction: int  # its first sanction action (-1 none)
    sanction_target: int  # whom its sanctions hit (-1)
    enforcement: str  # decide, always or never
    consulted: bool  # its lead must ask its consent for force
    doctrines: tuple[Doctrine, ...]  # the leader types its mixture draws from
    weights: tuple[float, ...]
    willing: float  # share of its leader types that ever talk, weighted as the mixture is
    channels: dict[int, str] = field(default_factory=dict)  # other actor -> noise reduction path


@dataclass(frozen=True)
class Setting:
    """Everything static about a scenario under a matchup."""

    scenario: Scenario
    compiled: Compiled
    actions: tuple[ActionSpec, ...]
    actors: tuple[ActorSpec, ...]
    challenger: int
    defender: int
    members: tuple[tuple[int, ...], tuple[int, ...]]  # each side's actors, in file order

    def lead_of(self, side: int) -> int:
        return self.challenger if side == 0 else self.defender


def build_setting(compiled: Compiled, mixtures: dict[str, dict[str, float]]) -> Setting:
    """The static objects of ``compiled`` with every seat playing its leader-type mixture."""
    scen = compiled.scenario
    table = compiled.table
    actions = tuple(
        ActionSpec(
            index=a,
            id=table.ids[a],
            rung=int(table.rung[a]),
            category=CATEGORIES[int(table.category[a])],
            public=bool(table.public[a]),
            friction=float(table.friction[a]),
            alarm=float(table.alarm[a]),
            commitment=float(table.commitment[a]),
            visibility=float(table.visibility[a]),
            breaks_freeze=bool(table.breaks_freeze[a]),
            disarming=bool(table.disarming[a]),
            step=None if math.isnan(table.step_fixed[a]) else float(table.step_fixed[a]),
            cooldown=int(table.cooldown_turns[a]),
            cost=table.cost_paths[a],
            upkeep=table.upkeep_paths[a],
            gain=table.gain_paths[a],
        )
        for a in range(len(table.ids))
    )
    names = compiled.actors
    index = {name: i for i, name in enumerate(names)}
    side_of = {}
    for name, actor in scen.actors.items():
        side_of[name] = (
            0 if actor.side == scen.challenger else 1 if actor.side == scen.defender else -1
        )
    challenger, defender = index[scen.challenger], index[scen.defender]
    channels: dict[int, dict[int, str]] = {i: {} for i in range(len(names))}
    for channel_id, channel in scen.channels.items():
        if channel.enabled:
            a, b = (index[x] for x in channel.between)
            path = f"channels.{channel_id}.noise_reduction"
            channels[a][b] = channels[b][a] = path
    specs = []
    for i, name in enumerate(names):
        actor = scen.actors[name]
        side = side_of[name]
        own = tuple(int(a) for a in compiled.own[i])
        mixture = mixtures.get(name, {})
        doctrines = tuple(
            _doctrine(policy, scen.policies[policy], own, table) for policy in mixture
        )
        talkers = [d.negotiate != "never" for d in doctrines]

        def first(category: str, own: tuple[int, ...] = own) -> int:
            hits = [a for a in own if actions[a].category == category]
            return hits[0] if hits else -1

        sanction = first("sanction")
        specs.append(
            ActorSpec(
                index=i,
                name=name,
                side=side,
                lead=i in (challenger, defender) and side >= 0,
                adversary=defender if side == 0 else challenger if side == 1 else -1,
                typed=actor.resolve_prior is not None,
                seat=len(own) > 0 and len(doctrines) > 0,
                own=own,
                quiet=int(compiled.quiet[i]),
                read_up=tuple(int(a) for a in compiled.read_up[i]),
                read_down=tuple(int(a) for a in compiled.read_down[i]),
                strike=first("strike"),
                war=first("war"),
                concede=first("concede"),
                sanction=sanction,
                sanction_target=int(table.target[i, sanction]) if sanction >= 0 else -1,
                enforcement=actor.enforcement,
                consulted=actor.requires_consultation,
                doctrines=doctrines,
                weights=tuple(mixture.values()),
                willing=(
                    sum(w for w, t in zip(mixture.values(), talkers, strict=True) if t)
                    / sum(mixture.values())
                    if talkers
                    else 1.0
                ),
                channels=channels[i],
            )
        )
    members = tuple(tuple(i for i, s in enumerate(specs) if s.side == side) for side in (0, 1))
    return Setting(
        scenario=scen,
        compiled=compiled,
        actions=actions,
        actors=tuple(specs),
        challenger=challenger,
        defender=defender,
        members=(members[0], members[1]),
    )


def _doctrine(name: str, policy: Policy, own: tuple[int, ...], table) -> Doctrine:  # type: ignore[no-untyped-def]
    """A policy of the scenario as a doctrine over the actor's own actions."""
    ids = {table.ids[a]: a for a in own}
    allowed = frozenset(
        a
        for action_id, a in ids.items()
        if (policy.allow is None or action_id in policy.allow) and action_id not in policy.forbid
    )
    prefer = {ids[a]: f"policies.{name}.prefer.{a}" for a in policy.prefer if a in ids}
    lines = []
    for n, line in enumerate(policy.red_lines[:RED_LINE_SLOTS]):
        trigger: str
        value: int | str
        if line.when == "attacked":
            trigger, value = "attacked", -1
        elif line.when in table.ids:
            trigger, value = "action", table.index(line.when)
        else:
            trigger, value = "category", line.when
        lines.append(
            RedLine(
                trigger=trigger,
                value=value,
                then=table.index(line.then),
                probability=f"policies.{name}.red_lines.{n}.probability",
                public=line.public,
            )
        )
    opening = None
    if policy.opening is not None and policy.kind == "strategic":
        opening = table.index(policy.opening)
    return Doctrine(
        name=name,
        kind=policy.kind,
        allowed=allowed,
        prefer=prefer,
        negotiate=policy.negotiate,
        opening=opening,
        strike_at=policy.strike_at or 0,
        consult=policy.consult_allies,
        red_lines=tuple(lines),
        policy=policy,
    )
