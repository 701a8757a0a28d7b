"""知识库: the documents drafting cites — list with chunk counts, upload, remove, search with citations."""

from __future__ import annotations

import tempfile
from pathlib import Path

import streamlit as st

from app_pages._common import chinese_uploader, knowledge_base, page_setup

s, user = page_setup("知识库")

from assistant.errors import AssistantError  # noqa: E402
from assistant.ui import kb_answer  # noqa: E402
from assistant.ui.review_view import chinese_error  # noqa: E402

ss = st.session_state

try:
    kb = knowledge_base(s)
except AssistantError as ex:
    st.error(str(ex))
    st.stop()

chinese_uploader()
tab_search, tab_docs = st.tabs(["检索", "文档管理"])

with tab_search:
    query = st.text_input("检索知识库（政策文件、写作指南、往年报告）", key="kb_query",
                          placeholder="例如：三公经费决算低于预算怎么写")
    k = st.slider("返回条数", 1, 10, 5, key="kb_k")
    if query.strip():
        try:
            hits = kb.search(query.strip(), k=k)
        except AssistantError as ex:
            st.error(chinese_error(str(ex)))
            hits = []
        if not hits:
            st.info("没有找到相关段落。")
        else:
            ans_key = (query.strip(), tuple(h.id for h in hits), s.llm_backend, s.llm_model)
            if ss.get("kb_answer_key") != ans_key:  # one LLM call per question and hit list, not per rerun
                with st.spinner("正在撰写回答…" if kb_answer.llm_configured(s) else "正在摘录回答…"):
                    ss["kb_answer"] = kb_answer.answer(query.strip(), hits, s)
                ss["kb_answer_key"] = ans_key
            ans = ss["kb_answer"]
            with st.container(border=True, key="kb_answer_box"):
                st.markdown(ans.heading)
                st.write(ans.text)
                if ans.note:
                    st.caption(ans.note)
        for i, h in enumerate(hits, start=1):
            with st.expander(f"[{i}] {h.citation}", expanded=i == 1):
                st.markdown(f"**[{i}] {h.citation}**")
                st.write(h.text)
                st.caption(f"来源文件：{h.doc}" + (f"，第{h.page}页" if h.page else "")
                           + (f"，第{h.para}段" if h.para else ""))

with tab_docs:
    docs = kb.list_docs()
    if docs:
        st.dataframe(
            [{"文档": d.doc, "标题": d.title or "", "文号": d.wenhao or "", "段落块数": d.chunks} for d in docs],
            hide_index=True,
            width="stretch",
        )
    else:
        st.info("知识库为空。")
    for line in ss.pop("kb_ingest_lines", []):
        (st.success if line[0] == "ok" else st.error)(line[1])
    limit_mb = s.limits.max_file_bytes / 1024 / 1024
    uploads = st.file_uploader(
        f"添加文档（.md / .txt / .docx / .pdf，单个不超过 {limit_mb:.0f} MB）",
        type=["md", "txt", "docx", "pdf"],
        accept_multiple_files=True,
        key="kb_upload",
    )
    if st.button("导入所选文档", key="kb_ingest", disabled=not uploads):
        bar = st.progress(0.0, text="正在导入…")
        lines = []
        with tempfile.TemporaryDirectory() as tmp:
            for n, f in enumerate(uploads, start=1):
                bar.progress((n - 1) / len(uploads), text=f"{n}/{len(uploads)} {f.name}")
                p = Path(tmp) / Path(f.name).name
                p.write_bytes(f.getvalue())
                try:
                    report = kb.ingest([p])
                except AssistantError as ex:
                    lines.append(("err", f"{f.name}：导入失败，{chinese_error(str(ex)).removeprefix(str(p) + ': ')}"))
                except Exception as ex:  # noqa: BLE001 - a broken file must not stop the other files
                    lines.append(("err", f"{f.name}：导入失败，文件已损坏或格式不受支持（{type(ex).__name__}）"))
                else:
                    what = "新增" if report.added else "更新" if report.replaced else "内容未变化，未重复导入"
                    lines.append(("ok", f"{f.name}：{what}，写入 {report.chunks_added} 个段落块"))
        ss["kb_ingest_lines"] = lines
        st.rerun()
    if docs:
        with st.form("kb_remove_form"):
            target = st.selectbox("删除文档", [d.doc for d in docs], key="kb_remove_doc")
            if st.form_submit_button("删除"):
                ss["kb_confirm"] = target
        if ss.get("kb_confirm"):
            st.warning(f"确定从知识库删除“{ss['kb_confirm']}”吗？删除后起草时将不再引用它。")
            c1, c2 = st.columns(2)
            if c1.button("确认删除", key="kb_confirm_yes", type="primary"):
                name = ss.pop("kb_confirm")
                n = kb.remove(name)
                ss["kb_ingest_lines"] = [("ok", f"已删除 {name}（{n} 个段落块）")]
                st.rerun()
            if c2.button("取消", key="kb_confirm_no"):
                ss.pop("kb_confirm")
                st.rerun()
