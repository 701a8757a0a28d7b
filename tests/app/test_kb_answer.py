"""知识库 answers: extractive offline; with an LLM endpoint (the fake OpenAI server) written, cited and
number-guarded, falling back to the extractive answer with a reason."""

from __future__ import annotations

import pytest
from pydantic import SecretStr
from streamlit.testing.v1 import AppTest

from assistant.drafting.llm import ChatOpenAIPort
from assistant.drafting.numbers import find_numbers
from assistant.drafting.prompts import load_prompts
from assistant.knowledge.models import Hit
from assistant.knowledge.prompt import PASSAGES_BEGIN
from assistant.settings import LLMSettings, Settings
from assistant.ui import kb_answer as ka
from tests.app.conftest import KB_PAGE
from tests.fakes import FakeOpenAIServer, Reply

QUESTION = "三公经费决算低于预算怎么写"
K1, K2, K3 = "K-" + "a" * 12, "K-" + "b" * 12, "K-" + "c" * 12


def _hit(key: str, text: str, title: str) -> Hit:
    return Hit(id=key, doc=f"{title}.md", title=title, section="一", text=text, score=0.5,
               citation=f"《{title}》 · 一 · 第1段", para=1)


HITS = [
    _hit(K1, "三公经费决算数低于预算数的，应说明原因。2023年三公经费预算12.50万元。", "写作指南"),
    _hit(K2, "部门整体支出绩效自评结果应在20个工作日内报送财政部门。", "财预〔2020〕10号摘要"),
    _hit(K3, "预算执行率低于90%的，应分析原因并提出改进措施。", "评价办法"),
]


@pytest.fixture
def server():
    with FakeOpenAIServer() as srv:
        yield srv


def _settings(tmp_path, srv, **llm) -> Settings:
    opts = {"backend": "openai", "timeout_s": 2.0, "max_retries": 0, "backoff_s": 0.0, **llm}
    return Settings(data_dir=tmp_path / "data", openai_base_url=srv.base_url, openai_api_key=SecretStr("sk-x"),
                    llm_model="fake-model", llm=LLMSettings(**opts))


def test_prompt_file_renders_with_the_passages_as_data():
    assert load_prompts()["kb_answer"].variables == ("question", "passages", "citation_form", "cannot_answer")
    (msg,) = ka.answer_messages(QUESTION, HITS)
    assert QUESTION in msg.content and PASSAGES_BEGIN in msg.content and f"[{K2}]" in msg.content
    assert ka.CANNOT_ANSWER in msg.content and "$" not in msg.content


def test_offline_answer_is_extractive(tmp_path):
    a = ka.answer(QUESTION, HITS, Settings(data_dir=tmp_path, llm=LLMSettings(backend="offline")))
    assert a.source == "extractive" and a.note == "" and "[1]" in a.text and a.cited


def test_llm_answer_is_cited_by_hit_number_and_its_figures_trace(tmp_path, server):
    server.enqueue(Reply(text=f"好的。三公经费决算数低于预算数的，应说明原因[{K1}]。"
                              f"自评结果应在20个工作日内报送财政部门[{K2}][{K2}]。"))
    a = ka.answer(QUESTION, HITS, _settings(tmp_path, server))
    assert a.source == "llm" and a.note == ""
    assert "[1]" in a.text and "[2]" in a.text and "K-" not in a.text and "[2][2]" not in a.text
    assert a.cited == (1, 2)
    body = server.requests[0]["body"]
    assert body["model"] == "fake-model" and QUESTION in body["messages"][0]["content"]


@pytest.mark.parametrize(("reply", "why"), [
    (f"自评结果应在15个工作日内报送财政部门[{K2}]。", "15个"),  # figure not in the cited passage
    (f"三公经费预算12.50万元[{K2}]。", "12.50万元"),  # in a passage, but not the one this sentence cites
    ("自评结果应在20个工作日内报送财政部门。", "没有注明出处"),  # no citation at all
    (f"应说明原因[K-{'d' * 12}]。", "没有注明出处"),  # a key that was not sent is dropped
    (ka.CANNOT_ANSWER, "不足以回答"),
])
def test_unguarded_llm_answer_falls_back_to_extractive_with_the_reason(tmp_path, server, reply, why):
    server.enqueue(Reply(text=reply))
    a = ka.answer(QUESTION, HITS, _settings(tmp_path, server))
    assert a.source == "extractive" and why in a.note and "[1]" in a.text


def test_figures_in_the_cited_passage_pass_in_any_unit(tmp_path, server):
    assert ka.untraced_figures(f"预算125000元[{K1}]，执行率低于90%[{K3}]。", HITS) == []
    assert ka.untraced_figures(f"预算125000元[{K3}]。", HITS) == ["125000元"]


def test_endpoint_down_falls_back(tmp_path, server):
    server.enqueue(Reply("status", status=503))
    port = ChatOpenAIPort(_settings(tmp_path, server))
    a = ka.llm_answer(QUESTION, HITS, port)
    assert a.source == "extractive" and "暂不可用" in a.note and port.attempts == 1


def test_knowledge_page_writes_an_llm_answer_through_the_endpoint(monkeypatch, server):
    from assistant.knowledge import KnowledgeBase

    kb = KnowledgeBase(Settings())
    kb.ensure_corpus()
    hits = kb.search("三公经费 决算 预算", k=5)
    top = hits[0]
    figure = next((m.written for m in find_numbers(top.text)), "")
    sentence = f"依据该资料，{figure + '这一数字' if figure else '有关要求'}应在报告中写明[{top.id}]。"
    server.enqueue(Reply(text=sentence))
    monkeypatch.setenv("OPENAI_BASE_URL", server.base_url)
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test")
    monkeypatch.setenv("ASSISTANT_LLM__MAX_RETRIES", "0")
    at = AppTest.from_file(KB_PAGE, default_timeout=120).run()
    at.text_input(key="kb_query").set_value("三公经费 决算 预算").run()
    assert not at.exception
    texts = [m.value for m in at.markdown]
    assert any(t.startswith("**回答**（由大模型") for t in texts), texts[:5]
    assert any(t == sentence.replace(f"[{top.id}]", "[1]") for t in texts)
    assert len(server.requests) == 1
    at.slider(key="kb_k").set_value(5).run()  # a rerun with the same hits asks no second time
    assert len(server.requests) == 1


def test_extractive_answer_passes_over_table_rows():
    from assistant.ui.knowledge_view import extractive_answer

    table = _hit("K-" + "e" * 12, "三公经费控制情况（万元） | 2021年决算数 | 2022年预算数 | 2022年决算数", "往年报告")
    text = extractive_answer("三公经费决算", [table, *HITS])
    assert "|" not in text and "[1]" not in text and "[2]" in text  # numbered by place in the hit list
    assert text.count("[") == 3
