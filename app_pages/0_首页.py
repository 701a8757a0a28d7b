"""首页: what the tool does for each kind of user, one click into each, a sample to try."""

from __future__ import annotations

import streamlit as st

from app_pages._common import page_setup

s, user = page_setup("绩效自评报告助手")

st.markdown("帮助预算单位**起草**部门整体支出绩效自评报告，帮助财政局**审阅**各单位报告，"
            "并把政策文件、写作指南收进**知识库**供引用。全部在本机运行，不上传任何文件。")

CARDS = [
    ("起草", ":material/edit_note:", "预算单位填报人员",
     "填写预算、三公经费、绩效指标等数字，自动核算合计与执行率并即时提示矛盾；按章节起草正文，"
     "每次修改自动保存为新版本，最后导出 Word。", "app_pages/1_起草.py", "开始起草"),
    ("审阅", ":material/fact_check:", "财政局审阅人员",
     "上传一份或一批报告（Word、文本、表格、压缩包），逐条列出计算错误、前后矛盾、空话套话，"
     "在原文中标出位置，按考核评分表逐项估分，导出带批注的 Word 和 Excel 汇总。", "app_pages/2_审阅.py", "开始审阅"),
    ("知识库", ":material/menu_book:", "所有人",
     "检索预算绩效管理办法、写作指南和往年报告，给出带编号出处的摘录式回答，点开出处可看原文。",
     "app_pages/3_知识库.py", "打开知识库"),
]
cols = st.columns(3)
for col, (name, icon, who, what, page, go) in zip(cols, CARDS, strict=True):
    with col.container(border=True, height=290):
        st.subheader(name)
        st.caption(f"适用：{who}")
        st.write(what)
        st.page_link(page, label=go, icon=icon)

st.divider()
st.subheader("先用示例试一试")
st.write("内置一份真实格式的示例自评报告（含若干典型问题），一键送去审阅，看看工具能找出什么。")
if st.button("用示例报告试审阅", key="home_sample", type="primary", icon=":material/play_arrow:"):
    st.session_state["review_sample_requested"] = True
    st.switch_page("app_pages/2_审阅.py")
