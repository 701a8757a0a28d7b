"""Header mapping: columns found by their text (synonyms, two-row and merged headers), never by position."""

from decimal import Decimal

import pytest

from assistant.report.extract import extract
from assistant.report.model import Report, Table
from assistant.report.tables import FUND_COLUMNS, INDICATOR_COLUMNS, column_role, header_map, read_header


def _project(rows: list[list[str]]):
    report = extract(Report(kind="project_table", tables=[Table(index=0, section="附件3", rows=rows)]))
    assert len(report.projects) == 1
    return report.projects[0]


@pytest.mark.parametrize(
    ("cell", "role"),
    [
        ("年度指标值", "target"), ("指标值(A)", "target"), ("年度目标值", "target"), ("预期目标值", "target"),
        ("实际完成值", "actual"), ("全年实际值(B)", "actual"), ("完成值", "actual"), ("实际完成情况", "actual"),
        ("分值", "weight"), ("权重", "weight"), ("得分", "score"), ("自评得分", "score"),
        ("偏差原因分析及改进措施", "note"), ("未完成原因及拟采取的改进措施", "note"), ("未完成原因分析", "note"),
        ("三级指标", "level3"), ("指标内容", "level3"), ("一 级 指 标", "level1"),
    ],
)
def test_indicator_column_synonyms(cell, role):
    assert column_role(cell, INDICATOR_COLUMNS) == role


@pytest.mark.parametrize(
    ("cell", "role"),
    [("年初预算数", "initial_budget"), ("全年预算数(A)", "budget"), ("调整后预算数", "budget"),
     ("全年执行数（B）", "executed"), ("预算执行数", "executed"), ("执行率(B/A)", "rate"), ("预算执行率", "rate"),
     ("分值", "weight"), ("得分", "score"), ("年度预算数（万元）", None)],
)
def test_fund_column_synonyms(cell, role):
    assert column_role(cell, FUND_COLUMNS) == role


def test_score_column_after_weight_is_not_the_target():
    """The form orders 分值 before 年度指标值 and 得分 last: each read from its own header."""
    se = _project([
        ["一级指标", "二级指标", "三级指标", "分值", "年度指标值", "全年实际值", "得分", "未完成原因及拟采取的改进措施"],
        ["产出指标", "数量指标", "维修道路", "20", "≥12公里", "10公里", "15", "雨季停工"],
    ])
    row = se.indicators[0]
    assert (row.target, row.actual, row.note) == ("≥12公里", "10公里", "雨季停工")
    assert row.weight.value == Decimal("20") and row.score.value == Decimal("15")
    assert (row.target_cell, row.actual_cell) == (4, 5)


def test_two_row_header_with_merged_group_cell():
    """'指标值' spans 年度指标值 | 实际完成值 on the row below (one merged cell in Word's text)."""
    rows = [
        ["一级指标", "二级指标", "三级指标", "指标值", "分值", "得分", "偏差原因分析及改进措施"],
        ["", "", "", "年度指标值", "实际完成值", "", "", ""],
        ["产出指标", "质量指标", "验收合格率", "≥98%", "99%", "10", "10", ""],
    ]
    head = read_header(rows, 0, INDICATOR_COLUMNS)
    assert head.last == 1
    assert head.columns == {"level1": 0, "level2": 1, "level3": 2, "target": 3, "actual": 4, "weight": 5,
                            "score": 6, "note": 7}
    row = _project(rows).indicators[0]
    assert (row.target, row.actual, row.weight.value, row.score.value) == ("≥98%", "99%", 10, 10)


def test_two_row_header_with_words_split_over_rows():
    rows = [
        ["一级指标", "二级指标", "三级指标", "年度", "实际", "分值", "得分"],
        ["", "", "", "指标值", "完成值", "", ""],
        ["效益指标", "社会效益指标", "受益人数", "≥500人", "520人", "10", "9"],
    ]
    assert read_header(rows, 0, INDICATOR_COLUMNS).columns["actual"] == 4
    row = _project(rows).indicators[0]
    assert (row.target, row.actual, row.score.value) == ("≥500人", "520人", 9)


