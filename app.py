"""Streamlit entry: page config and navigation only. Pages call into assistant/.

Pages live in app_pages/, not pages/: a pages/ folder next to the entry script makes Streamlit run the
first script run of each session as a v1 multipage app, so a direct link such as /review pops up
"Page not found".
"""

import streamlit as st

st.set_page_config(page_title="绩效自评报告助手", page_icon=":material/description:", layout="wide")

nav = st.navigation(
    [
        st.Page("app_pages/0_首页.py", title="首页", icon=":material/home:", default=True),
        st.Page("app_pages/1_起草.py", title="起草", icon=":material/edit_note:", url_path="draft"),
        st.Page("app_pages/2_审阅.py", title="审阅", icon=":material/fact_check:", url_path="review"),
        st.Page("app_pages/3_知识库.py", title="知识库", icon=":material/menu_book:", url_path="knowledge"),
        st.Page("app_pages/4_评估.py", title="评估", icon=":material/monitoring:", url_path="evals"),
    ]
)
nav.run()
