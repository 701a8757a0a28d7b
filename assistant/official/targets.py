"""Read the approved 绩效目标申报表 / 目标表 (.xlsx or .docx) by its header text.

The indicator columns are the report reader's (:data:`assistant.report.tables.INDICATOR_COLUMNS`): 一级指标,
二级指标, 三级指标 / 指标名称, 年度指标值 (or 指标性质 + 指标值 + 度量单位 in three columns). A 单位名称 /
单位编码 column makes the file a batch workbook (one unit per row group); otherwise the unit is the one a title
line or a head row names. Header rows may be merged ("绩效指标" over the indicator columns).
"""

from __future__ import annotations

from assistant.official.grid import (
    Grid,
    Source,
    header_like,
    header_paths,
    read_grids,
    source_name,
    unit_from_lines,
    unusable,
    year_from_lines,
)
from assistant.official.model import ApprovedTarget, OfficialSource, TargetsBook, UnitTargets
from assistant.report.normalize import squash
from assistant.report.tables import GROUP_LABELS, INDICATOR_COLUMNS, column_role, header_key
from assistant.settings import Settings

UNIT_COLUMNS: dict[str, tuple[str, ...]] = {
    "unit": ("单位名称", "预算单位名称", "部门名称", "预算单位", "填报单位", "单位"),
    "code": ("单位编码", "单位代码", "预算单位编码", "部门编码", "单位编号"),
    "project": ("项目名称", "项目全称", "专项名称", "专项资金名称"),
}
HEAD_UNIT_LABELS = ("单位名称", "部门名称", "预算单位", "主管部门", "实施单位", "填报单位", "部门（单位）名称")
HEAD_PROJECT_LABELS = ("项目名称", "项目全称", "专项名称", "专项资金名称")


def _roles(path: list[str]) -> tuple[str | None, str | None]:
    """(indicator role, unit role) of one column from its header texts, the lowest text first."""
    ind = unit = None
    for text in reversed(path):
        if ind is None and header_key(text) not in ("指标", "绩效指标"):
            ind = column_role(text, INDICATOR_COLUMNS)
        if ind is None and unit is None:
            unit = column_role(text, UNIT_COLUMNS)
        if ind or unit:
            break
    return ind, unit


def _has_role(cell: str) -> bool:
    key = header_key(cell)
    return bool(column_role(cell, INDICATOR_COLUMNS) or column_role(cell, UNIT_COLUMNS) or key in GROUP_LABELS
                or key in ("绩效指标", "年度绩效指标"))


def _find_header(rows: list[list[str]]) -> tuple[int, int, dict[str, int]] | None:
    """(first, last, role → column) of the indicator header: the row naming 三级指标, with up to two
    header-like rows above it (merged group labels) and below it (split header words)."""
    for at in range(min(len(rows), 30)):
        if not any(column_role(c, INDICATOR_COLUMNS) == "level3" for c in rows[at]):
            continue
        first = at
        while first > 0 and at - first < 2 and header_like(rows[first - 1], _has_role):
            first -= 1
        best = None
        for last in range(at, min(at + 3, len(rows))):
            if last > at and not header_like(rows[last], _has_role):
                break
            cols: dict[str, int] = {}
            for idx, path in enumerate(header_paths(rows, first, last)):
                ind, unit = _roles(path)
                for role in (ind, unit):
                    if role and role not in cols:
                        cols[role] = idx
            if "level3" in cols and "target" in cols and (best is None or len(cols) > len(best[2])):
                best = (first, last, cols)
        if best:
            return best
    return None


def _cell(row: list[str], idx: int | None) -> str:
    return row[idx].strip() if idx is not None and idx < len(row) else ""


def _head_value(rows: list[list[str]], upto: int, labels: tuple[str, ...]) -> str | None:
    """The value beside a head row's label (单位名称 | 衡阳市档案馆) above the indicator header."""
    for row in rows[:upto]:
        for i, c in enumerate(row[:-1]):
            if squash(c) in labels:
                value = next((v for v in row[i + 1 :] if v and squash(v) != squash(c)), "")
                if value:
                    return value
    return None


