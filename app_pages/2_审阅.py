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
with st.expander("附上批复的绩效目标表和部门决算（可选：核对指标值和资金、人员数据）"):
    oc1, oc2 = st.columns(2)
    up_targets = oc1.file_uploader(
        "绩效目标申报表 / 目标表（.xlsx / .docx）", type=["xlsx", "docx"], key="official_targets",
        help="一个单位的目标表，或一个工作簿每行一个单位（按单位名称或编码与报告对应）。")
    up_final = oc2.file_uploader(
        "部门决算表（.xlsx / .docx，元或万元）", type=["xlsx", "docx"], key="official_final",
        help="核对全年预算数、全年执行数、基本支出、项目支出、三公经费和人员数。")
official_pair = (
    (up_targets.name, up_targets.getvalue()) if up_targets else None,
    (up_final.name, up_final.getvalue()) if up_final else None,
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


@st.cache_data(show_spinner=False, max_entries=8)
def _official_cached(pair: tuple, max_bytes: int):
    from assistant.settings import Settings

    return rv.official_books(*pair, Settings(limits={"max_file_bytes": max_bytes}))


@st.cache_data(show_spinner=False, max_entries=256)
def _review_cached(data: bytes, name: str, max_bytes: int, official: tuple = (None, None)) -> rv.ReviewOutcome:
    from assistant.settings import Settings

    return rv.review_bytes(data, name, Settings(limits={"max_file_bytes": max_bytes}),
                           official=_official_cached(official, max_bytes))


@st.cache_data(show_spinner="正在生成 Word 审阅意见…", max_entries=16)
def _critique_cached(data: bytes, name: str, max_bytes: int, mask: bool, decided: tuple,
                     official: tuple = (None, None)) -> bytes | None:
    decisions = {i: Decision(status, note) for i, status, note in decided}
    return rv.critique_docx_bytes(_review_cached(data, name, max_bytes, official), mask_pii=mask,
                                  decisions=decisions)


if uploads:
    key = (tuple((n, len(d), hash(d)) for n, d in uploads),
           tuple((p[0], hash(p[1])) if p else None for p in official_pair))
    if ss.get("review_key") != key:
        expanded, problems = bt.expand_uploads(uploads)
        outcomes: list[rv.ReviewOutcome] = []
        progress = st.progress(0.0, text="正在审阅…")
        for i, (name, data) in enumerate(expanded, start=1):
            progress.progress((i - 1) / max(len(expanded), 1), text=f"正在审阅 {i}/{len(expanded)}：{name}")
            outcomes.append(_review_cached(data, name, s.limits.max_file_bytes, official_pair))
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
for note in rv.official_notes(outcomes):
    st.warning(note)

good = [o for o in outcomes if o.ok]
decisions_all: dict[str, dict[int, Decision]] = ss.setdefault("wb_decisions", {})
names = [o.name for o in good]


shown_outcomes = outcomes


def _pick_row() -> None:
    rows = ss["batch_table"].selection.rows
    if rows and rows[0] < len(shown_outcomes):
        name = shown_outcomes[rows[0]].name
        if name in names:
            ss["review_pick"] = name


if len(outcomes) > 1:
    st.subheader(f"批量总览（{len(outcomes)} 个文件）")
    options = bt.filter_options(outcomes)
    f1, f2, f3 = st.columns(3)
    flt = bt.BatchFilter(
        severities=tuple(f1.multiselect("严重程度", options["severity"], format_func=rv.SEVERITY_LABELS.get,
                                        key="batch_flt_severity", placeholder="全部")),
        categories=tuple(f2.multiselect("问题类别", options["category"], format_func=rv.CATEGORY_LABELS.get,
                                        key="batch_flt_category", placeholder="全部")),
        units=tuple(f3.multiselect("单位", options["unit"], key="batch_flt_unit", placeholder="全部")),
    )
    shown_outcomes = bt.apply_filter(outcomes, flt)
    by_unit = bt.chart_by_unit(shown_outcomes, flt)
    by_cat = bt.chart_by_category(shown_outcomes, flt)
    if by_unit and (by_cat or not flt.on_findings):
        colours = [wb.SEVERITY_STYLE[x]["color"] for x in ("error", "warning", "info")]
        g1, g2 = st.columns(2)
        with g1:
            st.markdown("**各单位问题数**（按错误数排序；同一单位有多个文件时按文件名列出）")
            st.bar_chart(by_unit, x="单位", y=["错误", "警告", "提示"], color=colours, horizontal=True,
                         x_label="", y_label="问题数", height=max(220, 28 * len(by_unit) + 80), sort=False)
        with g2:
            st.markdown("**问题类别分布**（全部文件合计）")
            st.bar_chart([{k: v for k, v in r.items() if k != "涉及文件"} for r in by_cat], x="类别",
                         y=["错误", "警告", "提示"], color=colours, horizontal=True, x_label="", y_label="问题数",
                         height=max(220, 28 * len(by_cat) + 80), sort=False)
    if flt.active:
        st.caption(f"按筛选条件显示 {len(shown_outcomes)} / {len(outcomes)} 个文件"
                   + ("；“符合筛选”为所选严重程度和类别的问题数" if flt.on_findings else "") + "。")
    st.caption("点击表头可排序；选中一行即在下方打开该报告的工作台。")
    st.dataframe(
        bt.overview_rows(shown_outcomes, flt), hide_index=True, width="stretch", key="batch_table",
        on_select=_pick_row, selection_mode="single-row",
        column_config={
            "错误": st.column_config.NumberColumn(width=50), "警告": st.column_config.NumberColumn(width=50),
            "提示": st.column_config.NumberColumn(width=50), "年度": st.column_config.TextColumn(width=60),
            "估计得分": st.column_config.NumberColumn(width=70, format="%.1f"),
            "可判断满分": st.column_config.NumberColumn(width=80, format="%.0f"),
            "符合筛选": st.column_config.NumberColumn(width=70),
            "最严重的问题": st.column_config.TextColumn(width="large"),
        },
    )
    shown_good = [o for o in shown_outcomes if o.ok]
    if shown_good:
        scope = f"（筛选出的 {len(shown_outcomes)} 个文件）" if flt.active else ""
        d1, d2, d3 = st.columns(3)
        d1.download_button(f"下载 Excel 汇总{scope or '（总览 + 全部问题）'}", bt.excel_bytes(shown_outcomes, decisions_all),
                           file_name="审阅汇总.xlsx", key="dl_xlsx", icon=":material/table_view:",
                           mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        if d2.button(f"生成全部批注 Word（.zip）{scope}", key="make_zip", icon=":material/folder_zip:"):
            with st.spinner("正在生成各文件的批注 Word…"):
                ss["zip_bytes"] = (tuple(o.name for o in shown_good), bt.critique_zip_bytes(shown_good, decisions_all))
        made = ss.get("zip_bytes")
        if made and made[0] == tuple(o.name for o in shown_good):  # built for the files shown now
            d2.download_button("下载批注 Word 压缩包", made[1], file_name="审阅意见批注.zip",
                               mime="application/zip", key="dl_zip")
        d3.download_button("下载全部审阅结果（JSON）",
                           rv.result_json([o.result for o in shown_good], mask_pii=True,
                                          decisions=[decisions_all.get(o.name) for o in shown_good]),
                           file_name="审阅结果.json", mime="application/json", key="dl_all_json")
    elif flt.active:
        st.info("没有符合筛选条件的文件。")
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

tab_bench, tab_full, tab_score, tab_download = st.tabs(["工作台", "报告全文", "考核评分估计", "下载"],
                                                     key="review_tab", on_change="rerun")


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
        st.markdown("**报告原文**（按解析结果显示，有问题的段落和单元格已标色；整篇报告和问题索引见“报告全文”）")
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
                        spots = wb.places(report, f)
                        if len(spots) > 1:  # one finding, several places
                            with st.expander(f"逐处查看（{len(spots)} 处）"):
                                for n, (where, anchor) in enumerate(spots):
                                    st.button(where, key=f"go_{fk}_{card.key}_p{n}", type="tertiary",
                                              on_click=_focus, args=(anchor,), disabled=anchor is None)
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

with tab_full:
    st.caption("整篇报告（按解析结果显示）：有问题的位置已标色并注明问题编号 [n]；点击左侧索引中的位置跳到原文，"
               "点击原文中的编号跳回索引。")
    st.download_button("下载标注后的报告全文（网页，可用浏览器打开）",
                       wb.full_document_page(report, res, o.name), file_name=f"{Path(o.name).stem}_审阅标注.html",
                       mime="text/html", key="dl_full_html", icon=":material/open_in_new:")
    ix, doc = st.columns([2, 3], gap="medium")
    with ix, st.container(height=860, border=True, key="fd_index"):
        st.html(wb.FULL_CSS + wb.findings_index_html(report, res))
    with doc, st.container(height=860, border=True, key="fd_doc"):
        st.html(wb.full_document_html(report, res))

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
        docx = _critique_cached(o.data or b"", o.name, s.limits.max_file_bytes, mask, decided, official_pair)
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
