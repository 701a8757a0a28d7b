"""What the indicators of a 绩效自评表 mean: category vs content, hedged targets, repeated names (IND010–IND029).

The arithmetic and form of the indicator table are judged in :mod:`indicator`; this family reads what each row
says. Every word list and threshold comes from the profile's ``[indicator_meaning]`` table. A rule fires only
when the row's own text makes the defect certain; anything it cannot classify it leaves alone.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass

from assistant.report.model import IndicatorRow
from assistant.report.normalize import to_halfwidth
from assistant.review.finding import at
from assistant.review.profile import IndicatorCategory, IndicatorMeaning
from assistant.review.registry import rule
from assistant.review.rubric import SELF_EVAL_TABLE, cost
from assistant.review.rules._text import clip, plain, plain_words, row_location, self_eval_tables, table_label
from assistant.review.rules._util import fmt
from assistant.review.rules.indicator import is_placeholder, real_rows

REF_CATEGORY = "财预〔2021〕101号：产出指标分数量、质量、时效、成本指标，成本指标反映产出所需的资金或单位成本，时效指标反映完成时限"
REF_HEDGE = "财预〔2021〕101号：指标值应明确、可衡量、可考核；财预〔2020〕10号：自评应以实际完成值与指标值比较"
REF_REPEAT = "财预〔2021〕101号：指标应突出核心、精简实用，同一内容不重复设置指标"

_MONEY = re.compile(r"\d[\d.,]*\s*(?:万|亿|千)?元")
_RATE = re.compile(r"\d\s*(?:%|‰|百分比|百分点)")
_DATE = re.compile(
    r"(?:(?:19|20)\d{2}\s*年(?:度)?(?:\s*\d{1,2}\s*月(?:\s*\d{1,2}\s*日)?)?|\d{1,2}\s*月(?:\s*\d{1,2}\s*日)?)"
    r"\s*(?:底|末|中旬|上旬|下旬)?\s*(?:前|以前|之前|内|止)?"
)
_DIGIT = re.compile(r"\d")
_CN_NUMERAL = "两二三四五六七八九十百千万"


def _count_pattern(units: list[str]) -> re.Pattern | None:
    if not units:
        return None
    alt = "|".join(sorted(map(re.escape, units), key=len, reverse=True))
    # 10场 / 1.5万人次 / ≥120处 / 三个以上 / 十余处 ("一件事" and "一体化" are not counts: a lone 一 is skipped)
    return re.compile(
        rf"(?:\d+(?:\.\d+)?\s*(?:余|多)?\s*(?:万|千|百)?\s*个?\s*(?:{alt})"
        rf"|(?:[一{_CN_NUMERAL}]{{2,}}|[{_CN_NUMERAL}])\s*(?:余|多)?\s*个?\s*(?:{alt}))"
    )


def target_kind(text: str, meaning: IndicatorMeaning) -> str | None:
    """What a 年度指标值 states: money | rate | date | count | milestone; None when it is none of them for sure."""
    t = to_halfwidth(text or "")
    if not t.strip():
        return None
    if _MONEY.search(t):
        return "money"
    if _RATE.search(t):
        return "rate"
    if _DATE.search(t) and not _DIGIT.search(_DATE.sub("", t)):
        return "date" if _DIGIT.search(t) else None
    pat = _count_pattern(meaning.count_units)
    if pat is not None and pat.search(t):
        return "count"
    if not _DIGIT.search(t) and not re.search(f"[{_CN_NUMERAL}]", t) and any(w in t for w in meaning.milestone_words):
        return "milestone"
    return None


_KIND_LABEL = {
    "money": "资金金额",
    "rate": "比率",
    "date": "完成日期",
    "count": "数量",
    "milestone": "建成与否的节点事项",
}


def _category(row: IndicatorRow, meaning: IndicatorMeaning) -> IndicatorCategory | None:
    level2 = plain(row.level2)
    for cat in meaning.categories:
        if any(m in level2 for m in cat.match):
            return cat
    return None


def _name(row: IndicatorRow) -> str:
    return clip(row.level3 or row.target or row.level2 or "（未命名指标）", 30)


def _full_marks(row: IndicatorRow) -> bool:
    return row.weight is not None and row.score is not None and row.weight.value > 0 and (
        row.score.value >= row.weight.value
    )


# ------------------------------------------------------------------ IND010


@rule("IND010", "indicator", "warning", "指标内容与所属类别不符", REF_CATEGORY,
      costs=cost(SELF_EVAL_TABLE, "0.5", "指标内容与类别不符", cap=1))
def category_mismatch(report, ctx):
    """二级指标类别（成本、时效、数量、质量、满意度）应与指标的内容相符。

    ## 检查内容
    按评审配置 ``[indicator_meaning]`` 的类别表，读出每行年度指标值是资金金额、比率、完成日期、数量（数字加
    “个、处、场”等量词）还是无数字的建成/完成节点，与该行所属二级指标类别应有的内容比较：成本指标写成数量或
    “建立××”节点，时效指标写成金额或数量（且不含任何时间用语），数量、质量、满意度指标只写一个完成日期或金额的，即归类错误。三级指标或
    指标值里出现该类别自己的词（成本指标的“成本、费、资金、单价”，时效指标的“时间、及时、月底”等）的行不判。
    ## 为什么重要
    类别决定指标衡量什么：成本指标没有金额就看不出花了多少钱办成这件事，时效指标没有时限就无法判断是否按期；
    归错类别的指标使产出指标的结构失真，考核评分表“指标内涵明确、具体、可衡量”一项据此扣分。
    ## 示例
    成本指标“推进全市信息数据库建设”，年度指标值“在政务云中心建立数据库”——这是一个建成与否的节点，不是成本；
    成本指标“持续深化交易全流程电子化”，年度指标值“建立三个以上远程异地评标电子化开标室”——这是数量。
    """
    r = category_mismatch.rule
    meaning = ctx.profile.indicator_meaning
    for se, row in real_rows(report):
        cat = _category(row, meaning)
        if cat is None or not cat.wrong:
            continue
        kind = target_kind(row.target, meaning)
        if kind is None or kind not in cat.wrong:
            continue
        if any(w in plain(row.level3) + plain(row.target) for w in cat.content_words):
            continue
        yield r.make(
            row_location(se, row, row.target_cell),
            f"{table_label(se)}{cat.name}“{_name(row)}”的年度指标值“{clip(row.target, 40)}”是{_KIND_LABEL[kind]}，"
            f"不是{cat.name}应有的内容，指标归类错误",
            evidence=clip(f"二级指标：{row.level2}；三级指标：{row.level3}；年度指标值：{row.target}", 160),
            suggestion=f"{cat.name}应写{cat.expect}；该项内容移到相应类别的指标下。",
        )


# ------------------------------------------------------------------ IND011


def hedge_word(text: str, meaning: IndicatorMeaning) -> str | None:
    """The hedge word ("争取", "预计" …) a text is written with, ignoring the profile's exceptions."""
    t = plain(text)
    for phrase in plain_words(meaning.hedge_exceptions):
        t = t.replace(phrase, "")
    for w in meaning.hedge_words:
        if w in t:
            return w
    return None


