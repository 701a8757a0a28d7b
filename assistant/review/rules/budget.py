"""Budget: 三公经费 and 公用经费 against budget and last year, budget adjustments and execution rates."""

from __future__ import annotations

import re
from decimal import Decimal

from assistant.report.normalize import squash
from assistant.review.finding import at
from assistant.review.registry import rule
from assistant.review.rubric import COMPLETENESS, PROBLEMS, cost
from assistant.review.rules._text import clip, iter_paragraphs, prose_amounts, self_eval_tables, table_label
from assistant.review.rules._util import (
    HUNDRED,
    column_roles,
    dsum,
    explained,
    fmt,
    loc,
    money,
    other_row,
    q2,
    ratio_pct,
    sangong_rows,
    score_str,
    total_fund_row,
    value_at,
)

REF_SANGONG = "中央八项规定精神及厉行节约有关规定：三公经费决算不得超过预算；预算编制应科学准确"
REF_ADJUST = "预算法第十三条、第三十二条：经批准的预算非经法定程序不得调整；预算编制应科学、合理"
_NAMES = {
    "total": ("三公经费", ("三公",)),
    "vehicle": ("公务用车购置及运行维护费", ("公务用车", "公车", "车辆")),
    "abroad": ("因公出国（境）费", ("出国", "出境")),
    "reception": ("公务接待费", ("公务接待", "接待")),
}


def _budget_pairs(report):
    """(key, row, budget figure, final figure, budget column, final column) per 三公 item of the current year."""
    bd = report.basic_data
    if bd is None or bd.sangong is None:
        return []
    roles = column_roles(bd.sangong.columns, report.year)
    bcol, fcol = roles.get("cur_budget"), roles.get("cur_final")
    if bcol is None or fcol is None:
        return []
    rows = sangong_rows(report)
    out = []
    for key in _NAMES:
        row = rows.get(key)
        b, f = value_at(row, bcol), value_at(row, fcol)
        if b is not None and f is not None:
            out.append((key, row, b, f, bcol, fcol))
    return out


@rule("BUD001", "budget", "error", "三公经费决算超预算", REF_SANGONG, applies_to=("report",))
def sangong_over_budget(report, ctx):
    """本年三公经费（合计及公务用车、出国、接待各项）决算数不得超过预算数。

    ## 检查内容
    附件1三公经费各项本年决算数与本年预算数比较，决算大于预算（超过0.01万元）即报错。
    ## 为什么重要
    三公经费实行预算硬约束，超预算支出违反厉行节约规定，是审计和巡视关注重点。
    ## 示例
    2023年公务接待费预算5.00万元，决算6.30万元。
    """
    r = sangong_over_budget.rule
    for key, row, b, f, bcol, fcol in _budget_pairs(report):
        if f.value > b.value + ctx.profile.tolerance.money:
            name = _NAMES[key][0]
            yield r.make(
                loc(f, "附件1"),
                f"{name}{fcol}{money(f.value)} > {bcol}{money(b.value)}，超预算{money(f.value - b.value)}",
                evidence=f"{row.name}：预算{b.raw}，决算{f.raw}",
                suggestion=f"核实{name}超预算原因；如确有超支，应说明是否履行预算调整程序，并在第七部分分析问题。",
            )


