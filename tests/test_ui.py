"""The Streamlit pages, driven headlessly with streamlit.testing.v1.AppTest.

Every page is started from the entry script (ui/app.py) and reached with ``switch_page``, as
``streamlit run ui/app.py`` does, so ``from common import ...`` resolves the same way.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

UI = Path(__file__).resolve().parent.parent / "ui"
APP = UI / "app.py"
PAGES = {
    "ask": None,
    "explore": "views/1_Explore.py",
    "compare": "views/2_Compare.py",
    "judge": "views/3_Judge_options.py",
    "design": "views/4_Check_a_design.py",
    "export": "views/5_Export.py",
}
# Loading and validating the graph takes a few seconds cold (more on a busy machine).
TIMEOUT = 180

SOCIAL = "Which database for a social network where we query friends of friends?"
SOURCE = re.compile(r"seed#L\d+|https://docs\.aws\.amazon\.com/")


def _messages(at: AppTest) -> list[str]:
    return [m.value for m in (*at.error, *at.warning, *at.info)]


def _ok(at: AppTest) -> AppTest:
    """Fail with the app's own words when a run raised or the graph did not load."""
    assert not at.exception, [e.value for e in at.exception]
    load_errors = [e.value for e in at.error if "could not be loaded" in e.value]
    assert not load_errors, load_errors[0]
    return at


def _page(name: str) -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=TIMEOUT)
    page = PAGES[name]
    if page is None:
        return _ok(at.run())
    at.run()  # the entry page first, then switch: the same path a user takes
    return _ok(at.switch_page(page).run())


def _ask(text: str) -> AppTest:
    at = _page("ask")
    at.text_area(key="question").set_value(text)
    return _ok(at.run())


def _answers(at: AppTest) -> list[list[str]]:
    """The markdown of each ranked answer: its ``### n. Name`` heading and what follows."""
    out: list[list[str]] = []
    for md in at.markdown:
        if re.match(r"### \d+\. ", md.value):
            out.append([md.value])
        elif out:
            out[-1].append(md.value)
    return out


# ---------------------------------------------------------------------------- every page renders
@pytest.mark.parametrize("name", list(PAGES))
def test_page_renders(name: str) -> None:
    at = _page(name)
    assert at.title, f"{name}: no title rendered"


# ---------------------------------------------------------------------------- Ask
def test_ask_social_network_answers_neptune_with_a_source() -> None:
    at = _ask(SOCIAL)
    answers = _answers(at)
    assert answers, f"no answer rendered; messages: {_messages(at)}"
    first = answers[0]
    assert "Neptune" in first[0], f"first answer is {first[0]!r}, expected Neptune"
    assert any(SOURCE.search(line) for line in first[1:]), (
        "the first answer cites no seed#L anchor nor AWS docs link:\n" + "\n".join(first)
    )
    # The question is kept in the URL so an answer can be shared.
    assert at.query_params.get("q") in (SOCIAL, [SOCIAL])


def test_ask_example_button_fills_the_question() -> None:
    at = _page("ask")
    at.button(key="example_0").click()
    _ok(at.run())
    assert at.text_area(key="question").value == SOCIAL
    assert "Neptune" in _answers(at)[0][0]


# name -> (text, a word the message must contain)
HOSTILE = {
    "empty": ("", "Type a requirement"),
    "blank": ("   \n\t ", "Type a requirement"),
    "10k characters": (("friends of friends graph database " * 400)[:10_000], "long requirement"),
    "10k one letter": ("a" * 10_000, "Nothing in the text matches"),
    "over the limit": ("x" * 25_000, "keep it under"),
    "sparql": ("SELECT * WHERE {?s ?p ?o}", "SPARQL"),
    "script": ("<script>alert(1)</script>", "HTML"),
    "emoji": ("🚀🔥💾🤷‍♀️", "Nothing in the text matches"),
}


@pytest.mark.parametrize(("text", "expected"), list(HOSTILE.values()), ids=list(HOSTILE))
def test_ask_hostile_input_shows_a_message(text: str, expected: str) -> None:
    at = _ask(text)
    messages = _messages(at)
    assert messages, "no st.error / st.warning / st.info for a hostile input"
    assert any(expected in m for m in messages), messages
    # Nothing the user typed is rendered as raw HTML, and a document never lands in the URL.
    assert not any("<script>" in m.value for m in at.markdown)
    assert len(str(at.query_params.get("q", ""))) <= 2_000


