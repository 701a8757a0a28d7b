"""Drafting service: one section (offline or LLM), streaming, self-check, whole report.

Public entry points (the Streamlit app calls these):

- ``draft_section(report, label, settings) -> DraftSuggestion``
- ``stream_section(report, label, settings) -> Iterator[str | DraftSuggestion]`` (chunks, then the suggestion)
- ``draft_report(report, settings) -> Report`` and ``draft_report_full(...) -> ReportDraft``
- ``apply_suggestion(report, suggestion) -> Report``
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Iterator

from assistant.drafting.data_block import data_block
from assistant.drafting.guard import Evidence, check_numbers, guard_warning
from assistant.drafting.llm import LLMPort, Message, get_port
from assistant.drafting.models import Citation, DraftSuggestion
from assistant.drafting.offline import WRITERS, DraftContext, placeholders_in
from assistant.drafting.prompts import CANNOT_DRAFT, render, section_requirements, system_prompt
from assistant.drafting.retrieval import Retriever, hit_to_citation
from assistant.errors import LLMUnavailable
from assistant.report.model import SECTION_LABELS, SECTION_TITLES, Paragraph, Report, Section

if TYPE_CHECKING:  # pragma: no cover
    from assistant.review.finding import Finding
    from assistant.settings import Settings

CITE_KEY = re.compile(r"\[(K-[0-9a-f]{12})\]")
ANY_KEY = re.compile(r"\[K-[^\]]*\]")


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
    from assistant.report.extract import extract_budget, extract_staffing_text

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
    """State shared by every section of one drafting run (cached evidence, baseline review, retrieval)."""

    report: Report
    settings: "Settings"
    port: LLMPort
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
        settings: "Settings | None" = None,
        *,
        port: LLMPort | None = None,
        retriever: Retriever | None = None,
    ) -> "DraftRun":
        from assistant.settings import get_settings

        settings = get_settings(settings)
        port = port or get_port(settings)
        retriever = retriever or Retriever.from_settings(settings)
        return cls(report=report, settings=settings, port=port, retriever=retriever)

    @property
    def mode(self) -> str:
        return "offline" if self.port.is_offline else self.port.model

    def baseline(self) -> set:
        if self._baseline is None:
            from assistant.review import run_rules

            self._baseline = {_key(f) for f in run_rules(self.report)}
        return self._baseline

    def new_errors(self, label: str, text: str) -> list["Finding"]:
        """Error-level findings the drafted section introduces (in this section or 全文)."""
        from assistant.review import run_rules

        after = run_rules(replace_section(self.report, label, text))
        base = self.baseline()
        return [
            f
            for f in after
            if f.severity == "error" and f.location.section in (label, "全文") and _key(f) not in base
        ]

    # ---- offline
    def offline_text(self, label: str) -> tuple[str, list[Citation], list[str]]:
        sd = WRITERS[label](self.ctx)
        return sd.text, [hit_to_citation(h) for h in sd.hits], sd.warnings

    # ---- LLM messages
    def passages_block(self, label: str) -> tuple[str, list]:
        from assistant.knowledge import format_passages_for_prompt

        hits = list(self.retriever.for_section(label))
        if label in ("七", "八", "九"):
            for p in self.ctx.problems:
                h = self.retriever.policy(p.policy, p.policy_query)
                if h is not None and all(h.id != x.id for x in hits):
                    hits.append(h)
        return format_passages_for_prompt(hits), hits

    def section_messages(self, label: str, baseline: str) -> tuple[list[Message], list]:
        passages, hits = self.passages_block(label)
        user = render(
            "section",
            unit=self.ctx.facts.unit,
            year=str(self.ctx.facts.year or ""),
            label=label,
            heading=SECTION_TITLES[label],
            requirements=section_requirements()[label],
            data=data_block(self.report, label, self.ctx.facts, self.ctx.problems),
            passages=passages,
            baseline=baseline,
        )
        return [Message(role="system", content=system_prompt()), Message(role="user", content=user)], hits


def clean_reply(text: str, label: str) -> str:
    """Drop code fences, a repeated heading and blank lines from an LLM reply."""
    t = text.strip().strip("`").strip()
    lines = [ln.rstrip() for ln in t.splitlines()]
    heading = f"{label}、{SECTION_TITLES[label]}"
    lines = [ln for ln in lines if ln.strip() and ln.strip().lstrip("#").strip() not in (heading, SECTION_TITLES[label])]
    return "\n".join(ln.strip() for ln in lines)


def resolve_citations(text: str, hits: list) -> tuple[str, list[Citation], list[str]]:
    """Keep citation keys of passages retrieved in this call; drop (and report) any other key."""
    known = {h.id: h for h in hits}
    cited: list[Citation] = []
    dropped: list[str] = []

    def sub(m: re.Match) -> str:
        key = m.group(0)[1:-1]
        if key in known:
            if all(c.id != key for c in cited):
                cited.append(hit_to_citation(known[key]))
            return m.group(0)
        dropped.append(key)
        return ""

    text = ANY_KEY.sub(sub, text)
    warnings = [f"已删除未检索到的引用编号：{'、'.join(dropped)}"] if dropped else []
    return text, cited, warnings


def _finish(
    run: DraftRun,
    label: str,
    text: str,
    citations: list[Citation],
    warnings: list[str],
    *,
    reasks: int = 0,
    revised_from: str | None = None,
    request: str | None = None,
    check: bool = True,
) -> DraftSuggestion:
    g = check_numbers(text, citations=citations, evidence=run.evidence)
    warnings = list(warnings)
    if g.unverified:
        warnings.append(guard_warning(g.unverified))
    for f in run.new_errors(label, text) if check else ():
        warnings.append(f"[{f.rule}] {f.message}")
    if run.retriever.error and run.retriever.error not in warnings:
        warnings.append(run.retriever.error)
    return DraftSuggestion(
        section=label,  # type: ignore[arg-type]
        text=text,
        citations=citations,
        numbers_used=g.numbers_used,
        warnings=list(dict.fromkeys(warnings)),
        placeholders=placeholders_in(text),
        mode=run.mode,
        revised_from=revised_from,
        request=request,
        reasks=reasks,
    )


def _offline_fix(run: DraftRun, label: str, text: str, findings: list["Finding"]) -> str:
    """Regenerate offline text with the fixes the findings call for (template lines, personal data)."""
    from assistant.privacy import mask_pii

    fixed = mask_pii(text)
    for f in findings:
        ev = (f.evidence or "").strip()
        if f.category == "boilerplate" and ev:
            fixed = "\n".join(ln for ln in fixed.splitlines() if ev[:20] not in ln)
    return fixed


def _offline_suggestion(run: DraftRun, label: str, check: bool = True) -> DraftSuggestion:
    text, citations, warnings = run.offline_text(label)
    if check:
        errors = run.new_errors(label, text)
        if errors:
            text = _offline_fix(run, label, text, errors)
    return _finish(run, label, text, citations, warnings, check=check)


def _llm_round(run: DraftRun, messages: list[Message], hits: list, label: str) -> tuple[str, list[Citation], list[str], int]:
    """Call the LLM, resolve citations, guard numbers and self-review; send back at most once each."""
    reply = run.port.generate(messages)
    assert isinstance(reply, str)
    return _llm_postprocess(run, messages, hits, label, reply)


def _llm_postprocess(run: DraftRun, messages: list[Message], hits: list, label: str, reply: str):
    warnings: list[str] = []
    reasks = 0
    if CANNOT_DRAFT in reply or not clean_reply(reply, label):
        text, citations, w = run.offline_text(label)
        return text, citations, [*w, "大模型表示无法依据现有数据起草本部分，已改用离线草稿"], reasks
    text, citations, w = resolve_citations(clean_reply(reply, label), hits)
    warnings += w
    g = check_numbers(text, citations=citations, evidence=run.evidence)
    errors = run.new_errors(label, text)
    if g.unverified or errors:
        issues = []
        if g.unverified:
            issues.append("1）以下数字无法在填报数据或所引用资料中找到出处：" + "、".join(g.unverified))
        if errors:
            issues.append("2）审阅规则发现以下错误：" + "；".join(f.message for f in errors))
        repair = render("repair", label=label, draft=text, issues="\n".join(issues))
        reasks += 1
        reply2 = run.port.generate([*messages, Message(role="assistant", content=reply), Message(role="user", content=repair)])
        assert isinstance(reply2, str)
        cleaned = clean_reply(reply2, label)
        if cleaned and CANNOT_DRAFT not in reply2:
            text, citations, w = resolve_citations(cleaned, hits)
            warnings += w
    return text, citations, warnings, reasks


def draft_section(
    report: Report,
    label: str,
    settings: "Settings | None" = None,
    *,
    port: LLMPort | None = None,
    retriever: Retriever | None = None,
    run: DraftRun | None = None,
    check: bool = True,
) -> DraftSuggestion:
    """Draft one section 一…十 (offline or with the configured LLM).

    ``check=False`` skips the per-section review (draft_report_full reviews all sections in one pass).
    """
    if label not in SECTION_LABELS:
        from assistant.errors import InputUnusable

        raise InputUnusable(f"无效的部分编号 {label!r}：应为 一…十 之一")
    run = run or DraftRun.make(report, settings, port=port, retriever=retriever)
    if run.port.is_offline:
        return _offline_suggestion(run, label, check)
    baseline, _, _ = run.offline_text(label)
    messages, hits = run.section_messages(label, baseline)
    text, citations, warnings, reasks = _llm_round(run, messages, hits, label)
    return _finish(run, label, text, citations, warnings, reasks=reasks)


def stream_section(
    report: Report,
    label: str,
    settings: "Settings | None" = None,
    *,
    port: LLMPort | None = None,
    retriever: Retriever | None = None,
    run: DraftRun | None = None,
) -> Iterator[str | DraftSuggestion]:
    """Yield text chunks as they arrive, then the checked :class:`DraftSuggestion` as the last item.

    Offline mode yields the draft paragraph by paragraph. If the LLM fails mid-stream, LLMUnavailable is
    raised with ``exc.partial`` holding the text received so far.
    """
    run = run or DraftRun.make(report, settings, port=port, retriever=retriever)
    if run.port.is_offline or not run.port.can_stream:
        s = draft_section(report, label, run=run)
        for line in s.text.splitlines(keepends=True):
            yield line
        yield s
        return
    baseline, _, _ = run.offline_text(label)
    messages, hits = run.section_messages(label, baseline)
    received: list[str] = []
    try:
        for chunk in run.port.generate(messages, stream=True):
            received.append(chunk)
            yield chunk
    except LLMUnavailable as exc:
        exc.partial = "".join(received)  # type: ignore[attr-defined]
        raise
    text, citations, warnings, reasks = _llm_postprocess(run, messages, hits, label, "".join(received))
    yield _finish(run, label, text, citations, warnings, reasks=reasks)


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
    settings: "Settings | None" = None,
    *,
    port: LLMPort | None = None,
    retriever: Retriever | None = None,
    sections: list[str] | None = None,
) -> ReportDraft:
    """Draft the given sections (default all ten), assemble them, review the whole draft.

    On LLMUnavailable the exception carries ``partial``: a ReportDraft with the sections drafted so far.
    """
    from assistant.drafting.tables import ensure_tables
    from assistant.review import run_rules

    run = DraftRun.make(report, settings, port=port, retriever=retriever)
    out = ReportDraft(report=ensure_tables(report.model_copy(deep=True)))
    batch = run.port.is_offline  # offline: review every section in one pass over the assembled draft
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
                fixed = _offline_fix(run, label, s.text, mine)
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


def draft_report(report: Report, settings: "Settings | None" = None, **kw) -> Report:
    """Fill all ten sections (attachment tables kept, or rebuilt from the data when absent)."""
    return draft_report_full(report, settings, **kw).report
