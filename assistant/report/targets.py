"""Compare an indicator's 实际完成值 with its 年度指标值 (direction, units, dates, counts) and its 得分 with 分值.

A target reads as ``op value unit`` (``≥4场``, ``不低于98%``, ``1.5万人次以上``, ``≤1.0元/页``, ``5个工作日以内``)
or as a deadline (``2023年12月31日前``, ``12月底前``); an actual as ``value unit`` or a date. Without a written
direction the target is a floor (``100%``, ``8000卷``) unless it is zero or the indicator is a cost, a time or
an adverse count (``0起`` 安全事故, ``单价``) — then it is a ceiling. Values that cannot be compared (different
units, text only) are left alone: :func:`shortfall` then only reports a 得分 below the 分值.
All arithmetic is Decimal.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Literal

from assistant.report.model import IndicatorRow

Op = Literal[">=", "<=", ">", "<"]

_FOLD = str.maketrans("０１２３４５６７８９．，％＜＞＝", "0123456789.,%<>=")
_PREFIX_OPS: tuple[tuple[str, Op], ...] = (
    ("大于等于", ">="), ("小于等于", "<="), ("不低于", ">="), ("不少于", ">="), ("不小于", ">="), ("不高于", "<="),
    ("不超过", "<="), ("不多于", "<="), ("不大于", "<="), ("至少", ">="), ("达到", ">="), ("控制在", "<="),
    ("≥", ">="), (">=", ">="), ("≧", ">="), ("≤", "<="), ("<=", "<="), ("≦", "<="), (">", ">"), ("<", "<"),
    ("大于", ">"), ("高于", ">"), ("超过", ">"), ("小于", "<"), ("低于", "<"), ("达", ">="),
)
_SUFFIX_OPS: tuple[tuple[str, Op], ...] = (
    ("及以上", ">="), ("以上", ">="), ("及以下", "<="), ("以下", "<="), ("以内", "<="), ("之内", "<="), ("内", "<="),
    ("之前", "<="), ("以前", "<="), ("前", "<="),
)
_NUM = re.compile(r"(\d+(?:,\d{3})*(?:\.\d+)?)\s*(万|亿|千)?")
_DATE = re.compile(r"(?:(\d{4})\s*年\s*)?(\d{1,2})\s*月\s*(?:(\d{1,2})\s*日|(底|末|下旬|中旬|上旬))?")
_YEAR_END = re.compile(r"(?:(\d{4})\s*年\s*)?年(?:底|末)|(\d{4})\s*年\s*(?:底|末)")
_MULT = {"万": Decimal(10000), "亿": Decimal(100000000), "千": Decimal(1000), None: Decimal(1)}
CEILING_WORDS = ("事故", "投诉", "辍学", "差错", "违规", "违纪", "案件", "成本", "单价", "费用", "时间", "时长",
                 "天数", "周期", "用时", "发生率", "损失", "超支")


@dataclass(frozen=True)
class Value:
    """A measured or target value: a number with its unit, or a date."""

    number: Decimal | None = None
    unit: str = ""
    day: date | None = None


@dataclass(frozen=True)
class Target:
    op: Op
    value: Value


@dataclass(frozen=True)
class Shortfall:
    """An indicator that missed its target (``missed``) or lost points (score below weight)."""

    row: IndicatorRow
    missed: bool  # the actual value is on the wrong side of the target
    lost_points: bool  # 得分 < 分值


def _fold(text: str) -> str:
    return (text or "").translate(_FOLD).replace("　", "").replace(" ", "").strip().rstrip("。；;，,")


def _day(m: re.Match, year: int | None) -> date | None:
    y = int(m.group(1)) if m.group(1) else year
    if y is None:
        return None
    month = int(m.group(2))
    if not 1 <= month <= 12:
        return None
    last = calendar.monthrange(y, month)[1]
    if m.group(3):
        d = min(int(m.group(3)), last)
    elif m.group(4) in ("上旬",):
        d = 10
    elif m.group(4) in ("中旬",):
        d = 20
    else:  # 底/末/下旬/month only: the whole month counts
        d = last
    return date(y, month, d)


def parse_value(text: str, year: int | None = None) -> Value | None:
    """The first value written in ``text``: a date (``2023年12月15日``) or a number with its unit."""
    t = _fold(text)
    if not t:
        return None
    m = _DATE.search(t)
    if m:
        day = _day(m, year)
        return Value(day=day) if day else None
    m = _YEAR_END.search(t)
    if m:
        y = int(m.group(1) or m.group(2) or 0) or year
        return Value(day=date(y, 12, 31)) if y else None
    m = _NUM.search(t)
    if not m:
        return None
    try:
        number = Decimal(m.group(1).replace(",", "")) * _MULT[m.group(2)]
    except InvalidOperation:
        return None
    unit = t[m.end() :]
    for word, _ in _SUFFIX_OPS:
        if unit.endswith(word):
            unit = unit[: -len(word)]
            break
    unit = re.split(r"[（(，,；;、]", unit)[0]
    return Value(number=number, unit=unit)


def parse_target(text: str, name: str = "", year: int | None = None) -> Target | None:
    """The direction and value of a 年度指标值."""
    t = _fold(text)
    value = parse_value(t, year)
    if value is None:
        return None
    op: Op | None = None
    for word, o in _PREFIX_OPS:
        if t.startswith(word):
            op = o
            break
    if op is None:
        for word, o in _SUFFIX_OPS:
            if t.endswith(word):
                op = o
                break
    if op is None:
        if value.day is not None:
            op = "<="  # a date target is a deadline
        elif value.number == 0 or any(w in name for w in CEILING_WORDS):
            op = "<="
        else:
            op = ">="
    return Target(op=op, value=value)


def _comparable(a: Value, b: Value) -> bool:
    if (a.day is None) != (b.day is None):
        return False
    if a.day is not None:
        return True
    return a.number is not None and b.number is not None and (not a.unit or not b.unit or a.unit == b.unit)


def meets(target: Target, actual: Value) -> bool | None:
    """True/False when the actual can be compared with the target, None when it cannot."""
    if not _comparable(target.value, actual):
        return None
    if actual.day is not None:
        a, b = actual.day.toordinal(), target.value.day.toordinal()  # type: ignore[union-attr]
    else:
        a, b = actual.number, target.value.number  # type: ignore[assignment]
    return {">=": a >= b, "<=": a <= b, ">": a > b, "<": a < b}[target.op]


def shortfall(row: IndicatorRow, year: int | None = None) -> Shortfall | None:
    """How this indicator fell short, or None when it met its target and kept its points."""
    target = parse_target(row.target, row.level3, year)
    actual = parse_value(row.actual, year)
    missed = False
    if target is not None and actual is not None:
        if actual.day is not None and target.value.day is not None and not re.search(r"\d{4}\s*年", _fold(row.actual)):
            actual = Value(day=actual.day.replace(year=target.value.day.year))
        missed = meets(target, actual) is False
    lost = bool(row.weight and row.score and row.score.value < row.weight.value)
    if not missed and not lost:
        return None
    return Shortfall(row=row, missed=missed, lost_points=lost)


MEASURE_HINTS = ("下年", "下一年", "明年", "下一步", "今后", "后续", "已实施", "已采取", "已启动", "已开展", "将",
                 "拟", "计划", "改用", "扩建", "补足", "加强", "完善", "推进", "整改", "争取", "措施")


def split_note(note: str, year: int | None = None) -> tuple[str, str]:
    """(cause, measure) clauses of a 偏差原因分析及改进措施 cell, each as written ('' when absent)."""
    clauses = [c.strip() for c in re.split(r"[，,；;。]", (note or "").strip()) if c.strip()]
    cause, measure = [], []
    for c in clauses:
        later_year = bool(year and re.match(r"(\d{4})年", c) and int(c[:4]) > year)
        (measure if later_year or any(h in c for h in MEASURE_HINTS) else cause).append(c)
    return "，".join(cause), "，".join(measure)
