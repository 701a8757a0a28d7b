"""Internal citation ids never leave the app: not in accepted text, not in any exported file."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest

from assistant.drafting.drafter import accepted_text, apply_suggestion, draft_report_full
from assistant.export.report_docx import REPORT_WRITERS
from assistant.report.model import Paragraph
from tests.drafting.conftest import DRAFT_FIXTURES, strip_narrative

INTERNAL = re.compile(r"K-[0-9a-f]{6,}")


def exported_texts(path: Path) -> str:
    """Every byte of text an exported file holds (all XML parts of a .docx)."""
    if path.suffix == ".docx":
        with zipfile.ZipFile(path) as z:
            return "\n".join(z.read(n).decode("utf-8", "replace") for n in z.namelist())
    return path.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def drafted(tmp_path_factory):
    from assistant.drafting.retrieval import Retriever
    from assistant.knowledge import KnowledgeBase
    from assistant.report import parse_file
    from assistant.settings import LLMSettings, Settings

    settings = Settings(data_dir=tmp_path_factory.mktemp("kb"), llm=LLMSettings(backend="offline"))
    report = strip_narrative(parse_file(DRAFT_FIXTURES / "unit_b_2022.txt"))
    return draft_report_full(report, settings, retriever=Retriever(KnowledgeBase(settings)))


def test_suggestions_carry_keys_inside_the_app(drafted):
    # the conversation keeps keys (so revisions keep their citations) — this is what must not get out
    assert sum(len(INTERNAL.findall(s.text)) for s in drafted.suggestions.values()) >= 3


def test_accepted_text_names_the_documents(drafted):
    for label, s in drafted.suggestions.items():
        text = accepted_text(s)
        assert not INTERNAL.search(text), label
    eight = accepted_text(drafted.suggestions["八"])
    assert "《关于全面实施预算绩效管理的意见》" in eight or "《项目支出绩效评价管理办法》" in eight
    six = accepted_text(drafted.suggestions["六"])
    assert "（依据《" in six  # a key with no name before it becomes the document's name and part
    report = apply_suggestion(drafted.report, drafted.suggestions["六"])
    assert "（依据《" in report.section_text("六") and not INTERNAL.search(report.section_text("六"))


@pytest.mark.parametrize("suffix", sorted(REPORT_WRITERS))
def test_no_internal_id_in_any_exported_file(drafted, tmp_path, suffix):
    # the drafted report, plus a section stored with raw keys (as a client might save suggestion.text)
    report = drafted.report.model_copy(deep=True)
    raw = drafted.suggestions["八"].text
    assert INTERNAL.search(raw)
    sec = report.section("八")
    sec.paragraphs = [Paragraph(index=i, text=t) for i, t in enumerate(raw.splitlines())]
    report.tables[0].rows[0][0] += "[K-0123456789ab]"
    out = tmp_path / f"report{suffix}"
    REPORT_WRITERS[suffix](report, out, False)
    text = exported_texts(out)
    assert "政策依据" in text  # the section is there ...
    assert not INTERNAL.search(text)  # ... without its ids
