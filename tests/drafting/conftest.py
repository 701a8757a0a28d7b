"""Fixtures for drafting tests: small clean reports, a real knowledge base (session), the FakeLLM port."""

from __future__ import annotations

from pathlib import Path

import pytest

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
DRAFT_FIXTURES = FIXTURES / "drafting"
NARRATIVE = ("六", "七", "八", "九", "十")


def strip_narrative(report):
    """Facts, figures and attachments only: empty sections 六–十 (as a unit would hand them in)."""
    r = report.model_copy(deep=True)
    for s in r.sections:
        if s.label in NARRATIVE:
            s.paragraphs = []
    return r


def clean_fixture_paths() -> list[Path]:
    paths = sorted(DRAFT_FIXTURES.glob("unit_*.txt"))
    paths += sorted(FIXTURES.glob("clean_*.txt"))
    return paths


@pytest.fixture(scope="session")
def retriever(tmp_path_factory):
    """A real knowledge base over the shipped corpus, ingested once for the session."""
    from assistant.drafting.retrieval import Retriever
    from assistant.knowledge import KnowledgeBase
    from assistant.settings import Settings

    settings = Settings(data_dir=tmp_path_factory.mktemp("kb"))
    return Retriever(KnowledgeBase(settings))


@pytest.fixture(scope="session")
def unit_a():
    from assistant.report import parse_file

    return strip_narrative(parse_file(DRAFT_FIXTURES / "unit_a_2023.txt"))


@pytest.fixture(scope="session")
def unit_b():
    from assistant.report import parse_file

    return strip_narrative(parse_file(DRAFT_FIXTURES / "unit_b_2022.txt"))


@pytest.fixture
def offline_settings(tmp_path):
    from assistant.settings import LLMSettings, Settings

    return Settings(data_dir=tmp_path / "data", llm=LLMSettings(backend="offline"))


@pytest.fixture
def fake_llm():
    """Install FakeLLM as the 'openai' port; restore the registry in finally."""
    from assistant.drafting import llm
    from tests.fakes import FakeLLM

    fake = FakeLLM()
    previous = llm.register_port("openai", lambda settings: fake)
    try:
        yield fake
    finally:
        llm.register_port("openai", previous)
