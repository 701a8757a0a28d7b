"""Sections by role, not by numeral: template profiles (TOML data) plus a title-keyword fallback.

Every province (often every year) has its own template for the 部门整体 and 项目支出 自评报告: other titles,
other numbering, 存在问题/改进措施 as sub-headings of a 评价结论及建议 part. Rules ask for a *role*
(``report.by_role("problems")``) and report findings under the label the document itself uses.

Templates live in ``assistant/report/templates/*.toml``::

    name = "four_part"            # id
    title = "…"                   # Chinese name shown in messages
    kind = "report"               # report | project_report
    min_matches = 4               # headings that must match for the template to be chosen
    attachments = ["附件1"]        # attachments the template requires (optional)
    [[parts]]
    label = "三"                   # numeral the template uses
    title = "存在问题"             # standard title
    keywords = ["问题"]            # a heading with this label containing any keyword is this part
    role = "problems"
    required = "error"             # severity when missing from a complete document ("" = optional)
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from assistant.report.blocks import Block
from assistant.report.model import SECTION_LABELS, SECTION_TITLES, TEN_ROLES, Paragraph, Report, Section

TEMPLATE_DIR = Path(__file__).parent / "templates"


@dataclass(frozen=True)
class Part:
    label: str
    title: str
    keywords: tuple[str, ...]
    role: str
    required: str  # "error" | "warning" | ""


@dataclass(frozen=True)
class Template:
    name: str
    title: str
    kind: str
    min_matches: int
    parts: tuple[Part, ...]
    attachments: tuple[str, ...] = ()

    def part(self, label: str) -> Part | None:
        return next((p for p in self.parts if p.label == label), None)


@lru_cache(maxsize=1)
def templates() -> tuple[Template, ...]:
    out = []
    for path in sorted(TEMPLATE_DIR.glob("*.toml")):
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        parts = tuple(
            Part(p["label"], p["title"], tuple(p.get("keywords", ())), p["role"], p.get("required", ""))
            for p in data["parts"]
        )
        out.append(Template(data["name"], data["title"], data.get("kind", "report"),
                            int(data.get("min_matches", len(parts))), parts, tuple(data.get("attachments", ()))))
    return tuple(out)


def template(name: str) -> Template | None:
    return next((t for t in templates() if t.name == name), None)


# ---------------------------------------------------------------- keyword fallback

# Order matters: the first pattern that matches a heading decides its role.
_ROLE_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("fund_gov", re.compile(r"政府性基金")),
    ("fund_soe", re.compile(r"国有资本")),
    ("fund_social", re.compile(r"社会保险基金")),
    ("application", re.compile(r"结果.{0,4}(?:应用|运用)|应用.{0,3}公开|公开情况")),
    ("problems", re.compile(r"问题|不足之处|存在不足")),
    ("conclusion", re.compile(r"评价结论|自评结论|综合评价|自评得分|自评结果|评分情况")),
    ("measures", re.compile(r"改进|措施|建议|对策|下一步|整改|工作打算|努力方向")),
    ("deviation", re.compile(r"偏差")),
    ("other", re.compile(r"工作开展情况|自评步骤|评价方法|组织实施|评价工作|其他|其它")),
    ("budget", re.compile(r"预算.{0,6}(?:执行|支出|收支)|收支|收入|资金.{0,6}(?:使用|管理|情况|申报|到位)|支出情况|支出管理|财务管理")),
    ("performance", re.compile(r"绩效|目标|完成情况|产出|效益|满意度|指标|成效|履职")),
    ("basic_info", re.compile(r"基本情况|基本概况|概况|职能|机构设置|单位简介|部门简介")),
)


def role_of(heading: str) -> str:
    """Canonical role of a heading by its words ('' when nothing matches)."""
    h = re.sub(r"\s+", "", heading)
    for role, rx in _ROLE_PATTERNS:
        if rx.search(h):
            return role
    return ""


# ---------------------------------------------------------------- template choice


def _part_matches(part: Part, section: Section) -> bool:
    if section.label != part.label:
        return False
    heading = "".join(section.heading.split())
    return any(k in heading for k in part.keywords)


def match_template(sections: list[Section]) -> tuple[Template | None, int]:
    """The template most of the document's headings match (label and title), with its match count."""
    best: Template | None = None
    best_n = 0
    by_label = {s.label: "".join(s.heading.split()) for s in sections}
    for t in templates():
        n = sum(1 for p in t.parts if p.label in by_label and any(k in by_label[p.label] for k in p.keywords))
        if n < t.min_matches:
            continue
        if n > best_n or (n == best_n and best is not None and len(t.parts) < len(best.parts)):
            best, best_n = t, n
    return best, best_n


