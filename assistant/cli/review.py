"""`assistant review PATH...`."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import click

from assistant.cli import OneLineError, run_command
from assistant.errors import InputUnusable
from assistant.export import findings_format as ff
from assistant.report import parse_file
from assistant.report.parse import REPORT_SUFFIXES
from assistant.review import fails, profile_for
from assistant.review import review as run_review
from assistant.settings import get_settings


def expand_paths(paths: tuple[str, ...]) -> list[Path]:
    """Files as given; folders expand to their report files (sorted, non-recursive)."""
    out: list[Path] = []
    for raw in paths:
        p = Path(raw)
        if p.is_dir():
            found = sorted(q for q in p.iterdir() if q.is_file() and q.suffix.lower() in REPORT_SUFFIXES)
            if not found:
                raise OneLineError(f"{p}: 文件夹中没有 .docx/.txt/.xlsx/.pdf 报告 / no report files in folder", 2)
            out.extend(found)
        else:
            out.append(p)
    return out


@click.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--format", "fmt", type=click.Choice(["json", "markdown", "table"]), default="table", show_default=True)
@click.option("--out", "out", type=click.Path(dir_okay=False), help="写入文件 (.json/.md/.docx) / write to file.")
@click.option("--fail-on", type=click.Choice(["error", "warning", "info"]), default=None,
              help="存在该级别及以上问题时退出码为1 / exit 1 when findings at/above this level.")
@click.option("--previous", type=click.Path(dir_okay=False), help="上年度报告，用于同比核对 / last year's report.")
@click.option("--profile", type=click.Path(dir_okay=False), help="评审配置 TOML / rubric profile.")
@click.option("--mask-pii", is_flag=True, help="输出中遮蔽个人手机号/身份证号 / mask personal numbers in output.")
@click.option("--select", default=None, help="只运行指定规则，逗号分隔 / only these rule ids.")
@run_command
def review(paths, fmt, out, fail_on, previous, profile, mask_pii, select):
    """审阅报告并输出问题清单 / Review reports and list findings.

    PATHS may be files or folders (.docx/.txt/.xlsx/.pdf). Exit codes: 0 reviewed, 1 findings at/above
    --fail-on, 2 input unusable.
    """
    settings = get_settings()
    if profile:  # --profile overrides ASSISTANT_REVIEW__PROFILE
        settings = settings.model_copy(update={"review": settings.review.model_copy(update={"profile": Path(profile)})})
    profile_for(settings)  # a bad profile fails before any file is read
    prev_report = parse_file(previous, settings) if previous else None
    files = expand_paths(paths)
    chosen = [s.strip() for s in select.split(",")] if select else None
    results, reports, errors = [], [], []
    show_progress = len(files) > 1 and sys.stderr.isatty()
    for i, path in enumerate(files, 1):
        if show_progress:
            click.echo(f"[{i}/{len(files)}] {path.name}", err=True)
        try:
            report = parse_file(path, settings)
        except InputUnusable as exc:
            if len(files) == 1:
                raise
            errors.append((path, str(exc)))
            click.echo(f"错误 / Error: {exc}", err=True)
            continue
        results.append(run_review(report, settings, previous=prev_report, select=chosen))
        reports.append((report, path))

    if out:
        items = [(res, rep, p if rep.meta.format == "docx" else None) for res, (rep, p) in zip(results, reports, strict=True)]
        ff.write_critique(items, Path(out), mask_pii=mask_pii)
        click.echo(f"已写入 / written: {out}", err=True)
    if not out or fmt != "table":
        many = len(files) > 1
        if fmt == "json":
            text = ff.render_json(results if many else results[0], mask_pii=mask_pii)
        elif fmt == "markdown":
            text = ff.render_markdown(results, mask_pii=mask_pii)
        else:
            width = max(80, min(160, shutil.get_terminal_size((120, 24)).columns))
            text = ff.render_table(results, mask_pii=mask_pii, width=width)
            if many:
                text += "\n\n" + ff.render_summary_table(results)
        if not (out and fmt == "table"):
            click.echo(text)
    if errors:
        sys.exit(2)
    if fail_on and any(fails(r, fail_on) for r in results):
        sys.exit(1)

