"""Score: 自评表 分值/得分 and the 考核评分表 (rubric) add up and stay within their maxima.

Named ``score_rules`` because ``assistant/review/score.py`` is the rubric estimator.
"""

from __future__ import annotations

import re
from decimal import Decimal

from assistant.report.targets import shortfall
from assistant.review.finding import at, merge_places
from assistant.review.registry import rule
from assistant.review.rubric import SELF_EVAL_TABLE, cost
from assistant.review.rules._text import self_eval_tables, table_label
from assistant.review.rules._util import (
    HUNDRED,
    capped,
    dsum,
    execution_rate_of,
    fmt,
    loc,
    pct,
    q2,
    score_str,
    total_fund_row,
)

REF_WEIGHTS = "财预〔2020〕10号：产出指标50分、效益指标30分、服务对象满意度指标10分、预算执行率10分，总分100分"
REF_RUBRIC = "部门整体支出绩效自评工作考核评分表：各项评分不超过该项分值，合计等于各项评分之和"
REF_MISSED = "财预〔2020〕10号：自评得分应与指标完成情况相符，未完成的按完成比例扣分并说明原因"


def _s(v: Decimal | None) -> str:
    return score_str(v)


@rule("SCO001", "score", "error", "得分超过分值", REF_WEIGHTS,
      costs=cost(SELF_EVAL_TABLE, 1, "自评表计算错误", cap=3))
def score_above_weight(report, ctx):
    """每个指标（含预算执行率）的得分不得超过其分值。

    ## 检查内容
    自评表（附件2、附件3）每一指标行以及资金行（预算执行率）的得分与分值比较。资金行能算出执行率的，消息同时
    给出按执行率应得的分数（ARI004对超过分值的得分不再重复报告）。
    ## 为什么重要
    得分超过分值会虚增总分，说明自评打分未经复核。
    ## 示例
    预算执行率分值10，得分却填100。
    """
    r = score_above_weight.rule
    tol = ctx.profile.tolerance.score
    for table in self_eval_tables(report):
        for fr in table.funds:
            if fr.weight is not None and fr.score is not None and fr.score.value > fr.weight.value + tol:
                got = execution_rate_of(fr)
                due = (f"（按执行率{pct(got[0])}应得{_s(q2(min(fr.weight.value, fr.weight.value * got[0] / HUNDRED)))}分）"
                       if got is not None else "")
                yield r.make(
                    loc(fr.score, table.section),
                    f"{table_label(table)}预算执行率得分{_s(fr.score.value)}分 > 分值{_s(fr.weight.value)}分{due}",
                    evidence=f"{fr.name}：分值{fr.weight.raw}，得分{fr.score.raw}",
                    suggestion="预算执行率得分=分值×执行率，最高不超过分值。",
                )
        for ind in table.indicators:
            if ind.weight is None or ind.score is None:
                continue
            if ind.score.value > ind.weight.value + tol:
                yield r.make(
                    loc(ind.score, table.section),
                    f"{table_label(table)}“{ind.level3 or ind.level2}”得分{_s(ind.score.value)}分 > "
                    f"分值{_s(ind.weight.value)}分",
                    evidence=ind.source.raw if ind.source else "",
                    suggestion="按实际完成程度在分值范围内打分。",
                )


def _norm_block(name: str) -> str:
    return re.sub(r"[\s(（]*\d+(?:\.\d+)?分[)）]?|\s+", "", name)


def _profile_weight(weights: dict[str, Decimal], block: str) -> tuple[str, Decimal] | None:
    for key, w in weights.items():
        if key == "预算执行率":
            continue
        if key in block or block in key or (key.replace("指标", "") and key.replace("指标", "") in block):
            return key, w
    return None


def _own_scheme(table, blocks: dict[str, list], std_exec: Decimal | None) -> bool:
    """The form states its own weights — every 一级 block written as '（40分）' and a 预算执行 分值 other than the
    national one — and they add to 100: a provincial variant, judged against itself, not the national 50/30/10/10."""
    fr = total_fund_row(table)
    fw = fr.weight.value if fr is not None and fr.weight is not None else None
    if fw is None or std_exec is None or fw == std_exec:
        return False
    written = []
    for block, inds in blocks.items():
        w = next((i.level1_weight for i in inds if i.level1_weight is not None), None)
        if block and w is None:
            return False
        if block:
            written.append(w)
    return bool(written) and dsum(written) + fw == Decimal("100")


