"""The case library: case files found, loaded as scenarios (outcome stripped) and outcomes read.

A case file is a scenario file with one top-level ``outcome:`` block. The scenario is loaded
through the ordinary loader, which drops the block (``scenario.case_file.without_outcome``) before
anything else reads the file; the block is read apart (``case_outcome.load_case_outcome``), so
the model cannot see it.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from brink.backtest.case_outcome import CaseOutcome, load_case_outcome, observed_category
from brink.errors import BrinkInputError, BrinkParameterError
from brink.scenario.loader import LoadedScenario, load

CASES_PACKAGE = "brink.scenario.cases"


@dataclass(frozen=True)
class Case:
    """One case: its scenario (outcome-free), its coded outcome (None when under way)."""

    path: str
    loaded: LoadedScenario
    outcome: CaseOutcome | None
    observed: str | None

    @property
    def id(self) -> str:
        return self.loaded.scenario.id


def library_folder() -> Path:
    """The folder of the case library shipped with Brink."""
    return Path(str(resources.files(CASES_PACKAGE)))


def case_files(folders: list[str] | None = None) -> list[Path]:
    """Every ``*.yaml`` file of the folders (the shipped library when none), sorted by name."""
    found: list[Path] = []
    for folder in folders or [str(library_folder())]:
        path = Path(folder)
        if not path.is_dir():
            raise BrinkParameterError("cases", f"{folder} is not a folder of case files")
        files = sorted(p for p in path.iterdir() if p.suffix in (".yaml", ".yml") and p.is_file())
        if not files:
            raise BrinkParameterError("cases", f"{folder} holds no case files (*.yaml)")
        found.extend(files)
    return found


def load_case(
    path: str | Path,
    calibration: str | None = None,
    require_outcome: bool = True,
    overrides: tuple[str, ...] = (),
) -> Case:
    """Load one case file: its scenario under ``calibration`` (with ``--set`` overrides) and
    its outcome block."""
    loaded = load(str(path), overrides, calibration=calibration)
    outcome = load_case_outcome(path)
    scen = loaded.scenario
    if outcome is None:
        if require_outcome:
            raise BrinkInputError(
                f"{path}: no `outcome:` block, so the case cannot be scored "
                "(add one, or forecast it with --forecast-only)"
            )
        return Case(str(path), loaded, None, None)
    unknown = [a for a in outcome.actors if a not in scen.actors]
    if unknown:
        raise BrinkInputError(
            f"{path}: outcome.actors: {unknown[0]!r} is not an actor of the case "
            f"(actors: {', '.join(scen.actors)})"
        )
    observed = observed_category(outcome, scen.challenger, scen.defender, str(path))
    return Case(str(path), loaded, outcome, observed)


def load_cases(
    folders: list[str] | None = None,
    calibration: str | None = None,
    require_outcome: bool = True,
    overrides: tuple[str, ...] = (),
) -> list[Case]:
    """Every case of the folders; case ids must be unique (they key the results)."""
    cases = [load_case(p, calibration, require_outcome, overrides) for p in case_files(folders)]
    seen: dict[str, str] = {}
    for case in cases:
        if case.id in seen:
            raise BrinkInputError(
                f"{case.path}: case id {case.id!r} is also the id of {seen[case.id]}"
            )
        seen[case.id] = case.path
    return cases
