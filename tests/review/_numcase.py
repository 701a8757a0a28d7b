"""Builder for small, internally consistent report texts used by the numeric rule tests
(arithmetic, consistency, score, budget).

``Case()`` is a clean 2023 report of a made-up unit; tests change one figure (or the wording, layout, heading
style, digit width, thousands separators, ％) and parse it with ``parse_bytes``. Every figure is a string as
it would be written in the document.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from assistant.report import parse_bytes

_FW = str.maketrans("0123456789%", "０１２３４５６７８９％")


def _indicators_default() -> list[list[str]]:
    # level1, level2, level3, 年度指标值, 实际完成值, 分值, 得分
    return [
        ["产出指标\n(50分)", "数量指标", "档案接收进馆数量", "≥12000卷", "12650卷", "20", "20"],
        ["", "质量指标", "档案数字化合格率", "≥98%", "99.2%", "15", "14"],
        ["", "时效指标", "年度接收任务完成时间", "2023年11月底前", "2023年11月20日", "10", "10"],
        ["", "成本指标", "公用经费控制", "公用经费控制在100万元以内", "公用经费98.25万元", "5", "5"],
        ["效益指标\n（30分）", "社会效益指标", "档案查阅利用人次", "≥8000人次", "8420人次", "20", "18"],
        ["", "可持续影响指标", "馆藏档案安全事故", "0起", "0起", "10", "10"],
        ["满意度\n指标\n（10分）", "服务对象满意度指标", "查档群众满意度", "≥90%", "93%（发放问卷300份）", "10", "9"],
    ]


@dataclass
class Case:
    year: int = 2023
    unit: str = "临川市档案馆"
    heading_sep: str = "、"  # 一、 / 一. / 一．
    sub_open: str = "（"  # （一） / (一)
    layout: str = "export"  # export: one tab-prefixed cell per line | tabs: one row per line
    fullwidth: bool = False
    thousands: bool = False
    pct_sign: str = "%"
    staffing_text: str = "核定编制35人，实有在职人员33人，退休人员12人。"
    basic_text: str = (
        "{y}年度基本支出为612.40万元，其中：工资福利支出480.15万元，商品和服务支出98.25万元，"
        "对个人和家庭的补助34.00万元。"
    )
    project_text: str = (
        "{y}年度项目支出为1250.60万元，其中：商品和服务支出700.60万元，资本性支出550.00万元。"
    )
    six_text: str = (
        "运行成本方面，全年基本支出612.40万元，公用经费98.25万元，较上年有所增加，主要是新馆搬迁后物业费增加；"
        "管理效率方面，修订内控制度5项；履职效能方面，接收档案12650卷；社会效应方面，提供查档服务8420人次；"
        "可持续发展能力方面，完成数字化副本异地备份；服务对象满意度方面，问卷调查满意度93%。"
    )
    seven_text: str = "一是部分项目支付进度偏慢，上半年执行率不足40%；二是绩效指标量化程度不够。原因是前期论证不充分。"
    ten_text: str = "无。"
    # 附件1
    att1_staff: tuple[str, str, str] = ("35", "33", "94.29%")
    money_cols: tuple[str, str, str] = ("{p}年决算数", "{y}年预算数", "{y}年决算数")
    sangong: dict[str, tuple[str, str, str]] = field(default_factory=lambda: {
        "三公经费": ("10.50", "12.00", "9.80"),
        "1、公务用车购置和维护经费": ("6.50", "7.00", "6.20"),
        "其中：公车购置": ("0", "0", "0"),
        "公车运行维护": ("6.50", "7.00", "6.20"),
        "2、出国经费": ("0", "0", "0"),
        "3、公务接待": ("4.00", "5.00", "3.60"),
    })
    project_rows: dict[str, tuple[str, str, str]] = field(default_factory=lambda: {
        "项目支出：": ("", "", ""),
        "1、业务工作经费": ("700.00", "", "750.60"),
        "2、运行维护经费": ("480.00", "", "500.00"),
    })
    public_funds: tuple[str, str, str] = ("90.10", "", "98.25")
    # 附件2
    funds: tuple[str, ...] = ("1800.00", "1900.00", "1863.00", "10", "98.05%", "9.81")
    income: tuple[tuple[str, str], ...] = (("一般公共预算", "1500.00"), ("政府性基金拨款", "0"),
                                           ("纳入专户管理的非税收入拨款", "363.00"))
    nature: tuple[tuple[str, str], ...] = (("基本支出", "612.40"), ("项目支出", "1250.60"))
    indicators: list[list[str]] = field(default_factory=_indicators_default)
    total: tuple[str, str] = ("100", "95.81")
    rubric: list[list[str]] | None = None  # rows after the header, incl. 合计
    project_table: list[list[str]] | None = None  # a full 附件3 table (rows of cells)

    def with_(self, **kw) -> "Case":
        return replace(self, **kw)

    # ------------------------------------------------------------ rendering
    def _num(self, s: str) -> str:
        if self.thousands:
            s = re.sub(r"(?<![\d.,])(\d{1,3})(\d{3})(\.\d+)(?![\d])", r"\1,\2\3", s)
        return s

    def _table(self, rows: list[list[str]]) -> str:
        out = []
        for row in rows:
            cells = [self._num(c) for c in row]
            if self.layout == "tabs" and len(cells) < 3:
                cells += [" "] * (3 - len(cells))
            if self.layout == "tabs":
                out.append("\t".join(c.replace("\n", "") or " " for c in cells))
            else:
                out.append("\n".join("\t" + c for c in cells) + "\n")
        return "\n".join(out) + "\n"

    def text(self) -> str:
        y, p = self.year, self.year - 1
        h = self.heading_sep
        o, c = (self.sub_open, "）" if self.sub_open == "（" else ")")
        body = [
            f"{y}年度{self.unit}整体支出绩效自评报告",
            "",
            f"一{h}基本情况",
            f"{o}一{c}部门（单位）基本情况",
            f"本馆主要负责全市档案的接收、保管和利用。{self.staffing_text}",
            f"{o}二{c}部门（单位）年度整体支出绩效目标",
            "全年接收档案不少于12000卷，查档服务不少于8000人次。",
            f"二{h}一般公共预算支出情况",
            f"{o}一{c}基本支出情况",
            self._num(self.basic_text.format(y=y)),
            f"{o}二{c}项目支出情况",
            self._num(self.project_text.format(y=y)),
            f"三{h}政府性基金预算支出情况",
            "本单位无政府性基金预算。",
            f"四{h}国有资本经营预算支出情况",
            "无。",
            f"五{h}社会保险基金预算支出情况",
            "无。",
            f"六{h}部门整体支出绩效情况",
            self._num(self.six_text),
            f"七{h}存在的问题及原因分析",
            self.seven_text,
            f"八{h}下一步改进措施",
            "针对支付进度偏慢的问题，建立月度调度机制；针对指标量化不足，按财预〔2021〕101号修订指标。",
            f"九{h}绩效自评结果拟应用和公开情况",
            "自评结果将作为下年度预算安排的重要参考，并在单位门户网站公开。",
            f"十{h}其他需要说明的情况",
            self.ten_text,
            "",
            "附件1",
            f"{y}年度部门整体支出绩效评价基础数据表",
        ]
        cols = [col.format(y=y, p=p) for col in self.money_cols]
        att1 = [
            ["财政供养人员情况（人）", "编制数", f"{y}年实际在职人数", "控制率"],
            ["", *self.att1_staff],
            ["经费控制情况（万元）", *cols],
        ]
        att1 += [[k, *v] for k, v in self.sangong.items()]
        att1 += [[k, *v] for k, v in self.project_rows.items()]
        att1 += [["公用经费", *self.public_funds]]
        body.append(self._table(att1))
        body += ["", "附件2", f"{y}年度部门整体支出绩效自评表"]
        inc, nat = list(self.income), list(self.nature)
        n = max(len(inc), len(nat))
        pair_rows = []
        for i in range(n):
            left = f"{'其中：' if i == 0 else ''}{inc[i][0]}：{inc[i][1]}" if i < len(inc) else " "
            right = f"{'其中：' if i == 0 else ''}{nat[i][0]}：{nat[i][1]}" if i < len(nat) else " "
            pair_rows.append(["", left, right])
        att2 = [
            ["市级预算部门名称", self.unit],
            ["年度预算申请（万元）", " ", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"],
            ["", "年度资金总额", *self.funds],
            ["", "按收入性质分：", "按支出性质分："],
            *pair_rows,
            ["年度总体目标", "预期目标", "实际完成情况"],
            ["", "全年接收档案不少于12000卷", "接收档案12650卷"],
            ["绩效指标", "一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分",
             "偏差原因分析及改进措施"],
            *[["", *ind, " "] for ind in self.indicators],
            ["总分", *self.total],
        ]
        body.append(self._table(att2))
        if self.project_table is not None:
            body += ["", "附件3", f"{y}年度项目支出绩效自评表"]
            body.append(self._table(self.project_table))
        if self.rubric is not None:
            body += ["", "附件5", "部门整体支出绩效自评工作考核评分表"]
            body.append(self._table([["一级指标", "二级指标", "评分标准", "评分"], *self.rubric]))
        text = "\n".join(body).replace("%", self.pct_sign)
        if self.fullwidth:
            text = re.sub(r"[0-9%]+(?:\.[0-9]+)?%?", lambda m: m.group(0).translate(_FW), text)
        return text

    def report(self, name: str = "case.txt"):
        return parse_bytes(self.text().encode("utf-8"), name)


RUBRIC_CLEAN = [
    ["布置工作\n10分", "自评通知\n（8分）", "印发通知的得2分……", "8"],
    ["", "工作小组\n（2分）", "成立工作小组的得2分", "2"],
    ["实施评价\n30分", "单位自查\n（20分）", "开展自查……", "18"],
    ["", "提交报告\n（10分）", "按时报送的得10分", "10"],
    ["自评报告\n60分", "自评报告的完整性\n（15分）", "正文齐全得8分……", "15"],
    ["", "绩效自评表\n（15分）", "权重符合规程……", "13"],
    ["", "绩效评价报告反映问题情况\n（15分）", "问题详实全面……", "12"],
    ["", "针对问题提出可行性建议的情况\n（15分）", "可行性建议……", "12"],
    ["合计", "100分", " ", "90"],
]


def project_table(
    name: str = "馆藏档案数字化项目",
    funds: tuple[str, ...] = ("300.00", "320.00", "304.00", "10", "95%", "9.5"),
    indicators: list[list[str]] | None = None,
    total: tuple[str, str] = ("100", "95.5"),
) -> list[list[str]]:
    inds = indicators or [
        ["产出指标\n（50分）", "数量指标", "数字化档案页数", "≥60万页", "62万页", "30", "30"],
        ["", "质量指标", "图像合格率", "≥98%", "98.5%", "20", "20"],
        ["效益指标\n（30分）", "社会效益指标", "在线查档人次", "≥3000人次", "3200人次", "30", "27"],
        ["满意度指标（10分）", "服务对象满意度指标", "利用者满意度", "≥90%", "92%（问卷200份）", "10", "9"],
    ]
    return [
        ["项目名称", name],
        ["年度资金总额（万元）", " ", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"],
        ["", "年度资金总额", *funds],
        ["年度总体目标", "预期目标", "实际完成情况"],
        ["", "完成60万页档案数字化", "完成62万页"],
        ["绩效指标", "一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分", "偏差原因分析及改进措施"],
        *[["", *ind, " "] for ind in inds],
        ["总分", *total],
    ]


def rules_fired(findings) -> list[str]:
    return sorted({f.rule for f in findings})
