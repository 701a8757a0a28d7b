"""公文规范 proofreading: 文号 form, cited 文号 against the known documents, word confusions, dates and money units
written consistently.

What is written here must be certain: a check fires only on forms that are wrong wherever they appear (the
confusion list carries, per entry, sentences where it fires and where it must not), never on style. No language
model. A check that fires at many places gives one finding for its root cause, listing every place.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from itertools import pairwise

from assistant.report.roles import part_name
from assistant.review.finding import at
from assistant.review.proofdata import (
    ProofData,
    document_index,
    find_wenhao,
    load_proof_data,
    required_chars,
    standard_wenhao,
    title_key,
)
from assistant.review.registry import rule
from assistant.review.rules._text import (
    TextPiece,
    clip,
    iter_cells,
    iter_paragraphs,
    iter_text,
    prose_amounts,
)

REF_GBT9704 = "GB/T 9704—2012《党政机关公文格式》7.2.5：年份应标全称，用六角括号“〔〕”括入；发文顺序号不加“第”字，不编虚位，后加“号”字"
REF_CITATION = "引用公文应先引标题，后引发文字号（《党政机关公文处理工作条例》）；标题与文号须与原文件一致"
REF_WORDS = "《通用规范汉字表》《现代汉语词典》规范用字用词；公开的报告应无错别字"
REF_DATES = "GB/T 15835—2011《出版物上数字用法》：年月日用阿拉伯数字书写，全数字表示时以“-”替代“年”“月”；同一文件体例应统一"
REF_UNITS = "同一组金额应使用同一计量单位，便于核对合计与分项"
REF_BRACKETS = "GB/T 15834—2011《标点符号用法》4.9：括号标示注释内容或补充说明，前后括号应成对使用"
REF_NUMBERING = "《党政机关公文处理工作条例》及公文写作规范：文中结构层次序数依次为“一、”“（一）”“1.”“（1）”，同级序号应连续"

_MAX_PLACES = 12  # places quoted in one finding's evidence (the count is always complete)


@dataclass(frozen=True)
class Hit:
    piece: TextPiece
    wrong: str  # the text as written (short, quoted)
    right: str  # the corrected text
    context: str  # the sentence around it


def _data(ctx) -> ProofData:
    return load_proof_data()


def _sentence_at(text: str, start: int, end: int, width: int = 40) -> str:
    left = max(text.rfind(c, 0, start) for c in "。；;！？!?\n") + 1
    rights = [i for i in (text.find(c, end) for c in "。；;！？!?\n") if i >= 0]
    right = min(rights) + 1 if rights else len(text)
    s = text[left:right].strip()
    if len(s) > 2 * width:
        lo = max(start - left - width, 0)
        s = ("…" if lo else "") + s[lo: lo + 2 * width] + "…"
    return s


def _places(hits: list[Hit]) -> str:
    wheres = list(dict.fromkeys(h.piece.where for h in hits))
    more = f"等{len(wheres)}处" if len(wheres) > _MAX_PLACES else ""
    return "、".join(wheres[:_MAX_PLACES]) + more


def _pairs(hits: list[Hit], n: int = 4) -> str:
    pairs = list(dict.fromkeys(f"“{h.wrong}”→“{h.right}”" for h in hits))
    return "；".join(pairs[:n]) + ("等" if len(pairs) > n else "")


def _evidence(hits: list[Hit]) -> str:
    first = hits[0]
    quoted = list(dict.fromkeys(f"{h.piece.where}：“{clip(h.context, 70)}”" for h in hits))
    body = "；".join(quoted[:3]) + (f"；另有{len(quoted) - 3}处" if len(quoted) > 3 else "")
    return f"共{len(hits)}处（{_places(hits)}）。{body}" if len(hits) > 1 else f"{first.piece.where}：“{clip(first.context, 90)}”"


def _finding(r, hits: list[Hit], message: str, suggestion: str, *, count: bool = True):
    """The one finding for a root cause seen at ``hits``: at the first place, every place quoted in the evidence,
    the number of places added to the message when there are several (``count``)."""
    more = f"（共{len(hits)}处）" if count and len(hits) > 1 else ""
    return r.make(hits[0].piece.location, message + more, evidence=_evidence(hits), suggestion=suggestion)


_TITLE_SPAN = re.compile(r"《[^《》\n]{1,120}》")


def _in_title(text: str, start: int) -> bool:
    return any(m.start() < start < m.end() for m in _TITLE_SPAN.finditer(text))


# ---------------------------------------------------------------- PRF001 文号 form

# A 文号 cited as a document: in the parenthesis after a title, followed by 文件/通知/要求…, or in a clause that
# says it follows one (根据/按照/下达…). Contract, procurement and project numbers use other forms legitimately.
_CITING_LEAD = re.compile(r"根据|依据|按照|参照|对照|遵照|印发|转发|下达|下发|执行|落实|贯彻|文件|通知")
_CITING_TAIL = re.compile(r"^\s*(?:文件|文|通知|规定|精神|要求|有关|等文件|等规定|下达|下发|拨付|[、和及与])")
_CLAUSE_END = "，,。；;：:\n"


def _cited_as_document(text: str, start: int, end: int) -> bool:
    before = text[:start].rstrip()
    if before.endswith(("（", "(")) and before[:-1].rstrip().endswith("》"):
        return True
    if _CITING_TAIL.match(text[end:]):
        return True
    clause = before[max((before.rfind(c) for c in _CLAUSE_END), default=-1) + 1:]
    return bool(_CITING_LEAD.search(clause))


# A 文号 whose year brackets are broken: only one of 〔 〕 written ("湘政发〔201910号", "川财行2020〕189号"), or none
# at all with year and 序号 run together ("益赫政发201612号"). find_wenhao needs both brackets, so these are
# read here — only inside the parenthesis after a cited 《标题》, where nothing but a 文号 is written.
_BROKEN_WENHAO = re.compile(
    r"(?P<org>[\u4e00-\u9fa5]{2,8})(?P<open>[〔\[【［(（〖])?(?P<year>(?:19|20)\d\d)(?P<close>[〕\]】］)）〗])?"
    r"(?P<num>[1-9]\d{0,3})号"
)
_AFTER_TITLE = re.compile(r"》\s*[（(]\s*$")


def _broken_wenhao(text: str):
    """(start, end, raw, standard, problem) for each 文号 with broken year brackets cited after a 《标题》."""
    if "号" not in text or "》" not in text:  # most pieces: no 文号 after a title at all
        return
    for m in _BROKEN_WENHAO.finditer(text):
        opened, closed = bool(m.group("open")), bool(m.group("close"))
        if opened and closed:
            continue  # both brackets: find_wenhao reads it
        if not _AFTER_TITLE.search(text[: m.start()]):
            continue
        if opened:
            problem = "年份括号不成对（缺后括号“〕”），年份与序号连写"
        elif closed:
            problem = "年份括号不成对（缺前括号“〔”）"
        else:
            problem = "年份没有用六角括号“〔〕”括入，年份与序号连写"
        standard = f"{m.group('org')}〔{m.group('year')}〕{int(m.group('num'))}号"
        yield m.start(), m.end(), m.group(0), standard, problem


@rule("PRF001", "proofreading", "warning", "文号书写不规范", REF_GBT9704)
def wenhao_form(report, ctx):
    """文号应写作“机关代字〔年份〕序号号”：六角括号、四位年份、序号不加“第”不编虚位、后加“号”。

    ## 检查内容
    正文和表格中作为文件引用的发文字号（在《标题》后的括号里，后接“文件”“通知”“要求”等，或所在分句写明
    “根据”“按照”“下达”等；合同、采购、项目编号不算）：年份用“[ ]”“【】”“［］”“（）”等而非六角括号
    “〔〕”括入的，年份只写两位的，序号前加“第”或编虚位（01）的；在《标题》后的括号里单独引用、却漏写“号”
    字的；《标题》后括号里的文号年份括号不成对或漏写（“湘政发〔201910号”“川财行2020〕189号”“益赫政发201612号”）的。
    同一写法习惯造成的多处问题合为一条，列出每一处及改法。
    ## 为什么重要
    发文字号的格式由GB/T 9704—2012规定，审核人和校对工具都会检查；用错括号是公开报告中最常见的格式硬伤，
    也让人怀疑引用的文件是否核对过原文。
    ## 示例
    “根据《项目支出绩效评价管理办法》（财预[2020]10号）”应写作“财预〔2020〕10号”；“湘财绩【2015】15号”
    应写作“湘财绩〔2015〕15号”。
    """
    r = wenhao_form.rule
    groups: dict[tuple[str, ...], list[Hit]] = defaultdict(list)
    for piece in iter_text(report):
        text = piece.text
        for w in find_wenhao(text):
            if not _cited_as_document(text, w.start, w.end):
                continue
            problems = list(w.problems)
            if not w.has_hao:
                before = text[: w.start].rstrip()
                after = text[w.end:].lstrip()
                if before.endswith(("（", "(")) and before[:-1].rstrip().endswith("》") and after.startswith(("）", ")")):
                    problems.append("发文顺序号后应加“号”字")
                else:
                    continue  # without 号 and outside a citation it may not be a 文号 at all
            if not problems:
                continue
            groups[tuple(problems)].append(Hit(piece, w.raw, w.standard, _sentence_at(text, w.start, w.end)))
        for start, end, raw, standard, problem in _broken_wenhao(text):
            groups[(problem,)].append(Hit(piece, raw, standard, _sentence_at(text, start, end)))
    for problems, hits in groups.items():
        yield _finding(r, hits, f"文号书写不规范：{'；'.join(problems)}。{_pairs(hits)}",
                       f"按GB/T 9704—2012改写发文字号：{_pairs(hits, 8)}。")


# ---------------------------------------------------------------- PRF002 / PRF003 cited documents

# 《标题》（文号）: the parenthesis may itself hold a bracketed year written with ( ).
_CITATION = re.compile(
    r"《(?P<title>[^《》\n]{2,120})》\s*[（(](?P<inner>(?:[^（）()\n]|[（(]\s*\d{2,4}\s*[）)]){3,40})[）)]"
)
_ISSUED = re.compile(r"关于印发〈(?P<inner>[^〈〉]+)〉的通知$")


def _citations(report):
    """(piece, title, cited text, standard 文号 or None, start, end) for every 《标题》（…） in the report."""
    for piece in iter_text(report):
        for m in _CITATION.finditer(piece.text):
            yield piece, m.group("title"), m.group("inner").strip(), standard_wenhao(m.group("inner")), m.start(), m.end()


def _lookup(title: str, by_title):
    key = title_key(title)
    doc = by_title.get(key)
    if doc is None:
        m = _ISSUED.search(key)
        if m:
            doc = by_title.get(m.group("inner"))
    return doc


def _org(wenhao: str) -> str:
    return wenhao.split("〔", 1)[0]


@rule("PRF002", "proofreading", "warning", "引用文件的文号与文件标题不符", REF_CITATION)
def citation_number(report, ctx):
    """引用《标题》（文号）时，文号应与该文件的实际文号一致。

    ## 检查内容
    正文里“《标题》（文号）”形式的引用：标题是已知文件（知识库收录的政策文件，以及项目支出绩效评价管理办法、
    全面实施预算绩效管理的意见等常用全国性文件）时，括号里的文号是否就是该文件的文号。只在能确定写错时报告：
    文号与该文件属同一机关代字但年份或序号不同，或者写成了另一份已知文件的文号；标题未收录的文件、
    地方同名文件（机关代字不同）不判断。反过来，括号里是已知文件的文号、书名号里的标题却既不是该文件标题
    的一部分（如省去发文机关）也不包含它（如“关于印发〈……〉的通知”）时，也报告标题与文号不符。
    ## 为什么重要
    文号写错，引用的依据就查无此文或指向另一份文件，说明引用未经核对，审核人会逐条核对依据文件。
    ## 示例
    “《项目支出绩效评价管理办法》（财预〔2021〕10号）”：该办法的文号是财预〔2020〕10号；“《项目支出绩效
    管理办法》（财预〔2020〕10号）”：财预〔2020〕10号是《项目支出绩效评价管理办法》。
    """
    r = citation_number.rule
    data = _data(ctx)
    by_title, by_number = document_index(data)
    groups: dict[tuple[str, str], list[Hit]] = defaultdict(list)
    docs = {}
    titles: dict[tuple[str, str], list[Hit]] = defaultdict(list)
    for piece, title, inner, cited, s, e in _citations(report):
        doc = _lookup(title, by_title)
        if doc is None and cited in by_number and not _same_document(title, by_number[cited]):
            titles[(cited, title)].append(Hit(piece, f"《{title}》（{inner}）", f"《{by_number[cited].title}》（{cited}）",
                                              _sentence_at(piece.text, s, e)))
            continue
        if doc is None or cited is None or cited == doc.wenhao:
            continue
        if _org(cited) != _org(doc.wenhao) and cited not in by_number:
            continue  # another issuer's number: maybe a local document of the same name
        key = (doc.wenhao, cited)
        docs[key] = (doc, title, inner)
        groups[key].append(Hit(piece, f"《{title}》（{inner}）", f"《{title}》（{doc.wenhao}）",
                               _sentence_at(piece.text, s, e)))
    for key, hits in groups.items():
        doc, title, inner = docs[key]
        other = by_number.get(key[1])
        also = f"，{key[1]}是《{other.title}》的文号" if other is not None and other is not doc else ""
        yield _finding(r, hits, f"引用《{clip(title, 40)}》的文号写作“{inner}”，该文件的文号是{doc.wenhao}{also}",
                       f"核对原文件，改为“{hits[0].right}”。")
    for (cited, title), hits in titles.items():
        doc = by_number[cited]
        yield _finding(r, hits, f"引用标题《{clip(title, 40)}》与文号{cited}不符：{cited}是《{doc.title}》",
                       f"核对原文件：引用的是该文件时写作“{hits[0].right}”；引用的是另一份文件时改正文号。")


def _same_document(title: str, doc) -> bool:
    """A cited title that is part of the document's title (issuer left out, 试行 dropped) or wraps it."""
    key = title_key(title)
    for t in (doc.title, *doc.aliases):
        full = title_key(t)
        if key in full or full in key:
            return True
    return False


