"""Batch review for the 审阅 page: expand .zip uploads, filters, the overview rows, the distribution
charts' data, Excel and 批注 .zip exports.

Pure functions over ``ReviewOutcome`` lists; openpyxl and python-docx load only when an export is built.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from decimal import Decimal
from pathlib import PurePosixPath
from typing import Any

from assistant.export.present import (
    CATEGORY_LABELS,
    DECISION_LABELS,
    SEVERITY_LABELS,
    SEVERITY_ORDER,
    Decision,
    places_text,
)
from assistant.report.parse import REPORT_SUFFIXES
from assistant.review.finding import Finding
from assistant.ui.review_view import ReviewOutcome, chinese_error, critique_docx_bytes
from assistant.ui.workbench import rank_key

KIND_LABELS = {"report": "部门整体自评报告", "project_table": "项目支出自评表"}
OVERVIEW_HEADER = ["文件", "单位", "年度", "类型", "错误", "警告", "提示", "估计得分", "可判断满分", "最严重的问题", "状态",
                   "官方数据核对"]
FINDINGS_HEADER = ["文件", "单位", "严重程度", "类别", "位置", "问题", "修改建议", "依据", "审阅处理", "备注", "规则"]

Decisions = dict[str, dict[int, Decision]]  # file name → finding index → decision


def _zip_name(info: zipfile.ZipInfo) -> str:
    """Member name; names from Chinese Windows zips (no UTF-8 flag) are GBK read as cp437."""
    if info.flag_bits & 0x800:
        return info.filename
    try:
        return info.filename.encode("cp437").decode("gbk")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return info.filename


def expand_uploads(uploads: list[tuple[str, bytes]], max_files: int = 200) -> tuple[list[tuple[str, bytes]], list[str]]:
    """Replace each .zip by the reports inside it (other members skipped); returns (files, problems)."""
    files: list[tuple[str, bytes]] = []
    problems: list[str] = []
    for name, data in uploads:
        if not name.lower().endswith(".zip"):
            files.append((name, data))
            continue
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as zf:
                for info in zf.infolist():
                    member = _zip_name(info)
                    base = PurePosixPath(member).name
                    if info.is_dir() or base.startswith((".", "~$")) or "__MACOSX" in member:
                        continue
                    if PurePosixPath(base).suffix.lower() not in REPORT_SUFFIXES:
                        continue
                    if len(files) >= max_files:
                        problems.append(f"{name}：文件过多，只审阅前 {max_files} 个")
                        break
                    files.append((base, zf.read(info)))
        except (zipfile.BadZipFile, OSError, RuntimeError):
            problems.append(f"{name}：不是有效的压缩包，已跳过")
    return files, problems


def _num(x: Decimal | None) -> float | None:
    return None if x is None else float(x)


# ---------------------------------------------------------------- filters


@dataclass(frozen=True)
class BatchFilter:
    """What the overview shows: findings of these severities / rule families, files of these units.
    An empty tuple means "all"."""

    severities: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()
    units: tuple[str, ...] = ()

    @property
    def on_findings(self) -> bool:
        return bool(self.severities or self.categories)

    @property
    def active(self) -> bool:
        return self.on_findings or bool(self.units)

    def matches(self, f: Finding) -> bool:
        return (not self.severities or f.severity in self.severities) and \
            (not self.categories or f.category in self.categories)


NO_FILTER = BatchFilter()


def unit_name(o: ReviewOutcome) -> str:
    """The unit a file is about; the file's stem when the report names none or cannot be read."""
    unit = o.report.unit if o.report is not None else ""
    return unit or PurePosixPath(o.name).stem


def filter_options(outcomes: list[ReviewOutcome]) -> dict[str, list[str]]:
    """The values each filter can take in this batch: severities and rule families that occur, units."""
    found = [f for o in outcomes if o.result is not None for f in o.result.findings]
    return {
        "severity": [s for s in SEVERITY_ORDER if any(f.severity == s for f in found)],
        "category": [c for c in CATEGORY_LABELS if any(f.category == c for f in found)],
        "unit": list(dict.fromkeys(unit_name(o) for o in outcomes)),
    }


def matching(o: ReviewOutcome, flt: BatchFilter = NO_FILTER) -> list[Finding]:
    return [f for f in o.result.findings if flt.matches(f)] if o.result is not None else []


def apply_filter(outcomes: list[ReviewOutcome], flt: BatchFilter = NO_FILTER) -> list[ReviewOutcome]:
    """The files the overview shows, in upload order: of a chosen unit, and — when severities or rule
    families are chosen — with at least one such finding (an unusable file then has none)."""
    return [o for o in outcomes
            if (not flt.units or unit_name(o) in flt.units) and (not flt.on_findings or matching(o, flt))]


# ---------------------------------------------------------------- overview and charts


def overview_rows(outcomes: list[ReviewOutcome], flt: BatchFilter = NO_FILTER) -> list[dict[str, Any]]:
    """One row per file under OVERVIEW_HEADER; counts and score are numbers (sortable), text never None.
    With a severity / rule-family filter a ``符合筛选`` column counts the matching findings and the worst
    finding shown is the worst matching one."""
    rows = []
    for o in outcomes:
        if o.result is None or o.report is None:
            row = {"文件": o.name, "单位": "", "年度": "", "类型": "", "错误": None, "警告": None, "提示": None,
                   "估计得分": None, "可判断满分": None, "最严重的问题": chinese_error(o.error or ""),
                   "状态": "无法使用", "官方数据核对": ""}
            if flt.on_findings:
                row["符合筛选"] = 0
            rows.append(row)
            continue
        c = o.result.counts()
        hits = matching(o, flt)
        worst = min(hits, key=rank_key) if hits else None
        row = {
            "文件": o.name,
            "单位": o.report.unit or "",
            "年度": str(o.report.year) if o.report.year else "",
            "类型": KIND_LABELS.get(o.report.kind, o.report.kind),
            "错误": c["error"], "警告": c["warning"], "提示": c["info"],
            "估计得分": _num(o.result.score.total) if o.result.score.items else None,
            "可判断满分": _num(o.result.score.max) if o.result.score.items else None,
            "最严重的问题": f"{SEVERITY_LABELS[worst.severity]}：{worst.message}" if worst else "未发现问题",
            "状态": "已审阅",
            "官方数据核对": official_cell(o.result),
        }
        if flt.on_findings:
            row["符合筛选"] = len(hits)
        rows.append(row)
    return rows


