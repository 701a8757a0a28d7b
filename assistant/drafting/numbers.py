"""Find the numbers written in Chinese report prose, skipping what is not a figure.

Skipped: 文号 digits (财预〔2021〕101号, 国务院令第729号), list ordinals (1、 / 2. / （3） at a clause start),
article references (第3条), citation keys ([K-…]) and 【待补充：…】 placeholders. Chinese numerals are never
matched (only Arabic digits are numbers here); full-width digits are folded first.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from assistant.drafting.models import PLACEHOLDER_PATTERN

_FULLWIDTH = str.maketrans("０１２３４５６７８９．，％", "0123456789.,%")

# Spans blanked out before numbers are read (replaced by spaces so offsets stay put).
_SKIP = [
    re.compile(r"\[K-[0-9a-f]{6,}\]"),  # citation keys
    re.compile(PLACEHOLDER_PATTERN),
    re.compile(r"[〔\[［【(（]\s*(?:19|20)\d{2}\s*[〕\]］】)）]\s*\d+\s*号"),  # 文号 〔2021〕101号
    re.compile(r"令?第\s*\d+\s*号"),  # 国务院令第729号
    re.compile(r"第\s*\d{1,3}\s*(?:条|款|项|段|页|章|节|部分)"),
    re.compile(r"(?:^|(?<=[\n。；;：:！？\s]))\s*\d{1,2}\s*[、．](?!\d)"),  # 1、 2． list ordinals
    re.compile(r"(?:^|(?<=[\n。；;：:！？\s]))\s*\d{1,2}\.(?!\d)"),  # "1." ordinal
    re.compile(r"[（(]\s*\d{1,2}\s*[）)](?![\d%％万元])"),  # （3）
]
NUMBER_RE = re.compile(r"(?<![\dA-Za-z.])(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)(?![\dA-Za-z])")


@dataclass(frozen=True)
class NumberMention:
    value: Decimal
    written: str  # number with its unit suffix if any, e.g. '93.93%'
    start: int
    end: int
    decimals: int
    is_year: bool = False


def fold(text: str) -> str:
    return text.translate(_FULLWIDTH)


def blank_skipped(text: str) -> str:
    out = fold(text)
    for pat in _SKIP:
        out = pat.sub(lambda m: " " * len(m.group(0)), out)
    return out


def to_decimal(s: str) -> Decimal | None:
    try:
        return Decimal(s.replace(",", ""))
    except InvalidOperation:
        return None


def find_numbers(text: str, *, skip: bool = True) -> list[NumberMention]:
    """Every figure-like number in ``text`` (after skipping 文号, ordinals, citation keys, placeholders)."""
    src = blank_skipped(text) if skip else fold(text)
    out: list[NumberMention] = []
    for m in NUMBER_RE.finditer(src):
        raw = m.group(1)
        value = to_decimal(raw)
        if value is None:
            continue
        tail = src[m.end() : m.end() + 2]
        unit = ""
        for u in ("%", "万元", "万", "元", "人", "年"):
            if tail.startswith(u):
                unit = u
                break
        decimals = len(raw.split(".")[1]) if "." in raw else 0
        is_year = unit == "年" and len(raw) == 4 and raw[:2] in ("19", "20")
        out.append(NumberMention(value, raw + unit, m.start(), m.end(), decimals, is_year))
    return out
