"""Read the validated RDF graph into typed, indexed records (the view the API serves)."""

from __future__ import annotations

import functools
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from rdflib import URIRef

from .models import (
    CapabilityFact,
    Concept,
    Connection,
    Lifecycle,
    Limit,
    Pattern,
    Relation,
    Service,
    Source,
    UseCase,
)
from .vocabulary import (
    ATTR,
    BASE,
    CAP,
    CAT,
    DCTERMS,
    KG,
    PAT,
    PROV,
    RDF,
    RDFS,
    SEED,
    SEED_DOC,
    SKOS,
    SVC,
)

__all__ = ["Index", "build_index"]

_STATUS_NAMES = {
    KG.Current: "current",
    KG.Renamed: "renamed",
    KG.Closed: "closed",
    KG.Deprecated: "deprecated",
    KG.Retired: "retired",
}


@dataclass
class Index:
    services: dict[str, Service] = field(default_factory=dict)
    limits: dict[str, list[Limit]] = field(default_factory=lambda: defaultdict(list))
    relations: list[Relation] = field(default_factory=list)
    capabilities: dict[str, list[CapabilityFact]] = field(default_factory=lambda: defaultdict(list))
    use_cases: dict[str, list[UseCase]] = field(default_factory=lambda: defaultdict(list))
    patterns: dict[str, Pattern] = field(default_factory=dict)
    concepts: dict[tuple[str, str], Concept] = field(default_factory=dict)
    predicate_labels: dict[str, tuple[str, str]] = field(default_factory=dict)
    symmetric_predicates: set[str] = field(default_factory=set)
    colours: dict[str, str] = field(
        default_factory=dict
    )  # category id (or "capability") -> #RRGGBB

    _edges: dict[tuple[str, bool], dict[str, set[str]]] = field(
        default_factory=dict, repr=False, compare=False
    )

    def relations_of(self, sid: str) -> list[Relation]:
        return [r for r in self.relations if sid in (r.subject, r.object)]

    def closure(self, kind: str, cid: str, *, up: bool = False) -> set[str]:
        """A concept and everything narrower than it (``up=True``: broader), transitively."""
        edges = self._edges.get((kind, up))
        if edges is None:
            edges = defaultdict(set)
            for (k, c), concept in self.concepts.items():
                if k == kind:
                    for b in concept.broader:
                        (edges[c] if up else edges[b]).add(b if up else c)
            self._edges[(kind, up)] = edges
        seen, todo = {cid}, [cid]
        while todo:
            for n in edges.get(todo.pop(), ()):
                if n not in seen:
                    seen.add(n)
                    todo.append(n)
        return seen


def _local(term: Any, ns: str) -> str:
    s = str(term)
    return s[len(ns) :] if s.startswith(ns) else s


def _sources(g: Any, node: Any) -> tuple[Source, ...]:
    checked = g.value(node, KG.checked)
    day = checked.toPython() if checked else None
    return tuple(
        _source(str(s), day) for s in sorted(g.objects(node, PROV.wasDerivedFrom), key=str)
    )


@functools.lru_cache(maxsize=16384)
def _source(iri: str, checked: Any) -> Source:
    """One record per distinct source and date: thousands of facts share a few sources."""
    seed_prefix = f"{SEED}{SEED_DOC}#"
    label = "seed#" + iri[len(seed_prefix) :] if iri.startswith(seed_prefix) else iri
    return Source(iri=iri, label=label, checked=checked)


def _str(g: Any, node: Any, pred: URIRef) -> str | None:
    v = g.value(node, pred)
    return None if v is None else str(v)


def _bool(g: Any, node: Any, pred: URIRef) -> bool:
    v = g.value(node, pred)
    return bool(v.toPython()) if v is not None else False


def _float(g: Any, node: Any, pred: URIRef) -> float | None:
    v = g.value(node, pred)
    return None if v is None else float(v.toPython())


def _order(fact_iri: str) -> tuple[str, int]:
    head, _, n = fact_iri.rpartition("/")
    return head, int(n) if n.isdigit() else 0


