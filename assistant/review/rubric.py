"""The 考核评分表 items the score estimate judges, and what a finding costs in them.

Each rule declares its costs in its ``@rule(..., costs=...)`` decorator; the estimate
(:mod:`assistant.review.score`) sums the costs of the findings per item. Adding a rule or changing what it
costs is a change in one place: the rule's decorator.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

from assistant.review.finding import Finding


@dataclass(frozen=True)
class RubricItem:
    """One 二级指标 of the rubric's 自评报告 block that the document allows judging."""

    key: str
    name: str
    group: str
    max: Decimal
    full: str  # reason at full marks
    section: str | None = None  # the body section the item judges: missing or empty → 0 points
    needs_tables: bool = False  # the item judges the 自评表: none recognised → 0 points
    missing: str = ""  # reason when the section / tables are missing


COMPLETENESS = RubricItem(
    "completeness", "自评报告的完整性", "自评报告", Decimal("15"),
    full="正文十个部分和附件齐全，数据前后一致",
)
SELF_EVAL_TABLE = RubricItem(
    "self_eval_table", "绩效自评表", "自评报告", Decimal("15"),
    full="指标权重、三级细化、可衡量性和计算均符合要求",
    needs_tables=True, missing="没有可识别的绩效自评表（附件2/附件3），不得分",
)
PROBLEMS = RubricItem(
    "problems", "绩效评价报告反映问题情况", "自评报告", Decimal("15"),
    full="列出了具体问题并分析了原因",
    section="七", missing="没有第七部分或该部分为空，不得分",
)
MEASURES = RubricItem(
    "measures", "针对问题提出可行性建议的情况", "自评报告", Decimal("15"),
    full="措施针对问题并包含政策依据",
    section="八", missing="没有第八部分或该部分为空，不得分",
)
ITEMS: tuple[RubricItem, ...] = (COMPLETENESS, SELF_EVAL_TABLE, PROBLEMS, MEASURES)


@dataclass(frozen=True)
class Cost:
    """What the findings of one rule take off one rubric item.

    ``points`` per place of a counted finding (``count="section"``: once per section), at most ``cap`` in all (default:
    ``points``, i.e. charged once). Costs with the same ``note`` on the same item share the cap, and the note
    is how the estimate explains the deduction. ``zero``: a finding scores the item 0 (the rubric's 不得分).
    ``sections`` / ``severity`` restrict which findings count.
    """

    item: RubricItem
    points: Decimal
    note: str
    cap: Decimal | None = None
    sections: tuple[str, ...] = ()
    severity: str | None = None
    count: Literal["finding", "section"] = "finding"
    zero: bool = False

    @property
    def limit(self) -> Decimal:
        return self.points if self.cap is None else self.cap

    def applies(self, f: Finding) -> bool:
        return (not self.sections or f.location.section in self.sections) and (
            self.severity is None or f.severity == self.severity
        )

    def describe(self) -> str:
        """One line for docs/rules.md."""
        if self.zero:
            what = "该项不得分"
        else:
            each = "每个部分" if self.count == "section" else "每处"
            what = (f"扣{_fmt(self.points)}分" if self.cap is None
                    else f"{each}扣{_fmt(self.points)}分，最多扣{_fmt(self.limit)}分")
        where = f"（仅第{'、'.join(self.sections)}部分）" if self.sections else ""
        sev = {"error": "（仅错误级）", "warning": "（仅警告级）", "info": "（仅提示级）"}.get(self.severity or "", "")
        return f"“{self.item.name}”{where}{sev}：{self.note}，{what}"


def cost(
    item: RubricItem,
    points: str | int,
    note: str,
    *,
    cap: str | int | None = None,
    sections: tuple[str, ...] = (),
    severity: str | None = None,
    count: Literal["finding", "section"] = "finding",
) -> Cost:
    """Deduct ``points`` per finding (at most ``cap``; once when no cap)."""
    return Cost(item, Decimal(str(points)), note, None if cap is None else Decimal(str(cap)), sections, severity, count)


def zero(item: RubricItem, note: str, *, sections: tuple[str, ...] = ()) -> Cost:
    """A finding scores the item 0 points."""
    return Cost(item, item.max, note, sections=sections, zero=True)


def _fmt(x: Decimal) -> str:
    return format(x.normalize(), "f")