def _labels(outcomes: list[ReviewOutcome]) -> list[str]:
    """Chart labels: the unit; the file's stem where several files name the same unit (the overview
    table shows both)."""
    units = [unit_name(o) for o in outcomes]
    return [u if units.count(u) == 1 else PurePosixPath(o.name).stem for o, u in zip(outcomes, units, strict=True)]


def chart_by_unit(outcomes: list[ReviewOutcome], flt: BatchFilter = NO_FILTER) -> list[dict[str, Any]]:
    """Per usable file: ``{"单位": label, "错误": n, "警告": n, "提示": n}`` over the matching findings,
    most errors first (then warnings, then tips, then label)."""
    rows = []
    for o, label in zip(outcomes, _labels(outcomes), strict=True):
        if o.result is None:
            continue
        hits = matching(o, flt)
        rows.append({"单位": label, **{SEVERITY_LABELS[s]: sum(f.severity == s for f in hits) for s in SEVERITY_ORDER}})
    return sorted(rows, key=lambda r: (*(-r[SEVERITY_LABELS[s]] for s in SEVERITY_ORDER), r["单位"]))


def chart_by_category(outcomes: list[ReviewOutcome], flt: BatchFilter = NO_FILTER) -> list[dict[str, Any]]:
    """Per rule family with matching findings: ``{"类别": label, "错误": n, "警告": n, "提示": n,
    "涉及文件": files}``, in CATEGORY_LABELS order."""
    rows = []
    for cat, label in CATEGORY_LABELS.items():
        per_file = [[f for f in matching(o, flt) if f.category == cat] for o in outcomes]
        hits = [f for fs in per_file for f in fs]
        if not hits:
            continue
        rows.append({"类别": label, **{SEVERITY_LABELS[s]: sum(f.severity == s for f in hits) for s in SEVERITY_ORDER},
                     "涉及文件": sum(1 for fs in per_file if fs)})
    return rows


def official_cell(result) -> str:
    """The overview's 官方数据核对 cell: discrepancies with the official record, or why it was not checked."""
    st = result.official
    if st is None:
        return ""
    parts = []
    if st.targets or st.final_accounts:
        n = sum(f.category == "official" for f in result.findings)
        parts.append(f"{n} 处与官方数据不一致" if n else "与官方数据一致")
    parts += [f"未核对：{chinese_error(s.reason)}" for s in st.skipped]
    return "；".join(parts)


def finding_rows(outcomes: list[ReviewOutcome], decisions: Decisions | None = None) -> list[list[str]]:
    """Every finding of every usable file under FINDINGS_HEADER, worst first within a file."""
    out = []
    for o in outcomes:
        if o.result is None:
            continue
        dec = (decisions or {}).get(o.name, {})
        order = sorted(range(len(o.result.findings)), key=lambda i: rank_key(o.result.findings[i]))
        for i in order:
            f = o.result.findings[i]
            d = dec.get(i)
            out.append([o.name, (o.report.unit if o.report else "") or "", SEVERITY_LABELS[f.severity],
                        CATEGORY_LABELS.get(f.category, f.category), places_text(f), f.message,
                        f.suggestion, f.reference, DECISION_LABELS[d.status] if d else "", d.note if d else "",
                        f.rule])
    return out


def excel_bytes(outcomes: list[ReviewOutcome], decisions: Decisions | None = None) -> bytes:
    """Workbook with a 总览 sheet (one row per file) and a 全部问题 sheet (one row per finding)."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    ws = wb.active
    ws.title = "总览"
    ws.append(OVERVIEW_HEADER)
    for r in overview_rows(outcomes):
        ws.append([r[h] for h in OVERVIEW_HEADER])
    ws2 = wb.create_sheet("全部问题")
    ws2.append(FINDINGS_HEADER)
    for row in finding_rows(outcomes, decisions):
        ws2.append(row)
    for sheet, widths in ((ws, [28, 24, 8, 16, 6, 6, 6, 10, 10, 60, 10, 40]),
                          (ws2, [28, 24, 8, 10, 20, 60, 40, 30, 10, 20, 10])):
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for i, w in enumerate(widths):
            sheet.column_dimensions[chr(ord("A") + i)].width = w
        sheet.freeze_panes = "A2"
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def critique_zip_bytes(outcomes: list[ReviewOutcome], decisions: Decisions | None = None,
                       mask_pii: bool = True) -> bytes:
    """A .zip with one ``<stem>_审阅意见.docx`` (批注 copy) per usable file."""
    buf = io.BytesIO()
    used: set[str] = set()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for o in outcomes:
            data = critique_docx_bytes(o, mask_pii=mask_pii, decisions=(decisions or {}).get(o.name))
            if data is None:
                continue
            name = f"{PurePosixPath(o.name).stem}_审阅意见.docx"
            k = 2
            while name in used:
                name = f"{PurePosixPath(o.name).stem}_{k}_审阅意见.docx"
                k += 1
            used.add(name)
            zf.writestr(name, data)
    return buf.getvalue()
