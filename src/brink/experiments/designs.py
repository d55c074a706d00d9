"""Sensitivity designs as experiments: the child run a method needs, made or reused.

Morris screening and Sobol' indices each need their own design of draws. When a stored run
was not sampled for the method, a child run with the method's design — same scenario JSON,
seed, opponent, policies and (unless told) replications — is planned here like any other
run, and stored beside its parent as ``<parent>-<method>[-<policy>]``. The analysis of the
design (``brink.analysis.sensitivity``) only reads it.
"""

from __future__ import annotations

from brink.errors import BrinkInputError, BrinkParameterError
from brink.experiments.design import MORRIS_LEVELS
from brink.experiments.plan import SizeCheck
from brink.experiments.runs import create_run
from brink.store.runs import RunFolder, check_policies, open_run
from brink.store.scenario_json import FILE as SCENARIO_FILE

METHODS = ("morris", "sobol")
#: The sampler of each method's design.
SAMPLER_OF = {"morris": "morris", "sobol": "saltelli"}
#: Samples of a new design: Morris trajectories, Sobol' base N.
DEFAULT_SAMPLES = {"morris": 20, "sobol": 256}


def check_method(method: str, run: str = "", *, option: str = "method") -> str:
    """``method`` if it is a sensitivity method; the error names ``option`` (parameter or flag)."""
    if method not in METHODS:
        where = f"{run}: " if run else ""
        raise BrinkInputError(
            f"{where}{option}: unknown method {method!r} (expected: {', '.join(METHODS)})"
        )
    return method


def design_run(
    run_name: str,
    method: str,
    *,
    out: str | None = None,
    policy: str | None = None,
    samples: int | None = None,
    replications: int | None = None,
    size_check: SizeCheck | None = None,
) -> tuple[RunFolder, RunFolder]:
    """(the run asked about, the run to analyse). When the stored run was sampled for this
    method it is analysed as it is; otherwise a child run with the method's design is
    created, or reused when it exists with the same settings. The child may still need
    executing. ``size_check`` goes to :func:`~brink.experiments.plan.plan_run` for a new
    child."""
    check_method(method)
    parent = open_run(run_name, out)
    policies = check_policies(parent, policy)
    sampler = SAMPLER_OF[method]
    options = parent.manifest["options"]
    if options.get("sampler") == sampler:
        return parent, parent
    if samples is not None and samples < 2:
        raise BrinkParameterError("samples", f"expected at least 2 (got {samples})")
    if replications is not None and replications < 1:
        raise BrinkParameterError(
            "replications", f"expected a positive number (got {replications})"
        )
    base = parent.manifest.get("options", {}).get("parent_run")
    if base:
        raise BrinkInputError(
            f"{parent.name}: this is a {options.get('sampler')} design made for {base}; "
            f"ask about {base} instead"
        )
    name = f"{parent.name}-{method}" + (f"-{policy}" if policy else "")
    root = parent.path.parent
    if (root / name).exists():
        child = open_run(str(root / name))
        _check_child(parent, child, sampler, policies, samples, replications)
        return parent, child
    child = create_run(
        str(parent.path / SCENARIO_FILE),
        policies,
        samples=samples or DEFAULT_SAMPLES[method],
        replications=replications or int(options["replications"]),
        seed=int(parent.manifest["seed"]),
        sampler=sampler,
        opponent=options.get("opponent"),
        out=str(root),
        name=name,
        extra_options={
            "parent_run": parent.name,
            "sensitivity_method": method,
            # Common random numbers across draws: simulation noise then barely moves with the
            # inputs, so a no-effect input scores near zero instead of at the noise floor.
            "shared_streams": True,
            **({"morris_levels": MORRIS_LEVELS} if method == "morris" else {}),
        },
        size_check=size_check,
    )
    return parent, child


def _check_child(
    parent: RunFolder,
    child: RunFolder,
    sampler: str,
    policies: list[str],
    samples: int | None,
    replications: int | None,
) -> None:
    pm, cm = parent.manifest, child.manifest
    problems = []
    if cm["options"].get("sampler") != sampler:
        problems.append(f"sampler {cm['options'].get('sampler')}")
    if cm["seed"] != pm["seed"]:
        problems.append(f"seed {cm['seed']}")
    if cm["scenario"].get("json_sha256") != pm["scenario"].get("json_sha256"):
        problems.append("another scenario")
    if not set(policies) <= set(cm["options"]["policies"]):
        problems.append(f"policies {', '.join(cm['options']['policies'])}")
    if samples is not None and cm["options"].get("samples") != samples:
        problems.append(f"samples {cm['options'].get('samples')}")
    if replications is not None and cm["options"].get("replications") != replications:
        problems.append(f"replications {cm['options'].get('replications')}")
    if problems:
        raise BrinkInputError(
            f"{child.path}: run exists but was made with {'; '.join(problems)}: pass the same "
            f"settings to reuse it, or remove it to make a new design"
        )
