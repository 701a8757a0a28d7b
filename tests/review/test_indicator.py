"""Indicator rules IND001–IND006 on the 附件2 table, 附件3 and standalone project tables."""

from __future__ import annotations

import pytest

from assistant.report import parse_bytes
from assistant.review import run_rules
from assistant.review.profile import load_profile
from tests.profiles import write_profile
from tests.review._numcase import Case, project_table

IND = ["IND001", "IND002", "IND003", "IND004", "IND005", "IND006"]
# level1, level2, level3, 年度指标值, 实际完成值, 分值, 得分 (all scores full: IND005 stays quiet)
GOOD = [
    ["产出指标\n(50分)", "数量指标", "档案接收进馆数量", "≥12000卷", "12650卷", "20", "20"],
    ["", "质量指标", "档案数字化合格率", "≥98%", "99.2%", "15", "15"],
    ["", "时效指标", "年度接收任务完成时间", "2023年11月底前", "2023年11月20日", "10", "10"],
    ["", "成本指标", "公用经费控制", "公用经费控制在100万元以内", "公用经费98.25万元", "5", "5"],
    ["效益指标\n（30分）", "社会效益指标", "档案查阅利用人次", "≥8000人次", "8420人次", "20", "20"],
    ["", "可持续影响指标", "馆藏档案安全事故", "全年无安全事故", "未发生安全事故", "10", "10"],
    ["满意度\n指标\n（10分）", "服务对象满意度指标", "查档群众满意度", "≥90%", "93%（发放问卷300份）", "10", "10"],
]


def with_rows(*changes: tuple[int, list[str]], case: Case | None = None) -> Case:
    rows = [list(r) for r in GOOD]
    for i, row in changes:
        rows[i] = row
    return (case or Case()).with_(indicators=rows, total=("100", "100"))


def only(case: Case, rule_id: str):
    return run_rules(case.report(), select=[rule_id])


def test_good_indicators_are_quiet():
    assert run_rules(with_rows().report(), select=IND) == []
    tabs = Case(layout="tabs", fullwidth=True, pct_sign="％", year=2021, unit="东江区疾控中心")
    assert run_rules(with_rows(case=tabs).report(), select=IND) == []


@pytest.mark.parametrize("actual", ["已完成", "达成预期", "完成", "良好", "", "按计划完成", "2023年度已全部完成"])
def test_ind001_fires_per_row_on_non_values(actual):
    case = with_rows((0, ["产出指标\n(50分)", "数量指标", "档案接收进馆数量", "≥12000卷", actual or " ", "20", "20"]),
                     (4, ["效益指标\n（30分）", "社会效益指标", "档案查阅利用人次", "≥8000人次", "达到预期效果", "20", "20"]))
    findings = only(case, "IND001")
    assert [(f.location.section, f.severity) for f in findings] == [("附件2", "error")] * 2
    assert findings[0].location.table is not None and findings[0].location.row is not None
    assert "档案接收进馆数量" in findings[0].message
    assert (actual or "为空") in findings[0].message


def test_ind001_fires_when_quantified_target_has_unquantified_actual():
    case = with_rows((0, ["产出指标\n(50分)", "数量指标", "档案接收进馆数量", "≥12000卷", "档案接收工作全面完成并归档入库", "20", "20"]))
    findings = only(case, "IND001")
    assert len(findings) == 1 and "没有可比的数值" in findings[0].message


@pytest.mark.parametrize("actual", ["12650卷", "2023年11月20日", "未发生安全事故", "合格率99.2%", "三场"])
def test_ind001_quiet_on_measured_values(actual):
    case = with_rows((5, ["", "可持续影响指标", "馆藏档案安全事故", "全年无安全事故", actual, "10", "10"]))
    assert only(case, "IND001") == []


@pytest.mark.parametrize(("target", "actual", "severity"), [
    ("明显改善", "明显改善", "warning"),           # a qualitative target merely repeated: the target is the defect
    ("有效提升", "有效提升", "warning"),
    ("明显改善", "已完成", "error"),               # a completion claim stays an error
    ("明显改善", "效果良好", "error"),
    ("≥8000人次", "显著提升", "error"),            # a quantified target answered by words stays an error
])
def test_ind001_generic_actual_against_qualitative_target(target, actual, severity):
    case = with_rows((4, ["效益指标\n（30分）", "社会效益指标", "农户居住环境改善", target, actual, "20", "20"]))
    (f,) = only(case, "IND001")
    assert f.severity == severity and actual in f.message


