"""The plain-English parser: categories, capabilities, quantities, negation, comparatives."""

from __future__ import annotations

from pathlib import Path

import pytest

import kg
from kg.requirement import MAX_REQUIREMENT_CHARS

FIXTURE = Path(__file__).parent / "data" / "engine"


@pytest.fixture(scope="module")
def parse(request: pytest.FixtureRequest):  # type: ignore[no-untyped-def]
    g = kg.load(facts=FIXTURE, cache=False)
    return g._get_engine().parser.parse


def test_question_form_seeks_the_category(parse) -> None:  # type: ignore[no-untyped-def]
    r = parse("Which database for a social network where we query friends of friends?")
    assert r.categories == ("database",)
    assert "graph-traversal" in r.must


@pytest.mark.parametrize(
    ("text", "attribute", "comparison", "value", "unit"),
    [
        ("messages of 10 MB", "message-size", "ge", 10, "MB"),
        ("messages of 10mb", "message-size", "ge", 10, "MB"),
        ("replayable for a year", "retention", "ge", 1, "year"),
        ("ingest 5 MB/s", "throughput", "ge", 5, "MB/s"),
        ("a job that takes 40 minutes", "run-duration", "ge", 40, "minutes"),
        ("latency under 1 ms", "latency", "le", 1, "ms"),
        ("1,000 records per second", "request-rate", "ge", 1000, "records/second"),
        ("a 1 Gbps link", "throughput", "ge", 1, "Gbps"),
    ],
)
def test_quantities_with_units(
    parse, text: str, attribute: str, comparison: str, value: float, unit: str
) -> None:  # type: ignore[no-untyped-def]
    r = parse(text)
    assert len(r.constraints) == 1, r.constraints
    c = r.constraints[0]
    assert (c.attribute, c.comparison, c.value, c.unit) == (attribute, comparison, value, unit)


def test_cue_applies_only_to_its_own_quantity(parse) -> None:  # type: ignore[no-untyped-def]
    r = parse("latency under 1 ms, 1,000 records per second")
    assert [c.comparison for c in r.constraints] == ["le", "ge"]


def test_negation(parse) -> None:  # type: ignore[no-untyped-def]
    r = parse("a database, no SQL, with the LEAST operational overhead")
    assert r.must_not == ("sql-joins",)
    assert "least-operational-overhead" in r.superlatives
    assert "least-operational-overhead" not in r.must_not


def test_negative_label_is_not_a_negation(parse) -> None:  # type: ignore[no-untyped-def]
    r = parse("run containers without managing servers")
    assert "serverless" in r.nice and "serverless" not in r.must_not


def test_comparative_is_decisive(parse) -> None:  # type: ignore[no-untyped-def]
    r = parse("the MOST cost-effective storage")
    assert "cost-effective" in r.superlatives


def test_services_named_are_context_and_negated_ones_excluded(parse) -> None:  # type: ignore[no-untyped-def]
    r = parse("process records from Test Stream, not with Test Function")
    assert "stream" in r.mentioned
    assert "fn" in r.excluded_services


@pytest.mark.parametrize("text", ["", "   ", "\n\t"])
def test_empty_text_is_a_requirement_error(parse, text: str) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(kg.RequirementError, match="empty"):
        parse(text)


def test_huge_text_is_a_requirement_error(parse) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(kg.RequirementError, match="characters long"):
        parse("queue " * (MAX_REQUIREMENT_CHARS // 5))


@pytest.mark.parametrize(
    "text",
    ["🚀🔥💾", "数据库 的 选择", "SELECT * WHERE {?s ?p ?o}", "asdf qwerty zxcv"],
)
def test_nonsense_is_not_understood(parse, text: str) -> None:  # type: ignore[no-untyped-def]
    assert not parse(text).understood


def test_markup_is_read_as_plain_words(parse) -> None:  # type: ignore[no-untyped-def]
    r = parse("<script>alert(1)</script>")
    assert r.text == "<script>alert(1)</script>"  # kept verbatim, never interpreted
    assert not r.mentioned and not r.constraints


def test_non_text_is_rejected(parse) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(kg.RequirementError):
        parse(42)


@pytest.mark.parametrize(
    ("text", "value", "unit"),
    [("retention of five minutes", 5, "minutes"), ("keep messages for twelve days", 12, "days")],
)
def test_number_words_are_quantities(parse, text: str, value: float, unit: str) -> None:  # type: ignore[no-untyped-def]
    (c,) = parse(text).constraints
    assert (c.value, c.unit) == (value, unit)


def test_answer_polarity_reads_only_the_opening_word(parse) -> None:  # type: ignore[no-untyped-def]
    parser = parse.__self__
    assert parser.answer_polarity("Yes, you can.") == 1
    assert parser.answer_polarity("False") == -1
    assert parser.answer_polarity("No.") == -1
    assert parser.answer_polarity("Use SQS, not SNS") == 0
    assert parser.answer_polarity("") == 0


def test_common_words_from_ids_or_bracket_remarks_are_not_service_names(
    g: kg.KnowledgeGraph,
) -> None:
    parse = g._get_engine().parser.parse
    # "support" is only the id of aws-support; "(legacy)", "(standard)" are remarks in names
    assert parse("Does DynamoDB support SQL joins?").mentioned == ("dynamodb",)
    assert parse("a standard queue for legacy controls").mentioned == ()
    # the ids still resolve where ids are expected
    assert g.service("aws-support").id == "aws-support"
    found = g.find_service("CloudWatch Logs agent (legacy)")
    assert found is not None and found.id == "cloudwatch-logs-agent"


def test_claim_questions_are_recognised(parse) -> None:  # type: ignore[no-untyped-def]
    parser = parse.__self__
    assert parser.asks_for_a_claim("Which of the following statements is true about queues?")
    assert parser.asks_for_a_claim("What best describes a read replica?")
    assert not parser.asks_for_a_claim("Which database for a social network?")


@pytest.mark.parametrize(
    ("text", "sid"),
    [("Store sessions in Dynamo DB", "dynamodb"), ("Set a Cloud Watch alarm", "cloudwatch-alarms")],
)
def test_camel_case_names_typed_apart(g: kg.KnowledgeGraph, text: str, sid: str) -> None:
    assert sid in g._get_engine().parser.parse(text).mentioned


@pytest.mark.parametrize(
    ("text", "absent"),
    [
        ("Send the rest of the traffic to the old servers", "rest-api"),
        ("Replace a worker if a node fails", "javascript-runtime"),
        ("Instances with 16 vCPUs and memory to spare", "in-memory"),
        ("Users fill in web forms", "document-extraction"),
    ],
)
def test_everyday_words_are_not_capabilities(g: kg.KnowledgeGraph, text: str, absent: str) -> None:
    r = g._get_engine().parser.parse(text)
    assert absent not in (*r.must, *r.nice)


@pytest.mark.parametrize(
    "text",
    [
        "keep invoices for 7 years",
        "messages are kept for 14 days",
        "events can be replayed for 7 days",
    ],
)
def test_keeping_for_a_time_is_retention(g: kg.KnowledgeGraph, text: str) -> None:
    (c,) = g._get_engine().parser.parse(text).constraints
    assert c.attribute == "retention" and not c.inferred
