"""Text helpers shared by the narrative rule families (indicator, completeness, boilerplate, problems,
measures, evidence, privacy): normalisation, sentence splitting, "is this a measured value", walking
every piece of text in a report with its location.
"""

from __future__ import annotations

import functools
import itertools
import re
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache
from typing import Any, Callable, Iterator, TypeVar

from assistant.privacy import mask_pii
from assistant.report.model import Report, SelfEvalTable
from assistant.report.normalize import squash, to_halfwidth
from assistant.report.roles import part_name
from assistant.review.finding import FindingLocation, at

PUNCT = re.compile(r"[\s，,。.．;；：:、！!？?“”\"'‘’（）()《》〈〉【】\[\]—\-–…·/\\|~～]+")
SENTENCE_END = re.compile(r"(?<=[。；;！!？?\n])")
_DIGIT = re.compile(r"\d")
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


_PLAIN_WORDS: dict[int, tuple[Any, tuple[str, ...]]] = {}


def plain_words(words) -> tuple[str, ...]:
    """``plain`` of every phrase of a profile's list, in order; worked out once per list (the list is held
    with its answer, so its id is not reused while cached)."""
    hit = _PLAIN_WORDS.get(id(words))
    if hit is not None and hit[0] is words:
        return hit[1]
    if len(_PLAIN_WORDS) > 512:  # lists made per call would otherwise pile up
        _PLAIN_WORDS.clear()
    value = tuple(plain(w) for w in words)
    _PLAIN_WORDS[id(words)] = (words, value)
    return value


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


def per_text(fn: Callable[[str, Any], _T]) -> Callable[[str, Any], _T]:
    """Memoise ``fn(text, phrases)`` inside a ``review_scope``: several rules ask the same question of the same
    paragraph or cell (is it a template marker, an instruction?), and the answer depends only on the text and the
    profile's phrases. Outside a scope it is a plain call."""

    name = f"text:{fn.__name__}"

    @functools.wraps(fn)
    def wrapper(text: str, phrases) -> _T:
        cache = _MEMO.get()
        if cache is None:
            return fn(text, phrases)
        table = cache.get(name)
        if table is None or table[0] is not phrases:  # the phrases are held, so their id is not reused
            table = cache[name] = (phrases, {})
        answers = table[1]
        if text not in answers:
            answers[text] = fn(text, phrases)
        return answers[text]

    return wrapper


def rule_findings(r, report: Report, ctx) -> list:
    """Rule ``r``'s findings on ``report``, run once per ``review_scope``: the engine and a rule that reads other
    rules' findings (SCO010) share one run."""
    return memo(report, f"rule:{r.id}", lambda: list(r.func(report, ctx) or ()))


_SPACES = re.compile(r"\s+")
_BEFORE_SHI = re.compile(r"(?<!^)(?=[一二三四五六七八九十]是)")
_BEFORE_PAREN_ITEM = re.compile(r"(?<!^)(?=（[一二三四五六七八九十\d]{1,2}）)")
_BEFORE_NUM_ITEM = re.compile(r"(?<![\d.])(?<!^)(?=\d{1,2}[、.．](?!\d))")


def clip(text: str, n: int = 80) -> str:
    """Quote text for a message: PII masked, whitespace squashed, cut at ``n`` characters."""
    t = _SPACES.sub(" ", mask_pii(text or "")).strip()
    return t if len(t) <= n else t[: n - 1] + "…"


@lru_cache(maxsize=4096)
def sentences(text: str) -> tuple[str, ...]:
    """Split narrative into sentences at 。；！？ and line breaks, also before 一是/二是… and （一）/1、 items.

    Pure, so memoised on the string (several rules split the same paragraphs)."""
    t = text or ""
    t = _BEFORE_SHI.sub("\n", t)
    t = _BEFORE_PAREN_ITEM.sub("\n", t)
    t = _BEFORE_NUM_ITEM.sub("\n", t)
    out = [s.strip() for s in SENTENCE_END.split(t)]
    parts: list[str] = []
    for s in out:
        parts.extend(p.strip() for p in s.split("\n"))
    return tuple(p for p in parts if plain(p))


def clauses(text: str) -> list[str]:
    return [c for c in re.split(r"[，,。；;！!？?\n]", text or "") if plain(c)]


def has_measure(text: str) -> bool:
    """True when the text carries a number, a rate, a date or a time limit (a bare year does not count)."""
    t = _BARE_YEAR.sub("", to_halfwidth(text or ""))
    if _DIGIT.search(t) or "%" in t or "‰" in t:
        return True
    if _HAN_MEASURE.search(t):
        return True
    return bool(_DATE_WORDS.search(t))


