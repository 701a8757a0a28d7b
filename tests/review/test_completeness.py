"""Completeness rules CMP001–CMP006."""

from __future__ import annotations

import re

import pytest

from assistant.report import parse_bytes
from assistant.review import run_rules
from tests.review._numcase import Case, project_table

CMP = ["CMP001", "CMP002", "CMP003", "CMP004", "CMP005", "CMP006"]
FULL = Case(project_table=project_table())


def parse(text: str):
    return parse_bytes(text.encode("utf-8"), "cmp.txt")


def drop_section(text: str, label: str, nxt: str) -> str:
    return re.sub(rf"{label}、.*?(?={nxt}、)", "", text, flags=re.S)


def only(report, rule_id):
    return run_rules(report, select=[rule_id])


def test_full_case_is_quiet():
    assert run_rules(FULL.report(), select=CMP) == []


def test_cmp001_missing_sections_severity():
    text = drop_section(drop_section(FULL.text(), "七", "八"), "九", "十")
    findings = only(parse(text), "CMP001")
    assert [(f.location.section, f.severity) for f in findings] == [("全文", "error"), ("全文", "warning")]
    assert "第七部分“存在的问题及原因分析”" in findings[0].message
    assert "第九部分" in findings[1].message


def test_cmp002_missing_attachments():
    case = Case()  # 项目支出1250.60万元 but no 附件3
    findings = only(case.report(), "CMP002")
    assert [(f.severity, f.location.section) for f in findings] == [("warning", "全文")]
    assert "1250.60万元" in findings[0].message and "附件3" in findings[0].message
    body_only = FULL.text().split("附件1")[0]
    msgs = [(f.severity, f.message) for f in only(parse(body_only), "CMP002")]
    assert ("error", "缺少附件1“部门整体支出绩效评价基础数据表”") in msgs
    assert ("error", "缺少附件2“部门整体支出绩效自评表”") in msgs


def test_cmp002_government_fund_spending_needs_attachment4():
    text = FULL.text().replace("本单位无政府性基金预算。", "2023年度政府性基金预算支出120.50万元，用于档案馆改造。")
    findings = only(parse(text), "CMP002")
    assert len(findings) == 1 and "附件4" in findings[0].message and "120.50万元" in findings[0].message


def test_cmp003_blank_goal_cells():
    text = FULL.text().replace("\t全年接收档案不少于12000卷\n\t接收档案12650卷", "\t　\n\t ")
    findings = only(parse(text), "CMP003")
    (f,) = findings  # the whole row left empty: one finding listing both cells
    assert [(loc.section, loc.cell) for loc in f.locations] == [("附件2", 1), ("附件2", 2)]
    assert "“年度总体目标”的预期目标和实际完成情况均为空" in f.message
    assert "预期目标为空" in f.locations[0].detail and "实际完成情况为空" in f.locations[1].detail
    one = FULL.text().replace("\t接收档案12650卷", "\t ")
    (g,) = only(parse(one), "CMP003")
    assert "实际完成情况为空" in g.message and len(g.locations) == 1


def test_cmp003_project_table_goal():
    rows = project_table()
    rows[4] = ["", "完成60万页档案数字化", " "]
    text = "2023年度项目支出绩效自评表\n" + Case()._table(rows)
    findings = only(parse(text), "CMP003")
    # the parser labels a stand-alone table by its title (附件3) or leaves it in 全文
    assert [(f.location.section in ("全文", "附件3"), f.location.cell) for f in findings] == [(True, 2)]


@pytest.mark.parametrize("seven,eight_short", [("无问题。", False), ("", False)])
def test_cmp004_thin_sections(seven, eight_short):
    case = FULL.with_(seven_text=seven or " ")
    findings = only(case.report(), "CMP004")
    assert [f.location.section for f in findings] == ["七"]


def test_cmp004_quiet_on_substantive_sections():
    assert only(FULL.report(), "CMP004") == []


def test_cmp005_one_finding_per_placeholder():
    six = FULL.six_text + "满意度调查共发放问卷【待补充：问卷份数】份，回收【待补充：有效问卷数】份。"
    case = FULL.with_(six_text=six, ten_text="【待补充：其他需要说明的事项】")
    findings = only(case.report(), "CMP005")
    assert [f.location.section for f in findings] == ["六", "六", "十"]
    assert any("【待补充：问卷份数】" in f.message for f in findings)
    assert any("【待补充：有效问卷数】" in f.message for f in findings)
    assert only(FULL.report(), "CMP005") == []


