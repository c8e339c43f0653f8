"""Ask: the landing page. A requirement in, ranked services with evidence out."""

from __future__ import annotations

import streamlit as st
from common import (  # type: ignore[import-not-found]
    LONG_QUESTION,
    graph,
    graph_or_stop,
    input_notices,
    lifecycle_badge,
    source_links,
)

import kg
from kg.options import split_question

st.set_page_config(page_title="AWS knowledge graph: ask", page_icon="☁️", layout="wide")

EXAMPLES = [
    "Which database for a social network where we query friends of friends?",
    "Ordered events per truck, replayable for a year, 5 MB/s",
    "Run a containerized batch job that takes 40 minutes, without managing servers",
    "Instances in a private subnet must reach S3 without going through the internet, at no extra cost",
    "Fan out messages to several queues while keeping the order and removing duplicates",
]

st.title("Which AWS service?")
st.caption(
    "Describe a requirement; the answer ranks services by fit and cites the facts and their sources."
)

g = graph_or_stop()

if "question" not in st.session_state:
    st.session_state["question"] = st.query_params.get("q", "")


def _use_example(text: str) -> None:
    st.session_state["question"] = text
    st.session_state.pop("edited", None)


cols = st.columns(len(EXAMPLES))
for i, (col, ex) in enumerate(zip(cols, EXAMPLES, strict=True)):
    col.button(ex, key=f"example_{i}", on_click=_use_example, args=(ex,), width="stretch")

question = st.text_area(
    "Requirement", key="question", height=90, placeholder="Which database for ...?"
)

if not question.strip():
    st.info("Type a requirement above or click an example.")
    st.stop()

# A pasted question with lettered options is better served by Judge options, which ranks them.
try:
    split_question(question)
    has_options = True
except kg.RequirementError:
    has_options = False
if has_options:

    def _to_judge(text: str) -> None:
        st.session_state["judge_text"] = text

    st.info("This looks like a question with lettered options: Judge options ranks the options.")
    if st.button("Judge these options", key="to_judge", on_click=_to_judge, args=(question,)):
        st.switch_page("views/3_Judge_options.py")

# The question goes in the URL so an answer can be shared; a document-sized one does not.
if len(question) <= LONG_QUESTION:
    st.query_params["q"] = question
elif "q" in st.query_params:
    del st.query_params["q"]


@st.cache_data(show_spinner=False, max_entries=256)
def _answer(text: str, requirement_json: str | None, top: int) -> dict:
    gg = graph()
    req = kg.Requirement.model_validate_json(requirement_json) if requirement_json else text
    return gg.recommend(req, top_k=top).model_dump(mode="json", by_alias=True)


top = st.slider("How many answers", 1, 10, 5, key="top_k")
edited: str | None = (
    st.session_state.get("edited") if st.session_state.get("edited_for") == question else None
)
try:
    with st.spinner("Ranking..."):
        data = _answer(question, edited, top)
except kg.KGError as exc:
    st.error(f"{exc}")
    st.stop()
rec = kg.Recommendation.model_validate(data)
req = rec.requirement
for level, note in input_notices(question):
    (st.warning if level == "warning" else st.info)(note)

# ------------------------------------------------------------------ the understood requirement
understood = [
    *(f"seeking **{c}**" for c in req.categories),
    *(f"must **{c}**" for c in req.must),
    *(f"nice **{c}**" for c in req.nice),
    *(f"not **{c}**" for c in req.must_not),
    *(f"**{c.text()}**" for c in req.constraints),
    *(f"names **{s}**" for s in req.mentioned),
]
if understood:
    st.caption("Understood: " + " · ".join(understood))
with st.expander("What was understood (edit and re-run)", expanded=not rec.understood):
    concepts = g.index.concepts
    caps = sorted(c for k, c in concepts if k == "capability")
    cats = sorted(c for k, c in concepts if k == "category")
    c1, c2 = st.columns(2)
    new_cats = c1.multiselect(
        "Seeking (category)", cats, default=list(req.categories), key="req_categories"
    )
    new_must = c1.multiselect("Must have", caps, default=list(req.must), key="req_must")
    new_nice = c2.multiselect("Nice to have", caps, default=list(req.nice), key="req_nice")
    new_not = c2.multiselect("Must not have", caps, default=list(req.must_not), key="req_must_not")
    new_constraints = []
    for i, c in enumerate(req.constraints):
        a, b, d = st.columns([3, 2, 2])
        keep = a.checkbox(
            f"{c.attribute_label} {'≥' if c.comparison == 'ge' else '≤'}",
            value=True,
            key=f"req_num_{i}_keep",
        )
        val = b.number_input(
            "value", value=float(c.value), key=f"req_num_{i}_value", label_visibility="collapsed"
        )
        unit = d.text_input(
            "unit", value=c.unit, key=f"req_num_{i}_unit", label_visibility="collapsed"
        )
        if keep:
            new_constraints.append(c.model_copy(update={"value": val, "unit": unit}))
    if st.button("Re-run with these settings", key="rerun"):
        changed = req.model_copy(
            update={
                "categories": tuple(new_cats),
                "must": tuple(new_must),
                "nice": tuple(new_nice),
                "must_not": tuple(new_not),
                "constraints": tuple(new_constraints),
            }
        )
        st.session_state["edited"] = changed.model_dump_json()
        st.session_state["edited_for"] = question
        st.rerun()

if not rec.understood:
    st.warning(rec.message)
    st.stop()
if rec.message:
    st.warning(rec.message)

# ------------------------------------------------------------------ answers
if rec.facts:
    st.subheader("What the graph says about the services you named")
    for f in rec.facts:
        st.markdown(f"- {f.text} — {source_links(f.sources)}")
for i, r in enumerate(rec.ranked, 1):
    with st.container(border=True):
        st.markdown(f"### {i}. {r.name} {lifecycle_badge(r.lifecycle)}")
        st.caption(f"`{r.service}` · {r.category} · score **{r.score:.2f}**")
        if r.breakdown:
            st.markdown(" · ".join(f"{k} **{v:+.2f}**" for k, v in r.breakdown.items() if v))
        for e in r.justification[:8]:
            src = source_links(e.sources)
            st.markdown(f"- {e.text}" + (f" — {src}" if src else ""))
        if r.unverified:
            st.caption("No fact in the graph for: " + ", ".join(r.unverified))
        if r.lifecycle.status != "current":
            st.caption(f"Lifecycle: {r.lifecycle.status} {source_links(r.lifecycle.sources)}")

if rec.patterns:
    st.subheader("Patterns")
    for p in rec.patterns:
        with st.container(border=True):
            st.markdown(f"**{p.name}**: {' + '.join(p.components)}")
            st.caption(f"{p.answers} — covers {', '.join(p.covers)} — {source_links(p.sources)}")

if rec.relaxations:
    st.subheader("Nothing fits every must: what to relax")
    for rx in rec.relaxations:
        st.markdown(f"- give up **{', '.join(rx.give_up)}** → admits {', '.join(rx.admits)}")

hard = [e for e in rec.excluded if e.hard]
soft = [e for e in rec.excluded if not e.hard]
if hard:
    with st.expander(f"Why not ({len(hard)} excluded)", expanded=True):
        for e in hard:
            st.markdown(f"**{e.name}**")
            for x in e.reasons:
                st.markdown(f"- {x.text}" + (f" — {source_links(x.sources)}" if x.sources else ""))
if soft:
    with st.expander(f"Ranked lower ({len(soft)})"):
        for e in soft[:40]:
            st.markdown(f"- **{e.name}**: " + "; ".join(x.text for x in e.reasons))
