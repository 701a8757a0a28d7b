"""Arithmetic and consistency stated in prose: totals with their parts, counts, income against expenditure.

Precision over recall: a structure is judged only when it is plainly a complete breakdown (no 等/主要/约, no
nested 其中, no change figures among the parts, the text not cut inside it); otherwise it is left alone.
"""

from __future__ import annotations

import re
from decimal import Decimal

from assistant.review.registry import rule
from assistant.review.rubric import COMPLETENESS, cost
from assistant.review.rules._text import (
    BRACKETED_ASIDE,
    clip,
    drop_parentheses,
    iter_paragraphs,
    iter_text,
    prose_amounts,
)

REF_PROSE = "报告数据应准确、前后一致：合计数应等于所列各分项之和（财预〔2020〕10号：自评结果应真实、准确）"

_SENTENCE = re.compile(r"[^。！？!?\n]+[。！？!?]?")
_CLAUSE = re.compile(r"[，；;]|,(?!\d{3})")  # a comma between digit groups (1,200) is not a clause break
_PART = re.compile(r"[，；;、]|,(?!\d{3})")
_MARKER = re.compile(r"其中|分别为|分别是|具体为|具体是")
# parts that are not a complete breakdown, or figures that are not parts (changes, shares)
_INCOMPLETE = re.compile(r"等|主要|部分|重点|包括|包含|含|以上|以下|其余|剩余|余下|另|还有|如")
_CHANGE = re.compile(r"低于|高于|超出|节约|节余|同比|增加|减少|增长|下降|上涨|降低|较|比上年|比去年|占|比例|比重|率|累计|平均|人均|每")
_TOTAL_CHANGE = re.compile(r"低于|高于|超出|节约|节余|同比|增加|减少|增长|下降|较上|比上年|比去年|占|平均|人均|每")
_TRAILING_MARKER = re.compile(r"[，,；;]?\s*(?:其中|分别为|分别是|具体为|具体是)\s*[:：]?\s*$")
_LEFT_OUT = re.compile(r"不含|未含|不包括|未包括|另|除")
_DETAIL = "\u3008\u3009"  # stands for a bracketed detail with an amount
_MAX_SHARE = Decimal("0.1")  # a gap larger than 10 % of the total suggests parts of another kind, not a slip


def _sentences(text: str) -> list[tuple[int, str]]:
    return [(m.start(), m.group(0)) for m in _SENTENCE.finditer(text or "")]


def _clause_start(text: str, pos: int) -> int:
    starts = [m.end() for m in _CLAUSE.finditer(text, 0, pos)]
    return max(starts, default=0)


def _is_cut_here(report, sentence: str) -> bool:
    tail = (report.cut or "").strip()[-12:]
    return bool(tail) and tail in sentence


def _fmt(value: Decimal, decimals: int) -> str:
    q = value.quantize(Decimal(10) ** -decimals) if decimals > 0 else value.quantize(Decimal(1))
    return format(q, "f")


def _budget_view_totals(report) -> set[Decimal]:
    b = report.budget
    return {f.value for f in (b.basic.total, b.project.total, b.total) if f is not None}


def _bracket_detail(b: re.Match) -> str:
    """A bracketed aside in a list of parts: dropped without an amount; an amount it details stands as a
    placeholder; one the part leaves out (“不含…”, “另…”) is kept, so that the list is not judged."""
    inside = b.group(0)
    if not prose_amounts(inside):
        return ""
    return inside if _LEFT_OUT.search(inside) else _DETAIL


