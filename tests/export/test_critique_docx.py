"""Reviewer's .docx: one 批注 per finding, anchored in the right section/table/cell, reopens in python-docx."""

from __future__ import annotations

import json
import re

import docx
import pytest
from docx.oxml.ns import qn

from assistant.export import export_critique_docx, render_json
from assistant.export.findings_format import SEVERITY_LABELS
from assistant.export.report_docx import report_docx_bytes
from assistant.privacy import mask_pii
from assistant.report import parse_bytes
from assistant.report.normalize import clean_cell, clean_line
from assistant.review import ReviewResult, review

_SECTION = re.compile(r"^([一二三四五六七八九十])、")
_ATTACHMENT = re.compile(r"^附件(\d)$")


def _text(el) -> str:
    return "".join(t.text or "" for t in el.iter(qn("w:t")))


def anchored(doc, report) -> dict[int, dict]:
    """Walk the body independently of the exporter: comment id → where its range starts.

    The report proper starts at its title paragraph; what precedes it is the summary page.
    """
    started = False
    section = "summary"
    table_index = -1
    paragraph_index = -1
    out: dict[int, dict] = {}
    headings = {f"{s.label}、{s.heading}": s.label for s in report.sections}
    for child in doc.element.body.iterchildren():
        if child.tag == qn("w:p"):
            text = clean_line(_text(child))
            if not started and text == report.title:
                started, section = True, "全文"
            elif started and text in headings:
                section, paragraph_index = headings[text], -1
            elif started and _ATTACHMENT.match(text):
                section, paragraph_index = "附件" + _ATTACHMENT.match(text).group(1), -2  # next line is the title
            elif started and text:
                paragraph_index += 1
            for start in child.iter(qn("w:commentRangeStart")):
                out[int(start.get(qn("w:id")))] = {"section": section, "table": None, "text": text,
                                                    "paragraph": paragraph_index}
        elif child.tag == qn("w:tbl"):
            if started:
                table_index += 1
            for r, tr in enumerate(child.findall(qn("w:tr"))):
                for c, tc in enumerate(tr.findall(qn("w:tc"))):
                    for start in tc.iter(qn("w:commentRangeStart")):
                        out[int(start.get(qn("w:id")))] = {
                            "section": section, "table": table_index if started else None,
                            "row": r, "cell": c, "text": clean_cell("\n".join(_text(p) for p in tc.findall(qn("w:p")))),
                        }
    return out


def _at_summary(loc, report) -> bool:
    return loc.section == "全文" or (report.section(loc.section) is None and report.attachment(loc.section) is None)


def expected_comments(report, result: ReviewResult) -> list[tuple]:
    """(finding, place) per comment: one at each place the body has, plus one on the summary page for a
    finding with places the body lacks (place None when there are several of those)."""
    out = []
    for f in result.findings:
        out += [(f, loc) for loc in f.locations if not _at_summary(loc, report)]
        missing = [loc for loc in f.locations if _at_summary(loc, report)]
        if missing:
            out.append((f, missing[0] if len(missing) == 1 else None))
    return out


def check_anchors(doc, report, result: ReviewResult, *, masked: bool = False) -> None:
    comments = list(doc.comments)
    expected = expected_comments(report, result)
    assert len(comments) == len(expected) >= len(result.findings)
    where = anchored(doc, report)
    assert set(where) == {c.comment_id for c in comments}  # every comment is anchored exactly once
    for comment, (f, loc) in zip(comments, expected, strict=True):
        # comments follow the findings and their places, text in the agreed form
        assert comment.text.startswith(f"[{SEVERITY_LABELS[f.severity]}] {f.rule} ")
        assert comment.author == "绩效自评审阅助手"
        a = where[comment.comment_id]
        if loc is None:
            assert a["section"] == "summary"
            continue
        if len(f.locations) > 1:  # each place's comment says which place it is
            k = f.locations.index(loc) + 1
            assert f"本处（第{k}处，共{len(f.locations)}处）" in comment.text
        if loc.table is not None:
            assert a["table"] == loc.table, (f.rule, loc, a)
            table = report.tables[loc.table]
            assert a["section"] == table.section
            if loc.row is not None:
                row = table.rows[loc.row]
                expected_text = row[loc.cell] if loc.cell is not None and loc.cell < len(row) else None
                if expected_text:  # a continuation cell ('') anchors at the visible merged cell above
                    assert a["text"] == (mask_pii(expected_text) if masked else expected_text)
                    assert a["row"] == loc.row
        elif loc.paragraph is not None and loc.section != "全文":
            assert a["section"] == loc.section, (f.rule, loc, a)
            para = (report.section(loc.section) or report.attachment(loc.section)).paragraphs[loc.paragraph]
            assert a["text"] == (mask_pii(para.text) if masked else para.text)
        elif _at_summary(loc, report):
            assert a["section"] == "summary"
        else:
            assert a["section"] == loc.section


