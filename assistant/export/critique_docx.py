"""The reviewer's copy: the report as .docx with one Word comment (批注) per finding, and a summary page.

- Input was .docx: the original document is loaded from its bytes and annotated in place.
- Input was .txt (or a Report only): the .docx is first built from the Report (``report_docx``).

Each finding is anchored where its location points: a table cell (tables by index in body order,
rows and cells in ``tr``/``tc`` order, a vertically merged continuation cell resolved to the visible
cell above it), a paragraph of a section or attachment (the body paragraphs after that heading, in
the parser's order), or the section heading. A finding that lists several places (one root cause seen in
21 rows, say) gets a comment at each place, each saying which place it is and what that place shows.
Places that cannot be found (``全文``, a section the report lacks) are listed on the summary page and
anchored there (one comment per finding), so every finding is commented and every place it lists that
the document has is commented. Comments are added in finding order, then place order.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from pathlib import Path

import docx
from docx.document import Document as DocxDocument
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml.ns import qn
from docx.shared import Pt
from docx.table import Table as DocxTable
from docx.table import _Cell
from docx.text.paragraph import Paragraph

from assistant.errors import CorruptInput
from assistant.export.layout import BODY_FONT, HEADING_FONT, TITLE_FONT, set_run_fonts
from assistant.export.masking import mask_result
from assistant.export.present import (
    CATEGORY_LABELS,
    SCORE_HEADER,
    SEVERITY_LABELS,
    SEVERITY_ORDER,
    Decision,
    category_counts,
    comment_text,
    counts_line,
    decision_line,
    finding_headline,
    score_table,
    section_name,
    severity_counts,
    untitled,
)
from assistant.export.report_docx import build_report_document
from assistant.privacy import mask_pii as mask_text
from assistant.report.model import Report
from assistant.report.normalize import ATTACHMENT_HEADING, SECTION_HEADING, SECTION_HEADING_BARE, clean_line
from assistant.review import Finding, FindingLocation, ReviewResult

AUTHOR = "绩效自评审阅助手"
INITIALS = "审阅"


# ---------------------------------------------------------------- locating report parts in the body


@dataclass
class BodyMap:
    """Elements of the document body keyed like Finding.location."""

    title: object | None = None
    headings: dict[str, object] = field(default_factory=dict)  # section/attachment label → w:p
    paragraphs: dict[tuple[str, int], object] = field(default_factory=dict)  # (label, index) → w:p
    tables: list[object] = field(default_factory=list)  # w:tbl in body order (non-empty ones)


def _is_section_heading(text: str, label: str, heading: str) -> bool:
    m = SECTION_HEADING.match(text) or SECTION_HEADING_BARE.match(text)
    return bool(m) and m.group(1) == label and m.group(2).strip() == heading


def map_body(doc: DocxDocument, report: Report) -> BodyMap:
    """Find the report's title, headings, paragraphs and tables among the body elements.

    Paragraphs are read the way the .docx parser reads them (``clean_line`` of the paragraph text,
    empty ones skipped) and matched in document order, so a section's paragraph *i* is the *i*-th
    of its paragraphs after its heading.
    """
    body = doc.element.body
    paras: list[tuple[str, object]] = []
    out = BodyMap()
    for child in body.iterchildren():
        if child.tag == qn("w:p"):
            text = clean_line(Paragraph(child, doc).text)
            if text:
                paras.append((text, child))
        elif child.tag == qn("w:tbl") and child.findall(qn("w:tr")):
            out.tables.append(child)

    def find(start: int, pred) -> int | None:
        return next((k for k in range(start, len(paras)) if pred(paras[k][0])), None)

    if report.title:
        k = find(0, lambda t: t == report.title)
        out.title = paras[k][1] if k is not None else None
    pos = 0
    for s in report.sections:
        k = find(pos, lambda t, s=s: _is_section_heading(t, s.label, s.heading))
        if k is None:
            continue
        out.headings[s.label] = paras[k][1]
        pos = k + 1
        for p in s.paragraphs:
            k = find(pos, lambda t, p=p: t == p.text)
            if k is not None:
                out.paragraphs[(s.label, p.index)] = paras[k][1]
                pos = k + 1
    for a in report.attachments:
        num = a.label.removeprefix("附件")

        def is_att(t: str, num=num) -> bool:
            m = ATTACHMENT_HEADING.match(t)
            return bool(m) and m.group(1) == num

        k = find(pos, is_att)
        if k is None and a.title:
            k = find(pos, lambda t, a=a: t == a.title)
        if k is not None:
            out.headings[a.label] = paras[k][1]
            pos = k + 1
        for p in a.paragraphs:
            k = find(pos, lambda t, p=p: t == p.text)
            if k is not None:
                out.paragraphs[(a.label, p.index)] = paras[k][1]
                pos = k + 1
    return out


# ---------------------------------------------------------------- anchors


def _grid_col(tr, tc) -> int:
    col = 0
    for other in tr.tc_lst:
        if other is tc:
            return col
        col += other.grid_span
    return col


def _visible_cell(tbl, row: int, cell: int):
    """The w:tc for (row, cell); a vertical-merge continuation resolves to the restart cell above."""
    trs = tbl.tr_lst
    tr = trs[row]
    tcs = tr.tc_lst
    if cell >= len(tcs):
        cell = len(tcs) - 1
    tc = tcs[cell]
    col = _grid_col(tr, tc)
    r = row
    while tc.vMerge == "continue" and r > 0:
        r -= 1
        above = None
        c = 0
        for cand in trs[r].tc_lst:
            if c == col:
                above = cand
                break
            c += cand.grid_span
        if above is None:
            break
        tc = above
    return tc


def _first_text_cell(tr) -> int:
    for i, tc in enumerate(tr.tc_lst):
        if "".join(t.text or "" for t in tc.iter(qn("w:t"))).strip():
            return i
    return 0


class Anchors:
    """Resolve findings to (first run, last run); runs are taken once per element, before any comment."""

    def __init__(self, doc: DocxDocument, body: BodyMap):
        self.doc = doc
        self.body = body
        self._cache: dict[int, tuple] = {}

    def runs_of_paragraphs(self, key, paragraphs: list[Paragraph]) -> tuple:
        if id(key) not in self._cache:
            runs = [r for p in paragraphs for r in p.runs]
            if not runs:
                runs = [paragraphs[0].add_run("")]
            self._cache[id(key)] = (key, runs[0], runs[-1])  # keep key alive so id() stays unique
        _, first, last = self._cache[id(key)]
        return first, last

    def for_paragraph(self, p_elm) -> tuple:
        return self.runs_of_paragraphs(p_elm, [Paragraph(p_elm, self.doc._body)])

    def for_table(self, loc: FindingLocation) -> tuple | None:
        if loc.table is None or not 0 <= loc.table < len(self.body.tables):
            return None
        tbl = self.body.tables[loc.table]
        table = DocxTable(tbl, self.doc._body)
        trs = tbl.tr_lst
        row = loc.row if loc.row is not None and 0 <= loc.row < len(trs) else 0
        if loc.row is None or not 0 <= loc.row < len(trs):
            cell = _first_text_cell(trs[row])
        else:
            cell = loc.cell if loc.cell is not None and loc.cell >= 0 else _first_text_cell(trs[row])
        tc = _visible_cell(tbl, row, cell)
        return self.runs_of_paragraphs(tc, _Cell(tc, table).paragraphs)

    def resolve(self, loc: FindingLocation) -> tuple | None:
        """(first_run, last_run) in the document body, or None when the place cannot be found."""
        if loc.table is not None:
            hit = self.for_table(loc)
            if hit:
                return hit
        if loc.paragraph is not None:
            p = self.body.paragraphs.get((loc.section, loc.paragraph))
            if p is not None:
                return self.for_paragraph(p)
        h = self.body.headings.get(loc.section)
        if h is not None:
            return self.for_paragraph(h)
        return None


# ---------------------------------------------------------------- summary page


def _para(doc: DocxDocument, text: str = "", *, font=BODY_FONT, size=14, bold=False, center=False):
    p = doc.add_paragraph()
    if font == HEADING_FONT:
        p.paragraph_format.space_before = Pt(10)
    if center:
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    pf = p.paragraph_format
    pf.first_line_indent = Pt(0)
    pf.space_after = Pt(4)
    if text:
        run = p.add_run(text)
        set_run_fonts(run._r, font)
        run.font.size = Pt(size)
        run.bold = bold
    return p


def _small_table(doc: DocxDocument, header: list[str], rows: list[list[str]]):
    table = doc.add_table(rows=1 + len(rows), cols=len(header))
    try:
        table.style = doc.styles["Table Grid"]
    except KeyError:
        pass
    for r, values in enumerate([header, *rows]):
        for c, value in enumerate(values):
            cell = table.cell(r, c)
            p = cell.paragraphs[0]
            p.paragraph_format.first_line_indent = Pt(0)
            run = p.add_run(value)
            set_run_fonts(run._r, BODY_FONT)
            run.font.size = Pt(10.5)
            run.bold = r == 0
    return table


def build_summary(doc: DocxDocument, result: ReviewResult, unplaced: list[Finding]) -> tuple[list, dict[int, object]]:
    """Append the summary page at the end of ``doc``; return its elements and the paragraph for each
    unplaced finding (by position in ``result.findings``)."""
    body = doc.element.body
    existing = list(body.iterchildren())  # keep the proxies alive so their ids stay unique
    before = set(map(id, existing))
    _para(doc, "审阅意见汇总", font=TITLE_FONT, size=22, center=True)
    counts = severity_counts(result)
    _para(doc, f"文件：{untitled(result.file)}")
    _para(
        doc,
        f"共发现 {len(result.findings)} 条问题：{counts_line(result, unit='条')}"
        + "。每条问题以批注形式标在正文相应位置（同一问题出现在多处的，每处各有一条批注）；"
        "无法定位到段落或表格的问题列在本页并在此批注。",
    )
    cats = category_counts(result)
    if cats:
        _para(doc, "一、问题分类统计", font=HEADING_FONT, size=16)
        rows = [[CATEGORY_LABELS[c], *(str(n[s]) for s in SEVERITY_ORDER), str(sum(n.values()))] for c, n in cats]
        rows.append(["合计", *(str(counts[s]) for s in SEVERITY_ORDER), str(len(result.findings))])
        _small_table(doc, ["类别", *(SEVERITY_LABELS[s] for s in SEVERITY_ORDER), "合计"], rows)
    _para(doc, "二、考核评分估计", font=HEADING_FONT, size=16)
    srows = score_table(result)
    if srows:
        _small_table(doc, SCORE_HEADER, srows)
    else:
        _para(doc, "暂无可从报告本身判断的评分项。")
    anchors: dict[int, object] = {}
    if unplaced:
        _para(doc, "三、未能定位到具体位置的问题", font=HEADING_FONT, size=16)
        index = {id(f): i for i, f in enumerate(result.findings)}
        for f in unplaced:
            p = _para(doc, f"{finding_headline(f)}（{section_name(f.location.section)}）{f.message}", size=12)
            anchors[index[id(f)]] = p._p
    end = _para(doc)
    end.add_run().add_break(WD_BREAK.PAGE)
    new = [el for el in body.iterchildren() if id(el) not in before and el.tag != qn("w:sectPr")]
    return new, anchors


# ---------------------------------------------------------------- masking the document text


def _mask_paragraph(p: Paragraph) -> None:
    if mask_text(p.text) == p.text:
        return
    for run in p.runs:
        masked = mask_text(run.text)
        if masked != run.text:
            run.text = masked
    if mask_text(p.text) != p.text and p.runs:  # a number split across runs
        runs = p.runs
        runs[0].text = mask_text(p.text)
        for run in runs[1:]:
            run.text = ""


def mask_document(doc: DocxDocument) -> None:
    """Mask personal numbers in every body paragraph and table cell, keeping the run structure."""
    for p_elm in doc.element.body.iter(qn("w:p")):
        _mask_paragraph(Paragraph(p_elm, doc._body))


# ---------------------------------------------------------------- entry point


def build_critique_document(result: ReviewResult, report: Report, source_docx: bytes | None = None,
                            mask_pii: bool = False, decisions: dict[int, Decision] | None = None) -> DocxDocument:
    """``decisions``: the reviewer's 采纳/驳回 per finding (index into ``result.findings``), added to its 批注."""
    if source_docx is not None:
        try:
            doc = docx.Document(io.BytesIO(source_docx))
        except Exception as exc:  # noqa: BLE001 - python-docx raises many types on bad input
            raise CorruptInput(f"{result.file}: 无法打开原 Word 文件 / cannot open the source .docx ({type(exc).__name__})") from None
    else:
        doc = build_report_document(report)
    if mask_pii:
        result = mask_result(result)
    body_map = map_body(doc, report)
    anchors = Anchors(doc, body_map)
    # per finding: (place, anchor) for every place found in the body; None marks places that are not
    resolved: list[list[tuple[FindingLocation, tuple | None]]] = [
        [(loc, anchors.resolve(loc)) for loc in f.locations] for f in result.findings
    ]
    if mask_pii:
        mask_document(doc)
    unplaced = [f for f, places in zip(result.findings, resolved, strict=True) if any(a is None for _, a in places)]
    summary, summary_anchors = build_summary(doc, result, unplaced)
    first = doc.element.body[0]
    for el in summary:
        first.addprevious(el)
    for i, f in enumerate(result.findings):
        comments = [(loc, hit) for loc, hit in resolved[i] if hit is not None]
        if i in summary_anchors:
            p = Paragraph(summary_anchors[i], doc._body)
            missing = [loc for loc, hit in resolved[i] if hit is None]
            comments.append((missing[0] if len(missing) == 1 else None, (p.runs[0], p.runs[-1])))
        for place, (first_run, last_run) in comments:
            text = comment_text(f, place)
            if decisions and i in decisions:
                text += "\n" + decision_line(decisions[i])
            doc.add_comment([first_run, last_run], text=text, author=AUTHOR, initials=INITIALS)
    return doc


def export_critique_docx(result: ReviewResult, report: Report, path: str | Path,
                         source_docx: bytes | None = None, mask_pii: bool = False,
                         decisions: dict[int, Decision] | None = None) -> Path:
    """Write the reviewer's copy (original or rebuilt .docx + 批注 + summary page) to ``path``."""
    path = Path(path)
    doc = build_critique_document(result, report, source_docx=source_docx, mask_pii=mask_pii, decisions=decisions)
    path.parent.mkdir(parents=True, exist_ok=True)
    doc.save(str(path))
    return path


__all__ = ["export_critique_docx", "build_critique_document", "map_body"]
