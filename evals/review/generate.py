"""Review-eval dataset generator: labelled defects injected into clean base reports at the text level.

Deterministic (fixed seed) and versioned: ``VERSION`` names the dataset file
``evals/datasets/<VERSION>.jsonl``. Each line is one case::

    {"id", "version", "base", "defect", "category", "rules": [..] | null, "sections": [..],
     "collateral": [..], "description", "patch": [[i1, i2, [new lines]], ...], "sha256"}

``patch`` rewrites base lines ``[i1:i2]`` (indices into the base text split on "\\n", applied in order),
so the committed file alone reproduces every mutated report; ``sha256`` is the mutated text's hash.
``rules`` lists acceptable rule ids (null = any rule of the category), ``sections`` the acceptable
``location.section`` values, ``collateral`` other categories a correct reviewer may legitimately raise
as a consequence of the same edit (they do not count as false positives).

Changing the defects or the bases means bumping ``VERSION`` (tests compare the committed file with a
fresh generation).

Run: ``python -m evals.review.generate`` (writes the jsonl and prints counts per category).
"""

from __future__ import annotations

import difflib
import hashlib
import json
import random
import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Callable

from evals.review.textedit import NotApplicable, Text, fmt_like, id_number, parse_num, scale, shift

VERSION = "review_v5"
SEED = 20240801
ROOT = Path(__file__).resolve().parents[2]
DATASETS = ROOT / "evals" / "datasets"
CATEGORIES = (
    "arithmetic", "consistency", "score", "indicator", "completeness", "boilerplate",
    "problems", "measures", "evidence", "privacy", "budget", "proofreading",
)


@dataclass(frozen=True)
class Base:
    key: str
    path: str  # relative to the repo root
    staff_text: str  # how 一 writes the 编制 count
    six_rate: str  # 执行率 as written in 六
    sat_prefix: str  # heading prefix on the 六 satisfaction line ("" = heading on its own line)
    sat_value: str
    ind_done: tuple[str, ...]  # achieved indicators (三级指标 names)
    ind_under: str  # the under-achieved indicator (has a deviation note)
    project_row: str  # 附件1 项目支出 row label
    phone: str  # office landline note in 附件1
    region: str  # 6-digit ID region code
    rubric: bool = False
    project: bool = False


BASES: dict[str, Base] = {
    "a": Base("a", "tests/fixtures/clean_a.txt", "共有编制45人", "预算执行率96.66%", "（六）服务对象满意度。", "96.3%",
              ("接收进馆档案数量", "档案数字化页数", "数字化成果验收合格率", "年度接待查档利用人次"),
              "档案宣传展览场次", "1、业务工作经费", "联系电话：0734-8221536", "430405"),
    "b": Base("b", "tests/fixtures/clean_b.txt", "核定编制68人", "预算执行率96.07％", "6.服务对象满意度：", "94.6％",
              ("农村饮水工程维修养护", "新建改造供水管网", "工程验收合格率", "受益农村人口"),
              "农村供水保证率", "1、业务工作经费", "联系电话：0737-4223107", "430903", rubric=True, project=True),
    "c": Base("c", "evals/datasets/base/clean_c.txt", "核定编制312人", "预算执行率96.34%", "", "93.8%",
              ("资助家庭经济困难学生人数", "校舍维修改造面积", "义务教育巩固率", "教师培训覆盖率"),
              "高中阶段毛入学率", "1、教育事业发展项目经费", "联系电话：0746-5222318", "431028", rubric=True, project=True),
}


@dataclass
class Defect:
    name: str
    category: str
    rules: tuple[str, ...] | None
    sections: tuple[str, ...]
    description: str
    apply: Callable[[Text, Base, str | None], None]
    collateral: tuple[str, ...] = ()
    bases: tuple[str, ...] = ("a", "b", "c")
    variants: tuple[str, ...] = ()  # wordings: each wording becomes one case on one base
    per_base: bool = False  # with variants: every wording on every base


# ====================================================================== helpers

def _funds(t: Text, col: int, fn) -> None:
    def edit(cells):
        cells[col] = fn(cells[col])
        return cells

    t.edit_row("附件2", lambda cs: "年度资金总额" in cs, edit)


def _kv_cell(t: Text, att: str, key: str, fn) -> None:
    """Edit the number after ``key：`` in the cell that contains it."""

    def edit(cells):
        for i, c in enumerate(cells):
            if key + "：" in c:
                head, _, num = c.rpartition("：")
                cells[i] = f"{head}：{fn(num)}"
                return cells
        raise NotApplicable(key)

    t.edit_row(att, lambda cs: any(key + "：" in c for c in cs), edit)


def _ind(t: Text, name: str, col: int, value: str, att: str = "附件2") -> str:
    old: list[str] = []

    def edit(cells):
        old.append(cells[col])
        cells[col] = value
        return cells

    t.edit_row(att, lambda cs: len(cs) >= 9 and cs[3] == name, edit)
    return old[0]


def _staff_row(cs: list[str]) -> bool:
    return len(cs) == 4 and cs[0] == "" and cs[3].rstrip("%％").replace(".", "").isdigit()


def _sangong(t: Text, label: str, col: int, fn) -> str:
    old: list[str] = []

    def edit(cells):
        old.append(cells[col])
        cells[col] = fn(cells[col])
        return cells

    t.edit_row("附件1", lambda cs: bool(cs) and cs[0].endswith(label), edit)
    return old[0]


# ====================================================================== arithmetic

def ari_basic_class(t, b, v):
    t.regex_in_section("二", r"(工资福利支出)([\d,，０-９]+\.\d+)", lambda m: m.group(1) + shift(m.group(2), "12.00"))


def ari_project_class(t, b, v):
    t.regex_in_section("二", r"(项目支出.*资本性支出)([\d,]+\.\d+)", lambda m: m.group(1) + shift(m.group(2), "-30.00"))


def ari_rate(t, b, v):
    _funds(t, 6, lambda s: shift(s, "2.1"))


def ari_rate_score(t, b, v):
    _funds(t, 7, lambda s: shift(s, "0.3"))


def ari_control_rate(t, b, v):
    t.edit_row("附件1", _staff_row, lambda cs: cs[:3] + [shift(cs[3], "-4.5")])


def ari_sangong_total(t, b, v):
    _sangong(t, "三公经费", 3, lambda s: shift(s, "1.50"))


