"""Rubric score estimate for the 考核评分表 items that can be judged from the document itself.

Only the 自评报告 block (60 points in the national rubric) is judgeable from a report; 布置工作 and
实施评价 depend on process facts outside the document and are listed as not judged. The estimate reads the
report's structure and the findings of the indicator / completeness / boilerplate / problems / measures rules,
so it agrees with what the critique says.
"""

from __future__ import annotations

from collections import defaultdict
from decimal import ROUND_HALF_UP, Decimal

from pydantic import BaseModel, ConfigDict, Field

from assistant.report.model import SECTION_LABELS, Report
from assistant.report.normalize import squash
from assistant.review.finding import Finding
from assistant.review.profile import Profile

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
    "自评报告的完整性": ("完整性",),
    "绩效自评表": ("自评表",),
    "绩效评价报告反映问题情况": ("问题情况", "反映问题"),
    "针对问题提出可行性建议的情况": ("建议",),
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


class _Findings:
    def __init__(self, findings: list[Finding]):
        self.by_rule: dict[str, list[Finding]] = defaultdict(list)
        for f in findings:
            self.by_rule[f.rule].append(f)

    def has(self, rule: str, section: str | None = None, severity: str | None = None) -> bool:
        return bool(self.get(rule, section, severity))

    def get(self, rule: str, section: str | None = None, severity: str | None = None) -> list[Finding]:
        return [
            f for f in self.by_rule.get(rule, [])
            if (section is None or f.location.section == section) and (severity is None or f.severity == severity)
        ]


# ------------------------------------------------------------------ items


def _completeness(report: Report, fs: _Findings) -> ScoreItem:
    from assistant.review.rules.completeness import missing_attachments_of

    present = {s.label for s in report.sections}
    missing = [lab for lab in SECTION_LABELS if lab not in present]
    template_only = sorted({f.location.section for f in fs.get("BOI001", severity="error")})
    empty = [s.label for s in report.sections if not squash(s.text) and s.label not in template_only]
    lost = len(missing) + len(template_only) + len(empty)
    body = _clamp(Decimal("8") - 2 * lost, Decimal("8"))
    parts = []
    if missing:
        parts.append(f"缺第{'、'.join(missing)}部分")
    if template_only:
        parts.append(f"第{'、'.join(template_only)}部分只有模板提示")
    if empty:
        parts.append(f"第{'、'.join(empty)}部分为空")
    body_reason = f"正文{'；'.join(parts) if parts else '十个部分齐全'}，得{_fmt(body)}/8"
    att_missing = [lab for lab, _, _ in missing_attachments_of(report)]
    att = _clamp(Decimal("7") - 2 * len(att_missing), Decimal("7"))
    att_reason = f"附件{'缺' + '、'.join(att_missing) if att_missing else '齐全'}，得{_fmt(att)}/7"
    return ScoreItem(
        name="自评报告的完整性", group="自评报告", max=Decimal("15"), points=body + att,
        reason=f"{body_reason}；{att_reason}（每缺一部分扣2分）",
    )


