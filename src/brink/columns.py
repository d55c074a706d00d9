"""The episode table's columns, declared once: name, dtype, meaning, and whether `brink run`
keeps the column in memory.

Why here, on the ground floor: the engine makes these columns (``brink.engine.batch.finish``
builds them in this order and casts each to its dtype, and fails on a column it makes that is
not declared or a declared one it does not make), while the store writes and reads them
(``brink.store.schema`` re-exports this declaration and adds what only stored parts need). The
engine may not import the store, so the one declaration sits below both. Standard library only.

Two families are named at run time: ``payoff:<actor>`` (third parties' payoffs, float64) and
the sampled inputs ``input:<path>`` (float64; stored as ``<path>``, the design's column names).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Column:
    """One declared column: its name, numpy dtype (``object`` holds names stored as text), what
    it means, and whether an in-memory run (`brink run`) keeps it."""

    name: str
    dtype: str
    meaning: str = ""
    kept: bool = True


#: The episode columns in the order the engine makes them and a stored part holds them.
EPISODE_COLUMNS: tuple[Column, ...] = (
    Column("draw", "int64", "the draw of the uncertain inputs (fixes the sampled inputs)"),
    Column("replication", "int64", "the replication of the draw (fixes the turn-by-turn luck)"),
    Column("outcome", "object", "how the episode ended (vocabulary.OUTCOMES)"),
    Column("war_kind", "object", "the kind of war, 'none' without one (vocabulary.WAR_KINDS)"),
    Column(
        "war_cause",
        "object",
        "why the war began, 'none' unless the outcome is war (vocabulary.CAUSES)",
    ),
    Column("war_end", "object", "how a war ended, '' without one (vocabulary.WAR_ENDS)"),
    Column("capitulator", "object", "the actor that backed down, '' if none"),
    Column("collapsed", "object", "the actor whose regime collapsed, '' if none"),
    Column(
        "faded",
        "bool",
        "the crisis faded: ended unresolved before the horizon, without terms or a loser",
    ),
    Column("opponent_type", "object", "the leader type the defender's mixture drew"),
    Column("challenger_type", "object", "the leader type the challenger's mixture drew"),
    Column("turns", "int32", "turns played"),
    Column("violence", "int8", "highest violence, ICB VIOL 1-4 (vocabulary.VIOLENCE)"),
    Column("war_turns", "int32", "turns at war"),
    Column("casualties", "float64", "deaths, all actors"),
    Column("ally_casualties", "float64", "deaths of the challenger's allies"),
    Column("payoff_challenger", "float64", "the challenger's realised payoff"),
    Column("payoff_defender", "float64", "the defender's realised payoff"),
    Column("tests", "int32", "missile and nuclear tests, together"),
    Column("missile_tests", "int32", "missile tests"),
    Column("nuclear_tests", "int32", "nuclear tests"),
    Column("enforced_turns", "int32", "turns in which a third party enforced sanctions"),
    Column("approval", "float64", "the challenger's approval at the end"),
    Column("cohesion", "float64", "the challenger's allies' mean cohesion at the end (1: none)"),
    Column("capability", "float64", "the defender's capability at the end"),
    Column("strain", "float64", "the defender's economic strain at the end"),
    Column("stage", "int8", "the stage of a deal reached (0: none)"),
    Column("max_rung", "int8", "the highest rung a seat's move reached (vocabulary.RUNG_NAMES)"),
    Column("clashes", "int32", "clashes that ended without a war"),
    Column("misreadings", "int32", "moves misread, over all seats and turns"),
    Column("empty_threats", "int32", "the challenger's threats left unkept"),
    Column("loose_nukes", "bool", "fissile material went missing after a war"),
    Column("resolute_challenger", "bool", "the challenger's private type was resolute"),
    Column("resolute_defender", "bool", "the defender's private type was resolute"),
)
PAYOFF_PREFIX = "payoff:"
INPUT_PREFIX = "input:"
#: Columns an in-memory run keeps (inputs and third parties' payoffs are dropped, which keeps
#: a million episodes well under 2 GiB).
KEPT_COLUMNS: tuple[str, ...] = tuple(c.name for c in EPISODE_COLUMNS if c.kept)