def test_cmp006_blank_sangong_total_and_fund_row():
    sg = dict(FULL.sangong)
    sg["三公经费"] = (" ", " ", " ")
    case = FULL.with_(sangong=sg, funds=("1800.00", "1900.00", " ", "10", " ", "9.81"))
    findings = only(case.report(), "CMP006")
    assert [f.location.section for f in findings] == ["附件1", "附件2"]
    assert "三公经费”合计行" in findings[0].message and "（分项已填数）" in findings[0].message
    assert "全年执行数、执行率为空" in findings[1].message


def test_cmp_rules_never_raise_on_project_table():
    text = "2022年度项目支出绩效自评表\n" + Case()._table(project_table())
    assert run_rules(parse(text), select=CMP) == []


def test_seed_completeness(seed_report):
    findings = run_rules(seed_report, select=CMP)
    got = [(f.rule, f.location.section) for f in findings]
    assert ("CMP002", "全文") in got
    assert [loc.cell for f in findings if f.rule == "CMP003" for loc in f.locations] == [1, 2]
    assert ("CMP006", "附件1") in got
    assert ("CMP004", "七") in got
    assert "CMP001" not in {r for r, _ in got}
    cmp2 = next(f for f in findings if f.rule == "CMP002")
    assert "1517.72万元" in cmp2.message


NINE = "自评结果将作为下年度预算安排的重要参考，并在单位门户网站公开。"


def with_nine(nine: str, case: Case = FULL):
    return parse(case.text().replace(NINE, nine))


@pytest.mark.parametrize("nine,lacks", [
    ("按规定公开。", "只有5字"),
    ("本单位将按照上级要求，认真做好绩效自评结果的各项后续工作，切实发挥作用。", "在何处公开"),
    ("自评报告将于2024年6月底前在市财政局指定平台和本单位门户网站向社会公开，接受监督。", "自评结果如何应用"),
])
def test_cmp004_thin_or_incomplete_section_nine(nine, lacks):
    (f,) = only(with_nine(nine), "CMP004")
    assert f.location.section == "九" and f.severity == "warning"
    assert lacks in f.message


def test_cmp004_quiet_on_nine_and_short_optional_sections():
    nine = "自评结果用于改进2024年预算编制，报告随部门决算在区政府网站公示。"
    case = FULL.with_(ten_text="无。")
    assert only(with_nine(nine, case), "CMP004") == []


def test_cmp004_empty_optional_section_and_thin_section_one():
    text = FULL.text().replace("本单位无政府性基金预算。", "").replace("本馆主要负责全市档案的接收、保管和利用。", "")
    text = text.replace(FULL.staffing_text, "见附表。").replace("全年接收档案不少于12000卷，查档服务不少于8000人次。", "")
    got = [(f.location.section, f.message) for f in only(parse(text), "CMP004")]
    assert [s for s, _ in got] == ["一", "三"]
    assert "没有内容" in got[1][1]


@pytest.mark.parametrize("ten,hit", [
    ("待补充。", "待补充"),
    ("此部分内容待补充完善。", "此部分内容待补充完善"),
    ("（略）", "（略）"),
    ("本年度共开展培训XXX场次，全年节约经费××万元。", "××万元"),
    ("相关数据尚待核实", "相关数据尚待核实"),
])
def test_cmp005_unbracketed_placeholders(ten, hit):
    findings = only(FULL.with_(ten_text=ten).report(), "CMP005")
    assert findings and {f.location.section for f in findings} == {"十"}
    assert any(hit in f.message for f in findings)


def test_cmp005_quiet_on_problems_that_need_work_and_on_multiplication():
    seven = ("一是部分项目支付进度偏慢，内控制度有待完善；二是绩效指标量化程度不够，仍需补充完善指标库。"
             "原因是前期论证不充分。")
    ten = "数字化扫描按A4×2页计，合计3×4份；XP系统已全部替换。"
    assert only(FULL.with_(seven_text=seven, ten_text=ten).report(), "CMP005") == []


