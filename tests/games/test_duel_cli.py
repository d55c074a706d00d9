"""`brink duel` and `brink tournament` from the command line: output, JSON, and bad input."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from brink.cli import main


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    try:
        main(list(argv))
        code = 0
    except SystemExit as done:
        code = int(done.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


def test_duel_json_has_the_contract_keys(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(
        capsys, "duel", "tft", "gtft", "--noise", "0.02", "--turns", "50",
        "--repetitions", "40", "--seed", "3", "--json",
    )  # fmt: skip
    assert code == 0
    data = json.loads(out)
    for key in ("mean_a", "mean_b", "lo_a", "hi_a", "lo_b", "hi_b"):
        assert isinstance(data[key], float)
    assert data["lo_a"] <= data["mean_a"] <= data["hi_a"]
    assert (data["a"], data["b"]) == ("tft", "gtft:0.3333")
    assert (data["noise"], data["turns"], data["repetitions"], data["seed"]) == (0.02, 50, 40, 3)


def test_duel_json_is_reproducible(capsys: pytest.CaptureFixture[str]) -> None:
    argv = ("duel", "wsls", "ctft", "--noise", "0.05", "--turns", "30", "--repetitions", "20")
    first = run(capsys, *argv, "--seed", "5", "--json")[1]
    again = run(capsys, *argv, "--seed", "5", "--json")[1]
    other = run(capsys, *argv, "--seed", "6", "--json")[1]
    assert first == again != other


def test_duel_options_reach_the_game(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(
        capsys, "duel", "allc", "alld", "--payoffs", "7,4,2,-1", "--turns", "5",
        "--repetitions", "2", "--json",
    )  # fmt: skip
    data = json.loads(out)
    assert (data["mean_a"], data["mean_b"]) == (-1.0, 7.0)
    _, out, _ = run(
        capsys, "duel", "allc", "allc", "--noise", "0.5", "--noise-kind", "perception",
        "--turns", "20", "--repetitions", "5", "--json",
    )  # fmt: skip
    data = json.loads(out)
    assert data["noise_kind"] == "perception" and data["mean_a"] == 3.0


def test_duel_table_states_what_it_is_conditional_on(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(
        capsys, "duel", "tft", "tft", "--noise", "0.01", "--turns", "100",
        "--repetitions", "50", "--seed", "9",
    )  # fmt: skip
    assert code == 0
    flat = " ".join(out.split())
    for fragment in ("tft (A) vs tft (B)", "50 repetitions", "100 turns", "noise 0.01", "seed 9"):
        assert fragment in flat
    assert "95%" in flat and "cooperation" in flat
    assert "2.2500000" not in flat  # rounded, no false precision


def test_tournament_ranks_and_prints_json(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(
        capsys, "tournament", "tft", "alld", "gtft:0.2", "--noise", "0.01", "--turns", "60",
        "--repetitions", "20", "--no-self-play", "--json",
    )  # fmt: skip
    assert code == 0
    data = json.loads(out)
    assert data["self_play"] is False
    assert sorted(row["doctrine"] for row in data["ranking"]) == ["alld", "gtft:0.2", "tft"]
    means = [row["mean"] for row in data["ranking"]]
    assert means == sorted(means, reverse=True)
    code, out, _ = run(capsys, "tournament", "tft", "alld", "--turns", "10", "--repetitions", "3")
    assert code == 0 and "rank" in out and "self-play included" in " ".join(out.split())


@pytest.mark.parametrize(
    ("argv", "fragment"),
    [
        (("duel", "tft", "nosuch"), "known doctrines: tft, gtft"),
        (("duel", "tft", "tft", "--noise", "1.5"), "noise"),
        (("duel", "tft", "tft", "--noise", "-0.1"), "noise"),
        (("duel", "tft", "tft", "--turns", "0"), "turns"),
        (("duel", "tft", "tft", "--turns", "-4"), "turns"),
        (("duel", "tft", "tft", "--repetitions", "0"), "repetitions"),
        (("duel", "tft", "tft", "--noise-kind", "telepathy"), "noise kind"),
        (("duel", "tft", "tft", "--payoffs", "1,2,3,4"), "payoffs"),
        (("duel", "gtft:7", "tft"), "generosity"),
        (("tournament", "tft", "nosuch"), "unknown doctrine"),
        (("tournament", "tft", "alld", "--noise", "3"), "noise"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(
    capsys: pytest.CaptureFixture[str], argv: tuple[str, ...], fragment: str
) -> None:
    code, out, err = run(capsys, *argv)
    assert code == 2
    assert out == ""
    assert len(err.strip().splitlines()) == 1
    assert fragment in err
    assert "Traceback" not in err


def test_bad_input_from_a_real_process_has_no_traceback() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "brink.cli", "duel", "tft", "tit-for-two-tats"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1 and "Traceback" not in done.stderr
    assert done.stderr.startswith("brink: error: unknown doctrine 'tit-for-two-tats'")


def test_help_lists_every_doctrine(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(capsys, "duel", "--help")
    for name in ("tft", "gtft", "ctft", "wsls", "grim", "grit", "allc", "alld"):
        assert f"  {name} " in out