def zero_event(text: str) -> bool:
    """'无违纪违法现象' / '零投诉' / '未发生安全事故': a count of zero, which is a measurable value."""
    return bool(ZERO_EVENT.search(to_halfwidth(text or "")))


_JUDGABLE = re.compile(r"(?:符合|达到|通过|满足)[^，。；]{0,15}(?:标准|规范|要求|验收|等级|考核|规定)")


def quantified_target(target: str) -> bool:
    """A 年度指标值 that can be measured: a number, rate, date or time limit, a zero count, or a standard."""
    return has_measure(target) or zero_event(target) or bool(_JUDGABLE.search(to_halfwidth(target or "")))


def _residual(value: str, words: list[str]) -> str:
    p = plain(value)
    for w in sorted(words, key=len, reverse=True):
        p = p.replace(plain(w), "")
    return p


def unmeasured_actual(actual: str, target: str, phrases) -> str | None:
    """Why a 实际完成值 is not a measured value comparable with its 年度指标值, or None when it is.

    'blank'; 'not_a_value' (only completion/grade words of the profile, e.g. 已完成、良好); 'qualitative' (only
    generic words such as 显著提升, none of them a ``not_a_value`` completion claim, against a target that is itself
    qualitative); 'not_comparable' (the target is quantified, the actual carries no figure).
    """
    if is_blank(actual):
        return "blank"
    if has_measure(actual) or zero_event(actual):
        return None
    if len(_residual(actual, phrases.generic_value_words + phrases.not_a_value)) < 4:
        if not has_measure(target) and not contains_any(actual, phrases.not_a_value):
            # generic words ("显著提升") answering a qualitative target, with no completion claim ("已完成")
            return "qualitative"
        return "not_a_value"
    if has_measure(target):
        return "not_comparable"
    return None


@lru_cache(maxsize=256)
def any_of(words: tuple[str, ...]) -> re.Pattern:
    """One pattern matching any of ``words`` literally: a screen that finds in one scan whether a text holds
    any of a long phrase list (which one comes first in the list is still asked word by word)."""
    alts = sorted({w for w in words if w}, key=len, reverse=True)
    return re.compile("|".join(map(re.escape, alts))) if alts else re.compile(r"(?!)")


def contains_any(text: str, words) -> str | None:
    """First phrase of ``words`` found in the plain form of ``text`` (or None)."""
    p = plain(text)
    for w, pw in zip(words, plain_words(words), strict=True):
        if pw and pw in p:
            return w
    return None


def is_blank(text: str | None) -> bool:
    return not squash(text or "").replace("\u3000", "")


# ------------------------------------------------------------------ walking the document


@dataclass(frozen=True)
class TextPiece:
    """One paragraph or table cell with where it is. ``location`` is built on first use: most pieces never
    carry a finding, and a report has hundreds of them."""

    section: str
    text: str
    where: str  # human label for messages, e.g. "第七部分第1段" or "附件1表格第12行"
    paragraph: int | None = None
    table: int | None = None
    row: int | None = None
    cell: int | None = None

    @functools.cached_property
    def location(self) -> FindingLocation:
        return at(self.section, paragraph=self.paragraph, table=self.table, row=self.row, cell=self.cell)


def iter_paragraphs(report: Report) -> Iterator[TextPiece]:
    """Title, preamble, body paragraphs and attachment notes (not table cells)."""
    return iter(memo(report, "paragraphs", lambda: tuple(_paragraphs(report))))


def iter_cells(report: Report) -> Iterator[TextPiece]:
    """Every non-empty table cell."""
    return iter(memo(report, "cells", lambda: tuple(_cells(report))))


def _paragraphs(report: Report) -> Iterator[TextPiece]:
    if report.title:
        yield TextPiece("全文", report.title, "标题")
    for p in report.preamble:
        yield TextPiece("全文", p.text, f"正文前第{p.index + 1}段", paragraph=p.index)
    for s in report.sections:
        for p in s.paragraphs:
            yield TextPiece(s.label, p.text, f"{part_name(s)}第{p.index + 1}段", paragraph=p.index)
    for a in report.attachments:
        for p in a.paragraphs:
            yield TextPiece(a.label, p.text, f"{a.label}说明文字第{p.index + 1}段", paragraph=p.index)