# ---------------------------------------------------------------- sub-headings playing a role

_SUB_HEADING = re.compile(r"^(（[一二三四五六七八九十]{1,2}）|\d{1,2}[、.．])\s*(\S.{0,30}?)\s*[。：:]?$")
_SUB_RUN_IN = re.compile(r"^(（[一二三四五六七八九十]{1,2}）)\s*(\S.{1,20}?)[。：:]\s*(\S.*)$")
_SUB_LABEL_ONLY = re.compile(r"^（[一二三四五六七八九十]{1,2}）$")
_SPLIT_ROLES = ("problems", "measures", "deviation")


def _sub_heading(paras: list[Paragraph], i: int) -> tuple[str, str, str, int] | None:
    """(label, heading, run-in rest, paragraphs consumed) if paragraph i opens a sub-part."""
    text = paras[i].text
    if _SUB_LABEL_ONLY.match(text) and i + 1 < len(paras) and len(paras[i + 1].text) <= 24:
        return text, paras[i + 1].text.rstrip("。：:"), "", 2  # "（三）" and "存在问题。" on two lines
    m = _SUB_HEADING.match(text)
    if m and not re.search(r"[，,；;]", m.group(2)):
        return m.group(1), m.group(2), "", 1
    m = _SUB_RUN_IN.match(text)
    if m and role_of(m.group(2)) in _SPLIT_ROLES:
        return m.group(1), m.group(2), m.group(3), 1
    return None


def _split_sub_parts(paras: list[Paragraph], wanted: set[str]) -> tuple[list[Paragraph], list[Section]]:
    """Move sub-parts whose heading plays a wanted role out of ``paras`` into their own sections."""
    keep: list[Paragraph] = []
    found: list[Section] = []
    current: Section | None = None
    current_kind = ""
    i = 0
    while i < len(paras):
        sub = _sub_heading(paras, i)
        if sub is not None:
            label, heading, rest, used = sub
            role = role_of(heading)
            kind = "（" if label.startswith("（") else "1"
            if role in wanted and role not in {s.role for s in found}:
                current = Section(label=label, heading=heading, role=role)
                current_kind = kind
                if rest:
                    current.paragraphs.append(Paragraph(index=0, text=rest))
                found.append(current)
                i += used
                continue
            if current is not None and kind == current_kind:
                current = None  # the next sub-part of the same level ends the moved one
        if current is not None:
            current.paragraphs.append(Paragraph(index=len(current.paragraphs), text=paras[i].text))
        else:
            keep.append(Paragraph(index=len(keep), text=paras[i].text))
        i += 1
    return keep, found


# ---------------------------------------------------------------- entry point


def assign_roles(report: Report) -> None:
    """Give every section its role; split 存在问题/改进措施 sub-parts out when no part plays them."""
    tmpl, _ = match_template(report.sections)
    report.template = tmpl.name if tmpl else ""
    for s in report.sections:
        fallback = role_of(s.heading)
        part = tmpl.part(s.label) if tmpl else None
        if part is not None and (_part_matches(part, s) or not fallback):
            s.role = part.role  # type: ignore[assignment]
        else:
            s.role = fallback or "other"  # type: ignore[assignment]
    have = {s.role for s in report.sections}
    # 存在问题/改进措施 written as sub-headings of another part; 偏差 only in a 项目支出 template
    wanted = {r for r in ("problems", "measures") if r not in have}
    if tmpl is not None and tmpl.kind == "project_report" and "deviation" not in have:
        wanted.add("deviation")
    if not wanted:
        return
    out: list[Section] = []
    if report.preamble and not report.sections:
        keep, found = _split_sub_parts(report.preamble, wanted)
        if found:
            report.preamble = keep
            out.extend(found)
            wanted -= {f.role for f in found}
    for s in report.sections:
        out.append(s)
        if not wanted:
            continue
        keep, found = _split_sub_parts(s.paragraphs, wanted)
        if found:
            s.paragraphs = keep
            taken = {x.label for x in out}
            out.extend(f for f in found if f.label not in taken)
            wanted -= {f.role for f in found}
    report.sections = out


# ---------------------------------------------------------------- cut documents

