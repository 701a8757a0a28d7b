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


class IndicatorCategory(BaseModel):
    """What one 二级指标 category (成本/时效/数量/质量 …) must hold, for IND010."""

    model_config = ConfigDict(extra="forbid")
    name: str = Field(description="Category name as messages say it, e.g. 成本指标.")
    match: list[str] = Field(description="A row belongs to the category when its 二级指标 contains one of these.")
    content_words: list[str] = Field(
        default_factory=list,
        description="Words in the 三级指标 or 年度指标值 showing the row does measure the category (then it is never flagged).",
    )
    wrong: list[Literal["money", "count", "rate", "date", "milestone"]] = Field(
        default_factory=list, description="Kinds of 年度指标值 that do not belong in this category."
    )
    expect: str = Field("", description="What the category should hold (Chinese, for the message).")


class NameMeasure(BaseModel):
    """What an indicator name promises to measure (a rate, a time …) and the 年度指标值 kinds that break it (IND014)."""

    model_config = ConfigDict(extra="forbid")
    name: str = Field(description="What the name measures, as messages say it (比率, 时间 …).")
    words: list[str] = Field(description="A 三级指标 containing one of these measures this.")
    except_words: list[str] = Field(
        default_factory=list, description="Names containing these do not measure this (效率 is not a 比率)."
    )
    wrong: list[Literal["money", "count", "rate", "date", "milestone"]] = Field(
        description="年度指标值 kinds that measure something else."
    )


class IndicatorMeaning(BaseModel):
    """Word lists and thresholds of the indicator meaning checks (IND010–IND029)."""

    model_config = ConfigDict(extra="forbid")
    count_units: list[str] = Field(
        default_factory=list, description="Measure words after a number that make a 年度指标值 a count (个, 处, 场 …)."
    )
    milestone_words: list[str] = Field(
        default_factory=list, description="Verbs that make a number-free 年度指标值 a yes/no milestone (建立, 建成, 上线 …)."
    )
    categories: list[IndicatorCategory] = Field(default_factory=list, description="Category rules (IND010).")
    name_measures: list[NameMeasure] = Field(
        default_factory=list, description="What indicator names promise to measure, first match wins (IND014)."
    )
    hedge_words: list[str] = Field(
        default_factory=list, description="Words that make a 年度指标值 a hope or a forecast (争取, 预计, 力争 …) (IND011)."
    )
    hedge_exceptions: list[str] = Field(
        default_factory=list,
        description="Phrases where a hedge word means something else (争取上级资金 = obtaining funds) (IND011).",
    )
    min_name_chars: int = Field(
        2, description="Shorter 三级指标 names (without punctuation) are not compared for repeats (IND012)."
    )
    duty_skip_words: list[str] = Field(
        default_factory=list,
        description="A 职能 item containing one of these is not core work of its own (交办的其他工作, 配合 …) (IND013).",
    )
    duty_generic_words: list[str] = Field(
        default_factory=list,
        description="Words of a 职能 item that name no particular work (负责, 管理, 全市 …); ignored when matching (IND013).",
    )
    duty_function_chars: str = Field(
        "", description="Characters that make a two-character piece of a 职能 item a non-word (的, 和, 及 …) (IND013)."
    )
    duty_min_terms: int = Field(
        3, description="A 职能 item with fewer distinctive two-character pieces than this is too vague to check (IND013)."
    )
    duty_min_indicators: int = Field(
        3, description="The 自评表 needs at least this many real indicators before duties are checked (IND013)."
    )


class SelfScore(BaseModel):
    """How the unit's own 考核评分表 is compared with the findings (SCO010–SCO019)."""

    model_config = ConfigDict(extra="forbid")
    item_keywords: dict[str, list[str]] = Field(
        default_factory=dict,
        description="Rubric item key (completeness, self_eval_table, problems, measures) → words of the unit's "
        "二级指标 naming it.",
    )
    item_categories: dict[str, list[str]] = Field(
        default_factory=dict,
        description="Rubric item key → finding categories whose error-level findings contradict full marks on it "
        "(findings that score the item 0 always do) (SCO010).",
    )
    max_quotes: int = Field(2, description="How many contradicting findings a message quotes (SCO010).")


class AttachmentKind(BaseModel):
    """One kind of attachment a report lists (基础数据表, 自评表 …), known by words of its title (CMP020)."""

    model_config = ConfigDict(extra="forbid")
    name: str = Field(description="Kind name as messages say it.")
    words: list[str] = Field(description="A title containing one of these is of this kind (first kind listed wins).")


class Attachments(BaseModel):
    """The body's attachment list vs the attachments present (CMP020–CMP029)."""

    model_config = ConfigDict(extra="forbid")
    kinds: list[AttachmentKind] = Field(default_factory=list, description="Attachment kinds, most specific first.")


class OfficialTolerance(BaseModel):
    """How closely a report must agree with the official record (approved targets, 决算)."""

    model_config = ConfigDict(extra="forbid")
    money: Decimal = Field(Decimal("0.01"), description="万元 difference allowed against a 决算 figure.")
    staff: int = Field(0, description="Head-count difference allowed against the 决算 人员 figures.")
    target_ratio: Decimal = Field(
        Decimal("0"), description="Relative difference allowed between a 年度指标值 and its approved value (0 = exact)."
    )
    indicator_match: Decimal = Field(
        Decimal("0.6"), description="Least name similarity (0–1, difflib) for a report indicator to match an approved one."
    )


class Profile(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: str = Field("national", description="Profile name.")
    description: str = Field("", description="What the profile is for.")
    tolerance: Tolerance = Field(default_factory=Tolerance, description="Rounding tolerances.")
    weights: dict[str, Decimal] = Field(default_factory=dict, description="Indicator block weights.")
    thresholds: Thresholds = Field(default_factory=Thresholds, description="Thresholds.")
    phrases: Phrases = Field(default_factory=Phrases, description="Phrase lists.")
    indicator_meaning: IndicatorMeaning = Field(
        default_factory=IndicatorMeaning, description="Indicator meaning checks (IND010–IND029)."
    )
    self_score: SelfScore = Field(default_factory=SelfScore, description="The unit's own score sheet (SCO010–SCO019).")
    attachments: Attachments = Field(
        default_factory=Attachments, description="The body's attachment list vs the attachments (CMP020–CMP029)."
    )
    official: OfficialTolerance = Field(
        default_factory=OfficialTolerance, description="Tolerances of the checks against the official record."
    )
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
