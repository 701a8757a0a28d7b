"""Government-document layout for Word output (GB/T 9704-style): page, fonts, paragraph styles, tables.

Fonts are set for East Asian text (``w:rFonts/@w:eastAsia``); each Chinese font is also declared in
the font table with a common fallback (``w:altName``: 方正小标宋简体 → 宋体, 仿宋_GB2312 → 仿宋 …)
so Word substitutes sensibly on machines without the official fonts.
"""

from __future__ import annotations

import re

from docx.document import Document as DocxDocument
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

# ---- fonts: (name, fallback, ascii font for digits/latin)
TITLE_FONT = "方正小标宋简体"
HEADING_FONT = "黑体"
SUBHEADING_FONT = "楷体_GB2312"
BODY_FONT = "仿宋_GB2312"
LATIN_FONT = "Times New Roman"
FONT_FALLBACKS: dict[str, tuple[str, ...]] = {
    TITLE_FONT: ("宋体", "SimSun"),
    HEADING_FONT: ("SimHei",),
    SUBHEADING_FONT: ("楷体", "KaiTi"),
    BODY_FONT: ("仿宋", "FangSong"),
}

# ---- sizes (Chinese point sizes)
SIZE_ER_HAO = Pt(22)  # 二号
SIZE_SAN_HAO = Pt(16)  # 三号
SIZE_XIAO_SI = Pt(12)  # 小四
SIZE_WU_HAO = Pt(10.5)  # 五号
LINE_SPACING = Pt(28)  # fixed 28pt: 22 lines per page on A4 with these margins

# ---- page (A4, GB/T 9704 margins)
PAGE_WIDTH, PAGE_HEIGHT = Mm(210), Mm(297)
MARGIN_TOP, MARGIN_BOTTOM, MARGIN_LEFT, MARGIN_RIGHT = Mm(37), Mm(35), Mm(28), Mm(26)
TEXT_WIDTH = PAGE_WIDTH - MARGIN_LEFT - MARGIN_RIGHT

# style names (custom, so theme fonts of the template's Heading styles never override ours)
STYLE_TITLE = "报告标题"
STYLE_H1 = "一级标题"
STYLE_H2 = "二级标题"
STYLE_H3 = "三级标题"
STYLE_BODY = "报告正文"
STYLE_ATT_LABEL = "附件标注"
STYLE_ATT_TITLE = "附件标题"
STYLE_TABLE = "表格文字"
STYLE_NOTE = "附件说明"

_H2 = re.compile(r"^（[一二三四五六七八九十]{1,2}）")
_H3 = re.compile(r"^(?:\d{1,2}[、.．]|（\d{1,2}）)")


def set_run_fonts(rpr_owner, east_asia: str, ascii_font: str = LATIN_FONT) -> None:
    """Set ascii/hAnsi and eastAsia fonts on a run's or style's rPr (theme fonts removed)."""
    rpr = rpr_owner.get_or_add_rPr()
    rfonts = rpr.get_or_add_rFonts()
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        rfonts.attrib.pop(qn(attr), None)
    rfonts.set(qn("w:ascii"), ascii_font)
    rfonts.set(qn("w:hAnsi"), ascii_font)
    rfonts.set(qn("w:eastAsia"), east_asia)
    rfonts.set(qn("w:hint"), "eastAsia")


def _add_style(doc: DocxDocument, name: str, font: str, size, *, bold=False, align=None,
               first_line_chars: int = 0, outline: int | None = None, fixed=True, space_before=0,
               page_break_before=False, keep_next=False):
    styles = doc.styles
    style = styles[name] if name in [s.name for s in styles] else styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    style.base_style = styles["Normal"]
    style.quick_style = True
    set_run_fonts(style.element, font)
    style.font.size = size
    style.font.bold = bold
    pf = style.paragraph_format
    if align is not None:
        pf.alignment = align
    if fixed:
        pf.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        pf.line_spacing = LINE_SPACING
    else:
        pf.line_spacing_rule = WD_LINE_SPACING.SINGLE
    pf.space_before = Pt(space_before)
    pf.space_after = Pt(0)
    pf.page_break_before = page_break_before
    pf.keep_with_next = keep_next
    pf.widow_control = True
    if first_line_chars:
        pf.first_line_indent = Pt(size.pt * first_line_chars / 100)
        ind = style.element.get_or_add_pPr().find(qn("w:ind"))
        ind.set(qn("w:firstLineChars"), str(first_line_chars))
    if outline is not None:
        ppr = style.element.get_or_add_pPr()
        lvl = ppr.find(qn("w:outlineLvl"))
        if lvl is None:
            lvl = OxmlElement("w:outlineLvl")
            ppr.append(lvl)
        lvl.set(qn("w:val"), str(outline))
    return style


