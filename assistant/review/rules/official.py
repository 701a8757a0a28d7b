"""Official record: the report against the approved 绩效目标 and the unit's 决算 figures.

These rules run only when an official record is attached (``review(report, settings, official=record)``,
``assistant review REPORT --targets FILE --final-accounts FILE``); without one they find nothing. Each finding
quotes the report's value and the official one and names the official file and row.
"""

from __future__ import annotations

from decimal import Decimal

from assistant.official.match import IndicatorMatch, match_indicators, pair_projects
from assistant.official.model import ACCOUNT_FIELDS, ApprovedTarget, OfficialFigure
from assistant.report.targets import Target, parse_target
from assistant.review.finding import at
from assistant.review.registry import rule
from assistant.review.rubric import COMPLETENESS, SELF_EVAL_TABLE, cost
from assistant.review.rules._text import row_location, self_eval_tables, table_label
from assistant.review.rules._util import (
    column_roles,
    fmt,
    loc,
    money,
    q2,
    sangong_rows,
    total_fund_row,
    value_at,
)

REF_TARGETS = ("财预〔2020〕10号第十三条：绩效目标经批复后一般不予调整；自评应以批复的绩效目标和指标值为依据，"
               "财预〔2021〕101号：指标值应与批复一致并尽量量化")
REF_ACCOUNTS = "预算法第七十五条及实施条例：决算数据应真实、准确；绩效自评报告中的预算执行数据应与部门决算一致"
_FLOOR = (">=", ">")


def _target_pairs(report, ctx) -> tuple[list[tuple], list[str]]:
    """(each 自评表 with the approved targets it answers to, approved projects no table of the report is for).

    Unit-level targets (no 项目名称) go with 附件2, or with the first form when the file has nothing else;
    a project's targets go with the 附件3 / project form of that project (matched by name)."""
    rec = ctx.official
    if rec is None or rec.targets is None:
        return [], []
    tables = [t for t in self_eval_tables(report) if t.indicators]
    if not tables:
        return [], []
    groups: dict[str, list[ApprovedTarget]] = {}
    for a in rec.targets:
        groups.setdefault(a.project.strip(), []).append(a)
    unit_level = groups.pop("", [])
    if not groups:  # the unit's own targets only
        return [(tables[0], unit_level)], []
    pairs: list[tuple] = []
    se = report.self_eval if report.self_eval is not None and report.self_eval.indicators else None
    if unit_level and se is not None:
        pairs.append((se, unit_level))
    project_pairs, unmatched = pair_projects([t for t in tables if t is not se], groups)
    if unit_level and se is None and not project_pairs:
        pairs.append((tables[0], unit_level))
    # a lone project form is one project of the unit's list: the others are not missing from it
    return pairs + project_pairs, unmatched if se is not None else []


def _matches(report, ctx) -> list[tuple]:
    """(table, matches, approved with no row, rows with no approved) for every table with approved targets."""
    threshold = float(ctx.profile.official.indicator_match)
    pairs, _ = _target_pairs(report, ctx)
    return [(table, *match_indicators(approved, table.indicators, threshold)) for table, approved in pairs]


def _where(a: ApprovedTarget) -> str:
    return f"批复：{a.source.label()}"


def _name_note(m: IndicatorMatch) -> str:
    if m.score >= 1.0:
        return ""
    return f"（按名称近似匹配批复指标“{m.approved.name}”，相似度{m.score:.2f}）"


def _direction(approved: Target, reported: Target, ratio: Decimal) -> str | None:
    """'lowered' | 'raised' | 'changed' | None (same) for two parsed targets."""
    a, r = approved.value, reported.value
    if (a.day is None) != (r.day is None):
        return "changed"
    floor_a, floor_r = approved.op in _FLOOR, reported.op in _FLOOR
    if floor_a != floor_r:
        return "changed"
    if a.day is not None:
        if a.day == r.day:
            return None
        later = r.day > a.day  # type: ignore[operator]
        return "lowered" if later else "raised"  # a later deadline is an easier target
    if a.unit and r.unit and a.unit != r.unit:
        return "changed"
    av, rv = a.number, r.number
    if av is None or rv is None:
        return "changed"
    if abs(rv - av) <= abs(av) * ratio:
        return None
    easier = rv < av if floor_a else rv > av
    return "lowered" if easier else "raised"


