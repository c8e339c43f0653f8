"""The schema of a fact file (``facts/<family>.yaml``), as pydantic models.

Unknown keys are errors (``extra="forbid"``): a misspelt ``use_case`` must not silently vanish.
See ``facts/README.md`` for the format a human writes.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Annotated, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, ValidationError, model_validator

from .errors import DataFileError
from .yamlio import line_of, read_yaml

__all__ = [
    "FactFile",
    "ServiceEntry",
    "LimitEntry",
    "CapabilityEntry",
    "RelationEntry",
    "UseCaseEntry",
    "LifecycleEntry",
    "PatternEntry",
    "ConnectionEntry",
    "SOURCE_PATTERN",
    "read_fact_file",
]

SLUG = r"^[a-z0-9][a-z0-9-]*$"
# a seed line anchor (seed#L12 or seed#L12-L20) or an http(s) URL
SOURCE_PATTERN = re.compile(r"^(seed#L\d+(-L\d+)?|https?://\S+)$")


def _as_list(value: object) -> object:
    return [value] if isinstance(value, str) else value


def _check_sources(values: list[str]) -> list[str]:
    if not values:
        raise ValueError("at least one source is required")
    for v in values:
        if not SOURCE_PATTERN.match(v):
            raise ValueError(
                f"source {v!r} is neither a seed anchor (seed#L12, seed#L12-L20) nor a URL"
            )
    return values


Sources = Annotated[list[str], BeforeValidator(_as_list)]
Slug = Annotated[str, Field(pattern=SLUG)]


class _Entry(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class _Sourced(_Entry):
    source: Sources
    checked: dt.date | None = None
    note: str | None = None

    @model_validator(mode="after")
    def _sources_ok(self) -> _Sourced:
        _check_sources(self.source)
        return self


class LimitEntry(_Sourced):
    attribute: Slug
    kind: Literal["max", "min", "default", "range", "price", "exact", "typical"]
    value: float
    value_max: float | None = None
    unit: str
    scope: str | None = None
    condition: str | None = None
    adjustable: bool = False

    @model_validator(mode="after")
    def _range_ok(self) -> LimitEntry:
        if self.kind == "range" and self.value_max is None:
            raise ValueError("a range limit needs value_max")
        if self.value_max is not None and self.value_max < self.value:
            raise ValueError("value_max is smaller than value")
        return self


class CapabilityEntry(_Sourced):
    cap: Slug
    negated: bool = False


class RelationEntry(_Sourced):
    predicate: str
    object: Slug
    negated: bool = False
    only: bool = False

    @model_validator(mode="after")
    def _flags_ok(self) -> RelationEntry:
        if self.negated and self.only:
            raise ValueError("a relation cannot be both negated and only")
        return self


class UseCaseEntry(_Sourced):
    text: str = Field(min_length=3)
    capabilities: list[Slug] = Field(default_factory=list)


class LifecycleEntry(_Entry):
    status: Literal["current", "renamed", "closed", "deprecated", "retired"]
    date: dt.date | None = None
    renamed_to: str | None = None
    successor: Slug | None = None
    note: str | None = None
    source: Sources = Field(default_factory=list)

    @model_validator(mode="after")
    def _sourced_unless_current(self) -> LifecycleEntry:
        if self.status != "current" or self.source:
            _check_sources(self.source)
        return self


class ServiceEntry(_Entry):
    id: Slug
    name: str | None = None
    aliases: list[str] = Field(default_factory=list)
    category: Slug | None = None
    categories: list[Slug] = Field(default_factory=list)
    description: str | None = None
    source: Sources = Field(default_factory=list)
    lifecycle: LifecycleEntry | None = None
    capabilities: list[CapabilityEntry] = Field(default_factory=list)
    limits: list[LimitEntry] = Field(default_factory=list)
    relations: list[RelationEntry] = Field(default_factory=list)
    use_cases: list[UseCaseEntry] = Field(default_factory=list)

    @property
    def is_definition(self) -> bool:
        return self.name is not None

    @model_validator(mode="after")
    def _definition_complete(self) -> ServiceEntry:
        if self.name is not None:
            missing = [k for k in ("category", "description") if getattr(self, k) in (None, "")]
            if missing:
                raise ValueError(f"a service definition needs {', '.join(missing)}")
            _check_sources(self.source)
        elif self.category or self.description or self.aliases or self.lifecycle:
            raise ValueError(
                "an extension entry (no name) may only add capabilities, limits, relations "
                "and use_cases; define name/category/description/aliases in one place"
            )
        return self


class ConnectionEntry(_Entry):
    from_: Slug = Field(alias="from")
    predicate: str
    to: Slug
    note: str | None = None


class PatternEntry(_Sourced):
    id: Slug
    name: str
    description: str
    answers: str
    capabilities: list[Slug] = Field(default_factory=list)
    components: list[Slug] = Field(min_length=1)
    connections: list[ConnectionEntry] = Field(default_factory=list)


class FactFile(_Entry):
    family: Slug
    checked: dt.date
    services: list[ServiceEntry] = Field(default_factory=list)
    patterns: list[PatternEntry] = Field(default_factory=list)


def read_fact_file(path: Path, *, label: str | None = None) -> tuple[FactFile, dict]:
    """Read and validate one fact file; errors name the file and the line."""
    name = label or path.name
    data, lines = read_yaml(path, label=name)
    try:
        model = FactFile.model_validate(data)
    except ValidationError as exc:
        errs = exc.errors()
        first = tuple(errs[0]["loc"])
        msgs = []
        for err in errs[:15]:
            loc = tuple(err["loc"])
            where = ".".join(str(p) for p in loc) or "top level"
            msgs.append(f"line {line_of(lines, loc)}: {where}: {err['msg']}")
        more = f" (+{len(errs) - 15} more)" if len(errs) > 15 else ""
        detail = msgs[0].split(": ", 1)[1] if len(msgs) == 1 else "; ".join(msgs) + more
        raise DataFileError(name, line_of(lines, first), detail) from exc
    if model.family != path.stem:
        raise DataFileError(name, line_of(lines, ("family",)), "family must equal the file name")
    return model, lines
