"""The state of a batch of episodes: one record per episode.

Compiled kernels step episode e through its record ``records[e]`` (``s.approval[k]``, ``s.belief
[i, j]``), passed by reference. Python code reads whole columns through ``BatchState``:
``state.approval`` is an (n, K) view of every episode's approval. Ended episodes keep their
final values (``active`` is False).
"""

from __future__ import annotations

import numpy as np

from brink.model.layout import MAX_ACTIONS, MAX_ACTORS, record_dtype
from brink.vocabulary import NO_CAUSE, NO_WAR, UNRESOLVED

#: (name, type, shape): "" a scalar, "K" per actor, "KK" per ordered pair, "K2" per actor and
#: type, "A" per action, "KA" per actor and action.
STATE_FIELDS: list[tuple[str, type, str]] = [
    ("active", bool, ""),
    ("turns", np.int32, ""),
    # How the episode ended.
    ("outcome", np.int8, ""),
    ("war_kind", np.int8, ""),
    ("war_cause", np.int8, ""),
    ("war_end", np.int8, ""),
    ("capitulator", np.int8, ""),  # actor that backed down (-1 none)
    ("collapsed", np.int8, ""),  # actor whose regime collapsed (-1 none)
    ("initiator", np.int8, ""),  # actor that first used force (-1 none or an accident)
    ("winner_side", np.int8, ""),  # side that prevailed in a war ended by defeat (-1 none)
    # The standoff between the leads, and force.
    ("stage", np.int8, ""),
    ("stage_clock", np.int32, ""),
    ("war_level", np.int8, ""),  # 0 peace, 1 a clash under way, 2 major war
    ("clash_side", np.int8, ""),  # side that struck first in the current clash (-1 accident)
    ("exchange", bool, ""),  # both sides have struck in the current clash
    ("calm_turns", np.int32, ""),  # turns in a row no seat of a side moved above rhetoric
    ("faded", bool, ""),  # the crisis faded (fading.enabled): ended without terms or loser
    ("war_turns", np.int32, ""),
    ("violence", np.int8, ""),  # ICB VIOL 1..4
    ("casualties", np.float64, ""),
    ("loose_nukes", bool, ""),
    # Yardsticks.
    ("missile_tests", np.int32, ""),
    ("nuclear_tests", np.int32, ""),
    ("enforced_turns", np.int32, ""),
    ("clashes", np.int32, ""),
    ("misreadings", np.int32, ""),
    ("max_rung", np.int8, ""),
    # Per actor.
    ("policy", np.int8, "K"),  # leader type of each seat (index into its mixture)
    ("resolute", bool, "K"),
    ("action", np.int32, "K"),  # this turn's move (-1 before turn 1)
    ("previous", np.int32, "K"),  # last turn's move
    # Probability of force (of an offer of talks) at the seat's last decision, by its type:
    # others weigh the two by their belief (the true type's figure would leak it).
    ("p_force", np.float64, "K2"),
    ("p_talks", np.float64, "K2"),
    ("commitment", np.float64, "K"),  # public threat commitment, 0..1: kept only by force
    # Commitment staked on the measures it holds (sanctions, a blockade), 0..1: kept by holding
    # them, forfeited by lifting them in the face of defiance.
    ("measure_commitment", np.float64, "K"),
    # Its threat was called by the defiance going on: renewed threats are not called again
    # until the defiance stops (a commitment is called once per defiance, not once per turn);
    # it stops after a pause of PAUSE_DAYS, counted in turns without defiance seen (``calm``).
    ("called", bool, "K"),
    ("calm", np.int32, "K"),
    ("approval", np.float64, "K"),
    ("capability", np.float64, "K"),
    ("capability_rate", np.float64, "K"),  # recent capability gain per year
    ("nuclear_off", bool, "K"),  # nuclear force destroyed by a disarming strike
    ("strain", np.float64, "K"),
    ("sanction", np.float64, "K"),  # level of the sanctions it holds on its target
    ("blockade", np.float64, "K"),
    ("cohesion", np.float64, "K"),  # with its side's lead (1 for leads and neutrals)
    ("offered", bool, "K"),  # offered talks last turn
    ("strike_requested", bool, "K"),  # a planned strike put to the allies
    ("planned_done", bool, "K"),  # the planned strike went ahead or was dropped
    ("empty_threats", np.int32, "K"),
    ("flow_payoff", np.float64, "K"),  # flows lived through so far (stakes units)
    ("casualties_by_actor", np.float64, "K"),
    # Per ordered pair.
    ("belief", np.float64, "KK"),  # belief[i, j] = P(j resolute) held by i
    ("perceived", np.int32, "KK"),  # what i saw j do last turn (-1 nothing yet)
    ("misread", bool, "KK"),
    # Per action.
    ("friction_power", np.float64, "A"),  # friction^(exponent/2): constant in an episode
    # Per actor and action.
    ("last_used", np.int16, "KA"),  # turn the actor last took the action (cooldowns)
    # This turn's moves given from outside: a fixed rule's (-1 none), a person's (-1 none).
    ("forced", np.int32, "K"),
    ("override", np.int32, "K"),
]
STATE_DTYPE = record_dtype(STATE_FIELDS)
_SHAPE = {name: shape for name, _, shape in STATE_FIELDS}
_BOOL = {name for name, kind, _ in STATE_FIELDS if kind is bool}


class BatchState:
    """The per-episode records of a batch, with column views by field name.

    ``state.approval`` is the (n, K) view of the actors' approval, ``state.belief`` the
    (n, K, K) view of beliefs, ``state.active`` a boolean (n,) view; writing to a view writes
    the records.
    """

    def __init__(self, records: np.ndarray, k: int, actions: int) -> None:
        self.records = records
        self.k = k
        self.actions = actions

    @classmethod
    def empty(cls, n: int, k: int, actions: int) -> BatchState:
        if k > MAX_ACTORS or actions > MAX_ACTIONS:
            raise ValueError(f"at most {MAX_ACTORS} actors and {MAX_ACTIONS} actions")
        records = np.zeros(n, dtype=STATE_DTYPE)
        records["active"] = 1
        records["outcome"] = UNRESOLVED
        records["war_kind"] = NO_WAR
        records["war_cause"] = NO_CAUSE
        for name in ("capitulator", "collapsed", "initiator", "winner_side", "clash_side"):
            records[name] = -1
        for name in ("action", "previous", "perceived"):
            records[name] = -1
        records["last_used"] = -10_000
        records["cohesion"] = 1.0
        records["violence"] = 1
        return cls(records, k, actions)

    @property
    def n(self) -> int:
        return len(self.records)

    def __getattr__(self, name: str) -> np.ndarray:
        shape = _SHAPE.get(name)
        if shape is None:
            raise AttributeError(name)
        column = self.records[name]
        if shape == "K":
            column = column[:, : self.k]
        elif shape == "KK":
            column = column[:, : self.k, : self.k]
        elif shape == "K2":
            column = column[:, : self.k]
        elif shape == "KA":
            column = column[:, : self.k, : self.actions]
        elif shape == "A":
            column = column[:, : self.actions]
        return column.view(np.bool_) if name in _BOOL else column

    def subset(self, index: np.ndarray) -> BatchState:
        """A copy restricted to some episodes."""
        return BatchState(self.records[index], self.k, self.actions)
