"""Export: report → .docx/.txt/.md, findings → JSON/Markdown/tables, reviewer's .docx with 批注.

Data flows one way: ``Report`` and ``ReviewResult`` in, files or strings out. Nothing here judges a
report (rules do) or builds finding messages (rules do); this package only lays them out.

Names are imported lazily so that ``assistant review`` (JSON/table output) never loads python-docx.
"""

from __future__ import annotations

import importlib

_WHERE = {
    "CritiqueItem": "findings_format",
    "render_json": "findings_format",
    "render_markdown": "findings_format",
    "render_summary_table": "findings_format",
    "render_table": "findings_format",
    "write_critique": "findings_format",
    "export_critique_docx": "critique_docx",
    "export_report_docx": "report_docx",
    "export_report_text": "report_docx",
    "write_report": "report_docx",
}

__all__ = sorted(_WHERE)


def __getattr__(name: str):
    if name in _WHERE:
        return getattr(importlib.import_module(f"assistant.export.{_WHERE[name]}"), name)
    raise AttributeError(f"module 'assistant.export' has no attribute {name!r}")