_REPEALED_CONTEXT = re.compile(r"废止|废除|失效|停止执行|不再执行|替代|取代|代替")


@rule("PRF003", "proofreading", "info", "引用的文件已被新文件替代", REF_CITATION)
def superseded_document(report, ctx):
    """以已被替代的文件作为依据，应改引现行文件。

    ## 检查内容
    报告年度在替代之年及以后，却以已废止的全国性文件（如《财政支出绩效评价管理暂行办法》财预〔2011〕285号，
    已由财预〔2020〕10号替代）作为依据引用的；按标题或文号识别。句中写明“废止”“替代”等的不报告，
    报告年度不明时不判断。
    ## 为什么重要
    依据过时的办法，评价口径（指标体系、分值）可能已与现行规定不同，审核人会要求按现行文件重新对照。
    ## 示例
    2023年度报告“根据《财政支出绩效评价管理暂行办法》（财预〔2011〕285号）开展自评”。
    """
    r = superseded_document.rule
    data = _data(ctx)
    year = report.year
    if year is None:
        return
    _, by_number = document_index(data)
    old = [d for d in data.documents if d.superseded_by and d.superseded_year and year >= d.superseded_year]
    if not old:
        return
    titles = [{f"《{t}》" for t in (doc.title, *doc.aliases)} for doc in old]
    found: list[list[Hit]] = [[] for _ in old]  # per superseded document, in text order
    for piece in iter_text(report):
        text = piece.text
        wenhao = find_wenhao(text)
        if not wenhao and "《" not in text:  # neither a 文号 nor a cited title
            continue
        for doc, names, hits in zip(old, titles, found, strict=True):
            spots = [(text.find(t), len(t)) for t in names if t in text]
            spots += [(w.start, w.end - w.start) for w in wenhao if w.standard == doc.wenhao]
            for start, n in sorted(spots)[:1]:
                sentence = _sentence_at(text, start, start + n)
                if _REPEALED_CONTEXT.search(sentence):
                    continue
                hits.append(Hit(piece, text[start:start + n], doc.superseded_by, sentence))
    for doc, hits in zip(old, found, strict=True):
        if not hits:
            continue
        new = by_number.get(doc.superseded_by)
        new_name = f"《{new.title}》（{new.wenhao}）" if new is not None else doc.superseded_by
        yield _finding(r, hits, f"引用的《{doc.title}》（{doc.wenhao}）已被{new_name}替代（自{doc.superseded_year}年度起），"
                                f"{year}年度报告应以现行文件为依据", f"改引{new_name}，并按现行办法核对评价口径。")


