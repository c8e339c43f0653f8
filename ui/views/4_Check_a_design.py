"""Check a design: connections judged against the negative facts of the graph."""

from __future__ import annotations

import streamlit as st
from common import graph_or_stop, source_links  # type: ignore[import-not-found]

import kg

st.set_page_config(page_title="AWS knowledge graph: check a design", page_icon="🔍", layout="wide")
st.title("Check a design")
st.caption(
    "One connection per line, `A -> B`. Each is checked against what the graph says is possible."
)

g = graph_or_stop()

EXAMPLE = "WAF -> Network Load Balancer\nSNS FIFO -> Lambda\nAPI Gateway -> Lambda -> DynamoDB"
text = st.text_area("Design", value=EXAMPLE, height=160, key="design")
if st.button("Check", key="design_check", type="primary") or text:
    try:
        report = g.check_design(text)
    except kg.KGError as exc:
        st.error(str(exc))
        st.stop()
    icon = {
        "error": ":red[:material/error:]",
        "warning": ":orange[:material/warning:]",
        "info": ":blue[:material/info:]",
    }
    if not report.errors:
        st.success("No impossible connection found.")
    for f in report.findings:
        with st.container(border=True):
            st.markdown(
                f"{icon[f.severity]} **{f.severity}** `{f.check}` {f.where}: {f.connection}"
            )
            st.markdown(f.explanation)
            if f.fix:
                st.markdown(f"**Fix:** {f.fix}")
            if f.sources:
                st.caption("Sources: " + source_links(f.sources))
