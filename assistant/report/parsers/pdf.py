"""PDF reports (as published on government sites): the running text re-flowed, ruled tables recovered.

pypdf checks the file (damaged, encrypted, page count); pdfium (pypdfium2, Apache-2.0/BSD) reads each page's
characters and ruling lines, and pdfplumber's (MIT) table finder and text layout work on them: the ruled tables
on each page and the words outside them, in reading order, so the 附件 tables reach the same table handling as
Word tables (rows of cell texts, merges normalised the way parsers/docx.py writes them). A page whose drawing
pdfium's object bounds cannot describe safely is read by pdfplumber itself (pdfminer; ~10× slower). A table
that runs over a page break is joined back into one. A PDF with no text layer (a scan) goes to OCR
(parsers/image.py).
"""

from __future__ import annotations

import ctypes
import io
import re

from assistant.errors import CorruptInput, EmptyInput, InputTooLarge, ParseTimeout, UnsupportedFormat
from assistant.report.blocks import Block, Budget
from assistant.report.normalize import clean_cell, clean_line
from assistant.settings import Settings


class NoTextLayer(EmptyInput):
    """A PDF without a text layer (a scan): parsers/image.py OCRs it."""


_PAGE_NO = re.compile(r"^(?:[-—–]\s*\d{1,4}\s*[-—–]|第\s*\d{1,4}\s*页(?:\s*共\s*\d{1,4}\s*页)?|\d{1,4}|\d{1,4}\s*/\s*\d{1,4})$")
_CJK = r"\u3400-\u9fff\uff08\uff09\u3001\u3002\uff0c\uff1a\uff1b"
_SPACE_NUM_CJK = re.compile(rf"(?<=[\d%％.])\s+(?=[{_CJK}])|(?<=[{_CJK}])\s+(?=[\d])")
_STARTS_BLOCK = re.compile(
    r"^(?:[一二三四五六七八九十]\s*[、.．]|（[一二三四五六七八九十\d]{1,2}）|\([一二三四五六七八九十\d]{1,2}\)|"
    r"\d{1,2}\s*[、.．](?!\d)|附件\s*\d|[一二三四五六七八九十]是)"
)
_ENDS_BLOCK = re.compile(r"[。；！？:：]$")


def reflow(lines: list[str]) -> list[str]:
    """Join the visual lines of a PDF page back into paragraphs (CJK text has no spaces to lose)."""
    paras: list[str] = []
    prev_heading = False
    for raw in lines:
        line = _SPACE_NUM_CJK.sub("", raw.strip())
        if not line or _PAGE_NO.match(line):
            continue
        starts = bool(_STARTS_BLOCK.match(line))
        if not paras or starts or prev_heading or _ENDS_BLOCK.search(paras[-1]):
            paras.append(line)
        else:
            glue = " " if re.match(r"[A-Za-z0-9]", line) and re.search(r"[A-Za-z0-9]$", paras[-1]) else ""
            paras[-1] = paras[-1] + glue + line
        # a short heading line ("一、基本情况") stands alone
        prev_heading = starts and len(line) <= 30 and not _ENDS_BLOCK.search(line)
    return paras


def parse_pdf(data: bytes, name: str, settings: Settings) -> tuple[list[Block], dict]:
    import pypdf

    budget = Budget(settings.limits, name)
    try:
        reader = pypdf.PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise UnsupportedFormat(f"{name}: PDF 已加密，无法读取 / encrypted PDF")
        n_pages = len(reader.pages)
    except UnsupportedFormat:
        raise
    except Exception as exc:  # noqa: BLE001 - pypdf raises many types on damaged files; all mean "corrupt"
        raise CorruptInput(f"{name}: PDF 文件已损坏 / corrupt PDF ({type(exc).__name__})") from None
    if n_pages > settings.limits.max_pdf_pages:
        raise InputTooLarge(f"{name}: PDF 页数 {n_pages} 超过上限 {settings.limits.max_pdf_pages} / too many pages")
    try:
        items = _read_pages(data, budget)
    except (ParseTimeout, InputTooLarge):
        raise
    except Exception as exc:  # noqa: BLE001 - pdfminer raises many types on damaged content streams
        raise CorruptInput(f"{name}: PDF 文件已损坏 / corrupt PDF ({type(exc).__name__})") from None
    blocks = blocks_from_items(items, budget)
    if not any(b.kind == "para" for b in blocks):
        raise NoTextLayer(f"{name}: PDF 中没有可提取的文字（可能是扫描件）/ no extractable text (scanned PDF?)")
    import pdfplumber
    import pypdfium2

    versions = f"pypdfium2 {pypdfium2.version.PYPDFIUM_INFO}, pdfplumber {pdfplumber.__version__}, pypdf {pypdf.__version__}"
    return blocks, {"parser": f"pdf.parse_pdf ({versions})"}


# ---------------------------------------------------------------- pages → lines and tables