# ---------------------------------------------------------------- PRF004 word confusions


def _word(text: str, start: int, end: int, pad: int = 2) -> tuple[str, int]:
    """The match widened by up to ``pad`` Han characters each side (so a one-character fix reads as a word)."""
    lo = start
    while lo > 0 and start - lo < pad and "\u4e00" <= text[lo - 1] <= "\u9fa5":
        lo -= 1
    hi = end
    while hi < len(text) and hi - end < pad and "\u4e00" <= text[hi] <= "\u9fa5":
        hi += 1
    return text[lo:hi], lo


def _candidates(report, data: ProofData) -> list[list]:
    """Per confusion entry, the pieces of text (in order) that hold one of its required characters: a piece
    with none of them cannot match the entry (an entry whose characters cannot be worked out reads every
    piece)."""
    keys = [required_chars(c.pattern) for c in data.confusions]
    by_char: dict[str, list[int]] = defaultdict(list)
    for i, key in enumerate(keys):
        for ch in key or ():
            by_char[ch].append(i)
    out: list[list] = [[] for _ in keys]
    every = [i for i, key in enumerate(keys) if key is None]
    for piece in iter_text(report):
        hit = set(every)
        for ch in by_char.keys() & set(piece.text):
            hit.update(by_char[ch])
        for i in hit:
            out[i].append(piece)
    return out


