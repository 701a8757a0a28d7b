"""Faithfulness guard: every number in a suggestion must trace to the user's data or a cited passage.

A number is accepted when it equals (within the precision it is written with, at least 0.01):
- any Figure value in the Report, or a number written anywhere in its text or tables;
- the report year (±2) or a year written in the data;
- a value computed from two data values: sum, difference, ratio, rate (a/b×100) or percent change;
- a sum of a group of related figures (economic classes, 三公 rows, funds by income/nature, indicator scores);
- a count of things in the data (indicators, projects, blocks);
- a number in the text of a passage the suggestion cites.
Anything else is reported as unverified, with the numbers named.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal, DivisionByZero, InvalidOperation
from typing import Iterable, Iterator

from pydantic import BaseModel

from assistant.drafting.models import Citation, NumberUse
from assistant.drafting.numbers import find_numbers
from assistant.report.model import Figure, Report

HUNDRED = Decimal(100)
MIN_TOL = Decimal("0.01")


def _iter_figures(obj, path: str) -> Iterator[tuple[str, Figure]]:
    if isinstance(obj, Figure):
        yield path, obj
    elif isinstance(obj, BaseModel):
        for name in type(obj).model_fields:
            if name in ("tables", "sections", "attachments", "preamble", "meta", "source"):
                continue
            yield from _iter_figures(getattr(obj, name), f"{path}.{name}" if path else name)
    elif isinstance(obj, dict):
        for k, v in obj.items():
            yield from _iter_figures(v, f"{path}[{k}]")
    elif isinstance(obj, (list, tuple)):
        for i, v in enumerate(obj):
            yield from _iter_figures(v, f"{path}[{i}]")


def _report_texts(report: Report) -> Iterator[tuple[str, str]]:
    yield "title", report.title
    for p in report.preamble:
        yield f"preamble[{p.index}]", p.text
    for s in report.sections:
        for p in s.paragraphs:
            yield f"section[{s.label}][{p.index}]", p.text
    for a in report.attachments:
        for p in a.paragraphs:
            yield f"{a.label}[{p.index}]", p.text
    for t in report.tables:
        for r, row in enumerate(t.rows):
            for c, cell in enumerate(row):
                if cell.strip():
                    yield f"table[{t.index}][{r}][{c}]", cell
    for view in [report.self_eval, *report.projects]:
        if view is None:
            continue
        yield "self_eval.goal", f"{view.goal_target}\n{view.goal_actual}"
        for i, ind in enumerate(view.indicators):
            yield f"indicator[{i}]", f"{ind.target}\n{ind.actual}\n{ind.note}"


MONEY_UNITS = ("万元", "元")


def _group_of(path: str) -> str:
    """The row a figure belongs to: its path without the last attribute or key."""
    cut = max(path.rfind("."), path.rfind("["))
    return path[:cut] if cut > 0 else path


@dataclass
class Evidence:
    """Everything a drafted number may legitimately come from, built once per Report.

    Direct values (figures, numbers written in the data, group sums, counts) match any mention.
    Derived values are only tried where they make sense: money mentions may be a sum or difference of
    two money figures, or money per person; percentages may be a rate or a change between two figures
    of the same row (budget vs executed, 预算 vs 决算 columns, last year vs this year).
    """

    values: dict[Decimal, str] = field(default_factory=dict)  # value -> 'data:<path>' | 'computed:…'
    money: list[tuple[Decimal, str]] = field(default_factory=list)  # (value, path)
    people: list[tuple[Decimal, str]] = field(default_factory=list)
    rows: dict[str, list[tuple[Decimal, str]]] = field(default_factory=dict)  # group -> figures
    years: set[int] = field(default_factory=set)

    @classmethod
    def from_report(cls, report: Report) -> "Evidence":
        ev = cls()
        for path, fig in _iter_figures(report, ""):
            ev.values.setdefault(fig.value, f"data:{path}")
            if fig.unit in MONEY_UNITS:
                ev.money.append((fig.value, path))
            elif fig.unit == "人":
                ev.people.append((fig.value, path))
            if fig.unit in (*MONEY_UNITS, "人", "分"):
                ev.rows.setdefault(_group_of(path), []).append((fig.value, path))
        for path, text in _report_texts(report):
            for m in find_numbers(text, skip=False):
                if m.is_year:
                    ev.years.add(int(m.value))
                ev.values.setdefault(m.value, f"data:{path}")
        if report.year:
            ev.years.update(range(report.year - 2, report.year + 3))
        for name, family, group in _groups(report):
            vals = [v for v in group if v is not None]
            if len(vals) >= 2:
                total = sum(vals, Decimal(0))
                ev.values.setdefault(total, f"computed:sum({name})")
                if family:
                    ev.money.append((total, f"sum({name})"))
                    ev.rows.setdefault(family, []).append((total, f"sum({name})"))
        for name, n in _counts(report):
            ev.values.setdefault(Decimal(n), f"computed:count({name})")
        return ev

    def add(self, value: Decimal, source: str) -> None:
        self.values.setdefault(value, source)

    # ---- lookup
    def trace(
        self,
        value: Decimal,
        decimals: int,
        is_year: bool = False,
        extra: dict[Decimal, str] | None = None,
        unit: str = "",
    ) -> str | None:
        tol = max(MIN_TOL, Decimal(5) * Decimal(10) ** (-(decimals + 1)))
        if is_year:
            return "data:year" if int(value) in self.years else None
        for pool in (extra or {}, self.values):
            if value in pool:
                return pool[value]
            for v, src in pool.items():
                if abs(v - value) <= tol:
                    return src
        if unit == "%":
            return self._rates(value, tol)
        if unit in ("万元", "万", "元"):
            return self._money(value, tol)
        return None

    def _money(self, target: Decimal, tol: Decimal) -> str | None:
        money = [(v, p) for v, p in self.money if v]
        for i, (a, pa) in enumerate(money):
            for b, pb in money[i + 1 :]:
                if abs(a + b - target) <= tol:
                    return f"computed:{pa}+{pb}"
                if abs(abs(a - b) - target) <= tol:
                    return f"computed:{pa}-{pb}"
            for n, pn in self.people:
                if n and abs(a / n - target) <= tol:
                    return f"computed:{pa}/{pn}"
        return None

    def _rates(self, target: Decimal, tol: Decimal) -> str | None:
        for figs in self.rows.values():
            for a, pa in figs:
                for b, pb in figs:
                    if pa == pb or not b:
                        continue
                    try:
                        if abs(a / b * HUNDRED - target) <= tol:
                            return f"computed:{pa}/{pb}×100%"
                        if abs(abs((a - b) / b * HUNDRED) - abs(target)) <= tol:
                            return f"computed:({pa}-{pb})/{pb}×100%"
                    except (DivisionByZero, InvalidOperation):
                        continue
        return None


def _groups(report: Report) -> Iterable[tuple[str, str, list[Decimal | None]]]:
    """(name, family for rates or '', values) of figure groups whose sum is a legitimate number."""
    b = report.budget
    for key in ("basic", "project"):
        part = getattr(b, key)
        yield f"budget.{key}.classes", f"budget.{key}", [f.value for f in part.classes.values()]
    totals = [x.total.value for x in (b.basic, b.project) if x.total is not None]
    yield "budget.basic+project", "budget", totals
    if report.basic_data and report.basic_data.sangong:
        sg = report.basic_data.sangong
        for col in sg.columns:
            rows = [r for r in sg.rows if r.key in ("vehicle", "abroad", "reception")]
            yield f"sangong[{col}]", "sangong", [(r.values.get(col).value if r.values.get(col) else None) for r in rows]
    for view in [report.self_eval, *report.projects]:
        if view is None:
            continue
        yield "by_income", "", [f.value if f else None for f in view.by_income.values()]
        yield "by_nature", "", [f.value if f else None for f in view.by_nature.values()]
        yield "indicator.score", "", [i.score.value if i.score else None for i in view.indicators]
        yield "indicator.weight", "", [i.weight.value if i.weight else None for i in view.indicators]
        by_l1: dict[str, list] = {}
        for i in view.indicators:
            by_l1.setdefault(i.level1, []).append(i.score.value if i.score else None)
        for l1, scores in by_l1.items():
            yield f"indicator.score[{l1}]", "", scores


def _counts(report: Report) -> Iterable[tuple[str, int]]:
    for view in [report.self_eval]:
        if view is None:
            continue
        yield "indicators", len(view.indicators)
        l1: dict[str, int] = {}
        l2: dict[str, int] = {}
        for i in view.indicators:
            l1[i.level1] = l1.get(i.level1, 0) + 1
            l2[i.level2] = l2.get(i.level2, 0) + 1
        for k, n in {**l1, **l2}.items():
            yield f"indicators[{k}]", n
        yield "indicator_blocks", len(l1)
        yield "indicators_full_score", sum(1 for i in view.indicators if i.weight and i.score and i.score.value >= i.weight.value)
    yield "projects", len(report.projects)
    yield "sections", len(report.sections)


class GuardResult(BaseModel):
    numbers_used: list[NumberUse]
    unverified: list[str]

    @property
    def ok(self) -> bool:
        return not self.unverified


def check_numbers(
    text: str,
    report: Report | None = None,
    citations: Iterable[Citation] = (),
    *,
    evidence: Evidence | None = None,
) -> GuardResult:
    """Trace every number in ``text``; return the sources and the numbers that trace nowhere."""
    if evidence is None:
        evidence = Evidence.from_report(report) if report is not None else Evidence()
    cited: dict[Decimal, str] = {}
    for c in citations:
        for m in find_numbers(c.text + "\n" + c.citation + "\n" + c.title, skip=False):
            cited.setdefault(m.value, f"cite:{c.id}")
    used: list[NumberUse] = []
    bad: list[str] = []
    for m in find_numbers(text):
        unit = m.written[len(m.written.rstrip("%万元人年")) :]
        src = evidence.trace(m.value, m.decimals, m.is_year, extra=cited, unit=unit)
        if src is None:
            bad.append(m.written)
            src = "unverified"
        used.append(NumberUse(value=m.value, written=m.written, source=src))
    return GuardResult(numbers_used=used, unverified=list(dict.fromkeys(bad)))


def guard_warning(unverified: list[str]) -> str:
    return "以下数字无法在填报数据或引用资料中找到出处，请核实：" + "、".join(unverified)
