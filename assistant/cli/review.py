"""`assistant review PATH...`."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import click

from assistant.cli import OneLineError, run_command
from assistant.errors import InputUnusable
from assistant.export import findings_format as ff
from assistant.official.match import load_books, official_kind
from assistant.official.model import OfficialBooks
from assistant.report import parse_file
from assistant.report.parse import REPORT_SUFFIXES
from assistant.review import ReviewResult, fails, profile_for
from assistant.review.batch import default_jobs, review_files
from assistant.settings import get_settings


def expand_paths(paths: tuple[str, ...]) -> list[Path]:
    """Files as given; folders expand to their report files (sorted, non-recursive)."""
    return collect_paths(paths)[0]


def _folder(p: Path) -> tuple[list[Path], dict[str, Path]]:
    """A folder's report files and its official files (named 绩效目标…/目标表…, 决算…), sorted."""
    reports: list[Path] = []
    official: dict[str, Path] = {}
    for q in sorted(q for q in p.iterdir() if q.is_file() and q.suffix.lower() in REPORT_SUFFIXES):
        if q.name.startswith(("~$", ".")):
            continue
        kind = official_kind(q)
        if kind:
            official.setdefault(kind, q)
        else:
            reports.append(q)
    return reports, official


def collect_paths(paths: tuple[str, ...]) -> tuple[list[Path], dict[Path, dict[str, Path]]]:
    """(report files, each report's folder-level official files).

    A folder's official files (a name holding 绩效目标/目标表/目标申报 or 决算) are the record of the reports
    beside them. A folder without report files of its own is a batch of unit folders: each sub-folder holds a
    unit's report(s) and, optionally, its official files.
    """
    out: list[Path] = []
    official: dict[Path, dict[str, Path]] = {}
    for raw in paths:
        p = Path(raw)
        if not p.is_dir():
            out.append(p)
            continue
        reports, files = _folder(p)
        groups = [(reports, files)]
        if not reports:
            groups = [_folder(sub) for sub in sorted(q for q in p.iterdir() if q.is_dir())]
        found = False
        for reps, offs in groups:
            out.extend(reps)
            found = found or bool(reps)
            for r in reps:
                if offs:
                    official[r] = offs
        if not found:
            raise OneLineError(f"{p}: 文件夹中没有 .docx/.txt/.xlsx/.pdf 报告 / no report files in folder", 2)
    return out, official


@click.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--format", "fmt", type=click.Choice(["json", "jsonl", "markdown", "table"]), default="table",
              show_default=True, help="jsonl: 每行一个 JSON 对象，适合大批量 / one JSON object per line.")
@click.option("--out", "out", type=click.Path(dir_okay=False), help="写入文件 (.json/.md/.docx) / write to file.")
@click.option("--fail-on", type=click.Choice(["error", "warning", "info"]), default=None,
              help="存在该级别及以上问题时退出码为1 / exit 1 when findings at/above this level.")
@click.option("--previous", type=click.Path(dir_okay=False), help="上年度报告，用于同比核对 / last year's report.")
@click.option("--profile", type=click.Path(dir_okay=False), help="评审配置 TOML / rubric profile.")
@click.option("--targets", "targets", type=click.Path(dir_okay=False),
              help="批复的绩效目标表 (.xlsx/.docx)，核对年度指标值 / approved performance targets.")
@click.option("--final-accounts", "final_accounts", type=click.Path(dir_okay=False),
              help="部门决算表 (.xlsx/.docx)，核对预算、执行、三公经费、人员 / the unit's final accounts.")
@click.option("--mask-pii", is_flag=True, help="输出中遮蔽个人手机号/身份证号 / mask personal numbers in output.")
@click.option("--select", default=None, help="只运行指定规则，逗号分隔 / only these rule ids.")
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=None,
              help="并行进程数，默认为CPU核数 / worker processes (default: every core).")
@click.option("--progress/--no-progress", default=None,
              help="在 stderr 显示进度（默认：终端时显示）/ progress on stderr (default: when a terminal).")
