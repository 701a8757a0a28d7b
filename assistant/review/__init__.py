"""Deterministic review: rules over a Report, findings, rubric score estimate.

Imports nothing from retrieval, LLM or UI code.
"""

from assistant.review.engine import ReviewResult, fails, profile_for, review, run_rules
from assistant.review.finding import Finding, FindingLocation

__all__ = ["review", "run_rules", "profile_for", "fails", "ReviewResult", "Finding", "FindingLocation"]
