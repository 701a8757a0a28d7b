"""Blocks -> Report skeleton: title, year, unit, sections 一…十, attachments, tables, kind."""

from __future__ import annotations

import re

from assistant.report.blocks import Block
from assistant.report.model import (
    ATTACHMENT_TITLES,
    SECTION_LABELS,
    SECTION_TITLES,
    Attachment,
    Paragraph,
    Report,
    Section,
    Table,
)
from assistant.report.normalize import (
    ATTACHMENT_HEADING,
    SECTION_HEADING,
    SECTION_HEADING_BARE,
    squash,
)
from assistant.report.roles import assign_roles, detect_cut

_TITLE_RE = re.compile(r"绩效.{0,8}(?:自评|评价).{0,6}(?:报告|表)|自评报告")
_ATTACHMENT_BY_TITLE = (
    ("基础数据表", "附件1"),
    ("整体支出绩效自评表", "附件2"),
    ("项目支出绩效自评表", "附件3"),
    ("政府性基金预算支出", "附件4"),
    ("国有资本经营预算支出", "附件5"),
    ("社会保险基金预算支出", "附件6"),
)


def _title_score(label: str, heading: str) -> int:
    """How many 2-char shingles of the standard title appear in the heading."""
    std = SECTION_TITLES[label]
    shingles = {std[i : i + 2] for i in range(len(std) - 1)}
    return sum(1 for s in shingles if s in heading)


def match_section_heading(text: str, current: int) -> tuple[int, str] | None:
    """Return (index, heading) if ``text`` is the heading of a section after ``current``."""
    m = SECTION_HEADING.match(text) or SECTION_HEADING_BARE.match(text)
    if not m:
        return None
    idx = SECTION_LABELS.index(m.group(1))
    heading = m.group(2).strip()
    if idx <= current:
        return None
    if heading.endswith(("。", "；", ";")) or len(heading) > 40:
        return None
    # a list item "二、加强…" inside a section must not open a section: require a title-like heading
    if _title_score(SECTION_LABELS[idx], heading) >= 2:
        return idx, heading
    if idx == current + 1 and len(heading) <= 20 and "，" not in heading:
        return idx, heading
    return None


_RUN_IN = re.compile(r"^([一二三四五六七八九十])\s*[、.．]\s*(\S.{1,28}?)\s*[。：:；;]\s*(\S.*)$")


def match_run_in_heading(text: str, current: int) -> tuple[int, str, str] | None:
    """A section heading run into its first sentence; accepted only when it is the standard title."""
    m = _RUN_IN.match(text)
    if not m:
        return None
    idx = SECTION_LABELS.index(m.group(1))
    if idx <= current:
        return None
    heading = m.group(2).strip()
    std = SECTION_TITLES[SECTION_LABELS[idx]]
    core = re.sub(r"^(?:部门|单位)", "", heading)
    if heading == std or core == std or (len(heading) >= 4 and heading in std) or _title_score(SECTION_LABELS[idx], heading) >= max(3, len(std) - 3):
        return idx, heading, m.group(3).strip()
    return None


def match_bare_title(text: str, current: int, heading_like: bool) -> tuple[int, str] | None:
    """A heading whose numeral is not in the text (Word auto-numbering): '存在的问题及原因分析'.

    Accepted when the paragraph is short and is (nearly) the standard title of a later section; for
    plain text (no heading style) only an exact standard title counts.
    """
    t = re.sub(r"[\s:：、.。（）()]", "", text)
    if not t or len(t) > 24:
        return None
    for idx in range(current + 1, len(SECTION_LABELS)):
        std = SECTION_TITLES[SECTION_LABELS[idx]]
        if t == std:
            return idx, text
        if not heading_like:
            continue
        shingles = {t[i : i + 2] for i in range(len(t) - 1)}
        std_sh = {std[i : i + 2] for i in range(len(std) - 1)}
        if shingles and len(shingles & std_sh) / len(shingles) >= 0.75 and len(shingles & std_sh) >= 3:
            return idx, text
    return None


