"""Read .md/.txt/.docx/.pdf (.doc/.wps/.rtf/.odt via LibreOffice) into metadata + blocks (headings, paragraphs).

One suffix -> reader dict is the only dispatch (STYLE §2). Readers extract; the chunker groups.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

from assistant.errors import InputUnusable
from assistant.knowledge.models import DocMeta
from assistant.report.parsers.convert import WORD_SUFFIXES, convert
from assistant.settings import get_settings

SIDECAR_SUFFIX = ".meta.yaml"

_CN_NUM = "一二三四五六七八九十百零〇"
# Chinese report headings, fixed levels: 一、 > （一） > 1、 > （1）. 附件N and 第X章 sit at level 1.
_HEADING_RULES: list[tuple[int, re.Pattern[str], int]] = [
    # (level, pattern, max length of a line that may be a heading)
    (1, re.compile(rf"^第[{_CN_NUM}]+[章编]"), 40),
    (1, re.compile(r"^附件\s*[0-9０-９一二三四五六七八九十]+"), 40),
    (1, re.compile(rf"^[{_CN_NUM}]+\s*[、.．]"), 60),
    (2, re.compile(rf"^第[{_CN_NUM}]+节"), 40),
    (2, re.compile(rf"^[（(]\s*[{_CN_NUM}]+\s*[）)]"), 60),
    (3, re.compile(r"^[0-9０-９]{1,2}\s*[、．](?![0-9０-９])|^[0-9０-９]{1,2}\.(?![0-9０-９])"), 30),
    (4, re.compile(r"^[（(]\s*[0-9０-９]{1,2}\s*[）)]"), 30),
]
_MD_HEADING = re.compile(r"^(#{1,6})\s+(.+?)\s*#*\s*$")
_SENTENCE_END = "。；;，,：:"
_ARTEFACT = re.compile(r"\[bookmark:[^\]]*\]")


@dataclass
class Block:
    """A heading (level >= 1) or a paragraph (level 0)."""

    level: int
    text: str
    para: int
    page: int | None = None


@dataclass
class LoadedDoc:
    meta: DocMeta
    blocks: list[Block]
    content_hash: str


def chinese_heading_level(line: str) -> int:
    """Level of a Chinese report heading line, or 0 when the line is a paragraph."""
    s = line.strip()
    if not s:
        return 0
    for level, pattern, max_len in _HEADING_RULES:
        if pattern.match(s):
            if len(s) > max_len or (level >= 3 and s[-1] in _SENTENCE_END) or s.endswith("。"):
                return 0
            return level
    return 0


def parse_front_matter(text: str) -> tuple[dict[str, str], str]:
    """Split a flat YAML front matter block (``---`` … ``---``) from the body."""
    if not text.startswith("---"):
        return {}, text
    lines = text.splitlines()
    for end in range(1, len(lines)):
        if lines[end].strip() == "---":
            return parse_flat_yaml("\n".join(lines[1:end])), "\n".join(lines[end + 1 :])
    return {}, text


def parse_flat_yaml(text: str) -> dict[str, str]:
    """``key: value`` lines only (enough for our front matter); quotes are stripped."""
    out: dict[str, str] = {}
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith("#") or ":" not in line:
            continue
        key, _, value = line.partition(":")
        value = value.strip()
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
            value = value[1:-1]
        out[key.strip()] = value
    return out


def decode_text(data: bytes, path: Path) -> str:
    for enc in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(enc)
        except UnicodeDecodeError:
            continue
    raise InputUnusable(f"无法识别文件编码（需 UTF-8 或 GBK）/ cannot decode {path.name}: not UTF-8 or GBK")


def _meta(path: Path, fields: dict[str, str], fallback_title: str) -> DocMeta:
    sidecar = path.with_name(path.stem + SIDECAR_SUFFIX)
    if sidecar.exists():
        fields = {**parse_flat_yaml(sidecar.read_text(encoding="utf-8")), **fields}
    known = {k: str(fields[k]) for k in ("issuer", "date", "source", "kind", "year", "unit") if fields.get(k)}
    return DocMeta(
        doc=path.name,
        title=fields.get("title") or fallback_title or path.stem,
        wenhao=fields.get("文号") or fields.get("wenhao") or "",
        **known,
    )


def _text_blocks(body: str, *, markdown: bool) -> tuple[list[Block], str]:
    """Blocks from plain text. Tab-prefixed lines are table cells (docx export); a row becomes one paragraph."""
    blocks: list[Block] = []
    first_line = ""
    para = 0
    row: list[str] = []

    def flush_row() -> None:
        nonlocal para
        cells = [c for c in row if c]
        row.clear()
        if cells:
            para += 1
            blocks.append(Block(0, " | ".join(cells), para))

    for raw in body.splitlines():
        if raw.startswith("\t"):
            row.append(" ".join(raw.split()))
            continue
        flush_row()
        line = _ARTEFACT.sub("", raw).replace("\u3000", " ").strip()
        if not line:
            continue
        if not first_line:
            first_line = line.lstrip("# ").strip()
        if markdown:
            m = _MD_HEADING.match(line)
            if m:
                blocks.append(Block(len(m.group(1)), m.group(2).strip(), para + 1))
                continue
        else:
            level = chinese_heading_level(line)
            if level:
                blocks.append(Block(level, line, para + 1))
                continue
        para += 1
        blocks.append(Block(0, line, para))
    flush_row()
    return blocks, first_line


def _read_text_file(path: Path, data: bytes) -> tuple[dict[str, str], list[Block], str]:
    text = decode_text(data, path)
    fields, body = parse_front_matter(text)
    markdown = path.suffix.lower() == ".md"
    blocks, first = _text_blocks(body, markdown=markdown)
    if not markdown and first and blocks and blocks[0].text == first and blocks[0].level == 0:
        blocks = blocks[1:]  # the title line of a .txt report is the document title, not a passage
    if markdown and blocks and blocks[0].level == 1 and sum(b.level == 1 for b in blocks) == 1:
        if any(b.level == 2 for b in blocks):
            # A single leading "# 文件标题" repeats the document title: keep it out of every heading path.
            blocks = blocks[1:]
    return fields, blocks, first


def _read_docx(path: Path, data: bytes) -> tuple[dict[str, str], list[Block], str]:
    import io
    import zipfile

    try:
        import docx  # python-docx
        from docx.table import Table
        from docx.text.paragraph import Paragraph

        document = docx.Document(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise InputUnusable(f"无法读取 Word 文件 / unreadable .docx {path.name}: {exc}") from None
    blocks: list[Block] = []
    para = 0
    first = ""
    body = document.element.body
    for child in body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            p = Paragraph(child, document)
            line = " ".join(p.text.replace("\u3000", " ").split())
            if not line:
                continue
            if not first:
                first = line
                continue
            style = (p.style.name if p.style is not None else "") or ""
            m = re.match(r"^(?:Heading|标题)\s*(\d)", style)
            level = int(m.group(1)) if m else chinese_heading_level(line)
            if level:
                blocks.append(Block(level, line, para + 1))
            else:
                para += 1
                blocks.append(Block(0, line, para))
        elif tag == "tbl":
            table = Table(child, document)
            for tr in table.rows:
                cells: list[str] = []
                for cell in tr.cells:
                    value = " ".join(cell.text.split())
                    if value and (not cells or cells[-1] != value):  # merged cells repeat
                        cells.append(value)
                if cells:
                    para += 1
                    blocks.append(Block(0, " | ".join(cells), para))
    return {}, blocks, first


def _read_pdf(path: Path, data: bytes) -> tuple[dict[str, str], list[Block], str]:
    import io
    import logging

    logging.getLogger("pypdf").setLevel(logging.ERROR)  # pypdf logs every repair attempt
    try:
        from pypdf import PdfReader
        from pypdf.errors import PdfReadError

        reader = PdfReader(io.BytesIO(data))
        pages = [page.extract_text() or "" for page in reader.pages]
    except (PdfReadError, ValueError, OSError, KeyError) as exc:
        raise InputUnusable(f"无法读取 PDF 文件 / unreadable PDF {path.name}: {exc}") from None
    except Exception as exc:  # noqa: BLE001 - pypdf raises many types on corrupt input
        raise InputUnusable(f"无法读取 PDF 文件 / unreadable PDF {path.name}: {type(exc).__name__}") from None
    blocks: list[Block] = []
    para = 0
    first = ""
    for page_no, text in enumerate(pages, start=1):
        for raw in text.splitlines():
            line = " ".join(raw.replace("\u3000", " ").split())
            if not line:
                continue
            if not first:
                first = line
                continue
            level = chinese_heading_level(line)
            if level:
                blocks.append(Block(level, line, para + 1, page_no))
            else:
                para += 1
                blocks.append(Block(0, line, para, page_no))
    return {}, blocks, first


def _read_office(path: Path, data: bytes) -> tuple[dict[str, str], list[Block], str]:
    """.doc/.wps/.rtf/.odt: LibreOffice → .docx (same time limit and temp-dir handling as the report parser)."""
    return _read_docx(path, convert(data, path.name, "docx", get_settings()))


READERS = {
    ".md": _read_text_file,
    ".txt": _read_text_file,
    ".docx": _read_docx,
    ".pdf": _read_pdf,
    **{suffix: _read_office for suffix in WORD_SUFFIXES},
}
SUPPORTED_SUFFIXES = tuple(sorted(READERS))


def is_supported(path: Path) -> bool:
    return path.suffix.lower() in READERS and not path.name.endswith(SIDECAR_SUFFIX)


def load_document(path: Path, max_bytes: int) -> LoadedDoc:
    """Read one file; raise InputUnusable (exit 2) for missing, empty, oversize or unreadable input."""
    if not path.exists():
        raise InputUnusable(f"文件不存在 / file not found: {path}")
    if not path.is_file():
        raise InputUnusable(f"不是文件 / not a file: {path}")
    reader = READERS.get(path.suffix.lower())
    if reader is None:
        raise InputUnusable(
            f"不支持的文件类型 / unsupported file type: {path.name} (支持 / supported: {', '.join(SUPPORTED_SUFFIXES)})"
        )
    size = path.stat().st_size
    if size > max_bytes:
        raise InputUnusable(f"文件过大 / file too large: {path.name} ({size} > {max_bytes} bytes)")
    data = path.read_bytes()
    if not data.strip():
        raise InputUnusable(f"文件为空 / empty file: {path.name}")
    sidecar = path.with_name(path.stem + SIDECAR_SUFFIX)
    extra = sidecar.read_bytes() if sidecar.exists() else b""
    content_hash = hashlib.sha256(data + b"\0" + extra).hexdigest()[:16]
    fields, blocks, first = reader(path, data)
    if not any(b.level == 0 and b.text.strip() for b in blocks):
        raise InputUnusable(f"文件中没有可检索的文字 / no text to index in {path.name}")
    return LoadedDoc(meta=_meta(path, fields, first), blocks=blocks, content_hash=content_hash)
