from __future__ import annotations

import json
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import numpy as np
import pytest

from assistant.errors import ConfigError
from assistant.knowledge.embedders import HashEmbedder, OpenAIEmbedder, make_embedder

from .conftest import ROOT, make_settings

TEXTS = ["三公经费包括公务接待费", "预算执行率等于全年执行数除以全年预算数", ""]


def test_hash_embedder_is_deterministic_and_normalised():
    a = HashEmbedder().embed_documents(TEXTS)
    b = HashEmbedder().embed_documents(TEXTS)
    assert a.shape == (3, 512) and a.dtype == np.float32
    assert np.array_equal(a, b)
    assert np.allclose(np.linalg.norm(a[:2], axis=1), 1.0, atol=1e-5)
    assert not a[2].any()  # empty text -> zero vector, no NaN
    q = HashEmbedder().embed_query("三公经费")
    assert float(a[0] @ q) > float(a[1] @ q)


def test_hash_embedder_same_in_a_new_process():
    code = (
        "import json,sys; from assistant.knowledge.embedders import HashEmbedder;"
        "print(json.dumps(HashEmbedder().embed_documents(json.loads(sys.argv[1])).tolist()))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code, json.dumps(TEXTS[:2], ensure_ascii=False)],
        capture_output=True, text=True, check=True, cwd=ROOT,
    )
    other = np.asarray(json.loads(out.stdout), dtype=np.float32)
    assert np.allclose(other, HashEmbedder().embed_documents(TEXTS[:2]), atol=1e-7)


def test_spec_parsing(tmp_path):
    s = make_settings(tmp_path)
    assert make_embedder("hash", s).spec == "hash"
    assert make_embedder("hash:256", s).dim == 256
    assert make_embedder("e5", s).spec == "e5"
    with pytest.raises(ConfigError):
        make_embedder("onnx", s)
    with pytest.raises(ConfigError):
        make_embedder("openai:text-embedding-3-small", s)  # no base URL configured


class _FakeEmbeddings(BaseHTTPRequestHandler):
    requests: list[dict] = []

    def do_POST(self):  # noqa: N802 - http.server API
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        type(self).requests.append({"path": self.path, "auth": self.headers.get("Authorization"), **body})
        data = []
        for i, text in enumerate(body["input"]):
            rng = np.random.default_rng(sum(text.encode("utf-8")))  # deterministic per text
            data.append({"object": "embedding", "index": i, "embedding": rng.normal(size=8).tolist()})
        payload = json.dumps({"object": "list", "data": list(reversed(data)), "model": body["model"]}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, *args):
        pass


@pytest.fixture
def fake_embeddings_server():
    _FakeEmbeddings.requests = []
    server = HTTPServer(("127.0.0.1", 0), _FakeEmbeddings)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/v1"
    finally:
        server.shutdown()
        server.server_close()


def test_openai_compatible_endpoint(tmp_path, corpus, fake_embeddings_server, monkeypatch):
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test")
    s = make_settings(
        tmp_path, corpus, embedder="openai:fake-embed", embedding_base_url=fake_embeddings_server
    )
    emb = make_embedder(s.knowledge.embedder, s)
    assert isinstance(emb, OpenAIEmbedder)
    vecs = emb.embed_documents(["甲", "乙"])
    assert vecs.shape == (2, 8)
    assert np.allclose(np.linalg.norm(vecs, axis=1), 1.0, atol=1e-5)
    assert np.allclose(vecs[0], emb.embed_query("甲"), atol=1e-6)  # response order restored by index
    req = _FakeEmbeddings.requests[0]
    assert req["path"] == "/v1/embeddings" and req["model"] == "fake-embed" and req["auth"] == "Bearer sk-test"
    assert "sk-test" not in json.dumps(emb.config())

    from assistant.knowledge import KnowledgeBase

    kb = KnowledgeBase(s)
    hits = kb.search("三公经费", k=3, method="vector")
    assert len(hits) == 3 and all(h.id.startswith("K-") for h in hits)
    assert kb.collection.configuration_json["embedding_function"]["name"] == "assistant-openai"


def test_openai_endpoint_failure_is_retrieval_error(tmp_path):
    from assistant.errors import RetrievalError

    emb = OpenAIEmbedder("m", "http://127.0.0.1:9/v1", timeout_s=2)
    with pytest.raises(RetrievalError):
        emb.embed_query("x")


def test_e5_embedder_query_passage_asymmetry():
    emb = make_embedder("e5")
    p = emb.embed_documents(["预算执行率等于全年执行数除以全年预算数", "三公经费包括公务接待费"])
    q = emb.embed_query("执行率怎么算")
    assert p.shape == (2, 384)
    assert np.allclose(np.linalg.norm(p, axis=1), 1.0, atol=1e-4)
    assert float(p[0] @ q) > float(p[1] @ q)
    assert not np.allclose(emb.embed_documents(["执行率怎么算"])[0], q)  # different prefixes
