"""Different files of the same report parse to the same Report."""

import pytest

from assistant.report import parse_file


def _core(report):
    return report.model_dump(mode="json", exclude={"meta"})


@pytest.mark.parametrize(
    "a, b",
    [
        ("clean_a.txt", "clean_a.docx"),
        ("clean_b.txt", "clean_b.docx"),
        ("clean_a.txt", "clean_a_gbk.txt"),
        ("clean_b.txt", "clean_b_bom.txt"),
    ],
)
def test_same_report_from_different_files(a, b, built_fixtures):
    paths = built_fixtures
    ra, rb = parse_file(paths[a]), parse_file(paths[b])
    assert _core(ra) == _core(rb)
    assert ra.self_eval is not None and ra.basic_data is not None


def test_encodings_detected(built_fixtures):
    paths = built_fixtures
    assert parse_file(paths["clean_a_gbk.txt"]).meta.encoding == "gb18030"
    assert parse_file(paths["clean_b_bom.txt"]).meta.encoding == "utf-8-sig"
    assert parse_file(paths["clean_a.txt"]).meta.encoding == "utf-8"
    assert parse_file(paths["clean_a.docx"]).meta.format == "docx"


def test_docx_has_real_merged_cells(built_fixtures):
    import docx

    paths = built_fixtures
    d = docx.Document(paths["clean_a.docx"])
    vmerges = [tc for t in d.tables for tr in t._tbl.tr_lst for tc in tr.tc_lst if tc.vMerge == "continue"]
    spans = [tc for t in d.tables for tr in t._tbl.tr_lst for tc in tr.tc_lst if tc.grid_span > 1]
    assert vmerges and spans


def test_heading_variants_and_number_formats():
    from decimal import Decimal as D

    r = parse_file("tests/fixtures/clean_b.txt")
    assert [s.label for s in r.sections] == list("一二三四五六七八九十")
    assert r.unit == "益阳市赫山区水利局" and r.year == 2024
    # full-width digits and thousands separators: "１,０45.36万元"
    assert r.budget.basic.total.value == D("1045.36")
    assert r.budget.project.classes["资本性支出"].value == D("1119.60")
    assert r.self_eval.funds[0].rate.value == D("96.07")  # written with ％
    assert r.basic_data.staffing.control_rate.unit == "%"


def test_xlsx_tables_workbook():
    from decimal import Decimal as D

    r = parse_file("tests/fixtures/clean_b_tables.xlsx")
    txt = parse_file("tests/fixtures/clean_b.txt")
    assert r.kind == "report"
    assert [a.label for a in r.attachments] == ["附件1", "附件2", "附件3", "附件5"]
    assert r.self_eval.model_dump(exclude={"table"}) == txt.self_eval.model_dump(exclude={"table"}) or (
        [i.level3 for i in r.self_eval.indicators] == [i.level3 for i in txt.self_eval.indicators]
    )
    assert r.basic_data.sangong.rows[0].values["2024年决算数"].value == D("19.81")
    assert len(r.projects) == 1


def test_standalone_project_table():
    r = parse_file("tests/fixtures/project_only_b.txt")
    assert r.kind == "project_table"
    assert len(r.projects) == 1
    p = r.projects[0]
    assert p.name == "农村饮水安全巩固提升工程"
    assert len(p.indicators) == 9
    assert p.funds[0].name == "年度资金总额"


def test_variant_title_pipe_table_and_spaced_headings():
    """'关于…的报告' title, '一 、' headings, full-width thousands separator, a Markdown pipe table."""
    from decimal import Decimal as D

    r = parse_file("tests/fixtures/variant_zhuzhou_pipe.txt")
    assert (r.year, r.unit) == (2023, "株洲市图书馆")
    assert [s.label for s in r.sections] == list("一二三四五六七八九十")
    assert r.budget.total.value == D("1234.50")
    assert r.budget.basic.total.value == D("634.50") and len(r.budget.basic.classes) == 3
    assert [i.level3 for i in r.self_eval.indicators] == ["借阅人次", "读者活动", "读者满意度"]
    assert r.self_eval.total_score.value == D(100)


def test_table_pasted_with_space_separated_cells():
    r = parse_file("tests/fixtures/variant_flat_spaces.txt")
    want = parse_file("tests/fixtures/clean_a.txt")
    assert [(i.level1, i.level2, i.level3, i.actual, i.weight.value, i.score.value) for i in r.self_eval.indicators] == [
        (i.level1, i.level2, i.level3, i.actual, i.weight.value, i.score.value) for i in want.self_eval.indicators
    ]


def test_amounts_in_yuan_are_converted_to_wanyuan_exactly():
    from decimal import Decimal as D

    from assistant.report.extract import header_in_yuan
    from assistant.review import review

    r = parse_file("tests/fixtures/variant_yuan_text.txt")
    assert r.budget.basic.total.value == D("612.48") and r.budget.basic.total.unit == "万元"
    assert r.budget.basic.total.raw.endswith("6,124,800.00元")
    assert r.budget.basic.classes["商品和服务支出"].value == D("86.75")
    assert [f for f in review(r).findings if f.severity == "error"] == []
    assert header_in_yuan("经费控制情况（元）") and header_in_yuan("单位：元")
    assert not header_in_yuan("年度预算申请（万元）") and not header_in_yuan("金额（万元）")


def test_headings_run_into_their_first_sentence():
    from assistant.report import parse_bytes

    text = open("tests/fixtures/clean_a.txt", encoding="utf-8").read()
    text = (text.replace("　　七、存在的问题及原因分析\n　　（一）", "　　七、存在的问题及原因分析：（一）")
                .replace("　　九、绩效自评结果拟应用和公开情况\n　　绩效", "　　九、绩效自评结果拟应用和公开情况。绩效")
                .replace("　　十、其他需要说明的情况\n　　无", "　　十、其他需要说明的情况：无"))
    text = text.replace("2、机构设置", "二、机构设置：本馆内设5个科室。")  # a list item inside 一 is not section 二
    got = parse_bytes(text.encode(), "runin.txt")
    want = parse_file("tests/fixtures/clean_a.txt")
    assert [s.label for s in got.sections] == list("一二三四五六七八九十")
    assert got.section("七").text == want.section("七").text
    assert got.section("九").text == want.section("九").text
    assert got.section("十").text == "无其他需要说明的情况。"
    assert "二、机构设置：本馆内设5个科室。" in got.section("一").text
