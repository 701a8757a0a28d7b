"""Boilerplate: template/instruction text left in the report, textbook passages that say nothing of the unit."""

from __future__ import annotations

import re

from assistant.report.normalize import to_halfwidth
from assistant.report.roles import part_name, part_title
from assistant.review.finding import at
from assistant.review.registry import rule
from assistant.review.rubric import COMPLETENESS, MEASURES, PROBLEMS, SELF_EVAL_TABLE, cost
from assistant.review.rules._text import (
    BRACKETED_ASIDE,
    clip,
    instruction_cues,
    is_instruction,
    iter_cells,
    sentences,
    strong_marker,
)

REF_TEMPLATE = "考核评分表“自评报告”：正文应据实撰写，模板说明、填表提示等不得留在报告中"
REF_TEXTBOOK = "财预〔2020〕10号：自评报告应反映本单位绩效目标完成情况、问题和原因，内容真实、具体"

_CHECKLIST_ITEM = re.compile(r"^\d{1,2}[.、．]\s*\S{0,30}表")


@rule("BOI001", "boilerplate", "warning", "残留模板/填表说明文字", REF_TEMPLATE,
      costs=(
        cost(COMPLETENESS, 2, "正文缺部分或只有模板提示", cap=8, severity="error", count="section"),
        cost(PROBLEMS, 2, "含模板或通用表述", sections=("七",)),
        cost(MEASURES, 2, "含模板或照抄的通用表述", sections=("八",)),
    ))
def template_text(report, ctx):
    """报告中不应留有模板的写作提示、填表说明和附件清单。

    ## 检查内容
    按意思判断：段落以“总结归纳”“围绕”“阐述”等祈使动词开头、含“从……等方面”“衡量”“需要填报”“请填写”等
    指示用语，又没有本单位的任何数字和事实的，是写作提示（“附件2”“1.”这类引用和编号不算事实）；
    写给填报人的注释（“正式报送前删除本说明”“【填报说明：……】”“本部分应包括：……”“请结合附件2填写”
    “注：……须说明……”）、“报告需要以下附件：……”清单、“（一个专项一行）”“XX单位”等模板标注，不论周围
    写了什么都算。整个部分只有提示文字时为错误（等于没写），其余为警告。规定表式自身印有的文字不算残留：附件表格
    行名中括注的填法（“3、市级专项资金（一个专项一行）”），以及附件末尾解释本表栏目的“说明：”“注：”脚注
    （所引的“项目支出”“公用经费”都是本表的行名，且不要求删除）。
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
            marker = strong_marker(p.text, phrases)
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
        labels = _row_labels(report, a.tables)
        for p in a.paragraphs:
            marker = strong_marker(p.text, phrases)
            if not marker and not is_instruction(p.text, phrases):
                continue
            if form_footnote(p.text, labels):
                continue  # the prescribed form's printed footnote, explaining its own rows
            why = f"模板标注“{marker}”" if marker else "填表说明"
            yield r.make(
                at(a.label, paragraph=p.index),
                f"{a.label}保留了{why}：“{clip(p.text, 50)}”",
                evidence=clip(p.text, 200),
                suggestion="公开前删除表格模板自带的填表说明。",
            )
    for piece in iter_cells(report):
        marker = strong_marker(piece.text, phrases)
        if not marker or printed_row_note(report, piece.location, piece.text, marker):
            continue
        yield r.make(
            piece.location,
            f"{piece.where}单元格留有模板标注“{marker}”：“{clip(piece.text, 40)}”",
            evidence=clip(piece.text, 120),
            suggestion="删除模板标注，按实际情况填写（如逐个列出市级专项名称和金额）。",
        )


# ------------------------------------------------------------------ the prescribed form's own text

_FOOTNOTE = re.compile(r"^\s*(?:填表说明|说明|注|备注)\s*[0-9一二三]?\s*[:：]")
_NOT_PRINTED = re.compile(r"删除|删去|[XＸ×]{2,}|此处|本段|本部分")


def _row_labels(report, tables) -> set[str]:
    """Row labels (first non-empty cell of each row) of the given tables, squashed."""
    out = set()
    for ti in tables:
        if 0 <= ti < len(report.tables):
            for row in report.tables[ti].rows:
                first = next((c for c in row if c and c.strip()), "")
                label = re.sub(r"^[0-9]+[、.．]|[\s：:]", "", BRACKETED_ASIDE.sub("", to_halfwidth(first)))
                if label:
                    out.add(label)
    return out


def form_footnote(text: str, labels: set[str]) -> bool:
    """An attachment's ``说明：`` / ``注：`` line explaining the form's own rows (“项目支出”需要填报……): printed
    on the prescribed form, not a note to the writer left behind (those ask for deletion or name a placeholder)."""
    t = to_halfwidth(text)
    if not _FOOTNOTE.match(t) or _NOT_PRINTED.search(t):
        return False
    quoted = [q.strip() for q in re.findall(r"“([^”]{1,20})”", t)]
    return bool(quoted) and all(q in labels for q in quoted)


def printed_row_note(report, location, text: str, marker: str) -> bool:
    """A bracketed note in the row label of an attachment's form (“3、市级专项资金（一个专项一行）”): the form's
    printed wording, not a leftover — placeholders (XX单位) are still leftovers."""
    if location.table is None or location.row is None or not str(location.section).startswith("附件"):
        return False
    if _NOT_PRINTED.search(to_halfwidth(text)):
        return False
    row = report.tables[location.table].rows[location.row]
    first = next((i for i, c in enumerate(row) if c and c.strip()), None)
    if location.cell != first:
        return False
    m = to_halfwidth(marker)
    return any(m in g for g in BRACKETED_ASIDE.findall(to_halfwidth(text)))


# ------------------------------------------------------------------ BOI003

# the blank form's numbered slots: "指标1:" / "指标2：" anywhere, or a cell that is only "指标2" / "……"
_SLOT_LABEL = re.compile(r"指标\s*[0-9一二三四五]\s*[:：]")
_SLOT_CELL = re.compile(r"^(?:指标\s*[0-9一二三四五]\s*[:：]?|…+|\.{3,}|。{3,})$")


def template_cell(text: str, phrases) -> str | None:
    """Why a form cell is the blank form's own text (an instruction or a placeholder), or None."""
    t = to_halfwidth(text).strip()
    for m in phrases.template_cell_markers:
        if to_halfwidth(m) in t:
            return m
    if _SLOT_CELL.match(t.replace(" ", "")):
        return t
    m = _SLOT_LABEL.search(t)
    return m.group(0) if m else None


