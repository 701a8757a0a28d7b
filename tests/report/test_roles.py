"""Sections by role, document kinds, cut documents and real-world text (issue 13, document structure)."""

from __future__ import annotations

import tomllib
from decimal import Decimal
from pathlib import Path

import pytest

from assistant.errors import NotAReport
from assistant.report import parse_bytes
from assistant.report.model import Report, Section
from assistant.report.normalize import clean_line
from assistant.report.roles import match_template, role_of, templates
from assistant.review import review

FIX = Path(__file__).parent.parent / "fixtures"
REAL = FIX / "real"


def parse_text(text: str, name: str = "doc.txt") -> Report:
    return parse_bytes(text.encode("utf-8"), name)


def rules_of(report: Report) -> dict[str, list]:
    out: dict[str, list] = {}
    for f in review(report).findings:
        out.setdefault(f.rule, []).append(f)
    return out


# ---------------------------------------------------------------- templates and roles


def test_template_profiles_are_data_and_cover_several_real_layouts():
    names = {t.name for t in templates()}
    assert {"hunan_ten", "four_part", "project_five", "mof_project_2020", "sichuan_dept", "sichuan_project",
            "hunan_dept_2018"} <= names
    for t in templates():
        assert t.parts and t.min_matches <= len(t.parts), t.name
        assert len({p.label for p in t.parts}) == len(t.parts), t.name


@pytest.mark.parametrize(
    ("heading", "role"),
    [
        ("存在的问题及原因分析", "problems"),
        ("主要经验及做法、存在的问题及原因分析", "problems"),
        ("下一步改进措施", "measures"),
        ("有关建议", "measures"),
        ("绩效自评结果拟应用和公开情况", "application"),
        ("政府性基金预算支出情况", "fund_gov"),
        ("一般公共预算支出情况", "budget"),
        ("部门（单位）整体支出管理及使用情况", "budget"),
        ("部门整体支出绩效情况", "performance"),
        ("绩效目标完成情况", "performance"),
        ("偏差及原因", "deviation"),
        ("部门(单位)基本概况", "basic_info"),
        ("其他需要说明的情况", "other"),
        ("评价结论及建议", "conclusion"),
    ],
)
def test_heading_keyword_fallback(heading, role):
    assert role_of(heading) == role


def test_seed_keeps_its_ten_parts_and_gets_roles(seed_report):
    assert seed_report.template == "hunan_ten" and seed_report.kind == "report"
    assert [s.role for s in seed_report.sections] == [
        "basic_info", "budget", "fund_gov", "fund_soe", "fund_social", "performance", "problems", "measures",
        "application", "other",
    ]
    assert seed_report.by_role("problems").label == "七"
    assert "一…十" not in seed_report.kind_reason and "一至十" in seed_report.kind_reason


def test_by_role_falls_back_to_ten_labels_for_sections_built_without_role():
    r = Report(sections=[Section(label="七", heading="存在的问题及原因分析")])
    assert r.by_role("problems") is r.sections[0]
    assert r.by_role("measures") is None


def test_other_labels_are_valid_locations_and_round_trip():
    r = Report(sections=[Section(label="（三）", heading="存在问题", role="problems")])
    assert Report.model_validate_json(r.model_dump_json()) == r


def test_template_needs_its_minimum_of_matching_headings():
    four = [Section(label=lab, heading=h) for lab, h in
            (("一", "基本情况"), ("二", "绩效目标完成情况"), ("三", "存在问题"), ("四", "改进措施"))]
    tmpl, n = match_template(four)
    assert tmpl is not None and tmpl.name == "four_part" and n == 4
    assert match_template(four[:2])[0] is None


# ---------------------------------------------------------------- a 4-part report with planted defects


