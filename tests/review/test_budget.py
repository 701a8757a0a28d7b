"""Budget rules BUD001–BUD006: 三公 against budget, budget adjustments and execution, year-over-year jumps."""

from __future__ import annotations

from decimal import Decimal

import pytest

from assistant.review import run_rules
from assistant.review.profile import load_profile
from tests.review._numcase import Case, project_table

BUD = ["BUD001", "BUD002", "BUD003", "BUD004", "BUD005", "BUD006"]

STYLES = {
    "export": Case(),
    "tabs-fullwidth": Case(
        layout="tabs", heading_sep=".", sub_open="(", fullwidth=True, thousands=True, pct_sign="％",
        unit="北湾市统计局", year=2020,
    ),
}


def only(case: Case, rule_id: str, **kw):
    return run_rules(case.report(), select=[rule_id], **kw)


def _sangong(**rows):
    sg = dict(Case().sangong)
    names = {"total": "三公经费", "vehicle": "1、公务用车购置和维护经费", "run": "公车运行维护",
             "abroad": "2、出国经费", "reception": "3、公务接待"}
    for k, v in rows.items():
        sg[names[k]] = v
    return sg


@pytest.mark.parametrize("style", STYLES)
def test_clean_case_is_quiet_for_all_budget_rules(style):
    case = STYLES[style].with_(project_table=project_table())
    assert run_rules(case.report(), select=BUD) == []


# ---------------------------------------------------------------- BUD001


@pytest.mark.parametrize("style", STYLES)
def test_bud001_fires_when_final_exceeds_budget(style):
    case = STYLES[style].with_(sangong=_sangong(total=("10.50", "12.00", "12.50"), reception=("4.00", "5.00", "6.30")))
    findings = only(case, "BUD001")
    assert {f.location.section for f in findings} == {"附件1"}
    y = STYLES[style].year
    msgs = [f.message for f in findings]
    assert f"公务接待费{y}年决算数6.30万元 > {y}年预算数5.00万元，超预算1.30万元" in msgs
    assert f"三公经费{y}年决算数12.50万元 > {y}年预算数12.00万元，超预算0.50万元" in msgs


def test_bud001_quiet_when_equal_to_budget():
    assert only(Case(sangong=_sangong(reception=("4.00", "5.00", "5.00"), total=("10.50", "12.00", "11.20"))),
                "BUD001") == []


# ---------------------------------------------------------------- BUD002


def test_bud002_warns_when_final_far_below_budget():
    case = Case(sangong=_sangong(total=("10.50", "27.00", "9.80"), reception=("4.00", "20.00", "3.60")))
    findings = only(case, "BUD002")
    # under-spending is no defect: info by default (the profile's [severity] may raise it)
    assert findings and all(f.severity == "info" and f.location.section == "附件1" for f in findings)
    msgs = [f.message for f in findings]
    assert any("公务接待费2023年决算数3.60万元仅为2023年预算数20.00万元的18.00%" in m for m in msgs)
    assert any("三公经费2023年决算数9.80万元仅为2023年预算数27.00万元的36.30%" in m for m in msgs)


def test_bud002_threshold_comes_from_profile():
    case = Case(sangong=_sangong(total=("10.50", "12.00", "9.80"), reception=("4.00", "5.00", "3.60")))
    strict = load_profile().model_copy(deep=True)
    strict.thresholds.sangong_under_ratio = Decimal("0.8")
    msgs = [f.message for f in only(case, "BUD002", profile=strict)]
    assert msgs == ["公务接待费2023年决算数3.60万元仅为2023年预算数5.00万元的72.00%（低于80%），预算与实际支出差距较大（节支本身不是问题）"]
    assert only(case, "BUD002") == []


def test_bud002_skips_zero_budget():
    assert only(Case(sangong=_sangong(abroad=("0", "0", "0"))), "BUD002") == []


# ---------------------------------------------------------------- BUD003


def test_bud003_warns_on_large_unexplained_adjustment():
    case = STYLES["tabs-fullwidth"].with_(funds=("1200.00", "1900.00", "1863.00", "10", "98.05%", "9.81"))
    (f,) = only(case, "BUD003")
    assert f.location.section == "附件2"
    assert "年初预算数1200.00万元调整为全年预算数1900.00万元（+58.33%），报告未说明预算调整原因" in f.message


def test_bud003_quiet_when_adjustment_explained():
    case = Case(
        funds=("1200.00", "1900.00", "1863.00", "10", "98.05%", "9.81"),
        ten_text="年中追加预算700万元，主要用于新馆搬迁及档案数字化，因此全年预算数较年初大幅增加。",
    )
    assert only(case, "BUD003") == []


