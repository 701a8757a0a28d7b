"""Chroma embedding functions wrapping our embedders, registered so a reopened collection keeps its embedder.

Importing this module imports chromadb; import it only where Chroma is used. Without registration a
collection reopened in a new process falls back to Chroma's default embedder, which downloads an ONNX
model and fails offline (DESIGN "Operations").
"""

from __future__ import annotations

import os
from typing import Any

os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")

from chromadb.api.types import Documents, EmbeddingFunction, Embeddings, Space  # noqa: E402
from chromadb.utils.embedding_functions import register_embedding_function  # noqa: E402

from assistant.knowledge.embedders import Embedder, embedder_from_config  # noqa: E402


class _AssistantEF(EmbeddingFunction[Documents]):
    """Base: delegates to an ``Embedder``; queries use the embedder's query side (e5 asymmetry)."""

    KIND = ""

    def __init__(self, embedder: Embedder):
        self.embedder = embedder

    def __call__(self, input: Documents) -> Embeddings:
        return list(self.embedder.embed_documents(list(input)))

    def embed_query(self, input: Documents) -> Embeddings:
        return [self.embedder.embed_query(text) for text in input]

    def get_config(self) -> dict[str, Any]:
        return dict(self.embedder.config())

    def default_space(self) -> Space:
        return "cosine"

    def supported_spaces(self) -> list[Space]:
        return ["cosine", "ip", "l2"]

    @classmethod
    def _build(cls, config: dict[str, Any]) -> "_AssistantEF":
        return cls(embedder_from_config(cls.KIND, config))


@register_embedding_function
class AssistantHashEF(_AssistantEF):
    KIND = "hash"

    @staticmethod
    def name() -> str:
        return "assistant-hash"

    @staticmethod
    def build_from_config(config: dict[str, Any]) -> "AssistantHashEF":
        return AssistantHashEF._build(config)  # type: ignore[return-value]


@register_embedding_function
class AssistantE5EF(_AssistantEF):
    KIND = "e5"

    @staticmethod
    def name() -> str:
        return "assistant-e5"

    @staticmethod
    def build_from_config(config: dict[str, Any]) -> "AssistantE5EF":
        return AssistantE5EF._build(config)  # type: ignore[return-value]


@register_embedding_function
class AssistantOpenAIEF(_AssistantEF):
    KIND = "openai"

    @staticmethod
    def name() -> str:
        return "assistant-openai"

    @staticmethod
    def build_from_config(config: dict[str, Any]) -> "AssistantOpenAIEF":
        return AssistantOpenAIEF._build(config)  # type: ignore[return-value]


EF_CLASSES: dict[str, type[_AssistantEF]] = {
    "hash": AssistantHashEF,
    "e5": AssistantE5EF,
    "openai": AssistantOpenAIEF,
}


def chroma_embedding_function(embedder: Embedder) -> _AssistantEF:
    return EF_CLASSES[embedder.kind](embedder)
