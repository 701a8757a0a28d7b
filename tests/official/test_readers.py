"""Readers of the official files: header layouts, merged headers, 元 → 万元, units, bad files."""

from decimal import Decimal

import pytest

from assistant.errors import OfficialFileUnusable
from assistant.official import load_books, record_for
from assistant.official.final_accounts import read_final_accounts
from assistant.official.match import match_indicators, unit_score
from assistant.official.targets import read_targets
from assistant.report import parse_file
from assistant.settings import Settings
from tests.fixtures.official.make_official import A_TARGETS, B_TARGETS

S = Settings()


@pytest.mark.parametrize("name, unit, expected", [
    ("a_targets.xlsx", "衡阳市档案馆", A_TARGETS),  # merged header, 指标性质 | 指标值 | 度量单位 columns
    ("a_targets.docx", "衡阳市档案馆", A_TARGETS),  # Word: 指标名称 | 年度目标值, 一级 merged down
    ("b_targets.docx", "益阳市赫山区水利局", B_TARGETS),
    ("b_targets.xlsx", "益阳市赫山区水利局", B_TARGETS),
    ("a_targets_national.xlsx", "衡阳市档案馆", A_TARGETS),  # head rows, 年度绩效指标 merged down column A
])
def test_targets_layouts(official_files, name, unit, expected):
    book = read_targets(official_files[name], S)
    assert [u.unit for u in book.units] == [unit]
    got = [(t.level1, t.level2, t.name, t.target) for t in book.units[0].targets]
    assert got == list(expected)
    first = book.units[0].targets[0]
    assert first.source.file == name and first.source.row >= 2


def test_targets_batch_workbook_groups_units(official_files):
    book = read_targets(official_files["batch_20.xlsx"], S)
    assert len(book.units) == 20
    assert book.units[4].unit == "衡阳市第5档案馆" and book.units[4].code == "4304005"
    assert all(len(u.targets) == len(A_TARGETS) for u in book.units)
    # the merged unit cell is filled for every row of the unit, and rows are the sheet's own numbers
    assert book.units[1].targets[0].source.row == 2 + len(A_TARGETS)


def test_final_accounts_long_layout_in_yuan(official_files):
    book = read_final_accounts(official_files["a_final.xlsx"], S)
    (u,) = book.units
    assert u.unit == "衡阳市档案馆"
    f = u.figures
    assert f["executed"].value == Decimal("968.68") and f["executed"].raw == "9686800元"
    assert f["basic"].value == Decimal("612.48") and f["project"].value == Decimal("356.2")
    assert f["sangong"].value == Decimal("7.22")  # “三公”经费支出合计, quotes and all
    assert f["staff_actual"].value == 43 and f["staff_actual"].unit == "人"
    assert f["budget"].source.label() == "a_final.xlsx「决算主要数据」第4行"


def test_final_accounts_word_table_side_by_side(official_files):
    (u,) = read_final_accounts(official_files["a_final.docx"], S).units
    assert u.unit == "衡阳市档案馆"
    got = {k: str(v.value) for k, v in u.figures.items()}
    assert got == {"budget": "1002.15", "executed": "968.68", "basic": "612.48", "project": "356.20",
                   "sangong": "7.22", "staff_authorized": "45", "staff_actual": "43"}
    assert u.figures["basic"].source.label() == "a_final.docx「表1」第4行"  # 其中：基本支出


def test_swapped_files_are_refused(official_files):
    with pytest.raises(OfficialFileUnusable, match="a_final.xlsx: 没有可识别的绩效目标表头"):
        read_targets(official_files["a_final.xlsx"], S)
    with pytest.raises(OfficialFileUnusable, match="a_targets.docx: 没有可识别的决算表头"):
        read_final_accounts(official_files["a_targets.docx"], S)


def test_final_accounts_budget_and_final_columns_and_second_sheet(official_files):
    (u,) = read_final_accounts(official_files["b_final.xlsx"], S).units
    f = u.figures
    assert f["budget"].value == Decimal("2468.9") and f["executed"].value == Decimal("2371.76")
    assert f["budget"].source.row == f["executed"].source.row == 5  # the 支出合计 row, two columns
    assert f["staff_authorized"].value == 68 and f["staff_authorized"].source.sheet == "人员情况"


