"""App cold start: `streamlit run app.py` process start → health endpoint OK → first page (GET /) served.

Also, when /usr/bin/chromium exists, ``first_paint_s``: process start → the 起草 page title rendered.

Run: `python -m bench.bench_app [--runs 3]`. Target: < 3 s. Each run is a fresh process on a free
localhost port with an empty data dir (nothing cached).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Iterator

ROOT = Path(__file__).resolve().parent.parent
TARGET_S = 3.0


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def streamlit_cmd(port: int) -> list[str]:
    return [
        sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py"),
        f"--server.port={port}", "--server.address=127.0.0.1", "--server.headless=true",
        "--browser.gatherUsageStats=false", "--server.fileWatcherType=none",
    ]


def app_env(data_dir: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update({
        "ASSISTANT_DATA_DIR": data_dir, "HF_HUB_OFFLINE": "1", "ANONYMIZED_TELEMETRY": "False",
        "LANGSMITH_TRACING": "false", "PYTHONUNBUFFERED": "1",
    })
    for k in ("OPENAI_API_KEY", "OPENAI_BASE_URL"):
        env.pop(k, None)
    return env


def _get(url: str, timeout: float = 1.0) -> tuple[int, bytes]:
    with urllib.request.urlopen(url, timeout=timeout) as r:  # noqa: S310 - localhost only
        return r.status, r.read()


def wait_ready(port: int, proc: subprocess.Popen, deadline_s: float = 60.0) -> float:
    """Seconds until /_stcore/health answers 200 and GET / returns the page."""
    t0 = time.perf_counter()
    base = f"http://127.0.0.1:{port}"
    while time.perf_counter() - t0 < deadline_s:
        if proc.poll() is not None:
            raise RuntimeError(f"streamlit exited with {proc.returncode}")
        try:
            status, _ = _get(base + "/_stcore/health", 0.5)
            if status == 200:
                status, body = _get(base + "/", 2.0)
                if status == 200 and b"<html" in body.lower():
                    return time.perf_counter() - t0
        except OSError:
            pass
        time.sleep(0.02)
    raise TimeoutError(f"app not ready after {deadline_s}s")


@contextlib.contextmanager
def running_app(data_dir: str, log=subprocess.DEVNULL) -> Iterator[tuple[int, float]]:
    """Start `streamlit run app.py` on a free localhost port; yield (port, start time) once it serves
    the page; always stop it. Shared by the cold-start bench, the first-paint bench and the browser test."""
    port = free_port()
    t0 = time.perf_counter()
    proc = subprocess.Popen(streamlit_cmd(port), cwd=ROOT, env=app_env(data_dir), stdout=log, stderr=log)
    try:
        wait_ready(port, proc)
        yield port, t0
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()


def one_run() -> float:
    with tempfile.TemporaryDirectory() as data, running_app(data) as (_port, t0):
        return time.perf_counter() - t0


CHROMIUM = Path("/usr/bin/chromium")


def first_paint_run() -> float | None:
    """Process start → the 起草 page title visible in headless chromium (None without chromium)."""
    if not CHROMIUM.exists():
        return None
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
            "--no-first-run", "--disable-sync"])
        try:
            with tempfile.TemporaryDirectory() as data, running_app(data) as (port, t0):
                page = browser.new_page()
                page.goto(f"http://127.0.0.1:{port}/draft")
                page.get_by_text("起草自评报告").first.wait_for(timeout=60_000)
                return time.perf_counter() - t0
        finally:
            browser.close()


def bench_app(runs: int = 3) -> dict:
    times = [one_run() for _ in range(runs)]
    out: dict = {
        "cold_start_s": round(statistics.median(times), 3),
        "cold_start_max_s": round(max(times), 3),
        "cold_start_runs": runs,
    }
    paints = [t for t in (first_paint_run() for _ in range(runs)) if t is not None]
    if paints:
        out["first_paint_s"] = round(statistics.median(paints), 3)
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args(argv)
    res = bench_app(args.runs)
    print(json.dumps(res, indent=2))
    ok = res["cold_start_s"] < TARGET_S
    print(f"cold start {res['cold_start_s']:.2f}s (median of {args.runs}) — target < {TARGET_S:.0f}s "
          + ("✓" if ok else "✗"))
    if "first_paint_s" in res:
        print(f"first paint in chromium (起草 page rendered) {res['first_paint_s']:.2f}s")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