def test_bud003_warns_on_low_execution_rate_in_project_table():
    pt = project_table(funds=("300.00", "320.00", "240.00", "10", "75%", "7.5"), total=("100", "93.5"))
    case = Case(project_table=pt, seven_text="绩效指标量化程度不够，部分指标难以衡量。")
    (f,) = only(case, "BUD003")
    assert f.location.section == "附件3"
    assert "执行率75.00%（全年执行数240.00万元÷全年预算数320.00万元）低于90%" in f.message


# ---------------------------------------------------------------- BUD004


def test_bud004_warns_on_public_funds_jump():
    case = STYLES["tabs-fullwidth"].with_(public_funds=("60.00", "", "98.25"), six_text="运行成本方面，全年运转正常。")
    (f,) = only(case, "BUD004")
    assert f.location.section == "附件1"
    assert "公用经费2019年决算数60.00万元，2020年决算数98.25万元，增长63.75%" in f.message


def test_bud004_quiet_when_six_explains_the_increase():
    # the default 六 says 公用经费 rose because of the move to the new building
    assert only(Case(public_funds=("60.00", "", "98.25")), "BUD004") == []


def test_bud004_computes_sangong_from_parts_and_respects_explanations():
    sg = _sangong(total=("", "", ""), reception=("1.00", "5.00", "3.60"), vehicle=("2.00", "7.00", "6.20"),
                  run=("2.00", "7.00", "6.20"))
    (f,) = only(Case(sangong=sg), "BUD004")
    assert "三公经费（各项合计）2022年决算数3.00万元，2023年决算数9.80万元，增长226.67%" in f.message
    explained = Case(sangong=sg, seven_text="三公经费较上年增加，原因是新增一辆执法车辆的运行维护费。")
    assert only(explained, "BUD004") == []


def test_bud004_quiet_without_last_year_column():
    case = Case(money_cols=("{y}年预算数", "{y}年决算数", "备注"), public_funds=("", "98.25", ""))
    assert only(case, "BUD004") == []


# ---------------------------------------------------------------- seed


def test_seed_budget_defects(seed_report):
    findings = run_rules(seed_report, select=BUD)
    msgs = {(f.rule, f.location.section, f.message) for f in findings}
    assert ("BUD002", "附件1", "公务接待费2022年决算数0.69万元仅为2022年预算数30万元的2.30%（低于50%），预算与实际支出差距较大（节支本身不是问题）") in msgs
    assert ("BUD002", "附件1",
            "公务用车购置及运行维护费2022年决算数3.66万元仅为2022年预算数8万元的45.75%（低于50%），预算与实际支出差距较大（节支本身不是问题）") in msgs
    assert any(r == "BUD003" and s == "附件2" and "1244.23万元调整为全年预算数2321.75万元（+86.60%）" in m
               for r, s, m in msgs)
    assert ("BUD004", "附件1",
            "公用经费2021年决算数55.85万元，2022年决算数125.19万元，增长124.15%，第六、七部分未说明原因") in msgs
    assert not any(r == "BUD001" for r, _, _ in msgs)


def test_bud004_understands_relative_column_headers():
    case = Case(money_cols=("上年决算数", "本年预算数", "本年决算数"), public_funds=("60.00", "", "98.25"),
                six_text="运行成本方面，全年运转正常。")
    (f,) = only(case, "BUD004")
    assert "公用经费上年决算数60.00万元，本年决算数98.25万元，增长63.75%" in f.message


def test_bud005_over_staffed_fires_and_normal_staffing_is_quiet():
    from assistant.report import parse_bytes, parse_file

    text = open("tests/fixtures/clean_d_linye.txt", encoding="utf-8").read()
    over = text.replace("\t56\n\t54\n\t96.43%", "\t50\n\t54\n\t108%")
    (f,) = run_rules(parse_bytes(over.encode(), "over.txt"), select=["BUD005"])
    assert f.location.section == "附件1" and "实际在职54人超过编制50人（控制率108.00%）" == f.message
    assert run_rules(parse_file("tests/fixtures/clean_d_linye.txt"), select=["BUD005"]) == []


# ---------------------------------------------------------------- BUD006


@pytest.mark.parametrize("style", STYLES)
def test_bud006_fires_when_executed_exceeds_budget(style):
    case = STYLES[style].with_(funds=("1800.00", "1900.00", "1950.00", "10", "102.63%", "10"))
    (f,) = only(case, "BUD006")
    assert f.severity == "error" and f.location.section == "附件2"
    assert f.message == "附件2整体支出绩效自评表全年执行数1950.00万元 > 全年预算数1900.00万元（执行率102.63%）"


