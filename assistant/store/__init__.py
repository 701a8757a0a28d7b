"""Drafts + per-section versions (SQLAlchemy; SQLite by default, ``DATABASE_URL`` for PostgreSQL).

Public API::

    store = DraftStore.from_settings(settings)
    draft = store.create_draft(user, unit=..., year=2023)
    store.list_drafts(user); store.get_draft(user, draft.id); store.update_draft(user, draft.id, figures=...)
    v = store.save_section(draft.id, "七", text, user, kind="accept")
    store.history(draft.id, "七", user); store.restore(v.id, user); store.current_sections(draft.id, user)
    store.append_chat(user, draft.id, "七", ChatTurn(role="user", content="请起草本节"))

Drafts are typed records: ``figures`` is the form model (:class:`assistant.ui.figures.Figures`), ``report``
and ``previous`` are :class:`~assistant.report.model.Report`, ``chat`` is a list of :class:`ChatTurn` per
section. Databases written by older versions open as they are (missing columns are added on open).

Every call takes the acting user; see :mod:`assistant.store.users` for multi-user mode.
"""

from assistant.store.store import ChatTurn, DraftInfo, DraftStore, StoreError, Version
from assistant.store.users import LOCAL_USER, User, authenticate, hash_password, load_users, verify_password

__all__ = [
    "ChatTurn",
    "DraftInfo",
    "DraftStore",
    "LOCAL_USER",
    "StoreError",
    "User",
    "Version",
    "authenticate",
    "hash_password",
    "load_users",
    "verify_password",
]