def _self_eval_table(report: Report, fs: _Findings, profile: Profile) -> ScoreItem:
    from assistant.review.rules._text import self_eval_tables
    from assistant.review.rules.indicator import is_placeholder

    tables = [t for t in self_eval_tables(report) if t.indicators or t.funds]
    item = ScoreItem(name="绩效自评表", group="自评报告", max=Decimal("15"), points=ZERO)
    if not tables and report.meta.format == "pdf" and report.attachments:
        # the tables are there but PDF keeps no table structure: not judgeable, not zero
        item.points, item.judged, item.reason = None, False, "PDF 文件无法还原附件表格，本项无法自动判断"
        return item
    unread = fs.get("IND006")
    if unread and not any(t.indicators for t in tables):
        # the form is there but its indicator grid could not be read: not judged, not zero
        item.points, item.judged = None, False
        item.reason = "自评表未能读取（" + unread[0].message[:60] + "…），本项无法自动判断"
        return item
    if not tables:
        item.reason = "没有可识别的绩效自评表（附件2/附件3），不得分"
        return item

    # 1. weights (2): each of 产出/效益/满意度/预算执行率 carries the profile's weight
    weight_ok = Decimal("0")
    weight_n = 0
    weight_notes: list[str] = []
    for t in tables:
        for key, expected in profile.weights.items():
            weight_n += 1
            if key == "预算执行率":
                fund = next((f for f in t.funds if "资金总额" in f.name), None)
                got = fund.weight.value if fund is not None and fund.weight is not None else None
            else:
                rows = [r for r in t.indicators if key[:2] in r.level1]
                got = sum((r.weight.value for r in rows if r.weight is not None), ZERO) if rows else None
            if got is not None and got == expected:
                weight_ok += 1
            else:
                weight_notes.append(f"{key}{_fmt(got) if got is not None else '未设'}分（应为{_fmt(expected)}分）")
    w_pts = _half(Decimal("2") * weight_ok / weight_n) if weight_n else ZERO

    real = [(t, r) for t in tables for r in t.indicators if not is_placeholder(r)]
    n = len(real)

    def rows_of(rule: str) -> set[tuple]:
        return {(f.location.table, f.location.row) for f in fs.get(rule)}

    # 2. broken down to 三级 (3)
    not3 = rows_of("IND003")
    l3_pts = _half(Decimal("3") * (n - len(not3)) / n) if n else ZERO

    # 3a. 内涵明确、可衡量 (5): unquantified target costs a whole row, an unmeasured actual half a row
    ind2, ind1 = rows_of("IND002"), rows_of("IND001")
    penalty = Decimal(len(ind2)) + HALF * len(ind1 - ind2)
    m_pts = _half(_clamp(Decimal("5") * (1 - penalty / n), Decimal("5"))) if n else ZERO

    # 3b. 核心指标精简 (3): placeholders and overlong tables cost a point each
    placeholders = len(fs.get("IND004"))
    too_long = sum(1 for t in tables if len(t.indicators) > profile.thresholds.max_indicators)
    c_pts = _clamp(Decimal("3") - placeholders - too_long, Decimal("3"))

    # 3c. 全面反映产出和效益 (2): 产出/效益/满意度 blocks each have a real indicator
    covered = 0
    blocks = 0
    for t in tables:
        for key in ("产出", "效益", "满意"):
            blocks += 1
            if any(key in r.level1 and not is_placeholder(r) for r in t.indicators):
                covered += 1
    f_pts = _half(Decimal("2") * covered / blocks) if blocks else ZERO

    item.points = _clamp(w_pts + l3_pts + m_pts + c_pts + f_pts, Decimal("15"))
    item.reason = (
        f"权重{_fmt(w_pts)}/2（{'；'.join(weight_notes) if weight_notes else '符合规定'}）；"
        f"三级细化{_fmt(l3_pts)}/3（{n}个指标中{len(not3)}个未细化）；"
        f"可衡量{_fmt(m_pts)}/5（{len(ind2)}个指标值未量化，{len(ind1)}个实际完成值非实测值）；"
        f"精简{_fmt(c_pts)}/3（占位指标{placeholders}个）；"
        f"全面反映{_fmt(f_pts)}/2（产出、效益、满意度指标覆盖{covered}/{blocks}）"
    )
    gaps = sum(len(t.unread) for t in tables)
    if gaps:
        item.reason += f"；另有{gaps}处表格内容未能读取，未计入判断"
    return item