def ari_income_sum(t, b, v):
    _kv_cell(t, "附件2", "其中：一般公共预算", lambda s: shift(s, "100.00"))


def ari_exec_total(t, b, v):
    _funds(t, 4, lambda s: shift(s, "-40.00"))


def ari_swap_budget_cols(t, b, v):
    def edit(cells):
        cells[2], cells[3] = cells[3], cells[2]
        return cells

    t.edit_row("附件2", lambda cs: "年度资金总额" in cs, edit)


# ====================================================================== consistency

def con_swap_nature(t, b, v):
    s, e, cells = t.find_row("附件2", lambda cs: any(c.startswith("其中：基本支出：") for c in cs))
    basic = next(c for c in cells if c.startswith("其中：基本支出：")).rpartition("：")[2]
    s2, e2, cells2 = t.find_row("附件2", lambda cs: any(c.startswith("项目支出：") for c in cs))
    proj = next(c for c in cells2 if c.startswith("项目支出：")).rpartition("：")[2]
    _kv_cell(t, "附件2", "其中：基本支出", lambda _s: proj)
    _kv_cell(t, "附件2", "项目支出", lambda _s: basic)


def con_text_basic_total(t, b, v):
    # 二 stays internally consistent (total and one class move together) but disagrees with 附件2
    t.regex_in_section("二", r"(基本支出[为]?)([\d,，０-９]+\.\d+)", lambda m: m.group(1) + shift(m.group(2), "20.00"))
    t.regex_in_section("二", r"(工资福利支出)([\d,，０-９]+\.\d+)", lambda m: m.group(1) + shift(m.group(2), "20.00"))


def con_gongyong(t, b, v):
    t.edit_row("附件1", lambda cs: bool(cs) and cs[0] == "公用经费", lambda cs: cs[:3] + [shift(cs[3], "6.00")] + cs[4:])


def con_project_basicdata(t, b, v):
    t.edit_row("附件1", lambda cs: bool(cs) and cs[0] == b.project_row, lambda cs: cs[:3] + [scale(cs[3], "0.8")] + cs[4:])


def con_staff_text(t, b, v):
    n = "".join(ch for ch in b.staff_text if ch.isdigit())
    t.sub_in_section("一", b.staff_text, b.staff_text.replace(n, str(int(n) + 5)))


def con_double_count(t, b, v):
    s, e, cells = t.find_row("附件2", lambda cs: any(c.startswith("项目支出：") for c in cs))
    proj = next(c for c in cells if c.startswith("项目支出：")).rpartition("：")[2]
    _kv_cell(t, "附件2", "纳入专户管理的非税收入拨款", lambda _s: proj)


def con_six_rate(t, b, v):
    rate = b.six_rate.replace("预算执行率", "")
    t.sub_in_section("六", b.six_rate, "预算执行率" + shift(rate, "2.5"))


def con_indicator_amount(t, b, v):
    # an indicator's 实际完成值 quotes a 公用经费 amount that contradicts 附件1 and 二 (80% of the real figure)
    s, e, cells = t.find_row("附件1", lambda cs: bool(cs) and cs[0] == "公用经费")
    amount = scale(cells[3], "0.8")
    _ind(t, b.ind_done[0], 5, _ind_value(t, b.ind_done[0], 5) + v.format(x=amount))


def _ind_value(t: Text, name: str, col: int, att: str = "附件2") -> str:
    return t.find_row(att, lambda cs: len(cs) >= 9 and cs[3] == name)[2][col]


# ====================================================================== score

def sco_over_max(t, b, v):
    _ind(t, b.ind_done[0], 7, "12" if b.key != "b" else "18")


def sco_block_weight(t, b, v):
    old = _ind(t, b.ind_done[1], 6, "")
    new = str(int(old) + 4)
    _ind(t, b.ind_done[1], 6, new)
    _ind(t, b.ind_done[1], 7, new)


def sco_total(t, b, v):
    t.edit_row("附件2", lambda cs: bool(cs) and cs[0] == "总分", lambda cs: cs[:2] + ["99.50"])


def sco_rate_score_over(t, b, v):
    def edit(cells):
        cells[7] = cells[6].rstrip("%％")  # wrote the rate as the score
        return cells

    t.edit_row("附件2", lambda cs: "年度资金总额" in cs, edit)


def sco_rubric_over(t, b, v):
    t.edit_row("附件5", lambda cs: len(cs) > 1 and cs[1].startswith("问题情况"), lambda cs: cs[:3] + ["18"])


def sco_rubric_sum(t, b, v):
    t.edit_row("附件5", lambda cs: bool(cs) and cs[0] == "合计", lambda cs: cs[:3] + ["59"])


def sco_project_over(t, b, v):
    s, e, cells = t.find_row("附件3", lambda cs: len(cs) >= 9 and cs[1].startswith("产出指标"))
    _ind(t, cells[3], 7, str(int(cells[6]) + 3), att="附件3")


# ====================================================================== indicator

def ind_not_value(t, b, v):
    idx = {"a": 0, "b": 1, "c": 2}[b.key]
    _ind(t, b.ind_done[(idx + len(v or "")) % 4], 5, v)


def ind_unquantified(t, b, v):
    idx = {"a": 1, "b": 2, "c": 3}[b.key]
    _ind(t, b.ind_done[(idx + len(v or "")) % 4], 4, v)


def ind_no_level3(t, b, v):
    _ind(t, b.ind_done[2], 3, "")


def ind_no_deviation_note(t, b, v):
    _ind(t, b.ind_under, 8, "")


def ind_placeholder_row(t, b, v):
    # a 0-分 "无××指标" row added under 效益指标 (weights and scores still sum)
    s, e, cells = t.find_row("附件2", lambda cs: len(cs) >= 9 and cs[3] == b.ind_done[-1])
    row = ["", "", v, f"无{v}", "无", "无", "0", "0", ""]
    t.lines[e:e] = [""] + ["\t" + c for c in row]


# ====================================================================== completeness

MISSING_SECTION = {"a": "九", "b": "三", "c": "十"}
MISSING_ATTACHMENT = {"a": "附件2", "b": "附件1", "c": "附件3"}


def cmp_missing_section(t, b, v):
    t.remove_section(MISSING_SECTION[b.key])


def cmp_missing_attachment(t, b, v):
    t.remove_attachment(MISSING_ATTACHMENT[b.key])