# ---------------------------------------------------------------------------- Explore
@pytest.mark.parametrize(
    ("alias", "expected_id", "expected_name"),
    [
        ("KDS", "kinesis-data-streams", "Kinesis"),
        ("Simple Queue Service", "sqs", "SQS"),
    ],
)
def test_explore_finds_a_service_by_alias(alias: str, expected_id: str, expected_name: str) -> None:
    at = _page("explore")
    at.text_input(key="explore_search").set_value(alias)
    _ok(at.run())
    assert not at.error, [e.value for e in at.error]
    assert at.selectbox(key="explore_service").value == expected_id
    assert expected_name in at.header[0].value


def test_explore_unknown_name_shows_an_error() -> None:
    at = _page("explore")
    before = at.selectbox(key="explore_service").value
    at.text_input(key="explore_search").set_value("Definitely Not An AWS Service")
    _ok(at.run())
    assert at.error, "an unknown name must show st.error"
    assert "unknown service" in at.error[0].value
    assert at.selectbox(key="explore_service").value == before


# ---------------------------------------------------------------------------- Compare
def test_compare_two_services_and_differences_only() -> None:
    at = _page("compare")
    at.multiselect(key="compare_services").set_value(["sqs", "sns"])
    _ok(at.run())
    full = at.dataframe[0].value
    services = [c for c in full.columns if c not in ("section", "")]
    assert len(services) == 2, list(full.columns)
    assert any("SQS" in c or "Queue" in c for c in services), services
    assert any("SNS" in c or "Notification" in c for c in services), services
    assert len(full) > 0

    at.toggle(key="compare_diff").set_value(True)
    _ok(at.run())
    diff = at.dataframe[0].value
    assert 0 < len(diff) <= len(full)


def test_compare_needs_two_services() -> None:
    at = _page("compare")
    at.multiselect(key="compare_services").set_value(["sqs"])
    _ok(at.run())
    assert at.info, "one service alone must ask for a second one"


# ---------------------------------------------------------------------------- Check a design
def _design(text: str) -> list[str]:
    at = _page("design")
    at.text_area(key="design").set_value(text)
    _ok(at.run())
    return [m.value for m in at.markdown]


def test_design_waf_to_nlb_is_an_error() -> None:
    md = _design("WAF -> Network Load Balancer")
    assert any("**error**" in m and "DES-001" in m for m in md), md


def test_design_sns_fifo_to_lambda_is_flagged() -> None:
    md = _design("SNS FIFO -> Lambda")
    assert any(("DES-001" in m or "DES-002" in m) for m in md), md


# ---------------------------------------------------------------------------- Judge options
def _judge(text: str | None = None) -> AppTest:
    at = _page("judge")
    if text is not None:
        at.text_area(key="judge_text").set_value(text)
        _ok(at.run())
    return at


def test_judge_example_puts_waf_on_the_alb_first_and_says_why_not_the_nlb() -> None:
    at = _judge()
    headings = [m.value for m in at.markdown if m.value.startswith("### ")]
    assert headings[0].startswith("### 1. Option B (best)"), headings
    reasons = " ".join(m.value for m in at.markdown)
    assert "cannot protect" in reasons and "seed#L" in reasons, reasons


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", "empty"),
        ("Which queue keeps messages in order?", "fewer than two options"),
        ("A. SQS\nB. SNS", "no scenario"),
    ],
)
def test_judge_bad_input_shows_a_message(text: str, expected: str) -> None:
    at = _judge(text)
    assert any(expected in m for m in _messages(at)), _messages(at)
    assert not [m for m in at.markdown if m.value.startswith("### ")]


# ---------------------------------------------------------------------------- Export
def test_export_prepares_a_gexf_download() -> None:
    at = _page("export")
    at.selectbox(key="export_format").set_value("gexf")
    at.button(key="export_prepare").click()
    _ok(at.run())
    assert not at.error, [e.value for e in at.error]
    assert at.download_button(key="export_download") is not None
    assert any("aws-kg.gexf" in c.value for c in at.caption)
    data = at.session_state["export_bytes"]
    assert data.lstrip().startswith(b"<?xml") and b"<gexf" in data[:2000]


def test_ask_sends_a_question_with_options_to_judge_options() -> None:
    question = (
        "Which service protects a web app from SQL injection?\nA. AWS WAF\nB. Amazon Inspector"
    )
    at = _ask(question)
    assert any("Judge options ranks" in m for m in _messages(at)), _messages(at)
    at.button(key="to_judge").click()
    _ok(at.run())
    assert at.session_state["judge_text"] == question
    headings = [m.value for m in at.markdown if m.value.startswith("### ")]
    assert headings and headings[0].startswith("### 1. Option A"), headings
