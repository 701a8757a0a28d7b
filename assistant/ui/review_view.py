"""Pure helpers for the 审阅 page: review uploaded bytes, table rows, filters, chart data, downloads.

Labels, locations and score rows come from :mod:`assistant.export.present`, the same presenter the
CLI table, Markdown and the Word 批注 copy use. The critique .docx (python-docx) is built only when
asked for, through the Word writer module (imported lazily, see tests/test_layering.py).
"""

from __future__ import annotations

import io
from importlib import resources
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from assistant.errors import InputUnusable
from assistant.export.findings_format import render_json, render_markdown
from assistant.export.present import (
    CATEGORY_LABELS,
    SEVERITY_LABELS,
    Decision,
    places_text,
    score_summary,
)
from assistant.export.present import (
    score_rows as present_score_rows,
)
from assistant.official.match import load_books, record_for
from assistant.official.model import OfficialBooks
from assistant.report import parse_bytes
from assistant.report.model import Report
from assistant.review import review
from assistant.review.engine import ReviewResult
from assistant.review.finding import SECTION_ORDER, Finding
from assistant.settings import get_settings

SAMPLE_REPORT = "seed_000.txt"


def sample_report() -> tuple[str, bytes]:
    """The packaged sample report (``assistant/samples/``) as an upload: (file name, bytes)."""
    return SAMPLE_REPORT, resources.files("assistant").joinpath("samples", SAMPLE_REPORT).read_bytes()


class ReviewOutcome(BaseModel):
    """One file of a batch: either a result or the one-line reason it could not be used."""

    model_config = ConfigDict(extra="forbid", arbitrary_types_allowed=True)

    name: str
    result: ReviewResult | None = None
    report: Report | None = None
    error: str | None = Field(None, description="One line shown with st.error when the file is unusable.")
    data: bytes | None = Field(None, repr=False, description="Original bytes (for 批注 on .docx).")

    @property
    def ok(self) -> bool:
        return self.result is not None


def review_bytes(data: bytes, name: str, settings=None, previous: Report | None = None,
                 official: OfficialBooks | None = None) -> ReviewOutcome:
    """Parse and review one upload. Unusable input becomes ``error`` (one line); bugs still raise.

    ``official``: the approved targets / 决算 files attached beside the report(s); each report is checked
    against its own unit's part of them.
    """
    try:
        report = parse_bytes(data, name, settings)
    except InputUnusable as ex:
        return ReviewOutcome(name=name, error=chinese_error(str(ex)))
    result = review(report, settings, previous=previous, official=record_for(report, official, hint=name))
    return ReviewOutcome(name=name, result=result, report=report, data=data)


def official_books(targets: tuple[str, bytes] | None, final_accounts: tuple[str, bytes] | None,
                   settings=None) -> OfficialBooks | None:
    """The official files attached on the page, read once (None when none is attached)."""
    if not targets and not final_accounts:
        return None
    return load_books(targets, final_accounts, get_settings(settings))


def official_notes(outcomes: list[ReviewOutcome]) -> list[str]:
    """One line per official file that was not used (Chinese), and what each reviewed report was checked against."""
    notes: list[str] = []
    for o in outcomes:
        st = o.result.official if o.result is not None else None
        for skip in st.skipped if st else ():
            line = chinese_error(skip.reason)
            if line not in notes:
                notes.append(line)
    return notes


def chinese_error(message: str) -> str:
    """The Chinese half of a bilingual error line (``文件为空 / file is empty`` → ``文件为空``).

    The CLI keeps both halves; the app shows only the Chinese one.
    """
    return "\n".join(line.split(" / ", 1)[0].rstrip() for line in message.splitlines())


def finding_rows(result: ReviewResult) -> list[dict[str, Any]]:
    """Rows for the findings table (Chinese column names)."""
    rows = []
    for i, f in enumerate(result.findings):
        rows.append({
            "序号": i + 1,
            "严重程度": SEVERITY_LABELS.get(f.severity, f.severity),
            "类别": CATEGORY_LABELS.get(f.category, f.category),
            "位置": location_label(f),
            "规则": f.rule,
            "问题": f.message,
        })
    return rows


def location_label(f: Finding) -> str:
    """Where a finding sits, worded as in every other view (``附件2 表2 第12行第4列``, ``… 等21处``)."""
    return places_text(f)


def filter_findings(
    findings: list[Finding],
    severities: list[str] | None = None,
    categories: list[str] | None = None,
    sections: list[str] | None = None,
) -> list[Finding]:
    """Keep findings whose severity/category/section is in the given lists (None or [] = all)."""
    return [
        f
        for f in findings
        if (not severities or f.severity in severities)
        and (not categories or f.category in categories)
        and (not sections or f.location.section in sections)
    ]


def facet_values(findings: list[Finding]) -> dict[str, list[str]]:
    sev = sorted({f.severity for f in findings}, key=["error", "warning", "info"].index)
    cat = sorted({f.category for f in findings}, key=list(CATEGORY_LABELS).index)
    sec = sorted({f.location.section for f in findings},
                 key=lambda s: SECTION_ORDER.index(s) if s in SECTION_ORDER else 99)
    return {"severity": sev, "category": cat, "section": sec}


def score_rows(result: ReviewResult) -> list[dict[str, Any]]:
    """Rubric estimate per item for the chart and table (judged items only have points).

    The presenter's rows, keyed by column name; points become floats only here, for the chart.
    """
    return [
        {
            "评分项": r.name,
            "满分": float(r.max),
            "估计得分": None if r.points is None else float(r.points),
            "自评得分": None if r.stated is None else float(r.stated),
            "已评估": "是" if r.judged else "否（文档无法判断）",
            "理由": r.reason,
        }
        for r in present_score_rows(result)
    ]


def batch_summary(outcomes: list[ReviewOutcome]) -> list[dict[str, Any]]:
    rows = []
    for o in outcomes:
        if o.result is None:
            rows.append({"文件": o.name, "状态": "无法使用", "错误": None, "警告": None, "提示": None,
                         "估计得分": None, "说明": o.error})
            continue
        c = o.result.counts()
        rows.append({
            "文件": o.name, "状态": "已审阅", "错误": c["error"], "警告": c["warning"], "提示": c["info"],
            "估计得分": score_summary(o.result),
            "说明": "",
        })
    return rows


def result_json(result: ReviewResult | list[ReviewResult], *, mask_pii: bool = False, decisions=None) -> str:
    """The review JSON contract (a list for several files); decisions add an optional ``decision`` key."""
    return render_json(result, mask_pii=mask_pii, decisions=decisions)


def result_markdown(result: ReviewResult, *, mask_pii: bool = False) -> str:
    return render_markdown(result, mask_pii=mask_pii)


def critique_docx_bytes(outcome: ReviewOutcome, *, mask_pii: bool = False,
                        decisions: dict[int, Decision] | None = None) -> bytes | None:
    """Critique .docx: the original .docx with 批注 at each finding, or a rebuilt report for other inputs."""
    # Lazy on purpose (tests/test_layering.py LAZY_IMPORTS): python-docx loads only on a Word download.
    from assistant.export.critique_docx import build_critique_document

    if outcome.result is None or outcome.report is None:
        return None
    source = outcome.data if outcome.data and outcome.data[:4] == b"PK\x03\x04" and \
        outcome.name.lower().endswith(".docx") else None
    doc = build_critique_document(outcome.result, outcome.report, source_docx=source, mask_pii=mask_pii,
                                 decisions=decisions)
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()