def _read_grid(g: Grid, file: str, file_unit: str | None = None, file_year: int | None = None) -> list[UnitTargets] | None:
    """The grid's indicators by unit; a grid that names no unit or year (a Word file's second table) has
    the ones an earlier grid of the same file named."""
    found = _find_header(g.rows)
    if found is None:
        return None
    first, last, cols = found
    units: dict[tuple[str | None, str | None], UnitTargets] = {}
    default_unit = _head_value(g.rows, first, HEAD_UNIT_LABELS) or unit_from_lines(g.lines) or file_unit
    # a project's own 绩效目标表 names it in a head row; a workbook of many projects has a 项目名称 column
    default_project = _head_value(g.rows, first, HEAD_PROJECT_LABELS) or ""
    project = default_project
    year = year_from_lines(g.lines) or file_year
    l1 = l2 = ""
    prev_key: tuple[str | None, str | None] | None = None
    for i in range(last + 1, len(g.rows)):
        row = g.rows[i]
        unit = _cell(row, cols.get("unit")) or None
        code = _cell(row, cols.get("code")) or None
        if "unit" in cols or "code" in cols:
            if unit is None and code is None and prev_key is not None:
                unit, code = prev_key  # a merged unit cell read as blank
        else:
            unit = default_unit
        key = (unit, code)
        if "project" in cols:
            named = _cell(row, cols.get("project"))
            if named and named != project:
                project, l1, l2 = named, "", ""  # a merged project cell is read as blank: the last one holds
        if key != prev_key:
            l1 = l2 = ""
            if "project" in cols and not _cell(row, cols.get("project")):
                project = default_project
        prev_key = key
        l1 = _cell(row, cols.get("level1")) or l1
        l2 = _cell(row, cols.get("level2")) or l2
        name = _cell(row, cols.get("level3"))
        value = _cell(row, cols.get("target"))
        if not name or not value or column_role(name, INDICATOR_COLUMNS) == "level3":
            continue
        op = _cell(row, cols.get("target_op"))
        measure = _cell(row, cols.get("target_unit"))
        if op and not value.startswith(op):
            value = op + value
        if measure and not value.endswith(measure):
            value = value + measure
        entry = units.setdefault(key, UnitTargets(unit=unit, code=code, year=year))
        entry.targets.append(ApprovedTarget(
            level1=l1, level2=l2, name=name, target=value, project=project,
            source=OfficialSource(file=file, sheet=g.label, row=g.row_numbers[i]),
        ))
    return list(units.values())


def read_targets(path: Source, settings: Settings) -> TargetsBook:
    """The approved targets of ``path``; raises OfficialFileUnusable (one line naming the file)."""
    name = source_name(path)
    grids = read_grids(path, settings)
    units: list[UnitTargets] = []
    header_seen = False
    file_unit: str | None = None
    file_year: int | None = None
    for g in grids:
        got = _read_grid(g, name, file_unit, file_year)
        if got is None:
            continue
        header_seen = True
        if len(got) == 1:  # a single-unit grid: what it names holds for the file's later grids
            file_unit, file_year = file_unit or got[0].unit, file_year or got[0].year
        for u in got:
            same = next((x for x in units if (x.unit, x.code) == (u.unit, u.code)), None)
            if same:
                same.targets.extend(u.targets)
            else:
                units.append(u)
    if not header_seen:
        raise unusable(name, "没有可识别的绩效目标表头（需有“三级指标/指标名称”和“年度指标值”列）",
                       "no approved-targets header found (三级指标 and 年度指标值 columns)")
    if not any(u.targets for u in units):
        raise unusable(name, "绩效目标表没有指标行", "the targets table has no indicator rows")
    return TargetsBook(file=name, units=units)
