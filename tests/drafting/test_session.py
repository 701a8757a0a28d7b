"""Per-section conversations: offline follow-up transforms and LLM revisions through revise.md."""

from __future__ import annotations

from assistant.drafting.session import UNKNOWN_REQUEST, SectionSession


def test_offline_shorter(unit_b, offline_settings, retriever):
    s = SectionSession(unit_b, "六", offline_settings, retriever=retriever)
    first = s.start()
    short = s.revise("更简洁一些")
    assert len(short.text) < len(first.text) and short.revised_from == first.text
    assert short.request == "更简洁一些" and "（六）服务对象满意度" in short.text
    assert not any("无法在填报数据" in w for w in short.warnings)


def test_offline_survey_method_placeholder(unit_b, offline_settings, retriever):
    s = SectionSession(unit_b, "六", offline_settings, retriever=retriever)
    s.start()
    r = s.revise("补充满意度调查方法")
    assert "满意度调查方法" in r.text
    assert any("发放份数" in p for p in r.placeholders) and any("调查方式" in p for p in r.placeholders)
    assert r.citations  # the policy key moved with the paragraph


def test_offline_unknown_request_keeps_text(unit_b, offline_settings, retriever):
    s = SectionSession(unit_b, "九", offline_settings, retriever=retriever)
    first = s.start()
    r = s.revise("翻译成英文")
    assert r.text == first.text and UNKNOWN_REQUEST in r.warnings


def test_edit_is_rechecked_and_accept_applies(unit_b, offline_settings, retriever):
    s = SectionSession(unit_b, "十", offline_settings, retriever=retriever)
    s.start()
    edited = s.edit("本年度培训投入9999.99万元。")
    assert any("9999.99万元" in w for w in edited.warnings)
    s.edit("无其他需要说明的情况。")
    assert s.accept().section("十").text == "无其他需要说明的情况。"


def test_llm_revise_uses_revise_prompt(unit_b, offline_settings, retriever, fake_llm):
    fake_llm.enqueue(["（一）预算执行率偏低\n预算执行率88.03%。原因分析：进度偏后。",
                      "（一）预算执行率偏低\n执行率88.03%。原因分析：进度偏后。"])
    s = SectionSession(unit_b, "七", offline_settings, port=fake_llm, retriever=retriever)
    s.start()
    r = s.revise("更简洁")
    assert r.text.endswith("进度偏后。") and r.mode == "fake-model"
    prompt = fake_llm.history[-1][-1].content
    assert "用户的修改要求" in prompt and "更简洁" in prompt and "<<<当前稿开始>>>" in prompt


def test_llm_revise_reasks_on_invented_numbers(unit_b, offline_settings, retriever, fake_llm):
    fake_llm.enqueue(["预算执行率88.03%。", "发放问卷500份。", "发放问卷【待补充：份数】份。"])
    s = SectionSession(unit_b, "六", offline_settings, port=fake_llm, retriever=retriever)
    s.start()
    r = s.revise("补充满意度调查方法")
    assert r.reasks == 1 and "500" not in r.text and fake_llm.calls == 3
