"""Evidence: satisfaction figures need a basis, 六 covers the six dimensions, sweeping claims need figures."""

from __future__ import annotations

import re

from assistant.report.normalize import to_halfwidth
from assistant.report.roles import part_name
from assistant.review.finding import at
from assistant.review.registry import rule
from assistant.review.rules._text import (
    any_of,
    clip,
    is_instruction,
    iter_cells,
    iter_paragraphs,
    plain,
    row_location,
    self_eval_tables,
    sentences,
    table_label,
)

REF_SATISFACTION = "财预〔2021〕101号：满意度指标应通过问卷调查等方式取得，注明调查方式、样本量和数据来源"
REF_SIX = "部门整体支出绩效自评报告格式：第六部分应从运行成本、管理效率、履职效能、社会效应、可持续发展能力和服务对象满意度等方面分析"
REF_CLAIM = "财预〔2020〕10号：绩效自评应以客观数据为依据，结论应有数据支撑"

_SAT_FIGURE = re.compile(r"满意(?:度|率)[^，,。；;\d]{0,8}?(?:达到?|为|是)?\s*(\d+(?:\.\d+)?)\s*%")
_TARGET_MARK = re.compile(r"≥|>=|＞|>|不低于|以上|达到?\s*\d+(?:\.\d+)?\s*%以上|力争|目标")
# In narrative the figure may follow a comment ("满意度较高，达94.6%以上"): one clause break is allowed.
_SAT_FIGURE_TEXT = re.compile(r"满意(?:度|率)[^。；;\d]{0,10}?(?:达到?|为|是|在)?\s*(\d+(?:\.\d+)?)\s*%")
# A stated target, not a result: "不低于90%", "力争达到95%以上", "年度目标：满意度≥90%".
_TARGET_TEXT = re.compile(r"≥|>=|＞|不低于|不少于|力争|争取|目标|预期|计划|确保|要求|设定|指标值")
_BASIS_CONTEXT = re.compile(r"经(?:测算|统计|核算|核实)|据(?:统计|测算|核算)|测算|统计|核算|台账|记录|热线|平台数据|第三方|审计")


def _has_basis(text: str, words) -> bool:
    return any(w in text for w in words)


def _report_basis(report, words) -> bool:
    """Some paragraph of the body describes how satisfaction was measured."""
    for s in report.sections:
        for p in s.paragraphs:
            if "满意" in p.text and _has_basis(p.text, words):
                return True
    return False


def _table_basis(report, words) -> bool:
    """Some satisfaction row of a 自评表 documents its survey."""
    return any(
        "满意" in (row.level2 + row.level3) and _has_basis(row.note + row.actual, words)
        for se in self_eval_tables(report)
        for row in se.indicators
    )


def _is_target(text: str, m: re.Match) -> bool:
    """The figure sits in a sentence that states a target, not a result."""
    start = max(text.rfind(c, 0, m.start()) for c in "。；;\n") + 1
    return bool(_TARGET_TEXT.search(text[start : m.end() + 2]))


@rule("EVD001", "evidence", "warning", "满意度没有调查依据", REF_SATISFACTION)
def satisfaction_without_basis(report, ctx):
    """满意度数字要说明怎么得来的。

    ## 检查内容
    自评表满意度指标行和正文（各部分，含“满意度较高，达95%以上”这类写法）中作为结果写出的满意度/满意率数字，
    在同一行的偏差说明、同一段落或正文中关于满意度的段落里，是否说明了调查方式、样本量或来源（问卷、抽样、回收、
    第三方、测评等）。“不低于90%”“目标”“力争”等目标值不算结果。
    ## 为什么重要
    没有调查依据的满意度无法核实，评审时通常视为自我评价，不予认可。
    ## 示例
    附件2服务对象满意度指标：年度指标值“市场满意度95%”，实际完成值“已完成”，偏差说明为空，正文也没有任何调查说明。
    """
    r = satisfaction_without_basis.rule
    words = ctx.profile.phrases.satisfaction_basis
    if _report_basis(report, words):
        return
    for se in self_eval_tables(report):
        for row in se.indicators:
            if "满意" not in (row.level2 + row.level3 + row.target + row.actual):
                continue
            claim = None
            if "%" in to_halfwidth(row.actual):
                claim = row.actual
            elif _SAT_FIGURE.search(to_halfwidth(row.target)) and not _TARGET_MARK.search(to_halfwidth(row.target)):
                claim = row.target  # a stated result written in the target column
            if claim is None:
                continue
            if _has_basis(row.note + row.actual + row.target + row.level3, words):
                continue
            yield r.make(
                row_location(se, row),
                f"{table_label(se)}满意度“{clip(claim, 30)}”没有说明调查方式、样本量或数据来源",
                evidence=clip(f"三级指标：{row.level3}；年度指标值：{row.target}；实际完成值：{row.actual}；"
                              f"偏差说明：{row.note or '（空）'}", 160),
                suggestion="注明满意度的取得方式，如“2023年11月发放问卷500份，回收有效问卷482份，满意度96.3%”，"
                "并在第六部分“服务对象满意度”中说明。",
            )
    if _table_basis(report, words):
        return
    for piece in iter_paragraphs(report):
        t = to_halfwidth(piece.text)
        if "满意" not in t or _has_basis(t, words):
            continue
        m = next((m for m in _SAT_FIGURE_TEXT.finditer(t) if not _is_target(t, m)), None)
        if m is None:
            continue
        yield r.make(
            piece.location,
            f"{piece.where}的“{clip(m.group(0), 30)}”没有说明调查方式、样本量或数据来源",
            evidence=clip(piece.text, 160),
            suggestion="写明满意度调查的时间、方式、样本量和有效回收数。",
        )


