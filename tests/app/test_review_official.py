"""审阅 with official files attached: the page's uploaders, the batch overview and the Excel export."""

from __future__ import annotations

import io
from pathlib import Path

import openpyxl
import pytest
from streamlit.testing.v1 import AppTest

from assistant.ui import batch as bt
from assistant.ui.review_view import official_books, official_notes, review_bytes
from tests.app.conftest import REVIEW_PAGE

CLEAN_A = Path(__file__).resolve().parents[1] / "fixtures" / "clean_a.txt"


@pytest.fixture(scope="module")
def official(tmp_path_factory):
    from tests.fixtures.official.make_official import build_all

    return build_all(tmp_path_factory.mktemp("official_app"))


def test_batch_overview_and_excel_show_discrepancies_per_unit(official):
    from tests.fixtures.official.make_official import batch_units

    book = official["batch_20.xlsx"]
    books = official_books(("batch_20.xlsx", book.read_bytes()), ("batch_20.xlsx", book.read_bytes()))
    text = CLEAN_A.read_text(encoding="utf-8")
    outcomes = []
    for i, (code, unit, _, _) in enumerate(batch_units(20), start=1):
        t = text.replace("衡阳市档案馆", unit)
        if i == 5:
            t = t.replace("≥4场", "≥3场")
        outcomes.append(review_bytes(t.encode("utf-8"), f"{code}.txt", official=books))
    rows = bt.overview_rows(outcomes)
    cells = {r["单位"]: r["官方数据核对"] for r in rows}
    assert cells["衡阳市第5档案馆"] == "1 处与官方数据不一致"
    assert sum(v == "与官方数据一致" for v in cells.values()) == 19
    wbk = openpyxl.load_workbook(io.BytesIO(bt.excel_bytes(outcomes)))
    head = [c.value for c in wbk["总览"][1]]
    col = head.index("官方数据核对")
    assert [r[col].value for r in wbk["总览"].iter_rows(min_row=2)].count("1 处与官方数据不一致") == 1
    found = [r for r in wbk["全部问题"].iter_rows(min_row=2, values_only=True) if r[3] == "官方数据核对"]
    assert len(found) == 1 and found[0][1] == "衡阳市第5档案馆" and "“≥3场”" in found[0][5]


def test_bad_official_file_is_one_note_and_reports_still_reviewed():
    books = official_books(("目标表.xlsx", b"not a workbook"), None)
    out = review_bytes(CLEAN_A.read_bytes(), "clean_a.txt", official=books)
    assert out.ok and out.result.findings
    notes = official_notes([out, out])
    assert len(notes) == 1 and notes[0].startswith("目标表.xlsx: ") and "未做官方数据核对" in notes[0]
    assert bt.overview_rows([out])[0]["官方数据核对"].startswith("未核对：目标表.xlsx")


def test_review_page_with_official_uploads(official):
    at = AppTest.from_file(REVIEW_PAGE, default_timeout=120).run()
    assert not at.exception
    at.file_uploader(key="review_files").set_value(("clean_a.txt", CLEAN_A.read_bytes(), "text/plain"))
    at.file_uploader(key="official_targets").set_value(
        ("a_targets_extra.xlsx", official["a_targets_extra.xlsx"].read_bytes(), "application/octet-stream"))
    at.file_uploader(key="official_final").set_value(("决算.xlsx", b"broken", "application/octet-stream"))
    at.run()
    assert not at.exception
    cards = [b.label for b in at.button if b.key and b.key.startswith("go_0_")]
    assert any("档案编研成果数量" in c for c in cards), cards
    warnings = [w.value for w in at.warning]
    assert any(w.startswith("决算.xlsx: ") for w in warnings)
