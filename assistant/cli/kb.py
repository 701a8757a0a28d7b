"""`assistant kb` — ingest, search, list and remove knowledge-base documents."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from assistant.cli import run_command
from assistant.errors import InputUnusable
from assistant.knowledge import KnowledgeBase
from assistant.settings import get_settings


def _kb() -> KnowledgeBase:
    return KnowledgeBase(get_settings())


def _cell(text: str, width: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
def kb() -> None:
    """知识库：导入、检索、列出、删除 / Knowledge base: ingest, search, list, remove."""


@kb.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@run_command
def ingest(paths: tuple[Path, ...]) -> None:
    """导入文件或文件夹（.md .txt .docx .pdf）/ Ingest files or folders."""
    files, _ = KnowledgeBase.expand_paths(paths)  # raises InputUnusable for a missing path
    base = _kb()
    show_bar = any(p.is_dir() for p in paths) and len(files) > 1
    if show_bar:
        with click.progressbar(length=len(files), label="导入 / ingesting", file=sys.stderr) as bar:
            report = base.ingest(list(paths), progress=lambda n, total, doc: bar.update(1))
    else:
        report = base.ingest(list(paths))
    for name in report.skipped:
        click.echo(f"跳过（不支持的类型）/ skipped (unsupported): {name}", err=True)
    click.echo(
        f"新增 added {len(report.added)}, 更新 replaced {len(report.replaced)}, "
        f"未变 unchanged {len(report.unchanged)}; 写入 chunks {report.chunks_added}, "
        f"删除 removed {report.chunks_removed} ({report.seconds:.1f}s)"
    )


@kb.command()
@click.argument("query")
@click.option("--k", "k", type=click.IntRange(1, 100), default=None, help="结果数 / number of hits (default: settings).")
@click.option(
    "--method", type=click.Choice(["hybrid", "lexical", "vector"]), default="hybrid", show_default=True,
    help="检索方式 / retrieval method.",
)
@click.option("--format", "fmt", type=click.Choice(["json", "table"]), default="table", show_default=True)
@run_command
def search(query: str, k: int | None, method: str, fmt: str) -> None:
    """检索知识库 / Search the knowledge base."""
    base = _kb()
    hits = base.search(query, k=k or base.settings.knowledge.top_k, method=method)
    if fmt == "json":
        click.echo(json.dumps({"query": query, "hits": [h.public() for h in hits]}, ensure_ascii=False))
        return
    if not hits:
        click.echo("无结果 / no hits")
    for i, hit in enumerate(hits, start=1):
        click.echo(f"{i}. [{hit.id}] {hit.score:.4f}  {hit.citation}")
        click.echo(f"   {_cell(hit.text, 120)}")


@kb.command(name="list")
@click.option("--format", "fmt", type=click.Choice(["json", "table"]), default="table", show_default=True)
@run_command
def list_cmd(fmt: str) -> None:
    """列出已导入的文档 / List ingested documents."""
    docs = _kb().list_docs()
    if fmt == "json":
        click.echo(json.dumps({"docs": [d.model_dump() for d in docs]}, ensure_ascii=False))
        return
    if not docs:
        click.echo("知识库为空 / knowledge base is empty")
    for d in docs:
        wenhao = f"（{d.wenhao}）" if d.wenhao else ""
        click.echo(f"{d.chunks:>5}  {d.doc}  《{d.title}》{wenhao}")


@kb.command()
@click.argument("doc")
@run_command
def remove(doc: str) -> None:
    """删除一个文档（按文件名）/ Remove a document by its file name."""
    removed = _kb().remove(Path(doc).name)
    if not removed:
        raise InputUnusable(f"知识库中没有该文档 / no such document: {doc}")
    click.echo(f"已删除 / removed {doc}: {removed} chunks")
