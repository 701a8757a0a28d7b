"""The official record a report must agree with: the approved 绩效目标 table and the unit's 决算 figures.

Readers (:mod:`.targets`, :mod:`.final_accounts`) turn the official files into typed books; :mod:`.match`
picks the report's unit from a book and builds the :class:`OfficialRecord` the review rules compare with
(``review(report, settings, official=record)``). Reading only: the ``official`` rule family judges.
"""

from assistant.official.match import load_books, record_for
from assistant.official.model import (
    AccountsBook,
    ApprovedTarget,
    FinalAccounts,
    OfficialBooks,
    OfficialFigure,
    OfficialRecord,
    OfficialSkip,
    OfficialSource,
    OfficialStatus,
    TargetsBook,
    UnitTargets,
)

__all__ = [
    "AccountsBook", "ApprovedTarget", "FinalAccounts", "OfficialBooks", "OfficialFigure", "OfficialRecord",
    "OfficialSkip", "OfficialSource", "OfficialStatus", "TargetsBook", "UnitTargets", "load_books", "record_for",
]
