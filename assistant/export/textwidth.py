"""Display width of text (no docx import, so terminal output stays light)."""

from __future__ import annotations

import unicodedata


def display_width(text: str) -> int:
    """Terminal/Word column width: East Asian wide and full-width characters count 2."""
    return sum(2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1 for ch in text)
