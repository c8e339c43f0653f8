"""Explore: a service's card, its limits and relations, and its neighbourhood."""

from __future__ import annotations

import streamlit as st
from common import graph_or_stop, lifecycle_badge, service_options, source_links  # type: ignore[import-not-found]

import kg

st.set_page_config(page_title="AWS knowledge graph: explore", page_icon="🧭", layout="wide")
st.title("Explore a service")

g = graph_or_stop()

options = service_options(g)
if "explore_service" not in st.session_state:
    st.session_state["explore_service"] = (
        st.query_params.get("service", "sqs")
        if st.query_params.get("service", "sqs") in options
        else next(iter(options))
    )


def _find() -> None:
    text = st.session_state.get("explore_search", "")
    if not text.strip():
        return
    try:
        st.session_state["explore_service"] = g.service(text).id
        st.session_state["explore_error"] = ""
    except kg.KGError as exc:
        st.session_state["explore_error"] = str(exc)


def _go(sid: str) -> None:
    st.session_state["explore_service"] = sid


st.text_input(
    "Find by any name or alias",
    key="explore_search",
    on_change=_find,
    placeholder="e.g. KDS, Simple Queue Service",
)
if st.session_state.get("explore_error"):
    st.error(st.session_state["explore_error"])
sid = st.selectbox(
    "Service", list(options), format_func=lambda k: options[k], key="explore_service"
)
st.query_params["service"] = sid
s = g.service(sid)

st.header(f"{s.name} {lifecycle_badge(s.lifecycle)}")
st.caption(
    f"`{s.id}` · category **{s.category}**"
    + (f" (also {', '.join(s.categories)})" if s.categories else "")
    + f" · family {s.family}"
)
st.write(s.description)
if s.aliases:
    st.caption("Also known as: " + ", ".join(s.aliases))
st.caption("Sources: " + source_links(s.sources))
if s.lifecycle.status != "current":
    st.warning(
        f"{s.lifecycle.status}"
        + (f" since {s.lifecycle.date}" if s.lifecycle.date else "")
        + (f" — renamed to {s.lifecycle.renamed_to}" if s.lifecycle.renamed_to else "")
        + f" {source_links(s.lifecycle.sources)}"
    )

tab_l, tab_c, tab_r, tab_u, tab_g = st.tabs(
    ["Limits", "Capabilities", "Relations", "Use cases", "Neighbourhood"]
)
with tab_l:
    rows = [
        {
            "attribute": x.attribute_label,
            "kind": x.kind,
            "value": x.value,
            "to": x.value_max,
            "unit": x.unit,
            "adjustable": x.adjustable,
            "scope": x.scope or "",
            "condition": x.condition or "",
            "source": ", ".join(src.label for src in x.source),
        }
        for x in g.limits(s)
    ]
    if rows:
        st.dataframe(rows, hide_index=True, width="stretch", key="explore_limits")
    else:
        st.info("No limits recorded.")
with tab_c:
    for c in g.capabilities(s):
        st.markdown(
            (
                ":red[:material/block:] does **not** support "
                if c.negated
                else ":green[:material/check_circle:] "
            )
            + f"{c.capability_label}"
            + (f" — {c.note}" if c.note else "")
            + f" — {source_links(c.source)}"
        )
with tab_r:
    names = {x.id: x.name for x in g.services()}
    for r in g.relations(s):
        mark = (
            ":red[:material/block:]"
            if r.negated
            else (":orange[:material/filter_alt:]" if r.only else ":material/arrow_forward:")
        )
        st.markdown(
            f"{mark} {r.text(names)}"
            + (f" — {r.note}" if r.note else "")
            + f" — {source_links(r.source)}"
        )
with tab_u:
    for u in g.use_cases(s):
        st.markdown(f"- {u.text} ({', '.join(u.capabilities)}) — {source_links(u.source)}")
with tab_g:
    hops = st.radio("Hops", [1, 2], horizontal=True, key="explore_hops")
    view = g.neighbourhood(s, hops=int(hops))
    st.graphviz_chart(g.to_dot(view, centre=s), width="stretch")
    st.caption(
        "Red dashed edges are negative facts (cannot / not supported). Click a neighbour to move there:"
    )
    neighbours = sorted(
        (d["id"] for _, d in view.nodes(data=True) if d["id"] != s.id), key=lambda k: names[k]
    )
    cols = st.columns(4)
    for i, nid in enumerate(neighbours[:40]):
        cols[i % 4].button(names[nid], key=f"nb_{nid}", on_click=_go, args=(nid,), width="stretch")
