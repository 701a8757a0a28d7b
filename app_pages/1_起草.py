"""起草: pick a draft, type or import the figures (live totals, rates, scores and checks), draft each
section in a chat, accept/edit (every accept and edit is a saved version), export Word."""

from __future__ import annotations

import streamlit as st

from app_pages._common import knowledge_base, page_setup, store

s, user = page_setup("起草自评报告")

from assistant.errors import AssistantError, InputUnusable  # noqa: E402
from assistant.report.model import ECONOMIC_CLASSES, SECTION_LABELS, SECTION_TITLES  # noqa: E402
from assistant.report.parse import REPORT_SUFFIXES  # noqa: E402
from assistant.ui import form_state as fs  # noqa: E402
from assistant.ui.figures import (  # noqa: E402
    INCOME_KEYS,
    INDICATOR_LABELS,
    SANGONG_COLS,
    SANGONG_ITEMS,
    Figures,
    apply_editor_delta,
    build_report,
    checks,
    compute,
    default_indicators,
    figures_from_report,
    fmt,
    indicator_records,
    indicators_from_records,
    sections_from_report,
)

ss = st.session_state
db = store(s)
multi = s.users_file is not None
can_edit = user.is_local or user.role == "drafter"


def _fail(ex: AssistantError) -> None:
    st.error(str(ex))
    st.stop()


# ------------------------------------------------------------------ callbacks (run before the script)
def _create_draft() -> None:
    unit = user.unit if multi else (ss.get("new_unit") or "").strip()
    year = int(ss.get("new_year") or Figures().year)
    fig = Figures(unit=unit or "", year=year, indicators=default_indicators())
    try:
        d = db.create_draft(user, unit=unit or "", year=year, figures=fig.to_json())
    except AssistantError as ex:
        ss["flash_error"] = str(ex)
        return
    ss["draft_pick"] = d.id
    ss["flash"] = f"已新建草稿：{d.label}"


def _load(draft_id: int) -> None:
    d = db.get_draft(user, draft_id)
    fig = Figures.model_validate(d.figures) if d.figures else Figures(
        unit=d.unit, year=d.year, indicators=default_indicators())
    for k, v in fs.figures_to_state(fig).items():
        ss[k] = v
    ss["_ind_base"] = indicator_records(fig)
    ss.pop("fig_indicators", None)
    sections = db.current_sections(draft_id, user)
    for label in SECTION_LABELS:
        ss[f"sec_text_{label}"] = sections.get(label, "")
    ss["_saved_sections"] = dict(sections)
    ss["_saved_fig"] = fig
    ss["_previous"] = d.previous
    ss["chat"] = {}
    ss.pop("export_docx_bytes", None)
    ss["_loaded_draft"] = draft_id


def _import() -> None:
    from assistant.report import parse_bytes

    up = ss.get("import_file")
    if up is None:
        ss["flash_error"] = "请先选择要导入的文件"
        return
    draft_id = ss["_loaded_draft"]
    try:
        report = parse_bytes(up.getvalue(), up.name, s)
    except InputUnusable as ex:
        ss["flash_error"] = str(ex)
        return
    previous = ss.get("import_mode") == "上年报告"
    fig = figures_from_report(report, as_previous_year=previous)
    if multi:
        fig.unit = user.unit or ""
    try:
        if previous:
            cur = fs.figures_from_state(ss, _indicators())
            for item in SANGONG_ITEMS:
                cur.sangong[item]["prev_final"] = fig.sangong[item]["prev_final"]
            if not cur.unit:
                cur.unit = fig.unit
            if not any(r.level3 for r in cur.indicators):
                cur.indicators = fig.indicators
            fig = cur
            db.update_draft(user, draft_id, previous=report.model_dump(mode="json"))
            from assistant.drafting.carry import carry_forward

            have = {lab: ss.get(f"sec_text_{lab}", "") for lab in SECTION_LABELS}
            carried = carry_forward(report, build_report(cur, have))
            for sec in carried.sections:
                if not have.get(sec.label, "").strip() and sec.text.strip():
                    db.save_section(draft_id, sec.label, sec.text, user, kind="import",
                                    note=f"沿用上年报告 {up.name}")
        else:
            for label, text in sections_from_report(report).items():
                db.save_section(draft_id, label, text, user, kind="import", note=f"导入自 {up.name}")
        db.update_draft(user, draft_id, figures=fig.to_json())
    except AssistantError as ex:
        ss["flash_error"] = str(ex)
        return
    _load(draft_id)
    ss["flash"] = f"已从 {up.name} 导入" + ("上年数据（上年决算数、指标模板）" if previous else "数据和正文")


