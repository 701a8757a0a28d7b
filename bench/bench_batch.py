"""Batch review at scale: `assistant review FOLDER --format jsonl` over 1,000 and 10,000 mixed .txt/.docx
reports made from the test fixtures, on 1 job and on every core.

Measures wall time, reports/s per core, the peak resident memory of the whole process tree (parent + workers,
summed, sampled from /proc every 20 ms) and the ratio of batch time to merely reading the same files.
Also the CPU seconds of the whole tree (parent + pool workers, from the kernel's accounting of waited-for
children): on a shared machine wall time depends on the other load, CPU time much less.
Sizes: 1,000 by default; ``BENCH_BATCH_LARGE=1`` adds 10,000 (about 10 minutes on 2 idle cores, and the peak
memory comparison 1,000 → 10,000); ``BENCH_BATCH_SIZES="200,1000"`` picks any. The 1-job run is done for the
smallest size only.
"""

from __future__ import annotations

import io
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FIX = ROOT / "tests" / "fixtures"
SOURCES = [FIX / n for n in ("seed_000.txt", "clean_a.txt", "clean_b.txt", "clean_d_linye.txt",
                             "variant_zhuzhou_pipe.txt", "project_only_b.txt", "clean_a.docx", "clean_b.docx")]


def make_folder(n: int, root: Path) -> Path:
    """n reports, about a quarter .docx; the .txt ones get a unique trailing line so no two are identical."""
    d = root / f"reports_{n}"
    d.mkdir()
    for i in range(n):
        src = SOURCES[i % len(SOURCES)]
        dst = d / f"{i:05d}_{src.name}"
        if src.suffix == ".txt":
            dst.write_bytes(src.read_bytes() + f"\n（批量测试副本 {i}）\n".encode("utf-8"))
        else:
            shutil.copyfile(src, dst)
    return d


def _tree_rss(pid: int) -> int:
    """Resident bytes of pid and all its descendants (Linux /proc)."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    page = os.sysconf("SC_PAGE_SIZE")
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as fh:
                fields = fh.read().rsplit(b")", 1)[1].split()
            ppid, pages = int(fields[1]), int(fields[21])
        except (OSError, IndexError, ValueError):
            continue
        children.setdefault(ppid, []).append(int(entry))
        rss[int(entry)] = pages * page
    total, stack = 0, [pid]
    while stack:
        p = stack.pop()
        total += rss.get(p, 0)
        stack.extend(children.get(p, []))
    return total


def run_cli(folder: Path, jobs: int) -> dict:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "HF_HUB_OFFLINE": "1"}
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "assistant", "review", str(folder), "--format", "jsonl",
                             "--jobs", str(jobs), "--no-progress"], stdout=subprocess.PIPE,
                            stderr=subprocess.DEVNULL, env=env, cwd=ROOT)
    peak = [0]
    stop = threading.Event()

    def sample():
        while not stop.is_set():
            peak[0] = max(peak[0], _tree_rss(proc.pid))
            stop.wait(0.02)

    th = threading.Thread(target=sample, daemon=True)
    th.start()
    lines = sum(1 for _ in proc.stdout)  # streamed: counted, never held
    proc.wait()
    wall = time.perf_counter() - t0
    stop.set()
    th.join()
    after = resource.getrusage(resource.RUSAGE_CHILDREN)  # the CLI, and its workers it joined
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return {"wall_s": round(wall, 2), "cpu_s": round(cpu, 2), "peak_rss_mb": round(peak[0] / 2**20, 1),
            "lines": lines, "rc": proc.returncode}


def read_floor(f: Path) -> str:
    """Read one file and decode/unzip it to text: the floor any review must pay (a .docx: its main part
    unzipped and parsed, every text node joined; python-docx's cell objects would cost more than a review)."""
    import zipfile

    from lxml import etree

    data = f.read_bytes()
    if f.suffix == ".docx":
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            return "".join(etree.fromstring(zf.read("word/document.xml")).itertext())
    return data.decode("utf-8")


def read_only_s(folder: Path) -> float:
    """Every file of the folder through :func:`read_floor`."""
    t0 = time.perf_counter()
    for f in sorted(folder.iterdir()):
        read_floor(f)
    return time.perf_counter() - t0


def bench_batch(sizes: tuple[int, ...] | None = None) -> dict:
    from assistant.review.batch import default_jobs

    if sizes is None:
        default = "1000,10000" if os.environ.get("BENCH_BATCH_LARGE") == "1" else "1000"
        sizes = tuple(int(x) for x in os.environ.get("BENCH_BATCH_SIZES", default).split(",") if x.strip())
    cores = default_jobs()
    out: dict = {"batch_cores": cores}
    with tempfile.TemporaryDirectory(prefix="bench-batch-") as tmp:
        for n in sizes:
            folder = make_folder(n, Path(tmp))
            runs = {cores: run_cli(folder, cores)}
            if n == min(sizes) and cores > 1:
                runs[1] = run_cli(folder, 1)
            read_s = read_only_s(folder)
            for jobs, r in sorted(runs.items()):
                assert r["rc"] in (0, 1) and r["lines"] == n, r
                tag = f"batch_{n}_j{jobs}"
                out[f"{tag}_s"] = r["wall_s"]
                out[f"{tag}_cpu_s"] = r["cpu_s"]
                out[f"{tag}_peak_rss_mb"] = r["peak_rss_mb"]
                out[f"{tag}_reports_per_s_per_core"] = round(n / r["wall_s"] / jobs, 1)
            out[f"batch_{n}_s"] = runs[cores]["wall_s"]  # every core: the figure the targets name
            out[f"batch_{n}_peak_rss_mb"] = runs[cores]["peak_rss_mb"]
            out[f"batch_{n}_read_only_s"] = round(read_s, 2)
            out[f"batch_{n}_to_read_ratio"] = round(runs[cores]["wall_s"] / read_s, 1)
            shutil.rmtree(folder)
    if len(sizes) > 1:
        lo, hi = min(sizes), max(sizes)
        a, b = out[f"batch_{lo}_j{cores}_peak_rss_mb"], out[f"batch_{hi}_j{cores}_peak_rss_mb"]
        out["batch_peak_rss_growth_pct"] = round(100 * (b - a) / a, 1)
    return out


if __name__ == "__main__":
    import json

    print(json.dumps(bench_batch(), indent=2))
