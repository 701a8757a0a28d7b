"""Report texts and fixture lists shared by the export tests."""

from __future__ import annotations

from pathlib import Path

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"

# A clean report of another unit and year, in the Word text-export shape, built here so these tests
# do not depend on other fixtures. It has a vertically merged indicator table (一级/二级 columns),
# a horizontally merged fund block and a table between two paragraphs of an attachment.
# Empty cells are written {EMPTY} here (a line holding only a tab) and replaced below.
OWN_REPORT = """2021年度常德市图书馆整体支出绩效自评报告

　　一、基本情况
　　（一）部门（单位）基本情况
　　我馆内设办公室、采编部、借阅部3个部门，编制30人，实有在职人员28人。
　　（二）部门（单位）年度整体支出绩效目标
　　全年新增馆藏图书不少于2万册，读者满意度不低于90%。
　　二、一般公共预算支出情况
　　（一）基本支出情况
　　2021年度基本支出为300.00万元，其中：工资福利支出250.00万元，商品和服务支出40.00万元，对个人和家庭的补助支出10.00万元。
　　（二）项目支出情况
　　2021年度项目支出为120.50万元，其中：商品和服务支出120.50万元。
　　三、政府性基金预算支出情况
　　无。
　　四、国有资本经营预算支出情况
　　无。
　　五、社会保险基金预算支出情况
　　无。
　　六、部门整体支出绩效情况
　　全年新增馆藏图书2.3万册，发放问卷300份，回收有效问卷291份，读者满意度93.5%。
　　七、存在的问题及原因分析
　　数字资源采购预算执行偏慢，原因是采购合同于11月才签订。
　　八、下一步改进措施
　　针对执行偏慢的问题，2022年将采购计划提前至一季度完成。
　　九、绩效自评结果拟应用和公开情况
　　自评结果将在本馆网站公开，并作为下年预算安排依据。
　　十、其他需要说明的情况
　　无。

附件2
2021年度部门整体支出绩效自评表
	市级预算部门名称
	常德市图书馆

	年度预算申请（万元）
	{EMPTY}
	年初预算数
	全年预算数
	全年执行数
	分值
	执行率
	得分

	{EMPTY}
	年度资金总额
	410.00
	425.00
	420.50
	10
	98.94%
	9.89

	{EMPTY}
	按收入性质分：
	按支出性质分：

	{EMPTY}
	其中：一般公共预算：420.50
	其中：基本支出：300.00

	绩效指标
	一级指标
	二级指标
	三级指标
	年度指标值
	实际完成值
	分值
	得分

	{EMPTY}
	产出指标
（50分）
	数量指标
	新增馆藏图书
	≥2万册
	2.3万册
	30
	30

	{EMPTY}
	{EMPTY}
	{EMPTY}
	举办读者活动
	≥12场
	14场
	20
	20

	{EMPTY}
	满意度指标
（10分）
	服务对象满意度指标
	读者满意度
	≥90%
	93.5%
	10
	10


说明：本表金额单位为万元。
附件3
2021年度项目支出绩效自评表
	项目名称
	数字资源采购

	预算数
	120.50


填表人：李明 联系电话：13812345678
""".replace("{EMPTY}", "")


def clean_fixture_paths() -> list[Path]:
    """clean_*.txt / clean_*.docx added by the report fixtures (may be absent)."""
    return sorted(p for p in FIXTURES.glob("clean_*") if p.suffix in (".txt", ".docx"))
