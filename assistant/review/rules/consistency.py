"""Consistency: the text (sections 一/二), 附件1 and 附件2 must tell the same story, also year over year."""

from __future__ import annotations

import re
from decimal import Decimal

from assistant.report.model import Figure
from assistant.report.normalize import NUMBER, number_in, to_halfwidth
from assistant.report.roles import part_name
from assistant.review.finding import at
from assistant.review.registry import rule
from assistant.review.rubric import COMPLETENESS, cost
from assistant.review.rules._symptoms import current_final, double_counted, income, typo_for_cross
from assistant.review.rules._text import iter_paragraphs
from assistant.review.rules._util import (
    HUNDRED,
    column_roles,
    dsum,
    explained,
    fmt,
    loc,
    money,
    other_row,
    project_rows,
    q2,
    sangong_rows,
    score_str,
    total_fund_row,
    value_at,
)

REF_TEXT_TABLE = "部门决算与绩效自评口径一致：正文、基础数据表与自评表同一数据应一致"


_current_final = current_final  # a 附件1 row's current-year 决算 value (shared with the typo finder)


def _nature(table, word: str):
    for k, v in table.by_nature.items():
        if word in k and v is not None:
            return v
    return None


@rule("CON001", "consistency", "error", "附件2按支出性质分与正文基本/项目支出不一致", REF_TEXT_TABLE,
      applies_to=("report",),
    costs=cost(COMPLETENESS, 1, "数据计算错误或前后不一致", cap=4, severity="error"),
)
def nature_vs_text(report, ctx):
    """附件2“按支出性质分”的基本支出、项目支出应与正文第二部分的合计一致。

    ## 检查内容
    附件2按支出性质分列的基本支出、项目支出金额，分别与第二部分“基本支出”“项目支出”合计比较（容差0.01万元）。
    附件2的金额恰好等于正文各分项之和时，是正文合计一处笔误的两个症状，由ARI030一并报告，这里不重复。
    ## 为什么重要
    同一笔支出在正文和自评表中金额不同，读者无法判断哪一个是真实数据。
    ## 示例
    正文“基本支出为612.40万元”，附件2“其中：基本支出：621.40”。
    """
    se = report.self_eval
    if se is None:
        return
    r = nature_vs_text.rule
    for word, part in (("基本支出", report.budget.basic), ("项目支出", report.budget.project)):
        fig = _nature(se, word)
        if fig is None or part.total is None:
            continue
        if not ctx.close(fig.value, part.total.value) and typo_for_cross(report, ctx, "CON001", fig) is None:
            yield r.make(
                loc(fig, "附件2"),
                f"附件2按支出性质分{word}{money(fig.value)} ≠ 第二部分{word}{money(part.total.value)}",
                evidence=f"附件2：{fig.source.raw if fig.source else fig.raw}；第二部分：{part.total.raw}",
                suggestion=f"以决算数为准统一正文与附件2的{word}金额。",
            )


@rule("CON002", "consistency", "error", "附件1公用经费与基本支出商品和服务支出不一致",
      "附件1填表说明：“公用经费”填报基本支出中的商品和服务支出", applies_to=("report",),
    costs=cost(COMPLETENESS, 1, "数据计算错误或前后不一致", cap=4, severity="error"),
)
def public_funds_vs_goods(report, ctx):
    """附件1本年公用经费决算数应等于第二部分基本支出中的商品和服务支出。

    ## 检查内容
    附件1“公用经费”本年决算数与第二部分基本支出的“商品和服务支出”比较（容差0.01万元）。差额恰好也是基本支出
    合计与分项之和的差额时，是正文一处笔误的两个症状，由ARI030一并报告，这里不重复。
    ## 为什么重要
    公用经费就是基本支出中的商品和服务支出，两处不同说明至少一处抄错，也会让ARI001等合计核对失真。
    ## 示例
    附件1公用经费125.19万元，正文基本支出中商品服务支出124.44万元。
    """
    row = other_row(report, "公用经费")
    fig = _current_final(report, row)
    goods = report.budget.basic.classes.get("商品和服务支出")
    if fig is None or goods is None:
        return
    if not ctx.close(fig.value, goods.value) and typo_for_cross(report, ctx, "CON002", fig) is None:
        col = column_roles(report.basic_data.sangong.columns, report.year).get("cur_final", "")
        yield public_funds_vs_goods.rule.make(
            loc(fig, "附件1"),
            f"附件1公用经费{col}{money(fig.value)} ≠ 第二部分基本支出中商品和服务支出{money(goods.value)}"
            f"（差额{money(fig.value - goods.value)}）",
            evidence=f"附件1：{row.name} {fig.raw}；第二部分：{goods.raw}",
            suggestion="核对决算报表中基本支出的商品和服务支出，统一附件1公用经费与正文金额。",
        )


