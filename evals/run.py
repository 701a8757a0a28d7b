"""Run the evals, compare with evals/baseline.json, append evals/history.jsonl, write evals/report.md.

``python -m evals.run [--suite review|retrieval|drafting|all] [--no-history] [--all-methods]``
(``make eval``). Prints the metric table; exit 1 when any metric is worse than its baseline beyond the
tolerance, 0 otherwise.

Offline by default. With OPENAI_BASE_URL / OPENAI_API_KEY set, the drafting suite runs against that LLM
(plus the LLM-as-judge score); the mode and model go into the history line.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
EVALS = ROOT / "evals"
BASELINE = EVALS / "baseline.json"
HISTORY = EVALS / "history.jsonl"
REPORT = EVALS / "report.md"
CHARTS = EVALS / "charts"
SUITES = ("review", "retrieval", "drafting", "real")
# `make eval` runs the default embedder's methods (hash: lexical, vector, hybrid — the app default); the e5
# methods take minutes to ingest on 2 cores, so they run only on request: --methods vector-e5 hybrid-e5.
DEFAULT_RETRIEVAL_METHODS = ["lexical", "vector-hash", "hybrid-hash"]

LOWER_IS_BETTER = ("clean_false_errors", "invented_numbers", "review_errors", "placeholders", "clean_warnings",
                   "false_errors_per10", "wrong_refusals", "wrong_accepts", "silent_passes", "cut_errors")


def direction(metric: str) -> str:
    return "lower" if metric.rsplit(".", 1)[-1] in LOWER_IS_BETTER else "higher"


# ------------------------------------------------------------------ suites

def run_suites(suites: list[str], *, retrieval_methods: list[str] | None = None) -> tuple[dict, dict]:
    """Returns (flat metrics, detailed results per suite)."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")
    os.environ.setdefault("LANGSMITH_TRACING", "false")
    metrics: dict[str, Any] = {}
    details: dict[str, Any] = {}
    if "review" in suites:
        from evals.review.eval import flat_metrics, run_review_eval

        details["review"] = run_review_eval()
        metrics.update(flat_metrics(details["review"]))
    if "retrieval" in suites:
        from assistant.settings import Settings
        from evals.retrieval.run import run_retrieval_eval

        res = run_retrieval_eval(Settings(), methods=retrieval_methods or DEFAULT_RETRIEVAL_METHODS)
        details["retrieval"] = res
        for method, m in res["methods"].items():
            metrics[f"retrieval.{method}.recall@5"] = m["recall@5"]
            metrics[f"retrieval.{method}.recall@5_heldout"] = m["recall@5_heldout"]
            metrics[f"retrieval.{method}.recall@5_heldout2"] = m["recall@5_heldout2"]
            metrics[f"retrieval.{method}.recall@5_colloquial"] = m["recall@5_paraphrase"]
            metrics[f"retrieval.{method}.mrr@10"] = m["mrr@10"]
            metrics[f"retrieval.{method}.mrr@10_colloquial"] = m["mrr@10_paraphrase"]
    if "drafting" in suites:
        from evals.drafting.eval import flat_metrics as draft_flat
        from evals.drafting.eval import run_drafting_eval

        details["drafting"] = run_drafting_eval()
        metrics.update(draft_flat(details["drafting"]))
    if "real" in suites:
        from evals.real.eval import flat_metrics as real_flat
        from evals.real.eval import run_real_eval

        details["real"] = run_real_eval()
        metrics.update(real_flat(details["real"]))
    return metrics, details


# ------------------------------------------------------------------ baseline

def load_baseline(path: Path | None = None) -> dict[str, dict]:
    path = path or BASELINE
    if not path.exists():
        return {}
    return json.loads(path.read_text(encoding="utf-8")).get("metrics", {})


def compare(metrics: dict[str, Any], baseline: dict[str, dict]) -> list[dict]:
    """Metrics worse than baseline beyond tolerance. Metrics absent from this run (suite not run) or None
    on either side are not compared."""
    out = []
    for name, spec in sorted(baseline.items()):
        if name not in metrics:
            continue
        cur, base = metrics[name], spec.get("value")
        if cur is None or base is None:
            continue
        tol = float(spec.get("tolerance", 0))
        way = spec.get("direction") or direction(name)
        worse = cur < base - tol if way == "higher" else cur > base + tol
        if worse:
            out.append({"metric": name, "value": cur, "baseline": base, "tolerance": tol, "direction": way})
    return out


