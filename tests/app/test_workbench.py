"""The workbench's pure parts: cards ranked and grouped, anchors in the document, batch overview and exports."""

from __future__ import annotations

import io
import zipfile

import openpyxl

from assistant.export.present import Decision
from assistant.report import parse_bytes
from assistant.review import review
from assistant.review.finding import Finding
from assistant.ui import batch as bt
from assistant.ui import workbench as wb
from assistant.ui.review_view import chinese_error, review_bytes
from assistant.ui.scoreboard import score_board
from tests.app.conftest import ROOT

SEED = (ROOT / "tests" / "fixtures" / "seed_000.txt").read_bytes()


def _seed():
    report = parse_bytes(SEED, "seed.txt")
    return report, review(report)


def test_cards_are_worst_first_and_a_repeated_rule_is_one_card():
    report, result = _seed()
    cards = wb.finding_cards(report, result)
    ranks = [wb.SEVERITY_ORDER.index(c.severity) for c in cards]
    assert ranks == sorted(ranks)
    # one item per place: a finding with several places is one card listing them
    assert sum(len(c.items) for c in cards) == sum(len(f.locations) for f in result.findings)
    grouped = [c for c in cards if c.grouped]
    assert grouped and all(len(c.items) >= wb.GROUP_MIN or len(c.indices) == 1 for c in grouped)
    (ind1,) = [f for f in result.findings if f.rule == "IND001"]
    (card,) = [c for c in cards if c.rule == "IND001"]
    assert card.title == ind1.message and len(card.items) == len(ind1.locations) == 21
    assert [it.anchor for it in card.items] == [wb.anchor_id(report, loc) for loc in ind1.locations]
    assert all("已完成" in it.text for it in card.items) and wb.card_place(card) == "附件2"
    for c in cards:  # within a card, in document order
        keys = [wb.place_key(it.finding) for it in c.items]
        assert keys == sorted(keys)


def test_every_placed_finding_points_at_an_element_of_the_document():
    report, result = _seed()
    html = wb.document_html(report, result)
    for f in result.findings:
        a = wb.anchor_id(report, f.location)
        if f.location.section != "全文":
            assert a is not None, f
        if a:
            assert f'id="{a}"' in html
    cell = next(f for f in result.findings if f.location.cell is not None and f.location.table is not None)
    a = wb.anchor_id(report, cell.location)
    focused = wb.document_html(report, result, focus=a)
    assert f'id="{a}" class="sev-{cell.severity} wb-focus"' in focused or f'id="{a}" class="sev-' in focused
    assert "wb-focus" in focused and "wb-focus" not in html.replace(".wb-focus", "")


def test_scoreboard_is_on_the_100_point_scale_with_unjudgeable_items():
    _, result = _seed()
    board = score_board(result)
    assert sum(int(r["分值"]) for r in board.rows) == 100
    assert any(r["估计得分"] == "无法判断" for r in board.rows)
    assert "满分 100 分" in board.summary and board.headline.endswith("分")
    judged = [r for r in board.rows if r["估计得分"] != "无法判断"]
    assert judged and all(r["说明"] for r in judged)


def test_chinese_error_drops_the_english_half():
    assert chinese_error("empty.txt: 文件为空 / file is empty") == "empty.txt: 文件为空"
    assert review_bytes(b"", "empty.txt").error == "empty.txt: 文件为空" or "/" not in review_bytes(b"", "empty.txt").error


