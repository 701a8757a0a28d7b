"""AppTest setup: repo root importable (app_pages._common), fresh data dir per test (root conftest)."""

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


@pytest.fixture
def seed_bytes() -> bytes:
    return (ROOT / "tests" / "fixtures" / "seed_000.txt").read_bytes()
