"""Reduce a scenario's challenger–defender core to the crisis signalling game.

The reduction (documented in docs/theory.md, "From a scenario") values each of the game's
outcomes as the engine does, at the state every episode starts in (``games.engine_terms``
reads them off ``brink.model.values``), each relative to the standoff going on (the game's
status quo, 0 to both):

* π = challenger's ``resolve_prior``;
* a = what the engine charges the challenger for backing down from its threat once the
  defender defies it (``values.retreat_cost``: approval_value · audience_cost · C · (1 + ego),
  approval valued at the start, C the commitment one threat raises from 0); the threat is its
  public move with the largest commitment that is neither a held measure nor force
  (``engine_terms.threat_move``); 0, with a note, without such a move, an audience cost or a
  public (approval);
* v_c = the challenger's value of the defender backing down less its status quo W_C;
  v_d = the defender's status quo W_D less its value of backing down (what conceding costs it);
* p = P(the challenger wins the stakes in a war it starts): the share of wars decided by
  defeat (1 − ``war.ceasefire_share``) times its side's P(prevail) — its strength share plus
  ``war.first_strike_bonus``, since the game's war is the challenger fighting a defender that
  resisted;
* c_θ, c_d: what makes the game's war payoffs, p·v_c − c_θ and −p·v_d − c_d, the engine's war
  value less the status quo: the war cost by type (``beliefs.resolute_war_cost`` for the
  resolute one, allies' exposure included) times the nuclear factor (1 − P_nuc + P_nuc·M),
  plus what a war ends (the status quo's flows) and the gap between the war's prize and the
  game's (the stakes won against v_c; for the defender, keeping the issue with 1 − p).

With no ceasefires, first strikes, nuclear risk or allies and a status quo in which the
defender holds the issue (W_D = v_d, backing down worth 0, W_C = 0, the concession worth the
challenger's stakes) this is the game's own normalisation: v = stakes, p = strength share, c =
war cost (``plain_terms``); with approval_value · C · (1 + ego) = 1 besides, a = audience_cost
(the bridge instance is built so). The defender's resolve is treated as known (the game has
one-sided private information), so its ``resolve_prior`` and ``audience_cost`` are not used and
its war cost is the nominal (irresolute) type's; they are listed in the output.

The value of calculated ambiguity is then the difference between the headline perfect
Bayesian equilibrium and the benchmark in which the challenger's resolve is known to both.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Any

from brink.errors import BrinkInputError
from brink.games.engine_terms import EngineTerms
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
    #: The engine's values of the game's outcomes (None: the game's own normalisation).
    engine: EngineTerms | None = None


UNUSED = ("defender_resolve_prior", "defender_audience_cost")


def plain_terms(core: CrisisCore) -> EngineTerms:
    """The engine's terms under the game's own normalisation: decisive wars, no first-strike
    bonus, no nuclear risk, no allies; the defender holds the issue (status quo worth v_d,
    backing down worth 0), the challenger's status quo 0 and the concession worth its stakes;
    an empty threat costs the audience cost itself (a threat that commits fully, C = 1, and
    approval worth 1 to a leader without ego)."""
    p = core.challenger_win_probability
    c_irr, c_res = core.challenger_war_cost, core.resolute_cost_share * core.challenger_war_cost
    return EngineTerms(
        prevail=p,
        prevail_defender=1.0 - p,
        ceasefire_share=0.0,
        first_strike_bonus=0.0,
        p_nuclear=0.0,
        nuclear_multiplier=1.0,
        challenger_war_cost=c_irr,
        challenger_war_cost_resolute=c_res,
        defender_war_cost=core.defender_war_cost,
        challenger_status_quo=0.0,
        defender_status_quo=core.defender_stakes,
        challenger_concession=core.challenger_stakes,
        defender_concession=0.0,
        challenger_war_value=core.challenger_stakes * p - c_irr,
        challenger_war_value_resolute=core.challenger_stakes * p - c_res,
        defender_war_value=core.defender_stakes * (1.0 - p) - core.defender_war_cost,
        threat_move_commitment=1.0,
        threat_commitment=1.0,
        approval_value=1.0,
        audience_cost=core.challenger_audience_cost,
        retreat_cost=core.challenger_audience_cost,
    )


def reduce_core(core: CrisisCore) -> dict[str, float]:
    """Signalling-game parameters (CLI names) from the crisis core: each outcome's payoff is the
    engine's value of it less the status quo (module docstring; docs/theory.md)."""
    t = core.engine if core.engine is not None else plain_terms(core)
    v_c = t.challenger_concession - t.challenger_status_quo
    v_d = t.defender_status_quo - t.defender_concession
    p = t.decisive * t.prevail
    factor = t.nuclear_factor
    # War ends the challenger's status quo; its prize is the stakes, not the concession's v_c.
    ends_c = t.challenger_status_quo + p * (v_c - core.challenger_stakes)
    # War ends the defender's status quo; it wins the stakes with P(decisive)·P(prevail),
    # where the game has it lose v_d with probability p and keep the status quo otherwise.
    won_d = t.decisive * t.prevail_defender * core.defender_stakes
    ends_d = t.defender_status_quo - p * v_d - won_d
    return {
        "pi": core.challenger_resolve_prior,
        "v_c": v_c,
        "v_d": v_d,
        "p": p,
        "c_res": t.challenger_war_cost_resolute * factor + ends_c,
        "c_irr": t.challenger_war_cost * factor + ends_c,
        "c_d": t.defender_war_cost * factor + ends_d,
        "a": t.retreat_cost,
    }


