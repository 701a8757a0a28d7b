"""Offline drafter: deterministic section writers over the Report's figures, the rules and retrieved passages.

Each writer returns a :class:`SectionDraft` (paragraph lines, cited hits, placeholders). Numbers are
only ever taken from the Report or computed from it; facts only the user knows become 【待补充：…】.
:class:`OfflineDrafter` is the offline :class:`~assistant.drafting.writer.SectionWriter`: it drafts with
these writers and revises with deterministic transforms (更简洁 shortens; 补充满意度调查方法 adds a
paragraph with placeholders; 补充政策依据 adds cited policy; 重新生成/更详细 redrafts in full).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Callable

from assistant.drafting.facts import Facts, is_measured, satisfaction_basis
from assistant.drafting.models import PLACEHOLDER_PATTERN, DraftSuggestion, Problem, placeholder
from assistant.drafting.problems import find_problems
from assistant.drafting.retrieval import Retriever, hit_to_citation
from assistant.drafting.writer import Drafted, SectionWriter
from assistant.numfmt import amount as fmt
from assistant.numfmt import change_pct
from assistant.numfmt import figure as fmt_fig
from assistant.numfmt import percent_of as pct
from assistant.privacy import mask_pii
from assistant.report.targets import shortfall

if TYPE_CHECKING:  # pragma: no cover
    from assistant.drafting.drafter import DraftRun
    from assistant.knowledge.models import Hit
    from assistant.report.model import Report
    from assistant.review.finding import Finding

TEMPLATE_HINTS = ("总结归纳本部门", "报告需要以下附件", "（一个专项一行）")
CLASS_ORDER = ("工资福利支出", "商品和服务支出", "对个人和家庭的补助", "资本性支出")
CLASS_WORDS = {"对个人和家庭的补助": "对个人和家庭的补助支出"}


@dataclass
class DraftContext:
    report: "Report"
    retriever: Retriever
    facts: Facts = None  # type: ignore[assignment]
    problems: list[Problem] = None  # type: ignore[assignment]

    def __post_init__(self) -> None:
        if self.facts is None:
            self.facts = Facts.of(self.report)
        if self.problems is None:
            self.problems = find_problems(self.report, self.facts)

    @property
    def year(self) -> str:
        return f"{self.facts.year}年" if self.facts.year else "本年度"


@dataclass
class SectionDraft:
    lines: list[str] = field(default_factory=list)
    hits: list["Hit"] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def cite(self, hit: "Hit | None") -> str:
        """Record a hit and return its inline key '[K-…]' (empty when there is no hit)."""
        if hit is None:
            return ""
        if all(h.id != hit.id for h in self.hits):
            self.hits.append(hit)
        return f"[{hit.id}]"

    @property
    def text(self) -> str:
        return "\n".join(line for line in self.lines if line.strip())


def existing_lines(report: "Report", label: str) -> list[str]:
    """The user's own paragraphs of a section, minus template/instruction text."""
    sec = report.section(label)
    if sec is None:
        return []
    return [p.text for p in sec.paragraphs if p.text.strip() and not any(h in p.text for h in TEMPLATE_HINTS)]


def _classes_text(classes: dict) -> str:
    parts = []
    for name in CLASS_ORDER:
        if name in classes:
            parts.append(f"{CLASS_WORDS.get(name, name)}{fmt_fig(classes[name])}万元")
    for name, fig in classes.items():
        if name not in CLASS_ORDER:
            parts.append(f"{name}{fmt_fig(fig)}万元")
    return "，".join(parts)


def _policy_hit(ctx: DraftContext, wenhao: str, query: str) -> "Hit | None":
    return ctx.retriever.policy(wenhao, query)


# ------------------------------------------------------------------ 一


