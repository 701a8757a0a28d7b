"""PDF reports (as published on government sites) via pypdf: the running text, re-flowed.

PDF keeps no table structure, so 附件 tables come through as loose lines: the narrative (sections 一…十,
notes, contact lines) is fully reviewed, while table figures are not recovered — the meta says so and
rule CMP007 tells the reviewer.
"""

from __future__ import annotations

import io
import re

from assistant.errors import CorruptInput, EmptyInput, InputTooLarge, UnsupportedFormat
from assistant.report.blocks import Block, Budget
from assistant.report.normalize import clean_line
from assistant.settings import Settings

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
    lines: list[str] = []
    for page in reader.pages:
        try:
            text = page.extract_text() or ""
        except Exception:  # noqa: BLE001 - one unreadable page does not sink the document
            continue
        lines.extend(text.splitlines())
        budget.check_time()
    blocks = []
    for para in reflow(lines):
        budget.add_paragraph()
        text = clean_line(para)
        if text:
            blocks.append(Block("para", text=text))
    if not blocks:
        raise EmptyInput(f"{name}: PDF 中没有可提取的文字（可能是扫描件）/ no extractable text (scanned PDF?)")
    return blocks, {"parser": f"pdf.parse_pdf (pypdf {pypdf.__version__}; tables not recovered)"}