def _wrong_blocks(table, weights: dict[str, Decimal]):
    """(blocks by 一级指标, whether the form states its own scheme, [(block, rows, 分值之和, problems, expected)])
    for every block whose 三级 分值 do not add to its written or prescribed weight (SCO002; SCO003 uses it to see
    that a wrong 总分 分值 is only their consequence)."""
    blocks: dict[str, list] = {}
    for ind in table.indicators:
        blocks.setdefault(_norm_block(ind.level1), []).append(ind)
    own = _own_scheme(table, blocks, weights.get("预算执行率"))
    wrong: list[tuple[str, list, Decimal, list[str], Decimal]] = []
    for block, inds in blocks.items():
        if not block:
            continue
        figs = [i.weight for i in inds if i.weight is not None]
        if not figs:
            continue
        s = dsum(f.value for f in figs)
        written = next((i.level1_weight for i in inds if i.level1_weight is not None), None)
        std = None if own else _profile_weight(weights, block)
        problems = []
        if written is not None and s != written:
            same = std is not None and std[1] == written
            problems.append(f"表中写明{'及规定权重' if same else ''}{_s(written)}分")
        if std is not None and s != std[1] and not (written is not None and std[1] == written):
            problems.append(f"规定权重{_s(std[1])}分")
        if not problems:
            continue
        expected = std[1] if std is not None else written
        wrong.append((block, inds, s, problems, expected))
    return blocks, own, wrong


@rule("SCO002", "score", "error", "一级指标分值之和与权重不符", REF_WEIGHTS,
      costs=cost(SELF_EVAL_TABLE, "0.5", "权重不符合规定", cap=2))
def block_weights(report, ctx):
    """各一级指标下三级指标分值之和应等于该一级指标的权重。

    ## 检查内容
    自评表中产出指标、效益指标、满意度指标各自的分值之和，与标准权重（默认50/30/10）以及表中一级指标栏写明的
    分值（如“（50分）”）比较；资金行的分值（预算执行率）应为10分。同一张表中各一级指标的偏差出自同一原因
    （权重未按规定设置），合并为一条，逐项列明。
    ## 为什么重要
    权重不符合规程会在考核评分表“绩效自评表”一项中被扣分，也使总分失去可比性。
    ## 示例
    产出指标写“（50分）”，其下各三级指标分值合计只有45分。
    """
    r = block_weights.rule
    weights = ctx.profile.weights
    for table in self_eval_tables(report):
        blocks, own, wrong = _wrong_blocks(table, weights)
        if wrong:
            # one root cause (the weights do not follow the scheme): one finding per table listing every block
            first = wrong[0][1][0]
            yield r.make(
                at(first.source.section, first.source) if first.source else at(table.section),
                table_label(table) + "；".join(
                    f"{block}各三级指标分值之和{_s(s)}分 ≠ {'，且≠'.join(problems)}"
                    for block, _, s, problems, _ in wrong) + _total_consequence(table),
                evidence="；".join(
                    f"{block}：" + "、".join(f"{i.level3 or i.level2}{_s(i.weight.value)}" for i in inds if i.weight)
                    for block, inds, _, _, _ in wrong)[:400],
                suggestion="调整各一级指标下三级指标的分值，使" + "、".join(
                    f"{block}合计为{_s(expected)}分" for block, _, _, _, expected in wrong) + "。",
            )
        named = [b for b in blocks if b]
        if own:
            continue  # a provincial scheme stated on the form itself (e.g. 预算执行 20 + 指标 80) and adding to 100
        if named and all(_profile_weight(weights, b) is not None for b in named):
            # a standard 产出/效益/满意度 form: a block the profile weights but the form leaves out
            have = {_profile_weight(weights, b)[0] for b in named}
            for key, w in weights.items():
                if key == "预算执行率" or key in have or not w:
                    continue
                yield r.make(
                    at(table.section, table=table.table),
                    f"{table_label(table)}没有设置{key}（规定权重{_s(w)}分），各一级指标分值为"
                    + "、".join(f"{b}{_s(dsum(i.weight.value for i in blocks[b] if i.weight))}分" for b in named),
                    evidence="、".join(named),
                    suggestion=f"按规定设置{key}并赋{_s(w)}分，相应调整其他一级指标的分值。",
                    severity="warning",
                )
        fr = total_fund_row(table)
        std_exec = weights.get("预算执行率")
        if fr is not None and fr.weight is not None and std_exec is not None and fr.weight.value != std_exec:
            yield r.make(
                loc(fr.weight, table.section),
                f"{table_label(table)}预算执行率分值{_s(fr.weight.value)}分 ≠ 规定权重{_s(std_exec)}分",
                evidence=f"{fr.name}：分值{fr.weight.raw}",
                suggestion=f"预算执行率分值应为{_s(std_exec)}分。",
            )


