"""Arithmetic: parts sum to totals, rates are what the figures give."""

from __future__ import annotations

import re
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal

from assistant.review.finding import at, merge_places
from assistant.review.registry import REGISTRY, rule
from assistant.review.rubric import COMPLETENESS, SELF_EVAL_TABLE, cost
from assistant.review.rules._symptoms import double_counted, typo_for_sum, typos
from assistant.review.rules._text import clip, iter_paragraphs, prose_amounts, self_eval_tables, table_label
from assistant.review.rules._util import (
    HUNDRED,
    as_percent,
    dsum,
    execution_rate_of,
    fmt,
    loc,
    money,
    pct,
    q2,
    ratio_pct,
    sangong_rows,
    score_str,
    total_fund_row,
    value_at,
)

REF_SUM = "部门决算口径：基本支出、项目支出分别等于其经济分类科目之和"


def _class_sum_rule(report, ctx, key: str, label: str, r):
    part = getattr(report.budget, key)
    # prose may name only some classes ("其中：工资福利支出…"); a draft's form lists every class it has
    if part.total is None or not part.classes or (len(part.classes) < 2 and report.meta.format != "draft"):
        return
    if typo_for_sum(report, ctx, key) is not None:
        return  # one mistyped figure explains this and a second symptom: ARI030 reports it once
    total = part.total.value
    s = dsum(f.value for f in part.classes.values())
    if not ctx.close(total, s):
        items = "、".join(f"{k}{money(v.value)}" for k, v in part.classes.items())
        yield r.make(
            at(part.total.source.section if part.total.source else "二", part.total.source),
            f"{label}{money(total)} ≠ 各分项之和{money(s)}（差额{money(total - s)}）",
            evidence=f"{part.total.raw}；分项：{items}",
            suggestion=f"核对{label}各经济分类金额，使分项之和等于{label}合计，并与决算报表一致。",
        )


@rule("ARI001", "arithmetic", "error", "基本支出不等于各经济分类之和", REF_SUM,
      costs=cost(COMPLETENESS, 1, "数据计算错误或前后不一致", cap=4, severity="error"))
def basic_classes_sum(report, ctx):
    """基本支出合计应等于工资福利支出、商品和服务支出、对个人和家庭的补助、资本性支出之和。

    ## 检查内容
    第二部分“基本支出”的合计金额与其列出的各经济分类金额之和是否相等（容差0.01万元）。正文只列出一个分类时
    不判断（可能只是举例）；起草表单中填写的分类即全部分类。差额能由一处笔误解释（该数字在附件中的另一处金额
    恰好补足差额）时，由ARI030报告。
    ## 为什么重要
    合计与分项不符说明数据抄录或计算有误，报告公开后会被质疑数据真实性。
    ## 示例
    “基本支出为804.03万元，其中：工资福利支出658.62万元，商品服务支出124.44万元，对个人和家庭的补助支出20.22万元”
    （分项之和803.28万元）。
    """
    yield from _class_sum_rule(report, ctx, "basic", "基本支出", basic_classes_sum.rule)


@rule("ARI002", "arithmetic", "error", "项目支出不等于各经济分类之和", REF_SUM,
      costs=cost(COMPLETENESS, 1, "数据计算错误或前后不一致", cap=4, severity="error"))
def project_classes_sum(report, ctx):
    """项目支出合计应等于其各经济分类金额之和。

    ## 检查内容
    第二部分“项目支出”的合计金额与其列出的各经济分类金额之和是否相等（容差0.01万元）。
    ## 为什么重要
    项目支出是绩效评价的主体，合计错误会影响执行率、得分等一系列数据。
    ## 示例
    “项目支出为1517.72万元，其中：工资福利支出53.48万元……资本性支出480.26万元”（分项之和1547.72万元）。
    """
    yield from _class_sum_rule(report, ctx, "project", "项目支出", project_classes_sum.rule)


@rule("ARI030", "arithmetic", "error", "一处笔误造成合计不符和前后不一致", REF_SUM,
      costs=cost(COMPLETENESS, 1, "数据计算错误或前后不一致", cap=4, severity="error"))
