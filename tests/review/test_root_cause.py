"""One finding per root cause across rules: a typo's two symptoms (ARI030 instead of ARI001 + CON002), the
double counting (CON005, not ARI007 too), totals checked after capping over-limit scores (SCO003, SCO005),
over-limit items of one sheet merged (SCO004), an over-limit 预算执行率 score said once (ARI004, not SCO001),
the form's printed text not taken for leftovers (BOI001), and rule severities set by the profile
(PRV001, BUD002)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from assistant.errors import ConfigError
from assistant.review import review, run_rules
from assistant.review.profile import load_profile
from tests.review._numcase import RUBRIC_CLEAN, Case

BASIC = ("{y}年度基本支出为612.40万元，其中：工资福利支出480.15万元，商品和服务支出{goods}万元，"
         "对个人和家庭的补助34.00万元。")


def _rules(case: Case, *ids: str):
    return run_rules(case.report(), select=list(ids))


def _by_rule(findings):
    out: dict[str, list] = {}
    for f in findings:
        out.setdefault(f.rule, []).append(f)
    return out


# ---------------------------------------------------------------- ARI030: one typo, two symptoms


def test_seed_typo_is_one_finding_naming_the_probable_typo(seed_report):
    found = _by_rule(run_rules(seed_report))
    assert "ARI001" not in found and "CON002" not in found
    (f,) = found["ARI030"]
    assert f.severity == "error"
    assert f.message.startswith("第二部分基本支出中商品和服务支出124.44万元疑为125.19万元之误：")
    assert "基本支出804.03万元 ≠ 各分项之和803.28万元" in f.message and "两处都差0.75万元" in f.message
    assert [(loc.section, loc.table, loc.row) for loc in f.locations] == [("二", None, None), ("附件1", 0, 14)]
    assert "差额0.75万元" in f.locations[0].detail and "附件1公用经费125.19万元" in f.locations[1].detail


def test_planted_typo_in_goods_is_one_finding():
    case = Case(basic_text=BASIC.replace("{goods}", "97.25"))  # 附件1 公用经费 98.25: 1.00 apart, so is the sum
    found = _by_rule(_rules(case, "ARI001", "CON002", "ARI030"))
    assert set(found) == {"ARI030"}
    assert "商品和服务支出97.25万元疑为98.25万元之误" in found["ARI030"][0].message


def test_two_independent_errors_stay_two_findings():
    """The sum is off by another amount than the copies: not one typo, both symptoms are reported."""
    case = Case(basic_text=BASIC.replace("{goods}", "97.25").replace("612.40", "612.90"))
    found = _by_rule(_rules(case, "ARI001", "CON002", "ARI030"))
    assert set(found) == {"ARI001", "CON002"}


def test_planted_typo_in_the_total_is_one_finding():
    """基本支出 written 621.40 while its classes and 附件2 say 612.40: the total is the typo (ARI001 + CON001)."""
    case = Case(basic_text=BASIC.replace("{goods}", "98.25").replace("612.40", "621.40"))
    found = _by_rule(_rules(case, "ARI001", "CON001", "ARI030"))
    assert set(found) == {"ARI030"}
    (f,) = found["ARI030"]
    assert f.message.startswith("第二部分基本支出621.40万元疑为612.40万元之误") and len(f.locations) == 2
    assert f.locations[1].section == "附件2"


def test_clean_case_has_no_typo():
    assert _rules(Case(), "ARI030") == []


# ---------------------------------------------------------------- CON005 / ARI007: one double counting


def test_double_counting_is_reported_once_by_con005():
    case = Case(income=(("一般公共预算", "1863.00"), ("政府性基金拨款", "0"), ("纳入专户管理的非税收入拨款", "363.00")))
    found = _by_rule(_rules(case, "ARI007", "CON005"))
    assert set(found) == {"CON005"}


def test_ari007_still_fires_when_the_sources_simply_do_not_add_up():
    case = Case(income=(("一般公共预算", "1400.00"), ("政府性基金拨款", "0"), ("纳入专户管理的非税收入拨款", "363.00")))
    found = _by_rule(_rules(case, "ARI007", "CON005"))
    assert set(found) == {"ARI007"}


# ---------------------------------------------------------------- scores: over-limit reported once


def _rubric(**scores):
    rows = [list(r) for r in RUBRIC_CLEAN]
    for idx, val in scores.items():
        rows[int(idx[1:])][-1] = val
    return rows


def test_seed_each_over_limit_score_once(seed_report):
    found = _by_rule(run_rules(seed_report, select=["ARI004", "SCO001", "SCO002", "SCO003", "SCO004", "SCO005"]))
    # 预算执行率得分100 > 分值10: SCO001 alone, with the score the rate gives; ARI004 does not repeat it
    assert "ARI004" not in found
    (s1,) = found["SCO001"]
    assert s1.message.endswith("预算执行率得分100分 > 分值10分（按执行率100.00%应得10分）")
    # the 总分 得分 is checked after capping: 75 + 10 = 85, not 175
    (s3,) = found["SCO003"]
    assert "总分栏得分100分 ≠ 各项得分之和85分（三级指标75分+预算执行率10分；超过分值的得分按分值计）" in s3.message
    # the 总分 分值 85 ≠ 100 is the block weights' consequence, said by SCO002
    (s2,) = found["SCO002"]
    assert s2.message.endswith("各项分值合计85分与总分栏分值100分不符")
    # two over-limit rubric items: one finding, two places; the 合计 98 equals the capped sum: no SCO005
    (s4,) = found["SCO004"]
    assert len(s4.locations) == 2 and s4.message.startswith("考核评分表有2项评分超过该项分值：")
    assert "“提交报告（10分）”评分20分" in s4.message and "“自评报告的完整性（15分）”评分20分" in s4.message
    assert "SCO005" not in found


@pytest.mark.parametrize(("scores", "fires"), [
    ({"r3": "12", "r8": "92"}, False),  # 合计 adds the over-limit item as written: SCO004's consequence only
    ({"r3": "12", "r8": "90"}, False),  # 合计 adds it capped at 10
    ({"r3": "12", "r8": "95"}, True),   # neither: a wrong 合计 of its own
])
def test_sco005_checks_the_total_after_capping(scores, fires):
    found = _by_rule(_rules(Case(rubric=_rubric(**scores)), "SCO004", "SCO005"))
    assert len(found["SCO004"]) == 1
    assert ("SCO005" in found) is fires
    if fires:
        (f,) = found["SCO005"]
        assert "各项评分之和90分（8+2+18+10+15+13+12+12，超过分值的评分按分值计） ≠ 合计95分" in f.message


def test_sco003_total_score_after_capping():
    inds = [list(r) for r in Case().indicators]
    inds[0][-1] = "25"  # 分值20, 得分25
    # total as written (95.81 + 5 = 100.81) or capped (95.81): both are only the over-limit item's consequence
    assert _rules(Case(indicators=inds, total=("100", "100.81")), "SCO003") == []
    assert _rules(Case(indicators=inds, total=("100", "95.81")), "SCO003") == []
    (f,) = _rules(Case(indicators=inds, total=("100", "98")), "SCO003")
    assert "≠ 各项得分之和95.81分" in f.message and "超过分值的得分按分值计" in f.message
    (s1,) = _rules(Case(indicators=inds, total=("100", "98")), "SCO001")
    assert "得分25分 > 分值20分" in s1.message


def test_an_over_limit_rate_score_is_sco001_only_and_a_wrong_one_within_the_limit_is_ari004():
    over = Case(funds=("1800.00", "1900.00", "1863.00", "10", "98.05%", "12"))
    found = _by_rule(_rules(over, "SCO001", "ARI004"))
    assert set(found) == {"SCO001"} and "预算执行率得分12分 > 分值10分（按执行率98.05%应得9.81分）" in found["SCO001"][0].message
    within = Case(funds=("1800.00", "1900.00", "1863.00", "10", "98.05%", "9.00"))
    assert set(_by_rule(_rules(within, "SCO001", "ARI004"))) == {"ARI004"}


# ---------------------------------------------------------------- BOI001: the prescribed form's own text


def test_seed_form_footnote_and_row_label_are_not_leftovers(seed_report):
    boi = [f for f in run_rules(seed_report, select=["BOI001"]) if f.location.section == "附件1"]
    assert boi == []


def test_leftovers_in_an_attachment_still_fire():
    rows = dict(Case().project_rows)
    rows["3、市级专项资金（一个专项一行）"] = ("", "", "")  # the form's printed row label: quiet
    rows["XX单位专项"] = ("", "", "")  # a placeholder: a leftover
    rows["4、其他"] = ("（请填写专项名称）", "", "")  # a note in a value cell: a leftover
    found = _rules(Case(project_rows=rows), "BOI001")
    assert sorted(f.location.cell for f in found) == [0, 1]
    assert any("XX" in f.message for f in found) and any("请填写" in f.message for f in found)


@pytest.mark.parametrize(("note", "fires"), [
    ("说明：“项目支出”需要填报基本支出以外的所有项目支出情况，“公用经费”填报基本支出中的一般商品和服务支出。", False),
    ("说明：“项目支出”需要填报基本支出以外的所有项目支出情况，正式报送前删除本说明。", True),
    ("说明：“专项名称”需要填报全称。", True),  # names no row of the form: not its footnote
])
def test_attachment_footnote(note, fires):
    text = Case().text().replace("\n附件2\n", f"\n{note}\n附件2\n", 1)
    from assistant.report import parse_bytes

    found = [f for f in run_rules(parse_bytes(text.encode(), "c.txt"), select=["BOI001"])
             if f.location.section == "附件1"]
    assert bool(found) is fires


# ---------------------------------------------------------------- severities from the profile


def test_seed_privacy_and_under_spending_defaults(seed_report):
    found = _by_rule(run_rules(seed_report, select=["PRV001", "BUD002"]))
    assert {f.severity for f in found["PRV001"]} == {"warning"}
    assert {f.severity for f in found["BUD002"]} == {"info"}
    assert all("节支本身不是问题" in f.message for f in found["BUD002"])


def test_profile_sets_the_severity(seed_report):
    strict = load_profile().model_copy(deep=True)
    strict.severity.update({"PRV001": "error", "BUD002": "warning"})
    found = _by_rule(run_rules(seed_report, select=["PRV001", "BUD002"], profile=strict))
    assert {f.severity for f in found["PRV001"]} == {"error"}
    assert {f.severity for f in found["BUD002"]} == {"warning"}
    res = review(seed_report, profile=strict)
    assert any(f.rule == "PRV001" and f.severity == "error" for f in res.findings)


def test_profile_severity_keeps_what_a_rule_chooses_itself():
    """IND001 lowers qualitative rows to warning itself; a profile raising IND001 only changes its default."""
    inds = [list(r) for r in Case().indicators]
    inds[1] = ["", "质量指标", "服务质量", "服务质量明显提升", "显著提升", "15", "14"]
    prof = load_profile().model_copy(deep=True)
    prof.severity["IND001"] = "info"
    found = run_rules(Case(indicators=inds).report(), select=["IND001"], profile=prof)
    assert [f.severity for f in found] == ["warning"]


def test_unknown_rule_in_profile_severity_is_a_config_error(seed_report):
    prof = load_profile().model_copy(deep=True)
    prof.severity["ZZZ999"] = "error"
    with pytest.raises(ConfigError, match="ZZZ999"):
        run_rules(seed_report, profile=prof)


def test_profile_severity_values_are_checked(tmp_path):
    from assistant.review.profile import DEFAULT_PROFILE

    bad = tmp_path / "bad.toml"
    bad.write_text(DEFAULT_PROFILE.read_text(encoding="utf-8").replace('PRV001 = "warning"', 'PRV001 = "fatal"'),
                   encoding="utf-8")
    with pytest.raises(ConfigError, match="severity"):
        load_profile(bad)


# ---------------------------------------------------------------- the seed as a whole


def test_seed_errors_are_its_distinct_defects(seed_report):
    res = review(seed_report)
    errors = [f for f in res.findings if f.severity == "error"]
    assert len(errors) <= 20
    assert len({(f.rule, f.message) for f in res.findings}) == len(res.findings)
    # the places are all still there: 21 rows of “已完成”, both symptoms of the typo, both rubric items
    assert sum(len(f.locations) for f in res.findings) >= 55
    # the estimate charges per place: the 21 rows still cost 2.5 (capped); the 自评表's calculation errors are
    # two (the 预算执行率 score, the 总分), no longer one over-limit score charged three times
    table = next(it for it in res.score.items if it.name == "绩效自评表")
    assert "实际完成值非实测值−2.5" in table.reason and "自评表计算错误−2" in table.reason
    # 12 = 13.5 before the indicator-meaning rules, whose findings (an uncovered duty −1, a 成本指标 that is a
    # count or a milestone −1, a repeated name −0.5) take the 绩效自评表 item from 1.5 to 0
    assert "指标内容与类别不符−1" in table.reason and table.points == 0
    assert Decimal(res.score.total) == Decimal("12")
