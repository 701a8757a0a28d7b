"""Real published 自评表 (tests/fixtures/real_forms, see its README) read with the right columns, and their
certain table defects (listed in /work/shared/real/NOTES.md) found."""

from decimal import Decimal
from pathlib import Path

import pytest

from assistant.report.parse import parse_file
from assistant.review import review

DIR = Path("tests/fixtures/real_forms")


def _file(prefix: str) -> Path:
    return next(DIR.glob(f"{prefix}_*.txt"))


def _form(prefix: str):
    report = parse_file(_file(prefix))
    forms = ([report.self_eval] if report.self_eval else []) + report.projects
    assert len(forms) == 1
    return report, forms[0]


def _rules(report) -> list[str]:
    return [f.rule for f in review(report).findings]


def test_01_cell_per_line_with_pipes():
    report, se = _form("01")
    assert report.kind == "project_table" and report.year == 2023
    fr = se.funds[0]
    assert fr.name == "总额"
    assert (fr.initial_budget.value, fr.budget.value, fr.executed.value) == (
        Decimal("238.93"), Decimal("251.89"), Decimal("251.89"))
    assert (fr.rate.raw, fr.weight.value, fr.score) == ("100.00%", 10, None)
    a, b = se.indicators
    assert (a.level1, a.level2, a.level3, a.target, a.actual) == ("产出指标", "数量指标", "发放(缴纳)覆盖率", "=100%", "")
    assert (a.weight.value, a.score, b.weight.value) == (60, None, 30)
    assert se.total_weight.value == 100
    rules = _rules(report)
    # C2: no 完成值 for either indicator — one finding (one root cause) listing both rows
    (ind1,) = [f for f in review(report).findings if f.rule == "IND001"]
    assert rules.count("IND001") == 1 and len(ind1.locations) == 2 and "2个指标的实际完成值为空" in ind1.message
    assert "SCO002" in rules  # C4: 产出 60 ≠ 50


def test_02_run_together_form():
    report, se = _form("02")
    assert report.kind == "project_table"
    fr = se.funds[0]
    assert (fr.budget.value, fr.executed.value, fr.weight.value, fr.rate.raw, fr.score.value) == (
        20, 20, 10, "100.00%", 10)
    names = [i.level3 for i in se.indicators]
    assert names[:2] == ["安装坡面水标尺", "水标尺宽度"] and len(names) == 9
    first = se.indicators[0]
    assert (first.weight.value, first.target, first.actual, first.score.value) == (10, "≥266米", "≥266米", 10)
    assert sum(i.weight.value for i in se.indicators) == 100  # + 执行率 10 = 110
    assert (se.total_weight.value, se.total_score.value) == (100, 100)
    findings = review(report).findings
    sco3 = [f.message for f in findings if f.rule == "SCO003"]
    assert any("110" in m for m in sco3)  # C1: weights add to 110
    # C3: six 实际完成值 copied from the target range — one finding listing the six rows
    assert [len(f.locations) for f in findings if f.rule == "IND001" and "目标区间" in f.message] == [6]
    assert "PRV001" in [f.rule for f in findings]  # C4


def test_03_whole_form_on_one_line():
    report, se = _form("03")
    assert report.kind == "project_table" and report.year == 2022
    total, own = se.funds[0], se.funds[1]
    assert total.name == "年度资金总额" and (total.budget.value, total.weight.value) == (0, 10)
    assert own.name == "其中:本年财政拨款" and (own.initial_budget.value, own.executed.value) == (
        90, Decimal("89.974"))
    assert se.indicators[0].target == "≥50个" and se.indicators[0].actual == "50"
    assert (se.indicators[0].weight.value, se.indicators[0].score.value) == (8, 8)
    assert se.indicators[2].level2 == "质量指标" and se.indicators[2].actual == "达成预期指标"
    assert len(se.indicators) == 9
    assert se.unread  # the cut 满意度 row is said, not silently dropped
    findings = review(report).findings
    achieved = [f for f in findings if f.rule == "IND001" and "达成预期指标" in f.message]
    assert [len(f.locations) for f in achieved] == [6]  # C3: six rows, one finding
    total = [f.message for f in findings if f.rule == "ARI009"]
    assert len(total) == 1 and "全年执行数0" in total[0] and "89.974" in total[0]  # C1


def test_04_cells_separated_by_blank_lines():
    report, se = _form("04")
    fr = se.funds[0]
    assert (fr.initial_budget.value, fr.budget.value, fr.executed.value, fr.rate.raw, fr.score.value) == (
        Decimal("43.2"), Decimal("43.2"), Decimal("37.24"), "86%", 9)
    assert (se.goal_target, se.goal_actual) == ("43.2", "37.24")
    first = se.indicators[0]
    assert (first.level1, first.level2, first.level3) == ("产出指标", "数量指标", "指标1工程资金金额")
    assert (first.target, first.actual, first.weight.value, first.score.value) == ("43.2", "37.24", 10, 9)
    assert first.note.startswith("已完工")
    findings = review(report).findings
    rules = [f.rule for f in findings]
    assert "IND004" in rules  # C1: template rows
    assert "ARI003" not in rules  # 86% is 86.20% at the precision the form writes
    assert "IND001" not in rules  # blank template rows are not reported one by one


def test_10_ocr_form_is_not_passed_silently():
    report = parse_file(_file("10"))
    result = review(report)
    assert any(f.rule == "IND008" for f in result.findings)
    item = next(i for i in result.score.items if i.name == "绩效自评表")
    assert item.judged is False and "未能读取" in item.reason  # listed as not judged, not scored 0


@pytest.mark.parametrize("prefix", ["01", "02", "03", "04", "10"])
def test_every_real_form_reviewed_with_findings(prefix):
    report = parse_file(_file(prefix))
    assert review(report).findings
