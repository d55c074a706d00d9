"""Names, summaries and parameters (with defaults) of every formal game.

Kept free of numpy and solver imports so the CLI can list games and defaults in ``--help``
without loading any solver.
"""

from __future__ import annotations

from brink.games.spec import ParamSpec

SUMMARIES: dict[str, str] = {
    "chicken": "Chicken: all equilibria (pure and mixed) and the probability of a crash.",
    "fearon": "Fearon's bargaining range under complete information.",
    "fearon-risk-return": "Fearon's risk-return trade-off: A's offer when B's war cost is private.",
    "attrition": "War of attrition: quitting rate, mean duration, expected payoff.",
    "brinkmanship": "Brinkmanship with a shared risk and two-sided private resolve (Powell).",
    "signalling": "Crisis signalling with private resolve and audience costs: all PBE.",
    "cheap-talk": "Crawford–Sobel cheap talk: number of intervals and their boundaries.",
    "richardson": "Richardson arms race: equilibrium arms levels and their stability.",
}

PARAMS: dict[str, tuple[ParamSpec, ...]] = {
    "chicken": (
        ParamSpec("T", 1.0, "payoff for standing firm while the other concedes (temptation)"),
        ParamSpec("R", 0.0, "payoff when both concede (reward)"),
        ParamSpec("S", -1.0, "payoff for conceding while the other stands firm (sucker)"),
        ParamSpec("P", -10.0, "payoff when both stand firm: the crash (punishment)"),
    ),
    "fearon": (
        ParamSpec("p", 0.5, "probability that A wins a war", "prob"),
        ParamSpec("c_a", 0.1, "A's cost of war (share of the issue)", "nonneg"),
        ParamSpec("c_b", 0.1, "B's cost of war (share of the issue)", "nonneg"),
    ),
    "fearon-risk-return": (
        ParamSpec("p", 0.5, "probability that A wins a war", "prob"),
        ParamSpec("c_a", 0.1, "A's cost of war (share of the issue)", "nonneg"),
        ParamSpec("c_bar", 0.3, "B's private cost is uniform on [0, c_bar]", "nonneg"),
    ),
    "attrition": (
        ParamSpec("V", 1.0, "value of the prize", "positive"),
        ParamSpec("c", 0.1, "cost per unit time of holding out", "positive"),
    ),
    "brinkmanship": (
        ParamSpec("r", 0.05, "risk of disaster carried by one step of escalation", "open_prob"),
        ParamSpec("pi_a", 0.5, "prior probability that A is the high-resolve type", "prob"),
        ParamSpec("win_a", 1.0, "A's payoff if B gives in"),
        ParamSpec("concede_a", 0.0, "A's payoff if A gives in"),
        ParamSpec("disaster_a_high", -2.0, "A's payoff from disaster, high-resolve type"),
        ParamSpec("disaster_a_low", -8.0, "A's payoff from disaster, low-resolve type"),
        ParamSpec("pi_b", 0.4, "prior probability that B is the high-resolve type", "prob"),
        ParamSpec("win_b", 1.0, "B's payoff if A gives in"),
        ParamSpec("concede_b", 0.0, "B's payoff if B gives in"),
        ParamSpec("disaster_b_high", -3.0, "B's payoff from disaster, high-resolve type"),
        ParamSpec("disaster_b_low", -12.0, "B's payoff from disaster, low-resolve type"),
    ),
    "signalling": (
        ParamSpec("pi", 0.3, "prior probability that the challenger is resolute", "prob"),
        ParamSpec("v_c", 1.0, "value of the issue to the challenger", "positive"),
        ParamSpec("v_d", 1.0, "value of the issue to the defender", "positive"),
        ParamSpec("p", 0.5, "probability that the challenger wins a war", "prob"),
        ParamSpec("c_res", 0.2, "war cost of the resolute challenger", "nonneg"),
        ParamSpec("c_irr", 1.0, "war cost of the irresolute challenger", "nonneg"),
        ParamSpec("c_d", 0.7, "defender's war cost", "nonneg"),
        ParamSpec("a", 0.2, "audience cost of backing down after a threat", "nonneg"),
    ),
    "cheap-talk": (
        ParamSpec("b", 0.05, "sender's bias (how far it wants the action moved)", "positive"),
    ),
    "richardson": (
        ParamSpec("a", 1.0, "X's fatigue and expense coefficient", "positive"),
        ParamSpec("b", 1.0, "Y's fatigue and expense coefficient", "positive"),
        ParamSpec("k", 0.5, "X's reaction to Y's arms (defence coefficient)", "nonneg"),
        ParamSpec("l", 0.5, "Y's reaction to X's arms (defence coefficient)", "nonneg"),
        ParamSpec("g", 0.1, "X's grievance (constant drive to arm)"),
        ParamSpec("h", 0.1, "Y's grievance (constant drive to arm)"),
    ),
}


def help_text() -> str:
    """Every game with its parameters and defaults, for ``brink solve --help``."""
    lines = []
    for name, summary in SUMMARIES.items():
        params = " ".join(f"{p.name}={p.default:g}" for p in PARAMS[name])
        lines.append(f"  {name}: {summary}\n      defaults: {params}")
    return "\n".join(lines)
