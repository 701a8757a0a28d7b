"""What a rule may look at besides the report: the profile, last year's report and the official record."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from assistant.official.model import OfficialRecord
from assistant.report.model import Report
from assistant.review.profile import Profile


@dataclass(frozen=True)
class ReviewContext:
    profile: Profile
    previous: Report | None = None
    official: OfficialRecord | None = None  # approved targets and 决算 figures (the ``official`` rules)

    def close(self, a: Decimal, b: Decimal, kind: str = "money") -> bool:
        tol = getattr(self.profile.tolerance, kind)
        return abs(a - b) <= tol