def test_cmp007_pdf_without_tables_says_table_figures_were_not_checked():
    from assistant.report import parse_file
    from assistant.review import run_rules

    pdf = parse_file("tests/fixtures/clean_a.pdf")
    assert pdf.tables and run_rules(pdf, select=["CMP007"]) == []  # ruled tables are recovered
    unruled = pdf.model_copy(update={"tables": []})  # a PDF whose tables could not be recovered
    (f,) = run_rules(unruled, select=["CMP007"])
    assert f.severity == "info" and f.location.section == "附件1" and "附件1、附件2" in f.message
    assert run_rules(parse_file("tests/fixtures/clean_a.docx"), select=["CMP007"]) == []


def test_cmp008_cut_text_said_once_and_nothing_after_the_cut_missing():
    text = FULL.text()
    cut = text[: text.index("七、")] + "六、部门整体支出绩效情况\n全年运行成本控制在预算以内，档案接收工作按计划推进，其中"
    report = parse(cut)
    findings = run_rules(report, select=CMP + ["CMP008"])
    cut_findings = [f for f in findings if f.rule == "CMP008"]
    assert len(cut_findings) == 1 and cut_findings[0].severity == "info"
    assert "其中" in cut_findings[0].message and cut_findings[0].location.section == "全文"
    assert not [f for f in findings if f.rule in ("CMP001", "CMP002")]


def test_cmp008_quiet_on_complete_report():
    assert only(FULL.report(), "CMP008") == []


def test_cmp009_form_recognised_but_not_read_is_said():
    text = "2023年度项目支出绩效自评表\n一级指标 二级指标 三级指标 说明文字\n项目名称 某某项目，资金情况另附。\n"
    report = parse(text)
    assert report.kind == "project_table" and not report.projects
    findings = run_rules(report, select=["CMP009"])
    assert len(findings) == 1 and findings[0].severity == "info" and "未能读出表格结构" in findings[0].message


def test_cmp009_quiet_when_the_form_is_read():
    assert run_rules(FULL.report(), select=["CMP009"]) == []
    assert run_rules(Case(project_table=project_table()).report(), select=["CMP009"]) == []


# ---------------------------------------------------------------- CMP010


def _prose(*paras: str):
    from assistant.report.model import Paragraph, Report, Section

    sec = Section(label="三", heading="三、绩效目标完成情况分析",
                  paragraphs=[Paragraph(index=i, text=t) for i, t in enumerate(paras)])
    return Report(kind="project_report", sections=[sec])


def test_cmp010_execution_subsection_without_figures():
    rep = _prose("(一)资金投入情况", "1.资金到位情况", "县级配套资金48万元已全部到位。",
                 "2.预算执行情况分析", "资金已按工程进度拨付到施工单位，做到专款专用。", "3.资金管理情况", "严格执行报账制。")
    (f,) = run_rules(rep, select=["CMP010"])
    assert f.severity == "warning" and f.location.paragraph == 3 and "专款专用" in f.message


@pytest.mark.parametrize("body", ["全年支出46.3万元，执行率96.5%。", ""])
def test_cmp010_quiet_with_figures_or_empty_body(body):
    paras = ["2.预算执行情况分析", body, "3.资金管理情况", "严格执行报账制。"] if body else ["2.预算执行情况分析"]
    assert run_rules(_prose(*paras), select=["CMP010"]) == []


RUN_IN = ("二、绩效目标完成情况分析(一)资金投入情况分析,2021年度我局食品监管资金上年结转结余资金2万元,本年度收到"
          "州级下达的中央补助1.5万元、省级下达的中央补助预算1.5万元,该项目由我局食品安全监管股负责实施,"
          "{more}(二)绩效目标完成情况分析,抽检合格率100%。")


def test_cmp010_reads_a_funding_heading_run_into_a_long_paragraph():
    (f,) = run_rules(_prose(RUN_IN.format(more="")), select=["CMP010"])
    assert "“(一)资金投入情况分析”" in f.message and "结转结余资金2万元" in f.message


@pytest.mark.parametrize("more", ["截至12月底已支付2.8万元,执行率93.3%,", "2.资金执行情况:全年支出4.6万元,"])
def test_cmp010_run_in_quiet_when_the_part_states_what_was_spent(more):
    # the figure may sit in a lower-level sub-part ("2.资金执行情况") of the same (一) part
    assert run_rules(_prose(RUN_IN.format(more=more)), select=["CMP010"]) == []


