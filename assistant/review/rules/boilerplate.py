"""Boilerplate: template/instruction text left in the report, textbook passages that say nothing of the unit."""

from __future__ import annotations

import re

from assistant.report.roles import part_name, part_title
from assistant.report.normalize import to_halfwidth
from assistant.review.finding import at
from assistant.review.registry import rule
from assistant.review.rules._text import clip, iter_cells, sentences

REF_TEMPLATE = "考核评分表“自评报告”：正文应据实撰写，模板说明、填表提示等不得留在报告中"
REF_TEXTBOOK = "财预〔2020〕10号：自评报告应反映本单位绩效目标完成情况、问题和原因，内容真实、具体"

# Markers that are template text on their own, whatever surrounds them.
STRONG_MARKERS = (
    "报告需要以下附件", "需要以下附件", "请填写", "请根据", "此处填写", "填写说明", "填表说明", "按照以下格式",
    "参照模板", "一个专项一行", "每个一级项目支出一张表", "XX单位", "XX部门", "XXX", "××", "ＸＸ",
)
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


def writer_note(text: str) -> str | None:
    """A note addressed to whoever fills in the template ("正式报送前删除本说明", "本部分应包括：…")."""
    t = to_halfwidth(text).strip()
    for rx, label in _WRITER_NOTES:
        if rx.search(t):
            return label
    return None


def instruction_cues(text: str, phrases) -> list[str]:
    """The instruction signals found in a paragraph (each a short Chinese label)."""
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
        if m in t and m not in STRONG_MARKERS:
            cues.append(f"“{m}”")
    if _FROM_ASPECTS.search(t):
        cues.append("“从……等方面”")
    if _MODAL_VERB.search(t):
        cues.append(f"“{_MODAL_VERB.search(t).group(0)}”")
    if _NOTE_PREFIX.match(t):
        cues.append("“说明：”填表注释")
    if "衡量" in t and "衡量" not in verbs and "衡量" not in clause_verbs:
        cues.append("“衡量”")
    return list(dict.fromkeys(cues))


def strong_marker(text: str) -> str | None:
    t = to_halfwidth(text)
    for m in STRONG_MARKERS:
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


def is_instruction(text: str, phrases) -> bool:
    """True when a paragraph tells the writer what to do instead of reporting the unit's facts."""
    if strong_marker(text):
        return True
    cues = instruction_cues(text, phrases)
    has_facts = bool(_FACT.search(_NOT_FACT_DIGITS.sub("", to_halfwidth(_strip_quotes(text)))))
    return len(cues) >= 2 and not has_facts


def _strip_quotes(text: str) -> str:
    return re.sub(r"“[^”]{0,20}”", "", text)


_CHECKLIST_ITEM = re.compile(r"^\d{1,2}[.、．]\s*\S{0,30}表")


