"""Rubric score estimate for the 考核评分表 items that can be judged from the document itself.

Only the 自评报告 block (60 points in the national rubric) is judgeable from a report; 布置工作 and
实施评价 depend on process facts outside the document and are listed as not judged.
"""

from __future__ import annotations

from decimal import Decimal

from pydantic import BaseModel, ConfigDict, Field

from assistant.report.model import Report
from assistant.review.finding import Finding
from assistant.review.profile import Profile


class ScoreItem(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str = Field(description="Rubric item (二级指标).")
    max: Decimal = Field(description="Item maximum.")
    points: Decimal | None = Field(None, description="Estimated points; None when not judgeable.")
    stated: Decimal | None = Field(None, description="Score the unit gave itself in its 考核评分表, if any.")
    judged: bool = Field(True, description="Whether the document allows judging this item.")
    reason: str = Field("", description="Why these points.")


class ScoreEstimate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    total: Decimal = Field(description="Sum of estimated points over judged items.")
    max: Decimal = Field(description="Sum of maxima over judged items.")
    items: list[ScoreItem] = Field(default_factory=list, description="Per-item estimate.")


def estimate_score(report: Report, findings: list[Finding], profile: Profile) -> ScoreEstimate:
    """Placeholder until the rubric estimator lands: judges nothing."""
    return ScoreEstimate(total=Decimal("0"), max=Decimal("0"), items=[])
