"""IND008: a 自评表 recognised but not (fully) read is said, never passed silently."""

from assistant.report.model import IndicatorRow, Report, SelfEvalTable
from assistant.review import run_rules


def _report(se: SelfEvalTable) -> Report:
    return Report(kind="project_table", projects=[se])


def test_ind006_fires_when_no_indicator_row_was_read():
    se = SelfEvalTable(name="初中公用经费", section="附件3", table=0, unread=["第5行：项目目标完整性4一目标明确"])
    found = run_rules(_report(se), select=["IND008"])
    assert len(found) == 1 and found[0].severity == "warning"
    assert "没有读到绩效指标行" in found[0].message and "年度指标值" in found[0].message


def test_ind006_notes_unsplit_cells_of_a_read_form():
    row = IndicatorRow(level1="产出指标", level2="数量指标", level3="维修道路", target="≥12公里", actual="12公里")
    se = SelfEvalTable(section="附件3", indicators=[row], unread=["公众满"])
    found = run_rules(_report(se), select=["IND008"])
    assert [f.severity for f in found] == ["info"] and "公众满" in found[0].message


def test_ind006_fires_for_a_form_document_with_no_table_read():
    found = run_rules(Report(kind="project_table", title="项目支出绩效自评表"), select=["IND008"])
    assert len(found) == 1 and found[0].location.section == "全文"


def test_ind006_clean_when_the_form_was_read():
    row = IndicatorRow(level1="产出指标", level2="数量指标", level3="维修道路", target="≥12公里", actual="12公里")
    assert run_rules(_report(SelfEvalTable(section="附件3", indicators=[row])), select=["IND008"]) == []


def _fund(name, budget, executed):
    from decimal import Decimal

    from assistant.report.model import Figure, FundRow

    return FundRow(name=name, budget=Figure(value=Decimal(budget)), executed=Figure(value=Decimal(executed)))


def test_ari009_total_row_contradicting_its_components():
    se = SelfEvalTable(section="附件3", funds=[_fund("年度资金总额", "0", "0"), _fund("其中:本年财政拨款", "89.974", "89.974"),
                                             _fund("上年结转资金", "0", "0")])
    found = run_rules(_report(se), select=["ARI009"])
    assert len(found) == 1
    assert "全年预算数0万元 ≠ 其中各行之和89.974万元" in found[0].message.replace(".00万元", "万元")


def test_ari009_clean_when_components_add_up():
    se = SelfEvalTable(section="附件3", funds=[_fund("年度资金总额", "50", "45"), _fund("其中:当年财政拨款", "40", "40"),
                                             _fund("其他资金", "10", "5")])
    assert run_rules(_report(se), select=["ARI009"]) == []


def _target(name, target):
    row = IndicatorRow(level1="产出指标", level2="质量指标", level3=name, target=target, actual="100%")
    return _report(SelfEvalTable(section="附件3", indicators=[row]))


def test_ind007_rate_above_100_and_needless_direction():
    (f,) = run_rules(_target("委托业务报告合格率", "≥100百分比"), select=["IND007"])
    assert f.severity == "info" and "≥100百分比" in f.message
    (g,) = run_rules(_target("验收合格率", "≥105%"), select=["IND007"])
    assert g.severity == "warning" and "超过100%" in g.message


def test_ind007_clean_for_attainable_rates_and_plan_completion():
    assert run_rules(_target("验收合格率", "≥98%"), select=["IND007"]) == []
    assert run_rules(_target("税收计划完成率", "≥105%"), select=["IND007"]) == []