def write_1(ctx: DraftContext) -> SectionDraft:
    d = SectionDraft()
    f = ctx.facts
    own = existing_lines(ctx.report, "一")
    authorized, actual, retired = f.staffing()
    staff_bits = []
    if authorized:
        staff_bits.append(f"核定编制{fmt_fig(authorized)}人")
    if actual:
        staff_bits.append(f"实有在职人员{fmt_fig(actual)}人")
    if retired:
        staff_bits.append(f"退休人员{fmt_fig(retired)}人")
    staff = "，".join(staff_bits)
    if own:
        d.lines.extend(own)
        joined = "".join(own)
        if staff and "编制" not in joined:
            d.lines.append(f"人员情况：{staff}。")
        se = ctx.report.self_eval
        if se and se.goal_target and "目标" not in joined:
            d.lines.append(f"年度绩效目标：{se.goal_target}")
            if se.goal_actual:
                d.lines.append(f"完成情况：{se.goal_actual}")
        return d
    d.lines.append("（一）部门（单位）基本情况")
    d.lines.append("1、职能职责：" + placeholder("按“三定”方案概括本单位主要职能职责"))
    d.lines.append("2、机构设置：" + placeholder("内设机构数量和名称、下属单位情况"))
    if staff:
        d.lines.append(f"3、人员情况：{staff}。")
    else:
        d.lines.append("3、人员情况：" + placeholder("编制数、实有在职人数、退休人数"))
    d.lines.append("（二）年度绩效目标及完成情况")
    se = ctx.report.self_eval
    if se and se.goal_target:
        d.lines.append(f"年度绩效目标：{se.goal_target}")
    else:
        d.lines.append("年度绩效目标：" + placeholder("本年度部门整体绩效目标，尽量量化"))
    if se and se.goal_actual:
        d.lines.append(f"完成情况：{se.goal_actual}")
    else:
        d.lines.append("完成情况：" + placeholder("逐条对应目标写明完成数量和质量"))
    return d


# ------------------------------------------------------------------ 二


def _purpose_sentences(report: "Report") -> list[str]:
    out = []
    for line in existing_lines(report, "二"):
        for sent in re.split(r"(?<=。)", line):
            if sent and any(w in sent for w in ("主要用于", "资金来源", "非税收入", "全部为")) and sent not in out:
                out.append(sent.strip())
    return out


def write_2(ctx: DraftContext) -> SectionDraft:
    d = SectionDraft()
    f = ctx.facts
    b = ctx.report.budget
    by_nature = ctx.report.self_eval.by_nature if ctx.report.self_eval else {}
    totals: list[Decimal] = []
    for key, label, head in (("basic", "基本支出", "（一）基本支出情况"), ("project", "项目支出", "（二）项目支出情况")):
        part = getattr(b, key)
        total = part.total or by_nature.get(label)
        d.lines.append(head)
        if total is None:
            d.lines.append(f"{ctx.year}度{label}" + placeholder(f"{label}金额及按经济分类的构成"))
            continue
        totals.append(total.value)
        sentence = f"{ctx.year}度{label}{fmt_fig(total)}万元"
        if part.classes:
            sentence += f"，其中：{_classes_text(part.classes)}。"
            s = sum((c.value for c in part.classes.values()), Decimal(0))
            if abs(s - total.value) > Decimal("0.01"):
                gap = total.value - s
                sentence += placeholder(
                    f"核实{label}合计与经济分类明细：明细之和为{fmt(s)}万元，与合计相差{fmt(abs(gap))}万元，"
                    "请以部门决算报表为准修正"
                )
                d.warnings.append(
                    f"{label}{fmt_fig(total)}万元 ≠ 各经济分类之和{fmt(s)}万元（差额{fmt(gap)}万元），草稿保留原数据，请核实"
                )
        else:
            sentence += "。" + placeholder(f"{label}按经济分类（工资福利支出、商品和服务支出等）的金额")
        d.lines.append(sentence)
        if key == "project":
            purpose = _purpose_sentences(ctx.report)
            d.lines.append("".join(purpose) if purpose else placeholder("项目支出的主要用途和资金来源"))
    if len(totals) == 2:
        total_line = f"基本支出与项目支出合计{fmt(totals[0] + totals[1])}万元"
        if f.fund and f.fund.executed:
            if abs(f.fund.executed.value - totals[0] - totals[1]) <= Decimal("0.01"):
                total_line += f"，与自评表全年执行数{fmt_fig(f.fund.executed)}万元一致。"
            else:
                total_line += f"，自评表全年执行数为{fmt_fig(f.fund.executed)}万元，二者不一致，" + placeholder("核实并统一口径")
                d.warnings.append(
                    f"基本支出与项目支出合计{fmt(totals[0] + totals[1])}万元 ≠ 自评表全年执行数{fmt_fig(f.fund.executed)}万元"
                )
        else:
            total_line += "（按上述两项计算）。"
        d.lines.append(total_line)
    return d


# ------------------------------------------------------------------ 三 四 五

_OTHER_BUDGETS = {"三": ("政府性基金预算", "政府性基金"), "四": ("国有资本经营预算", "国有资本经营"), "五": ("社会保险基金预算", "社会保险基金")}