def test_cmp010_run_in_quiet_when_the_page_stops_inside_the_part():
    rep = _prose("二、绩效目标完成情况分析(一)资金投入情况分析,2021年度我局食品监管资金上年结转结余资金2万元,本年度收到州级")
    rep.cut = "本年度收到州级"
    assert run_rules(rep, select=["CMP010"]) == []


# ---------------------------------------------------------------- CMP030 sign-off left blank


def _with_sign_row(*cells: str):
    table = project_table() + [list(cells)]
    return parse_bytes(Case(project_table=table).text().encode("utf-8"), "sign.txt")


def test_cmp030_blank_sign_off_fields_are_named():
    got = run_rules(_with_sign_row("项目负责人：", "财务负责人：", "填报日期：2024年3月1日"), select=["CMP030"])
    assert len(got) == 1 and got[0].location.section == "附件3"
    assert "项目负责人、财务负责人未填写" in got[0].message


def test_cmp030_run_together_labels_in_one_paragraph():
    text = Case().text() + "\n项目负责人:财务负责人:李明 联系电话：\n"
    got = run_rules(parse_bytes(text.encode("utf-8"), "sign.txt"), select=["CMP030"])
    assert len(got) == 1 and "项目负责人、联系电话未填写" in got[0].message


@pytest.mark.parametrize("cells", [
    ("项目负责人：张华", "财务负责人：李明", "联系电话：0746-8221234"),
    ("项目负责人", "张华", "财务负责人", "李明"),  # label and name in their own cells
    ("说明：项目负责人：对自评结果负责",),
])
def test_cmp030_quiet_when_signed(cells):
    assert run_rules(_with_sign_row(*cells), select=["CMP030"]) == []


def test_cmp030_a_label_where_the_page_is_cut_is_not_called_blank():
    """Real 44 ends “…项目负责人:财务负责人:” where the page is cut: 项目负责人 is blank (the next label follows at
    once), 财务负责人's name may be on the next page."""
    from pathlib import Path

    from evals.real.eval import strip_header

    path = next(Path("tests/fixtures/real").glob("44_*.txt"))
    report = parse_bytes(strip_header(path.read_text(encoding="utf-8")).encode("utf-8"), path.name)
    got = run_rules(report, select=["CMP030"])
    assert report.cut and len(got) == 1
    assert "项目负责人未填写" in got[0].message and "财务负责人" not in got[0].message

def test_cmp040_third_party_evaluation_report_is_said_to_be_one():
    text = ("某县乡村振兴项目资金绩效评价报告\n根据县财政局通知要求,受某县财政局委托,我所成立绩效评价工作组对该项目实施"
            "绩效评价。现评价工作已完成,报告如下:\n一、基本情况\n项目资金500万元,当年全部拨付到位。\n")
    found = only(parse(text), "CMP040")
    assert len(found) == 1 and found[0].severity == "info" and "第三方" in found[0].message
    assert found[0].location.section == "全文"
    # a self-evaluation that hired a firm only for its survey is not a third-party report
    own = text.replace("受某县财政局委托,我所成立绩效评价工作组对该项目实施绩效评价", "我局委托第三方机构开展满意度调查")
    assert only(parse(own), "CMP040") == []


ROSTER = ("某乡2023年度人行便道项目绩效自评报告\n一、项目概况\n项目资金54.45万元,修人行便道9.075公里。\n"
          "二、自评工作开展情况\n1.工作组成员\n{roster}\n由经发办、财政所共同负责。\n三、存在的问题\n无。\n")


def test_cmp041_blank_working_group_roster():
    (f,) = only(parse(ROSTER.format(roster="组长:\n副组长:\n成员:")), "CMP041")
    assert f.severity == "warning" and "组长、副组长、成员未填写" in f.message and f.location.section == "二"
    (g,) = only(parse(ROSTER.format(roster="组长:副组长:成员:")), "CMP041")  # one run-in line
    assert "副组长" in g.message


@pytest.mark.parametrize("roster", [
    "组长:张三(乡长)\n副组长:李四\n成员:王五、赵六",
    "组长:\n副组长:李四(副乡长)",  # one blank label alone may be a name pushed to the next line
    "成员单位:乡财政所、经发办",
])
def test_cmp041_quiet_when_names_are_filled(roster):
    assert only(parse(ROSTER.format(roster=roster)), "CMP041") == []
