"""Pydantic models of the knowledge base: chunks, hits, documents, ingest reports.

Light module: no chromadb, jieba or numpy imports here.
"""

from __future__ import annotations

import hashlib
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

# One template for every chunk id (STYLE §4): "K-" + 12 hex digits of a content hash.
CHUNK_ID_TEMPLATE = "K-{digest}"
CHUNK_ID_PATTERN = r"K-[0-9a-f]{12}"

SearchMethod = Literal["hybrid", "lexical", "vector"]
SEARCH_METHODS: tuple[str, ...] = ("hybrid", "lexical", "vector")


def make_chunk_id(doc: str, section: str, text: str, ordinal: int = 0) -> str:
    """Stable content-hash id of a chunk (same doc + heading + text -> same id)."""
    payload = f"{doc}\n{section}\n{text}\n{ordinal}".encode("utf-8")
    return CHUNK_ID_TEMPLATE.format(digest=hashlib.sha256(payload).hexdigest()[:12])


def format_citation(title: str, wenhao: str | None, section: str, para: int | None, page: int | None) -> str:
    """Human-readable citation: 《标题》（文号）· 章节 · 第N段 / 第N页."""
    parts = [f"《{title}》" + (f"（{wenhao}）" if wenhao else "")]
    if section:
        parts.append(section)
    if page:
        parts.append(f"第{page}页")
    elif para:
        parts.append(f"第{para}段")
    return " · ".join(parts)


class DocMeta(BaseModel):
    """Document-level metadata (from front matter, a sidecar file or the file itself)."""

    model_config = ConfigDict(extra="forbid")

    doc: str = Field(description="Source file name; the key of the document in the knowledge base.")
    title: str = Field(description="Document title.")
    wenhao: str = Field("", description="文号 (document number), empty when there is none.")
    issuer: str = Field("", description="Issuing body.")
    date: str = Field("", description="Issue date as written.")
    source: str = Field("", description="Where the text comes from / what a summary is based on.")
    kind: str = Field("", description="Kind of document: 政策摘要, 写作指南, 往年报告 …")
    year: str = Field("", description="Report year for past reports.")
    unit: str = Field("", description="Budget unit for past reports.")


class Chunk(BaseModel):
    """One retrievable passage."""

    model_config = ConfigDict(extra="forbid")

    id: str = Field(description="Stable content-hash id, CHUNK_ID_TEMPLATE.")
    doc: str = Field(description="Source file name.")
    title: str = Field(description="Document title.")
    wenhao: str = Field("", description="文号, if any.")
    section: str = Field(description="Heading path, ' > '-joined; empty before the first heading.")
    para: int = Field(description="1-based paragraph number where the chunk starts.")
    page: int | None = Field(None, description="1-based PDF page, if the source is a PDF.")
    text: str = Field(description="Passage text.")

    def index_text(self) -> str:
        """Text used for embeddings and BM25: title and heading path give context to short passages."""
        return index_text(self.title, self.section, self.text)

    def metadata(self, doc_hash: str) -> dict[str, str | int]:
        meta: dict[str, str | int] = {
            "doc": self.doc,
            "title": self.title,
            "wenhao": self.wenhao,
            "section": self.section,
            "para": self.para,
            "doc_hash": doc_hash,
        }
        if self.page is not None:
            meta["page"] = self.page
        return meta


def index_text(title: str, section: str, text: str) -> str:
    head = " ".join(p for p in (title, section.replace(" > ", " ")) if p)
    return f"{head}\n{text}" if head else text


class Hit(BaseModel):
    """A search result with its citation."""

    model_config = ConfigDict(extra="forbid")

    id: str = Field(description="Chunk id (K-<12 hex>); the drafter cites by this id.")
    doc: str = Field(description="Source file name.")
    title: str = Field(description="Document title.")
    section: str = Field(description="Heading path of the passage.")
    text: str = Field(description="Passage text.")
    score: float = Field(description="Ranking score of the method used (RRF for hybrid, cosine, BM25).")
    citation: str = Field(description="Formatted citation: title, 文号, heading path, paragraph/page.")
    wenhao: str = Field("", description="文号, if any.")
    para: int | None = Field(None, description="1-based paragraph number where the passage starts.")
    page: int | None = Field(None, description="1-based PDF page, if any.")

    def public(self) -> dict[str, object]:
        """The CLI/JSON contract fields only: id, doc, title, section, text, score, citation."""
        return self.model_dump(include={"id", "doc", "title", "section", "text", "score", "citation"})


class DocInfo(BaseModel):
    """A document stored in the knowledge base."""

    model_config = ConfigDict(extra="forbid")

    doc: str = Field(description="Source file name.")
    title: str = Field(description="Document title.")
    chunks: int = Field(description="Number of stored chunks.")
    wenhao: str = Field("", description="文号, if any.")
    doc_hash: str = Field("", description="Content hash of the ingested file.")


class IngestReport(BaseModel):
    """What an ingest call did."""

    model_config = ConfigDict(extra="forbid")

    added: list[str] = Field(default_factory=list, description="Documents ingested for the first time.")
    replaced: list[str] = Field(default_factory=list, description="Documents whose content changed.")
    unchanged: list[str] = Field(default_factory=list, description="Documents skipped: same content hash.")
    skipped: list[str] = Field(default_factory=list, description="Files in folders that are not supported.")
    chunks_added: int = Field(0, description="Chunks written.")
    chunks_removed: int = Field(0, description="Old chunks deleted.")
    seconds: float = Field(0.0, description="Wall time of the ingest.")
