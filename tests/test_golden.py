"""Golden answers for ten representative requirements on the shipped graph."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
import yaml

import kg

GOLDEN = Path(__file__).parent / "golden"
sys.path.insert(0, str(GOLDEN))
from regenerate import answers, summary  # noqa: E402

CASES = yaml.safe_load((GOLDEN / "requirements.yaml").read_text())


@pytest.mark.parametrize("case", CASES, ids=[c["first"] for c in CASES])
def test_first_answer_with_sources(g: kg.KnowledgeGraph, case: dict) -> None:
    rec = g.recommend(case["text"])
    assert rec.ranked, rec.message
    top = rec.ranked[0]
    assert top.service == case["first"], [r.service for r in rec.ranked]
    assert top.justification and all(e.sources for e in top.justification if e.kind != "category")
    for other in case.get("not_first", []):
        assert top.service != other


def test_whole_answers_match_the_golden_file(g: kg.KnowledgeGraph) -> None:
    expected = json.loads((GOLDEN / "answers.json").read_text())
    got = answers(g)
    for text, want in expected.items():
        assert got[text] == want, (
            f"answer changed for {text!r}: run `make golden` and review the diff"
        )


def test_summary_is_plain_data(g: kg.KnowledgeGraph) -> None:
    s = summary(g.recommend("which queue for messages"))
    assert json.loads(json.dumps(s)) == s
