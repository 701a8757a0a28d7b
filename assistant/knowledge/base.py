"""KnowledgeBase: ingest files into Chroma, search them (lexical, vector, hybrid) and cite the hits."""

from __future__ import annotations

import hashlib
import os
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from assistant.errors import InputUnusable, RetrievalError
from assistant.knowledge.chunking import chunk_document
from assistant.knowledge.embedders import Embedder, make_embedder
from assistant.knowledge.lexical import LexicalIndex
from assistant.knowledge.loaders import SIDECAR_SUFFIX, is_supported, load_document
from assistant.knowledge.models import (
    SEARCH_METHODS,
    Chunk,
    DocInfo,
    Hit,
    IngestReport,
    format_citation,
    index_text,
)
from assistant.knowledge.tokenize import expand_query

if TYPE_CHECKING:  # pragma: no cover
    from assistant.settings import Settings

ProgressCallback = Callable[[int, int, str], None]

RRF_K = 10  # reciprocal-rank fusion constant; 60 (Cormack et al.) suits long lists, our lists are <= 40
# deep and top-5 matters (retrieval eval: k=60 -> hybrid-e5 recall@5 0.902, k=10 -> 0.924)
CANDIDATES_MIN = 30  # each method contributes at least this many candidates to the fusion
STALE_CHECK_S = 2.0  # how often a search checks whether another process changed the collection


def _meta_str(meta: dict[str, Any] | None, key: str) -> str:
    value = (meta or {}).get(key, "")
    return "" if value is None else str(value)


def expand_paths(paths: Iterable[Path | str]) -> tuple[list[Path], list[str]]:
    """Files to ingest (folders walked recursively, sorted) and the names of unsupported files skipped."""
    files: list[Path] = []
    skipped: list[str] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                if not child.is_file() or any(part.startswith(".") for part in child.relative_to(path).parts):
                    continue
                if child.name.endswith(SIDECAR_SUFFIX):
                    continue
                if is_supported(child):
                    files.append(child)
                else:
                    skipped.append(str(child))
        elif not path.exists():
            raise InputUnusable(f"文件不存在 / file not found: {path}")
        else:
            files.append(path)
    return files, skipped


