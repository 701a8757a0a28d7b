"""Text helpers shared by the narrative rule families (indicator, completeness, boilerplate, problems,
measures, evidence, privacy): normalisation, sentence splitting, "is this a measured value", walking
every piece of text in a report with its location.
"""

from __future__ import annotations

import re
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from functools import lru_cache
from typing import Callable, Iterator, TypeVar

from assistant.privacy import mask_pii
from assistant.report.model import Report, SelfEvalTable
from assistant.report.normalize import squash, to_halfwidth
from assistant.report.roles import part_name
from assistant.review.finding import FindingLocation, at

PUNCT = re.compile(r"[\s，,。.．;；：:、！!？?“”\"'‘’（）()《》〈〉【】\[\]—\-–…·/\\|~～]+")
SENTENCE_END = re.compile(r"(?<=[。；;！!？?\n])")
HAN_NUM = "零一二两三四五六七八九十百千万亿半"
MEASURE_WORDS = (
    "个|项|次|场|人|名|家|处|件|条|所|座|台|套|篇|份|期|批|户|元|倍|成|天|日|周|月|年|季度|小时|分钟|"
    "公里|千米|米|亩|公顷|吨|辆|间|栋|类|种|轮|卷|页|张|本|部|门|只|头|段|站|点|万|千|百"
)
_HAN_MEASURE = re.compile(rf"[{HAN_NUM}]+(?:{MEASURE_WORDS})")
_DATE_WORDS = re.compile(
    r"上半年|下半年|年底|年末|年内|年初|季度|月底|月末|月内|当年|当月|前完成|之前|以前|以内|内完成|工作日|"
    r"翻倍|翻番|全覆盖|百分之"
)
# A bare year ("2022年", "2022年度") is not a measured value unless a month follows.
_BARE_YEAR = re.compile(r"(?:19|20)\d{2}\s*年度?(?!\s*\d{1,2}\s*月)")
ZERO_EVENT = re.compile(
    r"(?:零|无|未发生|未出现|没有出现|没有发生|不出现|不发生|杜绝)[^，,。；;]{0,12}?"
    r"(?:事故|事件|现象|情况|投诉|违纪|违法|违规|差错|问题|案件|跑腿|失误|延误|上访|舆情)"
)


@lru_cache(maxsize=8192)
def _plain(text: str) -> str:
    return PUNCT.sub("", to_halfwidth(text))


def plain(text: str) -> str:
    """Half-width, no whitespace, no punctuation: the form phrase lists are matched against.

    Pure, so memoised on the string (every rule asks for the same paragraphs' plain form).
    """
    return _plain(text or "")


# ------------------------------------------------------------------ per-review memo
#
# Every rule walks the same paragraphs and cells; building the pieces (and their FindingLocation
# models) once per review instead of once per rule halves the rule time. The memo lives only for
# one engine run (``review_scope``), so a Report mutated between two reviews (drafting writes sections
# back) is never served stale pieces; outside a scope (a test calling a rule directly) nothing is cached.

_MEMO: ContextVar[dict | None] = ContextVar("review_memo", default=None)
_T = TypeVar("_T")


@contextmanager
def review_scope():
    """Memoise the text walks of the reports reviewed inside this block."""
    token = _MEMO.set({})
    try:
        yield
    finally:
        _MEMO.reset(token)


def memo(report: Report, name: str, build: Callable[[], _T]) -> _T:
    """``build()`` once per (report, name) inside a ``review_scope``; the identity check guards id reuse."""
    cache = _MEMO.get()
    if cache is None:
        return build()
    key = (id(report), name)
    hit = cache.get(key)
    if hit is not None and hit[0] is report:
        return hit[1]
    value = build()
    cache[key] = (report, value)  # holding the report keeps its id from being reused within the scope
    return value


def clip(text: str, n: int = 80) -> str:
    """Quote text for a message: PII masked, whitespace squashed, cut at ``n`` characters."""
    t = re.sub(r"\s+", " ", mask_pii(text or "")).strip()
    return t if len(t) <= n else t[: n - 1] + "…"


