"""Prompt templates: front matter = variables used; strict renderer; what the code passes matches."""

from __future__ import annotations

import string

import pytest

from assistant.drafting.prompts import (
    PROMPTS_DIR,
    TEMPLATE_NAMES,
    PromptError,
    load_prompts,
    parse_prompt,
    section_requirements,
    system_prompt,
)
from assistant.report.model import SECTION_LABELS


@pytest.mark.parametrize("name", TEMPLATE_NAMES)
def test_declared_variables_equal_used(name):
    p = load_prompts()[name]
    body = (PROMPTS_DIR / f"{name}.md").read_text(encoding="utf-8")
    used = set(string.Template(body.split("---", 2)[2]).get_identifiers())
    assert used == set(p.variables)


def test_unknown_placeholder_in_template_fails():
    with pytest.raises(PromptError):
        parse_prompt("x", "---\nvariables: [a]\n---\n$a and $b\n")


def test_render_is_strict():
    p = load_prompts()["repair"]
    with pytest.raises(PromptError):
        p.render(label="七", draft="x")
    with pytest.raises(PromptError):
        p.render(label="七", draft="x", issues="y", extra="z")
    out = p.render(label="七", draft="含有{braces}和$dollar的文本", issues="y")
    assert "{braces}" in out and "$dollar" in out


@pytest.mark.parametrize("label", SECTION_LABELS)
def test_every_section_has_requirements(label):
    assert section_requirements()[label].startswith("- ")


def test_system_prompt_injects_sentinels():
    text = system_prompt()
    assert "【无法起草】" in text and "[K-0123456789ab]" in text and "【待补充" in text


def test_code_passes_exactly_the_declared_variables(unit_b, retriever, offline_settings, fake_llm):
    """Rendering through the drafter's own call sites raises if code and template disagree."""
    from assistant.drafting.drafter import DraftRun
    from assistant.knowledge.prompt import PASSAGES_BEGIN

    run = DraftRun.make(unit_b, offline_settings, port=fake_llm, retriever=retriever)
    messages, hits = run.writer.section_messages(run, "八", "参考稿")
    assert messages[0].role == "system" and PASSAGES_BEGIN in messages[1].content
    assert "<<<填报数据开始" in messages[1].content and hits