def _cells(report: Report) -> Iterator[TextPiece]:
    for t in report.tables:
        name = _table_name(t.section)
        for r, row in enumerate(t.rows):
            for c, cell in enumerate(row):
                if cell and cell.strip():
                    yield TextPiece(t.section, cell, f"{name}第{r + 1}行", table=t.index, row=r, cell=c)


def iter_text(report: Report) -> Iterator[TextPiece]:
    return itertools.chain(iter_paragraphs(report), iter_cells(report))


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
    if se.unit_level or ((se.by_income or se.by_nature) and se.section in ("全文", "附件1")):
        # a form titled 部门整体…自评表; 按收入性质分 / 按支出性质分 rows belong to the 部门整体 form, not to a
        # project's
        return "整体支出绩效自评表"
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


# ---------------------------------------------------------------- template / instruction text (BOI001, EVD002)

# Markers that are template text on their own, whatever surrounds them.
_PLACEHOLDER_NAME = re.compile(r"[XＸ×]{2,}")
_BRACKET_NOTE = re.compile(
    r"[（(][^（）()]{0,20}(?:一个|每个|每项|如有|如无|可选|选填|必填|此处|示例|例如|填写|填报|请)[^（）()]{0,20}[）)]"
)
_FROM_ASPECTS = re.compile(r"从[^。；]{2,80}等(?:方面|角度|维度)")
_MODAL_VERB = re.compile(r"(?:需要|需|应当|应|须|请|要)(?:填报|填写|填列|说明|列明|反映|阐述|分析|总结|描述|附上|注明)")
_NOTE_PREFIX = re.compile(r"^(?:说明|注|备注|填表说明|填报说明)[:：]")
_NUMBERING = re.compile(r"^(?:（[一二三四五六七八九十\d]{1,2}）|[一二三四五六七八九十]、|\d{1,2}[、.．])")
_FACT = re.compile(r"\d|[了]|共计|累计|全年共")
# References and list numbering carry digits but no facts ("附件2", "表3", "1.运行成本").
_NOT_FACT_DIGITS = re.compile(r"附件\s*\d+|附表\s*\d+|表\s*\d+|(?:^|[：:；;，,（(\s])\d{1,2}[.、．](?!\d)")

# Notes addressed to the writer, not to the reader: whatever surrounds them, they are template text.
_WRITER_NOTES: tuple[tuple[re.Pattern, str], ...] = (
    (re.compile(r"(?:报送|提交|上报|公开|定稿|印发)前(?:请)?删除|删除(?:本|此|该)(?:说明|提示|注释|括注|段)"), "要求删除本说明"),
    (re.compile(r"^[【\[［(（〔〖]?\s*(?:填报|填表|填写|编写|撰写)(?:说明|要求|提示|指引|须知)\s*[:：]"), "填报说明"),
    (re.compile(r"(?:本部分|本节|此部分|该部分|本栏|此栏|本项)(?:内容)?(?:应|应当|须|需|需要|要|请)"
                r"(?:包括|包含|涵盖|说明|反映|填写|填报|阐述|分析|围绕|写明|列明)(?!的是)"), "规定本部分应写什么"),
    (re.compile(r"请(?:结合|对照|按照|参照|根据|依据|按|在|于|围绕|从|就)[^。；]{0,40}?"
                r"(?:填写|填报|撰写|编写|补充|列示|列明|说明|阐述|分析|描述|总结|论述)"),
     "请……填写"),
    (re.compile(r"^[【\[［(（〔〖]?\s*(?:注|说明|备注|提示)\s*[:：][^。]{0,40}?(?:应|须|需|请|要)(?:当|要)?"
                r"(?:填写|填报|说明|列明|写明|注明|结合|对照|包括|删除)"), "写给填报人的注释"),
)


# every note above has one of these (a cheap screen: most paragraphs and cells have none)
_WRITER_NOTE_KEYS = ("删除", "部分", "本节", "栏", "本项", "请", ":", "：")


def writer_note(text: str) -> str | None:
    """A note addressed to whoever fills in the template ("正式报送前删除本说明", "本部分应包括：…")."""
    t = to_halfwidth(text).strip()
    if not any(k in t for k in _WRITER_NOTE_KEYS):
        return None
    for rx, label in _WRITER_NOTES:
        if rx.search(t):
            return label
    return None


