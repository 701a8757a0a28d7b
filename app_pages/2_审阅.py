"""审阅: upload one or many reports, get findings, a rubric estimate and downloadable critiques."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from app_pages._common import page_setup

s, user = page_setup("审阅自评报告")

from assistant.errors import AssistantError  # noqa: E402
from assistant.report.parse import REPORT_SUFFIXES  # noqa: E402
from assistant.ui import review_view as rv  # noqa: E402

limit_mb = s.limits.max_file_bytes / 1024 / 1024
files = st.file_uploader(
    f"上传一份或多份报告（.docx / .txt / .xlsx / .pdf，单个文件不超过 {limit_mb:.0f} MB）",
    type=[x.lstrip(".") for x in REPORT_SUFFIXES],
    accept_multiple_files=True,
    key="review_files",
)
with st.expander("或粘贴报告正文（.txt 格式）"):
    pasted = st.text_area("报告正文", key="review_text", height=160)
    st.button("审阅粘贴的正文", key="review_text_go")
    st.button("用示例报告试一试", key="review_sample")

uploads: list[tuple[str, bytes]] = [(f.name, f.getvalue()) for f in files or []]
if st.session_state.get("review_text_go") and pasted.strip():
    uploads.append(("粘贴的正文.txt", pasted.encode("utf-8")))
if st.session_state.get("review_sample") or st.session_state.pop("review_sample_requested", False):
    uploads.append(rv.sample_report())


@st.cache_data(show_spinner=False, max_entries=64)
def _review_cached(data: bytes, name: str, max_bytes: int) -> rv.ReviewOutcome:
    from assistant.settings import Settings

    return rv.review_bytes(data, name, Settings(limits={"max_file_bytes": max_bytes}))


@st.cache_data(show_spinner="正在生成 Word 审阅意见…", max_entries=16)
def _critique_cached(data: bytes, name: str, max_bytes: int, mask: bool) -> bytes | None:
    return rv.critique_docx_bytes(_review_cached(data, name, max_bytes), mask_pii=mask)


if uploads:
    key = tuple((n, len(d), hash(d)) for n, d in uploads)
    if st.session_state.get("review_key") != key:
        outcomes: list[rv.ReviewOutcome] = []
        progress = st.progress(0.0, text="正在审阅…")
        with st.status(f"正在审阅 {len(uploads)} 个文件…", expanded=len(uploads) > 1) as status:
            for i, (name, data) in enumerate(uploads, start=1):
                st.write(f"{i}/{len(uploads)} {name}")
                outcomes.append(_review_cached(data, name, s.limits.max_file_bytes))
                progress.progress(i / len(uploads), text=f"已审阅 {i}/{len(uploads)}")
            status.update(label=f"审阅完成：{len(uploads)} 个文件", state="complete", expanded=False)
        progress.empty()
        st.session_state["review_key"] = key
        st.session_state["review_outcomes"] = outcomes

outcomes = st.session_state.get("review_outcomes") or []
if not outcomes:
    st.info("上传报告后，这里会列出发现的问题、估计得分，并可下载审阅意见（Word 批注 / Markdown / JSON）。")
    st.stop()

for o in outcomes:
    if o.error:
        st.error(o.error)

good = [o for o in outcomes if o.ok]
if len(outcomes) > 1:
    st.subheader("批量结果")
    st.dataframe(rv.batch_summary(outcomes), hide_index=True, width="stretch")
    if good:
        st.download_button(
            "下载全部审阅结果（JSON）",
            rv.result_json([o.result for o in good], mask_pii=True),
            file_name="审阅结果.json",
            mime="application/json",
            key="dl_all_json",
        )
if not good:
    st.stop()

names = [o.name for o in good]
chosen = st.selectbox("查看报告", names, key="review_pick") if len(good) > 1 else names[0]
o = good[names.index(chosen)]
res = o.result
counts = res.counts()
c1, c2, c3, c4 = st.columns(4)
c1.metric("错误", counts["error"])
c2.metric("警告", counts["warning"])
c3.metric("提示", counts["info"])
c4.metric("估计得分", f"{res.score.total}/{res.score.max}" if res.score.max else "—")

tab_findings, tab_score, tab_download = st.tabs(["问题清单", "评分估计", "下载"], key="review_tab",
                                                on_change="rerun")
with tab_findings:
    facets = rv.facet_values(res.findings)
    f1, f2, f3 = st.columns(3)
    sev = f1.multiselect("严重程度", facets["severity"], format_func=rv.SEVERITY_LABELS.get, key="flt_severity",
                         placeholder="全部")
    cat = f2.multiselect("类别", facets["category"], format_func=lambda c: rv.CATEGORY_LABELS.get(c, c),
                         key="flt_category", placeholder="全部")
    sec = f3.multiselect("位置", facets["section"], key="flt_section", placeholder="全部")
    shown = rv.filter_findings(res.findings, sev, cat, sec)
    if not res.findings:
        st.success("未发现问题。")
    else:
        st.caption(f"显示 {len(shown)} / {len(res.findings)} 条")
        st.dataframe(
            rv.finding_rows(res.model_copy(update={"findings": shown})),
            hide_index=True,
            width="stretch",
            column_config={
                "序号": st.column_config.NumberColumn(width=40),
                "严重程度": st.column_config.TextColumn(width=60),
                "类别": st.column_config.TextColumn(width=70),
                "位置": st.column_config.TextColumn(width=110),
                "规则": st.column_config.TextColumn(width=60),
                "问题": st.column_config.TextColumn(width="large"),
            },
        )
        for i, f in enumerate(shown, start=1):
            icon = {"error": ":material/error:", "warning": ":material/warning:", "info": ":material/info:"}
            with st.expander(f"{rv.SEVERITY_LABELS[f.severity]} {i}. [{rv.location_label(f)}] {f.message}",
                             icon=icon[f.severity]):
                if f.evidence:
                    st.markdown("**依据原文**")
                    st.text(f.evidence)
                if f.suggestion:
                    st.markdown(f"**修改建议**：{f.suggestion}")
                if f.reference:
                    st.caption(f"参考：{f.reference}")
                st.caption(f"规则 {f.rule} · {rv.CATEGORY_LABELS.get(f.category, f.category)}")
with tab_score:
    rows = rv.score_rows(res)
    if not rows:
        st.info("该报告没有可估计的评分项。")
    else:
        import pandas as pd

        df = pd.DataFrame(rows)
        judged = df[df["已评估"] == "是"]
        if not judged.empty:
            import altair as alt

            base = alt.Chart(judged).encode(
                y=alt.Y("评分项:N", sort=None, title=None, axis=alt.Axis(labelLimit=480)),
                tooltip=["评分项", "满分", "估计得分", "理由"],
            )
            chart = base.mark_bar(color="#c9d6e8").encode(x=alt.X("满分:Q", title="分值")) + base.mark_bar(
                color="#1f4e8c", size=12).encode(x="估计得分:Q")
            st.altair_chart(chart.properties(height=60 * len(judged) + 40), width="stretch")
            st.caption("浅色：满分；深色：估计得分（只含能从报告本身判断的评分项）")
        st.dataframe(df.drop(columns=["理由"]), hide_index=True, width="stretch")
        st.markdown("\n".join(f"- **{r['评分项']}**：{r['理由']}" for r in rows if r["理由"]))
with tab_download:
    stem = Path(o.name).stem
    mask = st.checkbox("遮盖个人信息（手机号、身份证号等）", value=True, key="mask_pii")
    st.download_button("下载 JSON", rv.result_json(res, mask_pii=mask), file_name=f"{stem}_审阅意见.json",
                       mime="application/json", key="dl_json")
    st.download_button("下载 Markdown", rv.result_markdown(res, mask_pii=mask), file_name=f"{stem}_审阅意见.md",
                       mime="text/markdown", key="dl_md")
    try:
        docx = _critique_cached(o.data or b"", o.name, s.limits.max_file_bytes, mask)
    except AssistantError as ex:
        st.error(str(ex))
        docx = None
    if docx is not None:
        st.download_button(
            "下载 Word（原文 + 批注）" if o.name.lower().endswith(".docx") else "下载 Word（含批注）",
            docx,
            file_name=f"{stem}_审阅意见.docx",
            mime="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            key="dl_docx",
        )