def _accept(draft_id: int, label: str, text: str) -> None:
    try:
        v = db.save_section(draft_id, label, text, user, kind="accept")
    except AssistantError as ex:
        ss["flash_error"] = str(ex)
        return
    ss[f"sec_text_{label}"] = text
    ss["_saved_sections"][label] = text
    ss["flash"] = f"已采纳第{label}部分，保存为第{v.seq}版"


def _restore(version_id: int, label: str) -> None:
    try:
        v = db.restore(version_id, user)
    except AssistantError as ex:
        ss["flash_error"] = str(ex)
        return
    ss[f"sec_text_{label}"] = v.text
    ss["_saved_sections"][label] = v.text
    ss["flash"] = f"已恢复第{label}部分（{v.note}，保存为第{v.seq}版）"


def _draft_all(draft_id: int, report_json: str) -> None:
    """Callback: draft every empty section, save each as an accepted version (typed text is kept)."""
    from assistant.drafting.retrieval import Retriever
    from assistant.report.model import Report
    from assistant.ui.draft_all import draft_empty_sections

    current = {label: ss.get(f"sec_text_{label}", "") for label in SECTION_LABELS}
    try:
        retriever = Retriever(knowledge_base(s))
    except AssistantError:
        retriever = Retriever(None)
    outcome = draft_empty_sections(Report.model_validate_json(report_json), current, s, retriever=retriever)
    try:
        for label, text in outcome.drafted.items():
            db.save_section(draft_id, label, text, user, kind="accept", note="一键起草")
            ss[f"sec_text_{label}"] = text
            ss["_saved_sections"][label] = text
    except AssistantError as ex:
        ss["flash_error"] = str(ex)
        return
    done = "、".join(outcome.drafted) or "无"
    msg = f"已起草并保存：第{done}部分；保留您已写的：{'、'.join(outcome.kept) or '无'}"
    if outcome.placeholders:
        msg += f"；共 {outcome.placeholders} 处【待补充】需要您填写"
    if outcome.error:
        ss["flash_error"] = f"部分章节未能起草：{outcome.error}"
    ss["flash"] = msg


def _indicators():
    base = ss.get("_ind_base") or []
    delta = ss.get("fig_indicators")
    records = apply_editor_delta(base, delta) if isinstance(delta, dict) else base
    return indicators_from_records(records)


# ------------------------------------------------------------------ draft picker
try:
    drafts = db.list_drafts(user)
except AssistantError as ex:
    _fail(ex)

if ss.get("flash"):
    st.success(ss.pop("flash"))
if ss.get("flash_error"):
    st.error(ss.pop("flash_error"))

ids = [d.id for d in drafts]
labels = {d.id: d.label for d in drafts}
pick_col, new_col = st.columns([3, 2])
with new_col.expander("新建草稿", expanded=not drafts):
    if multi:
        st.caption(f"单位：{user.unit}")
    else:
        st.text_input("单位名称", key="new_unit", placeholder="例如：岳阳市公共资源交易中心")
    st.number_input("报告年度", min_value=2000, max_value=2100, value=Figures().year, step=1, key="new_year")
    st.button("新建", key="new_create", on_click=_create_draft, disabled=not can_edit)