_END_OK = tuple("。！？!?；;…”’」』）)》】.") + ("——",)
_SIGN_OFF_RX = re.compile(
    r"\d{4}\s*年\s*\d{1,2}\s*月(?:\s*\d{1,2}\s*日)?$|\d{4}[-/.]\d{1,2}[-/.]\d{1,2}$|盖章|负责人|填报人|填表人|审核人|"
    r"联系人|联系电话|电话|[局委办室院校所站心会府司]$"
)


def _is_sign_off(text: str) -> bool:
    """A signature, date or contact line that may end a complete document without punctuation."""
    return len(text) <= 40 and bool(_SIGN_OFF_RX.search(text))


def _last_text(blocks: list[Block]) -> tuple[str, bool]:
    """The last non-empty text of the document and whether it sits in a table."""
    for b in reversed(blocks):
        if b.kind == "table":
            for row in reversed(b.rows):
                cells = [c.strip() for c in row if c and c.strip()]
                if cells:
                    return cells[-1], True
            continue
        if b.text.strip():
            return b.text.strip(), False
    return "", False


# "附件：1.基础数据表 2.自评表" closing a complete report: a list of attachments, not a cut sentence
_LISTS_ATTACHMENT = re.compile(r"^(?:附件|附表)|(?:表|报告|清单|明细)$")
_HEADING_AT_END = re.compile(r"^(?:（[一二三四五六七八九十\d]{1,3}）|\d{1,2}[、.．]|[一二三四五六七八九十]{1,2}[、.．])")


def _tail(blocks: list[Block], n: int = 30) -> str:
    """The last ``n`` characters of the document's text (cells joined by spaces)."""
    out = ""
    for b in reversed(blocks):
        if b.kind == "table":
            piece = " ".join(" ".join(c.strip() for c in r if c and c.strip()) for r in b.rows[-4:])
        else:
            piece = b.text.strip()
        out = (piece + " " + out).strip() if piece else out
        if len(out) >= n:
            break
    return out[-n:].strip()


def detect_cut(blocks: list[Block], report: Report) -> str:
    """The last words when the text visibly stops mid-way (a cut page), else ''.

    Cut: the last paragraph is a sentence that stops without end punctuation (or on a comma, an open
    bracket, a heading number); the last section is only a heading; a table ends before its total row.
    A complete form ends on its 总分/合计 row or its signature lines; a complete report on 。 or a date.
    """
    last, in_table = _last_text(blocks)
    if not last:
        return ""
    tail = _tail(blocks)
    if last.endswith(("，", ",", "、", "：", ":", "（", "(", "“", "《", "—")) and not _is_sign_off(last):
        return tail
    if report.sections and not report.sections[-1].paragraphs and not report.attachments and not report.tables:
        return tail  # the last heading has nothing under it: the page stops there
    if body_then_cut_attachment(report, last):
        return tail  # the page stops at an attachment's label: the attachment is cut, not the body
    if re.match(r"^[一二三四五六七八九十]{1,2}\s*[、.．]", last) and not last.endswith(_END_OK) and len(last) <= 12:
        return tail  # stops inside a heading ("二、部门(单位")
    if in_table:
        last_table = next(b for b in reversed(blocks) if b.kind == "table")
        flat = re.sub(r"\s+", "", "".join("".join(r) for r in last_table.rows[-6:]))
        if re.search(r"总分|合计|总计|负责人|填报人|审核人|填表人|联系电话|注[:：]|说明[:：]", flat):
            return ""
        widths = [sum(1 for c in r if c.strip()) for r in last_table.rows if any(c.strip() for c in r)]
        if len(widths) >= 3 and "指标" in flat + "".join("".join(r) for r in last_table.rows):
            return tail  # an indicator table with no 总分/合计 row at its end
        if len(last) >= 20 and not last.endswith(_END_OK) and not _is_sign_off(last) and "，" not in last[-3:] \
                and re.search(r"目标|完成情况|说明|原因", flat):
            return tail  # a form stopping inside a long text cell (年度总体目标, 偏差原因 …)
        return ""
    # a sentence that stops without end punctuation: long, or shorter but with a clause break inside
    # ("公益岗位补助,用于开发农村") — a heading, a name or a signature line has none
    sentence = len(last) >= 15 or (len(last) >= 8 and bool(re.search(r"[，,；;]", last[:-1])))
    if sentence and not last.endswith(_END_OK) and not _is_sign_off(last) and not _LISTS_ATTACHMENT.search(last):
        return tail
    if not in_table and _HEADING_AT_END.match(last) and len(last) <= 30 and not last.endswith("。") \
            and not re.search(r"表|附件|附表", last):
        return tail  # a document does not end on a heading ("（1）项目实施的社会效", "（一）资金")
    if not in_table and _fragment_after_sentence(blocks, last):
        return tail  # "……满意度≥80%。" then "宜传": the page stops two characters into a new line
    if _form_stops_early(blocks):
        return tail
    if _one_piece_of_a_compilation(blocks):
        return tail
    return ""


