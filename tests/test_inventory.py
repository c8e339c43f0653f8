"""The seed inventory (tests/data/inventory/*.yaml, one file per part of the seed, written while
reading it line by line) checked against the graph: every service resolves by the name used in
the seed, every figure is a Limit with the right unit, every negative statement is a negated or
exclusive relation, or a negated capability."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

import kg
from kg.units import to_base

INVENTORY = sorted((Path(__file__).parent / "data" / "inventory").glob("*.yaml"))


def _entries(kind: str) -> list[Any]:
    out = []
    for f in INVENTORY:
        data = yaml.safe_load(f.read_text())
        for i, e in enumerate(data.get(kind) or []):
            out.append(pytest.param(e, id=f"{f.stem}-{i}-L{e.get('line')}"))
    return out


def test_inventory_covers_the_whole_seed() -> None:
    spans = sorted(tuple(yaml.safe_load(f.read_text())["lines"]) for f in INVENTORY)
    assert spans, "no inventory"
    assert spans[0][0] <= 1
    for (_, end), (start, _) in zip(spans, spans[1:], strict=False):
        assert start <= end + 1, f"lines {end + 1}-{start - 1} of the seed are in no inventory"


@pytest.mark.parametrize("entry", _entries("services"))
def test_service_resolves(g: kg.KnowledgeGraph, entry: dict) -> None:
    assert g.service(entry["name"]).id == entry["id"]


def _same(a: float, ua: str, b: float, ub: str) -> bool:
    va, da = to_base(a, ua)
    vb, db = to_base(b, ub)
    return da == db and abs(va - vb) <= 1e-6 * max(abs(va), abs(vb), 1e-12)


@pytest.mark.parametrize("entry", _entries("figures"))
def test_figure_is_a_limit(g: kg.KnowledgeGraph, entry: dict) -> None:
    limits = [x for x in g.limits(entry["service"]) if x.attribute == entry["attribute"]]
    assert limits, f"{entry['service']} has no {entry['attribute']} limit"
    found = [
        x
        for x in limits
        if any(
            v is not None and _same(v, x.unit, entry["value"], entry["unit"])
            for v in (x.value, x.value_max)
        )
    ]
    assert found, (
        f"no {entry['attribute']} limit of {entry['value']} {entry['unit']} on {entry['service']}: {[x.text() for x in limits]}"
    )


@pytest.mark.parametrize("entry", _entries("negatives"))
def test_negative_statement_is_encoded(g: kg.KnowledgeGraph, entry: dict) -> None:
    subject = entry["subject"]
    if "capability" in entry:
        caps = [
            c for c in g.capabilities(subject) if c.capability == entry["capability"] and c.negated
        ]
        assert caps, f"{subject} has no negated capability {entry['capability']}"
        return
    rels = [
        r
        for r in g.relations(subject)
        if r.subject == subject
        and r.predicate == entry["predicate"]
        and r.object == entry["object"]
    ]
    want_only = bool(entry.get("only"))
    ok = [r for r in rels if (r.only if want_only else r.negated)]
    assert ok, (
        f"no {'only' if want_only else 'negated'} {entry['predicate']} relation {subject} -> {entry['object']}"
    )