def cmp_blank_goal(t, b, v):
    rows = t.rows("附件2")
    i = next((i for i, r in enumerate(rows) if r[2] and r[2][0] == "年度总体目标"), None)
    if i is None or i + 1 >= len(rows):
        raise NotApplicable("年度总体目标 row")
    s, e, cells = rows[i + 1]
    t.lines[s:e] = ["\t" + c for c in [cells[0]] + [""] * (len(cells) - 1)]


def cmp_thin_section(t, b, v):
    t.set_section_body("九", ["按规定公开。"])


def cmp_placeholder(t, b, v):
    t.set_section_body("十", [v or "待补充。"])


# ====================================================================== boilerplate (in 六)

BOILERPLATE_6 = (
    "（请根据本单位实际情况，从运行成本、管理效率、履职效能、社会效应、可持续发展能力和服务对象满意度等方面进行分析。）",
    "此处填写部门整体支出绩效情况，字数控制在2000字以内。",
    "围绕部门职责、行业发展规划，以预算资金管理为主线，总结归纳部门整体支出的绩效情况。",
    "XX单位全年支出XX万元，预算执行率XX%，较上年提高XX个百分点。",
    "示例：运行成本方面，三公经费较上年下降××%，公用经费控制在预算以内。",
    "【填报说明：本部分需对照年度绩效目标逐项说明完成情况，正式报送前删除本说明。】",
    "注：以上内容请结合附件2自评表填写，定性指标须说明评判依据。",
    "（本部分应包括：1.运行成本；2.管理效率；3.履职效能；4.社会效应；5.可持续发展能力；6.服务对象满意度。）",
)


def boi_in_six(t, b, v):
    t.insert_para("六", v, at=0)


# ====================================================================== problems (七)

NO_PROBLEMS = (
    "不存在问题。",
    "经自查，未发现明显问题。",
    "无。",
    "各项任务均已完成，暂无问题。",
    "本年度整体支出绩效目标全部完成，不存在未完成原因分析。",
    "本单位各项工作进展顺利，没有发现问题。",
    "暂未发现需要说明的问题。",
    "本单位预算执行规范，绩效目标圆满完成，无明显问题。",
    "无存在的问题。",
    "经认真梳理，本年度未发现影响绩效目标实现的问题。",
    "本年度各项绩效指标均已达成，暂无需要改进之处。",
    "在上级部门的正确领导下，本单位各项工作取得了显著成效，绩效目标全面实现。",
)
FUNDING_ONLY = (
    "主要问题是资金不足，部分工作开展受到影响。",
    "存在的问题：经费不足，原因是县级财力困难。",
    "工作经费紧张，难以满足日益增长的业务需要。",
    "一是资金短缺；二是预算不足，影响了工作开展。",
    "由于财政资金有限，部分项目未能足额保障。",
)


def prb_replace(t, b, v):
    t.set_section_body("七", [v])


NO_CAUSE = (
    "一是部分项目支付进度前松后紧，第四季度支出占全年的41%；二是个别绩效指标量化程度不够，年度指标值难以考核。",
    "（一）政府采购项目验收环节较慢，部分合同资金年底才支付。（二）固定资产账实核对不及时，存在账卡不符。",
    "1.预算编制精准度有待提高，年中调整项目较多。2.绩效运行监控流于形式，监控结果运用不充分。",
)


def prb_no_cause(t, b, v):
    t.set_section_body("七", [v])


# ====================================================================== measures (八)

MONEY_ONLY = (
    "下一步将积极争取上级支持，加大资金投入。",
    "建议财政增加预算，保障各项工作顺利开展。",
    "争取更多资金，加大投入力度，确保工作经费充足。",
)
GENERIC_MEASURES = (
    "进一步加强管理，提高认识，不断完善各项制度。",
    "高度重视预算绩效管理工作，加大力度，进一步加强学习。",
    "下一步我们将继续努力，推动各项工作再上新台阶。",
)


def mea_replace(t, b, v):
    t.set_section_body("八", [v])


# ====================================================================== evidence (六)

SAT_NO_BASIS = (
    "服务对象满意度达到{v}。",
    "群众对我单位工作普遍满意，满意度为{v}，社会反响良好。",
    "经了解，服务对象满意度较高，达{v}以上。",
    "服务对象满意度100%。",
    "广大群众对本单位的服务给予充分肯定，满意度达到{v}。",
)


def _drop_basis(t: Text, b: Base) -> None:
    """Remove the survey basis everywhere it is written (六 line and the 自评表 note)."""

    def edit(cells):
        cells[8] = ""
        return cells

    t.edit_row("附件2", lambda cs: len(cs) >= 9 and "满意度" in cs[3], edit)
    try:
        t.edit_row("附件3", lambda cs: len(cs) >= 9 and "满意度" in cs[3], edit)
    except NotApplicable:
        pass


def evd_satisfaction(t, b, v):
    s, e = t.section_span("六")
    i = next((i for i in range(s + 1, e) if "满意度" in t.lines[i] and ("问卷" in t.lines[i] or "调查" in t.lines[i])), None)
    if i is None:
        raise NotApplicable("satisfaction line")
    t.lines[i] = "\u3000\u3000" + b.sat_prefix + v.format(v=b.sat_value)
    _drop_basis(t, b)


BIG_CLAIMS = (
    "全年为群众节约办事成本上亿元，实现零投诉、零差错。",
    "通过各项措施，全年带动社会投资数十亿元，群众满意度百分之百满意。",
)


def evd_big_claim(t, b, v):
    t.insert_para("六", v, at=-1)


TEXTBOOK = (
    "单位预算是财政总预算的基础，是单位履行职能、开展业务活动的重要经济保证。",
    "我们始终坚持合法性原则、真实性原则、完整性原则和绩效性原则，不断提高预算管理水平。",
    "预算绩效管理是提升财政资金使用效益的重要手段，绩效评价是预算管理的重要环节。",
    "所谓整体支出绩效评价，就是对部门全部支出的经济性、效率性和效益性进行客观公正的评判。",
)


def boi_textbook(t, b, v):
    t.insert_para("八", v, at=0)


# ====================================================================== privacy

def prv_mobile_note(t, b, v):
    t.sub_in_attachment("附件1", b.phone, "联系电话：" + v)


def prv_id_in_10(t, b, v):
    ident = id_number(b.region + v)
    t.set_section_body("十", [f"本报告经办人：王丽，身份证号{ident}，如有疑问请与其联系。"])


def prv_mobile_in_9(t, b, v):
    body = t.section_body("九")
    t.set_section_body("九", [ln.strip("\u3000") for ln in body] + [f"公开咨询联系人：刘洋，手机{v}。"])


