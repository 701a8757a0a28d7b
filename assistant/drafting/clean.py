"""Clean a chat model's reply down to the section's prose, without ever dropping a content sentence.

Real replies come wrapped: a preamble ("好的，以下是第七部分的草稿："), a sign-off ("希望对您有帮助"),
Markdown (headings, **bold**, "- " bullets, numbered lists, tables, rules, quotes), code fences anywhere, a
bare "markdown" line, ``<think>…</think>`` reasoning (Ollama / vLLM reasoning models), English asides, and
sometimes the prompt's data block echoed back. :func:`clean_reply` removes the wrapping and turns list and
table shapes into report prose; what it cannot clean safely (an unclosed think block, a reply that is only
wrapping, left-over Markdown) is named in :attr:`Cleaned.reasons` so the LLM writer re-asks.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from assistant.drafting.prompts import DATA_BEGIN, DATA_END
from assistant.report.model import SECTION_TITLES

_THINK = re.compile(r"<(think|thinking|reasoning)>.*?</\1>", re.S | re.I)
_THINK_OPEN = re.compile(r"<(think|thinking|reasoning)>", re.I)
_THINK_CLOSE = re.compile(r"</(think|thinking|reasoning)>", re.I)
_FENCE = re.compile(r"^\s*(```+|~~~+)\s*[A-Za-z]*\s*$")
_INLINE_FENCE = re.compile(r"```+\s*(?:markdown|md|text|plaintext)?")
_LANG_LINE = re.compile(r"^\s*(markdown|md|text|plaintext|中文)\s*$", re.I)
_RULE = re.compile(r"^\s*([-*_=]\s*){3,}$")
_HEADING = re.compile(r"^\s*#{1,6}\s*")
_BULLET = re.compile(r"^\s*[-*+•·●▪]\s+")
_NUMBERED = re.compile(r"^\s*(\d{1,2})[.)）]\s+(?=\S)")
_QUOTE_MARK = re.compile(r"^\s*>\s?")
_TABLE_SEP = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$")
_BOLD = re.compile(r"\*\*(.+?)\*\*|__(.+?)__")
_ITALIC = re.compile(r"(?<![*\w])\*(?!\s)([^*\n]+?)\*(?!\*)")
_CODE = re.compile(r"`([^`\n]+)`")
_CJK = re.compile(r"[\u4e00-\u9fff]")
_LATIN_WORD = re.compile(r"[A-Za-z]{2,}")
_EN_PAREN = re.compile(r"[（(]\s*(?:Note|NB|P\.S\.|Source|Data|Translation)[^）)]*[）)]", re.I)

# A preamble: the model announcing what follows (only before the first content line).
_PREAMBLE = re.compile(
    r"^(好的|好|当然|没问题|可以|收到|明白|以下是|下面是|根据您|根据你|根据(?:您|你)?提供|按照您|我将|我已|我会|这是|为您|已为您|"
    r"sure|ok|okay|certainly|here is|here's|below is)",
    re.I,
)
_PREAMBLE_HINT = re.compile(r"(草稿|正文|如下|以下|起草|撰写|改写|修改|内容|版本|draft|here)", re.I)
# A sign-off: the model offering more (only after the last content line).
_SIGNOFF = re.compile(
    r"(希望(以上|这|对您|能)|如需|如有需要|如果您?(还)?需要|如您需要|请告诉我|欢迎(提出|继续|指正)|还需要|可以进一步|"
    r"随时|供您参考|仅供参考|以上(是|为|就是)|请根据实际情况|请您?核实后|let me know|hope this helps|feel free)",
    re.I,
)


@dataclass
class Cleaned:
    text: str
    removed: list[str] = field(default_factory=list)  # what was dropped (for tests and logs)
    reasons: list[str] = field(default_factory=list)  # why the reply must be re-asked, if it must

    @property
    def needs_reask(self) -> bool:
        return bool(self.reasons)


def _is_english(line: str) -> bool:
    """A line of English prose (an aside), not Chinese text that names a few Latin terms."""
    cjk = len(_CJK.findall(line))
    words = len(_LATIN_WORD.findall(line))
    return words >= 3 and cjk <= 2


def _strip_inline(line: str) -> str:
    line = _BOLD.sub(lambda m: m.group(1) or m.group(2), line)
    line = _ITALIC.sub(r"\1", line)
    line = _CODE.sub(r"\1", line)
    line = _EN_PAREN.sub("", line)
    return line.strip()


def _table_rows(rows: list[list[str]]) -> list[str]:
    """A Markdown table as prose: one sentence per row, each cell named by its header."""
    if not rows:
        return []
    header, body = rows[0], rows[1:]
    if not body:
        return ["，".join(c for c in header if c) + "。"]
    out = []
    for row in body:
        cells = [c for c in row]
        head = cells[0] if cells else ""
        parts = [f"{h}{c}" if h and h not in c else c for h, c in zip(header[1:], cells[1:], strict=False) if c]
        sentence = head + ("：" + "，".join(parts) if parts else "")
        out.append(sentence.rstrip("。；;，,") + "。")
    return out


def _join_items(items: list[str]) -> str:
    """Bullet items as one prose paragraph: 'a；b；c。'."""
    clean = [i.rstrip("。；;，,") for i in items if i.strip()]
    return "；".join(clean) + "。" if clean else ""


def _data_lines(data_block: str) -> set[str]:
    return {ln.strip() for ln in data_block.splitlines() if len(ln.strip()) >= 6}


def clean_reply(text: str, label: str, *, data_block: str = "") -> Cleaned:
    """The reply's section prose (see module doc). ``data_block``: the data block the prompt sent."""
    removed: list[str] = []
    reasons: list[str] = []
    t = text.replace("\r\n", "\n")

    # 1. reasoning blocks, closed or not
    for m in _THINK.finditer(t):
        removed.append(m.group(0))
    t = _THINK.sub("", t)
    if _THINK_OPEN.search(t):  # opened and never closed: everything after it is reasoning
        cut = _THINK_OPEN.search(t).start()
        removed.append(t[cut:])
        t = t[:cut]
        reasons.append("回复含未闭合的思考过程")
    if _THINK_CLOSE.search(t):  # closed without an opening tag (the server ate it): drop what precedes
        cut = _THINK_CLOSE.search(t)
        removed.append(t[: cut.end()])
        t = t[cut.end():]

    # 2. the echoed data block (between its markers, or line by line)
    for begin, end in ((DATA_BEGIN, DATA_END), ("<<<参考稿开始>>>", "<<<参考稿结束>>>")):
        while begin in t:
            a = t.index(begin)
            b = t.find(end, a)
            b = len(t) if b < 0 else b + len(end)
            removed.append(t[a:b])
            t = t[:a] + t[b:]
    echoed = _data_lines(data_block)

    heading = f"{label}、{SECTION_TITLES[label]}"
    lines: list[str] = []
    items: list[str] = []
    table: list[list[str]] = []

    def flush() -> None:
        if items:
            lines.append(_join_items(items))
            items.clear()
        if table:
            lines.extend(_table_rows(table))
            table.clear()

    for raw in t.split("\n"):
        line = _INLINE_FENCE.sub("", raw) if "```" in raw else raw
        s = line.strip()
        if not s:
            flush()
            continue
        if _FENCE.match(raw) or _LANG_LINE.match(s) or _RULE.match(s) or _TABLE_SEP.match(s):
            removed.append(s)
            continue
        if s in echoed or s.startswith("<<<") or s.startswith(DATA_BEGIN[:6]):
            removed.append(s)
            continue
        if s.startswith("|") and s.endswith("|"):
            if items:
                lines.append(_join_items(items))
                items.clear()
            table.append([_strip_inline(c.strip()) for c in s.strip("|").split("|")])
            continue
        if table:
            lines.extend(_table_rows(table))
            table.clear()
        s = _QUOTE_MARK.sub("", s)
        is_heading = bool(_HEADING.match(s))
        s = _HEADING.sub("", s)
        s = _strip_inline(s)
        if not s:
            continue
        if s.lstrip("#").strip() in (heading, SECTION_TITLES[label], f"第{label}部分", f"{label}、{SECTION_TITLES[label]}："):
            removed.append(s)
            continue
        if _is_english(s):
            removed.append(s)
            continue
        if _BULLET.match(s):
            items.append(_BULLET.sub("", s))
            continue
        num = _NUMBERED.match(s)
        if num and not is_heading:
            flush()
            lines.append(f"{num.group(1)}、" + s[num.end():])
            continue
        flush()
        lines.append(s)
    flush()

    # 3. preamble lines before the content, sign-off lines after it
    while lines and _is_preamble(lines[0]):
        removed.append(lines.pop(0))
    while lines and _is_signoff(lines[-1]):
        removed.append(lines.pop())
    if lines:  # a sign-off glued to the last paragraph: "……。希望对您有帮助！"
        last = lines[-1]
        sents = re.split(r"(?<=[。！？!?])", last)
        while len(sents) > 1 and (not sents[-1].strip() or _is_signoff(sents[-1])):
            if sents[-1].strip():
                removed.append(sents[-1])
            sents.pop()
        lines[-1] = "".join(sents)
    if lines:
        first = lines[0]
        m = re.match(r"^(好的|当然|好)[，,！!。]\s*(以下是[^：:]{0,30}[：:])?", first)
        if m and len(first) > m.end():
            removed.append(first[: m.end()])
            lines[0] = first[m.end():]

    out = "\n".join(ln.strip() for ln in lines if ln.strip())
    if not out:
        reasons.append("回复中没有正文")
    elif re.search(r"\*\*|^#|```|<think", out, re.M):
        reasons.append("回复中仍有无法清理的格式标记")
    return Cleaned(out, removed, reasons)


