"""Indicator quality in the 绩效自评表 (附件2, 附件3 and standalone project tables)."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import Iterator

from assistant.report.model import IndicatorRow, SelfEvalTable
from assistant.report.normalize import squash, to_halfwidth
from assistant.review.finding import at, merge_places
from assistant.review.registry import rule
from assistant.review.rubric import SELF_EVAL_TABLE, cost
from assistant.review.rules._text import (
    clip,
    contains_any,
    is_blank,
    iter_paragraphs,
    memo,
    plain,
    quantified_target,
    row_location,
    self_eval_tables,
    table_label,
    unmeasured_actual,
)
from assistant.review.rules._util import fmt

REF_VALUE = "财预〔2021〕101号（核心绩效指标设置及取值指引）；财预〔2020〕10号（自评应填写实际完成值并与指标值比较）"
REF_TARGET = "财预〔2021〕101号：绩效指标应细化、量化，可量化的指标应设定数量、比率或时限"
REF_LEVEL3 = "考核评分表“绩效自评表”：绩效指标全部细化到三级指标的得3分，部分细化的酌情扣分"
REF_PLACEHOLDER = "财预〔2021〕101号：指标应突出核心、精简实用，不设置无实际内容的指标"
REF_SHORTFALL = "财预〔2020〕10号：未完成绩效目标或偏离目标的，应分析说明偏差原因并提出改进措施"

_GENERIC_LEVEL_NAMES = {
    "数量指标", "质量指标", "时效指标", "成本指标", "经济效益指标", "社会效益指标", "生态效益指标",
    "可持续影响指标", "服务对象满意度指标", "满意度指标", "产出指标", "效益指标",
}


def _weight(row: IndicatorRow) -> Decimal | None:
    return row.weight.value if row.weight is not None else None


_TEMPLATE_LABEL = re.compile(r"^(?:指标\s*[0-9一二三四五六七八九十lLI]+\s*[:：]?|…+|\.{3,}|……)$")
_THRESHOLD = re.compile(r"^\s*(?:[≥≤><＞＜≧≦]|不低于|不少于|不高于|不超过|大于|小于|低于|高于)")


def is_template_row(row: IndicatorRow) -> bool:
    """A row of the blank form left in place: '指标2' / '……' with no value, weight or score."""
    return bool(_TEMPLATE_LABEL.match(squash(row.level3) or "…")) and not any(
        (row.target.strip(), row.actual.strip(), row.weight, row.score)
    )


_NO_INDICATOR = re.compile(r"(?:无|暂无|不涉及|本年度无|没有)")


def is_placeholder(row: IndicatorRow) -> bool:
    """A row standing in for "no indicator": 分值 0, text like '无生态效益指标' / '不涉及', or a blank
    template row ('指标2', '……')."""
    if is_template_row(row):
        return True
    w = _weight(row)
    text = plain(row.level3) or plain(row.target)
    no_word = bool(_NO_INDICATOR.match(text)) and len(text) <= 14
    if w is not None and w == 0:
        return True
    return no_word and is_blank(row.actual)


def _name(row: IndicatorRow) -> str:
    return clip(row.level3 or row.target or row.level2 or "（未命名指标）", 30)


def real_rows(report) -> Iterator[tuple[SelfEvalTable, IndicatorRow]]:
    """(table, row) for every indicator row that is not a placeholder, worked out once per review."""
    return iter(memo(report, "real_rows", lambda: tuple(
        (se, row) for se in self_eval_tables(report) for row in se.indicators if not is_placeholder(row))))


@rule("IND001", "indicator", "error", "实际完成值不是实测值", REF_VALUE,
      costs=cost(SELF_EVAL_TABLE, "0.5", "实际完成值非实测值", cap="2.5"))
def actual_not_measured(report, ctx):
    """实际完成值必须是可与年度指标值比较的实测值。

    ## 检查内容
    绩效自评表每个指标的“实际完成值”：为空、或只写“已完成”“达成预期”“良好”等完成/评价用语（去掉这些用语后
    不剩数字、比率、日期或具体事实），或年度指标值是量化值而实际完成值没有可比的数值。同一张表中同一种情况
    （同样的非实测用语如都写“已完成”、都为空、都照抄目标区间）合并为一条，列出每一行。年度指标值本身
    是定性表述、实际完成值也只是“显著提升”这类笼统用语（不含“已完成”等完成用语）的，为警告：实际值只是重复了
    定性目标，问题主要在指标未量化。
    ## 为什么重要
    实际完成值是判断指标是否完成、计算得分的依据；“已完成”无法与“≥8000卷”比较，得分也就无从核实。
    ## 示例
    年度指标值“交易服务费完成2022年财政既定目标5000万元”，实际完成值“已完成”；应写“交易服务费实收5263万元”。
    """
    r = actual_not_measured.rule
    groups: dict[tuple, list] = {}
    for se, row in real_rows(report):
        actual = row.actual
        where = f"{table_label(se)}“{_name(row)}”"
        if row.source is not None and row.actual_cell is None and not actual:
            continue  # read from a form with no 实际完成值 column (e.g. a scoring form): nothing to judge
        if _THRESHOLD.match(to_halfwidth(actual or "")):
            why = "threshold"
        else:
            why = unmeasured_actual(actual, row.target, ctx.profile.phrases)
        if why is None:
            continue
        if why == "blank":
            msg = f"{where}的实际完成值为空"
        elif why == "threshold":
            msg = f"{where}的实际完成值“{clip(actual, 30)}”是一个目标区间，不是实际测得的值"
        elif why == "not_a_value":
            msg = f"{where}的实际完成值“{clip(actual, 30)}”不是实测值，无法与年度指标值“{clip(row.target, 40)}”比较"
        elif why == "qualitative":
            msg = (f"{where}的实际完成值“{clip(actual, 30)}”只是笼统的定性表述，与定性的年度指标值“{clip(row.target, 40)}”"
                   "一样无法判断完成程度")
        else:
            msg = (
                f"{where}的年度指标值“{clip(row.target, 40)}”是量化值，实际完成值“{clip(actual, 40)}”"
                "却没有可比的数值"
            )
        f = r.make(
            row_location(se, row, row.actual_cell),
            msg,
            severity="warning" if why == "qualitative" else None,
            evidence=clip(f"年度指标值：{row.target or '（空）'}；实际完成值：{actual or '（空）'}", 160),
            suggestion=_MEASURE_IT,
        )
        # one root cause per form: the same non-value written in many rows, every blank, every copied range
        same = "" if why in ("blank", "threshold") else squash(actual)
        groups.setdefault((id(se), why, same), []).append((se, row, f))
    for (_, why, _), parts in groups.items():
        if len(parts) == 1:
            yield parts[0][2]
            continue
        se, first_row, _ = parts[0]
        n = len(parts)
        names = "、".join(f"“{clip(_name(row), 14)}”" for _, row, _ in parts[:3]) + ("等" if n > 3 else "")
        what = {
            "blank": "为空",
            "threshold": "照抄了目标区间（如“" + clip(first_row.actual, 20) + "”），不是实际测得的值",
            "not_a_value": f"都写作“{clip(first_row.actual, 20)}”，不是实测值，无法与年度指标值比较",
            "qualitative": f"都写作“{clip(first_row.actual, 20)}”这类笼统的定性表述，无法判断完成程度",
        }.get(why, f"都写作“{clip(first_row.actual, 20)}”，年度指标值是量化值而实际完成值没有可比的数值")
        rows = "；".join(f"{_row_no(row)}“{clip(_name(row), 16)}”" for _, row, _ in parts)
        yield merge_places(
            [f for _, _, f in parts],
            message=f"{table_label(se)}有{n}个指标的实际完成值{what}：{names}",
            evidence=f"涉及{n}行：{rows}",
        )


_MEASURE_IT = ("填写与年度指标值同口径的实测结果（数量、比率、完成日期等），如“完成126处”“合格率99.2%”"
               "“2023年12月15日完成”，并注明数据来源。")


@rule("IND002", "indicator", "warning", "年度指标值未量化", REF_TARGET,
      costs=cost(SELF_EVAL_TABLE, 1, "年度指标值未量化", cap=5))
def target_not_quantified(report, ctx):
    """年度指标值应尽量量化（数量、比率、时限）。

    ## 检查内容
    绩效自评表每个指标的“年度指标值”是否含数字、比率、日期或时限，或“无违纪违法”“零投诉”这类可计数的表述，
    或“符合××标准”这类可判定的标准；都没有的（如“提升了管理水平”“全力做好……工作”）即未量化。同一张表有多个
    指标未量化（或为空）的，合并为一条，列出每一行。
    ## 为什么重要
    未量化的指标值无法衡量完成程度，考核评分表“指标内涵明确、具体、可衡量”一项据此扣分。
    ## 示例
    质量指标“加强自身建设，坚持建章立制”的年度指标值“提升了管理水平”；可改为“修订内部管理制度不少于5项”。
    """
    r = target_not_quantified.rule
    groups: dict[tuple, list] = {}
    for se, row in real_rows(report):
        target = row.target
        where = f"{table_label(se)}“{_name(row)}”"
        if row.source is not None and row.target_cell is None and not target:
            continue  # read from a form with no 年度指标值 column
        if is_blank(target):
            msg, why = f"{where}的年度指标值为空", "blank"
        elif quantified_target(target):
            continue
        else:
            msg, why = f"{where}的年度指标值“{clip(target, 50)}”未量化，没有数量、比率或时限", "vague"
        f = r.make(
            row_location(se, row, row.target_cell),
            msg,
            evidence=clip(f"三级指标：{row.level3}；年度指标值：{target or '（空）'}", 160),
            suggestion=_QUANTIFY_IT,
        )
        groups.setdefault((id(se), why), []).append((se, row, f))
    for (_, why), parts in groups.items():
        if len(parts) == 1:
            yield parts[0][2]
            continue
        # one root cause per form (targets written as slogans, or left empty): one finding listing every row
        se, n = parts[0][0], len(parts)
        names = "、".join(f"“{clip(_name(row), 14)}”" for _, row, _ in parts[:3]) + ("等" if n > 3 else "")
        what = "为空" if why == "blank" else "未量化，没有数量、比率或时限"
        yield merge_places(
            [f for _, _, f in parts],
            message=f"{table_label(se)}有{n}个指标的年度指标值{what}：{names}",
            evidence=f"涉及{n}行：" + "；".join(
                f"{_row_no(row)}“{clip(_name(row), 16)}”" + ("" if why == "blank" else f"（{clip(row.target, 20)}）")
                for _, row, _ in parts),
        )


_QUANTIFY_IT = ("按财预〔2021〕101号细化量化：数量指标写数量（如“≥10场”），质量指标写比率（如“合格率≥98%”），"
                "时效指标写完成时限（如“2023年6月30日前”）；确属定性的写明可判定的标准。")


def _row_no(row: IndicatorRow) -> str:
    """``第12行`` (1-based) when the row's place in its table is known."""
    return f"第{row.source.row + 1}行" if row.source is not None and row.source.row is not None else ""


