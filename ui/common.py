"""Shared helpers of the Streamlit pages: the cached graph and source rendering."""

from __future__ import annotations

import re

import streamlit as st

import kg


@st.cache_resource(show_spinner="Loading the knowledge graph...")
def graph() -> kg.KnowledgeGraph:
    g = kg.load()
    g.recommend("warm up the engine")  # builds the parser and indexes once per process
    return g


def graph_or_stop() -> kg.KnowledgeGraph:
    """The graph, or an error on the page (never a traceback) and the page stops."""
    try:
        return graph()
    except kg.KGError as exc:
        st.error(f"The knowledge graph could not be loaded: {exc}. Run `kg validate` to see why.")
        st.stop()
        raise  # unreachable: st.stop() ends the script run


def source_links(sources: tuple[kg.Source, ...] | list[kg.Source]) -> str:
    """Markdown for sources: URLs as links, seed anchors as code."""
    out = []
    for s in sources:
        if s.label.startswith("http"):
            out.append(f"[{_short(s.label)}]({s.label})")
        else:
            out.append(f"`{s.label}`")
    return ", ".join(out)


def _short(url: str) -> str:
    tail = url.split("://", 1)[-1]
    return tail if len(tail) <= 60 else tail[:57] + "..."


def service_options(g: kg.KnowledgeGraph) -> dict[str, str]:
    return {s.id: f"{s.name} ({s.id})" for s in sorted(g.services(), key=lambda s: s.name.lower())}


def lifecycle_badge(lc: kg.Lifecycle) -> str:
    if lc.status == "current":
        return ""
    when = f" {lc.date}" if lc.date else ""
    return f":red-background[{lc.status.upper()}{when}]"


# A requirement longer than this is not put in the URL and gets a note: one scenario, not a document.
LONG_QUESTION = 2_000
_MARKUP = re.compile(r"<\s*/?\s*[a-zA-Z!][^>]*>")
_QUERY = re.compile(
    r"^\s*(PREFIX\s|BASE\s|SELECT\s.*\bWHERE\b|CONSTRUCT\s|DESCRIBE\s|ASK\s*\{)", re.I | re.S
)


def input_notices(text: str) -> list[tuple[str, str]]:
    """(level, message) notes about a requirement that is not a plain-language scenario."""
    notes: list[tuple[str, str]] = []
    if len(text) > LONG_QUESTION:
        notes.append(
            (
                "info",
                f"A long requirement ({len(text):,} characters): only the services, capabilities "
                "and quantities recognised in it count. One scenario gives a sharper answer.",
            )
        )
    if _QUERY.search(text):
        notes.append(
            (
                "warning",
                "This looks like a SPARQL query. Ask takes a requirement in plain words, e.g. "
                "'which database for a social network?'; the text is read as words, not run.",
            )
        )
    if _MARKUP.search(text):
        notes.append(
            (
                "warning",
                "The requirement contains HTML or markup. It is read as plain words and never "
                "rendered or executed.",
            )
        )
    return notes
