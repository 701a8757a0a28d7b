"""Word .docx reports: paragraphs and real tables (merged cells normalised), read from the package's XML.

Only the main document part and, when a paragraph's style matters, the styles part are parsed (with
python-docx's oxml element classes); opening the whole package through ``docx.Document`` would parse every
part (numbering, settings, fonts, theme …) for nothing, which was half the time of reading a report.
"""

from __future__ import annotations

import html
import io
import posixpath
import re
import zipfile
from functools import lru_cache
from typing import NamedTuple

from assistant.errors import CorruptInput, EmptyInput
from assistant.report.blocks import Block, Budget
from assistant.report.normalize import clean_cell, clean_line
from assistant.report.parsers.archive import check_zip
from assistant.settings import Settings

_REL_NS = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"
_OFFICE_DOCUMENT = "/officeDocument"
_STYLES = "/styles"


def _table_rows(tbl, budget: Budget) -> list[list[str]]:
    rows: list[list[str]] = []
    p_tag, tr_tag, tc_tag = _qn("w:p"), _qn("w:tr"), _qn("w:tc")
    for tr in tbl.iterchildren(tr_tag):
        row: list[str] = []
        for tc in tr.iterchildren(tc_tag):
            if _v_merge(tc) == "continue":
                row.append("")  # vertical merge continuation, as Word's text export writes it
                continue
            # a cell's own paragraphs (python-docx's _Cell.paragraphs: the direct w:p children)
            row.append(clean_cell("\n".join(paragraph_text(p) for p in tc.iterchildren(p_tag))))
        rows.append(row)
        budget.check_time()
    return rows


def _v_merge(tc) -> str | None:
    """A cell's w:vMerge value as python-docx reads it (present without w:val means "continue")."""
    pr = tc.find(_qn("w:tcPr"))
    vm = pr.find(_qn("w:vMerge")) if pr is not None else None
    return None if vm is None else vm.get(_qn("w:val"), "continue")


_MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"


def paragraph_text(p) -> str:
    """All visible text of a w:p, including tracked insertions, fields, hyperlinks and text boxes.

    python-docx's ``Paragraph.text`` reads only direct runs, so text inside ``w:ins`` (tracked changes)
    would be lost; deleted text is ``w:delText`` and is not read. Text-box copies under mc:Fallback are
    skipped so nothing is read twice (a Fallback comes before its contents in document order, so ancestors
    are looked at only once one has been met).
    """
    t_tag, tab_tag, br_tag, cr_tag = _qn("w:t"), _qn("w:tab"), _qn("w:br"), _qn("w:cr")
    seen_fallback = False
    out: list[str] = []
    for el in p.iter(t_tag, tab_tag, br_tag, cr_tag, _MC_FALLBACK):
        tag = el.tag
        if tag == _MC_FALLBACK:
            seen_fallback = True
            continue
        if seen_fallback and _under_fallback(el, p):
            continue
        if tag == t_tag:
            out.append(el.text or "")
        elif tag == tab_tag:
            out.append(" ")
        else:
            out.append("\n")
    return "".join(out)


def _under_fallback(el, stop) -> bool:
    anc = el.getparent()
    while anc is not None and anc is not stop:
        if anc.tag == _MC_FALLBACK:
            return True
        anc = anc.getparent()
    return False