@rule("IND003", "indicator", "warning", "指标未细化到三级", REF_LEVEL3,
      costs=cost(SELF_EVAL_TABLE, "0.5", "指标未细化到三级", cap=3))
def not_level3(report, ctx):
    """绩效指标应细化到三级指标。

    ## 检查内容
    绩效自评表每个指标行是否同时有二级指标和三级指标；三级指标为空、缺二级指标，或三级指标只是重复
    “数量指标”“社会效益指标”等二级指标名称的，视为未细化。
    ## 为什么重要
    考核评分表规定指标全部细化到三级的得3分，部分细化酌情扣分，没有细化不得分。
    ## 示例
    一级“产出指标”、二级“数量指标”、三级为空，年度指标值“完成年度任务”。
    """
    r = not_level3.rule
    for se, row in real_rows(report):
        l2, l3 = squash(row.level2), squash(row.level3)
        label = table_label(se)
        if not l2 and not l3:
            msg = f"{label}中年度指标值为“{clip(row.target, 30)}”的指标既无二级指标也无三级指标"
        elif not l3:
            msg = f"{label}中二级指标“{row.level2}”下的指标没有填写三级指标（年度指标值“{clip(row.target, 30)}”）"
        elif not l2:
            msg = f"{label}中三级指标“{clip(row.level3, 30)}”缺少所属二级指标"
        elif l3 == l2 or l3 == squash(row.level1) or l3 in _GENERIC_LEVEL_NAMES:
            msg = f"{label}中三级指标“{row.level3}”只是指标类别名称，未细化为具体指标"
        else:
            continue
        yield r.make(
            row_location(se, row),
            msg,
            evidence=clip(f"一级：{row.level1}；二级：{row.level2}；三级：{row.level3}；指标值：{row.target}", 160),
            suggestion="按“一级—二级—三级”逐级细化，三级指标写具体衡量对象（如“接收进馆档案数量”“工程验收合格率”）。",
        )


