"""知识库: the documents drafting cites — list with chunk counts, upload, remove, search with citations."""

from __future__ import annotations

import tempfile
from pathlib import Path

import streamlit as st

from app_pages._common import knowledge_base, page_setup

s, user = page_setup("知识库")

from assistant.errors import AssistantError  # noqa: E402

try:
    kb = knowledge_base(s)
except AssistantError as ex:
    st.error(str(ex))
    st.stop()

tab_search, tab_docs = st.tabs(["检索", "文档管理"])

with tab_search:
    query = st.text_input("检索知识库（政策文件、写作指南、往年报告）", key="kb_query",
                          placeholder="例如：三公经费决算低于预算怎么写")
    k = st.slider("返回条数", 1, 10, 5, key="kb_k")
    if query.strip():
        try:
            hits = kb.search(query.strip(), k=k)
        except AssistantError as ex:
            st.error(str(ex))
            hits = []
        if not hits:
            st.info("没有找到相关段落。")
        for i, h in enumerate(hits, start=1):
            with st.container(border=True):
                st.markdown(f"**[{i}] {h.citation}**")
                st.write(h.text)
                st.caption(f"{h.doc} · {h.id} · 相关度 {h.score:.3f}")

with tab_docs:
    docs = kb.list_docs()
    if docs:
        st.dataframe(
            [{"文档": d.doc, "标题": d.title, "文号": d.wenhao, "段落块数": d.chunks} for d in docs],
            hide_index=True,
            width="stretch",
        )
    else:
        st.info("知识库为空。")
    limit_mb = s.limits.max_file_bytes / 1024 / 1024
    uploads = st.file_uploader(
        f"添加文档（.md / .txt / .docx / .pdf，单个不超过 {limit_mb:.0f} MB）",
        type=["md", "txt", "docx", "pdf"],
        accept_multiple_files=True,
        key="kb_upload",
    )
    if st.button("导入所选文档", key="kb_ingest", disabled=not uploads):
        bar = st.progress(0.0, text="正在导入…")
        with tempfile.TemporaryDirectory() as tmp:
            paths = []
            for f in uploads:
                p = Path(tmp) / Path(f.name).name
                p.write_bytes(f.getvalue())
                paths.append(p)

            def progress(n: int, total: int, doc: str) -> None:
                bar.progress(n / max(total, 1), text=f"{n}/{total} {doc}")

            try:
                report = kb.ingest(paths, progress=progress)
            except AssistantError as ex:
                st.error(str(ex))
            else:
                st.success(
                    f"新增 {len(report.added)} 篇，更新 {len(report.replaced)} 篇，未变化 {len(report.unchanged)} 篇，"
                    f"写入 {report.chunks_added} 个段落块"
                )
                st.rerun()
    if docs:
        with st.form("kb_remove_form"):
            target = st.selectbox("删除文档", [d.doc for d in docs], key="kb_remove_doc")
            if st.form_submit_button("删除"):
                n = kb.remove(target)
                st.success(f"已删除 {target}（{n} 个段落块）")
                st.rerun()
