"""The .docx reader's own pieces: the styles index cut from the bytes agrees with a parsed tree, styles
resolve as python-docx resolves them, and the archive check reads only each member's prolog."""

import io
import os
import subprocess
import zipfile
from pathlib import Path

import docx
import pytest

from assistant.errors import CorruptInput
from assistant.report import parse_bytes
from assistant.report.parsers.docx import (
    _style_index_tree,
    _StyleLookup,
    _Styles,
    paragraph_text,
    style_index,
)

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _styles_part(path_or_bytes) -> bytes:
    data = path_or_bytes if isinstance(path_or_bytes, bytes) else Path(path_or_bytes).read_bytes()
    return zipfile.ZipFile(io.BytesIO(data)).read("word/styles.xml")


def _saved(doc) -> bytes:
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def test_cut_index_equals_tree_on_word_template_and_fixtures():
    parts = [_styles_part(_saved(docx.Document()))] + [_styles_part(p) for p in Path("tests/fixtures").rglob("*.docx")]
    for xml in parts:
        cut, tree = style_index(xml), _style_index_tree(xml)
        assert cut == tree
        assert len(cut) > 10


def _lookup_agrees(xml: bytes) -> None:
    index = style_index(xml)
    lookup = _StyleLookup(xml)
    for sid, style in index.items():
        assert lookup.get(sid) == style, sid
    assert lookup.get("no-such-style") is None
    default = next((v for v in index.values() if v.type == "paragraph" and v.default), None)
    assert _StyleLookup(xml).default() == default


def test_lookup_by_id_agrees_with_the_whole_index():
    """The reader looks up only the styles a paragraph names; each answer is the whole index's."""
    for path in [None, *Path("tests/fixtures").rglob("*.docx")]:
        _lookup_agrees(_styles_part(_saved(docx.Document()) if path is None else path))


@pytest.mark.parametrize("prefix", ["w", "ns0"])
def test_lookup_handles_duplicates_quotes_escapes_and_a_late_default(prefix):
    p = prefix
    xml = _styles_xml(
        f"<{p}:style {p}:type='character' {p}:default='1' {p}:styleId='C'><{p}:name {p}:val='c'/></{p}:style>"
        f'<{p}:style {p}:type="paragraph" {p}:styleId="A&amp;B"><{p}:name {p}:val="heading x"/></{p}:style>'
        f'<{p}:style {p}:type="paragraph" {p}:styleId="D"><{p}:name {p}:val="first D"/></{p}:style>'
        f'<{p}:style {p}:type="paragraph" {p}:default="1" {p}:styleId="D"><{p}:name {p}:val="second D"/></{p}:style>'
        f"<{p}:style {p}:type='paragraph' {p}:default='true' {p}:styleId='N'><{p}:name {p}:val='Normal'/></{p}:style>"
        f'<{p}:style {p}:type="paragraph" {p}:styleId="E"/>',
        prefix=p,
    )
    _lookup_agrees(xml)
    lookup = _StyleLookup(xml)
    assert lookup.get("A&B").name == "heading x"  # an escaped id is read through the whole index
    assert lookup.get("D").name == "first D"  # the first element with an id wins, as in the index
    assert lookup.default().id == "N"  # the second D is shadowed, so its default mark does not count
    assert _Styles(lambda: xml).heading_like("A&B")


def test_paragraph_text_fast_path_matches_the_full_walk():
    """Runs holding only w:t are joined directly; tabs, breaks and text boxes take the full walk."""
    from lxml import etree

    def para(inner: str):
        return etree.fromstring(f'<w:p xmlns:w="{W}" xmlns:mc="http://schemas.openxmlformats.org/'
                                f'markup-compatibility/2006">{inner}</w:p>')

    assert paragraph_text(para("<w:r><w:t>一、</w:t></w:r><w:ins><w:r><w:t>部门概况</w:t></w:r></w:ins>"
                               "<w:del><w:r><w:delText>删</w:delText></w:r></w:del>")) == "一、部门概况"
    assert paragraph_text(para("<w:r><w:t>a</w:t><w:tab/><w:t>b</w:t><w:br/><w:t>c</w:t></w:r>")) == "a b\nc"
    assert paragraph_text(para("<w:r><w:t>x</w:t></w:r><mc:AlternateContent><mc:Choice><w:r><w:t>框</w:t></w:r>"
                               "</mc:Choice><mc:Fallback><w:r><w:t>框</w:t></w:r></mc:Fallback>"
                               "</mc:AlternateContent>")) == "x框"


def test_cut_index_on_libreoffice_output(tmp_path):
    import shutil

    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.skip("LibreOffice is not installed here (.ci/run installs it)")
    doc = docx.Document()
    doc.add_paragraph("一、部门概况", style="Heading 1")
    (tmp_path / "a.docx").write_bytes(_saved(doc))
    out = tmp_path / "lo"
    subprocess.run([soffice, "--headless", "--convert-to", "odt", "--outdir", str(out), str(tmp_path / "a.docx")],
                   check=True, capture_output=True, timeout=120)
    subprocess.run([soffice, "--headless", "--convert-to", "docx", "--outdir", str(tmp_path / "back"),
                    str(out / "a.odt")], check=True, capture_output=True, timeout=120)
    xml = _styles_part(tmp_path / "back" / "a.docx")
    assert style_index(xml) == _style_index_tree(xml)
    _lookup_agrees(xml)


def _styles_xml(body: str, prefix: str = "w") -> bytes:
    return (f'<?xml version="1.0"?><{prefix}:styles xmlns:{prefix}="{W}">{body}</{prefix}:styles>').encode()


