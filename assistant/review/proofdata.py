"""Data of the 公文规范 proofreading rules: known documents and their 文号, word confusions, severities.

Two shipped files under ``assistant/review/reference/``: ``proofreading.toml`` (curated by hand) and
``known_documents.json`` (generated from ``knowledge/`` by ``python -m assistant.knowledge.doc_numbers``).
Also the one place that reads a 文号 in any of its written forms and gives its standard form.
"""

from __future__ import annotations

import json
import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

from assistant.errors import ConfigError
from assistant.report.normalize import to_halfwidth

DATA = Path(__file__).parent / "reference"
PROOF_FILE = DATA / "proofreading.toml"
KNOWN_FILE = DATA / "known_documents.json"



class KnownDocument(BaseModel):
    model_config = ConfigDict(extra="forbid")
    title: str = Field(description="Official title, without 《》.")
    wenhao: str = Field(description="文号 in the standard form 机关代字〔年份〕序号号.")
    aliases: list[str] = Field(default_factory=list, description="Other exact titles it is cited by.")
    superseded_by: str = Field("", description="文号 of the document that replaced it, if any.")
    superseded_year: int | None = Field(None, description="First budget year it no longer applies to.")
    doc: str = Field("", description="Knowledge-base file it comes from (generated entries).")


class Confusion(BaseModel):
    model_config = ConfigDict(extra="forbid")
    pattern: str = Field(description="Regex; the whole match is the wrong text.")
    right: str = Field(description="Replacement template (re: \\g<name> reuses a group).")
    context: str = Field("", description="Regex the paragraph (or cell) must also match, if given.")
    why: str = Field(description="Why it is wrong (Chinese, shown to the user).")
    fires: list[str] = Field(description="Sentences where it must fire (tested).")
    quiet: list[str] = Field(default_factory=list, description="Sentences where it must stay quiet (tested).")

    @property
    def regex(self) -> re.Pattern:
        return _compile(self.pattern)

    def applies(self, paragraph: str) -> bool:
        return not self.context or bool(_compile(self.context).search(paragraph))


class ProofData(BaseModel):
    model_config = ConfigDict(extra="forbid")
    documents: list[KnownDocument] = Field(default_factory=list, description="Curated national documents.")
    confusions: list[Confusion] = Field(default_factory=list, description="Word confusions.")


@lru_cache(maxsize=256)
def _compile(pattern: str) -> re.Pattern:
    return re.compile(pattern)


@lru_cache(maxsize=256)
def required_chars(pattern: str) -> frozenset[str] | None:
    """Characters one of which every match of ``pattern`` contains (None when that cannot be worked out):
    a text with none of them cannot match, so a rule need not run the pattern over it. Read from the
    pattern's parse by the standard library's own regex parser; lookarounds are not part of a match."""
    try:
        from re import _parser as sre  # the stdlib parser behind re.compile (no public equivalent)

        parsed = sre.parse(pattern)
        if parsed.state.flags & (re.IGNORECASE | re.VERBOSE):
            return None
        return _required(list(parsed), sre)
    except Exception:  # noqa: BLE001 - another Python's parser may differ: then no screen, never a wrong one
        return None


def _required(items, sre) -> frozenset[str] | None:
    for op, av in items:
        if op == sre.LITERAL:
            return frozenset(chr(av))
        if op == sre.SUBPATTERN:
            found = _required(list(av[-1]), sre)
        elif op == sre.BRANCH:
            each = [_required(list(alt), sre) for alt in av[1]]
            found = frozenset().union(*each) if all(each) else None
        elif op == sre.IN and av and all(o == sre.LITERAL for o, _ in av):
            found = frozenset(chr(v) for _, v in av)
        elif op in (sre.MAX_REPEAT, sre.MIN_REPEAT) and av[0] >= 1:
            found = _required(list(av[2]), sre)
        else:
            continue
        if found:
            return found
    return None


@lru_cache(maxsize=4)
def load_proof_data(path: Path = PROOF_FILE, known: Path = KNOWN_FILE) -> ProofData:
    """The curated data plus the generated knowledge-base documents (curated entries first)."""
    try:
        data = ProofData.model_validate(tomllib.loads(path.read_text(encoding="utf-8")))
        generated = [KnownDocument.model_validate(d) for d in json.loads(known.read_text(encoding="utf-8"))]
    except (OSError, ValueError) as exc:  # tomllib/json/pydantic errors are ValueErrors
        raise ConfigError(f"公文规范数据文件无效 / invalid proofreading data: {exc}") from None
    try:
        for c in data.confusions:  # a bad pattern fails here, at load
            _compile(c.pattern)
            _compile(c.context)
    except re.error as exc:
        raise ConfigError(f"公文规范数据文件中的正则表达式无效 / invalid pattern in proofreading data: {exc}") from None
    return data.model_copy(update={"documents": data.documents + generated})


