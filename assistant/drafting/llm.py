"""The one LLM port: ``LLMPort.generate(messages, *, stream)``, a registry, and two implementations.

- :class:`ChatOpenAIPort` — langchain-openai ``ChatOpenAI`` against any OpenAI-compatible endpoint, with
  our own bounded retry loop (ChatOpenAI ``max_retries=0``) so attempts are counted and testable.
  Personal data is masked before anything leaves the machine; the API key never appears in errors.
- :class:`OfflineDrafter` — marker for the deterministic offline drafter (product code, no network).

langchain is imported lazily, inside ChatOpenAIPort, so importing ``assistant.drafting`` stays light.
"""

from __future__ import annotations

import logging
import time
from abc import ABC, abstractmethod
from typing import TYPE_CHECKING, Any, Callable, ClassVar, Iterator, Literal

from pydantic import BaseModel, ConfigDict, Field

from assistant.errors import ConfigError, LLMUnavailable
from assistant.privacy import mask_pii

if TYPE_CHECKING:  # pragma: no cover
    from assistant.settings import Settings

log = logging.getLogger(__name__)


class Message(BaseModel):
    model_config = ConfigDict(extra="forbid")

    role: Literal["system", "user", "assistant"] = Field(description="Chat role.")
    content: str = Field(description="Message text.")


class Options(BaseModel):
    """Per-port options (from settings.llm)."""

    model_config = ConfigDict(extra="forbid")

    temperature: float = Field(0.2, description="Sampling temperature.")
    timeout_s: float = Field(60.0, description="Per-request timeout, seconds.")
    max_retries: int = Field(2, ge=0, le=10, description="Retries on timeouts, 429 and 5xx.")
    backoff_s: float = Field(1.0, ge=0, description="Initial backoff, doubled per retry.")


class LLMPort(ABC):
    """One way to turn chat messages into text."""

    name: ClassVar[str] = "port"
    can_stream: ClassVar[bool] = False
    is_offline: ClassVar[bool] = False

    def __init__(self) -> None:
        self.attempts = 0  # HTTP attempts (incl. retries)
        self.calls = 0  # generate() calls

    @property
    def model(self) -> str:
        return self.name

    @abstractmethod
    def generate(self, messages: list[Message], *, stream: bool = False) -> str | Iterator[str]:
        """Return the reply text, or an iterator of text chunks when ``stream``."""


class OfflineDrafter(LLMPort):
    """Marker port: drafting runs the deterministic offline writers (assistant.drafting.offline)."""

    name = "offline"
    can_stream = True
    is_offline = True

    def __init__(self, settings: "Settings | None" = None) -> None:
        super().__init__()

    def generate(self, messages: list[Message], *, stream: bool = False) -> str | Iterator[str]:
        raise ConfigError("离线模式不调用大模型：请使用 draft_section()/SectionSession 起草 / offline mode drafts from data")


def _status_of(exc: BaseException) -> int | None:
    for attr in ("status_code", "http_status"):
        v = getattr(exc, attr, None)
        if isinstance(v, int):
            return v
    resp = getattr(exc, "response", None)
    v = getattr(resp, "status_code", None)
    return v if isinstance(v, int) else None


def classify(exc: BaseException) -> tuple[bool, str]:
    """(retryable, short Chinese reason) for an exception raised by the OpenAI client."""
    name = type(exc).__name__
    status = _status_of(exc)
    if "Timeout" in name or isinstance(exc, TimeoutError):
        return True, "请求超时"
    if status == 429 or "RateLimit" in name:
        return True, "请求过于频繁（429）"
    if status is not None and status >= 500:
        return True, f"服务端错误（{status}）"
    if "APIConnectionError" in name or isinstance(exc, ConnectionError):
        return True, "无法连接"
    if status in (401, 403):
        return False, f"认证失败（{status}），请检查 OPENAI_API_KEY"
    if status == 404:
        return False, "接口或模型不存在（404），请检查 OPENAI_BASE_URL 和 ASSISTANT_LLM_MODEL"
    if status is not None and 200 <= status < 300:
        return True, "返回内容格式错误"
    if status is not None:
        return False, f"请求被拒绝（{status}）"
    if "JSONDecode" in name or "ResponseValidation" in name or isinstance(exc, (ValueError, KeyError, TypeError)):
        return True, "返回内容格式错误"
    return False, name


