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


# ---------------------------------------------------------------- the import graph of assistant.*
#
# Imports between the project's own modules sit at the top of the module, so readers and tools see the
# flow; no module-level import loop. A function-local import of a project module is allowed only at the
# lazy spots below, each with its reason: keeping a heavy third-party library (python-docx, chromadb)
# off the fast paths (`assistant review`, app start), or the registry loading the rule modules that import
# it. Keep the table sorted and every entry live.

LAZY_IMPORTS: dict[tuple[str, str], str] = {
    ("assistant/export/findings_format.py", "assistant.export.critique_docx"):
        "python-docx loads only when a .docx critique is written, never for `assistant review` to stdout",
    ("assistant/knowledge/base.py", "assistant.knowledge.chroma_ef"):
        "chroma_ef imports chromadb; opened only when the vector store is",
    ("assistant/knowledge/base.py", "assistant.knowledge.ingest"):
        "the document readers import the report parser; loaded only to ingest, never for a search",
    ("assistant/review/registry.py", "assistant.review"):
        "the rule modules import the registry to register themselves, so it loads them on first use",
    ("assistant/ui/review_view.py", "assistant.export.critique_docx"):
        "python-docx loads only when the 审阅 page's Word download is built, not on first paint",
}

ROOT = PACKAGE.parent


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


MODULES = {_module_name(p): p for p in FILES}


def _absolute(node: ast.ImportFrom, module: str, is_package: bool) -> str:
    """The absolute module an ImportFrom names (relative imports resolved against ``module``)."""
    if node.level == 0:
        return node.module or ""
    base = module.split(".") if is_package else module.split(".")[:-1]
    base = base[: len(base) - (node.level - 1)]
    return ".".join([*base, node.module] if node.module else base)


def _is_type_checking(node: ast.If) -> bool:
    t = node.test
    return (isinstance(t, ast.Name) and t.id == "TYPE_CHECKING") or (
        isinstance(t, ast.Attribute) and t.attr == "TYPE_CHECKING"
    )


def _imports(path: Path) -> tuple[set[str], list[tuple[int, str]]]:
    """(project modules imported at import time, [(line, module)] of function-local project imports).

    Imports under ``if TYPE_CHECKING:`` are annotations only and count as neither.
    """
    module = _module_name(path)
    is_package = path.name == "__init__.py"
    top: set[str] = set()
    local: list[tuple[int, str]] = []

    def targets(node: ast.AST) -> list[str]:
        if isinstance(node, ast.Import):
            return [a.name for a in node.names if a.name == "assistant" or a.name.startswith("assistant.")]
        if isinstance(node, ast.ImportFrom):
            mod = _absolute(node, module, is_package)
            if mod != "assistant" and not mod.startswith("assistant."):
                return []
            subs = [f"{mod}.{a.name}" for a in node.names if f"{mod}.{a.name}" in MODULES]
            return [mod, *subs]
        return []

    def visit(node: ast.AST, in_function: bool) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.If) and _is_type_checking(child):
                for sub in child.orelse:
                    visit_one(sub, in_function)
                continue
            visit_one(child, in_function)

    def visit_one(node: ast.AST, in_function: bool) -> None:
        names = targets(node)
        if names:
            if in_function:
                local.extend((node.lineno, n) for n in names[:1])
            else:
                top.update(names)
        visit(node, in_function or isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)))

    visit(ast.parse(path.read_text(encoding="utf-8"), filename=str(path)), False)
    return top, local


GRAPH = {name: _imports(path) for name, path in MODULES.items()}


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module (or a self-import): Tarjan's algorithm."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    out: list[list[str]] = []
    counter = [0]

    def strong(v: str) -> None:
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph.get(v, ())):
            if w not in graph:
                continue
            if w not in index:
                strong(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1 or v in graph.get(v, ()):
                out.append(sorted(comp))

    for v in sorted(graph):
        if v not in index:
            strong(v)
    return out


def test_no_import_loop_among_assistant_modules():
    graph = {name: {m for m in top if m != name} for name, (top, _) in GRAPH.items()}
    assert _cycles(graph) == []


def test_no_function_local_project_imports_outside_the_lazy_spots():
    found = {
        (str(MODULES[name].relative_to(ROOT)), mod): line
        for name, (_, local) in GRAPH.items()
        for line, mod in local
    }
    unexpected = sorted(f"{path}:{line} imports {mod} inside a function" for (path, mod), line in found.items()
                        if (path, mod) not in LAZY_IMPORTS)
    assert unexpected == [], "move these imports to the top of the module (or document a lazy spot)"
    stale = sorted(key for key in LAZY_IMPORTS if key not in found)
    assert stale == [], "remove these LAZY_IMPORTS entries: the import is no longer function-local"


def test_lazy_spots_sorted_with_reasons():
    assert list(LAZY_IMPORTS) == sorted(LAZY_IMPORTS)
    assert all(reason.strip() for reason in LAZY_IMPORTS.values())


def test_graph_checkers_catch_what_they_claim(tmp_path):
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert _cycles({"a": {"b"}, "b": set()}) == []
    pkg = tmp_path / "assistant"
    pkg.mkdir()
    mod = pkg / "mod.py"
    mod.write_text(
        "from typing import TYPE_CHECKING\nfrom assistant.errors import X\nif TYPE_CHECKING:\n"
        "    from assistant.report import Report\n\ndef f():\n    from assistant.review import review\n"
        "    import json\n",
        encoding="utf-8",
    )
    global ROOT
    saved = ROOT
    ROOT = tmp_path
    try:
        top, local = _imports(mod)
    finally:
        ROOT = saved
    assert top == {"assistant.errors"} and local == [(7, "assistant.review")]


HEAVY_FOR_REVIEW = (
    "chromadb", "langchain", "langchain_core", "langchain_openai", "streamlit", "docx",
    "pdfplumber", "rapidocr_onnxruntime", "cv2",
)


def test_review_cli_stays_off_heavy_libraries():
    """`assistant review FILE.txt --format json` loads none of the heavy libraries (bench/ cli_process_p50_s)."""
    import subprocess
    import sys

    seed = ROOT / "tests" / "fixtures" / "seed_000.txt"
    code = (
        "import sys\n"
        "from assistant.cli import main\n"
        f"try:\n    main(['review', {str(seed)!r}, '--format', 'json'])\n"
        "except SystemExit as exc:\n    rc = exc.code\n"
        f"print(rc, sorted(m for m in {HEAVY_FOR_REVIEW!r} if m in sys.modules), file=sys.stderr)\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert proc.stderr.strip().splitlines()[-1] == "0 []", proc.stderr[-2000:]
    assert proc.stdout.lstrip().startswith("{")
