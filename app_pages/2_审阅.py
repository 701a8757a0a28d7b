"""审阅: a workbench — the document with its findings marked, ranked and grouped cards, the rubric estimate,
a batch overview with Excel / 批注 exports. Everything computable lives in assistant/ui; this page renders."""

from __future__ import annotations

from pathlib import Path

import streamlit as st
import streamlit.components.v1 as components

from app_pages._common import chinese_uploader, page_setup

s, user = page_setup("审阅自评报告")

from assistant.errors import AssistantError  # noqa: E402
from assistant.export.present import Decision, decision_line, section_name  # noqa: E402
from assistant.report.parse import REPORT_SUFFIXES  # noqa: E402
from assistant.ui import batch as bt  # noqa: E402
from assistant.ui import review_view as rv  # noqa: E402
from assistant.ui import workbench as wb  # noqa: E402
from assistant.ui.scoreboard import score_board  # noqa: E402

ss = st.session_state
chinese_uploader()
limit_mb = s.limits.max_file_bytes / 1024 / 1024
files = st.file_uploader(
    f"上传一份或多份报告，或一个压缩包（.docx / .txt / .xlsx / .pdf / .zip，单个文件不超过 {limit_mb:.0f} MB）",
    type=[x.lstrip(".") for x in REPORT_SUFFIXES] + ["zip"],
    accept_multiple_files=True,
    key="review_files",
    help="可一次选择多个文件，或把一个文件夹打包成 .zip 上传；每个文件单独审阅，一个文件无法读取不影响其他文件。",
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
    ss["review_sample_on"] = True
elif ss.get("review_sample_on") and not uploads:
    uploads.append(rv.sample_report())


@st.cache_data(show_spinner=False, max_entries=256)
def _review_cached(data: bytes, name: str, max_bytes: int) -> rv.ReviewOutcome:
    from assistant.settings import Settings

    return rv.review_bytes(data, name, Settings(limits={"max_file_bytes": max_bytes}))


@st.cache_data(show_spinner="正在生成 Word 审阅意见…", max_entries=16)
def _critique_cached(data: bytes, name: str, max_bytes: int, mask: bool, decided: tuple) -> bytes | None:
    decisions = {i: Decision(status, note) for i, status, note in decided}
    return rv.critique_docx_bytes(_review_cached(data, name, max_bytes), mask_pii=mask, decisions=decisions)


if uploads:
    key = tuple((n, len(d), hash(d)) for n, d in uploads)
    if ss.get("review_key") != key:
        expanded, problems = bt.expand_uploads(uploads)
        outcomes: list[rv.ReviewOutcome] = []
        progress = st.progress(0.0, text="正在审阅…")
        for i, (name, data) in enumerate(expanded, start=1):
            progress.progress((i - 1) / max(len(expanded), 1), text=f"正在审阅 {i}/{len(expanded)}：{name}")
            outcomes.append(_review_cached(data, name, s.limits.max_file_bytes))
        progress.empty()
        ss["review_key"] = key
        ss["review_outcomes"] = outcomes
        ss["review_problems"] = problems
        ss.pop("review_pick", None)

outcomes = ss.get("review_outcomes") or []
if not outcomes:
    st.info("上传报告后，这里左侧显示报告原文并标出问题位置，右侧按严重程度列出问题；还可查看考核评分估计，"
            "下载带批注的 Word、Excel 汇总和 JSON。")
    st.stop()

for p in ss.get("review_problems") or []:
    st.error(p)
for o in outcomes:
    if o.error:
        st.error(o.error)

good = [o for o in outcomes if o.ok]
decisions_all: dict[str, dict[int, Decision]] = ss.setdefault("wb_decisions", {})
names = [o.name for o in good]


def _pick_row() -> None:
    rows = ss["batch_table"].selection.rows
    if rows:
        name = outcomes[rows[0]].name
        if name in names:
            ss["review_pick"] = name


if len(outcomes) > 1:
    st.subheader(f"批量总览（{len(outcomes)} 个文件）")
    st.caption("点击表头可排序；选中一行即在下方打开该报告的工作台。")
    st.dataframe(
        bt.overview_rows(outcomes), hide_index=True, width="stretch", key="batch_table",
        on_select=_pick_row, selection_mode="single-row",
        column_config={
            "错误": st.column_config.NumberColumn(width=50), "警告": st.column_config.NumberColumn(width=50),
            "提示": st.column_config.NumberColumn(width=50), "年度": st.column_config.TextColumn(width=60),
            "估计得分": st.column_config.NumberColumn(width=70, format="%.1f"),
            "可判断满分": st.column_config.NumberColumn(width=80, format="%.0f"),
            "最严重的问题": st.column_config.TextColumn(width="large"),
        },
    )
    if good:
        d1, d2, d3 = st.columns(3)
        d1.download_button("下载 Excel 汇总（总览 + 全部问题）", bt.excel_bytes(outcomes, decisions_all),
                           file_name="审阅汇总.xlsx", key="dl_xlsx", icon=":material/table_view:",
                           mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        if d2.button("生成全部批注 Word（.zip）", key="make_zip", icon=":material/folder_zip:"):
            with st.spinner("正在生成各文件的批注 Word…"):
                ss["zip_bytes"] = bt.critique_zip_bytes(good, decisions_all)
        if ss.get("zip_bytes"):
            d2.download_button("下载批注 Word 压缩包", ss["zip_bytes"], file_name="审阅意见批注.zip",
                               mime="application/zip", key="dl_zip")
        d3.download_button("下载全部审阅结果（JSON）",
                           rv.result_json([o.result for o in good], mask_pii=True,
                                          decisions=[decisions_all.get(o.name) for o in good]),
                           file_name="审阅结果.json", mime="application/json", key="dl_all_json")
if not good:
    st.stop()

chosen = st.selectbox("查看报告", names, key="review_pick") if len(good) > 1 else names[0]
o = good[names.index(chosen)]
res, report = o.result, o.report
fk = f"{names.index(chosen)}"
decisions: dict[int, Decision] = decisions_all.setdefault(o.name, {})

counts = res.counts()
c1, c2, c3, c4 = st.columns(4)
c1.metric("错误", counts["error"])
c2.metric("警告", counts["warning"])
c3.metric("提示", counts["info"])
board = score_board(res)
c4.metric("估计得分", board.headline, help=board.headline_help)

tab_bench, tab_score, tab_download = st.tabs(["工作台", "考核评分估计", "下载"], key="review_tab", on_change="rerun")


CHOICES = {"采纳": "accepted", "驳回": "dismissed"}
CHOICE_OF = {v: k for k, v in CHOICES.items()}


def _focus(anchor: str | None) -> None:
    ss["wb_focus"] = anchor


def _decide(idx: list[int], dec_key: str, note_key: str) -> None:
    label = ss.get(dec_key)
    status = CHOICES.get(label or "")
    for i in idx:
        if status:
            decisions[i] = Decision(status, ss.get(note_key) or "")
        else:
            decisions.pop(i, None)


with tab_bench:
    if not res.findings:
        st.success("未发现问题。")
    cards = wb.finding_cards(report, res)
    focus = ss.get("wb_focus")
    left, right = st.columns([3, 2], gap="medium")
    with left:
        st.markdown("**报告原文**（按解析结果显示，有问题的段落和单元格已标色）")
        with st.container(height=860, border=True, key="wb_doc"):
            st.html(wb.document_html(report, res, focus))
    with right:
        sev = st.multiselect("严重程度", ["error", "warning", "info"], format_func=rv.SEVERITY_LABELS.get,
                             key="flt_severity", placeholder="全部")
        shown = [c for c in cards if not sev or c.severity in sev]
        st.caption(f"{len(shown)} 张问题卡，共 {sum(len(c.items) for c in shown)} 处；点击问题跳到原文位置")
        with st.container(height=800, border=False, key="wb_cards"):
            for card in shown:
                first = card.items[0]
                with st.container(border=True, key=f"card_{fk}_{card.key}"):
                    st.markdown(f"{card.badge} &nbsp; {wb.card_place(card)}")
                    st.button(card.title, key=f"go_{fk}_{card.key}", type="tertiary", icon=card.icon,
                              on_click=_focus, args=(first.anchor,), disabled=first.anchor is None,
                              help=None if first.anchor else "该问题针对全文，没有具体位置")
                    if card.grouped:
                        with st.expander(f"逐处查看（{len(card.items)} 处）"):
                            for it in card.items:
                                st.button(f"{it.where}：{it.text}", key=f"go_{fk}_{card.key}_{it.index}_{it.where}",
                                          type="tertiary", on_click=_focus, args=(it.anchor,),
                                          disabled=it.anchor is None)
                    else:
                        f = first.finding
                        if f.evidence:
                            st.caption(f"原文：{f.evidence}")
                    if first.finding.suggestion:
                        st.caption(f"修改建议：{first.finding.suggestion}")
                    dec_key, note_key = f"dec_{fk}_{card.key}", f"note_{fk}_{card.key}"
                    current = decisions.get(first.index)
                    a, b = st.columns([2, 3])
                    a.segmented_control("处理", list(CHOICES), key=dec_key,
                                        default=CHOICE_OF[current.status] if current else None,
                                        label_visibility="collapsed", on_change=_decide,
                                        args=(card.indices, dec_key, note_key))
                    b.text_input("备注", key=note_key, value=current.note if current else "",
                                 placeholder="备注（可选）", label_visibility="collapsed",
                                 on_change=_decide, args=(card.indices, dec_key, note_key))
                    details = f"规则 {card.rule} · {rv.CATEGORY_LABELS.get(first.finding.category, '')}"
                    if first.finding.reference:
                        details += f" · 依据：{first.finding.reference}"
                    st.caption(details)
    if focus:
        components.html(wb.scroll_script(focus), height=0)

with tab_score:
    st.markdown(board.summary)
    st.dataframe([{k: v for k, v in r.items() if k != "说明"} for r in board.rows], hide_index=True, width="stretch")
    st.markdown("**各项理由**")
    st.markdown("\n".join(f"- **{r['评分项']}**（{r['估计得分']}"
                          f"{'' if r['估计得分'] == '无法判断' else ' / ' + r['分值'] + ' 分'}）：{r['说明']}"
                          for r in board.rows if r["说明"]))
    st.caption(board.note)

with tab_download:
    stem = Path(o.name).stem
    decided = tuple(sorted((i, d.status, d.note) for i, d in decisions.items()))
    if decisions:
        st.caption(f"已处理 {len(decisions)} 处（采纳 {sum(d.status == 'accepted' for d in decisions.values())}，"
                   f"驳回 {sum(d.status == 'dismissed' for d in decisions.values())}），处理结果写入批注和 JSON。")
    mask = st.checkbox("遮盖个人信息（手机号、身份证号等）", value=True, key="mask_pii")
    st.download_button("下载 JSON", rv.result_json(res, mask_pii=mask, decisions=decisions),
                       file_name=f"{stem}_审阅意见.json", mime="application/json", key="dl_json")
    st.download_button("下载 Markdown", rv.result_markdown(res, mask_pii=mask), file_name=f"{stem}_审阅意见.md",
                       mime="text/markdown", key="dl_md")
    try:
        docx = _critique_cached(o.data or b"", o.name, s.limits.max_file_bytes, mask, decided)
    except AssistantError as ex:
        st.error(rv.chinese_error(str(ex)))
        docx = None
    if docx is not None:
        st.download_button(
            "下载 Word（原文 + 批注）" if o.name.lower().endswith(".docx") else "下载 Word（含批注）",
            docx,
            file_name=f"{stem}_审阅意见.docx",
            mime="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            key="dl_docx",
        )
    if decisions:
        with st.expander("已处理的问题"):
            for i, d in sorted(decisions.items()):
                f = res.findings[i]
                st.markdown(f"- {section_name(f.location.section)}：{f.message} —— {decision_line(d)}")