def classify(approved: ApprovedTarget, reported: str, year: int | None, ratio: Decimal) -> str | None:
    """How a report's 年度指标值 differs from the approved one: lowered | raised | vaguer | changed | None."""
    a = parse_target(approved.target, approved.name, year)
    r = parse_target(reported, approved.name, year)
    if a is not None and r is None:
        return "vaguer"
    if a is None or r is None:
        same = "".join(approved.target.split()) == "".join(reported.split())
        return None if same else "changed"
    return _direction(a, r, ratio)


def _target_findings(report, ctx, wanted: set[str], rule_obj):
    ratio = ctx.profile.official.target_ratio
    for table, matches, _, _ in _matches(report, ctx):
        yield from _table_target_findings(report, table, matches, wanted, ratio, rule_obj)


def _table_target_findings(report, table, matches, wanted: set[str], ratio, rule_obj):
    for m in matches:
        kind = classify(m.approved, m.row.target, report.year, ratio)
        if kind not in wanted:
            continue
        name = m.row.level3
        reported = m.row.target or "（空白）"
        appr = f"批复目标“{m.approved.target}”"
        what = {"lowered": f"比{appr}宽松，降低了要求", "raised": f"比{appr}更严", "changed": f"与{appr}不一致",
                "vaguer": f"无法衡量，{appr}是量化的"}[kind]
        yield rule_obj.make(
            row_location(table, m.row, m.row.target_cell),
            f"{table_label(table)}三级指标“{name}”年度指标值“{reported}”{what}"
            f"（{m.approved.source.label()}）{_name_note(m)}",
            evidence=f"报告：{name} {reported}；{_where(m.approved)} {m.approved.name} {m.approved.target}",
            suggestion="年度指标值应按批复的绩效目标填写；确经批准调整的，注明调整依据和批准文件，"
                       "未完成的在“偏差原因分析”中说明，不应改动目标值。",
        )


@rule("OFF001", "official", "error", "年度指标值低于批复目标", REF_TARGETS,
      costs=cost(SELF_EVAL_TABLE, 1, "指标值与批复的绩效目标不一致", cap=3))
def target_lowered(report, ctx):
    """报告中的年度指标值比批复的绩效目标更容易达到（数量调低、比率调低、上限调高、期限推迟）。

    ## 检查内容
    附上批复的绩效目标表（``--targets``）时，按三级指标名称（规范化后相同，或相似度不低于
    ``official.indicator_match``）把报告自评表的指标与批复指标对应（项目的批复指标对应该项目的附件3自评表，见
    OFF004），比较方向和数值：下限型目标（≥、不低于）
    数值调低、上限型目标（≤、以内）数值调高、完成时限推迟，均报错。相对差异在 ``official.target_ratio`` 以内不报。
    ## 为什么重要
    事后调低目标值再“完成”目标，是绩效自评最常见的失真方式，也是审计关注的重点；批复目标非经程序不得调整。
    ## 示例
    批复“档案宣传展览场次 ≥4场”，报告自评表写“≥3场”。
    """
    yield from _target_findings(report, ctx, {"lowered"}, target_lowered.rule)


@rule("OFF002", "official", "warning", "年度指标值与批复目标不一致", REF_TARGETS,
      costs=cost(SELF_EVAL_TABLE, 1, "指标值与批复的绩效目标不一致", cap=3))
def target_changed(report, ctx):
    """报告中的年度指标值被调高，或改成与批复目标不可比的值（方向、单位、文字不同）。

    ## 检查内容
    与 OFF001 相同的指标对应方式；数值比批复目标更严（调高下限、调低上限、提前时限），或方向、单位、
    文字表述与批复不同时给出警告。
    ## 为什么重要
    自评表的年度指标值应照录批复目标；擅自改动（即使调高）也使自评结果无法与批复目标对照。
    ## 示例
    批复“受益农村人口 ≥8.5万人”，报告写“≥9万人”；批复“≤6.5万元”，报告写“≥6.5万元”。
    """
    yield from _target_findings(report, ctx, {"raised", "changed"}, target_changed.rule)


@rule("OFF003", "official", "warning", "年度指标值改为不可衡量的表述", REF_TARGETS,
      costs=cost(SELF_EVAL_TABLE, 1, "指标值与批复的绩效目标不一致", cap=3))
