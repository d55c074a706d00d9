"""numba's cache follows every file the kernels inline (brink.kernel_cache).

numba checks only the file of the function it loads; the turn kernel inlines the decider and
the valuations from other files, so an edit there must give a fresh cache folder, or the
stale kernel would run (and every test with it).
"""

from __future__ import annotations

from pathlib import Path

import numba.core.config

import brink.engine.kernel as kernel
from brink import kernel_cache


def _tree(root: Path) -> Path:
    for name in ("engine/kernel.py", "model/values.py", "deciders/strategic.py"):
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(f"# {name}\n")
    (root / "vocabulary.py").write_text("C_TALKS = 0\n")
    (root / "report.py").write_text("# not compiled\n")
    return root


def test_an_edit_to_any_inlined_file_changes_the_fingerprint(tmp_path: Path) -> None:
    root = _tree(tmp_path)
    first = kernel_cache.fingerprint(root)
    (root / "report.py").write_text("# edited, but no kernel is compiled from it\n")
    assert kernel_cache.fingerprint(root) == first
    for name in ("model/values.py", "deciders/strategic.py", "vocabulary.py"):
        before = kernel_cache.fingerprint(root)
        (root / name).write_text((root / name).read_text() + "# edited\n")
        assert kernel_cache.fingerprint(root) != before, name
    (root / "model" / "new.py").write_text("X = 1\n")  # a new helper module counts too
    assert kernel_cache.fingerprint(root) != first


def test_the_cache_folder_is_named_by_the_fingerprint(tmp_path: Path) -> None:
    stamp = "0123456789abcdef"
    assert kernel_cache.cache_folder({"XDG_CACHE_HOME": str(tmp_path)}, stamp) == (
        tmp_path / "brink" / "numba" / stamp
    )
    given = {"NUMBA_CACHE_DIR": str(tmp_path / "mine")}
    assert kernel_cache.cache_folder(given, stamp) == tmp_path / "mine" / stamp
    # A worker process inherits the folder its parent chose, not a folder inside it.
    inherited = {"NUMBA_CACHE_DIR": str(tmp_path / "mine" / stamp)}
    assert kernel_cache.cache_folder(inherited, stamp) == tmp_path / "mine" / stamp


def test_the_kernels_are_cached_in_this_source_versions_folder() -> None:
    stamp = kernel_cache.fingerprint()
    assert Path(numba.core.config.CACHE_DIR).name == stamp
    cached = Path(kernel.play_episodes._cache.cache_path)
    assert stamp in cached.parts, cached


def test_an_unwritable_cache_falls_back_to_the_temporary_directory(tmp_path: Path) -> None:
    blocked = tmp_path / "file"
    blocked.write_text("a file where the cache folder's parent should be\n")
    folder = kernel_cache.writable(blocked / "brink" / "0123456789abcdef")
    assert folder.name == "0123456789abcdef"
    assert not folder.is_relative_to(tmp_path)
    assert kernel_cache.writable(tmp_path / "ok" / "0123456789abcdef") == (
        tmp_path / "ok" / "0123456789abcdef"
    )


def test_engine_compiled_finds_the_turn_loop_in_the_cache_folder(tmp_path: Path) -> None:
    """False for an empty folder, true once numba's file of the turn loop is there; and true
    for this session's folder once the loop has run (so the name looked for is numba's)."""
    assert not kernel_cache.engine_compiled(tmp_path)
    (tmp_path / "engine_0123").mkdir()
    (tmp_path / "engine_0123" / "kernel.play_turn-399.py311.1.nbc").write_bytes(b"")
    assert not kernel_cache.engine_compiled(tmp_path)  # another kernel is not the turn loop
    assert kernel_cache.engine_compiled(tmp_path, "play_turn")  # ... but is found by its name
    (tmp_path / "engine_0123" / "kernel.play_episodes-427.py311.1.nbc").write_bytes(b"")
    assert kernel_cache.engine_compiled(tmp_path)
    run_batch_of_one()
    assert kernel_cache.engine_compiled()


def run_batch_of_one() -> None:
    """Play one episode through the compiled loop (compiling or loading it)."""
    import numpy as np

    from brink.engine.batch import resolve_matchup, run_batch
    from brink.scenario.loader import load_scenario

    scenario = load_scenario("korea-2017")
    draws = np.arange(1, dtype=np.int64)
    run_batch(scenario, resolve_matchup(scenario), 0, draws, draws)


def test_the_compile_notice_is_asked_for_once(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """The listener hears of a cold engine once per registration; a warm one, never."""
    calls: list[str] = []
    monkeypatch.setattr(kernel_cache, "engine_compiled", lambda *a, **k: False)
    kernel_cache.notify_compiling(lambda: calls.append("cold"))
    kernel_cache.before_engine()
    kernel_cache.before_engine("play_turn")
    assert calls == ["cold"]
    monkeypatch.setattr(kernel_cache, "engine_compiled", lambda *a, **k: True)
    kernel_cache.notify_compiling(lambda: calls.append("warm"))
    kernel_cache.before_engine()
    assert calls == ["cold"]
    kernel_cache.notify_compiling(None)
    kernel_cache.before_engine()
    assert calls == ["cold"]
