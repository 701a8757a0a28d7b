"""Indicator meaning rules IND010–IND014 on variants of the clean fixtures with one defect planted."""

from __future__ import annotations

import pytest

from assistant.review import run_rules
from assistant.review.profile import load_profile
from assistant.review.rules.indicator_meaning import duty_list, hedge_word, target_kind
from tests.review._planted import CLEAN, cells, clean, plant

MEANING = ["IND010", "IND011", "IND012", "IND013", "IND014"]
COST_ROW = cells("档案数字化单价", "≤1.0元/页", "0.94元/页")
TIME_ROW = cells("年度数字化任务完成时间", "2023年12月31日前", "2023年12月15日")
SHOW_ROW = cells("档案宣传展览场次", "≥4场", "3场")


def only(report, rule_id):
    return run_rules(report, select=[rule_id])


@pytest.mark.parametrize("name", CLEAN)
def test_clean_fixtures_are_quiet(name):
    assert run_rules(clean(name), select=MEANING) == []


@pytest.mark.parametrize(
    ("row", "kind"),
    [
        (cells("档案数字化加工场所", "建立档案数字化加工室三个以上", "3个"), "数量"),
        (cells("档案信息管理平台", "在政务云中心建立档案数据库", "已建立"), "建成与否的节点事项"),
        (cells("档案数字化加工进度", "2023年10月31日前", "2023年10月20日"), "完成日期"),
    ],
)
def test_ind010_fires_on_a_cost_indicator_that_is_not_money(row, kind):
    findings = only(plant("clean_a.txt", (COST_ROW, row)), "IND010")
    assert len(findings) == 1
    f = findings[0]
    assert f.location.section == "附件2" and f.location.row is not None
    assert "成本指标" in f.message and f"是{kind}" in f.message
    assert row.split("\n")[1].strip() in f.message  # quotes the target


def test_ind010_fires_on_a_timeliness_indicator_that_is_a_count():
    findings = only(plant("clean_a.txt", (TIME_ROW, cells("档案数字化成果", "≥12批", "13批"))), "IND010")
    assert [f.rule for f in findings] == ["IND010"]
    assert "时效指标“档案数字化成果”" in findings[0].message and "是数量" in findings[0].message


@pytest.mark.parametrize(
    "row",
    [
        cells("档案数字化外包成本", "建立外包成本核算台账", "已建立"),  # the name says 成本
        cells("数字化加工费用", "≤3个批次结算", "3个批次"),  # 费
        cells("年度数字化任务", "全年共12批，于年底前完成", "12批"),  # 年底: a time word (成本 row stays money)
    ],
)
def test_ind010_stays_quiet_when_the_row_names_its_category(row):
    if "年底" in row:
        report = plant("clean_a.txt", (TIME_ROW, row))
    else:
        report = plant("clean_a.txt", (COST_ROW, row))
    assert only(report, "IND010") == []


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("≤6.5万元", "money"), ("单价≤1.0元/页", "money"), ("≥98%", "rate"), ("2023年12月31日前", "date"),
        ("≥120处", "count"), ("建立三个以上开标室", "count"), ("≥1.5万人次", "count"), ("建成档案数据库", "milestone"),
        ("实现“一件事零跑腿”", "milestone"), ("符合相关规定", None), ("显著提升", None), ("", None),
        ("2023年度完成120处", "count"),
    ],
)
def test_target_kind(text, kind):
    assert target_kind(text, load_profile().indicator_meaning) == kind


@pytest.mark.parametrize(
    ("target", "word"),
    [("贷款率在今年技术上争取翻倍", "争取"), ("预计减少2万人次到中心现场开标", "预计"), ("力争全年接收10000卷", "力争")],
)
def test_ind011_fires_on_hedged_targets_scored_full(target, word):
    report = plant("clean_a.txt", ("\t接收进馆档案数量\n\t≥8000卷", f"\t接收进馆档案数量\n\t{target}"))
    findings = only(report, "IND011")
    assert len(findings) == 1
    msg = findings[0].message
    assert f"用“{word}”表述" in msg and target in msg
    assert "给了满分（得分10/分值10）" in msg


def test_ind011_fires_on_a_forecast_actual_without_full_marks_wording_when_scored_lower():
    report = plant("clean_a.txt", (SHOW_ROW, cells("档案宣传展览场次", "≥4场", "预计全年4场")))
    findings = only(report, "IND011")
    assert len(findings) == 1
    assert "实际完成值“预计全年4场”用“预计”表述，是预测" in findings[0].message
    assert "满分" not in findings[0].message  # 7.5 of 10


@pytest.mark.parametrize("target", ["争取上级档案专项资金≥50万元", "争取中央补助资金到位率100%"])
def test_ind011_stays_quiet_on_obtaining_funds(target):
    assert hedge_word(target, load_profile().indicator_meaning) is None
    report = plant("clean_a.txt", ("\t接收进馆档案数量\n\t≥8000卷", f"\t接收进馆档案数量\n\t{target}"))
    assert only(report, "IND011") == []


