"""An object-per-actor reference implementation of Model v2, in plain Python.

The engine (``brink.engine``) runs Model v2 as compiled kernels over numpy records, written
for speed. This package runs the same model the way one would first write it: an ``Episode``
holds one ``Actor`` per actor — its leader and private type, its state, beliefs and
perceptions — and steps turn by turn with methods named after the model's rules
(``Actor.utilities``, ``Actor.decide``, ``Episode.resolve_force``, ``Episode.perceive``, ...).
It shares nothing with the kernels but the scenario loader, the compiled action table, input
sampling and the random streams' arithmetic, so an episode meets the same inputs and the same
luck in both: the two can be compared row for row (``tests/reference``), and the engine's
speed measured against it (``benchmarks/engine.py``).

    from brink.reference import run_episodes
    columns = run_episodes(scenario, matchup, seed=0, draws=range(100), replications=[0] * 100)
"""

from __future__ import annotations

from brink.reference.actor import Actor
from brink.reference.episode import Episode
from brink.reference.run import episodes, run_episodes

__all__ = ["Actor", "Episode", "episodes", "run_episodes"]
