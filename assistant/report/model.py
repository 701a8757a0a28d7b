"""The pydantic ``Report`` model: one typed, faithful picture of a 绩效自评报告.

Money and rates are ``Decimal`` (serialised by pydantic as JSON strings, which keeps them exact).
Every figure keeps where it came from (:class:`Source`) so findings can point at it.
Views (budget, 三公经费, staffing, 自评表, projects, rubric) are extracted from the text and tables by
``assistant.report.extract``; rules judge them, the model never does.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

SECTION_LABELS: tuple[str, ...] = ("一", "二", "三", "四", "五", "六", "七", "八", "九", "十")
ATTACHMENT_LABELS: tuple[str, ...] = tuple(f"附件{i}" for i in range(1, 7))

AttachmentLabel = Literal["附件1", "附件2", "附件3", "附件4", "附件5", "附件6"]
# The label a document itself uses for a part: "一".."十" in the 一…十 template, but also another
# template's own numbering or a form's own name ("（三）", "存在问题"), plus "附件1".."附件6" and "全文".
Location = Annotated[str, StringConstraints(min_length=1, max_length=40)]
SectionLabel = Location

# Canonical roles a body section can play, whatever its numeral or title (see assistant/report/roles.py).
ROLES: tuple[str, ...] = (
    "basic_info", "budget", "fund_gov", "fund_soe", "fund_social", "performance", "deviation",
    "problems", "measures", "application", "conclusion", "other",
)
Role = Literal[
    "basic_info", "budget", "fund_gov", "fund_soe", "fund_social", "performance", "deviation",
    "problems", "measures", "application", "conclusion", "other", "",
]
ROLE_NAMES: dict[str, str] = {
    "basic_info": "基本情况",
    "budget": "预算收支及执行情况",
    "fund_gov": "政府性基金预算支出情况",
    "fund_soe": "国有资本经营预算支出情况",
    "fund_social": "社会保险基金预算支出情况",
    "performance": "绩效目标及完成情况",
    "deviation": "偏差及原因",
    "problems": "存在的问题及原因",
    "measures": "改进措施",
    "application": "结果应用及公开",
    "conclusion": "评价结论",
    "other": "其他需要说明的情况",
}
# Roles of the 一…十 template's parts: used for sections built without a role (drafts, old JSON).
TEN_ROLES: dict[str, str] = {
    "一": "basic_info", "二": "budget", "三": "fund_gov", "四": "fund_soe", "五": "fund_social",
    "六": "performance", "七": "problems", "八": "measures", "九": "application", "十": "other",
}
DocumentKind = Literal["report", "project_table", "project_report", "combined"]
# Which rule scopes (Rule.applies_to tags) run on each document kind: a 项目支出 自评报告 is read with
# the body rules and the form rules; a combined document (report + 自评表) with both as well.
RULE_SCOPES: dict[str, tuple[str, ...]] = {
    "report": ("report",),
    "project_table": ("project_table",),
    "project_report": ("report", "project_table"),
    "combined": ("report", "project_table"),
}

SECTION_TITLES: dict[str, str] = {
    "一": "基本情况",
    "二": "一般公共预算支出情况",
    "三": "政府性基金预算支出情况",
    "四": "国有资本经营预算支出情况",
    "五": "社会保险基金预算支出情况",
    "六": "部门整体支出绩效情况",
    "七": "存在的问题及原因分析",
    "八": "下一步改进措施",
    "九": "绩效自评结果拟应用和公开情况",
    "十": "其他需要说明的情况",
}

ATTACHMENT_TITLES: dict[str, str] = {
    "附件1": "部门整体支出绩效评价基础数据表",
    "附件2": "部门整体支出绩效自评表",
    "附件3": "项目支出绩效自评表",
    "附件4": "政府性基金预算支出情况表",
    "附件5": "国有资本经营预算支出情况表",
    "附件6": "社会保险基金预算支出情况表",
}

ECONOMIC_CLASSES: tuple[str, ...] = ("工资福利支出", "商品和服务支出", "对个人和家庭的补助", "资本性支出")

_STRICT = ConfigDict(extra="forbid")


class Source(BaseModel):
    """Where a value was read: a section or attachment, and a paragraph or a table cell."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    section: Location = Field(description="Section or attachment label the document itself uses.")
    paragraph: int | None = Field(None, description="Paragraph index within the section/attachment.")
    table: int | None = Field(None, description="Index into Report.tables.")
    row: int | None = Field(None, description="Row index within the table.")
    cell: int | None = Field(None, description="Cell index within the row.")
    raw: str = Field("", description="The raw text the value was read from.")


