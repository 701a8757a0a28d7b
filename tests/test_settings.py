"""Settings: env names, nested groups, secrets, docs kept in step."""

from pathlib import Path

import pytest

from assistant.errors import ConfigError
from assistant.settings import Settings, get_settings


def test_env_names(monkeypatch, tmp_path):
    monkeypatch.setenv("ASSISTANT_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("OPENAI_BASE_URL", "http://127.0.0.1:9/v1")
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test-secret")
    monkeypatch.setenv("ASSISTANT_LLM_MODEL", "qwen2.5")
    monkeypatch.setenv("ASSISTANT_LIMITS__MAX_FILE_BYTES", "1234")
    monkeypatch.setenv("CHROMA_URL", "http://127.0.0.1:8000")
    s = Settings()
    assert s.data_dir == tmp_path
    assert s.openai_base_url == "http://127.0.0.1:9/v1"
    assert s.llm_model == "qwen2.5"
    assert s.limits.max_file_bytes == 1234
    assert s.chroma_url == "http://127.0.0.1:8000"
    assert s.llm_backend == "openai"
    dumped = s.model_dump_json()
    assert "sk-test-secret" not in dumped and "sk-test-secret" not in repr(s)


def test_offline_by_default():
    s = Settings()
    assert s.llm_backend == "offline"
    assert s.sqlalchemy_url.startswith("sqlite:///")


def test_bad_backend_is_config_error(monkeypatch):
    monkeypatch.setenv("ASSISTANT_LLM__BACKEND", "magic")
    with pytest.raises(ConfigError):
        Settings()


def test_get_settings_normalises(tmp_path):
    s = Settings(data_dir=tmp_path)
    assert get_settings(s) is s
    assert get_settings({"data_dir": tmp_path}).data_dir == tmp_path


def test_configuration_doc_in_step():
    from assistant.docs import settings_markdown

    assert Path("docs/configuration.md").read_text(encoding="utf-8") == settings_markdown(), "run `make docs`"


def test_readme_starts_with_the_two_commands():
    text = Path("README.md").read_text(encoding="utf-8")
    head = text[:600]
    assert "make run" in head and "make test" in head
    assert "docs/configuration.md" in text
