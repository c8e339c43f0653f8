"""Loading and validation: bad data files fail with the file, the line and the reason."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph, Literal

import kg
from kg.resources import ontology_dir
from kg.store import build, validate_graph, wait_for_cache
from kg.vocabulary import KG, PROV


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text, old
    path.write_text(text.replace(old, new, 1))


def test_mini_facts_load(mini_facts: Path) -> None:
    g = kg.load(facts=mini_facts, cache=False)
    assert [s.id for s in g.services()] == ["sns-fifo", "sqs"]
    assert g.limits("sqs")[0].unit == "KB"


def test_fact_without_source_names_file_and_line(mini_facts: Path) -> None:
    f = mini_facts / "messaging.yaml"
    _edit(f, "      - {cap: ordering, source: seed#L13}", "      - {cap: ordering}")
    with pytest.raises(kg.DataFileError) as exc:
        kg.load(facts=mini_facts, cache=False)
    assert exc.value.path == "facts/messaging.yaml"
    assert exc.value.line == 23
    assert "source" in str(exc.value)


def test_limit_with_unknown_unit_fails(mini_facts: Path) -> None:
    _edit(mini_facts / "messaging.yaml", "unit: KB", "unit: furlongs")
    with pytest.raises(kg.GraphValidationError) as exc:
        kg.load(facts=mini_facts, cache=False)
    assert any(
        "unknown unit 'furlongs'" in v and "messaging.yaml:14" in v for v in exc.value.violations
    )


def test_relation_to_unknown_service_fails(mini_facts: Path) -> None:
    _edit(mini_facts / "messaging.yaml", "object: sqs,", "object: sqs-fifoo,")
    with pytest.raises(kg.GraphValidationError) as exc:
        kg.load(facts=mini_facts, cache=False)
    assert any("unknown service 'sqs-fifoo'" in v for v in exc.value.violations)


@pytest.mark.parametrize(
    ("old", "new", "expect"),
    [
        ("category: queue", "category: queues", "unknown category 'queues'"),
        ("{cap: ordering,", "{cap: orderingg,", "unknown capability 'orderingg'"),
        ("attribute: message-size", "attribute: message-sise", "unknown attribute"),
        ("predicate: sendsTo", "predicate: sendTo", "unknown relation predicate 'sendTo'"),
        (
            "unit: KB",
            "unit: s",
            "unit 's' ([time]) does not measure 'message-size' ([information])",
        ),
    ],
)
def test_unknown_vocabulary_is_reported(mini_facts: Path, old: str, new: str, expect: str) -> None:
    _edit(mini_facts / "messaging.yaml", old, new)
    with pytest.raises(kg.GraphValidationError) as exc:
        kg.load(facts=mini_facts, cache=False)
    assert any(expect in v for v in exc.value.violations), exc.value.violations


@pytest.mark.parametrize(
    ("old", "new", "expect"),
    [
        ("    source: seed#L154\n", "    source: seed#L154\n    sauce: x\n", "Extra inputs"),
        (
            "aliases: [SQS, Simple Queue Service]",
            "aliases: [SQS, Simple Queue Service\n",
            "not valid YAML",
        ),
        ("    category: queue\n", "    category: queue\n    category: pubsub\n", "duplicate key"),
        ("source: seed#L154", "source: page 3 of the notes", "neither a seed anchor"),
    ],
)
def test_malformed_file_is_a_clear_error(mini_facts: Path, old: str, new: str, expect: str) -> None:
    _edit(mini_facts / "messaging.yaml", old, new)
    with pytest.raises(kg.DataFileError) as exc:
        kg.load(facts=mini_facts, cache=False)
    assert expect in str(exc.value)
    assert exc.value.line is not None


def test_service_defined_twice_is_reported(mini_facts: Path) -> None:
    text = (mini_facts / "messaging.yaml").read_text().replace("family: messaging", "family: other")
    (mini_facts / "other.yaml").write_text(text)
    with pytest.raises(kg.GraphValidationError) as exc:
        kg.load(facts=mini_facts, cache=False)
    assert any("already defined in facts/messaging.yaml" in v for v in exc.value.violations)


def test_shacl_catches_a_fact_without_source(mini_facts: Path) -> None:
    # bypass the YAML checks: remove the provenance from a compiled graph, then run SHACL
    b = build(facts=mini_facts, use_cache=False)
    graph = Graph()
    for t in b.graph():
        graph.add(t)
    facts = list(graph.subjects(KG.subject, None))
    graph.remove((facts[0], PROV.wasDerivedFrom, None))
    violations = validate_graph(graph, ontology_dir() / "shapes.ttl")
    assert any("fact without a source" in v for v in violations)


def test_shacl_catches_an_unknown_unit(mini_facts: Path) -> None:
    b = build(facts=mini_facts, use_cache=False)
    graph = Graph()
    for t in b.graph():
        graph.add(t)
    lim = next(graph.subjects(KG.limitKind, None))
    graph.set((lim, KG.unit, KG.NotAUnit))
    violations = validate_graph(graph, ontology_dir() / "shapes.ttl")
    assert any("known unit" in v for v in violations)


def test_shacl_catches_a_relation_to_an_unknown_service(mini_facts: Path) -> None:
    b = build(facts=mini_facts, use_cache=False)
    graph = Graph()
    for t in b.graph():
        graph.add(t)
    rel = next(graph.subjects(KG.only, Literal(True)))
    graph.set((rel, KG.object, KG.nowhere))
    violations = validate_graph(graph, ontology_dir() / "shapes.ttl")
    assert any("point at a known service" in v for v in violations)


def test_cache_is_reused_and_keyed_on_content(
    mini_facts: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KG_CACHE_DIR", str(tmp_path / "cache"))
    first = build(facts=mini_facts)
    wait_for_cache()
    second = build(facts=mini_facts)
    assert not first.from_cache and second.from_cache
    assert second.triples == first.triples and second.index.services == first.index.services
    _edit(mini_facts / "messaging.yaml", "An ordered topic.", "An ordered SNS topic.")
    third = build(facts=mini_facts)
    wait_for_cache()
    assert not third.from_cache and third.key != first.key


def test_shipped_graph_passes_shacl(g: kg.KnowledgeGraph) -> None:
    b = build(use_cache=False, shacl=True)
    assert b.triples == len(b.graph()) > 50_000
    assert len(b.index.services) == len(g.services())
