"""The one review entry: run the registered rules over a Report and estimate the rubric score.

``review(report, settings)`` resolves the rubric profile from the settings (``ASSISTANT_REVIEW__PROFILE``;
unset = the shipped national profile). The CLI, the app's pages, drafting and the evals all call it (or
``run_rules`` for the findings alone), so every caller judges with the same profile.
"""

from __future__ import annotations

from typing import Iterable

from pydantic import BaseModel, ConfigDict, Field, model_serializer

from assistant.errors import ConfigError
from assistant.official.model import OfficialRecord, OfficialStatus
from assistant.report.model import RULE_SCOPES, Report
from assistant.review.context import ReviewContext
from assistant.review.finding import SEVERITY_RANK, Finding, FindingLocation, merge_places
from assistant.review.profile import Profile, load_profile
from assistant.review.registry import all_rules
from assistant.review.rules._text import review_scope, rule_findings
from assistant.review.score import ScoreEstimate, estimate_score
from assistant.settings import Settings, get_settings


class ReviewResult(BaseModel):
    """The review JSON contract: {file, findings, score}."""

    model_config = ConfigDict(extra="forbid")

    file: str = Field(description="Reviewed file name.")
    kind: str = Field("report", description="report | project_table | project_report | combined.")
    findings: list[Finding] = Field(default_factory=list, description="Sorted findings.")
    score: ScoreEstimate = Field(description="Rubric score estimate.")
    official: OfficialStatus | None = Field(
        None,
        description="Only when official files were given: which were compared, which were skipped and why "
        "(the key is absent otherwise).",
    )

    @model_serializer(mode="wrap")
    def _drop_absent_official(self, handler):
        data = handler(self)
        if isinstance(data, dict) and data.get("official") is None:
            data.pop("official", None)
        return data

    def counts(self) -> dict[str, int]:
        out = {"error": 0, "warning": 0, "info": 0}
        for f in self.findings:
            out[f.severity] += 1
        return out

    def worst(self) -> str | None:
        if not self.findings:
            return None
        return max((f.severity for f in self.findings), key=SEVERITY_RANK.__getitem__)


def profile_for(settings: Settings | None = None) -> Profile:
    """The rubric profile the settings name (``review.profile``), else the shipped national default."""
    return load_profile(get_settings(settings).review.profile)


def run_rules(
    report: Report,
    settings: Settings | None = None,
    *,
    profile: Profile | None = None,
    previous: Report | None = None,
    select: Iterable[str] | None = None,
    official: OfficialRecord | None = None,
) -> list[Finding]:
    """Findings of the registered rules (``select``: only these ids). ``profile`` overrides the settings'."""
    ctx = ReviewContext(profile=profile or profile_for(settings), previous=previous, official=official)
    chosen = set(select) if select is not None else None
    severity = severities(ctx.profile)
    findings: list[Finding] = []
    seen: set[tuple] = set()
    with review_scope():  # the rules share one walk of the report's text
        for r in all_rules():
            if chosen is not None and r.id not in chosen:
                continue
            if not any(scope in r.applies_to for scope in RULE_SCOPES.get(report.kind, (report.kind,))):
                continue
            for f in rule_findings(r, report, ctx):
                if r.id in severity and f.severity == r.severity:  # the profile sets the rule's own severity
                    f = f.model_copy(update={"severity": severity[r.id]})
                key = (f.rule, f.location, f.message)
                if key not in seen:
                    seen.add(key)
                    findings.append(f)
    return sorted((with_provenance(f, report) for f in one_per_message(findings)), key=Finding.sort_key)


def severities(profile: Profile) -> dict[str, str]:
    """The profile's ``[severity]`` table, checked against the registered rules."""
    known = {r.id for r in all_rules()}
    unknown = sorted(set(profile.severity) - known)
    if unknown:
        raise ConfigError(f"评审配置 [severity] 中的规则不存在 / unknown rule ids in profile [severity]: {', '.join(unknown)}")
    return dict(profile.severity)


def one_per_message(findings: list[Finding]) -> list[Finding]:
    """The generic root-cause merge: findings of one rule with the very same message at several places say
    one thing, so they become one finding listing every place (rules merge what differs only in the
    quoted values themselves, see ``finding.merge_places``)."""
    groups: dict[tuple[str, str], list[Finding]] = {}
    for f in findings:
        groups.setdefault((f.rule, f.message), []).append(f)
    return [parts[0] if len(parts) == 1 else merge_places(parts) for parts in groups.values()]


OCR_NOTE = "OCR 识别，请核对原件"
# families whose findings rest on figures read from the document
_FIGURE_CATEGORIES = frozenset({"arithmetic", "consistency", "score", "budget"})


def with_provenance(f: Finding, report: Report) -> Finding:
    """The one place input provenance reaches a finding: the PDF page of its table; on an OCR'd report
    every finding says so, and a figure-based error becomes a warning (a misread digit is as likely as a
    wrong sum)."""
    update: dict = {}
    places = [_with_page(loc, report) for loc in f.locations]
    if places != f.locations:
        update["location"], update["locations"] = places[0], places
    if report.meta.ocr:
        update["evidence"] = f"{OCR_NOTE}；{f.evidence}" if f.evidence else OCR_NOTE
        if f.category in _FIGURE_CATEGORIES and f.severity == "error":
            update["severity"] = "warning"
            update["message"] = f"{f.message}（数字由 OCR 识别，可能有误读，请核对原件后再定）"
    return f.model_copy(update=update) if update else f


def _with_page(loc: FindingLocation, report: Report) -> FindingLocation:
    if loc.table is not None and loc.page is None and 0 <= loc.table < len(report.tables):
        page = report.tables[loc.table].page
        if page is not None:
            return loc.model_copy(update={"page": page})
    return loc


def review(
    report: Report,
    settings: Settings | None = None,
    *,
    profile: Profile | None = None,
    previous: Report | None = None,
    select: Iterable[str] | None = None,
    official: OfficialRecord | None = None,
) -> ReviewResult:
    """Findings and rubric estimate; the profile comes from ``settings`` (read from the environment when None).

    ``official``: the unit's approved targets and 决算 figures (:mod:`assistant.official`); the ``official``
    rules compare the report with them, and the result's ``official`` key says what was compared or skipped.
    """
    profile = profile or profile_for(settings)
    findings = run_rules(report, profile=profile, previous=previous, select=select, official=official)
    return ReviewResult(
        file=report.meta.file,
        kind=report.kind,
        findings=findings,
        score=estimate_score(report, findings, profile),
        official=official.status() if official is not None else None,
    )


def fails(result: ReviewResult, level: str) -> bool:
    """True when any finding is at or above ``level`` (error|warning|info)."""
    threshold = SEVERITY_RANK[level]
    return any(SEVERITY_RANK[f.severity] >= threshold for f in result.findings)
