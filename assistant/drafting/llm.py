"""The one LLM port, the LLM section writer, and the backend registry.

- :class:`LLMPort` — ``generate(messages, *, stream)``; :class:`ChatOpenAIPort` is langchain-openai
  ``ChatOpenAI`` against any OpenAI-compatible endpoint, with our own bounded retry loop (ChatOpenAI
  ``max_retries=0``) so attempts are counted and testable. Personal data is masked before anything
  leaves the machine; the API key never appears in errors. Tests fake the model at this port.
- :class:`LLMWriter` — the LLM :class:`~assistant.drafting.writer.SectionWriter`: prompts, citation
  keys, the faithfulness guard and one re-ask, over any LLMPort.
- ``PORTS`` / :func:`get_writer` — ``settings.llm_backend`` picks the backend: ``offline`` is the
  :class:`~assistant.drafting.offline.OfflineDrafter`, any other name an LLMPort wrapped in LLMWriter.

langchain is imported lazily, inside ChatOpenAIPort (a heavy library kept off import time).
"""

from __future__ import annotations

import logging
import re
import time
from abc import ABC, abstractmethod
from typing import TYPE_CHECKING, Any, Callable, ClassVar, Iterator, Literal, Union

from pydantic import BaseModel, ConfigDict, Field

from assistant.drafting.data_block import data_block
from assistant.drafting.guard import check_numbers
from assistant.drafting.models import Citation, DraftSuggestion
from assistant.drafting.offline import WRITERS, OfflineDrafter
from assistant.drafting.prompts import CANNOT_DRAFT, render, section_requirements, system_prompt
from assistant.drafting.retrieval import hit_to_citation
from assistant.drafting.writer import Drafted, SectionWriter
from assistant.errors import ConfigError, LLMUnavailable
from assistant.knowledge.prompt import format_passages_for_prompt
from assistant.privacy import mask_pii
from assistant.report.model import SECTION_TITLES

if TYPE_CHECKING:  # pragma: no cover
    from assistant.drafting.drafter import DraftRun
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


# ------------------------------------------------------------------ the LLM SectionWriter

ANY_KEY = re.compile(r"\[K-[^\]]*\]")


def clean_reply(text: str, label: str) -> str:
    """Drop code fences, a repeated heading and blank lines from an LLM reply."""
    t = text.strip().strip("`").strip()
    lines = [ln.rstrip() for ln in t.splitlines()]
    heading = f"{label}、{SECTION_TITLES[label]}"
    lines = [ln for ln in lines if ln.strip() and ln.strip().lstrip("#").strip() not in (heading, SECTION_TITLES[label])]
    return "\n".join(ln.strip() for ln in lines)


def resolve_citations(text: str, hits: list) -> tuple[str, list[Citation], list[str]]:
    """Keep citation keys of passages retrieved in this call; drop (and report) any other key."""
    known = {h.id: h for h in hits}
    cited: list[Citation] = []
    dropped: list[str] = []

    def sub(m: re.Match) -> str:
        key = m.group(0)[1:-1]
        if key in known:
            if all(c.id != key for c in cited):
                cited.append(hit_to_citation(known[key]))
            return m.group(0)
        dropped.append(key)
        return ""

    text = ANY_KEY.sub(sub, text)
    warnings = [f"已删除未检索到的引用编号：{'、'.join(dropped)}"] if dropped else []
    return text, cited, warnings


UNVERIFIED_ISSUE = "1）以下数字无法在填报数据或所引用资料中找到出处："


