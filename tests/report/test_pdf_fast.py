"""The fast PDF path: pdfium reads characters and rules, pdfplumber's table finder and text layout work on them.

The reference is pdfplumber reading the same pages itself (pdfminer's parse): both must give the same lines and
tables. A page pdfium's bounding boxes cannot describe safely (here a shaded box) is handed to pdfplumber whole.
"""

import io

import pdfplumber
import pypdfium2 as pdfium
import pytest

from assistant.report.blocks import Budget
from assistant.report.parsers import pdf as pdf_parser
from assistant.settings import Settings


def _content(items: list[tuple]) -> list[tuple]:
    """Lines and tables (rows, page) in order; the coordinates of the two readers differ by fractions of a point."""
    return [it[:3] if it[0] == "table" else it for it in items]


def _reference_items(data: bytes, budget: Budget) -> list[tuple]:
    items: list[tuple] = []
    with pdfplumber.open(io.BytesIO(data)) as doc:
        for no, page in enumerate(doc.pages, start=1):
            items.extend(pdf_parser._page_items(page, no, budget))
    return items


@pytest.mark.parametrize("name", ["clean_a.pdf", "seed_000.pdf"])
def test_pdfium_path_gives_pdfplumbers_lines_and_tables(name):
    data = open(f"tests/fixtures/{name}", "rb").read()
    limits = Settings().limits
    fast = pdf_parser._read_pages(data, Budget(limits, name))
    ref = _reference_items(data, Budget(limits, name))
    assert _content(fast) == _content(ref)
    assert sum(1 for it in fast if it[0] == "table") >= 3  # the 附件 tables were found, not just text
    doc = pdfium.PdfDocument(data)
    try:  # every page of these LibreOffice exports took the fast path
        assert all(pdf_parser._pdfium_page(doc[i]) is not None for i in range(len(doc)))
    finally:
        doc.close()


def _shaded_box_pdf() -> bytes:
    from pypdf import PdfWriter
    from pypdf.generic import DecodedStreamObject, DictionaryObject, NameObject

    w = PdfWriter()
    page = w.add_blank_page(width=300, height=300)
    font = DictionaryObject({NameObject("/Type"): NameObject("/Font"), NameObject("/Subtype"): NameObject("/Type1"),
                             NameObject("/BaseFont"): NameObject("/Helvetica")})
    page[NameObject("/Resources")] = DictionaryObject(
        {NameObject("/Font"): DictionaryObject({NameObject("/F1"): w._add_object(font)})})
    stream = DecodedStreamObject()
    stream.set_data(b"0.9 g 40 150 220 60 re f 0 g BT /F1 12 Tf 50 170 Td (Total 612.48) Tj ET "
                    b"BT /F1 12 Tf 50 100 Td (Basic 500.00) Tj ET")
    page[NameObject("/Contents")] = w._add_object(stream)
    buf = io.BytesIO()
    w.write(buf)
    return buf.getvalue()


def test_a_page_with_a_shaded_box_is_read_by_pdfplumber():
    data = _shaded_box_pdf()
    doc = pdfium.PdfDocument(data)
    try:
        assert pdf_parser._pdfium_page(doc[0]) is None  # a filled box is not a rule: pdfium's bounds would mislead
    finally:
        doc.close()
    limits = Settings().limits
    items = pdf_parser._read_pages(data, Budget(limits, "box.pdf"))
    assert _content(items) == _content(_reference_items(data, Budget(limits, "box.pdf")))
    assert [it[1] for it in items] == ["Total 612.48", "Basic 500.00"]
