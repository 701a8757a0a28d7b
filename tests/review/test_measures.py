"""Measures rules MEA001–MEA003 (section 八)."""

from __future__ import annotations

import pytest

from assistant.report import parse_bytes
from assistant.review import run_rules
from tests.review._numcase import Case

DEFAULT_EIGHT = "针对支付进度偏慢的问题，建立月度调度机制；针对指标量化不足，按财预〔2021〕101号修订指标。"
SEVEN = (
    "（一）预算编制精准度不高。年中追加经费86.5万元，原因是年初对新馆物业费测算不足。\n"
    "（二）档案数字化进度滞后。计划40万页，实际31万页，主要由于外包单位人员流动。"
)


def report(eight: str, seven: str = SEVEN, case: Case | None = None):
    text = (case or Case()).with_(seven_text=seven).text().replace(DEFAULT_EIGHT, eight)
    return parse_bytes(text.encode("utf-8"), "measures.txt")


def only(rep, rule_id):
    return run_rules(rep, select=[rule_id])


@pytest.mark.parametrize("eight", [
    "下一步将积极向上级争取资金，加大资金投入，确保各项工作顺利开展。",
    "建议财政部门追加预算，增加经费。",
    "加大财政支持力度；争取更多资金。",
])
def test_mea001_fires_when_only_money(eight):
    findings = only(report(eight), "MEA001")
    assert [(f.rule, f.location.section, f.severity) for f in findings] == [("MEA001", "八", "error")]
    assert "资金" in findings[0].message or "经费" in findings[0].message or "预算" in findings[0].message


def test_mea001_quiet_when_money_is_one_measure_among_others():
    eight = "一是加大资金投入；二是修订《档案数字化外包管理办法》，按月考核外包单位进度。"
    assert only(report(eight), "MEA001") == []
    assert only(report(DEFAULT_EIGHT), "MEA001") == []


def test_mea002_fires_on_generic_slogans_not_tied_to_problems():
    eight = "加强学习，提高认识，进一步加强管理，高度重视绩效工作。"
    findings = only(report(eight), "MEA002")
    assert [(f.rule, f.location.section) for f in findings] == [("MEA002", "八")]
    assert "预算编制精准度不高" in findings[0].message
    assert "加强管理" in findings[0].message


def test_mea002_fires_when_seven_lists_no_problems():
    findings = only(report("完善内控制度，规范资金使用。", seven="经自查，本年度未发现明显问题。"), "MEA002")
    assert len(findings) == 1 and "第七部分没有列出具体问题" in findings[0].message


def test_mea002_quiet_when_each_problem_has_a_measure():
    eight = (
        "（一）针对预算编制精准度不高，编制下年预算时按物业合同逐项测算；"
        "（二）针对数字化进度滞后，与外包单位约定人员稳定条款，按月通报进度。"
    )
    assert only(report(eight), "MEA002") == []


@pytest.mark.parametrize("eight", [
    "建立健全绩效评价指标体系，加强工作人员的业务培训。",
    "按月通报进度，提前开展项目前期工作。",
])
def test_mea003_fires_without_policy_basis(eight):
    findings = only(report(eight), "MEA003")
    assert [(f.rule, f.location.section, f.severity) for f in findings] == [("MEA003", "八", "info")]


@pytest.mark.parametrize("eight", [
    DEFAULT_EIGHT,
    "依据《项目支出绩效评价管理办法》完善项目论证。",
    "修订本馆预算管理制度，明确追加审批程序。",
])
def test_mea003_quiet_with_policy_basis(eight):
    assert only(report(eight), "MEA003") == []


def test_mea_rules_other_layout():
    case = Case(layout="tabs", heading_sep=".", sub_open="(", unit="北湾市统计局", year=2020)
    rep = report("积极争取上级资金支持，加大投入。", case=case)
    assert [f.rule for f in run_rules(rep, select=["MEA001", "MEA002", "MEA003"])] == ["MEA001", "MEA002", "MEA003"]


def test_seed_measures_in_eight(seed_report):
    findings = run_rules(seed_report, select=["MEA001", "MEA002", "MEA003"])
    assert [(f.rule, f.location.section) for f in findings] == [("MEA002", "八"), ("MEA003", "八")]


def test_mea001_money_plus_a_bare_slogan_is_still_money_only():
    from assistant.report import parse_bytes
    from assistant.review import run_rules

    text = open("tests/fixtures/clean_d_linye.txt", encoding="utf-8").read()
    start, end = text.index("　　八、"), text.index("　　九、")
    bad = text[:start] + "　　八、下一步改进措施\n　　继续加强预算管理，争取上级更多资金支持。\n" + text[end:]
    (f,) = run_rules(parse_bytes(bad.encode(), "d.txt"), select=["MEA001"])
    assert f.location.section == "八"
    assert run_rules(parse_bytes(text.encode(), "d.txt"), select=["MEA001"]) == []
