"""ARI003/ARI004 compare at the precision the form writes ('86%' for 86.20%, a whole-point score 9 for 8.62)."""

from decimal import Decimal

from assistant.report.model import Figure, FundRow, Report, SelfEvalTable
from assistant.review import run_rules


def _form(rate: str, score: str) -> Report:
    fr = FundRow(name="年度资金总额", budget=Figure(value=Decimal("43.2")), executed=Figure(value=Decimal("37.24")),
                 weight=Figure(value=Decimal("10"), unit="分"), rate=Figure(value=Decimal(rate.rstrip("%")), unit="%", raw=rate),
                 score=Figure(value=Decimal(score), unit="分", raw=score))
    return Report(kind="project_table", projects=[SelfEvalTable(section="附件3", funds=[fr])])


def test_rate_and_score_right_at_the_written_precision():
    assert run_rules(_form("86%", "9"), select=["ARI003", "ARI004"]) == []
    assert run_rules(_form("86.2%", "8.6"), select=["ARI003", "ARI004"]) == []


def test_rate_and_score_wrong_at_any_precision():
    found = run_rules(_form("87%", "10"), select=["ARI003", "ARI004"])
    assert sorted(f.rule for f in found) == ["ARI003", "ARI004"]
    assert "86.20%" in next(f.message for f in found if f.rule == "ARI003")
