"""Read tables by their header text, never by column position.

Two jobs:

* **Header mapping** (:func:`column_role`, :func:`header_map`, :func:`find_header`): a header row — or two
  header rows, as in forms whose ``指标值`` spans ``年度指标值 | 实际完成值`` — is mapped column by column to
  canonical roles (``target``, ``actual``, ``weight``, ``score`` …) through the synonym lists below, kept as
  data. Unit annotations (``（万元）``, ``(A)``, ``(B/A)``) are ignored.
* **Flattened forms** (:func:`rows_from_stream`): a 自评表 that arrives as text (one cell per line, cells
  separated by blank lines, a whole form on one line separated by spaces) is a stream of cells. The known
  header words and the shape of the values (numbers, ``≥``/``≤`` targets, 分值) rebuild its rows, so the
  extractor reads it as it reads a Word table. Parts recognised but not readable are reported in ``unread``.

Reading only: nothing here judges a value.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from functools import lru_cache

from assistant.report.normalize import squash

# ------------------------------------------------------------------ column synonyms (data)

INDICATOR_COLUMNS: dict[str, tuple[str, ...]] = {
    "level1": ("一级指标",),
    "level2": ("二级指标",),
    "level3": ("三级指标", "指标内容", "指标名称"),
    "target_op": ("指标性质",),
    "target": ("年度指标值", "年度目标值", "预期指标值", "预期目标值", "年度预期指标值", "指标值", "目标值"),
    "target_unit": ("度量单位", "计量单位"),
    "actual": ("实际完成值", "全年实际值", "实际完成情况", "实际完成指标值", "全年完成值", "实际值", "完成值"),
    "weight": ("分值", "权重", "指标分值", "标准分值"),
    "score": ("得分", "自评得分", "实际得分"),
    "seq": ("序号",),
    "explain": ("指标说明及评分标准", "指标解释", "指标说明", "评分标准", "评分细则"),
    "note": (
        "偏差原因分析及改进措施", "未完成原因分析及改进措施", "未完成原因及拟采取的改进措施", "未完成原因和改进措施",
        "未完成原因及改进措施", "偏差原因及改进措施", "未完成原因分析",
        "偏差原因分析", "偏差原因", "原因分析", "原因",
    ),
}

FUND_COLUMNS: dict[str, tuple[str, ...]] = {
    "initial_budget": ("年初预算数", "年初预算"),
    "budget": ("全年预算数", "调整后预算数", "调整后预算", "调整预算数", "全年预算", "预算数"),
    "executed": ("全年执行数", "预算执行数", "全年支出数", "执行数", "实际支出"),
    "weight": ("分值", "权重"),
    "rate": ("预算执行率", "执行率"),
    "score": ("得分",),
    "note": ("原因", "偏差原因"),
}

RUBRIC_COLUMNS: dict[str, tuple[str, ...]] = {
    "level1": ("一级指标", "考核内容", "评价内容"),
    "level2": ("二级指标", "考核指标", "评价指标", "考核项目"),
    "max": ("分值", "标准分值", "标准分"),
    "criteria": ("评分标准", "评分细则", "考核要点", "评分办法", "考核标准"),
    "score": ("评分", "得分", "自评得分", "自评分", "考核得分"),
}

# Header cells that only group the columns under them ("项目资金（万元）", "绩效指标").
GROUP_LABELS = ("项目资金", "资金情况", "年度预算数", "预算执行情况", "绩效指标", "年度资金", "指标")

# 一级 / 二级 indicator names (the national form and provincial variants), with an optional "(50分)".
_SCORE_SUFFIX = r"(?:[(（]\s*\d+(?:\.\d+)?\s*分\s*[)）])?"
LEVEL1 = re.compile(
    rf"^(?:产出|效益|满意度|项目决策|项目管理|项目产出|项目效益|项目过程|决策|过程)(?:指标)?{_SCORE_SUFFIX}$"
)
LEVEL2 = re.compile(
    rf"^(?:数量|质量|时效|成本|经济效益|社会效益|生态效益|可持续影响|服务对象满意度|满意度|经济成本|社会成本|"
    rf"生态环境成本)(?:指标)?等?{_SCORE_SUFFIX}$"  # 云南's form: '服务对象满意度指标等'
)
TOTAL = re.compile(r"^(?:合计|总分|总计|自评总分)$")
GRADES = ("优", "良", "中", "差", "优秀", "良好", "合格", "不合格", "较差")
# A remark row some forms put inside the indicator grid, before its 总分 row.
ASIDE_LABELS = ("其他需要说明事项", "其他需要说明的事项", "其他需说明事项")
# Labels of the 项目 head rows: label cell followed by its value cell.
HEAD_LABELS = ("项目名称", "主管部门", "实施单位", "项目负责人", "单位名称", "部门名称", "预算单位")
GOAL_MARKERS = ("年度总体目标", "项目年度目标", "总体目标")
GOAL_HEADS = ("预期目标", "实际完成情况", "全年实际完成情况", "年初设定目标", "年度总体目标完成情况综述",
              "年度总体目标完成情况", "年度目标完成情况", "年度目标", "完成情况")
# Cells after which the form's body ends (its closing text blocks).
TAIL_LABELS = ("评价结论", "存在问题", "改进措施", "财务负责人", "填报人", "联系电话", "注:", "注：", "说明:", "说明：")

_ANNOTATION = re.compile(r"[(（][^()（）]{0,12}[)）]")
_NUMBER = re.compile(r"^-?\d{1,3}(?:,\d{3})+(?:\.\d+)?%?$|^-?\d+(?:\.\d+)?%?$")


def header_key(cell: str) -> str:
    """The text a header cell is matched by: no whitespace, no unit annotations, no leading '其中'."""
    t = _ANNOTATION.sub("", squash(cell))
    return re.sub(r"^其中[:：]?", "", t).rstrip(":：")


def column_role(cell: str, spec: dict[str, tuple[str, ...]]) -> str | None:
    """The role whose longest synonym the header cell contains (an exact match wins)."""
    if not cell or len(cell) > 60:
        return None
    name = _SPEC_NAMES.get(id(spec))
    return _cached_role(cell, name) if name is not None else _role(cell, spec)


@lru_cache(maxsize=8192)
def _cached_role(cell: str, name: str) -> str | None:
    return _role(cell, _SPECS[name])


def _role(cell: str, spec: dict[str, tuple[str, ...]]) -> str | None:
    t = header_key(cell)
    if not t or len(t) > 24 or t in GROUP_LABELS:
        return None
    best: tuple[int, str] | None = None
    for role, words in spec.items():
        for w in words:
            if t == w:
                return role
            if w in t and (best is None or len(w) > best[0]):
                best = (len(w), role)
    return best[1] if best else None


_SPECS: dict[str, dict[str, tuple[str, ...]]] = {}
_SPEC_NAMES: dict[int, str] = {}


def header_map(cells: list[str], spec: dict[str, tuple[str, ...]]) -> dict[str, int]:
    """Role -> column index for one header row (the first column holding a role keeps it)."""
    found: dict[str, int] = {}
    for idx, cell in enumerate(cells):
        role = column_role(cell, spec)
        if role is not None and role not in found:
            found[role] = idx
    return found


def is_indicator_header(roles: dict[str, int]) -> bool:
    return "level3" in roles and ("level1" in roles or "level2" in roles or "target" in roles)


def is_fund_header(roles: dict[str, int]) -> bool:
    keys = set(roles) & {"initial_budget", "budget", "executed", "rate"}
    return len(keys) >= 2 and ("executed" in keys or "rate" in keys)


def _numeric(cell: str) -> bool:
    return bool(_NUMBER.match(squash(cell).replace("％", "%")))


def _combine(top: list[str], sub: list[str], spec: dict[str, tuple[str, ...]]) -> list[str]:
    """One header from two rows. A merged upper cell (one cell in Word's text) spreads over the sub-cells
    beneath it; a word split over both rows ('年度' / '指标值') is joined."""
    if len(sub) > len(top):
        cols: list[str] = []
        j = 0
        for ti, t in enumerate(top):
            left = len(top) - ti - 1  # top cells still to place after this one
            if j < len(sub) and sub[j].strip() and column_role(sub[j], spec):
                cols.append(sub[j])
                j += 1
                while j < len(sub) and sub[j].strip() and column_role(sub[j], spec) and len(sub) - j > left:
                    cols.append(sub[j])
                    j += 1
            else:
                cols.append(t if t.strip() else sub[j] if j < len(sub) else t)
                j += 1
        cols.extend(sub[j:])
        return cols
    cols = []
    for i, t in enumerate(top):
        s = sub[i] if i < len(sub) else ""
        if not s.strip():
            cols.append(t)
        elif column_role(s, spec) and (not column_role(t, spec) or header_key(t) in GROUP_LABELS):
            cols.append(s)
        elif not t.strip():
            cols.append(s)
        elif column_role(t + s, spec) and not column_role(t, spec):
            cols.append(t + s)
        else:
            cols.append(t)
    return cols


@dataclass
class Header:
    """Header row(s) of a table: ``first``..``last`` (inclusive) and the column of each role."""

    first: int
    last: int
    columns: dict[str, int]
    cells: list[str] = field(default_factory=list)


def read_header(rows: list[list[str]], r: int, spec: dict[str, tuple[str, ...]]) -> Header:
    """The header starting at row ``r``, taking a second header row under it when there is one."""
    top = rows[r]
    cols = top
    last = r
    if r + 1 < len(rows):
        sub = rows[r + 1]
        filled = [c for c in sub if c.strip()]
        if filled and not any(_numeric(c) for c in filled) and all(column_role(c, spec) for c in filled):
            cols = _combine(top, sub, spec)
            last = r + 1
    return Header(first=r, last=last, columns=header_map(cols, spec), cells=cols)


# ------------------------------------------------------------------ flattened forms


def _kind(tok: str) -> str:
    """Token class for the flattened-form reader: E empty, N number, L1/L2 level names, X total, T text."""
    t = squash(tok)
    if not t:
        return "E"
    if _numeric(t):
        return "N"
    if TOTAL.match(t):
        return "X"
    if LEVEL1.match(t):
        return "L1"
    if LEVEL2.match(t):
        return "L2"
    return "T"


def merge_fragments(cells: list[str]) -> list[str]:
    """Join header words split over two cells ('年初' + '预算数', '年度' + '指标值', '经济效益' + '指标')."""
    out: list[str] = []
    specs = (INDICATOR_COLUMNS, FUND_COLUMNS)
    for cell in cells:
        t = squash(cell)
        if out:
            prev = squash(out[-1])
            if t == "指标" and (LEVEL1.match(prev) or LEVEL2.match(prev)) and not prev.endswith("指标"):
                out[-1] = prev + "指标"
                continue
            if (prev and len(prev) <= 3 and t and len(t) <= 6 and not _numeric(prev)
                    and not any(column_role(prev, s) for s in specs)
                    and any(column_role(prev + t, s) for s in specs)):
                out[-1] = prev + t
                continue
        out.append(cell)
    return out


def _starts(t: str, words: tuple[str, ...]) -> bool:
    return any(t.startswith(w) for w in words)


@dataclass
class StreamResult:
    rows: list[list[str]]
    unread: list[str]


def rows_from_stream(cells: list[str], keeps_blanks: bool, run_together: bool = False) -> StreamResult:
    """Rebuild the rows of a flattened 自评表 from its cells in reading order.

    ``keeps_blanks``: empty cells are present in the stream (one cell per line, blank-line separated cells);
    otherwise (a form on one space-separated line) they were lost and rows are found by the shape of values.
    ``run_together``: the cells came from :func:`split_run_together`; a token may still hold several values.
    """
    toks = merge_fragments([c.strip() for c in cells])
    rows: list[list[str]] = []
    unread: list[str] = []
    n = len(toks)
    i = 0
    fund_cols: list[str] | None = None
    ind_cols: list[str] | None = None
    mode = "head"
    while i < n:
        t = squash(toks[i])
        if not t:
            i += 1
            continue
        # ---- a header run (funds or indicators) starting here?
        run, j = _header_run(toks, i)
        if run is not None:
            run = unflatten_header(run)
            roles_f = header_map(run, FUND_COLUMNS)
            roles_i = header_map(run, INDICATOR_COLUMNS)
            if is_indicator_header(roles_i):
                ind_cols = run
                rows.append(run)
                mode = "ind"
                i = j
                continue
            if is_fund_header(roles_f):
                fund_cols = run
                rows.append([""] + run)
                mode = "fund"
                i = j
                continue
        if _starts(t, GOAL_MARKERS) and len(t) <= 12:
            i = _goal(toks, i + 1, rows)
            mode = "goal"
            continue
        if mode == "head" and _starts(t, HEAD_LABELS) and len(t) <= 14 and i + 1 < n:
            rows.append([toks[i], toks[i + 1]])
            i += 2
            continue
        if _starts(t, TAIL_LABELS):
            mode = "tail"
        if mode == "fund" and fund_cols is not None and _kind(t) == "T" and header_key(t) not in GROUP_LABELS:
            if run_together:
                i = _fund_row_run(toks, i, fund_cols, rows, unread)
            else:
                i = _fund_row(toks, i, len(fund_cols), keeps_blanks, rows)
            continue
        if mode == "ind" and ind_cols is not None:
            i = _indicator_rows(toks, i, ind_cols, keeps_blanks, rows, unread, run_together)
            mode = "after"
            continue
        if mode in ("tail", "after") and len(t) <= 14 and i + 1 < n and _kind(squash(toks[i + 1])) == "T" \
                and _starts(t, TAIL_LABELS + HEAD_LABELS):
            rows.append([toks[i], toks[i + 1]])
            i += 2
            continue
        rows.append([toks[i]])
        i += 1
    return StreamResult(rows=rows, unread=unread)


def unflatten_header(run: list[str]) -> list[str]:
    """A two-row indicator header flattened into one run, upper row first: '年度指标值 实际完成值 分值 得分 偏差…'
    then '一级指标 二级指标 三级指标 指标性质 指标值 度量单位' (云南's form: 绩效指标 spans the three levels and
    年度指标值 spans 指标性质/指标值/度量单位). The columns in the data's order: the levels, the target's
    sub-columns where the upper row has 年度指标值, then the rest of the upper row."""
    roles = [column_role(c, INDICATOR_COLUMNS) for c in run]
    if "level1" not in roles or "level3" not in roles:
        return run
    first_level = roles.index("level1")
    upper, lower = run[:first_level], run[first_level:]
    upper_roles, lower_roles = roles[:first_level], roles[first_level:]
    if not upper or not {"actual", "weight", "score"} & set(upper_roles):
        return run  # the levels lead the run: already in the data's order
    if any(r in upper_roles for r in ("level1", "level2", "level3")):
        return run
    levels = [c for c, r in zip(lower, lower_roles, strict=True) if r in ("level1", "level2", "level3")]
    target_parts = [c for c, r in zip(lower, lower_roles, strict=True) if r in ("target_op", "target", "target_unit")]
    cols: list[str] = list(levels)
    for c, r in zip(upper, upper_roles, strict=True):
        if r == "target" and target_parts:
            cols.extend(target_parts)
        else:
            cols.append(c)
    if "target" not in upper_roles:
        cols[len(levels):len(levels)] = target_parts
    rest = [c for c, r in zip(lower, lower_roles, strict=True) if r not in ("level1", "level2", "level3", "target_op", "target",
                                                              "target_unit")]
    return cols + rest


def _header_run(toks: list[str], i: int) -> tuple[list[str] | None, int]:
    """A run of ≥3 header cells starting at ``i`` (group labels like '绩效指标' may lead it)."""
    j = i
    run: list[str] = []
    while j < len(toks):
        t = squash(toks[j])
        if not t:
            if run:
                break
            j += 1
            continue
        if column_role(t, INDICATOR_COLUMNS) or column_role(t, FUND_COLUMNS):
            run.append(toks[j])
            j += 1
            continue
        if not header_key(t):  # '(万元)', '(20分*执行率)': an annotation of the cell before
            if run:
                run[-1] = run[-1] + t
            j += 1
            continue
        if not run and header_key(t) in GROUP_LABELS or (not run and any(header_key(t).startswith(g)
                                                                          for g in GROUP_LABELS[:4])):
            j += 1
            continue
        break
    if len(run) >= 3:
        return run, j
    return None, i


def _goal(toks: list[str], i: int, rows: list[list[str]]) -> int:
    n = len(toks)
    while i < n and (not squash(toks[i]) or (squash(toks[i]) in GOAL_HEADS)):
        i += 1
    texts: list[str] = []
    while i < n:
        t = squash(toks[i])
        run, _ = _header_run(toks, i)
        if run is not None or header_key(t) in GROUP_LABELS or _starts(t, TAIL_LABELS) or t == "绩效指标":
            break
        if t:
            texts.append(toks[i])
        i += 1
        if len(texts) == 2:
            break
    rows.append(["年度总体目标", texts[0] if texts else "", texts[1] if len(texts) > 1 else ""])
    return i


def _fund_row(toks: list[str], i: int, width: int, keeps_blanks: bool, rows: list[list[str]]) -> int:
    """label + up to ``width`` values; a new short text label ends the row early."""
    row = [toks[i]]
    j = i + 1
    while j < len(toks) and len(row) <= width:
        t = squash(toks[j])
        k = _kind(t)
        if k == "T" and t not in ("/", "-", "—") and (len(t) <= 30 or not keeps_blanks):
            break
        if not keeps_blanks and k == "E":
            j += 1
            continue
        row.append(toks[j])
        j += 1
    rows.append(row)
    return j


def _indicator_rows(toks: list[str], i: int, header: list[str], keeps_blanks: bool,
                    rows: list[list[str]], unread: list[str], run_together: bool = False) -> int:
    """Indicator rows until the form's closing text; each emitted full width, aligned to ``header``."""
    roles = [column_role(c, INDICATOR_COLUMNS) for c in header]
    try:
        l3 = roles.index("level3")
    except ValueError:
        return i
    tail = roles[l3 + 1 :]
    width = len(header)
    n = len(toks)
    # cut the indicator part into segments at level names, totals and the closing text
    segment: list[str] = []
    l1 = l2 = ""
    j = i

    def flush() -> None:
        if segment:
            if run_together:
                _segment_rows_run(segment, l1, l2, l3, tail, width, rows, unread)
            else:
                _segment_rows(segment, l1, l2, l3, tail, width, keeps_blanks, rows, unread)
            segment.clear()

    while j < n:
        t = squash(toks[j])
        k = _kind(t)
        if _starts(t, TAIL_LABELS):
            break
        if _starts(t, ASIDE_LABELS) and len(t) <= 12:
            flush()  # '其他需要说明事项 | 无' sits between the last indicator and the 总分 row
            j += 1
            if j < n and _kind(squash(toks[j])) == "T" and not TOTAL.match(squash(toks[j])):
                j += 1
            continue
        if k == "X":
            flush()
            total = [toks[j]]
            j += 1
            if run_together and j < n and _kind(squash(toks[j])) == "N" and "." not in toks[j]:
                parts = split_numbers(squash(toks[j]), 2)
                if parts:
                    rows.append(total + parts)
                    j += 1
                    continue
            while j < n and _kind(squash(toks[j])) in ("N", "E") and len(total) < width:
                total.append(toks[j])
                j += 1
            if j < n and squash(toks[j]) in GRADES:
                total.append(toks[j])  # the 评价等级 after the total score ('总分 100 96 优')
                j += 1
            rows.append(total)
            continue
        if k in ("L1", "L2"):
            if k == "L1" and LEVEL2.match(t) and not re.search(r"分[)）]$", t):
                # '满意度指标' names both levels: level 1 only when a level-2 name follows
                nxt = next((squash(x) for x in toks[j + 1 : j + 3] if squash(x)), "")
                k = "L1" if LEVEL2.match(nxt) or LEVEL1.match(nxt) else "L2"
            flush()
            if k == "L1":
                l1, l2 = toks[j], ""
            else:
                l2 = toks[j]
            j += 1
            continue
        segment.append(toks[j])
        j += 1
    before = len(rows)
    flush()
    if not keeps_blanks and j >= n and len(rows) > before:
        last = rows[-1]
        name = squash(last[l3])
        if not any(squash(c) for c in last[l3 + 1 :]) and not re.match(r"^(?:…+|\.{3,}|指标\d*[:：]?)$", name):
            rows.pop()  # the page stops inside this row: said, not read as an indicator with blank values
            unread.append(f"{name}（表格在此截断）")
    return j


def _segment_rows(seg: list[str], l1: str, l2: str, l3_idx: int, tail: list[str | None], width: int,
                  keeps_blanks: bool, rows: list[list[str]], unread: list[str]) -> None:
    """Rows of one 二级指标 block: ``三级指标`` then one cell per tail column."""
    seg = list(seg)
    first = True

    def emit(name: str, values: list[str]) -> None:
        nonlocal first
        row = [""] * width
        if first:
            if l3_idx >= 2:
                row[l3_idx - 2] = l1
            if l3_idx >= 1:
                row[l3_idx - 1] = l2
            first = False
        elif l3_idx >= 1:
            row[l3_idx - 1] = ""
        row[l3_idx] = name
        for k, v in enumerate(values[: len(tail)]):
            row[l3_idx + 1 + k] = v
        rows.append(row)

    if keeps_blanks:
        k = 0
        while k < len(seg):
            if not squash(seg[k]):
                k += 1
                continue
            name = seg[k]
            values = seg[k + 1 : k + 1 + len(tail)]
            emit(name, values)
            k += 1 + len(tail)
        return
    # a '……' placeholder row is a row of its own even when its blank cells were lost
    dots = next((k for k, c in enumerate(seg) if re.fullmatch(r"…+|\.{3,}", squash(c))), None)
    if dots is not None:
        if seg[:dots]:
            _segment_rows(seg[:dots], l1, l2, l3_idx, tail, width, keeps_blanks, rows, unread)
            l1 = l2 = ""
        row = [""] * width
        if not rows or l1 or l2:
            if l3_idx >= 2:
                row[l3_idx - 2] = l1
            if l3_idx >= 1:
                row[l3_idx - 1] = l2
        row[l3_idx] = seg[dots]
        rows.append(row)
        if seg[dots + 1 :]:
            _segment_rows(seg[dots + 1 :], "", "", l3_idx, tail, width, keeps_blanks, rows, unread)
        return
    # blank cells were lost: match the value shapes of the tail columns (only for the columns whose values
    # have a known shape; a scoring form with 指标解释/评分标准 text columns is not guessed at)
    if any(r not in _SHAPED for r in tail) or l3_idx > 2:
        if any(squash(c) for c in seg):
            unread.append("、".join(s for s in seg[:6] if s.strip())[:80])
        return
    types = "".join(_shape(squash(c)) for c in seg)
    full_row, sub_row = _row_pattern(tail), _sub_row_pattern(tail)
    any_row = f"(?:{_plain(full_row)}|{_plain(sub_row)})"
    if not re.fullmatch(f"{any_row}+", types):
        if seg:
            unread.append("、".join(s for s in seg[:6] if s.strip())[:80])
        return
    steps = [re.compile(rf"{full_row}(?={any_row}*$)"), re.compile(rf"{sub_row}(?={any_row}*$)")]
    pos = 0
    while pos < len(types):
        m = steps[0].match(types, pos) or steps[1].match(types, pos)
        if m is None:  # pragma: no cover - the fullmatch above guarantees a parse
            break
        cells = seg[m.start() : m.end()]
        groups = m.groups()
        # groups: name, then one per tail column (possibly empty)
        values: list[str] = []
        at = 1
        for g in groups[1:]:
            values.append(" ".join(cells[at : at + len(g)]) if g else "")
            at += len(g or "")
        emit(cells[0], values)
        pos = m.end()


def _plain(pattern: str) -> str:
    """The same regex without capturing groups (for look-aheads)."""
    return re.sub(r"\((?!\?)", "(?:", pattern)


_SHAPED = ("target", "actual", "weight", "score", "note", "target_op", "target_unit")


def _shape(t: str) -> str:
    """n: a plain number (分值/得分 or a bare value); v: any other value or text."""
    return "n" if _NUMBER.match(t) and "%" not in t else "v"


def _sub_row_pattern(tail: list[str | None]) -> str:
    """A row with a target and an actual but no 分值/得分 (a '其中…' sub-row under an indicator)."""
    parts = ["([nv])"]
    for role in tail:
        parts.append("([nv])" if role in ("target", "actual") else "()")
    return "".join(parts)


def _row_pattern(tail: list[str | None]) -> str:
    """Regex over shape letters for one row: name, then each tail column (blank cells may be missing)."""
    parts = ["([nv])"]
    for role in tail:
        if role in ("weight", "score"):
            parts.append("(n)")
        elif role == "note":
            parts.append("(v??)")
        elif role in ("target_op", "target_unit"):
            parts.append("(v??)")
        else:
            parts.append("([nv]?)")
    return "".join(parts)


UNREAD_LABEL = "（未能拆分）"  # first cell of a row holding cells the reader could not split into columns


def form_start(cells: list[str]) -> int:
    """Index of the first cell of the form body: a 项目名称-like label, a goal marker or a header run."""
    for i, cell in enumerate(cells):
        t = squash(cell)
        if not t:
            continue
        if (_starts(t, HEAD_LABELS) and len(t) <= 14) or (_starts(t, GOAL_MARKERS) and len(t) <= 12):
            return i
        run, _ = _header_run(cells, i)
        if run is not None:
            return i
    return 0


# ------------------------------------------------------------------ a form run together on one line

FUND_LABELS = ("年度资金总额", "其中:本年财政拨款", "其中：本年财政拨款", "本年财政拨款", "当年财政拨款", "上年结转资金",
               "其他资金", "财政资金", "单位资金", "财政专户管理资金")
_LEVEL_WORDS = ("服务对象满意度指标", "可持续影响指标", "经济效益指标", "社会效益指标", "生态效益指标", "数量指标",
                "质量指标", "时效指标", "成本指标", "产出指标", "效益指标", "满意度指标", "项目决策", "项目管理",
                "项目产出", "项目效益")


def _known_words() -> re.Pattern[str]:
    words = set(HEAD_LABELS) | set(GOAL_MARKERS) | set(GOAL_HEADS) | set(FUND_LABELS) | {"合计", "总分", "……"}
    for spec in (INDICATOR_COLUMNS, FUND_COLUMNS):
        for syns in spec.values():
            words.update(w for w in syns if len(w) >= 2)
    words.update(("项目负责人及电话", "实施单位", "绩效指标", "资金情况", "项目资金", "注:", "注：", "说明:", "说明："))
    alts = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
    levels = "|".join(re.escape(w) for w in _LEVEL_WORDS)
    sub_row = r"其中[:：][^\d≥≤]{2,24}?(?=\d)"  # '其中:中央、省、市补助县级资金' before its values
    return re.compile(rf"{sub_row}|(?:{levels}){_SCORE_SUFFIX}|(?:{alts})(?:[(（][A-Za-z/万元]{{1,4}}[)）])?[:：]?")


_KNOWN = _known_words()


def split_run_together(text: str) -> list[str]:
    """Cells of a form whose cells were run together without separators: known words are cells of their own,
    the text between them is kept as one token (split later by the shape of values)."""
    text = re.sub(r"\s+", "", text)  # no separators survive; spaces are broken-up words ('年度 总体 目标')
    toks: list[str] = []
    pos = 0

    def add(chunk: str) -> None:
        # 'label194.9194.9100%': the label and its run of values are two cells
        m = re.match(r"^(.*[^\d.,%])([\d.,]+%?)$", chunk)
        if m and not re.search(r"[\d≥≤<>=]", m.group(1)):
            toks.extend([m.group(1), m.group(2)])
        else:
            toks.append(chunk)

    for m in _KNOWN.finditer(text):
        if m.start() > pos:
            add(text[pos : m.start()])
        toks.append(m.group(0))
        pos = m.end()
    if pos < len(text):
        add(text[pos:])
    return [t for t in toks if t]


_VAL = r"(?:[≥≤<>=＞＜]\s*)?\d+(?:\.\d+)?(?:%|[\u4e00-\u9fff]{1,2})?|[^\d≥≤<>=＞＜]{2,20}?"
_PTS = r"\d{1,2}(?:\.\d{1,2})?"


def _run_row_pattern(tail: list[str | None]) -> str:
    parts = [r"((?:指标\d{1,2}[:：]?)?[^\d≥≤<>=＞＜]+)"]  # '指标1免费发放原原种': the form's own numbering
    for role in tail:
        if role in ("weight", "score"):
            parts.append(f"({_PTS})")
        elif role in ("target", "actual"):
            parts.append(f"({_VAL})")
        else:
            parts.append("()")
    return "".join(parts)


def split_run_row(text: str, tail: list[str | None]) -> list[list[str]] | None:
    """Rows (name + one value per tail column) of a run-together 二级指标 block, or None when no reading
    covers the whole text. Two text values written back to back ('显著提升显著提升') split only when the
    halves are equal."""
    if not any(r in ("weight", "score", "target", "actual") for r in tail):
        return None
    one = _run_row_pattern(tail)
    if not _covers(text, re.compile(one)):
        return None  # checked first: the look-ahead below backtracks exponentially on a text no reading covers
    step = re.compile(rf"{one}(?=(?:{one})*$)")
    out: list[list[str]] = []
    pos = 0
    while pos < len(text):
        m = step.match(text, pos)
        if m is None or m.end() == pos:
            return None
        vals = list(m.groups())[: 1 + len(tail)]
        ti = [k + 1 for k, r in enumerate(tail) if r in ("target", "actual")]
        if len(ti) == 2:
            a, b = vals[ti[0]], vals[ti[1]]
            if not re.search(r"\d", a + b):
                joined = a + b
                half = len(joined) // 2
                if len(joined) % 2 or joined[:half] != joined[half:]:
                    return None
                vals[ti[0]], vals[ti[1]] = joined[:half], joined[half:]
        if not _plausible(vals, tail):
            return None
        out.append(vals)
        pos = m.end()
    return out


def _covers(text: str, one: re.Pattern[str]) -> bool:
    """Whether ``text`` is a sequence of rows matching ``one``, worked out from the end (each cut point is a
    position where a row's name may start), in polynomial time."""
    n = len(text)
    cuts = [i for i in range(1, n) if not re.match(r"[\d≥≤<>=＞＜]", text[i])]
    ok = {n}
    for p in reversed([0, *cuts]):
        if any(e > p and one.fullmatch(text, p, e) for e in sorted(ok)):
            ok.add(p)
    return 0 in ok


def _plausible(vals: list[str], tail: list[str | None]) -> bool:
    """A reading of a run-together row that a careful reader would accept: a real name, the value columns
    filled, and 得分 within 分值 (a split that puts a score above its weight is a wrong split, not a finding)."""
    name = re.sub(r"^指标\d{1,2}[:：]?", "", vals[0])
    if len(re.findall(r"[\u4e00-\u9fff]", name)) < 2 or name in ("指标", "其中"):
        return False
    got = dict(zip(tail, vals[1:], strict=False))
    if any(r in got and not got[r] for r in ("target", "actual", "weight", "score")):
        return False
    w, sc = got.get("weight"), got.get("score")
    if w and (Decimal(w) == 0 or Decimal(w) > 50):
        return False
    return not (w and sc and Decimal(sc) > Decimal(w))


def split_numbers(text: str, count: int) -> list[str] | None:
    """'100100' -> ['100', '100']: the only split into ``count`` numbers without leading zeros, each ≤ 100."""
    found: list[list[str]] = []

    def rec(rest: str, parts: list[str]) -> None:
        if len(found) > 1:
            return
        if len(parts) == count:
            if not rest:
                found.append(parts)
            return
        for k in range(1, len(rest) + 1):
            p = rest[:k]
            if (len(p) > 1 and p[0] == "0" and not p.startswith("0.")) or not _NUMBER.match(p):
                continue
            if Decimal(p) > 100:
                break
            rec(rest[k:], parts + [p])

    rec(text, [])
    return found[0] if len(found) == 1 else None


def _segment_rows_run(seg: list[str], l1: str, l2: str, l3_idx: int, tail: list[str | None], width: int,
                      rows: list[list[str]], unread: list[str]) -> None:
    text = "".join(squash(c) for c in seg if squash(c) not in ("……", "...", "…"))
    if not text:
        return
    parsed = split_run_row(text, tail)
    if parsed is None:
        unread.append(text[:80])
        return
    for k, vals in enumerate(parsed):
        row = [""] * width
        if k == 0:
            if l3_idx >= 2:
                row[l3_idx - 2] = l1
            if l3_idx >= 1:
                row[l3_idx - 1] = l2
        row[l3_idx] = vals[0]
        for c, v in enumerate(vals[1 : 1 + len(tail)]):
            row[l3_idx + 1 + c] = v
        rows.append(row)


def _fund_row_run(toks: list[str], i: int, header: list[str], rows: list[list[str]], unread: list[str]) -> int:
    """A funds row whose values are run together ('年度资金总额:202010100.00%10')."""
    label = toks[i]
    j = i + 1
    if j < len(toks) and re.match(r"^[\d.%]+$", squash(toks[j])):
        roles = [column_role(c, FUND_COLUMNS) for c in header]
        vals = split_fund_values(squash(toks[j]), roles)
        if vals is not None:
            rows.append([label] + vals)
        else:
            rows.append([label])
            if "总额" in squash(label) or "合计" in squash(label):
                unread.append(f"{squash(label)}{squash(toks[j])}")
        return j + 1
    rows.append([label])
    return j


def split_fund_values(text: str, roles: list[str | None]) -> list[str] | None:
    """Split run-together fund values by the header's roles; with a 执行率 column the one reading where
    执行率 = 执行数 ÷ 预算数 (at the written precision) is taken. None unless exactly one reading fits."""
    found: list[list[str]] = []
    num = re.compile(r"\d+(?:\.\d+)?")

    def ok(parts: list[str]) -> bool:
        vals = dict(zip(roles, parts, strict=True))
        rate, ex = vals.get("rate"), vals.get("executed")
        bud = vals.get("budget") or vals.get("initial_budget")
        if rate is None or ex is None or bud is None:
            return False
        try:
            r, e, b = Decimal(rate.rstrip("%")), Decimal(ex), Decimal(bud)
        except InvalidOperation:
            return False
        if b == 0:
            return False
        w = vals.get("weight")
        if w is not None and (Decimal(w) > 100 or "." in w):
            return False
        places = len(rate.rstrip("%").split(".")[1]) if "." in rate else 0
        return (e / b * 100).quantize(Decimal(1).scaleb(-places)) == r

    def rec(rest: str, parts: list[str]) -> None:
        if len(found) > 8:
            return
        k = len(parts)
        if k == len(roles):
            if not rest and ok(parts):
                found.append(parts)
            return
        if roles[k] == "rate":
            m = re.match(r"\d+(?:\.\d+)?%", rest)
            if m:
                for end in range(1, m.end()):
                    p = rest[:end] + "%"
                    if rest[end] == "%" and num.fullmatch(rest[:end]) and not (len(rest[:end]) > 1 and rest[0] == "0"
                                                                              and rest[1] != "."):
                        rec(rest[end + 1 :], parts + [p])
            return
        for end in range(1, len(rest) + 1):
            p = rest[:end]
            if not num.fullmatch(p) or (len(p) > 1 and p[0] == "0" and p[1] != "."):
                continue
            rec(rest[end:], parts + [p])

    rec(text, [])
    if len(found) > 1:  # a reading with nothing executed is the unlikely one
        ex = roles.index("executed")
        rt = roles.index("rate")
        found = [f for f in found if Decimal(f[ex]) != 0 and Decimal(f[rt].rstrip("%")) != 0]
    return found[0] if len(found) == 1 else None


# ------------------------------------------------------------------ real-world cells

_CHECKED = "√✓✔☑■▣"
_BOXES = "□☐▢口" + _CHECKED
_SPACED_NUMBER = re.compile(r"^[\d\s.,，%％]+$")


def checked_option(text: str) -> str:
    """The option ticked in a checkbox cell: '√已完成 □未完成' / '是☑ 否□' -> '已完成' / '是'.

    '口' (an OCR or typing stand-in for □) counts as a box only next to a ticked mark in the same cell.
    Text without a ticked mark is returned unchanged."""
    if not text or not any(c in text for c in _CHECKED):
        return text
    t = text.strip()
    marks = re.compile(r"[□☐▢" + _CHECKED + r"]|(?:(?<=^)|(?<=[\s，,、;；]))口|口(?=[\s，,、;；]|$)")
    before = bool(marks.match(t))
    parts = [p for p in marks.split(t)]
    found = [m.group(0) for m in marks.finditer(t)]
    if before:  # mark, option, mark, option …
        options = parts[1:]
    else:  # option, mark, option, mark …
        options = parts[:-1]
    ticked = [opt.strip(" ，,、;；") for opt, mark in zip(options, found, strict=False) if mark in _CHECKED]
    ticked = [re.sub(r"^\d+[、.．]", "", o).strip() for o in ticked if o.strip(" ，,、;；")]
    return "、".join(ticked) if ticked else text


_SPACE_IN_NUMBER = re.compile(r"\d\s+[\d.%％]|[.,]\s+\d")
_WHITESPACE = re.compile(r"\s+")


def compact_number(text: str) -> str:
    """'1 234.56' / '98. 5%' -> '1234.56' / '98.5%' (spaces inside a number from PDF or OCR copies)."""
    if text and _SPACED_NUMBER.match(text) and _SPACE_IN_NUMBER.search(text):
        return _WHITESPACE.sub("", text)
    return text


for _name, _spec in (("indicator", INDICATOR_COLUMNS), ("fund", FUND_COLUMNS), ("rubric", RUBRIC_COLUMNS)):
    _SPECS[_name] = _spec
    _SPEC_NAMES[id(_spec)] = _name
