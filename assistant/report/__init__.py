"""Report model and parsers."""

from assistant.report.model import Report
from assistant.report.parse import parse_bytes, parse_file

__all__ = ["Report", "parse_bytes", "parse_file"]
