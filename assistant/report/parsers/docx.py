"""Word .docx reports via python-docx: paragraphs and real tables (merged cells normalised)."""

from __future__ import annotations

import io
from functools import lru_cache

from assistant.errors import CorruptInput, EmptyInput
from assistant.report.blocks import Block, Budget
from assistant.report.normalize import clean_cell, clean_line
from assistant.report.parsers.archive import check_zip
from assistant.settings import Settings


def _table_rows(tbl, table_obj, budget: Budget) -> list[list[str]]:
    from docx.table import _Cell

    rows: list[list[str]] = []
    for tr in tbl.tr_lst:
        row: list[str] = []
        for tc in tr.tc_lst:
            if tc.vMerge == "continue":
                row.append("")  # vertical merge continuation, as Word's text export writes it
                continue
            cell = _Cell(tc, table_obj)
            row.append(clean_cell("\n".join(paragraph_text(p._p) for p in cell.paragraphs)))
        rows.append(row)
        budget.check_time()
    return rows


_MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"


def paragraph_text(p) -> str:
    """All visible text of a w:p, including tracked insertions, fields, hyperlinks and text boxes.

    python-docx's ``Paragraph.text`` reads only direct runs, so text inside ``w:ins`` (tracked changes)
    would be lost; deleted text is ``w:delText`` and is not read. Text-box copies under mc:Fallback are
    skipped so nothing is read twice.
    """
    t_tag, tab_tag, br_tag, cr_tag = _qn("w:t"), _qn("w:tab"), _qn("w:br"), _qn("w:cr")
    has_fallback = p.find(".//" + _MC_FALLBACK) is not None  # rare: only then look at ancestors
    out: list[str] = []
    for el in p.iter(t_tag, tab_tag, br_tag, cr_tag):
        if has_fallback and _under_fallback(el, p):
            continue
        if el.tag == t_tag:
            out.append(el.text or "")
        elif el.tag == tab_tag:
            out.append(" ")
        else:
            out.append("\n")
    return "".join(out)


def _under_fallback(el, stop) -> bool:
    anc = el.getparent()
    while anc is not None and anc is not stop:
        if anc.tag == _MC_FALLBACK:
            return True
        anc = anc.getparent()
    return False


def _is_heading_like(para, style_cache: dict) -> bool:
    """Heading style, outline level, or automatic numbering (the numeral lives in numbering.xml).

    ``style_cache`` (one per document) keeps the answer per paragraph style id: python-docx resolves a style,
    and above all the default one, by scanning every style of the document each time."""
    ppr = para._p.pPr
    if ppr is not None and (ppr.numPr is not None or ppr.find(_qn("w:outlineLvl")) is not None):
        return True
    style_id = para._p.style
    if style_id not in style_cache:
        style_cache[style_id] = _style_is_heading_like(para)
    return style_cache[style_id]


def _style_is_heading_like(para) -> bool:
    try:
        style = para.style
    except (KeyError, ValueError, AttributeError):  # a damaged styles part: no style hint
        return False
    while style is not None:
        name = (style.name or "").lower()
        if name.startswith(("heading", "标题", "title")):
            return True
        spp = style.element.pPr
        if spp is not None and spp.numPr is not None:
            return True
        style = style.base_style
    return False


@lru_cache(maxsize=64)
def _qn(tag: str) -> str:
    """Clark-notation tag name (python-docx imported lazily, the name computed once)."""
    from docx.oxml.ns import qn

    return qn(tag)


def parse_docx(data: bytes, name: str, settings: Settings) -> tuple[list[Block], dict]:
    import docx
    from docx.oxml.ns import qn
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    check_zip(data, name, settings.limits, "word/document.xml")
    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:  # noqa: BLE001 - python-docx raises many types on bad input
        raise CorruptInput(f"{name}: 无法打开 Word 文件 / cannot open .docx ({type(exc).__name__})") from None
    budget = Budget(settings.limits, name)
    blocks: list[Block] = []
    body = document.element.body
    style_cache: dict[str | None, bool] = {}

    def children(parent):
        """Body-level blocks in order; content controls (w:sdt) are opened, not skipped."""
        for child in parent.iterchildren():
            if child.tag == qn("w:sdt"):
                content = child.find(qn("w:sdtContent"))
                if content is not None:
                    yield from children(content)
            else:
                yield child

    for child in children(body):
        if child.tag == qn("w:p"):
            budget.add_paragraph()
            para = Paragraph(child, document)
            text = clean_line(paragraph_text(child))
            if text:
                blocks.append(Block("para", text=text, heading=_is_heading_like(para, style_cache)))
        elif child.tag == qn("w:tbl"):
            table = Table(child, document)
            rows = _table_rows(child, table, budget)
            budget.add_table(sum(len(r) for r in rows))
            if rows:
                blocks.append(Block("table", rows=rows))
    if not blocks:
        raise EmptyInput(f"{name}: Word 文件没有内容 / the document is empty")
    return blocks, {"parser": f"docx.parse_docx (python-docx {docx.__version__ if hasattr(docx, '__version__') else ''})".replace(" )", ")")}
