"""Build the RDF graph from the ontology and fact files, validate it, and cache the build.

The cache key is a hash of every input file and of the modules that compile them, so an edit
to a fact file or to this code rebuilds; nothing else does.
"""

from __future__ import annotations

import os
import pickle
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rdflib import BNode, Graph, Literal, URIRef

from .compile import Vocab, compile_facts, fact_files
from .errors import DataFileError, GraphValidationError
from .factfile import read_fact_file
from .index import Index, build_index
from .resources import content_hash, facts_dir, ontology_dir
from .triples import TripleIndex, rdflib_graph
from .vocabulary import PREFIXES

__all__ = ["Build", "build", "ontology_files", "validate_graph", "cache_dir"]

_CACHE_FORMAT = "5"
_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


@dataclass
class Build:
    """A compiled knowledge graph: its records, and its triples.

    The rdflib graph is parsed from N-Triples on first use (SPARQL, SHACL, exports); a fresh
    build keeps its triple index and writes the N-Triples only when asked (or to the cache,
    in the background).
    """

    index: Index
    key: str
    from_cache: bool
    triples: int
    _nt: str | None = None
    _index3: TripleIndex | None = None

    def ntriples(self) -> str:
        if self._nt is None:
            assert self._index3 is not None
            self._nt = self._index3.to_ntriples()
        return self._nt

    def graph(self) -> Graph:
        return rdflib_graph(self.ntriples())


def ontology_files(directory: Path) -> list[Path]:
    files = sorted(directory.glob("*.ttl")) + sorted((directory / "vocab").glob("*.ttl"))
    return [f for f in files if f.name != "shapes.ttl"]


def _parse_turtle(path: Path, graph: Graph) -> None:
    try:
        graph.parse(path, format="turtle")
    except Exception as exc:  # rdflib raises parser-specific types; all mean "bad file"
        raise DataFileError(str(path.name), None, f"not valid Turtle: {exc}") from exc


def _turtle_triples(path: Path) -> list[tuple[Any, Any, Any]]:
    """Parse Turtle with oxigraph (about 100x faster than rdflib's parser), as rdflib terms."""
    import pyoxigraph as ox

    def term(t: Any) -> Any:
        if isinstance(t, ox.NamedNode):
            return URIRef(t.value)
        if isinstance(t, ox.BlankNode):
            return BNode(t.value)
        if t.language:
            return Literal(t.value, lang=t.language)
        if t.datatype.value == _XSD_STRING:
            return Literal(t.value)
        return Literal(t.value, datatype=URIRef(t.datatype.value))

    try:
        return [
            (term(q.subject), term(q.predicate), term(q.object))
            for q in ox.parse(path=str(path), format=ox.RdfFormat.TURTLE)
        ]
    except SyntaxError as exc:
        line = getattr(exc, "lineno", None)
        raise DataFileError(f"ontology/{path.name}", line, f"not valid Turtle: {exc.msg}") from exc


def ontology_triples(directory: Path) -> TripleIndex:
    out = TripleIndex()
    for f in ontology_files(directory):
        out.update(_turtle_triples(f))
    return out


def validate_graph(data: Graph, shapes_path: Path) -> list[str]:
    """Run the SHACL shapes; return readable violation lines (empty when conforming)."""
    import pyshacl  # imported here: only a cold build pays for it

    shapes = Graph()
    _parse_turtle(shapes_path, shapes)
    conforms, report, _ = pyshacl.validate(
        data, shacl_graph=shapes, inference="none", advanced=False, allow_warnings=True
    )
    if conforms:
        return []
    from rdflib.namespace import SH

    out = []
    assert isinstance(report, Graph)
    for r in report.subjects(SH.resultSeverity, SH.Violation):
        focus = report.value(r, SH.focusNode)
        path = report.value(r, SH.resultPath)
        msg = report.value(r, SH.resultMessage)
        value = report.value(r, SH.value)
        out.append(
            f"{_short(focus)}: {msg or 'shape violated'}"
            + (f" (property {_short(path)})" if path is not None else "")
            + (f" value {_short(value)}" if value is not None else "")
        )
    return sorted(out)