def sum_structures(text: str, cut_tail: str = ""):
    """Yield (total, parts, total_clause, sentence) for every "total …其中 part, part" structure in ``text``.

    The total is the last amount before the marker (in the same sentence, or ending the previous sentence when
    the sentence opens with the marker); the parts are the one amount of each clause after the marker.
    """
    if not text or not _MARKER.search(text):
        return  # most pieces (every table cell) name no breakdown at all
    sents = _sentences(text)
    for i, (_, s) in enumerate(sents):
        m = _MARKER.search(s)
        if not m:
            continue
        head = s[: m.start()]
        if head.strip(" \t:：，,"):
            amounts = prose_amounts(head)
            if not amounts:
                continue
            total = amounts[-1]
            if len(re.sub(r"[\s，,：:]", "", head[total.end:])) > 2:
                continue
            total_clause = head[_clause_start(head, total.start): total.end]
            context = s
        elif i > 0:
            prev = sents[i - 1][1]
            amounts = prose_amounts(prev)
            if not amounts:
                continue
            total = amounts[-1]
            if len(re.sub(r"[\s。，,：:]", "", prev[total.end:])) > 2:
                continue
            total_clause = prev[_clause_start(prev, total.start): total.end]
            context = prev + s
        else:
            continue
        # "…218.07万元,分别是:" closing the sentence introduces a list of names for the last part (on the next
        # lines), not a breakdown nested inside the parts
        body = _TRAILING_MARKER.sub("", s[m.end():])
        closed = body != s[m.end():]  # the parts end before that marker, even when the page stops after it
        # "218.07万元(“三区”人才项目16个49万元)": an amount in brackets details its part; a part whose only
        # amount is in brackets keeps the placeholder and makes the list unreadable (below)
        body = BRACKETED_ASIDE.sub(_bracket_detail, body)
        if _MARKER.search(body) or _INCOMPLETE.search(body) or _TOTAL_CHANGE.search(total_clause):
            continue
        if cut_tail and cut_tail in s:
            continue
        if not closed and not re.search(r"[。！？!?]\s*$", s) and i == len(sents) - 1 and cut_tail:
            continue
        # "其中 A、B；另一话题…": a list written with 、/， ends at the first ；
        head_seg = re.split(r"[；;]", body, maxsplit=1)[0]
        if len(prose_amounts(head_seg)) >= 2:
            body = head_seg
        parts = []
        ok = True
        for clause in _PART.split(body):
            found = prose_amounts(clause)
            if not found:
                if _DETAIL in clause:
                    ok = False  # the part's amount is only in brackets: not read as a part
                    break
                continue
            if len(found) > 1 or _CHANGE.search(clause):
                ok = False
                break
            parts.append(found[0])
        if not ok or len(parts) < 2 or total.approximate or any(p.approximate for p in parts):
            continue
        yield total, parts, total_clause.strip(" ：:，,"), context


@rule("ARI020", "arithmetic", "error", "正文合计数与所列分项之和不符", REF_PROSE,
      costs=cost(COMPLETENESS, 1, "数据计算错误或前后不一致", cap=4, severity="error"))
def prose_sum(report, ctx):
    """正文中“合计……其中：分项、分项”的金额，分项之和应等于合计。

    ## 检查内容
    正文（及表格中的文字说明）里一句话或紧接的“其中”句给出的合计金额与其后逐项列出的金额：元、万元、亿元
    按精确换算，按书写精度容许四舍五入误差。列举不完整（“等”“主要”“部分”“包括”）、含“约”“余”等
    约数、分项里夹有增减额或比例、嵌套“其中”、页面在列举中被截断时不判断；差额超过合计10%时视为
    分项口径不同，也不判断。分项后括号里的明细金额（“218.07万元(其中人才项目49万元)”）不算分项（括号里写
    “不含……”“另……”的不判断）；句末引出名单的“分别是:”不算嵌套。第二部分已由ARI001/ARI002核对的基本支出、项目支出不重复报告。
    ## 为什么重要
    合计与分项不符是最容易被审核人发现的硬伤，说明数据未经复核，直接影响报告的可信度。
    ## 示例
    “本项目共完成预算资金89.97万元。其中：30万元用于预算编制；30万元用于审计；29.99万元用于设计”
    （分项之和89.99万元，差额0.02万元）。
    """
    r = prose_sum.rule
    skip = _budget_view_totals(report)
    cut_tail = (report.cut or "").strip()[-12:]
    seen: set[tuple[Decimal, Decimal]] = set()
    for piece in iter_text(report):
        for total, parts, total_clause, sentence in sum_structures(piece.text, cut_tail):
            if total.value in skip:
                continue
            s = sum((p.value for p in parts), Decimal(0))
            diff = total.value - s
            decimals = max([total.decimals] + [p.decimals for p in parts if p.unit == total.unit])
            tol = total.half_unit(max(total.decimals, decimals)) + sum(
                (p.half_unit(max(p.decimals, decimals) if p.unit == total.unit else None) for p in parts),
                Decimal(0))
            if diff == 0 or abs(diff) < tol or abs(diff) > abs(total.value) * _MAX_SHARE:
                continue
            if (total.value, s) in seen:
                continue
            seen.add((total.value, s))
            factor = total.factor
            unit = total.unit
            s_u, d_u = s / factor, abs(diff) / factor
            items = "+".join(p.raw for p in parts)
            yield r.make(
                piece.location,
                f"“{clip(total_clause, 40)}”与其中各项之和{_fmt(s_u, decimals)}{unit}不符"
                f"（差额{_fmt(d_u, decimals)}{unit}）",
                evidence=f"{piece.where}：{clip(sentence, 160)}；分项：{items}",
                suggestion="核对合计数与各分项金额，使分项之和等于合计；如只列举了部分分项，请写明“主要包括……等”。",
            )