def probable_typo(report, ctx):
    """一个数字写错，往往同时造成“合计≠分项之和”和“正文≠附件”两处不符；应作为一个问题指出，并点明疑似笔误。

    ## 检查内容
    第二部分基本支出（项目支出）合计与各经济分类之和不符时，看差额能否由一处笔误解释：①某一分类在附件中的
    另一处金额（商品和服务支出↔附件1公用经费）恰好比正文多出这个差额；②附件2按支出性质分列的金额恰好等于
    正文各分类之和（合计写错）。能解释的，报告一条，列出两处位置，ARI001/ARI002与CON001/CON002不再各报一次。
    ## 为什么重要
    两条“不一致”其实是同一个笔误；指出哪个数字疑似写错、应为多少，单位一处改正即可同时消除两处不符。
    ## 示例
    基本支出804.03万元，分项之和803.28万元（差0.75万元）；正文商品和服务支出124.44万元，附件1公用经费125.19万元
    （也差0.75万元）：124.44万元疑为125.19万元之误。
    """
    r = probable_typo.rule
    for t in typos(report, ctx):
        part = "基本支出" if t.part == "basic" else "项目支出"
        gap = money(abs(t.total.value - t.parts_sum))
        sum_msg = f"{part}{money(t.total.value)} ≠ 各分项之和{money(t.parts_sum)}"
        cross_msg = f"{t.right_name}{money(t.right.value)} ≠ {t.wrong_name}{money(t.wrong.value)}"
        if t.is_total:
            fixes = f"按{money(t.right.value)}计，即等于各分项之和，也与{t.right_name}一致"
        else:
            fixes = f"按{money(t.right.value)}计，各分项之和即等于{part}{money(t.total.value)}，也与{t.right_name}一致"
        places = [
            r.make(loc(t.wrong, "二"), f"{sum_msg}（差额{money(t.total.value - t.parts_sum)}）"),
            r.make(loc(t.right, "附件1" if t.cross_rule == "CON002" else "附件2"), cross_msg),
        ]
        cross = REGISTRY.get(t.cross_rule)
        yield merge_places(
            places,
            message=f"{t.wrong_name}{money(t.wrong.value)}疑为{money(t.right.value)}之误：现{sum_msg}，"
            f"{cross_msg}，两处都差{gap}；{fixes}",
            evidence=f"{t.wrong_name}：{t.wrong.raw}；{t.right_name}：{t.right.raw}；{part}：{t.total.raw}",
            suggestion=f"核对决算报表，若{t.wrong_name}应为{money(t.right.value)}，改正这一处即可同时消除两处不符；"
            f"若是{t.right_name}有误，则改正该处并重新核对{part}各分项。",
            reference=f"{REF_SUM}；{cross.reference}" if cross is not None else REF_SUM,
        )


# ---------------------------------------------------------------- ARI003 … ARI008

REF_RATE = "财预〔2020〕10号附件1：预算执行率=全年执行数/全年预算数（调整后预算），得分=分值×执行率，最高不超过分值"
REF_SANGONG = "三公经费=因公出国（境）费+公务用车购置及运行维护费+公务接待费；公务用车=购置费+运行维护费"
REF_FUNDS = "自评表“年度资金总额”按收入性质、按支出性质分列的金额应分别合计等于资金总额"


@rule("ARI003", "arithmetic", "error", "执行率与全年执行数/全年预算数不符", REF_RATE,
      costs=cost(SELF_EVAL_TABLE, 1, "自评表计算错误", cap=3))
