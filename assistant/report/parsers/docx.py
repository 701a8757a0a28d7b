"""Word .docx reports: paragraphs and real tables (merged cells normalised), read from the package's XML.

Only the main document part is parsed (with lxml, python-docx's parser options, plain elements), and the
styles part is searched for the styles paragraphs name; opening the whole package through ``docx.Document``
would parse every part (numbering, settings, fonts, theme …) for nothing, which was half the time of reading
a report, and python-docx's element classes cost a Python object per element visited. python-docx itself
is not imported here (writing a .docx uses it).
"""

from __future__ import annotations

import html
import posixpath
import re
import threading
import zipfile
from functools import lru_cache
from typing import NamedTuple

from assistant.errors import CorruptInput, EmptyInput
from assistant.report.blocks import Block, Budget
from assistant.report.normalize import clean_cell, clean_line
from assistant.report.parsers.archive import open_checked_zip
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
    pr = _child(tc, _qn("w:tcPr"))
    vm = _child(pr, _qn("w:vMerge")) if pr is not None else None
    return None if vm is None else vm.get(_qn("w:val"), "continue")


def _child(el, tag: str):
    """The first child with ``tag`` (``el.find`` goes through lxml's path parser, several times slower)."""
    for c in el.iterchildren(tag):
        return c
    return None


_MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"


