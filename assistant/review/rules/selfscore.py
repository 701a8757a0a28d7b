"""The unit's own 考核评分表 vs the findings (SCO010–SCO019).

A unit that scores itself full marks on a rubric item while the review finds what that item deducts for has
scored itself by hope, not by the rubric. The judge of each defect stays the rule that finds it: this family
runs the rules that declare a cost on the item (``costs=`` in their decorators, :mod:`assistant.review.rubric`)
and quotes their findings; it decides nothing about the report itself.
"""

from __future__ import annotations

from assistant.report.model import RULE_SCOPES, Report
from assistant.report.normalize import squash
from assistant.review.finding import Finding
from assistant.review.registry import REGISTRY, Rule, all_rules, rule
from assistant.review.rubric import ITEMS, RubricItem
from assistant.review.rules._text import clip, memo, rule_findings
from assistant.review.rules._util import fmt, loc

REF_SELF_SCORE = "考核评分表各项评分标准：发现问题详实全面的得15分，只提出资金不足问题的不得分；正文或附件每少一个部分扣2分等"


def _applies(r: Rule, report: Report) -> bool:
    return any(scope in r.applies_to for scope in RULE_SCOPES.get(report.kind, (report.kind,)))


def contradicting(report: Report, ctx, item: RubricItem, own: str) -> list[tuple[Finding, bool]]:
    """Findings that take points off ``item`` for certain: (finding, True) when the rubric scores the item 0 for
    it, (finding, False) for an error-level finding of a category the item's 评分标准 deducts for (profile
    ``self_score.item_categories``). Warnings and notes are judgements and do not count."""
    categories = set(ctx.profile.self_score.item_categories.get(item.key, ()))

    def build() -> list[tuple[Finding, bool]]:
        out: list[tuple[Finding, bool]] = []
        for r in all_rules():
            if r.id == own or not _applies(r, report):
                continue
            costs = [c for c in r.costs if c.item.key == item.key]
            # only rules that can give a certain contradiction: rules that zero the item, and rules of the item's
            # categories that report errors
            if not costs or not (any(c.zero for c in costs) or (r.category in categories and (
                    r.severity == "error" or any(c.severity == "error" for c in costs)))):
                continue
            for f in rule_findings(r, report, ctx):
                for c in costs:
                    if not c.applies(f):
                        continue
                    if c.zero or (f.severity == "error" and f.category in categories):
                        out.append((f, c.zero))
                        break
        # rubric-zeroing findings first, then by rule id
        return sorted(out, key=lambda p: (not p[1], p[0].rule))

    return memo(report, f"selfscore:{item.key}", build)


@rule("SCO010", "score", "warning", "自评给了满分，但审阅发现该项应扣分的问题", REF_SELF_SCORE, applies_to=("report",))
def full_marks_contradicted(report, ctx):
    """单位自己的考核评分表给某项打了满分，而本次审阅在该项发现了应扣分的问题。

    ## 检查内容
    报告附带的考核评分表（单位自评分）中，“自评报告的完整性”“绩效自评表”“绩效评价报告反映问题情况”“针对问题提出
    可行性建议的情况”各项（名称按评审配置 ``[self_score]`` 匹配）评分达到或超过该项满分的，运行对该项计分的审阅规则
    （规则在 ``costs=`` 中声明）：有按评分标准该项不得分的发现（如第七部分称没有问题），或有错误级的扣分发现
    （如缺附件、数据计算错误）的，即自评满分与事实矛盾。消息同时引用自评分和矛盾的发现。
    ## 为什么重要
    自评分应按评分标准逐项打分；第七部分写“不存在问题”却给“反映问题情况”打满分，说明评分表没有对照报告填写，
    自评结果失真。
    ## 示例
    附件5“绩效评价报告反映问题情况（15分）”评分15，而第七部分写“整体支出绩效目标监控任务达成，不存在未完成原因
    分析”，按评分标准该项不得分。
    """
    r = full_marks_contradicted.rule
    rubric = report.rubric
    if rubric is None:
        return
    keywords = ctx.profile.self_score.item_keywords
    tol = ctx.profile.tolerance.score
    for unit_item in rubric.items:
        if unit_item.score is None:
            continue
        name = squash(unit_item.level2)
        item = next((i for i in ITEMS if any(k in name for k in keywords.get(i.key, ()))), None)
        if item is None:
            continue
        top = unit_item.max_score if unit_item.max_score is not None else item.max
        if unit_item.score.value < top - tol:
            continue
        found = contradicting(report, ctx, item, r.id)
        if not found:
            continue
        zeroing = found[0][1]
        shown = found[: max(1, ctx.profile.self_score.max_quotes)]
        quotes = "；".join(f"“{clip(f.message, 70)}”（{f.location.section}）" for f, _ in shown)
        more = f"等{len(found)}处" if len(found) > len(shown) else ""
        verdict = "按评分标准该项不得分" if zeroing else "按评分标准该项应扣分"
        yield r.make(
            loc(unit_item.score, rubric.section),
            f"{rubric.section}考核评分表“{unit_item.level2}”自评{fmt(unit_item.score.value)}分（满分{fmt(top)}分），"
            f"但审阅发现{quotes}{more}，{verdict}",
            evidence=clip(
                f"评分标准：{unit_item.criteria.rstrip('。；; ') or '（未写）'}；矛盾的发现："
                + "、".join(dict.fromkeys(REGISTRY[f.rule].title for f, _ in found)),
                200,
            ),
            suggestion="对照评分标准和报告内容重新打分：先改正报告中的问题，或按问题扣减该项自评分，并在评分表中说明扣分理由。",
        )
