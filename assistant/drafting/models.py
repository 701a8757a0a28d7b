"""Pydantic models of drafting: suggestions, citations, numbers used, problems."""

from __future__ import annotations

from decimal import Decimal
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from assistant.report.model import SectionLabel

PLACEHOLDER_TEMPLATE = "【待补充：{what}】"
PLACEHOLDER_PATTERN = r"【待补充：[^】]*】"


def placeholder(what: str) -> str:
    """The one form of a gap the user must fill (the review rule CMP005 looks for it)."""
    return PLACEHOLDER_TEMPLATE.format(what=what)


class Citation(BaseModel):
    """A retrieved passage the suggestion rests on."""

    model_config = ConfigDict(extra="forbid")

    id: str = Field(description="Chunk id, K-<12 hex>.")
    title: str = Field(description="Document title.")
    wenhao: str = Field("", description="文号, if any.")
    heading: str = Field("", description="Heading path inside the document.")
    citation: str = Field("", description="Formatted citation string.")
    text: str = Field("", description="The passage text (numbers in it may be quoted).")


class NumberUse(BaseModel):
    """A number that appears in the suggestion and where it comes from."""

    model_config = ConfigDict(extra="forbid")

    value: Decimal = Field(description="Numeric value.")
    written: str = Field(description="As written in the text, e.g. '93.93%'.")
    source: str = Field(description="'data:<path>', 'cite:<id>', 'computed:<formula>' or 'unverified'.")


class DraftSuggestion(BaseModel):
    """One drafted section, ready to be shown, edited and accepted."""

    model_config = ConfigDict(extra="forbid")

    section: SectionLabel = Field(description="一…十.")
    text: str = Field(description="Section body (paragraphs separated by newlines), without the heading.")
    citations: list[Citation] = Field(default_factory=list, description="Passages cited in the text.")
    numbers_used: list[NumberUse] = Field(default_factory=list, description="Every number in the text and its source.")
    warnings: list[str] = Field(default_factory=list, description="Unverified numbers, review findings, LLM issues.")
    placeholders: list[str] = Field(default_factory=list, description="【待补充：…】 gaps the user must fill.")
    mode: str = Field("offline", description="'offline' or the model name.")
    revised_from: str | None = Field(None, description="The previous text this one revises, if any.")
    request: str | None = Field(None, description="The follow-up request that produced this revision.")
    reasks: int = Field(0, description="How many times the LLM was sent back (guard or review).")


class Problem(BaseModel):
    """A problem found in the data, for section 七, with its measure for section 八."""

    model_config = ConfigDict(extra="forbid")

    key: str = Field(description="Stable key, e.g. 'under_execution'.")
    title: str = Field(description="Short title (Chinese).")
    evidence: str = Field(description="What the data shows, quoting the figures.")
    cause: str = Field(description="Why it happened (analysis).")
    measure: str = Field(description="A concrete measure (Chinese).")
    policy: str = Field(description="文号 of the policy the measure rests on.")
    policy_query: str = Field("", description="Query used to retrieve the policy passage.")
    severity: Literal["high", "medium", "low"] = Field("medium", description="Ordering weight.")
