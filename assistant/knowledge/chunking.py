"""Split blocks into chunks at headings, keeping the heading path, with character limits suited to Chinese."""

from __future__ import annotations

import re

from assistant.knowledge.loaders import Block, LoadedDoc
from assistant.knowledge.models import Chunk, make_chunk_id

SECTION_SEPARATOR = " > "
_SENTENCE = re.compile(r"(?<=[。！？；!?;])")


def _split_long(text: str, size: int) -> list[str]:
    """Split one over-long paragraph at sentence ends; hard-cut sentences longer than ``size``."""
    pieces: list[str] = []
    for sentence in (s for s in _SENTENCE.split(text) if s):
        while len(sentence) > size:
            pieces.append(sentence[:size])
            sentence = sentence[size:]
        pieces.append(sentence)
    return pieces


def _tail(text: str, overlap: int) -> str:
    """The last ``overlap`` characters, starting at a sentence boundary when one is near."""
    if overlap <= 0 or len(text) <= overlap:
        return text if overlap > 0 else ""
    tail = text[-overlap:]
    for i, ch in enumerate(tail[:-1]):
        if ch in "。！？；\n" and i < overlap // 2:
            return tail[i + 1 :]
    return tail


def chunk_document(loaded: LoadedDoc, chunk_chars: int, chunk_overlap: int) -> list[Chunk]:
    """Chunks never cross a heading; each keeps its heading path (``一、… > （一）…``).

    A chunk holds at most ``chunk_chars`` characters of new text plus up to ``chunk_overlap`` characters
    carried over from the previous chunk of the same section.
    """
    chunk_chars = max(chunk_chars, 50)
    chunk_overlap = max(0, min(chunk_overlap, chunk_chars // 2))
    meta = loaded.meta
    stack: list[tuple[int, str]] = []
    chunks: list[Chunk] = []
    seen: dict[str, int] = {}

    # Group consecutive paragraphs by heading path.
    groups: list[tuple[str, list[Block]]] = []
    current: list[Block] = []
    section = ""
    for block in loaded.blocks:
        if block.level > 0:
            if current:
                groups.append((section, current))
                current = []
            while stack and stack[-1][0] >= block.level:
                stack.pop()
            stack.append((block.level, block.text))
            section = SECTION_SEPARATOR.join(t for _, t in stack)
        else:
            current.append(block)
    if current:
        groups.append((section, current))

    def emit(section: str, text: str, start: Block) -> None:
        text = text.strip()
        if not text:
            return
        key = f"{section}\n{text}"
        ordinal = seen.get(key, 0)
        seen[key] = ordinal + 1
        chunks.append(
            Chunk(
                id=make_chunk_id(meta.doc, section, text, ordinal),
                doc=meta.doc,
                title=meta.title,
                wenhao=meta.wenhao,
                section=section,
                para=start.para,
                page=start.page,
                text=text,
            )
        )

    for section, blocks in groups:
        buf = ""
        start: Block | None = None
        for block in blocks:
            pieces = [block.text] if len(block.text) <= chunk_chars else _split_long(block.text, chunk_chars)
            for piece in pieces:
                joiner = "\n" if buf and piece is pieces[0] else ""
                if buf and len(buf) + len(joiner) + len(piece) > chunk_chars:
                    assert start is not None
                    emit(section, buf, start)
                    carry = _tail(buf, chunk_overlap)
                    buf = carry + ("\n" if carry and piece is pieces[0] else "") + piece
                    start = block  # cited from the paragraph that starts the new material
                else:
                    buf = buf + joiner + piece
                    if start is None:
                        start = block
        if buf and start is not None:
            emit(section, buf, start)
    return chunks

