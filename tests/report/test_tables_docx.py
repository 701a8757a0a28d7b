"""Word 自评表 with merged cells: a two-row header whose upper cell spans the two columns beneath it."""

from decimal import Decimal

import docx

from assistant.report import parse_file


def test_docx_two_row_header(tmp_path):
    doc = docx.Document()
    doc.add_paragraph("项目支出绩效自评表（2023年度）")
    grid = [
        ["项目名称", "乡村道路养护", "", "", "", "", "", ""],
        ["一级指标", "二级指标", "三级指标", "指标值", "", "分值", "得分", "偏差原因分析及改进措施"],
        ["", "", "", "年度指标值", "实际完成值", "", "", ""],
        ["产出指标", "数量指标", "养护里程", "≥12公里", "10公里", "40", "32", "雨季停工"],
        ["满意度指标", "服务对象满意度指标", "群众满意度", "≥90%", "93%", "10", "10", ""],
    ]
    table = doc.add_table(rows=len(grid), cols=8)
    for r, row in enumerate(grid):
        for c, text in enumerate(row):
            if text:
                table.cell(r, c).text = text
    table.cell(0, 1).merge(table.cell(0, 7))
    table.cell(1, 3).merge(table.cell(1, 4))  # 指标值 over 年度指标值 | 实际完成值
    for c in (0, 1, 2, 5, 6, 7):
        table.cell(1, c).merge(table.cell(2, c))
    path = tmp_path / "form.docx"
    doc.save(path)

    report = parse_file(path)
    se = (report.projects or [report.self_eval])[0]
    first, second = se.indicators
    assert (first.target, first.actual, first.weight.value, first.score.value, first.note) == (
        "≥12公里", "10公里", Decimal("40"), Decimal("32"), "雨季停工")
    assert (second.level1, second.level3, second.target, second.actual) == ("满意度指标", "群众满意度", "≥90%", "93%")
    assert (second.weight.value, second.score.value) == (10, 10)
