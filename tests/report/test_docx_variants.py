"""Word files laid out differently from the text export still give the same views."""

import docx

from assistant.report import parse_file
from tests.fixtures.make_fixtures import A_SECTIONS, A_SELF_EVAL, A_TITLE, a_basic_rows


def _doc_with_body(heading_text=lambda h: h, after: dict[str, str] | None = None):
    """A Word document with clean_a's title and sections 一…十 as Heading 1 + body paragraphs."""
    doc = docx.Document()
    doc.add_paragraph(A_TITLE, style="Title")
    for heading, paras in A_SECTIONS:
        doc.add_paragraph(heading_text(heading), style="Heading 1")
        for p in paras:
            doc.add_paragraph(p)
        if after and heading[0] in after:
            doc.add_paragraph(after[heading[0]])
    return doc


def _add_grid(doc, rows, label_row: str | None = None):
    width = max(len(r) for r in rows)
    all_rows = ([[label_row]] if label_row else []) + rows
    table = doc.add_table(rows=len(all_rows), cols=width)
    for r, row in enumerate(all_rows):
        for c, text in enumerate(row):
            table.cell(r, c).text = text
        if len(row) < width:
            table.cell(r, len(row) - 1).merge(table.cell(r, width - 1))
    return table


def test_labels_inside_tables_and_unlabelled_tables(tmp_path):
    doc = _doc_with_body()
    # 附件1: the label lives in the table's merged first row
    _add_grid(doc, a_basic_rows(), label_row="附件1 2023年度部门整体支出绩效评价基础数据表")
    doc.add_paragraph("")
    # 附件2: no label at all; recognised from its indicator grid
    _add_grid(doc, A_SELF_EVAL)
    path = tmp_path / "variant.docx"
    doc.save(path)

    got = parse_file(path)
    want = parse_file("tests/fixtures/clean_a.txt")
    assert [a.label for a in got.attachments] == ["附件1", "附件2"]
    assert got.unit == "衡阳市档案馆" and got.year == 2023
    assert got.self_eval.model_dump(exclude={"table", "goal_source", "indicators", "funds", "by_income", "by_nature"}) \
        == want.self_eval.model_dump(exclude={"table", "goal_source", "indicators", "funds", "by_income", "by_nature"})
    assert [(i.level1, i.level3, i.weight.value, i.score.value) for i in got.self_eval.indicators] == \
        [(i.level1, i.level3, i.weight.value, i.score.value) for i in want.self_eval.indicators]
    assert [r.key for r in got.basic_data.sangong.rows] == [r.key for r in want.basic_data.sangong.rows]
    assert got.basic_data.staffing.actual.value == want.basic_data.staffing.actual.value


def test_variant_review_is_clean(tmp_path):
    from assistant.review import review

    test_labels_inside_tables_and_unlabelled_tables(tmp_path)
    res = review(parse_file(tmp_path / "variant.docx"))
    assert [f for f in res.findings if f.severity == "error"] == []


def test_auto_numbered_headings_without_numerals_in_text(tmp_path):
    """Word's automatic numbering keeps '一、' out of the paragraph text; heading styles still mark them."""
    def bare(heading: str) -> str:
        title = heading.split("、", 1)[1]
        return title if title != "部门整体支出绩效情况" else "部门整体支出绩效情况分析"

    doc = _doc_with_body(heading_text=bare)
    path = tmp_path / "numbered.docx"
    doc.save(path)
    got = parse_file(path)
    want = parse_file("tests/fixtures/clean_a.txt")
    assert [s.label for s in got.sections] == list("一二三四五六七八九十")
    assert [s.text for s in got.sections] == [s.text for s in want.sections]
    assert got.budget.basic.total.value == want.budget.basic.total.value


def test_body_sentence_equal_to_a_title_word_is_not_a_heading(tmp_path):
    doc = _doc_with_body(after={"一": "管理效率有待提高"})  # plain body paragraph, not a heading
    path = tmp_path / "body.docx"
    doc.save(path)
    got = parse_file(path)
    assert [s.label for s in got.sections] == list("一二三四五六七八九十")
    assert "管理效率有待提高" in got.section("一").text


def test_paragraphs_inside_content_controls_are_read(tmp_path):
    from copy import deepcopy

    from docx.oxml import OxmlElement

    src = docx.Document("tests/fixtures/clean_a.docx")
    body = src.element.body
    # wrap section 七's heading and paragraphs in a block-level content control, as form templates do
    paras = [p for p in body.iterchildren() if p.tag.endswith("}p")]
    start = next(i for i, p in enumerate(paras) if "存在的问题" in "".join(t.text or "" for t in p.iter() if t.tag.endswith("}t")))
    group = paras[start:start + 4]
    sdt = OxmlElement("w:sdt")
    content = OxmlElement("w:sdtContent")
    sdt.append(content)
    group[0].addprevious(sdt)
    for p in group:
        content.append(deepcopy(p))
        body.remove(p)
    path = tmp_path / "sdt.docx"
    src.save(path)
    got = parse_file(path)
    want = parse_file("tests/fixtures/clean_a.docx")
    assert got.section("七").text == want.section("七").text


def test_self_eval_split_over_two_word_tables(tmp_path):
    """附件2 as two tables (funds/goal, then the indicator grid) gives the same view as one table."""
    doc = _doc_with_body()
    doc.add_paragraph("附件1")
    doc.add_paragraph("2023年度部门整体支出绩效评价基础数据表")
    _add_grid(doc, a_basic_rows())
    doc.add_paragraph("附件2")
    doc.add_paragraph("2023年度部门整体支出绩效自评表")
    split = next(i for i, r in enumerate(A_SELF_EVAL) if r and r[0] == "绩效指标")
    _add_grid(doc, A_SELF_EVAL[:split])
    doc.add_paragraph("（续表）")
    _add_grid(doc, A_SELF_EVAL[split:])
    path = tmp_path / "split.docx"
    doc.save(path)
    got = parse_file(path).self_eval
    want = parse_file("tests/fixtures/clean_a.txt").self_eval
    assert [(i.level1, i.level3, i.weight.value, i.score.value) for i in got.indicators] == \
        [(i.level1, i.level3, i.weight.value, i.score.value) for i in want.indicators]
    assert got.funds[0].rate.value == want.funds[0].rate.value
    assert got.total_score.value == want.total_score.value and got.goal_target == want.goal_target

    from assistant.review import review

    assert [f for f in review(parse_file(path)).findings if f.severity == "error"] == []


def test_tracked_insertions_are_read_and_deletions_are_not(tmp_path):
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    src = docx.Document("tests/fixtures/clean_a.docx")
    body = src.element.body
    seven = next(p for p in body.iter() if p.tag.endswith("}p") and "（一）预算编制精准度有待提高" in "".join(
        t.text or "" for t in p.iter() if t.tag.endswith("}t")))
    seven.append(parse_xml(
        f'<w:ins {nsdecls("w")} w:id="1" w:author="审核人" w:date="2024-01-01T00:00:00Z">'
        "<w:r><w:t>（修订插入的句子。）</w:t></w:r></w:ins>"))
    seven.append(parse_xml(
        f'<w:del {nsdecls("w")} w:id="2" w:author="审核人" w:date="2024-01-01T00:00:00Z">'
        "<w:r><w:delText>已删除的文字</w:delText></w:r></w:del>"))
    path = tmp_path / "tracked.docx"
    src.save(path)
    text = parse_file(path).section("七").text
    assert "（修订插入的句子。）" in text and "已删除的文字" not in text
