"""Faithfulness guard: every figure in a drafted text must match a datum of the same kind.

A figure (see :mod:`assistant.drafting.numbers`) passes when:

- it is **data** of the same kind, with the same value at the precision the sentence shows: money with its
  unit (元 / 千元 / 万元 / 亿元, converted exactly with Decimal), a percentage, a count with the same measure
  word (人 ≠ 家 ≠ 项), a score in 分. Data are the Report's figures (with their units) and the numbers written
  in its text and tables (with the units written next to them; a bare table cell is a bare number);
- or it is **derived** — a sum, difference, ratio, share, growth or per-person figure — listed in the
  evidence's formula catalogue: each derived value is computed here from named data (``fund.executed /
  fund.budget × 100``), recorded with its formula (``NumberUse.source = 'computed:<formula>'``) and only
  of the kind the formula gives (a ratio is a percentage, never money);
- or it sits **inside a quoted passage** (“…”) of a cited document whose text holds the same figure;
- or it is a **year** of the report window (report year ±2) or written in the data;
- or it is a rule's **threshold** (90% 执行率, 50% 三公, 10% 调整, 20% 变动) right after a comparison word.

文号 digits, article numbers, list ordinals, months and days are not figures (numbers.py skips them).
Anything else is unverified and named with its sentence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, DivisionByZero, InvalidOperation
from typing import Iterable, Iterator

from pydantic import BaseModel

from assistant.drafting.models import Citation, NumberUse
from assistant.drafting.numbers import MONEY_UNITS, NumberMention, find_numbers
from assistant.report.model import Figure, Report

HUNDRED = Decimal(100)
FIGURE_KINDS = {"万元": ("money", "万元"), "元": ("money", "元"), "%": ("percent", "%"), "人": ("count", "人"),
                "个": ("count", "个"), "分": ("score", "分"), "": ("plain", "")}


@dataclass(frozen=True)
class Datum:
    """One value a drafted figure may be: its kind, measure word, value in the canonical unit, provenance."""

    kind: str  # money | percent | pp | count | score | plain
    measure: str  # count: the measure word ('人', '人次'); money: '' (canonical 元); else ''
    canonical: Decimal  # money in 元; counts with 万 folded in; percentages as 93.93
    source: str  # 'data:<path>' or 'computed:<formula>'
    shown: Decimal | None = None  # the value as written in the data (a bare number matches only this)


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
            yield f"indicator[{i}]", f"{ind.level3}\n{ind.target}\n{ind.actual}\n{ind.note}"


def _group_of(path: str) -> str:
    """The row a figure belongs to: its path without the last attribute or key."""
    cut = max(path.rfind("."), path.rfind("["))
    return path[:cut] if cut > 0 else path


def figure_datum(path: str, fig: Figure) -> Datum:
    kind, unit = FIGURE_KINDS.get(fig.unit, ("plain", ""))
    canonical = fig.value * MONEY_UNITS[unit] if kind == "money" else fig.value
    return Datum(kind, unit if kind == "count" else "", canonical, f"data:{path}", fig.value)


def mention_datum(path: str, m: NumberMention) -> Datum:
    kind = "count" if m.kind == "year" else m.kind
    return Datum(kind, m.measure if kind == "count" else "", m.canonical if m.canonical is not None else m.value,
                 f"data:{path}", m.value)


def _money(fig: Figure | None) -> Decimal | None:
    if fig is None or fig.unit not in ("万元", "元"):
        return None
    return fig.value * MONEY_UNITS[fig.unit]


@dataclass
class Evidence:
    """Everything a drafted figure may legitimately be, built once per Report: typed data and the
    catalogue of derived values (each with the formula it was computed by)."""

    data: list[Datum] = field(default_factory=list)
    derived: list[Datum] = field(default_factory=list)
    years: set[int] = field(default_factory=set)

    @classmethod
    def from_report(cls, report: Report) -> "Evidence":
        ev = cls()
        figs = list(_iter_figures(report, ""))
        for path, fig in figs:
            ev.data.append(figure_datum(path, fig))
        for path, text in _report_texts(report):
            for m in find_numbers(text):
                if m.kind == "year":
                    ev.years.add(int(m.value))
                    continue
                ev.data.append(mention_datum(path, m))
        if report.year:
            ev.years.update(range(report.year - 2, report.year + 3))
        ev._derive(report, figs)
        return ev

    # ---- the formula catalogue
    def _add(self, kind: str, value: Decimal | None, formula: str, measure: str = "") -> None:
        if value is not None:
            self.derived.append(Datum(kind, measure, value, f"computed:{formula}"))

    def _ratios(self, a: Decimal, pa: str, b: Decimal, pb: str) -> None:
        """a/b×100 and the change (a−b)/b×100 between two figures of one kind."""
        try:
            if b:
                self._add("percent", a / b * HUNDRED, f"{pa}/{pb}×100%")
                self._add("percent", (a - b) / b * HUNDRED, f"({pa}-{pb})/{pb}×100%")
        except (DivisionByZero, InvalidOperation):
            pass

    def _derive(self, report: Report, figs: list[tuple[str, Figure]]) -> None:
        rows: dict[str, list[tuple[str, Figure]]] = {}
        for path, fig in figs:
            rows.setdefault(_group_of(path), []).append((path, fig))
        # pairs of one row (budget vs executed, 预算 vs 决算 columns, last year vs this year, 编制 vs 实有)
        for members in rows.values():
            for pa, fa in members:
                for pb, fb in members:
                    if pa == pb or fa.unit != fb.unit or fa.unit in ("%", ""):
                        continue
                    kind, unit = FIGURE_KINDS[fa.unit]
                    a = _money(fa) if kind == "money" else fa.value
                    b = _money(fb) if kind == "money" else fb.value
                    self._ratios(a, pa, b, pb)
                    if a >= b:
                        self._add(kind, a - b, f"{pa}-{pb}", unit if kind == "count" else "")
        # group sums, their differences with the stated total, shares of the total
        for name, members in _money_groups(report):
            vals = [(p, v) for p, v in members if v is not None]
            if len(vals) < 2:
                continue
            total = sum((v for _, v in vals), Decimal(0))
            self._add("money", total, f"sum({name})")
            for p, v in vals:
                if total:
                    self._add("percent", v / total * HUNDRED, f"{p}/sum({name})×100%")
        b = report.budget
        for key in ("basic", "project"):
            part = getattr(b, key)
            tot = _money(part.total)
            if tot is None:
                continue
            s = sum((_money(f) or Decimal(0) for f in part.classes.values()), Decimal(0))
            if part.classes:
                self._add("money", abs(tot - s), f"budget.{key}.total-sum(classes)")
            for cname, f in part.classes.items():
                v = _money(f)
                if v is not None and tot:
                    self._add("percent", v / tot * HUNDRED, f"budget.{key}.classes[{cname}]/budget.{key}.total×100%")
        basic, project = _money(b.basic.total), _money(b.project.total)
        se = report.self_eval
        fund = next((r for r in se.funds if "总额" in r.name), se.funds[0]) if se and se.funds else None
        executed = _money(fund.executed) if fund else None
        if basic is not None and project is not None:
            both = basic + project
            for v, p in ((basic, "basic"), (project, "project")):
                if both:
                    self._add("percent", v / both * HUNDRED, f"budget.{p}.total/(basic+project)×100%")
            if executed is not None:
                self._add("money", abs(executed - both), "fund.executed-(basic+project)")
        # 三公 column totals, compared across columns
        sg = report.basic_data.sangong if report.basic_data else None
        if sg is not None:
            col_totals: dict[str, Decimal] = {}
            for col in sg.columns:
                stated = next((r.values.get(col) for r in sg.rows if r.key == "total" and r.values.get(col)), None)
                parts = [_money(r.values.get(col)) for r in sg.rows if r.key in ("vehicle", "abroad", "reception")]
                parts = [p for p in parts if p is not None]
                tot = _money(stated) if stated is not None else (sum(parts, Decimal(0)) if parts else None)
                if tot is not None:
                    col_totals[col] = tot
                    self._add("money", tot, f"sangong[{col}].total")
            cols = list(col_totals)
            for ca in cols:
                for cb in cols:
                    if ca != cb:
                        self._ratios(col_totals[ca], f"sangong[{ca}]", col_totals[cb], f"sangong[{cb}]")
                        if col_totals[ca] >= col_totals[cb]:
                            self._add("money", col_totals[ca] - col_totals[cb], f"sangong[{ca}]-sangong[{cb}]")
        # money per person: 公用经费 / 基本支出 / 三公 by the staff actually in post
        people = [(p, f.value) for p, f in figs if f.unit == "人" and f.value and "actual" in p]
        per_head = [(p, v) for p, f in figs if (v := _money(f)) is not None and p.startswith("budget.basic.total")]
        for row in report.basic_data.other_rows if report.basic_data else []:
            if row.name.startswith("公用经费"):
                per_head += [(f"公用经费[{col}]", v) for col, f in row.values.items() if (v := _money(f)) is not None]
        for pm, m in per_head:
            for pp, n in people:
                self._add("money", m / n, f"{pm}/{pp}")
        # indicator scores and weights
        for view in [report.self_eval, *report.projects]:
            if view is None:
                continue
            groups: dict[str, list[Decimal]] = {"indicator.score": [], "indicator.weight": []}
            for i in view.indicators:
                if i.score:
                    groups["indicator.score"].append(i.score.value)
                    groups.setdefault(f"indicator.score[{i.level1}]", []).append(i.score.value)
                if i.weight:
                    groups["indicator.weight"].append(i.weight.value)
                    groups.setdefault(f"indicator.weight[{i.level1}]", []).append(i.weight.value)
                if i.weight and i.score and i.weight.value > i.score.value:
                    self._add("score", i.weight.value - i.score.value, f"indicator[{i.level3}].weight-score")
            for name, vals in groups.items():
                if len(vals) >= 2:
                    self._add("score", sum(vals, Decimal(0)), f"sum({name})")
            fund_scores = [r.score.value for r in view.funds if r.score]
            if fund_scores and groups["indicator.score"]:
                self._add("score", sum(groups["indicator.score"], Decimal(0)) + fund_scores[0],
                          "sum(indicator.score)+fund.score")
        # counts of things in the data
        for name, n, word in _counts(report):
            self._add("count", Decimal(n), f"count({name})", word)

    # ---- lookup
    def trace(self, m: NumberMention) -> str | None:
        """The source of mention ``m``, or None when it matches nothing of its kind."""
        if m.kind == "year":
            return "data:year" if int(m.value) in self.years else None
        for pool in (self.data, self.derived):
            for d in pool:
                if matches(m, d):
                    return d.source
        return None


def shown_at(value: Decimal, decimals: int) -> Decimal:
    return value.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)


def matches(m: NumberMention, d: Datum) -> bool:
    """Same kind (and measure word), same value at the precision the mention is written with."""
    if m.kind == "plain":  # a bare number: only a bare number, or the exact figure as written
        return d.shown is not None and d.shown == m.value
    if m.kind != d.kind:
        return False
    if m.kind == "count" and m.measure != d.measure:
        return False
    try:
        value = d.canonical / m.scale
        if m.kind in ("percent", "pp"):
            value = abs(value)
        return shown_at(value, m.decimals) == m.value
    except (InvalidOperation, DivisionByZero):
        return False


def _money_groups(report: Report) -> Iterable[tuple[str, list[tuple[str, Decimal | None]]]]:
    b = report.budget
    for key in ("basic", "project"):
        part = getattr(b, key)
        yield f"budget.{key}.classes", [(f"budget.{key}.classes[{k}]", _money(f)) for k, f in part.classes.items()]
    yield "budget.basic+project", [(f"budget.{k}.total", _money(getattr(b, k).total)) for k in ("basic", "project")]
    for view in [report.self_eval, *report.projects]:
        if view is None:
            continue
        yield "by_income", [(f"by_income[{k}]", _money(f)) for k, f in view.by_income.items()]
        yield "by_nature", [(f"by_nature[{k}]", _money(f)) for k, f in view.by_nature.items()]


def _counts(report: Report) -> Iterable[tuple[str, int, str]]:
    view = report.self_eval
    if view is not None:
        yield "indicators", len(view.indicators), "项"
        l1: dict[str, int] = {}
        l2: dict[str, int] = {}
        for i in view.indicators:
            l1[i.level1] = l1.get(i.level1, 0) + 1
            l2[i.level2] = l2.get(i.level2, 0) + 1
        for k, n in {**l1, **l2}.items():
            yield f"indicators[{k}]", n, "项"
        yield "indicator_blocks", len(l1), "类"
        full = sum(1 for i in view.indicators if i.weight and i.score and i.score.value >= i.weight.value)
        yield "indicators_full_score", full, "项"
        yield "indicators_not_full", len(view.indicators) - full, "项"
    yield "projects", len(report.projects), "个"


# ------------------------------------------------------------------ checking a text

# Thresholds the rules and the drafter compare figures with: they pass only right after a comparison word
# ("执行率88.03%，低于90%"), never as a figure of the unit's own ("满意度90%").
NORMS = {Decimal(90): "执行率标准", Decimal(50): "三公经费执行下限", Decimal(10): "预算调整幅度上限",
         Decimal(20): "公用经费变动幅度", Decimal(100): "全额"}
_COMPARE = re.compile(r"(低于|高于|超过|不足|不到|未达到|达到|不低于|不高于|≥|≤|>|<|以上|以下)\s*$")
_QUOTE = re.compile(r"“[^”\n]{1,400}”|「[^」\n]{1,400}」")
_SENTENCE_END = "。！？；;\n"


def sentence_of(text: str, start: int, end: int) -> str:
    """The sentence (clause run up to 。！？；) around ``text[start:end]``."""
    a = max(text.rfind(c, 0, start) for c in _SENTENCE_END) + 1
    ends = [i for i in (text.find(c, end) for c in _SENTENCE_END) if i >= 0]
    b = min(ends) + 1 if ends else len(text)
    return text[a:b].strip()


class Flag(BaseModel):
    """A figure that traces nowhere, with the sentence it is in."""

    written: str
    sentence: str


class GuardResult(BaseModel):
    numbers_used: list[NumberUse]
    unverified: list[str]
    flags: list[Flag] = []

    @property
    def ok(self) -> bool:
        return not self.unverified


def _cited_mentions(citations: Iterable[Citation]) -> list[tuple[NumberMention, str]]:
    out = []
    for c in citations:
        for m in find_numbers(c.text, skip=False):
            out.append((m, c.id))
    return out


def check_numbers(
    text: str,
    report: Report | None = None,
    citations: Iterable[Citation] = (),
    *,
    evidence: Evidence | None = None,
) -> GuardResult:
    """Trace every figure in ``text``; return the sources and the figures that trace nowhere."""
    if evidence is None:
        evidence = Evidence.from_report(report) if report is not None else Evidence()
    cited = _cited_mentions(citations)
    quotes = [(q.start(), q.end()) for q in _QUOTE.finditer(text)]
    used: list[NumberUse] = []
    bad: list[str] = []
    flags: list[Flag] = []
    for m in find_numbers(text):
        src = None
        if any(a < m.start < b for a, b in quotes):
            src = next((f"cite:{cid}" for c, cid in cited if c.kind == m.kind and c.unit == m.unit
                        and c.value == m.value), None)
        if src is None:
            src = evidence.trace(m)
        if src is None and m.kind == "percent" and m.value in NORMS and _COMPARE.search(text[max(0, m.start - 5):m.start]):
            src = f"norm:{NORMS[m.value]}"
        if src is None:
            bad.append(m.written)
            flags.append(Flag(written=m.written, sentence=sentence_of(text, m.start, m.end)))
            src = "unverified"
        used.append(NumberUse(value=m.value, written=m.written, source=src))
    return GuardResult(numbers_used=used, unverified=list(dict.fromkeys(bad)), flags=flags)


def guard_warning(unverified: list[str], flags: list[Flag] | None = None) -> str:
    head = "以下数字无法在填报数据或引用资料中找到出处，请核实："
    if flags:
        seen: dict[str, list[str]] = {}
        for f in flags:
            seen.setdefault(f.sentence, []).append(f.written)
        return head + "；".join(f"{'、'.join(ws)}（“{s}”）" for s, ws in seen.items())
    return head + "、".join(unverified)
