"""自评表 arriving as text, in each flattened shape, reads into the same rows."""

from decimal import Decimal

import pytest

from assistant.report.parse import parse_bytes
from assistant.report.tables import split_fund_values, split_numbers, split_run_row

CELLS = [
    "项目支出绩效自评表（2023年度）",
    "项目名称", "乡村道路养护",
    "主管部门", "县交通运输局",
    "项目资金（万元）", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分",
    "年度资金总额", "50", "48", "45", "10", "93.75%", "9.4",
    "年度总体目标", "预期目标", "实际完成情况", "养护道路12公里", "完成养护道路10公里",
    "一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分", "偏差原因分析及改进措施",
    "产出指标(50分)", "数量指标", "养护里程", "≥12公里", "10公里", "30", "25", "雨季停工",
    "质量指标", "验收合格率", "≥95%", "已完成", "20", "20", "",
]


def _one(text: str, kind: bool = True):
    report = parse_bytes(text.encode("utf-8"), "form.txt")
    forms = ([report.self_eval] if report.self_eval else []) + report.projects
    if kind:
        assert report.kind == "project_table"
    assert len(forms) == 1
    return forms[0]


def _check(se, note_kept: bool = True):
    assert se.name == "乡村道路养护"
    fr = se.funds[0]
    assert (fr.initial_budget.value, fr.budget.value, fr.executed.value) == (50, 48, 45)
    assert (fr.weight.value, fr.rate.value, fr.score.value) == (10, Decimal("93.75"), Decimal("9.4"))
    assert se.goal_target == "养护道路12公里" and se.goal_actual == "完成养护道路10公里"
    first, second = se.indicators
    assert (first.level1, first.level1_weight, first.level2, first.level3) == ("产出指标", 50, "数量指标", "养护里程")
    assert (first.target, first.actual, first.weight.value, first.score.value) == ("≥12公里", "10公里", 30, 25)
    assert first.note == ("雨季停工" if note_kept else first.note)
    assert (second.level1, second.level2, second.level3, second.actual) == ("产出指标", "质量指标", "验收合格率", "已完成")
    assert (second.weight.value, second.score.value) == (20, 20)


def test_one_cell_per_line():
    _check(_one("\n".join(CELLS) + "\n"))


def test_cells_closed_by_pipes():
    _check(_one("\n".join(f"{c} |" for c in CELLS) + "\n"))


def test_cells_separated_by_blank_lines_with_split_header_words():
    cells = []
    for c in CELLS:
        cells.extend({"年初预算数": ["年初", "预算数"], "年度指标值": ["年度", "指标值"],
                      "实际完成值": ["实际", "完成值"]}.get(c, [c if c else " "]))
    _check(_one("\n\n".join(cells) + "\n"))


def test_whole_form_on_one_space_separated_line():
    line = " ".join(c for c in CELLS if c)
    _check(_one("元数据 abc 2022-01-01T00:00:00Z " + line + "\n"))


def test_whole_form_run_together_without_separators():
    cells = [c for c in CELLS if c and c != "雨季停工"]
    se = _one("".join(cells) + "\n")
    fr = se.funds[0]
    assert (fr.budget.value, fr.executed.value, fr.rate.value) == (48, 45, Decimal("93.75"))
    first = se.indicators[0]
    assert (first.level3, first.target, first.actual, first.weight.value, first.score.value) == (
        "养护里程", "≥12公里", "10公里", 30, 25)


def test_tab_separated_rows():
    rows = [["项目名称", "乡村道路养护"],
            ["一级指标", "二级指标", "三级指标", "分值", "年度指标值", "实际完成值", "得分"],
            ["产出指标", "数量指标", "养护里程", "30", "≥12公里", "10公里", "25"]]
    se = _one("项目支出绩效自评表\n" + "\n".join("\t".join(r) for r in rows) + "\n", kind=False)
    row = se.indicators[0]
    assert (row.target, row.actual, row.weight.value, row.score.value) == ("≥12公里", "10公里", 30, 25)