def setup_document(doc: DocxDocument) -> None:
    """A4 page, GB/T 9704 margins, page numbers, the report's paragraph styles and font fallbacks."""
    for section in doc.sections:
        section.orientation = WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = PAGE_WIDTH, PAGE_HEIGHT
        section.top_margin, section.bottom_margin = MARGIN_TOP, MARGIN_BOTTOM
        section.left_margin, section.right_margin = MARGIN_LEFT, MARGIN_RIGHT
        section.header_distance, section.footer_distance = Mm(15), Mm(25)
        add_page_number(section)
    normal = doc.styles["Normal"]
    set_run_fonts(normal.element, BODY_FONT)
    normal.font.size = SIZE_SAN_HAO
    _add_style(doc, STYLE_BODY, BODY_FONT, SIZE_SAN_HAO, align=WD_ALIGN_PARAGRAPH.JUSTIFY, first_line_chars=200)
    _add_style(doc, STYLE_TITLE, TITLE_FONT, SIZE_ER_HAO, align=WD_ALIGN_PARAGRAPH.CENTER, fixed=False,
               keep_next=True)
    doc.styles[STYLE_TITLE].paragraph_format.space_after = Pt(28)
    _add_style(doc, STYLE_H1, HEADING_FONT, SIZE_SAN_HAO, first_line_chars=200, outline=0, keep_next=True)
    _add_style(doc, STYLE_H2, SUBHEADING_FONT, SIZE_SAN_HAO, first_line_chars=200, outline=1, keep_next=True)
    _add_style(doc, STYLE_H3, BODY_FONT, SIZE_SAN_HAO, first_line_chars=200, bold=True, outline=2)
    _add_style(doc, STYLE_ATT_LABEL, HEADING_FONT, SIZE_SAN_HAO, page_break_before=True, keep_next=True)
    _add_style(doc, STYLE_ATT_TITLE, TITLE_FONT, Pt(18), align=WD_ALIGN_PARAGRAPH.CENTER, fixed=False,
               keep_next=True)
    doc.styles[STYLE_ATT_TITLE].paragraph_format.space_after = Pt(12)
    _add_style(doc, STYLE_TABLE, BODY_FONT, SIZE_WU_HAO, fixed=False)
    _add_style(doc, STYLE_NOTE, BODY_FONT, SIZE_XIAO_SI, fixed=False)
    declare_font_fallbacks(doc)


def body_style_for(text: str) -> str:
    """Sub-heading forms inside a section get their level's style; the rest is body text."""
    if _H2.match(text) and len(text) <= 40:
        return STYLE_H2
    if _H3.match(text) and len(text) <= 30 and not text.endswith("。"):
        return STYLE_H3
    return STYLE_BODY


def declare_font_fallbacks(doc: DocxDocument) -> None:
    """Declare each Chinese font in word/fontTable.xml with a w:altName fallback."""
    from docx.opc.constants import RELATIONSHIP_TYPE as RT

    try:
        part = doc.part.part_related_by(RT.FONT_TABLE)
    except KeyError:
        return
    from lxml import etree

    root = etree.fromstring(part.blob)
    names = {f.get(qn("w:name")) for f in root.findall(qn("w:font"))}
    for name, alts in FONT_FALLBACKS.items():
        if name in names:
            continue
        font = etree.SubElement(root, qn("w:font"))
        font.set(qn("w:name"), name)
        alt = etree.SubElement(font, qn("w:altName"))
        alt.set(qn("w:val"), alts[0])
        charset = etree.SubElement(font, qn("w:charset"))
        charset.set(qn("w:val"), "86")  # GB2312
        family = etree.SubElement(font, qn("w:family"))
        family.set(qn("w:val"), "modern" if name == BODY_FONT else "auto")
        pitch = etree.SubElement(font, qn("w:pitch"))
        pitch.set(qn("w:val"), "variable")
    part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def add_page_number(section) -> None:
    """Centred ``— N —`` page number in the footer (宋体 四号 per GB/T 9704)."""
    footer = section.footer
    p = footer.paragraphs[0] if footer.paragraphs else footer.add_paragraph()
    for r in list(p.runs):
        r._r.getparent().remove(r._r)
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    parts = ["— ", None, " —"]
    for part in parts:
        run = p.add_run()
        set_run_fonts(run._r, "宋体")
        run.font.size = Pt(14)
        if part is not None:
            run.text = part
            continue
        for tag, attr in (("w:fldChar", "begin"), ("w:instrText", None), ("w:fldChar", "separate")):
            el = OxmlElement(tag)
            if attr:
                el.set(qn("w:fldCharType"), attr)
            else:
                el.set(qn("xml:space"), "preserve")
                el.text = " PAGE "
            run._r.append(el)
        num = OxmlElement("w:t")
        num.text = "1"
        run._r.append(num)
        end = OxmlElement("w:fldChar")
        end.set(qn("w:fldCharType"), "end")
        run._r.append(end)
