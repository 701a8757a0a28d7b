"""The intermediate form every parser produces: paragraphs and tables in document order."""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from assistant.errors import InputTooLarge, ParseTimeout
from assistant.settings import Limits


@dataclass
class Block:
    kind: str  # "para" | "table"
    text: str = ""
    rows: list[list[str]] = field(default_factory=list)
    heading: bool = False  # Word heading style or auto-numbered paragraph (its "一、" is not in the text)
    page: int | None = None  # PDF page (1-based) the block starts on


class Budget:
    """Counts paragraphs/tables/cells and wall time against the configured limits."""

    def __init__(self, limits: Limits, name: str):
        self.limits = limits
        self.name = name
        self.start = time.monotonic()
        self.paragraphs = 0
        self.tables = 0
        self.cells = 0

    def check_time(self) -> None:
        if time.monotonic() - self.start > self.limits.parse_timeout_s:
            raise ParseTimeout(
                f"{self.name}: 解析超时（>{self.limits.parse_timeout_s:g} 秒）/ parsing exceeded the time limit"
            )

    def add_paragraph(self) -> None:
        self.paragraphs += 1
        if self.paragraphs > self.limits.max_paragraphs:
            raise InputTooLarge(
                f"{self.name}: 段落数超过上限 {self.limits.max_paragraphs} / too many paragraphs"
            )
        if self.paragraphs % 500 == 0:
            self.check_time()

    def add_table(self, n_cells: int) -> None:
        self.tables += 1
        self.cells += n_cells
        if self.tables > self.limits.max_tables:
            raise InputTooLarge(f"{self.name}: 表格数超过上限 {self.limits.max_tables} / too many tables")
        if self.cells > self.limits.max_table_cells:
            raise InputTooLarge(
                f"{self.name}: 表格单元格数超过上限 {self.limits.max_table_cells} / too many table cells"
            )
        self.check_time()
