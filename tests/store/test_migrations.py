"""Alembic migrations: one set of files for SQLite and PostgreSQL, in step with the models."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect

from assistant.store import DraftStore
from assistant.store.db import HEAD, MIGRATIONS, Base, make_engine, migrate


def test_head_constant_names_the_newest_revision():
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    assert ScriptDirectory.from_config(cfg).get_heads() == [HEAD]


def test_fresh_database_gets_every_revision_and_matches_the_models(url):
    engine = make_engine(url)
    try:
        assert migrate(engine) == ["0001", "0002"]
        assert migrate(engine) == []
        with engine.connect() as conn:
            diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
            assert diff == [], diff
            assert set(inspect(conn).get_table_names()) == {"alembic_version", "drafts", "section_versions"}
    finally:
        engine.dispose()


def test_database_made_by_create_all_before_alembic_is_stamped_not_recreated(url):
    """Data dirs of the release before Alembic: tables made by create_all, chat column included."""
    engine = make_engine(url)
    try:
        Base.metadata.create_all(engine)
        assert migrate(engine) == []
        s = DraftStore(url)
        from assistant.store import LOCAL_USER

        d = s.create_draft(LOCAL_USER, unit="甲单位", year=2024)
        assert s.save_section(d.id, "一", "正文", LOCAL_USER).seq == 1
        s.close()
    finally:
        engine.dispose()
