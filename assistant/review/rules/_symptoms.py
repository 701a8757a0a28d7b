"""Symptoms of one typo: a figure that both breaks a sum and disagrees with its own copy elsewhere.

When 基本支出's classes do not add up (ARI001) and the same class disagrees with its copy in 附件1 (CON002) by
the very same amount, one mistyped figure explains both: written as its copy, the sum adds up and the copies
agree. That is one defect, reported once by ARI030 naming the probable typo; the rules that would report its
two symptoms (ARI001/ARI002 and CON001/CON002) stay quiet for it. Pure functions over the Report.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from assistant.report.model import Figure
from assistant.review.rules._util import column_roles, dsum, other_row, total_fund_row, value_at

_PARTS = {"basic": "基本支出", "project": "项目支出"}


@dataclass(frozen=True)
class Typo:
    """One mistyped figure and the copy that makes both checks agree."""

    part: str  # "basic" | "project": whose class sum it breaks
    wrong: Figure  # the figure as written (probably mistyped)
    wrong_name: str  # 第二部分基本支出中商品和服务支出
    right: Figure  # the other copy of the same amount
    right_name: str  # 附件1公用经费
    total: Figure  # the part's total
    parts_sum: Decimal  # the classes' sum as written
    is_total: bool  # the mistyped figure is the total itself (else one of its classes)
    cross_rule: str  # the rule that compares the two copies: CON001 / CON002


def current_final(report, row) -> Figure | None:
    """Value of a 附件1 row in the current-year 决算 column."""
    bd = report.basic_data
    if bd is None or bd.sangong is None or row is None:
        return None
    col = column_roles(bd.sangong.columns, report.year).get("cur_final")
    return value_at(row, col)


def _nature(report, word: str) -> Figure | None:
    se = report.self_eval
    if se is None:
        return None
    return next((v for k, v in se.by_nature.items() if word in k and v is not None), None)


def typos(report, ctx) -> list[Typo]:
    """Every figure whose correction to its copy elsewhere makes both its sum and the comparison agree."""
    out: list[Typo] = []
    for key, label in _PARTS.items():
        part = getattr(report.budget, key)
        if part.total is None or not part.classes or (len(part.classes) < 2 and report.meta.format != "draft"):
            continue  # the same conditions under which ARI001/ARI002 judge the sum
        s = dsum(f.value for f in part.classes.values())
        gap = part.total.value - s
        if ctx.close(gap, Decimal(0)):
            continue
        # a class mistyped: its copy elsewhere is larger by exactly the gap
        copies: list[tuple[str, Figure | None, str, str]] = []
        if key == "basic":
            copies.append(("商品和服务支出", current_final(report, other_row(report, "公用经费")), "附件1公用经费", "CON002"))
        for cls, other, other_name, cross in copies:
            fig = part.classes.get(cls)
            if fig is None or other is None or ctx.close(other.value, fig.value):
                continue
            if ctx.close(other.value - fig.value, gap):
                out.append(Typo(key, fig, f"第二部分{label}中{cls}", other, other_name, part.total, s, False, cross))
        # the total mistyped: 附件2 按支出性质分 carries it and equals the classes' sum
        nature = _nature(report, label)
        if nature is not None and ctx.close(nature.value, s) and not ctx.close(nature.value, part.total.value):
            out.append(Typo(key, part.total, f"第二部分{label}", nature, f"附件2按支出性质分{label}", part.total, s,
                            True, "CON001"))
    return out


def typo_for_sum(report, ctx, part: str) -> Typo | None:
    """The typo that explains ``part``'s (basic|project) class sum not adding up, if one does."""
    return next((t for t in typos(report, ctx) if t.part == part), None)


def typo_for_cross(report, ctx, rule_id: str, figure: Figure) -> Typo | None:
    """The typo that explains ``rule_id``'s comparison involving ``figure`` (either copy), if one does."""
    return next((t for t in typos(report, ctx) if t.cross_rule == rule_id and figure in (t.wrong, t.right)), None)


# ---------------------------------------------------------------- one sum of income sources, double counted


@dataclass(frozen=True)
class DoubleCount:
    """按收入性质分 lists the same money under 一般公共预算 and 纳入专户管理的非税收入 (CON005's defect)."""

    gpb_name: str
    gpb: Figure
    nt_name: str
    nt: Figure
    total: Figure  # 年度资金总额 (全年执行数, else 全年预算数)
    gpb_is_all: bool  # 一般公共预算 alone already equals the total
    says_nontax: bool  # 第二部分 says the money comes from 非税收入 / 专户


def income(table, *words: str) -> tuple[str | None, Figure | None]:
    for k, v in table.by_income.items():
        if v is not None and any(w in k for w in words):
            return k, v
    return None, None


def double_counted(report, table, ctx) -> DoubleCount | None:
    """The double counting of one 自评表, if its 按收入性质分 shows it (CON005 reports it; ARI007's 按收入性质分
    sum then exceeds the total only because of it and stays quiet)."""
    fr = total_fund_row(table)
    if fr is None:
        return None
    total = fr.executed or fr.budget
    gpb_name, gpb = income(table, "一般公共预算", "财政拨款")
    nt_name, nt = income(table, "专户", "非税")
    if total is None or gpb is None or nt is None or not nt.value or gpb_name == nt_name:
        return None
    if gpb.value + nt.value <= total.value + ctx.profile.tolerance.money:
        return None
    text2 = re.sub(r"\s+", "", report.role_text("budget"))
    says_nontax = ("非税" in text2 or "专户" in text2) and table.section == "附件2"
    gpb_is_all = gpb.value + ctx.profile.tolerance.money >= total.value
    if not (gpb_is_all or says_nontax):
        return None
    return DoubleCount(gpb_name, gpb, nt_name, nt, total, gpb_is_all, says_nontax)
