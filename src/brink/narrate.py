"""One episode told as a timeline: what every seat did, what the two leads saw of the others,
what they believe, and what the turn did (sanctions, deals, clashes, red lines, war).

The telling plays the episode through the batch engine's own turn (a batch of one, recorded),
so the row it ends with is the `run_batch` row of the same (seed, draw, replication).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from brink.engine.batch import finish, resolve_matchup, start_crisis
from brink.engine.turn import TurnRecord, play_turn
from brink.errors import BrinkParameterError
from brink.model.crisis import Crisis
from brink.scenario.loader import load
from brink.vocabulary import C_BLOCKADE, OUTCOMES, RUNG_NAMES, VIOLENCE

#: What a war in progress is called, by ``war_level``.
_WAR_STATE = ("", "limited strikes are under way", "a major war is under way")
#: How a war ended, in words (``war_end``).
_WAR_END = {
    "ceasefire": "a ceasefire",
    "defeat": "the defeat of one side",
    "nuclear": "nuclear use",
    "horizon": "nothing yet (still under way at the horizon)",
}


@dataclass
class _Before:
    """What the previous turn left, to tell what changed."""

    stage: int
    war_level: int
    empty: np.ndarray
    sanction: np.ndarray
    blockade: np.ndarray


def _snapshot(crisis: Crisis) -> _Before:
    s = crisis.state
    return _Before(
        stage=int(s.stage[0]),
        war_level=int(s.war_level[0]),
        empty=s.empty_threats[0].copy(),
        sanction=s.sanction[0].copy(),
        blockade=s.blockade[0].copy(),
    )


class _Teller:
    """Words for one batch-of-one crisis: actor names, action labels, rungs."""

    def __init__(self, crisis: Crisis) -> None:
        self.crisis = crisis
        self.c = crisis.compiled
        scen = crisis.scenario
        self.names = [scen.actors[a].name for a in self.c.actors]
        self.leads = (self.c.challenger, self.c.defender)

    def move(self, action: int) -> str:
        table = self.c.table
        rung = int(table.rung[action])
        return f"{table.labels[action]} (rung {rung}: {RUNG_NAMES[rung]})"

    def seats(self, record: TurnRecord) -> list[int]:
        return [k for k in range(self.c.k) if int(record.action[0, k]) >= 0]

    def actions(self, record: TurnRecord) -> list[str]:
        """What each seat did; an accident replaces the move its lead meant to make."""
        out = []
        for k in self.seats(record):
            done, meant = int(record.action[0, k]), int(record.intended[0, k])
            line = f"{self.names[k]} {self.move(done)}"
            if meant != done:
                line += f", though it meant to {self.c.table.labels[meant]} (an accident)"
            if bool(record.red_line[0, k]):
                line += " — a red line of its doctrine"
            out.append(line)
        return out

    def perceptions(self, record: TurnRecord) -> tuple[list[str], bool]:
        """What each lead saw of every other seat, misreadings flagged."""
        out: list[str] = []
        any_misread = False
        seats = self.seats(record)
        for i in self.leads:
            if i not in seats:
                continue
            right: list[str] = []
            wrong: list[str] = []
            for j in seats:
                if j == i:
                    continue
                seen = int(record.perceived[0, i, j])
                if seen < 0:
                    continue
                if bool(record.misread[0, i, j]):
                    wrong.append(f"MISREADS {self.names[j]}: sees it {self.move(seen)}")
                else:
                    right.append(self.names[j])
            any_misread |= bool(wrong)
            if right:
                wrong.append(
                    f"reads {_join(right)} as {'it is' if len(right) == 1 else 'they are'}"
                )
            parts = wrong
            if parts:
                out.append(f"{self.names[i]} " + "; ".join(parts))
        return out, any_misread

    def beliefs(self, record: TurnRecord) -> str | None:
        """Each lead's belief that every other typed seat is resolute."""
        parts = []
        for i in self.leads:
            for j in range(self.c.k):
                if j != i and bool(self.c.typed[j]) and j in self.seats(record):
                    p = float(record.belief[0, i, j])
                    parts.append(f"{self.names[i]} thinks {self.names[j]} resolute with p={p:.2f}")
        return "beliefs: " + "; ".join(parts) if parts else None

    def pressure(self, before: _Before) -> list[str]:
        """Sanctions and blockades held (a neutral's enforcement said either way), strain."""
        s, c = self.crisis.state, self.c
        out = []
        for k in range(c.k):
            target = int(c.sanction_target[k])
            if target < 0:
                continue
            level = float(s.sanction[0, k])
            whom = self.names[target]
            if int(c.side[k]) < 0:
                verb = "enforces" if level > 0 else "does not enforce"
                out.append(f"{self.names[k]} {verb} sanctions on {whom}")
            elif level > 0:
                out.append(f"{_possessive(self.names[k])} sanctions on {whom} at {level:.0%}")
            elif float(before.sanction[k]) > 0:
                out.append(f"{self.names[k]} lifts its sanctions on {whom}")
        for k in range(c.k):
            if float(s.blockade[0, k]) > 0:
                mine = c.own[k]
                held = c.table.target[k, mine[c.table.category[mine] == C_BLOCKADE]]
                whom = self.names[int(held[0])] if len(held) else "its target"
                out.append(f"{_possessive(self.names[k])} blockade of {whom} is in force")
            elif float(before.blockade[k]) > 0:
                out.append(f"{self.names[k]} lifts its blockade")
        strained = [j for j in range(c.k) if float(s.strain[0, j]) > 0.005]
        for j in strained:
            out.append(f"{_possessive(self.names[j])} economic strain: {float(s.strain[0, j]):.2f}")
        return out

    def politics(self, before: _Before) -> list[str]:
        """Public threats left empty, with the approval they cost."""
        s = self.crisis.state
        out = []
        for k in range(self.c.k):
            if int(s.empty_threats[0, k]) > int(before.empty[k]):
                line = f"{self.names[k]} leaves a public commitment unenforced (an empty threat)"
                if self.c.scenario.actors[self.c.actors[k]].approval_start is not None:
                    line += f"; approval now {float(s.approval[0, k]):.0%}"
                out.append(line)
        return out

    def deal(self, before: _Before) -> str | None:
        stage = int(self.crisis.state.stage[0])
        stages = self.c.scenario.negotiation.stages
        if stage > before.stage:
            return f"a deal is struck: {stages[stage - 1]} (stage {stage} of {len(stages)})"
        if stage == 0 and before.stage > 0:
            return f"the deal ({stages[before.stage - 1]}) breaks down"
        if stage > 0:
            return f"deal in force: {stages[stage - 1]} (stage {stage} of {len(stages)})"
        return None

    def force(self, record: TurnRecord, before: _Before) -> list[str]:
        """Accidents, the war's state, and how it ended."""
        s = self.crisis.state
        out = []
        if bool(record.accident[0]):
            out.append("an accidental clash occurs: forces fire that no one ordered to")
        level = int(record.war_level[0])
        if level > 0:
            out.append(_WAR_STATE[min(level, 2)] + f" (war turn {int(s.war_turns[0])})")
        elif before.war_level > 0 and not bool(record.ended[0]):
            out.append("the strikes are contained: the crisis goes on")
        if bool(record.ended[0]) and OUTCOMES[int(s.outcome[0])] == "war":
            out.append(f"violence reached: {VIOLENCE[int(s.violence[0])]}")
        return out


