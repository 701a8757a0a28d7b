"""Consistency rules CON001–CON006 and CON101 (year over year with ``previous``)."""

from __future__ import annotations

import pytest

from assistant.review import run_rules
from tests.review._numcase import Case, project_table

CON = ["CON001", "CON002", "CON003", "CON004", "CON005", "CON006", "CON101"]

STYLES = {
    "export": Case(),
    "tabs-fullwidth": Case(
        layout="tabs", heading_sep=".", sub_open="(", fullwidth=True, thousands=True, pct_sign="％",
        unit="石门县住房和城乡建设局", year=2024,
    ),
}


def only(case: Case, rule_id: str, **kw):
    return run_rules(case.report(), select=[rule_id], **kw)


def previous_of(case: Case) -> Case:
    """Last year's clean report whose current-year figures match ``case``'s last-year column."""
    return case.with_(
        year=case.year - 1,
        basic_text="{y}年度基本支出为590.00万元，其中：工资福利支出470.00万元，商品和服务支出90.10万元，"
        "对个人和家庭的补助29.90万元。",
        project_text="{y}年度项目支出为1180.00万元，其中：商品和服务支出680.00万元，资本性支出500.00万元。",
        sangong={
            "三公经费": ("11.00", "12.00", "10.50"),
            "1、公务用车购置和维护经费": ("7.00", "7.00", "6.50"),
            "其中：公车购置": ("0", "0", "0"),
            "公车运行维护": ("7.00", "7.00", "6.50"),
            "2、出国经费": ("0", "0", "0"),
            "3、公务接待": ("4.00", "5.00", "4.00"),
        },
        project_rows={"项目支出：": ("", "", ""), "1、业务工作经费": ("650.00", "", "700.00"),
                      "2、运行维护经费": ("450.00", "", "480.00")},
        public_funds=("85.00", "", "90.10"),
        funds=("1700.00", "1800.00", "1770.00", "10", "98.33%", "9.83"),
        income=(("一般公共预算", "1400.00"), ("纳入专户管理的非税收入拨款", "370.00")),
        nature=(("基本支出", "590.00"), ("项目支出", "1180.00")),
    )


@pytest.mark.parametrize("style", STYLES)
def test_clean_case_is_quiet_for_all_consistency_rules(style):
    case = STYLES[style].with_(project_table=project_table())
    prev = previous_of(STYLES[style]).report()
    assert run_rules(case.report(), select=CON, previous=prev) == []


# ---------------------------------------------------------------- CON001


@pytest.mark.parametrize("style", STYLES)
def test_con001_fires_on_nature_vs_text(style):
    case = STYLES[style].with_(nature=(("基本支出", "621.40"), ("项目支出", "1241.60")))
    findings = only(case, "CON001")
    assert [f.location.section for f in findings] == ["附件2", "附件2"]
    assert "附件2按支出性质分基本支出621.40万元 ≠ 第二部分基本支出612.40万元" in findings[0].message
    assert "项目支出1241.60万元 ≠ 第二部分项目支出1250.60万元" in findings[1].message


def test_con001_quiet_without_nature_breakdown():
    assert only(Case(nature=()), "CON001") == []


# ---------------------------------------------------------------- CON002


def test_con002_fires_on_public_funds_vs_goods_and_services():
    case = STYLES["tabs-fullwidth"].with_(public_funds=("90.10", "", "101.25"))
    (f,) = only(case, "CON002")
    assert f.location.section == "附件1" and f.location.cell == 3
    assert "附件1公用经费2024年决算数101.25万元 ≠ 第二部分基本支出中商品和服务支出98.25万元（差额3.00万元）" in f.message


def test_con002_quiet_with_other_wording():
    case = Case(basic_text="基本支出612.40万元，其中：工资福利480.15万元、商品及服务支出98.25万元、"
                           "对个人和家庭补助34.00万元。")
    assert only(case, "CON002") == []


# ---------------------------------------------------------------- CON003


def test_con003_warns_when_project_rows_miss_projects():
    case = Case(project_rows={"项目支出：": ("", "", ""), "1、业务工作经费": ("700.00", "", "750.60")})
    (f,) = only(case, "CON003")
    assert f.severity == "warning" and f.location.section == "附件1"
    assert "附件1各项目支出本年决算之和750.60万元" in f.message and "≠ 第二部分项目支出1250.60万元" in f.message


def test_con003_errors_when_stated_project_total_differs():
    case = Case(project_rows={"项目支出合计": ("1180.00", "", "1205.60"), "1、业务工作经费": ("700.00", "", "705.60"),
                              "2、运行维护经费": ("480.00", "", "500.00")})
    (f,) = only(case, "CON003")
    assert f.severity == "error"
    assert "附件1项目支出本年决算1205.60万元 ≠ 第二部分项目支出1250.60万元" in f.message