if not ids:
    pick_col.info("还没有草稿。先在右侧新建一份（填写单位和年度）。")
    st.stop()
if ss.get("draft_pick") not in ids:
    ss["draft_pick"] = ids[0]
draft_id = pick_col.selectbox("当前草稿", ids, format_func=labels.get, key="draft_pick")
if ss.get("_loaded_draft") != draft_id:
    try:
        _load(draft_id)
    except AssistantError as ex:
        _fail(ex)

# ------------------------------------------------------------------ live model + autosave
fig = fs.figures_from_state(ss, _indicators())
metrics = compute(fig)
found = checks(fig, metrics)
sections = {label: ss.get(f"sec_text_{label}", "") for label in SECTION_LABELS}
report = build_report(fig, sections, file=f"{fig.year}年度{fig.unit}整体支出绩效自评报告（草稿）")

saved_note = []
if can_edit:
    try:
        if fig != ss.get("_saved_fig"):
            db.update_draft(user, draft_id, figures=fig.to_json(), report=report.model_dump(mode="json"),
                            unit=None if multi else fig.unit, year=fig.year)
            ss["_saved_fig"] = fig
            saved_note.append("数据")
        for label in SECTION_LABELS:
            if sections[label] != ss["_saved_sections"].get(label, ""):
                db.save_section(draft_id, label, sections[label], user, kind="edit")
                ss["_saved_sections"][label] = sections[label]
                saved_note.append(f"第{label}部分")
    except AssistantError as ex:
        st.error(str(ex))
if saved_note:
    st.toast("已自动保存：" + "、".join(saved_note))


@st.cache_data(show_spinner=False, max_entries=32)
def _review_json(report_json: str, previous_json: str | None):
    from assistant.report.model import Report
    from assistant.review import review

    prev = Report.model_validate_json(previous_json) if previous_json else None
    return review(Report.model_validate_json(report_json), previous=prev)


import json  # noqa: E402

result = _review_json(report.model_dump_json(), json.dumps(ss["_previous"]) if ss.get("_previous") else None)


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
        st.button("导入", key="import_apply", on_click=_import, disabled=not can_edit)

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