_MEASURE = "个项人次家所座处"
_COUNT_TOTAL = re.compile(
    rf"(?P<pre>[\u4e00-\u9fa5]{{0,8}}?)(?:共计|共有|共|合计|总计)(?P<post>[\u4e00-\u9fa5]{{0,8}}?)(?P<n>\d+)(?P<mw>[{_MEASURE}])"
)
_COUNT = re.compile(rf"(?<![\d.])(?P<n>\d+)(?P<mw>[{_MEASURE}])")
_EARLY = re.compile(r"年初")
_LATER = re.compile(r"(?:年中|年内|年度中|执行中|期间)(?:又|再)?(?:增加|新增|追加|调增|补充)")
_MINUS = re.compile(r"减少|调减|取消|撤销|终止|调出|收回")


@rule("ARI021", "arithmetic", "error", "正文数量合计与年初、年中分项之和不符", REF_PROSE,
      costs=cost(COMPLETENESS, 1, "数据计算错误或前后不一致", cap=4, severity="error"))
def prose_count_sum(report, ctx):
    """“共N个（项、人、次、家）”应等于年初数与年中增加数之和。

    ## 检查内容
    同一句中写明“共N个”，又写明年初（批复、安排）若干个和年中增加（新增、追加）若干个时，年初数与年中
    增加数之和是否等于合计数。量词须相同，名词须一致（如都是“项目”）；括号内的补充说明不计；有“减少”
    “取消”“调减”等减项时不判断。
    ## 为什么重要
    项目个数、人数前后对不上，审核人无法判断实际实施的范围，绩效目标的数量指标也随之失去依据。
    ## 示例
    “实施项目共15个……年初批复预算8个项目……年中增加8个项目”（8+8=16个，与15个不符）。
    """
    r = prose_count_sum.rule
    cut_tail = (report.cut or "").strip()[-12:]
    for piece in iter_paragraphs(report):
        for _, sent in _sentences(piece.text):
            if cut_tail and cut_tail in sent:
                continue
            s = drop_parentheses(sent)
            if _MINUS.search(s):
                continue
            tm = _COUNT_TOTAL.search(s)
            if not tm:
                continue
            mw, noun = tm.group("mw"), (tm.group("post") or tm.group("pre"))[-2:]
            early = later = None
            for clause in _CLAUSE.split(s):
                counts = [c for c in _COUNT.finditer(clause) if c.group("mw") == mw]
                if _LATER.search(clause) and not _EARLY.search(clause):
                    if len(counts) == 1 and later is None and (not noun or noun in clause):
                        later = counts[0]
                    else:
                        later = False
                elif _EARLY.search(clause) and not _LATER.search(clause):
                    if len(counts) == 1 and early is None and (not noun or noun in clause):
                        early = counts[0]
                    elif counts:
                        early = False
            if not early or not later:
                continue
            total, a, b = int(tm.group("n")), int(early.group("n")), int(later.group("n"))
            if a + b != total:
                yield r.make(
                    piece.location,
                    f"“{clip(tm.group(0), 30)}”与年初{a}{mw}、年中增加{b}{mw}之和{a + b}{mw}不符",
                    evidence=f"{piece.where}：{clip(sent, 160)}",
                    suggestion=f"核对{noun or '数量'}个数：合计应等于年初数加年中增加数，或说明差异原因（如合并、取消）。",
                )


_FLOW = r"(?:^|(?<=[\s，,。；;：:、]))(?:\d{{4}}年度?|本年度?|全年|年度)?总?{word}(?:合计|总计|总额|总数)?" \
        r"(?:为|是|共|共计|合计|达)?[：:]?\s*(?=\d)"