def _zip(files: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for name, data in files.items():
            zf.writestr(name, data)
    return buf.getvalue()


def test_zip_expands_to_its_reports_and_a_bad_zip_is_one_problem():
    z = _zip({"a/一.txt": SEED, "b/二.txt": SEED, "说明.js": b"x", "__MACOSX/._一.txt": b"x"})
    files, problems = bt.expand_uploads([("报告.zip", z), ("坏.zip", b"not a zip"), ("三.txt", SEED)])
    assert [n for n, _ in files] == ["一.txt", "二.txt", "三.txt"]
    assert problems == ["坏.zip：不是有效的压缩包，已跳过"]


def test_overview_excel_and_critique_zip_for_a_batch():
    outcomes = [review_bytes(SEED, f"报告{i:02d}.txt") for i in range(3)] + [review_bytes(b"", "空.txt")]
    rows = bt.overview_rows(outcomes)
    assert len(rows) == 4 and list(rows[0]) == bt.OVERVIEW_HEADER
    assert rows[0]["错误"] > 0 and rows[0]["最严重的问题"].startswith("错误：") and rows[0]["单位"]
    assert rows[3]["状态"] == "无法使用" and all(v is not None for k, v in rows[3].items()
                                                 if k not in ("错误", "警告", "提示", "估计得分", "可判断满分"))
    decisions = {"报告00.txt": {0: Decision("dismissed", "误报")}}
    wbk = openpyxl.load_workbook(io.BytesIO(bt.excel_bytes(outcomes, decisions)))
    assert wbk.sheetnames == ["总览", "全部问题"]
    assert wbk["总览"].max_row == 5
    n = sum(len(o.result.findings) for o in outcomes if o.result)
    assert wbk["全部问题"].max_row == n + 1
    assert "已驳回" in [c.value for c in wbk["全部问题"]["I"]]
    z = zipfile.ZipFile(io.BytesIO(bt.critique_zip_bytes(outcomes, decisions)))
    assert sorted(z.namelist()) == [f"报告{i:02d}_审阅意见.docx" for i in range(3)]


def test_batch_filters_and_chart_data():
    worse = SEED.replace("基本支出为804.03万元".encode(), "基本支出为810.00万元".encode())
    outcomes = [review_bytes(SEED, "一.txt"), review_bytes(worse, "二.txt"), review_bytes(b"", "空.txt")]
    opts = bt.filter_options(outcomes)
    assert opts["severity"] == ["error", "warning", "info"] and "arithmetic" in opts["category"]
    assert opts["unit"][-1] == "空" and len(opts["unit"]) == 2  # both reports name the same unit
    # the chart has one bar per usable file; two files of one unit are named by their file
    by_unit = bt.chart_by_unit(outcomes)
    unit = outcomes[0].report.unit
    assert outcomes[1].report.unit == unit
    assert [r["单位"] for r in by_unit] == ["二", "一"]  # most errors first
    assert by_unit[0]["错误"] > by_unit[1]["错误"]
    total = sum(r["错误"] + r["警告"] + r["提示"] for r in by_unit)
    assert total == sum(len(o.result.findings) for o in outcomes if o.result)
    by_cat = bt.chart_by_category(outcomes)
    assert sum(r["错误"] + r["警告"] + r["提示"] for r in by_cat) == total
    assert all(r["涉及文件"] == 2 for r in by_cat if r["类别"] == "计算")
    # filters
    errors_only = bt.BatchFilter(severities=("error",))
    assert [o.name for o in bt.apply_filter(outcomes, errors_only)] == ["一.txt", "二.txt"]
    assert all(r["提示"] == 0 and r["警告"] == 0 for r in bt.chart_by_unit(outcomes, errors_only))
    rows = bt.overview_rows(outcomes, errors_only)
    assert [r["符合筛选"] for r in rows] == [outcomes[0].result.counts()["error"],
                                          outcomes[1].result.counts()["error"], 0]
    assert "符合筛选" not in bt.overview_rows(outcomes)[0]
    assert [o.name for o in bt.apply_filter(outcomes, bt.BatchFilter(units=("空",)))] == ["空.txt"]
    privacy = bt.BatchFilter(categories=("privacy",), severities=("info",))
    assert all(f.category == "privacy" and f.severity == "info" for o in outcomes for f in bt.matching(o, privacy))


def test_whole_document_numbers_every_finding_and_links_both_ways():
    import re
    from html import escape

    report, result = _seed()
    doc = wb.full_document_html(report, result)
    index = wb.findings_index_html(report, result)
    ids = set(re.findall(r' id="([^"]+)"', doc + index))
    assert len(ids) == len(re.findall(r' id="', doc + index))  # no id twice
    assert not any(i.startswith("wb-") for i in ids)  # its own ids: both views can be on one page
    links = re.findall(r'href="#([^"]+)"', doc + index)
    assert links and all(x in ids for x in links)  # every link lands on an element
    order = wb.ranked(result)
    assert [result.findings[i].severity for i in order] == sorted(
        (f.severity for f in result.findings), key=wb.SEVERITY_ORDER.index)
    for n, i in enumerate(order, start=1):
        f = result.findings[i]
        assert f'id="fd-f-{n}"' in index and escape(f.message) in index.split(f'id="fd-f-{n}"')[1].split("</li>")[0]
        if wb.anchor_id(report, f.location):
            assert f'href="#fd-f-{n}"' in doc, f  # the place carries its number, linking to the index
    page = wb.full_document_page(report, result, "seed.txt")
    assert page.startswith("<!doctype html>") and "问题索引" in page and report.title in page


def test_a_finding_with_several_locations_is_marked_and_listed_at_each():
    """Findings may carry a ``locations`` list (merged findings): every place is marked and reachable."""
    from types import SimpleNamespace

    report, result = _seed()
    cells = [f for f in result.findings if f.location.cell is not None and f.location.table is not None][:3]
    assert len(cells) == 3
    merged = Finding(**{**cells[0].model_dump(), "locations": [c.location.model_dump() for c in cells]})
    assert wb.finding_locations(merged) == list(dict.fromkeys(c.location for c in cells))
    spots = wb.places(report, merged)
    assert len(spots) == len(wb.finding_locations(merged)) and all(a for _, a in spots)
    single = Finding(**{**cells[0].model_dump(), "locations": [cells[0].location.model_dump()]})
    assert wb.finding_locations(single) == [cells[0].location]  # a plain finding: its one place
    one = SimpleNamespace(findings=[merged])
    doc = wb.full_document_html(report, one)
    for _, a in spots:
        assert f'id="{wb.with_prefix(a, wb.FULL_PREFIX)}" class="sev-' in doc
