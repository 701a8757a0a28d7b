"""Fixtures for export tests: the seed (root conftest), the clean fixtures, and a small report built here."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.export._export_cases import OWN_REPORT


@pytest.fixture(scope="session")
def own_report_path(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("own") / "changde_2021.txt"
    path.write_text(OWN_REPORT, encoding="utf-8")
    return path


@pytest.fixture(scope="session")
def own_report(own_report_path):
    from assistant.report import parse_file

    return parse_file(own_report_path)