def test_markdown_pipe_table():
    rows = [["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分"],
            ["---"] * 7,
            ["产出指标", "数量指标", "养护里程", "≥12公里", "10公里", "30", "25"]]
    text = "项目支出绩效自评表\n项目名称：乡村道路养护\n" + "\n".join("| " + " | ".join(r) + " |" for r in rows)
    se = _one(text + "\n", kind=False)
    assert (se.indicators[0].actual, se.indicators[0].score.value) == ("10公里", 25)


def test_cell_splitters():
    assert split_numbers("100100", 2) == ["100", "100"]
    assert split_fund_values("202010100.00%10", ["budget", "executed", "weight", "rate", "score"]) == [
        "20", "20", "10", "100.00%", "10"]
    assert split_run_row("群众满意度10显著提升显著提升10", ["weight", "target", "actual", "score", "note"]) == [
        ["群众满意度", "10", "显著提升", "显著提升", "10", ""]]
    # text values that cannot be told apart are not guessed
    assert split_run_row("群众满意度10显著提升较好10", ["weight", "target", "actual", "score", "note"]) is None


@pytest.mark.parametrize("text", ["一、基本情况\n\n本单位……\n\n二、支出情况\n\n全年支出100万元。\n"])
def test_ordinary_blank_line_paragraphs_are_not_a_form(text):
    from assistant.report.blocks import Budget
    from assistant.report.parsers.txt import lines_to_blocks
    from assistant.settings import get_settings

    blocks = lines_to_blocks(text.split("\n"), Budget(get_settings().limits, "x"))
    assert all(b.kind == "para" for b in blocks)


def test_prose_mentioning_budget_words_is_not_read_as_a_form():
    from assistant.report.blocks import Budget
    from assistant.report.parsers.txt import lines_to_blocks
    from assistant.settings import get_settings

    prose = ("二、一般公共预算支出情况：本年全年预算数2321.75万元，全年执行数2321.75万元，执行率100%，"
             "其中基本支出804.03万元，项目支出1517.72万元，主要用于档案数字化、馆库维护和查档服务等工作，"
             "各项支出均按预算执行。")
    lines = [prose, "三、政府性基金预算支出情况", "无。"]
    blocks = lines_to_blocks(lines, Budget(get_settings().limits, "x"))
    assert [b.kind for b in blocks] == ["para", "para", "para"]


def test_run_together_form_over_several_ocr_lines():
    text = ("项目支出绩效自评表(2023年度)项目名称乡村道路养护主管部门县交通运输局资金情况(万元)"
            "全年预算数(A)全年执行数(B)分值执行率(B/A)得分年度资金总额:484510\n"
            "93.75%9.4一级指标二级指标三级指标分值年度指标值全年实际值得分产出指标(50分)数量指标养护里程30≥12公里10公里25\n")
    se = _one(text)
    fr = se.funds[0]
    assert (fr.budget.value, fr.executed.value, fr.weight.value, fr.score.value) == (48, 45, 10, Decimal("9.4"))
    row = se.indicators[0]
    assert (row.level3, row.weight.value, row.target, row.actual, row.score.value) == ("养护里程", 30, "≥12公里", "10公里", 25)


# ---------------------------------------------------------------- 云南's form: a two-row header flattened into one

YUNNAN = """2022年度项目支出绩效自评表 | 部门:某中学 |
| 项目名称 | 义务教育营养改善计划专项资金 | 主管部门 | 某县教育体育局 | 实施单位 | 某中学 |
| 年初预算数 | 全年预算数 | 全年执行数 | 分值 | 执行率 | 得分 |
| 年度资金总额 | 38.77 | 38.77 | 38.77 | 10 | 100% | 10 |
| 年度 总体 目标 | 预期目标 | 实际完成情况 | 改善学生体质 | 改善学生体质 | 绩效指标 | 年度指标值 | 实际完成值 | 分值 | 得分 | 偏差原因分析及改进措施 | 一级指标 | 二级指标 | 三级指标 | 指标性质 | 指标值 | 度量单位 | 产出指标 | 数量指标 | 学生受资助人数 | ≧ | 735 | 人次 | 735 | 50 | 50 |
| 效益指标 | 社会效益 指标 | 政策知晓率 | ═ | 100 | % | 98% | 30 | 29 |
| 满意度指标 | 服务对象满意度指标等 | 家长满意度 | ≧ | 95 | % | 100% | 10 | 10 |
| 其他需要说明事项 | 无 | 总分 | 100 | 99 | 优 |
"""


