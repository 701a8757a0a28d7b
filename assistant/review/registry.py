"""Rule registry: each rule is a pure function registered by a decorator.

A rule is ``fn(report, ctx) -> Iterable[Finding]``. It declares the rubric items its findings cost
(``costs=``, see :mod:`assistant.review.rubric`); the score estimate reads nothing else. Its docstring has the sections
``## 检查内容`` / ``## 为什么重要`` / ``## 示例``. Ids are ``^[A-Z]{3}\\d{3}$`` with the category's prefix,
never reused; a malformed or duplicate id fails at import.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable, Iterable

from assistant.review.finding import CATEGORY_PREFIX, Finding, FindingLocation
from assistant.review.rubric import Cost

RULE_ID = re.compile(r"^[A-Z]{3}\d{3}$")
REQUIRED_DOC_SECTIONS = ("## 检查内容", "## 为什么重要", "## 示例")


@dataclass(frozen=True)
class Rule:
    id: str
    category: str
    severity: str
    title: str
    reference: str
    func: Callable
    applies_to: tuple[str, ...] = ("report", "project_table")
    doc: str = ""
    costs: tuple[Cost, ...] = ()

    def make(
        self,
        location: FindingLocation,
        message: str,
        *,
        evidence: str = "",
        suggestion: str = "",
        severity: str | None = None,
        reference: str | None = None,
    ) -> Finding:
        return Finding(
            rule=self.id,
            category=self.category,  # type: ignore[arg-type]
            severity=(severity or self.severity),  # type: ignore[arg-type]
            location=location,
            message=message,
            evidence=evidence,
            suggestion=suggestion,
            reference=reference if reference is not None else self.reference,
        )


REGISTRY: dict[str, Rule] = {}


class RegistryError(Exception):
    """A rule was registered with a bad or duplicate id (a programming error)."""


def rule(
    id: str,
    category: str,
    severity: str,
    title: str,
    reference: str = "",
    applies_to: Iterable[str] = ("report", "project_table"),
    costs: Cost | Iterable[Cost] = (),
):
    """Register a rule function; ``costs``: what its findings take off which rubric items."""

    def deco(func: Callable) -> Callable:
        if not RULE_ID.match(id):
            raise RegistryError(f"bad rule id {id!r}")
        if category not in CATEGORY_PREFIX or not id.startswith(CATEGORY_PREFIX[category]):
            raise RegistryError(f"rule id {id} does not match category {category}")
        if id in REGISTRY:
            raise RegistryError(f"duplicate rule id {id}")
        if severity not in ("error", "warning", "info"):
            raise RegistryError(f"bad severity {severity} for {id}")
        doc = (func.__doc__ or "").strip()
        declared = (costs,) if isinstance(costs, Cost) else tuple(costs)
        if not all(isinstance(c, Cost) for c in declared):
            raise RegistryError(f"{id}: costs must be rubric.Cost values")
        r = Rule(id, category, severity, title, reference, func, tuple(applies_to), doc, declared)
        REGISTRY[id] = r
        func.rule = r  # type: ignore[attr-defined]
        return func

    return deco


def all_rules() -> list[Rule]:
    from assistant.review import rules  # noqa: F401  (imports every rule module)

    return [REGISTRY[k] for k in sorted(REGISTRY)]
