"""Exports: GEXF 1.3, GraphML, CSV, Turtle, N-Triples and JSON-LD; subgraphs; bad input; the CLI.

Most tests run on the small fixture knowledge in tests/data/engine so they do not move when the
shipped knowledge grows; the few at the end run on the shipped graph (the session fixture ``g``)
and check that every format round-trips there too.
"""

from __future__ import annotations

import csv
import json
import math
import os
import re
import shutil
import subprocess
import tempfile
import xml.etree.ElementTree as ET
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import networkx as nx
import pytest
import rdflib
from rdflib import RDF, Literal, URIRef
from rdflib.compare import isomorphic
from typer.testing import CliRunner

import kg
import kg.cli
import kg.export
from kg.cli import app
from kg.export import FORMATS, GEXF_NS, VIZ_NS, Subgraph, view_for_export
from kg.resources import ontology_dir
from kg.vocabulary import KG, SVC

REPO = Path(__file__).resolve().parent.parent
ENGINE = REPO / "tests" / "data" / "engine"
JS = REPO / "tests" / "js"
DECIMAL = URIRef("http://www.w3.org/2001/XMLSchema#decimal")
RDF_FORMATS = {"ttl": "turtle", "nt": "nt", "jsonld": "json-ld"}
NAMES = {
    "gexf": "graph.gexf",
    "graphml": "graph.graphml",
    "csv": "csv",
    "ttl": "graph.ttl",
    "nt": "graph.nt",
    "jsonld": "graph.jsonld",
}
G = f"{{{GEXF_NS}}}"
V = f"{{{VIZ_NS}}}"
NEGATED_RELATIONS = """
    SELECT (COUNT(?f) AS ?n) WHERE { ?f a kg:RelationFact ; kg:negated true . }
"""
PROTECTED = """
    SELECT ?o WHERE {
        ?f a kg:RelationFact ; kg:predicate kg:protects ; kg:object ?o ; kg:negated false .
    }
"""
PREFIXES = "PREFIX kg: <https://w3id.org/aws-kg/ontology#>\n"

runner = CliRunner()


# ---------------------------------------------------------------- fixtures and helpers
@pytest.fixture(scope="module")
def eg() -> kg.KnowledgeGraph:
    """The engine fixture: 15 small services, stable on purpose."""
    return kg.load(facts=ENGINE, cache=False)


