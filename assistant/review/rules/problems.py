"""Section 七 (存在的问题及原因分析): real problems, not only 资金不足, with causes."""

from __future__ import annotations

import re

from assistant.report.model import Paragraph, Report, Section
from assistant.report.normalize import squash
from assistant.report.roles import part_name
from assistant.review.finding import at
from assistant.review.registry import rule
from assistant.review.rubric import PROBLEMS, cost, zero
from assistant.review.rules._text import analyse_problems, clip, iter_paragraphs, plain

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


# ---------------------------------------------------------------- PRB004 a form's (or a run-in) 存在问题 field

# The field's label: 存在问题 / 存在的问题 / 存在问题及原因(分析) — not inside 不存在问题 / 未存在.
_LABEL = r"(?<![不未])存在(?:的)?问题(?:及原因(?:分析)?)?"
_FIELD_LABEL = re.compile(rf"^{_LABEL}[:：]?$")
# In running text the field ends where the next field or heading starts.
_FIELD_IN_TEXT = re.compile(
    rf"{_LABEL}[:：]?\s*(?P<value>.{{1,60}}?)\s*(?=改进措施|下一步|几点建议|整改措施|项目负责人|财务负责人"
    r"|[一二三四五六七八九十]{1,2}[、.．]|[（(][一二三四五六七八九十]{1,2}[）)]|$)"
)


def _claims_none(value: str, phrases) -> bool:
    """The field says there is no problem and names none (judged as section 七 is)."""
    if not plain(value):
        return False
    view = Report(sections=[Section(label="七", heading="存在问题", role="problems",
                                    paragraphs=[Paragraph(index=0, text=value)])])
    a = analyse_problems(view, phrases)
    return a is not None and bool(a.claims) and not a.problems


def _form_fields(report):
    """(location, where, value) of each 存在问题 field: a table row labelled so, or the label run into text."""
    for t in report.tables:
        for r, row in enumerate(t.rows):
            cells = [(c, x) for c, x in enumerate(row) if x and x.strip()]
            for k, (_, cell) in enumerate(cells[:-1]):
                if _FIELD_LABEL.match(squash(cell)):
                    value = cells[k + 1][1]
                    yield at(t.section, table=t.index, row=r, cell=cells[k + 1][0]), f"第{r + 1}行", value
                    break
    for piece in iter_paragraphs(report):
        for m in _FIELD_IN_TEXT.finditer(squash(piece.text)):
            yield piece.location, piece.where, m.group("value")


@rule("PRB004", "problems", "error", "自评表“存在问题”栏称没有问题", REF_PROBLEMS,
      applies_to=("report", "project_table"), costs=zero(PROBLEMS, "“存在问题”栏称没有问题"))
def form_no_problems(report, ctx):
    """自评表的“存在问题”栏（或没有独立章节、标题与内容连写的“存在的问题”）不能只写“无”“暂无”。

    ## 检查内容
    文件没有可识别的“存在的问题”章节时，读自评表中标为“存在问题”的一栏，以及正文里标题与内容连写的
    “存在的问题及原因分析……”一段（到“改进措施”或下一个标题为止）：内容按第七部分的同一标准判断，只称
    “无”“暂无”“暂无问题”“运转正常，暂无问题”而没有任何具体问题的，报告一处。有独立章节时由第七部分的
    检查负责，这里不重复。
    ## 为什么重要
    项目支出绩效自评表要求“结合自评情况，分析存在的问题及原因”；填“无”等于没有自评，考核评分表中
    “反映问题情况”一项不得分，改进措施也无从谈起。
    ## 示例
    “存在问题 | 无 | 改进措施 | 无”；“五、存在的问题及原因分析 我校生均公用经费项目运转正常，暂无问题”。
    """
    r = form_no_problems.rule
    if report.by_role("problems") is not None:
        return  # a section 七 of its own: PRB001 judges it
    for loc, where, value in _form_fields(report):
        if _claims_none(value, ctx.profile.phrases):
            yield r.make(
                loc,
                f"“存在问题”栏（{where}）称没有问题：“{clip(value, 40)}”，未分析任何具体问题及原因",
                evidence=f"存在问题：{clip(value, 120)}",
                suggestion="对照绩效指标的完成值、预算执行率和得分扣分项，写明未完成或完成不好的指标、执行偏差、"
                "管理薄弱环节及其原因；确无偏差的，也应说明核查了哪些方面。",
            )
            return