@rule("CON003", "consistency", "warning", "附件1项目支出与正文项目支出不一致",
      "附件1填表说明：“项目支出”需填报基本支出以外的所有项目支出", applies_to=("report",),
    costs=cost(COMPLETENESS, 1, "数据计算错误或前后不一致", cap=4, severity="error"),
)
def project_rows_vs_text(report, ctx):
    """附件1项目支出（本年决算）应与第二部分项目支出合计一致。

    ## 检查内容
    附件1“项目支出”行若填有合计，与第二部分项目支出合计比较（不一致为错误）；否则把其下各项目（业务工作经费、
    运行维护经费、专项资金等）本年决算数相加后比较（不一致为警告，可能是漏填项目）。容差0.01万元。
    ## 为什么重要
    附件1要求列出基本支出以外的全部项目支出；合计对不上说明漏列项目或金额有误。
    ## 示例
    附件1各项目本年决算合计1,200.60万元，正文项目支出1,250.60万元。
    """
    header, items = project_rows(report)
    text_total = report.budget.project.total
    if text_total is None or (header is None and not items):
        return
    r = project_rows_vs_text.rule
    head_fig = _current_final(report, header)
    if head_fig is not None:
        if not ctx.close(head_fig.value, text_total.value):
            yield r.make(
                loc(head_fig, "附件1"),
                f"附件1项目支出本年决算{money(head_fig.value)} ≠ 第二部分项目支出{money(text_total.value)}",
                evidence=f"附件1：{header.name} {head_fig.raw}；第二部分：{text_total.raw}",
                suggestion="统一附件1与正文的项目支出金额。",
                severity="error",
            )
        return
    figs = [(row, _current_final(report, row)) for row in items]
    figs = [(row, f) for row, f in figs if f is not None]
    if not figs:
        return
    s = dsum(f.value for _, f in figs)
    if not ctx.close(s, text_total.value):
        listing = "+".join(f"{re.sub(r'^[0-9]+[、.]', '', row.name)}{money(f.value)}" for row, f in figs)
        yield r.make(
            loc(figs[0][1], "附件1"),
            f"附件1各项目支出本年决算之和{money(s)}（{listing}） ≠ 第二部分项目支出{money(text_total.value)}"
            f"（差额{money(s - text_total.value)}）",
            evidence=f"第二部分：{text_total.raw}",
            suggestion="在附件1补全基本支出以外的全部项目支出，或更正金额，使其与正文项目支出一致。",
        )


@rule("CON004", "consistency", "error", "正文人员编制/实有人数与附件1不一致", REF_TEXT_TABLE,
      applies_to=("report",),
    costs=cost(COMPLETENESS, 1, "数据计算错误或前后不一致", cap=4, severity="error"),
)
def staffing_vs_table(report, ctx):
    """第一部分所写编制数、实有人数应与附件1的编制数、实际在职人数一致。

    ## 检查内容
    第一部分“编制××人、实有××人”与附件1“编制数”“实际在职人数”逐项比较。
    ## 为什么重要
    人员数是人员经费、控制率的依据，正文与附表不一致会让读者怀疑基础数据的准确性。
    ## 示例
    正文“核定编制35人，实有在职人员33人”，附件1编制数35、实际在职人数31。
    """
    bd = report.basic_data
    if bd is None:
        return
    r = staffing_vs_table.rule
    for key, text_word, table_word in (("authorized", "编制", "编制数"), ("actual", "实有人数", "实际在职人数")):
        t = getattr(report.staffing_text, key)
        a = getattr(bd.staffing, key)
        if t is None or a is None:
            continue
        if t.value != a.value:
            yield r.make(
                loc(a, "附件1"),
                f"第一部分{text_word}{fmt(t.value)}人 ≠ 附件1{table_word}{fmt(a.value)}人",
                evidence=f"第一部分：“{t.raw}”；附件1：{a.raw}",
                suggestion=f"核实年末{table_word}，统一正文与附件1。",
            )


_income = income  # (name, figure) of the first 按收入性质分 source named by one of the words


def _nontax_sentence(report) -> str:
    sec = report.by_role("budget")
    for para in sec.paragraphs if sec else []:
        for sentence in re.split(r"[。；;]", para.text):
            if "非税" in sentence or "专户" in sentence:
                return sentence.strip()
    return ""


