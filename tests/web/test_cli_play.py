"""`brink play`: bad input is one line and exit 2; the address and join links are printed."""

from __future__ import annotations

import socket

import pytest

from brink.cli import run_cli


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["play", "atlantis"], "built-in scenarios"),
        (["play", "korea-2017", "--as", "Mars"], "not a seat"),
        (["play", "korea-2017", "--as", "US", "--as", "US"], "once"),
        (["play", "--as", "US"], "needs a SCENARIO"),
        (["play", "--port", "0"], "--port 0"),
        (["play", "--port", "70000"], "--port 70000"),
        (["play", "--port", "x"], "--port"),
        (["play", "--host", "no.such.host.invalid"], "--host"),
        (["play", "--seed", "-3"], "--seed"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(args, needle, capsys, tmp_path) -> None:  # type: ignore[no-untyped-def]
    status = run_cli([*args, "--db", str(tmp_path / "g.sqlite3")])
    err = capsys.readouterr().err
    assert status == 2
    assert err.count("\n") == 1 and err.startswith("brink: error:") and needle in err
    assert "Traceback" not in err


def test_a_port_in_use_is_one_line(capsys, tmp_path) -> None:  # type: ignore[no-untyped-def]
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        status = run_cli(["play", "--port", str(port), "--db", str(tmp_path / "g.sqlite3")])
    err = capsys.readouterr().err
    assert status == 2 and "choose another --port" in err and err.count("\n") == 1


def test_a_db_that_is_no_database_is_one_line(capsys, tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("BRINK_PLAY_DRY_RUN", "1")
    bad = tmp_path / "not.sqlite3"
    bad.write_text("this is not a database" * 100)
    status = run_cli(["play", "korea-2017", "--db", str(bad), "--port", "8765"])
    err = capsys.readouterr().err
    assert status == 2 and "--db" in err and err.count("\n") == 1


def test_prints_links_and_warns_when_exposed(capsys, tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("BRINK_PLAY_DRY_RUN", "1")
    db = str(tmp_path / "g.sqlite3")
    assert (
        run_cli(["play", "korea-2017", "--as", "US", "--as", "DPRK", "--db", db, "--port", "8766"])
        == 0
    )
    out = capsys.readouterr()
    assert "http://127.0.0.1:8766/" in out.out and "seat DPRK:" in out.out
    assert "white cell:" in out.out and out.err == ""
    assert run_cli(["play", "--host", "0.0.0.0", "--db", db, "--port", "8767"]) == 0
    assert "warning: serving on 0.0.0.0" in capsys.readouterr().err