@run_command
def review(paths, fmt, out, fail_on, previous, profile, mask_pii, select, jobs, progress, targets, final_accounts):
    """审阅报告并输出问题清单 / Review reports and list findings.

    PATHS may be files or folders (.docx/.txt/.xlsx/.pdf). Folders are reviewed on every core (--jobs) and
    results are written as they finish, in input order. Exit codes: 0 reviewed, 1 findings at/above
    --fail-on, 2 input unusable.

    --targets / --final-accounts check each report against the official record (one unit's file, or one
    workbook with a row per unit, matched by unit name or code). A folder may hold its own official files
    (named 绩效目标… / 目标表… / 决算…), and a folder of unit folders is a batch with one record per unit.
    An official file that cannot be used is named in one line on stderr; the report is still reviewed and
    the JSON result's "official" key lists it under "skipped".
    """
    settings = get_settings()
    if profile:  # --profile overrides ASSISTANT_REVIEW__PROFILE
        settings = settings.model_copy(update={"review": settings.review.model_copy(update={"profile": Path(profile)})})
    profile_for(settings)  # a bad profile fails before any file is read
    prev_report = parse_file(previous, settings) if previous else None
    files, folder_official = collect_paths(paths)
    shared = load_books(targets, final_accounts, settings) if (targets or final_accounts) else None
    by_path: dict[Path, OfficialBooks] = {}
    loaded: dict[tuple, OfficialBooks] = {}
    for report_path, offs in folder_official.items():
        key = (offs.get("targets") or targets, offs.get("final_accounts") or final_accounts)
        if key not in loaded:
            loaded[key] = load_books(*key, settings)
        by_path[report_path] = loaded[key]
    chosen = [s.strip() for s in select.split(",")] if select else None
    many = len(files) > 1
    if progress is None:
        progress = many and sys.stderr.isatty()
    jobs = min(jobs or default_jobs(), len(files))
    items = review_files(files, settings, previous=prev_report, select=chosen, jobs=jobs,
                         keep_reports=bool(out and Path(out).suffix.lower() == ".docx"),
                         official=shared, official_by_path=by_path)
    if not many:  # one file: unusable input is the whole answer (one line, exit 2)
        item = next(items)
        if item.error:
            raise InputUnusable(item.error)
        items = iter([item])
    sink = _Sink(fmt, many=many, mask_pii=mask_pii, to_stdout=not (out and fmt == "table"), keep=bool(out))
    failed = errors = 0
    said: set[str] = set()
    for item in items:
        if progress:
            click.echo(f"[{item.index + 1}/{len(files)}] {item.path.name}", err=True)
        if item.error:
            errors += 1
            click.echo(f"错误 / Error: {item.error}", err=True)
            continue
        for skip in item.result.official.skipped if item.result.official else ():
            line = skip.reason if not many else f"{item.path.name}: {skip.reason}"
            if skip.reason not in said:
                said.add(skip.reason)
                click.echo(f"警告 / Warning: {line}", err=True)
        if fail_on and fails(item.result, fail_on):
            failed += 1
        sink.add(item)
    sink.close()
    if out and sink.kept:
        ff.write_critique(sink.kept, Path(out), mask_pii=mask_pii)
        click.echo(f"已写入 / written: {out}", err=True)
    if errors:
        sys.exit(2)
    if failed:
        sys.exit(1)


class _Sink:
    """Writes results to stdout as they come: JSON (streamed list), JSONL, tables; Markdown at the end.

    Only Markdown (its overview comes first), ``--out`` and the batch summary table keep per-file data;
    JSON and JSONL hold nothing, whatever the batch size.
    """

    def __init__(self, fmt: str, *, many: bool, mask_pii: bool, to_stdout: bool, keep: bool):
        self.fmt, self.many, self.mask_pii, self.to_stdout, self.keep = fmt, many, mask_pii, to_stdout, keep
        self.kept: list = []  # (result, report, docx path or None) for --out
        self.markdown: list[ReviewResult] = []
        self.summary: list[ReviewResult] = []  # batch table: results without their findings' text
        self.n = 0
        self.width = max(80, min(160, shutil.get_terminal_size((120, 24)).columns))

    def _write(self, text: str) -> None:
        click.echo(text, nl=False)

    def add(self, item) -> None:
        res = item.result
        if self.keep:
            rep = item.report
            self.kept.append((res, rep, item.path if rep is not None and rep.meta.format == "docx" else None))
        if self.to_stdout:
            if self.fmt == "jsonl":
                self._write(ff.render_json(res, mask_pii=self.mask_pii, indent=None) + "\n")
            elif self.fmt == "json" and not self.many:
                self._write(ff.render_json(res, mask_pii=self.mask_pii) + "\n")
            elif self.fmt == "json":  # byte for byte what json.dumps(list, indent=2) prints
                body = ff.render_json(res, mask_pii=self.mask_pii)
                self._write(("[\n" if self.n == 0 else ",\n") + "\n".join("  " + ln for ln in body.splitlines()))
            elif self.fmt == "markdown":
                self.markdown.append(res)
            else:
                block = ff.render_table(res, mask_pii=self.mask_pii, width=self.width)
                self._write(("\n" if self.n else "") + block)
                if self.many:
                    self.summary.append(_summary_only(res))
        self.n += 1

    def close(self) -> None:
        if not self.to_stdout:
            return
        if self.fmt == "json" and self.many:
            self._write("[]\n" if self.n == 0 else "\n]\n")
        elif self.fmt == "markdown" and self.markdown:
            self._write(ff.render_markdown(self.markdown, mask_pii=self.mask_pii) + "\n")
        elif self.fmt == "table" and self.many and self.summary:
            self._write("\n\n" + ff.render_summary_table(self.summary) + "\n")
        elif self.fmt == "table" and self.n:
            self._write("\n")


def _summary_only(res: ReviewResult) -> ReviewResult:
    """What the batch summary table needs: the file, each finding's severity, the score."""
    return res.model_copy(update={"findings": [
        f.model_copy(update={"message": "", "evidence": "", "suggestion": "", "reference": ""}) for f in res.findings
    ]})