_INCOME = re.compile(_FLOW.format(word="收入"))
_EXPENSE = re.compile(_FLOW.format(word="支出"))
_CARRY = re.compile(r"结转|结余|以前年度|历年|上年结|动用|存量")


def _first_flow(pattern: re.Pattern, text: str):
    for m in pattern.finditer(text):
        amounts = prose_amounts(text[m.end(): m.end() + 20])
        if amounts and amounts[0].start == 0 and not amounts[0].approximate:
            return amounts[0]
    return None


@rule("CON020", "consistency", "warning", "本年支出大于本年收入且未说明结转结余", REF_PROSE)
def expense_over_income(report, ctx):
    """正文写明的本年支出大于本年收入时，应说明动用的上年结转结余。

    ## 检查内容
    同一部分先后写明“收入：X万元”和“支出：Y万元”（本年合计口径），且Y大于X，而全文没有提到结转、结余
    或以前年度资金时提示。
    ## 为什么重要
    支出超过收入，要么数据有误，要么动用了以前年度资金；不说明来源，审核人无法判断资金收支是否平衡。
    ## 示例
    “1、收入：792.22万元……2、支出：799.12万元”，全文未提结转结余（支出多6.90万元）。
    """
    r = expense_over_income.rule
    pieces = list(iter_paragraphs(report))
    if any(_CARRY.search(p.text) for p in pieces) or any(_CARRY.search(p.text) for p in iter_text(report)):
        return
    by_section: dict[str, list] = {}
    for p in pieces:
        by_section.setdefault(p.section, []).append(p)
    for section_pieces in by_section.values():
        income = expense = None
        for p in section_pieces:
            income = income or (_first_flow(_INCOME, p.text) and (p, _first_flow(_INCOME, p.text)))
            expense = expense or (_first_flow(_EXPENSE, p.text) and (p, _first_flow(_EXPENSE, p.text)))
        if not income or not expense:
            continue
        (ip, inc), (ep, exp) = income, expense
        if exp.value > inc.value:
            diff = exp.value - inc.value
            yield r.make(
                ep.location,
                f"本年支出{exp.raw}大于本年收入{inc.raw}（多{_fmt(diff, 2)}万元），未说明使用的结转结余资金",
                evidence=f"{ip.where}：{clip(ip.text, 60)}；{ep.where}：{clip(ep.text, 60)}",
                suggestion="说明超出收入部分的资金来源（上年结转结余等），或核对收入、支出数据。",
            )
            return


# a document number: 呼财农指【2023】41号, 青财农〔2023〕41号, [2023]41号
_DOC_NO = re.compile(r"([\u4e00-\u9fa5]{0,8})[〔【\[（(]\s*((?:19|20)\d{2})\s*[〕】\]）)]\s*第?(\d{1,5})\s*号")
_ALLOCATE = re.compile(r"下达|下拨|拨付|安排|分配|批复")
_PART_WORDS = re.compile(r"其中|部分|用于|剩余|余下|累计|合计|共计|总计|分别|以及|和|及")


@rule("CON021", "consistency", "warning", "同一文件下达的金额前后不一致", REF_PROSE)
def same_document_amount(report, ctx):
    """正文两处引用同一资金文件（同一文号）下达的金额，金额应一致。

    ## 检查内容
    两句话各引用同一文号（如“〔2023〕41号”）并各写明一个下达（拨付、安排）金额，而金额不同时提示。
    句中有“其中”“部分”“用于”“合计”等可能只说分项或合计的用语，或一句中有多个金额时不判断。
    ## 为什么重要
    同一文件的资金额前后不一，审核人无法确定到位资金，执行率等指标也随之失去依据。
    ## 示例
    “呼财农指【2023】41号……下达资金5万元”与后文“呼财农指【2023】41号……下达山洪灾害防治设施维养6万元”。
    """
    r = same_document_amount.rule
    seen: dict[str, tuple] = {}
    reported: set[str] = set()
    cut_tail = (report.cut or "").strip()[-12:]
    for piece in iter_paragraphs(report):
        for _, sent in _sentences(piece.text):
            if cut_tail and cut_tail in sent:
                continue
            numbers = _DOC_NO.findall(sent)
            if len(numbers) != 1 or not _ALLOCATE.search(sent):
                continue
            after = sent[_DOC_NO.search(sent).end():]
            amounts = prose_amounts(after)
            if len(amounts) != 1 or amounts[0].approximate or _PART_WORDS.search(_DOC_NO.sub("", after)):
                continue
            issuer, year, number = numbers[0]
            issuer = issuer[-3:]  # the abbreviation's end (青财农, 财农指); the words before it vary
            key = f"{issuer}〔{year}〕{number}号"  # the issuer's abbreviation tells 财农〔2023〕41号 from 财预〔2023〕41号
            if key not in seen:
                seen[key] = (piece, sent, amounts[0])
                continue
            p0, s0, a0 = seen[key]
            if a0.value != amounts[0].value and key not in reported and s0 != sent:
                reported.add(key)
                yield r.make(
                    piece.location,
                    f"同一文件{key}下达的金额前后不一致：{p0.where}写{a0.raw}，{piece.where}写{amounts[0].raw}",
                    evidence=f"{clip(s0, 90)}；{clip(sent, 90)}",
                    suggestion="核对该文件实际下达的金额，统一前后表述；如后文只是其中一项，请写明“其中”。",
                )


