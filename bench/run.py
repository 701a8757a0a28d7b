"""`make bench`: every benchmark in one run; prints a table and writes bench/results.json."""

from __future__ import annotations

import importlib
import inspect
import json
import os
import platform
import subprocess
import sys
import time
import traceback
from pathlib import Path

HERE = Path(__file__).resolve().parent

# (module, function, kwargs)
SUITES = [
    ("bench.bench_review", "bench_review", {}),
    ("bench.bench_retrieval", "bench_retrieval", {}),
    ("bench.bench_draft", "bench_offline_draft", {}),
    ("bench.bench_app", "bench_app", {}),
    ("bench.bench_batch", "bench_batch", {}),
    ("bench.bench_formats", "bench_formats", {}),
]

# metric -> (target, comparison, label)
TARGETS = {
    "review_p50_ms": (50, "<=", "审阅单份报告 p50 (ms, 导入后)"),
    "docx_review_to_read_ratio": (20, "<=", ".docx 审阅/读取耗时比"),
    "txt_review_to_read_ratio": (20, "<=", ".txt 审阅/读取耗时比"),
    "batch_100_s": (5, "<=", "100份报告批量 (s)"),
    "cli_process_p50_s": (0.5, "<=", "assistant review 进程 (s)"),
    "p95_ratio_hybrid_over_plain": (1.5, "<=", "混合检索 p95 / 纯 Chroma p95"),
    "app_search_p95_ms": (300, "<=", "知识库页检索 p95 (ms, 热进程)"),
    "app_search_cpu_p95_ms": (300, "<=", "知识库页检索 p95 CPU (ms)"),
    "kb_search_process_s": (1.0, "<=", "assistant kb search 进程 (s, 墙钟)"),
    "kb_search_process_cpu_s": (1.0, "<=", "assistant kb search 进程 CPU (s)"),
    "fresh_ready_s": (2.0, "<=", "新数据目录可检索 (s, 墙钟)"),
    "fresh_ready_cpu_s": (2.0, "<=", "新数据目录可检索 CPU (s)"),
    "offline_draft_p95_s": (1.0, "<=", "离线全文起草 p95 (s)"),
    "cold_start_s": (3.0, "<=", "应用冷启动 (s)"),
    "batch_1000_s": (20, "<=", "1000份报告批量，全部核 (s)"),
    "batch_peak_rss_growth_pct": (20, "<=", "峰值内存增长 1000→10000 份 (%)"),
    "pdf30_review_s": (2.0, "<=", "30 页文字版 PDF 读取+审阅 (s)"),
    "rapidocr_page_s": (3.0, "<=", "OCR 单页 (s)"),
}


def _commit() -> str:
    try:
        return subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True,
                              cwd=HERE.parent).stdout.strip()
    except OSError:
        return ""


def main() -> int:
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")
    results: dict = {"date": time.strftime("%Y-%m-%dT%H:%M:%S"), "commit": _commit(),
                     "machine": f"{platform.machine()} {os.cpu_count()} cores, Python {platform.python_version()}"}
    for module, fn, kwargs in SUITES:
        t0 = time.perf_counter()
        print(f"… {module}", file=sys.stderr, flush=True)
        try:
            mod = importlib.import_module(module)
            func = getattr(mod, fn)
            if "settings" in inspect.signature(func).parameters:
                from assistant.settings import Settings

                kwargs = {"settings": Settings(), **kwargs}
            res = func(**kwargs)
            results[module.split(".")[-1]] = res
        except Exception as exc:  # noqa: BLE001 - a failing suite is reported, the others still run
            results[module.split(".")[-1]] = {"error": f"{type(exc).__name__}: {exc}"}
            traceback.print_exc()
        print(f"  done in {time.perf_counter() - t0:.1f}s", file=sys.stderr, flush=True)
    flat: dict = {}
    for v in results.values():
        if isinstance(v, dict):
            flat.update({k: x for k, x in v.items() if isinstance(x, (int, float))})
    rows = [("metric", "value", "target", "ok")]
    for key, val in sorted(flat.items()):
        tgt = TARGETS.get(key)
        ok = ""
        if tgt and val is not None:
            ok = "✓" if (val <= tgt[0] if tgt[1] == "<=" else val >= tgt[0]) else "✗"
        rows.append((key, f"{val}", f"{tgt[1]} {tgt[0]}" if tgt else "", ok))
    width = [max(len(r[i]) for r in rows) for i in range(4)]
    for r in rows:
        print("  ".join(c.ljust(width[i]) for i, c in enumerate(r)))
    (HERE / "results.json").write_text(json.dumps(results, ensure_ascii=False, indent=2), encoding="utf-8")
    print(f"\nwritten: {HERE / 'results.json'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