@rule("BUD002", "budget", "info", "三公经费决算远低于预算", REF_SANGONG, applies_to=("report",))
def sangong_far_under_budget(report, ctx):
    """三公经费决算远低于预算：节支不是缺陷，但预算与实际差距大，宜说明原因。

    ## 检查内容
    附件1三公经费各项本年决算数÷本年预算数低于配置阈值（默认50%）时提示。少花钱本身不是问题，默认为提示级；
    评审配置 ``[severity] BUD002`` 可改为警告。
    ## 为什么重要
    决算与预算差距过大反映预算编制不精准，资金被长期占用；评审会要求说明原因并在下年压减预算。
    ## 示例
    公务接待费预算30万元，决算0.69万元，仅为预算的2.30%。
    """
    r = sangong_far_under_budget.rule
    limit = ctx.profile.thresholds.sangong_under_ratio
    for key, row, b, f, bcol, fcol in _budget_pairs(report):
        if not b.value or b.value <= 0:
            continue
        ratio = ratio_pct(f.value, b.value)
        if ratio is not None and ratio < limit * HUNDRED:
            name = _NAMES[key][0]
            yield r.make(
                loc(f, "附件1"),
                f"{name}{fcol}{money(f.value)}仅为{bcol}{money(b.value)}的{ratio}%"
                f"（低于{score_str(q2(limit * HUNDRED))}%），预算与实际支出差距较大（节支本身不是问题）",
                evidence=f"{row.name}：预算{b.raw}，决算{f.raw}",
                suggestion=f"说明{name}决算大幅低于预算的原因，并在下年度预算中据实压减。",
            )


def _table_notes(table) -> str:
    return "".join(i.note for i in table.indicators)


# A form whose own note requires every mid-year adjustment to be explained (四川 部门预算项目支出绩效自评表:
# "2.年中发生预算调整的（追加或调减），应单独说明理由"); its sentences are instructions, never a reason.
_ANY_ADJUSTMENT = re.compile(r"年中发生预算调整.{0,12}(?:应|须|需)(?:单独)?说明")
_FORM_NOTE = re.compile(r"应单独说明理由|需说明原因|须说明原因|预算执行率\s*=|其他资金包括|\d+字以内")


def _form_rows(report, table) -> list[list[str]]:
    if table.table is None or table.table >= len(report.tables):
        return []
    return report.tables[table.table].rows


def _requires_any_reason(rows) -> bool:
    return any(_ANY_ADJUSTMENT.search(squash(c)) for row in rows for c in row)


def _reason_cell(rows, fr) -> str:
    """What the fund row itself says beyond its figures (a 原因 cell), with the form's own notes dropped."""
    for row in rows:
        if row and squash(row[0]).rstrip(":：") == fr.name:
            words = [c for c in row[1:] if re.search(r"[\u4e00-\u9fa5]", c or "")]
            pieces = re.split(r"[;；]|(?<![\d.])(?=\d[.、．])", squash("".join(words)))
            return "".join(x for x in pieces if x and not _FORM_NOTE.search(x))
    return ""


@rule("BUD003", "budget", "warning", "预算大幅调整或执行率偏低且未说明", REF_ADJUST,
      costs=cost(PROBLEMS, 1, "预算偏差或大幅变动未说明原因", cap=3))
