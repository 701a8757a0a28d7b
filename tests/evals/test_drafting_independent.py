"""The independent drafting eval's own extractor and counters can fail (they are not the guard)."""

from __future__ import annotations

from decimal import Decimal

from evals.drafting.independent import INPUTS, Inputs, figures, measure_stats, score_figures

TEXT = (INPUTS / "jiangbei_water_2023.txt").read_text(encoding="utf-8")


def test_extractor_reads_units_and_skips_wenhao_dates_ordinals():
    got = [(v, u) for v, u, _, _ in figures("依据财预〔2020〕10号，2024年6月底前，1、基本支出845.30万元，编制52人，执行率84.13%。")]
    assert got == [(Decimal("845.30"), "万元"), (Decimal("52"), "人"), (Decimal("84.13"), "%")]


def test_inputs_trace_data_and_formulas_but_not_other_units():
    inp = Inputs(TEXT)
    ok = score_figures({"七": "全年执行数1985.40万元，执行率84.13%，结余374.60万元，三公经费超预算0.70万元。"}, inp)
    assert ok["untraced"] == []
    bad = score_figures({"七": "覆盖52家单位，培训1100人次，节约资金702.80元，减少13.8人，建成4家，得分98.6分，资金2360.00亿元。"}, inp)
    # 52 is 编制 (人), 1100 is 次, 702.80 is 万元, 13.8 is 万元 (118.40−104.60), 4 is 座, 98.6 is %, 2360.00 is 万元
    assert len(bad["untraced"]) == bad["figures"] == 7


def test_measure_stats_counts_repeated_sentences():
    eight = "（一）针对甲\n按月建立执行台账。政策依据：某某文件。\n（二）针对乙\n按季度开展自查。政策依据：另一个文件。"
    assert measure_stats(eight) == {"measures": 2, "distinct": 2, "repeated_sentences": []}
    assert measure_stats("（一）针对甲\n建立月度通报制度。\n（二）针对乙\n建立月度通报制度。")["repeated_sentences"] == ["建立月度通报制度"]
