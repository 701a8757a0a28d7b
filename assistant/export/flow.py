"""The document order of a Report: one ordered list of items every writer (.docx, .txt, .md) renders.

The Report keeps sections, attachment paragraphs and tables in separate lists; this module puts them
back in reading order so that the exported file parses back to an equal Report:

- title, then preamble paragraphs;
- each section: heading ``一、基本情况`` then its paragraphs; a table that belongs to the section is
  placed right after the paragraph its ``Table.title`` names (the parser sets the title to the
  paragraph just above the table);
- each attachment: ``附件N`` line, its title line, then paragraphs and tables interleaved the same way.

Tables that no section or attachment owns (``section == "全文"``) follow the preamble.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Literal

from assistant.report.model import SECTION_TITLES, Paragraph, Report, Table

# Internal citation keys of the drafting conversation: never written to an exported file.
INTERNAL_ID = re.compile(r"\s?\[K-[^\]\s]*\]")

ItemKind = Literal["title", "preamble", "heading", "para", "att_heading", "att_title", "att_para", "table"]


@dataclass(frozen=True)
class Item:
    """One block of the exported document."""

    kind: ItemKind
    text: str = ""
    table: Table | None = None
    section: str = "全文"  # section/attachment label the item belongs to
    index: int | None = None  # paragraph index within its section/attachment


def default_title(report: Report) -> str:
    """A title for a drafted report that has none: ``2023年度<单位>整体支出绩效自评报告``."""
    year = f"{report.year}年度" if report.year else ""
    unit = report.unit or ""
    suffix = "项目支出绩效自评表" if report.kind == "project_table" else "整体支出绩效自评报告"
    return f"{year}{unit}{suffix}"


def section_heading_text(label: str, heading: str) -> str:
    return f"{label}、{heading or SECTION_TITLES.get(label, '')}"


def _interleave(
    paragraphs: list[Paragraph], tables: list[Table], section: str, para_kind: ItemKind, last_text: str
) -> list[Item]:
    """Paragraphs in order, each table right after the paragraph named by its title."""
    out: list[Item] = []
    pos = 0
    for table in tables:
        if table.title and table.title != last_text:
            j = next((k for k in range(pos, len(paragraphs)) if paragraphs[k].text == table.title), None)
            if j is not None:
                for p in paragraphs[pos : j + 1]:
                    out.append(Item(para_kind, p.text, section=section, index=p.index))
                    last_text = p.text
                pos = j + 1
        out.append(Item("table", table=table, section=section))
    for p in paragraphs[pos:]:
        out.append(Item(para_kind, p.text, section=section, index=p.index))
    return out


def document_items(report: Report) -> list[Item]:
    """The Report as an ordered list of blocks (see module docstring)."""
    items: list[Item] = []
    title = report.title or default_title(report)
    items.append(Item("title", title))
    by_section: dict[str, list[Table]] = {}
    owned = {i for a in report.attachments for i in a.tables}
    for t in report.tables:
        if t.index not in owned:
            by_section.setdefault(t.section, []).append(t)
    items += _interleave(report.preamble, by_section.pop("全文", []), "全文", "preamble", title)
    for s in report.sections:
        heading = section_heading_text(s.label, s.heading)
        items.append(Item("heading", heading, section=s.label))
        items += _interleave(s.paragraphs, by_section.pop(s.label, []), s.label, "para", heading)
    tables_by_index = {t.index: t for t in report.tables}
    for a in report.attachments:
        items.append(Item("att_heading", a.label, section=a.label))
        last = a.label
        if a.title:
            items.append(Item("att_title", a.title, section=a.label))
            last = a.title
        tables = [tables_by_index[i] for i in a.tables if i in tables_by_index]
        tables += by_section.pop(a.label, [])
        items += _interleave(a.paragraphs, tables, a.label, "att_para", last)
    for rest in by_section.values():  # tables labelled with a section the report lacks
        items += [Item("table", table=t, section=t.section) for t in rest]
    return [_without_ids(i) for i in items]


def _without_ids(item: Item) -> Item:
    """The item with any internal citation key removed (text typed or stored with one still gets none out)."""
    table = item.table
    if table is not None and any(INTERNAL_ID.search(c) for row in table.rows for c in row):
        table = table.model_copy(update={"rows": [[INTERNAL_ID.sub("", c) for c in row] for row in table.rows]})
    if INTERNAL_ID.search(item.text) or table is not item.table:
        return replace(item, text=INTERNAL_ID.sub("", item.text), table=table)
    return item
