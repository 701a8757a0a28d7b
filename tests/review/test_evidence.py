"""Evidence rules EVD001–EVD003."""

from __future__ import annotations

import pytest

from assistant.report import parse_bytes
from assistant.review import run_rules
from tests.review._numcase import Case, project_table

SIX_NO_BASIS = (
    "运行成本方面，公用经费98.25万元；管理效率方面，执行率98.05%；履职效能方面，接收档案12650卷；"
    "社会效应方面，查档8420人次；可持续发展能力方面，完成异地备份；服务对象满意度方面，满意度达到93%。"
)
SAT_ROW = ["满意度\n指标\n（10分）", "服务对象满意度指标", "查档群众满意度", "≥90%", "93%", "10", "10"]


def _inds(sat_row):
    rows = [list(r) for r in Case().indicators]
    rows[-1] = sat_row
    return rows


def only(case: Case, rule_id: str):
    return run_rules(case.report(), select=[rule_id])


def test_evd001_fires_on_table_and_text_without_basis():
    case = Case(six_text=SIX_NO_BASIS, indicators=_inds(SAT_ROW))
    findings = only(case, "EVD001")
    assert [f.location.section for f in findings] == ["六", "附件2"]
    assert "满意度达到93%" in findings[0].message
    assert "93%" in findings[1].message and findings[1].location.row is not None


def test_evd001_target_column_holding_a_result():
    row = ["满意度指标（10分）", "服务对象满意度指标", "提高服务满意度", "服务满意率98%", "已完成", "10", "10"]
    findings = only(Case(six_text=SIX_NO_BASIS.replace("满意度达到93%", "群众反映良好"), indicators=_inds(row)), "EVD001")
    assert [f.location.section for f in findings] == ["附件2"]
    assert "服务满意率98%" in findings[0].message


@pytest.mark.parametrize("case", [
    Case(),  # the row says 发放问卷300份 and 六 says 问卷调查
    Case(six_text=SIX_NO_BASIS.replace("满意度达到93%", "委托第三方抽样调查，满意度达到93%"), indicators=_inds(SAT_ROW)),
    Case(six_text=SIX_NO_BASIS, indicators=_inds(SAT_ROW[:7] + ["随机抽取样本200份"])),
])
def test_evd001_quiet_with_basis(case):
    assert only(case, "EVD001") == []


def test_evd001_project_table():
    rows = project_table(indicators=[
        ["产出指标\n（50分）", "数量指标", "培训人次", "≥500人次", "620人次", "50", "50"],
        ["效益指标\n（30分）", "社会效益指标", "就业率", "≥80%", "85%", "30", "30"],
        ["满意度指标（10分）", "服务对象满意度指标", "学员满意度", "≥90%", "96%", "10", "10"],
    ])
    report = parse_bytes(("2021年度项目支出绩效自评表\n" + Case()._table(rows)).encode(), "p.txt")
    findings = run_rules(report, select=["EVD001"])
    assert len(findings) == 1 and "96%" in findings[0].message


def test_evd002_lists_missing_dimensions():
    six = "全年预算执行率98.05%，公用经费98.25万元。接收档案12650卷。"
    findings = only(Case(six_text=six), "EVD002")
    assert len(findings) == 1 and findings[0].location.section == "六"
    msg = findings[0].message
    assert "社会效应" in msg and "可持续发展能力" in msg and "服务对象满意度" in msg
    assert "运行成本" not in msg and "管理效率" not in msg


def test_evd002_instruction_text_does_not_count():
    prompt = "请从运行成本、管理效率、履职效能、社会效应、可持续发展能力和服务对象满意度等方面，阐述整体绩效。"
    # 六 is only the prompt: one root cause (not written), BOI001's error; EVD002 does not repeat it
    case = Case(six_text=prompt)
    assert only(case, "EVD002") == []
    (boi,) = only(case, "BOI001")
    assert boi.severity == "error" and boi.location.section == "六"
    # a real sentence plus the prompt: the prompt's aspect names do not count as written
    findings = only(Case(six_text="全年接收档案12650卷。\n" + prompt), "EVD002")
    assert len(findings) == 1 and "运行成本" in findings[0].message and "服务对象满意度" in findings[0].message


def test_evd002_quiet_when_all_covered():
    assert only(Case(), "EVD002") == []


@pytest.mark.parametrize("claim", ["通过电子化交易节约社会成本数以亿计。", "全年实现零投诉。", "带动上千万元社会投资。"])
def test_evd003_fires_on_sweeping_claims(claim):
    findings = only(Case(six_text=Case().six_text + claim), "EVD003")
    assert len(findings) == 1 and findings[0].severity == "info" and findings[0].location.section == "六"


@pytest.mark.parametrize("claim", ["经12345热线平台统计，全年投诉0件，实现零投诉。", "节约场地租赁费12.6万元。"])
def test_evd003_quiet_with_figure_basis(claim):
    assert only(Case(six_text=Case().six_text + claim), "EVD003") == []


def test_seed_evidence(seed_report):
    findings = run_rules(seed_report, select=["EVD001", "EVD002", "EVD003"])
    got = {(f.rule, f.location.section) for f in findings}
    assert got == {("EVD001", "附件2"), ("EVD003", "附件2")}  # 六 is only template text: BOI001's error
    evd1 = next(f for f in findings if f.rule == "EVD001")
    assert "市场满意度95%" in evd1.message
    assert "上亿" in next(f for f in findings if f.rule == "EVD003").message


@pytest.mark.parametrize("claim", [
    "经初步了解，服务对象满意度总体较高，达95.5%以上",
    "群众对窗口服务满意率普遍在97％",
])
def test_evd001_body_claim_with_a_comment_before_the_figure(claim):
    six = SIX_NO_BASIS.replace("满意度达到93%", claim)
    case = Case(six_text=six, indicators=_inds(SAT_ROW), layout="tabs", heading_sep=".")
    findings = [f for f in only(case, "EVD001") if f.location.section == "六"]
    assert len(findings) == 1 and findings[0].severity == "warning"
    assert ("95.5%" in findings[0].message) or ("97%" in findings[0].message)


def test_evd001_body_targets_are_not_claims():
    six = SIX_NO_BASIS.replace("满意度达到93%", "年度目标为服务对象满意度较高，力争达到95%以上")
    findings = only(Case(six_text=six, indicators=_inds(SAT_ROW)), "EVD001")
    assert [f.location.section for f in findings] == ["附件2"]
