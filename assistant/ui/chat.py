"""The 起草 page's seam to :mod:`assistant.drafting`: one call per chat turn.

The page never talks to an LLM or a retriever itself. A turn either drafts the section afresh
(streamed through ``drafting.stream_section``) or revises the last suggestion / the user's current text
through a ``drafting.SectionSession``. This module only routes; the drafting package does the work.
"""

from __future__ import annotations

from typing import Any, Iterator

from assistant.drafting.models import DraftSuggestion

FRESH_WORDS = ("起草", "生成", "写一", "重新起草", "草拟")


def is_fresh_request(request: str) -> bool:
    """A request to (re)draft from scratch rather than to revise what is there."""
    return any(w in request for w in FRESH_WORDS)


def turn(
    report,
    section: str,
    request: str,
    *,
    settings,
    previous: DraftSuggestion | dict | None = None,
    current_text: str | None = None,
    retriever: Any = None,
) -> Iterator[str | DraftSuggestion]:
    """Yield text chunks (for st.write_stream), then the final checked :class:`DraftSuggestion`."""
    from assistant.drafting import SectionSession, stream_section

    if isinstance(previous, dict):
        previous = DraftSuggestion.model_validate(previous)
    fresh = is_fresh_request(request) or (previous is None and not (current_text or "").strip())
    if fresh:
        yield from stream_section(report, section, settings, retriever=retriever)
        return
    session = SectionSession(report, section, settings, retriever=retriever)
    if previous is not None and (current_text or "").strip() in ("", previous.text.strip()):
        session.history.append(previous)
    else:
        session.edit(current_text or "")
    result = session.revise(request)
    for line in result.text.splitlines(keepends=True):
        yield line
    yield result


def split_stream(items: Iterator[str | DraftSuggestion]) -> tuple[Iterator[str], list[DraftSuggestion]]:
    """Text chunks for st.write_stream; the final suggestion lands in the returned list when consumed."""
    box: list[DraftSuggestion] = []

    def chunks() -> Iterator[str]:
        for item in items:
            if isinstance(item, DraftSuggestion):
                box.append(item)
            else:
                yield item

    return chunks(), box