@rule("IND011", "indicator", "warning", "指标值是“争取/预计”的期望，不是确定目标", REF_HEDGE,
      # a hedged target is not measurable: it shares the rubric's "可衡量" deduction with IND002
      costs=cost(SELF_EVAL_TABLE, 1, "年度指标值未量化", cap=5))
def hedged_target(report, ctx):
    """年度指标值应是确定、可考核的目标，不能写成“争取……”“预计……”。

    ## 检查内容
    绩效自评表每行的年度指标值或实际完成值含评审配置 ``hedge_words`` 中的词（争取、预计、力争、有望等，
    “争取上级资金”这类表示筹措资金的用法除外，见 ``hedge_exceptions``）。给了满分的，消息中一并指出。
    ## 为什么重要
    “争取翻倍”“预计减少2万人次”只是愿望或预测，做到多少都可以算完成，无法考核；按这样的指标给满分，
    自评结果没有依据。
    ## 示例
    数量指标“加速推进交易贷平台”，年度指标值“‘交易贷’平台贷款率在今年技术上争取翻倍”，实际完成值“已完成”，
    分值5、得分5。
    """
    r = hedged_target.rule
    meaning = ctx.profile.indicator_meaning
    for se, row in real_rows(report):
        for column, text, cell in (("年度指标值", row.target, row.target_cell), ("实际完成值", row.actual, row.actual_cell)):
            word = hedge_word(text, meaning)
            if word is None:
                continue
            scored = (
                f"，却按完成给了满分（得分{fmt(row.score.value)}/分值{fmt(row.weight.value)}）"
                if _full_marks(row) else ""
            )
            what = "是期望或预测，不是可考核的确定目标" if column == "年度指标值" else "是预测，不是实际测得的结果"
            yield r.make(
                row_location(se, row, cell),
                f"{table_label(se)}“{_name(row)}”的{column}“{clip(text, 40)}”用“{word}”表述，{what}{scored}",
                evidence=clip(
                    f"年度指标值：{row.target or '（空）'}；实际完成值：{row.actual or '（空）'}；"
                    f"分值：{fmt(row.weight.value) if row.weight else '（空）'}；"
                    f"得分：{fmt(row.score.value) if row.score else '（空）'}",
                    160,
                ),
                suggestion="年度指标值写确定的目标（如“贷款率≥20%”“2023年6月30日前上线”），实际完成值写实测结果，"
                "按实际完成程度计分。",
            )
            break  # one finding per row: the target's hedge already makes the row unjudgeable


