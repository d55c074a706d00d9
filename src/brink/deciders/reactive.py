"""The reactive doctrines themselves: tit-for-tat and kin, GRIT, and the two unconditional rules.

Definitions follow the axelrod library's documentation (TitForTat, GTFT, ContriteTitForTat,
WinStayLoseShift, Grudger, Cooperator, Defector); GRIT is Brink's own formalisation of Osgood
(1962), documented on the class and in ``docs/duels.md``. Each class implements the protocol in
``brink.deciders.doctrines``: every method acts on a whole batch of plays at once, True means
cooperate, and the doctrine reads only what its side could know (its own intended and played
moves, and the opponent's move *as it was seen*).

Every memory array a doctrine keeps is its own copy and every array ``intend`` returns is fresh,
so callers may reuse their buffers freely.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

Memory = dict[str, np.ndarray]


def _own(values: np.ndarray) -> np.ndarray:
    """A private boolean copy, so a caller reusing its buffer cannot change our memory."""
    return np.array(values, dtype=bool, copy=True)


@dataclass(frozen=True)
class Unconditional:
    """ALLC or ALLD: plays the same move whatever happens (axelrod ``Cooperator``/``Defector``)."""

    cooperates: bool
    name: str
    description: str
    stochastic: bool = False

    def start(self, n: int) -> Memory:
        return {}

    def intend(self, memory: Memory, turn: int, uniforms: np.ndarray) -> np.ndarray:
        return np.full(np.shape(uniforms), self.cooperates, dtype=bool)

    def observe(
        self, memory: Memory, intended: np.ndarray, played: np.ndarray, seen: np.ndarray
    ) -> None:
        return None

    def spec(self) -> str:
        return self.name


def Cooperator() -> Unconditional:
    """ALLC: cooperates whatever the other side does."""
    return Unconditional(True, "allc", "Always cooperates, whatever the other side does.")


def Defector() -> Unconditional:
    """ALLD: defects whatever the other side does."""
    return Unconditional(False, "alld", "Always defects, whatever the other side does.")


@dataclass(frozen=True)
class TitForTat:
    """TFT: cooperates first, then repeats the opponent's last move as seen (axelrod ``TitForTat``).

    Memory ``seen`` starts as "cooperated" so the first move is C without a special case.
    """

    name: str = "tft"
    description: str = "Cooperates first, then does whatever the other side did last turn."
    stochastic: bool = False

    def start(self, n: int) -> Memory:
        return {"seen": np.ones(n, dtype=bool)}

    def intend(self, memory: Memory, turn: int, uniforms: np.ndarray) -> np.ndarray:
        return memory["seen"].copy()

    def observe(
        self, memory: Memory, intended: np.ndarray, played: np.ndarray, seen: np.ndarray
    ) -> None:
        memory["seen"] = _own(seen)

    def spec(self) -> str:
        return self.name


def molander_generosity(t: float, r: float, p: float, s: float) -> float:
    """Molander's (1985) generosity: the most forgiving GTFT against which defecting does not pay.

    g = min{1 − (T−R)/(R−S), (R−P)/(T−P)}, 1/3 at (5, 3, 1, 0); also the axelrod library's GTFT
    default. Clipped to [0, 1] so stage games far from the standard shape still give a probability.
    """
    value = min(1.0 - (t - r) / (r - s), (r - p) / (t - p))
    return float(min(1.0, max(0.0, value)))


@dataclass(frozen=True)
class GenerousTitForTat:
    """GTFT: TFT that forgives a seen defection with probability ``generosity`` (axelrod ``GTFT``).

    Memory-one rule with cooperation probabilities (1, g, 1, g) after (CC, CD, DC, DD): it looks
    only at the opponent's last move. Uses its uniforms: cooperate after a defection iff u < g.
    """

    generosity: float = 1.0 / 3.0
    name: str = "gtft"
    description: str = (
        "Tit-for-tat that forgives a defection with a set probability (1/3 by default)."
    )
    stochastic: bool = True

    def __post_init__(self) -> None:
        if not 0.0 <= self.generosity <= 1.0:
            raise ValueError(f"generosity must be in [0, 1], got {self.generosity}")

    def start(self, n: int) -> Memory:
        return {"seen": np.ones(n, dtype=bool)}

    def intend(self, memory: Memory, turn: int, uniforms: np.ndarray) -> np.ndarray:
        return memory["seen"] | (uniforms < self.generosity)

    def observe(
        self, memory: Memory, intended: np.ndarray, played: np.ndarray, seen: np.ndarray
    ) -> None:
        memory["seen"] = _own(seen)

    def spec(self) -> str:
        return f"{self.name}:{self.generosity:.4g}"


@dataclass(frozen=True)
class ContriteTitForTat:
    """CTFT: TFT that owns up to its own accidents (axelrod ``ContriteTitForTat``).

    The axelrod documentation: "if the opponent defects as a result of a noisy defection then
    ContriteTitForTat will become 'contrite' until it successfully cooperates", citing Wu &
    Axelrod (1995), who define it through *standing* (Sugden 1986; Boyd 1989), as here:

    * a side is in good standing after it cooperated, or after it defected while itself in good
      standing against a side in bad standing (a justified reprisal); otherwise in bad standing;
    * CTFT cooperates unless it is in good standing and the other side is in bad standing.

    So after its own unjustified defection (an accident: it never intends one) it cooperates until
    it has actually played C, accepting the reprisal instead of answering it; a defection by
    the other side is answered once, as tit-for-tat would. Against itself an accident costs two
    turns (T/S, then S/T), even when further errors strike the repair. Note the axelrod code
    (not its documentation) instead leaves contrition only after a C, and can lock into mutual
    defection after two quick errors; the standing rule cannot.

    Standing is reckoned from its own played moves and the moves it *saw*, so misperception
    makes the two sides disagree about who owes the apology. Memory: ``good`` and
    ``other_good``, boolean.
    """

    name: str = "ctft"
    description: str = (
        "Tit-for-tat that, after its own accidental defection, takes the reprisal "
        "without answering it."
    )
    stochastic: bool = False

    def start(self, n: int) -> Memory:
        return {"good": np.ones(n, dtype=bool), "other_good": np.ones(n, dtype=bool)}

    def intend(self, memory: Memory, turn: int, uniforms: np.ndarray) -> np.ndarray:
        # On booleans x > y means x and not y: defect only when good and facing the bad.
        return memory["good"] <= memory["other_good"]

    def observe(
        self, memory: Memory, intended: np.ndarray, played: np.ndarray, seen: np.ndarray
    ) -> None:
        good, other_good = memory["good"], memory["other_good"]
        memory["good"] = played | (good > other_good)  # cooperated, or a justified reprisal
        memory["other_good"] = seen | (other_good > good)

    def spec(self) -> str:
        return self.name


@dataclass(frozen=True)
class WinStayLoseShift:
    """WSLS / Pavlov: repeat the last move after a good outcome, switch after a bad one.

    axelrod ``WinStayLoseShift``: memory-one vector (1, 0, 0, 1) over (own, seen) = (C,C), (C,D),
    (D,C), (D,D), starting with C. So it cooperates exactly when both moves last turn matched.
    """

    name: str = "wsls"
    description: str = (
        "Pavlov: keeps its move after doing well (R or T), switches after doing badly (S or P)."
    )
    stochastic: bool = False

    def start(self, n: int) -> Memory:
        return {"played": np.ones(n, dtype=bool), "seen": np.ones(n, dtype=bool)}

    def intend(self, memory: Memory, turn: int, uniforms: np.ndarray) -> np.ndarray:
        return memory["played"] == memory["seen"]

    def observe(
        self, memory: Memory, intended: np.ndarray, played: np.ndarray, seen: np.ndarray
    ) -> None:
        memory["played"] = _own(played)
        memory["seen"] = _own(seen)

    def spec(self) -> str:
        return self.name


@dataclass(frozen=True)
class Grudger:
    """GRIM: cooperates until it first sees the opponent defect, then defects for ever.

    axelrod ``Grudger`` (Friedman 1971). Triggered by the opponent's move as seen, so a single
    misperception is as final as a real defection.
    """

    name: str = "grim"
    description: str = "Cooperates until the other side defects once, then defects for ever."
    stochastic: bool = False

    def start(self, n: int) -> Memory:
        return {"grudge": np.zeros(n, dtype=bool)}

    def intend(self, memory: Memory, turn: int, uniforms: np.ndarray) -> np.ndarray:
        return ~memory["grudge"]

    def observe(
        self, memory: Memory, intended: np.ndarray, played: np.ndarray, seen: np.ndarray
    ) -> None:
        memory["grudge"] = memory["grudge"] | ~np.asarray(seen, dtype=bool)

    def spec(self) -> str:
        return self.name


@dataclass(frozen=True)
class Grit:
    """GRIT (Osgood 1962): graduated and reciprocated initiatives in tension reduction.

    Brink's formalisation for a two-move game:

    * **Initiative programme.** It opens with ``steps`` announced conciliatory moves played
      unconditionally — continued despite defection, as Osgood requires.
    * **Reciprocation.** After a programme it plays tit-for-tat: cooperation is returned, and a
      defection is answered in kind, one for one, never escalated beyond what it saw.
    * **Renewal.** Once ``patience`` consecutive reciprocation turns pass without mutual
      cooperation (as it perceived it), it launches a new programme of ``steps`` initiatives.
      This is what breaks retaliation echoes and deadlock that trap plain tit-for-tat.

    ``steps = 0`` makes it plain tit-for-tat. Memory: ``programme`` (initiatives still to
    play), ``tension`` (turns since the last mutual cooperation outside a programme), ``seen``.
    An engine may read ``memory["programme"] > 0`` as "an announced initiative is under way".
    """

    steps: int = 3
    patience: int = 6
    name: str = "grit"
    description: str = (
        "Osgood's GRIT: a run of unconditional conciliatory steps, then reciprocity "
        "without escalation, renewing the steps when tension persists."
    )
    stochastic: bool = False

    def __post_init__(self) -> None:
        if self.steps < 0 or self.patience < 1:
            raise ValueError(
                f"grit needs steps >= 0 and patience >= 1, got {self.steps}, {self.patience}"
            )

    def start(self, n: int) -> Memory:
        return {
            "programme": np.full(n, self.steps, dtype=np.int32),
            "tension": np.zeros(n, dtype=np.int32),
            "seen": np.ones(n, dtype=bool),
        }

    def intend(self, memory: Memory, turn: int, uniforms: np.ndarray) -> np.ndarray:
        return memory["seen"] | (memory["programme"] > 0)

    def observe(
        self, memory: Memory, intended: np.ndarray, played: np.ndarray, seen: np.ndarray
    ) -> None:
        in_programme = memory["programme"] > 0
        programme = np.where(in_programme, memory["programme"] - 1, 0).astype(np.int32)
        calm = played & seen
        tension = np.where(calm | in_programme, 0, memory["tension"] + 1).astype(np.int32)
        renew = tension >= self.patience
        memory["programme"] = np.where(renew, self.steps, programme).astype(np.int32)
        memory["tension"] = np.where(renew, 0, tension).astype(np.int32)
        memory["seen"] = _own(seen)

    def spec(self) -> str:
        return f"{self.name}:{self.steps},{self.patience}"
