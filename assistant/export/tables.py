"""Report tables → real Word tables with merged cells like the originals.

A parsed table is rows of cell texts normalised like Word's text export: a horizontally merged cell
appears once, a vertically merged continuation cell is ``''``. To rebuild the merges:

- the grid is as wide as the longest row; a shorter row spreads its cells over the grid
  (a row with as many cells as the row above reuses that row's spans);
- *leading* empty cells of a row that has text (the row-group label columns, e.g. 一级/二级指标 of
  the indicator table) continue the cell above them at the same grid position — a vertical merge.

Reading the result back with the .docx parser gives the same rows: a merged cell once, a vertical
continuation as ``''``.
"""

from __future__ import annotations

from dataclasses import dataclass

from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Emu, Pt
from docx.table import Table as DocxTable
from docx.table import _Cell

from assistant.export.layout import STYLE_TABLE, TEXT_WIDTH
from assistant.export.textwidth import display_width  # noqa: F401  (re-exported for callers)
from assistant.report.normalize import parse_decimal


@dataclass
class GridCell:
    text: str
    start: int
    span: int
    vmerge: str | None = None  # None | "restart" | "continue"


def _spread(texts: list[str], width: int) -> list[int]:
    """Split ``width`` grid columns over ``texts``: equal shares, the remainder to the longest texts."""
    n = len(texts)
    base, extra = divmod(width, n)
    spans = [base] * n
    order = sorted(range(n), key=lambda i: (-display_width(texts[i]), -i))
    for i in order[:extra]:
        spans[i] += 1
    return spans


def layout_grid(rows: list[list[str]]) -> tuple[int, list[list[GridCell]]]:
    """Place each row's cells on a common grid and mark vertical merges (see module docstring)."""
    width = max((len(r) for r in rows), default=1) or 1
    grid: list[list[GridCell]] = []
    for row in rows:
        prev = grid[-1] if grid else None
        cells: list[GridCell] = []
        if not row:
            grid.append([GridCell("", 0, width)])
            continue
        if prev is not None and len(prev) == len(row):
            cells = [GridCell(t, c.start, c.span) for t, c in zip(row, prev, strict=True)]
        else:
            first_text = next((i for i, t in enumerate(row) if t), len(row))
            pos = 0
            i = 0
            if prev is not None and first_text < len(row):
                by_start = {c.start: c for c in prev}
                while i < first_text and pos in by_start and width - pos - by_start[pos].span >= len(row) - i - 1:
                    cells.append(GridCell("", pos, by_start[pos].span))
                    pos += by_start[pos].span
                    i += 1
            rest = row[i:]
            for t, span in zip(rest, _spread(rest, width - pos), strict=True):
                cells.append(GridCell(t, pos, span))
                pos += span
        # vertical merges: leading empty cells of a row with text continue the cell above
        first_text = next((i for i, c in enumerate(cells) if c.text), len(cells))
        if prev is not None and first_text < len(cells):
            above = {(c.start, c.span): c for c in prev}
            for c in cells[:first_text]:
                top = above.get((c.start, c.span))
                if top is not None and (top.text or top.vmerge == "continue"):
                    if top.vmerge is None:
                        top.vmerge = "restart"
                    c.vmerge = "continue"
        grid.append(cells)
    return width, grid


def _column_widths(width: int, grid: list[list[GridCell]]) -> list[int]:
    weights = [4.0] * width
    for row in grid:
        for c in row:
            longest = max((display_width(line) for line in c.text.split("\n")), default=0)
            share = min(longest, 20) / c.span
            for k in range(c.start, c.start + c.span):
                weights[k] = max(weights[k], share)
    total = sum(weights)
    return [int(TEXT_WIDTH * w / total) for w in weights]


def _is_number(text: str) -> bool:
    return parse_decimal(text) is not None or text in ("——", "—", "-")


def add_table(doc, rows: list[list[str]]) -> DocxTable:
    """Append a bordered table for ``rows`` to ``doc`` (merged cells rebuilt) and return it."""
    width, grid = layout_grid(rows)
    table_style_id = doc.styles[STYLE_TABLE].style_id  # set pStyle directly: the style setter is slow
    widths = _column_widths(width, grid)
    table = doc.add_table(rows=0, cols=width)
    try:
        table.style = doc.styles["Table Grid"]
    except KeyError:
        pass
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    tbl = table._tbl
    for col, w in zip(tbl.tblGrid.gridCol_lst, widths, strict=True):
        col.w = Emu(w)
    tbl_pr = tbl.tblPr
    for r, row in enumerate(grid):
        tr = tbl.add_tr()
        if r == 0 and len(grid) > 12:
            tr_pr = tr.get_or_add_trPr()
            tr_pr.append(OxmlElement("w:tblHeader"))
        for c in row:
            tc = tr.add_tc()
            tc.width = Emu(sum(widths[c.start : c.start + c.span]))
            tc_pr = tc.get_or_add_tcPr()
            if c.span > 1:
                tc_pr.grid_span = c.span
            if c.vmerge:
                tc_pr.vMerge_val = c.vmerge
            tc_pr.vAlign_val = WD_CELL_VERTICAL_ALIGNMENT.CENTER
            cell = _Cell(tc, table)
            lines = c.text.split("\n") if c.text and c.vmerge != "continue" else [""]
            para = cell.paragraphs[0] if cell.paragraphs else cell.add_paragraph()
            for k, line in enumerate(lines):
                p = para if k == 0 else cell.add_paragraph()
                p._p.style = table_style_id
                if r == 0 or len(c.text) <= 12 or _is_number(c.text):
                    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
                if line:
                    run = p.add_run(line)
                    if r == 0:
                        run.bold = True
    # tighter cell margins for wide tables
    mar = OxmlElement("w:tblCellMar")
    for side in ("left", "right"):
        el = OxmlElement(f"w:{side}")
        el.set(qn("w:w"), str(int(Pt(3).pt * 20)))
        el.set(qn("w:type"), "dxa")
        mar.append(el)
    look = tbl_pr.find(qn("w:tblLook"))
    if look is not None:
        look.addprevious(mar)
    else:
        tbl_pr.append(mar)
    return table
