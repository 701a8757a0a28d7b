"""Rebuild attachment tables (附件1 基础数据表, 附件2 自评表) from the views when a Report has none.

A Report read from a document keeps its own tables untouched; a Report built from a form (views only)
gets tables laid out the way the parser reads them, so export and re-parsing both work.
"""

from __future__ import annotations

from assistant.numfmt import figure
from assistant.report.model import ATTACHMENT_TITLES, Attachment, Report, Table


def _cell(fig) -> str:
    return "" if fig is None else (fig.raw or figure(fig))


def basic_data_rows(report: Report) -> list[list[str]]:
    bd = report.basic_data
    if bd is None:
        return []
    y = report.year or ""
    st = bd.staffing
    rows = [
        ["财政供养人员情况（人）", "编制数", f"{y}年实际在职人数", "控制率"],
        ["", _cell(st.authorized), _cell(st.actual), _cell(st.control_rate)],
    ]
    cols = bd.sangong.columns if bd.sangong else []
    if cols:
        rows.append(["经费控制情况（万元）", *cols])
        for r in bd.sangong.rows:
            rows.append([r.name, *[_cell(r.values.get(c)) for c in cols]])
        for r in bd.other_rows:
            rows.append([r.name, *[_cell(r.values.get(c)) for c in cols]])
    return rows


def self_eval_rows(report: Report) -> list[list[str]]:
    se = report.self_eval
    if se is None:
        return []
    rows = [["市级预算部门名称", se.name or (report.unit or "")]]
    rows.append(["年度预算申请（万元）", "", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"])
    for fr in se.funds:
        rows.append(["", fr.name, *[_cell(getattr(fr, k)) for k in ("initial_budget", "budget", "executed", "weight", "rate", "score")]])
    if se.by_income or se.by_nature:
        rows.append(["", "按收入性质分：", "按支出性质分："])
        inc = [f"{k}：{_cell(v)}" for k, v in se.by_income.items()]
        nat = [f"{k}：{_cell(v)}" for k, v in se.by_nature.items()]
        for i in range(max(len(inc), len(nat))):
            a = inc[i] if i < len(inc) else ""
            b = nat[i] if i < len(nat) else ""
            if i == 0:
                a, b = ("其中：" + a) if a else a, ("其中：" + b) if b else b
            rows.append(["", a, b])
    rows.append(["年度总体目标", "预期目标", "实际完成情况"])
    rows.append(["", se.goal_target, se.goal_actual])
    rows.append(["绩效指标", "一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分", "偏差原因分析及改进措施"])
    last1 = last2 = None
    for ind in se.indicators:
        l1 = ""
        if ind.level1 != last1:
            l1 = ind.level1 + (f"({ind.level1_weight}分)" if ind.level1_weight is not None else "")
            last2 = None
        l2 = ind.level2 if ind.level2 != last2 else ""
        last1, last2 = ind.level1, ind.level2
        rows.append(["", l1, l2, ind.level3, ind.target, ind.actual, _cell(ind.weight), _cell(ind.score), ind.note])
    if se.total_weight or se.total_score:
        rows.append(["总分", _cell(se.total_weight), _cell(se.total_score)])
    return rows


def ensure_tables(report: Report) -> Report:
    """Add 附件1/附件2 tables rebuilt from the views when the report has no tables (in place)."""
    if report.tables:
        return report
    for label, rows in (("附件1", basic_data_rows(report)), ("附件2", self_eval_rows(report))):
        if not rows:
            continue
        title = f"{report.year or ''}年度{ATTACHMENT_TITLES[label]}"
        t = Table(index=len(report.tables), section=label, title=title, rows=rows)
        report.tables.append(t)
        att = report.attachment(label)
        if att is None:
            att = Attachment(label=label, title=title)  # type: ignore[arg-type]
            report.attachments.append(att)
        att.tables.append(t.index)
    return report