@rule("PRF004", "proofreading", "warning", "公文常见错别字、用词不当", REF_WORDS)
def word_confusions(report, ctx):
    """公文中确定写错的字词：截止/截至、权利清单/权力清单、帐/账、拔付/拨付、的/地/得等。

    ## 检查内容
    按规范用字表（随程序发布的数据文件，每条都附有应报与不应报的例句并经测试）逐条查找只要出现就一定写错的
    字词：“截止”后直接跟日期（应为“截至”），政府部门的“权利清单”（应为“权力清单”），账户、台账、记账的
    “帐”，“拔付”“下拔”，“做为”“按排”“布署”“励行节约”，状语后接“做好”的“的”（应为“地”），动词后接程度
    补语的“的”（应为“得”）等。书名号内的文件标题不检查。同一错误多处出现合为一条，列出每一处。
    ## 为什么重要
    报告要对社会公开，错别字直接影响机关文稿的严肃性；审核人和WPS、秘塔等校对工具都会标出这些错误。
    ## 示例
    “截止2023年12月31日”应为“截至2023年12月31日”；“建立固定资产台帐”应为“台账”。
    """
    r = word_confusions.rule
    data = _data(ctx)
    for conf, pieces in zip(data.confusions, _candidates(report, data), strict=True):
        rx = conf.regex
        hits: list[Hit] = []
        for piece in pieces:
            text = piece.text
            if not conf.applies(text):
                continue
            for m in rx.finditer(text):
                if _in_title(text, m.start()):
                    continue
                word, lo = _word(text, m.start(), m.end())
                fixed = word[: m.start() - lo] + m.expand(conf.right) + word[m.end() - lo:]
                hits.append(Hit(piece, word, fixed, _sentence_at(text, m.start(), m.end())))
        if not hits:
            continue
        yield _finding(r, hits, f"用字错误：{_pairs(hits)}", f"{conf.why}。逐处改正：{_pairs(hits, 8)}。")


