"""Perception and belief, for every ordered pair of seats.

Each seat sees each other seat's move through a noisy, sometimes delayed channel: a move may go
unseen (visibility), be read a rung up or down (misperception, leaning hostile), be read as an
attack under way (a false alarm, as likely as the move's ``alarm`` coding says), or be last
turn's move arriving late. A channel between the pair removes a share of all of it and carries
offers exactly. Then each seat updates its belief about every typed seat by Bayes' rule, with
the likelihood of what it saw under each type taken from that seat's own choice probabilities.
Equations: docs/model.md, "Perception" and "Beliefs".
"""

from __future__ import annotations

import numpy as np

from brink.model.crisis import Crisis, as_array
from brink.model.streams import uniforms
from brink.vocabulary import CATEGORY_CODE, FORCE_CATEGORIES, STREAM_PERCEIVE, STREAMS_PER_TURN

_FORCE = np.array([CATEGORY_CODE[c] for c in FORCE_CATEGORIES])
_WIDTH = 4  # uniforms per pair: slip, delay, alarm, visibility


def pairs(crisis: Crisis) -> tuple[np.ndarray, np.ndarray]:
    """Ordered pairs (observer, observed) of distinct seats, in a fixed order."""

    def make() -> tuple[np.ndarray, np.ndarray]:
        seats = crisis.compiled.seats
        obs = [i for i in seats for j in seats if i != j]
        tgt = [j for i in seats for j in seats if i != j]
        return np.array(obs, dtype=np.int64), np.array(tgt, dtype=np.int64)

    return crisis.cached("pairs", make)


def clarity(crisis: Crisis) -> np.ndarray:
    """(P, n): share of perception noise removed by an enabled channel, per pair."""

    def make() -> np.ndarray:
        obs, tgt = pairs(crisis)
        out = np.zeros((len(obs), crisis.n))
        for p, (i, j) in enumerate(zip(obs, tgt, strict=True)):
            path = crisis.compiled.channel_path.get((int(i), int(j)))
            if path is not None:
                out[p] = as_array(crisis.value(path), crisis.n)
        return out

    return crisis.cached("clarity", make)


def _rates(crisis: Crisis) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """(P, n) per pair: misreading, upward misreading, delay and false-alarm rates."""

    def make():  # type: ignore[no-untyped-def]
        kept = 1.0 - clarity(crisis)
        n = crisis.n
        m = as_array(crisis.value("perception.misperception_rate"), n) * kept
        up = m * as_array(crisis.value("perception.escalation_bias"), n)
        delay = as_array(crisis.value("perception.delay_probability"), n) * kept
        alarm = m * as_array(crisis.value("perception.false_alarm_share"), n)
        return m, up, delay, alarm

    return crisis.cached("perception_rates", make)


def perceive(crisis: Crisis, actions: np.ndarray, previous: np.ndarray) -> None:
    """Fill ``state.perceived`` and ``state.misread`` with this turn's readings."""
    c, s = crisis.compiled, crisis.state
    obs, tgt = pairs(crisis)
    if not len(obs):
        return
    truth = actions[tgt]  # (P, n)
    if not crisis.scenario.perception.enabled:
        s.perceived[obs, tgt] = truth
        s.misread[obs, tgt] = False
        return
    table = c.table
    m, up, delay, alarm = _rates(crisis)
    u = uniforms(crisis.keys, crisis.turn * STREAMS_PER_TURN + STREAM_PERCEIVE, len(obs) * _WIDTH)
    u = u.T.reshape(len(obs), _WIDTH, crisis.n)
    seen = truth.copy()
    if crisis.turn > 1:
        late = (u[:, 1] < delay) & (previous[tgt] >= 0)
        seen = np.where(late, previous[tgt], seen)
    hidden = u[:, 3] >= table.visibility[seen]
    seen = np.where(hidden, c.quiet[tgt][:, None], seen)
    slips = (u[:, 0] < m) & ~np.isin(table.category[seen], _FORCE)
    moved = np.where(u[:, 0] < up, c.read_up[seen], c.read_down[seen])
    seen = np.where(slips, moved, seen)
    strike = c.strike_of[tgt][:, None]
    false_alarm = (
        (u[:, 2] < alarm * table.alarm[truth])
        & ~np.isin(table.category[truth], _FORCE)
        & (strike >= 0)
    )
    seen = np.where(false_alarm, strike, seen)
    offer = (table.category[truth] == CATEGORY_CODE["talks"]) & (clarity(crisis) > 0)
    seen = np.where(offer, truth, seen)
    s.perceived[obs, tgt] = seen
    s.misread[obs, tgt] = seen != truth


def update_beliefs(crisis: Crisis, probs: dict[int, np.ndarray]) -> None:
    """Bayes' rule on what each seat saw each typed seat do.

    ``probs[j]`` (2, A_j, n) holds P(each of j's actions | irresolute, resolute) at j's last
    decision. The observer allows for noise: what it saw was the true action with probability
    1 − ε and anything of j's with probability ε (ε = its misreading plus delay rate).
    """
    c, s = crisis.compiled, crisis.state
    if not crisis.scenario.beliefs.private_resolve or not probs:
        return
    obs, tgt = pairs(crisis)
    m, _, delay, _ = _rates(crisis)
    columns = np.arange(crisis.n)
    active = s.active
    noise = (m + delay) if crisis.scenario.perception.enabled else np.zeros_like(m)
    for p, (i, j) in enumerate(zip(obs, tgt, strict=True)):
        table = probs.get(int(j))
        if table is None:
            continue
        seen = s.perceived[i, j]
        row = c.local[np.maximum(seen, 0), j]
        known = (seen >= 0) & (row >= 0)
        row = np.maximum(row, 0)
        spread = noise[p] / table.shape[1]
        low = (1.0 - noise[p]) * table[0, row, columns] + spread
        high = (1.0 - noise[p]) * table[1, row, columns] + spread
        prior = s.belief[i, j]
        posterior = prior * high / np.maximum(prior * high + (1.0 - prior) * low, 1e-300)
        s.belief[i, j] = np.where(active & known, posterior, prior)
