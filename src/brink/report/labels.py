"""Plain names for dotted input paths, so a policy reader sees "North Korea's resolve prior"
while an analyst can still hover for ``actors.DPRK.resolve_prior`` and `--set` it."""

from __future__ import annotations

from brink.scenario.schema import Scenario

_DROP = {"traits"}


def _words(parts: list[str]) -> str:
    return " ".join(p.replace("_", " ").replace("-", " ") for p in parts if p not in _DROP)


def turn_word(turn_days: int) -> str:
    """What a turn is called, as `brink narrate` names it: Day, Week, else Turn."""
    return {1: "Day", 7: "Week"}.get(turn_days, "Turn")


def possessive(name: str) -> str:
    """ "China's", "United States'"."""
    return f"{name}'" if name.endswith("s") else f"{name}'s"


def input_label(path: str, scenario: Scenario | None = None) -> str:
    """A short readable name: ``actors.China.bias`` → "China's bias"."""
    parts = path.split(".")
    if parts[0] == "actors" and len(parts) >= 3:
        actor = parts[1]
        name = actor
        if scenario is not None and actor in scenario.actors:
            name = scenario.actors[actor].name
        return f"{possessive(name)} {_words(parts[2:])}"
    if parts[0] == "actions" and len(parts) >= 3:
        return f"{_words(parts[2:])} of a {parts[1].replace('-', ' ')}"
    if parts[0] == "channels" and len(parts) >= 3:
        return f"{parts[1]} channel {_words(parts[2:])}"
    if parts[0] == "payoffs" and len(parts) >= 3:
        return f"{possessive(parts[2])} payoff from {_words([parts[1]])}"
    if len(parts) >= 2:
        return f"{_words(parts[1:])} ({_words([parts[0]])})"
    return _words(parts)


def number(x: float) -> str:
    """Three significant figures, without scientific notation for everyday sizes."""
    if x == 0:
        return "0"
    magnitude = abs(x)
    if magnitude >= 1000:
        return f"{x:,.0f}"
    if magnitude >= 1:
        return f"{x:.3g}"
    return f"{x:.2g}" if magnitude < 0.01 else f"{x:.3g}"


def people(x: float) -> str:
    """Casualty counts to two significant figures: more would be false precision."""
    if x != x:  # NaN
        return "—"
    if x == 0:
        return "0"
    from math import floor, log10

    digits = -floor(log10(abs(x))) + 1
    return f"{round(x, digits):,.0f}"


def percent(p: float, digits: int = 1) -> str:
    if p != p:
        return "—"
    return f"{100 * p:.{digits}f}%"
