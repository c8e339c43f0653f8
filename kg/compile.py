"""Compile validated fact files into RDF triples, checking every reference on the way.

Checks done here (with file and line): unknown category, capability, attribute, relation
predicate, service id or unit; a service defined twice or never; an extension of an unknown
service. SHACL (``ontology/shapes.ttl``) then re-checks the compiled graph as a whole.
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from rdflib import BNode, Graph, Literal, URIRef

from .factfile import FactFile, ServiceEntry
from .units import UnitTable, parse_unit, to_base
from .vocabulary import (
    ATTR,
    CAP,
    CAT,
    DCTERMS,
    FACT,
    KG,
    PAT,
    PROV,
    RDF,
    RDFS,
    SEED,
    SEED_DOC,
    SKOS,
    SVC,
    XSD,
)
from .yamlio import LineMap, line_of

__all__ = ["Vocab", "compile_facts", "source_iri"]

_STATUS = {
    "current": KG.Current,
    "renamed": KG.Renamed,
    "closed": KG.Closed,
    "deprecated": KG.Deprecated,
    "retired": KG.Retired,
}


@functools.lru_cache(maxsize=16384)
def source_iri(source: str) -> URIRef:
    """``seed#L12`` -> the seed line IRI; a URL stays itself."""
    if source.startswith("seed#"):
        return URIRef(f"{SEED}{SEED_DOC}#{source[5:]}")
    return URIRef(source)


@dataclass
class Vocab:
    """What the ontology declares, read once from the ontology graph."""

    categories: set[str]
    capabilities: set[str]
    attributes: set[str]
    predicates: set[str]
    units: UnitTable
    dimensions: dict[str, str]

    @classmethod
    def from_graph(cls, onto: Any) -> Vocab:
        def scheme(s: URIRef, ns: str) -> set[str]:
            return {
                str(c)[len(ns) :] for c in onto.subjects(SKOS.inScheme, s) if str(c).startswith(ns)
            }

        preds = {str(p)[len(str(KG)) :] for p in onto.subjects(RDF.type, KG.RelationProperty)}
        units = {str(u): str(e) for u, e in onto.subject_objects(KG.pintExpression)}
        dims = {
            str(a)[len(str(ATTR)) :]: str(d)
            for a, d in onto.subject_objects(KG.dimension)
            if str(a).startswith(str(ATTR))
        }
        return cls(
            dimensions=dims,
            categories=scheme(KG.Categories, str(CAT)),
            capabilities=scheme(KG.Capabilities, str(CAP)),
            attributes=scheme(KG.Attributes, str(ATTR)),
            predicates=preds,
            units=UnitTable(units),
        )


@dataclass
class _Ctx:
    vocab: Vocab
    graph: Any
    problems: list[str] = field(default_factory=list)
    counters: dict[tuple[str, str], int] = field(default_factory=dict)
    unit_cache: dict[str, str | None] = field(default_factory=dict)

    def problem(self, file: str, line: int | None, msg: str) -> None:
        self.problems.append(f"{file}:{line or '?'}: {msg}")

    def fact_iri(self, service: str, kind: str) -> URIRef:
        n = self.counters.get((service, kind), 0) + 1
        self.counters[(service, kind)] = n
        return FACT[f"{service}/{kind}/{n}"]

    def unit_iri(self, expr: str) -> str | None:
        if expr not in self.unit_cache:
            try:
                parse_unit(expr)
                self.unit_cache[expr] = self.vocab.units.resolve(expr)
            except ValueError:
                self.unit_cache[expr] = None
        return self.unit_cache[expr]


def _provenance(g: Any, node: URIRef | BNode, sources: list[str], checked: dt.date) -> None:
    for s in sources:
        g.add((node, PROV.wasDerivedFrom, source_iri(s)))
    g.add((node, KG.checked, _date(checked)))


@functools.lru_cache(maxsize=256)
def _date(day: dt.date) -> Literal:
    return Literal(day, datatype=XSD.date)


def _num(v: float) -> Literal:
    return Literal(Decimal(repr(v)).normalize(), datatype=XSD.decimal)


