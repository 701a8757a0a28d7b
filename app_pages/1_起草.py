"""起草: pick a draft, type or import the figures (live totals, rates, scores and checks), draft each
section in a chat, accept/edit (every accept and edit is a saved version), export Word."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from app_pages._common import knowledge_base, page_setup, store

s, user = page_setup("起草自评报告")

from assistant.drafting.drafter import accepted_text  # noqa: E402
from assistant.drafting.retrieval import Retriever  # noqa: E402
from assistant.drafting.workspace import Draft, Workspace  # noqa: E402
from assistant.errors import AssistantError  # noqa: E402
from assistant.export.report_docx import report_docx_bytes  # noqa: E402
from assistant.official.targets import read_targets  # noqa: E402
from assistant.report import parse_bytes  # noqa: E402
from assistant.report.model import ECONOMIC_CLASSES, SECTION_LABELS, SECTION_TITLES, Report  # noqa: E402
from assistant.report.parse import REPORT_SUFFIXES  # noqa: E402
from assistant.review import review  # noqa: E402
from assistant.ui import form_state as fs  # noqa: E402
from assistant.ui import review_view as rv  # noqa: E402
from assistant.ui.figures import (  # noqa: E402
    INCOME_KEYS,
    INDICATOR_LABELS,
    PROJECT_FUND_LABELS,
    SANGONG_COLS,
    SANGONG_ITEMS,
    Figures,
    apply_editor_delta,
    checks,
    compute,
    fmt,
    held_back,
    indicator_records,
    indicators_from_records,
)

ss = st.session_state
ws = Workspace(store(s), user, s)
multi = s.users_file is not None
can_edit = user.is_local or user.role == "drafter"
KINDS = {"accept": "采纳", "edit": "编辑", "restore": "恢复", "import": "导入"}
AUTOSAVE_JS = Path(__file__).with_name("autosave_typing.js")


def _draft() -> Draft:
    return ss["draft"]


def _show(draft: Draft) -> None:
    """Make ``draft`` the working copy and refill every widget from it."""
    ss["draft"] = draft
    ss.update(fs.figures_to_state(draft.figures))
    ss.update(fs.sections_to_state(draft.sections))
    ss["_ind_base"] = indicator_records(draft.figures)
    for key in fs.editor_keys(ss):
        ss.pop(key, None)
    ss.pop("export_docx_bytes", None)


def _indicators():
    base = ss.get("_ind_base") or []
    delta = ss.get("fig_indicators")
    return indicators_from_records(apply_editor_delta(base, delta) if isinstance(delta, dict) else base)


def _retriever() -> Retriever:
    try:
        return Retriever(knowledge_base(s))
    except AssistantError as ex:
        r = Retriever(None)
        r.error = str(ex)
        return r


def action(fn, *, save_figures: bool = True):
    """A widget callback: workspace errors become one flash line; figures typed this run are saved first."""

    def run(*args):
        try:
            if save_figures and "draft" in ss and can_edit:
                ws.save_figures(_draft(), fs.figures_from_state(ss, _indicators()))
            fn(*args)
        except AssistantError as ex:
            ss["flash_error"] = str(ex)

    return run


# ------------------------------------------------------------------ callbacks (run before the script)
def _create_draft() -> None:
    draft = ws.create(unit=ss.get("new_unit") or "", year=int(ss.get("new_year") or Figures().year))
    _show(draft)
    ss["draft_pick"] = draft.id
    ss["flash"] = f"已新建草稿：{draft.label}"


def _edited(label: str) -> None:
    if ws.edit_section(_draft(), label, ss[fs.section_key(label)]):
        ss["flash_toast"] = f"已自动保存第{label}部分"


def _import() -> None:
    up = ss.get("import_file")
    if up is None:
        ss["flash_error"] = "请先选择要导入的文件"
        return
    report = parse_bytes(up.getvalue(), up.name, s)
    out = ws.import_report(_draft(), report, name=up.name, as_previous=ss.get("import_mode") == "上年报告")
    _show(_draft())
    ss["flash"] = out.message


def _import_targets() -> None:
    up = ss.get("import_targets_file")
    if up is None:
        ss["flash_error"] = "请先选择批复的绩效目标表"
        return
    ss["flash"] = ws.import_targets(_draft(), read_targets((up.name, up.getvalue()), s))
    _show(_draft())


def _accept(label: str, text: str) -> None:
    v = ws.accept(_draft(), label, text)
    ss[fs.section_key(label)] = text
    ss["flash"] = f"已采纳第{label}部分，保存为第{v.seq}版"


def _restore(version_id: int) -> None:
    v = ws.restore(_draft(), version_id)
    ss[fs.section_key(v.section)] = v.text
    ss["flash"] = f"已恢复第{v.section}部分（{v.note}，保存为第{v.seq}版）"


def _add_project() -> None:
    i = ws.add_project(_draft())
    _show(_draft())
    ss["flash"] = f"已添加第{i + 1}个项目（附件3）"


def _remove_project(i: int) -> None:
    ws.remove_project(_draft(), i)
    _show(_draft())
    ss["flash"] = f"已删除第{i + 1}个项目（附件3）"


def _draft_all() -> None:
    out = ws.draft_empty(_draft(), retriever=_retriever())
    ss.update(fs.sections_to_state(_draft().sections))
    if out.error:
        ss["flash_error"] = f"部分章节未能起草：{out.error}"
    ss["flash"] = out.message()


# ------------------------------------------------------------------ draft picker
try:
    drafts = ws.list()
except AssistantError as ex:
    st.error(str(ex))
    st.stop()

if ss.get("flash"):
    st.success(ss.pop("flash"))
if ss.get("flash_error"):
    st.error(ss.pop("flash_error"))
if ss.get("flash_toast"):
    st.toast(ss.pop("flash_toast"))

ids = [d.id for d in drafts]
labels = {d.id: d.label for d in drafts}
pick_col, new_col = st.columns([3, 2])
with new_col.expander("新建草稿", expanded=not drafts):
    if multi:
        st.caption(f"单位：{user.unit}")
    else:
        st.text_input("单位名称", key="new_unit", placeholder="例如：岳阳市公共资源交易中心")
    st.number_input("报告年度", min_value=2000, max_value=2100, value=Figures().year, step=1, key="new_year")
    st.button("新建", key="new_create", on_click=action(_create_draft, save_figures=False), disabled=not can_edit)
if not ids:
    pick_col.info("还没有草稿。先在右侧新建一份（填写单位和年度）。")
    st.stop()
if ss.get("draft_pick") not in ids:
    ss["draft_pick"] = ids[0]
draft_id = pick_col.selectbox("当前草稿", ids, format_func=labels.get, key="draft_pick")
if "draft" not in ss or _draft().id != draft_id:
    try:
        _show(ws.load(draft_id))
    except AssistantError as ex:
        st.error(str(ex))
        st.stop()
draft = _draft()
for k, v in fs.figures_to_state(draft.figures).items():
    ss.setdefault(k, v)  # a figures widget Streamlit dropped is refilled from the draft, never read as empty

# ------------------------------------------------------------------ live model + figures autosave
fig = fs.figures_from_state(ss, _indicators())
metrics = compute(fig)
found = checks(fig, metrics)
if can_edit:
    try:
        if ws.save_figures(draft, fig):
            st.toast("已自动保存：数据")
    except AssistantError as ex:
        st.error(str(ex))
sections = draft.sections
report = draft.report()


@st.cache_data(show_spinner=False, max_entries=32)
def _review_json(report_json: str, previous_json: str | None):
    prev = Report.model_validate_json(previous_json) if previous_json else None
    return review(Report.model_validate_json(report_json), previous=prev)


result = _review_json(report.model_dump_json(), draft.previous.model_dump_json() if draft.previous else None)


def _show_checks(field: str) -> None:
    for c in found:
        if c.field == field:
            {"error": st.error, "warning": st.warning, "info": st.info}[c.severity](c.message)


def _money(label: str, key: str, **kw) -> None:
    st.number_input(label, min_value=0.0, step=0.01, format="%.2f", key=key, disabled=not can_edit, **kw)


tab_data, tab_sections, tab_check = st.tabs(["① 数据", "② 分节起草", "③ 检查与导出"], key="draft_tab",
                                           on_change="rerun")

# ------------------------------------------------------------------ ① figures
with tab_data:
    with st.expander("从已有报告导入（.docx / .txt / .xlsx / .pdf）"):
        st.file_uploader("选择文件", type=[x.lstrip(".") for x in REPORT_SUFFIXES], key="import_file")
        st.radio("导入方式", ["本年报告", "上年报告"], key="import_mode", horizontal=True,
                 captions=["填入全部数据和正文", "作为上年决算数和指标模板"])
        st.button("导入", key="import_apply", on_click=action(_import), disabled=not can_edit)

    c1, c2 = st.columns([3, 1])
    c1.text_input("单位名称", key="fig_unit", disabled=multi or not can_edit)
    c2.number_input("年度", min_value=2000, max_value=2100, step=1, key="fig_year", disabled=not can_edit)

    st.subheader("预算执行（万元）")
    c1, c2, c3 = st.columns(3)
    with c1:
        _money("年初预算数", "fig_initial_budget")
    with c2:
        _money("全年预算数（调整后）", "fig_budget")
    with c3:
        st.number_input("预算执行率分值", min_value=0.0, max_value=100.0, step=1.0, key="fig_exec_weight",
                        disabled=not can_edit)
    cb, cp = st.columns(2)
    for col, group, name, total_key, sum_value in (
        (cb, "basic", "基本支出", "fig_basic_total", metrics.basic_sum),
        (cp, "project", "项目支出", "fig_project_total", metrics.project_sum),
    ):
        with col:
            st.markdown(f"**{name}**（按经济分类）")
            for i, cls in enumerate(ECONOMIC_CLASSES):
                _money(cls, fs.class_key(group, i))
            _money(f"{name}合计（报告所写，可留空）", total_key)
            st.caption(f"分项之和：{fmt(sum_value, '万元')}")
    m1, m2, m3, m4 = st.columns(4)
    m1.metric("全年执行数", fmt(metrics.executed, "万元"))
    m2.metric("执行率", fmt(metrics.exec_rate, "%"))
    m3.metric("执行率得分", fmt(metrics.exec_score))
    m4.metric("基本/项目", f"{fmt(metrics.basic)} / {fmt(metrics.project)}")
    _show_checks("budget")

    st.subheader("资金来源（按收入性质，万元）")
    cols = st.columns(len(INCOME_KEYS))
    for i, k in enumerate(INCOME_KEYS):
        with cols[i]:
            _money(k, fs.class_key("income", i))
    st.caption(f"合计：{fmt(metrics.income_sum, '万元')}（应等于全年执行数 {fmt(metrics.executed, '万元')}）")
    _show_checks("income")

    st.subheader("“三公”经费（万元）")
    col_labels = fig.sangong_labels()
    head = st.columns([2, 1, 1, 1])
    head[0].markdown("**项目**")
    for j, c in enumerate(SANGONG_COLS, start=1):
        head[j].markdown(f"**{col_labels[c]}**")
    for item, name in SANGONG_ITEMS.items():
        row = st.columns([2, 1, 1, 1])
        row[0].markdown(name)
        for j, c in enumerate(SANGONG_COLS, start=1):
            with row[j]:
                _money(f"{name}·{col_labels[c]}", fs.sangong_key(item, c), label_visibility="collapsed")
    for name, values in (("公务用车小计", metrics.sangong_vehicle), ("三公经费合计", metrics.sangong_total)):
        row = st.columns([2, 1, 1, 1])
        row[0].markdown(f"*{name}*")
        for j, c in enumerate(SANGONG_COLS, start=1):
            row[j].markdown(fmt(values.get(c)))
    _show_checks("sangong")

    st.subheader("人员与公用经费")
    c1, c2, c3, c4 = st.columns(4)
    with c1:
        st.number_input("编制数（人）", min_value=0, step=1, key="fig_authorized", disabled=not can_edit)
    with c2:
        st.number_input("实际在职人数（人）", min_value=0, step=1, key="fig_actual_staff", disabled=not can_edit)
    c3.metric("控制率", fmt(metrics.control_rate, "%"))
    with c4:
        _money("附件1 公用经费（万元）", "fig_public_funds")
    _show_checks("staffing")
    _show_checks("public_funds")

    st.subheader("年度总体目标")
    g1, g2 = st.columns(2)
    g1.text_area("预期目标", key="fig_goal_target", height=100, disabled=not can_edit)
    g2.text_area("实际完成情况", key="fig_goal_actual", height=100, disabled=not can_edit)

    st.subheader("绩效指标（附件2）")
    st.caption("产出指标 50 分、效益指标 30 分、满意度指标 10 分，另有预算执行率 10 分；实际完成值请写实测数值。")
    with st.expander("从批复的绩效目标表导入指标（.xlsx / .docx）"):
        st.file_uploader("绩效目标申报表 / 目标表", type=["xlsx", "docx"], key="import_targets_file",
                         help="多单位的工作簿按本草稿的单位名称对应；已填的实际完成值、分值、得分保留。")
        st.button("导入批复指标", key="import_targets_apply", on_click=action(_import_targets), disabled=not can_edit)
    st.data_editor(
        ss.get("_ind_base") or [],
        key="fig_indicators",
        num_rows="dynamic",
        width="stretch",
        disabled=not can_edit,
        column_order=list(INDICATOR_LABELS),
        column_config={
            **{k: st.column_config.TextColumn(v) for k, v in INDICATOR_LABELS.items() if k not in ("weight", "score")},
            "level1": st.column_config.SelectboxColumn("一级指标", options=["产出指标", "效益指标", "满意度指标"]),
            "weight": st.column_config.NumberColumn("分值", min_value=0, max_value=100, step=0.5),
            "score": st.column_config.NumberColumn("得分", min_value=0, max_value=100, step=0.5),
        },
    )
    if metrics.blocks:
        st.dataframe(
            [{"一级指标": b.level1, "规定权重": fmt(b.expected), "分值合计": fmt(b.weight), "得分合计": fmt(b.score)}
             for b in metrics.blocks],
            hide_index=True,
        )
    t1, t2 = st.columns(2)
    t1.metric("总分值（含执行率）", fmt(metrics.total_weight))
    t2.metric("自评总得分", fmt(metrics.total_score))
    _show_checks("indicators")

    st.subheader("项目支出绩效自评表（附件3，每个项目一张）")
    for i, project in enumerate(fig.projects):
        with st.expander(f"项目{i + 1}：{project.name or '（未命名）'}", expanded=not project.name):
            p1, p2, p3, p4 = st.columns([2, 2, 2, 1])
            p1.text_input("项目名称", key=fs.project_key(i, "name"), disabled=not can_edit)
            p2.text_input("主管部门", key=fs.project_key(i, "department"), disabled=not can_edit)
            p3.text_input("实施单位", key=fs.project_key(i, "implementer"), disabled=not can_edit)
            p4.number_input("执行率分值", min_value=0.0, max_value=100.0, step=1.0,
                            key=fs.project_key(i, "exec_weight"), disabled=not can_edit)
            st.data_editor(
                ss.get(f"_prj_{i}_funds_base") or [], key=fs.project_key(i, "funds"), num_rows="dynamic",
                width="stretch", disabled=not can_edit, column_order=list(PROJECT_FUND_LABELS),
                column_config={k: (st.column_config.TextColumn(v) if k == "name" else
                                   st.column_config.NumberColumn(v, min_value=0, format="%.2f"))
                               for k, v in PROJECT_FUND_LABELS.items()},
            )
            q1, q2_ = st.columns(2)
            q1.text_area("年度总体目标·预期目标", key=fs.project_key(i, "goal_target"), height=80,
                         disabled=not can_edit)
            q2_.text_area("年度总体目标·实际完成情况", key=fs.project_key(i, "goal_actual"), height=80,
                          disabled=not can_edit)
            st.data_editor(
                ss.get(f"_prj_{i}_ind_base") or [], key=fs.project_key(i, "indicators"), num_rows="dynamic",
                width="stretch", disabled=not can_edit, column_order=list(INDICATOR_LABELS),
                column_config={
                    **{k: st.column_config.TextColumn(v) for k, v in INDICATOR_LABELS.items()
                       if k not in ("weight", "score")},
                    "weight": st.column_config.NumberColumn("分值", min_value=0, max_value=100, step=0.5),
                    "score": st.column_config.NumberColumn("得分", min_value=0, max_value=100, step=0.5),
                },
            )
            st.button("删除此项目", key=f"prj_remove_{i}", on_click=action(_remove_project), args=(i,),
                      disabled=not can_edit)
    st.button("添加项目", key="prj_add", on_click=action(_add_project), disabled=not can_edit)

# ------------------------------------------------------------------ ② sections
with tab_sections:
    st.html(f"<script>{AUTOSAVE_JS.read_text(encoding='utf-8')}</script>", unsafe_allow_javascript=True)
    st.dataframe(fs.section_status(sections, result.findings), hide_index=True, width="stretch")
    st.button("一键起草空白章节", key="draft_all", disabled=not can_edit, on_click=action(_draft_all),
              help="只起草尚未填写的章节，已写内容不会被覆盖；每节保存为一个版本，可在版本历史中恢复。")
    label = st.selectbox(
        "选择章节", list(SECTION_LABELS), format_func=lambda x: f"{x}、{SECTION_TITLES[x]}", key="section_pick"
    )
    left, right = st.columns([1, 1])
    with left:
        key = fs.section_key(label)
        if key not in ss:  # the editor was not shown last run: Streamlit dropped its state, refill from the draft
            ss[key] = sections[label]
        st.text_area(f"{label}、{SECTION_TITLES[label]}（编辑后自动保存为新版本）", key=key, height=420,
                     disabled=not can_edit, on_change=action(_edited), args=(label,))
        own = [f for f in result.findings if f.location.section == label]
        for f in own[:8]:
            st.warning(f"{f.message}" + (f"　建议：{f.suggestion}" if f.suggestion else ""))
        with st.expander("版本历史"):
            try:
                versions = ws.history(draft, label)
            except AssistantError as ex:
                versions = []
                st.error(str(ex))
            if not versions:
                st.caption("暂无版本。")
            for v in versions[:30]:
                st.markdown(f"**第{v.seq}版** · {KINDS.get(v.kind, v.kind)} · {v.user} · "
                            f"{v.created_at:%Y-%m-%d %H:%M:%S}" + (f" · {v.note}" if v.note else ""))
                st.text(v.text[:300] + ("…" if len(v.text) > 300 else ""))
                st.button("恢复此版", key=f"restore_{v.id}", on_click=action(_restore), args=(v.id,),
                          disabled=not can_edit)
    with right:
        box = st.container(height=520)
        with box:
            if not draft.turns(label):
                st.caption("在下方输入要求，例如“请起草本节”“更简洁一些”“补充满意度调查依据”。")
            for i, turn in enumerate(draft.turns(label)):
                with st.chat_message(turn.role):
                    if turn.role == "user":
                        st.markdown(turn.content)
                        continue
                    if turn.error or turn.suggestion is None:
                        st.error(turn.error or "未能生成建议")
                        continue
                    sug = turn.suggestion
                    shown = accepted_text(sug)  # citation keys rendered as document names, never internal ids
                    st.markdown(shown.replace("\n", "\n\n"))
                    if len(sug.warnings) <= 2:
                        for w in sug.warnings:
                            st.warning(w)
                    else:
                        with st.expander(f"核对提醒（{len(sug.warnings)}）", icon=":material/warning:"):
                            for w in sug.warnings:
                                st.warning(w)
                    if sug.placeholders:
                        st.info("需要您补充的信息：\n\n" + "\n".join(f"- {p}" for p in sug.placeholders))
                    with st.expander(f"引用（{len(sug.citations)}）"):
                        if not sug.citations:
                            st.caption("本建议未引用知识库资料。")
                        for n, c in enumerate(sug.citations, 1):
                            st.markdown(f"**[{n}]** {c.citation or c.title}")
                            if c.text:
                                st.caption(c.text[:400])
                    st.button("采纳到草稿", key=f"accept_{label}_{i}", on_click=action(_accept),
                              args=(label, shown), disabled=not can_edit, type="primary")
        prompt = st.chat_input(f"对第{label}部分提要求…", key="chat_input", disabled=not can_edit)
        if st.button("起草本节", key="draft_section", disabled=not can_edit) and not prompt:
            prompt = "请起草本节"
        if prompt:
            with box:
                with st.chat_message("user"):
                    st.markdown(prompt)
                with st.chat_message("assistant"):
                    try:
                        st.write_stream(ws.ask(draft, label, prompt, retriever=_retriever()))
                    except AssistantError as ex:
                        st.error(str(ex))
            st.rerun()

# ------------------------------------------------------------------ ③ check + export
with tab_check:
    shown, pending = held_back(fig, sections, report, result.findings)
    judged = result.model_copy(update={"findings": shown})
    counts = judged.counts()
    k1, k2, k3, k4 = st.columns(4)
    k1.metric("错误", counts["error"])
    k2.metric("警告", counts["warning"])
    k3.metric("提示", counts["info"])
    k4.metric("估计得分", f"{result.score.total}/{result.score.max}" if result.score.max else "—")
    if shown:
        st.dataframe(rv.finding_rows(judged), hide_index=True, width="stretch")
    elif not pending:
        st.success("未发现问题。")
    if pending:
        with st.expander(f"尚未填写的部分（{len(pending)} 项，填写后再检查）"):
            st.dataframe(rv.finding_rows(result.model_copy(update={"findings": pending})), hide_index=True,
                         width="stretch")
    st.subheader("导出")
    if st.button("生成 Word 文件", key="export_build"):
        ss["export_docx_bytes"] = report_docx_bytes(report)
    if ss.get("export_docx_bytes"):
        st.download_button(
            "下载 Word（.docx）",
            ss["export_docx_bytes"],
            file_name=f"{fig.year}年度{fig.unit or '单位'}整体支出绩效自评报告.docx",
            mime="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            key="export_docx",
        )
