"""The scenario commands as a user meets them: output, JSON contract, one-line errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

KOREA = Path(__file__).resolve().parents[1] / "src/brink/scenario/library/korea-2017.yaml"


def _one_line_error(proc) -> str:  # type: ignore[no-untyped-def]
    assert proc.returncode == 2, proc.stderr
    assert "Traceback" not in proc.stderr + proc.stdout
    lines = [line for line in proc.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, proc.stderr
    return lines[0]


def test_list_shows_every_seats_policies_and_default_mixture(cli) -> None:  # type: ignore[no-untyped-def]
    proc = cli("list")
    assert proc.returncode == 0
    assert "korea-2017" in proc.stdout and "maximum-pressure" in proc.stdout
    assert "policies for China: china-balancing (default: china-balancing)" in proc.stdout
    assert "(default: kim-calculating:0.7,kim-defiant:0.3)" in proc.stdout
    assert "(default: khrushchev-calculating:0.75,khrushchev-defiant:0.25)" in proc.stdout
    rows = {r["scenario"]: r for r in json.loads(cli("list", "--json").stdout)}
    korea = rows["korea-2017"]
    assert set(korea["policies"]) == {"US", "DPRK", "China", "ROK", "Japan"}
    assert korea["defaults"]["DPRK"] == "kim-calculating:0.7,kim-defiant:0.3"
    assert korea["default_policy"] == "maximum-pressure"


def test_validate_ok_and_schema(cli) -> None:  # type: ignore[no-untyped-def]
    proc = cli("validate", str(KOREA))
    assert proc.returncode == 0 and proc.stdout.startswith("ok:")
    assert "5 actors (5 deciding; sides US (US, ROK, Japan) vs DPRK (DPRK); neutral China)" in (
        proc.stdout
    )
    schema = json.loads(cli("schema").stdout)
    assert schema["title"] == "Scenario"


def test_run_json_contract_and_worker_independence(cli) -> None:  # type: ignore[no-untyped-def]
    args = [
        "run",
        "korea-2017",
        "--policy",
        "maximum-pressure",
        "--policy",
        "freeze-for-freeze",
        "--episodes",
        "3000",
        "--seed",
        "7",
        "--json",
    ]
    one = cli(*args, "--workers", "1")
    two = cli(*args, "--workers", "2")
    assert one.returncode == 0, one.stderr
    assert one.stdout == two.stdout  # byte-identical whatever --workers is
    data = json.loads(one.stdout)
    assert data["scenario"] == "korea-2017" and data["seed"] == 7 and data["episodes"] == 3000
    assert [r["policy"] for r in data["results"]] == ["maximum-pressure", "freeze-for-freeze"]
    for block in data["results"]:
        assert set(block["outcomes"]) == {
            "war",
            "settlement",
            "capitulation",
            "collapse",
            "unresolved",
        }
        for estimate in block["outcomes"].values():
            assert set(estimate) >= {"p", "lo", "hi"}
        assert set(block["war_causes"]) == {"intent", "misperception", "accident"}
        assert set(block["casualties"]) >= {"mean", "p50", "p95"}
        assert block["turns"] > 0


def test_run_with_overrides_changes_answers(cli) -> None:  # type: ignore[no-untyped-def]
    base = ["run", "--episodes", "2000", "--seed", "1", "--json"]
    plain = json.loads(cli(*base).stdout)["results"][0]
    forced = json.loads(cli(*base, "--set", "actors.China.enforcement=always").stdout)["results"][0]
    assert (
        forced["yardsticks"]["third_party_enforced"]["p"]
        > plain["yardsticks"]["third_party_enforced"]["p"] - 1e-9
    )
    assert forced["outcomes"]["collapse"]["p"] > plain["outcomes"]["collapse"]["p"]


def test_human_output_says_what_it_is_conditional_on(cli) -> None:  # type: ignore[no-untyped-def]
    proc = cli("run", "--episodes", "1000", "--seed", "2")
    assert proc.returncode == 0, proc.stderr
    assert "Conditional on" in proc.stdout and "seed 2" in proc.stdout
    assert "war by misperception" in proc.stdout


def test_every_figure_of_the_run_table_carries_its_interval(cli) -> None:  # type: ignore[no-untyped-def]
    """No figure without its uncertainty: each row of both tables shows an interval (a
    parenthesis), except a median of episodes that ended when none did."""
    proc = cli("run", "--episodes", "1000", "--seed", "2")
    assert proc.returncode == 0, proc.stderr
    rows = [line for line in proc.stdout.splitlines() if line.startswith("│")]
    assert len(rows) >= 25, proc.stdout
    for row in rows:
        cells = [cell.strip() for cell in row.strip("│").split("│")]
        assert all("(" in cell for cell in cells[1:]), row


def test_narrate_prints_a_timeline(cli) -> None:  # type: ignore[no-untyped-def]
    proc = cli(
        "narrate", "korea-2017", "--policy", "maximum-pressure", "--seed", "7", "--episode", "3"
    )
    assert proc.returncode == 0, proc.stderr
    assert "week 1 (2017-04-24)" in proc.stdout
    week_1 = proc.stdout.split("week 2")[0]
    for name in ("United States", "North Korea", "China", "South Korea", "Japan"):
        assert f"  - {name} " in week_1, name  # every seat's move is told
    assert "beliefs: United States thinks North Korea resolute with p=" in week_1
    assert "Outcome:" in proc.stdout and "(this episode: kim-" in proc.stdout


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["run", "atlantis"], "atlantis"),
        (["run", "--policy", "carpet-bombing", "--episodes", "10"], "carpet-bombing"),
        (["run", "--policy", "kim-defiant", "--episodes", "10"], "is for DPRK"),
        (["run", "--set", "actors.US.nerve=1", "--episodes", "10"], "actors.US.nerve"),
        (["run", "--episodes", "0"], "--episodes"),
        (["narrate", "--episode", "-1"], "--episode"),
        (["validate", "no-such-file.yaml"], "no-such-file.yaml"),
        (["run", "--seed", "-1", "--episodes", "10"], "--seed"),
        (["narrate", "--seed", "-2"], "--seed"),
        (["duel", "tft", "tft", "--seed", "-1"], "--seed"),
    ],
)
def test_bad_input_is_one_line_exit_2(cli, args, needle) -> None:  # type: ignore[no-untyped-def]
    assert needle in _one_line_error(cli(*args))


def test_bad_file_error_names_file_line_field(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    bad = tmp_path / "bad.yaml"
    bad.write_text(KOREA.read_text().replace("horizon_turns: 52", "horizon_turns: -3"))
    line = _one_line_error(cli("validate", str(bad)))
    number = KOREA.read_text().splitlines().index("horizon_turns: 52") + 1
    assert f"{bad}:{number}: horizon_turns:" in line


def test_help_explains_every_command(cli) -> None:  # type: ignore[no-untyped-def]
    for command in ("list", "validate", "schema", "run", "narrate"):
        proc = cli(command, "--help")
        assert proc.returncode == 0 and len(proc.stdout) > 100


def test_run_says_when_it_must_compile_the_engine(monkeypatch, capsys) -> None:  # type: ignore[no-untyped-def]
    """A first run compiles the engine for about a minute: `brink run` says so before, and
    that its time includes it after; a run that loads the engine says neither."""
    from brink import kernel_cache
    from brink.cli import run_cli
    from brink.commands.render import COMPILED_NOTE, COMPILING

    def run(*extra: str) -> tuple[str, str]:
        assert run_cli(["run", "korea-2017", "--episodes", "200", *extra]) == 0
        captured = capsys.readouterr()
        return " ".join(captured.out.split()), " ".join(captured.err.split())  # unwrapped

    for cold in (True, False):
        monkeypatch.setattr(kernel_cache, "engine_compiled", lambda *a, cold=cold, **k: not cold)
        out, err = run("--json")
        assert json.loads(out)["episodes"] == 200
        assert err.count(COMPILING) == (1 if cold else 0), err
        assert (COMPILED_NOTE in err) is cold, err
        tables, err = run()
        assert err.count(COMPILING) == (1 if cold else 0), err
        assert (COMPILED_NOTE in tables) is cold, tables


@pytest.mark.parametrize(
    "command",
    [
        ["narrate", "korea-2017", "--json"],
        ["compare", "korea-2017", "--samples", "4", "--replications", "10", "--workers", "1"],
        ["backtest", "--cases", "CASES", "--episodes", "100", "--workers", "1", "--json"],
    ],
)
def test_every_command_says_once_when_it_must_compile(  # type: ignore[no-untyped-def]
    command, monkeypatch, capsys, tmp_path
) -> None:
    """Every command that runs the engine says it must compile first, once, and only once
    its input is checked: a bad input stays one line."""
    import shutil

    from brink import kernel_cache
    from brink.cli import run_cli
    from brink.commands.render import COMPILING

    cases = tmp_path / "cases"
    cases.mkdir()
    library = Path(__file__).resolve().parents[1] / "src" / "brink" / "scenario" / "cases"
    for name in ("kosovo-1999", "pulwama-2019"):
        shutil.copy(library / f"{name}.yaml", cases)
    args = [str(cases) if a == "CASES" else a for a in command]

    def named(name: str) -> list[str]:  # two compares in one second would share a run name
        return (
            [*args, "--out", str(tmp_path / "runs"), "--name", name] if "compare" in args else args
        )

    monkeypatch.setattr(kernel_cache, "engine_compiled", lambda *a, **k: False)
    assert run_cli(named("cold")) == 0
    assert capsys.readouterr().err.count(COMPILING) == 1
    assert run_cli([*named("bad"), "--set", "nope=1"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and COMPILING not in err[0], err
    monkeypatch.setattr(kernel_cache, "engine_compiled", lambda *a, **k: True)
    assert run_cli(named("warm")) == 0
    assert COMPILING not in capsys.readouterr().err
