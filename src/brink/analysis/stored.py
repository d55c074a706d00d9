"""Typed analysis results to and from a run folder, per method and policy.

Writing splits a result by policy (``brink.store.results`` owns the files); reading merges
the policies stored, says which of the run's policies are not covered, and falls back to the
single file older run folders hold. A file that cannot be read as the typed result is
reported, never guessed at.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from brink.analysis.discovery_result import DiscoveryResult
from brink.analysis.sensitivity_result import SensitivityResult
from brink.store.results import legacy_path, read_legacy, read_results, write_result
from brink.store.runs import RunFolder

R = TypeVar("R", SensitivityResult, DiscoveryResult)


@dataclass(frozen=True)
class Stored(Generic[R]):
    """What a run folder holds for one method: the merged result (None if nothing usable),
    where it came from, the run's policies it does not cover, and files that could not be read."""

    result: R | None
    source: str
    missing: tuple[str, ...] = ()
    unreadable: tuple[str, ...] = field(default=())


def store_sensitivity(run: RunFolder, result: SensitivityResult) -> list[str]:
    """One file per analysed policy under ``results/<method>/``; returns their paths."""
    return [
        str(write_result(run, result.method, p, result.for_policy(p).to_json()))
        for p in result.policies
    ]


def store_discovery(run: RunFolder, result: DiscoveryResult) -> list[str]:
    return [
        str(write_result(run, result.method, p, result.for_policy(p).to_json()))
        for p in result.policies
    ]


def _load(
    run: RunFolder,
    method: str,
    parse: Callable[[dict[str, Any]], R],
    merge: Callable[[Sequence[R], Sequence[str]], R],
) -> Stored[R]:
    policies = list(run.manifest["options"]["policies"])
    found, unreadable = read_results(run, method)
    parts: list[R] = []
    bad = list(unreadable)
    for policy, payload in found.items():
        try:
            parts.append(parse(payload))
        except (KeyError, TypeError, ValueError):
            bad.append(f"results/{method}/{policy}.json")
    source = f"results/{method}/"
    if not parts:
        legacy = read_legacy(run, method)
        path = legacy_path(run, method)
        if legacy is not None:
            try:
                parts = [parse(legacy)]
                source = path.name
            except (KeyError, TypeError, ValueError):
                bad.append(path.name)
        elif path.is_file():
            bad.append(path.name)
    if not parts:
        return Stored(None, "", tuple(policies), tuple(bad))
    result = merge(parts, policies)
    missing = tuple(p for p in policies if p not in result.policies)
    return Stored(result, source, missing, tuple(bad))


def load_sensitivity(run: RunFolder, method: str) -> Stored[SensitivityResult]:
    return _load(run, method, SensitivityResult.from_json, SensitivityResult.merge)


def load_discovery(run: RunFolder, outcome: str = "war") -> Stored[DiscoveryResult]:
    method = f"discover-{outcome.replace(':', '-')}"
    return _load(run, method, DiscoveryResult.from_json, DiscoveryResult.merge)
