"""Run the bad-input corpus (cases.py): every case is one line on stderr, exit 2, no
traceback, and the runs folder — every run in it, good or faulty — byte-identical after."""

from __future__ import annotations

import contextlib
import errno
import io
import os
from pathlib import Path

import pytest

from badinput.cases import CASES, Case
from badinput.scenario_files import BUILDERS
from brink import kernel_cache
from brink.cli import run_cli
from helpers import CliResult, assert_one_line_error, folder_digest


class _FullStream(io.StringIO):
    """A standard output on a full disk (as `> /dev/full`)."""

    def write(self, text: str) -> int:
        raise OSError(errno.ENOSPC, "No space left on device")

    def flush(self) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")


def _expand(text: str, root: Path, tmp: Path) -> str:
    if "{scen:" in text:
        start = text.index("{scen:")
        end = text.index("}", start)
        name = text[start + len("{scen:") : end]
        path = tmp / f"{name}.yaml"
        path.write_bytes(BUILDERS[name]())
        text = text[:start] + str(path) + text[end + 1 :]
    return (
        text.replace("{root}", str(root))
        .replace("{tmp}", str(tmp))
        .replace("{file}", str(tmp / "a-file.txt"))
        .replace("{fifo}", str(tmp / "a-fifo"))
        .replace("{devlink}", str(tmp / "to-dev-full"))
    )


def _run(args: list[str], full_stdout: bool) -> CliResult:
    out, err = (_FullStream() if full_stdout else io.StringIO()), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = run_cli(args)
    return CliResult(code, "" if full_stdout else out.getvalue(), err.getvalue())


def test_corpus_is_large_and_ids_are_unique() -> None:
    ids = [case.id for case in CASES]
    assert len(ids) == len(set(ids)), "duplicate case ids"
    assert len(ids) >= 150


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_bad_input_is_one_line_and_changes_nothing(
    case: Case, corpus_root: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    work = tmp_path / "case"
    work.mkdir()
    (work / "a-file.txt").write_text("not a folder\n")
    os.mkfifo(work / "a-fifo")
    (work / "to-dev-full").symlink_to("/dev/full")
    monkeypatch.chdir(work)  # default ./runs lands here, never in the repository
    monkeypatch.delenv("BRINK_RUNS", raising=False)
    monkeypatch.setenv("COLUMNS", "80")
    # As on a new version's first run: the compile notice must not come before the error.
    monkeypatch.setattr(kernel_cache, "engine_compiled", lambda *a, **k: False)
    args = [_expand(arg, corpus_root, work) for arg in case.args]
    before_runs = folder_digest(corpus_root)
    before_work = sorted(p.name for p in work.iterdir())
    result = _run(args, full_stdout=case.id.startswith("stdout-full-"))
    assert_one_line_error(result, _expand(case.needle, corpus_root, work))
    assert folder_digest(corpus_root) == before_runs, "a run folder changed"
    assert sorted(p.name for p in work.iterdir()) == before_work, "a file was left behind"