@rule("IND004", "indicator", "info", "占位指标（0分或“无××指标”）", REF_PLACEHOLDER,
      costs=cost(SELF_EVAL_TABLE, 1, "占位指标", cap=3))
def placeholder_indicator(report, ctx):
    """不应保留 0 分值或“无××指标”的占位行。

    ## 检查内容
    绩效自评表中分值为0，或三级指标/指标值写“无生态效益指标”“不涉及”等的行。0分值占位为提示（info）；
    写着“无××指标”却分配了分值的为警告。
    ## 为什么重要
    占位行不反映任何产出或效益，使指标体系显得不精简；分配了分值的占位行还会虚增得分。
    ## 示例
    二级“生态效益指标”、三级“无生态效益指标”、分值0、得分0。
    """
    r = placeholder_indicator.rule
    for se in self_eval_tables(report):
        template = [row for row in se.indicators if is_template_row(row)]
        if template:
            yield r.make(
                row_location(se, template[0]),
                f"{table_label(se)}保留了{len(template)}行空白模板行（“指标2”“……”等），未填写任何内容",
                evidence=clip("、".join(f"{row.level2}/{row.level3}" for row in template), 160),
                suggestion="删除未使用的模板行；需要的指标填写完整的三级指标、年度指标值、实际完成值、分值和得分。",
            )
        for row in se.indicators:
            if not is_placeholder(row) or is_template_row(row):
                continue
            w = _weight(row)
            text = row.level3 or row.target
            if w is not None and w > 0:
                yield r.make(
                    row_location(se, row),
                    f"{table_label(se)}“{clip(text, 30)}”没有实际指标内容，却分配了{fmt(w)}分",
                    evidence=clip(f"二级：{row.level2}；三级：{row.level3}；分值：{fmt(w)}", 160),
                    suggestion="删除该行并把分值分配给有实际内容的指标，或设置与本单位职能相关的具体指标。",
                    severity="warning",
                )
            else:
                yield r.make(
                    row_location(se, row),
                    f"{table_label(se)}“{clip(text or row.level2, 30)}”是分值为0的占位指标",
                    evidence=clip(f"二级：{row.level2}；三级：{row.level3}；分值：{fmt(w) if w is not None else '（空）'}", 160),
                    suggestion="不涉及的二级指标可直接删除该行；确需保留的，设置与本单位职能相关的具体指标。",
                )


