"""ChatOpenAIPort against a local fake OpenAI-compatible server (JSON + SSE), never the network."""

from __future__ import annotations

import pytest
from pydantic import SecretStr

from assistant.drafting.drafter import draft_report_full, draft_section
from assistant.drafting.llm import ChatOpenAIPort, Message, get_port
from assistant.drafting.session import SectionSession
from assistant.errors import LLMUnavailable
from tests.fakes import FakeOpenAIServer, Reply

PHONE = "13975077504"
KEY = "sk-test-secret-never-shown"
GOOD_SEVEN = (
    "（一）预算执行率偏低\n全年预算数1520.00万元，全年执行数1338.00万元，预算执行率88.03%。"
    "原因分析：项目实施进度安排偏后。\n（二）三公经费预算偏大\n公务接待费预算6.00万元、决算1.80万元。原因分析：测算不细。"
)


@pytest.fixture
def server():
    with FakeOpenAIServer() as srv:
        yield srv


def make_settings(tmp_path, srv, **llm):
    from assistant.settings import LLMSettings, Settings

    opts = {"backend": "openai", "timeout_s": 2.0, "max_retries": 2, "backoff_s": 0.0, **llm}
    return Settings(
        data_dir=tmp_path / "data",
        openai_base_url=srv.base_url,
        openai_api_key=SecretStr(KEY),
        llm_model="fake-model",
        llm=LLMSettings(**opts),
    )


def test_get_port_picks_openai(tmp_path, server):
    port = get_port(make_settings(tmp_path, server))
    assert isinstance(port, ChatOpenAIPort) and not port.is_offline and port.can_stream


def test_normal_answer(tmp_path, server, unit_b, retriever):
    server.enqueue(GOOD_SEVEN)
    s = draft_section(unit_b, "七", make_settings(tmp_path, server), retriever=retriever)
    assert s.mode == "fake-model" and s.text.startswith("（一）预算执行率偏低")
    assert s.reasks == 0 and not any("无法在填报数据" in w for w in s.warnings)
    body = server.requests[0]["body"]
    assert body["model"] == "fake-model" and body["messages"][0]["role"] == "system"
    assert "<<<参考资料开始" in body["messages"][1]["content"]
    headers = {k.lower(): v for k, v in server.requests[0]["headers"].items()}
    assert headers["authorization"] == f"Bearer {KEY}"


def test_streaming(tmp_path, server, unit_b, retriever):
    server.enqueue(GOOD_SEVEN)
    session = SectionSession(unit_b, "七", make_settings(tmp_path, server), retriever=retriever)
    items = list(session.stream())
    chunks = [i for i in items if isinstance(i, str)]
    assert len(chunks) > 3 and "".join(chunks) == GOOD_SEVEN
    assert session.current is items[-1] and session.current.text.startswith("（一）")
    assert server.requests[0]["body"]["stream"] is True


def test_invented_numbers_are_flagged_and_reasked_once(tmp_path, server, unit_b, retriever):
    invented = GOOD_SEVEN + "\n（三）培训不足\n全年仅开展培训47场，满意度99.87%。原因分析：人手紧张。"
    server.enqueue(invented, invented)  # the model insists
    port = ChatOpenAIPort(make_settings(tmp_path, server))
    s = draft_section(unit_b, "七", port=port, retriever=retriever)
    assert s.reasks == 1 and port.calls == 2 and len(server.requests) == 2
    repair = server.requests[1]["body"]["messages"][-1]["content"]
    assert "47" in repair and "99.87%" in repair
    assert any("47" in w and "99.87%" in w for w in s.warnings)
    assert [n.written for n in s.numbers_used if n.source == "unverified"] == ["47场", "99.87%"]


def test_reask_fixes_the_numbers(tmp_path, server, unit_b, retriever):
    server.enqueue(GOOD_SEVEN + "满意度99.87%。", GOOD_SEVEN)
    s = draft_section(unit_b, "七", make_settings(tmp_path, server), retriever=retriever)
    assert s.reasks == 1 and s.text == GOOD_SEVEN
    assert not any("无法在填报数据" in w for w in s.warnings)


@pytest.mark.parametrize("fault", [Reply("status", status=429), Reply("status", status=500), Reply("status", status=503)])
def test_retry_then_success(tmp_path, server, unit_b, retriever, fault):
    server.enqueue(fault, fault, GOOD_SEVEN)
    port = ChatOpenAIPort(make_settings(tmp_path, server), sleep=lambda s: None)
    s = draft_section(unit_b, "七", port=port, retriever=retriever)
    assert port.attempts == 3 and port.retries == 2 and s.text == GOOD_SEVEN


