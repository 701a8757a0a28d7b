"""Pick the report's unit from the official books and build its :class:`OfficialRecord`.

Units match by code (the report's file or folder name holds it) or by name: the same normalised text,
then containment or a near-identical name (difflib ratio at least :data:`UNIT_MATCH`, clearly ahead of the
next); names that differ by more (衡阳市档案馆 / 衡阳市第1档案馆) are other units. A file naming another unit is skipped
with one line saying so; the report is still reviewed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher
from pathlib import Path

from assistant.errors import OfficialFileUnusable
from assistant.official.final_accounts import read_final_accounts
from assistant.official.grid import Source, norm_unit, source_name
from assistant.official.model import (
    AccountsBook,
    ApprovedTarget,
    FinalAccounts,
    OfficialBooks,
    OfficialRecord,
    OfficialSkip,
    TargetsBook,
    UnitTargets,
)
from assistant.official.targets import read_targets
from assistant.report.model import IndicatorRow, Report
from assistant.report.normalize import to_halfwidth
from assistant.settings import Settings

UNIT_MATCH = 0.95
UNIT_MARGIN = 0.05


def load_books(targets: Source | None, final_accounts: Source | None, settings: Settings) -> OfficialBooks:
    """Read the official files once (paths, or (name, bytes) uploads); an unusable file is recorded in
    ``skipped`` (never raised)."""
    books = OfficialBooks()
    if targets:
        try:
            books.targets = read_targets(targets, settings)
        except OfficialFileUnusable as exc:
            books.skipped.append(OfficialSkip(file=source_name(targets), reason=str(exc)))
    if final_accounts:
        try:
            books.accounts = read_final_accounts(final_accounts, settings)
        except OfficialFileUnusable as exc:
            books.skipped.append(OfficialSkip(file=source_name(final_accounts), reason=str(exc)))
    return books


def unit_score(a: str | None, b: str | None) -> float:
    """1.0 for the same unit name (normalised, or one ending with the other: 湖南省衡阳市档案馆 / 衡阳市档案馆),
    else difflib's ratio."""
    x, y = norm_unit(a), norm_unit(b)
    if not x or not y:
        return 0.0
    if x == y or (min(len(x), len(y)) >= 4 and (x.endswith(y) or y.endswith(x))):
        return 1.0
    return SequenceMatcher(None, x, y).ratio()


def pick_unit(entries: list, unit: str | None, hint: str = "") -> tuple[object | None, str, str]:
    """(the book entry for ``unit``, why none in Chinese, in English) — by code in ``hint`` (file/folder
    names), then by the same normalised name, then by containment or a near-identical name."""
    for e in entries:
        if e.code and e.code in hint:
            return e, "", ""
    if len(entries) == 1 and (entries[0].unit is None or unit is None):
        return entries[0], "", ""  # a single-unit file that does not say whose it is, or a report without a unit
    if unit is None:
        return None, "报告未写明单位，无法在多单位文件中对应", "the report names no unit"
    same = [e for e in entries if norm_unit(e.unit) == norm_unit(unit)]
    if same:
        return same[0], "", ""
    scored = sorted(((unit_score(e.unit, unit), i) for i, e in enumerate(entries)), reverse=True)
    # a near match counts only when it is clearly the best (第1档案馆 / 第2档案馆 tie for 档案馆)
    if scored and scored[0][0] >= UNIT_MATCH and (len(scored) == 1 or scored[0][0] - scored[1][0] >= UNIT_MARGIN):
        return entries[scored[0][1]], "", ""
    if len(entries) == 1:
        return None, f"单位“{entries[0].unit}”与报告单位“{unit}”不符", "the file is for another unit"
    return None, f"文件中没有报告单位“{unit}”的数据", "no row for the report's unit"


def record_for(report: Report, books: OfficialBooks | None, *, hint: str = "") -> OfficialRecord | None:
    """The official record for ``report`` (None when no official file was given).

    ``hint``: text that may hold the unit code (the report's file and folder names).
    """
    if books is None or books.empty():
        return None
    hint = hint or report.meta.file
    rec = OfficialRecord(unit=report.unit, skipped=list(books.skipped))
    book: TargetsBook | AccountsBook | None
    for book in (books.targets, books.accounts):
        if book is None:
            continue
        entry, why, why_en = pick_unit(book.units, report.unit, hint)
        if entry is None:
            rec.skipped.append(OfficialSkip(file=book.file, reason=f"{book.file}: {why}，未做官方数据核对 / "
                                                                    f"{why_en}; official checks skipped"))
        elif entry.year and report.year and entry.year != report.year:
            rec.skipped.append(OfficialSkip(
                file=book.file, reason=f"{book.file}: 文件为{entry.year}年度，报告为{report.year}年度，未做官方数据核对 / "
                                       f"the file is for another year; official checks skipped"))
        elif isinstance(entry, UnitTargets):
            rec.targets, rec.targets_file = entry.targets, book.file
        elif isinstance(entry, FinalAccounts):
            rec.accounts, rec.accounts_file = entry, book.file
    return rec


