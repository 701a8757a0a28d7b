"""Plain-text reports: UTF-8 (with or without BOM) or GBK/GB18030, detected from the bytes.

Understands the Word text-export shape (one tab-prefixed cell per line, blank line between rows,
cell continuation lines without a tab), tab-separated rows, and Markdown pipe tables.
"""

from __future__ import annotations

import re

from assistant.errors import EmptyInput, EncodingError, InputTooLarge, NotAReport
from assistant.report.blocks import Block, Budget
from assistant.report.normalize import ATTACHMENT_HEADING, clean_cell, clean_line, squash
from assistant.report.tables import UNREAD_LABEL, form_start, rows_from_stream, split_run_together
from assistant.settings import Settings

LIBRARY = "builtin"


def decode(data: bytes, name: str) -> tuple[str, str]:
    """Return (text, encoding). Try utf-8-sig, then gb18030; never drop bytes silently."""
    if not data.strip():
        raise EmptyInput(f"{name}: 文件为空 / file is empty")
    if b"\x00" in data[:4096]:
        # UTF-16 exports carry a BOM; anything else with NULs is binary.
        if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
            try:
                return data.decode("utf-16"), "utf-16"
            except UnicodeDecodeError:
                pass
        raise NotAReport(f"{name}: 不是文本文件（含二进制内容）/ binary content, not a text report")
    for enc in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            continue
        enc_name = "utf-8" if enc == "utf-8-sig" else enc
        if enc == "utf-8-sig" and data.startswith(b"\xef\xbb\xbf"):
            enc_name = "utf-8-sig"
        return text, enc_name
    raise EncodingError(f"{name}: 无法识别文本编码（仅支持 UTF-8 / GBK）/ unknown text encoding (UTF-8 or GBK expected)")


_PIPE_ROW = re.compile(r"^\s*\|.*\|\s*$")
_PIPE_SEP = re.compile(r"^\s*\|?\s*:?-{2,}")


def _is_blank(line: str) -> bool:
    return not line.replace("\u3000", "").strip()


def lines_to_blocks(lines: list[str], budget: Budget) -> list[Block]:
    blocks: list[Block] = []
    i = 0
    n = len(lines)
    cell_regions = _cell_regions(lines)
    while i < n:
        line = lines[i]
        budget.add_paragraph()
        if i in cell_regions:
            end, cells = cell_regions[i]
            _add_form(blocks, cells, True, budget)
            i = end
            continue
        if _pipe_cells(line) and not _PIPE_ROW.match(line):
            j = i
            while j < n and (_pipe_cells(lines[j]) or (lines[j].rstrip().endswith("|") and j > i)):
                j += 1
            block = lines[i:j]
            if j - i >= 5 and _form_words(block):
                cells = [c for x in block for c in x.split("|")]
                _add_form(blocks, [c for c in cells if c.strip()], False, budget)
                i = j
                continue
        if _cell_pipe(line):
            j = i
            while j < n and _cell_pipe(lines[j]):
                j += 1
            cells = [lines[k].rstrip().rstrip("|") for k in range(i, j)]
            if j - i >= 8 and _form_words(cells):
                _add_form(blocks, cells, True, budget)
                i = j
                continue
        if len(line) > 200 and line.count(" ") >= 20 and _header_sequence(line):
            _add_form(blocks, line.split(), False, budget)
            i += 1
            continue
        if len(line) > 60 and line.count(" ") < 20 and not line.startswith("\t") and _header_sequence(line):
            # a form run together without separators, possibly over several (OCR) lines up to a blank line
            j = i + 1
            while (j < n and j - i < 30 and lines[j].strip() and not lines[j].startswith("\t") and "|" not in lines[j]
                   and not ATTACHMENT_HEADING.match(clean_line(lines[j]))):
                j += 1
            _add_form(blocks, split_run_together(clean_line("".join(x.strip() for x in lines[i:j]))), False, budget,
                      run_together=True)
            i = j
            continue
        if line.startswith("\t") and not _is_tab_row(line):
            i = _read_export_table(lines, i, blocks, budget)
            continue
        if _is_tab_row(line):
            rows = []
            while i < n and _is_tab_row(lines[i]):
                rows.append([clean_cell(c) for c in lines[i].split("\t")])
                i += 1
            _add_table(blocks, rows, budget)
            continue
        if i + 1 < n and _spaced_cells(line) and _spaced_cells(lines[i + 1]):
            rows = []
            while i < n and (cells := _spaced_cells(lines[i])):
                rows.append([clean_cell(c) for c in cells])
                i += 1
            _add_table(blocks, rows, budget)
            continue
        if _PIPE_ROW.match(line):
            rows = []
            while i < n and _PIPE_ROW.match(lines[i]):
                if not _PIPE_SEP.match(lines[i]):
                    cells = lines[i].strip().strip("|").split("|")
                    rows.append([clean_cell(c) for c in cells])
                i += 1
            _add_table(blocks, rows, budget)
            continue
        if squash(line) in ("目录", "目次") and (end := _contents_end(lines, i + 1)) is not None:
            # a table of contents: its entries are one paragraph, not headings of empty parts
            entries = [clean_line(x) for x in lines[i + 1 : end] if clean_line(x)]
            blocks.append(Block("para", text="目录：" + "；".join(entries)))
            i = end
            continue
        text = clean_line(line)
        if text:
            blocks.append(Block("para", text=text))
        i += 1
    return blocks


