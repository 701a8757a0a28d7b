"""知识库 answers: written by the LLM when one is configured, extractive otherwise; cited either way.

- Offline (the default): :func:`assistant.ui.knowledge_view.extractive_answer` — the best sentence of each
  top passage with its number ``[n]``.
- With an LLM endpoint: the question and the passages (fenced as data, ``prompts/kb_answer.md``) go through
  the drafting LLM port. The reply's passage keys ``[K-…]`` are checked against the passages sent (others
  dropped) and shown as the numbers of the hit list ``[n]``. Every figure in a sentence must be written in a
  passage that sentence cites; a reply with an untraced figure, with no citation, that declines, or an
  endpoint that fails falls back to the extractive answer with a one-line note saying why.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from assistant.drafting.clean import ThinkFilter
from assistant.drafting.llm import LLMPort, Message, get_port, resolve_citations
from assistant.drafting.numbers import NumberMention, find_numbers
from assistant.drafting.prompts import CITATION_FORM, render
from assistant.errors import AssistantError
from assistant.knowledge.models import Hit
from assistant.knowledge.prompt import format_passages_for_prompt
from assistant.ui.knowledge_view import extractive_answer

if TYPE_CHECKING:  # pragma: no cover
    from assistant.settings import Settings

log = logging.getLogger(__name__)

CANNOT_ANSWER = "【无法回答】"
MAX_PASSAGES = 5  # passages sent to the model (the top of the hit list, numbered as shown)

_KEY = re.compile(r"\[(K-[0-9a-f]{12})\]")
# A sentence with the citation keys written right after its end mark.
_SENTENCE = re.compile(r"[^。！？；\n]+(?:[。！？；]|$)(?:[ \t]*\[K-[0-9a-f]{12}\])*|(?:[ \t]*\[K-[0-9a-f]{12}\])+")
_MARKDOWN = re.compile(r"^\s*(?:#{1,6}\s+|[-*]\s+|>\s*)|\*\*|__")


@dataclass(frozen=True)
class KbAnswer:
    """The answer shown above the hit list: text citing hits as ``[n]`` (1-based positions)."""

    text: str
    source: Literal["llm", "extractive"]
    cited: tuple[int, ...] = ()
    note: str = ""  # why an LLM answer was not used (empty when nothing went wrong)

    @property
    def heading(self) -> str:
        if self.source == "llm":
            return "**回答**（由大模型依据下列出处撰写，数字均已核对出处；点开编号可看原文）"
        return "**回答**（摘自下列出处，点开编号可看原文）"


def llm_configured(settings: "Settings") -> bool:
    return settings.llm_backend != "offline"


def answer_messages(question: str, hits: list[Hit]) -> list[Message]:
    user = render("kb_answer", question=question, passages=format_passages_for_prompt(hits),
                  citation_form=CITATION_FORM, cannot_answer=CANNOT_ANSWER)
    return [Message(role="user", content=user)]


def _same(a: NumberMention, b: NumberMention) -> bool:
    return a.kind == b.kind and (a.canonical if a.canonical is not None else a.value) == \
        (b.canonical if b.canonical is not None else b.value)


def untraced_figures(text: str, hits: list[Hit]) -> list[str]:
    """Figures of ``text`` (with ``[K-…]`` keys) not written in a passage their own sentence cites."""
    by_id = {h.id: find_numbers(h.text, skip=False) for h in hits}
    bad: list[str] = []
    for m in _SENTENCE.finditer(text):
        sentence = m.group(0)
        sources = [n for key in _KEY.findall(sentence) for n in by_id.get(key, [])]
        bad += [f.written for f in find_numbers(sentence) if not any(_same(f, s) for s in sources)]
    return list(dict.fromkeys(bad))


def _tidy(reply: str) -> str:
    """Reasoning blocks and Markdown marks removed, lines joined."""
    f = ThinkFilter()
    text = f.feed(reply) + f.flush()
    lines = [_MARKDOWN.sub("", line).strip() for line in text.splitlines()]
    return "".join(line for line in lines if line)


def _numbered(text: str, hits: list[Hit]) -> tuple[str, tuple[int, ...]]:
    """``[K-…]`` → ``[n]`` (position in ``hits``), repeated numbers next to each other merged."""
    pos = {h.id: i for i, h in enumerate(hits, start=1)}
    out = _KEY.sub(lambda m: f"[{pos[m.group(1)]}]", text)
    out = re.sub(r"(\[\d+\])(?:\s*\1)+", r"\1", out)
    out = re.sub(r"\s+(\[\d+\])", r"\1", out)
    cited = tuple(sorted({pos[k] for k in _KEY.findall(text) if k in pos}))
    return out, cited


def _extractive(question: str, hits: list[Hit], note: str = "") -> KbAnswer:
    text = extractive_answer(question, hits)
    cited = tuple(sorted({int(n) for n in re.findall(r"\[(\d+)\]", text)}))
    return KbAnswer(text, "extractive", cited, note)


def llm_answer(question: str, hits: list[Hit], port: LLMPort) -> KbAnswer:
    """Ask ``port``; the guarded answer, or the extractive one with the reason in ``note``."""
    sent = hits[:MAX_PASSAGES]
    try:
        reply = port.generate(answer_messages(question, sent))
    except AssistantError as ex:
        log.warning("knowledge answer: %s", ex)
        return _extractive(question, hits, "大模型暂不可用，以下为摘录回答，可稍后重试。")
    assert isinstance(reply, str)
    if CANNOT_ANSWER in reply:
        return _extractive(question, hits, "大模型认为检索到的资料不足以回答，以下为摘录回答。")
    text, citations, _dropped = resolve_citations(_tidy(reply), sent)
    if not text.strip() or not citations:
        return _extractive(question, hits, "大模型的回答没有注明出处，未采用，以下为摘录回答。")
    bad = untraced_figures(text, sent)
    if bad:
        return _extractive(question, hits,
                           f"大模型的回答中 {'、'.join(bad)} 在所引用的资料中找不到，未采用，以下为摘录回答。")
    numbered, cited = _numbered(text, sent)
    return KbAnswer(numbered, "llm", cited)


def answer(question: str, hits: list[Hit], settings: "Settings") -> KbAnswer:
    """The 知识库 answer: the LLM's (guarded) when an endpoint is configured, else extractive."""
    if not hits:
        return KbAnswer("", "extractive")
    if not llm_configured(settings):
        return _extractive(question, hits)
    try:
        port = get_port(settings)
    except AssistantError as ex:
        log.warning("knowledge answer: %s", ex)
        return _extractive(question, hits, "大模型配置有误，以下为摘录回答。")
    if not isinstance(port, LLMPort):
        return _extractive(question, hits)
    return llm_answer(question, hits, port)
