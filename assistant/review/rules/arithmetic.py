"""Arithmetic: parts sum to totals, rates are what the figures give."""

from __future__ import annotations

from assistant.review.finding import at
from assistant.review.registry import rule
from assistant.review.rules._util import dsum, money

REF_SUM = "部门决算口径：基本支出、项目支出分别等于其经济分类科目之和"


def _class_sum_rule(report, ctx, key: str, label: str, r):
    part = getattr(report.budget, key)
    if part.total is None or len(part.classes) < 2:
        return
    total = part.total.value
    s = dsum(f.value for f in part.classes.values())
    if not ctx.close(total, s):
        items = "、".join(f"{k}{money(v.value)}" for k, v in part.classes.items())
        yield r.make(
            at("二", part.total.source),
            f"{label}{money(total)} ≠ 各分项之和{money(s)}（差额{money(total - s)}）",
            evidence=f"{part.total.raw}；分项：{items}",
            suggestion=f"核对{label}各经济分类金额，使分项之和等于{label}合计，并与决算报表一致。",
        )


@rule("ARI001", "arithmetic", "error", "基本支出不等于各经济分类之和", REF_SUM)
def basic_classes_sum(report, ctx):
    """基本支出合计应等于工资福利支出、商品和服务支出、对个人和家庭的补助、资本性支出之和。

    ## 检查内容
    第二部分“基本支出”的合计金额与其列出的各经济分类金额之和是否相等（容差0.01万元）。
    ## 为什么重要
    合计与分项不符说明数据抄录或计算有误，报告公开后会被质疑数据真实性。
    ## 示例
    “基本支出为804.03万元，其中：工资福利支出658.62万元，商品服务支出124.44万元，对个人和家庭的补助支出20.22万元”
    （分项之和803.28万元）。
    """
    yield from _class_sum_rule(report, ctx, "basic", "基本支出", basic_classes_sum.rule)


@rule("ARI002", "arithmetic", "error", "项目支出不等于各经济分类之和", REF_SUM)
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
