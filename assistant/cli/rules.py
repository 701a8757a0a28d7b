"""`assistant rules` (its own module, so `assistant review` never loads the rule documentation)."""

from __future__ import annotations

import click

from assistant.review.docs import rules_json, rules_markdown, rules_table


@click.command()
@click.option("--format", "fmt", type=click.Choice(["markdown", "table", "json"]), default="table", show_default=True)
def rules(fmt):
    """列出全部审阅规则 / List every review rule (id, category, severity, what it checks, policy)."""
    click.echo({"markdown": rules_markdown, "table": rules_table, "json": rules_json}[fmt]())
