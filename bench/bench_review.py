"""Parse+review timing per report (p50/p95) next to merely reading the file, a 100-report batch,
and the whole `assistant review FILE` process."""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from pathlib import Path

from bench.bench_batch import read_floor

ROOT = Path(__file__).resolve().parent.parent
FILES = [ROOT / "tests/fixtures/seed_000.txt", ROOT / "tests/fixtures/clean_a.txt",
         ROOT / "tests/fixtures/clean_b.txt", ROOT / "tests/fixtures/clean_a.docx"]


def _pct(xs: list[float], p: float) -> float:
    xs = sorted(xs)
    k = max(0, min(len(xs) - 1, round(p / 100 * (len(xs) - 1))))
    return xs[k]


def _cold() -> None:
    """Forget text caches so repeating the same file measures a never-seen report honestly."""
    from assistant.report.normalize import clean_line, to_halfwidth

    to_halfwidth.cache_clear()
    clean_line.cache_clear()


def bench_review(repeats: int = 30) -> dict:
    from assistant.report import parse_bytes
    from assistant.review import review
    from assistant.review.profile import load_profile
    from assistant.settings import Settings

    profile = load_profile()
    settings = Settings()  # built once, as the CLI does
    # warm up imports and caches
    review(parse_bytes(FILES[0].read_bytes(), FILES[0].name, settings), profile=profile)
    full_t = []
    for _ in range(repeats):
        for f in FILES:
            _cold()
            t0 = time.perf_counter()
            review(parse_bytes(f.read_bytes(), f.name, settings), profile=profile)
            full_t.append(time.perf_counter() - t0)
    # 100-report batch (mixed txt/docx) in one process
    batch = [FILES[i % len(FILES)] for i in range(100)]
    t0 = time.perf_counter()
    for f in batch:
        _cold()
        review(parse_bytes(f.read_bytes(), f.name, settings), profile=profile)
    batch_s = time.perf_counter() - t0
    # whole CLI process
    procs = []
    for _ in range(5):
        t0 = time.perf_counter()
        subprocess.run([sys.executable, "-m", "assistant", "review", str(FILES[0]), "--format", "json"],
                       capture_output=True, check=False)
        procs.append(time.perf_counter() - t0)
    # "read the file" = read bytes + decode/unzip to text: the floor any review must pay (the batch bench's)
    read_only = read_floor

    per_format = {}
    for suffix in (".txt", ".docx"):
        fs = [f for f in FILES if f.suffix == suffix]
        rd, rv = [], []
        for _ in range(repeats):
            for f in fs:
                _cold()
                t0 = time.perf_counter()
                read_only(f)
                t1 = time.perf_counter()
                review(parse_bytes(f.read_bytes(), f.name, settings), profile=profile)
                t2 = time.perf_counter()
                rd.append(t1 - t0)
                rv.append(t2 - t1)
        per_format[suffix] = (statistics.median(rd), statistics.median(rv))
    p50, p95 = statistics.median(full_t), _pct(full_t, 95)
    out = {
        "review_p50_ms": round(p50 * 1000, 2),
        "review_p95_ms": round(p95 * 1000, 2),
        "batch_100_s": round(batch_s, 3),
        "cli_process_p50_s": round(statistics.median(procs), 3),
    }
    for suffix, (rd, rv) in per_format.items():
        key = suffix.strip(".")
        out[f"{key}_read_p50_ms"] = round(rd * 1000, 3)
        out[f"{key}_parse_review_p50_ms"] = round(rv * 1000, 2)
        out[f"{key}_review_to_read_ratio"] = round(rv / rd, 1) if rd else None
    return out


if __name__ == "__main__":
    import json

    print(json.dumps(bench_review(), indent=2))
