"""Problem discovery for section 七 from the data itself (never "no problems", never only "more money").

The review rules are the judge: :func:`find_problems` runs the data rules (:data:`REMEDIES`) on the report
with 七 and 八 left out (they are what is being written), with the thresholds of the rubric profile in the
settings. Each finding becomes a
problem through the table — rule → title, cause wording, measure, policy basis — and the problem states the
figures it rests on in the report's own words. Indicators that missed their 年度指标值 (``report.targets``)
are listed one by one with the cause the table gives.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Callable, Literal

from assistant.drafting.facts import Facts, change_pct, fmt, fmt_fig, pct
from assistant.drafting.models import Problem, placeholder
from assistant.report.model import IndicatorRow, Report
from assistant.report.targets import Shortfall, shortfall, split_note
from assistant.review import Finding, profile_for, run_rules
from assistant.review.profile import Profile
from assistant.settings import Settings

P_2018 = "中发〔2018〕34号"
P_2020 = "财预〔2020〕10号"
P_2021 = "财预〔2021〕101号"
P_LAW = "预算法及其实施条例"

SEVERITY_ORDER = {"high": 0, "medium": 1, "low": 2}


def _cell(text: str) -> str:
    return (text or "").strip().strip("　").rstrip("。；;，,")


def shortfalls(facts: Facts) -> list[Shortfall]:
    """Indicators whose 实际完成值 misses the 年度指标值, or whose 得分 is below the 分值."""
    out = []
    for i in facts.indicators:
        if i.level3:
            sf = shortfall(i, facts.year)
            if sf is not None:
                out.append(sf)
    return out


def shortfall_problem(sf: Shortfall, year: int | None) -> Problem:
    """One problem per missed indicator: its figures, the cause the table gives (never invented), a measure."""
    i = sf.row
    name = _cell(i.level3)
    score = ""
    if sf.lost_points and i.weight and i.score:
        score = f"该指标分值{fmt_fig(i.weight)}分，自评得分{fmt_fig(i.score)}分"
    if sf.missed:
        evidence = f"自评表中“{name}”年度指标值{_cell(i.target)}，实际完成值{_cell(i.actual)}，未达到年度指标值"
        title = f"{name}未达到年度指标值"
    else:
        evidence = f"自评表中“{name}”年度指标值{_cell(i.target)}，实际完成值{_cell(i.actual)}，但未得满分"
        title = f"{name}指标扣分"
    evidence += ("；" + score if score else "") + "。"
    cause, planned = split_note(i.note, year)
    if cause:
        cause_text = f"据自评表偏差原因分析，{cause}。"
    else:
        what = "未达到年度指标值" if sf.missed else "扣分"
        cause_text = placeholder(f"说明“{name}”{what}的原因")
    measure = ""
    if planned:
        measure = f"落实自评表已提出的改进措施（{planned}），明确责任科室和完成时限；"
    measure += (
        f"对“{name}”按季度监测完成进度，发现偏差及时分析原因、调整实施计划；"
        "编制下年度绩效目标时结合本年实际完成情况和客观条件科学设定指标值。"
    )
    return Problem(
        key=f"indicator_shortfall:{name}",
        title=title,
        evidence=evidence,
        cause=cause_text,
        measure=measure,
        policy=P_2018,
        policy_query="绩效运行监控 偏差 纠偏 绩效目标实现程度",
        severity="high",
    )


def _unspent(f: Facts) -> Decimal | None:
    """全年预算数 − 全年执行数 when positive (the data's own difference), else None."""
    fund = f.fund
    if not fund or fund.budget is None or fund.executed is None:
        return None
    gap = fund.budget.value - fund.executed.value
    return gap if gap > 0 else None


# ------------------------------------------------------------------ evidence in the report's own words


def _at_row(loc, figures) -> bool:
    return any(x is not None and x.source is not None and x.source.table == loc.table and x.source.row == loc.row
               for x in figures)


def _rows_of(f: Facts, findings: list[Finding]) -> list[IndicatorRow]:
    """The indicator rows the findings point at (in table order; every place of a finding with several)."""
    locs = {(loc.table, loc.row) for x in findings for loc in x.locations}
    return [i for i in f.indicators if i.source is not None and (i.source.table, i.source.row) in locs]


def _ev_under_execution(f: Facts, fs: list[Finding], p: Profile) -> list[tuple[str, str, str]]:
    """(key suffix, title, evidence) per table whose 执行率 is below the profile's threshold."""
    out = []
    low = format(p.thresholds.execution_rate_low.normalize(), "f")
    year = f"{f.year}年" if f.year else "本年度"
    for x in fs:
        if x.location.section == "附件2" and f.fund and f.fund.budget and f.fund.executed:
            out.append(("", "预算执行率偏低，资金使用进度滞后", (
                f"{year}全年预算数{fmt_fig(f.fund.budget)}万元，全年执行数{fmt_fig(f.fund.executed)}万元，"
                f"预算执行率{fmt(f.rate)}%，低于{low}%，结余资金"
                f"{fmt(f.fund.budget.value - f.fund.executed.value)}万元。")))
            continue
        for proj in f.report.projects:
            fr = proj.funds[0] if proj.funds else None
            if fr and fr.budget and fr.executed and any(_at_row(loc, [fr.rate, fr.executed]) for loc in x.locations):
                r = pct(fr.executed.value, fr.budget.value)
                out.append((f"project:{proj.name}", f"“{proj.name}”项目执行率偏低", (
                    f"该项目全年预算数{fmt_fig(fr.budget)}万元，执行数{fmt_fig(fr.executed)}万元，执行率{fmt(r)}%，"
                    f"低于{low}%。")))
    return out


def _ev_adjustment(f: Facts, fs: list[Finding], p: Profile) -> str | None:
    fund = f.fund
    if f.adjust_pct is None or not fund or fund.budget is None or fund.initial_budget is None:
        return None
    direction = "调增" if f.adjust_pct > 0 else "调减"
    return (
        f"年初预算数{fmt_fig(fund.initial_budget)}万元，全年预算数{fmt_fig(fund.budget)}万元，"
        f"年中{direction}{fmt(abs(fund.budget.value - fund.initial_budget.value))}万元，调整幅度{fmt(abs(f.adjust_pct))}%。"
    )


SANGONG_NAMES = {"total": "三公经费", "vehicle": "公务用车购置及运行维护费", "abroad": "因公出国（境）费",
                 "reception": "公务接待费"}


def _sangong_items(f: Facts, fs: list[Finding]) -> list[tuple[str, Decimal, Decimal]]:
    """(name, budget, final) of the 三公 rows the findings point at."""
    out = []
    for key, name in SANGONG_NAMES.items():
        row = f.sangong.get(key)
        b, a = f.sg(key, f.sg_budget_col), f.sg(key, f.sg_final_col)
        if row is None or b is None or a is None:
            continue
        if any(x.evidence.startswith(f"{row.name}：") or any(_at_row(loc, row.values.values()) for loc in x.locations)
               for x in fs):
            out.append((name, b, a))
    return out


def _ev_sangong_over(f: Facts, fs: list[Finding], p: Profile) -> str | None:
    items = [f"{n}预算{fmt(b)}万元、决算{fmt(a)}万元" for n, b, a in _sangong_items(f, fs)]
    return "；".join(items) + "。" if items else None


def _ev_sangong_low(f: Facts, fs: list[Finding], p: Profile) -> str | None:
    items = [f"{n}预算{fmt(b)}万元、决算{fmt(a)}万元，仅为预算的{fmt(pct(a, b))}%" for n, b, a in _sangong_items(f, fs)]
    return "；".join(items) + "。" if items else None


def _ev_public_jump(f: Facts, fs: list[Finding], p: Profile) -> str | None:
    if not (f.public_prev and f.public_cur and f.public_prev.value):
        return None
    ch = change_pct(f.public_cur.value, f.public_prev.value)
    word = "增长" if ch > 0 else "下降"
    return (f"公用经费由{f.sg_prev_col}{fmt_fig(f.public_prev)}万元变为{f.sg_final_col}{fmt_fig(f.public_cur)}万元，"
            f"{word}{fmt(abs(ch))}%。")


def _ev_over_staffed(f: Facts, fs: list[Finding], p: Profile) -> str | None:
    st = f.report.staffing()
    if st.authorized is None or st.actual is None:
        return None
    return f"编制数{fmt_fig(st.authorized)}人，实际在职人数{fmt_fig(st.actual)}人，超过编制。"


def _ev_unquantified(f: Facts, fs: list[Finding], p: Profile) -> str | None:
    rows = _rows_of(f, fs)
    if not rows:
        return None
    names = "、".join(f"“{i.level3 or i.level2}”（指标值“{i.target or '空白'}”）" for i in rows[:5])
    return f"自评表中{names}未设置可衡量的指标值。"


def _ev_unmeasured(f: Facts, fs: list[Finding], p: Profile) -> str | None:
    rows = _rows_of(f, fs)
    if not rows:
        return None
    names = "、".join(f"“{i.level3 or i.level2}”（填报“{i.actual or '空白'}”）" for i in rows[:5])
    return f"自评表中{names}，没有与年度指标值可比的实际完成数据。"


def _ev_blank_goal(f: Facts, fs: list[Finding], p: Profile) -> str | None:
    se = f.report.self_eval
    if se is None or not any(x.location.section == "附件2" for x in fs):
        return None
    t, a = se.goal_target.strip(), se.goal_actual.strip()
    which = "预期目标和实际完成情况" if not t and not a else ("预期目标" if not t else "实际完成情况")
    return f"自评表“年度总体目标”栏的{which}为空白。"


def _ev_satisfaction(f: Facts, fs: list[Finding], p: Profile) -> str | None:
    rows = _rows_of(f, fs) or f.satisfaction()
    if not rows:
        return None
    i = rows[0]
    return f"自评表“{i.level3}”填报为“{i.actual or '空白'}”，报告未说明调查方式、调查对象和样本数量。"


def _ev_class_sum(key: str, label: str) -> Callable[[Facts, list[Finding], Profile], str | None]:
    def ev(f: Facts, fs: list[Finding], p: Profile) -> str | None:
        part = getattr(f.report.budget, key)
        if part.total is None or not part.classes:
            return None
        s = sum((c.value for c in part.classes.values()), Decimal(0))
        return (f"{label}合计{fmt_fig(part.total)}万元，各经济分类之和{fmt(s)}万元，"
                f"相差{fmt(abs(part.total.value - s))}万元。")
    return ev


def _ev_typo(f: Facts, fs: list[Finding], p: Profile) -> str | None:
    """One mistyped figure (ARI030): the sum that does not add up and the copy that disagrees, in figures."""
    out = []
    for key, label in (("basic", "基本支出"), ("project", "项目支出")):
        part = getattr(f.report.budget, key)
        if part.total is not None and part.classes and any(label in x.message for x in fs):
            s = sum((c.value for c in part.classes.values()), Decimal(0))
            if s != part.total.value:
                out.append(_ev_class_sum(key, label)(f, fs, p))
    goods = f.report.budget.basic.classes.get("商品和服务支出")
    if f.public_cur is not None and goods is not None and f.public_cur.value != goods.value:
        out.append(_ev_public_vs_goods(f, fs, p))
    return "".join(e for e in out if e) or None


def _ev_public_vs_goods(f: Facts, fs: list[Finding], p: Profile) -> str | None:
    goods = f.report.budget.basic.classes.get("商品和服务支出")
    if f.public_cur is None or goods is None:
        return None
    return f"附件1公用经费{fmt_fig(f.public_cur)}万元，正文基本支出中商品和服务支出{fmt_fig(goods)}万元。"


def _ev_exec_vs_parts(f: Facts, fs: list[Finding], p: Profile) -> str | None:
    b = f.report.budget
    if not (f.fund and f.fund.executed and b.basic.total and b.project.total):
        return None
    s = b.basic.total.value + b.project.total.value
    return f"自评表全年执行数{fmt_fig(f.fund.executed)}万元，正文基本支出与项目支出合计{fmt(s)}万元。"


# ------------------------------------------------------------------ the table: rule → problem


@dataclass(frozen=True)
class Remedy:
    """How findings of one rule become a problem for 七 and a measure for 八."""

    key: str
    title: str
    cause: str
    measure: str
    policy: str
    policy_query: str
    severity: Literal["high", "medium", "low"]
    evidence: Callable[[Facts, list[Finding], Profile], str | None]
    match: str = ""  # only findings whose message contains this (a rule that judges two facts)


_DATA = dict(
    cause="报告数据由不同报表手工摘录，编制时未与部门决算报表逐项核对。",
    measure="以部门决算报表为准统一报告口径，正文、附表数据出具前由财务人员交叉复核。",
    policy=P_LAW, policy_query="决算 真实 准确 完整", severity="high",
)
REMEDIES: dict[str, tuple[Remedy, ...]] = {
    "BUD003": (
        Remedy(
            key="under_execution", title="预算执行率偏低，资金使用进度滞后",
            cause="部分项目前期论证和实施计划不够细致，采购和实施进度安排偏后，年中未能根据执行进度及时调整预算。",
            measure=("建立预算执行进度按月通报制度，对执行进度滞后的项目逐项分析原因、明确整改时限，"
                     "对确实无法执行的资金及时按程序调整或收回，把执行进度纳入绩效运行监控。"),
            policy=P_2018, policy_query="绩效运行监控 双监控 预算执行进度", severity="high",
            evidence=lambda f, fs, p: None, match="执行率",
        ),
        Remedy(
            key="budget_adjustment", title="年初预算编制不够精准，年中预算调整幅度较大",
            cause="年初预算编制时对年度重点工作和项目支出需求测算不充分，部分支出在年中追加安排。",
            measure=("编制下年度预算时提前梳理重点工作任务和项目清单，按照项目库管理要求做实项目前期论证，"
                     "以上年执行情况和绩效自评结果作为预算安排依据，减少年中追加调整。"),
            policy=P_2018, policy_query="预算编制 绩效目标 结果应用 预算安排挂钩", severity="medium",
            evidence=_ev_adjustment, match="调整",
        ),
    ),
    "BUD001": (Remedy(
        key="sangong_over", title="“三公”经费决算超过预算",
        cause="“三公”经费预算执行的事前审核和过程控制不严，超预算支出未经调整程序。",
        measure="严格执行“三公”经费预算，支出前核对预算余额，确需超支的先按程序调整预算，年底前开展专项自查。",
        policy=P_LAW, policy_query="预算法 决算 预算执行 调整", severity="high", evidence=_ev_sangong_over,
    ),),
    "BUD002": (Remedy(
        key="sangong_low", title="“三公”经费预算编制偏大，预决算差异较大",
        cause="“三公”经费预算按以前年度额度编列，未结合公务活动实际需求和厉行节约要求逐项测算。",
        measure="下年度按照实际公务用车、公务接待需求逐项测算“三公”经费预算，参考近两年决算数合理压减，提高预算编制的准确性。",
        policy=P_2018, policy_query="预算编制 成本效益 厉行节约", severity="medium", evidence=_ev_sangong_low,
    ),),
    "BUD004": (Remedy(
        key="public_jump", title="公用经费较上年变动幅度较大，运行成本控制需加强",
        cause="日常运转支出标准和定额管理不够细化，部分办公、运维类支出未按项目归集核算。"
        + placeholder("说明公用经费变动的具体原因，如人员增加、场地变化、一次性支出等"),
        measure="按支出类别建立公用经费台账，对照定额标准按季度分析变动原因，压减非必要的一般性支出，落实过紧日子要求。",
        policy=P_2018, policy_query="成本效益 运行成本 一般性支出", severity="medium", evidence=_ev_public_jump,
        match="公用经费",
    ),),
    "BUD005": (Remedy(
        key="over_staffed", title="实际在职人数超过核定编制，人员经费压力较大",
        cause="人员调入、政策性安置或划转后未及时核编，编制动态管理与人员招录衔接不够。"
        + placeholder("说明超编的具体原因，如政策性安置、划转未核编等"),
        measure="会同机构编制部门逐人核对在编在岗情况，制定分年度消化超编人员计划，超编期间暂停新进人员，人员经费按核定编制测算。",
        policy=P_2018, policy_query="运行成本 人员经费 编制 控制率", severity="medium", evidence=_ev_over_staffed,
    ),),
    "IND002": (Remedy(
        key="unquantified", title="部分绩效指标未细化量化，难以考核",
        cause="设置绩效目标时对指标取值依据研究不够，沿用定性描述，缺少历史数据和行业标准作为参照。",
        measure="对照核心绩效指标设置指引，将定性指标改为数量、比率或时限指标，明确取值依据和数据来源，在下年度绩效目标申报时一并修订。",
        policy=P_2021, policy_query="指标 细化量化 取值依据", severity="medium", evidence=_ev_unquantified,
    ),),
    "IND001": (Remedy(
        key="unmeasured", title="实际完成值未填写实测数据",
        cause="绩效数据日常采集和台账管理不到位，自评时缺少可核实的佐证材料。",
        measure="建立绩效指标数据台账，明确每项指标的数据来源和采集责任人，自评时按指标值口径填写实测数值并留存佐证材料。",
        policy=P_2021, policy_query="实际完成值 填报要求 佐证", severity="medium", evidence=_ev_unmeasured,
    ),),
    "CMP003": (Remedy(
        key="blank_goal", title="整体支出年度总体目标填报不完整",
        cause="部门整体绩效目标与年度工作计划衔接不够，自评时未对照目标逐项总结完成情况。",
        measure="结合部门职责和年度重点工作设定可考核的整体绩效目标，自评时逐项对应填写实际完成情况。",
        policy=P_2021, policy_query="绩效目标 指向明确 细化量化", severity="medium", evidence=_ev_blank_goal,
    ),),
    "EVD001": (Remedy(
        key="satisfaction_basis", title="满意度评价缺少调查依据",
        cause="满意度调查尚未形成规范的组织程序，调查方案、问卷和统计结果未作为自评佐证材料整理归档。",
        measure="制定服务对象满意度调查方案，明确调查对象、抽样方式和样本量，问卷和统计结果随自评材料一并归档，在报告中写明调查依据。",
        policy=P_2020, policy_query="满意度 调查依据 问卷", severity="medium", evidence=_ev_satisfaction,
    ),),
    "ARI030": (Remedy(key="data_typo", title="正文与附表数据存在笔误，合计与明细、正文与附表对不上",
                      evidence=_ev_typo, **_DATA),),
    "ARI001": (Remedy(key="sum_basic", title="基本支出合计与经济分类明细不一致",
                      evidence=_ev_class_sum("basic", "基本支出"), **_DATA),),
    "ARI002": (Remedy(key="sum_project", title="项目支出合计与经济分类明细不一致",
                      evidence=_ev_class_sum("project", "项目支出"), **_DATA),),
    "CON002": (Remedy(
        key="public_vs_goods", title="附表公用经费与正文商品和服务支出口径不一致",
        cause="附表与正文分别取数，未统一按部门决算中基本支出的商品和服务支出口径填报。",
        measure="统一按决算口径填报公用经费，附表与正文数据出具前交叉核对。",
        policy=P_LAW, policy_query="决算 真实 准确 完整", severity="high", evidence=_ev_public_vs_goods,
    ),),
    "ARI008": (Remedy(
        key="exec_vs_parts", title="自评表全年执行数与正文支出数不一致",
        cause="自评表与正文取数口径不统一。",
        measure="以部门决算数据为准统一自评表和正文口径，出具前交叉核对。",
        policy=P_LAW, policy_query="决算 真实 准确 完整", severity="high", evidence=_ev_exec_vs_parts,
    ),),
}


def _problem(r: Remedy, evidence: str, *, key: str = "", title: str = "") -> Problem:
    return Problem(key=key or r.key, title=title or r.title, evidence=evidence, cause=r.cause, measure=r.measure,
                   policy=r.policy, policy_query=r.policy_query, severity=r.severity)


WRITING = ("七", "八")  # the sections these problems are written into


def data_findings(report: Report, profile: Profile) -> list[Finding]:
    """The findings of the data rules on the report, 七 and 八 left out (they are what is being written)."""
    rest = report.model_copy(update={"sections": [s for s in report.sections if s.label not in WRITING]})
    return run_rules(rest, profile=profile, select=REMEDIES)


def find_problems(
    report: Report, facts: Facts | None = None, settings: Settings | None = None, *, profile: Profile | None = None
) -> list[Problem]:
    """Problems for 七 (with measures for 八) from the review rules' findings on the data."""
    f = facts or Facts.of(report)
    profile = profile or profile_for(settings)
    findings = data_findings(f.report, profile)
    missed = shortfalls(f)
    out: list[Problem] = []
    for rule_id, remedies in REMEDIES.items():
        if rule_id == "IND002":  # indicators that missed their 年度指标值 or lost points, one by one
            out.extend(shortfall_problem(sf, f.year) for sf in missed)
        mine = [x for x in findings if x.rule == rule_id]
        for r in remedies:
            fs = [x for x in mine if r.match in x.message]
            if not fs:
                continue
            if r.key == "under_execution":
                for suffix, title, evidence in _ev_under_execution(f, fs, profile):
                    out.append(_problem(r, evidence, key=f"{r.key}:{suffix}" if suffix else r.key, title=title))
                continue
            evidence = r.evidence(f, fs, profile)
            if evidence:
                out.append(_problem(r, evidence))
    year = f"{f.year}年" if f.year else "本年度"
    unspent = _unspent(f)
    if len(out) < 2 and unspent is not None and not any(p.key == "under_execution" for p in out):
        out.append(
            Problem(
                key="unspent_balance",
                title="部分预算资金当年未支出",
                evidence=(
                    f"{year}全年预算数{fmt_fig(f.fund.budget)}万元，全年执行数{fmt_fig(f.fund.executed)}万元，"
                    f"预算执行率{fmt(f.rate)}%，尚有{fmt(unspent)}万元未支出。"
                ),
                cause=placeholder("说明未支出资金的原因（如项目尚未完工、政府采购节约、政策调整等）"),
                measure=(
                    "对未支出资金逐项分析：属于项目跨年实施的明确支付计划，属于结余的按规定清理收回或统筹使用，"
                    "并在下年度预算编制中据实核减相应支出。"
                ),
                policy=P_LAW,
                policy_query="结转结余资金 清理 统筹使用 预算执行",
                severity="low",
            )
        )
    if len(out) < 2:  # never 'no problems'; a thin list gets the monitoring/evidence problem
        n = len(f.indicators)
        out.append(
            Problem(
                key="evidence_management",
                title="绩效佐证资料管理和绩效分析深度有待加强",
                evidence=(
                    f"本年度自评表共设置{n}项三级指标，均达到年度指标值，但报告对指标完成质量和效益的分析仍以结果罗列为主。"
                    if n and not missed
                    else f"本年度自评表共设置{n}项三级指标，报告对指标完成质量和效益的分析仍以结果罗列为主。"
                    if n
                    else "本年度自评主要罗列工作结果，对支出效益的分析不够深入。"
                )
                + placeholder("补充本单位在绩效管理中发现的具体不足"),
                cause="绩效管理工作主要集中在年末自评，日常绩效运行监控和数据积累不足。",
                measure="把绩效运行监控嵌入日常预算执行管理，按季度采集指标数据并分析偏差，年终自评时据实分析效益。",
                policy=P_2018,
                policy_query="绩效运行监控 双监控",
                severity="low",
            )
        )
    out.sort(key=lambda p: SEVERITY_ORDER[p.severity])
    return out