class LLMWriter(SectionWriter):
    """Drafts and revises through an LLMPort; the offline draft is the model's reference text.

    Each reply is cleaned, its citation keys checked against this call's passages, and its numbers
    and new review errors sent back once for repair.
    """

    name = "llm"
    is_offline = False
    reviews_whole_draft = False

    def __init__(self, port: LLMPort) -> None:
        self.port = port

    @property
    def model(self) -> str:
        return self.port.model

    # ---- prompts
    def passages_block(self, run: DraftRun, label: str) -> tuple[str, list]:
        hits = list(run.retriever.for_section(label))
        if label in ("七", "八", "九"):
            for p in run.ctx.problems:
                h = run.retriever.policy(p.policy, p.policy_query)
                if h is not None and all(h.id != x.id for x in hits):
                    hits.append(h)
        return format_passages_for_prompt(hits), hits

    def section_messages(self, run: DraftRun, label: str, baseline: str) -> tuple[list[Message], list]:
        passages, hits = self.passages_block(run, label)
        user = render(
            "section",
            unit=run.ctx.facts.unit,
            year=str(run.ctx.facts.year or ""),
            label=label,
            heading=SECTION_TITLES[label],
            requirements=section_requirements()[label],
            data=data_block(run.report, label, run.ctx.facts, run.ctx.problems),
            passages=passages,
            baseline=baseline,
        )
        return [Message(role="system", content=system_prompt()), Message(role="user", content=user)], hits

    def _messages(self, run: DraftRun, label: str) -> tuple[list[Message], list]:
        return self.section_messages(run, label, WRITERS[label](run.ctx).text)

    def _ask(self, messages: list[Message]) -> str:
        reply = self.port.generate(messages)
        assert isinstance(reply, str)
        return reply

    # ---- drafting
    def draft(self, run: DraftRun, label: str, *, check: bool = True) -> Drafted:  # noqa: ARG002 - always checked
        messages, hits = self._messages(run, label)
        return self._postprocess(run, messages, hits, label, self._ask(messages))

    def stream(self, run: DraftRun, label: str) -> Iterator[str | Drafted]:
        """Chunks as the model sends them; if it fails mid-stream, LLMUnavailable carries ``partial``."""
        if not self.port.can_stream:
            yield from super().stream(run, label)
            return
        messages, hits = self._messages(run, label)
        received: list[str] = []
        try:
            for chunk in self.port.generate(messages, stream=True):
                received.append(chunk)
                yield chunk
        except LLMUnavailable as exc:
            exc.partial = "".join(received)  # type: ignore[attr-defined]
            raise
        yield self._postprocess(run, messages, hits, label, "".join(received))

    def _postprocess(self, run: DraftRun, messages: list[Message], hits: list, label: str, reply: str) -> Drafted:
        if CANNOT_DRAFT in reply or not clean_reply(reply, label):
            fallback = OfflineDrafter().draft(run, label, check=False)
            return Drafted(fallback.text, fallback.citations,
                           [*fallback.warnings, "大模型表示无法依据现有数据起草本部分，已改用离线草稿"])
        text, citations, warnings = resolve_citations(clean_reply(reply, label), hits)
        g = check_numbers(text, citations=citations, evidence=run.evidence)
        errors = run.new_errors(label, text)
        reasks = 0
        if g.unverified or errors:
            issues = []
            if g.unverified:
                issues.append(UNVERIFIED_ISSUE + "、".join(g.unverified))
            if errors:
                issues.append("2）审阅规则发现以下错误：" + "；".join(f.message for f in errors))
            repair = render("repair", label=label, draft=text, issues="\n".join(issues))
            reasks += 1
            reply2 = self._ask([*messages, Message(role="assistant", content=reply), Message(role="user", content=repair)])
            cleaned = clean_reply(reply2, label)
            if cleaned and CANNOT_DRAFT not in reply2:
                text, citations, w = resolve_citations(cleaned, hits)
                warnings += w
        return Drafted(text, citations, warnings, reasks)

    # ---- revising
    def revise(self, run: DraftRun, label: str, current: DraftSuggestion, request: str) -> Drafted:
        passages, hits = self.passages_block(run, label)
        user = render(
            "revise",
            label=label,
            heading=SECTION_TITLES[label],
            request=request,
            current=current.text,
            requirements=section_requirements()[label],
            data=data_block(run.report, label, run.ctx.facts, run.ctx.problems),
            passages=passages,
        )
        messages = [Message(role="system", content=system_prompt()), Message(role="user", content=user)]
        reply = self._ask(messages)
        if CANNOT_DRAFT in reply or not clean_reply(reply, label):
            return Drafted(current.text, list(current.citations), ["大模型未能按要求修改，内容未改动"])
        text, citations, warnings = resolve_citations(clean_reply(reply, label), hits)
        for c in current.citations:  # keep citations of the current text that are still referenced
            if f"[{c.id}]" in text and all(x.id != c.id for x in citations):
                citations.append(c)
        reasks = 0
        g = check_numbers(text, citations=citations, evidence=run.evidence)
        if g.unverified:
            reasks = 1
            repair = render("repair", label=label, draft=text, issues=UNVERIFIED_ISSUE + "、".join(g.unverified))
            reply2 = self._ask([*messages, Message(role="assistant", content=reply), Message(role="user", content=repair)])
            if clean_reply(reply2, label) and CANNOT_DRAFT not in reply2:
                text, citations, w2 = resolve_citations(clean_reply(reply2, label), hits)
                warnings += w2
        return Drafted(text, citations, warnings, reasks)


# ------------------------------------------------------------------ backends

Backend = Union[LLMPort, SectionWriter]
PortFactory = Callable[["Settings"], Backend]
PORTS: dict[str, PortFactory] = {"offline": OfflineDrafter, "openai": ChatOpenAIPort}


def register_port(name: str, factory: PortFactory) -> PortFactory | None:
    """Install a backend factory under ``name``; returns the previous one (for restoring in tests)."""
    previous = PORTS.get(name)
    PORTS[name] = factory
    return previous


def get_port(settings: "Settings") -> Backend:
    """The configured backend: the offline drafter, or an LLMPort (``settings.llm_backend``)."""
    backend = settings.llm_backend
    factory = PORTS.get(backend)
    if factory is None:
        raise ConfigError(f"未知的大模型后端 {backend!r}：可选 {sorted(PORTS)}")
    return factory(settings)


def as_writer(backend: Backend) -> SectionWriter:
    """A SectionWriter for a backend: writers as they are, an LLMPort inside an :class:`LLMWriter`."""
    return backend if isinstance(backend, SectionWriter) else LLMWriter(backend)


def get_writer(settings: "Settings", port: Backend | None = None) -> SectionWriter:
    """The section writer for ``port`` when given, else for the configured backend."""
    return as_writer(port if port is not None else get_port(settings))
