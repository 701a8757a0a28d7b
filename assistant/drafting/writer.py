"""The drafting seam: one :class:`SectionWriter` interface, two real implementations.

- :class:`assistant.drafting.offline.OfflineDrafter` — deterministic writers over the user's figures,
  the rules and retrieved passages (no network);
- :class:`assistant.drafting.llm.LLMWriter` — the configured chat model through the one LLM port.

The drafter (``assistant.drafting.drafter``) and the per-section conversation
(``assistant.drafting.session``) call only this interface; every offline/online difference lives
inside the two implementations. A writer returns a :class:`Drafted` (text, citations, warnings); the
drafter then runs the faithfulness guard and the review self-check the same way for both.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, ClassVar, Iterator

from assistant.drafting.models import Citation, DraftSuggestion

if TYPE_CHECKING:  # annotation only: the run is built by the drafter, which imports the writers
    from assistant.drafting.drafter import DraftRun
    from assistant.review.finding import Finding


@dataclass
class Drafted:
    """A writer's text before the common checks: what it wrote, what it cites, what it wants said."""

    text: str
    citations: list[Citation] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    reasks: int = 0


class SectionWriter(ABC):
    """One way to write and revise a section 一…十 of a report.

    Class attributes: ``name``; ``is_offline`` (no network: the UI says which mode is on);
    ``reviews_whole_draft`` (when drafting the whole report, review every section in one pass at the
    end instead of after each section — cheap for deterministic text, wasteful for a model that can
    be re-asked per section).
    """

    name: ClassVar[str] = "writer"
    is_offline: ClassVar[bool] = False
    reviews_whole_draft: ClassVar[bool] = False

    @property
    def model(self) -> str:
        """What produced the text, as recorded in ``DraftSuggestion.mode``."""
        return self.name

    @abstractmethod
    def draft(self, run: DraftRun, label: str, *, check: bool = True) -> Drafted:
        """Write section ``label``. ``check=False``: the caller reviews the whole draft later."""

    def stream(self, run: DraftRun, label: str) -> Iterator[str | Drafted]:
        """Text chunks as they are written, then the :class:`Drafted` as the last item.

        The default writes the whole section and yields it line by line.
        """
        d = self.draft(run, label)
        yield from d.text.splitlines(keepends=True)
        yield d

    @abstractmethod
    def revise(self, run: DraftRun, label: str, current: DraftSuggestion, request: str) -> Drafted:
        """Rewrite ``current`` following the user's ``request`` (keep the text when it cannot)."""

    def repair(self, run: DraftRun, label: str, text: str, errors: list[Finding]) -> str:
        """Fix what the whole-draft review found in ``text`` (writers that review per section keep it)."""
        return text