def make_baseline(metrics: dict[str, Any], margin: float = 0.02) -> dict:
    """A baseline slightly below (or above, for lower-is-better counts) the measured values."""
    specs = {}
    for name, v in sorted(metrics.items()):
        if v is None or name.endswith(("n_cases", "clean_warnings", "placeholders")):
            continue
        way = direction(name)
        if way == "higher":
            value = round(max(0.0, v - margin * (100 if name.endswith("rubric") else 1)), 4)
        else:
            value = v
        specs[name] = {"value": value, "direction": way, "tolerance": 0}
    return {"version": 1, "note": "make eval fails when a metric is worse than value ± tolerance", "metrics": specs}


# ------------------------------------------------------------------ history / report

def git_commit() -> str:
    try:
        sha = subprocess.run(["git", "rev-parse", "--short=12", "HEAD"], cwd=ROOT, capture_output=True,
                             text=True, timeout=10).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no", "--", "assistant", "evals"], cwd=ROOT,
                               capture_output=True, text=True, timeout=10).stdout.strip()
        return sha + ("-dirty" if dirty else "") if sha else "unknown"
    except (OSError, subprocess.SubprocessError):
        return "unknown"


def read_history(path: Path | None = None) -> list[dict]:
    path = path or HISTORY
    if not path.exists():
        return []
    return [json.loads(ln) for ln in path.read_text(encoding="utf-8").splitlines() if ln.strip()]


def history_line(metrics: dict, details: dict, suites: list[str], seconds: float) -> dict:
    drafting = details.get("drafting", {})
    mode = drafting.get("mode", "offline")
    return {
        "date": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
        "commit": git_commit(),
        "mode": "offline" if mode == "offline" else "llm",
        "model": None if mode == "offline" else mode,
        "suites": suites,
        "dataset": details.get("review", {}).get("dataset"),
        "seconds": round(seconds, 1),
        "metrics": metrics,
    }


def _fmt(v: Any) -> str:
    if v is None:
        return "—"
    if isinstance(v, float):
        return f"{v:.4f}".rstrip("0").rstrip(".") if v != int(v) or abs(v) < 1 else f"{v:g}"
    return str(v)


def metric_table(metrics: dict, previous: dict | None, baseline: dict, regressions: list[dict], *, md: bool) -> str:
    bad = {r["metric"] for r in regressions}
    header = ["metric 指标", "value 本次", "previous 上次", "Δ", "baseline 基线", "status"]
    rows = []
    for name in sorted(metrics):
        cur = metrics[name]
        prev = (previous or {}).get(name)
        delta = ""
        if isinstance(cur, (int, float)) and isinstance(prev, (int, float)):
            d = cur - prev
            delta = "" if abs(d) < 1e-9 else f"{d:+.4f}".rstrip("0").rstrip(".")
        base = baseline.get(name, {}).get("value")
        status = "REGRESSION 回归" if name in bad else ("ok" if base is not None and cur is not None else "")
        rows.append([name, _fmt(cur), _fmt(prev), delta, _fmt(base), status])
    if md:
        out = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
        out += ["| " + " | ".join(r) + " |" for r in rows]
        return "\n".join(out)
    widths = [max(len(str(r[i])) for r in rows + [header]) for i in range(len(header))]
    widths[0] = max(widths[0], 10)
    line = lambda r: "  ".join(str(c).ljust(widths[i]) for i, c in enumerate(r))  # noqa: E731
    return "\n".join([line(header), line(["-" * w for w in widths])] + [line(r) for r in rows])


