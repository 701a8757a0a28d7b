"""Boilerplate rules BOI001 (template/instruction text) and BOI002 (textbook passages)."""

from __future__ import annotations

import pytest

from assistant.report import parse_bytes
from assistant.review import run_rules
from tests.review._numcase import Case, project_table

DEFAULT_EIGHT = "针对支付进度偏慢的问题，建立月度调度机制；针对指标量化不足，按财预〔2021〕101号修订指标。"


def only(case: Case, rule_id: str, eight: str | None = None):
    text = case.text()
    if eight is not None:
        text = text.replace(DEFAULT_EIGHT, eight)
    return run_rules(parse_bytes(text.encode("utf-8"), "boi.txt"), select=[rule_id])


INSTRUCTIONS = [
    # none of these is the seed's wording; all tell the writer what to do and state no fact of the unit
    "请围绕本单位职能，从预算执行、产出、效益等方面阐述整体支出绩效情况，需说明主要指标的完成情况。",
    "阐述部门年度重点工作的完成情况，分析资金使用效益，衡量部门履职成效。",
    "本部分需要填报部门整体支出的绩效情况，从运行成本、管理效率等角度进行分析。",
]


@pytest.mark.parametrize("six", INSTRUCTIONS)
def test_boi001_whole_section_of_instructions_is_an_error(six):
    findings = only(Case(six_text=six), "BOI001")
    assert [(f.rule, f.location.section, f.severity) for f in findings] == [("BOI001", "六", "error")]
    assert "模板写作提示" in findings[0].message


def test_boi001_instruction_paragraph_next_to_real_text_is_a_warning():
    six = Case().six_text + "\n" + INSTRUCTIONS[1]
    findings = only(Case(six_text=six), "BOI001")
    assert [(f.location.section, f.location.paragraph, f.severity) for f in findings] == [("六", 1, "warning")]


def test_boi001_attachment_checklist_in_ten():
    ten = "无。\n附件如下，报告需要以下附件：\n1.部门整体支出绩效评价基础数据表\n2.部门整体支出绩效自评表"
    findings = only(Case(ten_text=ten, layout="tabs", heading_sep="."), "BOI001")
    assert [(f.location.section, f.severity) for f in findings] == [("十", "warning")]
    assert "附件清单" in findings[0].message


def test_boi001_template_marks_in_table_cells():
    rows = dict(Case().project_rows)
    rows["3、市级专项资金（每个专项填一行）"] = ("", "", "")  # the prescribed form's row label: not a leftover
    rows["XX单位专项"] = ("", "", "")
    rows["4、其他专项"] = ("（每个专项填一行）", "", "")  # the same note in a value cell is a leftover
    findings = only(Case(project_rows=rows), "BOI001")
    assert {f.location.section for f in findings} == {"附件1"}
    assert all(f.location.table is not None and f.location.row is not None for f in findings)
    assert sorted((f.evidence, f.location.cell) for f in findings) == [("XX单位专项", 0), ("（每个专项填一行）", 1)]


@pytest.mark.parametrize("six", [
    Case().six_text,
    "围绕档案接收职责，全年接收档案12650卷，完成数字化31万页，查档服务8420人次。",
    "（一）运行成本。全年公用经费98.25万元，较上年下降3.1%。",
])
def test_boi001_quiet_on_real_text(six):
    assert only(Case(six_text=six), "BOI001") == []


@pytest.mark.parametrize("eight", [
    "修订内控制度。预算绩效管理是政府治理方式的重大变革，是提高财政资金使用效益的重要手段。",
    "编制预算时坚持公开性原则、科学性原则和规范性原则，按月通报执行进度。",
    "部门预算是财政预算的基础，是单位履行职能的重要保障；下一步将细化测算。",
])
def test_boi002_fires_on_textbook_passages(eight):
    findings = only(Case(), "BOI002", eight=eight)
    assert [(f.rule, f.location.section, f.severity) for f in findings] == [("BOI002", "八", "warning")]


@pytest.mark.parametrize("eight", [
    DEFAULT_EIGHT,
    "本馆预算执行率是96.5%，为下年预算安排提供依据；针对进度问题建立月度调度机制。",
])
def test_boi002_quiet_on_unit_specific_text(eight):
    assert only(Case(), "BOI002", eight=eight) == []


def test_seed_boilerplate_locations(seed_report):
    findings = run_rules(seed_report, select=["BOI001", "BOI002"])
    got = {(f.rule, f.location.section, f.severity) for f in findings}
    assert ("BOI001", "六", "error") in got
    assert ("BOI001", "十", "warning") in got
    assert ("BOI001", "附件1", "warning") not in got  # the form's printed footnote and row label (issue 19)
    assert ("BOI002", "八", "warning") in got
    boi2 = [f for f in findings if f.rule == "BOI002"][0]
    assert "单位预算是财政总预算的基础" in boi2.message


