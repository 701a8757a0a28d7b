"""The drafting seam: one SectionWriter interface, two real implementations, one entry."""

from __future__ import annotations

import ast
from pathlib import Path

from assistant.drafting.drafter import DraftRun, ReportDraft, draft
from assistant.drafting.llm import LLMWriter, get_writer
from assistant.drafting.models import DraftSuggestion
from assistant.drafting.offline import OfflineDrafter
from assistant.drafting.writer import SectionWriter

DRAFTING = Path(__file__).resolve().parents[2] / "assistant" / "drafting"


def test_backend_picks_the_writer(offline_settings, fake_llm):
    offline = get_writer(offline_settings)
    assert isinstance(offline, OfflineDrafter) and isinstance(offline, SectionWriter) and offline.is_offline
    online = get_writer(offline_settings.model_copy(update={"llm": offline_settings.llm.model_copy(
        update={"backend": "openai"})}))
    assert isinstance(online, LLMWriter) and online.port is fake_llm and online.model == "fake-model"
    assert get_writer(offline_settings, fake_llm).port is fake_llm  # an explicit port wins
    assert get_writer(offline_settings, offline) is offline


def test_offline_drafter_writes_without_a_model(unit_b, offline_settings, retriever):
    run = DraftRun.make(unit_b, offline_settings, retriever=retriever)
    d = run.writer.draft(run, "九")
    assert d.text and d.reasks == 0
    assert not hasattr(OfflineDrafter, "generate")  # not a fake LLM: it writes from the data


def test_one_entry_for_a_section_or_the_report(unit_b, offline_settings, retriever):
    one = draft(unit_b, offline_settings, section="十", retriever=retriever)
    assert isinstance(one, DraftSuggestion) and one.section == "十" and one.mode == "offline"
    whole = draft(unit_b, offline_settings, retriever=retriever)
    assert isinstance(whole, ReportDraft) and list(whole.suggestions) == list("一二三四五六七八九十")
    assert whole.suggestions["十"].text == one.text


def test_same_entry_drives_the_llm_writer(unit_b, offline_settings, retriever, fake_llm):
    fake_llm.enqueue(["无其他需要说明的情况。"])
    s = draft(unit_b, offline_settings, section="十", retriever=retriever, port=fake_llm)
    assert s.text == "无其他需要说明的情况。" and s.mode == "fake-model" and fake_llm.calls == 1


def test_no_offline_online_branch_outside_the_writers():
    """Only the two implementations (and the writer interface) may ask which mode is on."""
    allowed = {"writer.py", "offline.py", "llm.py"}
    offenders = []
    for path in sorted(DRAFTING.glob("*.py")):
        if path.name in allowed:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Attribute) and node.attr == "is_offline":
                offenders.append(f"{path.name}:{node.lineno}")
    assert offenders == []
