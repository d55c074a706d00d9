"""Category codings: what an action does when its row leaves an attribute out.

These are codings of a kind of move, like its rung, not inputs of one crisis: a missile launch
can be misread as an attack (alarm), a UN sanctions vote cannot; a blockade puts ships in
contact (friction), a sanctions vote does not. The reasoning for each is in docs/scenarios.md,
"Action attributes"; a file that departs from one says why in the action's ``coding_note``.
"""

from __future__ import annotations

from dataclasses import dataclass

from brink.vocabulary import CATEGORIES


@dataclass(frozen=True)
class Coding:
    """Default attributes of one category."""

    public: bool
    friction: float
    alarm: float
    commitment: float
    breaks_freeze: bool
    step: float | None = None  # None: the global sanctions.step


CODINGS: dict[str, Coding] = {
    "talks": Coding(public=True, friction=0.0, alarm=0.0, commitment=0.0, breaks_freeze=False),
    "hold": Coding(public=False, friction=0.0, alarm=0.0, commitment=0.0, breaks_freeze=False),
    "rhetoric": Coding(public=True, friction=0.0, alarm=0.0, commitment=0.25, breaks_freeze=False),
    "exercise": Coding(public=True, friction=0.5, alarm=0.1, commitment=0.1, breaks_freeze=True),
    "missile_test": Coding(
        public=True, friction=0.2, alarm=0.5, commitment=0.0, breaks_freeze=True
    ),
    "nuclear_test": Coding(
        public=True, friction=0.1, alarm=0.0, commitment=0.0, breaks_freeze=True
    ),
    "sanction": Coding(public=True, friction=0.0, alarm=0.0, commitment=0.1, breaks_freeze=False),
    "lift": Coding(public=True, friction=0.0, alarm=0.0, commitment=0.0, breaks_freeze=False),
    "blockade": Coding(
        public=True, friction=0.8, alarm=0.3, commitment=0.3, breaks_freeze=True, step=1.0
    ),
    "support": Coding(public=True, friction=0.1, alarm=0.0, commitment=0.0, breaks_freeze=False),
    "restrain": Coding(public=True, friction=0.0, alarm=0.0, commitment=0.0, breaks_freeze=False),
    "strike": Coding(public=True, friction=1.0, alarm=1.0, commitment=0.0, breaks_freeze=True),
    "war": Coding(public=True, friction=1.0, alarm=1.0, commitment=0.0, breaks_freeze=True),
    "nuclear": Coding(public=True, friction=1.0, alarm=1.0, commitment=0.0, breaks_freeze=True),
    "concede": Coding(public=True, friction=0.0, alarm=0.0, commitment=0.0, breaks_freeze=False),
}
assert set(CODINGS) == set(CATEGORIES), "every category needs a coding"
