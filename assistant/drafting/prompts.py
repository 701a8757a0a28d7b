"""Prompt templates in ``prompts/*.md``: front matter declares the variables; a strict renderer.

Rendering uses ``string.Template`` (``$name``), never ``str.format``, so braces in report text are safe.
``render`` raises :class:`PromptError` on a missing or an unknown variable. All templates are loaded and
validated once (declared variables must equal the ``$names`` used in the body).
"""

from __future__ import annotations

import re
import string
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from assistant.errors import ConfigError
from assistant.report.model import SECTION_LABELS

PROMPTS_DIR = Path(__file__).resolve().parent.parent.parent / "prompts"
TEMPLATE_NAMES = ("system", "section", "repair", "revise", "kb_answer")

# Strings the code checks for live here and are injected into the prompts (never retyped there).
CANNOT_DRAFT = "【无法起草】"
CITATION_FORM = "[K-0123456789ab]"
PLACEHOLDER_FORM = "【待补充：需要补充的内容】"
DATA_BEGIN = "<<<填报数据开始 USER DATA BEGIN>>>"
DATA_END = "<<<填报数据结束 USER DATA END>>>"

_FRONT = re.compile(r"\A---\n(.*?)\n---\n", re.S)


class PromptError(ConfigError):
    """A prompt template is malformed, or was rendered with missing/unknown variables."""


@dataclass(frozen=True)
class Prompt:
    name: str
    variables: tuple[str, ...]
    body: str

    def render(self, **values: str) -> str:
        missing = sorted(set(self.variables) - set(values))
        unknown = sorted(set(values) - set(self.variables))
        if missing or unknown:
            raise PromptError(f"提示模板 prompts/{self.name}.md 变量不匹配：缺少 {missing}，多余 {unknown}")
        return string.Template(self.body).substitute({k: str(v) for k, v in values.items()})


def parse_prompt(name: str, text: str) -> Prompt:
    m = _FRONT.match(text)
    if not m:
        raise PromptError(f"prompts/{name}.md 缺少 front matter（--- variables: [...] ---）")
    declared: tuple[str, ...] = ()
    for line in m.group(1).splitlines():
        key, _, value = line.partition(":")
        if key.strip() == "variables":
            declared = tuple(v.strip() for v in value.strip().strip("[]").split(",") if v.strip())
    body = text[m.end() :].strip() + "\n"
    tpl = string.Template(body)
    if not tpl.is_valid():
        raise PromptError(f"prompts/{name}.md 含有无效的 $ 占位符")
    used = set(tpl.get_identifiers())
    if used != set(declared):
        raise PromptError(
            f"prompts/{name}.md 声明的变量 {sorted(declared)} 与正文使用的 {sorted(used)} 不一致"
        )
    return Prompt(name=name, variables=declared, body=body)


@lru_cache(maxsize=4)
def load_prompts(directory: str | None = None) -> dict[str, Prompt]:
    """Load and validate every template (raises PromptError at start-up on any problem)."""
    root = Path(directory) if directory else PROMPTS_DIR
    out: dict[str, Prompt] = {}
    for name in TEMPLATE_NAMES:
        path = root / f"{name}.md"
        if not path.exists():
            raise PromptError(f"缺少提示模板 {path}")
        out[name] = parse_prompt(name, path.read_text(encoding="utf-8"))
    return out


@lru_cache(maxsize=4)
def section_requirements(directory: str | None = None) -> dict[str, str]:
    root = (Path(directory) if directory else PROMPTS_DIR) / "sections"
    out = {}
    for label in SECTION_LABELS:
        path = root / f"{label}.md"
        if not path.exists():
            raise PromptError(f"缺少第{label}部分写作要求 {path}")
        text = path.read_text(encoding="utf-8").strip()
        if "$" in text:
            raise PromptError(f"{path} 不应包含 $ 变量")
        out[label] = text
    return out


def render(name: str, **values: str) -> str:
    return load_prompts()[name].render(**values)


def system_prompt() -> str:
    return render("system", placeholder_form=PLACEHOLDER_FORM, citation_form=CITATION_FORM, cannot_draft=CANNOT_DRAFT)