class Figure(BaseModel):
    """A number with its unit and provenance. Money in 万元 unless ``unit`` says otherwise."""

    model_config = _STRICT

    value: Decimal = Field(description="Exact value (quantised to 0.01 for money and rates).")
    unit: Literal["万元", "元", "%", "人", "个", "分", ""] = Field("万元", description="Unit of the value.")
    raw: str = Field("", description="Text as written in the document.")
    source: Source | None = Field(None, description="Where the figure came from.")


class Paragraph(BaseModel):
    model_config = _STRICT

    index: int = Field(description="Position within its section/attachment (0-based).")
    text: str = Field(description="Normalised paragraph text.")


class Section(BaseModel):
    """A body section: 一…十 in the 一…十 template, or another template's part, with its canonical role."""

    model_config = _STRICT

    label: SectionLabel = Field(description="Label the document uses: 一…十, or another template's numeral.")
    heading: str = Field(description="Heading text as written (without the numeral).")
    role: Role = Field("", description="Canonical role (basic_info, budget, performance, problems, measures …).")
    paragraphs: list[Paragraph] = Field(default_factory=list, description="Body paragraphs in order.")

    @property
    def text(self) -> str:
        return "\n".join(p.text for p in self.paragraphs)


class Table(BaseModel):
    """A table as rows of cell texts.

    Merged cells are normalised the way Word's text export writes them: a horizontally merged cell is
    one cell; a vertically merged continuation cell is an empty string. The views resolve merges
    (fill-down) when they read the table.
    """

    model_config = _STRICT

    index: int = Field(description="Position in Report.tables.")
    section: Location = Field(description="Attachment (or section) the table belongs to.")
    title: str = Field("", description="Nearest title line above the table.")
    rows: list[list[str]] = Field(default_factory=list, description="Rows × cells (text).")
    page: int | None = Field(None, description="PDF page (1-based) the table starts on; None for other formats.")


class Attachment(BaseModel):
    model_config = _STRICT

    label: AttachmentLabel = Field(description="附件1…附件6")
    title: str = Field("", description="Title line of the attachment.")
    paragraphs: list[Paragraph] = Field(default_factory=list, description="Non-table text (notes, signatures).")
    tables: list[int] = Field(default_factory=list, description="Indices into Report.tables.")


# ---------------------------------------------------------------- domain views


class ClassBreakdown(BaseModel):
    """A total and its economic classes (基本支出 or 项目支出)."""

    model_config = _STRICT

    total: Figure | None = Field(None, description="The stated total.")
    classes: dict[str, Figure] = Field(default_factory=dict, description="Economic class name → amount.")


class BudgetSummary(BaseModel):
    """一般公共预算支出 as stated in section 二."""

    model_config = _STRICT

    basic: ClassBreakdown = Field(default_factory=ClassBreakdown, description="基本支出.")
    project: ClassBreakdown = Field(default_factory=ClassBreakdown, description="项目支出.")
    total: Figure | None = Field(None, description="Stated 支出合计, if any.")


class SanGongRow(BaseModel):
    """One line of the 三公经费 block of 附件1, values per column header."""

    model_config = _STRICT

    name: str = Field(description="Row label as written, e.g. '公务用车购置和维护经费'.")
    key: str = Field(description="Canonical key: total|vehicle|vehicle_purchase|vehicle_run|abroad|reception|other")
    values: dict[str, Figure | None] = Field(default_factory=dict, description="Column header → figure.")


class SanGong(BaseModel):
    model_config = _STRICT

    columns: list[str] = Field(default_factory=list, description="Column headers, e.g. 2021年决算数.")
    rows: list[SanGongRow] = Field(default_factory=list, description="三公经费 rows in order.")
    table: int | None = Field(None, description="Table index.")


class ExpenseRow(BaseModel):
    """Other 附件1 lines (项目支出, 公用经费, 政府采购金额 …) with per-column values."""

    model_config = _STRICT

    name: str = Field(description="Row label.")
    values: dict[str, Figure | None] = Field(default_factory=dict, description="Column header → figure.")