class KnowledgeBase:
    """The knowledge base of one data directory (or one Chroma server) and one embedder.

    The Chroma collection is named ``<settings.knowledge.collection>-<embedder slug>``: switching the
    embedder opens another collection, which is rebuilt from the chunks stored under the previous
    embedder (re-embedded, never mixed); the old collection is then dropped.
    """

    def __init__(self, settings: "Settings"):
        self.settings = settings
        self.embedder: Embedder = make_embedder(settings.knowledge.embedder, settings)
        self._client: Any = None
        self._collection: Any = None
        self._lex: LexicalIndex | None = None
        self._chunks: dict[str, tuple[str, dict[str, Any]]] = {}
        self._token_cache: dict[str, list[str]] = {}
        self._generation: int | None = None
        self._last_check = 0.0
        self._corpus_checked = False
        self._query_vectors: dict[str, Any] = {}  # small FIFO cache: e5 query embedding is ~50 ms

    # ------------------------------------------------------------------ Chroma plumbing
    @property
    def collection_name(self) -> str:
        prefix = self.settings.knowledge.collection
        name = f"{prefix}-{self.embedder.slug}"[:60].strip("-_.")
        return name if len(name) >= 3 else f"kb-{name}"

    def _make_client(self) -> Any:
        os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")
        import chromadb
        from chromadb.config import Settings as ChromaSettings

        chroma_settings = ChromaSettings(anonymized_telemetry=False)
        try:
            if self.settings.chroma_url:
                from urllib.parse import urlparse

                url = urlparse(self.settings.chroma_url)
                if not url.hostname:
                    raise InputUnusable(f"CHROMA_URL 无效 / invalid CHROMA_URL: {self.settings.chroma_url}")
                ssl = url.scheme == "https"
                return chromadb.HttpClient(
                    host=url.hostname, port=url.port or (443 if ssl else 8000), ssl=ssl, settings=chroma_settings
                )
            self.settings.ensure_data_dir()
            return chromadb.PersistentClient(path=str(self.settings.chroma_path), settings=chroma_settings)
        except InputUnusable:
            raise
        except Exception as exc:  # noqa: BLE001 - chroma raises many kinds; show one line
            where = self.settings.chroma_url or self.settings.chroma_path
            raise RetrievalError(f"无法打开向量库 / cannot open Chroma at {where}: {type(exc).__name__}: {exc}") from None

    def _ef(self) -> Any:
        # Lazy on purpose (tests/test_layering.py LAZY_IMPORTS): chroma_ef imports chromadb.
        from assistant.knowledge.chroma_ef import chroma_embedding_function

        return chroma_embedding_function(self.embedder)

    @property
    def collection(self) -> Any:
        if self._collection is None:
            if self._client is None:
                self._client = self._make_client()
            self._collection = self._client.get_or_create_collection(
                self.collection_name,
                embedding_function=self._ef(),
                metadata={"embedder": self.embedder.spec, "generation": 0, "corpus_fingerprint": ""},
                configuration={"hnsw": {"space": "cosine"}},
            )
            if self._collection.count() == 0:
                self._rebuild_from_previous_embedder()
        return self._collection

    def _collection_meta(self) -> dict[str, Any]:
        return dict(self.collection.metadata or {})

    def _set_meta(self, **changes: Any) -> None:
        meta = self._collection_meta()
        meta.update(changes)
        self.collection.modify(metadata=meta)

    def _bump_generation(self) -> None:
        gen = int(self._collection_meta().get("generation", 0)) + 1
        self._set_meta(generation=gen)
        self._invalidate()

    def _invalidate(self) -> None:
        self._lex = None
        self._chunks = {}
        self._generation = None

    def _rebuild_from_previous_embedder(self) -> None:
        """A new embedder: re-embed the chunks stored under any other embedder, then drop the old collections."""
        prefix = f"{self.settings.knowledge.collection}-"
        others = []
        for col in self._client.list_collections():
            name = col if isinstance(col, str) else col.name
            if name.startswith(prefix) and name != self.collection_name:
                others.append(name)
        for name in sorted(others):
            old = self._client.get_collection(name)
            got = old.get(include=["documents", "metadatas"])
            if got["ids"]:
                self._write(list(got["ids"]), list(got["documents"]), list(got["metadatas"]))
            old_meta = dict(old.metadata or {})
            if old_meta.get("corpus_fingerprint"):
                self._collection.modify(
                    metadata={**dict(self._collection.metadata or {}), "corpus_fingerprint": old_meta["corpus_fingerprint"]}
                )
            self._client.delete_collection(name)

    def _write(self, ids: list[str], documents: list[str], metadatas: list[dict[str, Any]]) -> None:
        texts = [index_text(_meta_str(m, "title"), _meta_str(m, "section"), d) for d, m in zip(documents, metadatas, strict=True)]
        batch = max(1, min(self._client.get_max_batch_size(), 2000))
        for i in range(0, len(ids), batch):
            vectors = self.embedder.embed_documents(texts[i : i + batch])
            self._collection.upsert(
                ids=ids[i : i + batch],
                documents=documents[i : i + batch],
                metadatas=metadatas[i : i + batch],
                embeddings=vectors,
            )

    def _refresh_cache(self, force: bool = False) -> None:
        now = time.monotonic()
        if not force and self._lex is not None and now - self._last_check < STALE_CHECK_S:
            return
        self._last_check = now
        if self._lex is not None and not force:
            fresh = self._client.get_collection(self.collection_name, embedding_function=self._ef())
            if int((fresh.metadata or {}).get("generation", 0)) == self._generation:
                return
        self._collection = None  # re-read metadata
        col = self.collection
        got = col.get(include=["documents", "metadatas"])
        order = sorted(range(len(got["ids"])), key=lambda i: got["ids"][i])
        ids = [got["ids"][i] for i in order]
        self._chunks = {got["ids"][i]: (got["documents"][i], dict(got["metadatas"][i] or {})) for i in order}
        texts = [index_text(_meta_str(m, "title"), _meta_str(m, "section"), d) for d, m in (self._chunks[c] for c in ids)]
        if not self._token_cache:
            self._token_cache.update(self._load_tokens())
        known = set(self._token_cache)
        self._lex = LexicalIndex(ids, texts, self._token_cache)
        if set(self._token_cache) != known:
            self._save_tokens()
        self._generation = int((col.metadata or {}).get("generation", 0))

    @property
    def _tokens_path(self) -> Path:
        return self.settings.data_dir / "knowledge" / f"{self.settings.knowledge.collection}.tokens.json"

    def _load_tokens(self) -> dict[str, list[str]]:
        """jieba tokens by chunk id, persisted so reopening a large collection skips re-tokenising.

        Ids are content hashes, so a cached entry can never be stale; unknown ids are simply ignored.
        """
        import json

        try:
            data = json.loads(self._tokens_path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        return {k: v for k, v in data.items() if isinstance(v, list)} if isinstance(data, dict) else {}

    def _save_tokens(self) -> None:
        import json

        path = self._tokens_path
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_suffix(".tmp")
            tmp.write_text(json.dumps(self._token_cache, ensure_ascii=False), encoding="utf-8")
            tmp.replace(path)
        except OSError:
            pass  # a cache only: searching works without it

    # ------------------------------------------------------------------ corpus
    def _corpus_files(self) -> list[Path]:
        corpus = Path(self.settings.knowledge.corpus_dir)
        if not corpus.is_dir():
            return []
        files, _ = expand_paths([corpus])
        return files

    def corpus_fingerprint(self) -> str:
        h = hashlib.sha256()
        for f in self._corpus_files():
            h.update(f.name.encode())
            h.update(hashlib.sha256(f.read_bytes()).digest())
            side = f.with_name(f.stem + ".meta.yaml")
            if side.exists():
                h.update(side.read_bytes())
        return h.hexdigest()[:16]

    def ensure_corpus(self, progress: ProgressCallback | None = None) -> IngestReport | None:
        """Ingest the shipped corpus when this collection has not seen its current version yet."""
        self._corpus_checked = True
        files = self._corpus_files()
        if not files:
            return None
        fingerprint = self.corpus_fingerprint()
        if self._collection_meta().get("corpus_fingerprint") == fingerprint:
            return None
        report = self.ingest(files, progress=progress)
        self._set_meta(corpus_fingerprint=fingerprint)
        return report

    def _auto_corpus(self) -> None:
        if not self._corpus_checked:
            self.ensure_corpus()

    # ------------------------------------------------------------------ public API
    def ingest(self, paths: Iterable[Path | str], progress: ProgressCallback | None = None) -> IngestReport:
        """Ingest files and folders. Unchanged files are skipped (content hash); changed ones replace their chunks."""
        started = time.perf_counter()
        files, skipped = expand_paths(paths)
        report = IngestReport(skipped=skipped)
        col = self.collection
        kcfg = self.settings.knowledge
        total = len(files)
        for n, path in enumerate(files, start=1):
            loaded = load_document(path, self.settings.limits.max_file_bytes)
            doc = loaded.meta.doc
            existing = col.get(where={"doc": doc}, include=["metadatas"])
            old_ids = list(existing["ids"])
            old_hashes = {_meta_str(m, "doc_hash") for m in existing["metadatas"] or []}
            if old_ids and old_hashes == {loaded.content_hash}:
                report.unchanged.append(doc)
            else:
                chunks: list[Chunk] = chunk_document(loaded, kcfg.chunk_chars, kcfg.chunk_overlap)
                new_ids = [c.id for c in chunks]
                stale = sorted(set(old_ids) - set(new_ids))
                if stale:
                    col.delete(ids=stale)
                self._write(new_ids, [c.text for c in chunks], [c.metadata(loaded.content_hash) for c in chunks])
                report.chunks_added += len(chunks)
                report.chunks_removed += len(stale)
                (report.replaced if old_ids else report.added).append(doc)
            if progress is not None:
                progress(n, total, doc)
        if report.added or report.replaced:
            self._bump_generation()
        report.seconds = round(time.perf_counter() - started, 3)
        return report

    def remove(self, doc: str) -> int:
        """Delete every chunk of ``doc`` (the source file name); returns how many were deleted."""
        col = self.collection
        ids = list(col.get(where={"doc": doc}, include=[])["ids"])
        if ids:
            col.delete(ids=ids)
            self._bump_generation()
        return len(ids)

    def list_docs(self) -> list[DocInfo]:
        self._auto_corpus()
        got = self.collection.get(include=["metadatas"])
        docs: dict[str, DocInfo] = {}
        for meta in got["metadatas"] or []:
            name = _meta_str(meta, "doc")
            info = docs.get(name)
            if info is None:
                docs[name] = DocInfo(
                    doc=name,
                    title=_meta_str(meta, "title"),
                    chunks=1,
                    wenhao=_meta_str(meta, "wenhao"),
                    doc_hash=_meta_str(meta, "doc_hash"),
                )
            else:
                info.chunks += 1
        return [docs[k] for k in sorted(docs)]

    def _hit(self, cid: str, score: float) -> Hit:
        text, meta = self._chunks[cid]
        para = meta.get("para")
        page = meta.get("page")
        title = _meta_str(meta, "title")
        wenhao = _meta_str(meta, "wenhao")
        section = _meta_str(meta, "section")
        return Hit(
            id=cid,
            doc=_meta_str(meta, "doc"),
            title=title,
            section=section,
            text=text,
            score=round(float(score), 6),
            citation=format_citation(title, wenhao, section, int(para) if para else None, int(page) if page else None),
            wenhao=wenhao,
            para=int(para) if para else None,
            page=int(page) if page else None,
        )

    def _vector_ranked(self, query: str, n: int) -> list[tuple[str, float]]:
        if not self._chunks:
            return []
        if self.embedder.expand_queries:
            query = expand_query(query)
        qvec = self._query_vectors.get(query)
        if qvec is None:
            qvec = self.embedder.embed_query(query)
            if len(self._query_vectors) >= 1024:
                self._query_vectors.pop(next(iter(self._query_vectors)))
            self._query_vectors[query] = qvec
        res = self.collection.query(
            query_embeddings=[qvec], n_results=min(n, len(self._chunks)), include=["distances"]
        )
        pairs = [(cid, 1.0 - float(d)) for cid, d in zip(res["ids"][0], res["distances"][0], strict=True) if cid in self._chunks]
        pairs.sort(key=lambda p: (-p[1], p[0]))
        return pairs

    def search(self, query: str, k: int = 5, method: str = "hybrid") -> list[Hit]:
        """Top-``k`` passages for ``query``; ``method`` is hybrid (RRF of both), lexical (BM25) or vector."""
        query = " ".join(query.split())
        if not query:
            raise InputUnusable("检索词为空 / empty query")
        if method not in SEARCH_METHODS:
            raise InputUnusable(f"未知检索方式 / unknown method {method!r}: use {'|'.join(SEARCH_METHODS)}")
        if k < 1:
            raise InputUnusable("k 必须 ≥ 1 / k must be >= 1")
        self._auto_corpus()
        self._refresh_cache()
        assert self._lex is not None
        lexical_query = expand_query(query)
        if method == "lexical":
            ranked = self._lex.search(lexical_query, k)
        elif method == "vector":
            ranked = self._vector_ranked(query, k)
        else:
            n = max(CANDIDATES_MIN, 4 * k)
            fused: dict[str, float] = {}
            for ranking in (self._lex.search(lexical_query, n), self._vector_ranked(query, n)):
                for rank, (cid, _score) in enumerate(ranking, start=1):
                    fused[cid] = fused.get(cid, 0.0) + 1.0 / (RRF_K + rank)
            ranked = sorted(fused.items(), key=lambda p: (-p[1], p[0]))[:k]
        return [self._hit(cid, score) for cid, score in ranked[:k]]