@rule("CON005", "consistency", "error", "同一资金重复计入一般公共预算和纳入专户管理的非税收入",
      "纳入专户管理的非税收入与一般公共预算是不同的收入来源；按收入性质分列时同一资金只能计入一项",
    costs=cost(COMPLETENESS, 1, "数据计算错误或前后不一致", cap=4, severity="error"),
)
def double_counted_income(report, ctx):
    """纳入专户管理的非税收入是独立的收入来源，不能再计入一般公共预算。

    ## 检查内容
    自评表“按收入性质分”中，一般公共预算与纳入专户管理的非税收入拨款之和超过年度资金总额，且一般公共预算已
    等于（或超过）资金总额，或第二部分写明项目支出全部/部分来自纳入专户管理的非税收入。
    ## 为什么重要
    重复计列会虚增一般公共预算规模，资金来源结构失真，也使按收入性质分的合计大于资金总额（这一合计不符是
    重复计列的症状，ARI007不再另报）。
    ## 示例
    第二部分“项目支出1517.72万元，全部为纳入专户管理的非税收入拨款”，附件2却列“一般公共预算：2321.75”
    （即全部资金）和“纳入专户管理的非税收入拨款：1517.72”。
    """
    r = double_counted_income.rule
    for table in [t for t in ([report.self_eval] + list(report.projects)) if t is not None]:
        dc = double_counted(report, table, ctx)
        if dc is None:
            continue
        gpb, nt, nt_name, total, gpb_is_all = dc.gpb, dc.nt, dc.nt_name, dc.total, dc.gpb_is_all
        why = ""
        if dc.says_nontax:
            quote = _nontax_sentence(report)
            why = f"第二部分称“{quote}”，" if quote else ""
        expected = total.value - nt.value
        yield r.make(
            loc(gpb, table.section),
            f"{table.section}按收入性质分重复计列：一般公共预算{money(gpb.value)}"
            f"{'已等于年度资金总额' if gpb_is_all else ''}{money(total.value) if gpb_is_all else ''}，"
            f"又列{nt_name}{money(nt.value)}，两者合计{money(gpb.value + nt.value)}超过资金总额{money(total.value)}。"
            f"{why}纳入专户管理的非税收入是独立于一般公共预算的收入来源，同一笔资金被计入了两个来源",
            evidence=f"{gpb.source.raw if gpb.source else gpb.raw}；{nt.source.raw if nt.source else nt.raw}；"
                     f"年度资金总额{total.raw}",
            suggestion=f"一般公共预算应填{money(expected)}（资金总额{money(total.value)}−{nt_name}"
                       f"{money(nt.value)}），使各收入来源之和等于资金总额。",
        )


# ---------------------------------------------------------------- CON006 indicator amounts

_LABELLED = re.compile(
    rf"(公用经费|人员经费|基本支出|项目支出|三公经费)([^0-9，。；;、]{{0,8}}?)({NUMBER})\s*万元"
)
_PLAN_WORDS = ("预算", "计划", "不超过", "不高于", "控制在", "以内", "以下", "上限", "指标", "安排", "年初", "争取")


def _reference_amounts(report, label: str) -> list[tuple[str, Decimal]]:
    """What the document says elsewhere about ``label`` (section 二 / 附件1, current-year 决算)."""
    out: list[tuple[str, Decimal]] = []
    b = report.budget
    if label == "公用经费":
        f = _current_final(report, other_row(report, "公用经费"))
        if f is not None:
            out.append(("附件1公用经费", f.value))
        g = b.basic.classes.get("商品和服务支出")
        if g is not None:
            out.append(("第二部分基本支出中商品和服务支出", g.value))
    elif label == "人员经费":
        w = b.basic.classes.get("工资福利支出")
        if w is not None:
            out.append(("第二部分基本支出中工资福利支出", w.value))
            p = b.basic.classes.get("对个人和家庭的补助")
            if p is not None:
                out.append(("第二部分工资福利支出与对个人和家庭的补助之和", w.value + p.value))
    elif label == "基本支出" and b.basic.total is not None:
        out.append(("第二部分基本支出", b.basic.total.value))
    elif label == "项目支出" and b.project.total is not None:
        out.append(("第二部分项目支出", b.project.total.value))
    elif label == "三公经费":
        rows = sangong_rows(report)
        f = _current_final(report, rows.get("total"))
        if f is None:
            parts = [_current_final(report, rows.get(k)) for k in ("vehicle", "abroad", "reception")]
            if any(p is not None for p in parts):
                out.append(("附件1三公经费各项本年决算之和", dsum(p.value for p in parts if p is not None)))
        else:
            out.append(("附件1三公经费", f.value))
    return out


def _short(text: str, n: int = 20) -> str:
    text = re.sub(r"\s+", "", text)
    return text if len(text) <= n else text[:n] + "…"


@rule("CON006", "consistency", "warning", "指标值中的金额与正文/附件1不一致", REF_TEXT_TABLE,
      costs=cost(COMPLETENESS, 1, "数据计算错误或前后不一致", cap=4, severity="error"))