def test_con003_quiet_ignores_sub_rows():
    case = Case(project_rows={"项目支出：": ("", "", ""), "1、业务工作经费": ("700.00", "", "750.60"),
                              "其中：档案征集": ("100.00", "", "120.00"), "2、运行维护经费": ("480.00", "", "500.00")})
    assert only(case, "CON003") == []


# ---------------------------------------------------------------- CON004


def test_con004_fires_on_staffing_mismatch():
    case = Case(staffing_text="单位核定编制35名，实有人员31名。")
    (f,) = only(case, "CON004")
    assert f.location.section == "附件1"
    assert "第一部分实有人数31人 ≠ 附件1实际在职人数33人" in f.message


def test_con004_quiet_on_matching_staffing():
    assert only(Case(staffing_text="编制数35人，在职人员33人。"), "CON004") == []


# ---------------------------------------------------------------- CON005


def test_con005_fires_on_double_counted_nontax_income():
    case = STYLES["tabs-fullwidth"].with_(
        project_text="{y}年度项目支出为1250.60万元，资金来源均为纳入专户管理的非税收入。其中：商品和服务支出700.60万元，"
        "资本性支出550.00万元。",
        income=(("一般公共预算", "1863.00"), ("纳入专户管理的非税收入拨款", "1250.60")),
    )
    (f,) = only(case, "CON005")
    assert f.severity == "error" and f.location.section == "附件2"
    assert "一般公共预算1863.00万元已等于年度资金总额1863.00万元" in f.message
    assert "纳入专户管理的非税收入拨款1250.60万元" in f.message and "两者合计3113.60万元" in f.message
    assert "资金来源均为纳入专户管理的非税收入" in f.message
    assert "一般公共预算应填612.40万元" in f.suggestion


def test_con005_quiet_when_sources_are_split():
    case = Case(income=(("一般公共预算", "612.40"), ("纳入专户管理的非税收入拨款", "1250.60")),
                project_text="项目支出1250.60万元，全部为纳入专户管理的非税收入拨款。其中：商品和服务支出700.60万元，"
                             "资本性支出550.00万元。")
    assert only(case, "CON005") == []


# ---------------------------------------------------------------- CON006


def test_con006_fires_on_contradicting_indicator_amount():
    inds = Case().indicators
    inds[3] = ["", "成本指标", "公用经费控制", "公用经费控制在100万元以内", "实际支出公用经费92.10万元（不含物业费）",
               "5", "5"]
    (f,) = only(Case(indicators=inds), "CON006")
    assert f.severity == "warning" and f.location.section == "附件2" and f.location.row is not None
    assert "实际完成值写公用经费92.10万元（不含物业费）" in f.message
    assert "附件1公用经费98.25万元" in f.message


def test_con006_quiet_on_plan_figures_and_matching_amounts():
    inds = Case().indicators
    inds[3] = ["", "成本指标", "基本支出控制", "基本支出预算不超过650万元", "基本支出612.40万元", "5", "5"]
    assert only(Case(indicators=inds), "CON006") == []


# ---------------------------------------------------------------- CON101


def test_con101_quiet_without_previous():
    assert only(Case(public_funds=("10.00", "", "98.25")), "CON101") == []


def test_con101_fires_when_last_year_column_disagrees_with_previous_report():
    case = Case(public_funds=("88.00", "", "98.25"))
    sg = dict(case.sangong)
    sg["3、公务接待"] = ("3.60", "5.00", "3.60")
    sg["三公经费"] = ("10.10", "12.00", "9.80")
    case = case.with_(sangong=sg)
    prev = previous_of(Case()).report()
    msgs = [f.message for f in only(case, "CON101", previous=prev)]
    assert "附件1“2022年决算数”公用经费88.00万元 ≠ 上年度报告2022年决算数90.10万元" in msgs
    assert any("公务接待费3.60万元 ≠ 上年度报告2022年决算数4.00万元" in m for m in msgs)
    assert any("三公经费10.10万元 ≠ 上年度报告2022年决算数10.50万元" in m for m in msgs)


