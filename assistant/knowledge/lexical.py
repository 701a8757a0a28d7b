"""BM25 over jieba tokens: bm25s builds the sparse score matrix; a query sums the rows of its tokens.

The matrix (CSC arrays) and vocabulary are stored in the search snapshot, so a process that only searches
rebuilds the index from arrays without importing bm25s (about 0.2 s of CPU per process) or re-indexing.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from assistant.knowledge.tokenize import query_words

if TYPE_CHECKING:  # pragma: no cover
    import numpy as np

ARRAY_NAMES = ("bm25_data", "bm25_indices", "bm25_indptr")


class LexicalIndex:
    """BM25 index over pre-tokenised chunks aligned with ``ids``.

    ``tokenize_query`` turns a query into tokens (a snapshot's ``QueryTokenizer.words``; defaults to the full
    jieba dictionary).
    """

    def __init__(self, ids: list[str], tokens: list[list[str]] | None,
                 tokenize_query: Callable[[str], tuple[str, ...]] | None = None,
                 vocab: dict[str, int] | None = None, arrays: dict[str, Any] | None = None):
        self.ids = ids
        self.tokenize_query = tokenize_query or query_words
        self.vocab: dict[str, int] = {}
        self._arrays: dict[str, Any] | None = None
        if not ids:
            return
        if vocab is not None and arrays is not None:
            self.vocab, self._arrays = vocab, arrays
            return
        import bm25s
        import numpy as np

        retriever = bm25s.BM25()  # method "lucene": no non-occurrence term to add back
        # Empty token lists would break bm25s; "" is the empty token it creates itself.
        retriever.index([t if t else [""] for t in tokens or []], show_progress=False)
        if getattr(retriever, "nonoccurrence_array", None) is not None:
            raise RuntimeError("BM25 variant with a non-occurrence term is not supported")
        self.vocab = dict(retriever.vocab_dict)
        sc = retriever.scores
        self._arrays = {
            "bm25_data": np.asarray(sc["data"], dtype=np.float32),
            "bm25_indices": np.asarray(sc["indices"], dtype=np.int32),
            "bm25_indptr": np.asarray(sc["indptr"], dtype=np.int64),
        }

    def arrays(self) -> dict[str, Any]:
        """The CSC score matrix (for the snapshot file); empty when there are no chunks."""
        return dict(self._arrays or {})

    def scores(self, query: str) -> "np.ndarray | None":
        """BM25 score of every chunk (bm25s's ``get_scores_from_ids``: add up the query tokens' columns)."""
        import numpy as np

        if self._arrays is None:
            return None
        token_ids = [self.vocab[t] for t in self.tokenize_query(query) if t in self.vocab and t]
        if not token_ids:
            return None
        data, indices, indptr = (self._arrays[n] for n in ARRAY_NAMES)
        scores = np.zeros(len(self.ids), dtype=np.float32)
        for tid in token_ids:
            start, end = int(indptr[tid]), int(indptr[tid + 1])
            np.add.at(scores, indices[start:end], data[start:end])
        return scores

    def search(self, query: str, n: int) -> list[tuple[str, float]]:
        """Top ``n`` (id, score) with score > 0, sorted by score desc then id (never index order)."""
        import numpy as np

        scores = self.scores(query)
        if scores is None or n <= 0:
            return []
        n_pos = int(np.count_nonzero(scores > 0))
        if n_pos == 0:
            return []
        take = min(n, n_pos)
        if take < len(scores):
            # Widen the partition so ties at the cut are all seen before the id tie-break.
            cand = np.argpartition(-scores, take - 1)[:take]
            cut = scores[cand].min()
            cand = np.nonzero(scores >= cut)[0]
        else:
            cand = np.nonzero(scores > 0)[0]
        pairs = [(self.ids[i], float(scores[i])) for i in cand if scores[i] > 0]
        pairs.sort(key=lambda p: (-p[1], p[0]))
        return pairs[:take]
