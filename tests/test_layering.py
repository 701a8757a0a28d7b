"""Nothing under assistant/ imports streamlit (DESIGN: data flows one way, UI on top)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "assistant"


def _streamlit_imports(path: Path) -> list[int]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    lines = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            if any(a.name == "streamlit" or a.name.startswith("streamlit.") for a in node.names):
                lines.append(node.lineno)
        elif isinstance(node, ast.ImportFrom):
            mod = node.module or ""
            if node.level == 0 and (mod == "streamlit" or mod.startswith("streamlit.")):
                lines.append(node.lineno)
        elif isinstance(node, ast.Call) and getattr(node.func, "id", getattr(node.func, "attr", "")) in (
            "import_module",
            "__import__",
        ):
            if node.args and isinstance(node.args[0], ast.Constant) and str(node.args[0].value).startswith("streamlit"):
                lines.append(node.lineno)
    return lines


FILES = sorted(PACKAGE.rglob("*.py"))


@pytest.mark.parametrize("path", FILES, ids=[str(p.relative_to(PACKAGE)) for p in FILES])
def test_no_streamlit_under_assistant(path):
    assert _streamlit_imports(path) == [], f"{path} imports streamlit"


def test_checker_catches_imports(tmp_path):
    bad = tmp_path / "bad.py"
    bad.write_text("import os\nfrom streamlit.testing import v1\nimport streamlit as st\n", encoding="utf-8")
    assert _streamlit_imports(bad) == [2, 3]