def indicator_amounts(report, ctx):
    """自评表指标中写明的公用经费、人员经费、基本/项目支出、三公经费金额应与正文和附件1一致。

    ## 检查内容
    附件2/附件3指标行（三级指标、年度指标值、实际完成值）中明确标注为公用经费、人员经费、基本支出、项目支出或
    三公经费的万元金额，与第二部分或附件1同一项目的本年决算数比较；带“预算”“控制在”“以内”等计划口径字样的
    金额不比较。
    ## 为什么重要
    指标中的金额是完成情况的证据，与决算数据自相矛盾会削弱整份自评的可信度。
    ## 示例
    实际完成值写“公用经费94.62万元”，而附件1公用经费决算125.19万元、正文商品和服务支出124.44万元。
    """
    r = indicator_amounts.rule
    tables = [t for t in ([report.self_eval] + list(report.projects)) if t is not None]
    for table in tables:
        for ind in table.indicators:
            for col_name, text, cell in (("三级指标", ind.level3, None), ("年度指标值", ind.target, ind.target_cell),
                                         ("实际完成值", ind.actual, ind.actual_cell)):
                t = to_halfwidth(text or "")
                for m in _LABELLED.finditer(t):
                    label, between = m.group(1), m.group(2)
                    before = t[max(0, m.start() - 8) : m.start()]
                    clause_start = max(t.rfind(c, 0, m.start()) for c in "，。；;、") + 1
                    clause = t[clause_start : m.end()]
                    if any(w in between or w in before[-4:] or w in clause for w in _PLAN_WORDS):
                        continue
                    value = Decimal(m.group(3).replace(",", "").replace("，", ""))
                    refs = _reference_amounts(report, label)
                    if not refs or any(ctx.close(value, v) for _, v in refs):
                        continue
                    qual = re.search(r"[（(][^）)]{1,12}[）)]", t[m.end() : m.end() + 14])
                    refs_txt = "、".join(f"{name}{money(v)}" for name, v in refs)
                    yield r.make(
                        at(ind.source.section, table=ind.source.table, row=ind.source.row, cell=cell)
                        if ind.source else at(table.section),
                        f"{table.section}指标“{_short(ind.level3 or ind.level2)}”{col_name}写{label}{money(value)}"
                        f"{qual.group(0) if qual else ''}，与{refs_txt}不一致",
                        evidence=text,
                        suggestion=f"按决算数更正指标中的{label}金额；如确为不同口径（如预算数、含其他资金），请注明口径。",
                    )


# ---------------------------------------------------------------- CON101 year over year

_REF_YOY = "预算法及其实施条例：决算应真实、完整；上年数应与上年决算（上年度自评报告）一致，重大变动应说明原因"


def _prev_sangong(report, previous):
    """Pairs (label, this report's last-year value, previous report's current value)."""
    out = []
    bd, pbd = report.basic_data, previous.basic_data
    if bd is None or bd.sangong is None or pbd is None or pbd.sangong is None:
        return out
    cols = column_roles(bd.sangong.columns, report.year)
    pcols = column_roles(pbd.sangong.columns, previous.year)
    prev_col, pcur_col = cols.get("prev_final"), pcols.get("cur_final")
    if prev_col is None or pcur_col is None:
        return out
    rows, prows = sangong_rows(report), sangong_rows(previous)
    names = {"total": "三公经费", "vehicle": "公务用车购置及运行维护费", "abroad": "因公出国（境）费",
             "reception": "公务接待费"}
    for key, name in names.items():
        a, b = value_at(rows.get(key), prev_col), value_at(prows.get(key), pcur_col)
        if a is not None and b is not None:
            out.append((name, a, b, prev_col, pcur_col))
    a = value_at(other_row(report, "公用经费"), prev_col)
    b = value_at(other_row(previous, "公用经费"), pcur_col)
    if a is not None and b is not None:
        out.append(("公用经费", a, b, prev_col, pcur_col))
    _, items = project_rows(report)
    figs = [value_at(row, prev_col) for row in items]
    figs = [f for f in figs if f is not None]
    if figs and previous.budget.project.total is not None:
        s = dsum(f.value for f in figs)
        out.append(("项目支出", Figure(value=s, raw=fmt(s), source=figs[0].source),
                    previous.budget.project.total, prev_col, "上年报告第二部分"))
    return out


def _sangong_total(report, role: str):
    bd = report.basic_data
    if bd is None or bd.sangong is None:
        return None
    col = column_roles(bd.sangong.columns, report.year).get(role)
    rows = sangong_rows(report)
    t = value_at(rows.get("total"), col)
    if t is not None:
        return t.value, t
    parts = [value_at(rows.get(k), col) for k in ("vehicle", "abroad", "reception")]
    parts = [p for p in parts if p is not None]
    if not parts:
        return None
    return dsum(p.value for p in parts), parts[0]


@rule("CON101", "consistency", "warning", "与上年度报告数据不衔接或变动未说明", _REF_YOY, applies_to=("report",),
      costs=cost(COMPLETENESS, 1, "数据计算错误或前后不一致", cap=4, severity="error"))
