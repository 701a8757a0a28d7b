"""The API key never shows: not in errors (401/429/500/timeout), logs (DEBUG, all loggers incl. httpx/openai),
the DraftSuggestion JSON, nor a .docx/.txt export of the drafted report."""

from __future__ import annotations

import logging
import zipfile

import pytest

from assistant.drafting.drafter import draft_report_full, draft_section
from assistant.drafting.llm import ChatOpenAIPort
from assistant.errors import LLMUnavailable
from tests.fakes import FakeOpenAIServer, Reply

SENTINEL = "sk-SENTINEL-7f3a9c1e5b2d4068"
LOGGERS = ("", "httpx", "httpcore", "openai", "openai._base_client", "langchain", "langchain_openai", "assistant")
SEVEN = "（一）预算执行率偏低\n全年预算数1520.00万元，全年执行数1338.00万元，预算执行率88.03%。原因分析：项目实施进度安排偏后。"


@pytest.fixture
def server():
    with FakeOpenAIServer() as srv:
        yield srv


@pytest.fixture
def env_settings(tmp_path, server, monkeypatch):
    """Settings read from the environment, the way the app gets the key."""
    from assistant.settings import Settings

    monkeypatch.setenv("OPENAI_API_KEY", SENTINEL)
    monkeypatch.setenv("OPENAI_BASE_URL", server.base_url)
    monkeypatch.setenv("ASSISTANT_LLM_MODEL", "fake-model")
    monkeypatch.setenv("ASSISTANT_LLM__BACKEND", "openai")
    s = Settings(data_dir=tmp_path / "data")
    assert s.openai_api_key is not None and s.openai_api_key.get_secret_value() == SENTINEL
    assert SENTINEL not in repr(s) and SENTINEL not in s.model_dump_json()
    return s.model_copy(update={"llm": s.llm.model_copy(update={"timeout_s": 0.5, "max_retries": 1, "backoff_s": 0.0})})


@pytest.fixture
def all_logs(caplog):
    for name in LOGGERS:
        caplog.set_level(logging.DEBUG, logger=name)
    return caplog


def _log_text(caplog) -> str:
    out = []
    for rec in caplog.records:
        out.append(rec.getMessage())
        out.append(repr(rec.args))
        if rec.exc_text:
            out.append(rec.exc_text)
    return "\n".join(out) + caplog.text


FAULTS = {
    "401": [Reply("status", status=401, text=f"Incorrect API key provided: {SENTINEL}")],
    "429": [Reply("status", status=429, text="rate limited")] * 2,
    "500": [Reply("status", status=500, text="boom")] * 2,
    "timeout": [Reply("sleep", delay=1.0, text="late")] * 2,
}


@pytest.mark.parametrize("fault", list(FAULTS))
def test_key_absent_from_errors_and_logs(fault, server, env_settings, all_logs, unit_b, retriever):
    server.enqueue(*FAULTS[fault])
    port = ChatOpenAIPort(env_settings, sleep=lambda s: None)
    with pytest.raises(LLMUnavailable) as info:
        draft_section(unit_b, "七", port=port, retriever=retriever)
    err = info.value
    chain = [str(err), repr(err), *(str(a) for a in err.args)]
    cause = err.__cause__ or err.__context__
    while cause is not None:
        chain += [str(cause), repr(cause)]
        cause = cause.__cause__ or cause.__context__
    assert all(SENTINEL not in c for c in chain)
    # the key did go out (as the bearer token), so the check above is meaningful
    headers = {k.lower(): v for k, v in server.requests[0]["headers"].items()}
    assert headers["authorization"] == f"Bearer {SENTINEL}"
    assert all_logs.records, "DEBUG logging was captured"
    assert SENTINEL not in _log_text(all_logs)


def test_key_absent_from_suggestion_and_exports(server, env_settings, all_logs, unit_b, retriever, tmp_path):
    from assistant.export.report_docx import export_report_docx, export_report_text

    server.enqueue(Reply("status", status=429), SEVEN)
    port = ChatOpenAIPort(env_settings, sleep=lambda s: None)
    s = draft_section(unit_b, "七", port=port, retriever=retriever)
    assert s.text == SEVEN and SENTINEL not in s.model_dump_json()

    one = "（一）部门（单位）基本情况\n核定编制68人。"
    server.enqueue(one, *[SEVEN] * 9)
    d = draft_report_full(unit_b, env_settings, port=ChatOpenAIPort(env_settings, sleep=lambda s: None),
                          retriever=retriever)
    for sug in d.suggestions.values():
        assert SENTINEL not in sug.model_dump_json()
    assert SENTINEL not in d.report.model_dump_json()
    txt = tmp_path / "draft.txt"
    txt.write_text(export_report_text(d.report, "txt"), encoding="utf-8")
    docx = export_report_docx(d.report, tmp_path / "draft.docx")
    assert SENTINEL not in txt.read_text(encoding="utf-8")
    with zipfile.ZipFile(docx) as z:
        for name in z.namelist():
            assert SENTINEL.encode() not in z.read(name), name
    assert SENTINEL not in _log_text(all_logs)
