"""Score rules SCO001–SCO005: 自评表 分值/得分 and the 考核评分表."""

from __future__ import annotations

import pytest

from assistant.report import parse_bytes
from assistant.review import run_rules
from tests.review._numcase import RUBRIC_CLEAN, Case, project_table

SCO = ["SCO001", "SCO002", "SCO003", "SCO004", "SCO005"]

STYLES = {
    "export": Case(rubric=RUBRIC_CLEAN),
    "tabs-fullwidth": Case(
        layout="tabs", heading_sep=".", sub_open="(", fullwidth=True, thousands=True, pct_sign="％",
        unit="东岭区卫生健康局", year=2021, rubric=RUBRIC_CLEAN,
    ),
}


def only(case: Case, rule_id: str):
    return run_rules(case.report(), select=[rule_id])


def _inds(**changes):
    inds = [list(r) for r in Case().indicators]
    for idx, row in changes.items():
        inds[int(idx[1:])] = row
    return inds


@pytest.mark.parametrize("style", STYLES)
def test_clean_case_is_quiet_for_all_score_rules(style):
    case = STYLES[style].with_(project_table=project_table())
    assert run_rules(case.report(), select=SCO) == []


# ---------------------------------------------------------------- SCO001


@pytest.mark.parametrize("style", STYLES)
def test_sco001_fires_on_indicator_and_fund_row(style):
    inds = _inds(i1=["", "质量指标", "档案数字化合格率", "≥98%", "99.2%", "15", "16"])
    case = STYLES[style].with_(indicators=inds, funds=("1800.00", "1900.00", "1863.00", "10", "98.05%", "98.05"),
                               total=("100", "177.05"))
    findings = only(case, "SCO001")
    msgs = [f.message for f in findings]
    assert any("“档案数字化合格率”得分16分 > 分值15分" in m for m in msgs)
    # the over-limit 预算执行率 score, with the score its rate gives; ARI004 does not say it again
    assert any("预算执行率得分98.05分 > 分值10分（按执行率98.05%应得9.81分）" in m for m in msgs)
    assert run_rules(case.report(), select=["ARI004"]) == []
    # without a rate to compute, the over-limit alone
    no_rate = STYLES[style].with_(funds=("1800.00", " ", " ", "10", " ", "98.05"))
    assert any(f.message.endswith("预算执行率得分98.05分 > 分值10分") for f in only(no_rate, "SCO001"))
    assert all(f.location.section == "附件2" and f.location.cell is not None for f in findings)


def test_sco001_quiet_when_score_equals_weight():
    assert only(Case(), "SCO001") == []


# ---------------------------------------------------------------- SCO002


def test_sco002_fires_on_block_sum_vs_written_and_standard_weight():
    inds = _inds(i0=["产出指标\n(50分)", "数量指标", "档案接收进馆数量", "≥12000卷", "12650卷", "15", "15"])
    findings = only(Case(indicators=inds, total=("95", "90.81")), "SCO002")
    (f,) = findings
    assert f.location.section == "附件2" and f.location.row is not None
    assert "产出指标各三级指标分值之和45分 ≠ 表中写明及规定权重50分" in f.message


def test_sco002_fires_when_written_weight_deviates_from_standard():
    inds = _inds(
        i0=["产出指标（40分）", "数量指标", "档案接收进馆数量", "≥12000卷", "12650卷", "10", "10"],
        i4=["效益指标（40分）", "社会效益指标", "档案查阅利用人次", "≥8000人次", "8420人次", "30", "28"],
    )
    (f,) = only(Case(indicators=inds), "SCO002")  # one root cause: one finding listing both blocks
    assert "产出指标各三级指标分值之和40分 ≠ 规定权重50分；效益指标各三级指标分值之和40分 ≠ 规定权重30分" in f.message
    assert "产出指标合计为50分、效益指标合计为30分" in f.suggestion


def test_sco002_fires_on_fund_weight_and_checks_project_tables():
    pt = project_table(funds=("300.00", "320.00", "304.00", "15", "95%", "14.25"), total=("105", "100.25"))
    findings = only(Case(project_table=pt), "SCO002")
    (f,) = findings
    assert f.location.section == "附件3"
    assert "预算执行率分值15分 ≠ 规定权重10分" in f.message


# ---------------------------------------------------------------- SCO003


def test_sco003_fires_on_total_row():
    case = STYLES["tabs-fullwidth"].with_(total=("100", "98"))
    (f,) = only(case, "SCO003")
    assert f.location.section == "附件2"
    assert "总分栏得分98分 ≠ 各项得分之和95.81分（三级指标86分+预算执行率9.81分）" in f.message


