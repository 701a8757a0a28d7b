"""Review output formats: JSON, Markdown, terminal tables, and the critique file writer.

Used by ``assistant review`` (stdout and ``--out``), ``assistant export`` and the app. Messages are
built by the rules and labelled by :mod:`assistant.export.present`; this module only lays them out.
Decimal values are written as JSON strings (exact).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable, Sequence, Union

from assistant.errors import InputUnusable
from assistant.export.masking import mask_result, mask_texts
from assistant.export.present import (
    CATEGORY_LABELS,
    SCORE_HEADER,
    SEVERITY_LABELS,
    SEVERITY_ORDER,
    Decision,
    category_counts,
    counts_line,
    decision_dict,
    finding_headline,
    grouped_by_section,
    place_lines,
    places_text,
    score_summary,
    score_table,
    section_name,
    severity_counts,
    untitled,
)
from assistant.export.textwidth import display_width
from assistant.privacy import find_pii
from assistant.report.model import Report
from assistant.review import ReviewResult

Results = Union[ReviewResult, Sequence[ReviewResult]]


def _as_list(results: Results) -> list[ReviewResult]:
    return [results] if isinstance(results, ReviewResult) else list(results)


def _masked(results: list[ReviewResult], mask_pii: bool) -> list[ReviewResult]:
    if not mask_pii:
        return results
    return [mask_result(r) for r in results]


# ---------------------------------------------------------------- JSON


def result_dict(result: ReviewResult, decisions: dict[int, Decision] | None = None) -> dict:
    """One file's review in the DESIGN contract: {file, kind, findings, score}.

    ``decisions`` (the app's 采纳/驳回, by finding index) add an optional ``decision`` key to those findings.
    """
    out = result.model_dump(mode="json")
    for i, d in (decisions or {}).items():
        if 0 <= i < len(out["findings"]):
            out["findings"][i]["decision"] = decision_dict(d)
    return out


def render_json(results: Results, *, mask_pii: bool = False, indent: int | None = 2,
                decisions: Sequence[dict[int, Decision] | None] | dict[int, Decision] | None = None) -> str:
    """One JSON object for one ReviewResult, a JSON list for a sequence of them.

    ``decisions``: for one result a {finding index: Decision}; for several, one such dict (or None) per result.
    """
    single = isinstance(results, ReviewResult)
    rs = _as_list(results)
    per = [decisions] if single else list(decisions or [None] * len(rs))
    items = [result_dict(r, d) for r, d in zip(rs, per, strict=True)]
    text = json.dumps(items[0] if single else items, ensure_ascii=False, indent=indent)
    # a personal number inside any string is also one in the JSON text (its digits are not escaped), so a text
    # without one needs no masking; otherwise every string is masked, as mask_result does, on the plain data
    if mask_pii and find_pii(text):
        items = [mask_texts(i) for i in items]
        text = json.dumps(items[0] if single else items, ensure_ascii=False, indent=indent)
    return text


# ---------------------------------------------------------------- Markdown


def _md_cell(text: str) -> str:
    return " ".join(str(text).split()).replace("|", "\\|")


def _md_table(header: list[str], rows: list[list[str]]) -> list[str]:
    out = ["| " + " | ".join(header) + " |", "|" + " --- |" * len(header)]
    out += ["| " + " | ".join(_md_cell(c) for c in row) + " |" for row in rows]
    return out


def _md_result(result: ReviewResult) -> list[str]:
    lines = [f"# 审阅意见：{untitled(result.file)}", ""]
    lines.append(f"共 {len(result.findings)} 条问题：{counts_line(result)}。")
    lines.append("")
    cats = category_counts(result)
    if cats:
        lines += _md_table(
            ["类别", *(SEVERITY_LABELS[s] for s in SEVERITY_ORDER)],
            [[CATEGORY_LABELS[c], *(str(n[s]) for s in SEVERITY_ORDER)] for c, n in cats],
        )
        lines.append("")
    for section, findings in grouped_by_section(result):
        lines += [f"## {section_name(section)}", ""]
        for f in findings:
            where = places_text(f)
            lines.append(f"- **{finding_headline(f)}**（{where}）{_md_cell(f.message)}")
            if len(f.locations) > 1:
                lines.append(f"  - 各处：{_md_cell('；'.join(place_lines(f)))}")
            if f.evidence:
                lines.append(f"  - 原文：{_md_cell(f.evidence)}")
            if f.suggestion:
                lines.append(f"  - 建议：{_md_cell(f.suggestion)}")
            if f.reference:
                lines.append(f"  - 依据：{_md_cell(f.reference)}")
        lines.append("")
    lines += ["## 考核评分估计", ""]
    rows = score_table(result)
    if rows:
        lines += _md_table(SCORE_HEADER, rows)
    else:
        lines.append("暂无可从报告本身判断的评分项。")
    lines.append("")
    return lines


def render_markdown(results: Results, *, mask_pii: bool = False) -> str:
    """Per file: counts by severity and category, findings grouped by section, rubric estimate table."""
    rs = _masked(_as_list(results), mask_pii)
    parts = [markdown_overview([summary_row(r) for r in rs])] if len(rs) > 1 else []
    parts += [markdown_part(r) for r in rs]
    return "\n".join(parts).rstrip("\n") + "\n"


def markdown_overview(rows: list[list[str]]) -> str:
    """The batch overview that opens a Markdown critique of several files (rows from :func:`summary_row`)."""
    return "\n".join([f"# 批量审阅汇总（{len(rows)} 个文件）", "", "```", render_summary_rows(rows).rstrip("\n"),
                      "```", ""])


def markdown_part(result: ReviewResult, *, mask_pii: bool = False) -> str:
    """One file's Markdown critique; ``render_markdown`` = the overview (batch) and the parts, joined by "\\n"."""
    return "\n".join(_md_result(_masked([result], mask_pii)[0]))


# ---------------------------------------------------------------- terminal tables


def fit(text: str, width: int) -> str:
    """Cut ``text`` to ``width`` display columns (… when cut) and pad it to exactly ``width``."""
    text = " ".join(str(text).split())
    if display_width(text) > width:
        out, used = [], 0
        for ch in text:
            w = display_width(ch)
            if used + w > width - 1:
                break
            out.append(ch)
            used += w
        text = "".join(out) + "…"
    return text + " " * (width - display_width(text))


def wrap(text: str, width: int) -> list[str]:
    """Split ``text`` into lines of at most ``width`` display columns (CJK counts double)."""
    text = " ".join(str(text).split())
    lines, cur, used = [], [], 0
    for ch in text:
        w = display_width(ch)
        if used + w > width and cur:
            lines.append("".join(cur))
            cur, used = [], 0
        cur.append(ch)
        used += w
    lines.append("".join(cur))
    return lines


def _grid(header: list[str], rows: list[list[str]], widths: list[int]) -> list[str]:
    def line(cells: Iterable[str]) -> str:
        return "  ".join(fit(c, w) for c, w in zip(cells, widths, strict=True)).rstrip()

    sep = "  ".join("-" * w for w in widths)
    return [line(header), sep, *(line(r) for r in rows)]


def render_table(results: Results, *, width: int = 120, mask_pii: bool = False) -> str:
    """Compact table, one line per finding: 级别, 规则, 位置, 消息 (message cut to fit ``width``)."""
    blocks: list[str] = []
    for r in _masked(_as_list(results), mask_pii):
        head = f"{untitled(r.file)}：{counts_line(r)}"
        if not r.findings:
            blocks.append(head + "\n未发现问题。")
            continue
        rows = [[SEVERITY_LABELS[f.severity], f.rule, places_text(f), f.message] for f in r.findings]
        widths = [4, 6, max(display_width("位置"), *(display_width(x[2]) for x in rows))]
        widths[2] = min(widths[2], 24)
        widths.append(max(20, width - sum(widths) - 2 * len(widths)))
        header, sep = _grid(["级别", "规则", "位置", "消息"], [], widths)
        lines = [head, header, sep]
        for row in rows:  # the message wraps instead of being cut: its figures are the point
            parts = wrap(row[3], widths[3])
            lines.append("  ".join(fit(c, w) for c, w in zip(row[:3], widths[:3], strict=True)) + "  " + parts[0])
            indent = " " * (sum(widths[:3]) + 6)
            lines.extend(indent + more for more in parts[1:])
        blocks.append("\n".join(line.rstrip() for line in lines))
    return "\n\n".join(blocks) + "\n"


def render_summary_table(results: Results, *, mask_pii: bool = False) -> str:
    """Batch mode: one row per file — 错误, 警告, 提示, 估计得分."""
    return render_summary_rows([summary_row(r) for r in _masked(_as_list(results), mask_pii)])


def summary_row(result: ReviewResult) -> list[str]:
    """A file's row of the batch summary: name, errors, warnings, notes, score (kept instead of the result, so a
    batch of any size holds a few strings per file)."""
    c = severity_counts(result)
    row = [untitled(result.file), str(c["error"]), str(c["warning"]), str(c["info"]), score_summary(result)]
    return row + [_official_cell(result)] if result.official is not None else row


def render_summary_rows(rows: list[list[str]]) -> str:
    header = ["文件", "错误", "警告", "提示", "估计得分"]
    official = any(len(r) > 5 for r in rows)  # official files given: one more column
    if official:
        header.append("官方数据核对")
    rows = [r + [""] * (len(header) - len(r)) for r in rows]
    if len(rows) > 1:
        total = [sum(int(r[i]) for r in rows) for i in (1, 2, 3)]
        extra = [f"{sum(_leading_int(r[5]) for r in rows)}处不一致"] if official else []
        rows.append([f"合计（{len(rows)} 个文件）", *map(str, total), "", *extra])
    widths = [min(40, max(display_width(x[0]) for x in [header, *rows]))]
    widths += [max(display_width(h), *(display_width(x[i]) for x in rows)) for i, h in enumerate(header[1:], 1)]
    return "\n".join(_grid(header, rows, widths)) + "\n"


def _official_count(r: ReviewResult) -> int:
    return sum(f.category == "official" for f in r.findings)


def _leading_int(cell: str) -> int:
    """The count at the start of an official cell ("3处不一致" → 3; "一致"/"" → 0)."""
    m = re.match(r"\d+", cell)
    return int(m.group()) if m else 0


def _official_cell(r: ReviewResult) -> str:
    st = r.official
    if st is None:
        return ""
    checked = st.targets or st.final_accounts
    cell = (f"{_official_count(r)}处不一致" if _official_count(r) else "一致") if checked else "未核对"
    return cell + (f"（跳过{len(st.skipped)}个文件）" if st.skipped else "")


# ---------------------------------------------------------------- critique files


@dataclass
class CritiqueItem:
    """One reviewed file for ``write_critique``: the result, and for .docx the Report and original bytes."""

    result: ReviewResult
    report: Report | None = None
    source: bytes | Path | None = None  # original .docx (bytes or path); None → built from the Report


CritiqueInput = Union[ReviewResult, CritiqueItem, tuple]


def _as_items(results_and_reports: CritiqueInput | Sequence[CritiqueInput]) -> list[CritiqueItem]:
    raw = results_and_reports
    if isinstance(raw, (ReviewResult, CritiqueItem)) or (
        isinstance(raw, tuple) and raw and isinstance(raw[0], ReviewResult)
    ):
        raw = [raw]
    items: list[CritiqueItem] = []
    for x in raw:
        if isinstance(x, CritiqueItem):
            items.append(x)
        elif isinstance(x, ReviewResult):
            items.append(CritiqueItem(x))
        elif isinstance(x, tuple) and 1 <= len(x) <= 3:
            items.append(CritiqueItem(*x))
        else:
            raise TypeError(f"write_critique: expected ReviewResult, (result, report[, source]) or CritiqueItem, got {type(x)!r}")
    return items


def _write_json(items: list[CritiqueItem], path: Path, mask_pii: bool) -> list[Path]:
    results = [i.result for i in items]
    path.write_text(render_json(results[0] if len(results) == 1 else results, mask_pii=mask_pii) + "\n",
                    encoding="utf-8")
    return [path]


def _write_md(items: list[CritiqueItem], path: Path, mask_pii: bool) -> list[Path]:
    path.write_text(render_markdown([i.result for i in items], mask_pii=mask_pii), encoding="utf-8")
    return [path]


def _write_docx(items: list[CritiqueItem], path: Path, mask_pii: bool) -> list[Path]:
    return [write_critique_docx(item, path, many=len(items) > 1, mask_pii=mask_pii) for item in items]


def write_critique_docx(item: CritiqueItem, path: Path, *, many: bool, mask_pii: bool = False) -> Path:
    """One file's reviewer copy with 批注: at ``path``, or ``<path stem>_<file stem>.docx`` beside it when the
    batch has ``many`` files (so a batch can write each copy as soon as its review is done)."""
    # Lazy on purpose (tests/test_layering.py LAZY_IMPORTS): python-docx stays off `assistant review`
    # unless a .docx critique is asked for.
    from assistant.export.critique_docx import export_critique_docx

    if item.report is None:
        raise InputUnusable(f"{item.result.file}: 生成批注版 .docx 需要原报告 / the .docx critique needs the report")
    source = item.source.read_bytes() if isinstance(item.source, Path) else item.source
    target = path
    if many:  # one reviewer's copy per file, next to the requested name
        stem = Path(item.result.file or item.report.meta.file or "report").stem
        target = path.with_name(f"{path.stem}_{stem}.docx")
    return export_critique_docx(item.result, item.report, target, source_docx=source, mask_pii=mask_pii)


CRITIQUE_WRITERS: dict[str, Callable[[list[CritiqueItem], Path, bool], list[Path]]] = {
    ".json": _write_json,
    ".md": _write_md,
    ".docx": _write_docx,
}


def write_critique(
    results_and_reports: CritiqueInput | Sequence[CritiqueInput], out_path: str | Path, mask_pii: bool = False
) -> list[Path]:
    """Write the critique of one or several reviewed files; the suffix of ``out_path`` picks the writer.

    ``results_and_reports``: a ReviewResult, a ``(result, report[, source_docx])`` tuple, a
    :class:`CritiqueItem`, or a list of those. ``.json``/``.md`` need only the results; ``.docx``
    needs the Report (and the original .docx bytes/path when the input was .docx) and writes one
    reviewer's copy per file (``<out>_<file>.docx`` when there are several). Returns the paths written.
    """
    path = Path(out_path)
    writer = CRITIQUE_WRITERS.get(path.suffix.lower())
    if writer is None:
        raise InputUnusable(f"{path.name}: 不支持的输出格式（可选 .json、.md、.docx）/ unsupported output format")
    items = _as_items(results_and_reports)
    path.parent.mkdir(parents=True, exist_ok=True)
    return writer(items, path, mask_pii)
