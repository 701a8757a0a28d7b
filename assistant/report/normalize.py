"""Text normalisation shared by every parser: full-width forms, heading variants, numbers."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from functools import lru_cache

# Full-width digits/letters/%/./space -> ASCII; Chinese punctuation （）：，。 stays as written.
_FW = {ord(c): ord(c) - 0xFEE0 for c in "０１２３４５６７８９％．－＋"}
_FW.update({ord(c): ord(c) - 0xFEE0 for c in "ＡＢＣＤＥＦＧＨＩＪＫＬＭＮＯＰＱＲＳＴＵＶＷＸＹＺ"})
_FW.update({ord(c): ord(c) - 0xFEE0 for c in "ａｂｃｄｅｆｇｈｉｊｋｌｍｎｏｐｑｒｓｔｕｖｗｘｙｚ"})
_FW[0x3000] = 0x20  # ideographic space
_FW[0xA0] = 0x20
_FW[0x200B] = None  # zero-width space
_FW[0xFEFF] = None

CN_NUMERALS = "一二三四五六七八九十"
_BOOKMARK = re.compile(r"\[bookmark:[^\]]*\]")
_SPACES = re.compile(r"[ \t\r\f\v]+")


_HAS_FW = re.compile("[" + "".join(chr(c) for c in _FW) + "]")


@lru_cache(maxsize=8192)
def to_halfwidth(text: str) -> str:
    """Full-width digits/letters/%/space -> ASCII (cached: rules ask for the same texts many times)."""
    if not _HAS_FW.search(text):
        return text
    return text.translate(_FW)


@lru_cache(maxsize=8192)
def clean_line(text: str) -> str:
    """Normalise one line/paragraph: half-width digits and %, no bookmarks, single spaces, stripped."""
    text = _BOOKMARK.sub("", text)
    text = to_halfwidth(text)
    text = _SPACES.sub(" ", text).strip()
    # canonical sub-heading forms at paragraph start: (一) -> （一）, (1) -> （1）
    text = re.sub(r"^\(([一二三四五六七八九十]{1,2}|\d{1,2})\)\s*", r"（\1）", text)
    text = re.sub(r"^（([一二三四五六七八九十]{1,2}|\d{1,2})）\s+", r"（\1）", text)
    return text


def clean_cell(text: str) -> str:
    """Normalise a table cell: like clean_line, but keep line breaks inside the cell."""
    lines = [clean_line(line) for line in text.replace("\r", "\n").split("\n")]
    return "\n".join(line for line in lines if line)


def squash(text: str) -> str:
    """Remove all whitespace (for matching labels like '满意度\\n指标')."""
    return re.sub(r"\s+", "", to_halfwidth(text))


# Section heading: 一、 / 一. / 一． / 一， with a short title.
SECTION_HEADING = re.compile(r"^([一二三四五六七八九十])\s*[、.,，:：]\s*(\S.{0,48})$")
SECTION_HEADING_BARE = re.compile(r"^([一二三四五六七八九十])\s+(\S.{0,48})$")
ATTACHMENT_HEADING = re.compile(r"^附件\s*([1-6])\s*[:：.、]?\s*(.{0,60})$")

NUMBER = r"-?\d{1,3}(?:[,，]\d{3})+(?:\.\d+)?|-?\d+(?:\.\d+)?"
MAX_DIGITS = 15  # a figure with more integer digits than this is not a budget figure (junk or an id)
_NUMBER_ONLY = re.compile(rf"^\s*(?:{NUMBER})\s*(%|万元|元|人|分)?\s*$")


def parse_decimal(text: str) -> Decimal | None:
    """'1,517.72' / '１５１７．７２' / '98.76％' -> Decimal; None if not a plain number."""
    t = to_halfwidth(text).strip().replace("，", ",")
    m = _NUMBER_ONLY.match(t)
    if not m:
        return None
    num = re.sub(r"[%万元人分\s]", "", t).replace(",", "")
    return _bounded(num)


def _bounded(num: str) -> Decimal | None:
    try:
        d = Decimal(num)
    except InvalidOperation:
        return None
    if not d.is_finite() or d.adjusted() >= MAX_DIGITS or len(num) > 40:
        return None
    return d


def number_in(text: str) -> Decimal | None:
    """First number inside free text ('一般公共预算：2321.75' -> 2321.75)."""
    m = re.search(NUMBER, to_halfwidth(text))
    if not m:
        return None
    return _bounded(m.group(0).replace(",", "").replace("，", ""))


def is_percent(text: str) -> bool:
    return "%" in to_halfwidth(text)
