"""Eval history (evals/history.jsonl, one JSON object per run) as rows for charts."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from assistant.settings import PROJECT_ROOT

DEFAULT_HISTORY = PROJECT_ROOT / "evals" / "history.jsonl"


def load_history(path: Path | str | None = None) -> tuple[list[dict[str, Any]], list[str]]:
    """Runs with flat numeric metrics, and warnings for unreadable lines. Missing file → ([], [])."""
    p = Path(path) if path else DEFAULT_HISTORY
    if not p.exists():
        return [], []
    runs: list[dict[str, Any]] = []
    problems: list[str] = []
    for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError:
            problems.append(f"第{n}行不是有效的 JSON，已跳过")
            continue
        if not isinstance(obj, dict):
            problems.append(f"第{n}行不是 JSON 对象，已跳过")
            continue
        row = {"date": str(obj.get("date", "")), "commit": str(obj.get("commit", ""))[:10],
               "mode": str(obj.get("mode", ""))}
        for k, v in _flatten(obj.get("metrics") or {}).items():
            if isinstance(v, (int, float)) and not isinstance(v, bool):
                row[k] = float(v)
        runs.append(row)
    return runs, problems


def _flatten(d: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    out: dict[str, Any] = {}
    for k, v in d.items():
        key = f"{prefix}{k}"
        if isinstance(v, dict):
            out.update(_flatten(v, key + "."))
        else:
            out[key] = v
    return out


def metric_names(runs: list[dict[str, Any]]) -> list[str]:
    names: list[str] = []
    for r in runs:
        for k in r:
            if k not in ("date", "commit", "mode") and k not in names:
                names.append(k)
    return names


# The headline figures for the people who own quality, in Chinese; everything else stays behind an expander.
HEADLINE: dict[str, str] = {
    "review.recall": "审阅查全率",
    "review.precision": "审阅查准率",
    "real.defects_found": "真实材料缺陷检出率",
    "retrieval.hybrid-hash.recall@5": "检索召回率（前5条）",
    "drafting.invented_numbers": "起草编造数字",
}
LOWER_IS_BETTER = {"drafting.invented_numbers"}


def headline_metrics(runs: list[dict[str, Any]]) -> list[str]:
    """The HEADLINE keys present in the history, in HEADLINE order."""
    names = set(metric_names(runs))
    return [k for k in HEADLINE if k in names]


def short_date(iso: str) -> str:
    """``2026-11-29T11:50:29+00:00`` → ``11-29 11:50`` for chart axes."""
    return iso[5:16].replace("T", " ") if len(iso) >= 16 else iso