def _join(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _possessive(name: str) -> str:
    return f"{name}'" if name.endswith("s") else f"{name}'s"


def tell_episode(
    crisis: Crisis, draw: int, replication: int
) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """Play a batch-of-one crisis to its end, telling each turn in words.

    Returns the turns (turn number, date, events, whether a lead misread a move) and the
    episode's row (the `run_batch` row of this draw and replication). Shared by `brink
    narrate` and the report's sample narratives.
    """
    if crisis.n != 1:
        raise ValueError("tell_episode tells a batch of one episode")
    scen = crisis.scenario
    teller = _Teller(crisis)
    turns: list[dict[str, Any]] = []
    for _ in range(scen.horizon_turns):
        before = _snapshot(crisis)
        record = play_turn(crisis)
        assert record is not None
        date = scen.start_date + dt.timedelta(days=scen.turn_days * (record.turn - 1))
        seen, misread = teller.perceptions(record)
        events = teller.actions(record) + seen
        belief = teller.beliefs(record)
        if belief:
            events.append(belief)
        events += teller.pressure(before) + teller.politics(before)
        deal = teller.deal(before)
        if deal:
            events.append(deal)
        events += teller.force(record, before)
        turns.append(
            {"turn": record.turn, "date": date.isoformat(), "events": events, "misread": misread}
        )
        if bool(record.ended[0]) or not bool(crisis.state.active[0]):
            break
    columns = finish(crisis, np.asarray([draw]), np.asarray([replication])).columns
    return turns, {k: v[0] for k, v in columns.items()}


def ending(row: dict[str, Any], names: dict[str, str]) -> str:
    """'war (conventional, cause: misperception, ended by ceasefire, about 120,000 dead)'."""
    outcome = str(row["outcome"])
    if outcome == "war":
        how = _WAR_END.get(str(row.get("war_end") or ""))
        end = f", ended by {how}" if how else ""
        return (
            f"war ({row['war_kind']}, cause: {row['war_cause']}{end}, "
            f"about {float(row['casualties']):,.0f} dead)"
        )
    if outcome == "capitulation":
        who = str(row.get("capitulator") or "")
        return f"capitulation ({names.get(who, who)} backs down)"
    if outcome == "collapse":
        who = str(row.get("collapsed") or "")
        return f"collapse ({_possessive(names.get(who, who))} regime falls)"
    if outcome == "unresolved" and bool(row.get("faded")):
        return "unresolved (the crisis faded: both sides kept quiet long enough)"
    return outcome


def check_policies(
    scenario: str,
    policies: Sequence[str | None],
    *,
    overrides: tuple[str, ...] = (),
    opponent: str | None = None,
) -> None:
    """Refuse an unknown policy before any episode is told: a bad input stays one line and
    costs no simulation."""
    scen = load(scenario, overrides).scenario
    for policy in policies:
        resolve_matchup(scen, policy or scen.default_policy, opponent)


def narrate(
    scenario: str,
    policy: str | None = None,
    *,
    seed: int = 0,
    episode: int = 0,
    overrides: tuple[str, ...] = (),
    opponent: str | None = None,
) -> dict[str, Any]:
    """Replay episode ``episode`` (draw = episode, replication 0) of a `brink run` alone.

    Because random streams are keyed by episode, this is exactly the episode of that number in
    `brink run` with the same seed and options.
    """
    if episode < 0:
        raise BrinkParameterError("episode", f"expected a number >= 0 (got {episode})")
    loaded = load(scenario, overrides)
    scen = loaded.scenario
    matchup = resolve_matchup(scen, policy or scen.default_policy, opponent)
    crisis = start_crisis(scen, matchup, seed, np.array([episode]), np.array([0]))
    lines, row = tell_episode(crisis, episode, 0)
    names = {k: a.name for k, a in scen.actors.items()}
    return {
        "scenario": scen.id,
        "policy": matchup.label(scen.challenger),
        "opponent": matchup.label(scen.defender),
        "opponent_type": str(row["opponent_type"]),
        "seed": seed,
        "episode": episode,
        "turn_days": scen.turn_days,
        "turns": lines,
        "outcome": ending(row, names),
        "resolute": resolute(crisis, row),
    }


def resolute(crisis: Crisis, row: dict[str, Any]) -> dict[str, bool]:
    """The hidden types of the typed seats, revealed after the fact."""
    c = crisis.compiled
    types = {c.actors[k]: bool(crisis.state.resolute[0, k]) for k in range(c.k) if bool(c.typed[k])}
    types[c.actors[c.challenger]] = bool(row["resolute_challenger"])
    types[c.actors[c.defender]] = bool(row["resolute_defender"])
    return types
