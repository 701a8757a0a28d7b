"""jieba tokenisation with the shipped domain dictionary (lazy: jieba loads on first use).

Two tokenisers give the same tokens for every word a knowledge base can match:

- the *full* tokenizer (``get_tokenizer``): jieba's ~500k-word dictionary plus ``userdict.txt``; used to
  tokenise documents at ingest time. Loading its dictionary costs seconds of CPU, so its marshal cache is kept
  in the data directory (``set_cache_dir``) instead of the system temp dir, which may be wiped;
- a *query* tokenizer (``QueryTokenizer``) built from a small lexicon: the dictionary entries of every word
  in the index vocabulary and all their prefixes (``lexicon_for``), stored with the search snapshot. jieba's
  segmentation of a query only consults the dictionary for the query's own substrings, and a query word the
  index does not contain cannot match anyway, so the index words of a query mostly come out the same; where
  the full dictionary would join index words into a longer non-index word they come out split (on the
  retrieval eval's 188 queries 150 give identical index words; recall@5 is the same, MRR 0.003 lower). It
  loads in milliseconds, so a search process never loads the full dictionary.
"""

from __future__ import annotations

import functools
import logging
import re
import sys
import threading
from collections.abc import Iterable
from pathlib import Path
from typing import Any

USER_DICT = Path(__file__).with_name("userdict.txt")

# Function words and report filler that carry no retrieval signal.
STOPWORDS = frozenset(
    "的 了 和 与 及 或 在 是 为 对 等 中 其 把 被 从 以 于 由 按 将 要 应 可 并 也 都 而 之 就 这 那 有 各 "
    "该 此 其中 以及 如何 怎么 怎样 什么 哪些 哪个 是否 需要 应该 可以 一个 我们 我 你 他 们 吗 呢 啊 "
    "？ ? 。 ， , 、 ； ; ： : “ ” \" ' （ ） ( ) 《 》 【 】 [ ] ！ ! … — - / | > < # * 　".split()
)
_KEEP = re.compile(r"[\w\u4e00-\u9fff]")
_lock = threading.Lock()
_tokenizer: Any = None
_cache_dir: Path | None = None


def set_cache_dir(path: Path | None) -> None:
    """Where the full tokenizer keeps jieba's dictionary cache (the data directory's ``cache/``)."""
    global _cache_dir
    _cache_dir = path


def _quiet_jieba() -> Any:
    """Import jieba without pkg_resources: jieba tries it only to locate its dictionary file (and falls back
    to a plain path), but importing it costs ~0.3-1 s of CPU on every process that searches."""
    if "jieba" not in sys.modules and "pkg_resources" not in sys.modules:
        sys.modules["pkg_resources"] = None  # type: ignore[assignment]  # makes `import pkg_resources` fail fast
        try:
            import jieba
        finally:
            del sys.modules["pkg_resources"]
    import jieba

    jieba.setLogLevel(logging.WARNING)
    return jieba


def tokenizer_version() -> str:
    """Changes whenever tokens could change: jieba's version and the user dictionary's content."""
    import hashlib
    from importlib.metadata import version

    digest = hashlib.sha256(USER_DICT.read_bytes()).hexdigest()[:8]
    return f"jieba-{version('jieba')}+{digest}"


def get_tokenizer() -> Any:
    """The process-wide full jieba Tokenizer with our user dictionary loaded."""
    global _tokenizer
    if _tokenizer is None:
        with _lock:
            if _tokenizer is None:
                jieba = _quiet_jieba()
                tok = jieba.Tokenizer()
                if _cache_dir is not None:
                    try:
                        _cache_dir.mkdir(parents=True, exist_ok=True)
                        tok.tmp_dir = str(_cache_dir)
                    except OSError:
                        pass  # falls back to the system temp dir
                tok.initialize()
                tok.load_userdict(str(USER_DICT))
                _tokenizer = tok
    return _tokenizer


def _filtered(raw: Iterable[str]) -> list[str]:
    out = []
    for w in raw:
        w = w.strip().lower()
        if w and w not in STOPWORDS and _KEEP.search(w):
            out.append(w)
    return out


def words(text: str) -> list[str]:
    """jieba search-mode tokens (long words also yield their parts), lower-cased, stopwords dropped."""
    return _filtered(get_tokenizer().cut_for_search(text))


def lexicon_for(vocabulary: Iterable[str], texts: Iterable[str] = ()) -> tuple[dict[str, int], int]:
    """(lexicon, total) for ``QueryTokenizer``: full-dictionary entries of each word, its prefixes and each
    character of ``texts``. Tokens are lower-cased, so both spellings of Latin words are looked up."""
    tok = get_tokenizer()
    freq = tok.FREQ
    lexicon: dict[str, int] = {}
    for word in vocabulary:
        for form in {word, word.upper()}:
            for end in range(1, len(form) + 1):
                prefix = form[:end]
                if prefix not in lexicon and prefix in freq:
                    lexicon[prefix] = int(freq[prefix])
    for text in texts:
        for ch in text:
            if ch not in lexicon and ch in freq:
                lexicon[ch] = int(freq[ch])
    return lexicon, int(tok.total)


class QueryTokenizer:
    """jieba over a small lexicon (see module doc); ``words`` filters like the full tokenizer."""

    def __init__(self, lexicon: dict[str, int], total: int):
        jieba = _quiet_jieba()
        tok = jieba.Tokenizer()
        tok.FREQ = dict(lexicon)
        tok.total = max(int(total), 1)
        tok.initialized = True
        self._tok = tok
        self.words = functools.lru_cache(maxsize=4096)(self._words)

    def _words(self, text: str) -> tuple[str, ...]:
        return tuple(_filtered(self._tok.cut_for_search(text)))


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
    """Cached full-dictionary tokenisation of a query."""
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
