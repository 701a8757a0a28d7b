"""SQLAlchemy schema and engine for drafts and section versions.

SQLite (default, under ``data_dir``) runs in WAL mode with a busy timeout, and every write transaction
starts with ``BEGIN IMMEDIATE`` so concurrent writers queue instead of failing half-way.
``DATABASE_URL`` switches to any SQLAlchemy URL (PostgreSQL in production, ``postgresql+psycopg://…``
with the ``postgres`` install extra).

The schema is versioned with Alembic (``assistant/store/migrations/``); the same revision files serve
SQLite and PostgreSQL. Every open runs :func:`migrate`, which brings any database to the head revision —
including databases created before Alembic (stamped from the columns they have, then upgraded).
"""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

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
)
from sqlalchemy.engine import Engine
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

BUSY_TIMEOUT_MS = 30_000
MIGRATIONS = Path(__file__).resolve().parent / "migrations"
HEAD = "0002"  # the newest revision under migrations/versions (a test keeps them in step)
_PG_MIGRATION_LOCK = 17_0017  # advisory lock key: replicas opening one database migrate one at a time


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
    chat_json: Mapped[str] = mapped_column(Text, default="{}", server_default="{}")
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


def _revision(conn) -> str | None:
    if not inspect(conn).has_table("alembic_version"):
        return None
    return conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar()


def migrate(engine: Engine) -> list[str]:
    """Bring the database to the head revision (idempotent). Returns the revisions applied, oldest first.

    A database made before Alembic (tables but no ``alembic_version``) is stamped with the revision its
    columns match, then upgraded, so old data dirs keep opening.
    """
    with engine.execution_options(read_only=True).connect() as conn:  # fast path: at head, no Alembic
        if _revision(conn) == HEAD:
            return []
    from alembic import command
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as conn:  # SQLite: BEGIN IMMEDIATE; PostgreSQL: an advisory lock
        if conn.dialect.name == "postgresql":
            conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({_PG_MIGRATION_LOCK})")
        cfg.attributes["connection"] = conn
        before = _revision(conn)
        if before is None and inspect(conn).has_table("drafts"):
            columns = {c["name"] for c in inspect(conn).get_columns("drafts")}
            before = "0002" if "chat_json" in columns else "0001"
            command.stamp(cfg, before)
        command.upgrade(cfg, "head")
        after = _revision(conn)
    script = ScriptDirectory.from_config(cfg)
    applied = [r.revision for r in script.iterate_revisions(after, before or "base")]
    return applied[::-1]


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
