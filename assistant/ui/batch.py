"""Batch review for the 审阅 page: expand .zip uploads, the overview rows, Excel and 批注 .zip exports.

Pure functions over ``ReviewOutcome`` lists; openpyxl and python-docx load only when an export is built.
"""

from __future__ import annotations

import io
import zipfile
from decimal import Decimal
from pathlib import PurePosixPath
from typing import Any

from assistant.export.present import (
    CATEGORY_LABELS,
    DECISION_LABELS,
    SEVERITY_LABELS,
    Decision,
    places_text,
)
from assistant.report.parse import REPORT_SUFFIXES
from assistant.ui.review_view import ReviewOutcome, chinese_error, critique_docx_bytes
from assistant.ui.workbench import rank_key, worst_finding

KIND_LABELS = {"report": "部门整体自评报告", "project_table": "项目支出自评表"}
OVERVIEW_HEADER = ["文件", "单位", "年度", "类型", "错误", "警告", "提示", "估计得分", "可判断满分", "最严重的问题", "状态"]
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


def overview_rows(outcomes: list[ReviewOutcome]) -> list[dict[str, Any]]:
    """One row per file under OVERVIEW_HEADER; counts and score are numbers (sortable), text never None."""
    rows = []
    for o in outcomes:
        if o.result is None or o.report is None:
            rows.append({"文件": o.name, "单位": "", "年度": "", "类型": "", "错误": None, "警告": None, "提示": None,
                         "估计得分": None, "可判断满分": None, "最严重的问题": chinese_error(o.error or ""),
                         "状态": "无法使用"})
            continue
        c = o.result.counts()
        worst = worst_finding(o.result)
        rows.append({
            "文件": o.name,
            "单位": o.report.unit or "",
            "年度": str(o.report.year) if o.report.year else "",
            "类型": KIND_LABELS.get(o.report.kind, o.report.kind),
            "错误": c["error"], "警告": c["warning"], "提示": c["info"],
            "估计得分": _num(o.result.score.total) if o.result.score.items else None,
            "可判断满分": _num(o.result.score.max) if o.result.score.items else None,
            "最严重的问题": f"{SEVERITY_LABELS[worst.severity]}：{worst.message}" if worst else "未发现问题",
            "状态": "已审阅",
        })
    return rows


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
    for sheet, widths in ((ws, [28, 24, 8, 16, 6, 6, 6, 10, 10, 60, 10]),
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