@rule("BOI003", "boilerplate", "warning", "表格中留有模板说明或占位内容", REF_TEMPLATE,
      costs=cost(SELF_EVAL_TABLE, 1, "自评表留有模板说明或占位内容", cap=2))
def template_cells(report, ctx):
    """表格单元格中不应留有模板自带的填写说明或占位内容。

    ## 检查内容
    表格单元格写的是模板本身的说明（“对照年度目标,说明……（100字以内）”“结合自评情况……（200字以内）”）或
    占位内容（“≥**平方米”“指标1:”“指标2:”、只有“……”的行）。每张表一条，列出所有位置；说明和占位标记来自
    评审配置（template_cell_markers）。已由BOI001报告的模板标注（XX单位等）不重复报告。
    ## 为什么重要
    该填内容的地方只有模板说明或占位符，说明该项没有填写，评分时按未填处理，公开后也有损单位形象。
    ## 示例
    “评价结论”一栏只有“结合自评情况,说明项目自评总分,说明项目实施取得的成效或成果。(200字以内)”；
    数量指标写“公猪舍(≥**平方米)”。
    """
    r = template_cells.rule
    phrases = ctx.profile.phrases
    groups: dict[tuple, list] = {}
    for piece in iter_cells(report):
        if strong_marker(piece.text, phrases):
            continue  # BOI001 says it
        why = template_cell(piece.text, phrases)
        if why:
            groups.setdefault((piece.section, piece.table), []).append((piece, why))
    for (section, _), hits in groups.items():
        first = hits[0][0]
        places = "、".join(f"{p.where}“{clip(p.text, 24)}”" for p, _ in hits[:8])
        more = f"等{len(hits)}处" if len(hits) > 8 else f"共{len(hits)}处"
        yield r.make(
            first.location,
            f"{section}表格留有模板说明或占位内容{more}：{places}",
            evidence="；".join(clip(p.text, 60) for p, _ in hits)[:400],
            suggestion="删除模板说明和占位符（“**”“指标2:”“……”等），按实际情况填写；不设置的指标行整行删除。",
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


@rule("BOI002", "boilerplate", "warning", "照抄教科书式通用表述", REF_TEXTBOOK,
      costs=(
        cost(PROBLEMS, 2, "含模板或通用表述", sections=("七",)),
        cost(MEASURES, 2, "含模板或照抄的通用表述", sections=("八",)),
    ))
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
