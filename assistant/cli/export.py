"""`assistant export REPORT --out FILE` — a Report (JSON) or a report file → .docx / .txt / .md."""

from __future__ import annotations

from pathlib import Path

import click

from assistant.cli import run_command
from assistant.errors import InputUnusable
from assistant.export.report_docx import REPORT_WRITERS, write_report
from assistant.report import parse_file
from assistant.settings import get_settings


@click.command()
@click.argument("report", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--out", "out", required=True, type=click.Path(dir_okay=False, path_type=Path),
    help="输出文件，扩展名决定格式 (.docx/.txt/.md) / output file; the suffix picks the format.",
)
@click.option("--mask-pii", is_flag=True, help="遮蔽个人手机号/身份证号 / mask personal numbers.")
@run_command
def export(report: Path, out: Path, mask_pii: bool) -> None:
    """导出报告为 Word（公文格式）、文本或 Markdown / Export a report as .docx, .txt or .md.

    REPORT is a Report JSON (as printed by `assistant parse --format json`) or a report file
    (.docx/.txt/.xlsx). The .docx uses A4, GB/T 9704 margins, 方正小标宋简体 title, 黑体 headings and
    仿宋_GB2312 三号 body with fixed 28pt lines; 附件 tables are real Word tables with merged cells.
    """
    if out.suffix.lower() not in REPORT_WRITERS:
        raise InputUnusable(f"{out.name}: 不支持的输出格式（可选 .docx、.txt、.md）/ unsupported output format")
    parsed = parse_file(report, get_settings())  # .json → Report.model_validate_json
    written = write_report(parsed, out, mask_pii=mask_pii)
    click.echo(f"已写入 / written: {written}", err=True)