def compile_facts(
    files: list[tuple[str, FactFile, LineMap]], vocab: Vocab, into: Any = None
) -> tuple[Any, list[str]]:
    """Compile fact files into ``into`` (anything with ``add``: an rdflib Graph or a
    :class:`~kg.triples.TripleIndex`); returns it and the problems found."""
    ctx = _Ctx(vocab=vocab, graph=into if into is not None else Graph())
    g = ctx.graph
    defined: dict[str, str] = {}
    for name, ff, lines in files:
        for i, svc in enumerate(ff.services):
            if svc.is_definition:
                if svc.id in defined:
                    ctx.problem(
                        name,
                        line_of(lines, ("services", i, "id")),
                        f"service {svc.id!r} is already defined in {defined[svc.id]}",
                    )
                defined[svc.id] = name
    known = set(defined)
    for name, ff, lines in files:
        for i, svc in enumerate(ff.services):
            _service(ctx, name, ff, lines, i, svc, known)
        for i, pat in enumerate(ff.patterns):
            where = ("patterns", i)
            node = PAT[pat.id]
            g.add((node, RDF.type, KG.Pattern))
            g.add((node, RDFS.label, Literal(pat.name)))
            g.add((node, DCTERMS.description, Literal(pat.description)))
            g.add((node, KG.answers, Literal(pat.answers)))
            _provenance(g, node, pat.source, pat.checked or ff.checked)
            for c in pat.capabilities:
                _check_cap(ctx, name, lines, (*where, "capabilities"), c)
                g.add((node, KG.capability, CAP[c]))
            for c in pat.components:
                _check_svc(ctx, name, lines, (*where, "components"), c, known)
                g.add((node, KG.component, SVC[c]))
            for j, con in enumerate(pat.connections):
                cw = (*where, "connections", j)
                _check_svc(ctx, name, lines, cw, con.from_, known)
                _check_svc(ctx, name, lines, cw, con.to, known)
                _check_pred(ctx, name, lines, cw, con.predicate)
                b = BNode()
                g.add((node, KG.connection, b))
                g.add((b, RDF.type, KG.Connection))
                g.add((b, KG["from"], SVC[con.from_]))
                g.add((b, KG.to, SVC[con.to]))
                g.add((b, KG.predicate, KG[con.predicate]))
    return g, ctx.problems


def _check_cap(ctx: _Ctx, name: str, lines: LineMap, loc: tuple, cap: str) -> None:
    if cap not in ctx.vocab.capabilities:
        ctx.problem(
            name, line_of(lines, loc), f"unknown capability {cap!r} (not in kg:Capabilities)"
        )


def _check_svc(ctx: _Ctx, name: str, lines: LineMap, loc: tuple, sid: str, known: set) -> None:
    if sid not in known:
        ctx.problem(name, line_of(lines, loc), f"unknown service {sid!r}")


def _check_pred(ctx: _Ctx, name: str, lines: LineMap, loc: tuple, pred: str) -> None:
    if pred not in ctx.vocab.predicates:
        ctx.problem(
            name,
            line_of(lines, loc),
            f"unknown relation predicate {pred!r}; valid: {', '.join(sorted(ctx.vocab.predicates))}",
        )


