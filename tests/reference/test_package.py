"""The reference is a package of its own: importable by tests and benchmarks without path
hacks, and independent of the compiled kernels it is checked against."""

from __future__ import annotations

import subprocess
import sys


def test_reference_imports_no_kernel() -> None:
    code = (
        "import sys, brink.reference\n"
        "kernels = ('brink.engine.kernel', 'brink.deciders.strategic', 'brink.model.values',"
        " 'brink.model.tables', 'brink.engine.batch')\n"
        "print([m for m in kernels if m in sys.modules])"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


def test_one_episode_by_hand() -> None:
    """An Episode can be built and stepped on its own (what narratives of the reference use)."""
    from brink.reference import episodes
    from brink.scenario.loader import load_scenario

    scenario = load_scenario("korea-2017")
    mixtures = {"US": {"maximum-pressure": 1.0}, "DPRK": {"kim-calculating": 1.0}}
    mixtures |= {a: scenario.default_mixture(a) for a in ("China", "ROK", "Japan")}
    _, (episode,), _ = episodes(scenario, mixtures, 0, [3], [0])
    episode.play_turn()
    us = episode.actors[0]
    assert episode.turn == 1 and us.action == episode.setting.compiled.table.index("sanctions")
    assert 0.0 <= us.belief[1] <= 1.0 and len(us.perceived) == 4