def _read_pages(data: bytes, budget: Budget) -> list[tuple]:
    """("line", text) and ("table", rows, page, top, bottom, page_height) items in reading order.

    pdfium (pypdfium2, native) reads each page's characters and ruling lines in milliseconds; pdfplumber's own
    table finder and text layout then work on those objects, so pdfminer's slow pure-Python page parse runs
    only for a page whose drawing pdfium's bounding boxes cannot describe safely (a rotated or offset page,
    form XObjects, or a path that is neither a thin rule nor a simple box: a shaded cell, a diagonal line).
    """
    import pypdfium2 as pdfium

    items: list[tuple] = []
    doc = pdfium.PdfDocument(data)
    plumber = None  # the pdfplumber document, opened for the first page that needs it
    try:
        for index in range(len(doc)):
            page = _pdfium_page(doc[index])
            if page is None:
                if plumber is None:
                    import pdfplumber

                    plumber = pdfplumber.open(io.BytesIO(data))
                page = plumber.pages[index]
            items.extend(_page_items(page, index + 1, budget))
            budget.check_time()
    finally:
        if plumber is not None:
            plumber.close()
        doc.close()
    return items


def _page_items(page, page_no: int, budget: Budget) -> list[tuple]:
    """One page's lines and tables, top to bottom (``page``: a pdfplumber Page or a :class:`_PdfiumPage`)."""
    ruled = bool(page.edges)  # no ruling on the page: no table to look for (fast path)
    found = [t for t in page.find_tables() if len(t.rows) >= 2] if ruled else []
    boxes = [t.bbox for t in found]

    def outside(obj) -> bool:
        if obj.get("object_type") != "char":
            return True
        cx, cy = (obj["x0"] + obj["x1"]) / 2, (obj["top"] + obj["bottom"]) / 2
        return not any(x0 <= cx <= x1 and top <= cy <= bottom for x0, top, x1, bottom in boxes)

    lines = page.filter(outside).extract_text_lines() if boxes else page.extract_text_lines()
    placed: list[tuple[float, tuple]] = [(ln["top"], ("line", ln["text"])) for ln in lines]
    for t in found:
        rows = table_rows(t)
        budget.add_table(sum(len(r) for r in rows))
        placed.append((t.bbox[1], ("table", rows, page_no, t.bbox[1], t.bbox[3], float(page.height))))
    placed.sort(key=lambda p: p[0])
    return [item for _, item in placed]


_THIN = 3.0  # points: a path object this thin in one direction is a rule (a table border)


class _PdfiumPage:
    """The part of a pdfplumber Page the table finder and the text layout use (``chars``, ``edges``,
    ``bbox``), filled from pdfium, in pdfplumber's top-down coordinates: each character spans its advance
    horizontally and one font size up from its baseline (as pdfminer reports it); the edges are those of
    the thin path objects."""

    def __init__(self, chars: list[dict], edges: list[dict], width: float, height: float):
        self.chars, self.edges = chars, edges
        self.width, self.height = width, height
        self.bbox = (0, 0, width, height)

    def find_tables(self) -> list:
        from pdfplumber.table import TableFinder

        tables = TableFinder(self).tables
        for t in tables:  # Table.extract scans its page's chars once per row: hand it only the table's own
            x0, top, x1, bottom = t.bbox
            inside = [c for c in self.chars if x0 <= (c["x0"] + c["x1"]) / 2 <= x1
                      and top <= (c["top"] + c["bottom"]) / 2 <= bottom]
            t.page = _PdfiumPage(inside, self.edges, self.width, self.height)
        return tables

    def filter(self, keep) -> "_PdfiumPage":
        return _PdfiumPage([c for c in self.chars if keep(c)], self.edges, self.width, self.height)

    def extract_text_lines(self) -> list[dict]:
        from pdfplumber.utils import chars_to_textmap

        if not self.chars:
            return []
        textmap = chars_to_textmap(self.chars, layout_bbox=self.bbox, layout_width=self.width,
                                   layout_height=self.height)
        return textmap.extract_text_lines(strip=True, return_chars=False)


def _pdfium_page(page) -> _PdfiumPage | None:
    """The page's characters and rules from pdfium, or None when only pdfplumber can read it faithfully."""
    import pypdfium2.raw as pdfium_c
    from pdfplumber.utils import rect_to_edges

    width, height = page.get_size()
    if page.get_rotation() or tuple(page.get_mediabox()) != (0, 0, width, height):
        return None
    if tuple(page.get_cropbox()) != (0, 0, width, height):
        return None
    edges: list[dict] = []
    for obj in page.get_objects(max_depth=1):
        if obj.type == pdfium_c.FPDF_PAGEOBJ_FORM:
            return None  # objects inside a form XObject report bounds in the form's space
        if obj.type != pdfium_c.FPDF_PAGEOBJ_PATH:
            continue
        left, bottom, right, top = obj.get_bounds()
        if right - left > _THIN and top - bottom > _THIN:
            return None  # a box or a diagonal: pdfminer's path reading decides what its edges are
        rect = {"object_type": "rect", "x0": left, "x1": right, "y0": bottom, "y1": top,
                "top": height - top, "bottom": height - bottom, "doctop": height - top, "width": right - left,
                "height": top - bottom}
        edges.extend(rect_to_edges(rect))
    textpage = page.get_textpage()
    chars: list[dict] = []
    ox, oy = ctypes.c_double(), ctypes.c_double()
    try:
        raw = textpage.raw
        for i in range(textpage.count_chars()):
            code = pdfium_c.FPDFText_GetUnicode(raw, i)
            if code in (0, 0xFFFE, 0xFFFF) or chr(code) in "\r\n" or pdfium_c.FPDFText_IsGenerated(raw, i) == 1:
                continue
            if pdfium_c.FPDFText_GetCharAngle(raw, i) not in (0, -1):
                return None  # rotated text: pdfminer's direction handling
            left, _, right, _ = textpage.get_charbox(i, loose=True)
            pdfium_c.FPDFText_GetCharOrigin(raw, i, ox, oy)
            size = pdfium_c.FPDFText_GetFontSize(raw, i)
            bottom = height - oy.value  # the baseline: every glyph of a line shares it, whatever its font
            chars.append({"object_type": "char", "text": chr(code), "x0": left, "x1": right,
                          "top": bottom - size, "bottom": bottom, "doctop": bottom - size,
                          "width": right - left, "height": size, "upright": True})
    finally:
        textpage.close()
    return _PdfiumPage(chars, edges, width, height)