# ---------------------------------------------------------------- ARI035 a count and the items it names

_CN_NUM = {"两": 2, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}
# "直属事业单位10个，即A、B、C" / "内设机构5个：A、B、C、D和E": a count, then the list that names every item
_COUNTED_LIST = re.compile(
    r"(?P<noun>[\u4e00-\u9fa5]{2,12}?)(?P<n>\d{1,2}|[两二三四五六七八九十])(?P<mw>[个家所项名])"
    r"\s*[,，]?\s*(?:即|分别是|分别为|分别系|具体为|具体是|[:：])\s*(?P<body>[^。；;！？!?\n]+)"
)
_LIST_JOIN = re.compile(r"、|以及|及|和|与")
_NOT_NAMES = re.compile(r"等|其中|包括|主要|部分|合计|共|\d")
_MAX_ITEM = 20


def listed_items(body: str) -> list[str] | None:
    """The names a list gives ("A、B、C和D" → 4), or None when it is not plainly a list of names (等, numbers,
    a clause, a long item)."""
    t = drop_parentheses(body).strip(" ，,")
    if not t or _NOT_NAMES.search(t) or re.search(r"[，,：:]", t):
        return None
    items = [x.strip() for x in _LIST_JOIN.split(t)]
    if any(not x or len(x) > _MAX_ITEM for x in items):
        return None
    return items


@rule("ARI035", "arithmetic", "warning", "正文所列名目个数与所写数目不符", REF_PROSE)
def counted_list(report, ctx):
    """“直属事业单位10个，即……”之后逐一列出的名称，个数应与所写数目相同。

    ## 检查内容
    正文一句中写明“××N个（家、所、项、名）”，紧接“即”“分别是”“分别为”或冒号逐一列出名称（以“、”“和”“及”分隔）
    的，列出的名称个数与N不同时提示。列举不完整（“等”“主要”“包括”）、名称中有数字或逗号、某项过长（不像名称）时
    不判断；括号内的补充说明不计。
    ## 为什么重要
    机构、下属单位、项目的个数前后对不上，读者无法判断是数目写错还是漏列了名称，基本情况失去准确性。
    ## 示例
    “直属事业单位10个，即县国库集中支付中心、县财政信息中心、……、县经济开发区财政所。”（只列出9个）
    """
    r = counted_list.rule
    cut_tail = (report.cut or "").strip()[-12:]
    for piece in iter_paragraphs(report):
        for m in _COUNTED_LIST.finditer(piece.text):
            body = m.group("body")
            if cut_tail and cut_tail in body:
                continue  # the page ends inside the list
            n = int(m.group("n")) if m.group("n").isdigit() else _CN_NUM[m.group("n")]
            items = listed_items(body)
            if items is None or len(items) < 2 or len(items) == n or not 2 <= n <= 30:
                continue
            stated = f"{m.group('noun')}{m.group('n')}{m.group('mw')}"
            yield r.make(
                piece.location,
                f"{piece.where}写“{stated}”，其后列出的名称却是{len(items)}{m.group('mw')}：{clip('、'.join(items), 80)}",
                evidence=clip(m.group(0), 200),
                suggestion=f"核对{m.group('noun')}的实际数目：补全漏列的名称，或改正所写数目。",
            )
