"""CMP020: the body's attachment list vs the attachments present and their labels."""

from __future__ import annotations

import pytest

from assistant.review import run_rules
from assistant.review.profile import load_profile
from assistant.review.rules.attachments import attachment_kind, attachment_list
from tests.review._planted import CLEAN, clean, plant

TEN = "　　十.其他需要说明的情况\n　　无。"  # clean_b: 附件1, 附件2, 附件3 and 附件5 (考核评分表)
GOOD_LIST = [
    "部门整体支出绩效评价基础数据表", "部门整体支出绩效自评表", "项目支出绩效自评表", "政府性基金预算支出情况表",
    "部门整体支出绩效自评工作考核评分表",
]
WRONG_LIST = GOOD_LIST[:4] + ["国有资本经营预算支出情况表"]


def with_list(items: list[str], inline: bool = False):
    if inline:
        body = "　　附件：" + "；".join(f"{i}.{t}" for i, t in enumerate(items, 1)) + "。"
    else:
        body = "　　报告附件如下：\n" + "\n".join(f"　　{i}.{t}" for i, t in enumerate(items, 1))
    return plant("clean_b.txt", (TEN, TEN + "\n" + body))


def only(report):
    return run_rules(report, select=["CMP020"])


@pytest.mark.parametrize("name", CLEAN)
def test_clean_fixtures_are_quiet(name):
    assert only(clean(name)) == []


@pytest.mark.parametrize("inline", [False, True])
def test_list_is_read_inline_or_one_item_per_paragraph(inline):
    listed = attachment_list(with_list(GOOD_LIST, inline=inline))
    assert [(i.number, i.title) for i in listed] == list(enumerate(GOOD_LIST, 1))
    assert {i.location.section for i in listed} == {"十"}


@pytest.mark.parametrize("inline", [False, True])
def test_cmp020_quiet_when_list_and_labels_agree(inline):
    assert only(with_list(GOOD_LIST, inline=inline)) == []


@pytest.mark.parametrize("inline", [False, True])
def test_cmp020_fires_when_an_attachment_is_labelled_as_another_list_item(inline):
    findings = only(with_list(WRONG_LIST, inline=inline))
    assert len(findings) == 1
    f = findings[0]
    assert f.location.section == "十" and f.severity == "warning"
    assert "附件清单第5项是“国有资本经营预算支出情况表”" in f.message
    assert "标为附件5的是“部门整体支出绩效自评工作考核评分表”" in f.message


def test_cmp020_leaves_listed_but_absent_attachments_to_cmp002():
    # 4.政府性基金预算支出情况表 is listed and not attached: CMP002's matter, not a label mismatch
    assert only(with_list(GOOD_LIST)) == []


def test_unnumbered_or_single_item_lists_are_not_compared():
    single = plant("clean_b.txt", (TEN, TEN + "\n　　附件：国有资本经营预算支出情况表"))
    assert attachment_list(single) == []
    assert only(single) == []


@pytest.mark.parametrize(
    ("title", "kind"),
    [
        ("2022年度部门整体支出绩效自评表", "整体支出绩效自评表"),
        ("部门整体支出绩效自评工作考核评分表", "考核评分表"),
        ("2024年度项目支出绩效自评表", "项目支出绩效自评表"),
        ("成本费用分析报告", None),
    ],
)
def test_attachment_kind(title, kind):
    assert attachment_kind(title, load_profile().attachments) == kind


def test_seed_rubric_labelled_as_listed_state_capital_table():
    msgs = [f.message for f in only(clean("seed_000.txt"))]
    assert len(msgs) == 1
    assert "第5项是“国有资本经营预算支出情况表”" in msgs[0] and "考核评分表" in msgs[0]


def test_list_stops_where_the_numbering_breaks():
    report = plant("clean_b.txt", (TEN, TEN + "\n　　附件：\n　　1.部门整体支出绩效评价基础数据表\n　　2.部门整体支出绩效自评表\n"
                                   "　　2024年3月31日"))
    assert [i.number for i in attachment_list(report)] == [1, 2]
