"""KnowledgeBase: ingest files into Chroma, search them (lexical, vector, hybrid) and cite the hits."""

from __future__ import annotations

import hashlib
import os
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from assistant.errors import InputUnusable, RetrievalError
from assistant.knowledge.embedders import Embedder, HashEmbedder, make_embedder
from assistant.knowledge.models import (
    SEARCH_METHODS,
    Chunk,
    DocInfo,
    Hit,
    IngestReport,
    format_citation,
    index_text,
)
from assistant.knowledge.snapshot import SNAPSHOT_FORMAT, SearchIndex, file_stamp, preindex_path
from assistant.knowledge.tokenize import expand_query, lexicon_for, set_cache_dir, tokenizer_version, words

if TYPE_CHECKING:  # pragma: no cover
    from assistant.settings import Settings

ProgressCallback = Callable[[int, int, str], None]

RRF_K = 10  # reciprocal-rank fusion constant; 60 (Cormack et al.) suits long lists, our lists are <= 40
# deep and top-5 matters (retrieval eval: k=60 -> hybrid-e5 recall@5 0.902, k=10 -> 0.924)
CANDIDATES_MIN = 30  # each method contributes at least this many candidates to the fusion
STALE_CHECK_S = 2.0  # how often a search checks whether another process changed the knowledge base


