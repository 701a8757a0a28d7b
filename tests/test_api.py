"""HTTP API over real HTTP (uvicorn on 127.0.0.1): review contract, errors as JSON, concurrent uploads."""

from __future__ import annotations

import json
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest

from assistant.export import findings_format as ff
from assistant.report import parse_file
from assistant.review import review
from assistant.settings import Settings
from tests.api_server import running_api
from tests.conftest import FIXTURES, SEED


@pytest.fixture(scope="module")
def server():
    with running_api(Settings(limits={"max_file_bytes": 2_000_000})) as url:
        yield url


def _expected(path):
    settings = Settings()
    return json.loads(ff.render_json(review(parse_file(path, settings), settings)))


def test_health_and_openapi(server):
    assert httpx.get(f"{server}/health").json() == {"status": "ok"}
    spec = httpx.get(f"{server}/openapi.json").json()
    assert {"/review", "/parse", "/health"} <= set(spec["paths"])


def test_review_one_file_is_the_cli_object_and_several_a_list(server):
    one = httpx.post(f"{server}/review", files={"files": (SEED.name, SEED.read_bytes())}, timeout=60)
    assert one.status_code == 200 and one.json() == _expected(SEED)
    docx = FIXTURES / "clean_b.docx"
    many = httpx.post(f"{server}/review", timeout=60, files=[
        ("files", (SEED.name, SEED.read_bytes())), ("files", (docx.name, docx.read_bytes()))])
    assert many.status_code == 200 and many.json() == [_expected(SEED), _expected(docx)]


def test_bad_file_is_a_one_line_json_400(server):
    r = httpx.post(f"{server}/review", files={"files": ("x.docx", b"PK\x03\x04broken")}, timeout=60)
    assert r.status_code == 400
    body = r.json()
    assert list(body) == ["error"] and "x.docx" in body["error"] and "\n" not in body["error"]
    assert "Traceback" not in r.text


def test_too_large_is_413_and_missing_field_422(server):
    r = httpx.post(f"{server}/review", files={"files": ("big.txt", b"x" * 2_000_001)}, timeout=60)
    assert r.status_code == 413 and "big.txt" in r.json()["error"]
    r = httpx.post(f"{server}/review", data={"nothing": "here"}, timeout=60)
    assert r.status_code == 422 and r.json()["error"].startswith("请求格式错误")


def test_parse_returns_the_report_model(server):
    r = httpx.post(f"{server}/parse", files={"file": (SEED.name, SEED.read_bytes())}, timeout=60)
    assert r.status_code == 200 and r.json()["meta"]["file"] == SEED.name


def test_fifty_concurrent_uploads_with_one_bad_file(server):
    files = [FIXTURES / n for n in ("clean_a.txt", "clean_b.docx", "clean_d_linye.txt", "project_only_b.txt")]
    expected = {f.name: _expected(f) for f in files}
    jobs = [(f.name, f.read_bytes()) for f in files] * 12 + [("bad.docx", b"PK\x03\x04no"), (SEED.name, SEED.read_bytes())]
    expected[SEED.name] = _expected(SEED)

    def post(job):
        with httpx.Client(timeout=120) as c:
            return job[0], c.post(f"{server}/review", files={"files": job})

    with ThreadPoolExecutor(max_workers=10) as pool:
        answers = list(pool.map(post, jobs))
    assert len(answers) == 50
    for name, r in answers:
        if name == "bad.docx":
            assert r.status_code == 400 and "bad.docx" in r.json()["error"]
        else:
            assert r.status_code == 200 and r.json() == expected[name], name


def test_knowledge_search_has_the_cli_shape(server):
    r = httpx.get(f"{server}/kb/search", params={"q": "绩效目标", "k": 3, "method": "lexical"}, timeout=120)
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["query"] == "绩效目标" and 1 <= len(body["hits"]) <= 3
    assert set(body["hits"][0]) == {"id", "doc", "title", "section", "text", "score", "citation"}
    assert httpx.get(f"{server}/kb/search", params={"q": ""}, timeout=30).status_code == 422