def test_target_composed_from_nature_value_and_unit_columns():
    se = _project([
        ["一级指标", "二级指标", "三级指标", "指标性质", "指标值", "度量单位", "完成值", "权重", "得分"],
        ["产出指标", "数量指标", "培训人次", "≥", "300", "人次", "320", "20", "20"],
    ])
    assert se.indicators[0].target == "≥300人次"
    assert se.indicators[0].actual == "320人次"  # the unit column is the unit of the completed value too


def test_funds_read_by_header_with_other_column_order():
    se = _project([
        ["项目名称", "乡村道路养护"],
        ["项目资金（万元）", "全年预算数(A)", "全年执行数(B)", "分值", "执行率(B/A)", "得分"],
        ["年度资金总额", "50", "45", "10", "90%", "9"],
    ])
    fr = se.funds[0]
    assert (fr.budget.value, fr.executed.value, fr.weight.value, fr.rate.value, fr.score.value) == (50, 45, 10, 90, 9)
    assert fr.initial_budget is None
    assert se.name == "乡村道路养护"


def test_header_map_first_column_keeps_the_role():
    assert header_map(["得分", "分值", "得分"], INDICATOR_COLUMNS) == {"score": 0, "weight": 1}


def test_rubric_read_by_header_with_a_separate_max_column():
    from assistant.report.extract import extract_rubric

    table = Table(index=0, section="附件5", rows=[
        ["考核内容", "考核指标", "分值", "得分", "评分标准"],
        ["自评报告", "自评报告的完整性", "15", "13", "正文和附件齐全的得15分"],
        ["", "绩效自评表", "15", "16", "指标细化到三级"],
        ["合计", "", "30", "29", ""],
    ])
    rub = extract_rubric(Report(), table)
    first, second = rub.items
    assert (first.level1, first.level2, first.max_score, first.score.value) == ("自评报告", "自评报告的完整性", 15, 13)
    assert first.criteria == "正文和附件齐全的得15分"
    assert (second.level1, second.score.value) == ("自评报告", 16)
    assert (rub.total_max, rub.total.value) == (30, 29)


def test_real_world_cells_checkbox_fullwidth_and_spaced_numbers():
    se = _project([
        ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分"],
        ["产出指标", "质量指标", "验收是否合格", "合格", "√合格 □不合格", "１０", "1 0"],
        ["产出指标", "数量指标", "新建道路", "≥12公里", "12. 5公里", "2 0", "２０"],
    ])
    first, second = se.indicators
    assert first.actual == "合格" and first.weight.value == 10 and first.score.value == 10
    assert second.weight.value == 20 and second.score.value == 20


@pytest.mark.parametrize(("cell", "ticked"), [
    ("√已完成 □未完成", "已完成"), ("是☑ 否□", "是"), ("口达到 √未达到", "未达到"),
    ("1、部门预算项目 □ 2、县直专项 ☑ 3、省市对下转移支付项目 □", "县直专项"), ("人口数量", "人口数量"),
])
def test_checked_option(cell, ticked):
    from assistant.report.tables import checked_option

    assert checked_option(cell) == ticked


def test_amounts_in_yuan_under_a_wan_header_are_converted():
    se = _project([
        ["项目名称", "暖通改造"],
        ["项目资金（万元）", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"],
        ["年度资金总额", "432000", "432000", "372400", "10", "86.2%", "8.62"],
        ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分"],
        ["产出指标", "成本指标", "工程总投资", "≤43.2万元", "37.24万元", "10", "10"],
    ])
    fr = se.funds[0]
    assert (fr.budget.value, fr.executed.value, fr.budget.raw) == (Decimal("43.2"), Decimal("37.24"), "432000")
    assert "按元填列" in se.money_note


def test_large_wan_amounts_without_evidence_stay_as_written():
    se = _project([
        ["项目资金（万元）", "年初预算数", "全年预算数", "全年执行数"],
        ["年度资金总额", "25000", "25000", "24000"],
    ])
    assert se.funds[0].budget.value == 25000 and se.money_note == ""
