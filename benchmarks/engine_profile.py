"""Where a turn's time goes: nanoseconds per episode-turn of each phase of the engine.

Run ``python benchmarks/engine_profile.py`` (``--episodes N``, ``--runs R``, ``--quick``).
The compiled kernel inlines everything it calls, so no sampling profiler can split it. This
script times each piece by repetition instead: it plays the same batch as
``benchmarks/engine.py`` (korea-2017, the default matchup, every actor deciding) with the
compiled loop of ``brink.engine.kernel.play_episodes``, and before each turn it runs one piece
``R`` extra times on a scratch copy of the episode's record, so the episodes themselves play
exactly as without the probe (the script checks: same episode-turns). The piece's cost is the
extra time over ``R`` and over the episode-turns played, less the cost of the copy itself.

Phases: ``decide`` (every seat's choice, doctrine rules, accidents), ``act`` (what the moves do)
and ``observe`` (perception, beliefs, counters) sum to a turn; inside ``decide``: ``context``
(the episode's values of the turn), ``masks`` (open actions of every seat), ``utilities`` (every
seat's action values, one view) and ``choice`` (logit probabilities of every seat's types). Each
figure comes from ``--runs`` pairs of runs, a plain one and a probed one back to back (CPU time
of this process), so that a drift in the machine's speed cancels; it is printed as the median
with the range over the pairs, and a range that includes zero is said to be "not told from
zero". Other processes on the machine still widen the ranges (the load average is printed).
"""

from __future__ import annotations

import argparse
import os
import statistics
import time

import numpy as np
from numba import njit

from brink.deciders.strategic import choice_probabilities, seat_utilities
from brink.engine import kernel
from brink.engine.batch import resolve_matchup, start_crisis
from brink.model import values
from brink.model.tables import G
from brink.scenario.loader import load_scenario

SCENARIO, POLICY, SEED = "korea-2017", "maximum-pressure", 0
#: Extra repetitions of the probed piece per turn.
REPEAT = 3
PIECES = ("copy", "decide", "act", "observe", "context", "masks", "utilities", "choice")
NONE = -1


@njit(cache=True, error_model="numpy")
def _piece(T, s, x, w, key, turn, which):  # type: ignore[no-untyped-def]
    """Run piece ``which`` (an index into PIECES, after "copy") once on record ``s``."""
    if which == 1:
        kernel.decide(T, s, x, w, key, turn)
    elif which == 2:
        kernel.act(T, s, x, w, key, turn)
    elif which == 3:
        kernel.observe(T, s, x, w, key, turn)
    elif which == 4:
        values.fill_context(T, s, x, w)
    else:
        tau = max(values.gv(T, x, G.TEMPERATURE), 1e-12)
        for k in range(T.k):
            if not T.is_seat[k]:
                continue
            kernel.available_mask(T, s, turn, k, w.seat_available[k])
            kernel.doctrine_mask(T, s, k, False, w.seat_available[k], w.open)
            if which >= 6:
                seat_utilities(T, s, x, w, k, False)
            if which == 7:
                for flag in range(2):
                    if T.typed[k] or flag == (1 if s.resolute[k] else 0):
                        choice_probabilities(w, k, T.own_count[k], tau, flag, w.truth_probs)


@njit(cache=True, error_model="numpy")
def _play(tab, X, S, work, keys, first, last, which, repeat, scratch):  # type: ignore[no-untyped-def]
    """``kernel.play_episodes`` with a probe: piece ``which`` run ``repeat`` extra times per
    turn on a copy of the record (decide's pieces before the turn's decide, act after it,
    observe after act), so that the episode plays as it would without the probe."""
    T = tab[0]
    w = work[0]
    for e in range(S.shape[0]):
        s = S[e]
        x = X[e].v
        key = keys[e]
        for turn in range(first, last + 1):
            if not s.active:
                break
            if which == 0 or which == 1 or which >= 4:
                for _ in range(repeat):
                    scratch[0] = s
                    if which != 0:
                        _piece(T, scratch[0], x, w, key, turn, which)
            kernel.decide(T, s, x, w, key, turn)
            if which == 2:
                for _ in range(repeat):
                    scratch[0] = s
                    _piece(T, scratch[0], x, w, key, turn, which)
            done = kernel.act(T, s, x, w, key, turn)
            if which == 3:
                for _ in range(repeat):
                    scratch[0] = s
                    _piece(T, scratch[0], x, w, key, turn, which)
            kernel.observe(T, s, x, w, key, turn)
            if done:
                s.active = False


