"""Export the graph or a subgraph for Gephi, yEd, Cytoscape or an RDF store."""

from __future__ import annotations

import io
import tempfile
import zipfile
from pathlib import Path

import streamlit as st
from common import graph_or_stop, service_options  # type: ignore[import-not-found]

import kg

st.set_page_config(page_title="AWS knowledge graph: export", page_icon="📦", layout="wide")
st.title("Export")

g = graph_or_stop()

FORMATS = {
    "gexf": "GEXF (Gephi)",
    "graphml": "GraphML",
    "ttl": "Turtle",
    "nt": "N-Triples",
    "jsonld": "JSON-LD",
    "csv": "CSV (nodes + edges, zipped)",
}
fmt = st.selectbox("Format", list(FORMATS), format_func=lambda k: FORMATS[k], key="export_format")
cats = ["(all)"] + sorted(c for k, c in g.index.concepts if k == "category")
category = st.selectbox("Category", cats, key="export_category")
services = service_options(g)
around = st.selectbox(
    "Neighbourhood of",
    ["(none)", *services],
    format_func=lambda k: services.get(k, k),
    key="export_around",
)
hops = st.slider("Hops", 1, 3, 1, key="export_hops")

if st.button("Prepare the file", key="export_prepare", type="primary"):
    sub = None
    if category != "(all)" or around != "(none)":
        sub = {
            "category": None if category == "(all)" else category,
            "around": None if around == "(none)" else around,
            "hops": hops,
        }
    try:
        with tempfile.TemporaryDirectory() as tmp:
            out = Path(tmp) / ("graph" if fmt == "csv" else f"aws-kg.{fmt}")
            g.export(out, format=fmt, subgraph=sub)
            if fmt == "csv":
                buf = io.BytesIO()
                with zipfile.ZipFile(buf, "w") as z:
                    for f in sorted(out.iterdir()):
                        z.write(f, f.name)
                st.session_state["export_bytes"], st.session_state["export_name"] = (
                    buf.getvalue(),
                    "aws-kg-csv.zip",
                )
            else:
                st.session_state["export_bytes"], st.session_state["export_name"] = (
                    out.read_bytes(),
                    out.name,
                )
    except kg.KGError as exc:
        st.error(str(exc))
        st.session_state.pop("export_bytes", None)

if st.session_state.get("export_bytes"):
    data = st.session_state["export_bytes"]
    st.caption(f"{st.session_state['export_name']}: {len(data):,} bytes")
    st.download_button(
        "Download", data=data, file_name=st.session_state["export_name"], key="export_download"
    )
