"""Brink: model, simulate and analyse international crises.

The public API, imported lazily so that ``import brink`` stays light::

    import brink
    result = brink.run("korea-2017", ["maximum-pressure", "freeze-for-freeze"], episodes=20_000)
    result.outcome_table()        # pandas DataFrame: policy, outcome, p, lo, hi
    result.episodes_frame()       # one row per episode
    brink.narrate("korea-2017", "maximum-pressure", seed=7, episode=3)
    brink.load_scenario("korea-2017", ["channels.us-dprk.enabled=true"])

    run = brink.compare("korea-2017", samples=64, replications=50, name="demo")  # a run folder
    brink.table(run).to_frame()                     # PolicyTable: outcomes with intervals
    brink.sensitivity(run, "morris").to_frame()     # SensitivityResult
    brink.discover(run, "war").to_json()            # DiscoveryResult
    brink.report(run, "demo.html")           # the report, one offline HTML file

(``brink.api``; a worked example: examples/python_api.py.)
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

from brink import kernel_cache

__version__ = "0.1.0"

# Before any compiled kernel is defined: numba's cache must follow every file they inline.
kernel_cache.configure()

_EXPORTS = {
    "load_scenario": "brink.scenario.loader",
    "builtin_names": "brink.scenario.loader",
    "run": "brink.api",
    "RunResult": "brink.api",
    "narrate": "brink.narrate",
    "compare": "brink.api",
    "resume": "brink.api",
    "table": "brink.api",
    "sensitivity": "brink.api",
    "discover": "brink.api",
    "write_report": "brink.api",
    "open_run": "brink.api",
    "BrinkInputError": "brink.errors",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    if name == "report":  # the report package, callable: brink.report(run, "report.html")
        return import_module("brink.report")
    if name in _EXPORTS:
        return getattr(import_module(_EXPORTS[name]), name)
    raise AttributeError(f"module 'brink' has no attribute {name!r}")
