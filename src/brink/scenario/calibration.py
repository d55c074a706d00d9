"""Calibration files: a few global parameters fitted across the case library, applied once.

A calibration file (YAML, written by ``brink backtest --calibrate``) replaces up to six of
Brink's global mechanism parameters (``globals.yaml``) by fitted ones. Each fitted parameter is
a *scale*: the globals.yaml value or range multiplied by one factor, so the judged shape of the
range is kept and only its level is learned from history (docs/backtest.md, "Calibration").
The scenario loader calls :func:`defaults` to fill the globals a scenario leaves out — a
scenario that sets a parameter itself keeps its own value — and records :func:`describe` as
the "conditional on" line of every result.

Written here once; ``brink run``, ``brink compare`` and ``brink backtest`` all go through it.
"""

from __future__ import annotations

import copy
import difflib
import functools
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from brink.errors import BrinkInputError

#: ``--calibration`` value meaning "the calibration shipped with Brink" (the default).
DEFAULT = "default"
#: ``--calibration`` value meaning "no calibration: globals.yaml as it is".
NONE = "none"
SHIPPED = "calibration.yaml"
MAX_PARAMETERS = 6
FORMAT = 1
UNCALIBRATED = "none: Brink's global defaults (globals.yaml)"


@dataclass(frozen=True)
class Calibration:
    """A calibration file as read: fitted scales, their intervals and provenance."""

    origin: str
    scales: dict[str, float]
    intervals: dict[str, tuple[float, float]]
    cases: tuple[str, ...]
    brink_version: str
    commit: str
    date: str

    def param(self, path: str) -> dict[str, Any]:
        """The raw Param mapping that replaces global ``path`` (its range times the scale)."""
        return scaled_param(_global_raw(path), self.scales[path], self.source(path))

    def source(self, path: str) -> str:
        lo, hi = self.intervals.get(path, (float("nan"), float("nan")))
        return (
            f"calibrated: globals.yaml x {self.scales[path]:.3g} (95% interval {lo:.3g}-{hi:.3g}), "
            f"fitted by maximum likelihood on {len(self.cases)} cases ({self.origin}, {self.date})"
        )


def scaled_param(raw: dict[str, Any], scale: float, source: str) -> dict[str, Any]:
    """``raw`` (a globals.yaml Param mapping) with its value or bounds multiplied by ``scale``.

    A uniform or log-uniform draw at uniform u is then exactly ``scale`` times the draw of the
    original at the same u, which the calibration's design relies on (common random numbers).
    """
    if scale <= 0:
        raise ValueError(f"a calibration scale must be positive (got {scale})")
    out = {k: v for k, v in raw.items() if k not in ("judgement", "note", "source")}
    for key in ("value", "low", "high", "mode"):
        if key in out and out[key] is not None:
            out[key] = float(out[key]) * scale
    if out.get("dist") == "beta":
        raise ValueError("a beta-distributed global cannot be calibrated by a scale")
    out["source"] = source
    return out


@functools.cache
def _globals() -> dict[str, dict[str, Any]]:
    from brink.scenario.loader import global_defaults

    return global_defaults()


def global_paths() -> list[str]:
    """Every global parameter path (``block.name``) of globals.yaml."""
    return [f"{block}.{name}" for block, fields in _globals().items() for name in fields]


def _global_raw(path: str) -> dict[str, Any]:
    block, _, name = path.partition(".")
    return _globals()[block][name]


def unfittable(path: str) -> str | None:
    """Why global ``path`` cannot be a calibrated parameter, or None when it can be."""
    known = global_paths()
    if path not in known:
        close = difflib.get_close_matches(path, sorted(known), n=1)
        return "not a global parameter of globals.yaml" + (
            f" (did you mean {close[0]}?)" if close else ""
        )
    if _global_raw(path).get("dist") == "beta":
        return "a beta-distributed global has no scale"
    return None


def _fail(origin: str, message: str) -> BrinkInputError:
    return BrinkInputError(f"{origin}: {message}")


