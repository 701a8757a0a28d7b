"""Drafts and per-section version history, with access control on every call.

Every public method takes the acting :class:`~assistant.store.users.User`. With users configured
(multi-user mode) a user reads and writes only drafts of their own unit, reviewers only read, and the
local pseudo-user is refused; without users (local mode) the local user may do everything.
"""

from __future__ import annotations

import json
import logging
from datetime import datetime
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, ValidationError
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from assistant.drafting.models import DraftSuggestion
from assistant.errors import AccessDenied, AssistantError
from assistant.report.model import Report
from assistant.store.db import DraftRow, VersionRow, make_engine, migrate, utcnow
from assistant.store.users import User
from assistant.ui.figures import Figures, default_indicators

VERSION_KINDS = ("accept", "edit", "restore", "import")
log = logging.getLogger(__name__)


class StoreError(AssistantError):
    """The drafts database could not be read or written."""


class ChatTurn(BaseModel):
    """One message of a section's chat: the user's request, or the assistant's suggestion or error."""

    model_config = ConfigDict(extra="forbid")

    role: Literal["user", "assistant"] = Field(description="Who spoke.")
    content: str = Field("", description="The user's request (role user).")
    suggestion: DraftSuggestion | None = Field(None, description="The drafted suggestion (role assistant).")
    error: str | None = Field(None, description="Why no suggestion came back (role assistant).")


Chat = dict[str, list[ChatTurn]]
_CHAT = TypeAdapter(Chat)


class DraftInfo(BaseModel):
    """A draft as stored: typed figures form, derived report, last year's report and the chat history."""

    model_config = ConfigDict(extra="forbid")

    id: int
    owner: str
    unit: str
    year: int
    figures: Figures = Field(description="The figures form; converts to a Report with ui.figures.build_report.")
    report: Report | None = Field(None, description="Report built from figures + sections at the last autosave.")
    previous: Report | None = Field(None, description="Last year's report, if imported.")
    chat: Chat = Field(default_factory=dict, description="Chat history per section label, oldest first.")
    created_at: datetime
    updated_at: datetime

    @property
    def label(self) -> str:
        return f"{self.year}年度 {self.unit or '（未填单位）'} #{self.id}"