def timed(scenario, teams, episodes: int, which: int, repeat: int) -> tuple[float, int]:  # type: ignore[no-untyped-def]
    """CPU seconds of one probed batch and the episode-turns it played."""
    draws = np.arange(episodes, dtype=np.int64)
    crisis = start_crisis(scenario, teams, SEED, draws, np.zeros_like(draws))
    crisis.state.forced[:] = -1
    crisis.state.override[:] = -1
    records = crisis.state.records
    scratch = np.zeros(1, dtype=records.dtype)
    began = time.process_time()
    _play(
        crisis.tables,
        crisis.matrix.x,
        records,
        crisis.work,
        crisis.keys,
        1,
        scenario.horizon_turns,
        which,
        repeat,
        scratch,
    )
    return time.process_time() - began, int(records["turns"].sum())


def paired(  # type: ignore[no-untyped-def]
    scenario, teams, episodes: int, which: int, runs: int, turns: int, plains: list[float]
) -> list[float]:
    """Nanoseconds per episode-turn of one repetition of piece ``which``, one figure per pair
    of runs: a plain run, then the probed one straight after it, so that a drift in the
    machine's speed (other processes, frequency) shifts both and cancels in the difference.
    Each plain run's seconds are added to ``plains`` (the whole turn's figure)."""
    figures = []
    for _ in range(runs):
        plain, _ = timed(scenario, teams, episodes, NONE, 0)
        probed, played = timed(scenario, teams, episodes, which, REPEAT)
        if played != turns:
            raise SystemExit(f"probe {PIECES[which]} changed the episodes: the profile is void")
        plains.append(plain)
        figures.append((probed - plain) / REPEAT / turns * 1e9)
    return figures


def spread(figures: list[float]) -> str:
    """The median with the range of the pairs, and whether that range includes zero."""
    low, high = min(figures), max(figures)
    text = (
        f"{statistics.median(figures):7,.0f} ns per episode-turn (range {low:,.0f} to {high:,.0f})"
    )
    if len(figures) > 1 and low <= 0.0 <= high:
        text += ", not told from zero"
    return text


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--episodes", type=int, default=5_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--quick", action="store_true", help="tiny sizes for a smoke run")
    args = parser.parse_args(argv)
    episodes, runs = (200, 1) if args.quick else (args.episodes, args.runs)
    scenario = load_scenario(SCENARIO)
    teams = resolve_matchup(scenario, POLICY)
    for which in range(len(PIECES)):  # compile (or load) every probe
        timed(scenario, teams, 20, which, 1)
    _, turns = timed(scenario, teams, episodes, NONE, 0)
    plains: list[float] = []
    cost = {
        name: paired(scenario, teams, episodes, which, runs, turns, plains)
        for which, name in enumerate(PIECES)
    }
    one, five, _ = os.getloadavg()
    print(f"Where a turn's time goes: {SCENARIO}, US {POLICY}, default matchup, seed {SEED}")
    print(
        f"  {episodes:,} episodes, {turns:,} episode-turns, {runs} pair(s) of runs each "
        f"(plain, then probed), CPU time; medians, with the range over the pairs; "
        f"load average {one:.2f} / {five:.2f} on {os.cpu_count()} cores"
    )
    print(f"  a whole turn: {spread([seconds / turns * 1e9 for seconds in plains])}")
    # Each probe of decide's pieces runs the ones before it too (utilities need the masks):
    # a piece's own cost is its probe's less the one before it, pair by pair.
    below = {"masks": "copy", "utilities": "masks", "choice": "utilities"}
    for name in PIECES[1:]:
        under = cost[below.get(name, "copy")]
        net = [mine - theirs for mine, theirs in zip(cost[name], under, strict=True)]
        inside = "   (in decide)" if name in ("context", "masks", "utilities", "choice") else ""
        print(f"  {name:>10}: {spread(net)}{inside}")
    print(f"  (a record copy, subtracted: {spread(cost['copy'])})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
