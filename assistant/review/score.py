"""Rubric score estimate for the 考核评分表 items that can be judged from the document itself.

Only the 自评报告 block (60 points in the national rubric) is judgeable from a report; 布置工作 and
实施评价 depend on process facts outside the document and are listed as not judged. Each item starts at its
maximum and loses what the findings cost: every rule declares the rubric items it belongs to and its cost
(:mod:`assistant.review.rubric`), so the estimate agrees with the critique and knows no rule by name.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from pydantic import BaseModel, ConfigDict, Field

from assistant.report.model import Report
from assistant.report.normalize import squash
from assistant.review.finding import Finding
from assistant.review.profile import Profile
from assistant.review.registry import REGISTRY
from assistant.review.rubric import ITEMS, SELF_EVAL_TABLE, RubricItem
from assistant.review.rules._text import self_eval_tables

ZERO = Decimal("0")
HALF = Decimal("0.5")


class ScoreItem(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str = Field(description="Rubric item (二级指标).")
    group: str = Field("", description="Rubric block (一级指标), e.g. 自评报告.")
    max: Decimal = Field(description="Item maximum.")
    points: Decimal | None = Field(None, description="Estimated points; None when not judgeable.")
    stated: Decimal | None = Field(None, description="Score the unit gave itself in its 考核评分表, if any.")
    judged: bool = Field(True, description="Whether the document allows judging this item.")
    reason: str = Field("", description="Why these points.")


class ScoreEstimate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    total: Decimal = Field(description="Sum of estimated points over judged items.")
    max: Decimal = Field(description="Sum of maxima over judged items.")
    items: list[ScoreItem] = Field(default_factory=list, description="Per-item estimate.")
    stated_total: Decimal | None = Field(None, description="合计 the unit gave itself in its 考核评分表, if any.")


# (group, name, max, keywords matching the unit's own 考核评分表 二级指标)
NOT_JUDGED = (
    ("布置工作", "自评通知", Decimal("8"), ("通知",)),
    ("布置工作", "工作小组", Decimal("2"), ("小组",)),
    ("实施评价", "单位自查", Decimal("20"), ("自查",)),
    ("实施评价", "提交报告", Decimal("10"), ("提交", "报送")),
)
STATED_KEYS = {
    "completeness": ("完整性",),
    "self_eval_table": ("自评表",),
    "problems": ("问题情况", "反映问题"),
    "measures": ("建议",),
}


def _tidy(x: Decimal) -> Decimal:
    """11.0 -> 11, 2.50 -> 2.5 (without exponent notation)."""
    return x.quantize(Decimal("1")) if x == x.to_integral_value() else x.quantize(Decimal("0.1"))


def _half(x: Decimal) -> Decimal:
    """Round to the nearest 0.5 point (rubric scores are given in halves at most)."""
    return _tidy((x * 2).quantize(Decimal("1"), rounding=ROUND_HALF_UP) / 2)


def _clamp(x: Decimal, hi: Decimal) -> Decimal:
    return max(ZERO, min(hi, x))


def _fmt(x: Decimal) -> str:
    return format(_tidy(x), "f")


def _stated(report: Report, keys: tuple[str, ...]) -> Decimal | None:
    if report.rubric is None:
        return None
    for item in report.rubric.items:
        name = squash(item.level2)
        if any(k in name for k in keys) and item.score is not None:
            return item.score.value
    return None


def _deductions(item: RubricItem, findings: list[Finding]) -> tuple[str | None, list[tuple[str, Decimal]]]:
    """(reason the item scores 0 or None, [(note, points taken)]) from the costs the findings' rules declare."""
    taken: dict[str, Decimal] = {}
    caps: dict[str, Decimal] = {}
    counted: set[tuple] = set()
    for f in findings:
        rule = REGISTRY.get(f.rule)
        for c in rule.costs if rule is not None else ():
            if c.item.key != item.key or not c.applies(f):
                continue
            if c.zero:
                return c.note, []
            # a finding listing several places costs what one finding per place would
            places = len(f.locations)
            if c.count == "section":
                keys = {(c.note, f.rule, loc.section) for loc in f.locations} - counted
                if not keys:
                    continue
                counted |= keys
                places = len(keys)
            caps[c.note] = max(caps.get(c.note, Decimal(0)), c.limit)
            taken[c.note] = min(caps[c.note], taken.get(c.note, ZERO) + c.points * places)
    return None, [(note, pts) for note, pts in taken.items() if pts > 0]


