"""The engine on a small fixture world: filter, rank, justify, why-not, relax, patterns,
lifecycle, option judging, design checks."""

from __future__ import annotations

from pathlib import Path

import pytest

import kg

FIXTURE = Path(__file__).parent / "data" / "engine"


@pytest.fixture(scope="module")
def fx() -> kg.KnowledgeGraph:
    return kg.load(facts=FIXTURE, cache=False)


def test_question_ranks_the_matching_service_first_with_sources(fx: kg.KnowledgeGraph) -> None:
    rec = fx.recommend("Which database for a social network where we query friends of friends?")
    top = rec.ranked[0]
    assert top.service == "graphdb"
    assert top.breakdown["capabilities"] > 0
    assert any(s.label.startswith("seed#L") for e in top.justification for s in e.sources)
    assert rec.requirement.categories == ("database",)


def test_candidates_are_the_sought_category(fx: kg.KnowledgeGraph) -> None:
    rec = fx.recommend("which database for a key-value lookup", top_k=10)
    shown = {r.service for r in rec.ranked} | {e.service for e in rec.excluded}
    assert shown == {"reldb", "kvdb", "graphdb", "oldb", "newledger"}


def test_numeric_limit_excludes_with_the_fact_and_source(fx: kg.KnowledgeGraph) -> None:
    rec = fx.recommend("run a job for 40 minutes")
    assert rec.ranked[0].service == "box"
    fn = next(e for e in rec.excluded if e.service == "fn")
    assert fn.hard
    assert "900 s < 40 minutes required" in fn.reasons[0].text
    assert fn.reasons[0].sources[0].label == "seed#L651"


def test_a_part_inherits_the_limits_of_its_whole(fx: kg.KnowledgeGraph) -> None:
    ex = fx.explain("fn-vpc", "run a job for 40 minutes")
    assert not ex.fits
    assert (
        "Test Function in a VPC, as part of Test Function: run duration max 900 s"
        in ex.against[0].text
    )


def test_units_are_converted(fx: kg.KnowledgeGraph) -> None:
    # 0.2 MB = 200 KB fits a 400 KB item limit; 2 MB does not
    assert fx.explain("kvdb", "items of 0.2 MB").fits
    ex = fx.explain("kvdb", "items of 2 MB")
    assert not ex.fits and "400 KB < 2 MB required" in ex.against[0].text


def test_adjustable_limit_is_not_a_hard_violation(fx: kg.KnowledgeGraph) -> None:
    ex = fx.explain("stream", "ordered events replayable for a year at 5 MB/s")
    assert ex.fits
    assert any("raises it on request" in e.text for e in ex.for_)


def test_explicit_lack_of_a_must_excludes(fx: kg.KnowledgeGraph) -> None:
    rec = fx.recommend("a queue that keeps messages in order")
    q = next(e for e in rec.excluded if e.service == "queue")
    assert q.hard and "does not support ordering" in q.reasons[0].text


def test_relaxations_when_nothing_fits(fx: kg.KnowledgeGraph) -> None:
    rec = fx.recommend("messages of 10 MB")
    assert not rec.ranked
    assert rec.relaxations and rec.relaxations[0].give_up == ("message size >= 10 MB",)
    assert "queue" in rec.relaxations[0].admits


def test_relaxations_are_minimal_and_ordered(fx: kg.KnowledgeGraph) -> None:
    eng = fx._get_engine()
    c = eng.requirement("messages of 10 MB kept for 2 years").constraints
    req = kg.Requirement(categories=("streaming", "queue"), must=("ordering",), constraints=c)
    rec = fx.recommend(req)
    assert not rec.ranked
    # the queue needs two relaxations, a superset of the ordered queue's one: not offered
    assert {r.items for r in rec.relaxations} == {("num:0",), ("num:1",)}
    assert {r.admits for r in rec.relaxations} == {("ordered-queue",), ("stream",)}


def test_retired_service_is_flagged_and_ranked_below_current(fx: kg.KnowledgeGraph) -> None:
    rec = fx.recommend("which database for an immutable ledger?")
    order = [r.service for r in rec.ranked]
    assert order.index("newledger") < order.index("oldb")
    old = next(r for r in rec.ranked if r.service == "oldb")
    assert old.lifecycle.status == "retired" and old.breakdown["lifecycle"] < 0


def test_retired_service_ranks_as_equal_when_asked_in_words(fx: kg.KnowledgeGraph) -> None:
    rec = fx.recommend("which database for an immutable ledger, including retired services?")
    assert rec.requirement.include_flagged
    old = next(r for r in rec.ranked if r.service == "oldb")
    assert "lifecycle" not in old.breakdown and old.lifecycle.status == "retired"


def test_retired_service_ranks_as_equal_when_asked(fx: kg.KnowledgeGraph) -> None:
    eng = fx._get_engine()
    req = eng.requirement("which database for an immutable ledger?").model_copy(
        update={"include_flagged": True}
    )
    rec = fx.recommend(req)
    scores = {r.service: r.score for r in rec.ranked}
    assert scores["oldb"] == scores["newledger"]


