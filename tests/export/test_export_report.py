"""Report → .docx / .txt / .md: round trips through the parsers, layout, merged cells, masking."""

from __future__ import annotations

import docx
import pytest
from docx.oxml.ns import qn
from docx.shared import Pt

from assistant.export import export_report_docx, export_report_text, write_report
from assistant.export.tables import layout_grid
from assistant.report import parse_file
from assistant.report.model import Paragraph, Report, Section
from tests.export._export_cases import FIXTURES, clean_fixture_paths


def comparable(report: Report) -> dict:
    """Everything but parse provenance: sections, paragraphs, tables (rows) and every view."""
    return report.model_dump(mode="json", exclude={"meta"})


ROUND_TRIP_CASES = ["seed", "own", *(p.name for p in clean_fixture_paths())]


@pytest.fixture
def source_report(request, seed_report, own_report) -> Report:
    name = request.param
    if name == "seed":
        return seed_report
    if name == "own":
        return own_report
    return parse_file(FIXTURES / name)


@pytest.mark.parametrize("source_report", ROUND_TRIP_CASES, indirect=True)
@pytest.mark.parametrize("suffix", [".docx", ".txt"])
def test_round_trip(source_report, suffix, tmp_path):
    out = write_report(source_report, tmp_path / f"report{suffix}")
    back = parse_file(out)
    assert back.meta.format == suffix[1:]
    assert comparable(back) == comparable(source_report)


def test_round_trip_keeps_views_of_seed(seed_report, tmp_path):
    back = parse_file(export_report_docx(seed_report, tmp_path / "seed.docx"))
    assert back.budget == seed_report.budget
    assert back.self_eval == seed_report.self_eval
    assert back.basic_data == seed_report.basic_data
    assert back.rubric == seed_report.rubric
    assert [t.rows for t in back.tables] == [t.rows for t in seed_report.tables]


def test_report_json_round_trip_via_docx(seed_report, tmp_path):
    """A Report read back from JSON (as `assistant export report.json` does) exports the same document."""
    again = Report.model_validate_json(seed_report.model_dump_json())
    back = parse_file(export_report_docx(again, tmp_path / "r.docx"))
    assert comparable(back) == comparable(seed_report)


def _fonts(el) -> dict:
    rfonts = el.find(f"{qn('w:rPr')}/{qn('w:rFonts')}")
    return {k.split("}")[1]: v for k, v in rfonts.attrib.items()} if rfonts is not None else {}


def test_layout_page_and_fonts(seed_report, tmp_path):
    doc = docx.Document(str(export_report_docx(seed_report, tmp_path / "seed.docx")))
    sec = doc.sections[0]
    sizes_mm = [round(x.mm, 1) for x in (sec.page_width, sec.page_height, sec.top_margin, sec.bottom_margin,
                                         sec.left_margin, sec.right_margin)]
    assert sizes_mm == [210, 297, 37, 35, 28, 26]  # A4, GB/T 9704 margins (stored in twips)

    paras = [p for p in doc.paragraphs if p.text.strip()]
    title = paras[0]
    assert title.text == seed_report.title
    assert title.style.name == "报告标题"
    assert title.style.font.size == Pt(22)  # 二号
    assert title.alignment == 1 or title.style.paragraph_format.alignment == 1  # centred
    assert _fonts(title.style.element)["eastAsia"] == "方正小标宋简体"

    h1 = next(p for p in paras if p.text == "一、基本情况")
    assert h1.style.name == "一级标题"
    assert _fonts(h1.style.element)["eastAsia"] == "黑体"
    assert h1.style.font.size == Pt(16)  # 三号

    body = next(p for p in paras if p.style.name == "报告正文")
    pf = body.style.paragraph_format
    assert _fonts(body.style.element)["eastAsia"] == "仿宋_GB2312"
    assert body.style.font.size == Pt(16)
    assert pf.line_spacing_rule == 4 and Pt(28) <= pf.line_spacing <= Pt(29)  # EXACTLY 28–29pt
    ind = body.style.element.pPr.find(qn("w:ind"))
    assert ind.get(qn("w:firstLineChars")) == "200" and pf.first_line_indent == Pt(32)

    # fallbacks named in the font table
    from docx.opc.constants import RELATIONSHIP_TYPE as RT

    font_table = doc.part.part_related_by(RT.FONT_TABLE).blob.decode("utf-8")
    assert 'w:name="方正小标宋简体"' in font_table and 'w:val="宋体"' in font_table
    assert 'w:name="仿宋_GB2312"' in font_table and 'w:val="仿宋"' in font_table