def test_four_part_report_defects_found_and_no_false_missing_part():
    r = parse_bytes((FIX / "four_part_report.txt").read_bytes(), "four_part_report.txt")
    assert r.kind == "report" and r.template == "four_part" and "四部分" in r.kind_reason
    assert [(s.label, s.role) for s in r.sections] == [
        ("一", "basic_info"), ("二", "performance"), ("三", "problems"), ("四", "measures")]
    found = rules_of(r)
    # wrong sum: 基本支出480.30 ≠ 400.10+70.20+9.00, read from 一 (the part playing the budget role)
    assert "480.30" in found["ARI001"][0].message and found["ARI001"][0].location.section == "一"
    # "不存在问题" under 三, reported under the document's own label
    assert found["PRB001"][0].location.section == "三" and "第三部分" in found["PRB001"][0].message
    assert "已完成" in found["IND001"][0].message
    assert any("110" in f.message for f in found["SCO003"])
    assert found["PRV001"][0].location.section == "一"
    assert "CMP001" not in found and "CMP002" not in found
    assert not any(f.location.section in ("七", "八") for fs in found.values() for f in fs)
    assert "CMP008" not in found  # a complete document is not cut


def test_four_part_report_missing_a_part_is_still_an_error():
    text = (FIX / "four_part_report.txt").read_text(encoding="utf-8")
    head, tail = text.split("四、改进措施")
    tail = tail[tail.index("附件2"):]
    found = rules_of(parse_text(head + tail))
    msgs = [(f.severity, f.message) for f in found.get("CMP001", [])]
    assert ("error", "正文缺少“改进措施”部分") in msgs


# ---------------------------------------------------------------- a 项目支出 自评报告 with planted defects


def test_project_report_defects_found_and_no_false_missing_part():
    r = parse_bytes((FIX / "project_report_five.txt").read_bytes(), "project_report_five.txt")
    assert r.kind == "combined" and r.template == "project_five"
    assert "项目支出绩效自评报告" in r.kind_reason and "自评表1张" in r.kind_reason
    found = rules_of(r)
    assert "48.00" in found["ARI002"][0].message  # 项目支出50.00 ≠ 30.00+18.00
    assert found["PRB001"][0].location.section == "四" and "暂无问题" in found["PRB001"][0].message
    assert "已完成" in found["IND001"][0].message
    assert any("110" in f.message for f in found["SCO003"])
    assert "138****1111" in found["PRV001"][0].message
    assert "CMP001" not in found and "CMP002" not in found


def test_project_report_without_form_is_a_project_report():
    text = (FIX / "project_report_five.txt").read_text(encoding="utf-8").split("附件")[0]
    r = parse_text(text)
    assert r.kind == "project_report"
    assert "PRB001" in rules_of(r)


# ---------------------------------------------------------------- cut documents


def _cut_seed() -> str:
    text = (FIX / "seed_000.txt").read_text(encoding="utf-8")
    start = text.index("六、")
    para_end = text.index("。", start + 200)
    return text[: para_end - 6]  # stops mid-sentence inside 六


def test_cut_copy_of_a_long_report_is_said_once_and_nothing_after_is_missing():
    cut = _cut_seed()
    r = parse_text(cut, "seed_cut.txt")
    assert r.cut and cut.rstrip().endswith(r.cut[-5:])
    found = rules_of(r)
    assert len(found["CMP008"]) == 1
    f = found["CMP008"][0]
    assert f.severity == "info" and r.cut in f.message
    assert "CMP001" not in found and "CMP002" not in found


def test_complete_documents_are_not_cut(seed_report):
    assert seed_report.cut == ""
    for name in ("clean_a.txt", "clean_b.txt", "project_only_b.txt", "four_part_report.txt"):
        assert parse_bytes((FIX / name).read_bytes(), name).cut == "", name


def test_missing_part_errors_remain_for_complete_documents():
    text = (FIX / "seed_000.txt").read_text(encoding="utf-8")
    start, end = text.index("七、存在的问题"), text.index("八、")
    found = rules_of(parse_text(text[:start] + text[end:]))
    assert any(f.severity == "error" and "第七部分" in f.message for f in found["CMP001"])