def test_final_accounts_wide_merged_header(official_files):
    book = read_final_accounts(official_files["batch_20.xlsx"], S)
    assert len(book.units) == 20
    u = book.units[19]
    assert (u.unit, u.code) == ("衡阳市第20档案馆", "4304020")
    # 合计 under the merged 支出决算 is the 全年执行数; amounts were in 元 (title line)
    assert u.figures["executed"].value == Decimal("968.68")
    assert u.figures["budget"].value == Decimal("1002.15")
    assert u.figures["staff_actual"].value == 43
    assert "sangong" in u.figures and u.figures["sangong"].value == Decimal("7.22")


def _xlsx(path, rows):
    from openpyxl import Workbook

    wb = Workbook()
    for r in rows:
        wb.active.append(r)
    wb.save(path)
    return path


def test_bad_files_raise_one_line_naming_the_file(tmp_path, official_files):
    empty = tmp_path / "空.xlsx"
    empty.write_bytes(b"")
    corrupt = tmp_path / "坏.xlsx"
    corrupt.write_bytes(b"PK\x03\x04 not really a zip")
    no_header = _xlsx(tmp_path / "无表头.xlsx", [["甲", "乙"], ["1", "2"]])
    blank_sheet = _xlsx(tmp_path / "空表.xlsx", [])
    for path in (empty, corrupt, no_header, blank_sheet):
        for reader in (read_targets, read_final_accounts):
            with pytest.raises(OfficialFileUnusable) as exc:
                reader(path, S)
            line = str(exc.value)
            assert path.name in line and "\n" not in line and "未做官方数据核对" in line
    with pytest.raises(OfficialFileUnusable, match="缺失.txt|只支持"):
        read_targets(tmp_path / "缺失.txt", S)


def test_wrong_unit_is_skipped_with_a_reason(official_files):
    report = parse_file("tests/fixtures/clean_a.txt")
    books = load_books(official_files["other_unit_targets.xlsx"], official_files["a_final.xlsx"], S)
    rec = record_for(report, books)
    assert rec.targets is None and rec.accounts is not None
    (skip,) = rec.skipped
    assert skip.file == "other_unit_targets.xlsx"
    assert "益阳市赫山区水利局" in skip.reason and "衡阳市档案馆" in skip.reason


def test_unit_picked_from_batch_by_name_or_code(official_files):
    books = load_books(official_files["batch_20.xlsx"], official_files["batch_20.xlsx"], S)
    report = parse_file("tests/fixtures/clean_a.txt")  # 衡阳市档案馆: in no row of the batch workbook
    rec = record_for(report, books)
    assert rec.targets is None and rec.accounts is None and len(rec.skipped) == 2
    assert "没有报告单位“衡阳市档案馆”" in rec.skipped[0].reason
    by_code = record_for(report, books, hint="4304007/report.txt")
    assert by_code.accounts.code == "4304007" and by_code.targets is not None


def test_unit_score_normalises_and_fuzzes():
    assert unit_score("衡阳市档案馆（本级）", "衡阳市 档案馆") == 1.0
    assert unit_score("湖南省衡阳市档案馆", "衡阳市档案馆") == 1.0
    assert unit_score("衡阳市档案馆分馆", "衡阳市档案馆") < 0.95
    assert unit_score("衡阳市档案馆", "益阳市赫山区水利局") < 0.5


def test_indicator_matching_exact_then_fuzzy():
    from assistant.official.model import ApprovedTarget, OfficialSource
    from assistant.report.model import IndicatorRow

    src = OfficialSource(file="t.xlsx", row=3)
    approved = [ApprovedTarget(name=n, target="≥1个", source=src) for n in ("接收进馆档案数量", "档案宣传展览场次", "编研成果")]
    rows = [IndicatorRow(level3=n, target="≥1个") for n in ("档案宣传展览场次", "接收进馆档案数", "安全事故")]
    matches, missing, added = match_indicators(approved, rows, 0.6)
    pairs = {(m.approved.name, m.row.level3, m.score) for m in matches}
    assert ("档案宣传展览场次", "档案宣传展览场次", 1.0) in pairs
    assert ("接收进馆档案数量", "接收进馆档案数", 0.93) in pairs
    assert [a.name for a in missing] == ["编研成果"] and [r.level3 for r in added] == ["安全事故"]


def test_another_years_file_is_skipped(tmp_path):
    from tests.fixtures.official.make_official import targets_xlsx_split

    old = targets_xlsx_split("衡阳市档案馆", 2022, A_TARGETS, tmp_path / "2022目标表.xlsx")
    report = parse_file("tests/fixtures/clean_a.txt")  # 2023
    rec = record_for(report, load_books(old, None, S))
    assert rec.targets is None
    assert "文件为2022年度，报告为2023年度" in rec.skipped[0].reason
