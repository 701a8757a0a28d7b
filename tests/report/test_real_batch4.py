"""Reader fixes found on the fourth batch of real documents (tests/fixtures/real 77–89), each on a small
document of its own: a 街道办事处 whose 编制 comes in two kinds in one sentence."""

from __future__ import annotations

from decimal import Decimal

import pytest

from assistant.report import parse_bytes
from assistant.report.model import Report
from assistant.review import review


def parse_text(text: str, name: str = "doc.txt") -> Report:
    return parse_bytes(text.encode("utf-8"), name)


def report_with(staff_sentence: str) -> str:
    return (
        "2021年度某区某某街道办事处整体支出绩效自评报告\n"
        "一、单位基本情况\n"
        "(一)单位机构设置、部门职能情况。\n"
        f"我单位设置党政机构10个,下辖社区居委会5个和村委会1个。{staff_sentence}\n"
        "二、部门整体支出情况\n"
        "全年支出865.20万元,其中基本支出612.48万元,项目支出252.72万元。\n"
    )


def test_two_kinds_of_quota_in_one_sentence_are_added():
    text = report_with("机构规格为正科级,核定行政编制13名,用于行政执法工作编制28名。"
                       "我街道实有人员25名,其中使用行政编制的人员13名,使用行政执法工作编制的人员12名。")
    r = parse_text(text)
    st = r.staffing()
    assert st.authorized.value == Decimal(41) and st.actual.value == Decimal(25)
    assert "BUD005" not in {f.rule for f in review(r).findings}  # 25 in post against 41, not against 13


@pytest.mark.parametrize(("sentence", "authorized"), [
    # an overall figure broken down: the overall figure
    ("核定编制41名,其中行政编制13名、行政执法工作编制28名。实有人员25名。", 41),
    ("核定行政编制13名,其中领导职数3名。实有人员12名。", 13),
    # one kind only, and the same kind written twice
    ("核定行政编制13名。实有人员12名。", 13),
    ("核定行政编制13名,使用行政编制13名。实有人员12名。", 13),
])
def test_overall_or_single_quota_is_read_as_written(sentence, authorized):
    assert parse_text(report_with(sentence)).staffing().authorized.value == Decimal(authorized)


def test_quota_over_actual_still_warned_when_one_kind():
    r = parse_text(report_with("核定行政编制13名。我街道实有人员25名。"))
    assert "BUD005" in {f.rule for f in review(r).findings}
