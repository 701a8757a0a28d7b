"""Excel workbooks holding the 附件 tables: one sheet per 附件 (openpyxl)."""

from __future__ import annotations

import io
import re
from decimal import Decimal

from assistant.errors import CorruptInput, EmptyInput
from assistant.report.blocks import Block, Budget
from assistant.report.normalize import clean_cell, clean_line
from assistant.report.parsers.archive import check_zip
from assistant.settings import Settings


def _fmt(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, float):
        d = Decimal(repr(value))
        return format(d.normalize(), "f") if d == d.to_integral() else repr(value)
    return str(value)


def parse_xlsx(data: bytes, name: str, settings: Settings) -> tuple[list[Block], dict]:
    import openpyxl

    check_zip(data, name, settings.limits, "xl/workbook.xml")
    try:
        wb = openpyxl.load_workbook(io.BytesIO(data), data_only=True)
    except Exception as exc:  # noqa: BLE001
        raise CorruptInput(f"{name}: 无法打开 Excel 文件 / cannot open .xlsx ({type(exc).__name__})") from None
    budget = Budget(settings.limits, name)
    blocks: list[Block] = []
    for ws in wb.worksheets:
        # cells covered by a merge (not its top-left origin)
        h_covered: set[tuple[int, int]] = set()
        v_covered: set[tuple[int, int]] = set()
        for rng in ws.merged_cells.ranges:
            for r in range(rng.min_row, rng.max_row + 1):
                for c in range(rng.min_col, rng.max_col + 1):
                    if (r, c) == (rng.min_row, rng.min_col):
                        continue
                    if c == rng.min_col:
                        v_covered.add((r, c))  # continuation below the origin column
                    else:
                        h_covered.add((r, c))
        rows: list[list[str]] = []
        title = clean_line(ws.title)
        first_lines: list[str] = []
        for r_idx, row in enumerate(ws.iter_rows(), start=1):
            cells: list[str] = []
            for cell in row:
                pos = (r_idx, cell.column)
                if pos in h_covered:
                    continue
                cells.append("" if pos in v_covered else clean_cell(_fmt(cell.value)))
            while cells and cells[-1] == "":
                cells.pop()
            if not cells:
                continue
            non_empty = [c for c in cells if c]
            # leading one-cell rows before the grid are titles (附件1 / table title)
            if not rows and len(non_empty) == 1 and cells[0]:
                first_lines.append(cells[0])
                continue
            rows.append(cells)
        budget.check_time()
        label_line = next((ln for ln in first_lines if re.match(r"^附件\s*\d", ln)), None)
        if label_line is None and re.match(r"^附件\s*\d", title):
            blocks.append(Block("para", text=title))
        for line in first_lines:
            blocks.append(Block("para", text=line))
        if rows:
            width = max(len(r) for r in rows)
            budget.add_table(width * len(rows))
            blocks.append(Block("table", rows=rows))
    if not blocks:
        raise EmptyInput(f"{name}: 工作簿为空 / the workbook is empty")
    return blocks, {"parser": f"xlsx.parse_xlsx (openpyxl {openpyxl.__version__})"}
