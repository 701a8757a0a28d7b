"""Finding: one problem in a report, matching the review JSON contract field for field."""

from __future__ import annotations

from typing import Literal, Sequence

from pydantic import BaseModel, ConfigDict, Field, model_validator

from assistant.report.model import Location

Category = Literal[
    "arithmetic", "consistency", "score", "indicator", "completeness", "boilerplate",
    "problems", "measures", "evidence", "privacy", "budget",
    "proofreading", "official",
]
Severity = Literal["error", "warning", "info"]

CATEGORY_PREFIX: dict[str, str] = {
    "arithmetic": "ARI",
    "consistency": "CON",
    "score": "SCO",
    "indicator": "IND",
    "completeness": "CMP",
    "boilerplate": "BOI",
    "problems": "PRB",
    "measures": "MEA",
    "evidence": "EVD",
    "privacy": "PRV",
    "budget": "BUD",
    "proofreading": "PRF",
    "official": "OFF",
}
SEVERITY_RANK: dict[str, int] = {"info": 0, "warning": 1, "error": 2}
SEVERITY_ORDER: tuple[str, ...] = ("error", "warning", "info")
# The one set of Chinese labels used by the CLI, the docs, the exports and the app.
SEVERITY_LABELS: dict[str, str] = {"error": "错误", "warning": "警告", "info": "提示"}
CATEGORY_LABELS: dict[str, str] = {
    "arithmetic": "计算",
    "consistency": "前后一致",
    "score": "评分",
    "indicator": "绩效指标",
    "completeness": "完整性",
    "boilerplate": "模板化表述",
    "problems": "问题分析",
    "measures": "改进措施",
    "evidence": "佐证依据",
    "privacy": "个人信息",
    "budget": "预算编制",
    "proofreading": "公文规范",
    "official": "官方数据核对",
}
SECTION_ORDER: tuple[str, ...] = (
    "全文", "一", "二", "三", "四", "五", "六", "七", "八", "九", "十",
    "附件1", "附件2", "附件3", "附件4", "附件5", "附件6",
)


class FindingLocation(BaseModel):
    """Where a finding sits: the section label the document uses, plus finer detail."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    section: Location = Field(description="一…十, 附件1…附件6 or 全文.")
    paragraph: int | None = Field(None, description="Paragraph index within the section.")
    table: int | None = Field(None, description="Index into Report.tables.")
    row: int | None = Field(None, description="Table row.")
    cell: int | None = Field(None, description="Table cell.")
    page: int | None = Field(None, description="PDF page (1-based) of the table, when the input was a PDF or scan.")
    detail: str = Field(
        "", description="What this place shows, when one finding lists several places (e.g. the row's own values)."
    )


class Finding(BaseModel):
    """One review finding (immutable)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    rule: str = Field(description="Rule id, e.g. ARI001.")
    category: Category = Field(description="Rule family.")
    severity: Severity = Field(description="error | warning | info.")
    location: FindingLocation = Field(description="Where in the document (the first place when there are several).")
    locations: list[FindingLocation] = Field(
        default_factory=list,
        description="Every place of this finding, the first being ``location``; several when one root cause "
        "shows at several places (e.g. 21 rows whose 实际完成值 is “已完成”). Filled from ``location`` when omitted.",
    )
    message: str = Field(description="Chinese message quoting the figures involved.")
    evidence: str = Field("", description="The text or figures the finding rests on.")
    suggestion: str = Field("", description="How to fix it.")
    reference: str = Field("", description="The rule or policy behind it.")

    @model_validator(mode="before")
    @classmethod
    def _fill_places(cls, data):
        """``locations`` defaults to ``[location]``; ``location`` defaults to the first of ``locations``."""
        if isinstance(data, dict):
            loc, locs = data.get("location"), data.get("locations")
            if not locs and loc is not None:
                data = {**data, "locations": [loc]}
            elif locs and loc is None:
                data = {**data, "location": locs[0]}
        return data

    @model_validator(mode="after")
    def _first_place_is_location(self):
        if self.locations[0] != self.location:
            raise ValueError("locations[0] must equal location")
        return self

    def sort_key(self) -> tuple:
        loc = self.location
        return (
            SECTION_ORDER.index(loc.section) if loc.section in SECTION_ORDER else 99,
            self.rule,
            loc.table if loc.table is not None else -1,
            loc.row if loc.row is not None else -1,
            loc.paragraph if loc.paragraph is not None else -1,
            loc.cell if loc.cell is not None else -1,
            self.message,
        )


def at(section: str, source=None, **kw) -> FindingLocation:
    """Build a location from a report Source (or keywords)."""
    if source is not None:
        return FindingLocation(
            section=source.section if section is None else section,
            paragraph=source.paragraph,
            table=source.table,
            row=source.row,
            cell=source.cell,
        )
    return FindingLocation(section=section, **kw)


def merge_places(
    parts: Sequence[Finding],
    *,
    message: str | None = None,
    evidence: str | None = None,
    suggestion: str | None = None,
    reference: str | None = None,
) -> Finding:
    """One finding for one root cause seen at several places: the parts' places in document order, the first
    as ``location``; each place keeps its own words in ``detail`` (the part's message, unless the merged
    message is the same); the worst severity of the parts. ``message`` / ``evidence`` / ``suggestion``
    replace the first part's (the message must still quote the values, e.g. the count and the common text)."""
    if not parts:
        raise ValueError("merge_places needs at least one finding")
    ordered = sorted(parts, key=Finding.sort_key)
    first = ordered[0]
    msg = first.message if message is None else message
    places: list[FindingLocation] = []
    for p in ordered:
        for loc in p.locations:
            if not loc.detail and p.message != msg:
                loc = loc.model_copy(update={"detail": p.message})
            if loc not in places:
                places.append(loc)
    worst = max((p.severity for p in ordered), key=SEVERITY_RANK.__getitem__)
    data = first.model_dump()
    data.update(
        severity=worst,
        location=places[0].model_dump(),
        locations=[x.model_dump() for x in places],
        message=msg,
    )
    if evidence is not None:
        data["evidence"] = evidence
    if suggestion is not None:
        data["suggestion"] = suggestion
    if reference is not None:
        data["reference"] = reference
    return Finding.model_validate(data)