def execution_rate(report, ctx):
    """自评表中填写的执行率应等于全年执行数除以全年预算数。

    ## 检查内容
    附件2及每张附件3项目支出绩效自评表的资金行：执行率是否等于全年执行数÷全年预算数（计算值保留两位小数，
    容差0.01个百分点）。
    ## 为什么重要
    执行率是预算执行率得分的依据，填错会直接改变自评得分，也说明表内数据未经复核。
    ## 示例
    全年预算数1,900.00万元、全年执行数1,863.00万元，执行率应为98.05%，表中却填“100%”。
    """
    r = execution_rate.rule
    for table in self_eval_tables(report):
        for fr in table.funds:
            if fr.budget is None or fr.executed is None or fr.rate is None:
                continue
            computed = ratio_pct(fr.executed.value, fr.budget.value)
            stated = as_percent(fr.rate)
            if computed is None or stated is None:
                continue
            exp = stated.as_tuple().exponent
            places = -exp if isinstance(exp, int) and exp < 0 else 0
            if places < 2 and computed.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP) == stated:
                continue  # '86%' for 86.20%: right at the precision the form writes
            if abs(stated - computed) > ctx.profile.tolerance.rate:
                yield r.make(
                    loc(fr.rate, table.section),
                    f"{table_label(table)}“{fr.name}”执行率{fr.rate.raw} ≠ 全年执行数{money(fr.executed.value)}"
                    f"÷全年预算数{money(fr.budget.value)} = {pct(computed)}",
                    evidence=f"全年预算数{fr.budget.raw}，全年执行数{fr.executed.raw}，执行率{fr.rate.raw}",
                    suggestion=f"将执行率改为{pct(computed)}，并据此重算预算执行率得分。",
                )


@rule("ARI004", "arithmetic", "error", "预算执行率得分不等于分值×执行率", REF_RATE,
      costs=cost(SELF_EVAL_TABLE, 1, "自评表计算错误", cap=3))
def execution_score(report, ctx):
    """预算执行率得分应为分值×执行率，且不超过分值。

    ## 检查内容
    自评表资金行的得分是否等于“分值×执行率”（执行率优先用全年执行数÷全年预算数计算，缺数时用表中执行率；
    结果以分值为上限），容差0.01分；表中得分只写一位小数时按一位小数比较。得分超过分值的由SCO001报告（消息中
    给出应得分），这里不重复。
    ## 为什么重要
    预算执行率占总分10分，得分算错会抬高或压低整体自评结果。
    ## 示例
    分值10、执行率100%，得分应为10，表中填“100”。
    """
    r = execution_score.rule
    for table in self_eval_tables(report):
        for fr in table.funds:
            if fr.weight is None or fr.score is None:
                continue
            got = execution_rate_of(fr)
            if got is None:
                continue
            rate, basis = got
            weight = fr.weight.value
            expected = q2(min(weight, weight * rate / HUNDRED))
            stated = fr.score.value
            exp_cmp = expected
            places = -stated.as_tuple().exponent if stated.as_tuple().exponent < 0 else 0
            if places == 1:
                exp_cmp = expected.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
            elif places == 0:
                # a form that scores in whole points: 8.62 written as 9 is right at that precision
                exp_cmp = expected.quantize(Decimal("1"), rounding=ROUND_HALF_UP)
            if stated > weight + ctx.profile.tolerance.score:
                continue  # over the 分值: SCO001 reports it, with the score the rate gives (said once)
            if abs(stated - exp_cmp) > ctx.profile.tolerance.score:
                capped = "（以分值为上限）" if weight * rate / HUNDRED > weight else ""
                yield r.make(
                    loc(fr.score, table.section),
                    f"{table_label(table)}预算执行率得分{fr.score.raw} ≠ 分值{fmt(weight)}×执行率{pct(rate)}"
                    f"{basis} = {score_str(expected)}分{capped}",
                    evidence=f"分值{fr.weight.raw}，执行率{fr.rate.raw if fr.rate else pct(rate)}，得分{fr.score.raw}",
                    suggestion=f"将预算执行率得分改为{score_str(expected)}分，并同步修改总分。",
                )