# ------------------------------------------------------------------ IND012


@rule("IND012", "indicator", "warning", "同一指标名称重复设置", REF_REPEAT,
      # a repeated indicator is not 精简实用: it shares that deduction with IND006
      costs=cost(SELF_EVAL_TABLE, "0.5", "指标不够精简", cap=1))
def repeated_indicator(report, ctx):
    """同一张自评表中不应把同一个三级指标设置两次。

    ## 检查内容
    每张绩效自评表中，三级指标名称（去掉空白和标点后）完全相同的行出现两次以上的，每组一条，列出各行的类别、
    年度指标值和分值。占位行和短于 ``min_name_chars`` 个字的名称不比较。
    ## 为什么重要
    同一指标重复设置，同一件事被计了两次分，指标体系也就不能“突出核心、精简实用”；放在两个不同类别下的，说明
    至少有一处归类错误。
    ## 示例
    成本指标和经济效益指标下都有三级指标“实现电子化评标和不见面开标”，分别5分和1分。
    """
    r = repeated_indicator.rule
    min_chars = ctx.profile.indicator_meaning.min_name_chars
    for se in self_eval_tables(report):
        groups: dict[str, list[IndicatorRow]] = defaultdict(list)
        for row in se.indicators:
            key = plain(row.level3)
            if is_placeholder(row) or len(key) < min_chars:
                continue
            groups[key].append(row)
        for rows in groups.values():
            if len(rows) < 2:
                continue
            places = "；".join(
                f"{row.level2 or '（无二级指标）'}，年度指标值“{clip(row.target, 24)}”，"
                f"分值{fmt(row.weight.value) if row.weight else '（空）'}"
                for row in rows
            )
            yield r.make(
                row_location(se, rows[1]),
                f"{table_label(se)}三级指标“{clip(rows[0].level3, 30)}”设置了{len(rows)}次（{clip(places, 120)}）",
                evidence=clip(places, 160),
                suggestion="同一内容只保留一个指标，放在它真正衡量的类别下；另一处换成反映其他产出或效益的指标。",
            )


