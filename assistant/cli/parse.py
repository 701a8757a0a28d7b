"""`assistant parse PATH [--format json|summary]`."""

from __future__ import annotations

import click

from assistant.cli import run_command
from assistant.report import parse_file
from assistant.report.model import SECTION_LABELS, Report
from assistant.settings import get_settings


def summary_text(report: Report) -> str:
    """A short human summary of what was found in the document."""
    lines = [
        f"文件 / file: {report.meta.file} ({report.meta.format}{', ' + report.meta.encoding if report.meta.encoding else ''})",
        f"类型 / kind: {report.kind} — {report.kind_reason or '—'}",
        f"标题 / title: {report.title or '—'}",
        f"年度 / year: {report.year or '—'}    单位 / unit: {report.unit or '—'}",
    ]
    found = {s.label for s in report.sections}
    missing = [x for x in SECTION_LABELS if x not in found]
    lines.append(f"章节 / sections: {' '.join(f'{s.label}({report.role_of(s)})' for s in report.sections) or '—'}"
                 + (f"（缺 {''.join(missing)}）" if report.template == "hunan_ten" and missing and not report.cut else ""))
    if report.cut:
        lines.append(f"截断 / cut: 文本在“{report.cut}”处中断")
    lines.append(f"附件 / attachments: {', '.join(a.label for a in report.attachments) or '—'}    表格 / tables: {len(report.tables)}")
    b = report.budget
    if b.basic.total:
        lines.append(f"基本支出: {b.basic.total.value}万元 " + " ".join(f"{k}{v.value}" for k, v in b.basic.classes.items()))
    if b.project.total:
        lines.append(f"项目支出: {b.project.total.value}万元 " + " ".join(f"{k}{v.value}" for k, v in b.project.classes.items()))
    if report.self_eval:
        lines.append(f"自评表指标 / indicators: {len(report.self_eval.indicators)}")
    if report.projects:
        lines.append(f"项目支出绩效自评表 / project tables: {len(report.projects)}")
    if report.rubric:
        lines.append(f"考核评分表 / rubric items: {len(report.rubric.items)}")
    return "\n".join(lines)


@click.command()
@click.argument("path", type=click.Path(dir_okay=False, path_type=str))
@click.option("--format", "fmt", type=click.Choice(["json", "summary"]), default="summary", show_default=True)
@run_command
def parse(path: str, fmt: str) -> None:
    """解析报告为 Report 模型 / Parse a report (.docx/.txt/.xlsx/.pdf) into the Report model.

    JSON figures are exact decimals written as strings.
    """
    report = parse_file(path, get_settings())
    if fmt == "json":
        click.echo(report.model_dump_json(indent=2))
    else:
        click.echo(summary_text(report))
