"""Official files as filled grids: every cell of a merged range carries the range's text.

Keeping merged cells filled keeps the column positions, so a merged header row ("支出决算（元）" over
基本支出 | 项目支出) reads as a path of header texts per column. The zip guards and size limits are the
report parsers' (:func:`assistant.report.parsers.archive.check_zip`).
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from pathlib import Path

from assistant.errors import OfficialFileUnusable
from assistant.report.normalize import clean_cell, squash
from assistant.report.parsers.archive import check_zip
from assistant.report.parsers.xlsx import _fmt
from assistant.settings import Settings

SUFFIXES = (".xlsx", ".docx")


@dataclass
class Grid:
    """One sheet (or Word table): title lines above it, then rows of cell texts (merges filled)."""

    label: str  # sheet name, or 表N for a Word table
    lines: list[str] = field(default_factory=list)
    rows: list[list[str]] = field(default_factory=list)
    row_numbers: list[int] = field(default_factory=list)  # 1-based row number of each row as the file shows it


def unusable(name: str, why_cn: str, why_en: str) -> OfficialFileUnusable:
    return OfficialFileUnusable(f"{name}: {why_cn}，未做官方数据核对 / {why_en}; official checks skipped")


Source = Path | str | tuple[str, bytes]  # a path, or (file name, bytes) for an upload


def source_name(source: Source) -> str:
    return source[0] if isinstance(source, tuple) else Path(source).name


def read_grids(source: Source, settings: Settings) -> list[Grid]:
    """The grids of an official .xlsx / .docx; raises OfficialFileUnusable naming the file."""
    name = source_name(source)
    suffix = Path(name).suffix.lower()
    if suffix not in SUFFIXES:
        raise unusable(name, "只支持 .xlsx 或 .docx 格式", "only .xlsx or .docx are read")
    if isinstance(source, tuple):
        data = source[1]
    else:
        path = Path(source)
        if not path.is_file():
            raise unusable(name, "文件不存在", "file not found")
        data = path.read_bytes()
    if not data.strip():
        raise unusable(name, "文件为空", "the file is empty")
    if len(data) > settings.limits.max_file_bytes:
        raise unusable(name, "文件过大", "file too large")
    try:
        check_zip(data, name, settings.limits, "xl/workbook.xml" if suffix == ".xlsx" else "word/document.xml")
    except Exception as exc:  # noqa: BLE001 - CorruptInput/InputTooLarge: say it once, for this file
        raise unusable(name, "文件已损坏或不是有效的 Office 文件", f"corrupt or not an Office file ({exc})") from None
    grids = _xlsx(data, name) if suffix == ".xlsx" else _docx(data, name)
    if not any(g.rows for g in grids):
        raise unusable(name, "文件没有内容", "the file is empty")
    return grids


def _xlsx(data: bytes, name: str) -> list[Grid]:
    import openpyxl

    try:
        wb = openpyxl.load_workbook(io.BytesIO(data), data_only=True)
    except Exception:  # noqa: BLE001
        raise unusable(name, "无法打开 Excel 文件", "cannot open .xlsx") from None
    grids = []
    for ws in wb.worksheets:
        origin: dict[tuple[int, int], tuple[int, int]] = {}
        for rng in ws.merged_cells.ranges:
            for r in range(rng.min_row, rng.max_row + 1):
                for c in range(rng.min_col, rng.max_col + 1):
                    origin[(r, c)] = (rng.min_row, rng.min_col)
        values: dict[tuple[int, int], str] = {}
        for row in ws.iter_rows():
            for cell in row:
                if cell.value is not None:
                    values[(cell.row, cell.column)] = clean_cell(_fmt(cell.value))
        g = Grid(label=ws.title)
        width = ws.max_column
        for r in range(1, ws.max_row + 1):
            cells = [values.get(origin.get((r, c), (r, c)), "") for c in range(1, width + 1)]
            _add_row(g, cells, r)
        grids.append(g)
    return grids


def _docx(data: bytes, name: str) -> list[Grid]:
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    try:
        document = docx.Document(io.BytesIO(data))
    except Exception:  # noqa: BLE001
        raise unusable(name, "无法打开 Word 文件", "cannot open .docx") from None
    grids: list[Grid] = []
    lines: list[str] = []
    for child in document.element.body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            text = clean_cell(Paragraph(child, document).text)
            if text:
                lines.append(text)
        elif tag == "tbl":
            table = Table(child, document)
            g = Grid(label=f"表{len(grids) + 1}", lines=lines[-6:])
            lines = []
            for r, row in enumerate(table.rows, start=1):
                _add_row(g, [clean_cell(c.text) for c in row.cells], r)
            grids.append(g)
    return grids


def _add_row(g: Grid, cells: list[str], number: int) -> None:
    while cells and not cells[-1]:
        cells.pop()
    if not cells:
        return
    distinct = {c for c in cells if c}
    if not g.rows and len(distinct) == 1:  # a title line above the grid (often merged across it)
        g.lines.append(next(iter(distinct)))
        return
    g.rows.append(cells)
    g.row_numbers.append(number)


# ------------------------------------------------------------------ headers

_NUMBER = re.compile(r"^-?\d{1,3}(?:,\d{3})+(?:\.\d+)?%?$|^-?\d+(?:\.\d+)?%?$")


def numeric(cell: str) -> bool:
    return bool(_NUMBER.match(squash(cell).replace("％", "%")))


def header_paths(rows: list[list[str]], first: int, last: int) -> list[list[str]]:
    """Per column, the distinct header texts from row ``first`` to ``last`` (top to bottom)."""
    width = max(len(r) for r in rows[first : last + 1])
    paths = []
    for c in range(width):
        path: list[str] = []
        for r in range(first, last + 1):
            t = rows[r][c] if c < len(rows[r]) else ""
            if t and (not path or path[-1] != t):
                path.append(t)
        paths.append(path)
    return paths


def header_like(row: list[str], has_role) -> bool:
    """A row that can be part of a header: no numbers, no ``label：value`` cells, and more than half of its
    distinct cells name a column (``has_role``). A head row like 部门（单位）名称 | 衡阳市档案馆 is not."""
    cells = {c for c in row if c}
    if not cells or any(numeric(c) for c in cells):
        return False
    if any(re.search(r"[:：]\s*\S", c) for c in cells):
        return False
    return sum(1 for c in cells if has_role(c)) * 2 > len(cells)




def money_unit(text: str) -> str | None:
    """'万元' or '元' when ``text`` states an amount unit (单位：元, （万元）), else None."""
    t = squash(text)
    m = re.search(r"(?:金额)?单位[:：]?(万元|元)", t) or re.search(r"[(（](万元|元)[)）]", t)
    if m:
        return m.group(1)
    return None


UNIT_LABELS = ("单位名称", "预算单位名称", "部门名称", "部门（单位）名称", "填报单位", "编制单位", "预算单位", "单位")
_UNIT_LINE = re.compile(r"(?:部门[（(]单位[)）]名称|预算单位名称|单位名称|填报单位|编制单位|预算单位|部门名称)\s*[:：]\s*(.+)")


def unit_from_lines(lines: list[str]) -> str | None:
    """The unit a title line names (单位名称：XX / 编制单位：XX …), or None."""
    for line in lines:
        m = _UNIT_LINE.search(line)
        if m:
            value = re.split(r"\s{2,}|\t|(?:金额)?单位[:：]|年度[:：]|日期[:：]", m.group(1).strip())[0].strip()
            if value:
                return value
    return None


_YEAR = re.compile(r"((?:19|20)\d{2})\s*年")


def year_from_lines(lines: list[str]) -> int | None:
    """The budget year a title line states (2023年度部门决算…), or None."""
    for line in lines:
        m = _YEAR.search(line)
        if m:
            return int(m.group(1))
    return None


def norm_unit(name: str | None) -> str:
    """A unit name for comparison: no spaces, brackets, quotes or 本级."""
    t = squash(name or "")
    t = re.sub(r"[（(]\s*本级\s*[)）]|本级$", "", t)
    return re.sub(r"[（）()“”\"'《》【】\[\]·,，、:：]", "", t)