# ====================================================================== budget

def _add_money(s: str, delta: str) -> str:
    return shift(s, delta)


def bud_over(t, b, v):
    # 公务接待 决算 raised above its 预算; 三公 total raised the same so arithmetic stays right
    budget = parse_num(t.find_row("附件1", lambda cs: bool(cs) and cs[0].endswith("公务接待"))[2][2])
    actual_old = parse_num(_sangong(t, "公务接待", 3, lambda s: s))
    delta = budget + Decimal("1.20") - actual_old
    _sangong(t, "公务接待", 3, lambda s: shift(s, delta))
    _sangong(t, "三公经费", 3, lambda s: shift(s, delta))


def bud_far_under(t, b, v):
    # 公车运行维护 决算 cut to 30% of its 预算; parent rows adjusted so sums still hold
    budget = parse_num(t.find_row("附件1", lambda cs: bool(cs) and cs[0] == "公车运行维护")[2][2])
    actual_old = parse_num(_sangong(t, "公车运行维护", 3, lambda s: s))
    delta = budget * Decimal("0.3") - actual_old
    for label in ("公车运行维护", "公务用车购置和维护经费", "三公经费"):
        _sangong(t, label, 3, lambda s: shift(s, delta))


def bud_gongyong_yoy(t, b, v):
    # previous-year 公用经费 halved: a >30% rise that 六/七 never explain
    t.edit_row("附件1", lambda cs: bool(cs) and cs[0] == "公用经费", lambda cs: cs[:1] + [scale(cs[1], "0.5")] + cs[2:])


def bud_adjustment(t, b, v):
    # 年初预算数 cut to 60% of 全年预算数: a >30% in-year adjustment the report never explains (a 七 paragraph
    # that discusses the 年初预算, as a's and c's do, goes too)
    s, e = t.section_span("七")
    t.lines[s + 1 : e] = [ln for ln in t.lines[s + 1 : e] if "年初预算" not in ln]

    def edit(cells):
        cells[2] = scale(cells[3], "0.6")
        return cells

    t.edit_row("附件2", lambda cs: "年度资金总额" in cs, edit)


# ====================================================================== v3: CON008 / CON009 / BUD005 / SCO006

def _year(t: Text) -> int:
    m = re.search(r"((?:19|20)\d{2})\s*年度", t.lines[0])
    if not m:
        raise NotApplicable("report year in title")
    return int(m.group(1))


def con_year_att_title(t, b, v):
    # an attachment copied from last year's report keeps its title "N-1年度……表"
    y = _year(t)
    s, _e = t.attachment_span(v)
    if f"{y}年度" not in t.lines[s + 1]:
        raise NotApplicable(f"{v} title")
    t.lines[s + 1] = t.lines[s + 1].replace(f"{y}年度", f"{y - 1}年度", 1)


def con_year_att1_columns(t, b, v):
    # 附件1's 经费 column headers copied from last year's table: every year one too early
    y = _year(t)
    s, e = t.attachment_span("附件1")
    heads = {f"\t{y - 1}年决算数": f"\t{y - 2}年决算数", f"\t{y}年预算数": f"\t{y - 1}年预算数",
             f"\t{y}年决算数": f"\t{y - 1}年决算数"}
    hit = 0
    for i in range(s + 1, e):
        if t.lines[i] in heads:
            t.lines[i] = heads[t.lines[i]]
            hit += 1
    if hit != 3:
        raise NotApplicable("附件1 经费 headers")


def con_year_section2(t, b, v):
    # 二 keeps last year's "N-1年度基本支出/项目支出" wording
    y = _year(t)
    t.sub_in_section("二", f"{y}年度{v}", f"{y - 1}年度{v}")


OTHER_UNITS = {  # a table borrowed from another unit: (a sibling department, the same office elsewhere)
    "a": ("衡阳市图书馆", "株洲市档案馆"),
    "b": ("益阳市赫山区农业农村局", "益阳市资阳区水利局"),
    "c": ("安仁县卫生健康局", "永兴县教育局"),
}
UNIT_KINDS = ("同级其他部门", "外地同类单位")


def con_unit_name(t, b, v):
    name = OTHER_UNITS[b.key][UNIT_KINDS.index(v)]
    pred = lambda cs: any(c.endswith("预算部门名称") for c in cs)  # noqa: E731
    cells = t.find_row("附件2", pred)[2]
    i = next(i for i, c in enumerate(cells) if c.endswith("预算部门名称"))
    if i + 1 >= len(cells) or not cells[i + 1]:
        raise NotApplicable("部门名称 cell")
    t.edit_row("附件2", pred, lambda cs: cs[: i + 1] + [name] + cs[i + 2 :])


def _over_staff(t: Text, extra: int, rate: bool) -> tuple[str, str]:
    """附件1 实际在职人数 set to 编制数 + extra (控制率 recomputed when ``rate``); returns (old, new) counts."""
    s, e, cells = t.find_row("附件1", _staff_row)
    auth, old = int(cells[1]), cells[2]
    new = str(auth + extra)

    def edit(cs):
        cs[2] = new
        if rate:
            pct = (Decimal(new) / Decimal(auth) * 100).quantize(Decimal("0.01"), ROUND_HALF_UP)
            cs[3] = fmt_like(cs[3], pct)
        return cs

    t.edit_row("附件1", _staff_row, edit)
    return old, new


def bud_over_staffed(t, b, v):
    # a consistently over-staffed report: 附件1 row, 控制率 and the 一/六 sentences all say 编制+3
    old, new = _over_staff(t, 3, rate=True)
    rate = t.find_row("附件1", _staff_row)[2][3]
    body_end = next(i for i, ln in enumerate(t.lines) if ln.strip() == "附件1")
    rx = re.compile(rf"(实有(?:在职人员)?){old}人")
    rrx = re.compile(r"(人员控制率)[\d.]+[%％]")
    n = 0
    for i in range(body_end):
        ln, k = rx.subn(lambda m: f"{m.group(1)}{new}人", t.lines[i])
        ln = rrx.sub(lambda m: m.group(1) + rate, ln)
        n += k
        t.lines[i] = ln
    if not n:
        raise NotApplicable("实有人数 sentence")


def bud_over_staffed_table(t, b, v):
    # only 附件1's 实际在职人数 raised above 编制数; 控制率 and the text are left as they were
    _over_staff(t, 4, rate=False)