def table_rows(table) -> list[list[str]]:
    """Rows of cell texts as parsers/docx.py writes them: a horizontally merged cell is one cell, a vertically
    merged continuation is one empty string (per run of covered grid columns)."""
    texts: dict[tuple, str] = {}
    for row_obj, row_text in zip(table.rows, table.extract(), strict=True):
        for bbox, text in zip(row_obj.cells, row_text, strict=True):
            if bbox is not None:
                texts[bbox] = text or ""
    cells = list(texts)
    xs = sorted({round(c[0], 1) for c in cells} | {round(c[2], 1) for c in cells})
    ys = sorted({round(c[1], 1) for c in cells} | {round(c[3], 1) for c in cells})
    grid: dict[tuple[int, int], int] = {}  # (row, col) → index of the cell covering it
    starts: dict[tuple[int, int], int] = {}
    for i, (x0, top, x1, bottom) in enumerate(cells):
        c0, c1 = xs.index(round(x0, 1)), xs.index(round(x1, 1))
        r0, r1 = ys.index(round(top, 1)), ys.index(round(bottom, 1))
        starts[(r0, c0)] = i
        for r in range(r0, r1):
            for c in range(c0, c1):
                grid[(r, c)] = i
    rows: list[list[str]] = []
    for r in range(len(ys) - 1):
        row: list[str] = []
        last = None
        for c in range(len(xs) - 1):
            i = grid.get((r, c))
            if i is None or i == last:
                continue
            last = i
            if (r, c) in starts:
                row.append(unwrap_cell(texts[cells[i]]))
            else:
                row.append("")  # the cell above continues here
        if row:
            rows.append(row)
    return rows


def unwrap_cell(text: str) -> str:
    """A PDF cell's visual line wraps are not paragraph breaks (Word keeps none in these cells): join them."""
    out = ""
    for line in clean_cell(text).split("\n"):
        glue = " " if out and re.match(r"[A-Za-z0-9]", line) and re.search(r"[A-Za-z0-9]$", out) else ""
        out += glue + line
    return out


def blocks_from_items(items: list[tuple], budget: Budget) -> list[Block]:
    """Re-flow the lines between tables into paragraphs; join a table that runs over a page break."""
    blocks: list[Block] = []
    lines: list[str] = []
    prev_table: tuple | None = None  # the last table item, while nothing but page furniture follows it

    def flush() -> None:
        for para in reflow(lines):
            budget.add_paragraph()
            text = clean_line(para)
            if text:
                blocks.append(Block("para", text=text))
        lines.clear()

    for item in items:
        if item[0] == "line":
            if not _PAGE_NO.match(_SPACE_NUM_CJK.sub("", item[1].strip())):
                prev_table = None
            lines.append(item[1])
            continue
        _, rows, page, _top, _bottom, _height = item
        if (prev_table is not None and blocks and blocks[-1].kind == "table" and page == prev_table[2] + 1
                and prev_table[4] > 0.6 * prev_table[5]  # the first part reaches down the page
                and not reflow(lines) and _same_width(blocks[-1].rows, rows)):
            lines.clear()  # only a page number between the two parts
            _join(blocks[-1].rows, rows)
        else:
            flush()
            blocks.append(Block("table", rows=rows, page=page))
        prev_table = item
    flush()
    return blocks


def _same_width(a: list[list[str]], b: list[list[str]]) -> bool:
    return max(len(r) for r in a) == max(len(r) for r in b)


def _join(rows: list[list[str]], more: list[list[str]]) -> None:
    """Append a table's continuation; a row split by the page break (a few text fragments, the rest empty)
    is glued back onto the last row."""
    first = more[0]
    filled = [i for i, t in enumerate(first) if t]
    last = rows[-1]
    if (filled and len(first) == len(last) and len(filled) * 3 <= len(first)
            and all(last[i] for i in filled)):
        rows[-1] = [a + b for a, b in zip(last, first, strict=True)]
        more = more[1:]
    rows.extend(more)