def year_over_year(report, ctx):
    """本年附件1的上年决算数应与上年度报告一致；基本支出、项目支出、三公经费大幅变动应说明原因。

    ## 检查内容
    提供上年度报告（--previous）时：①附件1上年决算列（三公经费各项、公用经费、项目支出）与上年度报告本年决算数
    或第二部分合计比较；②基本支出、项目支出、三公经费较上年变动幅度超过配置阈值（默认30%）而第六、七、十部分
    未说明增减原因的，给出警告。
    ## 为什么重要
    上年数对不上说明抄录错误或口径变化；大幅增减不解释，评审无法判断是否合理。
    ## 示例
    本年附件1“2022年决算数”公务接待费4.00万元，上年度报告附件1本年决算为3.60万元。
    """
    prev = ctx.previous
    if prev is None:
        return
    r = year_over_year.rule
    for name, a, b, col, pcol in _prev_sangong(report, prev):
        if not ctx.close(a.value, b.value):
            yield r.make(
                loc(a, "附件1"),
                f"附件1“{col}”{name}{money(a.value)} ≠ 上年度报告{pcol}{money(b.value)}",
                evidence=f"本年附件1：{a.raw}；上年报告：{b.raw}",
                suggestion="上年数应取自上年决算（上年度自评报告），如口径调整请在第十部分说明。",
            )
    ratio = ctx.profile.thresholds.yoy_change_ratio
    checks = []
    for key, word in (("basic", "基本支出"), ("project", "项目支出")):
        cur, old = getattr(report.budget, key).total, getattr(prev.budget, key).total
        if cur is not None and old is not None:
            checks.append((word, cur.value, old.value, cur, (word,)))
    cur_sg, old_sg = _sangong_total(report, "cur_final"), _sangong_total(prev, "cur_final")
    if cur_sg is not None and old_sg is not None:
        checks.append(("三公经费", cur_sg[0], old_sg[0], cur_sg[1], ("三公", "公务接待", "公务用车", "出国")))
    for word, cur, old, fig, words in checks:
        if not old:
            continue
        change = (cur - old) / old
        if abs(change) <= ratio or explained(report, words, ctx.profile.phrases):
            continue
        yield r.make(
            loc(fig, "二" if word != "三公经费" else "附件1"),
            f"{word}由上年{money(old)}变为本年{money(cur)}（{'+' if change > 0 else ''}{q2(change * HUNDRED)}%），"
            f"变动超过{score_str(q2(ratio * HUNDRED))}%，第六、七部分未说明原因",
            evidence=f"本年：{fig.raw}；上年度报告：{money(old)}",
            suggestion=f"在第六部分（运行成本）或第七部分说明{word}大幅{'增加' if change > 0 else '减少'}的原因。",
        )


# ---------------------------------------------------------------- CON007 narrative figures vs the tables

_GAP = r"(?:为|是|达|达到|共|共计|合计|总计|约|:|：)?"
# (key, label pattern, allowed qualifier between label and number, unit pattern, kind)
# The label must sit right before the number (at most a qualifier and a linking word between them).
_NARRATIVE_ITEMS: tuple[tuple[str, str, str, str], ...] = (
    ("rate", r"(?:预算|资金|支出)?执行率", r"", "%"),
    ("control", r"(?:人员|编制)?控制率", r"", "%"),
    ("budget", r"全年预算数?|调整后预算数?|全年预算总额", r"(?:调整为|调整后为)?", "万元"),
    ("initial", r"年初预算数?", r"", "万元"),
    ("executed", r"全年执行数|全年支出|全年实际支出|执行数|支出总额", r"", "万元"),
    ("basic", r"基本支出", r"", "万元"),
    ("project", r"项目支出", r"", "万元"),
    ("sangong", r"三公经费", r"(?:决算数?|实际支出|支出|总额)?", "万元"),
    ("sangong_budget", r"三公经费", r"(?:预算数?)", "万元"),
    ("public", r"公用经费", r"(?:决算数?|支出)?", "万元"),
    ("procurement", r"政府采购", r"(?:金额|支出|资金|总额)?", "万元"),
    ("authorized", r"核定编制数?|编制数|编制", r"", "人|名"),
    ("actual", r"实有在职(?:人员|人数|干部职工|职工)?|实有(?:人员|人数|干部职工|职工)?|实际在职(?:人员|人数)?",
     r"", "人|名"),
)
_NARRATIVE_RE = [
    (key, re.compile(rf"(?P<label>{label})(?P<qual>{qual}){_GAP}\s*(?P<num>{NUMBER})\s*(?P<unit>{unit})"))
    for key, label, qual, unit in _NARRATIVE_ITEMS
]
_ITEM_NAMES = {
    "rate": "预算执行率", "control": "人员控制率", "budget": "全年预算数", "initial": "年初预算数",
    "executed": "全年执行数", "basic": "基本支出", "project": "项目支出", "sangong": "三公经费决算",
    "sangong_budget": "三公经费预算", "public": "公用经费", "procurement": "政府采购金额",
    "authorized": "编制数", "actual": "实有人数",
}
# 人均/平均/每 before the label: a per-capita or average figure, not the item's total.
_PER_UNIT_BEFORE = re.compile(r"(?:人均|户均|平均|每人|每)$")
# A figure that is a target, a limit, an estimate or another year's is not the stated result.
_NOT_RESULT_AFTER = re.compile(r"^\s*(?:以上|以下|以内|左右|上下|之内|内)")
_NOT_RESULT_BEFORE = ("不低于", "不高于", "不超过", "不少于", "力争", "目标", "计划", "预计", "确保", "要求", "控制在",
                      "上年", "去年", "上一年", "同比", "较", "比", "增加", "减少", "提高", "下降", "增长")
# a figure of something narrower than the whole unit (a project, a fund): in the clause, or as the sentence subject
_SUBJECT_WORDS = ("项目", "专项", "资金", "经费", "中心", "学校", "科室", "下属")
_SENTENCE_SUBJECT = ("项目", "专项")
_CLAUSE_END = "，,。；;：:（）()、"
_SENTENCE_END = "。；;！!？?\n"


def _clause_before(text: str, start: int) -> str:
    i = max(text.rfind(c, 0, start) for c in _CLAUSE_END)
    return text[i + 1 : start]


