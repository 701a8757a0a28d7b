"""Export: report → .docx/.txt/.md, findings → JSON/Markdown/tables, reviewer's .docx with 批注.

Data flows one way: ``Report`` and ``ReviewResult`` in, files or strings out. Nothing here judges a
report (rules do) or builds finding messages (rules do); this package only lays them out.
"""

from assistant.export.critique_docx import export_critique_docx
from assistant.export.findings_format import (
    CritiqueItem,
    render_json,
    render_markdown,
    render_summary_table,
    render_table,
    write_critique,
)
from assistant.export.report_docx import export_report_docx, export_report_text, write_report

__all__ = [
    "CritiqueItem",
    "export_critique_docx",
    "export_report_docx",
    "export_report_text",
    "render_json",
    "render_markdown",
    "render_summary_table",
    "render_table",
    "write_critique",
    "write_report",
]