@pytest.fixture(scope="module")
def exported(eg: kg.KnowledgeGraph, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Every format of the whole fixture graph, written once for the module."""
    out = tmp_path_factory.mktemp("export")
    return {fmt: eg.export(out / NAMES[fmt], format=fmt) for fmt in FORMATS}


def _hex(r: Any, g: Any, b: Any) -> str:
    return f"#{int(r):02X}{int(g):02X}{int(b):02X}"


def _rgba_to_hex(colour: str) -> str:
    """graphology-gexf gives 'rgba(r,g,b,a)' (or 'rgb(...)', or the hex attribute as is)."""
    if colour.startswith("#"):
        return colour.upper()
    m = re.fullmatch(r"rgba?\((\d+),(\d+),(\d+)(?:,([\d.]+))?\)", colour.replace(" ", ""))
    assert m, f"unexpected colour {colour!r}"
    assert m.group(4) is None or float(m.group(4)) == 1.0, colour
    return _hex(*m.group(1, 2, 3))


def _service_ids(view: nx.Graph) -> set[str]:
    return {n.split(":", 1)[1] for n, d in view.nodes(data=True) if d.get("kind") == "service"}


def _edge_triples(view: nx.Graph) -> Counter[tuple[str, str, str]]:
    return Counter((u, v, d["label"]) for u, v, d in view.edges(data=True))


def _snapshot(folder: Path) -> dict[str, bytes | None]:
    """Every entry under a folder (hidden temporary files too), with the bytes of the files."""
    return {
        str(p.relative_to(folder)): (p.read_bytes() if p.is_file() else None)
        for p in sorted(folder.rglob("*"))
    }


def _in_category(g: kg.KnowledgeGraph, category: str) -> set[str]:
    """Services whose category is ``category`` or narrower, straight from SPARQL."""
    rows = g.sparql(
        PREFIXES
        + """PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
        SELECT DISTINCT ?s WHERE { ?s a kg:Service ; kg:category/skos:broader* ?c . }""",
        {"c": URIRef(f"https://w3id.org/aws-kg/category/{category}")},
    )
    return {r["s"].rsplit("/", 1)[1] for r in rows}


def _canonical(graph: rdflib.Graph) -> rdflib.Graph:
    """The graph with xsd:decimal literals in one lexical form (Turtle writes 256 as 256.0)."""
    out = rdflib.Graph()
    for s, p, o in graph:
        if isinstance(o, Literal) and o.datatype == DECIMAL:
            o = Literal(format(o.toPython().normalize(), "f"), datatype=DECIMAL)
        out.add((s, p, o))
    return out


def _parse_rdf(path: Path, fmt: str) -> rdflib.Graph:
    return rdflib.Graph().parse(path, format=RDF_FORMATS[fmt])


def _count(rows: list[dict[str, Any]]) -> int:
    return int(rows[0]["n"])


def _select(graph: rdflib.Graph, query: str) -> list[list[Any]]:
    """SELECT rows of a query over a parsed export, as lists of Python values."""
    return [[term.toPython() for term in row] for row in graph.query(query)]  # type: ignore[union-attr]


def _run_reader(path: Path) -> subprocess.CompletedProcess[str]:
    """``node tests/js/read_gexf.mjs PATH``; installs tests/js if needed; never skips."""
    node = shutil.which("node")
    if node is None:
        pytest.fail(
            "node is not on PATH: this test reads the GEXF export with graphology-gexf "
            "(the parser of Gephi Lite); install Node.js 18 or later"
        )
    package = json.loads((JS / "package.json").read_text(encoding="utf-8"))
    missing = [
        name
        for name in package["dependencies"]
        if not (JS / "node_modules" / name / "package.json").is_file()
    ]
    if missing:
        npm = shutil.which("npm")
        if npm is None:
            pytest.fail(
                f"tests/js/node_modules lacks {', '.join(missing)} and npm is not on PATH: "
                "run `make js-deps`"
            )
        proc = subprocess.run(
            [npm, "install", "--silent", "--no-audit", "--no-fund"],
            cwd=JS,
            capture_output=True,
            text=True,
            timeout=600,
        )
        if proc.returncode != 0:
            pytest.fail(
                f"`npm install` in tests/js failed ({proc.returncode}); run `make js-deps`:\n"
                f"{proc.stdout}\n{proc.stderr}"
            )
        (JS / "node_modules" / ".installed").touch()
    return subprocess.run(
        [node, str(JS / "read_gexf.mjs"), str(path)],
        capture_output=True,
        text=True,
        timeout=300,
    )


def _graphology(path: Path) -> dict[str, Any]:
    """What graphology-gexf reads in a GEXF file."""
    proc = _run_reader(path)
    assert proc.returncode == 0, f"graphology-gexf could not read {path}:\n{proc.stderr}"
    return json.loads(proc.stdout)


def _check_graphology(path: Path, view: nx.MultiDiGraph) -> dict[str, Any]:
    seen = _graphology(path)
    assert seen["namespace"] == GEXF_NS
    assert seen["version"] == "1.3"
    assert seen["type"] == "directed"
    assert seen["nodes"] == view.number_of_nodes()
    assert seen["edges"] == view.number_of_edges()
    assert seen["labels"] == {n: d["label"] for n, d in view.nodes(data=True)}
    assert {n: _rgba_to_hex(c) for n, c in seen["colors"].items()} == {
        n: d["colour"].upper() for n, d in view.nodes(data=True)
    }
    assert seen["sizes"] == {n: pytest.approx(d["size"]) for n, d in view.nodes(data=True)}
    assert Counter(seen["edgeLabels"].values()) == Counter(
        d["label"] for _, _, d in view.edges(data=True)
    )
    assert Counter(seen["edgeKinds"].values()) == Counter(
        d["predicate"] for _, _, d in view.edges(data=True)
    )
    assert len(seen["negated"]) == sum(1 for *_, d in view.edges(data=True) if d["negated"])
    return seen


def _check_networkx_gexf(path: Path, view: nx.MultiDiGraph) -> None:
    back = nx.read_gexf(path, version="1.3")
    assert back.is_directed()
    assert back.number_of_nodes() == view.number_of_nodes()
    assert back.number_of_edges() == view.number_of_edges()
    assert {n: d["label"] for n, d in back.nodes(data=True)} == {
        n: d["label"] for n, d in view.nodes(data=True)
    }
    assert {
        n: _hex(**{k: d["viz"]["color"][k] for k in "rgb"}) for n, d in back.nodes(data=True)
    } == {n: d["colour"].upper() for n, d in view.nodes(data=True)}
    assert {n: d["viz"]["size"] for n, d in back.nodes(data=True)} == {
        n: pytest.approx(d["size"]) for n, d in view.nodes(data=True)
    }
    assert _edge_triples(back) == _edge_triples(view)


# ---------------------------------------------------------------- GEXF 1.3
def test_gexf_is_gexf_1_3(exported: dict[str, Path]) -> None:
    text = exported["gexf"].read_text(encoding="utf-8")
    assert text.startswith("<?xml version='1.0' encoding='utf-8'?>")
    root = ET.fromstring(text)
    assert root.tag == f"{G}gexf"
    assert root.get("version") == "1.3"
    assert 'xmlns="http://gexf.net/1.3"' in text
    assert 'xmlns:viz="http://gexf.net/1.3/viz"' in text
    # every element is in the GEXF or the viz namespace: nothing of 1.2 or unqualified
    namespaces = {el.tag.split("}")[0].lstrip("{") for el in root.iter()}
    assert namespaces == {GEXF_NS, VIZ_NS}
    assert [c.tag for c in root] == [f"{G}meta", f"{G}graph"]
    graph = root.find(f"{G}graph")
    assert graph is not None and graph.get("defaultedgetype") == "directed"
    assert root.findall(f".//{V}color") and root.findall(f".//{V}size")


def test_gexf_structure_is_consistent(exported: dict[str, Path]) -> None:
    root = ET.parse(exported["gexf"]).getroot()
    declared = {
        el.get("class"): {a.get("id"): (a.get("title"), a.get("type")) for a in el}
        for el in root.iter(f"{G}attributes")
    }
    assert {t: k for t, k in declared["node"].values()} == {
        "kind": "string",
        "category": "string",
        "lifecycle": "string",
        "serverless": "boolean",
        "n_limits": "integer",
        "n_sources": "integer",
    }
    assert {t: k for t, k in declared["edge"].values()} == {
        "predicate": "string",
        "negated": "boolean",
        "only": "boolean",
        "source": "string",
    }
    nodes = root.findall(f".//{G}node")
    ids = [n.get("id") for n in nodes]
    assert len(ids) == len(set(ids))
    for n in nodes:
        assert n.get("label")
        for av in n.iter(f"{G}attvalue"):
            title, kind = declared["node"][av.get("for")]
            value = av.get("value")
            if kind == "boolean":
                assert value in ("true", "false"), (n.get("id"), title, value)
            elif kind == "integer":
                assert value is not None and value.isdigit(), (n.get("id"), title, value)
        colour = n.find(f"{V}color")
        assert colour is not None
        assert all(0 <= int(colour.get(c, "-1")) <= 255 for c in "rgb")
        assert 0.0 <= float(colour.get("a", "1")) <= 1.0
        size = n.find(f"{V}size")
        assert size is not None and float(size.get("value", "0")) > 0
    edges = root.findall(f".//{G}edge")
    edge_ids = [e.get("id") for e in edges]
    assert len(edge_ids) == len(set(edge_ids))
    for e in edges:
        assert e.get("source") in set(ids) and e.get("target") in set(ids)
        assert e.get("label") and e.get("kind")
        assert {av.get("for") for av in e.iter(f"{G}attvalue")} <= set(declared["edge"])


def test_gexf_reads_back_with_networkx(eg: kg.KnowledgeGraph, exported: dict[str, Path]) -> None:
    view = view_for_export(eg)
    _check_networkx_gexf(exported["gexf"], view)
    back = nx.read_gexf(exported["gexf"], version="1.3")
    kvdb = back.nodes["service:kvdb"]
    assert (kvdb["kind"], kvdb["category"], kvdb["serverless"]) == (
        "service",
        "nosql-database",
        True,
    )
    assert kvdb["n_limits"] == len(eg.limits("kvdb")) == 1
    assert isinstance(kvdb["n_sources"], int) and kvdb["n_sources"] >= 1
    assert back.nodes["service:oldb"]["lifecycle"] == "retired"
    assert back.nodes["service:box"]["serverless"] is False  # negated: "you run the cluster"


def test_gexf_has_services_categories_and_capabilities(
    eg: kg.KnowledgeGraph, exported: dict[str, Path]
) -> None:
    back = nx.read_gexf(exported["gexf"], version="1.3")
    kinds = Counter(d["kind"] for _, d in back.nodes(data=True))
    assert set(kinds) == {"service", "category", "capability"}
    assert _service_ids(back) == {s.id for s in eg.services()}
    assert back.nodes["service:reldb"]["label"] == "Test Relational DB"  # labels are names
    used = {c.capability for s in eg.services() for c in eg.capabilities(s)}
    assert {
        n.split(":", 1)[1] for n, d in back.nodes(data=True) if d["kind"] == "capability"
    } == used
    assert {s.category for s in eg.services()} <= {
        n.split(":", 1)[1] for n, d in back.nodes(data=True) if d["kind"] == "category"
    }


def test_gexf_edges_are_typed_and_negatives_marked(
    eg: kg.KnowledgeGraph, exported: dict[str, Path]
) -> None:
    root = ET.parse(exported["gexf"]).getroot()
    model = root.find(f".//{G}attributes[@class='edge']")
    assert model is not None
    declared = {a.get("title"): a.get("id") for a in model}

    def attv(edge: ET.Element, title: str) -> str | None:
        for av in edge.iter(f"{G}attvalue"):
            if av.get("for") == declared[title]:
                return av.get("value")
        return None

    edges = {(e.get("source"), e.get("target"), e.get("kind")): e for e in root.iter(f"{G}edge")}
    for (_, _, kind), e in edges.items():
        assert kind == attv(e, "predicate")
        negated = attv(e, "negated") == "true"
        colour, shape = e.find(f"{V}color"), e.find(f"{V}shape")
        if negated:
            assert colour is not None and _hex(*(colour.get(c) for c in "rgb")) == "#C62828"
            assert shape is not None and shape.get("value") == "dashed"
        else:
            assert colour is None and shape is None
    cannot = edges[("service:shieldish", "service:nlb-ish", "protects")]
    assert (cannot.get("label"), attv(cannot, "negated")) == ("cannot protect", "true")
    can = edges[("service:shieldish", "service:alb-ish", "protects")]
    assert (can.get("label"), attv(can, "negated")) == ("protects", "false")
    lacks = edges[("service:kvdb", "capability:sql-joins", "lacksCapability")]
    assert (lacks.get("label"), attv(lacks, "negated")) == ("lacks", "true")
    only = edges[("service:topic", "service:ordered-queue", "sendsTo")]
    assert attv(only, "only") == "true"
    assert edges[("service:reldb", "category:relational-database", "inCategory")] is not None
    # as many negated edges as negated relations and negated capability facts
    negated = sum(1 for e in edges.values() if attv(e, "negated") == "true")
    stats = eg.stats()
    assert negated == stats.relations_negative + stats.capability_facts_negative > 0


def test_gexf_colour_by_category_and_size_by_degree(
    eg: kg.KnowledgeGraph, exported: dict[str, Path]
) -> None:
    back = nx.read_gexf(exported["gexf"], version="1.3")

    def colour(n: str) -> str:
        return _hex(*(back.nodes[n]["viz"]["color"][c] for c in "rgb"))

    colours = {k: v.upper() for k, v in eg.index.colours.items()}
    for sid in ("reldb", "kvdb", "graphdb"):  # relational and NoSQL: both under database
        assert colour(f"service:{sid}") == colours["database"]
    for sid in ("fn", "box"):  # serverless compute and containers: both under compute
        assert colour(f"service:{sid}") == colours["compute"]
    for sid in ("queue", "stream", "topic"):
        assert colour(f"service:{sid}") == colours["messaging"]
    assert colour("category:nosql-database") == colours["database"]
    assert colour("capability:ordering") == colours["capability"]
    assert len({colours["database"], colours["compute"], colours["messaging"]}) == 3

    sizes = {n: d["viz"]["size"] for n, d in back.nodes(data=True)}
    view = view_for_export(eg)
    for n in view:
        assert sizes[n] == pytest.approx(round(4.0 + 3.0 * math.sqrt(view.degree(n)), 2))
    busiest = max(view, key=view.degree)
    assert sizes[busiest] == max(sizes.values()) > min(sizes.values())


def test_gexf_reads_back_with_graphology(eg: kg.KnowledgeGraph, exported: dict[str, Path]) -> None:
    seen = _check_graphology(exported["gexf"], view_for_export(eg))
    assert seen["labels"]["service:shieldish"] == "Test Firewall"
    assert "cannot protect" in seen["edgeLabels"].values()


def test_graphology_reader_refuses_a_broken_file(tmp_path: Path) -> None:
    """The reader is not vacuous: an edge to a missing node makes it fail."""
    bad = tmp_path / "bad.gexf"
    bad.write_text(
        f'<?xml version="1.0"?><gexf xmlns="{GEXF_NS}" version="1.3"><graph defaultedgetype='
        '"directed"><nodes><node id="a" label="A"/></nodes><edges>'
        '<edge id="0" source="a" target="b"/></edges></graph></gexf>'
    )
    proc = _run_reader(bad)
    assert proc.returncode == 1 and "inexisting node" in proc.stderr


# ---------------------------------------------------------------- GraphML and CSV
def test_graphml_reads_back(eg: kg.KnowledgeGraph, exported: dict[str, Path]) -> None:
    view = view_for_export(eg)
    back = nx.read_graphml(exported["graphml"])
    assert back.is_directed()
    assert back.number_of_nodes() == view.number_of_nodes()
    assert back.number_of_edges() == view.number_of_edges()
    assert {n: d["label"] for n, d in back.nodes(data=True)} == {
        n: d["label"] for n, d in view.nodes(data=True)
    }
    assert {n: d["colour"] for n, d in back.nodes(data=True)} == {
        n: d["colour"] for n, d in view.nodes(data=True)
    }
    assert _edge_triples(back) == _edge_triples(view)
    for attr in ("kind", "category", "lifecycle", "serverless", "n_limits", "n_sources"):
        assert {n: d[attr] for n, d in back.nodes(data=True)} == {
            n: d[attr] for n, d in view.nodes(data=True)
        }, attr
    kvdb = back.nodes["service:kvdb"]
    assert kvdb["serverless"] is True and isinstance(kvdb["n_limits"], int)
    assert kvdb["size"] == pytest.approx(view.nodes["service:kvdb"]["size"])
    negated = [d for *_, d in back.edges(data=True) if d["negated"]]
    assert len(negated) == sum(1 for *_, d in view.edges(data=True) if d["negated"]) > 0


def test_csv_has_gephi_spreadsheet_layout(eg: kg.KnowledgeGraph, exported: dict[str, Path]) -> None:
    view = view_for_export(eg)
    folder = exported["csv"]
    assert sorted(p.name for p in folder.iterdir()) == ["edges.csv", "nodes.csv"]
    with (folder / "nodes.csv").open(encoding="utf-8", newline="") as fh:
        nodes = list(csv.DictReader(fh))
    with (folder / "edges.csv").open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        edges = list(reader)
        edge_header = reader.fieldnames
    with (folder / "nodes.csv").open(encoding="utf-8", newline="") as fh:
        node_header = next(csv.reader(fh))
    assert node_header[:2] == ["Id", "Label"]
    assert {"Color", "Size", "category", "lifecycle", "serverless", "n_limits"} <= set(node_header)
    assert edge_header is not None and edge_header[:3] == ["Source", "Target", "Type"]
    assert {"Label", "Weight", "predicate", "negated"} <= set(edge_header)
    assert len(nodes) == view.number_of_nodes()
    assert len(edges) == view.number_of_edges()
    assert {r["Id"]: r["Label"] for r in nodes} == {n: d["label"] for n, d in view.nodes(data=True)}
    assert {r["Id"]: r["Color"] for r in nodes} == {
        n: d["colour"] for n, d in view.nodes(data=True)
    }
    ids = {r["Id"] for r in nodes}
    assert all(r["Source"] in ids and r["Target"] in ids for r in edges)
    assert {r["Type"] for r in edges} == {"Directed"}
    assert len({r["Id"] for r in edges}) == len(edges)
    assert Counter((r["Source"], r["Target"], r["Label"]) for r in edges) == _edge_triples(view)
    kvdb = next(r for r in nodes if r["Id"] == "service:kvdb")
    assert (kvdb["serverless"], kvdb["n_limits"]) == ("true", "1")


def test_csv_into_an_existing_folder_keeps_other_files(
    eg: kg.KnowledgeGraph, tmp_path: Path
) -> None:
    out = tmp_path / "gephi"
    out.mkdir()
    (out / "notes.txt").write_text("mine")
    (out / "nodes.csv").write_text("stale")
    eg.export(out, format="csv")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["gephi"]  # no temporary folder left
    assert sorted(p.name for p in out.iterdir()) == ["edges.csv", "nodes.csv", "notes.txt"]
    assert (out / "notes.txt").read_text() == "mine"
    assert (out / "nodes.csv").read_text(encoding="utf-8").startswith("Id,Label,")


# ---------------------------------------------------------------- RDF
@pytest.mark.parametrize("fmt", list(RDF_FORMATS))
def test_rdf_round_trips(eg: kg.KnowledgeGraph, exported: dict[str, Path], fmt: str) -> None:
    back = _parse_rdf(exported[fmt], fmt)
    assert len(back) == len(eg.rdf)
    # the same graph, not only the same size (Turtle writes xsd:decimal 256 as 256.0)
    assert isomorphic(_canonical(back), _canonical(eg.rdf))


@pytest.mark.parametrize("fmt", list(RDF_FORMATS))
def test_sparql_on_the_export_answers_like_the_live_graph(
    eg: kg.KnowledgeGraph, exported: dict[str, Path], fmt: str
) -> None:
    back = _parse_rdf(exported[fmt], fmt)
    live = _count(eg.sparql(PREFIXES + NEGATED_RELATIONS))
    assert live == eg.stats().relations_negative > 0
    assert _select(back, PREFIXES + NEGATED_RELATIONS) == [[live]]
    protected = {str(r[0]) for r in _select(back, PREFIXES + PROTECTED)}
    assert protected == {r["o"] for r in eg.sparql(PREFIXES + PROTECTED)}
    assert protected == {str(SVC["alb-ish"])}  # nlb-ish is a negated "protects"


def test_jsonld_uses_the_published_context(exported: dict[str, Path]) -> None:
    data = json.loads(exported["jsonld"].read_text(encoding="utf-8"))
    published = json.loads((ontology_dir() / "context.jsonld").read_text(encoding="utf-8"))
    assert data["@context"] == published["@context"]
    text = exported["jsonld"].read_text(encoding="utf-8")
    assert '"svc:kvdb"' in text and '"label"' in text  # compacted with the context's terms


# ---------------------------------------------------------------- subgraphs
def _export_view(g: kg.KnowledgeGraph, tmp_path: Path, sub: Any) -> nx.Graph:
    path = g.export(tmp_path / "sub.gexf", format="gexf", subgraph=sub)
    back = nx.read_gexf(path, version="1.3")
    view = view_for_export(g, sub if isinstance(sub, Subgraph) else Subgraph.model_validate(sub))
    assert back.number_of_nodes() == view.number_of_nodes()
    assert back.number_of_edges() == view.number_of_edges()
    return back


@pytest.mark.parametrize(
    ("category", "must", "must_not"),
    [
        ("database", {"reldb", "kvdb", "graphdb", "oldb", "newledger"}, {"fn", "queue"}),
        ("nosql-database", {"kvdb", "graphdb"}, {"reldb"}),
        ("messaging", {"queue", "stream", "topic", "ordered-queue"}, {"kvdb", "fn"}),
    ],
)
def test_category_subgraph(
    eg: kg.KnowledgeGraph, tmp_path: Path, category: str, must: set[str], must_not: set[str]
) -> None:
    back = _export_view(eg, tmp_path, Subgraph(category=category))
    services = _service_ids(back)
    assert services == _in_category(eg, category)
    assert must <= services and not must_not & services
    # their categories and capabilities come along, nothing else
    wanted = {f"category:{eg.service(s).category}" for s in services} | {
        f"capability:{c.capability}" for s in services for c in eg.capabilities(s)
    }
    assert {n for n, d in back.nodes(data=True) if d["kind"] != "service"} == wanted


@pytest.mark.parametrize(
    ("around", "hops", "expected"),
    [
        ("shieldish", 0, {"shieldish"}),
        ("Test Firewall", 1, {"shieldish", "alb-ish", "nlb-ish"}),  # by name; negated counts
        ("FN", 1, {"fn", "fn-vpc", "stream"}),  # by alias
        ("nlb-ish", 2, {"shieldish", "alb-ish", "nlb-ish"}),  # against the arrows
        ("topic", 3, {"topic", "ordered-queue"}),
    ],
)
def test_around_subgraph(
    eg: kg.KnowledgeGraph, tmp_path: Path, around: str, hops: int, expected: set[str]
) -> None:
    back = _export_view(eg, tmp_path, Subgraph(around=around, hops=hops))
    assert _service_ids(back) == expected
    assert _service_ids(eg.neighbourhood(around, hops)) == expected


def test_category_and_around_intersect(eg: kg.KnowledgeGraph, tmp_path: Path) -> None:
    back = _export_view(eg, tmp_path, {"category": "load-balancing", "around": "shieldish"})
    assert _service_ids(back) == {"alb-ish", "nlb-ish"}


def test_dict_subgraph_is_the_same_as_a_subgraph(eg: kg.KnowledgeGraph, tmp_path: Path) -> None:
    a = eg.export(tmp_path / "a.gexf", format="gexf", subgraph={"category": "database"})
    b = eg.export(tmp_path / "b.gexf", format="gexf", subgraph=Subgraph(category="database"))
    assert a.read_bytes() == b.read_bytes()


@pytest.mark.parametrize("fmt", ["graphml", "csv"])
def test_subgraph_in_other_graph_formats(eg: kg.KnowledgeGraph, tmp_path: Path, fmt: str) -> None:
    sub = Subgraph(around="shieldish", hops=1)
    view = view_for_export(eg, sub)
    path = eg.export(tmp_path / NAMES[fmt], format=fmt, subgraph=sub)
    if fmt == "graphml":
        back = nx.read_graphml(path)
        ids = set(back.nodes)
        assert back.number_of_edges() == view.number_of_edges()
    else:
        with (path / "nodes.csv").open(encoding="utf-8", newline="") as fh:
            ids = {r["Id"] for r in csv.DictReader(fh)}
    assert ids == set(view.nodes)
    assert {"service:shieldish", "service:alb-ish", "service:nlb-ish"} <= ids
    assert not {"service:kvdb", "service:fn"} & ids


@pytest.mark.parametrize("fmt", list(RDF_FORMATS))
def test_subgraph_rdf_has_the_selected_services_and_whole_facts(
    eg: kg.KnowledgeGraph, tmp_path: Path, fmt: str
) -> None:
    sub = Subgraph(around="shieldish", hops=1)
    back = _parse_rdf(eg.export(tmp_path / NAMES[fmt], format=fmt, subgraph=sub), fmt)
    services = {str(s).removeprefix(str(SVC)) for s in back.subjects(RDF.type, KG.Service)}
    assert services == {"shieldish", "alb-ish", "nlb-ish"}
    # every statement about a service is about a selected one
    assert {s for s in back.subjects() if str(s).startswith(str(SVC))} <= {SVC[x] for x in services}
    assert {o for o in back.objects(None, KG.subject)} <= {SVC[x] for x in services}
    # the relation facts are the edges of the view, each one whole
    facts = set(back.subjects(RDF.type, KG.RelationFact))
    got = {
        (
            str(back.value(f, KG.subject)),
            str(back.value(f, KG.predicate)),
            str(back.value(f, KG.object)),
            back.value(f, KG.negated) == Literal(True),
        )
        for f in facts
    }
    view = view_for_export(eg, sub)
    want = {
        (
            str(SVC[view.nodes[u]["id"]]),
            str(KG[d["predicate"]]),
            str(SVC[view.nodes[v]["id"]]),
            d["negated"],
        )
        for u, v, d in view.edges(data=True)
        if view.nodes[u]["kind"] == view.nodes[v]["kind"] == "service"
    }
    assert got == want and len(want) == 2
    assert SVC["kvdb"] not in set(back.all_nodes())
    # the vocabulary comes along, so the export stands on its own
    assert (URIRef("https://w3id.org/aws-kg/category/database"), None, None) in back


def test_subgraph_rdf_drops_relations_that_leave_the_selection(
    eg: kg.KnowledgeGraph, tmp_path: Path
) -> None:
    back = _parse_rdf(
        eg.export(tmp_path / "fn.ttl", format="ttl", subgraph={"around": "fn", "hops": 0}), "ttl"
    )
    facts = set(back.subjects(RDF.type, KG.RelationFact))
    assert all(back.value(f, KG.object) is not None for f in facts)
    assert not facts  # fn reads from stream, which is not selected
    assert set(back.subjects(KG.subject, SVC["fn"]))  # fn's own facts are there
    assert len(back) < len(eg.rdf)


# ---------------------------------------------------------------- bad input
def _fails(
    g: kg.KnowledgeGraph, folder: Path, target: Path, fmt: str, sub: Any = None
) -> kg.ExportError:
    """Export must raise ExportError and leave the folder exactly as it was."""
    before = _snapshot(folder)
    with pytest.raises(kg.ExportError) as exc:
        g.export(target, format=fmt, subgraph=sub)
    assert _snapshot(folder) == before
    return exc.value


def test_unknown_format(eg: kg.KnowledgeGraph, tmp_path: Path) -> None:
    err = _fails(eg, tmp_path, tmp_path / "graph.pdf", "pdf")
    assert "unknown format 'pdf'" in str(err)
    assert all(f in str(err) for f in FORMATS)
    assert "unknown format ''" in str(_fails(eg, tmp_path, tmp_path / "graph", ""))


def test_format_is_case_insensitive(eg: kg.KnowledgeGraph, tmp_path: Path) -> None:
    path = eg.export(tmp_path / "g.gexf", format=".GEXF")
    assert ET.parse(path).getroot().tag == f"{G}gexf"


@pytest.mark.parametrize("fmt", list(FORMATS))
def test_missing_folder(eg: kg.KnowledgeGraph, tmp_path: Path, fmt: str) -> None:
    err = _fails(eg, tmp_path, tmp_path / "nowhere" / NAMES[fmt], fmt)
    assert "does not exist" in str(err) and "nowhere" in str(err)
    assert not (tmp_path / "nowhere").exists()


def test_folder_that_is_a_file(eg: kg.KnowledgeGraph, tmp_path: Path) -> None:
    (tmp_path / "afile").write_text("x")
    err = _fails(eg, tmp_path, tmp_path / "afile" / "graph.gexf", "gexf")
    assert "is not a folder" in str(err)
    err = _fails(eg, tmp_path, tmp_path / "afile", "csv")  # CSV wants a folder
    assert "give a folder" in str(err)
    (tmp_path / "adir").mkdir()
    err = _fails(eg, tmp_path, tmp_path / "adir", "gexf")  # a file format given a folder
    assert "is a folder" in str(err)


def _as_unprivileged(fn: Callable[[], object]) -> dict[str, str | None]:
    """Run ``fn`` where file permissions apply: in a forked child as nobody when we are root."""

    def attempt() -> dict[str, str | None]:
        try:
            fn()
        except kg.ExportError as exc:
            return {"raised": "ExportError", "message": str(exc)}
        except BaseException as exc:  # reported to the test, which fails on it
            return {"raised": type(exc).__name__, "message": str(exc)}
        return {"raised": None, "message": None}

    if os.geteuid() != 0:
        return attempt()
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: never returns into pytest
        try:
            os.close(read)
            os.setgid(65534)
            os.setuid(65534)
            result = attempt()
        except BaseException as exc:
            result = {"raised": type(exc).__name__, "message": f"child setup: {exc}"}
        try:
            os.write(write, json.dumps(result).encode())
        finally:
            os._exit(0)
    os.close(write)
    with os.fdopen(read, "rb") as fh:
        data = fh.read()
    os.waitpid(pid, 0)
    assert data, "the unprivileged child reported nothing"
    return json.loads(data)


@pytest.mark.parametrize("fmt", ["gexf", "csv", "ttl"])
def test_unwritable_folder(eg: kg.KnowledgeGraph, fmt: str) -> None:
    eg.to_networkx()  # build the view before forking
    # not under tmp_path: pytest's folders are private to root, and nobody must reach this one
    folder = Path(tempfile.mkdtemp(prefix="kg-export-ro-"))
    try:
        folder.chmod(0o555)
        result = _as_unprivileged(lambda: eg.export(folder / NAMES[fmt], format=fmt))
        assert result["raised"] == "ExportError", result
        assert "not writable" in str(result["message"]) and str(folder) in str(result["message"])
        assert list(folder.iterdir()) == []
    finally:
        folder.chmod(0o700)
        shutil.rmtree(folder)


def test_write_error_from_the_system_is_an_export_error(
    eg: kg.KnowledgeGraph, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Root passes os.access everywhere; a read-only file system still fails on create."""

    def refuse(*args: Any, **kwargs: Any) -> Any:
        raise OSError(30, "Read-only file system")

    monkeypatch.setattr(kg.export.tempfile, "mkstemp", refuse)
    monkeypatch.setattr(kg.export.tempfile, "mkdtemp", refuse)
    for fmt in ("gexf", "csv", "jsonld"):
        err = _fails(eg, tmp_path, tmp_path / NAMES[fmt], fmt)
        assert "cannot write" in str(err) and "Read-only file system" in str(err)


@pytest.mark.parametrize("fmt", ["gexf", "nt"])
def test_failure_while_writing_leaves_no_partial_file(
    eg: kg.KnowledgeGraph, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fmt: str
) -> None:
    target = tmp_path / NAMES[fmt]
    target.write_text("the previous export")

    def half(fh: Any, *args: Any, **kwargs: Any) -> None:
        fh.write(b"<?xml version='1.0'?><gexf")
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(kg.export, "_write_gexf", lambda view, fh: half(fh))

    class FullDisk:  # the store that writes N-Triples runs out of space half-way
        def dump(self, fh: Any, **kwargs: Any) -> None:
            half(fh)

    monkeypatch.setattr(kg.KnowledgeGraph, "_store", lambda self: FullDisk())
    err = _fails(eg, tmp_path, target, fmt)
    assert "No space left on device" in str(err)
    assert target.read_text() == "the previous export"


def test_failure_while_writing_csv_leaves_no_folder(
    eg: kg.KnowledgeGraph, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def half(view: Any, directory: Path) -> None:
        (directory / "nodes.csv").write_text("Id,Label\n")
        raise RuntimeError("boom")

    monkeypatch.setattr(kg.export, "_write_csv", half)
    before = _snapshot(tmp_path)
    with pytest.raises(RuntimeError, match="boom"):
        eg.export(tmp_path / "csv", format="csv")
    assert _snapshot(tmp_path) == before


def test_exports_get_the_usual_permissions(eg: kg.KnowledgeGraph, tmp_path: Path) -> None:
    mask = os.umask(0o022)
    os.umask(mask)
    assert mask == kg.export._UMASK
    assert (eg.export(tmp_path / "g.ttl", format="ttl").stat().st_mode & 0o777) == 0o666 & ~mask
    folder = eg.export(tmp_path / "csv", format="csv")
    assert (folder.stat().st_mode & 0o777) == 0o777 & ~mask
    assert ((folder / "nodes.csv").stat().st_mode & 0o777) == 0o666 & ~mask


def test_unknown_category(eg: kg.KnowledgeGraph, tmp_path: Path) -> None:
    err = _fails(eg, tmp_path, tmp_path / "g.gexf", "gexf", Subgraph(category="databse"))
    assert "unknown category 'databse'" in str(err)


def _empty_category(g: kg.KnowledgeGraph) -> str:
    cats = sorted(cid for kind, cid in g.index.concepts if kind == "category")
    empty = [c for c in cats if not _in_category(g, c)]
    assert empty, "the fixture has a service in every category"
    return "blockchain" if "blockchain" in empty else empty[0]


@pytest.mark.parametrize("fmt", ["gexf", "csv", "ttl"])
def test_category_without_services(eg: kg.KnowledgeGraph, tmp_path: Path, fmt: str) -> None:
    category = _empty_category(eg)
    err = _fails(eg, tmp_path, tmp_path / NAMES[fmt], fmt, {"category": category})
    assert "has no service" in str(err) and repr(category) in str(err)


def test_disjoint_category_and_neighbourhood(eg: kg.KnowledgeGraph, tmp_path: Path) -> None:
    sub = Subgraph(category="database", around="shieldish", hops=2)
    err = _fails(eg, tmp_path, tmp_path / "g.gexf", "gexf", sub)
    assert "has no service" in str(err) and "around 'shieldish'" in str(err)


def test_unknown_service(eg: kg.KnowledgeGraph, tmp_path: Path) -> None:
    err = _fails(eg, tmp_path, tmp_path / "g.gexf", "gexf", Subgraph(around="Test Firewal"))
    assert "unknown service 'Test Firewal'" in str(err)
    assert "Did you mean: shieldish" in str(err)


@pytest.mark.parametrize(
    ("sub", "expect"),
    [
        ({"around": "fn", "hops": 9}, "hops"),
        ({"category": "database", "colour": "red"}, "colour"),
        ("database", "must be a Subgraph or a dict"),
    ],
)
def test_bad_subgraph_argument(
    eg: kg.KnowledgeGraph, tmp_path: Path, sub: Any, expect: str
) -> None:
    err = _fails(eg, tmp_path, tmp_path / "g.gexf", "gexf", sub)
    assert expect in str(err)


# ---------------------------------------------------------------- CLI
@pytest.fixture()
def cli_fixture(eg: kg.KnowledgeGraph, monkeypatch: pytest.MonkeyPatch) -> kg.KnowledgeGraph:
    """The CLI loads the shipped graph; these tests give it the fixture instead."""
    monkeypatch.setattr(kg.cli, "_load", lambda: eg)
    return eg


def test_cli_export_every_format(cli_fixture: kg.KnowledgeGraph, tmp_path: Path) -> None:
    for fmt in FORMATS:
        out = tmp_path / NAMES[fmt]
        result = runner.invoke(app, ["export", "--format", fmt, str(out)])
        assert result.exit_code == 0, result.output
        assert f"wrote {out}" in result.stdout
        assert out.exists()
    back = nx.read_gexf(tmp_path / "graph.gexf", version="1.3")
    assert back.number_of_nodes() == view_for_export(cli_fixture).number_of_nodes()


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["--category", "database"], {"reldb", "kvdb", "graphdb", "oldb", "newledger"}),
        (["--around", "Test Firewall", "--hops", "1"], {"shieldish", "alb-ish", "nlb-ish"}),
        (["--around", "shieldish", "--hops", "0"], {"shieldish"}),
        (["--around", "fn"], {"fn", "fn-vpc", "stream"}),  # one hop by default
        (["--category", "load-balancing", "--around", "shieldish"], {"alb-ish", "nlb-ish"}),
    ],
)
def test_cli_subgraph(
    cli_fixture: kg.KnowledgeGraph, tmp_path: Path, args: list[str], expected: set[str]
) -> None:
    out = tmp_path / "sub.gexf"
    result = runner.invoke(app, ["export", "--format", "gexf", str(out), *args])
    assert result.exit_code == 0, result.output
    assert _service_ids(nx.read_gexf(out, version="1.3")) == expected


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--format", "pdf", "{out}/g.pdf"], "unknown format 'pdf'"),
        (["--format", "gexf", "{out}/missing/g.gexf"], "does not exist"),
        (["--format", "gexf", "{out}/g.gexf", "--category", "nope"], "unknown category 'nope'"),
        (["--format", "csv", "{out}/csv", "--category", "{empty}"], "has no service"),
        (["--format", "ttl", "{out}/g.ttl", "--around", "no-such-service"], "unknown service"),
    ],
)
def test_cli_errors_exit_2(
    cli_fixture: kg.KnowledgeGraph, tmp_path: Path, args: list[str], message: str
) -> None:
    empty = _empty_category(cli_fixture)
    argv = ["export", *(a.format(out=tmp_path, empty=empty) for a in args)]
    before = _snapshot(tmp_path)
    result = runner.invoke(app, argv)
    assert result.exit_code == 2, result.output
    assert result.stderr.startswith("error: ") and message in result.stderr
    assert "Traceback" not in result.output and "wrote" not in result.stdout
    assert _snapshot(tmp_path) == before