# ------------------------------------------------------------------ indicators

_NAME_NOISE = re.compile(r"[\s（）()【】\[\]“”\"'《》,，、:：;；。.\-—_/]")


def norm_name(name: str) -> str:
    """An indicator name for comparison: half-width, no spaces, brackets or punctuation."""
    return _NAME_NOISE.sub("", to_halfwidth(name or ""))


@dataclass(frozen=True)
class IndicatorMatch:
    approved: ApprovedTarget
    row: IndicatorRow
    score: float  # 1.0 = same normalised name; else difflib's ratio


def match_indicators(
    approved: list[ApprovedTarget], rows: list[IndicatorRow], threshold: float
) -> tuple[list[IndicatorMatch], list[ApprovedTarget], list[IndicatorRow]]:
    """(matches, approved indicators with no report row, report rows with no approved indicator).

    Same normalised name first; then the remaining pairs by difflib ratio, best first, each used once.
    """
    matches: list[IndicatorMatch] = []
    free_a = list(range(len(approved)))
    free_r = [i for i, r in enumerate(rows) if r.level3.strip()]
    for ai in list(free_a):
        key = norm_name(approved[ai].name)
        ri = next((r for r in free_r if norm_name(rows[r].level3) == key), None)
        if ri is not None:
            matches.append(IndicatorMatch(approved[ai], rows[ri], 1.0))
            free_a.remove(ai)
            free_r.remove(ri)
    pairs = sorted(
        ((SequenceMatcher(None, norm_name(approved[a].name), norm_name(rows[r].level3)).ratio(), a, r)
         for a in free_a for r in free_r),
        key=lambda x: (-x[0], x[1], x[2]),
    )
    for score, a, r in pairs:
        if score < threshold:
            break
        if a in free_a and r in free_r:
            matches.append(IndicatorMatch(approved[a], rows[r], round(score, 2)))
            free_a.remove(a)
            free_r.remove(r)
    return matches, [approved[a] for a in free_a], [rows[r] for r in free_r]


# ------------------------------------------------------------------ projects

PROJECT_MATCH = 0.8


def project_score(a: str | None, b: str | None) -> float:
    """1.0 for the same project name (normalised, or one containing the other), else difflib's ratio."""
    x, y = norm_name(a or ""), norm_name(b or "")
    if not x or not y:
        return 0.0
    if x == y or (min(len(x), len(y)) >= 4 and (x in y or y in x)):
        return 1.0
    return SequenceMatcher(None, x, y).ratio()


def pair_projects(tables: list, approved: dict[str, list[ApprovedTarget]]) -> tuple[list[tuple], list[str]]:
    """(pairs of (project table, its approved targets), approved projects no table is for).

    A table goes with the approved project whose name is the same or nearly so (at least :data:`PROJECT_MATCH`),
    best pairs first, each used once; a lone unnamed table goes with a lone approved project."""
    names = list(approved)
    scored = sorted(((project_score(t.name, n), ti, ni) for ti, t in enumerate(tables) for ni, n in enumerate(names)),
                    key=lambda x: (-x[0], x[1], x[2]))
    pairs: dict[int, int] = {}
    used: set[int] = set()
    for score, ti, ni in scored:
        if score < PROJECT_MATCH:
            break
        if ti not in pairs and ni not in used:
            pairs[ti] = ni
            used.add(ni)
    if not pairs and len(tables) == 1 and len(names) == 1 and not (tables[0].name or "").strip():
        pairs[0] = 0
        used.add(0)
    out = [(tables[ti], approved[names[ni]]) for ti, ni in sorted(pairs.items())]
    return out, [n for i, n in enumerate(names) if i not in used]


# ------------------------------------------------------------------ unit folders

TARGET_NAME_WORDS = ("绩效目标", "目标表", "目标申报")
ACCOUNT_NAME_WORDS = ("决算",)


def official_kind(path: Path) -> str | None:
    """'targets' | 'final_accounts' when a file's name says it is an official file (in a unit folder), else None."""
    if path.suffix.lower() not in (".xlsx", ".docx"):
        return None
    stem = path.stem
    if any(w in stem for w in ACCOUNT_NAME_WORDS):
        return "final_accounts"
    if any(w in stem for w in TARGET_NAME_WORDS):
        return "targets"
    return None
