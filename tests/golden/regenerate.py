"""Regenerate tests/golden/answers.json (`make golden`); review the diff before committing."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import yaml

import kg

HERE = Path(__file__).parent


def summary(rec: kg.Recommendation) -> dict[str, Any]:
    return {
        "understood": {
            "categories": list(rec.requirement.categories),
            "must": list(rec.requirement.must),
            "nice": list(rec.requirement.nice),
            "constraints": [c.text() for c in rec.requirement.constraints],
        },
        "ranked": [
            {
                "service": r.service,
                "score": round(r.score, 2),
                "evidence": [e.text for e in r.justification[:3]],
            }
            for r in rec.ranked[:3]
        ],
        "excluded": sorted(e.service for e in rec.excluded if e.hard)[:10],
    }


def answers(g: kg.KnowledgeGraph) -> dict[str, Any]:
    cases = yaml.safe_load((HERE / "requirements.yaml").read_text())
    return {c["text"]: summary(g.recommend(c["text"], top_k=5)) for c in cases}


if __name__ == "__main__":
    (HERE / "answers.json").write_text(
        json.dumps(answers(kg.load()), indent=2, ensure_ascii=False) + "\n"
    )
    print(f"wrote {HERE / 'answers.json'}")