class Staffing(BaseModel):
    model_config = _STRICT

    authorized: Figure | None = Field(None, description="编制数.")
    actual: Figure | None = Field(None, description="实际在职人数 / 实有人数.")
    control_rate: Figure | None = Field(None, description="控制率 as stated.")
    retired: Figure | None = Field(None, description="退休人员, if stated.")


class BasicData(BaseModel):
    """附件1 基础数据表."""

    model_config = _STRICT

    staffing: Staffing = Field(default_factory=Staffing, description="Staffing block (table).")
    sangong: SanGong | None = Field(None, description="三公经费 block.")
    other_rows: list[ExpenseRow] = Field(default_factory=list, description="项目支出/公用经费/政府采购 rows.")


class FundRow(BaseModel):
    model_config = _STRICT

    name: str = Field(description="e.g. 年度资金总额.")
    initial_budget: Figure | None = Field(None, description="年初预算数.")
    budget: Figure | None = Field(None, description="全年预算数 (adjusted).")
    executed: Figure | None = Field(None, description="全年执行数.")
    weight: Figure | None = Field(None, description="分值.")
    rate: Figure | None = Field(None, description="执行率 as stated.")
    score: Figure | None = Field(None, description="得分 as stated.")


class IndicatorRow(BaseModel):
    model_config = _STRICT

    level1: str = Field("", description="一级指标 (merged cells filled down).")
    level1_weight: Decimal | None = Field(None, description="Block weight written in the 一级 cell, e.g. (50分).")
    level2: str = Field("", description="二级指标.")
    level3: str = Field("", description="三级指标.")
    target: str = Field("", description="年度指标值.")
    actual: str = Field("", description="实际完成值.")
    weight: Figure | None = Field(None, description="分值.")
    score: Figure | None = Field(None, description="得分.")
    note: str = Field("", description="偏差原因分析及改进措施.")
    source: Source | None = Field(None, description="Table row.")
    target_cell: int | None = Field(None, description="Cell index of 年度指标值 in the row (None: no such column).")
    actual_cell: int | None = Field(None, description="Cell index of 实际完成值 in the row (None: no such column).")


class SelfEvalTable(BaseModel):
    """附件2 整体支出绩效自评表, or one 附件3 项目支出绩效自评表."""

    model_config = _STRICT

    name: str = Field("", description="Unit or project name.")
    funds: list[FundRow] = Field(default_factory=list, description="年度资金总额 and sub-rows.")
    by_income: dict[str, Figure | None] = Field(default_factory=dict, description="按收入性质分.")
    by_nature: dict[str, Figure | None] = Field(default_factory=dict, description="按支出性质分.")
    goal_target: str = Field("", description="年度总体目标 预期目标.")
    goal_actual: str = Field("", description="年度总体目标 实际完成情况.")
    goal_source: Source | None = Field(None, description="Where the goal row is.")
    indicators: list[IndicatorRow] = Field(default_factory=list, description="Indicator rows.")
    total_weight: Figure | None = Field(None, description="总分 分值 column.")
    total_score: Figure | None = Field(None, description="总分 得分 column.")
    table: int | None = Field(None, description="Table index.")
    section: Location = Field("附件2", description="Where the table sits.")
    money_note: str = Field(
        "",
        description="Set when the fund amounts were not in the unit the header states (e.g. 元 under a 万元 "
        "header) and were converted to 万元; says why.",
    )
    unit_level: bool = Field(
        False, description="A 部门（单位）整体 form: the 附件2 of a report, or titled so (e.g. 重庆's 部门整体绩效自评表)."
    )
    unread: list[str] = Field(
        default_factory=list,
        description="Parts of the form that were recognised but could not be read (what was expected and where), "
        "so a review never passes silently over them.",
    )


class RubricItem(BaseModel):
    model_config = _STRICT

    level1: str = Field("", description="一级指标 (filled down), e.g. 自评报告.")
    level1_max: Decimal | None = Field(None, description="一级 block maximum, e.g. 60.")
    level2: str = Field(description="二级指标, e.g. 自评报告的完整性.")
    max_score: Decimal | None = Field(None, description="Item maximum read from '（15分）'.")
    criteria: str = Field("", description="评分标准.")
    score: Figure | None = Field(None, description="评分 given.")
    source: Source | None = Field(None, description="Table row.")