def write_charts(history: list[dict], out: Path | None = None) -> list[Path]:
    out = out or CHARTS
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    out.mkdir(parents=True, exist_ok=True)
    groups = {
        "review.png": ("Review eval (recall / precision)", lambda k: k.startswith("review.")
                       and (k.startswith("review.recall") or k in ("review.precision", "review.f1"))),
        "retrieval.png": ("Retrieval recall@5 / MRR@10", lambda k: k.startswith("retrieval.")
                          and (k.endswith("recall@5") or k.endswith("mrr@10"))),
        "drafting.png": ("Drafting (0..1 scores)", lambda k: k.startswith("drafting.")
                         and (k.startswith("drafting.coverage") or k == "drafting.faithfulness")),
        "counts.png": ("Error counts (lower is better)", lambda k: k in (
            "review.clean_false_errors", "drafting.invented_numbers", "drafting.review_errors")),
    }
    paths = []
    xs = list(range(1, len(history) + 1))
    labels = [h.get("commit", "?")[:7] for h in history]
    for fname, (title, pick) in groups.items():
        keys = sorted({k for h in history for k in h.get("metrics", {}) if pick(k)})
        if not keys:
            continue
        fig, ax = plt.subplots(figsize=(9, 5))
        ax.set_prop_cycle(color=plt.cm.tab20.colors[: max(1, min(20, len(keys)))])
        for k in keys:
            ys = [h["metrics"].get(k) for h in history]
            pts = [(x, y) for x, y in zip(xs, ys, strict=True) if isinstance(y, (int, float))]
            if pts:
                ax.plot([p[0] for p in pts], [p[1] for p in pts], marker="o", label=k, linewidth=1.2)
        ax.set_title(title)
        ax.set_xlabel("run")
        ax.set_xticks(xs)
        ax.set_xticklabels(labels, rotation=45, fontsize=7)
        ax.grid(alpha=0.3)
        ax.legend(fontsize=6, loc="center left", bbox_to_anchor=(1.0, 0.5))
        fig.tight_layout()
        p = out / fname
        fig.savefig(p, dpi=90)
        plt.close(fig)
        paths.append(p)
    return paths


def write_report(line: dict, previous: dict | None, baseline: dict, regressions: list[dict], details: dict,
                 charts: list[Path], path: Path | None = None) -> None:
    path = path or REPORT
    m = line["metrics"]
    out = [
        "# 评估报告 / Eval report",
        "",
        f"- 时间 date: {line['date']}  ·  commit: `{line['commit']}`  ·  模式 mode: {line['mode']}"
        + (f" ({line['model']})" if line.get("model") else ""),
        f"- suites: {', '.join(line['suites'])}  ·  dataset: {line.get('dataset')}  ·  耗时 {line['seconds']}s",
        f"- 对比上次 previous: `{previous['commit']}` ({previous['date']})" if previous else "- 首次运行（无上次记录）",
        f"- 回归 regressions: {len(regressions)}" + ("" if not regressions else " — " + ", ".join(r["metric"] for r in regressions)),
        "",
        "## 指标 Metrics",
        "",
        metric_table(m, previous.get("metrics") if previous else None, baseline, regressions, md=True),
        "",
    ]
    if charts:
        out += ["## 趋势 Trends", ""] + [f"![{p.stem}](charts/{p.name})" for p in charts] + [""]
    rv = details.get("review")
    if rv:
        out += ["## 审阅评估 Review eval", "",
                f"{rv['n_cases']} cases ({rv['dataset']}); clean reports: {rv.get('clean_files')} files, "
                f"{rv.get('clean_false_errors')} error-level findings, {rv.get('clean_warnings')} warnings.", "",
                "| category | cases | detected | recall | flagged | precision |", "|---|---|---|---|---|---|"]
        for cat, p in rv["per_category"].items():
            out.append(f"| {cat} | {p['n']} | {p['detected']} | {_fmt(p['recall'])} | {p['flagged']} | {_fmt(p['precision'])} |")
        per_base = rv.get("per_base") or {}
        if per_base:
            out += ["", "By base: " + ", ".join(
                f"{k} {v['detected']}/{v['n']}" for k, v in per_base.items())]
        out += ["", "### 漏检 Misses (for rule owners)", ""]
        for miss in rv["misses"] or []:
            near = f" (同类别其他位置/规则: {', '.join(miss['near_miss'])})" if miss["near_miss"] else ""
            out.append(f"- `{miss['id']}` [{miss['category']}] {miss['description']}{near}")
        if not rv["misses"]:
            out.append("- 无")
        out += ["", "### 非预期的新增发现 Unexpected findings (possible false positives)", ""]
        for u in rv["unexpected"] or []:
            out.append(f"- `{u['id']}` {u['rule']}@{u['section']}: {u['message']}")
        if not rv["unexpected"]:
            out.append("- 无")
        for e in rv.get("clean_error_list", []):
            out.append(f"- clean `{e['file']}` {e['rule']}@{e['section']}: {e['message']}")
        out.append("")
    dr = details.get("drafting")
    if dr:
        out += ["## 起草评估 Drafting eval", "", f"mode: {dr['mode']}", "",
                "| base | numbers | invented | review errors | rubric | 六 dims | 七 tied | known shortfall in 七 | 八 per problem | placeholders | judge |",
                "|---|---|---|---|---|---|---|---|---|---|---|"]
        for key, b in dr["per_base"].items():
            c = b["coverage"]
            out.append(
                f"| {key} | {b['numbers']} | {len(b['invented'])} | {b['review_errors']} | {b['rubric']:g}/{b['rubric_max']:g} | "
                f"{c['six_dimensions']:g} | {c['problems_tied_to_data']:g} | {c['known_problem']:g} | "
                f"{c['measures_per_problem']:g} | {b['placeholders']} | {_fmt(b['judge'])} |")
        for key, b in dr["per_base"].items():
            for w in b["invented"]:
                out.append(f"- {key}: 无出处数字 invented number {w}")
            for e in b["review_error_list"]:
                out.append(f"- {key}: review error {e}")
        out.append("")
    if details.get("real"):
        from evals.real.eval import format_summary

        out += ["## 真实材料 Real-material set", "", "```", format_summary(details["real"]), "```", ""]
    rt = details.get("retrieval")
    if rt:
        from evals.retrieval.run import format_table

        out += ["## 检索评估 Retrieval eval", "", "```", format_table(rt), "```", ""]
    path.write_text("\n".join(out) + "\n", encoding="utf-8")


