"""The ``outcome:`` block of a case file: the crisis's coded outcome, read apart from the scenario.

A case file is a scenario file plus one top-level ``outcome:`` block. The model never reads it:
``without_outcome`` gives the scenario loader the file's data without the block, and
``read_case_outcome`` validates just the block. Format (docs/backtest.md, "The outcome block")::

    outcome:
      icb: 196                       # ICB crisis number; null when not coded by ICB
      coding: null                   # required when icb is null: who coded it, from what
      viol: 2                        # ICB VIOL 1-4
      forout: 2                      # ICB FOROUT 1-7 (may be null only in a war, VIOL 3-4)
      subout: 2                      # ICB SUBOUT 1 ambiguous, 2 definitive (same)
      actors:                        # keyed by the case's actor ids
        US: {icb: USA, outcome: victory}
        USSR: {icb: RUS, outcome: defeat}
      reference: {period: post-1945, nuclear: both-sides, protracted: true}
      source: "Brecher et al. 2023, ICB v15 codebook; icb1v15 and icb2v15, crisis 196"
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from brink.backtest.outcomes import (
    FOROUT_CODES,
    SUBOUT_CODES,
    VIOL_CODES,
    ActorOutcome,
    icb_category,
)
from brink.errors import BrinkInputError, located
from brink.scenario.case_file import OUTCOME_KEY
from brink.scenario.case_file import without_outcome as without_outcome  # re-exported

Period = Literal["pre-1918", "1918-1945", "post-1945"]
Nuclear = Literal["none", "one-side", "both-sides"]


def _codes(codes: Mapping[int, str]) -> str:
    return ", ".join(f"{k} {v}" for k, v in codes.items())


def _code(value: Any, codes: Mapping[int, str], name: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value not in codes:
        raise ValueError(
            f"expected an ICB {name} code {min(codes)}-{max(codes)} ({_codes(codes)}) "
            f"(got {value!r})"
        )
    return value


class _Block(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ActorCoding(_Block):
    """One principal's ICB actor-level outcome (OUTCOM), keyed in the block by the case's id."""

    icb: str | None = Field(default=None, description="ICB actor code, e.g. RUS, USA.")
    outcome: ActorOutcome


class CaseReference(_Block):
    """The facts that pick the case's ICB reference class (see ``baselines``)."""

    period: Period
    nuclear: Nuclear = Field(
        description="Nuclear-armed crisis actors: none, on one side, or on both sides."
    )
    protracted: bool = Field(description="Part of a protracted conflict (ICB PC).")


class CaseOutcome(_Block):
    """A case's coded outcome: ICB's codes (or an analyst's, said so) and its reference class."""

    icb: int | None = Field(description="ICB crisis number (null: not coded by ICB).")
    coding: str | None = Field(
        default=None, description="Who coded the outcome and from what, when ICB did not."
    )
    viol: int
    forout: int | None = None
    subout: int | None = None
    actors: dict[str, ActorCoding] = Field(default_factory=dict)
    reference: CaseReference
    source: str = Field(min_length=1)

    @field_validator("icb", mode="before")
    @classmethod
    def _icb(cls, value: Any) -> Any:
        if value is not None and (isinstance(value, bool) or not isinstance(value, int)):
            raise ValueError(f"expected an ICB crisis number or null (got {value!r})")
        if value is not None and value < 1:
            raise ValueError(f"expected an ICB crisis number >= 1 (got {value!r})")
        return value

    @field_validator("viol", mode="before")
    @classmethod
    def _viol(cls, value: Any) -> int:
        return _code(value, VIOL_CODES, "VIOL")

    @field_validator("forout", mode="before")
    @classmethod
    def _forout(cls, value: Any) -> int | None:
        return None if value is None else _code(value, FOROUT_CODES, "FOROUT")

    @field_validator("subout", mode="before")
    @classmethod
    def _subout(cls, value: Any) -> int | None:
        return None if value is None else _code(value, SUBOUT_CODES, "SUBOUT")

    @model_validator(mode="after")
    def _complete(self) -> CaseOutcome:
        if self.icb is None and not (self.coding and self.coding.strip()):
            raise ValueError(
                "coding: expected a note saying who coded the outcome and from what "
                "(required when icb is null)"
            )
        if self.viol <= 2:
            for name in ("forout", "subout"):
                if getattr(self, name) is None:
                    raise ValueError(
                        f"{name}: expected an ICB code when viol is 1 or 2 (the outcome "
                        "mapping needs it)"
                    )
        return self

    def category(self, challenger: str, defender: str) -> str:
        """The Brink category of this outcome, given the case's challenger and defender ids."""

        def of(actor: str) -> ActorOutcome | None:
            coding = self.actors.get(actor)
            return coding.outcome if coding else None

        return icb_category(self.viol, self.forout, self.subout, of(challenger), of(defender))


