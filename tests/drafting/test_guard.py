"""Faithfulness guard: data, computed and cited numbers pass; invented ones are named."""

from __future__ import annotations

from decimal import Decimal

import pytest

from assistant.drafting.guard import Evidence, check_numbers
from assistant.drafting.models import Citation
from assistant.drafting.numbers import find_numbers


@pytest.fixture(scope="module")
def ev(unit_a):
    return Evidence.from_report(unit_a)


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("依据财预〔2021〕101号和中发〔2018〕34号，财预[2020]10号。", id="wenhao"),
        pytest.param("1、加强管理。2、完善制度。\n3. 规范采购。（1）细化指标；(2)按月通报。", id="ordinals"),
        pytest.param("（一）运行成本；一是加强监控，二是完善制度，共三项措施、十二个月。", id="chinese-numerals"),
        pytest.param("国务院令第729号，预算法第十四条，第3条。", id="article"),
        pytest.param("详见[K-0123456789ab]。【待补充：发放问卷200份】", id="cite-key-and-placeholder"),
    ],
)
def test_no_false_positives(text, ev):
    assert find_numbers(text) == [] or check_numbers(text, evidence=ev).unverified == []


def test_data_values_and_raw_text_pass(ev):
    g = check_numbers("基本支出612.40万元，培训3260人次，亩均增产6.2%，2023年度，编制40人。", evidence=ev)
    assert g.unverified == []
    assert {n.source.split(":")[0] for n in g.numbers_used} == {"data"}


def test_computed_values_pass(ev):
    # 86.50/37 per capita, 998.00 total, (86.50-58.40)/58.40 growth, 5.55/6.50 rate, 998-860 adjustment
    text = "人均公用经费2.34万元，合计998.00万元，增长48.12%，为预算的85.38%，调增138.00万元，下降7.50%。"
    g = check_numbers(text, evidence=ev)
    assert g.unverified == []
    assert any(n.source.startswith("computed:") for n in g.numbers_used)


def test_invented_numbers_are_flagged(ev):
    g = check_numbers("全年开展培训47场，服务满意度达到99.87%，节约资金7777.77万元。", evidence=ev)
    assert g.unverified == ["47", "99.87%", "7777.77万元"]
    assert not g.ok


def test_cited_passage_numbers_pass(ev):
    c = Citation(id="K-0123456789ab", title="指引", text="例如“发放问卷300份，回收286份”")
    g = check_numbers("可参照发放问卷300份、回收286份的写法[K-0123456789ab]。", citations=[c], evidence=ev)
    assert g.unverified == []
    assert {n.source for n in g.numbers_used} == {"cite:K-0123456789ab"}


def test_years_outside_the_report_window_are_flagged(ev):
    assert check_numbers("到2035年全面完成。", evidence=ev).unverified == ["2035年"]
    assert check_numbers("2024年度预算", evidence=ev).unverified == []


def test_precision_tolerance(ev):
    # 5.55/6.50 = 85.3846…: 85.38 and 85.4 both fine, 85.2 is not
    assert check_numbers("85.4%", evidence=ev).unverified == []
    assert check_numbers("为预算的85.2%", evidence=ev).unverified == ["85.2%"]


def test_fullwidth_digits_are_read():
    assert [m.value for m in find_numbers("支出６１２．４０万元")] == [Decimal("612.40")]
