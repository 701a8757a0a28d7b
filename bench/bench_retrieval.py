"""Retrieval benchmark: hybrid search latency vs a plain Chroma vector query on the same 10,000-chunk collection.

Builds synthetic Chinese documents from the shipped corpus (sentences shuffled and varied with numbers and
unit names), ingests them through ``KnowledgeBase.ingest`` (real chunking, embedding and Chroma writes),
then times, on the same collection in the same run:

- ``hybrid``: ``KnowledgeBase.search(q, k=5, method="hybrid")`` (query expansion, BM25, vector query, RRF,
  citations), and
- ``plain``: ``collection.query(query_embeddings=[v], n_results=5)`` with precomputed query vectors.

Run: ``python -m bench.bench_retrieval [--chunks N] [--embedder hash|e5]``.
"""

from __future__ import annotations

import json
import os
import random
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

UNITS = ["市财政局", "市教育局", "市卫健委", "市交通运输局", "市公共资源交易中心", "市统计局", "市档案馆", "市住建局"]
SECTIONS = ["一、基本情况", "二、一般公共预算支出情况", "六、部门整体支出绩效情况", "七、存在的问题及原因分析",
            "八、下一步改进措施", "九、绩效自评结果拟应用和公开情况", "附件2 整体支出绩效自评表"]


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    idx = min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))
    return ordered[idx]


def _sentences(corpus_dir: Path) -> list[str]:
    import re

    out: list[str] = []
    for path in sorted(corpus_dir.rglob("*")):
        if path.suffix not in {".md", ".txt"} or path.name.endswith(".meta.yaml"):
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        for piece in re.split(r"(?<=[。；])|\n", text):
            piece = piece.strip(" \t#>-|　")
            if 8 <= len(piece) <= 160 and not piece.startswith(("---", "title:", "source:")):
                out.append(piece)
    return out


def build_synthetic_corpus(folder: Path, corpus_dir: Path, n_chunks: int, seed: int = 7,
                           sections_per_doc: int = 100) -> int:
    """Write Markdown files with ``n_chunks`` short sections in total (one chunk each); returns the count."""
    rng = random.Random(seed)
    sentences = _sentences(corpus_dir)
    folder.mkdir(parents=True, exist_ok=True)
    written = 0
    doc_no = 0
    while written < n_chunks:
        doc_no += 1
        unit = rng.choice(UNITS)
        year = rng.randint(2018, 2024)
        lines = [f"---\ntitle: {year}年度{unit}整体支出绩效自评报告（合成{doc_no}）\n---\n"]
        for s_no in range(min(sections_per_doc, n_chunks - written)):
            picked = rng.sample(sentences, k=rng.randint(2, 4))
            figure = f"{rng.randint(10, 9999)}.{rng.randint(0, 99):02d}万元"
            rate = f"{rng.uniform(60, 100):.2f}%"
            body = "".join(picked) + f"本年度{unit}相关支出{figure}，执行率{rate}。"
            lines.append(f"## {rng.choice(SECTIONS)}（{s_no + 1}）\n\n{body}\n")
            written += 1
        (folder / f"synthetic_{doc_no:04d}.md").write_text("\n".join(lines), encoding="utf-8")
    return written


def bench_retrieval(settings: Any, n_chunks: int = 10_000, rounds: int = 5, n_queries: int = 60) -> dict[str, Any]:
    """Build an ``n_chunks`` collection under a temporary data dir and return latency/throughput numbers."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    from assistant.knowledge import KnowledgeBase
    from evals.retrieval.run import load_queries

    queries = [row["query"] for row in load_queries()][:n_queries]
    with tempfile.TemporaryDirectory(prefix="kb-bench-") as tmp:
        tmp_path = Path(tmp)
        src = tmp_path / "synthetic"
        made = build_synthetic_corpus(src, Path(settings.knowledge.corpus_dir), n_chunks)
        knowledge = settings.knowledge.model_copy(update={"corpus_dir": tmp_path / "no-corpus", "chunk_chars": 600})
        s = settings.model_copy(update={"data_dir": tmp_path / "data", "chroma_url": None, "knowledge": knowledge})
        kb = KnowledgeBase(s)

        t0 = time.perf_counter()
        report = kb.ingest([src])
        ingest_s = time.perf_counter() - t0
        stored = kb.collection.count()

        t0 = time.perf_counter()
        kb.search(queries[0], k=5, method="hybrid")  # first search builds the BM25 index from Chroma
        index_build_s = time.perf_counter() - t0

        cold = []
        for q in queries:  # first time each query is seen: tokenisation and embedding not cached
            t0 = time.perf_counter()
            kb.search(q, k=5, method="hybrid")
            cold.append(time.perf_counter() - t0)

        col = kb.collection
        vectors = {q: kb.embedder.embed_query(q) for q in queries}
        for q in queries:  # warm Chroma's caches for the baseline too
            col.query(query_embeddings=[vectors[q]], n_results=5)

        hybrid, plain = [], []
        for _ in range(rounds):
            for q in queries:
                t0 = time.perf_counter()
                col.query(query_embeddings=[vectors[q]], n_results=5)
                plain.append(time.perf_counter() - t0)
                t0 = time.perf_counter()
                kb.search(q, k=5, method="hybrid")
                hybrid.append(time.perf_counter() - t0)

    ms = 1000.0
    result = {
        "embedder": s.knowledge.embedder,
        "chunks": stored,
        "chunks_written": report.chunks_added,
        "synthetic_sections": made,
        "ingest_seconds": round(ingest_s, 2),
        "ingest_chunks_per_s": round(stored / ingest_s, 1),
        "bm25_build_seconds": round(index_build_s, 2),
        "queries": len(queries),
        "rounds": rounds,
        "hybrid_p50_ms": round(statistics.median(hybrid) * ms, 3),
        "hybrid_p95_ms": round(_pct(hybrid, 0.95) * ms, 3),
        "hybrid_cold_p50_ms": round(statistics.median(cold) * ms, 3),
        "hybrid_cold_p95_ms": round(_pct(cold, 0.95) * ms, 3),
        "plain_chroma_p50_ms": round(statistics.median(plain) * ms, 3),
        "plain_chroma_p95_ms": round(_pct(plain, 0.95) * ms, 3),
    }
    result["p95_ratio_hybrid_over_plain"] = round(result["hybrid_p95_ms"] / result["plain_chroma_p95_ms"], 3)
    result["target_met"] = result["p95_ratio_hybrid_over_plain"] <= 1.5
    return result


def main() -> None:
    import argparse

    from assistant.settings import Settings

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--chunks", type=int, default=10_000)
    parser.add_argument("--embedder", default=None, help="override settings.knowledge.embedder (hash, e5, …)")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    settings = Settings()
    if args.embedder:
        settings = settings.model_copy(
            update={"knowledge": settings.knowledge.model_copy(update={"embedder": args.embedder})}
        )
    result = bench_retrieval(settings, n_chunks=args.chunks)
    if args.json:
        print(json.dumps(result, ensure_ascii=False, indent=2))
    else:
        for key, value in result.items():
            print(f"{key:<30} {value}")


if __name__ == "__main__":
    main()
