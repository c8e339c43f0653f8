"""Judge options: a scenario and its candidate answers (a design review, an exam question),
ranked best first with the facts behind each score."""

from __future__ import annotations

import re

import streamlit as st
from common import graph_or_stop, input_notices  # type: ignore[import-not-found]

import kg
from kg.options import split_question

st.set_page_config(page_title="AWS knowledge graph: judge options", page_icon="⚖️", layout="wide")
st.title("Judge options")
st.caption(
    "Paste a scenario and its candidate answers, one per line, each opening with its letter "
    "(`A.`, `B)`, `(C)`). Each option is read like a requirement and scored against the "
    "scenario: the facts that back it, its services' fit, figures equal to recorded limits, and "
    "heavy penalties for what the graph says is impossible."
)

g = graph_or_stop()

EXAMPLE = """A web application behind a Network Load Balancer must be protected from SQL injection.
A. Deploy AWS WAF on the Network Load Balancer.
B. Put an Application Load Balancer in front and attach AWS WAF to it.
C. Use security groups to block SQL injection."""
if "judge_text" not in st.session_state:
    st.session_state["judge_text"] = EXAMPLE
text = st.text_area("Question with options", height=200, key="judge_text")
for level, message in input_notices(text):
    getattr(st, level)(message)
try:
    scenario, options = split_question(text)
    scores = g.rank_options(scenario, options)
except kg.KGError as exc:
    st.error(str(exc))
    st.stop()

_SOURCE = re.compile(r"\s*<([^<>]+)>\s*$")
for rank, s in enumerate(scores, 1):
    with st.container(border=True):
        best = " (best)" if rank == 1 else ""
        st.markdown(f"### {rank}. Option {s.label}{best}  ·  score {s.score:.2f}")
        st.markdown(options[s.label])
        if s.breakdown:
            st.caption(" · ".join(f"{k} {v:+.2f}" for k, v in s.breakdown.items()))
        if s.services:
            st.caption("Services read: " + ", ".join(f"`{x}`" for x in s.services))
        for reason in s.reasons:
            m = _SOURCE.search(reason)
            if m:
                st.markdown(f"- {reason[: m.start()]}  \n  :grey[sources: {m.group(1)}]")
            else:
                st.markdown(f"- {reason}")
st.caption(
    "Scores compare the options of this question only. A negative score means the graph holds "
    "a fact against the option (an impossible integration or a violated limit)."
)