# ------------------------------------------------------------------ IND013

REF_DUTY = "考核评分表“绩效自评表”：指标与部门整体支出密切相关，全面反映产出和效益的得2分；财预〔2021〕101号：指标应反映部门主要职能的产出"

_DUTY_HEAD = re.compile(r"职能|职责")
_DUTY_ITEM = re.compile(r"^\s*[（(]\s*(\d{1,2})\s*[）)]\s*(.+)$")
_HEADING = re.compile(r"^\s*(?:\d{1,2}\s*[、.．]|[一二三四五六七八九十]+\s*、|[（(][一二三四五六七八九十]+[）)])")
_CJK_PAIR = re.compile(r"(?=([\u4e00-\u9fff]{2}))")


@dataclass(frozen=True)
class Duty:
    number: int
    text: str
    paragraph: int
    section: str


def duty_list(report) -> list[Duty]:
    """The numbered 职能 items of the basic-information part: "（1）负责……" paragraphs right after a heading that
    names 职能/职责. Empty when the duties are one prose sentence (nothing to check item by item)."""
    sec = report.by_role("basic_info")
    if sec is None:
        return []
    paras = sec.paragraphs
    for i, p in enumerate(paras):
        text = to_halfwidth(p.text).strip()
        if not (_DUTY_HEAD.search(text) and len(text) <= 20):
            continue
        items: list[tuple[int, str]] = []  # (paragraph, text); a PDF wraps one item over several paragraphs
        for q in paras[i + 1:]:
            t = to_halfwidth(q.text)
            m = _DUTY_ITEM.match(t)
            if m and int(m.group(1)) == len(items) + 1:
                items.append((q.index, m.group(2)))
            elif (not m and items and not _HEADING.match(t)
                  and not re.search(r"[。；;]", items[-1][1])):
                items[-1] = (items[-1][0], items[-1][1] + t.strip())
            else:
                break
        out = [
            Duty(n, re.split(r"[。；;]", text, maxsplit=1)[0].strip(" ，,"), para, sec.label)
            for n, (para, text) in enumerate(items, 1)
        ]
        if len(out) >= 2:
            return out
    return []


def _pairs(text: str) -> set[str]:
    return set(_CJK_PAIR.findall(text))


def duty_terms(duty: str, unit: str | None, meaning: IndicatorMeaning) -> set[str]:
    """The distinctive two-character pieces of a 职能 item: no generic word, no piece of the unit's own name, no
    function character."""
    text = plain(duty)
    for w in sorted(meaning.duty_generic_words, key=len, reverse=True):
        text = text.replace(w, "|")
    drop = _pairs(plain(unit or ""))
    return {p for p in _pairs(text) if p not in drop and not any(c in meaning.duty_function_chars for c in p)}


@rule("IND013", "indicator", "info", "主要职能没有对应的绩效指标", REF_DUTY, applies_to=("report",),
      costs=cost(SELF_EVAL_TABLE, 1, "指标未全面反映主要职能", cap=2))