def _weight_sum(table) -> Decimal:
    fr = total_fund_row(table)
    fund_w = fr.weight.value if fr is not None and fr.weight is not None else Decimal(0)
    return dsum(i.weight.value for i in table.indicators if i.weight is not None) + fund_w


def _total_consequence(table) -> str:
    """``，各项分值合计85分与总分栏分值100分不符``: what the block weights do to the 总分 (said once, here)."""
    if table.total_weight is None or not table.indicators:
        return ""
    s, tw = _weight_sum(table), table.total_weight.value
    return f"，各项分值合计{_s(s)}分与总分栏分值{_s(tw)}分不符" if s != tw else ""


def _explained_by_blocks(table, weights: dict[str, Decimal]) -> bool:
    """The 总分 分值 differs from the items' sum only because some 一级 blocks miss their weight (SCO002 says so):
    with those blocks at their weight the items add up to the 总分."""
    blocks, _, wrong = _wrong_blocks(table, weights)
    if not wrong or table.total_weight is None:
        return False
    fixed = {block: expected for block, _, _, _, expected in wrong}
    fr = total_fund_row(table)
    fund_w = fr.weight.value if fr is not None and fr.weight is not None else Decimal(0)
    total = fund_w + dsum(
        fixed[b] if b in fixed else dsum(i.weight.value for i in inds if i.weight is not None)
        for b, inds in blocks.items()
    )
    return total == table.total_weight.value


@rule("SCO003", "score", "error", "总分与各项分值/得分之和不符", REF_WEIGHTS,
      costs=cost(SELF_EVAL_TABLE, 1, "自评表计算错误", cap=3))
def total_row(report, ctx):
    """总分行的分值应为100且等于各项分值之和，得分应等于各项得分之和。

    ## 检查内容
    自评表“总分”行：分值是否为100分、是否等于全部三级指标分值与预算执行率分值之和；得分是否等于全部三级指标
    得分与预算执行率得分之和（容差0.01分）。各项得分先按分值封顶再相加：超过分值的得分已由SCO001/ARI004报告，
    总分栏等于封顶前或封顶后的合计都不再重复报告。分值之和的差额恰好是某些一级指标未达规定权重造成的，由SCO002
    一并说明，这里不重复。
    ## 为什么重要
    总分决定自评等级，与明细对不上意味着自评结论不可信。
    ## 示例
    总分栏得分100，而各项得分按分值封顶后合计85分（三级指标75分+预算执行率10分；表中预算执行率得分填100）。
    """
    r = total_row.rule
    tol = ctx.profile.tolerance.score
    full = sum(ctx.profile.weights.values(), Decimal("0")) or Decimal("100")
    for table in self_eval_tables(report):
        fr = total_fund_row(table)
        ind_w = dsum(i.weight.value for i in table.indicators if i.weight is not None)
        ind_s = dsum(i.score.value for i in table.indicators if i.score is not None)
        fund_w = fr.weight.value if fr is not None and fr.weight is not None else None
        fund_s = fr.score.value if fr is not None and fr.score is not None else None
        if table.total_weight is not None:
            tw = table.total_weight.value
            by_blocks = _explained_by_blocks(table, ctx.profile.weights)
            if tw != full:
                yield r.make(
                    loc(table.total_weight, table.section),
                    f"{table_label(table)}总分栏分值{_s(tw)}分 ≠ {_s(full)}分",
                    evidence=table.total_weight.raw,
                    suggestion=f"总分应为{_s(full)}分。",
                )
            if table.indicators and not by_blocks:
                s = ind_w + (fund_w or 0)
                if abs(s - tw) > tol:
                    yield r.make(
                        loc(table.total_weight, table.section),
                        f"{table_label(table)}总分栏分值{_s(tw)}分 ≠ 各项分值之和{_s(s)}分"
                        f"（三级指标{_s(ind_w)}分+预算执行率{_s(fund_w)}分）",
                        evidence=table.total_weight.raw,
                        suggestion="调整各指标分值使其合计为100分，或更正总分栏。",
                    )
        if table.total_score is not None and table.indicators:
            ts = table.total_score.value
            raw = ind_s + (fund_s or 0)
            cap_ind = dsum(capped(i.score.value, i.weight.value if i.weight else None)
                           for i in table.indicators if i.score is not None)
            cap_fund = capped(fund_s, fund_w) if fund_s is not None else None
            s = cap_ind + (cap_fund or 0)
            if abs(s - ts) > tol and abs(raw - ts) > tol:
                note = "；超过分值的得分按分值计" if s != raw else ""
                yield r.make(
                    loc(table.total_score, table.section),
                    f"{table_label(table)}总分栏得分{_s(ts)}分 ≠ 各项得分之和{_s(s)}分"
                    f"（三级指标{_s(cap_ind)}分+预算执行率{_s(cap_fund)}分{note}）",
                    evidence=table.total_score.raw,
                    suggestion="总分得分应等于各三级指标得分与预算执行率得分之和（先更正超过分值的得分）。",
                )