_CONTENTS_ENTRY = re.compile(r"^[^。；;，,《]{1,60}$")  # prose (a comma, a cited document) ends it


def _contents_end(lines: list[str], start: int) -> int | None:
    """End (exclusive) of the entries after a 目录 line: short heading-like lines (page numbers and dot leaders
    allowed) up to the first line of prose or the first entry written again (the body's own first heading).
    None when fewer than three entries follow."""
    entries: list[str] = []
    j = start
    while j < len(lines):
        t = re.sub(r"[.·…．\s]{3,}\d*$", "", squash(lines[j]))
        if not t:
            j += 1
            continue
        if entries and t == entries[0] or not _CONTENTS_ENTRY.match(t) or "|" in t:
            break
        entries.append(t)
        j += 1
    return j if len(entries) >= 3 else None


_SPACED_SPLIT = re.compile(r"(?: {2,}|\u3000+| ?\u3000 ?)")


def _spaced_cells(line: str) -> list[str] | None:
    """A table row pasted as text with cells separated by runs of spaces: '产出指标  数量指标  …  10  10'."""
    body = line.strip().strip("\u3000")
    if "\t" in body or len(body) > 400:
        return None
    cells = [c for c in _SPACED_SPLIT.split(body) if c.strip()]
    if len(cells) < 3:
        return None
    if sum(1 for c in cells if len(c) <= 30) < len(cells) - 1:
        return None  # long prose fragments are not cells
    return cells


def _is_tab_row(line: str) -> bool:
    """'a\\tb\\tc' (cells separated by tabs, not the one-cell-per-line export)."""
    stripped = line.strip("\r\n")
    if stripped.startswith("\t"):
        return stripped.lstrip("\t").count("\t") >= 2 and not stripped.startswith("\t\t")
    return stripped.count("\t") >= 2


# ------------------------------------------------------------------ flattened 自评表 forms

_FORM_ANCHORS = ("一级指标", "三级指标", "全年执行数", "年初预算数", "全年预算数")
_CELL_MAX = 120


def _form_words(cells: list[str]) -> bool:
    """The cells hold a 自评表's header words (the indicator grid or the funds block)."""
    text = squash("".join(cells))
    if len(text) > 20000:
        return False
    return ("一级指标" in text and "三级指标" in text) or ("预算数" in text and "执行数" in text and "执行率" in text)


def _pipe_cells(line: str) -> bool:
    """'项目名称 | 河西村… | 主管部门 | … | ||||' — a table row flattened with pipes but no leading pipe."""
    body = line.strip()
    return body.count("|") >= 2 and not body.startswith("|") and "\t" not in body


_HEADER_SEQUENCE = re.compile(
    r"一级指标二级指标|(?:年初预算数?|全年预算数|调整后预算数|预算数)(?:\([A-Z]\))?(?:全年预算数|全年执行数|执行数)"
    r"|项目名称[^。；;，,]{2,60}?(?:主管部门|实施单位)[^。；;，,]{2,80}?(?:资金情况|项目资金|预算数)"
)


def _header_sequence(line: str) -> bool:
    """A form's header words side by side ('一级指标 二级指标', '全年预算数(A) 全年执行数(B)'): prose that
    merely mentions 预算数 and 执行率 never writes them back to back."""
    return bool(_HEADER_SEQUENCE.search(re.sub(r"[（(]([A-Z])[)）]", r"(\1)", squash(line))))


def _cell_pipe(line: str) -> bool:
    """'项目名称 |' — one cell per line, each closed by a pipe (a flattened table export)."""
    body = line.rstrip()
    return body.endswith("|") and body.count("|") == 1 and not body.startswith("\t")


