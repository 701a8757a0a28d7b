"""Offline whole-report draft timing (p50/p95, target < 1 s), knowledge base warm.

Run: ``python -m bench.bench_draft``.
"""

from __future__ import annotations

import json
import statistics
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCES = [ROOT / "tests/fixtures/drafting/unit_a_2023.txt", ROOT / "tests/fixtures/drafting/unit_b_2022.txt",
           ROOT / "tests/fixtures/seed_000.txt"]


def _pct(xs: list[float], p: float) -> float:
    xs = sorted(xs)
    return xs[max(0, min(len(xs) - 1, round(p / 100 * (len(xs) - 1))))]


def bench_offline_draft(n: int = 20) -> dict:
    from assistant.drafting.drafter import draft_report_full
    from assistant.drafting.retrieval import Retriever
    from assistant.knowledge import KnowledgeBase
    from assistant.report import parse_file
    from assistant.settings import LLMSettings, Settings

    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(data_dir=Path(tmp), llm=LLMSettings(backend="offline"))
        reports = [parse_file(p) for p in SOURCES if p.exists()]
        t0 = time.perf_counter()
        kb = KnowledgeBase(settings)
        kb.search("预热", k=1)  # ingests the shipped corpus on first use
        cold_kb = time.perf_counter() - t0
        times: list[float] = []
        for i in range(n):
            report = reports[i % len(reports)]
            retriever = Retriever(kb)  # fresh query cache per draft: searches are timed too
            t = time.perf_counter()
            d = draft_report_full(report, settings, retriever=retriever)
            times.append(time.perf_counter() - t)
            assert len(d.suggestions) == 10
    return {
        "offline_draft_p50_s": round(statistics.median(times), 3),
        "offline_draft_p95_s": round(_pct(times, 95), 3),
        "offline_draft_max_s": round(max(times), 3),
        "kb_cold_start_s": round(cold_kb, 3),
        "n": n,
        "reports": [p.name for p in SOURCES if p.exists()],
    }


if __name__ == "__main__":
    print(json.dumps(bench_offline_draft(), ensure_ascii=False, indent=2))
