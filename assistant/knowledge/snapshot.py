"""Search snapshot: everything a search needs in one ``.npz`` file, so a search never opens Chroma locally.

A snapshot holds, for one collection: chunk ids, texts and metadata, the embedder's vectors, the jieba
tokens of each chunk (for BM25) and the query lexicon (``tokenize.lexicon_for``). It is keyed by the
embedder version, the tokenizer version and the version of the shipped corpus it contains; a snapshot whose
key differs from the current one is stale and rebuilt from Chroma.

The same format ships as the corpus *pre-index* (``<corpus_dir>/.index/<embedder slug>.npz``, written by
``python -m assistant.knowledge.preindex``): a fresh data directory copies it instead of embedding and
tokenising the corpus, and the ingest that first fills Chroma takes the corpus vectors from it.

Loading is a zip read and a JSON parse: no chromadb, no jieba dictionary, no bm25s until the first
lexical query builds the BM25 matrix from the stored tokens.
"""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from assistant.knowledge.lexical import ARRAY_NAMES, LexicalIndex
from assistant.knowledge.tokenize import QueryTokenizer

if TYPE_CHECKING:  # pragma: no cover
    import numpy as np

SNAPSHOT_FORMAT = 2
PREINDEX_DIR = ".index"


@dataclass
class SearchIndex:
    """The searchable state of one collection (rows aligned: ids, documents, metadatas, vectors, tokens)."""

    key: dict[str, Any]
    ids: list[str]
    documents: list[str]
    metadatas: list[dict[str, Any]]
    vectors: "np.ndarray"
    tokens: list[list[str]]
    lexicon: dict[str, int]
    total: int
    generation: int = 0
    bm25_vocab: dict[str, int] | None = None
    bm25_arrays: dict[str, Any] | None = None
    _lexical: LexicalIndex | None = field(default=None, repr=False)
    _query_tokenizer: QueryTokenizer | None = field(default=None, repr=False)
    _rows: dict[str, int] | None = field(default=None, repr=False)

    # ------------------------------------------------------------------ derived, built on first use
    @property
    def query_tokenizer(self) -> QueryTokenizer:
        if self._query_tokenizer is None:
            self._query_tokenizer = QueryTokenizer(self.lexicon, self.total)
        return self._query_tokenizer

    @property
    def lexical(self) -> LexicalIndex:
        if self._lexical is None:
            self._lexical = LexicalIndex(self.ids, self.tokens, self.query_tokenizer.words,
                                         vocab=self.bm25_vocab, arrays=self.bm25_arrays)
        return self._lexical

    @property
    def rows(self) -> dict[str, int]:
        if self._rows is None:
            self._rows = {cid: i for i, cid in enumerate(self.ids)}
        return self._rows

    def __len__(self) -> int:
        return len(self.ids)

    def vector_ranked(self, qvec: "np.ndarray", n: int) -> list[tuple[str, float]]:
        """Top ``n`` (id, cosine) by exact dot product over the normalised vectors; ties by id."""
        import numpy as np

        if not self.ids or n <= 0:
            return []
        scores = self.vectors @ np.asarray(qvec, dtype=np.float32)
        take = min(n, len(scores))
        if take < len(scores):
            cand = np.argpartition(-scores, take - 1)[:take]
            cut = scores[cand].min()
            cand = np.nonzero(scores >= cut)[0]
        else:
            cand = np.arange(len(scores))
        pairs = [(self.ids[i], float(scores[i])) for i in cand]
        pairs.sort(key=lambda p: (-p[1], p[0]))
        return pairs[:take]

    # ------------------------------------------------------------------ file format
    def save(self, path: Path) -> None:
        """Atomic write (temp file + rename): readers see the old or the new snapshot, never half of one."""
        import numpy as np

        lexical = self.lexical  # stored built, so a reader never imports bm25s nor re-indexes
        meta = {
            "format": SNAPSHOT_FORMAT,
            "key": self.key,
            "generation": self.generation,
            "ids": self.ids,
            "documents": self.documents,
            "metadatas": self.metadatas,
            "tokens": self.tokens,
            "lexicon": self.lexicon,
            "total": self.total,
            "bm25_vocab": lexical.vocab,
        }
        blob = np.frombuffer(json.dumps(meta, ensure_ascii=False).encode("utf-8"), dtype=np.uint8)
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as fh:
                np.savez(fh, meta=blob, vectors=np.asarray(self.vectors, dtype=np.float32), **lexical.arrays())
            os.chmod(tmp, 0o644)  # mkstemp makes 0600; the shipped pre-index must be readable by all
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise

    @classmethod
    def load(cls, path: Path) -> "SearchIndex | None":
        """The snapshot at ``path``; None when it is missing, unreadable or of another format."""
        import numpy as np

        try:
            with np.load(path, allow_pickle=False) as data:
                meta = json.loads(data["meta"].tobytes().decode("utf-8"))
                vectors = data["vectors"]
                arrays = {name: data[name] for name in ARRAY_NAMES if name in data.files}
        except (OSError, ValueError, KeyError, EOFError):
            return None
        except Exception:  # noqa: BLE001 - zipfile.BadZipFile and friends: a cache only, rebuild it
            return None
        if not isinstance(meta, dict) or meta.get("format") != SNAPSHOT_FORMAT:
            return None
        try:
            index = cls(
                key=dict(meta["key"]),
                ids=list(meta["ids"]),
                documents=list(meta["documents"]),
                metadatas=[dict(m) for m in meta["metadatas"]],
                vectors=vectors,
                tokens=[list(t) for t in meta["tokens"]],
                lexicon={str(k): int(v) for k, v in meta["lexicon"].items()},
                total=int(meta["total"]),
                generation=int(meta.get("generation", 0)),
                bm25_vocab={str(k): int(v) for k, v in meta["bm25_vocab"].items()} if arrays else None,
                bm25_arrays=arrays or None,
            )
        except (KeyError, TypeError, ValueError):
            return None
        n = len(index.ids)
        if not (len(index.documents) == len(index.metadatas) == len(index.tokens) == n) or (
            n and (vectors.ndim != 2 or vectors.shape[0] != n)
        ):
            return None
        return index


def file_stamp(path: Path) -> tuple[int, int] | None:
    """(mtime_ns, size) of ``path``, None when absent: a cheap "did another process rewrite it" check."""
    try:
        st = path.stat()
    except OSError:
        return None
    return (st.st_mtime_ns, st.st_size)


def preindex_path(corpus_dir: Path, embedder_slug: str) -> Path:
    return Path(corpus_dir) / PREINDEX_DIR / f"{embedder_slug}.npz"