def _rubric_section(report) -> str:
    return report.rubric.section if report.rubric is not None else "全文"


@rule("SCO004", "score", "error", "考核评分表评分超过该项分值", REF_RUBRIC, applies_to=("report",))
def rubric_item_max(report, ctx):
    """考核评分表每个二级指标的评分不得超过其分值。

    ## 检查内容
    考核评分表中每个二级指标的评分，与括号内分值（如“提交报告（10分）”）比较。同一张表中有多项超过的，合并为
    一条，逐项列明（每项一处）。
    ## 为什么重要
    评分超过分值说明打分表未经复核，合计也随之失真。
    ## 示例
    “提交报告（10分）”评分20；“自评报告的完整性（15分）”评分20。
    """
    rub = report.rubric
    if rub is None:
        return
    r = rubric_item_max.rule
    over = []
    for item in rub.items:
        if item.max_score is None or item.score is None:
            continue
        if item.score.value > item.max_score + ctx.profile.tolerance.score:
            over.append((item, r.make(
                loc(item.score, rub.section),
                f"考核评分表“{item.level2}（{_s(item.max_score)}分）”评分{_s(item.score.value)}分 > "
                f"分值{_s(item.max_score)}分",
                evidence=f"{item.level1} / {item.level2}：{item.score.raw}",
                suggestion=f"按评分标准重新打分，最高{_s(item.max_score)}分，并相应更正合计。",
            )))
    if len(over) == 1:
        yield over[0][1]
    elif over:
        # one root cause (the sheet was not checked against its maxima): one finding listing every item
        yield merge_places(
            [f for _, f in over],
            message=f"考核评分表有{len(over)}项评分超过该项分值："
            + "；".join(f"“{i.level2}（{_s(i.max_score)}分）”评分{_s(i.score.value)}分" for i, _ in over),
            evidence="；".join(f"{i.level1} / {i.level2}：{i.score.raw}" for i, _ in over),
            suggestion="按评分标准重新打分，每项不超过其分值（"
            + "、".join(f"{i.level2}最高{_s(i.max_score)}分" for i, _ in over) + "），并相应更正合计。",
        )