def test_timeouts_exhaust_retries_with_one_clear_error(tmp_path, server, unit_b, retriever):
    server.enqueue(*[Reply("sleep", delay=1.5, text="late")] * 3)
    port = ChatOpenAIPort(make_settings(tmp_path, server, timeout_s=0.3, max_retries=2), sleep=lambda s: None)
    with pytest.raises(LLMUnavailable) as info:
        draft_section(unit_b, "七", port=port, retriever=retriever)
    msg = str(info.value)
    assert "超时" in msg and "已尝试3次" in msg and KEY not in msg and "\n" not in msg
    assert port.attempts == 3


def test_non_retryable_status_fails_fast(tmp_path, server, unit_b, retriever):
    server.enqueue(Reply("status", status=401, text=f"bad key {KEY}"))
    port = ChatOpenAIPort(make_settings(tmp_path, server))
    with pytest.raises(LLMUnavailable) as info:
        draft_section(unit_b, "七", port=port, retriever=retriever)
    assert port.attempts == 1 and "OPENAI_API_KEY" in str(info.value) and KEY not in str(info.value)


def test_whole_report_keeps_the_draft_so_far(tmp_path, server, unit_b, retriever):
    one = "（一）部门（单位）基本情况\n核定编制68人，实有在职人员65人。"
    server.enqueue(one, *[Reply("status", status=500)] * 3)
    with pytest.raises(LLMUnavailable) as info:
        draft_report_full(unit_b, make_settings(tmp_path, server), retriever=retriever)
    partial = info.value.partial
    assert list(partial.suggestions) == ["一"] and partial.report.section("一").text == one
    assert "500" in str(info.value)


def test_stream_cut_mid_way_keeps_partial(tmp_path, server, unit_b, retriever):
    server.enqueue(Reply("cut", text=GOOD_SEVEN, cut_after=2))
    session = SectionSession(unit_b, "七", make_settings(tmp_path, server, max_retries=0), retriever=retriever)
    got = []
    with pytest.raises(LLMUnavailable):
        for item in session.stream():
            got.append(item)
    # either the client saw the cut as an error (partial kept) or as a short stream
    assert session.partial is not None and session.partial == "".join(got)


@pytest.mark.parametrize("bad", [Reply("malformed"), Reply("empty")], ids=["malformed", "empty"])
def test_malformed_or_empty_replies_are_retried_then_fail(tmp_path, server, unit_b, retriever, bad):
    server.enqueue(bad, bad, bad)
    port = ChatOpenAIPort(make_settings(tmp_path, server), sleep=lambda s: None)
    with pytest.raises(LLMUnavailable) as info:
        draft_section(unit_b, "七", port=port, retriever=retriever)
    assert port.attempts == 3 and "格式错误" in str(info.value)


def test_malformed_then_good(tmp_path, server, unit_b, retriever):
    server.enqueue(Reply("empty"), GOOD_SEVEN)
    s = draft_section(unit_b, "七", make_settings(tmp_path, server), retriever=retriever)
    assert s.text == GOOD_SEVEN


def test_cannot_draft_sentinel_falls_back_to_offline(tmp_path, server, unit_b, retriever):
    server.enqueue("【无法起草】")
    s = draft_section(unit_b, "七", make_settings(tmp_path, server), retriever=retriever)
    assert "原因分析" in s.text and any("离线草稿" in w for w in s.warnings)


def test_unknown_citation_keys_are_dropped(tmp_path, server, unit_b, retriever):
    server.enqueue(GOOD_SEVEN + "[K-ffffffffffff]")
    s = draft_section(unit_b, "七", make_settings(tmp_path, server), retriever=retriever)
    assert "K-ffffffffffff" not in s.text and any("K-ffffffffffff" in w for w in s.warnings)


def test_personal_data_never_leaves_the_machine(tmp_path, server, unit_b, retriever):
    r = unit_b.model_copy(deep=True)
    from assistant.report.model import Paragraph

    r.section("一").paragraphs.append(Paragraph(index=99, text=f"联系人：张三，联系电话{PHONE}，身份证430602199001011234。"))
    server.enqueue("（一）部门（单位）基本情况\n核定编制68人。")
    draft_section(r, "一", make_settings(tmp_path, server), retriever=retriever)
    log = server.log_text
    assert server.requests and PHONE not in log and "430602199001011234" not in log
    assert "139****7504" in log.encode().decode("unicode_escape", errors="ignore") or "7504" in log


def test_port_messages_are_masked_directly(tmp_path, server):
    server.enqueue("好的")
    port = ChatOpenAIPort(make_settings(tmp_path, server))
    assert port.generate([Message(role="user", content=f"电话{PHONE}")]) == "好的"
    assert PHONE not in server.log_text
