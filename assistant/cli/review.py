"""`assistant review PATH...`."""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

import click

from assistant.cli import OneLineError, run_command
from assistant.errors import InputUnusable
from assistant.export import findings_format as ff
from assistant.export.masking import mask_result
from assistant.official.match import load_books, official_kind
from assistant.official.model import OfficialBooks
from assistant.report import parse_file
from assistant.report.parse import REPORT_SUFFIXES
from assistant.review import fails, profile_for
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
    sink = _Sink(fmt, many=many, mask_pii=mask_pii, to_stdout=not (out and fmt == "table"),
                 out=Path(out) if out else None)
    failed = errors = 0
    said: set[str] = set()
    try:
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
    finally:
        sink.close()
    if out and sink.n:
        click.echo(f"已写入 / written: {out}", err=True)
    if errors:
        sys.exit(2)
    if failed:
        sys.exit(1)


class _Sink:
    """Writes each result as it comes, to stdout and to ``--out``; holds nothing per file but a summary row.

    Stdout: JSON (a streamed list), JSONL, tables, Markdown. Markdown and the batch table open/close with an
    overview of every file, so they keep one summary row per file (a few strings); Markdown's per-file parts
    wait in a temporary file until the overview is written. ``--out``: .json and .md are written the same way
    (the file's bytes are what ``write_critique`` writes for the whole list); .docx writes each reviewer's copy
    as soon as its review is done.
    """

    def __init__(self, fmt: str, *, many: bool, mask_pii: bool, to_stdout: bool, out: Path | None):
        self.fmt, self.many, self.mask_pii, self.to_stdout = fmt, many, mask_pii, to_stdout
        self.rows: list[list[str]] = []  # summary rows: batch table, Markdown overview
        self.n = 0
        self.width = max(80, min(160, shutil.get_terminal_size((120, 24)).columns))
        self.md_spool = tempfile.TemporaryFile("w+", encoding="utf-8") if fmt == "markdown" and to_stdout else None
        self.out, self.out_kind, self.out_fh, self.out_spool = out, None, None, None
        if out is not None:
            self.out_kind = out.suffix.lower()
            if self.out_kind not in ff.CRITIQUE_WRITERS:
                raise InputUnusable(f"{out.name}: 不支持的输出格式（可选 .json、.md、.docx）/ unsupported output format")
            out.parent.mkdir(parents=True, exist_ok=True)
            if self.out_kind in (".json", ".md"):
                self.out_fh = out.open("w", encoding="utf-8")
            if self.out_kind == ".md" and many:
                self.out_spool = tempfile.TemporaryFile("w+", encoding="utf-8")

    def _write(self, text: str) -> None:
        click.echo(text, nl=False)

    def add(self, item) -> None:
        res = item.result
        if self.many and (self.fmt in ("markdown", "table") or self.out_kind == ".md"):
            self.rows.append(ff.summary_row(mask_result(res) if self.mask_pii else res))
        if self.out is not None:
            self._add_out(item)
        if self.to_stdout:
            if self.fmt == "jsonl":
                self._write(ff.render_json(res, mask_pii=self.mask_pii, indent=None) + "\n")
            elif self.fmt == "json":
                self._write(self._json_piece(res))
            elif self.fmt == "markdown":
                self.md_spool.write(("\n" if self.n else "") + ff.markdown_part(res, mask_pii=self.mask_pii))
            else:
                block = ff.render_table(res, mask_pii=self.mask_pii, width=self.width)
                self._write(("\n" if self.n else "") + block)
        self.n += 1

    def _json_piece(self, res) -> str:
        """The next piece of what json.dumps(list, indent=2) prints (one file: the object itself)."""
        body = ff.render_json(res, mask_pii=self.mask_pii)
        if not self.many:
            return body + "\n"
        return ("[\n" if self.n == 0 else ",\n") + "\n".join("  " + ln for ln in body.splitlines())

    def _add_out(self, item) -> None:
        res = item.result
        if self.out_kind == ".json":
            self.out_fh.write(self._json_piece(res))
        elif self.out_kind == ".md":
            part = ff.markdown_part(res, mask_pii=self.mask_pii)
            (self.out_spool or self.out_fh).write(("\n" if self.n else "") + part)
        else:
            rep = item.report
            source = item.path if rep is not None and rep.meta.format == "docx" else None
            ff.write_critique_docx(ff.CritiqueItem(res, rep, source), self.out, many=self.many,
                                   mask_pii=self.mask_pii)

    def close(self) -> None:
        if self.out_fh is not None:
            self._close_out()
        if not self.to_stdout:
            return
        if self.fmt == "json" and self.many:
            self._write("[]\n" if self.n == 0 else "\n]\n")
        elif self.fmt == "markdown" and self.n:
            self._copy_markdown(self.md_spool, self._write)
            self._write("\n")
        elif self.fmt == "table" and self.many and self.rows:
            self._write("\n\n" + ff.render_summary_rows(self.rows) + "\n")
        elif self.fmt == "table" and self.n:
            self._write("\n")

    def _copy_markdown(self, spool, write) -> None:
        """Write what ff.render_markdown returns for every result so far: the overview (batch), then the spooled
        parts, in chunks (each part ends with exactly one newline, so nothing is left to strip)."""
        if self.many:
            write(ff.markdown_overview(self.rows) + "\n")
        spool.seek(0)
        while chunk := spool.read(1 << 16):
            write(chunk)
        spool.close()

    def _close_out(self) -> None:
        fh = self.out_fh
        if self.out_kind == ".json" and self.many and self.n:
            fh.write("\n]\n")
        elif self.out_spool is not None:  # a batch's Markdown: overview first, then the parts
            self._copy_markdown(self.out_spool, fh.write)
        fh.close()
        if self.n == 0:  # nothing was reviewed: no file, as before
            self.out.unlink(missing_ok=True)
