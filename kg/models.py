"""Pydantic boundary types returned by the public API (frozen, unknown keys forbidden)."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

__all__ = [
    "Source",
    "Lifecycle",
    "Service",
    "Limit",
    "Relation",
    "CapabilityFact",
    "UseCase",
    "Connection",
    "Pattern",
    "Concept",
    "Stats",
]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Source(_Model):
    """Where a fact comes from: a seed line anchor or an AWS documentation URL."""

    iri: str
    label: str = Field(description="seed#L76 or the URL")
    checked: dt.date | None = None

    @property
    def is_seed(self) -> bool:
        return self.label.startswith("seed#")

    def __str__(self) -> str:
        return self.label


class Lifecycle(_Model):
    status: Literal["current", "renamed", "closed", "deprecated", "retired"] = "current"
    date: dt.date | None = None
    renamed_to: str | None = None
    successor: str | None = None
    note: str | None = None
    sources: tuple[Source, ...] = ()

    @property
    def flagged(self) -> bool:
        """True when the service should not be chosen for new work without a warning."""
        return self.status in ("closed", "deprecated", "retired")


class Service(_Model):
    id: str
    name: str
    aliases: tuple[str, ...] = ()
    category: str
    categories: tuple[str, ...] = ()
    family: str
    description: str
    lifecycle: Lifecycle = Lifecycle()
    sources: tuple[Source, ...] = ()

    def __str__(self) -> str:
        return self.name


class Limit(_Model):
    id: str
    service: str
    attribute: str
    attribute_label: str
    kind: Literal["max", "min", "default", "range", "price", "exact", "typical"]
    value: float
    value_max: float | None = None
    unit: str = Field(description="a pint expression, as written in the fact file")
    unit_iri: str
    adjustable: bool
    scope: str | None = None
    condition: str | None = None
    note: str | None = None
    source: tuple[Source, ...]

    def text(self) -> str:
        """A readable one-liner: ``max 256 KB per message``."""
        v = f"{_fmt(self.value)}" + (
            f" to {_fmt(self.value_max)}" if self.value_max is not None else ""
        )
        out = f"{self.attribute_label}: {self.kind} {v} {self.unit}"
        if self.scope:
            out += f" ({self.scope})"
        if self.condition:
            out += f" [{self.condition}]"
        return out


def _fmt(v: float) -> str:
    return f"{v:,.0f}" if float(v).is_integer() else f"{v:,}"


class Relation(_Model):
    id: str
    subject: str
    predicate: str
    predicate_label: str
    object: str
    negated: bool = False
    only: bool = False
    note: str | None = None
    source: tuple[Source, ...]

    def text(self, names: dict[str, str] | None = None) -> str:
        n = names or {}
        s, o = n.get(self.subject, self.subject), n.get(self.object, self.object)
        verb = self.predicate_label
        if self.only:
            verb = f"{verb} only"
        return f"{s} {verb} {o}"


class CapabilityFact(_Model):
    id: str
    service: str
    capability: str
    capability_label: str
    negated: bool = False
    note: str | None = None
    source: tuple[Source, ...]


class UseCase(_Model):
    id: str
    service: str
    text: str
    capabilities: tuple[str, ...] = ()
    note: str | None = None
    source: tuple[Source, ...]


class Connection(_Model):
    source: str
    predicate: str
    target: str


class Pattern(_Model):
    id: str
    name: str
    description: str
    answers: str
    capabilities: tuple[str, ...] = ()
    components: tuple[str, ...] = ()
    connections: tuple[Connection, ...] = ()
    source: tuple[Source, ...] = ()


class Concept(_Model):
    """A SKOS concept of one of the schemes (categories, capabilities, attributes)."""

    id: str
    scheme: Literal["category", "capability", "attribute", "cue"]
    pref_label: str
    alt_labels: tuple[str, ...] = ()
    hidden_labels: tuple[str, ...] = ()
    broader: tuple[str, ...] = ()
    dimension: str | None = None
    comparison: Literal["ge", "le"] | None = None
    soft: bool = False
    default_for_dimension: bool = False
    opposed_by: tuple[str, ...] = ()
    number: float | None = None  # a cue word standing for a number ("five")
    polarity: int = 0  # a cue word opening an answer: +1 affirms ("yes"), -1 denies ("no")

    def labels(self) -> tuple[str, ...]:
        """Every label text matches against: pref, alt and hidden."""
        return (self.pref_label, *self.alt_labels, *self.hidden_labels)


class Stats(_Model):
    services: int
    limits: int
    relations: int
    relations_positive: int
    relations_negative: int
    relations_only: int
    capability_facts: int
    capability_facts_negative: int
    use_cases: int
    patterns: int
    concepts: dict[str, int]
    sources: int
    seed_sources: int
    url_sources: int
    triples: int