@rule("SCO005", "score", "error", "考核评分表合计与各项评分之和不符", REF_RUBRIC, applies_to=("report",))
def rubric_total(report, ctx):
    """考核评分表合计应等于各项评分之和；各一级指标下各项分值之和应等于该一级指标分值。

    ## 检查内容
    ①各二级指标评分之和与“合计”栏评分比较（错误；超过分值的评分先按分值计，已由SCO004报告，合计等于封顶前或
    封顶后之和的都不重复报告）；②每个一级指标（如“自评报告 60分”）下各二级指标的分值之和
    与该一级指标分值比较，以及各一级指标分值之和与合计分值比较（警告）。
    ## 为什么重要
    合计错误会直接改变考核结果；分值结构不对说明评分表被改动过。
    ## 示例
    各项评分8+2+10+15+20+14+15+14=98分，合计栏却填100分。
    """
    rub = report.rubric
    if rub is None:
        return
    r = rubric_total.rule
    tol = ctx.profile.tolerance.score
    scored = [i for i in rub.items if i.score is not None]
    if rub.total is not None and scored:
        raw = dsum(i.score.value for i in scored)
        # each over-limit item is SCO004's finding: counted at its maximum here, and a 合计 that adds the
        # items as written is only its consequence
        counted = [capped(i.score.value, i.max_score) for i in scored]
        s = dsum(counted)
        if abs(s - rub.total.value) > tol and abs(raw - rub.total.value) > tol:
            listing = "+".join(_s(v) for v in counted)
            note = "，超过分值的评分按分值计" if s != raw else ""
            yield r.make(
                loc(rub.total, rub.section),
                f"考核评分表各项评分之和{_s(s)}分（{listing}{note}） ≠ 合计{_s(rub.total.value)}分",
                evidence=f"合计：{rub.total.raw}",
                suggestion="先更正超过分值的评分，再据各项评分重算合计。",
            )
    blocks: dict[str, list] = {}
    for item in rub.items:
        blocks.setdefault(item.level1, []).append(item)
    block_maxima = []
    for name, items in blocks.items():
        bmax = next((i.level1_max for i in items if i.level1_max is not None), None)
        maxima = [i.max_score for i in items if i.max_score is not None]
        if bmax is not None:
            block_maxima.append(bmax)
        if bmax is None or len(maxima) != len(items):
            continue
        s = dsum(maxima)
        if s != bmax:
            first = items[0]
            yield r.make(
                loc(first.score, rub.section) if first.score else at(rub.section),
                f"考核评分表“{name}”（{_s(bmax)}分）下各项分值之和{_s(s)}分 ≠ {_s(bmax)}分",
                evidence="、".join(f"{i.level2}{_s(i.max_score)}分" for i in items),
                suggestion="使用财政部门印发的考核评分表原表，不要改动分值结构。",
                severity="warning",
            )
    if rub.total_max is not None and block_maxima and len(block_maxima) == len(blocks):
        s = dsum(block_maxima)
        if s != rub.total_max:
            yield r.make(
                loc(rub.total, rub.section) if rub.total else at(rub.section),
                f"考核评分表各一级指标分值之和{_s(s)}分 ≠ 合计分值{_s(rub.total_max)}分",
                evidence="、".join(f"{n}" for n in blocks),
                suggestion="使用财政部门印发的考核评分表原表，不要改动分值结构。",
                severity="warning",
            )


@rule("SCO006", "score", "warning", "未达到年度指标值仍得满分", REF_MISSED,
      costs=cost(SELF_EVAL_TABLE, 1, "自评表计算错误", cap=3))
def full_marks_for_missed_target(report, ctx):
    """实际完成值没有达到年度指标值的指标，不应得满分。

    ## 检查内容
    逐条比较自评表（附件2、附件3）三级指标的实际完成值与年度指标值（识别≥/≤、以上/以内、不低于、日期期限、
    单位），未达到而得分等于分值的提示。
    ## 为什么重要
    自评得分应反映完成程度；未完成仍给满分会虚高自评结果，是财政复核的常见扣分点。
    ## 示例
    “档案宣传展览场次”年度指标值≥4场，实际完成值3场，分值10分，得分10分。
    """

    r = full_marks_for_missed_target.rule
    for se in self_eval_tables(report):
        where = se.section
        for row in se.indicators:
            if row.weight is None or row.score is None or row.score.value < row.weight.value:
                continue
            sf = shortfall(row, report.year)
            if sf is None or not sf.missed:
                continue
            src = row.score.source or row.source
            yield r.make(
                at(where, src),
                f"{where}指标“{row.level3}”实际完成值“{row.actual}”未达到年度指标值“{row.target}”，"
                f"却得满分{fmt(row.score.value)}分",
                evidence=f"分值{fmt(row.weight.value)}分，得分{fmt(row.score.value)}分",
                suggestion="按完成比例扣减得分，并在“偏差原因分析及改进措施”中说明原因和措施。",
            )
