"""The 审阅 workbench, computed: the document as read with findings marked, finding cards ranked and grouped.

Pure functions over ``Report`` + ``ReviewResult``; the page only renders what these return. Labels,
locations and comment text come from :mod:`assistant.export.present` (the one presenter).

- ``document_html``: the report as the parser read it (title, sections, attachments, tables), each
  paragraph / table cell carrying an ``id`` so a finding can point at it; elements with findings get a
  severity class, the focused one a highlight.
- ``finding_cards``: findings sorted by severity then place; a finding with several places (one root cause,
  e.g. 21 rows whose 实际完成值 is “已完成”) is one card listing its places, and a rule that fires
  ``GROUP_MIN`` times or more in a report becomes one card listing its findings.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html import escape

from assistant.export.present import SEVERITY_LABELS, SEVERITY_ORDER, location_text, section_name
from assistant.report.model import Report
from assistant.review.engine import ReviewResult
from assistant.review.finding import SECTION_ORDER, Finding, FindingLocation
from assistant.review.registry import all_rules

GROUP_MIN = 3

# Colour, background, Streamlit material icon and badge colour per severity (distinct in hue and shape).
SEVERITY_STYLE: dict[str, dict[str, str]] = {
    "error": {"color": "#c62828", "bg": "#fdecea", "icon": ":material/cancel:", "badge": "red"},
    "warning": {"color": "#e65100", "bg": "#fff3e0", "icon": ":material/warning:", "badge": "orange"},
    "info": {"color": "#1565c0", "bg": "#e3f2fd", "icon": ":material/lightbulb:", "badge": "blue"},
}


def rule_titles() -> dict[str, str]:
    return {r.id: r.title for r in all_rules()}


# ---------------------------------------------------------------- places in the document


def _sec(label: str) -> int:
    return SECTION_ORDER.index(label) if label in SECTION_ORDER else 99


def place_key(f: Finding) -> tuple:
    """Document order of a finding's place (section, table, row, paragraph, cell)."""
    loc = f.location
    return (_sec(loc.section), loc.table if loc.table is not None else -1, loc.row if loc.row is not None else -1,
            loc.paragraph if loc.paragraph is not None else -1, loc.cell if loc.cell is not None else -1)


def rank_key(f: Finding) -> tuple:
    """Worst first, then by place."""
    return (SEVERITY_ORDER.index(f.severity), place_key(f), f.message)


def _heading_id(label: str) -> str:
    return f"wb-h-{_sec(label)}"


def _para_id(label: str, index: int) -> str:
    return f"wb-p-{_sec(label)}-{index}"


def anchor_id(report: Report, loc: FindingLocation) -> str | None:
    """The id of the finest rendered element a location points at (cell → row → table → paragraph →
    heading), or None when the document has no such place (``全文``, a missing section)."""
    if loc.table is not None and 0 <= loc.table < len(report.tables):
        rows = report.tables[loc.table].rows
        if loc.row is not None and 0 <= loc.row < len(rows):
            if loc.cell is not None and 0 <= loc.cell < len(rows[loc.row]):
                return f"wb-t-{loc.table}-{loc.row}-{loc.cell}"
            return f"wb-t-{loc.table}-{loc.row}"
        return f"wb-t-{loc.table}"
    part = report.section(loc.section) or report.attachment(loc.section)
    if part is None:
        return None
    if loc.paragraph is not None and any(p.index == loc.paragraph for p in part.paragraphs):
        return _para_id(loc.section, loc.paragraph)
    return _heading_id(loc.section)


# ---------------------------------------------------------------- the document as HTML