# ------------------------------------------------------------------ entry

def run(suites: list[str], *, history: bool = True, retrieval_methods: list[str] | None = None,
        write_baseline: bool = False, echo=print) -> int:
    t0 = time.perf_counter()
    metrics, details = run_suites(suites, retrieval_methods=retrieval_methods)
    seconds = time.perf_counter() - t0
    past = read_history()
    previous = past[-1] if past else None
    if write_baseline:
        BASELINE.write_text(json.dumps(make_baseline(metrics), ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    baseline = load_baseline()
    regressions = compare(metrics, baseline)
    echo(metric_table(metrics, previous.get("metrics") if previous else None, baseline, regressions, md=False))
    line = history_line(metrics, details, suites, seconds)
    if history:
        with HISTORY.open("a", encoding="utf-8") as fh:
            fh.write(json.dumps(line, ensure_ascii=False, sort_keys=True) + "\n")
        charts = write_charts(past + [line])
        write_report(line, previous, baseline, regressions, details, charts)
        echo(f"history → {HISTORY.relative_to(ROOT)}, report → {REPORT.relative_to(ROOT)}")
    echo(f"耗时 time: {seconds:.1f}s  ·  mode: {line['mode']}" + (f" ({line['model']})" if line["model"] else ""))
    if regressions:
        for r in regressions:
            echo(f"回归 REGRESSION: {r['metric']} = {r['value']} ({'<' if r['direction'] == 'higher' else '>'} "
                 f"baseline {r['baseline']} ± {r['tolerance']})")
        return 1
    echo("无回归 / no regressions vs evals/baseline.json")
    return 0


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="python -m evals.run", description=__doc__.splitlines()[0])
    p.add_argument("--suite", choices=[*SUITES, "all"], default="all")
    p.add_argument("--no-history", action="store_true", help="do not append history / write report.md")
    p.add_argument("--methods", nargs="*", help="retrieval methods (default: %(default)s)")
    p.add_argument("--write-baseline", action="store_true", help="set evals/baseline.json slightly below this run")
    return p.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    suites = list(SUITES) if args.suite == "all" else [args.suite]
    return run(suites, history=not args.no_history, retrieval_methods=args.methods or None,
               write_baseline=args.write_baseline)


if __name__ == "__main__":
    sys.exit(main())
