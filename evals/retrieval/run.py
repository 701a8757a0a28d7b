"""Retrieval eval: recall@5 and MRR@10 per method over ``queries.jsonl`` against the shipped corpus.

``"paraphrase": true`` marks colloquial questions (how a unit's staff would type them). ``"split"``:
``heldout`` — written after a version of ``assistant/knowledge/synonyms.txt`` and never used to tune it (the
2026-11-29 general additions to the table were written by the author of 45 of them, so their recall is
optimistic); ``heldout2`` — written after the table's last change and never run before being recorded: the
honest estimate for unseen colloquial questions; ``v2`` — literal queries added 2026-11-29. All queries were
written from the documents' topics and headings, without reading the chunk texts.

Each query names the document (file name) and one or more headings; a hit is relevant when its ``doc``
matches and one of the headings occurs in its heading path. Every embedder gets its own temporary data
dir, so the user's knowledge base is never touched.

Run: ``python -m evals.retrieval.run`` (prints a table; ``--json`` prints the dict).
"""

from __future__ import annotations

import json
import os
import tempfile
import time
from pathlib import Path
from typing import Any

QUERIES = Path(__file__).with_name("queries.jsonl")
K_RECALL = 5
K_MRR = 10
# method label -> (embedder spec, search method)
CONFIGS: dict[str, tuple[str, str]] = {
    "lexical": ("hash", "lexical"),
    "vector-hash": ("hash", "vector"),
    "vector-e5": ("e5", "vector"),
    "hybrid-hash": ("hash", "hybrid"),
    "hybrid-e5": ("e5", "hybrid"),
}


def load_queries(path: Path = QUERIES) -> list[dict[str, Any]]:
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            rows.append(json.loads(line))
    return rows


def _relevant(hit: Any, row: dict[str, Any]) -> bool:
    return hit.doc == row["doc"] and any(h in hit.section for h in row["headings"])


def _score(kb: Any, rows: list[dict[str, Any]], method: str) -> dict[str, float]:
    groups_all = ("all", "paraphrase", "literal", "heldout", "heldout2")
    recall = dict.fromkeys(groups_all, 0)
    counts = dict.fromkeys(groups_all, 0)
    rr = dict.fromkeys(groups_all, 0.0)
    latencies = []
    for row in rows:
        t0 = time.perf_counter()
        hits = kb.search(row["query"], k=K_MRR, method=method)
        latencies.append(time.perf_counter() - t0)
        rank = next((i for i, h in enumerate(hits, start=1) if _relevant(h, row)), None)
        groups = ["all", "paraphrase" if row.get("paraphrase") else "literal"]
        if row.get("split") in ("heldout", "heldout2"):
            groups.append(row["split"])
        for g in groups:
            counts[g] += 1
            if rank is not None and rank <= K_RECALL:
                recall[g] += 1
            if rank is not None:
                rr[g] += 1.0 / rank
    return {
        "recall@5": round(recall["all"] / counts["all"], 4),
        "recall@5_paraphrase": round(recall["paraphrase"] / max(counts["paraphrase"], 1), 4),
        "recall@5_literal": round(recall["literal"] / max(counts["literal"], 1), 4),
        "recall@5_heldout": round(recall["heldout"] / max(counts["heldout"], 1), 4),
        "recall@5_heldout2": round(recall["heldout2"] / max(counts["heldout2"], 1), 4),
        "mrr@10": round(rr["all"] / counts["all"], 4),
        "mrr@10_paraphrase": round(rr["paraphrase"] / max(counts["paraphrase"], 1), 4),
        "mrr@10_heldout": round(rr["heldout"] / max(counts["heldout"], 1), 4),
        "mean_query_ms": round(1000 * sum(latencies) / len(latencies), 2),
    }


def run_retrieval_eval(settings: Any, methods: list[str] | None = None) -> dict[str, Any]:
    """Recall@5 / MRR@10 per method, plus the corpus ingest time per embedder."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    from assistant.knowledge import KnowledgeBase

    rows = load_queries()
    wanted = methods or list(CONFIGS)
    results: dict[str, Any] = {
        "n_queries": len(rows),
        "n_paraphrase": sum(1 for r in rows if r.get("paraphrase")),
        "n_heldout": sum(1 for r in rows if r.get("split") == "heldout"),
        "n_heldout2": sum(1 for r in rows if r.get("split") == "heldout2"),
        "methods": {},
        "ingest_seconds": {},
        "chunks": {},
    }
    by_embedder: dict[str, list[str]] = {}
    for label in wanted:
        by_embedder.setdefault(CONFIGS[label][0], []).append(label)
    for embedder, labels in by_embedder.items():
        with tempfile.TemporaryDirectory(prefix=f"kb-eval-{embedder}-") as tmp:
            knowledge = settings.knowledge.model_copy(update={"embedder": embedder})
            s = settings.model_copy(update={"data_dir": Path(tmp), "chroma_url": None, "knowledge": knowledge})
            kb = KnowledgeBase(s)
            t0 = time.perf_counter()
            kb.ensure_corpus()
            results["ingest_seconds"][embedder] = round(time.perf_counter() - t0, 2)
            results["chunks"][embedder] = sum(d.chunks for d in kb.list_docs())
            for label in labels:
                kb._query_vectors.clear()  # time every method with cold query embeddings
                results["methods"][label] = _score(kb, rows, CONFIGS[label][1])
    return results


def format_table(results: dict[str, Any]) -> str:
    lines = [
        f"queries: {results['n_queries']} (paraphrased {results['n_paraphrase']}, "
        f"of which held out from synonyms.txt tuning {results['n_heldout']}, written after its last change "
        f"{results.get('n_heldout2', 0)})",
        f"{'method':<12} {'recall@5':>9} {'para':>7} {'heldout':>8} {'heldout2':>9} {'literal':>8} {'MRR@10':>8} "
        f"{'MRRpara':>8} {'ms/query':>9}",
    ]
    for label, m in results["methods"].items():
        lines.append(
            f"{label:<12} {m['recall@5']:>9.3f} {m['recall@5_paraphrase']:>7.3f} {m['recall@5_heldout']:>8.3f} "
            f"{m['recall@5_heldout2']:>9.3f} "
            f"{m['recall@5_literal']:>8.3f} "
            f"{m['mrr@10']:>8.3f} {m['mrr@10_paraphrase']:>8.3f} {m['mean_query_ms']:>9.2f}"
        )
    for emb, sec in results["ingest_seconds"].items():
        lines.append(f"ingest[{emb}]: {sec:.2f}s for {results['chunks'][emb]} chunks")
    return "\n".join(lines)


def main() -> None:
    import argparse

    from assistant.settings import Settings

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="print the result dict as JSON")
    parser.add_argument("--methods", nargs="*", choices=list(CONFIGS), help="subset of methods")
    args = parser.parse_args()
    results = run_retrieval_eval(Settings(), methods=args.methods)
    print(json.dumps(results, ensure_ascii=False, indent=2) if args.json else format_table(results))


if __name__ == "__main__":
    main()