# short lines that may close a complete document without end punctuation: a unit signing (its name ends
# in one of these), a closing formula, "（完）"
_CLOSING_LINE = re.compile(
    r"(?:处|镇|乡|街道|公司|学|园|队|馆|社|部|厅|科|区|村|组|中心|办|站|所|院|校|局|委|室|会|府|司)$|"
    r"特此|此致|敬礼|报告$|^[(（]?完[)）]?$|^全文完$|^以上"
)


def _fragment_after_sentence(blocks: list[Block], last: str) -> bool:
    """The last line is a few characters of Chinese text with no punctuation at all right after a paragraph
    that ended a sentence: the page stopped just after a new line began ("宜传" for "宣传……"). A signature,
    a date, a closing formula or a heading is not such a fragment."""
    if not 2 <= len(last) <= 8 or not re.fullmatch(r"[\u4e00-\u9fff]+", last):
        return False
    if _is_sign_off(last) or _CLOSING_LINE.search(last) or _LISTS_ATTACHMENT.search(last):
        return False
    paras = [b.text.strip() for b in blocks if b.kind == "para" and b.text.strip()]
    return len(paras) >= 2 and paras[-1] == last and paras[-2].endswith(("。", "；", ";"))


# a 范文 site's page of several sample reports: "建设项目绩效自评报告(通用9篇)", "(精选10篇)", "精品(七篇)"
_COMPILATION = re.compile(r"[(（](?:通用|精选|优秀|热门|推荐)?\s*(\d{1,2}|[二三四五六七八九十]{1,2})\s*篇[)）]")


def _one_piece_of_a_compilation(blocks: list[Block]) -> bool:
    """A page announcing several sample reports near its top whose text holds fewer of them than announced:
    the stored copy stops inside the compilation, so parts missing from the piece shown are not known to be
    missing (the next piece starts another document anyway)."""
    head = "".join(b.text for b in blocks[:12] if b.kind == "para")[:800]
    m = _COMPILATION.search(head)
    if not m:
        return False
    return not m.group(1).isdigit() or int(m.group(1)) >= 2  # the numerals exclude 一


_BARE_ATTACHMENT = re.compile(r"^附件\s*[1-9１-９]\s*[:：]?$")


def body_then_cut_attachment(report: Report, last: str | None = None) -> bool:
    """The document ends on a bare 附件N label after its body: the page stops at the attachment, so what
    is cut is the attachment — the body parts above it are all on the page."""
    if not report.sections or not report.attachments:
        return False
    att = report.attachments[-1]
    if att.paragraphs or att.tables or (att.title and att.title.strip() != att.label):
        return False
    if last is None:
        last = (report.cut or "").split()[-1] if (report.cut or "").split() else ""
    return bool(_BARE_ATTACHMENT.match(last.strip()))


def _form_stops_early(blocks: list[Block]) -> bool:
    """A 自评表 written as text whose indicator grid has no 总分/合计 row or signature after it."""
    texts: list[str] = []
    for b in blocks[-400:]:
        texts.append(b.text if b.kind == "para" else "".join("".join(r) for r in b.rows))
    flat = re.sub(r"\s+", "", "".join(texts))
    i = flat.rfind("三级指标")
    if i < 0:
        return False
    after = flat[i:]
    return not re.search(r"总分|合计|总计|负责人|填报人|填表人|审核人|自评得分|评价结论|存在问题", after)


def part_name(section: Section | None, fallback: str = "") -> str:
    """How messages name a part: '第七部分' in a 一…十 numbering, else '“三、存在问题”部分' / '“（三）存在问题”部分'."""
    if section is None:
        return fallback
    if section.label in SECTION_LABELS:
        return f"第{section.label}部分"
    return f"“{section.label}{section.heading}”部分"


def part_title(section: Section) -> str:
    """'第七部分“存在的问题及原因分析”' in the 一…十 template, '第三部分“存在问题”' or '“（三）存在问题”部分' elsewhere."""
    if section.label in SECTION_TITLES:
        std = section.role in ("", TEN_ROLES[section.label])
        return f"第{section.label}部分“{SECTION_TITLES[section.label] if std else section.heading}”"
    return part_name(section)
