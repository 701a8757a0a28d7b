"""Reading files for the knowledge base: which files a path names, and their chunks.

Separate from ``base.py`` so a search never imports the document readers (they import the report parser).
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from assistant.errors import InputUnusable
from assistant.knowledge.chunking import chunk_document
from assistant.knowledge.loaders import SIDECAR_SUFFIX, is_supported, load_document

__all__ = ["chunk_document", "expand_paths", "load_document"]


def expand_paths(paths: Iterable[Path | str]) -> tuple[list[Path], list[str]]:
    """Files to ingest (folders walked recursively, sorted) and the names of unsupported files skipped."""
    files: list[Path] = []
    skipped: list[str] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                if not child.is_file() or any(part.startswith(".") for part in child.relative_to(path).parts):
                    continue
                if child.name.endswith(SIDECAR_SUFFIX):
                    continue
                if is_supported(child):
                    files.append(child)
                else:
                    skipped.append(str(child))
        elif not path.exists():
            raise InputUnusable(f"文件不存在 / file not found: {path}")
        else:
            files.append(path)
    return files, skipped