def write_other_budget(label: str) -> Callable[[DraftContext], SectionDraft]:
    name, word = _OTHER_BUDGETS[label]

    def writer(ctx: DraftContext) -> SectionDraft:
        d = SectionDraft()
        own = existing_lines(ctx.report, label)
        if own:
            d.lines.extend(own)
            return d
        by_income = ctx.report.self_eval.by_income if ctx.report.self_eval else {}
        fig = next((v for k, v in by_income.items() if word in k), None)
        if fig is not None and fig.value == 0:
            d.lines.append(f"本单位{ctx.year}度无{name}支出。")
        elif fig is not None:
            d.lines.append(f"{ctx.year}度{name}支出{fmt_fig(fig)}万元，" + placeholder(f"{name}资金的主要用途和执行情况"))
        else:
            d.lines.append(placeholder(f"有{name}支出的写明规模、用途和执行情况；没有的写“本单位无{name}支出”"))
        return d

    return writer


# ------------------------------------------------------------------ 六


def _clean(t: str) -> str:
    return (t or "").strip().strip("　").rstrip("。；;，,")


def _indicator_line(i, year: int | None) -> str:
    line = f"“{_clean(i.level3)}”年度指标值{_clean(i.target) or '未设置'}，实际完成{_clean(i.actual)}"
    sf = shortfall(i, year)
    if sf is not None and sf.missed:
        line += "，未达到年度指标值（原因分析见第七部分）"
    elif sf is not None:
        line += f"，自评得分{fmt_fig(i.score)}分（分值{fmt_fig(i.weight)}分）"
    return line


def _indicator_lines(rows, year: int | None = None) -> str:
    """Measured indicators as 'target → actual' (shortfalls marked); unmeasured ones grouped with one placeholder."""
    done = [i for i in rows if is_measured(i.actual)]
    todo = [i for i in rows if not is_measured(i.actual)]
    parts = [_indicator_line(i, year) for i in done]
    text = "；".join(parts) + "。" if parts else ""
    if todo:
        names = "、".join(f"“{_clean(i.level3)}”" for i in todo)
        text += (
            f"{names}的实际完成值填报为“{_clean(todo[0].actual) or '空白'}”等非实测表述，"
            + placeholder("逐项补充上述指标的实测完成值（数量、比率或日期）")
        )
    return text