@pytest.fixture(scope="module")
def seed_review(seed_report):
    result = review(seed_report)
    # the JSON of the same run is the reference for the count
    return result, json.loads(render_json(result))


def test_seed_txt_critique(seed_report, seed_review, tmp_path):
    result, data = seed_review
    path = export_critique_docx(result, seed_report, tmp_path / "seed_critique.docx")
    doc = docx.Document(str(path))
    places = sum(len(f["locations"]) for f in data["findings"])
    assert len(list(doc.comments)) == places > len(data["findings"])  # every place of every finding
    check_anchors(doc, seed_report, result)
    # summary page first: title, counts, rubric estimate
    first = [p.text for p in doc.paragraphs[:6]]
    assert first[0] == "审阅意见汇总"
    assert any(f"共发现 {len(data['findings'])} 条问题" in t for t in first)
    assert any(p.text == "二、考核评分估计" for p in doc.paragraphs)


def test_seed_as_docx_input(seed_report, seed_review, tmp_path):
    """Input was .docx: the original bytes are annotated; anchors land in the right places."""
    source = report_docx_bytes(seed_report)
    report = parse_bytes(source, "seed.docx")
    result = review(report)
    path = export_critique_docx(result, report, tmp_path / "c.docx", source_docx=source)
    doc = docx.Document(str(path))
    check_anchors(doc, report, result)
    # the original body is untouched apart from comments: it still parses to the same Report
    back = parse_bytes(path.read_bytes(), "c.docx")
    assert [t.rows for t in back.tables[-len(report.tables):]] == [t.rows for t in report.tables]


@pytest.mark.parametrize("name", ["clean_b.docx", "clean_a.docx"])
def test_fixture_docx_input(name, tmp_path):
    from tests.export._export_cases import FIXTURES

    src = FIXTURES / name
    if not src.exists():
        pytest.skip(f"{name} not present")
    data = src.read_bytes()
    report = parse_bytes(data, name)
    result = review(report)
    doc = docx.Document(str(export_critique_docx(result, report, tmp_path / "c.docx", source_docx=data)))
    check_anchors(doc, report, result)


def test_own_report_and_continuation_cells(own_report, tmp_path):
    """Findings on a vertically merged continuation cell are anchored on the visible cell above it."""
    from assistant.review import Finding, FindingLocation

    base = review(own_report)
    table = own_report.self_eval.table
    extra = Finding(rule="IND001", category="indicator", severity="warning",
                    location=FindingLocation(section="附件2", table=table, row=7, cell=1),
                    message="续行单元格上的问题")
    result = base.model_copy(update={"findings": [*base.findings, extra]})
    doc = docx.Document(str(export_critique_docx(result, own_report, tmp_path / "c.docx")))
    check_anchors(doc, own_report, result)
    where = anchored(doc, own_report)
    a = where[list(doc.comments)[-1].comment_id]
    assert (a["table"], a["row"], a["text"]) == (table, 6, "产出指标\n（50分）")


def test_mask_pii_critique(own_report, tmp_path):
    result = review(own_report)
    doc = docx.Document(str(export_critique_docx(result, own_report, tmp_path / "c.docx", mask_pii=True)))
    body = "\n".join(_text(p) for p in doc.element.body.iter(qn("w:p")))
    assert "13812345678" not in body and "138****5678" in body
    assert all("13812345678" not in c.text for c in doc.comments)
    check_anchors(doc, own_report, result, masked=True)


def test_corrupt_source(seed_report, seed_review, tmp_path):
    from assistant.errors import CorruptInput

    with pytest.raises(CorruptInput):
        export_critique_docx(seed_review[0], seed_report, tmp_path / "c.docx", source_docx=b"PK\x03\x04garbage")
