"""The signalling-game reduction over a scenario's ranges, not at its midpoints.

A scenario gives most inputs as ranges (uniform, triangular, ...). The reduction of
:mod:`brink.games.from_scenario` at the nominal values answers for one point of that box, and
an equilibrium is a discontinuous function of its parameters (cuba-1962's midpoints give "no
threat"; 1.5% of the draws of its box give threats by both types). So the game is
solved once per draw of the scenario's inputs (the same draws the engine uses: same seed, same
streams), and what is reported is the distribution over draws: the share of draws whose
headline equilibrium is of each kind, P(war) and the value of calculated ambiguity (headline
equilibrium minus the complete-information benchmark) with their means (and a 95% interval for
the mean) and their 2.5–97.5% spread over the box. Each draw's game is valued as the engine
values that draw's outcomes (``games.engine_terms``).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

import numpy as np

from brink.analysis.intervals import Z95_ROUNDED, mean_interval
from brink.errors import BrinkInputError
from brink.games.from_scenario import CrisisCore, reduce_core
from brink.games.signalling import SignallingGame, analyse


@dataclass(frozen=True)
class Spread:
    """A quantity over the draws: its mean (95% interval of the mean) and 2.5–97.5% spread."""

    mean: float
    mean_lo: float
    mean_hi: float
    low: float
    high: float

    @classmethod
    def of(cls, values: np.ndarray) -> Spread:
        values = np.asarray(values, dtype=float)
        mean, lo, hi = mean_interval(values, Z95_ROUNDED)
        low, high = np.percentile(values, [2.5, 97.5])
        return cls(mean, lo, hi, float(low), float(high))

    def to_json(self) -> dict[str, float]:
        return {
            "mean": self.mean,
            "mean_lo": self.mean_lo,
            "mean_hi": self.mean_hi,
            "p2_5": self.low,
            "p97_5": self.high,
        }


@dataclass(frozen=True)
class OverRanges:
    """The game solved at every draw of the scenario's inputs."""

    scenario: str
    seed: int
    draws: int
    kinds: dict[str, float]  # headline equilibrium kind -> share of draws
    p_war: Spread
    ambiguity_p_war: Spread  # value of ambiguity: change in P(war)
    ambiguity_payoff: Spread  # ... in the challenger's payoff
    complete_p_war: Spread  # P(war) with the challenger's resolve known
    threat_share: float  # share of draws where some type threatens in the headline PBE
    #: Draws whose reduction leaves the game's domain (v_c or v_d <= 0, a negative cost):
    #: left out of every share and statistic above.
    outside_domain: int = 0

    def to_json(self) -> dict[str, Any]:
        return {
            "scenario": self.scenario,
            "seed": self.seed,
            "draws": self.draws,
            "equilibrium_kinds": self.kinds,
            "threat_share": self.threat_share,
            "outside_domain": self.outside_domain,
            "p_war": self.p_war.to_json(),
            "complete_information_p_war": self.complete_p_war.to_json(),
            "value_of_ambiguity": {
                "p_war": self.ambiguity_p_war.to_json(),
                "payoff_challenger": self.ambiguity_payoff.to_json(),
            },
        }

    def lines(self) -> list[str]:
        """The result in words, with what it is conditional on."""
        kinds = ", ".join(f"{kind} {share:.0%}" for kind, share in self.kinds.items())
        p, amb = self.p_war, self.ambiguity_p_war
        return [
            f"Over the scenario's ranges ({self.draws:,} draws of its inputs, seed {self.seed}):",
            f"  headline equilibrium: {kinds}",
            f"  P(war) {p.mean:.3f} (mean; 95% {p.mean_lo:.3f}-{p.mean_hi:.3f}), "
            f"2.5-97.5% of draws {p.low:.3f}-{p.high:.3f}",
            f"  value of ambiguity for P(war) {amb.mean:+.3f} (95% {amb.mean_lo:+.3f} to "
            f"{amb.mean_hi:+.3f}), 2.5-97.5% of draws {amb.low:+.3f} to {amb.high:+.3f}",
        ] + (
            [f"  {self.outside_domain:,} draws left out: their reduction leaves the game's domain"]
            if self.outside_domain
            else []
        )


