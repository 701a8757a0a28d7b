"""Facts read from a Report for drafting: the current-year columns, rates and changes (all Decimal).

Every figure here comes from the Report's views; derived values say how they were computed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from assistant.report.model import Figure, FundRow, IndicatorRow, Report, SanGongRow
from assistant.review import profile_for
from assistant.review.profile import Phrases
from assistant.review.rules._text import quantified_target, unmeasured_actual

Q2 = Decimal("0.01")


def q2(value: Decimal) -> Decimal:
    return value.quantize(Q2, rounding=ROUND_HALF_UP)


def fmt(value: Decimal | None) -> str:
    """Money/rate as written: two decimals unless the value is a whole number written without them."""
    if value is None:
        return "—"
    return format(q2(value), "f")


def fmt_fig(fig: Figure | None) -> str:
    """A data figure as the user wrote it (keeps their precision)."""
    if fig is None:
        return "—"
    return format(fig.value, "f")


def pct(a: Decimal, b: Decimal) -> Decimal | None:
    if not b:
        return None
    return q2(a / b * 100)


def change_pct(new: Decimal, old: Decimal) -> Decimal | None:
    if not old:
        return None
    return q2((new - old) / old * 100)


def is_quantified(text: str) -> bool:
    """Whether a 年度指标值 is quantified — judged as the review rule IND002 judges it."""
    return quantified_target(text)


def is_measured(actual: str, target: str = "", phrases: Phrases | None = None) -> bool:
    """Whether a 实际完成值 is a measured value — judged as the review rule IND001 judges it, with the phrases of
    the profile (default: the profile in the settings)."""
    return unmeasured_actual(actual, target, phrases or profile_for().phrases) is None


@dataclass
class Facts:
    """The figures a section writer needs, looked up once."""

    report: Report
    year: int | None
    unit: str
    fund: FundRow | None = None
    rate: Decimal | None = None  # 执行率, computed
    adjust_pct: Decimal | None = None  # (全年预算-年初预算)/年初预算
    sg_prev_col: str | None = None
    sg_budget_col: str | None = None
    sg_final_col: str | None = None
    sangong: dict[str, SanGongRow] = field(default_factory=dict)
    public_prev: Figure | None = None
    public_cur: Figure | None = None
    public_row_name: str = ""
    procurement: Figure | None = None
    indicators: list[IndicatorRow] = field(default_factory=list)

    @classmethod
    def of(cls, report: Report) -> "Facts":
        f = cls(report=report, year=report.year, unit=report.unit or (report.self_eval.name if report.self_eval else "") or "本单位")
        se = report.self_eval
        if se and se.funds:
            f.fund = next((r for r in se.funds if "总额" in r.name), se.funds[0])
            if f.fund.budget and f.fund.executed and f.fund.budget.value:
                f.rate = pct(f.fund.executed.value, f.fund.budget.value)
            if f.fund.initial_budget and f.fund.budget and f.fund.initial_budget.value:
                f.adjust_pct = change_pct(f.fund.budget.value, f.fund.initial_budget.value)
            f.indicators = list(se.indicators)
        bd = report.basic_data
        if bd and bd.sangong:
            cols = bd.sangong.columns
            y = str(report.year) if report.year else ""
            f.sg_budget_col = next((c for c in cols if y and y in c and "预算" in c), None) or next(
                (c for c in cols if "预算" in c), None
            )
            f.sg_final_col = next((c for c in cols if y and y in c and "决算" in c), None) or next(
                (c for c in reversed(cols) if "决算" in c), None
            )
            f.sg_prev_col = next((c for c in cols if "决算" in c and c != f.sg_final_col), None)
            for row in bd.sangong.rows:
                f.sangong.setdefault(row.key, row)
        if bd:
            for row in bd.other_rows:
                if row.name.startswith("公用经费"):
                    f.public_row_name = row.name
                    if f.sg_prev_col:
                        f.public_prev = row.values.get(f.sg_prev_col)
                    if f.sg_final_col:
                        f.public_cur = row.values.get(f.sg_final_col)
                elif "政府采购" in row.name and f.sg_final_col:
                    f.procurement = row.values.get(f.sg_final_col)
        return f

    # ---- 三公 helpers
    def sg(self, key: str, col: str | None) -> Decimal | None:
        row = self.sangong.get(key)
        if row is None or col is None:
            return None
        fig = row.values.get(col)
        return fig.value if fig is not None else None

    def sg_total(self, col: str | None) -> Decimal | None:
        """三公经费 for a column: the stated total row, else computed from its parts."""
        stated = self.sg("total", col)
        if stated is not None:
            return stated
        parts = [self.sg(k, col) for k in ("vehicle", "abroad", "reception")]
        if all(p is None for p in parts):
            return None
        return sum((p for p in parts if p is not None), Decimal(0))

    def control_rate(self) -> Decimal | None:
        st = self.report.basic_data.staffing if self.report.basic_data else None
        if st and st.authorized and st.actual and st.authorized.value:
            return pct(st.actual.value, st.authorized.value)
        if st and st.control_rate:
            return st.control_rate.value
        return None

    def staffing(self) -> tuple[Figure | None, Figure | None, Figure | None]:
        st = self.report.basic_data.staffing if self.report.basic_data else None
        txt = self.report.staffing_text
        authorized = (st.authorized if st else None) or txt.authorized
        actual = (st.actual if st else None) or txt.actual
        retired = (st.retired if st else None) or txt.retired
        return authorized, actual, retired

    def satisfaction(self) -> list[IndicatorRow]:
        return [i for i in self.indicators if "满意" in (i.level1 + i.level2 + i.level3)]


# ---- satisfaction survey basis (indicator cells first, then body text)

_SURVEY_COUNT = re.compile(r"\d[\d,]*(?:\.\d+)?\s*(?:份|人次|人|户|名|个)")
_PLACEHOLDER = re.compile(r"【待补充：[^】]*】")


@dataclass(frozen=True)
class SurveyBasis:
    """How satisfaction was measured, as the user wrote it, and where."""

    text: str
    where: str  # e.g. '自评表“查档群众满意度”' or '第一部分'


def _basis_sentence(text: str, words: list[str], *, need_count: bool) -> str | None:
    t = _PLACEHOLDER.sub("", text or "")
    for sent in re.split(r"(?<=[。；;！？\n])", t):
        s = sent.strip().strip("　")
        if not s or not any(w in s for w in words):
            continue
        if need_count and not (_SURVEY_COUNT.search(s) and ("满意" in s or "问卷" in s or "样本" in s)):
            continue
        return s.rstrip("。；;")
    return None


def satisfaction_basis(report: Report, phrases: Phrases | None = None) -> SurveyBasis | None:
    """The survey basis of the satisfaction figures, from the 自评表 note/actual cells or the body text
    (survey words: the profile's ``satisfaction_basis``, as the review rule EVD001 uses them)."""
    words = (phrases or profile_for().phrases).satisfaction_basis
    views = [report.self_eval, *report.projects]
    for view in views:
        if view is None:
            continue
        for i in view.indicators:
            if "满意" not in (i.level1 + i.level2 + i.level3):
                continue
            for cell in (i.note, i.actual):
                s = _basis_sentence(cell, words, need_count=False)
                if s:
                    return SurveyBasis(text=s, where=f"自评表“{i.level3.strip()}”")
    for sec in report.sections:
        if sec.label in ("七", "八"):  # these discuss a missing basis, they do not give one
            continue
        for p in sec.paragraphs:
            s = _basis_sentence(p.text, words, need_count=True)
            if s:
                return SurveyBasis(text=s, where=f"第{sec.label}部分")
    for a in report.attachments:
        for p in a.paragraphs:
            s = _basis_sentence(p.text, words, need_count=True)
            if s:
                return SurveyBasis(text=s, where=a.label)
    return None