def sco_full_marks_missed(t, b, v):
    # the under-achieved indicator gets 得分 = 分值; 总分 raised by the same amount so it still adds up
    weight = _ind_value(t, b.ind_under, 6)
    old = _ind(t, b.ind_under, 7, weight)
    delta = parse_num(weight) - parse_num(old)
    t.edit_row("附件2", lambda cs: bool(cs) and cs[0] == "总分", lambda cs: cs[:2] + [shift(cs[2], delta)])


def sco_full_marks_missed_total_stale(t, b, v):
    # as above, but 总分 left unchanged (so SCO003 also fires)
    _ind(t, b.ind_under, 7, _ind_value(t, b.ind_under, 6))


def sco_full_marks_missed_project(t, b, v):
    # the same in the project self-evaluation table (附件3), its 总分 raised to match
    weight = _ind_value(t, b.ind_under, 6, att="附件3")
    old = _ind(t, b.ind_under, 7, weight, att="附件3")
    delta = parse_num(weight) - parse_num(old)
    t.edit_row("附件3", lambda cs: bool(cs) and cs[0] == "总分", lambda cs: cs[:2] + [shift(cs[2], delta)])


MISSED_ACTUAL = {  # achieved indicator -> an actual value below its target (full marks kept)
    "a": ("接收进馆档案数量", "7650卷"),
    "b": ("新建改造供水管网", "31.2公里"),
    "c": ("校舍维修改造面积", "11300平方米"),
}


def sco_actual_below_target(t, b, v):
    name, value = MISSED_ACTUAL[b.key]
    _ind(t, name, 5, value)


# ====================================================================== v4: indicator meaning, own score sheet, attachment list

def _ind_cost_row(cs: list[str]) -> bool:
    return len(cs) >= 9 and cs[2] == "成本指标"


def ind_category(t, b, v):
    name, target, actual = v.split("|")

    def edit(cells):
        cells[3:6] = [name, target, actual]
        return cells

    t.edit_row("附件2", _ind_cost_row, edit)


def ind_hedged(t, b, v):
    name = b.ind_done[{"a": 0, "b": 1, "c": 0}[b.key]]
    _ind(t, name, 4, v + _ind_value(t, name, 4))


def ind_repeated(t, b, v):
    _ind(t, b.ind_under, 3, b.ind_done[0])


RATE_AS_COUNT = {"a": "验收数字化成果≥12批", "b": "验收维修工程≥120处", "c": "巩固在校学生≥4500人"}


def ind_rate_as_count(t, b, v):
    _ind(t, b.ind_done[2], 4, RATE_AS_COUNT[b.key])


def ind_duty_uncovered(t, b, v):
    t.sub_in_section("一", "（3）开展档案编研、展览和宣传教育，承担档案信息化建设任务。",
                     "（3）负责全市档案行政执法检查和违法案件查处。")


def sco_full_marks_no_problems(t, b, v):
    t.set_section_body("七", ["本年度各项绩效目标均已完成，不存在问题。"])
    old = t.edit_row("附件5", lambda cs: len(cs) > 1 and cs[1].startswith("问题情况"), lambda cs: cs[:3] + ["15"])
    gain = 15 - int(old[3])
    t.edit_row("附件5", lambda cs: bool(cs) and cs[0] == "合计", lambda cs: cs[:3] + [str(int(cs[3]) + gain)])


ATTACHMENT_LISTS = {
    "a": "附件：1.部门整体支出绩效自评表；2.部门整体支出绩效评价基础数据表。",
    "b": "附件：1.部门整体支出绩效评价基础数据表；2.部门整体支出绩效自评表；3.项目支出绩效自评表；"
         "4.政府性基金预算支出情况表；5.国有资本经营预算支出情况表。",
    "c": "附件：1.部门整体支出绩效评价基础数据表；2.部门整体支出绩效自评表；3.项目支出绩效自评表；"
         "4.政府性基金预算支出情况表；5.国有资本经营预算支出情况表。",
}


def cmp_attachment_list(t, b, v):
    t.insert_para("十", ATTACHMENT_LISTS[b.key], at=1)


# ====================================================================== catalogue

ATT2 = ("附件2",)
# ====================================================================== proofreading (公文规范)

WENHAO_BRACKETS = ("[{y}]", "【{y}】", "({y})")
CONFUSIONS = (
    "截止{y}年12月31日，各项资金已按规定拨付到位。",
    "已建立固定资产台帐，每季度核对一次帐目。",
    "本年度统筹按排专项资金，做为重点保障项目。",
    "单位认真的做好了预算执行监控工作。",
)


def prf_wenhao_brackets(t, b, v):
    t.regex_in_section("八", r"〔(\d{4})〕", lambda m: v.format(y=m.group(1)))


def prf_citation_number(t, b, v):
    # the first cited known document gets the wrong year (same issuer: certainly not its number)
    t.regex_in_section("八", r"〔(\d{4})〕", lambda m: f"〔{int(m.group(1)) + 1}〕")


def prf_confusion(t, b, v):
    t.insert_para("十", v.format(y=_year(t)), at=-1)


def prf_superseded(t, b, v):
    t.insert_para("十", "本次自评同时参照《财政支出绩效评价管理暂行办法》（财预〔2011〕285号）的评价要求。", at=-1)


def prf_dates(t, b, v):
    y = _year(t)
    t.insert_para("十", f"单位于{y}年3月15日启动自评工作，{y}.4.30完成自评报告。", at=-1)


def ari_counted_list(t, b, v):
    t.insert_para("一", "单位内设机构5个，即办公室、计划财务科、业务科和信息中心。", at=-1)


def prf_bracket(t, b, v):
    t.insert_para("十", "自评依据：《项目支出绩效评价管理办法》财预〔2020〕10号)。", at=-1)


def prf_doubled(t, b, v):
    t.insert_para("十", "本报告经单位领导班子研究审定，如实反映项目项目资金的使用情况。", at=-1)


def cmp_sign_blank(t, b, v):
    t.insert_para("十", "项目负责人：财务负责人：填报日期：", at=-1)


def cmp_roster_blank(t, b, v):
    t.insert_para("十", "自评工作组组长：", at=-1)
    t.insert_para("十", "副组长：成员：", at=-1)


def prf_numbering(t, b, v):
    t.insert_para("十", "自评工作分步实施：1.成立自评工作小组。2.收集整理资料。3.对照指标逐项打分。3.撰写自评报告。"
                       "4.报送主管部门审核。", at=-1)


