"""Rubric score estimate (自评报告 block) and the narrative rule families on the clean fixtures."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from assistant.report import parse_bytes, parse_file
from assistant.review import review, run_rules
from tests.review._numcase import RUBRIC_CLEAN, Case, project_table

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
MINE = [
    "IND001", "IND002", "IND003", "IND004", "IND005", "CMP001", "CMP002", "CMP003", "CMP004", "CMP005", "CMP006",
    "BOI001", "BOI002", "PRB001", "PRB002", "PRB003", "MEA001", "MEA002", "MEA003", "EVD001", "EVD002", "EVD003",
    "PRV001", "PRV002",
]


def items(result):
    return {it.name: it for it in result.score.items}


def test_seed_score_estimate(seed_report):
    res = review(seed_report)
    it = items(res)
    assert res.score.max == Decimal("60")
    # 六 only template (−2), no 附件3 (−2), data errors such as 基本支出804.03 ≠ 803.28 (−1 each, at most −4)
    assert it["自评报告的完整性"].points == Decimal("7")
    assert it["自评报告的完整性"].reason == "附件缺部分−2；数据计算错误或前后不一致−4；正文缺部分或只有模板提示−2"
    assert it["绩效评价报告反映问题情况"].points == Decimal("0")
    assert it["针对问题提出可行性建议的情况"].points == Decimal("5")
    # the seed's 自评表 has nearly every indicator defect (non-values, unquantified and hedged targets, a cost
    # indicator that is a count, a repeated indicator …): the estimate may reach 0, never the unit's 14
    assert Decimal("0") <= it["绩效自评表"].points < Decimal("15")
    assert "指标内容与类别不符" in it["绩效自评表"].reason
    assert res.score.total == sum(i.points for i in res.score.items if i.judged)
    # the unit's own 考核评分表 (附件5) is carried along
    assert it["自评报告的完整性"].stated == Decimal("20")
    assert it["绩效评价报告反映问题情况"].stated == Decimal("15")
    assert res.score.stated_total == Decimal("98")
    not_judged = {i.name for i in res.score.items if not i.judged}
    assert not_judged == {"自评通知", "工作小组", "单位自查", "提交报告"}
    assert all(i.points is None for i in res.score.items if not i.judged)
    assert all(i.reason for i in res.score.items)


def test_clean_case_scores_full_marks():
    case = Case(project_table=project_table(), rubric=RUBRIC_CLEAN)
    res = review(case.report())
    it = items(res)
    assert it["自评报告的完整性"].points == Decimal("15")
    assert it["绩效评价报告反映问题情况"].points == Decimal("15")
    assert it["针对问题提出可行性建议的情况"].points == Decimal("15")
    assert it["绩效自评表"].stated == Decimal("13")


def test_problem_and_measure_items_follow_findings():
    res = review(Case(seven_text="本年度无。").report())
    assert items(res)["绩效评价报告反映问题情况"].points == Decimal("0")
    res = review(Case(seven_text="一是资金不足；二是经费紧张。").report())
    assert items(res)["绩效评价报告反映问题情况"].points == Decimal("0")
    res = review(Case(seven_text="一是预算执行进度偏慢；二是绩效指标设置不够细化。").report())
    it = items(res)["绩效评价报告反映问题情况"]
    assert it.points == Decimal("7") and "原因分析−5" in it.reason and "内容过少−3" in it.reason


def test_self_eval_table_item_drops_with_bad_indicators():
    bad = [[*r[:4], "已完成", *r[5:]] for r in Case().indicators]
    good = review(Case().report())
    worse = review(Case(indicators=bad).report())
    assert items(worse)["绩效自评表"].points < items(good)["绩效自评表"].points
    assert "实际完成值非实测值" in items(worse)["绩效自评表"].reason


def test_project_table_estimates_only_the_table_item():
    report = parse_bytes(("2022年度项目支出绩效自评表\n" + Case()._table(project_table())).encode(), "p.txt")
    res = review(report)
    assert [i.name for i in res.score.items] == ["绩效自评表"]
    assert res.score.max == Decimal("15") and res.score.total == res.score.items[0].points


CLEAN = sorted(p.name for p in FIXTURES.glob("clean_*") if p.suffix in (".txt", ".docx", ".xlsx"))
CLEAN += sorted(p.name for p in FIXTURES.glob("project_only_*.txt"))


@pytest.mark.parametrize("name", CLEAN)
def test_clean_fixtures_have_no_errors_from_narrative_rules(name):
    report = parse_file(FIXTURES / name)
    findings = run_rules(report, select=MINE)
    assert [f for f in findings if f.severity == "error"] == []


@pytest.mark.parametrize("name", CLEAN)
def test_clean_fixtures_score_high(name):
    res = review(parse_file(FIXTURES / name))
    judged = [i for i in res.score.items if i.judged]
    assert judged and res.score.total >= res.score.max - 2
