"""Report (drafted or parsed) → .docx in the usual government layout, or → .txt / .md.

The .docx and .txt outputs parse back (``assistant.report.parse_file``) to an equal Report: the same
sections, paragraphs, tables and therefore the same views. The .md output is for reading.
"""

from __future__ import annotations

import io
from pathlib import Path

import docx

from assistant.errors import InputUnusable
from assistant.export import layout
from assistant.export.flow import Item, document_items
from assistant.export.masking import mask_report
from assistant.export.tables import add_table
from assistant.report.model import Report

TEXT_FORMATS = ("txt", "md")


def build_report_document(report: Report, *, mask_pii: bool = False):
    """Return a python-docx Document holding ``report`` laid out per GB/T 9704 (see layout.py)."""
    if mask_pii:
        report = mask_report(report)
    doc = docx.Document()
    layout.setup_document(doc)
    styles = {
        "title": layout.STYLE_TITLE,
        "heading": layout.STYLE_H1,
        "att_heading": layout.STYLE_ATT_LABEL,
        "att_title": layout.STYLE_ATT_TITLE,
        "att_para": layout.STYLE_NOTE,
    }
    style_ids: dict[str, str] = {}
    # the default template starts with no paragraphs; every block is appended in order
    for item in document_items(report):
        if item.kind == "table":
            add_table(doc, item.table.rows)
            continue
        style = styles.get(item.kind) or layout.body_style_for(item.text)
        if style not in style_ids:
            style_ids[style] = doc.styles[style].style_id
        para = doc.add_paragraph(item.text)
        para._p.style = style_ids[style]  # python-docx's style setter scans all styles on every call
    props = doc.core_properties
    props.title = report.title or ""
    props.author = report.unit or ""
    props.comments = "由绩效自评报告助手导出"
    return doc


def export_report_docx(report: Report, path: str | Path, mask_pii: bool = False) -> Path:
    """Write ``report`` as a .docx (A4, GB/T 9704 margins, 仿宋_GB2312 三号 body, real tables)."""
    path = Path(path)
    doc = build_report_document(report, mask_pii=mask_pii)
    path.parent.mkdir(parents=True, exist_ok=True)
    doc.save(str(path))
    return path


def report_docx_bytes(report: Report, mask_pii: bool = False) -> bytes:
    buf = io.BytesIO()
    build_report_document(report, mask_pii=mask_pii).save(buf)
    return buf.getvalue()


# ---------------------------------------------------------------- text formats

_INDENT = "\u3000\u3000"


def _txt_table(rows: list[list[str]]) -> list[str]:
    """Word's text export: one tab-prefixed cell per line (continuation lines without a tab),
    a blank line after each row, and one more blank line after the table."""
    out: list[str] = []
    for row in rows:
        for cell in row:
            lines = cell.split("\n") if cell else [""]
            out.append("\t" + lines[0])
            out.extend(lines[1:])
        out.append("")
    out.append("")
    return out


def _md_escape(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", "<br>")


def _md_table(rows: list[list[str]]) -> list[str]:
    width = max((len(r) for r in rows), default=0)
    if not width:
        return []
    padded = [r + [""] * (width - len(r)) for r in rows]
    out = ["| " + " | ".join(_md_escape(c) for c in padded[0]) + " |", "|" + " --- |" * width]
    out += ["| " + " | ".join(_md_escape(c) for c in r) + " |" for r in padded[1:]]
    return out + [""]


def _txt_lines(item: Item) -> list[str]:
    if item.kind == "table":
        return _txt_table(item.table.rows)
    if item.kind == "title":
        return [item.text, ""]
    if item.kind in ("heading", "para", "preamble"):
        return [_INDENT + item.text]
    if item.kind == "att_heading":
        return ["", item.text]
    return [item.text]


def _md_lines(item: Item) -> list[str]:
    if item.kind == "table":
        return _md_table(item.table.rows)
    if item.kind == "title":
        return [f"# {item.text}", ""]
    if item.kind == "heading":
        return [f"## {item.text}", ""]
    if item.kind == "att_heading":
        return [f"## {item.text}", ""]
    if item.kind == "att_title":
        return [f"**{item.text}**", ""]
    return [item.text, ""]


def export_report_text(report: Report, fmt: str = "txt", mask_pii: bool = False) -> str:
    """The report as text: ``txt`` in the seed's Word-export shape (re-parses), or ``md`` to read."""
    if fmt not in TEXT_FORMATS:
        raise InputUnusable(f"不支持的文本格式 {fmt!r}（可选 txt、md）/ unsupported text format")
    if mask_pii:
        report = mask_report(report)
    render = _txt_lines if fmt == "txt" else _md_lines
    lines: list[str] = []
    for item in document_items(report):
        lines += render(item)
    return "\n".join(lines).rstrip("\n") + "\n"


def _write_docx(report: Report, path: Path, mask_pii: bool) -> Path:
    return export_report_docx(report, path, mask_pii=mask_pii)


def _write_txt(report: Report, path: Path, mask_pii: bool) -> Path:
    path.write_text(export_report_text(report, "txt", mask_pii=mask_pii), encoding="utf-8")
    return path


def _write_md(report: Report, path: Path, mask_pii: bool) -> Path:
    path.write_text(export_report_text(report, "md", mask_pii=mask_pii), encoding="utf-8")
    return path


REPORT_WRITERS = {".docx": _write_docx, ".txt": _write_txt, ".md": _write_md}


def write_report(report: Report, out_path: str | Path, mask_pii: bool = False) -> Path:
    """Write ``report`` to ``out_path``; the suffix (.docx/.txt/.md) picks the writer."""
    path = Path(out_path)
    writer = REPORT_WRITERS.get(path.suffix.lower())
    if writer is None:
        raise InputUnusable(
            f"{path.name}: 不支持的输出格式（可选 .docx、.txt、.md）/ unsupported output format"
        )
    path.parent.mkdir(parents=True, exist_ok=True)
    return writer(report, path, mask_pii)
