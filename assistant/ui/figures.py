"""The figures form of the 起草 page as a pure model: live totals, rates and scores, conversion to a
:class:`~assistant.report.model.Report` (for review, drafting and export) and back, and the live checks.

The live checks judge nothing themselves: they run the review rules (:data:`FORM_RULES`) on the Report built
from the form and show each finding next to the part of the form it concerns, so the form, the review and
the drafter agree, with the thresholds of the rubric profile in the settings.

Money is 万元, Decimal, quantised to 0.01 for display; rates are percentages.
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from assistant.report.model import (
    ATTACHMENT_TITLES,
    ECONOMIC_CLASSES,
    SECTION_LABELS,
    SECTION_TITLES,
    Attachment,
    BasicData,
    BudgetSummary,
    ClassBreakdown,
    ExpenseRow,
    Figure,
    FundRow,
    IndicatorRow,
    Paragraph,
    ParseMeta,
    Report,
    SanGong,
    SanGongRow,
    Section,
    SelfEvalTable,
    Source,
    Staffing,
    Table,
)
from assistant.review import Finding, profile_for, run_rules
from assistant.review.profile import Profile
from assistant.settings import Settings

CENT = Decimal("0.01")
INCOME_KEYS: tuple[str, ...] = ("一般公共预算", "政府性基金拨款", "纳入专户管理的非税收入拨款", "其他资金")
SANGONG_ITEMS: dict[str, str] = {
    "abroad": "因公出国（境）费",
    "vehicle_purchase": "公务用车购置费",
    "vehicle_run": "公务用车运行维护费",
    "reception": "公务接待费",
}
SANGONG_COLS: tuple[str, ...] = ("prev_final", "budget", "final")
LEVEL1_NAMES: tuple[str, ...] = ("产出指标", "效益指标", "满意度指标")
EXEC_WEIGHT = Decimal(10)  # the form's starting 分值 for 预算执行率 (the profile's weight is what checks judge)
INDICATOR_COLUMNS: tuple[str, ...] = ("level1", "level2", "level3", "target", "actual", "weight", "score", "note")
INDICATOR_LABELS: dict[str, str] = {
    "level1": "一级指标",
    "level2": "二级指标",
    "level3": "三级指标",
    "target": "年度指标值",
    "actual": "实际完成值",
    "weight": "分值",
    "score": "得分",
    "note": "偏差原因分析及改进措施",
}
PROJECT_FUND_COLUMNS: tuple[str, ...] = ("name", "initial_budget", "budget", "executed")
PROJECT_FUND_LABELS: dict[str, str] = {
    "name": "资金来源", "initial_budget": "年初预算数", "budget": "全年预算数", "executed": "全年执行数",
}
FUND_TOTAL = "年度资金总额"
# The form field each rule's findings are shown next to: the live checks are these rules' findings.
FORM_RULES: dict[str, str] = {
    "ARI001": "budget", "ARI002": "budget", "ARI030": "budget", "ARI008": "budget", "BUD003": "budget", "BUD006": "budget",
    "ARI007": "income", "CON005": "income",
    "ARI005": "staffing", "BUD005": "staffing",
    "CON002": "public_funds",
    "ARI006": "sangong", "BUD001": "sangong", "BUD002": "sangong",
    "SCO001": "indicators", "SCO002": "indicators", "SCO003": "indicators", "IND001": "indicators",
    "IND002": "indicators", "IND003": "indicators", "IND004": "indicators", "EVD001": "indicators",
}


def dec(value: Any) -> Decimal | None:
    """Lenient number parsing for form input: '1,234.5' / '98.76%' / 12.3 / None → Decimal | None."""
    if value is None or value == "":
        return None
    if isinstance(value, Decimal):
        return value
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        if value != value:  # NaN from a data editor
            return None
        return Decimal(str(value))
    text = str(value).strip().replace(",", "").replace("，", "").replace("%", "").replace("％", "")
    text = text.translate(str.maketrans("０１２３４５６７８９．－", "0123456789.-"))
    try:
        return Decimal(text)
    except InvalidOperation:
        return None


def q2(value: Decimal | None) -> Decimal | None:
    return None if value is None else value.quantize(CENT, rounding=ROUND_HALF_UP)


def fmt(value: Decimal | None, unit: str = "") -> str:
    """'—' for missing, else two decimals (integers for 人)."""
    if value is None:
        return "—"
    if unit == "人":
        return f"{value.quantize(Decimal(1))}{unit}"
    return f"{q2(value):.2f}{unit}"


class IndicatorInput(BaseModel):
    """One row of the 附件2 indicator table as typed in the form."""

    model_config = ConfigDict(extra="ignore")

    level1: str = ""
    level2: str = ""
    level3: str = ""
    target: str = ""
    actual: str = ""
    weight: Decimal | None = None
    score: Decimal | None = None
    note: str = ""

    def started(self) -> bool:
        """The user has typed something a rule can judge (not just the skeleton's 一级/二级/分值)."""
        return bool(self.level3.strip() or self.target.strip() or self.actual.strip() or self.score is not None
                    or self.note.strip())


class ProjectFundInput(BaseModel):
    """One funds row of a 附件3 project table (年度资金总额 first, then its 其中 rows)."""

    model_config = ConfigDict(extra="ignore")

    name: str = FUND_TOTAL
    initial_budget: Decimal | None = None
    budget: Decimal | None = None
    executed: Decimal | None = None


class ProjectInput(BaseModel):
    """One 附件3 项目支出绩效自评表 as typed in the form."""

    model_config = ConfigDict(extra="ignore")

    name: str = Field("", description="项目名称.")
    department: str = Field("", description="主管部门.")
    implementer: str = Field("", description="实施单位.")
    funds: list[ProjectFundInput] = Field(default_factory=lambda: [ProjectFundInput()], description="项目资金.")
    exec_weight: Decimal = Field(EXEC_WEIGHT, description="预算执行率 分值.")
    goal_target: str = Field("", description="年度总体目标 预期目标.")
    goal_actual: str = Field("", description="年度总体目标 实际完成情况.")
    indicators: list[IndicatorInput] = Field(default_factory=list, description="Indicator rows.")

    def total(self) -> ProjectFundInput:
        return next((f for f in self.funds if "总额" in f.name), self.funds[0] if self.funds else ProjectFundInput())


def _classes() -> dict[str, Decimal | None]:
    return {c: None for c in ECONOMIC_CLASSES}


def _sangong() -> dict[str, dict[str, Decimal | None]]:
    return {k: {c: None for c in SANGONG_COLS} for k in SANGONG_ITEMS}


class Figures(BaseModel):
    """Everything the 起草 figures form holds. Stored as JSON in the draft (autosave)."""

    model_config = ConfigDict(extra="ignore")

    unit: str = Field("", description="单位名称.")
    year: int = Field(2024, description="Budget year.")
    initial_budget: Decimal | None = Field(None, description="年初预算数.")
    budget: Decimal | None = Field(None, description="全年预算数 (adjusted budget).")
    basic_total: Decimal | None = Field(None, description="基本支出 as stated; None = use the sum of classes.")
    basic: dict[str, Decimal | None] = Field(default_factory=_classes, description="基本支出 by class.")
    project_total: Decimal | None = Field(None, description="项目支出 as stated.")
    project: dict[str, Decimal | None] = Field(default_factory=_classes, description="项目支出 by class.")
    income: dict[str, Decimal | None] = Field(
        default_factory=lambda: {k: None for k in INCOME_KEYS}, description="资金 by income nature."
    )
    sangong: dict[str, dict[str, Decimal | None]] = Field(default_factory=_sangong, description="三公经费.")
    public_funds: Decimal | None = Field(None, description="附件1 公用经费 (本年决算).")
    authorized: int | None = Field(None, description="编制数.")
    actual_staff: int | None = Field(None, description="实际在职人数.")
    exec_weight: Decimal = Field(EXEC_WEIGHT, description="预算执行率 分值.")
    goal_target: str = Field("", description="年度总体目标 预期目标.")
    goal_actual: str = Field("", description="年度总体目标 实际完成情况.")
    indicators: list[IndicatorInput] = Field(default_factory=list, description="附件2 indicator rows.")
    projects: list[ProjectInput] = Field(default_factory=list, description="附件3 project tables, one per project.")

    def to_json(self) -> dict[str, Any]:
        return self.model_dump(mode="json")

    def sangong_labels(self) -> dict[str, str]:
        return {
            "prev_final": f"{self.year - 1}年决算数",
            "budget": f"{self.year}年预算数",
            "final": f"{self.year}年决算数",
        }


# ---------------------------------------------------------------- live metrics and checks


class Check(BaseModel):
    """A review finding shown while typing, next to the form area it concerns."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    severity: Literal["error", "warning", "info"]
    field: str = Field(description="Form area: budget | sangong | staffing | income | indicators | public_funds")
    message: str
    rule: str = Field("", description="Id of the review rule whose finding this is.")


class BlockSum(BaseModel):
    model_config = ConfigDict(extra="forbid")

    level1: str
    expected: Decimal | None
    weight: Decimal
    score: Decimal


class Metrics(BaseModel):
    """Derived values shown next to the form."""

    model_config = ConfigDict(extra="forbid")

    basic_sum: Decimal | None = None
    basic: Decimal | None = None
    project_sum: Decimal | None = None
    project: Decimal | None = None
    executed: Decimal | None = None
    exec_rate: Decimal | None = Field(None, description="执行率, %.")
    exec_score: Decimal | None = Field(None, description="分值 × 执行率, capped at 分值.")
    control_rate: Decimal | None = Field(None, description="实际在职人数 / 编制数, %.")
    income_sum: Decimal | None = None
    sangong_total: dict[str, Decimal | None] = Field(default_factory=dict)
    sangong_vehicle: dict[str, Decimal | None] = Field(default_factory=dict)
    blocks: list[BlockSum] = Field(default_factory=list)
    indicator_weight: Decimal | None = None
    indicator_score: Decimal | None = None
    total_weight: Decimal | None = None
    total_score: Decimal | None = None


def _sum(values) -> Decimal | None:
    vals = [v for v in values if v is not None]
    return sum(vals, Decimal(0)) if vals else None


def _weights(profile: Profile | None) -> dict[str, Decimal]:
    return dict((profile or profile_for()).weights)


def compute(fig: Figures, profile: Profile | None = None) -> Metrics:
    """Totals, rates and block sums; a block's expected weight is the profile's (default: from the settings)."""
    weights_std = _weights(profile)
    m = Metrics()
    m.basic_sum = _sum(fig.basic.values())
    m.project_sum = _sum(fig.project.values())
    m.basic = fig.basic_total if fig.basic_total is not None else m.basic_sum
    m.project = fig.project_total if fig.project_total is not None else m.project_sum
    m.executed = _sum([m.basic, m.project])
    if m.executed is not None and fig.budget:
        m.exec_rate = m.executed / fig.budget * 100
        m.exec_score = min(fig.exec_weight * m.executed / fig.budget, fig.exec_weight)
    if fig.authorized and fig.actual_staff is not None:
        m.control_rate = Decimal(fig.actual_staff) / Decimal(fig.authorized) * 100
    m.income_sum = _sum(fig.income.values())
    for col in SANGONG_COLS:
        vehicle = _sum([fig.sangong["vehicle_purchase"][col], fig.sangong["vehicle_run"][col]])
        m.sangong_vehicle[col] = vehicle
        m.sangong_total[col] = _sum([fig.sangong["abroad"][col], vehicle, fig.sangong["reception"][col]])
    order: list[str] = []
    weights: dict[str, Decimal] = {}
    scores: dict[str, Decimal] = {}
    for row in fig.indicators:
        key = canonical_level1(row.level1)
        if key not in weights:
            order.append(key)
            weights[key] = Decimal(0)
            scores[key] = Decimal(0)
        weights[key] += row.weight or 0
        scores[key] += row.score or 0
    m.blocks = [
        BlockSum(level1=k, expected=weights_std.get(k), weight=weights[k], score=scores[k]) for k in order
    ]
    if fig.indicators:
        m.indicator_weight = sum(weights.values(), Decimal(0))
        m.indicator_score = sum(scores.values(), Decimal(0))
        m.total_weight = m.indicator_weight + fig.exec_weight
        m.total_score = m.indicator_score + (q2(m.exec_score) or 0)
    return m


def canonical_level1(text: str) -> str:
    t = re.sub(r"[\s（）()0-9分]+", "", text or "")
    for k in LEVEL1_NAMES:
        if k in t or t and t in k:
            return k
    return t or "（未填一级指标）"


def checks(
    fig: Figures,
    m: Metrics | None = None,
    *,
    sections: dict[str, str] | None = None,
    settings: Settings | None = None,
) -> list[Check]:
    """The review rules' findings on the report built from the form, each mapped to its form area.

    ``m`` is accepted for the page's convenience (the report is built from ``fig``); ``sections`` lets rules
    that look for an explanation in the text (e.g. a low 执行率) see it; ``settings`` picks the profile.
    Findings on a part of the form the user has not started yet are held back (see :func:`entered`).
    """
    profile = profile_for(settings)
    report = build_report(fig, sections, profile=profile)
    return [
        Check(severity=f.severity, field=FORM_RULES[f.rule], message=f.message, rule=f.rule)
        for f in run_rules(report, profile=profile, select=FORM_RULES)
        if entered(fig, sections or {}, report, f)
    ]


def _has_money(values) -> bool:
    return any(v is not None for v in values)


def _anything(fig: Figures, sections: dict[str, str]) -> bool:
    """The user has typed a figure, a goal, an indicator, a project or a section (the unit/year do not count)."""
    return bool(
        any(t.strip() for t in sections.values())
        or _budget_entered(fig) or _annex1_entered(fig)
        or fig.goal_target.strip() or fig.goal_actual.strip()
        or any(r.started() for r in fig.indicators) or fig.projects
    )


def _budget_entered(fig: Figures) -> bool:
    return _has_money([fig.initial_budget, fig.budget, fig.basic_total, fig.project_total,
                       *fig.basic.values(), *fig.project.values(), *fig.income.values()])


def _annex1_entered(fig: Figures) -> bool:
    return (fig.authorized is not None or fig.actual_staff is not None or fig.public_funds is not None
            or _has_money(v for item in fig.sangong.values() for v in item.values()))


def _area_entered(fig: Figures, area: str) -> bool:
    """Whether the form area (a value of :data:`FORM_RULES`) holds any input."""
    if area == "budget":
        return _budget_entered(fig)
    if area == "income":
        return _has_money(fig.income.values())
    if area == "staffing":
        return fig.authorized is not None or fig.actual_staff is not None
    if area == "public_funds":
        return fig.public_funds is not None
    if area == "sangong":
        return _has_money(v for item in fig.sangong.values() for v in item.values())
    return any(r.started() for r in fig.indicators) or any(
        r.started() for p in fig.projects for r in p.indicators)


def _self_eval_entered(funds: bool, goal: tuple[str, str], indicators: list[IndicatorInput]) -> bool:
    return funds or any(g.strip() for g in goal) or any(r.started() for r in indicators)


def entered(fig: Figures, sections: dict[str, str], report: Report, finding: Finding) -> bool:
    """Whether the form holds input the finding judges, so a new, empty draft shows nothing.

    By the finding's location: a section → its text is not empty; 附件1 → the staffing, 三公 or 公用经费
    figures of that row; 附件2 / 附件3 → that indicator row was started, or for another row of the table
    (funds, goal, totals) that the table holds any input; 全文 → anything was typed. ``report`` is the
    Report built from ``fig`` and ``sections`` (the finding's table and row index into it)."""
    loc = finding.location
    section = loc.section
    if section in SECTION_LABELS or section == "全文":
        if finding.rule in FORM_RULES and _area_entered(fig, FORM_RULES[finding.rule]):
            return True  # a rule on the form's figures, located in the text those figures belong to (e.g. 二)
        if section == "全文":
            return _anything(fig, sections)
        return bool((sections.get(section) or "").strip())
    if section == "附件1":
        if loc.row is None:
            return _annex1_entered(fig)
        if loc.row <= 1:
            return fig.authorized is not None or fig.actual_staff is not None
        if loc.row >= 9:
            return fig.public_funds is not None
        return _has_money(v for item in fig.sangong.values() for v in item.values())
    if section in ("附件2", "附件3"):
        if report.self_eval is not None and report.self_eval.table == loc.table:
            view, typed = report.self_eval, fig.indicators
            whole = _self_eval_entered(_budget_entered(fig), (fig.goal_target, fig.goal_actual), typed)
        else:
            pairs = [(v, p) for v, p in zip(report.projects, fig.projects, strict=False) if v.table == loc.table]
            if not pairs:
                return _anything(fig, sections)
            view, project = pairs[0]
            typed = project.indicators
            funds = any(_has_money([f.initial_budget, f.budget, f.executed]) for f in project.funds)
            whole = bool(project.name.strip()) or _self_eval_entered(
                funds, (project.goal_target, project.goal_actual), typed)
        for row, typed_row in zip(view.indicators, typed, strict=False):
            if loc.row is not None and row.source is not None and row.source.row == loc.row:
                return typed_row.started()
        return whole
    return _anything(fig, sections)  # 附件4–6 and other labels


def held_back(fig: Figures, sections: dict[str, str], report: Report, findings) -> tuple[list, list]:
    """Split review findings into (shown, pending): pending ones judge parts of the form not started yet."""
    shown, pending = [], []
    for f in findings:
        (shown if entered(fig, sections, report, f) else pending).append(f)
    return shown, pending


# ---------------------------------------------------------------- Figures → Report


def _fig(value: Decimal | None, section: str, raw_label: str, unit: str = "万元", **src: Any) -> Figure | None:
    if value is None:
        return None
    text = f"{raw_label}{fmt(value, '' if unit == '人' else '')}".replace(",", "")
    return Figure(value=value, unit=unit, raw=text, source=Source(section=section, raw=text, **src))  # type: ignore[arg-type]


def _cell(value: Decimal | int | None) -> str:
    if value is None:
        return ""
    if isinstance(value, int):
        return str(value)
    return f"{q2(value)}"


def _paragraphs(text: str) -> list[Paragraph]:
    lines = [ln.strip() for ln in (text or "").splitlines()]
    return [Paragraph(index=i, text=t) for i, t in enumerate(t for t in lines if t)]


def budget_paragraphs(fig: Figures, m: Metrics | None = None) -> dict[str, str]:
    """Plain statements of the figures (for a draft's 二 when the user has not written one)."""
    m = m or compute(fig)

    def parts(d: dict[str, Decimal | None]) -> str:
        items = [f"{k}{fmt(v)}万元" for k, v in d.items() if v is not None]
        return "，其中：" + "，".join(items) if items else ""

    lines = []
    if m.basic is not None:
        lines.append(f"（一）基本支出\n{fig.year}年度基本支出为{fmt(m.basic)}万元{parts(fig.basic)}。")
    if m.project is not None:
        lines.append(f"（二）项目支出\n{fig.year}年度项目支出为{fmt(m.project)}万元{parts(fig.project)}。")
    return {"二": "\n".join(lines)} if lines else {}


def build_report(
    fig: Figures, sections: dict[str, str] | None = None, *, file: str = "草稿", profile: Profile | None = None
) -> Report:
    """A Report from the form and the section texts: views filled from the figures, 附件1/附件2 tables
    laid out like the standard template (block weights from the profile), sections from the texts (empty
    sections are left out)."""
    profile = profile or profile_for()
    m = compute(fig, profile)
    sections = sections or {}
    unit = fig.unit.strip() or None
    report = Report(
        kind="report",
        title=f"{fig.year}年度{fig.unit.strip()}整体支出绩效自评报告",
        year=fig.year,
        unit=unit,
        meta=ParseMeta(file=file, format="draft", parser="assistant.ui.figures.build_report"),
    )
    for label in SECTION_LABELS:
        text = sections.get(label, "")
        if text.strip():
            report.sections.append(Section(label=label, heading=SECTION_TITLES[label], paragraphs=_paragraphs(text)))

    report.budget = BudgetSummary(
        basic=ClassBreakdown(
            total=_fig(m.basic, "二", "基本支出"),
            classes={k: f for k, v in fig.basic.items() if (f := _fig(v, "二", k)) is not None},
        ),
        project=ClassBreakdown(
            total=_fig(m.project, "二", "项目支出"),
            classes={k: f for k, v in fig.project.items() if (f := _fig(v, "二", k)) is not None},
        ),
        total=_fig(m.executed, "二", "支出合计"),
    )

    labels = fig.sangong_labels()
    cols = [labels[c] for c in SANGONG_COLS]
    t1: list[list[str]] = [
        ["财政供养人员情况（人）", "编制数", f"{fig.year}年实际在职人数", "控制率"],
        ["", _cell(fig.authorized), _cell(fig.actual_staff),
         "" if m.control_rate is None else f"{q2(m.control_rate)}%"],
        ["经费控制情况（万元）", *cols],
        ["三公经费", *(_cell(m.sangong_total[c]) for c in SANGONG_COLS)],
        ["1、公务用车购置和维护经费", *(_cell(m.sangong_vehicle[c]) for c in SANGONG_COLS)],
        ["其中：公车购置", *(_cell(fig.sangong["vehicle_purchase"][c]) for c in SANGONG_COLS)],
        ["公车运行维护", *(_cell(fig.sangong["vehicle_run"][c]) for c in SANGONG_COLS)],
        ["2、出国经费", *(_cell(fig.sangong["abroad"][c]) for c in SANGONG_COLS)],
        ["3、公务接待", *(_cell(fig.sangong["reception"][c]) for c in SANGONG_COLS)],
        ["公用经费", "", "", _cell(fig.public_funds)],
    ]
    t1_index = 0
    sg_rows = []
    for row_i, (key, name, getter) in enumerate(
        [
            ("total", "三公经费", lambda c: m.sangong_total[c]),
            ("vehicle", "1、公务用车购置和维护经费", lambda c: m.sangong_vehicle[c]),
            ("vehicle_purchase", "其中：公车购置", lambda c: fig.sangong["vehicle_purchase"][c]),
            ("vehicle_run", "公车运行维护", lambda c: fig.sangong["vehicle_run"][c]),
            ("abroad", "2、出国经费", lambda c: fig.sangong["abroad"][c]),
            ("reception", "3、公务接待", lambda c: fig.sangong["reception"][c]),
        ],
        start=3,
    ):
        sg_rows.append(SanGongRow(name=name, key=key, values={
            labels[c]: _fig(getter(c), "附件1", "", table=t1_index, row=row_i, cell=ci)
            for ci, c in enumerate(SANGONG_COLS, start=1)
        }))
    report.basic_data = BasicData(
        staffing=Staffing(
            authorized=_fig(Decimal(fig.authorized) if fig.authorized is not None else None, "附件1", "", "人",
                            table=t1_index, row=1, cell=1),
            actual=_fig(Decimal(fig.actual_staff) if fig.actual_staff is not None else None, "附件1", "", "人",
                        table=t1_index, row=1, cell=2),
            control_rate=_fig(q2(m.control_rate), "附件1", "", "%", table=t1_index, row=1, cell=3),
        ),
        sangong=SanGong(columns=cols, rows=sg_rows, table=t1_index),
        other_rows=[ExpenseRow(name="公用经费", values={
            labels["prev_final"]: None, labels["budget"]: None,
            labels["final"]: _fig(fig.public_funds, "附件1", "", table=t1_index, row=9, cell=3),
        })],
    )
    report.staffing_text = Staffing(
        authorized=_fig(Decimal(fig.authorized) if fig.authorized is not None else None, "一", "编制", "人"),
        actual=_fig(Decimal(fig.actual_staff) if fig.actual_staff is not None else None, "一", "实有人数", "人"),
    )

    t2_index = 1
    t2: list[list[str]] = [
        ["市级预算部门名称", fig.unit.strip()],
        ["年度预算申请（万元）", "", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"],
        ["", "年度资金总额", _cell(fig.initial_budget), _cell(fig.budget), _cell(m.executed),
         _cell(fig.exec_weight), "" if m.exec_rate is None else f"{q2(m.exec_rate)}%", _cell(q2(m.exec_score))],
        ["", "按收入性质分：", "按支出性质分："],
    ]
    nature = {"基本支出": m.basic, "项目支出": m.project}
    inc_items = list(fig.income.items())
    nat_items = list(nature.items())
    for i in range(max(len(inc_items), len(nat_items))):
        left = f"{inc_items[i][0]}：{_cell(inc_items[i][1])}" if i < len(inc_items) else ""
        right = f"{nat_items[i][0]}：{_cell(nat_items[i][1])}" if i < len(nat_items) else ""
        t2.append(["", ("其中：" if i == 0 else "") + left, ("其中：" if i == 0 and right else "") + right])
    t2.append(["年度总体目标", "预期目标", "实际完成情况"])
    t2.append(["", fig.goal_target, fig.goal_actual])
    indicator_rows = _indicator_block(t2, fig.indicators, "附件2", t2_index, profile)
    t2.append(["总分", _cell(m.total_weight), _cell(q2(m.total_score))])
    report.self_eval = SelfEvalTable(
        name=fig.unit.strip(),
        funds=[FundRow(
            name="年度资金总额",
            initial_budget=_fig(fig.initial_budget, "附件2", "", table=t2_index, row=2, cell=2),
            budget=_fig(fig.budget, "附件2", "", table=t2_index, row=2, cell=3),
            executed=_fig(m.executed, "附件2", "", table=t2_index, row=2, cell=4),
            weight=_fig(fig.exec_weight, "附件2", "", "分", table=t2_index, row=2, cell=5),
            rate=_fig(q2(m.exec_rate), "附件2", "", "%", table=t2_index, row=2, cell=6),
            score=_fig(q2(m.exec_score), "附件2", "", "分", table=t2_index, row=2, cell=7),
        )],
        by_income={k: _fig(v, "附件2", k) for k, v in fig.income.items()},
        by_nature={k: _fig(v, "附件2", k) for k, v in nature.items()},
        goal_target=fig.goal_target,
        goal_actual=fig.goal_actual,
        goal_source=Source(section="附件2", table=t2_index),
        indicators=indicator_rows,
        total_weight=_fig(m.total_weight, "附件2", "", "分", table=t2_index, row=len(t2) - 1, cell=1),
        total_score=_fig(q2(m.total_score), "附件2", "", "分", table=t2_index, row=len(t2) - 1, cell=2),
        table=t2_index,
    )
    report.tables = [
        Table(index=t1_index, section="附件1", title=f"{fig.year}年度{ATTACHMENT_TITLES['附件1']}", rows=t1),
        Table(index=t2_index, section="附件2", title=f"{fig.year}年度{ATTACHMENT_TITLES['附件2']}", rows=t2),
    ]
    report.attachments = [
        Attachment(label="附件1", title=report.tables[0].title, tables=[t1_index]),
        Attachment(label="附件2", title=report.tables[1].title, tables=[t2_index]),
    ]
    project_tables: list[int] = []
    for project in fig.projects:
        index = len(report.tables)
        rows, view = _project_table(project, index, profile)
        report.tables.append(Table(index=index, section="附件3",
                                   title=f"{fig.year}年度{ATTACHMENT_TITLES['附件3']}", rows=rows))
        report.projects.append(view)
        project_tables.append(index)
    if project_tables:
        report.attachments.append(Attachment(label="附件3", title=report.tables[project_tables[0]].title,
                                             tables=project_tables))
    return report


def _indicator_block(
    rows: list[list[str]], indicators: list[IndicatorInput], section: str, table: int, profile: Profile
) -> list[IndicatorRow]:
    """Append the indicator header and rows (with 偏差原因分析及改进措施) to ``rows``; return their views."""
    rows.append(["绩效指标", "一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分",
                 "偏差原因分析及改进措施"])
    out: list[IndicatorRow] = []
    for row in indicators:
        r_i = len(rows)
        lvl1 = canonical_level1(row.level1) if row.level1 else ""
        rows.append(["", row.level1, row.level2, row.level3, row.target, row.actual,
                     _cell(row.weight), _cell(row.score), row.note])
        out.append(IndicatorRow(
            level1=lvl1, level1_weight=profile.weights.get(lvl1), level2=row.level2, level3=row.level3,
            target=row.target, actual=row.actual,
            weight=_fig(row.weight, section, "", "分", table=table, row=r_i, cell=6),
            score=_fig(row.score, section, "", "分", table=table, row=r_i, cell=7),
            note=row.note,
            source=Source(section=section, table=table, row=r_i),
            target_cell=4, actual_cell=5,  # the 年度指标值 / 实际完成值 columns of the header
        ))
    return out


def _exec(weight: Decimal, executed: Decimal | None, budget: Decimal | None) -> tuple[Decimal | None, Decimal | None]:
    """执行率 (%) and its 得分 (分值 × 执行率, capped at 分值)."""
    if executed is None or not budget:
        return None, None
    return executed / budget * 100, min(weight * executed / budget, weight)


def _project_table(p: ProjectInput, index: int, profile: Profile) -> tuple[list[list[str]], SelfEvalTable]:
    """One 附件3 项目支出绩效自评表 laid out like the national form, and its view."""
    sec = "附件3"
    rows: list[list[str]] = [
        ["项目名称", p.name.strip()],
        ["主管部门", p.department.strip(), "实施单位", p.implementer.strip()],
        ["项目资金（万元）", "", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"],
    ]
    funds: list[FundRow] = []
    total = p.total()
    for f in p.funds:
        r_i = len(rows)
        is_total = f is total
        rate, score = _exec(p.exec_weight, f.executed, f.budget) if is_total else (None, None)
        rows.append(["", f.name.strip(), _cell(f.initial_budget), _cell(f.budget), _cell(f.executed),
                     _cell(p.exec_weight) if is_total else "",
                     "" if rate is None else f"{q2(rate)}%", _cell(q2(score))])
        funds.append(FundRow(
            name=f.name.strip(),
            initial_budget=_fig(f.initial_budget, sec, "", table=index, row=r_i, cell=2),
            budget=_fig(f.budget, sec, "", table=index, row=r_i, cell=3),
            executed=_fig(f.executed, sec, "", table=index, row=r_i, cell=4),
            weight=_fig(p.exec_weight, sec, "", "分", table=index, row=r_i, cell=5) if is_total else None,
            rate=_fig(q2(rate), sec, "", "%", table=index, row=r_i, cell=6),
            score=_fig(q2(score), sec, "", "分", table=index, row=r_i, cell=7),
        ))
    rows.append(["年度总体目标", "预期目标", "实际完成情况"])
    goal_row = len(rows)
    rows.append(["", p.goal_target, p.goal_actual])
    indicators = _indicator_block(rows, p.indicators, sec, index, profile)
    total_weight = sum((r.weight or Decimal(0) for r in p.indicators), Decimal(0)) + p.exec_weight
    _, exec_score = _exec(p.exec_weight, total.executed, total.budget)
    total_score = sum((r.score or Decimal(0) for r in p.indicators), Decimal(0)) + (q2(exec_score) or 0)
    rows.append(["总分", _cell(total_weight), _cell(q2(total_score))])
    view = SelfEvalTable(
        name=p.name.strip(), funds=funds, goal_target=p.goal_target, goal_actual=p.goal_actual,
        goal_source=Source(section=sec, table=index, row=goal_row), indicators=indicators,
        total_weight=_fig(total_weight, sec, "", "分", table=index, row=len(rows) - 1, cell=1),
        total_score=_fig(q2(total_score), sec, "", "分", table=index, row=len(rows) - 1, cell=2),
        table=index, section=sec,
    )
    return rows, view


# ---------------------------------------------------------------- Report → Figures (import)


def _v(f: Figure | None) -> Decimal | None:
    return None if f is None else f.value


def _int(f: Figure | None) -> int | None:
    return None if f is None else int(f.value)


def _sangong_col(report: Report, year: int, which: str) -> str | None:
    cols = report.basic_data.sangong.columns if report.basic_data and report.basic_data.sangong else []
    want = {"prev_final": (f"{year - 1}", "决算"), "budget": (f"{year}", "预算"), "final": (f"{year}", "决算")}[which]
    for c in cols:
        if want[0] in c and want[1] in c:
            return c
    fallback = {"prev_final": 0, "budget": 1, "final": 2}[which]
    return cols[fallback] if len(cols) > fallback else None


def figures_from_report(report: Report, *, as_previous_year: bool = False) -> Figures:
    """Figures read from a parsed report. ``as_previous_year``: the report is last year's — its 决算 become
    this year's 上年决算 column, indicators are kept as a template without actual values or scores."""
    year = (report.year or 2023) + (1 if as_previous_year else 0)
    fig = Figures(unit=report.unit or "", year=year)
    rep_year = report.year or year
    sg = report.basic_data.sangong if report.basic_data else None
    if sg is not None:
        for row in sg.rows:
            if row.key not in SANGONG_ITEMS:
                continue
            for col in SANGONG_COLS:
                src = _sangong_col(report, rep_year, "final" if as_previous_year and col == "prev_final" else col)
                if as_previous_year and col != "prev_final":
                    continue
                if src is not None:
                    fig.sangong[row.key][col] = _v(row.values.get(src))
    se = report.self_eval
    if not as_previous_year:
        b = report.budget
        fig.basic_total = _v(b.basic.total)
        fig.project_total = _v(b.project.total)
        for k, f in b.basic.classes.items():
            fig.basic[k] = f.value
        for k, f in b.project.classes.items():
            fig.project[k] = f.value
        st = report.basic_data.staffing if report.basic_data else Staffing()
        fig.authorized = _int(st.authorized) or _int(report.staffing_text.authorized)
        fig.actual_staff = _int(st.actual) or _int(report.staffing_text.actual)
        if report.basic_data:
            for row in report.basic_data.other_rows:
                if row.name.strip() == "公用经费":
                    col = _sangong_col(report, rep_year, "final")
                    fig.public_funds = _v(row.values.get(col)) if col else None
        if se is not None:
            total = next((f for f in se.funds if "总额" in f.name), se.funds[0] if se.funds else None)
            if total is not None:
                fig.initial_budget = _v(total.initial_budget)
                fig.budget = _v(total.budget)
                if total.weight is not None:
                    fig.exec_weight = total.weight.value
            for k in INCOME_KEYS:
                hit = next((f for name, f in se.by_income.items() if k in name or name in k), None)
                fig.income[k] = _v(hit)
            fig.goal_target, fig.goal_actual = se.goal_target, se.goal_actual
            # a tables-only file (no 二) states 基本/项目支出 only in 附件2's 按支出性质分
            for attr, name in (("basic_total", "基本支出"), ("project_total", "项目支出")):
                stated = next((f for k, f in se.by_nature.items() if name in k and f is not None), None)
                if getattr(fig, attr) is None and getattr(fig, attr.replace("_total", "")) == _classes():
                    setattr(fig, attr, _v(stated))
    else:
        fig.authorized = _int(report.basic_data.staffing.authorized) if report.basic_data else None
    if se is not None:
        fig.indicators = _indicators_of(se, as_previous_year)
    for p in report.projects:
        fig.projects.append(_project_of(report, p, as_previous_year))
    return fig


def _indicators_of(se: SelfEvalTable, as_previous_year: bool = False) -> list[IndicatorInput]:
    return [
        IndicatorInput(
            level1=r.level1, level2=r.level2, level3=r.level3, target=r.target,
            actual="" if as_previous_year else r.actual,
            weight=_v(r.weight), score=None if as_previous_year else _v(r.score),
            note="" if as_previous_year else r.note,
        )
        for r in se.indicators
    ]


def _table_field(report: Report, table: int | None, label: str) -> str:
    """The cell right of ``label`` (e.g. 主管部门) in a project table, '' if none."""
    if table is None or table >= len(report.tables):
        return ""
    for row in report.tables[table].rows:
        for i, cell in enumerate(row[:-1]):
            if re.sub(r"\s+", "", cell) == label:
                return row[i + 1].strip()
    return ""


def _project_of(report: Report, se: SelfEvalTable, as_previous_year: bool = False) -> ProjectInput:
    """A 附件3 project table read into the form (last year's: funds and actual values left empty)."""
    funds = [
        ProjectFundInput(name=f.name, initial_budget=None if as_previous_year else _v(f.initial_budget),
                         budget=None if as_previous_year else _v(f.budget),
                         executed=None if as_previous_year else _v(f.executed))
        for f in se.funds
    ] or [ProjectFundInput()]
    total = next((f for f in se.funds if "总额" in f.name), se.funds[0] if se.funds else None)
    weight = total.weight.value if total is not None and total.weight is not None else EXEC_WEIGHT
    return ProjectInput(
        name=se.name, department=_table_field(report, se.table, "主管部门"),
        implementer=_table_field(report, se.table, "实施单位"), funds=funds, exec_weight=weight,
        goal_target=se.goal_target, goal_actual="" if as_previous_year else se.goal_actual,
        indicators=_indicators_of(se, as_previous_year),
    )


def sections_from_report(report: Report) -> dict[str, str]:
    return {s.label: s.text for s in report.sections if s.text.strip()}


# ---------------------------------------------------------------- data editor helpers


def indicator_records(fig: Figures) -> list[dict[str, Any]]:
    """Rows for st.data_editor (floats for numbers, '' for text)."""
    out = []
    for r in fig.indicators:
        out.append({
            "level1": r.level1, "level2": r.level2, "level3": r.level3, "target": r.target, "actual": r.actual,
            "weight": None if r.weight is None else float(r.weight),
            "score": None if r.score is None else float(r.score),
            "note": r.note,
        })
    return out


def indicators_from_records(records: list[dict[str, Any]]) -> list[IndicatorInput]:
    out = []
    def text(rec: dict[str, Any], k: str) -> str:
        v = rec.get(k)
        return "" if v is None or (isinstance(v, float) and v != v) else str(v)

    for rec in records:
        def s(k: str, rec: dict[str, Any] = rec) -> str:
            return text(rec, k)

        row = IndicatorInput(
            level1=s("level1"), level2=s("level2"), level3=s("level3"), target=s("target"), actual=s("actual"),
            weight=q2(dec(rec.get("weight"))), score=q2(dec(rec.get("score"))), note=s("note"),
        )
        if any([row.level1, row.level2, row.level3, row.target, row.actual, row.weight, row.score, row.note]):
            out.append(row)
    return out


def apply_editor_delta(records: list[dict[str, Any]], delta: dict[str, Any]) -> list[dict[str, Any]]:
    """Apply a st.data_editor state delta ({edited_rows, added_rows, deleted_rows}) to records."""
    rows = [dict(r) for r in records]
    for idx, changes in (delta.get("edited_rows") or {}).items():
        i = int(idx)
        if 0 <= i < len(rows):
            rows[i].update(changes)
    deleted = {int(i) for i in delta.get("deleted_rows") or []}
    rows = [r for i, r in enumerate(rows) if i not in deleted]
    for added in delta.get("added_rows") or []:
        rows.append(dict(added))
    return rows


def default_indicators() -> list[IndicatorInput]:
    """A starting skeleton: one row per level-1 block, weights per the national template."""
    return [
        IndicatorInput(level1="产出指标", level2="数量指标", weight=Decimal(20)),
        IndicatorInput(level1="产出指标", level2="质量指标", weight=Decimal(15)),
        IndicatorInput(level1="产出指标", level2="时效指标", weight=Decimal(10)),
        IndicatorInput(level1="产出指标", level2="成本指标", weight=Decimal(5)),
        IndicatorInput(level1="效益指标", level2="社会效益指标", weight=Decimal(20)),
        IndicatorInput(level1="效益指标", level2="可持续影响指标", weight=Decimal(10)),
        IndicatorInput(level1="满意度指标", level2="服务对象满意度指标", weight=Decimal(10)),
    ]
