"""The draft workspace: everything the 起草 page does to a draft, as typed functions (no streamlit).

A :class:`Draft` is the working copy of one stored draft — the figures form, the current text of all ten
sections, last year's report and the chat history. A :class:`Workspace` binds the store, the acting user
and the settings, and every action goes through it::

    ws = Workspace(store, user, settings)
    draft = ws.create(unit="…", year=2023)           # or ws.load(draft_id)
    ws.edit_section(draft, "一", text)               # the user typed in the 一 editor (autosave)
    ws.save_figures(draft, figures)                  # the figures form changed (autosave)
    ws.import_report(draft, report, name="2022.docx", as_previous=True)
    ws.accept(draft, "七", suggestion.text); ws.restore(draft, version_id)
    ws.draft_empty(draft, retriever=...)             # 一键起草空白章节
    for chunk in ws.ask(draft, "七", "请起草本节"): ...  # a chat turn, stored with the draft

Every action updates ``draft`` in place and writes through to the store, so the stored draft and the working
copy never disagree. **Invariant:** no write ever stores an empty section over a non-empty one, except
:meth:`Workspace.edit_section` — the user clearing that section's own editor.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterator, Mapping

from pydantic import BaseModel, ConfigDict, Field

from assistant.drafting import SectionSession, draft_report_full, stream_section
from assistant.drafting.carry import carry_forward
from assistant.drafting.models import DraftSuggestion
from assistant.drafting.retrieval import Retriever
from assistant.errors import AssistantError, LLMUnavailable, OfficialFileUnusable
from assistant.official.match import norm_name, pick_unit
from assistant.official.model import TargetsBook
from assistant.report.model import SECTION_LABELS, Report
from assistant.settings import Settings
from assistant.store import ChatTurn, DraftInfo, DraftStore, User, Version
from assistant.ui.figures import (
    SANGONG_ITEMS,
    Figures,
    IndicatorInput,
    ProjectInput,
    build_report,
    default_indicators,
    figures_from_report,
    sections_from_report,
)


class Draft(BaseModel):
    """The working copy of one draft: what the page renders and every action updates."""

    model_config = ConfigDict(extra="forbid")

    id: int = Field(description="Draft id in the store.")
    label: str = Field(description="Display label, e.g. '2023年度 某单位 #1'.")
    figures: Figures = Field(description="The figures form.")
    sections: dict[str, str] = Field(description="Current text of every section 一…十 ('' = empty).")
    previous: Report | None = Field(None, description="Last year's report, if imported.")
    chat: dict[str, list[ChatTurn]] = Field(default_factory=dict, description="Chat history per section.")

    def report(self) -> Report:
        """The Report built from the figures and the section texts (for review, drafting and export)."""
        fig = self.figures
        return build_report(fig, self.sections, file=f"{fig.year}年度{fig.unit}整体支出绩效自评报告（草稿）")

    def turns(self, label: str) -> list[ChatTurn]:
        return self.chat.get(label, [])

    def last_suggestion(self, label: str) -> DraftSuggestion | None:
        return next((t.suggestion for t in reversed(self.turns(label)) if t.suggestion), None)


class ImportOutcome(BaseModel):
    model_config = ConfigDict(extra="forbid")

    message: str = Field(description="What was imported (Chinese, for the page).")
    sections: list[str] = Field(default_factory=list, description="Sections written by the import.")
    kept: list[str] = Field(default_factory=list, description="Sections left as they were (user text kept).")


@dataclass
class DraftAllOutcome:
    """Result of 一键起草空白章节."""

    drafted: dict[str, str] = field(default_factory=dict)  # label -> text saved
    kept: list[str] = field(default_factory=list)  # labels the user had already written
    placeholders: int = 0
    error: str | None = None

    def message(self) -> str:
        msg = f"已起草并保存：第{'、'.join(self.drafted) or '无'}部分；保留您已写的：{'、'.join(self.kept) or '无'}"
        if self.placeholders:
            msg += f"；共 {self.placeholders} 处【待补充】需要您填写"
        return msg


def draft_empty_sections(
    report: Report, current: Mapping[str, str], settings: Settings, *, retriever: Retriever | None = None
) -> DraftAllOutcome:
    """Draft only the sections whose current text is empty; never touch what the user wrote.

    On an LLM failure the sections drafted so far are still returned (``error`` says what failed).
    """
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


FRESH_WORDS = ("起草", "生成", "写一", "重新起草", "草拟")


def is_fresh_request(request: str) -> bool:
    """A request to (re)draft from scratch rather than to revise what is there."""
    return any(w in request for w in FRESH_WORDS)


def chat_turn(
    report: Report,
    section: str,
    request: str,
    *,
    settings: Settings,
    previous: DraftSuggestion | None = None,
    current_text: str | None = None,
    retriever: Retriever | None = None,
) -> Iterator[str | DraftSuggestion]:
    """Yield text chunks, then the final checked :class:`DraftSuggestion`.

    A turn drafts the section afresh (streamed) or revises the last suggestion / the user's current text
    through a :class:`SectionSession`.
    """
    fresh = is_fresh_request(request) or (previous is None and not (current_text or "").strip())
    if fresh:
        yield from stream_section(report, section, settings, retriever=retriever)
        return
    session = SectionSession(report, section, settings, retriever=retriever)
    if previous is not None and (current_text or "").strip() in ("", previous.text.strip()):
        session.history.append(previous)
    else:
        session.edit(current_text or "")
    result = session.revise(request)
    for line in result.text.splitlines(keepends=True):
        yield line
    yield result


def may_replace(stored: str, text: str, *, cleared: bool) -> bool:
    """The workspace invariant: empty text never replaces non-empty stored text unless the user cleared
    that section's own editor (``cleared``)."""
    return bool(text.strip()) or not stored.strip() or cleared


