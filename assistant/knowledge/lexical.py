"""BM25 over jieba tokens (bm25s), prebuilt once per collection state; query-time work is a sparse dot."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from assistant.knowledge.tokenize import query_words

if TYPE_CHECKING:  # pragma: no cover
    import numpy as np


class LexicalIndex:
    """BM25 index over pre-tokenised chunks aligned with ``ids``.

    ``tokenize_query`` turns a query into tokens (a snapshot's ``QueryTokenizer.words``; defaults to the full
    jieba dictionary).
    """

    def __init__(self, ids: list[str], tokens: list[list[str]],
                 tokenize_query: Callable[[str], tuple[str, ...]] | None = None):
        import bm25s

        self.ids = ids
        self.tokenize_query = tokenize_query or query_words
        self.retriever = None
        self.vocab: dict[str, int] = {}
        if ids:
            self.retriever = bm25s.BM25()
            # Empty token lists would break bm25s; "" is the empty token it creates itself.
            self.retriever.index([t if t else [""] for t in tokens], show_progress=False)
            self.vocab = self.retriever.vocab_dict

    def scores(self, query: str) -> "np.ndarray | None":
        if self.retriever is None:
            return None
        token_ids = [self.vocab[t] for t in self.tokenize_query(query) if t in self.vocab and t]
        if not token_ids:
            return None
        return self.retriever.get_scores_from_ids(token_ids)

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