@per_text
def instruction_cues(text: str, phrases) -> tuple[str, ...]:
    """The instruction signals found in a paragraph (each a short Chinese label; a tuple, as answers are shared between rules)."""
    t = to_halfwidth(text).strip()
    body = _NOTE_PREFIX.sub("", _NUMBERING.sub("", t)).lstrip("“\"")
    cues: list[str] = []
    verbs = [v for v in phrases.instruction_verbs if body.startswith(v)]
    if verbs:
        cues.append(f"以“{verbs[0]}”开头的祈使句")
    clause_verbs = {
        v for c in re.split(r"[，,；;。]", body)[1:] for v in phrases.instruction_verbs if c.strip().startswith(v)
    }
    if clause_verbs:
        cues.append(f"祈使分句“{'、'.join(sorted(clause_verbs))}”")
    for m in phrases.boilerplate:
        if m in t and m not in phrases.template_markers:
            cues.append(f"“{m}”")
    if _FROM_ASPECTS.search(t):
        cues.append("“从……等方面”")
    if _MODAL_VERB.search(t):
        cues.append(f"“{_MODAL_VERB.search(t).group(0)}”")
    if _NOTE_PREFIX.match(t):
        cues.append("“说明：”填表注释")
    if "衡量" in t and "衡量" not in verbs and "衡量" not in clause_verbs:
        cues.append("“衡量”")
    return tuple(dict.fromkeys(cues))


@per_text
def strong_marker(text: str, phrases) -> str | None:
    """The template marker in a paragraph (a profile marker, a bracketed note, a writer's note, XX)."""
    t = to_halfwidth(text)
    for m in phrases.template_markers:
        if m in t:
            return m
    m = _BRACKET_NOTE.search(t)
    if m:
        return m.group(0)
    note = writer_note(t)
    if note:
        return note
    m = _PLACEHOLDER_NAME.search(t)
    return m.group(0) if m else None


@per_text
def is_instruction(text: str, phrases) -> bool:
    """True when a paragraph tells the writer what to do instead of reporting the unit's facts."""
    if strong_marker(text, phrases):
        return True
    if _FACT.search(_NOT_FACT_DIGITS.sub("", to_halfwidth(_strip_quotes(text)))):
        return False  # the unit's own facts: not a prompt, whatever its wording
    return len(instruction_cues(text, phrases)) >= 2


_SHORT_QUOTE = re.compile(r"“[^”]{0,20}”")


def _strip_quotes(text: str) -> str:
    return _SHORT_QUOTE.sub("", text)


# ---------------------------------------------------------------- what section 七 says (PRB*, MEA002)

_NEG_CLAIM = re.compile(
    r"(?:不存在|未发现|没有发现|暂未发现|未见|没有|没|无(?![法故序力效偿纸])|暂无|未出现|不涉及)[^。；;，,]{0,14}?"
    r"(?:问题|不足|困难|未完成|偏差|差距|短板|薄弱环节|缺陷|情况)"
)
_NEGATED = re.compile(r"未|没有|不(?!断)|尚")
_NEGATION_CHAR = re.compile(r"[不未无没]")
_SHORTFALL = re.compile(r"(?:未|没有|尚未|没)[^，,。；;]{0,4}(?:完成|达到|达成|实现|到位|落实)|低于|少于")
_COMPLETION = re.compile(
    r"(?:均|全部|各项|已|都|圆满|顺利|全面)[^。；;]{0,8}?(?:完成|达到|达成|实现|到位)|任务达成|达到预期|达成预期"
)
_FILLER = re.compile(r"(?:19|20)\d{2}年度?|本年度|本年|年度|本单位|我单位|本部门|我部门|经自查|经检查|情况|目前|截至")
_ENUM = re.compile(r"^(?:[一二三四五六七八九十]是|（[一二三四五六七八九十\d]{1,2}）|\d{1,2}[、.．])")
_HEADINGS = {"存在的问题", "存在问题", "问题", "原因分析", "原因", "存在的问题及原因分析", "主要问题", "问题及原因"}
_TURN = re.compile(r"(?=但是|但|不过|然而)")
_CAUSE = re.compile(r"受[^。；;，,]{1,15}影响")


@dataclass
class ProblemAnalysis:
    """What section 七 says, sentence by sentence."""

    text: str = ""
    claims: list[tuple[int, str]] = field(default_factory=list)  # (paragraph, sentence) claiming no problems
    problems: list[tuple[int, str]] = field(default_factory=list)  # concrete problem statements
    funding: list[tuple[int, str]] = field(default_factory=list)  # problems that are only about money
    has_cause: bool = False

    @property
    def empty(self) -> bool:
        return not plain(self.text)