def test_con101_fires_on_unexplained_big_change_and_respects_explanations():
    case = Case(
        project_text="{y}年度项目支出为1650.60万元，其中：商品和服务支出1100.60万元，资本性支出550.00万元。",
        project_rows={"项目支出：": ("", "", ""), "1、业务工作经费": ("700.00", "", "1150.60"),
                      "2、运行维护经费": ("480.00", "", "500.00")},
        funds=("1800.00", "2300.00", "2263.00", "10", "98.39%", "9.84"),
        income=(("一般公共预算", "1900.00"), ("纳入专户管理的非税收入拨款", "363.00")),
        nature=(("基本支出", "612.40"), ("项目支出", "1650.60")),
    )
    prev = previous_of(Case()).report()
    (f,) = only(case, "CON101", previous=prev)
    assert f.location.section == "二"
    assert "项目支出由上年1180.00万元变为本年1650.60万元（+39.88%）" in f.message
    explained = case.with_(seven_text="项目支出较上年增加470.60万元，主要是新增数字档案馆建设项目。")
    assert only(explained, "CON101", previous=prev) == []


# ---------------------------------------------------------------- seed


def test_seed_consistency_defects(seed_report):
    findings = run_rules(seed_report, select=CON)
    by = {}
    for f in findings:
        by.setdefault(f.rule, []).append(f)
    # 公用经费 125.19 vs 商品和服务支出 124.44 is one symptom of the typo ARI030 reports (test_root_cause.py)
    assert set(by) == {"CON005", "CON006"}
    (c5,) = by["CON005"]
    assert c5.location.section == "附件2"
    assert "一般公共预算2321.75万元" in c5.message and "纳入专户管理的非税收入拨款1517.72万元" in c5.message
    assert "全部为纳入专户管理的非税收入拨款" in c5.message
    assert "804.03万元" in c5.suggestion
    assert any("公用经费94.62万元（含车补）" in f.message and "125.19万元" in f.message for f in by["CON006"])
    # the seed against itself as "last year": its 2021 column disagrees with its own 2022 figures
    yoy = run_rules(seed_report, select=["CON101"], previous=seed_report)
    assert any("公用经费55.85万元 ≠ 上年度报告2022年决算数125.19万元" in f.message for f in yoy)


# ---------------------------------------------------------------- CON007 narrative vs tables

SIX_FIGURES = (
    "管理效率方面，全年预算数1900.00万元，执行数1863.00万元，预算执行率98.05%；三公经费决算9.80万元，"
    "低于预算12.00万元；编制35人，实有在职人员33人，人员控制率94.29%。运行成本、履职效能、社会效应、"
    "可持续发展能力、服务对象满意度方面，问卷调查满意度93%。"
)


@pytest.mark.parametrize("style", STYLES)
def test_con007_quiet_when_narrative_matches_tables(style):
    assert only(STYLES[style].with_(six_text=SIX_FIGURES), "CON007") == []


@pytest.mark.parametrize("style", STYLES)
def test_con007_fires_on_execution_rate_in_six(style):
    case = STYLES[style].with_(six_text=SIX_FIGURES.replace("预算执行率98.05%", "预算执行率为99.60%"))
    (f,) = only(case, "CON007")
    assert f.severity == "error" and f.location.section == "六" and f.location.paragraph == 0
    assert "预算执行率正文写99.60%" in f.message and "附件2年度资金总额执行率98.05%" in f.message


def test_con007_fires_on_sangong_staff_and_control_rate_with_other_wording():
    six = ("（二）管理效率。本年度三公经费实际支出共12.80万元。核定编制35名，实有人员30名，人员控制率为90%。"
           "全年支出1863.00万元。")
    findings = only(Case(six_text=six), "CON007")
    msgs = " / ".join(f.message for f in findings)
    assert len(findings) == 3, msgs
    assert "三公经费决算正文写12.80万元，附件1三公经费决算9.80万元" in msgs
    assert "实有人数正文写30人，附件1实际在职人数33人" in msgs
    assert "人员控制率正文写90%" in msgs


def test_con007_fires_in_seven_on_whole_unit_budget():
    seven = "一是年初预算编制不够精准，全年预算数调整为1950.00万元，调整幅度较大；原因是追加项目较多。"
    (f,) = only(Case(seven_text=seven), "CON007")
    assert f.location.section == "七" and "全年预算数正文写1950.00万元" in f.message


def test_con007_quiet_on_targets_previous_year_projects_and_rounding():
    six = ("预算执行率力争不低于95%，实际预算执行率98.1%；三公经费较上年减少0.70万元，2022年三公经费决算10.50万元；"
           "业务工作经费项目执行率85.00%；项目全年预算数320.00万元，执行数304.00万元；编制外聘用人员5人；"
           "政府采购执行率100%以上。")
    assert only(Case(six_text=six), "CON007") == []


