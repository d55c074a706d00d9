"""The case library: every case validates, every input is sourced or judged, no case sets a
parameter the others have no reason for, and the model never reads `outcome:`."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import yaml

from brink.backtest.cases import load_case
from brink.backtest.forecast import simulate
from brink.cli import run_cli
from brink.model.inputs import param_table
from brink.scenario.loader import global_defaults, load
from cases.conftest import CASES, raw

#: Issue 9's crises (India-Pakistan 2002, ICB 436, is the optional 19th).
REQUIRED = {
    "july-1914",
    "munich-1938",
    "berlin-1961",
    "cuba-1962",
    "six-day-1967",
    "ussuri-1969",
    "october-1973",
    "falklands-1982",
    "gulf-1990",
    "taiwan-1995",
    "kosovo-1999",
    "india-pakistan-2001",
    "russia-georgia-2008",
    "yeonpyeong-2010",
    "korea-2017",
    "pulwama-2019",
    "galwan-2020",
    "russia-ukraine-2022",
}

#: Global parameters (globals.yaml) a case may set, with the reason. None does: every global
#: comes from globals.yaml or a calibration file, the same for every case.
ALLOWED_GLOBALS: dict[str, str] = {}

#: Settings used by one case only, with the reason it has them and the others do not. Anything
#: else one case sets and no other does fails the test (no per-case knob turned to an outcome).
SINGLE_CASE_SETTINGS: dict[str, str] = {
    "actor.pressure_sensitivity": "korea-2017 (the built-in): China's cost of trading with a "
    "sanctioned North Korea, the third-party enforcement mechanism of the seed analysis",
    "actor.switch_cost": "korea-2017 (the built-in): China holds a sanctions policy at a cost",
    "actor.loose_nukes_probability": "korea-2017 (the built-in): the seed's loose-nukes scenario",
    "negotiation.stages=3": "korea-2017 (the built-in): freeze, ties, peace — the seed's staged "
    "deal; every other case uses the library's two stages",
    "negotiation.lift_stage": "korea-2017 (the built-in) writes the default (2) explicitly",
    "actor.enforcement": "none yet",
}

#: Actor fields compared across the library (besides those every actor must have).
ACTOR_FIELDS = (
    "resolve_prior",
    "stakes",
    "strength",
    "nuclear_use_probability",
    "disarm_probability",
    "loose_nukes_probability",
    "audience_cost",
    "approval_start",
    "capability_start",
    "capability_value",
    "capability_threat",
    "trade",
    "strain_cost",
    "collapse_hazard",
    "pressure_sensitivity",
    "switch_cost",
    "exposure",
    "requires_consultation",
    "cohesion_loss",
    "enforcement",
)


def _ids(files: list[Path]) -> dict[str, Path]:
    return {raw(p)["id"]: p for p in files}


def test_the_library_has_every_crisis_of_issue_9(files: list[Path]) -> None:
    ids = set(_ids(files))
    assert len(files) >= 18
    assert ids >= REQUIRED, sorted(REQUIRED - ids)
    for path in files:
        assert raw(path)["id"] == path.stem, path


@pytest.mark.parametrize("name", sorted(p.stem for p in CASES.glob("*.yaml")))
def test_every_case_validates(name: str, capsys: pytest.CaptureFixture[str]) -> None:
    path = CASES / f"{name}.yaml"
    assert run_cli(["validate", str(path)]) == 0
    assert capsys.readouterr().out.startswith("ok: ")
    case = load_case(path, calibration=None)
    assert case.observed is not None
    scen = case.loaded.scenario
    assert scen.turn_days == 7 and scen.horizon_turns == 52, "library rule: weekly, one year"


def _own_inputs(path: Path) -> dict[str, Any]:
    """The numeric inputs the case file writes itself (globals filled in are left out)."""
    data = raw(path)
    scen = load(str(path), calibration="none").scenario
    table = param_table(scen)
    filled = {f"{b}.{n}" for b, fields in global_defaults().items() for n in fields}
    written = {f"{b}.{n}" for b in global_defaults() for n in (data.get(b) or {})}
    return {p: v for p, v in table.items() if p not in filled or p in written}


def test_every_input_is_sourced_or_judged_and_counts_are_reported(files: list[Path]) -> None:
    rows = []
    for path in files:
        params = _own_inputs(path)
        sourced = sum(1 for p in params.values() if p.source)
        judged = sum(1 for p in params.values() if p.judgement and not p.source)
        assert sourced + judged == len(params), path  # the loader enforces it; count it here
        for name, p in params.items():
            if p.judgement and not p.source and p.note is None:
                # A judgement without a note is allowed only for symmetric defaults that the
                # actor's other entries explain (traits, payoff rows); never for a global.
                assert not name.startswith(("perception.", "accidents.", "decision.")), name
        rows.append((path.stem, len(params), sourced, judged))
    print("\ncase                    inputs sourced judgement")
    for row in rows:
        print(f"{row[0]:22s} {row[1]:7d} {row[2]:7d} {row[3]:9d}")
    assert all(r[1] > 20 for r in rows)


def test_no_case_sets_a_global_parameter_without_a_reason(files: list[Path]) -> None:
    for path in files:
        data = raw(path)
        for block, fields in global_defaults().items():
            for name in data.get(block) or {}:
                if name not in fields:
                    continue
                key = f"{block}.{name}"
                assert key in ALLOWED_GLOBALS, f"{path.stem} sets the global {key}"
                assert (data[block][name] or {}).get("note"), f"{path.stem}: {key} needs a note"


def _settings(path: Path) -> set[str]:
    """What a case uses beyond what every case must write: actor fields, non-default blocks."""
    data = raw(path)
    used = set()
    for actor in data["actors"].values():
        for field in ACTOR_FIELDS:
            if field in actor:
                used.add(f"actor.{field}")
    negotiation = data.get("negotiation") or {}
    if "stages" in negotiation:
        used.add(f"negotiation.stages={len(negotiation['stages'])}")
    if "lift_stage" in negotiation:
        used.add("negotiation.lift_stage")
    for block in (
        "perception",
        "beliefs",
        "accidents",
        "knot",
        "sanctions",
        "capability",
        "alliance",
        "approval",
        "negotiation",
    ):
        if (data.get(block) or {}).get("enabled") is False:
            used.add(f"{block}.enabled=false")
    if (data.get("beliefs") or {}).get("private_resolve") is False:
        used.add("beliefs.private_resolve=false")
    return used


def test_no_case_sets_a_parameter_no_other_case_has_a_reason_for(files: list[Path]) -> None:
    usage: dict[str, list[str]] = {}
    for path in files:
        for setting in _settings(path):
            usage.setdefault(setting, []).append(path.stem)
    print("\nsettings used by the library (setting: cases)")
    for setting, cases in sorted(usage.items()):
        print(f"  {setting}: {len(cases)}")
    lonely = {s: c for s, c in usage.items() if len(c) == 1 and s not in SINGLE_CASE_SETTINGS}
    assert not lonely, f"settings used by one case only, without a reason: {lonely}"


def _variants(path: Path, folder: Path) -> list[Path]:
    """The case as it is, with its outcome changed, and with its outcome deleted."""
    text = path.read_text(encoding="utf-8")
    data = raw(path)
    changed = dict(data)
    changed["outcome"] = {
        **data["outcome"],
        "viol": 1 if data["outcome"]["viol"] != 1 else 4,
        "source": "changed",
    }
    if changed["outcome"]["viol"] <= 2:
        changed["outcome"].update(forout=4, subout=1)
    deleted = {k: v for k, v in data.items() if k != "outcome"}
    out = []
    for name, content in (
        ("same", text),
        ("changed", yaml.safe_dump(changed, sort_keys=False)),
        ("deleted", yaml.safe_dump(deleted, sort_keys=False)),
    ):
        target = folder / name / path.name
        target.parent.mkdir(exist_ok=True)
        target.write_text(content, encoding="utf-8")
        out.append(target)
    return out


def test_changing_or_deleting_the_outcome_leaves_every_forecast_identical(
    files: list[Path], tmp_path: Path
) -> None:
    for path in files:
        blobs = []
        for variant in _variants(path, tmp_path):
            scen = load(str(variant), calibration="none").scenario
            sim = simulate(scen, 200, seed=3)
            blob = json.dumps(sim.forecast(), sort_keys=True).encode() + sim.codes.tobytes()
            blob += sim.days.tobytes()
            blobs.append(blob)
        assert blobs[0] == blobs[1] == blobs[2], path.stem


def test_the_korea_case_is_the_built_in(files: list[Path]) -> None:
    case = raw(CASES / "korea-2017.yaml")
    builtin = yaml.safe_load(
        (Path(load.__code__.co_filename).parent / "library" / "korea-2017.yaml").read_text()
    )
    case.pop("outcome")
    assert case == builtin


def test_the_model_sees_no_outcome_key() -> None:
    loaded = load(str(CASES / "cuba-1962.yaml"), calibration="none")
    assert "outcome" not in loaded.scenario.model_dump()
    assert np.isfinite(simulate(loaded.scenario, 50, 0).days).all()