def build_index(g: Any) -> Index:
    """Records from the triples; ``g`` is an rdflib Graph or a :class:`~kg.triples.TripleIndex`."""
    idx = Index()
    svc_ns, cap_ns, attr_ns, cat_ns = str(SVC), str(CAP), str(ATTR), str(CAT)
    for scheme, ns, kind in (
        (KG.Categories, cat_ns, "category"),
        (KG.Capabilities, cap_ns, "capability"),
        (KG.Attributes, attr_ns, "attribute"),
        (KG.Cues, BASE + "cue/", "cue"),
    ):
        for c in g.subjects(SKOS.inScheme, scheme):
            cid = _local(c, ns)
            idx.concepts[(kind, cid)] = Concept(
                id=cid,
                scheme=kind,  # type: ignore[arg-type]
                pref_label=str(g.value(c, SKOS.prefLabel) or cid),
                alt_labels=tuple(sorted(str(x) for x in g.objects(c, SKOS.altLabel))),
                hidden_labels=tuple(sorted(str(x) for x in g.objects(c, SKOS.hiddenLabel))),
                broader=tuple(sorted(_local(b, ns) for b in g.objects(c, SKOS.broader))),
                dimension=_str(g, c, KG.dimension),
                comparison=_str(g, c, KG.comparison),  # type: ignore[arg-type]
                soft=_bool(g, c, KG.soft),
                default_for_dimension=_bool(g, c, KG.defaultForDimension),
                opposed_by=tuple(
                    sorted(str(o).rsplit("/", 1)[-1] for o in g.objects(c, KG.opposedBy))
                ),
                number=_float(g, c, KG.numberValue),
                polarity=int(_float(g, c, KG.answerPolarity) or 0),
            )
    for node, colour in g.subject_objects(KG.colour):
        key = "capability" if node == KG.Capabilities else _local(node, cat_ns)
        idx.colours[key] = str(colour)
    for p in g.subjects(RDF.type, KG.RelationProperty):
        pid = _local(p, str(KG))
        idx.predicate_labels[pid] = (
            str(g.value(p, RDFS.label) or pid),
            str(g.value(p, KG.negativeLabel) or f"not {pid}"),
        )
        if (p, RDF.type, URIRef("http://www.w3.org/2002/07/owl#SymmetricProperty")) in g:
            idx.symmetric_predicates.add(pid)

    def label(kind: str, cid: str) -> str:
        c = idx.concepts.get((kind, cid))
        return c.pref_label if c else cid

    for s in sorted(g.subjects(RDF.type, KG.Service), key=str):
        sid = _local(s, svc_ns)
        lc_node = g.value(s, KG.lifecycle)
        lifecycle = Lifecycle()
        if lc_node is not None:
            succ = g.value(lc_node, KG.successor)
            date = g.value(lc_node, KG.statusDate)
            lifecycle = Lifecycle(
                status=_STATUS_NAMES[g.value(lc_node, KG.status)],  # type: ignore[arg-type,index]
                date=date.toPython() if date is not None else None,  # type: ignore[attr-defined]
                renamed_to=_str(g, lc_node, KG.renamedTo),
                successor=_local(succ, svc_ns) if succ is not None else None,
                note=_str(g, lc_node, RDFS.comment),
                sources=_sources(g, lc_node),
            )
        idx.services[sid] = Service(
            id=sid,
            name=str(g.value(s, RDFS.label)),
            aliases=tuple(sorted(str(a) for a in g.objects(s, KG.alias))),
            category=_local(g.value(s, KG.category), cat_ns),
            categories=tuple(sorted(_local(c, cat_ns) for c in g.objects(s, KG.alsoCategory))),
            family=str(g.value(s, KG.family)),
            description=str(g.value(s, DCTERMS.description)),
            lifecycle=lifecycle,
            sources=_sources(g, s),
        )
    for f in sorted(g.subjects(RDF.type, KG.Limit), key=lambda x: _order(str(x))):
        sid = _local(g.value(f, KG.subject), svc_ns)
        attr = _local(g.value(f, KG.attribute), attr_ns)
        vmax = g.value(f, KG.valueMax)
        idx.limits[sid].append(
            Limit(
                id=str(f),
                service=sid,
                attribute=attr,
                attribute_label=label("attribute", attr),
                kind=str(g.value(f, KG.limitKind)),  # type: ignore[arg-type]
                value=float(g.value(f, KG.value)),  # type: ignore[arg-type]
                value_max=float(vmax) if vmax is not None else None,  # type: ignore[arg-type]
                unit=str(g.value(f, KG.unitExpression)),
                unit_iri=str(g.value(f, KG.unit)),
                adjustable=_bool(g, f, KG.adjustable),
                scope=_str(g, f, KG.scope),
                condition=_str(g, f, KG.condition),
                note=_str(g, f, RDFS.comment),
                source=_sources(g, f),
            )
        )
    for f in sorted(g.subjects(RDF.type, KG.CapabilityFact), key=lambda x: _order(str(x))):
        sid = _local(g.value(f, KG.subject), svc_ns)
        cid = _local(g.value(f, KG.capability), cap_ns)
        idx.capabilities[sid].append(
            CapabilityFact(
                id=str(f),
                service=sid,
                capability=cid,
                capability_label=label("capability", cid),
                negated=_bool(g, f, KG.negated),
                note=_str(g, f, RDFS.comment),
                source=_sources(g, f),
            )
        )
    for f in sorted(g.subjects(RDF.type, KG.RelationFact), key=lambda x: _order(str(x))):
        pid = _local(g.value(f, KG.predicate), str(KG))
        negated = _bool(g, f, KG.negated)
        pos, neg = idx.predicate_labels.get(pid, (pid, f"not {pid}"))
        idx.relations.append(
            Relation(
                id=str(f),
                subject=_local(g.value(f, KG.subject), svc_ns),
                predicate=pid,
                predicate_label=neg if negated else pos,
                object=_local(g.value(f, KG.object), svc_ns),
                negated=negated,
                only=_bool(g, f, KG.only),
                note=_str(g, f, RDFS.comment),
                source=_sources(g, f),
            )
        )
    for f in sorted(g.subjects(RDF.type, KG.UseCase), key=lambda x: _order(str(x))):
        sid = _local(g.value(f, KG.subject), svc_ns)
        idx.use_cases[sid].append(
            UseCase(
                id=str(f),
                service=sid,
                text=str(g.value(f, RDFS.label)),
                capabilities=tuple(sorted(_local(c, cap_ns) for c in g.objects(f, KG.capability))),
                note=_str(g, f, RDFS.comment),
                source=_sources(g, f),
            )
        )
    for p in sorted(g.subjects(RDF.type, KG.Pattern), key=str):
        conns = []
        for b in g.objects(p, KG.connection):
            conns.append(
                Connection(
                    source=_local(g.value(b, KG["from"]), svc_ns),
                    predicate=_local(g.value(b, KG.predicate), str(KG)),
                    target=_local(g.value(b, KG.to), svc_ns),
                )
            )
        idx.patterns[_local(p, str(PAT))] = Pattern(
            id=_local(p, str(PAT)),
            name=str(g.value(p, RDFS.label)),
            description=str(g.value(p, DCTERMS.description)),
            answers=str(g.value(p, KG.answers)),
            capabilities=tuple(sorted(_local(c, cap_ns) for c in g.objects(p, KG.capability))),
            components=tuple(sorted(_local(c, svc_ns) for c in g.objects(p, KG.component))),
            connections=tuple(sorted(conns, key=lambda c: (c.source, c.predicate, c.target))),
            source=_sources(g, p),
        )
    idx.limits = dict(idx.limits)  # type: ignore[assignment]
    idx.capabilities = dict(idx.capabilities)  # type: ignore[assignment]
    idx.use_cases = dict(idx.use_cases)  # type: ignore[assignment]
    return idx