def test_cli_hops_out_of_range(cli_fixture: kg.KnowledgeGraph, tmp_path: Path) -> None:
    argv = ["export", "--format", "gexf", str(tmp_path / "g.gexf"), "--around", "fn", "--hops", "9"]
    result = runner.invoke(app, argv)
    assert result.exit_code == 2 and "--hops" in result.output
    assert list(tmp_path.iterdir()) == []


# ---------------------------------------------------------------- the shipped graph
@pytest.fixture(scope="module")
def shipped(g: kg.KnowledgeGraph, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("shipped")
    return {fmt: g.export(out / NAMES[fmt], format=fmt) for fmt in FORMATS}


@pytest.mark.parametrize("fmt", list(FORMATS))
def test_shipped_graph_every_format_round_trips(
    g: kg.KnowledgeGraph, shipped: dict[str, Path], fmt: str
) -> None:
    view = view_for_export(g)
    # guards: the shipped graph is big enough for the comparisons below to mean something
    assert len(_service_ids(view)) == len(g.services()) >= 50
    assert sum(1 for *_, d in view.edges(data=True) if d["negated"]) > 0
    path = shipped[fmt]
    if fmt == "gexf":
        _check_networkx_gexf(path, view)
    elif fmt == "graphml":
        back = nx.read_graphml(path)
        assert back.number_of_nodes() == view.number_of_nodes()
        assert back.number_of_edges() == view.number_of_edges()
        assert {n: d["label"] for n, d in back.nodes(data=True)} == {
            n: d["label"] for n, d in view.nodes(data=True)
        }
    elif fmt == "csv":
        with (path / "nodes.csv").open(encoding="utf-8", newline="") as fh:
            nodes = list(csv.DictReader(fh))
        with (path / "edges.csv").open(encoding="utf-8", newline="") as fh:
            edges = list(csv.DictReader(fh))
        assert len(nodes) == view.number_of_nodes() and len(edges) == view.number_of_edges()
        assert {r["Id"]: r["Label"] for r in nodes} == {
            n: d["label"] for n, d in view.nodes(data=True)
        }
    else:
        back = _parse_rdf(path, fmt)
        assert len(back) == len(g.rdf)
        live = _count(g.sparql(PREFIXES + NEGATED_RELATIONS))
        assert live == g.stats().relations_negative > 0
        assert _select(back, PREFIXES + NEGATED_RELATIONS) == [[live]]


def test_shipped_graph_gexf_reads_back_with_graphology(
    g: kg.KnowledgeGraph, shipped: dict[str, Path]
) -> None:
    seen = _check_graphology(shipped["gexf"], view_for_export(g))
    assert seen["nodes"] > len(g.services()) >= 50


def test_shipped_graph_cli_around_the_busiest_service(g: kg.KnowledgeGraph, tmp_path: Path) -> None:
    # the busiest service, not a named one: the shipped knowledge changes
    busiest = max(g.services(), key=lambda s: (len(g.relations(s)), s.id))
    assert g.relations(busiest), "the shipped graph has no relation at all"
    out = tmp_path / "around.gexf"
    result = runner.invoke(
        app, ["export", "--format", "gexf", str(out), "--around", busiest.id, "--hops", "1"]
    )
    assert result.exit_code == 0, result.output
    got = _service_ids(nx.read_gexf(out, version="1.3"))
    neighbours = {r.subject for r in g.relations(busiest)} | {
        r.object for r in g.relations(busiest)
    }
    assert got == neighbours | {busiest.id} == _service_ids(g.neighbourhood(busiest, 1))
    assert len(got) > 1
