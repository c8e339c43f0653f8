"""The public API: :func:`load` and :class:`KnowledgeGraph`."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

import networkx as nx
import pyoxigraph as ox
from rdflib import Graph, Literal, URIRef

from .errors import KGError, SparqlError, UnknownServiceError
from .index import Index
from .models import CapabilityFact, Limit, Pattern, Relation, Service, Stats, UseCase
from .names import NameIndex
from .store import Build, build
from .vocabulary import PREFIXES

if TYPE_CHECKING:
    from .compare import Comparison
    from .design import DesignReport
    from .engine import Recommendation
    from .explain import Explanation
    from .options import OptionScore
    from .requirement import Requirement

__all__ = ["KnowledgeGraph", "load"]

ServiceRef = Service | str


def load(
    *,
    facts: Path | str | None = None,
    ontology: Path | str | None = None,
    cache: bool = True,
    shacl: bool = False,
) -> KnowledgeGraph:
    """Load the shipped (or given) knowledge, validated; reuse a cached build when unchanged.

    Loading checks the schema, sources, units, references and vocabulary of every fact (the
    constraints the SHACL shapes state); ``shacl=True`` also runs pyshacl, as ``kg validate``
    does.

    >>> g = load()
    >>> g.service("sqs fifo").id
    'sqs-fifo'
    """
    b = build(
        facts=Path(facts) if facts else None,
        ontology=Path(ontology) if ontology else None,
        use_cache=cache,
        shacl=shacl,
    )
    return KnowledgeGraph(b, build_key=b.key, from_cache=b.from_cache)


class KnowledgeGraph:
    """A validated, read-only knowledge graph of AWS services."""

    def __init__(self, build: Build, *, build_key: str = "", from_cache: bool = False):
        self._build = build
        self._graph: Graph | None = None
        self._ox: ox.Store | None = None
        self._index: Index = build.index
        vendor = build.index.concepts.get(("cue", "vendor"))
        self._names = NameIndex(build.index.services, vendor.labels() if vendor else ())
        self.build_key = build_key
        self.from_cache = from_cache
        self._nx: nx.MultiDiGraph | None = None
        self._engine: Any = None

    # ------------------------------------------------------------------ lookups
    @property
    def rdf(self) -> Graph:
        """The RDF graph (the source of truth), parsed on first use. Treat it as read-only."""
        if self._graph is None:
            self._graph = self._build.graph()
        return self._graph

    @property
    def index(self) -> Index:
        return self._index

    def services(self) -> list[Service]:
        """Every service, sorted by id."""
        return [self._index.services[k] for k in sorted(self._index.services)]

    def service(self, name: ServiceRef) -> Service:
        """A service by id, name or alias (case-insensitive; "Amazon"/"AWS" optional)."""
        if isinstance(name, Service):
            return self._index.services[name.id]
        if not isinstance(name, str) or not name.strip():
            raise UnknownServiceError(str(name), [])
        sid = self._names.get(name)
        if sid is None:
            raise UnknownServiceError(name, self._names.suggest(name))
        return self._index.services[sid]

    def find_service(self, name: str) -> Service | None:
        """Like :meth:`service` but returns ``None`` for an unknown name."""
        sid = self._names.get(name) if isinstance(name, str) else None
        return self._index.services.get(sid) if sid else None

    def name_index(self) -> dict[str, str]:
        """Every normalized name and alias, mapped to its service id."""
        return self._names.keys()

    def limits(self, service: ServiceRef) -> list[Limit]:
        """The limits of a service, with units, kind, scope, condition and sources.

        >>> lim = next(x for x in load().limits("lambda") if x.attribute == "run-duration" and x.kind == "max")
        >>> (lim.value, lim.unit)
        (900.0, 's')
        """
        return list(self._index.limits.get(self.service(service).id, []))

    def relations(self, service: ServiceRef) -> list[Relation]:
        """Relations in both directions (subject or object is the service), negative ones too.

        >>> [r.predicate_label for r in load().relations("waf") if r.object == "nlb" and r.negated]
        ['cannot protect']
        """
        return self._index.relations_of(self.service(service).id)

    def all_relations(self) -> list[Relation]:
        return list(self._index.relations)

    def capabilities(self, service: ServiceRef) -> list[CapabilityFact]:
        return list(self._index.capabilities.get(self.service(service).id, []))

    def use_cases(self, service: ServiceRef) -> list[UseCase]:
        return list(self._index.use_cases.get(self.service(service).id, []))

    def patterns(self) -> list[Pattern]:
        return [self._index.patterns[k] for k in sorted(self._index.patterns)]

    # ------------------------------------------------------------------ SPARQL
    def sparql(self, query: str, bindings: Mapping[str, Any] | None = None) -> list[dict[str, Any]]:
        """Run a SPARQL query; values in ``bindings`` are bound, never formatted into the text.

        Returns a list of rows (variable -> Python value) for SELECT, ``[{"result": bool}]``
        for ASK, and ``[{"s":..,"p":..,"o":..}]`` for CONSTRUCT/DESCRIBE. The project's
        prefixes (``kg:``, ``svc:``, ``cap:``...) are predeclared. Queries run on an in-memory
        oxigraph store (loaded on first use in about 0.2 s); with ``bindings`` on rdflib.

        >>> load().sparql("ASK { svc:sqs a kg:Service }")
        [{'result': True}]
        """
        if not isinstance(query, str) or not query.strip():
            raise SparqlError("empty SPARQL query")
        if bindings:
            return self._sparql_rdflib(query, bindings)
        try:
            res = self._store().query(query, prefixes={p: str(ns) for p, ns in PREFIXES.items()})
        except Exception as exc:  # oxigraph raises SyntaxError, OSError and others
            raise SparqlError(f"SPARQL query failed: {_first_line(exc)}") from exc
        if isinstance(res, ox.QueryBoolean):
            return [{"result": bool(res)}]
        if isinstance(res, ox.QueryTriples):
            return [{"s": _py(t.subject), "p": _py(t.predicate), "o": _py(t.object)} for t in res]
        names = [v.value for v in res.variables]
        return [{n: _py(row[n]) for n in names} for row in res]

    def _sparql_rdflib(self, query: str, bindings: Mapping[str, Any]) -> list[dict[str, Any]]:
        """Queries with bindings run on rdflib, whose initBindings bind any variable (oxigraph
        substitutes only projected ones); the values are never formatted into the text."""
        init = {k: _rdf_term(v) for k, v in bindings.items()}
        try:
            res = self.rdf.query(query, initNs=PREFIXES, initBindings=init)
        except Exception as exc:  # pyparsing and rdflib raise assorted types for bad queries
            raise SparqlError(f"SPARQL query failed: {_first_line(exc)}") from exc
        if res.type == "ASK":
            return [{"result": bool(res.askAnswer)}]
        if res.type in ("CONSTRUCT", "DESCRIBE"):
            assert res.graph is not None
            return [{"s": _py(s), "p": _py(p), "o": _py(o)} for s, p, o in res.graph]
        vars_ = [str(v) for v in (res.vars or [])]
        return [{v: _py(row[i]) for i, v in enumerate(vars_)} for row in res]  # type: ignore[index]

    def _store(self) -> ox.Store:
        """The triples in an in-memory oxigraph store, for SPARQL (about 10x faster to load
        than rdflib's graph, and faster to query)."""
        if self._ox is None:
            store = ox.Store()
            store.bulk_load(self._build.ntriples().encode("utf-8"), format=ox.RdfFormat.N_TRIPLES)
            self._ox = store
        return self._ox

    # ------------------------------------------------------------------ views
    def to_networkx(self) -> nx.MultiDiGraph:
        """A NetworkX view derived from the RDF (a copy: editing it changes nothing here)."""
        if self._nx is None:
            from .view import to_networkx

            self._nx = to_networkx(self._index)
        return self._nx.copy()

    def neighbourhood(self, service: ServiceRef, hops: int = 1) -> nx.MultiDiGraph:
        """The services within ``hops`` relations of a service, as a NetworkX graph."""
        from .view import neighbourhood, node_id

        if not isinstance(hops, int) or not 0 <= hops <= 3:
            raise KGError("hops must be 0, 1, 2 or 3")
        full = self._nx if self._nx is not None else self.to_networkx()
        return neighbourhood(full, node_id("service", self.service(service).id), hops)

    def to_dot(self, view: nx.MultiDiGraph, *, centre: ServiceRef | None = None) -> str:
        """Graphviz DOT for a view (colours by top category, negative relations dashed red)."""
        from .export import _top_categories
        from .view import node_id, to_dot

        top = _top_categories(self)
        v = view.copy()
        for _, d in v.nodes(data=True):
            d["top_category"] = top.get(d.get("category", ""), d.get("category", ""))
        c = node_id("service", self.service(centre).id) if centre is not None else None
        return to_dot(v, centre=c, colours=self._index.colours)

    def compare(self, services: list[ServiceRef]) -> Comparison:
        """Two to four services side by side."""
        from .compare import compare

        if not 2 <= len(services) <= 4:
            raise KGError("compare two to four services")
        return compare(self, services)

    def stats(self) -> Stats:
        from .view import stats

        return stats(self._index, self._build.triples)

    # ------------------------------------------------------------------ engine (see engine.py)
    def _get_engine(self) -> Any:
        if self._engine is None:
            from .engine import Engine

            self._engine = Engine(self)
        return self._engine

    def recommend(self, requirement: str | Requirement, top_k: int = 5) -> Recommendation:
        """Rank services for a requirement, with justifications, "why not" and relaxations.

        >>> rec = load().recommend("which database for a social network where we query friends of friends?")
        >>> rec.ranked[0].service, rec.requirement.categories
        ('neptune', ('database',))
        """
        return self._get_engine().recommend(requirement, top_k=top_k)

    def explain(self, service: ServiceRef, requirement: str | Requirement) -> Explanation:
        """Why (or why not) one service fits a requirement."""
        return self._get_engine().explain(self.service(service), requirement)

    def rank_options(self, scenario: str, options: Mapping[str, str]) -> list[OptionScore]:
        """Score candidate designs against a scenario, best first."""
        return self._get_engine().rank_options(scenario, options)

    def check_design(self, design: str | list[str]) -> DesignReport:
        """Findings for a design written as connections, one per line (``WAF -> NLB``)."""
        from .design import check_design

        return check_design(self, design)

    def export(self, path: str | Path, *, format: str, subgraph: Any = None) -> Path:
        """Write the graph (or a subgraph) as gexf, graphml, ttl, nt, jsonld or csv."""
        from .export import export

        return export(self, Path(path), format=format, subgraph=subgraph)


def _first_line(exc: BaseException) -> str:
    return str(exc).splitlines()[0] if str(exc) else exc.__class__.__name__


def _rdf_term(v: Any) -> Any:
    if isinstance(v, URIRef | Literal):
        return v
    if isinstance(v, Service):
        from .vocabulary import SVC

        return SVC[v.id]
    return Literal(v)


def _py(v: Any) -> Any:
    """A result term (oxigraph's or rdflib's) as a Python value: IRIs as text, literals as
    their Python value."""
    if v is None:
        return None
    if isinstance(v, Literal):
        return v.toPython()
    if isinstance(v, ox.Literal):
        if v.language:
            return Literal(v.value, lang=v.language).toPython()
        return Literal(v.value, datatype=URIRef(v.datatype.value)).toPython()
    if isinstance(v, ox.NamedNode):
        return v.value
    return str(v)
