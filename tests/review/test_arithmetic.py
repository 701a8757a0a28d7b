"""Arithmetic rules ARI003–ARI008 (ARI001/ARI002 also covered here): each fires on its own variant and stays
quiet on a clean one, across wordings and layouts (tab rows, 一./(一), full-width digits, 1,234.56, ％)."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.review import run_rules
from tests.review._numcase import Case, project_table

ARI = ["ARI001", "ARI002", "ARI003", "ARI004", "ARI005", "ARI006", "ARI007", "ARI008", "ARI030"]

STYLES = {
    "export": Case(),
    "tabs-fullwidth": Case(
        layout="tabs", heading_sep=".", sub_open="(", fullwidth=True, thousands=True, pct_sign="％",
        unit="青禾县农业农村局", year=2022,
    ),
}


def only(case: Case, rule_id: str, **kw):
    return run_rules(case.report(), select=[rule_id], **kw)


@pytest.mark.parametrize("style", STYLES)
def test_clean_case_is_quiet_for_all_arithmetic_rules(style):
    case = STYLES[style].with_(project_table=project_table())
    assert run_rules(case.report(), select=ARI) == []


# ---------------------------------------------------------------- ARI001 / ARI002


def test_ari001_fires_on_thousand_separated_basic_total():
    case = STYLES["tabs-fullwidth"].with_(
        basic_text="本年基本支出合计612.40万元。其中：工资福利支出470.15万元、商品服务支出98.25万元、"
        "对个人和家庭的补助支出34.00万元。"
    )  # (商品服务支出 88.25 would be a typo for 附件1's 98.25: ARI030, see test_root_cause.py)
    (f,) = only(case, "ARI001")
    assert f.location.section == "二"
    assert "基本支出612.40万元 ≠ 各分项之和602.40万元" in f.message


def test_ari002_fires_and_quiet():
    bad = Case(project_text="项目支出1250.60万元，其中商品和服务支出700.60万元，资本性支出500.00万元。")
    (f,) = only(bad, "ARI002")
    assert "项目支出1250.60万元 ≠ 各分项之和1200.60万元" in f.message
    assert only(Case(), "ARI002") == []


# ---------------------------------------------------------------- ARI003


@pytest.mark.parametrize("style", STYLES)
def test_ari003_fires_when_stated_rate_is_not_executed_over_budget(style):
    case = STYLES[style].with_(funds=("1800.00", "1900.00", "1863.00", "10", "100%", "10"))
    (f,) = only(case, "ARI003")
    assert f.severity == "error"
    assert f.location.section == "附件2" and f.location.table is not None and f.location.row is not None
    assert "≠ 全年执行数1863.00万元÷全年预算数1900.00万元 = 98.05%" in f.message


def test_ari003_accepts_100_percent_and_fraction_forms():
    assert only(Case(funds=("1863.00", "1863.00", "1863.00", "10", "100%", "10")), "ARI003") == []
    assert only(Case(funds=("1800.00", "1900.00", "1863.00", "10", "0.9805", "9.81")), "ARI003") == []


def test_ari003_checks_project_tables_too():
    pt = project_table(funds=("300.00", "320.00", "304.00", "10", "98%", "9.8"))
    (f,) = only(Case(project_table=pt), "ARI003")
    assert f.location.section == "附件3"
    assert "馆藏档案数字化项目" in f.message and "= 95.00%" in f.message


def test_ari003_runs_on_standalone_project_table():
    from assistant.report import parse_bytes

    rows = project_table(funds=("300.00", "320.00", "304.00", "10", "90%", "9"))
    text = "2023年度馆藏档案数字化项目支出绩效自评表\n" + "\n".join(
        "\n".join("\t" + c for c in row) + "\n" for row in rows
    )
    report = parse_bytes(text.encode(), "project.txt")
    assert report.kind == "project_table"
    findings = run_rules(report, select=["ARI003", "ARI004"])
    assert {f.rule for f in findings} == {"ARI003", "ARI004"}  # 90% stated vs 95% computed; 9 vs 9.5
    assert all(f.location.section == "附件3" for f in findings)


def test_ari004_uses_computed_rate():
    case = Case(funds=("1800.00", "1900.00", "1863.00", "10", "98.05%", "9.5"))
    (f,) = only(case, "ARI004")
    assert "预算执行率得分9.5 ≠ 分值10×执行率98.05%" in f.message
    assert "= 9.81分" in f.message


# ---------------------------------------------------------------- ARI004


def test_ari004_leaves_a_score_above_its_weight_to_sco001():
    case = Case(funds=("2000.00", "2000.00", "2000.00", "10", "100%", "100"))
    assert only(case, "ARI004") == []  # one over-limit score, one finding: SCO001's, with the score due
    (f,) = only(case, "SCO001")
    assert f.location.section == "附件2" and f.message.endswith("得分100分 > 分值10分（按执行率100.00%应得10分）")


def test_ari004_quiet_on_one_decimal_rounding_and_cap():
    assert only(Case(funds=("1800.00", "1900.00", "1863.00", "10", "98.05%", "9.8")), "ARI004") == []
    # over-execution: 执行率 > 100% is capped at 分值
    assert only(Case(funds=("1800.00", "1900.00", "1950.00", "10", "102.63%", "10")), "ARI004") == []


# ---------------------------------------------------------------- ARI005


def test_ari005_fires_on_control_rate():
    case = STYLES["tabs-fullwidth"].with_(att1_staff=("40", "38", "100%"))
    (f,) = only(case, "ARI005")
    assert f.location.section == "附件1" and f.location.cell == 3
    assert "实际在职人数38人÷编制数40人 = 95.00%" in f.message


def test_ari005_quiet_and_absent_attachment():
    assert only(Case(att1_staff=("40", "38", "95%")), "ARI005") == []
    text = Case().text().split("附件1")[0]
    from assistant.report import parse_bytes

    report = parse_bytes(text.encode(), "no_att.txt")
    assert report.basic_data is None
    assert run_rules(report, select=ARI) == []


# ---------------------------------------------------------------- ARI006


def test_ari006_fires_on_total_and_vehicle_per_column():
    sg = dict(Case().sangong)
    sg["三公经费"] = ("10.50", "12.00", "10.80")  # current 决算 parts sum to 9.80
    sg["1、公务用车购置和维护经费"] = ("6.50", "7.00", "6.20")
    sg["公车运行维护"] = ("6.00", "7.00", "6.20")  # last-year vehicle 6.50 ≠ 0 + 6.00
    findings = only(Case(sangong=sg), "ARI006")
    msgs = [f.message for f in findings]
    assert any("2023年决算数三公经费10.80万元 ≠" in m and "= 9.80万元" in m for m in msgs)
    assert any("2022年决算数公务用车购置及运行维护费6.50万元 ≠" in m and "= 6.00万元" in m for m in msgs)
    assert all(f.location.section == "附件1" for f in findings)


def test_ari006_skips_blank_total_and_blank_columns():
    sg = dict(Case().sangong)
    sg["三公经费"] = ("", "", "")  # blank total with parts: completeness, not arithmetic
    sg["2、出国经费"] = ("", "", "")
    assert only(Case(sangong=sg), "ARI006") == []


# ---------------------------------------------------------------- ARI007


def test_ari007_fires_on_income_breakdown():
    case = Case(income=(("一般公共预算", "1600.00"), ("纳入专户管理的非税收入拨款", "363.00")))
    (f,) = only(case, "ARI007")
    assert f.location.section == "附件2"
    assert "按收入性质分：一般公共预算1600.00万元+纳入专户管理的非税收入拨款363.00万元 = 1963.00万元" in f.message
    assert "≠ 年度资金总额全年执行数1863.00万元" in f.message
    # 一般公共预算 already the whole 1863.00 plus the 非税 363.00 is CON005's double counting, said there once
    assert only(Case(income=(("一般公共预算", "1863.00"), ("纳入专户管理的非税收入拨款", "363.00"))), "ARI007") == []


def test_ari007_fires_on_nature_breakdown_and_accepts_budget_total():
    case = Case(nature=(("基本支出", "612.40"), ("项目支出", "1200.60")))
    (f,) = only(case, "ARI007")
    assert "按支出性质分" in f.message
    # breakdown equal to 全年预算数 (not 执行数) is accepted
    ok = Case(income=(("一般公共预算", "1537.00"), ("纳入专户管理的非税收入拨款", "363.00")))
    assert only(ok, "ARI007") == []


# ---------------------------------------------------------------- ARI008


def test_ari008_fires_when_executed_differs_from_basic_plus_project():
    case = STYLES["tabs-fullwidth"].with_(funds=("1800.00", "1900.00", "1900.00", "10", "100%", "10"),
                                          income=(("一般公共预算", "1537.00"), ("纳入专户管理的非税收入拨款", "363.00")))
    (f,) = only(case, "ARI008")
    assert f.location.section == "附件2"
    assert "全年执行数1900.00万元 ≠ 第二部分基本支出612.40万元+项目支出1250.60万元 = 1863.00万元" in f.message


def test_ari008_quiet_when_text_lacks_totals():
    case = Case(basic_text="基本支出主要用于人员工资和日常运转。")
    assert only(case, "ARI008") == []


# ---------------------------------------------------------------- seed


def test_seed_arithmetic_defects(seed_report):
    findings = run_rules(seed_report, select=ARI)
    by = {}
    for f in findings:
        by.setdefault(f.rule, []).append(f)
    # ARI001's sum and CON002's copy are one typo (ARI030); ARI007's excess is CON005's double counting
    # the 预算执行率 score 100 > 10 is SCO001's over-limit finding (test_score_rules.py)
    assert set(by) == {"ARI030", "ARI002"}
    assert by["ARI030"][0].location.section == "二"
    assert "基本支出804.03万元 ≠ 各分项之和803.28万元" in by["ARI030"][0].message
    assert "项目支出1517.72万元 ≠ 各分项之和1547.72万元" in by["ARI002"][0].message
    for f in findings:
        assert f.suggestion and f.reference


# ---------------------------------------------------------------- whole-report checks for the numeric families

NUMERIC = ARI + ["CON001", "CON002", "CON003", "CON004", "CON005", "CON006", "CON101",
                 "SCO001", "SCO002", "SCO003", "SCO004", "SCO005", "BUD001", "BUD002", "BUD003", "BUD004"]
_FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
CLEAN_FIXTURES = sorted(
    p for p in _FIXTURES.glob("*") if (p.name.startswith("clean_") or p.name.startswith("project_only_"))
    and p.suffix in (".txt", ".docx", ".xlsx")
)


@pytest.mark.skipif(not CLEAN_FIXTURES, reason="no clean fixtures under tests/fixtures/")
@pytest.mark.parametrize("path", CLEAN_FIXTURES, ids=lambda p: p.name)
def test_numeric_rules_are_quiet_on_clean_fixtures(path):
    from assistant.report import parse_file

    findings = run_rules(parse_file(path), select=NUMERIC)
    assert [f for f in findings if f.severity == "error"] == []
    assert findings == []  # not even warnings: the clean reports are internally consistent


def test_numeric_rules_never_raise_on_partial_reports(seed_path):
    """Truncate the seed at many points: every prefix that still parses must review without exceptions."""
    from assistant.errors import AssistantError
    from assistant.report import parse_bytes

    text = seed_path.read_text(encoding="utf-8")
    step = max(1, len(text) // 40)
    reviewed = 0
    for cut in range(step, len(text), step):
        try:
            report = parse_bytes(text[:cut].encode("utf-8"), "part.txt")
        except AssistantError:
            continue
        run_rules(report, select=NUMERIC, previous=report)
        reviewed += 1
    assert reviewed > 10


# ---------------------------------------------------------------- ARI022 a rate stated in prose


def _prose_report(sentence: str):
    from assistant.report.model import Paragraph, Report, Section

    sec = Section(label="二", heading="绩效目标完成情况分析", paragraphs=[Paragraph(index=0, text=sentence)])
    return Report(kind="project_report", sections=[sec])


@pytest.mark.parametrize(("sentence", "computed"), [
    ("2023年,乡村振兴建设任务资金支付18501.096万元,未支703万元,支付率95%。", "96.34%"),
    ("项目资金共2179万元,截至2022年12月8日,已完成拨付2013.63万元,执行率97%。", "92.41%"),
])
def test_ari022_fires_when_the_stated_rate_does_not_follow_from_the_amounts(sentence, computed):
    (f,) = run_rules(_prose_report(sentence), select=["ARI022"])
    assert f.severity == "error" and f.category == "arithmetic" and f"= {computed}" in f.message


@pytest.mark.parametrize("sentence", [
    "项目资金共2179万元,截至2022年12月8日,已完成拨付2113.63万元,执行率97%。",  # 97.00%
    "项目资金共8010万元,已完成拨付8010万元,执行率100%。",
    "全年预算99.9万元,支出99.86万元,执行率99.9%。",  # truncated, not rounded: 99.95…
    "资金支付18501.096万元,未支703万元,支付率96.34%。",
    "下达资金300万元,其中县级配套60万元,已支付240万元,执行率80%。",  # another pair gives the rate
    "已支付约240万元,执行率85%。",  # no base amount
])
def test_ari022_quiet_when_the_rate_follows_or_cannot_be_checked(sentence):
    assert run_rules(_prose_report(sentence), select=["ARI022"]) == []
