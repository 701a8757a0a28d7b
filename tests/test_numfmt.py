"""The one number formatter: text for amounts, figures as written, percentages; Decimal ratios."""

from __future__ import annotations

from decimal import Decimal

from assistant import numfmt
from assistant.report.model import Figure

D = Decimal


def test_amount_two_decimals_half_up():
    assert numfmt.amount(D("804.025"), "万元") == "804.03万元"
    assert numfmt.amount(D("57.5")) == "57.50"
    assert numfmt.amount(None, "万元") == "—"
    assert numfmt.points(D("7")) == "7.00" and numfmt.points(None) == "—"


def test_as_written_keeps_the_users_precision():
    assert numfmt.as_written(D("100")) == "100"
    assert numfmt.as_written(D("98.7"), "%") == "98.7%"
    assert numfmt.as_written(D("1.500")) == "1.5"
    assert numfmt.as_written(D("1E+2")) == "100"
    assert numfmt.figure(Figure(value=D("804.03"), unit="万元", raw="804.03")) == "804.03"
    assert numfmt.figure(None) == "—"


def test_percentages_text_vs_ratio():
    assert numfmt.pct(D("98.756")) == "98.76%"
    assert numfmt.percent_of(D("88.03"), D("100")) == D("88.03")
    assert numfmt.percent_of(D("1"), D("3")) == D("33.33")
    assert numfmt.percent_of(D("1"), D("0")) is None
    assert numfmt.change_pct(D("110"), D("100")) == D("10.00")
    assert numfmt.change_pct(D("1"), D("0")) is None