def read_calibration(path: str | Path) -> Calibration:
    """Read and check a calibration file; every problem is one line naming the file."""
    import yaml

    origin = str(path)
    file = Path(path)
    if not file.is_file():
        raise _fail(
            origin,
            "no such calibration file (give a file written by `brink backtest "
            "--calibrate`, `default` for the shipped one or `none`)",
        )
    try:
        data = yaml.safe_load(file.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as error:
        first = str(error).splitlines()[0] if str(error) else type(error).__name__
        raise _fail(origin, f"cannot read the calibration file: {first}") from None
    return parse_calibration(data, origin)


def parse_calibration(data: Any, origin: str) -> Calibration:
    """Check the mapping of a calibration file (see docs/backtest.md, "Calibration file")."""
    if not isinstance(data, dict) or "parameters" not in data:
        raise _fail(origin, "expected a calibration file: a mapping with `parameters:`")
    if data.get("format") != FORMAT:
        raise _fail(origin, f"format: expected {FORMAT} (got {data.get('format')!r})")
    params = data["parameters"]
    if not isinstance(params, dict) or not params:
        raise _fail(origin, "parameters: expected a mapping of global parameter paths")
    if len(params) > MAX_PARAMETERS:
        raise _fail(
            origin, f"parameters: at most {MAX_PARAMETERS} global parameters (got {len(params)})"
        )
    scales: dict[str, float] = {}
    intervals: dict[str, tuple[float, float]] = {}
    for path, entry in params.items():
        reason = unfittable(str(path))
        if reason:
            raise _fail(origin, f"parameters.{path}: {reason}")
        if not isinstance(entry, dict) or "scale" not in entry:
            raise _fail(origin, f"parameters.{path}: expected a mapping with `scale:`")
        scale = entry["scale"]
        if isinstance(scale, bool) or not isinstance(scale, int | float) or not scale > 0:
            raise _fail(origin, f"parameters.{path}.scale: expected a positive number")
        scales[path] = float(scale)
        interval = entry.get("interval", [float("nan"), float("nan")])
        if not (isinstance(interval, list) and len(interval) == 2):
            raise _fail(origin, f"parameters.{path}.interval: expected [low, high]")
        intervals[path] = (float(interval[0]), float(interval[1]))
    cases = data.get("cases", [])
    if not isinstance(cases, list):
        raise _fail(origin, "cases: expected a list of case ids")
    return Calibration(
        origin=origin,
        scales=scales,
        intervals=intervals,
        cases=tuple(str(c) for c in cases),
        brink_version=str(data.get("brink_version", "?")),
        commit=str(data.get("commit", "?")),
        date=str(data.get("date", "?")),
    )


def shipped_path() -> Path:
    return Path(str(resources.files("brink.scenario").joinpath(SHIPPED)))


@functools.cache
def shipped() -> Calibration | None:
    """The calibration shipped with Brink (None while none has been fitted)."""
    path = shipped_path()
    if not path.is_file():
        return None
    calibration = read_calibration(path)
    return Calibration(**{**calibration.__dict__, "origin": f"{SHIPPED} (shipped)"})


def resolve(spec: str | Calibration | None) -> Calibration | None:
    """``default`` → the shipped calibration; ``none``/None → none; else a file's path."""
    if isinstance(spec, Calibration):
        return spec
    if spec is None or spec.strip().lower() == NONE:
        return None
    if spec == DEFAULT:
        return shipped()
    return read_calibration(spec)


def defaults(calibration: Calibration | None) -> dict[str, dict[str, Any]]:
    """globals.yaml with the calibration's parameters in place (what the loader fills in)."""
    out = copy.deepcopy(_globals())
    if calibration is None:
        return out
    for path in calibration.scales:
        block, _, name = path.partition(".")
        out[block][name] = calibration.param(path)
    return out


def describe(calibration: Calibration | None) -> str:
    """The "conditional on" text for results computed under ``calibration``."""
    if calibration is None:
        return UNCALIBRATED
    fitted = ", ".join(f"{p} x{s:.3g}" for p, s in calibration.scales.items())
    return (
        f"{calibration.origin}: {fitted} (fitted {calibration.date} on "
        f"{len(calibration.cases)} cases; brink {calibration.brink_version}, "
        f"commit {calibration.commit})"
    )
