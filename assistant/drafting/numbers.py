"""Find the figures written in Chinese report prose, each with its kind and unit.

A figure is one of:

- ``money`` — a number with 元 / 千元 / 万元 / 亿元; ``canonical`` is the value in 元 (exact Decimal);
- ``percent`` — a number with % (``pp`` for 个百分点, ``permille`` for ‰);
- ``count`` — a number with a measure word (人, 人次, 家, 个, 次, 项, 件, 份, …), ``万`` folded in;
- ``score`` — a number with 分;
- ``year`` — a four-digit year before 年/年度 (or in a year range);
- ``plain`` — a number with no unit.

Not figures, and skipped: 文号 digits (财预〔2021〕101号, 国务院令第729号), article references (第3条),
list ordinals (1、 / 2. / （3） at a clause start), citation keys ([K-…]), 【待补充：…】 placeholders, and
the month and day of a date (2023年4月30日: the year is kept as a year, 4 and 30 are not figures).
Chinese numerals are never matched (only Arabic digits are numbers here); full-width digits are folded first.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from assistant.drafting.models import PLACEHOLDER_PATTERN

_FULLWIDTH = str.maketrans("０１２３４５６７８９．，％", "0123456789.,%")

# Spans blanked out before numbers are read (replaced by spaces so offsets stay put).
_SKIP = [
    re.compile(r"\[K-[0-9a-zA-Z]{4,}\]"),  # citation keys
    re.compile(PLACEHOLDER_PATTERN),
    re.compile(r"[〔\[［【(（]\s*(?:19|20)\d{2}\s*[〕\]］】)）]\s*第?\s*\d+\s*号"),  # 文号 〔2021〕101号
    re.compile(r"令?第\s*\d+\s*号"),  # 国务院令第729号
    re.compile(r"第\s*\d{1,3}\s*(?:条|款|项|段|页|章|节|部分|批|次会议)"),
    re.compile(r"(?:^|(?<=[\n。；;：:！？\s]))\s*\d{1,2}\s*[、．](?!\d)"),  # 1、 2． list ordinals
    re.compile(r"(?:^|(?<=[\n。；;：:！？\s]))\s*\d{1,2}\.(?!\d)"),  # "1." ordinal
    re.compile(r"[（(]\s*\d{1,2}\s*[）)](?![\d%％万元])"),  # （3）
    re.compile(r"(?<=\d月)\s*\d{1,2}\s*[日号]"),  # the day of a date
    re.compile(r"(?<![\d.])\d{1,2}\s*月(?:份|底|末|初|中旬|上旬|下旬)?"),  # a month
    re.compile(r"第?[1-4一二三四]\s*季度"),
]
NUMBER_RE = re.compile(r"(?<![\dA-Za-z.])(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)(?![\dA-Za-z])")

MONEY_UNITS = {"元": Decimal(1), "千元": Decimal(1000), "万元": Decimal(10000), "亿元": Decimal(100000000)}
# Measure words of counts, longest first where one is a prefix of another.
MEASURE_WORDS = (
    "人次", "户次", "场次", "批次", "人", "家", "个", "次", "项", "件", "份", "名", "所", "辆", "场", "期",
    "户", "篇", "台", "套", "本", "条", "批", "座", "处", "间", "块", "亩", "公里", "千米", "米", "平方米",
    "吨", "株", "头", "只", "起", "轮", "课时", "学时", "天", "小时", "周", "门", "类", "支", "张", "册",
)
MULTIPLIERS = {"万": Decimal(10000), "亿": Decimal(100000000), "千": Decimal(1000)}


@dataclass(frozen=True)
class NumberMention:
    value: Decimal  # the number as written (without its multiplier)
    written: str  # number with its unit suffix if any, e.g. '93.93%', '612.40万元', '45家'
    start: int
    end: int
    decimals: int
    is_year: bool = False
    kind: str = "plain"  # money | percent | pp | count | score | year | plain
    unit: str = ""  # 万元 / % / 个百分点 / 人 / 万人次 / 分 / 年 / ''
    canonical: Decimal | None = None  # money in 元; counts with 万/亿 folded in; else the value

    @property
    def scale(self) -> Decimal:
        """What one unit of ``value`` is worth in the canonical unit (万元 → 10000)."""
        if self.kind == "money":
            return MONEY_UNITS[self.unit]
        if self.kind == "count" and self.unit[:1] in MULTIPLIERS and self.unit[1:] in MEASURE_WORDS:
            return MULTIPLIERS[self.unit[:1]]
        return Decimal(1)

    @property
    def measure(self) -> str:
        """The measure word of a count without its multiplier ('万人次' → '人次')."""
        if self.kind == "count" and self.unit[:1] in MULTIPLIERS and self.unit[1:] in MEASURE_WORDS:
            return self.unit[1:]
        return self.unit


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


def _unit_after(tail: str) -> tuple[str, str]:
    """(kind, unit) of the text right after a number."""
    t = tail.lstrip(" ")
    if t.startswith("%"):
        return "percent", "%"
    if t.startswith("‰"):
        return "permille", "‰"
    if t.startswith("个百分点") or t.startswith("百分点"):
        return "pp", "个百分点"
    for u in ("亿元", "万元", "千元", "元"):
        if t.startswith(u):
            return "money", u
    if t.startswith("分") and not t.startswith("分之") and not t.startswith("分别") and not t.startswith("分类"):
        return "score", "分"
    if t.startswith("年"):
        return "year?", "年"
    mult = t[:1] if t[:1] in MULTIPLIERS else ""
    rest = t[len(mult):]
    for w in MEASURE_WORDS:
        if rest.startswith(w):
            return "count", mult + w
    if mult:
        return "count", mult
    return "plain", ""


_YEAR_RANGE = re.compile(r"^\s*[-—–~～至到]\s*(?:19|20)\d{2}\s*年")


def find_numbers(text: str, *, skip: bool = True) -> list[NumberMention]:
    """Every figure-like number in ``text`` (after skipping 文号, ordinals, citation keys, placeholders)."""
    src = blank_skipped(text) if skip else fold(text)
    out: list[NumberMention] = []
    for m in NUMBER_RE.finditer(src):
        raw = m.group(1)
        value = to_decimal(raw)
        if value is None:
            continue
        tail = src[m.end() : m.end() + 6]
        kind, unit = _unit_after(tail)
        is_yearish = len(raw) == 4 and raw[:2] in ("19", "20")
        if kind == "year?":
            kind, unit = ("year", "年") if is_yearish else ("count", "年")
        elif kind == "plain" and is_yearish and _YEAR_RANGE.match(tail + src[m.end() + 6 : m.end() + 12]):
            kind, unit = "year", "年"
        decimals = len(raw.split(".")[1]) if "." in raw else 0
        written = raw + unit
        mention = NumberMention(value, written, m.start(), m.end(), decimals, kind == "year", kind, unit)
        canonical = value * mention.scale
        out.append(
            NumberMention(value, written, m.start(), m.end(), decimals, kind == "year", kind, unit, canonical)
        )
    return out
