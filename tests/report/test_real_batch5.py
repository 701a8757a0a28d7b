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