def _service(
    ctx: _Ctx, name: str, ff: FactFile, lines: LineMap, i: int, svc: ServiceEntry, known: set
) -> None:
    g, v = ctx.graph, ctx.vocab
    where: tuple = ("services", i)
    node = SVC[svc.id]
    if svc.id not in known:
        ctx.problem(
            name, line_of(lines, where), f"extends service {svc.id!r}, which no file defines"
        )
        return
    if svc.is_definition:
        assert svc.name is not None and svc.category is not None
        g.add((node, RDF.type, KG.Service))
        g.add((node, RDFS.label, Literal(svc.name)))
        g.add((node, KG.family, Literal(ff.family)))
        g.add((node, DCTERMS.description, Literal(svc.description)))
        for a in svc.aliases:
            g.add((node, KG.alias, Literal(a)))
        for k, c in [("category", svc.category), *(("categories", c) for c in svc.categories)]:
            if c not in v.categories:
                ctx.problem(name, line_of(lines, (*where, k)), f"unknown category {c!r}")
        g.add((node, KG.category, CAT[svc.category]))
        for c in svc.categories:
            g.add((node, KG.alsoCategory, CAT[c]))
        for s in svc.source:
            g.add((node, PROV.wasDerivedFrom, source_iri(s)))
        g.add((node, KG.checked, Literal(ff.checked, datatype=XSD.date)))
        lc = svc.lifecycle
        if lc is not None:
            f = ctx.fact_iri(svc.id, "lifecycle")
            g.add((f, RDF.type, KG.LifecycleFact))
            g.add((f, KG.subject, node))
            g.add((node, KG.lifecycle, f))
            g.add((f, KG.status, _STATUS[lc.status]))
            if lc.date:
                g.add((f, KG.statusDate, Literal(lc.date, datatype=XSD.date)))
            if lc.renamed_to:
                g.add((f, KG.renamedTo, Literal(lc.renamed_to)))
            if lc.successor:
                _check_svc(ctx, name, lines, (*where, "lifecycle"), lc.successor, known)
                g.add((f, KG.successor, SVC[lc.successor]))
            if lc.note:
                g.add((f, RDFS.comment, Literal(lc.note)))
            _provenance(g, f, lc.source or svc.source, ff.checked)
    for j, c in enumerate(svc.capabilities):
        loc = (*where, "capabilities", j)
        _check_cap(ctx, name, lines, loc, c.cap)
        f = ctx.fact_iri(svc.id, "capability")
        g.add((f, RDF.type, KG.CapabilityFact))
        g.add((f, KG.subject, node))
        g.add((f, KG.capability, CAP[c.cap]))
        g.add((f, KG.negated, Literal(c.negated)))
        if not c.negated:
            g.add((node, KG.hasCapability, CAP[c.cap]))
        if c.note:
            g.add((f, RDFS.comment, Literal(c.note)))
        _provenance(g, f, c.source, c.checked or ff.checked)
    for j, lim in enumerate(svc.limits):
        loc = (*where, "limits", j)
        if lim.attribute not in v.attributes:
            ctx.problem(
                name, line_of(lines, (*loc, "attribute")), f"unknown attribute {lim.attribute!r}"
            )
        unit = ctx.unit_iri(lim.unit)
        want = v.dimensions.get(lim.attribute)
        if unit is not None and want is not None:
            got = to_base(1.0, lim.unit)[1]
            if got != want and not (want == "[currency]" and "[currency]" in got):
                ctx.problem(
                    name,
                    line_of(lines, (*loc, "unit")),
                    f"unit {lim.unit!r} ({got}) does not measure {lim.attribute!r} ({want})",
                )
        if unit is None:
            ctx.problem(
                name,
                line_of(lines, (*loc, "unit")),
                f"unknown unit {lim.unit!r}: not a pint expression matching a unit of ontology/units.ttl",
            )
        f = ctx.fact_iri(svc.id, "limit")
        g.add((f, RDF.type, KG.Limit))
        g.add((f, KG.subject, node))
        g.add((f, KG.attribute, ATTR[lim.attribute]))
        g.add((f, KG.limitKind, Literal(lim.kind)))
        g.add((f, KG.value, _num(lim.value)))
        if lim.value_max is not None:
            g.add((f, KG.valueMax, _num(lim.value_max)))
        if unit is not None:
            g.add((f, KG.unit, URIRef(unit)))
        g.add((f, KG.unitExpression, Literal(lim.unit)))
        g.add((f, KG.adjustable, Literal(lim.adjustable)))
        if lim.scope:
            g.add((f, KG.scope, Literal(lim.scope)))
        if lim.condition:
            g.add((f, KG.condition, Literal(lim.condition)))
        if lim.note:
            g.add((f, RDFS.comment, Literal(lim.note)))
        _provenance(g, f, lim.source, lim.checked or ff.checked)
    for j, rel in enumerate(svc.relations):
        loc = (*where, "relations", j)
        _check_pred(ctx, name, lines, loc, rel.predicate)
        _check_svc(ctx, name, lines, (*loc, "object"), rel.object, known)
        f = ctx.fact_iri(svc.id, "relation")
        g.add((f, RDF.type, KG.RelationFact))
        g.add((f, KG.subject, node))
        g.add((f, KG.predicate, KG[rel.predicate]))
        g.add((f, KG.object, SVC[rel.object]))
        g.add((f, KG.negated, Literal(rel.negated)))
        g.add((f, KG.only, Literal(rel.only)))
        if not rel.negated:
            g.add((node, KG[rel.predicate], SVC[rel.object]))
        if rel.note:
            g.add((f, RDFS.comment, Literal(rel.note)))
        _provenance(g, f, rel.source, rel.checked or ff.checked)
    for j, uc in enumerate(svc.use_cases):
        loc = (*where, "use_cases", j)
        f = ctx.fact_iri(svc.id, "usecase")
        g.add((f, RDF.type, KG.UseCase))
        g.add((f, KG.subject, node))
        g.add((f, RDFS.label, Literal(uc.text)))
        for c in uc.capabilities:
            _check_cap(ctx, name, lines, (*loc, "capabilities"), c)
            g.add((f, KG.capability, CAP[c]))
        if uc.note:
            g.add((f, RDFS.comment, Literal(uc.note)))
        _provenance(g, f, uc.source, uc.checked or ff.checked)


def fact_files(directory: Path) -> list[Path]:
    return sorted(p for p in directory.glob("*.yaml"))
