"""Entry point: the pages of the app, with Ask as the landing page."""

from __future__ import annotations

import streamlit as st

pages = [
    st.Page("ask.py", title="Ask", icon=":material/help:", default=True),
    st.Page("pages/1_Explore.py", title="Explore", icon=":material/travel_explore:"),
    st.Page("pages/2_Compare.py", title="Compare", icon=":material/compare_arrows:"),
    st.Page("pages/3_Check_a_design.py", title="Check a design", icon=":material/rule:"),
    st.Page("pages/4_Export.py", title="Export", icon=":material/download:"),
]
st.navigation(pages).run()