def test_ind012_fires_once_per_repeated_name_listing_both_rows():
    report = plant("clean_a.txt", (SHOW_ROW, cells("档案数字化页数", "≥4场", "3场")))
    findings = only(report, "IND012")
    assert len(findings) == 1
    msg = findings[0].message
    assert "三级指标“档案数字化页数”设置了2次" in msg
    assert "数量指标" in msg and "社会效益指标" in msg and "≥120万页" in msg and "≥4场" in msg


def test_ind012_ignores_punctuation_but_not_different_names():
    same = plant("clean_a.txt", (SHOW_ROW, cells("档案数字化页数。", "≥4场", "3场")))
    assert [f.rule for f in only(same, "IND012")] == ["IND012"]
    other = plant("clean_a.txt", (SHOW_ROW, cells("档案数字化页数（外包）", "≥4场", "3场")))
    assert only(other, "IND012") == []


def test_seed_findings():
    report = clean("seed_000.txt")
    found = run_rules(report, select=MEANING)
    by_rule = {rid: [f.message for f in found if f.rule == rid] for rid in MEANING}
    assert len(by_rule["IND010"]) == 2
    assert any("在政务云中心建立数据库" in m for m in by_rule["IND010"])
    assert any("建立三个以上远程异地评标电子化开标室" in m and "是数量" in m for m in by_rule["IND010"])
    assert len(by_rule["IND011"]) == 4 and all("满分" in m for m in by_rule["IND011"])
    assert len(by_rule["IND012"]) == 1 and "实现电子化评标和不见面开标" in by_rule["IND012"][0]


DUTY3 = "（3）开展档案编研、展览和宣传教育，承担档案信息化建设任务。"


def test_ind013_fires_on_a_numbered_duty_no_indicator_mentions():
    report = plant("clean_a.txt", (DUTY3, "（3）负责全市档案行政执法检查和违法案件查处。"))
    findings = only(report, "IND013")
    assert len(findings) == 1
    f = findings[0]
    assert f.location.section == "一" and f.location.paragraph is not None and f.severity == "info"
    assert "职能职责第（3）项“负责全市档案行政执法检查和违法案件查处”" in f.message
    assert "10个指标中没有对应指标" in f.message


def test_ind013_quiet_on_covered_vague_or_delegated_duties():
    assert [d.number for d in duty_list(clean("clean_a.txt"))] == [1, 2, 3]
    assert only(clean("clean_a.txt"), "IND013") == []  # every duty has an indicator
    delegated = plant("clean_a.txt", (DUTY3, "（3）承担市委、市政府交办的其他档案执法检查工作。"))
    assert only(delegated, "IND013") == []
    vague = plant("clean_a.txt", (DUTY3, "（3）负责全市有关工作。"))
    assert only(vague, "IND013") == []


def test_ind013_does_not_check_duties_written_as_prose():
    assert duty_list(clean("clean_b.txt")) == []  # one sentence: nothing to check item by item
    assert only(clean("clean_b.txt"), "IND013") == []


def test_ind013_seed_deposit_duty():
    msgs = [f.message for f in only(clean("seed_000.txt"), "IND013")]
    assert len(msgs) == 1 and "保证金的收退" in msgs[0]


RATE_ROW = cells("数字化成果验收合格率", "≥98%", "99.2%")


@pytest.mark.parametrize(
    ("row", "kind"),
    [
        (cells("数字化成果验收合格率", "验收档案数字化成果12批", "13批"), "数量"),
        (cells("数字化成果验收合格率", "数字化外包费用≤30万元", "28万元"), "资金金额"),
        (cells("数字化成果验收合格率", "建成数字化成果验收平台", "已建成"), "建成与否的节点事项"),
    ],
)
def test_ind014_fires_when_a_rate_name_has_another_kind_of_target(row, kind):
    findings = only(plant("clean_a.txt", (RATE_ROW, row)), "IND014")
    assert len(findings) == 1
    assert "三级指标“数字化成果验收合格率”衡量的是比率" in findings[0].message
    assert f"却是{kind}" in findings[0].message


def test_ind014_fires_on_a_satisfaction_name_valued_as_a_count():
    report = plant("clean_a.txt", (cells("查档群众满意度", "≥90%"), cells("查档群众满意度", "发放问卷500份")))
    findings = only(report, "IND014")
    assert len(findings) == 1 and "衡量的是满意度" in findings[0].message


@pytest.mark.parametrize(
    "row",
    [
        cells("数字化成果验收合格率", "100", "100"),  # no unit: not judged
        cells("档案利用服务效率", "办结查档申请≥1.5万件", "1.62万件"),  # 效率 is not a rate
        cells("数字化成果验收合格率", "符合国家档案数字化标准", "符合"),  # a standard, not another kind
    ],
)
def test_ind014_quiet_when_the_target_is_not_certainly_another_kind(row):
    assert only(plant("clean_a.txt", (RATE_ROW, row)), "IND014") == []