@pytest.mark.parametrize(
    "ending",
    ["项目支出包括委员活动经费36.3万元，调研协商", "（1）项目实施的社会效", "二、部门（单位"],
)
def test_cut_endings(ending):
    text = (FIX / "four_part_report.txt").read_text(encoding="utf-8").split("三、存在问题")[0] + ending
    r = parse_text(text)
    assert r.cut
    found = rules_of(r)
    assert len(found["CMP008"]) == 1 and "CMP001" not in found


# ---------------------------------------------------------------- kinds and refusals


def test_final_accounts_disclosure_is_refused_with_the_true_reason():
    text = ("目 录\n第一部分 某某局概况\n一、单位主要职责\n二、机构设置情况\n第二部分 2022年度部门决算表\n"
            "一、收入支出决算总表\n二、收入决算表\n三、支出决算表\n第三部分 2022年度部门决算情况说明\n"
            "一、收入支出决算总体情况说明\n2022年度收入总计1200.50万元。\n")
    with pytest.raises(NotAReport, match="决算") as exc:
        parse_text(text)
    assert "识别到" in str(exc.value) and "\n" not in str(exc.value)


def test_notice_is_refused_with_the_true_reason():
    text = ("某某市财政局关于印发项目支出\n绩效评价管理办法的通知\n市直各单位:\n"
            "为提高财政资金使用效益，我们制定了《项目支出绩效评价管理办法》，现予印发，请遵照执行。\n")
    with pytest.raises(NotAReport, match="通知"):
        parse_text(text)


def test_title_only_prose_report_is_reviewed_not_refused():
    text = ("某县2023年度中央水利发展资金\n绩效自评报告\n"
            + "县财政局下达2023年中央水利发展资金2263万元，用于灌区续建配套和小型水库维修养护，"
              "全年完成渠道衬砌12.5公里。" * 4 + "\n")
    r = parse_text(text)
    assert r.kind == "project_report" and "按标题识别" in r.kind_reason


def test_leading_attachment_line_above_a_report_title():
    body = (FIX / "four_part_report.txt").read_text(encoding="utf-8")
    r = parse_text("附件3\n" + body)
    assert r.template == "four_part" and [s.label for s in r.sections] == ["一", "二", "三", "四"]


def test_cli_refusal_is_one_line_exit_2(tmp_path):
    from click.testing import CliRunner

    from assistant.cli import cli

    p = tmp_path / "notice.txt"
    p.write_text("关于开展2023年度绩效自评工作的通知\n各有关单位：\n请于3月底前报送自评报告。\n", encoding="utf-8")
    res = CliRunner().invoke(cli, ["review", str(p), "--format", "json"])
    assert res.exit_code == 2
    assert "通知" in res.stderr and len(res.stderr.strip().splitlines()) == 1


# ---------------------------------------------------------------- real-world text


def test_traditional_characters_are_read_as_simplified():
    from opencc import OpenCC

    simplified = (FIX / "four_part_report.txt").read_text(encoding="utf-8")
    traditional = OpenCC("s2t").convert(simplified)
    assert traditional != simplified
    r1, r2 = parse_text(simplified), parse_text(traditional)
    assert r2.template == "four_part" and [s.heading for s in r2.sections] == [s.heading for s in r1.sections]
    assert set(rules_of(r2)) == set(rules_of(r1))


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("部門整體支出績效自評報告", "部门整体支出绩效自评报告"),
        ("項(xiàng)目支出績(jī)效", "项目支出绩效"),
        ("疑似预防接种异常反应(aefi)监测", "疑似预防接种异常反应(aefi)监测"),
        ("支出 2 321.75 万元", "支出 2321.75 万元"),
        ("执行率98. 76%", "执行率98.76%"),
        ("１２３．４５万元", "123.45万元"),
        ("1、部门预算项目 口 2、省对下转移支付项目 ☑", "1、部门预算项目 □ 2、省对下转移支付项目 √"),
        ("人口出口 口径", "人口出口 口径"),
    ],
)
def test_normalisation(raw, clean):
    assert clean_line(raw) == clean


# ---------------------------------------------------------------- the real-material set