class Version(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: int
    draft_id: int
    section: str
    seq: int = Field(description="1, 2, 3 … per draft and section.")
    text: str
    user: str
    kind: str = Field(description="accept | edit | restore | import.")
    note: str = ""
    created_at: datetime


def _loads(text: str | None) -> dict[str, Any]:
    if not text:
        return {}
    value = json.loads(text)
    return value if isinstance(value, dict) else {}


def _report(text: str | None, what: str, draft_id: int) -> Report | None:
    data = _loads(text)
    if not data:
        return None
    try:
        return Report.model_validate(data)
    except ValidationError as ex:  # written by an older Report schema: open the draft without it
        log.warning("draft #%s: stored %s no longer validates, ignored: %s", draft_id, what, ex.error_count())
        return None


def _figures(row: DraftRow) -> Figures:
    data = _loads(row.figures_json)
    if not data:
        return Figures(unit=row.unit, year=row.year, indicators=default_indicators())
    return Figures.model_validate(data)


def _chat(row: DraftRow) -> Chat:
    try:
        return _CHAT.validate_python(_loads(row.chat_json))
    except ValidationError as ex:
        log.warning("draft #%s: stored chat no longer validates, ignored: %s", row.id, ex.error_count())
        return {}


def _dumps(model: BaseModel) -> str:
    return model.model_dump_json()


def _draft_info(row: DraftRow) -> DraftInfo:
    return DraftInfo(
        id=row.id,
        owner=row.owner,
        unit=row.unit,
        year=row.year,
        figures=_figures(row),
        report=_report(row.report_json, "report", row.id),
        previous=_report(row.previous_json, "previous-year report", row.id),
        chat=_chat(row),
        created_at=row.created_at,
        updated_at=row.updated_at,
    )


def _version(row: VersionRow) -> Version:
    return Version(
        id=row.id, draft_id=row.draft_id, section=row.section, seq=row.seq, text=row.text,
        user=row.user, kind=row.kind, note=row.note, created_at=row.created_at,
    )


class DraftStore:
    """Create/list/get drafts, save section versions, history and restore."""

    def __init__(self, url: str, *, multi_user: bool = False):
        self.url = url
        self.multi_user = multi_user
        if url.startswith("sqlite:///"):
            Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
        self.engine = make_engine(url)
        migrate(self.engine)
        self._writer = sessionmaker(self.engine, expire_on_commit=False)
        self._session = sessionmaker(self.engine.execution_options(read_only=True), expire_on_commit=False)

    @classmethod
    def from_settings(cls, settings) -> "DraftStore":
        return cls(settings.sqlalchemy_url, multi_user=settings.users_file is not None)

    def close(self) -> None:
        self.engine.dispose()

    # ------------------------------------------------------------------ access control
    def _check_user(self, user: User) -> None:
        if self.multi_user and user.is_local:
            raise AccessDenied("已配置用户，请先登录 / login required: users are configured")

    def _can_read(self, user: User, row: DraftRow) -> bool:
        if not self.multi_user:
            return True
        return user.unit is not None and row.unit == user.unit

    def _check_read(self, user: User, row: DraftRow | None, draft_id: int) -> DraftRow:
        self._check_user(user)
        if row is None or not self._can_read(user, row):
            # Same message whether the draft is missing or belongs to another unit.
            raise AccessDenied(f"草稿 #{draft_id} 不存在或无权访问 / draft not found or not yours")
        return row

    def _check_write(self, user: User, row: DraftRow | None, draft_id: int) -> DraftRow:
        row = self._check_read(user, row, draft_id)
        if self.multi_user and user.role != "drafter":
            raise AccessDenied(f"审阅人员只能查看草稿 #{draft_id} / reviewers cannot edit drafts")
        return row

    def _tx(self) -> Session:
        return self._writer.begin()  # type: ignore[return-value]

    # ------------------------------------------------------------------ drafts
    def create_draft(
        self, user: User, *, unit: str, year: int, figures: Figures | None = None, report: Report | None = None
    ) -> DraftInfo:
        self._check_user(user)
        if self.multi_user:
            if user.role != "drafter":
                raise AccessDenied("审阅人员不能新建草稿 / reviewers cannot create drafts")
            if unit and unit != user.unit:
                raise AccessDenied(f"只能为本单位（{user.unit}）新建草稿 / only your own unit")
            unit = user.unit or ""
        now = utcnow()
        row = DraftRow(
            owner=user.name, unit=unit.strip(), year=int(year),
            figures_json=_dumps(figures) if figures is not None else "{}",
            report_json=_dumps(report) if report is not None else "{}",
            previous_json="", chat_json="{}", created_at=now, updated_at=now,
        )
        with self._tx() as s:
            s.add(row)
            s.flush()
            return _draft_info(row)

    def list_drafts(self, user: User) -> list[DraftInfo]:
        self._check_user(user)
        with self._session() as s:
            q = select(DraftRow).order_by(DraftRow.updated_at.desc(), DraftRow.id.desc())
            if self.multi_user:
                q = q.where(DraftRow.unit == (user.unit or "\x00"))
            return [_draft_info(r) for r in s.scalars(q)]

    def get_draft(self, user: User, draft_id: int) -> DraftInfo:
        with self._session() as s:
            return _draft_info(self._check_read(user, s.get(DraftRow, draft_id), draft_id))

    def update_draft(
        self,
        user: User,
        draft_id: int,
        *,
        figures: Figures | None = None,
        report: Report | None = None,
        previous: Report | None = None,
        unit: str | None = None,
        year: int | None = None,
    ) -> DraftInfo:
        """Autosave the figures form / report. Unit changes are refused in multi-user mode."""
        with self._tx() as s:
            row = self._check_write(user, s.get(DraftRow, draft_id), draft_id)
            if figures is not None:
                row.figures_json = _dumps(figures)
            if report is not None:
                row.report_json = _dumps(report)
            if previous is not None:
                row.previous_json = _dumps(previous)
            if unit is not None and unit.strip() != row.unit:
                if self.multi_user:
                    raise AccessDenied("不能把草稿改到其他单位 / cannot move a draft to another unit")
                row.unit = unit.strip()
            if year is not None:
                row.year = int(year)
            row.updated_at = utcnow()
            return _draft_info(row)

    def append_chat(self, user: User, draft_id: int, section: str, *turns: ChatTurn) -> list[ChatTurn]:
        """Append turns to one section's chat history (in the same write transaction); returns that history."""
        with self._tx() as s:
            row = self._check_write(user, s.get(DraftRow, draft_id), draft_id)
            chat = _chat(row)
            chat.setdefault(section, []).extend(turns)
            row.chat_json = _CHAT.dump_json(chat).decode()
            row.updated_at = utcnow()
            return chat[section]

    def delete_draft(self, user: User, draft_id: int) -> None:
        with self._tx() as s:
            row = self._check_write(user, s.get(DraftRow, draft_id), draft_id)
            for v in s.scalars(select(VersionRow).where(VersionRow.draft_id == draft_id)):
                s.delete(v)
            s.delete(row)

    # ------------------------------------------------------------------ sections
    def save_section(
        self, draft_id: int, section: str, text: str, user: User, *, kind: str = "edit", note: str = ""
    ) -> Version:
        """Append a new version of ``section``. Every call is a version (seq = previous + 1)."""
        if kind not in VERSION_KINDS:
            raise ValueError(f"kind must be one of {VERSION_KINDS}")
        last_error: Exception | None = None
        for _attempt in range(20):
            try:
                with self._tx() as s:
                    # Lock the draft row (PostgreSQL); SQLite already holds the write lock (BEGIN IMMEDIATE).
                    row = s.scalars(
                        select(DraftRow).where(DraftRow.id == draft_id).with_for_update()
                    ).first()
                    self._check_write(user, row, draft_id)
                    seq = (
                        s.scalar(
                            select(func.max(VersionRow.seq)).where(
                                VersionRow.draft_id == draft_id, VersionRow.section == section
                            )
                        )
                        or 0
                    ) + 1
                    now = utcnow()
                    v = VersionRow(
                        draft_id=draft_id, section=section, seq=seq, text=text, user=user.name,
                        kind=kind, note=note, created_at=now,
                    )
                    s.add(v)
                    row.updated_at = now  # type: ignore[union-attr]
                    s.flush()
                    return _version(v)
            except IntegrityError as ex:  # a concurrent writer took this seq (non-SQLite backends)
                last_error = ex
            except OperationalError as ex:  # database is locked beyond the busy timeout
                last_error = ex
        raise StoreError(f"草稿 #{draft_id} 保存失败，请重试 / could not save after retries: {last_error}")

    def history(self, draft_id: int, section: str, user: User) -> list[Version]:
        """Versions of one section, newest first."""
        with self._session() as s:
            self._check_read(user, s.get(DraftRow, draft_id), draft_id)
            q = (
                select(VersionRow)
                .where(VersionRow.draft_id == draft_id, VersionRow.section == section)
                .order_by(VersionRow.seq.desc())
            )
            return [_version(v) for v in s.scalars(q)]

    def current_sections(self, draft_id: int, user: User) -> dict[str, str]:
        """Latest text of every section that has a version."""
        with self._session() as s:
            self._check_read(user, s.get(DraftRow, draft_id), draft_id)
            latest = (
                select(VersionRow.section, func.max(VersionRow.seq).label("seq"))
                .where(VersionRow.draft_id == draft_id)
                .group_by(VersionRow.section)
                .subquery()
            )
            q = select(VersionRow).join(
                latest, (VersionRow.section == latest.c.section) & (VersionRow.seq == latest.c.seq)
            ).where(VersionRow.draft_id == draft_id)
            return {v.section: v.text for v in s.scalars(q)}

    def current_text(self, draft_id: int, section: str, user: User) -> str:
        """Latest text of one section ('' if it has no version)."""
        with self._session() as s:
            self._check_read(user, s.get(DraftRow, draft_id), draft_id)
            q = (
                select(VersionRow.text)
                .where(VersionRow.draft_id == draft_id, VersionRow.section == section)
                .order_by(VersionRow.seq.desc())
                .limit(1)
            )
            return s.scalar(q) or ""

    def get_version(self, version_id: int, user: User) -> Version:
        with self._session() as s:
            v = s.get(VersionRow, version_id)
            draft = s.get(DraftRow, v.draft_id) if v is not None else None
            if v is None:
                self._check_user(user)
                raise AccessDenied(f"版本 #{version_id} 不存在 / version not found")
            self._check_read(user, draft, v.draft_id)
            return _version(v)

    def restore(self, version_id: int, user: User) -> Version:
        """Make an old version current again by appending a copy of it (history is never rewritten)."""
        old = self.get_version(version_id, user)
        return self.save_section(
            old.draft_id, old.section, old.text, user, kind="restore", note=f"恢复自第{old.seq}版"
        )