def _sentence_before(text: str, start: int) -> str:
    i = max(text.rfind(c, 0, start) for c in _SENTENCE_END)
    return text[i + 1 : start]


def _precision(num: str) -> Decimal:
    """Half a unit of the last written digit: '96.7' -> 0.05, '97' -> 0.5."""
    decimals = len(num.split(".")[1]) if "." in num else 0
    return Decimal(5) / (Decimal(10) ** (decimals + 1))


def _table_refs(report, key: str) -> tuple[list[tuple[str, Decimal]], object | None]:
    """Acceptable table values for a narrative item: [(label, value)] plus a Figure to anchor evidence."""
    se = report.self_eval
    fr = total_fund_row(se) if se is not None else None
    bd = report.basic_data
    refs: list[tuple[str, Decimal]] = []
    anchor = None

    def add(label, fig):
        nonlocal anchor
        if fig is not None:
            refs.append((label, fig.value))
            anchor = anchor or fig

    if key == "rate" and fr is not None:
        add("附件2年度资金总额执行率", fr.rate)
        if fr.budget is not None and fr.executed is not None and fr.budget.value:
            refs.append(("附件2全年执行数/全年预算数", q2(fr.executed.value / fr.budget.value * HUNDRED)))
    elif key in ("budget", "initial", "executed") and fr is not None:
        field = {"budget": "budget", "initial": "initial_budget", "executed": "executed"}[key]
        add(f"附件2年度资金总额{_ITEM_NAMES[key]}", getattr(fr, field))
    elif key in ("basic", "project") and se is not None:
        add(f"附件2按支出性质分{_ITEM_NAMES[key]}", _nature(se, _ITEM_NAMES[key]))
    elif key in ("sangong", "sangong_budget"):
        got = _sangong_total(report, "cur_final" if key == "sangong" else "cur_budget")
        if got is not None:
            refs.append((f"附件1{_ITEM_NAMES[key]}", got[0]))
            anchor = got[1]
            rows = sangong_rows(report)
            col = column_roles(bd.sangong.columns, report.year).get("cur_final" if key == "sangong" else "cur_budget")
            parts = [value_at(rows.get(k), col) for k in ("vehicle", "abroad", "reception")]
            if any(p is not None for p in parts):
                refs.append(("附件1三公经费各分项之和", dsum(p.value for p in parts if p is not None)))
    elif key == "public":
        add("附件1公用经费本年决算", _current_final(report, other_row(report, "公用经费")))
        if refs:
            add("第二部分基本支出中商品和服务支出", report.budget.basic.classes.get("商品和服务支出"))
    elif key == "procurement":
        add("附件1政府采购金额本年决算", _current_final(report, other_row(report, "政府采购")))
    elif key in ("authorized", "actual", "control") and bd is not None:
        st = bd.staffing
        if key == "control":
            add("附件1控制率", st.control_rate)
            if st.authorized is not None and st.actual is not None and st.authorized.value:
                refs.append(("附件1实际在职人数/编制数", q2(st.actual.value / st.authorized.value * HUNDRED)))
        else:
            add(f"附件1{'编制数' if key == 'authorized' else '实际在职人数'}", getattr(st, key))
    return refs, anchor


@rule("CON007", "consistency", "error", "正文数据与附表不一致", REF_TEXT_TABLE, applies_to=("report",),
      costs=cost(COMPLETENESS, 1, "数据计算错误或前后不一致", cap=4, severity="error"))