class Rubric(BaseModel):
    model_config = _STRICT

    title: str = Field("", description="Table title.")
    items: list[RubricItem] = Field(default_factory=list, description="Scored items.")
    total_max: Decimal | None = Field(None, description="合计 maximum (100分).")
    total: Figure | None = Field(None, description="合计 given.")
    section: Location = Field("全文", description="Label of the attachment holding it.")
    table: int | None = Field(None, description="Table index.")


class ParseMeta(BaseModel):
    model_config = _STRICT

    file: str = Field("", description="Source file name.")
    format: Literal["txt", "docx", "xlsx", "pdf", "image", "json", "draft"] = Field("txt", description="Input format.")
    encoding: str | None = Field(None, description="Detected text encoding for .txt.")
    parser: str = Field("", description="Parser function and library that produced the Report.")
    ocr: bool = Field(False, description="The text was read by OCR (a scan or a photo): figures may be misread.")


class Report(BaseModel):
    """A parsed (or drafted) 部门整体支出绩效自评报告, or a standalone 项目支出绩效自评表."""

    model_config = _STRICT

    kind: DocumentKind = Field(
        "report",
        description="report (部门整体支出绩效自评报告) | project_table (项目支出绩效自评表) | "
        "project_report (项目支出绩效自评报告) | combined (a report followed by 自评表 forms).",
    )
    kind_reason: str = Field("", description="Why the document was read as this kind (Chinese, one line).")
    template: str = Field("", description="Template profile the sections were matched with ('' = keyword fallback).")
    cut: str = Field("", description="Last words when the text stops mid-way (a cut published page), else ''.")
    title: str = Field("", description="Title line.")
    year: int | None = Field(None, description="Budget year the report covers.")
    unit: str | None = Field(None, description="Reporting unit (单位).")
    preamble: list[Paragraph] = Field(default_factory=list, description="Text before section 一.")
    sections: list[Section] = Field(default_factory=list, description="Sections 一…十 found, in order.")
    attachments: list[Attachment] = Field(default_factory=list, description="附件 found, in order.")
    tables: list[Table] = Field(default_factory=list, description="Every table, in document order.")
    budget: BudgetSummary = Field(default_factory=BudgetSummary, description="Section 二 figures.")
    staffing_text: Staffing = Field(default_factory=Staffing, description="Staffing as stated in section 一.")
    basic_data: BasicData | None = Field(None, description="附件1 view.")
    self_eval: SelfEvalTable | None = Field(None, description="附件2 view.")
    projects: list[SelfEvalTable] = Field(default_factory=list, description="附件3 project tables.")
    rubric: Rubric | None = Field(None, description="考核评分表 view.")
    meta: ParseMeta = Field(default_factory=ParseMeta, description="Parse provenance.")

    # ---- navigation helpers (pure, no I/O) ----
    def section(self, label: str) -> Section | None:
        return next((s for s in self.sections if s.label == label), None)

    def attachment(self, label: str) -> Attachment | None:
        return next((a for a in self.attachments if a.label == label), None)

    def staffing(self) -> Staffing:
        """编制/实有人数 as the 附件1 table states them when it has both, else as section 一's text does."""
        bd = self.basic_data
        if bd is not None and bd.staffing.authorized and bd.staffing.actual:
            return bd.staffing
        return self.staffing_text

    def section_text(self, label: str) -> str:
        s = self.section(label)
        return s.text if s else ""

    def role_of(self, section: Section) -> str:
        """A section's role; sections built without one (drafts, older JSON) take the 一…十 role of their label."""
        return section.role or TEN_ROLES.get(section.label, "")

    def by_role(self, role: str) -> Section | None:
        """The first section playing ``role`` (e.g. "problems"), whatever the document numbers it."""
        return next((s for s in self.sections if self.role_of(s) == role), None)

    def sections_by_role(self, role: str) -> list[Section]:
        return [s for s in self.sections if self.role_of(s) == role]

    def role_text(self, role: str) -> str:
        return "\n".join(s.text for s in self.sections if self.role_of(s) == role)