def paragraph_text(p) -> str:
    """All visible text of a w:p, including tracked insertions, fields, hyperlinks and text boxes.

    python-docx's ``Paragraph.text`` reads only direct runs, so text inside ``w:ins`` (tracked changes)
    would be lost; deleted text is ``w:delText`` and is not read. Text-box copies under mc:Fallback are
    skipped so nothing is read twice (a Fallback comes before its contents in document order, so ancestors
    are looked at only once one has been met).
    """
    t_tag, tab_tag, br_tag, cr_tag = _qn("w:t"), _qn("w:tab"), _qn("w:br"), _qn("w:cr")
    for _ in p.iter(tab_tag, br_tag, cr_tag, _MC_FALLBACK):
        break
    else:  # only w:t text: read it without an element object per run
        return "".join(p.itertext(t_tag, with_tail=False))
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

    The styles part is read on first need, and only the styles a paragraph names (and their ``basedOn``
    chain, and the default) are looked up in it (:class:`_StyleLookup`): Word's own styles part is hundreds
    of KB, every latent style of the template, and a report names a handful of them."""

    def __init__(self, load):
        self._load = load
        self._lookup: _StyleLookup | None = None
        self._answers: dict[str | None, bool] = {}

    def heading_like(self, style_id: str | None) -> bool:
        if style_id not in self._answers:
            self._answers[style_id] = self._resolve(style_id)
        return self._answers[style_id]

    def _resolve(self, style_id: str | None) -> bool:
        if self._lookup is None:
            try:
                xml = self._load()
            except Exception:  # noqa: BLE001 - a damaged styles part only costs the style hint
                xml = None
            self._lookup = _StyleLookup(xml or b"")
        get = self._lookup.get
        style = get(style_id) if style_id is not None else None
        if style is None or style.type != "paragraph":
            style = self._lookup.default()
        seen: set[str] = set()
        while style is not None and style.id not in seen:  # a basedOn cycle must not hang
            seen.add(style.id)
            if style.name.lower().startswith(("heading", "标题", "title")) or style.numbered:
                return True
            style = get(style.based_on) if style.based_on else None
        return False


class _StyleLookup:
    """``w:style`` elements of a styles part found by id with ``bytes.find`` and read one at a time; answers
    are those of :func:`style_index` (the first element with an id wins). A part the cutter does not
    understand (another namespace layout, an id that would need escaping, a damaged part) is indexed whole."""

    def __init__(self, xml: bytes):
        self._xml = xml
        self._cut = _Cutter.of(xml) if xml else None
        self._index: dict[str, _Style] | None = None if self._cut else {}
        self._found: dict[str, _Style | None] = {}
        self._default: tuple[_Style | None] | None = None

    def _whole(self) -> dict[str, _Style]:
        if self._index is None:
            try:
                self._index = style_index(self._xml)
            except Exception:  # noqa: BLE001 - a damaged styles part only costs the style hint
                self._index = {}
        return self._index

    def get(self, sid: str) -> _Style | None:
        if self._index is not None:
            return self._index.get(sid)
        if sid not in self._found:
            try:
                self._found[sid] = self._cut.find(sid)
            except _CutterGaveUp:
                return self._whole().get(sid)
        return self._found[sid]

    def default(self) -> _Style | None:
        """The default paragraph style (the first paragraph style marked default, in document order)."""
        if self._default is None:
            if self._index is not None:
                style = next((v for v in self._index.values() if v.type == "paragraph" and v.default), None)
            else:
                try:
                    style = self._cut.default()
                except _CutterGaveUp:
                    style = next((v for v in self._whole().values() if v.type == "paragraph" and v.default), None)
            self._default = (style,)
        return self._default[0]


class _CutterGaveUp(Exception):
    """The bytes are not laid out as the cutter expects: index the part whole instead."""


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
    cut = _Cutter.of(xml)
    if cut is None:
        return _style_index_tree(xml)
    out: dict[str, _Style] = {}
    for m in cut.start.finditer(xml):
        style = cut.read(m.start())
        if style is None:
            break
        out.setdefault(style.id, style)
    return out


class _Cutter:
    """Reads single ``w:style`` elements out of a styles part's bytes, for the part's own namespace prefix."""

    def __init__(self, xml: bytes, p: bytes):
        self.xml, self.p = xml, p
        self.attr = re.compile(rb"\b" + re.escape(p) + rb":(styleId|type|default|val)=(?:\"([^\"]*)\"|'([^']*)')")
        self.child = re.compile(rb"<" + re.escape(p) + rb":(name|basedOn)\b([^>]*)>")
        self.start = re.compile(rb"<" + re.escape(p) + rb":style\b")
        self.close = b"</" + p + b":style>"
        self.ppr_open, self.ppr_close, self.numpr = b"<" + p + b":pPr", b"</" + p + b":pPr>", b"<" + p + b":numPr"

    @classmethod
    def of(cls, xml: bytes) -> _Cutter | None:
        m = re.search(rb'xmlns:([A-Za-z_][\w.-]*)=["\']' + re.escape(_W_MAIN.encode()) + rb'["\']', xml)
        return cls(xml, m.group(1)) if m else None

    def _attrs(self, text: bytes) -> dict[bytes, str]:
        return {k: html.unescape((a or b).decode("utf-8", "replace")) for k, a, b in self.attr.findall(text)}

    def read(self, at: int) -> _Style | None:
        """The style element whose start tag begins at ``at`` (None: the tag never closes)."""
        xml = self.xml
        head_start = self.start.match(xml, at).end()
        head_end = xml.find(b">", head_start)
        if head_end < 0:
            return None
        head = xml[head_start:head_end]
        body = b""
        if not head.endswith(b"/"):
            body_end = xml.find(self.close, head_end)
            body = xml[head_end + 1: body_end if body_end >= 0 else len(xml)]
        a = self._attrs(head)
        kids = {tag: self._attrs(rest).get(b"val") for tag, rest in self.child.findall(body)}
        i = body.find(self.ppr_open)
        j = body.find(self.ppr_close, i) if i >= 0 else -1
        numbered = i >= 0 and self.numpr in body[i: j if j >= 0 else len(body)]
        sid = a.get(b"styleId", "")
        return _Style(sid, a.get(b"type", "paragraph"), a.get(b"default") in ("1", "true", "on"),
                      kids.get(b"name") or "", kids.get(b"basedOn"), numbered)

    def _owner(self, pos: int) -> int:
        """Where the style start tag holding the attribute at ``pos`` begins (the cutter gives up otherwise)."""
        xml = self.xml
        if pos <= 0 or xml[pos - 1: pos] not in (b" ", b"\t", b"\n", b"\r"):
            raise _CutterGaveUp
        at = xml.rfind(b"<" + self.p + b":style", 0, pos)
        if at < 0 or b">" in xml[at:pos] or self.start.match(xml, at) is None:
            raise _CutterGaveUp
        return at

    def _first(self, needles: tuple[bytes, ...]) -> list[int]:
        return sorted(i for i in (self.xml.find(n) for n in needles) if i >= 0)

    def find(self, sid: str) -> _Style | None:
        """The first style element with this id, as :func:`style_index` keeps it."""
        raw = sid.encode("utf-8")
        if any(c in sid for c in "&<>\"'") or not raw:
            raise _CutterGaveUp  # the id would be escaped in the bytes: let the whole index decode it
        attr = self.p + b":styleId="
        hits = self._first((attr + b'"' + raw + b'"', attr + b"'" + raw + b"'"))
        if not hits:
            return None
        style = self.read(self._owner(hits[0]))
        if style is None or style.id != sid:
            raise _CutterGaveUp
        return style

    def default(self) -> _Style | None:
        """The first paragraph style marked default whose id is not taken by an earlier element."""
        attr = self.p + b":default="
        pos = self.xml.find(attr)
        while pos >= 0:
            style = self.read(self._owner(pos))
            if style is None:
                raise _CutterGaveUp
            if style.type == "paragraph" and style.default and self.find(style.id) == style:
                return style
            pos = self.xml.find(attr, pos + 1)
        return None


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
    ppr = _child(p, _qn("w:pPr"))
    style_id = None
    if ppr is not None:
        if _child(ppr, _qn("w:numPr")) is not None or _child(ppr, _qn("w:outlineLvl")) is not None:
            return True
        ps = _child(ppr, _qn("w:pStyle"))
        style_id = ps.get(_qn("w:val")) if ps is not None else None
    return styles.heading_like(style_id)


@lru_cache(maxsize=64)
def _qn(tag: str) -> str:
    """Clark-notation name of a ``w:`` tag or attribute (python-docx's ``qn`` for the one namespace read here)."""
    prefix, local = tag.split(":")
    if prefix != "w":
        raise ValueError(f"unknown namespace prefix: {prefix}")
    return f"{{{_W_MAIN}}}{local}"


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


_LOCAL = threading.local()


def _parser():
    """python-docx's parser options without its element classes (they cost a Python object per element
    visited); one per thread, as an lxml parser must not be shared between threads."""
    parser = getattr(_LOCAL, "parser", None)
    if parser is None:
        from lxml import etree

        parser = _LOCAL.parser = etree.XMLParser(remove_blank_text=True, resolve_entities=False, no_network=True)
    return parser


def parse_docx(data: bytes, name: str, settings: Settings) -> tuple[list[Block], dict]:
    from lxml import etree

    with open_checked_zip(data, name, settings.limits, "word/document.xml") as zf:  # open while styles may be read
        main = _rel_target(zf, "_rels/.rels", "", _OFFICE_DOCUMENT) or "word/document.xml"
        try:
            root = etree.fromstring(zf.read(main), _parser())
            body = _child(root, _qn("w:body"))
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
    return blocks, {"parser": f"docx.parse_docx (python-docx {_docx_version()})".replace(" )", ")")}


@lru_cache(maxsize=1)
def _docx_version() -> str:
    """python-docx's version for the report's provenance, read from its metadata: importing the package
    (its element classes are no longer used here) cost more than reading a small report."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("python-docx")
    except PackageNotFoundError:  # pragma: no cover - a dependency of this package
        return ""