def write_6(ctx: DraftContext) -> SectionDraft:
    d = SectionDraft()
    f = ctx.facts
    b = ctx.report.budget
    authorized, actual, _ = f.staffing()

    # (一) 运行成本
    d.lines.append("（一）运行成本")
    bits = []
    if b.basic.total:
        bits.append(f"{ctx.year}度基本支出{fmt_fig(b.basic.total)}万元")
    if f.public_cur:
        s = f"公用经费{fmt_fig(f.public_cur)}万元"
        if f.public_prev and f.public_prev.value:
            ch = change_pct(f.public_cur.value, f.public_prev.value)
            s += f"，较上年{fmt_fig(f.public_prev)}万元{'增长' if ch >= 0 else '下降'}{fmt(abs(ch))}%"
        bits.append(s)
        if actual and actual.value:
            bits.append(f"按实有在职人员{fmt_fig(actual)}人计算，公用经费人均{fmt(f.public_cur.value / actual.value)}万元")
    cur, bud, prev = f.sg_total(f.sg_final_col), f.sg_total(f.sg_budget_col), f.sg_total(f.sg_prev_col)
    if cur is not None and bud:
        s = f"“三公”经费决算{fmt(cur)}万元，为预算数{fmt(bud)}万元的{fmt(pct(cur, bud))}%"
        if prev:
            ch = change_pct(cur, prev)
            s += f"，较上年决算{fmt(prev)}万元{'增长' if ch >= 0 else '下降'}{fmt(abs(ch))}%"
        bits.append(s)
        parts = []
        for key, name in (("vehicle", "公务用车购置及运行维护费"), ("abroad", "因公出国（境）费"), ("reception", "公务接待费")):
            v = f.sg(key, f.sg_final_col)
            if v is not None:
                parts.append(f"{name}{fmt(v)}万元")
        if parts:
            bits.append("其中" + "，".join(parts))
    d.lines.append("；".join(bits) + "。" if bits else placeholder("基本支出、公用经费和“三公”经费与预算及上年对比情况"))

    # (二) 管理效率
    d.lines.append("（二）管理效率")
    bits = []
    if f.fund and f.fund.budget and f.fund.executed and f.rate is not None:
        bits.append(
            f"全年预算数{fmt_fig(f.fund.budget)}万元，全年执行数{fmt_fig(f.fund.executed)}万元，预算执行率{fmt(f.rate)}%"
        )
        if f.adjust_pct is not None and f.fund.initial_budget:
            if f.adjust_pct == 0:
                bits.append(f"年初预算数{fmt_fig(f.fund.initial_budget)}万元，年中未作调整")
            else:
                bits.append(
                    f"年初预算数{fmt_fig(f.fund.initial_budget)}万元，年中{'调增' if f.adjust_pct > 0 else '调减'}"
                    f"{fmt(abs(f.adjust_pct))}%"
                )
    cr = f.control_rate()
    if authorized and actual and cr is not None:
        bits.append(f"编制数{fmt_fig(authorized)}人，实有在职人员{fmt_fig(actual)}人，人员控制率{fmt(cr)}%")
    if f.procurement:
        bits.append(f"政府采购金额{fmt_fig(f.procurement)}万元")
    text = "；".join(bits) + "。" if bits else ""
    d.lines.append(text + "制度建设方面：" + placeholder("本年度新建或修订的财务、资产、采购等内部管理制度及执行情况"))

    # (三) 履职效能
    d.lines.append("（三）履职效能")
    se = ctx.report.self_eval
    if se and se.goal_actual:
        d.lines.append(f"对照年度总体目标，实际完成情况为：{se.goal_actual}")
    outputs = [i for i in f.indicators if "产出" in i.level1]
    if outputs:
        d.lines.append("主要产出指标完成情况：" + _indicator_lines(outputs, f.year))
    if f.indicators:
        met = [i for i in f.indicators if i.weight and i.score and i.score.value >= i.weight.value]
        total = se.total_score if se else None
        line = f"自评表共设置{len(f.indicators)}项三级指标，其中{len(met)}项取得满分"
        if total:
            line += f"，自评总分{fmt_fig(total)}分"
        d.lines.append(line + "。")
    if not outputs and not (se and se.goal_actual):
        d.lines.append(placeholder("主要职责任务完成的数量、质量和时效"))

    # (四) 社会效应
    d.lines.append("（四）社会效应")
    effects = [i for i in f.indicators if "效益" in i.level1 and "可持续" not in i.level2]
    if effects:
        d.lines.append(_indicator_lines(effects, f.year))
    d.lines.append(placeholder("服务对象受益情况和典型成效事例"))

    # (五) 可持续发展能力
    d.lines.append("（五）可持续发展能力")
    sustain = [i for i in f.indicators if "可持续" in i.level2]
    if sustain:
        d.lines.append(_indicator_lines(sustain, f.year))
    d.lines.append(placeholder("人才队伍建设、信息化建设和长效管理机制情况"))

    # (六) 服务对象满意度
    d.lines.append("（六）服务对象满意度")
    sat = f.satisfaction()
    hit = _policy_hit(ctx, "财预〔2021〕101号", "满意度指标 调查方式 样本量")
    if sat:
        d.lines.append(_indicator_lines(sat, f.year))
    else:
        d.lines.append(placeholder("服务对象满意度结果"))
    basis = satisfaction_basis(ctx.report)
    if basis is not None:
        d.lines.append(f"满意度调查依据：{basis.text}（据{basis.where}的说明）。" + d.cite(hit))
    else:
        d.lines.append(
            "满意度调查依据：" + placeholder("调查方式、调查对象、发放和回收问卷份数、调查时间") + d.cite(hit)
        )
    return d


# ------------------------------------------------------------------ 七 八


def write_7(ctx: DraftContext) -> SectionDraft:
    d = SectionDraft()
    numerals = "一二三四五六七八九十"
    hit = ctx.retriever.policy("部门整体支出绩效自评报告", "存在的问题及原因分析")
    for n, p in enumerate(ctx.problems[:10]):
        d.lines.append(f"（{numerals[n]}）{p.title}")
        d.lines.append(f"{p.evidence}原因分析：{p.cause}")
    if hit is not None:
        d.cite(hit)
    return d


