"""The ``kg`` command line (typer)."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer

from .errors import GraphValidationError, KGError, RequirementError

__all__ = ["app"]

T = TypeVar("T")

app = typer.Typer(add_completion=False, no_args_is_help=True, help="AWS services knowledge graph.")


def _load() -> Any:
    from .graph import load

    return _checked(load)


def _checked(call: Callable[[], T]) -> T:
    """Run ``call``; a KGError becomes ``error: ...`` on stderr and exit code 2."""
    try:
        return call()
    except KGError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from exc


def _dump(obj: Any) -> None:
    typer.echo(json.dumps(obj, indent=2, default=str, ensure_ascii=False))


@app.command()
def show(name: str, as_json: Annotated[bool, typer.Option("--json")] = False) -> None:
    """A service: name, aliases, category, lifecycle, description, limits and relations."""
    g = _load()
    s = _checked(lambda: g.service(name))
    limits, rels = g.limits(s), g.relations(s)
    caps = g.capabilities(s)
    if as_json:
        _dump(
            {
                "service": s.model_dump(mode="json"),
                "limits": [x.model_dump(mode="json") for x in limits],
                "capabilities": [x.model_dump(mode="json") for x in caps],
                "relations": [x.model_dump(mode="json") for x in rels],
                "use_cases": [x.model_dump(mode="json") for x in g.use_cases(s)],
            }
        )
        return
    names = {x.id: x.name for x in g.services()}
    typer.echo(f"{s.name}  [{s.id}]  category: {s.category}  lifecycle: {s.lifecycle.status}")
    if s.aliases:
        typer.echo(f"aliases: {', '.join(s.aliases)}")
    typer.echo(s.description)
    if caps:
        typer.echo("\ncapabilities:")
        for c in caps:
            typer.echo(f"  {'NOT ' if c.negated else ''}{c.capability_label}  <{_src(c.source)}>")
    if limits:
        typer.echo("\nlimits:")
        for x in limits:
            typer.echo(f"  {x.text()}  <{_src(x.source)}>")
    if rels:
        typer.echo("\nrelations:")
        for r in rels:
            typer.echo(f"  {r.text(names)}  <{_src(r.source)}>")


def _src(sources: Any) -> str:
    return ", ".join(s.label for s in sources)


@app.command()
def limits(name: str, as_json: Annotated[bool, typer.Option("--json")] = False) -> None:
    """The limits of a service, with units, kind, scope and source."""
    g = _load()
    rows = _checked(lambda: g.limits(name))
    if as_json:
        _dump([x.model_dump(mode="json") for x in rows])
        return
    for x in rows:
        adj = "adjustable" if x.adjustable else "hard"
        typer.echo(f"{x.text()}  ({adj})  <{_src(x.source)}>")


@app.command()
def validate() -> None:
    """Check the data files and SHACL shapes; exit 0 when clean, 2 with the violations."""
    from .store import build

    try:
        b = build(use_cache=False, shacl=True)
    except GraphValidationError as exc:
        typer.echo(f"{len(exc.violations)} violation(s):", err=True)
        for v in exc.violations:
            typer.echo(f"  {v}", err=True)
        raise typer.Exit(2) from exc
    except KGError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from exc
    from .rules import load_rules

    rules = _checked(lambda: load_rules(b.index))
    typer.echo(
        f"ok: {len(b.index.services)} services, {b.triples} triples, {len(rules)} rules, "
        "0 violations"
    )


@app.command()
def stats(as_json: Annotated[bool, typer.Option("--json")] = False) -> None:
    """Counts of services, limits, relations, use cases, concepts and sources."""
    s = _load().stats()
    if as_json:
        _dump(s.model_dump())
        return
    for k, v in s.model_dump().items():
        typer.echo(f"{k:28} {v}")


@app.command()
def sparql(query: str, as_json: Annotated[bool, typer.Option("--json")] = False) -> None:
    """Run a SPARQL query (prefixes kg:, svc:, cap:, cat:, attr:, skos:, prov: are predefined)."""
    g = _load()
    rows = _checked(lambda: g.sparql(query))
    if as_json:
        _dump(rows)
        return
    for row in rows:
        typer.echo("\t".join(f"{k}={v}" for k, v in row.items()))


@app.command()
def recommend(
    text: str,
    as_json: Annotated[bool, typer.Option("--json")] = False,
    top: Annotated[int, typer.Option("--top", min=1, max=50)] = 5,
) -> None:
    """Rank services for a requirement written in plain English."""
    g = _load()
    rec = _checked(lambda: g.recommend(text, top_k=top))
    if as_json:
        _dump(rec.model_dump(mode="json"))
        return
    typer.echo(rec.render_text())


@app.command("rank-options")
def rank_options(file: Path, as_json: Annotated[bool, typer.Option("--json")] = False) -> None:
    """Score candidate designs. FILE: {"scenario": "...", "options": {"A": "...", ...}}, or a
    text file with the scenario and one option per line opening with its letter ("A. ...")."""
    from .options import split_question

    g = _load()
    try:
        raw = file.read_text(encoding="utf-8")
        if raw.lstrip().startswith("{"):
            data = json.loads(raw)
            scenario, options = data["scenario"], data["options"]
            if not isinstance(scenario, str) or not isinstance(options, dict):
                raise TypeError("scenario must be text and options an object")
        else:
            scenario, options = split_question(raw)
    except (OSError, ValueError, KeyError, TypeError, RequirementError) as exc:
        typer.echo(
            f'error: {file}: expected {{"scenario": ..., "options": {{...}}}} or a question '
            f"with lettered option lines ({exc})",
            err=True,
        )
        raise typer.Exit(2) from exc
    scores = _checked(lambda: g.rank_options(scenario, options))
    if as_json:
        _dump([s.model_dump(mode="json") for s in scores])
        return
    for s in scores:
        terms = " · ".join(f"{k} {v:+.2f}" for k, v in s.breakdown.items())
        typer.echo(f"{s.label}: {s.score:.2f}" + (f"  ({terms})" if terms else ""))
        for r in s.reasons:
            typer.echo(f"    {r}")


@app.command("check-design")
def check_design(
    connections: Annotated[list[str], typer.Argument(help='one or more "A -> B" connections')],
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """Check connections ("WAF -> Network Load Balancer") against the graph's negative facts.

    Exit 1 when a connection is impossible, 0 otherwise."""
    g = _load()
    report = _checked(lambda: g.check_design(connections))
    if as_json:
        _dump(report.model_dump(mode="json"))
    else:
        for f in report.findings:
            src = ", ".join(s.label for s in f.sources)
            typer.echo(
                f"{f.severity.upper():7} {f.check} {f.where}: {f.connection}: {f.explanation}"
            )
            if f.fix:
                typer.echo(f"        fix: {f.fix}")
            if src:
                typer.echo(f"        sources: {src}")
    if report.errors:
        raise typer.Exit(1)


@app.command()
def export(
    out: Path,
    fmt: Annotated[str, typer.Option("--format", help="gexf, graphml, ttl, nt, jsonld or csv")],
    category: Annotated[str | None, typer.Option("--category")] = None,
    around: Annotated[str | None, typer.Option("--around")] = None,
    hops: Annotated[int, typer.Option("--hops", min=0, max=5)] = 1,
) -> None:
    """Export the graph, or a subgraph, for Gephi, yEd, Cytoscape or an RDF store."""
    from .export import Subgraph

    g = _load()
    sub = Subgraph(category=category, around=around, hops=hops) if (category or around) else None
    path = _checked(lambda: g.export(out, format=fmt, subgraph=sub))
    typer.echo(f"wrote {path}")


def main() -> None:  # pragma: no cover - entry for python -m kg
    app(prog_name="kg")


if __name__ == "__main__":  # pragma: no cover
    main()
