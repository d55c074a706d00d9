"""Library errors name the parameter; the command line names the flag (issue 11).

Each case is one bad value given twice: to the Python API, which must raise a
:class:`~brink.errors.BrinkInputError` naming its parameter and no flag, and to the command,
which must print one line naming the flag and exit 2.
"""

from __future__ import annotations

import pickle
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import brink
from brink.cli import run_cli
from brink.commands.flags import flag, problems
from brink.errors import BrinkInputError, BrinkParameterError, check_seed
from brink.executors.local import make_executor

SMALL = ["--samples", "2", "--replications", "2"]


@pytest.fixture(scope="module")
def root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A runs folder with one small stored run, ``tiny``, and a regular file, ``afile``."""
    folder = tmp_path_factory.mktemp("parameter-errors")
    brink.compare(
        "korea-2017",
        ["maximum-pressure"],
        samples=2,
        replications=2,
        seed=1,
        out=str(folder),
        name="tiny",
        workers=1,
    )
    (folder / "afile").write_text("not a folder\n")
    return folder


def _compare(root: Path, **options: Any) -> Callable[[], object]:
    settings: dict[str, Any] = {"samples": 2, "replications": 2, "out": str(root), "workers": 1}
    return lambda: brink.compare("korea-2017", ["maximum-pressure"], **{**settings, **options})


# (case, library call given the runs folder, parameter, command line given the folder, flag)
Library = Callable[[Path], Callable[[], object]]
Command = Callable[[Path], list[str]]
CASES: list[tuple[str, Library, str, Command, str]]


def _backtest(**options: Any) -> Callable[[], object]:
    from brink.backtest.runner import BacktestRun, run_backtest

    return lambda: run_backtest(BacktestRun(**options))


CASES = [
    (
        "backtest-episodes",
        lambda root: _backtest(episodes=5),
        "episodes",
        lambda root: ["backtest", "--episodes", "5"],
        "--episodes",
    ),
    (
        "backtest-prior-sd",
        lambda root: _backtest(prior_sd=1.0),
        "prior_sd",
        lambda root: ["backtest", "--prior-sd", "1"],
        "--prior-sd",
    ),
    (
        "backtest-cases",
        lambda root: _backtest(folders=[str(root / "afile")]),
        "cases",
        lambda root: ["backtest", "--cases", str(root / "afile")],
        "--cases",
    ),
    (
        "run-overrides",
        lambda root: lambda: brink.run("korea-2017", episodes=10, overrides=["nosuch.field=1"]),
        "overrides",
        lambda root: ["run", "--episodes", "10", "--set", "nosuch.field=1"],
        "--set",
    ),
    (
        "run-overrides-number",
        lambda root: lambda: brink.run(
            "korea-2017", episodes=10, overrides=["decision.temperature=abc"]
        ),
        "overrides",
        lambda root: ["run", "--episodes", "10", "--set", "decision.temperature=abc"],
        "--set",
    ),
    (
        "run-opponent",
        lambda root: lambda: brink.run("korea-2017", episodes=10, opponent="kim-calculating:x"),
        "opponent",
        lambda root: ["run", "--episodes", "10", "--opponent", "kim-calculating:x"],
        "--opponent",
    ),
    (
        "run-episodes",
        lambda root: lambda: brink.run("korea-2017", episodes=0),
        "episodes",
        lambda root: ["run", "--episodes", "0"],
        "--episodes",
    ),
    (
        "compare-samples",
        lambda root: _compare(root, samples=0),
        "samples",
        lambda root: ["compare", "--samples", "0", "--replications", "2", "--out", str(root)],
        "--samples",
    ),
    (
        "compare-replications",
        lambda root: _compare(root, replications=0),
        "replications",
        lambda root: ["compare", "--samples", "2", "--replications", "0", "--out", str(root)],
        "--replications",
    ),
    (
        "compare-seed",
        lambda root: _compare(root, seed=-1),
        "seed",
        lambda root: ["compare", *SMALL, "--seed", "-1", "--out", str(root)],
        "--seed",
    ),
    (
        "compare-sampler",
        lambda root: _compare(root, sampler="dice"),
        "sampler",
        lambda root: ["compare", *SMALL, "--sampler", "dice", "--out", str(root)],
        "--sampler",
    ),
    (
        "compare-morris-samples",
        lambda root: _compare(root, samples=1, sampler="morris"),
        "samples",
        lambda root: [
            "compare", "--replications", "2", "--samples", "1", "--sampler", "morris",
            "--out", str(root),
        ],
        "--samples",
    ),
    (
        "compare-name",
        lambda root: _compare(root, name="../escape"),
        "name",
        lambda root: ["compare", *SMALL, "--name", "../escape", "--out", str(root)],
        "--name",
    ),
    (
        "compare-name-exists",
        lambda root: _compare(root, name="tiny"),
        "name",
        lambda root: ["compare", *SMALL, "--name", "tiny", "--out", str(root)],
        "--name",
    ),
    (
        "compare-episodes-per-task",
        lambda root: _compare(root, episodes_per_task=0),
        "episodes_per_task",
        lambda root: ["compare", *SMALL, "--episodes-per-task", "0", "--out", str(root)],
        "--episodes-per-task",
    ),
    (
        "compare-out-file",
        lambda root: _compare(root, out=str(root / "afile")),
        "out",
        lambda root: ["compare", *SMALL, "--out", str(root / "afile")],
        "--out",
    ),
    (
        "run-workers",
        lambda root: lambda: brink.run("korea-2017", episodes=10, workers=-1),
        "workers",
        lambda root: ["run", "--episodes", "10", "--workers", "-1"],
        "--workers",
    ),
    (
        "compare-executor",
        lambda root: lambda: make_executor(2, "cloud"),
        "executor",
        lambda root: ["compare", *SMALL, "--executor", "cloud", "--out", str(root)],
        "--executor",
    ),
    (
        "compare-dask-address",
        lambda root: lambda: make_executor(2, "dask"),
        "address",
        lambda root: ["compare", *SMALL, "--executor", "dask", "--out", str(root)],
        "--address",
    ),
    (
        "sensitivity-samples",
        lambda root: lambda: brink.sensitivity("tiny", samples=1, out=str(root)),
        "samples",
        lambda root: ["sensitivity", "tiny", "--samples", "1", "--out", str(root)],
        "--samples",
    ),
    (
        "sensitivity-replications",
        lambda root: lambda: brink.sensitivity("tiny", "sobol", replications=0, out=str(root)),
        "replications",
        lambda root: [
            "sensitivity", "tiny", "--method", "sobol", "--replications", "0", "--out", str(root),
        ],
        "--replications",
    ),
]  # fmt: skip


@pytest.mark.parametrize(
    ("library", "parameter", "command", "option"),
    [case[1:] for case in CASES],
    ids=[case[0] for case in CASES],
)
def test_the_library_names_the_parameter_and_the_cli_the_flag(
    root: Path,
    capsys: pytest.CaptureFixture[str],
    library: Library,
    parameter: str,
    command: Command,
    option: str,
) -> None:
    before = sorted(p.name for p in root.iterdir())
    with pytest.raises(BrinkInputError) as raised:
        library(root)()
    message = str(raised.value)
    error = raised.value
    assert isinstance(error, BrinkParameterError) and error.parameter == parameter
    # "parameter: expected", or "parameter value: expected" when the value at fault heads it.
    head = parameter if error.subject is None else f"{parameter} {error.subject}"
    assert message.startswith(f"{head}: "), message
    assert "--" not in message, message

    capsys.readouterr()
    assert run_cli(command(root)) == 2
    captured = capsys.readouterr()
    lines = captured.err.strip().splitlines()
    assert len(lines) == 1, captured.err
    shown = option if error.subject is None else f"{option} {error.subject}"
    assert lines[0] == f"brink: error: {shown}: {error.expected}", lines[0]
    assert "Traceback" not in captured.err
    assert sorted(p.name for p in root.iterdir()) == before, "a refused call left a folder"


def test_check_seed_names_the_parameter() -> None:
    with pytest.raises(BrinkParameterError, match=r"^seed: expected a whole number >= 0"):
        check_seed(-1)
    assert check_seed(7) == 7


def test_a_parameter_error_survives_a_process_boundary() -> None:
    """Raised in a pool's worker, it comes back pickled: whole, parameter and all."""
    error = pickle.loads(pickle.dumps(BrinkParameterError("samples", "expected 2 (got 1)")))
    assert isinstance(error, BrinkParameterError)
    assert (error.parameter, error.expected, str(error)) == (
        "samples",
        "expected 2 (got 1)",
        "samples: expected 2 (got 1)",
    )
    headed = pickle.loads(pickle.dumps(BrinkParameterError("overrides", "empty path", "=1")))
    assert (headed.subject, str(headed)) == ("=1", "overrides =1: empty path")


def test_flags_of_parameters() -> None:
    assert flag("samples") == "--samples"
    assert flag("episodes_per_task") == "--episodes-per-task"
    assert flag("overrides") == "--set"
    assert flag("-o") == "-o" and flag("--csv") == "--csv"
    assert problems(BrinkParameterError("replications", "expected 1 or more")) == [
        "--replications: expected 1 or more"
    ]
    plain = BrinkInputError("korea.yaml:3: actors: expected a mapping")
    assert problems(plain) == ["korea.yaml:3: actors: expected a mapping"]