def match_attachment_heading(text: str) -> tuple[str, str] | None:
    m = ATTACHMENT_HEADING.match(text)
    if not m:
        return None
    rest = m.group(2).strip()
    if rest and (rest.endswith(("。", "；")) or len(rest) > 40):
        return None
    return f"附件{m.group(1)}", rest


def _title_info(text: str) -> tuple[int | None, str | None]:
    t = squash(text)
    year = None
    m = re.search(r"(20\d{2}|19\d{2})年度?", t)
    if m:
        year = int(m.group(1))
    unit = None
    m = re.match(r"^(.+?)(?:20\d{2}|19\d{2})年度?", t)
    if m and not re.search(r"\d", m.group(1)):
        unit = m.group(1)
    else:
        m = re.search(r"(?:20\d{2}|19\d{2})年度?(.+?)(?:部门)?(?:整体支出|项目支出|预算)", t)
        if m and m.group(1).lstrip("度") not in ("", "部门", "单位"):
            unit = m.group(1).lstrip("度")
    if unit:
        unit = re.sub(r"^关于", "", unit).strip("“”\"《》:：")
        if not unit or len(unit) > 40:
            unit = None
    return year, unit


def _own_label_index(blocks: list[Block]) -> int | None:
    """Index of an "附件2-1" line that labels the document itself: it comes before any table or section
    heading and the next one or two lines form a self-evaluation report's title (a report published as the
    attachment of a notice). None when there is no such line."""
    for i, block in enumerate(blocks[:15]):
        if block.kind == "table" or match_section_heading(block.text, -1):
            return None
        if not match_attachment_heading(block.text):
            continue
        rest = [b.text for b in blocks[i + 1 : i + 3] if b.kind != "table"]
        for n in (1, 2):
            joined = squash("".join(rest[:n]))
            if len(joined) <= 80 and "报告" in joined and _TITLE_RE.search(joined):
                return i
        return None
    return None


