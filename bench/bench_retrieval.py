"""Retrieval benchmark: hybrid search latency vs a plain Chroma vector query on the same 10,000-chunk collection.

Builds synthetic Chinese documents from the shipped corpus (sentences shuffled and varied with numbers and
unit names), ingests them through ``KnowledgeBase.ingest`` (real chunking, embedding and Chroma writes),
then times, on the same collection in the same run:

- ``hybrid``: ``KnowledgeBase.search(q, k=5, method="hybrid")`` (query expansion, BM25, vector query, RRF,
  citations), and
- ``plain``: ``collection.query(query_embeddings=[v], n_results=5)`` with precomputed query vectors.

It also measures what a user waits for on the shipped corpus (``bench_user_paths``):

- ``app_search_p95_ms``: the 知识库 page's code path in a warm process: the cached ``KnowledgeBase``
  (``st.cache_resource`` in the page), ``search`` and the extractive answer, over the eval queries;
  ``app_page_rerun_p95_ms``: the whole page rerun after typing a query (Streamlit AppTest, rendering included);
- ``kb_search_process_s``: a whole ``assistant kb search`` process on an already-used data directory;
- ``fresh_ready_s``: a fresh data directory made searchable (``KnowledgeBase(...).ensure_corpus()``);
- ``profile``: where one search process spends its time, phase by phase, wall and CPU.

The machine may be shared: every timing is reported as wall and CPU time.

Run: ``python -m bench.bench_retrieval [--chunks N] [--embedder hash|e5] [--part user|scale|all]``.
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


def bench_retrieval(settings: Any, n_chunks: int = 10_000, rounds: int = 5, n_queries: int = 60,
                    user_paths: bool = True) -> dict[str, Any]:
    """Build an ``n_chunks`` collection under a temporary data dir and return latency/throughput numbers
    (plus ``bench_user_paths`` unless ``user_paths`` is False)."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    user = bench_user_paths(settings) if user_paths else {}
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
    return {**user, **result}


# One search process, phase by phase (run in a fresh interpreter so import costs are real).
PROFILE_SCRIPT = r"""
import json, sys, time
laps = []
t_w, t_c = time.perf_counter(), time.process_time()
def lap(name):
    global t_w, t_c
    w, c = time.perf_counter(), time.process_time()
    laps.append((name, round((w - t_w) * 1000, 1), round((c - t_c) * 1000, 1)))
    t_w, t_c = time.perf_counter(), time.process_time()
import assistant.settings
lap("import settings (pydantic)")
from assistant.settings import Settings
import assistant.knowledge
from assistant.knowledge import KnowledgeBase
lap("import assistant.knowledge")
kb = KnowledgeBase(Settings())
lap("KnowledgeBase()")
index = kb._ready_index()
lap("load snapshot (numpy, json)")
index.query_tokenizer.words("预算")
lap("query tokenizer (jieba import, lexicon)")
index.lexical
lap("BM25 index (bm25s import, build)")
q = sys.argv[1]
kb.search(q, k=5)
lap("first search (expand, BM25, vector, fusion)")
for query in sys.argv[2:]:
    kb.search(query, k=5)
lap(f"{len(sys.argv) - 2} more searches")
from assistant.ui.knowledge_view import extractive_answer
hits = kb.search(q, k=5)
extractive_answer(q, hits)
lap("import + extractive answer (page text)")
from assistant.knowledge.tokenize import get_tokenizer
get_tokenizer()
lap("[not on search path] full jieba dictionary")
import chromadb
lap("[not on search path] import chromadb")
kb.collection.count()
lap("[not on search path] open Chroma collection")
print(json.dumps(laps, ensure_ascii=False))
"""


def _child_cpu() -> float:
    import resource

    ru = resource.getrusage(resource.RUSAGE_CHILDREN)
    return ru.ru_utime + ru.ru_stime


def _run(cmd: list[str], env: dict[str, str]) -> tuple[float, float, str]:
    """(wall s, CPU s, stdout) of one child process."""
    import subprocess

    c0, t0 = _child_cpu(), time.perf_counter()
    out = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=600, cwd=Path(__file__).resolve().parent.parent)
    wall, cpu = time.perf_counter() - t0, _child_cpu() - c0
    if out.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd[:4])} failed: {out.stderr[-800:]}")
    return wall, cpu, out.stdout