def test_pattern_when_the_requirement_spans_services(fx: kg.KnowledgeGraph) -> None:
    rec = fx.recommend("fan out messages with ordering and deduplication")
    assert rec.patterns and rec.patterns[0].pattern == "ordered-fan-out"
    assert set(rec.patterns[0].components) == {"topic", "ordered-queue"}


def test_ties_are_broken_by_id(fx: kg.KnowledgeGraph) -> None:
    req = kg.Requirement(must=("ledger",), include_flagged=True)
    rec = fx.recommend(req)
    assert [r.service for r in rec.ranked][:2] == ["newledger", "oldb"]


def test_facts_between_named_services(fx: kg.KnowledgeGraph) -> None:
    rec = fx.recommend("Can Test Firewall protect a Test Network Balancer?")
    assert rec.facts and "cannot protect" in rec.facts[0].text
    assert rec.facts[0].sources[0].label == "seed#L3581"
    assert not fx.recommend("a queue").facts


def test_nothing_understood_is_an_answer_not_an_error(fx: kg.KnowledgeGraph) -> None:
    rec = fx.recommend("asdf qwerty")
    assert not rec.understood and not rec.ranked and "Nothing" in rec.message


def test_graph_is_unchanged_by_queries(fx: kg.KnowledgeGraph) -> None:
    before = len(fx.rdf)
    for text in ["SELECT * WHERE {?s ?p ?o}", "DROP ALL", "<script>alert(1)</script>", "🚀" * 50]:
        fx.recommend(text)
    assert len(fx.rdf) == before


def test_rank_options_penalises_negative_facts(fx: kg.KnowledgeGraph) -> None:
    scores = fx.rank_options(
        "Protect the web application from SQL injection",
        {
            "A": "Deploy Test Firewall on the Test Network Balancer",
            "B": "Deploy Test Firewall on the Test Application Balancer",
        },
    )
    assert [s.label for s in scores] == ["B", "A"]
    assert any("cannot protect" in r for r in scores[1].reasons)


def test_rank_options_penalises_violated_limits(fx: kg.KnowledgeGraph) -> None:
    scores = fx.rank_options(
        "Nightly jobs run for 40 minutes each",
        {"A": "Run them on Test Function", "B": "Run them on Test Container Service"},
    )
    assert scores[0].label == "B"
    assert any("900 s" in r for r in scores[1].reasons)


def test_rank_options_only_relation(fx: kg.KnowledgeGraph) -> None:
    scores = fx.rank_options(
        "Fan out ordered messages",
        {
            "A": "Test Ordered Topic sending to Test Queue",
            "B": "Test Ordered Topic sending to Test Ordered Queue",
        },
    )
    assert scores[0].label == "B"
    assert any("only" in r for r in scores[1].reasons)


def test_rank_options_penalises_hand_work_when_overhead_matters(fx: kg.KnowledgeGraph) -> None:
    opts = {"A": "Write a custom script and run it from a cron job", "B": "Run it on Test Function"}
    lean = fx.rank_options("Resize images with the LEAST operational overhead", opts)
    assert lean[0].label == "B"
    assert any("work by hand" in r for r in lean[1].reasons)
    plain = fx.rank_options("Resize images", opts)
    assert not any("work by hand" in r for o in plain for r in o.reasons)


def test_rank_options_bad_input(fx: kg.KnowledgeGraph) -> None:
    with pytest.raises(kg.RequirementError):
        fx.rank_options("", {"A": "x"})
    with pytest.raises(kg.RequirementError):
        fx.rank_options("a scenario", {})


def test_design_check_reports_negative_fact_with_fix(fx: kg.KnowledgeGraph) -> None:
    rep = fx.check_design(
        "Test Firewall -> Test Network Balancer\nTest Ordered Topic -> Test Queue"
    )
    errs = rep.errors
    assert [f.check for f in errs] == ["DES-001", "DES-002"]
    assert "Test Application Balancer" in errs[0].fix
    assert errs[0].sources[0].label == "seed#L3581"


def test_design_check_reports_a_missing_requirement_with_alternatives(
    fx: kg.KnowledgeGraph,
) -> None:
    rep = fx.check_design("Test Function in a VPC -> Test Stream")
    missing = [f for f in rep.findings if f.check == "DES-007"]
    assert missing and "requires Test Transfer Link" in missing[0].explanation
    assert "Test Transfer Device" in missing[0].fix and missing[0].sources
    ok = fx.check_design(
        "Test Function in a VPC -> Test Stream\nTest Transfer Device -> Test Stream"
    )
    assert not [f for f in ok.findings if f.check == "DES-007"]


def test_design_check_bad_input(fx: kg.KnowledgeGraph) -> None:
    with pytest.raises(kg.RequirementError):
        fx.check_design("   ")
    rep = fx.check_design("nonsense -> Test Queue")
    assert rep.findings[0].check == "DES-006"


