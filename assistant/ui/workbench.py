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


PREFIX = "wb"  # element ids of the workbench's document panel; the whole-document view uses FULL_PREFIX
FULL_PREFIX = "fd"


def _heading_id(label: str) -> str:
    return f"{PREFIX}-h-{_sec(label)}"


def _para_id(label: str, index: int) -> str:
    return f"{PREFIX}-p-{_sec(label)}-{index}"


def with_prefix(eid: str | None, prefix: str) -> str | None:
    """An element id of the workbench panel (``wb-…``) as the id of the same place in another view."""
    return eid if eid is None or prefix == PREFIX else prefix + eid[len(PREFIX):]


def finding_locations(f: Finding) -> list[FindingLocation]:
    """Every place a finding points at: its location, then any further ``locations`` (merged findings)."""
    extra = getattr(f, "locations", None) or []
    return list(dict.fromkeys([f.location, *extra]))


def anchor_id(report: Report, loc: FindingLocation) -> str | None:
    """The id of the finest rendered element a location points at (cell → row → table → paragraph →
    heading), or None when the document has no such place (``全文``, a missing section)."""
    if loc.table is not None and 0 <= loc.table < len(report.tables):
        rows = report.tables[loc.table].rows
        if loc.row is not None and 0 <= loc.row < len(rows):
            if loc.cell is not None and 0 <= loc.cell < len(rows[loc.row]):
                return f"{PREFIX}-t-{loc.table}-{loc.row}-{loc.cell}"
            return f"{PREFIX}-t-{loc.table}-{loc.row}"
        return f"{PREFIX}-t-{loc.table}"
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
.wb-doc td {border: 1px solid #bbb; padding: 3px 5px; vertical-align: top; scroll-margin-top: 80px;
  min-width: 3.2em;}
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
    prefix: str = PREFIX
    severity: dict[str, str] = field(default_factory=dict)  # element id → worst severity there
    numbers: dict[str, list[tuple[int, str]]] = field(default_factory=dict)  # element id → (finding no., sev)
    numbered: bool = False  # write each finding's number after its place (whole-document view)

    def add(self, eid: str | None, severity: str, number: int = 0) -> None:
        if eid is None:
            return
        old = self.severity.get(eid)
        if old is None or SEVERITY_ORDER.index(severity) < SEVERITY_ORDER.index(old):
            self.severity[eid] = severity
        if number and (number, severity) not in self.numbers.setdefault(eid, []):
            self.numbers[eid].append((number, severity))

    def cls(self, eid: str, focus: str | None) -> str:
        names = []
        if eid in self.severity:
            names.append(f"sev-{self.severity[eid]}")
        if eid == focus:
            names.append("wb-focus")
        return f' class="{" ".join(names)}"' if names else ""

    def refs(self, eid: str) -> str:
        """``[3][7]`` after a marked place, each linking to its entry in the findings index."""
        if not self.numbered:
            return ""
        return "".join(f'<a class="wb-ref ref-{sev}" href="#{self.prefix}-f-{n}">[{n}]</a>'
                       for n, sev in sorted(self.numbers.get(eid, [])))


def _table_html(report: Report, ti: int, marks: _Marks, focus: str | None) -> str:
    t = report.tables[ti]
    tid = f"{marks.prefix}-t-{ti}"
    out = []
    if t.title:
        out.append(f'<p class="wb-cap">{escape(t.title)}</p>')
    out.append(f'<table id="{tid}"{marks.cls(tid, focus)}>')
    for r, row in enumerate(t.rows):
        rid = f"{tid}-{r}"
        cells = "".join(f'<td id="{rid}-{c}"{marks.cls(f"{rid}-{c}", focus)}>{escape(v or "")}'
                        f'{marks.refs(f"{rid}-{c}")}</td>' for c, v in enumerate(row))
        out.append(f'<tr id="{rid}"{marks.cls(rid, focus)}>{cells}</tr>')
    out.append("</table>")
    row_refs = "".join(marks.refs(f"{tid}-{r}") for r in range(len(t.rows))) + marks.refs(tid)
    if row_refs:
        out.append(f'<p class="wb-cap">本表问题：{row_refs}</p>')
    return "".join(out)


def ranked(result: ReviewResult) -> list[int]:
    """Finding indices worst first; a finding's number ``[n]`` in the whole-document view is its place here."""
    return sorted(range(len(result.findings)), key=lambda i: rank_key(result.findings[i]))


def _marks(report: Report, result: ReviewResult, prefix: str, numbered: bool) -> _Marks:
    marks = _Marks(prefix=prefix, numbered=numbered)
    for n, i in enumerate(ranked(result), start=1):
        f = result.findings[i]
        for loc in finding_locations(f):
            marks.add(with_prefix(anchor_id(report, loc), prefix), f.severity, n)
    return marks


