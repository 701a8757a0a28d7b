"""Apply ``assistant.privacy.mask_pii`` to every text of a Report or a ReviewResult (copies, never in place)."""

from __future__ import annotations

from typing import Any

from assistant.privacy import mask_pii
from assistant.report.model import Report
from assistant.review import ReviewResult


def mask_texts(value: Any) -> Any:
    """A copy of plain data (dicts, lists, strings) with personal numbers masked in every string."""
    if isinstance(value, str):
        return mask_pii(value)
    if isinstance(value, list):
        return [mask_texts(v) for v in value]
    if isinstance(value, dict):
        return {k: mask_texts(v) for k, v in value.items()}
    return value  # Decimal, int, None, bool stay as they are


def mask_report(report: Report) -> Report:
    """A copy of ``report`` with personal numbers masked in every text (paragraphs, cells, raw values)."""
    return Report.model_validate(mask_texts(report.model_dump(mode="python")))


def mask_result(result: ReviewResult) -> ReviewResult:
    """A copy of a ReviewResult with personal numbers masked in messages, evidence and suggestions."""
    return ReviewResult.model_validate(mask_texts(result.model_dump(mode="python")))