def _cell_regions(lines: list[str]) -> dict[int, tuple[int, list[str]]]:
    """Forms flattened to one cell per line or to cells separated by blank lines.

    Anchored on a line that is exactly a header word ('一级指标', '全年执行数'); the region grows over short
    lines in both directions. Returns start line -> (end line, cells). Empty cells are kept: a line holding
    only spaces is an empty cell; when blank lines separate the cells, a cell may span several lines.
    """
    regions: dict[int, tuple[int, list[str]]] = {}
    n = len(lines)
    covered = -1
    for a, line in enumerate(lines):
        if a <= covered or line.startswith("\t") or squash(line) not in _FORM_ANCHORS:
            continue
        start = a
        while start > 0 and _celllike(lines[start - 1]):
            start -= 1
        end = a
        while end < n and _celllike(lines[end]):
            end += 1
        body = lines[start:end]
        if not _form_words(body) or sum(1 for x in body if x.strip()) < 15:
            continue
        blank_sep = sum(1 for x in body if x == "") >= len(body) * 0.3
        cells: list[str] = []
        if blank_sep:
            group: list[str] = []
            for x in body + [""]:
                if x == "":
                    if group:
                        cells.append("\n".join(group))
                        group = []
                elif not x.strip():
                    if group:
                        cells.append("\n".join(group))
                        group = []
                    cells.append("")
                else:
                    group.append(x.strip())
        else:
            cells = [x.strip() for x in body]
        regions[start] = (end, cells)
        covered = end
    return regions


def _celllike(line: str) -> bool:
    return not line.startswith("\t") and len(line.strip()) <= _CELL_MAX and "\t" not in line


def _add_form(blocks: list[Block], cells: list[str], keeps_blanks: bool, budget: Budget,
              run_together: bool = False) -> None:
    """A flattened form: text before it as paragraphs (the title on its own), then its rebuilt rows."""
    s = form_start(cells)
    before = [c for c in cells[:s] if c.strip()]
    if not keeps_blanks and before:
        # a space-split line: rejoin the words; the title ('附件：…自评表（2022年度）') is its own paragraph
        cut = next((k for k in range(len(before)) if "附件" in before[k] or "自评表" in before[k]), len(before))
        before = [" ".join(before[:cut]), " ".join(before[cut:])]
    for c in before:
        text = clean_line(c.replace("\n", ""))
        if text:
            blocks.append(Block("para", text=text))
    body = cells[s:]
    end = next((k for k, c in enumerate(body) if squash(c).startswith(("注:", "注：", "说明:", "说明："))), len(body))
    result = rows_from_stream(body[:end], keeps_blanks, run_together)
    rows = [[clean_cell(c) for c in r] for r in result.rows]
    rows += [[UNREAD_LABEL, u] for u in result.unread]
    _add_table(blocks, rows, budget)
    note = ("" if keeps_blanks else " ").join(c for c in body[end:] if c.strip())
    if note.strip():
        blocks.append(Block("para", text=clean_line(note)))


def _add_table(blocks: list[Block], rows: list[list[str]], budget: Budget) -> None:
    rows = [r for r in rows if r]
    if rows:
        budget.add_table(sum(len(r) for r in rows))
        blocks.append(Block("table", rows=rows))


def _read_export_table(lines: list[str], i: int, blocks: list[Block], budget: Budget) -> int:
    """Word text export: each cell on its own tab-prefixed line; blank line ends a row."""
    rows: list[list[str]] = []
    row: list[str] = []
    n = len(lines)
    prev_blank = False
    while i < n:
        line = lines[i]
        if line.startswith("\t"):
            row.append(line[1:])
            prev_blank = False
        elif _is_blank(line):
            if row:
                rows.append(row)
                row = []
            if prev_blank and i + 1 < n and not lines[i + 1].startswith("\t") and not _is_blank(lines[i + 1]):
                i += 1
                break
            prev_blank = True
        else:
            stripped = clean_line(line)
            if ATTACHMENT_HEADING.match(stripped):
                break
            if prev_blank and rows and not row and len(stripped) <= 20 and i + 1 < n and lines[i + 1].startswith("\t"):
                # a blank line inside a multi-line cell ("布置工作\n \n10分"): reopen the row
                row = rows.pop()
                row[-1] = row[-1] + "\n" + line
                prev_blank = False
                i += 1
                continue
            if prev_blank or not row:
                break  # text after the table
            row[-1] = row[-1] + "\n" + line  # continuation of a multi-line cell
        i += 1
        budget.add_paragraph()
    if row:
        rows.append(row)
    _add_table(blocks, [[clean_cell(c) for c in r] for r in rows], budget)
    return i


def parse_txt(data: bytes, name: str, settings: Settings) -> tuple[list[Block], dict]:
    text, encoding = decode(data, name)
    if "\ufffd" in text[:2000] and text.count("\ufffd") > 20:
        raise EncodingError(f"{name}: 文本含大量无法解码字符 / undecodable characters")
    budget = Budget(settings.limits, name)
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    if len(lines) > settings.limits.max_paragraphs:
        raise InputTooLarge(f"{name}: 行数超过上限 {settings.limits.max_paragraphs} / too many lines")
    blocks = lines_to_blocks(lines, budget)
    if not blocks:
        raise EmptyInput(f"{name}: 文件没有可读内容 / no readable content")
    return blocks, {"encoding": encoding, "parser": f"txt.parse_txt ({LIBRARY})"}
