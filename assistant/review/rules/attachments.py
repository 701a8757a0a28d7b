"""The body's attachment list (附件：1. … 2. …) vs the attachments present and their labels (CMP020–CMP029).

Whether a required attachment is missing is judged by CMP002 (completeness.py). This family compares what the
report's own list promises with what is attached under each number. Attachment kinds are recognised by words
of their titles (profile ``[[attachments.kinds]]``); a title of no known kind is never judged.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.report.model import Report
from assistant.report.normalize import to_halfwidth
from assistant.report.roles import part_name
from assistant.review.finding import FindingLocation, at
from assistant.review.profile import Attachments
from assistant.review.registry import rule
from assistant.review.rules._text import clip, plain

REF_LIST = "公文附件说明应与所附附件的顺序号和名称一致（《党政机关公文格式》GB/T 9704—2012 附件说明）"

# "附件：" / "报告需要以下附件：" / "附件清单：" — the rest of the paragraph may hold the items inline
_LIST_HEAD = re.compile(r"(?:^|[。；;\s无])(?:本?报告)?(?:需要|需)?(?:附|附有|包括)?(?:以下|如下)?附件(?:如下|清单|目录)?\s*[:：]\s*(.*)$")
# "1.…" / "1、…" / "（1）…" / "附件1：…" at the start of an item
_ITEM = re.compile(
    r"^\s*(?:附件\s*(\d{1,2})\s*[.、．:：]?|[（(]\s*(\d{1,2})\s*[)）]|(\d{1,2})\s*[.、．:：](?!\d))\s*(\S.*)$"
)
_INLINE_SPLIT = re.compile(r"(?:^|[；;，,。\s])\s*(?:附件\s*)?(\d{1,2})\s*[.、．:：]\s*")
_LABEL_NUM = re.compile(r"附件\s*(\d{1,2})")


@dataclass(frozen=True)
class ListedAttachment:
    number: int
    title: str
    location: FindingLocation
    where: str


def _body_paragraphs(report: Report):
    for p in report.preamble:
        yield at("全文", paragraph=p.index), p.text, f"正文前第{p.index + 1}段"
    for s in report.sections:
        for p in s.paragraphs:
            yield at(s.label, paragraph=p.index), p.text, f"{part_name(s)}第{p.index + 1}段"


def attachment_list(report: Report) -> list[ListedAttachment]:
    """The numbered attachment list of the body: a "附件：" head followed by "1.…" items, inline or one per
    paragraph. Empty when the body has none (an unnumbered single "附件：…" is not a list to compare)."""
    paras = list(_body_paragraphs(report))
    for i, (loc, text, where) in enumerate(paras):
        m = _LIST_HEAD.search(to_halfwidth(text).strip())  # a PDF may run it on after the previous line
        if not m:
            continue
        items: list[ListedAttachment] = []
        rest = m.group(1).strip()
        if rest:
            parts = _INLINE_SPLIT.split(rest)
            # parts: [before, n1, title1, n2, title2, …]
            for n, title in zip(parts[1::2], parts[2::2], strict=False):
                items.append(ListedAttachment(int(n), title.strip(" ；;，,。"), loc, where))
        for loc2, text2, where2 in paras[i + 1:]:
            im = _ITEM.match(to_halfwidth(text2))
            if not im or loc2.section != loc.section:
                break
            number = int(im.group(1) or im.group(2) or im.group(3))
            items.append(ListedAttachment(number, im.group(4).strip(" ；;，,。"), loc2, where2))
        # the list runs 1, 2, 3 … ; anything after a break in the numbering is not part of it
        run: list[ListedAttachment] = []
        for it in items:
            if it.number != len(run) + 1:
                break
            run.append(it)
        if len(run) >= 2:
            return run
    return []


def attachment_kind(title: str, cfg: Attachments) -> str | None:
    t = plain(title)
    if not t:
        return None
    return next((k.name for k in cfg.kinds if any(plain(w) in t for w in k.words)), None)


@rule("CMP020", "completeness", "warning", "附件标注与正文附件清单不一致", REF_LIST, applies_to=("report",))
def attachment_label_mismatch(report, ctx):
    """正文列出的附件清单应与实际所附附件的序号和名称一致。

    ## 检查内容
    正文中带编号的附件清单（“附件：1.……2.……”或“报告需要以下附件：”后逐条列出）的第N项，与文中标为“附件N”的
    附件比较：两者的名称都能按评审配置 ``[[attachments.kinds]]`` 认出是哪类附件（基础数据表、整体支出绩效自评表、
    项目支出绩效自评表、考核评分表、政府性基金/国有资本经营/社会保险基金预算支出情况表），而类别不同的，即标注
    与清单不一致。每处一条。清单列了而没有附上的附件由 CMP002 判断，这里不重复。
    ## 为什么重要
    附件说明与附件的序号、名称不一致，审阅人按清单找不到对应的表，也说明报告由模板拼凑、没有核对。
    ## 示例
    第十部分列出“5.国有资本经营预算支出情况表”，而标为“附件5”的却是“部门整体支出绩效自评工作考核评分表”。
    """
    r = attachment_label_mismatch.rule
    cfg = ctx.profile.attachments
    listed = attachment_list(report)
    if not listed:
        return
    present: dict[int, tuple[str, str]] = {}
    for a in report.attachments:
        m = _LABEL_NUM.match(a.label)
        kind = attachment_kind(a.title, cfg)
        if m and kind is not None:
            present[int(m.group(1))] = (a.title, kind)
    for item in listed:
        if item.number not in present:
            continue
        want = attachment_kind(item.title, cfg)
        title, have = present[item.number]
        if want is None or want == have:
            continue
        yield r.make(
            item.location,
            f"{item.where}附件清单第{item.number}项是“{clip(item.title, 30)}”，而标为附件{item.number}的是"
            f"“{clip(title, 30)}”，附件序号与清单不一致",
            evidence=clip(
                "清单：" + "；".join(f"{i.number}.{i.title}" for i in listed)
                + "；所附：" + "；".join(f"{a.label} {a.title}" for a in report.attachments),
                200,
            ),
            suggestion="按实际所附附件重新编写附件清单，或调整附件序号，使“附件N”与清单第N项名称一致；不附的附件从清单中删除。",
        )