def _real_docs():
    truth = REAL / "expected.toml"
    if not truth.exists():
        return []
    return tomllib.loads(truth.read_text(encoding="utf-8"))["doc"]


REAL_DOCS = _real_docs()


@pytest.mark.skipif(not REAL_DOCS, reason="tests/fixtures/real/ (the real-material set) is not in this checkout")
@pytest.mark.parametrize("doc", REAL_DOCS, ids=lambda d: d["file"][:12])
def test_real_documents_no_false_refusal_no_missing_part_on_cut_pages(doc):
    lines = (REAL / doc["file"]).read_text(encoding="utf-8").splitlines()
    text = "\n".join(lines[2:])  # the 来源/抓取 header lines
    if doc["kind"] == "not_self_eval":
        with pytest.raises(NotAReport):
            parse_text(text, doc["file"])
        return
    r = parse_text(text, doc["file"])
    found = rules_of(r)
    if doc.get("cut"):
        assert r.cut, "a cut page must be said as cut"
        assert len(found.get("CMP008", [])) == 1
        # a part the truth file records as truly missing (the body ends before an 附件 the page then cuts)
        # may be reported; nothing else is missing on a cut page
        missing = [d for d in doc.get("defect", []) if "completeness" in d["category"]]
        wrong = [f for f in found.get("CMP001", []) + found.get("CMP002", []) if f.severity == "error"
                 and not any(any(k in f.message for k in d.get("any_keys", [])) for d in missing)]
        assert not wrong


SICHUAN_DEPT = """某县扶贫开发局2020年度部门整体支出绩效自评报告
一、部门基本情况
（一）机构职能。本局内设办公室、项目股2个股室，核定编制12人，实有11人。
二、部门资金收支情况
2020年部门收入2272.00万元，支出2272.00万元，其中基本支出609.22万元、项目支出1662.78万元。
三、部门整体预算绩效管理情况
全年完成移民后扶项目18个，受益人口1.2万人，项目验收合格率100%，群众满意度调查（样本300户）满意率96%。
四、评价结论及建议
（一）评价结论。根据部门整体支出绩效评价指标体系，本局自评得分95分。
（二）存在问题。经自评，本局不存在问题。
（三）改进建议。一是按《四川省预算绩效管理办法》组织指标设置培训，2021年6月前完成；二是修订内控制度，实行项目审批与资金支付岗位分离。
"""

HUNAN_2018 = """岳阳市2018年度部门整体支出绩效评价自评报告
一、部门（单位）基本概况
本中心核定编制21人，实有21人，负责全市数字化城市管理监督、指挥、调度和协调工作。
二、部门（单位）整体支出管理及使用情况
2018年支出合计512.30万元，其中基本支出402.10万元、项目支出110.20万元，资金使用符合财务管理制度。
三、部门（单位）整体支出绩效情况
全年受理城市管理案件12650件，结案率96.5%，较上年提高1.2个百分点。
四、存在的主要问题及原因分析
部分案件处置超时，原因是个别责任单位响应慢、考核约束不足；信息采集外包服务的质量考核不够细。
五、改进措施及有关建议
针对处置超时问题，修订《数字城管案件考核办法》，把超时率纳入责任单位年度考核；细化外包采集质量考核标准，按月通报。
六、部门整体支出绩效评价结果应用建议
自评结果作为下年度预算安排的参考，并在市城管局门户网站公开。
"""


@pytest.mark.parametrize(
    ("text", "template", "problems_label"),
    [(SICHUAN_DEPT, "sichuan_dept", "（二）"), (HUNAN_2018, "hunan_dept_2018", "四")],
)
def test_other_provincial_templates(text, template, problems_label):
    r = parse_text(text)
    assert r.kind == "report" and r.template == template
    assert r.by_role("problems").label == problems_label
    found = rules_of(r)
    assert not [f for f in found.get("CMP001", []) + found.get("CMP002", []) if f.severity == "error"]
    if template == "sichuan_dept":  # "不存在问题" under a sub-heading of 四、评价结论及建议
        assert found["PRB001"][0].location.section == "（二）"
        assert "“（二）存在问题”部分" in found["PRB001"][0].message


