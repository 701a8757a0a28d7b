"""Shared test setup: isolated data dir, offline everything, network blocked except localhost."""

from __future__ import annotations

import os
import socket
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEED = Path(__file__).resolve().parent / "fixtures" / "seed_000.txt"
SHARED_SEED = ROOT.parent / "shared" / "seed" / "000_e7f97d6ee2f5c671.txt"
FIXTURES = Path(__file__).resolve().parent / "fixtures"

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")
os.environ.setdefault("LANGSMITH_TRACING", "false")
os.environ.setdefault("LANGCHAIN_TRACING_V2", "false")
for _k in ("OPENAI_API_KEY", "OPENAI_BASE_URL", "CHROMA_URL", "DATABASE_URL"):
    os.environ.pop(_k, None)


def pytest_configure(config):
    sys._called_from_test = True  # type: ignore[attr-defined]


def pytest_report_header(config):
    from importlib.metadata import PackageNotFoundError, version

    out = []
    for pkg in ("chromadb", "langchain-openai", "python-docx", "streamlit", "pydantic"):
        try:
            out.append(f"{pkg}=={version(pkg)}")
        except PackageNotFoundError:
            out.append(f"{pkg} (missing)")
    return "deps: " + ", ".join(out)


_real_connect = socket.socket.connect
_real_create_connection = socket.create_connection
_LOCAL = {"127.0.0.1", "localhost", "::1", "0.0.0.0", ""}


def _host_of(address) -> str:
    if isinstance(address, tuple) and address:
        return str(address[0])
    return "" if not isinstance(address, str) else "unix"


def _guarded_connect(self, address):
    if self.family == getattr(socket, "AF_UNIX", None):
        return _real_connect(self, address)
    host = _host_of(address)
    if host not in _LOCAL:
        raise OSError(f"network blocked in tests: {address!r}")
    return _real_connect(self, address)


def _guarded_create_connection(address, *args, **kwargs):
    host = _host_of(address)
    if host not in _LOCAL:
        raise OSError(f"network blocked in tests: {address!r}")
    return _real_create_connection(address, *args, **kwargs)


@pytest.fixture(autouse=True)
def _block_network(monkeypatch):
    monkeypatch.setattr(socket.socket, "connect", _guarded_connect)
    monkeypatch.setattr(socket, "create_connection", _guarded_create_connection)
    yield


@pytest.fixture(autouse=True)
def _isolated_data_dir(tmp_path, monkeypatch):
    data = tmp_path / "assistant-data"
    monkeypatch.setenv("ASSISTANT_DATA_DIR", str(data))
    for k in ("OPENAI_API_KEY", "OPENAI_BASE_URL", "CHROMA_URL", "DATABASE_URL", "ASSISTANT_LLM_MODEL"):
        monkeypatch.delenv(k, raising=False)
    yield data


@pytest.fixture
def settings(tmp_path):
    from assistant.settings import Settings

    return Settings(data_dir=tmp_path / "assistant-data")


@pytest.fixture(scope="session")
def seed_path() -> Path:
    """The real seed report (shipped copy in knowledge/, else the shared original)."""
    for p in (SEED, SHARED_SEED):
        if p.exists():
            return p
    pytest.fail("seed report not found in knowledge/past_reports/ nor ../shared/seed/")


@pytest.fixture(scope="session")
def seed_report(seed_path):
    from assistant.report import parse_file

    return parse_file(seed_path)


@pytest.fixture(scope="session")
def built_fixtures(tmp_path_factory) -> dict[str, Path]:
    """Rebuild every clean fixture into a tmp dir once per session (exercises the builders)."""
    from tests.fixtures.make_fixtures import build_all

    return build_all(tmp_path_factory.mktemp("fixtures"))