def _is_claim(sentence: str, phrases) -> bool:
    t = to_halfwidth(sentence)
    if _NEG_CLAIM.search(t):
        return True
    core = plain(_FILLER.sub("", t))
    if core in {"无", "暂无", "没有", "不存在", "无问题", "没有问题", "无此情况", "无此项", "不涉及"} or not core:
        return True
    negated = bool(_NEGATED.search(t))
    pt = plain(t)
    for w, pw in zip(phrases.no_problems, plain_words(phrases.no_problems), strict=True):
        if len(w) >= 4 and pw in pt and (_NEGATION_CHAR.search(w) or not negated):
            return True
    return bool(_COMPLETION.search(t)) and not negated


def _is_problem(sentence: str, phrases) -> bool:
    p = plain(_ENUM.sub("", to_halfwidth(sentence).strip()))
    if len(p) < 4 or p in _HEADINGS:
        return False
    if any(w in p for w in plain_words(phrases.problem_words)) or any(w in p for w in plain_words(phrases.funding_only)):
        return True
    if _SHORTFALL.search(to_halfwidth(sentence)):
        return True
    return bool(_ENUM.match(to_halfwidth(sentence).strip())) and len(p) >= 6


def analyse_problems(report, phrases) -> ProblemAnalysis | None:
    """None when the report has no section 七."""
    sec = report.by_role("problems")
    if sec is None:
        return None
    out = ProblemAnalysis(text=sec.text)
    funding_words = plain_words(phrases.funding_only) + plain_words(phrases.funding_gap)
    for p in sec.paragraphs:
        for s in sentences(p.text):
            for part in (x for x in _TURN.split(s) if plain(x)):
                if _is_claim(part, phrases):
                    out.claims.append((p.index, part))
                elif _is_problem(part, phrases):
                    out.problems.append((p.index, part))
                    pp = plain(part)
                    if any(w in pp for w in funding_words):
                        out.funding.append((p.index, part))
    body = "\n".join(
        to_halfwidth(p.text) for p in sec.paragraphs if plain(_ENUM.sub("", p.text.strip())) not in _HEADINGS
    )
    out.has_cause = any(w in body for w in phrases.cause_words) or bool(_CAUSE.search(body))
    return out


# ---------------------------------------------------------------- figures stated in prose

_AMOUNT_UNITS = {"元": Decimal("0.0001"), "万元": Decimal("1"), "亿元": Decimal("10000")}
PROSE_AMOUNT = re.compile(
    r"(?P<pre>约|近|超过|超|逾|不足|不到|达)?(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)\s*(?P<approx>余|多)?\s*(?P<unit>亿元|万元|元)"
    r"(?P<post>左右|以上|以下|以内|多)?(?![/／每])"  # 0.94元/页 is a unit price, not an amount
)
_PAREN = re.compile(r"（[^（）]*）|\([^()]*\)")
# one innermost bracketed aside, either bracket width on either side ("（含结转5个)")
BRACKETED_ASIDE = re.compile(r"[（(][^（）()]*[）)]")


@dataclass(frozen=True)
class ProseAmount:
    """An amount written in prose, converted exactly to 万元, with the half-unit of its written precision."""

    value: Decimal  # 万元
    raw: str
    decimals: int  # digits after the point as written
    unit: str
    approximate: bool
    start: int
    end: int

    @property
    def factor(self) -> Decimal:
        """万元 per one written unit (元 0.0001, 万元 1, 亿元 10000)."""
        return _AMOUNT_UNITS[self.unit]

    def half_unit(self, decimals: int | None = None) -> Decimal:
        d = self.decimals if decimals is None else decimals
        return Decimal(5) * Decimal(10) ** (-(d + 1)) * _AMOUNT_UNITS[self.unit]


def prose_amounts(text: str) -> list[ProseAmount]:
    """Amounts with a money unit (元/万元/亿元) in a stretch of prose, in order; 万元 exact (Decimal)."""
    out: list[ProseAmount] = []
    for m in PROSE_AMOUNT.finditer(text or ""):
        num = m.group("num").replace(",", "")
        if num.count(".") > 1:
            continue
        value = Decimal(num) * _AMOUNT_UNITS[m.group("unit")]
        decimals = len(num.split(".")[1]) if "." in num else 0
        approx = bool(m.group("pre") in ("约", "近", "超过", "超", "逾", "不足", "不到") or m.group("approx")
                      or m.group("post"))
        out.append(ProseAmount(value, m.group(0), decimals, m.group("unit"), approx, m.start(), m.end()))
    return out


def drop_parentheses(text: str) -> str:
    """The text without parenthesised asides ("（含结转项目5个）"), nested ones included."""
    prev = None
    t = text or ""
    while prev != t:
        prev, t = t, _PAREN.sub("", t)
    return t