def test_rank_options_answers_a_yes_no_question_from_the_closest_fact(
    fx: kg.KnowledgeGraph,
) -> None:
    opts = {"A": "Yes, it can.", "B": "No."}
    # the closest fact is a negative one: Test Key Value DB has no SQL joins
    no = fx.rank_options("Does Test Key Value DB support SQL joins?", opts)
    assert no[0].label == "B"
    assert any("denies" in r and "seed#L1268" in r for r in no[0].reasons)
    # the closest fact is a positive one
    yes = fx.rank_options("Does Test Relational DB support SQL joins?", opts)
    assert yes[0].label == "A"
    assert any("affirms" in r for r in yes[0].reasons)
    # true/false reads the same way, and a negated statement turns the answer around
    tf = {"A": "True", "B": "False"}
    assert fx.rank_options("Test Key Value DB supports SQL joins.", tf)[0].label == "B"
    assert fx.rank_options("Test Key Value DB cannot do SQL joins.", tf)[0].label == "A"


def test_rank_options_polarity_only_for_yes_no_questions(fx: kg.KnowledgeGraph) -> None:
    scores = fx.rank_options(
        "Which database for SQL joins?",
        {"A": "No database at all", "B": "Test Relational DB"},
    )
    assert scores[0].label == "B"
    assert not any("closest fact" in r for o in scores for r in o.reasons)


def test_rank_options_figure_matching_a_limit_in_another_unit(fx: kg.KnowledgeGraph) -> None:
    question = "What is the maximum run duration of Test Function?"
    scores = fx.rank_options(question, {"A": "5 minutes", "B": "15 minutes", "C": "900 days"})
    assert scores[0].label == "B"
    assert any("900 s" in r for r in scores[0].reasons)
    # a bare number is read in the limit's unit only when the question names such a unit
    bare = fx.rank_options(question, {"A": "300", "B": "900"})
    assert not any("matches" in r for o in bare for r in o.reasons)
    asked = fx.rank_options(
        "Test Function runs for at most how many seconds?", {"A": "300", "B": "900"}
    )
    assert asked[0].label == "B"


def test_fill_in_the_blank_needs_a_fact_holding_both_the_context_and_the_filler(
    fx: kg.KnowledgeGraph,
) -> None:
    eng = fx._get_engine()
    r = eng.retriever
    context = r.scores(eng.assessor.words("key value"))
    both, docs = r.joint_support(context, eng.assessor.words("serverless"), top=1)
    assert both > 0 and docs[0].service == "kvdb"
    # a filler no fact about the context holds gets nothing, however common its words
    assert r.joint_support(context, eng.assessor.words("graph traversal"), top=1) == (0.0, [])
    scores = fx.rank_options(
        "Test Key Value DB is a [...] database.", {"A": "graph traversal", "B": "key-value"}
    )
    assert scores[0].label == "B"


def test_a_bare_figure_is_read_in_the_unit_the_question_names(fx: kg.KnowledgeGraph) -> None:
    # Test Function's limit is 900 s; the question asks in minutes
    scores = fx.rank_options(
        "What is the maximum run duration of Test Function in minutes?", {"A": "5", "B": "15"}
    )
    assert scores[0].label == "B"
    assert any("900 s" in r for r in scores[0].reasons)


def test_option_breakdown_and_a_service_less_option_takes_the_middle_service_terms(
    fx: kg.KnowledgeGraph,
) -> None:
    scores = fx.rank_options(
        "Social network queries over friends of friends",
        {
            "A": "Use Test Graph DB",
            "B": "Use Test Key Value DB",
            "C": "Use Test Relational DB",
            "D": "Traverse the relationships",
        },
    )
    by = {s.label: s for s in scores}
    for s in scores:
        assert s.score == pytest.approx(sum(s.breakdown.values()), abs=1e-3)
    assert by["A"].breakdown["fit"] > by["C"].breakdown.get("fit", 0.0)
    # D names no service: its service terms are the median of A, B and C's, not zero
    fits = sorted(by[k].breakdown.get("fit", 0.0) for k in "ABC")
    assert by["D"].breakdown.get("fit", 0.0) == pytest.approx(fits[1], abs=1e-3)
    assert not by["D"].services


def test_a_part_that_adds_nothing_ranks_below_its_whole(fx: kg.KnowledgeGraph) -> None:
    rec = fx.recommend("serverless compute for short functions")
    by = {r.service: r for r in rec.ranked}
    assert rec.ranked[0].service == "fn"
    part = by["fn-vpc"]
    assert part.breakdown["context"] == -1.0
    why = [e for e in part.justification if "adds nothing" in e.text]
    assert why and why[0].sources and why[0].sources[0].label == "seed#L757"
    # the whole itself carries no such note
    assert not any("adds nothing" in e.text for e in rec.ranked[0].justification)


def test_a_negative_fact_never_backs_an_option(fx: kg.KnowledgeGraph) -> None:
    eng = fx._get_engine()
    words = eng.assessor.words("SQL joins")
    _, docs = eng.retriever.support(words, top=3, services={"kvdb"})
    assert any(d.negative for d in docs)  # "Test Key Value DB: no SQL joins" matches best
    _, docs = eng.retriever.support(words, top=3, services={"kvdb"}, positive=True)
    assert not any(d.negative for d in docs)
