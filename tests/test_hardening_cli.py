"""The command line as a hostile (or hurried) user meets it: readable tables at 80 columns,
capped and budgeted sizes, no orphaned run folders, `rm`, query limits and exports, and
narrating stored episodes."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from brink.experiments.runs import compare
from helpers import assert_one_line_error, run_inprocess

NINE = "strategic-patience maximum-pressure preemptive-strike freeze-for-freeze engagement "
NINE += "tit-for-tat generous-tit-for-tat grit calculating"


@pytest.fixture(scope="module")
def nine(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A run of all nine korea-2017 policies (8 draws × 10 replications)."""
    root = tmp_path_factory.mktemp("nine")
    compare("korea-2017", NINE.split(), samples=8, replications=10, seed=2, out=str(root),
            name="nine", workers=1)  # fmt: skip
    return root / "nine"


@pytest.fixture
def columns_80(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "80")


def _fits_80(text: str) -> None:
    assert "…" not in text, "a cell was cut short"
    assert max(len(line) for line in text.splitlines()) <= 80


def test_version_and_short_help_on_every_command() -> None:
    from brink.cli import _register_commands, app

    version = run_inprocess("--version")
    assert version.code == 0 and version.out.strip().startswith("brink 0.")
    _register_commands()
    names = [c.name for c in app.registered_commands]
    assert {"rm", "compare", "query", "narrate"} <= set(names)
    for name in names:
        shown = run_inprocess(name, "-h")
        assert shown.code == 0 and f"brink {name}" in shown.out, name


def test_nine_policy_compare_fits_80_columns_without_cutting(nine: Path, columns_80) -> None:  # type: ignore[no-untyped-def]
    text = run_inprocess("resume", str(nine)).out  # complete: prints the stored tables
    _fits_80(text)
    summary = json.loads(run_inprocess("resume", str(nine), "--json").out)
    for row in summary["policies"]:  # every policy's P(war) is printed, whole (may wrap)
        p = row["p_war"]
        assert f" {100 * p['mean']:.1f}% " in text
        assert f" ({100 * p['lo']:.1f}–{100 * p['hi']:.1f}) " in text
        assert f" {row['policy']} " in text


def test_run_of_many_policies_fits_80_columns(columns_80) -> None:  # type: ignore[no-untyped-def]
    args = ["run", "--episodes", "300"]
    for policy in NINE.split()[:6]:
        args += ["-p", policy]
    result = run_inprocess(*args)
    assert result.code == 0, result.err
    _fits_80(result.out)
    assert "Conditional on" in result.out


def test_sensitivity_of_many_policies_is_a_summary_with_a_pointer(nine: Path, columns_80) -> None:  # type: ignore[no-untyped-def]
    short = run_inprocess("sensitivity", str(nine), "--workers", "1")
    assert short.code == 0, short.err
    full = run_inprocess("sensitivity", str(nine), "--all")
    assert len(short.out.splitlines()) < 70 < len(full.out.splitlines())
    assert "--all" in short.out and "calculating (mean" in short.out
    _fits_80(short.out)


def test_workers_are_capped_at_the_cores_with_a_note() -> None:
    from brink.executors.local import available_cores

    result = run_inprocess("run", "--episodes", "200", "--workers", "500", "--json")
    assert result.code == 0
    assert result.err_lines[0] == (
        f"brink: note: --workers 500: capped at {available_cores()}, the cores available on "
        "this machine"
    )