@rule("IND006", "indicator", "info", "指标数量过多，不够精简", REF_PLACEHOLDER,
      costs=cost(SELF_EVAL_TABLE, 1, "指标不够精简"))
def too_many_indicators(report, ctx):
    """一张自评表的指标不宜过多，应突出核心指标。

    ## 检查内容
    每张绩效自评表的指标行数超过评审配置 ``thresholds.max_indicators``（默认30行）时提示。
    ## 为什么重要
    考核评分表“绩效自评表”要求突出核心指标、精简实用；指标过多稀释权重，难以看出核心产出和效益。
    ## 示例
    一张整体支出绩效自评表列了45个三级指标，每个只有1—2分。
    """
    r = too_many_indicators.rule
    limit = ctx.profile.thresholds.max_indicators
    for se in self_eval_tables(report):
        n = len(se.indicators)
        if n > limit:
            yield r.make(
                at(se.section, table=se.table),
                f"{table_label(se)}共有{n}个指标，超过{limit}个，不够精简",
                evidence="、".join(clip(i.level3 or i.level2, 12) for i in se.indicators[:10]) + "……",
                suggestion="保留反映主要职能产出和效益的核心指标，合并或删除次要指标。",
            )


# ------------------------------------------------------------------ IND005

_UPPER = re.compile(r"≤|<|＜|以内|以下|不高于|不超过|低于|控制在|少于")
_NUM_UNIT = re.compile(r"(\d+(?:[,，]\d{3})*(?:\.\d+)?)\s*([%‰]|[\u4e00-\u9fff/]{0,4})")