def prf_units(t, b, v):
    def to_yuan(m):
        wan = parse_num(m.group(2))
        return f"{m.group(1)}{wan * 10000:,.2f}元"

    t.regex_in_section("二", r"(，商品和服务支出)([\d,]+\.\d+)万元", to_yuan)


DEFECTS: list[Defect] = [
    # arithmetic
    Defect("ari_basic_class", "arithmetic", ("ARI001",), ("二",), "基本支出某经济分类金额改动，分项之和≠合计", ari_basic_class),
    Defect("ari_project_class", "arithmetic", ("ARI002",), ("二",), "项目支出资本性支出改动，分项之和≠合计", ari_project_class,
           collateral=("consistency",)),
    Defect("ari_rate", "arithmetic", ("ARI003",), ATT2, "自评表执行率与执行数/预算数不符", ari_rate, collateral=("score",)),
    Defect("ari_rate_score", "arithmetic", ("ARI004",), ATT2, "执行率得分≠分值×执行率", ari_rate_score, collateral=("score",)),
    Defect("ari_control_rate", "arithmetic", ("ARI005",), ("附件1",), "控制率≠实有/编制", ari_control_rate),
    Defect("ari_sangong_total", "arithmetic", ("ARI006",), ("附件1",), "三公经费合计≠分项之和", ari_sangong_total,
           collateral=("budget",)),
    Defect("ari_income_sum", "arithmetic", ("ARI007",), ATT2, "按收入性质分之和≠资金总额", ari_income_sum,
           collateral=("consistency",)),
    Defect("ari_exec_total", "arithmetic", ("ARI003", "ARI007", "ARI008"), ATT2, "全年执行数改动，与基本+项目及执行率不符",
           ari_exec_total, collateral=("consistency", "score")),
    Defect("ari_swap_budget_cols", "arithmetic", ("ARI003", "ARI004"), ATT2, "年初预算数与全年预算数互换，执行率不符",
           ari_swap_budget_cols, collateral=("consistency", "budget", "score")),
    # consistency
    Defect("con_swap_nature", "consistency", ("CON001",), ("附件2", "二"), "自评表基本支出与项目支出互换", con_swap_nature),
    Defect("con_text_basic_total", "consistency", ("CON001",), ("附件2", "二"), "正文基本支出（连同分项）与自评表不一致",
           con_text_basic_total, collateral=("arithmetic",)),
    Defect("con_gongyong", "consistency", ("CON002",), ("附件1",), "附件1公用经费≠基本支出商品和服务支出", con_gongyong,
           collateral=("budget",)),
    Defect("con_project_basicdata", "consistency", ("CON003",), ("附件1",), "附件1项目支出≠正文项目支出",
           con_project_basicdata, collateral=("budget",)),
    Defect("con_staff_text", "consistency", ("CON004",), ("一", "附件1"), "正文编制数与附件1不一致", con_staff_text),
    Defect("con_double_count", "consistency", ("CON005",), ATT2, "项目支出同时计入一般公共预算和非税收入（重复计列）",
           con_double_count, collateral=("arithmetic",)),
    Defect("con_six_rate", "consistency", None, ("六",), "第六部分预算执行率与自评表不一致（正文与表格不符）", con_six_rate),
    Defect("con_indicator_amount", "consistency", ("CON006",), ATT2, "指标实际完成值写的公用经费与附件1/正文不一致",
           con_indicator_amount, variants=("（公用经费{x}万元）", "，全年公用经费支出{x}万元"), per_base=True),
    # score
    Defect("sco_over_max", "score", ("SCO001",), ATT2, "指标得分超过分值", sco_over_max),
    Defect("sco_block_weight", "score", ("SCO002",), ATT2, "产出指标分值之和≠50", sco_block_weight),
    Defect("sco_total", "score", ("SCO003",), ATT2, "总分≠各项得分之和", sco_total),
    Defect("sco_rate_score_over", "score", ("SCO001",), ATT2, "执行率得分填成执行率（超过分值）", sco_rate_score_over,
           collateral=("arithmetic",)),
    Defect("sco_rubric_over", "score", ("SCO004",), ("附件5",), "考核评分表评分超过该项分值", sco_rubric_over, bases=("b", "c")),
    Defect("sco_rubric_sum", "score", ("SCO005",), ("附件5",), "考核评分表合计≠各项之和", sco_rubric_sum, bases=("b", "c")),
    Defect("sco_project_over", "score", ("SCO001",), ("附件3",), "项目自评表得分超过分值", sco_project_over, bases=("b", "c")),
    # indicator
    Defect("ind_not_value", "indicator", ("IND001",), ATT2, "实际完成值填“已完成”类文字", ind_not_value,
           variants=("已完成", "完成", "达到预期", "全部完成", "按计划完成", "效果良好")),
    Defect("ind_unquantified", "indicator", ("IND002",), ATT2, "年度指标值未量化", ind_unquantified,
           variants=("稳步提高", "有效提升服务水平", "按要求完成", "进一步加强", "明显改善", "逐步完善")),
    Defect("ind_no_level3", "indicator", ("IND003",), ATT2, "三级指标名称为空（未细化到三级）", ind_no_level3,
           collateral=("completeness",)),
    Defect("ind_no_deviation_note", "indicator", ("IND005",), ATT2, "未完成指标删去偏差原因", ind_no_deviation_note),
    Defect("ind_placeholder_row", "indicator", ("IND004",), ATT2, "自评表保留0分值“无××指标”占位行", ind_placeholder_row,
           variants=("生态效益指标", "经济效益指标", "可持续影响指标")),
    # completeness
    Defect("cmp_missing_section", "completeness", ("CMP001",), ("全文",) + tuple(MISSING_SECTION.values()),
           "删去正文一个部分", cmp_missing_section),
    Defect("cmp_missing_attachment", "completeness", ("CMP002",), ("全文",) + tuple(MISSING_ATTACHMENT.values()),
           "删去一个必备附件", cmp_missing_attachment, collateral=("consistency", "arithmetic", "score")),
    Defect("cmp_blank_goal", "completeness", ("CMP003",), ATT2, "年度总体目标两栏为空", cmp_blank_goal),
    Defect("cmp_thin_section", "completeness", ("CMP004",), ("九",), "第九部分只剩一句话", cmp_thin_section),
    Defect("cmp_placeholder", "completeness", ("CMP005",), ("十",), "第十部分残留“待补充”占位", cmp_placeholder,
           variants=("待补充。", "（待补充）", "此部分内容待补充完善。"), collateral=("boilerplate",)),
    # boilerplate
    Defect("boi_in_six", "boilerplate", None, ("六",), "第六部分残留模板/填表说明文字", boi_in_six, variants=BOILERPLATE_6,
           collateral=("completeness",)),  # "XX万元"/"××%" in the template text are unfilled figures too (CMP005)
    Defect("boi_textbook", "boilerplate", ("BOI002",), ("八",), "第八部分照抄教科书式通用表述", boi_textbook,
           variants=TEXTBOOK),
    # problems
    Defect("prb_no_problems", "problems", ("PRB001",), ("七",), "第七部分称没有问题", prb_replace, variants=NO_PROBLEMS,
           collateral=("completeness", "measures")),
    Defect("prb_funding_only", "problems", ("PRB002",), ("七",), "第七部分只提资金不足", prb_replace, variants=FUNDING_ONLY,
           collateral=("completeness", "measures")),
    Defect("prb_no_cause", "problems", ("PRB003",), ("七",), "第七部分只列问题、没有原因分析", prb_no_cause,
           variants=NO_CAUSE, collateral=("measures",)),
    # measures
    Defect("mea_money_only", "measures", None, ("八",), "第八部分只提加大资金投入", mea_replace, variants=MONEY_ONLY,
           collateral=("completeness",)),
    Defect("mea_generic", "measures", None, ("八",), "第八部分只有空泛表态，未对应问题", mea_replace, variants=GENERIC_MEASURES,
           collateral=("completeness", "boilerplate")),
    # evidence
    Defect("evd_satisfaction", "evidence", None, ("六",), "满意度无调查依据", evd_satisfaction, variants=SAT_NO_BASIS),
    Defect("evd_big_claim", "evidence", None, ("六",), "无依据的夸大表述", evd_big_claim, variants=BIG_CLAIMS),
    # privacy
    Defect("prv_mobile_note", "privacy", None, ("附件1",), "附件1填表人留个人手机号", prv_mobile_note,
           variants=("13807345621", "+86 139-0734-1288", "186 7316 2045")),
    Defect("prv_id_in_10", "privacy", None, ("十",), "正文出现身份证号", prv_id_in_10, variants=("19850712301",),
           per_base=True),
    Defect("prv_mobile_in_9", "privacy", None, ("九",), "正文出现个人手机号", prv_mobile_in_9,
           variants=("18973456120", "15116230987")),
    # budget
    # the 附件1 edit leaves 六's "三公经费决算…万元" stale, which CON007 rightly reports
    Defect("bud_over", "budget", ("BUD001",), ("附件1",), "公务接待决算超过预算（合计同步调整）", bud_over,
           collateral=("consistency",)),
    Defect("bud_far_under", "budget", ("BUD002",), ("附件1",), "公车运行维护决算不足预算30%（合计同步调整）", bud_far_under,
           collateral=("consistency",)),
    Defect("bud_adjustment", "budget", ("BUD003",), ATT2, "年初预算数仅为全年预算数的60%，报告未说明预算调整",
           bud_adjustment),
    Defect("bud_gongyong_yoy", "budget", ("BUD004",), ("附件1",), "公用经费较上年翻倍且未说明", bud_gongyong_yoy,
           bases=("a", "b")),  # c's 六 explains its (small) change, so the rise would count as explained
    # ---- v3: CON008 / CON009 / BUD005 / SCO006
    Defect("con_year_att1_title", "consistency", ("CON008",), ("附件1",), "附件1标题年度照抄上年（N-1年度）",
           lambda t, b, v: con_year_att_title(t, b, "附件1")),
    Defect("con_year_att2_title", "consistency", ("CON008",), ATT2, "附件2标题年度照抄上年（N-1年度）",
           lambda t, b, v: con_year_att_title(t, b, "附件2")),
    Defect("con_year_att3_title", "consistency", ("CON008",), ("附件3",), "附件3标题年度照抄上年（N-1年度）",
           lambda t, b, v: con_year_att_title(t, b, "附件3"), bases=("b", "c")),
    Defect("con_year_att1_columns", "consistency", ("CON008",), ("附件1",), "附件1经费栏目年份整体早一年（照抄上年表头）",
           con_year_att1_columns),
    Defect("con_year_section2", "consistency", ("CON008",), ("二",), "第二部分写成上年度的支出", con_year_section2,
           variants=("基本支出", "项目支出"), per_base=True),
    Defect("con_unit_name", "consistency", ("CON009",), ATT2, "附件2部门名称填成其他单位", con_unit_name,
           variants=UNIT_KINDS, per_base=True),
    Defect("bud_over_staffed", "budget", ("BUD005",), ("附件1",), "实际在职人数超过编制数（控制率和正文同步改）",
           bud_over_staffed),
    Defect("bud_over_staffed_table", "budget", ("BUD005",), ("附件1",), "附件1实际在职人数超过编制数（控制率和正文未改）",
           bud_over_staffed_table, collateral=("arithmetic", "consistency")),  # stale 控制率 (ARI005), 一/六 still say the old count
    Defect("sco_full_marks_missed", "score", ("SCO006",), ATT2, "未达到年度指标值的指标得满分（总分同步改）",
           sco_full_marks_missed),
    Defect("sco_full_marks_missed_total_stale", "score", ("SCO006",), ATT2, "未达到年度指标值的指标得满分（总分未改）",
           sco_full_marks_missed_total_stale),
    Defect("sco_full_marks_missed_project", "score", ("SCO006",), ("附件3",), "项目自评表未达标指标得满分（总分同步改）",
           sco_full_marks_missed_project, bases=("b",)),  # c's 附件3 has no under-achieved indicator
    Defect("sco_actual_below_target", "score", ("SCO006",), ATT2, "实际完成值改为低于年度指标值，仍得满分",
           sco_actual_below_target, collateral=("indicator",)),  # no deviation note for the new shortfall: IND005
    # ---- v4: IND010–IND014 / SCO010 / CMP020
    Defect("ind_category", "indicator", ("IND010",), ATT2, "成本指标写成数量或建成节点（不是金额）", ind_category,
           variants=("业务用房改造|改造业务用房3间以上|4间", "信息管理平台|建成业务信息管理平台|已建成"), per_base=True),
    Defect("ind_hedged", "indicator", ("IND011",), ATT2, "年度指标值写成“争取/预计/力争”，仍得满分", ind_hedged,
           variants=("争取", "预计", "力争")),
    Defect("ind_repeated", "indicator", ("IND012",), ATT2, "同一三级指标名称设置两次", ind_repeated),
    Defect("ind_rate_as_count", "indicator", ("IND014",), ATT2, "比率类指标的年度指标值写成数量", ind_rate_as_count),
    Defect("ind_duty_uncovered", "indicator", ("IND013",), ("一",), "一项编号职能在自评表中没有任何指标",
           ind_duty_uncovered, bases=("a",)),  # b and c write their duties as one sentence: nothing to check item by item
    Defect("sco_full_marks_no_problems", "score", ("SCO010",), ("附件5",), "第七部分称没有问题，考核评分表仍给该项满分",
           sco_full_marks_no_problems, bases=("b", "c"), collateral=("problems", "completeness", "measures")),
    Defect("cmp_attachment_list", "completeness", ("CMP020",), ("十",), "正文附件清单与所附附件的序号不一致",
           cmp_attachment_list),
    # ---- v4: PRF001–PRF006 (公文规范)
    Defect("prf_wenhao_brackets", "proofreading", ("PRF001",), ("八",), "引用文号的年份未用六角括号〔〕",
           prf_wenhao_brackets, variants=WENHAO_BRACKETS),
    Defect("prf_citation_number", "proofreading", ("PRF002",), ("八",), "引用的已知文件文号年份写错",
           prf_citation_number),
    Defect("prf_confusion", "proofreading", ("PRF004",), ("十",), "公文常见错别字（截止/截至、帐/账、按排、的/地）",
           prf_confusion, variants=CONFUSIONS, per_base=True),
    Defect("prf_superseded", "proofreading", ("PRF003",), ("十",), "引用已废止的《财政支出绩效评价管理暂行办法》",
           prf_superseded),
    Defect("prf_dates", "proofreading", ("PRF005",), ("十",), "日期写法“年月日”与“YYYY.M.D”混用", prf_dates),
    Defect("prf_units", "proofreading", ("PRF006",), ("二",), "同一组分项金额万元与元混用", prf_units),
    # ---- v5
    Defect("ari_counted_list", "arithmetic", ("ARI035",), ("一",), "写明内设机构5个，其后只列出4个名称", ari_counted_list),
    Defect("prf_bracket", "proofreading", ("PRF011",), ("十",), "文号后有后括号而无前括号", prf_bracket),
    Defect("cmp_sign_blank", "completeness", ("CMP030",), ("十",), "项目负责人、财务负责人签署栏空白", cmp_sign_blank),
    Defect("cmp_roster_blank", "completeness", ("CMP041",), ("十",), "自评工作组组长、副组长、成员名单空白",
           cmp_roster_blank),
    Defect("prf_doubled", "proofreading", ("PRF012",), ("十",), "词语重复（“项目项目”）", prf_doubled),
    Defect("prf_numbering", "proofreading", ("PRF010",), ("十",), "逐条编号的事项序号重复（1.2.3.3.4.）", prf_numbering),
]