def _meta_str(meta: dict[str, Any] | None, key: str) -> str:
    value = (meta or {}).get(key, "")
    return "" if value is None else str(value)


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
        self._index: SearchIndex | None = None
        self._index_stamp: tuple[int, int] | None = None
        self._last_check = 0.0
        self._key: dict[str, Any] | None = None
        self._chroma_corpus_checked = False
        self._query_vectors: dict[str, Any] = {}  # small FIFO cache: an e5 query embedding is ~50-200 ms
        self._preindex_cache: SearchIndex | None | bool = False  # False: not looked up yet
        self._corpus_report: IngestReport | None = None
        self._progress: ProgressCallback | None = None
        if not settings.chroma_url:
            set_cache_dir(settings.data_dir / "cache")  # jieba's dictionary cache lives with the data

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

    def _bump_generation(self, export: bool = True) -> None:
        gen = int(self._collection_meta().get("generation", 0)) + 1
        self._set_meta(generation=gen)
        if export:
            self._export_index(save=not self.settings.chroma_url)

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
            vectors = self._known_vectors(ids[i : i + batch], texts[i : i + batch])
            self._collection.upsert(
                ids=ids[i : i + batch],
                documents=documents[i : i + batch],
                metadatas=metadatas[i : i + batch],
                embeddings=vectors,
            )

    def _known_vectors(self, ids: list[str], texts: list[str]) -> Any:
        """Vectors for these chunks: from the pre-index or the loaded snapshot when the same chunk (id and
        indexed text) was embedded by this embedder version, otherwise embedded now."""
        import numpy as np

        sources = [ix for ix in (self._index, self._preindex()) if ix is not None and ix.key.get("embedder") == self._keys()["embedder"]]
        rows: list[Any] = []
        missing: list[int] = []
        for n, (cid, text) in enumerate(zip(ids, texts, strict=True)):
            found = None
            for ix in sources:
                row = ix.rows.get(cid)
                if row is not None and index_text(_meta_str(ix.metadatas[row], "title"), _meta_str(ix.metadatas[row], "section"), ix.documents[row]) == text:
                    found = ix.vectors[row]
                    break
            rows.append(found)
            if found is None:
                missing.append(n)
        if missing:
            fresh = self.embedder.embed_documents([texts[n] for n in missing])
            for j, n in enumerate(missing):
                rows[n] = fresh[j]
        if not rows:
            return self.embedder.embed_documents([])
        return np.stack([np.asarray(r, dtype=np.float32) for r in rows])

    # ------------------------------------------------------------------ search index (snapshot)
    @property
    def snapshot_path(self) -> Path:
        return self.settings.data_dir / "knowledge" / f"{self.collection_name}.npz"

    def _keys(self) -> dict[str, Any]:
        """What a snapshot must match to be current: format, embedder, tokenizer and shipped-corpus versions."""
        if self._key is None:
            self._key = {
                "format": SNAPSHOT_FORMAT,
                "embedder": self.embedder.version,
                "tokenizer": tokenizer_version(),
                "corpus": self.corpus_key(),
            }
        return self._key

    def _preindex(self) -> SearchIndex | None:
        """The shipped pre-index of the corpus for this embedder, when it matches the current versions."""
        if self._preindex_cache is False:
            ix = SearchIndex.load(preindex_path(self.settings.knowledge.corpus_dir, self.embedder.slug))
            self._preindex_cache = ix if ix is not None and ix.key == self._keys() else None
        return self._preindex_cache or None

    def _adopt(self, index: SearchIndex, stamp: tuple[int, int] | None) -> SearchIndex:
        self._index = index
        self._index_stamp = stamp
        return index

    def _ready_index(self, force: bool = False) -> SearchIndex:
        """The current search index; cheap when nothing changed (a stat every STALE_CHECK_S seconds)."""
        now = time.monotonic()
        if not force and self._index is not None and now - self._last_check < STALE_CHECK_S:
            return self._index
        self._last_check = now
        if self.settings.chroma_url:
            return self._ready_index_server(force)
        path = self.snapshot_path
        stamp = file_stamp(path)
        if not force and self._index is not None and stamp == self._index_stamp and stamp is not None:
            return self._index
        if stamp is not None:
            loaded = SearchIndex.load(path)
            if loaded is not None and loaded.key == self._keys():
                return self._adopt(loaded, stamp)
        if not self.settings.chroma_path.exists():
            shipped = self._preindex()
            if shipped is not None:  # a fresh data directory: the pre-indexed corpus is all it holds
                shipped.save(path)
                return self._adopt(shipped, file_stamp(path))
        self._ensure_corpus_in_chroma()
        return self._export_index()

    def _ready_index_server(self, force: bool) -> SearchIndex:
        if self._index is not None and not force:
            fresh = self._client.get_collection(self.collection_name, embedding_function=self._ef())
            if int((fresh.metadata or {}).get("generation", 0)) == self._index.generation:
                return self._index
        self._ensure_corpus_in_chroma()
        return self._export_index(save=False)

    def _export_index(self, save: bool = True) -> SearchIndex:
        """Read the collection back from Chroma into a search index (and the snapshot file, locally).

        Tokens and lexicon entries are reused from the loaded index and the pre-index (same tokenizer);
        only new chunks are tokenised, which loads the full jieba dictionary.
        """
        import numpy as np

        self._collection = None  # re-read metadata
        col = self.collection
        got = col.get(include=["documents", "metadatas", "embeddings"])
        order = sorted(range(len(got["ids"])), key=lambda i: got["ids"][i])
        ids = [got["ids"][i] for i in order]
        documents = [got["documents"][i] for i in order]
        metadatas = [dict(got["metadatas"][i] or {}) for i in order]
        embeddings = got["embeddings"]
        dim = len(embeddings[0]) if len(ids) else 0
        vectors = np.asarray([embeddings[i] for i in order], dtype=np.float32).reshape(len(ids), dim)
        keys = self._keys()
        sources = [ix for ix in (self._index, self._preindex()) if ix is not None and ix.key.get("tokenizer") == keys["tokenizer"]]
        tokens: list[list[str]] = []
        fresh_text: list[str] = []
        for cid, doc, meta in zip(ids, documents, metadatas, strict=True):
            text = index_text(_meta_str(meta, "title"), _meta_str(meta, "section"), doc)
            toks = None
            for ix in sources:
                row = ix.rows.get(cid)
                if row is not None and ix.documents[row] == doc and ix.metadatas[row].get("title") == meta.get("title"):
                    toks = ix.tokens[row]
                    break
            if toks is None:
                toks = words(text)
                fresh_text.append(text)
            tokens.append(toks)
        lexicon: dict[str, int] = {}
        total = 0
        for ix in sources:
            lexicon.update(ix.lexicon)
            total = ix.total
        vocab = {t for toks in tokens for t in toks}
        if fresh_text or not total or any(t not in lexicon for t in vocab):
            extra, total = lexicon_for(vocab, fresh_text)
            lexicon.update(extra)
        index = SearchIndex(
            key=dict(keys), ids=ids, documents=documents, metadatas=metadatas, vectors=vectors, tokens=tokens,
            lexicon=lexicon, total=total, generation=int((col.metadata or {}).get("generation", 0)),
        )
        if save:
            try:
                index.save(self.snapshot_path)
            except OSError:
                return self._adopt(index, None)  # searching works without the file
            return self._adopt(index, file_stamp(self.snapshot_path))
        return self._adopt(index, None)

    # ------------------------------------------------------------------ corpus
    @staticmethod
    def expand_paths(paths: Iterable[Path | str]) -> tuple[list[Path], list[str]]:
        """Files to ingest (folders walked recursively, sorted) and the unsupported files skipped."""
        # Lazy on purpose (tests/test_layering.py LAZY_IMPORTS): the document readers import the report parser.
        from assistant.knowledge.ingest import expand_paths

        return expand_paths(paths)

    def _corpus_files(self) -> list[Path]:
        """Every non-hidden file of the shipped corpus (documents and sidecars), sorted; no reader imported."""
        corpus = Path(self.settings.knowledge.corpus_dir)
        if not corpus.is_dir():
            return []
        return sorted(
            p for p in corpus.rglob("*")
            if p.is_file() and not any(part.startswith(".") for part in p.relative_to(corpus).parts)
        )

    def corpus_fingerprint(self) -> str:
        corpus = Path(self.settings.knowledge.corpus_dir)
        h = hashlib.sha256()
        for f in self._corpus_files():
            h.update(f.relative_to(corpus).as_posix().encode())
            h.update(hashlib.sha256(f.read_bytes()).digest())
        return h.hexdigest()[:16]

    def corpus_key(self) -> str:
        """The shipped corpus version and the chunking that cut it ("" when there is no corpus)."""
        if not self._corpus_files():
            return ""
        kcfg = self.settings.knowledge
        return f"{self.corpus_fingerprint()}/{kcfg.chunk_chars}/{kcfg.chunk_overlap}"

    def ensure_corpus(self, progress: ProgressCallback | None = None) -> IngestReport | None:
        """Make the shipped corpus searchable; returns the ingest report when it had to be ingested.

        Locally a current snapshot (or, in a fresh data directory, the shipped pre-index) is enough and
        Chroma is not opened; otherwise the corpus is ingested into Chroma first.
        """
        self._key = None  # the corpus may have changed since this object was made
        self._last_check = 0.0
        self._corpus_report = None
        self._progress = progress
        try:
            self._ready_index(force=self._index is not None)
        finally:
            self._progress = None
        return self._corpus_report

    def _ensure_corpus_in_chroma(self) -> None:
        """Ingest the shipped corpus into Chroma when the collection has not seen its current version yet
        (vectors come from the pre-index when it matches)."""
        if self._chroma_corpus_checked:
            return
        self._chroma_corpus_checked = True
        if not self._corpus_files():
            return
        fingerprint = self.corpus_fingerprint()
        if self._collection_meta().get("corpus_fingerprint") == fingerprint:
            return
        files, _ = self.expand_paths([self.settings.knowledge.corpus_dir])
        report = self._ingest(files, self._progress, export=False)
        self._set_meta(corpus_fingerprint=fingerprint)
        self._corpus_report = report

    # ------------------------------------------------------------------ public API
    def ingest(self, paths: Iterable[Path | str], progress: ProgressCallback | None = None) -> IngestReport:
        """Ingest files and folders. Unchanged files are skipped (content hash); changed ones replace their chunks.

        ``progress(n, total, doc)`` is called after each file.
        """
        files, skipped = self.expand_paths(paths)  # a missing path fails before anything is opened
        self._ensure_corpus_in_chroma()
        report = self._ingest(files, progress)
        report.skipped = skipped
        return report

    def _ingest(self, files: list[Path], progress: ProgressCallback | None, export: bool = True) -> IngestReport:
        # Lazy on purpose (tests/test_layering.py LAZY_IMPORTS): the document readers import the report parser.
        from assistant.knowledge.ingest import chunk_document, load_document

        started = time.perf_counter()
        report = IngestReport()
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
            self._bump_generation(export)
        report.seconds = round(time.perf_counter() - started, 3)
        return report

    def remove(self, doc: str) -> int:
        """Delete every chunk of ``doc`` (the source file name); returns how many were deleted."""
        self._ensure_corpus_in_chroma()
        col = self.collection
        ids = list(col.get(where={"doc": doc}, include=[])["ids"])
        if ids:
            col.delete(ids=ids)
            self._bump_generation()
        return len(ids)

    def list_docs(self) -> list[DocInfo]:
        index = self._ready_index()
        docs: dict[str, DocInfo] = {}
        for meta in index.metadatas:
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

    def _hit(self, index: SearchIndex, cid: str, score: float) -> Hit:
        row = index.rows[cid]
        text, meta = index.documents[row], index.metadatas[row]
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

    def _query_vector(self, index: SearchIndex, query: str) -> Any:
        if self.embedder.expand_queries:
            query = expand_query(query)
        qvec = self._query_vectors.get(query)
        if qvec is None:
            if isinstance(self.embedder, HashEmbedder):
                qvec = self.embedder.embed_query(query, tokens=index.query_tokenizer.words(query))
            else:
                qvec = self.embedder.embed_query(query)
            if len(self._query_vectors) >= 1024:
                self._query_vectors.pop(next(iter(self._query_vectors)))
            self._query_vectors[query] = qvec
        return qvec

    def _vector_ranked(self, index: SearchIndex, query: str, n: int) -> list[tuple[str, float]]:
        if not len(index):
            return []
        return index.vector_ranked(self._query_vector(index, query), n)

    def search(self, query: str, k: int = 5, method: str = "hybrid") -> list[Hit]:
        """Top-``k`` passages for ``query``; ``method`` is hybrid (RRF of both), lexical (BM25) or vector."""
        query = " ".join(query.split())
        if not query:
            raise InputUnusable("检索词为空 / empty query")
        if method not in SEARCH_METHODS:
            raise InputUnusable(f"未知检索方式 / unknown method {method!r}: use {'|'.join(SEARCH_METHODS)}")
        if k < 1:
            raise InputUnusable("k 必须 ≥ 1 / k must be >= 1")
        index = self._ready_index()
        lexical_query = expand_query(query)
        if method == "lexical":
            ranked = index.lexical.search(lexical_query, k)
        elif method == "vector":
            ranked = self._vector_ranked(index, query, k)
        else:
            n = max(CANDIDATES_MIN, 4 * k)
            fused: dict[str, float] = {}
            for ranking in (index.lexical.search(lexical_query, n), self._vector_ranked(index, query, n)):
                for rank, (cid, _score) in enumerate(ranking, start=1):
                    fused[cid] = fused.get(cid, 0.0) + 1.0 / (RRF_K + rank)
            ranked = sorted(fused.items(), key=lambda p: (-p[1], p[0]))[:k]
        return [self._hit(index, cid, score) for cid, score in ranked[:k]]