class _Styles:
    """Heading-likeness of paragraph styles, answered the way python-docx resolves ``Paragraph.style`` (an
    unknown id or a style of another type falls back to the default paragraph style; ``basedOn`` is followed).

    The styles part is indexed on first need. Word's own styles part is hundreds of KB (every latent style of
    the template), and building a tree of it cost a quarter of reading a report, so each ``w:style`` element
    is cut out of the bytes and only the few attributes needed are read; a part the cutter does not
    understand (another namespace prefix or default namespace) is parsed whole with lxml instead."""

    def __init__(self, load):
        self._load = load
        self._index: dict[str, _Style] | None = None
        self._default: str | None = None
        self._answers: dict[str | None, bool] = {}

    def heading_like(self, style_id: str | None) -> bool:
        if style_id not in self._answers:
            self._answers[style_id] = self._resolve(style_id)
        return self._answers[style_id]

    def _resolve(self, style_id: str | None) -> bool:
        if self._index is None:
            try:
                xml = self._load()
                self._index = style_index(xml) if xml else {}
            except Exception:  # noqa: BLE001 - a damaged styles part only costs the style hint
                self._index = {}
            self._default = next((k for k, v in self._index.items() if v.type == "paragraph" and v.default), None)
        style = self._index.get(style_id) if style_id is not None else None
        if style is None or style.type != "paragraph":
            style = self._index.get(self._default) if self._default is not None else None
        seen: set[str] = set()
        while style is not None and style.id not in seen:  # a basedOn cycle must not hang
            seen.add(style.id)
            if style.name.lower().startswith(("heading", "标题", "title")) or style.numbered:
                return True
            style = self._index.get(style.based_on) if style.based_on else None
        return False


class _Style(NamedTuple):
    id: str
    type: str
    default: bool
    name: str
    based_on: str | None
    numbered: bool  # the paragraph properties carry automatic numbering


_W_MAIN = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def style_index(xml: bytes) -> dict[str, _Style]:
    """Every ``w:style`` of a styles part by id (elements located with ``bytes.find``: a lazy regex over
    the whole part is as slow as parsing it)."""
    m = re.search(rb'xmlns:([A-Za-z_][\w.-]*)=["\']' + re.escape(_W_MAIN.encode()) + rb'["\']', xml)
    if m is None:
        return _style_index_tree(xml)
    p = m.group(1)
    attr = re.compile(rb"\b" + re.escape(p) + rb":(styleId|type|default|val)=(?:\"([^\"]*)\"|'([^']*)')")
    child = re.compile(rb"<" + re.escape(p) + rb":(name|basedOn)\b([^>]*)>")
    start = re.compile(rb"<" + re.escape(p) + rb":style\b")
    close, ppr_open, ppr_close, numpr = b"</" + p + b":style>", b"<" + p + b":pPr", b"</" + p + b":pPr>", b"<" + p + b":numPr"

    def attrs(text: bytes) -> dict[bytes, str]:
        return {k: html.unescape((a or b).decode("utf-8", "replace")) for k, a, b in attr.findall(text)}

    out: dict[str, _Style] = {}
    for m in start.finditer(xml):
        head_end = xml.find(b">", m.end())
        if head_end < 0:
            break
        head = xml[m.end():head_end]
        body = b""
        if not head.endswith(b"/"):
            body_end = xml.find(close, head_end)
            body = xml[head_end + 1: body_end if body_end >= 0 else len(xml)]
        a = attrs(head)
        kids = {tag: attrs(rest).get(b"val") for tag, rest in child.findall(body)}
        i = body.find(ppr_open)
        j = body.find(ppr_close, i) if i >= 0 else -1
        numbered = i >= 0 and numpr in body[i: j if j >= 0 else len(body)]
        sid = a.get(b"styleId", "")
        out.setdefault(sid, _Style(sid, a.get(b"type", "paragraph"), a.get(b"default") in ("1", "true", "on"),
                                   kids.get(b"name") or "", kids.get(b"basedOn"), numbered))
    return out


def _style_index_tree(xml: bytes) -> dict[str, _Style]:
    """The same index from a parsed tree, for a styles part written with an unusual namespace prefix."""
    from lxml import etree

    w = "{%s}" % _W_MAIN
    root = etree.fromstring(xml, etree.XMLParser(resolve_entities=False, no_network=True))

    def val(el, tag):
        c = el.find(w + tag)
        return c.get(w + "val") if c is not None else None

    out: dict[str, _Style] = {}
    for el in root.iter(w + "style"):
        sid = el.get(w + "styleId") or ""
        pp = el.find(w + "pPr")
        out.setdefault(sid, _Style(sid, el.get(w + "type") or "paragraph", el.get(w + "default") in ("1", "true", "on"),
                                   val(el, "name") or "", val(el, "basedOn"),
                                   pp is not None and pp.find(w + "numPr") is not None))
    return out


