"""Faithfulness guard: data, computed and cited numbers pass; invented ones are named."""

from __future__ import annotations

import json
import re
from decimal import Decimal
from pathlib import Path

import pytest

from assistant.drafting.guard import Evidence, check_numbers, guard_warning
from assistant.drafting.models import Citation
from assistant.drafting.numbers import find_numbers
from tests.drafting.conftest import clean_fixture_paths, strip_narrative


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
    assert g.unverified == ["47场", "99.87%", "7777.77万元"]
    assert not g.ok


def test_cited_passage_numbers_pass(ev):
    c = Citation(id="K-0123456789ab", title="指引", text="例如“发放问卷300份，回收286份”")
    g = check_numbers("指引举例：“发放问卷300份，回收286份”[K-0123456789ab]。", citations=[c], evidence=ev)
    assert g.unverified == []
    assert {n.source for n in g.numbers_used} == {"cite:K-0123456789ab"}


def test_cited_numbers_outside_the_quote_are_checked(ev):
    c = Citation(id="K-0123456789ab", title="指引", text="例如“发放问卷300份，回收286份”")
    g = check_numbers("本单位发放问卷300份[K-0123456789ab]。", citations=[c], evidence=ev)
    assert g.unverified == ["300份"]
    g = check_numbers("指引举例：“发放问卷300份，回收290份”[K-0123456789ab]。", citations=[c], evidence=ev)
    assert g.unverified == ["290份"]


def test_years_outside_the_report_window_are_flagged(ev):
    assert check_numbers("到2035年全面完成。", evidence=ev).unverified == ["2035年"]
    assert check_numbers("2024年度预算", evidence=ev).unverified == []


def test_precision_tolerance(ev):
    # 5.55/6.50 = 85.3846…: 85.38 and 85.4 both fine, 85.2 is not
    assert check_numbers("85.4%", evidence=ev).unverified == []
    assert check_numbers("为预算的85.2%", evidence=ev).unverified == ["85.2%"]


def test_fullwidth_digits_are_read():
    assert [m.value for m in find_numbers("支出６１２．４０万元")] == [Decimal("612.40")]


# ---------------------------------------------------------------- strict kinds, units and precision

ADVERSARIAL = json.loads((Path(__file__).parent / "adversarial_figures.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def fixture_evidence():
    from assistant.report import parse_file

    cache = {}

    def get(name):
        if name not in cache:
            path = next(p for p in clean_fixture_paths() if p.name == name)
            cache[name] = Evidence.from_report(strip_narrative(parse_file(path)))
        return cache[name]

    return get


def test_adversarial_set_is_large_and_varied():
    assert len(ADVERSARIAL) >= 50
    assert len({c["fixture"] for c in ADVERSARIAL}) >= 4
    units = {re.sub(r"[\d.]", "", c["text"].rstrip("。"))[-2:] for c in ADVERSARIAL}
    assert len(units) >= 6


def test_no_invented_figure_passes(fixture_evidence):
    """Same value as some datum, other unit or meaning: every one is flagged."""
    passed = [c for c in ADVERSARIAL if check_numbers(c["text"], evidence=fixture_evidence(c["fixture"])).ok]
    assert passed == []


@pytest.mark.parametrize(
    "text,ok",
    [
        ("编制40人", True),
        ("培训覆盖40家单位", False),  # 编制 is 40 人, not 家
        ("基本支出6124000元", True),  # 612.40万元 converted exactly
        ("基本支出0.061240亿元", True),
        ("基本支出0.06亿元", True),  # shown at two decimals
        ("基本支出612.40元", False),
        ("基本支出612.4万元", True),
        ("基本支出612万元", True),  # the precision the sentence shows
        ("基本支出613万元", False),
        ("执行率100%", True),
        ("执行率100‰", False),  # per mille is not per cent
        ("节约资金10万元", False),  # 10 is a weight in 分
        ("培训3260人次", True),
        ("培训0.326万人次", True),
        ("培训3260人", False),
    ],
)
def test_kind_unit_and_precision(text, ok, ev):
    assert check_numbers(text + "。", evidence=ev).ok is ok


def test_derived_figures_record_their_formula(ev):
    g = check_numbers("“三公”经费决算为预算的85.38%。", evidence=ev)
    assert g.numbers_used[0].source.startswith("computed:") and "×100%" in g.numbers_used[0].source
    # a ratio is a percentage, never money or a count
    assert not check_numbers("节约资金85.38万元。", evidence=ev).ok


def test_dates_and_wenhao_are_not_figures(ev):
    g = check_numbers("依据财预〔2020〕10号，于2024年6月30日前完成，2023年4月25日已完成春耕指导。", evidence=ev)
    assert g.ok and [n.written for n in g.numbers_used] == ["2024年", "2023年"]


def test_flags_carry_their_sentence(ev):
    g = check_numbers("基本支出612.40万元。全年开展培训47场，效果良好。", evidence=ev)
    assert [(f.written, f.sentence) for f in g.flags] == [("47场", "全年开展培训47场，效果良好。")]
    assert "全年开展培训47场" in guard_warning(g.unverified, g.flags)


def test_no_false_alarm_on_offline_drafts_of_clean_fixtures(retriever, tmp_path):
    from assistant.drafting.drafter import draft_report_full
    from assistant.report import parse_file
    from assistant.settings import LLMSettings, Settings

    settings = Settings(data_dir=tmp_path, llm=LLMSettings(backend="offline"))
    alarms = []
    drafts = 0
    for path in clean_fixture_paths():
        full = parse_file(path)
        for report in (strip_narrative(full), full):  # from the figures alone, and with the user's own text
            d = draft_report_full(report, settings, retriever=retriever)
            ev = Evidence.from_report(report)
            for label, s in d.suggestions.items():
                drafts += 1
                flags = check_numbers(s.text, citations=s.citations, evidence=ev).flags
                alarms += [(path.name, label, f.written) for f in flags]
    assert drafts == 140 and alarms == []


def test_thresholds_pass_only_as_comparisons(ev):
    g = check_numbers("预算执行率88.03%，低于90%；三公经费仅为预算的30%，低于50%。", evidence=ev)
    assert "50%" not in g.unverified and "90%" not in g.unverified
    assert any(n.source.startswith("norm:") for n in g.numbers_used)
    assert check_numbers("群众满意度50%。", evidence=ev).unverified == ["50%"]