def target_vaguer(report, ctx):
    """批复的量化指标值在报告中被改成“有所提高”“基本完成”之类不可衡量的表述。

    ## 检查内容
    与 OFF001 相同的指标对应方式；批复目标可读出数值或日期，而报告的年度指标值读不出任何数值或日期时给出警告。
    ## 为什么重要
    把量化目标改成笼统表述，使“是否完成”无法判断，实质上取消了目标约束（财预〔2021〕101号要求指标值尽量量化）。
    ## 示例
    批复“数字化成果验收合格率 ≥98%”，报告写“合格率较高”。
    """
    yield from _target_findings(report, ctx, {"vaguer"}, target_vaguer.rule)


@rule("OFF004", "official", "warning", "批复的绩效指标在报告中缺失", REF_TARGETS,
      costs=cost(SELF_EVAL_TABLE, 1, "指标值与批复的绩效目标不一致", cap=3))
def approved_missing(report, ctx):
    """批复的绩效目标表中的三级指标，在报告自评表中找不到对应指标。

    ## 检查内容
    批复指标与报告指标按名称对应后，仍没有对应报告行的批复指标逐条提示。批复文件有“项目名称”（列或表头行）时，
    部门整体的指标对照附件2，各项目的指标按项目名称（相同或相似度不低于0.8）对照该项目的附件3自评表；部门整体
    报告中找不到对应项目自评表的批复项目也提示（单独的项目自评表只对照本项目）。
    ## 为什么重要
    删去未完成或难以完成的批复指标，会让自评结果偏高；自评应覆盖全部批复指标。
    ## 示例
    批复有“档案宣传展览场次 ≥4场”，报告自评表没有这一指标。
    """
    for table, _, missing, _ in _matches(report, ctx):
        for a in missing:
            yield approved_missing.rule.make(
                at(table.section, table=table.table),
                f"批复的三级指标“{a.name}”（{a.target}，{a.source.label()}）在{table_label(table)}中缺失",
                evidence=f"{_where(a)} {a.level1}/{a.level2}/{a.name} {a.target}",
                suggestion="在自评表中补列该批复指标及其实际完成值；未完成的说明原因。",
            )
    _, unmatched = _target_pairs(report, ctx)
    rec = ctx.official
    for name in unmatched:
        approved = [a for a in rec.targets if a.project.strip() == name]
        yield approved_missing.rule.make(
            at("全文"),
            f"批复了绩效目标的项目“{name}”（{len(approved)}项指标，{rec.targets_file}）在报告中没有对应的项目支出"
            f"绩效自评表",
            evidence="；".join(f"{a.name} {a.target}" for a in approved[:6])[:300],
            suggestion="为该项目附上项目支出绩效自评表（附件3），逐项填报批复指标的完成情况；项目名称应与批复一致。",
        )


@rule("OFF005", "official", "warning", "报告新增了未批复的绩效指标", REF_TARGETS)
def unapproved_added(report, ctx):
    """报告自评表中的三级指标在批复的绩效目标表中没有对应指标。

    ## 检查内容
    报告指标与批复指标按名称对应后，仍没有对应批复指标的报告指标逐条提示。
    ## 为什么重要
    以新增的、容易完成的指标替换批复指标，会让自评得分虚高；新增指标应有批准依据。
    ## 示例
    报告自评表有“宣传资料发放份数 ≥1000份”，批复的绩效目标表中没有这一指标。
    """
    rec = ctx.official
    for table, _, _, added in _matches(report, ctx):
        for row in added:
            yield unapproved_added.rule.make(
                row_location(table, row),
                f"{table_label(table)}三级指标“{row.level3}”（{row.target or '无指标值'}）不在批复的绩效目标表"
                f"（{rec.targets_file}）中",
                evidence=f"报告：{row.level1}/{row.level2}/{row.level3} {row.target}",
                suggestion="核对该指标是否经批准新增；未经批准的，按批复的绩效目标填列。",
            )


# ------------------------------------------------------------------ 决算