CSS = """
<style>
.wb-doc {font-size: 15px; line-height: 1.75; color: #222;}
.wb-doc h3 {font-size: 20px; text-align: center; margin: 4px 0 12px;}
.wb-doc h4 {font-size: 16px; margin: 14px 0 6px; scroll-margin-top: 80px;}
.wb-doc p {margin: 0 0 8px; text-indent: 2em; padding: 2px 6px; border-left: 4px solid transparent;
  scroll-margin-top: 80px;}
.wb-doc .wb-cap {font-weight: 600; text-indent: 0; margin-top: 10px;}
.wb-doc table {border-collapse: collapse; width: 100%; margin: 4px 0 12px; font-size: 13px;}
.wb-doc td {border: 1px solid #bbb; padding: 3px 5px; vertical-align: top; scroll-margin-top: 80px;}
.wb-doc tr {scroll-margin-top: 80px;}
.wb-doc .sev-error {border-left-color: #c62828; background: #fdecea;}
.wb-doc .sev-warning {border-left-color: #e65100; background: #fff3e0;}
.wb-doc .sev-info {border-left-color: #1565c0; background: #e3f2fd;}
.wb-doc td.sev-error {box-shadow: inset 3px 0 0 #c62828;}
.wb-doc td.sev-warning {box-shadow: inset 3px 0 0 #e65100;}
.wb-doc td.sev-info {box-shadow: inset 3px 0 0 #1565c0;}
[class*="st-key-wb_cards"] button[data-testid="stBaseButton-tertiary"] {justify-content: flex-start;
  text-align: left; width: 100%;}
[class*="st-key-wb_cards"] button[data-testid="stBaseButton-tertiary"] p {text-align: left;}
.wb-doc .wb-focus, .wb-doc tr.wb-focus td {outline: 3px solid #fbc02d; background: #fff59d !important;}
</style>
"""


@dataclass
class _Marks:
    severity: dict[str, str] = field(default_factory=dict)  # element id → worst severity there

    def add(self, eid: str | None, severity: str) -> None:
        if eid is None:
            return
        old = self.severity.get(eid)
        if old is None or SEVERITY_ORDER.index(severity) < SEVERITY_ORDER.index(old):
            self.severity[eid] = severity

    def cls(self, eid: str, focus: str | None) -> str:
        names = []
        if eid in self.severity:
            names.append(f"sev-{self.severity[eid]}")
        if eid == focus:
            names.append("wb-focus")
        return f' class="{" ".join(names)}"' if names else ""


def _table_html(report: Report, ti: int, marks: _Marks, focus: str | None) -> str:
    t = report.tables[ti]
    tid = f"wb-t-{ti}"
    out = []
    if t.title:
        out.append(f'<p class="wb-cap">{escape(t.title)}</p>')
    out.append(f'<table id="{tid}"{marks.cls(tid, focus)}>')
    for r, row in enumerate(t.rows):
        rid = f"{tid}-{r}"
        cells = "".join(f'<td id="{rid}-{c}"{marks.cls(f"{rid}-{c}", focus)}>{escape(v or "")}</td>'
                        for c, v in enumerate(row))
        out.append(f'<tr id="{rid}"{marks.cls(rid, focus)}>{cells}</tr>')
    out.append("</table>")
    return "".join(out)


def document_html(report: Report, result: ReviewResult, focus: str | None = None) -> str:
    """The report as read, with ids for every paragraph/row/cell, findings marked, ``focus`` highlighted."""
    marks = _Marks()
    for f in result.findings:
        for loc in f.locations:
            marks.add(anchor_id(report, loc), f.severity)
    out = [CSS, '<div class="wb-doc">']
    if report.title:
        out.append(f"<h3>{escape(report.title)}</h3>")
    for p in report.preamble:
        out.append(f"<p>{escape(p.text)}</p>")
    done: set[int] = set()
    for s in report.sections:
        hid = _heading_id(s.label)
        out.append(f'<h4 id="{hid}"{marks.cls(hid, focus)}>{escape(s.label)}、{escape(s.heading)}</h4>')
        for p in s.paragraphs:
            pid = _para_id(s.label, p.index)
            out.append(f'<p id="{pid}"{marks.cls(pid, focus)}>{escape(p.text)}</p>')
        for t in report.tables:
            if t.section == s.label and t.index not in done:
                out.append(_table_html(report, t.index, marks, focus))
                done.add(t.index)
    for a in report.attachments:
        hid = _heading_id(a.label)
        out.append(f'<h4 id="{hid}"{marks.cls(hid, focus)}>{escape(a.label)}　{escape(a.title)}</h4>')
        for p in a.paragraphs:
            pid = _para_id(a.label, p.index)
            out.append(f'<p id="{pid}"{marks.cls(pid, focus)}>{escape(p.text)}</p>')
        for ti in a.tables:
            if 0 <= ti < len(report.tables) and ti not in done:
                out.append(_table_html(report, ti, marks, focus))
                done.add(ti)
    for t in report.tables:
        if t.index not in done:
            out.append(_table_html(report, t.index, marks, focus))
    out.append("</div>")
    return "".join(out)