def test_sco003_fires_on_weight_total_not_100():
    inds = _inds(i6=["满意度指标（10分）", "服务对象满意度指标", "查档群众满意度", "≥90%", "93%", "5", "5"])
    findings = only(Case(indicators=inds, total=("95", "91.81")), "SCO003")
    msgs = [f.message for f in findings]
    assert any("总分栏分值95分 ≠ 100分" in m for m in msgs)
    assert not any("各项分值之和" in m for m in msgs)  # 95 is the real sum


def test_sco003_quiet_without_total_row():
    text = Case().text().replace("\t总分\n\t100\n\t95.81\n", "")
    report = parse_bytes(text.encode(), "no_total.txt")
    assert report.self_eval is not None and report.self_eval.total_score is None
    assert run_rules(report, select=["SCO003"]) == []


# ---------------------------------------------------------------- SCO004 / SCO005


def _rubric(**scores):
    rows = [list(r) for r in RUBRIC_CLEAN]
    for idx, val in scores.items():
        rows[int(idx[1:])][-1] = val
    return rows


@pytest.mark.parametrize("style", STYLES)
def test_sco004_fires_on_rubric_item_above_max(style):
    case = STYLES[style].with_(rubric=_rubric(r3="12", r8="92"))
    (f,) = only(case, "SCO004")
    assert f.location.section == "附件5"
    assert "考核评分表“提交报告（10分）”评分12分 > 分值10分" in f.message


def test_sco004_quiet_without_rubric():
    assert only(Case(), "SCO004") == []


def test_sco005_fires_on_rubric_total():
    (f,) = only(Case(rubric=_rubric(r8="95")), "SCO005")
    assert f.severity == "error" and f.location.section == "附件5"
    assert "考核评分表各项评分之和90分（8+2+18+10+15+13+12+12） ≠ 合计95分" in f.message


def test_sco005_warns_on_block_maxima():
    rows = _rubric()
    rows[1][1] = "工作小组\n（4分）"
    findings = only(Case(rubric=rows), "SCO005")
    assert [f.severity for f in findings] == ["warning"]
    assert "“布置工作”（10分）下各项分值之和12分 ≠ 10分" in findings[0].message


# ---------------------------------------------------------------- seed


def test_seed_score_defects(seed_report):
    findings = run_rules(seed_report, select=SCO)
    msgs = {(f.rule, f.location.section, f.message) for f in findings}
    # each over-limit score once (预算执行率 100 > 10 by SCO001, not ARI004 too); totals checked after capping
    assert ("SCO001", "附件2", "附件2整体支出绩效自评表预算执行率得分100分 > 分值10分（按执行率100.00%应得10分）") in msgs
    assert ("SCO002", "附件2", "附件2整体支出绩效自评表产出指标各三级指标分值之和45分 ≠ 表中写明及规定权重50分；"
            "效益指标各三级指标分值之和20分 ≠ 表中写明及规定权重30分，各项分值合计85分与总分栏分值100分不符") in msgs
    assert ("SCO003", "附件2", "附件2整体支出绩效自评表总分栏得分100分 ≠ 各项得分之和85分"
            "（三级指标75分+预算执行率10分；超过分值的得分按分值计）") in msgs
    assert ("SCO004", "附件5", "考核评分表有2项评分超过该项分值：“提交报告（10分）”评分20分；"
            "“自评报告的完整性（15分）”评分20分") in msgs
    assert len(findings) == 4  # SCO002: both blocks in one finding; SCO004: both items; no SCO005 (8+2+10+15+… = 98)


def test_sco006_missed_target_with_full_marks_fires_in_both_tables():
    from assistant.report import parse_bytes

    text = open("tests/fixtures/clean_b.txt", encoding="utf-8").read()
    # 农村供水保证率 ≥95％ but 93.4％: give it full marks (10 of 10) in 附件2 and in the 附件3 project table
    bad = text.replace("\t93.4％\n\t10\n\t8\n", "\t93.4％\n\t10\n\t10\n")
    findings = run_rules(parse_bytes(bad.encode(), "b.txt"), select=["SCO006"])
    assert {f.location.section for f in findings} == {"附件2", "附件3"}
    assert all("“农村供水保证率”实际完成值“93.4%”未达到年度指标值“≥95%”，却得满分10分" in f.message for f in findings)


def test_sco006_quiet_when_points_were_deducted_or_target_met():
    from assistant.report import parse_file

    for path in ("tests/fixtures/clean_b.txt", "tests/fixtures/clean_a.txt", "tests/fixtures/clean_d_linye.txt"):
        assert run_rules(parse_file(path), select=["SCO006"]) == []
