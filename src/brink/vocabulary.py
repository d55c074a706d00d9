"""Brink's shared vocabulary, defined once: rungs, action categories, outcomes, war kinds,
causes and random-stream purposes. Every layer imports it; it imports nothing of Brink's.

Why one module: the first engine kept outcome names in five places and war causes in six, and
a name changed in one place silently stopped matching in another.
"""

from __future__ import annotations

from typing import Literal, get_args

#: The escalation ladder, bottom to top: an ordinal for reports, misreadings and tables.
#: What an action *does* (how much friction it makes, how readily it is misread as an attack,
#: what it costs) lives in its attributes, not in its rung.
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
STRIKE_RUNG = 5
WAR_RUNG = 6
#: Misreadings move a reading by one rung within the ladder short of force.
READABLE_TOP = STRIKE_RUNG - 1
#: The top of a calm turn (fading): words, not deeds — rhetoric keeps no crisis alive.
CALM_RUNG = 1

Category = Literal[
    "talks",  # an offer: talks, a freeze, a deal's next stage
    "hold",  # a quiet turn
    "rhetoric",  # public threats and warnings
    "exercise",  # shows of force: exercises, alerts, mobilisation, deployments
    "missile_test",
    "nuclear_test",
    "sanction",  # impose or tighten economic sanctions (a held state)
    "lift",  # lift one's own sanctions
    "blockade",  # military interdiction of trade (a held state with friction)
    "support",  # an ally or third party lines up behind a side
    "restrain",  # urge restraint; refuse consent to force launched with one's help
    "strike",  # limited use of force
    "war",  # major conventional war
    "nuclear",  # nuclear use
    "concede",  # back down on the issue
]
CATEGORIES: tuple[str, ...] = get_args(Category)
# The same codes as plain integers, for compiled kernels.
(
    C_TALKS,
    C_HOLD,
    C_RHETORIC,
    C_EXERCISE,
    C_MISSILE_TEST,
    C_NUCLEAR_TEST,
    C_SANCTION,
    C_LIFT,
    C_BLOCKADE,
    C_SUPPORT,
    C_RESTRAIN,
    C_STRIKE,
    C_WAR,
    C_NUCLEAR,
    C_CONCEDE,
) = range(15)
CATEGORY_CODE: dict[str, int] = {name: code for code, name in enumerate(CATEGORIES)}
assert CATEGORY_CODE["concede"] == C_CONCEDE and CATEGORY_CODE["sanction"] == C_SANCTION
FORCE_CATEGORIES = ("strike", "war", "nuclear")
TEST_CATEGORIES = ("missile_test", "nuclear_test")
HELD_CATEGORIES = ("sanction", "blockade")

# Episode outcomes (stored by name in the episode table).
UNRESOLVED, SETTLEMENT, CAPITULATION, COLLAPSE, WAR = range(5)
OUTCOMES: tuple[str, ...] = ("unresolved", "settlement", "capitulation", "collapse", "war")
#: The order reports print outcomes in.
REPORTED_OUTCOMES: tuple[str, ...] = ("war", "settlement", "capitulation", "collapse", "unresolved")

NO_WAR, LIMITED, CONVENTIONAL, NUCLEAR = range(4)
WAR_KINDS: tuple[str, ...] = ("none", "limited", "conventional", "nuclear")
REPORTED_WAR_KINDS: tuple[str, ...] = WAR_KINDS[1:]

NO_CAUSE, INTENT, MISPERCEPTION, ACCIDENT = range(4)
CAUSES: tuple[str, ...] = ("none", "intent", "misperception", "accident")
REPORTED_CAUSES: tuple[str, ...] = CAUSES[1:]

#: How a war ended.
WAR_ENDS: tuple[str, ...] = ("", "ceasefire", "defeat", "nuclear", "horizon")

#: Highest violence reached in an episode, on the International Crisis Behavior scale
#: (VIOL: 1 none, 2 minor clashes, 3 serious clashes, 4 full-scale war).
VIOLENCE: tuple[str, ...] = ("", "none", "minor clashes", "serious clashes", "full-scale war")

# Random-stream purposes: every uniform an episode uses comes from one of these streams at a
# given turn (see brink.model.streams). Turn 0 holds the set-up streams.
STREAMS_PER_TURN = 12
STREAM_DECIDE = 0  # one uniform per seat and turn (the logit draw)
STREAM_PERCEIVE = 1  # per ordered pair of actors: slip, delay, alarm, visibility
STREAM_WORLD = 2  # accidents, collapse, red lines
STREAM_FORCE = 3  # the strike chance node (disarm) and the war's course
STREAM_CASUALTIES = 4  # deaths of a war turn
STREAM_SETUP_TYPES = 5  # turn 0: private types
STREAM_SETUP_MIXTURE = 6  # turn 0: which leader type each seat's mixture draws
STREAM_RED_LINES = 7  # red lines, drawn per seat