@rule("BOI001", "boilerplate", "warning", "残留模板/填表说明文字", REF_TEMPLATE)
def template_text(report, ctx):
    """报告中不应留有模板的写作提示、填表说明和附件清单。

    ## 检查内容
    按意思判断：段落以“总结归纳”“围绕”“阐述”等祈使动词开头、含“从……等方面”“衡量”“需要填报”“请填写”等
    指示用语，又没有本单位的任何数字和事实的，是写作提示（“附件2”“1.”这类引用和编号不算事实）；
    写给填报人的注释（“正式报送前删除本说明”“【填报说明：……】”“本部分应包括：……”“请结合附件2填写”
    “注：……须说明……”）、“报告需要以下附件：……”清单、“（一个专项一行）”“XX单位”等模板标注，不论周围
    写了什么都算。整个部分只有提示文字时为错误（等于没写），其余为警告。
    ## 为什么重要
    模板文字说明该部分没有实际撰写，考核评分时按缺项处理，公开后也有损单位形象。
    ## 示例
    “六、部门整体支出绩效情况”下只有：“总结归纳本部门‘四本预算’支出的绩效目标完成情况……从运行成本、管理效率、
    履职效能、社会效应、可持续发展能力和服务对象满意度等方面，衡量部门整体及核心业务实施效果。”
    """
    r = template_text.rule
    phrases = ctx.profile.phrases
    for s in report.sections:
        flagged: list[tuple[int, str, str]] = []  # (paragraph, text, why)
        consumed: set[int] = set()
        checklist = False
        for p in s.paragraphs:
            if p.index in consumed:
                continue
            marker = strong_marker(p.text)
            if marker and "附件" in marker:
                items = []
                for q in s.paragraphs[p.index + 1 :]:
                    if not _CHECKLIST_ITEM.match(to_halfwidth(q.text)):
                        break
                    consumed.add(q.index)
                    items.append(q.text)
                flagged.append((p.index, p.text + "；".join(items), "模板的附件清单"))
                checklist = True
                continue
            if marker:
                flagged.append((p.index, p.text, f"模板标注“{marker}”"))
            elif is_instruction(p.text, phrases):
                cues = instruction_cues(p.text, phrases)
                flagged.append((p.index, p.text, "写作提示（" + "、".join(cues[:3]) + "），没有本单位的数据或事实"))
        if not flagged:
            continue
        name = part_title(s)
        # a section made only of writing prompts was never written (error); a leftover checklist is not that
        if not checklist and len(flagged) == len(s.paragraphs):
            yield r.make(
                at(s.label, paragraph=0),
                f"{name}全部是模板写作提示，没有实际内容：“{clip(s.text, 60)}”",
                evidence=clip(s.text, 200),
                suggestion=f"删除提示文字，按提示要求用本单位的数据和事实撰写{part_name(s)}。",
                severity="error",
            )
            continue
        for idx, text, why in flagged:
            yield r.make(
                at(s.label, paragraph=idx),
                f"{part_name(s)}第{idx + 1}段是{why}：“{clip(text, 50)}”",
                evidence=clip(text, 200),
                suggestion="删除模板文字；如该处需要内容，用本单位的实际情况替换。",
            )
    for a in report.attachments:
        for p in a.paragraphs:
            marker = strong_marker(p.text)
            if not marker and not is_instruction(p.text, phrases):
                continue
            why = f"模板标注“{marker}”" if marker else "填表说明"
            yield r.make(
                at(a.label, paragraph=p.index),
                f"{a.label}保留了{why}：“{clip(p.text, 50)}”",
                evidence=clip(p.text, 200),
                suggestion="公开前删除表格模板自带的填表说明。",
            )
    for piece in iter_cells(report):
        marker = strong_marker(piece.text)
        if not marker:
            continue
        yield r.make(
            piece.location,
            f"{piece.where}单元格留有模板标注“{marker}”：“{clip(piece.text, 40)}”",
            evidence=clip(piece.text, 120),
            suggestion="删除模板标注，按实际情况填写（如逐个列出市级专项名称和金额）。",
        )


# ------------------------------------------------------------------ BOI002

_PRINCIPLES = re.compile(r"(?:[\u4e00-\u9fff]{1,4}原则[、，,和及与]){2,}[\u4e00-\u9fff]{1,4}原则")
_DEFINITION = re.compile(
    r"(?:预算|绩效|财政|资金|评价)[^。；，,]{0,12}是[^。；]{0,50}"
    r"(?:的基础|的体现|的保证|经济保证|的前提|的核心|的关键|重要组成部分|重要手段|重要环节|重要内容|重要依据|重要保障)"
)
_UNIT_FACT = re.compile(r"\d|我(?:单位|中心|局|馆|院|所|委|办|部)|本(?:中心|局|馆|院|所)")


def textbook_sentences(text: str, phrases) -> list[str]:
    out = []
    for s in sentences(text):
        t = to_halfwidth(s)
        hit = _PRINCIPLES.search(t) or any(w in t for w in phrases.textbook)
        if not hit and _DEFINITION.search(t) and not _UNIT_FACT.search(t):
            hit = True
        if hit:
            out.append(s)
    return out


@rule("BOI002", "boilerplate", "warning", "照抄教科书式通用表述", REF_TEXTBOOK)
def textbook_text(report, ctx):
    """报告不应照抄与本单位无关的教科书式、通用性表述。

    ## 检查内容
    正文中的定义式句子（“单位预算是财政总预算的基础……是……的重要经济保证”）、原则罗列（“合法性原则、完整性
    原则、真实性原则……”）等与本单位情况无关的通用表述，每段一条，引用原句。
    ## 为什么重要
    这类文字放在任何单位的报告里都一样，不说明本单位的问题和措施，只是凑篇幅，评分时视为内容空泛。
    ## 示例
    八、下一步改进措施：“单位预算是财政总预算的基础，它是党和国家方针政策和社会发展战略在部门单位预算中的体现……
    本单位遵循下列原则：合法性原则、完整性原则、真实性原则、稳妥性原则、合作性原则、绩效性原则。”
    """
    r = textbook_text.rule
    for s in report.sections:
        for p in s.paragraphs:
            found = textbook_sentences(p.text, ctx.profile.phrases)
            if not found:
                continue
            quote = "".join(found)
            yield r.make(
                at(s.label, paragraph=p.index),
                f"{part_name(s)}第{p.index + 1}段照抄了与本单位无关的通用表述：“{clip(quote, 60)}”",
                evidence=clip(quote, 200),
                suggestion="删除通用表述，改写为本单位的具体情况：做了什么、数据如何、针对哪个问题。",
            )
