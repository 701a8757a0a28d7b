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


# ---------------------------------------------------------------- PRB004: a form's 存在问题 field


def _parse(text: str):
    from assistant.report import parse_bytes

    return parse_bytes(text.encode("utf-8"), "form.txt")


FORM = """部门预算项目支出绩效自评表(2023年度) | |
项目名称 | 2023年办公设备购置项目 |
主管部门 | 青禾县司法局 | 实施单位 | 青禾县司法局 |
预算执行情况(10分) | 年度预算数(万元) | 年初预算 | 调整后预算数 | 预算执行数 | 预算执行率 | 权重 | 得分 |
总额 | 3.36 | 3.36 | 3.36 | 100.00% | 10 | 10 |
绩效指标(90分) | 一级指标 | 二级指标 | 三级指标 | 指标性质 | 指标值 | 度量单位 | 完成值 | 权重 | 得分 | 未完成原因分析 |
产出指标 | 数量指标 | 购置电脑台数 | ≥ | 13 | 台 | 13 | 50 | 50 | |
效益指标 | 社会效益指标 | 办公效率提升 | 定性 | 明显 | | 明显 | 30 | 30 | |
满意度指标 | 服务对象满意度指标 | 干部职工满意度 | ≥ | 90 | % | 95 | 10 | 10 | |
合计 | 100 | 100 |
评价结论 | 项目按计划完成，自评得分100分。 |
存在问题 | {problems} |
改进措施 | {measures} |
项目负责人:王明 | 财务负责人:李华 |
"""


@pytest.mark.parametrize("value", ["无", "暂无", "暂无问题", "无。"])
def test_prb004_fires_on_a_form_whose_problem_field_says_none(value):
    r = _parse(FORM.format(problems=value, measures="无"))
    got = run_rules(r, select=["PRB004"])
    assert [f.rule for f in got] == ["PRB004"]
    assert got[0].severity == "error" and f"“{value}”" in got[0].message and got[0].category == "problems"


def test_prb004_quiet_when_the_form_names_a_problem():
    problem = "部分设备到货晚于计划1个月，原因是供应商排产延迟。"
    r = _parse(FORM.format(problems=problem, measures="提前一个季度启动采购。"))
    assert run_rules(r, select=["PRB004"]) == []


def test_prb004_reads_the_tail_of_a_form_whose_header_is_cut_off():
    text = ("产出指标数量指标足额保障率=100% 22.5 科目调整次数≤10次 22.5 时效指标按时发放率=100% 22.5 "
            "效益指标经济效益指标结余率≤5% 22.5 合计100 评价结论及时、足额缴纳。存在问题暂无改进措施暂无项目负责人:财务负责人:")
    r = _parse(text)
    assert r.kind == "project_table"  # a form's tail is still a form, not refused
    got = run_rules(r, select=["PRB004"])
    assert len(got) == 1 and "暂无" in got[0].message


def test_prb004_reads_a_problem_heading_run_into_the_text():
    text = ("青禾县第四中学专项资金绩效自评价报告一、基本情况我校2022年项目为一个:生均公用经费项目,共计239万元"
            "二、项目资金使用及管理情况资金严格按照上级有关文件的要求,主要用于保障学校正常运转、完成教学活动和其他日常"
            "工作任务等方面的支出,包括办公费、水电费、差旅费等三、预算支出绩效情况保证了学校的正常运转"
            "四、存在的问题及原因分析我校生均公用经费项目运转正常,暂无问题五、几点建议拨款应及时一点"
            "六、其他需要说明的问题暂无")
    got = run_rules(_parse(text), select=["PRB004"])
    assert len(got) == 1 and "暂无问题" in got[0].message


def test_prb004_leaves_a_section_seven_to_prb001_and_ignores_other_mentions():
    # a report with its own 七: PRB001 judges it, PRB004 stays out
    assert fired("无", "PRB004") == []
    # "分析存在的问题" in a method paragraph is no 存在问题 field
    text = ("关于2019年度通组道路工程绩效评价报告\n一、项目基本情况\n项目总投资19万元，道路硬化0.565公里。\n"
            "二、绩效评价情况\n按照资金使用、产出、效益、满意度四类指标进行评价，分析存在的问题，提出完善资金管理的建议。\n"
            "三、评价结论\n项目按计划完成，改善了村民出行条件。\n")
    assert run_rules(_parse(text), select=["PRB004"]) == []
