"""Design questions written by hand (a scenario, lettered options, the right one), judged by
``rank_options``. The files in tests/data/options/ were written from AWS documentation and
the seed, independently of the benchmark sets; a failure means the knowledge or the option
reader misjudges a kind of design, not a score to tune."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from conftest import yaml_cases

import kg

DATA = Path(__file__).parent / "data" / "options"


CASES = yaml_cases(DATA)


def test_the_option_files_are_well_formed() -> None:
    assert CASES, "no option files"
    for cid, case in CASES:
        assert set(case) <= {"scenario", "options", "answer", "why"}, cid
        assert isinstance(case["scenario"], str) and len(case["options"]) >= 2, cid
        assert case["answer"] in case["options"], cid


@pytest.mark.parametrize(("cid", "case"), CASES, ids=[c for c, _ in CASES])
def test_the_right_option_comes_first(g: kg.KnowledgeGraph, cid: str, case: dict[str, Any]) -> None:
    scores = g.rank_options(case["scenario"], case["options"])
    order = [s.label for s in scores]
    assert order[0] == case["answer"], f"{cid}: got {order} ({scores[0].breakdown})"