def budget_adjustment(report, ctx):
    """年初预算与全年预算差异过大，或执行率偏低，应在报告中说明原因。

    ## 检查内容
    自评表资金行：①全年预算数较年初预算数变动超过配置比例 ``thresholds.budget_adjust_ratio``（默认30%），或年初为0、
    年中全额追加，或表内注明“年中发生预算调整的应单独说明理由”而有任何调整（原因栏只有表内注释的不算说明）；②执行率（全年执行数÷全年预算数）低于
    配置阈值（默认90%）。正文第二、六、七、十部分（或表内偏差原因栏）没有说明调整/偏低原因（偏差原因栏须谈到执行、结转结余等）时给出警告。
    ## 为什么重要
    大额预算调整和低执行率都说明预算编制或执行存在问题，是绩效自评必须解释的偏差。
    ## 示例
    年初预算数1,244.23万元，全年预算数2,321.75万元（+86.60%），正文未说明追加原因。
    """
    r = budget_adjustment.rule
    ratio = ctx.profile.thresholds.budget_adjust_ratio
    low = ctx.profile.thresholds.execution_rate_low
    phrases = ctx.profile.phrases
    for table in self_eval_tables(report):
        fr = total_fund_row(table)
        if fr is None:
            continue
        rows = _form_rows(report, table)
        notes = _table_notes(table) + _reason_cell(rows, fr)
        if fr.initial_budget is not None and fr.budget is not None and fr.budget.value > 0 <= fr.initial_budget.value:
            first = fr.initial_budget.value
            change = (fr.budget.value - first) / first if first > 0 else None
            has_reason = explained(
                report, phrases.adjustment_reason_words, phrases, sections=("二", "六", "七", "十")
            ) or any(w in notes for w in phrases.adjustment_note_words)
            # a budget added in full mid-year, a change beyond the ratio, or any change where the form itself
            # asks for the reason of every adjustment
            needs = (change is None or abs(change) > ratio
                     or (change != 0 and _requires_any_reason(rows)))
            if needs and not has_reason:
                how = "年中全额追加" if change is None else f"{'+' if change > 0 else ''}{q2(change * HUNDRED)}%"
                asked = "，表内要求年中预算调整单独说明理由" if _requires_any_reason(rows) else ""
                yield r.make(
                    loc(fr.budget, table.section),
                    f"{table_label(table)}年初预算数{money(fr.initial_budget.value)}调整为全年预算数"
                    f"{money(fr.budget.value)}（{how}），报告未说明预算调整原因{asked}",
                    evidence=f"年初预算数{fr.initial_budget.raw}，全年预算数{fr.budget.raw}",
                    suggestion="在第二部分或第十部分说明预算追加/调减的来源、用途和原因，并分析年初预算编制的准确性。",
                )
        if fr.budget is not None and fr.executed is not None and fr.budget.value > 0:
            rate = ratio_pct(fr.executed.value, fr.budget.value)
            words = phrases.execution_reason_words
            has_reason = explained(report, words, phrases, sections=("二", "六", "七", "十")) or any(
                w in notes for w in words)
            if rate is not None and rate < low and not has_reason:
                yield r.make(
                    loc(fr.rate or fr.executed, table.section),
                    f"{table_label(table)}执行率{rate}%（全年执行数{money(fr.executed.value)}÷全年预算数"
                    f"{money(fr.budget.value)}）低于{score_str(q2(low))}%，报告未分析原因",
                    evidence=f"全年预算数{fr.budget.raw}，全年执行数{fr.executed.raw}",
                    suggestion="在第七部分分析执行率偏低的原因（如项目进度、结转结余），并在第八部分提出改进措施。",
                )


