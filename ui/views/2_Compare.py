"""Compare two to four services side by side."""

from __future__ import annotations

import streamlit as st
from common import graph_or_stop, service_options  # type: ignore[import-not-found]

import kg

st.set_page_config(page_title="AWS knowledge graph: compare", page_icon="⚖️", layout="wide")
st.title("Compare services")

g = graph_or_stop()

options = service_options(g)
default = [x for x in ("sqs", "sns", "kinesis-data-streams") if x in options][:3]
chosen = st.multiselect(
    "Services (2 to 4)",
    list(options),
    default=default,
    format_func=lambda k: options[k],
    max_selections=4,
    key="compare_services",
)
diff_only = st.toggle("Differences only", value=False, key="compare_diff")
if len(chosen) < 2:
    st.info("Pick at least two services.")
    st.stop()
try:
    cmp = g.compare(chosen)
except kg.KGError as exc:
    st.error(str(exc))
    st.stop()
rows = cmp.differences() if diff_only else cmp.rows
table = [
    {"section": r.section, "": r.label, **dict(zip(cmp.names, r.values, strict=True))} for r in rows
]
st.dataframe(table, hide_index=True, width="stretch", key="compare_table")
