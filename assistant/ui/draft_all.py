"""Draft every empty section at once (the page's “一键起草空白章节” button). No streamlit here."""

from __future__ import annotations

from dataclasses import dataclass, field

from assistant.report.model import SECTION_LABELS, Report


@dataclass
class DraftAllOutcome:
    drafted: dict[str, str] = field(default_factory=dict)  # label -> text saved
    kept: list[str] = field(default_factory=list)  # labels the user had already written
    placeholders: int = 0
    error: str | None = None


def draft_empty_sections(report: Report, current: dict[str, str], settings, *, retriever=None) -> DraftAllOutcome:
    """Draft only the sections whose current text is empty; never overwrite what the user wrote.

    On an LLM failure the sections drafted so far are still returned (``error`` says what failed).
    """
    from assistant.drafting.drafter import draft_report_full
    from assistant.errors import LLMUnavailable

    empty = [label for label in SECTION_LABELS if not (current.get(label) or "").strip()]
    out = DraftAllOutcome(kept=[label for label in SECTION_LABELS if label not in empty])
    if not empty:
        return out
    try:
        result = draft_report_full(report, settings, retriever=retriever, sections=empty)
    except LLMUnavailable as exc:
        result = getattr(exc, "partial", None)
        out.error = str(exc)
        if result is None:
            return out
    for label in empty:
        sug = result.suggestions.get(label)
        if sug is not None and sug.text.strip():
            out.drafted[label] = sug.text
            out.placeholders += len(sug.placeholders)
    return out
