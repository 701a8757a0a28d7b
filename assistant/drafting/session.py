"""A conversation about one section: start with a suggestion, revise it with follow-up requests, accept.

The configured writer does the revising (offline: deterministic transforms; LLM: revise.md, see
``assistant.drafting.writer``); every result goes through the same guard and self-check as a first draft.
"""

from __future__ import annotations

from typing import Iterator

from assistant.drafting.drafter import DraftRun, draft_section, replace_section, stream_section
from assistant.drafting.llm import Backend
from assistant.drafting.models import DraftSuggestion
from assistant.drafting.offline import UNKNOWN_REQUEST, add_survey_method, shorten
from assistant.drafting.retrieval import Retriever
from assistant.drafting.writer import Drafted
from assistant.errors import LLMUnavailable
from assistant.report.model import Report
from assistant.settings import Settings

__all__ = ["SectionSession", "UNKNOWN_REQUEST", "add_survey_method", "shorten"]


class SectionSession:
    """State of one section's conversation: current suggestion and its history."""

    def __init__(
        self,
        report: Report,
        label: str,
        settings: Settings | None = None,
        *,
        port: Backend | None = None,
        retriever: Retriever | None = None,
        run: DraftRun | None = None,
    ) -> None:
        self.report = report
        self.label = label
        self.run = run or DraftRun.make(report, settings, port=port, retriever=retriever)
        self.history: list[DraftSuggestion] = []
        self.partial: str | None = None  # text received before a streaming failure

    @property
    def current(self) -> DraftSuggestion | None:
        return self.history[-1] if self.history else None

    def start(self) -> DraftSuggestion:
        s = draft_section(self.report, self.label, run=self.run)
        self.history.append(s)
        return s

    def stream(self) -> Iterator[str | DraftSuggestion]:
        try:
            for item in stream_section(self.report, self.label, run=self.run):
                if isinstance(item, DraftSuggestion):
                    self.history.append(item)
                yield item
        except LLMUnavailable as exc:
            self.partial = getattr(exc, "partial", None)
            raise

    def edit(self, text: str) -> DraftSuggestion:
        """The user edited the text by hand: re-check it (guard + review) and make it current."""
        prev = self.current
        citations = [c for c in (prev.citations if prev else []) if f"[{c.id}]" in text]
        s = self.run.finish(self.label, Drafted(text, citations), revised_from=prev.text if prev else None,
                            request="手动编辑")
        self.history.append(s)
        return s

    def revise(self, request: str) -> DraftSuggestion:
        cur = self.current or self.start()
        drafted = self.run.writer.revise(self.run, self.label, cur, request)
        s = self.run.finish(self.label, drafted, revised_from=cur.text, request=request)
        self.history.append(s)
        return s

    def accept(self) -> Report:
        assert self.current is not None, "nothing to accept"
        return replace_section(self.report, self.label, self.current.text)
