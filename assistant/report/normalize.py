"""Text normalisation shared by every parser: full-width forms, heading variants, numbers."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from pathlib import Path

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


# Traditional-only characters (OpenCC's TSCharacters keys that are not also simplified characters),
# shipped as data: a line holding one of them is converted to simplified characters with OpenCC (t2s).
# A set test is C-speed; lines without them (nearly all) cost one isdisjoint().
_TRADITIONAL = frozenset((Path(__file__).parent / "traditional_chars.txt").read_text(encoding="utf-8").strip())


@lru_cache(maxsize=1)
def _t2s():
    from opencc import OpenCC  # heavy-ish third-party import, only for traditional-character input

    return OpenCC("t2s")


def to_simplified(text: str) -> str:
    """Traditional -> simplified Chinese (OpenCC t2s) when the text holds traditional characters."""
    if _TRADITIONAL.isdisjoint(text):
        return text
    return _t2s().convert(text)


def to_simplified_blocks(blocks: list) -> list:
    """Convert every paragraph and cell of parsed blocks (parsers that skip clean_line included)."""
    if _TRADITIONAL.isdisjoint("".join(b.text if b.kind != "table" else "".join("".join(r) for r in b.rows)
                                       for b in blocks)):
        return blocks  # the usual case: one set test over all the text
    for b in blocks:
        if b.text:
            b.text = to_simplified(b.text)
        if b.rows:
            b.rows = [[to_simplified(c) if c else c for c in row] for row in b.rows]
    return blocks


# Checkbox marks as published: ☑ ✓ ✔ ■ → √ (checked); ☐ ▢ ❑ and an OCR'd "口" standing alone → □.
_CHECKED = str.maketrans({"☑": "√", "✓": "√", "✔": "√", "■": "√", "☐": "□", "▢": "□", "❑": "□", "〇": "□"})
_BOX_OCR = re.compile(r"(?:(?<=^)|(?<=\s))口(?=\s|$)")
# Spaces inside numbers: "2 321.75万元" (space as thousands separator), "98 .76%", "98. 76%".
_SPACE_THOUSANDS = re.compile(r"(?<![\d.])(\d{1,3}) (\d{3}(?:\.\d+)?)(?=\s*(?:万元|元|%))")
_SPACE_POINT = re.compile(r"(?<=\d) ?\. ?(?=\d+\s*(?:万元|元|%))")


# Pinyin glosses some converters leave after each character: "項(xiàng)目" -> "項目" (only tone-marked
# syllables, so "(aefi)" or "(afp)" stay).
_PINYIN_GLOSS = re.compile(r"(?<=[\u4e00-\u9fff])\([a-zü]*[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ][a-zü]*\)")


_NEEDS_FIX = re.compile(r"[☑✓✔■☐▢❑〇口āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ]|\d \.|\. \d|\d \d")


def _fix_marks_and_numbers(text: str) -> str:
    if not _NEEDS_FIX.search(text):
        return text  # nearly every line: one regex scan
    if "(" in text:
        text = _PINYIN_GLOSS.sub("", text)
    text = text.translate(_CHECKED)
    if "口" in text:
        text = _BOX_OCR.sub("□", text)
    if " " in text:
        text = _SPACE_THOUSANDS.sub(r"\1\2", text)
        text = _SPACE_POINT.sub(".", text)
    return text


@lru_cache(maxsize=8192)
def clean_line(text: str) -> str:
    """Normalise one line/paragraph: simplified characters, half-width digits and %, checkbox marks,
    no spaces inside numbers, no bookmarks, single spaces, stripped."""
    text = _BOOKMARK.sub("", text)
    text = _fix_marks_and_numbers(to_halfwidth(text))
    text = to_simplified(text)
    text = _SPACES.sub(" ", text).strip()
    # canonical sub-heading forms at paragraph start: (一) -> （一）, (1) -> （1）
    text = re.sub(r"^\(([一二三四五六七八九十]{1,2}|\d{1,2})\)\s*", r"（\1）", text)
    text = re.sub(r"^（([一二三四五六七八九十]{1,2}|\d{1,2})）\s+", r"（\1）", text)
    return text


def clean_cell(text: str) -> str:
    """Normalise a table cell: like clean_line, but keep line breaks inside the cell."""
    lines = [clean_line(line) for line in text.replace("\r", "\n").split("\n")]
    return "\n".join(line for line in lines if line)


_WHITESPACE = re.compile(r"\s+")


@lru_cache(maxsize=16384)
def squash(text: str) -> str:
    """Remove all whitespace (for matching labels like '满意度\\n指标'). Pure, so memoised: table labels are
    squashed again by every reader of the table."""
    return _WHITESPACE.sub("", to_halfwidth(text))


# Section heading: 一、 / 一. / 一． / 一， with a short title.
SECTION_HEADING = re.compile(r"^([一二三四五六七八九十])\s*[、.,，:：]\s*(\S.{0,48})$")
SECTION_HEADING_BARE = re.compile(r"^([一二三四五六七八九十])\s+(\S.{0,48})$")
ATTACHMENT_HEADING = re.compile(r"^附件\s*([1-6])\s*[:：.、]?\s*(.{0,60})$")

NUMBER = r"-?\d{1,3}(?:[,，]\d{3})+(?:\.\d+)?|-?\d+(?:\.\d+)?"
MAX_DIGITS = 15  # a figure with more integer digits than this is not a budget figure (junk or an id)
_NUMBER_ONLY = re.compile(rf"^\s*(?:{NUMBER})\s*(%|万元|元|人|分)?\s*$")


_NUMBER_NOISE = re.compile(r"[%万元人分\s]")


def parse_decimal(text: str) -> Decimal | None:
    """'1,517.72' / '１５１７．７２' / '98.76％' -> Decimal; None if not a plain number."""
    t = to_halfwidth(text).strip().replace("，", ",")
    m = _NUMBER_ONLY.match(t)
    if not m:
        return None
    num = _NUMBER_NOISE.sub("", t).replace(",", "")
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
