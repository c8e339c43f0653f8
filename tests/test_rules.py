"""Every rule fires where it should and stays silent where it should not; bad rule files fail
with the file, the rule and the line."""

from __future__ import annotations

from pathlib import Path

import pytest

import kg
from kg.resources import rules_dir
from kg.rules import load_rules

FIXTURE = Path(__file__).parent / "data" / "engine"


@pytest.fixture(scope="module")
def fx() -> kg.KnowledgeGraph:
    return kg.load(facts=FIXTURE, cache=False)


def _rule_ids(fx: kg.KnowledgeGraph, service: str, text: str) -> set[str]:
    eng = fx._get_engine()
    req = eng.requirement(text)
    a = eng.assessor.assess(service, req, {})
    ids = {e.rule_id for e in a.evidence if e.rule_id}
    ids |= {e.rule_id for _, e in a.violations if e.rule_id}
    return ids


CASES = [
    # rule, service, text where it fires, text where it does not
    ("DATA-001", "kvdb", "a database with joins and transactions", "a key-value database"),
    ("DATA-002", "reldb", "a database, no SQL please", "a relational database"),
    ("DATA-003", "warehouse", "OLAP analytics with BI dashboards", "a key-value store"),
    ("OPS-001", "kvdb", "a database with the least operational overhead", "a key-value database"),
    ("OPS-002", "box", "run our code without managing servers", "run our code"),
    ("OPS-003", "kvdb", "the most cost-effective database", "a key-value database"),
    ("CTX-001", "fn", "process the records of Test Stream", "process records"),
    ("CTX-002", "box", "a job that runs for 40 minutes", "a job"),
    ("CTX-003", "reldb", "a database replicated across regions", "a database"),
    (
        "XFER-001",
        "truck",
        "move 200 TB within a week over a 100 Mbps link",
        "move 200 TB within a year over a 100 Mbps link",
    ),
    (
        "XFER-002",
        "pipe",
        "move 200 TB within a week over a 100 Mbps link",
        "move 200 TB within a year over a 100 Mbps link",
    ),
]


def test_every_shipped_rule_has_a_case(fx: kg.KnowledgeGraph) -> None:
    shipped = {r.id for r in load_rules(fx.index)}
    assert shipped == {c[0] for c in CASES}


@pytest.mark.parametrize(("rule", "service", "fires", "silent"), CASES, ids=[c[0] for c in CASES])
def test_rule_fires_and_stays_silent(
    fx: kg.KnowledgeGraph, rule: str, service: str, fires: str, silent: str
) -> None:
    assert rule in _rule_ids(fx, service, fires)
    assert rule not in _rule_ids(fx, service, silent)


def test_rule_evidence_carries_its_source(fx: kg.KnowledgeGraph) -> None:
    ex = fx.explain("kvdb", "a database with the least operational overhead")
    ev = [e for e in ex.for_ if e.rule_id == "OPS-001"]
    assert ev and ev[0].sources and ev[0].sources[0].label.startswith("seed#L")


GOOD = """concern: test
description: a test
rules:
  - id: TST-001
    title: A test rule
    description: prefers key-value stores
    source: seed#L1
    when:
      requirement_wants: [key-value]
    effect:
      kind: prefer
      weight: 1
      target: {services_with: [key-value]}
      reason: test
"""


@pytest.mark.parametrize(
    ("old", "new", "expect"),
    [
        ("    when:", "    whenn: {}\n    when:", "Extra inputs"),
        (
            "requirement_wants: [key-value]",
            "requirement_wantz: [key-value]",
            "unknown operator 'requirement_wantz'",
        ),
        (
            "target: {services_with: [key-value]}",
            "target: {services: [no-such-service]}",
            "unknown service: no-such-service",
        ),
        (
            "requirement_wants: [key-value]",
            "requirement_wants: [key-valu]",
            "unknown capabilitie: key-valu",
        ),
        ("kind: prefer", "kind: promote", "Input should be"),
        ("source: seed#L1", "source: the course", "neither a seed anchor nor a URL"),
        (
            "target: {services_with: [key-value]}",
            "target: {servicez: [x]}",
            "unknown selector 'servicez'",
        ),
    ],
)
def test_bad_rule_file_names_file_rule_and_line(
    fx: kg.KnowledgeGraph, tmp_path: Path, old: str, new: str, expect: str
) -> None:
    assert old in GOOD
    (tmp_path / "test.yaml").write_text(GOOD.replace(old, new, 1))
    with pytest.raises(kg.RuleFileError) as exc:
        load_rules(fx.index, tmp_path)
    msg = str(exc.value)
    assert "rules/test.yaml:" in msg and exc.value.line is not None
    assert expect in msg, msg


def test_quotient_rule_shows_the_computation(fx: kg.KnowledgeGraph) -> None:
    ex = fx.explain("truck", "move 200 TB within a week over a 100 Mbps link")
    ev = next(e for e in ex.for_ if e.rule_id == "XFER-001")
    assert "200 TB at 100 Mbps takes 185.2 days, more than 1 week" in ev.text


def test_quotient_operator_checks_dimensions(fx: kg.KnowledgeGraph, tmp_path: Path) -> None:
    bad = GOOD.replace(
        "requirement_wants: [key-value]",
        'requirement_quotient_exceeds: {numerator: "[information]", denominator: "[time]", limit: "[time]"}',
    )
    (tmp_path / "test.yaml").write_text(bad)
    with pytest.raises(kg.RuleFileError, match="does not have the dimension of limit"):
        load_rules(fx.index, tmp_path)


def test_good_rule_file_loads(fx: kg.KnowledgeGraph, tmp_path: Path) -> None:
    (tmp_path / "test.yaml").write_text(GOOD)
    assert [r.id for r in load_rules(fx.index, tmp_path)] == ["TST-001"]


def test_duplicate_rule_id_is_an_error(fx: kg.KnowledgeGraph, tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text(GOOD)
    (tmp_path / "b.yaml").write_text(GOOD)
    with pytest.raises(kg.RuleFileError, match="already used"):
        load_rules(fx.index, tmp_path)


def test_rules_readme_is_generated_from_metadata(fx: kg.KnowledgeGraph) -> None:
    from kg.rules import rules_markdown

    text = (rules_dir() / "README.md").read_text()
    assert text == rules_markdown(load_rules(fx.index)), "run `make rules-doc`"