def test_bud006_quiet_at_budget_and_fires_in_project_table():
    assert only(Case(funds=("1800.00", "1863.00", "1863.00", "10", "100%", "10")), "BUD006") == []
    pt = project_table(funds=("300.00", "320.00", "330.00", "10", "103.13%", "10"))
    (f,) = only(Case(project_table=pt), "BUD006")
    assert f.location.section == "附件3" and "全年执行数330.00万元 > 全年预算数320.00万元" in f.message


# ---------------------------------------------------------------- BUD003 on the 四川 部门预算项目支出绩效自评表

SICHUAN_FORM = """部门预算项目支出绩效自评表(2023年度) | |
项目名称 | 2023年办公设备购置项目 |
主管部门 | 青禾县司法局 | 实施单位 | 青禾县司法局 |
预算执行情况(10分) | 年度预算数(万元) | 年初预算 | 调整后预算数 | 预算执行数 | 预算执行率 | 权重 | 得分 | 原因 |
总额 | {first} | {adjusted} | {adjusted} | 100.00% | 10 | 10 | {reason} |
绩效指标(90分) | 一级指标 | 二级指标 | 三级指标 | 指标性质 | 指标值 | 度量单位 | 完成值 | 权重 | 得分 | 未完成原因分析 |
产出指标 | 数量指标 | 购置电脑台数 | ≥ | 13 | 台 | 13 | 50 | 50 | |
效益指标 | 社会效益指标 | 办公效率提升 | 定性 | 明显 | | 明显 | 30 | 30 | |
满意度指标 | 服务对象满意度指标 | 干部职工满意度 | ≥ | 90 | % | 95 | 10 | 10 | |
合计 | 100 | 100 |
"""
FORM_NOTE = ("1.预算执行率=预算执行数/调整后预算数,预算执行率未达到90%的需说明原因(100字以内);"
             "2.年中发生预算调整的(追加或调减),应单独说明理由;3.其他资金包括:社会投入资金、银行贷款.")


def _bud003(first: str, adjusted: str, reason: str):
    from assistant.report import parse_bytes

    text = SICHUAN_FORM.format(first=first, adjusted=adjusted, reason=reason)
    return run_rules(parse_bytes(text.encode("utf-8"), "form.txt"), select=["BUD003"])


@pytest.mark.parametrize(("first", "adjusted", "how"), [
    ("238.93", "251.89", "+5.42%"),  # small, but the form asks for the reason of any adjustment
    ("0.00", "3.36", "年中全额追加"),  # nothing at the start of the year
])
def test_bud003_adjustment_the_form_asks_to_explain_and_only_its_note_in_the_reason_cell(first, adjusted, how):
    (f,) = _bud003(first, adjusted, FORM_NOTE)
    assert how in f.message and adjusted in f.message and "表内要求" in f.message


def test_bud003_quiet_when_the_reason_cell_gives_a_reason_or_nothing_changed():
    assert _bud003("238.93", "251.89", "年中追加工资调标经费12.96万元") == []
    assert _bud003("251.89", "251.89", FORM_NOTE) == []


# ---------------------------------------------------------------- BUD007 spending in prose, no 执行率


def _prose_only(paragraph: str):
    from assistant.report.model import Paragraph, Report, Section

    sec = Section(label="二", heading="项目资金使用情况", paragraphs=[Paragraph(index=0, text=paragraph)])
    return run_rules(Report(kind="project_report", sections=[sec]), select=["BUD007"])


def test_bud007_prose_spending_far_below_the_arranged_amount():
    (f,) = _prose_only("我校2022年按生均1000元安排,共计239万元,其中上级资金179.25万元,本级59.75万元。"
                       "我校2022年财政安排支出共计87.06万元,余款安排下年支出。")
    assert f.severity == "warning" and "36.43%" in f.message and "87.06万元" in f.message


@pytest.mark.parametrize("paragraph", [
    "共计239万元，全年支出共计230.5万元。",  # 96.44%: not low
    "共计239万元，全年支出共计87.06万元，执行率36.43%，主要原因是工程未完工。",  # the rate is written
    "共计239万元，全年支出共计87.06万元，其余151.94万元结转下年使用。",  # the shortfall is explained
    "全年支出87.06万元，安排资金239万元。",  # spending before the arranged amount: not read as a pair
])
def test_bud007_quiet(paragraph):
    assert _prose_only(paragraph) == []
