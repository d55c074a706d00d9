"""Reduce a scenario's challenger–defender core to the crisis signalling game.

The reduction (documented in docs/theory.md, all of it judgement):

* π = challenger's ``resolve_prior``; a = challenger's ``audience_cost``;
  v_c, v_d = the two sides' ``stakes``; c_d = defender's ``war_cost``;
  p = challenger's ``win_probability`` where the scenario has one, else 1/2.
* The irresolute challenger bears the nominal ``war_cost``; the resolute one a share
  ``resolute_cost_share`` of it (the scenario's ``beliefs.resolute_war_cost``, as the engine
  uses it; 1/4 when a scenario has none): resolve is modelled as a lower cost of war.
* The defender's resolve is treated as known (the game has one-sided private information), so
  its ``resolve_prior`` and ``audience_cost`` are not used; they are listed in the output.

The value of calculated ambiguity is then the difference between the headline perfect
Bayesian equilibrium and the benchmark in which the challenger's resolve is known to both.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from brink.errors import BrinkInputError
from brink.games.signalling import SignallingGame


@dataclass(frozen=True)
class CrisisCore:
    """The numbers of a scenario that the signalling game needs (nominal values)."""

    challenger_resolve_prior: float
    challenger_war_cost: float
    challenger_audience_cost: float
    challenger_stakes: float
    defender_resolve_prior: float
    defender_war_cost: float
    defender_audience_cost: float
    defender_stakes: float
    challenger_win_probability: float = 0.5
    resolute_cost_share: float = 0.25
    challenger: str = "challenger"
    defender: str = "defender"


UNUSED = ("defender_resolve_prior", "defender_audience_cost")


def reduce_core(core: CrisisCore) -> dict[str, float]:
    """Signalling-game parameters (CLI names) from the crisis core."""
    return {
        "pi": core.challenger_resolve_prior,
        "v_c": core.challenger_stakes,
        "v_d": core.defender_stakes,
        "p": core.challenger_win_probability,
        "c_res": core.resolute_cost_share * core.challenger_war_cost,
        "c_irr": core.challenger_war_cost,
        "c_d": core.defender_war_cost,
        "a": core.challenger_audience_cost,
    }


def reduce_to_game(core: CrisisCore) -> SignallingGame:
    """The signalling game itself (unchecked: use the registry to validate user overrides)."""
    return SignallingGame(**reduce_core(core))


def core_summary(core: CrisisCore) -> dict[str, Any]:
    """The core as JSON, with the inputs the one-sided game leaves out."""
    return {**asdict(core), "unused": list(UNUSED)}


def _nominal(param: Any, where: str) -> float:
    for attr in ("nominal", "value"):
        value = getattr(param, attr, None)
        if isinstance(value, int | float):
            return float(value)
    raise BrinkInputError(f"solve signalling: scenario input {where}: expected a number")


def _actor(scenario: Any, role: str) -> tuple[str, Any]:
    actor = getattr(scenario, role)
    if isinstance(actor, str):  # the scenario names the actor; the object sits alongside
        return actor, getattr(scenario, f"{role}_actor")
    return str(getattr(actor, "name", role)), actor


def core_from_scenario(scenario: Any) -> CrisisCore:
    """Read the crisis core (nominal values) off a loaded scenario."""
    c_name, c = _actor(scenario, "challenger")
    d_name, d = _actor(scenario, "defender")
    values: dict[str, Any] = {"challenger": c_name, "defender": d_name}
    for prefix, actor, name in (("challenger", c, c_name), ("defender", d, d_name)):
        for field in ("resolve_prior", "war_cost", "audience_cost", "stakes"):
            values[f"{prefix}_{field}"] = _nominal(getattr(actor, field), f"{name}.{field}")
    win = getattr(c, "win_probability", None)
    if win is not None:
        values["challenger_win_probability"] = _nominal(win, f"{c_name}.win_probability")
    beliefs = getattr(scenario, "beliefs", None)
    share = getattr(beliefs, "resolute_war_cost", None)
    if share is not None:  # the engine's own notion of resolve: a lower felt cost of war
        values["resolute_cost_share"] = _nominal(share, "beliefs.resolute_war_cost")
    return CrisisCore(**values)


def load_core(name: str) -> CrisisCore:
    """Load scenario ``name`` (built-in or path) and read its crisis core."""
    from brink.scenario.loader import load_scenario

    return core_from_scenario(load_scenario(name))


def solve_core(core: CrisisCore, overrides: dict[str, float] | None = None,
               scenario: str | None = None):  # -> Solution (import kept lazy)
    """Solve the reduced signalling game; ``overrides`` replace reduced parameters by name."""
    from brink.games.params import resolve_params
    from brink.games.registry import checked, get_spec
    from brink.games.spec import Solution

    spec = get_spec("signalling")
    params = resolve_params(spec, {**reduce_core(core), **(overrides or {})})
    base = checked(spec, params)
    data = {"scenario": scenario, "core": core_summary(core), **base.data}
    lead = (f"Scenario {scenario}: {core.challenger} (challenger) threatens, {core.defender} "
            f"(defender) resists or concedes; resolve prior {core.challenger_resolve_prior:.3g}, "
            f"audience cost {core.challenger_audience_cost:.3g}.") if scenario else None
    explanation = ([lead] if lead else []) + base.explanation
    return Solution(base.game, base.params, data, explanation)


def solve_scenario(name: str, assignments: list[str] | tuple[str, ...] = ()):  # -> Solution
    """``brink solve signalling --from-scenario NAME [--param ...]``."""
    from brink.games.params import parse_assignments
    from brink.games.registry import get_spec

    overrides = parse_assignments(get_spec("signalling"), assignments)
    return solve_core(load_core(name), overrides, scenario=name)