def test_con007_quiet_without_tables_to_compare():
    six = SIX_FIGURES.replace("预算执行率98.05%", "预算执行率80.00%")
    case = Case(six_text=six, funds=("1800.00", "1900.00", "1863.00", "10", " ", "9.81"))
    # no stated rate: the computed 1863/1900 = 98.05% is still the reference
    assert len(only(case, "CON007")) == 1
    assert only(Case(six_text="预算执行率80.00%。", funds=(" ", " ", " ", "10", " ", " ")), "CON007") == []


def test_con006_points_at_the_actual_cell():
    inds = Case().indicators
    inds[3] = ["", "成本指标", "公用经费控制", "公用经费控制在100万元以内", "公用经费92.10万元", "5", "5"]
    report = Case(indicators=inds, layout="tabs").report()
    (f,) = run_rules(report, select=["CON006"])
    assert report.tables[f.location.table].rows[f.location.row][f.location.cell] == "公用经费92.10万元"


def test_con007_quiet_on_per_capita_and_average_figures():
    six = SIX_FIGURES + "人均公用经费2.02万元，平均执行率97.50%。"
    assert only(Case(six_text=six), "CON007") == []


# ---------------------------------------------------------------- CON008 / CON009 copied-over year and unit

def _variant(path: str, *edits: tuple[str, str]):
    from assistant.report import parse_bytes

    text = open(path, encoding="utf-8").read()
    for old, new in edits:
        assert old in text, old
        text = text.replace(old, new)
    return parse_bytes(text.encode("utf-8"), "variant.txt")


def test_con008_fires_on_last_years_attachment_title_columns_and_text():
    report = _variant(
        "tests/fixtures/clean_d_linye.txt",
        ("2024年度部门整体支出绩效自评表", "2023年度部门整体支出绩效自评表"),
        ("\t2023年决算数\n\t2024年预算数\n\t2024年决算数", "\t2022年决算数\n\t2023年预算数\n\t2023年决算数"),
    )
    msgs = [f.message for f in run_rules(report, select=["CON008"])]
    assert any("附件2标题写“2023年度”" in m for m in msgs), msgs
    assert any("附件1经费栏目的最新年份为2023年" in m for m in msgs), msgs
    b = _variant("tests/fixtures/clean_a.txt", ("2023年度基本支出为612.48万元", "2022年度基本支出为612.48万元"))
    (f,) = run_rules(b, select=["CON008"])
    assert f.location.section == "二" and "2022年度" in f.message


def test_con008_quiet_on_clean_reports_and_last_year_columns():
    from assistant.report import parse_file

    for path in ("tests/fixtures/clean_a.txt", "tests/fixtures/clean_b.docx", "tests/fixtures/clean_d_linye.txt"):
        assert run_rules(parse_file(path), select=["CON008"]) == []


def test_con009_unit_name_from_another_unit():
    report = _variant("tests/fixtures/clean_a.txt", ("\t衡阳市档案馆\n", "\t衡阳市图书馆\n"))
    (f,) = run_rules(report, select=["CON009"])
    assert "衡阳市图书馆" in f.message and "衡阳市档案馆" in f.message and f.location.section == "附件2"
    ok = _variant("tests/fixtures/clean_a.txt", ("\t衡阳市档案馆\n", "\t衡阳市档案馆（本级）\n"))
    assert run_rules(ok, select=["CON009"]) == []


# ---------------------------------------------------------------- CON022 list numbering


def _numbered(*paragraphs: str):
    from assistant.report.model import Paragraph, Report, Section

    sec = Section(label="一", heading="基本情况", paragraphs=[Paragraph(index=i, text=t) for i, t in enumerate(paragraphs)])
    return run_rules(Report(kind="report", sections=[sec]), select=["CON022"])


def test_con022_circled_list_that_skips_a_number():
    (f,) = _numbered("①局机关内设股室7", "内设股室：办公室、法制股。", "局下辖17个大队", "③区级办公室2")
    assert "缺少②" in f.message and f.location.section == "一" and f.location.paragraph == 3


def test_con022_item_number_written_twice_in_one_paragraph():
    (f,) = _numbered("1.完成监督指挥工作。2.做好平台维护。3.收集城市管理信息。4.完成终端单位考核。4.处理投诉举报。5.指导县市区工作。")
    assert "序号4重复" in f.message


@pytest.mark.parametrize("paragraphs", [
    ("①机构设置", "②人员编制", "③职责职能"),
    ("①内设股室7个", "②下属单位3个", "①在职人员40人", "②退休人员8人"),  # a second list starts again at ①
    ("1.完成监督工作。2.做好维护。3.收集信息，全年共1.5万条。4.完成考核。",),
    ("全年支出3.4万元。2.做好维护。2.收集信息。",),  # does not start at 1: not read as one list
])
def test_con022_quiet_on_lists_in_order(paragraphs):
    assert _numbered(*paragraphs) == []
