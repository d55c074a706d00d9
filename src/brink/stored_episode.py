"""Tell an episode of a stored run: `brink narrate RUN --draw D --replication R`.

An episode of a run is fixed by the run's scenario (stored as JSON), seed, opponent and the
inputs of its draw (stored in the design); its luck by (draw, replication). Replaying it with
those gives the stored row exactly — which is checked, column by column, so a story that does
not match what the run stored is never told as if it did.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from brink.errors import BrinkInputError, BrinkParameterError
from brink.store.runs import RunFolder

#: Columns that identify the episode rather than describe it.
_IDENTITY = ("run", "policy")


def _check_index(parameter: str, value: int, size: int, what: str, run: RunFolder) -> None:
    if not 0 <= value < size:
        raise BrinkParameterError(
            parameter, f"expected 0 to {size - 1} (run {run.name} has {size} {what}; got {value})"
        )


def _same(told: Any, stored: Any) -> bool:
    if isinstance(told, float | np.floating) or isinstance(stored, float | np.floating):
        a, b = float(told), float(stored)
        return (math.isnan(a) and math.isnan(b)) or math.isclose(a, b, rel_tol=1e-9, abs_tol=0)
    if isinstance(told, bool | np.bool_) or isinstance(stored, bool | np.bool_):
        return bool(told) == bool(stored)
    return str(told) == str(stored)


def mismatches(told: dict[str, Any], stored: dict[str, Any]) -> list[str]:
    """Columns where the replayed row differs from the stored one."""
    row = {k.removeprefix("input:"): v for k, v in told.items()}
    return [
        key
        for key, value in stored.items()
        if key not in _IDENTITY and key in row and not _same(row[key], value)
    ]


def stored_rows(run: RunFolder, policy: str, draw: int, replication: int) -> dict[str, Any]:
    """The stored episode row and its draw's inputs (from the sandboxed views)."""
    from brink.store.query import connect

    con = connect(run)
    try:
        frame = con.execute(
            "SELECT * FROM episodes WHERE policy = ? AND draw = ? AND replication = ?",
            [policy, draw, replication],
        ).df()
    finally:
        con.close()
    if frame.empty:
        raise BrinkInputError(
            f"{run.name}: policy {policy}, draw {draw}, replication {replication} is not stored "
            f"yet (the run is incomplete: `brink resume {run.name}`)"
        )
    from brink.store.design import read_design

    inputs = read_design(run.path).row(draw)
    return {"row": frame.iloc[0].to_dict(), "inputs": inputs}


def narrate_stored(
    run: RunFolder, policy: str | None, draw: int, replication: int
) -> dict[str, Any]:
    """Replay (policy, draw, replication) of ``run`` and tell it; the story says whether the
    replay matches the stored row (``matches``, and ``differs`` naming any columns)."""
    from brink.report.narratives import ending_text, replay
    from brink.store.scenario_json import read_scenario

    manifest = run.manifest
    options = manifest["options"]
    policies = list(options["policies"])
    chosen = policy or policies[0]
    if chosen not in policies:
        raise BrinkParameterError(
            "policy", f"{chosen!r} is not in run {run.name} (policies: {', '.join(policies)})"
        )
    _check_index("draw", draw, int(manifest.get("draws", 0)), "draws", run)
    _check_index("replication", replication, int(options["replications"]), "replications", run)
    scenario = read_scenario(run.path)
    stored = stored_rows(run, chosen, draw, replication)
    told = replay(
        scenario,
        chosen,
        options.get("opponent"),
        int(manifest["seed"]),
        draw,
        replication,
        stored["inputs"],
        bool(options.get("shared_streams", False)),
    )
    differs = mismatches(told["row"], stored["row"])
    row = told["row"]
    return {
        "run": run.name,
        "scenario": scenario.id,
        "policy": chosen,
        "opponent": told["opponent"],
        "opponent_type": str(row["opponent_type"]),
        "seed": int(manifest["seed"]),
        "draw": draw,
        "replication": replication,
        "turn_days": scenario.turn_days,
        "turns": [{k: t[k] for k in ("turn", "date", "events")} for t in told["turns"]],
        "outcome": ending_text(row, scenario),
        "resolute": {
            scenario.challenger: bool(row["resolute_challenger"]),
            scenario.defender: bool(row["resolute_defender"]),
        },
        "matches": not differs,
        "differs": differs,
    }