@rule("BUD004", "budget", "warning", "公用经费/三公经费较上年大幅变动且未说明",
      "厉行节约、过紧日子要求：公用经费和三公经费应从严控制，大幅变动须说明原因", applies_to=("report",),
    costs=cost(PROBLEMS, 1, "预算偏差或大幅变动未说明原因", cap=3),
)
def yoy_jump(report, ctx):
    """附件1中公用经费、三公经费本年决算较上年决算大幅变动，应说明原因。

    ## 检查内容
    附件1上年决算列与本年决算列比较：公用经费、三公经费合计（合计空白时按分项相加）变动幅度超过配置比例
    （默认30%），且第六、七、十部分没有说明增减原因时给出警告。
    ## 为什么重要
    “过紧日子”要求公用经费和三公经费只减不增；大幅增长不解释，评审会认为运行成本控制不力。
    ## 示例
    公用经费2021年决算55.85万元，2022年决算125.19万元，增长124.15%。
    """
    bd = report.basic_data
    if bd is None or bd.sangong is None:
        return
    r = yoy_jump.rule
    roles = column_roles(bd.sangong.columns, report.year)
    pcol, ccol = roles.get("prev_final"), roles.get("cur_final")
    if pcol is None or ccol is None:
        return
    limit = ctx.profile.thresholds.yoy_change_ratio
    checks = []
    row = other_row(report, "公用经费")
    p, c = value_at(row, pcol), value_at(row, ccol)
    if p is not None and c is not None:
        checks.append(("公用经费", p.value, c.value, c, ("公用经费", "运行成本", "办公费", "商品和服务")))
    rows = sangong_rows(report)
    tp, tc = value_at(rows.get("total"), pcol), value_at(rows.get("total"), ccol)
    if tp is not None and tc is not None:
        checks.append(("三公经费", tp.value, tc.value, tc, ("三公", "公务接待", "公务用车", "公车", "出国")))
    elif tp is None and tc is None:
        pp = [value_at(rows.get(k), pcol) for k in ("vehicle", "abroad", "reception")]
        cc = [value_at(rows.get(k), ccol) for k in ("vehicle", "abroad", "reception")]
        if any(x is not None for x in pp) and any(x is not None for x in cc):
            anchor = next(x for x in cc if x is not None)
            checks.append(("三公经费（各项合计）", dsum(x.value for x in pp if x is not None),
                           dsum(x.value for x in cc if x is not None), anchor,
                           ("三公", "公务接待", "公务用车", "公车", "出国")))
    for name, prev, cur, fig, words in checks:
        if prev <= 0:
            continue
        change = (cur - prev) / prev
        if abs(change) <= limit or explained(report, words, ctx.profile.phrases):
            continue
        yield r.make(
            loc(fig, "附件1"),
            f"{name}{pcol}{money(prev)}，{ccol}{money(cur)}，{'增长' if change > 0 else '下降'}"
            f"{q2(abs(change) * HUNDRED)}%，第六、七部分未说明原因",
            evidence=f"附件1：{pcol}{money(prev)}，{ccol}{money(cur)}",
            suggestion=f"在第六部分“运行成本”中说明{name}大幅{'增长' if change > 0 else '下降'}的原因"
                       f"{'，并提出压减措施' if change > 0 else ''}。",
        )





@rule("BUD005", "budget", "warning", "实有人数超过编制数", "机构编制管理规定：实有人员不得超过核定编制；控制率=实际在职人数÷编制数")
def over_staffed(report, ctx):
    """实际在职人数不应超过编制数（控制率大于100%）。

    ## 检查内容
    附件1（缺失时用第一部分）的实际在职人数大于编制数时提示，并要求说明原因。
    ## 为什么重要
    超编会推高人员经费，是部门整体支出绩效中“运行成本”和“管理效率”的扣分点。
    ## 示例
    编制数50人，2023年实际在职人数53人，控制率106%。
    """
    st = report.staffing()
    if st.authorized is None or st.actual is None or st.authorized.value <= 0:
        return
    if st.actual.value <= st.authorized.value:
        return
    rate = (st.actual.value / st.authorized.value * 100).quantize(Decimal("0.01"))
    src = st.actual.source
    yield over_staffed.rule.make(
        at(src.section if src else "附件1", src),
        f"实际在职{fmt(st.actual.value)}人超过编制{fmt(st.authorized.value)}人（控制率{rate}%）",
        evidence=src.raw if src else "",
        suggestion="说明超编原因（如政策性安置、划转未核编等）和消化计划；核对人数是否填错。",
    )


@rule("BUD006", "budget", "error", "全年执行数超过全年预算数", REF_ADJUST,
      costs=cost(COMPLETENESS, 1, "数据计算错误或前后不一致", cap=4, severity="error"))