# ---------------------------------------------------------------- PRF005 dates written consistently

_CN_DATE = re.compile(r"(?<!\d)(?P<y>(?:19|20)\d{2})\s*年\s*(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*日")
_NUM_DATE = re.compile(r"(?<![\d.\-/])(?P<y>(?:19|20)\d{2})(?P<sep>[.\-/])(?P<m>\d{1,2})(?P=sep)(?P<d>\d{1,2})(?![\d.\-/])")
_SEP_NAME = {".": "圆点", "-": "短横线", "/": "斜线"}
# a date stamped by a web page or a system, not written by the report's author
_STAMP_BEFORE = re.compile(r"(?:发布|更新|成文|打印|录入|生成)?(?:日期|时间)\s*[:：]?\s*$|来源[:：].{0,12}$")
_STAMP_AFTER = re.compile(r"^\s*\d{1,2}[:：]\d{2}")


def _body_paragraphs(report):
    """Paragraphs of the report's parts and attachments (the title and the text before the first part, where a
    published page keeps its own stamps, are left out)."""
    for piece in iter_paragraphs(report):
        if piece.section != "全文":
            yield piece


def _valid(m: re.Match) -> bool:
    return 1 <= int(m.group("m")) <= 12 and 1 <= int(m.group("d")) <= 31


@rule("PRF005", "proofreading", "info", "日期写法前后不统一", REF_DATES)
def date_forms(report, ctx):
    """正文中的日期应统一写作“2024年1月1日”，不与“2024.1.1”“2024-01-01”混用。

    ## 检查内容
    各部分正文段落（不含表格、标题和第一部分之前的网页信息）里完整的年月日：既有“YYYY年M月D日”，又有“YYYY.M.D”“YYYY-MM-DD”“YYYY/M/D”
    写法的，或者两种数字写法混用的，报告一条，列出每一处非“年月日”写法及改法。只有一种写法时不报告。
    ## 为什么重要
    公文日期一般写作“××××年×月×日”；同一报告中日期写法不一，说明文稿由多人拼接、未统一校对。
    ## 示例
    “2023年3月15日完成招标……2023.6.30完成验收”应统一为“2023年6月30日”。
    """
    r = date_forms.rule
    cn = 0
    other: list[Hit] = []
    seps: set[str] = set()
    for piece in _body_paragraphs(report):
        text = piece.text
        cn += sum(1 for m in _CN_DATE.finditer(text) if _valid(m))
        for m in _NUM_DATE.finditer(text):
            if not _valid(m) or _STAMP_BEFORE.search(text[: m.start()]) or _STAMP_AFTER.match(text[m.end():]):
                continue
            seps.add(m.group("sep"))
            fixed = f"{m.group('y')}年{int(m.group('m'))}月{int(m.group('d'))}日"
            other.append(Hit(piece, m.group(0), fixed, _sentence_at(text, m.start(), m.end())))
    if not other or (cn == 0 and len(seps) < 2):
        return
    forms = ([f"“年月日”写法{cn}处"] if cn else []) + [
        f"{_SEP_NAME[s]}写法{sum(1 for h in other if s in h.wrong)}处" for s in sorted(seps)
    ]
    yield r.make(
        other[0].piece.location,
        f"日期写法不统一：{'，'.join(forms)}。{_pairs(other)}",
        evidence=_evidence(other),
        suggestion=f"全文日期统一写作“××××年×月×日”：{_pairs(other, 8)}。",
    )


# ---------------------------------------------------------------- PRF006 money units within one breakdown

_BREAKDOWN = re.compile(r"其中[：:，,]?|分别为|分别是|具体为|包括[：:]")
_NOT_PART = re.compile(r"均|每|单价|标准|/|／|补助\d|以上|以下|不超过|不低于|最高|最低")


@rule("PRF006", "proofreading", "info", "同一组金额计量单位混用", REF_UNITS)
def mixed_units(report, ctx):
    """同一句“其中”“分别为”列出的一组金额，应使用同一计量单位（都用万元或都用元）。

    ## 检查内容
    一句话里“其中”“分别为”之后逐项列出的金额，有的用“万元”、有的用“元”的（人均、单价、补助标准等
    不是同一组金额，不计），报告一条，给出统一为万元后的写法。
    ## 为什么重要
    同一组分项金额单位不一，读者要自行换算才能核对合计，也容易把元当成万元看错数量级。
    ## 示例
    “其中：工资福利支出350.20万元，商品和服务支出120,000.00元”应统一为“商品和服务支出12.00万元”。
    """
    r = mixed_units.rule
    hits: list[Hit] = []
    for piece in iter_paragraphs(report):
        text = piece.text
        for sent in re.finditer(r"[^。；;！？!?\n]+", text):
            s = sent.group(0)
            m = _BREAKDOWN.search(s)
            if not m:
                continue
            body = s[m.end():]
            clauses = [c for c in re.split(r"[，、]|,(?!\d{3})|(?<=元)(?=[^\d，,、])", body) if c.strip()]
            parts = []
            for c in clauses:
                found = prose_amounts(c)
                if len(found) == 1 and not found[0].approximate and not _NOT_PART.search(c):
                    parts.append(found[0])
            units = {p.unit for p in parts}
            if len(parts) < 2 or not {"元", "万元"} <= units:
                continue
            yuan = [p for p in parts if p.unit == "元"]
            for p in yuan:
                fixed = f"{p.value.quantize(Decimal('0.01'))}万元"
                hits.append(Hit(piece, p.raw, fixed, _sentence_at(text, sent.start(), sent.end())))
    if not hits:
        return
    yield _finding(r, hits, f"同一组分项金额“万元”与“元”混用：{_pairs(hits)}",
                   f"同一组金额统一计量单位（一般统一为万元，保留两位小数）：{_pairs(hits, 8)}。", count=False)