def test_runaway_sizes_are_estimated_and_refused_unless_forced(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from brink import budget
    from brink.errors import BrinkInputError
    from brink.scenario.loader import load_scenario

    scenario = load_scenario("korea-2017")
    mid = budget.estimate(scenario, ["engagement"], None, 10**8, 1, stored=False)
    assert "measured" in mid.basis and not mid.at_least  # worth measuring: it might pass

    def unmeasured(*args: object) -> float:
        raise AssertionError("a job too long even at the engine's best needs no measuring")

    monkeypatch.setattr(budget, "measured_rate", unmeasured)
    line = assert_one_line_error(run_inprocess("run", "--episodes", "1000000000000"))
    assert "at least" in line and "TB of memory" in line and "engine's best" in line
    est = budget.estimate(scenario, ["engagement"], None, 10**10, 2, stored=True)
    assert est.seconds > budget.LIMIT_SECONDS and est.disk == 10**10 * budget.DISK_PER_EPISODE
    with pytest.raises(BrinkInputError, match="pass --force"):
        budget.check(est, "--samples", force=False, runs_folder=tmp_path)
    note = budget.check(est, "--samples", force=True, runs_folder=tmp_path)
    assert note is not None and note.startswith("--samples: expect at least")
    small = budget.estimate(scenario, ["engagement"], None, 1000, 1, stored=False)
    assert budget.check(small, "--episodes", force=False) is None


def test_a_refused_compare_leaves_no_folder_and_the_name_stays_free(tmp_path: Path) -> None:
    base = ["compare", "--samples", "2", "--replications", "2", "--out", str(tmp_path)]
    assert_one_line_error(
        run_inprocess(*base, "--episodes-per-task", "0", "--name", "ex7"), "--episodes-per-task"
    )
    assert not (tmp_path / "ex7").exists()
    done = run_inprocess(*base, "-p", "engagement", "--name", "ex7", "--workers", "1", "--json")
    assert done.code == 0, done.err


def test_rm_asks_and_removes_only_after_yes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    base = ["compare", "-p", "engagement", "--samples", "2", "--replications", "2"]
    assert run_inprocess(*base, "--out", str(tmp_path), "--name", "x", "--json").code == 0
    monkeypatch.setattr("sys.stdin.isatty", lambda: True)
    monkeypatch.setattr("builtins.input", lambda _prompt: "n")
    kept = run_inprocess("rm", "x", "--out", str(tmp_path))
    assert kept.code == 0 and "kept x" in kept.out and (tmp_path / "x").is_dir()
    monkeypatch.setattr("builtins.input", lambda _prompt: "y")
    gone = run_inprocess("rm", "x", "--out", str(tmp_path))
    assert gone.code == 0 and "removed run x" in gone.out and not (tmp_path / "x").exists()
    import duckdb

    with duckdb.connect(str(tmp_path / "catalog.duckdb")) as con:
        assert con.execute("SELECT count(*) FROM runs WHERE name = 'x'").fetchone() == (0,)


def test_query_caps_rows_and_exports_every_row(nine: Path, tmp_path: Path) -> None:
    sql = "SELECT policy, draw, replication, outcome FROM episodes ORDER BY ALL"
    shown = run_inprocess("query", str(nine), sql, "--json")
    assert len(json.loads(shown.out)) == 50
    assert "showing the first 50 rows" in shown.err
    five = json.loads(run_inprocess("query", str(nine), sql, "--json", "--limit", "5").out)
    assert len(five) == 5
    every = json.loads(run_inprocess("query", str(nine), sql, "--json", "--limit", "0").out)
    assert len(every) == 9 * 8 * 10
    wrote = run_inprocess("query", str(nine), sql, "--csv", str(tmp_path / "e.csv"))
    assert wrote.code == 0 and "wrote 720 rows" in wrote.out
    csv = pd.read_csv(tmp_path / "e.csv")
    assert csv.to_dict("records") == every
    run_inprocess("query", str(nine), sql, "--parquet", str(tmp_path / "e.parquet"))
    parquet = pd.read_parquet(tmp_path / "e.parquet")
    assert parquet.astype({"policy": str}).to_dict("records") == every


def test_narrate_tells_each_policy_in_order() -> None:
    result = run_inprocess("narrate", "-p", "grit", "-p", "engagement", "--episode", "2", "--json")
    stories = json.loads(result.out)
    assert [s["policy"] for s in stories] == ["grit", "engagement"]
    alone = json.loads(run_inprocess("narrate", "-p", "engagement", "--episode", "2", "--json").out)
    assert stories[1] == alone


@pytest.mark.parametrize(("draw", "replication"), [(0, 0), (3, 7), (7, 9)])
def test_narrate_a_stored_episode_replays_its_row(nine: Path, draw: int, replication: int) -> None:
    from brink.store.runs import open_run
    from brink.stored_episode import mismatches, narrate_stored, stored_rows

    for policy in ("calculating", "preemptive-strike"):
        args = ["narrate", str(nine), "--draw", str(draw), "--replication", str(replication)]
        story = json.loads(run_inprocess(*args, "-p", policy, "--json").out)
        assert story["matches"] and story["differs"] == [], story["differs"]
        stored = stored_rows(open_run(str(nine)), policy, draw, replication)["row"]
        assert story["outcome"].split(" ")[0] == stored["outcome"]
    # The check can fail: a stored row that differs is reported, column by column.
    told = narrate_stored(open_run(str(nine)), "grit", draw, replication)
    row = stored_rows(open_run(str(nine)), "grit", draw, replication)["row"]
    assert told["matches"] and mismatches(row, row) == []
    tampered = {**row, "turns": row["turns"] + 1, "casualties": -1.0}
    assert set(mismatches(row, tampered)) == {"turns", "casualties"}


def test_narrate_a_stored_episode_of_a_sensitivity_design(nine: Path) -> None:
    """Design runs share luck across draws (shared_streams): the replay must too."""
    from brink.experiments.designs import design_run
    from brink.experiments.execute import execute
    from brink.store.runs import open_run
    from brink.stored_episode import narrate_stored

    _, child = design_run(str(nine), "morris", policy="engagement", samples=2, replications=3)
    execute(child, workers=1)
    story = narrate_stored(open_run(str(child.path)), "engagement", 5, 2)
    assert story["matches"], story["differs"]


def test_progress_bar_shows_the_time_left(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from brink.commands.render import progress_bar

    monkeypatch.setenv("FORCE_COLOR", "1")  # a terminal, as far as rich can tell
    with progress_bar(4) as advance:
        for _ in range(4):
            advance(1)
    shown = capsys.readouterr().err
    assert "4/4" in shown and " left " in shown