def _body_html(report: Report, marks: _Marks, focus: str | None) -> str:
    def hid(label: str) -> str:
        return with_prefix(_heading_id(label), marks.prefix) or ""

    def pid(label: str, index: int) -> str:
        return with_prefix(_para_id(label, index), marks.prefix) or ""

    out = ['<div class="wb-doc">']
    if report.title:
        out.append(f"<h3>{escape(report.title)}</h3>")
    for p in report.preamble:
        out.append(f"<p>{escape(p.text)}</p>")
    done: set[int] = set()

    def part(label: str, heading: str, paragraphs, tables: list[int]) -> None:
        """A section or attachment: its heading, paragraphs and (not yet shown) tables."""
        h = hid(label)
        out.append(f'<h4 id="{h}"{marks.cls(h, focus)}>{escape(heading)}{marks.refs(h)}</h4>')
        for p in paragraphs:
            i = pid(label, p.index)
            out.append(f'<p id="{i}"{marks.cls(i, focus)}>{escape(p.text)}{marks.refs(i)}</p>')
        for ti in tables:
            if 0 <= ti < len(report.tables) and ti not in done:
                out.append(_table_html(report, ti, marks, focus))
                done.add(ti)

    for s in report.sections:
        part(s.label, f"{s.label}、{s.heading}", s.paragraphs,
             [t.index for t in report.tables if t.section == s.label])
    for a in report.attachments:
        part(a.label, f"{a.label}　{a.title}", a.paragraphs, a.tables)
    for t in report.tables:
        if t.index not in done:
            out.append(_table_html(report, t.index, marks, focus))
    out.append("</div>")
    return "".join(out)


def document_html(report: Report, result: ReviewResult, focus: str | None = None) -> str:
    """The report as read, with ids for every paragraph/row/cell, findings marked, ``focus`` highlighted."""
    return CSS + _body_html(report, _marks(report, result, PREFIX, numbered=False), focus)


# ---------------------------------------------------------------- the whole document with a findings index

FULL_CSS = """
<style>
.wb-index {font-size: 14px; line-height: 1.6;}
.wb-index ol {padding-left: 2.4em; margin: 0;}
.wb-index li {margin: 0 0 6px; scroll-margin-top: 80px;}
.wb-index .sev {display: inline-block; padding: 0 6px; border-radius: 4px; color: #fff; font-size: 12px;
  margin-right: 4px;}
.wb-index .sev-error {background: #c62828;} .wb-index .sev-warning {background: #e65100;}
.wb-index .sev-info {background: #1565c0;}
.wb-index a, .wb-doc a.wb-ref {text-decoration: none;}
.wb-index .nowhere {color: #777;}
.wb-doc a.wb-ref {font-size: 12px; vertical-align: super; margin-left: 2px; font-weight: 600;}
.wb-doc a.ref-error {color: #c62828;} .wb-doc a.ref-warning {color: #e65100;} .wb-doc a.ref-info {color: #1565c0;}
.wb-doc :target, .wb-index :target {outline: 3px solid #fbc02d; background: #fff59d !important;}
</style>
"""


def findings_index_html(report: Report, result: ReviewResult, prefix: str = FULL_PREFIX) -> str:
    """Every finding worst first, numbered as in the document (``[n]``), each place a link to it."""
    order = ranked(result)
    items = []
    for n, i in enumerate(order, start=1):
        f = result.findings[i]
        places = []
        for loc in finding_locations(f):
            eid = with_prefix(anchor_id(report, loc), prefix)
            where = escape(location_text(loc))
            if eid:
                places.append(f'<a href="#{eid}">{where}</a>')
            else:  # the whole text, or a part the document does not have
                places.append(f'<span class="nowhere">{where}{"" if loc.section == "全文" else "（原文无此部分）"}</span>')
        items.append(f'<li id="{prefix}-f-{n}"><span class="sev sev-{f.severity}">'
                     f'{SEVERITY_LABELS[f.severity]}</span>{escape(f.message)} —— {"、".join(places)}</li>')
    head = f"<p><b>问题索引</b>（共 {len(order)} 处，按严重程度排列；点击位置跳到原文，原文中的编号可跳回此处）</p>"
    return f'<div class="wb-index">{head}<ol>{"".join(items)}</ol></div>' if items else \
        '<div class="wb-index"><p>未发现问题。</p></div>'


def full_document_html(report: Report, result: ReviewResult, prefix: str = FULL_PREFIX) -> str:
    """The whole report as read with every finding's place marked and numbered ``[n]`` (linked both ways)."""
    return CSS + FULL_CSS + _body_html(report, _marks(report, result, prefix, numbered=True), None)


def full_document_page(report: Report, result: ReviewResult, name: str) -> str:
    """A standalone HTML page (opens in any browser): findings index, then the marked document."""
    title = escape(f"{name} · 审阅标注")
    return ("<!doctype html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\">"
            f"<title>{title}</title><style>body{{max-width: 980px; margin: 24px auto; padding: 0 16px;"
            " font-family: 'Noto Sans CJK SC', 'Microsoft YaHei', 'PingFang SC', sans-serif;}}</style></head><body>"
            f"<h2>{title}</h2>{findings_index_html(report, result)}<hr>{full_document_html(report, result)}"
            "</body></html>")


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


def places(report: Report, f: Finding) -> list[tuple[str, str | None]]:
    """(where, anchor) for every place of a finding: one, or several when it carries ``locations``."""
    return [(location_text(loc), anchor_id(report, loc)) for loc in finding_locations(f)]


def worst_finding(result: ReviewResult) -> Finding | None:
    return min(result.findings, key=rank_key) if result.findings else None
