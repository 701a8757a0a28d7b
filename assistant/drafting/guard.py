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


@dataclass
class Evidence:
    """Everything a drafted number may legitimately come from, built once per Report."""

    values: dict[Decimal, str] = field(default_factory=dict)  # value -> 'data:<path>'
    computed: dict[Decimal, str] = field(default_factory=dict)  # group sums and counts
    years: set[int] = field(default_factory=set)

    @classmethod
    def from_report(cls, report: Report) -> "Evidence":
        ev = cls()
        for path, fig in _iter_figures(report, ""):
            ev.values.setdefault(fig.value, f"data:{path}")
        for path, text in _report_texts(report):
            for m in find_numbers(text, skip=False):
                if m.is_year:
                    ev.years.add(int(m.value))
                ev.values.setdefault(m.value, f"data:{path}")
        if report.year:
            ev.years.update(range(report.year - 2, report.year + 3))
        for name, group in _groups(report):
            vals = [v for v in group if v is not None]
            if len(vals) >= 2:
                ev.computed.setdefault(sum(vals, Decimal(0)), f"computed:sum({name})")
        for name, n in _counts(report):
            ev.computed.setdefault(Decimal(n), f"computed:count({name})")
        return ev

    def add(self, value: Decimal, source: str) -> None:
        self.values.setdefault(value, source)

    # ---- lookup
    def trace(self, value: Decimal, decimals: int, is_year: bool = False, extra: dict[Decimal, str] | None = None) -> str | None:
        tol = max(MIN_TOL, Decimal(5) * Decimal(10) ** (-(decimals + 1)))
        if is_year:
            return "data:year" if int(value) in self.years else None
        for pool in (extra or {}, self.values, self.computed):
            if value in pool:
                return pool[value]
            for v, src in pool.items():
                if abs(v - value) <= tol:
                    return src
        return self._pairwise(value, tol)

    def _pairwise(self, target: Decimal, tol: Decimal) -> str | None:
        vals = sorted(set(self.values) | set(self.computed))
        vals = [v for v in vals if v != 0]
        for a in vals:
            for b in vals:
                if a is b:
                    continue
                try:
                    if abs(a + b - target) <= tol:
                        return f"computed:{a}+{b}"
                    if abs(a - b - target) <= tol:
                        return f"computed:{a}-{b}"
                    if abs(a / b * HUNDRED - target) <= tol:
                        return f"computed:{a}/{b}×100%"
                    if abs(abs((a - b) / b * HUNDRED) - abs(target)) <= tol:
                        return f"computed:({a}-{b})/{b}×100%"
                    if abs(a / b - target) <= tol and target < 1000:
                        return f"computed:{a}/{b}"
                except (DivisionByZero, InvalidOperation):
                    continue
        return None


def _groups(report: Report) -> Iterable[tuple[str, list[Decimal | None]]]:
    b = report.budget
    for key in ("basic", "project"):
        part = getattr(b, key)
        yield f"budget.{key}.classes", [f.value for f in part.classes.values()]
    totals = [x.total.value for x in (b.basic, b.project) if x.total is not None]
    yield "budget.basic+project", totals
    if report.basic_data and report.basic_data.sangong:
        sg = report.basic_data.sangong
        for col in sg.columns:
            rows = [r for r in sg.rows if r.key in ("vehicle", "abroad", "reception")]
            yield f"sangong[{col}]", [(r.values.get(col).value if r.values.get(col) else None) for r in rows]
    for view in [report.self_eval, *report.projects]:
        if view is None:
            continue
        yield "by_income", [f.value if f else None for f in view.by_income.values()]
        yield "by_nature", [f.value if f else None for f in view.by_nature.values()]
        yield "indicator.score", [i.score.value if i.score else None for i in view.indicators]
        yield "indicator.weight", [i.weight.value if i.weight else None for i in view.indicators]
        by_l1: dict[str, list] = {}
        for i in view.indicators:
            by_l1.setdefault(i.level1, []).append(i.score.value if i.score else None)
        for l1, scores in by_l1.items():
            yield f"indicator.score[{l1}]", scores


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
        src = evidence.trace(m.value, m.decimals, m.is_year, extra=cited)
        if src is None:
            bad.append(m.written)
            src = "unverified"
        used.append(NumberUse(value=m.value, written=m.written, source=src))
    return GuardResult(numbers_used=used, unverified=list(dict.fromkeys(bad)))


def guard_warning(unverified: list[str]) -> str:
    return "以下数字无法在填报数据或引用资料中找到出处，请核实：" + "、".join(unverified)