def write_8(ctx: DraftContext) -> SectionDraft:
    d = SectionDraft()
    numerals = "一二三四五六七八九十"
    for n, p in enumerate(ctx.problems[:10]):
        hit = _policy_hit(ctx, p.policy, p.policy_query)
        title = f"《{hit.title.replace('（摘要）', '')}》" if hit is not None else ""
        d.lines.append(f"（{numerals[n]}）针对“{p.title}”")
        d.lines.append(f"{p.measure}政策依据：{p.policy}{title}{d.cite(hit)}。")
    return d


# ------------------------------------------------------------------ 九 十


PUBLISH_PLACES = ("网站", "网", "平台", "公示栏", "公告栏", "政务公开", "公众号")


def publication_channel(report: "Report") -> str:
    """Where the unit publishes, as its own 九 text says (e.g. carried from last year's report); '' if unsaid."""
    for line in existing_lines(report, "九"):
        for clause in re.split(r"[，,。；;]", line):
            c = clause.strip()
            if "公开" in c and any(w in c for w in PUBLISH_PLACES) and "待补充" not in c:
                return c.removeprefix("并").strip()
    return ""


def write_9(ctx: DraftContext) -> SectionDraft:
    d = SectionDraft()
    next_year = f"{ctx.facts.year + 1}年度" if ctx.facts.year else "下年度"
    h2018 = _policy_hit(ctx, "中发〔2018〕34号", "结果应用 预算安排挂钩")
    hlaw = _policy_hit(ctx, "预算法及其实施条例", "预决算公开 个人信息")
    d.lines.append("（一）自评结果应用")
    d.lines.append(
        f"将本次自评结果作为编制{next_year}预算和安排项目资金的重要依据{d.cite(h2018)}，"
        "对第七部分列出的问题建立整改清单，明确责任科室和完成时限，整改情况纳入下一年度绩效自评；"
        "对自评中暴露的制度短板，及时修订内部管理制度。"
    )
    d.lines.append("（二）公开情况")
    channel = publication_channel(ctx.report)
    where = (
        f"公开渠道：{channel}，公开时间" + placeholder("公开时间")
        if channel
        else "公开渠道为" + placeholder("公开网站或平台名称及公开时间")
    )
    d.lines.append(
        "按照预决算公开的有关规定，本报告经单位领导班子审定后，与部门决算一并公开，"
        + where
        + f"。公开前删除个人手机号码、身份证号码等个人信息，仅保留单位办公电话{d.cite(hlaw)}。"
    )
    return d


def write_10(ctx: DraftContext) -> SectionDraft:
    d = SectionDraft()
    own = [line for line in existing_lines(ctx.report, "十") if line.strip() not in ("无", "无。")]
    if own:
        d.lines.extend(own)
        return d
    f = ctx.facts
    if f.adjust_pct is not None and abs(f.adjust_pct) > Decimal(10) and f.fund:
        d.lines.append(
            f"本年度年初预算{fmt_fig(f.fund.initial_budget)}万元，年中调整为{fmt_fig(f.fund.budget)}万元，"
            "调整原因：" + placeholder("年中追加或调减预算的主要事项和原因")
        )
    else:
        d.lines.append("无其他需要说明的情况。")
    return d


WRITERS: dict[str, Callable[[DraftContext], SectionDraft]] = {
    "一": write_1,
    "二": write_2,
    "三": write_other_budget("三"),
    "四": write_other_budget("四"),
    "五": write_other_budget("五"),
    "六": write_6,
    "七": write_7,
    "八": write_8,
    "九": write_9,
    "十": write_10,
}


def placeholders_in(text: str) -> list[str]:
    return re.findall(PLACEHOLDER_PATTERN, text)


# ------------------------------------------------------------------ the offline SectionWriter

UNKNOWN_REQUEST = "离线模式无法执行该修改要求，内容未改动；可手动编辑，或配置大模型后再试"

_SUBHEAD = re.compile(r"^[（(][一二三四五六七八九十]+[）)]|^\d+、")
_CITE_KEYS = re.compile(r"\[K-[0-9a-f]{12}\]")


def shorten(text: str) -> str:
    """Keep headings, placeholders and the first sentence of every paragraph."""
    out = []
    for line in text.splitlines():
        if not line.strip():
            continue
        if _SUBHEAD.match(line) and len(line) <= 40:
            out.append(line)
            continue
        sentences = [s for s in re.split(r"(?<=[。；])", line) if s.strip()]
        if not sentences:
            continue
        first = sentences[0]
        if first.endswith("；"):
            first = first[:-1] + "。"
        kept = [first] + [s for s in sentences[1:] if "【待补充" in s and s not in first]
        out.append("".join(kept))
    return "\n".join(out)


