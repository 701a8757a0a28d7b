"""Reader fixes found on the fifth batch of real documents (tests/fixtures/real 90–101), each on a small
document of its own: a government performance-appraisal review that is not a budget self-evaluation, a
provincial self-evaluation whose working group included a hired firm."""

from __future__ import annotations

import pytest

from assistant.errors import NotAReport
from assistant.report import parse_bytes
from assistant.report.model import Report
from assistant.report.parse import third_party_evaluator
from assistant.review import review


def parse_text(text: str, name: str = "doc.txt") -> Report:
    return parse_bytes(text.encode("utf-8"), name)


APPRAISAL = (
    "根据市政府办公厅《关于认真做好2023年度市政府绩效管理年终考评工作的通知》要求,我们重点对照日常履职清单逐项"
    "梳理年度任务完成情况。\n一、总体情况\n2023年,市某某委坚决落实市委市政府各项决策部署,某某工作取得新进展新成效。"
    "46项市级绩效任务全部完成,318件建议提案全部办理完毕。\n二、主要做法和工作成效\n(一)强化责任担当,全面高效履职\n"
    "1.推动优质资源扩容布局。一是加快疏解项目规划建设,两个院区二期开诊运行。\n"
)


def test_government_appraisal_review_is_not_a_budget_self_evaluation():
    with pytest.raises(NotAReport, match="政府绩效管理"):
        parse_text(APPRAISAL)


def test_self_evaluation_answering_an_appraisal_notice_is_still_reviewed():
    # the same opening words, but the report is about the money spent: a self-evaluation
    text = APPRAISAL.replace("梳理年度任务完成情况。", "梳理年度任务完成情况,开展部门整体支出绩效自评。") + (
        "三、预算执行情况\n全年预算120万元,执行118万元,执行率98.33%。\n")
    assert parse_text(text).kind in ("report", "project_report")


HELPED = (
    "湖北省某某事业发展补助资金(省对下转移支付)项目2018年度绩效自评报告\n"
    "根据《省财政厅关于开展2018年度省级财政支出绩效自评工作的通知》的规定,省某某会成立绩效自评工作专班,"
    "对某某事业发展补助资金进行绩效自评,我公司接受委托成为绩效自评工作专班成员,协助完成某某事业发展补助资金"
    "绩效自评工作。\n一、项目基本情况\n(一)项目立项目的和年度绩效目标情况\n1.项目提出的理由\n某某群体生活仍有困难。\n"
)


def test_firm_that_joins_the_units_own_self_evaluation_does_not_make_it_a_third_partys():
    assert third_party_evaluator(HELPED) == ""
    r = parse_text(HELPED)
    assert "第三方" not in r.kind_reason
    assert all(f.rule != "CMP040" for f in review(r).findings)
    # a firm commissioned to evaluate is still one
    assert third_party_evaluator("受某县财政局委托,我所成立绩效评价工作组对某项目实施绩效评价。") != ""


UNIT_FORM = (
    "某区林业局2023年度部门整体绩效自评表\n"
    "| 主管部门 | 某区林业局 | 自评总分(分) | 97 |\n"
    "| 绩效指标 | 指标名称 | 计量单位 | 指标性质 | 指标值 | 指标权重(分) | 全年完成值 | 指标得分(分) | 说明 |\n"
    "| 产出指标 | 森林抚育面积 | 万亩 | ≥ | 2 | 10 | 2 | 12 | |\n"
    "| 产出指标 | 森林火灾受害率 | % | ≤ | 0.9 | 10 | 0 | 10 | |\n"
)


def test_form_titled_unit_level_is_named_so_in_messages():
    r = parse_text(UNIT_FORM)
    assert r.self_eval is not None and r.self_eval.unit_level
    messages = [f.message for f in review(r).findings if f.rule == "SCO001"]
    assert messages and all(m.startswith("整体支出绩效自评表") for m in messages)
    assert not any("项目支出绩效自评表" in f.message for f in review(r).findings)


def test_unit_column_holds_the_unit_of_the_completed_value_too():
    r = parse_text(UNIT_FORM)
    row = r.self_eval.indicators[0]
    assert (row.target, row.actual) == ("≥2万亩", "2万亩")
    # 2万亩 done against ≥2万亩 is met: no “未达到” finding
    assert not [f for f in review(r).findings if f.rule == "SCO006"]


CONTENTS = (
    "某县林业和草原局2023年造林补助资金项目支出绩效自评报告\n"
    "部门名称(公章):某县林业和草原局\n项目单位:某县林业和草原局资源管理科\n主管部门: 某县林业和草原局\n"
    "项目名称: 2023年造林补助资金项目支出\n绩效自评报告\n绩效自评日期: 2025年5月\n"
    "评价小组成员:\n组长 | 张某 | 党组书记、局长 | 某县林业和草原局 | |\n目录\n摘要\n一、 项目基本情况\n(一)项目立项背景\n二、绩效评价工作情况\n"
    "三、评价结论及绩效分析\n四、项目主要经验及做法、存在的问题和建议\n(一)主要经验及做法\n(二)存在的问题\n"
    "(三)建议和改进措施\n五、附件\n附件1.成本效益分析报告\n"
    "根据《某县财政支出绩效评价管理办法》、《某县"
)


def test_table_of_contents_entries_are_not_empty_parts():
    r = parse_text(CONTENTS)
    assert r.kind == "project_report"
    assert not r.sections  # the body had not started where the page stops
    found = {f.rule for f in review(r).findings}
    assert not found & {"CMP004", "PRB003"}  # no “part too short / no content” on the contents' entries
    assert "CMP008" in found


def test_contents_then_body_keeps_the_body_headings():
    text = ("某局2023年度部门整体支出绩效自评报告\n目 录\n一、部门基本情况\n二、部门整体支出绩效情况\n三、存在的问题\n"
            "一、部门基本情况\n本局内设机构5个,编制20名,实有人员18名。\n二、部门整体支出绩效情况\n"
            "全年预算120万元,执行118万元,执行率98.33%。\n三、存在的问题\n预算编制不够精细,年中追加较多。\n")
    r = parse_text(text)
    assert [s.label for s in r.sections] == ["一", "二", "三"]
    assert "部门基本情况；二、部门整体支出绩效情况" in r.preamble[-1].text or any(
        "目录：" in p.text for p in r.preamble)


def test_header_word_broken_over_lines_is_not_an_indicator():
    # a form published one cell per line: the note column's header “偏差原因分析及改进措施” comes in three pieces
    cells = ["部门整体支出绩效自评表", "(2021年度)", "一级指标", "二级指标", "三级指标", "年度", "指标值", "实际",
             "完成值", "分值", "得分", "偏差原因", "分析及", "改进措施", "产出指标", "数量", "指标", "造林面积",
             "1.2万亩", "1.2万亩", "10", "10"]
    r = parse_text("某区林业局2021年部门整体支出绩效自评表\n\n" + "\n\n".join(cells) + "\n")
    forms = ([r.self_eval] if r.self_eval else []) + r.projects
    assert not any(i.level3 in ("分析及", "改进措施") for f in forms for i in f.indicators)
    assert not [f for f in review(r).findings if f.severity == "error" and "分析及" in f.message]
