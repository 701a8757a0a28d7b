"""Streamlit entry: page config and navigation only. Pages live in pages/ and call into assistant/."""

import streamlit as st

st.set_page_config(page_title="绩效自评报告助手", page_icon="📑", layout="wide")

nav = st.navigation(
    [
        st.Page("pages/1_起草.py", title="起草", icon="✍️", url_path="draft", default=True),
        st.Page("pages/2_审阅.py", title="审阅", icon="🔍", url_path="review"),
        st.Page("pages/3_知识库.py", title="知识库", icon="📚", url_path="knowledge"),
        st.Page("pages/4_评估.py", title="评估", icon="📈", url_path="evals"),
    ]
)
nav.run()