class ChatOpenAIPort(LLMPort):
    """langchain-openai ChatOpenAI with bounded, counted retries and streaming."""

    name = "openai"
    can_stream = True
    is_offline = False

    def __init__(self, settings: "Settings", *, sleep: Callable[[float], None] = time.sleep) -> None:
        super().__init__()
        if not settings.openai_base_url and not settings.openai_api_key:
            raise ConfigError("未配置大模型：请设置 OPENAI_BASE_URL 和/或 OPENAI_API_KEY，或使用离线模式 ASSISTANT_LLM__BACKEND=offline")
        self._settings = settings
        self.options = Options(
            temperature=settings.llm.temperature,
            timeout_s=settings.llm.timeout_s,
            max_retries=settings.llm.max_retries,
            backoff_s=settings.llm.backoff_s,
        )
        self._sleep = sleep
        self._client: Any = None
        self.retries = 0

    @property
    def model(self) -> str:
        return self._settings.llm_model

    def _chat(self) -> Any:
        if self._client is None:
            from langchain_openai import ChatOpenAI

            key = self._settings.openai_api_key.get_secret_value() if self._settings.openai_api_key else "not-needed"
            self._client = ChatOpenAI(
                model=self._settings.llm_model,
                base_url=self._settings.openai_base_url,
                api_key=key,
                temperature=self.options.temperature,
                timeout=self.options.timeout_s,
                max_retries=0,
            )
        return self._client

    @staticmethod
    def _to_lc(messages: list[Message]) -> list[tuple[str, str]]:
        role = {"system": "system", "user": "human", "assistant": "ai"}
        return [(role[m.role], mask_pii(m.content)) for m in messages]

    def _fail(self, reason: str) -> LLMUnavailable:
        where = self._settings.openai_base_url or "OpenAI"
        return LLMUnavailable(
            f"大模型服务不可用：{reason}（{where}，模型 {self.model}，已尝试{self.attempts}次）。"
            "已生成的草稿已保留，可稍后重试或改用离线模式。"
        )

    def _with_retries(self, fn: Callable[[], Any]) -> Any:
        delay = self.options.backoff_s
        last = "未知错误"
        for attempt in range(self.options.max_retries + 1):
            self.attempts += 1
            try:
                return fn()
            except LLMUnavailable:
                raise
            except Exception as exc:  # noqa: BLE001 - classified below, never leaks the key
                retryable, last = classify(exc)
                log.warning("LLM attempt %d failed: %s", attempt + 1, last)
            # raised outside the except block: the client's exception (whose text may echo the key or the
            # request) is not even kept as __context__ of ours
            if not retryable:
                raise self._fail(last)
            if attempt < self.options.max_retries:
                self.retries += 1
                self._sleep(delay)
                delay *= 2
        raise self._fail(last)

    def generate(self, messages: list[Message], *, stream: bool = False) -> str | Iterator[str]:
        self.calls += 1
        lc = self._to_lc(messages)
        if stream:
            return self._stream(lc)

        def once() -> str:
            reply = self._chat().invoke(lc)
            text = reply.content if isinstance(reply.content, str) else ""
            if not text.strip():
                raise ValueError("empty reply")
            return text

        return self._with_retries(once)

    def _stream(self, lc: list[tuple[str, str]]) -> Iterator[str]:
        # Retries are only possible before the first chunk; after that a failure ends the stream.
        state = {"finished": False}

        def text_of(chunk: Any) -> str:
            meta = getattr(chunk, "response_metadata", None) or {}
            if meta.get("finish_reason"):
                state["finished"] = True
            return chunk.content if isinstance(chunk.content, str) else ""

        def first() -> tuple[Iterator[Any], str]:
            it = iter(self._chat().stream(lc))
            for chunk in it:
                text = text_of(chunk)
                if text:
                    return it, text
            raise ValueError("empty reply")

        it, head = self._with_retries(first)
        yield head
        reason = None
        try:
            for chunk in it:
                text = text_of(chunk)
                if text:
                    yield text
        except Exception as exc:  # noqa: BLE001
            _, reason = classify(exc)
        if reason is not None:  # raised outside the except block (no __context__ carrying the client's text)
            raise self._fail(f"流式输出中断：{reason}")
        if not state["finished"]:
            raise self._fail("流式输出中断：连接在回复结束前关闭")


PortFactory = Callable[["Settings"], LLMPort]
PORTS: dict[str, PortFactory] = {"offline": OfflineDrafter, "openai": ChatOpenAIPort}


def register_port(name: str, factory: PortFactory) -> PortFactory | None:
    """Install a port factory under ``name``; returns the previous one (for restoring in tests)."""
    previous = PORTS.get(name)
    PORTS[name] = factory
    return previous


def get_port(settings: "Settings") -> LLMPort:
    backend = settings.llm_backend
    factory = PORTS.get(backend)
    if factory is None:
        raise ConfigError(f"未知的大模型后端 {backend!r}：可选 {sorted(PORTS)}")
    return factory(settings)
