"""Against a real Chroma server started by the test (CHROMA_URL -> HttpClient)."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest

from assistant.knowledge import KnowledgeBase

from .conftest import make_settings

CHROMA_BIN = Path(os.environ.get("VIRTUAL_ENV", "")) / "bin" / "chroma"


def _chroma_binary() -> str | None:
    import sys

    for candidate in (Path(sys.executable).parent / "chroma", CHROMA_BIN):
        if candidate.is_file():
            return str(candidate)
    return shutil.which("chroma")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def chroma_server(tmp_path):
    binary = _chroma_binary()
    if binary is None:
        print("SKIP reason: the `chroma` CLI is not installed next to the interpreter nor on PATH")
        pytest.skip("`chroma` binary not found; cannot start a Chroma server")
    port = _free_port()
    log = open(tmp_path / "chroma.log", "wb")
    env = {**os.environ, "ANONYMIZED_TELEMETRY": "False"}
    proc = subprocess.Popen(
        [binary, "run", "--path", str(tmp_path / "server-data"), "--port", str(port), "--host", "127.0.0.1"],
        stdout=log, stderr=subprocess.STDOUT, env=env,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                with urllib.request.urlopen(f"{url}/api/v2/heartbeat", timeout=1) as resp:
                    if resp.status == 200:
                        break
            except OSError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                log.flush()
                pytest.fail(f"chroma server did not start: {(tmp_path / 'chroma.log').read_text()[-1500:]}")
            time.sleep(0.2)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        log.close()


def test_knowledge_base_on_chroma_server(tmp_path, corpus, chroma_server, monkeypatch):
    monkeypatch.setenv("CHROMA_URL", chroma_server)
    from assistant.settings import Settings

    settings = Settings(data_dir=tmp_path / "data", knowledge={"corpus_dir": corpus})
    assert settings.chroma_url == chroma_server
    kb = KnowledgeBase(settings)
    assert [d.doc for d in kb.list_docs()] == ["policy.md", "report.txt"]  # corpus ingested on first use
    assert not settings.chroma_path.exists()  # nothing persisted locally

    hit = kb.search("三公经费包括哪些", k=1)[0]
    assert (hit.doc, hit.section) == ("policy.md", "一、三公经费")

    # a second client (another app instance) sees the same data and our registered embedder
    other = KnowledgeBase(make_settings(tmp_path / "other", corpus).model_copy(update={"chroma_url": chroma_server}))
    assert other.ensure_corpus() is None
    assert other.collection.configuration_json["embedding_function"]["name"] == "assistant-hash"
    assert other.remove("report.txt") > 0
    kb._last_check = 0.0  # skip the staleness-check interval
    assert all(h.doc != "report.txt" for h in kb.search("基本支出", k=10))