def sentences(text: str) -> list[str]:
    """Split narrative into sentences at 。；！？ and line breaks, also before 一是/二是… and （一）/1、 items."""
    t = text or ""
    t = re.sub(r"(?<!^)(?=[一二三四五六七八九十]是)", "\n", t)
    t = re.sub(r"(?<!^)(?=（[一二三四五六七八九十\d]{1,2}）)", "\n", t)
    t = re.sub(r"(?<![\d.])(?<!^)(?=\d{1,2}[、.．](?!\d))", "\n", t)
    out = [s.strip() for s in SENTENCE_END.split(t)]
    parts: list[str] = []
    for s in out:
        parts.extend(p.strip() for p in s.split("\n"))
    return [p for p in parts if plain(p)]


def clauses(text: str) -> list[str]:
    return [c for c in re.split(r"[，,。；;！!？?\n]", text or "") if plain(c)]


def has_measure(text: str) -> bool:
    """True when the text carries a number, a rate, a date or a time limit (a bare year does not count)."""
    t = _BARE_YEAR.sub("", to_halfwidth(text or ""))
    if re.search(r"\d", t) or "%" in t or "‰" in t:
        return True
    if _HAN_MEASURE.search(t):
        return True
    return bool(_DATE_WORDS.search(t))


def zero_event(text: str) -> bool:
    """'无违纪违法现象' / '零投诉' / '未发生安全事故': a count of zero, which is a measurable value."""
    return bool(ZERO_EVENT.search(to_halfwidth(text or "")))


def contains_any(text: str, words) -> str | None:
    """First phrase of ``words`` found in the plain form of ``text`` (or None)."""
    p = plain(text)
    for w in words:
        if plain(w) and plain(w) in p:
            return w
    return None


def is_blank(text: str | None) -> bool:
    return not squash(text or "").replace("\u3000", "")


# ------------------------------------------------------------------ walking the document


@dataclass(frozen=True)
class TextPiece:
    location: FindingLocation
    text: str
    where: str  # human label for messages, e.g. "第七部分第1段" or "附件1表格第12行"


def iter_paragraphs(report: Report) -> Iterator[TextPiece]:
    """Title, preamble, body paragraphs and attachment notes (not table cells)."""
    return iter(memo(report, "paragraphs", lambda: tuple(_paragraphs(report))))


def iter_cells(report: Report) -> Iterator[TextPiece]:
    """Every non-empty table cell."""
    return iter(memo(report, "cells", lambda: tuple(_cells(report))))


def _paragraphs(report: Report) -> Iterator[TextPiece]:
    if report.title:
        yield TextPiece(at("全文"), report.title, "标题")
    for p in report.preamble:
        yield TextPiece(at("全文", paragraph=p.index), p.text, f"正文前第{p.index + 1}段")
    for s in report.sections:
        for p in s.paragraphs:
            yield TextPiece(at(s.label, paragraph=p.index), p.text, f"{part_name(s)}第{p.index + 1}段")
    for a in report.attachments:
        for p in a.paragraphs:
            yield TextPiece(at(a.label, paragraph=p.index), p.text, f"{a.label}说明文字第{p.index + 1}段")


def _cells(report: Report) -> Iterator[TextPiece]:
    for t in report.tables:
        for r, row in enumerate(t.rows):
            for c, cell in enumerate(row):
                if cell and cell.strip():
                    yield TextPiece(
                        at(t.section, table=t.index, row=r, cell=c), cell, f"{_table_name(t.section)}第{r + 1}行"
                    )


def iter_text(report: Report) -> Iterator[TextPiece]:
    yield from iter_paragraphs(report)
    yield from iter_cells(report)


def _table_name(section: str) -> str:
    return "表格" if section == "全文" else f"{section}表格"


def self_eval_tables(report: Report) -> list[SelfEvalTable]:
    """附件2 (if any) then every 附件3 / standalone project table."""
    out: list[SelfEvalTable] = []
    if report.self_eval is not None:
        out.append(report.self_eval)
    out.extend(report.projects or [])
    return out


def table_label(se: SelfEvalTable) -> str:
    """How messages name a self-evaluation table."""
    if se.section == "附件2":
        return "附件2整体支出绩效自评表"
    name = f"（{se.name}）" if se.name else ""
    if se.section == "全文":
        return f"项目支出绩效自评表{name}"
    return f"{se.section}项目支出绩效自评表{name}"


def row_location(se: SelfEvalTable, row, cell: int | None = None) -> FindingLocation:
    """Location of an indicator row; ``cell`` (e.g. ``row.actual_cell``) points at one cell of it."""
    src = getattr(row, "source", None)
    if src is not None:
        return at(src.section, table=src.table, row=src.row, cell=cell)
    return at(se.section, table=se.table)