def _report_figures(report) -> dict[str, tuple[object, str]]:
    """Field key → (report Figure, where it is in the report) for the figures a 决算 states."""
    out: dict[str, tuple[object, str]] = {}
    se = report.self_eval
    if se is not None:
        fr = total_fund_row(se)
        if fr is not None:
            if fr.budget is not None:
                out["budget"] = (fr.budget, f"{table_label(se)}{fr.name}")
            if fr.executed is not None:
                out["executed"] = (fr.executed, f"{table_label(se)}{fr.name}")  # the message names the column
    for key, part, name in (("basic", report.budget.basic, "基本支出"), ("project", report.budget.project, "项目支出")):
        if part.total is not None:
            out[key] = (part.total, "第二部分")
        elif se is not None and se.by_nature.get(name) is not None:  # else the 自评表's 按支出性质分
            out[key] = (se.by_nature[name], f"{table_label(se)}按支出性质分")
    bd = report.basic_data
    if bd is not None and bd.sangong is not None:
        col = column_roles(bd.sangong.columns, report.year).get("cur_final")
        fig = value_at(sangong_rows(report).get("total"), col)
        if fig is not None:
            out["sangong"] = (fig, f"附件1“{col}”")
    st = report.staffing()
    if st.authorized is not None:
        out["staff_authorized"] = (st.authorized, "附件1" if st is not report.staffing_text else "第一部分")
    if st.actual is not None:
        out["staff_actual"] = (st.actual, "附件1" if st is not report.staffing_text else "第一部分")
    return out


def _official_text(o: OfficialFigure) -> str:
    if o.unit == "人":
        return f"{fmt(o.value)}人"
    shown = money(q2(o.value))
    return shown if o.raw.endswith("万元") else f"{shown}（{o.raw}）"


def _account_findings(report, ctx, keys: tuple[str, ...], rule_obj):
    rec = ctx.official
    if rec is None or rec.accounts is None:
        return
    ours = _report_figures(report)
    tol = ctx.profile.official
    for key in keys:
        official = rec.accounts.figures.get(key)
        if official is None or key not in ours:
            continue
        fig, where = ours[key]
        allowed = Decimal(tol.staff) if official.unit == "人" else tol.money
        if abs(fig.value - official.value) <= allowed:
            continue
        name = ACCOUNT_FIELDS[key]
        mine = f"{fmt(fig.value)}人" if official.unit == "人" else money(fig.value)
        diff = fig.value - official.value
        diff_text = f"{fmt(abs(diff))}人" if official.unit == "人" else money(q2(abs(diff)))
        yield rule_obj.make(
            loc(fig, "全文"),
            f"{name}{mine}（报告{where}）≠ 决算{_official_text(official)}（{official.source.label()}），"
            f"报告{'多' if diff > 0 else '少'}{diff_text}",
            evidence=f"报告{where}：{getattr(fig, 'raw', '') or mine}；决算：{official.raw}（{official.source.label()}）",
            suggestion=f"按部门决算核对{name}；报告数据应与决算一致，确有口径差异的在第十部分说明。",
        )


@rule("OFF006", "official", "error", "资金数据与决算不一致", REF_ACCOUNTS,
      costs=cost(COMPLETENESS, 1, "数据计算错误或前后不一致", cap=4, severity="error"))
def accounts_money_differ(report, ctx):
    """报告中的全年预算数、全年执行数、基本支出、项目支出、三公经费与部门决算不一致。

    ## 检查内容
    附上决算表（``--final-accounts``，元或万元，按表头或“单位：元”换算为万元）时，比较：自评表年度资金总额的
    全年预算数和全年执行数、第二部分的基本支出和项目支出、附件1本年三公经费决算数；差额超过
    ``official.money``（默认0.01万元）即报错，并写明决算文件和行号。
    ## 为什么重要
    绩效自评的资金数据必须与经审核的部门决算一致；不一致说明报告数据未经核对，或选择性填报。
    ## 示例
    报告全年执行数968.68万元，决算表支出合计9,786,800.00元（978.68万元）。
    """
    yield from _account_findings(report, ctx, ("budget", "executed", "basic", "project", "sangong"),
                                 accounts_money_differ.rule)


@rule("OFF007", "official", "warning", "人员数与决算不一致", REF_ACCOUNTS)
def accounts_staff_differ(report, ctx):
    """报告中的编制数、实有人数与部门决算的人员情况不一致。

    ## 检查内容
    附上决算表时，比较附件1（或第一部分）的编制数、实际在职人数与决算表的编制数、实有人数；差额超过
    ``official.staff``（默认0人）时给出警告。
    ## 为什么重要
    人员数决定人员经费和控制率，应与决算的机构人员情况表一致。
    ## 示例
    报告实有在职人员43人，决算表实有人数45人。
    """
    yield from _account_findings(report, ctx, ("staff_authorized", "staff_actual"), accounts_staff_differ.rule)
