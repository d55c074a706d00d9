"""The scenario a run was made with (``scenario.json``): the compiled scenario as JSON, so a
run can be resumed, replayed and extended without the file it was loaded from."""

from __future__ import annotations

from pathlib import Path

from brink.errors import BrinkInputError
from brink.scenario.schema import Scenario

FILE = "scenario.json"


def write_scenario(run_path: Path, scenario_json: str) -> None:
    (run_path / FILE).write_text(scenario_json)


def read_scenario(run_path: Path) -> Scenario:
    """The run's scenario, validated (one-line error when unreadable)."""
    path = run_path / FILE
    try:
        return Scenario.model_validate_json(path.read_text())
    except (OSError, ValueError) as error:
        lines = str(error).strip().splitlines()
        why = lines[0] if lines else type(error).__name__
        raise BrinkInputError(f"{path}: cannot read the run's scenario ({why})") from None
