"""What a rule may look at besides the report: the profile and last year's report."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from assistant.report.model import Report
from assistant.review.profile import Profile


@dataclass(frozen=True)
class ReviewContext:
    profile: Profile
    previous: Report | None = None

    def close(self, a: Decimal, b: Decimal, kind: str = "money") -> bool:
        tol = getattr(self.profile.tolerance, kind)
        return abs(a - b) <= tol