def duty_without_indicator(report, ctx):
    """部门整体支出绩效自评表的指标应覆盖报告自己列出的主要职能。

    ## 检查内容
    第一部分“职能职责”下逐项编号列出的职能（“（1）负责……”），去掉“负责、管理、全市、工作”等泛称（评审配置
    ``duty_generic_words``）和单位名称中的字词后，余下的两字词片段（至少 ``duty_min_terms`` 个）在附件2任何一个
    指标的三级指标和年度指标值中都没有出现的，即该项职能没有对应指标，每项一条。“交办的其他工作”“配合……”
    这类条目不查；职能写成一段话、没有逐项编号的不查；自评表真实指标少于 ``duty_min_indicators`` 个的不查。
    ## 为什么重要
    部门整体支出绩效要衡量部门履职的产出和效果；主要职能没有任何指标，自评表就只反映了部门工作的一部分，考核评分表
    “指标与部门整体支出密切相关，全面反映产出和效益”一项据此扣分。
    ## 示例
    职能“（4）负责全市公共资源交易保证金的收退，负责核实评审资料，办理交易确认书”，而自评表22个指标中没有一个
    涉及保证金收退或交易确认。
    """
    r = duty_without_indicator.rule
    meaning = ctx.profile.indicator_meaning
    se = report.self_eval
    if se is None:
        return
    rows = [row for row in se.indicators if not is_placeholder(row)]
    if len(rows) < meaning.duty_min_indicators:
        return
    indicator_text = "".join(plain(row.level3) + plain(row.target) for row in rows)
    for duty in duty_list(report):
        if any(w in duty.text for w in meaning.duty_skip_words):
            continue
        terms = duty_terms(duty.text, report.unit, meaning)
        if len(terms) < meaning.duty_min_terms or any(t in indicator_text for t in terms):
            continue
        yield r.make(
            at(duty.section, paragraph=duty.paragraph),
            f"职能职责第（{duty.number}）项“{clip(duty.text, 50)}”在{table_label(se)}的{len(rows)}个指标中没有对应指标",
            evidence=clip("自评表三级指标：" + "、".join(plain(row.level3) for row in rows), 200),
            suggestion="为该项主要职能设置反映其产出或效果的指标（如办理量、办结时限、差错率），或说明不设指标的理由。",
        )


# ------------------------------------------------------------------ IND014

REF_NAME = "财预〔2021〕101号：指标值应与指标名称的口径一致，比率类指标以百分比表示，时效指标以时限表示"


def name_measure(name: str, meaning: IndicatorMeaning):
    """What a 三级指标 name promises to measure (the profile's first matching entry), or None."""
    n = plain(name)
    for m in meaning.name_measures:
        if any(w in n for w in m.words) and not any(x in n for x in m.except_words):
            return m
    return None


@rule("IND014", "indicator", "warning", "指标值与指标名称不是一回事", REF_NAME,
      costs=cost(SELF_EVAL_TABLE, "0.5", "指标内容与类别不符", cap=1))
def target_off_name(report, ctx):
    """年度指标值应是指标名称所说的那种量：名称是“××率”，指标值就应是比率。

    ## 检查内容
    三级指标名称表明衡量的是比率（“合格率”“覆盖率”“占比”等，“效率”“频率”除外）、满意度或完成时间（评审配置
    ``name_measures``），而年度指标值读出来是另一种量的：比率指标写成金额、数量或“建成××”节点，满意度指标写成数量、
    金额、节点或日期，完成时间指标写成金额、数量或比率。指标值没有单位（如只写“100”）的不判。
    ## 为什么重要
    名称与指标值说的不是同一件事，实际完成值就无法对照名称判断是否完成，得分也无从核实。
    ## 示例
    三级指标“档案数字化成果验收合格率”，年度指标值“验收档案数字化成果12批”——名称是比率，指标值是批数。
    """
    r = target_off_name.rule
    meaning = ctx.profile.indicator_meaning
    for se, row in real_rows(report):
        m = name_measure(row.level3, meaning)
        if m is None:
            continue
        kind = target_kind(row.target, meaning)
        if kind is None or kind not in m.wrong:
            continue
        yield r.make(
            row_location(se, row, row.target_cell),
            f"{table_label(se)}三级指标“{_name(row)}”衡量的是{m.name}，年度指标值“{clip(row.target, 40)}”"
            f"却是{_KIND_LABEL[kind]}，两者不是一回事",
            evidence=clip(f"二级指标：{row.level2}；三级指标：{row.level3}；年度指标值：{row.target}；实际完成值：{row.actual}", 160),
            suggestion=f"指标值写成与名称同口径的{m.name}（如“≥98%”），或把指标名称改为指标值实际衡量的内容。",
        )