# ====================================================================== generation

def base_text(key: str) -> str:
    return (ROOT / BASES[key].path).read_text(encoding="utf-8")


def make_patch(old: str, new: str) -> list[list]:
    a, b = old.split("\n"), new.split("\n")
    ops = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if tag != "equal":
            ops.append([i1, i2, b[j1:j2]])
    return ops


def apply_patch(old: str, patch: list[list]) -> str:
    a = old.split("\n")
    out: list[str] = []
    pos = 0
    for i1, i2, new_lines in patch:
        out.extend(a[pos:i1])
        out.extend(new_lines)
        pos = i2
    out.extend(a[pos:])
    return "\n".join(out)


def _sha(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def generate() -> list[dict]:
    rng = random.Random(SEED)
    texts = {k: base_text(k) for k in BASES}
    cases: list[dict] = []
    for d in DEFECTS:
        jobs: list[tuple[str, str | None]] = []
        if d.variants and not d.per_base:
            order = list(d.bases)
            rng.shuffle(order)
            jobs = [(order[i % len(order)], v) for i, v in enumerate(d.variants)]
        elif d.variants:
            jobs = [(k, v) for v in d.variants for k in d.bases]
        else:
            jobs = [(k, None) for k in d.bases]
        for n, (key, variant) in enumerate(jobs):
            t = Text(texts[key])
            d.apply(t, BASES[key], variant)
            new = t.text
            if new == texts[key]:
                raise NotApplicable(f"{d.name} on {key} changed nothing")
            cases.append({
                "id": f"{d.name}-{key}-{n:02d}",
                "version": VERSION,
                "base": key,
                "defect": d.name,
                "category": d.category,
                "rules": list(d.rules) if d.rules else None,
                "sections": list(d.sections),
                "collateral": list(d.collateral),
                "description": d.description + (f"：{variant.replace('{v}', BASES[key].sat_value)}" if variant else ""),
                "patch": make_patch(texts[key], new),
                "sha256": _sha(new),
            })
    return cases


def dataset_path(version: str = VERSION) -> Path:
    return DATASETS / f"{version}.jsonl"


def dump(cases: list[dict]) -> str:
    return "".join(json.dumps(c, ensure_ascii=False, sort_keys=True) + "\n" for c in cases)


def load_cases(path: Path | None = None) -> list[dict]:
    path = path or dataset_path()
    return [json.loads(ln) for ln in path.read_text(encoding="utf-8").splitlines() if ln.strip()]


def case_text(case: dict, bases: dict[str, str] | None = None) -> str:
    """The mutated report text of a case (checked against its sha256)."""
    base = (bases or {}).get(case["base"]) or base_text(case["base"])
    text = apply_patch(base, case["patch"])
    if _sha(text) != case["sha256"]:
        raise ValueError(f"case {case['id']}: base text changed since the dataset was generated (bump VERSION)")
    return text


def main() -> None:
    cases = generate()
    path = dataset_path()
    path.write_text(dump(cases), encoding="utf-8")
    counts: dict[str, int] = {}
    for c in cases:
        counts[c["category"]] = counts.get(c["category"], 0) + 1
    print(f"{path.relative_to(ROOT)}: {len(cases)} cases")
    for cat in CATEGORIES:
        print(f"  {cat:<13} {counts.get(cat, 0)}")


if __name__ == "__main__":
    main()