def _problems(report: Report, fs: _Findings) -> ScoreItem:
    item = ScoreItem(name="绩效评价报告反映问题情况", group="自评报告", max=Decimal("15"), points=ZERO)
    sec = report.section("七")
    if sec is None or not squash(sec.text):
        item.reason = "没有第七部分或该部分为空，不得分"
        return item
    if fs.has("PRB001"):
        item.reason = "第七部分称没有问题，未列出具体问题，不得分"
        return item
    if fs.has("PRB002"):
        item.reason = "只提出资金不足问题，按评分标准不得分"
        return item
    pts = Decimal("15")
    notes = []
    if fs.has("PRB003"):
        pts -= 5
        notes.append("问题没有原因分析−5")
    if fs.has("CMP004", section="七"):
        pts -= 3
        notes.append("内容过少−3")
    if fs.has("BOI001", section="七") or fs.has("BOI002", section="七"):
        pts -= 2
        notes.append("含模板或通用表述−2")
    item.points = _clamp(pts, Decimal("15"))
    item.reason = "；".join(notes) if notes else "列出了具体问题并分析了原因"
    return item


def _measures(report: Report, fs: _Findings) -> ScoreItem:
    item = ScoreItem(name="针对问题提出可行性建议的情况", group="自评报告", max=Decimal("15"), points=ZERO)
    sec = report.section("八")
    if sec is None or not squash(sec.text):
        item.reason = "没有第八部分或该部分为空，不得分"
        return item
    if fs.has("MEA001"):
        item.reason = "只提出加大资金投入的建议，按评分标准不得分"
        return item
    pts = Decimal("15")
    notes = []
    if fs.has("MEA002"):
        pts -= 5
        notes.append("措施未针对第七部分的问题−5")
    if fs.has("MEA003"):
        pts -= 3
        notes.append("未包含政策依据−3")
    if fs.has("BOI001", section="八") or fs.has("BOI002", section="八"):
        pts -= 2
        notes.append("含模板或照抄的通用表述−2")
    if fs.has("CMP004", section="八"):
        pts -= 2
        notes.append("内容过少−2")
    item.points = _clamp(pts, Decimal("15"))
    item.reason = "；".join(notes) if notes else "措施针对问题并包含政策依据"
    return item


def estimate_score(report: Report, findings: list[Finding], profile: Profile) -> ScoreEstimate:
    """Estimate the 自评报告 block of the rubric (60 points) from the document and the findings."""
    fs = _Findings(findings)
    items: list[ScoreItem] = []
    if report.kind == "project_table":
        items.append(_self_eval_table(report, fs, profile))
    else:
        for group, name, mx, _keys in NOT_JUDGED:
            items.append(ScoreItem(
                name=name, group=group, max=mx, judged=False,
                reason="取决于布置和实施过程，报告本身无法判断",
            ))
        if report.sections:
            items.append(_completeness(report, fs))
        else:
            items.append(ScoreItem(
                name="自评报告的完整性", group="自评报告", max=Decimal("15"), judged=False,
                reason="文件只有表格，正文另行报送，无法判断",
            ))
        items.append(_self_eval_table(report, fs, profile))
        if report.sections:
            items.append(_problems(report, fs))
            items.append(_measures(report, fs))
        else:
            for name in ("绩效评价报告反映问题情况", "针对问题提出可行性建议的情况"):
                items.append(ScoreItem(
                    name=name, group="自评报告", max=Decimal("15"), judged=False,
                    reason="文件只有表格，没有第七、八部分，无法判断",
                ))
    keys = dict(STATED_KEYS)
    keys.update({name: k for _, name, _, k in NOT_JUDGED})
    for it in items:
        it.stated = _stated(report, keys.get(it.name, (it.name,)))
    for it in items:
        if it.points is not None:
            it.points = _tidy(it.points)
    judged = [it for it in items if it.judged and it.points is not None]
    return ScoreEstimate(
        total=_tidy(sum((it.points for it in judged), ZERO)),
        max=_tidy(sum((it.max for it in judged), ZERO)),
        items=items,
        stated_total=report.rubric.total.value if report.rubric is not None and report.rubric.total else None,
    )