def executed_over_budget(report, ctx):
    """全年执行数不应超过全年预算数（调整后预算），执行率不应超过100%。

    ## 检查内容
    自评表资金行（年度资金总额及各项目）的全年执行数大于全年预算数（超过金额容差）时报错。
    ## 为什么重要
    支出超过调整后预算，说明未经法定程序超预算支出，或执行数、预算数填错；执行率得分也会失真。
    ## 示例
    全年预算数800.00万元，全年执行数900.00万元，执行率112.50%。
    """
    r = executed_over_budget.rule
    for table in self_eval_tables(report):
        fr = total_fund_row(table)
        if fr is None or fr.budget is None or fr.executed is None or fr.budget.value <= 0:
            continue
        if fr.executed.value > fr.budget.value + ctx.profile.tolerance.money:
            yield r.make(
                loc(fr.executed, table.section),
                f"{table_label(table)}全年执行数{money(fr.executed.value)} > 全年预算数{money(fr.budget.value)}"
                f"（执行率{ratio_pct(fr.executed.value, fr.budget.value)}%）",
                evidence=f"全年预算数{fr.budget.raw}，全年执行数{fr.executed.raw}",
                suggestion="核对全年预算数是否为调整后预算、执行数是否含其他资金；确属超预算支出的，说明是否履行调整程序。",
            )


# ---------------------------------------------------------------- BUD007 spending in prose, no 执行率

_ANY_RATE = re.compile(r"(?:执行率|支付率|拨付率|支出率|支出进度)\D{0,6}\d")
_SPENT_WORDS = re.compile(r"支出|支付|拨付|执行|使用")
_NOT_SPENT = re.compile(r"未|结余|剩余|结转|余款")
_BUDGET_WORDS = re.compile(r"安排|下达|预算|共计|总额|计划投资")


def _clause_before(text: str, start: int) -> str:
    return re.split(r"[，,；;。：:]", text[:start])[-1]


@rule("BUD007", "budget", "warning", "正文支出明显少于安排数却未写执行率", REF_ADJUST,
      costs=cost(PROBLEMS, 1, "预算偏差或大幅变动未说明原因", cap=3))
def prose_low_execution(report, ctx):
    """没有自评表资金栏的报告，正文写了安排（下达、预算）金额和实际支出金额，支出明显偏少时应写明执行率并分析原因。

    ## 检查内容
    文件没有可读的自评表资金行（有则由BUD003核对）、全文也没有写任何执行率时：同一段中先写“安排（下达、预算、
    共计）X万元”、后写“支出（支付、拨付、使用）Y万元”的，Y÷X低于配置阈值（默认90%），且全文没有执行率偏低的
    原因说明（评审配置 execution_reason_words，如“结转”“未支付”）时给出警告。
    ## 为什么重要
    预算执行率是自评的第一项指标；只写“余款安排下年支出”而不写执行率、不分析原因，偏差就被掩盖了。
    ## 示例
    “共计239万元……我校2022年财政安排支出共计87.06万元，余款安排下年支出”：执行率36.43%，未写明也未分析。
    """
    r = prose_low_execution.rule
    if any(total_fund_row(t) is not None for t in self_eval_tables(report)):
        return
    pieces = list(iter_paragraphs(report))
    whole = "".join(p.text for p in pieces)
    if _ANY_RATE.search(whole):
        return
    words = ctx.profile.phrases.execution_reason_words
    if any(w in whole for w in words):
        return
    low = ctx.profile.thresholds.execution_rate_low
    for piece in pieces:
        budget = None
        for a in prose_amounts(piece.text):
            if a.approximate:
                continue
            lead = _clause_before(piece.text, a.start)
            if _SPENT_WORDS.search(lead) and not _NOT_SPENT.search(lead):
                if budget is None or a.value <= 0 or a.value >= budget.value:
                    continue
                rate = ratio_pct(a.value, budget.value)
                if rate is None or rate >= low:
                    break
                yield r.make(
                    piece.location,
                    f"正文写明安排{budget.raw}、支出{a.raw}（执行率{rate}%），未写明执行率，也未分析支出偏少的原因",
                    evidence=f"{piece.where}：{clip(piece.text[max(0, budget.start - 20): a.end + 20], 160)}",
                    suggestion="写明全年预算数、实际支出数和预算执行率，说明未支出部分的去向（结转、收回）和原因。",
                )
                return
            if budget is None and _BUDGET_WORDS.search(lead) and not _SPENT_WORDS.search(lead):
                budget = a