@pytest.mark.parametrize(
    "ending",
    ["附件：1.部门整体支出绩效评价基础数据表 2.部门整体支出绩效自评表", "某某县档案馆 2024年3月15日", "特此报告"],
)
def test_complete_endings_are_not_cut(ending):
    text = (FIX / "four_part_report.txt").read_text(encoding="utf-8").split("附件2")[0] + ending + "\n"
    r = parse_text(text)
    assert r.cut == ""
    assert "CMP008" not in rules_of(r)


_KIND_OK = {
    "dept_report": {"report", "combined"},
    "dept_table": {"report"},
    "project_report": {"project_report", "combined"},
    "project_table": {"project_table"},
    "combined": {"combined"},
}


@pytest.mark.skipif(not REAL_DOCS, reason="tests/fixtures/real/ (the real-material set) is not in this checkout")
def test_real_document_kinds_mostly_right():
    right = 0
    docs = [d for d in REAL_DOCS if d["kind"] != "not_self_eval"]
    for doc in docs:
        text = "\n".join((REAL / doc["file"]).read_text(encoding="utf-8").splitlines()[2:])
        r = parse_text(text, doc["file"])
        right += r.kind in _KIND_OK[doc["kind"]]
        assert r.kind_reason, doc["file"]
    assert right / len(docs) >= 0.85, f"{right}/{len(docs)} kinds right"


# ---------------------------------------------------------------- kinds seen on the second real batch


def test_final_accounts_whose_contents_list_a_self_evaluation_chapter_are_refused():
    text = ("某县公安局2019年决算公开报告\n决算公开目录\n一、基本情况\n二、收入支出预算执行情况分析\n"
            "三、“三公”经费支出情况\n四、机关运行经费支出说明\n五、政府采购说明\n六、名词解释\n"
            "七、整体支出绩效自评报告\n八、决算公开表(含汇总表)\n一、基本情况\n执法勤务机构10个，内设股级机构23个。\n")
    with pytest.raises(NotAReport, match="决算"):
        parse_text(text)


def test_notice_that_names_the_forms_it_asks_for_is_refused():
    text = ("各有关单位:\n根据省教育厅通知要求，现将项目支出绩效自评材料上报工作相关事宜通知如下:\n一、自评项目范围\n"
            "省级各类项目。\n二、项目自评内容\n各项目负责人认真填写《项目支出绩效自评表》，并撰写《项目绩效自评报告》。\n"
            "三、其他要求\n请于5月13日前报学校科技处。\n")
    with pytest.raises(NotAReport, match="通知"):
        parse_text(text)


def test_performance_target_form_is_refused_but_a_target_self_evaluation_form_is_not():
    grid = ("一级指标 二级指标 三级指标 指标值 备注\n产出指标 数量指标 新建道路 12公里\n"
            "效益指标 社会效益指标 受益人口 5000人\n满意度指标 服务对象满意度 群众满意度 ≥90%\n")
    with pytest.raises(NotAReport, match="绩效目标表"):
        parse_text("项目绩效目标表(2021年度)\n填报单位：某镇人民政府\n项目名称 镇域基础设施建设\n" + grid)
    r = parse_text("绩效目标自评表\n项目名称 镇域基础设施建设\n"
                   + grid.replace("指标值 备注", "年度指标值 实际完成值 分值 得分"))
    assert r.kind == "project_table"


@pytest.mark.parametrize("ending", ["公益岗位补助,用于开发农村", "已完成拨付,资金到"])
def test_short_clause_broken_last_line_is_a_cut(ending):
    text = (FIX / "four_part_report.txt").read_text(encoding="utf-8").split("三、存在问题")[0] + ending
    r = parse_text(text)
    assert r.cut and len(rules_of(r)["CMP008"]) == 1 and "CMP001" not in rules_of(r)


