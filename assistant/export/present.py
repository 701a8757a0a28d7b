"""The one presenter of findings: labels, locations, counts, score rows and comment text.

Every view of a review — the CLI table, Markdown, the Word 批注 copy and the app's 审阅 page — takes
its wording from here, so a finding reads the same everywhere. Pure functions over ``ReviewResult``;
no python-docx, no I/O. Messages themselves are built by the rules; this module only labels them.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from decimal import Decimal

from assistant.numfmt import points
from assistant.report.model import SECTION_TITLES
from assistant.review import Finding, FindingLocation, ReviewResult
from assistant.review.finding import CATEGORY_LABELS, SECTION_ORDER, SEVERITY_LABELS, SEVERITY_ORDER

__all__ = [
    "CATEGORY_LABELS",
    "DECISION_LABELS",
    "NOT_JUDGED",
    "SCORE_HEADER",
    "SEVERITY_LABELS",
    "SEVERITY_ORDER",
    "Decision",
    "ScoreRow",
    "category_counts",
    "comment_text",
    "decision_dict",
    "decision_line",
    "counts_line",
    "finding_headline",
    "grouped_by_section",
    "location_text",
    "place_lines",
    "places_text",
    "score_rows",
    "score_summary",
    "score_table",
    "section_name",
    "severity_counts",
    "untitled",
]

UNTITLED = "（未命名）"
NOT_JUDGED = "无法判断"


def untitled(name: str | None) -> str:
    """A file name for display; ``（未命名）`` when there is none."""
    return name or UNTITLED


def section_name(label: str) -> str:
    """``一`` → ``一、基本情况``; attachments and 全文 as they are."""
    if label in SECTION_TITLES:
        return f"{label}、{SECTION_TITLES[label]}"
    return label


def location_text(loc: FindingLocation) -> str:
    """Human location, 1-based: ``附件2 表2 第12行第4列`` / ``二 第2段`` / ``全文``."""
    parts = [loc.section]
    if loc.paragraph is not None:
        parts.append(f"第{loc.paragraph + 1}段")
    if loc.table is not None:
        detail = f"表{loc.table + 1}"
        if loc.row is not None:
            detail += f" 第{loc.row + 1}行"
            if loc.cell is not None:
                detail += f"第{loc.cell + 1}列"
        parts.append(detail)
    if loc.page is not None:
        parts.append(f"（第{loc.page}页）")  # a PDF or scan: where to look in the original
    return " ".join(parts)


def places_text(f: Finding) -> str:
    """Where a finding is, in one line: its place, or ``附件2 表2 第12行第6列 等21处`` when one root cause shows
    at several places (every place is listed by ``place_lines`` and commented in the Word copy)."""
    first = location_text(f.location)
    n = len(f.locations)
    return first if n <= 1 else f"{first} 等{n}处"


def place_lines(f: Finding) -> list[str]:
    """One line per place of a finding: ``附件2 表2 第13行第6列：<what this place shows>``."""
    return [f"{location_text(loc)}：{loc.detail}" if loc.detail else location_text(loc) for loc in f.locations]


def finding_headline(f: Finding) -> str:
    """``[错误] ARI001`` — severity label and rule id, the prefix of every rendering of a finding."""
    return f"[{SEVERITY_LABELS[f.severity]}] {f.rule}"


def comment_text(f: Finding, place: FindingLocation | None = None) -> str:
    """The 批注 text: ``[错误] ARI001 消息`` + ``建议：…`` + ``依据：…`` lines (when present). A finding with
    several places gets a comment at each: ``place`` adds ``本处（第k处，共n处）：…`` with what that place shows."""
    lines = [f"{finding_headline(f)} {f.message}"]
    n = len(f.locations)
    if place is not None and n > 1:
        k = next((i for i, loc in enumerate(f.locations) if loc == place), 0) + 1
        lines.append(f"本处（第{k}处，共{n}处）：{place.detail or location_text(place)}")
    if f.suggestion:
        lines.append(f"建议：{f.suggestion}")
    if f.reference:
        lines.append(f"依据：{f.reference}")
    return "\n".join(lines)


# ---------------------------------------------------------------- a reviewer's decision on a finding

DECISION_LABELS: dict[str, str] = {"accepted": "已采纳", "dismissed": "已驳回"}


@dataclass(frozen=True)
class Decision:
    """What the reviewer did with a finding: ``accepted`` or ``dismissed``, with an optional note."""

    status: str
    note: str = ""

    def __post_init__(self) -> None:
        if self.status not in DECISION_LABELS:
            raise ValueError(f"bad decision status {self.status!r}")


def decision_line(d: Decision) -> str:
    """``审阅处理：已驳回（备注：单位已补充说明）`` — the line added to a 批注 and shown in the app."""
    line = f"审阅处理：{DECISION_LABELS[d.status]}"
    return f"{line}（备注：{d.note.strip()}）" if d.note.strip() else line


def decision_dict(d: Decision) -> dict[str, str]:
    """The optional ``decision`` key of a finding in the review JSON."""
    return {"status": d.status, "label": DECISION_LABELS[d.status], "note": d.note.strip()}


def severity_counts(result: ReviewResult) -> dict[str, int]:
    """{severity: n} in SEVERITY_ORDER, zeros included."""
    c = Counter(f.severity for f in result.findings)
    return {s: c.get(s, 0) for s in SEVERITY_ORDER}


def counts_line(result: ReviewResult, *, unit: str = "") -> str:
    """``错误 2，警告 3，提示 0`` (``unit`` = ``条`` adds the measure word)."""
    counts = severity_counts(result)
    return "，".join(f"{SEVERITY_LABELS[s]} {counts[s]}{' ' + unit if unit else ''}" for s in SEVERITY_ORDER)


def category_counts(result: ReviewResult) -> list[tuple[str, dict[str, int]]]:
    """(category, {severity: n}) for categories with findings, in CATEGORY_LABELS order."""
    out = []
    for cat in CATEGORY_LABELS:
        fs = [f for f in result.findings if f.category == cat]
        if fs:
            c = Counter(f.severity for f in fs)
            out.append((cat, {s: c.get(s, 0) for s in SEVERITY_ORDER}))
    return out


def grouped_by_section(result: ReviewResult) -> list[tuple[str, list[Finding]]]:
    """Findings grouped by ``location.section``, sections in document order (unknown labels last)."""
    groups: dict[str, list[Finding]] = {}
    for f in result.findings:
        groups.setdefault(f.location.section, []).append(f)
    order = {s: i for i, s in enumerate(SECTION_ORDER)}
    return sorted(groups.items(), key=lambda kv: order.get(kv[0], 99))


# ---------------------------------------------------------------- rubric estimate


@dataclass(frozen=True)
class ScoreRow:
    """One rubric item of the estimate, typed (Decimal points); ``cells()`` gives the text row."""

    name: str
    max: Decimal
    points: Decimal | None  # None when the document does not allow judging the item
    stated: Decimal | None
    judged: bool
    reason: str

    def cells(self) -> list[str]:
        """评分项, 分值, 估计得分, 自评得分, 说明."""
        return [self.name, points(self.max), points(self.points) if self.judged else NOT_JUDGED,
                points(self.stated), self.reason]


SCORE_HEADER = ["评分项", "分值", "估计得分", "自评得分", "说明"]


def score_rows(result: ReviewResult) -> list[ScoreRow]:
    """The rubric estimate per item, in the estimate's order."""
    return [
        ScoreRow(name=it.name, max=it.max, points=it.points if it.judged else None, stated=it.stated,
                 judged=it.judged, reason=it.reason)
        for it in result.score.items
    ]


def score_table(result: ReviewResult) -> list[list[str]]:
    """Text rows under SCORE_HEADER: one per item, then 合计（可判断项）; empty when nothing was estimated."""
    rows = [r.cells() for r in score_rows(result)]
    if rows:
        rows.append(["合计（可判断项）", points(result.score.max), points(result.score.total), "", ""])
    return rows


def score_summary(result: ReviewResult) -> str:
    """``57.50/60.00`` (estimated / maximum over judged items); ``—`` when nothing was estimated."""
    if not result.score.items:
        return "—"
    return f"{points(result.score.total)}/{points(result.score.max)}"
