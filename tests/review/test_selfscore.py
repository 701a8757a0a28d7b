"""SCO010: the unit's own 考核评分表 gives full marks where the review finds what the item deducts for."""

from __future__ import annotations

import pytest

from assistant.review import run_rules
from tests.review._planted import CLEAN, CLEAN_C, clean, clean_text, plant

# the whole body of clean_c's 七 (three problems with causes)
SEVEN = clean_text(CLEAN_C).split("七、存在的问题及原因分析\n")[1].split("\n　　八、")[0]
NO_PROBLEMS = "　　本年度各项绩效目标均已完成，不存在问题。"
PROBLEMS_SCORE = "发现问题详实全面的得15分，只提出资金不足问题的不得分。\n\t14"
PROJECT_LINE = "2022年度项目支出3,600.20万元，其中：商品和服务支出1,204.60万元"


def only(report):
    return run_rules(report, select=["SCO010"])


@pytest.mark.parametrize("name", CLEAN)
def test_clean_fixtures_are_quiet(name):
    assert only(clean(name)) == []


def test_sco010_fires_on_full_marks_for_problems_while_seven_lists_none():
    report = plant(
        CLEAN_C,
        (SEVEN, NO_PROBLEMS),
        (PROBLEMS_SCORE, PROBLEMS_SCORE[:-2] + "15"),
    )
    # the planted 七 must really be judged "no problems" by PRB001, or this test proves nothing
    prb = run_rules(report, select=["PRB001", "PRB002"])
    if not prb:
        pytest.fail("planted 七 is not judged as claiming no problems")
    findings = only(report)
    assert len(findings) == 1
    f = findings[0]
    assert f.location.section == "附件5" and f.location.row is not None
    assert "“问题情况”自评15分（满分15分）" in f.message
    assert prb[0].message[:20] in f.message  # quotes the contradicting finding
    assert "按评分标准该项不得分" in f.message


def test_sco010_quiet_when_the_unit_already_deducted():
    report = plant(
        CLEAN_C,
        (SEVEN, NO_PROBLEMS),
    )
    assert run_rules(report, select=["PRB001", "PRB002"])  # the defect is there …
    assert only(report) == []  # … but the unit scored 14 of 15


NINE = clean_text(CLEAN_C).split("九、绩效自评结果拟应用和公开情况\n")[1].split("\n　　十、")[0]
TEMPLATE_NINE = "　　说明绩效自评结果拟如何应用，围绕部门职责总结归纳公开的范围、方式和时间。"


def test_sco010_fires_on_full_completeness_with_a_part_that_is_only_template_text():
    report = plant(CLEAN_C, (NINE, TEMPLATE_NINE))
    template = [f for f in run_rules(report, select=["BOI001"]) if f.severity == "error"]
    assert template, "the planted 九 must be judged as template text only (an error-level BOI001)"
    findings = only(report)
    assert len(findings) == 1
    assert "“自评报告的完整性”自评15分（满分15分）" in findings[0].message
    assert template[0].message[:20] in findings[0].message
    assert "按评分标准该项应扣分" in findings[0].message


def test_sco010_does_not_count_errors_the_item_criteria_do_not_name():
    # a sum error is a real error, but 完整性's 评分标准 deducts for missing parts, not for arithmetic
    report = plant(CLEAN_C, (PROJECT_LINE, PROJECT_LINE.replace("3,600.20", "3,660.20")))
    assert any(f.severity == "error" and f.category == "arithmetic" for f in run_rules(report))
    assert only(report) == []


def test_seed_quotes_seven_against_full_marks():
    report = clean("seed_000.txt")
    msgs = [f.message for f in only(report)]
    assert any("反映问题情况”自评15分（满分15分）" in m and "不存在未完成原因分析" in m for m in msgs)
    assert any("自评报告的完整性”自评20分（满分15分）" in m and "模板写作提示" in m for m in msgs)
    assert all("绩效自评表" not in m.split("但审阅")[0] for m in msgs)  # 14 of 15: not full marks