def _num_unit(text: str) -> tuple[Decimal, str] | None:
    t = to_halfwidth(text or "")
    m = _NUM_UNIT.search(t)
    if not m:
        return None
    try:
        value = Decimal(m.group(1).replace(",", "").replace("，", ""))
    except InvalidOperation:
        return None
    unit = m.group(2)
    if unit.startswith("年") and value >= 1900:
        return None  # a date, not a quantity
    return value, unit


def _shortfall(row: IndicatorRow, tol: Decimal) -> str | None:
    if row.weight is not None and row.score is not None and row.score.value < row.weight.value - tol:
        return f"得分{fmt(row.score.value)} < 分值{fmt(row.weight.value)}"
    t, a = _num_unit(row.target), _num_unit(row.actual)
    if t is None or a is None or t[1] != a[1]:
        return None
    upper = bool(_UPPER.search(to_halfwidth(row.target)))
    if (not upper and a[0] < t[0]) or (upper and a[0] > t[0]):
        return f"实际完成值“{clip(row.actual, 30)}”未达到年度指标值“{clip(row.target, 30)}”"
    return None


@rule("IND005", "indicator", "warning", "未完成指标没有偏差原因分析", REF_SHORTFALL,
      costs=cost(SELF_EVAL_TABLE, "0.5", "未完成指标未分析偏差原因", cap=2))
def unexplained_shortfall(report, ctx):
    """指标未完成或扣分时，应填写偏差原因分析及改进措施。

    ## 检查内容
    绩效自评表中得分低于分值、或实际完成值的数值未达到年度指标值（按“≥/以上”“≤/以内”判断方向，单位相同才比较）
    的指标，其“偏差原因分析及改进措施”栏是否为空。
    ## 为什么重要
    偏差说明是绩效自评的核心内容，空着说明自评没有分析原因，也无法支撑扣分或改进。
    ## 示例
    三级“档案宣传展览场次”，指标值“≥4场”，实际“3场”，分值10、得分7.5，偏差原因栏为空。
    """
    r = unexplained_shortfall.rule
    tol = ctx.profile.tolerance.score
    for se, row in real_rows(report):
        if not is_blank(row.note):
            continue
        why = _shortfall(row, tol)
        if why is None:
            continue
        yield r.make(
            row_location(se, row),
            f"{table_label(se)}“{_name(row)}”{why}，但偏差原因分析及改进措施为空",
            evidence=clip(
                f"年度指标值：{row.target}；实际完成值：{row.actual}；分值：{fmt(_weight(row))}；"
                f"得分：{fmt(row.score.value if row.score else None)}",
                160,
            ),
            suggestion="在“偏差原因分析及改进措施”栏说明未完成的具体原因（客观/主观）和下一步改进措施。",
        )


# ------------------------------------------------------------------ IND006

REF_READ = "财预〔2020〕10号：自评表应完整填列资金情况、年度总体目标和各项绩效指标"