def _all_sections(sections: Mapping[str, str]) -> dict[str, str]:
    return {label: sections.get(label, "") or "" for label in SECTION_LABELS}


class Workspace:
    """Draft actions for one acting user. Store errors (AccessDenied, StoreError) propagate unchanged."""

    def __init__(self, store: DraftStore, user: User, settings: Settings):
        self.store = store
        self.user = user
        self.settings = settings

    @property
    def multi_user(self) -> bool:
        return self.store.multi_user

    # ------------------------------------------------------------------ open
    def list(self) -> list[DraftInfo]:
        return self.store.list_drafts(self.user)

    def create(self, *, unit: str, year: int) -> Draft:
        """A new draft with the standard indicator skeleton. In multi-user mode the unit is the user's."""
        unit = (self.user.unit or "") if self.multi_user else unit.strip()
        fig = Figures(unit=unit, year=int(year), indicators=default_indicators())
        info = self.store.create_draft(self.user, unit=unit, year=int(year), figures=fig)
        return self._draft(info, {})

    def load(self, draft_id: int) -> Draft:
        info = self.store.get_draft(self.user, draft_id)
        return self._draft(info, self.store.current_sections(draft_id, self.user))

    def _draft(self, info: DraftInfo, sections: Mapping[str, str]) -> Draft:
        return Draft(id=info.id, label=info.label, figures=info.figures, sections=_all_sections(sections),
                     previous=info.previous, chat=info.chat)

    def refresh(self, draft: Draft) -> Draft:
        """Re-read the section texts from the store (another tab or user may have written since)."""
        draft.sections = _all_sections(self.store.current_sections(draft.id, self.user))
        return draft

    # ------------------------------------------------------------------ writes
    def _write(self, draft: Draft, label: str, text: str, *, kind: str, note: str = "",
               cleared: bool = False) -> Version | None:
        """The only section write. Returns None when nothing was written: the text is unchanged, or it is
        empty over stored non-empty text and the user did not clear that section's own editor."""
        if label not in SECTION_LABELS:
            raise ValueError(f"unknown section {label!r}")
        stored = self.store.current_text(draft.id, label, self.user)
        if text == stored and kind != "accept":
            draft.sections[label] = stored
            return None
        if not may_replace(stored, text, cleared=cleared):
            draft.sections[label] = stored  # refuse: keep (and show) what is stored
            return None
        v = self.store.save_section(draft.id, label, text, self.user, kind=kind, note=note)
        draft.sections[label] = text
        return v

    def edit_section(self, draft: Draft, label: str, text: str) -> Version | None:
        """Autosave what the user typed in the editor of ``label`` (the one write allowed to clear it)."""
        return self._write(draft, label, text, kind="edit", cleared=not text.strip())

    def save_figures(self, draft: Draft, figures: Figures) -> bool:
        """Autosave the figures form (and the report built from it). False when nothing changed."""
        if self.multi_user:
            figures = figures.model_copy(update={"unit": self.user.unit or ""})
        if figures == draft.figures:
            return False
        draft.figures = figures
        info = self.store.update_draft(
            self.user, draft.id, figures=figures, report=draft.report(),
            unit=None if self.multi_user else figures.unit, year=figures.year,
        )
        draft.label = info.label
        return True

    def add_project(self, draft: Draft) -> int:
        """Append an empty 附件3 project table (one per project); returns its index."""
        projects = [*draft.figures.projects, ProjectInput()]
        self.save_figures(draft, draft.figures.model_copy(update={"projects": projects}))
        return len(projects) - 1

    def remove_project(self, draft: Draft, index: int) -> None:
        """Drop the ``index``-th 附件3 project table."""
        projects = [p for i, p in enumerate(draft.figures.projects) if i != index]
        self.save_figures(draft, draft.figures.model_copy(update={"projects": projects}))

    def accept(self, draft: Draft, label: str, text: str, *, note: str = "") -> Version:
        """Accept a suggestion into the section (a new version even when the text is the same)."""
        if not text.strip():
            raise ValueError("an accepted suggestion has text")
        v = self._write(draft, label, text, kind="accept", note=note)
        assert v is not None
        return v

    def restore(self, draft: Draft, version_id: int) -> Version:
        """Make an old version current again (appends a copy; history is never rewritten)."""
        old = self.store.get_version(version_id, self.user)
        if old.draft_id != draft.id:
            raise ValueError(f"version #{version_id} belongs to draft #{old.draft_id}, not #{draft.id}")
        v = self.store.restore(version_id, self.user)
        draft.sections[v.section] = v.text
        return v

    def import_targets(self, draft: Draft, book: TargetsBook) -> str:
        """Start the indicator table from the approved 绩效目标 (this unit's part of ``book``): each approved
        indicator with its 一级/二级 and 年度指标值. A row already typed for the same indicator keeps its
        实际完成值, 分值, 得分 and note. Returns the one-line message for the page."""
        self.refresh(draft)
        entry, why, why_en = pick_unit(book.units, draft.figures.unit or None)
        if entry is None:
            raise OfficialFileUnusable(f"{book.file}: {why} / {why_en}")
        typed = {norm_name(r.level3): r for r in draft.figures.indicators if r.level3.strip()}
        rows = []
        # the unit's own targets go to 附件2; a file of projects' targets only is taken as it is
        for t in [t for t in entry.targets if not t.project] or entry.targets:
            prev = typed.get(norm_name(t.name))
            rows.append(IndicatorInput(
                level1=t.level1, level2=t.level2, level3=t.name, target=t.target,
                **({"actual": prev.actual, "weight": prev.weight, "score": prev.score, "note": prev.note} if prev else {}),
            ))
        self.save_figures(draft, draft.figures.model_copy(update={"indicators": rows}))
        return f"已从 {book.file} 导入 {len(rows)} 项批复的绩效指标（年度指标值按批复填写）"

    def import_report(self, draft: Draft, report: Report, *, name: str, as_previous: bool) -> ImportOutcome:
        """Import a parsed report. This year's report: its figures and every non-empty section. Last year's:
        its 决算 become 上年决算, its indicators the template (if none typed), its standing text fills the
        empty sections. Sections the import has no text for are never emptied."""
        self.refresh(draft)
        fig = figures_from_report(report, as_previous_year=as_previous)
        if self.multi_user:
            fig.unit = self.user.unit or ""
        written: list[str] = []
        if as_previous:
            cur = draft.figures.model_copy(deep=True)
            for item in SANGONG_ITEMS:
                cur.sangong[item]["prev_final"] = fig.sangong[item]["prev_final"]
            cur.unit = cur.unit or fig.unit
            if not any(r.level3 for r in cur.indicators):
                cur.indicators = fig.indicators
            if not cur.projects:
                cur.projects = fig.projects  # last year's projects as a template (no funds, no actual values)
            fig = cur
            self.store.update_draft(self.user, draft.id, previous=report)
            draft.previous = report
            carried = carry_forward(report, build_report(cur, draft.sections))
            for sec in carried.sections:
                if not draft.sections.get(sec.label, "").strip() and sec.text.strip():
                    if self._write(draft, sec.label, sec.text, kind="import", note=f"沿用上年报告 {name}"):
                        written.append(sec.label)
        else:
            for label, text in sections_from_report(report).items():
                if label in SECTION_LABELS and self._write(draft, label, text, kind="import", note=f"导入自 {name}"):
                    written.append(label)
        self.save_figures(draft, fig)
        kept = [label for label in SECTION_LABELS if draft.sections[label].strip() and label not in written]
        what = "上年数据（上年决算数、指标模板）" if as_previous else "数据和正文"
        return ImportOutcome(message=f"已从 {name} 导入{what}", sections=written, kept=kept)

    def draft_empty(self, draft: Draft, *, retriever: Retriever | None = None) -> DraftAllOutcome:
        """一键起草空白章节: draft every section empty in the store and save each as an accepted version."""
        self.refresh(draft)
        out = draft_empty_sections(draft.report(), draft.sections, self.settings, retriever=retriever)
        for label, text in list(out.drafted.items()):
            if self._write(draft, label, text, kind="accept", note="一键起草") is None:
                del out.drafted[label]  # pragma: no cover - drafted text is never empty
        return out

    # ------------------------------------------------------------------ chat
    def add_turn(self, draft: Draft, label: str, turn: ChatTurn) -> None:
        draft.chat[label] = self.store.append_chat(self.user, draft.id, label, turn)

    def ask(self, draft: Draft, label: str, request: str, *, retriever: Retriever | None = None) -> Iterator[str]:
        """One chat turn: store the request, stream the reply's text, store the suggestion (or the error).

        Consume the iterator to the end (``st.write_stream`` does); the history is then in ``draft.chat``.
        """
        previous = draft.last_suggestion(label)
        self.add_turn(draft, label, ChatTurn(role="user", content=request))
        final: DraftSuggestion | None = None
        try:
            for item in chat_turn(draft.report(), label, request, settings=self.settings, previous=previous,
                                  current_text=draft.sections.get(label), retriever=retriever):
                if isinstance(item, DraftSuggestion):
                    final = item
                else:
                    yield item
        except AssistantError as ex:
            self.add_turn(draft, label, ChatTurn(role="assistant", error=str(ex)))
            return
        if final is None:  # pragma: no cover - the drafting seam always ends with a suggestion
            self.add_turn(draft, label, ChatTurn(role="assistant", error="未能生成建议，请重试"))
        else:
            self.add_turn(draft, label, ChatTurn(role="assistant", suggestion=final))

    def history(self, draft: Draft, label: str) -> list[Version]:
        return self.store.history(draft.id, label, self.user)
