"""Reduce a scenario's challenger–defender core to the crisis signalling game.

The reduction (documented in docs/theory.md, all of it judgement):

* π = challenger's ``resolve_prior``; a = challenger's ``audience_cost`` (0 without one);
  v_c, v_d = the two leads' ``stakes``; c_d = defender's ``war_cost``;
  p = P(the challenger's side prevails in a major war), as the engine has it: the ``strength``
  of the challenger's side (its members at full cohesion) over both sides' (1/2 when no actor
  has a strength). The first-strike bonus is left out: the game has no first mover in war.
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
from typing import TYPE_CHECKING, Any

from brink.errors import BrinkInputError
from brink.games.signalling import SignallingGame

if TYPE_CHECKING:  # the import stays lazy at run time
    from brink.games.spec import Solution


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
    """The single number of an input: a fixed value, or the mean of its distribution."""
    for attr in ("nominal", "value"):
        value = getattr(param, attr, None)
        if callable(value):
            value = value()
        if isinstance(value, int | float) and not isinstance(value, bool):
            return float(value)
    raise BrinkInputError(f"solve signalling: scenario input {where}: expected a number")


def _strength(scenario: Any, lead: str) -> float:
    """A side's military weight at full cohesion: its members' nominal strength."""
    return sum(
        _nominal(scenario.actors[m].strength, f"actors.{m}.strength")
        for m in scenario.members(lead)
        if scenario.actors[m].strength is not None
    )


def core_from_scenario(scenario: Any) -> CrisisCore:
    """Read the crisis core (nominal values) off a loaded scenario (schema 2)."""
    c_name, d_name = scenario.challenger, scenario.defender
    c, d = scenario.actors[c_name], scenario.actors[d_name]
    values: dict[str, Any] = {"challenger": c_name, "defender": d_name}
    for prefix, actor, name in (("challenger", c, c_name), ("defender", d, d_name)):
        for field in ("resolve_prior", "war_cost", "audience_cost", "stakes"):
            param = getattr(actor, field)
            where = f"actors.{name}.{field}"
            if param is not None:
                values[f"{prefix}_{field}"] = _nominal(param, where)
            elif field == "resolve_prior" and prefix == "challenger":
                raise BrinkInputError(
                    f"solve signalling: scenario input {where}: the challenger needs a private "
                    "type (resolve_prior) for the signalling game"
                )
            else:  # the engine's defaults: no audience cost, no stakes; a known type
                values[f"{prefix}_{field}"] = 1.0 if field == "resolve_prior" else 0.0
    mine, theirs = _strength(scenario, c_name), _strength(scenario, d_name)
    if mine + theirs > 0:
        values["challenger_win_probability"] = mine / (mine + theirs)
    values["resolute_cost_share"] = _nominal(
        scenario.beliefs.resolute_war_cost, "beliefs.resolute_war_cost"
    )
    return CrisisCore(**values)


def load_core(name: str) -> CrisisCore:
    """Load scenario ``name`` (built-in or path) and read its crisis core."""
    from brink.scenario.loader import load_scenario

    return core_from_scenario(load_scenario(name))


def solve_core(
    core: CrisisCore, overrides: dict[str, float] | None = None, scenario: str | None = None
) -> Solution:
    """Solve the reduced signalling game; ``overrides`` replace reduced parameters by name."""
    from brink.games.params import resolve_params
    from brink.games.registry import checked, get_spec
    from brink.games.spec import Solution

    spec = get_spec("signalling")
    params = resolve_params(spec, {**reduce_core(core), **(overrides or {})})
    base = checked(spec, params)
    data = {"scenario": scenario, "core": core_summary(core), **base.data}
    lead = (
        (
            f"Scenario {scenario}: {core.challenger} (challenger) threatens, {core.defender} "
            f"(defender) resists or concedes; resolve prior {core.challenger_resolve_prior:.3g}, "
            f"audience cost {core.challenger_audience_cost:.3g}."
        )
        if scenario
        else None
    )
    explanation = ([lead] if lead else []) + base.explanation
    return Solution(base.game, base.params, data, explanation)


def solve_scenario(name: str, assignments: list[str] | tuple[str, ...] = ()) -> Solution:
    """``brink solve signalling --from-scenario NAME [--param ...]``."""
    from brink.games.params import parse_assignments
    from brink.games.registry import get_spec

    overrides = parse_assignments(get_spec("signalling"), assignments)
    return solve_core(load_core(name), overrides, scenario=name)
