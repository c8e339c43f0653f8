"""Checking a design: components and connections judged against the negative facts.

A design is a list of lines such as ``WAF -> Network Load Balancer`` or ``SNS FIFO -> Lambda``.
Each side is resolved to services by name or alias; every connection is checked against the
relations of the graph, in both directions.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TYPE_CHECKING, Literal

from pydantic import BaseModel, ConfigDict, Field

from .errors import RequirementError
from .models import Relation, Source

if TYPE_CHECKING:
    from .graph import KnowledgeGraph

__all__ = ["Finding", "DesignReport", "check_design", "CHECKS"]

_ARROW = re.compile(r"\s*(?:->|→|=>|-->)\s*")
MAX_LINES = 100

# The checks, with their stable ids (shown on every finding).
CHECKS: dict[str, str] = {
    "DES-001": "A connection the graph records as impossible (a negated relation).",
    "DES-002": "A connection outside an exclusive list (an 'only' relation).",
    "DES-003": "A connection the graph records as supported (a positive relation).",
    "DES-004": "A connection the graph knows nothing about.",
    "DES-005": "A component that is retired, deprecated or closed to new customers.",
    "DES-006": "A line or a name that could not be read.",
    "DES-007": "A component that requires a service the design does not have (nor an alternative to it).",
}


class Finding(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    severity: Literal["error", "warning", "info"]
    check: str
    line: int = Field(description="the design line, or 0 for a finding about a component")
    connection: str
    explanation: str

    @property
    def where(self) -> str:
        return f"line {self.line}" if self.line else "component"

    sources: tuple[Source, ...] = ()
    fix: str = ""


class DesignReport(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    components: tuple[str, ...]
    findings: tuple[Finding, ...]

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "error"]


def _services_in(g: KnowledgeGraph, text: str) -> list[str]:
    eng = g._get_engine()
    found = [
        m.key[8:]
        for m in eng.parser.matcher.find([t.stem for t in _tok(text)])
        if m.key.startswith("service:")
    ]
    return list(dict.fromkeys(found))


def _tok(text: str) -> list:
    from .requirement import _tokenize

    return _tokenize(text)


def check_design(g: KnowledgeGraph, design: str | Iterable[str]) -> DesignReport:
    lines = design.splitlines() if isinstance(design, str) else list(design)
    if not any(isinstance(x, str) and x.strip() for x in lines):
        raise RequirementError(
            "the design is empty: write one connection per line, e.g. 'WAF -> Network Load Balancer'"
        )
    if len(lines) > MAX_LINES:
        raise RequirementError(
            f"the design has {len(lines)} lines; check at most {MAX_LINES} at once"
        )
    idx = g.index
    names = {s: idx.services[s].name for s in idx.services}
    findings: list[Finding] = []
    components: list[str] = []
    for n, raw in enumerate(lines, 1):
        if not isinstance(raw, str) or not raw.strip():
            continue
        parts = [p for p in _ARROW.split(raw.strip()) if p]
        sides = [_services_in(g, p) for p in parts]
        for p, s in zip(parts, sides, strict=True):
            if not s:
                findings.append(
                    Finding(
                        severity="warning",
                        check="DES-006",
                        line=n,
                        connection=raw.strip(),
                        explanation=f"no known service in {p!r}",
                        fix="name the service as AWS does, or an alias such as 'SQS'",
                    )
                )
            components += s
        for left, right in zip(sides, sides[1:], strict=False):
            for a in left[-1:]:
                for b in right[:1]:
                    findings += _check_pair(g, n, a, b, names)
    present = set(components)
    for sid in dict.fromkeys(components):
        findings += _missing_requirements(g, sid, present, names)
    for sid in dict.fromkeys(components):
        lc = idx.services[sid].lifecycle
        if lc.flagged:
            fix = f"use {names[lc.successor]}" if lc.successor else "choose a current service"
            findings.append(
                Finding(
                    severity="warning",
                    check="DES-005",
                    line=0,
                    connection=names[sid],
                    explanation=f"{names[sid]} is {lc.status}"
                    + (f" since {lc.date}" if lc.date else ""),
                    sources=lc.sources,
                    fix=fix,
                )
            )
    order = {"error": 0, "warning": 1, "info": 2}
    findings.sort(key=lambda f: (order[f.severity], f.line, f.check))
    return DesignReport(components=tuple(dict.fromkeys(components)), findings=tuple(findings))


def _check_pair(g: KnowledgeGraph, n: int, a: str, b: str, names: dict[str, str]) -> list[Finding]:
    idx = g.index
    conn = f"{names[a]} -> {names[b]}"
    rels = [r for r in idx.relations if {r.subject, r.object} == {a, b} and a != b]
    out: list[Finding] = []
    for r in rels:
        if r.negated:
            out.append(
                Finding(
                    severity="error",
                    check="DES-001",
                    line=n,
                    connection=conn,
                    explanation=_say(r, names),
                    sources=r.source,
                    fix=_fix(g, r, names),
                )
            )
    for subj in (a, b):
        other = b if subj == a else a
        for pred in {r.predicate for r in idx.relations if r.subject == subj and r.only}:
            allowed = {
                r.object
                for r in idx.relations
                if r.subject == subj and r.only and r.predicate == pred
            }
            if other in allowed:
                continue
            cats = {idx.services[x].category for x in allowed}
            if idx.services[other].category in cats:
                srcs = tuple(
                    s
                    for r in idx.relations
                    if r.subject == subj and r.only and r.predicate == pred
                    for s in r.source
                )
                allowed_names = ", ".join(sorted(names[x] for x in allowed))
                label = idx.predicate_labels.get(pred, (pred, pred))[0]
                out.append(
                    Finding(
                        severity="error",
                        check="DES-002",
                        line=n,
                        connection=conn,
                        explanation=f"{names[subj]} {label} only {allowed_names}, not {names[other]}",
                        sources=srcs,
                        fix=f"connect {names[subj]} to {allowed_names} instead",
                    )
                )
    if not out:
        pos = [r for r in rels if not r.negated]
        if pos:
            out.append(
                Finding(
                    severity="info",
                    check="DES-003",
                    line=n,
                    connection=conn,
                    explanation="; ".join(_say(r, names) for r in pos[:3]),
                    sources=tuple(s for r in pos[:3] for s in r.source),
                )
            )
        else:
            out.append(
                Finding(
                    severity="info",
                    check="DES-004",
                    line=n,
                    connection=conn,
                    explanation=f"the graph has no fact about {conn}",
                    fix="check the AWS documentation for this integration",
                )
            )
    return out


def _missing_requirements(
    g: KnowledgeGraph, sid: str, present: set[str], names: dict[str, str]
) -> list[Finding]:
    """``requires`` facts of a component whose object is not in the design (nor any
    alternative to it)."""
    idx = g.index
    out = []
    for r in idx.relations:
        if r.subject != sid or r.predicate != "requires" or r.negated or r.object in present:
            continue
        alternatives = {
            x.object if x.subject == r.object else x.subject
            for x in idx.relations
            if x.predicate == "alternativeTo"
            and not x.negated
            and r.object in (x.subject, x.object)
        }
        if alternatives & present:
            continue
        fix = f"add {names[r.object]}"
        if alternatives:
            fix += " or an alternative: " + ", ".join(sorted(names[a] for a in alternatives))
        out.append(
            Finding(
                severity="warning",
                check="DES-007",
                line=0,
                connection=names[sid],
                explanation=_say(r, names),
                sources=r.source,
                fix=fix,
            )
        )
    return out


def _say(r: Relation, names: dict[str, str]) -> str:
    base = f"{names.get(r.subject, r.subject)} {r.predicate_label}{' only' if r.only else ''} {names.get(r.object, r.object)}"
    return base + (f" ({r.note})" if r.note else "")


def _fix(g: KnowledgeGraph, r: Relation, names: dict[str, str]) -> str:
    """Alternatives from positive facts: the same subject with another object of the object's
    category, or another subject of the subject's category with the same object."""
    idx = g.index
    pos = [x for x in idx.relations if not x.negated and x.predicate == r.predicate]
    same_obj_cat = sorted(
        {
            x.object
            for x in pos
            if x.subject == r.subject
            and idx.services[x.object].category == idx.services[r.object].category
        }
    )
    same_subj_cat = sorted(
        {
            x.subject
            for x in pos
            if x.object == r.object
            and idx.services[x.subject].category == idx.services[r.subject].category
        }
    )
    fixes = [f"use {names[r.subject]} with {names[o]}" for o in same_obj_cat[:2]]
    fixes += [f"use {names[s]} instead of {names[r.subject]}" for s in same_subj_cat[:2]]
    return "; or ".join(fixes)