def scroll_script(element_id: str) -> str:
    """JS that scrolls the document panel to ``element_id`` once it is highlighted (a same-origin component
    iframe reaching into the page; re-run whenever the focus changes)."""
    return ("<script>(function(){var n=0,d=window.parent.document;function go(){var el=d.getElementById(%r);"
            "if(el&&el.classList.contains('wb-focus')){el.scrollIntoView({block:'center'});}"
            "else if(n++<100){setTimeout(go,100);}}setTimeout(go,50);})();</script>" % element_id)


# ---------------------------------------------------------------- finding cards


@dataclass(frozen=True)
class Item:
    """One finding (or one place of a finding with several) on a card: its index in ``result.findings`` and
    where it points."""

    index: int
    finding: Finding
    where: str
    anchor: str | None
    detail: str = ""  # what this place shows, for one place of a finding with several

    @property
    def text(self) -> str:
        """The line for this item in a card's list of places."""
        return self.detail or self.finding.message


@dataclass(frozen=True)
class Card:
    """One card: a single finding, or every finding of a rule that fires many times."""

    key: str
    severity: str
    rule: str
    title: str
    items: tuple[Item, ...]

    @property
    def grouped(self) -> bool:
        return len(self.items) > 1

    @property
    def icon(self) -> str:
        return SEVERITY_STYLE[self.severity]["icon"]

    @property
    def badge(self) -> str:
        """``:red-badge[:material/cancel: 错误]`` — Streamlit markdown for the severity tag."""
        st = SEVERITY_STYLE[self.severity]
        return f":{st['badge']}-badge[{st['icon']} {SEVERITY_LABELS[self.severity]}]"

    @property
    def indices(self) -> list[int]:
        return list(dict.fromkeys(it.index for it in self.items))


def finding_cards(report: Report, result: ReviewResult, titles: dict[str, str] | None = None) -> list[Card]:
    """Cards sorted by severity then place; a finding with several places is one card with an item per place;
    a (rule, severity) with ``GROUP_MIN``+ single-place findings is one card."""
    titles = titles if titles is not None else rule_titles()
    cards: list[Card] = []
    items: list[Item] = []
    for i, f in enumerate(result.findings):
        if len(f.locations) > 1:
            places = tuple(Item(i, f, location_text(loc), anchor_id(report, loc), loc.detail) for loc in f.locations)
            cards.append(Card(f"f-{i}", f.severity, f.rule, f.message, places))
        else:
            items.append(Item(i, f, location_text(f.location), anchor_id(report, f.location)))
    by_rule: dict[tuple[str, str], list[Item]] = {}
    for it in items:
        by_rule.setdefault((it.finding.rule, it.finding.severity), []).append(it)
    for (rule, sev), its in by_rule.items():
        its = sorted(its, key=lambda it: rank_key(it.finding))
        if len(its) >= GROUP_MIN:
            name = titles.get(rule) or its[0].finding.message
            cards.append(Card(f"g-{rule}-{sev}", sev, rule, f"{len(its)} 处{name}", tuple(its)))
        else:
            cards += [Card(f"f-{it.index}", sev, rule, it.finding.message, (it,)) for it in its]
    return sorted(cards, key=lambda c: rank_key(c.items[0].finding))


def card_place(card: Card) -> str:
    """``附件2 表2 第12行第4列`` for one place; ``附件2 等 3 个部分`` / the section for several places or findings."""
    if not card.grouped:
        return card.items[0].where
    if len(card.indices) == 1:  # one finding with several places
        sections = list(dict.fromkeys(section_name(loc.section) for loc in card.items[0].finding.locations))
    else:
        sections = list(dict.fromkeys(section_name(it.finding.location.section) for it in card.items))
    return sections[0] if len(sections) == 1 else f"{sections[0]} 等 {len(sections)} 个部分"


def worst_finding(result: ReviewResult) -> Finding | None:
    return min(result.findings, key=rank_key) if result.findings else None