def _short(term: object) -> str:
    s = str(term)
    for prefix, ns in PREFIXES.items():
        if s.startswith(str(ns)):
            return f"{prefix}:{s[len(str(ns)) :]}"
    return s


def cache_dir() -> Path | None:
    env = os.environ.get("KG_CACHE_DIR")
    if env == "off":
        return None
    base = (
        Path(env)
        if env
        else Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "aws-kg"
    )
    return base


def _code_files() -> list[Path]:
    here = Path(__file__).parent
    return [here / n for n in ("compile.py", "factfile.py", "index.py", "store.py", "units.py")]


def build(
    *,
    facts: Path | None = None,
    ontology: Path | None = None,
    use_cache: bool = True,
    shacl: bool = False,
) -> Build:
    """Compile and check the graph, or reuse a cached build of the same inputs.

    Every build runs the compiler's checks (schema, sources, units, references, vocabulary:
    the constraints the SHACL shapes state). ``shacl=True`` also runs pyshacl over the whole
    graph, as ``kg validate`` and the test suite do.
    """
    onto_dir = ontology or ontology_dir()
    facts_path = facts or facts_dir()
    inputs = ontology_files(onto_dir) + [onto_dir / "shapes.ttl", onto_dir / "units.txt"]
    inputs += fact_files(facts_path)
    key = content_hash(inputs + _code_files(), salt=_CACHE_FORMAT)
    cdir = cache_dir() if use_cache else None
    if cdir is not None and not shacl:
        cached = cdir / f"build-{key}.pickle"
        if cached.exists():
            try:
                with cached.open("rb") as fh:
                    index, nt, n = pickle.load(fh)
                return Build(index=index, key=key, from_cache=True, triples=n, _nt=nt)
            except Exception:  # a corrupt or stale cache is rebuilt, never trusted
                cached.unlink(missing_ok=True)
    index, triples = _build_fresh(onto_dir, facts_path, shacl=shacl)
    b = Build(index=index, key=key, from_cache=False, triples=len(triples), _index3=triples)
    if cdir is not None:
        # the next process loads in a fraction of the time; this one need not wait for it
        t = threading.Thread(target=_write_cache, args=(cdir, key, b), name="kg-cache")
        _WRITERS.append(t)
        t.start()
    return b


def _build_fresh(onto_dir: Path, facts_path: Path, *, shacl: bool) -> tuple[Index, TripleIndex]:
    triples = ontology_triples(onto_dir)
    vocab = Vocab.from_graph(triples)
    files = []
    broken: list[DataFileError] = []
    for p in fact_files(facts_path):
        try:
            model, lines = read_fact_file(p, label=f"facts/{p.name}")
        except DataFileError as exc:
            broken.append(exc)  # keep reading: one run reports every broken file
            continue
        files.append((f"facts/{p.name}", model, lines))
    if broken:
        first = broken[0]
        if len(broken) > 1:
            rest = "\n".join(str(e) for e in broken[1:])
            raise DataFileError(first.path, first.line, f"{first.problem}\n{rest}")
        raise first
    _, problems = compile_facts(files, vocab, into=triples)
    if problems:
        raise GraphValidationError(problems)
    if shacl:
        violations = validate_graph(triples.to_rdflib(), onto_dir / "shapes.ttl")
        if violations:
            raise GraphValidationError(violations)
    return build_index(triples), triples


_WRITERS: list[threading.Thread] = []


def wait_for_cache() -> None:
    """Wait until builds started by this process are written to the cache."""
    while _WRITERS:
        _WRITERS.pop().join()


def _write_cache(cdir: Path, key: str, b: Build) -> None:
    try:
        cdir.mkdir(parents=True, exist_ok=True)
        payload = pickle.dumps((b.index, b.ntriples(), b.triples), protocol=pickle.HIGHEST_PROTOCOL)
        fd, tmp = tempfile.mkstemp(dir=cdir, suffix=".tmp")
        with os.fdopen(fd, "wb") as fh:
            fh.write(payload)
        for old in cdir.glob("build-*.pickle"):
            old.unlink(missing_ok=True)
        os.replace(tmp, cdir / f"build-{key}.pickle")
    except OSError:
        pass  # a read-only home only costs the next load its speed
