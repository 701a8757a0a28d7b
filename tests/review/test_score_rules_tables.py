"""SCO002 on standalone forms: a standard block (满意度指标) the form leaves out is said."""

from decimal import Decimal

from assistant.report.model import Figure, IndicatorRow, Report, SelfEvalTable
from assistant.review import run_rules


def _row(level1, weight):
    return IndicatorRow(level1=level1, level2="数量指标", level3="x", target="≥1个", actual="1个",
                        weight=Figure(value=Decimal(weight), unit="分"), score=Figure(value=Decimal(weight), unit="分"))


def test_sco002_missing_satisfaction_block():
    se = SelfEvalTable(section="附件3", indicators=[_row("产出指标", "60"), _row("效益指标", "30")])
    found = run_rules(Report(kind="project_table", projects=[se]), select=["SCO002"])
    missing = [f for f in found if "没有设置满意度指标" in f.message]
    assert len(missing) == 1 and missing[0].severity == "warning"
    assert "产出指标60分、效益指标30分" in missing[0].message


def test_sco002_other_scheme_is_not_told_to_add_blocks():
    se = SelfEvalTable(section="附件3", indicators=[_row("项目决策", "20"), _row("项目产出", "80")])
    found = run_rules(Report(kind="project_table", projects=[se]), select=["SCO002"])
    assert not [f for f in found if "没有设置" in f.message]


def _block(level1, level1_weight, weight):
    row = _row(level1, weight)
    return row.model_copy(update={"level1_weight": Decimal(level1_weight)})


def _fund(weight):
    from assistant.report.model import FundRow

    return FundRow(name="年度资金总额", weight=Figure(value=Decimal(weight), unit="分"))


def test_sco002_provincial_scheme_stated_on_the_form_is_judged_against_itself():
    """预算执行 20 + 指标 80 (产出40/效益30/满意度10), every block written on the form and adding to 100."""
    inds = [_block("产出指标", "40", "40"), _block("效益指标", "30", "30"), _block("满意度指标", "10", "10")]
    se = SelfEvalTable(section="附件3", funds=[_fund("20")], indicators=inds)
    assert run_rules(Report(kind="project_table", projects=[se]), select=["SCO002"]) == []
    # the same form whose block does not add up to its own written weight is still told
    inds[0] = _block("产出指标", "40", "35")
    se = SelfEvalTable(section="附件3", funds=[_fund("20")], indicators=inds)
    (f,) = run_rules(Report(kind="project_table", projects=[se]), select=["SCO002"])
    assert "35分 ≠ 表中写明40分" in f.message