@pytest.mark.parametrize("prefix", ["w", "ns0"])
def test_resolution_follows_based_on_default_and_survives_cycles(prefix):
    p = prefix
    xml = _styles_xml(
        f'<{p}:style {p}:type="paragraph" {p}:default="1" {p}:styleId="Normal"><{p}:name {p}:val="Normal"/></{p}:style>'
        f'<{p}:style {p}:type="paragraph" {p}:styleId="H"><{p}:name {p}:val="标题 1"/></{p}:style>'
        f'<{p}:style {p}:type="paragraph" {p}:styleId="Sub"><{p}:name {p}:val="my sub"/><{p}:basedOn {p}:val="H"/></{p}:style>'
        f'<{p}:style {p}:type="paragraph" {p}:styleId="Num"><{p}:name {p}:val="list"/>'
        f'<{p}:pPr><{p}:numPr><{p}:numId {p}:val="3"/></{p}:numPr></{p}:pPr></{p}:style>'
        f'<{p}:style {p}:type="character" {p}:styleId="C"><{p}:name {p}:val="heading char"/></{p}:style>'
        f'<{p}:style {p}:type="paragraph" {p}:styleId="X"><{p}:name {p}:val="x"/><{p}:basedOn {p}:val="Y"/></{p}:style>'
        f'<{p}:style {p}:type="paragraph" {p}:styleId="Y"><{p}:name {p}:val="y"/><{p}:basedOn {p}:val="X"/></{p}:style>',
        prefix=p,
    )
    assert style_index(xml) == _style_index_tree(xml)
    styles = _Styles(lambda: xml)
    assert styles.heading_like("H") and styles.heading_like("Sub") and styles.heading_like("Num")
    assert not styles.heading_like(None)  # the default paragraph style, Normal
    assert not styles.heading_like("C")  # a character style falls back to the default, as in python-docx
    assert not styles.heading_like("missing")
    assert not styles.heading_like("X")  # the basedOn cycle ends


def test_damaged_styles_part_only_loses_the_hint():
    def broken():
        raise zipfile.BadZipFile("bad member")

    assert _Styles(broken).heading_like("Heading1") is False


def _rezip(data: bytes, replace: dict[str, bytes]) -> bytes:
    src = zipfile.ZipFile(io.BytesIO(data))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as out:
        for info in src.infolist():
            out.writestr(info.filename, replace.get(info.filename, src.read(info.filename)))
    return buf.getvalue()


def test_entity_declaration_after_a_long_prolog_is_still_found():
    data = Path("tests/fixtures/clean_a.docx").read_bytes()
    evil = (b'<?xml version="1.0"?>' + b"<!--" + os.urandom(100_000).hex().encode() + b"-->"
            b'<!DOCTYPE x [<!ENTITY e "boom">]><w:styles xmlns:w="' + W.encode() + b'"/>')
    with pytest.raises(CorruptInput):
        parse_bytes(_rezip(data, {"word/styles.xml": evil}), "evil.docx")


def test_main_part_found_through_the_package_relationship():
    data = Path("tests/fixtures/clean_a.docx").read_bytes()
    src = zipfile.ZipFile(io.BytesIO(data))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as out:
        for info in src.infolist():
            body = src.read(info.filename)
            if info.filename == "_rels/.rels":
                body = body.replace(b"word/document.xml", b"word/main.xml")
            if info.filename == "[Content_Types].xml":
                body = body.replace(b"/word/document.xml", b"/word/main.xml")
            name = "word/main.xml" if info.filename == "word/document.xml" else info.filename
            out.writestr(name, body)
            if info.filename == "word/document.xml":  # the required name stays, holding nothing useful
                out.writestr("word/document.xml", b'<?xml version="1.0"?><w:document xmlns:w="' + W.encode() + b'"/>')
    got = parse_bytes(buf.getvalue(), "renamed.docx")
    want = parse_bytes(data, "clean_a.docx")
    assert got.unit == want.unit and len(got.sections) == len(want.sections) >= 10


def test_text_box_read_once_and_vertical_merges_blank():
    from docx.oxml import parse_xml

    from assistant.report.parsers.docx import paragraph_text

    mc = "http://schemas.openxmlformats.org/markup-compatibility/2006"
    p = parse_xml(
        f'<w:p xmlns:w="{W}" xmlns:mc="{mc}"><w:r><w:t>前</w:t></w:r><w:r><mc:AlternateContent>'
        f'<mc:Choice Requires="wps"><w:drawing><w:txbxContent><w:p><w:r><w:t>框内</w:t></w:r></w:p>'
        f'</w:txbxContent></w:drawing></mc:Choice>'
        f'<mc:Fallback><w:pict><w:txbxContent><w:p><w:r><w:t>框内</w:t></w:r></w:p></w:txbxContent></w:pict>'
        f'</mc:Fallback></mc:AlternateContent></w:r><w:r><w:tab/><w:t>后</w:t></w:r></w:p>'
    )
    assert paragraph_text(p) == "前框内 后"

    doc = docx.Document()
    t = doc.add_table(rows=3, cols=2)
    t.cell(0, 0).merge(t.cell(2, 0)).text = "合并"
    for r in range(3):
        t.cell(r, 1).text = f"值{r}"
    from assistant.report.parsers.docx import parse_docx
    from assistant.settings import Settings

    blocks, _ = parse_docx(_saved(doc), "merge.docx", Settings())
    rows = next(b.rows for b in blocks if b.kind == "table")
    assert [row[0] for row in rows] == ["合并", "", ""] and [row[1] for row in rows] == ["值0", "值1", "值2"]
