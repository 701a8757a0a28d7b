"""Helpers shared by the rule modules: formatting figures for messages, tables, columns, explanations.

Rule modules import helpers from here or from ``_text`` — never from another rule module.
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal

from assistant.report.model import TEN_ROLES
from assistant.review.finding import at


def fmt(value: Decimal | None, unit: str = "") -> str:
    """804.03 -> '804.03'; keeps the written precision, trims nothing meaningful."""
    if value is None:
        return "—"
    s = format(value, "f")
    if "." in s:
        s = s.rstrip("0").rstrip(".") if len(s.split(".")[1]) > 2 else s
    return f"{s}{unit}"


def money(value: Decimal | None) -> str:
    return fmt(value, "万元")


def pct(value: Decimal | None) -> str:
    if value is None:
        return "—"
    return f"{value.quantize(Decimal('0.01'))}%"


def dsum(values) -> Decimal:
    total = Decimal("0")
    for v in values:
        if v is not None:
            total += v
    return total


# ---------------------------------------------------------------- figures, tables and columns

Q2 = Decimal("0.01")
HUNDRED = Decimal("100")
_YEAR_RE = re.compile(r"((?:19|20)\d{2})")
_PREV_WORDS = ("上年", "上一年", "去年", "前一年")
_CUR_WORDS = ("本年", "当年", "今年", "本年度")


def q2(value: Decimal) -> Decimal:
    return value.quantize(Q2, rounding=ROUND_HALF_UP)


def score_str(value: Decimal | None) -> str:
    """Scores without trailing zeros: 10.00 -> '10', 9.80 -> '9.8'."""
    if value is None:
        return "—"
    return format(value.normalize(), "f")


def ratio_pct(part: Decimal, whole: Decimal) -> Decimal | None:
    """part / whole as a percentage rounded to 0.01 (None when whole is 0)."""
    if not whole:
        return None
    return q2(part / whole * HUNDRED)


def as_percent(fig) -> Decimal | None:
    """A stated rate as a percentage: '98.76%' -> 98.76; a bare fraction '0.9876' -> 98.76."""
    if fig is None:
        return None
    v = fig.value
    if "%" not in (fig.raw or "") and "％" not in (fig.raw or "") and Decimal("0") < v <= Decimal("1.5"):
        return v * HUNDRED
    return v


def total_fund_row(table):
    """The 年度资金总额 row of a 自评表 (the first fund row when none is labelled so)."""
    if not table.funds:
        return None
    for fr in table.funds:
        if "资金总额" in fr.name or fr.name.startswith("合计") or fr.name.startswith("总计"):
            return fr
    return table.funds[0]


def loc(fig, section: str = "全文"):
    """FindingLocation of a Figure (or of ``section`` when the figure has no source)."""
    src = getattr(fig, "source", None) if fig is not None else None
    if src is not None:
        return at(src.section, src)
    return at(section)


def column_roles(columns: list[str], year: int | None) -> dict[str, str]:
    """Map 附件1 money columns to roles: prev_final / cur_budget / cur_final.

    Headers like '2021年决算数', '2022年预算数', '2022年决算数', or '上年决算数', '本年预算数'.
    """
    parsed = []
    years = []
    for col in columns:
        m = _YEAR_RE.search(col)
        y = int(m.group(1)) if m else None
        if y is None and any(w in col for w in _PREV_WORDS):
            y = -1  # relative: previous
        elif y is None and any(w in col for w in _CUR_WORDS):
            y = 0  # relative: current
        if y and y > 0:
            years.append(y)
        kind = "final" if "决算" in col else ("budget" if "预算" in col else None)
        parsed.append((col, y, kind))
    cur = year if year in years else (max(years) if years else None)
    roles: dict[str, str] = {}
    for col, y, kind in parsed:
        if kind is None:
            continue
        if y == 0 or (cur is not None and y == cur):
            role = "cur_final" if kind == "final" else "cur_budget"
        elif y == -1 or (cur is not None and y == cur - 1):
            role = "prev_final" if kind == "final" else "prev_budget"
        else:
            continue
        roles.setdefault(role, col)
    if not roles:  # headers without years: last 决算 is current, an earlier 决算 is last year's
        finals = [c for c, _, k in parsed if k == "final"]
        budgets = [c for c, _, k in parsed if k == "budget"]
        if finals:
            roles["cur_final"] = finals[-1]
            if len(finals) > 1:
                roles["prev_final"] = finals[0]
        if budgets:
            roles["cur_budget"] = budgets[-1]
    return roles


def year_of(report, role: str, columns: list[str]) -> str:
    """Human label of a column for messages ('2022年决算数')."""
    return column_roles(columns, report.year).get(role, "")


def sangong_rows(report) -> dict:
    """key -> first SanGongRow with that key (empty when 附件1 has no 三公 block)."""
    bd = report.basic_data
    if bd is None or bd.sangong is None:
        return {}
    out = {}
    for r in bd.sangong.rows:
        out.setdefault(r.key, r)
    return out


def value_at(row, col: str | None):
    if row is None or col is None:
        return None
    return row.values.get(col)


def other_row(report, *prefixes: str):
    """First 附件1 other row whose squashed name starts with one of ``prefixes``."""
    bd = report.basic_data
    if bd is None:
        return None
    for r in bd.other_rows:
        name = re.sub(r"\s+", "", r.name)
        if any(name.startswith(p) for p in prefixes):
            return r
    return None


def project_rows(report) -> tuple[object | None, list]:
    """附件1 项目支出 block: (header row, top-level item rows)."""
    bd = report.basic_data
    if bd is None:
        return None, []
    header = None
    items: list = []
    for r in bd.other_rows:
        name = re.sub(r"\s+", "", r.name)
        if header is None:
            if name.startswith("项目支出"):
                header = r
            continue
        if name.startswith(("公用经费", "政府采购", "部门基本支出", "楼堂馆所", "三公", "基本支出", "人员经费")):
            break
        items.append(r)
    numbered = [r for r in items if re.match(r"^\s*[0-9０-９]+\s*[、.．]", r.name)]
    if numbered:
        items = numbered
    else:
        items = [r for r in items if not re.sub(r"\s+", "", r.name).startswith("其中")]
    return header, items


def explained(report, words, phrases, sections=("六", "七", "十"), window: int = 50) -> bool:
    """Whether ``sections`` say why an item changed: an item word near one of the profile's explanation words.

    ``sections`` name parts of the 一…十 template; each is read as the part playing that part's role
    (budget, performance, problems, other), whatever the document numbers it.
    """
    for label in sections:
        text = re.sub(r"\s+", "", report.role_text(TEN_ROLES.get(label, "")) or report.section_text(label))
        for w in words:
            start = 0
            while (i := text.find(w, start)) >= 0:
                near = text[max(0, i - window) : i + len(w) + window]
                if any(e in near for e in phrases.explanation_words):
                    return True
                start = i + 1
    return False


def execution_rate_of(fr) -> tuple[Decimal, str] | None:
    """(执行率 %, how it was got) of a 自评表 funds row: 全年执行数÷全年预算数 when both are there, else the stated
    rate; None when neither allows it (the one reading ARI004 and SCO001 share)."""
    if fr.budget is not None and fr.executed is not None and fr.budget.value:
        rate = ratio_pct(fr.executed.value, fr.budget.value)
        if rate is not None:
            return rate, f"（全年执行数{money(fr.executed.value)}÷全年预算数{money(fr.budget.value)}）"
    if fr.rate is not None:
        rate = as_percent(fr.rate)
        if rate is not None:
            return rate, ""
    return None


def capped(score: Decimal, maximum: Decimal | None) -> Decimal:
    """A score counted at most at its maximum: totals are checked after capping over-limit items (each
    over-limit item is its own finding, so it must not make the total wrong a second time)."""
    return score if maximum is None else min(score, maximum)
