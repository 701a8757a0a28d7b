"""Variants of the clean fixture reports with one defect planted, for the meaning, self-score and attachment
rules (indicator_meaning.py, selfscore.py, attachments.py).

``plant("clean_a.txt", (old, new), ...)`` replaces each ``old`` (which must occur exactly once, so a changed
fixture fails loudly instead of silently testing the clean text) and parses the result as the CLI would.
"""

from __future__ import annotations

from pathlib import Path

from assistant.report import parse_bytes
from assistant.report.model import Report

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures"
CLEAN_C = "evals/datasets/base/clean_c.txt"  # the eval base with a 考核评分表 (附件5)
# the clean fixtures every new rule must stay quiet on
CLEAN = (
    "clean_a.txt", "clean_a_gbk.txt", "clean_b.txt", "clean_b_bom.txt", "clean_d_linye.txt", "clean_a.docx",
    "clean_b.docx", "project_only_b.txt", "variant_flat_spaces.txt", "variant_yuan_text.txt", CLEAN_C,
    "evals/datasets/base/clean_c.docx",
)


def _path(name: str) -> Path:
    """A fixture name (tests/fixtures) or a path from the repository root."""
    return ROOT / name if "/" in name else FIXTURES / name


def clean_text(name: str) -> str:
    data = _path(name).read_bytes()
    for enc in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(enc)
        except UnicodeDecodeError:
            continue
    raise AssertionError(f"{name}: not a text fixture")


def planted_text(name: str, *edits: tuple[str, str]) -> str:
    text = clean_text(name)
    for old, new in edits:
        assert text.count(old) == 1, f"{name}: {old!r} occurs {text.count(old)} times"
        text = text.replace(old, new)
    return text


def plant(name: str, *edits: tuple[str, str]) -> Report:
    return parse_bytes(planted_text(name, *edits).encode("utf-8"), Path(name).name)


def clean(name: str) -> Report:
    return parse_bytes(_path(name).read_bytes(), Path(name).name)


def cells(*values: str) -> str:
    """Consecutive cells of one table row as the .txt export writes them (one tab-prefixed cell per line)."""
    return "\n".join(f"\t{v}" for v in values)