def _is_heading_like(p, styles: _Styles) -> bool:
    """Heading style, outline level, or automatic numbering (the numeral lives in numbering.xml)."""
    ppr = p.pPr
    if ppr is not None and (ppr.numPr is not None or ppr.find(_qn("w:outlineLvl")) is not None):
        return True
    return styles.heading_like(p.style)


@lru_cache(maxsize=64)
def _qn(tag: str) -> str:
    """Clark-notation tag name (python-docx imported lazily, the name computed once)."""
    from docx.oxml.ns import qn

    return qn(tag)


def _rel_target(zf: zipfile.ZipFile, rels_path: str, base: str, kind: str) -> str | None:
    """The part a package relationship of ``kind`` (a Type suffix) points at, resolved against ``base``."""
    from lxml import etree

    try:
        root = etree.fromstring(zf.read(rels_path))
    except (KeyError, etree.XMLSyntaxError):
        return None
    for rel in root.iter(_REL_NS):
        if (rel.get("Type") or "").endswith(kind) and rel.get("TargetMode") != "External":
            target = rel.get("Target") or ""
            return target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join(base, target))
    return None


def _parts_path(part: str) -> tuple[str, str]:
    folder, leaf = posixpath.split(part)
    return folder, posixpath.join(folder, "_rels", leaf + ".rels")


def parse_docx(data: bytes, name: str, settings: Settings) -> tuple[list[Block], dict]:
    import docx
    from docx.oxml.parser import parse_xml

    check_zip(data, name, settings.limits, "word/document.xml")
    with zipfile.ZipFile(io.BytesIO(data)) as zf:  # open while the styles part may still be read
        main = _rel_target(zf, "_rels/.rels", "", _OFFICE_DOCUMENT) or "word/document.xml"
        try:
            root = parse_xml(zf.read(main))
            body = root.body
        except Exception as exc:  # noqa: BLE001 - lxml/zipfile raise many types on bad input
            raise CorruptInput(f"{name}: 无法打开 Word 文件 / cannot open .docx ({type(exc).__name__})") from None
        if body is None:
            raise CorruptInput(f"{name}: 无法打开 Word 文件 / cannot open .docx (no document body)")

        def load_styles() -> bytes | None:
            folder, rels = _parts_path(main)
            part = _rel_target(zf, rels, folder, _STYLES)
            return zf.read(part) if part else None

        styles = _Styles(load_styles)
        budget = Budget(settings.limits, name)
        blocks: list[Block] = []
        p_tag, tbl_tag, sdt_tag, sdt_content = _qn("w:p"), _qn("w:tbl"), _qn("w:sdt"), _qn("w:sdtContent")

        def children(parent):
            """Body-level blocks in order; content controls (w:sdt) are opened, not skipped."""
            for child in parent.iterchildren():
                if child.tag == sdt_tag:
                    content = child.find(sdt_content)
                    if content is not None:
                        yield from children(content)
                else:
                    yield child

        for child in children(body):
            if child.tag == p_tag:
                budget.add_paragraph()
                text = clean_line(paragraph_text(child))
                if text:
                    blocks.append(Block("para", text=text, heading=_is_heading_like(child, styles)))
            elif child.tag == tbl_tag:
                rows = _table_rows(child, budget)
                budget.add_table(sum(len(r) for r in rows))
                if rows:
                    blocks.append(Block("table", rows=rows))
    if not blocks:
        raise EmptyInput(f"{name}: Word 文件没有内容 / the document is empty")
    version = getattr(docx, "__version__", "")
    return blocks, {"parser": f"docx.parse_docx (python-docx {version})".replace(" )", ")")}
