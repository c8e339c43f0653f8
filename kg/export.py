"""Exports: GEXF 1.3 (Gephi), GraphML, CSV (Gephi spreadsheet import), Turtle, N-Triples, JSON-LD.

Every export is written to a temporary file next to the target and renamed into place, so a
failure never leaves a partial file.
"""

from __future__ import annotations

import csv
import json
import math
import os
import tempfile
import xml.etree.ElementTree as ET
from collections.abc import Callable
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

import networkx as nx
import pyoxigraph as ox
from pydantic import BaseModel, ConfigDict, Field, ValidationError
from rdflib import Graph

from .errors import ExportError, KGError
from .resources import ontology_dir
from .view import node_id
from .vocabulary import KG, PREFIXES, SVC

if TYPE_CHECKING:
    from .graph import KnowledgeGraph

__all__ = ["Subgraph", "FORMATS", "export", "view_for_export", "GEXF_NS", "VIZ_NS"]

GEXF_NS = "http://gexf.net/1.3"
VIZ_NS = "http://gexf.net/1.3/viz"
_DEFAULT_COLOUR = "#9E9E9E"


class Subgraph(BaseModel):
    """A selection: services of a category, and/or the neighbourhood of a service."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    category: str | None = None
    around: str | None = None
    hops: int = Field(default=1, ge=0, le=5)


# ---------------------------------------------------------------- the view to export
def view_for_export(g: KnowledgeGraph, subgraph: Subgraph | None = None) -> nx.MultiDiGraph:
    """The NetworkX view with export attributes (colour, size), optionally filtered."""
    full = g.to_networkx()
    keep = _selection(g, full, subgraph) if subgraph else set(full.nodes)
    view = full.subgraph(keep).copy()
    services = [n for n, d in view.nodes(data=True) if d["kind"] == "service"]
    if not services:
        raise ExportError(
            f"the selected subgraph ({_describe(subgraph)}) has no service; "
            "choose another category, or widen the hops"
        )
    top = _top_categories(g)
    colours = g.index.colours
    for n, d in view.nodes(data=True):
        if d["kind"] == "capability":
            d["colour"] = colours.get("capability", _DEFAULT_COLOUR)
        else:
            d["colour"] = colours.get(top.get(d["category"], d["category"]), _DEFAULT_COLOUR)
        d["size"] = round(4.0 + 3.0 * math.sqrt(view.degree(n)), 2)
    return view


def _describe(sub: Subgraph | None) -> str:
    parts = []
    if sub is not None and sub.category:
        parts.append(f"category {sub.category!r}")
    if sub is not None and sub.around:
        parts.append(f"{sub.hops} hop(s) around {sub.around!r}")
    return ", ".join(parts) or "the whole graph"


def _selection(g: KnowledgeGraph, full: nx.MultiDiGraph, sub: Subgraph) -> set[str]:
    chosen = {n for n, d in full.nodes(data=True) if d["kind"] == "service"}
    if sub.category:
        if ("category", sub.category) not in g.index.concepts:
            raise ExportError(f"unknown category {sub.category!r}")
        cats = g.index.closure("category", sub.category)
        chosen = {
            n
            for n in chosen
            if full.nodes[n]["category"] in cats
            or cats.intersection(g.index.services[full.nodes[n]["id"]].categories)
        }
    if sub.around:
        try:
            start = node_id("service", g.service(sub.around).id)
        except KGError as exc:
            raise ExportError(str(exc)) from exc
        und = full.to_undirected(as_view=True)
        services_only = und.subgraph(n for n, d in full.nodes(data=True) if d["kind"] == "service")
        near = set(nx.single_source_shortest_path_length(services_only, start, cutoff=sub.hops))
        chosen &= near
    extra = set()
    for n in chosen:
        for _, m in full.out_edges(n):
            if full.nodes[m]["kind"] in ("category", "capability"):
                extra.add(m)
    return chosen | extra


def _top_categories(g: KnowledgeGraph) -> dict[str, str]:
    parents = {cid: c.broader for (k, cid), c in g.index.concepts.items() if k == "category"}
    out = {}
    for cid in parents:
        cur, seen = cid, set()
        while parents.get(cur) and cur not in seen:
            seen.add(cur)
            cur = sorted(parents[cur])[0]
        out[cid] = cur
    return out


# ---------------------------------------------------------------- writers
_NODE_ATTRS = [
    ("kind", "string"),
    ("category", "string"),
    ("lifecycle", "string"),
    ("serverless", "boolean"),
    ("n_limits", "integer"),
    ("n_sources", "integer"),
]
_EDGE_ATTRS = [
    ("predicate", "string"),
    ("negated", "boolean"),
    ("only", "boolean"),
    ("source", "string"),
]


def _gexf_value(v: Any, kind: str) -> str:
    if kind == "boolean":
        return "true" if v else "false"
    return str(v if v is not None else "")


def _write_gexf(view: nx.MultiDiGraph, fh: Any) -> None:
    ET.register_namespace("", GEXF_NS)
    ET.register_namespace("viz", VIZ_NS)
    root = ET.Element(f"{{{GEXF_NS}}}gexf", {"version": "1.3"})
    meta = ET.SubElement(root, f"{{{GEXF_NS}}}meta")
    ET.SubElement(meta, f"{{{GEXF_NS}}}creator").text = "aws-kg"
    ET.SubElement(meta, f"{{{GEXF_NS}}}description").text = "AWS services knowledge graph"
    graph = ET.SubElement(
        root, f"{{{GEXF_NS}}}graph", {"defaultedgetype": "directed", "mode": "static"}
    )
    for cls, attrs in (("node", _NODE_ATTRS), ("edge", _EDGE_ATTRS)):
        el = ET.SubElement(graph, f"{{{GEXF_NS}}}attributes", {"class": cls, "mode": "static"})
        for i, (name, kind) in enumerate(attrs):
            ET.SubElement(
                el, f"{{{GEXF_NS}}}attribute", {"id": str(i), "title": name, "type": kind}
            )
    nodes = ET.SubElement(graph, f"{{{GEXF_NS}}}nodes")
    for n, d in sorted(view.nodes(data=True)):
        ne = ET.SubElement(nodes, f"{{{GEXF_NS}}}node", {"id": n, "label": d["label"]})
        _attvalues(ne, _NODE_ATTRS, d)
        r, gr, b = _rgb(d["colour"])
        ET.SubElement(
            ne, f"{{{VIZ_NS}}}color", {"r": str(r), "g": str(gr), "b": str(b), "a": "1.0"}
        )
        ET.SubElement(ne, f"{{{VIZ_NS}}}size", {"value": f"{d['size']}"})
    edges = ET.SubElement(graph, f"{{{GEXF_NS}}}edges")
    for i, (u, v, _k, d) in enumerate(
        sorted(view.edges(keys=True, data=True), key=lambda e: (e[0], e[1], str(e[2])))
    ):
        ee = ET.SubElement(
            edges,
            f"{{{GEXF_NS}}}edge",
            {
                "id": str(i),
                "source": u,
                "target": v,
                "label": d["label"],
                "kind": d["predicate"],
                "weight": "1.0",
            },
        )
        _attvalues(ee, _EDGE_ATTRS, d)
        if d.get("negated"):
            ET.SubElement(ee, f"{{{VIZ_NS}}}color", {"r": "198", "g": "40", "b": "40", "a": "1.0"})
            ET.SubElement(ee, f"{{{VIZ_NS}}}shape", {"value": "dashed"})
    ET.indent(root)
    fh.write(ET.tostring(root, encoding="utf-8", xml_declaration=True))


def _attvalues(parent: ET.Element, attrs: list[tuple[str, str]], data: dict[str, Any]) -> None:
    av = ET.SubElement(parent, f"{{{GEXF_NS}}}attvalues")
    for i, (name, kind) in enumerate(attrs):
        value = _gexf_value(data.get(name), kind)
        ET.SubElement(av, f"{{{GEXF_NS}}}attvalue", {"for": str(i), "value": value})


def _rgb(colour: str) -> tuple[int, int, int]:
    c = colour.lstrip("#")
    return int(c[0:2], 16), int(c[2:4], 16), int(c[4:6], 16)


def _write_graphml(view: nx.MultiDiGraph, fh: Any) -> None:
    g = nx.MultiDiGraph()
    for n, d in view.nodes(data=True):
        r, gr, b = _rgb(d["colour"])
        attrs = {k: d.get(k) for k, _ in _NODE_ATTRS}
        g.add_node(
            n, label=d["label"], colour=d["colour"], r=r, g=gr, b=b, size=float(d["size"]), **attrs
        )
    for u, v, k, d in view.edges(keys=True, data=True):
        g.add_edge(
            u,
            v,
            key=str(k),
            label=d["label"],
            **{a: d.get(a) if d.get(a) is not None else "" for a, _ in _EDGE_ATTRS},
        )
    nx.write_graphml(g, fh, named_key_ids=True)


def _write_csv(view: nx.MultiDiGraph, directory: Path) -> None:
    with (directory / "nodes.csv").open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["Id", "Label", "Color", "Size", *[a for a, _ in _NODE_ATTRS]])
        for n, d in sorted(view.nodes(data=True)):
            w.writerow(
                [
                    n,
                    d["label"],
                    d["colour"],
                    d["size"],
                    *[_gexf_value(d.get(a), t) for a, t in _NODE_ATTRS],
                ]
            )
    with (directory / "edges.csv").open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(
            ["Source", "Target", "Type", "Id", "Label", "Weight", *[a for a, _ in _EDGE_ATTRS]]
        )
        for i, (u, v, d) in enumerate(
            sorted(view.edges(data=True), key=lambda e: (e[0], e[1], e[2]["predicate"]))
        ):
            w.writerow(
                [
                    u,
                    v,
                    "Directed",
                    i,
                    d["label"],
                    1.0,
                    *[_gexf_value(d.get(a), t) for a, t in _EDGE_ATTRS],
                ]
            )


def rdf_for_export(g: KnowledgeGraph, view: nx.MultiDiGraph | None) -> Graph:
    """The whole RDF graph, or the triples about the services of a subgraph (plus the ontology)."""
    if view is None:
        return g.rdf
    keep = {SVC[d["id"]] for _, d in view.nodes(data=True) if d["kind"] == "service"}
    out = Graph()
    for prefix, ns in PREFIXES.items():
        out.bind(prefix, ns)
    # Facts about the selected services; a relation to a service outside the selection is left
    # out whole (not kept without its kg:object, which would make it a different statement).
    facts = {
        f
        for f, s in g.rdf.subject_objects(KG.subject)
        if s in keep and all(o in keep for o in g.rdf.objects(f, KG.object))
    }
    for s, p, o in g.rdf:
        if (
            s in keep
            or s in facts
            or not (str(s).startswith(str(SVC)) or (s, KG.subject, None) in g.rdf)
        ):
            out.add((s, p, o))
    return out


def _context() -> dict[str, Any]:
    return json.loads((ontology_dir() / "context.jsonld").read_text(encoding="utf-8"))


FORMATS: dict[str, str] = {
    "gexf": "GEXF 1.3 for Gephi (colours, sizes, labels)",
    "graphml": "GraphML for yEd and Cytoscape",
    "csv": "nodes.csv and edges.csv for Gephi's spreadsheet import (OUT is a folder)",
    "ttl": "Turtle",
    "nt": "N-Triples",
    "jsonld": "JSON-LD with the published @context",
}


def _read_umask() -> int:
    # Read once, at import: os.umask can only be read by setting it, which is not thread-safe.
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("Umask:"):
                return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


_UMASK = _read_umask()


def _subgraph(subgraph: Subgraph | dict | None) -> Subgraph | None:
    if subgraph is None or isinstance(subgraph, Subgraph):
        return subgraph
    if not isinstance(subgraph, dict):
        raise ExportError(f"subgraph must be a Subgraph or a dict, not {type(subgraph).__name__}")
    try:
        return Subgraph.model_validate(subgraph)
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(x) for x in e['loc']) or 'subgraph'}: {e['msg']}" for e in exc.errors()
        )
        raise ExportError(f"bad subgraph {subgraph!r}: {problems}") from exc


@contextmanager
def _atomic(path: Path, *, directory: bool = False) -> Any:
    parent = path.parent if str(path.parent) else Path(".")
    if not parent.is_dir():
        what = "is not a folder" if parent.exists() else "does not exist"
        raise ExportError(f"cannot write {path}: {parent} {what}")
    if not os.access(parent, os.W_OK):
        raise ExportError(f"cannot write {path}: folder {parent} is not writable")
    if not directory and path.is_dir():
        raise ExportError(f"cannot write {path}: it is a folder, give a file name")
    try:
        # mkstemp/mkdtemp create private (0600/0700) entries; an export gets the usual mode.
        if directory:
            tmp = Path(tempfile.mkdtemp(dir=parent, prefix=f".{path.name}."))
            try:
                yield tmp
                for f in tmp.iterdir():
                    f.chmod(0o666 & ~_UMASK)
                if path.exists():
                    for f in tmp.iterdir():
                        os.replace(f, path / f.name)
                    tmp.rmdir()
                else:
                    tmp.chmod(0o777 & ~_UMASK)
                    os.replace(tmp, path)
            except BaseException:
                for f in tmp.iterdir():
                    f.unlink()
                tmp.rmdir()
                raise
            return
        fd, name = tempfile.mkstemp(dir=parent, prefix=f".{path.name}.", suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as fh:
                yield fh
            os.chmod(name, 0o666 & ~_UMASK)
            os.replace(name, path)
        except BaseException:
            Path(name).unlink(missing_ok=True)
            raise
    except OSError as exc:
        # e.g. a read-only file system (os.access says yes to root), a full disk
        raise ExportError(f"cannot write {path}: {exc.strerror or exc}") from exc


def export(
    g: KnowledgeGraph, path: Path, *, format: str, subgraph: Subgraph | dict | None = None
) -> Path:
    """Write the graph in ``format``; returns the path written."""
    fmt = (format or "").lower().lstrip(".")
    if fmt not in FORMATS:
        raise ExportError(f"unknown format {format!r}; choose one of: {', '.join(FORMATS)}")
    sub = _subgraph(subgraph)
    view = view_for_export(g, sub)
    if fmt == "csv":
        if path.exists() and not path.is_dir():
            raise ExportError(f"cannot write CSV into {path}: it is a file, give a folder")
        with _atomic(path, directory=True) as tmp:
            _write_csv(view, tmp)
        return path
    writers: dict[str, Callable[[Any], None]] = {
        "gexf": lambda fh: _write_gexf(view, fh),
        "graphml": lambda fh: _write_graphml(view, fh),
    }
    with _atomic(path) as fh:
        if fmt in writers:
            writers[fmt](fh)
        elif fmt in ("ttl", "nt") and not sub:
            # the whole graph: oxigraph writes it about 50x faster than rdflib's serializer
            g._store().dump(
                fh,
                format=ox.RdfFormat.TURTLE if fmt == "ttl" else ox.RdfFormat.N_TRIPLES,
                prefixes={p: str(ns) for p, ns in PREFIXES.items()} if fmt == "ttl" else None,
                from_graph=ox.DefaultGraph(),
            )
        else:
            rdf = rdf_for_export(g, view if sub else None)
            if fmt == "jsonld":
                data = rdf.serialize(
                    format="json-ld", context=_context()["@context"], auto_compact=True
                )
            else:
                data = rdf.serialize(format={"ttl": "turtle", "nt": "nt"}[fmt])
            fh.write(data.encode("utf-8") if isinstance(data, str) else data)
    return path
