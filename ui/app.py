"""Entry point: the pages of the app, with Ask as the landing page."""

from __future__ import annotations

import streamlit as st

pages = [
    st.Page("ask.py", title="Ask", icon=":material/help:", default=True),
    st.Page("views/1_Explore.py", title="Explore", icon=":material/travel_explore:"),
    st.Page("views/2_Compare.py", title="Compare", icon=":material/compare_arrows:"),
    st.Page("views/3_Judge_options.py", title="Judge options", icon=":material/balance:"),
    st.Page("views/4_Check_a_design.py", title="Check a design", icon=":material/rule:"),
    st.Page("views/5_Export.py", title="Export", icon=":material/download:"),
]
st.navigation(pages).run()
