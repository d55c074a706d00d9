"""Imports only go down the layers (docs/architecture.md).

Every module under src/brink is parsed (``ast``, nothing is imported) and each of its imports of
another Brink module, at the top, inside a function or under ``TYPE_CHECKING``, is checked: a
module may import its own layer's modules or lower ones, never a higher layer's. Packages of the
same layer may not import each other in a circle. Known exceptions are listed with why they
stand and who moves them; an exception that no longer occurs fails too, so the list stays true.
"""

from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src"
PACKAGE = SRC / "brink"

#: Bottom to top. A name is a module or a package (everything below it); the longest match wins.
LAYERS: list[tuple[str, tuple[str, ...]]] = [
    # What every layer may use: names, the episode columns, errors, writing files, the version.
    (
        "ground",
        (
            "brink",
            "brink.vocabulary",
            "brink.columns",
            "brink.errors",
            "brink.outputs",
            "brink.kernel_cache",
        ),
    ),
    ("scenario", ("brink.scenario",)),
    ("model", ("brink.model",)),
    ("deciders", ("brink.deciders",)),
    ("engine", ("brink.engine",)),
    # Running batches and keeping them: one run, experiments (plan, execute, store), executors,
    # the run store, tellings of one episode, the episode budget, the object-per-actor reference.
    (
        "runs",
        (
            "brink.simulation",
            "brink.experiments",
            "brink.executors",
            "brink.store",
            "brink.narrate",
            "brink.budget",
            "brink.reference",
        ),
    ),
    # What is done with runs: analysis, the backtest, the analytic games.
    ("studies", ("brink.analysis", "brink.backtest", "brink.games")),
    # Pages and tellings of stored results (the backtest's page is one of them).
    ("report", ("brink.report", "brink.backtest.report", "brink.stored_episode")),
    # What people use: the command line and the browser wargame.
    ("front", ("brink.commands", "brink.web", "brink.cli", "brink.api")),
]

#: (importer, imported) pairs that go up, each with why and who moves it.
KNOWN_UPWARD: dict[tuple[str, str], str] = {}


def layer_of(module: str) -> int:
    best, rank = -1, -1
    for index, (_, names) in enumerate(LAYERS):
        for name in names:
            if (module == name or module.startswith(name + ".")) and len(name) > best:
                best, rank = len(name), index
    assert rank >= 0, f"{module} is in no layer: add it to LAYERS (and docs/architecture.md)"
    return rank