def test_page_stopping_at_a_bare_attachment_label_cuts_the_attachment_not_the_body():
    text = ("关于2019年度通组道路工程绩效评价报告\n一、项目基本情况\n项目总投资19万元，道路硬化0.565公里。\n"
            "二、绩效评价情况\n按照资金使用、产出、效益、满意度四类指标进行评价。\n"
            "三、评价结论和绩效分析\n项目按计划完成，改善了村民出行条件。\n附件2\n")
    r = parse_text(text)
    assert r.cut  # the attachment is cut …
    found = rules_of(r)
    assert len(found["CMP008"]) == 1
    # … but the body is whole: its missing 存在问题 / 改进措施 parts are reported
    assert {f.message for f in found["CMP001"]} >= {"正文缺少“存在的问题及原因”部分", "正文缺少“改进措施”部分"}


def test_fund_row_that_lost_a_blank_cell_is_read_from_the_right():
    text = ("2022年度项目支出绩效自评表 | 部门:某中学 |\n"
            "| 项目名称 | 义务教育营养改善计划专项资金 | 主管部门 | 某县教育体育局 | 实施单位 | 某中学 |\n"
            "| 年初预算数 | 全年预算数 | 全年执行数 | 分值 | 执行率 | 得分 | 年度资金总额 |\n"
            "| 387664.62 | 387664.62 | 10 | 100% | 10 | 其中:当年财政 拨款 |\n"
            "| 387664.62 | 387664.62 | — |\n"
            "| — | 其他资金 | — | — | — | — |\n"
            "| 年度总体目标 | 预期目标 | 实际完成情况 | 改善学生体质 | 改善学生体质 |\n")
    r = parse_text(text)
    total = r.projects[0].funds[0]
    assert total.initial_budget is None
    assert (total.budget.value, total.executed.value, total.weight.value, total.rate.value, total.score.value) == (
        Decimal("387664.62"), Decimal("387664.62"), Decimal("10"), Decimal("100"), Decimal("10"))
    assert "ARI003" not in rules_of(r) and "SCO002" not in rules_of(r)


def test_a_regulation_listing_the_indicator_levels_is_not_read_as_a_form_tail():
    text = ("第十条 绩效评价指标分为产出指标、效益指标和满意度指标。产出指标包括数量指标、质量指标、时效指标、成本指标；"
            "效益指标包括经济效益指标、社会效益指标、生态效益指标、可持续影响指标。各指标的分值由评价机构确定，"
            "评价结论应说明得分情况。第十一条 单位应于每年3月底前报送自评结果。" * 2)
    with pytest.raises(NotAReport):
        parse_text(text)


# ---------------------------------------------------------------- a page stopping two characters into a line

_SHORT_REPORT = (
    "某州人民医院基本公共卫生服务项目州级补助资金2023年度绩效自评报告\n"
    "一、绩效目标完成情况分析\n"
    "(一)资金投入情况分析。\n"
    "州级补助资金2.00万元已全部到位,截至2023年12月31日已使用2.00万元,资金执行率100%。\n"
    "(二)绩效指标完成情况分析。\n"
    "1.产出指标完成情况分析。全年开展工作督导4次,开展绩效考核4次。\n"
    "2.满意度指标完成情况分析\n"
    "服务对象满意度92%。\n"
)


def test_short_fragment_after_a_full_sentence_is_a_cut():
    r = parse_text(_SHORT_REPORT + "宜传\n")  # "宣传……" cut after two characters (and mistyped by the page)
    assert r.cut and r.cut.endswith("宜传")
    found = rules_of(r)
    assert len(found["CMP008"]) == 1
    assert [f for f in found.get("CMP001", []) if f.severity == "error"] == []


@pytest.mark.parametrize("ending", ["某州人民医院", "某县城关镇", "某街道办事处", "特此报告", "此致", "敬礼", "（完）"])
def test_short_signature_or_closing_line_is_not_a_fragment(ending):
    r = parse_text(_SHORT_REPORT + ending + "\n")
    assert r.cut == ""
    assert "CMP008" not in rules_of(r)
