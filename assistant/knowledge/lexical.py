"""BM25 over jieba tokens (bm25s), prebuilt once per collection state; query-time work is a sparse dot."""

from __future__ import annotations

from typing import TYPE_CHECKING

from assistant.knowledge.tokenize import query_words, words

if TYPE_CHECKING:  # pragma: no cover
    import numpy as np


class LexicalIndex:
    """BM25 index over ``index_texts`` aligned with ``ids``; reuses token lists by chunk id across rebuilds."""

    def __init__(self, ids: list[str], index_texts: list[str], token_cache: dict[str, list[str]] | None = None):
        import bm25s

        self.ids = ids
        self.token_cache: dict[str, list[str]] = {} if token_cache is None else token_cache
        corpus_tokens = []
        for cid, text in zip(ids, index_texts, strict=True):
            toks = self.token_cache.get(cid)
            if toks is None:
                toks = words(text)
                self.token_cache[cid] = toks
            corpus_tokens.append(toks)
        live = set(ids)
        for stale in [c for c in self.token_cache if c not in live]:
            del self.token_cache[stale]
        self.retriever = None
        if ids:
            self.retriever = bm25s.BM25()
            # Empty token lists would break bm25s; "" is the empty token it creates itself.
            self.retriever.index([t if t else [""] for t in corpus_tokens], show_progress=False)
            self.vocab = self.retriever.vocab_dict

    def scores(self, query: str) -> "np.ndarray | None":
        if self.retriever is None:
            return None
        token_ids = [self.vocab[t] for t in query_words(query) if t in self.vocab and t]
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
