"""Section 七 (存在的问题及原因分析): real problems, not only 资金不足, with causes."""

from __future__ import annotations

from assistant.report.roles import part_name
from assistant.review.finding import at
from assistant.review.registry import rule
from assistant.review.rubric import PROBLEMS, cost, zero
from assistant.review.rules._text import analyse_problems, clip

REF_PROBLEMS = "考核评分表“绩效评价报告反映问题情况”：发现问题详实全面的得15分，只提出资金不足问题的不得分"
REF_CAUSE = "财预〔2020〕10号：绩效评价报告应说明存在的问题及原因；中发〔2018〕34号：强化绩效结果应用、整改问题"

@rule("PRB001", "problems", "error", "第七部分称没有问题", REF_PROBLEMS, applies_to=("report",),
      costs=zero(PROBLEMS, "第七部分称没有问题，未列出具体问题"))
def no_problems(report, ctx):
    """第七部分必须如实列出存在的问题，不能写“不存在问题”。

    ## 检查内容
    按意思判断第七部分：“不存在问题”“未发现明显问题”“本年度无”“各项指标均已完成，暂无问题”“任务达成，
    不存在未完成原因分析”等（去掉标点空格后，否定词+问题/不足，或只称任务完成），且没有任何具体问题陈述的，
    即为称没有问题；既无此类表述也没有具体问题的，也按未列问题处理。
    ## 为什么重要
    考核评分表“反映问题情况”15分，不提问题的该项得0分；没有问题就没有整改，绩效管理闭环无从谈起。
    ## 示例
    “2022年本单位整体支出绩效目标监控任务达成，不存在未完成原因分析。”
    """
    r = no_problems.rule
    a = analyse_problems(report, ctx.profile.phrases)
    if a is None or a.empty or a.problems:
        return
    if a.claims:
        para, quote = a.claims[0]
        msg = f"{part_name(report.by_role('problems'))}称没有问题：“{clip(quote, 60)}”，未列出任何具体问题及原因"
    else:
        para, quote = 0, report.by_role("problems").text
        msg = f"{part_name(report.by_role('problems'))}没有列出任何具体问题：“{clip(quote, 60)}”"
    yield r.make(
        at(report.by_role("problems").label, paragraph=para),
        msg,
        evidence=clip(a.text, 200),
        suggestion="对照绩效目标和自评表，找出未完成或完成质量不高的指标、预算编制与执行偏差、管理薄弱环节等，"
        "逐条写明问题（附数据）和原因。",
    )


@rule("PRB002", "problems", "error", "第七部分只提资金不足", REF_PROBLEMS, applies_to=("report",),
      costs=zero(PROBLEMS, "只提出资金不足问题"))
def funding_only(report, ctx):
    """第七部分不能只把问题归结为资金不足。

    ## 检查内容
    第七部分列出的具体问题是否全部是“资金不足”“经费紧张”“资金短缺”“投入不足”之类，没有任何管理、
    执行、指标、效益方面的问题。
    ## 为什么重要
    考核评分表规定只提出资金不足问题的，“反映问题情况”一项不得分；资金不足不是绩效评价要发现的问题。
    ## 示例
    “存在的问题：一是项目资金不足，二是工作经费紧张，影响了工作开展。”
    """
    r = funding_only.rule
    a = analyse_problems(report, ctx.profile.phrases)
    if a is None or not a.problems or len(a.funding) < len(a.problems):
        return
    para, quote = a.funding[0]
    yield r.make(
        at(report.by_role("problems").label, paragraph=para),
        f"{part_name(report.by_role('problems'))}只提出资金不足类问题：“{clip('；'.join(s for _, s in a.funding), 70)}”",
        evidence=clip(a.text, 200),
        suggestion="分析资金之外的问题：预算编制精准度、执行进度、指标设置、项目管理、产出和效益未达标等，并说明原因。",
    )


@rule("PRB003", "problems", "warning", "问题没有原因分析", REF_CAUSE, applies_to=("report",),
      costs=cost(PROBLEMS, 5, "问题没有原因分析"))
def no_cause(report, ctx):
    """第七部分列出问题后应分析原因。

    ## 检查内容
    第七部分有具体问题，但全文没有“原因”“由于”“导致”“因……”“受……影响”等原因分析表述。
    ## 为什么重要
    标题就是“存在的问题及原因分析”；只列问题不找原因，第八部分的改进措施就无法对症。
    ## 示例
    “一是预算执行进度偏慢；二是绩效指标设置不够细化。”（没有说明为什么）
    """
    r = no_cause.rule
    a = analyse_problems(report, ctx.profile.phrases)
    if a is None or not a.problems or a.has_cause:
        return
    para, _ = a.problems[0]
    listed = "；".join(clip(s.rstrip("。；;"), 30) for _, s in a.problems[:3])
    yield r.make(
        at(report.by_role("problems").label, paragraph=para),
        f"{part_name(report.by_role('problems'))}列出了问题（“{clip(listed, 70)}”），但没有分析原因",
        evidence=clip(a.text, 200),
        suggestion="逐个问题说明原因（主观/客观、制度/执行层面），如“主要原因是年初测算不足……”。",
    )
