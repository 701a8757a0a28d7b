"""Reader fixes found on the third batch of real documents (tests/fixtures/real 60–74), each on a small
document of its own: a report published as "附件2-1" of a notice, staffing written cell by cell, a 决算 whose
table of contents names the self-evaluation forms, a 项目自评结果, third-party evaluation reports, a form
cut inside its 年度总体目标 cell."""

from __future__ import annotations

from decimal import Decimal

import pytest

from assistant.errors import NotAReport
from assistant.report import parse_bytes
from assistant.report.model import Report
from assistant.report.parse import third_party_evaluator
from assistant.review import review


def parse_text(text: str, name: str = "doc.txt") -> Report:
    return parse_bytes(text.encode("utf-8"), name)


def rules_of(report: Report) -> dict[str, list]:
    out: dict[str, list] = {}
    for f in review(report).findings:
        out.setdefault(f.rule, []).append(f)
    return out


COVER = """政府信息公开
某县卫生健康局2021年整体绩效评价自评
来源: 某县卫生健康局 发布时间: 2022-04-24
附件2-1
某县2021年度部门(单位)整体支出
绩效评价自评报告
部门(单位)名称  某县卫生健康局
评价方式:部门(单位)绩效自评
一、部门(单位)基本概况
联系人
张三
人员编制
55
实有人数
96
职能职责概述
负责全县卫生健康工作,统筹规划全县卫生健康服务资源配置,组织实施疾病预防控制规划。
"""


def test_report_published_as_attachment_of_a_notice_is_the_document_not_an_attachment():
    r = parse_text(COVER)
    assert r.attachments == []
    assert r.title == "某县2021年度部门(单位)整体支出绩效评价自评报告"  # the title broken over two lines
    assert [s.label for s in r.sections] == ["一"]
    assert r.kind == "report" and r.year == 2021


def test_staffing_written_label_cell_then_value_cell():
    r = parse_text(COVER)
    st = r.staffing()
    assert (st.authorized.value, st.actual.value) == (55, 96)
    found = rules_of(r)
    assert "96" in found["BUD005"][0].message and "55" in found["BUD005"][0].message


def test_staffing_label_cells_need_a_bare_number_after_them():
    r = parse_text(COVER.replace("55\n", "见附表\n").replace("96\n", "若干\n"))
    assert r.staffing().authorized is None and r.staffing().actual is None


FORM = """2023年某乡人民政府决算编制说明

某乡人民政府2023年部门决算公开

附件一

2023年度部门整体支出绩效评价基础数据表

财政供养人员情况(人

编制数

2023 年实际在职人数

控制率

46

50

108.70%

经费控制情况(万元

附件二

2023年度部门整体支出绩效自评表

预算部门、单位名称

某乡人民政府

年度预算申请

(万元

年初预算数

全年预算数

全年执行数

分值

执行率

自评得分

年度资金总额

861.10

2030.12

2030.12

10

100%

10

按收入性质分:2030.12

按支出性质分:1925.67

其中: 一般公共预算:1325.68

其中:基本支出:900.47

政府性基金拨款:118.82

项目支出:1025.20

其他资金:585.62

年度总体目标

预期目标

实际完成情况

搞好政府各职能部门完成的工作任务监督,服务市场主体和营造发展
"""


def test_staffing_header_cells_then_value_cells_in_a_flattened_basic_data_block():
    r = parse_text(FORM)
    st = r.staffing()
    assert (st.authorized.value, st.actual.value, st.control_rate.value) == (46, 50, Decimal("108.70"))
    assert "BUD005" in rules_of(r)


def test_department_form_inside_a_final_accounts_page_is_reviewed_and_named_as_such():
    r = parse_text(FORM)
    assert r.kind == "report" and r.self_eval is not None
    found = rules_of(r)
    msg = found["ARI007"][0].message
    assert msg.startswith("整体支出绩效自评表") and "1925.67" in msg and "2030.12" in msg


def test_form_cut_inside_the_goal_cell_is_cut_and_the_goal_is_not_called_blank():
    r = parse_text(FORM)
    assert r.cut.endswith("服务市场主体和营造发展")
    found = rules_of(r)
    assert "CMP008" in found and "CMP003" not in found
    # the same form ending on a complete goal row and a 总分 row is not cut, and a blank 实际完成情况 is reported
    done = FORM.replace("搞好政府各职能部门完成的工作任务监督,服务市场主体和营造发展\n",
                        "搞好政府各职能部门完成的工作任务监督。\n\n\n\n总分\n\n100\n\n95\n")
    r2 = parse_text(done)
    assert not r2.cut


TOC_ACCOUNTS = """監督索引號53092400800401000
某縣某鄉人民政府2023年度部門決算
目錄
第一部分 部門概況
一、主要職能
二、部門基本情況
第二部分 2023年度部門決算表
一、收入支出決算表
二、收入決算表
三、支出決算表
四、財政撥款收入支出決算總表
十三、2023年度部門整體支出績效自評情況
十四、2023年度部門整體支出績效自評表
十五、2023年度項目支出績效自評表
第三部分 2023年度部門決算情況說明
一、收入決算情況說明
二、支出決算情況說明
第一部分 部門概況
一、主要職能
1.貫徹落實好黨和國家在農村的各項方針政策。
"""