# ------------------------------------------------------------------ ② sections
with tab_sections:
    status_rows = fs.section_status(sections, result.findings)
    st.dataframe(status_rows, hide_index=True, width="stretch")
    st.button("一键起草空白章节", key="draft_all", disabled=not can_edit, on_click=_draft_all,
              args=(draft_id, report.model_dump_json()),
              help="只起草尚未填写的章节，已写内容不会被覆盖；每节保存为一个版本，可在版本历史中恢复。")
    label = st.selectbox(
        "选择章节", list(SECTION_LABELS), format_func=lambda x: f"{x}、{SECTION_TITLES[x]}", key="section_pick"
    )
    left, right = st.columns([1, 1])
    with left:
        st.text_area(f"{label}、{SECTION_TITLES[label]}（编辑后自动保存为新版本）", key=f"sec_text_{label}",
                     height=420, disabled=not can_edit)
        own = [f for f in result.findings if f.location.section == label]
        for f in own[:8]:
            st.warning(f"{f.message}" + (f"　建议：{f.suggestion}" if f.suggestion else ""))
        with st.expander("版本历史"):
            try:
                versions = db.history(draft_id, label, user)
            except AssistantError as ex:
                versions = []
                st.error(str(ex))
            if not versions:
                st.caption("暂无版本。")
            kinds = {"accept": "采纳", "edit": "编辑", "restore": "恢复", "import": "导入"}
            for v in versions[:30]:
                st.markdown(f"**第{v.seq}版** · {kinds.get(v.kind, v.kind)} · {v.user} · "
                            f"{v.created_at:%Y-%m-%d %H:%M:%S}" + (f" · {v.note}" if v.note else ""))
                st.text(v.text[:300] + ("…" if len(v.text) > 300 else ""))
                st.button("恢复此版", key=f"restore_{v.id}", on_click=_restore, args=(v.id, label),
                          disabled=not can_edit)
    with right:
        from assistant.ui import chat

        msgs = ss.setdefault("chat", {}).setdefault(label, [])
        box = st.container(height=520)
        with box:
            if not msgs:
                st.caption("在下方输入要求，例如“请起草本节”“更简洁一些”“补充满意度调查依据”。")
            for i, m in enumerate(msgs):
                with st.chat_message(m["role"]):
                    if m["role"] == "user":
                        st.markdown(m["content"])
                        continue
                    if m.get("error"):
                        st.error(m["error"])
                        continue
                    sug = m["suggestion"]
                    st.markdown(sug["text"].replace("\n", "\n\n"))
                    warns = sug.get("warnings") or []
                    if len(warns) <= 2:
                        for w in warns:
                            st.warning(w)
                    else:
                        with st.expander(f"核对提醒（{len(warns)}）", icon=":material/warning:"):
                            for w in warns:
                                st.warning(w)
                    if sug.get("placeholders"):
                        st.info("需要您补充的信息：\n\n" + "\n".join(f"- {p}" for p in sug["placeholders"]))
                    cites = sug.get("citations") or []
                    with st.expander(f"引用（{len(cites)}）"):
                        if not cites:
                            st.caption("本建议未引用知识库资料。")
                        for c in cites:
                            st.markdown(f"**[{c['id']}]** {c.get('citation') or c.get('title')}")
                            if c.get("text"):
                                st.caption(c["text"][:400])
                    st.button("采纳到草稿", key=f"accept_{label}_{i}", on_click=_accept,
                              args=(draft_id, label, sug["text"]), disabled=not can_edit, type="primary")
        prompt = st.chat_input(f"对第{label}部分提要求…", key="chat_input", disabled=not can_edit)
        quick = st.button("起草本节", key="draft_section", disabled=not can_edit)
        if quick and not prompt:
            prompt = "请起草本节"
        if prompt:
            msgs.append({"role": "user", "content": prompt})
            with box:
                with st.chat_message("user"):
                    st.markdown(prompt)
                with st.chat_message("assistant"):
                    previous = next((m["suggestion"] for m in reversed(msgs) if m.get("suggestion")), None)
                    try:
                        from assistant.drafting.retrieval import Retriever

                        try:
                            retriever = Retriever(knowledge_base(s))
                        except AssistantError as ex:
                            retriever = Retriever(None)
                            retriever.error = str(ex)
                        chunks, box_out = chat.split_stream(chat.turn(
                            report, label, prompt, settings=s, previous=previous,
                            current_text=sections.get(label), retriever=retriever))
                        st.write_stream(chunks)
                    except AssistantError as ex:
                        msgs.append({"role": "assistant", "error": str(ex)})
                    else:
                        msgs.append({"role": "assistant", "suggestion": box_out[-1].model_dump(mode="json")})
            st.rerun()

# ------------------------------------------------------------------ ③ check + export
with tab_check:
    from assistant.ui import review_view as rv

    counts = result.counts()
    k1, k2, k3, k4 = st.columns(4)
    k1.metric("错误", counts["error"])
    k2.metric("警告", counts["warning"])
    k3.metric("提示", counts["info"])
    k4.metric("估计得分", f"{result.score.total}/{result.score.max}" if result.score.max else "—")
    if result.findings:
        st.dataframe(rv.finding_rows(result), hide_index=True, width="stretch")
    else:
        st.success("未发现问题。")
    st.subheader("导出")
    if st.button("生成 Word 文件", key="export_build"):
        from assistant.export.report_docx import report_docx_bytes

        ss["export_docx_bytes"] = report_docx_bytes(report)
    if ss.get("export_docx_bytes"):
        st.download_button(
            "下载 Word（.docx）",
            ss["export_docx_bytes"],
            file_name=f"{fig.year}年度{fig.unit or '单位'}整体支出绩效自评报告.docx",
            mime="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            key="export_docx",
        )
