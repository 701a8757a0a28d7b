"""知识库 page helpers: an extractive answer stitched from the best passages, with numbered citations.

Offline and deterministic: for each of the top passages, the sentence sharing the most characters
(bigrams) with the question is quoted, followed by its citation number ``[n]``.
"""

from __future__ import annotations

import re

from assistant.knowledge.models import Hit

_SENTENCE = re.compile(r"[^。！？；\n]+[。！？；]?")


def _bigrams(text: str) -> set[str]:
    t = re.sub(r"\s+", "", text)
    return {t[i:i + 2] for i in range(len(t) - 1)}


def _is_table_row(s: str) -> bool:
    """A row of a table pasted as text (``年度 | 预算数 | 决算数``), not a sentence one can quote."""
    return "|" in s or "\t" in s or len(re.findall(r"\s{2,}", s)) >= 2


def best_sentence(query: str, passage: str, max_chars: int = 160) -> str:
    """The passage sentence sharing most bigrams with the query (the first one on ties); table rows are
    never chosen (empty when the passage is all table)."""
    q = _bigrams(query)
    sentences = [s.strip() for s in _SENTENCE.findall(passage) if len(s.strip()) >= 6] or [passage.strip()]
    sentences = [s for s in sentences if not _is_table_row(s)]
    if not sentences:
        return ""
    best = max(sentences, key=lambda s: len(q & _bigrams(s)))
    return best if len(best) <= max_chars else best[:max_chars] + "…"


def extractive_answer(query: str, hits: list[Hit], n: int = 3) -> str:
    """``句子[1]；句子[2]。`` from the best sentences of the top hits (``n`` at most, numbered by their
    place in ``hits``; a passage that is all table is passed over); empty when there are none."""
    parts = []
    for i, h in enumerate(hits, start=1):
        s = best_sentence(query, h.text).rstrip("。；;")
        if s:
            parts.append(f"{s}[{i}]")
        if len(parts) == n:
            break
    return "；".join(parts) + "。" if parts else ""