def assemble(blocks: list[Block]) -> Report:
    report = Report()
    own_label = _own_label_index(blocks)
    sections: list[Section] = []
    attachments: list[Attachment] = []
    tables: list[Table] = []
    preamble: list[Paragraph] = []
    current_sec = -1
    current_att: Attachment | None = None
    pending_title_for_att = False
    last_para = ""

    for i_block, block in enumerate(blocks):
        if i_block == own_label:
            preamble.append(Paragraph(index=len(preamble), text=block.text))
            continue
        if block.kind == "table":
            label = current_att.label if current_att else None
            inner = _label_inside_table(block.rows)
            if inner and inner[0] != label and not any(a.label == inner[0] for a in attachments):
                # "附件2 …自评表" written in the table's own first row
                current_att = Attachment(label=inner[0], title=inner[1])
                attachments.append(current_att)
                label = inner[0]
            content = _label_from_content(block.rows)
            if (label is not None and content and content != label and current_att is not None
                    and current_att.tables and not any(a.label == content for a in attachments)):
                # an unlabelled 自评表 right after 附件1's table: a new attachment, not more of 附件1
                current_att = Attachment(label=content, title=last_para if last_para != current_att.title else "")
                attachments.append(current_att)
                label = content
            if label is None:
                # a table before any 附件 label: infer from the nearest title line, else from its content
                inferred = next((lab for key, lab in _ATTACHMENT_BY_TITLE if key in squash(last_para)), None)
                inferred = inferred or content
                if inferred and not any(a.label == inferred for a in attachments):
                    current_att = Attachment(label=inferred, title=last_para)
                    attachments.append(current_att)
                    label = inferred
            section_label = label or (SECTION_LABELS[current_sec] if current_sec >= 0 else "全文")
            table = Table(index=len(tables), section=section_label, title=last_para, rows=block.rows, page=block.page)
            tables.append(table)
            if current_att is not None:
                current_att.tables.append(table.index)
            pending_title_for_att = False
            continue

        text = block.text
        if (not preamble and not sections and not tables and len(attachments) == 1 and current_att is not None
                and not current_att.paragraphs and "报告" in squash(current_att.title or text)
                and _TITLE_RE.search(squash(current_att.title or text)) and len(text) <= 80):
            # "附件3" above a report's own title: the document is the report, not an attachment of one
            attachments.pop()
            current_att = None
            pending_title_for_att = False
        if (not report.title and not sections and current_att is None and len(text) <= 80
                and not text.endswith(("。", "；", ";")) and _TITLE_RE.search(squash(text))):
            report.title = text  # the title sits before section 一 and before any 附件
            prev = preamble[-1].text if preamble else ""
            if (prev == last_para and re.match(r"^(?:部门|单位|整体|项目|支出)?绩效", squash(text))
                    and re.search(r"(?:19|20)\d{2}年", prev) and len(squash(prev)) <= 50
                    and not re.search(r"[:：。；;,，]", prev)):
                # a title broken over two lines: "湘阴县2021年度部门(单位)整体支出" / "绩效评价自评报告"
                report.title = prev + text
                preamble.pop()
            last_para = text
            continue
        att = match_attachment_heading(text)
        if att:
            label, rest = att
            if not any(a.label == label for a in attachments):
                current_att = Attachment(label=label, title=rest)
                attachments.append(current_att)
                pending_title_for_att = not rest
                last_para = text
                continue
        if current_att is not None:
            if pending_title_for_att and len(text) <= 60:
                current_att.title = text
                pending_title_for_att = False
            else:
                current_att.paragraphs.append(Paragraph(index=len(current_att.paragraphs), text=text))
            last_para = text
            continue
        sec = match_section_heading(text, current_sec) or match_bare_title(text, current_sec, block.heading)
        if sec:
            current_sec, heading = sec
            sections.append(Section(label=SECTION_LABELS[current_sec], heading=heading))
            last_para = text
            continue
        run_in = match_run_in_heading(text, current_sec)
        if run_in:
            # "七、存在的问题及原因分析：一是……" — heading and first paragraph in one line
            current_sec, heading, rest = run_in
            sections.append(Section(label=SECTION_LABELS[current_sec], heading=heading,
                                    paragraphs=[Paragraph(index=0, text=rest)]))
            last_para = text
            continue
        if sections:
            s = sections[-1]
            s.paragraphs.append(Paragraph(index=len(s.paragraphs), text=text))
        else:
            # standalone title-less tables: a title line preceding a table may name an attachment
            preamble.append(Paragraph(index=len(preamble), text=text))
        last_para = text

    report.sections = sections
    report.attachments = attachments
    report.tables = tables
    report.preamble = preamble
    title_for_info = report.title or next(
        (a.title for a in attachments if a.title and _TITLE_RE.search(squash(a.title))), ""
    )
    report.year, report.unit = _title_info(title_for_info) if title_for_info else (None, None)
    assign_roles(report)
    report.cut = detect_cut(blocks, report)
    return report


def _label_inside_table(rows: list[list[str]]) -> tuple[str, str] | None:
    """A first row that is one (merged) cell naming the attachment: ('附件2', '…自评表')."""
    if not rows:
        return None
    first = [c for c in rows[0] if c.strip()]
    if len(set(first)) != 1:
        return None
    text = squash(first[0])
    m = re.match(r"^附件([1-6])[:：.、]?(.*)$", text)
    if m:
        return f"附件{m.group(1)}", m.group(2)
    return None


def _label_from_content(rows: list[list[str]]) -> str | None:
    """Strong content signals only: the 自评表 indicator grid or the 基础数据表 staffing/三公 block."""
    head = squash("".join("".join(r) for r in rows[:40]))
    if "一级指标" in head and "三级指标" in head:
        return "附件3" if "项目名称" in head else "附件2"
    if "编制数" in head and "三公经费" in head:
        return "附件1"
    return None


def attachment_title_label(title: str) -> str | None:
    t = squash(title)
    return next((lab for key, lab in _ATTACHMENT_BY_TITLE if key in t), None)


__all__ = ["assemble", "match_section_heading", "match_attachment_heading", "ATTACHMENT_TITLES"]
