"""SQLAlchemy schema and engine for drafts and section versions.

SQLite (default, under ``data_dir``) runs in WAL mode with a busy timeout, and every write transaction
starts with ``BEGIN IMMEDIATE`` so concurrent writers queue instead of failing half-way.
``DATABASE_URL`` switches to any SQLAlchemy URL (PostgreSQL in production).
"""

from __future__ import annotations

from datetime import datetime, timezone

from sqlalchemy import (
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    create_engine,
    event,
    inspect,
    text,
)
from sqlalchemy.engine import Engine
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

BUSY_TIMEOUT_MS = 30_000


def utcnow() -> datetime:
    return datetime.now(timezone.utc).replace(tzinfo=None)


class Base(DeclarativeBase):
    pass


class DraftRow(Base):
    __tablename__ = "drafts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    owner: Mapped[str] = mapped_column(String(200))
    unit: Mapped[str] = mapped_column(String(300), default="")
    year: Mapped[int] = mapped_column(Integer)
    figures_json: Mapped[str] = mapped_column(Text, default="{}")
    report_json: Mapped[str] = mapped_column(Text, default="{}")
    previous_json: Mapped[str] = mapped_column(Text, default="")
    chat_json: Mapped[str] = mapped_column(Text, default="{}")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)

    __table_args__ = (Index("ix_drafts_unit_year", "unit", "year"),)


class VersionRow(Base):
    __tablename__ = "section_versions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    draft_id: Mapped[int] = mapped_column(ForeignKey("drafts.id", ondelete="CASCADE"))
    section: Mapped[str] = mapped_column(String(20))
    seq: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text, default="")
    user: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(20), default="edit")
    note: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    __table_args__ = (UniqueConstraint("draft_id", "section", "seq", name="uq_version_seq"),)


# Columns added after the first release: (table, column, DDL type + default). ``migrate`` adds any that an
# existing database lacks, so data dirs created by older versions still open.
ADDED_COLUMNS: tuple[tuple[str, str, str], ...] = (
    ("drafts", "chat_json", "TEXT NOT NULL DEFAULT '{}'"),
)


def migrate(engine: Engine) -> list[str]:
    """Create missing tables and add missing columns (tolerant, idempotent). Returns the columns added."""
    Base.metadata.create_all(engine)
    have = {t: {c["name"] for c in inspect(engine).get_columns(t)} for t in {t for t, _c, _d in ADDED_COLUMNS}}
    added = []
    with engine.begin() as conn:
        for table, column, ddl in ADDED_COLUMNS:
            if column not in have[table]:
                conn.execute(text(f"ALTER TABLE {table} ADD COLUMN {column} {ddl}"))
                added.append(f"{table}.{column}")
    return added


def make_engine(url: str) -> Engine:
    """Engine for ``url``; SQLite gets WAL, a busy timeout and BEGIN IMMEDIATE write transactions."""
    if not url.startswith("sqlite"):
        return create_engine(url, pool_pre_ping=True)

    engine = create_engine(url, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000, "check_same_thread": False})

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn, _record):  # pragma: no cover - exercised by every test
        dbapi_conn.isolation_level = None  # let us emit BEGIN ourselves
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute("PRAGMA synchronous=NORMAL")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn):  # pragma: no cover
        # Readers (execution option read_only=True) take no write lock; writers queue on BEGIN IMMEDIATE.
        conn.exec_driver_sql("BEGIN" if conn.get_execution_options().get("read_only") else "BEGIN IMMEDIATE")

    return engine