@rule(
    "ARI005", "arithmetic", "error", "控制率与实际在职人数/编制数不符",
    "附件1基础数据表：控制率=实际在职人数÷编制数", applies_to=("report",),
    costs=cost(COMPLETENESS, 1, "数据计算错误或前后不一致", cap=4, severity="error"),
)
def control_rate(report, ctx):
    """附件1中人员控制率应等于实际在职人数除以编制数。

    ## 检查内容
    附件1“财政供养人员情况”的控制率是否等于实际在职人数÷编制数（保留两位小数，容差0.01个百分点）。
    ## 为什么重要
    控制率反映编制管理情况，填错会误导对人员超编或空编的判断。
    ## 示例
    编制数35人、实际在职33人，控制率应为94.29%，表中填“100%”。
    """
    bd = report.basic_data
    if bd is None:
        return
    st = bd.staffing
    if st.authorized is None or st.actual is None or st.control_rate is None or not st.authorized.value:
        return
    computed = ratio_pct(st.actual.value, st.authorized.value)
    stated = as_percent(st.control_rate)
    if computed is not None and stated is not None and abs(stated - computed) > ctx.profile.tolerance.rate:
        yield control_rate.rule.make(
            loc(st.control_rate, "附件1"),
            f"控制率{st.control_rate.raw} ≠ 实际在职人数{fmt(st.actual.value)}人÷编制数{fmt(st.authorized.value)}人"
            f" = {pct(computed)}",
            evidence=f"编制数{st.authorized.raw}，实际在职人数{st.actual.raw}，控制率{st.control_rate.raw}",
            suggestion=f"将控制率改为{pct(computed)}。",
        )


_SANGONG_LABEL = {
    "total": "三公经费合计",
    "vehicle": "公务用车购置及运行维护费",
    "vehicle_purchase": "公务用车购置费",
    "vehicle_run": "公务用车运行维护费",
    "abroad": "因公出国（境）费",
    "reception": "公务接待费",
}


@rule("ARI006", "arithmetic", "error", "三公经费合计与分项之和不符", REF_SANGONG, applies_to=("report",),
      costs=cost(COMPLETENESS, 1, "数据计算错误或前后不一致", cap=4, severity="error"))
def sangong_sum(report, ctx):
    """三公经费合计应等于公务用车、因公出国（境）、公务接待三项之和；公务用车应等于购置与运行维护之和。

    ## 检查内容
    附件1三公经费各列（上年决算、本年预算、本年决算）：合计 = 公务用车 + 出国 + 接待；
    公务用车 = 购置 + 运行维护（容差0.01万元）。分项全部空白的列不检查；合计行空白而分项有数的情况属于填报
    完整性问题，不在此检查。
    ## 为什么重要
    三公经费是社会关注和审计重点，合计与分项不一致会直接被质疑数据真实性。
    ## 示例
    2023年决算：三公经费12.00万元，而公务用车6.20万元+出国0+接待3.60万元=9.80万元。
    """
    r = sangong_sum.rule
    rows = sangong_rows(report)
    if not rows:
        return
    columns = report.basic_data.sangong.columns
    vehicle_parts = [rows.get("vehicle_purchase"), rows.get("vehicle_run")]
    for col in columns:
        # 公务用车 = 购置 + 运行维护
        v_row = rows.get("vehicle")
        v_total = value_at(v_row, col)
        parts = [value_at(p, col) for p in vehicle_parts]
        if v_total is not None and any(p is not None for p in parts):
            s = dsum(p.value for p in parts if p is not None)
            if not ctx.close(v_total.value, s):
                yield r.make(
                    loc(v_total, "附件1"),
                    f"{col}公务用车购置及运行维护费{money(v_total.value)} ≠ 购置费{money(parts[0].value if parts[0] else None)}"
                    f"+运行维护费{money(parts[1].value if parts[1] else None)} = {money(s)}",
                    evidence=f"{v_row.name}：{v_total.raw}",
                    suggestion="核对公务用车购置费和运行维护费，使其之和等于公务用车经费。",
                )
        # 三公合计 = 公务用车 + 出国 + 接待
        t_row = rows.get("total")
        total = value_at(t_row, col)
        if total is None:
            continue
        vehicle = v_total
        vehicle_from_parts = False
        if vehicle is None and any(p is not None for p in parts):
            vehicle = None
            vehicle_from_parts = True
        named = {
            "公务用车": vehicle.value if vehicle is not None else (
                dsum(p.value for p in parts if p is not None) if vehicle_from_parts else None
            ),
            "因公出国（境）": (value_at(rows.get("abroad"), col).value if value_at(rows.get("abroad"), col) else None),
            "公务接待": (value_at(rows.get("reception"), col).value if value_at(rows.get("reception"), col) else None),
        }
        if all(v is None for v in named.values()):
            continue
        s = dsum(named.values())
        if not ctx.close(total.value, s):
            items = "+".join(f"{k}{money(v) if v is not None else '（空）'}" for k, v in named.items())
            yield r.make(
                loc(total, "附件1"),
                f"{col}三公经费{money(total.value)} ≠ {items} = {money(s)}",
                evidence=f"{t_row.name}：{total.raw}",
                suggestion="核对三公经费各分项，使合计等于公务用车、因公出国（境）、公务接待之和。",
            )


