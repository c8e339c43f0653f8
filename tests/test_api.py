"""The public API on the shipped graph: lookups, limits, relations, SPARQL, NetworkX view."""

from __future__ import annotations

import networkx as nx
import pytest

import kg
from kg.vocabulary import SVC

# the services the foundation issue lists, by a name people type
LISTED = {
    "SQS": "sqs",
    "SQS FIFO": "sqs-fifo",
    "SNS": "sns",
    "SNS FIFO": "sns-fifo",
    "Kinesis Data Streams": "kinesis-data-streams",
    "Kinesis Data Firehose": "kinesis-data-firehose",
    "Kinesis Data Analytics": "kinesis-data-analytics",
    "MSK": "msk",
    "Amazon MQ": "amazon-mq",
    "EventBridge": "eventbridge",
    "Lambda": "lambda",
    "Lambda@Edge": "lambda-edge",
    "CloudFront Functions": "cloudfront-functions",
    "Step Functions": "step-functions",
    "API Gateway": "api-gateway",
    "ECS": "ecs",
    "Fargate": "fargate",
    "EKS": "eks",
    "ECR": "ecr",
    "App Runner": "app-runner",
    "DynamoDB": "dynamodb",
    "DAX": "dax",
    "RDS": "rds",
    "RDS Proxy": "rds-proxy",
    "Aurora": "aurora",
    "Aurora Serverless": "aurora-serverless",
    "ElastiCache": "elasticache",
    "Neptune": "neptune",
    "DocumentDB": "documentdb",
    "Keyspaces": "keyspaces",
    "QLDB": "qldb",
    "Timestream": "timestream",
    "Redshift": "redshift",
    "Athena": "athena",
    "OpenSearch": "opensearch",
    "S3": "s3",
    "WAF": "waf",
    "Shield": "shield",
    "Application Load Balancer": "alb",
    "Network Load Balancer": "nlb",
    "Gateway VPC Endpoint": "gateway-vpc-endpoint",
    "Interface VPC Endpoint": "interface-vpc-endpoint",
    "NAT Gateway": "nat-gateway",
}


@pytest.mark.parametrize(("name", "sid"), sorted(LISTED.items()))
def test_listed_service_resolves_with_facts(g: kg.KnowledgeGraph, name: str, sid: str) -> None:
    s = g.service(name)
    assert s.id == sid
    assert g.service(name.lower()).id == sid
    assert g.service(f"Amazon {name}").id == sid or g.service(f"AWS {name}").id == sid
    assert s.description and s.sources
    facts = g.limits(s) + g.relations(s) + g.capabilities(s)  # type: ignore[operator]
    assert facts, f"{sid} has no facts"
    for f in facts:
        assert f.source, f"{f.id} has no source"


def test_service_accepts_a_service(g: kg.KnowledgeGraph) -> None:
    s = g.service("sqs")
    assert g.service(s) is s or g.service(s) == s


def test_unknown_service_lists_close_matches(g: kg.KnowledgeGraph) -> None:
    with pytest.raises(kg.UnknownServiceError) as exc:
        g.service("Dynamo DBB")
    assert "dynamodb" in exc.value.suggestions
    assert isinstance(exc.value, kg.KGError)


@pytest.mark.parametrize("bad", ["", "   ", "🚀", "x" * 5000])
def test_bad_service_names(g: kg.KnowledgeGraph, bad: str) -> None:
    with pytest.raises(kg.UnknownServiceError):
        g.service(bad)


def test_negative_facts_are_first_class(g: kg.KnowledgeGraph) -> None:
    waf = [r for r in g.relations("waf") if r.object == "nlb" and r.negated]
    assert waf and waf[0].source
    sns = [r for r in g.relations("sns fifo") if r.subject == "sns-fifo" and r.only]
    assert {r.object for r in sns} == {"sqs-fifo"}
    gw = {
        r.object
        for r in g.relations("gateway vpc endpoint")
        if r.subject == "gateway-vpc-endpoint" and r.only
    }
    assert gw == {"s3", "dynamodb"}


def test_limits_have_units_pint_parses(g: kg.KnowledgeGraph) -> None:
    from kg.units import parse_unit

    lims = [x for s in g.services() for x in g.limits(s)]
    assert len(lims) > 200
    for x in lims:
        parse_unit(x.unit)
        assert x.unit_iri.startswith(("http://qudt.org/vocab/", "https://w3id.org/aws-kg/unit/"))


def test_lambda_limits(g: kg.KnowledgeGraph) -> None:
    by = {(x.attribute, x.kind): x for x in g.limits("lambda")}
    assert by[("run-duration", "max")].value == 900
    assert by[("run-duration", "max")].unit in ("s", "second", "seconds")


def test_sparql_binds_values(g: kg.KnowledgeGraph) -> None:
    rows = g.sparql(
        "SELECT ?o WHERE { ?f a kg:RelationFact ; kg:subject ?s ; kg:object ?o ; kg:negated true }",
        bindings={"s": SVC["waf"]},
    )
    assert str(SVC["nlb"]) in {r["o"] for r in rows}
    hostile = "x' } ; DROP ALL ; { '"
    assert g.sparql("SELECT ?s WHERE { ?s rdfs:label ?name }", bindings={"name": hostile}) == []


def test_sparql_errors_are_clear(g: kg.KnowledgeGraph) -> None:
    with pytest.raises(kg.SparqlError, match="SPARQL"):
        g.sparql("SELECT WHERE {")
    with pytest.raises(kg.SparqlError):
        g.sparql("")


def test_sparql_ask_and_construct(g: kg.KnowledgeGraph) -> None:
    assert g.sparql("ASK { svc:sqs a kg:Service }") == [{"result": True}]
    rows = g.sparql("CONSTRUCT { svc:sqs rdfs:label ?l } WHERE { svc:sqs rdfs:label ?l }")
    assert rows and rows[0]["p"].endswith("label")


def test_networkx_view_is_derived_and_a_copy(g: kg.KnowledgeGraph) -> None:
    view = g.to_networkx()
    assert isinstance(view, nx.MultiDiGraph)
    services = [n for n, d in view.nodes(data=True) if d["kind"] == "service"]
    assert len(services) == len(g.services())
    neg = [
        d
        for _, _, d in view.edges(data=True)
        if d.get("negated") and d["predicate"] != "lacksCapability"
    ]
    assert len(neg) == sum(1 for r in g.all_relations() if r.negated)
    view.remove_node(services[0])
    assert len([n for n, d in g.to_networkx().nodes(data=True) if d["kind"] == "service"]) == len(
        services
    )


def test_every_fact_has_a_source(g: kg.KnowledgeGraph) -> None:
    rows = g.sparql(
        "SELECT ?f WHERE { ?f kg:subject ?s . FILTER NOT EXISTS { ?f prov:wasDerivedFrom ?src } }"
    )
    assert rows == []


def test_stats(g: kg.KnowledgeGraph) -> None:
    s = g.stats()
    assert s.services >= 200 and s.limits >= 200
    assert s.relations_negative > 10 and s.use_cases > 100
    assert s.seed_sources > 100 and s.url_sources > 10


def test_lifecycle_is_recorded(g: kg.KnowledgeGraph) -> None:
    flagged = [s for s in g.services() if s.lifecycle.status != "current"]
    assert flagged
    for s in flagged:
        assert s.lifecycle.sources, f"{s.id} lifecycle without a source"
