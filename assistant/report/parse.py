"""Entry point: bytes or a path -> Report. The suffix/format dict below is the only dispatch."""

from __future__ import annotations

from pathlib import Path
from typing import Callable

from assistant.errors import CorruptInput, InputTooLarge, InputUnusable, NotAReport
from assistant.report.assemble import assemble
from assistant.report.blocks import Block
from assistant.report.extract import extract
from assistant.report.model import Report
from assistant.report.normalize import squash
from assistant.report.parsers.convert import SHEET_SUFFIXES, WORD_SUFFIXES, convert
from assistant.report.parsers.docx import parse_docx
from assistant.report.parsers.image import IMAGE_SUFFIXES, parse_image, parse_pdf_or_scan
from assistant.report.parsers.txt import parse_txt
from assistant.report.parsers.xlsx import parse_xlsx
from assistant.settings import Settings, get_settings

Parser = Callable[[bytes, str, Settings], tuple[list[Block], dict]]

PARSERS: dict[str, Parser] = {
    "txt": parse_txt, "docx": parse_docx, "xlsx": parse_xlsx, "pdf": parse_pdf_or_scan, "image": parse_image,
}
# Files a user hands in as a report (folder batches and upload widgets offer exactly these).
REPORT_SUFFIXES: tuple[str, ...] = (
    ".docx", ".txt", ".xlsx", ".pdf", *WORD_SUFFIXES, *SHEET_SUFFIXES, *IMAGE_SUFFIXES,
)
SUFFIXES = {
    ".txt": "txt", ".text": "txt", ".md": "txt", ".csv": "txt", ".docx": "docx", ".xlsx": "xlsx", ".pdf": "pdf",
    **{s: "office" for s in (*WORD_SUFFIXES, *SHEET_SUFFIXES)}, **{s: "image" for s in IMAGE_SUFFIXES},
}
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_IMAGE_MAGIC = (b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"II*\x00", b"MM\x00*")


def sniff(data: bytes, name: str) -> str:
    """Detect the format from the bytes (zip → docx/xlsx by content), not only the extension."""
    if data[:4] == b"PK\x03\x04" and b"application/vnd.oasis.opendocument" in data[:200]:
        return "office"  # .odt/.ods: the mimetype member comes first, uncompressed
    if data[:8] == _OLE or data[:5] == b"{\\rtf":
        return "office"  # .doc/.wps/.xls/.et (OLE compound file) and .rtf
    if data[:4] == b"PK\x03\x04":
        if b"word/" in data[:200_000] or name.lower().endswith(".docx"):
            return "docx"
        if b"xl/" in data[:200_000] or name.lower().endswith(".xlsx"):
            return "xlsx"
        return "docx" if name.lower().endswith(".docx") else "xlsx"
    if data[:5] == b"%PDF-":
        return "pdf"
    if data.startswith(_IMAGE_MAGIC):
        return "image"
    suffix = Path(name).suffix.lower()
    fmt = SUFFIXES.get(suffix, "txt")
    if fmt in ("docx", "xlsx", "pdf", "image", "office"):
        raise CorruptInput(f"{name}: 文件已损坏或不是有效的 Office 文件 / not a valid {suffix} file")
    return "txt"


def _office_target(data: bytes, name: str) -> str:
    """docx or xlsx for a file LibreOffice converts: by suffix, else by content."""
    suffix = Path(name).suffix.lower()
    if suffix in SHEET_SUFFIXES:
        return "xlsx"
    if suffix in WORD_SUFFIXES:
        return "docx"
    head = data[:200_000]
    sheet = b"spreadsheet" in data[:200] or b"W\x00o\x00r\x00k\x00b\x00o\x00o\x00k" in head
    return "xlsx" if sheet else "docx"


def parse_bytes(data: bytes, name: str, settings: Settings | None = None) -> Report:
    settings = get_settings(settings)
    if len(data) > settings.limits.max_file_bytes:
        raise InputTooLarge(
            f"{name}: 文件大小 {len(data)} 字节超过上限 {settings.limits.max_file_bytes} / file too large"
        )
    fmt = sniff(data, name)
    converted_from = None
    if fmt == "office":  # LibreOffice → .docx/.xlsx, then the existing readers (and their limits)
        fmt = _office_target(data, name)
        converted_from = Path(name).suffix.lower() or fmt
        data = convert(data, name, fmt, settings)
    blocks, meta = PARSERS[fmt](data, name, settings)
    report = assemble(blocks)
    report.meta.file = Path(name).name
    report.meta.format = fmt  # type: ignore[assignment]
    report.meta.encoding = meta.get("encoding")
    report.meta.parser = meta.get("parser", "")
    if converted_from:
        report.meta.parser = f"LibreOffice {converted_from}→.{fmt}; {report.meta.parser}"
    report.meta.ocr = bool(meta.get("ocr"))
    extract(report)
    _classify(report, name)
    return report


def _classify(report: Report, name: str) -> None:
    labels = {s.label for s in report.sections}
    text = squash(report.title + "".join(p.text for p in report.preamble[:10]))
    has_project_table = bool(report.projects)
    if len(labels) >= 3 or (labels and "整体支出" in text):
        report.kind = "report"
    elif report.self_eval is not None or report.basic_data is not None:
        report.kind = "report"  # the 附件 tables of a whole report (e.g. an .xlsx workbook)
    elif has_project_table or "项目支出绩效自评表" in text:
        report.kind = "project_table"
    else:
        raise NotAReport(
            f"{name}: 未识别为绩效自评报告或项目支出绩效自评表（找不到“一、基本情况”等章节或自评表）"
            " / not a performance self-evaluation report"
        )


def parse_file(path: str | Path, settings: Settings | None = None) -> Report:
    settings = get_settings(settings)
    p = Path(path)
    if not p.exists():
        raise InputUnusable(f"{p}: 文件不存在 / file not found")
    if p.is_dir():
        raise InputUnusable(f"{p}: 是目录而不是文件 / is a directory")
    try:
        size = p.stat().st_size
        if size > settings.limits.max_file_bytes:
            raise InputTooLarge(f"{p.name}: 文件大小 {size} 字节超过上限 {settings.limits.max_file_bytes} / file too large")
        data = p.read_bytes()
    except PermissionError:
        raise InputUnusable(f"{p}: 没有读取权限 / permission denied") from None
    except OSError as exc:
        raise InputUnusable(f"{p}: 无法读取 / cannot read ({exc.strerror})") from None
    if p.suffix.lower() == ".json":
        return load_report_json(data, p.name)
    return parse_bytes(data, p.name, settings)


def load_report_json(data: bytes, name: str) -> Report:
    from pydantic import ValidationError

    try:
        return Report.model_validate_json(data)
    except ValidationError as exc:
        raise InputUnusable(f"{name}: 不是有效的 Report JSON / invalid Report JSON ({exc.error_count()} errors)") from None
