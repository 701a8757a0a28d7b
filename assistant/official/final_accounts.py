"""Read a unit's 决算 figures (.xlsx or .docx) by header text: 全年预算数, 全年执行数, 基本支出, 项目支出,
三公经费, 编制数, 实有人数.

Two shapes, both found by their header text, never by column position:

* **wide** — one row per unit (a batch workbook, or a single-row export): 单位名称 / 单位编码 columns and one
  column per figure; header rows may be merged (``支出决算（元）`` over 合计 | 基本支出 | 项目支出);
* **long** — a 决算 summary table: a 项目 column naming each figure and a 金额 / 决算数 column (side-by-side
  收入 | 支出 halves work too), the unit on a title line (``单位名称：…``).

Amounts in 元 (``单位：元``, ``金额（元）``) are converted to 万元; no stated unit means 万元.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from assistant.official.grid import (
    Grid,
    Source,
    header_like,
    header_paths,
    money_unit,
    norm_unit,
    numeric,
    read_grids,
    source_name,
    unit_from_lines,
    unusable,
    year_from_lines,
)
from assistant.official.model import STAFF_FIELDS, AccountsBook, FinalAccounts, OfficialFigure, OfficialSource
from assistant.official.targets import UNIT_COLUMNS
from assistant.report.normalize import squash
from assistant.report.tables import column_role, header_key
from assistant.settings import Settings

ACCOUNT_COLUMNS: dict[str, tuple[str, ...]] = {
    "budget": ("全年预算数", "调整后预算数", "调整预算数", "全年预算", "预算数"),
    "executed": ("全年执行数", "支出合计", "本年支出合计", "支出总计", "决算支出合计", "支出决算", "决算支出",
                 "总支出", "执行数"),
    "basic": ("基本支出",),
    "project": ("项目支出",),
    "sangong": ("三公经费", "三公经费支出", "三公经费合计", "三公经费支出合计"),
    "staff_authorized": ("编制数", "编制人数", "核定编制数", "核定编制"),
    "staff_actual": ("实有人数", "实有在职人数", "实际在职人数", "在职人数", "实有人员数"),
}
TOTAL_WORDS = ("合计", "小计", "总计", "计")
LABEL_HEADS = ("项目", "科目名称", "科目", "指标名称", "名称", "内容")
VALUE_HEADS = ("金额", "决算数", "本年决算数", "决算金额", "数值", "本年数", "数额", "人数")
_STRIP = re.compile(r"[“”\"'‘’]")
_NUMBERING = re.compile(r"^(?:[一二三四五六七八九十]+[、.．]|\d+[、.．]|[（(][一二三四五六七八九十\d]+[)）])")


def _key(text: str) -> str:
    return _NUMBERING.sub("", _STRIP.sub("", header_key(text)))


def field_of(text: str) -> str | None:
    """The 决算 field a header or row label names (三公经费 with or without quotes; 1、基本支出)."""
    t = _key(text)
    if not t or len(t) > 20:
        return None
    return column_role(t, ACCOUNT_COLUMNS)


def _decimal(cell: str) -> Decimal | None:
    t = squash(cell).replace(",", "")
    if not numeric(t) or t.endswith("%"):
        return None
    try:
        return Decimal(t)
    except InvalidOperation:
        return None


def _figure(field: str, cell: str, unit: str | None, source: OfficialSource) -> OfficialFigure | None:
    value = _decimal(cell)
    if value is None:
        return None
    if field in STAFF_FIELDS:
        return OfficialFigure(value=value, unit="人", raw=f"{cell}人", source=source)
    written = unit or "万元"
    wan = value / Decimal(10000) if written == "元" else value
    return OfficialFigure(value=wan, unit="万元", raw=f"{cell}{written}", source=source)


# ------------------------------------------------------------------ wide: one row per unit


def _has_role(cell: str) -> bool:
    return bool(field_of(cell) or column_role(cell, UNIT_COLUMNS) or _key(cell) in TOTAL_WORDS
                or _key(cell).endswith("情况"))


def _wide_header(rows: list[list[str]]) -> tuple[int, int, dict[str, int], dict[int, str | None]] | None:
    for first in range(min(len(rows), 15)):
        if not header_like(rows[first], _has_role):
            continue
        best = None
        for last in range(first, min(first + 3, len(rows))):
            if not header_like(rows[last], _has_role):
                break
            cols: dict[str, int] = {}
            units: dict[int, str | None] = {}
            for idx, path in enumerate(header_paths(rows, first, last)):
                role = None
                if path:
                    low = path[-1]
                    role = field_of(low) or column_role(low, UNIT_COLUMNS)
                    if role is None and _key(low) in TOTAL_WORDS:  # 合计 under 支出决算 is 支出决算's total
                        role = next((f for f in map(field_of, reversed(path[:-1])) if f), None)
                if role and role not in cols:
                    cols[role] = idx
                units[idx] = next((u for u in (money_unit(t) for t in reversed(path)) if u), None)
            fields = set(cols) - {"unit", "code"}
            labelled = any(path and _key(path[-1]) in LABEL_HEADS for path in header_paths(rows, first, last))
            if len(fields) >= 2 and not labelled and (best is None or len(cols) > len(best[2])):
                best = (first, last, cols, units)
        if best:
            return best
    return None


def _read_wide(g: Grid, file: str) -> list[FinalAccounts] | None:
    found = _wide_header(g.rows)
    if found is None:
        return None
    first, last, cols, units = found
    default_unit = money_unit(" ".join(g.lines))
    name = unit_from_lines(g.lines)
    out: list[FinalAccounts] = []
    for i in range(last + 1, len(g.rows)):
        row = g.rows[i]
        unit = row[cols["unit"]].strip() if "unit" in cols and cols["unit"] < len(row) else None
        code = row[cols["code"]].strip() if "code" in cols and cols["code"] < len(row) else None
        if unit and _key(unit) in TOTAL_WORDS + ("总计", "全部单位"):
            continue
        src = OfficialSource(file=file, sheet=g.label, row=g.row_numbers[i])
        figures = {}
        for field, idx in cols.items():
            if field in ("unit", "code") or idx >= len(row):
                continue
            fig = _figure(field, row[idx], units.get(idx) or default_unit, src)
            if fig is not None:
                figures[field] = fig
        if figures:
            out.append(FinalAccounts(unit=unit or (name if "unit" not in cols else None), code=code or None,
                                     year=year_from_lines(g.lines), figures=figures))
    return out or None


# ------------------------------------------------------------------ long: 项目 | 金额


def _long_columns(rows: list[list[str]]) -> tuple[int, dict[int, str], dict[int, str | None]]:
    """(header row or -1, value column → 'budget'|'final', value column → money unit)."""
    for h in range(min(len(rows), 12)):
        keys = [_key(c) for c in rows[h]]
        if not any(k in LABEL_HEADS or k.endswith("项目") for k in keys):
            continue
        vals: dict[int, str] = {}
        units: dict[int, str | None] = {}
        for idx, (k, cell) in enumerate(zip(keys, rows[h], strict=False)):
            if any(k.startswith(v) or k.endswith(v) for v in VALUE_HEADS) or field_of(cell) in ("budget", "executed"):
                vals[idx] = "budget" if field_of(cell) == "budget" else "final"
                units[idx] = money_unit(cell)
        if vals:
            return h, vals, units
    return -1, {}, {}


def _read_long(g: Grid, file: str) -> FinalAccounts | None:
    h, vals, units = _long_columns(g.rows)
    default_unit = money_unit(" ".join(g.lines)) or next(
        (money_unit(c) for r in g.rows[: max(h, 0)] for c in r if money_unit(c)), None)
    figures: dict[str, OfficialFigure] = {}
    name = unit_from_lines(g.lines + [" ".join(c for c in r if c) for r in g.rows[: max(h, 0)]])
    for i in range(h + 1, len(g.rows)):
        row = g.rows[i]
        src = OfficialSource(file=file, sheet=g.label, row=g.row_numbers[i])
        for idx, cell in enumerate(row):
            field = field_of(cell) if cell and not numeric(cell) else None
            if field is None:
                continue
            # the value columns of this label: those right of it, up to the next label cell
            right = []
            for j in range(idx + 1, len(row)):
                if row[j] and not numeric(row[j]) and field_of(row[j]) and j not in vals:
                    break
                right.append(j)
            if vals:
                finals = [j for j in right if vals.get(j) == "final"]
                budgets = [j for j in right if vals.get(j) == "budget"]
            else:
                finals = [j for j in right if _decimal(row[j]) is not None][:1]
                budgets = []
            target_field = field
            if field == "executed" and budgets and _decimal(row[budgets[0]]) is not None and "budget" not in figures:
                fig = _figure("budget", row[budgets[0]], units.get(budgets[0]) or default_unit, src)
                if fig:
                    figures["budget"] = fig
            if finals and target_field not in figures:
                j = finals[0]
                fig = _figure(target_field, row[j], units.get(j) or default_unit, src)
                if fig:
                    figures[target_field] = fig
    if not figures:
        return None
    return FinalAccounts(unit=name, year=year_from_lines(g.lines), figures=figures)


def read_final_accounts(path: Source, settings: Settings) -> AccountsBook:
    """The 决算 figures of ``path`` (one or many units); raises OfficialFileUnusable naming the file."""
    name = source_name(path)
    grids = read_grids(path, settings)
    units: list[FinalAccounts] = []
    for g in grids:
        wide = _read_wide(g, name)
        if wide:
            units.extend(wide)
            continue
        long = _read_long(g, name)
        if long:
            units.append(long)
    if not units:
        raise unusable(name, "没有可识别的决算表头或数据（需有“基本支出”“项目支出”等列或行）",
                       "no 决算 header or figures found")
    return AccountsBook(file=name, units=_merge(units))


def _merge(units: list[FinalAccounts]) -> list[FinalAccounts]:
    """Entries of one unit (several sheets of a single-unit file; unnamed parts) become one."""
    named = {norm_unit(u.unit) or u.code for u in units if u.unit or u.code}
    if len(named) > 1:
        out: dict[str, FinalAccounts] = {}
        for u in units:
            key = u.code or norm_unit(u.unit)
            if key in out:
                out[key].figures = {**u.figures, **out[key].figures}
            else:
                out[key] = u
        return list(out.values())
    merged = FinalAccounts(unit=next((u.unit for u in units if u.unit), None),
                           code=next((u.code for u in units if u.code), None),
                           year=next((u.year for u in units if u.year), None))
    for u in units:
        for k, v in u.figures.items():
            merged.figures.setdefault(k, v)
    return [merged]