def bench_user_paths(settings: Any, processes: int = 5) -> dict[str, Any]:
    """App search p95 (warm), a warm ``assistant kb search`` process, a fresh data dir; wall and CPU."""
    import sys

    from assistant.knowledge import KnowledgeBase
    from assistant.ui.knowledge_view import extractive_answer
    from evals.retrieval.run import load_queries

    queries = [row["query"] for row in load_queries()]
    result: dict[str, Any] = {"user_embedder": settings.knowledge.embedder}
    with tempfile.TemporaryDirectory(prefix="kb-user-") as tmp:
        base_env = {k: v for k, v in os.environ.items() if not k.startswith("ASSISTANT_")}
        base_env.update({"HF_HUB_OFFLINE": "1", "ANONYMIZED_TELEMETRY": "False",
                         "ASSISTANT_KNOWLEDGE__EMBEDDER": settings.knowledge.embedder,
                         "PYTHONPATH": str(Path(__file__).resolve().parent.parent)})

        # fresh data directories: in-process (imports already paid) and whole process
        fresh_w, fresh_c = [], []
        for n in range(3):
            s = settings.model_copy(update={"data_dir": Path(tmp) / f"fresh{n}", "chroma_url": None})
            w0, c0 = time.perf_counter(), time.process_time()
            kb = KnowledgeBase(s)
            kb.ensure_corpus()
            kb.search(queries[0], k=5)
            fresh_w.append(time.perf_counter() - w0)
            fresh_c.append(time.process_time() - c0)
        result["fresh_ready_s"] = round(max(fresh_w), 3)
        result["fresh_ready_cpu_s"] = round(max(fresh_c), 3)
        env = {**base_env, "ASSISTANT_DATA_DIR": str(Path(tmp) / "fresh-proc")}
        wall, cpu, _ = _run([sys.executable, "-m", "assistant", "kb", "search", queries[0]], env)
        result["fresh_process_s"] = round(wall, 3)
        result["fresh_process_cpu_s"] = round(cpu, 3)

        # a warm `assistant kb search` process on that (now used) data directory
        walls, cpus = [], []
        for q in queries[1 : processes + 1]:
            wall, cpu, _ = _run([sys.executable, "-m", "assistant", "kb", "search", q], env)
            walls.append(wall)
            cpus.append(cpu)
        result["kb_search_process_s"] = round(statistics.median(walls), 3)
        result["kb_search_process_cpu_s"] = round(statistics.median(cpus), 3)
        result["kb_search_process_max_s"] = round(max(walls), 3)

        # the 知识库 page's code path in a warm process: cached KnowledgeBase, search, extractive answer
        s = settings.model_copy(update={"data_dir": Path(tmp) / "app", "chroma_url": None})
        kb = KnowledgeBase(s)  # what st.cache_resource keeps
        kb.ensure_corpus()
        kb.search("预算", k=5)
        walls, cpus = [], []
        for q in queries:  # every query new to the process: no query cache helps
            w0, c0 = time.perf_counter(), time.process_time()
            hits = kb.search(q, k=5)
            extractive_answer(q, hits)
            walls.append(time.perf_counter() - w0)
            cpus.append(time.process_time() - c0)
        result["app_search_queries"] = len(queries)
        result["app_search_p50_ms"] = round(statistics.median(walls) * 1000, 2)
        result["app_search_p95_ms"] = round(_pct(walls, 0.95) * 1000, 2)
        result["app_search_cpu_p95_ms"] = round(_pct(cpus, 0.95) * 1000, 2)

        # the whole page rerun through Streamlit's AppTest (rendering included), warm after its first run
        result.update(_page_reruns(Path(tmp) / "page", queries[:20]))

        # where a search process spends its time
        wall, cpu, out = _run([sys.executable, "-c", PROFILE_SCRIPT, *queries[:11]], env)
        result["profile"] = [
            {"phase": name, "wall_ms": w, "cpu_ms": c} for name, w, c in json.loads(out.strip().splitlines()[-1])
        ]
    return result


def _page_reruns(data_dir: Path, queries: list[str]) -> dict[str, Any]:
    """p95 of the 知识库 page rerun after typing a query (AppTest: script, search, rendering)."""
    from streamlit.testing.v1 import AppTest

    page = Path(__file__).resolve().parent.parent / "app_pages" / "3_知识库.py"
    old = os.environ.get("ASSISTANT_DATA_DIR")
    os.environ["ASSISTANT_DATA_DIR"] = str(data_dir)
    try:
        w0, c0 = time.perf_counter(), time.process_time()
        at = AppTest.from_file(str(page), default_timeout=600).run()
        first_w, first_c = time.perf_counter() - w0, time.process_time() - c0
        walls, cpus = [], []
        for q in queries:
            w0, c0 = time.perf_counter(), time.process_time()
            at.text_input(key="kb_query").set_value(q).run()
            walls.append(time.perf_counter() - w0)
            cpus.append(time.process_time() - c0)
            if at.exception:
                raise RuntimeError(f"page raised: {at.exception}")
    finally:
        if old is None:
            os.environ.pop("ASSISTANT_DATA_DIR", None)
        else:
            os.environ["ASSISTANT_DATA_DIR"] = old
    return {
        "app_page_first_run_s": round(first_w, 3),
        "app_page_first_run_cpu_s": round(first_c, 3),
        "app_page_rerun_p95_ms": round(_pct(walls, 0.95) * 1000, 1),
        "app_page_rerun_cpu_p95_ms": round(_pct(cpus, 0.95) * 1000, 1),
    }


def format_profile(profile: list[dict[str, Any]]) -> str:
    lines = [f"{'phase':<48} {'wall ms':>9} {'CPU ms':>9}"]
    lines += [f"{p['phase']:<48} {p['wall_ms']:>9.1f} {p['cpu_ms']:>9.1f}" for p in profile]
    return "\n".join(lines)


def main() -> None:
    import argparse

    from assistant.settings import Settings

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--chunks", type=int, default=10_000)
    parser.add_argument("--embedder", default=None, help="override settings.knowledge.embedder (hash, e5, …)")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--part", choices=["user", "scale", "all"], default="all",
                        help="user: app/CLI/fresh-dir timings on the shipped corpus; scale: the 10k-chunk run")
    args = parser.parse_args()
    settings = Settings()
    if args.embedder:
        settings = settings.model_copy(
            update={"knowledge": settings.knowledge.model_copy(update={"embedder": args.embedder})}
        )
    result: dict[str, Any] = {}
    if args.part in ("user", "all"):
        result.update(bench_user_paths(settings))
    if args.part in ("scale", "all"):
        result.update(bench_retrieval(settings, n_chunks=args.chunks, user_paths=False))
    if args.json:
        print(json.dumps(result, ensure_ascii=False, indent=2))
    else:
        for key, value in result.items():
            if key != "profile":
                print(f"{key:<30} {value}")
        if "profile" in result:
            print(format_profile(result["profile"]))


if __name__ == "__main__":
    main()
