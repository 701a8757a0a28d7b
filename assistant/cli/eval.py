"""`assistant eval`: run the evals (same as `make eval`); exit 1 on a regression vs evals/baseline.json."""

from __future__ import annotations

import sys

import click

from assistant.settings import PROJECT_ROOT


@click.command("eval")
@click.option("--suite", type=click.Choice(["review", "retrieval", "drafting", "all"]), default="all",
              show_default=True, help="评估套件 / which suite.")
@click.option("--no-history", is_flag=True, help="不写 evals/history.jsonl 与 report.md / don't record this run.")
@click.option("--methods", default=None, help="检索方法，逗号分隔 / retrieval methods, comma-separated.")
def eval_cmd(suite: str, no_history: bool, methods: str | None) -> int:
    """运行评估并与基线比较 / Run the evals and compare with the committed baseline."""
    if str(PROJECT_ROOT) not in sys.path:  # `evals/` lives next to the package, not inside it
        sys.path.insert(0, str(PROJECT_ROOT))
    try:
        from evals.run import SUITES, run
    except ModuleNotFoundError as exc:
        raise click.ClickException(f"找不到评估代码 evals/（需在源码目录中运行）/ evals not found: {exc}") from None
    suites = list(SUITES) if suite == "all" else [suite]
    rc = run(suites, history=not no_history,
             retrieval_methods=[m.strip() for m in methods.split(",") if m.strip()] if methods else None,
             echo=click.echo)
    sys.exit(rc)
