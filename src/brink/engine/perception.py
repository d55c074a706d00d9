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

from numba import njit

from brink.deciders.strategic import is_force
from brink.model import values as v
from brink.model.streams import uniform_pair
from brink.model.tables import F_PERCEPTION, F_PRIVATE, G
from brink.vocabulary import C_TALKS, STREAM_PERCEIVE, STREAMS_PER_TURN

WIDTH = 4  # uniforms per ordered pair: slip, delay, alarm, visibility


@njit(cache=True, error_model="numpy", inline="always")
def _clarity(T, x, i, j):  # type: ignore[no-untyped-def]
    column = T.channel[i, j]
    return x[column] if column >= 0 else 0.0


@njit(cache=True, error_model="numpy", inline="always")
def perceive(T, s, x, act, previous, key, turn):  # type: ignore[no-untyped-def]
    """Each seat's reading of every other seat's move this turn."""
    stream = turn * STREAMS_PER_TURN + STREAM_PERCEIVE
    misperception = v.gv(T, x, G.MISPERCEPTION)
    bias = v.gv(T, x, G.ESCALATION_BIAS)
    delay = v.gv(T, x, G.DELAY)
    alarm = v.gv(T, x, G.FALSE_ALARM)
    pair = 0
    for i in range(T.k):
        if not T.is_seat[i]:
            continue
        for j in range(T.k):
            if j == i or not T.is_seat[j]:
                continue
            truth = act[j]
            seen = truth
            if T.flags[F_PERCEPTION]:
                base = pair * WIDTH  # uniforms base..base+3: slip, delay, alarm, visibility
                u, u_delay = uniform_pair(key, stream, base)
                u_alarm, u_visible = uniform_pair(key, stream, base + 2)
                kept = 1.0 - _clarity(T, x, i, j)
                late = turn > 1 and previous[j] >= 0
                if late and u_delay < delay * kept:
                    seen = previous[j]
                if u_visible >= T.visibility[seen]:
                    seen = T.quiet[j]
                m = misperception * kept
                if u < m and not is_force(T.category[seen]):
                    seen = T.read_up[j, seen] if u < m * bias else T.read_down[j, seen]
                strike = T.strike_of[j]
                alarmed = u_alarm < m * alarm * T.alarm[truth]
                if strike >= 0 and not is_force(T.category[truth]) and alarmed:
                    seen = strike
                if T.category[truth] == C_TALKS and kept < 1.0 and T.channel[i, j] >= 0:
                    seen = truth
            s.perceived[i, j] = seen
            s.misread[i, j] = seen != truth
            pair += 1


@njit(cache=True, error_model="numpy", inline="always")
def update_beliefs(T, s, x, probs, informative):  # type: ignore[no-untyped-def]
    """Bayes' rule on what each seat saw each typed seat do.

    ``probs[j, flag, a]`` is P(j's own action a | irresolute (0), resolute (1)) at j's decision
    this turn; ``informative[j]`` is False when j's move did not depend on its type. The
    observer allows for noise: what it saw was the true action with probability 1 − ε and any
    of j's actions with probability ε (ε = its misreading plus delay rate).
    """
    if not T.flags[F_PRIVATE]:
        return
    noise = 0.0
    if T.flags[F_PERCEPTION]:
        noise = v.gv(T, x, G.MISPERCEPTION) + v.gv(T, x, G.DELAY)
    for j in range(T.k):
        if not (T.typed[j] and informative[j]):
            continue
        count = T.own_count[j]
        for i in range(T.k):
            if i == j or not T.is_seat[i]:
                continue
            seen = s.perceived[i, j]
            if seen < 0:
                continue
            row = T.local[seen, j]
            if row < 0:
                continue
            eps = noise * (1.0 - _clarity(T, x, i, j))
            low = (1.0 - eps) * probs[j, 0, row] + eps / count
            high = (1.0 - eps) * probs[j, 1, row] + eps / count
            prior = s.belief[i, j]
            total = prior * high + (1.0 - prior) * low
            if total > 0.0:
                s.belief[i, j] = prior * high / total