# ---------------------------------------------------------------- PRF010 list numbering

# an item number written inline ("…工作。2.做好…"): at the start or after a sentence mark, a digit (never part of a
# longer number, a decimal or "1、2月") and its mark
_RUN_IN_ITEM = re.compile(r"(?:^|(?<=[。；;！!？?：:\s]))(\d{1,2})([.．、])(?![\d.．])")
# an item number opening a paragraph: 1. / 1、 / （1）
_LEAD_ITEM = re.compile(r"^\s*(?:(\d{1,2})([.．、])(?![\d.．])|[（(](\d{1,2})[）)])")
_MIN_ITEMS = 4  # a fault in a shorter list is too often a list cut short or of another kind


def numbering_faults(numbers: list[int]) -> list[tuple[int, str]]:
    """Faults of the numbered lists in ``numbers`` (each list starts at 1): (position, '重复' | '跳号').

    Only a list that is otherwise in order is judged — one number written twice (1 2 3 4 4 5) or one left out
    (1 2 4 5); a list that jumps about is another structure (items of two lists, a cut page) and is left alone."""
    out: list[tuple[int, str]] = []
    starts = [i for i, n in enumerate(numbers) if n == 1] + [len(numbers)]
    for a, b in pairwise(starts):
        run = numbers[a:b]
        if len(run) < _MIN_ITEMS:
            continue
        faults: list[tuple[int, str]] = []
        for k in range(1, len(run)):
            step = run[k] - run[k - 1]
            if step == 1:
                continue
            if step not in (0, 2):
                break  # out of order: not one list
            faults.append((a + k, "重复" if step == 0 else "跳号"))
        else:
            if len(faults) == 1:
                out.extend(faults)
    return out


_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
_CIRCLED_ITEM = re.compile(f"[{_CIRCLED}]")


