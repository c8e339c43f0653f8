"""The NetworkX view, derived from the indexed RDF, and the graph's statistics."""

from __future__ import annotations

import networkx as nx

from .index import Index
from .models import Stats

__all__ = ["to_networkx", "stats", "node_id"]


def node_id(kind: str, local: str) -> str:
    """Node ids are prefixed by kind (``service:sqs``, ``category:database``)."""
    return f"{kind}:{local}"


def to_networkx(idx: Index) -> nx.MultiDiGraph:
    """Services, their categories and capabilities as nodes; typed relations as edges.

    Every service node has ``kind="service"``, ``label``, ``category``, ``lifecycle``,
    ``serverless``, ``n_limits`` and ``n_sources``. Every edge has ``predicate``, ``label``,
    ``negated`` and ``only``.
    """
    g = nx.MultiDiGraph()
    used_caps: set[str] = set()
    for sid, s in sorted(idx.services.items()):
        caps = idx.capabilities.get(sid, [])
        limits = idx.limits.get(sid, [])
        sources = {src.iri for src in s.sources}
        for group in (caps, limits, idx.use_cases.get(sid, [])):
            for fact in group:
                sources.update(src.iri for src in fact.source)
        g.add_node(
            node_id("service", sid),
            kind="service",
            id=sid,
            label=s.name,
            category=s.category,
            family=s.family,
            lifecycle=s.lifecycle.status,
            serverless=any(c.capability == "serverless" and not c.negated for c in caps),
            n_limits=len(limits),
            n_sources=len(sources),
        )
        g.add_edge(
            node_id("service", sid),
            node_id("category", s.category),
            key="inCategory",
            predicate="inCategory",
            label="in category",
            negated=False,
            only=False,
        )
        for c in caps:
            used_caps.add(c.capability)
            pred = "lacksCapability" if c.negated else "hasCapability"
            g.add_edge(
                node_id("service", sid),
                node_id("capability", c.capability),
                key=f"{pred}:{c.id}",
                predicate=pred,
                label="lacks" if c.negated else "has",
                negated=c.negated,
                only=False,
            )
    for (kind, cid), concept in sorted(idx.concepts.items()):
        if kind == "category" or (kind == "capability" and cid in used_caps):
            g.add_node(
                node_id(kind, cid),
                kind=kind,
                id=cid,
                label=concept.pref_label,
                category=cid if kind == "category" else "",
                lifecycle="",
                serverless=False,
                n_limits=0,
                n_sources=0,
            )
    for (kind, cid), concept in idx.concepts.items():
        if kind == "category":
            for b in concept.broader:
                g.add_edge(
                    node_id("category", cid),
                    node_id("category", b),
                    key="broader",
                    predicate="broader",
                    label="narrower than",
                    negated=False,
                    only=False,
                )
    for r in idx.relations:
        g.add_edge(
            node_id("service", r.subject),
            node_id("service", r.object),
            key=r.id,
            predicate=r.predicate,
            label=r.predicate_label,
            negated=r.negated,
            only=r.only,
            note=r.note or "",
            source=" ".join(s.label for s in r.source),
        )
    return g


def stats(idx: Index, triples: int) -> Stats:
    rels = idx.relations
    sources: set[str] = set()
    for s in idx.services.values():
        sources.update(x.iri for x in s.sources)
    for group in (idx.limits, idx.capabilities, idx.use_cases):
        for facts in group.values():
            for f in facts:
                sources.update(x.iri for x in f.source)
    for r in rels:
        sources.update(x.iri for x in r.source)
    for p in idx.patterns.values():
        sources.update(x.iri for x in p.source)
    seed = sum(1 for s in sources if "/seed/" in s)
    caps = [c for cs in idx.capabilities.values() for c in cs]
    concepts: dict[str, int] = {}
    for kind, _ in idx.concepts:
        concepts[kind] = concepts.get(kind, 0) + 1
    return Stats(
        services=len(idx.services),
        limits=sum(len(v) for v in idx.limits.values()),
        relations=len(rels),
        relations_positive=sum(1 for r in rels if not r.negated),
        relations_negative=sum(1 for r in rels if r.negated),
        relations_only=sum(1 for r in rels if r.only),
        capability_facts=len(caps),
        capability_facts_negative=sum(1 for c in caps if c.negated),
        use_cases=sum(len(v) for v in idx.use_cases.values()),
        patterns=len(idx.patterns),
        concepts=dict(sorted(concepts.items())),
        sources=len(sources),
        seed_sources=seed,
        url_sources=len(sources) - seed,
        triples=triples,
    )


def neighbourhood(full: nx.MultiDiGraph, service_node: str, hops: int) -> nx.MultiDiGraph:
    """Services within ``hops`` relations of a service (either direction), with their edges."""
    services = [n for n, d in full.nodes(data=True) if d["kind"] == "service"]
    und = full.subgraph(services).to_undirected(as_view=True)
    near = nx.single_source_shortest_path_length(und, service_node, cutoff=hops)
    return full.subgraph(near).copy()


def to_dot(
    view: nx.MultiDiGraph, *, centre: str | None = None, colours: dict[str, str] | None = None
) -> str:
    """Graphviz DOT text: colour by category, negative relations dashed red."""

    def q(s: str) -> str:
        return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'

    lines = [
        "digraph G {",
        '  rankdir=LR; node [shape=box, style="rounded,filled", fontname=Helvetica, fontsize=10];',
        "  edge [fontname=Helvetica, fontsize=8];",
    ]
    for n, d in sorted(view.nodes(data=True)):
        fill = (colours or {}).get(d.get("top_category", d.get("category", "")), "#EEEEEE")
        pen = ", penwidth=3" if n == centre else ""
        lines.append(f"  {q(n)} [label={q(d['label'])}, fillcolor={q(fill + '55')}{pen}];")
    for u, v, d in sorted(
        view.edges(data=True), key=lambda e: (e[0], e[1], e[2].get("predicate", ""))
    ):
        style = ', color="#C62828", fontcolor="#C62828", style=dashed' if d.get("negated") else ""
        lab = d.get("label", "") + (" only" if d.get("only") else "")
        lines.append(f"  {q(u)} -> {q(v)} [label={q(lab)}{style}];")
    lines.append("}")
    return "\n".join(lines)