def test_ind001_on_standalone_project_table():
    rows = project_table(indicators=[
        ["产出指标\n（50分）", "数量指标", "新建村级文化广场", "≥12个", "达成预期", "30", "30"],
        ["", "质量指标", "工程验收合格率", "100%", "已完成", "20", "20"],
        ["效益指标\n（30分）", "社会效益指标", "受益村民人数", "≥1.5万人", "1.6万人", "30", "30"],
        ["满意度指标（10分）", "服务对象满意度指标", "村民满意度", "≥90%", "94%（入户问卷400份）", "10", "10"],
    ], total=("100", "100"))
    text = "2022年度项目支出绩效自评表\n" + Case()._table(rows)
    report = parse_bytes(text.encode("utf-8"), "project.txt")
    assert report.kind == "project_table"
    findings = run_rules(report, select=["IND001"])
    assert [f.location.row for f in findings] == [6, 7]
    assert "达成预期" in findings[0].message


@pytest.mark.parametrize("target", ["提升了管理水平", "全力做好重点项目保障工作", "按要求推进信息化建设", ""])
def test_ind002_fires_on_unquantified_target(target):
    case = with_rows((1, ["", "质量指标", "内部管理规范化", target or " ", "修订制度5项", "15", "15"]))
    findings = only(case, "IND002")
    assert [(f.rule, f.location.section, f.severity) for f in findings] == [("IND002", "附件2", "warning")]


@pytest.mark.parametrize("target", ["修订制度不少于5项", "2023年6月底前完成", "全年零投诉", "符合国家档案数字化标准", "覆盖率100%"])
def test_ind002_quiet_on_quantified_or_judgable_target(target):
    case = with_rows((1, ["", "质量指标", "内部管理规范化", target, "修订制度6项", "15", "15"]))
    assert only(case, "IND002") == []


def test_ind003_fires_when_level3_or_level2_missing():
    case = with_rows(
        (1, ["", "质量指标", " ", "≥98%", "99.2%", "15", "15"]),
        (4, ["效益指标\n（30分）", "社会效益指标", "社会效益指标", "≥8000人次", "8420人次", "20", "20"]),
    )
    findings = only(case, "IND003")
    assert len(findings) == 2 and {f.severity for f in findings} == {"warning"}
    assert "没有填写三级指标" in findings[0].message and "只是指标类别名称" in findings[1].message


def test_ind004_placeholder_rows():
    case = with_rows((5, ["", "生态效益指标", "不涉及生态效益", " ", " ", "0", "0"]))
    findings = only(case, "IND004")
    assert [(f.location.section, f.severity) for f in findings] == [("附件2", "info")]
    weighted = with_rows((5, ["", "生态效益指标", "无生态效益指标", " ", " ", "10", "10"]))
    assert [f.severity for f in only(weighted, "IND004")] == ["warning"]
    assert only(with_rows(), "IND004") == []


def test_ind005_unexplained_shortfall_and_explained_one():
    short = with_rows((4, ["效益指标\n（30分）", "社会效益指标", "档案查阅利用人次", "≥8000人次", "7600人次", "20", "19"]))
    findings = only(short, "IND005")
    assert len(findings) == 1 and "得分19 < 分值20" in findings[0].message
    explained = with_rows((4, ["效益指标\n（30分）", "社会效益指标", "档案查阅利用人次", "≥8000人次", "7600人次", "20", "19",
                               "闭馆改造两个月，下年增设线上查档"]))
    assert only(explained, "IND005") == []
    # below target with full score and no note: still unexplained
    below = with_rows((0, ["产出指标\n(50分)", "数量指标", "档案接收进馆数量", "≥12000卷", "11800卷", "20", "20"]))
    assert "未达到年度指标值" in only(below, "IND005")[0].message
    # an upper-bound target met from below is fine
    cost = with_rows((3, ["", "成本指标", "单页数字化成本", "≤1.0元/页", "0.94元/页", "5", "5"]))
    assert only(cost, "IND005") == []


