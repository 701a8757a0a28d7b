"""Typed errors. The CLI and the app translate them to one clear line each.

Hierarchy::

    AssistantError
      InputUnusable            (exit code 2) the file cannot be used as input
        ReportError            alias kept for the report parsers' family
          EmptyInput, CorruptInput, InputTooLarge, UnsupportedFormat, NotAReport, ParseTimeout
      ConfigError              a setting is missing or wrong
      LLMUnavailable           the configured LLM endpoint failed after bounded retries
      RetrievalError           the knowledge base cannot be searched or written
      AccessDenied             a user tried to read or change what is not theirs
"""

from __future__ import annotations


class AssistantError(Exception):
    """Base class: an error meant to be shown to the user as one line."""

    exit_code = 1

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:  # one line, always
        return " ".join(self.message.split())


class InputUnusable(AssistantError):
    """The input file is unusable (unreadable, empty, corrupt, too large, not a report)."""

    exit_code = 2


class ReportError(InputUnusable):
    """A report file could not be turned into a Report."""


class EmptyInput(ReportError):
    """The file is empty or holds only whitespace."""


class CorruptInput(ReportError):
    """The file is damaged, truncated, or not what its format claims."""


class InputTooLarge(ReportError):
    """The file, or its decompressed content, exceeds a configured limit."""


class UnsupportedFormat(ReportError):
    """The file type is not one we can read."""


class NotAReport(ReportError):
    """The file was read, but it is not a 绩效自评报告 or 项目支出绩效自评表."""


class ParseTimeout(ReportError):
    """Parsing took longer than the configured time limit."""


class EncodingError(ReportError):
    """The text is neither UTF-8 nor GBK/GB18030."""


class ConfigError(AssistantError):
    """A setting is missing or invalid; the message names the setting and the fix."""


class LLMUnavailable(AssistantError):
    """The LLM endpoint failed (timeouts, 429/5xx, malformed replies) after bounded retries."""


class RetrievalError(AssistantError):
    """The knowledge base could not be read, written or searched."""


class AccessDenied(AssistantError):
    """The current user may not read or change this object."""


class OfficialFileUnusable(AssistantError):
    """An official file (approved 绩效目标 table, 决算 table) cannot be used for this report: unreadable, empty,
    no recognisable header, or another unit's. The report is still reviewed, without the official checks."""