def narrative_vs_tables(report, ctx):
    """正文（一、六、七等部分）中写明的执行率、预算数、执行数、三公经费、人员数等应与附件1、附件2一致。

    ## 检查内容
    正文段落中紧跟在明确标签后的数字（标签与数字之间至多隔“决算”“为”“达”等几个字），与附表中同一项目比较：
    预算执行率、全年预算数、年初预算数、全年执行数/全年支出、基本支出、项目支出（附件2）；三公经费决算/预算、
    公用经费、政府采购金额、编制数、实有人数、人员控制率（附件1）。比率只与比率比、万元只与万元比、人数只与
    人数比；按正文写出的位数留出舍入余量。目标值（不低于、以上、力争）、上年数（较上年、同比）、某个项目或专项
    的执行率不比较；第二部分的基本/项目支出由CON001核对，第一部分人员数由CON004核对，这里不重复。
    ## 为什么重要
    正文是对附表的解读，同一数据在正文和附表中不同，读者不知道哪个可信，评审会按数据不实扣分。
    ## 示例
    第六部分“全年预算数1002.15万元，执行数968.68万元，预算执行率98.16%”，而附件2年度资金总额执行率为96.66%。
    """
    r = narrative_vs_tables.rule
    staff_src = {
        (f.source.section, f.source.paragraph)
        for f in (report.staffing_text.authorized, report.staffing_text.actual)
        if f is not None and f.source is not None
    }
    budget_label = next(
        (f.source.section for f in (report.budget.basic.total, report.budget.project.total, report.budget.total)
         if f is not None and f.source is not None),
        "二",
    )
    for s in report.sections:
        for p in s.paragraphs:
            text = to_halfwidth(p.text)
            if not any(ch.isdigit() for ch in text):
                continue
            for key, rx in _NARRATIVE_RE:
                if key in ("basic", "project") and s.label == budget_label:
                    continue
                if key in ("authorized", "actual") and (s.label, p.index) in staff_src:
                    continue
                for m in rx.finditer(text):
                    if _NOT_RESULT_AFTER.match(text[m.end():]):
                        continue
                    if _PER_UNIT_BEFORE.search(text[max(0, m.start() - 2):m.start()]):
                        continue  # 人均公用经费 / 平均执行率: a ratio, not the table's total
                    before = _clause_before(text, m.start())
                    if any(w in before[-6:] for w in _NOT_RESULT_BEFORE) or re.search(r"(?:19|20)\d{2}年", before):
                        continue
                    if key in ("rate", "budget", "initial", "executed", "basic", "project"):
                        if any(w in before for w in _SUBJECT_WORDS):
                            continue
                        if any(w in _sentence_before(text, m.start()) for w in _SENTENCE_SUBJECT):
                            continue
                    if key == "authorized" and re.match(r"外|内", text[m.end("label"):m.end("label") + 1]):
                        continue
                    value = number_in(m.group("num"))
                    if value is None:
                        continue
                    refs, anchor = _table_refs(report, key)
                    if not refs:
                        continue
                    tol = max(_precision(m.group("num").replace(",", "")),
                              ctx.profile.tolerance.rate if m.group("unit") == "%" else ctx.profile.tolerance.money)
                    if m.group("unit") in ("人", "名"):
                        tol = Decimal(0)
                    if any(abs(value - v) <= tol for _, v in refs):
                        continue
                    unit = "%" if m.group("unit") == "%" else ("人" if m.group("unit") in ("人", "名") else "万元")
                    shown = f"{fmt(value)}{unit}"
                    shown_refs = [(n, v) for i, (n, v) in enumerate(refs) if all(v != w for _, w in refs[:i])]
                    refs_txt = "、".join(f"{name}{fmt(v)}{unit}" for name, v in shown_refs)
                    where = f"{part_name(s)}第{p.index + 1}段"
                    yield r.make(
                        at(s.label, paragraph=p.index),
                        f"{where}“{m.group(0)}”与附表不一致：{_ITEM_NAMES[key]}正文写{shown}，{refs_txt}",
                        evidence=f"正文：{_short(p.text, 80)}；附表：{anchor.source.raw if anchor is not None and anchor.source else refs_txt}",
                        suggestion=f"以决算数和附表为准核对{_ITEM_NAMES[key]}，统一正文与附表的数字。",
                    )


# ---------------------------------------------------------------- CON008 / CON009 copied-over year and unit

_YEAR_DU = re.compile(r"((?:19|20)\d{2})\s*年度")
_YEAR_COL = re.compile(r"((?:19|20)\d{2})年(?:预算数|决算数|实际在职人数)")


@rule("CON008", "consistency", "warning", "年度与报告年度不一致", REF_TEXT_TABLE, applies_to=("report",),
      costs=cost(COMPLETENESS, 1, "数据计算错误或前后不一致", cap=4, severity="error"))
def year_mismatch(report, ctx):
    """附件标题、附表栏目和第二部分写的年度应与报告年度一致（常见于照抄上年报告）。

    ## 检查内容
    报告标题年度为 N 时：附件标题中的“N年度……表”、附件1 中本年预算数/决算数/实际在职人数栏的年份、第二部分
    “N年度基本支出/项目支出”中的年度应为 N（附件1 的上年决算栏应为 N-1）。
    ## 为什么重要
    年度写错通常说明表格或段落是从上年报告照抄未改，数据可能也是上年的。
    ## 示例
    《2022年度……自评报告》的附件2 标题为“2021年度部门整体支出绩效自评表”。
    """
    r = year_mismatch.rule
    year = report.year
    if not year:
        return
    for att in report.attachments:
        m = _YEAR_DU.search(to_halfwidth(att.title or ""))
        if m and int(m.group(1)) != year:
            yield r.make(
                at(att.label),
                f"{att.label}标题写“{m.group(0)}”，与报告年度{year}年不一致：“{att.title}”",
                evidence=att.title,
                suggestion=f"核对{att.label}是否为{year}年度的数据；若照抄自上年报告，请更新标题和全部数字。",
            )
    bd = report.basic_data
    if bd is not None and bd.sangong is not None:
        years = sorted({int(m.group(1)) for c in bd.sangong.columns for m in [_YEAR_COL.search(c)] if m})
        if years and max(years) != year:
            yield r.make(
                at("附件1", table=bd.sangong.table),
                f"附件1经费栏目的最新年份为{max(years)}年，与报告年度{year}年不一致：{'、'.join(bd.sangong.columns)}",
                evidence="、".join(bd.sangong.columns),
                suggestion=f"附件1应列{year - 1}年决算数、{year}年预算数和{year}年决算数。",
            )
    sec = report.by_role("budget")
    if sec is not None:
        name = part_name(sec)
        for p in sec.paragraphs:
            for m in _YEAR_DU.finditer(to_halfwidth(p.text)):
                if int(m.group(1)) != year and re.match(r"\s*(?:基本支出|项目支出|一般公共预算支出|支出)", p.text[m.end():]):
                    yield r.make(
                        at(sec.label, paragraph=p.index),
                        f"{name}第{p.index + 1}段写“{m.group(0)}”支出，与报告年度{year}年不一致",
                        evidence=p.text[:120],
                        suggestion=f"{name}应写{year}年度的支出；核对数字是否也照抄了上年。",
                    )
                    break