def module_name(path: Path) -> str:
    parts = list(path.relative_to(SRC).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def brink_imports(path: Path, text: str | None = None) -> set[str]:
    """Every Brink module ``path`` imports (or ``text`` would, there), resolved to the longest
    existing module name."""
    module = module_name(path)
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found: set[str] = set()
    source = path.read_text(encoding="utf-8") if text is None else text
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            found.add(target)
            # `from brink.x import y`: y may be a module of its own.
            found.update(f"{target}.{alias.name}" for alias in node.names)
    return {resolve(name) for name in found if name == "brink" or name.startswith("brink.")}


def resolve(name: str) -> str:
    """The longest prefix of ``name`` that is a module or package of src/brink."""
    parts = name.split(".")
    while parts:
        candidate = SRC.joinpath(*parts)
        if candidate.with_suffix(".py").is_file() or (candidate / "__init__.py").is_file():
            return ".".join(parts)
        parts.pop()
    raise AssertionError(f"import of {name}: no such module under src/")


def all_imports() -> dict[str, set[str]]:
    return {
        module_name(path): brink_imports(path) - {module_name(path)}
        for path in sorted(PACKAGE.rglob("*.py"))
    }


def upward_imports() -> set[tuple[str, str]]:
    return {
        (module, target)
        for module, targets in all_imports().items()
        for target in targets
        if layer_of(target) > layer_of(module)
    }


def test_every_module_has_a_layer() -> None:
    for module in all_imports():
        layer_of(module)


def test_no_module_imports_upward() -> None:
    names = [name for name, _ in LAYERS]
    unexpected = sorted(upward_imports() - set(KNOWN_UPWARD))
    assert not unexpected, "imports that go up the layers:\n" + "\n".join(
        f"  {a} ({names[layer_of(a)]}) imports {b} ({names[layer_of(b)]})" for a, b in unexpected
    )


def test_known_exceptions_still_occur() -> None:
    gone = sorted(set(KNOWN_UPWARD) - upward_imports())
    assert not gone, f"fixed, so remove them from KNOWN_UPWARD: {gone}"


def _package(module: str) -> str:
    return ".".join(module.split(".")[:2])


def test_no_cycle_between_packages() -> None:
    """Within a layer (engine and deciders, analysis and backtest, …) no two packages import
    each other, directly or round a longer loop."""
    graph: dict[str, set[str]] = defaultdict(set)
    for module, targets in all_imports().items():
        for target in targets:
            a, b = _package(module), _package(target)
            if a != b and a != "brink" and b != "brink" and (module, target) not in KNOWN_UPWARD:
                graph[a].add(b)
    seen: dict[str, int] = {}  # 1 = on the current path, 2 = done

    def visit(node: str, path: list[str]) -> None:
        seen[node] = 1
        for nxt in sorted(graph[node]):
            if seen.get(nxt) == 1:
                loop = [*path[path.index(nxt) :], nxt] if nxt in path else [node, nxt]
                pytest.fail("packages import each other in a circle: " + " -> ".join(loop))
            if nxt not in seen:
                visit(nxt, [*path, nxt])
        seen[node] = 2

    for start in sorted(graph):
        if start not in seen:
            visit(start, [start])


def test_the_checker_sees_an_upward_import() -> None:
    """The parser finds top-level, in-function, relative and TYPE_CHECKING imports."""
    text = (
        "from typing import TYPE_CHECKING\n"
        "from ..engine import batch\n"
        "if TYPE_CHECKING:\n    from brink.report import build\n"
        "def f():\n    import brink.web.app\n"
    )
    found = brink_imports(PACKAGE / "scenario" / "loader.py", text)
    assert found == {
        "brink.engine",
        "brink.engine.batch",
        "brink.report",
        "brink.report.build",
        "brink.web.app",
    }
    assert all(layer_of(t) > layer_of("brink.scenario.loader") for t in found)


#: Modules of one package that import each other today (each works because one side imports
#: lazily or only under TYPE_CHECKING). A new cycle fails; so does a listed one once broken.
KNOWN_MODULE_CYCLES: set[frozenset[str]] = {
    # check_scenario runs as the schema's validator and reads the schema's types.
    frozenset({"brink.scenario.checks", "brink.scenario.schema"}),
    # The loader applies calibration files, which read the loader's global defaults.
    frozenset({"brink.scenario.calibration", "brink.scenario.loader"}),
    # The package's lazy entry point and the builder that imports its sibling modules.
    frozenset({"brink.report", "brink.report.build"}),
    # The reference's episode holds actors that look back at their episode.
    frozenset({"brink.reference.actor", "brink.reference.episode"}),
}


def module_cycles() -> set[frozenset[str]]:
    """Strongly connected groups of two or more modules (Tarjan)."""
    graph = all_imports()
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: set[frozenset[str]] = set()

    def connect(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(graph.get(node, ())):
            if nxt not in index:
                connect(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            group = set()
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.add(member)
                if member == node:
                    break
            if len(group) > 1:
                found.add(frozenset(group))

    for node in sorted(graph):
        if node not in index:
            connect(node)
    return found


def test_no_new_module_cycle() -> None:
    cycles = module_cycles()
    new = [sorted(c) for c in cycles - KNOWN_MODULE_CYCLES]
    assert not new, f"modules that import each other in a circle: {new}"
    gone = [sorted(c) for c in KNOWN_MODULE_CYCLES - cycles]
    assert not gone, f"broken, so remove them from KNOWN_MODULE_CYCLES: {gone}"
