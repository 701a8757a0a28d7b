"""The pure part of “一键起草空白章节”: only empty sections are drafted."""

from assistant.report import parse_file
from assistant.report.model import SECTION_LABELS
from assistant.settings import LLMSettings, Settings
from assistant.ui.draft_all import draft_empty_sections


def test_only_empty_sections_are_drafted(tmp_path):
    report = parse_file("tests/fixtures/clean_b.txt")
    current = {label: "" for label in SECTION_LABELS}
    current["一"] = "已写好的第一部分。"
    settings = Settings(data_dir=tmp_path, llm=LLMSettings(backend="offline"))
    out = draft_empty_sections(report, current, settings)
    assert out.kept == ["一"] and "一" not in out.drafted
    assert list(out.drafted) == [x for x in SECTION_LABELS if x != "一"]
    assert "农村供水保证率" in out.drafted["七"] and out.error is None


def test_nothing_to_do_when_everything_is_written(tmp_path):
    report = parse_file("tests/fixtures/clean_a.txt")
    current = {s.label: s.text for s in report.sections}
    out = draft_empty_sections(report, current, Settings(data_dir=tmp_path))
    assert out.drafted == {} and out.kept == list(SECTION_LABELS)