def _income_source(label: str) -> bool:
    return bool(label) and "合计" not in label


@rule("ARI007", "arithmetic", "error", "资金来源/支出性质分项之和不等于资金总额", REF_FUNDS,
      costs=cost(SELF_EVAL_TABLE, 1, "自评表计算错误", cap=3))
def funds_breakdown_sum(report, ctx):
    """按收入性质分、按支出性质分的金额应分别合计等于年度资金总额。

    ## 检查内容
    自评表“按收入性质分”（一般公共预算、政府性基金、纳入专户管理的非税收入、其他资金等）之和，以及
    “按支出性质分”（基本支出、项目支出）之和，是否等于年度资金总额的全年执行数（或全年预算数），容差0.01万元。
    按收入性质分的超出部分正是同一资金重复计入一般公共预算和非税收入的，由CON005报告，这里不重复。
    ## 为什么重要
    分项之和大于总额通常意味着同一笔资金被重复计入两个来源；小于总额则有资金来源未列示。
    ## 示例
    一般公共预算2,321.75万元+纳入专户管理的非税收入拨款1,517.72万元=3,839.47万元，而年度资金总额只有
    2,321.75万元。
    """
    r = funds_breakdown_sum.rule
    for table in self_eval_tables(report):
        fr = total_fund_row(table)
        if fr is None:
            continue
        targets = [f for f in (fr.executed, fr.budget) if f is not None]
        if not targets:
            continue
        for kind, parts in (("按收入性质分", table.by_income), ("按支出性质分", table.by_nature)):
            figs = {k: v for k, v in parts.items() if v is not None and _income_source(k)}
            if not figs:
                continue
            s = dsum(v.value for v in figs.values())
            if any(ctx.close(s, t.value) for t in targets):
                continue
            if kind == "按收入性质分":
                dc = double_counted(report, table, ctx)
                if dc is not None and ctx.close(s, dc.gpb.value + dc.nt.value):
                    continue  # the excess is the double counting CON005 reports (one defect, said once)
            main = fr.executed or fr.budget
            which = "全年执行数" if fr.executed is not None else "全年预算数"
            items = "+".join(f"{k}{money(v.value)}" for k, v in figs.items() if v.value) or "0"
            first = next(iter(figs.values()))
            yield r.make(
                loc(first, table.section),
                f"{table_label(table)}{kind}：{items} = {money(s)} ≠ 年度资金总额{which}{money(main.value)}",
                evidence="；".join(f"{v.source.raw if v.source else k}" for k, v in figs.items()),
                suggestion=f"按实际资金来源重新填列{kind}各项，使其合计等于年度资金总额；同一笔资金只能计入一个来源。",
            )


