"""Declarative rules: the schema of ``rules/*.yaml``, the closed operator registry, the loader.

A rule reads: *when* the requirement says something, the *effect* applies to a *target* set of
services. Unknown keys, operators, services or concepts are load errors naming the file, the
rule and the line.

Run ``python -m kg.rules`` to print the rules reference (``rules/README.md``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from .errors import RuleFileError
from .factfile import SOURCE_PATTERN
from .index import Index
from .yamlio import line_of, read_yaml

__all__ = [
    "Rule",
    "Effect",
    "RuleFile",
    "CONDITIONS",
    "TARGETS",
    "load_rules",
    "rules_markdown",
]


class _M(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Effect(_M):
    kind: Literal["exclude", "require", "prefer", "penalise"]
    weight: float = Field(default=1.0, ge=0, le=10)
    target: dict[str, Any] = Field(description="one target selector, see TARGETS")
    reason: str = Field(min_length=3, description="shown in the justification or the why-not")


class Rule(_M):
    id: str = Field(pattern=r"^[A-Z]{2,6}-\d{3}$")
    title: str = Field(min_length=3)
    description: str = Field(min_length=3)
    source: list[str] = Field(min_length=1)
    when: dict[str, Any]
    effect: Effect
    tags: list[str] = Field(default_factory=list)

    @field_validator("source", mode="before")
    @classmethod
    def _listify(cls, v: Any) -> Any:
        return [v] if isinstance(v, str) else v

    @field_validator("source")
    @classmethod
    def _sources(cls, v: list[str]) -> list[str]:
        for s in v:
            if not SOURCE_PATTERN.match(s):
                raise ValueError(f"source {s!r} is neither a seed anchor nor a URL")
        return v


class RuleFile(_M):
    concern: str
    description: str
    rules: list[Rule] = Field(min_length=1)


@dataclass(frozen=True)
class Operator:
    """A condition or target operator: its argument kind and what it means."""

    arg: Literal[
        "capabilities",
        "categories",
        "services",
        "attributes",
        "predicates",
        "flag",
        "conditions",
        "condition",
        "quotient",
    ]
    doc: str


# The closed registries. A rule file may use only these keys.
CONDITIONS: dict[str, Operator] = {
    "requirement_wants": Operator(
        "capabilities", "any of these capabilities is a must or a nice-to-have"
    ),
    "requirement_wants_all": Operator("capabilities", "all of these capabilities are wanted"),
    "requirement_rejects": Operator(
        "capabilities", "any of these capabilities is explicitly not wanted"
    ),
    "requirement_seeks": Operator(
        "categories", "the sought category is one of these (or narrower)"
    ),
    "requirement_mentions": Operator("services", "the text names one of these services"),
    "requirement_mentions_any": Operator("flag", "the text names at least one service"),
    "requirement_constrains": Operator(
        "attributes", "a numeric constraint is on one of these attributes"
    ),
    "requirement_quotient_exceeds": Operator(
        "quotient",
        "the requirement's quantity of dimension `numerator` divided by its quantity of dimension "
        "`denominator` exceeds its quantity of dimension `limit` (e.g. volume / bandwidth > deadline)",
    ),
    "all": Operator("conditions", "every sub-condition holds"),
    "any": Operator("conditions", "at least one sub-condition holds"),
    "not": Operator("condition", "the sub-condition does not hold"),
}
TARGETS: dict[str, Operator] = {
    "services": Operator("services", "these services"),
    "services_with": Operator(
        "capabilities", "services with a positive fact or use case for any of these capabilities"
    ),
    "services_lacking": Operator(
        "capabilities", "services with a negated fact for any of these capabilities"
    ),
    "services_in_category": Operator(
        "categories", "services whose category is one of these (or narrower)"
    ),
    "services_related_to_mentioned": Operator(
        "predicates",
        "services linked to a mentioned service by one of these relations (either direction, positive)",
    ),
    "services_mentioned": Operator("flag", "the services the text names"),
    "services_flagged": Operator(
        "flag", "services that are retired, deprecated or closed to new customers"
    ),
}


def _check_args(
    op: Operator, value: Any, index: Index, predicates: set[str], where: Callable[[str], str]
) -> None:
    if op.arg == "flag":
        if value is not True:
            raise ValueError(where("takes `true`"))
        return
    if op.arg == "quotient":
        _check_quotient(value, where)
        return
    if op.arg in ("conditions", "condition"):
        return
    if not isinstance(value, list) or not value or not all(isinstance(v, str) for v in value):
        raise ValueError(where("takes a non-empty list of ids"))
    known: set[str]
    if op.arg == "capabilities":
        known = {c for k, c in index.concepts if k == "capability"}
    elif op.arg == "categories":
        known = {c for k, c in index.concepts if k == "category"}
    elif op.arg == "attributes":
        known = {c for k, c in index.concepts if k == "attribute"}
    elif op.arg == "predicates":
        known = predicates
    else:
        known = set(index.services)
    bad = [v for v in value if v not in known]
    if bad:
        raise ValueError(
            where(f"unknown {op.arg[:-1] if op.arg.endswith('s') else op.arg}: {', '.join(bad)}")
        )


def _check_quotient(value: Any, where: Callable[[str], str]) -> None:
    from .units import registry

    if not isinstance(value, dict) or set(value) != {"numerator", "denominator", "limit"}:
        raise ValueError(where("takes {numerator, denominator, limit}: three pint dimensions"))
    ureg = registry()
    try:
        dims = {k: ureg.get_dimensionality(v) for k, v in value.items()}
    except Exception as exc:  # pint raises assorted types for bad text
        raise ValueError(where(f"has a dimension pint cannot read ({exc})")) from exc
    if dims["numerator"] / dims["denominator"] != dims["limit"]:
        raise ValueError(where("numerator / denominator does not have the dimension of limit"))


def _check_condition(cond: Any, index: Index, predicates: set[str], path: str) -> None:
    if not isinstance(cond, dict) or len(cond) != 1:
        raise ValueError(f"{path}: a condition is a mapping with exactly one operator")
    ((key, value),) = cond.items()
    if key not in CONDITIONS:
        raise ValueError(f"{path}: unknown operator {key!r}; valid: {', '.join(CONDITIONS)}")
    op = CONDITIONS[key]
    _check_args(op, value, index, predicates, lambda m: f"{path}.{key} {m}")
    if op.arg == "conditions":
        if not isinstance(value, list) or not value:
            raise ValueError(f"{path}.{key} takes a list of conditions")
        for i, sub in enumerate(value):
            _check_condition(sub, index, predicates, f"{path}.{key}[{i}]")
    elif op.arg == "condition":
        _check_condition(value, index, predicates, f"{path}.{key}")


def _check_target(target: dict[str, Any], index: Index, predicates: set[str]) -> None:
    if len(target) != 1:
        raise ValueError("effect.target has exactly one selector")
    ((key, value),) = target.items()
    if key not in TARGETS:
        raise ValueError(f"effect.target: unknown selector {key!r}; valid: {', '.join(TARGETS)}")
    _check_args(TARGETS[key], value, index, predicates, lambda m: f"effect.target.{key} {m}")


def rule_files(directory: Path) -> list[Path]:
    return sorted(directory.glob("*.yaml"))


def load_rules(index: Index, directory: Path | None = None) -> list[Rule]:
    """Load and validate every rule file; ids must be unique across files."""
    from .resources import rules_dir

    d = directory or rules_dir()
    predicates = set(index.predicate_labels)
    out: list[Rule] = []
    seen: dict[str, str] = {}
    for path in rule_files(d):
        name = f"rules/{path.name}"
        data, lines = read_yaml(path, label=name)
        try:
            rf = RuleFile.model_validate(data)
        except ValidationError as exc:
            err = exc.errors()[0]
            loc = tuple(err["loc"])
            rid = _rule_id(data, loc)
            raise RuleFileError(
                name, line_of(lines, loc), f"{rid}{'.'.join(map(str, loc))}: {err['msg']}"
            ) from exc
        for i, rule in enumerate(rf.rules):
            try:
                _check_condition(rule.when, index, predicates, "when")
                _check_target(rule.effect.target, index, predicates)
            except ValueError as exc:
                raise RuleFileError(
                    name, line_of(lines, ("rules", i)), f"rule {rule.id}: {exc}"
                ) from exc
            if rule.id in seen:
                raise RuleFileError(
                    name,
                    line_of(lines, ("rules", i, "id")),
                    f"rule id {rule.id} already used in {seen[rule.id]}",
                )
            seen[rule.id] = name
            out.append(rule)
    return out


def _rule_id(data: Any, loc: tuple) -> str:
    try:
        if loc[0] == "rules":
            return f"rule {data['rules'][loc[1]]['id']}: "
    except (KeyError, IndexError, TypeError):
        pass
    return ""


def rules_markdown(rules: list[Rule]) -> str:
    """The rules reference, generated from the rule metadata."""
    lines = ["# Rules", "", "Generated by `make rules-doc` from the rule files; do not edit.", ""]
    lines += ["| id | title | effect | sources |", "|---|---|---|---|"]
    for r in sorted(rules, key=lambda r: r.id):
        eff = (
            f"{r.effect.kind} {r.effect.weight:g}"
            if r.effect.kind in ("prefer", "penalise")
            else r.effect.kind
        )
        lines.append(f"| {r.id} | {r.title} | {eff} | {', '.join(r.source)} |")
    lines += ["", "## Details", ""]
    for r in sorted(rules, key=lambda r: r.id):
        lines += [
            f"### {r.id}: {r.title}",
            "",
            r.description,
            "",
            f"- when: `{r.when}`",
            f"- effect: {r.effect.kind} (weight {r.effect.weight:g}) on `{r.effect.target}`: {r.effect.reason}",
            f"- sources: {', '.join(r.source)}",
            "",
        ]
    lines += ["## Operators", "", "Conditions:", ""]
    lines += [f"- `{k}` ({v.arg}): {v.doc}" for k, v in CONDITIONS.items()]
    lines += ["", "Targets:", ""]
    lines += [f"- `{k}` ({v.arg}): {v.doc}" for k, v in TARGETS.items()]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":  # pragma: no cover
    from .graph import load

    print(rules_markdown(load_rules(load().index)), end="")
