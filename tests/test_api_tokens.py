"""API tokens for `assistant serve`: with tokens configured, requests without a valid bearer token get 401."""

from __future__ import annotations

import httpx
import pytest

from assistant.settings import Settings
from tests.api_server import running_api
from tests.conftest import SEED

TOKENS = ["tok-reviewer-1", "tok-bureau-system-2"]


@pytest.fixture(scope="module")
def server():
    with running_api(Settings(api_tokens=TOKENS)) as url:
        yield url


def _review(server, headers=None):
    return httpx.post(f"{server}/review", files={"files": (SEED.name, SEED.read_bytes())}, headers=headers or {},
                      timeout=60)


@pytest.mark.parametrize("headers", [None, {"Authorization": "Bearer wrong"}, {"Authorization": "Basic dG9rOg=="},
                                     {"Authorization": f"Bearer {TOKENS[0]}x"}])
def test_without_a_valid_token_the_answer_is_a_json_401(server, headers):
    r = _review(server, headers)
    assert r.status_code == 401
    assert list(r.json()) == ["error"] and "token" in r.json()["error"] and "\n" not in r.json()["error"]
    assert r.headers["www-authenticate"] == "Bearer"
    assert TOKENS[0] not in r.text and TOKENS[1] not in r.text


def test_every_configured_token_is_accepted(server):
    for tok in TOKENS:
        r = _review(server, {"Authorization": f"Bearer {tok}"})
        assert r.status_code == 200 and r.json()["file"] == SEED.name


def test_other_endpoints_are_guarded_but_health_and_docs_are_open(server):
    assert httpx.get(f"{server}/health").json() == {"status": "ok"}
    spec = httpx.get(f"{server}/openapi.json").json()
    assert "HTTPBearer" in spec["components"]["securitySchemes"]
    assert httpx.post(f"{server}/parse", files={"file": (SEED.name, SEED.read_bytes())}).status_code == 401
    assert httpx.get(f"{server}/kb/search", params={"q": "绩效"}).status_code == 401
    assert httpx.post(f"{server}/drafts", json={"unit": "x", "year": 2024}).status_code == 401
    ok = httpx.post(f"{server}/parse", files={"file": (SEED.name, SEED.read_bytes())},
                    headers={"Authorization": f"Bearer {TOKENS[1]}"}, timeout=60)
    assert ok.status_code == 200 and ok.json()["meta"]["file"] == SEED.name


def test_tokens_come_from_the_environment_as_a_json_list_and_stay_out_of_dumps(monkeypatch):
    monkeypatch.setenv("ASSISTANT_API_TOKENS", '["a-token", "b-token"]')
    s = Settings()
    assert [t.get_secret_value() for t in s.api_tokens] == ["a-token", "b-token"]
    assert "a-token" not in repr(s) and "a-token" not in s.model_dump_json()