# ---------------------------------------------------------------- 文号

HAN = "\u4e00-\u9fa5"
_OPEN = "〔[【［(（〖{"
_CLOSE = "〕]】］)）〗}"
# 机关代字 + bracketed year + 序号 + 号; the year may be cut short, the 序号 may carry 第 or leading zeros
WENHAO = re.compile(
    rf"(?P<org>[{HAN}]{{1,12}})\s*(?P<open>[{re.escape(_OPEN)}])\s*(?P<year>\d{{2,4}})\s*(?P<close>[{re.escape(_CLOSE)}])"
    rf"\s*(?P<di>第)?\s*(?P<num>\d{{1,5}})\s*(?P<hao>[号號])?"
)
# the bracketed year every 文号 has: a cheap screen before the costly match (its 机关代字 may start at any Han
# character, so WENHAO tries every position of a text that has none)
_BRACKETED_YEAR = re.compile(rf"[{re.escape(_OPEN)}]\s*\d{{2,4}}\s*[{re.escape(_CLOSE)}]")
# words that end the running text before a 机关代字 ("根据财预…", "文件精神…", "财政局呼财农指…")
_LEAD = re.compile(r"^.*(?:根据|依据|按照|参照|对照|执行|落实|关于|印发|下达|转发|文件|通知|精神|要求|规定|以及|和|与|及|的|按|据|照|局|厅)")


@dataclass(frozen=True)
class WenhaoMatch:
    raw: str  # as written (机关代字 trimmed of running text)
    standard: str  # 机关代字〔YYYY〕N号
    org: str
    year: str  # four digits (a two-digit year is read as 20YY)
    number: int
    problems: tuple[str, ...]  # what is wrong with the written form
    start: int
    end: int
    has_hao: bool


@lru_cache(maxsize=4096)
def find_wenhao(text: str) -> tuple[WenhaoMatch, ...]:
    """Every 文号-shaped string in ``text`` with its standard form and what is wrong with how it is written
    (memoised: several rules read the 文号 of the same paragraphs and cells)."""
    out: list[WenhaoMatch] = []
    if not text or not _BRACKETED_YEAR.search(text):
        return ()
    for m in WENHAO.finditer(text):
        org = _LEAD.sub("", m.group("org"))[-6:]
        if not org:
            continue
        start = m.start("org") + len(m.group("org")) - len(org)
        year = m.group("year")
        if len(year) == 3 or (len(year) == 4 and not year.startswith(("19", "20"))):
            continue  # not a year: not a 文号
        problems: list[str] = []
        if m.group("open") != "〔" or m.group("close") != "〕":
            problems.append(f"年份应使用六角括号“〔〕”，不用“{m.group('open')}{m.group('close')}”")
        if len(year) == 2:
            problems.append("年份应标全称（四位数字）")
            year = "20" + year
        if m.group("di"):
            problems.append("发文顺序号前不加“第”字")
        num = m.group("num")
        if num.startswith("0"):
            problems.append("发文顺序号不编虚位（如1不编为01）")
        if int(num) == 0:
            continue
        hao = m.group("hao")
        end = m.end()
        out.append(WenhaoMatch(
            raw=re.sub(r"\s+", "", text[start:end]),
            standard=f"{org}〔{year}〕{int(num)}号",
            org=org, year=year, number=int(num), problems=tuple(problems), start=start, end=end,
            has_hao=bool(hao),
        ))
    return tuple(out)


def standard_wenhao(text: str) -> str | None:
    """The standard form of a string that is exactly one 文号 (any bracket form), else None."""
    t = re.sub(r"\s+", "", to_halfwidth(text or "").replace("(", "（").replace(")", "）"))
    found = find_wenhao(t)
    if len(found) != 1 or found[0].start != 0 or found[0].end != len(t) or not found[0].has_hao:
        return None
    return found[0].standard


def title_key(title: str) -> str:
    """A title reduced for exact comparison: half-width, no spaces or list commas, one kind of inner brackets."""
    t = to_halfwidth(title or "")
    t = t.translate(str.maketrans({"<": "〈", ">": "〉", "《": "〈", "》": "〉", "(": "（", ")": "）"}))
    return re.sub(r"[\s、,，·•]+", "", t)


def document_index(data: ProofData) -> tuple[dict[str, KnownDocument], dict[str, KnownDocument]]:
    """(title key → document, standard 文号 → document)."""
    by_title: dict[str, KnownDocument] = {}
    by_number: dict[str, KnownDocument] = {}
    for d in data.documents:
        for t in (d.title, *d.aliases):
            by_title.setdefault(title_key(t), d)
        by_number.setdefault(d.wenhao, d)
    return by_title, by_number
