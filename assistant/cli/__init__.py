"""`assistant` console script.

Each subcommand lives in its own module under ``assistant/cli/`` and is imported only when used,
so ``assistant review FILE`` never pays for chromadb, langchain or streamlit.
"""

from __future__ import annotations

import functools
import importlib
import os
import sys

import click

from assistant.errors import AssistantError

# name -> "module:attribute" (a click.Command or click.Group)
SUBCOMMANDS: dict[str, str] = {
    "parse": "assistant.cli.parse:parse",
    "review": "assistant.cli.review:review",
    "rules": "assistant.cli.rules:rules",
    "kb": "assistant.cli.kb:kb",
    "draft": "assistant.cli.draft:draft",
    "export": "assistant.cli.export:export",
    "eval": "assistant.cli.eval:eval_cmd",
    "serve": "assistant.cli.serve:serve",
}

HELP = {
    "parse": "解析报告为 Report 模型 / Parse a report into the Report model.",
    "review": "审阅报告并输出问题清单 / Review reports and list findings.",
    "rules": "列出全部审阅规则 / List every review rule.",
    "kb": "知识库：导入、检索、列出、删除 / Knowledge base.",
    "draft": "起草报告章节 / Draft report sections.",
    "export": "导出 Word 报告 / Export a Report as .docx/.md/.txt.",
    "eval": "运行评估 / Run the evals.",
    "serve": "启动 HTTP API / Serve the review API over HTTP.",
}


class LazyGroup(click.Group):
    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(SUBCOMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        target = SUBCOMMANDS.get(cmd_name)
        if target is None:
            return None
        module_name, attr = target.split(":")
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as exc:  # command not built yet
            if exc.name == module_name:
                return None
            raise
        return getattr(module, attr)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        # Use static help so `--help` does not import every subcommand.
        rows = [(name, HELP.get(name, "")) for name in self.list_commands(ctx)]
        with formatter.section("Commands"):
            formatter.write_dl(rows)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="assistant")
def cli() -> None:
    """绩效自评报告起草与审阅助手 / Drafting & review assistant for 部门整体支出绩效自评报告."""


def _raise_unknown() -> bool:
    return bool(os.environ.get("ASSISTANT_RAISE_ERRORS")) or hasattr(sys, "_called_from_test")


def main(argv: list[str] | None = None) -> None:
    """Console-script entry: typed errors become one line on stderr with their exit code."""
    try:
        rc = cli.main(args=argv, prog_name="assistant", standalone_mode=False)
    except click.exceptions.Abort:
        click.echo("已取消 / Aborted.", err=True)
        sys.exit(1)
    except click.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)
    except AssistantError as exc:
        click.echo(f"错误 / Error: {exc}", err=True)
        sys.exit(exc.exit_code)
    except KeyboardInterrupt:
        click.echo("已中断 / Interrupted.", err=True)
        sys.exit(130)
    except Exception as exc:  # noqa: BLE001 - last-resort translation at the edge
        if _raise_unknown():
            raise
        click.echo(f"内部错误 / Internal error: {type(exc).__name__}: {' '.join(str(exc).split())}", err=True)
        sys.exit(3)
    sys.exit(rc if isinstance(rc, int) else 0)


class OneLineError(click.ClickException):
    """A user-facing error: one line on stderr, with the typed error's exit code."""

    def __init__(self, message: str, exit_code: int = 1):
        super().__init__(" ".join(message.split()))
        self.exit_code = exit_code

    def show(self, file=None) -> None:  # noqa: ARG002
        click.echo(f"错误 / Error: {self.format_message()}", err=True)


def run_command(fn):
    """Decorator for command bodies: translate AssistantError to one line with its exit code."""
    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except AssistantError as exc:
            raise OneLineError(str(exc), exc.exit_code) from None

    return wrapper
