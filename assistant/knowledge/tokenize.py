"""jieba tokenisation with the shipped domain dictionary (lazy: jieba loads on first use)."""

from __future__ import annotations

import functools
import logging
import re
import threading
from pathlib import Path

USER_DICT = Path(__file__).with_name("userdict.txt")

# Function words and report filler that carry no retrieval signal.
STOPWORDS = frozenset(
    "的 了 和 与 及 或 在 是 为 对 等 中 其 把 被 从 以 于 由 按 将 要 应 可 并 也 都 而 之 就 这 那 有 各 "
    "该 此 其中 以及 如何 怎么 怎样 什么 哪些 哪个 是否 需要 应该 可以 一个 我们 我 你 他 们 吗 呢 啊 "
    "？ ? 。 ， , 、 ； ; ： : “ ” \" ' （ ） ( ) 《 》 【 】 [ ] ！ ! … — - / | > < # * 　".split()
)
_KEEP = re.compile(r"[\w\u4e00-\u9fff]")
_lock = threading.Lock()
_tokenizer = None


def get_tokenizer():
    """The process-wide jieba Tokenizer with our user dictionary loaded."""
    global _tokenizer
    if _tokenizer is None:
        with _lock:
            if _tokenizer is None:
                import jieba

                jieba.setLogLevel(logging.WARNING)
                tok = jieba.Tokenizer()
                tok.initialize()
                tok.load_userdict(str(USER_DICT))
                _tokenizer = tok
    return _tokenizer


def words(text: str) -> list[str]:
    """jieba search-mode tokens (long words also yield their parts), lower-cased, stopwords dropped."""
    tok = get_tokenizer()
    out = []
    for w in tok.cut_for_search(text):
        w = w.strip().lower()
        if w and w not in STOPWORDS and _KEEP.search(w):
            out.append(w)
    return out


def bigrams(text: str) -> list[str]:
    """Character bigrams over runs of CJK characters/digits/letters (punctuation breaks a run)."""
    out: list[str] = []
    run: list[str] = []
    for ch in text.lower():
        if _KEEP.match(ch):
            run.append(ch)
            continue
        out.extend(a + b for a, b in zip(run, run[1:], strict=False))
        run = []
    out.extend(a + b for a, b in zip(run, run[1:], strict=False))
    return out


@functools.lru_cache(maxsize=4096)
def query_words(query: str) -> tuple[str, ...]:
    """Cached tokenisation of a query (queries repeat; chunks are tokenised once at index time)."""
    return tuple(words(query))


SYNONYMS_FILE = Path(__file__).with_name("synonyms.txt")


@functools.lru_cache(maxsize=1)
def _synonyms() -> tuple[tuple[tuple[str, ...], str], ...]:
    rules = []
    for raw in SYNONYMS_FILE.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith("#") or "=>" not in line:
            continue
        left, _, right = line.partition("=>")
        triggers = tuple(t.strip() for t in left.split("|") if t.strip())
        rules.append((triggers, " ".join(right.split())))
    return tuple(rules)


@functools.lru_cache(maxsize=4096)
def expand_query(query: str) -> str:
    """Append official terms for colloquial wording (``钱`` -> ``资金 支出``); the query itself is kept."""
    extra = [terms for triggers, terms in _synonyms() if any(t in query for t in triggers)]
    return f"{query} {' '.join(extra)}" if extra else query