def reduce_to_game(core: CrisisCore) -> SignallingGame:
    """The signalling game itself (unchecked: use the registry to validate user overrides)."""
    return SignallingGame(**reduce_core(core))


def core_summary(core: CrisisCore) -> dict[str, Any]:
    """The core as JSON, with the inputs the one-sided game leaves out."""
    doc = {**asdict(core), "unused": list(UNUSED)}
    if core.engine is not None:
        doc["engine"]["decisive"] = core.engine.decisive
        doc["engine"]["nuclear_factor"] = core.engine.nuclear_factor
    return doc


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
    """Read the crisis core (nominal values) off a loaded scenario (schema 2), with the
    engine's values of the game's outcomes at those values."""
    from brink.games.engine_terms import nominal_terms

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
    return CrisisCore(**values, engine=nominal_terms(scenario))


def load_core(name: str) -> CrisisCore:
    """Load scenario ``name`` (built-in or path) and read its crisis core."""
    from brink.scenario.loader import load_scenario

    return core_from_scenario(load_scenario(name))


def engine_line(t: EngineTerms) -> str:
    """What the reduction read off the engine's war value, in words."""
    return (
        f"War as the engine values it: decided by defeat in {t.decisive:.0%} of wars "
        f"(ceasefire share {t.ceasefire_share:.3g}), the challenger's side prevails with "
        f"{t.prevail:.3g} when it strikes first (bonus {t.first_strike_bonus:.3g}), goes nuclear "
        f"with {t.p_nuclear:.3g} (costs x{t.nuclear_factor:.3g}); status quo worth "
        f"{t.challenger_status_quo:.3g} to the challenger, {t.defender_status_quo:.3g} to the "
        f"defender, who values backing down at {t.defender_concession:.3g}."
    )


def threat_line(t: EngineTerms) -> str:
    """What the reduction read as the price of an empty threat (the game's a), in words."""
    if t.threat_note:
        return f"An empty threat costs the challenger nothing (a = 0): {t.threat_note}."
    if t.threat is None:
        return f"An empty threat costs the challenger its audience cost, a = {t.retreat_cost:.3g}."
    return (
        f"An empty threat costs the challenger a = {t.retreat_cost:.3g}: backing down from "
        f"'{t.threat}' (commitment {t.threat_move_commitment:.3g}; C = "
        f"{t.threat_commitment:.3g} with ego {t.ego:.3g}) loses audience cost "
        f"{t.audience_cost:.3g} x C of approval, worth {t.approval_value:.3g} a point, "
        "x (1 + ego)."
    )


def solve_core(
    core: CrisisCore, overrides: dict[str, float] | None = None, scenario: str | None = None
) -> Solution:
    """Solve the reduced signalling game; ``overrides`` replace reduced parameters by name."""
    from brink.games.params import resolve_params
    from brink.games.registry import checked, get_spec
    from brink.games.spec import Solution

    spec = get_spec("signalling")
    try:
        params = resolve_params(spec, {**reduce_core(core), **(overrides or {})})
    except BrinkInputError as error:
        if scenario is None:
            raise
        raise BrinkInputError(
            f"{error}, as the engine values scenario {scenario}'s outcomes (docs/theory.md, "
            "'From a scenario')"
        ) from None
    base = checked(spec, params)
    data = {"scenario": scenario, "core": core_summary(core), **base.data}
    lead = [
        f"Scenario {scenario}: {core.challenger} (challenger) threatens, {core.defender} "
        f"(defender) resists or concedes; resolve prior {core.challenger_resolve_prior:.3g}, "
        f"audience cost {core.challenger_audience_cost:.3g}."
    ]
    if core.engine is not None:
        lead.append(engine_line(core.engine))
        lead.append(threat_line(core.engine))
    explanation = (lead if scenario else []) + base.explanation
    return Solution(base.game, base.params, data, explanation)


def solve_scenario(name: str, assignments: list[str] | tuple[str, ...] = ()) -> Solution:
    """``brink solve signalling --from-scenario NAME [--param ...]``."""
    from brink.games.params import parse_assignments
    from brink.games.registry import get_spec

    overrides = parse_assignments(get_spec("signalling"), assignments)
    return solve_core(load_core(name), overrides, scenario=name)
