"""Text-level editing of a report in the Word tab-export shape (what render_export_txt writes).

Defects are applied to the rendered text, never to the Report model, so the parser is exercised too.
Every helper raises :class:`NotApplicable` when the thing to edit is not there — a defect that cannot be
applied to a base is a generator bug, not a silent no-op.
"""

from __future__ import annotations

import re
from decimal import Decimal

NUMERALS = "一二三四五六七八九十"
FULLWIDTH = str.maketrans("０１２３４５６７８９，．％", "0123456789,.%")
ATT_LINE = re.compile(r"^附件\d$")


class NotApplicable(Exception):
    """The text lacks what a defect needs."""


def _heading_re(label: str) -> re.Pattern:
    # "　　一、基本情况" / "　　一.基本情况" / "　　十、其他…" (not "十一")
    return re.compile(rf"^[\u3000 ]*{label}[、.．]")


class Text:
    """A mutable report text with section / attachment / table-row helpers."""

    def __init__(self, text: str):
        self.lines = text.split("\n")

    @property
    def text(self) -> str:
        return "\n".join(self.lines)

    # ------------------------------------------------------------ body sections
    def section_span(self, label: str) -> tuple[int, int]:
        """(heading line, end) of a body section; end is the next heading or first 附件 line."""
        start = next((i for i, ln in enumerate(self.lines) if _heading_re(label).match(ln)), None)
        if start is None:
            raise NotApplicable(f"section {label} not found")
        end = len(self.lines)
        for j in range(start + 1, len(self.lines)):
            ln = self.lines[j]
            if ATT_LINE.match(ln) or any(_heading_re(n).match(ln) for n in NUMERALS):
                end = j
                break
        # drop trailing blank lines from the span
        while end > start + 1 and not self.lines[end - 1].strip():
            end -= 1
        return start, end

    def section_body(self, label: str) -> list[str]:
        s, e = self.section_span(label)
        return self.lines[s + 1 : e]

    def set_section_body(self, label: str, paras: list[str]) -> None:
        s, e = self.section_span(label)
        self.lines[s + 1 : e] = ["\u3000\u3000" + p for p in paras]

    def insert_para(self, label: str, para: str, at: int = 0) -> None:
        s, e = self.section_span(label)
        pos = min(s + 1 + at, e) if at >= 0 else e
        self.lines.insert(pos, "\u3000\u3000" + para)

    def remove_section(self, label: str) -> None:
        s, e = self.section_span(label)
        del self.lines[s:e]

    def sub_in_section(self, label: str, old: str, new: str) -> None:
        s, e = self.section_span(label)
        self._sub(s + 1, e, old, new, f"section {label}")

    def regex_in_section(self, label: str, pattern: str, repl) -> None:
        s, e = self.section_span(label)
        rx = re.compile(pattern)
        for i in range(s + 1, e):
            new, n = rx.subn(repl, self.lines[i], count=1)
            if n:
                self.lines[i] = new
                return
        raise NotApplicable(f"/{pattern}/ not in section {label}")

    def _sub(self, lo: int, hi: int, old: str, new: str, where: str) -> None:
        for i in range(lo, hi):
            if old in self.lines[i]:
                self.lines[i] = self.lines[i].replace(old, new, 1)
                return
        raise NotApplicable(f"{old!r} not in {where}")

    # ------------------------------------------------------------ attachments and rows
    def attachment_span(self, label: str) -> tuple[int, int]:
        start = next((i for i, ln in enumerate(self.lines) if ln.strip() == label), None)
        if start is None:
            raise NotApplicable(f"{label} not found")
        end = next((j for j in range(start + 1, len(self.lines)) if ATT_LINE.match(self.lines[j])), len(self.lines))
        while end > start + 1 and not self.lines[end - 1].strip():
            end -= 1
        return start, end

    def remove_attachment(self, label: str) -> None:
        s, e = self.attachment_span(label)
        # also drop the blank line before it
        if s > 0 and not self.lines[s - 1].strip():
            s -= 1
        del self.lines[s:e]

    def sub_in_attachment(self, label: str, old: str, new: str) -> None:
        s, e = self.attachment_span(label)
        self._sub(s + 1, e, old, new, label)

    def rows(self, label: str) -> list[tuple[int, int, list[str]]]:
        """Table rows of an attachment: (first line, end line, cells). A row is a run of non-blank lines
        starting with a tab line; a line without a tab continues the previous cell (multi-line cell)."""
        s, e = self.attachment_span(label)
        out = []
        i = s + 1
        while i < e:
            if self.lines[i].startswith("\t"):
                j = i
                cells: list[str] = []
                while j < e and self.lines[j] != "":
                    ln = self.lines[j]
                    if ln.startswith("\t"):
                        cells.append(ln[1:])
                    else:
                        cells[-1] += "\n" + ln
                    j += 1
                out.append((i, j, cells))
                i = j
            else:
                i += 1
        return out

    def find_row(self, label: str, pred, nth: int = 0) -> tuple[int, int, list[str]]:
        hits = [r for r in self.rows(label) if pred(r[2])]
        if len(hits) <= nth:
            raise NotApplicable(f"no matching row #{nth} in {label}")
        return hits[nth]

    def edit_row(self, label: str, pred, fn, nth: int = 0) -> list[str]:
        """Replace the cells of the nth row matching ``pred`` by ``fn(cells)``; returns the old cells."""
        s, e, cells = self.find_row(label, pred, nth)
        new = fn(list(cells))
        self.lines[s:e] = ["\t" + c for c in new]
        return cells

    def set_cell(self, label: str, first: str, col: int, value: str, nth: int = 0) -> str:
        """Set cell ``col`` of the nth row whose some cell starts with ``first``; returns the old value."""
        old: list[str] = []

        def fn(cells):
            if col >= len(cells):
                raise NotApplicable(f"row {first} has no cell {col}")
            old.append(cells[col])
            cells[col] = value
            return cells

        self.edit_row(label, lambda cs: any(c.startswith(first) for c in cs), fn, nth)
        return old[0]


# ------------------------------------------------------------ numbers

def parse_num(s: str) -> Decimal:
    t = s.translate(FULLWIDTH).replace(",", "").replace("%", "").strip()
    try:
        return Decimal(t)
    except Exception as exc:  # noqa: BLE001
        raise NotApplicable(f"not a number: {s!r}") from exc


def fmt_like(orig: str, value: Decimal) -> str:
    """Format ``value`` the way ``orig`` is written (decimals, thousands separators, % sign)."""
    o = orig.translate(FULLWIDTH)
    decimals = len(o.split(".")[1].rstrip("%")) if "." in o else 0
    q = value.quantize(Decimal(1).scaleb(-decimals)) if decimals else value.quantize(Decimal(1))
    body = f"{q:,.{decimals}f}" if "," in o else f"{q:.{decimals}f}"
    if orig.endswith("％"):
        body += "％"
    elif orig.endswith("%"):
        body += "%"
    return body


def shift(orig: str, delta: Decimal | str) -> str:
    return fmt_like(orig, parse_num(orig) + Decimal(str(delta)))


def scale(orig: str, factor: Decimal | str) -> str:
    return fmt_like(orig, parse_num(orig) * Decimal(str(factor)))


def id_number(prefix17: str) -> str:
    """A resident ID with a valid GB 11643 check digit."""
    weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    total = sum(int(d) * w for d, w in zip(prefix17, weights, strict=True))
    return prefix17 + "10X98765432"[total % 11]
