"""Drafting service: one entry for a section or the whole report, whichever writer is configured.

The writer (``assistant.drafting.writer.SectionWriter``: offline or LLM) writes; this module runs the
same checks on whatever it wrote — the faithfulness guard and the review self-check — and assembles
reports. Nothing here knows which writer is on.

Public entry points (the Streamlit app and the CLI call these):

- ``draft(report, settings, section=None)`` — one section (``DraftSuggestion``) or the report (``ReportDraft``)
- ``draft_section(report, label, settings) -> DraftSuggestion``
- ``stream_section(report, label, settings) -> Iterator[str | DraftSuggestion]`` (chunks, then the suggestion)
- ``draft_report(report, settings) -> Report`` and ``draft_report_full(...) -> ReportDraft``
- ``apply_suggestion(report, suggestion) -> Report``
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Iterator

from assistant.drafting.guard import Evidence, check_numbers, guard_warning
from assistant.drafting.llm import ANY_KEY, Backend, get_writer
from assistant.drafting.models import DraftSuggestion
from assistant.drafting.offline import DraftContext, placeholders_in
from assistant.drafting.retrieval import Retriever
from assistant.drafting.tables import ensure_tables
from assistant.drafting.writer import Drafted, SectionWriter
from assistant.errors import InputUnusable, LLMUnavailable
from assistant.report.extract import extract_budget, extract_staffing_text
from assistant.report.model import SECTION_LABELS, SECTION_TITLES, Paragraph, Report, Section
from assistant.review import run_rules
from assistant.settings import Settings, get_settings

if TYPE_CHECKING:  # pragma: no cover
    from assistant.review.finding import Finding


def strip_citation_keys(text: str) -> str:
    return ANY_KEY.sub("", text)


# ------------------------------------------------------------------ applying a section to a report


def _section_from_text(label: str, text: str, heading: str | None = None) -> Section:
    lines = [ln.strip() for ln in strip_citation_keys(text).splitlines() if ln.strip()]
    return Section(
        label=label,  # type: ignore[arg-type]
        heading=heading or SECTION_TITLES[label],
        paragraphs=[Paragraph(index=i, text=t) for i, t in enumerate(lines)],
    )


def replace_section(report: Report, label: str, text: str) -> Report:
    """A copy of ``report`` with section ``label`` replaced by ``text``; views of 一/二 re-read from it."""
    new = report.model_copy()  # shallow: only sections and the 一/二 views are replaced, never mutated
    old = new.section(label)
    sec = _section_from_text(label, text, old.heading if old else None)
    order = {lab: i for i, lab in enumerate(SECTION_LABELS)}
    others = [s for s in new.sections if s.label != label]
    new.sections = sorted([*others, sec], key=lambda s: order[s.label])
    if label == "二":
        budget = extract_budget(new)
        if budget.basic.total is not None or budget.project.total is not None:
            new.budget = budget
    elif label == "一":
        st = extract_staffing_text(new)
        for key in ("authorized", "actual", "retired"):
            if getattr(st, key) is None:
                setattr(st, key, getattr(report.staffing_text, key))
        new.staffing_text = st
    return new


def apply_suggestion(report: Report, suggestion: DraftSuggestion) -> Report:
    return replace_section(report, suggestion.section, suggestion.text)


# ------------------------------------------------------------------ self-check


def _key(f: "Finding") -> tuple:
    return (f.rule, f.location.section, f.message)


@dataclass
class DraftRun:
    """State shared by every section of one drafting run: the writer, cached evidence, baseline review,
    retrieval."""

    report: Report
    settings: Settings
    writer: SectionWriter
    retriever: Retriever
    ctx: DraftContext = None  # type: ignore[assignment]
    evidence: Evidence = None  # type: ignore[assignment]
    _baseline: set | None = None

    def __post_init__(self) -> None:
        if self.ctx is None:
            self.ctx = DraftContext(self.report, self.retriever)
        if self.evidence is None:
            self.evidence = Evidence.from_report(self.report)

    @classmethod
    def make(
        cls,
        report: Report,
        settings: Settings | None = None,
        *,
        port: Backend | None = None,
        retriever: Retriever | None = None,
    ) -> "DraftRun":
        """``port``: an LLMPort or a SectionWriter to use instead of the configured backend."""
        settings = get_settings(settings)
        writer = get_writer(settings, port)
        retriever = retriever or Retriever.from_settings(settings)
        return cls(report=report, settings=settings, writer=writer, retriever=retriever)

    @property
    def mode(self) -> str:
        return self.writer.model

    def baseline(self) -> set:
        if self._baseline is None:
            self._baseline = {_key(f) for f in run_rules(self.report)}
        return self._baseline

    def new_errors(self, label: str, text: str) -> list["Finding"]:
        """Error-level findings the drafted section introduces (in this section or 全文)."""
        after = run_rules(replace_section(self.report, label, text))
        base = self.baseline()
        return [
            f
            for f in after
            if f.severity == "error" and f.location.section in (label, "全文") and _key(f) not in base
        ]

    def finish(
        self,
        label: str,
        drafted: Drafted,
        *,
        revised_from: str | None = None,
        request: str | None = None,
        check: bool = True,
    ) -> DraftSuggestion:
        """The checked suggestion for a writer's text: guard warnings, new review errors, placeholders.

        ``check=False`` skips the review self-check (the caller reviews the assembled draft).
        """
        g = check_numbers(drafted.text, citations=drafted.citations, evidence=self.evidence)
        warnings = list(drafted.warnings)
        if g.unverified:
            warnings.append(guard_warning(g.unverified))
        for f in self.new_errors(label, drafted.text) if check else ():
            warnings.append(f"[{f.rule}] {f.message}")
        if self.retriever.error and self.retriever.error not in warnings:
            warnings.append(self.retriever.error)
        return DraftSuggestion(
            section=label,  # type: ignore[arg-type]
            text=drafted.text,
            citations=drafted.citations,
            numbers_used=g.numbers_used,
            warnings=list(dict.fromkeys(warnings)),
            placeholders=placeholders_in(drafted.text),
            mode=self.mode,
            revised_from=revised_from,
            request=request,
            reasks=drafted.reasks,
        )


def draft_section(
    report: Report,
    label: str,
    settings: Settings | None = None,
    *,
    port: Backend | None = None,
    retriever: Retriever | None = None,
    run: DraftRun | None = None,
    check: bool = True,
) -> DraftSuggestion:
    """Draft one section 一…十 with the configured writer (or ``port``).

    ``check=False`` skips the per-section review (draft_report_full reviews all sections in one pass).
    """
    if label not in SECTION_LABELS:
        raise InputUnusable(f"无效的部分编号 {label!r}：应为 一…十 之一")
    run = run or DraftRun.make(report, settings, port=port, retriever=retriever)
    return run.finish(label, run.writer.draft(run, label, check=check), check=check)


def stream_section(
    report: Report,
    label: str,
    settings: Settings | None = None,
    *,
    port: Backend | None = None,
    retriever: Retriever | None = None,
    run: DraftRun | None = None,
) -> Iterator[str | DraftSuggestion]:
    """Yield text chunks as they arrive, then the checked :class:`DraftSuggestion` as the last item.

    If the LLM fails mid-stream, LLMUnavailable is raised with ``exc.partial`` holding the text received so far.
    """
    run = run or DraftRun.make(report, settings, port=port, retriever=retriever)
    for item in run.writer.stream(run, label):
        yield run.finish(label, item) if isinstance(item, Drafted) else item


# ------------------------------------------------------------------ whole report


@dataclass
class ReportDraft:
    report: Report
    suggestions: dict[str, DraftSuggestion] = field(default_factory=dict)
    findings: list = field(default_factory=list)
    error: str | None = None

    @property
    def errors(self) -> list:
        return [f for f in self.findings if f.severity == "error"]


def draft_report_full(
    report: Report,
    settings: Settings | None = None,
    *,
    port: Backend | None = None,
    retriever: Retriever | None = None,
    sections: list[str] | None = None,
) -> ReportDraft:
    """Draft the given sections (default all ten), assemble them, review the whole draft.

    On LLMUnavailable the exception carries ``partial``: a ReportDraft with the sections drafted so far.
    """
    run = DraftRun.make(report, settings, port=port, retriever=retriever)
    out = ReportDraft(report=ensure_tables(report.model_copy(deep=True)))
    batch = run.writer.reviews_whole_draft  # one review pass over the assembled draft, then repairs
    for label in sections or list(SECTION_LABELS):
        try:
            s = draft_section(report, label, run=run, check=not batch)
        except LLMUnavailable as exc:
            out.error = str(exc)
            out.findings = run_rules(out.report)
            exc.partial = out  # type: ignore[attr-defined]
            raise
        out.suggestions[label] = s
        out.report = replace_section(out.report, label, s.text)
    if batch:
        base = run.baseline()
        new = [f for f in run_rules(out.report) if f.severity == "error" and _key(f) not in base]
        for label, s in list(out.suggestions.items()):
            mine = [f for f in new if f.location.section == label]
            if mine:
                fixed = run.writer.repair(run, label, s.text, mine)
                out.report = replace_section(out.report, label, fixed)
                s = s.model_copy(update={"text": fixed, "placeholders": placeholders_in(fixed)})
                out.suggestions[label] = s
        if any(f.location.section in out.suggestions for f in new):
            new = [f for f in run_rules(out.report) if f.severity == "error" and _key(f) not in base]
        for label, s in out.suggestions.items():
            extra = [f"[{f.rule}] {f.message}" for f in new if f.location.section == label]
            if extra:
                out.suggestions[label] = s.model_copy(update={"warnings": list(dict.fromkeys([*s.warnings, *extra]))})
    out.report.meta.format = "draft"
    if not out.report.title and report.year and report.unit:
        out.report.title = f"{report.year}年度{report.unit}整体支出绩效自评报告"
    out.findings = run_rules(out.report)
    return out


def draft_report(report: Report, settings: Settings | None = None, **kw) -> Report:
    """Fill all ten sections (attachment tables kept, or rebuilt from the data when absent)."""
    return draft_report_full(report, settings, **kw).report


def draft(
    report: Report,
    settings: Settings | None = None,
    *,
    section: str | None = None,
    port: Backend | None = None,
    retriever: Retriever | None = None,
) -> DraftSuggestion | ReportDraft:
    """The one drafting entry: section ``section`` (a :class:`DraftSuggestion`) or, without it, the whole
    report (a :class:`ReportDraft`), written by the configured writer or ``port``."""
    if section is not None:
        return draft_section(report, section, settings, port=port, retriever=retriever)
    return draft_report_full(report, settings, port=port, retriever=retriever)