def test_seed_indicator_findings(seed_report):
    findings = run_rules(seed_report, select=IND)
    by_rule = {}
    for f in findings:
        by_rule.setdefault(f.rule, []).append(f)
    assert {f.location.section for f in findings} == {"附件2"}
    # every real row says only "已完成": one root cause, one finding listing the 21 rows
    (ind1,) = by_rule["IND001"]
    assert len(ind1.locations) == 21 and ind1.location == ind1.locations[0]
    assert ind1.message.startswith("附件2整体支出绩效自评表有21个指标的实际完成值都写作“已完成”，不是实测值")
    assert "第12行“零违纪违法。”" in ind1.evidence and "第33行“提高市场满意度指标”" in ind1.evidence
    assert {loc.cell for loc in ind1.locations} == {5} and len({loc.row for loc in ind1.locations}) == 21
    assert all("的实际完成值“已完成”不是实测值" in loc.detail for loc in ind1.locations)
    # six targets written as slogans: one finding listing the six rows, each row's target in its place
    (ind2,) = by_rule["IND002"]
    assert ind2.message.startswith("附件2整体支出绩效自评表有6个指标的年度指标值未量化，没有数量、比率或时限：")
    assert "第15行“加强自身建设，坚持建章立制。”（提升了管理水平。）" in ind2.evidence
    assert len(ind2.locations) == 6 and "“提升了管理水平。”未量化" in ind2.locations[0].detail
    assert [f.location.row for f in by_rule["IND004"]] == [29]
    assert "IND003" not in by_rule and "IND005" not in by_rule


@pytest.mark.parametrize("layout", ["export", "tabs"])
def test_ind001_ind002_point_at_the_cell(layout):
    case = with_rows((1, ["", "质量指标", "档案数字化合格率", "质量明显提升", "已完成", "15", "15"]),
                     case=Case(layout=layout, fullwidth=layout == "tabs"))
    report = case.report()
    (f1,) = run_rules(report, select=["IND001"])
    (f2,) = run_rules(report, select=["IND002"])
    row = report.tables[f1.location.table].rows[f1.location.row]
    assert row[f1.location.cell] == "已完成"
    assert row[f2.location.cell] == "质量明显提升"
    assert (f1.location.row, f1.location.table) == (f2.location.row, f2.location.table)


def test_ind006_flags_a_table_with_more_indicators_than_the_profile_allows(tmp_path):
    report = with_rows().report()
    assert run_rules(report, select=["IND006"]) == []  # 7 rows, national limit 30
    five = load_profile(write_profile(tmp_path, max_indicators=5))
    (f,) = run_rules(report, select=["IND006"], profile=five)
    assert f.severity == "info" and f.location.section == "附件2"
    assert f.message == "附件2整体支出绩效自评表共有7个指标，超过5个，不够精简"


# ---------------------------------------------------------------- IND009


@pytest.mark.parametrize(("level3", "target", "actual", "fires"), [
    ("道路改造资金金额", "128.5", "120.06", True),          # named money, bare figures
    ("完成项目投资", "≥300万元", "312.4万元", True),          # valued in money
    ("补助资金发放人数", "≥1500人", "1620人", False),          # money word, but people counted
    ("资金拨付率", "100%", "100%", False),                    # a rate
    ("改造供热管网长度", "≥1200米", "1260米", False),
])
def test_ind009_quantity_indicator_valued_in_money(level3, target, actual, fires):
    case = with_rows((0, ["产出指标\n(50分)", "数量指标", level3, target, actual, "20", "20"]))
    found = only(case, "IND009")
    assert len(found) == int(fires)
    if fires:
        assert found[0].severity == "warning" and level3 in found[0].message


def test_ind009_prose_quantity_sentence_of_money_only():
    from assistant.report.model import Paragraph, Report, Section

    def report(text):
        sec = Section(label="二", heading="二、绩效目标完成情况", paragraphs=[Paragraph(index=0, text=text)])
        return Report(kind="project_report", sections=[sec])

    (f,) = run_rules(report("1.数量指标：2022年，县财政下达农村改厕补助资金86.40万元。"), select=["IND009"])
    assert "86.40万元" in f.message
    assert run_rules(report("1.数量指标：2022年完成农村户厕改造1200户，拨付资金86.40万元。"), select=["IND009"]) == []
