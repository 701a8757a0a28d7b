"""Rubric profile: weights, thresholds and the phrases that mark boilerplate or "no problems"."""

from __future__ import annotations

import tomllib
from decimal import Decimal
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from assistant.errors import ConfigError

DEFAULT_PROFILE = Path(__file__).parent / "profiles" / "national.toml"


class Tolerance(BaseModel):
    model_config = ConfigDict(extra="forbid")
    money: Decimal = Field(Decimal("0.01"), description="万元 rounding tolerance.")
    rate: Decimal = Field(Decimal("0.01"), description="Percentage-point tolerance.")
    score: Decimal = Field(Decimal("0.01"), description="Score tolerance.")


class Thresholds(BaseModel):
    model_config = ConfigDict(extra="forbid")
    sangong_under_ratio: Decimal = Field(Decimal("0.5"), description="决算/预算 below this is a warning.")
    execution_rate_low: Decimal = Field(Decimal("90"), description="执行率 (%) below this needs explaining.")
    yoy_change_ratio: Decimal = Field(Decimal("0.3"), description="Relative YoY change needing explanation.")
    budget_adjust_ratio: Decimal = Field(
        Decimal("0.3"), description="Relative change 年初预算数 → 全年预算数 needing explanation."
    )
    min_section_chars: int = Field(30, description="Thin-section threshold (characters).")
    min_problems_chars: int = Field(40, description="Thin 七 threshold (characters).")
    min_chars_by_section: dict[str, int] = Field(
        default_factory=dict,
        description="Per-section thin threshold (characters without punctuation); overrides min_section_chars. "
        "Sections not listed (三/四/五/十, which may be 无) are flagged only when empty.",
    )
    max_indicators: int = Field(30, description="More indicator rows than this in one 自评表 is not 精简.")


class Phrases(BaseModel):
    model_config = ConfigDict(extra="forbid")
    no_problems: list[str] = Field(default_factory=list, description="七 claims of no problems.")
    funding_only: list[str] = Field(default_factory=list, description="'资金不足'-type problems.")
    funding_gap: list[str] = Field(
        default_factory=list,
        description="Further '资金缺口'-type wording: a 七 problem using it is about money only (not a problem marker).",
    )
    money_only_measures: list[str] = Field(default_factory=list, description="'加大资金投入'-type measures.")
    generic_measures: list[str] = Field(default_factory=list, description="Generic slogans in 八.")
    boilerplate: list[str] = Field(default_factory=list, description="Template / instruction markers.")
    template_markers: list[str] = Field(
        default_factory=list, description="Markers that are template text on their own, whatever surrounds them."
    )
    instruction_verbs: list[str] = Field(default_factory=list, description="Imperative verbs of instructions.")
    template_cell_markers: list[str] = Field(
        default_factory=list,
        description="Form-cell text that is the blank form's own instruction or placeholder (e.g. 字以内, ≥**) (BOI003).",
    )
    not_a_value: list[str] = Field(default_factory=list, description="实际完成值 words that are not values.")
    money_words: list[str] = Field(
        default_factory=list, description="Words naming a money amount: a 数量指标 made of them is funding, not output (IND009)."
    )
    satisfaction_basis: list[str] = Field(default_factory=list, description="Words showing a survey basis.")
    six_dimensions: list[str] = Field(default_factory=list, description="六's required dimensions.")
    dimension_synonyms: dict[str, list[str]] = Field(
        default_factory=dict, description="Words that show 六 covers a dimension (dimension → words)."
    )
    generic_value_words: list[str] = Field(
        default_factory=list, description="Completion/grade words that carry no measured value (实际完成值)."
    )
    problem_words: list[str] = Field(default_factory=list, description="Words that state a concrete problem (七).")
    cause_words: list[str] = Field(default_factory=list, description="Words that introduce a cause analysis (七).")
    explanation_words: list[str] = Field(
        default_factory=list, description="Words that explain a change or deviation when near the item (BUD003/BUD004/CON101)."
    )
    adjustment_reason_words: list[str] = Field(
        default_factory=list, description="Words in the text that show a budget adjustment is explained (BUD003)."
    )
    adjustment_note_words: list[str] = Field(
        default_factory=list, description="Words in the 偏差原因 column that explain a budget adjustment (BUD003)."
    )
    execution_headings: list[str] = Field(
        default_factory=list, description="Sub-headings of a 资金执行情况 paragraph that must state amounts (CMP010)."
    )
    execution_reason_words: list[str] = Field(
        default_factory=list, description="Words that show a low 执行率 is explained, in the text or the 偏差原因 column."
    )
    policy_basis: list[str] = Field(default_factory=list, description="Words showing a policy basis (八).")
    textbook: list[str] = Field(default_factory=list, description="Textbook/generic passages not about the unit.")
    big_claims: list[str] = Field(default_factory=list, description="Sweeping claims needing a figure basis.")


class Profile(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: str = Field("national", description="Profile name.")
    description: str = Field("", description="What the profile is for.")
    tolerance: Tolerance = Field(default_factory=Tolerance, description="Rounding tolerances.")
    weights: dict[str, Decimal] = Field(default_factory=dict, description="Indicator block weights.")
    thresholds: Thresholds = Field(default_factory=Thresholds, description="Thresholds.")
    phrases: Phrases = Field(default_factory=Phrases, description="Phrase lists.")
    severity: dict[str, Literal["error", "warning", "info"]] = Field(
        default_factory=dict,
        description="Rule id → the severity its findings get where the rule does not choose one itself: rules whose "
        "weight is a local policy choice (a published mobile number, 三公 spending far under budget).",
    )


_CACHE: dict[tuple[Path, int, int], Profile] = {}


def load_profile(path: str | Path | None = None) -> Profile:
    """Load a profile TOML (None = the shipped national profile); cached until the file changes."""
    p = Path(path) if path else DEFAULT_PROFILE
    p = p.resolve()
    try:
        st = p.stat()
    except OSError:
        raise ConfigError(f"评审配置文件不存在 / profile not found: {p}") from None
    key = (p, st.st_mtime_ns, st.st_size)
    if key in _CACHE:
        return _CACHE[key]
    try:
        data = tomllib.loads(p.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"评审配置文件不存在 / profile not found: {p}") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"评审配置文件格式错误 / invalid profile TOML {p.name}: {exc}") from None
    try:
        prof = Profile.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        raise ConfigError(
            f"评审配置无效 / invalid profile {p.name}: {'.'.join(map(str, first['loc']))}: {first['msg']}"
        ) from None
    _CACHE[key] = prof
    return prof