def _strengths(scenario: Any, inputs: Any, lead: str, n: int) -> np.ndarray:
    total = np.zeros(n)
    for member in scenario.members(lead):
        path = f"actors.{member}.strength"
        if path in inputs:
            total = total + np.broadcast_to(np.asarray(inputs[path], dtype=float), (n,))
    return total


def cores_over_ranges(scenario: Any, draws: int, seed: int) -> list[CrisisCore]:
    """One crisis core per draw of the scenario's inputs (the engine's draws for ``seed``),
    with the engine's values of the game's outcomes at that draw."""
    from brink.games.engine_terms import read_terms, start

    crisis = start(scenario, np.arange(draws, dtype=np.int64), seed)
    inputs = crisis.inputs
    terms = read_terms(crisis)

    def column(path: str, default: float) -> np.ndarray:
        if path not in inputs:
            return np.full(draws, default)
        return np.broadcast_to(np.asarray(inputs[path], dtype=float), (draws,))

    c, d = scenario.challenger, scenario.defender
    mine, theirs = _strengths(scenario, inputs, c, draws), _strengths(scenario, inputs, d, draws)
    total = mine + theirs
    win = np.where(total > 0, mine / np.where(total > 0, total, 1.0), 0.5)
    fields: dict[str, np.ndarray] = {}
    for prefix, name in (("challenger", c), ("defender", d)):
        for field in ("resolve_prior", "war_cost", "audience_cost", "stakes"):
            default = 1.0 if field == "resolve_prior" else 0.0
            fields[f"{prefix}_{field}"] = column(f"actors.{name}.{field}", default)
    share = column("beliefs.resolute_war_cost", 0.25)
    return [
        CrisisCore(
            **{key: float(values[i]) for key, values in fields.items()},
            challenger_win_probability=float(win[i]),
            resolute_cost_share=float(share[i]),
            challenger=c,
            defender=d,
            engine=terms[i],
        )
        for i in range(draws)
    ]


def solve_over_ranges(scenario: Any, draws: int = 2000, seed: int = 0) -> OverRanges:
    """Solve the reduced signalling game at every draw of ``scenario``'s inputs."""
    kinds: Counter[str] = Counter()
    p_war, amb_war, amb_pay, full_war = [], [], [], []
    threats = outside = 0
    for core in cores_over_ranges(scenario, draws, seed):
        params = reduce_core(core)
        params["c_res"] = min(params["c_res"], params["c_irr"])  # a share <= 1 (checked)
        if not in_domain(params):
            outside += 1
            continue
        data = analyse(SignallingGame(**params))
        head = data["selected"]
        kinds[head["kind"]] += 1
        threats += head["threat_resolute"] + head["threat_irresolute"] > 0
        p_war.append(data["p_war"])
        full_war.append(data["complete_information"]["p_war"])
        amb_war.append(data["value_of_ambiguity"]["p_war"])
        amb_pay.append(data["value_of_ambiguity"]["payoff_challenger"])
    solved = draws - outside
    if not solved:
        raise BrinkInputError(
            f"solve signalling: scenario {scenario.id}: at every draw the reduction leaves the "
            "game's domain (v_c or v_d <= 0, or a negative cost: docs/theory.md)"
        )
    return OverRanges(
        scenario=scenario.id,
        seed=seed,
        draws=draws,
        kinds={kind: count / solved for kind, count in kinds.most_common()},
        p_war=Spread.of(np.array(p_war)),
        ambiguity_p_war=Spread.of(np.array(amb_war)),
        ambiguity_payoff=Spread.of(np.array(amb_pay)),
        complete_p_war=Spread.of(np.array(full_war)),
        threat_share=threats / solved,
        outside_domain=outside,
    )


def in_domain(params: dict[str, float]) -> bool:
    """The reduced parameters lie in the game's domain (catalogue: positive values, a
    probability, non-negative costs and audience cost)."""
    from brink.games.catalogue import PARAMS

    return all(spec.accepts(params[spec.name]) for spec in PARAMS["signalling"])