@rule(
    "ARI008", "arithmetic", "error", "全年执行数不等于基本支出与项目支出之和",
    "部门决算口径：一般公共预算支出=基本支出+项目支出", applies_to=("report",),
    costs=cost(COMPLETENESS, 1, "数据计算错误或前后不一致", cap=4, severity="error"),
)
def executed_equals_parts(report, ctx):
    """附件2年度资金总额的全年执行数应等于第二部分基本支出与项目支出之和。

    ## 检查内容
    附件2“年度资金总额”的全年执行数，与正文第二部分所列基本支出合计、项目支出合计之和是否相等（容差0.01万元）。
    ## 为什么重要
    全年执行数是计算执行率和得分的基础，与正文支出金额不一致说明表和文取数口径不同或有误。
    ## 示例
    正文基本支出612.40万元、项目支出1,250.60万元（合计1,863.00万元），附件2全年执行数填1,900.00万元。
    """
    se = report.self_eval
    if se is None:
        return
    fr = total_fund_row(se)
    basic, project = report.budget.basic.total, report.budget.project.total
    if fr is None or fr.executed is None or basic is None or project is None:
        return
    s = basic.value + project.value
    if not ctx.close(fr.executed.value, s):
        yield executed_equals_parts.rule.make(
            loc(fr.executed, "附件2"),
            f"附件2年度资金总额全年执行数{money(fr.executed.value)} ≠ 第二部分基本支出{money(basic.value)}"
            f"+项目支出{money(project.value)} = {money(s)}",
            evidence=f"附件2：{fr.executed.raw}；第二部分：{basic.raw}，{project.raw}",
            suggestion="核对附件2全年执行数与正文第二部分的基本支出、项目支出，统一按决算数填列。",
        )


def _component_rows(table, total) -> list:
    """The 其中 rows listed under the 年度资金总额 row (财政拨款, 上年结转, 其他资金 …)."""
    idx = table.funds.index(total)
    return [fr for fr in table.funds[idx + 1 :] if fr.name and "总额" not in fr.name and "合计" not in fr.name]


@rule("ARI009", "arithmetic", "error", "资金总额行与其中各行之和不符",
      "项目支出绩效自评表：年度资金总额=本年财政拨款+上年结转资金+其他资金（各列分别相加）")
def fund_total_vs_components(report, ctx):
    """自评表资金情况中，年度资金总额行应等于其下“其中”各行（财政拨款、上年结转、其他资金等）之和。

    ## 检查内容
    自评表“年度资金总额”（或“总额”“合计”）行的年初预算数、全年预算数、全年执行数，与其下列示的各来源行同列
    数值之和比较（空格按0计，至少一个来源行填了数才比较），容差0.01万元。
    ## 为什么重要
    总额行与构成行矛盾时，执行率和预算执行率得分无从核实；常见于总额行漏填（填0）而来源行有数。
    ## 示例
    年度资金总额：全年预算数0、全年执行数0、执行率0、得分0；其中本年财政拨款：全年预算数89.974、全年执行数89.974。
    """
    r = fund_total_vs_components.rule
    for table in self_eval_tables(report):
        total = total_fund_row(table)
        if total is None:
            continue
        parts = _component_rows(table, total)
        if not parts:
            continue
        wrong = []
        for attr, label in (("initial_budget", "年初预算数"), ("budget", "全年预算数"), ("executed", "全年执行数")):
            stated = getattr(total, attr)
            figs = [getattr(p, attr) for p in parts if getattr(p, attr) is not None]
            if stated is None or not figs:
                continue
            s = dsum(f.value for f in figs)
            if not ctx.close(s, stated.value):
                items = "+".join(f"{p.name}{money(getattr(p, attr).value)}" for p in parts
                                 if getattr(p, attr) is not None)
                wrong.append((stated, f"{label}{money(stated.value)} ≠ 其中各行之和{money(s)}（{items}）"))
        if wrong:
            yield r.make(
                loc(wrong[0][0], table.section),
                f"{table_label(table)}“{total.name}”" + "；".join(w for _, w in wrong),
                evidence=f"{total.name}：" + "、".join(f.raw for f, _ in wrong),
                suggestion=f"核对资金情况表，使“{total.name}”各列等于各资金来源之和，并据此重算执行率和得分。",
            )


# ---------------------------------------------------------------- ARI022 a rate stated in prose