@rule("EVD002", "evidence", "warning", "第六部分未覆盖六个方面", REF_SIX, applies_to=("report",))
def six_dimensions(report, ctx):
    """第六部分要从六个方面分析整体支出绩效。

    ## 检查内容
    第六部分（去掉模板提示文字后）是否写到运行成本、管理效率、履职效能、社会效应、可持续发展能力、服务对象满意度
    六个方面（按含义判断，如“三公经费”“执行率”算运行成本/管理效率），列出没有写到的方面。模板提示里出现的
    方面名称不算写到。整个部分只有模板提示文字时不报：那是BOI001的“全部是模板写作提示”（错误），同一原因只报一次。
    ## 为什么重要
    这六个方面是部门整体支出绩效评价的基本框架，缺哪一方面，评审就无法判断该方面的绩效。
    ## 示例
    第六部分只有“从运行成本、管理效率、履职效能……等方面，衡量部门整体及核心业务实施效果”一句提示。
    """
    r = six_dimensions.rule
    sec = report.by_role("performance")
    # the six aspects are the 一…十 template's frame for its 六; other templates frame performance otherwise
    if sec is None or report.kind != "report" or (report.template or "hunan_ten") != "hunan_ten" \
            or (not report.template and sec.label != "六"):
        return
    phrases = ctx.profile.phrases
    real = [p.text for p in sec.paragraphs if not is_instruction(p.text, phrases)]
    text = "\n".join(real)
    if sec.paragraphs and not real:
        return  # nothing but the template's prompts: BOI001 reports the section as not written (one root cause)
    missing = []
    for dim in phrases.six_dimensions:
        words = [dim] + list(phrases.dimension_synonyms.get(dim, []))
        if not any(w in text for w in words):
            missing.append(dim)
    if not missing:
        return
    note = "（该部分只有模板提示文字）" if not real else ""  # (an empty section: no paragraphs at all)
    yield r.make(
        at(sec.label, paragraph=0 if sec.paragraphs else None),
        f"{part_name(sec)}未写到{len(missing)}个方面：{'、'.join(missing)}{note}",
        evidence=clip(sec.text, 160),
        suggestion="按“（一）运行成本（二）管理效率（三）履职效能（四）社会效应（五）可持续发展能力（六）服务对象满意度”"
        "逐项用本单位数据分析。",
    )


@rule("EVD003", "evidence", "info", "夸大表述缺少数据支撑", REF_CLAIM)
def sweeping_claims(report, ctx):
    """“节约上亿元”“实现零投诉”这类表述要有数据依据。

    ## 检查内容
    正文和表格中“上亿”“数以万计”“零投诉”“零差错”“全面杜绝”等笼统或绝对化表述，所在句子没有测算、统计、
    台账等依据的，提示补充（保守，仅作提示）。
    ## 为什么重要
    绩效结论要以数据为依据；笼统、夸大的说法无法核实，反而削弱报告可信度。
    ## 示例
    “预计减少2万人次到中心现场开标，节约上亿元成本。”
    """
    r = sweeping_claims.rule
    rubric_table = report.rubric.table if report.rubric is not None else None
    pieces = list(iter_paragraphs(report)) + [p for p in iter_cells(report) if p.table != rubric_table]
    claims = ctx.profile.phrases.big_claims
    screen = any_of(tuple(claims))
    for piece in pieces:
        if not screen.search(plain(piece.text)):  # cheap pre-check: most pieces have no claim at all
            continue
        for s in sentences(piece.text) or [piece.text]:
            ps = plain(s)
            hit = next((w for w in claims if w in ps), None)
            if hit is None:
                continue
            if _BASIS_CONTEXT.search(s) and re.search(r"\d", s):
                continue
            yield r.make(
                piece.location,
                f"{piece.where}的“{clip(s.strip(), 50)}”含“{hit}”这类笼统或绝对化表述，缺少数据依据",
                evidence=clip(piece.text, 160),
                suggestion="改为可核实的具体数字并注明来源，如“经测算节约交通及场地成本约××万元（测算方法见……）”，"
                "或“全年12345热线及平台投诉0件”。",
            )