def circled_gaps(paragraphs: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """(paragraph, what is missing) where a circled list (①②③…, read in order through a part) skips a number:
    ① after ③ starts a new list; a number lower than the last also starts one (another list's items)."""
    out: list[tuple[int, str]] = []
    prev = 0
    for idx, text in paragraphs:
        for m in _CIRCLED_ITEM.finditer(text):
            k = _CIRCLED.index(m.group(0)) + 1
            if prev and k > prev + 1:
                out.append((idx, f"{_CIRCLED[prev - 1]}之后是{m.group(0)}，缺少{_CIRCLED[prev:k - 1]}"))
            prev = k
    return out


def _seq(numbers: list[int], mark: str) -> str:
    return "".join(f"{n}{mark}" for n in numbers)


@rule("PRF010", "proofreading", "warning", "序号重复或跳号", REF_NUMBERING)
def list_numbering(report, ctx):
    """正文中逐条编号的事项，序号应连续：不重号、不跳号。

    ## 检查内容
    同一段内连写的“1.…2.…3.…”和同一部分中逐段开头的“1、”“（1）”，从1起、至少4项、其余各项顺序连续时，
    某个序号写了两次（1、2、3、4、4、5）或漏了一个（1、2、4、5）的，报告一条；同一部分中依次出现的带圈序号
    （①②③…）跳过了某个序号的（①之后是③），也报告。不连续得更乱的（两组编号交错、
    页面截断）不判断；“1、2月”、小数、日期不算序号。
    ## 为什么重要
    序号重复或跳号说明条目有增删后未复核，审核人会怀疑漏写了内容，公开文稿也不规范。
    ## 示例
    “主要职能：1.完成数字化城市管理监督……3.对各类城市管理信息的收集……4.完成数字城管各终端单位的考核考评。
    4.对受理的……投诉、举报等有关工作进行处理。5.……”（“4.”重复）。
    """
    r = list_numbering.rule
    for s in report.sections:
        for idx, gap in circled_gaps([(p.index, p.text) for p in s.paragraphs]):
            yield r.make(
                at(s.label, paragraph=idx),
                f"{part_name(s)}第{idx + 1}段序号跳号：{gap}",
                evidence=clip(next(p.text for p in s.paragraphs if p.index == idx), 200),
                suggestion="核对各条内容是否有遗漏，按顺序重新编号。",
            )
        lead: list[tuple[int, int, str]] = []  # (paragraph, number, style) of paragraphs opening with a number
        for p in s.paragraphs:
            found = [(int(m.group(1)), m.group(2)) for m in _RUN_IN_ITEM.finditer(p.text)]
            for mark in {k for _, k in found}:
                numbers = [n for n, k in found if k == mark]
                for pos, kind in numbering_faults(numbers):
                    yield r.make(
                        at(s.label, paragraph=p.index),
                        f"{part_name(s)}第{p.index + 1}段序号{kind}：“{_seq(numbers, mark)}”中"
                        f"“{numbers[pos]}{mark}”{'写了两次' if kind == '重复' else '前缺少' + str(numbers[pos] - 1) + mark}",
                        evidence=clip(p.text, 200),
                        suggestion="核对各条内容是否有遗漏或重复，按顺序重新编号。",
                    )
            m = _LEAD_ITEM.match(p.text)
            if m:
                lead.append((p.index, int(m.group(1) or m.group(3)), m.group(2) or "（）"))
        for style in {st for _, _, st in lead}:
            items = [(i, n) for i, n, st in lead if st == style]
            numbers = [n for _, n in items]
            for pos, kind in numbering_faults(numbers):
                idx = items[pos][0]
                shown = [f"（{n}）" if style == "（）" else f"{n}{style}" for n in numbers]
                yield r.make(
                    at(s.label, paragraph=idx),
                    f"{part_name(s)}逐段编号{kind}：第{idx + 1}段的“{shown[pos]}”"
                    f"{'与上一条重号' if kind == '重复' else '前缺少一条'}（{''.join(shown)}）",
                    evidence=clip(next(p.text for p in s.paragraphs if p.index == idx), 200),
                    suggestion="核对各条内容是否有遗漏或重复，按顺序重新编号。",
                )


# ---------------------------------------------------------------- PRF011 a closing bracket with no opening one

_OPENERS = "（("
_BRACKET = re.compile(r"[（()）]")
# "1）完成…" / "a) …" / "①）": an item marker written with a closing bracket only
_CLOSER_MARKER = re.compile(r"(?:^|(?<=[\s。；;，,：:、]))[0-9A-Za-z一二三四五六七八九十①-⑳]{1,2}[)）]")
# text that is not Chinese as written (mojibake, pinyin with tone marks): brackets mean nothing there
_GARBLED = re.compile(r"[\ufffd?][\u3100-\u312f\u2e80-\u2eff]|[āáǎàēéěèīíǐìōóǒòūúǔù]")


def unopened_closers(text: str, pending: int = 0) -> tuple[list[int], int]:
    """(positions of closing brackets no opening one precedes, openings still pending at the end); ``pending``
    carries openings left by the text before (a parenthesis wrapped onto the next paragraph)."""
    if ")" not in text and "）" not in text:  # most pieces: nothing to pair, only openings to count
        return [], pending + text.count("（") + text.count("(")
    markers = {m.end() - 1 for m in _CLOSER_MARKER.finditer(text)}
    bad: list[int] = []
    depth = pending
    for m in _BRACKET.finditer(text):
        i = m.start()
        if text[i] in _OPENERS:
            depth += 1
        elif depth:
            depth -= 1
        elif i not in markers:
            bad.append(i)
    return bad, depth


# a scoring form flattened one row per line: the line starts with its score cells ("5 5 (", "10 )", "3 分)项目执行…");
# brackets and labels there are split across cells and lines, so they are not prose to proofread
_FORM_ROW = re.compile(r"^\s*(?:\d+\s+\d+\s*[)）(（]|\d+\s*分\s*[)）]|\d+\s+[)）(（])")


def _pieces_with_run(report):
    """(piece, the run whose open brackets it carries on): a paragraph continues the paragraphs before it in the
    same part, a cell the cells before it in the same table (a cell split by the reader)."""
    for piece in iter_paragraphs(report):
        yield piece, ("p", piece.section)
    for piece in iter_cells(report):
        yield piece, ("t", piece.table)


@rule("PRF011", "proofreading", "warning", "括号不配对：有后括号而无前括号", REF_BRACKETS)
def unopened_bracket(report, ctx):
    """圆括号应成对使用：后括号“）”之前应有与之配对的前括号“（”。

    ## 检查内容
    正文段落（接续同一部分前文未闭合的括号）和表格单元格（接续同一表格前面的单元格）中，出现没有前括号与之配对的后括号的，报告一条，列出
    每一处。“1）”“a)”“①）”这类只用后括号的序号、乱码文字、逐行拆开的评分表行（以分值开头，如“20 分)”“5 5 (”）不算；只有前括号而无后括号的不判断（常是换页或
    截断所致）。
    ## 为什么重要
    括号缺一半说明标题或文号在编辑中被删改后未复核；标题、文号中的这类错误尤其显眼。
    ## 示例
    表头“项目支出绩效自评表”下一行写“2019年度)”（应为“（2019年度）”）。
    """
    r = unopened_bracket.rule
    hits: list[Hit] = []
    pending: dict[tuple, int] = {}  # openings left open, per run
    for piece, key in _pieces_with_run(report):
        text = piece.text
        if _GARBLED.search(text) or _FORM_ROW.match(text):
            continue
        bad, pending[key] = unopened_closers(text, pending.get(key, 0))
        for i in bad:
            lo = max(0, i - 12)
            lo += max((text[lo:i].rfind(c) + 1 for c in "。；;，,》：:"), default=0)  # the quote stays in its clause
            hits.append(Hit(piece, text[lo: i + 1], "（" + text[lo: i + 1], _sentence_at(text, i, i + 1)))
    if not hits:
        return
    yield _finding(r, hits,
                   "括号不配对，后括号前缺少前括号：" + "；".join(f"“{h.wrong}”" for h in hits[:4]) + ("等" if len(hits) > 4 else ""),
                   "补上缺少的前括号（或删去多余的后括号），并核对括号内的文字是否完整。", count=False)


# ---------------------------------------------------------------- PRF012 a word typed twice

_DOUBLED = re.compile(r"([\u4e00-\u9fa5]{2,4})\1")
# reduplications that are words (研究研究, 讨论讨论 …) and a form flattened into prose (its “二级指标三级指标” cells run together)
_REDUPLICATED_WORDS = frozenset({"研究", "讨论", "学习", "商量", "考虑", "打听", "整理", "收拾", "看看", "走走", "一个", "哈哈"})
_FLATTENED_FORM = re.compile(r"一级指标|二级指标|三级指标|指标[1-9]|分值|得分")


@rule("PRF012", "proofreading", "warning", "词语重复（疑为多打）", REF_WORDS)
def doubled_word(report, ctx):
    """正文中同一个词紧挨着写了两遍（“食品食品监管”），通常是编辑时多打或粘贴重复。

    ## 检查内容
    正文段落中两到四个汉字的词紧接着重复一次（ABAB），报告一条，列出每一处；“研究研究”“讨论讨论”这类本身
    成词的叠用、表格单元格、混入正文的表格（有“一级指标”“分值”“得分”等表头词的段落，或逐行拆开、以分值开头的
    评分表行，如“3 分)项目执行执行规范”）不判断。
    ## 为什么重要
    重复的词是最显眼的文字差错，说明报告发布前未经校对。
    ## 示例
    “《关于提前下达中央食品食品监管补助资金预算通知》”（“食品”重复）。
    """
    r = doubled_word.rule
    hits: list[Hit] = []
    for piece in iter_paragraphs(report):
        text = piece.text
        if len(_FLATTENED_FORM.findall(text)) >= 2 or _FORM_ROW.match(text):
            continue
        for m in _DOUBLED.finditer(text):
            word = m.group(1)
            if word in _REDUPLICATED_WORDS or len(set(word)) == 1:
                continue
            hits.append(Hit(piece, m.group(0), word, _sentence_at(text, m.start(), m.end())))
    if not hits:
        return
    yield _finding(r, hits, f"词语重复：{_pairs(hits)}", f"删去重复的词：{_pairs(hits, 8)}。", count=False)


# ---------------------------------------------------------------- PRF030 a title inside a title in <>

REF_TITLE_MARKS = ("GB/T 15834—2011《标点符号用法》4.15：书名号里还要用书名号时，外面一层用双书名号“《》”，"
                   "里面一层用单书名号“〈〉”")
_ANGLE_IN_TITLE = re.compile(r"《[^《》\n]*?([<＜]([^<>＜＞《》\n]{1,60})[>＞])[^《》\n]*》")


@rule("PRF030", "proofreading", "warning", "书名号内的书名用了“<>”", REF_TITLE_MARKS)
def angle_brackets_in_title(report, ctx):
    """书名里套书名（“关于印发……办法的通知”）时，里面一层应写单书名号“〈〉”，不能用数学符号“<>”代替。

    ## 检查内容
    正文段落和表格单元格中，书名号“《》”之内用“<”“>”（或全角“＜”“＞”）括起书名的，报告一条，列出每一处。
    ## 为什么重要
    “<>”是数学的小于、大于号，不是标点；引用的文件标题写错符号，说明发布前未按公文规范校对。
    ## 示例
    “《财政部关于印发<项目支出绩效评价管理办法>的通知》”应写作“《财政部关于印发〈项目支出绩效评价管理办法〉的通知》”。
    """
    r = angle_brackets_in_title.rule
    hits: list[Hit] = []
    for piece in iter_text(report):
        text = piece.text
        for m in _ANGLE_IN_TITLE.finditer(text):
            hits.append(Hit(piece, m.group(1), f"〈{m.group(2)}〉", _sentence_at(text, m.start(1), m.end(1))))
    if not hits:
        return
    yield _finding(r, hits, f"书名号内的书名应使用单书名号“〈〉”，不用“<>”：{_pairs(hits)}",
                   f"改用单书名号：{_pairs(hits, 8)}。")