def _item(report: Report, item: RubricItem, findings: list[Finding]) -> ScoreItem:
    out = ScoreItem(name=item.name, group=item.group, max=item.max, points=ZERO)
    if item.section is not None:
        sec = report.section(item.section)
        if sec is None or not squash(sec.text):
            out.reason = item.missing
            return out
    forms = self_eval_tables(report)
    if item.needs_tables and forms and not any(t.indicators for t in forms) and any(t.unread for t in forms):
        # the form is there but its indicator grid could not be read: not judged, not zero
        unread = "；".join(u for t in forms for u in t.unread)
        out.points, out.judged = None, False
        out.reason = f"自评表的绩效指标未能读取（{unread[:40]}…），本项无法自动判断"
        return out
    if item.needs_tables and not [t for t in forms if t.indicators or t.funds]:
        if report.meta.format == "pdf" and report.attachments:
            # the tables are there but PDF keeps no table structure: not judgeable, not zero
            out.points, out.judged, out.reason = None, False, "PDF 文件无法还原附件表格，本项无法自动判断"
        else:
            out.reason = item.missing
        return out
    zeroed, taken = _deductions(item, findings)
    if zeroed is not None:
        out.reason = f"{zeroed}，按评分标准不得分"
        return out
    out.points = _clamp(item.max - sum((p for _, p in taken), ZERO), item.max)
    out.reason = "；".join(f"{note}−{_fmt(p)}" for note, p in taken) if taken else item.full
    gaps = sum(len(t.unread) for t in forms) if item.needs_tables else 0
    if gaps:
        out.reason += f"；另有{gaps}处表格内容未能读取，未计入判断"
    return out


def _not_judged(item: RubricItem, reason: str) -> ScoreItem:
    return ScoreItem(name=item.name, group=item.group, max=item.max, judged=False, reason=reason)


def estimate_score(report: Report, findings: list[Finding], profile: Profile) -> ScoreEstimate:
    """Estimate the 自评报告 block of the rubric (60 points) from the document and the findings."""
    items: list[ScoreItem] = []
    stated_keys: dict[str, tuple[str, ...]] = {}
    if report.kind == "project_table":
        judged_items: tuple[RubricItem, ...] = (SELF_EVAL_TABLE,)
    else:
        judged_items = ITEMS
        for group, name, mx, keys in NOT_JUDGED:
            items.append(ScoreItem(
                name=name, group=group, max=mx, judged=False, reason="取决于布置和实施过程，报告本身无法判断",
            ))
            stated_keys[name] = keys
    for item in judged_items:
        stated_keys[item.name] = STATED_KEYS.get(item.key, (item.name,))
        if report.sections or item.needs_tables:
            items.append(_item(report, item, findings))
        elif item.section is not None:
            items.append(_not_judged(item, f"文件只有表格，没有第{item.section}部分，无法判断"))
        else:
            items.append(_not_judged(item, "文件只有表格，正文另行报送，无法判断"))
    for it in items:
        it.stated = _stated(report, stated_keys.get(it.name, (it.name,)))
        if it.points is not None:
            it.points = _tidy(it.points)
    judged = [it for it in items if it.judged and it.points is not None]
    return ScoreEstimate(
        total=_tidy(sum((it.points for it in judged), ZERO)),
        max=_tidy(sum((it.max for it in judged), ZERO)),
        items=items,
        stated_total=report.rubric.total.value if report.rubric is not None and report.rubric.total else None,
    )