@rule("IND008", "indicator", "warning", "自评表未能完整读取", REF_READ)
def form_not_read(report, ctx):
    """识别出绩效自评表，但其中部分内容无法读取时明确说明，不静默通过。

    ## 检查内容
    文件被识别为项目支出绩效自评表（或含自评表），但没有读到任何绩效指标行；或者表中有的单元格连在一起、
    无法按表头拆分成列（记录在读取结果中）。每张表一条，列出期望的内容和位置。
    ## 为什么重要
    读不出的指标无法核对分值、得分和完成值；如果什么都不说，审阅人会误以为这张表没有问题。
    ## 示例
    网页转存的自评表整张挤在一行，“受益户满意度10≥95%≥95%10”无法拆分为三级指标、分值、年度指标值、实际完成值和得分。
    """
    r = form_not_read.rule
    tables = self_eval_tables(report)
    for se in tables:
        where = at(se.section) if se.table is None else at(se.section, table=se.table)
        if not se.indicators:
            yield r.make(
                where,
                f"{table_label(se)}没有读到绩效指标行：期望“一级指标/二级指标/三级指标、年度指标值、实际完成值、"
                "分值、得分”各列，未能按表头读取，指标、分值和得分均未核对",
                evidence=clip("；".join(se.unread) or "（未找到绩效指标表头或指标行）", 160),
                suggestion="请提供原始表格（.docx/.xlsx）或逐格分隔的文本，以便核对各项指标。",
            )
        elif se.unread:
            yield r.make(
                where,
                f"{table_label(se)}有{len(se.unread)}处内容无法按表头拆分成列，未核对：{clip('；'.join(se.unread), 80)}",
                evidence=clip("；".join(se.unread), 160),
                suggestion="请核对原表中这些单元格，或提供原始表格文件。",
                severity="info",
            )
    if not tables and report.kind == "project_table":
        yield r.make(
            at("全文"),
            "文件是项目支出绩效自评表，但未能读取表格：期望“项目资金（年初预算数、全年预算数、全年执行数、执行率、"
            "得分）”和“绩效指标（一级/二级/三级指标、年度指标值、实际完成值、分值、得分）”，均未核对",
            evidence=clip(report.title or (report.preamble[0].text if report.preamble else ""), 160),
            suggestion="请提供原始表格（.docx/.xlsx）或逐格分隔的文本，以便核对资金和指标。",
        )


# ------------------------------------------------------------------ IND007

REF_IMPOSSIBLE = "财预〔2021〕101号：指标值应科学合理、可实现，比率类指标取值不超过100%"
# proportions of a whole: a share can reach 100% but never exceed it
_PROPORTION = re.compile(r"合格率|覆盖率|知晓率|满意度|达标率|到位率|参保率|入学率|及格率|出勤率|验收率|完好率|普及率|"
                         r"入园率|巩固率|接种率|就业率|通过率|正确率|准确率|合规率|兑现率|发放率")
_PCT_TARGET = re.compile(r"^\s*(≥|>|＞|不低于|不少于|大于|高于|超过)?\s*(\d+(?:\.\d+)?)\s*(?:%|％|百分比)")


@rule("IND007", "indicator", "warning", "比率类指标值超过100%", REF_IMPOSSIBLE)
def impossible_rate_target(report, ctx):
    """合格率、覆盖率、满意度等占比类指标的年度指标值不能超过100%。

    ## 检查内容
    三级指标名称或指标值表明是占比（合格率、覆盖率、满意度、达标率等）的，年度指标值写成大于100%，或写成
    “>100%”的，为不可能实现的目标（警告）；写成“≥100%”的，方向多余，应写“100%”（提示）。
    ## 为什么重要
    占比最多为100%，超过100%的目标无法实现也无法考核，说明指标值没有经过推敲。
    ## 示例
    “委托业务报告合格率”年度指标值“≥100百分比”。
    """
    r = impossible_rate_target.rule
    for se, row in real_rows(report):
        if not _PROPORTION.search(squash(row.level3) + squash(row.target)):
            continue
        m = _PCT_TARGET.match(to_halfwidth(row.target))
        if not m:
            continue
        op, value = m.group(1) or "", Decimal(m.group(2))
        if value > 100 or (value == 100 and op and op not in ("≥", "不低于", "不少于")):
            msg, sev = f"年度指标值“{clip(row.target, 30)}”超过100%，占比类指标不可能实现", "warning"
        elif value == 100 and op:
            msg, sev = f"年度指标值“{clip(row.target, 30)}”：占比最高100%，“≥”没有意义，应写“100%”", "info"
        else:
            continue
        yield r.make(
            row_location(se, row, row.target_cell),
            f"{table_label(se)}“{_name(row)}”的{msg}",
            evidence=clip(f"三级指标：{row.level3}；年度指标值：{row.target}", 160),
            suggestion="占比类指标写可实现的比率（如“≥98%”或“100%”），并与实际完成值同口径。",
            severity=sev,
        )


