"""Problems rules PRB001–PRB003 (section 七), judged by meaning on varied wording and layouts."""

from __future__ import annotations

import pytest

from assistant.review import run_rules
from tests.review._numcase import Case

STYLES = {
    "export": Case(),
    "tabs-dot-headings": Case(layout="tabs", heading_sep=".", sub_open="(", unit="北湾市统计局", year=2020),
}


def fired(seven: str, rule_id: str, style: str = "export"):
    return run_rules(STYLES[style].with_(seven_text=seven).report(), select=[rule_id])


NO_PROBLEM_CLAIMS = [
    "经自查，未发现明显问题。",
    "本年度无。",
    "2023年各项工作均达到预期，暂无问题",
    "各项指标均已完成，暂无问题。",
    "任务达成，不存在未完成原因分析。",
    "我局严格按照预算执行，没有发现任何问题和不足。",
    "无",
    "全年工作开展顺利。",
]

CONCRETE = (
    "（一）预算编制不够精准。年中追加经费86.5万元，原因是年初对新馆物业费测算不足。\n"
    "（二）数字化进度滞后。全年计划完成40万页，实际完成31万页，主要由于外包单位人员流动导致工期延误。"
)


@pytest.mark.parametrize("style", STYLES)
@pytest.mark.parametrize("text", NO_PROBLEM_CLAIMS)
def test_prb001_fires_on_no_problem_claims(text, style):
    findings = fired(text, "PRB001", style)
    assert [f.rule for f in findings] == ["PRB001"]
    f = findings[0]
    assert f.location.section == "七" and f.severity == "error"
    assert text.strip("。")[:6] in f.message
    assert f.suggestion and "考核评分表" in f.reference


@pytest.mark.parametrize("style", STYLES)
def test_prb001_quiet_with_two_concrete_problems_and_causes(style):
    assert fired(CONCRETE, "PRB001", style) == []


def test_prb001_quiet_when_claim_is_followed_by_real_problems():
    text = "未发现重大问题，但存在以下不足：一是档案数字化进度滞后，主要由于外包单位人员不足。"
    assert fired(text, "PRB001") == []


def test_prb001_negated_completion_is_a_problem_not_a_claim():
    text = "各项指标未全部完成，宣传展览少办1场，原因是展厅改造。"
    assert fired(text, "PRB001") == []


@pytest.mark.parametrize("text", [
    "一是项目资金不足；二是工作经费紧张，影响工作开展。",
    "由于资金不足，导致部分工作未能开展。",
    "存在的问题主要是经费短缺，财力有限。",
])
def test_prb002_fires_when_only_funding_shortage(text):
    findings = fired(text, "PRB002")
    assert [f.rule for f in findings] == ["PRB002"]
    assert findings[0].location.section == "七" and findings[0].severity == "error"
    assert "资金不足" in findings[0].message or "经费" in findings[0].message


def test_prb002_quiet_when_funding_is_one_of_several_problems():
    text = "一是项目资金不足，原因是上级补助减少；二是绩效指标设置不够细化，原因是缺少论证。"
    assert fired(text, "PRB002") == []
    assert fired(CONCRETE, "PRB002") == []


@pytest.mark.parametrize("text", [
    "一是预算执行进度偏慢；二是绩效指标设置不够细化。",
    "1.政府采购计划编报不及时。2.固定资产账实不一致。",
])
def test_prb003_fires_without_cause_analysis(text):
    findings = fired(text, "PRB003")
    assert [f.rule for f in findings] == ["PRB003"]
    assert findings[0].location.section == "七" and findings[0].severity == "warning"


@pytest.mark.parametrize("text", [
    CONCRETE,
    "一是预算执行进度偏慢，受疫情影响项目开工推迟；二是指标不够细化，因为缺少专业人员。",
])
def test_prb003_quiet_with_causes(text):
    assert fired(text, "PRB003") == []


def test_prb_rules_quiet_on_project_table_and_missing_section():
    from assistant.report import parse_bytes

    text = Case().text()
    start, end = text.index("七、存在的问题"), text.index("八、下一步")
    report = parse_bytes((text[:start] + text[end:]).encode(), "no7.txt")
    assert run_rules(report, select=["PRB001", "PRB002", "PRB003"]) == []


def test_seed_prb001_in_seven(seed_report):
    findings = run_rules(seed_report, select=["PRB001", "PRB002", "PRB003"])
    assert [(f.rule, f.location.section) for f in findings] == [("PRB001", "七")]
    assert "不存在未完成原因分析" in findings[0].message