def _unit_core(name: str) -> str:
    return re.sub(r"[\s（）()“”\"]|(?:本级|机关)$", "", name)


@rule("CON009", "consistency", "warning", "单位名称与报告不一致", REF_TEXT_TABLE, applies_to=("report",),
      costs=cost(COMPLETENESS, 1, "数据计算错误或前后不一致", cap=4, severity="error"))
def unit_mismatch(report, ctx):
    """自评表填写的部门（单位）名称应与报告标题中的单位一致。

    ## 检查内容
    附件2“市级预算部门名称”（或“单位名称”）与标题中的单位名称比较；互不包含时提示。
    ## 为什么重要
    名称不一致常见于套用其他单位的表格，表中数据可能并非本单位的。
    ## 示例
    《2023年度衡阳市档案馆整体支出绩效自评报告》的附件2 部门名称写“衡阳市图书馆”。
    """
    se = report.self_eval
    if se is None or not se.name or not report.unit:
        return
    a, b = _unit_core(se.name), _unit_core(report.unit)
    if not a or not b or a in b or b in a:
        return
    yield unit_mismatch.rule.make(
        at(se.section, table=se.table, row=0),
        f"{se.section}部门名称“{se.name}”与报告标题中的单位“{report.unit}”不一致",
        evidence=f"标题：{report.title}",
        suggestion="核对自评表是否为本单位的表格，统一单位全称。",
    )


# ---------------------------------------------------------------- CON022 list numbering

_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
_ITEM_NO = re.compile(r"(?:^|(?<=[。；;！？\s]))(\d{1,2})[.．、](?!\d)")


def _numbering_slips(paragraphs: list[str]) -> list[tuple[str, str]]:
    """(what, where quoted) for a circled list that skips a number, or an item number repeated in one paragraph."""
    out: list[tuple[str, str]] = []
    prev = 0
    for text in paragraphs:
        for m in re.finditer(f"[{_CIRCLED}]", text):
            k = _CIRCLED.index(m.group(0)) + 1
            if k == 1 or k <= prev:
                prev = k  # a new list starts
                continue
            if k > prev + 1 and prev:
                missing = "".join(_CIRCLED[prev:k - 1])
                out.append((f"序号{_CIRCLED[prev - 1]}之后是{m.group(0)}，缺少{missing}", text[max(0, m.start() - 20): m.end() + 20]))
            prev = k
    for text in paragraphs:
        nums = [(int(m.group(1)), m.start()) for m in _ITEM_NO.finditer(text)]
        if len(nums) < 3 or nums[0][0] != 1:
            continue
        for (a, _), (b, pos) in zip(nums, nums[1:]):
            if b == a and any(c == a + 1 for c, _ in nums):
                out.append((f"序号{a}重复", text[max(0, pos - 30): pos + 20]))
                break
            if b not in (a, a + 1):
                break  # not one list in order: say nothing
    return out


@rule("CON022", "consistency", "warning", "列举序号重复或跳号", "公文结构层次序数应连续（《党政机关公文格式》GB/T 9704—2012 7.3.3）")
def numbering(report, ctx):
    """同一部分里的列举序号应连续：①②③不能跳号，同一段里的“1.2.3.”不能重复。

    ## 检查内容
    每一部分按顺序读带圈序号（①②③…），某个序号之后出现的不是下一个（①之后是③）即为跳号，①重新出现视为新的
    列举；同一段中从“1.”开始依次编号的列举，某个序号写了两次（“4.……4.……5.”）即为重复。顺序混乱、看不出是
    一个列举的不判断。
    ## 为什么重要
    跳号、重号说明内容被删改后没有核对，也让人怀疑漏掉了一项（如机构设置少列一类）。
    ## 示例
    “①局机关内设股室7……③区级办公室2”（缺②）；“3.对各类城市管理信息的收集。4.完成考核考评。4.对投诉进行处理。5.……”。
    """
    r = numbering.rule
    by_section: dict[str, list] = {}
    for piece in iter_paragraphs(report):
        by_section.setdefault(piece.location.section, []).append(piece)
    for pieces in by_section.values():
        for what, quote in _numbering_slips([p.text for p in pieces]):
            piece = next((p for p in pieces if quote.strip() and quote.strip()[:10] in p.text), pieces[0])
            yield r.make(
                piece.location,
                f"{piece.where}列举{what}",
                evidence=f"{piece.where}：“…{quote.strip()}…”",
                suggestion="核对列举是否漏项或多写，按顺序重新编号。",
            )
