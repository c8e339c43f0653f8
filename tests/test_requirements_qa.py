"""Requirements as architects write them, each with the services acceptable in first place and
those that must not come first. The files in tests/data/requirements/ were written by hand from
AWS documentation and the seed, independently of the benchmark sets; a failure means the
knowledge or the parser misreads a kind of requirement, not a score to tune."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from conftest import yaml_cases

import kg

DATA = Path(__file__).parent / "data" / "requirements"


CASES = yaml_cases(DATA)


def test_the_requirement_files_are_well_formed(g: kg.KnowledgeGraph) -> None:
    assert CASES, "no requirement files"
    for cid, case in CASES:
        assert set(case) <= {"text", "first", "not_first", "why"}, cid
        assert isinstance(case["text"], str) and case["first"], cid
        for sid in [*case["first"], *case.get("not_first", [])]:
            assert g.find_service(sid) is not None, f"{cid}: unknown service {sid}"


@pytest.mark.parametrize(("cid", "case"), CASES, ids=[c for c, _ in CASES])
def test_first_answer(g: kg.KnowledgeGraph, cid: str, case: dict[str, Any]) -> None:
    rec = g.recommend(case["text"], top_k=3)
    assert rec.ranked, rec.message
    top = rec.ranked[0].service
    ranked = [r.service for r in rec.ranked]
    assert top in case["first"], f"{case['text']!r}: got {ranked}"
    assert top not in case.get("not_first", []), f"{case['text']!r}: got {ranked}"
    assert rec.ranked[0].justification, "the first answer carries no justification"
