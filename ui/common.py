"""Shared helpers of the Streamlit pages: the cached graph and source rendering."""

from __future__ import annotations

import streamlit as st

import kg


@st.cache_resource(show_spinner="Loading the knowledge graph...")
def graph() -> kg.KnowledgeGraph:
    g = kg.load()
    g.recommend("warm up the engine")  # builds the parser and indexes once per process
    return g


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