_PROSE_RATE = re.compile(r"(?P<kind>执行率|支付率|拨付率|支出率)(?:为|达到?|是)?\s*(?P<num>\d{1,3}(?:\.\d+)?)\s*[%％]")
# what an amount is, read from the words just before it within its clause
_UNPAID = re.compile(r"(?:未支付?|未拨付?|未使用|未执行|尚未支出|结余|剩余)$")
_PAID = re.compile(r"(?:支付|拨付|支出|执行|使用)(?:资金|金额|了)?$")
_TOTAL = re.compile(r"(?:共|共计|合计|总额|总计|安排|下达|预算|计划投资)(?:资金|金额|为|了)?$")
_SENTENCE = re.compile(r"[^。；;！？!?\n]+")


def _role_of_amount(text: str, start: int) -> str:
    lead = re.split(r"[，,、：:（(]", text[:start])[-1].strip()
    if _UNPAID.search(lead):
        return "unpaid"
    if _PAID.search(lead):
        return "paid"
    if _TOTAL.search(lead):
        return "total"
    return ""


def _matches(value: Decimal, stated: Decimal, decimals: int) -> bool:
    step = Decimal(1).scaleb(-decimals)
    return value.quantize(step, ROUND_HALF_UP) == stated or value.quantize(step, ROUND_DOWN) == stated


@rule("ARI022", "arithmetic", "error", "正文执行率（支付率）与同一句的金额不符", REF_RATE,
      costs=cost(COMPLETENESS, 1, "数据计算错误或前后不一致", cap=4, severity="error"))
def prose_rate(report, ctx):
    """正文一句话里写了已支付（执行）金额和总额或未支付金额，又写了执行率（支付率），三者应算得上。

    ## 检查内容
    同一句中，执行率/支付率/拨付率前写明“支付（拨付、支出、执行）X万元”以及“共（安排、下达、预算）Y万元”
    或“未支付（结余、剩余）Z万元”的：按 X÷Y 或 X÷(X+Z) 计算，与所写比率按其书写精度四舍五入（或截尾）
    比较。句中任意两个金额之比能得出所写比率的，视为口径不同，不报告。
    ## 为什么重要
    执行率是预算执行评价的核心数据；与金额算不上，说明比率是估填的，或金额写错了。
    ## 示例
    “资金支付18501.096万元，未支703万元，支付率95%”：18501.096÷19204.096 = 96.34%。
    """
    r = prose_rate.rule
    for piece in iter_paragraphs(report):
        for sm in _SENTENCE.finditer(piece.text):
            sentence = sm.group(0)
            for m in _PROSE_RATE.finditer(sentence):
                head = sentence[: m.start()]
                amounts = [a for a in prose_amounts(head) if not a.approximate]
                roles = {}
                for a in amounts:
                    roles.setdefault(_role_of_amount(head, a.start), a)
                paid = roles.get("paid")
                if paid is None or len(amounts) < 2:
                    continue
                if "unpaid" in roles:
                    base, how = paid.value + roles["unpaid"].value, f"({paid.raw}+{roles['unpaid'].raw})"
                elif "total" in roles:
                    base, how = roles["total"].value, roles["total"].raw
                else:
                    continue
                if base <= 0 or paid.value > base:
                    continue
                stated = Decimal(m.group("num"))
                decimals = len(m.group("num").split(".")[1]) if "." in m.group("num") else 0
                if _matches(paid.value / base * HUNDRED, stated, decimals):
                    continue
                if any(b.value > 0 and a is not b and a.value <= b.value
                       and _matches(a.value / b.value * HUNDRED, stated, decimals) for a in amounts for b in amounts):
                    continue  # two of the amounts do give the rate: another base than the one read
                computed = q2(paid.value / base * HUNDRED)
                yield r.make(
                    piece.location,
                    f"{m.group('kind')}{m.group('num')}% ≠ {paid.raw}÷{how} = {computed}%",
                    evidence=f"{piece.where}：{clip(sentence.strip(), 160)}",
                    suggestion=f"按已支付金额÷资金总额重算{m.group('kind')}（{computed}%），或核对所写金额。",
                )