def test_flattened_two_row_header_is_put_back_in_the_data_order():
    r = parse_bytes(YUNNAN.encode("utf-8"), "yunnan.txt")
    (se,) = r.projects
    got = [(i.level1, i.level2, i.level3, i.target, i.actual, i.weight.value, i.score.value) for i in se.indicators]
    assert got == [
        ("产出指标", "数量指标", "学生受资助人数", "≧735人次", "735人次", Decimal("50"), Decimal("50")),
        ("效益指标", "社会效益指标", "政策知晓率", "═100%", "98%", Decimal("30"), Decimal("29")),
        ("满意度指标", "服务对象满意度指标等", "家长满意度", "≧95%", "100%", Decimal("10"), Decimal("10")),
    ]
    assert (se.total_weight.value, se.total_score.value) == (Decimal("100"), Decimal("99"))
    assert not se.unread  # the remark row and the grade after the total are not indicators


def test_unflatten_header_keeps_a_header_already_in_order():
    from assistant.report.tables import unflatten_header

    run = ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分", "偏差原因分析及改进措施"]
    assert unflatten_header(run) == run
    flat = ["年度指标值", "实际完成值", "分值", "得分", "偏差原因分析及改进措施", "一级指标", "二级指标", "三级指标",
            "指标性质", "指标值", "度量单位"]
    assert unflatten_header(flat) == ["一级指标", "二级指标", "三级指标", "指标性质", "指标值", "度量单位",
                                      "实际完成值", "分值", "得分", "偏差原因分析及改进措施"]



# A 部门整体绩效自评表 as a document site stores it (unit and contact anonymised): every cell run together,
# budget figures lost ('.32.06.5'), indicator values that fit no column reading ('2810810').
RUN_TOGETHER_DEPT_FORM = '《重庆市某区林业局2022年度部门整体绩效自评表.docx》由会员分享,可在线阅读,更多相关《重庆市某区林业局2022年度部门整体绩效自评表.docx(2页珍藏版)》请在第一文库网上搜索。\n1、重庆市某区林业局2023年度部门整体绩效自评表主管部n重庆市某区林业局部门联系人张三联系电话自评总分(分)97.93年初预算数全年(调整)预算数全年执行数执行率执行率权重执行率得分年度总金额.32.06.5其中财政拨款.32.06.579.27107.93年初绩效目标全年(调整)绩效目标全年目标实际完成情况维护林业、林区安全稳定,全完成维护林业、林区安全稳定,全区森林区森林资源、陆生野生动物资资源、陆生野生动物资源得到有效保护,源得到有效保护,松材线虫病松材线虫病疫情发生面积和病死松树株当年绩疫情发生面积和病死松树株树树实现双下降,森林火灾发生率为0;有效实现双下降,森林火灾发生率效保护全\n2、区湿地资源,成功获得国际湿地目标得到有效控制;有效保护全区城市称号;大力推进植树造林、森林抚育湿地资源,成功创建国家重要等植绿造林工程,培育优良苗木,成功创湿地;大力推进植树造林、森建国家森林城市;完成森林生态效益补林抚育等植绿造林工程,培育偿、退耕还林直补兑现;落实林长制责任优良苗木,成功创建国家森林体系建设。城市;完成森林生态效益补偿、退耕还林直补兑现;落实林长制责任体系建设。绩效指标指标名称计量单位指标性质指标值指标权重(分)全年完成值指标得分(分)说明天然林和公益林管护当期任务完成率%901010010国家级公益林管护面积万亩2810810森林抚育(营林)面积万亩2110110天保工程区森林资源管护面积万亩250105010森林火灾受害率%0.910010主要林业有害生物成灾率%0.4100.110公益林提供管\n'


def test_run_together_rows_no_reading_covers_are_given_up_quickly():
    # giving up on a block no column reading covers must not take exponential time (it took minutes)
    import time

    start = time.perf_counter()
    report = parse_bytes(RUN_TOGETHER_DEPT_FORM.encode("utf-8"), "form.txt")
    assert time.perf_counter() - start < 10
    forms = ([report.self_eval] if report.self_eval else []) + report.projects
    assert forms and forms[0].unread  # what could not be read is said, not passed over
