"""`brink solve`: JSON contract keys per game, defaults, and one-line errors with exit 2."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from brink.cli import main

KEYS = {
    "chicken": {"q_mixed", "p_crash", "equilibria"},
    "fearon": {"range_low", "range_high"},
    "fearon-risk-return": {"offer", "p_war"},
    "attrition": {"rate", "mean_duration", "expected_payoff"},
    "brinkmanship": {"p_disaster", "p_a_prevails", "p_b_prevails", "types", "critical_risk"},
    "signalling": {"equilibria", "p_war", "complete_information", "value_of_ambiguity"},
    "cheap-talk": {"n_intervals", "boundaries"},
    "richardson": {"x_star", "y_star", "stable"},
}


def run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    try:
        main(args)
        code = 0
    except SystemExit as exit_:
        code = int(exit_.code or 0)
    out = capsys.readouterr()
    return code, out.out, out.err


@pytest.mark.parametrize("game", sorted(KEYS))
def test_json_keys_with_defaults(game: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["solve", game, "--json"], capsys)
    assert code == 0
    doc = json.loads(out)
    assert doc["game"] == game and isinstance(doc["params"], dict)
    assert KEYS[game] <= set(doc)
    assert doc["explanation"]


def test_params_are_used(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["solve", "chicken", "--param", "T=3", "--param", "P=-2", "--json"], capsys)
    doc = json.loads(out)
    assert code == 0 and doc["params"] == {"T": 3.0, "R": 0.0, "S": -1.0, "P": -2.0}
    assert doc["q_mixed"] == pytest.approx(0.75)


def test_text_output(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["solve", "cheap-talk", "-p", "b=0.1"], capsys)
    assert code == 0 and "2 intervals" in out and "n_intervals" in out


def test_help_lists_games_and_defaults(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["solve", "--help"], capsys)
    assert code == 0
    for game in KEYS:
        assert game in out
    assert "T=1" in out and "P=-10" in out


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["solve", "chicken", "--param", "T=0.5", "--param", "R=1"], "parameter T"),
        (["solve", "chicken", "--param", "T=abc"], "expected a number"),
        (["solve", "chicken", "--param", "X=1"], "unknown parameter 'X'"),
        (["solve", "chicken", "--param", "T"], "expected NAME=VALUE"),
        (["solve", "chicken", "--param", "=3"], "expected NAME=VALUE"),
        (["solve", "fearon", "-p", "c_a=-1"], "parameter c_a"),
        (["solve", "fearon", "-p", "p=1.2"], "parameter p"),
        (["solve", "attrition", "-p", "c=0"], "parameter c"),
        (["solve", "attrition", "-p", "c=1e-320"], "out of numerical range"),
        (["solve", "cheap-talk", "-p", "b=1e-9"], "parameter b"),
        (["solve", "chicken", "-p", "T=1e308", "-p", "P=-1e308"], "parameter T"),
        (["solve", "signalling", "-p", "pi=nan"], "parameter pi"),
        (["solve", "nope"], "games: chicken"),
        (["solve", "chicken", "--from-scenario", "korea-2017"], "only with the signalling game"),
    ],
)
def test_bad_input_is_one_line_exit_2(
    args: list[str], needle: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(args, capsys)
    assert code == 2
    assert err.count("\n") == 1 and err.startswith("brink: error: solve")
    assert needle in err
    assert "Traceback" not in err + out


def test_subprocess_error_has_no_traceback() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "brink.cli", "solve", "chicken", "-p", "S=5"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 2
    assert proc.stderr.strip().count("\n") == 0 and "Traceback" not in proc.stderr


def test_solvers_stay_out_of_import_brink() -> None:
    code = (
        "import sys, brink, brink.games.catalogue, brink.games.registry;"
        "bad = [m for m in ('numpy', 'scipy', 'nashpy') if m in sys.modules];"
        "assert not bad, bad"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
