"""Drafting: LLM port, offline drafter, faithfulness guard, problem discovery, per-section sessions.

Public API (light import; langchain and the knowledge base load on first use)::

    from assistant.drafting import draft, draft_section, stream_section, draft_report, SectionSession
    draft(report, settings, section="七")               # -> DraftSuggestion (no section: -> ReportDraft)
    s = draft_section(report, "七", settings)          # -> DraftSuggestion
    for item in stream_section(report, "六", settings):  # str chunks, then the DraftSuggestion
        ...
    session = SectionSession(report, "六", settings); session.start(); session.revise("更简洁")
    draft_report(report, settings) -> Report
"""

from __future__ import annotations

from typing import Any

from assistant.drafting.models import Citation, DraftSuggestion, NumberUse, Problem, placeholder

__all__ = [
    "Citation",
    "DraftSuggestion",
    "NumberUse",
    "Problem",
    "placeholder",
    "draft",
    "draft_section",
    "stream_section",
    "draft_report",
    "draft_report_full",
    "apply_suggestion",
    "find_problems",
    "check_numbers",
    "get_port",
    "SectionSession",
    "SectionWriter",
    "DraftRun",
    "Retriever",
]

_LAZY = {
    "draft": "assistant.drafting.drafter",
    "draft_section": "assistant.drafting.drafter",
    "stream_section": "assistant.drafting.drafter",
    "draft_report": "assistant.drafting.drafter",
    "draft_report_full": "assistant.drafting.drafter",
    "apply_suggestion": "assistant.drafting.drafter",
    "DraftRun": "assistant.drafting.drafter",
    "find_problems": "assistant.drafting.problems",
    "check_numbers": "assistant.drafting.guard",
    "get_port": "assistant.drafting.llm",
    "SectionSession": "assistant.drafting.session",
    "SectionWriter": "assistant.drafting.writer",
    "Retriever": "assistant.drafting.retrieval",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(name)
