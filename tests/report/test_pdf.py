"""PDF reports: the narrative is re-flowed and reviewed; ruled tables are recovered with pdfplumber."""

import io

import pytest

from assistant.errors import CorruptInput, EmptyInput, InputTooLarge, UnsupportedFormat
from assistant.report import parse_bytes, parse_file
from assistant.report.parsers.pdf import reflow
from assistant.settings import Limits, Settings


def test_pdf_narrative_matches_the_text_version():
    pdf, txt = parse_file("tests/fixtures/clean_a.pdf"), parse_file("tests/fixtures/clean_a.txt")
    assert pdf.meta.format == "pdf" and "pdfplumber" in pdf.meta.parser
    assert (pdf.title, pdf.year, pdf.unit) == (txt.title, txt.year, txt.unit)
    assert [s.label for s in pdf.sections] == [s.label for s in txt.sections]
    same = [s.label for s, t in zip(pdf.sections, txt.sections, strict=True)
            if s.text.replace(" ", "") == t.text.replace(" ", "")]
    assert len(same) == 10
    assert pdf.budget.model_dump(exclude_none=True, mode="json")["basic"]["total"]["value"] == "612.48"


def test_seed_pdf_finds_every_defect_the_text_export_finds():
    from assistant.review import review

    pdf = parse_file("tests/fixtures/seed_000.pdf")
    rules = {f.rule for f in review(pdf).findings}
    txt_rules = {f.rule for f in review(parse_file("tests/fixtures/seed_000.txt")).findings}
    assert txt_rules <= rules and "CMP007" not in rules  # table rules ran: nothing left unchecked
    assert [(t.section, t.page) for t in pdf.tables] == [("附件1", 8), ("附件2", 9), ("附件5", 12)]
    table_finding = next(f for f in review(pdf).findings if f.location.table == 0)
    assert table_finding.location.page == 8  # a table finding names its PDF page


def test_reflow_joins_wrapped_lines_and_drops_page_numbers():
    lines = ["一、基本情况", "我馆共有编制45 人，实有在职人员43 人，退休人员21 人，全部纳入2023 年部门预算", "编制范围。",
             "- 2 -", "二、一般公共预算支出情况", "（一）基本支出情况", "基本支出为612.48 万元。"]
    assert reflow(lines) == ["一、基本情况", "我馆共有编制45人，实有在职人员43人，退休人员21人，全部纳入2023年部门预算编制范围。",
                             "二、一般公共预算支出情况", "（一）基本支出情况", "基本支出为612.48万元。"]


def _blank_pdf(pages: int = 1, password: str | None = None) -> bytes:
    import pypdf

    w = pypdf.PdfWriter()
    for _ in range(pages):
        w.add_blank_page(width=200, height=200)
    if password:
        w.encrypt(password)
    buf = io.BytesIO()
    w.write(buf)
    return buf.getvalue()


def test_pdf_errors_are_typed(tmp_path):
    with pytest.raises(EmptyInput):
        parse_bytes(_blank_pdf(), "scan.pdf")
    with pytest.raises(UnsupportedFormat):
        parse_bytes(_blank_pdf(password="secret"), "locked.pdf")
    with pytest.raises(CorruptInput):
        parse_bytes(b"%PDF-1.7\n garbage", "bad.pdf")
    small = Settings(data_dir=tmp_path, limits=Limits(max_pdf_pages=2))
    with pytest.raises(InputTooLarge):
        parse_bytes(_blank_pdf(pages=3), "long.pdf", small)


def test_pdf_self_eval_item_is_judged_from_the_recovered_table():
    from assistant.review import review

    res = review(parse_file("tests/fixtures/clean_a.pdf"))
    item = next(i for i in res.score.items if i.name == "绩效自评表")
    assert item.judged is True and item.points is not None
    assert "CMP007" not in {f.rule for f in res.findings}
