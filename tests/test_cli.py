"""The command line: readable text, valid JSON, exit codes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kg.cli import app

runner = CliRunner()


def test_show_and_json() -> None:
    r = runner.invoke(app, ["show", "SNS FIFO"])
    assert r.exit_code == 0, r.output
    assert "sns-fifo" in r.output and "seed#L" in r.output
    r = runner.invoke(app, ["show", "sqs", "--json"])
    data = json.loads(r.output)
    assert data["service"]["id"] == "sqs" and data["limits"]


def test_limits() -> None:
    r = runner.invoke(app, ["limits", "lambda"])
    assert r.exit_code == 0 and "900" in r.output


def test_unknown_service_exit_2() -> None:
    r = runner.invoke(app, ["show", "Dynamo DBB"])
    assert r.exit_code == 2 and "unknown service" in r.output and "dynamodb" in r.output


def test_validate_clean() -> None:
    r = runner.invoke(app, ["validate"])
    assert r.exit_code == 0, r.output
    assert "0 violations" in r.output


def test_stats() -> None:
    r = runner.invoke(app, ["stats", "--json"])
    assert r.exit_code == 0 and json.loads(r.output)["services"] > 100


def test_sparql() -> None:
    r = runner.invoke(app, ["sparql", "SELECT ?l WHERE { svc:sqs rdfs:label ?l }", "--json"])
    assert r.exit_code == 0 and "SQS" in json.loads(r.output)[0]["l"]
    r = runner.invoke(app, ["sparql", "SELECT WHERE {"])
    assert r.exit_code == 2 and "SPARQL" in r.output


def test_recommend_text_and_json() -> None:
    r = runner.invoke(
        app, ["recommend", "which database for a social network where we query friends of friends?"]
    )
    assert r.exit_code == 0 and "Ranked:" in r.output
    r = runner.invoke(app, ["recommend", "which queue for messages", "--json", "--top", "2"])
    data = json.loads(r.output)
    assert len(data["ranked"]) <= 2 and "requirement" in data


@pytest.mark.parametrize("text", ["", "   "])
def test_recommend_empty_exit_2(text: str) -> None:
    r = runner.invoke(app, ["recommend", text])
    assert r.exit_code == 2 and "empty" in r.output


def test_check_design() -> None:
    r = runner.invoke(app, ["check-design", "WAF -> Network Load Balancer"])
    assert r.exit_code == 1 and "DES-001" in r.output and "seed#L" in r.output
    r = runner.invoke(app, ["check-design", "API Gateway -> Lambda", "--json"])
    assert r.exit_code == 0 and not [
        f for f in json.loads(r.output)["findings"] if f["severity"] == "error"
    ]
    r = runner.invoke(app, ["check-design", "   "])
    assert r.exit_code == 2 and "empty" in r.output


def test_rank_options(tmp_path: Path) -> None:
    f = tmp_path / "q.json"
    f.write_text(
        json.dumps(
            {
                "scenario": "Protect a web application from SQL injection",
                "options": {
                    "A": "AWS WAF on an Application Load Balancer",
                    "B": "Amazon Inspector",
                },
            }
        )
    )
    r = runner.invoke(app, ["rank-options", str(f), "--json"])
    assert r.exit_code == 0, r.output
    assert json.loads(r.output)[0]["label"] == "A"
    f.write_text("{not json")
    r = runner.invoke(app, ["rank-options", str(f)])
    assert r.exit_code == 2 and "expected" in r.output


def test_rank_options_reads_a_pasted_question(tmp_path: Path) -> None:
    f = tmp_path / "q.txt"
    f.write_text(
        "Protect a web application from SQL injection.\n"
        "A. AWS WAF on an Application Load Balancer\n"
        "B. Amazon Inspector\n"
    )
    r = runner.invoke(app, ["rank-options", str(f), "--json"])
    assert r.exit_code == 0, r.output
    assert json.loads(r.output)[0]["label"] == "A"
    f.write_text("Only a scenario, no options.")
    r = runner.invoke(app, ["rank-options", str(f)])
    assert r.exit_code == 2 and "fewer than two options" in r.output
