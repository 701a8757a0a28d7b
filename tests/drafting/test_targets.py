"""Indicator shortfalls: 实际完成值 vs 年度指标值 (direction, units, dates, counts) and 得分 vs 分值; the
problem named in 七 with its figures and the table's own cause; the survey basis of satisfaction."""

from __future__ import annotations

from decimal import Decimal

import pytest

from assistant.drafting.facts import satisfaction_basis
from assistant.drafting.problems import find_problems
from assistant.report.model import Figure, IndicatorRow, Paragraph
from assistant.report.targets import parse_target, shortfall, split_note


def row(target, actual, name="指标", weight=None, score=None, note="", l1="产出指标"):
    return IndicatorRow(
        level1=l1, level2="数量指标", level3=name, target=target, actual=actual, note=note,
        weight=Figure(value=Decimal(weight), unit="分") if weight is not None else None,
        score=Figure(value=Decimal(score), unit="分") if score is not None else None,
    )


@pytest.mark.parametrize(
    "target,actual,name,missed",
    [
        pytest.param("≥4场", "3场", "档案宣传展览场次", True, id="count-floor-missed"),
        pytest.param("≥4场", "4场", "档案宣传展览场次", False, id="count-floor-met"),
        pytest.param("≥95%", "93.4%", "农村供水保证率", True, id="rate-missed"),
        pytest.param("≥95％", "95.0％", "农村供水保证率", False, id="fullwidth-percent-met"),
        pytest.param("不低于98%", "97.9%", "合格率", True, id="不低于"),
        pytest.param("1.5万人次以上", "1.48万人次", "接待人次", True, id="以上-wan"),
        pytest.param("≥1.5万人次以上", "16200人次", "接待人次", False, id="wan-vs-plain"),
        pytest.param("≤1.0元/页", "1.05元/页", "数字化单价", True, id="ceiling-missed"),
        pytest.param("≤6.5万元", "6.18万元", "平均成本", False, id="ceiling-met"),
        pytest.param("5个工作日以内", "6个工作日", "办结时限", True, id="以内"),
        pytest.param("0起", "1起", "安全事故", True, id="zero-ceiling"),
        pytest.param("100%", "100%", "按时办结率", False, id="bare-100"),
        pytest.param("100%", "98.5%", "按时办结率", True, id="bare-100-missed"),
        pytest.param("2023年12月31日前", "2024年1月15日", "完成时间", True, id="deadline-missed"),
        pytest.param("2023年12月31日前", "2023年12月15日", "完成时间", False, id="deadline-met"),
        pytest.param("6月底前", "7月10日", "完成时间", True, id="month-end-no-year"),
        pytest.param("≥8000卷", "8,630卷", "接收档案", False, id="thousands-separator"),
        pytest.param("≥120万页", "126.4万页", "数字化页数", False, id="wan-pages"),
        pytest.param("≥35公里", "36800米", "管网", False, id="incomparable-units"),
        pytest.param("≥90%", "已完成", "满意度", False, id="not-measured"),
    ],
)
def test_missed_target(target, actual, name, missed):
    sf = shortfall(row(target, actual, name), 2023)
    assert (sf is not None and sf.missed) is missed


def test_score_below_weight_is_a_shortfall_even_when_target_met():
    sf = shortfall(row("≥4场", "4场", weight="10", score="8"), 2023)
    assert sf is not None and not sf.missed and sf.lost_points
    assert shortfall(row("≥4场", "4场", weight="10", score="10"), 2023) is None


def test_target_direction_words():
    assert parse_target("不超过5天").op == "<="
    assert parse_target("达到95%").op == ">="
    assert parse_target("单价1.0元", "数字化单价").op == "<="


def test_note_split_into_cause_and_measure():
    assert split_note("持续干旱致来水不足，已实施水源扩容。", 2024) == ("持续干旱致来水不足", "已实施水源扩容")
    assert split_note("跨县就读致学位需求外流，2023年扩建县二中补足学位。", 2022) == (
        "跨县就读致学位需求外流", "2023年扩建县二中补足学位")
    assert split_note("", 2023) == ("", "")


def _with_indicator(report, r):
    rep = report.model_copy(deep=True)
    rep.self_eval.indicators.append(r)
    return rep


def test_shortfall_named_in_problems_with_figures_and_table_cause(unit_a):
    rep = _with_indicator(unit_a, row("≥4场", "3场", "档案宣传展览场次", "10", "7.5",
                                     note="展厅消防改造致一场展览未办，下年改用线上及流动展览补足。", l1="效益指标"))
    p = next(p for p in find_problems(rep) if p.key == "indicator_shortfall:档案宣传展览场次")
    assert "≥4场" in p.evidence and "3场" in p.evidence and "10分" in p.evidence and "7.5分" in p.evidence
    assert "展厅消防改造致一场展览未办" in p.cause and "待补充" not in p.cause
    assert "下年改用线上及流动展览补足" in p.measure
    assert p.severity == "high"


def test_shortfall_without_cause_gets_a_placeholder_not_an_invented_cause(unit_a):
    rep = _with_indicator(unit_a, row("≥95%", "93.4%", "农村供水保证率", "10", "8"))
    p = next(p for p in find_problems(rep) if p.key.startswith("indicator_shortfall:"))
    assert p.cause.startswith("【待补充：") and p.cause.endswith("原因】")


def test_shortfall_in_offline_seven_and_eight(unit_a, retriever, offline_settings):
    from assistant.drafting.drafter import draft_section

    rep = _with_indicator(unit_a, row("≥4场", "3场", "档案宣传展览场次", "10", "7.5", l1="效益指标"))
    seven = draft_section(rep, "七", offline_settings, retriever=retriever).text
    eight = draft_section(rep, "八", offline_settings, retriever=retriever).text
    six = draft_section(rep, "六", offline_settings, retriever=retriever).text
    assert "档案宣传展览场次" in seven and "≥4场" in seven and "3场" in seven and "均达到" not in seven
    assert "针对“档案宣传展览场次未达到年度指标值”" in eight
    assert "未达到年度指标值" in six


@pytest.mark.parametrize(
    "where,text",
    [
        pytest.param("note", "问卷500份，有效482份", id="note"),
        pytest.param("actual", "96.3%（第三方入户问卷，有效样本1,200份）", id="actual-cell"),
        pytest.param("body", "2023年11月发放满意度调查问卷500份，回收有效问卷482份，满意度96.3%。", id="body"),
    ],
)
def test_satisfaction_basis_found_anywhere(unit_a, where, text):
    rep = unit_a.model_copy(deep=True)
    sat = next(i for i in rep.self_eval.indicators if "满意" in i.level1 + i.level2 + i.level3)
    assert satisfaction_basis(rep) is None
    if where == "body":
        rep.section("一").paragraphs.append(Paragraph(index=99, text=text))
    else:
        setattr(sat, where, text)
    basis = satisfaction_basis(rep)
    assert basis is not None and ("500" in basis.text or "1,200" in basis.text)
    assert "satisfaction_basis" not in [p.key for p in find_problems(rep)]


def test_placeholder_text_is_not_a_survey_basis(unit_a):
    rep = unit_a.model_copy(deep=True)
    rep.section("一").paragraphs.append(
        Paragraph(index=99, text="满意度调查依据：【待补充：调查方式、调查对象、发放和回收问卷份数、调查时间】"))
    assert satisfaction_basis(rep) is None