def observed_category(
    outcome: CaseOutcome, challenger: str, defender: str, origin: str = "<input>"
) -> str:
    """``CaseOutcome.category`` with a one-line ``file: outcome.actors: ...`` error."""
    try:
        return outcome.category(challenger, defender)
    except ValueError as error:
        raise BrinkInputError(
            located(
                origin,
                None,
                f"{OUTCOME_KEY}.actors",
                f"{error} (challenger {challenger!r}, defender {defender!r})",
            )
        ) from None


def _message(first: Mapping[str, Any]) -> str:
    kind = first["type"]
    msg = str(first["msg"]).removeprefix("Value error, ")
    if kind == "extra_forbidden":
        fields = ", ".join(_fields_at(first["loc"]))
        return f"unknown key (expected one of: {fields})"
    if kind == "missing":
        return "required field is missing"
    if kind in ("model_type", "dict_type"):
        return f"expected a mapping (got {first.get('input')!r})"[:300]
    if msg.startswith("Input should be "):
        msg = "expected " + msg.removeprefix("Input should be ")
        return f"{msg} (got {first.get('input')!r})"[:300]
    if msg.startswith("String should have at least 1 character"):
        return "expected a non-empty string"
    return msg


def _fields_at(loc: tuple[Any, ...]) -> list[str]:
    model: type[BaseModel] = CaseOutcome
    for part in loc[:-1]:
        if part == "actors":
            model = ActorCoding
        elif part == "reference":
            model = CaseReference
    return list(model.model_fields)


def read_case_outcome(
    data: Mapping[str, Any],
    origin: str = "<input>",
    lines: Mapping[tuple[str, ...], int] | None = None,
) -> CaseOutcome | None:
    """Validate the ``outcome:`` block of a case file's data (None when the file has none).

    ``lines`` maps key paths such as ``("outcome", "viol")`` to 1-based line numbers, as the
    scenario loader's line map does; errors then carry the line.
    """
    if OUTCOME_KEY not in data:
        return None
    block = data[OUTCOME_KEY]
    if not isinstance(block, Mapping):
        raise BrinkInputError(
            located(
                origin,
                _line(lines, (OUTCOME_KEY,)),
                OUTCOME_KEY,
                f"expected a mapping of outcome fields (got {block!r})",
            )
        )
    try:
        return CaseOutcome.model_validate(dict(block))
    except ValidationError as error:
        first = error.errors()[0]
        path = tuple(str(p) for p in first["loc"])
        message = _message(first)
        head, sep, rest = message.partition(": ")
        if not path and sep and head in CaseOutcome.model_fields:
            path, message = (head,), rest
        full = (OUTCOME_KEY, *path)
        raise BrinkInputError(
            located(origin, _line(lines, full), ".".join(full), message)
        ) from None


def _line(lines: Mapping[tuple[str, ...], int] | None, path: tuple[str, ...]) -> int | None:
    if not lines:
        return None
    for end in range(len(path), 0, -1):
        if path[:end] in lines:
            return lines[path[:end]]
    return None


def _line_map(node: Any, prefix: tuple[str, ...], lines: dict[tuple[str, ...], int]) -> None:
    import yaml

    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            path = (*prefix, str(key_node.value))
            lines[path] = key_node.start_mark.line + 1
            _line_map(value_node, path, lines)


def load_case_outcome(path: str | Path) -> CaseOutcome | None:
    """Read a case file and validate its ``outcome:`` block (None when it has none)."""
    import yaml

    origin = str(path)
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise BrinkInputError(located(origin, None, None, f"cannot read: {error}")) from None
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
        data = yaml.safe_load(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        problem = getattr(error, "problem", None) or str(error).splitlines()[0]
        raise BrinkInputError(located(origin, line, None, f"malformed YAML: {problem}")) from None
    if not isinstance(data, Mapping):
        raise BrinkInputError(located(origin, 1, None, "expected a mapping of case fields"))
    lines: dict[tuple[str, ...], int] = {}
    _line_map(root, (), lines)
    return read_case_outcome(data, origin, lines)
