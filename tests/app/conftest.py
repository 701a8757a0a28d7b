"""AppTest setup: repo root importable (app_pages._common), fresh data dir per test (root conftest).

Browser tests (test_browser.py, test_workbench_browser.py) share ``app_url`` (a `streamlit run app.py`
per test module) and ``browser`` (Debian chromium via playwright) from here."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

PAGES = ROOT / "app_pages"
DRAFT_PAGE = str(PAGES / "1_起草.py")
REVIEW_PAGE = str(PAGES / "2_审阅.py")
KB_PAGE = str(PAGES / "3_知识库.py")
EVAL_PAGE = str(PAGES / "4_评估.py")
APP = str(ROOT / "app.py")

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = ROOT / "test-artifacts"
SEED = ROOT / "tests" / "fixtures" / "seed_000.txt"
LAUNCH_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
    "--no-first-run", "--disable-sync",
]


@pytest.fixture
def seed_bytes() -> bytes:
    return (ROOT / "tests" / "fixtures" / "seed_000.txt").read_bytes()


@pytest.fixture(scope="module")
def app_url(tmp_path_factory):
    """A `streamlit run app.py` on a free port with its own data dir, for one browser test module."""
    if not CHROMIUM.exists():
        msg = f"{CHROMIUM} not found: install Debian chromium + fonts-wqy-zenhei (as .ci/run does) to run this test"
        print(msg)
        pytest.skip(msg)
    from bench.bench_app import running_app

    data = tmp_path_factory.mktemp("browser-data")
    with open(tmp_path_factory.mktemp("log") / "streamlit.log", "wb") as log, \
            running_app(str(data), log=log) as (port, _t0):
        yield f"http://127.0.0.1:{port}"


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=LAUNCH_ARGS)
        yield b
        b.close()


def wait_idle(page) -> None:
    """Wait until Streamlit has finished the current script run."""
    page.wait_for_timeout(300)
    page.wait_for_function(
        "() => !document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=60_000
    )