def add_survey_method(text: str) -> str:
    para = (
        "满意度调查方法：本次满意度调查采用"
        + placeholder("调查方式，如现场问卷、电话回访、网络问卷或委托第三方")
        + "，调查对象为"
        + placeholder("服务对象范围")
        + "，共发放问卷"
        + placeholder("发放份数")
        + "份，回收有效问卷"
        + placeholder("有效回收份数")
        + "份，调查时间为"
        + placeholder("调查起止时间")
        + "，满意度按“满意”和“比较满意”人数占有效样本的比例计算。"
    )
    dropped = [ln for ln in text.splitlines() if ln.startswith("满意度调查依据：")]
    keys = "".join(_CITE_KEYS.findall("".join(dropped)))
    para = para[:-1] + keys + "。" if keys else para
    lines = [ln for ln in text.splitlines() if ln not in dropped]
    idx = next((i for i, ln in enumerate(lines) if "满意度" in ln and _SUBHEAD.match(ln)), None)
    if idx is None:
        return "\n".join([*lines, para])
    # insert after the satisfaction block's first body paragraph
    insert_at = idx + 2 if idx + 1 < len(lines) else idx + 1
    return "\n".join([*lines[:insert_at], para, *lines[insert_at:]])


POLICY_BASES = (("中发〔2018〕34号", "全过程 绩效管理"), ("财预〔2021〕101号", "指标 细化量化"), ("财预〔2020〕10号", "单位自评"))


class OfflineDrafter(SectionWriter):
    """The deterministic offline writer (product code, no network): drafts from data, revises by rules."""

    name = "offline"
    is_offline = True
    reviews_whole_draft = True  # deterministic text: one review pass over the assembled draft

    def __init__(self, settings=None) -> None:  # noqa: ARG002 - same factory signature as the LLM ports
        pass

    def draft(self, run: DraftRun, label: str, *, check: bool = True) -> Drafted:
        sd = WRITERS[label](run.ctx)
        text = sd.text
        if check:
            errors = run.new_errors(label, text)
            if errors:
                text = self.repair(run, label, text, errors)
        return Drafted(text, [hit_to_citation(h) for h in sd.hits], sd.warnings)

    def repair(self, run: DraftRun, label: str, text: str, errors: list[Finding]) -> str:
        """Drop template lines a review finding quotes and mask personal data."""
        fixed = mask_pii(text)
        for f in errors:
            ev = (f.evidence or "").strip()
            if f.category == "boilerplate" and ev:
                fixed = "\n".join(ln for ln in fixed.splitlines() if ev[:20] not in ln)
        return fixed

    def _transforms(self, run: DraftRun, label: str) -> list[tuple[Callable[[str], bool], Callable[[str], str]]]:
        def redraft(_: str) -> str:
            return self.draft(run, label).text

        def add_policy(text: str) -> str:
            hits = [run.retriever.policy(w, q) for w, q in POLICY_BASES]
            bits = [f"{h.wenhao or h.title}[{h.id}]" for h in hits if h is not None]
            return text + "\n政策依据：" + ("、".join(bits) if bits else "中发〔2018〕34号、财预〔2020〕10号、财预〔2021〕101号") + "。"

        return [
            (lambda r: any(w in r for w in ("简洁", "精简", "缩短", "简短", "压缩", "短一些")), shorten),
            (lambda r: "满意度" in r and any(w in r for w in ("调查", "方法", "样本", "问卷", "依据")), add_survey_method),
            (lambda r: any(w in r for w in ("政策依据", "引用政策", "依据文件", "文号")), add_policy),
            (lambda r: any(w in r for w in ("重新生成", "重写", "详细", "展开", "恢复")), redraft),
        ]

    def revise(self, run: DraftRun, label: str, current: DraftSuggestion, request: str) -> Drafted:
        for matches, transform in self._transforms(run, label):
            if matches(request):
                text = transform(current.text)
                fresh = self.draft(run, label) if "[K-" in text else None
                known = {c.id: c for c in (current.citations + (fresh.citations if fresh else []))}
                for hits in run.retriever.cached_hits():
                    for hit in hits:
                        known.setdefault(hit.id, hit_to_citation(hit))
                return Drafted(text, [c for cid, c in known.items() if f"[{cid}]" in text])
        return Drafted(current.text, list(current.citations), [UNKNOWN_REQUEST])