def _is_preamble(line: str) -> bool:
    s = line.strip()
    if len(s) > 80 or not _PREAMBLE.match(s):
        return False
    if s.endswith(("：", ":")):
        return True
    return len(s) <= 40 and bool(_PREAMBLE_HINT.search(s)) and not re.search(r"\d", s)


def _is_signoff(line: str) -> bool:
    s = line.strip()
    return len(s) <= 80 and bool(_SIGNOFF.search(s)) and not re.search(r"\d", s)


class ThinkFilter:
    """Hide ``<think>…</think>`` from text streamed chunk by chunk (a tag may be split across chunks).

    ``feed(chunk)`` returns what may be shown now; ``flush()`` what is left at the end. The final text is
    still cleaned by :func:`clean_reply`; this only keeps reasoning off the screen while it streams.
    """

    _OPEN = ("<think>", "<thinking>", "<reasoning>")
    _CLOSE = ("</think>", "</thinking>", "</reasoning>")

    def __init__(self) -> None:
        self.buf = ""
        self.inside = False

    def feed(self, chunk: str) -> str:
        self.buf += chunk
        out = []
        while self.buf:
            tags = self._CLOSE if self.inside else self._OPEN
            low = self.buf.lower()
            hits = [(low.find(t), t) for t in tags if low.find(t) >= 0]
            if hits:
                pos, tag = min(hits)
                if not self.inside:
                    out.append(self.buf[:pos])
                self.buf = self.buf[pos + len(tag):]
                self.inside = not self.inside
                continue
            # keep a tail that may be the start of a tag
            keep = max((k for t in tags for k in range(1, len(t)) if low.endswith(t[:k])), default=0)
            if not self.inside:
                out.append(self.buf[: len(self.buf) - keep])
            self.buf = self.buf[len(self.buf) - keep:] if keep else ""
            break
        return "".join(out)

    def flush(self) -> str:
        rest, self.buf = ("" if self.inside else self.buf), ""
        return rest