def test_tables_are_real_word_tables_with_merges(seed_report, tmp_path):
    doc = docx.Document(str(export_report_docx(seed_report, tmp_path / "seed.docx")))
    assert len(doc.tables) == len(seed_report.tables)
    self_eval = seed_report.self_eval.table
    tbl = doc.tables[self_eval]._tbl
    header_row = next(i for i, r in enumerate(seed_report.tables[self_eval].rows) if "一级指标" in r)
    # 一级指标 column: '产出指标' restarts a vertical merge, the next rows continue it
    first_block = tbl.tr_lst[header_row + 1].tc_lst[1]
    assert first_block.vMerge == "restart"
    assert tbl.tr_lst[header_row + 2].tc_lst[1].vMerge == "continue"
    # the 2-cell name row spans the whole grid horizontally
    grid_width = len(tbl.tblGrid.gridCol_lst)
    assert sum(tc.grid_span for tc in tbl.tr_lst[0].tc_lst) == grid_width
    assert len(tbl.tr_lst[0].tc_lst) == 2


def test_layout_grid_rules():
    rows = [["甲", "乙", "丙"], ["标签", "x", "y"], ["", "a", "b"], ["", "", "c"], ["合计", "1"]]
    width, grid = layout_grid(rows)
    assert width == 3
    assert [c.vmerge for c in grid[1]] == ["restart", None, None]
    assert [c.vmerge for c in grid[2]] == ["continue", "restart", None]
    assert [c.vmerge for c in grid[3]] == ["continue", "continue", None]
    assert [c.span for c in grid[4]] == [2, 1]  # a short row: the extra grid column goes to the longer text
    # an all-empty row merges nothing; a leading empty under an empty cell does not merge
    _, grid = layout_grid([["a", "", "b"], ["", "", ""], ["", "x", "y"]])
    assert all(c.vmerge is None for row in grid for c in row)


def test_txt_export_shape(seed_report):
    text = export_report_text(seed_report, "txt")
    lines = text.split("\n")
    assert lines[0] == seed_report.title
    assert "\u3000\u3000一、基本情况" in lines
    assert "\u3000\u3000十、其他需要说明的情况" in lines
    assert "附件1" in lines
    # one tab-prefixed cell per line, a blank line between rows
    first = lines.index("\t财政供养人员情况（人）")
    assert lines[first + 1 : first + 5] == ["\t编制数", "\t2022年实际在职人数", "\t控制率", ""]


def test_markdown_export(seed_report, tmp_path):
    md = write_report(seed_report, tmp_path / "r.md").read_text(encoding="utf-8")
    assert md.startswith(f"# {seed_report.title}\n")
    assert "## 一、基本情况" in md and "## 附件2" in md
    assert "| 市级预算部门名称 | 岳阳市公共资源交易中心 |" in md


def test_drafted_report_without_title_or_headings(tmp_path):
    report = Report(
        year=2024,
        unit="某县财政局",
        sections=[Section(label="一", heading="", paragraphs=[Paragraph(index=0, text="职能职责略。")]),
                  Section(label="七", heading="", paragraphs=[])],
        meta={"format": "draft"},
    )
    back = parse_file(export_report_docx(report, tmp_path / "d.docx"))
    assert back.title == "2024年度某县财政局整体支出绩效自评报告"
    assert [(s.label, s.heading) for s in back.sections] == [("一", "基本情况"), ("七", "存在的问题及原因分析")]
    assert back.section("一").paragraphs[0].text == "职能职责略。"


@pytest.mark.parametrize("suffix", [".docx", ".txt", ".md"])
def test_mask_pii(seed_report, suffix, tmp_path):
    raw = "13975077504"
    assert raw in export_report_text(seed_report, "txt")
    out = write_report(seed_report, tmp_path / f"m{suffix}", mask_pii=True)
    if suffix == ".docx":
        text = "\n".join(p.text for p in docx.Document(str(out)).paragraphs)
    else:
        text = out.read_text(encoding="utf-8")
    assert raw not in text and "139****7504" in text


def test_unsupported_suffix(seed_report, tmp_path):
    from assistant.errors import InputUnusable

    with pytest.raises(InputUnusable, match="不支持的输出格式"):
        write_report(seed_report, tmp_path / "r.pdf")
