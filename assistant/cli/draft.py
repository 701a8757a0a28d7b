"""`assistant draft` — draft one section or the whole report from a Report (.json/.docx/.txt)."""

from __future__ import annotations

import json
from pathlib import Path

import click

from assistant.cli import run_command
from assistant.drafting.carry import carry_forward
from assistant.drafting.drafter import ReportDraft, replace_section
from assistant.drafting.drafter import draft as run_draft
from assistant.errors import InputUnusable, LLMUnavailable
from assistant.export.report_docx import REPORT_WRITERS, export_report_text
from assistant.report import parse_file
from assistant.report.model import SECTION_TITLES, Report
from assistant.settings import get_settings

SECTIONS = ("一", "二", "三", "四", "五", "六", "七", "八", "九", "十")
OUT_SUFFIXES = (".txt", ".md", ".docx", ".json")


def suggestion_text(s) -> str:
    """A suggestion for the terminal: heading, text, then citations, warnings and placeholders."""
    lines = [f"{s.section}、{SECTION_TITLES[s.section]}（模式：{s.mode}）", s.text]
    if s.citations:
        lines.append("参考资料：")
        lines += [f"  [{c.id}] {c.citation}" for c in s.citations]
    if s.warnings:
        lines.append("提示：")
        lines += [f"  ! {w}" for w in s.warnings]
    if s.placeholders:
        lines.append(f"待补充 {len(s.placeholders)} 处。")
    return "\n".join(lines) + "\n"


def _write_report(report: Report, out: Path) -> None:
    """.docx/.txt/.md through the export writers; .json as the Report model."""
    writer = REPORT_WRITERS.get(out.suffix.lower())
    if writer is not None:
        writer(report, out, False)
    else:
        out.write_text(report.model_dump_json(indent=2), encoding="utf-8")


@click.command(context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--from", "source", required=True, type=click.Path(path_type=Path),
              help="Report 来源：report.json / .docx / .txt / source report.")
@click.option("--previous", type=click.Path(path_type=Path), default=None,
              help="上年报告（.docx/.txt/.json）：沿用其职能职责、机构设置、公开做法和指标名称，数字一律取本年数据 / "
              "last year's report: carry its standing text, never its figures.")
@click.option("--section", type=click.Choice(SECTIONS), default=None, help="只起草这一部分 / draft one section only.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="标准输出格式 / stdout format.")
@click.option("--out", type=click.Path(path_type=Path), default=None,
              help="写入文件（.txt/.md/.docx/.json）/ write the drafted report to this file.")
@run_command
def draft(source: Path, previous: Path | None, section: str | None, fmt: str, out: Path | None) -> None:
    """起草报告章节（离线或大模型）/ Draft report sections (offline or with the configured LLM)."""
    if out is not None and out.suffix.lower() not in OUT_SUFFIXES:
        raise InputUnusable(f"--out 只支持 {'/'.join(OUT_SUFFIXES)}：{out.name}")
    settings = get_settings()
    report = parse_file(source, settings)
    if previous is not None:
        report = carry_forward(parse_file(previous, settings), report)
        click.echo(f"已沿用上年报告的结构和固定表述 / carried forward from: {previous.name}", err=True)
    if section:
        s = run_draft(report, settings, section=section)
        if fmt == "json":
            click.echo(s.model_dump_json(indent=2))
        else:
            click.echo(suggestion_text(s), nl=False)
        if out is not None:
            _write_report(replace_section(report, section, s.text), out)
            click.echo(f"已写入 / written: {out}", err=True)
        return
    try:
        result = run_draft(report, settings)
        assert isinstance(result, ReportDraft)
    except LLMUnavailable as exc:
        partial = getattr(exc, "partial", None)
        if partial is not None and out is not None and partial.suggestions:
            _write_report(partial.report, out)
            click.echo(f"已保存已完成的部分 {''.join(partial.suggestions)} / partial draft saved: {out}", err=True)
        raise
    if out is not None:
        _write_report(result.report, out)
        click.echo(f"已写入 / written: {out}", err=True)
    elif fmt == "json":
        click.echo(result.report.model_dump_json(indent=2))
    else:
        click.echo(export_report_text(result.report, "txt"), nl=False)
    if fmt == "json" and out is not None:
        payload = {
            "sections": {k: v.model_dump(mode="json") for k, v in result.suggestions.items()},
            "findings": [f.model_dump(mode="json") for f in result.findings],
        }
        click.echo(json.dumps(payload, ensure_ascii=False, indent=2))
    n_place = sum(len(s.placeholders) for s in result.suggestions.values())
    n_warn = sum(len(s.warnings) for s in result.suggestions.values())
    errors = len(result.errors)
    click.echo(f"起草完成：10个部分，待补充{n_place}处，提示{n_warn}条，审阅错误{errors}条", err=True)