def test_final_accounts_whose_contents_name_the_self_evaluation_forms_are_refused():
    with pytest.raises(NotAReport, match="决算"):
        parse_text(TOC_ACCOUNTS)


def test_final_accounts_named_in_the_title_are_refused_as_final_accounts():
    text = ("杭州市某街道办事处2021年度部门决算公开\n发布日期:2022-10-12\n一、部门基本情况\n(一)部门职责\n"
            "1.贯彻落实有关街道基层工作的方针政策和决策部署。\n2.加强党的建设,落实基层党建工作责任制。\n")
    with pytest.raises(NotAReport, match="决算"):
        parse_text(text)


def test_project_self_evaluation_result_is_a_project_report():
    text = ("2022年度校园维修改造与设备购置项目自评结果\n一、自评结论\n(一)自评得分99分\n"
            "(三)存在的问题和原因\n本年度存在的主要问题是项目经费执行进度不均衡,主要集中在下半年执行。\n"
            "(四)下一步拟改进措施\n无\n二、佐证材料\n项目于2022年12月完成验收。\n")
    r = parse_text(text)
    assert r.kind == "project_report"
    assert "MEA002" in rules_of(r)


THIRD = ("某县人居环境指挥部乡村振兴项目资金\n绩效评价报告\n某会湘报字(2022)第0001号\n"
         "根据县财政局《关于开展2021年度乡村振兴项目资金重点绩效评价工作的通知》要求,受某县财政局委托,"
         "我所成立绩效评价工作组对某县人居环境指挥部乡村振兴项目实施绩效评价。现评价工作已完成,报告如下:\n"
         "一、基本情况\n(一)项目实施单位基本情况\n2018年3月成立城乡环境整治指挥部。\n")


def test_third_party_evaluation_is_said_to_be_one_and_still_reviewed():
    r = parse_text(THIRD)
    assert "第三方" in r.kind_reason and "不是单位自评" in r.kind_reason
    found = rules_of(r)
    assert found["CMP040"][0].severity == "info" and "受某县财政局委托" in found["CMP040"][0].message


@pytest.mark.parametrize("text, who", [
    (THIRD, "受某县财政局委托,我所成立"),
    ("《某某联合会计师事务所绩效评价报告.docx》由会员分享。(二)评价方法及评价结论……", "某某联合会计师事务所"),
    # a self-evaluation that hired a firm for a survey, or was asked by the county to report, is not one
    ("某局2023年度部门整体支出绩效自评报告\n一、基本情况\n我局委托第三方机构开展满意度调查。", ""),
    ("某局2023年度项目支出绩效自评报告\n受县政府委托,我局负责全县农村公路养护。", ""),
])
def test_third_party_evaluator(text, who):
    assert third_party_evaluator(text) == who


def test_self_evaluation_has_no_third_party_notice(seed_report):
    assert "第三方" not in seed_report.kind_reason
    assert "CMP040" not in rules_of(seed_report)


def test_headingless_evaluation_naming_a_project_after_a_site_banner_is_a_project_report():
    banner = ("《某某联合会计师事务所绩效评价报告.docx》由会员分享,可在线阅读,更多相关《某某联合会计师事务所绩效评价报告"
              ".docx(5页珍藏版)》请在某某文库上搜索。")
    body = ("1、(二)评价方法及评价结论本次财政支出绩效评价工作组成员到某区服务中心进行了现场座谈,听取了相关人员关于"
            "2020年度“市场化运作费项目”的整体实施管理情况、产生的效果等情况汇报,对项目绩效进行综合评价。"
            "由财务专业小组对项目的相关管理制度及执行情况、立项批复情况、资金来源情况、拨付情况、使用审批进行评价,"
            "设定项目支出绩效评价指标体系进行评分,评价项目实施效果,在评价过程中发现问题,查找原因,并提出意见和建议。")
    r = parse_text(banner + "\n" + body + "\n")
    assert r.kind == "project_report"
    # a department's report says 整体支出 and stays a department report
    r2 = parse_text(banner + "\n" + body.replace("“市场化运作费项目”的整体实施", "部门整体支出的实施") + "\n")
    assert r2.kind == "report"


PIECE = ("建设项目绩效自评报告\n\n建设项目绩效自评报告{count}\n\n  建设项目绩效自评报告1\n\n  一、县级批复资金情况\n\n"
         "  我局承担某县2021年度道路建设项目实施任务,一批项目县级批复总投资3374.3万元,二批项目县级批复总投资"
         "2069.51万元,三批项目县级批复投资778.59万元,合计批复总投资6222.4万元。\n\n  二、项目安排情况\n\n"
         "  一批项目涉及八个乡镇49个村,主要建设内容为建设道路311520平方米,小桥2座,道路配套1处等。\n")


def test_one_sample_report_of_a_compilation_page_is_read_as_cut():
    r = parse_text(PIECE.format(count="(通用9篇)"))
    assert r.kind == "project_report" and r.cut
    found = rules_of(r)
    assert "CMP008" in found and not any(f.severity == "error" for f in found.get("CMP001", []))


@pytest.mark.parametrize("count", ["", "(1篇)"])
def test_a_report_that_announces_no_compilation_is_judged_on_its_own(count):
    r = parse_text(PIECE.format(count=count))
    assert not r.cut
    assert any(f.severity == "error" for f in rules_of(r)["CMP001"])  # 问题/措施 parts really are missing