WRITER_NOTES = [
    # notes addressed to the person filling in the template, in different wordings and layouts
    "〔撰写要求：对照年度绩效目标逐项说明完成情况〕",
    "[编写说明] 此段内容在提交前请删除。",
    "（本节须涵盖运行成本、管理效率、履职效能等六个方面，其中第3项要写明核心指标。）",
    "备注：本部分数据请对照附表1、附表2如实填列说明。",
    "说明：第（一）至（六）项应结合本单位实际情况填写，不涉及的写“无”。",
]


@pytest.mark.parametrize("note", WRITER_NOTES)
def test_boi001_notes_addressed_to_the_writer(note):
    six = Case().six_text + "\n" + note
    findings = only(Case(six_text=six, layout="tabs", heading_sep="."), "BOI001")
    assert [(f.location.section, f.location.paragraph, f.severity) for f in findings] == [("六", 1, "warning")]


def test_boi001_quiet_on_reader_notes_and_need_to_explain():
    six = Case().six_text + "\n" + (
        "需要说明的是，本年度追加预算120万元，主要用于新馆搬迁。注：表中数据为决算数，单位为万元；"
        "按照填报要求，我馆如实填列了附件1基础数据表。如有疑问请与办公室联系。"
    )
    assert only(Case(six_text=six), "BOI001") == []


def test_boi001_bracketed_request_to_the_writer_in_six():
    from assistant.report import parse_bytes
    from assistant.review import run_rules

    text = open("tests/fixtures/clean_d_linye.txt", encoding="utf-8").read()
    start, end = text.index("　　六、"), text.index("　　七、")
    text = text[:start] + "　　六、部门整体支出绩效情况\n　　（此部分请围绕运行成本、管理效率、履职效能等方面进行阐述，并附相关数据。）\n" + text[end:]
    (f,) = run_rules(parse_bytes(text.encode(), "d.txt"), select=["BOI001"])
    assert f.location.section == "六" and f.severity == "error"
    clean = parse_bytes(open("tests/fixtures/clean_d_linye.txt", "rb").read(), "d.txt")
    assert run_rules(clean, select=["BOI001"]) == []


# ---------------------------------------------------------------- BOI003


def _form(rows: list[list[str]]):
    text = "2023年度项目支出绩效自评表\n" + Case()._table(rows)
    return parse_bytes(text.encode("utf-8"), "form.txt")


def test_boi003_one_finding_per_table_listing_every_placeholder():
    rows = project_table(name="乡村道路硬化项目", indicators=[
        ["产出指标\n（50分）", "数量指标", "硬化道路长度(≥**公里)", "≥**公里", "12.4公里", "30", "30"],
        ["", "质量指标", "指标2：", " ", " ", " ", " "],
        ["", "……", " ", " ", " ", " ", " "],
        ["效益指标\n（30分）", "社会效益指标", "受益群众人数", "≥5000人", "5600人", "30", "30"],
        ["满意度指标（10分）", "服务对象满意度指标", "群众满意度", "≥90%", "95%（入户问卷120份）", "10", "10"],
    ])
    rows.insert(-1, ["评价结论", "结合自评情况，说明项目自评总分及取得的成效。（200字以内）"])
    report = _form(rows)
    (f,) = run_rules(report, select=["BOI003"])
    assert f.severity == "warning" and f.location.table is not None
    for part in ("≥**公里", "指标2", "……", "200字以内"):
        assert part in f.message or part in f.evidence
    assert "共" in f.message and "处" in f.message


def test_boi003_slot_label_flagged_and_filled_form_quiet():
    rows = project_table(indicators=[
        ["产出指标\n（50分）", "数量指标", "指标1：新建污水管网长度", "≥8公里", "8.6公里", "50", "50"],
        ["效益指标\n（30分）", "社会效益指标", "污水收集率", "≥85%", "88%", "30", "30"],
        ["满意度指标（10分）", "服务对象满意度指标", "居民满意度", "≥90%", "93%（问卷300份）", "10", "10"],
    ])
    rows.insert(-1, ["评价结论", "项目自评得分100分，新建管网8.6公里，城区污水收集率由79%提高到88%。"])
    found = run_rules(_form(rows), select=["BOI003"])
    # "指标1：" labels a filled indicator slot; it is the form's numbering, still template residue
    assert [f.rule for f in found] == ["BOI003"] and "指标1" in found[0].message
    rows[6][3] = "新建污水管网长度"
    assert run_rules(_form(rows), select=["BOI003"]) == []
