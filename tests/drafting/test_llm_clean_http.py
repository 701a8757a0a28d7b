"""The LLM path end to end through the fake OpenAI server: messy replies are cleaned, the uncleanable re-asked."""

from __future__ import annotations

import pytest

from assistant.drafting.drafter import draft_section
from assistant.drafting.llm import ChatOpenAIPort
from tests.drafting.test_clean import CASES, load
from tests.drafting.test_llm_http import make_settings
from tests.fakes import FakeOpenAIServer

CLEANABLE = [n for n in CASES if load(n)[2]]


@pytest.fixture
def server():
    with FakeOpenAIServer() as srv:
        yield srv


@pytest.mark.parametrize("name", CLEANABLE)
def test_messy_reply_lands_clean_in_the_suggestion(name, tmp_path, server, unit_b, retriever):
    label, reply, expected = load(name)
    server.enqueue(reply, reply)  # a re-ask (review errors of a short section) gets the same reply
    s = draft_section(unit_b, label, make_settings(tmp_path, server), retriever=retriever)
    assert s.text.splitlines() == expected
    assert not any("无法在填报数据" in w for w in s.warnings), s.warnings


def test_uncleanable_reply_is_reasked_once(tmp_path, server, unit_b, retriever):
    _, reply, _ = load("17_unclosed_think")
    good = "（一）预算执行率偏低\n全年预算数1520.00万元，全年执行数1338.00万元，预算执行率88.03%。原因分析：进度偏后。"
    server.enqueue(reply, good)
    port = ChatOpenAIPort(make_settings(tmp_path, server))
    s = draft_section(unit_b, "七", port=port, retriever=retriever)
    assert port.calls == 2 and s.reasks == 1 and s.text == good
    assert "思考过程" in server.requests[1]["body"]["messages"][-1]["content"]


def test_think_numbers_are_not_flagged_and_reask_names_the_sentence(tmp_path, server, unit_b, retriever):
    # the think block invents 97%; the content invents 47场 — only the content's figure is re-asked, with its sentence
    reply = "<think>满意度大概97%</think>\n（一）培训不足\n全年仅开展培训47场。原因分析：人手紧张。"
    server.enqueue(reply, reply)
    s = draft_section(unit_b, "七", make_settings(tmp_path, server), retriever=retriever)
    repair = server.requests[1]["body"]["messages"][-1]["content"]
    assert "47场" in repair and "全年仅开展培训47场。" in repair and "97%" not in repair
    assert s.reasks == 1 and "97" not in s.text
    assert any("47场" in w and "全年仅开展培训47场" in w for w in s.warnings)


def test_streaming_hides_the_think_block(tmp_path, server, unit_b, retriever):
    from assistant.drafting.session import SectionSession

    _, reply, expected = load("06_think_block")
    server.enqueue(reply)
    session = SectionSession(unit_b, "七", make_settings(tmp_path, server), retriever=retriever)
    items = list(session.stream())
    shown = "".join(i for i in items if isinstance(i, str))
    assert "用户要求" not in shown and "300万元" not in shown and "<think>" not in shown
    assert "预算执行率88.03%" in shown
    assert session.current.text.splitlines() == expected