REF_QUANTITY = "财预〔2021〕101号：数量指标反映预期提供的公共产品和服务数量，资金投入不是产出"
_MONEY = re.compile(r"\d[\d.,]*\s*(?:万元|亿元|千元|元)")
_YEAR_DATE = re.compile(r"(?:19|20)\d{2}\s*年(?:\s*\d{1,2}\s*月(?:\s*\d{1,2}\s*日)?)?")
_OTHER_UNIT = re.compile(r"\d\s*[%％\u4e00-\u9fff]")
_PROSE_QUANTITY = re.compile(r"数量指标\s*[:：]\s*([^。；;]+)")


def money_only(name: str, values: str, words) -> bool:
    """A quantity named by a money word or valued in money, with no other unit (people, km, %, pieces) beside it."""
    v = _YEAR_DATE.sub("", to_halfwidth(values))
    if not re.search(r"\d", v) or _OTHER_UNIT.search(_MONEY.sub("", v)):
        return False
    return bool(_MONEY.search(v) or contains_any(name, words))


@rule("IND009", "indicator", "warning", "数量指标填的是资金金额", REF_QUANTITY,
      costs=cost(SELF_EVAL_TABLE, "0.5", "数量指标与指标类别不符", cap=1))
def quantity_is_money(report, ctx):
    """数量指标应是产出的数量，而不是资金金额。

    ## 检查内容
    自评表中二级指标为“数量指标”的行，三级指标名称是资金、金额、经费等（评审配置 money_words），或指标值只有
    金额（万元、元），且没有人数、长度、个数、比率等其他单位的；以及正文“数量指标：”后只写了资金金额的句子。
    ## 为什么重要
    资金投入不是产出，把金额当数量指标，等于没有设置数量指标，无法衡量项目做了多少事。
    ## 示例
    数量指标“指标1工程资金金额”，年度指标值“43.2”，实际完成值“37.24”；应写“改造供暖管网≥1200米”。
    """
    r = quantity_is_money.rule
    words = ctx.profile.phrases.money_words
    for se, row in real_rows(report):
        if "数量" not in squash(row.level2):
            continue
        if not money_only(row.level3, f"{row.target} {row.actual}", words):
            continue
        yield r.make(
            row_location(se, row),
            f"{table_label(se)}数量指标“{_name(row)}”填的是资金金额（年度指标值“{clip(row.target, 20)}”，"
            f"实际完成值“{clip(row.actual, 20)}”），不是产出数量",
            evidence=clip(f"二级：{row.level2}；三级：{row.level3}；指标值：{row.target}；实际：{row.actual}", 160),
            suggestion="数量指标写项目提供的产品或服务数量（如“改造管网≥1200米”“资助学生≥300人次”），资金放在成本指标或预算执行中。",
        )
    for piece in iter_paragraphs(report):
        for m in _PROSE_QUANTITY.finditer(piece.text):
            clause = m.group(1)
            if _MONEY.search(to_halfwidth(clause)) and money_only(clause, clause, words):
                yield r.make(
                    piece.location,
                    f"{piece.where}的数量指标只写了资金金额：“{clip(clause, 40)}”，不是产出数量",
                    evidence=clip(m.group(0), 160),
                    suggestion="数量指标写项目提供的产品或服务数量，资金到位和支出情况放在预算执行部分。",
                )
